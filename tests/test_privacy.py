"""Privacy at rest and in logs: what a chat leaves behind, and what /forget removes (issue 11)."""

from __future__ import annotations

import asyncio
import logging
import stat
import threading

from test_telegram import USER_ID, Harness, button_update, message_update

from bot.conversation.engine import Incoming
from bot.store.audit import AuditLog, RoleTable

CARD = "6222021234567890123"
ID_NUMBER = "110101199003074578"
EMAIL = "victim.person@example.com"
WECHAT = "wxid_secret42"
ACCOUNT = (
    f"我是淘宝客服，你的快递丢了，三倍赔偿。请把银行卡号{CARD}、身份证号{ID_NUMBER}发到 {EMAIL}，"
    f"加微信 {WECHAT}，验证码发我"
)
SECRETS = (CARD, ID_NUMBER, EMAIL, WECHAT)


def _files(tmp_path):
    return [p for p in tmp_path.iterdir() if p.name.startswith("bot.db")]


def _leaks(tmp_path, text: str) -> list[str]:
    found = []
    for p in _files(tmp_path):
        data = p.read_bytes()
        found += [f"{p.name}: {s}" for s in SECRETS if s.encode() in data]
    found += [f"log: {s}" for s in SECRETS if s in text]
    return found


def test_a_chat_leaves_no_personal_data_in_tables_wal_or_logs(tmp_path, caplog):
    async def scenario():
        async with Harness(tmp_path) as h:
            with caplog.at_level(logging.DEBUG):
                await h.send(message_update(ACCOUNT))
                await h.send(message_update(f"他还说 {EMAIL} 是他们的客服邮箱"))
                state = h.app.store.load_chat(f"tg:{USER_ID}")
                assert state is not None and state["facts"]  # the follow-up questions still have what they need
                buttons = h.last_buttons()
                if buttons:
                    await h.send(button_update(buttons[0]["callback_data"]))
                await h.send(message_update("/report 13800138000"))
                await h.send(button_update(h.last_buttons()[0]["callback_data"]))
            assert not _leaks(tmp_path, caplog.text), _leaks(tmp_path, caplog.text)
            for p in _files(tmp_path):
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name

    asyncio.run(scenario())


def test_forget_removes_every_row_tied_to_the_person(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            store = h.app.store
            await h.send(message_update(ACCOUNT))
            await h.send(message_update("/report 13800138000"))
            await h.send(button_update(h.last_buttons()[0]["callback_data"]))
            key = store.reporter_key(f"tg:{USER_ID}")
            RoleTable(store).grant(key, "volunteer", "admin-key")
            AuditLog(store).record(key, "review.queue", "allowed")
            assert store.read("SELECT COUNT(*) FROM reports WHERE reporter = ?", [key])[0][0] == 1
            await h.send(message_update("/forget"))
            await h.send(button_update(h.last_buttons()[0]["callback_data"]))
            assert "删除" in h.api.texts().splitlines()[-1] or "deleted" in h.api.texts().lower()
            for table, column in (("reports", "reporter"), ("chats", "chat"), ("roles", "member"), ("audit", "actor")):
                assert store.read(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [key]) == [(0,)], table
            assert store.lookup("+8613800138000") is None
            wal = tmp_path / "bot.db-wal"
            assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated
        assert not _leaks(tmp_path, "")

    asyncio.run(scenario())


def test_forget_reaches_tables_other_modules_register(tmp_path):
    from bot.store import FORGET_TABLES, Store, register_forget

    store = Store(tmp_path / "h.db", salt=b"a-test-salt-long-enough")
    store.db.execute("CREATE TABLE subscriptions (member TEXT, topic TEXT)")
    key = store.reporter_key("tg:7")
    store.db.execute("INSERT INTO subscriptions VALUES (?, 'alerts'), ('other', 'alerts')", [key])
    register_forget("subscriptions", "member")
    try:
        out = store.forget_person("tg:7")
        assert out["subscriptions"] == 1
        assert store.read("SELECT member FROM subscriptions") == [("other",)]
    finally:
        FORGET_TABLES.pop("subscriptions")
        store.close()


def test_expired_states_are_purged_while_running(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            store = h.app.store
            conversations = h.app.conversations
            await h.send(message_update("有人说我的快递丢了"))
            assert store.read("SELECT COUNT(*) FROM chats") == [(1,)]
            real = store.clock
            store.clock = lambda: real() + 31 * 24 * 3600  # a month later, the bot still running
            conversations.handle("tg:other", "tg:other", Incoming("command", command="help"))
            keys = [r[0] for r in store.read("SELECT chat FROM chats")]
            assert store.reporter_key(f"tg:{USER_ID}") not in keys
            store.clock = real

    asyncio.run(scenario())


def test_debug_logs_carry_no_text_names_urls_or_ids(tmp_path, caplog):
    async def scenario():
        api_update = message_update(
            "Please send the code to my friend at http://evil.example/pay?id=777 now", chat_id=4321
        )
        api_update["message"]["from"].update({"first_name": "Zelda", "username": "zelda_x", "id": 4321})
        async with Harness(tmp_path) as h:
            with caplog.at_level(logging.DEBUG):
                await h.send(api_update)
                await h.send(message_update("我是淘宝客服，订单卡单了"))
        text = caplog.text
        for leak in ("Please send", "Zelda", "zelda_x", "4321", "evil.example", "777", "卡单", "TEST", str(USER_ID)):
            assert leak not in text, leak

    asyncio.run(scenario())


def test_user_who_blocked_the_bot_at_debug(tmp_path, caplog):
    from test_telegram import FakeBotAPI

    async def scenario():
        api = FakeBotAPI()
        api.script["sendMessage"] = [
            (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
        ]
        async with Harness(tmp_path, api) as h:
            with caplog.at_level(logging.DEBUG):
                await h.send(message_update("我是淘宝客服，订单卡单了 13800138000"))
            assert "blocked the bot" in caplog.text
            assert "13800138000" not in caplog.text and str(USER_ID) not in caplog.text
            assert "TEST" not in caplog.text

    asyncio.run(scenario())


def test_a_slow_message_does_not_stall_other_chats(tmp_path):
    release = threading.Event()
    order: list[str] = []

    async def scenario():
        async with Harness(tmp_path) as h:
            engine = h.app.conversations.engine
            analyze = engine.analyze

            def slow_analyze(text):
                if "SLOWSLOW" in text:
                    release.wait(5)  # old code: this blocks the event loop, and the other chat waits
                    order.append("slow")
                else:
                    order.append("fast")
                return analyze(text)

            engine.analyze = slow_analyze

            async def fast():
                await asyncio.sleep(0.05)
                await h.send(message_update("有人说我的快递丢了", chat_id=1111))
                release.set()

            await asyncio.gather(h.send(message_update("SLOWSLOW 快递丢了", chat_id=2222)), fast())

    asyncio.run(scenario())
    assert order[:2] == ["fast", "slow"], order
