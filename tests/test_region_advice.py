"""Advice fits the region and the script: a generated matrix of region x language x script x story.

Every reply a person can get (the check, the "already paid" line, the emergency steps, the
console's sections) names only the help of the region it is given for: no other region's places,
services, lenders or help numbers, and the mainland's loan-trap step ("every lending app used",
借贷平台) only where lending apps are a place of the region, or when the person said they borrowed.
Chinese replies to someone writing Traditional characters are Traditional throughout.
"""

from __future__ import annotations

import functools
import re

import pytest

from bot.conversation.emergency import RegionChoice, emergency_sections, foreign_terms, lends
from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.report import foreign_numbers
from bot.conversation.strings import in_script
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0
LENDING = re.compile(r"lending app|lending platform|借贷平台|借貸平台|借款平台", re.I)
# Apps and words of the mainland that advice elsewhere says the region's way (regions.yml `wording`).
MAINLAND_ONLY = re.compile(r"\bQQ\b|after-sales")
QUOTE = re.compile(r"^\s*-\s*[\"“]")  # "Why:" lines quote the person's own words

# Stories written for this test: who x pretext x demand, none of them naming a place.
STORIES = {
    "en": [
        "a delivery firm texted me that my parcel is waiting and I have to pay a 1.80 release fee on their page",
        "a man from my bank's fraud department phoned and said to move everything to a safe account today",
        "customer support called saying my subscription renews tonight unless I let them connect to my laptop",
    ],
    "zh": [
        "有人冒充快递客服打来，说包裹弄丢了要给我理赔，叫我下载会议软件开共享屏幕",
        "来电的人说我误开了会员每月扣费，要我把存款转到安全账户才能关闭",
        "对方自称银行客服，说我的卡有异常，让我把收到的验证码念给他",
    ],
}
SCRIPTS = {"en": [None], "zh": [None, "tw", "hk"]}


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("region") / "r.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def _problems(kb, region, line: str, loan_given: bool = False) -> list[str]:
    if QUOTE.match(line) or "/region" in line:  # the person's words; "/region 香港" is an example command
        return []
    found = [*foreign_terms(kb, region, line), *foreign_numbers(kb, region, line)]
    if not loan_given and not lends(kb, region) and (m := LENDING.search(line)):
        found.append(m.group(0))
    if region.id != "CN" and (m := MAINLAND_ONLY.search(line)):  # WeChat/QQ, "after-sales": the mainland's words
        found.append(m.group(0))
    return found


@functools.lru_cache(maxsize=2)
def _to_traditional(script: str):
    import opencc

    return opencc.OpenCC("s2hk" if script == "hk" else "s2tw")


@functools.lru_cache(maxsize=4096)
def _simplified(line: str, script: str) -> bool:
    """A line that still has simplified characters (the region's Traditional standard: 户 in Hong Kong)."""
    han = "".join(ch for ch in line if "\u4e00" <= ch <= "\u9fff")
    return bool(han) and _to_traditional(script).convert(han) != han


def _matrix():
    for lang, stories in STORIES.items():
        for script in SCRIPTS[lang]:
            for i in range(len(stories)):
                yield lang, script, i


@pytest.mark.parametrize("lang,script,story", list(_matrix()))
def test_every_regions_reply_names_only_its_own_help(kb, engine, lang, script, story):
    text = in_script(STORIES[lang][story], script)
    wrong = []
    for region in kb.regions.values():
        state = ChatState()
        state.region = region.id
        out = engine.handle(state, Incoming("text", text=text, now=NOW))
        body = "\n".join(r.text for r in out.replies)
        assert body.strip(), region.id
        wrong += [(region.id, p, line) for line in body.split("\n") for p in _problems(kb, region, line)]
        if script is not None:  # a Traditional writer reads Traditional, in the region's wording
            want = out.state.script
            assert want in ("tw", "hk"), (region.id, want)
            bad = [line for line in body.split("\n") if not QUOTE.match(line) and _simplified(line, want)]
            assert not bad, (region.id, bad[:3])
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_already_paid_line_has_the_lending_step_only_where_lending_apps_are(kb, engine, lang):
    """The line after the advice: the mainland gets its lenders; everyone else gets their bank's safe
    number (159 in the UK), and both get their own police or reporting line."""
    text = STORIES[lang][0]
    regions = list(kb.regions.values())
    assert any(lends(kb, r) for r in regions) and not all(lends(kb, r) for r in regions)
    for region in regions:
        state = ChatState()
        state.region = region.id
        body = "\n".join(r.text for r in engine.handle(state, Incoming("text", text=text, now=NOW)).replies)
        marker = "If you already paid" if lang == "en" else "如果已经转账"
        line = next(x for x in body.split("\n") if marker in x)
        assert bool(LENDING.search(line)) == lends(kb, region), (region.id, line)
        if not lends(kb, region):
            assert region.bank.get(lang) in line, (region.id, line)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", [["money"], ["code"], ["card"], ["remote"], ["loan"], []])
def test_console_sections_are_fitted_to_the_region(kb, lang, given):
    """The sections the console and the API lay out carry the same region-fitted steps as the chat."""
    for region in kb.regions.values():
        sections = emergency_sections(kb, RegionChoice(region, "setting"), given, lang)
        loan = "loan" in given or not given  # nothing known: every kind is shown, the loan one included
        for section in sections["sections"]:
            for line in section["steps"]:
                ok_loan = loan and section["id"] == "loan"
                assert not _problems(kb, region, line, ok_loan), (region.id, section["id"], line)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_operators_checklist_is_fitted_to_the_region_chosen(kb, lang):
    """The console's "already paid" checklist (hotline.yml) for a region the operator chose: that
    region's report line, nothing of another region's (the mainland's 110/96110, 借呗…)."""
    from bot.conversation.emergency import police_text
    from bot.services.hotline import paid_checklist

    options = [g.id for g in kb.paid_checklist.given]
    for region in kb.regions.values():
        for k in range(len(options) + 1):
            given = options[:k]
            cl = paid_checklist(kb, given, lang, region)
            steps = [(s["id"], line) for s in cl["sections"] for line in s["steps"]]
            assert any(police_text(region, lang) in line for _, line in steps), (region.id, given)
            for sid, line in steps:
                assert not _problems(kb, region, line, loan_given=sid == "loan"), (region.id, sid, line)
    unfitted = paid_checklist(kb, options, lang)  # no region chosen: as before
    assert unfitted["sections"][0]["steps"] == [s.get(lang) for s in kb.paid_checklist.first]
