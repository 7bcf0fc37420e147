"""The operator console helps the caller where the caller is, and keeps what the police need.

A number in an account is most often the fraudster's: it says where he is (or whose numbers he
bought), not where the caller is. The caller's own signs (Cantonese, Traditional characters, the
currency named, the operator's choice) decide the help lines and the writing; the caller's own
number still decides; a number still decides when nothing of the caller's own says where. The
receiving account (dashed, in Cantonese or Traditional, a UK sort code with its account number) is
offered among the fraudster's identifiers, and what was only where the money went is not ticked as
"gave card numbers" or "gave a code". A saved case keeps its region (trial 5, 2.4, 2.5, 2.8).
"""

from __future__ import annotations

import html
import itertools
import re

import pytest
from test_professional_tools import PASSWORD, login, offered, sheet, w  # noqa: F401

from bot.conversation.emergency import region_of_check
from bot.services.hotline import fraud_identifiers, said_given
from bot.store.cases import normalise

# Fraudsters' numbers from every corner, as people type them.
ORIGINS = {
    "CN": ["+86 171 2345 6789", "+86-135-0011-2233"],
    "HK": ["+852 5123 4567", "+852 6987 1234"],
    "GB": ["+44 7700 900456", "+44 20 7946 0991"],
    "US": ["+1 202 555 0173", "+1 (646) 555-0148"],
    "TW": ["+886 912 345 678", "+886 2 2345 6789"],
    "IN": ["+91 98765 43210"],
    "SG": ["+65 8123 4567"],
}

# Callers, each told in their own way, with no place named: the number is the only thing that
# points elsewhere. Each caller lists the origins whose country the account does not fit (another
# language or writing, or another country's money named).
CALLERS = {
    "HK": (
        [
            "佢話係快遞公司嘅客服，用{num}打嚟，叫我過數{amt}去個安全戶口，我已經轉咗",
            "我老豆頭先接到{num}嘅電話，對方自稱銀行職員，佢已經俾咗{amt}",
            "對方電話係{num}，話我張單有問題，要我畀{amt}先可以退款",
        ],
        ["三萬蚊", "五千蚊", "HK$8,000"],
        ("CN", "GB", "US", "TW", "IN", "SG"),
    ),
    "TW": (
        [
            "對方用{num}打來，說是網購平台的客服，要我匯款{amt}解除設定",
            "有人以{num}來電，自稱銀行專員，我已經轉帳{amt}了",
        ],
        ["NT$30,000", "新台幣5萬"],
        ("CN", "GB", "US", "HK", "IN", "SG"),
    ),
    "GB": (
        [
            "A man rang from {num} saying he was from my bank and I moved {amt} to a safe account",
            "Caller got a call from {num}, someone claiming to be the fraud team, and she sent {amt}",
        ],
        ["£2,000", "£850", "1,200 GBP"],
        ("CN", "US", "TW", "IN", "HK", "SG"),
    ),
    "CN": (
        [
            "有人用{num}打来，说是快递客服，让我转了{amt}到安全账户",
            "对方号码是{num}，自称银行工作人员，我已经汇了{amt}",
        ],
        ["3000元", "人民币两万", "¥5,000"],
        ("GB", "US", "TW", "IN", "HK"),
    ),
    "AU": (
        ["Got a call from {num}, bloke said he was from the bank, I transferred {amt} already"],
        ["A$1,500", "900 AUD"],
        ("CN", "GB", "US", "TW", "IN", "HK", "SG"),
    ),
    "IN": (
        ["A caller from {num} said he was from my bank and I paid {amt} by UPI"],
        ["₹25,000", "Rs. 9,000"],
        ("CN", "GB", "US", "TW", "HK", "SG"),
    ),
}


def _matrix():
    for caller, (frames, amounts, foreign) in CALLERS.items():
        for origin in foreign:
            for k, (frame, num) in enumerate(itertools.product(frames, ORIGINS[origin])):
                yield caller, origin, frame.format(num=num, amt=amounts[k % len(amounts)])


MATRIX = list(_matrix())


@pytest.fixture(scope="module")
def app(kb, tmp_path_factory):
    from bot.app import App, Settings

    made = App(Settings(db_path=tmp_path_factory.mktemp("region") / "r.db"))
    made._kb = kb
    yield made
    made.close()


def region(app, text: str, setting: str | None = None) -> str:
    analysis = app.analyzer.analyze(text)
    return region_of_check(app.kb, analysis, text, setting=setting).region.id


def test_the_fraudsters_number_does_not_move_the_caller_to_its_country(app):
    wrong = [(c, o, t, got) for c, o, t in MATRIX if (got := region(app, t)) != c]
    assert len(MATRIX) > 100
    assert not wrong, f"{len(wrong)}/{len(MATRIX)}: " + "; ".join(map(str, wrong[:6]))


@pytest.mark.parametrize(
    "text, expected",
    [
        # nothing of the caller's own says where: the number still tells
        ("Someone rang from +44 7700 900456 and asked for my bank login", "GB"),
        ("+852 5123 4567 打嚟", "HK"),
        ("有人用+65 8123 4567打来说是快递客服", "SG"),  # Singapore writes Simplified too
        ("+86 171 2345 6789", "CN"),
        # the caller's own number, given with their name, decides
        ("My name is Tom, my number is +44 7700 900789. Someone called from +86 171 2345 6789 about a refund", "GB"),
        ("我叫陳大文，電話係+852 6123 4567。對方用+86 135 0011 2233打嚟叫我過數", "HK"),
    ],
)
def test_a_number_still_decides_where_the_account_fits_it_or_it_is_the_callers_own(app, text, expected):
    assert region(app, text) == expected


@pytest.mark.parametrize("setting", ["GB", "HK", "CN", "TW"])
def test_the_operators_choice_decides_over_everything(app, setting):
    for _caller, _origin, text in MATRIX[::9]:
        assert region(app, text, setting) == setting


# -- the console ------------------------------------------------------------------------------
HK_SHEETS = [
    "我阿嫲{when}收到{num}嘅電話，話係順豐，叫佢轉錢去安全戶口。佢已經用網銀轉咗{amt}去{bank}戶口 {acct}，而家仲喺電話度。",
    "事主講佢{when}接到{num}打嚟，自稱淘寶客服話要退款，佢已經過咗{amt}去對方{bank}戶口 {acct}。",
]


@pytest.mark.parametrize(
    "frame, num, acct",
    [
        (f, n, a)
        for f in HK_SHEETS
        for n in ("+86 171 2345 6789", "+86 186 0000 1111")
        for a in ("012-345-67890123", "004-567890-001")
    ],
    ids=lambda v: "".join(c for c in str(v) if c.isascii() and c.isalnum())[:12] or "frame",
)
def test_a_cantonese_call_from_a_mainland_number_gets_hong_kongs_help_and_the_account(w, frame, num, acct):  # noqa: F811
    csrf = login(w, "dora")
    text = frame.format(when="今朝", num=num, amt="四萬蚊", bank="中國銀行", acct=acct)
    page = html.unescape(sheet(w, csrf, text))
    region_line = re.search(r'id="region-for">(.*?)</p>', page, re.S).group(1)
    assert "香港" in region_line and "中國大陸" not in region_line and "中国大陆" not in region_line, region_line
    assert "18222" in page
    assert not re.search(r"(?<![\d-])(?:110|96110)(?!\d)", page), "mainland police line offered"
    assert "風險" in page and "风险" not in page  # written as Hong Kong writes
    assert ("account", acct) in offered(page), offered(page)
    # checklist for the region the sheet read, as the page sends it when the menu says "auto"
    r = w.client.post(
        "/console/checklist", data={"given": ["money"], "region": "HK", "lang": "zh"}, headers={"X-CSRF-Token": csrf}
    )
    assert "18222" in r.text and "96110" not in r.text


UK_ACCOUNTS = [
    ("sent to account {acct} sort code {sc}", "{acct} (sort code {sc})"),
    ("paid into sort code {sc} account {acct}", "{acct} (sort code {sc})"),
    ("transferred it to sort code {sc}, account number {acct}", "{acct} (sort code {sc})"),
]


@pytest.mark.parametrize("phrase, want", UK_ACCOUNTS)
@pytest.mark.parametrize("acct, sc", [("41234567", "20-00-00"), ("70011223", "30-91-42")])
def test_a_sort_code_goes_with_its_account_and_is_neither_an_account_nor_a_code_given(app, phrase, want, acct, sc):
    text = (
        "Caller says a man claiming to be her bank's fraud team rang. She read them the code from her bank text "
        f"and they took £1,950, {phrase.format(acct=acct, sc=sc)}."
    )
    analysis = app.analyzer.analyze(text)
    accounts = [i["value"] for i in fraud_identifiers(analysis, text, app.kb) if i["kind"] == "account"]
    assert accounts == [want.format(acct=acct, sc=sc)], accounts
    assert normalise("account", accounts[0]) == acct  # found by its account number
    given = said_given(app.kb, text)
    assert "money" in given and "card" not in given, given


@pytest.mark.parametrize(
    "text",
    [
        "She gave them her card number and the expiry date, then sent £300 to account 12345678",
        "I sent £500 to their account 44556677 and then read out my card number to him",
    ],
)
def test_a_card_really_given_beside_a_receiving_account_is_still_ticked(app, text):
    assert "card" in said_given(app.kb, text)


def save(w, csrf, text, region="", paid="1", given=("money",)):  # noqa: F811
    data = {"text": text, "region": region, "paid": paid, "consent": "1", "given": list(given)}
    r = w.client.post("/console/cases", data=data, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    return r.json()["id"]


@pytest.mark.parametrize(
    "text, region, expected",
    [
        ("The caller's mum got a call from 020 7946 0123, a man from 'her bank', and moved £3,100.", "GB", "GB"),
        ("Caller in Leeds, called from +44 7700 900321 by a fake courier, she paid £45 by card", "", "GB"),
        ("對方用+852 5123 4567打嚟，佢已經過咗數", "", "HK"),
    ],
)
def test_a_reopened_case_keeps_its_region(w, text, region, expected):  # noqa: F811
    csrf = login(w, "dora")
    case = save(w, csrf, text, region)
    row = w.app.store.db.execute("SELECT region, account FROM cases WHERE id = ?", [case]).fetchone()
    assert row[0] == expected
    assert "[number]" in row[1] or "+" not in row[1]  # the number that told it is gone from the text
    page = w.client.get(f"/console/cases/{case}").text
    assert re.search(rf'<option value="{expected}" selected', page), "the case's region is not chosen"


# -- case search in the caller's own writing (trial 5, 3.8) ----------------------------------------
# The same thing said as the mainland, Hong Kong and Taiwan write it.
SAME_THING = [
    ("安全账户", "安全帳戶", "安全戶口"),
    ("信用卡", "信用咭"),
    ("对方账户", "對方帳戶", "對方戶口"),
    ("网上银行", "網上銀行"),
]
FRAMES = ["来电人说对方让她把钱转到{w}，已经转了", "佢話要將錢轉去{w}先安全", "對方要我把錢匯到{w}"]


@pytest.mark.parametrize("forms", SAME_THING, ids=lambda f: f[0].encode("unicode_escape").decode()[:18])
def test_a_case_is_found_by_the_same_words_written_in_another_region(tmp_path, forms):
    from bot.store import Store
    from bot.store.cases import Cases, Viewer

    cases = Cases(Store(tmp_path / "c.db", salt=b"test-salt-not-for-production"))
    me = Viewer(1, True)
    saved = {}
    for frame, word in itertools.product(FRAMES, forms):
        fields = {"lang": "zh", "summary": "-", "account": frame.format(w=word), "given": [], "verdict": "scam"}
        saved[cases.save(me, fields)] = word
    for word in forms:
        found = {c["id"] for c in cases.search(me, text=word, limit=100)}
        assert found == set(saved), (word, sorted(saved[i] for i in set(saved) - found))


# -- the call guide's questions for callers outside the mainland (trial 5, 3.12) --------------------
MAINLAND_ONLY = re.compile(r"\b(?:Alipay|WeChat|QQ|Jiebei|Huabei|Beiyongjin|Baitiao|Jintiao|Taobao|110|96110)\b")
ENGLISH_REGIONS = ("GB", "US", "AU", "CA", "IN", "NZ", "SG", "PH", "MY")


def test_no_question_asks_an_english_speaking_caller_about_mainland_apps(kb):
    from bot.conversation.emergency import RegionChoice
    from bot.services.hotline import _fit

    lines = [q.en for q in kb.opening] + [q.en for s in kb.scripts.values() for g in s.guide for q in g.ask]
    assert len(lines) > 20
    for rid in ENGLISH_REGIONS:
        if rid not in kb.regions:
            continue
        asked = _fit(kb, RegionChoice(kb.regions[rid], "setting"), lines, "en", police=False)
        named = [q for q in asked if MAINLAND_ONLY.search(q)]
        assert not named, (rid, named)


@pytest.mark.parametrize(
    "text",
    [
        "Caller in Bristol says a 'BT engineer' got her to install AnyDesk and is sharing her screen now",
        "A man from 'Amazon refunds' rang my dad in Texas, he wants him to install TeamViewer for the refund",
        "Caller says the courier phoned about a refund and asked her to add him on a chat app",
    ],
)
def test_the_sheet_for_an_english_account_asks_nothing_of_mainland_apps(app, kb, text):
    from bot.services.hotline import call_sheet

    analysis = app.analyzer.analyze(text)
    choice = region_of_check(kb, analysis, text, lang="en")
    sheet = call_sheet(analysis, kb, "en", choice)
    assert not [q for q in sheet["ask"] if MAINLAND_ONLY.search(q or "")], sheet["ask"]


# -- a genuine call: nothing of it offered ticked as the fraudster's, no emoji box (trial 5, 2.7, 4) --
GENUINE_CALLS = [
    "Caller says her bank texted asking whether a {amt} {shop} purchase was hers, reply Y or N; the text "
    "says the bank never asks for a PIN. She replied N and nothing else was asked.",
    "Caller's bank sent a text: did you try to spend {amt} at {shop}? Reply YES or NO. It said they never "
    "ask for passwords. He answered YES. No link, no call.",
]


@pytest.mark.parametrize(
    "frame, amt, shop", [(f, a, s) for f in GENUINE_CALLS for a, s in (("$38", "Costco"), ("£72", "Tesco"))]
)
def test_a_genuine_calls_amount_is_offered_unticked_and_the_headline_has_no_emoji(w, frame, amt, shop):  # noqa: F811
    csrf = login(w, "dora")
    page = sheet(w, csrf, frame.format(amt=amt, shop=shop))
    verdict = re.search(r'class="verdict v-([a-z_]+)"', page).group(1)
    assert verdict in ("matches_genuine", "no_scam_signs"), verdict
    headline = html.unescape(re.search(r'id="verdict">(.*?)<small>', page, re.S).group(1))
    assert "{" not in headline and not re.search("[\u2600-\u27bf\U0001f300-\U0001faff]", headline), headline
    boxes = re.findall(r'<input type="checkbox" class="ident"[^>]*>', page)
    assert boxes and not [b for b in boxes if "checked" in b], boxes
