"""The hotline console's knowledge: per-stage questions and advice, and the "already paid" checklist.

Each script file may end with a `call_guide:` block, one entry per stage id of that script:

    call_guide:
      pretext:
        ask: [{zh: …, en: …}]   # what the operator asks next, once the caller reached this stage
        say: [{zh: …, en: …}]   # what the operator reads out to the caller

`hotline.yml` holds the questions asked before any script is recognised (`opening`) and the
checklist read out when the caller has already paid or given something away (`already_paid`:
`first`, always; one entry per thing given under `given`; then `then`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import Problem
from .model import GivenItem, L10n, PaidChecklist, Stage, StageGuide
from .reading import _Checker, _read_yaml


def _texts(c: Any, value: Any, field: str) -> tuple[L10n, ...]:
    return tuple(x for k, raw in enumerate(c.items(value, field)) if (x := c.l10n(raw, f"{field}[{k}]")))


def call_guide(c: Any, raw: Any, stages: dict[str, Stage]) -> tuple[StageGuide, ...]:
    """Read a script's `call_guide:` block; each key must be a stage id of the script."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        c.add("call_guide", "expected one entry per stage id", "write the stage id, then ask: and say: lists under it")
        return ()
    out = []
    for stage_id, entry in raw.items():
        field = f"call_guide.{stage_id}"
        if stage_id not in stages:
            c.add(field, f"'{stage_id}' is not a stage of this script", f"write one of: {', '.join(stages)}")
            continue
        data = c.mapping(entry, field, {"ask", "say"}, {"ask"})
        if not data:
            continue
        ask = _texts(c, data.get("ask"), f"{field}.ask")
        if not ask:
            c.add(f"{field}.ask", "is empty", "write at least one question for the operator to ask, in zh and en")
        out.append(StageGuide(stage_id, ask, _texts(c, data.get("say"), f"{field}.say")))
    return tuple(out)


def load_hotline(root: Path, problems: list[Problem]) -> tuple[tuple[L10n, ...], PaidChecklist | None]:
    """Read hotline.yml: the opening questions and the "already paid" checklist (optional file)."""

    path = root / "hotline.yml"
    raw = _read_yaml(path, root, problems) if path.exists() else None
    if raw is None:
        return (), None
    c = _Checker("hotline.yml", problems)
    top = c.mapping(raw, "", {"opening", "already_paid"}, {"opening", "already_paid"})
    opening = _texts(c, top.get("opening"), "opening")
    if not opening:
        c.add("opening", "is empty", "write the questions to ask before a script is recognised, in zh and en")
    data = c.mapping(top.get("already_paid"), "already_paid", {"first", "given", "then"}, {"first", "given"})
    given = []
    seen: set[str] = set()
    for k, item in enumerate(c.items(data.get("given"), "already_paid.given")):
        f = f"already_paid.given[{k}]"
        d = c.mapping(item, f, {"id", "name", "steps"}, {"id", "name", "steps"})
        if not d:
            continue
        gid = c.ident(d.get("id"), f"{f}.id")
        if gid in seen:
            c.add(f"{f}.id", f"'{gid}' is used twice", "give each entry its own id")
        seen.add(gid)
        steps = _texts(c, d.get("steps"), f"{f}.steps")
        if not steps:
            c.add(f"{f}.steps", "is empty", "say what to do, in zh and en")
        given.append(GivenItem(gid, c.l10n(d.get("name"), f"{f}.name") or L10n("", ""), steps))
    first = _texts(c, data.get("first"), "already_paid.first")
    if not first:
        c.add("already_paid.first", "is empty", "say what to do first, in zh and en")
    return opening, PaidChecklist(first, tuple(given), _texts(c, data.get("then"), "already_paid.then"))
