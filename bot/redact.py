"""Redaction shared by everything that stores, logs or repeats what people wrote."""

from __future__ import annotations

import re

TOKEN = re.compile(r"bot\d+:[\w-]{20,}")  # a Bot API URL with its token
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
NUMBER = re.compile(r"\+?\d[\d\s-]{4,}\d")  # phone, card and ID numbers, chat and user ids
SENTENCE = re.compile(r"[\u4e00-\u9fff，。！？、]{8,}")  # a run of someone's Chinese text


def numbers(text: str, mark: str = "[number]") -> str:
    """Replace phone, card and ID numbers and e-mail addresses."""
    return NUMBER.sub(mark, EMAIL.sub("[email]", text))


def for_logs(text: str) -> str:
    """Everything a log line must not carry: tokens, numbers, ids, e-mails, sentences."""
    return SENTENCE.sub("[text]", numbers(TOKEN.sub("bot[token]", text)))
