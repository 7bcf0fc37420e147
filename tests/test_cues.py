"""The cue lists in knowledge/cues.yml: each compiles, matches its own examples and none of its counter-examples."""

from __future__ import annotations

import re

import pytest

from nlu.cues import analyzer_cue, cues, link_word_parts, link_words
from nlu.links import registered_domain
from nlu.normalize import fold

ANALYZER = sorted(cues()["analyzer"])


@pytest.mark.parametrize("name", ANALYZER)
def test_each_analyzer_cue_matches_its_examples_and_not_its_counter_examples(name):
    entry = cues()["analyzer"][name]
    assert entry.get("about") and entry.get("match") and entry.get("no_match"), name
    pattern = analyzer_cue(name)
    for text in entry["match"]:
        assert pattern.search(fold(text)), (name, text)
    for text in entry["no_match"]:
        assert not pattern.search(fold(text)), (name, text)


def test_link_word_lists_drive_the_link_checker():
    assert "co.uk" in link_words("second_level") and registered_domain("track.parcels.co.uk") == "parcels.co.uk"
    assert {"gov", "post"} <= link_words("not_brands")
    parts = link_word_parts("ordinary_words")
    assert parts.sub("", "purchase-help") == "e-help"  # "purchase" holds no Chase
    assert all(re.fullmatch(r"[a-z?]+", w) for w in cues()["links"]["ordinary_words"])
    assert "shop" in link_words("ordinary_labels")
