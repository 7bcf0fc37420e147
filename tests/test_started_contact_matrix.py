"""Contacts the person started or that point back to the official channel are not flagged; their scam twins are.

The matrix is `tests/started_contact_matrix.py`: the person's own police report followed up, a customer-service
contact they started, a real delivery, a bank alert in its own words, a duty notice paid on the carrier's own site
or at the door, a hotline operator's note, an unrequested sign-in code, a real courier fee told as a complaint, a
fraud call checked on a number of one's own, renewal and pick-up notices; en, zh, zh-Hant and Cantonese; a third
of each side held out. Known gaps are marked `xfail(strict=True)`: they fail today, and the day they pass the mark
must go.
"""

from __future__ import annotations

from collections import Counter

import pytest
from genuine_contact_matrix import cases as first_cases
from started_contact_matrix import FAMILIES, cases

from nlu.analyzer import Analyzer

GENUINE = ("matches_genuine", "no_scam_signs")
FLAGGED = ("scam", "suspicious")

# Wordings the rules still get wrong (family, the frame's first words): a known gap each, not a target missed.
GENUINE_GAPS = {
    # paid at the door with the courier's QR code: a QR code to pay is read as a demand wherever it is
    ("dutymsg_zh", "快递员送货时说包裹有关税要交"),
}
SCAM_GAPS = {
    # "read it back to him": the code is named in the sentence before, the demand only says "it"
    ("code_en", "I got a verification code from"),
    ("code_en", "A WhatsApp code arrived"),
    ("code_en", "A Google code arrived"),
    ("code_en", "A my bank code arrived"),
    ("code_en", "A PayPal code arrived"),
    # 撳條link入…信用卡資料: a link to open with card details asked, in Cantonese, is not read as a demand yet (with
    # 香港郵政 named it is: the brand's own parcel pretext)
    ("delivery_yue", "收到自稱順豐"),
    ("delivery_yue", "收到自稱Lalamove"),
    # "install an app so he could protect my account remotely": the app's name is not given
    ("alertmsg_en", "Chase sent a message that my card was frozen"),
}


def _marked(side: str, part: str, gaps: set):
    for family, lang, text in cases(side, part):
        gap = any(family == f and text.startswith(start) for f, start in gaps)
        marks = [pytest.mark.xfail(strict=True, reason="known gap")] if gap else []
        yield pytest.param(family, lang, text, marks=marks)


def test_the_matrix_covers_every_variety_family_and_holds_a_third_out():
    assert {f["lang"] for f in FAMILIES.values()} == {"en", "zh", "zh-Hant", "yue"}
    topics = {name.split("_")[0] for name in FAMILIES}
    assert topics == {
        *("police", "selfcs", "delivery", "alertmsg", "dutymsg", "operator", "code"),
        *("feeblog", "checked", "renewmsg", "pickup"),
    }
    for side in ("genuine", "scam"):
        tuned, held = len(list(cases(side, "tuned"))), len(list(cases(side, "held_out")))
        assert tuned >= 350 and held >= 180, (side, tuned, held)
    assert all(len(f["genuine"]) >= 6 and len(f["scam"]) >= 6 for f in FAMILIES.values())


@pytest.mark.parametrize(("family", "lang", "text"), list(_marked("genuine", "tuned", GENUINE_GAPS)))
def test_a_contact_the_person_started_or_that_points_back_to_the_official_channel_is_not_flagged(
    analyzer, family, lang, text
):
    result = analyzer.analyze(text)
    assert result.verdict in GENUINE, result.to_dict()
    assert "in_trouble" not in result.notes


@pytest.mark.parametrize(("family", "lang", "text"), list(_marked("scam", "tuned", SCAM_GAPS)))
def test_its_scam_twin_with_the_scams_ask_is_still_flagged(analyzer, family, lang, text):
    result = analyzer.analyze(text)
    assert result.verdict in FLAGGED, result.to_dict()
    assert result.genuine is None


def _without_new_readings(kb) -> Analyzer:
    """The analyzer without the readings this matrix was built for (the person's own report, own channel)."""
    plain = Analyzer(kb)
    plain._reported_first = lambda *args: False  # type: ignore[method-assign]
    plain._own_channel = lambda *args: False  # type: ignore[method-assign]
    return plain


@pytest.mark.parametrize("side", ["genuine", "scam"])
def test_the_held_out_wordings(analyzer, kb, side):
    total, right, scam = Counter(), Counter(), Counter()
    for _, lang, text in cases(side, "held_out"):
        verdict = analyzer.analyze(text).verdict
        total[lang] += 1
        right[lang] += verdict in (GENUINE if side == "genuine" else FLAGGED)
        scam[lang] += verdict == "scam"
    print(
        f"\nheld-out {side}: "
        + ", ".join(f"{lang} {right[lang]}/{total[lang]}" for lang in sorted(total))
        + (f"; called scam {sum(scam.values())}/{sum(total.values())}" if side == "scam" else "")
    )
    assert sum(right.values()) >= 0.9 * sum(total.values())
    if side == "scam":
        # No held-out scam twin is let through by the readings for contacts the person started: whatever the
        # rules miss with them, they miss without them too.
        plain = _without_new_readings(kb)
        for _, _, text in cases("scam", "held_out"):
            if analyzer.analyze(text).verdict not in FLAGGED:
                assert plain.analyze(text).verdict not in FLAGGED, text


# -- the person's own police report: it counts only told before the pretext, and only when nothing is asked --------
@pytest.mark.parametrize(
    ("mine", "not_mine"),
    [
        (
            "我上个月去派出所报案说自行车被偷了，今天派出所打电话说案件已经立案，请我过去做个笔录。",
            "今天派出所打电话说我涉嫌一宗洗钱案已经立案，请我过去做个笔录，我后来去派出所报了案。",
        ),
        (
            "上週我到派出所報案說包包被偷，今天員警來電說已經立案，請我明天去做筆錄。",
            "上週我到派出所報案說包包被偷，今天員警來電說已經立案，追回贓款要先繳手續費。",
        ),
    ],
)
def test_a_police_call_about_the_persons_own_report(analyzer, mine, not_mine):
    assert analyzer.analyze(mine).verdict in GENUINE
    assert analyzer.analyze(not_mine).verdict in FLAGGED


# -- a hotline operator's note prefix is the operator's words: it never changes the verdict ------------------------
NOTE_PREFIXES = {
    "en": ["Caller says ", "Per the caller, ", "Caller reports that ", "According to the caller, "],
    "zh": ["来电人说：", "据来电人讲，", "來電者表示：", "来电者反映：", "據來電者稱，"],
}


def _noted(lang: str, text: str, n: int) -> str:
    prefixes = NOTE_PREFIXES["en" if lang == "en" else "zh"]
    body = text[0].lower() + text[1:] if lang == "en" else text
    return prefixes[n % len(prefixes)] + body


def test_an_operators_note_prefix_never_changes_the_verdict(analyzer):
    changed = []
    accounts = [*first_cases("genuine", "tuned"), *first_cases("scam", "tuned")]
    accounts += [*cases("genuine", "tuned"), *cases("scam", "tuned")]
    for n, (_, lang, text) in enumerate(accounts):
        noted = _noted(lang, text, n)
        if analyzer.analyze(noted).verdict != analyzer.analyze(text).verdict:
            changed.append(noted)
    assert not changed, (len(changed), changed[:5])


def test_a_note_on_several_lines_and_a_callers_own_claim(analyzer):
    note = "来电人说：她收到顺丰短信，包裹在快递柜。\n来电人又说：已经凭取件码取到了。"
    assert analyzer.analyze(note).verdict in GENUINE
    # Not a note: the caller's own words, told by the person ("the caller says he is from the bank") stay the claim.
    told = "The caller says he is from my bank's fraud team and needs the code they just sent me to stop a payment."
    assert analyzer.analyze(told).verdict == "scam"
