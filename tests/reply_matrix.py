"""Replies that read right: generated conversations, and what a reply that reads right must do.

Categories (each a product of parts, in English, simplified Chinese, Taiwan's Traditional Chinese
and written Cantonese; the wording is this file's own):
- `reasons`: a quoted reason fits the words it quotes. `link`: a label about a link needs a link
  ("paynow" is a payment rail, not "pay now through the link"). `done`: what the person already did
  ("I installed it") is not quoted as something asked of them. `warning`: an advisory is not shown
  as the scam it warns about ("Matches: …", "claims to be police").
- `repeat`: advice the emergency steps already gave (uninstall the app) is not given again below.
- `no_number`: "没有号码", "no number", "冇號碼" in answer to "which number?" is acknowledged; the
  check is not sent again.
- `known`: a question after the person said what went ("那我要报警吗" after "我已经转了5000") is
  answered for what the conversation knows, not with "if money went…".
- `context`: "I already installed it, it was called RustDesk" after "they want me to install an
  app" gets the stop-the-loss steps, as "I already installed RustDesk" alone does.

Used by tests/test_reply_matrix.py; `python tests/reply_matrix.py` prints the hit rates.
"""

from __future__ import annotations

import itertools
import re

from person_matrix import F_FIRST, Case, Result, Turn, rates

NOW = 1_800_000_000.0
STOP_LOSS = ("Stop the loss first", "先止损", "先止損")
WHY_HEADS = (
    "\nWhy:",
    "\n为什么:",
    "\n為什麼:",
    "\nWhat the warning describes:",
    "\n提醒里描述的手法:",
    "\n提醒裡描述的手法:",
)
LINK_LABELS = ("through the link", "link they sent", "通过链接", "通過連結", "通過鏈接", "对方给的链接", "對方給的連結")
ASK_INSTALL = ("asks you to install", "要你下载安装", "要你下載安裝")
MATCHED = ("\nMatches:", "\n符合的骗局:", "\n符合的騙局:")
CLAIMS = ("claims to be police", "claiming to be", "自称", "自稱", "冒充的")
UNINSTALL = re.compile(r"uninstall|卸载|卸載|解除安裝")
CONDITIONAL = (
    "If money",
    "Yes, if",
    "If you gave",
    "如果钱",
    "如果錢",
    "如果给了",
    "如果給了",
    "如果什么都没给",
    "如果什麼都沒給",
)

# -- reasons / link: a payment rail or "pay now" wording with no link anywhere -----------------------
L_EN = [
    "Got a message saying my parcel is held and I must pay the {fee} redelivery fee by PayNow to {n} today",
    "A 'courier' texted that my package is stuck at customs, pay {fee} via paynow to {n} to release it",
    "someone claiming to be from the post office says there's a {fee} fee owing, paynow to {n}",
]
L_ZH = [
    "有人发短信说我的包裹被扣了，要我用PayNow付{fee}给{n}才能派送",
    "有個自稱快遞的人說我的包裹卡在海關，要我用paynow付{fee}到{n}",
    "有人話係速遞公司，話我個包裹要補{fee}運費，叫我paynow去{n}",
]
L_FEES = [("$2.50", "2.5新币"), ("S$3.20", "3.2元")]
L_NUMS = ("8123 4567", "9234 5678")

# -- reasons / done: the person already installed the app; nobody asked them in these words -----------
D_EN = [
    "{who} rang about a refund on my account. I installed {app} on my laptop before I hung up.",
    "{who} called about my subscription; I downloaded {app} and installed it already.",
    "After {who} phoned me about a refund I already installed {app}.",
]
D_WHO_EN = ("A man from Amazon", "Someone saying he was Microsoft support", "A 'PayPal agent'")
D_ZH = [
    "{who}打电话说要给我退款，我已经下载了{app}。",
    "{who}打電話說要退款給我，我已經下載了{app}。",
    "{who}打嚟話要退錢俾我，我已經裝咗{app}。",
]
D_WHO_ZH = ("自称淘宝客服的人", "一个说是京东客服的人", "自稱蝦皮客服的人")
D_APPS = ("AnyDesk", "TeamViewer", "向日葵")
D_CODE = [  # a code already told: not "asks for a verification code"
    "{who} rang about a payment on my card; I already read him the code from the text",
    "{who} called and I already told her the 6-digit code",
    "{who}打电话说我的卡有异常，我已经把验证码告诉他了",
    "{who}打來說帳戶有問題，我已經把驗證碼給他了",
    "{who}打嚟話我戶口有問題，我已經將驗證碼講咗俾佢聽",
]
D_CODE_WHO = {
    "en": ("A woman from 'my bank'", "Someone from 'Visa security'"),
    "zh": ("自称银行客服的人", "自稱警察的人"),
}
ASK_CODE = ("asks for a verification code", "要你提供验证码", "要你提供驗證碼")

# -- reasons / warning: an advisory naming the authority it comes from ---------------------------
W_EN = [
    "Police advisory: scammers are phoning residents {pose} and demanding transfers to a 'safe account'. {never}",
    "PUBLIC WARNING from the police: fraudsters {pose} tell victims to move savings to a safe account. {never}",
]
W_POSE = ("pretending to be police officers", "posing as police and bank staff")
W_NEVER = ("Police will never ask you to transfer money.", "The police never ask for money over the phone.")
W_ZH = [
    "警方提醒：近期有骗子冒充{who}打电话，称你涉嫌洗钱，要求把钱转到安全账户。公安机关不会要求转账。",
    "警方提醒：近期有騙徒冒充{who}來電，稱你涉嫌洗錢，要求把錢轉到安全帳戶。警察不會要求轉帳。",
    "警方呼籲：最近有騙徒扮{who}打嚟，話你涉及洗黑錢，叫你將錢轉去安全戶口。警方唔會要求你轉賬。",
]
W_WHO_ZH = ("公安民警", "警察")

# -- reasons / label: an order or charge the person never made is not a "stuck order", nor a parcel
# to pay on delivery -------------------------------------------------------------------------------
U_EN = [
    "{who} rang about a {item} ordered on my account that I never bought, press 1 to cancel",
    "{who} called to say a {item} purchase was made on my account and I should call back to dispute it",
    "Got a call from {who} about an unauthorised purchase of a {item}, they want me to ring them to cancel it",
]
U_ZH = [
    "有人自称{who}客服打电话说我的信用卡被刷了一笔买{item}的钱，让我回拨取消",
    "自稱{who}客服的人說我的信用卡被盜刷了一筆{item}的錢，叫我打他給的電話取消",
    "有個自稱{who}客服嘅人話我張信用卡被刷咗一筆買{item}嘅錢，叫我打返去取消",
    "有人说是{who}客服，说我的账户被他人盗用了，买了一台{item}，要我配合取消",
]
U_WHO_ZH = ("京东", "淘寶", "拼多多")
U_ITEMS_ZH = ("手机", "電腦")
U_WHO = ("a man from Amazon", "someone saying he was PayPal", "'Apple support'")
U_ITEMS = ("laptop", "iPhone", "MacBook")
U_WRONG = ("order stuck", "stuck order", "卡单", "卡單", "订单异常", "訂單異常", "Fake cash-on-delivery")

# -- repeat: an app installed (or a screen still shared), then the report below the steps -------------
R_EN = [
    "{who} said my account was hacked and asked me to install {app}; I already installed it and gave them access",
    "{who} wanted me to download {app} to get a refund, and I installed {app} and let them in",
]
R_WHO_EN = ("A caller from 'Amazon'", "Someone from 'my bank'")
R_ZH = [
    "{who}说要退款，让我下载{app}共享屏幕，我已经安装了{app}",
    "{who}說要退款，叫我下載{app}分享螢幕，我已經安裝了{app}",
    "{who}話要退錢，叫我裝{app}，我已經裝咗{app}俾佢遙控",
]
R_WHO_ZH = ("自称淘宝客服的人", "自稱客服的人")
R_ASKED = [  # asked only: the advice below says "uninstall" once, not once per source
    "{who} called about an order I never placed and wants me to install {app} so he can refund it",
    "{who}说我的订单要退款，让我下载{app}共享屏幕",
    "{who}說要退款給我，叫我下載{app}分享螢幕",
]
R_APPS = ("AnyDesk", "TeamViewer")

# -- no_number: the answer to "which number?" ------------------------------------------------------
N_FIRST = {
    "en": "Someone rang saying he was from a courier and my parcel was lost, he'll pay compensation",
    "zh": "有个自称快递公司的人打电话说我的包裹丢了，要给我理赔",
}
N_ANSWERS = {
    "en": ["no number", "I don't know the number", "there was no number", "hidden number", "none", "No number."],
    "zh": ["没有号码", "不知道号码", "冇號碼", "唔知號碼", "沒有號碼", "号码是隐藏的", "忘了", "没有"],
}

# -- known: a question after the person said what went ---------------------------------------------
K_GAVE = {
    "en": [
        "A man from my bank said my account was at risk and I already transferred 3000 to the safe account he gave",
        "I already sent the 'courier' £400 like he told me",
        "I already paid the 'tax officer' 2000 dollars by bank transfer",
    ],
    "zh": ["我已经按他说的转了8000", "我已經照他說的匯了一萬過去", "我已經過咗三萬俾佢"],
}
K_ASK = {
    "en": ["should I call the police?", "do I report it to the police?", "should I call my bank?"],
    "zh": ["那我要报警吗", "我要不要报警？", "要唔要報警？", "我要打给银行吗"],
}

# -- context: "I already did it" after a message that asked for it -----------------------------------
C_FIRST = {
    "en": [
        "Someone claiming to be Amazon support called and wants me to install a remote app so he can refund me",
        "A 'bank fraud team' caller asked me to download an app to secure my account",
    ],
    "zh": ["有人说是淘宝客服，我的订单有问题要退款，让我下载一个软件", "自稱客服的人說要退款，叫我下載一個App"],
}
C_DONE = {
    "en": [
        "I already installed it, it was called RustDesk",
        "I installed it already, it's AnyDesk",
        "yes I installed that",
    ],
    "zh": ["我已经装了，叫RustDesk", "我已經裝了，叫AnyDesk", "我已经下载了", "裝咗喇，叫TeamViewer"],
}


def cases() -> list[Case]:
    out: list[Case] = []
    for t, (fee_en, fee_zh), n in itertools.product(L_EN + L_ZH, L_FEES, L_NUMS):
        en = t.isascii()
        text = t.format(fee=fee_en if en else fee_zh, n=n)
        out.append(Case("reasons", "link", (Turn(text),), "en" if en else "zh"))
    for t, who, item in itertools.product(U_EN, U_WHO, U_ITEMS):
        out.append(Case("reasons", "label", (Turn(t.format(who=who, item=item)),), "en"))
    for t, who, item in itertools.product(U_ZH, U_WHO_ZH, U_ITEMS_ZH):
        out.append(Case("reasons", "label", (Turn(t.format(who=who, item=item)),), "zh"))
    for t, who, app in itertools.product(D_EN, D_WHO_EN, D_APPS):
        if app.isascii():
            out.append(Case("reasons", "done", (Turn(t.format(who=who, app=app)),), "en"))
    for t, who, app in itertools.product(D_ZH, D_WHO_ZH, D_APPS):
        out.append(Case("reasons", "done", (Turn(t.format(who=who, app=app)),), "zh"))
    for t in D_CODE:
        for who in D_CODE_WHO["en" if t.isascii() else "zh"]:
            out.append(Case("reasons", "done_code", (Turn(t.format(who=who)),), "en" if t.isascii() else "zh"))
    for t, pose, never in itertools.product(W_EN, W_POSE, W_NEVER):
        out.append(Case("reasons", "warning", (Turn(t.format(pose=pose, never=never)),), "en"))
    for t, who in itertools.product(W_ZH, W_WHO_ZH):
        out.append(Case("reasons", "warning", (Turn(t.format(who=who)),), "zh"))
    for t, who, app in itertools.product(R_EN, R_WHO_EN, R_APPS):
        out.append(Case("repeat", "remote", (Turn(t.format(who=who, app=app)),), "en"))
    for t, who, app in itertools.product(R_ZH, R_WHO_ZH, R_APPS):
        out.append(Case("repeat", "remote", (Turn(t.format(who=who, app=app)),), "zh"))
    for t, app in itertools.product(R_ASKED, R_APPS):
        en = t.isascii()
        who = "A man from 'Amazon'" if en else "自称客服的人"
        out.append(Case("repeat", "asked", (Turn(t.format(who=who, app=app)),), "en" if en else "zh"))
    for lang, answers in N_ANSWERS.items():
        for answer in answers:
            turns = (Turn(N_FIRST[lang]), Turn(button="done"), Turn(answer))
            out.append(Case("no_number", "answer", turns, lang))
    for lang in ("en", "zh"):
        for gave, ask in itertools.product(K_GAVE[lang], K_ASK[lang]):
            out.append(Case("known", "ask", (Turn(gave), Turn(ask)), lang))
        for first, ask in itertools.product(F_FIRST[lang], K_ASK[lang]):  # the "I already paid" button
            out.append(Case("known", "paid", (Turn(first), Turn(button="paid"), Turn(ask)), lang))
        for first, done in itertools.product(C_FIRST[lang], C_DONE[lang]):
            out.append(Case("context", "done", (Turn(first), Turn(done)), lang))
    return out


def _section(text: str, heads: tuple[str, ...]) -> str:
    """The lines under the first of `heads` up to the next blank line."""
    for h in heads:
        if h in text:
            return text.split(h, 1)[1].split("\n\n", 1)[0]
    return ""


def judge(case: Case, replies: list[list[str]]) -> tuple[bool, str]:
    last = "\n\n".join(replies[-1])
    if case.category == "reasons":
        why = _section(last, WHY_HEADS)
        if case.kind == "link":
            bad = [w for w in LINK_LABELS if w in why]
            return not bad, f"a link label with no link: {bad}"
        if case.kind == "done":
            bad = [w for w in ASK_INSTALL if w in why]
            return not bad, f"a done act quoted as asked: {bad}"
        if case.kind == "done_code":
            bad = [w for w in ASK_CODE if w in why]
            return not bad, f"a code already told quoted as asked: {bad}"
        if case.kind == "label":
            bad = [w for w in U_WRONG if w in last]
            return not bad, f"told as another script: {bad}"
        if case.kind == "warning":
            if not any(v in last for v in ("warning about a scam", "提醒")):
                return True, ""  # not read as a warning at all: another engineer's measure
            bad = [w for w in (*MATCHED, *CLAIMS) if w in last and w not in case.turns[0].text]
            return not bad, f"shown as the scam it warns about: {bad}"
    if case.category == "repeat":
        found = len(UNINSTALL.findall(last))
        return found <= 1, f"'uninstall' said {found} times"
    if case.category == "no_number":
        if any(h in last for h in WHY_HEADS) or not last.strip():
            return False, "the check sent again" if last.strip() else "no answer"
        return True, ""
    if case.category == "known":
        if any(h in last for h in WHY_HEADS):
            return False, "the check sent again"
        bad = [w for w in CONDITIONAL if w in last]
        return not bad, f"a conditional answer: {bad}"
    if case.category == "context":
        first = replies[-1][0].split("\n", 1)[0] if replies[-1] else ""
        return any(s in first for s in STOP_LOSS), f"first line {first[:40]!r}"
    return False, "unknown category"


def run(engine_factory) -> list[Result]:
    """Each case as a fresh private chat; `engine_factory()` -> a conversation Engine."""
    from bot.conversation.engine import ChatState, Incoming

    engine = engine_factory()
    out = []
    for case in cases():
        state = ChatState()
        replies = []
        for i, turn in enumerate(case.turns):
            if turn.button:
                msg = Incoming("button", data=f"{state.nonce}|{turn.button}", now=NOW + i)
            else:
                msg = Incoming("text", text=turn.text, now=NOW + i)
            outcome = engine.handle(state, msg)
            state = outcome.state
            replies.append([r.text for r in outcome.replies])
        hit, why = judge(case, replies)
        out.append(Result(case, replies, [], hit, "" if hit else why))
    return out


if __name__ == "__main__":
    import sys

    from person_matrix import _engine_factory

    results = run(_engine_factory)
    for group, (h, n) in sorted(rates(results, lambda c: f"{c.category}/{c.kind}").items()):
        print(f"{group:18s} {h:4d}/{n:<4d} {h / n:.3f}")
    print(f"all                {sum(r.hit for r in results):4d}/{len(results)}")
    if "-v" in sys.argv:
        for r in results:
            if not r.hit:
                print(f"MISS {r.case.category}/{r.case.kind}: {r.case.turns[-1].text[:70]!r} -> {r.why}")
