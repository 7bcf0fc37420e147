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
    w, cli = two
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
