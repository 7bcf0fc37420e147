"""The phrase syntax volunteers write in indicator lists, compiled to regular expressions.

    借呗          a literal phrase (matched after folding: simplified, half-width, lower case)
    {借呗|花呗}   one of several alternatives; {先|再}? may also be absent
    借…额度        a gap inside one sentence: 12 characters in zh, 40 in en ("..." works too)
    refund*       a word that may continue (refund, refunds, refunded)
    pay * fee     a lone * stands for any one word
    #             a run of digits
    gift card     a space matches spaces, a hyphen or nothing in English

Raw regular expressions go under `regex:` instead, for the rare case the syntax cannot say it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from nlu import regexcache
from nlu.literals import required_literals
from nlu.normalize import fold
from nlu.regexcache import compile as re_compile

GAP = r"[^。！？!?\n]{0,12}?"
GAP_EN = r"[^。！？!?\n]{0,40}?"
# Chinese text puts quotes and book-title marks around words (没有「签署金流服务」, 在"我的订单"里):
# in Chinese phrases one may stand wherever two written parts meet (normalising folds them all to ").
QUOTE = '"?'
_WORD = re_compile(r"[a-z0-9]")


class PhraseSyntaxError(ValueError):
    """A phrase that cannot be compiled; the message says what to write instead."""


def phrase_to_regex(phrase: str, gap: str = GAP) -> str:
    """Translate one phrase into regular-expression source."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise PhraseSyntaxError("the phrase is empty; write some words or remove the line")
    text = fold(phrase.strip()).replace("...", "…")
    if text.count("{") != text.count("}"):
        raise PhraseSyntaxError("a '{' has no matching '}' (write alternatives as {甲|乙})")
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if gap == GAP and out and out[-1] not in (GAP, QUOTE) and ch not in "}…":
            out.append(QUOTE)
        if ch == "{":
            end = text.find("}", i)
            if end < 0 or "{" in text[i + 1 : end]:
                raise PhraseSyntaxError("alternatives cannot nest; write {甲|乙} with plain words")
            options = [o for o in text[i + 1 : end].split("|")]
            if any(not o for o in options):
                raise PhraseSyntaxError("an empty alternative in {…|…}; remove the extra '|'")
            out.append(_alternatives([_after_gap(out, _literal(o), o) for o in options]))
            i = end + 1
            if text[i : i + 1] == "?":  # {甲|乙}? : the group may be absent
                out.append("?")
                i += 1
                if len(out) == 2 and text[i : i + 1] == " ":
                    # An optional opening group takes the space after it along ("{please}? call" is
                    # (?:please[\s\-]*)?call): a match never starts inside a run of spaces or
                    # hyphens, which made such phrases quadratic on "-----…" (2 s on 20,000).
                    out[:] = ["(?:" + out[0] + _literal(" ") + ")?"]
                    i += 1
        elif ch == "}":
            raise PhraseSyntaxError("a '}' has no matching '{'")
        elif ch == "…":
            if _ends_word(text[:i]):
                out.append(r"s?(?![a-z0-9])")  # "call …" matches "calls", not "called": write call* for that
            out.append(gap)
            i += 1
        else:
            j = i
            while j < len(text) and text[j] not in "{}…":
                j += 1
            if "?" in text[i:j]:
                raise PhraseSyntaxError(
                    "'?' only makes a {…} group optional; write the optional word as a group, e.g. 给我{的}?账户"
                )
            out.append(_after_gap(out, _literal(text[i:j]), text[i:j]))
            i = j
    body = "".join(out)
    if len(re.sub(r"[^\w]", "", text)) < 2:
        raise PhraseSyntaxError("the phrase is too short to mean anything; use two or more characters")
    first, last = _edge(text, 0), _edge(text, -1)
    if _WORD.match(first):
        body = r"(?<![a-z0-9])" + body
    if last and _WORD.match(last) and not text.rstrip("?").endswith(("*", "*}")):
        body += r"(?![a-z0-9])"
    return body


def _after_gap(out: list[str], regex: str, source: str) -> str:
    """After a gap, a Latin word must start at a word boundary ("… or" must not match "for")."""
    prev = [o for o in out if o not in (_literal(" "), QUOTE)]
    if prev and prev[-1] in (GAP, GAP_EN) and _WORD.match(source.lstrip()[:1]):
        return r"(?<![a-z0-9])" + regex
    return regex


def _alternatives(options: list[str]) -> str:
    """`{甲|乙}` as one group. When every option starts with the same word-start test (after a gap:
    "… {code|screen|remote}"), the test stands once before the alternation: the expression matches
    what it matched, and each option then begins with its letter, which the matcher checks before
    trying it (with the test first, every option was tried at every place the gap reached)."""
    if len(options) > 1 and all(o.startswith(_WORD_START) for o in options):
        return "(?:" + _WORD_START + "(?:" + "|".join(o[len(_WORD_START) :] for o in options) + "))"
    return "(?:" + "|".join(options) + ")"


_WORD_START = r"(?<![a-z0-9])"


def _ends_word(before: str) -> bool:
    """True when the phrase so far ends with a Latin word (not a * wildcard), seen through a {…} group."""
    before = before.rstrip(" ")
    if before.endswith("}"):
        options = before[before.rfind("{") + 1 : -1].split("|")
        return all(o and _WORD.match(o[-1]) for o in options)
    return bool(before) and bool(_WORD.match(before[-1]))


def _edge(text: str, side: int) -> str:
    """The first (side 0) or last (side -1) real character, looking inside a {…|…} group."""
    if side == 0:
        return text[1:2] if text.startswith("{") else text[:1]
    end = text.rstrip("?")
    if end.endswith("}"):
        option = end[end.rfind("{") + 1 : -1].split("|")[-1]
        return option.rstrip("*")[-1:]
    return end.rstrip("*")[-1:]


def _literal(part: str) -> str:
    out = []
    for k, ch in enumerate(part):
        if ch == " ":
            out.append(r"[\s\-]*")
        elif ch == "*":
            # after a letter: the word may continue; standing alone: any one word
            out.append(r"[a-z]*" if k and part[k - 1].isalpha() else r"[a-z0-9']+")
        elif ch == "#":
            # Only from the start of a run of digits: a phrase opening with # ("#% monthly") is
            # then tried once per run, not once per digit (linear, not quadratic, on long runs).
            out.append(r"(?<!\d)\d+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def phrase_triggers(phrase: str) -> tuple[str, ...] | None:
    """Literal texts one of which every match of `phrase` starts with (None: cannot tell).

    The analyzer looks for these with plain substring search and tries the phrase's regular
    expression only where one occurs, which keeps matching cheap however many phrases there are.
    """
    text = fold(phrase.strip()).replace("...", "…")
    stops = " *#{}…"
    if text.startswith("{"):
        end = text.find("}")
        if end < 0 or text[end + 1 : end + 2] == "?":
            return None
        options = text[1:end].split("|")
    else:
        options = [text]
    out = []
    whole = True  # every option is a plain literal, so what follows the group can extend it
    for option in options:
        k = 0
        while k < len(option) and option[k] not in stops:
            k += 1
        if k == 0:
            return None
        whole &= k == len(option)
        out.append(option[:k])
    if text.startswith("{") and whole and min(map(len, out)) < 2:
        out = _extend(out, text[text.find("}") + 1 :], stops)
    return tuple(sorted(set(out)))


def _extend(triggers: list[str], rest: str, stops: str) -> list[str]:
    """Lengthen one-character triggers ("{转|汇}给我" -> 转给, 汇给): rarer literals, fewer tries."""
    if not rest or rest[0] in stops.replace("{", ""):
        return triggers
    if rest[0] == "{":
        end = rest.find("}")
        if end < 0 or rest[end + 1 : end + 2] == "?":
            return triggers
        following = rest[1:end].split("|")
        if any(not o or o[0] in stops for o in following) or len(triggers) * len(following) > 64:
            return triggers
        heads = [o[: next((k for k, ch in enumerate(o) if ch in stops), len(o))] for o in following]
    else:
        heads = [rest[: next((k for k, ch in enumerate(rest) if ch in stops), len(rest))]]
    return [t + h for t in triggers for h in heads]


def translate(phrase: str, gap: str = GAP) -> tuple[str, tuple[str, ...] | None]:
    """A phrase's regular-expression source and its literal triggers (a process translates each phrase once)."""
    if not isinstance(phrase, str):
        return phrase_to_regex(phrase, gap), None  # raises PhraseSyntaxError, as for any bad phrase
    return _translate(phrase, gap)


@lru_cache(maxsize=8192)
def _translate(phrase: str, gap: str) -> tuple[str, tuple[str, ...] | None]:
    # Kept on disk with the code's tables (knowledge/kbcache.py): after a change to the knowledge,
    # only the phrases that are new are translated again (most of a cold load's time otherwise).
    memo = _memo()
    found = memo.get((phrase, gap))
    if found is None:
        found = memo[phrase, gap] = (phrase_to_regex(phrase, gap), phrase_triggers(phrase))
    return found


@lru_cache(maxsize=1)
def _memo() -> dict:
    from .kbcache import shipped_memo

    return shipped_memo("phrase translations")


# Every expression compiled in this process, by source: a reload of the knowledge (hot reload, a
# volunteer's approval validated against a copy, kb test) reuses what an earlier load compiled.
# Bounded by the distinct phrases ever loaded, a few thousand.
_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}
_REQUIRED: dict[tuple[str, int], tuple[tuple[str, ...], ...]] = {}


class CompiledPhrase:
    """One phrase's regular expression and the literal triggers that must start any match.

    The expression is compiled on first use: the analyzer tries a phrase only where one of its
    triggers occurs, so most of the knowledge base's thousands of expressions are never needed by
    a short-lived process (a CLI call, a test), and start-up does not pay for compiling them.
    Long-lived processes call `compile_all` once at start so no request pays for it.
    """

    __slots__ = ("_pattern", "_required", "flags", "source", "triggers")

    def __init__(self, source: str, triggers: tuple[str, ...] | None, flags: int = 0):
        self.source = source
        self.triggers = triggers
        self.flags = flags
        self._pattern: re.Pattern[str] | None = None
        self._required: tuple[tuple[str, ...], ...] | None = None

    @property
    def required(self) -> tuple[tuple[str, ...], ...]:
        """Literals every match contains (`nlu.literals.required_literals`): a text lacking them is skipped."""
        found = self._required
        if found is None:
            key = (self.source, self.flags)
            found = _REQUIRED.get(key)
            if found is None:
                found = _REQUIRED[key] = required_literals(self.source, self.flags)
            self._required = found
        return found

    @property
    def pattern(self) -> re.Pattern[str]:
        compiled = self._pattern
        if compiled is None:
            key = (self.source, self.flags)
            compiled = _COMPILED.get(key)
            if compiled is None:
                compiled = _COMPILED[key] = regexcache.compile(self.source, self.flags)
            self._pattern = compiled
        return compiled

    def __repr__(self) -> str:
        return f"CompiledPhrase({self.source!r}, {self.triggers!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CompiledPhrase):
            return NotImplemented
        return (self.source, self.flags, self.triggers) == (other.source, other.flags, other.triggers)

    def __hash__(self) -> int:
        return hash((self.source, self.flags, self.triggers))

    def __getstate__(self):
        # The required literals travel with the cached knowledge (knowledge/kbcache.py): reading them
        # from ~1,300 expressions costs ~140 ms, and the analyzer needs them all when it is built.
        return (self.source, self.triggers, self.flags, self.required)

    def __setstate__(self, state) -> None:
        self.source, self.triggers, self.flags, self._required = state
        self._pattern = None


def compile_all(phrases: Iterable[CompiledPhrase]) -> int:
    """Compile every phrase now, and read its required literals (a server's warm start); returns how many."""
    n = 0
    for phrase in phrases:
        _ = phrase.pattern, phrase.required
        n += 1
    return n


def compile_phrases(phrases: list[str], regexes: list[str], en: list[str] | None = None) -> tuple[CompiledPhrase, ...]:
    """Translate an indicator's phrases (zh, then en) and raw regexes (checked now, compiled on use)."""
    out = [CompiledPhrase(*translate(p, GAP)) for p in phrases]
    out += [CompiledPhrase(*translate(p, GAP_EN)) for p in en or []]
    for rx in regexes:
        re.compile(rx, re.IGNORECASE)  # a volunteer's raw expression: a mistake is reported at load
        out.append(CompiledPhrase(rx, None, re.IGNORECASE))
    return tuple(out)
