"""Misspelt names read as the names they mean: "amzon custmer servise … instal anydsk" as "amazon customer
service … install anydesk", "any desk" as anydesk, pinyin inside Chinese ("taobao客服") as 淘宝客服.

The names are a bounded list (knowledge/spelling.yml: brands, remote-access tools, payment apps and the few
words the script turns on). Only candidate words are compared: Latin words of four letters or more that no
knowledge file uses (a word the rules are written with is a real word, never a typo) and that start with
the letter of some name. The comparison is rapidfuzz's optimal-string-alignment distance (a swap of two
neighbours counts as one edit) against the names of that first letter, within one edit (two for names of
nine letters or more), and each word's answer is kept, so a long text costs a set lookup per word.

The result is a `Normalized` like the one it was given, each replacement mapped to the characters it
replaced, so evidence still quotes the person's own spelling. A name only names: the verdict still comes
from the structure of the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .normalize import Normalized
from .regexcache import compile as re_compile

MIN_WORD = 4  # shorter words are left alone: too many real words sit one letter from a short name
LONG_NAME = 9  # names this long (without spaces) may be two edits off ("telegraph" is no "telegram")
# Longer forms of a name are words of their own ("refunds", "installed", "downloading").
_ENDINGS = frozenset({"s", "es", "d", "ed", "er", "ers", "ing", "able", "al", "ly", "ment"})
# A word, not a piece of an address: nothing of a link, a domain or an e-mail address is read ("royalmail.com").
_WORD = re_compile(r"(?<![a-z0-9./@:_-])[a-z]+(?![a-z0-9/@_-]|\.[a-z0-9])")
_PLAIN = re_compile("[a-z]+")
_CJK = re_compile("[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Names:
    names: tuple[str, ...]
    zh: dict[str, str]
    lexicon: frozenset[str]
    by_letter: dict[str, tuple[str, ...]]
    lengths: dict[str, tuple[int, int]]  # first letter -> the shortest and longest name starting with it
    flat: dict[str, str]  # a name with its spaces dropped -> the name ("quickassist" -> "quick assist")
    heads: frozenset[str]  # first parts of a name written apart ("any" of "any desk", "pay" of "pay pal")
    parts: dict[str, tuple[str, ...]]  # first letter -> the words a name may be written apart into
    inside_chinese: dict[str, str]  # an English word (or two) inside Chinese -> the Chinese word
    mixed_words: frozenset[str]  # every word of those ("otp" of "otp code")


def _knowledge_texts():
    root = resources.files("knowledge")
    for sub in (root, root.joinpath("scripts"), root.joinpath("official")):
        for f in sub.iterdir():
            if f.name.endswith(".yml") and f.name != "spelling.yml":
                yield f.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def names() -> Names:
    """`_names`, made once per version of the code and the knowledge package, kept on disk with the
    knowledge cache (knowledge/kbcache.py): 40 ms and PyYAML's import the first English word saves."""
    from knowledge.kbcache import package_table

    return package_table("spelling", _names)


def _names() -> Names:
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
        words.update(_PLAIN.findall(text.lower()))
    words.update(str(w).lower() for w in data.get("not_typos") or [])
    flat = {name.replace(" ", ""): name for name in out}
    by_letter: dict[str, list[str]] = {}
    for key in flat:
        by_letter.setdefault(key[0], []).append(key)
    glossary = {str(k).lower(): str(v) for k, v in (data.get("inside_chinese") or {}).items()}
    lengths = {k: (min(map(len, v)), max(map(len, v))) for k, v in by_letter.items()}
    heads = frozenset(key[:i] for key in flat for i in range(2, len(key) - 1))
    apart = [str(a).lower() for a in data.get("written_apart") or []]
    split = {p for name in [*out, *apart] if " " in name for p in name.split(" ")}
    parts: dict[str, list[str]] = {}
    for p in split:
        parts.setdefault(p[0], []).append(p)
    return Names(
        tuple(out),
        zh,
        frozenset(words),
        {k: tuple(v) for k, v in by_letter.items()},
        lengths,
        flat,
        heads,
        {k: tuple(v) for k, v in parts.items()},
        glossary,
        frozenset(w for key in glossary for w in key.split(" ")),
    )


@lru_cache(maxsize=16384)
def _part_of_name(word: str) -> bool:
    """Whether `word` is (within one edit, the first letter kept) a part of a name written apart: only two
    such words side by side are compared with the names as a pair ("team veiwer", "custmer servise")."""
    choices = names().parts.get(word[:1])
    if not choices:
        return False
    if word in choices:
        return True
    from rapidfuzz.distance import OSA  # (imported once a word is compared: 20 ms a process often saves)
    from rapidfuzz.process import extractOne

    return len(word) >= MIN_WORD and extractOne(word, choices, scorer=OSA.distance, score_cutoff=1) is not None


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
    if not choices or not n.lengths[flat[0]][0] - 2 <= len(flat) <= n.lengths[flat[0]][1] + 2:
        return None
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extractOne

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
    found = set(_WORD.findall(text))
    if not found:
        return norm
    n = names()
    chinese = bool(_CJK.search(text))
    # Most texts have nothing to read: no word outside the knowledge's own words reads as a name, no two words
    # could be a name written apart, and no English word is mixed into Chinese. Decided on the set of words.
    lexicon, flat, glossary, zh = n.lexicon, n.flat, n.inside_chinese, n.zh
    if not (
        any(read_as(w) is not None for w in found - lexicon if len(w) >= MIN_WORD and w[0] in n.by_letter)
        or any(h + w in flat for h in found & n.heads for w in found)
        or (any(map(_part_of_name, found - lexicon)) and sum(map(_part_of_name, found)) >= 2)
        or (chinese and (not found.isdisjoint(n.mixed_words) or not found.isdisjoint(zh)))
    ):
        return norm
    edits: list[tuple[int, int, str]] = []
    spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    i = 0
    while i < len(spans):
        start, end, word = spans[i]
        known = word in lexicon and not (chinese and (word in glossary or word in zh))
        # two words with one space between them first ("royal mial", "any desk", "safe account"), then the word
        if i + 1 < len(spans) and spans[i + 1][0] == end + 1 and text[end] == " ":
            second = spans[i + 1][2]
            pair = f"{word} {second}"
            if (
                word + second in flat
                or (chinese and pair in glossary)
                or (not (known and second in lexicon) and _part_of_name(word) and _part_of_name(second))
            ):
                target = _target(pair, n, chinese and _by_chinese(text, start, spans[i + 1][1]))
                if target is not None:
                    edits.append((start, spans[i + 1][1], target))
                    i += 2
                    continue
        if not known:  # (a word the knowledge uses is a real word: nothing to read)
            target = _target(word, n, chinese and _by_chinese(text, start, end))
            if target is not None:
                edits.append((start, end, target))
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
        idx.extend(
            norm.index[e - 1] if j == len(value) - 1 else norm.index[s + min(j, k - 1)] for j in range(len(value))
        )
        last = e
    out.append(text[last:])
    idx.extend(norm.index[last:])
    return Normalized("".join(out), tuple(idx), norm.original)
