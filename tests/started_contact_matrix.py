"""Genuine contacts the person started or that point back to the official channel, and their scam twins.

A second generated matrix beside `genuine_contact_matrix.py`, built around *who started the contact and what it
asks*. Each family is one everyday situation in one language variety; its `genuine` frames tell a contact that
is the person's own (they reported the case, they rang the official hotline, they opened the return, they
booked the delivery), points back to the official app, number or counter, and asks for nothing secret — or a
fee paid inside the official channel. Its `scam` frames keep the same vocabulary and change only the ask: a link
off the official domain, a code, a personal account, screen sharing, a transfer to a "safe" account.

Slots: every frame is filled with every combination of its family's slot fillers (`org`, `item`, `prefix`…).
Held out: every third frame of each side (index 2, 5, …) was written with the others and never run while the
rules were tuned; the tests hold it to a lower line and print its figures. Every sentence is written for this
file; none comes from a development set.
"""

from __future__ import annotations

import itertools

# -- 1. the person's own police report, followed up by the police ----------------------------------------
POLICE_ZH = {
    "lang": "zh",
    "item": ["电动车被偷", "钱包在地铁上丢了", "手机被人抢了"],
    "genuine": [
        "上周我去派出所报案，说我的{item}。今天派出所的民警打电话给我，说我的案子已经立案了，让我明天去所里做个笔录，没提钱的事。",
        "我前几天报警说{item}，刚才辖区派出所来电话，说案件已经受理立案，请我带身份证到派出所补充材料。",
        "{item}之后我在派出所做了登记，今天民警打来电话说找到了嫌疑人，叫我周末去派出所认领东西，什么费用都不用交。",
        "我之前报案说{item}，今天收到派出所的短信，说案件已立案，有进展会通知我，可以拨打110核实。",
        "我报了警说{item}，下午社区民警上门回访，问了我一些情况，让我有新线索就打派出所的电话。",
        "因为{item}我报过案，今天派出所打电话通知我去领回立案回执，我自己到派出所拿的。",
    ],
    "scam": [
        "我之前报案说{item}，今天有个自称派出所民警的人打电话说案子已经立案，要我先交两千块保证金到他给的账户才能追回。",
        "有人打电话说是公安局的，说我涉嫌洗钱已经立案，让我下载一个会议App共享屏幕配合调查，不能告诉家人。",
        "自称派出所的人打来说我{item}的案子有进展，要我把手机收到的验证码报给他核实身份。",
        "一个自称警官的人来电说我的银行卡涉案被立案调查，让我把存款转到他提供的安全账户接受资金审查。",
        "对方自称刑警，说我{item}的案子需要做笔录，让我加他的QQ视频，再把银行卡号和密码发给他。",
        "有人冒充派出所民警打电话，说我涉嫌一起诈骗案，要我去ATM把钱转到国家监管账户。",
    ],
}
POLICE_HANT = {
    "lang": "zh-Hant",
    "item": ["機車被偷", "錢包在捷運上掉了", "手機被搶"],
    "genuine": [
        "上週我去派出所報案說{item}，今天派出所的員警打電話給我，說案子已經受理，請我明天到所裡做筆錄，沒有提到錢。",
        "我前幾天報警說{item}，剛剛轄區分局來電說已經立案，請我帶身分證到派出所補資料。",
        "{item}之後我在派出所備案，今天員警打來說找到東西了，叫我週末自己去派出所領回，不用付任何費用。",
        "我報案說{item}，今天收到派出所的通知，說案件已受理，有疑問可以打165或110查證。",
        "因為{item}報過案，今天警察局打電話通知我去拿報案三聯單，我自己去派出所拿的。",
        "我報了案說{item}，員警今天到家裡訪查，問了一些細節，要我有新線索就打派出所電話。",
    ],
    "scam": [
        "我之前報案說{item}，今天有自稱員警的人打來說已經立案，要我先匯保證金到他給的帳戶才能處理。",
        "有人打電話自稱檢察官，說我涉及洗錢案已經立案，叫我下載App開視訊，不能跟家人講。",
        "自稱派出所的人打來說我{item}的案子有進展，要我把手機收到的簡訊驗證碼唸給他。",
        "一個自稱警察的人說我的帳戶涉案，要我去ATM把錢轉到他提供的安全帳戶監管。",
        "對方自稱刑事局，說要幫我處理{item}的案子，叫我加LINE再把網銀帳號密碼傳給他。",
        "有人冒充警察打來，說我涉及詐騙案，要我把存款領出來交給他派來的專員保管。",
    ],
}
POLICE_YUE = {
    "lang": "yue",
    "item": ["架單車俾人偷咗", "銀包喺港鐵跌咗", "部手機俾人搶咗"],
    "genuine": [
        "上個禮拜我去警署報案話{item}，今日警署有個警員打俾我，話宗案已經立案，叫我聽日返去落口供，冇提過錢。",
        "我早幾日報咗警話{item}，頭先警署打嚟話已經跟進緊，叫我帶身份證返去補資料。",
        "{item}之後我喺警署報咗案，今日警察打嚟話搵返啲嘢，叫我週末自己去警署攞返，唔使俾任何錢。",
        "我報咗案話{item}，今日收到警署通知，話有進展會再聯絡我，有懷疑可以打18222查詢。",
        "因為{item}我報過案，今日警署打嚟叫我去攞報案紙，我自己去警署攞嘅。",
        "我報咗警話{item}，警員今日上嚟問咗啲嘢，叫我有新線索就打警署電話。",
    ],
    "scam": [
        "我之前報案話{item}，今日有個自稱警察嘅人打嚟話已經立案，叫我先過數俾佢個戶口做保證金。",
        "有人打嚟話係公安，話我涉及洗黑錢，叫我裝個App開視像，唔准同屋企人講。",
        "自稱警署嘅人打嚟話我{item}宗案有進展，要我讀個驗證碼俾佢聽。",
        "有個自稱警察嘅人話我個戶口涉案，叫我將啲錢轉去佢俾嘅安全戶口。",
        "對方自稱差人，話要處理我{item}宗案，叫我加佢WhatsApp再send網上銀行密碼俾佢。",
        "有人冒充警察打嚟，話我涉及詐騙案，叫我攞晒啲錢出嚟交俾佢派嚟嘅人。",
    ],
}
POLICE_EN = {
    "lang": "en",
    "item": ["my bike was stolen", "my wallet was taken on the bus", "my car was broken into"],
    "genuine": [
        "I reported to the police last week that {item}. Today an officer from the local station rang to say they"
        " had opened an investigation and asked me to come in and give a statement. No money was mentioned.",
        "After {item} I filed a report online. The police emailed me a crime reference number and said an officer"
        " would be in touch if there were any developments.",
        "We reported that {item}, and this morning a detective called to ask whether I could identify some items"
        " they had recovered; I went to the station myself to look.",
        "I made a police report because {item}. Today I had a letter from the police with my case number, saying"
        " they had closed it for now and to call 101 if I had new information.",
        "When {item} I reported it at the station, and an officer visited us today to take some details and give"
        " advice on locks. He did not ask for anything.",
        "Since {item}, I had a case open; the police victim support line phoned to see how I was and explained how"
        " to claim on my own insurance.",
    ],
    "scam": [
        "I reported that {item}, and today a man said he was a police officer on my case and that I had to pay a"
        " release fee to an account he gave me before they could return my things.",
        "A caller claiming to be from the police said my bank account was linked to money laundering and I must"
        " move my savings to a safe account while they investigate.",
        "Someone said he was a detective handling the report that {item}, and asked me to read out the code my"
        " bank had just sent to confirm my identity.",
        "A man claiming to be a police officer said my card had been cloned and a courier would come to collect my"
        " card and PIN as evidence.",
        "A woman said she was from the police about the report that {item} and told me to install AnyDesk so she"
        " could check my online banking.",
        "Someone posing as an officer said there was a warrant in my name and I had to pay the fine in gift cards"
        " today.",
    ],
}

# -- 2. a customer-service contact the person started (the official hotline, the app's own return) ----------
SELFCS_ZH = {
    "lang": "zh",
    "org": ["淘宝", "京东", "拼多多"],
    "genuine": [
        "我买的水壶坏了，自己在{org}App里申请了售后，客服在App里回复说给我补偿20元，钱原路退回到付款账户。",
        "快递一直没到，我自己打了{org}的官方客服电话，客服说包裹丢了，给我全额退款，退回原支付方式。",
        "我在{org}订单页面点了联系客服，客服说商品有质量问题可以赔付，在订单里点确认就行，退款两天后到账了。",
        "我自己在{org}App里发起了退货，快递员上门取件，商家收到后退款原路退回了。",
        "我主动联系{org}官方客服投诉商品少发了，客服核实后在订单里给我补发了一件，没有让我做别的。",
        "我在{org}App里申请了仅退款，客服电话回访说已经同意，让我在App里查看退款进度。",
    ],
    "scam": [
        "有人打电话说是{org}客服，说我买的东西有质量问题要给我双倍赔偿，让我下载会议软件共享屏幕操作退款。",
        "自称{org}客服的人加我微信，说理赔要先开通备用金，让我在借呗借钱转到他给的账户。",
        "{org}客服打来说我的订单异常卡单了，要我提供收到的验证码才能退款。",
        "有个自称{org}售后的人说要给我退款，发了一个链接让我填银行卡号和密码。",
        "对方自称{org}官方客服，说赔付款多打了，让我把多出来的钱转回他指定的个人账户。",
        "自称{org}理赔专员的人打来说快递丢了要赔偿，让我扫他发的二维码进群领取。",
    ],
}
SELFCS_HANT = {
    "lang": "zh-Hant",
    "org": ["蝦皮", "momo", "PChome"],
    "genuine": [
        "我買的吹風機壞了，自己在{org}App裡申請退貨，客服在App裡回覆說會退款，錢退回原本的信用卡。",
        "包裹一直沒到，我自己打{org}的官方客服電話，客服說貨遺失了，會全額退款到原付款方式。",
        "我在{org}訂單頁面點了聯絡客服，客服說商品有瑕疵可以補償，按確認之後退款就回到帳戶了。",
        "我自己在{org}App裡申請退貨，物流來收件，賣家收到後退款原路退回。",
        "我主動聯絡{org}官方客服說少寄一件，客服查證後幫我補寄，沒有要我做其他事。",
        "我在{org}App申請退款，客服回電說已經核准，請我在App裡看退款進度。",
    ],
    "scam": [
        "有人打電話自稱{org}客服，說訂單被誤設成分期付款，要我去ATM操作解除。",
        "自稱{org}客服的人加我LINE，說退款要先驗證帳戶，叫我把收到的驗證碼傳給他。",
        "{org}客服打來說我的訂單重複扣款，要我下載App讓他遠端操作幫我取消。",
        "有個自稱{org}售後的人說要退款給我，傳了一個連結叫我輸入信用卡號和背面末三碼。",
        "對方自稱{org}官方客服，說退款多退了，要我把差額匯到他給的個人帳戶。",
        "自稱{org}專員的人打來說要補償，叫我用網銀照他的指示操作轉帳。",
    ],
}
SELFCS_YUE = {
    "lang": "yue",
    "org": ["HKTVmall", "淘寶", "Amazon"],
    "genuine": [
        "我買咗部風筒壞咗，自己喺{org}App度申請退貨，客服喺App回覆話會退款，啲錢退返去原本張信用卡。",
        "包裹一直冇到，我自己打{org}官方客服熱線，客服話貨遺失咗，會全數退款返原本付款方法。",
        "我喺{org}張單度撳咗聯絡客服，客服話件貨有問題可以補償，撳確認之後退款就返咗嚟。",
        "我自己喺{org}App申請退貨，速遞上門收件，賣家收到之後原路退款。",
        "我主動搵{org}官方客服投訴少寄咗一件，客服查完之後幫我補寄，冇叫我做其他嘢。",
        "我喺{org}App申請退款，客服打返嚟話已經批咗，叫我喺App睇退款進度。",
    ],
    "scam": [
        "有人打嚟話係{org}客服，話我張單有問題要賠償，叫我裝個App俾佢遙距控制部手機。",
        "自稱{org}客服嘅人加我WhatsApp，話退款要驗證戶口，叫我send個驗證碼俾佢。",
        "{org}客服打嚟話我張單重複扣款，叫我喺網上銀行照佢指示過數取消。",
        "有個自稱{org}售後嘅人話要退錢俾我，send咗條link叫我入信用卡號碼同CVV。",
        "對方自稱{org}官方客服，話退多咗錢俾我，叫我過數返去佢俾嘅個人戶口。",
        "自稱{org}專員打嚟話要補償，叫我講埋網上銀行密碼俾佢處理。",
    ],
}
SELFCS_EN = {
    "lang": "en",
    "org": ["Amazon", "Flipkart", "Currys"],
    "genuine": [
        "The kettle I bought from {org} stopped working, so I started a return in the {org} app. The chat agent"
        " offered a partial refund as compensation and it went back to my card two days later.",
        "My order never arrived, so I rang {org}'s customer service number from their website. The agent said the"
        " parcel was lost and refunded me in full to my original payment method.",
        "I opened a chat with {org} support from my orders page about a damaged item; they apologised, gave me a"
        " voucher as compensation and said the refund would show in my account.",
        "I requested a return in my {org} account, the courier collected it, and once it reached the warehouse the"
        " refund was issued to the card I paid with.",
        "I contacted {org} through the help page about a missing item; they checked the order and sent the item"
        " again without asking me for anything.",
        "After I complained to {org} via their app, a customer service agent called me back about my complaint and"
        " said the compensation would be credited to my original payment method.",
    ],
    "scam": [
        "A man called saying he was from {org} customer service and that I was owed compensation for a faulty"
        " order; he asked me to install AnyDesk so he could process the refund.",
        "Someone claiming to be {org} support texted that my refund was ready and asked me to reply with the OTP"
        " I would receive.",
        "A caller from {org} said they had refunded too much by mistake and I needed to send the difference back"
        " to his account by bank transfer.",
        "I got a call from {org} about a refund; the agent sent me a link to refund-desk-help.com and asked for my"
        " card number and PIN.",
        "A woman from {org} rang about compensation and told me to buy gift cards and read her the numbers to"
        " release it.",
        "Someone said he was from {org} refunds and needed me to share my screen on a meeting app to complete the"
        " compensation.",
    ],
}

# -- 3. a real delivery contact: the driver at the door, a locker code, rescheduling in the official app ----
DELIVERY_ZH = {
    "lang": "zh",
    "org": ["顺丰", "京东快递", "中通"],
    "genuine": [
        "{org}快递员打电话说已经到楼下了，让我下来拿包裹，我下楼签收了。",
        "收到{org}的短信，说包裹已放进小区的快递柜，取件码是五位数字，我自己去柜子输入取件码拿到了。",
        "快递员说今天送不了，我自己在{org}官方App里把派送时间改到了明天。",
        "{org}快递员来电说家里没人，问我放驿站还是改天送，我说放驿站，后来凭取件码取了。",
        "我在{org}App上看到包裹在派送中，快递员到门口后我当面签收，什么钱都没交。",
        "{org}发短信说包裹今天派送，有问题可以在官方App里联系，我在App里查了物流是对的。",
    ],
    "scam": [
        "自称{org}快递员的人打电话说我的包裹丢了，让我加他微信领取理赔，再把验证码告诉他。",
        "收到短信说是{org}，包裹地址不详无法派送，让我点链接填写地址和银行卡信息。",
        "有人说是{org}快递员，说包裹要交二十元的重新派送费，让我扫他发的二维码付款。",
        "自称{org}客服的人说包裹被扣了，要我下载一个App共享屏幕处理。",
        "一个自称{org}的人说快递柜取件需要先验证，让我把手机收到的验证码发给他。",
        "对方说是{org}快递员，包裹损坏要赔偿，让我把钱转到他给的账户先交保证金。",
    ],
}
DELIVERY_HANT = {
    "lang": "zh-Hant",
    "org": ["黑貓宅急便", "中華郵政", "新竹物流"],
    "genuine": [
        "{org}司機打電話說已經到樓下，請我下來拿包裹，我下樓簽收了。",
        "收到{org}的簡訊，說包裹放進i郵箱，取件碼是六位數，我自己去櫃子輸入取件碼拿到了。",
        "司機說今天送不到，我自己在{org}官方App把配送時間改到明天。",
        "{org}司機來電說家裡沒人，問我要改天送還是放管理室，我說放管理室，回家就拿到了。",
        "我在{org}官網查到包裹配送中，司機到門口後我當面簽收，沒有付任何錢。",
        "{org}傳簡訊說包裹今天配送，有疑問可以打官方客服，我在官網查了單號是對的。",
    ],
    "scam": [
        "自稱{org}司機的人打來說包裹遺失，要我加LINE辦理理賠，再把簡訊驗證碼傳給他。",
        "收到自稱{org}的簡訊說地址不完整無法配送，要我點連結填地址和信用卡資料。",
        "有人說是{org}，包裹要補繳運費，叫我點他傳的連結刷卡付款。",
        "自稱{org}客服的人說包裹被海關扣住，要我下載App讓他遠端操作。",
        "一個自稱{org}的人說領包裹要先驗證身分，叫我把手機收到的認證碼告訴他。",
        "對方說是{org}司機，包裹破損要賠償，叫我先匯保證金到他給的帳戶。",
    ],
}
DELIVERY_YUE = {
    "lang": "yue",
    "org": ["順豐", "香港郵政", "Lalamove"],
    "genuine": [
        "{org}司機打嚟話已經到咗樓下，叫我落去攞包裹，我落樓簽收咗。",
        "收到{org}短訊，話包裹放咗入智能櫃，取件碼係六個數字，我自己去櫃度入碼攞咗。",
        "司機話今日送唔到，我自己喺{org}官方App改咗聽日送。",
        "{org}司機打嚟話屋企冇人，問我改日送定放管理處，我話放管理處，返到屋企就攞到。",
        "我喺{org}官網見到包裹派送緊，司機到門口我當面簽收，冇俾過任何錢。",
        "{org}send短訊話包裹今日派送，有問題可以打官方熱線，我喺官網查過單號冇錯。",
    ],
    "scam": [
        "自稱{org}司機嘅人打嚟話包裹唔見咗，叫我加WhatsApp辦理賠，再send個驗證碼俾佢。",
        "收到自稱{org}嘅短訊話地址唔完整送唔到，叫我撳條link入地址同信用卡資料。",
        "有人話係{org}，包裹要補運費，叫我撳佢send嘅link俾錢。",
        "自稱{org}客服嘅人話包裹俾海關扣咗，叫我裝個App俾佢遙距控制。",
        "有個自稱{org}嘅人話攞包裹要先驗證，叫我讀個驗證碼俾佢聽。",
        "對方話係{org}司機，包裹爛咗要賠償，叫我過數去佢俾嘅戶口交按金。",
    ],
}
DELIVERY_EN = {
    "lang": "en",
    "org": ["the Amazon driver", "the DPD driver", "the Ninja Van rider"],
    "genuine": [
        "{org} rang to say he was outside my building with my parcel, so I went down and signed for it.",
        "I got a text that my parcel was in a parcel locker near my flat with a six-digit pickup code; I typed the"
        " code into the locker myself and took it out.",
        "{org} couldn't find the address, so I rescheduled the delivery for tomorrow in the courier's own app.",
        "{org} called because nobody was home and asked if he could leave it with my neighbour; I said yes and"
        " collected it in the evening.",
        "The tracking page I opened in the app showed the parcel out for delivery, and {org} handed it to me at the"
        " door; I didn't pay anything.",
        "{org} messaged through the courier's app that he was five minutes away, and he left the parcel in my porch"
        " as I had asked in the app.",
    ],
    "scam": [
        "{org} supposedly texted that the parcel was held, with a link to redeliver-parcels-now.com asking for a"
        " 1.99 fee and my card details.",
        "A man saying he was {org} called and said the parcel was lost; to claim compensation I had to read out the"
        " code that would arrive on my phone.",
        "Someone claiming to be {org} rang about a failed delivery and asked me to install an app so he could"
        " help me book a new slot.",
        "A caller claiming to be {org} said the parcel had customs charges and I had to transfer them to his"
        " personal account before he could drop it off.",
        "I had a message from {org} that my address was incomplete, and the link asked me to log in with my"
        " banking details to confirm it.",
        "A man said he was {org} and needed the OTP from my bank app, not the delivery code, to release the parcel.",
    ],
}

# -- 4. a real bank alert in the message's own words: reply Y/N, call the number on the card, card blocked --
ALERTMSG_EN = {
    "lang": "en",
    "org": ["HSBC", "Chase", "DBS", "HDFC Bank"],
    "genuine": [
        "{org}: Did you attempt a payment of 249.00 at an electronics store today? Reply Y if yes or N if no."
        " We will never ask for your PIN or a code by text.",
        "{org} fraud alert: we have blocked your card after an unusual transaction. Please call the number on the"
        " back of your card to unblock it.",
        "I got a text from {org} asking me to reply Y or N about a card payment I didn't recognise; I replied N and"
        " they blocked the card and posted a new one.",
        "{org}: a transaction on your card ending 4821 was declined. If this was you, confirm it in the {org} app."
        " If not, no action is needed; your card is protected.",
        "{org} sent a message saying my card was frozen because of suspicious activity and to ring the number on"
        " my card; I called that number and they unfroze it after a few security questions.",
        "{org} texted to say a new device had been added to my online banking and to call them on the number on"
        " their website if it wasn't me. It was my new phone, so I did nothing.",
    ],
    "scam": [
        "{org}: Did you attempt a payment of 249.00? If not, verify your account at {stem}-secure-verify.com"
        " immediately to avoid suspension.",
        "{org} fraud alert: your card is blocked. Reply with the 6-digit code we have sent you to unblock it.",
        "I got a text from {org} about a payment I didn't make, then a man rang from the fraud team and asked me to"
        " move my money to a safe account.",
        "{org}: unusual activity on your card. Call our fraud team now on 07700 900123 and have your card number"
        " and PIN ready.",
        "{org} sent a message that my card was frozen, and the caller who followed it asked me to install an app"
        " so he could protect my account remotely.",
        "{org} texted that a new device had been added and the man who called about it asked me to read him the"
        " one-time passcode to remove it.",
    ],
}
ALERTMSG_ZH = {
    "lang": "zh",
    "org": ["招商银行", "中国银行", "平安银行"],
    "genuine": [
        "【{org}】您尾号3321的信用卡于今日发生一笔消费，如非本人操作，请回复N或拨打卡背面客服电话。",
        "收到{org}短信说我的卡有一笔异常交易被拦截，卡暂时冻结了，我打了卡背面的客服电话，客服核实后帮我解冻了。",
        "{org}发短信问我昨晚那笔网购是不是本人，让回复Y或N，我回复了N，卡就被冻结了，新卡寄过来了。",
        "【{org}】您的账户在新设备登录，如非本人操作请登录手机银行App修改密码，我自己在App里改了密码。",
        "{org}App推送说我的卡有可疑交易已暂停使用，让我在App里确认，我点了是本人，卡就恢复了。",
        "收到{org}的提醒短信，说银行工作人员不会索要验证码，有疑问请拨打官方客服电话，我就打了官方电话问了一下，是真的提醒。",
    ],
    "scam": [
        "【{org}】您的信用卡有异常交易已冻结，请点击链接验证身份解冻。",
        "收到{org}短信说卡被冻结，接着有人打来说是风控中心，让我把收到的验证码报给他解冻。",
        "{org}发短信问我有笔消费是不是本人，我回复不是，然后一个客服打电话让我把钱转到安全账户。",
        "【{org}】您的账户存在风险，请立即拨打13800138000联系专员处理，并准备好卡号和密码。",
        "{org}App提示有可疑交易，随后有人来电说是银行的，让我下载会议软件共享屏幕帮我处理。",
        "收到自称{org}的短信说卡要过期了，让我加客服微信办理，对方要了我的卡号和密码。",
    ],
}
ALERTMSG_HANT = {
    "lang": "zh-Hant",
    "org": ["國泰世華", "中國信託", "玉山銀行"],
    "genuine": [
        "【{org}】您的信用卡今日有一筆交易，如非本人使用，請撥打卡片背面客服專線。",
        "收到{org}簡訊說我的卡有異常交易被暫停，我打信用卡背面的客服電話，客服核對後幫我恢復了。",
        "{org}傳簡訊問我昨天那筆網購是不是本人，要我回覆Y或N，我回N，卡就停掉並補發新卡。",
        "【{org}】您的網銀於新裝置登入，如非本人請自行登入官方App變更密碼，我自己在App裡改了。",
        "{org}App推播說有可疑交易暫停刷卡，要我在App裡確認，我按了本人交易，卡就能用了。",
        "收到{org}提醒說行員不會索取驗證碼，有疑問請撥官方客服，我就打官方電話問了，確實是提醒。",
    ],
    "scam": [
        "【{org}】您的信用卡異常已被凍結，請點擊連結驗證身分解除。",
        "收到{org}簡訊說卡被凍結，接著有人打來自稱風控部門，要我把收到的驗證碼唸給他。",
        "{org}傳簡訊問有筆消費是不是本人，我回不是，然後專員打來要我把錢轉到安全帳戶。",
        "【{org}】您的帳戶有風險，請立即撥打0912345678聯絡專員，並準備卡號和密碼。",
        "{org}App說有可疑交易，接著有人來電說是銀行，叫我下載App讓他遠端操作。",
        "收到自稱{org}的簡訊說卡快到期，叫我加LINE客服辦理，對方要了我的卡號和密碼。",
    ],
}

# -- 5. a customs duty notice pointing to the carrier's own site or app, or paid on delivery --------------------
DUTYMSG_EN = {
    "lang": "en",
    "brand": [("UPS", "ups.com"), ("DHL", "dhl.com"), ("Parcelforce", "parcelforce.com")],
    "genuine": [
        "{name}: import duty of 18.40 is due on your shipment 1Z999. Pay securely at https://www.{domain}/pay or"
        " pay the driver on delivery.",
        "A card from {name} said there was VAT and a handling fee to pay before they could deliver. I went to"
        " {domain} myself, entered the reference from the card and paid there.",
        "My parcel from Japan came with a {name} bill for duty and brokerage; the driver asked me to pay it at the"
        " door, and I paid by card and got a receipt.",
        "{name} emailed that customs charges were due, with the tracking number. I opened the {name} app I already"
        " use, the same charge was showing, and I paid it in the app.",
        "The tracking page on {domain} said 'customs charge raised', so I paid the fee through my account on the"
        " {name} website and the parcel arrived two days later.",
        "I collected my parcel at the {name} depot counter and paid the import tax there in person.",
    ],
    "scam": [
        "{name}: import duty of 1.99 is due on your shipment. Pay now at https://{stem}-customs-fee.top/pay or it"
        " will be returned.",
        "A card said to call {name} about a fee, and the man on the number asked for my card number and the code"
        " my bank sent.",
        "A man said he was the {name} driver and the duty had to be transferred to his personal bank account before"
        " he could leave the parcel.",
        "{name} emailed that customs charges were due, with a link to {stem}-clearance.help where I was asked for"
        " my online banking login.",
        "A caller from {name} said customs was holding my parcel and I had to pay the duty in gift cards.",
        "Someone claiming to be {name} customs rang and told me to install AnyDesk so he could pay the duty for me.",
    ],
}
DUTYMSG_HANT = {
    "lang": "zh-Hant",
    "org": ["DHL", "順豐", "聯邦快遞"],
    "genuine": [
        "我在國外網站買東西，報關行傳簡訊請我在EZ WAY易利委App確認委任，我自己打開App看了商品和金額一樣，就按了確認。",
        "{org}通知包裹要繳關稅，我自己上{org}官網輸入單號，金額相符就在官網刷卡繳了。",
        "{org}司機送貨時說有進口稅要付，我當場付給他並拿到收據。",
        "報關行打電話說我的包裹被海關抽驗，請我在EZ WAY App完成實名認證，我自己在App裡認證的，他沒有要任何密碼。",
        "收到{org}的稅單通知，我自己登入{org}的App，在裡面看到同樣的稅款就付了。",
        "包裹到了之後我去{org}的服務中心櫃台繳了關稅，拿了收據就領走了。",
    ],
    "scam": [
        "有人自稱報關行，說包裹被海關扣住，傳了一個連結叫我輸入信用卡號和驗證碼繳稅。",
        "自稱{org}的人打來說要繳關稅，叫我匯款到他給的個人帳戶。",
        "{org}司機說關稅要先轉帳到他的帳戶，不然包裹會被退回。",
        "自稱{org}客服說包裹要補稅，要我下載App讓他遠端操作幫我繳。",
        "收到自稱{org}的簡訊，說關稅未繳，點連結到{org}-tax-pay.top填寫卡號。",
        "有人說是海關，說包裹有違禁品，要我把存款轉到監管帳戶。",
    ],
}
DUTYMSG_ZH = {
    "lang": "zh",
    "org": ["顺丰", "EMS", "DHL"],
    "genuine": [
        "{org}短信说我的海淘包裹产生了进口税，我自己在{org}官方App里查到税单，核对金额后在App里缴了。",
        "快递员送货时说包裹有关税要交，我当面用{org}的官方收款码付了，拿了电子发票。",
        "收到{org}的税费通知，我自己登录{org}官网输入运单号，金额一样就在官网缴纳的。",
        "海关通知我的包裹需要补充申报，我自己登录了海关官方的App，按要求上传了订单截图，没有付任何钱。",
        "我去{org}营业网点柜台交了进口税，拿到完税凭证就取走了包裹。",
        "{org}客服电话通知我包裹要交税，让我在官方App里自助缴纳，我自己打开App看到税单就缴了，对方没要任何密码。",
    ],
    "scam": [
        "有人打电话说是{org}的，包裹被海关扣了要交关税，让我转到他给的个人银行卡上。",
        "自称{org}客服的人说包裹要补税，发了一个链接让我填银行卡号和验证码。",
        "{org}快递员说关税要先转到他微信上，不然包裹要退回。",
        "自称海关的人说我的包裹里有违禁品，要我把钱转到安全账户配合调查。",
        "自称{org}的人说关税要马上交，让我下载会议App共享屏幕由他帮我缴。",
        "收到自称{org}的短信说有税未缴，点链接进去要我输入支付密码。",
    ],
}

# -- 6. a hotline operator's own note: the prefix is the operator's words, not the caller's claim ------------
OPERATOR_ZH = {
    "lang": "zh",
    "prefix": ["来电人说：", "来电人称，", "据来电人讲，", "来电者反映："],
    "genuine": [
        "{prefix}她在淘宝买的衣服有破损，自己在App里申请了退货，钱已经原路退回了，想确认一下是不是正常。",
        "{prefix}他收到顺丰的短信说包裹在快递柜，凭取件码已经取到了，问这样的短信安不安全。",
        "{prefix}她上周报案丢了手机，今天派出所打电话让她去做笔录，没有要钱，想问是不是真的派出所。",
        "{prefix}他收到银行短信问一笔消费是不是本人，他打了卡背面的电话，客服说卡已经冻结并补发新卡。",
        "{prefix}她自己打了京东官方客服电话投诉，客服说给她补偿一张优惠券，问是不是正常流程。",
        "{prefix}他在银行柜台给女儿交了学费，想问转账记录要不要保留。",
    ],
    "scam": [
        "{prefix}有人自称淘宝客服打来，说她买的衣服有质量问题要理赔，让她下载会议软件共享屏幕。",
        "{prefix}他接到自称顺丰的电话说快递丢了，让他把收到的验证码报给对方。",
        "{prefix}她接到自称派出所的电话，说她涉嫌洗钱，让她把钱转到安全账户。",
        "{prefix}他收到短信说银行卡被冻结，点链接输入了卡号和密码。",
        "{prefix}她接到自称京东金融的电话，说要注销学生账户，让她在借呗借钱转到对方账户。",
        "{prefix}对方自称银行客服，让他去ATM把钱转到一个新账户。",
    ],
}
OPERATOR_HANT = {
    "lang": "zh-Hant",
    "prefix": ["據來電者稱，", "來電者表示：", "來電民眾說，"],
    "genuine": [
        "{prefix}她收到中華郵政的招領通知單，已經自己到郵局櫃台領了包裹，想確認通知單是不是真的。",
        "{prefix}他在蝦皮App申請退貨，款項已經退回原本的信用卡，想問這樣是否正常。",
        "{prefix}她之前報案機車被偷，今天派出所打電話請她去做筆錄，沒有提到錢。",
        "{prefix}他收到銀行簡訊說有筆刷卡異常，他自己打卡片背面的電話，銀行已經幫他停卡。",
        "{prefix}她自己打momo官方客服說商品壞了，客服說會退款到原付款方式。",
        "{prefix}他收到EZ WAY的通知，自己在App裡確認了委任，想問是不是要付錢。",
    ],
    "scam": [
        "{prefix}有人自稱蝦皮客服，說訂單誤設分期，要她去ATM操作解除。",
        "{prefix}他接到自稱中華郵政的電話，說包裹有違禁品，電話被轉給檢察官要他匯款。",
        "{prefix}她接到自稱銀行專員的電話，要她把收到的驗證碼唸出來。",
        "{prefix}他收到簡訊說包裹地址不完整，點連結輸入了信用卡號。",
        "{prefix}有人自稱警察說她涉及洗錢，要她把錢轉到安全帳戶。",
        "{prefix}對方自稱客服，叫他下載App讓對方遠端操作手機。",
    ],
}
OPERATOR_EN = {
    "lang": "en",
    "prefix": ["Caller says ", "Caller states that ", "Per the caller, ", "Caller reports that "],
    "genuine": [
        "{prefix}she got a text from her bank asking whether a payment was hers; she rang the number on the back of"
        " her card and the bank blocked the card.",
        "{prefix}he reported his stolen bike last week and the police rang today to ask him to come in and give a"
        " statement; nothing was asked of him.",
        "{prefix}she started a return in the Amazon app and the refund has already gone back to her card.",
        "{prefix}he paid import duty on the DHL website after typing in the tracking number himself.",
        "{prefix}she called her energy supplier's number from the bill about a refund and they credited her account.",
        "{prefix}the driver rang from outside his door and he signed for the parcel; he wants to know if that is"
        " normal.",
    ],
    "scam": [
        "{prefix}a man claiming to be from her bank asked her to read out the one-time code to stop a payment.",
        "{prefix}someone said he was from Amazon and had her install AnyDesk to process a refund.",
        "{prefix}a caller posing as the police told her to move her savings to a safe account.",
        "{prefix}he got a text about a parcel fee and entered his card details on the link.",
        "{prefix}a woman from the tax office said he would be arrested unless he paid in gift cards today.",
        "{prefix}a caller said to be from her bank told her to transfer her money to a new account he read out.",
    ],
}

# -- 7. a sign-in or verification code the person did not ask for, with nobody asking for it -------------------
CODE_EN = {
    "lang": "en",
    "org": ["WhatsApp", "Google", "my bank", "PayPal"],
    "genuine": [
        "I got a verification code from {org} that I never requested. Nobody has contacted me about it, so I ignored"
        " it and changed my password in the app.",
        "A text from {org} had a login code I didn't ask for. I didn't share it with anyone and turned on two-step"
        " verification in my account settings.",
        "Someone seems to have tried to sign in: {org} sent me a one-time code out of the blue. No one has asked me"
        " for it; I checked my account and reset the password.",
        "{org} sent me a security code this morning and I hadn't tried to log in. I deleted the text and checked the"
        " devices list in the official app myself.",
        "I received a {org} code I didn't expect, so I logged into my account myself, saw a failed sign-in attempt and"
        " changed my password.",
        "A {org} code arrived while I was asleep; I didn't pass it on to anybody and reported the attempt in the app.",
    ],
    "scam": [
        "I got a verification code from {org} that I never requested, and then a man rang saying he had sent it by"
        " mistake and asked me to read it back to him.",
        "A text from {org} had a login code, and right after someone messaged me on WhatsApp pretending to be a"
        " friend and asked me to forward it.",
        "{org} sent me a code, and a caller claiming to be {org} support said I had to tell him the code to stop"
        " the hacker.",
        "I received a {org} code, then a text said to confirm it at {stem}-verify-login.com with my password.",
        "A {org} code arrived, and a woman from the security team called and asked me to read it out so she could"
        " secure my account.",
        "{org} sent me a code I didn't request and a caller said he needed it to cancel a transfer from my account.",
    ],
}
CODE_ZH = {
    "lang": "zh",
    "org": ["微信", "支付宝", "淘宝"],
    "genuine": [
        "我突然收到{org}的验证码短信，可我没有登录，也没有人找我要，我就自己打开{org}App改了密码。",
        "收到一条{org}的登录验证码，不是我操作的，我没告诉任何人，自己在App里查了登录设备。",
        "半夜收到{org}验证码，我没理它，第二天自己登录{org}看了一下账户，一切正常。",
        "今天莫名收到{org}发来的验证码，没有人联系我，我自己在App的安全中心开启了双重验证。",
        "收到{org}的验证码提醒说有人尝试登录，我没把验证码给任何人，自己改了密码。",
        "我收到{org}验证码，但我没有申请，我自己打了{org}官方客服电话问，客服说有人输错了手机号。",
    ],
    "scam": [
        "我突然收到{org}的验证码，接着有人打电话说是发错了，让我把验证码告诉他。",
        "收到{org}验证码后，一个自称{org}客服的人来电说账户被盗，要我报验证码帮我冻结。",
        "收到{org}的验证码，随后有个冒充朋友的人发微信让我把验证码转发给他。",
        "收到{org}验证码后，又来一条短信让我点链接输入验证码和密码确认身份。",
        "对方说是{org}安全中心的，刚发了验证码，让我念给他才能取消异常转账。",
        "收到{org}的验证码，接着有人说是快递员，说派件需要这个验证码，让我告诉他。",
    ],
}

# -- 8. a real courier fee told as a complaint: the amount is real, the channel is the courier's own ----------
FEEBLOG_EN = {
    "lang": "en",
    "brand": [("Canada Post", "canadapost.ca"), ("UPS", "ups.com"), ("Parcelforce", "parcelforce.com")],
    "genuine": [
        "I was annoyed to find a {name} card saying I owed 9.95 in handling plus tax on a gift from my aunt before"
        " they would hand it over. Steep, but I paid it at the post office and took the parcel home.",
        "Ordered boots from the States and {name} billed me 31 in duty and brokerage. The bill came with the parcel"
        " and I paid online at {domain} using the number on it; it is a real fee, just an expensive one.",
        "People online call the {name} brokerage fee a scam, but it isn't: my parcel showed the charge on the"
        " tracking page at {domain}, and the driver took the payment at the door.",
        "My {name} parcel was held for import VAT and a clearance fee. I checked the amount on {domain} myself,"
        " paid it there, and it was delivered the next day.",
        "The letter from {name} said they could not argue about customs charges, so I paid the 28 they asked through"
        " their own site; I'm disputing the amount with the seller instead.",
        "Got a {name} notice for duty on a watch I bought abroad. It matched what the tracking on {domain} said, so"
        " I paid it when I collected the parcel at the depot.",
    ],
    "scam": [
        "I was annoyed to get a {name} text saying I owed 1.45 in handling before they would hand over my parcel,"
        " with a link to {stem}-handling-fee.top asking for my card details.",
        "Ordered boots from the States, and someone claiming to be {name} called about 31 in duty and told me to"
        " pay it in gift cards to release the parcel.",
        "A man said he was the {name} driver and the brokerage fee had to go to his personal account by transfer"
        " before he could leave the parcel.",
        "My parcel was supposedly held by {name} for import VAT; the email linked to {stem}.customs-release.help"
        " and the page asked for my online banking password.",
        "A caller from {name} said customs charges were due and that I had to read him the code my bank sent to"
        " confirm the payment.",
        "Got a {name} notice for duty, and the number on it put me through to a man who wanted me to install an app"
        " so he could take the payment for me.",
    ],
}

# -- 9. a bank's fraud call the person checked through a number of their own -------------------------------------
CHECKED_EN = {
    "lang": "en",
    "org": ["my credit card company", "Citi", "Westpac", "Santander"],
    "genuine": [
        "I had a call from {org} asking about a purchase over the weekend. I wasn't sure, so I hung up and called"
        " the number on the back of my card; they confirmed the first call was theirs and cancelled the card.",
        "A fraud analyst from {org} rang about two charges. I asked to call back, looked up the number on their"
        " official website myself, and the team there had the same case open; they sent a new card.",
        "After a call from {org} about a strange payment, I logged into my banking app and there was a fraud alert"
        " waiting; I marked the payment as not mine and that was it.",
        "{org} called to check a transaction. I was suspicious, so I rang the number printed on my statement, and"
        " they said it was a genuine fraud check and the payment had been stopped.",
        "The fraud department of {org} phoned about an online charge. I didn't give anything over the phone; I went"
        " into my branch the next morning and they confirmed the block was real.",
        "I almost ignored the call from {org}, but I phoned back on the number from their website and the agent"
        " confirmed the charge had been declined and my card replaced.",
    ],
    "scam": [
        "I had a call from {org} about a weekend purchase. I called back the number the caller gave me, and the same"
        " man answered and asked for the code he had just sent.",
        "A fraud analyst from {org} rang about two charges and said I had to move my savings to a safe account"
        " before the fraudsters took them.",
        "After a call from {org} about a strange payment, the caller asked me to log in while he watched my screen"
        " through an app he had me download.",
        "{org} called to check a transaction and asked me to confirm my full card number, expiry date and the three"
        " digits on the back.",
        "The fraud department of {org} phoned and told me to withdraw cash and hand it to a courier they would send"
        " to keep it safe.",
        "I almost ignored the call from {org}; the agent said that to stop the payment I had to read out the"
        " one-time passcode from the text.",
    ],
}

# -- 10. a renewal or auto-debit notice in the service's own words, in Chinese -------------------------------------
RENEWMSG_ZH = {
    "lang": "zh",
    "org": ["爱奇艺", "优酷", "网易云音乐"],
    "genuine": [
        "【{org}】尊敬的会员，您的连续包月将于明日自动续费15元，如需取消请在App“我的-会员-自动续费”中关闭。",
        "收到{org}的短信说自动续费扣了25元，我自己打开{org}App看了订单记录，确实是我之前开通的，就在App里关掉了。",
        "{org}发来提醒，说年度会员下周到期会自动扣款，可以在官方App里管理，我没理它，照常续了。",
        "我发现微信每个月都扣{org}的钱，后来自己在微信的支付设置里找到自动续费，把它关了。",
        "【{org}】您的会员自动续费扣款成功，金额19元，详情可在App内查看，客服电话见官网。",
        "{org}扣了一年的会员费我才发现，自己打了{org}官方客服电话，客服说可以在App里申请退订，我就在App里办了。",
    ],
    "scam": [
        "自称{org}客服的人打电话说我的会员到期要自动扣费每月800元，要取消得下载会议软件共享屏幕。",
        "收到短信说{org}会员将自动续费，取消请点击链接，进去要填银行卡号和验证码。",
        "对方说是{org}的，说我开通了百万保障会自动扣费，让我把钱转到他给的账户才能关闭。",
        "{org}客服打来说自动续费扣错了要退款，让我打开借呗借出额度再转给他验证。",
        "有个自称{org}工作人员的人加我微信，说关闭自动续费需要我提供收到的验证码。",
        "自称{org}客服说我的会员影响征信，要我按他的指示去银行App里操作转账。",
    ],
}
RENEWMSG_HANT = {
    "lang": "zh-Hant",
    "org": ["Netflix", "KKBOX", "Disney+"],
    "genuine": [
        "【{org}】您的方案將於下個月自動續訂，費用為新台幣390元，如要取消請至官方網站的帳戶設定。",
        "收到{org}的通知說信用卡扣了月費，我自己登入{org}帳戶看了帳單紀錄，確實是我訂的，就在帳戶裡取消了。",
        "{org}寄信提醒年繳方案快到期會自動扣款，可以在官方App管理，我沒理它照常續訂。",
        "我發現信用卡每個月都有{org}的扣款，自己在{org}的帳戶設定裡把自動續訂關掉了。",
        "【{org}】您的月費已扣款成功，明細可在App內查詢，客服電話請見官網。",
        "{org}扣了一年的錢我才發現，自己打{org}官方客服電話，客服說可以在帳戶裡退訂，我就在帳戶裡辦了。",
    ],
    "scam": [
        "自稱{org}客服的人打來說我的會員被設成自動扣款每月扣三千，要我去ATM操作解除。",
        "收到簡訊說{org}帳戶扣款失敗會被停用，要點連結更新信用卡資料和驗證碼。",
        "對方說是{org}的，說訂閱設定錯誤要取消，叫我把網銀帳號密碼給他處理。",
        "{org}客服打來說重複扣款要退款，要我下載App讓他遠端操作幫我取消。",
        "有個自稱{org}人員的人加我LINE，說取消續訂需要我提供收到的簡訊驗證碼。",
        "自稱{org}客服說要取消分期扣款，叫我照他指示用網銀轉帳到他給的帳戶。",
    ],
}

# -- 11. a real pick-up notice: a station or locker code, a counter, no fee and no link of anyone's --------------
PICKUP_ZH = {
    "lang": "zh",
    "org": ["菜鸟驿站", "丰巢", "兔喜生活"],
    "genuine": [
        "【{org}】您的包裹已到小区门口的站点，凭取件码8-2-3015取件，营业时间8点到21点。",
        "收到{org}的短信，说包裹到了，给了一个取件码，我下班自己过去报了取件码就拿到了。",
        "{org}发短信说包裹放了三天还没取，提醒我尽快去取，我去了一趟报取件码拿走了，什么钱都没交。",
        "快递员说放{org}了，我打开淘宝App看到了取件码，自己去站点取的。",
        "【{org}】取件码已发送，请本人凭码到柜机取件，如有疑问请联系官方客服。",
        "我在{org}取包裹的时候工作人员问我要取件码，我报了就给我了，这是正常的取件。",
    ],
    "scam": [
        "收到短信说是{org}，包裹滞留需要重新派送，让我加快递员微信再交五元费用。",
        "自称{org}工作人员的人打电话说包裹丢了要理赔，让我把收到的验证码报给他。",
        "收到短信说{org}的包裹超期要收保管费，点链接填写银行卡号支付。",
        "有人说是{org}的，说取件要先认证身份，让我下载一个App共享屏幕。",
        "自称{org}的人说包裹里有违禁品，把电话转给警察，让我把钱转到安全账户。",
        "收到{org}的短信说包裹地址错误，让我扫短信里的二维码补交运费。",
    ],
}
PICKUP_HANT = {
    "lang": "zh-Hant",
    "org": ["7-ELEVEN", "全家", "中華郵政i郵箱"],
    "genuine": [
        "【{org}】您的包裹已送達門市，請攜帶證件於七日內取貨，取貨時請出示取件碼。",
        "收到{org}的簡訊說包裹到了，我自己到門市報了手機末三碼，付了當初選的貨到付款金額就拿到了。",
        "{org}通知包裹快要退回，提醒我盡快去拿，我去門市出示取件碼領走了，沒有多付任何錢。",
        "我在購物網站的訂單頁面看到{org}的取貨資訊，自己去門市拿的。",
        "郵差留了招領通知單，我帶著通知單和身分證去{org}領了包裹。",
        "{org}店員問我要取件碼和姓名，我講了就拿到包裹，這是正常的取貨流程。",
    ],
    "scam": [
        "收到自稱{org}的簡訊說包裹配送失敗，要點連結補繳運費並輸入信用卡號。",
        "自稱{org}的人打來說我的取貨設定錯誤變成分期付款，要我去ATM操作取消。",
        "收到簡訊說{org}的包裹滯留，要我加LINE客服再把驗證碼傳給他。",
        "有人說是{org}，說領包裹要先驗證身分，叫我下載App讓他遠端操作。",
        "自稱{org}的人說包裹被扣留，要我匯款到他給的帳戶才能放行。",
        "收到{org}的簡訊說地址錯誤，叫我掃簡訊裡的QR code付清補件費。",
    ],
}

FAMILIES: dict[str, dict] = {
    "police_zh": POLICE_ZH,
    "police_hant": POLICE_HANT,
    "police_yue": POLICE_YUE,
    "police_en": POLICE_EN,
    "selfcs_zh": SELFCS_ZH,
    "selfcs_hant": SELFCS_HANT,
    "selfcs_yue": SELFCS_YUE,
    "selfcs_en": SELFCS_EN,
    "delivery_zh": DELIVERY_ZH,
    "delivery_hant": DELIVERY_HANT,
    "delivery_yue": DELIVERY_YUE,
    "delivery_en": DELIVERY_EN,
    "alertmsg_en": ALERTMSG_EN,
    "alertmsg_zh": ALERTMSG_ZH,
    "alertmsg_hant": ALERTMSG_HANT,
    "dutymsg_en": DUTYMSG_EN,
    "dutymsg_hant": DUTYMSG_HANT,
    "dutymsg_zh": DUTYMSG_ZH,
    "operator_zh": OPERATOR_ZH,
    "operator_hant": OPERATOR_HANT,
    "operator_en": OPERATOR_EN,
    "code_en": CODE_EN,
    "code_zh": CODE_ZH,
    "feeblog_en": FEEBLOG_EN,
    "checked_en": CHECKED_EN,
    "renewmsg_zh": RENEWMSG_ZH,
    "renewmsg_hant": RENEWMSG_HANT,
    "pickup_zh": PICKUP_ZH,
    "pickup_hant": PICKUP_HANT,
}
SIDES = ("genuine", "scam")
HELD_OUT_EVERY = 3  # frame index % 3 == 2: held out


def held_out(index: int) -> bool:
    """Whether the frame at `index` (within its family and side) is held out."""
    return index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1


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
            names["stem"] = "".join(ch for ch in str(value).lower() if ch.isalnum()) or "secure"
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
