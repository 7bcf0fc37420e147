"""The hotline console's logic: a call sheet from an Analysis, the "already paid" checklist, case summaries.

Pure functions over the knowledge base and an Analysis; no I/O. The console (channels/web) renders
what these return; the questions and advice come from each script's `call_guide:` block and from
`knowledge/hotline.yml`, so volunteers improve the console and the bot together.

The checklist is deliberately small and keyed by what the caller gave (money, a loan, a code…).
A fuller emergency plan by what was given and by region is being built separately
(`nlu/situation.py`, `knowledge/regions.yml`); `paid_checklist` is the one function to point at
it when it lands, and its output shape (sections of steps) is meant to carry theirs.
"""

from __future__ import annotations

import re

from knowledge.model import KnowledgeBase, Organisation, Script
from nlu.analyzer import Analysis, Evidence
from nlu.normalize import fold

from ..conversation.report import texts, verify_lines
from ..redact import numbers as redact_numbers


def sheet_language(analysis: Analysis, override: str | None = None) -> str:
    """The caller's language: the operator's choice, else the account's own (mixed -> zh)."""
    if override in ("zh", "en"):
        return override
    return "en" if analysis.lang == "en" else "zh"


def verdict_text(verdict: str, lang: str) -> str:
    """The bot's own words for a verdict, without its emoji."""
    text = texts(lang)["verdict"].get(verdict, verdict)
    return text.replace("⚠️", "").replace("ℹ️", "").strip()


def stage_reached(script: Script, evidence: tuple[Evidence, ...]) -> int | None:
    """Index of the furthest stage of the script with evidence, or None."""
    order = {s.id: i for i, s in enumerate(script.stages)}
    hits = [order[e.stage] for e in evidence if e.stage in order]
    return max(hits) if hits else None


def call_sheet(analysis: Analysis, kb: KnowledgeBase, lang: str | None = None) -> dict:
    """Everything the call sheet shows for the account so far, in the caller's language."""
    lang = sheet_language(analysis, lang)
    out: dict = {
        "lang": lang,
        "verdict": analysis.verdict,
        "verdict_text": verdict_text(analysis.verdict, lang),
        "risk": round(analysis.risk, 3),
        "script": None,
        "stage": None,
        "stages": [],
        "ask": [q.get(lang) for q in kb.opening],
        "say": [],
        "also": [],
        "red_flags": [],
        "evidence": highlights(analysis, lang),
        "org": None,
        "numbers": [_number(n, lang) for n in analysis.numbers],
        "truncated": analysis.truncated,
    }
    seen: set[str] = set()
    for e in analysis.red_flags:
        text = e.explain.get(lang)
        if text not in seen:
            seen.add(text)
            out["red_flags"].append({"id": e.indicator.split(".", 1)[1], "text": text, "quote": e.text})
    if analysis.org is not None and analysis.org.id in kb.organisations:
        org = kb.organisations[analysis.org.id]
        out["org"] = official(org, lang)
    # The sheet follows the strongest script, the step the call has reached (an app being installed),
    # which may differ from the opening pretext that ranks first in the analysis.
    top = max(analysis.scripts, key=lambda m: m.score) if analysis.scripts else None
    if top is None or top.id not in kb.scripts:
        return out
    script = kb.scripts[top.id]
    reached = stage_reached(script, top.evidence)
    out["script"] = {"id": script.id, "name": script.names.get(lang), "summary": script.summary.get(lang)}
    others = [m for m in analysis.scripts if m is not top and m.id in kb.scripts]
    out["also"] = [kb.scripts[m.id].names.get(lang) for m in others[:2]]
    out["stages"] = [
        {"id": s.id, "name": s.name.get(lang), "reached": reached is not None and i <= reached, "current": i == reached}
        for i, s in enumerate(script.stages)
    ]
    if reached is not None:
        stage = script.stages[reached]
        out["stage"] = {"id": stage.id, "name": stage.name.get(lang), "index": reached + 1, "of": len(script.stages)}
    # The guide of the stage reached; before any stage has evidence, the first stage's.
    candidates = script.stages[: (reached or 0) + 1][::-1]
    guide = next((g for s in candidates if (g := script.guide_for(s.id))), None)
    if guide is not None:
        out["ask"] = [q.get(lang) for q in guide.ask]
        out["say"] = [s.get(lang) for s in guide.say]
    # The guide's own words first (written to be read out); the stage's advice only when the guide
    # has none, then the script's first piece of advice (hang up, verify yourself): short enough
    # to read out while the caller is still on the line.
    if not out["say"] and reached is not None and script.stages[reached].advice:
        out["say"].append(script.stages[reached].advice.get(lang))
    out["say"] += [a.get(lang) for a in script.advice[:1]]
    out["say"] = list(dict.fromkeys(out["say"]))
    return out


def highlights(analysis: Analysis, lang: str) -> list[dict]:
    """Non-overlapping spans of the caller's words to mark, strongest first then by position."""
    items = [e for m in analysis.scripts[:3] for e in m.evidence] + list(analysis.red_flags)
    chosen: list[Evidence] = []
    for e in sorted(items, key=lambda e: (-e.weight, e.start)):
        if e.end > e.start and not any(e.start < c.end and c.start < e.end for c in chosen):
            chosen.append(e)
    return [
        {"start": e.start, "end": e.end, "kind": e.kind, "explain": e.explain.get(lang)}
        for e in sorted(chosen, key=lambda e: e.start)
    ]


def _number(entry: dict, lang: str) -> dict:
    signals = entry.get("signals_zh") if lang == "zh" else entry.get("signals")
    return {
        "input": entry.get("input"),
        "number": entry.get("number"),
        "official": entry.get("official"),
        "status": (entry.get("reports") or {}).get("status"),
        "reporters": (entry.get("reports") or {}).get("reporters", 0),
        "signals": [s["text"] for s in signals or []],
    }


def find_organisation(kb: KnowledgeBase, name: str) -> Organisation | None:
    """The organisation called `name` (id, Chinese or English name, or an alias), if any."""
    key = fold(name or "").replace(" ", "")
    if not key:
        return None
    for org in kb.organisations.values():
        if key in {fold(a).replace(" ", "") for a in (*org.aliases, org.names.zh, org.names.en, org.id)}:
            return org
    return None


def official(org: Organisation, lang: str) -> dict:
    """An organisation's official channels: app paths, usable hotlines with sources, domains."""
    return {
        "id": org.id,
        "name": org.names.get(lang),
        "category": org.category,
        "apps": [{"name": a.name.get(lang), "path": a.path.get(lang)} for a in org.apps],
        "hotlines": [
            {
                "number": h.number,
                "purpose": h.purpose,
                "confidence": h.confidence,
                "sources": list(h.sources),
                "checked": h.checked,
            }
            for h in org.hotlines
            if h.usable
        ],
        "domains": list(org.domains),
        "lines": verify_lines(org, lang),
    }


def paid_checklist(kb: KnowledgeBase, given: list[str] | tuple[str, ...], lang: str) -> dict:
    """The checklist to read out when money or data is gone: sections of steps, in reading order."""
    cl = kb.paid_checklist
    if cl is None:
        return {"sections": [{"title": "", "steps": [texts(lang)["already_paid"]]}], "given": []}
    chosen = [g for g in cl.given if g.id in set(given)]
    t = {"zh": ("立即", "然后"), "en": ("First", "Then")}["en" if lang == "en" else "zh"]
    sections = [{"id": "first", "title": t[0], "steps": [s.get(lang) for s in cl.first]}]
    sections += [{"id": g.id, "title": g.name.get(lang), "steps": [s.get(lang) for s in g.steps]} for g in chosen]
    if cl.then:
        sections.append({"id": "then", "title": t[1], "steps": [s.get(lang) for s in cl.then]})
    return {
        "sections": sections,
        "given": [g.id for g in chosen],
        "options": [{"id": g.id, "name": g.name.get(lang)} for g in cl.given],
    }


# -- case summaries ------------------------------------------------------------------------
_NAME_PATTERNS = [
    re.compile(r"(我叫|名字叫|名字是|姓名是|本人)([\u4e00-\u9fff]{2,3})"),
    re.compile(r"([\u4e00-\u9fff])(先生|女士|小姐|阿姨|大爷|老师)"),
    re.compile(r"(?i)\b(my name is|i am|i'm|this is|name:)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"),
    re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr)\.?\s+([A-Z][a-z]+)"),
]
# "我是淘宝客服" is an introduction, not a name: words that start an organisation or a role.
_NOT_NAME_START = (
    "客服",
    "淘宝",
    "天猫",
    "京东",
    "支付",
    "快递",
    "顺丰",
    "警察",
    "民警",
    "银行",
    "工作",
    "平台",
    "官方",
)


def _not_a_name(word: str) -> bool:
    return word.startswith(_NOT_NAME_START)


def redact_case(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """Drop phone, card and ID numbers, e-mails, the names the operator listed, and self-introductions."""
    out = redact_numbers(text or "")
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        out = out.replace(name, "[name]")
    out = _NAME_PATTERNS[0].sub(lambda m: m.group(0) if _not_a_name(m.group(2)) else f"{m.group(1)}[name]", out)
    out = _NAME_PATTERNS[1].sub(r"[name]\2", out)
    out = _NAME_PATTERNS[2].sub(lambda m: f"{m.group(1)} [name]", out)
    out = _NAME_PATTERNS[3].sub(lambda m: f"{m.group(1)} [name]", out)
    return out


def case_summary(sheet: dict, checklist: dict | None, lang: str) -> str:
    """The copyable summary of a call: what was recognised, what was advised, with numbers masked."""
    zh = lang != "en"
    lines = []
    verdict = sheet["verdict_text"]
    lines.append(("判断：" if zh else "Verdict: ") + str(verdict))
    if sheet.get("script"):
        lines.append(("话术：" if zh else "Script: ") + sheet["script"]["name"])
    if sheet.get("stage"):
        st = sheet["stage"]
        lines.append(("进行到：" if zh else "Stage reached: ") + f"{st['name']} ({st['index']}/{st['of']})")
    if sheet.get("org"):
        lines.append(("冒充：" if zh else "Claimed to be: ") + sheet["org"]["name"])
    if sheet.get("red_flags"):
        lines.append(
            ("危险信号：" if zh else "Red flags: ") + ("；" if zh else "; ").join(f["text"] for f in sheet["red_flags"])
        )
    for n in sheet.get("numbers") or []:
        masked = _mask(n.get("number") or "")
        lines.append(("号码：" if zh else "Number: ") + f"{masked} ({n.get('status') or '-'})")
    if checklist and checklist.get("given"):
        names = [s["title"] for s in checklist["sections"] if s.get("id") not in ("first", "then")]
        lines.append(("已给出：" if zh else "Already given: ") + ", ".join(names))
    if sheet.get("say"):
        lines.append(("已告知：" if zh else "Advised: ") + " ".join(sheet["say"][:3]))
    return redact_case("\n".join(lines))


def _mask(number: str) -> str:
    """Keep the start of a number (country and prefix), never the whole of it."""
    digits = number.lstrip("+")
    if len(digits) < 7:
        return number
    return number[: len(number) - len(digits)] + digits[:5] + "*" * (len(digits) - 5)
