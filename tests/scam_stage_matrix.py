"""A generated matrix of scam accounts whose script stages are told in ways the other matrices lack (used by
`tests/test_scam_stage_matrix.py`; run as a script it prints the figures per family and language).

Families (who x pretext x ask, in English, mainland Chinese, Taiwan zh-Hant and written Cantonese):
- done: the ask told as already done by the person ("I read out the code", 我在他发的链接里填了卡号,
  我跟佢講裝咗個App) after a contact in a company's name with a pretext;
- cutoff: a phone line, power, gas or water "cut tonight" for an unpaid bill, paid their way (a transfer to
  an account they give, their link, a code or QR code they send, gift cards);
- handover: a courier's or post's call about a parcel with drugs or fake papers, handed to "the police",
  "customs" or "the embassy" (referred, put through, told to speak to its officer at once);
- collect: "the police", a prosecutor or the bank's security team say the person's money is caught in a case,
  and the savings are to be drawn out in cash for someone they send to collect (UK courier fraud, 面交);
- bank_cancel: a membership, agent status or pay-later plan "opened by mistake", to be cancelled through
  a bank (its app, a cash machine, a "bank officer" put on the line).

Every part is a family of three wordings written here for this matrix (none comes from a development set, a
test set, a report or an issue). The third of each family is held out: HELD rows are built only from the
third wordings and were written before the analyzer was measured on them; they are judged in aggregate.

The twins use the same companies and the same words (a code, a card number, an app and its permissions, an
overdue bill and a cut-off, customs and the police, cancelling a membership or a direct debit), done
through the person's own channel. They must not be flagged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

HELD = 2  # the index of the held-out wording in every family of three
LANGS = ("en", "zh", "tw", "yue")

TABLE: dict[str, dict[str, dict[str, list[str]]]] = {
    "done": {
        "en": {
            "who": [
                "someone claiming to be Amazon customer support",
                "a woman who said she was from the eBay refunds desk",
                "a guy saying he worked for PayPal billing",
            ],
            "pretext": [
                "my order had been charged twice",
                "a refund for a broken item was waiting for me",
                "my account would be closed over a failed payment",
            ],
            "ask": [
                "I read out the six digit code from my text messages",
                "I typed my card number and the expiry into the page they sent",
                "I installed the app he named and gave it access to my phone",
            ],
        },
        "zh": {
            "who": ["一个自称京东客服的人", "一个说是支付宝理赔专员的女的", "一个号称拼多多售后的男的"],
            "pretext": ["我买的东西有质量问题要赔偿", "我的订单被重复扣款了要退钱", "我的账户异常要做认证"],
            "ask": [
                "我已经把短信验证码告诉他了",
                "我在他发的链接里填了银行卡号和有效期",
                "我按他说的下载了一个软件，还给了权限",
            ],
        },
        "tw": {
            "who": ["一個自稱蝦皮客服的人", "一個說是momo購物專員的小姐", "一個自稱露天拍賣客服的先生"],
            "pretext": ["我的訂單被設成分期付款要取消", "我買的商品有瑕疵要退款給我", "我的帳號被盜要重新驗證"],
            "ask": [
                "我已經把簡訊驗證碼唸給他了",
                "我在他傳的網頁輸入了信用卡卡號跟背面三碼",
                "我照他說的安裝了一個App，還開了權限給他",
            ],
        },
        "yue": {
            "who": ["個自稱HKTVmall客服嘅人", "個話係順豐職員嘅女仔", "個話自己係PayMe客服嘅男人"],
            "pretext": ["我張單重複扣咗錢要退返俾我", "我個包裹整爛咗要賠錢", "我個戶口有異常要驗證"],
            "ask": [
                "我已經將個短訊驗證碼講咗俾佢聽",
                "我喺佢send嘅link度入咗張信用卡號碼同到期日",
                "我跟佢講裝咗個App，仲俾晒權限佢",
            ],
        },
    },
    "cutoff": {
        "en": {
            "who": [
                "someone saying they were from Vodafone billing",
                "a man claiming to be from the electricity company",
                "a woman who said she was calling from my broadband provider",
            ],
            "pretext": [
                "my phone line would be cut off tonight over an unpaid bill",
                "my power supply would be disconnected because of an overdue balance",
                "my internet would be suspended unless the outstanding amount was settled today",
            ],
            "ask": [
                "they wanted me to transfer the money to an account they read out",
                "they sent me a link to pay the arrears with my card",
                "they asked me to pay it in gift cards from the corner shop",
            ],
        },
        "zh": {
            "who": ["一个自称中国移动客服的人", "一个说是电力公司工作人员的男的", "一个号称燃气公司的人"],
            "pretext": ["我的手机欠费了今晚就要停机", "我家电费逾期未交明天要停电", "我家燃气费拖欠了再不交就停气"],
            "ask": ["让我把钱转到他给的账户", "发了个链接让我在里面输入银行卡付款", "让我扫他发的二维码付钱"],
        },
        "tw": {
            "who": ["一個自稱中華電信客服的人", "一個說是台電人員的先生", "一個自稱自來水公司的小姐"],
            "pretext": ["我的門號欠費明天要停話", "我家電費逾期沒繳要斷電", "我家水費沒繳再不處理就停水"],
            "ask": [
                "叫我去ATM轉帳到他給的帳戶",
                "用LINE傳了一個連結叫我輸入信用卡繳費",
                "給我一組代碼叫我去超商繳給他",
            ],
        },
        "yue": {
            "who": ["個自稱中國移動香港職員嘅人", "個話係中電職員嘅男人", "個話自己係煤氣公司嘅人"],
            "pretext": ["我欠咗電話費今晚就截線", "我屋企電費逾期未交聽日停電", "我屋企煤氣費未交要停氣"],
            "ask": ["叫我用轉數快過數去佢畀嘅戶口", "send咗條link叫我入信用卡俾錢", "叫我過數去個私人戶口"],
        },
    },
    "handover": {
        "en": {
            "who": [
                "a man claiming to be from FedEx",
                "someone saying they were calling from DHL",
                "a woman who said she was with the postal service",
            ],
            "pretext": [
                "a parcel in my name had fake passports inside",
                "my package was found with drugs in it",
                "a box I sent abroad contained illegal items",
            ],
            "ask": [
                "then they handed the case over to the police and an officer came on",
                "they said I must talk to a customs officer right away and put me through",
                "the call was passed on to a narcotics officer who wanted my bank details",
            ],
        },
        "zh": {
            "who": ["一个自称顺丰客服的人", "一个说是中国邮政工作人员的男的", "一个号称DHL快递的女的"],
            "pretext": ["我寄出的包裹里查出了违禁品", "有个以我名字寄的快递里有假护照", "我的包裹里发现了毒品"],
            "ask": [
                "然后把电话转介给了公安让我配合调查",
                "说要马上跟海关人员联系说明情况",
                "接着一个自称警官的人接过电话说要查我的账户",
            ],
        },
        "tw": {
            "who": ["一個自稱黑貓宅急便的人", "一個說是中華郵政人員的先生", "一個自稱新竹物流客服的小姐"],
            "pretext": ["我的包裹裡面有違禁品", "有個用我名字寄的包裹藏了毒品", "我寄出的包裹被查到假證件"],
            "ask": ["說要把案子移交給警方處理", "叫我馬上跟檢察官通話說明", "然後幫我轉到刑事局的警官"],
        },
        "yue": {
            "who": ["個自稱順豐客服嘅人", "個話係香港郵政職員嘅男人", "個話自己係DHL嘅女仔"],
            "pretext": ["我個包裹入面有違禁品", "有個用我個名寄嘅包裹有假護照", "我寄出去個包裹搜到毒品"],
            "ask": ["話要轉介俾內地公安跟進", "叫我即刻同海關職員傾", "跟住轉咗個電話去一個自稱警察嘅人度"],
        },
    },
    "collect": {
        "en": {
            "who": [
                "a detective who said he was from the Met Police fraud unit",
                "someone claiming to be from the bank's security team",
                "a man saying he was a police inspector",
            ],
            "pretext": [
                "staff at my branch were stealing from customers",
                "my savings were linked to a fraud investigation",
                "counterfeit notes had been paid into my account",
            ],
            "ask": [
                "I had to withdraw two thousand pounds so a courier could collect it as evidence",
                "I should take out my savings in cash and an officer would come to collect them tonight",
                "I must draw out the cash and a driver they send will come and pick it up",
            ],
        },
        "zh": {
            "who": ["一个自称公安局民警的人", "一个说是检察院检察官的男的", "一个号称银行风控部的人"],
            "pretext": ["我的银行卡涉嫌洗钱", "我的账户被犯罪团伙利用了", "我名下有一笔资金涉案要核查"],
            "ask": [
                "让我把存款全部取出来交给上门的专员保管",
                "让我去银行把钱提出来，会派人来收",
                "要我把积蓄领出来，他们派来的人会到小区门口拿",
            ],
        },
        "tw": {
            "who": ["一個自稱刑事局警官的人", "一個說是地檢署檢察官的先生", "一個自稱健保局人員的小姐"],
            "pretext": ["我的帳戶涉及詐騙案", "我的健保卡被人盜用了", "我名下的帳戶被拿去洗錢"],
            "ask": [
                "叫我把定存解約領出來交給來收的專員",
                "叫我去郵局把錢領出來，會派專人到家裡收",
                "要我提領現金，他們派來的外務會來拿",
            ],
        },
        "yue": {
            "who": ["個自稱警察嘅人", "個話係內地公安嘅男人", "個話自己係銀行保安部嘅人"],
            "pretext": ["我個戶口涉及洗黑錢", "我張身份證俾人冒用咗開戶", "我啲存款有問題要調查"],
            "ask": [
                "叫我將啲錢提出嚟交俾上門嘅專員",
                "叫我去銀行攞晒啲錢出嚟，會派人嚟收",
                "要我將積蓄攞出嚟，佢哋派嚟嘅人會上門收",
            ],
        },
    },
    "bank_cancel": {
        "en": {
            "who": [
                "someone claiming to be Shopee customer service",
                "a woman who said she was from the Lazada billing team",
                "a man saying he was an Amazon account specialist",
            ],
            "pretext": [
                "my account had been signed up for a monthly pay-later plan by mistake",
                "a staff error had made me a wholesale agent to be charged every month",
                "a premium membership was wrongly switched on and would renew automatically",
            ],
            "ask": [
                "I must cancel it through a bank officer they would connect me to",
                "they told me to log into my banking app and follow their steps to stop it",
                "I should go to a cash machine and key in the numbers he reads to undo it",
            ],
        },
        "zh": {
            "who": ["一个自称淘宝客服的人", "一个说是抖音商城售后的女的", "一个号称京东金融专员的男的"],
            "pretext": [
                "我误开通了会员每个月要扣费",
                "因为工作失误我被设成了代理商要每月扣钱",
                "我的百万保障到期会自动续费",
            ],
            "ask": ["要我去银行App上操作取消", "让我按他的指示在手机银行里操作关闭", "让我去ATM按他说的步骤解除"],
        },
        "tw": {
            "who": ["一個自稱蝦皮客服的人", "一個說是博客來客服的小姐", "一個自稱momo購物專員的先生"],
            "pretext": [
                "我的訂單被誤設成分期付款每個月會扣款",
                "我被設成批發商每月要扣錢",
                "我的會員被升級成VIP會自動續費",
            ],
            "ask": ["說要轉給銀行專員教我取消", "叫我去ATM照他說的操作解除", "叫我登入網路銀行照指示取消"],
        },
        "yue": {
            "who": ["個自稱淘寶客服嘅人", "個話係HKTVmall職員嘅女仔", "個話自己係Carousell客服嘅男人"],
            "pretext": ["我唔小心開咗VIP會員每個月扣錢", "我俾人誤設咗做代理要每月扣數", "我個會員會自動續費扣一千蚊"],
            "ask": ["叫我去銀行App度操作取消", "叫我跟佢講去ATM度操作解除", "叫我同佢轉駁嘅銀行職員取消"],
        },
    },
}

FRAMES = {
    "en": [
        "Got a call from {who}: {pretext}, and {ask}. Is this legit?",
        "My mum says {who} rang her saying {pretext}; {ask}.",
    ],
    "zh": ["今天{who}打电话给我，说{pretext}，{ask}，现在怎么办？", "我妈接到{who}的电话，说{pretext}，{ask}。"],
    "tw": ["剛剛{who}打來，說{pretext}，{ask}，是真的嗎？", "我阿嬤接到{who}的電話，說{pretext}，{ask}。"],
    "yue": ["頭先{who}打嚟，話{pretext}，{ask}，係咪真㗎？", "我阿媽收到{who}電話，話{pretext}，{ask}。"],
}
# The "done" family is the writer's own act: told by the writer (the relative's frame would say "I" of two people).
DONE_FRAMES = {
    "en": [
        "Yesterday {who} rang: {pretext}. {ask}. What now?",
        "{who} messaged me on WhatsApp: {pretext}. {ask} before I thought twice.",
    ],
    "zh": ["今天{who}打电话给我，说{pretext}，{ask}，现在怎么办？", "刚才{who}加我微信，说{pretext}，{ask}。"],
    "tw": ["剛剛{who}打來，說{pretext}，{ask}，怎麼辦？", "{who}用LINE傳訊息給我，說{pretext}，{ask}。"],
    "yue": ["頭先{who}打嚟，話{pretext}，{ask}，點算？", "今朝{who}WhatsApp我，話{pretext}，{ask}。"],
}

# The same companies and words, through the person's own channel: never flagged.
TWINS: dict[str, dict[str, list[str]]] = {
    "done": {
        "en": [
            "I logged into my Amazon account and typed the six digit code from my text messages to sign in.",
            "I bought a jumper on eBay and typed my card number and the expiry at checkout myself.",
            "I installed the PayPal app from the app store and gave it access to my camera to scan my card.",
        ],
        "zh": [
            "我自己打开京东App登录，输入了短信验证码。",
            "我在拼多多下单，付款时自己填了银行卡号和有效期。",
            "我从应用商店下载了支付宝App，给了相机权限扫码。",
        ],
        "tw": [
            "我自己開蝦皮App結帳，輸入了信用卡卡號跟背面三碼。",
            "我登入momo購物網站的時候輸入了簡訊驗證碼。",
            "我從App Store安裝了露天拍賣App，開了通知權限。",
        ],
        "yue": [
            "我自己開HKTVmall App買嘢，喺付款頁入咗張信用卡號碼。",
            "我登入PayMe嗰陣入咗個短訊驗證碼。",
            "我喺App Store裝咗順豐App，俾咗位置權限佢。",
        ],
    },
    "cutoff": {
        "en": [
            "Vodafone emailed that my bill is overdue and the line could be cut, so I paid it in the My Vodafone app myself.",
            "My electricity supplier sent a letter about an overdue balance before disconnection; I rang the number on my bill and paid.",
            "Got a reminder that my broadband will be suspended for the unpaid bill, so I logged into the provider's website myself and settled it.",
        ],
        "zh": [
            "中国移动短信提醒我话费欠费会停机，我自己在中国移动App里充了话费。",
            "电费逾期没交，我自己在国家电网App里交清了，没有停电。",
            "燃气公司贴了停气通知，我去营业厅把燃气费交了。",
        ],
        "tw": [
            "中華電信寄帳單說逾期沒繳會停話，我自己用中華電信App繳了。",
            "台電的繳費通知說電費逾期會停電，我拿帳單去超商繳了。",
            "自來水公司寄了催繳通知，我自己上官網用信用卡繳清。",
        ],
        "yue": [
            "中電寄咗封信話電費逾期未交會停電，我自己喺中電App交咗。",
            "電話公司短訊提我月費未交會截線，我自己去門市交咗。",
            "煤氣公司張單話未交會停氣，我用網上銀行自己交咗。",
        ],
    },
    "handover": {
        "en": [
            "I reported the theft of a parcel at the police station myself and they referred the case to the local CID.",
            "DHL says my parcel is held at customs for import paperwork; I uploaded the invoice in the DHL app.",
            "I went to the post office counter myself to ask about a parcel that customs had opened.",
        ],
        "zh": [
            "我自己去派出所报案说快递被人冒领了，民警把案子转给了刑警队。",
            "顺丰App提示我的包裹需要清关，我在App里上传了发票。",
            "我自己去邮局柜台问了被海关查验的包裹。",
        ],
        "tw": [
            "我自己去派出所報案，警察說案子會移交給刑事局處理。",
            "黑貓App說我的包裹要補報關資料，我在App裡上傳了。",
            "我自己去郵局櫃台問被海關查驗的包裹。",
        ],
        "yue": [
            "我自己去警署報案話個包裹俾人偷咗，警察話會交俾刑事部跟進。",
            "DHL App話我個包裹要清關文件，我喺App度上載咗張單。",
            "我自己去郵局櫃位問個俾海關查驗嘅包裹。",
        ],
    },
    "collect": {
        "en": [
            "I withdrew two thousand pounds at my branch to pay the builder, and my son collected it from me.",
            # (not "the bank sent a courier to collect my old card": no bank does that; it is courier fraud, i's
            # `collector_sent`)
            "I reported my card stolen myself in the bank's app, the new one came by post, and the police came round to take my statement.",
            "I took out my savings in cash to put into a new fixed deposit at the same bank counter.",
        ],
        "zh": [
            "我去银行把定期存款取出来，交给我女儿交学费。",
            "我自己去派出所报案后，民警上门给我做了笔录。",
            "我把积蓄提出来存进了同一家银行的大额存单。",
        ],
        "tw": [
            "我去郵局把定存解約領出來，交給我兒子繳房貸。",
            "我自己去派出所報案，警察後來到家裡幫我做筆錄。",
            "我把存款領出來改存到同一家銀行的外幣帳戶。",
        ],
        "yue": [
            "我去銀行攞咗啲錢出嚟，交俾個仔交學費。",
            "我自己去警署報案，之後警察上門幫我落口供。",
            "我將啲積蓄攞出嚟轉做同一間銀行嘅定期。",
        ],
    },
    "bank_cancel": {
        "en": [
            "I cancelled my Amazon Prime membership myself in the Amazon app, and the refund went back to my card.",
            "Shopee pay-later was switched on in my account; I turned it off in the Shopee app settings.",
            "I asked my bank to cancel a direct debit for a gym membership I no longer use.",
        ],
        "zh": [
            "我在淘宝App里自己关掉了会员自动续费。",
            "我发现每个月被扣会员费，就自己在支付宝里取消了自动扣款。",
            "我去银行柜台办理了取消信用卡分期。",
        ],
        "tw": [
            "我自己在蝦皮App裡取消了分期付款。",
            "我在momo App的會員設定裡關掉自動續費。",
            "我自己去銀行臨櫃取消了信用卡的自動扣繳。",
        ],
        "yue": [
            "我自己喺淘寶App度取消咗VIP自動續費。",
            "我喺HKTVmall App設定度熄咗自動扣數。",
            "我自己去銀行櫃位取消咗張卡嘅自動轉賬。",
        ],
    },
}


@dataclass(frozen=True)
class Case:
    text: str
    lang: str
    family: str
    held: bool


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] if text[:1].isascii() else text


def scam_cases() -> list[Case]:
    out: list[Case] = []
    for family, by_lang in TABLE.items():
        for lang, parts in by_lang.items():
            frames = (DONE_FRAMES if family == "done" else FRAMES)[lang]
            # tuned: every combination of the first two wordings, frames alternating; held: the third only
            for k, (w, p, a) in enumerate(itertools.product(range(2), repeat=3)):
                text = frames[k % 2].format(who=parts["who"][w], pretext=parts["pretext"][p], ask=parts["ask"][a])
                out.append(Case(_sentence(text), lang, family, False))
            for f in frames:
                text = f.format(who=parts["who"][HELD], pretext=parts["pretext"][HELD], ask=parts["ask"][HELD])
                out.append(Case(_sentence(text), lang, family, True))
    return out


def twin_cases() -> list[tuple[str, str, str]]:
    return [(t, lang, family) for family, by_lang in TWINS.items() for lang, texts in by_lang.items() for t in texts]


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
        if v != "scam" and not c.held:
            misses.append((v, c))
    twins = [(analyzer.analyze(t).verdict, t) for t, _, _ in twin_cases()]
    return {"lang": by_lang, "family": by_family, "misses": misses, "twins": twins}


if __name__ == "__main__":  # pragma: no cover - a measuring aid
    from knowledge import default_root, load_knowledge
    from nlu.analyzer import Analyzer

    an = Analyzer(load_knowledge(default_root()))
    for held in (False, True):
        f = figures(an, held)
        print("HELD" if held else "TUNED")
        for key, (n, scam, flagged) in sorted({**f["lang"], **f["family"]}.items()):
            print(f"  {key:12} scam {scam}/{n} = {scam / n:.2f}   flagged {flagged / n:.2f}")
        if not held:
            for v, c in f["misses"]:
                print("  miss", v, c.lang, c.family, c.text)
    for v, t in f["twins"]:
        if v not in ("no_scam_signs", "matches_genuine"):
            print("  twin", v, t)
