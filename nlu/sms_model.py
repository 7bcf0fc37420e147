"""The English statistical judge: a calibrated linear model over character and word n-grams of SMS.

The rules in knowledge/ explain *why* a message is a scam; this model only says how much its
wording resembles English scam SMS rather than everyday texts. It was fitted with scikit-learn
(`callcheck model train-en`, code in nlu/sms_train.py) on the `train+eval` rows of
`dev_en.jsonl` (Mendeley SMS Phishing and UCI SMS Spam, both CC BY 4.0) plus the knowledge files'
English examples and genuine messages. Only the fitted weights ship, in `sms_model_en.json.gz`;
this module scores with them in pure Python, reproducing the training featurisation exactly:

    x = prepare(text)                           # lowercase, fold links, currency and digits
    F = char_wb 2..5-grams of x  ∪  word 1..2-grams of x  (binary, as sklearn's CountVectorizer)
    decision = intercept + Σ_{f ∈ F, f known} weight[f] / sqrt(|F|)
    probability = 1 / (1 + exp(-(a · decision + b)))     # Platt scaling, fitted out of fold

|F| counts every distinct n-gram of the text, known to the model or not, so pruning the table
never changes how a text is scaled. Loading the model needs no scikit-learn.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .regexcache import compile as re_compile
from .wording import write_model_file

MODEL_PATH = Path(__file__).with_name("sms_model_en.json.gz")
FORMAT = 1
CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
log = logging.getLogger(__name__)

# Folding, so that what was learnt from 2003-era UK texts carries to today's: any link is one
# token (the corpus's links are mostly dead short URLs), any currency one sign, any digit "0".
# U+FFFD is where the Mendeley file lost "£" — and emoji and apostrophes in ham: drop it.
# Linear time: a host starts only where a run of host characters starts (leading hyphens are kept
# in group 1 and put back), labels are at most 63 characters and 31 of them (DNS allows 63 and
# 127): so "1.1.1.…" is one failed attempt, not one per label (it was quadratic: 6 s on 20,000
# characters). It replaces what `\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.tld` did, and also a link written
# straight after a Chinese character (点击u.example.com/x), which `\b` missed in part.
_LINK = re_compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![a-z0-9-])(?<![a-z0-9]\.)(-*)(?:(?:https?://|www\.)\S+|(?=[a-z0-9])"
    r"[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,30}\.(?:com|net|org|co|uk|in|ly|me|top|xyz|info|io|us|cc|biz|link|site|online|gov)"
    r"(?:/\S*)?\b)"
)
_CURRENCY = re_compile(r"[£$€₹¥]")
_DIGIT = re_compile(r"[0-9]")
LINK_TOKEN = " xurlx "
# sklearn's own patterns: CountVectorizer's default token_pattern and char_wb's whitespace rule.
_TOKEN = re_compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re_compile(r"\s\s+")
# Sentences for quoting: up to a full stop, ! or ? followed by a space, or a line break.
_SENTENCE = re_compile(r"[^\n]+?(?:[.!?…]+(?=\s)|(?=\n)|$)")
MIN_SENTENCE_FEATURES = 12  # "Hi." says nothing about the message


def prepare(text: str) -> str:
    """The text as the model reads it (used as the vectorizers' preprocessor in training)."""
    text = text.lower().replace("\ufffd", " ")
    text = _LINK.sub(r"\1" + LINK_TOKEN, text)
    text = _CURRENCY.sub("$", text)
    return _DIGIT.sub("0", text)


def char_ngrams(prepared: str) -> list[str]:
    """sklearn's analyzer='char_wb' n-grams, in its order (each word padded with one space)."""
    lo, hi = CHAR_NGRAMS
    out: list[str] = []
    for w in _WHITE_SPACES.sub(" ", prepared).split():
        w = " " + w + " "
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n: counted once
                break
    return out


def word_ngrams(prepared: str) -> list[str]:
    """sklearn's analyzer='word' n-grams with the default token pattern, in its order."""
    tokens = _TOKEN.findall(prepared)
    lo, hi = WORD_NGRAMS
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), min(hi + 1, len(tokens) + 1)):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def features(text: str) -> set[str]:
    """The distinct n-grams of a raw text, char n-grams prefixed "c:" and word n-grams "w:"."""
    x = prepare(text)
    return {"c:" + g for g in char_ngrams(x)} | {"w:" + g for g in word_ngrams(x)}


@dataclass(frozen=True)
class SmsModel:
    """Weights of n-grams (scam SMS vs everyday SMS), intercept and Platt calibration a, b."""

    weights: dict[str, float]
    intercept: float
    a: float
    b: float
    meta: dict = field(default_factory=dict)

    def decision(self, text: str) -> float:
        """The linear score (sklearn's decision_function): > 0 leans scam."""
        return self.intercept + self._contribution(features(text))

    def _contribution(self, feats: set[str]) -> float:
        if not feats:
            return 0.0
        return sum(w for f in feats if (w := self.weights.get(f)) is not None) / math.sqrt(len(feats))

    def probability(self, text: str) -> float:
        """Calibrated probability that the text is a scam message."""
        return self._calibrated(self.decision(text))

    def _calibrated(self, decision: float) -> float:
        z = self.a * decision + self.b
        if z < -700:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def strongest_sentence(self, text: str, threshold: float = 0.5) -> tuple[int, int] | None:
        """[start, end) of the sentence that leans most to scam, when it or the whole text reaches `threshold`.

        Sentences too short to judge ("Hi.") are passed over unless the text has nothing longer.
        None when nothing in the text reads as scam (so there is nothing to quote).
        """
        spans = [(m.start(), m.end(), features(m.group())) for m in _SENTENCE.finditer(text)]
        spans = [s for s in spans if s[2]]
        long_enough = [s for s in spans if len(s[2]) >= MIN_SENTENCE_FEATURES]
        best: tuple[float, int, int] | None = None
        for start, end, feats in long_enough or spans:
            score = self._contribution(feats)
            if best is None or score > best[0]:
                best = (score, start, end)
        if best is None:
            return None
        if self._calibrated(self.intercept + best[0]) < threshold and self.probability(text) < threshold:
            return None
        start, end = best[1], best[2]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def to_json(self) -> dict:
        """The stored form."""
        return {
            "format": FORMAT,
            "char_ngrams": list(CHAR_NGRAMS),
            "word_ngrams": list(WORD_NGRAMS),
            "intercept": self.intercept,
            "platt": {"a": self.a, "b": self.b},
            "meta": self.meta,
            "weights": self.weights,
        }

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write gzip-compressed and deterministic (sorted keys, fixed mtime, no file name)."""
        write_model_file(path, self.to_json())

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SmsModel | None:
        """The stored model, or None when there is none; ValueError when the file is not usable."""
        if not path.exists():
            return None
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                data = json.load(f)
            if data.get("format") != FORMAT:
                raise ValueError(f"unknown format {data.get('format')!r}")
            if tuple(data["char_ngrams"]) != CHAR_NGRAMS or tuple(data["word_ngrams"]) != WORD_NGRAMS:
                raise ValueError("n-gram ranges differ from this version's scorer")
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            values = [float(data["intercept"]), float(data["platt"]["a"]), float(data["platt"]["b"])]
            if not all(math.isfinite(v) for v in [*values, *weights.values()]):
                raise ValueError("non-finite weight")
            return cls(weights, *values, meta=dict(data.get("meta") or {}))
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                f"{path}: not a usable SMS model ({exc}); retrain it with 'callcheck model train-en'"
            ) from exc


_cache: dict[Path, SmsModel | None] = {}
_lock = threading.Lock()


def shipped_sms_model(path: Path = MODEL_PATH) -> SmsModel | None:
    """The shipped model, loaded once; if its file is damaged, say so in the log and return None."""
    with _lock:
        if path not in _cache:
            try:
                _cache[path] = SmsModel.load(path)
            except ValueError as exc:
                log.warning("English SMS model not used: %s", exc)
                _cache[path] = None
        return _cache[path]
