"""The loaded, validated knowledge base: plain frozen dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .phrases import CompiledPhrase

LANGS = ("zh", "en")
# What an indicator is evidence of. A verdict of "scam" needs the shape of a script
# (who they claim to be + a hook + a demand genuine service never makes), not one word.
KINDS = ("contact", "hook", "demand", "pressure", "context", "mitigating")
VERDICTS = ("scam", "suspicious", "no_scam_signs", "matches_genuine")
FAMILIES = ("cs_impersonation", "loan_credit", "phishing", "other_scam")
CONFIDENCE = ("high", "medium", "low", "none")
ORG_CATEGORIES = (
    "ecommerce",
    "payment",
    "courier",
    "bank",
    "anti_fraud",
    "platform",
    "telecom",
    "government",
    "finance",
)
APP_CATEGORIES = ("loan", "payment", "messaging", "remote_control", "meeting")


@dataclass(frozen=True)
class L10n:
    """A text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text for `lang`, Chinese for anything but English."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Indicator:
    """A phrase family that is evidence for one stage of a script (or a cross-script red flag)."""

    id: str  # qualified: "<script>.<indicator>" or "red_flag.<indicator>"
    owner: str  # script id, or "red_flag"
    stage: str
    kind: str
    weight: float
    patterns: tuple[CompiledPhrase, ...]
    phrases: tuple[str, ...]  # the volunteer's own phrases, for export and docs
    explain: L10n
    negatable: bool = True
    scripts: tuple[str, ...] = ()  # red flags: the scripts this flag is typical of
    advice: L10n | None = None
    detector: str | None = None  # evidence produced by a built-in check, e.g. "link_check"
    common_in_ads: bool = False  # also usual in genuine adverts and notices: not enough for the wording model
    # A pretext that makes its own variant of the script ("an order you did not make" in a script named
    # for stuck orders): the name shown when it is the script's strongest pretext (its `advice` then
    # stands for the script's own).
    names: L10n | None = None


@dataclass(frozen=True)
class Stage:
    """One step of a script's chain."""

    id: str
    kind: str
    name: L10n
    advice: L10n | None = None


@dataclass(frozen=True)
class Example:
    """An example account with the verdict (and scripts) the analyzer must give."""

    text: str
    expect: str
    scripts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    """A scam script: its stages, indicators, what genuine contact looks like, and advice."""

    id: str
    family: str
    names: L10n
    summary: L10n
    stages: tuple[Stage, ...]
    indicators: tuple[Indicator, ...]
    genuine: tuple[L10n, ...]
    advice: tuple[L10n, ...]
    examples: tuple[Example, ...]
    file: str = ""
    guide: tuple[StageGuide, ...] = ()  # the hotline console's questions and advice per stage
    also_called: tuple[str, ...] = ()  # other names people type for it (解除分期付款 for Taiwan's variant)

    def guide_for(self, stage: str | None) -> StageGuide | None:
        """The operator's guide for a stage of this script, if the script file has one."""
        return next((g for g in self.guide if g.stage == stage), None)


@dataclass(frozen=True)
class Hotline:
    """An official phone number with where it was found and how sure we are."""

    number: str
    purpose: str
    confidence: str
    sources: tuple[str, ...]
    checked: str
    notes: str = ""

    @property
    def usable(self) -> bool:
        """Sure enough to tell people to call it, or to compare a caller's number with it."""
        return self.confidence in ("high", "medium")


@dataclass(frozen=True)
class OfficialApp:
    """An official app and the in-app path to check an order or a refund."""

    name: L10n
    path: L10n


@dataclass(frozen=True)
class Organisation:
    """An organisation people are told is calling them, with its official channels."""

    id: str
    category: str
    names: L10n
    aliases: tuple[str, ...]
    hotlines: tuple[Hotline, ...]
    apps: tuple[OfficialApp, ...]
    domains: tuple[str, ...]
    domain_source: str = ""
    notes: str = ""
    country: str = "CN"  # where the organisation's own phone lines are
    # The organisation's own sites for one country ("SG": ("shopee.sg",), "MY": ("shopee.com.my",)):
    # each ends in that country's code, and is official like `domains`.
    regional_domains: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def all_domains(self) -> tuple[str, ...]:
        """Every official domain: the organisation's own, then each country's."""
        return self.domains + tuple(d for _, ds in self.regional_domains for d in ds)

    def domains_for(self, region: str | None) -> tuple[str, ...]:
        """The domains to show someone in `region` (a country code): that country's own site
        first, then the organisation's general ones; every domain when no region is known."""
        if not region:
            return self.all_domains
        own = next((ds for cc, ds in self.regional_domains if cc == region.upper()), ())
        return own + tuple(d for d in self.domains if d not in own)


@dataclass(frozen=True)
class GenuineProcess:
    """How an organisation really contacts people or collects money (official/processes.yml).

    `indicator` holds the phrases that show the genuine channel (a grey card through the door, a
    reply YES/NO text, a code nobody asked for); it matches like any indicator, with kind "genuine".
    """

    id: str
    names: L10n
    how: L10n  # how the organisation really does it
    confirm: L10n  # how to confirm it without using the contact itself
    orgs: tuple[str, ...]  # one of these must be named (empty: any, or none)
    categories: tuple[str, ...]  # ...or an organisation of one of these categories
    sources: tuple[str, ...]
    checked: str
    indicator: Indicator
    never_asks: tuple[str, ...] = ()  # indicator ids outside this process, beyond the shared scam demands


@dataclass(frozen=True)
class NumberRange:
    """A sourced number range with a meaning, e.g. a virtual-operator mobile segment."""

    prefix: str
    note: str
    sources: tuple[str, ...]
    confidence: str
    checked: str


@dataclass(frozen=True)
class App:
    """A loan, payment, messaging, meeting or remote-control app named in accounts."""

    id: str
    category: str
    names: L10n
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ActSet:
    """How one language says "I already gave X": giving verbs, what they give, verbs that say it alone."""

    acts: tuple[str, ...]
    objects: tuple[str, ...]
    alone: tuple[str, ...] = ()
    # Whole finished acts in phrase syntax, for forms verb + object cannot say (Cantonese 過咗三萬).
    phrases: tuple[CompiledPhrase, ...] = ()
    # English verbs in their plain form ("I already transfer liao", "give him the code lor"): a giving
    # act only with a `done` marker (already, liao…) and, for money, the one it went to.
    base: tuple[str, ...] = ()


@dataclass(frozen=True)
class GivenKind:
    """One kind of thing a person may already have given (money, a loan, a code…) and what to do."""

    id: str
    names: L10n
    by_lang: dict[str, ActSet]
    steps: tuple[L10n, ...]


@dataclass(frozen=True)
class Situations:
    """Phrase families for where a person is now: already gave something, still on the call."""

    markers: dict[str, dict[str, tuple[str, ...]]]  # lang -> marker family -> words
    given: tuple[GivenKind, ...]
    on_call: tuple[CompiledPhrase, ...]  # every phrase of every ongoing mode
    # (mode, phrases) for what is still open: "call", "video", "computer", "meeting", strongest first
    ongoing: tuple[tuple[str, tuple[CompiledPhrase, ...]], ...] = ()


CONTACT_ROLES = ("emergency", "police", "anti_fraud", "report", "bank", "victim_support")


@dataclass(frozen=True)
class Contact:
    """An emergency or anti-fraud contact in one region, with its source."""

    role: str
    name: L10n
    number: str
    url: str
    sources: tuple[str, ...]
    checked: str


@dataclass(frozen=True)
class Region:
    """Where a person is: who to call there, and which languages and phone codes point to it."""

    id: str  # ISO 3166 alpha-2, e.g. CN, GB
    names: L10n
    aliases: tuple[str, ...]
    languages: tuple[str, ...]  # client language codes that suggest this region (zh-tw, en-gb…)
    default_for: tuple[str, ...]  # bare languages this region is assumed for (zh, en)
    currencies: tuple[str, ...]  # money signs and words that point here (£, hk$, 人民币)
    bank: L10n  # how to reach your bank safely there
    contacts: tuple[Contact, ...]
    places: tuple[str, ...] = ()  # places, services and payment rails only found there (upi, interac, 转数快)
    # How advice written for the mainland is said here: ("微信/QQ", "LINE"), ("WeChat/QQ", "WhatsApp")
    wording: tuple[tuple[str, str], ...] = ()

    def worded(self, line: str) -> str:
        """`line` with the mainland's apps and terms said as people here say them."""
        for mainland, here in self.wording:
            if mainland in line:
                line = line.replace(mainland, here)
        return line

    def by_role(self, *roles: str) -> list[Contact]:
        """The contacts with one of `roles`, in file order."""
        return [c for c in self.contacts if c.role in roles]


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the analyzer knows, loaded once."""

    root: Path
    scripts: dict[str, Script]
    red_flags: tuple[Indicator, ...]
    organisations: dict[str, Organisation]
    apps: dict[str, App]
    shorteners: tuple[str, ...] = ()
    mvno_ranges: tuple[NumberRange, ...] = ()
    genuine: tuple[str, ...] = ()  # genuine contacts and everyday messages that must not be flagged
    processes: tuple[GenuineProcess, ...] = ()  # official/processes.yml: how real contact looks
    scam_demands: tuple[str, ...] = ()  # indicator ids (or "script.*") no genuine process ever asks
    off_channel: tuple[str, ...] = ()  # indicator ids of actions asked through a channel not the organisation's
    on_channel: tuple[str, ...] = ()  # words that make a call-back the official one ("官方客服", "on the back of")
    opening: tuple[L10n, ...] = ()  # hotline.yml: the console's questions before a script is recognised
    paid_checklist: PaidChecklist | None = None  # hotline.yml: the "already paid" checklist
    situations: Situations | None = None  # situations.yml: already paid, still on the call
    regions: dict[str, Region] = field(default_factory=dict)  # regions.yml: help where the person is

    def indicators(self) -> list[Indicator]:
        """Every indicator: each script's, then the red flags."""
        out: list[Indicator] = []
        for script in self.scripts.values():
            out.extend(script.indicators)
        out.extend(self.red_flags)
        return out


@dataclass(frozen=True)
class StageGuide:
    """For a hotline operator: what to ask next and what to read out once a caller reached a stage."""

    stage: str
    ask: tuple[L10n, ...]
    say: tuple[L10n, ...]


@dataclass(frozen=True)
class GivenItem:
    """One thing a victim may have given (money, a code, a loan…) and what to do about it."""

    id: str
    name: L10n
    steps: tuple[L10n, ...]


@dataclass(frozen=True)
class PaidChecklist:
    """The "already paid" checklist (knowledge/hotline.yml): first, per thing given, then."""

    first: tuple[L10n, ...]
    given: tuple[GivenItem, ...]
    then: tuple[L10n, ...]
