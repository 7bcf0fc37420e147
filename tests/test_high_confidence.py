"""An official number is "high" confidence only on the organisation's own page or a government's.

Blogs, news reposts, scraped phone lists, code on GitHub and decompiled apps may agree and still be
copied from one another: they make a number "medium" at most. `kb validate` (the loader) refuses
"high" without one source of the organisation's own or of a government or regulator; a volunteer
proposing "high" on another source is told so; the review page and `/v1/official` say the rule
(trial 5, 2.15).
"""

from __future__ import annotations

import itertools
import re
import shutil

import pytest
import yaml
from test_web_review import PASSWORD, login
from web_support import Web

from bot.app import App, Settings
from bot.services.review import ReviewError
from bot.services.roles import Roles
from bot.store.operators import Operators
from knowledge.errors import KnowledgeError
from knowledge.loader import default_root, load_knowledge
from knowledge.sources import help_line_hosts, official_source

DOMAINS = ("alipay.com", "antgroup.com")

# Sources that are not the organisation's own word, written the ways the knowledge files write them.
NOT_OFFICIAL_HOSTS = [
    "www.xiaoyuxitong.com/windows10/186203.html",
    "blog.csdn.net/someone/article/details/1234",
    "github.com/someone/lists/blob/main/phones.js",
    "alipay-help-center.com/contact",  # carries the name, is not the domain
    "alipay.com.service-desk.cn/contact",  # the domain as a subdomain of another
    "notalipay.com/help",
    "zhidao.baidu.com/question/1234.html",
    "gov-helplines.example.com/alipay",  # "gov" inside a label, not a label of its own
]
NOT_OFFICIAL_PLAIN = [
    "code: decompiled Alipay Android app dials tel:95188",
    "yinchengnuo/templateWxappUniapp (电话号大全)",
    "plus >=7 independent code lists",
]
OFFICIAL_HOSTS = [
    "www.alipay.com/help/contact",
    "cshall.alipay.com/lab/help_detail.htm",
    "render.antgroup.com/p/contact",
    "www.mps.gov.cn/n2254098/n4904352/c1234/content.html",
    "www.gov.cn/zhengce/2026-01/01/content.htm",
    "www.adcc.gov.hk/zh-hk/home.html",
    "www.actionfraud.police.uk/contact",
    "reportfraud.ftc.gov/#/",
    "www.police.govt.nz/use-105",
    "antifraudcentre-centreantifraude.ca/report-signaler-eng.htm",  # a region's official help line
]
WRITTEN = ["https://{h}", "pages: https://{h}", "https://{h} (官方客服 95188, 7x24)", "pages: http://{h} (checked)"]


@pytest.fixture(scope="module")
def hosts(kb):
    return help_line_hosts(kb.regions)


@pytest.mark.parametrize("host, form", list(itertools.product(NOT_OFFICIAL_HOSTS, WRITTEN)))
def test_a_page_off_the_organisations_domains_and_no_governments_is_not_official(hosts, host, form):
    assert not official_source(form.format(h=host), DOMAINS, hosts)


@pytest.mark.parametrize("source", NOT_OFFICIAL_PLAIN)
def test_code_apps_and_named_lists_are_not_official(hosts, source):
    assert not official_source(source, DOMAINS, hosts)


@pytest.mark.parametrize("host, form", list(itertools.product(OFFICIAL_HOSTS, WRITTEN)))
def test_the_organisations_own_pages_and_governments_are_official(hosts, host, form):
    assert official_source(form.format(h=host), DOMAINS, hosts)


def test_every_shipped_high_number_rests_on_an_official_source(kb, hosts):
    high = [(o.id, h) for o in kb.organisations.values() for h in o.hotlines if h.confidence == "high"]
    bad = [
        (oid, h.number)
        for oid, h in high
        if not any(official_source(s, kb.organisations[oid].all_domains, hosts) for s in h.sources)
    ]
    assert not bad, bad
    alipay = next(h for h in kb.organisations["alipay"].hotlines if h.number == "95188")
    assert alipay.confidence == "medium" and alipay.usable  # still given, no longer "well sourced"


def _knowledge_with(tmp_path, org_id: str, sources: list[str]):
    root = tmp_path / "k"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = root / "official" / "organisations.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    org = next(o for o in data["organisations"] if o["id"] == org_id)
    org["hotlines"][0].update({"confidence": "high", "sources": sources})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "org, sources, ok",
    [
        ("sf_express", ["GitHub: someone/phones/电话号大全.js", "https://www.example-blog.cn/sf.html"], False),
        ("alipay", ["code: decompiled Alipay Android app"], False),
        ("sf_express", ["pages: https://www.sf-express.com/chn/sc/contact (95338)"], True),
        ("police_110", ["https://www.mps.gov.cn/n2254314/c1.html"], True),
    ],
)
def test_kb_validate_refuses_high_without_an_official_source(tmp_path, org, sources, ok, monkeypatch):
    monkeypatch.setenv("CALLCHECK_CACHE", "off")
    root = _knowledge_with(tmp_path, org, sources)
    if ok:
        load_knowledge(root)
        return
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(root)
    assert any("'high'" in str(p) and "confidence: medium" in str(p) for p in exc.value.problems)


@pytest.fixture
def app(tmp_path, monkeypatch, kb):
    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    made = App(Settings(db_path=tmp_path / "cc.db", admins=("cli:admin",)))
    made.roles.grant("cli:admin", "cli:alice", "volunteer")
    yield made
    made.close()


@pytest.mark.parametrize(
    "source",
    [
        "https://www.uk-parcel-numbers.co.uk/couriers",
        "https://github.com/someone/uk-phones/blob/main/couriers.md",
        "Decompiled courier app 2026-11-30, class ContactActivity",
    ],
)
def test_a_volunteer_proposing_high_on_another_source_is_told_the_rule(app, source):
    with pytest.raises(ReviewError) as exc:
        app.review.propose(
            "cli:alice", "hotline", "evri", {"number": "0330 808 5456", "confidence": "high"}, source, "seen"
        )
    assert "own site" in str(exc.value) and "medium" in str(exc.value)
    aid, _ = app.review.propose(
        "cli:alice", "hotline", "evri", {"number": "0330 808 5456", "confidence": "medium"}, source, "seen"
    )
    assert aid


def test_the_api_and_the_review_page_say_what_high_means(tmp_path, monkeypatch, kb):
    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    w = Web(tmp_path, kb)
    try:
        r = w.client.get("/v1/official", params={"org": "alipay"}, headers={"Authorization": f"Bearer {w.key()}"})
        body = r.json()
        assert (
            "own site" in body["confidence_rule"]
            or "官网" in body["confidence_rule"]
            or "网站" in body["confidence_rule"]
        )
        line = next(h for h in body["hotlines"] if h["number"] == "95188")
        assert line["confidence"] != "high" and not any(line["official_sources"])
        assert not any("well sourced" in x for x in body["lines"])
        Operators(w.app.store).add("vera", PASSWORD)
        Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "op:vera", "volunteer")
        login(w, "vera")
        page = w.client.get("/console/review").text
        rule = re.search(r'id="confidence-rule">(.*?)</p>', page, re.S).group(1)
        assert "own site" in rule and "government" in rule and "GitHub" in rule
    finally:
        w.close()
