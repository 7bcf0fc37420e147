"""The analyzer's shortcuts never change what it finds.

Phrases are tried only where one of their literal triggers occurs, one match at a time until an
indicator has enough evidence, and text is folded line by line through a cache. Each shortcut is
compared here with the plain way: every phrase's regular expression over the whole folded text,
and `normalize_uncached`. The texts are generated from the knowledge's own phrases (each written
out, then in full-width, upper case, spaced and repeated), not copied from anywhere.
"""

from __future__ import annotations

import random

import pytest

from nlu import normalize as norm_module
from nlu.analyzer import _DEMAND_DENIED, _NEG_INSIDE_ZH, _QUESTION_ZH, MAX_EVIDENCE_PER_INDICATOR, Analyzer
from nlu.normalize import normalize, normalize_uncached


@pytest.fixture(scope="module")
def analyzer(kb):
    return Analyzer(kb, wording=None, sms=None)


def reference_match(analyzer: Analyzer, text: str) -> list[tuple[str, int, int]]:
    """Every indicator's phrases over the whole text, no triggers, no laziness."""
    norm = normalize_uncached(text)
    folded = norm.text
    out = []
    for ind in analyzer.indicators:
        found = 0
        for phrase in ind.patterns:
            for m in phrase.pattern.finditer(folded):
                if found >= MAX_EVIDENCE_PER_INDICATOR:
                    break
                if m.end() == m.start() or (ind.negatable and analyzer._negated(folded, m.start())):
                    continue
                if ind.kind == "pressure" and _QUESTION_ZH.search(folded[max(0, m.start() - 6) : m.start()]):
                    continue
                if ind.kind == "demand" and ind.negatable and _DEMAND_DENIED.match(m.group(0)):
                    continue
                if ind.negatable and ind.kind == "demand" and _NEG_INSIDE_ZH.search(m.group(0)):
                    continue
                out.append((ind.id, *norm.span(m.start(), m.end())))
                found += 1
    return out


def fast_match(analyzer: Analyzer, text: str) -> list[tuple[str, int, int]]:
    return [(e.indicator, e.start, e.end) for e in analyzer.match(normalize(text))]


def write_out(phrase: str, rng: random.Random) -> str:
    """One text the volunteer's phrase syntax stands for ({a|b}, {a}?, …, *, #)."""
    out, i = [], 0
    phrase = phrase.replace("...", "…")
    while i < len(phrase):
        ch = phrase[i]
        if ch == "{":
            end = phrase.index("}", i)
            option = rng.choice(phrase[i + 1 : end].split("|"))
            i = end + 1
            if phrase[i : i + 1] == "?":
                i += 1
                option = option if rng.random() < 0.5 else ""
            out.append(write_out(option, rng))
            continue
        if ch == "…":
            out.append(rng.choice(["一下", " then ", "", "x"]))
        elif ch == "*":
            out.append("s" if out and out[-1][-1:].isalpha() else "word")
        elif ch == "#":
            out.append(str(rng.randint(1, 9999)))
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def dressed(sample: str, how: str) -> str:
    """The same words as people type them: full-width, upper case, spaced out."""
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in sample)
    if how == "upper":
        return sample.upper()
    if how == "spaced":
        return " ".join(sample)
    return sample


def samples(kb, seed: int):
    rng = random.Random(seed)
    for ind in kb.indicators():
        for phrase in ind.phrases:
            if not isinstance(phrase, str) or ("{" in phrase and "}" not in phrase):
                continue
            yield ind.id, write_out(phrase, rng)


@pytest.mark.parametrize("how", ["plain", "fullwidth", "upper", "spaced"])
def test_every_phrase_written_out_is_found_as_the_plain_regex_finds_it(kb, analyzer, how):
    found_own = total = 0
    rows = list(samples(kb, seed=len(how)))
    for k in range(0, len(rows), 6):  # six accounts to a text, one per line: each text is read whole
        batch = rows[k : k + 6]
        text = "\n".join(f"今天 {dressed(sample, how)} 。ok" for _, sample in batch)
        fast = fast_match(analyzer, text)
        assert fast == reference_match(analyzer, text), text
        found = {i for i, _, _ in fast}
        total += len(batch)
        found_own += sum(ind_id in found for ind_id, _ in batch)
    assert total > 500
    if how != "spaced":  # spacing out English words changes them; Chinese is folded back
        assert found_own / total > 0.8  # the generator writes phrases out, not noise


def test_a_phrase_repeated_through_a_long_text_gives_the_same_evidence(kb, analyzer):
    rng = random.Random(5)
    pool = [s for _, s in samples(kb, seed=9)]
    for _ in range(40):
        parts = [rng.choice(pool) for _ in range(rng.randint(1, 4))]
        text = "，".join(parts * rng.randint(2, 30))[:4000]
        assert fast_match(analyzer, text) == reference_match(analyzer, text)


_PIECES = [
    "ab",
    "AB",
    "ＡＢ",
    "１２",
    " ",
    "  ",
    "\t",
    "\u3000",
    "\u00a0",
    "\u200b",
    "\u00ad",
    "\r",
    "\x01",
    "\n",
    "\n \n",
    "淘宝",
    "淘 宝",
    "簡訊",
    "超商",
    "佢嘅",
    "「",
    "」",
    "—",
    "𠀀",
    ".",
    "，",
    "Call",
    "客服",
]


@pytest.mark.parametrize("seed", range(4))
def test_normalize_by_cached_lines_equals_one_pass(seed):
    rng = random.Random(seed)
    lines = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(60)]
    for _ in range(3000):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 4)))
        got, want = normalize(text), normalize_uncached(text)
        assert (got.text, got.index, got.original) == (want.text, want.index, want.original), repr(text)


def test_the_line_cache_stays_within_its_bounds():
    for k in range(norm_module.LINE_CACHE_LINES + 50):
        normalize(f"line {k} of many")
    assert len(norm_module._LINES) <= norm_module.LINE_CACHE_LINES
    assert sum(map(len, norm_module._LINES)) == norm_module._LINES_CHARS
    assert norm_module._LINES_CHARS <= norm_module.LINE_CACHE_CHARS


@pytest.mark.parametrize(
    ("source", "required"),
    [
        (r"gift[\s\-]*card", (("card",), ("gift",))),
        ("(?:x)?abc", (("abc",),)),
        ("(?:ab|cd)+x", (("ab", "cd"),)),
        ("(?:ab|cd)*xy", (("xy",),)),
        ("(?:ab|c)zz", (("zz",),)),  # a one-character branch rules nothing out
        ("ab|cd", (("ab", "cd"),)),
        ("(?=abc)de", (("de",),)),  # what a look-ahead wants is not a match's own text
        ("(?i)hello", ()),
        ("a.b", ()),
        # an alternation whose branches start otherwise: each branch's own literal counts
        (r"(?:(?<![a-z])call back|\bring (?:me|us))!", (("call back", "ring "),)),
        (r"(?:(?<![a-z])(?:pay|paying)|\bsend)", (("pay", "send"),)),  # "paying" holds "pay"
        ("(?:ab|.x)cd", (("cd",),)),  # a branch requiring nothing: the alternation requires nothing
    ],
)
def test_required_literals_are_what_every_match_contains(source, required):
    from nlu.literals import required_literals

    assert required_literals(source) == required


def test_single_characters_count_when_asked_for():
    from nlu.literals import required_literals

    assert required_literals("[他她]说", min_length=1) == (("说",), ("他", "她"))
    assert required_literals("[他她]说") == ()
    assert required_literals(r"(?:他们|她)(?:说|称)", min_length=1) == (("他们", "她"), ("称", "说"))


def test_no_match_is_ruled_out_by_its_literals(kb):
    """For every phrase and cue: whenever the expression matches a text, that text has its literals."""
    from nlu.literals import LiteralFinder, could_match, required_literals
    from nlu.telling import cues

    patterns = [p.pattern for ind in kb.indicators() for p in ind.patterns]
    patterns += [p for table in (cues().warning, cues().incident) for ps in table.values() for p in ps]
    texts = [normalize(dressed(s, how)).text for _, s in samples(kb, seed=3) for how in ("plain", "upper")]
    corpus = "\n".join(texts)
    requires = [(p, required_literals(p.pattern, p.flags)) for p in patterns]
    finder = LiteralFinder(lit for _, required in requires for group in required for lit in group)
    checked = 0
    for pattern, required in requires:
        if not required:
            continue
        for m in pattern.finditer(corpus):
            line = corpus[corpus.rfind("\n", 0, m.start()) + 1 : corpus.find("\n", m.end()) % (len(corpus) + 1)]
            assert could_match(required, m.group(0).__contains__), (pattern.pattern, m.group(0))
            assert could_match(required, finder.find(line).contains)
            checked += 1
    assert checked > 500


def _every_start(text: str, literal: str) -> list[int]:
    out, i = [], text.find(literal)
    while i >= 0:
        out.append(i)
        i = text.find(literal, i + 1)
    return out


@pytest.mark.parametrize("seed", range(3))
def test_the_literal_finder_finds_every_occurrence_substring_search_finds(seed):
    """One Aho–Corasick pass gives, for each literal, every start (overlapping ones too), as str.find does."""
    from nlu.literals import LiteralFinder

    rng = random.Random(seed)
    alphabet = ["a", "b", "ab", "aa", "你", "好", "你好", " ", "𠀀", "\n", "ｘ", "x"]
    literals = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(60)}
    finder = LiteralFinder(literals)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        found = finder.find(text)
        for literal in literals:
            assert found.positions(literal) == _every_start(text, literal), (text, literal)
            assert found.contains(literal) == (literal in text)
        for other in ("zz", "a", "你好你"):  # not among the finder's literals: searched for
            assert found.positions(other) == _every_start(text, other)
            assert found.contains(other) == (other in text)


def _reference_aliases(index, norm) -> list[tuple[str, int, int]]:
    """AliasIndex.find the plain way: every key, longest first, wherever str.find finds it."""
    text = norm.text
    taken = [False] * len(text)
    out = []
    for key in index.keys:
        for pos in _every_start(text, key):
            end = pos + len(key)
            if key[0].isascii() and key[0].isalnum() and pos and text[pos - 1].isascii() and text[pos - 1].isalnum():
                continue
            if (
                key[-1].isascii()
                and key[-1].isalnum()
                and end < len(text)
                and text[end].isascii()
                and text[end].isalnum()
            ):
                continue
            if any(taken[pos:end]):
                continue
            taken[pos:end] = [True] * (end - pos)
            out.append((index.owner[key], *norm.span(pos, end)))
    return sorted(out, key=lambda m: m[1])


def test_organisations_apps_and_region_clues_are_found_as_substring_search_finds_them(kb, analyzer):
    """The analyzer's one pass finds every organisation, app and place clue the plain searches found."""
    import re

    rng = random.Random(2)
    org_names = list(analyzer.orgs.keys)
    app_names = list(analyzer.apps.keys)
    clues = [w for w, _ in analyzer._number_clues]
    glue = ["", " ", "x", "1", "。", "call ", "pay in ", "的", "-", "£5 "]
    checked = 0
    for _ in range(400):
        words = [rng.choice(org_names + app_names + clues) for _ in range(rng.randint(1, 6))]
        text = "".join(rng.choice(glue) + (w.upper() if rng.random() < 0.2 else w) for w in words)
        norm = normalize(text)
        found = analyzer.literals.find(norm.text)
        for index in (analyzer.orgs, analyzer.apps):
            want = _reference_aliases(index, norm)
            assert [(m.id, m.start, m.end) for m in index.find(norm, found)] == want, text
            assert [(m.id, m.start, m.end) for m in index.find(norm)] == want, text
        folded = norm.text
        if re.search(r"[\u3400-\u9fff]", folded):
            continue
        want_region = None
        for word, clue in analyzer._number_clues:
            if word not in folded:
                continue
            if not (word.isascii() and word[0].isalnum()):
                want_region = clue
                break
            after = "(?![a-z0-9])" if word[-1].isalnum() else ""
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}{after}", folded):
                want_region = clue
                break
        if want_region is None:
            want_region = analyzer.region if analyzer._home_english else None
        assert analyzer._number_region(folded, None, found) == want_region, text
        checked += 1
    assert checked > 50


def test_how_a_text_is_told_is_read_the_same_from_the_one_pass(kb, analyzer):
    """how_told with the analyzer's literal pass as `has` finds the cues a substring search finds."""
    from nlu.telling import how_told

    rng = random.Random(8)
    pool = [s for _, s in samples(kb, seed=4)]
    advice = [
        "be wary of such calls",
        "beware of this trick",
        "we will never ask you for it",
        "scammers often pose as staff",
        "警方提醒：凡是",
        "if you receive a call like this, hang up",
        "yesterday at 3pm I",
        "我昨天下午",
        "not",
    ]
    warnings = 0
    for _ in range(400):
        text = normalize(" ".join(rng.choice(pool + advice) for _ in range(rng.randint(1, 5)))).text
        for lang in ("en", "zh", "mixed"):
            plain = how_told(text, lang)
            fast = how_told(text, lang, analyzer.literals.find(text).contains)
            assert (fast.kind, fast.warning_cues, fast.incident_cues) == (
                plain.kind,
                plain.warning_cues,
                plain.incident_cues,
            ), text
            warnings += plain.kind == "warning"
    assert warnings >= 5  # the sample reaches the warning reading (10 with the knowledge of 2026-12-07)


def test_the_analyzers_cues_find_what_their_plain_expressions_find(kb):
    """Each cue searched (and iterated) through its literal prefilter finds what the plain expression finds."""
    import re

    from nlu.cues import analyzer_cue, cues

    entries = cues()["analyzer"]
    words = [normalize(str(t)).text for e in entries.values() for t in (*e["match"], *e["no_match"])]
    words += [s for _, s in samples(kb, seed=6)]
    rng = random.Random(6)
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(1500)]
    skipped = hits = 0
    for name, entry in entries.items():
        cue, plain = analyzer_cue(name), re.compile(entry["regex"])
        for text in texts:
            got, want = cue.search(text), plain.search(text)
            assert (got and got.span()) == (want and want.span()), (name, text)
            if want is not None or could_skip(cue, text):  # (finditer: every match, and none where ruled out)
                assert [m.span() for m in cue.finditer(text)] == [m.span() for m in plain.finditer(text)], (name, text)
            hits += want is not None
            skipped += could_skip(cue, text)
    assert hits > 300 and skipped > 1000  # the texts reach both sides, and the prefilter rules texts out


def could_skip(cue, text: str) -> bool:
    from nlu.literals import could_match

    return bool(cue._needs) and not could_match(cue._needs, text.__contains__)


def test_options_after_a_gap_share_one_word_start_test(monkeypatch, kb):
    """{a|b} after a gap is written with the word-start test once before the options; it matches
    exactly what the options each with their own test matched."""
    import re

    from knowledge import phrases as ph

    phrases = [p for ind in kb.indicators() for p in ind.phrases if isinstance(p, str) and "{" in p]

    def sources() -> list[str]:
        return [ph.phrase_to_regex(p, gap) for p in phrases for gap in (ph.GAP, ph.GAP_EN)]

    own = sources()
    monkeypatch.setattr(ph, "_alternatives", lambda options: "(?:" + "|".join(options) + ")")
    each = sources()
    rng = random.Random(4)
    pool = [s for _, s in samples(kb, seed=7)] + ["xcall", "re-send", "pay1", "a code", "the link"]
    texts = [normalize(" ".join(rng.choice(pool) for _ in range(6))).text for _ in range(300)]
    changed = 0
    for a, b in zip(own, each, strict=True):
        if a == b:
            continue
        changed += 1
        fast, plain = re.compile(a), re.compile(b)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (b, text)
    assert changed > 50


_MONEY_PIECES = [
    *"0123456789",
    "00",
    "+",
    ",",
    ".",
    "-",
    " ",
    "   ",
    "(",
    ")",
    "$",
    "hk$",
    "s$",
    "rs",
    "rs.",
    "rmb",
    "usd",
    "rm",
    "¥",
    "£",
    "€",
    "₹",
    "万",
    "千",
    "k",
    "元",
    "块钱",
    "蚊",
    "三",
    "兩",
    "十",
    "萬",
    "lakhs",
    "crore",
    "ringgit",
    "dollars",
    "a",
    "pay",
    "\n",
    "。",
    "港元",
    "ext",
]


def _number_texts(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        text = "".join(rng.choice(_MONEY_PIECES) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.3:  # two stretches of numbers far apart
            text += " " * rng.randint(0, 40) + "".join(rng.choice(_MONEY_PIECES) for _ in range(rng.randint(0, 20)))
        yield text


def test_amounts_and_number_runs_read_near_their_digits_are_the_whole_texts_matches():
    """Each expression read only around its digits (nlu/windows.py) gives what it gives over the whole text."""
    from nlu.analyzer import _NATIONAL_RUN, _NATIONAL_RUNS
    from nlu.entities import _CANDIDATE, _CANDIDATES, _MONEY_NEAR, MONEY_RE

    found = 0
    for text in _number_texts(1, 30000):
        for plain, near in ((MONEY_RE, _MONEY_NEAR), (_CANDIDATE, _CANDIDATES), (_NATIONAL_RUN, _NATIONAL_RUNS)):
            want = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in near.finditer(text)] == want, (plain.pattern, text)
            found += len(want)
    assert found > 10000


@pytest.mark.parametrize(
    ("name", "lead", "gap", "reach"),
    [
        ("money", 3, 1, 12),
        ("money", 4, 1, 8),
        ("candidate", 0, 22, 2),
        ("candidate", 1, 12, 2),
        ("candidate", 1, 22, 0),
    ],
)
def test_a_window_narrower_than_a_match_can_be_misses_it(name, lead, gap, reach):
    """The bounds matter: an amount can start 4 characters before its digit ("rmb 5") and look 9
    characters past its last one; a phone candidate can hold 22 characters between two digits and
    looks one past its end. Less, and a match is lost."""
    from nlu.entities import _CANDIDATE, MONEY_RE
    from nlu.windows import Near

    plain = MONEY_RE if name == "money" else _CANDIDATE
    anchors = r"[\d一二两兩三四五六七八九十百千万萬]+" if name == "money" else r"\d+"
    near = Near(plain, anchors, lead=lead, gap=gap, reach=reach)
    assert any(
        [m.span() for m in near.finditer(t)] != [m.span() for m in plain.finditer(t)] for t in _number_texts(2, 30000)
    )


_URL_PIECES = [
    *["a", "x1", "com", ".com", ".net", ".top", ".", ":", "//", "http://", "https://", "www.", "/", "-", "@"],
    *[" ", "\n", "，", "。", "你", "1", "23", ".7", "abc-def", "?q=1", "#", "(", ")", "'", "<", "、", "）", ","],
    *["a" * 30, "b" * 61, ":8080", "1.2.3.4", "..", "x.y"],
]


@pytest.mark.parametrize(("lead", "same"), [(63, True), (62, False)])
def test_links_read_near_their_dots_are_the_whole_texts_matches(monkeypatch, lead, same):
    """Addresses read only from 63 characters before a "://", "www." or inner dot to the next space
    are the addresses URL_RE finds over the whole text; a shorter reach misses a 63-letter host label."""
    from nlu import entities

    monkeypatch.setattr(entities, "_URL_LEAD", lead)
    rng = random.Random(5)
    differ = found = 0
    for _ in range(60000):
        text = "".join(rng.choice(_URL_PIECES) for _ in range(rng.randint(0, 20)))
        want = [m.span() for m in entities.URL_RE.finditer(text)]
        differ += [m.span() for m in entities._url_matches(text)] != want
        found += len(want)
    assert found > 30000
    assert (differ == 0) == same
