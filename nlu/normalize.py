"""Text normalisation that keeps a map back to the user's own characters.

Matching runs on a folded copy of the text: full-width forms to half-width, traditional to
simplified Chinese (characters, then Taiwan / Hong Kong phrases: OpenCC's phrase dictionaries and
the regional vocabulary in `knowledge/variants.yml`, so 簡訊 reads as 短信 and 超商 as 便利店),
lower case, zero-width and control characters dropped, spaces between
Chinese characters dropped and other runs of white space collapsed. `Normalized.span()` maps a
match in the folded copy back to the original text, so evidence always quotes the user's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Characters that carry no meaning for matching but break phrases apart.
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
_SPACES = " \t\r\u3000\u00a0"


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """Map single traditional characters to simplified ones (OpenCC's character table)."""
    table: dict[int, str] = {}
    data = resources.files("opencc").joinpath("dictionary/TSCharacters.txt")
    for line in data.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 1:
            continue
        target = parts[1].split(" ")[0]
        if len(target) == 1 and target != parts[0]:
            table[ord(parts[0])] = target
    return table


@lru_cache(maxsize=1)
def variant_phrases() -> dict[str, str]:
    """Regional phrase -> mainland phrase, both folded (only entries that change something)."""
    import yaml

    pairs: dict[str, str] = {}
    opencc = resources.files("opencc").joinpath("dictionary")
    for name in ("TWVariantsRevPhrases.txt", "HKVariantsRevPhrases.txt", "TWPhrasesRev.txt"):
        for line in opencc.joinpath(name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and parts[0] and parts[1]:
                pairs[_fold_chars(parts[0])] = _fold_chars(parts[1].split(" ")[0])
    data = yaml.safe_load(resources.files("knowledge").joinpath("variants.yml").read_text(encoding="utf-8"))
    for key, value in ((data or {}).get("variants") or {}).items():
        pairs[_fold_chars(str(key))] = _fold_chars(str(value))
    return {key: value for key, value in pairs.items() if key != value and not key.isascii()}


def _fold_chars(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text.strip())


@lru_cache(maxsize=1)
def _variant_regex() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every regional phrase, longest first, and the replacement table."""
    pairs = variant_phrases()
    keys = sorted(pairs, key=lambda k: (-len(k), k))
    return re.compile("|".join(re.escape(k) for k in keys)), pairs


def _apply_variants(out: list[str], idx: list[int]) -> tuple[list[str], list[int]]:
    """Replace regional phrases (longest match, left to right), keeping the map to the original."""
    pattern, pairs = _variant_regex()
    text = "".join(out)
    new_out: list[str] = []
    new_idx: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        i, k = m.start(), m.end() - m.start()
        new_out.extend(text[last:i])
        new_idx.extend(idx[last:i])
        value = pairs[m.group(0)]
        for j, ch in enumerate(value):
            # the last replacement character maps to the end of the original phrase
            new_idx.append(idx[i + k - 1] if j == len(value) - 1 else idx[i + min(j, k - 1)])
            new_out.append(ch)
        last = m.end()
    if not last:
        return out, idx
    new_out.extend(text[last:])
    new_idx.extend(idx[last:])
    return new_out, new_idx


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one character to at most one character ('' drops it)."""
    code = ord(ch)
    if code in _INVISIBLE:
        return ""
    if ch in _SPACES:
        return " "
    if ch == "\n":
        return "\n"
    cat = unicodedata.category(ch)
    if cat == "Cc" or cat == "Cs":
        return " "
    if 0xFF01 <= code <= 0xFF5E or code == 0x3000 or cat == "Nd":
        nf = unicodedata.normalize("NFKC", ch)
        if len(nf) == 1:
            ch = nf
    elif ch in "“”「」『』《》〈〉":  # every quote or title mark folds to one, so phrases can allow it cheaply
        ch = '"'
    elif ch in "‘’":
        ch = "'"
    elif ch in "‐‑‒–—―":
        ch = "-"
    ch = t2s_table().get(ord(ch), ch)
    low = ch.lower()
    return low if len(low) == 1 else ch


_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")


def count_cjk(text: str) -> int:
    """How many Chinese characters the text has."""
    return len(_CJK.findall(text))


def is_cjk(ch: str) -> bool:
    """True for a Chinese character."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def fold(text: str) -> str:
    """Fold text for matching (used on phrases; the analyzer uses `normalize`)."""
    return normalize(text).text


@dataclass(frozen=True)
class Normalized:
    """The folded text and, for each of its characters, the index in the original."""

    text: str
    index: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map [start, end) in the folded text to [start, end) in the original."""
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str) -> Normalized:
    """Fold `text` and keep the map back to the original characters."""
    out: list[str] = []
    idx: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        if not f:
            continue
        if f == " ":
            if not out or out[-1] in " \n":
                continue
            # Drop spaces between Chinese characters ("淘 宝 客 服" -> "淘宝客服").
            nxt = i + 1
            while nxt < n and (_fold_char(text[nxt]) in (" ", "")):
                nxt += 1
            if is_cjk(out[-1]) or (nxt < n and is_cjk(text[nxt])):
                continue
        out.append(f)
        idx.append(i)
    while out and out[-1] in " \n":
        out.pop()
        idx.pop()
    if _CJK.search("".join(out)):
        out, idx = _apply_variants(out, idx)
    return Normalized("".join(out), tuple(idx), text)


class LiteralIndex:
    """Where literal strings occur in one text: bigram and trigram sets rule most out, str.find does the rest."""

    def __init__(self, text: str):
        self.text = text
        self.grams = {text[i : i + 2] for i in range(len(text) - 1)}
        self.grams.update(text)
        self.trigrams = {text[i : i + 3] for i in range(len(text) - 2)}
        self._cache: dict[str, list[int]] = {}

    def positions(self, literal: str) -> list[int]:
        """Every start index of `literal` in the text (overlapping occurrences included)."""
        hit = self._cache.get(literal)
        if hit is not None:
            return hit
        out: list[int] = []
        if literal[:2] in self.grams:
            i = self.text.find(literal)
            while i >= 0:
                out.append(i)
                i = self.text.find(literal, i + 1)
        self._cache[literal] = out
        return out
