"""Help for a person in trouble: which region, how short, the same everywhere, in their script.

The matrix (test_urgent_matrix.py) measures recognition; these pin the parts: region choice by
place, rail, brand, currency and writing; the short first screen and what is behind "More steps";
`callcheck check` showing the same steps; Traditional replies; no import circle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.conversation.emergency import (
    FIRST_SCREEN,
    choose_region,
    emergency_steps,
    more_steps,
    script_of,
    urgent_reply,
)
from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.report import foreign_numbers
from bot.conversation.strings import in_script
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel
from nlu.situation import detect

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "org", "region", "reason"),
    [
        ("Australia Post says my parcel is held, pay $3.50 redelivery", "auspost", "AU", "place"),
        ("paid the fee of $4 to the link", None, "US", "currency"),  # a bare "$" and nothing else
        ("did an Interac e-transfer of $650 to the agent", None, "CA", "place"),
        ("sent 9000 through PhonePe to the courier", None, "IN", "place"),
        ("the IRD man wanted NZD 700 by tonight", None, "NZ", "place"),
        ("仲有個人話自己係警察，叫我過數", None, "HK", "dialect"),
        ("對方說我的健保卡被盜用，要我去超商", None, "TW", "place"),
        ("對方說我的帳戶被凍結了", None, "TW", "dialect"),
        ("对方说我的账户被冻结了", None, "CN", "language"),
        ("我用轉數快俾咗錢", None, "HK", "place"),
        ("对方说我寄往香港的包裹里有违禁品", None, "CN", "language"),  # a mainland story about Hong Kong
        ("我人在澳洲，冒充澳洲邮政的人要我付款", None, "AU", "place"),
    ],
)
def test_region_from_place_rail_currency_and_writing(kb, text, org, region, reason):
    org = org if org in kb.organisations else None
    choice = choose_region(kb, text=text, org=org, lang="zh" if re.search(r"[\u4e00-\u9fff]", text) else "en")
    assert (choice.region.id, choice.reason) == (region, reason)


def test_a_setting_or_a_canadian_word_beats_the_number(kb):
    assert choose_region(kb, setting="NZ", numbers=["+14165550123"], text="interac").region.id == "NZ"
    # +1 is the US or Canada: the text says which
    assert choose_region(kb, numbers=["+14165550123"], text="my interac transfer").region.id == "CA"
    assert choose_region(kb, numbers=["+14165550123"], text="a transfer").region.id == "US"


def test_new_regions_are_sourced_and_reachable(kb):
    for rid, number in (("IN", "1930"), ("NZ", "105"), ("CA", "1-888-495-8501"), ("HK", "18222")):
        region = kb.regions[rid]
        contact = next(c for c in region.contacts if c.number == number)
        assert contact.sources and contact.checked
    assert choose_region(kb, lang_hint="en-NZ").region.id == "NZ"


def test_script_and_dialect():
    assert script_of("佢而家仲喺度") == "hk"
    assert script_of("對方還在線上") == "tw"
    assert script_of("对方还在线上") is None
    assert script_of("hello") is None
    tw = in_script("马上挂断电话，不要转账，也不要说短信验证码。", "tw")
    assert tw == "馬上掛斷電話，不要轉帳，也不要說簡訊驗證碼。"
    assert "收線" in in_script("挂断电话。", "hk") and "短訊" in in_script("短信", "hk")


@pytest.mark.parametrize("given", [["money", "loan", "code", "remote", "card"], ["money", "code"], []])
def test_first_screen_is_short_and_has_the_report(kb, given):
    choice = choose_region(kb, setting="GB")
    first = emergency_steps(kb, choice, given, "en", short=True)
    assert len(first) <= FIRST_SCREEN and len(set(first)) == len(first)
    assert any("Action Fraud" in s for s in first)  # whatever is cut, the report stays
    rest = more_steps(kb, choice, given, "en")
    assert rest and not set(rest) & set(first)  # the rest is behind the button, nothing twice
    assert set(first) | set(rest) == set(emergency_steps(kb, choice, given, "en"))


def test_more_steps_button_and_first_screen_in_the_chat(kb, tmp_path):
    store = Store(tmp_path / "m.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    engine = Engine(kb, Analyzer(kb, number_lookup=numbers.lookup_for_analysis).analyze, numbers.check, numbers.parse)
    text = "I took out a loan, sent the money by bank transfer and read him the code and my card number, help"
    out = engine.handle(ChatState(), Incoming("text", text=text, now=1.8e9))
    first = out.replies[0]
    assert first.text.startswith("⚠️ Stop the loss first")
    assert len(re.findall(r"^\d\. ", first.text, re.M)) <= FIRST_SCREEN
    more = next(b for row in first.buttons for b in row if b.data.endswith("|more"))
    again = engine.handle(out.state, Incoming("button", data=more.data, now=1.8e9))
    assert "Keep the evidence" in again.replies[0].text and again.replies[0].text.startswith("Then")
    store.close()


def test_callcheck_check_shows_the_same_first_screen(kb):
    from click.testing import CliRunner

    from bot.cli import main

    text = "my nan read the one-time code to the caller and he's still on the phone"
    result = CliRunner().invoke(main, ["check", text])
    assert result.exit_code == 0, result.output
    situation = detect(kb.situations, text)
    choice = choose_region(kb, text=text, lang="en")
    screens = urgent_reply(kb, situation, choice, "en")
    # (the caller is still on the phone with her, not with the writer: reach her first)
    assert result.output.startswith("Reach your nan now") and "hang up" in result.output.split("\n", 1)[0]
    assert all(screen in result.output for screen in screens)


def test_another_regions_numbers_are_recognised(kb):
    assert foreign_numbers(kb, kb.regions["TW"], "如已转账，立刻拨打110或96110") == ["96110"]
    assert foreign_numbers(kb, kb.regions["CN"], "如已转账，立刻拨打110或96110") == []
    assert foreign_numbers(kb, kb.regions["HK"], "call 999 now") == []


def test_no_import_circle_between_emergency_and_report():
    def imports(name: str) -> set[str]:
        tree = ast.parse((ROOT / "bot" / "conversation" / f"{name}.py").read_text(encoding="utf-8"))
        return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}

    assert "report" not in imports("emergency") and "strings" in imports("emergency")


def test_sections_for_the_console_carry_the_chat_first_screen(kb):
    from bot.conversation.emergency import emergency_sections

    choice = choose_region(kb, setting="IN")
    out = emergency_sections(kb, choice, ["money", "code"], "en", modes=["computer", "call"])
    assert out["actions"][0].startswith("Disconnect the computer") and out["actions"][1] == "Hang up now."
    assert out["first_screen"] == emergency_steps(kb, choice, ["money", "code"], "en", short=True)
    assert any("1930" in s for s in out["first_screen"]) and out["more"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("modes", [["call"], ["video"], ["computer"], ["meeting"], ["computer", "call"]])
def test_the_still_open_reply_reads_mid_call(lang, modes):
    from bot.conversation.emergency import hang_up_text

    text = hang_up_text(lang, modes)
    assert len(text) <= (160 if len(modes) == 1 else 220)
    assert text.split("\n")[0] == hang_up_text(lang, modes[:1]).split("\n")[0]  # the strongest action first


@pytest.mark.parametrize(
    "text",
    [
        "the royal mail text said £2.99 customs fee so i paid it on the link with my debit card, what now",
        "i paid the singpost duty of $1.80 through their link and typed in my card, is that ok",
        "我在短信链接里交了关税，填了银行卡号和密码，怎么办",
    ],
)
def test_a_victim_who_paid_through_a_link_never_gets_the_genuine_tick(kb, tmp_path, text):
    """Whatever the notice matched, a person who already paid through a link is told the steps, not ✅."""
    from click.testing import CliRunner

    from bot.cli import main

    store = Store(tmp_path / "g.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    engine = Engine(kb, Analyzer(kb, number_lookup=numbers.lookup_for_analysis).analyze, numbers.check, numbers.parse)
    chat = "\n".join(r.text for r in engine.handle(ChatState(), Incoming("text", text=text, now=1.8e9)).replies)
    store.close()
    checked = CliRunner().invoke(main, ["check", text]).output
    for out in (chat, checked):
        assert detect(kb.situations, text).urgent
        assert "✅" not in out
