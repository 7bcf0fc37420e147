"""Help for the minute that matters: which region the person is in, and what to do now.

Plain functions over the knowledge base (regions.yml, situations.yml) and the reply texts, so
every front end (chat, CLI, HTTP) gives the same checklist and the same contacts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from knowledge.model import KnowledgeBase, Region
from nlu.analyzer import trouble_window
from nlu.literals import LiteralFinder
from nlu.normalize import fold
from nlu.regexcache import compile as re_compile
from nlu.situation import Situation, detect

from .strings import _same_advice, texts

_REGION_EXAMPLES = ("HK", "GB")  # what "/region …" is shown with: any region but the one assumed
REASONS = ("setting", "number", "place", "link", "currency", "brand", "dialect", "language")
_HAN = re_compile(r"[\u4e00-\u9fff]")
# Written Cantonese: these characters do not occur in standard written Chinese.
_CANTONESE = re_compile(r"[佢咗嘅喺唔冇嘢啲睇攞畀搵咁嚟噉咩嗰]|點算|俾咗|蚊|視像|收線|仲同|仲喺|過數|係咪|咩事")


_LINK_WORD = re_compile(r"(?i)\blinks?\b|链接|連結|连结|鏈接|網址|网址")


def paid_on_channel(situation, verdict: str) -> bool:
    """Money paid through the real process itself: the analysis matches the genuine process (the
    carrier's own site or app, its counter, a number the person looked up) and nothing but money went,
    nothing is still open. No loss to stop, so no "stop the loss" screen over a green verdict. A code,
    card details or access given, or a call still open, stay urgent whatever the verdict: genuine
    processes never ask for those, and the analyzer calls a payment through a look-alike link a scam."""
    return (
        verdict == "matches_genuine"
        and bool(situation.given)
        and set(situation.given) <= {"money", "link_payment"}  # (paid on the real site: no loss)
        # ...but never on a link: a page a link opened is where a fake notice takes the card, whatever it matched
        and not ("link_payment" in situation.given and any(_LINK_WORD.search(q.text) for q in situation.quotes))
        and not situation.on_call
        and not situation.ongoing
    )


def situation_for(kb: KnowledgeBase, text: str, verdict: str):
    """What the person says already went or is still open, as every front end reads it: the
    situation reader over `text` (a long text's start and end, where that is said), calmed when the
    money went through the real process itself (`paid_on_channel`)."""
    situation = detect(kb.situations, trouble_window(text))
    if paid_on_channel(situation, verdict):
        return Situation()
    return refined(situation, text)


def refined(situation, text: str):
    """The situation with what was given told apart (`refine_given`): gift-card codes, an ID number."""
    if not situation.given:
        return situation
    given = refine_given(situation.given, text)
    return situation if given == tuple(situation.given) else replace(situation, given=given)


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
    """The region someone typed after /region: a code (GB, UK), an English or Chinese name, an alias
    (one resolver for every entry point: `bot.names.find_region`)."""
    from ..names import find_region as resolve

    return resolve(kb, name)


def _has_currency(folded: str, sign: str) -> bool:
    """A code like "aud" counts only as a word ("fraud" is not Australian dollars); signs anywhere."""
    if sign not in folded:  # the cheap test first: most signs and places are absent
        return False
    if sign.isascii() and sign.isalpha():
        return re.search(rf"(?<![a-z]){re.escape(sign)}(?![a-z])", folded) is not None
    return sign in folded


def _currency_region(kb: KnowledgeBase, text: str, folded: str | None = None) -> tuple[Region, bool] | None:
    """The region of the money named, and whether its sign is a bare one ("$") many regions share.

    A sign inside a longer one is not named ("hk$" holds "$", "us$" holds "s$"); money of two regions
    named with their own signs (HK$ and S$) says nowhere."""
    folded = fold(text) if folded is None else folded
    found: list[tuple[int, int, Region, str]] = []
    for r in kb.regions.values():
        for c in r.currencies:
            if c and _has_currency(folded, c):
                word = rf"(?<![a-z]){re.escape(c)}(?![a-z])" if c.isascii() and c.isalpha() else re.escape(c)
                found += [(m.start(), m.end(), r, c) for m in re.finditer(word, folded)]
    if not found:
        return None
    # (only signs starting at most the longest sign's length before can hold one: "¥1" × 2,000 compared
    # every mention with every other, 16 million comparisons, 1.2 s)
    by_start: dict[int, list[tuple[int, int, Region, str]]] = {}
    for f in found:
        by_start.setdefault(f[0], []).append(f)
    reach = max(f[1] - f[0] for f in found)
    named = [
        f
        for f in found
        if not any(
            f[1] <= o[1] and o[1] - o[0] > f[1] - f[0]
            for start in range(max(0, f[0] - reach), f[0] + 1)
            for o in by_start.get(start, ())
        )
    ]
    own = {f[2].id for f in named if not _bare(f[3])}
    if len(own) > 1:
        return None
    # The longest sign wins: "hk$" over "$", "nt$" over "$".
    best = max(named or found, key=lambda f: len(f[3]))
    return best[2], _bare(best[3])


# How Chinese is written where Traditional characters are the norm, in that place's wording.
WRITING = {"HK": "hk", "MO": "hk", "TW": "tw"}


def writing_of(region_id: str | None) -> str | None:
    """'hk' for Hong Kong and Macao, 'tw' for Taiwan, None where Simplified is written."""
    return WRITING.get((region_id or "")[:2].upper())


def _place_region(kb: KnowledgeBase, text: str, folded: str) -> Region | None:
    """A place, service or payment rail named in the text that belongs to one region (the longest wins;
    between equally long ones, the region more of whose places are named: 澳門 and 戶口 are Macao's)."""
    best: tuple[int, int, Region] | None = None
    raw = text.lower()
    finder = _place_finder(kb)
    named = finder.find(raw).where.keys() | finder.find(folded).where.keys()  # one pass over each form
    if not named:
        return None  # most texts name no place
    writing: list[str | None] = []  # how the text is written (OpenCC): read only once a Chinese place is named
    for r in kb.regions.values():
        longest = total = 0
        for w in r.places:
            if w not in named:
                continue
            if _HAN.search(w):
                if not writing:
                    writing.append(script_of(text))
                if (r.id in WRITING) != (writing[0] is not None):
                    continue  # "香港" in simplified is a mainland story about Hong Kong; "淘寶" in Traditional is not
                if writing[0] == "hk" and WRITING.get(r.id) == "tw":
                    continue  # Cantonese is Hong Kong's and Macao's: 網銀 in it is not Taiwan's online banking
            if _has_currency(raw, w) or _has_currency(folded, w):
                longest, total = max(longest, len(w)), total + len(w)
        if longest and (best is None or (longest, total) > best[:2]):
            best = (longest, total, r)
    return best[2] if best else None


_PLACES: dict[int, tuple[KnowledgeBase, LiteralFinder]] = {}


def _place_finder(kb: KnowledgeBase) -> LiteralFinder:
    """Every region's places, services and rails in one Aho–Corasick automaton (once per knowledge base)."""
    hit = _PLACES.get(id(kb))
    if hit is None or hit[0] is not kb:
        if len(_PLACES) > 8:  # knowledge reloaded many times: forget the old ones
            _PLACES.clear()
        hit = _PLACES[id(kb)] = (kb, LiteralFinder(w for r in kb.regions.values() for w in r.places))
    return hit[1]


# Country codes that are also English words: in a host they count only as its last part ("….in",
# "maybank-secure-my.top"), and not after a word they make a phrase with ("sign-in", "contact-us").
_WORD_CODES = frozenset({"in", "my", "us", "ca"})
_PHRASE_BEFORE = frozenset(
    {"sign", "log", "check", "opt", "plug", "contact", "about", "join", "help", "find", "email", "call", "pay", "trust"}
    | {"for", "with", "is"}
)
_HOST_PART = re_compile(r"[a-z0-9]+")


# Services used everywhere whose address happens to end in a country code: no place.
_WORLDWIDE = frozenset({"zoom.us", "del.icio.us"})


def _host_codes(host: str) -> list[str]:
    """Two-letter country codes a host's parts carry: "hsbc-secure-hk.top" -> ["hk"], "dbs.com.sg" -> ["sg"]."""
    labels = host.lower().strip(".").split(".")
    if len(labels) < 2 or ".".join(labels[-2:]) in _WORLDWIDE:
        return []
    out = []
    *names, tld = labels
    if len(tld) == 2:
        out.append(tld)
    for label in names:
        parts = _HOST_PART.findall(label)
        for k, part in enumerate(parts):
            if len(part) != 2 or len(parts) < 2:
                continue  # "hk.example.com" or "my.top" alone is no place: a code joined to a name is
            if part in _WORD_CODES and (k != len(parts) - 1 or parts[k - 1] in _PHRASE_BEFORE):
                continue
            out.append(part)
    return out


def _link_region(kb: KnowledgeBase, text: str) -> Region | None:
    """The region the links' hosts point to ("sg-dhl-parcel.xyz", "….com.hk"), when they all point to one."""
    if "." not in text:
        return None
    from nlu.entities import find_links
    from nlu.normalize import normalize

    codes = {r.id.lower(): r for r in kb.regions.values()}
    for r in kb.regions.values():  # "uk" for GB: the two-letter names people (and hosts) use
        codes.update({a: r for a in r.aliases if len(a) == 2 and a.isascii() and a.isalpha()})
    found = {codes[c].id for m in find_links(normalize(text)) for c in _host_codes(m.id or "") if c in codes}
    return kb.regions[found.pop()] if len(found) == 1 else None


@lru_cache(maxsize=32)
def script_of(text: str) -> str | None:
    """How Chinese is written: 'hk' (written Cantonese), 'tw' (Traditional characters), None otherwise.

    Judged on the first 400 Chinese characters (enough to tell the script; a whole long text through
    OpenCC costs tens of milliseconds), and remembered for the few calls one reply makes."""
    if _CANTONESE.search(text):
        return "hk"
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")[:400]
    if len(han) < 2:
        return None
    simplified = _t2s().convert(han)
    changed = sum(1 for a, b in zip(han, simplified, strict=False) if a != b)
    return "tw" if changed >= 2 or (changed and len(han) < 12) else None


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _dialect_region(kb: KnowledgeBase, text: str, folded: str) -> Region | None:
    """Cantonese -> Hong Kong; Traditional characters -> Taiwan unless Hong Kong words say otherwise."""
    script = script_of(text)
    if script is None:
        return None
    if script == "tw" and "HK" in kb.regions and any(w and w in text.lower() for w in kb.regions["HK"].places):
        script = "hk"
    return kb.regions.get(script.upper())


def _bare(sign: str) -> bool:
    """A currency sign shared by many regions ("$", "dollars"): weaker than a brand or a place."""
    return sign in ("$", "dollars", "dollar", "bucks", "元", "块")


def choose_region(
    kb: KnowledgeBase,
    *,
    setting: str | None = None,
    numbers: Iterable[str] = (),
    text: str = "",
    org: str | None = None,
    lang: str = "zh",
    lang_hint: str | None = None,
    own_numbers: Iterable[str] = (),
) -> RegionChoice | None:
    """Pick the region: /region, the person's own number's country, another number's country when
    the account is written as people there write it, a place or service named, the country part of
    the links' hosts (when they agree), the currency (a specific one), the brand, the writing
    (Cantonese, Traditional), a number the writing did not match, a bare "$", then the language.

    A number in an account is most often the fraudster's, and it says where the fraudster is (or
    which country's numbers he bought), not the person: a Cantonese account of a call from +86 is a
    Hong Kong caller's, an English account with pounds of a call from +86 is a UK caller's. So a
    number decides only when the account's own language and writing fit its country
    (`_number_fits`) and no specific currency of another country is named; else it waits until the
    account's own signs (place, link, currency, brand, writing) have said nothing. The person's own
    number (`own_numbers`: given with their name, `nlu.own`) decides first."""
    regions = kb.regions
    if not regions:
        return None
    if setting and setting in regions:
        return RegionChoice(regions[setting], "setting")
    folded = fold(text) if text else ""
    place = _place_region(kb, text, folded) if folded else None
    own = list(own_numbers)
    later: Region | None = None  # a fraudster's number whose country the account does not fit
    currency: tuple[Region, bool] | bool | None = False  # not read yet
    for n in [*own, *[x for x in numbers if x not in own]]:
        code = number_region(n)
        if code in regions:
            if place is not None and place.id != code and _same_calling_code(code, place.id):
                return RegionChoice(place, "place")  # +1: the US or Canada, the text says which
            if n not in own:
                if currency is False:
                    currency = _currency_region(kb, text, folded) if text else None
                other_money = currency is not None and not currency[1] and currency[0].id != code
                if other_money or not _number_fits(regions[code], text):
                    later = later or regions[code]
                    continue
            return RegionChoice(regions[code], "number")
    if place is not None:
        return RegionChoice(place, "place")
    link = _link_region(kb, text) if text else None
    if link is not None:  # a look-alike host's country part: "…-secure-hk.top" is a Hong Kong message
        return RegionChoice(link, "link")
    if currency is False:
        currency = _currency_region(kb, text, folded) if text else None
    if currency is not None and not currency[1]:
        return RegionChoice(currency[0], "currency")
    dialect = _dialect_region(kb, text, folded) if text else None
    brand = kb.organisations[org].country if org and org in kb.organisations else None
    if brand in regions and not (brand == "CN" and dialect is not None):
        # (a mainland brand told in Cantonese or Traditional characters is a story from Hong Kong or
        # Taiwan, as a mainland place name in Traditional is: SF Express and Taobao work there too)
        return RegionChoice(regions[brand], "brand")
    if dialect is not None:
        return RegionChoice(dialect, "dialect")
    if currency is not None:
        return RegionChoice(currency[0], "currency")
    if later is not None:  # nothing of the account's own says where: the number's country after all
        return RegionChoice(later, "number")
    hint = (lang_hint or "").lower().replace("_", "-")
    for r in regions.values():
        if hint and hint in r.languages:
            return RegionChoice(r, "language")
    if hint and "-" in hint:  # "en-NZ": the country part
        country = hint.rsplit("-", 1)[1].upper()
        if country in regions and hint.split("-", 1)[0] in ("en", "zh"):
            return RegionChoice(regions[country], "language")
    for r in regions.values():
        if lang in r.default_for:
            return RegionChoice(r, "language")
    return RegionChoice(next(iter(regions.values())), "language")


def _number_fits(region: Region, text: str) -> bool:
    """Whether an account written like `text` fits someone in the number's country: Chinese is
    written there (Cantonese only in Hong Kong and Macao; Traditional characters in Hong Kong, Macao
    and Taiwan; Simplified elsewhere), or English is, for an account in English. With no words to
    go by (a bare number), it fits."""
    langs = [x.lower() for x in region.languages]
    if _HAN.search(text or ""):
        if not any(x.startswith("zh") for x in langs):
            return False
        script = script_of(text)
        writing = writing_of(region.id)
        if script == "hk":
            return writing == "hk"
        return (script is None) == (writing is None)
    if re.search(r"[A-Za-z]{3,}", text or ""):
        return any(x.startswith("en") for x in langs)
    return True


def region_of_check(
    kb: KnowledgeBase,
    analysis,
    text: str,
    *,
    setting: str | None = None,
    lang: str = "zh",
    lang_hint: str | None = None,
) -> RegionChoice | None:
    """The region one checked account gets help for, as every front end chooses it (`callcheck
    check`, the reply, the operator console): the setting, else what the account itself tells
    (its numbers, places, links, currency, organisation, writing), else the language."""
    from nlu.own import is_own, own_spans

    phones = analysis.entities.get("phones", [])
    own = own_spans(text) if phones else []
    return choose_region(
        kb,
        setting=setting,
        numbers=[p.id for p in phones],
        text=text,
        org=analysis.org.id if analysis.org else None,
        lang=lang,
        lang_hint=lang_hint,
        own_numbers=[p.id for p in phones if own and is_own(own, p.start, p.end)],
    )


def _same_calling_code(a: str, b: str) -> bool:
    import phonenumbers

    return phonenumbers.country_code_for_region(a) == phonenumbers.country_code_for_region(b) != 0


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


FIRST_SCREEN = 5  # numbered steps on the first screen; the rest behind "More steps"
_ASIDE = re_compile(r"[（(][^（）()]{1,80}[）)]")  # "(借呗、花呗、京东金条等)": examples in brackets


def _named(text: str, word: str) -> bool:
    """`word` (a place, service or rail from regions.yml) is named in `text` (ASCII words whole)."""
    if not word or word not in text:
        return False
    if word.isascii() and word[:1].isalnum():
        return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None
    return True


def foreign_terms(kb: KnowledgeBase, region: Region, text: str, keep: Iterable[str] = ()) -> list[str]:
    """Places, services and payment rails of other regions (not also this one's, nor in `keep`: the
    organisation the person named) a line of advice names: 借呗 for someone in Hong Kong, PayNow for
    someone in London."""
    low = text.lower()
    keep = {k.lower() for k in keep}
    words, finder, at = _foreign(kb, region)
    named = sorted(i for w in finder.find(low).where for i in at[w])  # one pass; the regions' order kept
    return [w for w in (words[i] for i in named) if w not in keep and _named(low, w)]


_FOREIGN: dict[tuple, tuple[KnowledgeBase, tuple[str, ...], LiteralFinder, dict[str, list[int]]]] = {}


def _foreign(kb: KnowledgeBase, region: Region) -> tuple[tuple[str, ...], LiteralFinder, dict[str, list[int]]]:
    """Every other region's places, services and rails that are not also `region`'s, in the order of
    the regions, an automaton of them and where each stands in that order (worked out once per
    knowledge base and region: each line of advice asks)."""
    key = (id(kb), region.id, region.places)
    hit = _FOREIGN.get(key)
    if hit is None or hit[0] is not kb:
        if len(_FOREIGN) > 64:  # knowledge reloaded many times: forget the old ones
            _FOREIGN.clear()
        own = set(region.places)
        words = tuple(w for r in kb.regions.values() if r.id != region.id for w in r.places if w not in own)
        at: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            at.setdefault(w, []).append(i)
        hit = _FOREIGN[key] = (kb, words, LiteralFinder(words), at)
    return hit[1], hit[2], hit[3]


def lends(kb: KnowledgeBase, region: Region) -> bool:
    """Whether the loan trap's "call every lending app you used" step is for this region: one of its
    places is a lending app (借呗, 花呗: the mainland). Elsewhere "if you already paid" is the bank's."""
    return any(p in _loan_names(kb) for p in region.places)


_LOANS: dict[int, tuple[KnowledgeBase, frozenset[str]]] = {}


def _loan_names(kb: KnowledgeBase) -> frozenset[str]:
    """The lending apps' names, lower case (worked out once per knowledge base: every reply asks)."""
    hit = _LOANS.get(id(kb))
    if hit is None or hit[0] is not kb:
        if len(_LOANS) > 8:  # knowledge reloaded many times: forget the old ones
            _LOANS.clear()
        loans = {a.lower() for app in kb.apps.values() if app.category == "loan" for a in (*app.aliases, app.names.zh)}
        hit = _LOANS[id(kb)] = (kb, frozenset(loans))
    return hit[1]


def for_region(kb: KnowledgeBase, region: Region, line: str, keep: Iterable[str] = ()) -> str | None:
    """A line of advice fitted to the person's region: examples in brackets that belong to another
    region are dropped ("the lending apps you used (借呗、花呗…)" -> "the lending apps you used"), and
    so are clauses after a semicolon that name one; a line that still names another region's
    service is not for them (None)."""
    keep = tuple(keep)
    line = region.worded(line)  # "do not add them on WeChat/QQ" -> "… on LINE" in Taipei
    if not foreign_terms(kb, region, line, keep):
        return line
    line = _ASIDE.sub(lambda m: "" if foreign_terms(kb, region, m.group(0), keep) else m.group(0), line)
    if foreign_terms(kb, region, line, keep):
        parts = re.split(r"(?<=[；;])\s*", line)
        line = "".join(p for p in parts if not foreign_terms(kb, region, p, keep)).rstrip("；; ")
    return line if line and not foreign_terms(kb, region, line, keep) else None


# Told apart by the reply from what the situation reader counts them as: gift-card codes read out
# (money, a code), an ID number given (card details). Their names and steps are in the reply texts.
REPLY_KINDS = ("gift_card", "identity", "link_payment")
# Paid on a page the contact's link opened ("I paid the £1.45 on the link", 在链接里付了运费): the card's details
# went, no transfer was made; what to do is cancel the card and expect the "bank" call that follows.
_LINK_PAID = re_compile(
    r"\b(?:paid|pay|payed|paying|put|entered|typed)\b(?:[^.!?\n]|(?<=\d)\.(?=\d)){0,40}\b(?:on|through|via|using|in|into|at)\s+"
    r"(?:the|that|this|their|his|her|a|an)\s+(?:[\w'.-]+\s+){0,3}?(?:link|page|site|website|web ?page|form)\b"
    r"|\b(?:link|page|site|website)\b[^.!?\n]{0,30}\b(?:i|we|she|he|mum|mom|dad)\s+(?:already\s+|just\s+)?paid\b"
    r"|(?:在|喺|用|通过|点)[^。！？!?\n]{0,8}(?:链接|连结|网页|网站|页面|网址|link)[^。！？!?\n]{0,10}(?:付|交|缴|支付|俾|畀|给了|入了|填了|输入)",
    re.IGNORECASE,
)
_URL = re_compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|co\.uk|uk|net|org|top|xyz|info|cc|io|hk|sg|cn|tw)\b/?", re.I)
_PAID = re_compile(r"\b(?:paid|payed)\b|付了|交了|缴了|支付了|俾了|畀了|付咗|交咗|俾咗|畀咗", re.I)
_TRANSFERRED = re_compile(
    r"\b(?:transfer(?:red)?|wired?|bank transfer)\b|\bsent\b[^.!?\n]{0,24}\bto (?:him|her|them|the|their|his|an?)\b"
    r"|转账|汇款|转了|汇了|转给|汇给|过数|过了数|转数快|过咗数",
    re.I,
)
_GIFT = re_compile(
    r"gift ?cards?|apple cards?|itunes|google play|steam (?:card|wallet)|amazon (?:card|voucher)|vouchers?"
    r"|礼品卡|购物卡|e卡|点卡|游戏点数|充值卡|卡密",
    re.IGNORECASE,
)
_OTP = re_compile(r"\botps?\b|one[- ]time|verification|passcode|password|\bpin\b|验证码|短信码|动态码|密码")
_IDENTITY = re_compile(
    r"aadhaa?r|\bpan (?:card|number)|passport|social security|\bssn\b|\bsin (?:number|no)|\bnric\b|\bhkid\b"
    r"|\bid (?:number|card|no)|身份证|身分证|证件号|护照|身份号码",
    re.IGNORECASE,
)
_BANK_CARD = re_compile(
    r"(?<!pan )(?<!id )(?<!aadhaar )card (?:number|details|info|no)|credit card|debit card|bank card|\bcvv\b|\bcvc\b"
    r"|expiry|sort code|account number"
    r"|卡号|银行卡|信用卡|有效期|安全码|网银|账号|户口号码",
    re.IGNORECASE,
)


def refine_given(given: Iterable[str], text: str) -> tuple[str, ...]:
    """What was given, told apart where the situation reader's kinds say too little: gift-card codes
    read out are no bank transfer nor a log-in code (the issuer can freeze the balance), and an ID
    number is no card (nothing to block; loans and SIMs in the person's name to watch for). `text`:
    the person's words (this message and what the conversation kept)."""
    given = list(dict.fromkeys(given))
    folded = fold(text)
    cards = "card" in given and not _BANK_CARD.search(folded)  # "sent photos of the Apple cards"
    if ("money" in given or "code" in given or cards) and _GIFT.search(folded):
        drop = {"money"} | ({"code"} if not _OTP.search(folded.replace("卡密", "")) else set())
        given = ["gift_card", *(g for g in given if g not in drop and g != "gift_card")]
    if ("card" in given or "code" in given) and _IDENTITY.search(folded):
        # "told them his social security number": an ID number, not a log-in code nor a bank card
        keep = {"card"} if _BANK_CARD.search(folded) else set()
        keep |= {"code"} if _OTP.search(folded) or re.search(r"\bcodes?\b", folded) else set()
        at = min(given.index(g) for g in ("card", "code") if g in given)
        given = [*given[:at], "identity", *(g for g in given[at:] if g not in {"card", "code"} - keep)]
    if "gift_card" in given and "card" in given and not _BANK_CARD.search(folded):
        given.remove("card")  # "sent photos of the Google Play cards": gift cards, not a bank card
    if ("money" in given or "card" in given) and "gift_card" not in given and _paid_on_link(folded):
        # "I paid the £1.45 on the link": the card's details went, not a transfer ("recall the transfer" is
        # wrong advice): cancel the card, and the "bank" call that follows is the scam's second half. A
        # transfer told as well keeps its own steps.
        transferred = _TRANSFERRED.search(folded) is not None
        at = min(given.index(g) for g in ("money", "card") if g in given)
        drop = {"card"} | (set() if transferred else {"money"})
        given = [*given[:at], "link_payment", *(g for g in given[at:] if g not in drop)]
    return tuple(dict.fromkeys(given))


def _paid_on_link(folded: str) -> bool:
    """Whether the person paid on a page a link opened: told so ("paid on the link", 在链接里付了), or a
    payment told in an account that holds a web address."""
    return _LINK_PAID.search(folded) is not None or (
        _URL.search(folded) is not None and _PAID.search(folded) is not None
    )


def _kinds(kb: KnowledgeBase, lang: str) -> dict[str, tuple[str, list[str]]]:
    """Every kind of thing given: its name and its steps (unfilled), from situations.yml and the texts."""
    out = {
        k.id: (k.names.get(lang), [s.get(lang) for s in k.steps])
        for k in (kb.situations.given if kb.situations else ())
    }
    extra = texts(lang)["emergency"].get("kinds") or {}
    out.update({k: (v["name"], list(v["steps"])) for k, v in extra.items() if k in REPLY_KINDS})
    return out


def kind_names(kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """What each kind of thing given is called in the reply ("gave a code or password")."""
    return {k: name for k, (name, _) in _kinds(kb, lang).items()}


def emergency_steps(
    kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str, *, short: bool = False
) -> list[str]:
    """The checklist after something was given, by what was given; everything when we do not know what.

    `short`: the first screen: at most FIRST_SCREEN steps, the first of each thing given before the
    second of any, near-duplicates merged, and the report to the police always among them.
    """
    t = texts(lang)["emergency"]
    values = _values(choice.region, lang)
    kinds = _kinds(kb, lang)
    known = [k.id for k in (kb.situations.given if kb.situations else ())]
    wanted = [g for g in dict.fromkeys(given) if g in kinds] or known
    lists = [
        [line for s in kinds[gid][1] if (line := for_region(kb, choice.region, s.format(**values)))] for gid in wanted
    ]
    steps = [t["stop"]]
    for depth in range(max((len(x) for x in lists), default=0)):  # first steps of each kind, then second
        for own in lists:
            if depth < len(own) and not any(own[depth] == s or _same_advice(own[depth], s) for s in steps):
                steps.append(own[depth])
    report = t["report"].format(police=values["police"])
    if not any(values["police"] in s for s in steps):
        steps.append(report)
    if short:
        if len(steps) > FIRST_SCREEN:
            reported = next((s for s in steps if values["police"] in s), report)
            steps = [s for s in steps[: FIRST_SCREEN - 1] if s != reported] + [reported]
            steps = steps[:FIRST_SCREEN]
        return steps
    return [*steps, t["evidence"], t["family"]]


def more_steps(kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str) -> list[str]:
    """What the first screen left out: the rest of the checklist, behind the "More steps" button."""
    given = list(given)
    first = emergency_steps(kb, choice, given, lang, short=True)
    return [s for s in emergency_steps(kb, choice, given, lang) if s not in first]


def _action_values(region: Region | None, lang: str) -> dict[str, str]:
    """What {bank} and {emergency} in a first line stand for in this region (courier fraud's "call 159 /
    999"); without a region, the generic bank line and the police."""
    if region is None:
        return {
            "bank": "银行卡背面的官方电话" if lang == "zh" else "your bank on the number on your card",
            "emergency": "110" if lang == "zh" else "the police",
        }
    numbers = [c.number for c in region.by_role("emergency") if c.number]
    numbers = numbers or [c.number for c in region.by_role("police", "anti_fraud") if c.number][:1]
    return {
        "bank": region.bank.get(lang) or _action_values(None, lang)["bank"],
        "emergency": " / ".join(numbers) if numbers else police_text(region, lang),
    }


def action_lines(modes: Iterable[str], lang: str, region: Region | None = None) -> list[str]:
    """The one thing to do first for each thing still open, strongest first."""
    actions = texts(lang)["emergency"]["action"]
    values = _action_values(region, lang)
    return [actions[m].format(**values) for m in dict.fromkeys(modes) if m in actions]


def emergency_text(
    kb: KnowledgeBase,
    choice: RegionChoice,
    given: Iterable[str],
    lang: str,
    modes: Iterable[str] = (),
    *,
    short: bool = True,
    who: str = "",
) -> str:
    """The emergency reply: the action for what is still open (if any) on the first line, then the
    heading, numbered steps (at most five when `short`), the region's contacts and how to change it."""
    t = texts(lang)["emergency"]
    given = list(given)
    kinds = kind_names(kb, lang)
    sep = "、" if lang == "zh" else ", "
    what = sep.join(kinds[g] for g in given if g in kinds)
    actions = action_lines(modes, lang, choice.region)
    said = t["you_said"].format(what=what)
    if who and t.get("you_said_who"):  # "(you said your dad read out a code)": the relative, not "you"
        said = t["you_said_who"].format(who=_addressed(who, lang), what=what)
    head = "\n".join([*actions, t["title"]]) + (("\n" + said) if what else "")
    steps = emergency_steps(kb, choice, given, lang, short=short)
    body = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    contacts = "\n".join(f"  - {line}" for line in region_lines(choice, lang))
    return f"{head}\n{body}\n\n{t['contacts'].format(region=choice.region.names.get(lang))}:\n{contacts}"


def _addressed(who: str, lang: str) -> str:
    """The relative as the reply names them to the writer: "my dad" -> "your dad", 我媽 -> 你媽."""
    if lang == "zh":
        return "你" + who[1:] if who.startswith("我") else who
    return re.sub(r"^my\b", "your", who.strip(), flags=re.I)


def more_text(kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str) -> str:
    """The rest of the checklist, numbered on from the first screen."""
    t = texts(lang)["emergency"]
    given = list(given)
    start = len(emergency_steps(kb, choice, given, lang, short=True)) + 1
    rest = more_steps(kb, choice, given, lang)
    return t["more_title"] + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(rest, start))


def hang_up_text(lang: str, modes: Iterable[str] = ("call",), who: str = "", region: Region | None = None) -> str:
    """The short reply for someone still on the call (or video call, remote session, meeting):
    the action first, on its own line, then "do nothing more they say". Short enough to read mid-call.

    `who`: the relative or friend still on the line, as the writer named them ("my nan", 我妈): the
    first line then tells the writer to reach them and get them off it, not to hang up themselves."""
    t = texts(lang)["emergency"]
    modes = list(modes) or ["call"]
    if who and t.get("action_who") and modes[0] in t["action_who"]:  # (about to pay: "stop now" names them)
        named = _addressed(who, lang)
        values = _action_values(region, lang)
        lines = [t["action_who"][m].format(who=named, **values) for m in dict.fromkeys(modes) if m in t["action_who"]]
        if lines:
            return "\n".join([*lines, t["then_who"].format(who=named)])
    return "\n".join([*action_lines(modes, lang, region), t["then"]])


def then_help_text(choice: RegionChoice, lang: str) -> str:
    """After the hang-up line: who to report to there, which region was assumed and how to change it."""
    t = texts(lang)["emergency"]
    return t["then_help"].format(police=police_text(choice.region, lang)) + "\n" + region_lines(choice, lang)[-1]


def urgent_reply(kb: KnowledgeBase, situation, choice: RegionChoice, lang: str, given: Iterable[str] = ()) -> list[str]:
    """The first screen for a person in trouble, the same in the chat, `callcheck check` and the console.

    `situation`: nlu.situation.Situation; `given`: everything given so far in the conversation (the
    situation's own when empty). Still open: first a message short enough to read mid-call, the
    action on its first line. Then, when something was given, at most five steps and the region's
    contacts; otherwise who to report to in the region.
    """
    given = list(dict.fromkeys([*given, *situation.given]))
    modes = list(situation.ongoing) or (["call"] if situation.on_call else [])
    # (a relative or friend still on the line: the first line is to reach them)
    screens = [hang_up_text(lang, modes, getattr(situation, "line_who", ""), choice.region)] if modes else []
    if given:
        return [*screens, emergency_text(kb, choice, given, lang, who=getattr(situation, "who", ""))]
    return [*screens, then_help_text(choice, lang)]


def emergency_sections(
    kb: KnowledgeBase, choice: RegionChoice, given: Iterable[str], lang: str, modes: Iterable[str] = ()
) -> dict:
    """The same checklist as sections of steps, in the shape `services.hotline.paid_checklist` returns.

    For front ends that lay the steps out themselves (the operator console, the HTTP API): the
    first step, one section per thing given (everything when nothing is known), then the region's
    contacts, which region was assumed and why. Also what the chat shows: `actions` (the first
    line for what is still open, `modes` = `Situation.ongoing`), `first_screen` (at most five
    steps) and `more` (the rest, behind "More steps").
    """
    t = texts(lang)["emergency"]
    kinds = _kinds(kb, lang)  # (gift-card codes and an ID number, told apart by the reply, included)
    known = [k.id for k in (kb.situations.given if kb.situations else ())]
    chosen = [g for g in dict.fromkeys(given) if g in kinds]
    steps = emergency_steps(kb, choice, chosen, lang)
    first, rest = steps[:1], steps[1:]
    sections = [{"id": "first", "title": t["title"], "steps": first}]
    values = _values(choice.region, lang)
    shown: set[str] = set(first)
    for gid in chosen or known:
        own = [
            line
            for st in kinds[gid][1]
            if (line := for_region(kb, choice.region, st.format(**values))) and line not in shown
        ]
        shown.update(own)
        sections.append({"id": gid, "title": kinds[gid][0], "steps": own})
    sections.append({"id": "then", "title": "", "steps": [s for s in rest if s not in shown]})
    lines = region_lines(choice, lang)
    sections.append(
        {"id": "contacts", "title": t["contacts"].format(region=choice.region.names.get(lang)), "steps": lines}
    )
    return {
        "sections": sections,
        "actions": action_lines(modes, lang, choice.region),
        "first_screen": emergency_steps(kb, choice, chosen, lang, short=True),
        "more": more_steps(kb, choice, chosen, lang),
        "given": chosen,
        "options": [{"id": k, "name": kinds[k][0]} for k in known],
        "region": {"id": choice.region.id, "name": choice.region.names.get(lang), "reason": choice.reason},
    }
