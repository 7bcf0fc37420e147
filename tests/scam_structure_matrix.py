"""A generated matrix of scam accounts by structure, and their genuine twins (used by
`tests/test_scam_structure_matrix.py`; run as a script it prints the figures per language).

Structure: a claimed role (a platform's customer service, a courier, a bank, the police or customs, a
telecom operator, a government office) x what is asked (a transfer to a "safe" account, a code read to
the caller, a screen-sharing or meeting app, card details behind a link, gift or game cards and payment
codes, a "fee" to unlock a refund, a parcel or a loan, "cancel the membership or instalments or be
charged" done their way) x the channel (a call, a text, a chat app, a group) x the language (English,
Indian / Singapore English, mainland Chinese, Taiwan zh-Hant, written Cantonese) x how it is told (a
first-person retelling, the message forwarded, a retelling that asks "is this real?").

Every part is a family of three wordings written here for this matrix; the third of each family is held
out: the HELD sentences are built only from held-out wordings and were not looked at while the
knowledge was changed. None comes from a development set, a report or an issue.

The twins use the same companies: the person acts in the company's own app or site, or at its counter,
and is asked only for what the company really asks there (a duty paid in the courier's app, a payment
confirmed in the bank's app). They must never be called a scam.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

ROLES = ("platform", "courier", "bank", "police", "telecom", "government")
ASKS = ("transfer", "code", "screen", "card_link", "gift", "fee", "cancel")
CHANNELS = ("call", "sms", "chat", "group")
STYLES = ("told", "forwarded", "question")
HELD = 2  # the index of the held-out wording in every family of three

# Pronoun slots: the same wording told by the person ("told me to read out my code") or forwarded as
# the message itself ("please read out your code").
PERSON = {
    "en": {
        "told": {
            "my": "my",
            "me": "me",
            "i": "I",
            "they": "they",
            "them": "them",
            "their": "their",
            "was": "was",
            "had": "had",
            "i_was": "I was",
        },
        "msg": {
            "my": "your",
            "me": "you",
            "i": "you",
            "they": "we",
            "them": "us",
            "their": "our",
            "was": "is",
            "had": "has",
            "i_was": "you are",
        },
    },
    "zh": {"told": {"you": "我", "him": "他", "they": "他们"}, "msg": {"you": "您", "him": "客服", "they": "我们"}},
    "tw": {"told": {"you": "我", "him": "他", "they": "他們"}, "msg": {"you": "您", "him": "專員", "they": "我們"}},
    "yue": {"told": {"you": "我", "him": "佢", "they": "佢哋"}, "msg": {"you": "你", "him": "職員", "they": "我哋"}},
}
PERSON["en_asia"] = PERSON["en"]

EN_PRETEXTS = {
    "platform": [
        "{my} order {had} been charged twice and a refund {was} waiting",
        "an item {i} bought {had} a quality problem and compensation {was} due",
        "{my} account {had} been set up as a wholesale seller by mistake",
    ],
    "courier": [
        "{my} parcel {was} held at the depot because of a wrong address",
        "{my} package {had} been lost and compensation {was} due",
        "{my} parcel {was} stuck at customs",
    ],
    "bank": [
        "{my} card {had} been used for a suspicious payment",
        "{my} account {had} been frozen after unusual logins",
        "someone {was} applying for a loan in {my} name",
    ],
    "police": [
        "{my} bank account {had} been linked to money laundering",
        "{my} ID {had} been used to post parcels with drugs in them",
        "there {was} an arrest warrant in {my} name",
    ],
    "telecom": [
        "{my} SIM {was} about to be blocked",
        "{my} number {had} been used for illegal calls",
        "{my} mobile plan {was} due a refund for overbilling",
    ],
    "government": [
        "{my} national insurance number {had} been used fraudulently",
        "{i_was} owed a tax rebate",
        "{my} pension record {had} a problem that must be fixed today",
    ],
}

LANGS: dict[str, dict] = {
    "en": {
        "person": "en",
        "orgs": {
            "platform": ["Amazon", "eBay", "Shopee", "Lazada"],
            "courier": ["DHL", "FedEx", "Royal Mail", "UPS"],
            "bank": ["HSBC", "Barclays", "Chase", "Lloyds"],
            "police": ["the police", "customs", "the Metropolitan Police", "Border Force"],
            "telecom": ["Vodafone", "EE", "AT&T", "Verizon"],
            "government": ["HMRC", "the IRS", "the tax office", "the DWP"],
        },
        "who": {
            "platform": [
                "someone claiming to be {org} customer service",
                "a man who said he was from the {org} refunds team",
                "a woman saying she worked in {org} after-sales support",
            ],
            "courier": [
                "someone claiming to be from {org}",
                "a man who said he was a {org} delivery agent",
                "a woman saying she was from the {org} claims desk",
            ],
            "bank": [
                "someone claiming to be from {org}'s fraud team",
                "a man who said he was with {org} security",
                "a woman saying she was from the {org} card centre",
            ],
            "police": [
                "someone claiming to be an officer from {org}",
                "a man who said he was a detective with {org}",
                "a woman saying she was an investigator from {org}",
            ],
            "telecom": [
                "someone claiming to be from {org}",
                "a man who said he was {org} technical support",
                "a woman saying she was from {org} billing",
            ],
            "government": [
                "someone claiming to be from {org}",
                "a man who said he was an officer at {org}",
                "a woman saying she was a caseworker with {org}",
            ],
        },
        "pretexts": EN_PRETEXTS,
        "asks": {
            "transfer": [
                "move all {my} savings into a safe account {they} had set up",
                "transfer the money in {my} account to a secure holding account until the case is closed",
                "send {my} balance to a verification account so it can be checked",
            ],
            "code": [
                "read out the six-digit code sent to {my} phone",
                "give {them} the one-time passcode from the text message",
                "share the verification code that arrives by SMS",
            ],
            "screen": [
                "install AnyDesk so {they} can fix it remotely",
                "download TeamViewer and give {them} the access number",
                "join a Zoom call and share {my} screen while {they} sort it out",
            ],
            "card_link": [
                "open the link in the text and enter {my} card number, expiry date and CVV",
                "click the link {they} sent and type in {my} debit card details and PIN",
                "fill in {my} full card details on the page at the link",
            ],
            "gift": [
                "buy Google Play gift cards and send photos of the codes",
                "buy Apple gift cards at a shop and read the numbers back to {them}",
                "pay with Steam cards and send {them} the codes",
            ],
            "fee": [
                "pay a release fee of 150 before the refund can be sent",
                "pay an unlocking charge of 99 by bank transfer before the money is released",
                "transfer a small processing fee to {their} account first so it can be unfrozen",
            ],
            "cancel": [
                "cancel the premium membership by following {their} steps in {my} banking app, or be charged 300 every month",
                "go to a cash machine and follow {their} instructions to cancel the instalment plan, or be charged every month",
                "cancel the auto-renewal through {their} form with {my} card details, or be billed monthly",
            ],
        },
        "frames": {
            "call": [
                "I got a call from {who}. They said {pretext} and told me to {ask}.",
                "This morning {who} rang me, said {pretext}, and asked me to {ask}.",
                "A phone call came from {who} saying {pretext}; then they wanted me to {ask}.",
            ],
            "sms": [
                "I got a text from {who} saying {pretext}, and it told me to {ask}.",
                "{who} sent me an SMS: {pretext}, and I need to {ask}.",
                "A text message came from {who} saying {pretext}; it asked me to {ask}.",
            ],
            "chat": [
                "{who} messaged me on WhatsApp, said {pretext}, and told me to {ask}.",
                "On WhatsApp {who} contacted me saying {pretext} and asked me to {ask}.",
                "{who} added me on WeChat, said {pretext}, and wanted me to {ask}.",
            ],
            "group": [
                "I was added to a QQ group where {who} said {pretext} and told me to {ask}.",
                "In a Telegram group {who} messaged me privately, said {pretext}, and asked me to {ask}.",
                "{who} posted in our QQ group that {pretext} and told me to {ask}.",
            ],
        },
        "forward": {
            "call": [
                "The caller's recorded message said: ",
                "Voicemail I got: ",
                "This is what the automated call said: ",
            ],
            "sms": ["Got this text: ", "Forwarding an SMS I received: ", "This SMS came today: "],
            "chat": ["Got this on WhatsApp: ", "This WhatsApp message arrived: ", "Someone sent me this on WeChat: "],
            "group": ["Posted in a QQ group I'm in: ", "Pinned in a Telegram group: ", "A message in our QQ group: "],
        },
        "message": [
            "{org}: {pretext}. Please {ask}.",
            "Dear customer, this is {org}. {pretext_cap}. To avoid penalties, {ask} today.",
            "Notice from {org}: {pretext}. You must {ask} within 24 hours.",
        ],
        "question": [" Is this real?", " Is it legit or not?", " Should I do what they say?"],
    },
    "en_asia": {
        "person": "en",
        "orgs": {
            "platform": ["Flipkart", "Shopee", "Lazada", "Amazon"],
            "courier": ["India Post", "SingPost", "Ninja Van", "Blue Dart"],
            "bank": ["SBI", "HDFC Bank", "DBS", "OCBC"],
            "police": ["CBI", "Mumbai Police", "the Singapore Police Force", "customs"],
            "telecom": ["Airtel", "Jio", "Singtel", "StarHub"],
            "government": ["the Income Tax Department", "IRAS", "ICA", "EPFO"],
        },
        "who": {
            "platform": [
                "one {org} customer care executive",
                "one person say from {org} customer service",
                "a lady stating she is from {org} refund department",
            ],
            "courier": [
                "one {org} delivery executive",
                "one person say from {org} parcel department",
                "a gentleman stating he is from {org}",
            ],
            "bank": [
                "one {org} bank officer",
                "one person say from {org} KYC department",
                "a lady stating she is from {org} credit card division",
            ],
            "police": [
                "one officer from {org}",
                "one person say he is from {org} cyber cell",
                "a gentleman stating he is an inspector of {org}",
            ],
            "telecom": [
                "one {org} executive",
                "one person say from {org} customer care",
                "a lady stating she is from {org} network team",
            ],
            "government": [
                "one officer from {org}",
                "one person say from {org}",
                "a gentleman stating he is from {org}",
            ],
        },
        "pretexts": EN_PRETEXTS,
        "asks": {
            "transfer": [
                "transfer all {my} money to one safe account for verification",
                "do UPI transfer of the full balance to the RBI verification account",
                "move the funds to one holding account under {their} department",
            ],
            "code": [
                "share the OTP",
                "tell {them} the OTP which came on {my} mobile",
                "send the OTP received on {my} number",
            ],
            "screen": [
                "download AnyDesk app and give {them} the 9-digit code",
                "install QuickSupport app so {they} can check {my} account",
                "share {my} screen on Zoom call",
            ],
            "card_link": [
                "click on the link and fill {my} debit card number, CVV and expiry",
                "open the link and update {my} card details and PIN",
                "update KYC in the link with {my} ATM card number",
            ],
            "gift": [
                "buy Amazon Pay gift cards and send the codes",
                "buy Google Play cards from 7-Eleven and send photos",
                "purchase gift vouchers and share the voucher codes",
            ],
            "fee": [
                "pay processing charges of Rs 2,000 first to release the refund",
                "pay loan file charges first, then only loan will be disbursed",
                "pay clearance fee of 80 dollars to {their} account to release the parcel",
            ],
            "cancel": [
                "cancel the subscription otherwise Rs 4,999 will be deducted every month, and for cancelling do the steps in {my} bank app",
                "stop the EMI plan by doing the process they tell at ATM, otherwise charges every month",
                "deactivate the auto-debit through the link with {my} card number, otherwise charged monthly",
            ],
        },
        "frames": {
            "call": [
                "Got call from {who}, say {pretext}, ask me {ask}.",
                "I received a call from {who} stating that {pretext} and asked me to kindly {ask}.",
                "Just now {who} call me, tell me {pretext}, then ask me to {ask}.",
            ],
            "sms": [
                "Got SMS from {who}, say {pretext}, ask me {ask}.",
                "I received an SMS from {who} stating that {pretext} and to kindly {ask}.",
                "Just now got message from {who}, say {pretext}, must {ask}.",
            ],
            "chat": [
                "{who} WhatsApp me, say {pretext}, ask me {ask}.",
                "I received a WhatsApp message from {who} stating that {pretext} and asked me to kindly {ask}.",
                "Just now {who} message me on WhatsApp, tell me {pretext}, then ask me to {ask}.",
            ],
            "group": [
                "In one Telegram group {who} say {pretext}, ask me {ask}.",
                "I was added to a WhatsApp group where {who} stated that {pretext} and asked me to kindly {ask}.",
                "Just now in QQ group {who} tell me {pretext}, then ask me to {ask}.",
            ],
        },
        "forward": {
            "call": ["IVR call said: ", "Caller told like this: ", "The recorded call says: "],
            "sms": ["Got this SMS: ", "Received below message: ", "This message came: "],
            "chat": ["Got this WhatsApp: ", "Received below WhatsApp: ", "This came in WhatsApp: "],
            "group": ["Posted in Telegram group: ", "Below message in WhatsApp group: ", "This came in QQ group: "],
        },
        "message": [
            "Dear Customer, {org}: {pretext}. Kindly {ask}.",
            "{org} ALERT: {pretext}. Please {ask} immediately.",
            "From {org}: {pretext}. You have to {ask} today.",
        ],
        "question": [" Is this genuine?", " Real or fake ah?", " Should I do it?"],
    },
    "zh": {
        "person": "zh",
        "orgs": {
            "platform": ["淘宝", "拼多多", "京东", "抖音"],
            "courier": ["顺丰", "中通快递", "圆通", "京东物流"],
            "bank": ["工商银行", "建设银行", "招商银行", "农业银行"],
            "police": ["公安局", "海关", "刑侦大队", "派出所"],
            "telecom": ["中国移动", "中国联通", "中国电信", "移动营业厅"],
            "government": ["社保局", "医保局", "税务局", "人社局"],
        },
        "who": {
            "platform": ["自称{org}客服的人", "一个说是{org}售后的人", "号称{org}平台工作人员的人"],
            "courier": ["自称{org}快递员的人", "一个说是{org}客服的人", "号称{org}理赔专员的人"],
            "bank": ["自称{org}工作人员的人", "一个说是{org}风控部的人", "号称{org}客户经理的人"],
            "police": ["自称{org}民警的人", "一个说是{org}警官的人", "号称{org}办案人员的人"],
            "telecom": ["自称{org}客服的人", "一个说是{org}工作人员的人", "号称{org}业务员的人"],
            "government": ["自称{org}工作人员的人", "一个说是{org}的人", "号称{org}专员的人"],
        },
        "pretexts": {
            "platform": ["{you}买的衣服有质量问题要理赔", "{you}的订单异常需要退款", "{you}被误开通了商家会员"],
            "courier": ["{you}的快递在运输中丢失了要赔偿", "{you}的包裹地址有误被扣在仓库", "{you}的包裹在海关被扣了"],
            "bank": ["{you}的银行卡被盗刷了", "{you}的账户有异常登录已被冻结", "有人用{you}的身份在申请贷款"],
            "police": ["{you}的账户涉嫌洗钱", "{you}的身份证被人用来寄毒品", "{you}涉嫌一起案件要被通缉"],
            "telecom": ["{you}的手机号马上要被停机", "{you}的号码涉嫌发送违规短信", "{you}的话费多扣了要退还"],
            "government": ["{you}的社保卡被冻结了", "{you}有一笔个税退税可以领取", "{you}的医保账户出现异常"],
        },
        "asks": {
            "transfer": [
                "把卡里的钱转到{they}提供的安全账户",
                "把余额全部转进指定的验证账户核查",
                "把存款转到监管账户配合调查",
            ],
            "code": ["把手机刚收到的验证码告诉{him}", "把短信里的六位验证码报给{him}", "念一下收到的动态码"],
            "screen": ["下载一个会议软件打开屏幕共享", "安装远程协助App让{him}帮忙操作", "进入腾讯会议共享手机屏幕"],
            "card_link": [
                "点击短信里的链接填写银行卡号和密码",
                "打开{him}发的网址输入卡号、有效期和安全码",
                "在链接页面登记银行卡信息和交易密码",
            ],
            "gift": [
                "去买京东E卡把卡密发给{him}",
                "买游戏点卡把卡号和密码拍照发过去",
                "用支付宝生成付款码截图发给{him}",
            ],
            "fee": ["先交一笔解冻手续费才能退款", "先转一笔保证金才能放款", "先付清关费到指定账户包裹才能放行"],
            "cancel": [
                "关闭开通的百万保障，否则每月扣费，关闭要按{him}说的在支付宝里操作",
                "取消会员自动续费，不然每个月扣钱，要在网银里按步骤操作解除",
                "解除分期付款，否则每月扣款，要去ATM按指示操作",
            ],
        },
        "frames": {
            "call": [
                "今天{who}给我打电话，说{pretext}，让我{ask}。",
                "刚才接到{who}的电话，说{pretext}，要求我{ask}。",
                "{who}打来电话称{pretext}，然后叫我{ask}。",
            ],
            "sms": [
                "我收到{who}发来的短信，说{pretext}，让我{ask}。",
                "{who}给我发短信，称{pretext}，要我{ask}。",
                "手机收到{who}的一条短信，说{pretext}，需要我{ask}。",
            ],
            "chat": [
                "{who}加了我微信，说{pretext}，让我{ask}。",
                "微信上{who}找我，说{pretext}，要我{ask}。",
                "{who}通过好友申请在微信联系我，称{pretext}，叫我{ask}。",
            ],
            "group": [
                "我被拉进一个QQ群，群里{who}说{pretext}，让我{ask}。",
                "QQ群里{who}私聊我，说{pretext}，要我{ask}。",
                "{who}把我拉进QQ群，称{pretext}，叫我{ask}。",
            ],
        },
        "forward": {
            "call": ["对方电话里原话是：", "来电语音是这么说的：", "电话录音内容："],
            "sms": ["收到这条短信：", "转发一条短信：", "今天的短信内容："],
            "chat": ["微信上收到：", "对方微信发来：", "微信里有人发了这个："],
            "group": ["QQ群里发的通知：", "群公告：", "QQ群里有人发："],
        },
        "message": [
            "【{org}】{pretext}，请{ask}。",
            "{org}提醒您：{pretext}，请尽快{ask}，逾期后果自负。",
            "您好，这里是{org}，{pretext}，需要您{ask}。",
        ],
        "question": ["是真的吗？", "这个靠谱吗？", "我要不要照做？"],
    },
    "tw": {
        "person": "tw",
        "orgs": {
            "platform": ["蝦皮", "momo購物網", "露天拍賣", "PChome"],
            "courier": ["黑貓宅急便", "中華郵政", "新竹物流", "7-11交貨便"],
            "bank": ["國泰世華", "中國信託", "台新銀行", "玉山銀行"],
            "police": ["警察局", "地檢署", "刑事局", "海關"],
            "telecom": ["中華電信", "台灣大哥大", "遠傳電信", "亞太電信"],
            "government": ["健保署", "國稅局", "勞保局", "戶政事務所"],
        },
        "who": {
            "platform": ["自稱{org}客服的人", "一個說是{org}售後人員的人", "號稱{org}平台專員的人"],
            "courier": ["自稱{org}司機的人", "一個說是{org}客服的人", "號稱{org}理賠專員的人"],
            "bank": ["自稱{org}行員的人", "一個說是{org}風控部門的人", "號稱{org}理專的人"],
            "police": ["自稱{org}警員的人", "一個說是{org}檢察官的人", "號稱{org}偵查隊的人"],
            "telecom": ["自稱{org}客服的人", "一個說是{org}門市人員的人", "號稱{org}帳務專員的人"],
            "government": ["自稱{org}人員的人", "一個說是{org}承辦人的人", "號稱{org}專員的人"],
        },
        "pretexts": {
            "platform": ["{you}的訂單被誤設成批發商", "{you}的帳號被重複扣款", "{you}買的商品有瑕疵要退款"],
            "courier": ["{you}的包裹地址錯誤無法配送", "{you}的貨件遺失要理賠", "{you}的包裹被海關扣留"],
            "bank": ["{you}的信用卡被盜刷", "{you}的帳戶有異常交易被凍結", "有人冒用{you}的名義申辦貸款"],
            "police": ["{you}的帳戶涉及洗錢案", "{you}的證件被拿去當人頭帳戶", "{you}涉嫌詐欺案要被拘提"],
            "telecom": ["{you}的門號即將被停話", "{you}的門號被拿去發詐騙簡訊", "{you}的電信費溢收要退費"],
            "government": ["{you}的健保卡被盜用", "{you}有一筆退稅可以領", "{you}的勞保資料有問題"],
        },
        "asks": {
            "transfer": ["把存款轉到監管帳戶", "去ATM把錢匯入安全帳戶", "把帳戶餘額轉到指定的驗證帳戶"],
            "code": ["把手機收到的簡訊驗證碼唸給{him}", "告訴{him}OTP密碼", "把剛收到的認證碼回傳給{him}"],
            "screen": ["下載AnyDesk讓{him}遠端操作", "加入視訊會議分享螢幕畫面", "安裝一個遠端協助軟體讓{him}幫忙處理"],
            "card_link": [
                "點簡訊裡的連結輸入信用卡卡號和安全碼",
                "點網址填寫提款卡帳號密碼",
                "在連結頁面輸入卡號、有效期限跟背面三碼",
            ],
            "gift": [
                "去超商買遊戲點數把序號拍給{him}",
                "到便利商店買GASH點數卡回傳序號",
                "買Apple禮品卡把代碼傳給{him}",
            ],
            "fee": ["先繳一筆手續費才能退款", "先匯保證金才能撥款", "先付清關費到指定帳戶包裹才能放行"],
            "cancel": [
                "解除分期付款，不然每個月都會扣款，要去ATM照{him}說的操作",
                "取消高級會員，不然每月自動扣款，要用網路銀行按步驟解除",
                "取消自動續訂，否則每月扣費，要照{him}的指示在網銀操作",
            ],
        },
        "frames": {
            "call": [
                "今天有{who}打電話來，說{pretext}，要我{ask}。",
                "剛才接到{who}的來電，說{pretext}，要求我{ask}。",
                "{who}打來說{pretext}，接著叫我{ask}。",
            ],
            "sms": [
                "我收到{who}傳來的簡訊，說{pretext}，要我{ask}。",
                "{who}傳簡訊給我，說{pretext}，要我{ask}。",
                "手機收到{who}的簡訊，說{pretext}，需要我{ask}。",
            ],
            "chat": [
                "{who}加我LINE，說{pretext}，要我{ask}。",
                "LINE上{who}傳訊息給我，說{pretext}，要我{ask}。",
                "{who}用LINE聯絡我，說{pretext}，叫我{ask}。",
            ],
            "group": [
                "我被拉進一個LINE群組，群組裡{who}說{pretext}，要我{ask}。",
                "LINE群組裡{who}私訊我，說{pretext}，要我{ask}。",
                "{who}把我加進群組，說{pretext}，叫我{ask}。",
            ],
        },
        "forward": {
            "call": ["對方電話裡是這樣講的：", "語音電話內容：", "來電錄音："],
            "sms": ["收到這封簡訊：", "轉貼一則簡訊：", "今天的簡訊內容："],
            "chat": ["LINE收到：", "對方LINE傳來：", "LINE上有人傳這個："],
            "group": ["LINE群組的公告：", "群組裡的訊息：", "群組有人貼："],
        },
        "message": [
            "【{org}】{pretext}，請{ask}。",
            "{org}通知：{pretext}，請盡快{ask}，逾期將停權。",
            "您好，這裡是{org}，{pretext}，需要您{ask}。",
        ],
        "question": ["這是真的嗎？", "這樣可信嗎？", "我要照做嗎？"],
    },
    "yue": {
        "person": "yue",
        "orgs": {
            "platform": ["HKTVmall", "淘寶", "Carousell", "友和YOHO"],
            "courier": ["順豐", "香港郵政", "嘉里物流", "DHL"],
            "bank": ["匯豐", "中銀香港", "恒生銀行", "渣打"],
            "police": ["警察", "海關", "入境處", "商業罪案調查科"],
            "telecom": ["CSL", "數碼通", "3香港", "中國移動香港"],
            "government": ["稅務局", "衞生署", "入境處", "社署"],
        },
        "who": {
            "platform": ["有個自稱{org}客服嘅人", "一個話係{org}售後嘅人", "一個話自己係{org}職員嘅人"],
            "courier": ["有個自稱{org}速遞員嘅人", "一個話係{org}客服嘅人", "一個話自己係{org}理賠部嘅人"],
            "bank": ["有個自稱{org}職員嘅人", "一個話係{org}風險部嘅人", "一個話自己係{org}客戶經理嘅人"],
            "police": ["有個自稱{org}探員嘅人", "一個話係{org}督察嘅人", "一個話自己係{org}調查員嘅人"],
            "telecom": ["有個自稱{org}客服嘅人", "一個話係{org}技術部嘅人", "一個話自己係{org}賬單部嘅人"],
            "government": ["有個自稱{org}職員嘅人", "一個話係{org}嘅人", "一個話自己係{org}主任嘅人"],
        },
        "pretexts": {
            "platform": ["{you}張單重複扣咗款", "{you}買嘅嘢有問題要賠錢", "{you}個戶口俾人設定咗做批發商"],
            "courier": ["{you}個包裹地址唔啱派唔到", "{you}件貨喺運送途中唔見咗要賠償", "{you}個包裹俾海關扣咗"],
            "bank": ["{you}張信用卡俾人盜用", "{you}個戶口有可疑交易已經凍結", "有人用{you}個名申請貸款"],
            "police": ["{you}個戶口涉及洗黑錢", "{you}身份證俾人用嚟寄毒品", "{you}涉及一單詐騙案要拉人"],
            "telecom": ["{you}個號碼就快停用", "{you}個電話號碼俾人用嚟發詐騙短訊", "{you}月費收多咗要退錢"],
            "government": ["{you}有筆退稅未攞", "{you}個醫療紀錄有問題", "{you}身份證資料有異常"],
        },
        "asks": {
            "transfer": ["將啲錢轉去一個安全戶口", "過數去{they}指定嘅戶口核實", "將戶口啲錢轉晒去監管戶口"],
            "code": ["講個驗證碼俾{him}聽", "將手機收到嘅驗證碼講俾{him}", "覆返個短訊驗證碼俾{him}"],
            "screen": ["裝個視像會議App開螢幕分享", "下載個遙距控制軟件俾{him}操作", "落載AnyDesk俾{him}遙距幫手"],
            "card_link": [
                "撳條link入信用卡號碼同埋CVV",
                "喺{him}send嘅連結度輸入張卡嘅資料同密碼",
                "入條link登記提款卡號碼同密碼",
            ],
            "gift": [
                "去便利店買遊戲點數卡影低卡號send俾{him}",
                "買App Store禮品卡將啲號碼WhatsApp俾{him}",
                "喺支付寶HK出個付款碼截圖俾{him}",
            ],
            "fee": ["先俾一筆手續費先可以退款", "先交保證金先批到筆貸款", "先過數交清關費包裹先放行"],
            "cancel": [
                "取消個會員，唔係每個月都扣錢，要跟{him}指示喺網上銀行操作",
                "取消分期付款，唔係每月扣數，要去櫃員機跟{him}講嘅做",
                "取消自動續期，唔係每個月收費，要照{him}講喺App度轉數",
            ],
        },
        "frames": {
            "call": [
                "今日{who}打嚟，話{pretext}，叫我{ask}。",
                "頭先{who}打電話俾我，話{pretext}，要我{ask}。",
                "{who}打嚟話{pretext}，跟住叫我{ask}。",
            ],
            "sms": [
                "我收到{who}send嚟嘅短訊，話{pretext}，叫我{ask}。",
                "{who}send短訊俾我，話{pretext}，要我{ask}。",
                "手機收到{who}嘅短訊，話{pretext}，要我{ask}。",
            ],
            "chat": [
                "{who}WhatsApp我，話{pretext}，叫我{ask}。",
                "WhatsApp度{who}搵我，話{pretext}，要我{ask}。",
                "{who}加咗我WhatsApp，話{pretext}，跟住叫我{ask}。",
            ],
            "group": [
                "我俾人拉咗入個WhatsApp群組，入面{who}話{pretext}，叫我{ask}。",
                "群組入面{who}私訊我，話{pretext}，要我{ask}。",
                "{who}拉我入Telegram群組，話{pretext}，叫我{ask}。",
            ],
        },
        "forward": {
            "call": ["對方電話入面係咁講：", "錄音電話話：", "個電話錄音係："],
            "sms": ["收到呢個短訊：", "轉發個短訊：", "今日個短訊寫住："],
            "chat": ["WhatsApp收到：", "有人WhatsApp send呢個嚟：", "WhatsApp有人傳呢段："],
            "group": ["WhatsApp群組嘅公告：", "群組入面嘅訊息：", "Telegram群組有人貼："],
        },
        "message": [
            "【{org}】{pretext}，請{ask}。",
            "{org}通知：{pretext}，請盡快{ask}，否則後果自負。",
            "你好，呢度係{org}，{pretext}，需要你{ask}。",
        ],
        "question": ["係咪真㗎？", "呢個信唔信得過？", "我應唔應該照做？"],
    },
}

# The genuine twins: the real company asking for what it really asks, in its own app, site or counter
# that the person opened or went to themselves (or a notice that asks for nothing).
TWINS: dict[str, dict[str, list[str]]] = {
    "en": {
        "courier": [
            "{org} texted that import duty was due on my parcel, so I opened the {org} app myself, found it by the tracking number and paid the duty there.",
            "A card from {org} said there was a customs charge; I went to the {org} website myself, typed in the tracking number and paid.",
        ],
        "bank": [
            "{org} sent a notification asking me to confirm a payment in the {org} app; I opened the app myself and confirmed it was me.",
            "My {org} app asked me to approve a new device login; it was me, so I approved it in the app.",
        ],
        "platform": [
            "I asked for a refund in the {org} app myself and it says the money will go back to my card in five days.",
            "I opened the {org} app myself, found the order and cancelled it; the refund went to my original payment method.",
        ],
        "telecom": ["{org} texted that my bill was ready; I logged in to the {org} app myself and paid it there."],
        "government": [
            "{org} wrote that I had a tax refund; I logged in to the official website myself, not through any link, and it was there."
        ],
    },
    "en_asia": {
        "courier": [
            "{org} SMS say customs duty need to pay, so I open the {org} app myself, key in tracking number and pay inside the app.",
            "Got notice from {org} about duty for my parcel, I went to the {org} counter myself and paid there.",
        ],
        "bank": [
            "{org} app asked me to confirm one transaction, I opened the app myself and approved it because it was my own purchase.",
            "I got an in-app notification from {org} to approve my own online payment, so I approved it in the app.",
        ],
        "platform": ["I requested return in {org} app myself and refund will come back to my original payment method."],
        "telecom": ["{org} bill reminder came, I paid inside the official {org} app myself."],
        "government": [
            "{org} sent a notice about my refund; I logged in to the official portal myself and checked it."
        ],
    },
    "zh": {
        "courier": [
            "{org}通知我包裹要交关税，我自己打开{org}官方App，用单号查到税单后在App里付了。",
            "收到{org}的取件通知，我自己去网点取了包裹，没有人让我付额外的钱。",
        ],
        "bank": [
            "{org}App提示我确认一笔交易，我自己打开App核对是我本人消费，就在App里确认了。",
            "我在{org}App里办理转账时，App让我输入自己手机收到的验证码完成交易。",
        ],
        "platform": ["我自己在{org}App里申请了退款，钱会原路退回到我的支付账户。"],
        "telecom": ["{org}发短信提醒我话费账单出了，我自己打开{org}官方App交了话费。"],
        "government": ["{org}通知我可以办理退税，我自己登录官方App办理，没有点任何短信链接。"],
    },
    "tw": {
        "courier": [
            "{org}通知我包裹要繳關稅，我自己打開{org}官方App用單號查到稅單，在App裡繳了。",
            "{org}傳簡訊說包裹到了，我自己去門市取貨，沒有要我付其他費用。",
        ],
        "bank": ["{org}的App跳出通知要我確認一筆交易，我自己打開App核對是我本人刷的，就在App裡確認了。"],
        "platform": ["我自己在{org}的App申請退貨，款項會退回原本的信用卡。"],
        "telecom": ["{org}傳簡訊提醒帳單已出，我自己開{org}官方App繳了電信費。"],
        "government": ["{org}通知有退稅，我自己登入官方網站確認，沒有點簡訊裡的連結。"],
    },
    "yue": {
        "courier": [
            "{org}通知話個包裹要俾關稅，我自己開{org}官方App入單號睇到稅單，喺App度俾咗錢。",
            "{org}send短訊話個包裹到咗，我自己去門市攞，冇叫我俾其他錢。",
        ],
        "bank": ["{org}個App彈通知叫我確認一單交易，我自己開App睇過係我自己簽嘅，就喺App度確認咗。"],
        "platform": ["我自己喺{org}個App申請退款，啲錢會退返去原本張卡。"],
        "telecom": ["{org}send短訊提我交月費，我自己開{org}官方App交咗。"],
        "government": ["{org}寄信話我有退稅，我自己登入官方網站睇返，冇撳任何短訊連結。"],
    },
}


@dataclass(frozen=True)
class Case:
    text: str
    lang: str
    role: str
    ask: str
    channel: str
    style: str
    held: bool


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _sentence(lang: str, role: str, ask: str, channel: str, style: str, pick: list[int], org: str) -> str:
    v = LANGS[lang]
    told = PERSON[v["person"]]["told"]
    msg = PERSON[v["person"]]["msg"]
    who_i, pre_i, ask_i, frame_i, q_i = pick
    if style == "forwarded":
        pretext = v["pretexts"][role][pre_i].format(**msg)
        demand = v["asks"][ask][ask_i].format(**msg)
        body = v["message"][frame_i].format(org=org, pretext=pretext, pretext_cap=_cap(pretext), ask=demand)
        return v["forward"][channel][frame_i] + body
    who = v["who"][role][who_i].format(org=org)
    pretext = v["pretexts"][role][pre_i].format(**told)
    demand = v["asks"][ask][ask_i].format(**told)
    text = v["frames"][channel][frame_i].format(who=who, pretext=pretext, ask=demand)
    text = _cap(text)
    if style == "question":
        text += v["question"][q_i]
    return text


def scam_cases() -> list[Case]:
    """Every cell of the matrix twice: once from the tuned wordings, once from the held-out ones."""
    out = []
    for lang, v in LANGS.items():
        for k, (role, ask, channel, style) in enumerate(itertools.product(ROLES, ASKS, CHANNELS, STYLES)):
            orgs = v["orgs"][role]
            org = orgs[k % len(orgs)]
            # tuned: the first two wordings of each family, rotated so that every pair meets
            pick = [k % 2, (k // 2) % 2, (k // 3) % 2, (k // 5) % 2, (k // 7) % 2]
            out.append(
                Case(_sentence(lang, role, ask, channel, style, pick, org), lang, role, ask, channel, style, False)
            )
            out.append(
                Case(_sentence(lang, role, ask, channel, style, [HELD] * 5, org), lang, role, ask, channel, style, True)
            )
    return out


def twin_cases() -> list[tuple[str, str, str]]:
    """(text, lang, role) for every genuine twin and every organisation of its role."""
    return [
        (t.format(org=org), lang, role)
        for lang, roles in TWINS.items()
        for role, texts in roles.items()
        for t in texts
        for org in LANGS[lang]["orgs"][role]
    ]


def figures(analyzer, held: bool | None = None) -> dict:
    """The share of matrix accounts called `scam` (and flagged at all), per language; twins called scam."""
    rows: dict[str, list[int]] = {}
    misses: list[tuple[str, str, Case]] = []
    for c in scam_cases():
        if held is not None and c.held != held:
            continue
        v = analyzer.analyze(c.text).verdict
        r = rows.setdefault(c.lang, [0, 0, 0])
        r[0] += 1
        r[1] += v == "scam"
        r[2] += v in ("scam", "suspicious")
        if v != "scam":
            misses.append((v, c.text, c))
    twins = [(analyzer.analyze(t).verdict, t) for t, _, _ in twin_cases()]
    return {"rows": rows, "misses": misses, "twins": twins}


if __name__ == "__main__":  # pragma: no cover - a measuring aid
    import sys
    from collections import Counter

    from knowledge.loader import load_knowledge
    from nlu.analyzer import Analyzer

    part = {"held": True, "tuned": False, "all": None}[sys.argv[1] if len(sys.argv) > 1 else "all"]
    an = Analyzer(load_knowledge())
    f = figures(an, part)
    for lang, (n, scam, flagged) in f["rows"].items():
        print(f"{lang:8} n={n:4}  scam {scam / n:6.1%}  flagged {flagged / n:6.1%}")
    tot = [sum(r[i] for r in f["rows"].values()) for i in range(3)]
    print(f"{'all':8} n={tot[0]:4}  scam {tot[1] / tot[0]:6.1%}  flagged {tot[2] / tot[0]:6.1%}")
    by = Counter((c.lang, c.ask) for _, _, c in f["misses"])
    print("misses by lang x ask:", sorted(by.items(), key=lambda x: -x[1])[:30])
    by = Counter((c.lang, c.role) for _, _, c in f["misses"])
    print("misses by lang x role:", sorted(by.items(), key=lambda x: -x[1])[:30])
    by = Counter((c.lang, c.style) for _, _, c in f["misses"])
    print("misses by lang x style:", sorted(by.items(), key=lambda x: -x[1])[:30])
    tv = Counter(v for v, _ in f["twins"])
    print("twins:", dict(tv), "of", len(f["twins"]))
    if "-v" in sys.argv:
        for v, t, c in f["misses"]:
            print(v, c.lang, c.role, c.ask, c.style, "|", t)
        for v, t in f["twins"]:
            if v not in ("matches_genuine", "no_scam_signs"):
                print("TWIN", v, "|", t)
