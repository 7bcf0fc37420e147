"""Misspelt names read as the names they mean: "amzon custmer servise … instal anydsk" as "amazon customer
service … install anydesk", "any desk" as anydesk, pinyin inside Chinese ("taobao客服") as 淘宝客服.

The names are a bounded list (knowledge/spelling.yml: brands, remote-access tools, payment apps and the few
words the script turns on). Only candidate words are compared: Latin words of four letters or more that no
knowledge file uses (a word the rules are written with is a real word, never a typo) and that start with
the letter of some name. The comparison is rapidfuzz's optimal-string-alignment distance (a swap of two
neighbours counts as one edit) against the names of that first letter, within one edit (two for names of
eight letters or more), and each word's answer is kept, so a long text costs a set lookup per word.

The result is a `Normalized` like the one it was given, each replacement mapped to the characters it
replaced, so evidence still quotes the person's own spelling. A name only names: the verdict still comes
from the structure of the account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

from .normalize import Normalized

MIN_WORD = 4  # shorter words are left alone: too many real words sit one letter from a short name
LONG_NAME = 8  # names this long (without spaces) may be two edits off
# Longer forms of a name are words of their own ("refunds", "installed", "downloading").
_ENDINGS = frozenset({"s", "es", "d", "ed", "er", "ers", "ing", "able", "al", "ly", "ment"})
_WORD = re.compile(r"(?<![a-z0-9])[a-z]+(?![a-z0-9])")
_CJK = re.compile("[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Names:
    names: tuple[str, ...]
    zh: dict[str, str]
    lexicon: frozenset[str]
    by_letter: dict[str, tuple[str, ...]]
    flat: dict[str, str]  # a name with its spaces dropped -> the name ("quickassist" -> "quick assist")
    inside_chinese: dict[str, str]  # an English word (or two) inside Chinese -> the Chinese word


def _knowledge_texts():
    root = resources.files("knowledge")
    for sub in (root, root.joinpath("scripts"), root.joinpath("official")):
        for f in sub.iterdir():
            if f.name.endswith(".yml") and f.name != "spelling.yml":
                yield f.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def names() -> Names:
    """knowledge/spelling.yml, and the lexicon: every Latin word the other knowledge files use."""
    import yaml

    data = yaml.safe_load(resources.files("knowledge").joinpath("spelling.yml").read_text(encoding="utf-8")) or {}
    out: list[str] = []
    zh: dict[str, str] = {}
    for entry in data.get("names") or []:
        name = str(entry["name"] if isinstance(entry, dict) else entry).lower().strip()
        out.append(name)
        if isinstance(entry, dict) and entry.get("zh"):
            zh[name] = str(entry["zh"])
    words: set[str] = set()
    for text in _knowledge_texts():
        words.update(_WORD.findall(text.lower()))
    words.update(str(w).lower() for w in data.get("not_typos") or [])
    flat = {name.replace(" ", ""): name for name in out}
    by_letter: dict[str, list[str]] = {}
    for key in flat:
        by_letter.setdefault(key[0], []).append(key)
    glossary = {str(k).lower(): str(v) for k, v in (data.get("inside_chinese") or {}).items()}
    return Names(tuple(out), zh, frozenset(words), {k: tuple(v) for k, v in by_letter.items()}, flat, glossary)


@lru_cache(maxsize=8192)
def read_as(word: str) -> str | None:
    """The name a misspelt word (or two words with one space between) means, or None."""
    n = names()
    flat = word.replace(" ", "")
    if flat in n.flat:
        return n.flat[flat]  # a name, or one written apart ("any desk", "pay pal") or together ("quickassist")
    if len(flat) < MIN_WORD or all(part in n.lexicon for part in word.split(" ")):
        return None  # a word the knowledge uses is a real word (two of them side by side: two real words)
    choices = n.by_letter.get(flat[0])
    if not choices:
        return None
    best = extractOne(flat, choices, scorer=OSA.distance, score_cutoff=2)
    if best is None:
        return None
    name, distance = best[0], best[1]
    if (flat.startswith(name) and flat[len(name) :] in _ENDINGS) or distance > (2 if len(name) >= LONG_NAME else 1):
        return None  # a longer form of the name ("refunds"), or too far for a short name
    return n.flat[name]


def _by_chinese(text: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) stand next to a Chinese character (one space between at most): a
    word mixed into a Chinese clause, not a word of an English sentence beside Chinese ones."""
    before = text[max(0, start - 2) : start].rstrip(" ")[-1:]
    after = text[end : end + 2].lstrip(" ")[:1]
    return bool(_CJK.match(before) or _CJK.match(after))


def _target(word: str, n: Names, chinese: bool) -> str | None:
    """What to read `word` as (None: as written): the name it means; mixed into Chinese (`chinese`), the
    name's Chinese form or the Chinese word for an English one ("download個app" -> 下载个app)."""
    name = read_as(word)
    if chinese:
        target = n.zh.get(name, n.inside_chinese.get(name, name)) if name else n.inside_chinese.get(word)
    else:
        target = name
    return target if target is not None and target != word else None


def correct(norm: Normalized) -> Normalized:
    """`norm` with misspelt names read as the names (and, inside Chinese, as their Chinese form)."""
    text = norm.text
    words = list(_WORD.finditer(text))
    if not words:
        return norm
    n = names()
    chinese = bool(_CJK.search(text))
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        m = words[i]
        # two words with one space between them first ("royal mial", "any desk", "safe account"), then the word
        if i + 1 < len(words) and words[i + 1].start() == m.end() + 1 and text[m.end()] == " ":
            pair = f"{m.group(0)} {words[i + 1].group(0)}"
            target = _target(pair, n, chinese and _by_chinese(text, m.start(), words[i + 1].end()))
            if target is not None:
                edits.append((m.start(), words[i + 1].end(), target))
                i += 2
                continue
        target = _target(m.group(0), n, chinese and _by_chinese(text, m.start(), m.end()))
        if target is not None:
            edits.append((m.start(), m.end(), target))
        i += 1
    if not edits:
        return norm
    out: list[str] = []
    idx: list[int] = []
    last = 0
    for s, e, value in edits:
        out.append(text[last:s])
        idx.extend(norm.index[last:s])
        k = e - s
        out.append(value)
        # every replacement character maps into the replaced span; the last one to its end
        idx.extend(norm.index[e - 1] if j == len(value) - 1 else norm.index[s + min(j, k - 1)] for j in range(len(value)))
        last = e
    out.append(text[last:])
    idx.extend(norm.index[last:])
    return Normalized("".join(out), tuple(idx), norm.original)
