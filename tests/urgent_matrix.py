"""Urgent messages generated from parts, with what the first reply must do.

A message is who acted (the writer or a relative) × what was given (money by that region's rails,
a loan, a code, card details, remote access) × done or still happening (on the call, on a video
call, connected to the computer, in a meeting) × a question or plea after it × how it is written
(language, dialect, region; capitals and punctuation dropped). The wording is this file's own.

Used by tests/test_urgent_matrix.py (asserts the hit rate) and benchmarks/bench_urgent.py (prints it).
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    text: str
    lang: str  # en / zh / zh-Hant / yue
    region: str  # the region whose help must be given
    action: str  # "given" (stop the loss) or an ongoing mode: call / video / computer / meeting


# What must be on screen for each region: the anti-fraud or report contact only that region has.
KEY = {
    "CN": "96110",
    "TW": "165",
    "HK": "18222",
    "GB": "Action Fraud",
    "US": "reportfraud.ftc.gov",
    "AU": "Scamwatch",
    "CA": "1-888-495-8501",
    "SG": "1799",
    "IN": "1930",
    "NZ": "Netsafe",
    "MY": "997",
}

# What the first line of the first reply says, per action and reply language.
FIRST = {
    "en": {
        "given": "Stop the loss first",
        "call": "Hang up",
        "video": "End the video call",
        "computer": "Disconnect the computer",
        "meeting": "Stop sharing your screen",
    },
    "zh": {
        "given": ("先止损", "先止損"),
        "call": ("挂断电话", "掛斷電話", "收線"),
        "video": ("挂断视频", "掛斷視訊", "掛斷視像", "掛斷視頻"),
        "computer": ("断网", "斷網"),
        "meeting": ("停止共享屏幕", "停止共享螢幕", "停止共享屏幕"),
    },
}

# -- English, per region: the money rail, an amount, who they said they were -----------------
EN_REGIONS = {
    "US": (
        ["via Zelle", "through Cash App", "with a wire from my checking"],
        ["$1,200", "900 dollars"],
        ["the 'IRS' agent", "a guy saying he was from Amazon"],
    ),
    "GB": (["by bank transfer", "by faster payment"], ["£450", "800 quid"], ["the HMRC man", "a 'BT' engineer"]),
    "AU": (["by PayID", "with an Osko transfer"], ["$600", "AUD 2,000"], ["the Telstra tech", "someone from 'myGov'"]),
    "CA": (
        ["by Interac e-transfer", "with an e-transfer"],
        ["$700", "CAD 1,500"],
        ["the CRA agent", "a lady from 'Service Canada'"],
    ),
    "IN": (
        ["on UPI", "through PhonePe", "by Paytm"],
        ["₹25,000", "40000 rupees"],
        ["the 'CBI' officer", "a FedEx customs guy from Mumbai"],
    ),
    "SG": (["by PayNow", "via PayLah"], ["S$800", "SGD 3,000"], ["the 'SPF' officer", "a fake DBS officer"]),
    "NZ": (
        ["through Kiwibank online banking", "from my ASB account"],
        ["NZ$900", "NZD 2,500"],
        ["the Spark tech", "someone from 'IRD'"],
    ),
    "MY": (
        ["by DuitNow", "through Maybank2u"],
        ["RM 3,000", "5000 ringgit"],
        ["the 'PDRM' officer", "a 'Pos Laju' agent"],
    ),
}
EN_WHO = [("I", "my", "me"), ("my mum", "her", "her"), ("my grandad", "his", "him")]
EN_GIVEN = {
    "money": [
        "{who} already sent {amt} {rail} to {caller}",
        "{who} just transferred {amt} {rail} to {caller}",
    ],
    "loan": ["{who} took out a loan of {amt} in an app and moved it {rail} to {caller}"],
    "code": [
        "{who} read the one-time passcode from the text out to {caller}",
        "{who} gave {caller} the 6 digit code they sent",
    ],
    "card": [
        "{who} gave {caller} {poss} card number and the three digits on the back",
        "{who} typed {poss} card details into the link from {caller}",
    ],
    "remote": ["{who} installed AnyDesk because {caller} said so"],
}
EN_ONGOING = {
    "call": ["{caller} is still on the line", "{caller} told {obj} not to hang up"],
    "video": ["we're still on a video call with {caller}"],
    "computer": ["{caller} is still connected to {poss} laptop right now"],
    "meeting": [
        "i'm still sharing my screen with {caller} in a zoom meeting",
        "we are still in a teams meeting with {caller}",
    ],
}
EN_TAILS = ["", " what do I do now?", " help!!", " - what now", " please help me", " what should we do"]

# -- Chinese: mainland (simplified), Taiwan (Traditional), Hong Kong (Cantonese) ---------------
ZH = {
    "CN": {
        "lang": "zh",
        "who": [("我", "我"), ("我妈", "她"), ("我爸", "他")],
        "caller": ["冒充公安的人", "自称京东客服的那个人"],
        "amt": ["两万块", "5000元"],
        "given": {
            "money": ["{who}已经用支付宝转了{amt}给{caller}", "{who}刚刚给{caller}汇了{amt}"],
            "loan": ["{who}在借呗借了{amt}，已经转给{caller}了"],
            "code": ["{who}把短信验证码告诉{caller}了", "{who}已经把验证码念给{caller}了"],
            "card": ["{who}把银行卡号和有效期都发给{caller}了"],
            "remote": ["{who}已经按{caller}说的下载了向日葵"],
        },
        "ongoing": {
            "call": ["{caller}还在电话里没挂", "{caller}叫{obj}不要挂电话"],
            "video": ["{caller}还在跟{obj}视频"],
            "computer": ["{caller}现在还连着{obj}的电脑"],
            "meeting": ["{obj}还在腾讯会议里共享屏幕"],
        },
        "tails": ["", "怎么办", "，现在该怎么办？", "，求助！！", "咋办啊", "，是不是被骗了"],
    },
    "TW": {
        "lang": "zh-Hant",
        "who": [("我", "我"), ("我媽", "她"), ("我爸", "他")],
        "caller": ["假檢察官", "自稱蝦皮客服的人"],
        "amt": ["三萬塊", "兩萬元"],
        "given": {
            "money": ["{who}已經用網銀轉了{amt}給{caller}", "{who}剛剛匯了{amt}給{caller}"],
            "loan": ["{who}在網路上借了{amt}，已經轉給{caller}了"],
            "code": ["{who}把簡訊驗證碼告訴{caller}了"],
            "card": ["{who}把信用卡卡號和安全碼都給{caller}了"],
            "remote": ["{who}已經照{caller}說的下載了遠端軟體"],
        },
        "ongoing": {
            "call": ["{caller}還在電話上", "{caller}叫{obj}不要掛電話"],
            "video": ["{caller}還在跟{obj}視訊"],
            "computer": ["{caller}現在還連著{obj}的電腦"],
            "meeting": ["{obj}還在會議軟體裡分享螢幕，正在共享畫面"],
        },
        "tails": ["", "怎麼辦", "，該怎麼辦？", "，拜託幫幫我", "，求救"],
    },
    "HK": {
        "lang": "yue",
        "who": [("我", "我"), ("我阿媽", "佢"), ("我老豆", "佢")],
        "caller": ["個扮警察嘅人", "個假客服"],
        "amt": ["五萬蚊", "兩萬蚊"],
        "given": {
            "money": ["{who}頭先轉咗{amt}俾{caller}", "{who}已經用轉數快俾咗{amt}{caller}"],
            "loan": ["{who}喺財務公司借咗{amt}，已經轉咗俾{caller}"],
            "code": ["{who}俾咗個一次性密碼{caller}", "{who}將驗證碼話咗俾{caller}知"],
            "card": ["{who}俾咗信用卡號碼同安全碼{caller}"],
            "remote": ["{who}已經照{caller}講裝咗AnyDesk"],
        },
        "ongoing": {
            "call": ["{caller}仲喺電話度", "{caller}叫{obj}唔好收線"],
            "video": ["{caller}仲同{obj}視像緊"],
            "computer": ["{caller}而家仲連住{obj}部電腦"],
            "meeting": ["{obj}仲喺Zoom度分享緊螢幕"],
        },
        "tails": ["", "點算", "，點算好？", "，我應該點做", "，救命"],
    },
}


def _action(kind: str, ongoing: str | None) -> str:
    """What must come first: with remote access given and anything still open, cutting the computer
    off (hanging up does not end remote control); else what is still open; else stop the loss."""
    if ongoing and kind == "remote":
        return "computer"
    return ongoing or "given"


# Slips of a hurried thumb, applied to some messages.
TYPOS = {
    "en": {"transferred": "transfered", "already": "alredy", "what": "wat", "please": "pls", "paid": "payed"},
    "zh": {"验证码": "验正码", "转账": "转帐", "怎么办": "怎么半"},
}


def _typos(text: str, lang: str) -> str:
    for right, slip in TYPOS[lang].items():
        text = text.replace(right, slip)
    return text


def _plain(text: str) -> str:
    """As typed in a hurry: lower case, no punctuation."""
    return re.sub(r"[.,!?;:'\"—-]+", " ", text.lower()).strip()


def _en_cases() -> list[Case]:
    out: list[Case] = []
    for region, (rails, amts, callers) in EN_REGIONS.items():
        for (who, poss, obj), (kind, templates), ongoing, tail in itertools.product(
            EN_WHO, EN_GIVEN.items(), [None, *EN_ONGOING], EN_TAILS
        ):
            r = random.Random(f"{region}{who}{kind}{ongoing}{tail}")
            slots = {
                "who": who,
                "poss": poss,
                "obj": obj,
                "amt": r.choice(amts),
                "rail": r.choice(rails),
                "caller": r.choice(callers),
            }
            text = r.choice(templates).format(**slots)
            text = text[0].upper() + text[1:]
            if ongoing:
                text += ", and " + r.choice(EN_ONGOING[ongoing]).format(**slots)
            text += "." if not tail else ""
            text += tail
            roll = r.random()
            text = _plain(text) if roll < 0.3 else _typos(text, "en") if roll < 0.5 else text
            out.append(Case(text, "en", region, _action(kind, ongoing)))
    out = _sample(out)
    for region, (_rails, _amts, callers) in EN_REGIONS.items():
        for ongoing, (who, poss, obj), tail in itertools.product(EN_ONGOING, EN_WHO[:1], EN_TAILS):
            r = random.Random(f"{region}{ongoing}{tail}")
            slots = {"who": who, "poss": poss, "obj": obj, "caller": r.choice(callers)}
            text = r.choice(EN_ONGOING[ongoing]).format(**slots)
            text = text[0].upper() + text[1:] + (tail or ".")
            out.append(Case(text, "en", region, ongoing))
    return out


def _zh_cases() -> list[Case]:
    out: list[Case] = []
    given: list[Case] = []
    for region, p in ZH.items():
        for (who, obj), (kind, templates), ongoing, tail in itertools.product(
            p["who"], p["given"].items(), [None, *p["ongoing"]], p["tails"]
        ):
            r = random.Random(f"{region}{who}{kind}{ongoing}{tail}")
            slots = {"who": who, "obj": obj, "amt": r.choice(p["amt"]), "caller": r.choice(p["caller"])}
            text = r.choice(templates).format(**slots)
            if ongoing:
                text += "，" + r.choice(p["ongoing"][ongoing]).format(**slots)
            text += tail or "。"
            roll = r.random()
            if roll < 0.3:
                text = re.sub(r"[，。！？,.!?]", " ", text).strip()
            elif roll < 0.45:
                text = _typos(text, "zh")
            given.append(Case(text, p["lang"], region, _action(kind, ongoing)))
        for ongoing, tail in itertools.product(p["ongoing"], p["tails"]):
            r = random.Random(f"{region}{ongoing}{tail}")
            slots = {"who": "我", "obj": "我", "caller": r.choice(p["caller"])}
            text = r.choice(p["ongoing"][ongoing]).format(**slots) + (tail or "。")
            out.append(Case(text, p["lang"], region, ongoing))
    return _sample(given) + out


PER_REGION = 50  # combinations of given × ongoing × tail kept per region (a fixed, seeded sample)


def _sample(combos: list[Case]) -> list[Case]:
    """A fixed sample of PER_REGION combinations per region, every action represented."""
    out: list[Case] = []
    for region in dict.fromkeys(c.region for c in combos):
        mine = [c for c in combos if c.region == region]
        random.Random(region).shuffle(mine)
        done = [c for c in mine if c.action == "given"][: PER_REGION // 2]  # half: nothing still open
        picked = [next(c for c in mine if c.action == a) for a in dict.fromkeys(c.action for c in mine)]
        picked += [c for c in done if c not in picked]
        picked += [c for c in mine if c not in picked and c.action != "given"][: PER_REGION - len(picked)]
        out += picked
    return out


# Hand-written, one per line of thought, in each dialect (not generated, not from any issue).
HAND = [
    Case("i think i messed up, my dad zelled 2k to someone claiming to be his bank", "en", "US", "given"),
    Case("Gave the caller my long card number & expiry, he said he's from Royal Mail. Now what", "en", "GB", "given"),
    Case("mum bought $500 in gift cards at woolies and read the codes to the 'ATO' man", "en", "AU", "given"),
    Case("Sir I have done UPI payment of Rs 15000 to the courier person, kindly help", "en", "IN", "given"),
    Case("the guy from 'canada post' still has access to my computer right now", "en", "CA", "computer"),
    Case("my ah ma transferred 5k paynow to the man, he still on the phone with her now", "en", "SG", "call"),
    Case("transferred NZD 300 to the 'NZ Post' fee link and he's still on the phone", "en", "NZ", "call"),
    Case("我爸刚把六位数验证码报给了自称银行的人，人还在电话上", "zh", "CN", "call"),
    Case("我已經把提款卡密碼告訴假警察了怎麼辦", "zh-Hant", "TW", "given"),
    Case("我頭先俾咗信用卡號碼個假客服，佢仲喺線上點算", "yue", "HK", "call"),
]


def cases() -> list[Case]:
    """Every generated case plus the hand-written ones, in a fixed order."""
    return [*_en_cases(), *_zh_cases(), *HAND]


# A relative still on the line (F25): the writer is told to reach them and get them to do it.
FIRST_RELATIVE_EN = {"call": "hang up", "video": "end the video call", "computer": "disconnect the computer",
                     "meeting": "stop sharing"}  # fmt: skip
_RELATIVE_EN = re.compile(r"^\W*my\s", re.IGNORECASE)
_WRITER_ON_LINE_EN = re.compile(r"(?<![a-z'])(?:we're|we are|we re|i'm|i am|i m)(?![a-z'])", re.IGNORECASE)


def first_line_ok(case: Case, first_line: str) -> bool:
    relative = _RELATIVE_EN.match(case.text) and not _WRITER_ON_LINE_EN.search(case.text)  # (not "we're still on")
    if case.lang == "en" and case.action in FIRST_RELATIVE_EN and relative:
        return first_line.startswith("Reach your") and FIRST_RELATIVE_EN[case.action] in first_line
    wanted = FIRST["en" if case.lang == "en" else "zh"][case.action]
    return any(w in first_line for w in ((wanted,) if isinstance(wanted, str) else wanted))


_NUMBERISH = re.compile(r"\d")


def region_ok(case: Case, screen: str) -> bool:
    """The region's own contact is on screen and no other region's is."""

    def has(key: str) -> bool:
        if _NUMBERISH.match(key):
            return re.search(rf"(?<![\d-]){re.escape(key)}(?![\d-])", screen) is not None
        return key.lower() in screen.lower()

    return has(KEY[case.region]) and not any(has(k) for r, k in KEY.items() if r != case.region)


@dataclass(frozen=True)
class Result:
    case: Case
    first_line: str
    first_ok: bool
    region_ok: bool

    @property
    def hit(self) -> bool:
        return self.first_ok and self.region_ok


def run(kb, analyze, check_number, parse_number, limit: int | None = None) -> list[Result]:
    """Each case as the first message of a fresh private chat; the first screen judged (the first
    `limit` cases spread evenly over the matrix, when given: the benchmark's smoke mode)."""
    from bot.conversation.engine import ChatState, Engine, Incoming

    engine = Engine(kb, analyze, check_number, parse_number)
    out = []
    todo = cases()
    if limit is not None and len(todo) > limit:
        todo = todo[:: len(todo) // limit][:limit]
    for case in todo:
        replies = engine.handle(ChatState(), Incoming("text", text=case.text, now=1_800_000_000.0)).replies
        first = replies[0].text.split("\n", 1)[0] if replies else ""
        urgent = [r.text for r in replies[:2]]  # the action / steps messages, before the report
        out.append(Result(case, first, first_line_ok(case, first), region_ok(case, "\n".join(urgent))))
    return out


def rates(results: list[Result], key) -> dict[str, tuple[int, int]]:
    """(hits, total) per group: key(case) -> group name."""
    out: dict[str, list[int]] = {}
    for r in results:
        g = out.setdefault(key(r.case), [0, 0])
        g[0] += r.hit
        g[1] += 1
    return {k: (h, n) for k, (h, n) in out.items()}
