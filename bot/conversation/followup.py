"""What a follow-up question asks, read by its form: after a check, a frightened person asks
"should I give it?", "what number do I call?", "is it too late?", "why is it a scam?", or asks to be
forgotten. Each gets its own answer (bot/conversation/engine.py), never the check again.

Read on folded text (nlu.normalize.fold: Simplified characters, Cantonese written as Mandarin,
lower case), so Simplified, Traditional, Cantonese and English share the patterns.
"""

from __future__ import annotations

import re

from nlu.normalize import fold
from nlu.regexcache import compile as re_compile

_LEAD_EN = r"^\s*(?:(?:so|but|ok|okay|and|then|wait|hmm+|um+|pls|please|sorry|hi|hello|sir|madam)[\s,.!]+)*"

# "please delete everything you stored about me", 删除我的所有记录, 刪除我嘅資料: a request to the bot
# itself (a first person whose data it is), never a scammer's "delete the chat" quoted.
_FORGET = re_compile(
    _LEAD_EN + r"(?:(?:can|could|would|will) you\s+|i (?:want|need|would like|'d like) you to\s+|kindly\s+|just\s+)?"
    r"(?:please\s+)?(?:delete|erase|remove|wipe|clear|purge|forget)\s+"
    r"(?:(?:all|everything|every ?thing|anything|all of|the|what|whatever)\s+)*"
    r"(?:(?:my|about me|of me|on me|you (?:have|stored|saved|kept|hold|know)|you've (?:stored|saved|kept|got))\b"
    r"|me\s*[.!?]*$|me\b.{0,20}\b(?:data|records?|history|details|info|everything))"
    r"|^\s*(?:i want|i'd like|please have)\s+(?:all\s+)?my\s+(?:data|records?|history|details|info\w*|messages|chats?)"
    r"\s+(?:deleted|erased|removed|wiped)"
    r"|^\s*(?:请|麻烦|麻烦你|可以|能不能|能否|可否|我要|我想|我要求|帮我|你)*\s*"
    r"(?:删除|删掉|删去|删了|清除|清空|抹掉|抹除|忘记|忘掉|销毁)\s*(?:掉|一下|晒|埋)?\s*"
    r"(?:你|你们)?(?:存|保存|记录|储存|保留)?(?:的)?\s*(?:关于|有关)?(?:我的|我|关于我的)",
    re.IGNORECASE,
)
# "why is it a scam?", "how do you know?", 为什么是诈骗, 點解係呃人
_WHY = re_compile(
    _LEAD_EN + r"(?:why\b|how (?:do|can|did|would) you (?:know|tell|be sure)"
    r"|how is (?:it|this|that) (?:a )?(?:scam|fake)"
    r"|what makes (?:it|this|that|you)|are you sure|what(?:'s| is) (?:wrong|fake|suspicious) (?:with|about))"
    r"|为什么|为啥|为何|凭什么|怎么知道|怎么看出|怎么判断|怎么确定|何以见得|点解|点知|点样知|你怎么肯定|你确定",
    re.IGNORECASE,
)
# "is it too late?", "can I get it back?", 还来得及吗, 追得回吗, 仲有冇得救, 攞唔攞得返
_TOO_LATE = re_compile(
    r"too late|can (?:i|we) (?:still )?(?:get|have|recover) (?:it|them|this|my|the|any|our|that)\b"
    r"|get (?:my |the |our )?(?:money|cash|savings|funds) back"
    r"|(?:can|will|could) (?:it|this|the (?:money|payment|transfer)|they) be "
    r"(?:stopped|reversed|recovered|undone|cancelled|canceled|refunded|recalled)"
    r"|any (?:chance|hope|way)\b|is there hope"
    r"|can get back|recover (?:my|the|our) (?:money|funds|savings)"
    r"|来得及|来不及|太迟|太晚|晚不晚|晚了|迟了|追回|追得回|追返|追唔追|要回来|要得回|拿回|拿得返|拿唔拿得|拿返|挽回|有救|得救|救得返|救唔救"
    r"|退得回|回得来|还能.{0,6}回来|能不能.{0,6}回来",
    re.IGNORECASE,
)
# "what number do I call?", "who do I call?", 打什么电话, 打边个电话, 找谁
_CONTACTS = re_compile(
    r"what (?:number|numbers|hotline|helpline|line)|which (?:number|numbers|hotline|helpline|line|one do i call)"
    r"|who (?:do|should|can|shall|must|would) (?:i|we)(?: even)? "
    r"(?:call|ring|phone|contact|report (?:it |this )?to|tell|talk to|go to)"
    r"|who to (?:call|ring|contact|report to)|where (?:do|should|can) (?:i|we) (?:call|ring|report|go)"
    r"|what(?:'s| is|s) the (?:number|hotline|helpline)|number (?:i|we) (?:should|can|must|need to|have to) call"
    r"|who can help|(?:number|hotline) (?:to|should i|do i|can i) call"
    r"|call who|contact who|what do i (?:call|dial|ring)|what should i (?:call|dial)"
    r"|打什么|打哪个|打哪|打几号|拨什么|拨哪|哪个号码|什么号码|哪个电话|什么电话|什么热线|哪个热线|找谁|联系谁|打给谁|问谁"
    r"|打边个|打咩|打乜|边个号码|咩号码|乜号码|边度报|去哪报|去哪里报|向谁|搵边个|找边个|号码是多少|电话是多少|热线是多少",
    re.IGNORECASE,
)
# A yes/no question about doing something: "should I…", "can I…", "is it safe to…", 要不要, 可以…吗, 好唔好
_SHOULD_EN = re_compile(
    r"\b(?:should|shall|can|could|may|must|do|need|have to|ought to) (?:i|we|my \w+)\b"
    r"|\bis (?:it|that|this) (?:ok|okay|safe|fine|alright|all right|wise|a good idea|risky|dangerous|legit)\b"
    r"|\b(?:am i|are we) (?:supposed|allowed|meant|safe)\b|\b(?:ok|okay|safe) to\b"
    r"|\bwould it be (?:ok|okay|safe|fine)\b",
    re.IGNORECASE,
)
_SHOULD_ZH = re_compile(
    r"要不要|该不该|应不应该|应唔应该|可不可以|能不能|好不好|好唔好|好不要|得唔得|使唔使|需不需要|用不用|安不安全"
    r"|是否应该|可唔可以|要唔要"
    r"|(?:应该|可以|能|要|需要|该|安全|好|得|使)[^。！!]{0,20}(?:吗|么|嘛|呀|咩|\?|？)\s*$"
)
# What the yes/no question asks about doing, by the scam's demands (the answer is No) and the
# steps that protect (the answer is Yes). Folded text; the first one said after the question's cue wins.
DEMANDS = {
    "code": r"\bcodes?\b|\botps?\b|\bpins?\b|password|passcode|verification|\bdigits\b|\btac\b"
    r"|验证码|密码|动态码|短信码|校验码|数字|口令",
    "card": r"card (?:number|details|info\w*|no)|\bcvv\b|\bcvc\b|expiry|bank details"
    r"|\bfill (?:it|them|in|out|my)|\benter (?:it|them|my)|\btype (?:it|them|my)|\bsubmit"
    r"|卡号|卡的资料|卡资料|卡的数据|卡的号码|卡号码|银行卡|信用卡|有效期|安全码|填|输入",
    "id": r"\bid\b|\bids\b|aadhaa?r|\bpan\b|passport|social security|\bssn\b|身份证|证件|护照|身份资料",
    "gift": r"gift ?cards?|vouchers?|itunes|google play|steam|礼品卡|购物卡|点卡|e卡|京东卡|卡密",
    "loan": r"\bloans?\b|borrow|\bcredit\b|借钱|借款|贷款|借呗|花呗|网贷|分期|额度",
    "money": r"\bpay\b|\bpaid\b|transfer|\bwire\b|\bfee\b|deposit|\bmoney\b|\bcash\b|bitcoin|crypto|refund (?:back|the)"
    r"|\bsend (?:the |them |him |her )?(?:money|cash|\$|£|€|₹|\d)"
    r"|转账|转钱|汇款|打钱|付款|付钱|交钱|给钱|保证金|手续费|转过去|缴|交费|付费|[转汇]\d|\d\s*(?:块|元|万|千|蚊)",
    "remote": r"install|download|\bapp\b|anydesk|teamviewer|screen|remote|rustdesk"
    r"|下载|安装|装|软件|共享|屏幕|远程|会议",
    "link": r"\blinks?\b|click|\btap\b|\bopen (?:it|the|that)|website|\bsite\b|链接|连结|网址|网页|点开|点进|点那",
    "qr": r"\bqr\b|\bscan\b|二维码|扫码|扫一扫|扫",
    "contact": r"whatsapp|wechat|telegram|\bline\b|\badd (?:him|her|them)\b|group"
    r"|加他|加她|加对方|加微信|加qq|进群|加群",
    "callback": r"call (?:him|her|them|that number|the number|it) back|call back|ring (?:him|her|them) back"
    r"|\bcall (?:him|her|them|that number)\b|回拨|回电|打回去|打过去|打给他|打给她|打那个号码|继续聊|继续通话",
    "trust": r"\btrust\b|believe|\blegit\b|相信|信他|信她",
}
SAFE = {
    "hang_up": r"hang up|hung up|end the call|block (?:them|him|her|the number|that number|the caller|it)\b"
    r"|ignore|stop (?:replying|answering|talking)|挂断|挂了|挂掉|收线|拉黑|不理|不回",
}
_DEMANDS = {k: re_compile(v, re.IGNORECASE) for k, v in DEMANDS.items()}
_SAFE = {k: re_compile(v, re.IGNORECASE) for k, v in SAFE.items()}
# A word that points back at what was asked before ("should I give it?", 要不要给他): the thing the
# account was about, not a new one.
_GIVING = re_compile(
    r"\b(?:give|send|tell|read|share|do|pay|type|enter|forward|say|buy|install|add|scan|click|open|borrow)\b"
    r"|给|发|说|告诉|念|报|填|输|做|照做|听他|转|汇|借|扫|加|装|下载|买|点",
    re.IGNORECASE,
)


# A threat they made, told as the question ("they said they will call the police on me", 他们说会报警怎么办,
# 佢哋話會告我): the fear is what is asked, not "should I report it".
_THREAT = re.compile(
    r"\b(?:they|he|she|the caller|the man|the woman)(?: [a-z']+){0,2} (?:said|say|says|told me|threaten\w*|warned)\b"
    r"[^.!?]{0,40}\b(?:police|arrest\w*|sue|court|jail|prison|warrant|come (?:to|round|over)"
    r"|credit (?:score|record|file))"
    r"|\bwhat if (?:they|he|she|the police) (?:come|turn up|show up|arrest|sue)"
    r"|(?:他们|他|她|对方|骗子)[^。！？!?]{0,6}(?:说|讲|话|威胁|恐吓|吓)[^。！？!?]{0,8}"
    r"(?:报警|告我|起诉|抓我|上门|找上门|征信|坐牢|拘留|通缉|逮捕|冻结我)"
    r"|(?:会|要)(?:告我|起诉我|抓我|上门|报警抓)",
    re.IGNORECASE,
)


def intent_of(text: str) -> str | None:
    """One of "forget", "threat", "why", "too_late", "contacts", "should", or None (another kind of message)."""
    folded = fold(text)
    if _FORGET.search(folded):
        return "forget"
    if _THREAT.search(folded):
        return "threat"
    if _WHY.search(folded):
        return "why"
    if _TOO_LATE.search(folded):
        return "too_late"
    if _CONTACTS.search(folded):
        return "contacts"
    if _SHOULD_EN.search(folded) or _SHOULD_ZH.search(folded):
        return "should"
    return None


def asks_forget(text: str) -> bool:
    """A request, in words, to delete what the bot keeps about the person."""
    return len(text) <= 200 and _FORGET.search(fold(text)) is not None


_CLAUSE_END = re_compile(r"[，,。；;！!？?\n]")


def before_question(text: str) -> str:
    """What a yes/no question's message says before the clause that asks ("I already gave one code,"
    in "I already gave one code, should I give another?"): the rest is asked, not told as done."""
    folded = fold(text)
    cue = _SHOULD_EN.search(folded) or _SHOULD_ZH.search(folded)
    if cue is None:
        return ""
    ends = [m.end() for m in _CLAUSE_END.finditer(folded, 0, cue.start())]
    return folded[: ends[-1]] if ends else ""


# Asked about a step that protects (the police, the bank): answered by the chat's own topics.
_PROTECTS = re_compile(
    r"police|report|\bbank\b(?! details| account| card| number| login| password)|freeze|block (?:my|the) card"
    r"|cancel (?:my|the) card|back of (?:my|the) card|报警|报案|警察|公安|反诈|银行(?!卡|账|帐|密码)|冻结|挂失|止付"
    r"|背面|客服电话",
    re.IGNORECASE,
)


def asked_about(text: str) -> str | None:
    """What a yes/no question asks about doing: a demand kind (DEMANDS: the answer is No), "hang_up"
    (the answer is Yes), "giving" (giving or doing what they asked, the thing not named: No), or None."""
    folded = fold(text)
    start = len(before_question(text))  # the clause that asks: "我点他发的链接好唔好" asks at its end
    after, before = folded[start:], folded[:start]
    if _PROTECTS.search(after):
        return None  # "should I call my bank?", 要不要报警: the bank's or the police's answer
    found = [(m.start(), k) for k, rx in {**_SAFE, **_DEMANDS}.items() if (m := rx.search(after))]
    if found:
        return min(found)[1]
    found = [(m.start(), k) for k, rx in _DEMANDS.items() if (m := rx.search(before))]
    bare = not re.search(r"[a-z\u4e00-\u9fff]", _SHOULD_EN.sub("", _SHOULD_ZH.sub("", after)))
    if found and (_GIVING.search(after) or bare):
        return min(found)[1]  # "he needs one more code, should I give it?", "…加他微信，好不好"
    if _GIVING.search(after):
        return "giving"
    return None


# The organisation's own channel named in a yes/no question about paying ("is it safe to pay it on royalmail.com?",
# 那我可以在小程序里交吗): the person opening it themselves is the right way, not a demand.
_OFFICIAL_CHANNEL = re.compile(
    r"\bofficial (?:app|site|website|page)\b|\b(?:their|its|the) own (?:app|site|website)\b"
    r"|\btyp(?:e|ed|ing) (?:it|the address|the site)"
    r"|官方app|官方应用|官网|官方网站|小程序|小进程|官方公众号|官方客户端",
    re.IGNORECASE,
)
_THEIR_LINK = re.compile(
    r"\b(?:the|their|that|this|a) (?:link|url)\b|\bin the (?:text|sms|message|e-?mail)\b|they sent|he sent|she sent"
    r"|短信里|短信中|链接|连结|网址|他发的|她发的|对方发的|对方给的|他给的",
    re.IGNORECASE,
)


_PAY = re.compile(r"\bpa(?:y|id|ying)\b|\bsettle\b|交|付|缴|支付|给钱|过数", re.IGNORECASE)


def names_official_channel(text: str, domains: tuple[str, ...]) -> bool:
    """Whether a question about paying names the organisation's own channel (one of its `domains`, its official
    app or site, a mini-program) and no link or number that came from someone."""
    folded = fold(text)
    if _THEIR_LINK.search(folded) or not _PAY.search(folded):
        return False
    named = any(re.search(rf"(?<![a-z0-9.-]){re.escape(d.lower())}(?![a-z0-9-])", folded) for d in domains)
    return named or _OFFICIAL_CHANNEL.search(folded) is not None


# A question that asks what or how ("what should I say to the bank?", 我要跟银行怎么说, 我要同銀行講咩), not
# whether: its answer does not open with "Yes" / "No" / 要 / 不要, which would read as answering another
# question. English: the asking clause starts with the question word; Chinese: a question word and no
# A-not-A or yes/no particle (要不要, 好唔好, 吗).
_WH_EN = re_compile(
    _LEAD_EN + r"(?:[^,;.!?]*[,;.!?]\s*)*?(?:(?:so|and|then|but|ok|okay)\s+)?(?:what|how|which|where|who)\b(?!\s+if\b)",
    re.IGNORECASE,
)
_WH_ZH = re_compile(r"怎么|怎样|点样|咩|什么|甚么|哪个|哪里|边度|边个|几时")
_YES_NO_ZH = re_compile(
    r"要不要|该不该|应不应该|应唔应该|可不可以|能不能|好不好|好唔好|得唔得|使唔使|需不需要|用不用|会不会|会唔会|是不是|系咪|有没有|有冇|[吗嘛]\s*[?？]?\s*$"
)
_YES_NO_LEAD = re_compile(r"^\s*(?:yes|no)\b[.,:;]?\s*|^\s*(?:要|不要|不用|可以|唔好|唔使)[。，,：:]\s*", re.IGNORECASE)


def asks_what(text: str) -> bool:
    """Whether a follow-up asks what or how to do something rather than whether to."""
    folded = fold(text)
    if _WH_EN.match(folded):
        return True
    return _WH_ZH.search(folded) is not None and _YES_NO_ZH.search(folded) is None


def without_yes_no(answer: str, text: str) -> str:
    """`answer` without its opening "Yes" / "No" / 要 / 不要 when `text` asks what or how (`asks_what`)."""
    if not asks_what(text):
        return answer
    m = _YES_NO_LEAD.match(answer)
    if m is None or m.end() >= len(answer):
        return answer
    rest = answer[m.end() :]
    return rest[:1].upper() + rest[1:]
