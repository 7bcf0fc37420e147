"""The one ASGI application: JSON API (/v1), operator console (/console), volunteers' review page
(/console/review), Telegram webhook (/telegram).

`create_app` wires; nothing runs at import. Handlers are `async def` on purpose: the store holds
one SQLite connection, so every database call stays on the event loop's thread (sync handlers
would run in a thread pool). Analyses take about a millisecond, which the loop can afford.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ...app import App, ConfigError
from .limits import AccessLog, BodyLimit, RateLimiter, SecurityHeaders

HERE = Path(__file__).resolve().parent


@dataclass
class WebConfig:
    """Settings of the HTTP side, read once (CALLCHECK_API_PER_MINUTE, _MAX_BODY, _COOKIE_SECURE)."""

    api_per_minute: int = 60  # default for new keys
    max_body: int = 64 * 1024
    max_webhook_body: int = 1024 * 1024
    cookie_secure: bool = True
    login_attempts: int = 10  # wrong or right, per login and address, a minute (token bucket)

    @classmethod
    def from_env(cls, env: dict | None = None) -> WebConfig:
        env = os.environ if env is None else env

        def whole(name: str, default: int) -> int:
            raw = env.get(name)
            if raw in (None, ""):
                return default
            if not str(raw).isdigit() or int(raw) < 1:
                raise ConfigError(f"{name} must be a whole number of at least 1, not {raw!r}")
            return int(raw)

        secure = str(env.get("CALLCHECK_COOKIE_SECURE", "1")).strip().lower()
        if secure not in ("1", "0", "true", "false", "yes", "no"):
            raise ConfigError(f"CALLCHECK_COOKIE_SECURE must be 1 or 0, not {secure!r}")
        return cls(
            api_per_minute=whole("CALLCHECK_API_PER_MINUTE", 60),
            max_body=whole("CALLCHECK_MAX_BODY", 64 * 1024),
            cookie_secure=secure in ("1", "true", "yes"),
        )


@dataclass
class WebState:
    """What the routes share: the App, the key and operator tables, and the rate limiter."""

    app: App
    config: WebConfig
    limiter: RateLimiter = field(default_factory=RateLimiter)
    _keys: object = None
    _operators: object = None
    _cases: object = None

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
        return self._cases


def create_app(
    app: App,
    config: WebConfig | None = None,
    *,
    telegram=None,
    telegram_secret: str = "",
    telegram_path: str = "/telegram",
) -> FastAPI:
    """The ASGI application; the Telegram route is added only when an Application is given."""
    from . import api, console, review, webhook

    config = config or WebConfig()
    state = WebState(app, config)
    web = FastAPI(
        title="callcheck",
        summary="Is this caller or message a fake customer-service or courier scam?",
        version="1",
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
    )
    web.state.web = state
    web.include_router(api.build_router(state))
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
    web.add_middleware(BodyLimit, default=config.max_body, per_prefix={telegram_path: config.max_webhook_body})
    web.add_middleware(AccessLog)
    return web
