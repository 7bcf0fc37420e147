"""Inputs that used to crash (issue 11, item 6): each one gets an answer or a clear message."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from bot.app import App, Settings
from bot.channels.terminal import run_chat, to_incoming
from bot.cli import main
from bot.conversation.engine import Button, ChatState, Incoming
from bot.jsonlines import read_jsonl
from nlu.entities import find_money
from nlu.normalize import normalize


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def conversations(tmp_path):
    app = App(Settings(db_path=tmp_path / "c.db"))
    yield app.conversations
    app.close()


@pytest.mark.parametrize("data", ["²|new", "٣|new", "①|paid", "9" * 5000 + "|new", "０|new", "\udc80|x", "|"])
def test_odd_button_data_is_a_stale_button_not_a_crash(conversations, data):
    replies = conversations.handle("c1", "u1", Incoming("button", data=data, now=1.0))
    assert replies and ("过期" in replies[0].text or "expired" in replies[0].text.lower())


def test_terminal_unicode_digits_and_huge_numbers_are_text():
    buttons = [Button("A", "0|new")]
    assert to_incoming("²", buttons, 0).kind == "text"
    assert to_incoming("1" * 5000, buttons, 0).kind == "text"
    assert to_incoming("1", buttons, 0).kind == "button"


def test_piped_chat_survives_them(runner):
    result = runner.invoke(main, ["chat"], input="²\n" + "1" * 5000 + "\n٣\n")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "msg",
    [
        Incoming("text", text="我是淘宝客服\ud800，你的快递丢了", now=1.0),
        Incoming("command", command="report", args="\udcff138", now=1.0),
        Incoming("text", text="\udc00" * 50, now=1.0, lang_hint="\ud800"),
    ],
)
def test_unpaired_surrogates_get_a_reply_and_the_state_is_saved(conversations, msg):
    replies = conversations.handle("chat\ud800", "user\udfff", msg)
    assert replies and all(r.text.encode("utf-8") for r in replies)
    assert conversations.store.load_chat("chat\ufffd") is not None


def test_chat_in_the_terminal_with_surrogates(conversations):
    out = io.StringIO()
    run_chat(conversations, io.StringIO("快递丢了\ud800\n/report \udcff\n"), out, interactive=False)
    assert out.getvalue().count("\n") > 3


@pytest.mark.parametrize("option", [["--note", "\udcff"], ["--script", "fake\udcffcod"]])
def test_non_utf8_cli_options_are_a_clear_message(runner, option):
    result = runner.invoke(
        main, ["number", "report", "13800138000", *(["--script", "fake_cod"] if option[0] == "--note" else []), *option]
    )
    assert result.exit_code == 2 and "not valid UTF-8" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_non_utf8_argument_to_check(runner):
    result = runner.invoke(main, ["check", "快递\udcff丢了"])
    assert result.exit_code == 2 and "not valid UTF-8" in result.output


def test_jsonl_batch_survives_deep_nesting_nan_and_huge_numbers(runner):
    lines = [
        "[" * 100_000,
        '{"id": NaN, "text": "x"}',
        '{"id": Infinity, "text": "x"}',
        '{"id": 1e999, "text": "x"}',
        '{"id": ' + "9" * 5000 + ', "text": "x"}',
        '{"id": "\\ud800", "text": "快递\\udc00丢了"}',
        '{"id": 7, "text": "我是淘宝客服，你的快递丢了，我们三倍赔偿，请下载腾讯会议共享屏幕"}',
    ]
    result = runner.invoke(main, ["analyze", "--jsonl", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]  # every line is valid JSON
    analysed = [o for o in out if "error" not in o]
    assert len(out) == len(lines) and [o["line"] for o in out if "error" in o] == [1, 2, 3, 4, 5]
    assert [o["id"] for o in analysed] == ["\ufffd", 7] and analysed[1]["verdict"] == "scam"
    assert "5 line(s) refused" in result.stderr


def test_jsonl_reader_reports_each_bad_line():
    rows = list(read_jsonl(io.BytesIO(b'{"text": NaN}\n[[[[\n{"text": "ok"}\n')))
    assert [("__error__" in r) for r in rows] == [True, True, False]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("转账5000元，再付1,000元和三千元", ["5000元", "1,000元", "三千元"]),
        ("2.5万, ¥300, 20 dollars, 给我,5元", ["2.5万", "¥300", "20 dollars", "5元"]),
        ("1" * 4000, []),
        ("1," * 1999 + "1元", ["1," * 1999 + "1元"]),
        ("五" * 4000 + "元", ["五" * 4000 + "元"]),
    ],
)
def test_money_amounts_unchanged_by_the_linear_pattern(text, amounts):
    assert [m.text for m in find_money(normalize(text))] == amounts


def test_engine_state_round_trip_keeps_no_text(conversations):
    conversations.handle("c2", "u2", Incoming("text", text="我的邮箱是 someone@example.com，快递丢了", now=1.0))
    raw = conversations.store.load_chat("c2")
    assert "someone@example.com" not in json.dumps(raw, ensure_ascii=False)
    state = ChatState.from_dict(raw)
    assert state.messages == 1 and not any("我的邮箱是" in f for f in state.facts)
    assert state.review == "我的邮箱是 [email]，快递丢了"  # only the copy redacted for volunteers
