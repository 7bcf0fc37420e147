"""Trouble told in ways the first matrices did not hold, generated with their calm twins.

Families (every part written for this test; none from a development set):
- asked by the giving verb, then a yes: "LBC texted me to pay a small fee at their link. I already paid";
- an obligation, then a bare yes: "they said I must pay the duty through their link, I already did";
- a yes without a subject, as Singapore, Malaysian and Indian English drop it: "bought 3 cards already";
- card details typed into their page: "put my card number on the link", "keyed in mum's card details";
- remote access told by what they made happen, still open: "they made me install AnyDesk, it's still open";
- Chinese: the pronoun asked answers (叫佢俾登入資料，佢已經俾咗); a transfer counted (我转了两次);
  a meeting app named, then still open (下载了腾讯会议…现在还开着).
Calm twins: the same asks refused, not yet done, or money that came to the writer.
"""

from __future__ import annotations

import itertools

import pytest

from nlu.situation import detect

URGENT = {
    "obligation_yes": (
        [
            "The {org} man said I {must} pay the {fee} through the link he sent, {yes}.",
            "{org} called, {must} pay {fee} of 40 dollars first, {yes}",
        ],
        {
            "org": ["DHL", "customs", "the courier"],
            "must": ["must", "need to", "have to"],
            "fee": ["customs fee", "clearance charge", "redelivery fee"],
            "yes": ["I already did", "I paid already", "already paid lah", "my dad did already"],
        },
    ),
    "asked_to_then_yes": (
        [
            "{org} {sent} me to pay {fee} at their link. {yes}",
            "{org} {sent} my {kin} to pay {fee} first, my {kin} {yes2}",
            "The {org} caller said pay {fee} by link, {yes}",
            "Someone from {org} called saying I owe {fee}, {yes}",
        ],
        {
            "org": ["LBC", "the courier", "Customs"],
            "sent": ["texted", "messaged"],
            "fee": ["a small fee", "the redelivery fee", "customs charges"],
            "kin": ["mum", "grandpa"],
            "yes": ["I already paid", "I paid already", "i have paid", "I already paid it"],
            "yes2": ["already paid", "paid already"],
        },
    ),
    "relative_asked_then_pronoun_yes": (
        [
            "{they} wanted my {kin} to {act}. {yes}",
            "The caller told my {kin} to {act}, {yes}",
        ],
        {
            "they": ["They", "The fake police", "The bank man"],
            "kin": ["mum", "grandpa", "best friend"],
            "act": ["transfer the savings to a safe account", "pay the release fee", "send the money by wire"],
            "yes": ["She already did", "he already did it", "she has paid", "he transferred it already"],
        },
    ),
    "no_subject": (
        [
            "The caller asked me to buy {cards} to settle the case. {yes}",
            "They told us to pay the {fee} by {rail}. {yes}",
        ],
        {
            "cards": ["Google Play cards", "Apple gift cards", "Steam cards"],
            "fee": ["release fee", "tax"],
            "rail": ["PayNow", "UPI", "bank transfer"],
            "yes": ["Bought 3 cards already", "Paid already", "Already paid lor", "Transferred already sir"],
        },
    ),
    "card_typed": (
        [
            "I opened the link in the SMS and {typed} my card {what} there.",
            "My mum {typed} her card {what} on the page they sent, what now?",
        ],
        {"typed": ["put", "keyed in", "typed", "entered"], "what": ["number", "details", "info"]},
    ),
    "remote_made": (
        ["The {org} agent {made} me install {app} and {still}.", "{org} support {made} my dad download {app}, {still}"],
        {
            "org": ["Amazon", "Microsoft", "bank"],
            "made": ["made", "had", "got"],
            "app": ["AnyDesk", "TeamViewer", "the remote app"],
            "still": ["it's still open", "he is still in my laptop", "anydesk is still running"],
        },
    ),
    "zh_pronoun_yes": (
        ["{who}叫{p}{give}{obj}，{p}{done}", "对方让{p}提供{obj}，{p}{done}"],
        {
            "who": ["自称客服嘅人", "假警察", "那个人"],
            "p": ["佢", "她", "他"],
            "give": ["俾埋", "提供", "报"],
            "obj": ["网上银行嘅登入资料", "验证码", "银行卡号"],
            "done": ["已经俾咗", "已经给了", "刚刚报了"],
        },
    ),
    "zh_counted": (
        ["{who}叫我将钱{to}，我{act}{n}", "他们要我把积蓄{to}，我已经{act}{n}了"],
        {
            "who": ["假公安", "自称顺丰嘅人", "对方"],
            "to": ["转去安全户口", "转到指定账户", "汇到监管账户"],
            "act": ["转咗", "转了", "汇了"],
            "n": ["两次", "三笔", "好几次"],
        },
    ),
    "zh_meeting_open": (
        ["客服{ask}下载了一个叫{app}的东西，{now}{open}", "{ask}落载咗{app}，{now}{open}"],
        {
            "ask": ["让她", "叫佢", "叫我妈"],
            "app": ["腾讯会议", "zoom", "向日葵"],
            "now": ["现在", "而家", ""],
            "open": ["还开着", "仲开紧", "还没关"],
        },
    ),
    "coming_to_collect": (
        [
            "The {who} says {courier} is coming {where} to collect my {thing} for safekeeping.",
            "{who2} told me {courier} is on the way to pick up my {thing} now",
        ],
        {
            "who": ["bank officer", "police officer", "caller"],
            "who2": ["The caller", "They", "The officer"],
            "courier": ["a courier", "an agent", "their driver"],
            "where": ["to my house now", "over in an hour"],
            "thing": ["debit card", "bank card", "cash"],
        },
    ),
    "loss_by_result": (
        ["{they} took {amt} from my {bank} {tail}", "amount debited after I {did} {sir}"],
        {
            "they": ["they", "the scammer", "the caller"],
            "amt": ["3k", "RM 2000", "5000"],
            "bank": ["Maybank account", "CIMB", "HDFC account"],
            "tail": ["", "just now", "what to do"],
            "did": ["clicked the link", "shared the screen", "gave the code"],
            "sir": ["sir", "please help", ""],
        },
    ),
    "at_the_atm_now": (
        [
            "now {who} at the ATM, {they} press the transfer button",
            "Right now {who} at the bank, {they} send to the safe account",
        ],
        {"who": ["im", "my mum is", "my dad is"], "they": ["they say", "he says", "the caller said"]},
    ),
    "reading_out_now": (
        [
            "{who} {reading} my {what} to him right now, he says it is for verification",
            "{who} {reading} out her {what} to them now",
        ],
        {
            "who": ["I'm", "im", "My mum is"],
            "reading": ["reading", "telling", "giving"],
            "what": ["card number", "otp", "card details"],
        },
    ),
    "remote_still_open": (
        ["The {app} {session} is still {state} while I log into my bank", "{session} still {state}, what do I do"],
        {
            "app": ["AnyDesk", "support"],
            "session": ["remote session", "remote connection", "remote access"],
            "state": ["open", "running", "connected"],
        },
    ),
}
CALM = {
    "obligation_refused": (
        [
            "The {org} man said I {must} pay the {fee} through the link he sent, {no}.",
            "{org} said I {must} pay a {fee} first. Is that true?",
        ],
        {
            "org": ["DHL", "customs"],
            "must": ["must", "need to"],
            "fee": ["customs fee", "redelivery fee"],
            "no": ["I didn't", "I have not paid", "I refused", "but I did not pay anything"],
        },
    ),
    "asked_to_then_not": (
        [
            "{org} {sent} me to pay {fee} at their link. {no}",
            "The {org} caller said pay {fee} by link, {no}",
        ],
        {
            "org": ["LBC", "the courier"],
            "sent": ["texted", "messaged"],
            "fee": ["a small fee", "the redelivery fee"],
            "no": ["I haven't paid", "I did not pay", "I have not paid yet", "should I pay?"],
        },
    ),
    "relative_asked_then_refused": (
        ["{they} wanted my {kin} to {act}. {no}", "The caller told my {kin} to {act}, {no}"],
        {
            "they": ["They", "The fake police"],
            "kin": ["mum", "grandpa"],
            "act": ["transfer the savings to a safe account", "pay the release fee"],
            "no": ["She refused", "he did not", "she hung up", "he has not paid"],
        },
    ),
    "card_own": (
        [
            "I {typed} my card {what} in the official app myself to pay my phone bill.",
            "Should I {type} my card {what} on the link they sent?",
        ],
        {"typed": ["typed", "entered"], "type": ["type", "put"], "what": ["number", "details"]},
    ),
    "remote_refused": (
        ["The caller wanted me to install {app} but I {no}.", "They asked my dad to download {app}, he {no}."],
        {"app": ["AnyDesk", "TeamViewer"], "no": ["refused", "did not", "hung up instead"]},
    ),
    "obligation_without_an_ask": (
        ["{who} must be {how} put off by {what} I did", "We need to be {how} careful with {what} I did"],
        {"who": ["You", "She", "They"], "how": ["really", "so", "quite"], "what": ["something", "sth", "what"]},
    ),
    "own_errands": (
        ["now {who} at the ATM to withdraw cash for {errand}", "My son is coming over to collect {thing} for me"],
        {"who": ["im", "my mum is"], "errand": ["my rent", "the groceries"], "thing": ["the groceries", "the parcel"]},
    ),
    "loss_questions": (
        ["Is it possible they took {amt} from my {bank}?", "The amount debited after I paid my phone bill was {ok}"],
        {"amt": ["3k", "money"], "bank": ["account", "card"], "ok": ["correct", "right"]},
    ),
    "zh_to_writer": (
        ["我叫{p}{send}给我，{p}已经转了", "{p}说会退款，要我等一下，我没有转"],
        {"p": ["他", "她"], "send": ["把钱转", "把订金汇"]},
    ),
    "zh_refused": (
        ["{who}叫{p}俾{obj}，{p}冇俾", "对方要我把钱转到安全账户，我没有转"],
        {"who": ["假警察", "自称客服嘅人"], "p": ["佢", "她"], "obj": ["验证码", "银行卡号"]},
    ),
}


def _generate(families: dict) -> list[tuple[str, str]]:
    out = []
    for name, (templates, slots) in families.items():
        keys = sorted(slots)
        for template in templates:
            for values in itertools.product(*(slots[k] for k in keys)):
                text = template.format(**dict(zip(keys, values, strict=True)))
                if (name, text) not in out:
                    out.append((name, text))
    return out


@pytest.mark.parametrize("family", sorted(URGENT))
def test_trouble_told_another_way_is_urgent(kb, family):
    missed = [t for f, t in _generate({family: URGENT[family]}) if not detect(kb.situations, t).urgent]
    assert not missed, f"{len(missed)} not urgent, e.g. {missed[:3]}"


@pytest.mark.parametrize("family", sorted(CALM))
def test_the_same_words_not_done_stay_calm(kb, family):
    wrong = [t for f, t in _generate({family: CALM[family]}) if detect(kb.situations, t).urgent]
    assert not wrong, f"{len(wrong)} urgent, e.g. {wrong[:3]}"
