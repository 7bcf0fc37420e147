"""Compose the human-readable report for one Analysis from the translation files."""

from __future__ import annotations

import re

from knowledge.model import Indicator, KnowledgeBase, Organisation
from nlu.analyzer import Analysis, Evidence
from nlu.normalize import fold
from nlu.regexcache import compile as re_compile
from nlu.situation import detect

from ..redact import numbers
from .emergency import for_region, lends, police_text, region_of_check
from .strings import _same_advice, texts

__all__ = [
    "compose_report",
    "covered_topics",
    "do_now_lines",
    "main_scripts",
    "reply_language",
    "script_name",
    "texts",
    "topic_of",
    "verdict_line",
    "verify_lines",
    "why_lines",
]

MAX_QUOTES = 6
CLEAR_RISK = 0.85  # a "suspicious" verdict this sure is shown as what it is: almost certainly a scam
# Advice about an order ("check the order in the official app") fits only an account about a purchase,
# an order or a parcel; a bank's "fraud team" or a tax officer's call gets the rest of the advice.
_ORDER_ADVICE = {"zh": ("订单", "卡单", "售后"), "en": ("order",)}
_ORDER_CONTEXT = re_compile(
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


# A reason whose label speaks of a link fits only an account that has one (an address, or the word
# "link"): "paynow" (Singapore's payment rail) is no "pay now through the link".
_LINK_WORDS = re_compile(
    r"https?:|www\.|\b(?:link|links|url|website|web site|site|page)\b|链接|連結|网址|網址|网站|網站|网页|網頁|页面|頁面"
)
# What the emergency steps for a thing already given (situations.yml `given`) or still open (a
# shared screen, remote access) already say: advice on the same topic is not given a second time.
# Keyed by where the advice comes from: a red flag, or a script (its stages' and its own advice).
ADVICE_TOPICS = {
    "red_flag.asks_install_app": "remote",
    "remote_screen_share": "remote",
    "red_flag.asks_code": "code",
    "credential_theft": "code",
    "red_flag.asks_card_or_password": "card",
    "red_flag.asks_borrow": "loan",
    "credit_loan": "loan",
    "red_flag.asks_transfer": "money",
    "safe_account_transfer": "money",
    "red_flag.asks_fee": "money",
}


def topic_of(indicator: str) -> str | None:
    """The topic (a situations.yml `given` kind) of an indicator's or its script's advice."""
    return ADVICE_TOPICS.get(indicator) or ADVICE_TOPICS.get(indicator.split(".", 1)[0])


TOPIC_COVERS = {"code": ("code", "card"), "card": ("card",)}  # new passwords and a frozen card: both
ONGOING_TOPICS = {"computer": "remote", "meeting": "remote"}  # "stop sharing, disconnect" is said first


def covered_topics(given=(), ongoing=()) -> frozenset[str]:
    """The advice topics the emergency steps already gave, for what was given and what is still open."""
    out = {t for g in given for t in TOPIC_COVERS.get(g, (g,))}
    return frozenset(out | {ONGOING_TOPICS[m] for m in ongoing if m in ONGOING_TOPICS})


def fits(e: Evidence, analysis: Analysis, text: str = "") -> bool:
    """Whether a reason's label fits what was said: a label about a link needs a link in the account."""
    if "link" not in e.explain.en.lower() or not text:  # (without the account: nothing to judge by)
        return True
    return bool(analysis.entities.get("links")) or bool(_LINK_WORDS.search(fold(text)))


def done_spans(kb: KnowledgeBase, text: str, situation=None) -> list[tuple[int, int, str]]:
    """Where the person says they already did something (the situation reader's quotes), and what.
    `situation`: the reading of `text` already made (nlu.situation.Situation), not made again."""
    if situation is None:
        if not text or kb.situations is None:
            return []
        situation = detect(kb.situations, text)
    return [(q.start, q.end, q.what) for q in situation.quotes if q.what != "on_call"]


def variant(kb: KnowledgeBase, match) -> Indicator | None:
    """The pretext indicator that names its own variant of the script (`names`), when it is the
    match's strongest pretext: an unauthorised order is not a "stuck order", though one script holds both."""
    hooks = sorted((e for e in match.evidence if e.kind == "hook"), key=lambda e: (-e.weight, e.start))
    if not hooks or match.id not in kb.scripts:
        return None
    ind = next((i for i in kb.scripts[match.id].indicators if i.id == hooks[0].indicator), None)
    return ind if ind is not None and ind.names is not None else None


def script_name(kb: KnowledgeBase, match, lang: str) -> str:
    """The name shown for a matched script: its variant's, when its strongest pretext names one."""
    v = variant(kb, match)
    return (v.names if v is not None and v.names else kb.scripts[match.id].names).get(lang)


# Callers a pretext may presume: "the bank's fraud team" fits a bank (or the police, an authority
# warning about your bank account), not a shop or a courier that was named as the caller.
_BANKISH = frozenset({"bank", "anti_fraud", "police", "government", "payment"})


def misfits(e: Evidence, analysis: Analysis, kb: KnowledgeBase | None) -> bool:
    """A pretext whose reading presumes a bank calling ("claims to be the bank's fraud team") when the
    caller named is a company of another kind (Amazon, a courier): the words fit a plainer reading."""
    if kb is None or e.kind != "hook" or analysis.org is None:
        return False
    org = kb.organisations.get(analysis.org.id)
    if org is None or org.category in _BANKISH:
        return False
    said = e.explain.en.lower()
    return "bank's" in said or "bank fraud" in said or "from your bank" in said


def _spans(match) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in match.evidence]


def main_scripts(analysis: Analysis, most: int = 3, kb: KnowledgeBase | None = None) -> list:
    """The scripts worth naming: the best match and any close to it. One after the first is named for
    a step of its own (a demand, a tool, a claim): one seen only through a pretext, or through the
    first's own pretext with a claim of who calls ("a courier"), is a second reading of the same opening ("never
    bought" in an unauthorised-order call is no cash-on-delivery parcel; a parcel "holding drugs" in a
    fake-police call is no COD parcel). With `kb`, a script seen only through a pretext that presumes
    another kind of caller (`misfits`: a bank's fraud team, when Amazon called) is not named."""
    if not analysis.scripts:
        return []
    scripts = [
        m
        for m in analysis.scripts
        if not m.evidence or not all(e.kind in ("hook", "contact") and misfits(e, analysis, kb) for e in m.evidence)
    ]
    if not scripts:
        return []
    top = max(m.score for m in scripts)  # the first is the opening pretext, not always the strongest
    close = [m for m in scripts[:most] if m.score >= max(0.45, 0.6 * top)]
    if not close:
        return []
    first = _spans(close[0])

    def own(m) -> bool:
        if not m.evidence:
            return True
        if any(e.kind not in ("hook", "contact") for e in m.evidence):
            return True  # a demand or a tool of its own
        # a claim of who calls, unless its pretext is only the first's words read again
        overlaps = any(e.kind == "hook" and any(a < e.end and e.start < b for a, b in first) for e in m.evidence)
        return any(e.kind == "contact" for e in m.evidence) and not overlaps

    return close[:1] + [m for m in close[1:] if own(m)]


def why_lines(
    analysis: Analysis,
    lang: str,
    own_length: int | None = None,
    *,
    text: str = "",
    done: list[tuple[int, int, str]] | None = None,
    kb: KnowledgeBase | None = None,
) -> list[str]:
    """Quotes of the user's own words with what each one means, strongest first.

    `own_length`: where the person's own words end in the analysed text; evidence after it comes
    from what the chat added for a button answer, and is never quoted as if they had said it.
    `text`: the account, so a reason whose label does not fit it is left out ("through the link"
    with no link). `done`: where the person says they already did something (`done_spans`): a
    request read there ("installed" as "asks you to install") is quoted as what happened instead.
    For a warning, who it names is not quoted as a claim ("claims to be police"): the steps it
    describes are.
    """
    t = texts(lang)
    seen: set[str] = set()
    items = []
    for m in analysis.scripts:
        items.extend(m.evidence)
    items.extend(analysis.red_flags)
    names = {k.id: k.names.get(lang) for k in (kb.situations.given if kb and kb.situations else ())}
    lines = []
    spans: list[tuple[int, int]] = []
    for e in sorted(items, key=lambda e: (-e.weight, e.start)):
        key = e.explain.get(lang)
        what = next((w for a, b, w in done or () if a <= e.start and e.end <= b), None)
        told_done = e.kind == "demand" and what is not None and what in names
        # (what already happened is said even when the same request was quoted as asked before it)
        if (key in seen and not told_done) or not e.text.strip() or any(a <= e.start and e.end <= b for a, b in spans):
            continue
        if own_length is not None and e.end > own_length:
            continue
        if not fits(e, analysis, text) or (analysis.verdict == "warning" and e.kind == "contact"):
            continue
        if misfits(e, analysis, kb):  # "the bank's fraud team" when Amazon called: the plainer reading
            continue
        if told_done:
            if f"done:{what}" in seen:  # one line for what happened, however many requests it matched
                continue
            seen.add(f"done:{what}")
            spans.append((e.start, e.end))
            lines.append(t["quote_done"].format(text=_clip(e.text), what=names[what]))
        else:
            seen.add(key)
            spans.append((e.start, e.end))
            lines.append(t["quote"].format(text=_clip(e.text), explain=key))
        if len(lines) >= MAX_QUOTES:
            break
    return lines


_ADVICE: dict[int, tuple[KnowledgeBase, dict, dict]] = {}


def _advice_tables(kb: KnowledgeBase) -> tuple[dict, dict]:
    """Each stage's advice by (script, stage), and the red flags by id (once per knowledge base)."""
    hit = _ADVICE.get(id(kb))
    if hit is None or hit[0] is not kb:
        if len(_ADVICE) > 8:  # knowledge reloaded many times: forget the old ones
            _ADVICE.clear()
        stage_advice = {(s.id, st.id): st.advice for s in kb.scripts.values() for st in s.stages}
        hit = _ADVICE[id(kb)] = (kb, stage_advice, {i.id: i for i in kb.red_flags})
    return hit[1], hit[2]


def do_now_lines(
    analysis: Analysis, kb: KnowledgeBase, lang: str, *, covered: frozenset[str] = frozenset(), text: str = ""
) -> list[str]:
    """Steps for the stage they are at: stage and red-flag advice first, then the script's.

    Advice on one topic (`ADVICE_TOPICS`) is given once. `covered`: advice topics (`covered_topics`)
    the emergency steps already gave: advice on them is left out, whatever its wording ("Install
    nothing they name; uninstall…" after "uninstall the app they had you install"). `text`: the
    account, so a flag whose label does not fit it gives no advice.
    """
    out: list[str] = []
    stage_advice, flags = _advice_tables(kb)

    said: set[str] = set()

    def add(text: str | None, source: str) -> None:
        topic = ADVICE_TOPICS.get(source)
        if topic is not None and (topic in covered or topic in said):
            return  # one line per topic: "uninstall the app" once, from the strongest source
        if text and not any(_same_advice(text, o) for o in out):
            out.append(text)
            if topic is not None:
                said.add(topic)

    for e in sorted(analysis.red_flags, key=lambda e: -e.weight):
        if not fits(e, analysis, text):
            continue
        adv = flags[e.indicator].advice if e.indicator in flags else None
        add(adv.get(lang) if adv else None, e.indicator)
    for m in main_scripts(analysis, 2, kb):
        v = variant(kb, m)
        if v is not None and v.advice is not None:  # the variant's own advice, not the script's wording
            add(v.advice.get(lang), m.id)
            continue
        for e in m.evidence:
            adv = stage_advice.get((m.id, e.stage))
            add(adv.get(lang) if adv else None, m.id)
        for a in kb.scripts[m.id].advice:
            add(a.get(lang), m.id)
    return out[:7]


def _own_names(org: Organisation | None) -> tuple[str, ...]:
    """An organisation's own names: advice about the company the person named is never off-topic."""
    if org is None:
        return ()
    parts = (n.strip() for name in (org.names.zh, org.names.en) for n in re.split(r"[/／(（)）]", name))
    return tuple(n for n in parts if n)


def _worded_after_quote(region, line: str) -> str:
    """A reason in the region's words, the person's own words quoted before " — " left as written."""
    for sep in (" —— ", " — "):
        quote, found, explain = line.partition(sep)
        if found:
            return quote + sep + region.worded(explain)
    return region.worded(line)


def genuine_line(analysis: Analysis, kb: KnowledgeBase, lang: str) -> str:
    """ "✅ This matches how SF Express really does it (delivery notice)": the organisation and the
    genuine process filled in (the organisation, the process when the analysis names none)."""
    t = texts(lang)
    process = next((p for p in kb.processes if p.id == analysis.genuine), None)
    org = kb.organisations.get(analysis.org.id) if analysis.org else None
    return t["verdict"]["matches_genuine"].format(
        org=org.names.get(lang) if org else t["genuine_org"],
        process=process.names.get(lang) if process else t["genuine_process"],
    )


def verdict_line(analysis: Analysis, lang: str, urgent: bool = False, kb: KnowledgeBase | None = None) -> str:
    """The verdict's headline, agreeing with what the person is told to do: someone still on the call
    or who already paid is never told "suspicious: do not act on it yet" under "hang up now", and a
    "suspicious" verdict with a risk this high reads as almost certainly a scam. A genuine match is
    told with its organisation and process (`kb` given), never as a template."""
    if analysis.verdict == "matches_genuine" and kb is not None:
        return genuine_line(analysis, kb, lang)
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
        domains = org.domains_for(region.region.id if region is not None else None)
        if domains:  # someone in Malaysia is shown shopee.com.my first, not all eight countries' sites
            lines.append(t["domains"].format(domains=", ".join(domains[:4])))
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
    ongoing: tuple[str, ...] = (),
    situation=None,
) -> str:
    """The full plain-text reply: verdict, why, what to do now, how to verify.

    For a group audience, numbers, links and digits in quotes are left out: a group reply never
    repeats someone's phone number or personal data. `region` (a RegionChoice) says whose police
    and anti-fraud lines to give; without it the region is chosen from the analysis. `given`:
    what the person already gave; the emergency steps were sent first, so they are not repeated,
    nor is advice on the same topic (`ongoing`: what is still open, `Situation.ongoing`, likewise).
    `text`: the account as analysed (its start), so the reasons quoted fit what was said;
    `situation`: the situation reader's reading of `text`, when the caller already has it.
    """
    group = audience == "group"
    lang = reply_language(analysis, lang)
    t = texts(lang)
    if region is None:
        region = region_of_check(kb, analysis, text, lang=lang)
    if "empty" in analysis.notes:
        return t["empty"]
    risk = "" if analysis.verdict == "warning" else f"  ({t['risk']} {analysis.risk:.2f})"  # a warning has no risk
    process = next((p for p in kb.processes if p.id == analysis.genuine), None)
    if analysis.verdict == "matches_genuine":
        out = [genuine_line(analysis, kb, lang)]
    else:
        out = [f"{verdict_line(analysis, lang, urgent)}{risk}"]
    if analysis.truncated:  # said at once, so the first lines never claim more than was read
        out.append(t["truncated"].format(n=analysis.analysed_length))
    shown = main_scripts(analysis, kb=kb)
    if shown and analysis.verdict not in ("no_scam_signs", "matches_genuine"):
        sep = "；" if lang == "zh" else "; "
        label = t["warning_about"] if analysis.verdict == "warning" else t["matched"]  # not what it is
        out.append(f"{label}: " + sep.join(dict.fromkeys(script_name(kb, m, lang) for m in shown)))
    why = why_lines(analysis, lang, own_length, text=text, done=done_spans(kb, text, situation), kb=kb)
    if region is not None:  # "moves you off the platform to WeChat/QQ" said as in Taipei or London
        why = [_worded_after_quote(region.region, w) for w in why]
    if group:
        why = [numbers(w, "…") for w in why]
    if why and analysis.verdict not in ("no_scam_signs", "matches_genuine"):
        out.append(f"\n{t['why_warning'] if analysis.verdict == 'warning' else t['why']}:")
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
        covered = covered_topics(given, ongoing)
        steps = do_now_lines(analysis, kb, lang, covered=covered, text=text) or t["generic_do"]
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
