"""The volunteers' review page without a browser: login with the console accounts, roles, CSRF, the
two-person rule on web identities, refusal with the impact shown, revert, history, indicator search."""

from __future__ import annotations

import re

import pytest
from web_support import Web

from bot.services.roles import Roles
from bot.store.operators import Operators

PASSWORD = "a long enough password"
HOTLINE = "950777"  # made up


@pytest.fixture
def w(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    web = Web(tmp_path)
    ops = Operators(web.app.store)
    roles = Roles(web.app.store, ("cli:admin",))
    for login in ("alice", "bob", "carol"):
        ops.add(login, PASSWORD)
    for login in ("alice", "bob"):
        roles.grant("cli:admin", f"op:{login}", "volunteer")
    roles.grant("cli:admin", "op:carol", "operator")
    yield web
    web.close()


def login(w, name: str) -> tuple[str, str]:
    """Log in with the console's form; returns where it landed and the page's CSRF token."""
    w.client.http.cookies.clear()
    page = w.client.get("/console/login")
    token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
    r = w.client.post("/console/login", data={"login": name, "password": PASSWORD, "prelogin": token})
    assert r.status_code == 303, r.text
    where = r.headers["location"]
    page = w.client.get(where)
    return where, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def decide(w, csrf: str, item: str, action: str, reason: str = "checked", **fields):
    return w.client.post(
        "/console/review/decide", data={"csrf": csrf, "item": item, "action": action, "reason": reason, **fields}
    )


def test_volunteers_land_on_the_review_page_and_operators_alone_cannot_open_it(w):
    where, _ = login(w, "alice")
    assert where == "/console/review"
    where, _ = login(w, "carol")
    assert where == "/console"
    assert 'id="review-link"' not in w.client.get("/console").text  # no link to a page she may not open
    r = w.client.get("/console/review")
    # signed in without the role: told so (trial 5, 3.7), not sent back to the login form
    assert r.status_code == 403 and "volunteer" in r.text and "op:carol" in r.text
    assert 'href="/console"' in r.text
    w.client.http.cookies.clear()
    r = w.client.get("/console/review")  # not signed in at all: the login form, as before
    assert r.status_code == 303 and r.headers["location"] == "/console/login"


def test_a_volunteer_who_is_also_an_operator_finds_the_review_page_from_the_call_sheet(w):
    Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "op:alice", "operator")
    login(w, "alice")
    for page in ("/console", "/console/cases"):
        text = w.client.get(page).text
        assert re.search(r'<a href="/console/review" id="review-link">', text), page


def test_two_volunteers_by_their_web_logins_then_revert_and_history(w):
    aid, _ = w.app.review.propose(
        "op:alice", "hotline", "jd", {"number": HOTLINE, "confidence": "medium"}, "https://help.jd.com/x", "seen"
    )
    _, csrf = login(w, "alice")
    page = w.client.get("/console/review").text
    assert f'id="a{aid}"' in page and "https://help.jd.com/x" in page and "you proposed it" in page
    r = decide(w, csrf, f"a{aid}", "approve")
    assert r.status_code == 400 and "second, different volunteer" in r.text
    hotlines = lambda: [h.number for h in w.app.kb.organisations["jd"].hotlines]  # noqa: E731
    assert HOTLINE not in hotlines()

    _, csrf = login(w, "bob")
    r = decide(w, csrf, f"a{aid}", "approve", reason="the help page lists it")
    assert r.status_code == 200 and "approved by a second volunteer" in r.text
    assert HOTLINE in hotlines()
    assert f'id="live-a{aid}"' in r.text
    r = decide(w, csrf, f"a{aid}", "revert", reason="the page was a copy")
    assert r.status_code == 200 and "reverted" in r.text
    assert HOTLINE not in hotlines()

    history = w.client.get(f"/console/review/history/a{aid}").text
    rows = re.findall(r'<td class="action">(\w+)</td><td>(\w+)</td><td>([^<]*)</td>', history)
    assert rows == [
        ("propose", "alice", "seen"),
        ("approve", "bob", "the help page lists it"),
        ("revert", "bob", "the page was a copy"),
    ]


def test_a_greeting_is_refused_on_the_page_with_its_impact(w):
    sid = w.app.review.suggest("tg:5", "你好", "phrase").id
    _, csrf = login(w, "alice")
    r = decide(w, csrf, f"s{sid}", "approve", target="refund_compensation.parcel_lost")
    assert r.status_code == 400
    assert 'id="refused-impact"' in r.text and "everyday.yml" in r.text and "Refused" in r.text
    assert 'value="refund_compensation.parcel_lost"' in r.text  # what the volunteer typed is kept
    assert w.app.review.table.additions(("approved", "awaiting_second")) == []
    preview = w.client.post(
        "/console/review/preview",
        data={"item": f"s{sid}", "target": "refund_compensation.parcel_lost"},
        headers={"X-CSRF-Token": csrf},
    )
    assert preview.status_code == 200 and "refusal" in preview.text


def test_forms_and_fragments_without_the_csrf_token_are_refused(w):
    sid = w.app.review.suggest("tg:5", "你好", "phrase").id
    login(w, "alice")
    assert decide(w, "forged", f"s{sid}", "reject").status_code == 403
    r = w.client.post("/console/review/preview", data={"item": f"s{sid}"})
    assert r.status_code == 403
    assert w.app.review.table.suggestion(sid).status == "pending"


@pytest.mark.parametrize("query", ["丢", "parcel", "lost", "退款", "refund"])
def test_indicators_are_found_by_their_names_in_both_languages(w, query):
    login(w, "alice")
    r = w.client.get("/console/review/indicators", params={"q": query})
    ids = re.findall(r"<code>([\w.]+)</code>", r.text)
    assert ids, r.text
    for iid in ids:
        ind = next(i for i in w.app.kb.indicators() if i.id == iid)
        script = w.app.kb.scripts.get(ind.owner)
        hay = " ".join(
            [iid, ind.explain.zh, ind.explain.en]
            + ([script.names.zh, script.names.en] + [s.name.zh + s.name.en for s in script.stages] if script else [])
        ).lower()
        assert query.lower() in hay


def test_the_preview_corpus_is_read_when_the_review_page_first_opens_not_at_start(w, tmp_path):
    import json
    import threading

    from bot.services import impact

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [{"text": f"made-up message {n} about a parcel fee", "label": ("scam", "benign")[n % 2]} for n in range(6)]
    (corpus / "made_up.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    w.app.review.impact.corpus = corpus
    assert str(corpus / "made_up.jsonl") not in impact._CORPUS_CACHE  # nothing read by building the server
    login(w, "alice")  # lands on the review page
    for thread in threading.enumerate():
        if thread.name == "corpus-warm":
            thread.join(60)
    assert len(impact._CORPUS_CACHE[str(corpus / "made_up.jsonl")][1]) == 6
    assert impact.warm_corpus(corpus) is False  # once per process and folder
    assert impact.warm_corpus(None) is False and impact.warm_corpus(tmp_path / "missing") is False


@pytest.mark.parametrize("admin", ["cli:root", "cli:ops-admin"])
def test_the_review_page_names_an_admin_proposer_instead_of_a_salted_key(w, admin):
    """Trial 5, 3.9: "Proposed by c314f91d…" left a volunteer unable to tell an admin from a colleague."""
    from bot.services.roles import Roles as Configured

    w.app._roles = roles = Configured(w.app.store, (admin,))
    w.app.review.roles = roles
    aid, _ = w.app.review.propose(
        admin, "hotline", "jd", {"number": HOTLINE, "confidence": "medium"}, "https://help.jd.com/y", "seen"
    )
    login(w, "alice")
    page = w.client.get("/console/review").text
    item = page[page.index(f'id="a{aid}"') :]
    proposer = re.search(r"Proposed by ([^<]+?) on", item).group(1)
    assert proposer == f"{admin} (admin)", proposer
