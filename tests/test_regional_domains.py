"""Regional domains of the big platforms, posts and couriers (knowledge/official/organisations.yml).

A genuine notice from a company's own country site (shopee.com.my, amazon.in, lazada.sg, pos.com.my)
is what people in Singapore, Malaysia and India forward to check: it must never be called a fake
("puts Amazon's name inside another domain", "imitates the Canada Revenue Agency"). Look-alikes built
on the same names must still be scams. The matrix below crosses each organisation's real country
domains with notices of the kind it sends, and with the look-alike shapes scammers register. The
sentences were written for these tests.
"""

from __future__ import annotations

import itertools

import pytest

from knowledge.loader import country_tld
from nlu.entities import find_links, find_phones
from nlu.links import LinkChecker
from nlu.normalize import normalize

# organisation -> (kind of notice it sends, its name in a notice, its real domains in the regions served)
REAL = {
    "amazon": ("shop", "Amazon", ["amazon.sg", "amazon.in", "amazon.com.au", "amazon.co.uk", "amazon.com"]),
    "shopee": ("shop", "Shopee", ["shopee.sg", "shopee.com.my", "shopee.ph", "shopee.tw"]),
    "lazada": ("shop", "Lazada", ["lazada.sg", "lazada.com.my", "lazada.com.ph", "lazada.co.th"]),
    "flipkart": ("shop", "Flipkart", ["flipkart.com"]),
    "jt_express": ("courier", "J&T Express", ["jtexpress.my", "jtexpress.sg", "jtexpress.ph"]),
    "pos_malaysia": ("courier", "Pos Malaysia", ["pos.com.my"]),
    "ninja_van": ("courier", "Ninja Van", ["ninjavan.co"]),
    "australia_post": ("courier", "Australia Post", ["auspost.com.au"]),
    "singpost": ("courier", "SingPost", ["singpost.com"]),
    "hongkong_post": ("courier", "Hongkong Post", ["hongkongpost.hk"]),
    "maybank": ("bank", "Maybank", ["maybank2u.com.my"]),
}

# How each kind of organisation really writes: an update that asks for nothing. `{host}` is written
# as people see it: a full address, a "www." one, or a bare host closing the sentence.
GENUINE = {
    "shop": [
        "{name}: your order has been packed and should reach you on Thursday. Details: https://www.{host}/orders",
        "Thanks for shopping with {name}! Your receipt is in your account at https://{host}/account",
        "{name} order confirmed, it will be with you in 3 to 5 days. You can follow it at {host}",
    ],
    "courier": [
        "{name}: your item is out for delivery today between 2pm and 6pm. Follow it on https://www.{host}/track",
        "{name} update - the parcel was left at your door at 11:40. Proof of delivery: https://{host}/pod",
        "{name}: we delivered your parcel to the locker at your block, see {host}",
    ],
    "bank": [
        "{name}: your new debit card has been posted to your home address. Activate it in the app or at https://www.{host}",
        "{name}: your monthly statement is ready. Log in yourself at {host}",
    ],
}

# Country codes that are also words after a missing space ("tell.my mum"): a bare host ending in
# one directly is not read as a link ("lazada.com.my" and "https://jtexpress.my" are).
WORD_CODES = {"my", "ph", "id"}

# The shapes scammers register around a real name (label: the real domain's first part; cc: a country).
LOOKALIKES = ["{label}-{cc}.help", "{label}.{cc}-refund.com", "{label}-{cc}.top", "www.{label}{cc}-support.com"]
SCAM = {
    "shop": "{name}: your refund of $48.90 failed. Re-enter your card within 24 hours at https://{host}/refund",
    "courier": "{name}: your parcel is held for an unpaid fee of $2.99. Pay within 24 hours at https://{host}/pay",
    "bank": "{name}: your account is suspended. Verify your card and OTP now at https://{host}/login",
}


def _genuine_cases():
    for org, (kind, name, hosts) in REAL.items():
        for host, wording in itertools.product(hosts, GENUINE[kind]):
            yield pytest.param(
                org, host, wording.format(name=name, host=host), id=f"{org}-{host}-{GENUINE[kind].index(wording)}"
            )


def _scam_cases():
    for org, (kind, name, hosts) in REAL.items():
        host = hosts[0]
        label, cc = host.split(".")[0], host.rsplit(".", 1)[1]
        if len(label) < 4:  # "pos" is an ordinary word: scammers write the full name (posmalaysia-…)
            label = name.lower().replace(" ", "")
        cc = "my" if cc in ("com", "co") else cc
        for shape in LOOKALIKES:
            fake = shape.format(label=label, cc=cc)
            yield pytest.param(org, fake, SCAM[kind].format(name=name, host=fake), id=f"{org}-{fake}")


@pytest.fixture(scope="module")
def checker(kb):
    return LinkChecker(kb)


@pytest.mark.parametrize("org,host,text", list(_genuine_cases()))
def test_genuine_notice_from_a_real_country_domain_is_not_flagged(analyzer, checker, org, host, text):
    assert checker.check(host).status == "official"
    assert checker.check(host).org == org
    result = analyzer.analyze(text)
    links = [(x.id, x.kind) for x in result.entities["links"]]
    bare = f"/{host}" not in text and f".{host}" not in text
    if bare and host.count(".") == 1 and host.rsplit(".", 1)[1] in WORD_CODES:
        assert links == []  # a bare "jtexpress.my" reads like "tell.my mum": no link, and no warning
    else:
        assert links == [(host, "official")], links  # the full host, its country suffix kept
    assert result.verdict not in ("scam", "suspicious"), (result.verdict, result.risk)


@pytest.mark.parametrize("org,host,text", list(_scam_cases()))
def test_lookalike_of_a_real_country_domain_stays_a_scam(analyzer, checker, org, host, text):
    verdict = checker.check(host.removeprefix("www."))
    assert verdict.status in ("brand_in_domain", "lookalike")
    assert verdict.org == org
    result = analyzer.analyze(text)
    assert result.verdict == "scam", (result.verdict, result.risk)


def test_every_regional_domain_is_official_and_under_its_country(kb, checker):
    seen = 0
    for org in kb.organisations.values():
        for cc, hosts in org.regional_domains:
            for host in hosts:
                assert host.endswith("." + country_tld(cc))
                assert checker.check(host) == checker.check("www." + host)
                assert (checker.check(host).status, checker.check(host).org) == ("official", org.id), host
                seen += 1
    assert seen >= 30


@pytest.mark.parametrize(
    "host,imitated",
    [
        ("lazada.com.my", "lazada"),  # two letters from canada.ca: read as Lazada's, never the CRA's
        ("kanada-tax.com", None),  # not a look-alike of anything by a first letter changed twice
        ("arnazon.com", "amazon"),  # "rn" reads as "m"
        ("amazom.com", "amazon"),
        ("shopeee.com", "shopee"),
    ],
)
def test_lookalike_distance_reads_as_the_eye_does(checker, host, imitated):
    verdict = checker.check(host)
    if imitated is None:
        assert verdict.status == "unknown", verdict
    else:
        assert verdict.org == imitated, verdict


def test_regional_domain_outside_its_country_is_refused(tmp_path):
    from knowledge.errors import KnowledgeError
    from knowledge.loader import load_knowledge

    root = tmp_path / "kb"
    import shutil

    from knowledge.loader import default_root

    shutil.copytree(default_root(), root)
    orgs = root / "official" / "organisations.yml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace("MY: [shopee.com.my]", "MY: [shopee.sg]"), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"not under \.my"):
        load_knowledge(root)


@pytest.mark.parametrize(
    "text",
    [
        "Your Amazon order #403-1234567 has shipped and arrives Friday.",
        "Flipkart: order 4031234567 is out for delivery today.",
        "Ninja Van: tracking number 81234567 was delivered at 10:02.",
        "Booking ref: 61298765432, see you on the 14th.",
        "您的訂單號：0912345678 已出貨",
    ],
)
def test_order_number_is_not_a_phone_number(text):
    assert find_phones(normalize(text), "SG") == []


def test_number_to_call_beside_an_order_number_is_still_read():
    text = "About order #403-1234567, call Pos Malaysia on 1300 300 300."
    phones = find_phones(normalize(text), "MY")
    assert len(phones) == 1 and phones[0].text == "1300 300 300"


@pytest.mark.parametrize("host", ["auspost.com.au", "lazada.com.my", "shopee.co.id", "pos.com.my", "lazada.co.th"])
def test_bare_host_keeps_its_country_suffix(host):
    text = f"Collect it from your Parcel Locker by Friday. {host}."
    assert [m.id for m in find_links(normalize(text))] == [host]


@pytest.mark.parametrize("typo", ["tell.my mum", "kiss.my hand", "24 hours.ph 0917", "your ref.id is", "love.my dear"])
def test_a_missing_space_before_a_word_is_no_link(typo):
    assert find_links(normalize(f"ok {typo} later")) == []


def test_someone_in_a_region_is_shown_its_own_site_first(kb):
    from bot.conversation.emergency import RegionChoice
    from bot.conversation.report import verify_lines

    lines = verify_lines(kb.organisations["shopee"], "en", RegionChoice(kb.regions["MY"], "setting"), kb)
    domains = next(x for x in lines if "shopee." in x).split(": ", 1)[1].split(", ")
    assert domains[0] == "shopee.com.my" and "shopee.com" in domains and "shopee.sg" not in domains
