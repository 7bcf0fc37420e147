"""Hotline cases as records (issue 22): stable accounts, roles, the fraudster's identifiers, search,
hand-over, the supervisor's queue and export, trends, retention, the emergency panel, the API docs."""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re

import pytest
from web_support import Web

from bot.services.hotline import fraud_identifiers, guess_kind, parse_identifier_lines, said_given
from bot.services.roles import Roles
from bot.store.cases import Cases, Viewer, normalise
from bot.store.operators import Operators

PASSWORD = "a long enough password"
DAY = 86400


@pytest.fixture
def w(tmp_path, kb):
    web = Web(tmp_path, kb)
    web.app.store.clock = web.clock  # case times follow the test's clock
    ops = Operators(web.app.store)
    roles = Roles(web.app.store, ("cli:admin",))
    for login, role in (("alice", "operator"), ("bob", "operator"), ("carol", "supervisor")):
        ops.add(login, PASSWORD, role)
        roles.grant("cli:admin", f"op:{login}", "operator")
    yield web
    web.close()


def login(w, name: str) -> str:
    w.client.http.cookies.clear()
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    r = w.client.post("/console/login", data={"login": name, "password": PASSWORD, "prelogin": token})
    assert r.status_code == 303, name
    page = w.client.get("/console")
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def suggested(w, csrf: str, text: str) -> list[str]:
    """The identifiers the call sheet offers (ticked), as the page's script would send them."""
    r = w.client.post("/console/analyze", data={"text": text}, headers={"X-CSRF-Token": csrf})
    return [html.unescape(v) for v in re.findall(r'class="ident" value="([^"]+)"', r.text)]


def save(w, csrf: str, text: str, **extra) -> int:
    data = {"text": text, "ident": suggested(w, csrf, text), **extra}
    r = w.client.post("/console/cases", data=data, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def case_ids(page_html: str) -> set[int]:
    return {int(i) for i in re.findall(r'href="/console/cases/(\d+)"', page_html)}


# -- the recycled login ---------------------------------------------------------------------------
def test_a_recycled_login_sees_none_of_the_previous_persons_cases(w):
    csrf = login(w, "bob")
    first = save(w, csrf, "有人冒充京东客服，让我开通备用金转到安全账户，他的号码17012345678", consent="1")
    assert case_ids(w.client.get("/console").text) >= {first}

    # bob leaves; the login is given to someone new, as `callcheck operator remove/add` do.
    ops, roles = Operators(w.app.store), Roles(w.app.store, ("cli:admin",))
    removed = ops.remove("bob")
    roles.revoke("cli:admin", "op:bob", "operator")
    assert removed["cases_with_centre"] == 1
    ops.add("bob", "another long password")
    roles.grant("cli:admin", "op:bob", "operator")
    assert ops.account_of("bob")["id"] != removed["account"]  # never reused

    w.client.http.cookies.clear()
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    w.client.post("/console/login", data={"login": "bob", "password": "another long password", "prelogin": token})
    assert w.client.get(f"/console/cases/{first}").status_code == 404
    assert first not in case_ids(w.client.get("/console").text)
    assert first not in case_ids(w.client.get("/console/cases", params={"q": "17012345678"}).text)
    assert first not in case_ids(w.client.get("/console/cases").text)

    # Kept with the centre: supervisors see it (held by nobody) and can reassign it.
    login(w, "carol")
    page = w.client.get(f"/console/cases/{first}")
    assert page.status_code == 200 and "the centre" in page.text and "bob (removed)" in page.text
    assert first in case_ids(w.client.get("/console/queue").text)
    csrf = login(w, "carol")
    r = w.client.post(f"/console/cases/{first}/handover", data={"csrf": csrf, "to": "alice", "note": "bob left"})
    assert r.status_code == 303
    login(w, "alice")
    assert w.client.get(f"/console/cases/{first}").status_code == 200


def test_cases_written_before_account_ids_go_to_the_account_that_existed_then(w):
    """Old rows carry a salted login: adopted by that login's account only if it already existed."""
    store = w.app.store
    alice = Operators(store).account_of("alice")
    made = store.db.execute("SELECT created_at FROM operator_accounts WHERE id = ?", [alice["id"]]).fetchone()[0]
    key = store.reporter_key("op:alice")
    with store._transaction() as conn:
        for at in (made + 10, made - 10):  # written by this alice / by an earlier holder of the login
            conn.execute(
                "INSERT INTO cases (operator, created_at, updated_at, lang, summary) VALUES (?, ?, ?, 'zh', 's')",
                [key, at, at],
            )
    Cases(store)
    rows = store.db.execute("SELECT created_at, owner, holder FROM cases ORDER BY created_at").fetchall()
    assert rows == [(made - 10, None, None), (made + 10, alice["id"], alice["id"])]


# -- the fraudster's identifiers, found, exported, reported once ----------------------------------
FRAUD_NUMBERS = ["17012345678", "13912345678", "18698765432"]
ACCOUNTS = ["6217 0012 3456 7890 12", "6228480402564890018", "6222-0211-2233-4455-667"]
TELLINGS = [
    "我叫{name}，对方说是淘宝客服，要三倍赔偿，让我把{amount}元转到对方账户{account}，来电号码{number}",
    "{name}女士来电：自称快递理赔的人用{number}打来，让她汇到指定账户{account}，一共{amount}元",
]


@pytest.mark.parametrize(
    "number,account,telling", list(itertools.islice(itertools.product(FRAUD_NUMBERS, ACCOUNTS, TELLINGS), 0, None, 4))
)
def test_a_case_keeps_the_fraudsters_identifiers_and_removes_the_callers(w, number, account, telling):
    text = telling.format(name="李秀英", amount="3800", account=account, number=number)
    csrf = login(w, "alice")
    case = save(w, csrf, text, consent="1", names="李秀英")
    stored = w.app.store.db.execute("SELECT summary, account FROM cases WHERE id = ?", [case]).fetchone()
    assert "李秀英" not in " ".join(stored) and number not in " ".join(stored)
    idents = {(k, v) for k, v in w.app.store.db.execute("SELECT kind, value FROM case_identifiers")}
    assert ("number", "+86" + number) in idents and ("account", account) in idents
    assert ("amount", "3800元") in idents

    # Found by the number however it is written, by the account, and by words.
    for q in (number, f"+86 {number[:3]} {number[3:7]} {number[7:]}", f"{number[:3]}-{number[3:7]}-{number[7:]}"):
        assert case in case_ids(w.client.get("/console/cases", params={"q": q}).text), q
    assert case in case_ids(w.client.get("/console/cases", params={"q": account.replace(" ", "")}).text)
    assert case in case_ids(w.client.get("/console/cases", params={"q": "三倍赔偿"}).text)

    # Reported from the case: the case counts once however often the button is pressed.
    ident_id = w.app.store.db.execute("SELECT id FROM case_identifiers WHERE kind = 'number'").fetchone()[0]
    for _ in range(2):
        w.client.post(f"/console/cases/{case}/identifiers/{ident_id}/report", data={"csrf": csrf})
    record = w.app.store.lookup("+86" + number)
    assert record.reporters == 1 and record.reports == 1

    # Exported, unmasked, for the police.
    csrf = login(w, "carol")
    rows = list(
        csv.DictReader(io.StringIO(w.client.get("/console/export", params={"format": "csv"}).text.lstrip("\ufeff")))
    )
    assert [r["id"] for r in rows] == [str(case)]
    assert rows[0]["fraudster_numbers"] == "+86" + number and rows[0]["receiving_accounts"] == account
    assert "[name]" in rows[0]["caller_account_with_consent"]  # the caller's words, redacted, as agreed
    assert rows[0]["reported_numbers"] == "+86" + number and rows[0]["operator"] == "alice"
    lines = w.client.get("/console/export", params={"format": "jsonl"}).text.splitlines()
    item = json.loads(lines[0])
    assert {"kind": "account", "value": account} in item["identifiers"] and "李秀英" not in lines[0]


def test_the_callers_own_card_number_is_not_taken_for_the_fraudsters(analyzer):
    own = "I read my card number 4929 1234 5678 9012 to him"
    assert not [i for i in fraud_identifiers(analyzer.analyze(own), own) if i["kind"] == "account"]
    for own in (
        "我的手机号是13912345678，对方用17012345678打给我",
        "My mobile is 13912345678; they rang from 17012345678",
    ):
        numbers = [i["value"] for i in fraud_identifiers(analyzer.analyze(own), own) if i["kind"] == "number"]
        assert numbers == ["+8617012345678"], own
    paid = "I sent £400 to the safe account, sort code 40-11-62, account number 31926819"
    found = fraud_identifiers(analyzer.analyze(paid), paid)
    # the sort code goes with its account: one account, never the sort code as a second (trial 5, 2.8)
    assert [i["value"] for i in found if i["kind"] == "account"] == ["31926819 (sort code 40-11-62)"]
    crypto = "他让我把USDT转到这个地址 TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE 然后加他微信号 abc_kefu01"
    found = fraud_identifiers(analyzer.analyze(crypto), crypto)
    assert {"kind": "wallet", "value": "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"} in found
    assert any(i["kind"] == "handle" and normalise("handle", i["value"]) == "abc_kefu01" for i in found)


# Amounts as people in each served region write them, inside sentences of what was paid.
AMOUNT_FORMS = [
    "HK$3,200",
    "S$1,450",
    "NT$12,000",
    "A$780",
    "Rs 45,000",
    "Rs.9,999",
    "₹20000",
    "RM 1500",
    "2 lakh",
    "3 lakhs",
    "300 quid",
    "45,000 rupees",
    "880 hkd",
    "5000港元",
    "三萬蚊",
    "4500蚊",
    "两万块",
    "8000元",
    "¥6,600",
    "£1,250.50",
    "€90",
    "$2,400",
]
AMOUNT_FRAMES = [
    "I already sent {a} to the account they gave me",
    "my dad transferred {a} before I could stop him, is it gone?",
    "我已经转了{a}给对方",
    "佢叫我過數，我已經俾咗{a}，點算？",
]


@pytest.mark.parametrize("frame", AMOUNT_FRAMES)
@pytest.mark.parametrize("amount", AMOUNT_FORMS)
def test_an_amount_paid_is_kept_whatever_the_regions_currency(analyzer, frame, amount):
    text = frame.format(a=amount)
    found = [i["value"] for i in fraud_identifiers(analyzer.analyze(text), text) if i["kind"] == "amount"]
    assert found == [amount], text


@pytest.mark.parametrize("text", ["an rs232 cable", "I was 3 arms down", "room 2400 on floor 12", "the 2nd form"])
def test_numbers_that_are_not_money_are_not_amounts(analyzer, text):
    assert not [i for i in fraud_identifiers(analyzer.analyze(text), text) if i["kind"] == "amount"]


@pytest.mark.parametrize(
    "text,when",
    [
        ("前天晚上八点半，我把三千块转给了他", "前天晚上八点半"),
        ("我今天下午2:15转了一万元到安全账户", "今天下午2:15"),
        ("I transferred 600 dollars to them at 11am this morning", "11am this morning"),
        ("他让我下午三点前转账，我没有转", None),  # asked, not done: no time of payment
        ("我晚上九点接到电话说要退款", None),
    ],
)
def test_the_time_of_payment_comes_from_what_was_paid(kb, text, when):
    from bot.services.hotline import payment_time

    assert payment_time(kb, text) == when


@pytest.mark.parametrize(
    "value,kind",
    [
        ("https://refund-help.example/a?x=1", "link"),
        ("www.example.org", "link"),
        ("0x52908400098527886E0F7030069857D2E4169EE7", "wallet"),
        ("+44 20 7946 0991", "number"),
        ("6222 0212 3456 7890 123", "account"),
        ("GB29 NWBK 6016 1331 9268 19", "account"),
        ("@refund_team", "handle"),
        ("¥5000", "amount"),
        ("£1,200", "amount"),
    ],
)
def test_typed_identifiers_get_their_kind(value, kind):
    assert guess_kind(value) == kind
    found, bad = parse_identifier_lines(f"  {value}  \n\n{kind}: {value}")
    assert bad == [] and found == [{"kind": kind, "value": value}] * 2


def test_identifiers_not_understood_are_refused_and_nothing_is_saved(w):
    csrf = login(w, "alice")
    r = w.client.post(
        "/console/cases",
        data={"text": "有人冒充客服", "identifiers": "number: 13800138000\ncolour: blue"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 400 and "colour: blue" in r.json()["error"] and w.count("cases") == 0


# -- roles, hand-over, status, queue ------------------------------------------------------------
def test_operators_see_their_own_and_handed_over_cases_supervisors_all(w):
    csrf_a = login(w, "alice")
    a1 = save(w, csrf_a, "自称支付宝客服要我开通备用金，号码13511112222")
    a2 = save(w, csrf_a, "冒充快递说包裹丢了要赔偿，号码13633334444")
    csrf_b = login(w, "bob")
    b1 = save(w, csrf_b, "自称银行说我的卡被冻结，号码13755556666")
    assert case_ids(w.client.get("/console/cases").text) == {b1}
    assert w.client.get(f"/console/cases/{a1}").status_code == 404

    csrf_a = login(w, "alice")
    r = w.client.post(f"/console/cases/{a1}/handover", data={"csrf": csrf_a, "to": "bob", "note": "夜班请跟进银行回复"})
    assert r.status_code == 303
    # alice still sees the case she wrote but can no longer change it.
    assert w.client.post(f"/console/cases/{a1}/status", data={"csrf": csrf_a, "status": "closed"}).status_code == 409
    csrf_b = login(w, "bob")
    page = w.client.get(f"/console/cases/{a1}")
    assert page.status_code == 200 and "夜班请跟进银行回复" in page.text
    assert case_ids(w.client.get("/console/cases").text) == {a1, b1}
    for status in ("waiting_bank", "referred_police", "closed"):
        r = w.client.post(f"/console/cases/{a1}/status", data={"csrf": csrf_b, "status": status, "note": status})
        assert r.status_code == 303
    r = w.client.post(f"/console/cases/{a1}/status", data={"csrf": csrf_b, "status": "open"})
    assert r.status_code == 409 and "supervisor" in r.text  # only a supervisor reopens
    assert w.client.get("/console/queue").status_code == 403

    w.clock.now += 3 * DAY
    csrf_c = login(w, "carol")
    assert case_ids(w.client.get("/console/cases").text) == {a1, a2, b1}
    queue = w.client.get("/console/queue").text
    assert re.findall(r'href="/console/cases/(\d+)"', queue)[:2] == [str(a2), str(b1)]  # open, oldest first
    assert str(a1) not in re.findall(r'href="/console/cases/(\d+)"', queue)  # closed
    assert w.client.post(f"/console/cases/{a1}/status", data={"csrf": csrf_c, "status": "open"}).status_code == 303
    history = Cases(w.app.store).get(Viewer(0, True), a1)["events"]
    assert [e["action"] for e in history] == ["opened", "handed_over", "status", "status", "status", "reopened"]
    assert [e["status"] for e in history][2:] == ["waiting_bank", "referred_police", "closed", "open"]


def test_search_filters_by_script_status_and_date(w):
    csrf = login(w, "alice")
    refund = save(w, csrf, "自称淘宝客服说商品有质量问题给三倍赔偿，让我开通备用金")
    w.clock.now += 5 * DAY
    csrf = login(w, "alice")
    bank = save(w, csrf, "Someone from my bank's fraud team told me to move my savings to a safe account")
    script_of = dict(w.app.store.db.execute("SELECT id, script FROM cases").fetchall())
    assert script_of[refund] != script_of[bank]
    found = case_ids(w.client.get("/console/cases", params={"script": script_of[bank]}).text)
    assert found == {bank}
    day = lambda ts: __import__("datetime").datetime.utcfromtimestamp(ts).strftime("%Y-%m-%d")  # noqa: E731
    found = case_ids(w.client.get("/console/cases", params={"to": day(w.clock.now - 5 * DAY)}).text)
    assert found == {refund}
    w.client.post(f"/console/cases/{bank}/status", data={"csrf": csrf, "status": "waiting_bank"})
    assert case_ids(w.client.get("/console/cases", params={"status": "waiting_bank"}).text) == {bank}
    assert case_ids(w.client.get("/console/cases", params={"q": "safe account"}).text) == {bank}
    assert case_ids(w.client.get("/console/cases", params={"q": "淘"}).text) == {refund}  # one character


def test_export_is_filtered_by_date_and_script_and_for_supervisors_only(w):
    csrf = login(w, "alice")
    first = save(w, csrf, "冒充京东客服退款，要我下载会议软件共享屏幕，号码13900001111")
    w.clock.now += 10 * DAY
    csrf = login(w, "alice")
    second = save(w, csrf, "Royal Mail text says my parcel has a fee, link https://royalmail-fee.example/pay")
    assert w.client.get("/console/export").status_code == 403
    for q in ("https://royalmail-fee.example/pay", "royalmail-fee.example/pay", "13900001111"):
        assert case_ids(w.client.get("/console/cases", params={"q": q}).text) == {second if "royal" in q else first}, q
    login(w, "carol")
    import datetime as dt

    today = dt.datetime.fromtimestamp(w.clock.now, dt.timezone.utc).strftime("%Y-%m-%d")
    body = w.client.get("/console/export", params={"format": "jsonl", "from": today}).text
    assert [json.loads(line)["id"] for line in body.splitlines()] == [second]
    script = w.app.store.db.execute("SELECT script FROM cases WHERE id = ?", [first]).fetchone()[0]
    body = w.client.get("/console/export", params={"format": "jsonl", "script": script}).text
    assert [json.loads(line)["id"] for line in body.splitlines()] == [first]
    assert ("console.export", "2 cases") not in w.app.store.db.execute("SELECT action, outcome FROM audit").fetchall()
    assert ("console.export", "1 cases") in w.app.store.db.execute("SELECT action, outcome FROM audit").fetchall()


# -- trends, retention, the caller's part ---------------------------------------------------------
def test_a_case_is_one_aggregate_row_in_trends_however_often_it_is_saved(w):
    csrf = login(w, "alice")
    text = "自称淘宝客服说快递丢了要理赔"
    case = save(w, csrf, text)
    for more in ("，让我开通备用金", "，还要验证码"):
        text += more
        r = w.client.post("/console/cases", data={"text": text, "case_id": str(case)}, headers={"X-CSRF-Token": csrf})
        assert r.json()["id"] == case
    save(w, csrf, "Amazon says my Prime renews today unless I install AnyDesk")
    assert w.count("trend_checks") == 2
    row = w.app.store.db.execute("SELECT t.script FROM trend_checks t JOIN cases c ON c.trend_row = t.id").fetchall()
    assert len(row) == 2 and all(r[0] for r in row)
    assert (
        "trend_checks" not in w.app.store.db.execute("SELECT sql FROM sqlite_master WHERE name='cases'").fetchone()[0]
    )


def test_forgetting_the_caller_keeps_the_identifiers_and_closed_cases_expire(w):
    csrf = login(w, "alice")
    case = save(w, csrf, "对方自称顺丰理赔，让我转到对方账户6222021234567890123", consent="1")
    old = save(w, csrf, "有人冒充客服说要退款")
    assert w.app.store.db.execute("SELECT account FROM cases WHERE id = ?", [case]).fetchone()[0]
    w.client.post(f"/console/cases/{case}/forget", data={"csrf": csrf})
    assert w.app.store.db.execute("SELECT account FROM cases WHERE id = ?", [case]).fetchone()[0] is None
    assert w.count("case_identifiers") >= 1
    assert case not in case_ids(
        w.client.get("/console/cases", params={"q": "顺丰理赔"}).text
    )  # summary keeps no such words

    w.client.post(f"/console/cases/{old}/status", data={"csrf": csrf, "status": "closed"})
    w.clock.now += 366 * DAY
    csrf = login(w, "alice")
    save(w, csrf, "another call 另一个来电")  # every save applies the centre's retention (365 days)
    ids = {r[0] for r in w.app.store.db.execute("SELECT id FROM cases")}
    assert old not in ids and case in ids  # closed and old: gone; open: kept
    assert not w.app.store.db.execute("SELECT 1 FROM case_events WHERE case_id = ?", [old]).fetchall()


# -- the live sheet: the emergency panel from what was said ---------------------------------------
SAID = {
    "card": ["我已经把银行卡号告诉他了", "I already gave them my card number"],
    "code": ["我把验证码告诉他了", "I told him the verification code"],
    "loan": ["我已经在借呗借了两万块", "I took out a loan of 3000 pounds"],
    "screen": ["我已经下载了向日葵", "I installed AnyDesk and let him in"],
}
NOT_SAID = [
    "他让我把银行卡号告诉他",
    "They asked for my card number but I refused",
    "我还没有付款",
    "I haven't paid anything",
]


@pytest.mark.parametrize("given,text", [(g, t) for g, texts in SAID.items() for t in texts])
def test_the_emergency_panel_opens_on_what_the_caller_said(w, kb, given, text):
    assert given in said_given(kb, text)
    csrf = login(w, "alice")
    sheet = w.client.post("/console/analyze", data={"text": text}, headers={"X-CSRF-Token": csrf}).text
    assert given in re.search(r'data-said="([^"]*)"', sheet).group(1).split(",")


@pytest.mark.parametrize("text", NOT_SAID)
def test_nothing_is_ticked_that_was_not_said(w, kb, text):
    assert said_given(kb, text) == []
    csrf = login(w, "alice")
    sheet = w.client.post("/console/analyze", data={"text": text}, headers={"X-CSRF-Token": csrf}).text
    assert 'data-said=""' in sheet
    # "Already paid" with nothing said or ticked: the first steps, and no box ticked.
    r = w.client.post("/console/checklist", data={"lang": "en"}, headers={"X-CSRF-Token": csrf})
    assert "checked" not in r.text and kb.paid_checklist.first[0].en.split(":")[0] in html.unescape(r.text)


# -- the API docs ---------------------------------------------------------------------------------
def test_the_api_docs_are_served_from_the_installed_package(tmp_path, kb):
    web = Web(tmp_path, kb)
    try:
        page = web.client.get("/v1/docs")
        assert page.status_code == 200
        scripts = re.findall(r'<script src="([^"]+)"', page.text) + re.findall(r'href="([^"]+\.css)"', page.text)
        assert scripts and all(s.startswith("/v1/docs/assets/") for s in scripts), scripts
        for asset in scripts:
            r = web.client.get(asset)
            assert r.status_code == 200 and len(r.content) > 10_000
        assert "cdn" not in page.text.lower()
    finally:
        web.close()


def test_a_database_from_before_account_ids_migrates(tmp_path):
    """Schema 7 -> 8: operators get account ids; their salted-login cases are adopted, or go to the centre."""
    import sqlite3

    from bot.store import Store, load_salt
    from bot.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    salt = load_salt(path)
    old = sqlite3.connect(path)
    for v in range(1, 8):
        for statement in MIGRATIONS[v].split(";"):
            if statement.strip():
                old.execute(statement)
    old.execute("PRAGMA user_version = 7")
    store = Store(tmp_path / "keys.db", salt=salt)  # only for the salted keys the old code stored
    key = {login: store.reporter_key(f"op:{login}") for login in ("alice", "bob")}
    store.close()
    old.executemany(
        "INSERT INTO operators (login, password_hash, created_at) VALUES (?, 'x', ?)", [("alice", 100), ("bob", 500)]
    )
    import hashlib

    token_hash = hashlib.sha256(b"old-token").hexdigest()
    old.execute("INSERT INTO operator_sessions VALUES (?, 'alice', 'c', 100, 99999999999)", [token_hash])
    old.executemany(
        "INSERT INTO cases (operator, created_at, updated_at, lang, summary) VALUES (?, ?, ?, 'zh', ?)",
        [(key["alice"], 200, 200, "a"), (key["bob"], 300, 300, "by an earlier bob"), (key["bob"], 600, 600, "b")],
    )
    old.commit()
    old.close()

    store = Store(path, salt=salt)
    ops = Operators(store)
    alice, bob = ops.account_of("alice"), ops.account_of("bob")
    assert alice["id"] != bob["id"] and alice["role"] == bob["role"] == "operator"
    Cases(store)
    owners = dict(store.db.execute("SELECT summary, owner FROM cases").fetchall())
    assert owners == {"a": alice["id"], "by an earlier bob": None, "b": bob["id"]}
    session = ops.session("old-token")  # a session from before still works, now with the account id
    assert (session.login, session.account, session.role) == ("alice", alice["id"], "operator")
    store.close()


def test_search_results_come_in_pages_newest_first(w):
    alice = Viewer(Operators(w.app.store).account_of("alice")["id"])
    cases = Cases(w.app.store)
    made = [cases.save(alice, {"lang": "en", "summary": f"call {i}"}, identifiers=[]) for i in range(53)]
    login(w, "alice")
    first = w.client.get("/console/cases").text
    shown = [int(i) for i in re.findall(r'<td><a href="/console/cases/(\d+)"', first)]
    assert shown == made[::-1][:50]
    older = html.unescape(re.search(r'id="older" href="([^"]+)"', first).group(1))
    rest = w.client.get(older).text
    assert [int(i) for i in re.findall(r'<td><a href="/console/cases/(\d+)"', rest)] == made[2::-1]
    assert 'id="older"' not in rest


def test_the_api_docs_list_the_endpoints_without_the_swagger_package(tmp_path, kb, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "fastapi_offline", None)  # as if it were not installed
    web = Web(tmp_path, kb)
    try:
        page = web.client.get("/v1/docs")
        assert page.status_code == 200 and "<script" not in page.text
        assert "POST /v1/check" in page.text and "/v1/openapi.json" in page.text
    finally:
        web.close()
