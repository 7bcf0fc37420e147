"""A full scam structure is called `scam`, not only "suspicious", in every language and script.

The matrix (tests/scam_structure_matrix.py): a claimed role x a demand no genuine company makes x the
channel x the language (English, Indian / Singapore English, mainland Chinese, Taiwan zh-Hant, written
Cantonese) x how it is told. The held-out third of every wording family was never used to change the
knowledge; it is judged in aggregate, per language. The genuine twins (the same companies, the person
acting in the company's own app, site or counter) are never called a scam.
"""

from __future__ import annotations

import itertools

import pytest
from scam_structure_matrix import ASKS, CHANNELS, LANGS, ROLES, STYLES, scam_cases, twin_cases

CASES = scam_cases()
TUNED = [c for c in CASES if not c.held]
HELD = [c for c in CASES if c.held]

# Share called `scam`, per language. Measured when the knowledge was changed (before -> after):
# tuned  en 0.94 -> 1.00, en_asia 0.74 -> 1.00, zh 0.81 -> 1.00, tw 0.87 -> 0.97, yue 0.77 -> 0.96;
# held   en 0.68 -> 1.00, en_asia 0.57 -> 0.80, zh 1.00 -> 1.00, tw 0.90 -> 0.96, yue 0.78 -> 0.90.
# (The tw / yue misses left are forwarded "group announcement" posts, read as warnings by nlu/telling.py.)
TUNED_AT = {"en": 0.97, "en_asia": 0.97, "zh": 0.97, "tw": 0.94, "yue": 0.93}
HELD_AT = {"en": 0.95, "en_asia": 0.75, "zh": 0.95, "tw": 0.92, "yue": 0.85}

# Genuine twins the analyzer already called a scam before this matrix existed (an unrelated error:
# a customs charge paid on the courier's own site read as a fee demand; a code typed in the bank's
# own app read as a code asked for). Left to the work on genuine contacts flagged.
KNOWN_GENUINE_CALLED_SCAM = (
    "went to the Royal Mail website myself",
    "SMS say customs duty need to pay",
    "App让我输入自己手机收到的验证码",
)


def test_the_matrix_covers_every_cell_twice():
    cells = {(c.lang, c.role, c.ask, c.channel, c.style) for c in TUNED}
    assert cells == set(itertools.product(LANGS, ROLES, ASKS, CHANNELS, STYLES))
    assert {(c.lang, c.role, c.ask, c.channel, c.style) for c in HELD} == cells
    assert len({c.text for c in CASES}) > 0.9 * len(CASES)  # the wordings, orgs and frames vary


@pytest.fixture(scope="module")
def verdicts(analyzer):
    return {c.text: analyzer.analyze(c.text).verdict for c in CASES}


def _rates(cases, verdicts):
    out = {}
    for lang in LANGS:
        mine = [c for c in cases if c.lang == lang]
        out[lang] = sum(verdicts[c.text] == "scam" for c in mine) / len(mine)
    return out


def test_tuned_structures_are_called_a_scam_in_every_language(verdicts):
    rates = _rates(TUNED, verdicts)
    missed = [c.text for c in TUNED if verdicts[c.text] != "scam"]
    assert all(rates[lang] >= at for lang, at in TUNED_AT.items()), (rates, missed[:8])


def test_held_out_structures_are_called_a_scam_in_every_language(verdicts):
    rates = _rates(HELD, verdicts)
    assert all(rates[lang] >= at for lang, at in HELD_AT.items()), rates  # (held-out rows are not printed)


def test_every_demand_and_every_role_is_a_scam_somewhere_in_each_language(verdicts):
    """No demand family and no role is left at "suspicious" throughout a language."""
    for lang, family in itertools.product(LANGS, [*ASKS, *ROLES]):
        mine = [c for c in TUNED if c.lang == lang and family in (c.ask, c.role)]
        assert sum(verdicts[c.text] == "scam" for c in mine) >= 0.75 * len(mine), (lang, family)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            t,
            id=f"{lang}-{role}-{i}",
            marks=[pytest.mark.xfail(reason="genuine contact called a scam before this change", strict=False)]
            if any(k in t for k in KNOWN_GENUINE_CALLED_SCAM)
            else [],
        )
        for i, (t, lang, role) in enumerate(twin_cases())
    ],
)
def test_the_genuine_twins_are_never_called_a_scam(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict != "scam", (text, [e.indicator for e in result.red_flags])


@pytest.mark.parametrize(
    "text",
    [
        # a company the knowledge has never heard of, presented as such, with a demand no company makes
        "A woman saying she was from Quillbank security rang and told me to read out the code sent to my phone.",
        "Got call from one Zentrix Telecom executive, ask me download AnyDesk app and give him the code.",
        "收到短信：【某某物流】您的包裹丢失要理赔，请把卡里的钱转到安全账户。",
        "有個話係某某電訊職員嘅人打嚟，叫我講個驗證碼俾佢聽。",
        "一個自稱某某銀行行員的人打來，要我把存款轉到監管帳戶。",
    ],
)
def test_a_role_not_on_file_with_a_scam_demand_is_a_scam(analyzer, text):
    assert analyzer.analyze(text).verdict == "scam"


@pytest.mark.parametrize(
    "text",
    [
        # the same demands with no company, official or office claimed: no "who" by structure
        "My cousin messaged and asked me to read out the code sent to my phone.",
        "I moved my savings from one account to another in my banking app myself.",
        "我表哥发微信让我把手机收到的验证码告诉他。",
        "我自己在网银里把钱转到了我另一张卡。",
    ],
)
def test_no_role_claimed_is_no_who(text):
    from nlu.analyzer import _CLAIMED_ROLE
    from nlu.normalize import fold

    assert not any(p.search(fold(text)) for p in _CLAIMED_ROLE)


def test_no_role_claimed_is_not_a_scam_by_structure(analyzer):
    assert analyzer.analyze("My cousin messaged and asked me to read out the code sent to my phone.").verdict != "scam"


# Free retellings outside the matrix's frames (written for this test): the role and the demand in
# separate sentences, a call passed on to "the police", Cantonese and Taiwan wordings of each demand.
FREE_SCAMS = [
    "頭先有個女人打嚟，自稱係中銀香港反詐騙組，話我個戶口有人想轉走錢，要我即刻開網上理財將啲錢轉去佢哋嘅保障戶口。",
    "有個男仔WhatsApp我，話佢係HKTVmall售後，話我張單出錯要退錢，叫我喺佢畀嘅網頁入埋張卡嘅有效日期同背面三個字。",
    "阿爸收到電話話係衞生署，話佢張身份證喺大陸俾人用咗，轉駁咗去公安，公安叫佢開Zoom同埋分享畫面。",
    "收到短訊話係香港郵政，話個包裹要補郵費，叫我撳連結付款，我俾咗信用卡資料佢，之後有人打嚟叫我報埋個OTP。",
    "有人打嚟講係數碼通，話我部機欠費要截線，叫我去便利店買充值卡然後將卡背啲數字講俾佢聽。",
    "我媽接到自稱警察的電話，說她的帳戶被詐騙集團利用，要她把定存解約，把錢匯到法院的監管帳戶。",
    "一個自稱台灣大哥大客服的人傳LINE給我，說我的門號被盜用，要我去超商用ibon印繳費單付款解除。",
    "接到電話說是中華郵政，說我的包裹裡有毒品，接著轉給刑事局的警官，警官叫我下載一個App讓他們監看我的手機。",
    "自稱玉山銀行的人打來說我被設成分期付款，要我拿提款卡去ATM照他的指示按，說這樣才能取消。",
    "有人用簡訊自稱國稅局，說我有退稅，要點連結登入網路銀行帳號密碼領取。",
    "收到一個電話話係匯豐信用卡中心，叫我將張卡嘅號碼同到期日話俾佢知，話要幫我加強保安。",
    "有個人打嚟話係入境處，話我有份文件未攞，然後轉咗去警察，警察叫我將銀行啲錢轉去一個指定嘅戶口調查。",
    "A lady rang and said she was calling from my bank's fraud unit. She said my card had been cloned. Then she asked me to move my money to a new account she would open for me.",
    "Got call from one guy say he is from MOH, my vaccination record got problem, then transfer me to police, police ask me to install one app so they can see my phone.",
    "The text said it was from the post office and my parcel was on hold. I clicked and it asked for my card number and the code from my bank, which I gave.",
    "He said he was from Amazon and that someone ordered an iPhone on my account. To stop it he needed me to go and buy Apple gift cards and read him the numbers.",
    "Caller ID showed my bank's name. The man asked me to confirm my identity by reading out the passcode they had just texted.",
    'Someone from "Microsoft support" called me and wanted me to let him connect to my laptop to remove a virus.',
    "A caller posing as an IRS agent told me I owed back taxes and must pay today with Google Play cards or be arrested.",
    "Received WhatsApp from someone claiming DBS, saying my account will be suspended, need to key in my iBanking user ID and PIN at the link.",
    "对方说是京东金融的，说我的学生贷款没注销会影响征信，让我把微粒贷里的钱借出来转到他们指定的账户里注销。",
    "今天一个自称顺丰快递的人打电话说我的快递丢了要理赔，让我下载一个叫瞩目的软件，开屏幕共享指导我操作。",
    "一个陌生号码打过来说是市公安局的，说我涉嫌洗钱，需要把资金转入安全账户接受调查，还不让我告诉家人。",
    "自称是抖音客服，说我开通了直播会员每月扣费，让我打开支付宝按他说的操作关闭。",
]

# The same words in genuine use: a gift card bought as a present, a refund or loan paid with no fee,
# a charge cancelled in the person's own app, a notice signed by the company that asks nothing.
FREE_GENUINE = [
    "I bought a Google Play gift card at the supermarket for my nephew's birthday and gave it to him.",
    "我在京东买了一张E卡，送给同事当生日礼物。",
    "我去超商買了GASH點數卡，自己儲值到遊戲帳號。",
    "我喺便利店買咗張遊戲點數卡俾個仔做生日禮物。",
    "The bank told me the refund would be credited to my account within five working days, with no fee.",
    "贷款审批通过后，银行说三个工作日内放款，没有收任何费用。",
    "I followed the steps in my banking app to cancel the direct debit myself.",
    "我自己在支付宝里按步骤关闭了视频会员的自动续费。",
    "我自己喺網上銀行跟住指示取消咗個月費計劃。",
    "I rang the number on the back of my card and the bank's fraud team told me they had blocked the card and a new one would come by post.",
    "The man from the energy company came to read the meter and showed his ID badge.",
    "我打了银行卡背面的客服电话，客服说那笔交易已经拦截了，新卡会寄给我。",
    "收到【招商银行】短信，说我的信用卡账单已出，我自己打开招商银行App还了款。",
    "Got this text: Singtel: your bill for this month is ready, view it in the My Singtel app.",
    "收到呢個短訊：【中銀香港】你嘅信用卡月結單已經出咗，請登入中銀香港App查閱。",
]


@pytest.mark.parametrize("text", FREE_SCAMS)
def test_free_retellings_of_the_structure_are_a_scam(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict == "scam", (text, result.verdict, [e.indicator for e in result.red_flags])


@pytest.mark.parametrize("text", FREE_GENUINE)
def test_the_same_words_in_genuine_use_are_not_a_scam(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict != "scam", (text, [e.indicator for e in result.red_flags])
