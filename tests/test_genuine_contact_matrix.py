"""Genuine contacts that share a scam's vocabulary are not flagged; the scams that borrow their wording still are.

The matrix is `tests/genuine_contact_matrix.py` (families of en, zh, zh-Hant and Cantonese wordings, a third
of each held out). The tuned part must be right everywhere; the held-out part, never run while the rules were
tuned, is held to a lower line and its figures are printed (`pytest -s`).
"""

from __future__ import annotations

from collections import Counter

import pytest
from genuine_contact_matrix import FAMILIES, cases

from nlu.analyzer import Analyzer

GENUINE = ("matches_genuine", "no_scam_signs")
FLAGGED = ("scam", "suspicious")


def test_the_matrix_covers_every_variety_and_holds_a_third_out():
    langs = {f["lang"] for f in FAMILIES.values()}
    assert langs == {"en", "zh", "zh-Hant", "yue"}
    for side in ("genuine", "scam"):
        tuned, held = len(list(cases(side, "tuned"))), len(list(cases(side, "held_out")))
        assert tuned >= 120 and held >= 50, (side, tuned, held)
    assert all(len(f["genuine"]) >= 3 and len(f["scam"]) >= 3 for f in FAMILIES.values())


@pytest.mark.parametrize(("family", "lang", "text"), list(cases("genuine", "tuned")))
def test_a_genuine_contact_through_the_persons_own_channel_is_not_flagged(analyzer, family, lang, text):
    result = analyzer.analyze(text)
    assert result.verdict in GENUINE, result.to_dict()
    assert "in_trouble" not in result.notes  # a duty paid in the courier's own app is no loss


@pytest.mark.parametrize(("family", "lang", "text"), list(cases("scam", "tuned")))
def test_the_scam_that_borrows_the_genuine_wording_is_still_flagged(analyzer, family, lang, text):
    result = analyzer.analyze(text)
    assert result.verdict in FLAGGED, result.to_dict()
    assert result.genuine is None


def _rates(analyzer, side: str, part: str) -> tuple[Counter, Counter, Counter]:
    total, right, scam = Counter(), Counter(), Counter()
    for _, lang, text in cases(side, part):
        verdict = analyzer.analyze(text).verdict
        total[lang] += 1
        right[lang] += verdict in (GENUINE if side == "genuine" else FLAGGED)
        scam[lang] += verdict == "scam"
    return total, right, scam


def test_the_scam_side_is_called_scam_outright_almost_everywhere(analyzer):
    total, _, scam = _rates(analyzer, "scam", "tuned")
    # (the rest are "suspicious": a role with no company named, or a demand the rules do not read as one yet)
    assert sum(scam.values()) >= 0.9 * sum(total.values()), dict(scam)


@pytest.mark.parametrize("side", ["genuine", "scam"])
def test_the_held_out_wordings(analyzer, kb, side):
    total, right, scam = _rates(analyzer, side, "held_out")
    print(
        f"\nheld-out {side}: "
        + ", ".join(f"{lang} {right[lang]}/{total[lang]}" for lang in sorted(total))
        + (f"; called scam {sum(scam.values())}/{sum(total.values())}" if side == "scam" else "")
    )
    if side == "genuine":
        assert sum(right.values()) >= 0.9 * sum(total.values())
        return
    assert sum(right.values()) >= 0.9 * sum(total.values())
    # No scam held out is let through by the own-channel reading: whatever the rules miss without it, they miss
    # with it too (a scam must never pass for the genuine process it imitates).
    without = Analyzer(kb)
    without._own_channel = lambda *args: False  # type: ignore[method-assign]
    for _, _, text in cases("scam", "held_out"):
        if analyzer.analyze(text).verdict not in FLAGGED:
            assert without.analyze(text).verdict not in FLAGGED, text


# -- who chose the channel decides: the same own-channel words said as a caller's instruction ------------
@pytest.mark.parametrize("org", ["Barclays", "my bank", "HSBC"])
@pytest.mark.parametrize(
    ("mine", "instructed"),
    [
        (
            "{org} sent an alert about a payment I didn't make. I rang the number on the back of my card and they"
            " stopped the card.",
            "A man from {org} rang about a payment I didn't make and told me to ring the number on the back of my"
            " card; the same man answered and asked me for the passcode they had sent.",
        ),
        (
            "There was a charge from {org} I didn't recognise, so I opened the banking app myself and reported it.",
            "Someone from {org} rang about a charge I didn't recognise and asked me to open the banking app and"
            " move my money to a new account he read out.",
        ),
    ],
)
def test_an_own_channel_told_by_the_caller_is_not_the_persons_choice(analyzer, org, mine, instructed):
    assert analyzer.analyze(mine.format(org=org)).verdict in GENUINE
    assert analyzer.analyze(instructed.format(org=org)).verdict in FLAGGED


@pytest.mark.parametrize(
    ("mine", "instructed"),
    [
        ("我自己到银行柜台给房东交了房租。", "自称警察的人让我到银行柜台把钱转到他给的安全账户。"),
        ("我自己打开顺丰官方App，在里面缴了关税。", "自称顺丰客服的人让我打开他发的链接，在里面缴关税。"),
    ],
)
def test_an_own_channel_told_by_the_caller_in_chinese(analyzer, mine, instructed):
    assert analyzer.analyze(mine).verdict in GENUINE
    assert analyzer.analyze(instructed).verdict in FLAGGED
