"""The Telegram webhook route: wrong or missing secret tokens never reach the Application; a recorded update is answered."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from telegram import Update
from telegram.ext import TypeHandler
from test_telegram import FakeBotAPI

from bot.app import App, Settings
from bot.channels.telegram import build_application
from bot.channels.web.server import create_app
from bot.channels.web.webhook import SECRET_HEADER

RECORDED = json.loads((Path(__file__).parent / "data" / "telegram_webhook_update.json").read_text(encoding="utf-8"))
SECRET = "s3cret-token_for-tests"


def test_webhook_refuses_bad_tokens_and_processes_a_recorded_update(tmp_path, kb):
    async def scenario():
        app = App(Settings(db_path=tmp_path / "bot.db"))
        app._kb = kb
        api = FakeBotAPI()
        application = build_application(app, "123:TEST", request=api)
        seen: list[int] = []

        async def record(update: Update, context) -> None:
            seen.append(update.update_id)

        application.add_handler(TypeHandler(Update, record), group=-1)  # sees every update first
        web = create_app(app, telegram=application, telegram_secret=SECRET)
        async with application:
            await application.start()
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://127.0.0.1") as c:
                for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET[:-1]}, {SECRET_HEADER: ""}):
                    r = await c.post("/telegram", json=RECORDED, headers=headers)
                    assert r.status_code == 403
                r = await c.post("/telegram", content=b"{not json", headers={SECRET_HEADER: SECRET})
                assert r.status_code == 400
                r = await c.post("/telegram", json={"no": "update"}, headers={SECRET_HEADER: SECRET})
                assert r.status_code == 400
                await asyncio.sleep(0.1)
                assert seen == [] and api.sent() == []  # nothing refused reached the Application

                r = await c.post("/telegram", json=RECORDED, headers={SECRET_HEADER: SECRET})
                assert r.status_code == 200
                for _ in range(100):  # the running Application takes it from update_queue
                    if api.sent():
                        break
                    await asyncio.sleep(0.05)
            await application.stop()
        app.close()
        assert seen == [RECORDED["update_id"]]
        assert "这是诈骗" in api.texts() and "激活订单" in api.texts()

    asyncio.run(scenario())


def test_no_telegram_route_without_an_application(tmp_path, kb):
    app = App(Settings(db_path=tmp_path / "web.db"))
    app._kb = kb
    web = create_app(app)

    async def post():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://127.0.0.1") as c:
            return await c.post("/telegram", json=RECORDED, headers={SECRET_HEADER: SECRET})

    assert asyncio.run(post()).status_code in (404, 405)
    app.close()


def test_hostile_but_well_signed_bodies_are_400_and_never_reach_the_application(tmp_path, kb):
    deep = b'{"update_id": 7, "message": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    bodies = [
        b"[" * 200_000,  # a RecursionError in the parser was a 500
        deep,
        b'{"update_id": NaN}',
        b'{"update_id": Infinity, "message": {}}',
        b'{"update_id": 1, "x": -Infinity}',
        b'{"update_id": true}',
        b'{"update_id": "7"}',
    ]

    async def scenario():
        app = App(Settings(db_path=tmp_path / "bot.db"))
        app._kb = kb
        application = build_application(app, "123:TEST", request=FakeBotAPI())
        web = create_app(app, telegram=application, telegram_secret=SECRET)
        statuses = []
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://127.0.0.1") as c:
            for body in bodies:
                r = await c.post("/telegram", content=body, headers={SECRET_HEADER: SECRET})
                statuses.append(r.status_code)
        app.close()
        assert application.update_queue.empty()
        return statuses

    assert asyncio.run(scenario()) == [400] * len(bodies)
