"""The number service: parsing and signals (nlu/phones.py) joined with the reported-scam store.

Used by the `callcheck number` commands, and by the analyzer through its number-lookup hook so
that numbers found in an account are checked and their status raises or lowers the risk.
"""

from __future__ import annotations

from knowledge.model import L10n
from nlu.entities import Mention
from nlu.phones import NumberFacts, NumberIntel, NumberParseError, ParsedNumber, Signal, parse_number

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

    def check(self, raw: str, claimed_org: str | None = None, lang: str = "en") -> dict:
        """The JSON of `callcheck number check`: type, signals, official match and report status."""
        p = self.parse(raw)
        facts = self.intel.facts(p, claimed_org)
        record = self.store.lookup(p.canonical) if self.store else None
        return self._to_dict(raw, facts, record, lang)

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
            try:
                p = self.parse(m.id if m.id.startswith("+") else m.text)
            except NumberParseError:
                continue
            facts = self.intel.facts(p, claimed_org)
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
                f"已确认的诈骗号码：{record.reporters}位独立举报人。",
                f"Confirmed scam number: {record.reporters} independent reporters.",
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
            f"{record.reporters} independent reporter(s), not yet confirmed.",
        ),
        STATUS_RISK["unverified"],
    )
