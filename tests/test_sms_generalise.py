"""English text messages: new wordings of common smishing are flagged, everyday chat and genuine alerts are not.

Every text here is written for this test (none is copied from a corpus).
"""

from __future__ import annotations

import pytest

from nlu.analyzer import Analyzer

FLAGGED = ("scam", "suspicious")


class _FixedSms:
    """A stand-in for the English SMS model that rates every text the same."""

    def __init__(self, p: float):
        self.p = p

    def probability(self, text: str) -> float:
        return self.p

    def strongest_sentence(self, text: str, threshold: float = 0.5):
        return (0, len(text))


@pytest.mark.parametrize(
    ("text", "script"),
    [
        (
            "Final reminder: your toll account shows an unpaid balance of $6.75. Settle it today to avoid a late fee "
            "at https://toll-settle.example/q7",
            "phishing_link",
        ),
        (
            "Turnpike notice: a pending toll charge is still unpaid on your plate. Pay now: toll-notice.example/k2",
            "phishing_link",
        ),
        (
            "We spotted unusual activity on your debit card and it has been temporarily locked. Restore access: "
            "https://card-restore.example/x",
            "phishing_link",
        ),
        (
            "Take our 2-minute shopper survey and collect a $75 reward card. Start here: feedback-prize.example/s1",
            "phishing_link",
        ),
        (
            "Your tax rebate of £214.60 is pending. Submit your bank details to claim it: "
            "https://rebate-form.example/t",
            "phishing_link",
        ),
        (
            "Your online banking profile will be suspended today. Verify your account here: https://bank-check.example/v",
            "phishing_link",
        ),
        (
            "Hi mum, I dropped my phone in the sink, this is my new number. Can you transfer £300 for the repair today?",
            "acquaintance_impersonation",
        ),
    ],
)
def test_new_wordings_of_common_smishing_are_flagged(analyzer, text, script):
    result = analyzer.analyze(text)
    assert result.verdict in FLAGGED, (text, result.verdict)
    assert script in [s.id for s in result.scripts][:2]


@pytest.mark.parametrize(
    "text",
    [
        "can you send me the photos from saturday when you get a chance",
        "give me a call when you're home, no rush",
        "I'll send it tomorrow, need to buy stamps first",
        "lol you won't believe who turned up at the party",
        "Mum can you pick me up at 6? I need to pay for the bus pass first",
        "Are you online? I'll send them over on whatsapp later",
        "ok I paid my share of the rent this morning, check when you can",
        "He got arrested in the game last night haha, so funny",
        "sorry I had to pay for parking so I'm late, be there in 10",
        "Your acct 40XXXX21 has been credited with NGN5,000.00 on 02-MAR. Avail bal: NGN7,210.50",
        "Dear customer, dial *131*4# to check your remaining data bundle.",
        "akin.bello@mailbox.example",
    ],
)
def test_everyday_chat_and_genuine_alerts_stay_unflagged(analyzer, text):
    result = analyzer.analyze(text)
    assert result.verdict not in FLAGGED, (text, result.verdict, [e.indicator for e in result.red_flags])


def _sms_flag(kb, text: str, p: float) -> bool:
    result = Analyzer(kb, sms=_FixedSms(p)).analyze(text)
    return any(e.indicator == "red_flag.sms_wording" for e in result.red_flags)


def test_a_link_alone_is_judged_at_a_lower_probability(kb):
    text = "Important update tinylink.example/ab12"
    assert _sms_flag(kb, text, 0.55)
    assert not _sms_flag(kb, text, 0.45)


def test_a_number_alone_needs_a_very_confident_model(kb):
    text = "Ring the claims line on 0871 555 0123 before Friday"
    assert not _sms_flag(kb, text, 0.9)
    assert _sms_flag(kb, text, 0.97)
    assert not _sms_flag(kb, "Ring the desk on 14120 before Friday", 0.99)  # a short code is no phone number


@pytest.mark.parametrize(
    "text",
    [
        "The customer then gets a text from booking-help.example/x asking them to pay again.",  # third person
        "Acct 12XXXX90 debited NGN2,500.00 POS purchase. Bal: NGN4,310.00",  # a bank transaction alert
        "Amt: NGN100.00 Prev bal: NGN0.00 Bal: NGN100.00 Ref 4471 see bank-notes.example/r",  # an alert's fields
        "Get more data this weekend, simply dial *555*2# from your line today",  # an operator USSD code
        "bisi.adeyemi@mailbox.example",  # an e-mail address is no link
        "Yesterday I got a text from parcel-help.example/p about a redelivery fee",  # a story
    ],
)
def test_the_sms_model_is_not_asked_about_alerts_codes_or_explanations(kb, text):
    assert not _sms_flag(kb, text, 0.99)


def test_opt_out_lines_do_not_keep_the_model_away(kb):
    text = "Your card is on hold. Confirm your details at card-desk.example/h Reply STOP to opt out"
    assert _sms_flag(kb, text, 0.9) or Analyzer(kb, sms=_FixedSms(0.9)).analyze(text).verdict in FLAGGED


def test_a_lure_the_rules_saw_plus_a_link_needs_less_from_the_model(kb):
    assert _sms_flag(kb, "Thanks for your payment, here is a little gift for you: gift-desk.example/a1", 0.25)
    assert not _sms_flag(kb, "Photos from the weekend trip are up now: album-share.example/a1", 0.25)
