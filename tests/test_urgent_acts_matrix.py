"""The fourth trouble matrix (tests/urgent_acts_matrix.py): acts × persons × done / still open / only
asked / refused × plain, Indian, Singapore and Philippine English, mainland and Taiwan Chinese,
Cantonese. Tuned on two thirds of each list's wordings and on wordings written later (never held out);
the held-out third was written, and measured, before the reader was changed for this matrix.

Measured on the code before this matrix → now: tuned urgent 513/746 → 741/746 (with the later
wordings: 819/824), tuned calm 414/435 → 435/435 (536/536); held-out urgent 120/155 → 150/155
(en-PH 7/17 → 17/17, en-IN 20/30 → 30/30, en-SG 20/27 → 27/27, en 39/46 → 41/46), held-out calm
0/5 → 0/5 at the held-out measure (one wording: an ask told by "should", going on past "and"); that
family was then fixed from new wordings of its own, so the held-out calm is 5/5 but no longer blind.
"""

from __future__ import annotations

import pytest
from urgent_acts_matrix import EN, ZH, cases, rates

from nlu.situation import detect

TUNED = 0.98
TUNED_VARIETY = 0.95
HELD_URGENT = 0.95


@pytest.fixture(scope="module")
def per(kb):
    return rates(kb)


def _sum(per, held: bool, positive: bool, variety: str | None = None) -> tuple[int, int]:
    rows = [v for k, v in per.items() if k[1] == held and k[2] == positive and variety in (None, k[0])]
    return sum(h for h, _ in rows), sum(n for _, n in rows)


def test_the_matrix_is_generated_varied_and_has_twins_and_a_held_out_part():
    all_cases = cases()
    assert len(all_cases) >= 1300 and len({c.text for c in all_cases}) == len(all_cases)
    assert {c.variety for c in all_cases} == {"en", "en-IN", "en-SG", "en-PH", "zh-CN", "zh-TW", "yue"}
    assert {c.want for c in all_cases} >= {"given:money", "given:code", "given:card", "given:remote", "open", "paying"}
    calm = [c for c in all_cases if c.want == "none"]
    assert len(calm) >= 400 and {c.family.split(":")[0] for c in calm} >= {"asked", "refused", "calm"}
    assert 100 < sum(c.held for c in all_cases) < len(all_cases) // 3
    # every variety has done, open or paying, asked-only and refused wordings
    for table in (EN, ZH):
        for variety, states in table.items():
            assert {"given", "asked", "refused"} <= set(states), variety
            assert {"open", "paying"} & set(states), variety
    # who: the writer, a parent or grandparent, a colleague
    texts = " ".join(c.text.lower() for c in all_cases)
    for who in ("my colleague", "my lola", "my officemate", "my ah ma", "我同事", "我媽", "阿媽"):
        assert who.lower() in texts, who


def test_tuned_wordings(per):
    for positive in (True, False):
        hits, total = _sum(per, False, positive)
        assert hits / total >= TUNED, f"{'urgent' if positive else 'calm'}: {hits}/{total}"


@pytest.mark.parametrize("variety", ["en", "en-IN", "en-SG", "en-PH", "zh-CN", "zh-TW", "yue"])
def test_tuned_wordings_per_variety(per, variety):
    for positive in (True, False):
        hits, total = _sum(per, False, positive, variety)
        assert hits / total >= TUNED_VARIETY, f"{variety} {'urgent' if positive else 'calm'}: {hits}/{total}"


def test_held_out_wordings(per):
    hits, total = _sum(per, True, True)
    assert hits / total >= HELD_URGENT, f"held-out urgent: {hits}/{total}"


@pytest.mark.parametrize(
    "text",
    [
        # asked only, or refused: no emergency (a person only asked is not told they are in one)
        "the caller told my dad to buy Google Play cards, is that a scam?",
        "The caller told my mum to get Apple gift cards but she refused and hung up",
        "佢叫阿媽去買禮品卡，係咪呃人㗎？",
        "對方叫我阿嬤去超商買點數，她沒有買",
        "佢問我攞個OTP，我冇俾，係咪俾人呃咗",
        # no loss: the bank held it, the official anti-fraud app, a check that was asked for
        "建設銀行來電說我剛才轉給陌生人的錢被攔下了",
        "the bank told me to ring the number on the back of my card, I did and it was them",
        "民警上门帮我奶奶装了国家反诈中心APP",
    ],
)
def test_asked_refused_or_stopped_stays_calm(kb, text):
    assert not detect(kb.situations, text).urgent


@pytest.mark.parametrize(
    "text, kind",
    [
        ("我媽已經繳了三筆，怎麼辦", "money"),
        ("佢問阿爸攞驗證碼，阿爸講咗俾佢聽，點算", "code"),
        ("個假職員要個OTP，我講咗…跟住就收到個通知", "code"),
        ("My lola already sent 6k thru GCash to the agent po", "money"),
        ("my colleague handed 2k in cash to the courier they sent, is that a scam?", "money"),
        ("我阿公領了十萬現金，已經交給他們派來的人了", "money"),
        # the calm rules' other side: a purpose after the act, a new ask after it, a "failed" told by them
        ("I gave him the code to pay the fee", "code"),
        ("I sent them £500 and now they say I need to pay another fee", "money"),
        ("My account was frozen and I transferred 5k to a safe account", "money"),
        ("我转了两万他说没成功，让我再转一次", "money"),
    ],
)
def test_done_in_own_words_is_urgent(kb, text, kind):
    assert kind in detect(kb.situations, text).given
