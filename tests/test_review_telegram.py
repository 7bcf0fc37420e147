"""/suggest, the "you got it wrong" buttons and /queue through the real Application, offline."""

from __future__ import annotations

import json
import time

import pytest
from telegram_support import BotHarness
from test_telegram import USER_ID, FakeBotAPI, button_update, message_update, run

from bot.app import App, Settings

VOLUNTEER = 5151


class Harness(BotHarness):
    def __init__(self, tmp_path):
        app = App(Settings(db_path=tmp_path / "bot.db", admins=("cli:admin",)))
        app.roles.grant("cli:admin", f"tg:{VOLUNTEER}", "volunteer")
        super().__init__(app, FakeBotAPI())

    def buttons_with(self, prefix: str) -> dict[str, str]:
        for p in reversed(self.api.sent()):
            markup = p.get("reply_markup")
            markup = json.loads(markup) if isinstance(markup, str) else markup
            found = {
                b["callback_data"].split("|", 1)[1]: b["callback_data"]
                for row in (markup or {}).get("inline_keyboard", [])
                for b in row
            }
            if any(k.startswith(prefix) for k in found):
                return found
        return {}

    def last_text(self) -> str:
        return self.api.sent()[-1]["text"]


def as_user(update: dict, user_id: int) -> dict:
    key = "message" if "message" in update else "callback_query"
    update[key]["from"]["id"] = user_id
    if key == "message":
        update[key]["chat"]["id"] = user_id
    return update


def test_suggest_command_redacts_and_says_what_was_removed(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/suggest 我叫王芳，对方说要交解冻费，电话13800138000"))
            reply = h.last_text()
            assert "s1" in reply and "姓名" in reply and "电话号码" in reply
            stored = h.app.review.table.suggestion(1)
            assert stored.kind == "phrase" and "王芳" not in stored.text and "13800138000" not in stored.text
            await h.send(message_update("/suggest"))  # no text: ask for it, then take the next message
            await h.send(message_update("对方让我下载一个叫“安心退”的软件"))
            assert h.app.review.table.suggestion(2).text == "对方让我下载一个叫“安心退”的软件"

    run(scenario())


def test_missed_it_button_sends_the_redacted_account_after_confirmation(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("我叫李雷，快递员说明天上午送货，电话13900139000"))
            buttons = h.buttons_with("sug:")
            assert "sug:missed" in buttons
            await h.send(button_update(buttons["sug:missed"]))
            assert "李雷" not in h.last_text() and "[name]" in h.last_text()  # the preview is redacted
            assert h.app.review.table.suggestions() == []  # nothing sent before the user agrees
            await h.send(button_update(h.buttons_with("sug:y")["sug:y"]))
            (s,) = h.app.review.table.suggestions()
            assert s.kind == "missed_scam" and s.verdict and "李雷" not in s.text and "13900139000" not in s.text

    run(scenario())


@pytest.mark.parametrize(
    "account, button, note, kind",
    [
        (
            "顺丰：您的快件已放入丰巢柜，取件码 5531，请于周日前取件",
            "sug:genuine",
            "是真的，我在顺丰App里查过了，我叫王芳",
            "false_alarm",
        ),
        (
            "Royal Mail: a parcel is waiting, collect at the depot with code 5531",
            "sug:missed",
            "they rang me after and wanted my card, my name is Tom Baker",
            "missed_scam",
        ),
    ],
)
def test_words_written_while_send_it_waits_are_the_persons_note_not_a_new_check(tmp_path, account, button, note, kind):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update(account))
            await h.send(button_update(h.buttons_with("sug:")[button]))
            typed = message_update(note)
            typed["message"]["date"] = int(time.time())  # a button press is dated now: so is this
            await h.send(typed)
            preview = h.last_text()
            assert note.split("，")[0].split(",")[0] in preview and account[:12] in preview  # asked again, with it
            assert h.app.review.table.suggestions() == []  # still nothing sent before they agree
            await h.send(button_update(h.buttons_with("sug:y")["sug:y"]))
            (s,) = h.app.review.table.suggestions()
            assert s.kind == kind and note.split("，")[0].split(",")[0] in s.text
            assert "王芳" not in s.text and "Tom Baker" not in s.text  # the note is redacted too

    run(scenario())


def test_queue_is_for_volunteers_and_decisions_are_typed_with_a_reason(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/suggest 对方说要交解冻费才能退款"))
            await h.send(message_update("/queue"))  # USER_ID is no volunteer
            assert "志愿者" in h.last_text() and "解冻费" not in h.last_text()
            await h.send(as_user(message_update("/queue"), VOLUNTEER))
            assert "s1" in h.last_text() and "解冻费" in h.last_text()
            await h.send(as_user(message_update("/queue reject s1"), VOLUNTEER))
            assert "reason" in h.last_text()
            await h.send(as_user(message_update("/queue reject s1 重复的说法"), VOLUNTEER))
            assert "rejected" in h.last_text()
            assert h.app.review.table.suggestion(1).status == "rejected"
            log = h.app.review.table.history("s1")
            assert [(e["action"], e["reason"]) for e in log] == [("reject", "重复的说法")]
            assert log[0]["by"] == h.app.roles.key(f"tg:{VOLUNTEER}")

    run(scenario())


def test_forget_also_deletes_the_persons_suggestions(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update("/suggest 对方说要交解冻费"))
            await h.send(message_update("/forget"))
            await h.send(button_update(h.buttons_with("fgt:y")["fgt:y"]))
            assert h.app.review.table.suggestions() == []
            assert USER_ID  # the same user who suggested

    run(scenario())
