"""Issue 24: alerts that refuse what is not meant, reach every subscriber in their language, name
their officers, need a second officer for big audiences, can be scheduled, and trends that see
every check. Telegram through the offline Application (test_police_telegram.Harness), services
with a fixed clock, the CLI through click's runner.
"""

from __future__ import annotations

import csv
import io
import warnings

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from test_police_telegram import ADMIN, NOW, OFFICER, Harness, button, command, run
from web_support import Web

from bot.app import App, Settings
from bot.channels.telegram_police import check_due, telegram_sender
from bot.cli import main
from bot.cli.alert import cli_actor
from bot.services.alerts import (
    AlertError,
    Blocked,
    parse_region,
    quiet_until,
    region_names,
    resolve_script,
    split_languages,
)
from bot.services.trends import DAY, HOUR, TrendReport, Trends, cjk_font
from bot.store import Store

SECOND = 5  # a second officer's Telegram id
EN_SUB, ZH_SUB, ZH_SUB2 = 31, 32, 33


@pytest.fixture
def store():
    return Store(":memory:", salt=b"test-salt-0123456789abcdef", clock=lambda: float(NOW))


def _who(h: Harness, user: int) -> str:
    return h.api.texts_to(user)


# -- 1. refuse what is not meant ---------------------------------------------------------------
def _typos(word: str) -> list[str]:
    """A dropped letter, a doubled one and two swapped ones, somewhere in the middle."""
    i = len(word) // 2
    return [
        word[:i] + word[i + 1 :],
        word[:i] + word[i] + word[i:],
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],
    ]


def test_a_mistyped_script_is_refused_with_its_name_suggested_in_each_language(kb):
    for sid in ("fake_cod", "order_anomaly", "task_rebate", "romance", "fake_investment"):
        script = kb.scripts[sid]
        for typo in _typos(sid):
            if typo.replace("_", "") == sid.replace("_", ""):
                continue  # "fakecod" is "fake cod": the same script, not a typo
            for lang in ("zh", "en"):
                with pytest.raises(AlertError) as err:
                    resolve_script(kb, typo, lang)
                message = str(err.value)
                assert script.names.get(lang) in message.split("\n")[0], (typo, lang, message)
                assert ("你是不是想说" if lang == "zh" else "Did you mean") in message
                assert sid not in message  # officers see names, not internal ids
        assert resolve_script(kb, script.names.zh, "en") == sid == resolve_script(kb, script.names.en.upper(), "zh")


def test_telegram_refuses_a_one_word_non_script_and_drafts_nothing(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.make_officer(SECOND, "Officer Lee", "Taipei anti-fraud unit")
            await h.send(command("/subscribe 深圳", ZH_SUB))
            await h.send(command("/alert 深圳 no_such_scam", OFFICER))
            await h.send(command("/alert Shenzhen fake_cdo", SECOND, lang="en"))
            assert h.app.store.db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] == 0
            zh, en = _who(h, OFFICER), _who(h, SECOND)
            assert "没有叫“no_such_scam”的诈骗类型" in zh and "刷单返利/兼职做任务" in zh  # the list, by zh name
            assert "Did you mean: Fake cash-on-delivery / parcel fee" in en
            assert "no_such_scam" not in h.api.texts_to(ZH_SUB).replace("已订阅", "")
            # an ordinary sentence without spaces is still free text, and a full name is the template
            await h.send(command("/alert 深圳 近期有人冒充快递员上门收取到付费，请勿付款。", OFFICER))
            await h.send(command("/alert Shenzhen Fake investment", SECOND, lang="en"))
            rows = h.app.store.db.execute("SELECT source, script FROM alerts ORDER BY id").fetchall()
            assert rows == [("text", None), ("script", "fake_investment")]

    run(scenario())


def test_regions_by_their_names_in_either_language_and_script():
    names = region_names()
    for code, v in names.items():
        for name in (v["zh"], v["en"], *v["aliases"], str(v["en"]).upper(), f" {v['zh']} "):
            assert parse_region(str(name)) == code, name
    assert parse_region("臺北") == parse_region("台北") == parse_region("taipei") == "TW-Taipei"
    for lang, hint in (("zh", "你是不是想说：深圳"), ("en", "Did you mean: Shenzhen")):
        with pytest.raises(AlertError, match=hint):
            parse_region("Shenzen", lang)


def test_subscribe_and_alert_by_region_name_in_telegram(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe 臺北", ZH_SUB))
            await h.send(command("/subscribe Taipei en", EN_SUB, lang="en"))
            assert (
                h.app.subscriptions.get(ZH_SUB)["regions"]
                == ["TW-Taipei"]
                == h.app.subscriptions.get(EN_SUB)["regions"]
            )
            assert "已订阅 台北" in _who(h, ZH_SUB) and "alerts for Taipei" in _who(h, EN_SUB)
            await h.send(command("/alert 台北 fake_cod", OFFICER))
            preview = _who(h, OFFICER)  # Taiwan's subscribers read Traditional
            assert "将发往 2 个订阅" in preview and "反詐預警（臺北）" in preview

    run(scenario())


# -- 2. every subscriber's language ------------------------------------------------------------
def test_language_sections_are_split():
    both = split_languages("zh: 警方提醒：不要向陌生账户转账。\nen: Police: never pay a stranger's account.")
    assert both == {"zh": "警方提醒：不要向陌生账户转账。", "en": "Police: never pay a stranger's account."}
    assert split_languages("Parcel refund calls are a scam.") == {"en": "Parcel refund calls are a scam."}
    assert split_languages("快递理赔电话是骗局。\nEnglish: Parcel refund calls are a scam.") == {
        "zh": "快递理赔电话是骗局。",
        "en": "Parcel refund calls are a scam.",
    }


def test_bilingual_free_text_alert_reaches_each_subscriber_in_their_language(tmp_path):
    zh_text = "近日有骗子冒充航空公司，称航班取消要退改签赔偿，切勿提供银行卡验证码。"
    en_text = "Fraudsters posing as an airline say your flight is cancelled and ask for card codes: hang up."

    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe 香港", ZH_SUB))
            await h.send(command("/subscribe Hong Kong en", EN_SUB, lang="en"))
            await h.send(command(f"/alert 香港 zh: {zh_text}\nen: {en_text}", OFFICER))
            preview = _who(h, OFFICER)
            assert "将发往 2 个订阅：1 en, 1 zh" in preview and "收不到" not in preview
            await h.send(button(h.confirm_button(OFFICER), OFFICER))
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2
            (zh_msg,) = [p["text"] for p in h.api.sent_to(ZH_SUB) if "反诈预警（" in p["text"]]
            (en_msg,) = [p["text"] for p in h.api.sent_to(EN_SUB) if "Scam alert" in p["text"]]
            assert zh_text in zh_msg and en_text not in zh_msg
            assert en_text in en_msg and zh_text not in en_msg

    run(scenario())


def test_one_language_free_text_says_who_gets_nothing_and_never_sends_the_wrong_language(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.make_officer(SECOND, "Officer Lee", "Hong Kong anti-deception unit")
            await h.send(command("/subscribe 香港", ZH_SUB))
            await h.send(command("/subscribe 香港", ZH_SUB2))
            await h.send(command("/subscribe Hong Kong en", EN_SUB, lang="en"))
            await h.send(command("/alert 香港 本周多宗冒充入境处来电，要求转账“保证金”，全部是诈骗。", OFFICER))
            assert "1 个订阅使用的语言没有提醒内容，他们什么也收不到" in _who(h, OFFICER)
            await h.send(
                command("/alert Hong Kong Calls from 'Immigration' asking for a deposit are scams.", SECOND, lang="en")
            )
            assert "2 subscriptions use a language this alert has no text in: they get nothing" in _who(h, SECOND)
            # the first is sent as it is: only the Chinese subscribers get it, and nobody the wrong language
            draft = h.app.alerts.table.recent(5)[-1]
            await h.send(button(f"pol:ok:{draft['id']}", OFFICER))
            (counts,) = await h.broadcasts()
            assert counts["total"] == counts["sent"] == 2
            assert not [p for p in h.api.sent_to(EN_SUB) if "反诈预警（" in p["text"] or "alert (" in p["text"]]
            # the second gets its Chinese text by an edit, then reaches everyone
            second = h.app.alerts.table.recent(5)[0]["id"]
            await h.send(
                command(f"/alert edit {second} zh: 自称入境处要求缴交保证金的来电都是诈骗。", SECOND, lang="en")
            )
            assert "get nothing" not in _who(h, SECOND).rsplit("Preview of alert", 1)[1]
            assert set(h.app.alerts.get(second)["body"]) == {"zh", "en"}

    run(scenario())


# -- 3. named, accountable officers -------------------------------------------------------------
def test_police_are_granted_with_a_name_and_unit_or_not_at_all(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(command(f"/grant {OFFICER} police", ADMIN))
            assert not h.app.roles.can(f"tg:{OFFICER}", "alert.send") and "姓名 | 单位" in _who(h, ADMIN)
            await h.send(command(f"/grant {OFFICER} police 陈静 | 南山分局反诈中心", ADMIN, lang="en"))
            assert h.app.roles.officer(f"tg:{OFFICER}") == {
                "member": h.app.roles.key(f"tg:{OFFICER}"),
                "name": "陈静",
                "unit": "南山分局反诈中心",
                "contact": None,
            }
            audit = h.app.roles.audit.named(action="role.grant")
            assert audit[-1]["outcome"] == "allowed" and audit[-1]["detail"] == "陈静 (南山分局反诈中心)"

    run(scenario())


# -- 4. safety: two officers, send-to-me-first, scheduling, expiry -------------------------------
def test_an_alert_to_all_needs_two_different_officers(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.make_officer(SECOND, "Officer Lee", "Taipei anti-fraud unit")
            await h.send(command("/subscribe 香港", ZH_SUB))
            await h.send(command("/subscribe Taipei en", SECOND, lang="en"))  # the second officer's own chat
            await h.send(command("/alert ALL 冒充公检法/政府机关", OFFICER))
            assert "需要两位警员分别确认" in _who(h, OFFICER)
            ok = h.confirm_button(OFFICER)
            await h.send(button(ok, OFFICER))
            assert "正在等待另一位警员确认" in _who(h, OFFICER)
            await h.send(button(ok, OFFICER))  # the same officer again is not a second officer
            assert "需要另一位警员确认；你已经确认过了" in _who(h, OFFICER)
            assert await h.broadcasts() == [] and h.app.alerts.table.counts(1)["pending"] == 0
            asked = _who(h, SECOND)
            assert "Alert 1 needs a second officer's confirmation (confirmed by 陈警官 (南山分局反诈中心))" in asked
            await h.send(button(h.confirm_button(SECOND), SECOND))
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2  # the citizen, and the second officer's own subscription
            status = h.app.alerts.status(f"tg:{ADMIN}", 1)
            assert status["confirmed_by"] == ["陈警官 (南山分局反诈中心)", "Officer Lee (Taipei anti-fraud unit)"]
            assert status["composed_by"] == "陈警官 (南山分局反诈中心)" and status["sent_at"] == NOW

    run(scenario())


def test_a_big_audience_needs_two_officers_below_the_threshold_one(tmp_path):
    async def scenario():
        async with Harness(tmp_path, second_officer_above=2) as h:
            await h.make_officer()
            for chat in (ZH_SUB, ZH_SUB2):
                await h.send(command("/subscribe 深圳", chat))
            await h.send(command("/alert 深圳 fake_cod", OFFICER))
            await h.send(button(h.confirm_button(OFFICER), OFFICER))
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2  # two is not above two
            await h.send(command("/subscribe 深圳", EN_SUB))
            await h.send(command("/alert 深圳 fake_cod", OFFICER))
            await h.send(button("pol:ok:2", OFFICER))
            assert "等待另一位警员" in _who(h, OFFICER) and h.app.alerts.get(2)["status"] == "draft"
            await h.make_officer(SECOND, "Officer Lee", "Shenzhen border unit")  # not subscribed: asks for it
            await h.send(command("/alert 2", SECOND, lang="en"))
            assert "Preview of alert 2, for 3 subscriptions" in _who(h, SECOND)
            await h.send(button(h.confirm_button(SECOND), SECOND))
            assert (await h.broadcasts())[-1]["sent"] == 3

    run(scenario())


def test_send_to_me_first_shows_each_language_as_sent_and_sends_nobody_else(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe 深圳", ZH_SUB))
            await h.send(command("/alert 深圳 order_anomaly", OFFICER))
            before = len(h.api.sent_to(OFFICER))
            await h.send(button("pol:me:1", OFFICER))
            tests = [p["text"] for p in h.api.sent_to(OFFICER)[before:]]
            assert len(tests) == 2 and tests[0].startswith("【测试，仅发给你】")
            assert "⚠️ 反诈预警（深圳）" in tests[0] and "⚠️ Scam alert (Shenzhen)" in tests[1]
            for text in tests:  # the issuing unit, the date and the official contact to check it against
                assert "南山分局反诈中心" in text and "2027-01-15" in text and "0755-2666 0110" in text
            assert not [p for p in h.api.sent_to(ZH_SUB) if "反诈预警（" in p["text"]]
            assert h.app.store.db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == 0
            await h.send(button("pol:me:1", ZH_SUB))  # a citizen cannot use it
            assert h.app.roles.audit.recent(1)[0]["outcome"] == "refused"

    run(scenario())


def test_a_scheduled_alert_is_sent_by_the_due_check_once(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/subscribe 深圳", ZH_SUB))
            await h.send(command("/subscribe Shenzhen en", EN_SUB, lang="en"))
            await h.send(command("/alert 深圳 08:00 fake_cod", OFFICER))
            assert "将于 01-16 08:00（深圳时间）发送" in _who(h, OFFICER)
            await h.send(button(h.confirm_button(OFFICER), OFFICER))
            assert "已确认，将于 01-16 08:00（深圳时间）发送" in _who(h, OFFICER)
            assert h.app.alerts.get(1)["status"] == "scheduled" and await h.broadcasts() == []
            eight = NOW + 16 * HOUR  # 16:00 -> 08:00 the next morning in China
            assert await check_due(h.application, eight - 60) == []
            h.now = eight
            assert await check_due(h.application) == [1]
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 2
            assert await check_due(h.application, eight + 3600) == []
            assert "2027-01-16" in next(p for p in h.api.sent_to(ZH_SUB) if "反诈预警（" in p["text"])["text"]
            assert "发送完毕：已发送 2" in _who(h, OFFICER)

    run(scenario())


def test_quiet_hours_put_an_alert_off_unless_the_officer_says_now(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            h.now = NOW + 7 * HOUR  # 23:00 in China
            await h.make_officer()
            await h.send(command("/subscribe 深圳", ZH_SUB))
            await h.send(command("/alert 深圳 fake_cod", OFFICER))
            assert "深圳现在是免打扰时段（22:00–07:00），确认后将于 01-16 07:00 发送" in _who(h, OFFICER)
            await h.send(command("/alert 深圳 立即发送 fake_cod", OFFICER))
            assert h.app.alerts.get(2)["send_at"] == 0
            # "now" opening an ordinary sentence is the text, not an instruction
            await h.send(
                command("/alert Shenzhen Now callers say your parcel is held: it is a scam.", OFFICER, lang="en")
            )
            assert "Now callers say" in h.app.alerts.get(3)["body"]["en"] and h.app.alerts.get(3)["send_at"]
            h.app.alerts.cancel(f"tg:{OFFICER}", 3)
            await h.send(button("pol:ok:2", OFFICER))
            (counts,) = await h.broadcasts()
            assert counts["sent"] == 1
            # a draft written in the afternoon and confirmed at night waits for the morning too
            h.now = NOW
            await h.send(command("/alert 深圳 order_anomaly", OFFICER))
            h.now = NOW + 7 * HOUR
            await h.send(button("pol:ok:4", OFFICER))
            assert h.app.alerts.get(4)["status"] == "scheduled" and "将于 01-16 07:00（深圳时间）发送" in _who(
                h, OFFICER
            )
            assert await check_due(h.application, NOW + 15 * HOUR) == [4]
            assert (await h.broadcasts())[-1]["sent"] == 1

    run(scenario())
    zone_checks = {"CN-GD-Shenzhen": 8, "GB-London": 0, "TW-Taipei": 8}
    for region, offset in zone_checks.items():
        local_23 = NOW // DAY * DAY + (23 - offset) * HOUR  # 23:00 local on 2027-01-15 (no DST in January)
        assert quiet_until(region, local_23) == local_23 + 8 * HOUR
        assert quiet_until(region, local_23 - 2 * HOUR) is None


def test_drafts_expire_say_when_and_are_listed_with_titles(tmp_path, monkeypatch):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            await h.send(command("/alert 深圳 romance", OFFICER))
            assert "草稿将于 01-16 16:00 过期（深圳时间）" in _who(h, OFFICER)
            h.now = NOW + DAY + 1
            await h.send(button("pol:ok:1", OFFICER))
            assert "第 1 号草稿已于 01-16 16:00 过期" in _who(h, OFFICER)
            listed = h.app.alerts.recent(f"tg:{ADMIN}", lang="zh")
            assert listed[0]["status"] == "expired" and listed[0]["title"] == "网络交友/婚恋诈骗（杀猪盘）"
            assert listed[0]["composed_by"] == "陈警官（南山分局反诈中心）"

    run(scenario())


# -- 5. dead chats and trends -----------------------------------------------------------------
class _Bot:
    def __init__(self, error):
        self.error = error

    async def send_message(self, chat_id, text):
        raise self.error


@pytest.mark.parametrize(
    "message", ["Chat not found", "Bad Request: chat not found", "Forbidden: bot was kicked from the supergroup chat"]
)
def test_dead_chats_are_deactivated_like_blocked_ones(message):
    from telegram.error import BadRequest

    send = telegram_sender(_Bot(BadRequest(message)))
    with pytest.raises(Blocked):
        run(send(-1001, "x"))


def test_a_chat_not_found_deactivates_its_subscription(tmp_path):
    async def scenario():
        async with Harness(tmp_path) as h:
            await h.make_officer()
            group = -100777
            h.app.subscriptions.table.activate(group, "supergroup", ["CN-GD"], "zh", "k")
            h.api.fail[group] = [(400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})]
            await h.send(command("/alert 广东 fake_cod", OFFICER))
            await h.send(button("pol:ok:1", OFFICER))
            (counts,) = await h.broadcasts()
            assert counts["failed"] == 1
            assert h.app.subscriptions.get(group)["status"] == "inactive"

    run(scenario())


def test_api_checks_count_in_trends(tmp_path, kb):
    web = Web(tmp_path, kb)
    try:
        key = web.key()
        texts = ["我是京东客服，你的白条利率要调整，需要注销，不然影响征信", "Hello, are we still meeting tomorrow?"]
        for text in texts:
            r = web.client.post("/v1/check", json={"text": text}, headers={"Authorization": f"Bearer {key}"})
            assert r.status_code == 200
        web.app.trends.flush()  # API checks' rows are written in batches, off the request path
        rows = web.app.store.db.execute("SELECT verdict FROM trend_checks ORDER BY id").fetchall()
        assert [r[0] for r in rows] == [web.app.analyzer.analyze(t).verdict for t in texts]
        assert web.app.trends.report(1).total == 2
        r = web.client.post(
            "/v1/check", json={"text": texts[0], "region": "Hong Kong"}, headers={"Authorization": f"Bearer {key}"}
        )
        web.app.trends.flush()
        assert (web.app.trends.report(1, "HK").total, web.app.trends.report(1, "HK").untagged) == (1, 2)
    finally:
        web.close()


def _report(trends: Trends, now: float) -> TrendReport:
    for hours_ago, script in [(1, "fake_cod"), (30, "fake_cod"), (50, "order_anomaly"), (2, "order_anomaly")]:
        trends.table.add(now - hours_ago * HOUR, "CN-GD", script, None, "scam")
    return trends.report(3, now=now)


def test_the_chart_speaks_the_requested_language_and_marks_the_partial_day(store, kb):
    now = NOW + 9 * HOUR + 1200  # 17:20 UTC: the last day is partial
    trends = Trends(store, kb, clock=lambda: now)
    report = _report(trends, now)
    for lang, partial in (("zh", "当天未结束\n截至 UTC 17:20"), ("en", "partial day\nto 17:20 UTC")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" without a CJK font
            fig = trends.figure(report, lang=lang)
            fig.canvas.draw()
        ax = fig.axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == [kb.scripts[s].names.get(lang) for s in ("fake_cod", "order_anomaly")]
        assert partial in [t.get_text() for t in ax.texts]
        assert ("每天核实次数" if lang == "zh" else "Checks per day") in ax.get_title()
    assert cjk_font() and trends.chart(report, lang="zh")[:8] == b"\x89PNG\r\n\x1a\n"


def test_scripts_with_the_same_counts_each_stay_visible_on_the_chart(store, kb):
    """Six scripts with the very same daily counts: every line's colour still shows on the drawn chart
    (the legend taken away first), since each has its own marker, dash and marker size."""
    from matplotlib.colors import to_rgb

    trends = Trends(store, kb, clock=lambda: NOW)
    scripts = list(kb.scripts)[:6]
    for hours_ago in (3, 27, 51):
        for script in scripts:
            trends.table.add(NOW - hours_ago * HOUR, "CN-GD", script, None, "scam")
    fig = trends.figure(trends.report(3, now=NOW), lang="en", now=NOW)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 6 and len({(ln.get_marker(), ln.get_linestyle(), ln.get_markersize()) for ln in lines}) == 6
    ax.get_legend().remove()
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
    for line in lines:
        colour = np.array([round(c * 255) for c in to_rgb(line.get_color())])
        assert (np.abs(pixels - colour).sum(axis=2) < 30).sum() > 20, line.get_label()


# -- the terminal: names in list / status, the unit's audit export ------------------------------
@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    values = {
        "CALLCHECK_DB": str(tmp_path / "c.db"),
        "CALLCHECK_SALT": "test-salt-not-for-production",
        "CALLCHECK_ADMINS": cli_actor(),
        "CALLCHECK_QUIET_HOURS": "off",
        "TELEGRAM_BOT_TOKEN": "123:TEST",
    }
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    return values


def _cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_list_status_and_the_units_audit_name_the_officers(cli_env):
    app = App(Settings.from_env(env=cli_env))
    me = cli_actor()
    app.roles.grant(me, "tg:41", "police", name="Wang Wei", unit="Nanshan PSB", contact="0755-26660110")
    app.roles.grant(me, "tg:42", "police", name="Li Na", unit="Nanshan PSB")
    app.roles.grant(me, "tg:43", "police", name="Chan Tai-man", unit="Kowloon City")
    app.subscriptions.subscribe_private(700, ["CN-GD-Shenzhen"], "en")
    app.subscriptions.subscribe_private(701, ["CN-GD-Shenzhen"], "zh")
    d = app.alerts.compose("tg:41", "深圳", text={"en": "Fake customs officers call about parcels: hang up."})
    app.alerts.confirm("tg:42", d.id)
    app.alerts.compose("tg:43", "Hong Kong", script="fake_cod")
    app.close()
    listed = _cli("alert", "list", "--lang", "en").output
    assert "Fake customs officers call about parcels" in listed and "Fake cash-on-delivery / parcel fee" in listed
    assert "composed by Wang Wei (Nanshan PSB); confirmed by Li Na (Nanshan PSB)" in listed
    assert "composed by Chan Tai-man (Kowloon City); confirmed by -" in listed and "expires 20" in listed
    status = _cli("alert", "status", str(d.id)).output
    assert "composed by Wang Wei (Nanshan PSB); confirmed by Li Na (Nanshan PSB); sent at 20" in status
    export = _cli("role", "audit", "--unit", "nanshan psb").output
    rows = list(csv.DictReader(io.StringIO(export)))
    assert (
        rows and {r["officer"] for r in rows} == {"Wang Wei", "Li Na"} and {r["unit"] for r in rows} == {"Nanshan PSB"}
    )
    assert {"alert.compose", "alert.send"} <= {r["action"] for r in rows}
    drafted = [r for r in rows if r["outcome"] == "drafted"]
    assert [(r["officer"], r["target"]) for r in drafted] == [("Wang Wei", f"alert:{d.id}")]
    confirmed = [r for r in rows if r["action"] == "alert.send" and r["target"] == f"alert:{d.id}"]
    assert [r["officer"] for r in confirmed] == ["Li Na"]
    assert "tg:41" not in export  # keys, never the identities


def test_texts_exist_in_both_languages():
    from importlib import resources

    data = yaml.safe_load(resources.files("bot.services").joinpath("texts", "police.yml").read_text(encoding="utf-8"))
    assert set(data["zh"]) == set(data["en"])


def test_cli_free_text_in_each_language_edit_schedule_and_a_second_officer(cli_env):
    app = App(Settings.from_env(env=cli_env))
    app.subscriptions.subscribe_private(700, ["CN-GD-Shenzhen"], "en")
    app.subscriptions.subscribe_private(701, ["CN-GD"], "zh")
    app.close()
    zh = "近期有人冒充社保局来电，称医保卡被冻结，要求转账解冻。社保局不会这样做。"
    declined = _cli("alert", "send", "--region", "深圳", "--text", zh, "--lang", "en", input="n\n")
    assert "1 en subscription(s) get NOTHING" in declined.output and "stays a draft" in declined.output
    edited = _cli("alert", "edit", "1", "--text-en", "Calls from 'social security' about a frozen card are a scam.")
    assert "NOTHING" not in edited.output and "2 subscription(s) (1 en, 1 zh)" in edited.output
    timed = _cli("alert", "edit", "1", "--at", "8:30")
    assert "Sent at " in timed.output and " 08:30 (Shenzhen time)" in timed.output
    scheduled = _cli("alert", "send", "--draft", "1", "--yes")
    assert scheduled.exit_code == 0 and "is scheduled for" in scheduled.output
    assert "scheduled" in _cli("alert", "status", "1").output
    assert "cancelled" in _cli("alert", "cancel", "1").output
    everyone = _cli("alert", "send", "--region", "all", "--script", "虚假投资理财", "--yes")
    assert "a second officer must confirm it" in everyone.output
    app = App(Settings.from_env(env=cli_env))
    alert = app.alerts.get(2)
    assert alert["status"] == "draft" and alert["first_confirmed_by"] == app.roles.key(cli_actor())
    app.close()
    again = _cli("alert", "send", "--draft", "2", "--yes")  # the same account is not a second officer
    assert again.exit_code == 1 and "another officer must confirm it" in again.output


def test_forget_removes_an_officers_name_and_unit(store):
    from bot.services.roles import Roles

    roles = Roles(store, admins=("tg:1",))
    roles.grant("tg:1", "tg:61", "police", name="Ho Wing", unit="Yau Tsim district", contact="2527 7177")
    assert roles.officer("tg:61")["unit"] == "Yau Tsim district"
    assert store.forget_person("tg:61")["officers"] == 1
    assert roles.officer("tg:61") is None and not roles.can("tg:61", "alert.send")
