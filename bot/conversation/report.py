"""Compose the human-readable report for one Analysis from the translation files."""

from __future__ import annotations

import re

from knowledge.model import KnowledgeBase, Organisation
from nlu.analyzer import Analysis
from nlu.normalize import fold

from ..redact import numbers
from .emergency import choose_region, for_region, lends, police_text
from .strings import _same_advice, texts

__all__ = [
    "compose_report",
    "do_now_lines",
    "main_scripts",
    "reply_language",
    "texts",
    "verdict_line",
    "verify_lines",
    "why_lines",
]

MAX_QUOTES = 6
CLEAR_RISK = 0.85  # a "suspicious" verdict this sure is shown as what it is: almost certainly a scam
# Advice about an order ("check the order in the official app") fits only an account about a purchase,
# an order or a parcel; a bank's "fraud team" or a tax officer's call gets the rest of the advice.
_ORDER_ADVICE = {"zh": ("订单", "卡单", "售后"), "en": ("order",)}
_ORDER_CONTEXT = re.compile(
    r"订单|卡单|调单|下单|买|购|快递|包裹|售后|退款|退货|商品|货|店|淘宝|京东|拼多多|抖音|小红书|闲鱼|会员"
    r"|\b(?:order\w*|bought|buy|purchas\w*|parcel|package|deliver\w*|refund\w*|shop\w*|item|store|amazon"
    r"|ebay|subscription|membership|prime|courier|return\w*)\b",
    re.IGNORECASE,
)


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
    top = max(m.score for m in analysis.scripts)  # the first is the opening pretext, not always the strongest
    return [m for m in analysis.scripts[:most] if m.score >= max(0.45, 0.6 * top)]


def why_lines(analysis: Analysis, lang: str, own_length: int | None = None) -> list[str]:
    """Quotes of the user's own words with what each one means, strongest first.

    `own_length`: where the person's own words end in the analysed text; evidence after it comes
    from what the chat added for a button answer, and is never quoted as if they had said it.
    """
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
        if own_length is not None and e.end > own_length:
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
        if text and not any(_same_advice(text, o) for o in out):
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


def _own_names(org: Organisation | None) -> tuple[str, ...]:
    """An organisation's own names: advice about the company the person named is never off-topic."""
    if org is None:
        return ()
    parts = (n.strip() for name in (org.names.zh, org.names.en) for n in re.split(r"[/／(（)）]", name))
    return tuple(n for n in parts if n)


def verdict_line(analysis: Analysis, lang: str, urgent: bool = False) -> str:
    """The verdict's headline, agreeing with what the person is told to do: someone still on the call
    or who already paid is never told "suspicious: do not act on it yet" under "hang up now", and a
    "suspicious" verdict with a risk this high reads as almost certainly a scam."""
    t = texts(lang)["verdict"]
    if analysis.verdict == "suspicious" and urgent:
        return t["act_as_scam"]
    if analysis.verdict == "suspicious" and analysis.risk >= CLEAR_RISK:
        return t["clear_scam"]
    return t.get(analysis.verdict, analysis.verdict)


def foreign_numbers(kb: KnowledgeBase, region, text: str) -> list[str]:
    """Help numbers of other regions (not also this region's) that a line of advice names."""
    own = {c.number for c in region.contacts if c.number}
    out = []
    for r in kb.regions.values():
        for c in r.contacts:
            n = c.number
            if n and n not in own and n in text and re.search(rf"(?<![\d-]){re.escape(n)}(?![\d-])", text):
                out.append(n)
    return out


def verify_lines(org: Organisation | None, lang: str, region=None, kb: KnowledgeBase | None = None) -> list[str]:
    """Official app path, hotlines with source confidence, domains, and the spoofing caveat.

    `region` (a RegionChoice): an organisation's phone lines are its own country's (`country`); for
    someone elsewhere they are not given (SF Express's mainland 95338 to someone in Hong Kong): they
    are told how to find the organisation's channel for where they are instead."""
    t = texts(lang)
    lines: list[str] = []
    if org is not None:
        for app in org.apps:
            path = app.path.get(lang)
            if kb is not None and region is not None:  # "支付宝 → …；借呗/花呗 → …": not 借呗 in Taipei
                path = for_region(kb, region.region, path, _own_names(org))
            if path:
                lines.append(t["official_app"].format(path=path))
        usable = [h for h in org.hotlines if h.usable]
        if usable and region is not None and org.country and org.country != region.region.id:
            lines.append(t["hotline_elsewhere"].format(org=org.names.get(lang), region=region.region.names.get(lang)))
            usable = []
        elif not usable:
            lines.append(t["no_hotline"])
        for h in usable:
            lines.append(
                t["hotline"].format(
                    number=h.number,
                    purpose=_clip(h.purpose, 40),
                    confidence=t["confidence"].get(h.confidence, h.confidence),
                    checked=h.checked,
                )
            )
        if org.domains:
            lines.append(t["domains"].format(domains=", ".join(org.domains)))
    lines.append(t["spoof_caveat"])
    if region is not None:
        lines.append(
            t["anti_fraud_region"].format(region=region.region.names.get(lang), police=police_text(region.region, lang))
        )
    else:
        lines.append(t["anti_fraud"])
    return lines


def compose_report(
    analysis: Analysis,
    kb: KnowledgeBase,
    lang: str | None = None,
    audience: str = "private",
    *,
    region=None,
    own_length: int | None = None,
    given: tuple[str, ...] = (),
    urgent: bool = False,
    text: str = "",
) -> str:
    """The full plain-text reply: verdict, why, what to do now, how to verify.

    For a group audience, numbers, links and digits in quotes are left out: a group reply never
    repeats someone's phone number or personal data. `region` (a RegionChoice) says whose police
    and anti-fraud lines to give; without it the region is chosen from the analysis. `given`:
    what the person already gave; the emergency steps were sent first, so they are not repeated.
    """
    group = audience == "group"
    lang = reply_language(analysis, lang)
    t = texts(lang)
    if region is None:
        region = choose_region(
            kb,
            numbers=[p.id for p in analysis.entities.get("phones", [])],
            text=text,
            org=analysis.org.id if analysis.org else None,
            lang=lang,
        )
    if "empty" in analysis.notes:
        return t["empty"]
    risk = "" if analysis.verdict == "warning" else f"  ({t['risk']} {analysis.risk:.2f})"  # a warning has no risk
    process = next((p for p in kb.processes if p.id == analysis.genuine), None)
    if analysis.verdict == "matches_genuine" and process is not None:
        org_name = kb.organisations[analysis.org.id].names.get(lang) if analysis.org else t["genuine_org"]
        head = t["verdict"]["matches_genuine"].format(org=org_name, process=process.names.get(lang))
        out = [head]
    else:
        out = [f"{verdict_line(analysis, lang, urgent)}{risk}"]
    if analysis.truncated:  # said at once, so the first lines never claim more than was read
        out.append(t["truncated"].format(n=analysis.analysed_length))
    shown = main_scripts(analysis)
    if shown and analysis.verdict not in ("no_scam_signs", "matches_genuine"):
        sep = "；" if lang == "zh" else "; "
        out.append(f"{t['matched']}: " + sep.join(kb.scripts[m.id].names.get(lang) for m in shown))
    why = why_lines(analysis, lang, own_length)
    if group:
        why = [numbers(w, "…") for w in why]
    if why and analysis.verdict not in ("no_scam_signs", "matches_genuine"):
        out.append(f"\n{t['why']}:")
        out += [f"  - {w}" for w in why]
    out.append(f"\n{t['do_now']}:")
    if analysis.verdict == "matches_genuine" and process is not None:
        out.append("  - " + t["genuine_how"].format(how=process.how.get(lang)))
        out.append("  - " + t["genuine_confirm"].format(confirm=process.confirm.get(lang)))
        out.append(f"  - {t['genuine_tip']}")
    elif analysis.verdict == "no_scam_signs":
        out.append(f"  - {t['no_signs_tip']}")
    elif analysis.verdict == "warning":
        out.append(f"  - {t['warning_tip']}")
    else:
        steps = do_now_lines(analysis, kb, lang) or t["generic_do"]
        named = _own_names(kb.organisations.get(analysis.org.id) if analysis.org else None)
        if region is not None:  # advice written for the mainland ("拨打96110", 借呗) is not for Taiwan or London
            steps = [
                fitted
                for x in steps
                if not foreign_numbers(kb, region.region, x) and (fitted := for_region(kb, region.region, x, named))
            ] or t["generic_do"]
        order = [x for x in steps if any(w in x.lower() for w in _ORDER_ADVICE[lang])]
        if order and text and not _ORDER_CONTEXT.search(fold(text)):  # no order in the story: no order advice
            steps = [x for x in steps if x not in order] or t["generic_do"]
        out += [f"  - {s}" for s in steps]
        if not given:
            if region is not None:
                key = "already_paid_loans" if lends(kb, region.region) else "already_paid_region"
                bank = region.region.bank.get(lang)
                out.append("  - " + t[key].format(police=police_text(region.region, lang), bank=bank))
            else:
                out.append(f"  - {t['already_paid']}")
    if analysis.entities.get("phones") and not group:
        out.append(f"\n{t['numbers']}:")
        checked = {n["number"] or n.get("input"): n for n in analysis.numbers}
        for p in analysis.entities["phones"]:
            if p.id:
                out.append("  - " + t["number_line"].format(text=p.text, canonical=p.id))
            else:  # no country code and nothing says where: every reading, none assumed
                out.append("  - " + t["number_unknown"].format(text=p.text))
            info = checked.get(p.id or p.text)
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
    out += [f"  - {line}" for line in verify_lines(org, lang, region, kb)]
    return "\n".join(out)
