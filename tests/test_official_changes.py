"""Official-channel changes (hotlines, domains) cannot quietly turn a scam channel into an official
one, and taking one back really takes it back:

- a change made by another process on the same database (the terminal's `callcheck review revert`
  while `callcheck serve` runs) reaches the running server before its next request;
- a proposal is checked against the number database, the phone library and the link checker, and
  the checks are shown in the preview and on approval (refused, or left for the second volunteer);
- reverting a hotline gives the number back the status and protection it had before;
- a refused role grant is audited as failed, not allowed.

Numbers are from reserved ranges (+44 7700 900xxx: Ofcom's drama range, +61 491 570 1xx: ACMA's
fictional mobiles) and domains end in .example.
"""

from __future__ import annotations

import pytest
from web_support import Web

from bot.app import App, Settings
from bot.services.review import ReviewError
from bot.services.roles import Roles

ORG = "royal_mail"
OWN_SOURCE = "https://www.royalmail.com/help/contact-us-7731"  # a page on the organisation's own domain


@pytest.fixture
def two(tmp_path, monkeypatch):
    """A running server (`w`) and a terminal (`cli`): two Apps, one database file."""
    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    w = Web(tmp_path)
    cli = App(Settings(db_path=tmp_path / "web.db", admins=("cli:admin",)))
    roles = Roles(cli.store, ("cli:admin",))
    for who in ("cli:alice", "cli:bob"):
        roles.grant("cli:admin", who, "volunteer")
    w.app.keeper.check_every = 0  # the server looks for changes before every request (default: every 2 s)
    yield w, cli
    cli.close()
    w.close()


def official_domains(w, key) -> list[str]:
    r = w.client.get("/v1/official", params={"org": ORG}, headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200, r.text
    return r.json()["domains"]


def test_a_revert_at_the_terminal_reaches_the_running_server_before_its_next_request(two):
    w, cli = two
    key = w.key()
    domain = "parcel-desk-7731.example"
    link = f"Your parcel is waiting, pay the fee at https://{domain}/pay"
    assert domain not in official_domains(w, key)
    before = w.client.post("/v1/check", json={"text": link}, headers={"Authorization": f"Bearer {key}"}).json()
    aid, _ = cli.review.propose("cli:alice", "domain", ORG, {"domain": domain}, OWN_SOURCE, "listed on their site")
    cli.review.approve("cli:bob", f"a{aid}", "checked the page")
    assert domain in official_domains(w, key)  # approved at the terminal: served by the other process too
    cli.review.revert("cli:alice", f"a{aid}", "not theirs after all")
    assert domain not in official_domains(w, key)
    after = w.client.post("/v1/check", json={"text": link}, headers={"Authorization": f"Bearer {key}"}).json()
    assert after["verdict"] == before["verdict"] and after["risk"] == before["risk"]


def test_the_server_checks_for_changes_only_every_few_seconds(two):
    """The per-request cost is a clock read: the files and the database are looked at on a timer."""
    w, _ = two
    keeper = w.app.keeper
    keeper.check_every = 2.0
    now = [100.0]
    keeper.clock = lambda: now[0]
    keeper._checked = now[0]
    seen = []
    fingerprint = keeper._fingerprint_now
    keeper._fingerprint_now = lambda: seen.append(1) or fingerprint()
    for _ in range(5):
        assert not keeper.stale()
    assert seen == []
    now[0] += 2.5
    assert not keeper.stale() and seen == [1]


# -- a proposal is checked, and the checks are shown ---------------------------------------
@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    app = App(Settings(db_path=tmp_path / "cc.db", admins=("cli:admin",)))
    for who in ("cli:alice", "cli:bob", "cli:carol"):
        app.roles.grant("cli:admin", who, "volunteer")
    yield app
    app.close()


def refused(app, kind, org, value, source) -> str:
    with pytest.raises(ReviewError) as exc:
        app.review.propose("cli:alice", kind, org, value, source, "seen on their site")
    assert app.review.table.additions(("approved", "awaiting_second")) == []
    return str(exc.value)


def confirm(app, number: str) -> None:
    app.numbers.report(number, "refund_compensation", "tg:9001")
    app.review.approve("cli:carol", number, "the same script in several accounts")
    assert app.store.lookup(app.numbers.parse(number).canonical).status == "confirmed"


@pytest.mark.parametrize("written", ["+44 7700 900123", "+447700900123", "0044 7700 900 123"])
def test_a_confirmed_scam_number_never_becomes_a_hotline_however_it_is_written(app, written):
    confirm(app, "+44 7700 900123")
    why = refused(app, "hotline", ORG, {"number": written, "confidence": "high"}, OWN_SOURCE)
    assert "confirmed scam number" in why and "clear it first" in why


def test_a_number_confirmed_after_the_proposal_is_refused_at_the_second_approval(app):
    aid, _ = app.review.propose(
        "cli:alice", "hotline", ORG, {"number": "+44 7700 900124", "confidence": "low"}, OWN_SOURCE, "on the site"
    )
    confirm(app, "+44 7700 900124")
    with pytest.raises(ReviewError, match="confirmed scam number"):
        app.review.approve("cli:bob", f"a{aid}", "looks official")
    assert app.review.table.addition(aid).status == "awaiting_second"


@pytest.mark.parametrize(
    ("domain", "source", "why"),
    [
        ("royalmail-parcel-fee.example", "https://royalmail-parcel-fee.example/about", "vouch for itself"),
        ("royalmail-parcel-fee.example", "https://blog-7731.example/royal-mail", "carries Royal Mail's name"),
        ("roya1mail-parcel.example", OWN_SOURCE, "look-alike characters"),
        ("evri-parcel-fee.example", OWN_SOURCE, "carrying Evri"),
        ("royalmail-help.github.io", OWN_SOURCE, "free host"),
        ("parcel-7731.netlify.app", OWN_SOURCE, "free host"),
        ("bit.ly", OWN_SOURCE, "link shortener"),
        ("parcel-desk-7731.example", "https://parcel-desk-7731.example/about", "vouch for itself"),
        ("parcel-desk-7731.example", "https://royalmail-redelivery-7731.example/help", "source"),
        ("parcel-desk-7731.example", "https://help-7731.github.io/royalmail", "free host"),
    ],
)
def test_a_domain_the_link_checker_calls_a_scam_address_is_refused_with_the_reason(app, domain, source, why):
    assert why in refused(app, "domain", ORG, {"domain": domain}, source)


def test_checks_a_second_volunteer_must_weigh_are_in_the_preview_and_on_approval(app):
    app.numbers.report("+44 7700 900125", "refund_compensation", "tg:9002")  # reported, not confirmed
    cases = [
        ({"number": "+44 7700 900125"}, OWN_SOURCE, "reported as a scam number"),
        ({"number": "+44 7700 900126"}, OWN_SOURCE, "not a valid number"),
        ({"number": "+61 491 570 156"}, OWN_SOURCE, "mobile number"),
        ({"number": "+61 491 570 157"}, OWN_SOURCE, "a number of AU"),
        ({"number": "0345 7740 740"}, "https://parcel-notes-7731.example/lines", "not a page on one of Royal Mail's"),
    ]
    for value, source, warning in cases:
        confidence = "high" if source == OWN_SOURCE else "medium"  # high needs its own page (test_high_confidence)
        aid, msg = app.review.propose("cli:alice", "hotline", ORG, {**value, "confidence": confidence}, source, "r")
        assert warning in msg  # the proposer is told what the second volunteer will see
        impact = app.review.preview("cli:bob", f"a{aid}")
        assert any(warning in line for line in impact.second), impact.second
        assert "One volunteer may approve" not in "\n".join(impact.lines())
        done = app.review.approve("cli:bob", f"a{aid}", "checked the warnings")
        assert "approved despite" in done and warning in done
        assert "despite" in app.review.history("cli:bob", f"a{aid}")[-1]["reason"]


def test_the_review_page_preview_shows_the_checks_and_never_says_one_volunteer_may_approve(tmp_path, monkeypatch):
    import re

    from bot.store.operators import Operators

    monkeypatch.setenv("CALLCHECK_CORPUS", str(tmp_path / "no-corpus"))
    w = Web(tmp_path)
    try:
        Operators(w.app.store).add("vera", "a long enough password")
        Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "op:vera", "volunteer")
        Roles(w.app.store, ("cli:admin",)).grant("cli:admin", "cli:alice", "volunteer")
        aid, _ = w.app.review.propose(
            "cli:alice", "hotline", ORG, {"number": "+61 491 570 158"}, "https://notes-7731.example/x", "r"
        )
        page = w.client.get("/console/login")
        token = re.search(r'name="prelogin" value="([^"]+)"', page.text).group(1)
        w.client.post("/console/login", data={"login": "vera", "password": "a long enough password", "prelogin": token})
        page = w.client.get("/console/review")
        assert "mobile number" in page.text  # in the queue, before anyone opens the preview
        assert "mobile number" in "\n".join(w.app.review.queue("op:vera").checks[aid])  # `review list`, /queue
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        r = w.client.post("/console/review/preview", data={"item": f"a{aid}"}, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 200, r.text
        assert "mobile number" in r.text and "a number of AU" in r.text and "One volunteer may approve" not in r.text
    finally:
        w.close()


# -- a revert takes back what the hotline did to its number ---------------------------------
def test_reverting_a_hotline_gives_its_number_back_its_status_and_says_so(app):
    number = "+447700900127"
    confirm(app, number)
    # The checks now refuse a confirmed number; a database from before them can hold such a live
    # addition (the tester's case), approved by two volunteers:
    aid = app.review.table.add_addition(
        "hotline",
        ORG,
        {"number": number, "purpose": "", "confidence": "high", "sources": [OWN_SOURCE], "checked": "2026-12-01"},
        app.roles.key("cli:alice"),
        status="approved",
        approved_by=app.roles.key("cli:bob"),
    )
    app.keeper.reload()
    _, outcome = app.numbers.report(number, "refund_compensation", "tg:9004")
    assert outcome.held  # an official line now: reports held
    protected = app.store.lookup(number)
    assert protected.protected and protected.status == "unverified"  # the protection withdrew the confirmation

    msg = app.review.revert("cli:alice", f"a{aid}", "not their line")
    assert number in msg and "unverified → confirmed" in msg
    after = app.store.lookup(number)
    assert (after.status, after.protected, after.held) == ("confirmed", False, 0)
    assert app.store.history(number)[-1]["to"] == "confirmed"
    trail = app.review.history("cli:alice", f"a{aid}")
    assert any(row["action"] == "number" and "confirmed" in row["reason"] for row in trail)


def test_reverting_a_hotline_approved_over_the_reported_warning_counts_its_reports_again(app):
    number = "+447700900128"
    app.numbers.report(number, "refund_compensation", "tg:9005")
    aid, _ = app.review.propose("cli:alice", "hotline", ORG, {"number": number}, OWN_SOURCE, "on their site")
    app.review.approve("cli:bob", f"a{aid}", "spoofed, I think")
    _, outcome = app.numbers.report(number, "refund_compensation", "tg:9006")
    assert outcome.held and app.store.lookup(number).protected
    msg = app.review.revert("cli:bob", f"a{aid}", "their site does not list it")
    assert "its reports count again" in msg
    after = app.store.lookup(number)
    assert (after.status, after.protected, after.held) == ("unverified", False, 0)


# -- a refused grant is audited as refused ---------------------------------------------------
def test_a_police_grant_without_name_or_unit_is_audited_as_failed_not_allowed(app):
    with pytest.raises(ValueError, match="display name and a unit"):
        app.roles.grant("cli:admin", "cli:dana", "police")
    rows = [r for r in app.roles.audit.recent(20, "role.grant") if r["target"] == "police"]
    assert [r["outcome"] for r in rows] == ["failed"]
    assert "police" not in app.roles.roles_of("cli:dana")
    with pytest.raises(Exception, match="not allowed"):
        app.roles.grant("cli:alice", "cli:dana", "police")  # not an admin
    rows = [r for r in app.roles.audit.recent(20, "role.grant") if r["target"] == "police"]
    assert [r["outcome"] for r in rows] == ["refused", "failed"]
