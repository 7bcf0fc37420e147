"""How a text is told: a warning about scams, an account of one incident, or the message itself.

The same words ("pay a redelivery fee by clicking a link") are a scam attempt in a text message, a
scam in someone's story of what happened to them, and advice in a police warning. The cues live
in `knowledge/telling.yml`; this module only compiles and counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import regexcache
from .literals import could_match, required_literals

# A number may start only where a run of digits starts: "#年#月#日" is then tried once per run, not
# once per digit (4,096 digits took 3 s; 20,000 took 50 s).
_NUMBER = r"(?=\d)(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*"


class Telling:
    """What the cues say about the text; incident cues are looked for only when asked."""

    __slots__ = ("_has", "_incident", "_lang", "_text", "kind", "warning_cues")

    def __init__(self, kind: str, warning_cues: tuple[str, ...], text: str, lang: str, incident=None, has=None):
        self.kind = kind  # "warning" or "other"
        self.warning_cues = warning_cues
        self._text, self._lang, self._incident, self._has = text, lang, incident, has

    @property
    def incident_cues(self) -> tuple[str, ...]:
        """Signs of one specific event, or of the message itself (searched on first use)."""
        if self._incident is None:
            self._incident = _hits(cues().incident, self._text, self._lang, self._has)
        return self._incident

    def __repr__(self) -> str:
        return f"Telling(kind={self.kind!r}, warning_cues={self.warning_cues!r})"


@dataclass(frozen=True)
class _Cues:
    warning: dict[str, tuple[re.Pattern, ...]]
    incident: dict[str, tuple[re.Pattern, ...]]
    warning_min: int


def _compile(items: list[str]) -> tuple[re.Pattern, ...]:
    return tuple(regexcache.compile(item.replace("#", _NUMBER)) for item in items or ())


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """The cues shipped in knowledge/telling.yml, compiled once."""
    import yaml

    text = resources.files("knowledge").joinpath("telling.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10x faster
    return _Cues(
        warning={lang: _compile(v) for lang, v in (data.get("warning") or {}).items()},
        incident={lang: _compile(v) for lang, v in (data.get("incident") or {}).items()},
        warning_min=int(data.get("warning_min", 1)),
    )


_REQUIRED: dict[re.Pattern, tuple[tuple[str, ...], ...]] = {}


def _required(pat: re.Pattern) -> tuple[tuple[str, ...], ...]:
    required = _REQUIRED.get(pat)
    if required is None:
        required = _REQUIRED[pat] = required_literals(pat.pattern, pat.flags)
    return required


def cue_literals() -> set[str]:
    """Every literal some cue requires: a LiteralFinder built with them answers `has` for how_told."""
    c = cues()
    return {
        lit
        for table in (c.warning, c.incident)
        for pats in table.values()
        for pat in pats
        for group in _required(pat)
        for lit in group
    }


_SPLIT: dict[re.Pattern, tuple[frozenset[str], tuple[frozenset[str], ...]]] = {}
# The last LiteralFinder's literals asked about, the cues then loaded, and whether those literals hold every one
# the cues need (one tuple: replaced at once).
_covered: tuple[frozenset[str] | None, _Cues | None, bool] = (None, None, False)


def _split(pat: re.Pattern) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """A cue's required literals as `Analyzer.match` tests a phrase's: the single ones as one set, and the groups."""
    split = _SPLIT.get(pat)
    if split is None:
        required = _required(pat)
        split = _SPLIT[pat] = (
            frozenset(g[0] for g in required if len(g) == 1),
            tuple(frozenset(g) for g in required if len(g) > 1),
        )
    return split


def _found_of(has):
    """The `Found` whose `contains` `has` is, when its finder was built with every cue's literals (then a literal
    is in the text exactly when it is among the found ones, and a cue is tested with set operations in C)."""
    found = getattr(has, "__self__", None)
    known = getattr(found, "known", None)
    if not isinstance(known, frozenset) or not isinstance(getattr(found, "where", None), dict):
        return None
    global _covered
    last, loaded, covered = _covered
    now = cues()
    if last is not known or loaded is not now:
        covered = cue_literals() <= known
        _covered = (known, now, covered)
    return found if covered else None


def _hits(patterns: dict[str, tuple[re.Pattern, ...]], text: str, lang: str, has=None) -> tuple[str, ...]:
    langs = ("en", "zh") if lang == "mixed" else (lang,)
    found = _found_of(has) if has is not None else None
    present = found.where.keys() if found is not None else None
    has = has or text.__contains__
    out = []
    for code in langs:
        for pat in patterns.get(code, ()):
            if present is not None:
                singles, groups = _split(pat)
                if singles and not present >= singles:
                    continue  # a word the cue needs is nowhere in the text
                if groups and True in map(present.isdisjoint, groups):
                    continue
            else:
                required = _required(pat)
                if required and not could_match(required, has):
                    continue  # a word the cue needs is nowhere in the text
            m = pat.search(text)
            if m:
                out.append(m.group(0))
    return tuple(out)


def how_told(text: str, lang: str, has=None) -> Telling:
    """Classify normalised text: "warning" when it advises the public and tells no incident. `has`:
    whether the text holds a literal (the `Found.contains` of a LiteralFinder built with
    `cue_literals()`, one pass for all); by default a substring search per literal."""
    c = cues()
    warning = _hits(c.warning, text, lang, has)
    if len(warning) < c.warning_min:  # no advice at all: no need to look for an incident
        return Telling("other", warning, text, lang, has=has)
    told = Telling("other", warning, text, lang, has=has)
    if not told.incident_cues:
        told.kind = "warning"
    return told
