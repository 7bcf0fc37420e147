"""The operator console's caller region: "auto" reads it from the account as `callcheck check` does.

A caller in London, Hong Kong, Taipei, Singapore or the US must hear their own police and anti-fraud
line, in the whole sheet (what to read out, the official channels, the emergency checklist), never the
mainland's 110 / 96110; Chinese is written as Hong Kong or Taiwan write it. The operator's own
choice in the menu wins, and the sheet follows it too. The accounts were written for these tests.
"""

from __future__ import annotations

import re

import pytest
from web_support import Web

from bot.conversation.emergency import region_of_check
from bot.services.roles import Roles
from bot.store.operators import Operators

PASSWORD = "a long enough password"

# (account as an operator types it, the region it tells)
ACCOUNTS = [
    ("Caller's uncle got a call from the 'NatWest fraud team' and moved £2,750 to a holding account at lunch", "GB"),
    ("Caller says a 'Halifax security officer' phoned, her dad sent them £900 by bank transfer", "GB"),
    ("來電者話佢阿媽俾個自稱順豐職員嘅人叫佢用轉數快過咗$7,500，之後電話就斷咗", "HK"),
    ("來電人話佢老公收到自稱HKTVmall客服嘅電話，叫佢過數做退款，已經過咗$3,200", "HK"),
    ("來電者說她阿嬤接到自稱蝦皮客服的電話，要她去ATM解除分期付款，已經轉了一萬二", "TW"),
    ("來電者說他爸爸被自稱中華郵政的人騙，用網路銀行轉了新台幣三萬", "TW"),
    ("caller says her son got a call from 'DBS' and sent S$1,500 by PayNow to a stranger's number", "SG"),
    ("caller's mum bought $400 of Apple gift cards for 'Microsoft support' and read them the codes", "US"),
]
MAINLAND = re.compile(r"(?<!\d)(?:110|96110)(?!\d)")
# Characters only Simplified Chinese writes (Hong Kong and Taiwan write 這 說 們 為…).
SIMPLIFIED = set("这说们为时对过还进问报证给钱银转账码话挂诈骗关闭开")


def _reach(contact) -> str:
    return contact.number or contact.url.removeprefix("https://")


@pytest.fixture(scope="module")
def console(tmp_path_factory, kb):
    web = Web(tmp_path_factory.mktemp("console-region"), kb, analysis_budget_ms=60_000)
    Operators(web.app.store).add("alice", PASSWORD)
    Roles(web.app.store, ("cli:admin",)).grant("cli:admin", "op:alice", "operator")
    page = web.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    web.client.post("/console/login", data={"login": "alice", "password": PASSWORD, "prelogin": token})
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', web.client.get("/console").text).group(1)
    yield web, csrf
    web.close()


def _sheet(console, text: str, region: str = "") -> tuple[str, str]:
    web, csrf = console
    r = web.client.post("/console/analyze", data={"text": text, "region": region}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    return r.text, re.search(r'data-region="([^"]*)"', r.text).group(1)


def _part(html: str, ident: str) -> str:
    m = re.search(rf'<ul id="{ident}">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", m.group(1)) if m else ""


def _checklist(console, region: str, lang: str) -> str:
    web, csrf = console
    data = {"given": "money", "region": region, "lang": lang}
    r = web.client.post("/console/checklist", data=data, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    return re.sub(r"<[^>]+>", " ", r.text)


@pytest.mark.parametrize("text,region", ACCOUNTS)
def test_auto_region_is_the_one_the_check_reads(console, kb, analyzer, text, region):
    html, found = _sheet(console, text)
    analysis = analyzer.analyze(text)
    lang = "en" if analysis.lang == "en" else "zh"
    assert found == region == region_of_check(kb, analysis, text, lang=lang).region.id
    own = kb.regions[region]
    said = _part(html, "say") + _part(html, "official")
    assert "96110" not in said
    assert region == "TW" or not MAINLAND.search(said)  # (Taiwan's own police line is 110 too)
    # the emergency checklist the page opens with the detected region: the region's own line
    steps = _checklist(console, found, lang)
    assert any(_reach(c) in steps for c in own.by_role("police", "anti_fraud", "report"))
    assert "96110" not in steps
    if lang == "zh" and region in ("HK", "TW"):
        for block in (_part(html, "say"), _part(html, "official"), steps):
            assert not SIMPLIFIED & set(block), block  # written as Hong Kong / Taiwan write it


@pytest.mark.parametrize("chosen", ["GB", "HK", "US"])
def test_the_operators_choice_changes_the_whole_sheet(console, kb, chosen):
    text = "我妈接到自称京东客服的电话，说要关闭白条，不关影响征信，让她转账到安全账户"
    auto, found = _sheet(console, text)
    assert found == "CN" and "96110" in _part(auto, "say") + _part(auto, "official")
    html, found = _sheet(console, text, chosen)
    assert found == chosen
    said = _part(html, "say") + _part(html, "official")
    assert "96110" not in said and not MAINLAND.search(said)
    own = [_reach(c) for c in kb.regions[chosen].by_role("police", "anti_fraud", "report")]
    assert any(n in said for n in own), said


def test_the_sheet_names_the_region_it_used_and_why(console):
    html, found = _sheet(console, ACCOUNTS[0][0])
    assert found == "GB"
    line = re.sub(r"<[^>]+>", "", re.search(r'<p class="region-for".*?</p>', html, re.S).group(0))
    assert "UK" in line and "(" in line
