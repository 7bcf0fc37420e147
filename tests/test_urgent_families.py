"""The second trouble matrix (tests/urgent_families.py): Taiwan usage, a relative told by pronoun,
about to pay at someone's direction, Indian / Singapore / Malaysian questions after the act. Tuned on
two thirds of each family's wordings; the held-out third has its own, lower lines. Measured at the
start (the code before this matrix) → now, held-out: Taiwan urgent 63/80 → 72/80, calm 30/38 →
30/38 (all eight misses one wording, money to the writer's own daughter; fixed afterwards: 38/38, no
longer blind); relative urgent 90/112 → 112/112 (English 19/40 → 40/40), calm 71/71 → 71/71; paying 0/64 →
64/64, calm 8/8 → 8/8; IN/SG questions 65/65 → 65/65, calm 5/5 → 5/5. Two small sets written after
the reader was changed were measured once before anything was fixed from them: about to pay
(`paying_blind`) 10/17 urgent and 4/7 calm at first sight (the old code: 0/17, 6/7); Taiwan usage and
a relative (`tw_blind`) 9/13 and 5/6 (the old code: 9/13, 4/6). Fixed from what they showed (structure,
not their sentences): 15/17 and 6/7, 13/13 and 6/6 — no longer blind, so their lines are the held ones.

Also: the first action "paying" is the same in the chat's first line, `check --json` and the API's
`situation`; the reply names the relative ("you said your dad…").
"""

from __future__ import annotations

import json

import pytest
from urgent_families import GROUPS, Case, cases, judge, rates

from bot.conversation.engine import ChatState, Engine, Incoming
from bot.services.numbers import NumberService
from bot.store import Store
from nlu.analyzer import Analyzer
from nlu.phones import NumberIntel
from nlu.situation import Situation, detect

TUNED = 0.97
# (urgent, calm) lines for each family's held-out third: just under what was measured.
HELD = {"tw": (0.85, 0.75), "relative": (0.95, 0.95), "paying": (0.95, 0.95), "asked_after": (0.95, 0.8),
        "paying_blind": (0.8, 0.8), "tw_blind": (0.85, 0.8)}  # fmt: skip


@pytest.fixture(scope="module")
def per(kb):
    return rates(kb)


def _rate(per, group: str, held: bool, positive: bool) -> tuple[int, int]:
    rows = [v for k, v in per.items() if k[0] == group and k[2] == held and k[3] == positive]
    return sum(h for h, _ in rows), sum(n for _, n in rows)


def test_the_matrix_is_generated_varied_and_has_a_held_out_third():
    all_cases = cases()
    assert len(all_cases) >= 1200 and len({c.text for c in all_cases}) == len(all_cases)
    assert {c.group for c in all_cases} == set(GROUPS)
    assert {c.want for c in all_cases} >= {"given:money", "given:code", "given:card", "call", "paying", "none"}
    for group in ("tw", "relative", "paying", "asked_after"):
        part = [c for c in all_cases if c.group == group]
        assert 0.2 < sum(c.held for c in part) / len(part) < 0.45, group
        assert sum(c.want == "none" for c in part) >= 15, group  # twins, not a token few
    tw = [c.text for c in all_cases if c.group == "tw"]
    for word in ("匯", "網銀", "超商", "點數", "簡訊碼", "165", "LINE", "解除分期付款"):
        assert any(word in t for t in tw), word


@pytest.mark.parametrize("group", list(HELD))
def test_tuned_and_held_out_parts(per, group):
    for held, (pos_line, neg_line) in ((False, (TUNED, TUNED)), (True, HELD[group])):
        for positive, line in ((True, pos_line), (False, neg_line)):
            hits, total = _rate(per, group, held, positive)
            if not held and group.endswith("_blind"):
                continue  # (every row of a blind set is held out)
            assert total and hits / total >= line, f"{group} held={held} positive={positive}: {hits}/{total}"


def test_the_judges_can_fail():
    paying = Case("x", "en", "GB", "paying", "paying", False)
    assert not judge(paying, Situation(given=("money",)))  # already paid is not "stop, do not pay"
    assert not judge(paying, Situation(on_call=True, ongoing=("call",)))
    assert judge(paying, Situation(on_call=True, ongoing=("paying",)))
    calm = Case("x", "zh-TW", "TW", "none", "neg_over", False)
    assert not judge(calm, Situation(given=("money",)))
    code = Case("x", "yue", "HK", "given:code", "given:code", False)
    assert not judge(code, Situation(given=("money",)))


# -- each mechanism, generated across its own slots ------------------------------------------------
KIN = [("我媽", "她"), ("我爸", "他"), ("我阿嬤", "她"), ("我老公", "他")]
SAYS = ["說", "剛剛打來跟我說", "跟我講"]


@pytest.mark.parametrize(("kin", "pron"), KIN)
def test_a_relatives_pronoun_is_the_relative_and_the_caller_is_not(kb, kin, pron):
    other = "他" if pron == "她" else "她"
    for says in SAYS:
        told = detect(kb.situations, f"{kin}{says}{pron}已經把認證碼念給對方聽了")
        assert told.given == ("code",) and told.who == kin, (kin, says)
        # the other gender is someone else (the caller): their act, not the relative's
        assert not detect(kb.situations, f"{kin}{says}{other}已經匯了三萬給對方").urgent
        assert not detect(kb.situations, f"{kin}{says}對方已經把錢退給{pron}了").urgent


@pytest.mark.parametrize(
    ("rel", "pron", "obj"), [("my dad", "he", "him"), ("my nan", "she", "her"), ("my husband", "he", "him")]
)
def test_english_relative_pronoun(kb, rel, pron, obj):
    for act, kind in (("already read out the passcode to them", "code"), ("has wired £900 to them", "money")):
        text = f"{rel.capitalize()} had a call from a fake fraud team, {pron} {act}"
        got = detect(kb.situations, text)
        assert kind in got.given and got.who.lower() == rel, text
        other = "she" if pron == "he" else "he"
        assert not detect(kb.situations, f"{rel.capitalize()} had a call, {other} {act}").urgent
    assert not detect(kb.situations, f"{rel.capitalize()} had a call, {pron} sent {obj} a code").urgent


def test_spaced_chinese_is_clauses(kb):
    """Voice-to-text's spaces between Chinese words end a clause, so a question after the act no
    longer hides it (the question word 嗎 is read in its own clause)."""
    for tail in ("要打165嗎", "還拿得回來嗎", "是不是被騙了"):
        assert detect(kb.situations, f"我阿公剛用網銀轉了6萬給假客服 {tail}").given == ("money",)
        assert not detect(kb.situations, f"假客服叫我阿公用網銀轉帳 {tail}").urgent


def test_long_ago_own_log_in_and_impostor_words_are_no_loss_now(kb):
    for text in (
        "我叔叔前年被假客服騙過3萬，早就結案了",
        "我舅媽好幾年前被假客服騙過八千",
        "我已經在官方App輸入簡訊驗證碼登入網銀",
        "我剛剛被假客服騙了，不過一毛錢都沒轉",
    ):
        assert not detect(kb.situations, text).urgent, text


def test_money_to_the_writers_own_family_is_not_a_loss(kb):
    for kin in ("女兒", "兒子", "媽", "阿嬤", "老公"):
        for act in ("已經匯了兩萬給我{kin}當生活費", "剛剛用網銀轉了五千給我{kin}"):
            text = "我" + act.format(kin=kin)
            assert not detect(kb.situations, text).urgent, text
        assert detect(kb.situations, f"我已經匯了兩萬給假客服，不是給我{kin}").given == ("money",)


PAY_WHERE_EN = ["at the ATM right now", "on the way to the bank", "in the queue at the post office"]
PAY_WHO_EN = [("My aunt is", "her"), ("I'm", "me"), ("Dad is", "him")]


def test_about_to_pay_is_stop_first_and_its_twins_are_calm(kb):
    for where in PAY_WHERE_EN:
        for who, obj in PAY_WHO_EN:
            text = f"{who} {where}, the caller is telling {obj} how to send the money"
            assert detect(kb.situations, text).action == "paying", text
            for twin in (
                f"{who} {where} to freeze the card, the caller is gone",
                f"Yesterday {who.lower()} {where}, the caller was telling {obj} how to send the money",
                f"the caller told {obj} to go, {who.lower()} not going",
            ):
                assert detect(kb.situations, twin).action != "paying", twin
    assert detect(kb.situations, "我阿姨現在在ATM前面，對方在電話裡教她轉帳").action == "paying"
    assert detect(kb.situations, "我阿姨現在在ATM前面，要去掛失").action is None


def test_paying_and_paid_together_put_stop_first(kb):
    got = detect(kb.situations, "我已經匯了兩萬給假客服，我媽現在又在ATM前面要再轉，他叫她轉")
    assert got.given == ("money",) and got.action == "paying"


@pytest.fixture(scope="module")
def engine(kb, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("families") / "t.db", salt=b"families")
    numbers = NumberService(NumberIntel(kb), store)
    analyzer = Analyzer(kb, number_lookup=numbers.lookup_for_analysis)
    yield Engine(kb, analyzer.analyze, numbers.check, numbers.parse)
    store.close()


def _first_screen(engine, text: str) -> list[str]:
    replies = engine.handle(ChatState(), Incoming("text", text=text, now=1_800_000_000.0)).replies
    return [r.text for r in replies]


def test_chat_says_stop_before_paying_and_names_the_relative(engine):
    for text, stop in (
        ("My grandma is at the cash machine now and the 'bank' is on the phone guiding her", "Stop now"),
        ("我爸现在在银行柜台，那个警察在电话里让他转账", "马上停下"),
        ("阿媽而家喺ATM度，個客服教緊佢過數", "馬上停下"),
    ):
        first = _first_screen(engine, text)[0].split("\n", 1)[0]
        assert first.startswith(stop), (text, first)
    screen = "\n".join(_first_screen(engine, "My dad had a call from 'Amazon', he already gave them the code"))
    assert "you said your dad" in screen
    screen = "\n".join(_first_screen(engine, "我媽說她剛剛匯了三萬給假客服"))
    assert "你說你媽已經" in screen and "165" in screen
    paid = "\n".join(_first_screen(engine, "I already transferred £2,000 to the man who called"))
    assert "Stop now: do not pay" not in paid  # already paid: the loss steps, not "do not pay"


def test_check_json_and_the_api_give_the_same_paying_situation(kb, tmp_path):
    from click.testing import CliRunner
    from web_support import Web

    from bot.cli import main

    web = Web(tmp_path, kb)
    try:
        token = web.key()
        for text in ("My mum is at the ATM right now, the caller is telling her what to press",
                     "我阿嬤現在在郵局排隊要匯款，對方叫她匯"):  # fmt: skip
            got = web.client.post("/v1/check", json={"text": text}, headers={"Authorization": f"Bearer {token}"})
            situation = got.json()["situation"]
            assert situation["urgent"] is True and situation["action"] == "paying", text
            cli = CliRunner().invoke(main, ["--db", str(web.app.settings.db_path), "check", "--json", text])
            assert json.loads(cli.output)["situation"] == situation, text
    finally:
        web.close()
