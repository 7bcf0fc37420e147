"""Load and validate the knowledge folder.

`load_knowledge()` either returns a complete KnowledgeBase or raises KnowledgeError listing every
problem (file, field, plain fix). A broken file therefore never half-loads: the analyzer refuses
with the same messages `callcheck kb validate` prints.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .callguide import call_guide, load_hotline
from .errors import KnowledgeError, Problem
from .model import (
    APP_CATEGORIES,
    CONFIDENCE,
    FAMILIES,
    KINDS,
    ORG_CATEGORIES,
    VERDICTS,
    App,
    Example,
    GenuineProcess,
    Hotline,
    Indicator,
    KnowledgeBase,
    L10n,
    NumberRange,
    OfficialApp,
    Organisation,
    Script,
    Stage,
)
from .phrases import CompiledPhrase, PhraseSyntaxError, compile_phrases
from .reading import (  # the shared reading helpers; line_of and syntax_problem re-exported for old callers
    Overlay,
    _Checker,
    _read_yaml,
    _Reading,
    _section,
    _with_line,
    line_of,  # noqa: F401
    syntax_problem,  # noqa: F401
)

DEFAULT_ROOT = Path(__file__).resolve().parent


def default_root() -> Path:
    """The knowledge folder shipped with callcheck."""
    return DEFAULT_ROOT


_INDICATOR_FIELDS = {
    "id",
    "stage",
    "kind",
    "weight",
    "zh",
    "en",
    "regex",
    "explain",
    "negatable",
    "scripts",
    "advice",
    "detector",
    "common_in_ads",
    "names",
}
# Indicators whose evidence comes from a built-in check rather than from phrases.
DETECTORS = ("link_check",)


def _indicator(
    c: _Checker, raw: Any, field: str, owner: str, stages: dict[str, Stage] | None, seen: set[str]
) -> Indicator | None:
    required = {"id", "weight", "explain"} | ({"stage"} if stages is not None else {"kind"})
    data = c.mapping(raw, field, _INDICATOR_FIELDS, required)
    if not data:
        return None
    iid = c.ident(data.get("id"), f"{field}.id")
    if iid in seen:
        c.add(f"{field}.id", f"'{iid}' is used twice in this file", "give each indicator its own id")
    seen.add(iid)
    if stages is not None:
        stage_id = str(data.get("stage"))
        stage = stages.get(stage_id)
        if stage is None:
            c.add(
                f"{field}.stage",
                f"'{stage_id}' is not a stage of this script",
                f"write one of: {', '.join(stages) or '(define stages first)'}",
            )
            kind = "hook"
        else:
            kind = stage.kind
    else:
        stage_id = "red_flag"
        kind = c.choice(data.get("kind"), f"{field}.kind", KINDS)
    weight = data.get("weight")
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
        c.add(
            f"{field}.weight",
            f"'{weight}' is not a weight",
            "write a number above 0 and at most 1 (0.3 weak, 0.6 strong, 0.9 decisive)",
        )
        weight = 0.1
    by_lang: dict[str, list[str]] = {"zh": [], "en": []}
    for lang in ("zh", "en"):
        for k, p in enumerate(c.items(data.get(lang), f"{field}.{lang}")):
            if not isinstance(p, str):
                c.add(f"{field}.{lang}[{k}]", f"expected text, found {p!r}", "quote the phrase")
                continue
            by_lang[lang].append(p)
    phrases = by_lang["zh"] + by_lang["en"]
    regexes = [r for r in c.items(data.get("regex"), f"{field}.regex") if isinstance(r, str)]
    detector = data.get("detector")
    if detector is not None:
        detector = c.choice(detector, f"{field}.detector", DETECTORS)
    elif not phrases and not regexes:
        c.add(field, "has no phrases", "add a 'zh:' or 'en:' list of phrases")
    patterns: tuple[CompiledPhrase, ...] = ()
    try:
        patterns = compile_phrases(by_lang["zh"], [], by_lang["en"])
    except PhraseSyntaxError as exc:
        bad = next((p for p in phrases if _phrase_error(p)), "?")
        c.add(f"{field}", f"phrase '{bad}': {exc}")
    rx_patterns: list[CompiledPhrase] = []
    for k, rx in enumerate(regexes):
        try:
            rx_patterns.extend(compile_phrases([], [rx]))
        except re.error as exc:
            c.add(
                f"{field}.regex[{k}]",
                f"is not a valid regular expression: {exc}",
                "use the simpler phrase syntax under 'zh:'/'en:' instead (see README)",
            )
    explain = c.l10n(data.get("explain"), f"{field}.explain")
    negatable = data.get("negatable", True)
    if not isinstance(negatable, bool):
        c.add(f"{field}.negatable", "expected true or false", "write true or false")
        negatable = True
    common_in_ads = data.get("common_in_ads", False)
    if not isinstance(common_in_ads, bool):
        c.add(f"{field}.common_in_ads", "expected true or false", "write true or false")
        common_in_ads = False
    scripts = tuple(str(s) for s in c.items(data.get("scripts"), f"{field}.scripts"))
    advice = c.l10n(data.get("advice"), f"{field}.advice", required=False)
    names = c.l10n(data.get("names"), f"{field}.names", required=False)
    return Indicator(
        id=f"{owner}.{iid}",
        owner=owner,
        stage=stage_id,
        kind=kind,
        weight=float(weight),
        patterns=patterns + tuple(rx_patterns),
        phrases=tuple(phrases),
        explain=explain or L10n("", ""),
        negatable=negatable,
        scripts=scripts,
        advice=advice,
        detector=detector,
        common_in_ads=common_in_ads,
        names=names,
    )


def _phrase_error(p: str) -> bool:
    try:
        compile_phrases([p], [])
    except PhraseSyntaxError:
        return True
    return False


_SCRIPT_FIELDS = {"id", "family", "names", "summary", "stages", "indicators", "genuine", "advice", "examples"}
_SCRIPT_FIELDS |= {"call_guide"}  # optional: the hotline console's questions and advice (knowledge/callguide.py)
_SCRIPT_FIELDS |= {"also_called"}  # optional: other names officers and volunteers type for it (解除分期)


def _script(c: _Checker, data: Any, stem: str) -> Script | None:
    data = c.mapping(data, "", _SCRIPT_FIELDS, _SCRIPT_FIELDS - {"examples", "call_guide", "also_called"})
    if not data:
        return None
    sid = c.ident(data.get("id"), "id")
    if sid != stem:
        c.add(
            "id", f"'{sid}' differs from the file name '{stem}.yml'", f"name the file '{sid}.yml' or write 'id: {stem}'"
        )
    family = c.choice(data.get("family"), "family", FAMILIES)
    names = c.l10n(data.get("names"), "names")
    summary = c.l10n(data.get("summary"), "summary")
    stages: dict[str, Stage] = {}
    for k, raw in enumerate(c.items(data.get("stages"), "stages")):
        f = f"stages[{k}]"
        s = c.mapping(raw, f, {"id", "kind", "name", "advice"}, {"id", "kind", "name"})
        if not s:
            continue
        st = Stage(
            c.ident(s.get("id"), f"{f}.id"),
            c.choice(s.get("kind"), f"{f}.kind", KINDS),
            c.l10n(s.get("name"), f"{f}.name") or L10n("", ""),
            c.l10n(s.get("advice"), f"{f}.advice", required=False),
        )
        stages[st.id] = st
    if not stages:
        c.add("stages", "has no stages", "list the steps of the script, each with id, kind, name")
    seen: set[str] = set()
    indicators = []
    for k, raw in enumerate(c.items(data.get("indicators"), "indicators")):
        ind = _indicator(c, raw, f"indicators[{k}]", sid, stages, seen)
        if ind:
            indicators.append(ind)
    if not indicators:
        c.add("indicators", "has no indicators", "add at least one phrase list (see README)")
    genuine = tuple(
        x for k, g in enumerate(c.items(data.get("genuine"), "genuine")) if (x := c.l10n(g, f"genuine[{k}]"))
    )
    advice = tuple(x for k, a in enumerate(c.items(data.get("advice"), "advice")) if (x := c.l10n(a, f"advice[{k}]")))
    if not advice:
        c.add("advice", "is empty", "say what to do right now, in zh and en")
    examples = []
    for k, raw in enumerate(c.items(data.get("examples"), "examples")):
        f = f"examples[{k}]"
        e = c.mapping(raw, f, {"text", "expect", "scripts"}, {"text", "expect"})
        if e:
            examples.append(
                Example(
                    c.text(e.get("text"), f"{f}.text"),
                    c.choice(e.get("expect"), f"{f}.expect", VERDICTS),
                    tuple(str(s) for s in c.items(e.get("scripts"), f"{f}.scripts")),
                )
            )
    return Script(
        sid,
        family,
        names or L10n("", ""),
        summary or L10n("", ""),
        tuple(stages.values()),
        tuple(indicators),
        genuine,
        advice,
        tuple(examples),
        file=c.file,
        guide=call_guide(c, data.get("call_guide"), stages),
        also_called=tuple(str(x).strip() for x in c.items(data.get("also_called"), "also_called") if str(x).strip()),
    )


_ORG_FIELDS = {
    "id",
    "category",
    "names",
    "aliases",
    "hotlines",
    "apps",
    "domains",
    "domain_source",
    "notes",
    "country",
    "regional_domains",
}
_HOTLINE_FIELDS = {"number", "purpose", "confidence", "sources", "checked", "notes"}


def _organisation(c: _Checker, raw: Any, field: str) -> Organisation | None:
    data = c.mapping(raw, field, _ORG_FIELDS, {"id", "category", "names", "aliases"})
    if not data:
        return None
    oid = c.ident(data.get("id"), f"{field}.id")
    country = str(data.get("country", "CN")).upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        c.add(f"{field}.country", f"'{country}' is not a country code", "write a two-letter code such as CN or US")
    hotlines = []
    for k, h in enumerate(c.items(data.get("hotlines"), f"{field}.hotlines")):
        f = f"{field}.hotlines[{k}]"
        hd = c.mapping(h, f, _HOTLINE_FIELDS, {"number", "confidence", "sources", "checked"})
        if not hd:
            continue
        number = hd.get("number")
        if not isinstance(number, str):
            c.add(
                f"{f}.number",
                f"{number!r} is not written as text",
                f'put the number in quotes, e.g. number: "{number}" (YAML drops leading zeros)',
            )
            number = str(number)
        elif not re.fullmatch(r"\+?[0-9][0-9\- ]{2,20}", number):
            c.add(
                f"{f}.number",
                f"'{number}' is not a phone number",
                "write digits only, with an optional leading + and dashes",
            )
        sources = tuple(str(s) for s in c.items(hd.get("sources"), f"{f}.sources"))
        if not sources:
            c.add(f"{f}.sources", "no source given", "every hotline needs where it was found")
        checked = hd.get("checked")
        if isinstance(checked, dt.date):
            checked = checked.isoformat()
        elif not (isinstance(checked, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked)):
            c.add(f"{f}.checked", f"'{checked}' is not a date", "write the date as 2026-11-22")
            checked = str(checked)
        hotlines.append(
            Hotline(
                number,
                c.text(hd.get("purpose"), f"{f}.purpose", False),
                c.choice(hd.get("confidence"), f"{f}.confidence", CONFIDENCE),
                sources,
                checked,
                c.text(hd.get("notes"), f"{f}.notes", False),
            )
        )
    apps = []
    for k, a in enumerate(c.items(data.get("apps"), f"{field}.apps")):
        f = f"{field}.apps[{k}]"
        ad = c.mapping(a, f, {"name", "path"}, {"name", "path"})
        if ad:
            apps.append(
                OfficialApp(
                    c.l10n(ad.get("name"), f"{f}.name") or L10n("", ""),
                    c.l10n(ad.get("path"), f"{f}.path") or L10n("", ""),
                )
            )
    domains = tuple(str(d).lower() for d in c.items(data.get("domains"), f"{field}.domains"))
    for k, d in enumerate(domains):
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d):
            c.add(f"{field}.domains[{k}]", f"'{d}' is not a domain", "write it as example.com")
    regional = _regional_domains(c, data.get("regional_domains"), f"{field}.regional_domains")
    if (domains or regional) and not data.get("domain_source"):
        c.add(f"{field}.domain_source", "missing", "say where the official domains come from")
    aliases = tuple(str(a) for a in c.items(data.get("aliases"), f"{field}.aliases"))
    for k, a in enumerate(aliases):
        if len(a.strip()) < 2:
            c.add(f"{field}.aliases[{k}]", f"'{a}' is too short", "use two or more characters")
    return Organisation(
        oid,
        c.choice(data.get("category"), f"{field}.category", ORG_CATEGORIES),
        c.l10n(data.get("names"), f"{field}.names") or L10n("", ""),
        aliases,
        tuple(hotlines),
        tuple(apps),
        domains,
        c.text(data.get("domain_source"), f"{field}.domain_source", False),
        c.text(data.get("notes"), f"{field}.notes", False),
        country,
        regional,
    )


def _high_needs_an_official_source(organisations: dict, regions: dict, problems: list) -> None:
    """A hotline is "high" only on a source of the organisation's own or a government's (`knowledge.sources`)."""
    from .sources import help_line_hosts, official_source

    hosts = help_line_hosts(regions or {})
    for k, org in enumerate(organisations.values()):
        for j, h in enumerate(org.hotlines):
            if h.confidence == "high" and not any(official_source(s, org.all_domains, hosts) for s in h.sources):
                problems.append(
                    Problem(
                        "official/organisations.yml",
                        f"organisations[{k}].hotlines[{j}].confidence",
                        f"'high' for {h.number} rests on no page of {org.id}'s own domains nor of a government",
                        "write confidence: medium, or add a page of the organisation's own site or of a "
                        "government or regulator as a source",
                    )
                )


def country_tld(country: str) -> str:
    """A country's own top-level domain: GB's is .uk, every other one its code."""
    return "uk" if country.upper() == "GB" else country.lower()


def _regional_domains(c: _Checker, raw: Any, field: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`regional_domains`: country code -> the organisation's own domains in that country, each
    under the country's own top-level domain (shopee.com.my for MY, amazon.co.uk for GB)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        c.add(field, "is not a mapping", "write one country code per line, e.g. SG: [shopee.sg]")
        return ()
    out = []
    for cc, items in raw.items():
        code = str(cc).upper()
        f = f"{field}.{cc}"
        if not re.fullmatch(r"[A-Z]{2}", code):
            c.add(f, f"'{cc}' is not a country code", "write a two-letter code such as SG or MY")
            continue
        ds = tuple(str(d).lower() for d in c.items(items, f))
        for k, d in enumerate(ds):
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d):
                c.add(f"{f}[{k}]", f"'{d}' is not a domain", "write it as example.sg")
            elif d.rsplit(".", 1)[1] != country_tld(code):
                c.add(f"{f}[{k}]", f"'{d}' is not under .{country_tld(code)}", f"put only {code}'s own domains here")
        out.append((code, ds))
    return tuple(out)


def _mvno_ranges(root: Path, problems: list[Problem], reading: _Reading | None = None) -> tuple[NumberRange, ...]:
    """Read numbers.yml: sourced virtual-operator ranges."""
    section = _section(root, "numbers.yml", "mvno_ranges", problems, reading)
    if section is None:
        return ()
    c, data = section
    out = []
    for k, raw in enumerate(c.items(data.get("mvno_ranges"), "mvno_ranges")):
        f = f"mvno_ranges[{k}]"
        r = c.mapping(
            raw,
            f,
            {"prefix", "note", "sources", "confidence", "checked"},
            {"prefix", "sources", "confidence", "checked"},
        )
        if not r:
            continue
        prefix = r.get("prefix")
        if not (isinstance(prefix, str) and prefix.isdigit()):
            c.add(
                f"{f}.prefix", f"{prefix!r} is not a quoted string of digits", 'write it in quotes, e.g. prefix: "170"'
            )
            prefix = str(prefix)
        sources = tuple(str(s) for s in c.items(r.get("sources"), f"{f}.sources"))
        if not sources:
            c.add(f"{f}.sources", "no source given", "say where this range comes from")
        checked = r.get("checked")
        checked = checked.isoformat() if isinstance(checked, dt.date) else str(checked)
        out.append(
            NumberRange(
                prefix,
                c.text(r.get("note"), f"{f}.note", False),
                sources,
                c.choice(r.get("confidence"), f"{f}.confidence", CONFIDENCE),
                checked,
            )
        )
    return tuple(out)


_PROCESS_TOP = {"processes", "scam_demands", "off_channel", "on_channel"}
_PROCESS_FIELDS = {"id", "names", "how", "confirm", "orgs", "categories", "never_asks", "sources", "checked"}
_PROCESS_FIELDS |= {"zh", "en"}


def _processes(
    root: Path,
    problems: list[Problem],
    reading: _Reading | None,
    organisations: dict[str, Organisation],
    scripts: dict[str, Script],
    red_flags: list[Indicator],
) -> tuple[tuple[GenuineProcess, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Read official/processes.yml: genuine contact processes and the demands none of them makes."""
    path = root / "official" / "processes.yml"
    raw = _read_yaml(path, root, problems, reading) if path.exists() else None
    if raw is None:
        return (), (), (), ()
    c = _Checker("official/processes.yml", problems)
    data = c.mapping(raw, "", _PROCESS_TOP, _PROCESS_TOP - {"on_channel"})
    on_channel = tuple(str(w).lower() for w in c.items(data.get("on_channel"), "on_channel"))
    known = {i.id for s in scripts.values() for i in s.indicators} | {i.id for i in red_flags}
    demands: list[str] = []
    for k, d in enumerate(c.items(data.get("scam_demands"), "scam_demands")):
        d = str(d)
        owner = d[:-2] if d.endswith(".*") else None
        if (owner is None and d not in known) or (owner is not None and owner not in scripts):
            fix = "write red_flag.<id>, <script>.<id> or <script>.*"
            c.add(f"scam_demands[{k}]", f"'{d}' is not an indicator id", fix)
        demands.append(d)
    off_channel: list[str] = []
    for k, d in enumerate(c.items(data.get("off_channel"), "off_channel")):
        if str(d) not in known:
            c.add(f"off_channel[{k}]", f"'{d}' is not an indicator id", "write red_flag.<id> or <script>.<id>")
        off_channel.append(str(d))
    out: list[GenuineProcess] = []
    seen: set[str] = set()
    for k, item in enumerate(c.items(data.get("processes"), "processes")):
        f = f"processes[{k}]"
        d = c.mapping(item, f, _PROCESS_FIELDS, {"id", "names", "how", "confirm", "sources", "checked"})
        if not d:
            continue
        pid = c.ident(d.get("id"), f"{f}.id")
        if pid in seen:
            c.add(f"{f}.id", f"'{pid}' is used twice", "give each process its own id")
        seen.add(pid)
        orgs = tuple(str(o) for o in c.items(d.get("orgs"), f"{f}.orgs"))
        for o in orgs:
            if o not in organisations:
                c.add(f"{f}.orgs", f"'{o}' is not an organisation id", "use an id from official/organisations.yml")
        cats = tuple(str(x) for x in c.items(d.get("categories"), f"{f}.categories"))
        for x in cats:
            if x not in ORG_CATEGORIES:
                c.add(f"{f}.categories", f"'{x}' is not a category", f"write one of: {', '.join(ORG_CATEGORIES)}")
        never = tuple(str(x) for x in c.items(d.get("never_asks"), f"{f}.never_asks"))
        for x in never:
            if x not in known:
                c.add(f"{f}.never_asks", f"'{x}' is not an indicator id", "write red_flag.<id> or <script>.<id>")
        sources = tuple(str(x) for x in c.items(d.get("sources"), f"{f}.sources"))
        if not sources:
            c.add(f"{f}.sources", "is empty", "say where the process is described (the organisation's own page first)")
        ind = _indicator(
            c,
            {
                "id": pid,
                "kind": "mitigating",
                "weight": 0.5,
                "negatable": False,
                "explain": d.get("names"),
                "zh": d.get("zh") or [],
                "en": d.get("en") or [],
            },
            f,
            "genuine",
            None,
            set(),
        )
        names = c.l10n(d.get("names"), f"{f}.names")
        how = c.l10n(d.get("how"), f"{f}.how")
        confirm = c.l10n(d.get("confirm"), f"{f}.confirm")
        if ind and names and how and confirm:
            ind = replace(ind, kind="genuine")
            out.append(GenuineProcess(pid, names, how, confirm, orgs, cats, sources, str(d.get("checked")), ind, never))
    return tuple(out), tuple(demands), tuple(off_channel), on_channel


def load_knowledge(root: Path | str | None = None, overlay: Overlay | None = None) -> KnowledgeBase:
    """Load and validate the knowledge folder; raise KnowledgeError listing every problem.

    `overlay(file, data)` may change each file's parsed YAML before it is validated: that is how
    approved additions join the reviewed files without editing them.
    """
    root = Path(root) if root is not None else default_root()
    problems: list[Problem] = []
    reading = _Reading(overlay)
    broken: set[str] = set()  # scripts whose file did not parse: no follow-on "not a script id" noise
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), "(folder)", "does not exist", "give the path of a knowledge folder")])
    scripts: dict[str, Script] = {}
    script_files = sorted((root / "scripts").glob("*.yml")) if (root / "scripts").is_dir() else []
    if not script_files:
        problems.append(
            Problem("scripts/", "(folder)", "no script files found", "add one <script_id>.yml per scam script")
        )
    for path in script_files:
        rel = str(path.relative_to(root))
        data = _read_yaml(path, root, problems, reading)
        if data is None:
            broken.add(path.stem)
        if data is None and not any(p.file == rel for p in problems):
            problems.append(Problem(rel, "(file)", "is empty", "fill in the script or delete it"))
        if data is None:
            continue
        script = _script(_Checker(rel, problems), data, path.stem)
        if script:
            scripts[script.id] = script

    red_flags: list[Indicator] = []
    section = _section(root, "red_flags.yml", "red_flags", problems, reading)
    if section is not None:
        c, data = section
        seen: set[str] = set()
        for k, raw in enumerate(c.items(data.get("red_flags"), "red_flags")):
            ind = _indicator(c, raw, f"red_flags[{k}]", "red_flag", None, seen)
            if ind:
                red_flags.append(ind)
                for s in ind.scripts:
                    if s not in scripts and s not in broken:
                        c.add(
                            f"red_flags[{k}].scripts",
                            f"'{s}' is not a script id",
                            f"write one of: {', '.join(sorted(scripts))}",
                        )

    organisations: dict[str, Organisation] = {}
    shorteners: tuple[str, ...] = ()
    org_path = root / "official" / "organisations.yml"
    od = _read_yaml(org_path, root, problems, reading) if org_path.exists() else None
    if od is not None:
        c = _Checker("official/organisations.yml", problems)
        data = c.mapping(od, "", {"organisations", "shorteners"}, {"organisations"})
        for k, raw in enumerate(c.items(data.get("organisations"), "organisations")):
            org = _organisation(c, raw, f"organisations[{k}]")
            if org:
                if org.id in organisations:
                    c.add(f"organisations[{k}].id", f"'{org.id}' is used twice", "merge the entries")
                organisations[org.id] = org
        shorteners = tuple(str(s).lower() for s in c.items(data.get("shorteners"), "shorteners"))
    elif not org_path.exists():
        problems.append(Problem("official/organisations.yml", "(file)", "is missing", "restore the official directory"))

    apps: dict[str, App] = {}
    section = _section(root, "apps.yml", "apps", problems, reading)
    if section is not None:
        c, data = section
        for k, raw in enumerate(c.items(data.get("apps"), "apps")):
            f = f"apps[{k}]"
            a = c.mapping(raw, f, {"id", "category", "names", "aliases"}, {"id", "category", "names", "aliases"})
            if a:
                app = App(
                    c.ident(a.get("id"), f"{f}.id"),
                    c.choice(a.get("category"), f"{f}.category", APP_CATEGORIES),
                    c.l10n(a.get("names"), f"{f}.names") or L10n("", ""),
                    tuple(str(x) for x in c.items(a.get("aliases"), f"{f}.aliases")),
                )
                if app.id in apps:
                    c.add(f"{f}.id", f"'{app.id}' is used twice", "merge the entries")
                apps[app.id] = app

    for script in scripts.values():
        for k, ex in enumerate(script.examples):
            for s in ex.scripts:
                if s not in scripts and s not in broken:
                    problems.append(
                        Problem(
                            script.file,
                            f"examples[{k}].scripts",
                            f"'{s}' is not a script id",
                            f"write one of: {', '.join(sorted(scripts))}",
                        )
                    )
    mvno = _mvno_ranges(root, problems, reading)
    genuine: list[str] = []
    section = _section(root, "genuine.yml", "genuine", problems, reading)
    if section is not None:
        c, data = section
        for k, g in enumerate(c.items(data.get("genuine"), "genuine")):
            if text := c.text(g, f"genuine[{k}]"):
                genuine.append(text)
    processes, scam_demands, off_channel, on_channel = _processes(
        root, problems, reading, organisations, scripts, red_flags
    )
    opening, paid_checklist = load_hotline(root, problems)
    from .situations_loader import load_regions, load_situations

    situations = load_situations(root, problems)
    regions = load_regions(root, problems)
    _high_needs_an_official_source(organisations, regions, problems)
    if problems:
        raise KnowledgeError([_with_line(p, reading.texts) for p in problems])
    return KnowledgeBase(
        root=root,
        scripts=scripts,
        red_flags=tuple(red_flags),
        organisations=organisations,
        apps=apps,
        shorteners=shorteners,
        mvno_ranges=mvno,
        genuine=tuple(genuine),
        processes=processes,
        scam_demands=scam_demands,
        off_channel=off_channel,
        on_channel=on_channel,
        situations=situations,
        regions=regions,
        opening=opening,
        paid_checklist=paid_checklist,
    )
