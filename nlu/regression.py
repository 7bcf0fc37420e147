"""The regression gate: every script example, every genuine message and the regression set, compared
with a committed baseline. A case is *worse* when detection drops (a scam case's verdict falls, or
its expected script leaves the top two) or a genuine case is flagged higher than before.

Cases are keyed by a hash of where they live and their text, so reordering a file changes nothing
and the baseline (`knowledge/baseline.json`) is regenerated with `callcheck kb test --update-baseline`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import Problem
from knowledge.model import VERDICTS, KnowledgeBase

# How strongly a verdict flags a text. "warning" (the text warns the public about a scam) flags
# nothing; an unknown future verdict counts as not flagged until it is ranked here.
RANK = {"no_scam_signs": 0, "matches_genuine": 0, "warning": 0, "suspicious": 1, "scam": 2}


def _rank(verdict: str) -> int:
    return RANK.get(verdict, 0)


REGRESSION_FILE = "regression.yml"
BASELINE_FILE = "baseline.json"


@dataclass(frozen=True)
class Case:
    """One text with the verdict (and scripts) it should get, and where it lives."""

    key: str
    where: str
    text: str
    expect: str
    scripts: tuple[str, ...] = ()


def _key(kind: str, text: str) -> str:
    return f"{kind}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def load_regression(path: Path) -> tuple[list[Case], list[Problem]]:
    """Read regression.yml: `cases:` each with text, expect and optional scripts."""
    rel = path.name
    if not path.exists():
        return [], []
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        from knowledge.reading import syntax_problem

        return [], [syntax_problem(rel, path.read_text("utf-8"), exc)]
    problems: list[Problem] = []
    raw = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return [], [Problem(rel, "cases", "missing or not a list", "start the file with 'cases:' and list cases")]
    out = []
    for k, c in enumerate(raw):
        if not isinstance(c, dict) or not isinstance(c.get("text"), str) or not c["text"].strip():
            problems.append(Problem(rel, f"cases[{k}].text", "missing", "write the message under 'text:'"))
            continue
        if c.get("expect") not in VERDICTS:
            problems.append(
                Problem(
                    rel,
                    f"cases[{k}].expect",
                    f"'{c.get('expect')}' is not a verdict",
                    f"write one of: {', '.join(VERDICTS)}",
                )
            )
            continue
        scripts = c.get("scripts") or []
        if not isinstance(scripts, list):
            problems.append(Problem(rel, f"cases[{k}].scripts", "expected a list", "write scripts: [script_id]"))
            continue
        out.append(Case(_key("reg", c["text"]), f"{rel} cases[{k}]", c["text"], c["expect"], tuple(map(str, scripts))))
    return out, problems


def all_cases(kb: KnowledgeBase, regression: Iterable[Case] = ()) -> list[Case]:
    """Every script example, every genuine message, then the regression set."""
    out: list[Case] = []
    for script in kb.scripts.values():
        for k, ex in enumerate(script.examples):
            out.append(Case(_key("ex", ex.text), f"{script.file} examples[{k}]", ex.text, ex.expect, ex.scripts))
    for k, text in enumerate(kb.genuine):
        out.append(Case(_key("genuine", text), f"genuine.yml genuine[{k}]", text, "no_scam_signs"))
    out.extend(regression)
    seen: set[str] = set()
    return [c for c in out if not (c.key in seen or seen.add(c.key))]


def run(cases: Iterable[Case], analyze: Callable[[str], Any]) -> dict[str, dict]:
    """What the analyzer says about each case: verdict and top two scripts."""
    results = {}
    for c in cases:
        a = analyze(c.text)
        results[c.key] = {"verdict": a.verdict, "scripts": [m.id for m in a.scripts[:2]]}
    return results


@dataclass
class Comparison:
    """How results differ from the baseline."""

    worse: list[str] = field(default_factory=list)
    better: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    removed: int = 0

    @property
    def ok(self) -> bool:
        return not self.worse


def _excerpt(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def compare(cases: list[Case], results: dict[str, dict], baseline: dict[str, dict]) -> Comparison:
    """Name each case that got worse (or better) than the baseline."""
    out = Comparison()
    for c in cases:
        now = results[c.key]
        was = baseline.get(c.key)
        label = f"{c.where} «{_excerpt(c.text)}»"
        if was is None:
            mark = "" if _meets(c, now) else f" (expects {c.expect}, gets {now['verdict']})"
            out.new.append(f"{label}: {now['verdict']}{mark}")
            continue
        delta = _rank(now["verdict"]) - _rank(was["verdict"])
        lost = [s for s in c.scripts[:1] if s in was["scripts"] and s not in now["scripts"]]
        gained = [s for s in c.scripts[:1] if s not in was["scripts"] and s in now["scripts"]]
        change = f"{was['verdict']} → {now['verdict']}"
        if _rank(c.expect) == 0:
            if delta > 0:
                out.worse.append(f"{label}: false flag {change}")
            elif delta < 0:
                out.better.append(f"{label}: {change}")
        elif delta < 0 or lost:
            why = f"detection fell {change}" if delta < 0 else f"script {lost[0]} left the top two"
            out.worse.append(f"{label}: {why}")
        elif delta > 0 or gained:
            out.better.append(f"{label}: {change}" if delta > 0 else f"{label}: script {gained[0]} now in the top two")
    out.removed = len(set(baseline) - {c.key for c in cases})
    return out


def _meets(c: Case, now: dict) -> bool:
    same = now["verdict"] == c.expect or _rank(now["verdict"]) == _rank(c.expect) == 0  # not flagged either way
    return same and (not c.scripts or c.scripts[0] in now["scripts"])


def read_baseline(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {k: v for k, v in data.get("cases", {}).items()}


def write_baseline(path: Path, cases: list[Case], results: dict[str, dict]) -> None:
    """Sorted, one case per line, with where it lives: reviewable in a diff."""
    rows = {c.key: {"where": c.where, **results[c.key]} for c in cases}
    lines = ",\n".join(f"    {json.dumps(k)}: {json.dumps(rows[k], ensure_ascii=False)}" for k in sorted(rows))
    path.write_text(
        '{\n  "about": "callcheck kb test baseline: regenerate with `callcheck kb test --update-baseline`",\n'
        f'  "cases": {{\n{lines}\n  }}\n}}\n',
        encoding="utf-8",
    )
