"""The JSON API under /v1: check a text, look up numbers, report a number, official channels, health.

Every endpoint but /v1/health needs an API key (`Authorization: Bearer cck_…` or `X-API-Key`),
created with `callcheck api-key create`. Each key has its own rate limit (429 + Retry-After).
Reports through the API go through the same number service as the bot: one key counts as one
reporter, the same quorum and hourly limit apply, and official hotlines are held for review.
"""

# No `from __future__ import annotations` here: FastAPI must resolve the route-local `Key` alias.

import logging
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.requests import ClientDisconnect

from nlu.phones import NumberParseError

from ...blank import is_blank
from ...services.hotline import find_organisation, official
from ...store import RateLimited, StoreError
from ...store.apikeys import ApiKey

log = logging.getLogger("callcheck.api")

MAX_TEXT = 20_000
MAX_NUMBERS = 20

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer cck_…`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key, as a header of its own")


class CheckIn(BaseModel):
    """An account to check: what the caller said, or a forwarded message."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The account, in Chinese or English")
    region: str | None = Field(
        default=None,
        max_length=40,
        description="Where the person is (a region code such as HK or UK, or its name), for numbers written "
        "without a country code; an unknown region is refused (422)",
    )

    @field_validator("text")
    @classmethod
    def _written(cls, text: str) -> str:
        if is_blank(text):  # as an empty text: spaces or zero-width characters are nothing to check
            raise ValueError("nothing to check: only spaces or invisible characters; send what the caller said or sent")
        return text


class NumbersIn(BaseModel):
    """Numbers to look up, optionally with the organisation the caller claimed to be."""

    model_config = ConfigDict(extra="forbid")
    numbers: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(min_length=1, max_length=MAX_NUMBERS)
    org: str | None = Field(default=None, max_length=60, description="Claimed organisation (id or name)")
    lang: Literal["zh", "en"] = "en"
    region: str | None = Field(
        default=None,
        max_length=40,
        description="Where a number without its country code is read and what 'foreign' means: a region "
        "code or name (UK, HK, Singapore, DE) or 'unknown' (every reading is told, none assumed); default: "
        "the service's own region (CALLCHECK_REGION). A number with its country code keeps its country.",
    )


# -- answers, as /v1/openapi.json documents them (trial 5, 3.5: the 200s had empty schemas and the
# 422 was documented as FastAPI's {"detail"} while the body is {"error", "problems"}) ----------------
class FieldProblem(BaseModel):
    field: str = Field(description="The field, dotted (numbers.0, region)")
    message: str


class ProblemOut(BaseModel):
    """A refused request: what is wrong, per field (the input is never echoed back)."""

    error: str
    problems: list[FieldProblem] = []


class SituationOut(BaseModel):
    """What the person says already went or is still open, as the chat reads it."""

    model_config = ConfigDict(extra="allow")
    urgent: bool = Field(description="Money, a code or access already went, or the call is still open")
    action: str | None = Field(default=None, description="The first thing to do (stop the loss, hang up…)")
    given: list[str] = Field(default=[], description="What went: money, loan, code, card, remote, gift_card, identity")
    ongoing: list[str] = Field(default=[], description="What is still open: call, video, remote, meeting, paying")


class CheckOut(BaseModel):
    """The analysis of an account (`callcheck analyze`'s document)."""

    model_config = ConfigDict(extra="allow")
    verdict: Literal["scam", "suspicious", "matches_genuine", "no_scam_signs"]
    risk: float = Field(ge=0, le=1)
    lang: str
    org: str | None = Field(default=None, description="The organisation the account claims")
    scripts: list[dict] = Field(default=[], description="Scam scripts recognised, strongest first, with evidence")
    red_flags: list[dict] = []
    entities: dict = Field(default={}, description="Numbers, links, apps and amounts found, with their spans")
    situation: SituationOut
    shortened: dict | None = Field(default=None, description="Only the start was analysed (too complex in time)")


class NumberOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    input: str
    number: str | None = None
    region: str | None = None
    type: str | None = None
    valid: bool | None = None
    signals: list[dict] = []
    official: dict | None = None
    reports: dict | None = None
    error: str | None = Field(default=None, description="Why this input is not a phone number")


class NumbersOut(BaseModel):
    results: list[NumberOut]


class ReportIn(BaseModel):
    """A number used in a scam."""

    model_config = ConfigDict(extra="forbid")
    number: str = Field(min_length=1, max_length=40)
    script: str = Field(min_length=1, max_length=60, description="A script id from the knowledge base")
    note: str | None = Field(default=None, max_length=500, description="What happened; numbers in it are redacted")


def known_region(kb, name: str | None, loc: tuple) -> str | None:
    """The region id for `name` (a code, a name, an alias, as the CLI's --region takes), None when not
    given; a name the knowledge does not know is refused with the ones it does (422)."""
    if name is None or not name.strip():
        return None
    from ...conversation.emergency import find_region

    found = find_region(kb, name)
    if found is None:
        known = ", ".join(kb.regions)
        raise RequestValidationError(
            [{"type": "value_error", "loc": loc, "msg": f"unknown region: use one of {known}", "input": name[:40]}]
        )
    return found.id


def _json_body(content_type: str | None, raw: bytes):
    """The body as FastAPI reads it for a model parameter: JSON when the content type is JSON or
    missing (invalid JSON: 400 through the validation handler), else the raw bytes (then 422)."""
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if ctype and not (ctype == "application/json" or (ctype.startswith("application/") and ctype.endswith("+json"))):
        return raw
    if not raw:
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:  # also bytes that are not UTF-8, and nesting past 1,024 levels
        raise RequestValidationError(
            [{"type": "json_invalid", "loc": ("body", 0), "msg": "JSON decode error", "input": {}}]
        ) from None


def _bearer_or_header(authorization: str | None, api_key: str | None) -> str | None:
    """The key from `Authorization: Bearer …` or `X-API-Key` (what `_bearer` and `_header` read)."""
    scheme, _, credentials = (authorization or "").partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer" and credentials:
        return credentials
    return api_key


_CHECK_HEADERS = {b"authorization": 0, b"x-api-key": 1, b"content-type": 2}


def _check_headers(scope) -> list[str | None]:
    """[Authorization, X-API-Key, Content-Type] of an ASGI request, each its first occurrence as
    Starlette's `Request.headers.get` reads it (ASGI header names are lower case, values latin-1)."""
    out: list[str | None] = [None, None, None]
    for name, value in scope["headers"]:
        i = _CHECK_HEADERS.get(name)
        if i is not None and out[i] is None:
            out[i] = value.decode("latin-1")
    return out


async def _read_body(receive) -> bytes:
    """The whole request body, as `Request.body()` reads it (ClientDisconnect if the client left)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        elif message["type"] == "http.disconnect":
            raise ClientDisconnect()


def mount_docs(web) -> None:
    """/v1/docs: Swagger UI from the installed `fastapi-offline` package's files, never a CDN.

    Without that package (an install that missed it), a plain page lists the endpoints from the
    schema instead: the docs never reach outside the server either way.
    """
    import html
    from pathlib import Path

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    try:
        import fastapi_offline
    except ImportError:
        fastapi_offline = None
    if fastapi_offline is not None:
        assets = Path(fastapi_offline.__file__).resolve().parent / "static"
        web.mount("/v1/docs/assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @web.get("/v1/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if fastapi_offline is not None:
            return get_swagger_ui_html(
                openapi_url="/v1/openapi.json",
                title="callcheck API",
                swagger_js_url="/v1/docs/assets/swagger-ui-bundle.js",
                swagger_css_url="/v1/docs/assets/swagger-ui.css",
                swagger_favicon_url="/v1/docs/assets/favicon.png",
            )
        items = "".join(
            f"<li><code>{html.escape(method.upper())} {html.escape(path)}</code> "
            f"{html.escape(op.get('summary', ''))}</li>"
            for path, ops in web.openapi().get("paths", {}).items()
            for method, op in ops.items()
        )
        return HTMLResponse(
            "<!doctype html><meta charset=utf-8><title>callcheck API</title><h1>callcheck API</h1>"
            f'<p>Schema: <a href="/v1/openapi.json">/v1/openapi.json</a></p><ul>{items}</ul>'
        )


def problem(status: int, message: str, **extra) -> HTTPException:
    return HTTPException(status, {"error": message, **extra})


def build_router(web) -> APIRouter:
    """The /v1 routes over the shared `WebState` (App, keys, rate limiter)."""
    router = APIRouter(prefix="/v1", tags=["api"])

    def authenticate(scope, token: str | None) -> ApiKey:
        """The key of this request (an ASGI scope: its client address; the key id is put in its
        state for the access log), its per-key limit taken; else 401 or 429 (HTTPException)."""
        if not token:
            raise HTTPException(
                401,
                {"error": "an API key is required: Authorization: Bearer <key> (see `callcheck api-key create`)"},
                headers={"WWW-Authenticate": "Bearer"},
            )
        client = scope.get("client")
        client = client[0] if client else "?"
        wait = web.limiter.peek(f"badkey:{client}")
        if wait:  # this address sent too many invalid keys: refused before any lookup
            raise HTTPException(
                429,
                {"error": f"too many invalid API keys from this address; retry in {wait} s"},
                headers={"Retry-After": str(wait)},
            )
        key = web.keys.verify(token)
        if key is None:
            web.limiter.take(f"badkey:{client}", web.config.bad_keys_per_minute)
            raise HTTPException(
                401, {"error": "this API key is not valid or was revoked"}, headers={"WWW-Authenticate": "Bearer"}
            )
        scope.setdefault("state", {})["api_key"] = key.id  # what `request.state.api_key = …` sets
        wait = web.limiter.take(f"api:{key.id}", key.per_minute)
        if wait:
            raise HTTPException(
                429,
                {"error": f"rate limit of {key.per_minute} requests a minute reached; retry in {wait} s"},
                headers={"Retry-After": str(wait)},
            )
        return key

    async def api_key(
        request: Request,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        header: Annotated[str | None, Depends(_header)],
    ) -> ApiKey:
        return authenticate(request.scope, (bearer.credentials if bearer else None) or header)

    Key = Annotated[ApiKey, Depends(api_key)]

    @router.get("/health", summary="Is the service up")
    async def health() -> dict:
        """Knowledge loaded and the database answering; needs no key."""
        from ...store import SCHEMA_VERSION

        web.app.store.read("SELECT 1")
        return {"status": "ok", "scripts": len(web.app.kb.scripts), "schema": SCHEMA_VERSION}

    # /v1/check is the route every partner calls for every message: it reads its key and body itself
    # (the same rules and answers as the other routes' dependencies: 400 for a body that is not
    # JSON, then 401/429 for the key, then 422 for the schema) instead of through FastAPI's
    # dependency resolution, which cost more CPU than everything else a check does beside the
    # analysis; the schema and security are declared for /v1/openapi.json by hand.
    check_doc = {
        "requestBody": {"required": True, "content": {"application/json": {"schema": CheckIn.model_json_schema()}}},
        "security": [{"HTTPBearer": []}, {"APIKeyHeader": []}],
    }
    refusals = {
        400: {"description": "The body is not JSON"},
        401: {"description": "No API key, or one that is not valid or was revoked"},
        422: {"description": "The body does not match the schema (the fields are named)", "model": ProblemOut},
        429: {"description": "The key's requests a minute are used up (Retry-After)"},
        503: {"description": "Every analysis worker is busy (Retry-After)"},
    }

    async def answer(scope, raw: bytes) -> bytes:
        """A check's answer (JSON bytes) from its ASGI scope and body: the body's JSON (400), the key
        (401/429), the schema (422), then the analysis on its worker."""
        authorization, x_api_key, content_type = _check_headers(scope)
        data = _json_body(content_type, raw)
        authenticate(scope, _bearer_or_header(authorization, x_api_key))
        try:
            body = CheckIn.model_validate(data)
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors(include_input=False)]
            ) from None
        region = known_region(web.app.kb, body.region, ("body", "region"))
        (analysis, document), shortened = await web.analysis.run(body.text, region=region)  # see check_answer
        try:  # one aggregate row per API check, written with the next batch (no text, no key)
            web.app.trends.record_analysis(analysis, region, later=True)
        except Exception as exc:  # the caller gets the answer regardless
            log.warning("trend row not recorded: %s", type(exc).__name__)
        if shortened:  # rare: the document says how much of the text it is about
            out = orjson.loads(document)
            out["shortened"] = shortened.to_dict()
            return orjson.dumps(out)
        return document

    @router.post(
        "/check",
        summary="Check an account",
        openapi_extra=check_doc,
        responses={200: {"model": CheckOut, "description": "The analysis"}, **refusals},
    )
    async def check(request: Request) -> Response:
        """The Analysis of `callcheck analyze`: verdict, risk, scripts with evidence, red flags, entities, numbers."""
        return Response(await answer(request.scope, await request.body()), media_type="application/json")

    async def check_direct(scope, receive) -> bytes:
        """`check` as `CallcheckAPI` serves it: the ASGI scope and body straight, no Request."""
        return await answer(scope, await _read_body(receive))

    router.direct = {("POST", "/v1/check"): check_direct}  # served by CallcheckAPI without the middleware stack

    @router.post(
        "/numbers",
        summary="Look up numbers",
        responses={
            200: {"model": NumbersOut, "description": "One result per number, in order"},
            422: {"model": ProblemOut, "description": "The body does not match the schema (the fields are named)"},
        },
    )
    async def numbers(body: NumbersIn, key: Key) -> dict:
        """Per number: type, place, carrier, signals, official match and report status (or why it is not a number)."""
        from ...names import UnknownRegion, phone_region
        from ...services.numbers import UNKNOWN

        org = find_organisation(web.app.kb, body.org) if body.org else None
        where: dict = {}
        if body.region is not None and body.region.strip().casefold() == "unknown":
            where = {"region": UNKNOWN}
        elif body.region is not None and body.region.strip():
            try:  # the CLI's `number check --region`: a known region by any name, or any country code
                code = phone_region(web.app.kb, body.region)
            except UnknownRegion as exc:
                raise RequestValidationError(
                    [{"type": "value_error", "loc": ("body", "region"), "msg": str(exc), "input": body.region[:40]}]
                ) from None
            where = {"region": code, "home": code}
        results = []
        for raw in body.numbers:
            try:
                results.append(web.app.numbers.check(raw, org.id if org else None, body.lang, **where))
            except NumberParseError as exc:
                results.append({"input": raw, "error": str(exc)})
        return {"results": results}

    @router.post("/reports", status_code=201, summary="Report a scam number")
    async def report(body: ReportIn, key: Key) -> dict:
        """Record a report (this key counts as one reporter); official hotlines are held for review."""
        from ...names import UnknownScript, resolve_script

        try:  # an id or a name, through the resolver every entry point uses
            script = resolve_script(web.app.kb, body.script)
        except UnknownScript as exc:
            raise problem(422, str(exc).split(";")[0], scripts=sorted(web.app.kb.scripts)) from None
        try:
            p, outcome = web.app.numbers.report(body.number, script, f"api:{key.id}", channel="api", note=body.note)
        except NumberParseError as exc:
            raise problem(422, f"not a phone number: {exc}") from exc
        except RateLimited as exc:
            raise HTTPException(429, {"error": str(exc)}, headers={"Retry-After": "3600"}) from exc
        except StoreError as exc:
            raise problem(409, str(exc)) from exc
        rec = outcome.record
        return {
            "number": p.canonical,
            "status": rec.status,
            "reporters": rec.reporters,
            "new_reporter": outcome.new_reporter,
            "held_for_review": outcome.held,
            "confirmed_now": outcome.confirmed_now,
        }

    @router.get("/official", summary="Official channels of an organisation")
    async def official_channels(
        key: Key,
        org: Annotated[str, Query(min_length=1, max_length=60, description="Organisation id, name or alias")],
        lang: Literal["zh", "en"] = "en",
        region: Annotated[
            str | None,
            Query(
                max_length=40,
                description="Where the person is (a region code or name): the help lines at the end are that "
                "region's; default: the organisation's own country, else the service's region",
            ),
        ] = None,
    ) -> dict:
        """App paths, hotlines (high/medium confidence, with sources and date checked) and domains."""
        from ...conversation.emergency import RegionChoice

        kb = web.app.kb
        where = known_region(kb, region, ("query", "region"))
        found = find_organisation(kb, org)
        if found is None:
            known = sorted(kb.organisations)
            # the query is not echoed back (it is the caller's text); the known ids say what to ask for
            return JSONResponse({"error": "unknown organisation", "known": known}, status_code=404)
        # Evri's lines end with the UK's help, not mainland China's 110 / 96110.
        home = where or (found.country if found.country in kb.regions else None) or web.app.region
        choice = RegionChoice(kb.regions[home], "setting" if where else "brand") if home in kb.regions else None
        return official(found, lang, choice, kb)

    return router
