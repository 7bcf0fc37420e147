"""Help for the minute that matters: which region the person is in, and what to do now.

Plain functions over the knowledge base (regions.yml, situations.yml) and the reply texts, so
every front end (chat, CLI, HTTP) gives the same checklist and the same contacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.model import KnowledgeBase, Region
from nlu.normalize import fold

from .report import texts

_REGION_EXAMPLES = ("HK", "GB")  # what "/region …" is shown with: any region but the one assumed
REASONS = ("setting", "number", "currency", "brand", "language")


@dataclass(frozen=True)
class RegionChoice:
    """The region help is given for, and why it was assumed (one of REASONS)."""

    region: Region
    reason: str


def number_region(number: str) -> str | None:
    """The country of a canonical number: "+4477…" -> GB, "CN:95338" -> CN."""
    if ":" in number and not number.startswith("+"):
        return number.split(":", 1)[0].upper() or None
    if not number.startswith("+"):
        return None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return None
    # The country that owns the calling code: +44 7911… is Guernsey's range, but help is the UK's.
    code = phonenumbers.region_code_for_country_code(parsed.country_code)
    return code if code and code != "ZZ" else None


def find_region(kb: KnowledgeBase, name: str) -> Region | None:
    """The region someone typed after /region: a code (GB, UK), an English or Chinese name, an alias."""
    key = fold(name).strip().lower()
    if not key:
        return None
    for r in kb.regions.values():
        names = {r.id.lower(), fold(r.names.zh), r.names.en.lower().removeprefix("the "), *r.aliases}
        if key in names:
            return r
    return None


def _has_currency(folded: str, sign: str) -> bool:
    """A code like "aud" counts only as a word ("fraud" is not Australian dollars); signs anywhere."""
    if sign.isascii() and sign.isalpha():
        return re.search(rf"(?<![a-z]){re.escape(sign)}(?![a-z])", folded) is not None
    return sign in folded


def _currency_region(kb: KnowledgeBase, text: str) -> Region | None:
    folded = fold(text)
    best: tuple[int, Region] | None = None
    for r in kb.regions.values():
        for c in r.currencies:
            # The longest sign wins: "hk$" over "$", "nt$" over "$".
            if c and _has_currency(folded, c) and (best is None or len(c) > best[0]):
                best = (len(c), r)
    return best[1] if best else None


def choose_region(
    kb: KnowledgeBase,
    *,
    setting: str | None = None,
    numbers: Iterable[str] = (),
    text: str = "",
    org: str | None = None,
    lang: str = "zh",
    lang_hint: str | None = None,
) -> RegionChoice | None:
    """Pick the region: the /region setting, the numbers' country, the money's currency, the brand, the language."""
    regions = kb.regions
    if not regions:
        return None
    if setting and setting in regions:
        return RegionChoice(regions[setting], "setting")
    for n in numbers:
        code = number_region(n)
        if code in regions:
            return RegionChoice(regions[code], "number")
    if text and (r := _currency_region(kb, text)):
        return RegionChoice(r, "currency")
    if org and org in kb.organisations and kb.organisations[org].country in regions:
        return RegionChoice(regions[kb.organisations[org].country], "brand")
    hint = (lang_hint or "").lower().replace("_", "-")
    for r in regions.values():
        if hint and hint in r.languages:
            return RegionChoice(r, "language")
    for r in regions.values():
        if lang in r.default_for:
            return RegionChoice(r, "language")
    return RegionChoice(next(iter(regions.values())), "language")


def contact_text(contact, lang: str) -> str:
    """ "name number (url)" for one contact."""
    name = contact.name.get(lang)
    url = contact.url.removeprefix("https://")
    where = f"{contact.number} ({url})" if contact.number and url else contact.number or url
    if not where:
        return name
    return f"{name} {where}" if lang == "zh" else f"{name}: {where}"


def police_text(region: Region, lang: str) -> str:
    """Who to report to in this region, in one line."""
    sep = "；" if lang == "zh" else "; "
    picked = region.by_role("police", "anti_fraud", "report") or region.by_role("emergency")
    return sep.join(contact_text(c, lang) for c in picked)


def region_lines(choice: RegionChoice, lang: str) -> list[str]:
    """Every contact of the region, then which region was assumed and how to change it."""
    t = texts(lang)["emergency"]
    lines = [contact_text(c, lang) for c in choice.region.contacts]
    other = next((r for r in _REGION_EXAMPLES if r != choice.region.id), "HK")
    example = {"HK": ("香港", "HK"), "GB": ("英国", "UK")}[other][0 if lang == "zh" else 1]
    lines.append(
        t["assumed"].format(region=choice.region.names.get(lang), why=t["because"][choice.reason], example=example)
    )
    return lines


def _values(region: Region, lang: str) -> dict[str, str]:
    """What {police}, {anti_fraud} and {bank} in situations.yml's steps stand for in this region."""
    return {
        "police": police_text(region, lang),
        "anti_fraud": "; ".join(contact_text(c, lang) for c in region.by_role("anti_fraud", "report")),
        "bank": region.bank.get(lang),
    }


def emergency_steps(kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str) -> list[str]:
    """The checklist after something was given, by what was given; everything when we do not know what."""
    t = texts(lang)["emergency"]
    values = _values(choice.region, lang)
    kinds = {k.id: k for k in (kb.situations.given if kb.situations else ())}
    wanted = [g for g in given if g in kinds] or list(kinds)
    steps = [t["stop"]]
    for gid in wanted:
        for s in kinds[gid].steps:
            line = s.get(lang).format(**values)
            if line not in steps:
                steps.append(line)
    if not any(values["police"] in s for s in steps):
        steps.append(t["report"].format(police=values["police"]))
    steps += [t["evidence"], t["family"]]
    return steps


def emergency_text(kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str) -> str:
    """The whole emergency reply: heading, numbered steps, the region's contacts and how to change it."""
    t = texts(lang)["emergency"]
    given = list(given)
    kinds = {k.id: k.names.get(lang) for k in (kb.situations.given if kb.situations else ())}
    sep = "、" if lang == "zh" else ", "
    what = sep.join(kinds[g] for g in given if g in kinds)
    head = t["title"] + (("\n" + t["you_said"].format(what=what)) if what else "")
    steps = emergency_steps(kb, choice, given, lang)
    body = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    contacts = "\n".join(f"  - {line}" for line in region_lines(choice, lang))
    return f"{head}\n{body}\n\n{t['contacts'].format(region=choice.region.names.get(lang))}:\n{contacts}"


def hang_up_text(lang: str) -> str:
    """The short reply for someone still on the call: hang up first, everything else after."""
    return texts(lang)["emergency"]["hang_up"]


def emergency_sections(kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str) -> dict:
    """The same checklist as sections of steps, in the shape `services.hotline.paid_checklist` returns.

    For front ends that lay the steps out themselves (the operator console, the HTTP API): the
    first step, one section per thing given (everything when nothing is known), then the region's
    contacts, which region was assumed and why.
    """
    t = texts(lang)["emergency"]
    kinds = {k.id: k for k in (kb.situations.given if kb.situations else ())}
    chosen = [g for g in dict.fromkeys(given) if g in kinds]
    steps = emergency_steps(kb, choice, chosen, lang)
    first, rest = steps[:1], steps[1:]
    sections = [{"id": "first", "title": t["title"], "steps": first}]
    values = _values(choice.region, lang)
    shown: set[str] = set(first)
    for gid in chosen or list(kinds):
        own = [line for st in kinds[gid].steps if (line := st.get(lang).format(**values)) not in shown]
        shown.update(own)
        sections.append({"id": gid, "title": kinds[gid].names.get(lang), "steps": own})
    sections.append({"id": "then", "title": "", "steps": [s for s in rest if s not in shown]})
    lines = region_lines(choice, lang)
    sections.append(
        {"id": "contacts", "title": t["contacts"].format(region=choice.region.names.get(lang)), "steps": lines}
    )
    return {
        "sections": sections,
        "given": chosen,
        "options": [{"id": k.id, "name": k.names.get(lang)} for k in kinds.values()],
        "region": {"id": choice.region.id, "name": choice.region.names.get(lang), "reason": choice.reason},
    }
