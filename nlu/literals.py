"""Literal text that every match of a regular expression contains, to rule a pattern out cheaply.

`required_literals(source)` reads the expression's parse tree (Python's own parser) and returns its
top-level runs of plain characters: a text that lacks one of them cannot match, which a substring
test (`in`, in C) tells far faster than running the expression. Only runs in the main sequence
count: nothing inside a group, an alternative, a repeat or a look-around, and nothing from a
case-insensitive expression (its letters may match either case).

`LiteralFinder` finds many literals in one pass over a text (an Aho–Corasick automaton): the
analyzer's triggers and required literals, so each phrase's prefilter is a set lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

try:  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_LITERAL = _sre_parse.LITERAL
_SUBPATTERN = _sre_parse.SUBPATTERN
_BRANCH = _sre_parse.BRANCH
_REPEATS = tuple(
    getattr(_sre_parse, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre_parse, name)
)
MIN_LENGTH = 2  # one character rules out too little to be worth a test


def required_literals(source: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """What every match of `source` contains: groups of literals, one of each group at least.

    A run of plain characters in the main sequence (or in a group or repeat it cannot skip) is a
    group of one; an alternation there whose every branch starts with plain characters is a group
    of those beginnings ("(?:courier|delivery guy)": courier or delivery). Groups with a literal
    shorter than MIN_LENGTH are left out: a single character rules out too little."""
    if flags & re.IGNORECASE:
        return ()
    try:
        parsed = _sre_parse.parse(source, flags)
    except (re.error, RecursionError, OverflowError):
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()  # (?i) inside the expression
    groups: list[tuple[str, ...]] = []
    _collect(parsed, groups)
    kept = {g for g in groups if g and min(map(len, g)) >= MIN_LENGTH}
    return tuple(sorted(kept, key=lambda g: (len(g), -min(map(len, g)), g)))


def _collect(sequence, groups: list[tuple[str, ...]]) -> None:
    run: list[str] = []
    for op, arg in sequence:
        if op == _LITERAL:
            run.append(chr(arg))
            continue
        if run:
            groups.append(("".join(run),))
            run = []
        if op == _SUBPATTERN:
            _collect(arg[-1], groups)  # a group is part of the sequence: what it requires, the whole does
        elif op in _REPEATS and arg[0] >= 1:
            _collect(arg[2], groups)  # repeated at least once
        elif op == _BRANCH:
            heads = [_leading(branch) for branch in arg[1]]
            if all(heads):
                groups.append(tuple(sorted(set(heads))))
    if run:
        groups.append(("".join(run),))


def _leading(sequence) -> str:
    """The plain characters a sequence starts with ('' when it starts otherwise)."""
    out = []
    for op, arg in sequence:
        if op != _LITERAL:
            break
        out.append(chr(arg))
    return "".join(out)


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
