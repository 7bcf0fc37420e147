"""Cue lists kept in `knowledge/cues.yml`, compiled once: the analyzer's and the link checker's.

The mechanisms stay in code (nlu/analyzer.py, nlu/links.py); the words they look for live in the
knowledge folder, where volunteers can see and extend them (tests/test_cues.py checks each cue
against its own examples).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .literals import Prefiltered


@lru_cache(maxsize=1)
def cues() -> dict:
    """The parsed cues file (read once; kept parsed on disk with the knowledge cache)."""
    from knowledge.kbcache import shipped_yaml

    return shipped_yaml("cues.yml")


def analyzer_cue(name: str) -> Prefiltered:
    """One of the analyzer's cues, compiled; `search` looks only in texts that hold the words a match
    needs (most cues are about a story's wording, and a long text without those words costs nothing)."""
    return Prefiltered(cues()["analyzer"][name]["regex"])


def link_words(name: str) -> frozenset[str]:
    """One of the link checker's word lists."""
    return frozenset(str(w) for w in cues()["links"][name])


def link_word_parts(name: str) -> re.Pattern:
    """A link-checker word list as one alternation (word parts removed from a host)."""
    return re.compile("|".join(str(w) for w in cues()["links"][name]))
