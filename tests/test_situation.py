"""Reading where the person is now: already gave something (by structure, zh and en), still on the call."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeError, load_knowledge
from nlu.situation import detect


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("我已经按他说的转了5000块过去了，现在怎么办", {"money"}),
        ("已经交了保证金500元", {"money"}),
        ("我已经按他说的买了礼品卡", {"money"}),
        ("我在借呗借了2万转给他了", {"loan", "money"}),
        ("我把验证码给他了", {"code"}),
        ("验证码已经告诉他了", {"code"}),
        ("刚才下载了向日葵，开了屏幕共享", {"remote"}),
        ("我把银行卡号和密码都告诉他了", {"card", "code"}),
        ("I already sent £300", {"money"}),
        ("My mum transferred 2000 dollars to them", {"money"}),
        ("I took out a loan of 5000 and sent it to him", {"loan", "money"}),
        ("I read him the code", {"code"}),
        ("I installed the app he told me to", {"remote"}),
        ("I let him control my computer", {"remote"}),
        ("I gave him my card details", {"card"}),
        # asked, planned, refused, asked about, or money coming *in*: nothing given
        ("他让我转账，我还没转", set()),
        ("他让我把验证码给他", set()),
        ("我没有给他验证码", set()),
        ("要不要转账？", set()),
        ("对方说给我转了100块", set()),
        ("他说会退款给我", set()),
        ("我上周在淘宝付了款，今天有人说快递丢了要赔偿", set()),
        ("对方说赔款打到我的借呗里了，多打了一万，让我借出来转回去", set()),
        ("我是京东客服，你的订单卡单了需要激活订单，下载向日葵共享屏幕", set()),
        ("请下载向日葵共享屏幕并提供验证码", set()),
        ("I didn't send anything", set()),
        ("he asked me to pay a fee", set()),
        ("I paid for my order last week and now Amazon calls", set()),
        ("Should I send the code?", set()),
        # notices, adverts, conditionals, failures and other people's acts
        ("您的账户已成功充值50元", set()),
        ("我们很高兴地宣布现在可以分期付款了", set()),
        ("如果转账失败了", set()),
        ("只要充值三个月会员就可以享受无利息贷款了", set()),
        ("但我微信转不了钱", set()),
        ("客服先是指导郑女士下载了一款视频会议软件", set()),
        ("于是他就付款了", set()),
        ("给了一个网址让我登录填写身份证和银行卡", set()),
        ("I got a call that there is a problem with my credit card", set()),
        ("I opened the Netflix app myself and updated my card there", set()),
        ("We have now moved in2 our new flat", set()),
    ],
)
def test_already_given_by_structure(kb, text, given):
    assert set(detect(kb.situations, text).given) == given


@pytest.mark.parametrize(
    ("text", "on_call"),
    [
        ("他现在还在电话上，让我念验证码", True),
        ("电话还没挂，他在等我", True),
        ("he's still on the line", True),
        ("I am on the phone with them right now", True),
        ("昨天有人打电话说快递丢了", False),
        ("They called yesterday about a parcel", False),
    ],
)
def test_still_on_the_call(kb, text, on_call):
    assert detect(kb.situations, text).on_call is on_call


@pytest.mark.parametrize(
    ("text", "given"),
    [
        # a question or plea after it never cancels it
        ("我刚把六位验证码报给他了怎么办", {"code"}),
        ("我已經匯了八千塊過去，該怎麼辦啊", {"money"}),
        ("我頭先過咗四萬俾佢 點算好", {"money"}),
        ("I've sent him 600 pounds, what should I do now??", {"money"}),
        # the verb opening the clause, relatives, rails, slips
        ("wired 3 grand to the 'courier' this morning", {"money"}),
        ("my gran paynow 2k to the man", {"money"}),
        ("my uncle transfered 700 dollars by interac", {"money"}),
        ("told the caller my OTP", {"code"}),
        ("我阿爸將個驗證碼話咗俾佢知", {"code"}),
        ("阿公把定存領出來交給上門收錢的人了", {"money"}),
        ("Sir I did a UPI payment of 9000 to the courier", {"money"}),
        ("my 80 year old mum handed 3000 cash to a courier at the door", {"money"}),
        # still nothing given
        ("I never made a payment to them", set()),
        ("I paid my phone bill yesterday and now a text says it failed", set()),
        ("過咗兩日佢又打嚟", set()),
        ("what do I do if they ask for the code?", set()),
        ("他说过了十分钟会再打来", set()),
    ],
)
def test_given_however_it_is_written(kb, text, given):
    assert set(detect(kb.situations, text).given) == given


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("the fella is still holding on the other line", "call"),
        ("she told my dad not to hang up", "call"),
        ("對方叫我唔好收線，仲喺度講緊電話", "call"),
        ("still on a FaceTime with the 'detective'", "video"),
        ("对方还在和我开着视频", "video"),
        ("they've taken control of my PC, the cursor is moving on its own", "computer"),
        ("我裝了TeamViewer，他還在講電話", "computer"),  # remote access + anything open: disconnect first
        ("I joined his Zoom and he's still on the phone", "meeting"),  # a meeting's share ends in the app
        ("屏幕共享现在还开着", "meeting"),
        ("I paid 200 dollars yesterday", "given"),
        ("they called yesterday about a parcel", None),
        ("he is waiting for my answer", None),
        ("我们共享成员互拨免费，你还在用吗", None),
    ],
)
def test_the_one_action_first(kb, text, action):
    assert detect(kb.situations, text).action == action


def test_quotes_are_the_persons_own_words(kb):
    s = detect(kb.situations, "我已經按他說的轉了5000塊過去了")  # traditional characters in, quoted as typed
    assert s.given == ("money",)
    assert s.quotes[0].text == "我已經按他說的轉了5000塊過去了"


def _copy_kb(tmp_path, kb):
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(kb.root, root)
    return root


def test_loader_rejects_a_contact_without_a_source(kb, tmp_path):
    root = _copy_kb(tmp_path, kb)
    text = (root / "regions.yml").read_text(encoding="utf-8")
    (root / "regions.yml").write_text(
        text.replace('sources: ["https://165.npa.gov.tw"]', "sources: []", 1), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(root)
    assert "regions.yml" in str(exc.value) and "no source given" in str(exc.value)


def test_loader_rejects_an_unknown_placeholder_in_steps(kb, tmp_path):
    root = _copy_kb(tmp_path, kb)
    text = (root / "situations.yml").read_text(encoding="utf-8")
    (root / "situations.yml").write_text(
        text.replace("transaction record: {police}", "transaction record: {polise}"), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(root)
    assert "situations.yml" in str(exc.value) and "{polise}" in str(exc.value)


def test_every_required_region_has_its_contacts(kb):
    want = {
        "CN": ["110", "96110"],
        "TW": ["165"],
        "HK": ["18222"],
        "SG": ["1799"],
        "GB": ["159", "0300 123 2040"],
        "US": ["https://reportfraud.ftc.gov"],
        "AU": ["https://www.scamwatch.gov.au", "https://www.idcare.org"],
        "CA": ["https://antifraudcentre-centreantifraude.ca"],
        "MY": ["997", "999"],
    }
    for rid, needed in want.items():
        region = kb.regions[rid]
        have = {c.number for c in region.contacts} | {c.url for c in region.contacts}
        assert set(needed) <= have, rid
        assert all(c.sources for c in region.contacts)


# The loss told by its result, not by a giving verb ("they cleaned out my savings", 我被骗了三千):
# a matrix of who × what × how it is said × a plea after it, in the writer's own words.
_RESULT_EN = [
    "the scammers took {w} my savings",
    "they drained {w} my bank account",
    "someone stole {w} my money",
    "i was conned out of 900 quid",
    "my dad got swindled out of his pension",
    "i just lost $750 to a fraudster",
    "my account has been emptied",
    "£1,200 was taken from my account",
]
_RESULT_ZH = [
    "我刚被骗了两千块",
    "我的积蓄都被骗光了",
    "我存款全被转走了",
    "卡里的钱都没了",
    "俾人呃咗三千蚊",
    "我嘅錢全部被轉走咗",
]
_PLEAS = ["", " what now??", " pls help", "，怎么办", " 點算好"]


@pytest.mark.parametrize("plea", _PLEAS)
@pytest.mark.parametrize("text", [t.format(w=w) for t in _RESULT_EN for w in ("", "all of")] + _RESULT_ZH)
def test_a_loss_told_by_its_result_is_money_given(text, plea):
    assert "money" in detect(load_knowledge().situations, " ".join(text.split()) + plea).given


@pytest.mark.parametrize(
    "text",
    [
        "my card was stolen at the gym yesterday",  # a theft, not a scam loss
        "they took my order and said it ships friday",
        "someone took my parking spot",
        "如果被骗了钱要第一时间报警",
        "很多老人的积蓄被骗光",  # a report about others
        "I lost my parcel, can you check",
    ],
)
def test_what_is_not_a_loss_of_money(text):
    assert "money" not in detect(load_knowledge().situations, text).given


# How people in each served region say they paid, gave a code or are still connected: who × how × what,
# generated, each against its own negative (asked, refused, or someone else's routine act).
_WHO_EN = ["i", "my mum", "mummy", "amma", "grandpa", "we"]
_RAILS = ["neft", "imps", "rtgs", "upi", "payid", "osko", "duitnow"]


@pytest.mark.parametrize("who", _WHO_EN)
@pytest.mark.parametrize(
    "how",
    [
        "{who} did {rail} transfer of 40,000 to the officer's account",
        "{who} made an {rail} of 1,750 to them",
        "{who} sent it via {rail} to the number he gave",
    ],
)
@pytest.mark.parametrize("rail", _RAILS)
def test_payment_rails_of_every_region_are_money_given(kb, who, how, rail):
    assert "money" in detect(kb.situations, how.format(who=who, rail=rail)).given


@pytest.mark.parametrize(
    "text",
    [
        "{who} went to the ATM like he said and pressed transfer",
        "standing at the atm, {who} selected the transfer option as instructed",
    ],
)
@pytest.mark.parametrize("who", _WHO_EN)
def test_a_press_at_the_machine_on_instructions_is_money_given(kb, text, who):
    assert "money" in detect(kb.situations, text.format(who=who)).given


@pytest.mark.parametrize("text", ["我喺ATM度撳咗轉賬", "佢教我喺提款機轉咗", "我在柜员机按了确认转账"])
def test_a_press_at_the_machine_in_chinese_is_money_given(kb, text):
    assert "money" in detect(kb.situations, text).given


@pytest.mark.parametrize(
    "text",
    [
        "he wants me to choose transfer at the atm, should i?",
        "the bank says they never ask you to go to an atm",
        "can I pay via PayID for the bike I bought?",
        "他叫我去ATM转账，我未去",
    ],
)
def test_asked_or_routine_payments_are_not_money_given(kb, text):
    assert "money" not in detect(kb.situations, text).given


@pytest.mark.parametrize("code", ["otp", "tac", "code", "6-digit pin"])
@pytest.mark.parametrize(
    "text",
    [
        "already key in the {code} lah, now he says need another",
        "already gave the {code} to him, then money gone",
        "{who} told him the numbers from the sms",
        "{who} read the {code} to the caller",
    ],
)
@pytest.mark.parametrize("who", ["i", "mummy", "my dad"])
def test_a_code_given_however_it_is_said(kb, text, code, who):
    assert "code" in detect(kb.situations, text.format(code=code, who=who)).given


@pytest.mark.parametrize(
    "text",
    [
        "the sms says never share this otp, bank staff will not ask for it",
        "I know not to give out my TAC, I refused",
        "he keeps asking for the code but I have not said it",
        "頭先佢問我攞OTP，我冇俾",
    ],
)
def test_a_code_not_given(kb, text):
    assert "code" not in detect(kb.situations, text).given


@pytest.mark.parametrize("code", ["otp", "验证码", "动态码"])
@pytest.mark.parametrize("who", ["他", "对方", "佢"])
def test_cantonese_gave_a_code_to_them(kb, code, who):
    assert "code" in detect(kb.situations, f"头先俾咗个{code}{who}，跟住户口少咗钱").given


@pytest.mark.parametrize("app", ["skype", "facetime", "whatsapp video", "a video call"])
@pytest.mark.parametrize("who", ["i'm", "we are", "my dad is", "she is"])
def test_on_a_named_video_app_with_them_is_a_video_call_still_open(kb, app, who):
    assert "video" in detect(kb.situations, f"{who} on {app} with the 'inspector' and cannot leave").ongoing


@pytest.mark.parametrize(
    "text",
    [
        "the call is still ongoing, he says he is from the bank",
        "phone call is in progress, what should I tell him",
        "he is on hold waiting as I type this",
        "she's on speaker as we speak",
    ],
)
def test_a_call_said_to_be_going_on_is_still_open(kb, text):
    assert "call" in detect(kb.situations, text).ongoing


@pytest.mark.parametrize(
    "text",
    [
        "the man has remote control of my pc and I can see the cursor",
        "he has full access to my laptop",
        "they are logged into my online banking through anydesk right now",
        "電腦仲俾人遙控緊",
        "我部手机被人远程控制着",
    ],
)
def test_a_device_still_controlled(kb, text):
    assert "computer" in detect(kb.situations, text).ongoing


def test_still_sharing_without_saying_screen(kb):
    assert "meeting" in detect(kb.situations, "he told me to share on Teams and I'm still sharing").ongoing


# The verdict agrees with the emergency step: told in plain words with no scam vocabulary at all, a
# person who gave something or is still connected is never "no scam signs".
_PLAIN_TROUBLE = [
    "{who} already sent 2,000 to the man who rang",
    "{who} read the six digit code to the caller",
    "{who} is still on the line with him right now",
    "{who} is still on a video call with the lady",
    "the man has remote control of the laptop right now",
    "我已经把钱转给他了",
    "佢仲喺電話度等緊我",
]


@pytest.mark.parametrize("who", ["I", "my mum", "grandpa"])
@pytest.mark.parametrize("text", _PLAIN_TROUBLE)
def test_a_person_in_trouble_is_never_told_no_scam_signs(analyzer, kb, text, who):
    told = text.format(who=who)
    assert detect(kb.situations, told).urgent, told
    analysis = analyzer.analyze(told)
    assert analysis.verdict not in ("no_scam_signs", "matches_genuine"), told
    assert "in_trouble" in analysis.notes or analysis.verdict in ("scam", "suspicious")


@pytest.mark.parametrize(
    "text",
    ["来电人称她刚刚把钱转给了对方", "求助人说已经把验证码告诉了对方", "the caller says she already sent him 2,000"],
)
def test_a_helpers_account_of_the_caller_is_never_told_no_scam_signs(analyzer, kb, text):
    assert detect(kb.situations, text).urgent, text
    analysis = analyzer.analyze(text)
    assert "in_trouble" in analysis.notes or analysis.verdict in ("scam", "suspicious"), analysis.verdict


@pytest.mark.parametrize("text", ["据了解，受害人已经把钱转给了对方", "警方称，事主已经把验证码告诉了对方"])
def test_a_report_of_someone_elses_past_is_not_trouble(analyzer, kb, text):
    assert not detect(kb.situations, text).urgent
    assert "in_trouble" not in analyzer.analyze(text).notes


@pytest.mark.parametrize(
    "text",
    ["I paid my phone bill and the rent this morning", "he called yesterday, I hung up", "我昨天在淘宝买了东西"],
)
def test_an_everyday_account_stays_without_signs(analyzer, text):
    assert "in_trouble" not in analyzer.analyze(text).notes


@pytest.mark.parametrize(
    "text",
    [
        "the agent was polite, told me to cut up my card and wait for a new one",
        "he gave me a reference number for the code",
        "they sent us the passcode letter",
    ],
)
def test_an_act_done_to_the_person_is_not_given(kb, text):
    assert not detect(kb.situations, text).given


@pytest.mark.parametrize("filler", ["blah ", "转发的通知内容，", "Dear customer, your parcel. "])
def test_trouble_said_at_the_end_of_a_long_text_still_counts(analyzer, filler):
    text = filler * (6000 // len(filler)) + " my dad is still on the line with him right now, what do we do"
    assert analyzer.analyze(text).verdict != "no_scam_signs"


_ALMOST = ["差点", "差一点", "差點", "差啲", "险些"]
_WHO = ["我", "我妈", "阿媽", "我老公"]
_DONE_ZH = [
    ("就把5000块转过去了", "money"),
    ("就把关税交了", "money"),
    ("把进口税付了", "money"),
    ("就把罚款交了", "money"),
    ("就把验证码告诉他了", "code"),
    ("就過咗數俾佢", "money"),
]


def test_almost_anywhere_before_the_act_means_it_did_not_happen(kb):
    """差点/差啲/险些 before the act, however far back in the clause: not given. Without it the same
    words are (the tax and fine objects included). A later clause that did happen still counts."""
    for who in _WHO:
        for done, kind in _DONE_ZH:
            assert kind in detect(kb.situations, f"{who}{done}").given, f"{who}{done}"
            for almost in _ALMOST:
                text = f"{who}{almost}{done}"
                assert detect(kb.situations, text).given == (), text
                later = f"{who}{almost}被骗，后来还是{done.removeprefix('就')}"
                assert kind in detect(kb.situations, later).given, later
