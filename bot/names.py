"""Names people type for a region or a scam script, resolved in one place for every entry point.

A region is typed after the global `--region`, `check --region`, `number check --region`,
`CALLCHECK_REGION`, the chat's `/region` and the API: each goes through `find_region` /
`resolve_region` (a code, an alias such as UK for GB, an English or Chinese name, in any case and
spacing). A scam script is typed after `number report --script`, `number import`, `alert send
--script` and `/alert`: each goes through `resolve_script` (its id, its name in either language, or
a part of its name such as 理赔 or "safe account"), and an unknown one is refused with the choices.
"""

from __future__ import annotations

import difflib
import unicodedata

from knowledge.model import KnowledgeBase, Region
from nlu.regexcache import compile as re_compile

_DOTS = re_compile(r"(?<=\w)\.(?=\w|$)")  # "U.K." -> "UK"
_SPACE = re_compile(r"[\s_\-]+")
_THE = re_compile(r"^the[\s_\-]+")


def name_key(text: str) -> str:
    """How a typed name is compared: width-folded, lower case, dots in abbreviations and spaces,
    hyphens and underscores ignored ("U.K.", " uk ", "Hong-Kong", "hong  kong" -> "uk", "hongkong")."""
    from nlu.normalize import fold

    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    text = _DOTS.sub("", text)
    text = fold(text).casefold().strip()
    return _SPACE.sub("", _THE.sub("", text))


class UnknownName(ValueError):
    """A name that is no known region or script; the message lists the choices."""

    def __init__(self, message: str, choices: list[str], close: list[str] | None = None):
        super().__init__(message)
        self.choices = choices
        self.close = close or []


class UnknownRegion(UnknownName):
    """A region nobody knows."""


class UnknownScript(UnknownName):
    """A scam script nobody knows (or a word several scripts' names share)."""


# -- regions ----------------------------------------------------------------------------------


def _region_keys(region: Region) -> set[str]:
    return {name_key(x) for x in (region.id, region.names.zh, region.names.en, *region.aliases) if x}


def find_region(kb: KnowledgeBase, name: str) -> Region | None:
    """The region `name` means (GB for "UK", "u.k.", "Britain", 英国), or None."""
    key = name_key(name)
    if not key:
        return None
    for region in kb.regions.values():
        if key in _region_keys(region):
            return region
    return None


def region_choices(kb: KnowledgeBase, lang: str = "en") -> list[str]:
    """ "GB (the UK: also UK)", one per region, for messages."""
    out = []
    for r in kb.regions.values():
        short = [a.upper() for a in r.aliases if a.isascii() and len(a) <= 3 and a.upper() != r.id]
        also = f"; also {', '.join(short)}" if short else ""
        out.append(f"{r.id} ({r.names.get(lang)}{also})")
    return out


def resolve_region(kb: KnowledgeBase, name: str, lang: str = "en") -> Region:
    """The region `name` means; UnknownRegion listing the regions callcheck knows otherwise."""
    found = find_region(kb, name)
    if found is not None:
        return found
    choices = region_choices(kb, lang)
    keys = {k: r.id for r in kb.regions.values() for k in _region_keys(r)}
    close = list(dict.fromkeys(keys[c] for c in difflib.get_close_matches(name_key(name), list(keys), 3, 0.75)))
    shown = str(name).strip()[:40]
    if lang == "zh":
        msg = (
            f"不认识的地区“{shown}”"
            + (f"（是不是 {', '.join(close)}？）" if close else "")
            + "。可用："
            + "、".join(choices)
        )
    else:
        msg = f"unknown region {shown!r}" + (f" (did you mean {', '.join(close)}?)" if close else "")
        msg += ": use one of " + ", ".join(choices)
    raise UnknownRegion(msg, choices, close)


def phone_region(kb: KnowledgeBase, name: str) -> str:
    """The two-letter code numbers are read in: a region callcheck knows (by any of its names, UK ->
    GB), else any country the phone library knows by its ISO code (DE, FR); UnknownRegion otherwise."""
    found = find_region(kb, name)
    if found is not None:
        return found.id
    import phonenumbers

    code = name_key(name).upper()
    if len(code) == 2 and code in phonenumbers.SUPPORTED_REGIONS:
        return code
    try:
        resolve_region(kb, name)
    except UnknownRegion as exc:
        raise UnknownRegion(f"{exc} (or any other two-letter country code, e.g. DE)", exc.choices, exc.close) from None
    raise AssertionError("unreachable")  # pragma: no cover


# -- scam scripts ------------------------------------------------------------------------------

_PARTS = re_compile(r"[/／、,，;；()（）\"“”'‘’「」《》:：]|\s+-\s+|\bor\b")
_SUFFIXES = ("诈骗", "骗局", "scam", "call", "offer")


def _name_parts(name: str) -> set[str]:
    """The parts of a script's name people type alone: 冒充客服退款/理赔诈骗 -> 冒充客服退款, 理赔."""
    out = set()
    for part in _PARTS.split(name):
        key = name_key(part)
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
        if len(key) >= 2:
            out.add(key)
    return out


def script_index(kb: KnowledgeBase) -> tuple[dict[str, str], dict[str, set[str]]]:
    """(exact names -> id, name parts -> ids): ids, names in both languages, then the parts of names."""
    exact: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for sid, script in kb.scripts.items():
        for name in (sid, sid.replace("_", " "), script.names.zh, script.names.en, *script.also_called):
            exact[name_key(name)] = sid
        for name in (script.names.zh, script.names.en, *script.also_called):
            for part in _name_parts(name):
                parts.setdefault(part, set()).add(sid)
    return exact, parts


def find_script(kb: KnowledgeBase, word: str) -> str | None:
    """The script `word` names exactly, or by a part of its name only it has; None otherwise."""
    try:
        return resolve_script(kb, word)
    except UnknownScript:
        return None


def script_choices(kb: KnowledgeBase, lang: str = "en") -> list[str]:
    """ "name (id)" for every script, sorted by name in `lang`."""
    return sorted(f"{s.names.get(lang)} ({sid})" for sid, s in kb.scripts.items())


def resolve_script(kb: KnowledgeBase, word: str, lang: str = "en") -> str:
    """A script id from its id, its name in either language, or a part of its name only it has
    (理赔, "safe account", 杀猪盘); UnknownScript with the closest names and every choice otherwise."""
    key = name_key(word)
    exact, parts = script_index(kb)
    if key in exact:
        return exact[key]
    ids = parts.get(key, set())
    if len(ids) == 1:
        return next(iter(ids))
    if not ids and len(key) >= (2 if not key.isascii() else 4):
        # a part of a name: only when exactly one script's names hold it ("理赔", "membership")
        ids = {sid for name, sid in exact.items() if key in name}
        if len(ids) == 1:
            return next(iter(ids))
    if ids:
        close = sorted(ids)
    else:
        pool = {**exact, **{p: next(iter(s)) for p, s in parts.items() if len(s) == 1}}
        # Close names only: "amazon" is no misspelt "game account", "nonsense" no "boss" (a two-character
        # Chinese name one character off is half alike, so Chinese may be that far); nothing far behind the best.
        found = difflib.get_close_matches(key, list(pool), 3, 0.5 if not key.isascii() else 0.6)
        best = difflib.SequenceMatcher(None, key, found[0]).ratio() if found else 0
        alike = [c for c in found if difflib.SequenceMatcher(None, key, c).ratio() >= best - 0.1]
        close = list(dict.fromkeys(pool[c] for c in alike))
    choices = script_choices(kb, lang)
    shown = str(word).strip()[:40]
    named = [f"{kb.scripts[sid].names.get(lang)} ({sid})" for sid in close]
    if lang == "zh":
        msg = f"“{shown}”" + ("同时符合几种诈骗类型" if ids else "不是已知的诈骗类型")
        msg += (
            (f"（是不是：{'、'.join(named)}？）" if named else "") + "。可用：\n" + "\n".join(f"• {c}" for c in choices)
        )
    else:
        msg = f"{shown!r} " + ("matches several scam types" if ids else "is no scam type callcheck knows")
        msg += (f" (did you mean: {'; '.join(named)}?)" if named else "") + "; one of:\n"
        msg += "\n".join(f"• {c}" for c in choices)
    raise UnknownScript(msg, choices, close)
