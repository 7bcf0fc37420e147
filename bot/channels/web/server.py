"""The one ASGI application: JSON API (/v1), operator console (/console), volunteers' review page
(/console/review), Telegram webhook (/telegram).

`create_app` wires; nothing runs at import. Handlers are `async def`; the store's short queries
run on the event loop. Analyses do not: they run in a bounded worker pool with a time budget per
request (`analysis.AnalysisPool`), so no text, however pathological, freezes the server.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ...app import App, ConfigError
from .analysis import AnalysisPool, Busy, check_answer
from .limits import AccessLog, AccessTally, BodyLimit, LoginGuard, RateLimiter, SecurityHeaders, json_bytes

HERE = Path(__file__).resolve().parent


@dataclass
class WebConfig:
    """Settings of the HTTP side, read once (CALLCHECK_API_PER_MINUTE, _MAX_BODY, _COOKIE_SECURE,
    _CASE_RETENTION_DAYS, _CENTRE_REGION, _ACCESS_LOG_SECONDS)."""

    api_per_minute: int = 60  # default for new keys
    # 20,000 characters of Chinese sent with a client's default JSON escapes (\uXXXX: 6 bytes each)
    # is 120 KB: the text's own limit, not the body's, must be the one people meet.
    max_body: int = 128 * 1024
    max_webhook_body: int = 1024 * 1024
    cookie_secure: bool = True
    login_attempts: int = 5  # wrong passwords per login and address before the back-off starts
    trusted_proxies: str = ""  # CALLCHECK_TRUSTED_PROXIES: addresses whose X-Forwarded-For is believed
    request_timeout: int = 10  # seconds to send a whole request (headers and body); then closed
    keep_alive: int = 5  # seconds an idle connection stays open
    max_connections: int = 200  # connections and requests at once; past that 503 (uvicorn's limit_concurrency)
    bad_keys_per_minute: int = 10  # invalid API keys one address may send a minute, then 429
    analysis_workers: int = 2  # analyses at once (CALLCHECK_ANALYSIS_WORKERS)
    analysis_queue: int = 64  # more may wait (CALLCHECK_ANALYSIS_QUEUE); past that 503 at once
    analysis_budget_ms: int = 2000  # per request (CALLCHECK_ANALYSIS_BUDGET_MS); then the text's start only
    case_retention_days: int = 365  # closed cases are deleted this long after closing
    centre_region: str | None = None  # the region tag console cases carry in trends (e.g. CN-GD)
    access_log_seconds: int = 10  # /v1/check's answered requests: one summed line this often; 0: a line each

    @classmethod
    def from_env(cls, env: dict | None = None) -> WebConfig:
        env = os.environ if env is None else env

        def whole(name: str, default: int, least: int = 1) -> int:
            raw = env.get(name)
            if raw in (None, ""):
                return default
            if not str(raw).isdigit() or int(raw) < least:
                raise ConfigError(f"{name} must be a whole number of at least {least}, not {raw!r}")
            return int(raw)

        secure = str(env.get("CALLCHECK_COOKIE_SECURE", "1")).strip().lower()
        if secure not in ("1", "0", "true", "false", "yes", "no"):
            raise ConfigError(f"CALLCHECK_COOKIE_SECURE must be 1 or 0, not {secure!r}")
        return cls(
            api_per_minute=whole("CALLCHECK_API_PER_MINUTE", 60),
            max_body=whole("CALLCHECK_MAX_BODY", 128 * 1024),
            cookie_secure=secure in ("1", "true", "yes"),
            analysis_workers=whole("CALLCHECK_ANALYSIS_WORKERS", 2),
            analysis_queue=whole("CALLCHECK_ANALYSIS_QUEUE", 64),
            request_timeout=whole("CALLCHECK_REQUEST_TIMEOUT", 10),
            max_connections=whole("CALLCHECK_MAX_CONNECTIONS", 200),
            trusted_proxies=",".join(env.get("CALLCHECK_TRUSTED_PROXIES", "").replace(",", " ").split()),
            analysis_budget_ms=whole("CALLCHECK_ANALYSIS_BUDGET_MS", 2000),
            case_retention_days=whole("CALLCHECK_CASE_RETENTION_DAYS", 365),
            centre_region=(env.get("CALLCHECK_CENTRE_REGION") or "").strip() or None,
            access_log_seconds=whole("CALLCHECK_ACCESS_LOG_SECONDS", 10, least=0),
        )


@dataclass
class WebState:
    """What the routes share: the App, the key and operator tables, and the rate limiter."""

    app: App
    config: WebConfig
    limiter: RateLimiter = field(default_factory=RateLimiter)
    logins: LoginGuard = None  # type: ignore[assignment]
    analysis: AnalysisPool | None = None
    _keys: object = None
    _operators: object = None
    _cases: object = None

    def __post_init__(self) -> None:
        if self.logins is None:
            self.logins = LoginGuard(free=self.config.login_attempts)
        if self.analysis is None:
            app = self.app
            self.analysis = AnalysisPool(
                lambda text, region=None: check_answer(app, text, region),
                workers=self.config.analysis_workers,
                queue=self.config.analysis_queue,
                budget=self.config.analysis_budget_ms / 1000,
            )
        # What every check touches, imported and built now rather than by the first caller.
        _ = self.app.trends, self.keys

    def close(self) -> None:
        """Server shutdown: the trend rows still waiting are written, the analysis pool stopped."""
        try:
            self.app.trends.flush()
        finally:
            if self.analysis is not None:
                self.analysis.shutdown()

    @property
    def keys(self):
        if self._keys is None:
            from ...store.apikeys import ApiKeys

            self._keys = ApiKeys(self.app.store)
        return self._keys

    @property
    def operators(self):
        if self._operators is None:
            from ...store.operators import Operators

            self._operators = Operators(self.app.store)
        return self._operators

    @property
    def cases(self):
        if self._cases is None:
            from ...store.cases import Cases

            self._cases = Cases(self.app.store)
            self._cases.purge(self.config.case_retention_days)  # then again on every save
        return self._cases


class CallcheckAPI(FastAPI):
    """FastAPI, with the routes in `direct` served without the routing and middleware stack.

    A route there (`POST /v1/check`: the one partners call for every message) is an endpoint taking
    the ASGI scope and `receive` and returning the JSON body of its answer (200); what it raises is
    answered by the app's exception handlers. It gets the same envelope the middlewares give every
    other route, from the same code: the body limit (`BodyLimit`), the app's exception handlers (the
    same error bodies), the security headers (`SecurityHeaders.for_path`) and the access log
    (`AccessTally`: answered requests summed every few seconds, refusals and errors a line each, as
    `AccessLog` writes them). What it skips is the per-request machinery around them (eight
    middleware layers, route matching over every route, dependency resolution, and Starlette's
    Request and Response objects on the answered path), which cost more CPU than all else a check
    does but analyse.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direct: dict[tuple[str, str], Callable[..., Awaitable[bytes]]] = {}
        self.body_limit = BodyLimit(None, default=WebConfig.max_body)  # replaced by the configured one at start
        self.access = AccessTally()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            endpoint = self.direct.get((scope["method"], scope["path"]))
            if endpoint is not None:
                return await self._serve_direct(endpoint, scope, receive, send)
        await super().__call__(scope, receive, send)

    def _handler(self, exc: Exception):
        for cls in type(exc).__mro__:
            if cls in self.exception_handlers:
                return self.exception_handlers[cls]
        return None

    async def _serve_direct(self, endpoint, scope, receive, send) -> None:
        start = time.perf_counter()
        status = 500  # logged when an unexpected error escapes (uvicorn answers 500 and logs it)
        try:
            refused = self.body_limit.refusal(scope)
            if refused is not None:
                code, message, headers = refused
                response = Response(json_bytes({"error": message}), code, headers, "application/json")
            else:
                limited = self.body_limit.limited(scope, receive)
                try:
                    body = await endpoint(scope, limited)
                except Exception as exc:
                    handler = self._handler(exc)
                    if handler is None:
                        raise
                    response = handler(Request(scope, limited), exc)
                    if inspect.isawaitable(response):
                        response = await response
                else:  # what Response(body, media_type="application/json") sends, with the envelope's headers
                    status = 200
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 200,
                            "headers": [
                                (b"content-length", str(len(body)).encode()),
                                (b"content-type", b"application/json"),
                                *SecurityHeaders.for_path(scope["path"]),
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": body})
                    return
            names = {k for k, _ in response.raw_headers}
            response.raw_headers += [(k, v) for k, v in SecurityHeaders.for_path(scope["path"]) if k not in names]
            status = response.status_code
            await response(scope, receive, send)
        finally:
            self.access.record(scope, status, start)


def server_options(config: WebConfig, *, by_name: bool = False) -> dict:
    """uvicorn's settings: request deadline, keep-alive, concurrency limit, proxy headers only from a
    trusted proxy. `by_name`: the protocol as an import string (for `serve --workers N`, whose worker
    processes import it; its deadline then comes from CALLCHECK_REQUEST_TIMEOUT).

    The HTTP parser is httptools and the event loop uvloop when they are installed (callcheck's
    dependencies: both in C, a fraction of the CPU of h11 and asyncio's loop per request), else h11
    and asyncio; `lifespan` runs the application's shutdown (trend rows written, pool stopped)."""
    from .protocol import protocol_name, with_deadline

    trusted = config.trusted_proxies
    return {
        # a deadline for each whole request: slow headers or bodies are closed
        "http": protocol_name() if by_name else with_deadline(config.request_timeout),
        "loop": "auto",  # uvloop when installed
        "timeout_keep_alive": config.keep_alive,
        "limit_concurrency": config.max_connections,
        "h11_max_incomplete_event_size": 16 * 1024,  # a request line and headers: at most 16 KB
        "proxy_headers": bool(trusted),  # X-Forwarded-For is believed only from CALLCHECK_TRUSTED_PROXIES
        "forwarded_allow_ips": trusted or None,
        "access_log": False,
        "log_config": None,
        "lifespan": "on",
        "server_header": False,
    }


def server_config(web: FastAPI, host: str, port: int, config: WebConfig):
    """The uvicorn.Config of one server process (see `server_options`)."""
    import uvicorn

    return uvicorn.Config(web, host=host, port=port, **server_options(config))


def create_app(
    app: App,
    config: WebConfig | None = None,
    *,
    telegram=None,
    telegram_secret: str = "",
    telegram_path: str = "/telegram",
    analysis: AnalysisPool | None = None,
) -> FastAPI:
    """The ASGI application; the Telegram route is added only when an Application is given.

    `analysis` replaces the default thread pool (e.g. a process pool over several cores); its
    function returns what `analysis.check_answer` does, (Analysis, the answer's JSON bytes).
    """
    from . import api, console, review, webhook

    config = config or WebConfig()
    state = WebState(app, config, analysis=analysis)

    @contextlib.asynccontextmanager
    async def lifespan(_web: FastAPI):
        yield
        try:
            web.access.flush()  # the checks counted since the last access-log line
        finally:
            state.close()  # the server is stopping: nothing recorded is lost

    web = CallcheckAPI(
        lifespan=lifespan,
        title="callcheck",
        summary="Is this caller or message a fake customer-service or courier scam?",
        version="1",
        openapi_url="/v1/openapi.json",
        docs_url=None,  # served by api.mount_docs from the installed package's assets (no CDN)
        redoc_url=None,
    )
    web.state.web = state
    web.access = AccessTally(config.access_log_seconds)
    web.body_limit = BodyLimit(None, default=config.max_body, per_prefix={telegram_path: config.max_webhook_body})
    api_routes = api.build_router(state)
    web.include_router(api_routes)
    web.direct.update(api_routes.direct)  # /v1/check: see CallcheckAPI
    api.mount_docs(web)
    web.include_router(review.build_router(state))  # /console/review: before the console's own routes
    web.include_router(console.build_router(state))
    console.mount_static(web)
    console.add_exception_handlers(web)  # the console's session dependencies: redirect to login, or 403
    if telegram is not None:
        web.include_router(webhook.build_router(telegram, telegram_secret, telegram_path))

    @web.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = exc.detail if isinstance(exc.detail, dict) else {"error": str(exc.detail)}
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @web.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=503, headers={"Retry-After": "5"})

    @web.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Never echo the input back (it may hold someone's account or number).
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse({"error": "the body is not valid JSON"}, status_code=400)
        problems = [
            {"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": e.get("msg", "")}
            for e in errors
        ]
        return JSONResponse({"error": "the request does not match the schema", "problems": problems}, 422)

    web.add_middleware(SecurityHeaders)
    web.add_middleware(BodyLimit, default=web.body_limit.default, per_prefix=dict(web.body_limit.per_prefix))
    web.add_middleware(AccessLog)
    return web
