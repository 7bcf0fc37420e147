"""The wording model: training, storage, the licence rule, and when the analyzer may consult it."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from bot.cli import main
from nlu.analyzer import SUSPICIOUS_AT, Analyzer
from nlu.normalize import normalize
from nlu.wording import MODEL_PATH, WordingModel, features, train

# One cue (an account problem) and no demand: the rules alone stay below the warning line.
BORDERLINE = "您好，我们注意到您的账户存在异常，请您留意。"


def _loves(*texts: str) -> WordingModel:
    """A model that finds exactly these texts' wording scam-like."""
    weights = {f: 3.0 for t in texts for f in features(normalize(t).text)}
    return WordingModel(weights, threshold=1.0, meta={})


def test_shipped_model_loads_and_says_what_it_was_trained_on():
    model = WordingModel.load()
    assert model is not None, f"{MODEL_PATH} is missing; run 'callcheck model train'"
    assert model.meta["licence"].startswith("Apache-2.0")
    assert model.meta["scam_docs"] > 1000 and model.meta["everyday_docs"] > 1000
    assert len(model.weights) > 1000


def test_train_separates_the_two_kinds_of_wording():
    rows = [("请把验证码告诉我，马上转账到安全账户", True)] * 5 + [("明天下午三点开会，记得带电脑", False)] * 5
    model = train(rows, threshold=0.0, min_count=1)
    assert model.score(normalize("验证码转账安全账户").text) > 0 > model.score(normalize("开会带电脑").text)
    assert model.meta["scam_docs"] == 5 and model.meta["everyday_docs"] == 5


def test_train_needs_both_kinds():
    with pytest.raises(ValueError, match="both"):
        train([("只有一种", True)], threshold=0.0)


def test_save_is_deterministic_and_round_trips(tmp_path):
    model = train([("转账到安全账户", True), ("明天开会", False)] * 3, threshold=1.5, min_count=1)
    a, b = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    model.save(a)
    model.save(b)
    assert a.read_bytes() == b.read_bytes()
    again = WordingModel.load(a)
    assert again == model


def test_unknown_format_is_refused_with_a_fix(tmp_path):
    path = tmp_path / "m.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump({"format": 99, "threshold": 1, "weights": {}}, f)
    with pytest.raises(ValueError, match="retrain"):
        WordingModel.load(path)
    assert WordingModel.load(tmp_path / "absent.json.gz") is None


@pytest.mark.parametrize(
    "content", [b"", b"not gzip at all", gzip.compress(b"{not json", mtime=0), gzip.compress(b'{"format": 1}', mtime=0)]
)
def test_a_damaged_model_file_leaves_the_rules_working(kb, tmp_path, monkeypatch, caplog, content):
    import nlu.wording as wording

    path = tmp_path / "damaged.json.gz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="callcheck model train"):
        WordingModel.load(path)
    monkeypatch.setattr(wording, "MODEL_PATH", path)
    analyzer = Analyzer(kb)
    assert analyzer.wording is None
    assert "wording model not used" in caplog.text
    assert analyzer.analyze("我是淘宝客服，你的快递丢了，我们三倍赔偿，请下载腾讯会议共享屏幕").verdict == "scam"


def test_borderline_account_with_scam_wording_becomes_suspicious_never_scam(kb):
    rules_only = Analyzer(kb, wording=None).analyze(BORDERLINE)
    assert rules_only.verdict == "no_scam_signs" and rules_only.risk >= 0.2
    result = Analyzer(kb, wording=_loves(BORDERLINE)).analyze(BORDERLINE)
    assert result.verdict == "suspicious" and result.risk == max(rules_only.risk, SUSPICIOUS_AT)
    wording = [e for e in result.red_flags if e.indicator == "red_flag.scam_wording"]
    assert len(wording) == 1
    assert BORDERLINE[wording[0].start : wording[0].end] == wording[0].text
    assert wording[0].explain.zh and wording[0].explain.en


@pytest.mark.parametrize(
    "text",
    [
        "我们注意到今天天气很好，一起去公园吧。",  # no cue at all: wording alone never flags
        "顺丰快递员打电话说明天上午送货，问我家里有没有人。",  # narration: someone telling us about a call
        "对方说我们注意到您的账户存在异常，请尽快联系。",  # narration again
        "我们注意到您的账户存在异常，请尽快登录App处理。回T退订",  # an opt-out line mitigates
        "Hello, we noticed unusual activity on your account, please contact us soon.",  # English: not trained
    ],
)
def test_wording_is_not_consulted(kb, text):
    rules = Analyzer(kb, wording=None).analyze(text)
    result = Analyzer(kb, wording=_loves(text)).analyze(text)
    assert result.verdict == rules.verdict
    assert not any(e.indicator == "red_flag.scam_wording" for e in result.red_flags)


def test_cues_that_genuine_adverts_share_are_not_enough(kb):
    text = "夏季大促，点击链接查看详情。"
    ad_like = {i.id for i in kb.indicators() if i.common_in_ads}
    rules = Analyzer(kb, wording=None).analyze(text)
    cues = {e.indicator for m in rules.scripts for e in m.evidence} | {e.indicator for e in rules.red_flags}
    assert cues and cues <= ad_like
    assert Analyzer(kb, wording=_loves(text)).analyze(text).verdict == "no_scam_signs"


def test_model_train_uses_only_apache_rows(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"id": "a1", "text": "请把验证码告诉我", "label": "scam", "license": "Apache-2.0 (x)", "dup_cluster": "c1"},
        {"id": "a2", "text": "请把验证码告诉我。", "label": "scam", "license": "Apache-2.0 (x)", "dup_cluster": "c1"},
        {"id": "a3", "text": "明天开会", "label": "benign", "license": "Apache-2.0 (x)", "dup_cluster": "c2"},
        {"id": "r1", "text": "研究用数据", "label": "scam", "license": "research use only", "dup_cluster": "c3"},
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "model.json.gz"
    result = CliRunner().invoke(main, ["model", "train", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "trained on 2 Apache-2.0 rows" in result.output  # one per near-duplicate cluster
    assert "skipped 1 rows of other licences" in result.output
    assert "line 5: not valid JSON" in result.output
    model = WordingModel.load(out)
    assert "研究" not in "".join(model.weights)
    info = CliRunner().invoke(main, ["model", "info", "--path", str(out)])
    assert info.exit_code == 0 and '"threshold": 2.0' in info.output


def test_model_info_without_a_model_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["model", "info", "--path", str(tmp_path / "none.json.gz")])
    assert result.exit_code == 1
    assert "callcheck model train" in result.output
