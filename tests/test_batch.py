"""Batch analysis on several processes: `analyze --jsonl --workers N` and `eval --workers N` give
exactly what one process gives, in the input's order, and `eval --cache` reads back only figures
made from the same inputs."""

from __future__ import annotations

import itertools
import json
import re

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
    assert one.exit_code == two.exit_code == 1, two.output  # two lines refused, each said
    assert two.stdout == one.stdout
    ids = [json.loads(x)["id"] for x in two.stdout.splitlines()]
    assert ids == [None if k in (5, 20) else r["id"] for k, r in enumerate(rows)]  # aligned with the input
    # Progress lines ("analyze: 62 rows in 14 s") depend on how long the run took: not compared.
    assert _problems(two.stderr) == _problems(one.stderr)
    assert "line 6" in two.stderr and "line 21" in two.stderr


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not re.match(r"(analyze|eval): [\d,]+ rows", line)]


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


# --- workers: order, failures, bounded memory ---------------------------------------------------------

SECRET = "do-not-print-this-text"


def render_or_fail(result, key):
    """The JSON line, except for chosen keys: one raises (with the text in its message), one kills its worker."""
    if key == "boom":
        raise ValueError(f"{SECRET}: {result.verdict}")
    if key == "die":
        import os

        os._exit(7)  # the worker process ends as if killed
    return bot.batch.json_line(result, key)


def uneven_rows() -> list[tuple[str, str | None]]:
    """Rows from nothing to thousands of characters, and gaps (None: a line that could not be read)."""
    long = "；".join(f"{who}{ask}{detail}" for who, ask, detail in itertools.product(WHO, ASK, DETAIL))
    sizes = [0, 1, len(long), 30, 5, len(long) // 3, 2, 0, 200, 1, len(long)]
    rows: list[tuple[str, str | None]] = []
    for k in range(40):
        size = sizes[k % len(sizes)]
        rows.append((f"r{k}", None if k % 9 == 4 else long[k : k + size] if size else ""))
    return rows


@pytest.fixture
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(bot.batch, "CHUNK", 3)
    monkeypatch.setattr(bot.batch, "CHUNK_CHARS", 500)  # long rows travel alone
    monkeypatch.setattr(bot.batch, "AHEAD", 2)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from bot.app import App, Settings

    return App(Settings(db_path=tmp_path_factory.mktemp("batch") / "b.db"))


def test_uneven_rows_come_back_in_order_whatever_the_workers(app, tiny_chunks):
    rows = uneven_rows()
    assert max(len(t or "") for _, t in rows) > 3 * bot.batch.CHUNK_CHARS  # some chunks are one long row
    one = [r for r, _ in bot.batch.analyze_many(app, rows, 1, render=bot.batch.json_line)]
    two = [r for r, _ in bot.batch.analyze_many(app, rows, 2, render=bot.batch.json_line)]
    assert two == one
    assert [json.loads(x)["id"] if x else None for x in two] == [k if t is not None else None for k, t in rows]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_row_that_fails_is_named_and_every_other_row_is_analysed(app, tiny_chunks, workers):
    rows = uneven_rows()
    at = 13
    rows[at] = ("boom", "快递员说包裹丢了，要我加微信办理理赔")
    good = [r for r, _ in bot.batch.analyze_many(app, rows, 1, render=bot.batch.json_line)]
    got = [r for r, _ in bot.batch.analyze_many(app, rows, workers, render=render_or_fail)]
    assert len(got) == len(rows)
    failure = got[at]
    assert isinstance(failure, bot.batch.RowError)
    assert str(failure).startswith("analysis failed (ValueError at tests/test_batch.py:")
    assert SECRET not in str(failure) and "快递" not in str(failure)  # never the text or the exception's message
    assert got[:at] + got[at + 1 :] == good[:at] + good[at + 1 :]


def test_a_worker_that_dies_stops_the_run_with_a_clear_error_after_an_ordered_prefix(app, tiny_chunks):
    rows = [(f"r{k}", f"客服说第{k}个包裹丢了") for k in range(30)]
    good = [r for r, _ in bot.batch.analyze_many(app, rows, 1, render=bot.batch.json_line)]
    rows[20] = ("die", "客服说包裹丢了")
    got: list = []
    stats = bot.batch.BatchStats()
    with pytest.raises(bot.batch.BatchError) as caught:
        for result, _ in bot.batch.analyze_many(app, rows, 2, render=render_or_fail, stats=stats):
            got.append(result)
    assert got == good[: len(got)] and len(got) <= 20  # what was handed back is in order and correct
    assert "worker process stopped unexpectedly" in str(caught.value)
    assert f"after {len(got)} result(s)" in str(caught.value)


def test_rows_are_read_only_a_bounded_number_ahead_of_the_output(app, tiny_chunks):
    pulled = 0

    def rows():
        nonlocal pulled
        for k in range(200):
            pulled += 1
            yield f"r{k}", f"银行客服说我的卡第{k}次被盗刷"

    bound = 2 * bot.batch.AHEAD * bot.batch.CHUNK + bot.batch.CHUNK  # in flight, plus the chunk being filled
    ahead = []
    for done, _ in enumerate(bot.batch.analyze_many(app, rows(), 2, render=bot.batch.json_line), 1):
        ahead.append(pulled - done)
    assert done == 200 and max(ahead) <= bound and max(ahead) >= bot.batch.CHUNK  # streamed, never all at once


def test_workers_fork_only_from_a_process_running_no_other_thread(monkeypatch):
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        assert bot.batch._context().get_start_method() == "forkserver"
    finally:
        release.set()
        other.join()
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert bot.batch._context().get_start_method() == "fork"


def test_analyze_names_a_line_whose_analysis_fails_and_writes_the_others(tmp_path, monkeypatch):
    from nlu.analyzer import Analyzer

    real = Analyzer.analyze

    def analyze(self, text, *args, **kwargs):
        if "吃什么" in text:
            raise KeyError(text)  # the message would quote the text: it must not be printed
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Analyzer, "analyze", analyze)
    rows = accounts()
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["analyze", "--jsonl", str(src)])
    assert result.exit_code == 1
    failing = [k for k, r in enumerate(rows) if "吃什么" in r["text"]]
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in rows]  # aligned: an error object in each failed row's place
    assert [k for k, o in enumerate(out) if "error" in o] == failing
    for k in failing:
        assert f"line {k + 1}: analysis failed (KeyError at " in result.stderr and "吃什么" not in out[k]["error"]
    assert "吃什么" not in result.stderr
    assert f"{len(failing)} line(s) could not be analysed" in result.stderr


def test_stats_give_the_cpu_of_this_process_and_of_each_worker(tmp_path, small_windows):
    rows = accounts()
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["analyze", "--jsonl", str(src), "--workers", "2", "--stats"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stderr.splitlines() if x.startswith("analyze stats: "))
    stats = json.loads(line.split(": ", 1)[1])
    assert stats["workers"] == 2 and stats["rows"] == len(rows) == sum(stats["worker_rows"])
    assert len(stats["worker_cpu_s"]) == len(stats["worker_start_cpu_s"]) >= 1
    assert all(c >= s > 0 for c, s in zip(stats["worker_cpu_s"], stats["worker_start_cpu_s"], strict=True))
    assert "this process" in result.stderr and "worker(s); CPU" in result.stderr
