"""Knowledge stays in git: the export round trip, the regression gate, and one clear message for a
volunteer's malformed edit."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from bot.app import App, Settings
from bot.cli import main
from knowledge import KnowledgeError, default_root, load_knowledge
from nlu.analyzer import Analyzer

NEW_PHRASE = "彩虹糖兑换码"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def project(tmp_path):
    """A copy of the knowledge folder inside a folder of its own (as in the repository)."""
    dest = tmp_path / "project" / "knowledge"
    shutil.copytree(default_root(), dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


# -- export round trip ---------------------------------------------------------------------
def test_exported_patch_applies_validates_and_changes_detection_as_approved(runner, project, tmp_path):
    db = tmp_path / "callcheck.db"
    app = App(Settings(kb_dir=project, db_path=db, admins=("cli:admin",)))
    app.roles.grant("cli:admin", "cli:alice", "volunteer")
    app.roles.grant("cli:admin", "cli:bob", "volunteer")
    s1 = app.review.suggest("tg:1", NEW_PHRASE, "phrase").id
    app.review.approve("cli:alice", f"s{s1}", "new ask", target="red_flag.asks_transfer")
    s2 = app.review.suggest("tg:2", "【菜鸟驿站】您的包裹已入柜，请凭取件码取件。", "false_alarm").id
    app.review.approve("cli:alice", f"s{s2}", "ordinary notice")
    s3 = app.review.suggest("tg:3", f"对方让我买{NEW_PHRASE}发给他", "missed_scam", verdict="suspicious").id
    app.review.approve("cli:alice", f"s{s3}", "keep it detected")
    aid, _ = app.review.propose(
        "cli:alice", "hotline", "jd", {"number": "950123", "confidence": "low"}, "https://help.jd.com/x", "checked"
    )
    app.review.approve("cli:bob", f"a{aid}", "checked too")
    served = app.analyzer.analyze(f"对方让我买{NEW_PHRASE}发给他")
    app.close()

    patch = tmp_path / "additions.patch"
    result = runner.invoke(main, ["--kb", str(project), "--db", str(db), "kb", "export-additions", "--out", str(patch)])
    assert result.exit_code == 0, result.output
    assert "4 addition(s) exported" in result.output
    text = patch.read_text("utf-8")
    assert "+++ b/knowledge/red_flags.yml" in text and "+++ b/knowledge/regression.yml" in text
    before = (project / "red_flags.yml").read_text("utf-8")
    subprocess.run(["git", "apply", str(patch)], cwd=project.parent, check=True, capture_output=True)
    after = (project / "red_flags.yml").read_text("utf-8")
    assert before.count("\n") == after.count("\n") and before.split("# ")[1] == after.split("# ")[1]  # layout kept

    kb = load_knowledge(project)  # the patched files validate
    assert "950123" in [h.number for h in kb.organisations["jd"].hotlines]
    assert "【菜鸟驿站】您的包裹已入柜，请凭取件码取件。" in kb.genuine
    from_files = Analyzer(kb).analyze(f"对方让我买{NEW_PHRASE}发给他")
    assert (from_files.verdict, [e.text for e in from_files.red_flags]) == (
        served.verdict,
        [e.text for e in served.red_flags],
    )
    assert runner.invoke(main, ["kb", "validate", str(project)]).exit_code == 0
    # merged: exporting again adds nothing
    again = runner.invoke(main, ["--kb", str(project), "--db", str(db), "kb", "export-additions"])
    assert "0 addition(s) exported; 4 already in the files" in again.output


# -- the regression gate -------------------------------------------------------------------
def _edit_red_flag(project, flag_id, change):
    """Change one red flag in the parsed file and write it back (layout is irrelevant to the gate)."""
    path = project / "red_flags.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    change(next(f for f in data["red_flags"] if f["id"] == flag_id))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_gate_passes_on_the_baseline_and_fails_on_a_harmful_edit_naming_the_cases(runner, project):
    assert runner.invoke(main, ["kb", "test", str(project), "--update-baseline"]).exit_code == 0
    ok = runner.invoke(main, ["kb", "test", str(project)])
    assert ok.exit_code == 0 and "0 worse" in ok.output
    # A volunteer "tidies" the transfer red flag down to one phrase nobody writes.
    _edit_red_flag(
        project, "asks_transfer", lambda f: f.update(zh=["请把钱转给我吧谢谢"], en=["please wire it thanks"])
    )
    load_knowledge(project)  # still valid knowledge: only the gate can catch it
    bad = runner.invoke(main, ["kb", "test", str(project)])
    assert bad.exit_code == 1
    worse = [ln for ln in bad.output.splitlines() if ln.startswith("WORSE ")]
    assert worse and all("«" in ln and ("examples[" in ln or "cases[" in ln) for ln in worse)
    assert any("detection fell scam → suspicious" in ln for ln in worse)
    assert "FAILED" in bad.output and "--update-baseline" in bad.output


def test_gate_flags_a_genuine_message_that_becomes_a_false_flag(runner, project):
    assert runner.invoke(main, ["kb", "test", str(project), "--update-baseline"]).exit_code == 0
    _edit_red_flag(project, "asks_transfer", lambda f: f["zh"].append("取件码"))  # every parcel-locker SMS has it
    bad = runner.invoke(main, ["kb", "test", str(project)])
    assert bad.exit_code == 1
    flagged = [
        ln
        for ln in bad.output.splitlines()
        if ln.startswith("WORSE ") and ("false flag no_scam_signs →" in ln or "false flag matches_genuine →" in ln)
    ]
    assert flagged and all("取件码" in ln for ln in flagged)  # each names the genuine case and quotes it


def test_baseline_file_is_sorted_and_names_where_each_case_lives(project, runner):
    assert runner.invoke(main, ["kb", "test", str(project), "--update-baseline"]).exit_code == 0
    data = json.loads((project / "baseline.json").read_text("utf-8"))
    keys = list(data["cases"])
    assert keys == sorted(keys)
    assert all(
        v["where"] and v["verdict"] in ("scam", "suspicious", "no_scam_signs", "matches_genuine")
        for v in data["cases"].values()
    )


def test_a_bad_regression_case_is_one_clear_error(runner, project):
    (project / "regression.yml").write_text("cases:\n  - text: 你好\n    expect: maybe\n", "utf-8")
    result = runner.invoke(main, ["kb", "test", str(project)])
    assert result.exit_code == 1
    assert "regression.yml: cases[0].expect: 'maybe' is not a verdict — fix: write one of: scam" in result.output


# -- one message per malformed edit --------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "field", "fix"),
    [
        ("weight: 0.5\n", "weight: 0.5\n\tnegatable: true\n", "indicators[1]", "replace the tab with spaces"),
        (
            "explain: {zh: 说你的快递丢了或损坏了, en: says your parcel was lost or damaged}",
            "explain: {zh: 说你的快递丢了或损坏了, en: says: your parcel was lost}",
            "indicators[1].explain",
            "in double quotes",
        ),
        ('"丢件", ', '"丢件, ', "indicators[1].zh", "close the double quote"),
        ("  - id: product_problem\n", "   - id: product_problem\n", "indicators", "line"),
    ],
)
def test_a_malformed_edit_gets_one_message_with_file_line_field_and_fix(runner, project, old, new, field, fix):
    path = project / "scripts" / "refund_compensation.yml"
    text = path.read_text("utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path.write_text(broken, "utf-8")
    result = runner.invoke(main, ["kb", "validate", str(project)])
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if ln.startswith("ERROR")]
    assert len(errors) == 1, errors  # no follow-on "not a script id" lines
    (error,) = errors
    line = next(i + 1 for i, ln in enumerate(broken.splitlines()) if new.strip().split("\n")[-1].strip() in ln)
    assert error.startswith("ERROR scripts/refund_compensation.yml: ")
    assert f"line {line}" in error
    assert f": {field}" in error
    assert "fix: " in error and fix in error


def test_field_problems_carry_their_line(project):
    path = project / "scripts" / "fake_cod.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    weight: ", "    wieght: ", 1), "utf-8")
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(project)
    (p,) = [p for p in exc.value.problems if p.field.endswith("wieght")]
    assert p.line == 1 + text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith("    weight: ")))
    assert str(p).endswith(f"(line {p.line})")


# -- the generated Rasa export -------------------------------------------------------------
def test_validate_names_a_stale_rasa_export_and_fix_regenerates_it(runner, monkeypatch, tmp_path):
    import importlib

    kbtools = importlib.import_module("bot.cli.kbtools")
    rasa = importlib.import_module("bot.cli.rasa")  # `bot.cli.rasa` the attribute is the click group

    data = tmp_path / "rasa_data"
    shutil.copytree(rasa.DATA, data)
    monkeypatch.setattr(rasa, "DATA", data)
    assert kbtools.rasa_export_stale(load_knowledge()) == []
    (data / "lookups.yml").write_text("stale\n", "utf-8")
    result = runner.invoke(main, ["kb", "validate", "--no-examples"])
    assert result.exit_code == 1
    assert "nlu/rasa_data/lookups.yml: is out of date" in result.output and "kb validate --fix" in result.output
    fixed = runner.invoke(main, ["kb", "validate", "--no-examples", "--fix"])
    assert fixed.exit_code == 0 and "regenerated" in fixed.output
    assert kbtools.rasa_export_stale(load_knowledge()) == []


@pytest.mark.parametrize(
    "command",
    [
        "kb test",
        "kb export-additions",
        "review list",
        "review approve",
        "review reject",
        "review edit",
        "review propose",
        "review search",
        "db browse",
    ],
)
def test_new_commands_have_help_and_are_documented(runner, command):
    from pathlib import Path

    result = runner.invoke(main, [*command.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    assert f"`callcheck {command}" in readme
