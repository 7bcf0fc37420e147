"""The number service: parsing and signals (nlu/phones.py) joined with the reported-scam store.

Used by the `callcheck number` commands, and by the analyzer through its number-lookup hook so
that numbers found in an account are checked and their status raises or lowers the risk.
"""

from __future__ import annotations

from dataclasses import replace

from knowledge.model import L10n
from nlu.entities import Mention
from nlu.phones import (
    NumberFacts,
    NumberIntel,
    NumberParseError,
    ParsedNumber,
    Signal,
    country_unknown_signal,
    parse_number,
    readings,
)

from ..store import NumberRecord, Store

# How much a report status adds to an account's risk.
STATUS_RISK = {"confirmed": 0.6, "unverified": 0.15, "cleared": 0.0}


class NumberService:
    """Check, report and describe numbers. Holds no state beyond its store and knowledge."""

    def __init__(self, intel: NumberIntel, store: Store | None):
        self.intel = intel
        self.store = store
        self.region = intel.region
        if store is not None:  # the store checks official lines on every status change and lookup
            store.is_protected = intel.protected

    def parse(self, raw: str) -> ParsedNumber:
        """Parse one number; raise NumberParseError with a plain reason."""
        return parse_number(raw, self.region)

    def _parse_quiet(self, canonical: str) -> ParsedNumber | None:
        """A canonical number ("+61…", "GB:999") parsed again, or None."""
        region, _, digits = canonical.partition(":")
        try:
            return parse_number(digits, region) if digits and not canonical.startswith("+") else self.parse(canonical)
        except NumberParseError:
            return None

    def check(
        self,
        raw: str,
        claimed_org: str | None = None,
        lang: str = "en",
        region: str | None = None,
        home: str | None = None,
    ) -> dict:
        """The JSON of `callcheck number check`: type, signals, official match and report status.

        `region`: where a number without its country code is read (default: the service's own);
        UNKNOWN: nobody knows, so a number with several readings is reported as "country unknown",
        with the reports and official matches of every reading. `home`: the region "foreign" is
        said against (default: `region`, else the service's own); OWN: the number's own country,
        for a number checked with no region given (+44 7911… is read in the UK's terms)."""
        if region == UNKNOWN:
            found = self.readings(raw)
            if len(found) > 1:
                return self._unknown_dict(raw, found, claimed_org, lang)
            region = found[0].region if found else None
        p = parse_number(raw, region) if region else self.parse(raw)
        if home == OWN:
            home = home_of(p) or None
        facts = self.intel.facts(p, claimed_org, home=home or region)
        record = self.store.lookup(p.canonical) if self.store else None
        return self._to_dict(raw, facts, record, lang)

    def readings(self, raw: str) -> list[ParsedNumber]:
        """The valid readings of `raw` in every region the knowledge serves (one if it has its code)."""
        return readings(raw, list(self.intel.kb.regions) or [self.region])

    def _unknown_dict(self, raw: str, found: list[ParsedNumber], claimed_org: str | None, lang: str) -> dict:
        """A number of unknown country: what every reading says that does not depend on the country
        (reports, official lines), never one country's signals."""
        signals = [country_unknown_signal(found).to_dict(lang)]
        official = None
        reporters = 0
        best = None
        for p in found:
            facts = self.intel.facts(p, claimed_org)
            if facts.official and not official:
                official = facts.official
                signals += [x.to_dict(lang) for x in facts.signals if x.id in ("official_match", "official_line")]
            record = self.store.lookup(p.canonical) if self.store else None
            if record and record.reporters:
                signals.append(report_signal(record).to_dict(lang))
                if record.reporters > reporters:
                    reporters, best = record.reporters, record
        return {
            "input": raw,
            "number": "",
            "readings": [p.canonical for p in found],
            "region": "",
            "type": "unknown",
            "valid": True,
            "place": "",
            "carrier": "",
            "signals": signals,
            "official": official,
            "reports": (
                best.to_dict()
                if best
                else {"status": "unverified", "reporters": 0, "first_seen": None, "last_seen": None, "scripts": []}
            ),
        }

    def _to_dict(self, raw: str, facts: NumberFacts, record: NumberRecord | None, lang: str) -> dict:
        p = facts.number
        signals = [s.to_dict(lang) for s in facts.signals]
        if record and record.reporters:
            signals.append(report_signal(record).to_dict(lang))
        return {
            "input": raw,
            "number": p.canonical,
            "region": p.region,
            "type": p.type,
            "valid": p.valid,
            "place": facts.place.get(lang),
            "carrier": facts.carrier.get(lang),
            "signals": signals,
            "official": facts.official,
            "reports": (
                record.to_dict()
                if record
                else {"status": "unverified", "reporters": 0, "first_seen": None, "last_seen": None, "scripts": []}
            ),
        }

    def report(self, raw: str, script: str, reporter_id: str, *, channel: str = "cli", note: str | None = None):
        """Record a report; official hotlines are held for review, never condemned."""
        if self.store is None:
            raise RuntimeError("no database configured")
        p = self.parse(raw)
        return p, self.store.add_report(
            p.canonical, script, reporter_id, channel=channel, note=note, protected=self.intel.protected(p.canonical)
        )

    def lookup_for_analysis(self, phones: list[Mention], claimed_org: str | None) -> list[dict]:
        """Per number found in an account: signals, report status and the risk they add."""
        out = []
        for m in phones:
            if m.detail.get("readings"):  # country unknown: every reading looked up, none assumed
                found = [p for p in (self._parse_quiet(r) for r in m.detail["readings"]) if p is not None]
                entry = self._unknown_dict(m.text, found, claimed_org, "en")
                zh = self._unknown_dict(m.text, found, claimed_org, "zh")
                entry["signals_zh"] = zh["signals"]
                status = entry["reports"].get("status")
                risk = STATUS_RISK.get(status, 0) if entry["reports"].get("reporters") else 0.0
                entry["risk"] = round(min(risk, 0.05) if entry["official"] else risk, 3)
                out.append(entry)
                continue
            try:
                p = self.parse(m.id if m.id.startswith("+") else m.text)
            except NumberParseError:
                continue
            facts = self.intel.facts(p, claimed_org)
            if not m.text.lstrip().startswith(("+", "00", "＋")):
                # Written without a country code, it was read as a number of where the person is (or
                # of the place the text names): "foreign" would contradict the reading itself.
                facts = replace(facts, signals=tuple(s for s in facts.signals if s.id != "international"))
            record = self.store.lookup(p.canonical) if self.store else None
            risk = facts.risk
            if record and record.reporters and not record.protected:
                risk = 1 - (1 - risk) * (1 - STATUS_RISK.get(record.status, 0))
            if facts.official:
                risk = min(risk, 0.05)
            entry = self._to_dict(m.text, facts, record, "en")
            entry["risk"] = round(risk, 3)
            entry["signals_zh"] = [s.to_dict("zh") for s in facts.signals]
            if record and record.reporters:
                entry["signals_zh"].append(report_signal(record).to_dict("zh"))
            out.append(entry)
        return out


UNKNOWN = "ZZ"  # `check(region=UNKNOWN)`: nothing tells the number's country
OWN = "own"  # `check(home=OWN)`: "foreign" is said against the number's own country (no region given)


def home_of(p: ParsedNumber) -> str:
    """The country whose terms a number is read in: the owner of its calling code for a number with
    one (+44 7911… is the UK's, though the range is Guernsey's), else the region it was read in."""
    if p.canonical.startswith("+"):
        import phonenumbers

        try:
            code = phonenumbers.region_code_for_country_code(phonenumbers.parse(p.canonical).country_code)
        except phonenumbers.NumberParseException:
            code = ""
        if p.region and p.region not in ("GG", "JE", "IM"):
            return p.region
        return code if code and code != "ZZ" else p.region
    return p.region


def reporters_text(n: int, lang: str = "en") -> str:
    """ "1 independent reporter", "3 independent reporters"; "1位举报人", "3位独立举报人"."""
    if lang == "zh":
        return f"{n}位举报人" if n == 1 else f"{n}位独立举报人"
    return f"{n} independent reporter" + ("" if n == 1 else "s")


def report_signal(record: NumberRecord) -> Signal:
    """A plain sentence about the reports on a number."""
    if record.protected:
        return Signal(
            "reports_held",
            L10n(
                f"有{record.reporters}人举报过这个号码，但它是官方号码，举报已转人工复核（很可能是被冒用显示）。",
                f"{record.reporters} people reported this number, but it is an official line: "
                "reports are held for review "
                "(its caller ID is probably being spoofed).",
            ),
        )
    if record.status == "confirmed":
        return Signal(
            "reported_confirmed",
            L10n(
                f"已确认的诈骗号码：{reporters_text(record.reporters, 'zh')}。",
                f"Confirmed scam number: {reporters_text(record.reporters)}.",
            ),
            STATUS_RISK["confirmed"],
        )
    if record.status == "cleared":
        return Signal(
            "reported_cleared", L10n("曾被举报，但经人工核实后已排除。", "Reported before, but cleared by a moderator.")
        )
    return Signal(
        "reported_unverified",
        L10n(
            f"有{record.reporters}人举报过，尚未确认。",
            f"{reporters_text(record.reporters)}, not yet confirmed.",
        ),
        STATUS_RISK["unverified"],
    )
