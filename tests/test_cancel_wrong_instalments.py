"""Taiwan's 解除分期付款 told as "cancel the wrong instalments" (trial6 2.7): 取消錯誤的分期, 取消錯的分期,
撤銷誤設的分期付款 name the script, with who claims it × who is helped × where. Before: no script named.
"""

from __future__ import annotations

import itertools

import pytest

WHO = ["說是郵局的人", "自稱蝦皮客服", "网店客服说"]
ASK = ["要幫他取消錯誤的分期", "要教我取消錯的分期付款", "說要撤銷誤設的分期", "要帮我妈取消多余的分期"]
WHERE = ["叫他去ATM", "我現在該怎麼辦"]


@pytest.mark.parametrize("text", ["".join(x) for x in itertools.product(WHO, ASK, WHERE)][::2])
def test_cancelling_wrong_instalments_is_the_instalment_script(analyzer, text):
    got = analyzer.analyze(text)
    assert "cancel_membership" in [m.id for m in got.scripts[:2]] and got.verdict == "scam", (text, got.verdict)
