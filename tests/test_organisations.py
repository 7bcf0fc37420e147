"""The official directory outside mainland China: English, Taiwan and Hong Kong organisations.

Each organisation people are told is contacting them must be recognised in a real-looking account,
never in an ordinary sentence that happens to hold the same word, and its official links must be
told apart from look-alikes. The accounts below were written for these tests.
"""

from __future__ import annotations

import pytest

from bot.conversation.report import verify_lines
from nlu.links import LinkChecker, registered_domain

# (account, organisation the caller claimed to be)
ACCOUNTS = [
    ("Got a text from Evri saying my parcel was missed and I have to pay a £1.45 fee to rebook it.", "evri"),
    ("A message from Hermes delivery said my parcel was held and asked for a redelivery charge.", "evri"),
    ("DPD texted that my package needs a customs payment before it can be delivered.", "dpd"),
    ("I had a Parcelforce Worldwide text about an unpaid import fee of £2.99.", "parcelforce"),
    ("A text claiming to be Canada Post said a $3 shipping fee was due before delivery.", "canada_post"),
    ("Someone pretending to be Australia Post texted me to update my address through a link.", "australia_post"),
    ("The SingPost SMS said my item could not be delivered and asked me to pay S$1.99.", "singpost"),
    ("An India Post message asked me to update my address within 12 hours or the parcel returns.", "india_post"),
    ("My mum got a call from someone who said he was from Chase fraud department.", "chase"),
    ("A man said he worked for Wells Fargo and that someone had tried to use my debit card.", "wells_fargo"),
    ("The caller said he was from Bank of America and needed to verify a large transfer.", "bank_of_america"),
    ("I got a text from Citibank about a suspicious charge with a number to call.", "citi"),
    ("Someone called saying they were from Barclays and my account had been hacked.", "barclays"),
    ("A voice message said HMRC had issued a warrant for my arrest over unpaid tax.", "hmrc"),
    ("The robocall said the IRS would sue me unless I paid today with gift cards.", "irs"),
    ("The CBSA officer on the phone said a parcel in my name held drugs and I would be arrested.", "cbsa"),
    ("I received an email that my Norton subscription had renewed for $399 and to call to cancel.", "norton"),
    ("A Geek Squad invoice came by e-mail for a renewal I never ordered.", "best_buy"),
    ("A Zelle payment was supposedly blocked and they asked me to send it again.", "zelle"),
    ("My dad got a call from 'Amazon' about a Prime membership renewal of $139.", "amazon"),
    ("The hotel messaged me on Booking.com asking me to re-enter my card within 12 hours.", "booking_com"),
    ("今天收到自稱中華郵政的簡訊，說我的包裹地址不完整無法投遞。", "chunghwa_post"),
    ("收到香港郵政的短訊，說郵件被海關扣留，要付款才能派遞。", "hongkong_post"),
    ("有人冒充黑貓宅急便打電話，說包裹配送異常要我加LINE。", "tcat"),
    ("說是7-ELEVEN交貨便的包裹有異常，要我重新驗證身分。", "seven_eleven_tw"),
    ("自稱蝦皮客服的人說我的帳號被盜，要幫我解除分期。", "shopee"),
    ("對方說是中國信託的客服，說我刷卡異常要取消交易。", "ctbc"),
    ("接到國泰世華的電話，說我的信用卡被盜刷。", "cathay_united"),
    ("我在momo買的東西，momo客服打來說系統錯誤重複扣款。", "momo"),
    ("在旋轉拍賣賣東西，買家說他付款了要我去驗證帳戶。", "carousell"),
    ("收到匯豐銀行的短訊說戶口被凍結，要按連結重新登入。", "hsbc"),
    ("I got a text saying I owe an unpaid E-ZPass toll of $4.15 and must pay today.", "ezpass"),
    ("A caller from TRAI said my number would be disconnected in two hours.", "trai"),
    ("After NAB’s fraud team called, I moved my savings as they said.", "nab"),
    ("他說是國泰航空的客服，航班取消了要幫我退款。", "cathay_pacific"),
    ("The DVLA email said I was due a vehicle tax refund and to click the link.", "dvla"),
]

# Ordinary sentences that hold a word shared with an organisation's name: no organisation.
ORDINARY = [
    "The kids love to chase the ball around the park.",
    "We will chase up the invoice with the supplier tomorrow.",
    "Citizens of the city voted on Tuesday.",
    "I went to the post office to post a letter to my aunt.",
    "Life has its ups and downs, and the follow-ups take time.",
    "He is a prime example of a careful driver.",
    "Edward Norton is an actor in that film.",
    "That bike was the best buy of the year.",
    "I had momo dumplings for lunch.",
    "虾皮炒鸡蛋很好吃。",
    "周末全家一起去吃饭，全家都很开心。",
    "我在黑猫投诉上投诉了这个商家。",
    "买了一盒花旗参送给妈妈。",
    "The Halifax Explosion happened in 1917.",
    "Police nab two men over a phone scam.",
    "恒生指数今天上涨了百分之二。",
]


@pytest.mark.parametrize("text,org", ACCOUNTS)
def test_claimed_organisation_found(analyzer, text, org):
    result = analyzer.analyze(text)
    assert result.org is not None, text
    assert result.org.id == org


@pytest.mark.parametrize("text", ORDINARY)
def test_no_organisation_in_ordinary_sentences(analyzer, text):
    assert analyzer.analyze(text).entities["orgs"] == []


def test_new_organisations_carry_domains_with_a_source(kb):
    added = [o for o in kb.organisations.values() if o.country not in ("CN",)]
    assert len(added) >= 50
    for org in added:
        assert org.domains or org.notes, org.id  # no domain only with a note saying where its pages are
        assert not org.domains or org.domain_source, org.id
        for h in org.hotlines:
            assert h.sources and h.confidence in ("high", "medium"), org.id


@pytest.mark.parametrize(
    "host,org",
    [
        ("www.evri.com", "evri"),
        ("www.chase.com", "chase"),
        ("www.post.gov.tw", "chunghwa_post"),
        ("www.hongkongpost.hk", "hongkong_post"),
        ("www.nzpost.co.nz", "nz_post"),
        ("auspost.com.au", "australia_post"),
        ("cbsa-asfc.gc.ca", "cbsa"),
        ("www.dbs.com.sg", "dbs"),
        ("www.ctbcbank.com", "ctbc"),
        ("www.gov.uk", "hmrc"),
        ("www.irs.gov", "irs"),
    ],
)
def test_official_link_recognised(kb, host, org):
    verdict = LinkChecker(kb).check(host)
    assert (verdict.status, verdict.org) == ("official", org)


@pytest.mark.parametrize(
    "host,org",
    [
        ("evri-redelivery-fee.com", "evri"),
        ("myevri-package.web.app", "evri"),
        ("chase-secure-login.top", "chase"),
        ("hmrc-tax-refund.info", "hmrc"),
        ("irs-refund.net", "irs"),
        ("auspost-track.info", "australia_post"),
        ("nzpost-redelivery.co.nz", "nz_post"),
        ("singpost.sg-parcel.top", "singpost"),
        ("7-11-tw.top", "seven_eleven_tw"),
        ("wellsfargo-alert.com", "wells_fargo"),
        ("ezpass-toll-pay.com", "ezpass"),
        ("trai-kyc-update.com", "trai"),
    ],
)
def test_lookalike_link_flagged(kb, host, org):
    verdict = LinkChecker(kb).check(host)
    assert verdict.status in ("brand_in_domain", "lookalike")
    assert verdict.org == org


@pytest.mark.parametrize(
    "host",
    [
        "purchase.example.com",  # holds "chase"
        "groups.example.org",  # holds "ups"
        "pineapple-recipes.com",  # holds "apple"
        "citizensadvice.org.uk",  # holds "citi"
        "firstdirect.com",  # holds "irs"
        "shop.co.nz",  # one letter from nothing official, two from "shopee"
        "kiwi-garden.co.nz",  # any .co.nz site is not NZ Post's
        "cashback-deals.com",  # cash.app's label is an ordinary word
        "trailhead-training.com",  # holds "trai"
        "line-dance-club.org",  # "line" is a word, one letter from "live"
    ],
)
def test_ordinary_hosts_are_not_brands(kb, host):
    assert LinkChecker(kb).check(host).status == "unknown"


def test_country_suffixes_register_below_them():
    assert registered_domain("www.nzpost.co.nz") == "nzpost.co.nz"
    assert registered_domain("www.dbs.com.sg") == "dbs.com.sg"
    assert registered_domain("www.post.gov.tw") == "post.gov.tw"
    assert registered_domain("www.ato.gov.au") == "ato.gov.au"
    assert registered_domain("www.cbsa-asfc.gc.ca") == "cbsa-asfc.gc.ca"


def _evidence(result) -> list[str]:
    """Every quoted span the analysis rests on, in scripts and red flags."""
    return [e.text for m in result.scripts for e in m.evidence] + [e.text for e in result.red_flags]


def test_lookalike_link_raises_the_risk(analyzer):
    text = "Evri: we missed you today. Pay the £1.45 redelivery fee at {} or it goes back."
    with_lookalike = analyzer.analyze(text.format("evri-parcel-redelivery.com"))
    link = with_lookalike.entities["links"][0]
    assert (link.kind, link.detail["org"]) == ("brand_in_domain", "evri")
    assert "evri-parcel-redelivery.com" in _evidence(with_lookalike)
    assert with_lookalike.verdict != "no_scam_signs"
    assert with_lookalike.risk > analyzer.analyze(text.format("the depot")).risk


def test_official_link_is_not_evidence(analyzer):
    text = "Evri: your parcel from Argos will arrive tomorrow between 10:00 and 14:00. Track it at https://www.evri.com/track"
    result = analyzer.analyze(text)
    assert result.org.id == "evri"
    assert result.entities["links"][0].kind == "official"
    link_evidence = [e for m in result.scripts for e in m.evidence if e.indicator == analyzer.link_indicator.id]
    assert link_evidence == []


def test_unofficial_link_for_the_claimed_bank_is_noted(analyzer):
    result = analyzer.analyze("Chase fraud alert: confirm the payment at secure-verify-payments.com now.")
    assert result.org.id == "chase"
    assert result.entities["links"][0].kind == "not_official_for_claimed"


@pytest.mark.parametrize(
    "text,lang,expect",
    [
        ("Got a text from Evri: pay a £1.45 redelivery fee at evri-redelivery-uk.com today.", "en", "evri.com"),
        ("A man from Chase fraud department said to move my savings to a safe account by Zelle.", "en", "chase.com"),
        ("今天收到自稱中華郵政的簡訊，說包裹地址不完整，要點連結補繳運費。", "zh", "0800-700-365"),
    ],
)
def test_reply_says_how_to_verify_with_the_organisation(kb, analyzer, text, lang, expect):
    result = analyzer.analyze(text)
    lines = "\n".join(verify_lines(kb.organisations[result.org.id], lang))
    assert expect in lines


@pytest.mark.parametrize(
    "text,expect",
    [
        (
            "Someone called saying they were from Chase fraud department, my account was compromised "
            "and I had to move my savings to a new safe account by Zelle.",
            ["How to verify (Chase", "chase.com"],
        ),
        (
            "Got a text from Evri saying my parcel could not be delivered and I must pay a £1.45 "
            "redelivery fee at evri-redelivery-uk.com today.",
            ["How to verify (Evri", "evri.com", "evri-redelivery-uk.com"],
        ),
        # a Traditional writer gets the answer in Traditional characters (issue 18)
        ("收到中華郵政簡訊說包裹地址不完整，要點連結補填資料", ["中華郵政", "0800-700-365", "post.gov.tw"]),
    ],
)
def test_terminal_check_names_the_official_channel(text, expect):
    from click.testing import CliRunner

    from bot.cli import main

    result = CliRunner().invoke(main, ["check", text])
    assert result.exit_code == 0, result.output
    for part in expect:
        assert part in result.output


@pytest.mark.parametrize(
    "raw,region,org",
    [("0800-700-365", "TW", "chunghwa_post"), ("2921 2222", "HK", "hongkong_post"), ("02-2769-5000", "TW", "ctbc")],
)
def test_hotline_read_as_dialled_in_its_country(kb, raw, region, org):
    from nlu.phones import NumberIntel, parse_number

    facts = NumberIntel(kb, "CN").facts(parse_number(raw, region), org)
    assert facts.official["org"] == org
    assert "official_match" in [s.id for s in facts.signals]


@pytest.mark.parametrize(
    "host", ["wa.me", "api.whatsapp.com", "chat.whatsapp.com", "t.me", "line.me", "m.me", "lin.ee"]
)
def test_a_messengers_chat_links_are_chats_not_look_alike_sites(kb, host):
    assert LinkChecker(kb).check(host).status == "messenger_chat"


@pytest.mark.parametrize(
    "claim",
    [
        "Hi, Amazon customer support here, for your refund message us at",
        "顺丰理赔专员：包裹丢失的赔偿请联系",
        "蝦皮客服：訂單異常請加",
    ],
)
@pytest.mark.parametrize(
    "link", ["https://wa.me/6581234567", "https://t.me/refund_desk", "https://line.me/ti/p/abc123"]
)
def test_a_company_sending_a_chat_link_moves_you_off_the_platform_and_imitates_nothing(analyzer, claim, link):
    result = analyzer.analyze(f"{claim} {link}")
    found = {e.indicator for m in result.scripts for e in m.evidence} | {f.indicator for f in result.red_flags}
    assert "red_flag.cs_offplatform" in found and "phishing_link.lookalike_domain" not in found
    assert [m.kind for m in result.entities["links"]] == ["messenger_chat"]


@pytest.mark.parametrize(
    "text",
    [
        "Join our running club group here https://chat.whatsapp.com/Hk2P9 see you Saturday",
        "我们班级群的链接 https://t.me/class3b 大家进来",
    ],
)
def test_a_chat_link_from_no_company_is_only_described(analyzer, text):
    result = analyzer.analyze(text)
    found = {e.indicator for m in result.scripts for e in m.evidence} | {f.indicator for f in result.red_flags}
    assert not found & {"red_flag.cs_offplatform", "phishing_link.lookalike_domain"}
