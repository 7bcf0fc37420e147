"""Police features through the real python-telegram-bot Application, offline (a local BaseRequest).

Roles and refusals (including a forged confirm button), subscriptions, preview and confirm, every
delivery failure kind, trends with a chart, and a drafted alert after a spike.
"""

from __future__ import annotations

import asyncio
import itertools
import json

from telegram.request import BaseRequest
from telegram_support import BotHarness

from bot.app import App, Settings
from bot.channels.telegram_police import check_spikes

BOT_ID = 999
ADMIN, OFFICER, CITIZEN, GROUP_ADMIN = 1, 2, 3, 4
NOW = 1_800_000_000


class FakeBotAPI(BaseRequest):
    """Answers the Bot API locally: scripted failures per chat id, chat members, and a record of calls."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.fail: dict[int, list[tuple[int, dict]]] = {}  # chat id -> canned error answers for sendMessage
        self.admins: set[tuple[int, int]] = set()  # (chat, user) pairs that administer a group
        self.ids = itertools.count(100)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(self, url, method, request_data=None, **kwargs):
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((name, params))
        chat_id = int(params.get("chat_id", 0) or 0)
        if name == "sendMessage" and self.fail.get(chat_id):
            status, body = self.fail[chat_id].pop(0)
            return status, json.dumps(body).encode()
        message = {
            "message_id": next(self.ids),
            "date": NOW,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "text": params.get("text", ""),
        }
        if name == "getChatMember":
            user = int(params["user_id"])
            status = "administrator" if (chat_id, user) in self.admins else "member"
            result = {"status": status, "user": {"id": user, "is_bot": False, "first_name": "U"}}
            if status == "administrator":
                result.update(
                    can_be_edited=False,
                    is_anonymous=False,
                    can_manage_chat=True,
                    can_delete_messages=True,
                    can_manage_video_chats=True,
                    can_restrict_members=True,
                    can_promote_members=False,
                    can_change_info=True,
                    can_invite_users=True,
                    can_post_stories=False,
                    can_edit_stories=False,
                    can_delete_stories=False,
                )
            return 200, json.dumps({"ok": True, "result": result}).encode()
        result = {
            "getMe": {"id": BOT_ID, "is_bot": True, "first_name": "callcheck", "username": "callcheck_bot"},
            "sendMessage": message,
            "editMessageText": message,
            "sendPhoto": {**message, "photo": [{"file_id": "p", "file_unique_id": "q", "width": 8, "height": 4}]},
        }.get(name, True)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent_to(self, chat_id: int) -> list[dict]:
        return [p for n, p in self.calls if n == "sendMessage" and int(p["chat_id"]) == chat_id]

    def texts_to(self, chat_id: int) -> str:
        return "\n".join(p["text"] for p in self.sent_to(chat_id))


_ids = itertools.count(1)


def command(text: str, user: int, chat_id: int | None = None, chat_type: str = "private", lang: str = "zh") -> dict:
    chat_id = user if chat_id is None else chat_id
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": NOW,
            "chat": {"id": chat_id, "type": chat_type, **({"title": "邻里群"} if chat_type != "private" else {})},
            "from": {"id": user, "is_bot": False, "first_name": "A", "language_code": lang},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}],
        },
    }


def button(data: str, user: int) -> dict:
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "chat_instance": "ci",
            "data": data,
            "from": {"id": user, "is_bot": False, "first_name": "A"},
            "message": {
                "message_id": 7,
                "date": NOW,
                "chat": {"id": user, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "callcheck"},
                "text": "…",
            },
        },
    }


def membership(chat_id: int, chat_type: str, old: str, new: str, by: int = GROUP_ADMIN) -> dict:
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "callcheck"}
    return {
        "update_id": next(_ids),
        "my_chat_member": {
            "chat": {"id": chat_id, "type": chat_type, "title": "邻里群"},
            "from": {"id": by, "is_bot": False, "first_name": "A"},
            "date": NOW,
            "old_chat_member": {"status": old, "user": bot},
            "new_chat_member": {"status": new, "user": bot, **({"until_date": 0} if new == "kicked" else {})},
        },
    }


class Harness(BotHarness):
    def __init__(self, tmp_path, api: FakeBotAPI | None = None, **settings):
        app = App(Settings(db_path=tmp_path / "bot.db", admins=(f"tg:{ADMIN}",), **settings))
        self.now = float(NOW)  # 16:00 in China: outside quiet hours unless a test moves it
        app.store.clock = lambda: self.now
        super().__init__(app, api or FakeBotAPI())

    async def broadcasts(self) -> list[dict]:
        tasks = list(self.application.bot_data.get("broadcasts", {}).values())
        return list(await asyncio.gather(*tasks))

    def confirm_button(self, chat_id: int) -> str:
        for p in reversed(self.api.sent_to(chat_id)):
            if p.get("reply_markup"):
                markup = p["reply_markup"]
                markup = json.loads(markup) if isinstance(markup, str) else markup
                return markup["inline_keyboard"][0][0]["callback_data"]
        raise AssertionError("no buttons sent")

    async def make_officer(self, user: int = OFFICER, name: str = "陈警官", unit: str = "南山分局反诈中心") -> None:
        await self.send(command(f"/grant {user} police {name} | {unit} | 0755-2666 0110", ADMIN))


def run(coro):
    return asyncio.run(coro)


def test_admin_grants_and_revokes_and_others_are_refused(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command(f"/grant {CITIZEN} police", CITIZEN))
            assert "没有这个权限" in h.api.texts_to(CITIZEN)
            assert not h.app.roles.can(f"tg:{CITIZEN}", "alert.send")
            await h.make_officer()
            assert "已授予 police" in h.api.texts_to(ADMIN)
            assert h.app.roles.can(f"tg:{OFFICER}", "alert.send")
            await h.send(command(f"/grant {CITIZEN} police", OFFICER))  # police cannot make police
            assert "没有这个权限" in h.api.texts_to(OFFICER)
            await h.send(command(f"/revoke {OFFICER} police", ADMIN))
            assert not h.app.roles.can(f"tg:{OFFICER}", "alert.send")
            await h.send(command("/grant", ADMIN))
            assert "/grant 用户ID 角色" in h.api.texts_to(ADMIN)
            audit = h.app.roles.audit.recent(action="role.")
            assert [r["outcome"] for r in audit].count("refused") == 2
            assert all(len(r["actor"]) == 24 and r["target"] in ("police", None) for r in audit)  # salted keys only

    run(scenario())


def test_a_telegram_username_is_no_member_and_gets_the_usage(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            for member in ("@somebody", "somebody"):
                await h.send(command(f"/grant {member} volunteer", ADMIN))
                assert "/grant 用户ID 角色" in h.api.texts_to(ADMIN)
                assert not h.app.roles.can(member, "review.queue")
            assert h.app.store.db.execute("SELECT COUNT(*) FROM roles").fetchone()[0] == 0

    run(scenario())


def test_citizen_cannot_alert_even_with_a_forged_button(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe HK", CITIZEN))
            await h.send(command("/alert HK fake_cod", CITIZEN))
            assert "没有这个权限" in h.api.texts_to(CITIZEN)
            assert h.app.store.db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] == 0
            await h.send(command("/alert HK fake_cod", OFFICER))
            draft = h.confirm_button(OFFICER)
            assert draft.startswith("pol:ok:")
            await h.send(button(draft, CITIZEN))  # the same callback data, sent by someone else
            answers = [p for n, p in h.api.calls if n == "answerCallbackQuery"]
            assert answers[-1].get("show_alert") and "没有这个权限" in answers[-1]["text"]
            await h.send(button("pol:ok:99999", CITIZEN))
            await h.send(button("pol:ok:x;DROP", CITIZEN))
            assert await h.broadcasts() == []
            assert h.app.store.db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 0
            assert h.app.store.db.execute("SELECT status FROM alerts").fetchone()[0] == "draft"
            refused = [r for r in h.app.roles.audit.recent(action="alert.") if r["outcome"] == "refused"]
            assert len(refused) == 4 and {r["actor"] for r in refused} == {h.app.roles.key(f"tg:{CITIZEN}")}
            assert "反诈预警（" not in h.api.texts_to(CITIZEN)

    run(scenario())


def test_private_subscribe_and_unsubscribe(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command("/subscribe", CITIZEN))
            assert "用法" in h.api.texts_to(CITIZEN)
            await h.send(command("/subscribe Shenzen", CITIZEN))
            assert "看不懂地区" in h.api.texts_to(CITIZEN) and "深圳" in h.api.texts_to(CITIZEN)
            await h.send(command("/subscribe cn-gd-Shenzhen", CITIZEN))
            row = h.app.subscriptions.get(CITIZEN)
            assert row["status"] == "active" and row["regions"] == ["CN-GD-Shenzhen"] and row["lang"] == "zh"
            await h.send(command("/unsubscribe", CITIZEN))
            assert h.app.subscriptions.get(CITIZEN)["status"] == "inactive"
            assert "已退订" in h.api.texts_to(CITIZEN)

    run(scenario())


def test_group_subscribes_when_added_and_confirmed(tmp_path):
    group = -100500

    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(membership(group, "supergroup", "left", "member"))
            assert h.app.subscriptions.get(group)["status"] == "pending"
            assert "/subscribe" in h.api.texts_to(group)
            await h.send(command("/subscribe HK", CITIZEN, group, "supergroup"))
            assert "没有这个权限" in h.api.texts_to(group)
            assert h.app.subscriptions.get(group)["status"] == "pending"
            h.api.admins.add((group, GROUP_ADMIN))
            await h.send(command("/subscribe HK TW-Taipei", GROUP_ADMIN, group, "supergroup"))
            row = h.app.subscriptions.get(group)
            assert row["status"] == "active" and row["regions"] == ["HK", "TW-Taipei"]
            await h.send(command("/unsubscribe", CITIZEN, group, "supergroup"))
            assert h.app.subscriptions.get(group)["status"] == "active"  # not theirs to stop
            await h.send(command("/unsubscribe", OFFICER, group, "supergroup"))
            assert h.app.subscriptions.get(group)["status"] == "inactive"
            await h.send(command("/subscribe HK", OFFICER, group, "supergroup"))
            assert h.app.subscriptions.get(group)["status"] == "active"
            await h.send(membership(group, "supergroup", "member", "kicked"))
            assert h.app.subscriptions.get(group)["status"] == "inactive"
            ids = h.app.store.db.execute("SELECT typeof(chat_id) FROM subscribers").fetchall()
            assert {r[0] for r in ids} == {"integer"}

    run(scenario())


def test_preview_then_confirm_sends_once_to_matching_chats_in_their_language(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe CN-GD-Shenzhen", 10))
            await h.send(command("/subscribe CN-GD en", 11, lang="en"))
            await h.send(command("/subscribe HK", 12))
            await h.send(command("/alert CN-GD fake_cod", OFFICER))
            preview = h.api.texts_to(OFFICER)
            assert "将发往 2 个订阅" in preview and "反诈预警（广东）" in preview
            assert h.api.sent_to(10)[-1]["text"].startswith("已订阅")  # nothing sent before confirming
            ok = h.confirm_button(OFFICER)
            await h.send(button(ok, OFFICER))
            await h.send(button(ok, OFFICER))  # a double tap
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2 and counts["total"] == 2
            assert "反诈预警（广东）" in h.api.sent_to(10)[-1]["text"]
            assert h.api.sent_to(11)[-1]["text"].startswith("⚠️ Scam alert (Guangdong)")
            assert "反诈预警（" not in h.api.texts_to(12)
            alerts_sent = [p for p in h.api.sent_to(10) if "反诈预警（" in p["text"]]
            assert len(alerts_sent) == 1
            officer = h.api.texts_to(OFFICER)
            assert "已经确认过" in officer and "发送完毕：已发送 2" in officer

    run(scenario())


def test_free_text_alert_and_cancel(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe HK", 10))
            await h.send(command("/alert HK 近日有人冒充顺丰客服致电，称快递丢失要“理赔”。", OFFICER))
            assert "冒充顺丰客服" in h.api.texts_to(OFFICER)
            ok = h.confirm_button(OFFICER)
            await h.send(button(ok.replace("pol:ok:", "pol:no:"), OFFICER))
            assert "已取消" in h.api.texts_to(OFFICER)
            await h.send(button(ok, OFFICER))
            assert await h.broadcasts() == []
            assert "冒充顺丰" not in h.api.texts_to(10)

    run(scenario())


def test_every_delivery_failure_kind(tmp_path):
    blocked, migrating, flooded, gone, fine = 21, -22, -23, -24, 25

    async def scenario():
        api = FakeBotAPI()
        async with Harness(tmp_path, api) as h:
            await h.make_officer()
            for chat in (blocked, fine):
                await h.send(command("/subscribe HK", chat))
            for chat in (migrating, flooded, gone):
                await h.send(command("/subscribe HK", OFFICER, chat, "group"))
            api.fail[blocked] = [(403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"})]
            api.fail[migrating] = [
                (
                    400,
                    {
                        "ok": False,
                        "error_code": 400,
                        "description": "Bad Request: group chat was upgraded to a supergroup chat",
                        "parameters": {"migrate_to_chat_id": -1009022},
                    },
                )
            ]
            api.fail[flooded] = [
                (
                    429,
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": "Too Many Requests",
                        "parameters": {"retry_after": 1},
                    },
                )
            ]
            api.fail[gone] = [(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})]
            await h.send(command("/alert HK fake_cod", OFFICER))
            await h.send(button(h.confirm_button(OFFICER), OFFICER))
            (counts,) = await h.broadcasts()
            ledger = {d["chat_id"]: d for d in h.app.alerts.table.deliveries(1)}
            assert ledger[blocked]["status"] == "failed" and "forbidden" in ledger[blocked]["reason"]
            assert h.app.subscriptions.get(blocked)["status"] == "inactive"
            assert ledger[migrating]["status"] == "failed" and ledger[-1009022]["status"] == "sent"
            assert (
                h.app.subscriptions.get(-1009022)["status"] == "active" and h.app.subscriptions.get(migrating) is None
            )
            assert ledger[flooded]["status"] == "sent"  # the rate limiter waited out RetryAfter and sent it
            assert len(api.sent_to(flooded)) == 2 + 1  # the confirmation reply, the 429, the retry
            assert ledger[gone]["status"] == "failed" and "Chat not found" in ledger[gone]["reason"]
            assert ledger[fine]["status"] == "sent"
            assert counts["sent"] == 3 and counts["failed"] == 3 and counts["total"] == 6
            assert "失败 3" in h.api.texts_to(OFFICER)

    run(scenario())


def test_trends_for_officers_with_a_chart(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/trends", CITIZEN))
            assert "没有这个权限" in h.api.texts_to(CITIZEN)
            h.app.trends.record("fake_cod", "sf_express", "scam", region="CN-GD-Shenzhen")
            h.app.trends.record("fake_cod", None, "scam", region="HK")
            await h.send(command("/trends 7 CN-GD", OFFICER, lang="en"))
            text = h.api.texts_to(OFFICER)
            assert "last 7 day(s), Guangdong: 1" in text and "cash-on-delivery" in text.lower()
            photos = [p for n, p in h.api.calls if n == "sendPhoto"]
            assert len(photos) == 1 and int(photos[0]["chat_id"]) == OFFICER
            await h.send(command("/trends 0", OFFICER, lang="en"))
            assert "Usage: /trends" in h.api.texts_to(OFFICER)

    run(scenario())


def test_checks_are_counted_once_per_account_without_text(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command("/subscribe CN-GD-Shenzhen", CITIZEN))
            msg = command("x", CITIZEN)
            msg["message"]["text"] = "有人打电话说我的快递丢了要赔我钱"
            del msg["message"]["entities"]
            await h.send(msg)
            rows = h.app.store.db.execute("SELECT * FROM trend_checks").fetchall()
            assert len(rows) == 1 and rows[0][2] == "CN-GD-Shenzhen"
            await h.send(command("/cancel", CITIZEN))
            await h.send(msg)
            assert h.app.store.db.execute("SELECT COUNT(*) FROM trend_checks").fetchone()[0] == 2
            # No column can hold who checked or what they wrote: only the hour, place and outcome.
            # (Comparing a dump with str(CITIZEN) failed whenever the hour's epoch contained a 3.)
            columns = [c[1] for c in h.app.store.db.execute("PRAGMA table_info(trend_checks)")]
            assert columns == ["id", "bucket", "region", "script", "org", "verdict"]
            dump = json.dumps(h.app.store.db.execute("SELECT * FROM trend_checks").fetchall(), ensure_ascii=False)
            assert "快递" not in dump and "丢了" not in dump

    run(scenario())


def test_spike_sends_a_draft_to_the_regions_officers(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe CN-GD", OFFICER))
            await h.send(command("/subscribe CN-GD-Shenzhen", CITIZEN))  # a citizen gets no draft
            await h.send(command("/subscribe HK", 30))
            trends = h.app.trends
            clock = {"t": NOW - 3 * 24 * 3600}
            trends.clock = lambda: clock["t"]
            for _ in range(3 * 24):  # background: one fake_cod check an hour in Shenzhen
                trends.record("fake_cod", None, "scam", region="CN-GD-Shenzhen")
                clock["t"] += 3600
            for _ in range(15):
                trends.record("order_anomaly", "taobao", "scam", region="CN-GD-Shenzhen")
            drafted = await check_spikes(h.application, now=clock["t"])
            assert [(s.script, s.region) for s, _ in drafted] == [("order_anomaly", "CN-GD-Shenzhen")]
            assert "急剧增多" in h.api.texts_to(OFFICER) and "泊松" in h.api.texts_to(OFFICER)
            assert "急剧增多" not in h.api.texts_to(CITIZEN)
            await h.send(button(h.confirm_button(OFFICER), OFFICER))  # one tap
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2  # the officer (CN-GD) and the Shenzhen citizen, not HK
            assert "订单" in h.api.sent_to(CITIZEN)[-1]["text"]
            assert await check_spikes(h.application, now=clock["t"]) == []

    run(scenario())


def test_forget_removes_the_alert_subscription(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command("/subscribe HK", CITIZEN))
            await h.send(command("/forget", CITIZEN))
            confirm = h.confirm_button(CITIZEN)  # the first button: "yes, delete"
            await h.send(button(confirm, CITIZEN))
            assert h.app.subscriptions.get(CITIZEN) is None

    run(scenario())


def test_restart_resumes_an_interrupted_broadcast(tmp_path):
    async def first():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            for chat in (40, 41, 42):
                await h.send(command("/subscribe HK", chat))
            draft = h.app.alerts.compose(f"tg:{OFFICER}", "HK", script="fake_cod")
            h.app.alerts.confirm(f"tg:{OFFICER}", draft.id)
            h.app.alerts.table.claim(draft.id, 41)  # in flight when the process died

    async def second():
        async with Harness(tmp_path) as h:  # a new process: same database
            await h.application.post_init(h.application)
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2 and counts["uncertain"] == 1
            assert [c for c in (40, 41, 42) if any("反詐預警（" in p["text"] for p in h.api.sent_to(c))] == [40, 42]
            await h.application.post_stop(h.application)

    run(first())
    run(second())


def test_channel_admin_posts_subscribe_and_group_migration_is_followed(tmp_path):
    channel, group, supergroup = -100700, -800, -100800

    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(membership(channel, "channel", "left", "member"))
            assert h.app.subscriptions.get(channel)["status"] == "pending"
            post = {
                "update_id": next(_ids),
                "channel_post": {
                    "message_id": 1,
                    "date": NOW,
                    "chat": {"id": channel, "type": "channel", "title": "区反诈"},
                    "sender_chat": {"id": channel, "type": "channel", "title": "区反诈"},
                    "text": "/subscribe CN-GD-Shenzhen",
                    "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
                },
            }
            await h.send(post)
            assert h.app.subscriptions.get(channel)["status"] == "active"
            await h.send(command("/subscribe CN-GD", OFFICER, group, "group"))
            migrate = command("x", CITIZEN, group, "group")
            del migrate["message"]["text"], migrate["message"]["entities"]
            migrate["message"]["migrate_to_chat_id"] = supergroup
            await h.send(migrate)
            assert h.app.subscriptions.get(group) is None
            assert h.app.subscriptions.get(supergroup)["regions"] == ["CN-GD"]

    run(scenario())
