"""Properties: the analyzer never raises and its spans always index the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PIECES = [
    "客服",
    "快递丢了",
    "三倍赔偿",
    "借呗",
    "验证码",
    "共享屏幕",
    "www.taobao.com",
    "a1ipay.cn",
    "+86 138 0013 8000",
    "95188",
    "５０００元",
    "卡單",
    " ",
    "\u200b",
    "\n",
    "refund",
    "gift card",
]
text_strategy = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(PIECES)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=text_strategy)
def test_never_raises_and_spans_index_input(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict in ("scam", "suspicious", "warning", "matches_genuine", "no_scam_signs")
    assert 0.0 <= result.risk <= 1.0
    for match in result.scripts:
        for e in match.evidence:
            assert 0 <= e.start <= e.end <= len(text)
            assert text[e.start : e.end] == e.text
    for mentions in result.entities.values():
        for m in mentions:
            assert text[m.start : m.end] == m.text
