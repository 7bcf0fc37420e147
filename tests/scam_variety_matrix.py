"""A generated matrix of whole scam scripts in wordings the structure matrix does not cover (used by
`tests/test_scam_variety_matrix.py`; run as a script it prints the figures per family and language).

Families (every script of the field brief, each told the way people there tell it):
- Hong Kong Cantonese (過數, 轉數快/FPS, 撳link, 八達通, 畀/俾, 咗, 嘅, 唔該) and Taiwan usage (超商代碼,
  ATM解除分期, 匯款, 網拍, 蝦皮/momo/露天, LINE加好友, 客服專員), one cell per script;
- the "return the excess" script (a compensation or refund "paid too much", a screenshot shown, the
  difference to be sent back) in mainland Chinese, Taiwan zh-Hant, Cantonese and English;
- a courier's call handed over to "the police" (a parcel with drugs, an ID used), in the four languages;
- typos of brands, apps and tools (one or two letters off, a letter dropped, spelt as said) in English,
  and pinyin or English names inside Chinese;
- code-mixing: English verbs and nouns inside Chinese (download 個 app, send 條 link, 個 OTP).

Each cell is who x pretext x ask x frame; every part is a family of three wordings written here for this
matrix (none comes from a development set, a report or an issue). The third of each family is held out:
HELD rows are built only from held-out wordings (and held-out misspellings) and were not looked at while
the knowledge and the analyzer were changed; they are judged in aggregate only.

The twins share the vocabulary (the same brands, apps, misspellings, 過數, 匯款, "overpaid", "police") with a
genuine ask: the person acting in the company's own app or counter, a refund going back the way it was
paid, an app installed for their own family, an errand told. They must never be called a scam, and the
misspelt names alone must not make any of them suspicious.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

HELD = 2  # the index of the held-out wording in every family of three

# -- Hong Kong Cantonese ---------------------------------------------------------------------------------
YUE_FRAMES = [
    "今日{who}打嚟，話{pretext}，{ask}。",
    "頭先{who}WhatsApp我，話{pretext}，跟住{ask}。",
    "有{who}send短訊俾我，話{pretext}，{ask}，係咪真㗎？",
]
YUE = {
    "refund_compensation": {
        "who": ["個自稱順豐客服嘅人", "個話係HKTVmall售後嘅女仔", "個話自己係淘寶理賠專員嘅男人"],
        "pretext": [
            "我寄嘅件貨喺倉度唔見咗，要賠三倍俾我",
            "我買嗰支精華有質量問題，要賠錢俾我",
            "我個包裹運送途中整爛咗，要賠償",
        ],
        "ask": [
            "叫我下載個會議App開螢幕分享，等佢教我攞賠償",
            "叫我撳佢send嘅link入信用卡號碼同埋OTP先可以收賠償",
            "叫我將個短訊驗證碼講畀佢聽先可以退錢",
        ],
    },
    "cancel_membership": {
        "who": ["個自稱淘寶客服嘅人", "個話係Carousell職員嘅人", "個話自己係支付寶HK專員嘅人"],
        "pretext": [
            "我唔小心開咗VIP會員，每個月會自動扣一千蚊",
            "我個戶口俾人誤設咗做代理，唔取消會日日扣數",
            "我開咗個學生貸款戶口未註銷，會影響信貸評級",
        ],
        "ask": [
            "叫我跟佢指示喺網上銀行過數去佢哋嘅戶口取消",
            "叫我用轉數快過數去佢畀嘅號碼先取消到",
            "叫我開手機銀行跟住佢講嘅步驟轉數俾佢哋驗證",
        ],
    },
    "order_anomaly": {
        "who": ["個自稱HKTVmall客服嘅人", "個話係淘寶售後嘅人", "個話自己係友和客服主任嘅人"],
        "pretext": ["我張單卡咗單要激活", "我張訂單異常，重複扣咗兩次數", "我單交易俾系統凍結咗要解凍"],
        "ask": ["叫我過數做驗證先可以解凍", "叫我撳link入張卡嘅資料同密碼", "叫我用八達通App轉錢去佢指定嘅戶口"],
    },
    "credit_loan": {
        "who": ["個自稱銀行職員嘅人", "個話係借貸公司客戶經理嘅人", "個話自己係財務公司專員嘅人"],
        "pretext": [
            "我信貸評級有問題，唔處理會上黑名單",
            "我之前開咗個貸款戶口要註銷，唔係會影響信貸報告",
            "我筆貸款批咗但係戶口號碼錯咗，筆錢凍結咗",
        ],
        "ask": [
            "叫我喺幾間財務公司借錢再轉俾佢做流水",
            "叫我先畀一筆解凍費先可以放款",
            "叫我借咗錢之後轉去佢指定嘅戶口洗白記錄",
        ],
    },
    "return_excess": {
        "who": ["個自稱順豐理賠部嘅人", "個話係淘寶客服嘅人", "個話自己係HKTVmall售後嘅人"],
        "pretext": [
            "賠償金已經過咗數俾我，但係佢哋打多咗個零",
            "佢send咗張轉賬截圖俾我，話賠多咗五千蚊",
            "筆退款俾系統錯誤咁過多咗落我個戶口",
        ],
        "ask": ["叫我將多咗嗰啲錢過數返俾佢", "叫我用轉數快將差額轉返去佢畀嘅戶口", "叫我即刻將多出嚟嘅錢退返俾佢哋"],
    },
    "fake_cod": {
        "who": ["個速遞員", "個話係嘉里物流嘅人", "個話自己係順豐派件員嘅人"],
        "pretext": [
            "有個貨到付款嘅包裹要我簽收，但我根本冇買過嘢",
            "我有個包裹未俾運費派唔到",
            "我個包裹欠清關費俾海關扣咗",
        ],
        "ask": ["叫我用轉數快過數俾佢個人戶口先派件", "叫我撳link用信用卡俾運費", "叫我過數俾佢先放行，唔係就退件"],
    },
    "phishing_link": {
        "who": ["個自稱香港郵政職員嘅人", "個話係HKTVmall客服嘅人", "個話自己係八達通職員嘅人"],
        "pretext": ["我個包裹地址唔完整派唔到", "我中咗購物禮券要限時領取", "我個八達通積分就快過期"],
        "ask": ["叫我撳條link入信用卡資料更新", "叫我撳link登入網上銀行確認", "叫我入條link填埋張卡號碼同到期日"],
    },
    "agent_release": {
        "who": ["個自稱淘寶客服嘅人", "個話係支付寶職員嘅人", "個話自己係平台代理部嘅人"],
        "pretext": [
            "因為佢哋職員出錯，我俾人列咗入代理名單",
            "我個戶口俾人誤開咗商戶代理權限",
            "我被誤加咗入批發代理名單",
        ],
        "ask": [
            "叫我配合銀行解除，要過數去銀行指定嘅戶口",
            "叫我跟住銀行職員指示轉錢去解除",
            "叫我去櫃員機照佢講嘅操作解除",
        ],
    },
    "safe_account": {
        "who": ["個自稱滙豐職員嘅人", "個話係中銀香港風險部嘅人", "個話自己係恒生防詐騙組嘅人"],
        "pretext": ["我個戶口俾黑客入侵咗", "我張卡有可疑交易", "有人想轉走我戶口啲錢"],
        "ask": [
            "叫我將啲錢過晒數去一個安全戶口",
            "叫我轉晒啲存款去佢哋開嘅保障戶口",
            "叫我用FPS將戶口啲錢轉去監管戶口",
        ],
    },
    "screen_share": {
        "who": ["個自稱淘寶客服嘅人", "個話係數碼通技術部嘅人", "個話自己係順豐客服主任嘅人"],
        "pretext": ["我要退款但係系統出錯", "我部電話中咗病毒", "我個訂單退唔到錢"],
        "ask": ["叫我落載AnyDesk俾佢遙距操作", "叫我裝個會議App開螢幕分享俾佢睇", "叫我下載TeamViewer畀佢控制部機"],
    },
    "police_handover": {
        "who": ["個自稱順豐客服嘅人", "個話係香港郵政職員嘅人", "個話自己係DHL客服嘅人"],
        "pretext": [
            "我寄去大陸個包裹入面有毒品，跟住轉駁咗去公安",
            "我個包裹搜出假護照，跟住幫我轉咗去警察",
            "我名下個郵包有違禁品，要將電話轉去內地公安跟進",
        ],
        "ask": [
            "公安叫我將啲錢轉去監管戶口證明清白",
            "警察叫我將戶口啲錢過數去安全戶口調查",
            "公安叫我開Zoom分享畫面同埋過數去指定戶口",
        ],
    },
}

# -- Taiwan --------------------------------------------------------------------------------------------
TW_FRAMES = [
    "今天{who}打電話來，說{pretext}，{ask}。",
    "{who}用LINE加我好友，說{pretext}，接著{ask}。",
    "剛剛{who}傳簡訊給我，說{pretext}，{ask}，這是真的嗎？",
]
TW = {
    "refund_compensation": {
        "who": ["一個自稱蝦皮客服專員的人", "一個說是momo售後人員的人", "號稱黑貓宅急便理賠專員的人"],
        "pretext": ["我的包裹在物流中心遺失要理賠三倍", "我在網拍買的保養品有瑕疵要賠償", "我的貨件運送途中毀損要退款"],
        "ask": [
            "要我下載視訊會議App分享螢幕領理賠",
            "要我點連結輸入信用卡卡號和OTP驗證碼領退款",
            "要我把簡訊驗證碼唸給他才能退費",
        ],
    },
    "cancel_membership": {
        "who": ["一個自稱露天拍賣客服專員的人", "一個說是蝦皮客服的人", "號稱momo購物網專員的人"],
        "pretext": [
            "我被誤設成高級會員每個月會扣款",
            "我的帳號被誤升級成經銷商每月扣費",
            "我被設成分期付款會連扣十二期",
        ],
        "ask": [
            "要我去ATM照他的指示操作解除分期",
            "要我用網路銀行匯款到他給的帳戶取消",
            "要我到ATM轉帳給銀行專員解除設定",
        ],
    },
    "order_anomaly": {
        "who": ["一個自稱蝦皮客服的人", "一個說是PChome客服專員的人", "號稱露天拍賣工作人員的人"],
        "pretext": ["我的訂單被重複扣款", "我的訂單異常被凍結", "我下單時被誤設成批發訂單"],
        "ask": ["要我匯款到指定帳戶做驗證", "要我點連結登入網路銀行輸入帳號密碼", "要我用超商代碼繳費解除"],
    },
    "credit_loan": {
        "who": ["一個自稱銀行理專的人", "一個說是貸款公司專員的人", "號稱融資公司客服的人"],
        "pretext": ["我的信用評分太低貸款撥不下來", "我的貸款帳戶填錯被凍結", "我申請的貸款已核准但要先做金流"],
        "ask": ["要我先匯一筆保證金才能撥款", "要我先付解凍費到指定帳戶", "要我去超商買點數卡回傳序號做金流"],
    },
    "return_excess": {
        "who": ["一個自稱蝦皮理賠專員的人", "一個說是momo客服的人", "號稱中華郵政理賠人員的人"],
        "pretext": [
            "理賠金已經匯給我但多匯了一個零",
            "他傳了一張轉帳成功的截圖說多退了五萬",
            "退款因為系統錯誤多撥到我的帳戶",
        ],
        "ask": ["要我把多出來的錢匯回去", "要我去ATM把差額轉回他給的帳戶", "要我馬上把多退的款項退還給他們"],
    },
    "fake_cod": {
        "who": ["一個自稱7-11交貨便的人", "一個說是全家店員的人", "號稱新竹物流司機的人"],
        "pretext": [
            "我有一個貨到付款的包裹要領，但我根本沒買東西",
            "我有包裹要超商取貨付款",
            "我的包裹還沒付運費無法配送",
        ],
        "ask": ["要我先匯款到他的個人帳戶才能取貨", "要我用超商代碼先繳費才能領包裹", "要我點連結用信用卡付運費"],
    },
    "phishing_link": {
        "who": ["一個自稱中華郵政人員的人", "一個說是蝦皮客服的人", "號稱momo客服專員的人"],
        "pretext": ["我的包裹地址不完整無法投遞", "我抽中限時購物金要馬上領取", "我的會員點數即將到期"],
        "ask": ["要我點連結輸入信用卡卡號和安全碼", "要我點網址登入網路銀行確認", "要我點連結填寫信用卡資料和有效期限"],
    },
    "agent_release": {
        "who": ["一個自稱蝦皮客服專員的人", "一個說是露天拍賣工作人員的人", "號稱網拍平台客服的人"],
        "pretext": ["因為員工疏失把我設成代理商", "我的帳號被誤設成批發經銷商", "我被誤加入簽約賣家名單"],
        "ask": ["要我配合銀行解除，去ATM照指示轉帳", "接著要我跟銀行專員匯款解除", "要我照銀行人員說的用網銀操作解除"],
    },
    "safe_account": {
        "who": ["一個自稱國泰世華行員的人", "一個說是中國信託風控部門的人", "號稱玉山銀行客服專員的人"],
        "pretext": ["我的帳戶被駭客入侵", "我的信用卡有異常交易", "有人要盜領我的存款"],
        "ask": ["要我把存款轉到安全帳戶", "要我把錢匯到他們開的監管帳戶", "要我把帳戶的錢都轉到指定的保護帳戶"],
    },
    "screen_share": {
        "who": ["一個自稱蝦皮客服的人", "一個說是中華電信技術人員的人", "號稱momo客服專員的人"],
        "pretext": ["我的退款卡住了", "我的手機中毒了", "我的訂單無法退費"],
        "ask": ["要我下載AnyDesk讓他遠端操作", "要我安裝視訊會議App分享螢幕", "要我下載TeamViewer讓他控制手機"],
    },
    "instalment": {
        "who": ["一個自稱網拍賣家客服的人", "一個說是蝦皮客服專員的人", "號稱露天拍賣客服的人"],
        "pretext": ["我上次的訂單被誤設成分期付款", "我被設成批發商每月扣款", "工作人員操作錯誤把我設成十二期分期"],
        "ask": [
            "接著銀行專員要我去ATM解除分期",
            "要我到ATM按照銀行人員指示操作取消",
            "要我用網路銀行照他說的轉帳解除分期付款",
        ],
    },
    "police_handover": {
        "who": ["一個自稱中華郵政人員的人", "一個說是黑貓宅急便客服的人", "號稱新竹物流客服的人"],
        "pretext": [
            "我的包裹裡有毒品，電話接著轉給刑事局",
            "我寄出的包裹被查到假護照，然後幫我轉接警察",
            "我名下有一個包裹夾帶違禁品，要轉接地檢署處理",
        ],
        "ask": [
            "警官要我把存款匯到監管帳戶",
            "警察叫我把錢轉到安全帳戶配合調查",
            "檢察官要我把帳戶的錢領出來交給專人監管",
        ],
    },
}

# -- mainland Chinese (the two families the structure matrix lacks) -------------------------------------
ZH_FRAMES = [
    "今天{who}给我打电话，说{pretext}，{ask}。",
    "{who}加了我微信，说{pretext}，然后{ask}。",
    "刚才{who}打来，称{pretext}，{ask}，这是真的吗？",
]
ZH = {
    "return_excess": {
        "who": ["一个自称淘宝客服的人", "一个说是快递理赔专员的人", "号称拼多多售后的人"],
        "pretext": [
            "理赔款已经打到我的借呗里了，多打了一万",
            "他发了一张转账成功的截图，说赔付款多转了五千",
            "平台的消费者应急赔付多退给我了",
        ],
        "ask": ["让我把多出来的钱转回给他", "要我把差额转到他给的账户", "让我马上把多的钱退回去"],
    },
    "police_handover": {
        "who": ["一个自称顺丰客服的人", "一个说是中国邮政工作人员的人", "号称中通快递的人"],
        "pretext": [
            "我寄的包裹里查出毒品，电话转接给了公安",
            "我的快递里有假护照，接着把电话转给了警察",
            "我名下有个邮包涉嫌走私，要转接到公安局",
        ],
        "ask": [
            "警官让我把钱转到安全账户配合调查",
            "民警要我把存款转到监管账户证明清白",
            "警察让我下载会议软件共享屏幕核查资金",
        ],
    },
}

# -- English (the same two families) --------------------------------------------------------------------
EN_FRAMES = [
    "Today {who} called me. They said {pretext}, and {ask}.",
    "{who} messaged me on WhatsApp saying {pretext}; then {ask}.",
    "Just now {who} rang, said {pretext} and {ask}. Is this legit?",
]
EN = {
    "return_excess": {
        "who": [
            "someone claiming to be Amazon customer service",
            "a man who said he was from the PayPal refunds team",
            "a woman saying she worked for Apple support",
        ],
        "pretext": [
            "they had refunded me 2,000 instead of 200 by mistake",
            "a refund had gone into my account twice and showed me a screenshot of it",
            "their system credited my account with too much money",
        ],
        "ask": [
            "asked me to send the difference back by bank transfer",
            "wanted me to return the extra money to their account",
            "told me to pay back the excess in gift cards",
        ],
    },
    "police_handover": {
        "who": [
            "someone claiming to be from FedEx",
            "a man who said he was with DHL",
            "a woman saying she was from UPS",
        ],
        "pretext": [
            "a parcel in my name had drugs in it and put me through to the police",
            "a package I sent was seized with fake passports and transferred the call to a police officer",
            "customs had found narcotics in my shipment and connected me to the cyber crime police",
        ],
        "ask": [
            "the officer told me to move my savings to a safe account",
            "the police asked me to transfer my money to a verification account to prove my innocence",
            "the officer made me install Skype and send money for the investigation",
        ],
    },
}

# -- typos: a name one or two letters off, dropped letters, spelt as said ------------------------------
# (name, misspellings: two tuned, the third held out)
EN_TYPO_NAMES = {
    "brand": [
        ("Amazon", ["Amzon", "Amazn", "Ammazon"]),
        ("PayPal", ["Paypall", "Pay pal", "Paypl"]),
        ("FedEx", ["Fedx", "Fed ex", "Feddex"]),
        ("Microsoft", ["Microsft", "Mircosoft", "Micro soft"]),
        ("Royal Mail", ["Royal Mial", "Royl Mail", "Roayl Mail"]),
    ],
    "tool": [
        ("AnyDesk", ["Anydsk", "Any desk", "Eniedesk"]),
        ("TeamViewer", ["Teamveiwer", "Team viewer", "Teamviwer"]),
        ("QuickSupport", ["Quicksuport", "Quick suport", "Qiucksupport"]),
    ],
    "word": [
        ("customer service", ["custmer servise", "costumer service", "customer servis"]),
        ("install", ["instal", "intsall", "instoll"]),
        ("refund", ["refnd", "refun", "reefund"]),
    ],
}
EN_TYPO_FRAMES = [
    "I got a call from {brand} {service}, they said my account was charged for an order and they would {refund} me, then told me to {install} {tool} so they could fix it.",
    "{brand} {service} rang me about a {refund} and asked me to {install} {tool} on my laptop.",
    "Someone from {brand} {service} called about a {refund} for a charge and made me {install} {tool}. Is this real?",
]
# Pinyin and English names inside Chinese (the brand or the tool spelt in Latin letters, or off by one).
ZH_TYPO = {
    "brand": [
        ("淘宝", ["taobao", "tao bao", "taobo"]),
        ("顺丰", ["shunfeng", "SF", "shun feng"]),
        ("支付宝", ["zhifubao", "alipay", "zfb"]),
    ],
    "tool": [
        ("腾讯会议", ["tengxun huiyi", "txhy", "tencent meeting"]),
        ("向日葵", ["xiangrikui", "sunlogin", "xrk"]),
        ("AnyDesk", ["anydsk", "any desk", "anydesck"]),
    ],
}
ZH_TYPO_FRAMES = [
    "今天有个自称{brand}客服的人给我打电话，说我的快递丢了要赔偿，让我下载{tool}共享屏幕。",
    "一个说是{brand}售后的人加我微信，说我买的东西有质量问题要退款，叫我装一个{tool}给他看屏幕。",
    "{brand}客服打电话说我的订单异常要退款，让我下个{tool}开屏幕共享，是真的吗？",
]

# -- code-mixing: English verbs and nouns inside Chinese ----------------------------------------------
MIX = {
    "yue": [
        "有個自稱順豐客服嘅人打嚟，話我件貨唔見咗要賠錢，叫我download個app開screen share。",
        "頭先有個話係HKTVmall嘅人WhatsApp我，話張單重複扣咗數要refund，叫我click條link入埋credit card number同OTP。",
        "有個話係滙豐嘅人打嚟話我account有可疑交易，叫我transfer晒啲錢去佢哋個safe account。",
    ],
    "yue2": [
        "有人打嚟話係淘寶客服，話我開咗membership每個月扣錢，叫我down個app跟佢步驟cancel。",
        "有個話係DHL嘅人send message俾我，話我個parcel要俾customs fee，叫我撳link俾錢。",
        "有個話係中銀嘅人call我，話我張card俾人盜用，叫我read返個OTP code俾佢聽。",
    ],
    "zh": [
        "有个自称淘宝客服的人打电话，说我的快递丢了要赔偿，让我download一个app然后screen share。",
        "一个说是京东售后的人加我wechat，说我的order有问题要refund，叫我click他发的link填银行卡号和验证码。",
        "有人自称银行客服，说我的account有风险，让我把钱transfer到一个safe account。",
    ],
    "tw": [
        "一個自稱蝦皮客服的人打來，說我的訂單被重複扣款要refund，叫我download一個app讓他遠端。",
        "有人用LINE說是momo客服，說我被設成VIP會員每月扣款，要我去ATM照他說的cancel。",
        "自稱中華郵政的簡訊說我的包裹地址有問題，要我click連結輸入credit card資料。",
    ],
}
# (the third sentence of each MIX list is held out)

# -- genuine twins: the same words, a genuine ask --------------------------------------------------------
TWINS = {
    "yue": [
        "順豐send短訊話我個包裹到咗，我自己開順豐App睇單號，去智能櫃攞咗。",
        "我自己喺HKTVmall App申請退款，啲錢會退返去原本張信用卡。",
        "我用轉數快過數俾朋友夾錢食飯，佢收到咗。",
        "我自己去滙豐分行櫃位問清楚張卡嘅交易，職員話冇問題。",
        "我自己喺八達通App增值咗五百蚊。",
        "個仔幫我喺部電腦裝咗AnyDesk，方便佢喺屋企遙距幫我整電腦。",
        "淘寶退款退多咗俾我，我自己喺淘寶App入面搵客服，佢話系統會自動扣返，唔使我做任何嘢。",
        "警察上門話搵返我之前俾人偷咗嘅包裹，叫我去警署認領，我自己打去警署查證過係真。",
        "我自己download咗HKTVmall個app買嘢，用信用卡俾錢。",
    ],
    "tw": [
        "蝦皮傳通知說我的包裹到了，我自己開蝦皮App確認後去超商取貨。",
        "我自己在momo的App申請退貨，款項會退回原本的信用卡。",
        "我用網路銀行匯款給房東繳房租。",
        "我自己去銀行臨櫃詢問分期付款的事，行員說我沒有被設定分期。",
        "我在超商用代碼繳了自己的電話費帳單。",
        "我自己在露天拍賣App加了賣家的聊聊問商品尺寸。",
        "momo退款多退給我，我自己打momo官方客服，他們說系統會自動更正，不用我做什麼。",
        "我自己download了中華郵政的官方App查包裹。",
    ],
    "zh": [
        "淘宝退款多退给我了，我自己在淘宝App里联系官方客服，他们说系统会自动扣回，不需要我转账。",
        "我的快递被海关抽查，我自己在顺丰官方App上传了身份证完成清关。",
        "派出所民警上门告诉我被偷的快递找回来了，让我去派出所领取，我打110核实过。",
        "我自己下载了腾讯会议，跟同事开周会。",
        "我自己在淘宝App上申请了退款，钱原路退回了支付宝。",
    ],
    "en": [
        "I overpaid my electricity bill, so the company refunded the difference to my card by itself.",
        "Amazon refunded me twice by mistake; I contacted them through the Amazon app and they simply took one refund back from my card.",
        "The police rang to say my stolen parcel had been found and I could collect it at the station; I called the station's number myself to check.",
        "I ordered a book on Amzon and it arrived today, great service.",
        "My son helped me instal Anydsk so he can fix my laptop from his house.",
        "I called Paypall customer servise myself about a refnd and they said it would reach my card in five days.",
        "FedEx texted that my parcel was delivered to the locker; I opened the Fedx app myself and collected it.",
        "I love Amazon Prime, the delivery is amazing.",
        "I downloaded Teamveiwer at work to join a colleague's session for a presentation.",
    ],
}


@dataclass(frozen=True)
class Case:
    text: str
    lang: str
    family: str
    held: bool


def _cells(table: dict, frames: list[str], lang: str) -> list[Case]:
    out = []
    for family, parts in table.items():
        # tuned: every combination of the first two wordings, frames rotated; held: the third wordings only
        for k, (w, p, a) in enumerate(itertools.product(range(2), repeat=3)):
            f = frames[k % 2]
            text = f.format(who=parts["who"][w], pretext=parts["pretext"][p], ask=parts["ask"][a])
            out.append(Case(text, lang, family, False))
        for f in frames:
            text = f.format(who=parts["who"][HELD], pretext=parts["pretext"][HELD], ask=parts["ask"][HELD])
            out.append(Case(text, lang, family, True))
    return out


def _typo_cases() -> list[Case]:
    out = []
    rng = random.Random(7)
    brands, tools, words = EN_TYPO_NAMES["brand"], EN_TYPO_NAMES["tool"], EN_TYPO_NAMES["word"]
    for frame, (_, bvars), (_, tvars) in itertools.product(EN_TYPO_FRAMES, brands, tools):
        for pick in (0, 1, HELD):
            held = pick == HELD
            service, install, refund = (dict(words)[k] for k in ("customer service", "install", "refund"))
            text = frame.format(
                brand=bvars[pick],
                tool=tvars[pick],
                service=service[pick] if rng.random() < 0.7 else "customer service",
                install=install[pick],
                refund=refund[pick],
            )
            out.append(Case(text[:1].upper() + text[1:], "en", "typo", held))
    for frame, (_, bvars), (_, tvars) in itertools.product(ZH_TYPO_FRAMES, ZH_TYPO["brand"], ZH_TYPO["tool"]):
        for pick in (0, 1, HELD):
            out.append(Case(frame.format(brand=bvars[pick], tool=tvars[pick]), "zh", "typo", pick == HELD))
    return out


def scam_cases() -> list[Case]:
    out = [*_cells(YUE, YUE_FRAMES, "yue"), *_cells(TW, TW_FRAMES, "tw"), *_cells(ZH, ZH_FRAMES, "zh")]
    out += _cells(EN, EN_FRAMES, "en")
    out += _typo_cases()
    for lang, texts in MIX.items():
        for i, t in enumerate(texts):
            out.append(Case(t, "yue" if lang.startswith("yue") else lang, "code_mix", i == HELD))
    return out


def twin_cases() -> list[tuple[str, str]]:
    return [(t, lang) for lang, texts in TWINS.items() for t in texts]


def figures(analyzer, held: bool | None = None) -> dict:
    """Share called `scam` (and flagged at all) per language and per family; the twins' verdicts."""
    by_lang: dict[str, list[int]] = {}
    by_family: dict[str, list[int]] = {}
    misses = []
    for c in scam_cases():
        if held is not None and c.held != held:
            continue
        v = analyzer.analyze(c.text).verdict
        for key, table in ((c.lang, by_lang), (c.family, by_family)):
            r = table.setdefault(key, [0, 0, 0])
            r[0] += 1
            r[1] += v == "scam"
            r[2] += v in ("scam", "suspicious")
        if v != "scam":
            misses.append((v, c))
    twins = [(analyzer.analyze(t).verdict, t) for t, _ in twin_cases()]
    return {"lang": by_lang, "family": by_family, "misses": misses, "twins": twins}


if __name__ == "__main__":  # pragma: no cover - a measuring aid
    import sys
    import time

    from knowledge.loader import load_knowledge
    from nlu.analyzer import Analyzer

    part = {"held": True, "tuned": False, "all": None}[sys.argv[1] if len(sys.argv) > 1 else "all"]
    an = Analyzer(load_knowledge())
    t0 = time.process_time()
    f = figures(an, part)
    cpu = time.process_time() - t0
    for name in ("lang", "family"):
        rows = f[name]
        for key, (n, scam, flagged) in sorted(rows.items()):
            print(f"{name}:{key:20} n={n:4}  scam {scam / n:6.1%}  flagged {flagged / n:6.1%}")
    tot = [sum(r[i] for r in f["lang"].values()) for i in range(3)]
    print(f"{'all':25} n={tot[0]:4}  scam {tot[1] / tot[0]:6.1%}  flagged {tot[2] / tot[0]:6.1%}")
    from collections import Counter

    print("twins:", dict(Counter(v for v, _ in f["twins"])), "of", len(f["twins"]), f"(CPU {cpu:.2f} s)")
    if "-v" in sys.argv and part is False:  # held-out rows are never printed
        for v, c in f["misses"]:
            print(v, c.lang, c.family, "|", c.text)
        for v, t in f["twins"]:
            if v not in ("matches_genuine", "no_scam_signs"):
                print("TWIN", v, "|", t)
