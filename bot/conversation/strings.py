"""The reply texts (texts/en.yml, texts/zh.yml), and their Traditional-script forms.

Owned here so the emergency steps and the report both read them without importing each other.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

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
    },
    "hk": {"短信": "短訊", "视频": "視像", "屏幕": "屏幕", "软件": "軟件", "挂断电话": "收線", "链接": "連結"},
}


@lru_cache(maxsize=4096)
def in_script(text: str, script: str | None) -> str:
    """Simplified Chinese text in the reader's script: 'tw' (OpenCC s2twp), 'hk' (s2hk), else as is."""
    if script not in ("tw", "hk") or not text:
        return text
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
