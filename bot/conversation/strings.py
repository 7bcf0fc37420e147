"""The reply texts (texts/en.yml, texts/zh.yml), and their Traditional-script forms.

Owned here so the emergency steps and the report both read them without importing each other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from nlu.regexcache import compile as re_compile

SCRIPTS = ("hans", "tw", "hk")  # simplified, Traditional (Taiwan), Traditional (Hong Kong)


@lru_cache(maxsize=4)
def texts(lang: str) -> dict:
    """The reply texts for 'zh' or 'en' (Chinese for anything else)."""
    name = "en.yml" if lang == "en" else "zh.yml"
    text = resources.files("bot.conversation").joinpath("texts", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


# Reviewed terms OpenCC's phrase tables leave in mainland wording (applied after conversion).
_TERMS = {
    "tw": {
        "挂断": "掛斷",
        "转账": "轉帳",
        "账户": "帳戶",
        "短信": "簡訊",
        "视频": "視訊",
        "屏幕": "螢幕",
        "软件": "軟體",
        "网络": "網路",
        "链接": "連結",
        "发卡": "發卡",  # (OpenCC's phrase tables make it 髮卡, a hair clip)
    },
    "hk": {
        "短信": "短訊",
        "视频": "視像",
        "屏幕": "屏幕",
        "软件": "軟件",
        "挂断电话": "收線",
        "链接": "連結",
        "发卡": "發卡",
    },
}


# A quotation in a reply: “…” (Chinese replies) or "…" (English ones).
_QUOTED = re_compile(r"“([^“”\n]{1,200})”|\"([^\"\n]{1,200})\"")
_HELD = 0xE100  # private-use characters that stand for a held-aside quotation while converting


def in_script(text: str, script: str | None, keep: tuple[str, ...] = ()) -> str:
    """Simplified Chinese text in the reader's script: 'tw' (OpenCC s2twp), 'hk' (s2hk), else as is.

    `keep`: the person's own words. A quotation of them stays exactly as they wrote it (s2twp would
    turn their 超商代碼 into 超商程式碼); the reply's own words around it are converted."""
    if script not in ("tw", "hk") or not text:
        return text
    words = [k for k in keep if k]
    if not words:
        return _in_script(text, script)
    held: list[str] = []

    def hold(m: re.Match) -> str:
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        inner = " ".join(quoted.split()).rstrip("…")
        if not inner or not any(inner in " ".join(w.split()) for w in words) or len(held) >= 200:
            return m.group(0)
        held.append(m.group(0))
        return chr(_HELD + len(held) - 1)

    text = _QUOTED.sub(hold, text)
    text = _in_script(text, script)
    for i, quoted in enumerate(held):
        text = text.replace(chr(_HELD + i), quoted)
    return text


@lru_cache(maxsize=4096)
def _in_script(text: str, script: str) -> str:
    terms = list(_TERMS[script].items())
    for i, (a, _) in enumerate(terms):  # held aside so the phrase tables cannot rewrite them
        text = text.replace(a, chr(0xE000 + i))
    text = _converter("s2twp" if script == "tw" else "s2hk").convert(text)
    for i, (_, b) in enumerate(terms):
        text = text.replace(chr(0xE000 + i), b)
    return text


@lru_cache(maxsize=4096)  # advice lines come from the knowledge: a few hundred, compared on every reply
def _grams(text: str) -> frozenset[str]:
    s = "".join(ch for ch in text.lower() if ch.isalnum() or ch == " ")
    if any("\u4e00" <= ch <= "\u9fff" for ch in s):
        s = s.replace(" ", "")
        return frozenset(s[i : i + 2] for i in range(len(s) - 1))
    words = s.split()
    return frozenset(" ".join(words[i : i + 2]) for i in range(len(words) - 1)) or frozenset(words)


def _same_advice(a: str, b: str) -> bool:
    """Two advice lines that say the same thing: one inside the other, or most of their pairs shared."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return a == b
    return len(ga & gb) / min(len(ga), len(gb)) >= 0.6
