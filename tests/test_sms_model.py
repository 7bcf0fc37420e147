"""The English SMS model: the pure-Python scorer reproduces sklearn, the licence rule, damaged files."""

from __future__ import annotations

import gzip
import json
import logging

import pytest
from click.testing import CliRunner

from bot.cli import main
from nlu import sms_model
from nlu.sms_model import MODEL_PATH, SmsModel, char_ngrams, features, prepare, shipped_sms_model, word_ngrams

sklearn = pytest.importorskip("sklearn")  # the `test` extra; the bot itself never imports it
from nlu import sms_train  # noqa: E402

SCAMS = [
    "URGENT! You have won a £1000 prize. Call 09061701461 now to claim, T&C apply.",
    "Your parcel could not be delivered. Pay the $1.99 redelivery fee at https://usps-redeliver.top/pay",
    "Dear customer, your bank account is suspended. Verify your details at www.secure-bank-login.com",
    "Congratulations! You are selected for a free iPhone. Reply WIN to 80082 to claim.",
    "Your KYC has expired, your account will be blocked today. Call customer care 9876543210.",
    "FINAL NOTICE: unpaid toll of $4.15. Avoid a late fee: pay at ezpass-toll.xyz",
    "You have won a cash prize of £2000! To claim call 09050000327 before midnight.",
    "Amazon: a charge of $499 for an iPhone was made. If this was not you, press 1 or call 1-888-555-0101.",
    "IRS notice: you are eligible for a tax refund of $820. Submit your details here: irs-refund.info",
    "Your Netflix payment failed. Update your card now at netflix-billing.site to keep watching.",
    "Winner!! As a valued network customer you have been selected to receive a £900 prize reward!",
    "Royal Mail: your package has a £2.99 unpaid shipping fee, pay now: royalmail-fee.online",
]
HAM = [
    "Hey, are we still on for lunch tomorrow?",
    "I'll be home late tonight, don't wait up for me.",
    "Can you pick up some milk on the way back?",
    "Happy birthday! Hope you have a great day :)",
    "Sorry I missed your call, I was in a meeting.",
    "Ok lor, see you at the canteen at 12.",
    "The train is delayed by 20 minutes, I will text when I arrive.",
    "Did you finish the homework for tomorrow's class?",
    "Thanks for dinner last night, it was lovely.",
    "Mum says the dog needs a walk before six.",
    "Meeting moved to 3pm in room 204, bring the slides.",
    "Good luck with the exam, you will do great!",
]
PROBES = [
    "",
    "   ",
    "You have WON!!! Call 0906 now",
    "see you at lunch, then we can call mum",
    "Pay the fee at http://bit.ly/xyz123 or your account will be closed.",
    "Ünïcödé  café\ttabs\nnewlines — and emoji 🙂 and a lost pound sign \ufffd100",
    "a",
    "I I I I I",
    "Your parcel is waiting. " * 30,
]


def _samples(scams=SCAMS, ham=HAM):
    rows = [(t, True) for t in scams] + [(t, False) for t in ham]
    return [sms_train.Sample(t, y, 1.0, f"g{i}") for i, (t, y) in enumerate(rows)]


@pytest.mark.parametrize("text", SCAMS[:4] + HAM[:4] + PROBES)
def test_featurisation_is_sklearns(text):
    char, word = sms_train.vectorizers(min_df=1)
    x = prepare(text)
    assert char_ngrams(x) == char.build_analyzer()(text)
    assert word_ngrams(x) == word.build_analyzer()(text)


def test_prepare_folds_links_currency_and_digits():
    assert prepare("Pay £5 at https://x.co/ab or www.y.com NOW") == "pay $0 at  xurlx  or  xurlx  now"
    assert prepare("call 0906 to claim $100 or ₹100") == "call 0000 to claim $000 or $000"
    assert "\ufffd" not in prepare("win \ufffd1000")


@pytest.mark.parametrize("keep", [100000, 40])
def test_the_pure_python_scorer_reproduces_sklearn(tmp_path, keep):
    samples = _samples()
    model, oof = sms_train.fit(samples, c=5.0, keep=keep, min_df=1, folds=3)
    assert len(oof) == len(samples)
    assert 0 < len(model.weights) <= keep
    texts = SCAMS + HAM + PROBES
    expected = sms_train.sklearn_decision(samples, texts, c=5.0, keep=keep, min_df=1)
    path = tmp_path / "m.json.gz"
    model.save(path)
    loaded = SmsModel.load(path)
    for text, want in zip(texts, expected, strict=True):
        assert loaded.decision(text) == pytest.approx(want, abs=1e-6), text
    assert model.probability(SCAMS[0]) > model.probability(HAM[0])
    assert model.a > 0  # a higher decision value means a higher probability


def test_training_needs_both_labels():
    with pytest.raises(ValueError, match="both"):
        sms_train.fit(_samples(ham=[]))


def test_licence_filter_dedupe_and_labels():
    lic = "train+eval | CC BY 4.0 | test"
    rows = [
        {"text": "win a prize now", "label": "scam", "license": lic, "dup_cluster": "a"},
        {"text": "WIN a  prize now", "label": "scam", "license": lic, "dup_cluster": "a"},  # same text, folded
        {"text": "win a big prize now", "label": "scam", "license": lic, "dup_cluster": "a"},
        {"text": "see you soon", "label": "benign", "license": lic, "dup_cluster": "b"},
        {"text": "ringtones 50p", "label": "illegal_ad", "license": lic, "dup_cluster": "c"},
        {"text": "pay the toll fee", "label": "scam", "license": "eval-only | none stated", "dup_cluster": "d"},
        {"text": "pay the toll fee", "label": "scam", "dup_cluster": "e"},  # no licence at all
        {"text": "", "label": "benign", "license": lic, "dup_cluster": "f"},
        {"text": "hello", "label": "weird", "license": lic, "dup_cluster": "g"},
    ]
    samples, count = sms_train.licensed_samples(rows)
    assert [(s.text, s.scam, s.weight, s.group) for s in samples] == [
        ("win a prize now", True, 0.5, "a"),
        ("win a big prize now", True, 0.5, "a"),
        ("see you soon", False, 1.0, "b"),
    ]
    assert (count.other_licence, count.illegal_ad, count.duplicate_text, count.unlabelled) == (2, 1, 1, 2)


def _corpus(path, extra=()):
    lic = "train+eval | CC BY 4.0 | synthetic"
    rows = [
        {"id": f"s{i}", "text": t, "label": "scam", "license": lic, "dup_cluster": f"s{i}"} for i, t in enumerate(SCAMS)
    ]
    rows += [
        {"id": f"h{i}", "text": t, "label": "benign", "license": lic, "dup_cluster": f"h{i}"} for i, t in enumerate(HAM)
    ]
    rows += list(extra)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_train_en_uses_only_train_eval_rows_and_is_deterministic(tmp_path):
    # An eval-only row with words found nowhere else: none of its n-grams may reach the model.
    secret = {"text": "zqxjv wkpfh qzzxv", "label": "scam", "license": "eval-only | none", "dup_cluster": "x"}
    corpus = _corpus(tmp_path / "c.jsonl", [secret, secret | {"dup_cluster": "y"}, {"text": "bad row"}])
    runner = CliRunner()
    out1, out2 = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    for out in (out1, out2):
        result = runner.invoke(main, ["model", "train-en", str(corpus), "--out", str(out), "--keep", "5000"])
        assert result.exit_code == 0, result.output
    assert "skipped 3 rows of other licences" in result.output  # a row without a licence is one
    assert "24 distinct texts from 24 near-duplicate clusters" in result.output
    assert "cross-validation by near-duplicate cluster" in result.output
    assert "p >= 0.5: corpus rows: scam recall" in result.output and "knowledge examples: scam recall" in result.output
    assert out1.read_bytes() == out2.read_bytes()
    model = SmsModel.load(out1)
    assert not any(k in model.weights for k in ("w:zqxjv", "c:zqxj", "c:qzzx", "c:wkpf"))
    assert model.meta["knowledge_texts"] > 0  # the knowledge files' English examples are in too
    info = runner.invoke(main, ["model", "info", "--en-path", str(out1)])
    assert info.exit_code == 0, info.output
    assert '"sms (en)"' in info.output and '"corpus_texts": 24' in info.output


def test_train_en_says_what_is_wrong(tmp_path):
    only_other = tmp_path / "c.jsonl"
    only_other.write_text(json.dumps({"text": "hi", "label": "scam", "license": "eval-only"}) + "\n")
    result = CliRunner().invoke(main, ["model", "train-en", str(only_other), "--out", str(tmp_path / "m.json.gz")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "no usable rows licensed train+eval" in result.output
    assert not (tmp_path / "m.json.gz").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not gzip at all",
        gzip.compress(b"{not json", mtime=0),
        gzip.compress(b'{"format": 1}', mtime=0),
        gzip.compress(b"[1, 2]", mtime=0),
        gzip.compress(
            b'{"format": 1, "char_ngrams": [2, 5], "word_ngrams": [1, 2], "intercept": 0,'
            b' "platt": {"a": 1, "b": 0}, "weights": {"c:ab": "NaN"}}',
            mtime=0,
        ),
        gzip.compress(b'{"format": 7}', mtime=0),
    ],
)
def test_a_damaged_model_file_is_logged_and_not_used(tmp_path, caplog, content):
    path = tmp_path / "damaged.json.gz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="callcheck model train-en"):
        SmsModel.load(path)
    with caplog.at_level(logging.WARNING):
        assert shipped_sms_model(path) is None
        assert shipped_sms_model(path) is None  # cached: read and logged once
    assert caplog.text.count("English SMS model not used") == 1
    assert SmsModel.load(tmp_path / "absent.json.gz") is None


def test_shipped_model_separates_scam_sms_from_chat():
    model = shipped_sms_model()
    assert model is not None, f"{MODEL_PATH} is missing; run 'callcheck model train-en ../shared/corpus/dev_en.jsonl'"
    assert shipped_sms_model() is model  # loaded once
    assert "CC BY 4.0" in model.meta["licence"]
    assert model.probability("URGENT! You have won a guaranteed £1000 cash prize. Call 09061234567 to claim.") > 0.9
    assert model.probability("ok, see you at the station at 7, I'll bring the tickets") < 0.1
    for text in ("", "  ", "🙂"):
        assert 0.0 <= model.probability(text) <= 1.0
        assert model.strongest_sentence(text) is None


def test_strongest_sentence_quotes_the_scam_like_sentence():
    model = shipped_sms_model()
    text = (
        "Hi mum, I'm on the bus home.\nAlso got this: You have won a £1000 cash prize, call 09061234567 to claim now!"
    )
    start, end = model.strongest_sentence(text)
    assert text[start:end] == "Also got this: You have won a £1000 cash prize, call 09061234567 to claim now!"
    assert model.strongest_sentence("See you at lunch tomorrow then. The weather is lovely today.") is None
    short = "WIN £500! Call 09061234567"
    start, end = model.strongest_sentence(short)
    assert short[start:end] in ("WIN £500!", "Call 09061234567")


def test_features_are_prefixed_by_kind():
    feats = features("Win now")
    assert "w:win" in feats and "c: win " in feats and "w:win now" in feats


def test_scoring_imports_no_sklearn():
    import subprocess
    import sys

    code = (
        "import sys, nlu.sms_model as m; m.shipped_sms_model().probability('win a prize'); "
        "print([k for k in ('sklearn', 'numpy', 'scipy') if k in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_module_constants():
    assert sms_model.MODEL_PATH.name == "sms_model_en.json.gz"


def test_model_info_says_when_there_is_no_english_model(tmp_path):
    result = CliRunner().invoke(main, ["model", "info", "--en-path", str(tmp_path / "none.json.gz")])
    assert result.exit_code == 0, result.output
    assert "callcheck model train-en" in result.output
    damaged = tmp_path / "bad.json.gz"
    damaged.write_bytes(b"junk")
    result = CliRunner().invoke(main, ["model", "info", "--en-path", str(damaged)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "not a usable SMS model" in result.output
