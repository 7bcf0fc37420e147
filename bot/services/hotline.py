"""The hotline console's logic: a call sheet from an Analysis, the "already paid" checklist, case summaries.

Pure functions over the knowledge base and an Analysis; no I/O. The console (channels/web) renders
what these return; the questions and advice come from each script's `call_guide:` block and from
`knowledge/hotline.yml`, so volunteers improve the console and the bot together.

The checklist is keyed by what the caller gave (money, a loan, a code…). What was given is read
from the caller's words by the chat's own detector (`nlu.situation.detect`, `said_given`), so the
console opens its emergency panel on the same situations as the bot, and ticks only what was said.

`fraud_identifiers` picks the fraudster's identifiers out of an account (numbers, receiving
accounts, wallets, handles, links, apps, amounts) to be kept unmasked in the case: the operator
checks them before saving. The caller's own data is removed from what is stored (`redact_case`).
"""

from __future__ import annotations

import re

from knowledge.model import KnowledgeBase, Organisation, Script
from nlu.analyzer import Analysis, Evidence
from nlu.normalize import fold
from nlu.own import is_own, own_spans
from nlu.situation import Situation, detect

from ..conversation.emergency import for_region, police_text, writing_of
from ..conversation.report import foreign_numbers, genuine_line, texts, verdict_line, verify_lines
from ..conversation.strings import in_script
from ..redact import numbers as redact_numbers

# The operator's framing of what the caller says ("来电人说，…", "Caller says: …"): the hotline's
# words, not a claim of the caller's contact ("来电…说" reads as "someone rang and said").
_FRAMING = re.compile(
    r"(?:来电人|来电者|來電人|來電者|求助人|求助者|事主)(?:又|还|還|再|也)?"
    r"(?:说|說|称|稱|讲|講|话|話|表示|反映|讲述|講述|告诉我|告訴我)(?:道)?\s*[：:，,]?"
    r"|\b(?:the\s+)?(?:caller|victim)\s+(?:also\s+)?(?:says|said|reports|reported|tells me|told me|explains|explained"
    r"|states|stated)(?:\s+that)?\s*[:,]?",
    re.I,
)


def without_framing(text: str) -> str:
    """`text` with the operator's framing blanked out, same length (every offset still the text's)."""
    return _FRAMING.sub(lambda m: " " * len(m.group(0)), text or "")


def sheet_language(analysis: Analysis, override: str | None = None) -> str:
    """The caller's language: the operator's choice, else the account's own (mixed -> zh)."""
    if override in ("zh", "en"):
        return override
    return "en" if analysis.lang == "en" else "zh"


def verdict_text(verdict: str, lang: str, analysis: Analysis | None = None, kb: KnowledgeBase | None = None) -> str:
    """The bot's own words for a verdict, without its emoji (a genuine match with its organisation
    and process filled in when the analysis is given)."""
    if verdict == "matches_genuine" and analysis is not None and kb is not None:
        text = genuine_line(analysis, kb, lang)
    else:
        text = texts(lang)["verdict"].get(verdict, verdict)
    return _no_emoji(text)


def stage_reached(script: Script, evidence: tuple[Evidence, ...]) -> int | None:
    """Index of the furthest stage of the script with evidence, or None."""
    order = {s.id: i for i, s in enumerate(script.stages)}
    hits = [order[e.stage] for e in evidence if e.stage in order]
    return max(hits) if hits else None


def headline(analysis: Analysis, lang: str, urgent: bool = False, kb: KnowledgeBase | None = None) -> str:
    """The sheet's headline, as the chat and `callcheck check` word it: a caller who already gave
    money or a code, or is still on the call (`urgent`, or the situation the analysis carries), is
    never told "suspicious: do not act on it yet" under "already paid: do this now"."""
    urgent = urgent or bool((getattr(analysis, "situation", None) or {}).get("urgent"))
    text = verdict_line(analysis, lang, urgent, kb)  # a genuine match with its organisation and process
    return _no_emoji(text)


# The console's headline carries its meaning in words and colour; an emoji renders as an empty box
# where the machine has no emoji font (Debian's Chromium without fonts-noto-color-emoji).
_EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff]\ufe0f?|\ufe0f")


def _no_emoji(text: str) -> str:
    return _EMOJI.sub("", text).strip()


def call_sheet(
    analysis: Analysis, kb: KnowledgeBase, lang: str | None = None, region=None, urgent: bool = False
) -> dict:
    """Everything the call sheet shows for the account so far, in the caller's language.

    `region` (a RegionChoice: the operator's choice, else what the account tells, `region_of_check`):
    what is read out and the official channels are the caller's region's (another region's help
    numbers and services left out, its own police and anti-fraud line given instead), and Chinese is
    written as Hong Kong or Taiwan write it there."""
    lang = sheet_language(analysis, lang)
    out = _call_sheet(analysis, kb, lang, region)
    out["verdict_text"] = headline(analysis, lang, urgent, kb)
    if region is None:
        return out
    why = texts(lang)["emergency"]["because"].get(region.reason, "")
    script = writing_of(region.region.id) if lang == "zh" else None
    out["region"] = {"id": region.region.id, "name": region.region.names.get(lang), "why": why, "script": script}
    out["ask"] = _fit(kb, region, out["ask"], lang, police=False)
    out["say"] = _fit(kb, region, out["say"], lang, police=True)
    return in_region_script(out, script) if script else out


def _fit(kb: KnowledgeBase, choice, lines: list[str], lang: str, police: bool) -> list[str]:
    """Lines fitted to the caller's region; a line naming another region's help number is replaced
    by the region's own police and anti-fraud line (`police`), said once."""
    out: list[str] = []
    dropped = False
    for line in lines:
        fitted = None if foreign_numbers(kb, choice.region, line) else for_region(kb, choice.region, line)
        if fitted:
            out.append(fitted)
        else:
            dropped = True
    own = police_text(choice.region, lang)
    if police and dropped and not any(own in x for x in out):
        out.append(texts(lang)["emergency"]["report"].format(police=own))
    return list(dict.fromkeys(out))


def in_region_script(value, script: str):
    """Every text of the sheet in Hong Kong's or Taiwan's writing (ids and numbers unchanged)."""
    if isinstance(value, str):
        return in_script(value, script)
    if isinstance(value, list):
        return [in_region_script(v, script) for v in value]
    if isinstance(value, dict):
        keep = ("id", "lang", "verdict", "number", "input")
        return {k: v if k in keep else in_region_script(v, script) for k, v in value.items()}
    return value


def _call_sheet(analysis: Analysis, kb: KnowledgeBase, lang: str, region) -> dict:
    out: dict = {
        "lang": lang,
        "verdict": analysis.verdict,
        "verdict_text": verdict_text(analysis.verdict, lang, analysis, kb),
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
        out["org"] = official(org, lang, region, kb)
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


def official(org: Organisation, lang: str, region=None, kb: KnowledgeBase | None = None) -> dict:
    """An organisation's official channels: app paths, usable hotlines with sources, domains
    (`region`, a RegionChoice: the lines as someone there is told them, with its own help lines)."""
    from knowledge.sources import HIGH_RULE, help_line_hosts, official_source

    hosts = help_line_hosts(kb.regions) if kb is not None else ()
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
                # each source: is it the organisation's own page or a government's? (only then "high")
                "official_sources": [official_source(s, org.all_domains, hosts) for s in h.sources],
                "checked": h.checked,
            }
            for h in org.hotlines
            if h.usable
        ],
        "confidence_rule": HIGH_RULE["en" if lang == "en" else "zh"],
        "domains": list(org.all_domains),
        "lines": verify_lines(org, lang, region, kb),
    }


def paid_checklist(kb: KnowledgeBase, given: list[str] | tuple[str, ...], lang: str, region=None) -> dict:
    """The checklist to read out when money or data is gone: sections of steps, in reading order.

    `region` (a knowledge Region, when the operator chose one): steps are fitted to it as the chat's
    are (the mainland's 借呗/备用金 examples dropped for Hong Kong, a line naming only another
    region's service left out)."""
    cl = kb.paid_checklist
    if cl is None:
        return {"sections": [{"title": "", "steps": [texts(lang)["already_paid"]]}], "given": []}

    def fit(steps) -> list[str]:
        lines = [s.get(lang) for s in steps]
        if region is None:
            return lines
        return [f for x in lines if not foreign_numbers(kb, region, x) and (f := for_region(kb, region, x))]

    chosen = [g for g in cl.given if g.id in set(given)]
    t = {"zh": ("立即", "然后"), "en": ("First", "Then")}["en" if lang == "en" else "zh"]
    first = fit(cl.first)
    if region is not None:  # the mainland's "call 110 / 96110" left out: the region's own line instead
        police = police_text(region, lang)
        if not any(police in x for x in first):
            first.append(texts(lang)["emergency"]["report"].format(police=police))
    sections = [{"id": "first", "title": t[0], "steps": first}]
    sections += [{"id": g.id, "title": g.name.get(lang), "steps": fit(g.steps)} for g in chosen]
    if cl.then:
        sections.append({"id": "then", "title": t[1], "steps": fit(cl.then)})
    return {
        "sections": sections,
        "given": [g.id for g in chosen],
        "options": [{"id": g.id, "name": g.name.get(lang)} for g in cl.given],
    }


# situations.yml's kinds that the checklist names differently.
_SITUATION_TO_CHECKLIST = {"remote": "screen"}


def said_given(kb: KnowledgeBase, text: str, situation: Situation | None = None) -> list[str]:
    """Checklist ids of what the caller SAID they already gave (the chat's situation detector)."""
    situation = situation or detect(kb.situations, text or "")
    drop = _not_given_away(kb, situation, text or "")
    given = [g for g in situation.given if g not in drop]
    ids = [_SITUATION_TO_CHECKLIST.get(g, g) for g in given]
    known = {g.id for g in kb.paid_checklist.given} if kb.paid_checklist else set(ids)
    return [g for g in dict.fromkeys(ids) if g in known]


def _not_given_away(kb: KnowledgeBase, situation: Situation, text: str) -> set[str]:
    """What the situation reader took as given that is only where the money went: "sent to account
    41234567 sort code 20-00-00" names the fraudster's receiving account (not the caller's card or
    login given away), and a UK "sort code" is not a verification code. Read again with those words
    blanked (same length); what is no longer given was never given."""
    if not ({"card", "code"} & set(situation.given)):
        return set()
    spans = [m.span() for rx in (_TO_ACCOUNT, _SENT_TO_ACCOUNT, _SORT_CODE) for m in rx.finditer(text)]
    spans += [m.span() for m in _SORT_CODE_WORDS.finditer(text)]
    if not spans:
        return set()
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    again = detect(kb.situations, "".join(chars))
    return {g for g in ("card", "code") if g in situation.given and g not in again.given}


_SORT_CODE_WORDS = re.compile(r"(?i)\bsort[\s-]*codes?\b")


_CN_NUM = "0-9零〇一二两三四五六七八九十"
_WHEN = re.compile(
    rf"(?:(?:今天|昨天|前天|今早|昨晚|上周[一二三四五六日天]|周[一二三四五六日天]|星期[一二三四五六日天]|\d{{1,2}}月\d{{1,2}}[日号])\s*)?"
    rf"(?:凌晨|早上|上午|中午|下午|晚上|傍晚|夜里)\s*[{_CN_NUM}]{{1,3}}\s*(?:点|[:：]\d{{2}})(?:\s*[{_CN_NUM}]{{1,3}}分|半)?"
    rf"|(?:今天|昨天|前天|昨晚|今早|\d{{1,2}}月\d{{1,2}}[日号])(?:\s*[{_CN_NUM}]{{1,3}}\s*(?:点|[:：]\d{{2}})(?:半)?)?"
    r"|\b(?:at\s+)?\d{1,2}(?::\d{2})?\s?(?:am|pm)\b(?:\s+(?:yesterday|today|this morning|last night))?"
    r"|\b(?:at\s+)?\d{1,2}:\d{2}\b|\b(?:yesterday|this morning|last night|earlier today)\b",
    re.I,
)


def payment_time(kb: KnowledgeBase, text: str, situation: Situation | None = None) -> str | None:
    """When the caller says the money went, from the clause the situation detector read as paid (or the one before)."""
    for q in (situation or detect(kb.situations, text or "")).quotes:
        if q.what not in ("money", "loan"):
            continue
        window = text[max(0, q.start - 30) : q.end]
        hits = list(_WHEN.finditer(window))
        if hits:
            return re.sub(r"(?i)^at\s+", "", hits[-1].group(0).strip())
    return None


# -- the fraudster's identifiers ---------------------------------------------------------------
# A receiving account: a cue that money went TO it, then the account's digits (or an IBAN).
_TO_ACCOUNT = re.compile(
    r"(?:转到|转入|转给|汇到|汇入|打到|打入|存入|存到|收款(?:人)?(?:账户|账号|卡号|卡)?|对方(?:的)?(?:账户|账号|卡号|银行卡)"
    r"|安全账户|指定账户|监管账户"
    r"|轉到|轉入|轉給|匯到|匯入|存入|收款(?:人)?(?:賬戶|帳戶|賬號|帳號|戶口|卡號)?|對方(?:的)?(?:賬戶|帳戶|賬號|帳號|戶口|卡號|銀行卡)"
    r"|安全賬戶|安全帳戶|指定賬戶|指定帳戶|監管賬戶|監管帳戶"
    r"|(?:safe|holding|secure|their|his|her|the scammer'?s?)\s+account(?:\s+(?:number|no\.?))?"
    r"|(?:to|into)\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+|a\s+new\s+)?(?:[A-Z][\w&]*\s+){0,3}account(?:\s+(?:number|no\.?))?"
    r"|iban|account\s+(?:number|no\.?))"
    r"[^\d\n]{0,12}?(\d[\d -]{5,30}\d)",
    re.I,
)
# Money sent somewhere, then the account it went to, in one clause (Cantonese and Traditional as
# Hong Kong and Taiwan write it): 轉咗五萬蚊去中國銀行戶口 012-345-678, 匯了三萬到對方的帳戶 8123…,
# 过数入佢个户口 …. The account word comes after the verb, so the caller's own account ("从我户口
# 1234 转出") is not picked.
_SENT_TO_ACCOUNT = re.compile(
    r"(?:转|轉|汇|匯|过数|過數|存|入|打|俾|畀|给|給|付)[^。！？!?\n]{0,24}?(?:去|到|入|落|进|進|给|給|俾|畀)"
    r"[^。！？!?\n\d]{0,14}?(?:户口|戶口|账户|賬戶|帳戶|账号|賬號|帳號|卡号|卡號|银行卡|銀行卡)(?:号码|號碼|号|號)?"
    r"[^\d\n。]{0,6}?(\d[\d -]{5,30}\d)"
)
# A UK sort code (20-00-00): with the account number it identifies one account; never an account itself.
_ACCOUNT_AFTER_CODE = re.compile(
    r"(?i)[\s,;]*(?:and\s+)?(?:the\s+)?(?:account|a/c|acc)(?:\s+(?:number|no\.?))?[\s:#]*(\d{6,10})(?!\d)"
)
_SORT_CODE = re.compile(r"(?i)\bsort[\s-]*code\b[^\d\n]{0,8}?(\d{2}[- ]?\d{2}[- ]?\d{2})(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_WALLET = re.compile(
    r"(?<![A-Za-z0-9])(?:bc1[a-z0-9]{25,60}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40}|T[1-9A-HJ-NP-Za-km-z]{33})(?![A-Za-z0-9])"
)
_HANDLE = re.compile(
    r"(?:(?:qq|微信号?|vx|wx|wechat|whatsapp|telegram|tg|支付宝(?:账号)?|paypal|venmo|cash\s?app|zelle|upi(?:\s+id)?"
    r"|paynow|paylah|duitnow|fps|转数快|轉數快)\s*(?:号|是|为|id)?\s*[:：]?\s*)"
    r"([A-Za-z0-9@$][A-Za-z0-9_.@-]{3,60}[A-Za-z0-9])",
    re.I,
)
# A UPI id (a virtual payment address: name@okaxis, 98xxxxxx@ybl): where the money went in India.
_UPI_ID = re.compile(r"(?<![\w.@-])[A-Za-z0-9][A-Za-z0-9._-]{1,60}@[A-Za-z][A-Za-z0-9]{1,20}(?![\w@]|\.[A-Za-z])")
_TAG = re.compile(
    r"(?<![\w.])(?:@[A-Za-z_][A-Za-z0-9_.]{2,30}|\$[A-Za-z][A-Za-z0-9_]{2,20})\b|paypal\.me/[A-Za-z0-9_.-]+", re.I
)


def fraud_identifiers(analysis: Analysis, text: str, kb: KnowledgeBase | None = None) -> list[dict]:
    """The fraudster's identifiers in an account, unmasked, each {"kind", "value"}, in order found.

    Official numbers are left out (the caller calling the real line is not the fraud). A card or
    account number without a "paid to" cue is the caller's own and is not picked, and so are the
    number, handle or card the caller gave with their own name (`nlu.own`). With `kb`, the caller's
    own lenders and payment rails (its `loan` and `payment` apps) are not offered as the fraudster's apps.
    """
    out: list[dict] = []
    own = own_spans(text)  # the caller's own number, handle or card ("我叫…，手机…", "my mobile is …")

    def add(kind: str, value: str, span: tuple[int, int] | None = None) -> None:
        if span is not None and is_own(own, *span):
            return
        value = value.strip().rstrip(".,，。;；")
        if value and not any(o["kind"] == kind and o["value"] == value for o in out):
            out.append({"kind": kind, "value": value})

    official = {n.get("input") for n in analysis.numbers if n.get("official")}
    official |= {n.get("number") for n in analysis.numbers if n.get("official")}
    for m in analysis.entities.get("phones", []):
        value = m.id if m.id.startswith("+") else m.text
        if m.text in official or value in official:
            continue
        add("number", value, (m.start, m.end))
    sort_codes = list(_SORT_CODE.finditer(text))
    in_sort_code = [m.span(1) for m in sort_codes]
    accounts: list[tuple[int, int, str]] = []
    for rx in (_TO_ACCOUNT, _SENT_TO_ACCOUNT):
        for m in rx.finditer(text):
            if not any(a <= m.start(1) < b for a, b in in_sort_code):
                accounts.append((m.start(1), m.end(1), m.group(1)))
    for start, end, value in sorted(accounts):
        # the sort code said with it, just before or after: "41234567 sort code 20-00-00"
        code = next((c for c in sort_codes if abs(c.start() - end) <= 40 or abs(start - c.end()) <= 40), None)
        if code is not None:
            value = f"{value.strip()} (sort code {code.group(1)})"
        add("account", value, (start, end))
    for c in sort_codes:  # "sort code 30-90-21 account 11223344"; alone, said as what it is
        if any(o["kind"] == "account" and c.group(1) in o["value"] for o in out):
            continue
        after = _ACCOUNT_AFTER_CODE.match(text, c.end())
        if after:
            add("account", f"{after.group(1)} (sort code {c.group(1)})", after.span(1))
        else:
            add("account", f"sort code {c.group(1)}", c.span(1))
    for m in _IBAN.finditer(text):
        add("account", m.group(0), m.span())
    for m in _WALLET.finditer(text):
        add("wallet", m.group(0), m.span())
    for m in _HANDLE.finditer(text):
        if not m.group(1).isdigit() or len(m.group(1)) >= 5:
            add("handle", m.group(0).strip(), m.span(1))
    for m in _UPI_ID.finditer(text):
        if not any(m.group(0) in o["value"] for o in out if o["kind"] == "handle"):
            add("handle", m.group(0), m.span())
    for m in _TAG.finditer(text):
        if not any(m.group(0) in o["value"] for o in out if o["kind"] == "handle"):
            add("handle", m.group(0), m.span())
    handles = {o["value"] for o in out if o["kind"] == "handle"}
    for m in analysis.entities.get("links", []):
        if m.text not in handles and not any(m.text in h for h in handles):
            add("link", m.text, (m.start, m.end))
    for m in analysis.entities.get("apps", []):
        # The caller's own lenders and payment rails (借呗, 白条, PayNow, UPI) are how the money went,
        # not the fraudster's: what police need is the receiving account or handle, picked above.
        app = kb.apps.get(m.id) if kb is not None else None
        if app is None or app.category not in ("loan", "payment"):
            add("app", m.text)
    for m in analysis.entities.get("money", []):
        add("amount", m.text)
    numbers_found = {o["value"] for o in out if o["kind"] == "number"}
    return [
        o for o in out if not (o["kind"] == "account" and _digits(o["value"]) in {_digits(v) for v in numbers_found})
    ]


def callers_own(text: str) -> list[str]:
    """The caller's own numbers, handles and cards as written in the account (`nlu.own`)."""
    return list(dict.fromkeys(text[a:b] for a, b in own_spans(text or "")))


def is_callers_own(value: str, own: list[str]) -> bool:
    """Whether an identifier (as saved: a number may be canonical, +86…) is one of the caller's own."""
    v = value.strip().lower()
    digits = _digits(v)
    for o in own:
        od = _digits(o)
        if v == o.strip().lower():
            return True
        if len(od) >= 7 and len(digits) >= 7 and (digits.endswith(od.lstrip("0")) or od.endswith(digits.lstrip("0"))):
            return True
    return False


def masked(value: str) -> str:
    """An identifier with most of it hidden (the caller's own, shown to the operator)."""
    v = value.strip()
    keep = max(2, len(v) // 4)
    return v[:keep] + "*" * max(0, len(v) - 2 * keep) + v[len(v) - keep :]


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


_KIND_WORDS = {
    "number": ("number", "phone", "号码", "电话"),
    "account": ("account", "bank", "iban", "账户", "账号", "卡号"),
    "wallet": ("wallet", "crypto", "钱包", "地址"),
    "handle": ("handle", "payment", "wechat", "qq", "微信", "支付宝"),
    "link": ("link", "url", "链接", "网址"),
    "app": ("app", "软件", "应用"),
    "amount": ("amount", "金额", "钱"),
    "paid_at": ("paid_at", "time", "paid", "时间", "付款时间"),
}


def parse_identifier_lines(text: str) -> tuple[list[dict], list[str]]:
    """Identifiers the operator typed, one a line, as `kind: value` or a bare value (kind guessed).

    Returns (identifiers, lines not understood) so nothing the operator typed is silently lost.
    """
    found, bad = [], []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        kind = None
        m = re.match(r"^\s*([^:：]{1,12})\s*[:：]\s*(.+)$", line)
        if m and not re.match(r"^(https?|ftp)$", m.group(1).strip(), re.I):
            word = m.group(1).strip().lower()
            kind = next((k for k, words in _KIND_WORDS.items() if word in words), None)
            if kind is None:
                bad.append(line)
                continue
            value = m.group(2).strip()
        else:
            value = line
            kind = guess_kind(value)
        if kind is None:
            bad.append(line)
        else:
            found.append({"kind": kind, "value": value[:200]})
    return found, bad


def guess_kind(value: str) -> str | None:
    """The kind of a bare identifier: a link, a wallet, a number or account by its digits, a handle."""
    v = value.strip()
    if re.match(r"^(https?://|www\.)|^[\w-]+(\.[\w-]+)+(/\S*)?$", v, re.I) and not v.replace(".", "").isdigit():
        return "link"
    if _WALLET.fullmatch(v):
        return "wallet"
    if re.search(r"[¥￥$£€]\s*\d|\d\s*(元|块|万|rmb|yuan|usd|gbp|pounds?|dollars?)\b", v, re.I):
        return "amount"
    digits = _digits(v)
    if digits and len(digits) >= len(re.sub(r"[\s+()-]", "", v)) * 0.8:
        return "number" if len(digits) <= 13 else "account"
    if _IBAN.fullmatch(v):
        return "account"
    if v.startswith(("@", "$")):
        return "handle"
    return None


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
