"""Whole scam scripts in wordings the structure matrix lacks are called `scam`: Hong Kong Cantonese and
Taiwan usage for every script, "return the excess", a courier's call handed to "the police", misspelt
brands and tools, English mixed into Chinese (tests/scam_variety_matrix.py). The held-out third of every
wording family was not looked at while the knowledge and the analyzer were changed; it is judged in
aggregate only. The genuine twins share the vocabulary and are never called a scam; a misspelling changes
no genuine verdict.
"""

from __future__ import annotations

import itertools

import pytest
from scam_variety_matrix import EN, TW, TWINS, YUE, ZH, scam_cases, twin_cases

from nlu.normalize import normalize
from nlu.spelling import correct, names, read_as

CASES = scam_cases()
TUNED = [c for c in CASES if not c.held]
HELD = [c for c in CASES if c.held]
GENUINE = ("matches_genuine", "no_scam_signs")

# Share called `scam`, per language (CPU-bound figures in the CHANGELOG). Measured before -> after this change:
# tuned  en 0.15 -> 1.00, zh 1.00 -> 1.00, tw 0.97 -> 0.99, yue 0.86 -> 0.99 (all 0.71 -> 0.99);
# held   en 0.12 -> 1.00, zh 1.00 -> 1.00, tw 0.84 -> 0.92, yue 0.89 -> 0.97 (all 0.65 -> 0.97).
TUNED_AT = {"en": 0.97, "zh": 0.97, "tw": 0.95, "yue": 0.95}
HELD_AT = {"en": 0.95, "zh": 0.95, "tw": 0.85, "yue": 0.9}

# Genuine twins the analyzer called a scam before this change, for reasons outside it (an ID uploaded in a
# courier's own app read as a demand next to 海关): left to the work on genuine contacts flagged.
KNOWN_GENUINE_CALLED_SCAM = ("上传了身份证完成清关",)

DOMAIN_SCRIPTS = {
    "refund_compensation",
    "cancel_membership",
    "order_anomaly",
    "credit_loan",
    "return_excess",
    "fake_cod",
    "phishing_link",
    "agent_release",
    "safe_account",
    "screen_share",
    "police_handover",
}


def test_the_matrix_covers_every_script_in_hong_kong_and_taiwan_usage_and_both_new_families_everywhere():
    assert set(YUE) == DOMAIN_SCRIPTS
    assert set(TW) == DOMAIN_SCRIPTS | {"instalment"}
    for table in (ZH, EN):
        assert {"return_excess", "police_handover"} <= set(table)
    families = {(c.lang, c.family) for c in CASES}
    for lang in ("zh", "tw", "yue", "en"):
        assert (lang, "return_excess") in families and (lang, "police_handover") in families
    assert {("en", "typo"), ("zh", "typo"), ("yue", "code_mix"), ("zh", "code_mix"), ("tw", "code_mix")} <= families
    assert {c.family for c in HELD} == {c.family for c in TUNED}  # every family has a held-out part
    assert len({c.text for c in CASES}) > 0.95 * len(CASES)


@pytest.fixture(scope="module")
def verdicts(analyzer):
    return {c.text: analyzer.analyze(c.text).verdict for c in CASES}


def _rates(cases, verdicts):
    out = {}
    for lang in {c.lang for c in cases}:
        mine = [c for c in cases if c.lang == lang]
        out[lang] = sum(verdicts[c.text] == "scam" for c in mine) / len(mine)
    return out


def test_tuned_scripts_are_called_a_scam_in_every_language(verdicts):
    rates = _rates(TUNED, verdicts)
    missed = [(verdicts[c.text], c.text) for c in TUNED if verdicts[c.text] != "scam"]
    assert all(rates[lang] >= at for lang, at in TUNED_AT.items()), (rates, missed[:8])


def test_held_out_scripts_are_called_a_scam_in_every_language(verdicts):
    rates = _rates(HELD, verdicts)
    assert all(rates[lang] >= at for lang, at in HELD_AT.items()), rates  # (held-out rows are not printed)


def test_every_family_is_flagged_and_mostly_a_scam(verdicts):
    """No family is left at "suspicious" or at nothing: each is flagged throughout, a scam in 90% of its cells."""
    for family in {c.family for c in TUNED}:
        mine = [c for c in TUNED if c.family == family]
        assert all(verdicts[c.text] in ("scam", "suspicious") for c in mine), family
        assert sum(verdicts[c.text] == "scam" for c in mine) >= 0.9 * len(mine), family


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            t,
            id=f"{lang}-{i}",
            marks=[pytest.mark.xfail(reason="genuine contact called a scam before this change", strict=False)]
            if any(k in t for k in KNOWN_GENUINE_CALLED_SCAM)
            else [],
        )
        for i, (t, lang) in enumerate(twin_cases())
    ],
)
def test_the_genuine_twins_are_never_called_a_scam(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict != "scam", (text, [e.indicator for e in result.red_flags])


# -- misspelt names ------------------------------------------------------------------------------------


def _one_off(word: str) -> list[str]:
    """Misspellings one edit away: a letter dropped, two neighbours swapped, a letter doubled (not the first)."""
    out = set()
    for i in range(1, len(word)):
        if word[i] != " ":
            out.add(word[:i] + word[i + 1 :])
            out.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word) and " " not in word[i : i + 2] and word[i] != word[i + 1]:
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return sorted(w for w in out if w != word)


LONG_NAMES = [n for n in names().names if len(n.replace(" ", "")) >= 6]


@pytest.mark.parametrize("name", LONG_NAMES)
def test_a_name_one_letter_off_is_read_as_the_name(name):
    n = names()
    wrong = []
    for typo in _one_off(name):
        if typo.replace(" ", "") in n.flat or all(p in n.lexicon for p in typo.split(" ")):
            continue  # the misspelling is itself a name, or real words
        if typo.startswith(name) and typo[len(name) :] in ("s", "d"):
            continue  # a longer form ("refundd" reads as "refund" + "d"): left alone by design
        if read_as(typo) != name:
            wrong.append((typo, read_as(typo)))
    assert not wrong, wrong


@pytest.mark.parametrize("name", ["anydesk", "paypal", "fedex", "teamviewer", "microsoft", "taobao"])
def test_a_name_written_apart_is_the_name(name):
    for i in range(2, len(name) - 1):
        assert read_as(f"{name[:i]} {name[i:]}") == name


@pytest.mark.parametrize(
    "word",
    [
        # real words near a name, longer forms of a name, words the rules are written with, short words
        "amazing",
        "amazed",
        "customs",
        "costume",
        "refunds",
        "refunded",
        "installed",
        "installing",
        "downloads",
        "instant",
        "chose",
        "fedora",
        "teams",
        "server",
        "services",
        "desk",
        "main",
        "mail",
        "pay",
    ],
)
def test_real_words_are_left_as_they_are(word):
    assert read_as(word) is None or read_as(word) == word


def test_reading_keeps_the_persons_own_words_for_quoting():
    text = "Amzon custmer servise told me to instal Anydsk"
    norm = correct(normalize(text))
    assert norm.text == "amazon customer service told me to install anydesk"
    for token in ("amazon", "customer service", "install", "anydesk"):
        s = norm.text.index(token)
        a, b = norm.span(s, s + len(token))
        assert text[a:b].lower().replace(" ", "") in {"amzon", "custmerservise", "instal", "anydsk"}


def test_english_mixed_into_chinese_is_read_in_chinese_but_an_english_sentence_beside_it_is_not():
    assert correct(normalize("叫我download個app開screen share")).text == "叫我下载个app开共享屏幕"
    assert correct(normalize("佢叫我transfer晒啲錢去safe account")).text.endswith("去安全账户")
    assert "验证码" in correct(normalize("佢叫我send個OTP code過去")).text  # a pair only ("otp code")
    both = correct(normalize("【銀行】通知 Please check your bank account in the app"))
    assert "your bank account in the app" in both.text


BRAND_TYPOS = [("Amazon", "Amzon"), ("PayPal", "Paypall"), ("FedEx", "Fedx"), ("Microsoft", "Mircosoft")]
TOOL_TYPOS = [("AnyDesk", "Anydsk"), ("TeamViewer", "Teamveiwer")]
GENUINE_WITH_NAMES = [
    "I ordered a lamp on {brand} last week and it arrived today.",
    "I rang {brand} customer service myself about a refund and it came back to my card.",
    "My daughter installed {tool} on my laptop so she can fix it from her flat.",
    "I use {tool} at work to help colleagues with their computers.",
    "我在{brand}买了一本书，今天到了。",
]


@pytest.mark.parametrize(
    ("template", "right", "typo"),
    [(t, r, w) for t in GENUINE_WITH_NAMES for r, w in (TOOL_TYPOS if "{tool}" in t else BRAND_TYPOS)],
)
def test_a_misspelt_name_changes_no_genuine_verdict(analyzer, template, right, typo):
    key = "tool" if "{tool}" in template else "brand"
    spelt = analyzer.analyze(template.format(**{key: right})).verdict
    misspelt = analyzer.analyze(template.format(**{key: typo})).verdict
    assert misspelt == spelt and misspelt != "scam", (template, spelt, misspelt)


SCAM_WITH_NAMES = [
    "Someone from {brand} support rang about a charge on my account and told me to install {tool}.",
    "A man saying he was {brand} customer service called about a refund and asked me to download {tool}.",
]


@pytest.mark.parametrize(
    ("template", "brand", "tool"),
    [(t, b, w) for t in SCAM_WITH_NAMES for (_, b), (_, w) in itertools.product(BRAND_TYPOS, TOOL_TYPOS)],
)
def test_a_scam_told_with_misspelt_names_is_a_scam(analyzer, template, brand, tool):
    result = analyzer.analyze(template.format(brand=brand, tool=tool))
    assert result.verdict == "scam", (template, brand, tool, [e.indicator for e in result.red_flags])
    assert any(tool in e.text for m in result.scripts for e in m.evidence)  # quoted as the person wrote it


# -- "return the excess": the demand is to send it back, not a refund coming back ------------------------

RETURN_GENUINE = [
    "商家多收了我运费，在淘宝App里把差价原路退回给我了。",
    "退款多退给我了，客服说系统会自动扣回，不需要我转账。",
    "I overpaid my gas bill and the supplier refunded the difference to my card.",
    "電訊公司多收咗我月費，自動退返差額落我張信用卡。",
]


@pytest.mark.parametrize("text", RETURN_GENUINE)
def test_a_refund_of_the_excess_coming_back_is_not_a_scam(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict != "scam", (text, [e.indicator for e in result.red_flags])


def test_the_twins_keep_their_vocabulary():
    """The twins use what the scam cells use: 過數/轉數快, 匯款/超商代碼, overpaid, police, misspelt names."""
    joined = " ".join(t for texts in TWINS.values() for t in texts)
    for word in ("過數", "轉數快", "匯款", "代碼", "overpaid", "police", "Amzon", "Anydsk", "download"):
        assert word in joined


# -- a courier's call handed over to "the police" -------------------------------------------------------
# (written for this test: the hand-over told alone, with no demand yet, is the script itself)
HANDOVER = {
    "en": (
        ["FedEx", "DHL", "UPS", "Royal Mail"],
        [
            "{org} rang me saying a parcel in my name held drugs, then put me through to the police.",
            "A man from {org} called about a package with fake passports and said he was connecting my call to a police officer.",
            "{org} phoned: my shipment had been seized, and they transferred the call to an officer from the cyber crime unit.",
        ],
    ),
    "zh": (
        ["顺丰", "中通", "中国邮政"],
        [
            "{org}客服打电话说我的包裹里有毒品，随后把电话转接到公安局。",
            "自称{org}的人说我寄的快递里查出违禁品，要帮我转接警察。",
            "{org}打来说我名下的邮包涉嫌走私，电话直接转到了一个自称刑警的人。",
        ],
    ),
    "yue": (
        ["順豐", "香港郵政", "DHL"],
        [
            "{org}職員打嚟話我個包裹有毒品，跟住將電話駁去警察。",
            "有個話係{org}嘅人話我寄嘅件入面有假護照，要幫我駁去內地公安。",
        ],
    ),
    "tw": (
        ["中華郵政", "黑貓宅急便", "新竹物流"],
        [
            "{org}打來說我的包裹裡有毒品，幫我轉接到刑事局。",
            "自稱{org}的客服說我的貨件夾帶違禁品，電話接著轉給一位警官。",
        ],
    ),
}
CALLED_THE_POLICE = [
    "I rang the police myself about my stolen parcel and they put me through to a detective.",
    "My mum called the police after the fake courier call, and the switchboard connected her to an officer.",
    "我打110报警，接线员把电话转到了辖区派出所的民警。",
    "我自己打去警署報案，當值警員幫我駁去反詐騙組。",
]


@pytest.mark.parametrize(
    "text",
    [t.format(org=org) for orgs, texts in HANDOVER.values() for t in texts for org in orgs],
)
def test_a_courier_handing_the_call_to_the_police_is_a_scam(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict == "scam", (text, result.verdict, [e.indicator for e in result.red_flags])


@pytest.mark.parametrize("text", CALLED_THE_POLICE)
def test_the_police_putting_through_a_call_the_person_made_is_no_hand_over(analyzer, text):
    result = analyzer.analyze(text)
    assert "red_flag.handed_to_police" not in {e.indicator for e in result.red_flags}, text
    assert result.verdict != "scam", (text, [e.indicator for e in result.red_flags])
