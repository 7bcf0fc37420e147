"""People in trouble written their own way: a generated matrix of accounts, with negative twins.

Each message is who acted (the writer, or a relative) × a done-verb family of one variety of the
language (Indian, Singapore/Malaysian or plain English; mainland, Taiwanese or Cantonese Chinese) ×
what was given (money, a code, card details, an app or the screen) × to whom (them, the caller, 佢,
對方) × whether the call is still open × a tail (a question, a plea, a particle: lah, leh, lor, liao,
啦, 喇…) × how it was typed (as written, lower case with no punctuation as voice-to-text gives it,
a slip of the thumb). Every family has several independent wordings. Each positive has negative
twins: the same words where nothing happened, it was only asked for, it is still a question ("should
I give the code?": about to, which is not the 'already paid' step), or it was a genuine payment.

A third of every family's wordings is held out (`held=True`): the situation reader is tuned on the
rest, and the held-out part shows how far that tuning carries to wordings it never saw. The wording
is this file's own.

Used by tests/test_trouble_matrix.py (asserts the rates) and, as a script, to print them:
`python tests/trouble_matrix.py [-v]`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

HELD_EVERY = 3  # wordings with index % 3 == 2 in every family are held out


@dataclass(frozen=True)
class Case:
    text: str
    variety: str  # en-IN / en-SG / en / zh-CN / zh-TW / yue
    region: str
    want: str  # "given:<kind>", "call" (still on the call), or "none" (a negative twin)
    family: str  # which family of wordings ("given:money", "call", "neg_asked"…)
    held: bool  # a held-out wording: never looked at while tuning
    wording: tuple[int, int] = field(default=(0, 0), compare=False)  # (index, how many) in its family
    group: str = field(default="person", compare=False)  # "person", "helper" (someone typing for them), "local"


# -- English -------------------------------------------------------------------------------------
# (subject, possessive, object) — the writer or a relative
EN_WHO = {
    "en": [("I", "my", "me"), ("my mum", "her", "her"), ("my husband", "his", "him"), ("my grandfather", "his", "him")],
    "en-IN": [("I", "my", "me"), ("my father", "his", "him"), ("my mother", "her", "her"), ("my wife", "her", "her")],
    "en-SG": [("I", "my", "me"), ("my ah ma", "her", "her"), ("my mother", "her", "her"), ("my dad", "his", "him")],
}
EN_REGION = {"en": ["GB", "US", "AU"], "en-IN": ["IN"], "en-SG": ["SG", "MY"]}
EN_TO = ["them", "the caller", "the guy", "him", "the scammer", "that 'bank officer'", "the courier guy"]
EN_AMT = {
    "GB": ["£450", "£2,000", "800 quid", "2k"],
    "US": ["$1,500", "$900", "5k", "3000 dollars"],
    "AU": ["$600", "AUD 2,000", "4k"],
    "IN": ["Rs 25,000", "₹40,000", "49999 rupees", "1.5 lakh", "20k"],
    "SG": ["S$800", "5k", "SGD 3,000", "$2000"],
    "MY": ["RM 3,000", "5000 ringgit", "rm800", "3k"],
}
EN_GIVEN = {
    "en": {
        "money": [
            "{who} already transferred {amt} to {to}",
            "{who} sent {to} {amt}",
            "{who} ended up paying {to} {amt}",
            "{who} wired {amt} to {to} this morning",
            "{who} have already paid {amt}",
            "{who} just sent {amt} over to {to}",
            "{who} paid the so called fee of {amt}",
            "{who} transferred everything they asked for, {amt}",
            "{who} moved {amt} into the account {to} gave",
            "{who} ended up sending {to} {amt}",
            "{caller} told {obj} to pay {amt} by bank transfer, which {who} did",
            "{who} have lost {amt} to this fake call",
        ],
        "code": [
            "{who} gave {to} the code from the text",
            "{who} read the 6 digit code out to {to}",
            "{who} told {to} the verification code",
            "{who} typed the code {to} wanted into the link",
            "{who} gave out the one time passcode to {to}",
            "{who} passed the security code from the sms to {to}",
            "{caller} got {obj} to read out the code",
            "{caller} asked for the code from the text and {who} gave it",
            "{who} ended up giving {to} the passcode",
        ],
        "card": [
            "{who} gave {to} {poss} card number and the cvv",
            "{who} read {poss} long card number out to {to}",
            "{who} entered {poss} card details on the page {to} sent",
        ],
        "remote": [
            "{who} installed anydesk like {to} said",
            "{who} downloaded the app {to} sent and gave access",
            "{who} let {to} onto the laptop with teamviewer",
        ],
    },
    "en-IN": {
        "money": [
            "{who} have done the payment of {amt} to {to}",
            "{who} did the payment of {amt} through upi",
            "{who} made the payment of {amt} to {to} already",
            "{who} have transferred {amt} to {to} only",
            "{who} did the transaction of {amt} as {to} told",
            "{who} have paid {amt} to {to} through phonepe",
            "{amt} got debited from {poss} account after {who} did what {to} told",
            "{who} completed the payment of {amt} on the link {to} sent",
            "{who} done the transfer of {amt} to {to}",
            "{caller} told to do payment of {amt} and {who} did",
            "{amt} is gone from {poss} account after the call",
            "{who} have lost {amt} in this fraud",
        ],
        "code": [
            "{who} shared the otp only",
            "{who} have shared the otp with {to}",
            "{who} told the otp to {to}",
            "{who} gave otp to {to} on call",
            "{who} have given the otp to {to}",
            "{who} shared all the otps {to} asked",
            "{caller} made {obj} tell the otp",
            "{caller} asked otp and {who} told it",
            "{who} read out the otp to {to} on the call",
        ],
        "card": [
            "{who} have shared the card details with {to}",
            "{who} gave {poss} debit card number and cvv to {to}",
            "{who} shared {poss} card number and expiry to {to}",
        ],
        "remote": [
            "{who} have installed anydesk as {to} told",
            "{who} downloaded the app and gave access to {to}",
            "{who} installed the apk {to} sent on whatsapp",
        ],
    },
    "en-SG": {
        "money": [
            "{who} already transfer {amt} to {to} liao",
            "{who} already pay {to} {amt} lor",
            "{who} transfer {amt} to {to} already",
            "{who} paynow {to} {amt} already",
            "{who} send {to} {amt} liao",
            "{who} also pay {amt} already",
            "{who} already transfer the money to {to} le",
            "{who} pay {to} {amt} already sia",
            "{who} already bank in {amt} to {to}",
            "{caller} ask {obj} transfer {amt}, {who} transfer liao",
            "{who} kena scam, already transfer {amt} to {to}",
            "{who} also transfer {amt} to {to} just now",
        ],
        "code": [
            "then {who} give {to} the code lor",
            "{who} send {to} the otp already",
            "{who} tell {to} the tac liao",
            "{who} already give the otp to {to}",
            "{who} key in the code {to} ask already",
            "{who} read the otp to {to} liao",
            "{caller} ask for the otp so {who} give liao",
            "{who} give the code to {to} just now",
            "{who} kena tricked, give {to} the tac already",
        ],
        "card": [
            "{who} give {to} {poss} card number already",
            "{who} already key in {poss} card details in the link",
            "{who} give {to} the card number and cvv liao",
        ],
        "remote": [
            "{who} already install the app {to} ask",
            "{who} download the app {to} send liao",
            "{who} already let {to} control the phone",
        ],
    },
}
EN_ONGOING = {
    "en": [
        "{caller} is still on the line",
        "{caller} is still on the phone with {obj}",
        "the call is still going",
        "{who} haven't hung up yet",
        "{caller} is waiting on the line right now",
        "{caller} won't let {obj} hang up",
        "{caller} {is} still talking to {obj} on the phone right now",
        "{who} {be} on the other phone with {to} right now",
        "{caller} {has} kept {obj} on the line for an hour and it is still going",
    ],
    "en-IN": [
        "{caller} is still on call with {obj}",
        "call is still going on",
        "{caller} {is} on the line only",
        "{caller} {is} still on call",
        "{who} {be} still on call with {to}",
        "{caller} is telling not to cut the call",
        "{caller} {is} still on the call with {obj} now",
        "{caller} {is} not letting {obj} disconnect the call",
        "call with {to} is going on since one hour",
    ],
    "en-SG": [
        "{caller} still on the line leh",
        "{caller} still talking to {obj} now",
        "{caller} still on the phone with {obj} leh",
        "the call still going on lah",
        "{caller} still holding the line",
        "{caller} say cannot hang up",
        "{caller} still on the phone with {obj} now",
        "{caller} still in the call leh",
        "{caller} never hang up yet",
    ],
}
NEG_TAILS = {"en": ["", " is this a scam?", " right?", " lol"], "zh": ["", "，是骗子吗", "吧", "啦"]}
EN_TAILS = {
    "en": ["", " is it too late?", " what do i do", " what should i do now??", " help", " can i get it back", " omg"],
    "en-IN": ["", " what to do now", " kindly help", " please help sir", " is it too late", " what should i do"],
    "en-SG": ["", " how", " how ah", " what to do now", " can get back or not", " lah", " help pls"],
}
# The same words where nothing was given: asked but refused, almost, a question before doing it,
# or a genuine payment of one's own.
EN_NEGATIVE = {
    "en": {
        "neg_asked": [
            "{to} asked {obj} to transfer {amt} but {who} didn't",
            "{who} almost paid {to} {amt} but hung up",
            "{who} nearly gave {to} the code",
            "{to} wanted the code but {who} never gave it",
            "{who} was about to send {amt} to {to}",
            "{who} refused to give {to} the otp",
            "{caller} told {obj} to pay {amt}, which {who} didn't",
            "{caller} tried to get {obj} to read out the code",
            "{who} nearly ended up paying {to}",
        ],
        "neg_question": [
            "should {who} give the code to {to}?",
            "{to} wants {obj} to transfer {amt}, should i?",
            "do i have to pay {to} the fee",
            "is it safe to send {to} the code",
        ],
        "neg_genuine": [
            "{who} paid {poss} phone bill on the official app",
            "{who} gave the delivery code to the real courier at the door",
            "{who} transferred {amt} to {poss} own savings account",
            "{who} paid the electricity bill {amt} online",
            "{who} lost {poss} wallet on the bus",
            "{who} paid {amt} for {poss} own order on amazon",
            "{who} sent {amt} to {poss} own savings account",
        ],
        "neg_hung_up": [
            "{who} hung up on {to}",
            "the call ended and {who} blocked the number",
            "{who} put the phone down",
        ],
    },
    "en-IN": {
        "neg_asked": [
            "{to} is asking to do upi",
            "{to} is telling to share otp but {who} have not shared",
            "{who} did not share the otp",
            "{to} asked for payment of {amt} but {who} not paid",
            "{who} have not done any payment",
            "{to} told to install anydesk but {who} refused",
            "{caller} told to do payment but {who} did not do",
            "{who} have not given any otp to anyone",
            "{who} did the payment to amazon for {poss} own order",
        ],
        "neg_question": [
            "should {who} share the otp with {to}?",
            "{to} is saying to pay {amt}, should i pay?",
            "is it safe to do the payment",
        ],
        "neg_genuine": [
            "{who} did the payment of {poss} electricity bill through phonepe",
            "{who} paid {amt} for the recharge on the official app",
            "{who} shared the otp with the delivery boy for {poss} own order",
        ],
        "neg_hung_up": ["{who} cut the call", "{who} disconnected the call and blocked"],
    },
    "en-SG": {
        "neg_asked": [
            "{to} ask {who} transfer {amt} but {who} never transfer",
            "{who} never give the code lah",
            "{who} haven't pay yet",
            "{to} want the otp but {who} dun give",
            "{who} almost transfer {amt} to {to} sia",
            "{caller} ask {who} transfer but {who} dun want",
            "{who} almost give the otp",
            "{who} transfer {amt} to {poss} own account already",
        ],
        "neg_question": ["should i transfer or not", "must i give {to} the otp", "can give the code or not"],
        "neg_genuine": [
            "{who} paynow {poss} friend for dinner already",
            "{who} paid the grab driver already",
            "{who} already pay the town council bill",
        ],
        "neg_hung_up": ["{who} hang up already", "{who} cut the line liao"],
    },
}

# -- Chinese -------------------------------------------------------------------------------------
ZH = {
    "zh-CN": {
        "region": "CN",
        "who": ["我", "我妈", "我老公", "我爷爷", "我爸"],
        "to": ["他", "对方", "那个客服", "骗子", "那个假警察"],
        "amt": ["5000块", "2万", "3千元", "两万块", "八千"],
        "given": {
            "money": [
                "{who}已经转了{amt}给{to}",
                "{who}刚给{to}转账了{amt}",
                "{who}已经把{amt}打给{to}了",
                "{who}按{to}说的转账了",
                "{who}扫了{to}给的码付了{amt}",
                "{who}转了{amt}过去",
                "{who}把积蓄都转给{to}了",
                "{who}给{to}汇了{amt}",
                "{who}已经往{to}的账户里打了{amt}",
                "{to}叫{who}转账，{who}转了",
                "{who}被{to}骗走了{amt}",
                "{who}照着{to}说的做了，转了{amt}",
            ],
            "code": [
                "{who}把验证码告诉{to}了",
                "{who}已经把验证码发给{to}了",
                "验证码{who}已经报给{to}了",
                "{who}给{to}念了短信验证码",
                "{who}刚把收到的验证码给了{to}",
                "{who}把六位数的码读给{to}听了",
                "{to}要验证码，{who}就给了",
                "{who}把手机收到的验证码都报给{to}了",
                "{to}让{who}念验证码，{who}念了",
            ],
            "card": [
                "{who}把银行卡号和密码告诉{to}了",
                "{who}已经把卡号和有效期发给{to}了",
                "{who}在{to}发的链接里填了银行卡号",
            ],
            "remote": [
                "{who}按{to}说的下载了向日葵",
                "{who}已经开了屏幕共享给{to}看",
                "{who}装了{to}发的那个app",
            ],
        },
        "ongoing": [
            "{to}还在电话里",
            "{who}还在跟{to}通话",
            "电话还没挂",
            "{to}还在线上等{who}",
            "{to}一直不让{who}挂电话",
            "{who}现在还在跟{to}打电话",
            "{who}和{to}的电话还没挂",
            "{to}到现在还在电话那头",
            "{who}的手机还在跟{to}通着话",
        ],
        "tails": ["", "怎么办", "怎么办啊", "还来得及吗", "能追回吗", "，现在怎么办？", "咋办", "急"],
        "negative": {
            "neg_asked": [
                "{to}让{who}转{amt}，{who}没转",
                "{who}差点就转了{amt}给{to}",
                "{to}要验证码，{who}没给",
                "{who}没有把验证码告诉{to}",
                "{to}叫{who}下载向日葵，{who}拒绝了",
                "{who}还没付钱",
                "{to}叫{who}转账，{who}没转就挂了",
                "{who}没上当，一分钱都没转",
                "{who}给家里人转了{amt}",
            ],
            "neg_question": ["要不要把验证码给{to}？", "{to}让{who}转{amt}，该不该转", "我要不要下载{to}说的app"],
            "neg_genuine": [
                "{who}在官方App上交了话费",
                "{who}把取件码给了上门的快递员",
                "{who}给自己的账户转了{amt}",
                "{who}在淘宝上付了{amt}买衣服",
            ],
            "neg_hung_up": ["{who}已经挂了电话", "{who}挂断了，没理{to}"],
        },
    },
    "zh-TW": {
        "region": "TW",
        "who": ["我", "我媽", "我老公", "我阿嬤", "我爸"],
        "to": ["他", "對方", "那個客服", "假檢察官"],
        "amt": ["3萬", "5千元", "兩萬塊", "十萬"],
        "given": {
            "money": [
                "{who}已經匯款了",
                "{who}匯了{amt}給{to}",
                "{who}轉帳了{amt}",
                "{who}已經用ATM轉帳給{to}了",
                "{who}剛剛把{amt}轉給{to}",
                "{who}照{to}說的去超商繳了{amt}",
                "{who}已經匯了{amt}過去",
                "{who}用網銀轉了{amt}到{to}的帳戶",
                "{who}去ATM操作完轉了{amt}",
                "{to}叫{who}匯款，{who}匯了",
                "{who}被{to}騙走了{amt}",
                "{who}照著{to}的指示在網銀轉了{amt}",
            ],
            "code": [
                "{who}把簡訊驗證碼給{to}了",
                "{who}已經把驗證碼念給{to}聽了",
                "{who}剛把OTP密碼告訴{to}",
                "{who}把收到的認證碼回傳給{to}了",
                "{who}已經把驗證碼輸入{to}給的網頁",
                "{who}把簡訊裡的數字報給{to}了",
                "{to}要驗證碼，{who}就給了",
                "{who}把手機收到的驗證碼傳給{to}了",
                "{who}把OTP念給{to}了",
            ],
            "card": [
                "{who}把信用卡卡號給{to}了",
                "{who}已經把卡號和背面三碼告訴{to}",
                "{who}在{to}傳的連結填了信用卡資料",
            ],
            "remote": [
                "{who}已經下載了{to}給的遠端軟體",
                "{who}照{to}說的安裝了AnyDesk",
                "{who}已經開了螢幕分享給{to}看",
            ],
        },
        "ongoing": [
            "{to}還在通話中",
            "{who}還在跟{to}講電話",
            "電話還沒掛斷",
            "{to}還在線上",
            "{to}叫{who}不要掛電話",
            "{who}現在還在電話上",
            "{who}跟{to}的電話還沒掛",
            "{to}還在電話那頭",
            "{who}還在電話中",
        ],
        "tails": ["", "怎麼辦", "還來得及嗎", "該怎麼辦", "，要怎麼處理？", "救命"],
        "negative": {
            "neg_asked": [
                "{to}叫{who}匯款，{who}沒有匯",
                "{who}差點就轉帳了",
                "{to}要驗證碼，{who}沒給",
                "{who}沒有把卡號給{to}",
                "{who}還沒去ATM",
                "{to}叫{who}匯款，{who}沒匯就掛了",
                "{who}沒上當",
                "{who}匯了{amt}給家人",
            ],
            "neg_question": ["要不要把驗證碼給{to}？", "{to}叫{who}匯{amt}，該匯嗎", "需要去ATM操作嗎"],
            "neg_genuine": ["{who}在超商繳了電話費", "{who}用網銀轉帳{amt}給房東", "{who}在蝦皮付款了{amt}"],
            "neg_hung_up": ["{who}已經掛電話了", "{who}把電話掛了"],
        },
    },
    "yue": {
        "region": "HK",
        "who": ["我", "阿媽", "我老公", "阿爸", "我阿嫲"],
        "to": ["佢", "個客服", "對方", "個假警察"],
        "amt": ["3千蚊", "2萬", "五千蚊", "$8000", "兩萬蚊"],
        "given": {
            "money": [
                "{who}過咗數俾{to}",
                "{who}俾咗{amt}{to}",
                "{who}轉咗{amt}俾{to}",
                "{who}已經入咗{amt}去{to}個戶口",
                "{who}頭先用轉數快過咗{amt}俾{to}",
                "{who}畀咗錢{to}",
                "{who}過埋數俾{to}喇",
                "{who}已經轉咗錢俾{to}",
                "{who}啱啱俾咗{amt}{to}",
                "{to}叫{who}過數，{who}過咗",
                "{who}俾{to}呃咗{amt}",
                "{who}跟住{to}講嘅做，轉咗{amt}",
            ],
            "code": [
                "{who}收咗個code就俾咗{to}",
                "{who}將個驗證碼話咗俾{to}聽",
                "{who}俾咗個OTP{to}",
                "{who}講咗個驗證碼俾{to}知",
                "{who}已經send咗個code俾{to}",
                "{who}讀咗個短訊密碼俾{to}聽",
                "{to}問{who}攞驗證碼，{who}俾咗",
                "{who}將部電話收到嘅驗證碼send咗俾{to}",
                "{who}讀咗個OTP俾{to}聽",
            ],
            "card": [
                "{who}俾咗張卡嘅號碼{to}",
                "{who}已經將信用卡資料俾咗{to}",
                "{who}喺{to}個link度入咗張卡嘅資料",
            ],
            "remote": [
                "{who}裝咗{to}叫裝嘅App",
                "{who}已經下載咗{to}俾嘅軟件",
                "{who}開咗分享螢幕俾{to}睇",
            ],
        },
        "ongoing": [
            "{to}仲喺電話度",
            "{who}仲未收線",
            "{to}仲同{who}講緊電話",
            "{to}仲喺線",
            "{to}叫{who}唔好收線",
            "{who}而家仲喺度同{to}傾緊",
            "{who}同{to}嘅電話仲未收",
            "{to}仲喺電話嗰頭",
            "{who}仲喺度同{to}講電話",
        ],
        "tails": ["", "點算好", "點算", "仲有冇得救", "點做好", "點算呀", "，係咪呃人㗎"],
        "negative": {
            "neg_asked": [
                "{to}叫{who}過數，{who}冇過",
                "{who}差啲就俾咗錢{to}",
                "{to}問{who}攞驗證碼，{who}冇俾",
                "{who}冇俾驗證碼{to}",
                "{who}未轉錢",
                "{to}叫{who}過數，{who}冇理佢",
                "{who}冇上當",
                "{who}過咗{amt}俾屋企人",
            ],
            "neg_question": ["使唔使俾個驗證碼{to}？", "{to}叫{who}過數，應唔應該過", "要唔要裝佢叫我裝嘅App"],
            "neg_genuine": ["{who}啱啱喺App交咗電話費", "{who}俾咗取件碼個送貨員", "{who}轉咗{amt}俾屋企人"],
            "neg_hung_up": ["{who}已經收咗線", "{who}收咗佢線"],
        },
    },
}
TYPOS = {"transferred": "transfered", "already": "alredy", "what": "wat", "please": "pls", "验证码": "验正码"}


def _typed(text: str, roll: float) -> str:
    """As typed: unchanged, lower case with no punctuation (voice-to-text), or with a slip."""
    if roll < 0.3:
        return re.sub(r"[.,!?;:\"，。！？、]+", " ", text.lower()).strip()
    if roll < 0.45:
        for right, slip in TYPOS.items():
            text = text.replace(right, slip)
    return text


PER_WORDING = 6  # variants of each wording (who, to whom, amount, tail, typing)


def _en_cases() -> list[Case]:
    out: list[Case] = []
    for variety, kinds in EN_GIVEN.items():
        families = {**{f"given:{k}": v for k, v in kinds.items()}, "call": EN_ONGOING[variety]}
        families.update(EN_NEGATIVE[variety])
        for family, wordings in families.items():
            for i, wording in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER_WORDING):
                    r = random.Random(f"{variety}|{family}|{i}|{n}")
                    region = "SG" if "paynow" in wording else r.choice(EN_REGION[variety])  # Singapore's rail
                    who, poss, obj = r.choice(EN_WHO[variety])
                    to = r.choice(EN_TO)
                    caller = {"them": "they", "him": "he"}.get(to, to)
                    slots = {
                        "who": who,
                        "poss": poss,
                        "obj": obj,
                        "to": to,
                        "caller": caller,
                        "amt": r.choice(EN_AMT[region]),
                    }
                    slots["be"] = "am" if who == "I" else "is"
                    slots["is"] = "are" if caller == "they" else "is"
                    slots["has"] = "have" if caller == "they" else "has"
                    text = wording.format(**slots)
                    if family.startswith("given") and r.random() < 0.3:  # and the call is still open
                        text += (", " if r.random() < 0.5 else " and ") + r.choice(EN_ONGOING[variety]).format(**slots)
                        want = "call"
                    else:
                        want = family if not family.startswith("neg") else "none"
                    tails = EN_TAILS[variety] if not family.startswith("neg") else NEG_TAILS["en"]
                    tail = r.choice(tails) if not family.startswith("neg_q") else ""
                    text = text[0].upper() + text[1:] + tail
                    out.append(Case(_typed(text, r.random()), variety, region, want, family, held, (i, len(wordings))))
    return out


def _zh_cases() -> list[Case]:
    out: list[Case] = []
    for variety, p in ZH.items():
        families = {**{f"given:{k}": v for k, v in p["given"].items()}, "call": p["ongoing"], **p["negative"]}
        for family, wordings in families.items():
            for i, wording in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER_WORDING):
                    r = random.Random(f"{variety}|{family}|{i}|{n}")
                    slots = {"who": r.choice(p["who"]), "to": r.choice(p["to"]), "amt": r.choice(p["amt"])}
                    text = wording.format(**slots)
                    if family.startswith("given") and r.random() < 0.3:
                        text += r.choice(("，", " ", "")) + r.choice(p["ongoing"]).format(**slots)
                        want = "call"
                    else:
                        want = family if not family.startswith("neg") else "none"
                    tails = p["tails"] if not family.startswith("neg") else NEG_TAILS["zh"]
                    tail = r.choice(tails) if not family.startswith("neg_q") else ""
                    if tail and r.random() < 0.5:
                        tail = r.choice(("，", " ")) + tail.lstrip("，")
                    text += tail
                    out.append(
                        Case(_typed(text, r.random()), variety, p["region"], want, family, held, (i, len(wordings)))
                    )
    return out


# -- a helper's account, and Taiwanese / Cantonese wordings (added later, held out the same way) ----
# "helper": a hotline operator or someone helping types what the person on the line says ("the caller
# says she transferred…", 来电人称已转账…); its negative twins are news and police reports of someone
# else's past (dates, 警方, "police said") and the helped person refusing or almost. "local": Taiwan's
# ATM operations, convenience-store payment codes and game-point serials, Hong Kong's FPS and 入數,
# photos of codes and cards sent; its twins are own purchases and own bills, refusals, hypotheticals.
# (helped, she/he, her/him): the person on the line as the helper names them
EN_HELPED = [
    ("The caller", "she", "her"),
    ("Caller", "he", "him"),
    ("The lady on the line", "she", "her"),
    ("The gentleman on the phone", "he", "him"),
    ("My client", "she", "her"),
    ("This auntie", "she", "her"),
]
EN_HELPER_TAILS = [
    "",
    " what should {pron} do",
    " please advise",
    " is it too late",
    " help",
    " {pron} is very worried",
]
EXTRA: dict[str, dict[str, dict[str, list[str]]]] = {
    "en": {
        "helper": {
            "given:money": [
                "{helped} says {pron} transferred {amt} to the 'safe account' {to} gave {obj}",
                "{helped} has already sent {amt} to {to}",
                "{helped} reports {pron} paid {amt} to {to} an hour ago",
                "{pron} has sent {amt} to {to} already, what should {pron} do",
                "{helped} is elderly, {pron} wired {amt} to {to} this morning",
                "{helped} told me {pron} moved {amt} into the account {to} gave {obj}",
            ],
            "given:code": [
                "{helped} says {pron} gave {to} the otp from the text",
                "{helped} read the verification code out to {to} ten minutes ago",
                "{helped} told me {pron} shared the one time passcode with {to}",
            ],
            "neg_report": [
                "Police said the victim transferred {amt} to {to} last month",
                "The woman was tricked into sending {amt} and a man was arrested on Friday",
                "According to police, she gave the code to {to} and lost {amt}",
                "Last year he sent {amt} to {to}, the court heard",
                "{helped} says {to} asked {obj} to transfer {amt} but {pron} refused",
                "{helped} says {pron} almost paid {to} {amt} but hung up",
            ],
        },
    },
    "en-IN": {
        "helper": {
            "given:money": [
                "{helped} says {pron} has done the payment of {amt} to {to}",
                "the lady on the line says {pron} transferred {amt} through upi to {to}",
                "{helped} informs {pron} made the payment of {amt} on the link {to} sent",
            ],
            "given:code": [
                "the lady on the line says {pron} gave the otp to {to} 10 mins back",
                "{helped} says {pron} has shared the otp with {to}",
                "{helped} informs that {pron} told the otp to {to} on call",
            ],
            "neg_report": [
                "Police said the victim shared the otp with {to} and lost {amt}",
                "{helped} says {to} asked for the otp but {pron} did not share it",
                "As per the news report, the accused was arrested after the victim paid {amt}",
            ],
        },
    },
    "zh-CN": {
        "helper": {
            "given:money": [
                "来电人称已向{to}提供的安全账户转账{amt}",
                "求助人说她刚才给{to}转了{amt}",
                "报案人表示已按{to}的要求汇了{amt}",
                "事主称已经把{amt}打到{to}的账户",
                "来电的阿姨说她已经转了{amt}给{to}",
                "当事人自述已向{to}付款{amt}",
            ],
            "given:code": [
                "求助人说刚才把验证码告诉了{to}",
                "来电人称已将短信验证码发给{to}",
                "来电者表示她已经把验证码念给{to}听了",
            ],
            "neg_report": [
                "据了解，受害人已向{to}转账{amt}",
                "警方通报，事主已将验证码告诉{to}",
                "记者从警方获悉，该女子已转账{amt}",
                "来电人称{to}让她转账{amt}，她没有转",
                "求助人说她差点把验证码告诉{to}",
                "日前，一名市民被骗{amt}，嫌疑人已落网",
            ],
        },
    },
    "zh-TW": {
        "helper": {
            "given:money": [
                "報案人表示已匯款{amt}給{to}",
                "來電者說她剛剛轉帳{amt}到{to}的帳戶",
                "求助人說她已經照{to}的指示去ATM匯了{amt}",
            ],
            "given:code": [
                "來電人表示已把簡訊驗證碼告訴{to}",
                "求助者說她剛剛把認證碼念給{to}了",
                "報案人稱已經把OTP傳給{to}了",
            ],
            "neg_report": [
                "據了解，被害人已匯款{amt}給{to}",
                "警方表示，該名婦人已依{to}指示轉帳{amt}",
                "近日有民眾依{to}指示匯了{amt}，警方呼籲提高警覺",
            ],
        },
        "local": {
            "given:money": [
                "{who}已經往{to}的帳戶裡匯了{amt}",
                "{who}去ATM操作完轉了{amt}給{to}",
                "{who}照{to}說的去ATM按了幾個鍵，匯出{amt}",
                "{who}匯了兩筆給{to}",
                "{who}用超商繳費代碼繳了{amt}",
                "{who}在超商買了{amt}的遊戲點數，把序號拍照傳給{to}",
                "{who}買了遊戲點數把序號給{to}了",
                "{who}照{to}說的刷了卡",
                "{who}用無卡存款存了{amt}到{to}的帳戶",
                "{who}已經轉了三筆給{to}",
                "{who}把點數卡的序號傳給{to}了",
                "{who}分兩次匯了{amt}給{to}",
            ],
            "given:code": [
                "{who}把簡訊裡的數字給{to}了",
                "{who}已經把簡訊上的數字念給{to}",
                "{who}把驗證碼截圖傳給{to}了",
            ],
            "neg_asked": [
                "{to}叫{who}去ATM操作，{who}沒去",
                "{who}差點就去超商繳了{amt}",
                "{to}要{who}買遊戲點數，{who}拒絕了",
                "{who}在超商買了遊戲點數自己玩",
                "{who}在超商繳了水電費",
                "如果去ATM轉帳會怎樣",
                "{who}用網銀繳了自己的信用卡帳單",
                "{who}沒有把簡訊裡的數字給{to}",
                "{who}在超商用代碼繳了自己的電話費",
            ],
        },
    },
    "yue": {
        "helper": {
            "given:money": [
                "佢話已經過咗數俾{to}",
                "求助人話佢啱啱轉咗{amt}俾{to}",
                "嚟電人話佢已經入咗{amt}去{to}個戶口",
            ],
            "given:code": [
                "佢話頭先俾咗個驗證碼{to}",
                "求助人話已經將個OTP話咗俾{to}聽",
                "事主話佢讀咗個短訊密碼俾{to}聽",
            ],
            "neg_report": [
                "據警方資料，事主已過咗{amt}俾{to}",
                "警方表示受害人早前已轉咗{amt}",
                "記者了解到，佢上個月已經過咗數",
            ],
        },
        "local": {
            "given:money": [
                "{who}用轉數快過咗{amt}俾{to}",
                "{who}已經FPS咗{amt}俾{to}",
                "{who}入咗兩次數俾{to}",
                "{who}喺ATM入咗{amt}去{to}個戶口",
                "{who}將{amt}存咗入{to}個戶口",
                "{who}照{to}講用PayMe俾咗{amt}",
                "{who}過咗兩筆數俾{to}",
                "{who}跟{to}嘅指示碌咗卡",
                "{who}影咗張點數卡嘅序號send咗俾{to}",
            ],
            "given:code": [
                "{who}將短訊入面嘅數字話咗俾{to}聽",
                "{who}影咗個驗證碼send咗俾{to}",
                "{who}已經將個SMS code讀咗俾{to}",
            ],
            "given:card": [
                "{who}喺{to}個link度入咗張卡嘅資料",
                "{who}喺{to}send嘅網頁度填咗信用卡號碼",
                "{who}影咗張信用卡前後send咗俾{to}",
            ],
            "neg_asked": [
                "{to}叫{who}FPS過數，{who}冇過",
                "{who}差啲就入咗數俾{to}",
                "{who}用轉數快交咗自己嘅信用卡數",
                "{who}用FPS過咗{amt}俾屋企人",
                "{who}喺便利店買咗點數卡自己用",
                "{to}叫{who}影低張卡，{who}冇影",
            ],
        },
    },
}


def _extra_cases() -> list[Case]:
    out: list[Case] = []
    for variety, groups in EXTRA.items():
        zh = ZH.get(variety)
        for group, families in groups.items():
            for family, wordings in families.items():
                for i, wording in enumerate(wordings):
                    held = i % HELD_EVERY == HELD_EVERY - 1
                    for n in range(PER_WORDING):
                        r = random.Random(f"{group}|{variety}|{family}|{i}|{n}")
                        helped, pron, obj = r.choice(EN_HELPED)
                        region = zh["region"] if zh else r.choice(EN_REGION[variety])
                        slots = {
                            "helped": helped,
                            "pron": pron,
                            "obj": obj,
                            "to": r.choice(zh["to"] if zh else EN_TO),
                            "who": r.choice(zh["who"]) if zh else "I",
                            "amt": r.choice(zh["amt"] if zh else EN_AMT[region]),
                        }
                        text = wording.format(**slots)
                        negative = family.startswith("neg")
                        if zh:
                            tail = r.choice(NEG_TAILS["zh"] if negative else zh["tails"])
                            if tail and r.random() < 0.5:
                                tail = r.choice(("，", " ")) + tail.lstrip("，")
                        else:
                            tail = r.choice(NEG_TAILS["en"] if negative else EN_HELPER_TAILS).format(pron=pron)
                        text = text[0].upper() + text[1:] + tail
                        want = "none" if negative else family
                        case = Case(
                            _typed(text, r.random()), variety, region, want, family, held, (i, len(wordings)), group
                        )
                        out.append(case)
    return out


def cases() -> list[Case]:
    """Every generated case, in a fixed order, without duplicate texts."""
    seen: set[str] = set()
    out = []
    for c in [*_en_cases(), *_zh_cases(), *_extra_cases()]:
        if c.text not in seen:
            seen.add(c.text)
            out.append(c)
    return out


def judge(case: Case, situation) -> bool:
    """Positives: urgent, with the right first action (stop the loss for what was given, or hang up
    while the call is open) and the right kind of thing given. Negatives: nothing given or open."""
    if case.want == "none":
        return not situation.urgent
    if case.want == "call":  # (and what was given before it, when the account says so)
        given = case.family.split(":", 1)[1] if case.family.startswith("given:") else None
        open_ = situation.action in ("call", "computer", "meeting") and situation.on_call
        return open_ and (given is None or given in situation.given)
    kind = case.want.split(":", 1)[1]
    if not situation.urgent or kind not in situation.given:
        return False
    return situation.action == ("given" if kind != "remote" else situation.action)


def rates(kb, selection=None) -> dict[tuple[str, bool, bool], tuple[int, int]]:
    """(hits, total) per (variety, held out, positive)."""
    from nlu.situation import detect

    out: dict[tuple[str, bool, bool], list[int]] = {}
    for c in selection if selection is not None else cases():
        g = out.setdefault((c.variety, c.held, c.want != "none"), [0, 0])
        g[0] += judge(c, detect(kb.situations, c.text))
        g[1] += 1
    return {k: (h, n) for k, (h, n) in out.items()}


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from knowledge import load_knowledge
    from nlu.situation import detect

    kb = load_knowledge()
    all_cases = cases()
    per = rates(kb, all_cases)
    print(f"{len(all_cases)} messages")
    for part in (False, True):
        print("held-out" if part else "tuned")
        for pos in (True, False):
            h = sum(v[0] for k, v in per.items() if k[1] == part and k[2] == pos)
            n = sum(v[1] for k, v in per.items() if k[1] == part and k[2] == pos)
            row = "  ".join(f"{k[0]} {v[0]}/{v[1]}" for k, v in sorted(per.items()) if k[1] == part and k[2] == pos)
            print(f"  {'urgent flagged' if pos else 'negatives clear'}: {h}/{n} = {h / n:.3f}   {row}")
    for group in ("helper", "local"):
        print(group)
        for part in (False, True):
            for pos in (True, False):
                sel = [c for c in all_cases if c.group == group and c.held == part and (c.want != "none") == pos]
                hits = sum(judge(c, detect(kb.situations, c.text)) for c in sel)
                name = "urgent flagged" if pos else "negatives clear"
                print(f"  {'held-out' if part else 'tuned'} {name}: {hits}/{len(sel)}")
    if "-v" in sys.argv:
        show_held = "--held" in sys.argv
        for c in all_cases:
            if c.held and not show_held:
                continue
            d = detect(kb.situations, c.text)
            if not judge(c, d):
                print(f"MISS {c.variety} {c.want:12s} {'H' if c.held else ' '} {c.text!r} -> {d.given} {d.ongoing}")


# -- the reply: its first line is the fitting emergency step, in the region's terms ------------------
FIRST_LINE = {
    "given": ("Stop the loss first", "先止损", "先止損"),
    # (a relative still on the line: "Reach your mum now … and get them to hang up", F25)
    "call": ("Hang up", "get them to hang up", "挂断电话", "掛斷電話", "收線"),
}
STEP = {  # the first step for the kind of thing given, as the region's reply words it
    "money": ("Call your bank", "拨打", "撥打", "致電"),
    "code": ("Change the password", "修改密码", "修改密碼", "更改密碼"),
    "card": ("freeze the card", "冻结这张卡", "凍結這張卡", "凍結呢張卡"),
    "remote": ("Go offline", "断网", "斷網"),
}
KEY = {"CN": "96110", "TW": "165", "HK": "18222", "GB": "Action Fraud", "US": "reportfraud.ftc.gov",
       "AU": "Scamwatch", "SG": "1799", "IN": "1930", "MY": "997"}  # fmt: skip


COMPUTER = ("Disconnect the computer", "get them to disconnect the computer", "断网", "斷網", "Stop sharing",
            "get them to stop sharing", "停止共享")  # fmt: skip
CUES = {  # what in a message says where the person is: its currency or payment rail, its script
    "GB": re.compile(r"£|quid"),
    "IN": re.compile(r"₹|\brs\b|rupee|lakh|\bupi\b|phonepe"),
    "SG": re.compile(r"s\$|sgd|paynow"),
    "MY": re.compile(r"\brm ?\d|ringgit"),
    "AU": re.compile(r"\baud\b"),
    "HK": re.compile(r"蚊|嘅|咗|佢"),
    "TW": re.compile(r"匯|帳|簡訊|阿嬤|檢察官"),
    "CN": re.compile(r"[转汇账验码妈爷爸骗]"),
}


def reply_ok(case: Case, replies: list[str]) -> tuple[bool, str]:
    """The first screen of a fresh chat for a positive case: first line, the kind's step, the region."""
    first = replies[0].split("\n", 1)[0] if replies else ""
    wanted = FIRST_LINE["call" if case.want == "call" else "given"]
    if case.family == "given:remote":  # remote access and the call still open: cut the computer off first
        wanted = (*wanted, *COMPUTER)
    if not any(w in first for w in wanted):
        return False, f"first line {first[:40]!r}"
    screen = "\n".join(replies[:2])
    kind = case.family.split(":", 1)[1] if case.family.startswith("given:") else None
    if kind and not any(w in screen for w in STEP[kind]):
        return False, f"no {kind} step"
    said = CUES.get(case.region)
    if said and said.search(case.text.lower()) and KEY[case.region].lower() not in screen.lower():
        return False, f"not {case.region}'s contact"  # (judged where the message says where: £, ₹, RM, 蚊…)
    return True, ""


def run_replies(engine, selection) -> list[tuple[Case, bool, str]]:
    """Each positive case as the first message of a fresh chat, its first screen judged."""
    from bot.conversation.engine import ChatState, Incoming

    out = []
    for case in selection:
        replies = engine.handle(ChatState(), Incoming("text", text=case.text, now=1_800_000_000.0)).replies
        ok, why = reply_ok(case, [r.text for r in replies])
        out.append((case, ok, why))
    return out
