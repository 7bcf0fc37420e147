"""The real python-telegram-bot Application over a local request object: what every Telegram test
drives. Each test file brings its own fake Bot API (what it needs answered) and settings."""

from __future__ import annotations

from telegram import Update
from telegram.request import BaseRequest

from bot.app import App
from bot.channels.telegram import build_application


class BotHarness:
    """`async with` an Application built on `app`, answering through `api`; `send` an update dict."""

    def __init__(self, app: App, api: BaseRequest):
        self.app = app
        self.api = api
        self.application = build_application(app, "123:TEST", request=api)

    async def __aenter__(self):
        await self.application.initialize()
        return self

    async def __aexit__(self, *exc):
        await self.application.shutdown()
        self.app.close()

    async def send(self, update: dict) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))
