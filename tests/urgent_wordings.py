"""People in trouble written their own way, third matrix: wordings the first two (tests/trouble_matrix.py,
tests/urgent_families.py) never used, each family generated from parts, each with negative twins.

- "worry": the trouble, then a question or worry about it ("…, is that bad?", "…還能追回嗎", "點算好"),
  or the question first ("did I just get scammed? I sent…").
- "local": Indian English (done the payment, shared only, got debited, UPI), Singapore / Malaysian
  (liao, lah, PayNow, DuitNow), Philippine (GCash, po), UK / Australian (the bank fella, quid, reckon).
- "yue_tw": Cantonese (過咗數, 俾咗, 轉咗, 畀, 入咗數) and Taiwanese Mandarin (匯過去了, 已經轉帳,
  去超商繳了, ATM操作了) done-forms.
- "relative": a relative or friend gave it, or is still on the call; the first line then tells the
  writer to reach them (`Situation.who` names them), not "Hang up now" to the writer.
- "about": about to pay right now at someone's direction: "stop, do not pay" (`action == "paying"`),
  and nothing told back as already given.

Twins (want "none") in every family: over and reported long ago, a hypothetical, refused, a genuine
payment, a question before doing it. Multi-message chats (the trouble in a short last message after a
scam story in the same chat) are in `CHATS`, judged on the engine's replies.

Every family's wordings are numbered; those with index % 3 == 2 are held out (not looked at while the
reader was changed). The wording is this file's own. `python tests/urgent_wordings.py [-v] [--held]`.
"""

from __future__ import annotations

import random
import re

from trouble_matrix import HELD_EVERY, Case

PER = 6  # variants of each wording


def _vary(text: str, roll: float) -> str:
    """As typed: as written, without punctuation (voice-to-text), or lower case."""
    if roll < 0.25:
        return re.sub(r"[.,!?;:\"，。！？、]+", " ", text).strip()
    if roll < 0.4:
        return text.lower()
    return text


SLOTS = {
    "en": {
        "to": ["him", "the caller", "that guy", "the 'bank' man", "the amazon guy", "them", "the so called officer"],
        "amt": ["$300", "£850", "2k", "$4,500", "1,200 dollars", "£90"],
    },
    "zh": {
        "to": ["他", "对方", "那个客服", "假客服", "那个人", "自称警察的人"],
        "amt": ["3000", "两万", "5万块", "8千", "一万二"],
    },
    "yue": {
        "to": ["佢", "個客服", "嗰個人", "個假警察", "對方"],
        "amt": ["五千蚊", "兩萬", "$8000", "三萬幾", "一萬"],
    },
    "tw": {
        "to": ["他", "對方", "假客服", "那個客服", "LINE上的人"],
        "amt": ["3萬", "五千", "兩萬多", "12000元", "4萬9"],
    },
    "in": {
        "to": ["him", "that person", "the customer care person", "the caller", "them"],
        "amt": ["Rs 15,000", "₹45,000", "1.2 lakh", "25000 rupees", "30k"],
    },
    "sg": {
        "to": ["him", "that guy", "the caller", "the 'police'", "them"],
        "amt": ["S$1,500", "SGD 700", "RM 2,000", "3k", "5000 ringgit"],
    },
    "uk": {
        "to": ["him", "the caller", "that bloke", "them", "the 'bank' fella"],
        "amt": ["£2,400", "800 quid", "£150", "AUD 3,000", "$600"],
    },
    "ph": {
        "to": ["him", "that agent", "the caller", "them"],
        "amt": ["5,000 pesos", "P12,000", "₱3,500", "20k"],
    },
}

# -- 1. the trouble, then a question or a worry -------------------------------------------------------
WORRY_TAIL = {
    "en": ["is that bad?", "was that stupid?", "am I in trouble now", "did I mess up??", "can I get it back?",
           "how bad is this", "should I be worried?", "please tell me that's ok", "is it too late to fix?"],
    "zh": ["怎么办还能追回吗", "是不是被骗了", "会不会有事啊", "钱还能要回来吗", "我是不是完了",
           "好慌怎么搞", "要紧吗"],
    "yue": ["點算好", "係咪俾人呃咗", "仲有冇得救", "點搞啊", "會唔會出事", "好驚呀"],
}  # fmt: skip
WORRY = {
    "en": {
        "given:code": [
            "I gave {to} the otp, {tail}",
            "read the 6 digit number from my texts to {to}. {tail}",
            "{tail} I told {to} the security code my bank texted me",
            "I've given {to} the passcode that came by sms... {tail}",
            "so I passed on the verification code to {to} {tail}",
            "I already entered the code from my phone on the site {to} sent, {tail}",
        ],
        "given:money": [
            "did I just get scammed? I sent {amt} by zelle to {to}",
            "I transferred {amt} to {to} an hour ago, {tail}",
            "I paid {to} {amt} on venmo, {tail}",
            "{tail} I wired {amt} to the account {to} gave me",
            "I've bought {amt} in google play cards and sent {to} the codes, {tail}",
            "put {amt} in a bitcoin machine like {to} told me to. {tail}",
            "I moved all my savings, {amt}, to the new account {to} set up, {tail}",
        ],
        "given:remote": [
            "I let {to} onto my laptop with anydesk, {tail}",
            "I installed teamviewer because {to} asked, {tail}",
            "{tail} I downloaded the remote app {to} said to",
        ],
        "given:card": [
            "I typed my card number and the 3 digits on the back into the link {to} sent, {tail}",
            "I read out my card number and expiry to {to}. {tail}",
            "I gave {to} my full card details, {tail}",
        ],
    },
    "zh": {
        "given:money": [
            "我已经转了{amt}给{to}，{tail}",
            "{tail}，我刚给{to}打了{amt}过去",
            "按{to}说的在借呗借了{amt}转过去了，{tail}",
            "我刚扫{to}发的码付了{amt}，{tail}",
            "钱已经转到{to}说的安全账户了，{tail}",
            "我把{amt}汇进{to}给的账号了{tail}",
        ],
        "given:code": [
            "我刚把验证码告诉{to}了，{tail}",
            "{tail}，刚才手机收到的短信码我念给{to}了",
            "我已经把那串数字报给{to}了，{tail}",
            "短信验证码已经发给{to}了{tail}",
        ],
        "given:remote": [
            "我按{to}说的下了个会议软件，还共享了屏幕，{tail}",
            "我装了{to}让装的远程软件，{tail}",
            "{tail}，我开了屏幕共享给{to}看",
        ],
    },
    "yue": {
        "given:code": [
            "佢攞咗我個驗證碼，{tail}",
            "我頭先讀咗個驗證碼俾{to}聽，{tail}",
            "{tail}，我將個OTP講咗俾{to}知",
            "個短訊碼我已經俾咗{to}，{tail}",
        ],
        "given:money": [
            "我過咗{amt}俾{to}，{tail}",
            "{tail}，我頭先轉咗{amt}去{to}個戶口",
            "我已經用轉數快畀咗{amt}{to}，{tail}",
            "我入咗{amt}落{to}俾嘅戶口，{tail}",
        ],
        "given:card": [
            "我俾咗張卡嘅號碼同背面三個字{to}，{tail}",
            "我頭先將信用卡資料打咗落{to}個網，{tail}",
            "{tail}，我讀咗張卡號碼俾{to}聽",
        ],
    },
}

# -- 2. Indian, Singapore / Malaysian, Philippine, UK / Australian English -----------------------------
LOCAL_TAIL = {
    "in": ["", " what to do now", " please guide", " kindly help sir", " what is the process to get back",
           " pls suggest", " is my money gone"],
    "sg": ["", " how", " now how", " can get back or not", " what to do ah", " die liao", " sian"],
    "ph": ["", " what do I do po", " pls help", " can I still get it back po?", " huhu"],
    "uk": ["", " what now", " am I stuffed?", " help", " what should I do mate", " is it gone for good"],
}  # fmt: skip
LOCAL = {
    "in": {
        "given:money": [
            "I have done the payment of {amt} to {to}.{tail}",
            "amount got debited, {amt}, after I did what {to} said.{tail}",
            "I did UPI payment {amt} to {to} by scanning his QR.{tail}",
            "{amt} I have transferred to {to} through phonepe.{tail}",
            "money got deducted from my account after I paid {to} the charges.{tail}",
            "I have sent {amt} via google pay to {to} for the KYC update.{tail}",
        ],
        "given:code": [
            "OTP I have shared only with {to}.{tail}",
            "I have told the OTP to {to} on call.{tail}",
            "{to} took OTP from me and now {amt} is gone.{tail}",
            "I have given the OTP which came on my mobile to {to}.{tail}",
        ],
        "computer": [
            "{to} is telling me to install anydesk, it is still connected.{tail}",
            "I have installed the app {to} told, {to} is still controlling my phone.{tail}",
            "the screen sharing with {to} is still going on.{tail}",
        ],
    },
    "sg": {
        "given:money": [
            "already transfer liao to {to}, {amt}.{tail}",
            "I paynow him already lah, {amt}.{tail}",
            "I duitnow {amt} to {to} already.{tail}",
            "just now I transfer {amt} to {to} liao.{tail}",
            "{amt} I send to {to} already lor.{tail}",
            "I top up {amt} into the account {to} give me already.{tail}",
        ],
        "call": [
            "still on the line with him leh, he say dont hang up.{tail}",
            "{to} still on the phone with me now, say cannot hang up.{tail}",
            "now still talking to {to} on the phone.{tail}",
        ],
        "given:code": [
            "I give {to} the otp already.{tail}",
            "the tac I send to {to} liao.{tail}",
            "just now I read the otp to {to} already.{tail}",
        ],
    },
    "ph": {
        "given:money": [
            "I sent {amt} thru GCash to {to}.{tail}",
            "I already cashed in {amt} to the gcash number they gave me.{tail}",
            "nagsend na ako {amt} via gcash to {to}.{tail}",
            "I paid {amt} to {to} using maya.{tail}",
        ],
        "given:code": [
            "I already gave the OTP to {to} po.{tail}",
            "I shared my gcash MPIN and OTP with {to}.{tail}",
            "binigay ko na yung OTP to {to}.{tail}",
        ],
    },
    "uk": {
        "given:money": [
            "I've just moved {amt} to the safe account the bank fella gave me.{tail}",
            "I've paid {to} {amt} by bank transfer, reckon I've been done.{tail}",
            "transferred {amt} to {to} this arvo.{tail}",
            "I've gone and sent {amt} to {to}.{tail}",
            "I've bought {amt} of apple cards at tesco and read the numbers out to {to}.{tail}",
            "handed {amt} in cash to the courier {to} sent round.{tail}",
        ],
        "given:code": [
            "rang me from the fraud team, I've given them the code off my phone.{tail}",
            "I've read out the one time passcode to {to}.{tail}",
            "gave {to} the 8 digit code from the text, stupidly.{tail}",
        ],
        "given:card": [
            "I've handed my bank card to the courier {to} sent round.{tail}",
            "I've given {to} my card number, expiry and the three numbers on the back.{tail}",
            "I popped my card details into the royal mail link.{tail}",
        ],
    },
}
LOCAL_VARIETY = {"in": "en-IN", "sg": "en-SG", "ph": "en-PH", "uk": "en-GB"}
LOCAL_REGION = {"in": "IN", "sg": "SG", "ph": "PH", "uk": "GB"}

# -- 3. Cantonese and Taiwanese Mandarin done-forms ----------------------------------------------------
YT_TAIL = {
    "yue": ["", "，點算", "，係咪俾人呃咗㗎", "，仲追唔追到", "，救命", "喇"],
    "tw": ["", "，怎麼辦", "，是不是被騙了", "，還拿得回來嗎", "，要打165嗎", "啦"],
}  # fmt: skip
YT = {
    "yue": {
        "given:money": [
            "我已經過咗數俾{to}{tail}",
            "我俾咗{amt}{to}{tail}",
            "我轉咗{amt}過{to}{tail}",
            "阿媽畀咗{amt}{to}{tail}",
            "我頭先入咗數落{to}個戶口，{amt}{tail}",
            "我照{to}講去ATM撳咗機，過咗{amt}出去{tail}",
            "我用網上理財轉咗{amt}俾{to}{tail}",
            "我喺便利店買咗{amt}點數卡，張卡號碼send咗俾{to}{tail}",
        ],
        "given:code": [
            "我畀咗個驗證碼{to}{tail}",
            "我send咗個OTP俾{to}{tail}",
            "個一次性密碼我話咗俾{to}知{tail}",
        ],
        "given:remote": [
            "我裝咗{to}叫我裝嘅app，佢而家睇到我個mon{tail}",
            "我跟{to}講下載咗個遙距控制app{tail}",
            "我開咗分享屏幕俾{to}睇{tail}",
        ],
    },
    "tw": {
        "given:money": [
            "我已經匯過去了，{amt}{tail}",
            "我已經轉帳給{to}了{tail}",
            "我去超商繳了{amt}{tail}",
            "我照{to}說的ATM操作了，{amt}不見了{tail}",
            "我剛用LINE Pay轉了{amt}給{to}{tail}",
            "我把{amt}存進{to}給的帳號了{tail}",
            "我用網銀把錢轉到{to}說的監管帳戶了{tail}",
            "我剛剛無卡存款了{amt}給{to}{tail}",
        ],
        "given:code": [
            "我把網銀的OTP簡訊碼給{to}了{tail}",
            "我已經把認證碼跟{to}講了{tail}",
            "簡訊裡的驗證碼我念給{to}了{tail}",
        ],
        "given:card": [
            "我已經把信用卡卡號跟背面三碼給{to}{tail}",
            "我在{to}傳的網址填了信用卡資料{tail}",
            "我把金融卡寄給{to}了{tail}",
        ],
    },
}

# -- 4. a relative or friend -----------------------------------------------------------------------------
# (name, pronoun, object, possessive)
REL_EN = [("my mum", "she", "her", "her"), ("my nan", "she", "her", "her"), ("my dad", "he", "him", "his"),
          ("my grandad", "he", "him", "his"), ("my aunt", "she", "her", "her"), ("my best friend", "she", "her", "her"),
          ("my uncle", "he", "him", "his")]  # fmt: skip
REL_ZH = ["我妈", "我爸", "我奶奶", "我外公", "我姐", "我朋友", "我婆婆"]
REL_YUE = ["阿媽", "我阿爸", "我阿嫲", "我老公", "我家姐", "我個friend"]
REL_TW = ["我媽", "我爸", "我阿嬤", "我阿公", "我姊姊", "我朋友"]
REL = {
    "en": {
        "call_rel": [
            "{Rel} is still on the phone with {to} right now, they told {obj} not to hang up",
            "{Rel} is on the line with {to} as we speak and won't put the phone down",
            "{to} has been on the phone with {rel} for an hour and {pron} is still talking to them",
            "{Rel}'s still on a call with the 'police', they're keeping {obj} on the line",
            "{Rel} is talking to {to} on the phone at this very moment, {pron} won't listen to me",
            "{Rel} hasn't hung up on {to} yet, {pron}'s still on the call",
        ],
        "given:money": [
            "{Rel} has just sent {amt} to {to}, what can we do",
            "{Rel} paid {to} {amt} this morning before telling anyone",
            "{Rel}'s already transferred {amt} to the account {to} gave {obj}",
            "{Rel} went and bought {amt} in gift cards for {to}, and gave them the numbers",
        ],
        "given:code": [
            "{Rel} gave {to} the code off {poss} phone",
            "{Rel} has read out the one time code to {to}",
            "{Rel} already shared the verification code with {to}",
        ],
    },
    "zh": {
        "call_rel": [
            "{rel}还在跟{to}打电话，对方不让挂",
            "{rel}现在还在和{to}通话，我劝不住",
            "{to}还在电话里跟{rel}说话，一直没挂",
            "{rel}正在和{to}视频通话，还没结束",
            "{rel}跟{to}的电话一直没挂，已经一个小时了",
        ],
        "given:money": [
            "{rel}已经给{to}转了{amt}",
            "{rel}刚刚在借呗借了{amt}转给{to}了",
            "{rel}把养老钱{amt}都汇给{to}了",
        ],
        "given:code": ["{rel}把验证码告诉{to}了", "{rel}已经把短信里的码报给{to}了", "{rel}刚把那个验证码给了{to}"],
    },
    "yue": {
        "call_rel": [
            "{rel}而家仲同{to}講緊電話",
            "{rel}仲喺度同{to}傾緊電話，佢叫佢唔好收線",
            "{to}仲喺電話度同{rel}講緊嘢",
            "{rel}同{to}講咗成個鐘電話，仲未收線",
        ],
        "given:money": ["{rel}過咗{amt}俾{to}", "{rel}轉咗{amt}去{to}個戶口", "{rel}畀咗{amt}{to}"],
    },
    "tw": {
        "call_rel": [
            "{rel}還在跟{to}講電話，叫她不要掛",
            "{rel}現在還在跟{to}通話，一直不掛",
            "{rel}跟{to}的電話還沒掛",
        ],
        "given:money": ["{rel}已經去ATM匯了{amt}給{to}", "{rel}把{amt}轉給{to}了", "{rel}剛剛去超商繳了{amt}"],
    },
}
REL_TAIL = {"en": ["", ", what do I do", ". help", ", how do I stop this?"],
            "zh": ["", "，怎么办", "，怎么劝", "，急"], "yue": ["", "，點算", "，點勸佢"],
            "tw": ["", "，怎麼辦", "，該怎麼勸"]}  # fmt: skip

# -- 5. about to pay, right now, at someone's direction ------------------------------------------------
ABOUT = {
    "zh": [
        "正准备按客服说的在借呗借钱转过去",
        "我现在在银行柜台，准备把{amt}转到{to}说的安全账户",
        "我正要按{to}说的去ATM操作转账",
        "{to}让我在微粒贷借{amt}转给他，我正在弄",
        "{to}叫我现在去买{amt}的礼品卡，我已经到店里了",
        "我在银行排队准备给{to}汇{amt}",
    ],
    "yue": [
        "我而家喺銀行排緊隊，{to}叫我過{amt}去安全戶口",
        "{to}叫我去ATM過數，我而家行緊去",
        "我準備照{to}講轉{amt}過去",
    ],
    "tw": [
        "我現在在超商準備繳{to}給的代碼",
        "我正在ATM前面，{to}在電話上教我操作",
        "我準備照{to}說的匯{amt}到監管帳戶",
    ],
    "en": [
        "I'm at the bank counter about to wire {amt} to the safe account",
        "about to buy the gift cards, I'm at the store, {to} is waiting on the phone",
        "on my way to the bitcoin atm now to deposit {amt} like {to} said",
        "I'm at the ATM now and {to} is telling me which buttons to press",
        "standing in the queue at the bank to send {amt} to {to}'s account",
        "{to} wants me to transfer {amt} now, I'm opening my banking app to do it",
    ],
}

# -- twins: nothing to stop now ------------------------------------------------------------------------------
NEG = {
    "neg_over": [
        (
            "en",
            "last year I was scammed out of {amt} by a fake courier, it was reported, now I only want to know how to spot them",
        ),
        ("zh", "去年被假客服骗了{amt}，已经报警处理完了，现在只想问问怎么防"),
        ("yue", "我舊年俾人呃過{amt}，報咗警㗎喇，而家想問點樣防"),
        (
            "en",
            "a few years back my mum was tricked into giving a code, it got sorted by the bank, how do these scams work",
        ),
        ("tw", "我前年被假客服騙過{amt}，早就報案了，想了解最新的手法"),
        ("en", "back in 2019 I lost {amt} to a refund scam, it's long over, I'm just curious how common they are"),
    ],
    "neg_hypothetical": [
        ("en", "what if I had given the code?"),
        ("zh", "如果我把验证码给了{to}会怎样"),
        ("yue", "如果我過咗數俾{to}會點"),
        ("en", "suppose someone gives the otp to {to}, can the bank reverse it?"),
        ("zh", "假如转了钱给{to}还能追回吗"),
        ("en", "hypothetically if my dad sent {amt} to {to} would he get it back"),
    ],
    "neg_refused": [
        ("en", "{to} asked for the otp but I didn't give it"),
        ("zh", "{to}问我要验证码，我没给"),
        ("yue", "{to}問我攞驗證碼，我冇俾佢"),
        ("en", "{to} wanted me to send {amt}, I said no and hung up"),
        ("tw", "{to}叫我去ATM操作，我沒去"),
        ("en", "he kept asking for my card number, I refused and put the phone down"),
        ("in", "he asked OTP but I have not shared anything"),
        ("sg", "he ask me transfer but I never transfer lah"),
    ],
    "neg_genuine": [
        ("en", "I paid my electricity bill in the app"),
        ("zh", "我刚在支付宝上交了电费"),
        ("yue", "我頭先用轉數快過咗{amt}俾我家姐"),
        ("in", "I have done the payment of my electricity bill through the official app"),
        ("sg", "I paynow my friend for dinner already lah"),
        ("tw", "我剛用網銀繳了信用卡費"),
        ("en", "my mum is on the phone with my aunt, unrelated, but what does this text mean"),
        ("en", "I'm at the bank now to freeze my card after that text"),
    ],
    "neg_before": [
        ("en", "should I give him the otp?"),
        ("zh", "{to}叫我转账，我要转吗"),
        ("in", "he is asking OTP, should I share?"),
        ("yue", "{to}叫我俾驗證碼，應唔應該俾"),
        ("sg", "he ask me paynow {amt}, should I?"),
        ("tw", "{to}叫我匯款，要匯嗎"),
    ],
}
NEG_VARIETY = {"en": "en", "zh": "zh-CN", "yue": "yue", "tw": "zh-TW", "in": "en-IN", "sg": "en-SG"}

# -- 6. a chat: the story first, then the trouble in a short last message ------------------------------
STORIES = {
    "en": [
        "Someone rang saying they're from Amazon, a $399 iPhone was ordered on my account, to cancel it I must "
        "install AnyDesk and they'll refund me",
        "Got a call from my bank's fraud team saying my account is compromised and I need to move my money to a "
        "safe account they'll give me",
        "A courier texted me that my parcel is held and I must pay a redelivery fee of $2.99 by the link",
        "The man on the phone says he's from the tax office and I owe money, I have to pay in gift cards today",
    ],
    "zh": [
        "有个自称淘宝客服的人打电话说我买的东西有质量问题，要给我双倍理赔，让我加他微信",
        "对方说是快递公司的，我的快递丢了要理赔，叫我把收到的验证码告诉他",
        "有人说我开通了百万保障，每月要扣费，不关闭会影响征信，让我去借呗借钱转到他给的账户",
    ],
}
LAST = {  # short last messages that say it went (want "given") or that the call is still open
    "en": [("ok i did it", "given"), ("done, sent", "given"), ("i already did what he said", "given"),
           ("sent it", "given"), ("ok paid", "given"), ("too late, I did it already", "given"),
           ("i did it already, what now?", "given"), ("he's still on the phone", "call")],
    "zh": [("我已经转了", "given"), ("已经给他了", "given"), ("弄好了，已经转过去了", "given"), ("照做了", "given"),
           ("我已经按他说的做了", "given"), ("他还在电话里", "call"), ("已经按他说的转了怎么办", "given")],
}  # fmt: skip
LAST_CALM = {  # short last messages that say nothing went
    "en": ["ok i won't", "no i didn't do it", "i hung up", "thanks", "i haven't done anything yet"],
    "zh": ["好的我不转了", "我没转", "已经挂了", "谢谢", "还没做任何操作"],
}


def _fill(text: str, lang: str, r: random.Random, **extra) -> str:
    slots = SLOTS[lang]
    return text.format(to=r.choice(slots["to"]), amt=r.choice(slots["amt"]), **extra)


def _worry_cases() -> list[Case]:
    out = []
    variety = {"en": "en", "zh": "zh-CN", "yue": "yue"}
    region = {"en": "US", "zh": "CN", "yue": "HK"}
    for lang, fams in WORRY.items():
        for family, wordings in fams.items():
            for i, w in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER):
                    r = random.Random(f"worry|{lang}|{family}|{i}|{n}")
                    text = _vary(_fill(w, lang, r, tail=r.choice(WORRY_TAIL[lang])), r.random())
                    out.append(
                        Case(text, variety[lang], region[lang], family, family, held, (i, len(wordings)), "worry")
                    )
    return out


def _local_cases() -> list[Case]:
    out = []
    for loc, fams in LOCAL.items():
        for family, wordings in fams.items():
            for i, w in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER):
                    r = random.Random(f"local|{loc}|{family}|{i}|{n}")
                    text = _vary(_fill(w, loc, r, tail=r.choice(LOCAL_TAIL[loc])), r.random())
                    out.append(
                        Case(text, LOCAL_VARIETY[loc], LOCAL_REGION[loc], family, family, held, (i, len(wordings)),
                             "local")
                    )  # fmt: skip
    return out


def _yt_cases() -> list[Case]:
    out = []
    for lang, fams in YT.items():
        for family, wordings in fams.items():
            for i, w in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER):
                    r = random.Random(f"yt|{lang}|{family}|{i}|{n}")
                    text = _vary(_fill(w, lang, r, tail=r.choice(YT_TAIL[lang])), r.random())
                    variety, region = ("yue", "HK") if lang == "yue" else ("zh-TW", "TW")
                    out.append(Case(text, variety, region, family, family, held, (i, len(wordings)), "yue_tw"))
    return out


def _rel_cases() -> list[Case]:
    out = []
    region = {"en": "GB", "zh": "CN", "yue": "HK", "tw": "TW"}
    variety = {"en": "en", "zh": "zh-CN", "yue": "yue", "tw": "zh-TW"}
    for lang, fams in REL.items():
        for family, wordings in fams.items():
            for i, w in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER):
                    r = random.Random(f"rel|{lang}|{family}|{i}|{n}")
                    if lang == "en":
                        rel, pron, obj, poss = r.choice(REL_EN)
                        extra = {"rel": rel, "Rel": rel[0].upper() + rel[1:], "pron": pron, "obj": obj, "poss": poss}
                    else:
                        extra = {"rel": r.choice({"zh": REL_ZH, "yue": REL_YUE, "tw": REL_TW}[lang])}
                    text = _fill(w, lang, r, **extra) + r.choice(REL_TAIL[lang])
                    text = _vary(text, r.random())
                    want = "call" if family == "call_rel" else family
                    out.append(
                        Case(text, variety[lang], region[lang], want, family, held, (i, len(wordings)), "relative")
                    )
    return out


def _about_cases() -> list[Case]:
    out = []
    variety = {"en": "en", "zh": "zh-CN", "yue": "yue", "tw": "zh-TW"}
    region = {"en": "US", "zh": "CN", "yue": "HK", "tw": "TW"}
    tails = {"en": ["", ", should I?", ", is this ok?", " right?"], "zh": ["", "，对吧", "，这样行吗"],
             "yue": ["", "，啱唔啱", "，係咪咁做"], "tw": ["", "，對嗎", "，這樣可以嗎"]}  # fmt: skip
    for lang, wordings in ABOUT.items():
        for i, w in enumerate(wordings):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER):
                r = random.Random(f"about|{lang}|{i}|{n}")
                text = _vary(_fill(w, lang, r) + r.choice(tails[lang]), r.random())
                out.append(
                    Case(text, variety[lang], region[lang], "paying", "paying", held, (i, len(wordings)), "about")
                )
    return out


def _neg_cases() -> list[Case]:
    out = []
    for family, rows in NEG.items():
        for i, (lang, w) in enumerate(rows):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(3):
                r = random.Random(f"neg|{family}|{i}|{n}")
                slots = SLOTS["sg" if lang == "sg" else "in" if lang == "in" else lang]
                text = _vary(w.format(to=r.choice(slots["to"]), amt=r.choice(slots["amt"])), r.random())
                out.append(Case(text, NEG_VARIETY[lang], "", "none", family, held, (i, len(rows)), "neg"))
    return out


GROUPS = ("worry", "local", "yue_tw", "relative", "about", "neg")


def cases() -> list[Case]:
    """Every generated single-message case, in a fixed order, without duplicate texts."""
    seen: set[str] = set()
    out = []
    for c in [*_worry_cases(), *_local_cases(), *_yt_cases(), *_rel_cases(), *_about_cases(), *_neg_cases()]:
        if c.text not in seen:
            seen.add(c.text)
            out.append(c)
    return out


def chats() -> list[tuple[list[str], str, bool]]:
    """(messages, want, held): a scam story, then a short last message; want "given", "call" or "none"."""
    out = []
    for lang, stories in STORIES.items():
        for i, (last, want) in enumerate(LAST[lang]):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for story in stories:
                out.append(([story, last], want, held))
        for i, last in enumerate(LAST_CALM[lang]):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for story in stories[:2]:
                out.append(([story, last], "none", held))
    return out


EMERGENCY_FIRST = ("Stop the loss first", "先止损", "先止損", "Hang up", "挂断电话", "掛斷電話", "收線")


def run_chat(engine, messages: list[str]) -> list[str]:
    """The replies to the last message of a fresh private chat that sent `messages` in turn."""
    from bot.conversation.engine import ChatState, Incoming

    state, replies = ChatState(), []
    for n, text in enumerate(messages):
        out = engine.handle(state, Incoming("text", text=text, now=1_800_000_000.0 + 60 * n))
        state, replies = out.state, [r.text for r in out.replies]
    return replies


def chat_ok(want: str, replies: list[str]) -> bool:
    """The last message's first reply starts with the emergency step (want given/call), or does not (none)."""
    first = replies[0].split("\n", 1)[0] if replies else ""
    urgent = any(w in first for w in EMERGENCY_FIRST)
    return urgent if want != "none" else not urgent


def judge(case: Case, situation) -> bool:
    """Positives: urgent with the right first action — "given" (stop the loss) with the kind given,
    "call" while a line is open (for a relative, `line_who` names them), "computer" while remote access is
    still connected, "paying" about to pay with nothing told back as given. Twins: calm."""
    if case.want == "none":
        return not situation.urgent
    if case.want == "paying":
        return situation.action == "paying" and not situation.given
    if case.want == "call":
        ok = situation.on_call and situation.action in ("call", "video", "paying")
        return ok and (case.family != "call_rel" or bool(situation.line_who))
    if case.want == "computer":
        return situation.on_call and situation.action in ("computer", "meeting")
    kind = case.want.split(":", 1)[1]
    return situation.urgent and kind in situation.given


def rates(kb, selection=None) -> dict[tuple[str, str, bool, bool], tuple[int, int]]:
    """(hits, total) per (group, variety, held out, positive)."""
    from nlu.situation import detect

    out: dict[tuple[str, str, bool, bool], list[int]] = {}
    for c in selection if selection is not None else cases():
        g = out.setdefault((c.group, c.variety, c.held, c.want != "none"), [0, 0])
        g[0] += judge(c, detect(kb.situations, c.text))
        g[1] += 1
    return {k: (h, n) for k, (h, n) in out.items()}


def summary(per) -> list[str]:
    lines = []
    for group in GROUPS:
        for held in (False, True):
            row = []
            for pos in (True, False):
                cells = {k[1]: v for k, v in per.items() if k[0] == group and k[2] == held and k[3] == pos}
                if not cells:
                    continue
                h, n = sum(v[0] for v in cells.values()), sum(v[1] for v in cells.values())
                detail = " ".join(f"{var} {v[0]}/{v[1]}" for var, v in sorted(cells.items()))
                row.append(f"{'urgent' if pos else 'calm'} {h}/{n} ({detail})")
            lines.append(f"{group:9s} {'held' if held else 'tuned'}: " + "; ".join(row))
    return lines


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from knowledge import load_knowledge
    from nlu.situation import detect

    kb = load_knowledge()
    all_cases = cases()
    print(f"{len(all_cases)} messages, {len(chats())} chats")
    print("\n".join(summary(rates(kb, all_cases))))
    if "--chats" in sys.argv:
        from bot.conversation.engine import Engine
        from bot.services.numbers import NumberService
        from bot.store import Store
        from nlu.analyzer import Analyzer
        from nlu.phones import NumberIntel

        store = Store(Path("/tmp") / f"wordings-{id(kb)}.db", salt=b"wordings")
        numbers = NumberService(NumberIntel(kb), store)
        engine = Engine(kb, Analyzer(kb, number_lookup=numbers.lookup_for_analysis).analyze, numbers.check,
                        numbers.parse)  # fmt: skip
        tally: dict[tuple[bool, bool], list[int]] = {}
        for messages, want, held in chats():
            ok = chat_ok(want, run_chat(engine, messages))
            t = tally.setdefault((held, want != "none"), [0, 0])
            t[0] += ok
            t[1] += 1
            if not ok and not held and "-v" in sys.argv:
                print(f"CHAT MISS {want} {messages[-1]!r} after {messages[0][:40]!r}")
        for (held, pos), (h, n) in sorted(tally.items()):
            print(f"chats     {'held' if held else 'tuned'} {'urgent' if pos else 'calm'} {h}/{n}")
    if "-v" in sys.argv:
        for c in all_cases:
            if c.held and "--held" not in sys.argv:
                continue
            d = detect(kb.situations, c.text)
            if not judge(c, d):
                print(f"MISS {c.group} {c.variety} {c.want:12s} {'H' if c.held else ' '} {c.text!r} -> "
                      f"{d.given} {d.ongoing} {d.who!r}")  # fmt: skip
