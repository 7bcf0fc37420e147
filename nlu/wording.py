"""A second opinion on wording: a small character n-gram model of how scam calls are phrased.

The rules in knowledge/ explain *why* something is a scam; they miss accounts whose only cues are
weak ones ("我们注意到您的账户…请尽快与我们联系", "我遇到了一些麻烦，希望你能帮我"). This model
scores how much the wording resembles scam dialogues rather than everyday service dialogues. It
never decides on its own: the analyzer consults it only when the rules already found a cue and
stayed below the warning line, and it can raise the verdict to `suspicious`, never to `scam`.

Training data, by the licence rule: only rows whose licence is Apache-2.0 (the TeleAntiFraud
multi-agent dialogues) plus the knowledge files' own examples and genuine messages. See
`callcheck model train`. The model is a naive-Bayes log-odds table over character 2-/3-grams of
the folded text, stored gzip-compressed next to this module.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize
from .regexcache import compile as re_compile

MODEL_PATH = Path(__file__).with_name("wording_model.json.gz")
log = logging.getLogger(__name__)
ORDERS = (2, 3)
FORMAT = 1

# Dialogue speaker tags and anything that is not a Chinese character, letter or digit carry no wording.
_SPEAKER = re_compile(r"\b(left|right)\s*:")
_NOISE = re_compile(r"[^\w]|_", re.UNICODE)
_SENTENCE = re_compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")


def features(folded: str) -> set[str]:
    """The set of character n-grams of already-folded text (see nlu.normalize)."""
    text = _NOISE.sub("", _SPEAKER.sub("", folded))
    return {text[i : i + n] for n in ORDERS for i in range(len(text) - n + 1)}


def write_model_file(path: Path, data: dict) -> None:
    """A model's JSON, gzip-compressed and byte-for-byte deterministic (sorted keys, no mtime or name)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write(text.encode("utf-8"))


@dataclass(frozen=True)
class WordingModel:
    """Log-odds weights of n-grams (scam vs everyday service) and the score to call it scam-like."""

    weights: dict[str, float]
    threshold: float
    meta: dict

    def score(self, folded: str) -> float:
        """Mean evidence of the n-grams present, scaled by sqrt(count): > 0 reads like a scam."""
        ws = [w for f in features(folded) if (w := self.weights.get(f)) is not None]
        return sum(ws) / math.sqrt(len(ws) + 1) if ws else 0.0

    def scam_like(self, folded: str) -> bool:
        """True when the wording scores above the model's threshold."""
        return self.score(folded) > self.threshold

    def strongest_sentence(self, folded: str) -> tuple[int, int] | None:
        """[start, end) of the sentence whose wording scores highest, in the folded text."""
        best: tuple[float, int, int] | None = None
        for m in _SENTENCE.finditer(folded):
            if len(features(m.group())) < 12:  # greetings ("您好！") say nothing about the script
                continue
            s = self.score(m.group())
            if best is None or s > best[0]:
                best = (s, m.start(), m.end())
        if best is None or best[0] <= 0:
            return None
        start, end = best[1], best[2]
        while end > start and folded[end - 1] in " \n":
            end -= 1
        return start, end

    def to_json(self) -> dict:
        """The stored form."""
        return {"format": FORMAT, "threshold": self.threshold, "meta": self.meta, "weights": self.weights}

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the model gzip-compressed, deterministically (sorted keys, fixed mtime)."""
        write_model_file(path, self.to_json())

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> WordingModel | None:
        """The stored model, or None when there is none (the analyzer then relies on the rules)."""
        if not path.exists():
            return None
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                data = json.load(f)
            if data.get("format") != FORMAT:
                raise ValueError(f"unknown format {data.get('format')!r}")
            weights = {k: float(v) for k, v in data["weights"].items()}
            return cls(weights, float(data["threshold"]), data.get("meta", {}))
        except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                f"{path}: not a usable wording model ({exc}); retrain it with 'callcheck model train'"
            ) from exc


def shipped_model() -> WordingModel | None:
    """The shipped model; if its file is damaged, say so in the log and let the rules work alone."""
    try:
        return WordingModel.load(MODEL_PATH)
    except ValueError as exc:
        log.warning("wording model not used: %s", exc)
        return None


def train(
    rows: Iterable[tuple[str, bool]],
    threshold: float,
    min_count: int = 5,
    min_weight: float = 0.4,
    meta: dict | None = None,
) -> WordingModel:
    """Fit the log-odds table on (text, is_scam) pairs; each text counts each n-gram once."""
    counts = {True: Counter(), False: Counter()}
    docs = Counter()
    for text, is_scam in rows:
        counts[is_scam].update(features(normalize(text).text))
        docs[is_scam] += 1
    if not docs[True] or not docs[False]:
        raise ValueError("training needs both scam and everyday examples")
    weights: dict[str, float] = {}
    for f in set(counts[True]) | set(counts[False]):
        a, b = counts[True][f], counts[False][f]
        if a + b < min_count:
            continue
        w = math.log((a + 1) / (docs[True] + 2)) - math.log((b + 1) / (docs[False] + 2))
        if abs(w) >= min_weight:
            weights[f] = round(w, 3)
    info = {"scam_docs": docs[True], "everyday_docs": docs[False], "features": len(weights), **(meta or {})}
    return WordingModel(weights, threshold, info)
