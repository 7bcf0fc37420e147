"""The writer's (or, at a hotline, the caller's) own identifiers: what a self-introduction gives.

"我叫王小明，手机139…", "My name is Tom, my mobile is 07…", "我係陳大文，電話9…", and an operator's
framing of it ("来电人说他叫…，电话…", "Caller says he is Raj, his number …"): the numbers, handles
and cards given right after one's own name are the person's own, never the fraudster's. They are
not looked up against the company the contact claimed ("claims to be JD but uses a personal
mobile"), not offered to the hotline as the fraudster's, never reported or exported as one.

A self-introduction counts only when the contact noun follows the name with nothing but a comma
between them, and not inside quoted speech of someone else ("他说：我叫张伟，电话…" is the
fraudster introducing himself): "I'm Sarah from Royal Mail, my number is …" is not the writer's.
A number after "my number is" / "我的手机是" alone counts as well. Spans are in the text given.
"""

from __future__ import annotations

import re

from .regexcache import compile as re_compile

# Words that start an organisation or a role, not a person's name ("我是京东客服").
_NOT_NAME_ZH = (
    "客服", "淘宝", "淘寶", "天猫", "京东", "京東", "支付", "快递", "快遞", "顺丰", "順豐", "警察", "民警",
    "银行", "銀行", "工作", "平台", "官方", "公司", "公安", "派出", "法院", "检察", "檢察", "海关", "海關",
    "骗子", "騙子", "受害", "事主", "来电", "來電", "本人",
)  # fmt: skip
_NOT_NAME_EN = {
    "calling", "from", "with", "the", "a", "an", "not", "sure", "worried", "scared", "afraid", "here", "at",
    "customer", "support", "police", "officer", "agent", "bank", "amazon", "paypal", "hmrc", "going", "just",
    "in", "on", "so", "very", "really", "confused", "retired", "old", "calling,",
}  # fmt: skip

_NAME_ZH = re_compile(r"[\u4e00-\u9fff]{1,3}")
_NAME_EN = re_compile(r"[A-Za-z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2}")
# Who introduces themselves: the person ("我叫", "my name is"), or the caller as the operator tells it.
_INTRO = re_compile(
    r"(?P<zh>(?:我叫|我名叫|我的名字(?:是|叫)|我是|我係|我系|我姓|本人(?:叫|是)?|(?:来电人|來電人|来电者|來電者)(?:说|說|話|话|称|稱)?[，,:：\s]*(?:他|她)?(?:叫|是|係|姓))\s*)"
    r"|(?P<en>\b(?:my name is|my name's|i am|i'm|(?:the )?caller(?: says| said)?,?\s*(?:he|she) is"
    r"|(?:his|her) name is)\s+)",
    re.I,
)
_SEP = r"[\s,，、;；(（]*(?:and\s+|以及|还有|還有)?"
_POSSESSIVE = r"(?:(?:我的|我|他的|她的|本人|my|his|her)\s*(?:own\s+)?)?"
_NOUN = (
    r"(?:手机号码|手机号|手机|电话号码|电话号|电话|号码|联系电话|联系方式|手機號碼|手機號|手機|電話號碼|電話|號碼|聯絡電話|联络电话"
    r"|微信号?|微信|QQ号?|邮箱|郵箱|身份证号?|身份證號?|银行卡号?|銀行卡號?|卡号|卡號"
    r"|mobile(?:\s+(?:number|no\.?))?|cell(?:\s*phone)?(?:\s+number)?|phone(?:\s+(?:number|no\.?))?|number|tel\.?"
    r"|e-?mail|wechat(?:\s+id)?|whatsapp|card(?:\s+number)?)"
)
_IS = r"\s*(?:是|为|為|係|系|is|:|：|=)?\s*"
_VALUE = r"(?P<value>\+?\(?\d[\d \-()]{3,22}\d|[A-Za-z0-9][A-Za-z0-9_.@+\-]{2,60}[A-Za-z0-9])"
_ITEM = re_compile(_SEP + _POSSESSIVE + _NOUN + _IS + _VALUE, re.I)
# "my number is …" / "我的手机是 …" without a name before it.
_MINE = re_compile(
    r"(?:(?:我的|我本人的?|本人的?)(?:手机号码|手机号|手机|电话号码|电话|号码|手機號碼|手機|電話|號碼)" + _IS
    + r"|\bmy\s+(?:own\s+)?(?:phone|mobile|cell|number|phone number|mobile number|cell number)(?:\s+is)?[:\s]*)"
    + _VALUE,
    re.I,
)  # fmt: skip
# Someone else speaking: a self-introduction inside it is theirs ("他说：我叫张伟", '"I'm Tom," he said').
_OTHERS_SPEECH = re_compile(
    r"(?:[“\"「『‘]|(?:对方|對方|他|她|骗子|騙子|客服|那人|男的|女的|男子|女子|警官|民警"
    r"|they|he|she|the man|the woman|someone|the agent)"
    r"\s*(?:说|說|称|稱|讲|講|话|話|自称|自稱|said|says|told me)\s*[:：,，]?\s*)$",
    re.I,
)
# The writer is the organisation ("I'm Sarah from Royal Mail, my number is …"): a message from it, pasted.
_SPEAKS_FOR_ORG = re_compile(
    r"\b(?:i'm|i am|this is|we are|it's)\s+[^.!?\n]{0,40}?\b(?:from|at|with|calling)\b"
    r"|(?:我是|我们是|我們是|這裡是|这里是)[^。！？\n]{0,16}?(?:客服|工作人员|工作人員|警官|民警|快递|快遞|银行|銀行|公司|中心)",
    re.I,
)
_SENTENCE_END = re_compile(r"[。！？!?\n]|\.(?:\s|$)")


def own_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` holding the writer's own numbers, handles and cards (see the module)."""
    text = text or ""
    spans: list[tuple[int, int]] = []
    for m in _INTRO.finditer(text):
        before = _SENTENCE_END.split(text[max(0, m.start() - 12) : m.start()])[-1]
        if _OTHERS_SPEECH.search(before):
            continue
        spans += _after_name(text, m.end(), zh=bool(m.group("zh")))
    for m in _MINE.finditer(text):
        sentence = _SENTENCE_END.split(text[max(0, m.start() - 80) : m.start()])[-1]
        if not _SPEAKS_FOR_ORG.search(sentence):
            spans.append(m.span("value"))
    return sorted(set(spans))


def _after_name(text: str, start: int, zh: bool) -> list[tuple[int, int]]:
    """The identifiers given right after a name that starts at `start` (each length of name tried)."""
    found = (_NAME_ZH if zh else _NAME_EN).match(text, start)
    if found is None:
        return []
    name = found.group(0)
    if zh:
        ends = [start + n for n in range(1, len(name) + 1)]
        if name.startswith(_NOT_NAME_ZH):
            return []
    else:
        if name.split()[0].lower() in _NOT_NAME_EN:
            return []
        ends = [start + w.end() for w in re.finditer(r"\S+", name)]
    for end in ends:
        spans: list[tuple[int, int]] = []
        pos = end
        while (item := _ITEM.match(text, pos)) is not None:
            spans.append(item.span("value"))
            pos = item.end()
        if spans:
            return spans
    return []


def is_own(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the writer's own identifiers."""
    return any(start < e and s < end for s, e in spans)
