"""A run-on account that opens with a greeting or address (trial6 2.9): "sir my father is on video call
with a 'cbi officer', they say he is under digital arrest…, he already transferred 3 lakh". The relative
named after "sir", "hi", "pls help" is still the subject, so "he already transferred" is his money gone,
with a clause (the caller's words) in between. Generated: greeting × relative × where he is × what they
say × what he did; on the code before, a greeting first left the money unread.
"""

from __future__ import annotations

import itertools

import pytest

from nlu.situation import detect

GREETING = ["sir", "hello sir,", "hi", "pls help", "madam"]
KIN = [("my father", "he"), ("my mother", "she"), ("my dad", "he"), ("my grandma", "she")]
WHERE = ["is on skype video call with a cbi officer since morning", "got a call from customs about a parcel"]
SAID = ["they say {p} is under digital arrest for a parcel with drugs", "they told {p} the parcel had passports"]
DID = ["{p} already transferred 3 lakh", "{p} has sent them 2 lakh rupees", "{p} already paid 80,000 to them"]


def _rows():
    rows = [
        f"{g} {k} {w}, {s.format(p=p)}, {d.format(p=p)}, what to do"
        for g, (k, p), w, s, d in itertools.product(GREETING, KIN, WHERE, SAID, DID)
    ]
    return rows[::5]


@pytest.mark.parametrize("text", _rows())
def test_after_a_greeting_the_relatives_money_is_given(kb, text):
    got = detect(kb.situations, text)
    assert "money" in got.given and got.who.startswith("my "), (text, got.given, got.who)


@pytest.mark.parametrize(
    "text",
    [
        "sir my father got a call from cbi, he refused to pay anything",
        "hi my mum got a text about a parcel, she did not send any money",
        "hello my dad says the officer wants 3 lakh, he has not paid",
    ],
)
def test_a_refusal_after_a_greeting_is_not_given(kb, text):
    assert "money" not in detect(kb.situations, text).given, text
