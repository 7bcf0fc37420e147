"""The professionals' tools carry the fraudster's data, never the victim's as the fraudster's.

The console's call sheet, the saved case, the police export: the caller's own number given with
their name is not offered, ticked, saved, reported or exported as the fraudster's, and the caller's
own lenders and payment rails are not "the fraudster's apps"; the receiving account or handle is.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re

import pytest
from web_support import Web

from bot.services.roles import Roles
from bot.store.operators import Operators

PASSWORD = "a long enough password"


@pytest.fixture
def w(tmp_path, kb):
    web = Web(tmp_path, kb)
    web.app.store.clock = web.clock
    ops = Operators(web.app.store)
    roles = Roles(web.app.store, ("cli:admin",))
    for login_, role in (("dora", "operator"), ("sam", "supervisor")):
        ops.add(login_, PASSWORD, role)
        roles.grant("cli:admin", f"op:{login_}", "operator")
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


def sheet(w, csrf: str, text: str) -> str:
    r = w.client.post("/console/analyze", data={"text": text}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    return r.text


def offered(page: str) -> list[tuple[str, str]]:
    """The identifiers the sheet offers as the fraudster's (ticked by default), as (kind, value)."""
    return [tuple(html.unescape(v).split("\t", 1)) for v in re.findall(r'class="ident" value="([^"]+)"', page)]


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


# -- the caller's own number, given with their name ------------------------------------------------
OPERATOR_FRAMES = ["来电人说，", "", "來電人話，", "来电者称："]
INTROS_ZH = ["我叫{name}，手机{own}", "我係{name}，電話{own}", "本人{name}，手机号码是{own}", "我叫{name}手机号{own}"]
FRAUD_ZH = [
    "。今天接到自称{org}客服{fraud}的电话，说要关闭{lender}，不然影响征信，让他在{lender2}借了3万转到对方账户{acct}",
    "。刚才有个{org}客服用{fraud}打来，说理赔要开通{lender}，叫她把钱转入{acct}",
]
NAMES = ["赵一鸣", "钱小红", "孙立"]
OWN = ["13912340001", "15098760002", "18611112222"]
FRAUD = ["17088886666", "16512340000"]
ORGS = ["京东", "淘宝"]
LENDERS = [("白条", "借呗"), ("备用金", "花呗")]
ACCOUNTS = ["6222020200112233445", "6217 8800 1234 5678 901"]

ZH_CASES = list(
    itertools.islice(
        itertools.product(OPERATOR_FRAMES, INTROS_ZH, FRAUD_ZH, NAMES, OWN, FRAUD, ORGS, LENDERS, ACCOUNTS), 0, None, 97
    )
)


def zh_account(frame, intro, fraud, name, own, number, org, lenders, acct) -> str:
    return (
        frame
        + intro.format(name=name, own=own)
        + fraud.format(org=org, fraud=number, lender=lenders[0], lender2=lenders[1], acct=acct)
    )


@pytest.mark.parametrize("case", ZH_CASES)
def test_the_callers_own_number_is_never_offered_as_the_fraudsters(w, case):
    own, number, acct = case[4], case[5], case[8]
    text = zh_account(*case)
    csrf = login(w, "dora")
    page = sheet(w, csrf, text)
    found = offered(page)
    values = [v for _, v in found]
    assert not [v for v in values if digits(v).endswith(own)], (text, found)
    assert any(k == "number" and digits(v).endswith(number) for k, v in found), (text, found)
    assert ("account", acct) in found, (text, found)
    # The victim's own lenders are how the money went, not the fraudster's apps.
    assert not [v for k, v in found if k == "app"], (text, found)
    # Not listed as a number mentioned, not "uses a personal mobile" evidence; shown as the caller's own.
    numbers = re.search(r'<ul id="numbers">(.*?)</ul>', page, re.S)
    assert numbers is None or own not in numbers.group(1)
    assert (
        page.count("个人手机号") <= 1
        and 'id="callers-own"' in page
        and own not in page.split('id="callers-own"')[1][:200]
    )


def test_a_saved_case_never_keeps_reports_or_exports_the_callers_own_number(w):
    own, number, acct = "13755550123", "17099990000", "6222031234000011112"
    text = f"来电人说，我叫周晓梅，手机{own}。下午有自称京东客服的人用{number}打来，让她在借呗借了2万转到对方账户{acct}"
    csrf = login(w, "dora")
    found = offered(sheet(w, csrf, text))
    # Typed by hand as the fraudster's (in any written form): refused, with the reason, nothing saved.
    for typed in (f"number: {own}", f"number: +86 {own[:3]} {own[3:7]} {own[7:]}", own):
        r = w.client.post(
            "/console/cases",
            data={"text": text, "ident": ["\t".join(f) for f in found], "identifiers": typed},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 400 and "caller's own" in r.json()["error"] and own not in r.json()["error"]
    assert w.count("cases") == 0
    r = w.client.post(
        "/console/cases", data={"text": text, "ident": ["\t".join(f) for f in found]}, headers={"X-CSRF-Token": csrf}
    )
    case = r.json()["id"]
    page = w.client.get(f"/console/cases/{case}").text
    assert own not in page and page.count('class="report-ident"') == 1  # the fraudster's number only
    login(w, "sam")
    rows = list(csv.DictReader(io.StringIO(w.client.get("/console/export").text.lstrip("\ufeff"))))
    assert rows[0]["fraudster_numbers"] == "+86" + number and own not in json.dumps(rows)
    assert rows[0]["receiving_accounts"] == acct and rows[0]["apps_used"] == ""


@pytest.mark.parametrize(
    "text,handle",
    [
        ("Caller says he is Arjun, his number 9812345670. Someone from Amazon made him pay Rs 5000 by UPI to "
         "refund.desk@okaxis", "refund.desk@okaxis"),
        ("Caller says: my name is Meera Nair, my mobile is 9900112233. A Flipkart agent told her to send 8,000 "
         "rupees on UPI to helpline7@ybl", "helpline7@ybl"),
    ],
)  # fmt: skip
def test_the_receiving_upi_id_is_offered_and_the_rail_and_the_callers_number_are_not(w, text, handle):
    csrf = login(w, "dora")
    found = offered(sheet(w, csrf, text))
    own = re.search(r"\d{10}", text).group(0)
    assert ("handle", handle) in found, found
    assert not [v for k, v in found if k == "app"] and not [v for _, v in found if own in digits(v)], found


def test_someone_elses_self_introduction_is_still_the_fraudsters():
    from nlu.own import own_spans

    for text in (
        "他说：我叫张伟，电话17012340000，是京东客服",
        "I'm Sarah from Royal Mail, my number is 07123 456789, call me back",
        "我是京东客服，电话4006065500",
        "我叫刘芳，今天接到17012340000的电话",
    ):
        assert own_spans(text) == [], text


# -- the police export --------------------------------------------------------------------------
def test_the_export_has_one_column_per_name_and_refuses_impossible_dates(w):
    csrf = login(w, "dora")
    text = "冒充淘宝客服说要理赔，让我转到对方账户6222000011112222333，他的号码17055556666"
    w.client.post(
        "/console/cases",
        data={"text": text, "ident": ["\t".join(f) for f in offered(sheet(w, csrf, text))], "consent": "1"},
        headers={"X-CSRF-Token": csrf},
    )
    login(w, "sam")
    body = w.client.get("/console/export").text.lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(body)))
    assert len(header) == len(set(header)) and "caller_account_with_consent" in header
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["receiving_accounts"] == "6222000011112222333" and "理赔" in row["caller_account_with_consent"]
    for field, bad in itertools.product(("from", "to"), ("2026-13-45", "2026-02-30", "yesterday", "2026/01/01")):
        for path in ("/console/export", "/console/cases"):
            r = w.client.get(path, params={field: bad})
            assert r.status_code == 422 and field in r.json()["error"], (path, field, bad)
    assert w.client.get("/console/export", params={"from": "2026-01-01"}).status_code == 200


# -- the headline after a payment, and the operator's framing ---------------------------------------
PAID_EN = [
    "Caller says a man from the phone company rang and she paid him {a} already",
    "the caller told me someone from her internet provider phoned, and she has already sent {a} to him",
]
PAID_ZH = ["来电人说，有个自称电信公司的人打来，她已经给对方转了{a}", "事主称对方说是宽带公司的，他已经付了{a}"]


@pytest.mark.parametrize(
    "text", [f.format(a=a) for f, a in itertools.product(PAID_EN, ("150 dollars", "$80"))]
    + [f.format(a=a) for f, a in itertools.product(PAID_ZH, ("600元", "两千块"))]
)  # fmt: skip
def test_after_a_payment_the_headline_never_says_do_not_act_yet(w, text):
    csrf = login(w, "dora")
    page = sheet(w, csrf, text)
    head = html.unescape(re.search(r'id="verdict">(.*?)<small', page, re.S).group(1))
    assert "do not act on it yet" not in head and "请先别照做" not in head, (text, head)


def test_the_already_paid_button_turns_a_suspicious_headline_into_treat_it_as_a_scam(w):
    csrf = login(w, "dora")
    turned = 0
    for text in (
        "有人自称快递客服，问我要不要退款",
        "有人说是淘宝客服，说我的订单有问题",
        "Caller says: " + "有人自称快递客服，问我要不要退款",
    ):
        calm = w.client.post("/console/analyze", data={"text": text}, headers={"X-CSRF-Token": csrf}).text
        if "请先别照做" not in calm:
            continue  # not suspicious on this knowledge: nothing to turn
        paid = w.client.post("/console/analyze", data={"text": text, "paid": "1"}, headers={"X-CSRF-Token": csrf}).text
        assert "按诈骗处理" in paid and "请先别照做" not in paid, text
        turned += 1
    assert turned, "no suspicious account left to try the button on"


FRAMINGS = ["来电人说，", "来电者称：", "來電人話，", "事主表示，", "Caller says: ", "The caller said that "]
BODIES = [
    "她收到一条短信，说包裹地址不详",
    "他昨天在网上买了一双鞋",
    "she got a text about a parcel",
    "he bought shoes online",
]


@pytest.mark.parametrize("framing,body", list(itertools.product(FRAMINGS, BODIES)))
def test_the_operators_framing_is_not_evidence_of_a_claimed_role(w, framing, body):
    csrf = login(w, "dora")
    page = sheet(w, csrf, framing + body)
    marked = [html.unescape(m) for m in re.findall(r"<mark [^>]*>(.*?)</mark>", page)]
    assert not [m for m in marked if framing.strip(" ，：:").lower()[:3] in m.lower()], marked
    assert "自称某公司" not in page and "claiming to be a company" not in page


# -- the number database: nobody confirms alone ---------------------------------------------------
@pytest.fixture
def cli(monkeypatch):
    from click.testing import CliRunner

    from bot.cli import main
    from bot.cli.numbers import operator

    monkeypatch.setenv("CALLCHECK_ADMINS", operator())
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def _moderation_rows(number: str) -> int:
    from bot.app import App, Settings

    app = App(Settings.from_env())
    try:
        return app.store.db.execute("SELECT COUNT(*) FROM moderation WHERE number = ?", [number]).fetchone()[0]
    finally:
        app.close()


@pytest.mark.parametrize(
    "confirm",
    [
        ("review", "approve", "{n}", "--reason", "seen it myself"),
        ("number", "moderate", "{n}", "--status", "confirmed", "--reason", "seen it myself"),
    ],
)
def test_a_number_is_not_confirmed_by_its_only_reporter(cli, confirm):
    from bot.app import App, Settings

    number, canonical = "13766660001", "+8613766660001"
    assert cli("number", "report", number, "--script", "fake_cod").exit_code == 0
    alone = cli(*[a.format(n=number) for a in confirm])
    assert alone.exit_code != 0 and "only one who reported" in alone.output, alone.output
    assert "confirmed" not in cli("number", "check", number).output.lower().split("not yet confirmed")[0]
    assert _moderation_rows(canonical) == 0

    app = App(Settings.from_env())
    app.numbers.report(number, "fake_cod", "tg:777001", channel="telegram")  # someone else reports it too
    app.close()
    done = cli(*[a.format(n=number) for a in confirm])
    assert done.exit_code == 0 and "confirmed" in done.output, done.output
    again = cli(*[a.format(n=number) for a in confirm])
    assert again.exit_code == 0 and "already confirmed" in again.output and _moderation_rows(canonical) == 1
    assert "2 independent reporters" in cli("number", "check", "--lang", "en", number).output


@pytest.mark.parametrize("n", range(1, 5))
def test_reporters_are_counted_in_words_that_agree(n):
    from bot.services.numbers import report_signal
    from bot.store import NumberRecord

    for status in ("confirmed", "unverified"):
        record = NumberRecord("+8613766660002", status, n, n, None, None, {}, False, 0)
        text = report_signal(record).text
        assert (
            ("1 independent reporter" in text.en and "reporters" not in text.en)
            if n == 1
            else (f"{n} independent reporters" in text.en)
        ), text.en
        assert "(s)" not in text.en and (n > 1 or "独立" not in text.zh), text.zh


# -- alerts: a dry run writes nothing; a scheduled alert can be changed --------------------------
@pytest.fixture
def police(monkeypatch):
    from click.testing import CliRunner

    from bot.cli import main
    from bot.services.roles import cli_actor

    monkeypatch.setenv("CALLCHECK_ADMINS", cli_actor())
    monkeypatch.setenv("CALLCHECK_QUIET_HOURS", "off")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def _alert_rows() -> int:
    from bot.app import App, Settings

    app = App(Settings.from_env())
    try:
        return app.store.db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    finally:
        app.close()


@pytest.mark.parametrize(
    "how",
    [
        ("--script", "理赔"),
        ("--text", "Fake couriers are calling about parcel fees today."),
        ("--text-zh", "近期有冒充快递员来电收取费用。", "--text-en", "Fake couriers are calling about fees."),
        ("--script", "refund_compensation", "--at", "09:30"),
    ],
)
@pytest.mark.parametrize("region", ["深圳", "Hong Kong", "UK"])
def test_a_dry_run_writes_nothing_and_promises_no_expiry(police, how, region):
    result = police("alert", "send", "--region", region, *how, "--lang", "en", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "expires" not in result.output and not re.search(r"Alert \d+", result.output), result.output
    assert _alert_rows() == 0
    listed = police("alert", "list", "--lang", "en").output
    assert "cancelled" not in listed and "draft" not in listed, listed


def test_a_scheduled_alert_can_be_changed_and_goes_back_to_confirming(police):
    from bot.app import App, Settings

    sent = police("alert", "send", "--region", "Hong Kong", "--text-en", "Parcel fee calls are a scam.",
                  "--at", "09:15", "--yes")  # fmt: skip
    assert "scheduled" in sent.output, sent.output
    alert_id = re.search(r"Alert (\d+)", sent.output).group(1)
    for change in (("--text-zh", "收包裹費的來電是騙局。"), ("--at", "10:45")):
        edited = police("alert", "edit", alert_id, *change, "--lang", "en")
        assert edited.exit_code == 0, edited.output
        assert "will not be sent again" not in edited.output
        assert "draft again" in edited.output and f"alert send --draft {alert_id}" in edited.output
        app = App(Settings.from_env())
        alert = app.alerts.get(int(alert_id))
        app.close()
        assert alert["status"] == "draft" and alert["expires_at"], alert
        again = police("alert", "send", "--draft", alert_id, "--yes")
        assert "scheduled" in again.output, again.output
    app = App(Settings.from_env())
    alert = app.alerts.get(int(alert_id))
    app.close()
    assert alert["status"] == "scheduled" and "zh" in alert["body"]
    # Confirming it again is not a change: refused as already confirmed, and it stays scheduled.
    twice = police("alert", "send", "--draft", alert_id, "--yes")
    assert twice.exit_code != 0 and "already confirmed" in twice.output, twice.output
    app = App(Settings.from_env())
    assert app.alerts.get(int(alert_id))["status"] == "scheduled"
    app.close()


# -- batch: aligned output, refused lines said, a fresh database made once --------------------------
GOOD = ["有人冒充顺丰理赔，让我开通备用金", "A caller from 'Amazon' asked me to install AnyDesk", "今天天气不错"]
BAD = [
    ("not json at all", None),
    ('{"id": "e1", "text": ""}', "e1"),
    ('{"id": "e2", "text": "   "}', "e2"),
    ('{"id": "e3", "text": 123}', "e3"),
    ('{"id": "e4", "text": null}', "e4"),
    ('{"id": "e5"}', "e5"),
    ('["a list"]', None),
]


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("where", range(0, len(BAD), 2))
def test_batch_output_stays_aligned_and_refused_lines_fail_the_run(workers, where):
    from click.testing import CliRunner

    from bot.cli import main

    lines = [json.dumps({"id": f"g{k}", "text": t}, ensure_ascii=False) for k, t in enumerate(GOOD)]
    bad = BAD[where : where + 3]
    for k, (line, _id) in enumerate(bad):
        lines.insert(2 * k + 1, line)
    result = CliRunner().invoke(main, ["analyze", "--jsonl", "-", "--workers", workers], input="\n".join(lines) + "\n")
    assert result.exit_code == 1 and f"{len(bad)} line(s) refused" in result.stderr, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == len(lines)
    for k, (_line, rid) in enumerate(bad):
        o = out[2 * k + 1]
        assert o["error"] and o["line"] == 2 * k + 2 and o["id"] == rid, o
        assert "verdict" not in o
    assert [o["id"] for o in out if "verdict" in o] == [f"g{k}" for k in range(len(GOOD))]


def test_workers_on_a_fresh_database_find_it_made(tmp_path, monkeypatch):
    """The database is created and migrated before any worker starts (never by two at once)."""
    import bot.batch as batch
    from bot.app import App, Settings

    db = tmp_path / "fresh" / "c.db"
    db.parent.mkdir()
    seen = []
    real = batch.ProcessPoolExecutor

    def pool(*args, **kwargs):
        seen.append(db.exists())
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", pool)
    app = App(Settings(db_path=db))
    try:
        items = [(k, t) for k, t in enumerate(GOOD * 3)]
        results = list(batch.analyze_many(app, items, workers=2))
    finally:
        app.close()
    assert seen == [True] and len(results) == len(items)
