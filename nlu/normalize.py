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
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .regexcache import compile as re_compile

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
    """Regional phrase -> mainland phrase, both folded (only entries that change something): made
    once per version of the code and data, kept on disk with the knowledge cache (knowledge/kbcache.py)."""
    from knowledge.kbcache import shipped

    return shipped("variant_phrases", _variant_phrases)


def _variant_phrases() -> dict[str, str]:
    pairs: dict[str, str] = {}
    opencc = resources.files("opencc").joinpath("dictionary")
    for name in ("TWVariantsRevPhrases.txt", "HKVariantsRevPhrases.txt", "TWPhrasesRev.txt"):
        for line in opencc.joinpath(name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and parts[0] and parts[1]:
                pairs[_fold_chars(parts[0])] = _fold_chars(parts[1].split(" ")[0])
    for key, (value, _, _) in variant_entries().items():
        pairs[key] = value
    return {key: value for key, value in pairs.items() if key != value and not key.isascii()}


@lru_cache(maxsize=1)
def variant_entries() -> dict[str, tuple[str, frozenset[str], frozenset[str]]]:
    """knowledge/variants.yml, folded (`_variant_entries`), kept on disk with the knowledge cache."""
    from knowledge.kbcache import shipped

    return shipped("variant_entries", _variant_entries)


def _variant_entries() -> dict[str, tuple[str, frozenset[str], frozenset[str]]]:
    """knowledge/variants.yml, folded: key -> (mainland phrase, not_after, not_before).

    An entry is `key: value`, or `key: {to: value, not_after: 页方…, not_before: 通流…}`: the
    characters after / before which the key is only the end or the start of another word (页面交互 is
    页面 + 交互, not 面交), where it is left as written (tools/variant_guards.py finds them)."""
    import yaml

    text = resources.files("knowledge").joinpath("variants.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster
    out: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {}
    for key, value in ((data or {}).get("variants") or {}).items():
        after = before = ""
        if isinstance(value, dict):
            after, before = str(value.get("not_after") or ""), str(value.get("not_before") or "")
            value = value.get("to", "")
        out[_fold_chars(str(key))] = (
            _fold_chars(str(value)),
            frozenset(_fold_chars(after)),
            frozenset(_fold_chars(before)),
        )
    return out


@lru_cache(maxsize=1)
def _variant_guards() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    return {k: (a, b) for k, (_, a, b) in variant_entries().items() if a or b}


def _fold_chars(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text.strip())


@lru_cache(maxsize=1)
def _variant_regex() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation of every regional phrase, longest first, and the replacement table."""
    pairs = variant_phrases()
    keys = sorted(pairs, key=lambda k: (-len(k), k))
    return re_compile("|".join(re.escape(k) for k in keys)), pairs


def _apply_variants(out: list[str], idx: list[int]) -> tuple[list[str], list[int]]:
    """Replace regional phrases (longest match, left to right), keeping the map to the original."""
    pattern, pairs = _variant_regex()
    guards = _variant_guards()
    text = "".join(out)
    new_out: list[str] = []
    new_idx: list[int] = []
    last = 0
    at = 0
    while (m := pattern.search(text, at)) is not None:
        i, k = m.start(), m.end() - m.start()
        guard = guards.get(m.group(0))
        if guard and ((i and text[i - 1] in guard[0]) or (m.end() < len(text) and text[m.end()] in guard[1])):
            at = i + 1  # part of a longer word (页面交互): left as written, a shorter variant may still start later
            continue
        at = m.end()
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


_CJK = re_compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")


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


class _FoldTable(dict):
    """`_fold_char` as a `str.translate` table, filled on first sight of each character."""

    def __missing__(self, code: int) -> str | None:
        folded = _fold_char(chr(code)) or None  # None: translate drops the character
        self[code] = folded
        return folded


_TABLE = _FoldTable()
_SPACE_RUN = re_compile(" +")


def _fold_line(line: str) -> tuple[str, tuple[int, ...] | range]:
    """Fold one line (no newline in it): the folded characters and each one's index in the line.

    Nothing outside a line changes how it folds (spaces are judged against their neighbours in the
    line; a newline is never a space), so `normalize` folds each line once and keeps the result.
    Every character folds to at most one, so a line with nothing dropped folds in one
    `str.translate`; only its runs of spaces need a look at their neighbours."""
    folded = line.translate(_TABLE)
    n = len(line)
    if len(folded) != n:  # an invisible character was dropped: indices shift, fold one by one
        return _fold_line_slow(line)
    if " " not in folded:
        return folded, range(n)
    drop: list[int] = []
    for m in _SPACE_RUN.finditer(folded):
        s, e = m.span()
        # One space stays between words; none at the start, none beside a Chinese character
        # ("淘 宝 客 服" -> "淘宝客服"; the character after is judged as written).
        if s == 0 or is_cjk(folded[s - 1]) or (e < n and is_cjk(line[e])):
            drop.extend(range(s, e))
        elif e - s > 1:
            drop.extend(range(s + 1, e))
    if not drop:
        return folded, range(n)
    keep: list[int] = []
    last = 0
    for d in drop:
        keep.extend(range(last, d))
        last = d + 1
    keep.extend(range(last, n))
    return "".join([folded[i] for i in keep]), tuple(keep)


def _fold_line_slow(line: str) -> tuple[str, tuple[int, ...]]:
    """`_fold_line` one character at a time (lines with characters that fold to nothing)."""
    out: list[str] = []
    idx: list[int] = []
    n = len(line)
    for i, ch in enumerate(line):
        f = _fold_char(ch)
        if not f:
            continue
        if f == " ":
            if not out or out[-1] == " ":
                continue
            nxt = i + 1
            while nxt < n and (_fold_char(line[nxt]) in (" ", "")):
                nxt += 1
            if is_cjk(out[-1]) or (nxt < n and is_cjk(line[nxt])):
                continue
        out.append(f)
        idx.append(i)
    return "".join(out), tuple(idx)


# Lines folded recently, by their text: a chat message is read by the analysis, the situation reader
# and the region choice, each time with other lines around it (the account so far, the review
# copy), so each line is folded once. Bounded by characters, not entries: lines may be 20,000 long.
_LINES: dict[str, tuple[str, tuple[int, ...] | range]] = {}
_LINES_CHARS = 0
LINE_CACHE_CHARS = 200_000
LINE_CACHE_LINES = 512
_LINES_LOCK = threading.Lock()


def _folded_line(line: str) -> tuple[str, tuple[int, ...] | range]:
    """`_fold_line` through the cache of recent lines (thread-safe: the API may analyse in threads)."""
    global _LINES_CHARS
    hit = _LINES.get(line)
    if hit is not None:
        return hit
    hit = _fold_line(line)
    if len(line) <= LINE_CACHE_CHARS // 4:
        with _LINES_LOCK:
            while _LINES and (_LINES_CHARS + len(line) > LINE_CACHE_CHARS or len(_LINES) >= LINE_CACHE_LINES):
                oldest = next(iter(_LINES))  # the oldest first
                del _LINES[oldest]
                _LINES_CHARS -= len(oldest)
            if line not in _LINES:
                _LINES[line] = hit
                _LINES_CHARS += len(line)
    return hit


@lru_cache(maxsize=8)
def normalize(text: str) -> Normalized:
    """Fold `text` and keep the map back to the original characters.

    The same text is folded once however many readers ask (the result is immutable), and a text
    made of lines already folded (a message, then that message with the account kept so far)
    folds only its new lines."""
    out: list[str] = []
    idx: list[int] = []
    offset = 0
    for k, line in enumerate(text.split("\n")):
        if k:
            out.append("\n")  # a newline is always kept (only trailing white space is dropped)
            idx.append(offset - 1)
        if line:
            folded, where = _folded_line(line)
            out.extend(folded)
            if not offset:
                idx.extend(where)
            elif isinstance(where, range):
                idx.extend(range(where.start + offset, where.stop + offset))
            else:
                idx.extend([i + offset for i in where])
        offset += len(line) + 1
    while out and out[-1] in " \n":
        out.pop()
        idx.pop()
    if _CJK.search("".join(out)):
        out, idx = _apply_variants(out, idx)
    return Normalized("".join(out), tuple(idx), text)


def normalize_uncached(text: str) -> Normalized:
    """`normalize` as one pass over the whole text, with no cache (the reference the tests compare with)."""
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
