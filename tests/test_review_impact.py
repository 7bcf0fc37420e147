"""Knowledge changes that are safe, visible and reversible: the impact preview before approval, the
refusal of everyday wording, the second volunteer beyond a development-set line, revert, history,
export of what is live only, `kb test` over what is served, and the keeper refusing failing additions."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from bot.services.impact import ImpactPreview
from bot.services.review import ReviewError
from knowledge import default_root

# Made up for these tests: nothing in the shipped knowledge or everyday.yml says them.
HARMLESS_LOOKING = "周末去湖边放风筝"
EVERYDAY_TEXT = f"明天{HARMLESS_LOOKING}吧，带上水和帽子"
SCAMMY = "紫罗兰充值卡"


@pytest.fixture
def kb_dir(tmp_path):
    dest = tmp_path / "project" / "knowledge"
    shutil.copytree(default_root(), dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A development 'corpus' of our own sentences (the real one may be absent in CI)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    # (a wording the shipped knowledge does not flag yet: buying cards and sending their secret now is)
    rows = [{"text": f"对方让我准备{SCAMMY}，说明天来拿", "label": "scam"} for _ in range(5)]
    rows += [{"text": f"第{k}条：今天食堂的菜不错", "label": "benign"} for k in range(200)]
    (folder / "mine.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    monkeypatch.setenv("CALLCHECK_CORPUS", str(folder))
    return folder


@pytest.fixture
def app(tmp_path, kb_dir, corpus):
    app = App(Settings(kb_dir=kb_dir, db_path=tmp_path / "callcheck.db", admins=("cli:admin",)))
    for who in ("cli:alice", "cli:bob"):
        app.roles.grant("cli:admin", who, "volunteer")
    app.keeper.check_every = 0
    yield app
    app.close()


def everyday_phrases(kb) -> list[tuple[str, str]]:
    """Greetings, brand names alone and one common word, in both languages (generated from the knowledge)."""
    brands = [o.names.zh for o in list(kb.organisations.values())[:3]] + [
        o.names.en for o in list(kb.organisations.values())[:2]
    ]
    return (
        [("greeting", p) for p in ("您好", "你好", "hello", "good morning")]
        + [("brand", b) for b in brands]
        + [("common word", w) for w in ("订单", "delivery")]
    )


# -- impact before approval -----------------------------------------------------------------
def test_hello_as_a_parcel_lost_phrase_is_refused_with_its_impact_shown(app):
    reminder = "您好，这里是街道卫生站，周四上午给老人量血压，请带上医保卡。"
    before = app.analyzer.analyze(reminder).verdict
    sid = app.review.suggest("tg:7", "您好", "phrase").id
    preview = app.review.preview("cli:alice", f"s{sid}", target="refund_compensation.parcel_lost")
    assert preview.refused and any("everyday" in r for r in preview.refusals)
    sets = {s.name: s for s in preview.sets}
    assert sets["everyday.yml"].matched >= 1 and sets["mine.jsonl"].total == 205
    with pytest.raises(ReviewError, match="refused") as exc:
        app.review.approve("cli:alice", f"s{sid}", "looks fine", target="refund_compensation.parcel_lost")
    message = str(exc.value)
    assert "everyday.yml" in message and "genuine.yml" in message and "mine.jsonl" in message  # impact shown
    assert exc.value.impact is not None and exc.value.impact.refused
    assert app.review.table.additions(("approved", "awaiting_second")) == []
    assert app.review.table.suggestion(sid).status == "pending"
    assert app.analyzer.analyze(reminder).verdict == before


def test_everyday_wording_brands_alone_and_common_words_are_refused(app):
    for kind, phrase in everyday_phrases(app.kb):
        target = "red_flag.asks_transfer"
        impact = app.review.preview_change("cli:alice", "phrase", target, {"phrase": phrase})
        assert impact.refused, (kind, phrase, impact.lines())


def test_a_genuine_case_turned_into_a_flag_refuses_the_change(app):
    flagged = 0
    for genuine in [g for g in app.kb.genuine if len(g) >= 12][:6]:
        piece = genuine[2:8]  # a piece of a genuine message: as a red flag it may flag that message
        impact = app.review.preview_change("cli:alice", "phrase", "red_flag.asks_code", {"phrase": piece})
        (g,) = [s for s in impact.sets if s.name == "genuine.yml"]
        assert g.matched >= 1
        if g.newly_flagged_benign:
            flagged += 1
            assert any("genuine case" in r for r in impact.refusals), impact.lines()
    assert flagged >= 1


def test_a_change_moving_a_dev_set_figure_beyond_its_line_waits_for_a_second_volunteer(app):
    sid = app.review.suggest("tg:7", SCAMMY, "phrase").id
    msg = app.review.approve("cli:alice", f"s{sid}", "gift-card ask", target="red_flag.asks_transfer")
    assert "second volunteer" in msg and "mine.jsonl" in msg
    (waiting,) = app.review.table.additions("awaiting_second")
    assert waiting.suggestion == sid
    assert app.review.table.additions("approved") == []
    with pytest.raises(ReviewError, match="second, different volunteer"):
        app.review.approve("cli:alice", f"a{waiting.id}", "again")
    app.review.approve("cli:bob", f"a{waiting.id}", "checked the examples")
    assert [a.id for a in app.review.table.additions("approved")] == [waiting.id]
    assert app.review.table.suggestion(sid).status == "approved"


def test_a_small_change_is_applied_by_one_volunteer(tmp_path, app):
    app.review._impact = ImpactPreview(app.keeper.root, corpus=tmp_path / "none")  # no corpus: no line
    sid = app.review.suggest("tg:7", SCAMMY, "phrase").id
    assert "approved as a" in app.review.approve("cli:alice", f"s{sid}", "r", target="red_flag.asks_transfer")


# -- every change reversible ----------------------------------------------------------------
def test_a_harmful_addition_reverted_restores_the_verdict_and_leaves_the_export(app, kb_dir, tmp_path):
    before = app.analyzer.analyze(EVERYDAY_TEXT).verdict
    sid = app.review.suggest("tg:7", HARMLESS_LOOKING, "phrase").id
    app.review.approve("cli:alice", f"s{sid}", "seemed a transfer ask", target="red_flag.asks_transfer")
    (live,) = app.review.table.additions("approved")
    harmed = app.analyzer.analyze(EVERYDAY_TEXT).verdict
    assert harmed != before  # the harm: an everyday plan is now flagged

    msg = app.review.revert("cli:bob", f"a{live.id}", "flags people's weekend plans")
    assert "reverted" in msg
    assert app.analyzer.analyze(EVERYDAY_TEXT).verdict == before  # at once, no restart
    assert app.review.table.addition(live.id).status == "reverted"

    runner = CliRunner()
    out = tmp_path / "a.patch"
    result = runner.invoke(
        main, ["--kb", str(kb_dir), "--db", str(app.settings.db_path), "kb", "export-additions", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert HARMLESS_LOOKING not in out.read_text("utf-8")
    assert "0 addition(s) exported" in result.output

    history = app.review.history("cli:alice", f"a{live.id}")
    assert sorted((h["item"], h["action"]) for h in history) == [
        (f"a{live.id}", "approve"),
        (f"a{live.id}", "revert"),
        (f"s{sid}", "approve"),
    ]
    reasons = {h["reason"] for h in history}
    assert {"seemed a transfer ask", "flags people's weekend plans"} <= reasons
    assert {h["by"] for h in history} == {app.roles.key("cli:alice"), app.roles.key("cli:bob")}


def test_rejecting_a_suggestion_whose_addition_is_live_reverts_it(app):
    before = app.analyzer.analyze(EVERYDAY_TEXT).verdict
    sid = app.review.suggest("tg:7", HARMLESS_LOOKING, "phrase").id
    app.review.approve("cli:alice", f"s{sid}", "r", target="red_flag.asks_transfer")
    msg = app.review.reject("cli:bob", f"s{sid}", "not a scam phrase")
    assert "reverted" in msg
    assert app.review.table.additions("approved") == []
    assert app.analyzer.analyze(EVERYDAY_TEXT).verdict == before
    with pytest.raises(ReviewError, match="nothing live"):
        app.review.revert("cli:alice", f"s{sid}", "again")


def test_the_same_phrase_approved_again_shares_one_history(app):
    s1 = app.review.suggest("tg:7", HARMLESS_LOOKING, "phrase").id
    app.review.approve("cli:alice", f"s{s1}", "first time", target="red_flag.asks_transfer")
    app.review.revert("cli:bob", f"s{s1}", "too broad")
    s2 = app.review.suggest("tg:8", HARMLESS_LOOKING, "phrase").id
    app.review.approve("cli:alice", f"s{s2}", "second time", target="red_flag.asks_transfer")
    reasons = [h["reason"] for h in app.review.history("cli:alice", f"s{s2}")]
    assert reasons.index("first time") < reasons.index("too broad") < reasons.index("second time")


# -- the gate covers what is served ---------------------------------------------------------
def _sneak_in(app, phrase: str, target: str = "red_flag.asks_transfer") -> int:
    """An approved addition written straight into the database (another process, an old version…)."""
    key = app.roles.key("cli:alice")
    return app.review.table.add_addition(
        "phrase", target, {"lang": "zh", "phrase": phrase}, key, status="approved", approved_by=key
    )


def harmful_piece(app) -> tuple[str, str]:
    """A genuine message and a piece of it that, as an asks_code red flag, flags it (found by the preview)."""
    for genuine in [g for g in app.kb.genuine if len(g) >= 12]:
        piece = genuine[2:8]
        impact = app.review.preview_change("cli:alice", "phrase", "red_flag.asks_code", {"phrase": piece})
        if any(s.name == "genuine.yml" and s.newly_flagged_benign for s in impact.sets):
            return genuine, piece
    raise AssertionError("no genuine message can be flagged by a piece of itself")


def test_the_keeper_refuses_additions_that_fail_the_gate_and_keeps_the_last_good_set(app):
    good = app.review.suggest("tg:7", SCAMMY, "phrase").id
    app.review._impact = ImpactPreview(app.keeper.root, corpus=None)
    app.review.approve("cli:alice", f"s{good}", "r", target="red_flag.asks_transfer")
    (good_add,) = app.review.table.additions("approved")
    assert app.keeper.served_additions == [good_add.id]
    genuine, piece = harmful_piece(app)
    bad = _sneak_in(app, piece, "red_flag.asks_code")
    assert app.keeper.reload()
    assert app.keeper.served_additions == [good_add.id]  # the last good set keeps serving
    assert any("fail the regression gate" in p for p in app.keeper.problems)
    assert app.analyzer.analyze(genuine).verdict in ("no_scam_signs", "matches_genuine")  # not flagged
    assert any(f"a{bad}" in p for p in app.review.queue("cli:alice").problems)


def test_kb_test_runs_with_the_live_additions_and_names_them(app, kb_dir):
    runner = CliRunner()
    db = str(app.settings.db_path)
    base = ["--kb", str(kb_dir), "--db", db, "kb", "test", str(kb_dir)]
    ok = runner.invoke(main, base)
    assert ok.exit_code == 0, ok.output
    aid = _sneak_in(app, harmful_piece(app)[1], "red_flag.asks_code")
    failed = runner.invoke(main, base)
    assert failed.exit_code == 1
    assert f"a{aid}" in failed.output and "WORSE" in failed.output
    files_only = runner.invoke(main, [*base, "--files-only"])
    assert files_only.exit_code == 0 and "files alone" in files_only.output


def test_queue_revert_in_the_chat(app):
    from bot.conversation.queue import QueueDesk

    sid = app.review.suggest("tg:7", HARMLESS_LOOKING, "phrase").id
    app.review.approve("cli:alice", f"s{sid}", "r", target="red_flag.asks_transfer")
    (live,) = app.review.table.additions("approved")
    (reply,) = QueueDesk(app.review).handle("cli:bob", f"revert a{live.id} flags picnics", "en")
    assert "reverted" in reply.text
    assert app.review.table.addition(live.id).status == "reverted"
    (refused,) = QueueDesk(app.review).handle("tg:999", f"revert a{live.id} x", "en")
    assert "volunteers" in refused.text


def test_export_warns_about_a_reverted_addition_already_merged_into_the_files(app, kb_dir, tmp_path):
    import subprocess

    sid = app.review.suggest("tg:7", SCAMMY, "phrase").id
    app.review._impact = ImpactPreview(app.keeper.root, corpus=None)
    app.review.approve("cli:alice", f"s{sid}", "r", target="red_flag.asks_transfer")
    runner = CliRunner()
    db = str(app.settings.db_path)
    patch = tmp_path / "a.patch"
    result = runner.invoke(main, ["--kb", str(kb_dir), "--db", db, "kb", "export-additions", "--out", str(patch)])
    assert result.exit_code == 0 and "1 addition(s) exported" in result.output
    subprocess.run(["git", "apply", str(patch)], cwd=kb_dir.parent, check=True)
    assert SCAMMY in (kb_dir / "red_flags.yml").read_text("utf-8")
    app.review.revert("cli:bob", f"s{sid}", "merged by mistake")
    result = runner.invoke(main, ["--kb", str(kb_dir), "--db", db, "kb", "export-additions", "--out", str(patch)])
    assert "REVERTED a" in result.output and "red_flags.yml" in result.output
    assert SCAMMY not in patch.read_text("utf-8")
