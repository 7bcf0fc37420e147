"""Which neighbours stop a regional variant (knowledge/variants.yml) from rewriting inside a longer word.

A variant such as 面交 -> 当面交易 must not fire in 页面交互 (页面 + 交互): there 面交 is no word, only
the end of one and the start of the next. For every variant this builds the compound with every
common two-character word that shares the variant's first or last character (x + 面交 for each
word "x面", 面交 + y for each word "交y"), segments it with jieba's dictionary (a word-frequency
segmenter, test extra), and reports the neighbours where the variant straddles a word boundary.
Those go into the entry as `not_after` / `not_before` (characters), which `nlu/normalize.py` honours.

    .venv/bin/python tools/variant_guards.py            # the guards each variant needs
    .venv/bin/python tools/variant_guards.py --missing  # only what variants.yml lacks (exit 1 if any)

tests/test_variants.py runs the same check.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KEY_FREQ = 1000  # the least frequency a variant is given in the segmenter's dictionary
COMMON = 30  # jieba dictionary frequency from which a two-character word counts as common (about 40,000 words)


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=1)
def common_words() -> dict[str, int]:
    """Two-character Chinese words of jieba's dictionary at least COMMON times frequent."""
    text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        word, freq, *_ = line.split(" ")
        if len(word) == 2 and all(_han(c) for c in word) and int(freq) >= COMMON:
            out[word] = int(freq)
    return out


@lru_cache(maxsize=1)
def _tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    # The variants are words of their own region that a mainland dictionary often lacks (唔好, 超商):
    # those are given KEY_FREQ, so only a neighbour word that is really more likely there takes the
    # character from them (好转 does not break 唔好转账); one it has keeps its own frequency (面交).
    from nlu.normalize import variant_entries

    for key in variant_entries():
        if len(key) >= 2:
            tokenizer.add_word(key, tokenizer.FREQ.get(key) or KEY_FREQ)
    return tokenizer


def straddles(compound: str, start: int, end: int) -> bool:
    """Whether compound[start:end] begins or ends inside one of the words jieba segments it into."""
    cuts, at = {0}, 0
    for word in _tokenizer().lcut(compound, HMM=False):
        at += len(word)
        cuts.add(at)
    return start not in cuts or end not in cuts


def compounds(key: str):
    """(side, neighbour, compound, start, end) for each common word overlapping the key's edge."""
    words = common_words()
    if len(key) < 2:
        return
    if _han(key[0]):
        for w in words:
            if w[1] == key[0]:
                yield "not_after", w[0], w[0] + key, 1, 1 + len(key)
    if _han(key[-1]):
        for w in words:
            if w[0] == key[-1]:
                yield "not_before", w[1], key + w[1], 0, len(key)


def needed(key: str) -> dict[str, set[str]]:
    """The neighbours after / before which `key` is part of another word."""
    out: dict[str, set[str]] = {"not_after": set(), "not_before": set()}
    for side, ch, compound, start, end in compounds(key):
        if straddles(compound, start, end):
            out[side].add(ch)
    return out


def main(argv: list[str]) -> int:
    from nlu.normalize import variant_entries

    missing = "--missing" in argv
    problems = 0
    for key, (_, after, before) in variant_entries().items():
        want = needed(key)
        lack = {"not_after": want["not_after"] - after, "not_before": want["not_before"] - before}
        show = lack if missing else want
        if any(show.values()):
            problems += any(lack.values())
            parts = [f"{side}: {''.join(sorted(chars))}" for side, chars in show.items() if chars]
            print(f"{key}: {', '.join(parts)}")
    return 1 if missing and problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
