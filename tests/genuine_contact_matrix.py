"""Genuine contacts that share a scam's vocabulary, and the scams that borrow their wording: a generated matrix.

Each family is one everyday situation (a courier's duty bill, a bank's fraud alert, a refund, a payment the
person made at their own branch, a tax bill, a delivery text, a renewal reminder) written in one language
variety. Its `genuine` templates tell the real process: the person used a channel they chose (the app or
site they opened, the number on their card, the counter), or the notice asks for nothing outside the real
process. Its `scam` templates borrow the same words and change the structure: the contact came unasked and
asked for a code, a transfer to an account it named, remote access, card details, or sent its own link.

Every third template of each side (index 2, 5, …) is held out: it was never run while the rules were being
tuned, and the tests hold it to a lower line and print its figures. Every sentence part is written for this
file; none comes from a development set.
"""

from __future__ import annotations

import itertools

# -- a courier's duty bill, paid through the courier's own channel ------------------------------------
DUTY_EN = {
    "lang": "en",
    "org": ["DHL", "FedEx", "Royal Mail", "Evri"],
    "genuine": [
        "{org} sent me a message that there was duty to pay on the jacket I ordered from abroad. I opened the {org}"
        " app I already had, found the parcel under my deliveries and paid the charge there.",
        "There were import charges on my parcel, so I typed the tracking number into the {org} website myself and"
        " settled the fee online. It was delivered the next morning.",
        "A card from {org} came through the door saying customs charges were owed. I paid them at the counter when"
        " I picked the parcel up, and got a receipt.",
        "I had a notice about duty on a parcel from the US; rather than use anything in the message, I logged into"
        " my {org} account myself and the same amount was listed there, so I paid it.",
    ],
    "scam": [
        "A man phoned saying he was from {org} and that duty was owed on my parcel; he told me to send the money"
        " to his own bank account so it could be released.",
        "Someone claiming to be {org} rang about customs charges on my parcel and asked me to read out the code my"
        " bank had just texted me.",
        "I got a text from {org} saying import charges were due, with a link to pay-parcel-customs.top; the page"
        " asked for my card number and the code.",
        "A caller from {org} said duty had to be paid today and asked me to buy gift cards and send him the numbers.",
    ],
}
DUTY_ZH = {
    "lang": "zh",
    "org": ["顺丰", "EMS", "DHL"],
    "genuine": [
        "{org}通知我海外买的包裹要交税，我自己打开{org}的官方App，在我的包裹里找到税单，在App里付了税款。",
        "包裹被海关征了进口税，我在{org}官网输入运单号查到了金额，自己在官网缴纳的，第二天就送到了。",
        "快递员说包裹有关税，我去营业点柜台交了钱，拿到收据后取走了包裹。",
        "收到短信说有税要交，我没点短信里的任何东西，自己登录{org}的App看到同样的税单，就在里面付了。",
    ],
    "scam": [
        "有人打电话说是{org}的，说我的包裹要交关税，让我把钱转到他给的个人银行卡上。",
        "自称{org}客服的人打来说包裹被海关扣了要补税，让我把手机收到的验证码念给他。",
        "自称{org}的人说我的包裹要交关税，发了一个链接让我填银行卡号和密码。",
        "对方自称{org}工作人员，说关税要马上交，让我下载一个App共享屏幕由他指导缴费。",
    ],
}
DUTY_HANT = {
    "lang": "zh-Hant",
    "org": ["中華郵政", "DHL", "順豐"],
    "genuine": [
        "{org}通知我國外買的包裹要繳關稅，我自己打開{org}官方App，在裡面查到稅單並付款了。",
        "我到郵局櫃台繳了進口稅，拿了收據就把包裹領回家。",
        "簡訊說包裹有稅要繳，我沒點簡訊的東西，自己上{org}官網輸入單號，金額一樣，就在官網繳了。",
    ],
    "scam": [
        "有人打電話自稱{org}，說包裹要繳關稅，叫我匯款到他給的個人帳戶。",
        "自稱{org}客服的人說包裹被海關扣留，要我把手機收到的認證碼唸給他。",
        "自稱{org}的人說要繳關稅，傳了一個連結叫我輸入信用卡號碼和背面末三碼。",
    ],
}
DUTY_YUE = {
    "lang": "yue",
    "org": ["香港郵政", "順豐", "DHL"],
    "genuine": [
        "{org}通知我個包裹要俾關稅，我自己開{org}官方App，喺入面搵到張稅單俾咗錢。",
        "我去郵局櫃位交咗進口稅，攞咗收據就拎咗個包裹走。",
        "收到短訊話個包裹要交稅，我冇撳入面啲嘢，自己上{org}官網入單號，個數一樣，就喺官網交咗。",
    ],
    "scam": [
        "有人打嚟話係{org}，話我個包裹要交關稅，叫我轉賬去佢俾嘅個人戶口。",
        "自稱{org}客服打嚟話個包裹俾海關扣咗，叫我講個驗證碼俾佢聽。",
        "自稱{org}嘅人話要交關稅，send咗條link叫我入信用卡號碼同CVV。",
    ],
}

# -- a bank's fraud alert: confirm in the app or on the number on the card / a caller borrowing it ------
ALERT_EN = {
    "lang": "en",
    "org": ["Barclays", "Chase", "my bank", "Capital One"],
    "genuine": [
        "{org} texted asking whether a card payment at an online shop was mine and told me to check it in the"
        " banking app. I opened the app, tapped 'not me', and they froze the card.",
        "I got a fraud alert from {org} about a purchase I didn't recognise. It didn't ask for anything except to"
        " confirm the transaction in the app, which I did, and a new card is on its way.",
        "{org} sent a notification that a payment had been declined and asked me to call the number on the back"
        " of my card. I did, answered a few questions, and the card was unblocked.",
        "My card was stopped at the till and {org} sent a message. I phoned the number printed on my card and they"
        " confirmed it had been a fraud check; nothing else was needed.",
    ],
    "scam": [
        "Someone from {org} rang about a purchase I didn't recognise, told me to call the number on my card to"
        " be safe, and when I did he was there again and asked me for the one-time code.",
        "A man said he was from the {org} fraud team, confirmed a suspicious transaction and asked me to read out"
        " the code he had sent to my phone to cancel it.",
        "A caller claiming to be {org} said my account was compromised and I must move my savings to a safe"
        " account he would give me.",
        "I got a call from {org} security about a payment I didn't make; he wanted my card number and the three"
        " digits on the back to block it.",
    ],
}
ALERT_ZH = {
    "lang": "zh",
    "org": ["招商银行", "工商银行", "建设银行"],
    "genuine": [
        "{org}发短信说我的卡有一笔境外消费，请我在手机银行App里确认是否本人交易。我打开App点了不是本人，卡被冻结了。",
        "收到{org}的提醒说有笔异常交易，我自己拨打了卡背面的客服电话，客服核实后帮我挂失补卡。",
        "{org}App推送说有一笔消费被拦截，让我在App里核实，我确认是自己买的，就恢复正常了。",
    ],
    "scam": [
        "自称{org}的人打电话说我的卡被盗刷，让我拨打卡背面的电话，打过去还是他，然后让我说出验证码。",
        "对方说是{org}风控中心的，说有异常交易，要我把收到的验证码报给他才能取消交易。",
        "自称{org}客服的人说我的账户不安全，让我把钱转到他提供的安全账户。",
    ],
}
ALERT_HANT = {
    "lang": "zh-Hant",
    "org": ["玉山銀行", "台新銀行", "國泰世華"],
    "genuine": [
        "{org}傳簡訊說我的卡有一筆異常刷卡，請我在App裡確認是不是本人交易，我在App裡按了非本人，卡就停用了。",
        "收到{org}的通知說有可疑交易，我自己打信用卡背面的客服電話，客服確認後幫我換了新卡。",
        "{org}的App推播說有一筆消費被擋下來，要我在App裡核對，我確認是自己買的就恢復了。",
    ],
    "scam": [
        "自稱{org}的人打來說我的卡被盜刷，叫我打卡片背面的電話，打過去還是他，接著要我唸出認證碼。",
        "對方說是{org}風控部門，說有異常交易，要我把收到的簡訊驗證碼告訴他才能取消。",
        "自稱{org}專員的人說帳戶有風險，叫我去ATM把錢轉到他給的安全帳戶。",
    ],
}
ALERT_YUE = {
    "lang": "yue",
    "org": ["匯豐", "中銀香港", "恒生銀行"],
    "genuine": [
        "{org}send短訊話我張卡有一筆可疑簽賬，叫我喺App度確認係咪本人，我喺App撳咗唔係我，張卡即刻停咗。",
        "收到{org}通知話有可疑交易，我自己打信用卡背面嘅熱線，職員核實咗之後幫我換過張新卡。",
        "{org}App彈咗個通知話有筆簽賬俾佢哋截咗，叫我喺App度核對，我確認係自己買嘢，張卡就用得返。",
    ],
    "scam": [
        "有個自稱{org}嘅人打嚟話我張卡俾人盜用，叫我打卡背面個電話，打過去都係佢，跟住叫我講個驗證碼。",
        "對方話係{org}風險部，話有可疑交易，要我讀個OTP俾佢聽先可以取消。",
        "自稱{org}職員打嚟話我個戶口有危險，叫我將啲錢轉去佢俾嘅安全戶口。",
    ],
}

# -- a refund that arrives through the platform's own order page / one a caller offers ------------------
REFUND_EN = {
    "lang": "en",
    "org": ["Amazon", "eBay", "ASOS", "Shopee"],
    "genuine": [
        "The blender arrived broken, so I opened the order in the {org} app and chose return for refund; a few"
        " days later the money showed up back on the card I had used.",
        "My {org} order was cancelled by the seller and the order page said the refund had been issued. It reached"
        " my account within the week without me doing anything.",
        "I returned the shoes through {org}'s returns page and got an email that the refund had gone back to my"
        " original payment method.",
    ],
    "scam": [
        "A woman from {org} called to say I was owed a refund for a cancelled order and asked me to install"
        " AnyDesk so she could send it to my account.",
        "Someone said he was from {org} refunds and needed me to read out the code that would arrive by text to"
        " release the money.",
        "A caller from {org} said they had refunded too much by mistake and I had to transfer the extra back to"
        " an account he gave me.",
    ],
}
REFUND_ZH = {
    "lang": "zh",
    "org": ["淘宝", "京东", "拼多多"],
    "genuine": [
        "我在{org}订单页面申请了退货退款，商家收货后钱原路退回到我的银行卡，在App里能看到退款详情。",
        "{org}的订单被商家取消了，订单里显示退款成功，钱已经原路退到我的支付宝余额。",
        "衣服不合适，我在{org}App里点了仅退款，第二天退款就到了我的微信零钱。",
    ],
    "scam": [
        "自称{org}客服的人打电话说我买的东西有问题要退款，让我把收到的验证码告诉他。",
        "有人自称{org}售后，说要给我退款，让我下载一个会议软件打开屏幕共享。",
        "自称{org}客服的人说退款多退了，让我把多出的钱转到他给的账户。",
    ],
}
REFUND_HANT = {
    "lang": "zh-Hant",
    "org": ["蝦皮", "momo", "博客來"],
    "genuine": [
        "我在{org}的訂單頁面申請退貨退款，賣家收到貨後錢就原路退回我的信用卡了。",
        "{org}的訂單被取消了，訂單裡寫退款成功，過幾天就退到我的帳戶。",
        "東西壞了，我在{org}App裡申請退款，款項已經退回原本付款的卡。",
    ],
    "scam": [
        "自稱{org}客服的人打來說訂單設定錯誤要退款，叫我去ATM操作取消分期。",
        "有人自稱{org}客服，說要退款給我，要我把收到的認證碼唸給他。",
        "自稱{org}客服的人說要退款，叫我加LINE再照他說的把錢轉過去。",
    ],
}
REFUND_YUE = {
    "lang": "yue",
    "org": ["HKTVmall", "淘寶", "蝦皮"],
    "genuine": [
        "我喺{org}張單度申請咗退貨退款，賣家收到貨之後啲錢原路退返我張信用卡。",
        "{org}張單俾賣家取消咗，單入面寫退款成功，過咗幾日就退返入我戶口。",
        "件衫唔啱著，我喺{org}App度申請退款，筆錢已經退返去原本俾錢嗰張卡。",
    ],
    "scam": [
        "自稱{org}客服打嚟話要退款俾我，叫我講個驗證碼俾佢聽。",
        "有人話係{org}售後，要退錢俾我，叫我裝個App俾佢遙距控制部手機。",
        "自稱{org}客服話退多咗錢俾我，叫我過數返去佢俾嘅戶口。",
    ],
}

# -- money the person moved at their own branch or ATM for someone they know / a caller sending them -----
BRANCH_EN = {
    "lang": "en",
    "who": ["my landlord", "my sister", "my son's school"],
    "genuine": [
        "I went to my own bank branch this morning and paid this month's rent to {who} at the counter; the"
        " cashier gave me a receipt.",
        "I used the ATM outside my bank to transfer the deposit to {who}, the same account I always pay.",
        "At the branch I asked the teller to send money to {who} for the bills, and I kept the slip.",
    ],
    "scam": [
        "A man who said he was from the police rang and told me to go to the ATM and transfer my savings to a"
        " safe account he gave me, and not to tell {who}.",
        "Someone claiming to be my bank's fraud officer told me to go to the branch, withdraw cash and hand it to"
        " a courier he would send; he said not to tell {who}.",
        "A caller said he was from my bank and that I had to transfer everything to a new account he gave me"
        " before {who} found out.",
    ],
}
BRANCH_ZH = {
    "lang": "zh",
    "who": ["房东", "我妹妹", "我儿子"],
    "genuine": [
        "今天上午我去自己开户的银行网点，在柜台给{who}转了这个月的房租，柜员给了我回单。",
        "我在银行门口的ATM上给{who}转了生活费，还是以前一直用的那个账户。",
        "我到银行柜台让工作人员帮我给{who}汇了学费，回执我留着。",
    ],
    "scam": [
        "自称公安局的人打电话说我涉嫌洗钱，让我去ATM把钱转到他给的安全账户，不能告诉{who}。",
        "一个自称银行客服的人让我去柜台把钱取出来，转到他指定的账户，还叫我别跟{who}说。",
        "对方自称检察官，说要核查资金，让我把存款转进他发来的账户，并且不要告诉{who}。",
    ],
}
BRANCH_HANT = {
    "lang": "zh-Hant",
    "who": ["房東", "我妹妹", "我兒子"],
    "genuine": [
        "今天早上我去自己開戶的銀行分行，在櫃台匯了這個月的房租給{who}，行員有給我收據。",
        "我在銀行門口的ATM轉帳生活費給{who}，是一直在用的那個帳戶。",
        "我到郵局櫃台幫{who}匯學費，收據有留著。",
    ],
    "scam": [
        "自稱警察的人打電話說我涉及洗錢案，叫我去ATM把錢轉到他給的安全帳戶，不可以告訴{who}。",
        "自稱銀行專員的人叫我去櫃台把錢領出來交給他派來的人，還叫我不要跟{who}講。",
        "對方自稱檢察官，說要監管帳戶，叫我把存款匯到他傳來的帳戶，也不能讓{who}知道。",
    ],
}
BRANCH_YUE = {
    "lang": "yue",
    "who": ["業主", "我細妹", "我個仔"],
    "genuine": [
        "今朝我去自己開戶嗰間銀行分行，喺櫃位過咗今個月租俾{who}，職員有俾收據我。",
        "我喺銀行門口部櫃員機轉咗生活費俾{who}，都係一直用開嗰個戶口。",
        "我去銀行櫃位叫職員幫我入學費俾{who}，張收據我留住。",
    ],
    "scam": [
        "自稱警察打嚟話我涉及洗黑錢，叫我去櫃員機將啲錢轉去佢俾嘅安全戶口，唔准話俾{who}知。",
        "自稱銀行職員叫我去櫃位攞晒啲錢出嚟，過數去佢指定嘅戶口，仲叫我唔好同{who}講。",
        "對方自稱律政司，話要監管資金，叫我將存款轉去佢send嚟嘅戶口，唔可以俾{who}知。",
    ],
}

# -- a tax or customs bill paid on the government site the person typed / a lookalike or a caller --------
TAX_EN = {
    "lang": "en",
    "gov": ["HMRC", "the IRS", "the tax office"],
    "genuine": [
        "A letter from {gov} said I owed tax from last year. I typed the official government website address"
        " myself, logged into my tax account and paid it there.",
        "I checked the bill from {gov} in my online tax account, which I reached by typing the address myself, and"
        " paid by debit card on that site.",
        "{gov} wrote that there was an underpayment; I paid it through my own online account on the government"
        " site, not through any link.",
    ],
    "scam": [
        "A man who said he was from {gov} rang, said I owed back tax and would be arrested today unless I paid in"
        " gift cards.",
        "I got a text from {gov} saying I was due a tax refund, with a link to a site that asked for my card"
        " number and security code.",
        "A caller claiming to be {gov} said I had unpaid tax and must transfer it to an account he gave me right away.",
    ],
}
TAX_ZH = {
    "lang": "zh",
    "gov": ["税务局", "海关"],
    "genuine": [
        "收到{gov}的通知说我有一笔税要补缴，我自己打开个人所得税App登录后查到了，就在App里缴了。",
        "{gov}发函说进口物品要缴税，我自己在官方网站上输入了编号，核对金额后在官网缴纳。",
        "我去{gov}办税服务厅窗口缴了税，拿了完税凭证。",
    ],
    "scam": [
        "自称{gov}工作人员的人打电话说我欠税要被起诉，让我把钱转到他给的账户。",
        "收到一条自称{gov}的短信说可以退税，点链接进去要我填银行卡号和验证码。",
        "对方说是{gov}的，说我的退税要先交手续费，让我扫他发的二维码付款。",
    ],
}

# -- a delivery text whose tracking link is on the company's own domain / a lookalike ------------------
DELIVERY_EN = {
    "lang": "en",
    "brand": [("Royal Mail", "royalmail.com"), ("DHL", "dhl.com"), ("FedEx", "fedex.com")],
    "genuine": [
        "{name}: your parcel is out for delivery today. Track it at https://www.{domain}/track",
        "I got a text from {name} saying my parcel would arrive tomorrow, with a tracking link to www.{domain}; I"
        " checked it and the delivery slot was there.",
        "{name} sent me an SMS that my parcel had been left with a neighbour, and the link went to {domain}.",
    ],
    "scam": [
        "{name}: your parcel could not be delivered. Pay the redelivery fee at https://{stem}-redelivery.top/pay",
        "I got a text from {name} saying my parcel was held, with a link to {stem}-parcels-help.com where I had to"
        " enter my card details.",
        "{name} sent me an SMS that a customs fee was due, and the link went to https://{stem}.parcel-fee.top/",
    ],
}

# -- a membership or subscription renewal reminder / a caller who wants to "cancel" it ------------------
RENEWAL_EN = {
    "lang": "en",
    "org": ["Costco", "Amazon Prime", "my gym", "Spotify"],
    "genuine": [
        "I got an email from {org} reminding me that my membership renews next month, with the price, and saying"
        " I could change it in my account.",
        "{org} sent a reminder that my annual membership is due for renewal; I logged into my account and switched"
        " off auto-renew myself.",
        "A renewal notice from {org} arrived by text; it just said the fee would be charged to my card on file on"
        " the 3rd.",
    ],
    "scam": [
        "A man rang saying he was from {org} and my membership had renewed by mistake; to refund it he needed"
        " remote access to my computer.",
        "Someone from {org} called about an automatic renewal I didn't want and asked me to read out the code"
        " that came to my phone to stop it.",
        "A caller claiming to be {org} said the renewal would take money every month unless I transferred the"
        " balance to a protected account he gave me.",
    ],
}
RENEWAL_ZH = {
    "lang": "zh",
    "org": ["爱奇艺", "京东PLUS", "腾讯视频"],
    "genuine": [
        "{org}发短信提醒我会员下个月自动续费，说可以在App的会员设置里关闭，我自己在App里关掉了。",
        "收到{org}的续费提醒，写了扣费金额和日期，我登录账户看了一下，确实是我开的会员。",
        "{org}通知我年度会员快到期了，续费要在App里自己操作，我没理它。",
    ],
    "scam": [
        "自称{org}客服的人打电话说我的会员自动续费每月扣钱，要取消就得下载会议软件共享屏幕。",
        "对方说是{org}的客服，说要帮我关闭自动续费，让我把收到的验证码告诉他。",
        "自称{org}的人说续费扣错了要退款，让我在借呗里借钱转到他给的账户。",
    ],
}
RENEWAL_YUE = {
    "lang": "yue",
    "org": ["Netflix", "Disney+", "健身室"],
    "genuine": [
        "{org}send電郵提我個會籍下個月自動續期，話可以喺賬戶設定度改，我自己入去熄咗自動續期。",
        "收到{org}嘅續會提示，寫咗收費同日期，我登入自己個賬戶睇過，真係我開嘅會籍。",
        "{org}通知我年費就嚟到期，續唔續要自己喺App度揀，我冇理佢。",
    ],
    "scam": [
        "自稱{org}客服打嚟話我個會籍自動續期，要取消就要裝個App俾佢遙距控制。",
        "對方話係{org}職員，話幫我取消續期，叫我講個驗證碼俾佢聽。",
        "自稱{org}嘅人話續期扣錯數要退款，叫我過數去佢俾嘅戶口先。",
    ],
}

# -- a real call from the bank's fraud team that asks only whether a payment was the person's ---------------
BANKCALL_EN = {
    "lang": "en",
    "org": ["Nationwide", "Wells Fargo", "my card company"],
    "genuine": [
        "{org} phoned yesterday to ask whether I had spent 640 on electronics in another city. I said it wasn't"
        " me; they stopped the card while we spoke and never asked me for a code or my PIN.",
        "The fraud people at {org} rang to check a hotel payment. It was mine, so I said so and the call ended;"
        " at no point did they ask for money or card details.",
        "I had a call from {org} about an odd online purchase. I told them I hadn't made it, they cancelled the"
        " card and the agent didn't ask for any passwords or codes.",
    ],
    "scam": [
        "{org} phoned to ask whether I had spent 640 on electronics. I said no, and the man said he needed the"
        " code they were texting me to reverse it.",
        "A caller from {org} asked about a hotel payment, and when I said it wasn't mine he told me to move my"
        " money to a safe account until it was sorted.",
        "Someone from {org} rang about an odd purchase; he never asked for my PIN, but he did ask me to read out"
        " the one-time passcode to cancel it.",
    ],
}
BANKCALL_ZH = {
    "lang": "zh",
    "org": ["农业银行", "交通银行", "浦发银行"],
    "genuine": [
        "{org}信用卡中心打电话问我昨晚在外地有一笔消费是不是本人，我说不是，他们当场冻结了卡，全程没要验证码。",
        "{org}来电核实一笔网购是不是我本人买的，我说是，对方说好就挂了，没有问我要密码。",
        "接到{org}的电话说有笔大额消费，问是不是我本人，我说不是，他们说会寄新卡，从头到尾没让我转账。",
    ],
    "scam": [
        "{org}打电话问我有一笔消费是不是本人，我说不是，对方说要取消就得把收到的验证码告诉他。",
        "自称{org}的人来电说有异常消费，问完之后让我把钱转到他们的安全账户。",
        "{org}来电说我的卡有风险，对方没问密码，但让我下载一个App共享屏幕来处理。",
    ],
}
BANKCALL_YUE = {
    "lang": "yue",
    "org": ["渣打", "東亞銀行", "匯豐"],
    "genuine": [
        "{org}打嚟問我琴晚有筆網上簽賬係咪我本人，我話唔係，佢哋即刻停咗張卡，全程冇問我要驗證碼。",
        "{org}信用卡部打嚟核實一筆酒店簽賬，我話係我自己簽嘅，佢話好就收線，冇要我轉賬。",
        "收到{org}電話話有筆大額簽賬，問係咪我本人，我話唔係，佢哋話會寄張新卡俾我，從頭到尾冇問密碼。",
    ],
    "scam": [
        "{org}打嚟問我有筆簽賬係咪本人，我話唔係，對方話要取消就要我講個驗證碼俾佢。",
        "自稱{org}職員打嚟話有可疑簽賬，問完之後叫我將啲錢轉去佢哋嘅安全戶口。",
        "{org}打嚟話我張卡有風險，冇問密碼，但係叫我裝個App俾佢遙距控制部手機。",
    ],
}

# -- a claim the person started on the company's own site / a "claim" someone else started ----------------
CLAIM_EN = {
    "lang": "en",
    "org": ["Evri", "UPS", "Canada Post"],
    "genuine": [
        "My parcel turned up crushed, so I contacted {org} through their website and they emailed a claim form"
        " asking for photos of the box. The compensation reached my account a week later.",
        "I reported the damaged parcel to {org} on their site; they asked for pictures and the receipt and paid"
        " the claim back to my card.",
        "We complained to {org} via the app about a lost parcel, filled in the claim form it gave us and got the"
        " value of the item refunded to our original payment method.",
    ],
    "scam": [
        "Someone rang saying he was from {org} claims: my parcel was lost and to get compensation I had to give"
        " him my card number and the code from my bank.",
        "A woman from {org} called about compensation for a lost parcel and sent me a link to a claim form on"
        " {stem}-claims-desk.top that asked for my online banking login.",
        "A caller from {org} said I was owed compensation for a damaged parcel and asked me to install an app so"
        " he could pay it straight into my account.",
    ],
    "stem": ["parcel"],
}
# -- a bill the person found in their own account on the company's site / one behind a link someone sent ------
LOGIN_EN = {
    "lang": "en",
    "org": ["the courier", "the water company", "my phone provider"],
    "genuine": [
        "A text said a payment to {org} was overdue. I was wary, but when I logged in through the app I already"
        " use, the same amount was showing, so I paid it there.",
        "I had an email about a charge from {org}; the bill was in my account on their website, so I settled it"
        " there and ignored the email's buttons.",
        "Got a reminder from {org} about an unpaid balance. I typed their web address myself, signed in, and the"
        " balance matched, so I cleared it.",
    ],
    "scam": [
        "A text said a payment to {org} was overdue, with a link. When I logged in on that page the man on the"
        " phone asked me to read out the passcode my bank sent.",
        "Someone from {org} called about an unpaid bill and told me to transfer the balance to an account he gave"
        " me, after logging in on a site he spelled out.",
        "I got an email from {org} about a charge; the caller who followed it up told me to sign in while he"
        " watched my screen through an app he had me install.",
    ],
}
# -- a transfer of the person's own to family, a landlord or a bill's reference / one a caller asked for ------
OWNPAY_EN = {
    "lang": "en",
    "who": ["my landlord", "my mum", "my brother"],
    "genuine": [
        "I went to the bank on Friday and transferred this month's money to {who}, to the account I always use.",
        "Every month I send money to {who} from my banking app; nothing new about it.",
        "Yesterday I wired the agreed amount to {who} from my online banking before the weekend.",
    ],
    "scam": [
        "A man who said he was from my bank rang and told me to transfer my savings to {who}'s account he"
        " gave me, because mine was hacked.",
        "Someone texted pretending to be {who} with a new number and asked me to send money to a friend's"
        " account urgently, so I transferred it.",
        "A caller claiming to be the police said {who} was in trouble and I had to wire money to an account he"
        " read out.",
    ],
}
FAMILIES: dict[str, dict] = {
    "duty_en": DUTY_EN,
    "duty_zh": DUTY_ZH,
    "duty_hant": DUTY_HANT,
    "duty_yue": DUTY_YUE,
    "alert_en": ALERT_EN,
    "alert_zh": ALERT_ZH,
    "alert_hant": ALERT_HANT,
    "alert_yue": ALERT_YUE,
    "refund_en": REFUND_EN,
    "refund_zh": REFUND_ZH,
    "refund_hant": REFUND_HANT,
    "refund_yue": REFUND_YUE,
    "branch_en": BRANCH_EN,
    "branch_zh": BRANCH_ZH,
    "branch_hant": BRANCH_HANT,
    "branch_yue": BRANCH_YUE,
    "tax_en": TAX_EN,
    "tax_zh": TAX_ZH,
    "delivery_en": DELIVERY_EN,
    "renewal_en": RENEWAL_EN,
    "renewal_zh": RENEWAL_ZH,
    "renewal_yue": RENEWAL_YUE,
    "bankcall_en": BANKCALL_EN,
    "bankcall_zh": BANKCALL_ZH,
    "bankcall_yue": BANKCALL_YUE,
    "claim_en": CLAIM_EN,
    "login_en": LOGIN_EN,
    "ownpay_en": OWNPAY_EN,
}
SIDES = ("genuine", "scam")
HELD_OUT_EVERY = 3  # template index % 3 == 2: held out


def held_out(index: int) -> bool:
    """Whether the template at `index` (within its family and side) is held out."""
    return index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1


def _slot_values(family: dict) -> list[tuple[str, list]]:
    return [(k, v) for k, v in family.items() if k not in (*SIDES, "lang")]


def _fill(template: str, slots: list[tuple[str, list]], values: tuple) -> str:
    names: dict[str, str] = {}
    for (slot, _), value in zip(slots, values, strict=True):
        if slot == "brand":
            names["name"], names["domain"] = value
            names["stem"] = value[1].split(".")[0]
        else:
            names[slot] = value
    return template.format(**names)


def cases(side: str, part: str):
    """(family, lang, text) for one side ("genuine" / "scam") and part ("tuned" / "held_out" / "all")."""
    for name, family in FAMILIES.items():
        slots = _slot_values(family)
        for index, template in enumerate(family[side]):
            if part != "all" and held_out(index) != (part == "held_out"):
                continue
            for values in itertools.product(*(v for _, v in slots)):
                yield name, family["lang"], _fill(template, slots, values)
