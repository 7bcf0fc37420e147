"""Redaction shared by everything that stores, logs or repeats what people wrote."""

from __future__ import annotations

import re

TOKEN = re.compile(r"bot\d+:[\w-]{20,}")  # a Bot API URL with its token
# Starts only where a run of address characters starts: linear on a long run without "@".
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
NUMBER = re.compile(r"\+?\d[\d\s-]{4,}\d")  # phone, card and ID numbers, chat and user ids
SENTENCE = re.compile(r"[\u4e00-\u9fff，。！？、]{8,}")  # a run of someone's Chinese text


def numbers(text: str, mark: str = "[number]") -> str:
    """Replace phone, card and ID numbers and e-mail addresses."""
    return NUMBER.sub(mark, EMAIL.sub("[email]", text))


def for_logs(text: str) -> str:
    """Everything a log line must not carry: tokens, numbers, ids, e-mails, sentences."""
    return SENTENCE.sub("[text]", numbers(TOKEN.sub("bot[token]", text)))


# -- what volunteers see: suggestions are redacted before they are stored -----------------------
URL = re.compile(r"(https?://[^/\s?#]+)[^\s，。！？]*", re.I)
ID_CARD = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")
# Order, tracking and waybill numbers: letters and digits with at least five digits (SF1234567890).
ORDER = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,5}-?\d{5,}[A-Za-z0-9]*|\d{3}-\d{7}-\d{7})(?![A-Za-z0-9])"
    r"|(?<=订单号|运单号|单号：|单号:)\s*[:：]?\s*\d{5,}|(?<=order )#?\d{5,}"
)
# Account handles: QQ / WeChat ids, @handles, staff numbers.
HANDLE = re.compile(
    r"((?:qq|QQ|微信|微信号|vx|VX|wx|WX|wechat|WeChat|工号|编号|账号|账户|id|ID)\s*(?:号|是|为)?\s*[:：]?\s*)"
    r"([A-Za-z][A-Za-z0-9_-]{3,}|\d{4,})"
)
AT_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z_][A-Za-z0-9_.]{2,}")
# Names: "我叫张伟", "收件人：李娜", "张先生", "my name is John Smith", "Mr Smith".
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
NAME_INTRO = re.compile(
    r"(我叫|名叫|叫做|我的名字是|姓名\s*[:：是]?\s*|收件人\s*[:：是]?\s*|联系人\s*[:：是]?\s*|户名\s*[:：是]?\s*)"
    r"([\u4e00-\u9fff]{2,3})"
)
NAME_TITLE = re.compile(
    rf"([{_SURNAMES}])(?:[\u4e00-\u9fff]{{0,2}}?)(先生|女士|小姐|阿姨|老师|经理|警官|同志)(?![\u4e00-\u9fff]{{0,1}}(?:们))"
)
NAME_EN = re.compile(
    r"\b((?:my name is|this is|i am|i'm|name:|dear)\s+)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"|\b((?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)([A-Z][a-z]+)"
)
# Words after "this is"/"I am" that are a company or a role, not a name.
_NOT_NAMES = {
    "amazon",
    "paypal",
    "apple",
    "microsoft",
    "customer",
    "the",
    "your",
    "from",
    "calling",
    "royal",
    "fedex",
    "ups",
    "dhl",
    "usps",
    "evri",
    "bank",
    "police",
    "support",
    "not",
    "a",
}
AMOUNT_AFTER = re.compile(r"^\s*(元|块|万|千|rmb|yuan|dollars?|pounds?|usd|gbp|%|％)", re.I)
AMOUNT_BEFORE = re.compile(r"[¥￥$£€]\s*$")


class Redacted(str):
    """Redacted text that remembers what it removed (`removed`: kind -> count)."""

    removed: dict[str, int]

    def __new__(cls, text: str, removed: dict[str, int]):
        obj = super().__new__(cls, text)
        obj.removed = removed
        return obj


def for_review(text: str) -> Redacted:
    """Redact what volunteers must not see: phone, card, ID and order numbers, names, handles, e-mails, link paths."""
    removed: dict[str, int] = {}

    def sub(pattern: re.Pattern, kind: str, text: str, repl) -> str:
        def one(m: re.Match) -> str:
            out = repl(m)
            if out != m.group(0):
                removed[kind] = removed.get(kind, 0) + 1
            return out

        return pattern.sub(one, text)

    text = " ".join(str(text).split()) if "\n" not in str(text) else str(text).strip()
    text = sub(TOKEN, "token", text, lambda m: "bot[token]")
    text = sub(URL, "link", text, lambda m: m.group(1) + ("/…" if len(m.group(0)) > len(m.group(1)) else ""))
    text = sub(EMAIL, "email", text, lambda m: "[email]")
    text = sub(HANDLE, "id", text, lambda m: m.group(1) + "[id]")
    text = sub(AT_HANDLE, "id", text, lambda m: "@[id]")
    text = sub(ID_CARD, "id", text, lambda m: "[id]")
    text = sub(ORDER, "order", text, lambda m: "[order]")
    text = sub(CARD, "card", text, lambda m: m.group(0) if _is_amount(m) else "[card]")
    text = sub(NUMBER, "number", text, lambda m: m.group(0) if _is_amount(m) else "[number]")
    text = sub(NAME_INTRO, "name", text, lambda m: m.group(1) + "[name]")
    text = sub(NAME_TITLE, "name", text, lambda m: "[name]" + m.group(2))
    text = sub(NAME_EN, "name", text, _english_name)
    return Redacted(text, removed)


def _is_amount(m: re.Match) -> bool:
    """Money ("100000元", "¥ 25000") is what the scam is about: keep it."""
    return bool(AMOUNT_AFTER.match(m.string[m.end() :]) or AMOUNT_BEFORE.search(m.string[: m.start()]))


def _english_name(m: re.Match) -> str:
    if m.group(3):
        return m.group(3) + "[name]"
    first = m.group(2).split()[0].lower()
    if first in _NOT_NAMES:
        return m.group(0)
    return m.group(1) + "[name]"
