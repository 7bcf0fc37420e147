"""Check links against the official domains of the organisations in the knowledge base."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.model import KnowledgeBase

from .cues import link_word_parts, link_words

_SECOND_LEVEL = link_words("second_level")
_MESSENGER_CHAT = link_words(
    "messenger_chat"
)  # wa.me, t.me, line.me…: a chat with a person, not a site  # knowledge/cues.yml: registrable suffixes such as co.uk
# Host labels that are ordinary words, never a brand on their own (gov.uk -> "gov", live.com -> "live").
_NOT_BRANDS = link_words("not_brands")
# A three-letter brand must start a part of the host (split at "." and "-"): "irs-refund.com"
# imitates the IRS, "firstdirect.com" does not; "groups.example.com" is not UPS.
_SHORT_BRAND = 3
# Everyday words that hold a brand of four or five letters: removed before looking for brands in a
# host, so "purchase" is not Chase, "pineapple" not Apple, "citizens" not Citi, "train" not TRAI.
_ORDINARY_WORDS = link_word_parts("ordinary_words")
# Host labels that are ordinary words: never a look-alike of a brand one or two letters away
# (shop is not Shopee, city is not Citi, model is not Yodel).
_ORDINARY_LABELS = link_words("ordinary_labels")
_LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s", "7": "t", "4": "a", "8": "b"})
# Letter pairs that read as one letter at a glance: "arnazon" is amazon, "vvellsfargo" wellsfargo.
_GLYPHS = (("rn", "m"), ("vv", "w"))


def _at_a_glance(label: str) -> str:
    for pair, letter in _GLYPHS:
        label = label.replace(pair, letter)
    return label


def _looks_like(label: str, official: str) -> bool:
    """Whether a host label reads as an official one at a glance: one letter off (two in a long
    name), and, two letters off, with the first letter kept (the eye anchors on it: "amazom"
    reads as amazon, "lazada" does not read as canada). Letter pairs that look like one letter
    ("rn" for "m") count as that letter."""
    for candidate in {label, _at_a_glance(label)}:
        if candidate == official:
            return True
        if _edit_distance_le(candidate, official, 1):
            return True
        if len(official) >= 6 and candidate[:1] == official[:1] and _edit_distance_le(candidate, official, 2):
            return True
    return False


def registered_domain(host: str) -> str:
    """The registrable part of a host: pay.taobao.com -> taobao.com, a.b.com.cn -> b.com.cn."""
    labels = [x for x in host.lower().strip(".").split(".") if x]
    if len(labels) >= 3 and ".".join(labels[-2:]) in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _edit_distance_le(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return False
        prev = cur
    return prev[-1] <= limit


@dataclass(frozen=True)
class LinkVerdict:
    """What a link's host says: official, look-alike, shortener, raw IP, or unknown."""

    status: str  # official | lookalike | brand_in_domain | shortener | raw_ip | messenger_chat | unknown
    org: str = ""  # organisation the link belongs to or imitates


class LinkChecker:
    """Built once from the knowledge base; `check(host)` is pure and cheap."""

    def __init__(self, kb: KnowledgeBase):
        self.official: dict[str, str] = {}
        self.brands: list[tuple[str, str]] = []  # (token, org id): brand names found inside hosts
        for org in kb.organisations.values():
            for d in org.all_domains:
                self.official[registered_domain(d)] = org.id
                label = registered_domain(d).split(".")[0]
                if len(label) >= 3 and not label.isdigit() and label not in _NOT_BRANDS:
                    self.brands.append((label, org.id))
            for alias in org.aliases:
                a = alias.lower().replace(" ", "").replace("-", "")
                if re.fullmatch(r"[a-z]{4,}", a) and a not in _NOT_BRANDS:
                    self.brands.append((a, org.id))
        self.brands = sorted(set(self.brands), key=lambda x: (-len(x[0]), x))  # ties by name: the same in every process
        self.shorteners = set(kb.shorteners)
        self.labels = [(reg.split(".")[0], org) for reg, org in self.official.items() if len(reg.split(".")[0]) >= 4]
        self._cache: dict[str, LinkVerdict] = {}

    def check(self, host: str) -> LinkVerdict:
        """Classify one host name (cached: the same few hosts recur across many messages)."""
        host = host.lower().strip(".")
        hit = self._cache.get(host)
        if hit is None:
            hit = self._check(host)
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[host] = hit
        return hit

    def _check(self, host: str) -> LinkVerdict:
        if re.fullmatch(r"(?:\d{1,3}\.){3}\d{1,3}", host):
            return LinkVerdict("raw_ip")
        reg = registered_domain(host)
        if host in _MESSENGER_CHAT or reg in _MESSENGER_CHAT:
            return LinkVerdict("messenger_chat")
        if reg in self.official:
            return LinkVerdict("official", self.official[reg])
        if host in self.shorteners or reg in self.shorteners:
            return LinkVerdict("shortener")
        flat = re.sub(r"[^a-z0-9]", "", host.translate(_LEET))
        plain = re.sub(r"[^a-z0-9]", "", host)
        starts = "." + host + " ." + host.translate(_LEET)
        flat_words, plain_words = _ORDINARY_WORDS.sub("", flat), _ORDINARY_WORDS.sub("", plain)
        host_words = _ORDINARY_WORDS.sub("", host)  # keeps the hyphen of "7-11" and "t-cat"
        for token, org in self.brands:
            if len(token) <= _SHORT_BRAND:
                found = f".{token}" in starts or f"-{token}" in starts
            elif len(token) <= 5:
                found = token in flat_words or token in plain_words or token in host_words
            else:
                found = token in flat or token in plain
            if found:
                return LinkVerdict("brand_in_domain", org)
        label = reg.split(".")[0].translate(_LEET)
        if label in _ORDINARY_LABELS:
            return LinkVerdict("unknown")
        for olabel, org in self.labels:
            if abs(len(olabel) - len(label)) <= 2 and _looks_like(label, olabel):
                return LinkVerdict("lookalike", org)
        return LinkVerdict("unknown")
