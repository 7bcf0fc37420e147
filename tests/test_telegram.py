"""The real python-telegram-bot Application, offline: a local request object answers the Bot API.

Updates go through `Application.process_update(Update.de_json(...))`, the real dispatch path, as in
the library's own tests. Nothing touches the network.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging

import pytest
from telegram.request import BaseRequest
from telegram_support import BotHarness

from bot.app import App, Settings
from bot.channels.telegram import split_text

BOT_ID = 999
USER_ID = 4242
GROUP_ID = -100123


class FakeBotAPI(BaseRequest):
    """Answers getMe, sendMessage, editMessageText, answerCallbackQuery and setMyCommands; records calls."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.script: dict[str, list[tuple[int, dict]]] = {}  # method -> canned failures, used first
        self.ids = itertools.count(100)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self,
        url,
        method,
        request_data=None,
        read_timeout=None,
        write_timeout=None,
        connect_timeout=None,
        pool_timeout=None,
    ):
        name = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        self.calls.append((name, params))
        if self.script.get(name):
            status, body = self.script[name].pop(0)
            return status, json.dumps(body).encode()
        chat = {"id": params.get("chat_id", USER_ID), "type": "private"}
        message = {"message_id": next(self.ids), "date": 1_800_000_000, "chat": chat, "text": params.get("text", "")}
        result = {
            "getMe": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "callcheck",
                "username": "callcheck_bot",
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            },
            "sendMessage": message,
            "editMessageText": message,
            "answerCallbackQuery": True,
            "setMyCommands": True,
        }.get(name, True)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent(self) -> list[dict]:
        return [p for name, p in self.calls if name in ("sendMessage", "editMessageText")]

    def texts(self) -> str:
        return "\n".join(p["text"] for p in self.sent())


_update_ids = itertools.count(1)


def message_update(
    text: str, chat_id: int = USER_ID, chat_type: str = "private", reply_to_bot: bool = False, sticker: bool = False
) -> dict:
    msg = {
        "message_id": next(_update_ids),
        "date": 1_800_000_000,
        "chat": {"id": chat_id, "type": chat_type, **({"title": "邻里群"} if chat_type != "private" else {})},
        "from": {"id": USER_ID, "is_bot": False, "first_name": "A", "language_code": "zh-hans"},
    }
    if sticker:
        msg["sticker"] = {
            "file_id": "x",
            "file_unique_id": "y",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    else:
        msg["text"] = text
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}]
    if reply_to_bot:
        msg["reply_to_message"] = {
            "message_id": 1,
            "date": 1_800_000_000,
            "chat": msg["chat"],
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "callcheck"},
            "text": "…",
        }
    return {"update_id": next(_update_ids), "message": msg}


def button_update(data: str, chat_id: int = USER_ID) -> dict:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "chat_instance": "ci",
            "data": data,
            "from": {"id": USER_ID, "is_bot": False, "first_name": "A"},
            "message": {
                "message_id": 7,
                "date": 1_800_000_000,
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "callcheck"},
                "text": "…",
            },
        },
    }


class Harness(BotHarness):
    def __init__(self, tmp_path, api: FakeBotAPI | None = None):
        super().__init__(App(Settings(db_path=tmp_path / "bot.db")), api or FakeBotAPI())

    def last_buttons(self) -> list[dict]:
        for p in reversed(self.api.sent()):
            markup = p.get("reply_markup")
            if markup:
                markup = json.loads(markup) if isinstance(markup, str) else markup
                return [b for row in markup["inline_keyboard"] for b in row]
        return []


def run(coro):
    return asyncio.run(coro)


def test_account_gets_a_verdict_with_buttons(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("我是淘宝客服，你的订单卡单了，需要激活订单，请下载腾讯会议共享屏幕"))
            text = h.api.texts()
            assert "这是诈骗" in text and "激活订单" in text and "淘宝" in text
            assert all(p["parse_mode"] == "HTML" for p in h.api.sent())
            labels = [b["text"] for b in h.last_buttons()]
            assert "我已转账/提供了信息" in labels
            assert all(len(b["callback_data"].encode()) <= 64 for b in h.last_buttons())

    run(scenario())


def test_follow_up_questions_update_the_verdict(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("有个人打电话说我的快递丢了要赔我钱"))
            assert "对方让你做了什么" in h.api.texts() or "对方自称是谁" in h.api.texts()
            for _ in range(3):  # answer whichever questions come, choosing "borrow" and "transfer" when offered
                buttons = {b["callback_data"].split("|", 1)[1]: b["callback_data"] for b in h.last_buttons()}
                if "act:borrow" in buttons:
                    await h.send(button_update(buttons["act:borrow"]))
                    buttons = {b["callback_data"].split("|", 1)[1]: b["callback_data"] for b in h.last_buttons()}
                    await h.send(button_update(buttons["done"]))
                elif "who:courier" in buttons:
                    await h.send(button_update(buttons["who:courier"]))
            assert "根据你补充的情况" in h.api.texts()
            assert "这是诈骗" in h.api.texts()
            assert any(name == "editMessageText" for name, _ in h.api.calls)  # toggles edit in place

    run(scenario())


def test_stale_button_is_rejected_politely(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/lang"))
            old = h.last_buttons()[0]["callback_data"]
            await h.send(message_update("/lang"))
            await h.send(button_update(old))
            assert "已经过期" in h.api.sent()[-1]["text"]

    run(scenario())


def test_already_paid_then_record_the_number(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(
                message_update("自称支付宝客服的人用13800138000打给我，说理赔款打到备用金里了让我借出来转回去")
            )
            paid = next(b for b in h.last_buttons() if b["text"] == "我已转账/提供了信息")
            await h.send(button_update(paid["callback_data"]))
            assert "110" in h.api.texts() and "96110" in h.api.texts()
            record = next(b for b in h.last_buttons() if b["text"] == "记录这个号码")
            await h.send(button_update(record["callback_data"]))
            assert "已记录 +8613800138000" in h.api.sent()[-1]["text"]
            assert h.app.store.lookup("+8613800138000").reporters == 1

    run(scenario())


def test_commands(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            for cmd, expect in [
                ("/start", "反诈核实助手"),
                ("/help", "/check"),
                ("/privacy", "/forget"),
                ("/official 支付宝", "95188"),
                ("/check 0095188", "95188"),
                ("/check abc", "看不懂"),
                ("/nosuch", "不认识这个命令"),
                ("/cancel", "已结束"),
            ]:
                before = len(h.api.sent())
                await h.send(message_update(cmd))
                assert expect in "\n".join(p["text"] for p in h.api.sent()[before:]), cmd
            await h.send(message_update("/lang en"))
            await h.send(message_update("/help"))
            assert "Commands" in h.api.sent()[-1]["text"]

    run(scenario())


def test_report_with_confirmation(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/report 13800138000"))
            assert "确认举报" in h.api.texts()
            assert h.app.store.lookup("+8613800138000") is None  # nothing before confirmation
            yes = next(b for b in h.last_buttons() if b["text"] == "确认举报")
            await h.send(button_update(yes["callback_data"]))
            assert h.app.store.lookup("+8613800138000").reporters == 1

    run(scenario())


def test_forget_deletes_what_is_stored(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/report 13800138000"))
            await h.send(button_update(next(b for b in h.last_buttons() if b["text"] == "确认举报")["callback_data"]))
            await h.send(message_update("/forget"))
            await h.send(button_update(next(b for b in h.last_buttons() if b["text"] == "确认删除")["callback_data"]))
            assert "已删除" in h.api.sent()[-1]["text"]
            assert h.app.store.lookup("+8613800138000") is None
            assert h.app.store.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 0

    run(scenario())


def test_group_mode(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("今天谁去买菜？13800138000", chat_id=GROUP_ID, chat_type="supergroup"))
            assert h.api.sent() == []  # not addressed, no scam: silent
            await h.send(
                message_update(
                    "@callcheck_bot 有人说是淘宝客服，快递丢了三倍赔偿，让我加他微信 13800138000",
                    chat_id=GROUP_ID,
                    chat_type="supergroup",
                )
            )
            reply = h.api.sent()[-1]["text"]
            assert "13800138000" not in reply and "私聊" in reply
            count = len(h.api.sent())
            await h.send(
                message_update(
                    "订单卡单了，需要激活订单，请把验证码发给我，转账到安全账户",
                    chat_id=GROUP_ID,
                    chat_type="supergroup",
                )
            )
            assert len(h.api.sent()) == count + 1  # high-confidence scam: answers unasked
            await h.send(message_update("/report 13800138000", chat_id=GROUP_ID, chat_type="supergroup"))
            assert "私聊" in h.api.sent()[-1]["text"]

    run(scenario())


def test_stickers_unknown_commands_and_long_messages(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("", sticker=True))
            assert "读不了语音" in h.api.sent()[-1]["text"]
            await h.send(message_update("我是淘宝客服，订单卡单了。" + "啊" * 20_000))
            assert all(len(p["text"]) <= 4096 for p in h.api.sent())
            assert "只分析了前" in h.api.texts()

    run(scenario())


def test_flood_from_one_user_is_bounded(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            for _ in range(30):
                await h.send(message_update("你好"))
            texts = [p["text"] for p in h.api.sent()]
            assert sum("太多太快" in t for t in texts) == 1
            assert len(texts) < 30 * 3

    run(scenario())


def test_user_who_blocked_the_bot(tmp_path, caplog):
    async def scenario():
        api = FakeBotAPI()
        api.script["sendMessage"] = [
            (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
        ]
        async with Harness(tmp_path, api) as h:
            with caplog.at_level(logging.INFO):
                await h.send(message_update("我是淘宝客服，订单卡单了 13800138000"))
            assert "blocked the bot" in caplog.text
            assert "13800138000" not in caplog.text and str(USER_ID) not in caplog.text
            assert "TEST" not in caplog.text  # the token never appears

    run(scenario())


def test_flood_control_429_is_retried(tmp_path):
    async def scenario():
        api = FakeBotAPI()
        api.script["sendMessage"] = [
            (
                429,
                {"ok": False, "error_code": 429, "description": "Too Many Requests", "parameters": {"retry_after": 1}},
            )
        ]
        async with Harness(tmp_path, api) as h:
            await h.send(message_update("/help"))
            sends = [name for name, _ in api.calls if name == "sendMessage"]
            assert len(sends) == 2 and "/check" in api.sent()[-1]["text"]

    run(scenario())


def test_restart_mid_conversation_loses_nothing(tmp_path):
    async def first():
        async with Harness(tmp_path) as h:
            await h.send(message_update("有人打电话说我的快递丢了要赔我钱"))
            return h.last_buttons()

    buttons = run(first())
    pick = next(b for b in buttons if b["callback_data"].endswith(("act:borrow", "who:courier")))

    async def second():
        async with Harness(tmp_path) as h:  # a new process: new App, new Application, same database
            await h.send(button_update(pick["callback_data"]))
            assert "已经过期" not in h.api.texts()
            assert "更新判断" in h.api.texts() or "✓" in json.dumps(h.api.sent(), ensure_ascii=False)

    run(second())


def test_menu_in_both_languages(tmp_path):
    async def scenario():
        h = Harness(tmp_path)
        async with h:
            await h.application.post_init(h.application)
        menus = [p for name, p in h.api.calls if name == "setMyCommands"]
        assert len(menus) == 2 and any(p.get("language_code") == "en" for p in menus)

    run(scenario())


@pytest.mark.parametrize("text", ["a" * 10_000, "&" * 5000, "<b>x</b>\n" * 2000])
def test_split_text_escapes_and_respects_the_limit(text):
    chunks = split_text(text)
    assert all(0 < len(c) <= 4096 for c in chunks)
    assert "<b>" not in "".join(chunks)
    assert all(not c.endswith("&amp") for c in chunks)


def test_log_redaction():
    from bot.logs import redact

    line = (
        "POST https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage chat 4242424 "
        '"我是淘宝客服你的快递丢了要赔你钱" 138 0013 8000'
    )
    out = redact(line)
    assert "AAHdq" not in out and "4242424" not in out and "13800138000" not in out.replace(" ", "")
    assert "淘宝客服你的快递" not in out and "sendMessage" in out
