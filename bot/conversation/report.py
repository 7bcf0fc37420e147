"""Compose the human-readable report for one Analysis from the translation files."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from knowledge.model import KnowledgeBase, Organisation
from nlu.analyzer import Analysis

from ..redact import numbers

MAX_QUOTES = 6


@lru_cache(maxsize=4)
def texts(lang: str) -> dict:
    """The reply texts for 'zh' or 'en' (Chinese for anything else)."""
    name = "en.yml" if lang == "en" else "zh.yml"
    return yaml.safe_load(resources.files("bot.conversation").joinpath("texts", name).read_text(encoding="utf-8"))


def reply_language(analysis: Analysis, override: str | None = None) -> str:
    """The language to answer in: the override, else the account's own (mixed -> zh)."""
    if override in ("zh", "en"):
        return override
    return "en" if analysis.lang == "en" else "zh"


def _clip(s: str, n: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def main_scripts(analysis: Analysis, most: int = 3) -> list:
    """The scripts worth naming: the best match and any close to it."""
    if not analysis.scripts:
        return []
    top = analysis.scripts[0].score
    return [m for m in analysis.scripts[:most] if m.score >= max(0.45, 0.6 * top)]


def why_lines(analysis: Analysis, lang: str) -> list[str]:
    """Quotes of the user's own words with what each one means, strongest first."""
    t = texts(lang)
    seen: set[str] = set()
    items = []
    for m in analysis.scripts:
        items.extend(m.evidence)
    items.extend(analysis.red_flags)
    lines = []
    spans: list[tuple[int, int]] = []
    for e in sorted(items, key=lambda e: (-e.weight, e.start)):
        key = e.explain.get(lang)
        if key in seen or not e.text.strip() or any(a <= e.start and e.end <= b for a, b in spans):
            continue
        seen.add(key)
        spans.append((e.start, e.end))
        lines.append(t["quote"].format(text=_clip(e.text), explain=key))
        if len(lines) >= MAX_QUOTES:
            break
    return lines


def do_now_lines(analysis: Analysis, kb: KnowledgeBase, lang: str) -> list[str]:
    """Steps for the stage they are at: stage and red-flag advice first, then the script's."""
    out: list[str] = []
    stage_advice = {(s.id, st.id): st.advice for s in kb.scripts.values() for st in s.stages}
    flags = {i.id: i for i in kb.red_flags}

    def add(text: str | None) -> None:
        if text and text not in out:
            out.append(text)

    for e in sorted(analysis.red_flags, key=lambda e: -e.weight):
        adv = flags[e.indicator].advice if e.indicator in flags else None
        add(adv.get(lang) if adv else None)
    for m in main_scripts(analysis, 2):
        for e in m.evidence:
            adv = stage_advice.get((m.id, e.stage))
            add(adv.get(lang) if adv else None)
        for a in kb.scripts[m.id].advice:
            add(a.get(lang))
    return out[:7]


def verify_lines(org: Organisation | None, lang: str) -> list[str]:
    """Official app path, hotlines with source confidence, domains, and the spoofing caveat."""
    t = texts(lang)
    lines: list[str] = []
    if org is not None:
        for app in org.apps:
            lines.append(t["official_app"].format(path=app.path.get(lang)))
        usable = [h for h in org.hotlines if h.confidence in ("high", "medium")]
        for h in usable:
            lines.append(
                t["hotline"].format(
                    number=h.number, purpose=_clip(h.purpose, 40), confidence=h.confidence, checked=h.checked
                )
            )
        if not usable:
            lines.append(t["no_hotline"])
        if org.domains:
            lines.append(t["domains"].format(domains=", ".join(org.domains)))
    lines.append(t["spoof_caveat"])
    lines.append(t["anti_fraud"])
    return lines


def compose_report(analysis: Analysis, kb: KnowledgeBase, lang: str | None = None, audience: str = "private") -> str:
    """The full plain-text reply: verdict, why, what to do now, how to verify.

    For a group audience, numbers, links and digits in quotes are left out: a group reply never
    repeats someone's phone number or personal data.
    """
    group = audience == "group"
    lang = reply_language(analysis, lang)
    t = texts(lang)
    if "empty" in analysis.notes:
        return t["empty"]
    out = [f"{t['verdict'][analysis.verdict]}  ({t['risk']} {analysis.risk:.2f})"]
    if analysis.truncated:  # said at once, so the first lines never claim more than was read
        out.append(t["truncated"].format(n=analysis.analysed_length))
    shown = main_scripts(analysis)
    if shown and analysis.verdict != "no_scam_signs":
        sep = "；" if lang == "zh" else "; "
        out.append(f"{t['matched']}: " + sep.join(kb.scripts[m.id].names.get(lang) for m in shown))
    why = why_lines(analysis, lang)
    if group:
        why = [numbers(w, "…") for w in why]
    if why and analysis.verdict != "no_scam_signs":
        out.append(f"\n{t['why']}:")
        out += [f"  - {w}" for w in why]
    out.append(f"\n{t['do_now']}:")
    if analysis.verdict == "no_scam_signs":
        out.append(f"  - {t['no_signs_tip']}")
    elif analysis.verdict == "warning":
        out.append(f"  - {t['warning_tip']}")
    else:
        steps = do_now_lines(analysis, kb, lang) or t["generic_do"]
        out += [f"  - {s}" for s in steps]
        out.append(f"  - {t['already_paid']}")
    if analysis.entities.get("phones") and not group:
        out.append(f"\n{t['numbers']}:")
        checked = {n["number"]: n for n in analysis.numbers}
        for p in analysis.entities["phones"]:
            out.append("  - " + t["number_line"].format(text=p.text, canonical=p.id))
            info = checked.get(p.id)
            if info:
                signals = info["signals_zh"] if lang == "zh" else info["signals"]
                out += [f"      {s['text']}" for s in signals if not s["id"].startswith(("type_", "place_"))]
    if analysis.entities.get("links") and not group:
        out.append(f"\n{t['links']}:")
        for link in analysis.entities["links"]:
            org_id = link.detail.get("org", "")
            org_name = kb.organisations[org_id].names.get(lang) if org_id in kb.organisations else ""
            out.append(f"  - {_clip(link.text, 50)}: " + t["link_status"][link.kind].format(org=org_name))
    org = kb.organisations.get(analysis.org.id) if analysis.org else None
    heading = t["verify_org"].format(org=org.names.get(lang)) if org else t["verify"]
    out.append(f"\n{heading}:")
    out += [f"  - {line}" for line in verify_lines(org, lang)]
    return "\n".join(out)
