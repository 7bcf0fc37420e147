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
            data = json.loads(await request.body())
            if not isinstance(data, dict) or "update_id" not in data:
                raise ValueError("not an update")
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("webhook request refused: %s", type(exc).__name__)
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return router
