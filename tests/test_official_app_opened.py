"""Opening the courier's own app or mini-program oneself is the official channel (trial6 1.2).

"I opened SF's official mini-program and saw the same tax bill" is the person checking the right way: not
"you installed remote-control software", not a malicious file, no stop-the-loss screen. A mini-program is
never remote-control software, and opening an app is using it, not installing one. The scam twins (an app
they sent, a screen share they asked for, remote software installed) stay flagged and urgent.
Sentences written here.
"""

from __future__ import annotations

import itertools

import pytest

from bot.conversation.emergency import situation_for
from knowledge import load_knowledge
from nlu.analyzer import Analyzer

NOTICES_ZH = ["顺丰短信说我的海淘包裹要交进口税86元", "中通发短信说我的跨境包裹需要缴税52元"]
OPENED_ZH = [
    "我打开{b}官方小程序看到了同样的税单",
    "我自己点开{b}的小程序，看到一样的金额",
    "我在{b}官方App里看到了同样的税单",
    "我登录了{b}官网，查到了同一笔税费",
]
NOTICES_HANT = ["順豐短訊話我個包裹要交進口稅86蚊"]
OPENED_HANT = ["我打開{b}官方小程序睇到同樣嘅稅單", "我喺{b}官方App入面睇到一樣嘅稅單"]
BRANDS = {"顺丰": "顺丰", "中通": "中通", "順豐": "順豐"}

SCAM_TWINS = [
    "顺丰客服打电话说包裹要交税，让我下载他们发的APP，我已经装了",
    "中通来电说要退运费，叫我共享屏幕，我已经打开了屏幕共享",
    "快递客服让我下载向日葵，我已经下载了",
    "順豐客服打嚟叫我裝佢哋發嘅App，我已經裝咗",
]


def _opened():
    for notice, opened in itertools.product(NOTICES_ZH, OPENED_ZH):
        brand = "顺丰" if notice.startswith("顺丰") else "中通"
        yield f"{notice}，{opened.format(b=brand)}"
    for notice, opened in itertools.product(NOTICES_HANT, OPENED_HANT):
        yield f"{notice}，{opened.format(b='順豐')}"


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(load_knowledge(), wording=None, sms=None)


@pytest.mark.parametrize("text", list(_opened()))
def test_the_official_app_or_mini_program_opened_oneself_is_the_official_channel(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict in ("matches_genuine", "no_scam_signs"), (text, result.to_dict())
    assert not any(s.id == "malicious_file" for s in result.scripts), text
    situation = situation_for(analyzer.kb, text, result.verdict)
    assert "remote" not in situation.given and not situation.urgent, text


@pytest.mark.parametrize("text", SCAM_TWINS)
def test_an_app_or_screen_share_they_asked_for_stays_remote_and_urgent(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict in ("scam", "suspicious"), (text, result.to_dict())
    situation = situation_for(analyzer.kb, text, result.verdict)
    assert "remote" in situation.given and situation.urgent, text
