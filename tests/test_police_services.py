"""Alerts and trends without Telegram: regions, templates, the ledger broadcaster, counts, chart, spikes."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.services.alerts import (
    AlertError,
    Alerts,
    Blocked,
    Broadcaster,
    Moved,
    Rejected,
    Subscriptions,
    Uncertain,
    Wait,
    draft_spike_alerts,
    overlaps,
    parse_region,
    parse_subscription,
)
from bot.services.roles import NotAllowed, Roles, admins_from_env
from bot.services.trends import HOUR, SPIKE_ALPHA, Trends, poisson_tail
from bot.store import Store

NOW = 1_800_000_000.0  # a fixed clock: 2027-01-15 08:00 UTC
DAY = 24 * HOUR


class Clock:
    def __init__(self, t: float = NOW):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(clock):
    return Store(":memory:", salt=b"test-salt-0123456789abcdef", clock=clock)


@pytest.fixture
def roles(store):
    r = Roles(store, admins=admins_from_env("1"))
    r.grant("tg:1", "tg:2", "police", name="Chen Jing", unit="Nanshan anti-fraud centre", contact="0755-2666 0110")
    return r


@pytest.fixture
def subs(store, roles):
    return Subscriptions(store, roles)


@pytest.fixture
def alerts(store, roles, subs, kb):
    return Alerts(store, roles, subs, kb)


@pytest.mark.parametrize(
    ("tag", "expect"),
    [
        ("cn-gd-Shenzhen", "CN-GD-Shenzhen"),
        ("cn-gd-shenzhen", "CN-GD-Shenzhen"),
        ("HK", "HK"),
        ("tw-Taipei", "TW-Taipei"),
        ("all", "ALL"),
        ("*", "ALL"),
    ],
)
def test_region_tags_are_normalised(tag, expect):
    assert parse_region(tag) == expect


@pytest.mark.parametrize("tag", ["", "Shenzen City", "@channel", "CN_GD", "CN-GD-a-b-c", "中果"])
def test_bad_region_tags_get_a_clear_message(tag):
    with pytest.raises(AlertError, match="CN-GD-Shenzhen"):
        parse_region(tag)


@pytest.mark.parametrize(
    ("alert", "sub", "match"),
    [
        ("CN-GD", "CN-GD-Shenzhen", True),  # a province alert reaches a city's subscribers
        ("CN-GD-Shenzhen", "CN-GD", True),  # and a province subscriber hears about a city
        ("CN-GD-Shenzhen", "CN-GD-Guangzhou", False),
        ("CN-GD", "CN-GDX", False),
        ("ALL", "HK", True),
        ("HK", "TW-Taipei", False),
    ],
)
def test_region_overlap(alert, sub, match):
    assert overlaps(alert, sub) is match


def test_subscription_arguments():
    assert parse_subscription(["hk"]) == (["HK"], "zh")
    assert parse_subscription(["GB-London"]) == (["GB-London"], "en")
    assert parse_subscription(["HK", "en", "HK"]) == (["HK"], "en")
    with pytest.raises(AlertError):
        parse_subscription(["en"])


def test_template_is_filled_from_the_script_in_each_language(alerts, kb):
    draft = alerts.compose("tg:2", "CN-GD-Shenzhen", script="order_anomaly")
    script = kb.scripts["order_anomaly"]
    zh, en = draft.body["zh"], draft.body["en"]
    assert script.names.zh in zh and script.summary.zh in zh and "96110" in zh and "如何识别" in zh
    assert script.names.en in en and script.summary.en in en and "How to recognise it" in en
    assert all(len(b) <= 4096 for b in draft.body.values())
    hk = alerts.compose("tg:2", "HK", text="新骗局：假冒快递“理赔”电话。")
    assert "18222" not in hk.body["zh"] and "新骗局" in hk.body["zh"]  # free text is the officer's own words


def test_only_officers_compose_and_confirm(alerts, roles):
    with pytest.raises(NotAllowed):
        alerts.compose("tg:3", "HK", text="当心冒充快递的电话")
    draft = alerts.compose("tg:2", "HK", text="当心冒充快递的电话")
    with pytest.raises(NotAllowed):
        alerts.confirm("tg:3", draft.id)
    refused = [r for r in roles.audit.recent(action="alert.") if r["outcome"] == "refused"]
    assert len(refused) == 2 and all(r["actor"] == roles.key("tg:3") for r in refused)
    assert alerts.get(draft.id)["status"] == "draft"


def test_confirm_twice_is_refused(alerts, subs):
    subs.subscribe_private(10, ["HK"], "zh")
    draft = alerts.compose("tg:2", "HK", text="当心冒充快递的电话")
    done = alerts.confirm("tg:2", draft.id)
    assert (done.state, done.recipients) == ("sending", 1)
    with pytest.raises(AlertError, match="already"):
        alerts.confirm("tg:2", draft.id)


def test_group_needs_an_officer_or_its_admin(subs, roles):
    with pytest.raises(NotAllowed):
        subs.subscribe_chat("tg:3", -100, "supergroup", ["HK"], "zh", chat_admin=False)
    subs.subscribe_chat("tg:3", -100, "supergroup", ["HK"], "zh", chat_admin=True)
    assert subs.get(-100)["status"] == "active"
    subs.subscribe_chat("tg:2", -200, "channel", ["HK"], "zh", chat_admin=False)  # an officer
    rows = roles.audit.recent(action="subscription.")
    assert [r["outcome"] for r in rows] == ["allowed", "allowed", "refused"]
    assert all("-100" not in (r["target"] or "") for r in rows)


class FakeSend:
    """A channel's send: outcomes per chat id (an exception class or instance), recording deliveries."""

    def __init__(self, outcomes=None):
        self.outcomes = {k: list(v) for k, v in (outcomes or {}).items()}
        self.delivered: list[int] = []

    async def __call__(self, chat_id: int, text: str) -> int:
        queue = self.outcomes.get(chat_id)
        if queue:
            raise queue.pop(0)
        self.delivered.append(chat_id)
        return len(self.delivered)


def _confirmed(alerts, subs, chats: dict[int, str], region: str = "HK") -> int:
    for chat, kind in chats.items():
        if kind == "private":
            subs.subscribe_private(chat, [region], "zh")
        else:
            subs.subscribe_chat("tg:2", chat, kind, [region], "zh", chat_admin=False)
    draft = alerts.compose("tg:2", region, script="fake_cod")
    alerts.confirm("tg:2", draft.id)
    return draft.id


def test_every_failure_kind_is_recorded(store, alerts, subs):
    alert_id = _confirmed(
        alerts, subs, {10: "private", -11: "group", -12: "channel", -13: "channel", 14: "private", 15: "private"}
    )
    naps: list[float] = []

    async def fake_sleep(s: float) -> None:
        naps.append(s)

    send = FakeSend(
        {
            10: [Blocked("Forbidden: bot was blocked by the user")],
            -11: [Moved(-1011)],
            -12: [Wait(7), Wait(3)],
            -13: [Rejected("Bad Request: chat not found")],
            14: [Uncertain("TimedOut")],
        }
    )
    counts = asyncio.run(Broadcaster(store, sleep=fake_sleep).run(alert_id, send))
    ledger = {d["chat_id"]: d for d in alerts.table.deliveries(alert_id)}
    assert ledger[10]["status"] == "failed" and "forbidden" in ledger[10]["reason"]
    assert subs.get(10)["status"] == "inactive"
    assert ledger[-11]["status"] == "failed" and "-1011" in ledger[-11]["reason"]
    assert ledger[-1011]["status"] == "sent" and subs.get(-1011)["status"] == "active" and subs.get(-11) is None
    assert ledger[-12]["status"] == "sent" and naps == [7, 3]
    assert ledger[-13]["status"] == "failed" and "chat not found" in ledger[-13]["reason"]
    assert ledger[14]["status"] == "uncertain"
    assert ledger[15]["status"] == "sent"
    assert sorted(send.delivered) == [-1011, -12, 15]
    assert counts == {**counts, "sent": 3, "failed": 3, "uncertain": 1, "pending": 0, "total": 7}
    assert alerts.get(alert_id)["status"] == "done" and alerts.get(alert_id)["notify_chat"] is None


def test_flood_control_gives_up_after_max_waits(store, alerts, subs):
    alert_id = _confirmed(alerts, subs, {-20: "channel"})

    async def no_sleep(_):
        pass

    send = FakeSend({-20: [Wait(1)] * 10})
    asyncio.run(Broadcaster(store, sleep=no_sleep, max_waits=3).run(alert_id, send))
    (row,) = alerts.table.deliveries(alert_id)
    assert row["status"] == "failed" and "flood control" in row["reason"] and send.delivered == []


def test_rows_left_sending_by_a_crash_are_never_resent(store, alerts, subs):
    alert_id = _confirmed(alerts, subs, {30: "private", 31: "private", 32: "private"})
    assert alerts.table.claim(alert_id, 31)  # a process claimed it, maybe sent it, then died
    alerts.table.acquire(alert_id, "elsewhere:1:x", 60, lambda h: False)
    with pytest.raises(AlertError, match="another process"):
        asyncio.run(Broadcaster(store).run(alert_id, FakeSend()))
    alerts.table.release(alert_id, "elsewhere:1:x")
    send = FakeSend()
    counts = asyncio.run(Broadcaster(store).run(alert_id, send))
    assert sorted(send.delivered) == [30, 32] and counts["uncertain"] == 1
    again = FakeSend()
    asyncio.run(Broadcaster(store).run(alert_id, again))  # running it again sends nothing
    assert again.delivered == []


def test_forget_removes_the_subscription_and_its_ledger_rows(store, alerts, subs):
    alert_id = _confirmed(alerts, subs, {40: "private", 41: "private"})
    assert subs.forget(40) == 2
    assert subs.get(40) is None and [d["chat_id"] for d in alerts.table.deliveries(alert_id)] == [41]


# -- trends ---------------------------------------------------------------------------------------
def _seed(trends: Trends, clock: Clock, at: float, n: int, script, org=None, verdict="scam", region=None):
    saved = clock.t
    clock.t = at
    for _ in range(n):
        trends.record(script, org, verdict, region=region)
    clock.t = saved


def test_counts_and_rising_scripts(store, clock, kb):
    trends = Trends(store, kb, clock=clock)
    # this week
    _seed(trends, clock, NOW - 1 * DAY, 8, "fake_cod", "sf_express", region="CN-GD-Shenzhen")
    _seed(trends, clock, NOW - 2 * DAY, 4, "order_anomaly", "taobao", region="CN-GD-Guangzhou")
    _seed(trends, clock, NOW - 3 * DAY, 3, None, None, "no_scam_signs")
    _seed(trends, clock, NOW - 3 * DAY, 2, "refund_compensation", "taobao", "suspicious", region="HK")
    # the week before
    _seed(trends, clock, NOW - 9 * DAY, 1, "fake_cod", "sf_express")
    _seed(trends, clock, NOW - 10 * DAY, 5, "order_anomaly", "taobao")
    report = trends.report(7)
    assert report.total == 17
    assert report.by_script == {"fake_cod": 8, "order_anomaly": 4, "": 3, "refund_compensation": 2}
    assert report.by_org == {"sf_express": 8, "taobao": 6, "": 3}
    assert report.by_verdict == {"scam": 12, "no_scam_signs": 3, "suspicious": 2}
    assert [r[0] for r in report.rising] == ["fake_cod"]  # 1 -> 8; order_anomaly fell 5 -> 4
    gd = trends.report(7, "CN-GD")
    assert gd.total == 12 and gd.by_script == {"fake_cod": 8, "order_anomaly": 4}
    assert trends.report(7, "CN-GD-Shenzhen").total == 8
    text = report.render(kb, "en")
    assert kb.scripts["fake_cod"].names.en in text and "8" in text


def test_numbers_reported_most(store, clock):
    trends = Trends(store, clock=clock)
    for who in ("a", "b", "c"):
        store.add_report("+8613800138000", "fake_cod", who)
    store.add_report("+8613900139000", "fake_cod", "a")
    store.add_report("+8613900139000", "fake_cod", "a")
    assert trends.report(7).numbers == [("+8613800138000", 3, 3, "unverified"), ("+8613900139000", 1, 2, "unverified")]


def test_chart_is_a_png(store, clock):
    trends = Trends(store, clock=clock)
    _seed(trends, clock, NOW - DAY, 3, "fake_cod")
    png = trends.chart(trends.report(7))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR" and len(png) > 5000
    empty = Trends(Store(":memory:", salt=b"s" * 16, clock=clock), clock=clock)
    assert empty.chart(empty.report(30))[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_periods_are_refused(store):
    with pytest.raises(ValueError, match="days"):
        Trends(store).report(0)


def test_poisson_tail():
    assert poisson_tail(0, 3.0) == 1.0
    assert abs(poisson_tail(1, 2.0) - (1 - 2.718281828459045**-2)) < 1e-12
    assert abs(poisson_tail(3, 1.0) - 0.0803013970713942) < 1e-12
    assert poisson_tail(40, 0.5) < 1e-50


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = 2.718281828459045**-lam, 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _noise(trends, clock, hours: int, rates: dict[str, float], seed: int = 7, region=None):
    rng = random.Random(seed)
    for h in range(hours, 0, -1):
        for script, lam in rates.items():
            _seed(trends, clock, NOW - h * HOUR, _poisson(rng, lam), script, region=region)


def test_spike_fires_on_a_planted_spike_and_drafts_an_alert(store, clock, alerts, kb):
    trends = Trends(store, kb, clock=clock)
    _noise(trends, clock, 10 * 24, {"fake_cod": 2.0, "order_anomaly": 0.5}, region="CN-GD-Shenzhen")
    _seed(trends, clock, NOW, 14, "order_anomaly", region="CN-GD-Shenzhen")  # the planted spike
    spikes = trends.detect()
    assert [(s.script, s.region) for s in spikes] == [("order_anomaly", "CN-GD-Shenzhen")]
    assert spikes[0].observed == 14 and spikes[0].p < SPIKE_ALPHA and 0.3 < spikes[0].baseline < 0.8
    drafted = draft_spike_alerts(trends, alerts)
    assert len(drafted) == 1 and alerts.get(drafted[0][1].id)["source"] == "spike"
    assert alerts.get(drafted[0][1].id)["status"] == "draft"  # an officer reviews it before anything is sent
    assert draft_spike_alerts(trends, alerts) == []  # the same spike is drafted once


def test_spike_does_not_fire_on_noise(store, clock):
    trends = Trends(store, clock=clock)
    _noise(trends, clock, 12 * 24, {"fake_cod": 3.0, "order_anomaly": 1.0, "refund_compensation": 0.2}, seed=11)
    fired = []
    for h in range(48, -1, -1):  # every hour of the last two days
        fired += trends.detect(now=NOW - h * HOUR, hours=1)
    assert fired == []


def test_spike_needs_history(store, clock):
    trends = Trends(store, clock=clock)
    _seed(trends, clock, NOW, 30, "fake_cod")
    assert trends.detect() == []  # a fresh database: nothing to compare with yet
