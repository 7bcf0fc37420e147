"""The `callcheck` command: outputs, bad input, and --help on every command."""

from __future__ import annotations

import json
import shutil

import click
import pytest
from click.testing import CliRunner

from bot.cli import main
from knowledge import default_root


@pytest.fixture
def runner():
    return CliRunner()


def test_kb_validate_shipped_knowledge(runner):
    result = runner.invoke(main, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok:")


@pytest.fixture
def kb_copy(tmp_path):
    dest = tmp_path / "kb"
    shutil.copytree(default_root(), dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


def test_kb_validate_refuses_a_field_written_twice(runner, kb_copy):
    # A lost "- id:" line merges two items; YAML alone would silently keep the second's fields.
    path = kb_copy / "red_flags.yml"
    text = path.read_text("utf-8")
    second = text.index("  - id: ", text.index("  - id: ") + 1)
    path.write_text(text[:second] + text[text.index("\n", second) + 1 :], "utf-8")  # its "- id:" line lost
    result = runner.invoke(main, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 1
    assert "red_flags.yml" in result.output and "found duplicate key" in result.output
    assert "- id:" in result.output  # the fix says which line is probably missing


def test_kb_validate_reports_broken_yaml_with_file_and_fix(runner, kb_copy):
    (kb_copy / "scripts" / "order_anomaly.yml").write_text("id: order_anomaly\nnames: [unclosed\n", "utf-8")
    result = runner.invoke(main, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 1
    assert "scripts/order_anomaly.yml" in result.output
    assert "line 2" in result.output and "not valid YAML" in result.output
    assert "fix:" in result.output
    assert result.output.count("ERROR") == 1  # one clear message, no follow-on "not a script id" noise


def test_kb_validate_reports_field_problems(runner, kb_copy):
    path = kb_copy / "scripts" / "fake_cod.yml"
    text = path.read_text("utf-8").replace("    weight: ", "    wieght: ", 1)
    path.write_text(text, "utf-8")
    orgs = kb_copy / "official" / "organisations.yml"
    orgs.write_text(orgs.read_text("utf-8").replace("number: '95188'", "number: 95188"), "utf-8")
    result = runner.invoke(main, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 1
    assert "indicators[0].wieght: unknown field — fix: did you mean 'weight'?" in result.output
    assert "put the number in quotes" in result.output


def test_kb_validate_fails_when_an_example_breaks(runner, kb_copy):
    path = kb_copy / "scripts" / "order_anomaly.yml"
    path.write_text(path.read_text("utf-8").replace("expect: scam", "expect: no_scam_signs", 1), "utf-8")
    result = runner.invoke(main, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 1
    assert "examples[0]: expected 'no_scam_signs' but the analyzer says 'scam'" in result.output


def test_broken_knowledge_refuses_analysis_with_the_same_message(runner, kb_copy):
    (kb_copy / "red_flags.yml").write_text("red_flags:\n  - id: x\n    kind: demand\n", "utf-8")
    result = runner.invoke(main, ["--kb", str(kb_copy), "check", "我是客服"])
    assert result.exit_code == 1
    assert "red_flags.yml: red_flags[0].weight: missing" in result.output
    assert "Traceback" not in result.output


def test_check_report(runner):
    result = runner.invoke(main, ["check", "我是淘宝客服，你的快递丢了，给你三倍赔偿，加我微信办理。"])
    assert result.exit_code == 0
    assert "这是诈骗" in result.output
    assert "“三倍赔偿”" in result.output
    assert "我的淘宝" in result.output  # official app path
    assert "来电显示可以伪造" in result.output


def test_check_report_english(runner):
    result = runner.invoke(
        main, ["check", "The courier said my parcel was lost and asked for the verification code to refund me."]
    )
    assert "This is a scam" in result.output
    assert "Caller ID can be faked" in result.output


def test_check_json_shape(runner):
    result = runner.invoke(main, ["check", "--json", "你好，订单卡单了需要激活订单"])
    data = json.loads(result.output)
    assert data["verdict"] == "scam"
    assert data["scripts"][0]["id"] == "order_anomaly"
    assert set(data["scripts"][0]["evidence"][0]) == {"text", "start", "end", "indicator"}


def test_check_empty_text_is_a_clear_usage_error(runner):
    result = runner.invoke(main, ["check", "   "])
    assert result.exit_code == 2
    assert "nothing to check" in result.output


def test_analyze_jsonl_continues_past_bad_lines(runner, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": "a", "text": "\xe6\x88\x91\xe6\x98\xaf\xe5\xae\xa2\xe6\x9c\x8d\xef\xbc\x8c\xe8\xae\xa2\xe5\x8d\x95\xe5\x8d\xa1\xe5\x8d\x95\xe4\xba\x86"}\n'
        b'{"id": "b", "text": "\xff\xfe broken"}\n'
        b"not json\n"
        b'{"id": "c", "text": ""}\n'
    )
    result = runner.invoke(main, ["analyze", "--jsonl", str(src)])
    assert result.exit_code == 1  # lines were refused: said, and an error object stands in each one's place
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", None, None, "c"]
    assert [x.get("line") for x in lines[1:]] == [2, 3, 4] and all("error" in x for x in lines[1:])
    assert lines[0]["verdict"] == "scam"
    assert lines[0]["scripts"][0]["id"] == "order_anomaly"
    assert "line 2: not valid UTF-8" in result.stderr
    assert "line 3: not valid JSON" in result.stderr


def test_eval_counts_clusters_once(runner, tmp_path):
    rows = [
        {"id": "1", "dataset": "d", "label": "scam", "dup_cluster": "c1", "text": "订单卡单了，需要激活订单"},
        {"id": "2", "dataset": "d", "label": "scam", "dup_cluster": "c1", "text": "订单卡单了，需要激活订单"},
        {"id": "3", "dataset": "d", "label": "scam", "dup_cluster": "c2", "text": "今天天气很好"},
        {"id": "4", "dataset": "d", "label": "benign", "dup_cluster": "c3", "text": "明天开会"},
    ]
    src = tmp_path / "eval.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    scripts = tmp_path / "scripts.jsonl"
    scripts.write_text(json.dumps({"id": "1", "scripts": ["order_anomaly"]}), "utf-8")
    result = runner.invoke(main, ["eval", str(src), "--scripts", str(scripts), "--json"])
    data = json.loads(result.output)
    assert data["flagged_recall"]["d"] == {"rate": 0.5, "clusters": 2}
    assert data["false_flag_rate"]["d"] == {"rate": 0.0, "clusters": 1}
    assert data["scripts"] == {"rows": 1, "top1": 1.0, "top2": 1.0}
    assert data["confusion"]["scam"]["scam"] == 2


def test_run_without_token_starts_the_terminal_chat(runner, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    result = runner.invoke(main, ["run"], input="我是淘宝客服，订单卡单需要激活订单\n")
    assert result.exit_code == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "这是诈骗" in result.stdout


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [(), *_commands(main)])
def test_every_command_has_help(runner, path):
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        (
            "我是淘宝客服，你的快递丢了，我们三倍赔偿，请下载腾讯会议共享屏幕",
            ["这是诈骗", "“三倍赔偿”", "现在就做", "如何核实（淘宝/天猫）", "来电显示可以伪造"],
        ),
        (
            "Amazon support says my Prime renews today unless I install AnyDesk and read them the code",
            ["This is a scam", "AnyDesk", "Do this now", "How to verify (Amazon)", "Caller ID can be faked"],
        ),
    ],
)
def test_piped_chat_gives_the_full_verdict(runner, account, expected):
    result = runner.invoke(main, ["chat"], input=account + "\n")
    assert result.exit_code == 0, result.output
    for part in expected:
        assert part in result.stdout, part


def test_nothing_heavy_at_import():
    """Importing the command loads no model, no geocoding tables, no database, no Telegram."""
    import subprocess
    import sys

    code = (
        "import sys, bot.cli, nlu.analyzer, bot.conversation.engine; "
        "heavy = [m for m in ('phonenumbers.geodata', 'phonenumbers.carrierdata', 'telegram', 'sqlite_utils') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_chat_survives_invalid_utf8_and_odd_input(runner):
    data = (
        "我是淘宝客服，订单卡单了\n".encode() + b"\xff\xfe broken bytes\n" + "\x00\x07 🙂\n".encode() + b"\n/nosuch\n"
    )
    result = runner.invoke(main, ["chat"], input=data)
    assert result.exit_code == 0, result.output
    assert "这是诈骗" in result.stdout and "不认识这个命令" in result.stdout


def _sourced_rows(n: int = 24) -> list[dict]:
    """Rows from n different hosts, half scam, half genuine, each text naming its own id."""
    rows = []
    for k in range(n):
        scam = k % 2 == 0
        rows.append(
            {
                "id": f"r{k}",
                "label": "scam" if scam else "benign",
                "lang": "zh",
                "scripts": ["order_anomaly"] if scam else ["benign"],
                "source": f"https://site{k}.example.org/story/{k}",
                "text": ("您的订单卡单了，需要激活订单 " if scam else "明天下午开部门会议 ") + f"ROW{k}MARK",
            }
        )
    return rows


def test_eval_blind_and_readable_parts_partition_the_rows_and_blind_rows_are_never_printed(runner, tmp_path):
    from nlu.evaluate import is_blind

    rows = _sourced_rows()
    src = tmp_path / "acc.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    blind = {r["id"] for r in rows if is_blind(r)}
    assert 0 < len(blind) < len(rows)  # both parts hold rows
    counts = {}
    for part in ("--blind", "--readable"):
        result = runner.invoke(main, ["eval", str(src), part, "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        counts[part] = data["rows"]
        assert "MARK" not in result.output  # aggregates only
    assert counts["--blind"] == len(blind)
    assert counts["--blind"] + counts["--readable"] == len(rows)
    # --misses prints readable rows judged wrongly or ranked wrongly, never a blind one.
    result = runner.invoke(main, ["eval", str(src), "--misses"])
    assert result.exit_code == 0, result.output
    for r in rows:
        if r["id"] in blind:
            assert f"ROW{r['id'][1:]}MARK" not in result.output
    assert runner.invoke(main, ["eval", str(src), "--blind", "--misses"]).exit_code != 0


def test_blind_split_follows_the_host_not_the_page():
    from nlu.evaluate import is_blind, source_host

    assert source_host("https://www.News.example.com/a?b=1") == "news.example.com"
    for k in range(20):
        a = {"source": f"https://host{k}.example.net/story-one"}
        b = {"source": f"http://www.host{k}.example.net/another/page.html"}
        assert is_blind(a) == is_blind(b)
    assert not is_blind({"text": "no source"})


def test_eval_over_two_files_gates_the_blind_part_and_shows_hard_false_alarms(runner, tmp_path):
    rows = _sourced_rows()
    one, two = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    one.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:12]), "utf-8")
    two.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[12:]), "utf-8")
    gate = tmp_path / "gate.yml"
    gate.write_text("a.jsonl+b.jsonl blind:\n  recall:\n    lang:zh: 0.5\n  scam_on_genuine:\n    lang:zh: 0.0\n")
    result = runner.invoke(main, ["eval", str(one), str(two), "--blind", "--gate", str(gate)])
    assert result.exit_code == 0, result.output
    assert "hard false alarms" in result.output
    assert "2 figures checked, 0 below the line" in result.output
    result = runner.invoke(main, ["eval", str(one), str(two), "--gate", str(gate)])
    assert result.exit_code != 0 and "no thresholds for 'a.jsonl+b.jsonl'" in result.output
