"""A frightened person's follow-up question, answered by what it asks (bot/conversation/followup.py).

After a check that found a code already given, in English, Simplified, Taiwan Traditional and
Cantonese: "should I give him another one?" gets the plain No first, "what number do I call?" the
numbers, "is it too late?" the honest answer with the steps, "why is it a scam?" the reasons in the
person's words; a request in words to delete what is kept gets /forget's question. Generated
variants of each; their twins (a safe step asked about, a scammer's "delete the chat") are not.
"""

from __future__ import annotations

import copy
import itertools

import pytest

from bot.conversation.emergency import choose_region
from bot.conversation.engine import ChatState, Engine, Incoming
from bot.conversation.followup import asks_forget, intent_of
from bot.conversation.strings import in_script, texts
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.normalize import fold
from nlu.phones import NumberIntel

NOW = 1_800_000_000.0

# One account per variety, each saying a code already went (the person's own invented wording).
ACCOUNTS = {
    "en": "Someone rang claiming to be from Amazon support about a refund for a double charge and I read out "
    "the 6 digit code from my texts to him",
    "zh": "自称京东客服的人打电话说我的订单要退款，让我报短信验证码，我已经把验证码念给他了",
    "tw": "有個自稱蝦皮客服的人打電話說我的訂單重複扣款，我已經把簡訊驗證碼告訴他了",
    "yue": "有個自稱順豐客服嘅人打嚟話要退款俾我，我已經將個驗證碼講咗俾佢",
}
LANG = {"en": "en", "zh": "zh", "tw": "zh", "yue": "zh"}


def _should_en():
    cues = ("should i {v}", "can i {v}", "is it safe to {v}", "is it ok to {v}", "do i {v}")
    things = (
        "give him the new code",
        "send them another otp",
        "pay the small fee he mentions",
        "click the link he is talking about",
        "install the remote app he wants",
    )
    for (cue, v), (lead, end) in itertools.product(
        itertools.product(cues, things), [("", "?"), ("ok so ", ""), ("he keeps asking, ", " now?")]
    ):
        yield lead + cue.format(v=v) + end


def _should_zh():
    cues = ("要不要{v}", "我该不该{v}？", "可以{v}吗", "我{v}好唔好", "應不應該{v}")
    things = ("再给他一个验证码", "把新的验證碼发给他", "转钱过去", "下载他说的那个软件", "点他发的链接")
    for cue, v in itertools.product(cues, things):
        yield cue.format(v=v)


FOLLOW_UPS = {
    "should": {"en": list(_should_en()), "zh": list(_should_zh())},
    "contacts": {
        "en": ["what number do i call", "who should i call now?", "which number do I ring", "who do i contact"],
        "zh": ["我应该打什么电话", "要打哪个号码", "打边个电话好", "現在要找誰", "我该联系谁"],
    },
    "too_late": {
        "en": ["is it too late?", "can i still get it back", "any chance to fix this?", "is it too late now"],
        "zh": ["还来得及吗", "仲有冇得救", "是不是太晚了", "還追得回來嗎"],
    },
    "why": {
        "en": ["why is it a scam?", "how do you know it's fake?", "why?", "are you sure it's a scam"],
        "zh": ["为什么是诈骗？", "點解係呃人", "你怎么知道是骗子", "為什麼說是假的"],
    },
}


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("f") / "f.db", salt=b"s")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


@pytest.fixture(scope="module")
def checked(engine):
    """The state after each account was checked (copied for every follow-up)."""
    out = {}
    for variety, text in ACCOUNTS.items():
        state = engine.handle(ChatState(), Incoming("text", text=text, now=NOW)).state
        assert state.given == ["code"], (variety, state.given)
        out[variety] = state
    return out


def ask(engine, state, text):
    return engine.handle(copy.deepcopy(state), Incoming("text", text=text, now=NOW))


def said(out) -> str:
    return "\n\n".join(r.text for r in out.replies)


def has(reply: str, line: str) -> bool:
    """`line` (a reply text in Simplified or English) in the reply, whatever script it was shown in."""
    return fold(line) in fold(reply)


def not_a_check(engine, state, out, lang):
    """Not the check again, not the 'More steps' page, not the first screen."""
    t = texts(lang)
    reply = said(out)
    assert not has(reply, t["chat"]["updated"]) and not has(reply, t["emergency"]["more_title"]), reply
    assert not has(reply, t["emergency"]["title"]), reply


CASES = [
    (intent, variety, q)
    for intent, by_lang in FOLLOW_UPS.items()
    for variety in ACCOUNTS
    for q in by_lang[LANG[variety]]
]


@pytest.mark.parametrize(("intent", "variety", "question"), CASES)
def test_follow_up_is_answered_by_what_it_asks(engine, checked, kb, intent, variety, question):
    lang = LANG[variety]
    state = checked[variety]
    out = ask(engine, state, question)
    reply = said(out)
    ft = texts(lang)["chat"]["followup"]
    not_a_check(engine, state, out, lang)
    if intent == "should":
        assert reply.startswith("No. " if lang == "en" else ("不要。", "不要相信")), reply
        # the conversation knows a code already went: said, with the steps for it
        assert has(reply, ft["no_already"].split("{what}")[0] or ft["no_already"][:4]), reply
    elif intent == "contacts":
        choice = choose_region(kb, text=f"{question}\n{ACCOUNTS[variety]}", lang=lang)  # (as the chat chooses)
        region = choice.region
        assert has(reply, region.bank.get(lang)), reply
        police = [c.number or c.url for c in region.by_role("police", "anti_fraud", "report", "emergency")]
        assert all(p.removeprefix("https://") in reply for p in police), reply
    elif intent == "too_late":
        assert has(reply, ft["too_late"]["access"]) and "\n1. " in reply and "\n2. " in reply, reply
    else:
        assert has(reply, ft["why"]), reply
        quotes = [q for q in reply.split("\n") if q.startswith("- “") or q.startswith('- "')]
        # quoted from the person's own words, as they wrote them
        assert quotes and all(
            (q[3:].split("”" if lang == "zh" else '"')[0].rstrip("…")) in ACCOUNTS[variety] for q in quotes
        ), reply
        assert has(reply, ft["genuine"]), reply


def test_the_should_question_that_is_itself_an_account_gets_no_first_then_the_check(engine, checked):
    """He asks for one more code to finish the refund: the plain No, never the check again."""
    for variety, q in [
        ("en", "now he says one more code is needed before the refund goes through, should i give it?"),
        ("zh", "他说退款还差最后一个验证码，我要不要给他？"),
        ("yue", "佢話要多個驗證碼先可以退款，我應唔應該俾佢？"),
    ]:
        out = ask(engine, checked[variety], q)
        assert said(out).startswith(("No. ", "不要。")), said(out)
        not_a_check(engine, checked[variety], out, LANG[variety])


@pytest.mark.parametrize(
    ("variety", "question", "starts"),
    [
        ("en", "should i hang up on him?", "Yes. "),
        ("en", "should I call my bank?", "Yes"),
        ("zh", "我要不要挂断？", "要。"),
        ("zh", "那我要报警吗", "要"),
    ],
)
def test_a_safe_step_asked_about_is_a_yes(engine, checked, variety, question, starts):
    """The twins: asking about hanging up, the bank or the police is not answered "No"."""
    reply = said(ask(engine, checked[variety], question))
    assert reply.startswith(in_script(starts, None)) and not reply.startswith(("No", "不要")), reply


def test_too_late_when_nothing_went_says_so(engine):
    state = engine.handle(
        ChatState(), Incoming("text", text="A man says he is from my bank and wants me to read him a code", now=NOW)
    ).state
    assert not state.given
    reply = said(ask(engine, state, "is it too late?"))
    assert reply.startswith(texts("en")["chat"]["followup"]["too_late"]["none"][:30]), reply


FORGET = {
    "en": [
        "please delete everything you stored about me",
        "can you erase all my data",
        "forget me",
        "delete my records please",
        "I want my data deleted",
        "Could you wipe everything you have on me?",
    ],
    "zh": ["删除我的所有记录", "刪除我嘅資料", "请删掉关于我的信息", "清除我的聊天记录", "麻煩刪除我的資料"],
}
NOT_FORGET = [
    "he told me to delete all my chat history with him",
    "they said delete the app and my account will be safe",
    "他让我删除所有聊天记录",
    "对方叫我删掉我的转账截图",
]


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in FORGET.items() for t in ts])
def test_delete_in_words_offers_forget(engine, checked, lang, text):
    assert asks_forget(text) and intent_of(text) == "forget"
    for state in (ChatState(), checked["en" if lang == "en" else "zh"]):  # before any check, and after one
        out = engine.handle(copy.deepcopy(state), Incoming("text", text=text, now=NOW))
        buttons = [b.data for r in out.replies for row in r.buttons for b in row]
        assert any(d.endswith("|fgt:y") for d in buttons), said(out)
        assert has(said(out), texts(lang)["chat"]["confirm_forget"]), said(out)


@pytest.mark.parametrize("text", NOT_FORGET)
def test_a_scammers_delete_is_not_a_request_to_forget(text):
    assert not asks_forget(text)


def test_traditional_reply_keeps_the_persons_quotes_as_written(engine):
    """OpenCC s2twp turns 代碼 into 程式碼: the person's own 超商代碼 is quoted as they wrote it."""
    text = "網購客服來電說我的訂單被誤設為批發，要我去便利商店用超商代碼付款才能取消"
    out = engine.handle(ChatState(), Incoming("text", text=text, now=NOW))
    reply = said(out)
    assert "超商代碼" in reply and "超商程式碼" not in reply, reply
    assert in_script("验证码", "tw") in in_script("“验证码”要", "tw", keep=("無關",))  # other quotes converted
    assert in_script("“软件”", "tw", keep=("软件",)) == "“软件”"


def test_follow_up_through_telegram(tmp_path):
    """The real Application offline: the account, then "what number do I call?" gets the numbers."""
    import asyncio

    from test_telegram import Harness, message_update

    async def scenario():
        async with Harness(tmp_path) as h:
            await h.send(message_update(ACCOUNTS["zh"]))
            before = len(h.api.sent())
            await h.send(message_update("那我现在打什么电话？"))
            replies = h.api.sent()[before:]
            assert len(replies) == 1 and "96110" in replies[0]["text"] and "银行卡背面" in replies[0]["text"]
            await h.send(message_update("他又要一个验证码，要不要给？"))
            assert h.api.sent()[-1]["text"].startswith("不要。")

    asyncio.run(scenario())


# -- what was given, told apart: gift-card codes, an ID number ------------------------------------
def _gift_accounts():
    en = (
        "{who} bought {n} {brand} gift cards and read the codes to him",
        "{who} scratched the {brand} cards and told the caller the codes",
        "{who} already sent them photos of the {brand} cards",
    )
    zh = (
        "我已经买了{n}张{brand}，把卡密发给他了",
        "{who}把{brand}的卡密念给对方了",
        "刚才按他说的买了{brand}，卡密都拍照发过去了",
    )
    for form, who, brand in itertools.product(en, ("I", "my mum"), ("Apple", "Google Play", "Steam", "Amazon")):
        yield "en", form.format(who=who, n=3, brand=brand)
    for form, who, brand in itertools.product(zh, ("我", "我媽已經"), ("京东E卡", "苹果礼品卡", "游戏点卡", "Steam卡")):
        yield "zh", form.format(who=who, n=2, brand=brand)


@pytest.mark.parametrize(("lang", "text"), list(_gift_accounts()))
def test_gift_card_codes_given_get_the_issuers_steps(engine, kb, lang, text):
    out = engine.handle(ChatState(), Incoming("text", text=text, now=NOW))
    screen = out.replies[0].text
    issuer = texts(lang)["emergency"]["kinds"]["gift_card"]["steps"][0].split("（")[0].split(" (")[0]
    transfer = next(k for k in kb.situations.given if k.id == "money").steps[0].get(lang)[:14]
    password = next(k for k in kb.situations.given if k.id == "code").steps[0].get(lang)[:14]
    assert has(screen, issuer) and not has(screen, transfer) and not has(screen, password), screen
    assert out.state.given == ["gift_card"], out.state.given


ID_ACCOUNTS = [
    ("en", "I gave him my Aadhaar number", False),
    ("en", "my dad told them his social security number", False),
    ("en", "I already gave the caller my PAN card number", False),
    ("en", "I gave him my card number and my Aadhaar", True),
    ("zh", "我已经把身份证号告诉他了", False),
    ("zh", "我把身份证号码和姓名都发给对方了", False),
    ("zh", "我已經把身分證字號給他了", False),
    ("zh", "我把银行卡号和身份证号都告诉他了", True),
]


@pytest.mark.parametrize(("lang", "text", "card_too"), ID_ACCOUNTS)
def test_an_id_number_given_gets_id_steps_not_a_card_block(engine, kb, lang, text, card_too):
    out = engine.handle(ChatState(), Incoming("text", text=text, now=NOW))
    screen = out.replies[0].text
    watch = texts(lang)["emergency"]["kinds"]["identity"]["steps"][0][:12]
    block = next(k for k in kb.situations.given if k.id == "card").steps[0].get(lang)
    block = block.split("{bank}")[-1][:8]  # "…and freeze the card now" / "冻结这张卡"
    assert has(screen, watch), screen
    assert has(screen, block) == card_too, screen


# -- only the scripts that fit are named, with their do-now lines -------------------------------
def _police_parcel_stories():
    en = (
        "A caller from {courier} said a parcel in my name was seized with drugs and passports, then a police "
        "officer came on and said I must {demand}",
        "{courier} rang: a package under my name held illegal items, they connected me to the police who want me to "
        "{demand}",
    )
    zh = (
        "自称{courier}的人说我名下的包裹里查出违禁品，然后转接给公安民警，说我涉嫌洗钱，要我{demand}",
        "有人自称{courier}客服，说我寄的包裹里有毒品，接着转给警察，警察让我{demand}",
    )
    demands_en = ("move my savings to a safe account", "pay a security deposit to clear my name")
    demands_zh = ("把钱转到安全账户", "交保证金配合调查")
    for form, courier, demand in itertools.product(en, ("FedEx", "DHL"), demands_en):
        yield "en", form.format(courier=courier, demand=demand)
    for form, courier, demand in itertools.product(zh, ("顺丰", "中通快递"), demands_zh):
        yield "zh", form.format(courier=courier, demand=demand)


@pytest.mark.parametrize(("lang", "text"), list(_police_parcel_stories()))
def test_a_fake_police_parcel_story_is_not_also_a_cod_parcel(engine, kb, lang, text):
    reply = said(engine.handle(ChatState(), Incoming("text", text=text, now=NOW)))
    cod = kb.scripts["fake_cod"]
    assert kb.scripts["police_impersonation"].names.get(lang) in reply, reply
    assert cod.names.get(lang) not in reply, reply
    cod_advice = [a.get(lang) for a in cod.advice] + [st.advice.get(lang) for st in cod.stages if st.advice]
    assert not any(a and a in reply for a in cod_advice), reply


@pytest.mark.parametrize(
    ("org", "hacked", "gave"),
    list(
        itertools.product(
            ("Amazon", "eBay", "Netflix", "Microsoft"),
            ("my account was hacked", "my account has been compromised"),
            ("i gave him the code", "I read out the code from my texts"),
        )
    ),
)
def test_a_shop_saying_your_account_was_hacked_is_not_the_banks_fraud_team(engine, kb, org, hacked, gave):
    text = f"a man from {org} phoned and said {hacked}, {gave}"
    reply = said(engine.handle(ChatState(), Incoming("text", text=text, now=NOW)))
    assert kb.scripts["safe_account_transfer"].names.get("en") not in reply, reply
    assert "bank's fraud team" not in reply, reply


def test_a_bank_saying_your_account_was_hacked_is_still_the_fraud_team(engine, kb):
    """The twin: from the bank, the same words are the fraud-team pretext."""
    text = "a man from Chase phoned and said my account was hacked and I must move my money to a safe account"
    reply = said(engine.handle(ChatState(), Incoming("text", text=text, now=NOW)))
    assert kb.scripts["safe_account_transfer"].names.get("en") in reply, reply


# -- details typed into the page a message linked to are card details given ----------------------
LINK_SMS = {
    "en": "PostNL: we could not deliver your parcel, confirm your address and pay 1.25 at https://postnl-redelivery.top/t",
    "zh": "【中通快递】您的包裹地址有误无法派送，请登录 http://zto-redeliver.top/a 更新地址并补交3元运费",
}
TYPED = {
    "en": [
        f"{lead}{verb}{tail}"
        for lead, verb, tail in itertools.product(
            ("", "oh no ", "yes "),
            ("I already entered it", "I filled in my details", "I already typed everything in", "i put my info in"),
            ("", " before you answered", ", what now"),
        )
    ],
    "zh": [
        f"{lead}{verb}"
        for lead, verb in itertools.product(("", "糟了，"), ("我已经填了", "资料都填进去了", "我已經輸入咗"))
    ],
}
NOT_TYPED = {
    "en": ["I didn't enter anything", "should I fill it in?", "I never typed anything in"],
    "zh": ["我没有填", "要不要填？", "我还没输入"],
}


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in TYPED.items() for t in ts])
def test_details_typed_into_the_linked_page_are_card_details_given(engine, lang, text):
    state = engine.handle(ChatState(), Incoming("text", text=LINK_SMS[lang], now=NOW)).state
    assert not state.given
    out = engine.handle(state, Incoming("text", text=text, now=NOW))
    assert out.state.given == ["card"], (text, said(out))
    assert has(out.replies[0].text, texts(lang)["emergency"]["title"])
    # then the bank question is answered for it ("yes, call now"), not "if you gave…"
    then = said(
        engine.handle(
            out.state, Incoming("text", text="should I call my bank?" if lang == "en" else "要不要打银行？", now=NOW)
        )
    )
    known = texts(lang)["chat"]["followup"]["known"]["bank"].split("{bank}")[0]
    assert has(then, known), then


@pytest.mark.parametrize(("lang", "text"), [(lang, t) for lang, ts in NOT_TYPED.items() for t in ts])
def test_not_typed_into_the_page_is_not_given(engine, lang, text):
    state = engine.handle(ChatState(), Incoming("text", text=LINK_SMS[lang], now=NOW)).state
    out = engine.handle(state, Incoming("text", text=text, now=NOW))
    assert out.state.given == [], (text, said(out))


@pytest.mark.parametrize(
    ("lines", "locale", "bye"),
    [
        ("網購客服說我的訂單被設成分期，要我去超商代碼繳費\n/quit\n", "zh_CN.UTF-8", "再見。"),
        ("網購客服說我的訂單被設成分期，要我去超商代碼繳費\n/quit\n", "C.UTF-8", "再見 / Bye."),
        ("a woman from my bank rang and asked for the code she texted me\n/quit\n", "zh_CN.UTF-8", "Bye."),
        ("/lang en\n/quit\n", "zh_CN.UTF-8", "Bye."),
        ("/lang zh\n/quit\n", "en_US.UTF-8", "再见。"),
    ],
)
def test_goodbye_in_the_sessions_language_and_script(tmp_path, lines, locale, bye):
    from test_terminal import chat

    done = chat(lines, tmp_path, locale)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1] == bye, done.stdout[-200:]


@pytest.mark.parametrize(
    ("variety", "question"),
    [
        ("en", "they want me to install teamviewer, should i?"),
        ("en", "he now wants me to buy gift cards to reverse it, is that ok?"),
        ("en", "can i give them my bank details so the refund goes through"),
        ("zh", "他现在让我借钱还给他，可以吗"),
        ("zh", "他让我加他微信，好不好"),
        ("zh", "能不能把银行卡号发给他"),
        ("yue", "佢叫我俾埋張銀行卡嘅號碼佢，得唔得？"),
    ],
)
def test_the_thing_asked_before_a_bare_yes_no_cue_and_bank_card_words_still_get_no(engine, checked, variety, question):
    """ "…, should I?" asks about what came before it; a bank card's number or a bank's details is the
    scam's demand, not the "call your bank" question (whose answer is yes)."""
    reply = said(ask(engine, checked[variety], question))
    assert reply.startswith(("No. ", "不要。")), reply


@pytest.mark.parametrize(
    ("variety", "question"),
    [
        ("zh", "要不要打银行卡背面的电话"),
        ("en", "should i call the number on the back of my card"),
        ("zh", "我要不要冻结银行卡"),
    ],
)
def test_calling_the_bank_about_the_card_is_not_a_no(engine, checked, variety, question):
    reply = said(ask(engine, checked[variety], question))
    assert not reply.startswith(("No", "不要")), reply


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_why_after_a_link_names_the_real_site_and_the_fake_host(engine, kb, lang):
    """ "Why is it a scam?" after a parcel text with a look-alike link: the reasons in the person's
    words, and what would be true if it were genuine: the company's own domain, not this host."""
    state = engine.handle(ChatState(), Incoming("text", text=LINK_SMS[lang], now=NOW)).state
    analysis = engine.analyze(LINK_SMS[lang])
    host = analysis.entities["links"][0].id
    reply = said(ask(engine, state, "why is it a scam?" if lang == "en" else "为什么说是诈骗"))
    genuine = reply.split(texts(lang)["chat"]["followup"]["genuine"], 1)[1]
    assert host in genuine, reply
    if analysis.org is not None and kb.organisations[analysis.org.id].domains_for(None):
        assert any(d in genuine for d in kb.organisations[analysis.org.id].domains_for(None)), reply


@pytest.mark.parametrize("text", ["我已經買了兩張遊戲點數卡，把卡密都給他了", "我阿媽已經將張Steam卡嘅卡密讀咗俾佢"])
def test_gift_card_steps_in_traditional_say_the_issuer(engine, text):
    screen = engine.handle(ChatState(), Incoming("text", text=text, now=NOW)).replies[0].text
    assert "發卡方" in screen and "髮" not in screen, screen


@pytest.mark.parametrize(
    ("locale", "lines", "expect"),
    [
        ("en_US.UTF-8", f"{ACCOUNTS['en']}\nwhat number do i call\n/quit\n", "Numbers to call yourself"),
        ("zh_CN.UTF-8", f"{ACCOUNTS['zh']}\n他又要一个验证码，要不要给\n/quit\n", "不要。"),
    ],
)
def test_follow_up_in_the_terminal_chat(tmp_path, locale, lines, expect):
    from test_terminal import chat

    done = chat(lines, tmp_path, locale)
    assert done.returncode == 0, done.stderr
    more_page = texts(locale[:2])["emergency"]["more_title"]  # not the "More steps" page instead
    assert expect in done.stdout and more_page not in done.stdout, done.stdout[-600:]


@pytest.mark.parametrize(
    ("lang", "account", "question"),
    [
        ("en", "my dad bought 2 Steam cards and read the codes to the caller", "who do we call now?"),
        ("zh", "我已经买了两张京东E卡，把卡密发给他了", "现在打什么电话"),
    ],
)
def test_after_gift_cards_the_numbers_start_with_the_issuer(engine, lang, account, question):
    state = engine.handle(ChatState(), Incoming("text", text=account, now=NOW)).state
    assert state.given == ["gift_card"]
    lines = said(ask(engine, state, question)).split("\n")
    issuer = texts(lang)["chat"]["followup"]["contacts_issuer"][:8]
    assert lines[1].startswith("- " + issuer), lines
