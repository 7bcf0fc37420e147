"""Redaction shared by everything that stores, logs or repeats what people wrote."""

from __future__ import annotations

import re

from nlu.regexcache import compile as re_compile

TOKEN = re_compile(r"bot\d+:[\w-]{20,}")  # a Bot API URL with its token
# Starts only where a run of address characters starts: linear on a long run without "@".
EMAIL = re_compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
NUMBER = re_compile(r"\+?\d[\d\s-]{4,}\d")  # phone, card and ID numbers, chat and user ids
SENTENCE = re_compile(r"[\u4e00-\u9fff，。！？、]{8,}")  # a run of someone's Chinese text


# An identity card number with its letters: Hong Kong's A123456(7) / AB987654(3) (the check digit
# in brackets or not), Taiwan's A123456789, Macao's 1234567(8). Removed whole, as card numbers are:
# the prefix letter and check digit left beside "[number]" were part of the person's id.
ID_WITH_LETTERS = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}\d{6}\s?[(（][0-9A][)）]|[A-Z]{1,2}\d{7}|[A-Z][12]\d{8}|[157]\d{6}\s?[(（]\d[)）])"
    r"(?![A-Za-z0-9])"
)


def numbers(text: str, mark: str = "[number]") -> str:
    """Replace phone, card and ID numbers and e-mail addresses."""
    return NUMBER.sub(mark, ID_WITH_LETTERS.sub(mark, EMAIL.sub("[email]", text)))


def for_logs(text: str) -> str:
    """Everything a log line must not carry: tokens, numbers, ids, e-mails, sentences."""
    return SENTENCE.sub("[text]", numbers(TOKEN.sub("bot[token]", text)))


# -- what volunteers see: suggestions are redacted before they are stored -----------------------
URL = re_compile(r"(https?://[^/\s?#]+)[^\s，。！？]*", re.I)
ID_CARD = re_compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
CARD = re_compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")
# Order, tracking and waybill numbers: letters and digits with at least five digits (SF1234567890).
ORDER = re_compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,5}-?\d{5,}[A-Za-z0-9]*|\d{3}-\d{7}-\d{7})(?![A-Za-z0-9])"
    r"|(?<=订单号|运单号|单号：|单号:)\s*[:：]?\s*\d{5,}|(?<=order )#?\d{5,}"
)
# Account handles: QQ / WeChat ids, @handles, staff numbers.
HANDLE = re_compile(
    r"((?:qq|QQ|微信|微信号|vx|VX|wx|WX|wechat|WeChat|工号|编号|账号|账户|id|ID)\s*(?:号|是|为)?\s*[:：]?\s*)"
    r"([A-Za-z][A-Za-z0-9_-]{3,}|\d{4,})"
)
AT_HANDLE = re_compile(r"(?<![\w.])@[A-Za-z_][A-Za-z0-9_.]{2,}")
# Names: "我叫张伟", "收件人：李娜", "张先生", "my name is John Smith", "Mr Smith".
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
NAME_INTRO = re_compile(
    r"(我叫|名叫|叫做|我的名字是|姓名\s*[:：是]?\s*|收件人\s*[:：是]?\s*|联系人\s*[:：是]?\s*|户名\s*[:：是]?\s*)"
    r"([\u4e00-\u9fff]{2,3})"
)
_COMPOUND = "欧阳|司马|诸葛|上官|东方|慕容|令狐|司徒|皇甫|尉迟|公孙|夏侯|长孙|宇文"
NAME_TITLE = re_compile(
    rf"((?:{_COMPOUND})|[{_SURNAMES}])(?:[\u4e00-\u9fff]{{0,2}}?)(先生|女士|小姐|阿姨|老师|经理|警官|同志)(?![\u4e00-\u9fff]{{0,1}}(?:们))"
)
_TITLES_EN = r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Sir|Madam|Officer|Agent|Inspector|Detective|Sergeant|Sgt|Constable)"
NAME_EN = re_compile(
    r"\b((?:my name is|this is|i am|i'm|name:|dear)\s+)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    rf"|\b({_TITLES_EN}\.?\s+)([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
# Bare Chinese names: a surname and one or two characters standing alone ("张伟，", "联系欧阳娜娜"),
# or followed by what a person does ("张伟说", "李小龙让我"). Common words that start with a
# surname character are not names (马上, 余额, 方便…).
_CJK_CH = r"[\u4e00-\u9fff]"
_NUMERAL = r"(?<![\d一二三四五六七八九十百千两几])"  # 5万起, 十万到账: amounts, not 万 the surname
_BEFORE = rf"{_NUMERAL}(?:(?<!{_CJK_CH})|(?<=[叫是找和跟给问位名])|(?<=联系))"
NAME_ZH_ALONE = re_compile(rf"{_NUMERAL}(?<!{_CJK_CH})((?:{_COMPOUND})|[{_SURNAMES}])({_CJK_CH}{{1,2}})(?!{_CJK_CH})")
NAME_ZH_ACTS = re_compile(
    rf"{_BEFORE}((?:{_COMPOUND})|[{_SURNAMES}])({_CJK_CH}{{1,2}}?)"
    r"(?=说|讲|打电话|打来|来电|让我|让他|叫我|要我|告诉|称|自称|发来|联系我|加我|问我)"
)
NAME_ZH_AFTER = re_compile(  # after a cue, up to the end of the clause: "联系张伟", "你好王芳。"
    rf"(?:(?<=[叫是找和跟给问称姓])|(?<=联系|你好|您好))((?:{_COMPOUND})|[{_SURNAMES}])({_CJK_CH}{{1,2}})(?!{_CJK_CH})"
)
NAME_ZH_FAMILIAR = re_compile(rf"(?<!{_CJK_CH})([小老阿])([{_SURNAMES}])(?=说|讲|打|让|叫|要|告诉|(?!{_CJK_CH}))")
_ZH_WORDS = (  # two characters each
    "金色金钱黄种汤品高补白鹿龙华韩宫金石"
    "马上方便方式方法方面白天白条金额金融金条余额任何任务高兴高额高铁高速许多许可何时何况向我向你向您向他"
    "于是万一万元万块程序付款付费付钱付了江湖周末周一周二周三周四周五周六周日黄金钱款钱包严重陆续毛病史上"
    "石头贺卡钟头常常苏州江苏武汉沈阳顾客韩国谢谢郑重陈述田地董事龙头叶子雷达戴上孔子汤圆熊猫秦朝夏天于此"
    "曾经林业罗列梁山宋朝唐朝杜绝程度苏醒魏晋丁点任意姜汤钟表范围石油方才白色孟子秦岭龙虾史料陶瓷黎明贺词"
    "毛巾钱财严格武器莫名孔明向着汤水包裹金卡白金黄牛高级余下方案程式苏宁唐僧高端周转江西武警雷同高考罗马"
    "林地黄页"
)
_NOT_NAMES_ZH = frozenset(_ZH_WORDS[i : i + 2] for i in range(0, len(_ZH_WORDS), 2))
_PINYIN = (
    "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Gao|Lin|Luo|Zheng|Liang|Xie|Song|Tang|"
    "Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Yuan|Pan|Jiang|Cai|Yu|Du|Ye|Cheng|Su|Wei|Lu|Ding|Ren|Shen|Yao|Cui|"
    "Zhong|Tan|Fan|Jin|Shi|Liao|Jia|Xia|Fu|Fang|Bai|Zou|Meng|Xiong|Qin|Qiu|Yin|Xue|Yan|Duan|Lei|Hou|Long|Tao|Mao|Hao|"
    "Gong|Shao|Wan|Qian|Dai|Mo|Kong|Xiang|Ouyang|Situ|Zhuge"
)
# Bare English names: pinyin names ("Zhang Wei", "Wei Zhang"), and a capitalised name a verb of
# speech or contact follows ("John Smith said") or a contact word precedes ("agent called John").
NAME_PINYIN = re_compile(rf"\b(?:(?:{_PINYIN})\s+[A-Z][a-z]+(?:\s?[A-Z][a-z]+)?|[A-Z][a-z]+\s+(?:{_PINYIN}))\b")
NAME_EN_ACTS = re_compile(
    r"\b((?:called|named|caller|from|with|by|to|asked for|ask for|spoke to|speak to)\s+)"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=\s+(?:said|says|told|called|rang|asked|who|from|at)\b|\s*[,.;:!?]|$)"
    r"|\b([A-Z][a-z]+\s+[A-Z][a-z]+)(?=\s+(?:said|says|told me|called me|rang me|asked me|texted|emailed)\b)"
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
    "an",
    "customs",
    "hmrc",
    "irs",
    "visa",
    "mastercard",
    "netflix",
    "google",
    "facebook",
    "whatsapp",
    "telegram",
    "taobao",
    "alipay",
    "wechat",
    "jd",
    "prime",
    "mail",
    "post",
    "office",
    "service",
    "team",
    "security",
    "fraud",
    "department",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "hello",
    "hi",
    "dear",
    "sir",
    "madam",
    "please",
    "thanks",
    "thank",
    "yes",
    "no",
    "ok",
    "my",
    "our",
    "their",
    "his",
    "her",
    "we",
    "they",
    "he",
    "she",
    "it",
    "you",
    "i",
}
AMOUNT_AFTER = re_compile(r"^\s*(元|块|万|千|rmb|yuan|dollars?|pounds?|usd|gbp|%|％)", re.I)
AMOUNT_BEFORE = re_compile(r"[¥￥$£€]\s*$")


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
    text = names(text, lambda pattern, repl, t: sub(pattern, "name", t, repl))
    return Redacted(text, removed)


def names(text: str, sub=None) -> str:
    """Replace personal names, Chinese and English, with and without titles, by [name]."""
    sub = sub or (lambda pattern, repl, t: pattern.sub(repl, t))
    text = sub(NAME_INTRO, lambda m: m.group(1) + "[name]", text)
    text = sub(NAME_TITLE, lambda m: "[name]" + m.group(2), text)
    text = sub(NAME_ZH_ACTS, lambda m: m.group(0) if _common_zh(m) else "[name]", text)
    text = sub(NAME_ZH_ALONE, lambda m: m.group(0) if _common_zh(m) else "[name]", text)
    text = sub(NAME_ZH_AFTER, lambda m: m.group(0) if _common_zh(m) else "[name]", text)
    text = sub(NAME_ZH_FAMILIAR, lambda m: "[name]", text)
    text = sub(NAME_EN, _english_name, text)
    text = sub(NAME_PINYIN, lambda m: "[name]", text)
    text = sub(NAME_EN_ACTS, _english_name_acts, text)
    return text


def _common_zh(m: re.Match) -> bool:
    """A surname character starting an everyday word (马上, 余额), not a name."""
    word = m.group(1) + m.group(2)
    return word[:2] in _NOT_NAMES_ZH or word in _NOT_NAMES_ZH or word.startswith(("东方航", "东方财"))


def _english_name_acts(m: re.Match) -> str:
    if m.group(3):
        first = m.group(3).split()[0].lower()
        return m.group(0) if first in _NOT_NAMES else "[name]"
    if m.group(2).split()[0].lower() in _NOT_NAMES:
        return m.group(0)
    return m.group(1) + "[name]"


def _is_amount(m: re.Match) -> bool:
    """Money ("100000元", "¥ 25000") is what the scam is about: keep it."""
    return bool(AMOUNT_AFTER.match(m.string[m.end() :]) or AMOUNT_BEFORE.search(m.string[: m.start()]))


def _english_name(m: re.Match) -> str:
    if m.group(3):
        if m.group(4).split()[0].lower() in _NOT_NAMES:
            return m.group(0)
        return m.group(3) + "[name]"
    first = m.group(2).split()[0].lower()
    if first in _NOT_NAMES:
        return m.group(0)
    return m.group(1) + "[name]"
