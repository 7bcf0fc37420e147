"""People in trouble written their own way, second matrix: four families the first one
(tests/trouble_matrix.py) measured weak, each generated from parts, each with negative twins.

- "tw": Taiwan usage. Who acted × how it is said to be done (已經, 剛剛, 結果…) × the act in Taiwan's
  words (匯款, 轉過去, 操作ATM, 網銀, 超商代碼, 遊戲點數, 簡訊碼, 跟他說了…) × to whom (假客服, LINE 上的人…)
  × what came before (a 解除分期付款 call, a LINE friend) × what follows (怎麼辦, 被騙了嗎, 要打165嗎).
- "relative": the person writes about a parent, child or friend, and the act's subject is a pronoun
  pointing back to them ("my dad got a call… he already read them the code", 我媽說她剛剛轉過去了).
- "paying": about to pay, in progress right now, at someone's direction (at the ATM with the caller
  guiding, on the way to the bank to move money to a "safe account", 排緊隊要匯錢): the first step is
  "stop, do not pay" (`Situation.action == "paying"`), not "already paid, call your bank".
- "asked_after": Indian / Singapore / Malaysian English done-forms with a question after the act
  ("already transferred, can get back or not?", "shared the OTP only, now what to do?").

Twins (want "none"): asked but not done, almost, a question about what might happen, an event long
over, a genuine payment through the real channel, on the way to the bank to freeze a card.

Every family's core wordings are numbered; those with index % 3 == 2 are held out (never looked at
while tuning). The wording is this file's own. `python tests/urgent_families.py [-v] [--held]`.
"""

from __future__ import annotations

import random
import re

from trouble_matrix import HELD_EVERY, Case

PER = 8  # variants of each core wording


def _vary(text: str, roll: float) -> str:
    """As typed: as written, or with the punctuation dropped (voice-to-text), or lower case."""
    if roll < 0.25:
        return re.sub(r"[.,!?;:\"，。！？、]+", " ", text).strip()
    if roll < 0.4:
        return text.lower()
    return text


# -- Taiwan usage ---------------------------------------------------------------------------------
TW_WHO = ["我", "我媽", "我爸", "我阿嬤", "我老公", "我女兒", "我婆婆"]
TW_TO = ["他", "對方", "假客服", "那個客服", "LINE上的客服", "那個人", "假檢察官"]
TW_AMT = ["3萬", "5千", "兩萬塊", "12萬", "8000元", "一萬多", "4萬9"]
TW_DONE = ["已經", "剛剛", "剛", "今天", ""]
TW_OPEN = [
    "",
    "接到假客服電話說訂單設定錯誤，",
    "有人打來說要解除分期付款，",
    "在LINE加了一個客服好友，",
    "今天接到自稱銀行的電話，",
    "結果",
    "後來",
]
TW_TAIL = [
    "",
    "怎麼辦",
    "，怎麼辦？",
    "，是不是被騙了",
    "被騙了嗎",
    "，還拿得回來嗎",
    "，要打165嗎",
    "，現在該怎麼做",
    "，好緊張",
    "嗚嗚怎麼辦",
    "，錢還追得回來嗎？",
]
TW = {
    "given:money": [
        "{who}{done}匯了{amt}給{to}",
        "{who}{done}把{amt}轉過去了",
        "{who}{done}照{to}說的去操作ATM，轉了{amt}",
        "{who}{done}用網銀轉了{amt}給{to}",
        "{who}{done}去超商買了{amt}的遊戲點數，序號都給{to}了",
        "{who}{done}去超商繳了{to}給的代碼，總共{amt}",
        "{who}{done}照{to}說的解除分期付款，匯了{amt}出去",
        "{who}{done}匯款到{to}給的帳戶了",
        "{who}{done}轉了{amt}到{to}指定的帳戶",
        "{who}{done}買了{amt}的點數卡，拍照傳給{to}了",
        "{who}{done}在ATM按了{to}說的步驟，錢轉出去了",
        "{who}{done}把存款匯給{to}了",
    ],
    "given:code": [
        "{who}{done}把驗證碼給{to}了",
        "{who}{done}跟{to}說了簡訊碼",
        "{who}{done}把認證碼念給{to}聽了",
        "{who}{done}把簡訊裡的驗證碼傳給{to}",
        "{who}{done}在{to}傳的連結輸入了簡訊驗證碼",
        "{who}{done}把網銀的驗證碼告訴{to}了",
        "{to}要簡訊碼，{who}就跟他說了",
        "{who}{done}把OTP講給{to}聽",
        "{who}{done}把手機收到的六位數字給{to}了",
    ],
    "given:card": [
        "{who}{done}把信用卡號跟背面三碼給{to}了",
        "{who}{done}在{to}傳的網頁輸入了信用卡資料",
        "{who}{done}把卡號和有效期限念給{to}聽了",
    ],
    "call": [
        "{who}{done}匯了{amt}，{to}還在線上",
        "{to}還在線上，電話還沒掛",
        "{who}跟{to}的電話還沒掛",
        "{to}還在電話上教{who}操作",
        "{who}還在跟{to}講電話",
        "{to}叫{who}不要掛電話",
    ],
}
TW_NEG = {
    "neg_asked": [
        "{to}叫{who}去ATM解除分期付款，{who}沒去",
        "{to}要簡訊驗證碼，{who}沒給他",
        "{who}沒有匯款給{to}",
        "還好{who}沒轉帳就掛掉了",
        "{to}叫{who}去超商買遊戲點數，{who}沒理他",
        "{who}拒絕把認證碼給{to}",
    ],
    "neg_almost": ["{who}差點就匯了{amt}給{to}", "{who}差一點就把驗證碼給{to}了", "{who}差點去超商買點數"],
    "neg_question": [
        "如果把驗證碼給{to}會怎樣",
        "{to}說要解除分期付款，是詐騙嗎",
        "匯款給{to}會被騙嗎",
        "{to}叫我去超商買點數，要買嗎",
        "接到說設定錯誤的電話，該不該去操作ATM",
    ],
    "neg_over": ["{who}前年被假客服騙過{amt}，早就報案處理完了", "{who}以前被騙過，這次沒上當"],
    "neg_genuine": [
        "{who}{done}用網銀轉帳{amt}給房東繳房租",
        "{who}{done}在超商繳了電費",
        "{who}{done}匯了{amt}給我女兒當生活費",
        "{who}{done}在官方App輸入驗證碼登入",
        "{who}{done}把取貨碼給超商店員",
    ],
}


def _tw_cases() -> list[Case]:
    out = []
    for family, wordings in {**TW, **TW_NEG}.items():
        negative = family.startswith("neg")
        for i, w in enumerate(wordings):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER):
                r = random.Random(f"tw|{family}|{i}|{n}")
                slots = {"who": r.choice(TW_WHO), "to": r.choice(TW_TO), "amt": r.choice(TW_AMT)}
                slots["done"] = r.choice(TW_DONE)
                lead = "" if negative or w.startswith("{to}") else r.choice(TW_OPEN)
                tail = r.choice(TW_TAIL) if not negative else r.choice(["", "，對吧", "吧"])
                text = _vary(lead + w.format(**slots) + tail, r.random())
                want = "none" if negative else family
                out.append(Case(text, "zh-TW", "TW", want, family, held, (i, len(wordings)), "tw"))
    return out


# -- a relative, and a pronoun pointing back to them ----------------------------------------------
# (relative, pronoun, possessive, object)
REL_WHO_EN = [("my dad", "he", "his", "him"), ("my mum", "she", "her", "her"), ("my grandma", "she", "her", "her"),
          ("my father", "he", "his", "him"), ("my mother-in-law", "she", "her", "her"),
          ("my grandpa", "he", "his", "him")]  # fmt: skip
REL_EN_INTRO = [
    "{Rel} got a call from 'the bank' this morning",
    "{Rel} had a call from someone saying they were from Amazon",
    "{Rel} picked up a call from a so-called police officer",
    "{Rel} got a WhatsApp message from a 'delivery company'",
    "{Rel} was rung by a man claiming to be from the tax office",
]
REL_EN_AMT = ["£600", "$2,400", "3k", "£1,200", "$800"]
REL_EN_TAIL = ["", " what do we do", " what should she do?", " is it too late?", " please help", " help!!"]
REL_EN = {
    "given:code": [
        "{pron} already read them the code",
        "{pron} just told them the OTP from the text",
        "{pron} has given the caller the six digit code",
        "turns out {pron} shared the verification code with them",
        "{pron}'s already typed the code they wanted into their link",
        "{pron} said {pron} had already given them the code",
    ],
    "given:money": [
        "{pron} has sent them {amt}",
        "{pron} transferred {amt} before telling us",
        "{pron}'s already paid {amt} to them",
        "turns out {pron} sent {amt} to the caller",
        "{pron} has moved {amt} into the account they gave {obj}",
        "{pron} bought {amt} of gift cards and gave them the numbers",
    ],
    "given:card": [
        "{pron} already gave them {poss} card number and cvv",
        "{pron} read out {poss} card details to the caller",
        "{pron} has entered {poss} card details on their page",
    ],
}
REL_EN_NEG = {
    "neg_asked": [
        "they asked for the code but {pron} didn't give it",
        "{pron} refused to send them anything",
        "{pron} never gave them the code and hung up",
        "they wanted {amt} but {pron} did not pay",
    ],
    "neg_caller_pronoun": [  # "he"/"she" is the caller here: the relative gave nothing
        "{cpron} said {cpron} had already sent the refund to {obj}",
        "{cpron} claimed {cpron} had already paid {amt} into {poss} account by mistake",
        "{cpron} said {cpron} sent a code to {poss} phone",
    ],
    "neg_question": [
        "{pron} is asking me whether {pron} should give them the code",
        "{pron} wants to know if {pron} should send them {amt}",
        "should {pron} send them the code?",
    ],
    "neg_almost": ["{pron} almost sent them {amt}", "{pron} nearly read them the code"],
}
REL_ZH = {
    "zh-CN": {
        "rel": [("我妈", "她"), ("我爸", "他"), ("我奶奶", "她"), ("我外公", "他"), ("我婆婆", "她")],
        "to": ["对方", "那个客服", "骗子", "那个假警察"],
        "amt": ["5000块", "2万", "三万", "8千"],
        "intro": ["{rel}接到一个自称客服的电话，", "{rel}说", "{rel}刚才打电话跟我说", "{rel}告诉我"],
        "given:money": [
            "{pron}刚刚转过去了",
            "{pron}已经给{to}转了{amt}",
            "{pron}把{amt}打到{to}的账户了",
            "{pron}已经按{to}说的汇款了",
            "{pron}刚把积蓄都转给{to}了",
            "{pron}已经往{to}给的账户转了{amt}",
        ],
        "given:code": [
            "{pron}已经把验证码告诉{to}了",
            "{pron}刚刚把短信验证码念给{to}听了",
            "{pron}把收到的验证码发给{to}了",
        ],
        "neg": [
            "{to}让{pron}转账，{pron}没转",
            "{pron}差点就把验证码给{to}了",
            "{pron}问我要不要把验证码给{to}",
            "{to}说已经把钱退给{pron}了",
            "{pron}给我转了{amt}生活费",
            "{pron}拒绝了，一分钱没给",
        ],
        "tail": ["", "，怎么办", "，现在怎么办？", "，还能追回吗", "，急"],
    },
    "zh-TW": {
        "rel": [("我媽", "她"), ("我爸", "他"), ("我阿嬤", "她"), ("我阿公", "他"), ("我婆婆", "她")],
        "to": ["對方", "假客服", "那個人", "假檢察官"],
        "amt": ["3萬", "5千", "兩萬塊", "十萬"],
        "intro": ["{rel}接到假客服的電話，", "{rel}說", "{rel}剛剛打來跟我說", "{rel}跟我講"],
        "given:money": [
            "{pron}剛剛轉過去了",
            "{pron}已經匯了{amt}給{to}",
            "{pron}已經照{to}說的去ATM轉帳了",
            "{pron}剛剛用網銀轉了{amt}",
            "{pron}已經把錢匯到{to}的帳戶",
            "{pron}去超商買了{amt}的點數給{to}了",
        ],
        "given:code": [
            "{pron}已經把驗證碼給{to}了",
            "{pron}剛剛跟{to}說了簡訊碼",
            "{pron}把認證碼念給{to}聽了",
        ],
        "neg": [
            "{to}叫{pron}匯款，{pron}沒匯",
            "{pron}差點就把驗證碼給{to}了",
            "{pron}問我要不要去ATM",
            "{to}說已經把錢退給{pron}了",
            "{pron}匯了{amt}給我當學費",
            "{pron}沒上當，電話直接掛了",
        ],
        "tail": ["", "，怎麼辦", "，是不是被騙了", "，還拿得回來嗎", "，要打165嗎"],
    },
    "yue": {
        "rel": [("阿媽", "佢"), ("阿爸", "佢"), ("我阿嫲", "佢"), ("我阿爺", "佢"), ("我老豆", "佢")],
        "to": ["佢哋", "個假警察", "對方", "個客服"],
        "amt": ["3千蚊", "2萬", "五千蚊", "$8000"],
        "intro": ["{rel}頭先接到個電話，", "{rel}話", "{rel}打嚟同我講", "{rel}啱啱話"],
        "given:money": [
            "{pron}啱啱過咗數俾{to}",
            "{pron}已經轉咗{amt}俾{to}",
            "{pron}入咗{amt}去{to}個戶口",
            "{pron}頭先用轉數快過咗{amt}",
            "{pron}已經俾咗{amt}{to}",
            "{pron}跟住{to}講嘅做，過咗數",
        ],
        "given:code": [
            "{pron}啱啱俾咗驗證碼{to}",
            "{pron}已經讀咗個OTP俾{to}聽",
            "{pron}將個code send咗俾{to}",
        ],
        "neg": [
            "{to}叫{pron}過數，{pron}冇過",
            "{pron}差啲就俾咗驗證碼{to}",
            "{pron}問我使唔使俾個code{to}",
            "{to}話已經退咗錢俾{pron}",
            "{pron}過咗{amt}俾我交租",
            "{pron}冇上當，即刻收咗線",
        ],
        "tail": ["", "，點算", "，點算好", "，仲有冇得救", "，係咪呃人㗎"],
    },
}


def _rel_cases() -> list[Case]:
    out = []
    families = {**REL_EN, **REL_EN_NEG}
    for family, wordings in families.items():
        negative = family.startswith("neg")
        for i, w in enumerate(wordings):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER):
                r = random.Random(f"rel|en|{family}|{i}|{n}")
                rel, pron, poss, obj = r.choice(REL_WHO_EN)
                cpron = "she" if pron == "he" else "he"  # the caller, not the relative
                intro = r.choice(REL_EN_INTRO).format(Rel=rel[0].upper() + rel[1:])
                body = w.format(pron=pron, poss=poss, obj=obj, amt=r.choice(REL_EN_AMT), cpron=cpron)
                join = r.choice([", ", " and ", ". ", " - "])
                tail = r.choice(REL_EN_TAIL) if not negative else r.choice(["", " right?", " is that a scam?"])
                text = _vary(intro + join + body + tail, r.random())
                out.append(Case(text, "en", "GB", "none" if negative else family, family, held, (i, len(wordings)),
                                "relative"))  # fmt: skip
    for variety, p in REL_ZH.items():
        for family in ("given:money", "given:code", "neg"):
            wordings = p[family]
            for i, w in enumerate(wordings):
                held = i % HELD_EVERY == HELD_EVERY - 1
                for n in range(PER):
                    r = random.Random(f"rel|{variety}|{family}|{i}|{n}")
                    rel, pron = r.choice(p["rel"])
                    intro = r.choice(p["intro"]).format(rel=rel)
                    body = w.format(pron=pron, to=r.choice(p["to"]), amt=r.choice(p["amt"]))
                    tail = r.choice(p["tail"]) if family != "neg" else r.choice(["", "，是骗子吗", "吧"])
                    text = _vary(intro + body + tail, r.random())
                    want = "none" if family == "neg" else family
                    region = {"zh-CN": "CN", "zh-TW": "TW", "yue": "HK"}[variety]
                    out.append(Case(text, variety, region, want, "neg_relative" if family == "neg" else family, held,
                                    (i, len(wordings)), "relative"))  # fmt: skip
    return out


# -- about to pay, in progress now, at someone's direction ----------------------------------------
PAY_EN_WHO = [("I'm", "me", "my"), ("My mum is", "her", "her"), ("My dad is", "him", "his"),
              ("My grandma is", "her", "her"), ("My husband is", "him", "his")]  # fmt: skip
PAY_EN = [
    "{who} at the ATM now and the caller is guiding {obj} step by step",
    "{who} on the way to the bank, they told {obj} to move everything to a safe account",
    "{who} in the queue at the bank right now to send the money the officer asked for",
    "{who} buying gift cards at the shop right now because the caller told {obj} to",
    "{who} at the Western Union counter now, the man on the phone is telling {obj} what to send",
    "{who} logging into {poss} banking app now to transfer {amt} like the caller said",
    "{who} driving to the bank right now to withdraw {amt} for the 'officer'",
    "{who} standing at the cash machine with the 'bank' on the phone telling {obj} what to press",
    "{who} currently at the post office to send {amt} to the man who rang",
]
PAY_EN_SG = [
    "{who} at the atm now, the caller teaching {obj} how to transfer",
    "{who} going to the bank now to transfer to the safe account he gave",
    "{who} queueing at the bank now to do the transfer the officer ask",
]
PAY_ZH = {
    "zh-CN": [
        "我正在去银行的路上，他让我转到安全账户",
        "{rel}现在在ATM前面，对方在电话里教{pron}操作",
        "{rel}正在银行排队要汇款给那个“公安”",
        "我现在在手机银行上准备转账，客服叫我转{amt}",
        "{rel}正在去银行的路上，那个“警察”让{pron}把钱转到安全账户",
        "我现在在ATM这里，他在电话里一步一步教我",
    ],
    "zh-TW": [
        "{rel}現在在ATM前面，假客服在電話裡教{pron}操作",
        "{rel}正在去郵局的路上要匯款給對方",
        "{rel}現在在超商要買遊戲點數給假客服",
        "我現在在ATM，對方叫我照他說的按",
        "{rel}正在銀行排隊，要匯{amt}到檢察官說的帳戶",
        "我正在用網銀轉帳，假客服還在教我",
    ],
    "yue": [
        "我阿爺而家喺銀行排緊隊，準備匯錢俾個客服",
        "阿媽而家喺ATM度，個假警察喺電話度教佢過數",
        "我而家去緊銀行，佢叫我轉錢去安全戶口",
        "阿爸而家喺便利店買緊點數卡俾個客服",
        "我而家喺網上理財度準備過數，佢叫我過{amt}",
        "阿媽去緊銀行，佢哋叫佢將啲錢轉去另一個戶口",
    ],
}
PAY_ZH_REL = {"zh-CN": [("我妈", "她"), ("我爸", "他"), ("我奶奶", "她")],
              "zh-TW": [("我媽", "她"), ("我爸", "他"), ("我阿嬤", "她")],
              "yue": [("阿媽", "佢"), ("阿爸", "佢")]}  # fmt: skip
PAY_ZH_AMT = {"zh-CN": ["5万", "两万块"], "zh-TW": ["3萬", "十萬"], "yue": ["$8000", "兩萬"]}
PAY_TAIL = {"en": ["", " what do I do", " how do I stop her", " help!", " what now"],
            "zh": ["", "，怎么办", "，怎麼辦", "，點算好", "，急"]}  # fmt: skip
PAY_NEG = {
    "en": [
        "I'm at the bank now paying my own rent",
        "{who} on the way to the bank to freeze {poss} card after the scam call",
        "the caller asked {obj} to go to the ATM yesterday but {obj} refused",
        "should I go to the ATM like he said?",
        "I almost went to the bank to transfer the money",
        "last month mum was at the ATM with a scammer guiding her, the bank stopped it and it's all sorted",
        "{who} at the bank now to report the scam and block the account",
    ],
    "zh": [
        "我现在在银行交房租",
        "我正在去银行的路上，要去冻结银行卡",
        "他让我去ATM转账，我没去",
        "要不要照他说的去银行转账？",
        "我差点就去银行转账了",
        "我媽現在在銀行辦理掛失",
        "阿媽而家去緊銀行報案",
    ],
}


def _pay_cases() -> list[Case]:
    out = []
    en_sets = [("en", PAY_EN), ("en-SG", PAY_EN_SG)]
    for variety, wordings in en_sets:
        for i, w in enumerate(wordings):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER):
                r = random.Random(f"pay|{variety}|{i}|{n}")
                who, obj, poss = r.choice(PAY_EN_WHO)
                text = w.format(who=who, obj=obj, poss=poss, amt=r.choice(["£3,000", "$5,000", "2k"]))
                text = _vary(text + r.choice(PAY_TAIL["en"]), r.random())
                out.append(Case(text, variety, "GB", "paying", "paying", held, (i, len(wordings)), "paying"))
    for variety, wordings in PAY_ZH.items():
        for i, w in enumerate(wordings):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER):
                r = random.Random(f"pay|{variety}|{i}|{n}")
                rel, pron = r.choice(PAY_ZH_REL[variety])
                text = w.format(rel=rel, pron=pron, amt=r.choice(PAY_ZH_AMT[variety]))
                text = _vary(text + r.choice(PAY_TAIL["zh"]), r.random())
                region = {"zh-CN": "CN", "zh-TW": "TW", "yue": "HK"}[variety]
                out.append(Case(text, variety, region, "paying", "paying", held, (i, len(wordings)), "paying"))
    for lang, wordings in PAY_NEG.items():
        for i, w in enumerate(wordings):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER // 2):
                r = random.Random(f"payneg|{lang}|{i}|{n}")
                who, obj, poss = r.choice(PAY_EN_WHO)
                text = _vary(w.format(who=who, obj=obj, poss=poss), r.random())
                variety = "en" if lang == "en" else "zh"
                out.append(Case(text, variety, "GB", "none", "neg_paying", held, (i, len(wordings)), "paying"))
    return out


# -- Indian / Singapore / Malaysian English: done, then a question ---------------------------------
ASK_WHO = {"en-IN": ["I", "my father", "my mother", "my wife"], "en-SG": ["I", "my ah ma", "my mother", "my dad"]}
ASK_AMT = {"en-IN": ["Rs 40,000", "₹25,000", "1 lakh", "30k"], "en-SG": ["S$2,000", "rm 5000", "3k", "$800"]}
ASK_ACT = {
    "given:money": [
        "{who} already transferred {amt}",
        "{who} already transferred {amt} to the caller",
        "{who} did the payment of {amt} to that officer",
        "{who} transferred {amt} to them just now",
        "{who} already sent {amt} to the scammer",
        "{who} made the UPI payment of {amt} to that number",
    ],
    "given:code": [
        "{who} shared the otp only",
        "{who} already gave the otp to them",
        "{who} told the tac to the caller",
        "{who} gave the 6 digit code to that guy already",
        "{who} shared otp with the bank person on call",
        "{who} read out the otp to him",
    ],
}
ASK_TAIL = [
    ", can get back or not?",
    ", now what to do?",
    " can still get back the money or not",
    ", what to do now sir?",
    " now how?",
    ", is there any way to recover?",
    ", can block or not?",
    " how to get back",
    ", kindly advise what to do",
    ", how ah?",
]
ASK_NEG = [
    "if {who} already transferred, can get back or not?",
    "{who} never share the otp, now what to do with the caller?",
    "the caller ask for otp but {who} don't give, can block his number or not?",
    "should i transfer first, can get back or not?",
    "{who} almost shared the otp, what to do?",
]


def _ask_cases() -> list[Case]:
    out = []
    for variety in ASK_WHO:
        for family, wordings in ASK_ACT.items():
            for i, w in enumerate(wordings):
                for n in range(PER):
                    r = random.Random(f"ask|{variety}|{family}|{i}|{n}")
                    t = r.randrange(len(ASK_TAIL))
                    held = (i + t) % HELD_EVERY == HELD_EVERY - 1  # (a third of act × question pairs)
                    text = w.format(who=r.choice(ASK_WHO[variety]), amt=r.choice(ASK_AMT[variety])) + ASK_TAIL[t]
                    text = _vary(text[0].upper() + text[1:], r.random())
                    out.append(Case(text, variety, "IN" if variety == "en-IN" else "SG", family, family, held,
                                    (i, len(wordings)), "asked_after"))  # fmt: skip
        for i, w in enumerate(ASK_NEG):
            held = i % HELD_EVERY == HELD_EVERY - 1
            for n in range(PER // 2):
                r = random.Random(f"askneg|{variety}|{i}|{n}")
                text = _vary(w.format(who=r.choice(ASK_WHO[variety])), r.random())
                out.append(Case(text, variety, "SG", "none", "neg_asked_after", held, (i, len(ASK_NEG)), "asked_after"))
    return out


# About to pay, written after the `paying` phrases were (never tuned on): every row is held out.
PAY_BLIND = [
    (
        "en",
        "Grandad's standing in the Post Office queue with £4,000 in cash, the 'detective' on his mobile says post it",
    ),
    ("en", "my wife is halfway through a bank transfer on her laptop, the Microsoft guy says she must finish it now"),
    ("en", "Mum's in Tesco now buying Google Play cards for the man from the tax office"),
    ("en", "I'm literally at the cashpoint now, he wants me to take out 2k and hand it to a courier"),
    ("en", "dad is driving to Barclays this minute to move his savings, the police officer on the phone said so"),
    ("en", "my mother is at the bank counter right now withdrawing the cash the 'officer' asked for"),
    ("en-SG", "my ah ma at the bank now, the police man on phone ask her transfer all to safe account"),
    ("zh-CN", "我爸这会儿正在银行柜台取钱，说是要交给检察院的人"),
    ("zh-CN", "我妈人已经在ATM机跟前了，电话那头的人在教她转账"),
    ("zh-CN", "我现在正在手机银行里给那个警官转账"),
    ("zh-CN", "我奶奶在去邮局的路上，要把钱寄给那个法官"),
    ("zh-TW", "我阿嬤人在郵局排隊，那個檢察官一直在電話裡叫她匯款"),
    ("zh-TW", "我媽現在在全家買遊戲點數，客服說要買五千"),
    ("zh-TW", "我爸此刻在ATM前操作解除分期付款"),
    ("yue", "阿媽而家企喺櫃員機前面，電話嗰邊教緊佢撳掣"),
    ("yue", "我而家喺銀行櫃位等緊，準備轉錢俾嗰個大陸公安"),
    ("yue", "阿爺而家喺7仔買緊點數卡俾佢哋"),
]
PAY_BLIND_TWINS = [
    ("en", "I'm at the cashpoint now getting cash for the window cleaner"),
    ("en", "mum is at the bank now to cancel the transfer she made to the scammer"),
    ("en", "the caller told me to go to the bank and transfer it, I'm not going"),
    ("zh-CN", "我妈现在在银行，去取她自己的养老金"),
    ("zh-CN", "昨天我妈在ATM转账，对方在电话里教她，幸好银行拦下来了"),
    ("yue", "阿爸而家喺銀行幫我交學費"),
    ("zh-TW", "客服叫我現在去ATM，我沒有要去"),
]


# Taiwan usage and a relative by pronoun, written after the reader's changes (never tuned on).
TW_BLIND = [
    ("zh-TW", "given:money", "我剛剛照LINE客服的指示去ATM操作解除分期，結果被轉走三萬二"),
    ("zh-TW", "given:money", "我外婆被假檢察官騙，已經臨櫃匯了四十萬過去，要怎麼辦"),
    ("zh-TW", "given:money", "蝦皮客服說我設定錯誤，我就用網銀轉了兩次錢給他"),
    ("zh-TW", "given:money", "我弟去7-11買了一萬的MyCard點數，序號全部拍給對方了"),
    ("zh-TW", "given:code", "假客服要我念簡訊碼，我念完他就掛了，錢會不會被盜"),
    ("zh-TW", "given:code", "我媽把銀行傳來的認證碼跟那個人講了，現在很慌"),
    ("zh-TW", "given:card", "我把信用卡卡號跟到期日都給了那個LINE好友"),
    ("zh-TW", "call", "假客服還在線上等我去ATM，電話都沒掛"),
    ("zh-TW", "given:money", "結果我爸超商代碼繳了三筆，一筆兩萬，是不是被騙了"),
    ("zh-TW", "given:money", "我女兒說她已經把存款全部匯給那個網友了"),
    (
        "en",
        "given:code",
        "My granddad rang me in a panic, he'd already given the caller the six digit number from his text",
    ),
    (
        "en",
        "given:money",
        "My sister had a call from 'her bank' this morning and she's transferred £3,500 to their safe account",
    ),
    ("yue", "given:money", "阿爸頭先話佢已經入咗三萬落對方個戶口"),
]
TW_BLIND_TWINS = [
    ("zh-TW", "none", "假客服叫我去ATM解除分期，我直接掛掉打165問了"),
    ("zh-TW", "none", "我媽說她有收到簡訊碼，但是沒有給任何人"),
    ("zh-TW", "none", "我剛剛用網銀轉帳繳了信用卡費"),
    ("zh-TW", "none", "朋友說去年被騙買過遊戲點數，想問這種怎麼預防"),
    ("en", "none", "My mum got one of those calls but she said she never gave them anything"),
    ("yue", "none", "阿爸話佢冇俾到任何資料個假警察"),
]


def _tw_blind_cases() -> list[Case]:
    rows = [*TW_BLIND, *TW_BLIND_TWINS]
    return [Case(t, v, "TW", want, want, True, (i, len(rows)), "tw_blind") for i, (v, want, t) in enumerate(rows)]


def _pay_blind_cases() -> list[Case]:
    out = [Case(t, v, "GB", "paying", "paying", True, (i, len(PAY_BLIND)), "paying_blind")
           for i, (v, t) in enumerate(PAY_BLIND)]  # fmt: skip
    out += [Case(t, v, "GB", "none", "neg_paying", True, (i, len(PAY_BLIND_TWINS)), "paying_blind")
            for i, (v, t) in enumerate(PAY_BLIND_TWINS)]  # fmt: skip
    return out


GROUPS = ("tw", "relative", "paying", "asked_after", "paying_blind", "tw_blind")


def cases() -> list[Case]:
    """Every generated case, in a fixed order, without duplicate texts."""
    seen: set[str] = set()
    out = []
    for c in [*_tw_cases(), *_rel_cases(), *_pay_cases(), *_ask_cases(), *_pay_blind_cases(), *_tw_blind_cases()]:
        if c.text not in seen:
            seen.add(c.text)
            out.append(c)
    return out


def judge(case: Case, situation) -> bool:
    """Positives: urgent, with the right first action: "paying" (stop, do not pay) while about to pay,
    "given" (stop the loss) for what already went, "call" while the line is open. Twins: calm."""
    if case.want == "none":
        return not situation.urgent
    if case.want == "paying":
        return situation.action == "paying"
    if case.want == "call":
        return situation.on_call and situation.action in ("call", "paying")
    kind = case.want.split(":", 1)[1]
    return situation.urgent and kind in situation.given and situation.action == "given"


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
            lines.append(f"{group:11s} {'held' if held else 'tuned'}: " + "; ".join(row))
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
            if c.held and "--held" not in sys.argv:
                continue
            d = detect(kb.situations, c.text)
            if not judge(c, d):
                print(
                    f"MISS {c.group} {c.variety} {c.want:12s} {'H' if c.held else ' '} {c.text!r} -> {d.given} {d.ongoing}"
                )
