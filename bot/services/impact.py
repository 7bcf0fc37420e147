"""Impact before approval: what a knowledge change would change, computed before it goes live.

`ImpactPreview.preview(addition, old_kb, new_kb)` matches the change against
- the knowledge's own sets: script examples, `genuine.yml`, the regression set and
  `everyday.yml` (greetings, reminders, a brand name alone, one common word);
- the development corpora (`*.jsonl` in the corpus folder, `../shared/corpus` by default or
  CALLCHECK_CORPUS), when the folder is there: rows matched, verdict changes, newly flagged
  benign rows, scam rows no longer flagged, a few redacted examples;
- the anonymised checks of the last days (trend rows: only aggregates are kept, never texts, so
  the preview says how many checks named the indicator's script).

Only texts the change can touch are analysed again (those the phrase matches, those naming the
number or domain), with the knowledge before and after, so a preview over every set takes
seconds, not minutes. The preview refuses a phrase that matches everyday wording, that matches a
brand name alone, that matches a common share of a development set's benign rows, or that turns
any genuine case into a flag; and it asks for a second volunteer when a development-set figure
moves beyond a line (`SECOND_LINES`).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge.phrases import GAP, GAP_EN, PhraseSyntaxError, phrase_to_regex, phrase_triggers
from nlu.normalize import fold, normalize

from ..redact import for_review

EVERYDAY_FILE = "everyday.yml"
# A phrase matching at least this share of a development set's benign rows is everyday wording.
COMMON_SHARE = 0.01
# A second volunteer is needed when, on any development set, a change moves
#   false_flags  the share of benign rows flagged, by more than this (0.1 percentage point);
#   recall       the share of scam rows flagged, by more than this (either way);
#   changed      the share of rows whose verdict changes, by more than this.
SECOND_LINES = {"false_flags": 0.001, "recall": 0.002, "changed": 0.005}
FLAGGED = ("suspicious", "scam")
MAX_EXAMPLES = 3
# At most this many matched rows of one set are analysed again; beyond it, an even sample is and
# the counts are scaled up (the preview says so). Keeps a preview of a very broad phrase to seconds.
MAX_ANALYSED = 300
RECENT_DAYS = 30


def default_corpus() -> Path | None:
    """CALLCHECK_CORPUS, else ../shared/corpus next to the project, when it exists."""
    env = os.environ.get("CALLCHECK_CORPUS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    return here if here.is_dir() else None


@dataclass
class SetImpact:
    """What the change does to one set of texts."""

    name: str
    source: str  # knowledge | corpus
    total: int
    matched: int = 0
    changed: int = 0
    newly_flagged_benign: int = 0
    unflagged_scam: int = 0
    newly_flagged_scam: int = 0
    benign: int = 0
    scam: int = 0
    matched_benign: int = 0
    sampled: int = 0  # matched rows analysed (less than matched when a sample was taken)
    examples: list[dict] = field(default_factory=list)

    def moves(self) -> dict[str, float]:
        """How far the set's figures move (shares of the set, signed)."""
        return {
            "false_flags": self.newly_flagged_benign / self.benign if self.benign else 0.0,
            "recall": (self.newly_flagged_scam - self.unflagged_scam) / self.scam if self.scam else 0.0,
            "changed": self.changed / self.total if self.total else 0.0,
        }

    def line(self) -> str:
        bits = [f"{self.name}: {self.matched} of {self.total} texts match"]
        if self.sampled < self.matched:
            bits.append(f"changes estimated from {self.sampled} of them")
        if self.changed:
            bits.append(f"{self.changed} verdict(s) change")
        if self.newly_flagged_benign:
            bits.append(f"{self.newly_flagged_benign} genuine/benign newly flagged")
        if self.unflagged_scam:
            bits.append(f"{self.unflagged_scam} scam no longer flagged")
        if self.newly_flagged_scam:
            bits.append(f"{self.newly_flagged_scam} scam newly flagged")
        return ", ".join(bits)


@dataclass
class Impact:
    """The preview of one change: per set, refusals (with reasons) and why a second volunteer is needed."""

    change: str
    sets: list[SetImpact] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    second: list[str] = field(default_factory=list)
    recent: dict | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def refused(self) -> bool:
        return bool(self.refusals)

    def lines(self) -> list[str]:
        out = [f"impact of {self.change}:"]
        out += [f"  {s.line()}" for s in self.sets]
        for s in self.sets:
            for ex in s.examples:
                out.append(f"    e.g. [{s.name}] {ex['before']} → {ex['after']}: «{ex['text']}»")
        if self.recent is not None:
            out.append(
                f"  anonymised checks, last {self.recent['days']} days: {self.recent['checks']} in all, "
                f"{self.recent['script_checks']} named {self.recent['script'] or 'no script'} "
                "(texts are not kept, so matches cannot be counted)"
            )
        out += [f"  note: {n}" for n in self.notes]
        out += [f"  REFUSED: {r}" for r in self.refusals]
        out += [f"  needs a second volunteer: {r}" for r in self.second]
        return out

    def to_dict(self) -> dict:
        return {
            "change": self.change,
            "sets": [{**s.__dict__, "moves": s.moves()} for s in self.sets],
            "refusals": self.refusals,
            "second": self.second,
            "recent": self.recent,
            "notes": self.notes,
            "refused": self.refused,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class _Row:
    label: str  # scam | benign | illegal_ad | genuine | everyday | a verdict for examples and regression
    text: str
    folded: str


_CORPUS_CACHE: dict[str, tuple[float, list[_Row]]] = {}


def corpus_sets(folder: Path | None) -> dict[str, list[_Row]]:
    """Every *.jsonl in the corpus folder as rows (folded once per process, reloaded when a file changes)."""
    out: dict[str, list[_Row]] = {}
    if folder is None or not Path(folder).is_dir():
        return out
    for path in sorted(Path(folder).glob("*.jsonl")):
        mtime = path.stat().st_mtime
        cached = _CORPUS_CACHE.get(str(path))
        if cached is None or cached[0] != mtime:
            rows = []
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        row = json.loads(line)
                    except ValueError:
                        continue
                    text, label = row.get("text"), row.get("label")
                    if isinstance(text, str) and label in ("scam", "benign", "illegal_ad"):
                        rows.append(_Row(label, text, normalize(text).text))
            cached = (mtime, rows)
            _CORPUS_CACHE[str(path)] = cached
        if cached[1]:
            out[path.name] = cached[1]
    return out


_WARMING: set[str] = set()


def warm_corpus(folder: Path | None) -> bool:
    """Read and fold the development sets for the impact preview in a background thread (seconds of
    CPU), once per process and folder, so a volunteer's first preview does not wait for it. Started
    when the review page is first opened, not at server start: a server that only answers the API
    never spends the CPU or the memory. False when there is nothing to read or it was started."""
    import threading

    if folder is None or not Path(folder).is_dir() or str(folder) in _WARMING:
        return False
    _WARMING.add(str(folder))
    threading.Thread(target=corpus_sets, args=(folder,), name="corpus-warm", daemon=True).start()
    return True


def everyday(root: Path) -> list[str]:
    """The everyday sentences of `everyday.yml` (empty when the file is absent or unreadable)."""
    path = Path(root) / EVERYDAY_FILE
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    items = data.get("everyday") if isinstance(data, dict) else None
    return [str(x) for x in items or [] if str(x).strip()]


def _matcher(add) -> Callable[[str], bool] | None:
    """A test on folded text for the texts the change can touch; None when it touches no verdict."""
    v = add.value
    if add.kind == "phrase":
        try:
            rx = re.compile(phrase_to_regex(v["phrase"], GAP if v.get("lang") == "zh" else GAP_EN))
        except PhraseSyntaxError:
            return None
        triggers = phrase_triggers(v["phrase"])  # literals every match starts with: a cheap first test
        if triggers:
            return lambda folded: any(t in folded for t in triggers) and rx.search(folded) is not None
        return lambda folded: rx.search(folded) is not None
    if add.kind == "hotline":
        digits = re.sub(r"\D", "", str(v.get("number", "")))
        return (lambda folded: digits in re.sub(r"\D", "", folded)) if len(digits) >= 3 else None
    if add.kind == "domain":
        domain = str(v.get("domain", "")).lower()
        return (lambda folded: domain in folded) if domain else None
    return None  # app paths change advice only; genuine and regression cases change no verdict


def describe(add) -> str:
    v = add.value
    if add.kind == "phrase":
        return f"phrase «{v['phrase']}» ({v.get('lang')}) for {add.target}"
    if add.kind == "hotline":
        return f"hotline {v.get('number')} for {add.target}"
    if add.kind == "domain":
        return f"domain {v.get('domain')} for {add.target}"
    if add.kind == "app_path":
        return f"app path for {add.target}"
    return f"{add.kind} case «{str(v.get('text', ''))[:40]}»"


def _flagged(verdict: str) -> bool:
    return verdict in FLAGGED


def _excerpt(text: str, n: int = 90) -> str:
    text = str(for_review(" ".join(text.split())))
    return text if len(text) <= n else text[: n - 1] + "…"


class ImpactPreview:
    """Computes `Impact` for changes against the knowledge sets, the corpora and recent checks."""

    def __init__(
        self,
        root: Path,
        *,
        corpus: Path | None = None,
        recent: Callable[[str | None, int], dict] | None = None,
        lines: dict[str, float] | None = None,
        common_share: float = COMMON_SHARE,
    ):
        self.root = Path(root)
        self.corpus = corpus
        self.recent = recent
        self.lines = dict(SECOND_LINES, **(lines or {}))
        self.common_share = common_share

    def knowledge_sets(self, kb, regression: Iterable = ()) -> dict[str, list[_Row]]:
        norm = lambda t: normalize(t).text  # noqa: E731
        examples = [_Row(ex.expect, ex.text, norm(ex.text)) for script in kb.scripts.values() for ex in script.examples]
        return {
            "examples": examples,
            "genuine.yml": [_Row("genuine", t, norm(t)) for t in kb.genuine],
            "regression.yml": [_Row(c.expect, c.text, norm(c.text)) for c in regression],
            "everyday.yml": [_Row("everyday", t, norm(t)) for t in everyday(self.root)],
        }

    def preview(self, add, old_kb, new_kb, regression: Iterable = ()) -> Impact:
        """What `add` changes when `new_kb` (with it) replaces `old_kb` (without it)."""
        from nlu.analyzer import Analyzer

        started = time.perf_counter()
        impact = Impact(describe(add))
        match = _matcher(add)
        if match is None:
            impact.notes.append("this change alters no verdict (advice or test cases only)")
        else:
            before, after = Analyzer(old_kb).analyze, Analyzer(new_kb).analyze
            sets = [("knowledge", k, rows) for k, rows in self.knowledge_sets(old_kb, regression).items()]
            sets += [("corpus", k, rows) for k, rows in corpus_sets(self.corpus).items()]
            for source, name, rows in sets:
                impact.sets.append(self._one(source, name, rows, match, before, after))
            if self.corpus is None or not Path(self.corpus).is_dir():
                impact.notes.append("no development corpus folder: previewed on the knowledge sets only")
        self._judge(add, impact, old_kb)
        if self.recent is not None:
            script = add.target.split(".", 1)[0] if add.kind == "phrase" else None
            impact.recent = self.recent(None if script == "red_flag" else script, RECENT_DAYS)
        impact.seconds = time.perf_counter() - started
        return impact

    def _one(self, source, name, rows, match, before, after) -> SetImpact:
        s = SetImpact(name, source, len(rows))
        hits = []
        for row in rows:
            benign = row.label in ("benign", "genuine", "everyday", "no_scam_signs", "warning")
            s.benign += benign
            s.scam += row.label in ("scam", "suspicious")
            if match(row.folded):
                hits.append(row)
                s.matched_benign += benign
        s.matched = len(hits)
        step = max(1, -(-len(hits) // MAX_ANALYSED))
        sample = hits[::step]
        s.sampled = len(sample)
        scale = len(hits) / len(sample) if sample else 1.0
        changed = flagged = unflagged = caught = 0
        for row in sample:
            benign = row.label in ("benign", "genuine", "everyday", "no_scam_signs", "warning")
            scam = row.label in ("scam", "suspicious")
            was, now = before(row.text).verdict, after(row.text).verdict
            if was == now:
                if row.label == "everyday" and len(s.examples) < MAX_EXAMPLES:
                    s.examples.append({"text": _excerpt(row.text), "before": was, "after": now, "label": row.label})
                continue
            changed += 1
            flagged += benign and _flagged(now) and not _flagged(was)
            unflagged += scam and _flagged(was) and not _flagged(now)
            caught += scam and _flagged(now) and not _flagged(was)
            if len(s.examples) < MAX_EXAMPLES:
                s.examples.append({"text": _excerpt(row.text), "before": was, "after": now, "label": row.label})
        s.changed, s.newly_flagged_benign, s.unflagged_scam, s.newly_flagged_scam = (
            round(x * scale) for x in (changed, flagged, unflagged, caught)
        )
        return s

    def _judge(self, add, impact: Impact, old_kb) -> None:
        if add.kind == "phrase":
            phrase = fold(add.value["phrase"]).strip()
            for org in old_kb.organisations.values():
                names = {fold(n).strip() for n in (org.names.zh, org.names.en, *org.aliases) if n}
                if phrase in names:
                    impact.refusals.append(
                        f"«{add.value['phrase']}» is the name of {org.id} alone: a brand name is everyday wording"
                    )
                    break
        for s in impact.sets:
            if s.name == "everyday.yml" and s.matched:
                impact.refusals.append(
                    f"it matches everyday wording ({s.matched} of {s.total} everyday texts in everyday.yml, "
                    f"e.g. «{s.examples[0]['text'] if s.examples else ''}»)"
                )
            elif s.name in ("genuine.yml", "examples", "regression.yml") and s.newly_flagged_benign:
                impact.refusals.append(f"it turns {s.newly_flagged_benign} genuine case(s) in {s.name} into a flag")
            elif s.source == "corpus" and s.benign and s.matched_benign / s.benign >= self.common_share:
                impact.refusals.append(
                    f"it matches {s.matched_benign} of {s.benign} benign texts in {s.name} "
                    f"({s.matched_benign / s.benign:.1%}): common wording, not a scam's"
                )
        for s in impact.sets:
            if s.source != "corpus":
                continue
            moves = s.moves()
            for figure, limit in self.lines.items():
                if abs(moves[figure]) > limit:
                    impact.second.append(
                        f"{s.name}: {figure.replace('_', ' ')} moves by {moves[figure]:+.2%} (line ±{limit:.2%})"
                    )
