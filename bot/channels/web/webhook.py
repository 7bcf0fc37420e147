"""The Telegram webhook route: python-telegram-bot's custom-webhook pattern.

The route checks Telegram's `X-Telegram-Bot-Api-Secret-Token` header in constant time before it
reads the body; a refused request never reaches the Application. An accepted update goes into
`Application.update_queue`, which the running Application (started beside the web server in
`callcheck serve`) dispatches like any other.
"""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

log = logging.getLogger("callcheck.web.telegram")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


MAX_DEPTH = 32  # Telegram's updates nest about 6 deep; a body of 200,000 '[' would overflow the parser


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python's json accepts them, JSON does not


def parse_update(body: bytes) -> dict:
    """The update as a dict, or ValueError: NaN and Infinity refused, nesting deeper than MAX_DEPTH refused."""
    try:
        data = json.loads(body, parse_constant=_no_constant)
    except RecursionError:  # the C parser gives up on very deep nesting: a 400, not a 500
        raise ValueError("nested too deeply") from None
    stack = [(data, 1)]
    while stack:  # iterative: a deep value cannot overflow this check either
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError("nested too deeply")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    update_id = data.get("update_id") if isinstance(data, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValueError("not an update")
    return data


def build_router(application, secret: str, path: str = "/telegram") -> APIRouter:
    """A POST route at `path` feeding `application.update_queue`."""
    from telegram import Update

    if not secret:
        raise ValueError("a webhook needs a secret token (TELEGRAM_WEBHOOK_SECRET)")
    router = APIRouter()
    expected = secret.encode()

    @router.post(path, include_in_schema=False)
    async def telegram_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request refused: wrong or missing secret token")
            return JSONResponse({"error": "forbidden"}, status_code=403)
        try:
            data = parse_update(await request.body())
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            log.warning("webhook request refused: %s", type(exc).__name__)
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return router
