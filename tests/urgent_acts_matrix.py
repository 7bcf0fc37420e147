"""People in trouble written their own way, fourth matrix: acts × persons × state × seven varieties.

Each message is one act (money moved, a code told, an app installed, card details typed, gift cards
bought and their codes sent, cash handed over) × who did it (the writer, a parent, a colleague or
friend) × its state: done ("given:<kind>"), still open ("open": on the call, on video, the screen
still shared; "paying": at the ATM, a courier on the way to collect), only asked ("none") or refused
("none") × a variety: plain English, Indian, Singapore/Malaysian and Philippine English, mainland and
Taiwan Chinese, Cantonese. Positives often carry a question after the act ("…is that a scam?", 係咪呃人);
an asked-only or refused twin carries the same act words and must stay calm: a person who was only
asked is not in an emergency.

Every (variety, state, act) list of wordings is numbered; those with index % 3 == 2 are held out. The
held-out wordings were written before the reader was changed for this matrix and measured once first
(see tests/test_urgent_acts_matrix.py). The wording is this file's own.
`python tests/urgent_acts_matrix.py [-v] [--held]`.
"""

from __future__ import annotations

import random
import re

from trouble_matrix import HELD_EVERY, Case

PER = 6  # variants of each wording (persons × amounts × tails, sampled)
GROUP = "acts"

# (subject, pronoun for a later clause, object, possessive, "be" after the subject)
EN_WHO = {
    "en": [("I", "I", "me", "my", "am"), ("my mum", "she", "her", "her", "is"), ("my dad", "he", "him", "his", "is"),
           ("my colleague", "she", "her", "her", "is"), ("my grandad", "he", "him", "his", "is")],
    "en-IN": [("I", "I", "me", "my", "am"), ("my father", "he", "him", "his", "is"),
              ("my mother", "she", "her", "her", "is"), ("my colleague", "he", "him", "his", "is")],
    "en-SG": [("I", "I", "me", "my", "am"), ("my ah ma", "she", "her", "her", "is"),
              ("my mother", "she", "her", "her", "is"), ("my colleague", "he", "him", "his", "is")],
    "en-PH": [("I", "I", "me", "my", "am"), ("my lola", "she", "her", "her", "is"),
              ("my tita", "she", "her", "her", "is"), ("my officemate", "he", "him", "his", "is")],
}  # fmt: skip
EN_REGION = {"en": "GB", "en-IN": "IN", "en-SG": "SG", "en-PH": "PH"}
EN_AMT = {
    "en": ["£700", "$2,300", "3k", "£1,450"],
    "en-IN": ["Rs 35,000", "₹18,500", "2 lakh", "60k"],
    "en-SG": ["S$1,200", "RM 4,000", "3k", "$650"],
    "en-PH": ["₱15,000", "PHP 8,500", "20k", "P 5,000"],
}
EN_RAIL = {"en": "bank transfer", "en-IN": "UPI", "en-SG": "PayNow", "en-PH": "GCash"}
EN_TAIL = {
    "en": ["", " is that a scam?", " what do I do now", " was this a scam??", " please help"],
    "en-IN": ["", " kindly advise what to do", " is this fraud?", " what to do now sir", " is it scam?"],
    "en-SG": ["", " is it scam ah", " how now", " can get back or not", " what to do leh"],
    "en-PH": ["", " is this a scam po?", " what will I do?", " pls help po", " is this legit?"],
}

# Per variety and state: {act: [wordings]}. {S} subject, {P} pronoun, {O} object, {Pos} possessive,
# {be} am/is, {amt} an amount, {rail} the variety's payment rail.
EN = {
    "en": {
        "given": {
            "money": ["{S} already transferred {amt} to the so-called fraud team",
                      "they said move it to a safe account and {S} sent {amt} over this morning",
                      "the 'bank' rang and {S} paid {amt} to the account they read out",
                      "{S} has wired {amt} to them."],
            "code": ["{S} gave the caller the 6 digit code from the text",
                     "they asked for the code off the SMS and {S} read it out to them",
                     "{S} told the man the security code that came through",
                     "{S} already gave them the one-time passcode."],
            "remote": ["{S} installed AnyDesk because the 'Amazon' man asked",
                       "{S} downloaded TeamViewer like they told {O} to",
                       "{S} put that QuickSupport app on the laptop for them"],
            "card": ["{S} typed the long card number and CVV into their link",
                     "{S} gave the caller the card details, expiry and all",
                     "{S} entered the card number on the page they texted"],
            "giftcards": ["{S} bought {amt} of Google Play cards and read the codes to the man",
                          "{S} got Apple gift cards worth {amt} at Tesco and sent them photos of the codes",
                          "{S} bought steam cards for {amt} and texted the numbers to the caller"],
            "cash": ["{S} handed {amt} in cash to the courier they sent round",
                     "{S} took out {amt} and gave it to the man who came to the door",
                     "{S} withdrew {amt} and handed the envelope to their courier"],
        },
        "open": {
            "call": ["{S} {be} on the phone right now with 'Amazon' and they say there is a problem",
                     "{S} {be} talking to the 'bank' on the other phone right now",
                     "{S} {be} on the line with them now, they're asking about the account",
                     "{S} {be} still on with the caller"],
            "video": ["{S} {be} on a video call right now with a man in a police uniform",
                      "the 'officer' has {O} on video right now"],
            "screen": ["the screen sharing is still on as I type this",
                       "they can still see {Pos} screen, the share is running"],
        },
        "paying": {
            "paying": ["{S} {be} at the bank now queuing to send the money they asked for",
                       "a courier is coming at 5 to collect {Pos} cash for the 'investigation'",
                       "{S} {be} at the cash machine right now doing what the caller says"],
        },
        "asked": {
            "giftcards": ["the caller told {O} to buy Google Play cards",
                          "they want {O} to get {amt} of Apple gift cards",
                          "he said {S} should buy steam cards and read the codes out"],
            "code": ["they asked {O} for the code in the text",
                     "the man wants {O} to read out the 6 digit code"],
            "remote": ["they wanted {O} to install AnyDesk",
                       "the 'Microsoft' guy asked {O} to download TeamViewer"],
            "money": ["they told {O} to move {amt} to a safe account",
                      "the caller wants {O} to transfer {amt} today"],
            "cash": ["they want {O} to withdraw {amt} for a courier to pick up"],
        },
        "refused": {
            "giftcards": ["the caller told {O} to buy Google Play cards but {P} refused and hung up",
                          "they wanted gift cards, {S} said no and put the phone down"],
            "code": ["they asked for the code but {S} didn't give it",
                     "{S} never read them the code, {P} hung up"],
            "remote": ["he asked {O} to install AnyDesk and {S} refused",
                       "{S} did not download the app they wanted"],
            "money": ["they told {O} to transfer {amt} but {S} didn't send anything",
                      "{S} refused to move the money and ended the call"],
        },
    },
    "en-IN": {
        "given": {
            "money": ["{S} has done the payment of {amt} through {rail} to that officer",
                      "{amt} {S} have transferred to the account given by them",
                      "customs person told to pay fine, {S} paid {amt} on {rail}",
                      "{S} has sent {amt} to the number they gave."],
            "code": ["OTP {S} have shared with the caller",
                     "{S} has told the OTP to the bank person",
                     "{S} gave the OTP to that executive",
                     "the caller asked for OTP and {S} has given it."],
            "remote": ["{S} has installed AnyDesk as per the executive",
                       "as per their instruction {S} has downloaded the screen sharing app",
                       "{S} installed the app they sent the link for"],
            "card": ["{S} has given all the card details including CVV",
                     "{S} entered the debit card number in their link",
                     "card number and expiry {S} have shared with them"],
            "giftcards": ["{S} purchased Amazon vouchers of {amt} and shared the codes with them",
                          "{S} bought Google Play cards worth {amt} and sent the codes to the caller"],
            "cash": ["{S} has handed over {amt} cash to the person who came from the 'CBI'",
                     "{S} gave {amt} in cash to their agent"],
        },
        "open": {
            "call": ["{S} {be} on call with the 'CBI officer' only right now",
                     "the customs person is on the line with {O} now",
                     "{S} {be} on the phone right now with them, they are saying digital arrest"],
            "video": ["they have kept {O} on a video call since morning",
                      "{S} {be} on Skype with the 'police' right now"],
            "screen": ["the AnyDesk is still connected to {Pos} laptop"],
        },
        "paying": {
            "paying": ["{S} {be} at the bank right now to do the RTGS they asked",
                       "{S} {be} standing at the ATM now, the officer is guiding on phone"],
        },
        "asked": {
            "giftcards": ["the caller told {O} to purchase Amazon vouchers",
                          "they are asking {O} to buy Google Play cards of {amt}"],
            "code": ["the executive is asking {O} for the OTP",
                     "they told {O} to share the OTP"],
            "remote": ["they asked {O} to install AnyDesk",
                       "executive wants {O} to download the screen sharing app"],
            "money": ["they told {O} to transfer {amt} for verification",
                      "the officer is asking {O} to pay {amt} as fine"],
        },
        "refused": {
            "giftcards": ["they told {O} to purchase vouchers but {S} did not buy",
                          "{S} refused to buy the Google Play cards"],
            "code": ["they asked for the OTP but {S} did not share it",
                     "{S} have not shared any OTP"],
            "remote": ["{S} did not install the app they told"],
            "money": ["they asked {O} to transfer {amt} but {S} have not paid anything"],
        },
    },
    "en-SG": {
        "given": {
            "money": ["{S} transfer {amt} to him already",
                      "{S} paynow {amt} to the 'MAS officer' liao",
                      "{S} already send {amt} over to them lor",
                      "{amt} {S} send to the account he gave already"],
            "code": ["{S} give the OTP to the caller already",
                     "the guy ask for the OTP then {S} give him lor",
                     "{S} already tell them the code",
                     "{S} read the code to him liao"],
            "remote": ["{S} download the anydesk already",
                       "{S} install the app he ask already",
                       "the teamviewer {S} already install"],
            "card": ["{S} key in the card number and cvv on the link already",
                     "{S} give him the card details liao",
                     "{S} already fill in the card details in their link"],
            "giftcards": ["{S} buy {amt} of google play card and send him the codes already",
                          "{S} went to buy the apple card and give him the code liao"],
            "cash": ["{S} pass {amt} cash to the man already",
                     "{S} already give the {amt} cash to the courier"],
        },
        "open": {
            "call": ["{S} still on the phone with him now",
                     "the guy still on the line with {O} now",
                     "{S} on the phone with the 'police' right now"],
            "video": ["{S} on video call with the 'officer' now"],
            "screen": ["the anydesk still connected now"],
        },
        "paying": {
            "paying": ["{S} at the atm now, he is telling what to press",
                       "{S} now at the bank queueing to transfer to their account"],
        },
        "asked": {
            "giftcards": ["the caller ask {O} to buy google play card",
                          "he want {O} buy apple card"],
            "code": ["he ask {O} for the OTP",
                     "the guy want {O} to give the code"],
            "remote": ["he ask {O} to download anydesk"],
            "money": ["he ask {O} to transfer {amt}",
                      "they want {O} to paynow {amt} to them"],
        },
        "refused": {
            "giftcards": ["he ask {O} to buy google play card but {S} never buy",
                          "{S} dun want to buy the cards"],
            "code": ["{S} never give the OTP",
                     "he ask for the OTP but {S} dun give"],
            "remote": ["{S} never download the app"],
            "money": ["he ask {O} to transfer {amt} but {S} never transfer"],
        },
    },
    "en-PH": {
        "given": {
            "money": ["{S} already sent {amt} thru {rail} to the agent",
                      "{S} sent {amt} via {rail} to the number they gave po",
                      "{S} already paid the {amt} 'customs fee' to them",
                      "{S} transferred {amt} to the account of the courier already"],
            "code": ["{S} already gave the OTP to the caller",
                     "{S} told the OTP to the agent po",
                     "{S} sent the OTP to them already"],
            "remote": ["{S} already installed the app they sent",
                       "{S} downloaded AnyDesk like the agent said"],
            "card": ["{S} already put the card details in the link",
                     "{S} gave the card number and CVV to the agent"],
            "giftcards": ["{S} bought {amt} of Google Play cards and sent the codes to them"],
            "cash": ["{S} already handed {amt} cash to the rider they sent"],
        },
        "open": {
            "call": ["{S} {be} still on the phone with the agent po",
                     "the agent is still on the line with {O} right now",
                     "{S} {be} on the phone right now with the 'bank'"],
            "video": ["{S} {be} on a video call with the 'NBI agent' right now"],
        },
        "paying": {
            "paying": ["{S} {be} at the remittance center now to send the money they asked",
                       "{S} {be} in the bank right now, the agent is telling what to do"],
        },
        "asked": {
            "giftcards": ["the caller told {O} to buy Google Play cards po",
                          "the agent wants {O} to buy gift cards"],
            "code": ["the agent asked {O} for the OTP"],
            "remote": ["they told {O} to install AnyDesk"],
            "money": ["the agent told {O} to send {amt} thru {rail}"],
        },
        "refused": {
            "giftcards": ["they told {O} to buy Google Play cards but {S} did not"],
            "code": ["{S} did not give the OTP po"],
            "money": ["the agent asked {O} to send {amt} but {S} refused"],
        },
    },
}  # fmt: skip

# (subject, pronoun, object) per Chinese variety
ZH_WHO = {
    "zh-CN": [("我", "我", "我"), ("我妈", "她", "她"), ("我爸", "他", "他"), ("我同事", "他", "他")],
    "zh-TW": [("我", "我", "我"), ("我媽", "她", "她"), ("我阿嬤", "她", "她"), ("我同事", "他", "他")],
    "yue": [("我", "我", "我"), ("阿媽", "佢", "佢"), ("我老豆", "佢", "佢"), ("我同事", "佢", "佢")],
}
ZH_REGION = {"zh-CN": "CN", "zh-TW": "TW", "yue": "HK"}
ZH_AMT = {"zh-CN": ["两万", "5000元", "3万8"], "zh-TW": ["3萬", "五萬塊", "12萬"], "yue": ["$8000", "兩萬蚊", "五千蚊"]}
ZH_TAIL = {
    "zh-CN": ["", "，这是诈骗吗？", "，现在怎么办", "，是不是被骗了", "，还能追回来吗"],
    "zh-TW": ["", "，這是詐騙嗎？", "，怎麼辦", "，要打165嗎", "，是不是被騙了"],
    "yue": ["", "，係咪呃人㗎？", "，點算好", "，係咪俾人呃咗", "，仲有冇得救"],
}
ZH = {
    "zh-CN": {
        "given": {
            "money": ["{S}已经按他说的转了{amt}过去", "{S}刚才往对方给的安全账户汇了{amt}",
                      "他让{O}转账，{P}已经转了两笔", "{S}听客服的在手机银行转给他{amt}了"],
            "code": ["{S}把验证码告诉那个客服了", "对方要短信验证码，{S}报给他了", "{S}已经把收到的验证码发给对方了"],
            "remote": ["{S}按他说的下载了向日葵", "{S}已经装了他发的那个会议软件", "{S}听他的安装了远程软件"],
            "card": ["{S}把银行卡号和密码都填进那个链接了", "{S}已经把卡号和有效期告诉对方了"],
            "giftcards": ["{S}去超市买了{amt}的购物卡，把卡密发给他了", "{S}买了{amt}的礼品卡，卡号都报给对方了"],
            "cash": ["{S}把{amt}现金交给了上门来拿的人", "{S}取了{amt}现金，已经交给对方派来的人了"],
        },
        "open": {
            "call": ["{S}现在还在跟那个“客服”通电话", "电话还没挂，对方一直在说"],
            "video": ["{S}正在和“警察”视频，他在教{O}操作", "{S}还开着视频，对方在看着"],
            "screen": ["屏幕共享还开着，要不要关", "{S}的屏幕现在还在共享给对方"],
        },
        "paying": {
            "paying": ["{S}现在就在ATM前面，电话那头的人在指挥{O}", "{S}正在去银行的路上，对方让{O}转到安全账户"],
        },
        "asked": {
            "giftcards": ["骗子让{O}去买购物卡", "对方叫{O}买{amt}的礼品卡"],
            "code": ["他要{O}把验证码发给他", "对方让{O}报一下短信验证码"],
            "remote": ["对方叫{O}下载向日葵", "他让{O}装一个会议软件共享屏幕"],
            "money": ["客服让{O}转{amt}到安全账户"],
        },
        "refused": {
            "giftcards": ["他叫{O}去买购物卡，{S}没买，挂了电话"],
            "code": ["对方要验证码，{S}没给", "{S}没有把验证码告诉他"],
            "remote": ["他让{O}下载向日葵，{S}没装"],
            "money": ["他叫{O}转账，{S}没转，直接挂了"],
        },
    },
    "zh-TW": {
        "given": {
            "money": ["{S}已經繳了兩筆，總共{amt}", "{S}照他說的去ATM匯了{amt}", "{S}剛剛把{amt}轉給假客服了"],
            "code": ["{S}把簡訊驗證碼給他了", "對方要驗證碼，{S}已經唸給他聽了"],
            "remote": ["{S}已經裝了AnyDesk", "{S}照他說的下載了遠端軟體"],
            "card": ["{S}把信用卡卡號跟背面三碼都給對方了"],
            "giftcards": ["{S}去超商買了{amt}的遊戲點數，序號都拍給他了", "{S}點數買好了，序號也傳給對方了"],
            "cash": ["{S}把領出來的{amt}交給來收的人了"],
        },
        "open": {
            "call": ["{S}現在還在跟對方講電話", "電話還沒掛，對方一直叫{O}不要掛"],
            "video": ["{S}正在跟假檢察官視訊"],
        },
        "paying": {
            "paying": ["{S}現在人在ATM前面，對方在電話裡教{O}按", "{S}在家等他們派人來拿錢"],
        },
        "asked": {
            "giftcards": ["對方叫{O}去超商買遊戲點數", "假客服要{O}買{amt}的點數卡"],
            "code": ["對方要{O}把簡訊驗證碼給他"],
            "money": ["他叫{O}去ATM解除分期付款"],
        },
        "refused": {
            "giftcards": ["對方叫{O}去買點數，{S}沒有買"],
            "code": ["對方要驗證碼，{S}沒給他"],
            "money": ["他叫{O}去ATM操作，{S}沒去"],
        },
    },
    "yue": {
        "given": {
            "money": ["{S}過咗{amt}去佢個戶口", "{S}已經俾咗{amt}佢", "佢叫{O}過數，{S}過咗兩次"],
            "code": ["{S}講咗個驗證碼俾佢聽", "佢問{O}攞個OTP，{S}講咗俾佢聽", "{S}將個短訊碼讀咗俾佢"],
            "remote": ["{S}裝咗個AnyDesk", "{S}跟佢講download咗個app"],
            "card": ["{S}入咗張信用卡嘅資料落個網", "{S}將張卡嘅號碼同CVV講咗俾佢"],
            "giftcards": ["{S}買咗{amt}嘅禮品卡，張卡嘅碼讀咗俾佢", "{S}喺便利店買咗禮品卡，影咗個碼send咗俾佢"],
            "cash": ["{S}將{amt}現金交咗俾上門嗰個人", "{S}拎咗{amt}出嚟交俾佢哋派嚟嘅人"],
        },
        "open": {
            "call": ["{S}而家仲同佢傾緊電話", "{S}仲喺電話度同個假職員講緊"],
            "video": ["{S}而家仲同個假警察開緊視像"],
            "screen": ["個屏幕而家仲分享緊俾佢睇"],
        },
        "paying": {
            "paying": ["{S}而家喺ATM度，個人喺電話度教{O}按", "{S}而家喺銀行排緊隊要過數俾佢"],
        },
        "asked": {
            "giftcards": ["個騙子叫{O}去買禮品卡", "佢叫{O}買{amt}嘅點數卡"],
            "code": ["佢叫{O}講個驗證碼俾佢聽", "佢問{O}攞個OTP"],
            "remote": ["佢叫{O}裝AnyDesk"],
        },
        "refused": {
            "giftcards": ["佢叫{O}買禮品卡，{S}冇買"],
            "code": ["佢問{O}攞驗證碼，{S}冇俾"],
            "money": ["佢叫{O}過數，{S}冇過，收咗線"],
        },
    },
}  # fmt: skip

# Wordings written after the reader was changed (from the families a tester's set showed): tuned on,
# never held out. "calm" states here are situations with no emergency that read like one.
EN_EXTRA = {
    "en": {
        "given": {
            "money": [
                "they asked {O} to wire {amt} to a 'holding account'. {P} already did this morning",
                "this is the transfer {S} just made to them",
                "they wanted {O} to pay {amt}. {P} paid it yesterday at the branch",
            ]
        },
        "calm": {
            "money": [
                "the bank rang to say they stopped a payment {S} made to a crypto site",
                "{S} sent {amt} but the transfer was blocked by the bank",
                "they told {O} to ring the number on the back of the card, {P} did and it was them",
                "{S} installed ScamShield like the police officer said",
            ],
            # The writer's own people on the line: no caller to hang up on.
            "open": [
                "I'm talking to my mum right now about this text",
                "I am on the phone with my daughter now, she got the same message",
                "my son is talking to me right now about the parcel message",
            ],
        },
        # An ask told by its obligation, going on past "and": nothing done yet (written after the
        # held-out measure showed "he said … should buy the cards and read the codes out" read as done).
        "asked": {
            "giftcards": [
                "he says {S} needs to get gift cards and read him the pins",
                "they said {S} must buy Apple cards and send the numbers over",
                "the caller said {S} should purchase vouchers and tell him the codes",
            ]
        },
    },
    "en-SG": {"given": {"money": ["he ask {O} to transfer {amt}. {P} already transfer just now"]}},
}
ZH_EXTRA = {
    "zh-CN": {
        "given": {
            "money": [
                "{S}已按对方的指示在银行柜台转了{amt}",
                "{S}已经照他说的在手机上汇了{amt}",
                "截图里是{S}刚才按客服说的转的",
                "这笔是{S}刚刚汇给他的",
                "{S}取了{amt}现金，已经交给上门的人了",
            ]
        },
        "calm": {
            "money": [
                "银行打电话说{S}刚才转给陌生人的{amt}被拦下了",
                "{S}转账给他，被银行拦截了",
                "民警上门帮{O}装了国家反诈中心APP",
                "{S}已经缴了两笔电费",
                "他叫{O}取钱交给他们派来的人",
            ]
        },
    },
    "zh-TW": {
        "given": {
            "money": [
                "{S}買了{amt}的遊戲點數序號也傳過去了",
                "{S}已經買了{amt}的點數卡都拍過去了",
                "{S}已照對方指示在超商繳了{amt}",
            ]
        },
        "calm": {"money": ["{S}今天繳了兩筆帳單", "對方叫{O}買點數，{S}買了自己用"]},
    },
    "yue": {
        "given": {"card": ["{S}撳咗條link仲入埋網上銀行登入名同密碼", "{S}喺佢條link度入咗張信用卡"]},
        "calm": {"remote": ["{S}喺Shopee App開咗個客服對話投訴", "{S}喺App入咗張信用卡交電費"]},
    },
}

STATE_WANT = {"open": "open", "paying": "paying", "asked": "none", "refused": "none", "calm": "none"}


def _want(state: str, act: str) -> str:
    if state == "given":
        return "given:money" if act in ("giftcards", "cash") else f"given:{act}"
    return STATE_WANT[state]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _expand(en: dict, zh: dict, rng: random.Random, extra: bool) -> list[Case]:
    """Each wording filled PER times (person, amount, tail, typing); `extra` wordings are never held out."""
    out: list[Case] = []
    for variety, states in en.items():
        for state, acts in states.items():
            for act, wordings in acts.items():
                for i, wording in enumerate(wordings):
                    held = i % HELD_EVERY == HELD_EVERY - 1 and not extra
                    for _ in range(PER):
                        s, p, o, pos, be = rng.choice(EN_WHO[variety])
                        if "{S}" not in wording and "{O}" not in wording and "{Pos}" not in wording:
                            s, p, o, pos, be = EN_WHO[variety][0]
                        text = wording.format(
                            S=s, P=p, O=o, Pos=pos, be=be, amt=rng.choice(EN_AMT[variety]), rail=EN_RAIL[variety]
                        )
                        text = text.replace("I am", rng.choice(["I am", "I'm", "im"])) if "I am" in text else text
                        text = _cap(text) + rng.choice(EN_TAIL[variety])
                        if rng.random() < 0.3:
                            text = text.lower()
                        out.append(Case(text, variety, EN_REGION[variety], _want(state, act), f"{state}:{act}",
                                        held, (i, len(wordings)), GROUP))  # fmt: skip
    for variety, states in zh.items():
        for state, acts in states.items():
            for act, wordings in acts.items():
                for i, wording in enumerate(wordings):
                    held = i % HELD_EVERY == HELD_EVERY - 1 and not extra
                    for _ in range(PER):
                        s, p, o = rng.choice(ZH_WHO[variety])
                        text = wording.format(S=s, P=p, O=o, amt=rng.choice(ZH_AMT[variety]))
                        text += rng.choice(ZH_TAIL[variety])
                        if rng.random() < 0.2:
                            text = re.sub(r"[，。？！]+", " ", text).strip()  # voice-to-text: spaces only
                        out.append(Case(text, variety, ZH_REGION[variety], _want(state, act), f"{state}:{act}",
                                        held, (i, len(wordings)), GROUP))  # fmt: skip
    return out


def _cases() -> list[Case]:
    # (the first matrix, held-out part included, is filled exactly as it was when it was first measured)
    return [*_expand(EN, ZH, random.Random(20261207), False), *_expand(EN_EXTRA, ZH_EXTRA, random.Random(7), True)]


def cases() -> list[Case]:
    """Every generated case, in a fixed order, without duplicate texts."""
    seen: set[str] = set()
    out = []
    for c in _cases():
        if c.text not in seen:
            seen.add(c.text)
            out.append(c)
    return out


def judge(case: Case, situation) -> bool:
    """Done: the act's kind is among what was given. Open: still connected (any open mode). Paying:
    the first action is "stop, do not pay". Asked-only and refused twins: calm."""
    if case.want == "none":
        return not situation.urgent
    if case.want == "paying":
        return situation.action == "paying"
    if case.want == "open":
        return situation.on_call
    return case.want.split(":", 1)[1] in situation.given


def rates(kb, selection=None) -> dict[tuple[str, bool, bool], tuple[int, int]]:
    """(hits, total) per (variety, held out, positive)."""
    from nlu.situation import detect

    out: dict[tuple[str, bool, bool], list[int]] = {}
    for c in selection if selection is not None else cases():
        g = out.setdefault((c.variety, c.held, c.want != "none"), [0, 0])
        g[0] += judge(c, detect(kb.situations, c.text))
        g[1] += 1
    return {k: (h, n) for k, (h, n) in out.items()}


def summary(per) -> list[str]:
    lines = []
    for held in (False, True):
        for pos in (True, False):
            cells = {k[0]: v for k, v in per.items() if k[1] == held and k[2] == pos}
            h, n = sum(v[0] for v in cells.values()), sum(v[1] for v in cells.values())
            detail = " ".join(f"{var} {v[0]}/{v[1]}" for var, v in sorted(cells.items()))
            lines.append(f"{'held ' if held else 'tuned'} {'urgent' if pos else 'calm  '} {h}/{n}  ({detail})")
    return lines


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from knowledge import load_knowledge
    from nlu.situation import detect

    kb = load_knowledge()
    all_cases = cases()
    print(f"{len(all_cases)} messages")
    print("\n".join(summary(rates(kb, all_cases))))
    if "-v" in sys.argv:
        for c in all_cases:
            if c.held != ("--held" in sys.argv):
                continue
            d = detect(kb.situations, c.text)
            if not judge(c, d):
                print(f"MISS {c.variety:6s} {c.family:18s} {c.want:12s} {c.text!r} -> {d.given} {d.ongoing}")
