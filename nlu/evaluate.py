"""Measure an analyzer on labelled JSONL: flagged recall, false flags, script top-k, confusion.

Rows: {"id", "text", "label": scam|benign|illegal_ad, optional "dataset", "family",
"dup_cluster", "scripts"}. Each near-duplicate cluster counts once: its value is the share of its
rows that were flagged, so a template sent ten thousand times weighs as much as one message.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .analyzer import Analysis
from .normalize import is_cjk, t2s_table

FLAGGED = ("scam", "suspicious")


@dataclass
class _Group:
    clusters: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))

    def add(self, cluster: str, flagged: bool) -> None:
        self.clusters[cluster].append(flagged)

    def rate(self) -> float | None:
        if not self.clusters:
            return None
        return sum(sum(v) / len(v) for v in self.clusters.values()) / len(self.clusters)

    def size(self) -> int:
        return len(self.clusters)


@dataclass
class EvalReport:
    """Figures per dataset and family, script top-k and a label × verdict confusion table."""

    rows: int = 0
    recall: dict[str, _Group] = field(default_factory=lambda: defaultdict(_Group))
    false_flags: dict[str, _Group] = field(default_factory=lambda: defaultdict(_Group))
    # genuine rows called "scam" outright (hard false alarms); the rest of false_flags is "suspicious"
    scam_on_genuine: dict[str, _Group] = field(default_factory=lambda: defaultdict(_Group))
    # scam rows called "scam" outright (the rest of flagged recall is "suspicious")
    scam_recall: dict[str, _Group] = field(default_factory=lambda: defaultdict(_Group))
    ads_flagged: dict[str, _Group] = field(default_factory=lambda: defaultdict(_Group))
    family_recall: dict[tuple[str, str], _Group] = field(default_factory=lambda: defaultdict(_Group))
    confusion: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    latencies: list[float] = field(default_factory=list)
    top1: int = 0
    top2: int = 0
    with_scripts: int = 0
    # script ranking per language: key -> [rows, top-1 hits, top-2 hits (any label), top-2 primary]
    lang_scripts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    errors: list[str] = field(default_factory=list)
    # Our script id -> the label a data set uses for it (e.g. credential_theft -> other_scam).
    label_of: Callable[[str], str] = field(default=lambda sid: sid)

    def add(self, row: dict, result: Analysis | Outcome) -> None:
        """Count one labelled row."""
        self.rows += 1
        ds = str(row.get("dataset") or "all")
        label = str(row.get("label"))
        cluster = str(row.get("dup_cluster") or row.get("id") or self.rows)
        flagged = result.verdict in FLAGGED
        self.confusion[label][result.verdict] += 1
        lang = language_key(row)
        keys = (ds, "ALL", f"lang:{lang}") if lang else (ds, "ALL")
        if label == "scam":
            for key in keys:
                self.recall[key].add(cluster, flagged)
                self.scam_recall[key].add(cluster, result.verdict == "scam")
            self.family_recall[(ds, str(row.get("family") or "-"))].add(cluster, flagged)
        elif label == "benign":
            for key in keys:
                self.false_flags[key].add(cluster, flagged)
                self.scam_on_genuine[key].add(cluster, result.verdict == "scam")
        elif label == "illegal_ad":
            self.ads_flagged[ds].add(cluster, flagged)
        wanted = row.get("scripts") or []
        if wanted and label == "scam":
            self.with_scripts += 1
            ranked = [s.id for s in result.scripts]
            labels = list(dict.fromkeys(self.label_of(s) for s in ranked))
            hit1 = bool(ranked[:1] and (ranked[0] in wanted or labels[0] in wanted))
            hit2 = any(s in wanted for s in ranked[:2]) or any(s in wanted for s in labels[:2])
            self.top1 += hit1
            self.top2 += hit2
            if lang:
                counts = self.lang_scripts[lang]
                counts[0] += 1
                counts[1] += hit1
                counts[2] += hit2
                counts[3] += wanted[0] in ranked[:2] or wanted[0] in labels[:2]

    def as_dict(self) -> dict:
        """Machine-readable figures."""

        def fmt(groups: dict) -> dict:
            return {k: {"rate": round(g.rate(), 4), "clusters": g.size()} for k, g in sorted(groups.items())}

        out = {
            "rows": self.rows,
            "flagged_recall": fmt(self.recall),
            "scam_recall": fmt(self.scam_recall),
            "false_flag_rate": fmt(self.false_flags),
            "scam_on_genuine": fmt(self.scam_on_genuine),
            "illegal_ad_flagged": fmt(self.ads_flagged),
            "family_recall": {
                f"{d}/{f}": {"rate": round(g.rate(), 4), "clusters": g.size()}
                for (d, f), g in sorted(self.family_recall.items())
            },
            "confusion": {k: dict(v) for k, v in self.confusion.items()},
        }
        if self.latencies:
            lat = sorted(self.latencies)
            out["latency_ms"] = {
                "p50": round(lat[len(lat) // 2], 3),
                "p99": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 3),
            }
        if self.with_scripts:
            out["scripts"] = {
                "rows": self.with_scripts,
                "top1": round(self.top1 / self.with_scripts, 4),
                "top2": round(self.top2 / self.with_scripts, 4),
            }
        if self.lang_scripts:
            out["scripts_by_language"] = {
                k: {
                    "rows": v[0],
                    "top1": round(v[1] / v[0], 4),
                    "top2": round(v[2] / v[0], 4),
                    "top2_primary": round(v[3] / v[0], 4),
                }
                for k, v in sorted(self.lang_scripts.items())
            }
        if self.errors:
            out["errors"] = self.errors[:50]
        return out

    def render(self) -> str:
        """A plain-text report."""
        d = self.as_dict()
        lines = [f"rows: {self.rows} (each near-duplicate cluster counted once)"]
        lines.append("\nflagged recall on scam rows (higher is better):")
        lines += [f"  {k:<28} {v['rate']:.4f}  ({v['clusters']} clusters)" for k, v in d["flagged_recall"].items()]
        lines.append("  of which called scam outright (the rest are 'suspicious'):")
        lines += [f"    {k:<26} {v['rate']:.4f}" for k, v in d["scam_recall"].items()]
        lines.append("\nrecall by family:")
        lines += [f"  {k:<44} {v['rate']:.4f}  ({v['clusters']} clusters)" for k, v in d["family_recall"].items()]
        lines.append("\nfalse-flag rate on benign rows (lower is better):")
        lines += [f"  {k:<28} {v['rate']:.4f}  ({v['clusters']} clusters)" for k, v in d["false_flag_rate"].items()]
        lines.append("  of which called scam outright (hard false alarms; the rest are 'suspicious'):")
        lines += [f"    {k:<26} {v['rate']:.4f}" for k, v in d["scam_on_genuine"].items()]
        if d["illegal_ad_flagged"]:
            lines.append("\nillegal ads flagged (spam, not a scam against the reader; informative only):")
            lines += [
                f"  {k:<28} {v['rate']:.4f}  ({v['clusters']} clusters)" for k, v in d["illegal_ad_flagged"].items()
            ]
        if "scripts" in d:
            s = d["scripts"]
            lines.append(
                f"\nscript ranking on {s['rows']} rows with scripts: top-1 {s['top1']:.4f}  top-2 {s['top2']:.4f}"
            )
        for k, v in d.get("scripts_by_language", {}).items():
            lines.append(
                f"  {k:<8} {v['rows']:>4} rows: top-1 {v['top1']:.4f}  top-2 {v['top2']:.4f}"
                f"  top-2 (primary script) {v['top2_primary']:.4f}"
            )
        if "latency_ms" in d:
            lines.append(f"\nlatency per message: p50 {d['latency_ms']['p50']} ms  p99 {d['latency_ms']['p99']} ms")
        verdicts = ("scam", "suspicious", "warning", "matches_genuine", "no_scam_signs")
        lines.append("\nconfusion (rows, label × verdict):")
        lines.append(f"  {'label':<12}" + "".join(f"{v:>15}" for v in verdicts))
        for label, row in sorted(d["confusion"].items()):
            lines.append(f"  {label:<12}" + "".join(f"{row.get(v, 0):>15}" for v in verdicts))
        if self.errors:
            lines.append(f"\n{len(self.errors)} line(s) skipped:")
            lines += [f"  {e}" for e in self.errors[:20]]
        return "\n".join(lines)


# The blind split: accounts rows are divided by the host of their `source` page (passages of one
# story, and mirrors on one site, fall on the same side). Rows of the blind part are measured but
# never printed; the gap between the two parts is how much the rules were fitted to what was read.
_BLIND_SALT = b"callcheck-blind-v1:"


def source_host(source: str) -> str:
    """The host of a source address, lower case, without 'www.' (the address itself if it has none)."""
    text = source.strip().lower()
    host = urlsplit(text if "//" in text else "//" + text).hostname or text
    return host.removeprefix("www.")


def is_blind(row: dict) -> bool:
    """True for rows of the blind part: a stable hash of the source host, about half of the hosts.

    Rows without a `source` (dev.jsonl, dev_en.jsonl) are never blind.
    """
    source = row.get("source")
    if not isinstance(source, str) or not source.strip():
        return False
    return hashlib.sha256(_BLIND_SALT + source_host(source).encode("utf-8")).digest()[0] % 2 == 1


def language_key(row: dict) -> str | None:
    """'en', 'zh' or 'zh-Hant' for rows that carry a `lang` field (Traditional told by its characters)."""
    lang = row.get("lang")
    if not lang:
        return None
    lang = str(lang)
    if lang == "zh":
        text = str(row.get("text", ""))
        cjk = [ch for ch in text if is_cjk(ch)]
        table = t2s_table()
        traditional = sum(1 for ch in cjk if ord(ch) in table)
        if traditional >= 2 and traditional >= 0.04 * len(cjk):
            return "zh-Hant"
    return lang


# The coarse script labels of the real-accounts sets (accounts_dev.jsonl and its hidden siblings).
ACCOUNT_LABELS = frozenset(
    {
        "refund_compensation",
        "credit_loan",
        "cancel_membership",
        "order_anomaly",
        "fake_cod",
        "phishing_link",
        "remote_screen_share",
        "safe_account_transfer",
        "malicious_file",
    }
)


def account_label(script_id: str, family: str) -> str:
    """Our fine script id as the coarse label of the accounts sets (loan scripts -> credit_loan)."""
    if script_id in ACCOUNT_LABELS:
        return script_id
    return "credit_loan" if family == "loan_credit" else "other_scam"


def evaluate(
    rows: Iterable[dict], analyze: Callable[[str], Analysis], label_of: Callable[[str], str] | None = None
) -> EvalReport:
    """Run `analyze` over labelled rows and collect the figures (`label_of` maps script ids to row labels)."""

    def results():
        for row in rows:
            if "__error__" in row:
                yield row, None, 0.0
                continue
            start = time.perf_counter()
            result = analyze(str(row.get("text", "")))
            yield row, result, (time.perf_counter() - start) * 1000

    return evaluate_results(results(), label_of)


@dataclass(frozen=True)
class ScriptRef:
    id: str


@dataclass(frozen=True)
class Outcome:
    """What the figures need of an analysis (verdict, ranked script ids): small to send between processes."""

    verdict: str
    scripts: tuple[ScriptRef, ...]


def outcome_of(result: Analysis, key=None) -> Outcome:
    return Outcome(result.verdict, tuple(ScriptRef(s.id) for s in result.scripts))


def evaluate_results(
    results: Iterable[tuple[dict, Analysis | Outcome | None, float]], label_of: Callable[[str], str] | None = None
) -> EvalReport:
    """Collect the figures from (row, analysis, milliseconds) triples, e.g. analysed on several cores."""
    report = EvalReport()
    if label_of is not None:
        report.label_of = label_of
    for row, result, ms in results:
        if "__error__" in row:
            report.errors.append(row["__error__"])
            continue
        report.latencies.append(ms)
        report.add(row, result)
    return report


class GateError(ValueError):
    """A quality-gate file that cannot be read as thresholds."""


# gate key -> (figures section, figure inside a group, True when the figure must be at least the line)
_GATE_FIGURES = {
    "recall": ("flagged_recall", "rate", True),
    "false_flags": ("false_flag_rate", "rate", False),
    "scam_on_genuine": ("scam_on_genuine", "rate", False),
    "scam_recall": ("scam_recall", "rate", True),
    "top2": ("scripts_by_language", "top2", True),
    "top2_primary": ("scripts_by_language", "top2_primary", True),
    "family_recall": ("family_recall", "rate", True),
}


def check_gate(figures: dict, thresholds: dict) -> tuple[int, list[str]]:
    """Compare `as_dict()` figures with {recall|false_flags|top2|top2_primary: {group: line}}."""
    if not isinstance(thresholds, dict):
        raise GateError("thresholds must be a mapping of recall / false_flags / top2 to {group: number}")
    failures: list[str] = []
    checked = 0
    for kind, lines in thresholds.items():
        if kind not in _GATE_FIGURES:
            raise GateError(f"unknown figure {kind!r}: use one of {', '.join(_GATE_FIGURES)}")
        section, field_name, at_least = _GATE_FIGURES[kind]
        for group, line in (lines or {}).items():
            if not isinstance(line, (int, float)):
                raise GateError(f"{kind}.{group}: {line!r} is not a number")
            value = (figures.get(section) or {}).get(group, {}).get(field_name)
            checked += 1
            if value is None:
                failures.append(f"{kind} {group}: no rows for this group")
            elif (value < line) if at_least else (value > line):
                word = "at least" if at_least else "at most"
                failures.append(f"{kind} {group}: {value:.4f}, must be {word} {line}")
    return checked, failures
