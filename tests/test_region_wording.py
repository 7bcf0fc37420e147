"""Advice said the region's way: WeChat/QQ and "after-sales" are the mainland's words.

Police alerts for Taipei, Hong Kong or London, and replies to people there, say LINE or WhatsApp,
and Hong Kong's and Taiwan's subscribers read Traditional characters. An officer finds Taiwan's
"解除分期付款" script by the name they would type, and is told "no such type" in the language they
typed. The matrix crosses every script with the regions served and both languages.
"""

from __future__ import annotations

import re

import pytest

from bot.conversation.emergency import RegionChoice
from bot.services.alerts import AlertError, compose_from_script, resolve_script

MAINLAND_ONLY = re.compile(r"\bQQ\b|after-sales")
# Characters only Simplified Chinese writes (Hong Kong and Taiwan write 這 說 們 為…).
SIMPLIFIED = set("这说们为时对过还进问报证给钱银转账码话挂诈骗关闭开")
ALERT_REGIONS = ["TW-Taipei", "HK", "GB-London", "SG", "US", "AU", "MY"]


def _scripts(kb):
    return sorted(kb.scripts)


@pytest.mark.parametrize("region", ALERT_REGIONS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_alerts_outside_the_mainland_use_the_regions_words(kb, region, lang):
    for sid in _scripts(kb):
        body = compose_from_script(kb.scripts[sid], region, lang, kb)
        assert not MAINLAND_ONLY.search(body), (sid, MAINLAND_ONLY.search(body).group(0))
        if lang == "zh" and region[:2] in ("TW", "HK"):
            assert not SIMPLIFIED & set(body), (sid, sorted(SIMPLIFIED & set(body)))


def test_mainland_alerts_keep_the_mainlands_words(kb):
    body = compose_from_script(kb.scripts["refund_compensation"], "CN-GD-Shenzhen", "zh", kb)
    assert "微信/QQ" in body


@pytest.mark.parametrize("region", ["TW", "HK", "GB", "US", "SG", "AU", "MY", "IN"])
def test_the_reply_says_the_regions_chat_apps(kb, analyzer, region):
    from bot.conversation.report import compose_report

    text = {
        "TW": "自稱網購客服打來說我的包裹遺失要理賠，叫我加他好友處理退款",
        "HK": "有個自稱網購客服嘅人話我包裹唔見咗要賠償，叫我加佢好友處理退款",
    }.get(region, "someone from online shopping support rang to say my parcel was lost and they will compensate me")
    reply = compose_report(analyzer.analyze(text), kb, region=RegionChoice(kb.regions[region], "setting"), text=text)
    assert not MAINLAND_ONLY.search(reply), reply


@pytest.mark.parametrize(
    "typed", ["分期", "解除分期", "解除分期付款", "解除分期付款詐騙", "取消分期", "cancel instalments"]
)
def test_taiwans_instalment_script_by_the_name_an_officer_types(kb, typed):
    assert resolve_script(kb, typed, "en") == "cancel_membership"


@pytest.mark.parametrize(
    "typed,lang_words",
    [
        ("不存在的骗局", "诈骗类型"),
        ("植物大战僵尸", "诈骗类型"),
        ("wombat parade", "no scam type"),
        ("zzzz", "no scam type"),
    ],
)
def test_no_such_type_is_said_in_the_language_typed(kb, typed, lang_words):
    with pytest.raises(AlertError) as err:
        resolve_script(kb, typed, "en")  # an English-speaking officer's terminal, a Chinese word typed
    assert lang_words in str(err.value)
