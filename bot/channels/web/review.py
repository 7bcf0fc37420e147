"""The volunteers' review page under /console/review: the same accounts, login and sessions as the
operator console; an account needs the volunteer role (`callcheck role grant op:LOGIN volunteer`).

What a volunteer sees and does here is what `callcheck review` and the bot's /queue do, through the
same `Review` desk, so every decision is authorised, needs a reason and is audited: the queue
(suggestions, official-channel changes with their sources, reported numbers), the impact preview
of a change before it goes live, approve / reject / edit / revert, the history of each change,
and a search of indicators by their names in Chinese and English. The web identity is
`op:<login>`, so the two-person rule compares the two authenticated logins.

Plain HTML forms (POST, with the session's CSRF token) do the decisions; the page's script only
fetches the impact preview and the indicator search as fragments (X-CSRF-Token header).
"""

# No `from __future__ import annotations` here: FastAPI must resolve the route-local session aliases.

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from knowledge.sources import HIGH_RULE

from ...services.roles import NotAllowed
from ...store.operators import Session
from .console import COOKIE, LoginRequired, session_dependencies, templates

_DECIDING = threading.Lock()  # one review decision at a time (each may reload the knowledge)

ITEM = r"^(s|a)\d{1,12}$|^\+?[0-9][0-9 -]{2,24}$"
ACTIONS = ("approve", "reject", "edit", "revert")


def build_router(web) -> APIRouter:
    router = APIRouter(prefix="/console/review", include_in_schema=False)
    assert COOKIE  # the console's session cookie (path /console) is the one used here

    def current(token: str | None) -> Session | None:
        session = web.operators.session(token)
        if session is None or not web.app.roles.can(f"op:{session.login}", "review.queue"):
            return None
        return session

    page_session, fragment_session, form_session = session_dependencies(current, web.operators.session, "volunteer")
    PageSession = Annotated[Session, Depends(page_session)]
    FragmentSession = Annotated[Session, Depends(fragment_session)]
    FormSession = Annotated[Session, Depends(form_session)]

    def who(session: Session) -> str:
        return f"op:{session.login}"

    def names() -> dict[str, str]:
        """Salted keys -> who they are, so the page says who proposed and decided: console accounts by
        their login, the configured admins as "cli:root (admin)" (trial 5, 3.9)."""
        out = web.app.roles.admin_names()
        out.update({web.app.roles.key(f"op:{o['login']}"): o["login"] for o in web.operators.all()})
        return out

    def page(
        request: Request, session: Session, message: str = "", error: str = "", impact=None, status=200, form=None
    ):
        review = web.app.review
        view = review.queue(who(session), limit=50)
        live = review.table.additions("approved")
        recent = review.table.additions(("reverted", "rejected"))[-10:]
        return templates.TemplateResponse(
            request,
            "review.html",
            {
                "session": session,
                "view": view,
                "live": list(reversed(live)),
                "recent": list(reversed(recent)),
                "names": names(),
                "me": web.app.roles.key(who(session)),
                "message": message,
                "error": error,
                "impact": impact,
                "form": form or {},  # what was typed, kept when a decision is refused
                "confidence_rule": HIGH_RULE,  # what a source must be for "high" (knowledge/sources.py)
            },
            status_code=status,
        )

    @router.get("", response_class=HTMLResponse)
    async def review_page(request: Request, session: PageSession) -> Response:
        from ...services.impact import warm_corpus

        warm_corpus(web.app.review.impact.corpus)  # the preview's sets, read while the volunteer reads the queue
        return page(request, session)

    @router.post("/decide", response_class=HTMLResponse)
    async def decide(
        request: Request,
        session: FormSession,
        item: Annotated[str, Form(max_length=40, pattern=ITEM)],
        action: Annotated[str, Form(max_length=10)],
        reason: Annotated[str, Form(max_length=500)] = "",
        target: Annotated[str, Form(max_length=120)] = "",
        text: Annotated[str, Form(max_length=1000)] = "",
        as_kind: Annotated[str, Form(max_length=12)] = "",
    ) -> Response:
        from ...services.review import ReviewError

        review = web.app.review
        item = item.strip()
        if action not in ("approve", "reject", "edit", "revert"):
            return page(request, session, error=f"unknown action {action!r}", status=400)

        def act() -> str:
            # Seconds of work (impact preview, gate, knowledge reload): off the event loop, one at a time.
            with _DECIDING:
                if action == "approve":
                    return review.approve(
                        who(session),
                        item,
                        reason,
                        as_kind=as_kind or None,
                        target=target.strip() or None,
                        text=text.strip() or None,
                    )
                if action == "reject":
                    return review.reject(who(session), item, reason)
                if action == "edit":
                    return review.edit(who(session), item, text, reason)
                return review.revert(who(session), item, reason)

        try:
            msg = await run_in_threadpool(act)
        except ReviewError as exc:
            first = str(exc).split("\n", 1)[0]
            typed = {"item": item, "target": target, "text": text, "reason": reason}
            return page(request, session, error=first, impact=exc.impact, status=400, form=typed)
        except NotAllowed as exc:
            return page(request, session, error=str(exc), status=403)
        return page(request, session, message=msg)

    @router.post("/preview", response_class=HTMLResponse)
    async def preview(
        request: Request,
        session: FragmentSession,
        item: Annotated[str, Form(max_length=40)] = "",
        target: Annotated[str, Form(max_length=120)] = "",
        text: Annotated[str, Form(max_length=1000)] = "",
        as_kind: Annotated[str, Form(max_length=12)] = "",
    ) -> Response:
        from ...services.review import ReviewError

        def measure():
            # The preview analyses the development sets again (seconds): off the event loop.
            if item.strip():
                return web.app.review.preview(
                    who(session),
                    item.strip(),
                    as_kind=as_kind or None,
                    target=target.strip() or None,
                    text=text.strip() or None,
                )
            return web.app.review.preview_change(who(session), "phrase", target.strip(), {"phrase": text})

        try:
            impact = await run_in_threadpool(measure)
        except ReviewError as exc:
            return templates.TemplateResponse(request, "_impact.html", {"impact": None, "error": str(exc)})
        return templates.TemplateResponse(request, "_impact.html", {"impact": impact, "error": ""})

    @router.get("/indicators", response_class=HTMLResponse)
    async def indicators(request: Request, session: PageSession, q: str = "") -> Response:
        found = search_indicators(web.app.kb, q)[:30] if q.strip() else []
        return templates.TemplateResponse(request, "_indicators.html", {"found": found, "q": q[:60]})

    @router.get("/history/{item}", response_class=HTMLResponse)
    async def history(request: Request, session: PageSession, item: str) -> Response:
        try:
            rows = web.app.review.history(who(session), item[:20])
        except NotAllowed:
            raise LoginRequired from None
        return templates.TemplateResponse(
            request, "review_history.html", {"session": session, "item": item[:20], "rows": rows, "names": names()}
        )

    return router


def search_indicators(kb, query: str) -> list[dict]:
    """Indicators whose id, explanation, stage or script name (zh or en) contains every word of the query."""
    words = [w.lower() for w in query.split() if w]
    out = []
    for _owner, script, ind in _all(kb):
        stage = next((s for s in script.stages if s.id == ind.stage), None) if script else None
        fields = [
            ind.id,
            ind.explain.zh,
            ind.explain.en,
            script.names.zh if script else "红旗",
            script.names.en if script else "red flag",
            stage.name.zh if stage else "",
            stage.name.en if stage else "",
        ]
        hay = " ".join(f for f in fields if f).lower()
        if all(w in hay for w in words):
            out.append(
                {
                    "id": ind.id,
                    "zh": ind.explain.zh,
                    "en": ind.explain.en,
                    "script": (script.names.zh + " / " + script.names.en) if script else "red flag 红旗",
                    "phrases": len(ind.phrases),
                }
            )
    return out


def _all(kb):
    for script in kb.scripts.values():
        for ind in script.indicators:
            yield script.id, script, ind
    for ind in kb.red_flags:
        yield "red_flag", None, ind
