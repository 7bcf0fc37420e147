"""The operator console under /console: server-rendered pages and fragments, a little JavaScript.

Login with an account made by `callcheck operator add` (scrypt-hashed password); the session is a
random token in an HttpOnly, SameSite=Strict cookie (Secure unless CALLCHECK_COOKIE_SECURE=0),
and every POST carries the session's CSRF token (a form field, or the X-CSRF-Token header from
the script). The call sheet re-analyses the account as the operator types and shows the script,
the stage reached, the evidence in the caller's words, the next questions and the advice, all in
the caller's language. Numbers are looked up and reported through the same number service as
the bot (the operator counts as one reporter); cases are stored redacted, and only the operator
who wrote one can reopen or delete it.

Who may ask is settled by three dependencies, not inside the routes: `PageSession` (a live session
with the console role, else a redirect to the login page), `FragmentSession` (that, and the
X-CSRF-Token header the page's script sends, else 403) and `FormSession` (the same with the `csrf`
form field of a plain form).
"""

# No `from __future__ import annotations` here: FastAPI must resolve the route-local session aliases.

import hmac
import logging
import secrets
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, FastAPI, Form, Header, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from nlu.phones import NumberParseError

from ...services.hotline import call_sheet, case_summary, find_organisation, paid_checklist, redact_case
from ...services.roles import NotAllowed
from ...store import RateLimited, StoreError
from ...store.operators import Session, check_password

log = logging.getLogger("callcheck.web.console")
COOKIE = "cc_session"
PRELOGIN = "cc_prelogin"
MAX_ACCOUNT = 20_000
HERE = FilePath(__file__).resolve().parent
CaseId = Annotated[int, Path(ge=1, le=2**53)]
templates = Jinja2Templates(directory=str(HERE / "templates"))

UI = {
    "zh": {
        "lang_name": "中文",
        "not_found": "没有这个案例（或不是你的）。",
    },
    "en": {
        "lang_name": "English",
        "not_found": "No such case (or it is not yours).",
    },
}


class LoginRequired(Exception):
    """A page was asked for without a live console session: the browser is sent to log in."""


class Refused(Exception):
    """A fragment or form came without a live session or without its CSRF token."""


def mount_static(web) -> None:
    web.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")


def add_exception_handlers(web: FastAPI) -> None:
    """Turn the session dependencies' refusals into the console's answers."""

    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/console/login", status_code=303)

    async def refused(request: Request, exc: Refused) -> Response:
        return JSONResponse({"error": "log in again (session expired or form outdated)"}, status_code=403)

    web.add_exception_handler(LoginRequired, login_required)
    web.add_exception_handler(Refused, refused)


def build_router(web) -> APIRouter:
    router = APIRouter(prefix="/console", include_in_schema=False)
    secure = web.config.cookie_secure

    def current(token: str | None) -> Session | None:
        session = web.operators.session(token)
        if session is None or not web.app.roles.can(f"op:{session.login}", "console.use"):
            return None
        return session

    def csrf_ok(session: Session, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(session.csrf.encode(), str(given).encode())

    def to_login() -> RedirectResponse:
        return RedirectResponse("/console/login", status_code=303)

    async def page_session(cc_session: Annotated[str | None, Cookie()] = None) -> Session:
        """A live session with the console role, else off to the login page."""
        session = current(cc_session)
        if session is None:
            raise LoginRequired
        return session

    async def fragment_session(
        cc_session: Annotated[str | None, Cookie()] = None,
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> Session:
        """A live session and its CSRF token in the X-CSRF-Token header (the page's script sends it)."""
        session = current(cc_session)
        if session is None or not csrf_ok(session, x_csrf_token):
            raise Refused
        return session

    async def form_session(
        cc_session: Annotated[str | None, Cookie()] = None,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Session:
        """A live session and its CSRF token in the `csrf` field of a plain form."""
        session = current(cc_session)
        if session is None or not csrf_ok(session, csrf):
            raise Refused
        return session

    PageSession = Annotated[Session, Depends(page_session)]
    FragmentSession = Annotated[Session, Depends(fragment_session)]
    FormSession = Annotated[Session, Depends(form_session)]

    def lang_of(value: str | None) -> str | None:
        return value if value in ("zh", "en") else None

    # -- login -------------------------------------------------------------------------------
    @router.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, error: str | None = None) -> Response:
        token = secrets.token_urlsafe(24)
        response = templates.TemplateResponse(request, "login.html", {"prelogin": token, "error": error})
        response.set_cookie(PRELOGIN, token, httponly=True, secure=secure, samesite="strict", path="/console")
        return response

    @router.post("/login")
    async def login(
        request: Request,
        login: Annotated[str, Form(max_length=60)] = "",
        password: Annotated[str, Form(max_length=200)] = "",
        prelogin: Annotated[str, Form(max_length=100)] = "",
        cc_prelogin: Annotated[str | None, Cookie()] = None,
    ) -> Response:
        if not cc_prelogin or not hmac.compare_digest(cc_prelogin.encode(), prelogin.encode()):
            return await login_page(request, "form_expired")
        who = (request.client.host if request.client else "?") + "|" + login.strip().lower()
        wait = web.limiter.take(f"login:{who}", web.config.login_attempts)
        if wait:
            response = await login_page(request, "too_many")
            response.status_code = 429
            response.headers["Retry-After"] = str(wait)
            return response
        from anyio import to_thread

        name, stored = web.operators.stored_hash(login)  # the database stays on the loop's thread
        if not await to_thread.run_sync(check_password, password, stored):  # scrypt (~50 ms) off the loop
            return await login_page(request, "wrong")
        # Operators land on the call sheet; volunteers on the same accounts, on the review page.
        home = "/console"
        try:
            web.app.roles.authorize(f"op:{name}", "console.use")
        except NotAllowed:
            if not web.app.roles.can(f"op:{name}", "review.queue"):
                return await login_page(request, "no_role")
            home = "/console/review"
        token, _ = web.operators.start_session(name)
        response = RedirectResponse(home, status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, secure=secure, samesite="strict", path="/console")
        response.delete_cookie(PRELOGIN, path="/console")
        return response

    @router.post("/logout")
    async def logout(
        csrf: Annotated[str, Form(max_length=100)] = "", cc_session: Annotated[str | None, Cookie()] = None
    ) -> Response:
        session = current(cc_session)
        if session is not None and not csrf_ok(session, csrf):
            return RedirectResponse("/console", status_code=303)  # a forged logout changes nothing
        web.operators.end_session(cc_session)
        response = to_login()
        response.delete_cookie(COOKIE, path="/console")
        return response

    # -- the call sheet ----------------------------------------------------------------------
    async def sheet_page(request: Request, session: Session, case: dict | None) -> Response:
        recent = web.cases.recent(web.app.roles.key(f"op:{session.login}"), 10)
        return templates.TemplateResponse(
            request,
            "console.html",
            {"session": session, "case": case, "recent": recent, "scripts": web.app.kb.scripts},
        )

    @router.get("", response_class=HTMLResponse)
    async def console(request: Request, session: PageSession) -> Response:
        return await sheet_page(request, session, None)

    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    async def reopen(request: Request, case_id: CaseId, session: PageSession) -> Response:
        case = web.cases.get(web.app.roles.key(f"op:{session.login}"), case_id)
        if case is None:
            return HTMLResponse(UI["en"]["not_found"] + " / " + UI["zh"]["not_found"], status_code=404)
        return await sheet_page(request, session, case)

    def analyse(text: str, lang: str | None) -> tuple[dict, object]:
        analysis = web.app.analyzer.analyze(text[:MAX_ACCOUNT])
        return call_sheet(analysis, web.app.kb, lang), analysis

    @router.post("/analyze", response_class=HTMLResponse, dependencies=[Depends(fragment_session)])
    async def analyze(
        request: Request,
        text: Annotated[str, Form(max_length=MAX_ACCOUNT)] = "",
        lang: Annotated[str, Form(max_length=5)] = "",
    ) -> Response:
        if not text.strip():
            return templates.TemplateResponse(request, "_empty.html", {"lang": lang_of(lang) or "zh"})
        sheet, _ = analyse(text, lang_of(lang))
        return templates.TemplateResponse(request, "_sheet.html", {"s": sheet, "text": text[:MAX_ACCOUNT]})

    @router.post("/checklist", response_class=HTMLResponse, dependencies=[Depends(fragment_session)])
    async def checklist(
        request: Request,
        given: Annotated[list[str] | None, Form()] = None,
        lang: Annotated[str, Form(max_length=5)] = "",
    ) -> Response:
        lang = lang_of(lang) or "zh"
        cl = paid_checklist(web.app.kb, given or ["money"], lang)
        return templates.TemplateResponse(request, "_checklist.html", {"cl": cl, "lang": lang})

    @router.post("/lookup", response_class=HTMLResponse, dependencies=[Depends(fragment_session)])
    async def lookup(
        request: Request,
        number: Annotated[str, Form(max_length=40)] = "",
        org: Annotated[str, Form(max_length=60)] = "",
        lang: Annotated[str, Form(max_length=5)] = "",
    ) -> Response:
        lang = lang_of(lang) or "zh"
        found = find_organisation(web.app.kb, org) if org else None
        try:
            data = web.app.numbers.check(number, found.id if found else None, lang)
            error = None
        except NumberParseError as exc:
            data, error = None, str(exc)
        return templates.TemplateResponse(
            request, "_number.html", {"n": data, "error": error, "lang": lang, "scripts": web.app.kb.scripts}
        )

    @router.post("/report", response_class=HTMLResponse)
    async def report(
        request: Request,
        session: FragmentSession,
        number: Annotated[str, Form(max_length=40)] = "",
        script: Annotated[str, Form(max_length=60)] = "",
        lang: Annotated[str, Form(max_length=5)] = "",
    ) -> Response:
        lang = lang_of(lang) or "zh"
        identity = f"op:{session.login}"
        outcome = error = None
        if script not in web.app.kb.scripts:
            error = "unknown script" if lang == "en" else "未知的话术类型"
        else:
            try:
                web.app.roles.authorize(identity, "console.use", target="report")
                _, outcome = web.app.numbers.report(number, script, identity, channel="console")
                web.app.roles.record(identity, "console.report", "held" if outcome.held else "recorded")
            except NumberParseError as exc:
                error = str(exc)
            except (RateLimited, StoreError, NotAllowed) as exc:
                error = str(exc)
        return templates.TemplateResponse(request, "_reported.html", {"o": outcome, "error": error, "lang": lang})

    # -- cases -------------------------------------------------------------------------------
    @router.post("/cases")
    async def save_case(
        session: FragmentSession,
        text: Annotated[str, Form(max_length=MAX_ACCOUNT)] = "",
        lang: Annotated[str, Form(max_length=5)] = "",
        given: Annotated[list[str] | None, Form()] = None,
        paid: Annotated[str, Form(max_length=5)] = "",
        consent: Annotated[str, Form(max_length=5)] = "",
        names: Annotated[str, Form(max_length=200)] = "",
        case_id: Annotated[str, Form(max_length=12)] = "",
    ) -> Response:
        if not text.strip():
            return JSONResponse({"error": "nothing to save yet"}, status_code=400)
        sheet, _ = analyse(text, lang_of(lang))
        lang = sheet["lang"]
        is_paid = paid in ("1", "on", "true")
        cl = paid_checklist(web.app.kb, given or ["money"], lang) if is_paid else None
        name_list = [n for n in names.replace("，", ",").split(",") if n.strip()]
        summary = redact_case(case_summary(sheet, cl, lang), name_list)
        fields = {
            "lang": lang,
            "verdict": sheet["verdict"],
            "script": sheet["script"]["id"] if sheet["script"] else None,
            "stage": sheet["stage"]["id"] if sheet["stage"] else None,
            "paid": is_paid,
            "given": cl["given"] if cl else [],
            "summary": summary,
            "account": redact_case(text, name_list) if consent in ("1", "on", "true") else None,
        }
        owner = web.app.roles.key(f"op:{session.login}")
        existing = int(case_id) if case_id.isdigit() else None
        saved = web.cases.save(owner, fields, existing)
        if saved is None:
            return JSONResponse({"error": UI[lang]["not_found"]}, status_code=404)
        web.app.roles.record(f"op:{session.login}", "console.case", "saved", target=str(saved))
        return JSONResponse({"id": saved, "url": f"/console/cases/{saved}", "summary": summary})

    @router.post("/cases/{case_id}/delete")
    async def delete_case(case_id: CaseId, session: FormSession) -> Response:
        if web.cases.delete(web.app.roles.key(f"op:{session.login}"), case_id):
            web.app.roles.record(f"op:{session.login}", "console.case", "deleted", target=str(case_id))
        return RedirectResponse("/console", status_code=303)

    return router
