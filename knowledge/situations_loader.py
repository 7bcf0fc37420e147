"""Load and validate situations.yml (already gave / still on the call) and regions.yml (help by place).

Called by `load_knowledge`; problems are added to its list, so a broken file is reported with the
same file / field / fix messages and never half-loads.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import CONTACT_ROLES, ActSet, Contact, GivenKind, L10n, Region, Situations
from .phrases import CompiledPhrase, PhraseSyntaxError, compile_phrases
from .reading import _section

MARKERS = {
    "zh": {
        "done_before",
        "done_after",
        "negation",
        "request",
        "future",
        "inward",
        "question",
        "third_person",
        "others",
        "not_after",
        "not_acts",
        "purchase",
        "to_them",
        "pleas",
        "not_objects",
        "helped",
        "says",
        "report",
        *("kin_she", "kin_he", "kin_any", "past", "own_use", "guided", "errand"),
    },
    "en": {"subject", "negation", "purchase", "to_them", "pleas", "done", "not_objects", "helped", "report"}
    | {"kin_she", "kin_he", "kin_any", "past", "own_use", "guided", "errand"},
}
# What can still be open, strongest first: the first line of the reply is the first mode's action.
# "paying": about to pay at someone's direction, in progress now (at the ATM, on the way to the bank).
# "collect": someone "from the bank" or "the police" is coming to collect a card, a PIN or cash, or the
# person is told to withdraw cash for an "investigation" (courier fraud): hand nothing over.
ONGOING_MODES = ("computer", "collect", "paying", "meeting", "video", "call")
REQUIRED_MARKERS = {"zh": {"done_before", "done_after", "negation"}, "en": {"subject", "negation"}}


def _words(c, value: Any, field: str) -> tuple[str, ...]:
    from nlu.normalize import fold

    out = []
    for k, w in enumerate(c.items(value, field)):
        if not isinstance(w, str | int) or not str(w).strip():
            c.add(f"{field}[{k}]", f"expected a word, found {w!r}", "write the word in quotes")
            continue
        out.append(fold(str(w)).strip())
    return tuple(out)


def _places(c, value: Any, field: str) -> tuple[str, ...]:
    """Place words as written (lower case), not folded: Taiwan's 超商 must not become the mainland's 便利店."""
    out = []
    for k, w in enumerate(c.items(value, field)):
        if not isinstance(w, str | int) or not str(w).strip():
            c.add(f"{field}[{k}]", f"expected a word, found {w!r}", "write the word in quotes")
            continue
        out.append(str(w).strip().lower())
    return tuple(out)


def load_situations(root: Path, problems: list[Problem]) -> Situations | None:
    """Read situations.yml, or None when the file is absent."""
    section = _section(root, "situations.yml", "situations", problems)
    if section is None:
        return None
    c, top = section
    data = c.mapping(
        top.get("situations"), "situations", {"markers", "given", "on_call", "ongoing"}, {"markers", "given"}
    )
    raw_markers = c.mapping(data.get("markers") or {}, "situations.markers", set(MARKERS), set(MARKERS))
    markers: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang, allowed in MARKERS.items():
        f = f"situations.markers.{lang}"
        m = c.mapping(raw_markers.get(lang) or {}, f, allowed, REQUIRED_MARKERS[lang])
        markers[lang] = {k: _words(c, m.get(k), f"{f}.{k}") for k in allowed}
    given = []
    seen: set[str] = set()
    for k, raw in enumerate(c.items(data.get("given"), "situations.given")):
        f = f"situations.given[{k}]"
        g = c.mapping(raw, f, {"id", "names", "zh", "en", "steps"}, {"id", "names", "zh", "en", "steps"})
        if not g:
            continue
        gid = c.ident(g.get("id"), f"{f}.id")
        if gid in seen:
            c.add(f"{f}.id", f"'{gid}' is used twice", "give each kind of loss its own id")
        seen.add(gid)
        by_lang = {}
        for lang in ("zh", "en"):
            fl = f"{f}.{lang}"
            a = c.mapping(g.get(lang) or {}, fl, {"acts", "objects", "alone", "phrases", "base"}, {"acts", "objects"})
            acts = _words(c, a.get("acts"), f"{fl}.acts")
            if not acts:
                c.add(f"{fl}.acts", "is empty", "list the verbs for giving this, e.g. 转, 汇款 / sent, paid")
            alone = _words(c, a.get("alone"), f"{fl}.alone")
            phrases: list[CompiledPhrase] = []
            for j, p in enumerate(c.items(a.get("phrases"), f"{fl}.phrases")):
                try:
                    phrases.extend(compile_phrases([p], []) if lang == "zh" else compile_phrases([], [], [p]))
                except (PhraseSyntaxError, TypeError) as exc:
                    c.add(f"{fl}.phrases[{j}]", f"phrase {p!r}: {exc}")
            base = _words(c, a.get("base"), f"{fl}.base")
            if base and lang != "en":
                c.add(f"{fl}.base", "is only read in English", "Chinese verbs carry no tense: list them under acts")
            objects = _words(c, a.get("objects"), f"{fl}.objects")
            by_lang[lang] = ActSet(acts, objects, alone, tuple(phrases), base)
        steps = tuple(
            x for j, s in enumerate(c.items(g.get("steps"), f"{f}.steps")) if (x := c.l10n(s, f"{f}.steps[{j}]"))
        )
        if not steps:
            c.add(f"{f}.steps", "is empty", "say what to do first after giving this, in zh and en")
        for j, s in enumerate(steps):
            for lang in ("zh", "en"):
                bad = set(re.findall(r"\{(\w*)\}", s.get(lang))) - {"police", "anti_fraud", "bank"}
                if bad:
                    c.add(
                        f"{f}.steps[{j}].{lang}",
                        f"unknown placeholder {{{sorted(bad)[0]}}}",
                        "use {police}, {anti_fraud} or {bank}",
                    )
        given.append(GivenKind(gid, c.l10n(g.get("names"), f"{f}.names") or L10n("", ""), by_lang, steps))
    raw_modes = c.mapping(data.get("ongoing") or {}, "situations.ongoing", set(ONGOING_MODES), set())
    if data.get("on_call"):  # the older flat list: phone calls only
        raw_modes = {**raw_modes, "call": data.get("on_call")}
    ongoing: list[tuple[str, tuple[CompiledPhrase, ...]]] = []
    for mode in ONGOING_MODES:
        f = f"situations.ongoing.{mode}" if data.get("ongoing") else "situations.on_call"
        oc = c.mapping(raw_modes.get(mode) or {}, f, {"zh", "en"}, set())
        phrases: list[CompiledPhrase] = []
        for lang in ("zh", "en"):
            for k, p in enumerate(c.items(oc.get(lang), f"{f}.{lang}")):
                try:
                    phrases.extend(compile_phrases([p], []) if lang == "zh" else compile_phrases([], [], [p]))
                except (PhraseSyntaxError, TypeError) as exc:
                    c.add(f"{f}.{lang}[{k}]", f"phrase {p!r}: {exc}")
        if phrases:
            ongoing.append((mode, tuple(phrases)))
    on_call = [p for _, phrases in ongoing for p in phrases]
    return Situations(markers, tuple(given), tuple(on_call), tuple(ongoing))


_NUMBER = re.compile(r"[0-9][0-9\- ]{1,20}")


def load_regions(root: Path, problems: list[Problem]) -> dict[str, Region]:
    """Read regions.yml: per-region emergency and anti-fraud contacts, each with a source."""
    section = _section(root, "regions.yml", "regions", problems)
    if section is None:
        return {}
    c, top = section
    regions: dict[str, Region] = {}
    claimed_defaults: dict[str, str] = {}
    fields = {
        "id",
        "names",
        "aliases",
        "languages",
        "default_for",
        "currencies",
        "places",
        "bank",
        "contacts",
        "wording",
    }
    for k, raw in enumerate(c.items(top.get("regions"), "regions")):
        f = f"regions[{k}]"
        r = c.mapping(raw, f, fields, {"id", "names", "bank", "contacts"})
        if not r:
            continue
        rid = str(r.get("id", "")).upper()
        if not re.fullmatch(r"[A-Z]{2}", rid):
            c.add(f"{f}.id", f"'{r.get('id')}' is not a country code", "write a two-letter code such as CN or GB")
        if rid in regions:
            c.add(f"{f}.id", f"'{rid}' is used twice", "merge the entries")
        contacts = []
        for j, rc in enumerate(c.items(r.get("contacts"), f"{f}.contacts")):
            fc = f"{f}.contacts[{j}]"
            d = c.mapping(rc, fc, {"role", "name", "number", "url", "sources", "checked"}, {"role", "name", "sources"})
            if not d:
                continue
            number = d.get("number", "")
            if not isinstance(number, str):
                c.add(f"{fc}.number", f"{number!r} is not written as text", f'put it in quotes: number: "{number}"')
                number = str(number)
            elif number and not _NUMBER.fullmatch(number):
                c.add(f"{fc}.number", f"'{number}' is not a phone number", "write digits, spaces and dashes only")
            url = str(d.get("url") or "")
            if url and not url.startswith("https://"):
                c.add(f"{fc}.url", f"'{url}' is not an https address", "write the full address, https://…")
            if not number and not url and d.get("role") != "bank":
                c.add(fc, "has neither a number nor a url", "add number: or url:")
            sources = tuple(str(s) for s in c.items(d.get("sources"), f"{fc}.sources"))
            if not sources:
                c.add(f"{fc}.sources", "no source given", "every contact needs where it was found")
            checked = d.get("checked")
            if isinstance(checked, dt.date):
                checked = checked.isoformat()
            elif not (isinstance(checked, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked)):
                c.add(f"{fc}.checked", f"'{checked}' is not a date", "write the date as 2026-11-22")
                checked = str(checked)
            contacts.append(
                Contact(
                    c.choice(d.get("role"), f"{fc}.role", CONTACT_ROLES),
                    c.l10n(d.get("name"), f"{fc}.name") or L10n("", ""),
                    number,
                    url,
                    sources,
                    checked,
                )
            )
        if not any(x.number for x in contacts):
            c.add(f"{f}.contacts", "has no phone number", "add at least the police or emergency number")
        default_for = tuple(str(x).lower() for x in c.items(r.get("default_for"), f"{f}.default_for"))
        for lang in default_for:
            if lang in claimed_defaults:
                c.add(
                    f"{f}.default_for",
                    f"'{lang}' is already the default of {claimed_defaults[lang]}",
                    "keep one default region per language",
                )
            claimed_defaults[lang] = rid
        regions[rid] = Region(
            rid,
            c.l10n(r.get("names"), f"{f}.names") or L10n("", ""),
            _words(c, r.get("aliases"), f"{f}.aliases"),
            tuple(str(x).lower() for x in c.items(r.get("languages"), f"{f}.languages")),
            default_for,
            _words(c, r.get("currencies"), f"{f}.currencies"),
            c.l10n(r.get("bank"), f"{f}.bank") or L10n("", ""),
            tuple(contacts),
            _places(c, r.get("places"), f"{f}.places"),
            _wording(c, r.get("wording"), f"{f}.wording"),
        )
    return regions


def _wording(c, raw, field: str) -> tuple[tuple[str, str], ...]:
    """`wording`: mainland term -> this region's ("微信/QQ": LINE), longest first so a longer term
    is replaced before a part of it."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        c.add(field, "is not a mapping", 'write one pair a line, e.g. "WeChat/QQ": WhatsApp')
        return ()
    pairs = []
    for a, b in raw.items():
        if not str(a).strip() or not isinstance(b, str) or not b.strip():
            c.add(f"{field}.{a}", "needs a term and what it is here", 'e.g. "微信/QQ": LINE')
            continue
        pairs.append((str(a), b))
    return tuple(sorted(pairs, key=lambda x: -len(x[0])))
