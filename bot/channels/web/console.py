"""The operator console under /console: server-rendered pages and fragments, a little JavaScript.

Login with an account made by `callcheck operator add` (scrypt-hashed password); the session is a
random token in an HttpOnly, SameSite=Strict cookie (Secure unless CALLCHECK_COOKIE_SECURE=0),
and every POST carries the session's CSRF token (a form field, or the X-CSRF-Token header from
the script). The call sheet re-analyses the account as the operator types and shows the script,
the stage reached, the evidence in the caller's words, the next questions and the advice, all in
the caller's language. Numbers are looked up and reported through the same number service as
the bot (the operator counts as one reporter).

Cases (store/cases.py) belong to stable account ids: an operator sees the cases they wrote or hold
(handed over to them), a supervisor every case of the centre, the queue of open cases by age and
the export for the police. The caller's own names and numbers are removed from what is stored;
the fraudster's identifiers are kept unmasked in a section of their own, each reportable to the
number database once per case. A new case adds one aggregate row to `trends`, as a check does.

Who may ask is settled by three dependencies, not inside the routes: `PageSession` (a live session
with the console role, else a redirect to the login page), `FragmentSession` (that, and the
X-CSRF-Token header the page's script sends, else 403) and `FormSession` (the same with the `csrf`
form field of a plain form).
"""

# No `from __future__ import annotations` here: FastAPI must resolve the route-local session aliases.

import contextlib
import datetime as dt
import functools
import hmac
import logging
import re
import secrets
from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, FastAPI, Form, Header, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from nlu.phones import NumberParseError
from nlu.situation import detect

from ...blank import is_blank
from ...conversation.emergency import find_region, region_of_check, writing_of
from ...conversation.strings import in_script
from ...services.casework import export_row, export_text
from ...services.hotline import (
    call_sheet,
    callers_own,
    case_summary,
    find_organisation,
    fraud_identifiers,
    is_callers_own,
    masked,
    paid_checklist,
    parse_identifier_lines,
    payment_time,
    redact_case,
    said_given,
    sheet_language,
    without_framing,
)
from ...services.roles import NotAllowed
from ...store import RateLimited, StoreError
from ...store.cases import KINDS, STATUSES, Viewer, normalise
from ...store.operators import Session, check_password

log = logging.getLogger("callcheck.web.console")
COOKIE = "cc_session"
PRELOGIN = "cc_prelogin"
MAX_ACCOUNT = 20_000
HERE = FilePath(__file__).resolve().parent
CaseId = Annotated[int, Path(ge=1, le=2**53)]
STATUS_NAMES = {
    "open": "Open 处理中",
    "waiting_bank": "Waiting on the bank 等待银行",
    "referred_police": "Referred to police 已移交警方",
    "closed": "Closed 已结案",
}
KIND_NAMES = {
    "number": "Number 号码",
    "account": "Bank account 收款账户",
    "wallet": "Wallet 钱包地址",
    "handle": "Payment handle / ID 账号",
    "link": "Link 链接",
    "app": "App 软件",
    "amount": "Amount 金额",
    "paid_at": "Time of payment 付款时间",
}
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["in_script"] = in_script  # the sheet's own labels as Hong Kong or Taiwan write them

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


class RoleRequired(Exception):
    """Signed in, but without the role the page is for (the review page wants a volunteer)."""

    def __init__(self, login: str, role: str):
        super().__init__(role)
        self.login, self.role = login, role


class Refused(Exception):
    """A fragment or form came without a live session or without its CSRF token."""


def mount_static(web) -> None:
    web.mount("/console/static", StaticFiles(directory=str(HERE / "static")), name="console-static")


def add_exception_handlers(web: FastAPI) -> None:
    """Turn the session dependencies' refusals into the console's answers."""

    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/console/login", status_code=303)

    async def role_required(request: Request, exc: RoleRequired) -> Response:
        # said, not a silent trip back to the login form while still signed in
        return templates.TemplateResponse(
            request, "_role_required.html", {"login": exc.login, "role": exc.role}, status_code=403
        )

    async def refused(request: Request, exc: Refused) -> Response:
        return JSONResponse({"error": "log in again (session expired or form outdated)"}, status_code=403)

    web.add_exception_handler(LoginRequired, login_required)
    web.add_exception_handler(RoleRequired, role_required)
    web.add_exception_handler(Refused, refused)


def csrf_ok(session: Session, given: str | None) -> bool:
    """The request carries this session's CSRF token (compared in constant time)."""
    return bool(given) and hmac.compare_digest(session.csrf.encode(), str(given).encode())


def session_dependencies(
    current: Callable[[str | None], Session | None],
    signed_in: Callable[[str | None], Session | None] | None = None,
    role: str = "",
) -> tuple:
    """The three ways a request proves its session, for the console and the review page alike:
    a page (else off to the login page), a fragment (the CSRF token in the X-CSRF-Token header the
    page's script sends) and a plain form (the token in its `csrf` field). `current` maps the
    session cookie to a live session of the page's role, or None."""

    async def page_session(cc_session: Annotated[str | None, Cookie()] = None) -> Session:
        session = current(cc_session)
        if session is None:
            live = signed_in(cc_session) if signed_in is not None else None
            if live is not None:  # signed in without the page's role: told so
                raise RoleRequired(live.login, role)
            raise LoginRequired
        return session

    async def fragment_session(
        cc_session: Annotated[str | None, Cookie()] = None,
        x_csrf_token: Annotated[str | None, Header()] = None,
    ) -> Session:
        session = current(cc_session)
        if session is None or not csrf_ok(session, x_csrf_token):
            raise Refused
        return session

    async def form_session(
        cc_session: Annotated[str | None, Cookie()] = None,
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Session:
        session = current(cc_session)
        if session is None or not csrf_ok(session, csrf):
            raise Refused
        return session

    return page_session, fragment_session, form_session


def build_router(web) -> APIRouter:
    router = APIRouter(prefix="/console", include_in_schema=False)
    secure = web.config.cookie_secure

    def current(token: str | None) -> Session | None:
        session = web.operators.session(token)
        if session is None or not web.app.roles.can(f"op:{session.login}", "console.use"):
            return None
        return session

    def to_login() -> RedirectResponse:
        return RedirectResponse("/console/login", status_code=303)

    page_session, fragment_session, form_session = session_dependencies(current)
    PageSession = Annotated[Session, Depends(page_session)]
    FragmentSession = Annotated[Session, Depends(fragment_session)]
    FormSession = Annotated[Session, Depends(form_session)]

    def lang_of(value: str | None) -> str | None:
        return value if value in ("zh", "en") else None

    # -- login -------------------------------------------------------------------------------
    @router.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, error: str | None = None, wait: int = 0) -> Response:
        token = secrets.token_urlsafe(24)
        response = templates.TemplateResponse(request, "login.html", {"prelogin": token, "error": error, "wait": wait})
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
        # The socket's address: uvicorn rewrites it from X-Forwarded-For only for a configured
        # trusted proxy (CALLCHECK_TRUSTED_PROXIES), so a client cannot pick its own.
        address = request.client.host if request.client else "?"
        guard = web.logins

        async def too_many(wait: int) -> Response:
            response = await login_page(request, "too_many", wait)  # the wait said is Retry-After's
            response.status_code = 429
            response.headers["Retry-After"] = str(wait)
            return response

        wait = guard.wait(address, login)
        if wait:  # refused before any lookup or hashing: the same for every login
            return await too_many(wait)
        name, stored = web.operators.stored_hash(login)  # the database stays on the loop's thread
        ok = await guard.check(check_password, password, stored)  # scrypt (~50 ms, 16 MB) in a bounded pool
        if ok is None:
            return await too_many(5)
        if not ok:
            guard.failed(address, login)
            return await login_page(request, "wrong")
        guard.succeeded(address, login)
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
    def viewer(session: Session) -> Viewer:
        return Viewer(session.account, session.supervisor)

    def page(request: Request, name: str, session: Session, **context) -> Response:
        names = web.operators.names()
        context.setdefault("can_review", web.app.roles.can(f"op:{session.login}", "review.queue"))
        return templates.TemplateResponse(
            request,
            name,
            {
                "session": session,
                "scripts": web.app.kb.scripts,
                "names": names,
                "status_names": STATUS_NAMES,
                "kind_names": KIND_NAMES,
                **context,
            },
        )

    async def sheet_page(request: Request, session: Session, case: dict | None) -> Response:
        recent = web.cases.search(viewer(session), limit=10)
        # Whom the case can go to: anyone but its holder (a supervisor may take one from the centre).
        others = [o for o in web.operators.all() if o["account"] != case["holder"]] if case else []
        lines = "\n".join(f"{i['kind']}: {i['value']}" for i in (case or {}).get("identifiers", []))
        return page(
            request,
            "console.html",
            session,
            case=case,
            recent=recent,
            others=others,
            statuses=STATUSES,
            lines=lines,
            regions=list(web.app.kb.regions.values()),
        )

    @router.get("", response_class=HTMLResponse)
    async def console(request: Request, session: PageSession) -> Response:
        return await sheet_page(request, session, None)

    @router.get("/cases/{case_id}", response_class=HTMLResponse)
    async def reopen(request: Request, case_id: CaseId, session: PageSession) -> Response:
        case = web.cases.get(viewer(session), case_id)
        if case is None:
            return HTMLResponse(UI["en"]["not_found"] + " / " + UI["zh"]["not_found"], status_code=404)
        return await sheet_page(request, session, case)

    async def analyse(
        text: str, lang: str | None, region: str | None = None, urgent: bool = False
    ) -> tuple[dict, object]:
        # off the loop, within the budget; `region`: where the caller is, for numbers without a country code
        # The operator's framing ("来电人说…", "Caller says…") is not evidence: blanked, offsets kept.
        framed = without_framing(text[:MAX_ACCOUNT])
        (analysis, _document), shortened = await web.analysis.run(framed, region=region)  # check_answer
        # "auto": the region the account tells, chosen as `callcheck check` and the chat choose it
        choice = region_of_check(
            web.app.kb, analysis, text[:MAX_ACCOUNT], setting=region, lang=sheet_language(analysis, lang)
        )
        sheet = call_sheet(analysis, web.app.kb, lang, choice, urgent=urgent)
        if shortened:
            sheet["shortened"] = shortened.to_dict()
        return sheet, analysis

    @router.post("/analyze", response_class=HTMLResponse, dependencies=[Depends(fragment_session)])
    async def analyze(
        request: Request,
        text: Annotated[str, Form(max_length=MAX_ACCOUNT)] = "",
        lang: Annotated[str, Form(max_length=5)] = "",
        region: Annotated[str, Form(max_length=40)] = "",
        paid: Annotated[str, Form(max_length=5)] = "",
    ) -> Response:
        found = find_region(web.app.kb, region) if region.strip() else None
        if region.strip() and found is None:
            known = ", ".join(web.app.kb.regions)
            return JSONResponse({"error": f"unknown region (use one of {known})"}, status_code=422)
        if is_blank(text):
            return templates.TemplateResponse(request, "_empty.html", {"lang": lang_of(lang) or "zh"})
        # `paid`: the operator pressed "Caller has already paid": the headline agrees with the panel.
        urgent = paid in ("1", "on", "true")
        sheet, analysis = await analyse(text, lang_of(lang), found.id if found else None, urgent)
        text = text[:MAX_ACCOUNT]
        situation = detect(web.app.kb.situations, text)  # the chat's own detector: what was already given
        idents = fraud_identifiers(analysis, text, web.app.kb)
        when = payment_time(web.app.kb, text, situation)  # only from a clause read as money gone
        if when:
            idents.append({"kind": "paid_at", "value": when})
        context = {
            "s": sheet,
            "text": text,
            "said": said_given(web.app.kb, text, situation),
            "idents": idents,
            "own": [masked(v) for v in callers_own(text)],  # shown as the caller's, never offered
            "kind_names": KIND_NAMES,
        }
        return templates.TemplateResponse(request, "_sheet.html", context)

    @router.post("/checklist", response_class=HTMLResponse, dependencies=[Depends(fragment_session)])
    async def checklist(
        request: Request,
        given: Annotated[list[str] | None, Form()] = None,
        lang: Annotated[str, Form(max_length=5)] = "",
        region: Annotated[str, Form(max_length=40)] = "",
    ) -> Response:
        lang = lang_of(lang) or "zh"
        found = find_region(web.app.kb, region) if region.strip() else None
        if region.strip() and found is None:
            known = ", ".join(web.app.kb.regions)
            return JSONResponse({"error": f"unknown region (use one of {known})"}, status_code=422)
        # only what the caller said or the operator ticked; fitted to the caller's region (chosen, or
        # the one the sheet detected: the page sends it when the menu says "auto")
        cl = paid_checklist(web.app.kb, given or [], lang, found)
        page = templates.TemplateResponse(request, "_checklist.html", {"cl": cl, "lang": lang})
        if found is not None and lang == "zh" and writing_of(found.id):  # nothing the caller wrote is in it
            return HTMLResponse(in_script(bytes(page.body).decode("utf-8"), writing_of(found.id)))
        return page

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
    def identifiers_from(ident: list[str], lines: str) -> tuple[list[dict], list[str]]:
        """The ticked suggestions ("kind<TAB>value") and the typed lines, normalised (numbers canonical)."""
        found: list[dict] = []
        for item in ident:
            kind, _, value = item.partition("\t")
            if kind in KINDS and value.strip():
                found.append({"kind": kind, "value": value.strip()[:200]})
        typed, bad = parse_identifier_lines(lines)
        for item in found + typed:
            if item["kind"] == "number":
                with contextlib.suppress(NumberParseError):  # else kept as written: a centre may still need it
                    item["value"] = web.app.numbers.parse(item["value"]).canonical
        return found + typed, bad

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
        ident: Annotated[list[str] | None, Form()] = None,
        identifiers: Annotated[str, Form(max_length=5000)] = "",
        region: Annotated[str, Form(max_length=40)] = "",
    ) -> Response:
        if is_blank(text):
            return JSONResponse({"error": "nothing to save yet"}, status_code=400)
        found = find_region(web.app.kb, region) if region.strip() else None
        if region.strip() and found is None:
            known = ", ".join(web.app.kb.regions)
            return JSONResponse({"error": f"unknown region (use one of {known})"}, status_code=422)
        idents, bad = identifiers_from(ident or [], identifiers)
        if bad:
            kinds = ", ".join(KINDS)
            return JSONResponse(
                {"error": f"not understood (write 'kind: value', kinds: {kinds}): " + " | ".join(bad)[:300]},
                status_code=400,
            )
        own = callers_own(text[:MAX_ACCOUNT])
        mine = [i for i in idents if i["kind"] != "amount" and is_callers_own(i["value"], own)]
        if mine:  # the caller's own number or handle, given with their name: never kept as the fraudster's
            shown = ", ".join(masked(i["value"]) for i in mine)
            return JSONResponse(
                {
                    "error": f"the caller's own (given with their name), not the fraudster's: {shown}; "
                    f"untick or remove it. 这是来电人自己的信息，不是骗子的：{shown}，请取消勾选或删除。"
                },
                status_code=400,
            )
        is_paid = paid in ("1", "on", "true")
        sheet, _ = await analyse(text, lang_of(lang), found.id if found else None, is_paid)
        lang = sheet["lang"]
        if found is None and sheet.get("region"):  # "auto": the region the sheet read from the account
            found = web.app.kb.regions.get(sheet["region"]["id"])
        cl = paid_checklist(web.app.kb, given or [], lang, found) if is_paid else None
        name_list = [n for n in names.replace("，", ",").split(",") if n.strip()]
        summary = redact_case(case_summary(sheet, cl, lang), name_list)
        script = sheet["script"]["id"] if sheet["script"] else None
        scripts = web.app.kb.scripts
        fields = {
            "lang": lang,
            "verdict": sheet["verdict"],
            "script": script,
            "stage": sheet["stage"]["id"] if sheet["stage"] else None,
            "org": sheet["org"]["id"] if sheet["org"] else None,
            "paid": is_paid,
            "given": cl["given"] if cl else [],
            "summary": summary,
            "account": redact_case(text, name_list) if consent in ("1", "on", "true") else None,
            # the region help was given for: the redacted account has lost the number that told it
            "region": found.id if found is not None else None,
            # Both names of the script are searchable, whatever the caller's language.
            "search_extra": f"{scripts[script].names.zh} {scripts[script].names.en}" if script in scripts else "",
        }
        me = viewer(session)
        existing = int(case_id) if case_id.isdigit() else None
        saved = web.cases.save(me, fields, existing, idents)
        if saved is None:
            return JSONResponse({"error": UI[lang]["not_found"]}, status_code=404)
        count_in_trends(saved, fields, new=existing is None)
        web.cases.purge(web.config.case_retention_days)
        web.app.roles.record(f"op:{session.login}", "console.case", "saved", target=str(saved))
        return JSONResponse({"id": saved, "url": f"/console/cases/{saved}", "summary": summary})

    def count_in_trends(case_id: int, fields: dict, new: bool) -> None:
        """One aggregate row per case, as a check makes; a later save revises it (never a second row)."""
        script = fields["script"] if fields["verdict"] != "no_scam_signs" else None
        try:
            row = (web.cases.get(Viewer(0, True), case_id) or {}).get("trend_row")
            if row and web.app.trends.revise(row, script, fields["org"], fields["verdict"]):
                return
            if new or not row:
                row = web.app.trends.record(script, fields["org"], fields["verdict"], region=web.config.centre_region)
                web.cases.set_trend_row(case_id, row)
        except Exception as exc:  # the case is saved whatever happens to the aggregate
            log.warning("trend row not recorded for a case: %s", type(exc).__name__)

    def back(request: Request, case_id: int, error: str | None = None) -> Response:
        """To the case page; a refusal is a page of its own (409) saying why, with the way back."""
        if error:
            return templates.TemplateResponse(
                request, "_refused.html", {"message": error, "case_id": case_id}, status_code=409
            )
        return RedirectResponse(f"/console/cases/{case_id}", status_code=303)

    @router.post("/cases/{case_id}/status")
    async def case_status(
        request: Request,
        case_id: CaseId,
        session: FormSession,
        status: Annotated[str, Form(max_length=20)] = "",
        note: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        error = web.cases.set_status(viewer(session), case_id, status, note)
        if error is None:
            web.app.roles.record(f"op:{session.login}", "console.case", status, target=str(case_id))
        return back(request, case_id, error)

    @router.post("/cases/{case_id}/handover")
    async def case_handover(
        request: Request,
        case_id: CaseId,
        session: FormSession,
        to: Annotated[str, Form(max_length=60)] = "",
        note: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        target = web.operators.account_of(to)
        if target is None:
            return back(request, case_id, "there is no such operator")
        error = web.cases.hand_over(viewer(session), case_id, target["id"], note)
        if error is None:
            web.app.roles.record(f"op:{session.login}", "console.case", "handed over", target=str(case_id))
        return back(request, case_id, error)

    @router.post("/cases/{case_id}/forget")
    async def case_forget(request: Request, case_id: CaseId, session: FormSession) -> Response:
        if not web.cases.forget_caller(viewer(session), case_id):
            return back(request, case_id, "no such case, or it is not yours to change")
        web.app.roles.record(f"op:{session.login}", "console.case", "caller forgotten", target=str(case_id))
        return back(request, case_id)

    @router.post("/cases/{case_id}/identifiers/{ident_id}/report")
    async def case_report(
        request: Request, case_id: CaseId, ident_id: Annotated[int, Path(ge=1, le=2**53)], session: FormSession
    ) -> Response:
        """Report the case's number to the number database: the case counts as one reporter, once."""
        me = viewer(session)
        case = web.cases.get(me, case_id)
        if case is None:
            return back(request, case_id, "no such case, or it is not yours to change")
        if case["script"] not in web.app.kb.scripts:
            return back(request, case_id, "the case has no scam script to report the number under")
        claimed = web.cases.mark_reported(me, case_id, ident_id)
        if claimed is None:
            return back(request, case_id)  # already reported from this case (or not theirs): nothing twice
        if claimed["kind"] != "number":
            web.cases.unmark_reported(case_id, ident_id)
            return back(
                request, case_id, "only phone numbers go to the number database; export the others for the police"
            )
        try:
            web.app.numbers.report(
                claimed["value"], case["script"], f"case:{case_id}:{case['created_at']}", channel="console"
            )
        except (NumberParseError, RateLimited, StoreError) as exc:
            web.cases.unmark_reported(case_id, ident_id)
            return back(request, case_id, f"not reported: {exc}")
        web.app.roles.record(f"op:{session.login}", "console.report", "from case", target=str(case_id))
        return back(request, case_id)

    @router.post("/cases/{case_id}/delete")
    async def delete_case(
        request: Request,
        case_id: CaseId,
        session: FormSession,
        confirm: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        """Deleting is for good: it is confirmed on the page, and a case holding the fraudster's
        identifiers (police evidence) is deleted by a supervisor only."""
        if confirm != "yes":
            return back(
                request,
                case_id,
                "Not deleted: tick “I confirm” first — deleting removes the case and its fraudster identifiers "
                "for good. 未删除：请先勾选“确认删除”——删除后案例和骗子信息都无法恢复。",
            )
        try:
            deleted = web.cases.delete(viewer(session), case_id)
        except StoreError as exc:
            web.app.roles.record(f"op:{session.login}", "console.case", "refused", target=str(case_id))
            return back(request, case_id, str(exc))
        if deleted:
            web.app.roles.record(f"op:{session.login}", "console.case", "deleted", target=str(case_id))
        return RedirectResponse("/console", status_code=303)

    # -- finding, the queue, the export --------------------------------------------------------
    class BadDate(ValueError):
        """A from/to date that is not a real day written YYYY-MM-DD (2026-13-45)."""

    def day(value: str, end: bool = False) -> int | None:
        """A YYYY-MM-DD date as epoch seconds (UTC); the day after for an end date; None when empty.
        A date that is not a real day raises BadDate: a filter silently dropped would return every case."""
        if not value.strip():
            return None
        try:
            d = dt.datetime.strptime(value.strip(), "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            raise BadDate(f"{value.strip()!r} is not a date written YYYY-MM-DD") from None
        return int((d + dt.timedelta(days=1 if end else 0)).timestamp())

    def bad_dates(since: str, until: str) -> Response | None:
        """422 naming the field when a date filter is not a real day, as a bad `format` is refused."""
        for field, value in (("from", since), ("to", until)):
            try:
                day(value)
            except BadDate as exc:
                return JSONResponse({"error": f"{field}: {exc}"}, status_code=422)
        return None

    def identifier_forms(q: str) -> list[str]:
        """What a typed number, account, link or handle may be stored as (see store.cases.normalise)."""
        q = q.strip()
        forms = {normalise(k, q) for k in ("number", "link", "handle")}
        with contextlib.suppress(NumberParseError):
            forms.add(normalise("number", web.app.numbers.parse(q).canonical))
        return sorted(f for f in forms if f)

    def looks_like_identifier(q: str) -> bool:
        """A number or account written with spaces or dashes, or one token with digits, a dot, @ or $."""
        compact = re.sub(r"[\s()\-]", "", q)
        if re.fullmatch(r"\+?\d{5,}|[A-Za-z]{2}\d{2}[A-Za-z0-9]{10,30}", compact):
            return True
        q = q.strip()
        return bool(q) and " " not in q and (sum(c.isdigit() for c in q) >= 5 or "." in q or q[0] in "@$/")

    @router.get("/cases", response_class=HTMLResponse)
    async def find(
        request: Request,
        session: PageSession,
        q: Annotated[str, Query(max_length=200)] = "",
        script: Annotated[str, Query(max_length=60)] = "",
        status: Annotated[str, Query(max_length=20)] = "",
        since: Annotated[str, Query(max_length=10, alias="from")] = "",
        until: Annotated[str, Query(max_length=10, alias="to")] = "",
        before: Annotated[int | None, Query(ge=1, le=2**53)] = None,
    ) -> Response:
        """Search cases by number, account, link, handle (exact, any written form), or words; filters."""
        if (refused := bad_dates(since, until)) is not None:
            return refused
        q = q.strip()
        page_size = 50
        find_page = functools.partial(web.cases.search, limit=page_size, before=before)
        if looks_like_identifier(q):
            found = find_page(
                viewer(session), identifier=identifier_forms(q), script=script, status=status,
                since=day(since), until=day(until, end=True),
            )  # fmt: skip
            if not found:  # a number that is only in the words (an old case, a caller's summary)
                found = find_page(
                    viewer(session), text=q, script=script, status=status, since=day(since), until=day(until, True)
                )
        else:
            found = find_page(
                viewer(session), text=q, script=script, status=status, since=day(since), until=day(until, True)
            )
        form = {"q": q, "script": script, "status": status, "from": since, "to": until}
        older = found[-1]["id"] if len(found) == page_size else None
        return page(request, "cases.html", session, found=found, form=form, statuses=STATUSES, older=older)

    @router.get("/queue", response_class=HTMLResponse)
    async def queue(request: Request, session: PageSession) -> Response:
        """The supervisor's queue: every open case of the centre, oldest first."""
        if not session.supervisor:
            return HTMLResponse("Supervisors only. 仅限主管。", status_code=403)
        return page(request, "queue.html", session, queue=web.cases.queue())

    @router.get("/export")
    async def export(
        session: PageSession,
        format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "csv",
        script: Annotated[str, Query(max_length=60)] = "",
        status: Annotated[str, Query(max_length=20)] = "",
        since: Annotated[str, Query(max_length=10, alias="from")] = "",
        until: Annotated[str, Query(max_length=10, alias="to")] = "",
    ) -> Response:
        """Cases and their fraud identifiers for the police, as CSV or JSON Lines (supervisors)."""
        if not session.supervisor:
            return HTMLResponse("Supervisors only. 仅限主管。", status_code=403)
        if (refused := bad_dates(since, until)) is not None:
            return refused
        names = web.operators.names()
        rows = [
            export_row(c, names)
            for c in web.cases.export(day(since), day(until, end=True), script=script, status=status)
        ]
        web.app.roles.record(f"op:{session.login}", "console.export", f"{len(rows)} cases", detail=format)
        stamp = dt.datetime.fromtimestamp(web.app.store.clock(), dt.timezone.utc).strftime("%Y%m%d-%H%M")
        body = export_text(rows, format)
        media = "application/x-ndjson" if format == "jsonl" else "text/csv; charset=utf-8"
        name = f"cases-{stamp}.{format}"
        return StreamingResponse(
            iter([body]), media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )

    return router
