"""Suggestions and the review desk: each queue action, the two-person rule, audit rows, hot reload,
a broken knowledge file while running, and full-text search that works for two Chinese characters."""

from __future__ import annotations

import shutil

import pytest

from bot.app import App, Settings
from bot.conversation.engine import Incoming
from bot.services.review import ReviewError
from bot.services.roles import NotAllowed
from bot.store.review import ReviewStore, bigrams, match_query
from knowledge import default_root
from nlu.regression import RANK

NEW_PHRASE = "彩虹糖兑换码"  # made up: nothing in the shipped knowledge matches it
ACCOUNT = f"对方让我买{NEW_PHRASE}发给他"


@pytest.fixture
def kb_dir(tmp_path):
    dest = tmp_path / "knowledge"
    shutil.copytree(default_root(), dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


@pytest.fixture
def app(tmp_path, kb_dir):
    app = App(Settings(kb_dir=kb_dir, db_path=tmp_path / "callcheck.db", admins=("cli:admin",)))
    app.roles.grant("cli:admin", "cli:alice", "volunteer")
    app.roles.grant("cli:admin", "cli:bob", "volunteer")
    app.keeper.check_every = 0  # tests look for changes on every message
    yield app
    app.close()


def audit_actions(app, prefix="review."):
    return [(r["action"], r["target"], r["outcome"], r["detail"]) for r in app.roles.audit.recent(100, prefix)]


# -- suggestions ---------------------------------------------------------------------------
def test_suggestion_is_redacted_before_it_is_stored(app):
    sent = app.review.suggest("tg:42", "我叫张伟，电话13800138000，订单号SF1234567890123，对方说要交解冻费", "phrase")
    stored = app.review.table.suggestion(sent.id)
    assert "13800138000" not in stored.text and "张伟" not in stored.text and "SF1234567890123" not in stored.text
    assert "解冻费" in stored.text
    assert set(sent.text.removed) == {"name", "number", "order"}
    row = app.store.db.execute("SELECT submitter FROM suggestions").fetchone()
    assert row[0] == app.store.reporter_key("tg:42") and "tg:" not in row[0]  # a salted key, not the user id


def test_suggestions_are_rate_limited_and_empty_ones_refused(app):
    with pytest.raises(ReviewError, match="empty"):
        app.review.suggest("tg:42", " ", "phrase")
    for _ in range(10):
        app.review.suggest("tg:42", "新说法：解冻保证金", "phrase")
    with pytest.raises(ReviewError, match="too many"):
        app.review.suggest("tg:42", "新说法：解冻保证金", "phrase")


def test_forget_deletes_a_persons_suggestions_and_their_search_rows(app):
    app.review.suggest("tg:42", "客服说退款要先交保证金", "phrase")
    app.review.suggest("tg:43", "客服说退款到账前要验证流水", "phrase")
    assert app.review.forget("tg:42") == 1
    left = app.review.table.search_suggestions("退款")
    assert [s.text for s in left] == ["客服说退款到账前要验证流水"]


# -- the queue and its actions -------------------------------------------------------------
def test_only_volunteers_see_the_queue_and_refusals_are_audited(app):
    with pytest.raises(NotAllowed):
        app.review.queue("tg:999")
    with pytest.raises(NotAllowed):
        app.review.reject("tg:999", "s1", "spam")
    refused = [a for a in audit_actions(app) if a[2] == "refused"]
    assert {a[0] for a in refused} == {"review.queue", "review.decide"}


def test_approve_a_phrase_applies_it_without_a_restart(app):
    conv = app.conversations
    before = app.analyzer.analyze(ACCOUNT)
    assert not any(e.text == NEW_PHRASE for e in before.red_flags)
    sent = app.review.suggest("tg:42", f"他们让我买{NEW_PHRASE}", "phrase")
    assert [s.id for s in app.review.queue("cli:alice").suggestions] == [sent.id]
    msg = app.review.approve(
        "cli:alice", f"s{sent.id}", "a new way to ask for money", target="red_flag.asks_transfer", text=NEW_PHRASE
    )
    assert "approved" in msg
    after = app.analyzer.analyze(ACCOUNT)  # same App, no restart
    assert any(e.text == NEW_PHRASE and e.indicator == "red_flag.asks_transfer" for e in after.red_flags)
    assert RANK[after.verdict] >= RANK[before.verdict]
    # the running conversation uses the new knowledge too
    replies = conv.handle("tg:1", "tg:1", Incoming("text", text=ACCOUNT, now=1_800_000_000.0), "telegram")
    assert NEW_PHRASE in replies[0].text
    assert app.review.table.suggestion(sent.id).status == "approved"
    assert app.review.queue("cli:alice").suggestions == []


def test_approve_reject_edit_each_leave_an_audit_row_with_who_when_what_why(app):
    a = app.review.suggest("tg:42", "对方说要交解冻费才能退款", "phrase").id
    b = app.review.suggest("tg:43", "今天天气不错", "phrase").id
    app.review.edit("cli:alice", f"s{a}", "交解冻费", "keep only the key words")
    assert app.review.table.suggestion(a).text == "交解冻费"
    app.review.reject("cli:bob", f"s{b}", "not about a scam")
    app.review.approve("cli:alice", f"s{a}", "fee before refund", target="red_flag.asks_fee")
    rows = app.store.db.execute("SELECT actor, item, action, reason, created_at FROM review_log ORDER BY id").fetchall()
    alice, bob = app.roles.key("cli:alice"), app.roles.key("cli:bob")
    (added,) = app.review.table.additions_of(a)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        (alice, f"s{a}", "edit", "keep only the key words"),
        (bob, f"s{b}", "reject", "not about a scam"),
        (alice, f"a{added.id}", "approve", "fee before refund"),  # the addition's own history
        (alice, f"s{a}", "approve", "fee before refund"),
    ]
    assert all(r[4] > 0 for r in rows)
    done = [(x[0], x[1], x[3]) for x in audit_actions(app) if x[2] == "done"]
    assert ("review.reject", f"s{b}", "not about a scam") in done
    assert ("review.approve", f"s{a}", "fee before refund") in done
    assert "alice" not in str(app.store.db.execute("SELECT * FROM audit").fetchall())


def test_every_decision_needs_a_reason(app):
    sid = app.review.suggest("tg:42", "交解冻费", "phrase").id
    with pytest.raises(ReviewError, match="reason"):
        app.review.reject("cli:alice", f"s{sid}", "  ")


def test_a_phrase_that_does_not_validate_is_refused_with_the_problem(app):
    sid = app.review.suggest("tg:42", "{快递|包裹丢了", "phrase").id
    with pytest.raises(ReviewError, match="does not validate"):
        app.review.approve("cli:alice", f"s{sid}", "r", target="refund_compensation.parcel_lost")
    with pytest.raises(ReviewError, match="no indicator"):
        app.review.approve("cli:alice", f"s{sid}", "r", target="refund_compensation.nope", text="丢件了")


def test_a_harmful_phrase_is_refused_naming_the_genuine_messages_it_would_flag(app):
    sid = app.review.suggest("tg:42", "退款", "phrase").id  # far too broad: real refund notices say it
    with pytest.raises(ReviewError, match="worse") as exc:
        app.review.approve("cli:alice", f"s{sid}", "r", target="red_flag.asks_transfer")
    assert "genuine.yml" in str(exc.value)
    assert app.review.table.additions("approved") == []


def test_false_alarm_that_is_still_flagged_goes_to_the_regression_set_not_genuine(app):
    sid = app.review.suggest("tg:42", ACCOUNT, "false_alarm", verdict="scam").id
    app.review.approve("cli:alice", f"s{sid}", "user says genuine", as_kind="regression", expect="no_scam_signs")
    (add,) = app.review.table.additions("approved")
    assert (add.kind, add.value["expect"]) == ("regression", "no_scam_signs")


# -- official channels: a source and two different volunteers --------------------------------
def test_official_hotline_needs_a_source_and_a_second_volunteer(app):
    with pytest.raises(ReviewError, match="source"):
        app.review.propose("cli:alice", "hotline", "jd", {"number": "950123"}, "", "seen on the site")
    aid, msg = app.review.propose(
        "cli:alice", "hotline", "jd", {"number": "950123", "confidence": "medium"}, "https://help.jd.com/x", "checked"
    )
    assert "second" in msg
    hotlines = lambda: [h.number for h in app.kb.organisations["jd"].hotlines]  # noqa: E731
    assert "950123" not in hotlines()  # not live yet
    assert [a.id for a in app.review.queue("cli:bob").awaiting_second] == [aid]
    with pytest.raises(ReviewError, match="second, different volunteer"):
        app.review.approve("cli:alice", f"a{aid}", "I checked it too")
    assert "950123" not in hotlines()
    app.review.approve("cli:bob", f"a{aid}", "checked the source")
    assert "950123" in hotlines()
    hotline = next(h for h in app.kb.organisations["jd"].hotlines if h.number == "950123")
    assert hotline.sources == ("https://help.jd.com/x",) and hotline.confidence == "medium"
    actors = {r[0] for r in app.store.db.execute("SELECT actor FROM review_log WHERE item = ?", [f"a{aid}"])}
    assert actors == {app.roles.key("cli:alice"), app.roles.key("cli:bob")}


def test_a_rejected_official_change_is_never_applied(app):
    aid, _ = app.review.propose(
        "cli:alice", "domain", "jd", {"domain": "jd-refund.example"}, "https://x.example/1", "r"
    )
    app.review.reject("cli:bob", f"a{aid}", "not an official domain")
    with pytest.raises(ReviewError, match="rejected"):
        app.review.approve("cli:bob", f"a{aid}", "changed my mind")
    assert "jd-refund.example" not in app.kb.organisations["jd"].domains


# -- numbers ------------------------------------------------------------------------------
def test_a_number_is_confirmed_only_with_a_reason_from_reports_and_never_an_official_line(app):
    with pytest.raises(ReviewError, match="nobody reported"):
        app.review.approve("cli:alice", "+86 138 0013 8000", "looks bad")
    app.numbers.report("+86 138 0013 8000", "refund_compensation", "tg:42")
    assert [n["number"] for n in app.review.queue("cli:alice").numbers] == ["+8613800138000"]
    with pytest.raises(ReviewError, match="reason"):
        app.review.approve("cli:alice", "+8613800138000", "")
    assert "confirmed" in app.review.approve("cli:alice", "+8613800138000", "same script in three accounts")
    app.numbers.report("95188", "refund_compensation", "tg:42")  # Alipay's official line: held
    with pytest.raises(ReviewError, match="official hotline"):
        app.review.approve("cli:alice", "95188", "many reports")
    assert "cleared" in app.review.reject("cli:alice", "95188", "spoofed caller ID")
    assert app.store.history("+8613800138000")[-1]["by"] == app.roles.key("cli:alice")


# -- safe loading --------------------------------------------------------------------------
def test_a_broken_file_while_running_keeps_the_last_good_knowledge_and_tells_volunteers(app, kb_dir, caplog):
    conv = app.conversations
    good = app.kb
    path = kb_dir / "scripts" / "fake_cod.yml"
    path.write_text(path.read_text("utf-8").replace("  - id: courier\n", "  - id: courier\n\tkind: x\n", 1), "utf-8")
    replies = conv.handle(
        "tg:1", "tg:1", Incoming("text", text="我是淘宝客服，快递丢了三倍赔偿", now=1.8e9), "telegram"
    )
    assert replies and replies[0].text  # still answering
    assert app.kb is good
    problems = app.review.queue("cli:alice").problems
    assert len(problems) == 1 and "scripts/fake_cod.yml" in problems[0] and "line" in problems[0]
    assert any("still serving the last good" in r.getMessage() for r in caplog.records)
    path.write_text(path.read_text("utf-8").replace("\tkind: x\n", ""), "utf-8")
    conv.handle("tg:1", "tg:1", Incoming("text", text="你好", now=1.8e9 + 1), "telegram")
    assert app.kb is not good and app.review.queue("cli:alice").problems == []


def test_broken_files_at_start_up_serve_the_last_good_knowledge_from_the_database(tmp_path, kb_dir):
    settings = Settings(kb_dir=kb_dir, db_path=tmp_path / "callcheck.db", admins=("cli:admin",))
    first = App(settings)
    scripts = set(first.kb.scripts)
    first.close()
    (kb_dir / "red_flags.yml").write_text("red_flags: [unclosed\n", "utf-8")
    second = App(settings)
    assert set(second.kb.scripts) == scripts  # the bot starts
    assert second.keeper.from_snapshot
    assert "red_flags.yml" in second.keeper.problems[0]
    second.close()


# -- search --------------------------------------------------------------------------------
def test_bigrams_and_queries():
    assert bigrams("退款到账 Refund now") == "退款 款到 到账 refund now"
    assert match_query("退款到账") == '"退款 款到 到账"'
    assert match_query("退款 refund") == '"退款" AND "refund"'


def test_two_character_chinese_queries_find_suggestions_and_notes(app):
    app.review.suggest("tg:42", "客服说退款要先开通备用金", "phrase")
    app.review.suggest("tg:43", "快递员让我扫码领取赔偿", "phrase")
    assert [s.text for s in app.review.table.search_suggestions("退款")] == ["客服说退款要先开通备用金"]
    assert [s.text for s in app.review.table.search_suggestions("备用金")] == ["客服说退款要先开通备用金"]
    assert app.review.table.search_suggestions("理财") == []
    app.numbers.report("+8613800138000", "refund_compensation", "tg:42", note="他说退款要先交保证金")
    table = ReviewStore(app.store)
    assert [r["number"] for r in table.search_notes("退款")] == ["+8613800138000"]
    app.store.forget_reporter("tg:42")
    assert table.search_notes("退款") == []  # deleted reports leave the index


def test_police_may_decide_numbers_but_not_knowledge(app):
    app.roles.grant("cli:admin", "cli:carol", "police", name="Carol Ng", unit="Sha Tin division")
    app.numbers.report("+8613800138000", "police_impersonation", "tg:42")
    assert "confirmed" in app.review.approve("cli:carol", "+8613800138000", "case 2026-118")
    sid = app.review.suggest("tg:42", "交解冻费", "phrase").id
    with pytest.raises(NotAllowed):
        app.review.approve("cli:carol", f"s{sid}", "r", target="red_flag.asks_fee")


@pytest.mark.parametrize("volunteer", ["tg:4711", "cli:alice"])
def test_a_volunteer_cannot_approve_their_own_suggestion(app, volunteer):
    app.roles.grant("cli:admin", volunteer, "volunteer")
    own = app.review.suggest(volunteer, "客服说先交一笔保证金才给退款", "phrase").id
    with pytest.raises(ReviewError, match="another volunteer"):
        app.review.approve(volunteer, f"s{own}", "mine", target="red_flag.asks_fee")
    assert app.review.table.suggestion(own).status == "pending"
    app.review.approve("cli:bob", f"s{own}", "checked", target="red_flag.asks_fee")
    assert app.review.table.suggestion(own).status == "approved"
