"""Literal text that every match of a regular expression contains, to rule a pattern out cheaply.

`required_literals(source)` reads the expression's parse tree (Python's own parser) and returns
groups of plain text, one of each group in every match: a text that lacks every literal of a group
cannot match, which a substring test (`in`, in C) tells far faster than running the expression.
Runs of plain characters in the main sequence count, and alternations there whose every branch
requires some literal; nothing inside an optional part or a look-around, and nothing from a
case-insensitive expression (its letters may match either case).

`LiteralFinder` finds many literals in one pass over a text (an Aho–Corasick automaton): the
analyzer's triggers and required literals, so each phrase's prefilter is a set lookup.
`Prefiltered` is a compiled expression whose `search` first asks whether the text holds what every
match needs (the analyzer's cues).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

from . import regexcache

try:  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_LITERAL = _sre_parse.LITERAL
_SUBPATTERN = _sre_parse.SUBPATTERN
_BRANCH = _sre_parse.BRANCH
_IN = _sre_parse.IN
_REPEATS = tuple(
    getattr(_sre_parse, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre_parse, name)
)
MIN_LENGTH = 2  # one character rules out too little to be worth a set lookup in the one-pass finder
MAX_GROUP = 64  # literals in one group from an alternation; more: too many to be worth looking for


def required_literals(source: str, flags: int = 0, min_length: int = MIN_LENGTH) -> tuple[tuple[str, ...], ...]:
    """What every match of `source` contains: groups of literals, one of each group at least.

    A run of plain characters in the main sequence (or in a group or repeat it cannot skip) is a
    group of one. An alternation there is a group when every branch requires some literal: one
    group of each branch (its strongest), taken together ("(?:courier|delivery guy)": courier or
    delivery guy; "(?:(?<!x)call back|ring (?:me|us))": "call back" or "ring"). Groups with a
    literal shorter than `min_length` are left out (with 1, a set of single characters such as
    [他她] is a group too). A literal of a group that holds another of the same group is dropped
    (the shorter one is in every text the longer one is in)."""
    if flags & re.IGNORECASE:
        return ()
    # Read from the expression's parse tree (about half of compiling it): kept on disk with the code.
    return regexcache.remember(
        ("literals", source, int(flags), min_length), lambda: _required(source, flags, min_length)
    )


def _required(source: str, flags: int, min_length: int) -> tuple[tuple[str, ...], ...]:
    try:
        parsed = _sre_parse.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()  # (?i) inside the expression
    kept = set(_groups(parsed, max(1, min_length)))
    return tuple(sorted(kept, key=lambda g: (len(g), -min(map(len, g)), g)))


def _groups(sequence, min_length: int) -> list[tuple[str, ...]]:
    """The groups of literals a parsed sequence requires (every literal at least `min_length` long)."""
    groups: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in [*sequence, (None, None)]:
        if op == _LITERAL:
            run.append(chr(arg))
            continue
        if run and len(run) >= min_length:
            groups.append(("".join(run),))
        run = []
        if op == _SUBPATTERN:
            groups += _groups(arg[-1], min_length)  # a group is part of the sequence: what it requires, the whole does
        elif op in _REPEATS and arg[0] >= 1:
            groups += _groups(arg[2], min_length)  # repeated at least once
        elif op == _IN and min_length == 1 and arg and all(o == _LITERAL for o, _ in arg):
            groups.append(tuple(sorted({chr(c) for _, c in arg})))  # [他她]: one of these characters
        elif op == _BRANCH:
            either: set[str] = set()
            for branch in arg[1]:
                own = _groups(branch, min_length)
                if not own:
                    break  # a branch that requires nothing: neither does the alternation
                either.update(max(own, key=_strength))
            else:
                if len(either) <= MAX_GROUP:
                    groups.append(_smallest(either))
    return groups


def either_of(requirements: Iterable[tuple[tuple[str, ...], ...]]) -> tuple[tuple[str, ...], ...]:
    """What every match of an alternation needs, from what each of its branches needs (`required_literals`
    of each): one group of each branch's strongest, taken together; nothing when a branch needs nothing."""
    either: set[str] = set()
    for groups in requirements:
        if not groups:
            return ()
        either.update(max(groups, key=_strength))
    return (_smallest(either),) if either and len(either) <= MAX_GROUP else ()


def _strength(group: tuple[str, ...]) -> tuple[int, int]:
    """How much a group rules out: its shortest literal long, and few literals."""
    return min(map(len, group)), -len(group)


def _smallest(literals: set[str]) -> tuple[str, ...]:
    """The literals less those holding another of them (a text with "calls" has "call")."""
    return tuple(sorted(lit for lit in literals if not any(o != lit and o in lit for o in literals)))


class Prefiltered:
    """A compiled expression whose `search` runs only on a text holding, of each group of literals
    every match needs (`required_literals`, single characters too), at least one: a few substring
    tests in C instead of trying the expression at every place of a long text. Otherwise the
    compiled expression's own methods and attributes (`match`, `sub`, `pattern`…); `finditer` is
    prefiltered as `search` is."""

    __slots__ = ("_needs", "regex")

    def __init__(self, source: str, flags: int = 0, needs: tuple[tuple[str, ...], ...] | None = None):
        """`needs`: the groups of literals every match needs when the caller knows them (read from the
        expression's parse tree otherwise, which costs milliseconds on a long alternation)."""
        self.regex = regexcache.compile(source, flags)
        self._needs = required_literals(source, flags, min_length=1) if needs is None else needs

    def search(self, string: str, *args):
        """`re.Pattern.search`, None at once when the string lacks a literal every match needs."""
        if self._needs and not could_match(self._needs, string.__contains__):
            return None
        return self.regex.search(string, *args)

    def finditer(self, string: str, *args):
        """`re.Pattern.finditer`, nothing at once when the string lacks a literal every match needs."""
        if self._needs and not could_match(self._needs, string.__contains__):
            return iter(())
        return self.regex.finditer(string, *args)

    def __getattr__(self, name: str):
        return getattr(self.regex, name)

    def __repr__(self) -> str:
        return f"Prefiltered({self.regex.pattern!r})"


def could_match(required: tuple[tuple[str, ...], ...], has) -> bool:
    """False when the text lacks every literal of some group (so the expression cannot match it).

    `has(literal)` tells whether the text holds a literal: `text.__contains__`, or the
    `Found.contains` of one LiteralFinder pass over the text (set membership, no search)."""
    for group in required:
        if len(group) == 1:
            if not has(group[0]):
                return False
        elif not any(map(has, group)):
            return False
    return True


class LiteralFinder:
    """Where each of many literal strings occurs in a text, found in one pass (an Aho–Corasick
    automaton, pyahocorasick): the analyzer's phrase triggers, the literals its phrases require,
    and the organisations' and apps' names, instead of one substring search per literal."""

    def __init__(self, literals: Iterable[str]):
        self.known = frozenset(lit for lit in literals if lit)
        self._automaton = ahocorasick.Automaton()
        for lit in self.known:
            self._automaton.add_word(lit, (len(lit) - 1, lit))
        if self.known:
            self._automaton.make_automaton()

    def find(self, text: str) -> Found:
        """Every occurrence in `text` of every literal (overlapping ones too), by literal."""
        where: dict[str, list[int]] = {}
        if self.known:
            for end, (back, lit) in self._automaton.iter(text):
                at = where.get(lit)
                if at is None:
                    where[lit] = [end - back]
                else:
                    at.append(end - back)
        return Found(text, where, self.known)


class Found:
    """The literals of a LiteralFinder that occur in one text, and where (start indices, ascending)."""

    __slots__ = ("known", "text", "where")

    def __init__(self, text: str, where: dict[str, list[int]], known: frozenset[str]):
        self.text = text
        self.where = where
        self.known = known

    def contains(self, literal: str) -> bool:
        """Whether `literal` occurs in the text (a literal the finder was not built with: searched for)."""
        return literal in self.where or (literal not in self.known and literal in self.text)

    def positions(self, literal: str) -> list[int]:
        """Every start index of `literal` in the text, overlapping occurrences included."""
        at = self.where.get(literal)
        if at is not None or literal in self.known:
            return at or []
        out: list[int] = []
        i = self.text.find(literal)
        while i >= 0:
            out.append(i)
            i = self.text.find(literal, i + 1)
        return out
