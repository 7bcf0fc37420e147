"""The console without a browser: login, sessions, CSRF, roles, and what a saved case keeps."""

from __future__ import annotations

import re

import pytest
from web_support import Web

from bot.services.roles import Roles
from bot.store.operators import Operators, hash_password, verify_password

PASSWORD = "a long enough password"
ACCOUNT = "我叫王小明，有人说是淘宝客服，理赔要开通备用金，让我把验证码告诉他，号码13800138000"


@pytest.fixture
def w(tmp_path, kb):
    web = Web(tmp_path, kb)
    ops = Operators(web.app.store)
    roles = Roles(web.app.store, ("cli:admin",))
    for login in ("alice", "bob"):
        ops.add(login, PASSWORD)
        roles.grant("cli:admin", f"op:{login}", "operator")
    ops.add("mallory", PASSWORD)  # an account without the operator role
    yield web
    web.close()


def login(w, name: str = "alice", password: str = PASSWORD):
    """Log in like the form does; returns the CSRF token of the new session (or None)."""
    w.client.http.cookies.clear()
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    r = w.client.post("/console/login", data={"login": name, "password": password, "prelogin": token})
    if r.status_code != 303:
        return None
    page = w.client.get("/console")
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_passwords_are_scrypt_hashes():
    stored = hash_password("secret password")
    assert stored.startswith("scrypt$16384$8$1$") and "secret" not in stored
    assert verify_password("secret password", stored) and not verify_password("Secret password", stored)
    assert not verify_password("x", "md5$abc")


def test_login_sets_a_strict_cookie_and_wrong_passwords_fail(w):
    assert login(w, "alice", "wrong password") is None
    assert login(w, "nobody", PASSWORD) is None
    assert login(w, "mallory", PASSWORD) is None  # no operator role
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    r = w.client.post("/console/login", data={"login": "alice", "password": PASSWORD, "prelogin": token})
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie


def test_login_without_the_form_token_is_refused(w):
    r = w.client.post("/console/login", data={"login": "alice", "password": PASSWORD, "prelogin": "forged"})
    assert r.status_code == 200 and "form expired" in r.text


def test_login_attempts_are_limited(w):
    for _ in range(10):
        login(w, "alice", "wrong password")
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    r = w.client.post("/console/login", data={"login": "alice", "password": PASSWORD, "prelogin": token})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    wait = r.headers["Retry-After"]  # the page tells the operator the same wait, not "a minute"
    assert f"wait {wait} s" in r.text and f"请 {wait} 秒后再试" in r.text and "a minute" not in r.text


def test_pages_need_a_session(w):
    for path in ("/console", "/console/cases/1"):
        r = w.client.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/console/login"
    assert w.client.post("/console/analyze", data={"text": ACCOUNT}).status_code == 403


def test_posts_need_the_csrf_token(w):
    csrf = login(w)
    assert w.client.post("/console/analyze", data={"text": ACCOUNT}).status_code == 403
    r = w.client.post("/console/analyze", data={"text": ACCOUNT}, headers={"X-CSRF-Token": "nope"})
    assert r.status_code == 403
    r = w.client.post("/console/report", data={"number": "13800138000", "script": "fake_cod"})
    assert r.status_code == 403 and w.count("reports") == 0
    r = w.client.post("/console/analyze", data={"text": ACCOUNT}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and 'id="script-name"' in r.text
    assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_sheet_escapes_what_the_caller_said(w):
    csrf = login(w)
    r = w.client.post(
        "/console/analyze", data={"text": "<script>alert(1)</script>我是淘宝客服"}, headers={"X-CSRF-Token": csrf}
    )
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text


def test_reports_from_the_console_count_the_operator_once(w):
    csrf = login(w)
    for _ in range(2):
        r = w.client.post(
            "/console/report",
            data={"number": "13800138000", "script": "refund_compensation", "lang": "en"},
            headers={"X-CSRF-Token": csrf},
        )
        assert r.status_code == 200
    assert w.app.store.lookup("+8613800138000").reporters == 1
    r = w.client.post(
        "/console/report", data={"number": "95188", "script": "fake_cod", "lang": "en"}, headers={"X-CSRF-Token": csrf}
    )
    assert "held for review" in r.text and w.app.store.lookup("CN:95188").status == "unverified"


def test_a_saved_case_is_redacted_private_and_deletable(w):
    csrf = login(w)
    r = w.client.post(
        "/console/cases",
        data={"text": ACCOUNT, "consent": "1", "names": "王小明", "paid": "1", "given": ["money", "code"]},
        headers={"X-CSRF-Token": csrf},
    )
    case_id = r.json()["id"]
    row = w.app.store.db.execute("SELECT summary, account, given, operator FROM cases").fetchone()
    stored = " ".join(str(v) for v in row)
    assert "13800138000" not in stored and "王小明" not in stored and "alice" not in stored
    assert "[number]" in row[1] and "[name]" in row[1] and row[2] == '["code", "money"]'

    r = w.client.post("/console/cases", data={"text": ACCOUNT}, headers={"X-CSRF-Token": csrf})
    assert w.app.store.db.execute("SELECT account FROM cases WHERE id = ?", [r.json()["id"]]).fetchone()[0] is None

    assert w.client.get(f"/console/cases/{case_id}").status_code == 200
    csrf_bob = login(w, "bob")
    assert w.client.get(f"/console/cases/{case_id}").status_code == 404  # not bob's
    w.client.post(f"/console/cases/{case_id}/delete", data={"csrf": csrf_bob, "confirm": "yes"})
    assert w.count("cases") == 2
    csrf = login(w)
    unconfirmed = w.client.post(f"/console/cases/{case_id}/delete", data={"csrf": csrf})
    assert unconfirmed.status_code == 409 and "I confirm" in unconfirmed.text and w.count("cases") == 2
    w.client.post(f"/console/cases/{case_id}/delete", data={"csrf": csrf, "confirm": "yes"})
    assert w.count("cases") == 1 and w.client.get(f"/console/cases/{case_id}").status_code == 404


def test_a_case_with_fraudster_identifiers_is_deleted_by_a_supervisor_only(w):
    csrf = login(w)
    case = {"text": ACCOUNT, "ident": ["number\t+8613800138000", "account\t6222021234567890123"]}
    r = w.client.post("/console/cases", data=case, headers={"X-CSRF-Token": csrf})
    case_id = r.json()["id"]
    held = w.app.store.db.execute("SELECT COUNT(*) FROM case_identifiers WHERE case_id = ?", [case_id]).fetchone()[0]
    assert held >= 1
    refused = w.client.post(f"/console/cases/{case_id}/delete", data={"csrf": csrf, "confirm": "yes"})
    assert refused.status_code == 409 and "supervisor" in refused.text and w.count("cases") == 1
    Operators(w.app.store).add("carol", PASSWORD, "supervisor")
    Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "op:carol", "operator")
    csrf = login(w, "carol")
    w.client.post(f"/console/cases/{case_id}/delete", data={"csrf": csrf, "confirm": "yes"})
    assert w.count("cases") == 0
    outcomes = [r[0] for r in w.app.store.db.execute("SELECT outcome FROM audit WHERE action = 'console.case'")]
    assert "refused" in outcomes and "deleted" in outcomes


def test_removing_an_operator_ends_their_session(w):
    csrf = login(w)
    assert w.client.post("/console/analyze", data={"text": "hi"}, headers={"X-CSRF-Token": csrf}).status_code == 200
    Operators(w.app.store).remove("alice")
    assert w.client.post("/console/analyze", data={"text": "hi"}, headers={"X-CSRF-Token": csrf}).status_code == 403
    assert w.client.get("/console").status_code == 303


def test_logout_ends_the_session(w):
    csrf = login(w)
    assert w.client.post("/console/logout", data={"csrf": "wrong"}).status_code == 303
    assert w.client.get("/console").status_code == 200  # a forged logout does nothing
    w.client.post("/console/logout", data={"csrf": csrf})
    assert w.client.get("/console").status_code == 303


def test_odd_case_ids_are_404s_not_errors(w):
    login(w)
    for path in ("/console/cases/99999999999999999999999", "/console/cases/0", "/console/cases/x", "/console/cases/7"):
        assert w.client.get(path).status_code in (404, 422), path


def test_every_console_route_but_login_and_logout_needs_a_session_and_its_csrf_token(w):
    """Checked over the router itself, so a route added without the session dependency fails here."""
    from bot.channels.web import console

    routes = sorted(
        (method, r.path.replace("{case_id}", "1").replace("{ident_id}", "1"))
        for r in console.build_router(w.state).routes  # the router create_app includes
        if r.path not in ("/console/login", "/console/logout")
        for method in r.methods
    )
    assert {p for _, p in routes} >= {"/console", "/console/analyze", "/console/report", "/console/cases/1/delete"}
    body = {"text": ACCOUNT, "number": "13800138000", "script": "fake_cod", "given": "money"}
    for method, path in routes:  # no session at all
        w.client.http.cookies.clear()
        r = w.client.request(method, path, data=body if method == "POST" else None)
        if method == "GET":
            assert (r.status_code, r.headers["location"]) == (303, "/console/login"), path
        else:
            assert r.status_code == 403 and "log in again" in r.json()["error"], path
    csrf = login(w)
    w.client.post("/console/cases", data={"text": ACCOUNT}, headers={"X-CSRF-Token": csrf})
    for method, path in routes:  # a live session, but no or a wrong token
        if method == "POST":
            for headers, extra in (({}, {}), ({"X-CSRF-Token": "nope"}, {"csrf": "nope"})):
                r = w.client.post(path, data={**body, **extra}, headers=headers)
                assert r.status_code == 403, (path, headers)
        elif path in SUPERVISORS_ONLY:
            assert w.client.get(path).status_code == 403, path
        else:
            assert w.client.get(path).status_code == 200, path
    assert w.count("reports") == 0 and w.count("cases") == 1
    Operators(w.app.store).add("carol", PASSWORD, "supervisor")
    Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "op:carol", "operator")
    login(w, "carol")
    for path in SUPERVISORS_ONLY:
        assert w.client.get(path).status_code == 200, path


SUPERVISORS_ONLY = ("/console/queue", "/console/export")


def _form_token(w) -> str:
    page = w.client.get("/console/login")
    return re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)


def test_many_names_from_one_address_are_refused_before_hashing(w, monkeypatch):
    from bot.channels.web import console

    hashed = []
    real = console.check_password
    monkeypatch.setattr(console, "check_password", lambda p, s: (hashed.append(1), real(p, s))[1])
    statuses = []
    for n in range(45):
        token = _form_token(w)
        r = w.client.post("/console/login", data={"login": f"guess{n}", "password": "x" * 12, "prelogin": token})
        statuses.append(r.status_code)
    assert statuses.count(429) >= 10 and len(hashed) <= 30


def test_wrong_passwords_back_off_and_the_owner_gets_back_in(w):
    for _ in range(5):
        assert login(w, "alice", "wrong password") is None
    token = _form_token(w)
    r = w.client.post("/console/login", data={"login": "alice", "password": PASSWORD, "prelogin": token})
    assert r.status_code == 429  # backing off: even the right password waits, a few seconds
    wait = int(r.headers["Retry-After"])
    assert 1 <= wait <= 300
    w.clock.now += wait
    assert login(w, "alice", PASSWORD) is not None  # the wait is over: the owner is in
    # a long attack never locks the owner out for more than the longest back-off
    for _ in range(40):
        w.clock.now += 301
        login(w, "alice", "wrong password")
    w.clock.now += 301
    assert login(w, "alice", PASSWORD) is not None
