"""Batch analysis on several processes: `analyze --jsonl --workers N` and `eval --workers N` give
exactly what one process gives, in the input's order, and `eval --cache` reads back only figures
made from the same inputs."""

from __future__ import annotations

import itertools
import json

import pytest
from click.testing import CliRunner

import bot.batch
from bot.cli import main

# Made-up accounts: a caller's claim x what they asked for x a detail, plus plain messages.
WHO = ["自称快递公司理赔员", "说是电商平台售后", "a caller claiming to be from the bank", "家里人"]
ASK = ["让我开通屏幕共享", "要我把验证码念给他", "asked me to move my savings to a safe account", "问我晚上吃什么"]
DETAIL = ["", "，还说不办理会影响征信", " and said it was urgent", "，号码是 13912345678"]


def accounts() -> list[dict]:
    rows = []
    for k, (who, ask, detail) in enumerate(itertools.product(WHO, ASK, DETAIL)):
        rows.append({"id": f"r{k}", "text": f"{who}{ask}{detail}"})
    return rows


@pytest.fixture
def small_windows(monkeypatch):
    """Chunks of a few rows and few of them in flight, so a short file crosses many of them."""
    monkeypatch.setattr(bot.batch, "CHUNK", 3)
    monkeypatch.setattr(bot.batch, "AHEAD", 1)


def test_analyze_with_workers_matches_one_process_in_order(tmp_path, small_windows):
    rows = accounts()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[5] = "not json"
    lines[20] = '{"id": "broken", "text": '
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", "utf-8")
    runner = CliRunner()
    one = runner.invoke(main, ["analyze", "--jsonl", str(src)])
    two = runner.invoke(main, ["analyze", "--jsonl", str(src), "--workers", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    ids = [json.loads(x)["id"] for x in two.stdout.splitlines()]
    assert ids == [r["id"] for k, r in enumerate(rows) if k not in (5, 20)]
    assert two.stderr == one.stderr and "line 6" in two.stderr and "line 21" in two.stderr


def labelled(tmp_path):
    rows = [
        {**r, "label": "benign" if "吃什么" in r["text"] else "scam", "dataset": "made-up", "dup_cluster": r["id"][:2]}
        for r in accounts()
    ]
    src = tmp_path / "eval.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return src


def test_eval_with_workers_gives_the_same_figures(tmp_path, small_windows):
    src = labelled(tmp_path)
    runner = CliRunner()
    figures = []
    for workers in ("1", "2"):
        result = runner.invoke(main, ["eval", str(src), "--json", "--workers", workers])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        data.pop("latency_ms", None)  # timings differ run to run
        figures.append(data)
    assert figures[0] == figures[1]
    assert figures[0]["rows"] == len(accounts())


def test_eval_cache_reads_back_only_unchanged_inputs(tmp_path):
    src = labelled(tmp_path)
    cache = tmp_path / "cache"
    runner = CliRunner()

    def run(*extra):
        result = runner.invoke(main, ["eval", str(src), "--json", "--cache", str(cache), *extra])
        assert result.exit_code == 0, result.output
        return result

    first = run()
    assert "from the cache" not in first.stderr and len(list(cache.glob("*.json"))) == 1
    again = run()
    assert "from the cache" in again.stderr and again.stdout == first.stdout
    # the labelled file changes: analysed again, a second entry
    src.write_text(src.read_text("utf-8") + json.dumps({"text": "家里人问我周末回不回家", "label": "benign"}) + "\n")
    changed = run()
    assert "from the cache" not in changed.stderr and json.loads(changed.stdout)["rows"] == len(accounts()) + 1
    assert len(list(cache.glob("*.json"))) == 2
    # another knowledge folder (a copy with one more genuine message) is another key
    import shutil

    from knowledge import default_root

    kb_dir = tmp_path / "kb"
    shutil.copytree(default_root(), kb_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))

    def with_copy():
        result = runner.invoke(main, ["--kb", str(kb_dir), "eval", str(src), "--json", "--cache", str(cache)])
        assert result.exit_code == 0, result.output
        return "from the cache" in result.stderr

    assert [with_copy(), with_copy()] == [False, True]
    genuine = kb_dir / "genuine.yml"
    genuine.write_text(genuine.read_text("utf-8") + "\n# a comment changes the file, so the key\n", "utf-8")
    assert with_copy() is False


def test_eval_is_not_cached_with_reported_numbers_in_the_database(tmp_path, monkeypatch):
    from bot.cli.numbers import operator

    src = labelled(tmp_path)
    cache = tmp_path / "cache"
    runner = CliRunner()
    monkeypatch.setenv("CALLCHECK_ADMINS", operator())
    assert runner.invoke(main, ["number", "report", "13912345678", "--script", "fake_cod"]).exit_code == 0
    for _ in range(2):
        result = runner.invoke(main, ["eval", str(src), "--json", "--cache", str(cache)])
        assert result.exit_code == 0 and "from the cache" not in result.stderr
    assert not list(cache.glob("*.json"))


def test_progress_shows_only_for_long_runs(capsys):
    quick = bot.batch.Progress("eval", every=3600)
    for _ in range(5):
        quick.tick()
    quick.done()
    long = bot.batch.Progress("eval", every=0)
    long.tick(10)
    long.done()
    err = capsys.readouterr().err
    assert err.count("eval: 10 rows") == 2 and "rows/s" in err
