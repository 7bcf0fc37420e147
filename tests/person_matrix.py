"""Replies that fit the person: generated conversations per category, with what a fitting reply is.

Five categories, each a product of parts (who, what they want, where the person is, how it is
written, what they ask next); the wording is this file's own:
- `verdict`: the headline agrees with the first line. Someone still on a call or who already paid is
  never shown "suspicious… do not act on it yet", nor is a "suspicious" headline shown with a risk
  of 0.85 or more.
- `region`: advice, hotlines and buttons come from the person's region. There are no mainland
  platforms, lenders or hotlines for Hong Kong, Taiwan, the UK…, and no "check the order" advice
  for a bank or tax call that names no order.
- `follow_up`: a question after the check gets an answer, not the check again. A message that
  says a code or money has gone gets the stop-the-loss steps first.
- `odd_input`: emoji, marks, a bare or full-width number, empty or huge text each get a clear
  answer, in the chat's language.
- `numbers`: an English text with no place clue never reads a local number as mainland China's
  (+86). It is read where the person is (/region), else reported as "country unknown".

Used by tests/test_person_matrix.py (asserts every category) and to print before/after figures:
`python tests/person_matrix.py` runs the matrix on the code it is imported with.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

NOW = 1_800_000_000.0


@dataclass(frozen=True)
class Turn:
    text: str = ""
    button: str = ""  # a button key pressed instead of text ("paid", "more"…)


@dataclass(frozen=True)
class Case:
    category: str
    kind: str  # what the judge checks, within the category
    turns: tuple[Turn, ...]
    lang: str  # the language the answer must be in: en / zh / both
    region: str = ""  # the person's region, where it matters
    setting: str = ""  # /region given before the first message
    hint: str | None = None  # Telegram's language_code
    extra: dict = field(default_factory=dict, compare=False, hash=False)


# -- what the replies must not or must say, in every script the bot writes ------------------------
SUSPICIOUS = ("Suspicious: do not act on it yet", "可疑，请先别照做", "可疑，請先別照做")
STOP_LOSS = ("Stop the loss first", "先止损", "先止損")
ACTIONS = (
    "Hang up",
    "End the video call",
    "Disconnect the computer",
    "Stop sharing",
    "挂断",
    "掛斷",
    "收線",
    "断网",
    "斷網",
    "停止共享",
)
WHY = ("\nWhy:", "\n为什么:", "\n為什麼:")
MAINLAND_ONLY = (
    "借呗",
    "借唄",
    "花呗",
    "花唄",
    "京东金条",
    "京東金條",
    "淘宝/天猫",
    "淘寶/天貓",
    "拼多多",
    "支付宝/微信",
    "支付寶/微信",
    "Alipay / WeChat",
    "Taobao / Tmall",
    "Pinduoduo",
)
MAINLAND_LINES = ("95338", "95188", "950618", "95588", "95555", "96110")
ORDER_ADVICE = ("check the order", "订单状态", "訂單狀態", "卡单、调单", "卡單、調單", "Order problems")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RISK = re.compile(r"\((?:risk|风险|風險) ([0-9.]+)\)")


# -- 1. verdict: urgent or clear scams -------------------------------------------------------------
V_EN = {
    "who": [
        ("a man from the tax office", "CA"),
        ("someone saying he was from the IRS", "US"),
        ("a 'police inspector' from the CBI", "IN"),
        ("a caller from HMRC", "GB"),
        ("a woman claiming to be from the ATO", "AU"),
        ("a guy from 'Inland Revenue'", "NZ"),
        ("an officer saying he was with the SPF", "SG"),
    ],
    "demand": [
        "said I must settle the debt at a bitcoin ATM today or be arrested",
        "wants me to buy gift cards and read him the numbers to avoid a warrant",
        "said my ID was used for money laundering and I must move my savings to a safe account",
        "told me I'm under digital arrest and must wire the bail money now",
    ],
    "state": {
        "call": ["and he is still on the phone with me", "and he says I must not hang up"],
        "video": ["and we're still on a video call"],
        "given": ["and I already sent him the money", "and I already paid 3000"],
    },
}
V_ZH = {
    "CN": (
        ["自称公安局的民警", "一个说是检察院的人", "冒充税务局的人"],
        [
            "说我涉嫌洗钱，要把存款转到安全账户配合调查",
            "说我有逮捕令，要我买比特币交保证金",
            "说我的身份证被人冒用，要我马上交罚款，不然就抓人",
        ],
        {
            "call": ["他现在还在电话里", "他不让我挂电话"],
            "video": ["我们还在视频通话"],
            "given": ["我已经转了两万过去", "我刚把钱转给他了"],
        },
    ),
    "TW": (
        ["自稱警察的人", "說是地檢署的檢察官"],
        ["說我的帳戶涉及洗錢，要我把錢轉到監管帳戶", "說我涉案要交保證金，叫我去買比特幣"],
        {"call": ["他現在還在電話上"], "video": ["我們還在視訊"], "given": ["我已經匯了五萬過去"]},
    ),
    "HK": (
        ["自稱警察嘅人", "話係入境處嘅職員"],
        ["話我戶口涉及洗黑錢，叫我將啲錢轉去安全戶口", "話有拘捕令，要我買比特幣交保釋金"],
        {"call": ["佢而家仲喺電話度"], "video": ["我哋仲喺視像通話"], "given": ["我已經過咗三萬俾佢"]},
    ),
}
KEY_ORDER = ("call", "video", "given")


def _verdict_cases() -> list[Case]:
    out = []
    for (who, region), demand, state in itertools.product(V_EN["who"], V_EN["demand"], KEY_ORDER):
        for tail in V_EN["state"][state]:
            text = f"{who.capitalize()} called, {demand}, {tail}"
            out.append(Case("verdict", "urgent", (Turn(text),), "en", region))
    for region, (whos, demands, states) in V_ZH.items():
        for who, demand, state in itertools.product(whos, demands, KEY_ORDER):
            for tail in states[state]:
                text = f"{who}打电话来，{demand}，{tail}" if region == "CN" else f"{who}打電話來，{demand}，{tail}"
                out.append(Case("verdict", "urgent", (Turn(text),), "zh", region))
    # Clear scams told without anyone in trouble: the headline may not be a hesitant "suspicious".
    for (who, region), demand in itertools.product(V_EN["who"], V_EN["demand"]):
        out.append(Case("verdict", "clear", (Turn(f"Is this real? {who} rang and {demand}."),), "en", region))
    return out


# -- 2. region: advice, hotlines and buttons of the person's region -------------------------------
R_BRAND = [  # a mainland brand's name used on someone elsewhere, in that place's writing
    ("HK", "我喺香港，有人自稱順豐客服打嚟，話我嘅包裹遺失咗要賠償，叫我加佢WhatsApp", ("95338",)),
    ("HK", "我喺香港，有個自稱淘寶客服嘅人話我訂單出錯，要我加佢微信辦退款", ("95188",)),
    ("HK", "屯門街坊收到自稱京東客服電話，話訂單異常要退款，叫佢加群", ("950618",)),
    ("TW", "有人自稱順豐客服打給我，說台北的包裹遺失要理賠，叫我加LINE", ("95338",)),
    ("HK", "有人話係順豐客服，話我個包裹唔見咗，要我加佢WhatsApp攞賠償", ("95338",)),  # no place: the writing
    ("TW", "自稱支付寶客服的人說我的帳戶要升級，叫我加他LINE處理", ("95188",)),
    ("TW", "自稱支付寶客服的人說我在台灣的帳戶被凍結，要我加LINE解凍", ("95188",)),
    (
        "GB",
        "I'm in London and a caller said he was SF Express customer service, my parcel was lost, add him on WhatsApp for compensation",
        ("95338",),
    ),
    (
        "GB",
        "A man from 'Alipay customer service' called me in Manchester, said my account is frozen and I should add him on WhatsApp",
        ("95188",),
    ),
    (
        "SG",
        "Got a call in Singapore from someone saying he's from SF Express, my parcel is lost and he will pay double if I add his WhatsApp",
        ("95338",),
    ),
    (
        "US",
        "Someone claiming to be JD.com customer service called me in New York about a refund and wants me on WhatsApp",
        ("950618",),
    ),
]
R_LOAN = [  # a victim who borrowed: the lenders named in the steps must be their region's (or none)
    ("HK", "我喺香港，俾人呃咗，佢叫我喺借錢App借咗{amt}再轉俾佢"),
    ("HK", "我阿媽喺旺角俾假客服呃咗，佢叫佢借咗{amt}貸款轉走咗"),
    ("TW", "我在台北被假客服騙了，他叫我在網路借了{amt}匯給他"),
    ("TW", "我已經照假銀行的話去貸款{amt}，然後轉給他了"),
    ("GB", "I took out a loan of £{amt} in an app and moved it to the 'bank' man, I'm in Leeds"),
    ("AU", "I borrowed ${amt} on a payday app and sent it by PayID to the fake Telstra guy"),
]
R_BANK = [  # a bank's or tax office's call that names no order: no "check the order" advice
    "自称{bank}的人打电话说我的账户有异常交易，交易被冻结了，要我{demand}",
    "{bank}客服来电说我的银行卡被盗刷，资金有风险，让我{demand}",
    "A caller from {bank_en} said a payment was stuck and my account is frozen, he wants me to {demand_en}",
    "{bank_en}'s fraud team rang: my account is compromised and frozen, I have to {demand_en}",
]
R_BANKS = [("工商银行", "Barclays"), ("招商银行", "Chase"), ("建设银行", "HSBC")]
R_DEMANDS = [
    ("把钱转到安全账户", "move my money to a safe account"),
    ("报验证码解冻", "read him the code from the text"),
]
R_THIN = [  # thin accounts from outside the mainland: the "who was it" buttons offer no mainland platforms
    ("TW", "有人打電話說我的東西有問題"),
    ("TW", "剛剛接到奇怪的電話，說要處理我的帳戶"),
    ("HK", "頭先有人打嚟話我有嘢要處理"),
    ("HK", "我喺香港收到一個奇怪電話"),
]


def _region_cases() -> list[Case]:
    out = [
        Case("region", "brand", (Turn(t),), "en" if t.isascii() else "zh", r, extra={"lines": lines})
        for r, t, lines in R_BRAND
    ]
    for (region, t), amt in itertools.product(R_LOAN, ("三萬", "20000", "5,000")):
        if t.isascii() and not amt.replace(",", "").isdigit():
            continue
        out.append(Case("region", "loan", (Turn(t.format(amt=amt)),), "en" if t.isascii() else "zh", region))
    for t, (bank, bank_en), (demand, demand_en) in itertools.product(R_BANK, R_BANKS, R_DEMANDS):
        text = t.format(bank=bank, bank_en=bank_en, demand=demand, demand_en=demand_en)
        out.append(Case("region", "bank", (Turn(text),), "en" if text.isascii() else "zh"))
    for region, t in R_THIN:
        out.append(Case("region", "buttons", (Turn(t),), "zh", region))
    for region in ("GB", "HK", "SG"):  # a /region setting: the same, whatever the text
        out.append(Case("region", "buttons", (Turn("我接到一个奇怪的电话"),), "zh", region, setting=region))
    return out


# -- 3. follow-ups: a question after the check ---------------------------------------------------
F_FIRST = {
    "en": [
        "Someone from Amazon called, said my account was charged for a laptop and I should install AnyDesk to cancel it",
        "A text says my parcel is held and I must pay a redelivery fee at this link: http://parcel-fee.example/pay",
        "A caller from 'my bank' said my account is compromised and I need to move my savings to a safe account",
    ],
    "zh": [
        "自称京东客服说我的订单卡单了，让我下载向日葵共享屏幕",
        "有人说是快递理赔，包裹丢了赔我三倍，让我加他微信扫码领取",
        "自称银行的人说我的账户有风险，要把钱转到安全账户",
    ],
}
F_ASK = {  # questions that add nothing to the account
    "en": [
        "so should I call my bank?",
        "should I report this to the police?",
        "what do I say to them if they call again?",
        "ok what now?",
        "thanks, is that all?",
        "Do I need to call them back?",
    ],
    "zh": [
        "那我要报警吗",
        "我要不要给银行打电话？",
        "他再打来我该怎么说",
        "那我现在怎么做",
        "谢谢，还需要做什么吗",
        "需要回拨给他吗",
    ],
}
F_GAVE = {  # questions that say something has gone
    "en": [
        "what if I already gave the code?",
        "I already gave him the code, what now?",
        "my mum already sent them £500, now what",
    ],
    "zh": ["我已经把验证码告诉他了怎么办", "我已经转了五千给他了", "如果我已经说了验证码呢"],
}


def _follow_up_cases() -> list[Case]:
    out = []
    for lang in ("en", "zh"):
        for first, ask in itertools.product(F_FIRST[lang], F_ASK[lang]):
            out.append(Case("follow_up", "ask", (Turn(first), Turn(ask)), lang))
        for first, gave in itertools.product(F_FIRST[lang], F_GAVE[lang]):
            out.append(Case("follow_up", "gave", (Turn(first), Turn(gave)), lang))
    return out


# -- 4. odd input --------------------------------------------------------------------------------
O_SYMBOLS = ["😱😱", "🙏", "???", "...", "！！！", "😭😭😭 ?", "👍", "—"]
O_NUMBERS = [
    "１３８００１３８０００",
    "＋８６ １３８ ００１３ ８０００",
    "+44 20 7946 0018",
    "＋４４ ２０ ７９４６ ００１８",
    "13800138000",
]


def _odd_cases() -> list[Case]:
    out = []
    out.append(Case("odd_input", "empty", (Turn(" "),), "both"))  # nothing says the language: both
    for sym in O_SYMBOLS:
        out.append(Case("odd_input", "symbols", (Turn(sym),), "en", hint="en"))
        out.append(Case("odd_input", "symbols", (Turn(sym),), "en", hint="en-GB"))
        out.append(Case("odd_input", "symbols", (Turn("Hi, I got a strange call about my parcel"), Turn(sym)), "en"))
        out.append(Case("odd_input", "symbols", (Turn("有人打电话说我的快递丢了"), Turn(sym)), "zh"))
        out.append(Case("odd_input", "symbols", (Turn(sym),), "zh", hint="zh-hans"))
        out.append(Case("odd_input", "symbols", (Turn(sym),), "both"))
    for num in O_NUMBERS:
        out.append(Case("odd_input", "number", (Turn(num),), "en", hint="en"))
        out.append(Case("odd_input", "number", (Turn("Hello, I had a weird call"), Turn(num)), "en"))
        out.append(Case("odd_input", "number", (Turn(num),), "zh", hint="zh"))
    for hint, lang in (("en", "en"), ("zh", "zh")):
        out.append(Case("odd_input", "empty", (Turn("   "),), lang, hint=hint))
        out.append(
            Case(
                "odd_input",
                "empty",
                (Turn("Someone rang about my parcel" if lang == "en" else "有人打电话说我的快递丢了"), Turn("\n\t ")),
                lang,
            )
        )
        out.append(
            Case("odd_input", "huge", (Turn("your parcel is held, pay the fee at the link " * 500),), "en", hint=hint)
        )
    return out


# -- 5. numbers in English texts with no place clue ----------------------------------------------
N_TEXTS = [
    "Got a text: your parcel is held, call {n} to pay the redelivery fee",
    "A man said he was from my bank's fraud team and told me to ring him back on {n}",
    "Missed call from {n}, then a voicemail saying my account will be suspended",
    "they said press 1 or call {n} to cancel the order",
]
N_LOCAL = [  # written the local way, no country code: (number, the country it really is)
    ("0412 345 678", "AU"),
    ("0491 570 156", "AU"),
    ("020 7946 0018", "GB"),
    ("07911 123456", "GB"),
    ("(212) 555-0143", "US"),
    ("415 555 0199", "US"),
    ("9876543210", "IN"),
    ("8123 4567", "SG"),
    ("021 123 4567", "NZ"),
]


def _number_cases() -> list[Case]:
    out = []
    for t, (n, real) in itertools.product(N_TEXTS, N_LOCAL):
        out.append(Case("numbers", "no_clue", (Turn(t.format(n=n)),), "en", real))
        out.append(Case("numbers", "setting", (Turn(t.format(n=n)),), "en", real, setting=real))
    return out


def cases() -> list[Case]:
    return [*_verdict_cases(), *_region_cases(), *_follow_up_cases(), *_odd_cases(), *_number_cases()]


# -- running and judging -------------------------------------------------------------------------
@dataclass
class Result:
    case: Case
    replies: list[list[str]]  # per turn, the texts of the replies
    buttons: list[list[str]]  # per turn, the button labels
    hit: bool
    why: str = ""


def _lang_ok(text: str, lang: str) -> bool:
    cjk = len(_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]{3,}", text))
    if lang == "en":
        return cjk == 0 and latin > 0
    if lang == "zh":
        return cjk > 0 and latin <= cjk
    return cjk > 0 and latin > 0


def judge(case: Case, replies: list[list[str]], buttons: list[list[str]]) -> tuple[bool, str]:
    last = "\n\n".join(replies[-1])
    first_line = replies[-1][0].split("\n", 1)[0] if replies[-1] else ""
    if case.category == "verdict":
        if any(s in last for s in SUSPICIOUS) and (case.kind == "urgent" or _risk(last) >= 0.85):
            return False, "a hesitant 'suspicious' headline"
        if case.kind == "urgent" and not any(a in first_line for a in (*ACTIONS, *STOP_LOSS)):
            return False, f"first line {first_line[:40]!r}"
        return True, ""
    if case.category == "region":
        if case.kind == "bank":
            bad = [w for w in ORDER_ADVICE if w in last]
            return not bad, f"order advice {bad}"
        labels = " ".join(buttons[-1])
        if case.kind == "buttons":
            bad = [w for w in MAINLAND_ONLY if w in labels]
            return not bad, f"buttons {bad}"
        # The brand they named may be named back; its mainland lines, mainland lenders and other
        # mainland platforms may not.
        named = case.turns[-1].text
        others = [w for w in MAINLAND_ONLY if w in last + labels and w.split("/")[0] not in named]
        bad = others + [n for n in MAINLAND_LINES if re.search(rf"(?<!\d){n}(?!\d)", last)]
        return not bad, f"mainland {bad}"
    if case.category == "follow_up":
        second = "\n\n".join(replies[1])
        if any(w in second for w in WHY):
            return False, "the check repeated"
        if not second.strip():
            return False, "no answer"
        if case.kind == "gave" and not any(s in replies[1][0].split("\n", 1)[0] for s in STOP_LOSS):
            return False, f"first line {replies[1][0][:40]!r}"
        return _lang_ok(second, case.lang), "language"
    if case.category == "odd_input":
        if not last.strip():
            return False, "no answer"
        if case.kind == "number" and not re.match(r"(Number|号码|號碼)", first_line):
            return False, f"not a number check: {first_line[:40]!r}"
        if case.kind == "huge" and not re.search(r"first \d+ characters|前 ?\d+ ?个字", last):
            return False, "no note that only a part was read"
        if case.kind == "symbols" and any(v in last for v in ("No scam signs", "未发现诈骗特征")):
            return False, "a verdict on nothing"
        if case.kind in ("symbols", "empty") or (case.kind == "number" and len(case.turns) > 1):
            return _lang_ok(last, case.lang), "language"
        return True, ""
    if case.category == "numbers":
        if "→ +86" in last:
            return False, "read as mainland China's"
        if case.kind == "setting":
            return _has_code(last, case.region), f"not read as {case.region}'s"
        return "country unknown" in last or _has_code(last, case.region), "neither unknown nor its country"
    return False, "unknown category"


def _has_code(text: str, region: str) -> bool:
    code = {"AU": "+61", "GB": "+44", "US": "+1", "IN": "+91", "SG": "+65", "NZ": "+64", "CA": "+1"}[region]
    return f"→ {code}" in text


def _risk(text: str) -> float:
    m = _RISK.search(text)
    return float(m.group(1)) if m else 0.0


def run(engine_factory, limit: int | None = None) -> list[Result]:
    """Each case as a fresh private chat; `engine_factory()` -> a conversation Engine."""
    from bot.conversation.engine import ChatState, Incoming

    engine = engine_factory()
    todo = cases()
    if limit is not None and len(todo) > limit:
        todo = todo[:: len(todo) // limit][:limit]
    out = []
    for case in todo:
        state = ChatState(region=case.setting or None)
        replies, buttons = [], []
        for i, turn in enumerate(case.turns):
            if turn.button:
                msg = Incoming("button", data=f"{state.nonce}|{turn.button}", now=NOW + i, lang_hint=case.hint)
            else:
                msg = Incoming("text", text=turn.text, now=NOW + i, lang_hint=case.hint)
            outcome = engine.handle(state, msg)
            state = outcome.state
            replies.append([r.text for r in outcome.replies])
            buttons.append([b.label for r in outcome.replies for row in r.buttons for b in row])
        hit, why = judge(case, replies, buttons)
        out.append(Result(case, replies, buttons, hit, "" if hit else why))
    return out


def rates(results: list[Result], key=lambda c: c.category) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {}
    for r in results:
        g = out.setdefault(key(r.case), [0, 0])
        g[0] += r.hit
        g[1] += 1
    return {k: (h, n) for k, (h, n) in out.items()}


def _engine_factory():
    import tempfile

    from bot.conversation.engine import Engine
    from bot.services.numbers import NumberService
    from bot.store import Store
    from knowledge import load_knowledge
    from nlu.analyzer import Analyzer
    from nlu.phones import NumberIntel

    kb = load_knowledge()
    store = Store(tempfile.mkdtemp() + "/m.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    return Engine(kb, analyzer.analyze, numbers.check, numbers.parse)


if __name__ == "__main__":
    import sys

    results = run(_engine_factory)
    for group, (h, n) in sorted(rates(results).items()):
        print(f"{group:10s} {h:4d}/{n:<4d} {h / n:.3f}")
    for group, (h, n) in sorted(rates(results, lambda c: f"{c.category}/{c.kind}").items()):
        print(f"  {group:22s} {h:4d}/{n}")
    total = sum(r.hit for r in results)
    print(f"all        {total:4d}/{len(results)}")
    if "-v" in sys.argv:
        for r in results:
            if not r.hit:
                print(f"MISS {r.case.category}/{r.case.kind}: {r.case.turns[-1].text[:70]!r} -> {r.why}")
