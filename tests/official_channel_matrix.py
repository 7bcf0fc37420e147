"""Genuine contacts seen, checked or settled through the organisation's own channel, and their scam twins.

A third generated matrix beside `genuine_contact_matrix.py` and `started_contact_matrix.py`, built around *which
channel the matter reached the person through and where the ask points*: a notice seen inside the official app
(a refund processed, a tax refund, a duty shown on the order page), a customer-service chat the person opened
inside the app, a notice checked in the official app or site where the same amount was found, a contact that
only points to the organisation's own counter (go to your branch, pay and collect at the post office), a fee paid
in the carrier's own app, a transfer of the person's own to family in their bank app, a sign-in code nobody asked
about. Each family's `scam` frames keep the vocabulary and change only the ask: a link off the official domain, a
code read out, a transfer to an account someone named, screen sharing, a loan, a chat app.

Slots and the held-out third work as in `started_contact_matrix.py` (every third frame of each side, index 2, 5,
…, written with the others and never run while the rules were tuned). Every sentence is written for this file;
none comes from a development or test set.
"""

from __future__ import annotations

import itertools

from started_contact_matrix import SIDES, held_out

# -- 1. a notice seen inside the official app: nothing came from outside it ----------------------------------
INAPP_EN = {
    "lang": "en",
    "brand": [("Lazada", "lazada.com"), ("Shopee", "shopee.sg"), ("Amazon", "amazon.com")],
    "genuine": [
        "The {name} app shows a refund of 42.50 for the headphones I sent back. Nobody rang or texted me about it.",
        "Opened the {name} app this morning and it says my return was approved and the money goes back to my card.",
        "{name} app notification: the refund for my cancelled order has been processed. Is that the normal way?",
        "My {name} app showed a banner that a duty of 12.80 is due on my order from Japan, with a pay button in the order.",
        "In the {name} app it says the parcel was lost in transit and a full refund is on its way to my wallet.",
        "The {name} app displayed a notice that my cancelled order was refunded to the original payment method.",
    ],
    "scam": [
        "A text said the {name} app shows a refund for me and to claim it at {stem}-refunds.com with my card details.",
        "Someone rang saying the {name} app shows a refund stuck on my account and asked me for the code they texted me.",
        "The {name} app notification said my refund failed, then a man called and told me to install AnyDesk so he could fix it.",
        "A caller said the {name} app shows I was refunded twice and I must transfer the extra back to his account.",
        "Got a message that the {name} app has a duty to pay on my parcel, pay at {stem}-customs-pay.com within 24 hours.",
        "In a chat the agent said the {name} app shows a refund error and asked me to share my screen on a meeting app.",
    ],
}
INAPP_ZH = {
    "lang": "zh",
    "org": ["淘宝", "京东", "拼多多"],
    "genuine": [
        "{org}App提示我有一笔退款38元已经原路退回，是我上周自己申请的退货，没有人联系过我。",
        "{org}的订单页面显示这件海外商品要补缴进口税费23元，订单里有缴税按钮，正常吗？",
        "个人所得税App提示我有退税156元，是我自己在App里办的年度汇算，{org}买东西的发票也在里面。",
        "我打开{org}App，订单详情显示包裹丢件，平台已经给我退款到原支付账户。",
        "{org}App通知我退货申请已通过，退款会在24小时内回到支付宝。",
        "{org}App里写着我的售后单已完成，退款到了余额，我没接到任何电话。",
    ],
    "scam": [
        "有人打电话说{org}App提示我有一笔退款，要我把手机收到的验证码报给他才能到账。",
        "收到短信说{org}App显示我的退款异常，让我点{org}-tuikuan.cn登记银行卡和密码。",
        "自称{org}客服的人说App里显示我开通了会员要扣费，让我下载会议软件共享屏幕取消。",
        "对方说{org}的订单页面显示我的包裹丢了，赔偿要先在借呗上借款再转给他验证。",
        "客服说{org}App提示我退款失败，让我加他微信扫码重新领取。",
        "有人说{org}App里显示我重复付款，让我把多付的钱转到他给的安全账户。",
    ],
}
INAPP_HANT = {
    "lang": "zh-Hant",
    "org": ["蝦皮", "momo", "博客來"],
    "genuine": [
        "{org}App顯示我退貨的款項已經退回信用卡，是我自己申請的，沒有人打電話給我。",
        "打開{org}App，訂單頁面顯示包裹遺失，平台已經把錢退回原付款方式。",
        "{org}App通知我退貨申請已通過，退款會在三天內回到帳戶。",
        "{org}的訂單詳情顯示要補繳進口稅款，訂單裡就有繳費按鈕，這樣對嗎？",
        "財政部的報稅App提示我有退稅，是我自己在App裡申報的，{org}的發票也在裡面。",
        "{org}App裡寫著我的售後單已完成，錢退到錢包了。",
    ],
    "scam": [
        "有人打電話說{org}App顯示我的訂單設成分期付款，要我去ATM操作解除。",
        "收到簡訊說{org}App顯示退款失敗，要我點{org}-refund.tw輸入信用卡和驗證碼。",
        "自稱{org}客服的人說App裡顯示我誤設成批發商，要我把錢匯到他給的帳戶解除。",
        "對方說{org}App提示我重複扣款，叫我加LINE再把簡訊驗證碼唸給他。",
        "客服說{org}的訂單頁面顯示我升級了會員，要我開視訊分享螢幕才能取消。",
        "有人說{org}App通知我有退款，要我先去網路銀行把錢轉到監管帳戶。",
    ],
}
INAPP_YUE = {
    "lang": "yue",
    "org": ["HKTVmall", "淘寶", "Shopee"],
    "genuine": [
        "{org} App顯示我退貨嘅錢已經退返張信用卡，係我自己申請嘅，冇人打俾我。",
        "我打開{org} App，訂單頁面顯示包裹遺失咗，平台已經退款返原本付款方式。",
        "{org} App通知我退貨申請批咗，退款三日內返到戶口。",
        "{org} App入面寫住我張售後單完成咗，啲錢退返去錢包。",
        "{org} App提示我有一筆退款，係我上個禮拜自己申請嘅退貨。",
        "{org}嘅訂單詳情顯示要補交進口稅，訂單入面有繳費掣，咁樣啱唔啱？",
    ],
    "scam": [
        "有人打嚟話{org} App顯示我有筆退款，叫我讀個驗證碼俾佢先可以入數。",
        "收到短訊話{org} App顯示退款失敗，叫我撳{org}-refund.hk入信用卡資料。",
        "自稱{org}客服話App入面顯示我開咗會員要扣錢，叫我裝個會議App分享螢幕取消。",
        "對方話{org} App提示我重複付款，叫我轉數快將多咗嘅錢轉去佢戶口。",
        "客服話{org}嘅訂單頁面顯示包裹遺失，叫我加佢WhatsApp再掃碼領賠償。",
        "有人話{org} App通知我有退款，要我喺借貸App借錢先可以解凍。",
    ],
}

# -- 2. a customer-service chat the person opened inside the official app ----------------------------------
APPCS_ZH = {
    "lang": "zh",
    "org": ["淘宝", "京东", "美团"],
    "genuine": [
        "我在{org}App里联系了在线客服，说包裹丢了，客服回复会原路退款，不用我做别的。",
        "我自己在{org}App里找客服投诉商品有质量问题，客服说已经帮我安排退货。",
        "我在{org}的App里咨询客服为什么没发货，客服说今天补发，没提任何费用。",
        "我通过{org}App发起了客服对话，客服答复退款三天内到账。",
        "我在{org}App上留言给客服说少发了一件，客服回复会补发。",
        "我用{org}App问了客服，客服说退款已经退回到我的支付宝。",
    ],
    "scam": [
        "我在{org}App里联系了客服，之后有人打电话说是客服，让我加他微信领取三倍赔偿。",
        "{org}客服打电话说包裹丢了要理赔，让我下载会议App共享屏幕操作。",
        "自称{org}客服的人说要退款，让我把收到的验证码告诉他。",
        "{org}客服来电说我开通了百万保障要扣费，让我在借呗借款转到他指定的账户关闭。",
        "有人说是{org}客服，说退款失败，让我扫他发的二维码重新申请。",
        "{org}客服打来说订单异常被冻结，让我把钱转到安全账户解冻。",
    ],
}
APPCS_YUE = {
    "lang": "yue",
    "org": ["淘寶", "Shopee", "HKTVmall"],
    "genuine": [
        "我喺{org} App入面開咗個客服對話，佢話包裹唔見咗會退款返原本戶口，唔使我做嘢。",
        "我自己喺{org} App入面搵客服投訴，之後App回覆話幫我安排咗退貨。",
        "我喺{org} App度問客服點解未出貨，客服話聽日補發，冇提過要俾錢。",
        "我喺{org}嘅App入面留言俾客服話少咗件貨，客服答會補寄。",
        "我用{org} App聯絡客服，客服話退款已經退返支付寶。",
        "我喺{org} App入面同客服傾，佢話件貨有問題可以全數退款。",
    ],
    "scam": [
        "{org}客服打嚟話包裹唔見咗要賠償，叫我加佢WhatsApp再裝會議App分享螢幕。",
        "自稱{org}客服嘅人話要退款，叫我讀個短訊驗證碼俾佢。",
        "{org}客服打嚟話我開咗會員要扣錢，叫我轉數快過數去佢指定戶口取消。",
        "有人話係{org}客服，話退款失敗，叫我掃佢發嘅QR code重新申請。",
        "{org}客服話我個訂單異常凍結咗，叫我將錢轉去安全戶口解凍。",
        "{org}客服話要賠三倍，叫我喺借貸App借錢再轉俾佢核實。",
    ],
}

# -- 3. a notice checked in the official app or site, where the same was found ----------------------------
SAME_ZH = {
    "lang": "zh",
    "org": ["顺丰", "DHL", "中国邮政"],
    "genuine": [
        "{org}寄来进口税单要我交关税86元，我自己上{org}官网输入运单号，也看到同样的税款。",
        "收到{org}短信说包裹要补缴税费，我打开{org}官方App查了运单，里面也显示同样的金额。",
        "{org}通知我包裹清关要交税，我在{org}小程序里也看到了同样的缴费要求。",
        "快递单上写着{org}的关税通知，我上官网查运单号也查到了一样的税额。",
        "{org}发邮件说包裹因关税暂扣，我登录{org}官网自己输入单号，也显示相同的账单。",
        "{org}的税单上写要补税，我在{org}App里也看到同样的数字。",
    ],
    "scam": [
        "{org}短信说包裹要交关税，附的链接是{org}-pay.cn，我打开后要填银行卡和密码。",
        "自称{org}的人打电话说包裹被海关扣了，要我把税费转到他给的个人账户。",
        "{org}快递员说关税要先交，让我加他微信扫码付款。",
        "有人说是{org}的，包裹涉及违禁品，要转接海关，让我把存款转到安全账户。",
        "{org}客服说清关要验证身份，让我把手机收到的验证码报给他。",
        "{org}通知我交关税，客服让我下载会议App共享屏幕一步一步操作。",
    ],
}
SAME_HANT = {
    "lang": "zh-Hant",
    "org": ["DHL", "中華郵政", "FedEx"],
    "genuine": [
        "{org}寄來進口稅單要繳關稅，我自己上{org}官網輸入提單號碼，也看到同樣的稅款。",
        "收到{org}的簡訊說包裹要補稅，我打開{org}官方App查單號，也顯示一樣的金額。",
        "{org}通知我包裹清關要繳稅，我在{org}的App裡也看到同樣的繳費通知。",
        "{org}的稅單上寫要補稅，我上官網查提單號碼也查到了一樣的稅額。",
        "{org}寄信說包裹因稅款暫扣，我登入{org}官網自己輸入單號，也看到相同的帳單。",
        "{org}的通知說要付關稅，我在{org}App裡面也看到同樣的數字。",
    ],
    "scam": [
        "{org}簡訊說包裹要繳關稅，連結是{org}-pay.tw，打開要我輸入信用卡和簡訊驗證碼。",
        "自稱{org}的人打電話說包裹被海關扣住，要我把稅款匯到他給的個人帳戶。",
        "{org}送貨員說關稅要先付，叫我加LINE掃碼付款。",
        "有人說是{org}，包裹裡有違禁品要轉接檢察官，叫我把存款轉到監管帳戶。",
        "{org}客服說清關要驗證身分，叫我把簡訊驗證碼唸給他。",
        "{org}通知我繳關稅，客服要我下載會議App分享螢幕一步一步操作。",
    ],
}
SAME_EN = {
    "lang": "en",
    "brand": [("DHL", "dhl.com"), ("UPS", "ups.com"), ("FedEx", "fedex.com")],
    "genuine": [
        "{name} emailed that my parcel is held for import duty. I logged into my account on {domain} myself and the invoice is there.",
        "Got a {name} duty notice, so I signed in to {domain} directly and the same charge was listed.",
        "A {name} letter says duty is owed. I logged in myself at {domain} and the bill was there, same amount.",
        "{name} says my shipment is on hold for customs duty. I logged into {domain} separately and it showed the same.",
        "The {name} card asks for the duty. I logged on to {domain} independently and the same invoice was listed.",
        "{name} sent a duty bill for my order; I signed into {domain} myself and the amount was shown the same.",
    ],
    "scam": [
        "{name} texted that my parcel is held for duty and to pay at {stem}-duty-pay.com within 12 hours.",
        "A man from {name} rang about the duty and asked me to pay it to his personal account by bank transfer.",
        "{name} called about customs duty and asked for the code they sent to my phone to release the parcel.",
        "A {name} agent said the duty must be paid in gift cards and asked me to read him the numbers.",
        "{name} phoned saying my parcel held drugs and transferred me to customs police who wanted my savings moved.",
        "Someone from {name} called about the duty and told me to install AnyDesk so he could help me pay.",
    ],
}

# -- 4. the contact only points to the organisation's own counter ------------------------------------------
COUNTER_ZH = {
    "lang": "zh",
    "org": ["建设银行", "工商银行", "中国邮政"],
    "genuine": [
        "{org}打电话说我刚才那笔转账被拦下了，问我认不认识收款人，让我去网点核实，没要验证码。",
        "{org}来电说我的卡有一笔异常交易，建议我本人带身份证去网点办理，别的什么都没要。",
        "{org}的通知卡叫我去邮局付钱取件，包裹是国外寄来的要补邮费。",
        "{org}打来说我的账户信息要更新，请我带身份证去柜台办理，没提转账。",
        "{org}短信提醒我到网点确认一笔大额汇款，短信里没有链接。",
        "{org}工作人员通知我去营业厅领取补办的卡。",
    ],
    "scam": [
        "{org}打电话说我的卡涉嫌洗钱，让我去ATM把钱转到安全账户。",
        "自称{org}的人让我去网点，在ATM上按他说的操作解除分期，再转到他给的账户。",
        "{org}客服说我的账户异常，让我把验证码报给他，再去柜台取现交给他派来的人。",
        "{org}来电说要我去网点，不过先下载一个会议App共享屏幕让他指导。",
        "自称{org}的人说包裹欠邮费，让我加他微信扫码付款，不用去邮局。",
        "{org}说我有一笔贷款要注销，让我在借呗借钱转到他指定账户。",
    ],
}
COUNTER_YUE = {
    "lang": "yue",
    "org": ["香港郵政", "中銀香港", "匯豐"],
    "genuine": [
        "{org}張通知卡叫我去郵局俾錢攞件，話個包裹要補郵費。",
        "{org}打嚟話我啱啱過嘅數有可疑，叫我去分行核實，冇問過密碼。",
        "{org}寄信話我個戶口資料要更新，叫我帶身份證去分行辦理。",
        "{org}通知我去郵局攞件，要補十幾蚊郵費，喺櫃位俾就得。",
        "{org}打嚟提我有筆交易好可疑，建議我本人去分行處理。",
        "{org}職員打嚟叫我去分行拎新卡。",
    ],
    "scam": [
        "{org}打嚟話我個包裹要補郵費，叫我撳條link入信用卡資料。",
        "自稱{org}嘅人話我戶口涉及洗黑錢，叫我轉數快過數去安全戶口。",
        "{org}職員話要核實身份，叫我讀個短訊驗證碼俾佢。",
        "{org}打嚟話我張卡有問題，叫我裝個App俾佢遙距幫我處理。",
        "自稱{org}嘅人話包裹有違禁品，轉咗去內地公安，要我將錢轉去監管戶口。",
        "{org}打嚟叫我加佢WhatsApp，再用FPS俾錢取消交易。",
    ],
}
COUNTER_EN = {
    "lang": "en",
    "org": ["Barclays", "Royal Mail", "my bank"],
    "genuine": [
        "{org} rang about a payment that looked odd and asked me to pop into my local branch with ID. No codes asked.",
        "A card from {org} told me to go to the sorting office to collect the parcel and pay the 2.10 there.",
        "{org} wrote that my details need updating and asked me to come into the branch with my passport.",
        "Someone from {org} called, said my transfer was held, and advised me to go to my branch to confirm it.",
        "{org} asked me to drop into the post office counter to pick up the item and pay the surcharge.",
        "{org} texted asking me to visit the nearest branch about my card, no link in the text.",
    ],
    "scam": [
        "{org} rang saying my account is compromised and told me to move my savings to a safe account today.",
        "A man from {org} said my card was cloned and a courier would collect it, and asked for my PIN.",
        "{org} called about a held payment and asked me to read out the code they just sent.",
        "{org} texted that a parcel fee is due, pay at {stem}-redelivery.com before it is returned.",
        "{org} rang and told me to install an app so they could secure my account remotely.",
        "{org} called about fraud on my card and asked me to buy gift cards to protect the money.",
    ],
}

# -- 5. a fee paid in the carrier's own app ------------------------------------------------------------------
PAIDAPP_EN = {
    "lang": "en",
    "brand": [("SingPost", "singpost.com"), ("Royal Mail", "royalmail.com"), ("Canada Post", "canadapost.ca")],
    "genuine": [
        "Got a {name} notice for GST on my parcel and paid it in the {name} app with the tracking number.",
        "There was a duty on my order, so I paid the fee in the {name} app. Just checking that is right.",
        "{name} left a card about a customs charge; I paid the charge through the {name} app this morning.",
        "A {name} notice asked for 3.20 duty and I paid it inside the {name} app using my reference.",
        "I paid the duty via the {name} app after the notice came, the amount matched the card.",
        "Customs fee on my package: paid the bill using the {name} app, no one phoned me.",
    ],
    "scam": [
        "A {name} text said my parcel is held for a fee, and I paid it at {stem}-fees.com from the link.",
        "{name} texted that a redelivery charge is due, pay at {stem}-redeliver.net or it goes back.",
        "Someone from {name} called about the duty and asked me to pay it to his own account by transfer.",
        "{name} rang about a customs fee and asked me for the one-time code they had just sent me.",
        "A {name} message asked me to pay the fee in gift cards and send photos of them.",
        "{name} called and told me to download AnyDesk so they could pay the duty for me.",
    ],
}

# -- 6. a transfer of the person's own to family, in their bank app ------------------------------------------
OWNPAY_ZH = {
    "lang": "zh",
    "who": ["我妈", "房东", "我女儿"],
    "genuine": [
        "我在银行App上转账给{who}，收到验证码短信，我自己输进去了，没问题吧？",
        "我每个月用手机银行转给{who}生活费，今天多了一条验证码短信。",
        "我刚才在支付宝上转账给{who}，弹出要验证身份，我自己刷了脸。",
        "我用网银转给{who}三千块，系统提示要输入短信验证码。",
        "我今天在手机银行App上转了两千给{who}，收到一条动账短信。",
        "我昨天用微信转给{who}一笔钱，第一次转要输入验证码。",
    ],
    "scam": [
        "客服让我在手机银行上把钱转到安全账户，说是为了保护资金，还要我把验证码报给他。",
        "自称银行的人说我的卡被冻结，让我在网银上转账给他指定的账户解冻。",
        "对方说{who}出事了急需用钱，让我马上转到他给的陌生账户。",
        "自称公安的人让我用手机银行把存款转到国家监管账户。",
        "客服说我退款多了，让我在支付宝上转给他多出的部分，还要验证码确认。",
        "有人说是{who}换了新号，让我转账到一个新账户，说旧卡冻结了。",
    ],
}

# -- 7. a sign-in code nobody asked about, and a "security team" that asks for it ----------------------------
MSCODE_EN = {
    "lang": "en",
    "org": ["Microsoft", "Apple", "Windows"],
    "genuine": [
        'Got a text "Your {org} security code is 730264" but I did not request it. Nobody called me. Should I worry?',
        "An email with a {org} security code arrived that I never asked for; no one contacted me about it.",
        "My phone got a {org} security code out of the blue. Nobody phoned or messaged me after it.",
        'A "{org} account security code" text came in while I was asleep, I had not tried to sign in.',
        "Received a {org} security code I did not ask for, and nothing else happened.",
        "A {org} security code text popped up though I was not logging in; no call, no message since.",
    ],
    "scam": [
        "The {org} security team called and said my computer was hacked, then asked me to install AnyDesk.",
        "A man from {org} security department rang and asked me to read out the code they had just sent.",
        "A {org} security alert popped up with a number to call, and the technician wanted remote access.",
        "Someone from the {org} security desk phoned saying my laptop is infected and asked for gift cards to fix it.",
        "A {org} security specialist called about viruses and told me to share my screen so he could clean it.",
        "The {org} security centre rang saying my account was compromised, and wanted my bank card details.",
    ],
}

# -- 8. the anti-fraud authority's own app, installed at a visit, school or workplace -----------------------
ANTIFRAUD_ZH = {
    "lang": "zh",
    "who": ["社区民警", "派出所的警察", "银行大堂经理"],
    "genuine": [
        "{who}上门宣传防诈骗，帮我爸装了国家反诈中心App，什么钱都没提。",
        "今天{who}来家里，说我们小区有人被骗，让我们安装国家反诈中心App，给看了证件就走了。",
        "{who}提醒我手机号接过诈骗电话，帮我注册了国家反诈中心，别的什么都没要。",
        "公司让每个员工都下载国家反诈中心App，{who}还来开了讲座。",
        "{who}在现场教老人下载安装国家反诈中心App，没收任何费用。",
        "学校通知所有学生装上国家反诈中心App，{who}来班上讲了怎么用。",
    ],
    "scam": [
        "自称{who}的人打电话让我点他发的链接下载国家反诈中心App，然后登记银行卡。",
        "{who}打电话说我涉嫌洗钱，让我下载国家反诈中心App后再把验证码报给他。",
        "自称{who}的人让我扫他发的二维码装一个反诈App，结果要我开屏幕共享。",
        "{who}来电说要保护我的资金，让我把存款转到安全账户，再下载国家反诈中心App。",
        "有人冒充{who}，发来一个安装包说是国家反诈中心App，让我装好后输入银行密码。",
        "自称{who}的人说要检查我的手机，让我下载会议App共享屏幕。",
    ],
}
ANTIFRAUD_YUE = {
    "lang": "yue",
    "who": ["警察", "社區警民關係組嘅警員", "銀行職員"],
    "genuine": [
        "{who}嚟屋企宣傳防騙，幫我阿媽裝咗防騙視伏App，冇提過錢。",
        "今日{who}喺街站教我哋下載防騙視伏App，冇問我要任何資料。",
        "{who}話最近好多騙案，叫我裝Scameter，之後就走咗。",
        "公司要每個同事都裝防騙視伏App，{who}仲嚟講咗個講座。",
        "{who}喺商場幫長者裝防騙視伏App，唔使俾錢。",
        "學校通知全部學生裝防騙視伏App，{who}嚟班房講點用。",
    ],
    "scam": [
        "自稱{who}嘅人打嚟叫我撳佢發嘅link裝防騙App，再入網上理財密碼。",
        "{who}打嚟話我涉及洗黑錢，叫我裝防騙視伏App之後讀個驗證碼俾佢。",
        "自稱{who}嘅人叫我掃佢發嘅QR code裝個防騙App，之後要我分享螢幕。",
        "{who}打嚟話要保護我啲錢，叫我轉數快過數去安全戶口。",
        "有人扮{who}，發個安裝檔話係防騙App，叫我裝完入銀行密碼。",
        "自稱{who}嘅人話要檢查我部電話，叫我裝會議App分享螢幕。",
    ],
}
ANTIFRAUD_EN = {
    "lang": "en",
    "who": ["a police officer", "the community police team", "my bank's branch staff"],
    "genuine": [
        "At the roadshow {who} helped my dad install ScamShield and did not ask for anything else.",
        "{who} visited our block and showed residents how to download ScamShield, no money mentioned.",
        "My office asked everyone to install ScamShield and {who} gave a talk about it.",
        "{who} came round about a scam call my mum had and set up ScamShield on her phone.",
        "The school told parents to install ScamShield; {who} explained how it blocks calls.",
        "{who} at the community centre helped elderly residents install ScamShield for free.",
    ],
    "scam": [
        "Someone saying he was {who} sent me a link to install ScamShield and then asked for my bank login.",
        "A caller claiming to be {who} told me to install ScamShield and then read him the code I got.",
        "A man posing as {who} told me to move my savings to a safe account to protect them.",
        "{who} rang saying my number is linked to a crime and told me to install AnyDesk to check my phone.",
        "Someone claiming to be {who} sent an APK file called ScamShield and asked for my card PIN after.",
        "A caller said he was {who} and asked me to share my screen so he could check for scam apps.",
    ],
}

FAMILIES = {
    "inapp_en": INAPP_EN,
    "inapp_zh": INAPP_ZH,
    "inapp_hant": INAPP_HANT,
    "inapp_yue": INAPP_YUE,
    "appcs_zh": APPCS_ZH,
    "appcs_yue": APPCS_YUE,
    "same_zh": SAME_ZH,
    "same_hant": SAME_HANT,
    "same_en": SAME_EN,
    "counter_zh": COUNTER_ZH,
    "counter_yue": COUNTER_YUE,
    "counter_en": COUNTER_EN,
    "paidapp_en": PAIDAPP_EN,
    "ownpay_zh": OWNPAY_ZH,
    "mscode_en": MSCODE_EN,
    "antifraud_zh": ANTIFRAUD_ZH,
    "antifraud_yue": ANTIFRAUD_YUE,
    "antifraud_en": ANTIFRAUD_EN,
}


def _slots(family: dict) -> list[tuple[str, list]]:
    return [(k, v) for k, v in family.items() if k not in (*SIDES, "lang")]


def _fill(frame: str, slots: list[tuple[str, list]], values: tuple) -> str:
    names: dict[str, str] = {}
    for (slot, _), value in zip(slots, values, strict=True):
        if slot == "brand":
            names["name"], names["domain"] = value
            names["stem"] = value[1].split(".")[0]
        else:
            names[slot] = value
            names["stem"] = "".join(ch for ch in str(value).lower() if ch.isascii() and ch.isalnum()) or "secure"
    return frame.format(**names)


def cases(side: str, part: str):
    """(family, lang, text) for one side ("genuine" / "scam") and part ("tuned" / "held_out" / "all")."""
    for name, family in FAMILIES.items():
        slots = _slots(family)
        for index, frame in enumerate(family[side]):
            if part != "all" and held_out(index) != (part == "held_out"):
                continue
            for values in itertools.product(*(v for _, v in slots)):
                yield name, family["lang"], _fill(frame, slots, values)
