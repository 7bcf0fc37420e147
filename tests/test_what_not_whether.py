"""A follow-up that asks *what* or *how* ("what should I say to the bank?", 我要跟银行怎么说, 我要同銀行講咩)
gets the answer without an opening "Yes" / "No" / 要 / 不要, which read as the answer to another question
(trial6 3.1); a question that asks *whether* ("should I call my bank?", 要不要报警) keeps its plain yes or
no first. Generated: question words × topics × leads, in English, Simplified, Traditional and Cantonese,
asked after a check that found money gone and after one that found nothing given yet.
"""

from __future__ import annotations

import copy
import itertools
import re

import pytest

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.followup import asks_what, without_yes_no
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0

# The person's own invented accounts: money gone, and only asked.
ACCOUNTS = {
    ("en", "paid"): "A man saying he was from the parcel firm's claims team rang, said my box was lost and to get "
    "the compensation I moved 700 pounds to the account he read out",
    ("en", "asked"): "A woman saying she was from the courier's claims desk phoned about a lost box and wants me "
    "to move money to an account she will text me",
    ("zh", "paid"): "自称快递理赔专员的人打电话说包裹丢了要赔我，我按他说的往他给的账户转了两千块",
    ("zh", "asked"): "自称快递理赔专员的人打电话说包裹丢了要赔我，让我往他给的账户先转一笔保证金",
    ("tw", "paid"): "自稱物流理賠專員的人打來說包裹遺失要賠償，我照他說的匯了兩萬到他給的帳戶",
    ("yue", "paid"): "有個自稱速遞理賠專員嘅人打嚟話個包裹唔見咗要賠錢，我跟佢講過咗兩萬蚊去佢個戶口",
}

WHAT_EN = (
    "what should i say to {t}",
    "what do i tell {t}",
    "how do i explain it to {t}",
    "what do i say when i ring {t}",
)
WHETHER_EN = ("should i ring {t}", "do i need to call {t}", "is it worth telling {t}")
TOPICS_EN = ("the bank", "my bank", "the police", "the cops")
LEADS_EN = ("", "ok ", "sorry, ")
WHAT_ZH = ("我要跟{t}怎么说", "打给{t}要说什么", "跟{t}该怎么讲", "我應該同{t}講咩", "同{t}點樣講")
WHETHER_ZH = ("要不要打给{t}", "我该不该告诉{t}", "需不需要通知{t}")
TOPICS_ZH = ("银行", "銀行", "警察")
YES_NO_OPEN = re.compile(r"^\s*(?:yes|no)\b|^\s*(?:要|不要|不用|可以|唔好|唔使)[。，,：:]", re.IGNORECASE)


def _questions(what: bool, lang: str):
    if lang == "en":
        frames = WHAT_EN if what else WHETHER_EN
        for frame, topic, lead in itertools.product(frames, TOPICS_EN, LEADS_EN):
            yield lead + frame.format(t=topic) + "?"
    else:
        frames = WHAT_ZH if what else WHETHER_ZH
        for frame, topic in itertools.product(frames, TOPICS_ZH):
            yield frame.format(t=topic)


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("w") / "w.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


@pytest.fixture(scope="module")
def checked(engine):
    return {
        key: engine.handle(ChatState(), Incoming("text", text=text, now=NOW)).state for key, text in ACCOUNTS.items()
    }


def _first_line(engine, state, question: str) -> str:
    out = engine.handle(copy.deepcopy(state), Incoming("text", text=question, now=NOW))
    return out.replies[0].text.strip().splitlines()[0] if out.replies else ""


@pytest.mark.parametrize("key", list(ACCOUNTS))
def test_asked_what_the_answer_opens_with_no_yes_or_no(engine, checked, key):
    lang = "en" if key[0] == "en" else "zh"
    wrong = [
        (q, line) for q in _questions(True, lang) if YES_NO_OPEN.match(line := _first_line(engine, checked[key], q))
    ]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("key", [k for k in ACCOUNTS if k[1] == "paid"])
def test_asked_whether_the_plain_answer_still_comes_first(engine, checked, key):
    lang = "en" if key[0] == "en" else "zh"
    lines = [_first_line(engine, checked[key], q) for q in _questions(False, lang)]
    opened = sum(bool(YES_NO_OPEN.match(line)) for line in lines)
    assert opened == len(lines), [
        q for q, line in zip(_questions(False, lang), lines, strict=True) if not YES_NO_OPEN.match(line)
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        *((q, True) for lang in ("en", "zh") for q in _questions(True, lang)),
        *((q, False) for lang in ("en", "zh") for q in _questions(False, lang)),
        ("what if they ring again, should i pick up?", False),
        ("我应该跟警察说什么呢？", True),
        ("銀行會唔會幫我追返", False),
    ],
)
def test_what_and_whether_told_apart(text, what):
    assert asks_what(text) is what


def test_only_the_opening_word_goes():
    assert without_yes_no("Yes, call your bank now.", "what do i tell my bank?") == "Call your bank now."
    assert without_yes_no("要，马上报案。", "报警要讲咩") == "马上报案。"
    assert without_yes_no("Yes, call your bank now.", "should i call my bank?") == "Yes, call your bank now."
    assert without_yes_no("If you gave money: yes, report it.", "what do i tell the police?") == (
        "If you gave money: yes, report it."
    )
