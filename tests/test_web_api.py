"""The JSON API through the ASGI client: each endpoint, keys, rate limits, body limits, report protection."""

from __future__ import annotations

import asyncio
import json
import logging
import time

import pytest
from web_support import Web

SCAM = "我是淘宝客服，你的订单卡单了，需要激活订单，请下载腾讯会议共享屏幕，对方号码13800138000"


@pytest.fixture
def w(tmp_path, kb):
    web = Web(tmp_path, kb)
    yield web
    web.close()


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_health_needs_no_key(w):
    r = w.client.get("/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["scripts"] == len(w.app.kb.scripts)


def test_openapi_schema_is_served(w):
    schema = w.client.get("/v1/openapi.json").json()
    assert {"/v1/check", "/v1/numbers", "/v1/reports", "/v1/official", "/v1/health"} <= set(schema["paths"])
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    check = schema["paths"]["/v1/check"]["post"]  # served directly, declared by hand
    assert check["requestBody"]["content"]["application/json"]["schema"]["required"] == ["text"]
    assert {"HTTPBearer", "APIKeyHeader"} <= {name for s in check["security"] for name in s}
    assert not any(p.startswith(("/console", "/telegram")) for p in schema["paths"])


def test_check_is_the_same_analysis_as_the_cli(w):
    from bot.conversation.emergency import situation_for

    r = w.client.post("/v1/check", json={"text": SCAM}, headers=auth(w.key()))
    assert r.status_code == 200
    expected = w.app.analyzer.analyze(SCAM).to_dict()
    expected["situation"] = situation_for(w.app.kb, SCAM, expected["verdict"]).to_dict()
    assert r.json() == json.loads(json.dumps(expected))
    assert r.json()["verdict"] == "scam"


# Who did what, in several wordings each: (opening, done act, the first action the reply must take).
_OPENINGS = [
    ("en", "A man said he was from my bank's fraud team and said my card was cloned."),
    ("en", "Got a call from 'Amazon support' about a refund for a broken order."),
    ("zh", "有人说是京东客服，说我的白条要注销，不然影响征信。"),
    ("zh", "一个自称顺丰的人打电话说我的快递丢了，要理赔。"),
]
_DONE = [
    ("en", "I already sent him 3,000 to the account he gave me.", "given", "money"),
    ("en", "My dad read him the 6-digit code from the SMS.", "given", "code"),
    ("en", "He is still on the phone with me right now, what do I do?", "call", None),
    ("zh", "我已经按他说的转了5000块过去了。", "given", "money"),
    ("zh", "我把短信验证码念给他了。", "given", "code"),
    ("zh", "他现在还在电话里，没挂。", "call", None),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_says_what_already_went_as_the_cli_does(w, lang):
    """A partner app gets the same 'urgent' reading as the chat and `check --json`: who is still on
    the call or already gave money or a code gets `situation.urgent` and the first action."""
    from click.testing import CliRunner

    from bot.cli import main

    token = w.key()
    for (_, opening), (_, done, action, what) in (
        (o, d) for o in _OPENINGS for d in _DONE if o[0] == lang and d[0] == lang
    ):
        text = f"{opening} {done}"
        got = w.client.post("/v1/check", json={"text": text}, headers=auth(token)).json()
        assert got["situation"]["urgent"] is True and got["situation"]["action"] == action, text
        if what:
            assert what in got["situation"]["given"], text
        cli = CliRunner().invoke(main, ["--db", str(w.app.settings.db_path), "check", "--json", text])
        assert json.loads(cli.output)["situation"] == got["situation"], text
        calm = w.client.post("/v1/check", json={"text": opening}, headers=auth(token)).json()
        assert calm["situation"]["urgent"] is False, opening


@pytest.mark.parametrize(
    "text",
    [
        "I paid the import VAT for my parcel on the Royal Mail website myself after the grey card came, £8.40.",
        "The Parcelforce card said I owe duty, so I opened their own app and paid the £12 there.",
        "快递到了海关要交税，我自己上顺丰官网用运单号查了，在官网把关税交了。",
    ],
)
def test_money_paid_through_the_real_process_is_not_a_loss_to_stop(w, text):
    got = w.client.post("/v1/check", json={"text": text}, headers=auth(w.key())).json()
    if got["verdict"] == "matches_genuine":  # the green verdict and "stop the loss" never together
        assert got["situation"]["urgent"] is False and got["situation"]["given"] == [], text
    else:  # not read as the real process: the money reading stands
        assert got["situation"]["urgent"] is True, text


@pytest.mark.parametrize(
    "headers, why",
    [
        ({}, "required"),
        ({"Authorization": "Bearer cck_00000000_" + "x" * 43}, "not valid"),
        ({"X-API-Key": "not-a-key"}, "not valid"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "required"),
    ],
)
def test_check_refuses_missing_and_wrong_keys(w, headers, why):
    r = w.client.post("/v1/check", json={"text": SCAM}, headers=headers)
    assert r.status_code == 401 and why in r.json()["error"]
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_a_key_with_the_wrong_secret_or_revoked_is_refused(w):
    token = w.key()
    key_id = token.split("_")[1]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(forged)).status_code == 401
    assert w.client.post("/v1/check", json={"text": "hi"}, headers={"X-API-Key": token}).status_code == 200
    assert w.state.keys.revoke(key_id) is True
    assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token)).status_code == 401


def test_keys_are_stored_only_as_hashes(w):
    token = w.key()
    rows = w.app.store.db.execute("SELECT * FROM api_keys").fetchall()
    assert token.split("_", 2)[2] not in json.dumps(rows)


def test_rate_limit_answers_429_with_retry_after(w):
    token = w.key(per_minute=2)
    for _ in range(2):
        assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token)).status_code == 200
    r = w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token))
    assert r.status_code == 429 and r.headers["Retry-After"] == "30"
    other = w.key("other", per_minute=2)  # limits are per key
    assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(other)).status_code == 200
    w.clock.now += 30
    assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token)).status_code == 200


def test_number_lookup(w):
    r = w.client.post("/v1/numbers", json={"numbers": ["95188", "abc"], "org": "支付宝"}, headers=auth(w.key()))
    assert r.status_code == 200
    first, second = r.json()["results"]
    assert first["official"]["org"] == "alipay" and first["reports"]["status"] == "unverified"
    assert second["input"] == "abc" and second["error"]


@pytest.mark.parametrize(
    "region, number, country",
    [
        ("US", "1-888-437-2210", "+1"),
        ("UK", "0300 123 2040", "+44"),
        ("United Kingdom", "020 7946 0123", "+44"),
        ("hk", "5123 4567", "+852"),
        ("Singapore", "8123 4567", "+65"),
        ("DE", "030 1234567", "+49"),
    ],
)
def test_numbers_are_read_where_the_region_says(w, region, number, country):
    r = w.client.post("/v1/numbers", json={"numbers": [number], "region": region}, headers=auth(w.key()))
    assert r.status_code == 200
    (result,) = r.json()["results"]
    assert result["number"].startswith(country) and result["valid"], result
    assert not any(s["id"] == "international" for s in result["signals"])  # at home there, not foreign


def test_numbers_of_unknown_country_are_told_so_and_a_bad_region_is_refused(w):
    key = w.key()
    r = w.client.post("/v1/numbers", json={"numbers": ["020 7946 0123"], "region": "unknown"}, headers=auth(key))
    assert r.status_code == 200 and "+86" not in r.json()["results"][0]["number"]
    bad = w.client.post("/v1/numbers", json={"numbers": ["020 7946 0123"], "region": "Narnia"}, headers=auth(key))
    assert bad.status_code == 422 and "unknown region" in bad.text


@pytest.mark.parametrize("org", ["evri", "usps", "canada_post", "australia_post", "chunghwa_post"])
def test_official_channels_end_with_the_organisations_own_countrys_help(w, org):
    kb = w.app.kb
    country = kb.organisations[org].country
    r = w.client.get("/v1/official", params={"org": org}, headers=auth(w.key()))
    assert r.status_code == 200
    last = r.json()["lines"][-1]
    assert kb.regions[country].names.en in last and "96110" not in last, last


def test_official_channels_for_where_the_person_says_they_are(w):
    key = w.key()
    r = w.client.get("/v1/official", params={"org": "sf_express", "region": "Hong Kong"}, headers=auth(key))
    lines = r.json()["lines"]
    assert "18222" in lines[-1] and not any("95338" in line for line in lines)  # the mainland line is not HK's
    bad = w.client.get("/v1/official", params={"org": "sf_express", "region": "Narnia"}, headers=auth(key))
    assert bad.status_code == 422


def test_official_channels(w):
    token = w.key()
    r = w.client.get("/v1/official", params={"org": "支付宝"}, headers=auth(token))
    assert r.status_code == 200 and any(h["number"] == "95188" for h in r.json()["hotlines"])
    assert all(h["sources"] for h in r.json()["hotlines"])
    r = w.client.get("/v1/official", params={"org": "no such shop"}, headers=auth(token))
    assert r.status_code == 404 and "alipay" in r.json()["known"]


def test_reports_follow_the_quorum_one_key_one_reporter(w):
    keys = [w.key(f"k{i}") for i in range(3)]
    body = {"number": "13800138000", "script": "refund_compensation", "note": "called from 13800138000"}
    r = w.client.post("/v1/reports", json=body, headers=auth(keys[0]))
    assert r.status_code == 201 and r.json()["reporters"] == 1 and r.json()["status"] == "unverified"
    r = w.client.post("/v1/reports", json=body, headers=auth(keys[0]))
    assert r.json()["reporters"] == 1 and r.json()["new_reporter"] is False  # the same key counts once
    w.client.post("/v1/reports", json=body, headers=auth(keys[1]))
    r = w.client.post("/v1/reports", json=body, headers=auth(keys[2]))
    assert r.json()["reporters"] == 3 and r.json()["status"] == "unverified"  # keys alone never confirm
    w.app.roles.table.grant(w.app.roles.key("tg:77"), "volunteer", "test")
    w.app.store.clock = lambda: time.time() + 8 * 24 * 3600  # a week on: the keys are no longer new
    w.app.numbers.report("13800138000", "refund_compensation", "tg:77", channel="telegram")
    r = w.client.post("/v1/numbers", json={"numbers": ["13800138000"]}, headers=auth(keys[0]))
    assert r.json()["results"][0]["reports"]["status"] == "confirmed"  # with a volunteer's, they do
    notes = [n for (n,) in w.app.store.db.execute("SELECT note FROM reports")]
    assert notes and all("13800138000" not in (n or "") for n in notes)


def test_official_hotlines_are_held_never_confirmed(w):
    for i in range(4):
        r = w.client.post(
            "/v1/reports", json={"number": "95188", "script": "refund_compensation"}, headers=auth(w.key(f"k{i}"))
        )
        assert r.status_code == 201 and r.json()["held_for_review"] is True
    assert w.app.store.lookup("CN:95188").status == "unverified"


def test_report_rate_limit_per_reporter(tmp_path, kb):
    w = Web(tmp_path, kb, reports_per_hour=2)
    try:
        token = w.key()
        for n in ("13800138000", "13900139000"):
            assert (
                w.client.post("/v1/reports", json={"number": n, "script": "fake_cod"}, headers=auth(token)).status_code
                == 201
            )
        r = w.client.post("/v1/reports", json={"number": "13700137000", "script": "fake_cod"}, headers=auth(token))
        assert r.status_code == 429 and r.headers["Retry-After"] == "3600"
        assert w.count("reports") == 2
    finally:
        w.close()


@pytest.mark.parametrize(
    "body, status",
    [
        ({"number": "13800138000", "script": "no_such_script"}, 422),
        ({"number": "not a number", "script": "fake_cod"}, 422),
        ({"number": "13800138000"}, 422),
        ({"number": "13800138000", "script": "fake_cod", "extra": 1}, 422),
        ({"number": "13800138000", "script": "fake_cod", "note": "x" * 501}, 422),
    ],
)
def test_bad_reports_store_nothing(w, body, status):
    r = w.client.post("/v1/reports", json=body, headers=auth(w.key()))
    assert r.status_code == status and r.json()["error"]
    assert w.count("reports") == 0 and w.count("numbers") == 0


def test_oversized_bodies_are_refused_before_reading(w):
    token = w.key()
    big = json.dumps({"number": "13800138000", "script": "fake_cod", "note": "x" * 140_000})
    r = w.client.post("/v1/reports", content=big, headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == 413 and "at most 131072 bytes" in r.json()["error"]

    async def chunks():  # no Content-Length: the limit applies while streaming
        for _ in range(14):
            yield b" " * 10_000

    r = w.client.post("/v1/reports", content=chunks(), headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == 413
    assert w.count("reports") == 0 and w.count("numbers") == 0


def test_text_over_the_field_limit_is_a_clear_422(w):
    r = w.client.post("/v1/check", json={"text": "啊" * 20_001}, headers=auth(w.key()))
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "text"


@pytest.mark.parametrize(
    "content, ctype, status",
    [
        (b'{"number": "1380013', "application/json", 400),
        (b"\xff\xfe not utf-8", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 422),
        (b"number=13800138000&script=fake_cod", "application/x-www-form-urlencoded", 422),
    ],
)
def test_malformed_bodies_are_clear_4xx_and_store_nothing(w, content, ctype, status):
    r = w.client.post("/v1/reports", content=content, headers={**auth(w.key()), "Content-Type": ctype})
    assert r.status_code == status and r.json()["error"]
    assert "13800138000" not in r.text  # the input is never echoed back
    assert w.count("reports") == 0


def test_access_log_carries_no_text_or_numbers(w, caplog):
    token = w.key()
    with caplog.at_level(logging.INFO, logger="callcheck.web.access"):
        for n in range(3):
            w.client.post("/v1/check", json={"text": f"{SCAM} {n}"}, headers=auth(token))
        w.client.post("/v1/check", json={"text": ""}, headers=auth(token))  # refused: a line of its own at once
        w.client.post("/v1/numbers", json={"numbers": ["13800138000"]}, headers=auth(token))
        w.client.get("/v1/official", params={"org": "13800138000"}, headers=auth(token))
        before = [r.getMessage() for r in caplog.records if r.name == "callcheck.web.access"]
        assert w.web.access.flush() == 1  # the answered checks, summed: one line for this path, status and key
    lines = [r.getMessage() for r in caplog.records if r.name == "callcheck.web.access"]
    assert [line.split(" status=")[0] for line in before] == ["POST /v1/check", "POST /v1/numbers", "GET /v1/official"]
    assert before[0].startswith("POST /v1/check status=422")
    assert len(lines) == 4 and lines[-1].startswith("POST /v1/check status=200 requests=3 in ")
    assert f"key={token.split('_')[1]}" in lines[-1] and "ms_mean=" in lines[-1] and "ms_max=" in lines[-1]
    assert all("13800138000" not in line and "淘宝" not in line and "cck_" not in line for line in lines)


@pytest.mark.parametrize("seconds", [0, 1])
def test_answered_checks_are_logged_on_their_timer_or_one_line_each(tmp_path, kb, caplog, seconds):
    """Every `CALLCHECK_ACCESS_LOG_SECONDS` the counts are written by themselves; 0: a line per request."""
    w = Web(tmp_path, kb, access_log_seconds=seconds)
    try:
        token = w.key()
        with caplog.at_level(logging.INFO, logger="callcheck.web.access"):
            for n in range(4):
                assert w.client.post("/v1/check", json={"text": f"{SCAM} {n}"}, headers=auth(token)).status_code == 200
            w.client.loop.run_until_complete(asyncio.sleep(seconds + 0.2))  # the loop runs the timer
        lines = [r.getMessage() for r in caplog.records if r.name == "callcheck.web.access"]
        if seconds:
            assert len(lines) == 1 and lines[0].startswith("POST /v1/check status=200 requests=4 in ")
        else:
            assert len(lines) == 4 and all(line.startswith("POST /v1/check status=200 ms=") for line in lines)
        assert w.web.access.flush() == 0  # nothing counted twice
    finally:
        w.close()


def test_a_verified_key_is_not_looked_up_again_and_a_revocation_elsewhere_applies_within_a_second(w):
    """The server re-checks a key it verified once a second, not on every request: a key revoked by
    another process (`callcheck api-key revoke` beside a running server) is refused after that."""
    from bot.store.apikeys import ApiKeys

    token = w.key()
    w.state.keys.monotonic = w.clock  # the key memory's clock, moved by hand
    queries: list[str] = []
    w.app.store.db.conn.set_trace_callback(lambda sql: queries.append(sql) if "api_keys" in sql else None)
    try:
        statuses = [w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token)).status_code for _ in range(5)]
        assert statuses == [200] * 5
        assert sum(q.lstrip().upper().startswith("SELECT") for q in queries) == 1
        assert ApiKeys(w.app.store).revoke(token.split("_")[1])  # another process's view of the table
        w.clock.now += 1.0
        assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token)).status_code == 401
        assert w.client.post("/v1/check", json={"text": "hi"}, headers=auth(token)).status_code == 401
    finally:
        w.app.store.db.conn.set_trace_callback(None)


# -- /v1/check served directly (CallcheckAPI.direct): the same answers as through the routing ------
def _bodies():
    """(body bytes, content type) for /v1/check: well-formed, malformed and mistyped, generated."""
    ok = {"text": "Your parcel is held at customs, pay the fee by card to 13912345678 today"}
    texts = [json.dumps(ok), json.dumps(ok, ensure_ascii=False)]
    bad = [
        b'{"text": "unfinished',
        b"\xff\xfe not utf-8",
        b"[1, 2, 3]",
        b"",
        b"null",
        json.dumps({"text": ""}).encode(),
        json.dumps({"text": 5}).encode(),
        json.dumps({"text": "a", "extra": 1}).encode(),
        json.dumps({"txt": "a"}).encode(),
        json.dumps({"text": "a" * 20_001}).encode(),
        b"text=hello",
    ]
    out = [(t.encode(), c) for t in texts for c in ("application/json", "application/json; charset=utf-8", None)]
    out += [(b, "application/json") for b in bad]
    out += [(texts[0].encode(), c) for c in ("text/plain", "application/x-www-form-urlencoded", "application/ld+json")]
    return out


def _keys(token: str) -> list[dict]:
    return [
        {"Authorization": f"Bearer {token}"},
        {"Authorization": f"bearer   {token}"},
        {"X-API-Key": token},
        {},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": f"Bearer {token[:-2]}zz"},
    ]


def test_the_direct_check_answers_exactly_as_the_routed_endpoint(tmp_path, kb):
    direct, routed = Web(tmp_path / "d", kb), Web(tmp_path / "r", kb)
    routed.web.direct.clear()  # the same endpoint through FastAPI's routing and the middlewares
    try:
        tokens = {id(w): w.key(per_minute=1000) for w in (direct, routed)}
        cases = [(b, c, k) for b, c in _bodies() for k in range(len(_keys("x")))]
        statuses = set()
        for body, ctype, k in cases:
            answers = []
            for w in (direct, routed):
                headers = dict(_keys(tokens[id(w)])[k])
                if ctype:
                    headers["Content-Type"] = ctype
                w.clock.now += 60  # the invalid-key throttle of this address does not carry over
                answers.append(w.client.post("/v1/check", content=body, headers=headers))
            a, b = answers
            case = (body[:40], ctype, k)
            assert a.status_code == b.status_code, case
            statuses.add(a.status_code)
            assert a.json() == b.json(), case
            for name in ("content-type", "x-content-type-options", "referrer-policy", "www-authenticate"):
                assert a.headers.get(name) == b.headers.get(name), (case, name)
        assert {200, 400, 401, 422} <= statuses  # the matrix reaches every kind of answer
    finally:
        direct.close()
        routed.close()


def test_api_checks_are_counted_in_trends_once_written(w):
    token = w.key()
    w.app.trends.deferred.interval = 3600  # written by flush only, in this test
    texts = [SCAM, "Hi mum, dinner at seven?", "Your parcel fee is unpaid, pay at parcel-fee.top now"]
    verdicts = [w.client.post("/v1/check", json={"text": t}, headers=auth(token)).json()["verdict"] for t in texts]
    assert w.app.trends.flush() == len(texts)
    rows = w.app.store.db.execute("SELECT verdict, script FROM trend_checks ORDER BY id").fetchall()
    assert [v for v, _ in rows] == verdicts
    assert all(SCAM not in json.dumps(r, ensure_ascii=False) for r in rows)  # aggregates only


@pytest.mark.parametrize("text", ["退款" * 10_000, "😀" * 9_000, "x" * 20_000])
def test_a_text_at_its_own_limit_is_not_refused_for_its_json_escapes(w, text):
    """The limit people meet is the text's (20,000 characters), however their client escapes it."""
    body = json.dumps({"text": text})  # Python's default: \uXXXX for every non-ASCII character
    r = w.client.post("/v1/check", content=body, headers={**auth(w.key()), "Content-Type": "application/json"})
    assert r.status_code == 200, r.text[:200]


def test_the_direct_check_refuses_oversized_bodies(w):
    token = w.key()
    big = json.dumps({"text": "x" * 140_000})
    r = w.client.post("/v1/check", content=big, headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == 413 and "at most 131072 bytes" in r.json()["error"]
    assert r.headers["x-content-type-options"] == "nosniff"

    async def chunks():  # no Content-Length: refused as the stream passes the limit
        for _ in range(14):
            yield b" " * 10_000

    r = w.client.post("/v1/check", content=chunks(), headers={**auth(token), "Content-Type": "application/json"})
    assert r.status_code == 413


def test_an_unexpected_error_in_the_direct_check_is_logged_as_500(w, caplog, monkeypatch):
    token = w.key()

    def broken(text):
        raise RuntimeError("analysis exploded on " + text)

    monkeypatch.setattr(w.app.analyzer, "analyze", broken)
    with caplog.at_level(logging.INFO, logger="callcheck.web.access"), pytest.raises(RuntimeError):
        w.client.post("/v1/check", json={"text": SCAM}, headers=auth(token))
    lines = [r.getMessage() for r in caplog.records if r.name == "callcheck.web.access"]
    assert lines and lines[-1].startswith("POST /v1/check status=500 ms=")  # an error: its own line at once


@pytest.mark.parametrize("path", ["/v1/check", "/v1/numbers"])
def test_the_openapi_document_describes_the_answers_as_they_are(w, path):
    """Trial 5, 3.5: the 200s had empty schemas; the 422 was FastAPI's {"detail"}, the body {"error", "problems"}."""
    schema = w.client.get("/v1/openapi.json").json()
    op = schema["paths"][path]["post"]["responses"]

    def resolve(ref_or_schema):
        ref = ref_or_schema.get("$ref")
        return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else ref_or_schema

    ok = resolve(op["200"]["content"]["application/json"]["schema"])
    assert ok.get("properties"), ok
    refused = resolve(op["422"]["content"]["application/json"]["schema"])
    assert set(refused["properties"]) == {"error", "problems"}, refused
    # and the real answers fit what is documented
    token = w.key()
    bad = w.client.post(path, json={"nothing": 1}, headers=auth(token)).json()
    assert set(bad) == {"error", "problems"} and all(set(p) == {"field", "message"} for p in bad["problems"])
    if path == "/v1/check":
        assert resolve(ok["properties"]["verdict"])["enum"] == [
            "scam",
            "suspicious",
            "matches_genuine",
            "no_scam_signs",
        ]
        body = w.client.post(path, json={"text": SCAM}, headers=auth(token)).json()
        assert set(ok["required"]) <= set(body) and "urgent" in body["situation"]
    else:
        body = w.client.post(path, json={"numbers": ["+852 5123 4567"]}, headers=auth(token)).json()
        assert set(ok["required"]) <= set(body)
