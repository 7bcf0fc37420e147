"""An expression's matches found by reading only the stretches of a text where they can be.

Python's `re` tries an expression at every place of a text unless the expression starts with a
plain character or set, and most of the analyzer's whole-text expressions start with a look-behind
(an amount not inside a number, a phone number not after "+"). On 4,000 characters of prose that is
4,000 tries each, for the few places near a digit where anything can match.

`Near` describes such an expression by its anchors: characters (digits, say) such that every match
holds one at most `lead` characters after its start, holds no run of more than `gap` characters
without one, and looks at no character more than `reach` characters after the end of its last
anchor (look-aheads included). `Near.finditer(text)` then runs the expression's own `finditer`
only over windows around the anchors (its `pos` and `endpos`: look-behinds still see the text
before a window) and gives exactly the matches the expression's `finditer` gives over the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class Near:
    """`pattern.finditer(text)`, read only around `anchors` (a compiled set of characters, e.g. r"\\d+")."""

    __slots__ = ("anchors", "join", "lead", "pattern", "reach")

    def __init__(self, pattern: re.Pattern, anchors: str, lead: int, gap: int, reach: int):
        self.pattern = pattern
        self.anchors = re.compile(anchors)
        self.lead = lead
        self.reach = reach
        # Runs of anchors nearer than this are read as one window: a match never spans two windows,
        # and two windows never overlap.
        self.join = max(gap, lead + reach) + 1

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Where the matches can be: (pos, endpos) pairs, ascending, apart."""
        out: list[tuple[int, int]] = []
        start = end = -1
        join = self.join
        for m in self.anchors.finditer(text):
            if start >= 0 and m.start() - end <= join:
                end = m.end()
                continue
            if start >= 0:
                out.append((max(0, start - self.lead), end + self.reach))
            start, end = m.start(), m.end()
        if start >= 0:
            out.append((max(0, start - self.lead), end + self.reach))
        return out

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The expression's matches in `text`, as its own `finditer` gives them."""
        finditer = self.pattern.finditer
        for pos, endpos in self.windows(text):
            yield from finditer(text, pos, endpos)
