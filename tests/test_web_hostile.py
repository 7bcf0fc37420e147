"""The server under hostile requests: a check that never ends, a pool that is full, texts built to
make patterns backtrack. The server keeps answering; nothing here measures speed (the benchmark
`bench_adversarial.py` prints that)."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from pathlib import Path

import pytest
from web_support import Web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import itertools

from bench_adversarial import pathological

ACCOUNT = "Hello, this is the parcel desk, your delivery is held until you pay a customs fee by card today"


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


class Gate:
    """An analysis that waits for the test (or a safety timer) to let it finish."""

    def __init__(self, real, stuck=lambda text: True, timeout: float = 20):
        self.real = real
        self.stuck = stuck
        self.open = threading.Event()
        self.entered = threading.Event()
        self.timer = threading.Timer(timeout, self.open.set)  # never hang the suite
        self.timer.start()

    def __call__(self, text: str):
        if self.stuck(text):
            self.entered.set()
            self.open.wait()
        return self.real(text)

    def release(self) -> None:
        self.open.set()
        self.timer.cancel()


@pytest.fixture
def make(tmp_path, kb):
    made = []

    def build(**config) -> Web:
        web = Web(tmp_path / str(len(made)), kb, **config)
        made.append(web)
        return web

    yield build
    for web in made:
        web.close()


def test_health_answers_while_a_check_is_stuck(make, monkeypatch):
    w = make()
    token = w.key()
    gate = Gate(w.app.analyzer.analyze)
    monkeypatch.setattr(w.app.analyzer, "analyze", gate)
    finished: list[str] = []

    async def scenario():
        async def check():
            r = await w.client.http.post("/v1/check", json={"text": ACCOUNT}, headers=auth(token))
            finished.append(f"check {r.status_code}")

        async def health():
            while not gate.entered.is_set():  # the check is inside the analyzer now
                await asyncio.sleep(0.01)
                if gate.open.is_set():
                    break
            r = await w.client.http.get("/v1/health")
            finished.append(f"health {r.status_code}")
            gate.release()

        await asyncio.gather(check(), health())

    w.client.loop.run_until_complete(scenario())
    gate.release()
    assert finished == ["health 200", "check 200"]


def test_past_the_budget_the_start_of_the_text_is_analysed_and_said_so(make, monkeypatch):
    w = make(analysis_budget_ms=300)
    token = w.key()
    gate = Gate(w.app.analyzer.analyze, stuck=lambda text: len(text) > 2000)
    monkeypatch.setattr(w.app.analyzer, "analyze", gate)
    long_text = (ACCOUNT + ". ") * 60
    try:
        r = w.client.post("/v1/check", json={"text": long_text}, headers=auth(token))
    finally:
        gate.release()
    assert r.status_code == 200
    body = r.json()
    assert body["shortened"]["analysed"] == 2000 and body["shortened"]["length"] == len(long_text)
    assert "too complex" in body["shortened"]["reason"]
    assert body["verdict"]  # still an answer about the text's start


def test_a_full_pool_answers_503_at_once(make, monkeypatch):
    w = make(analysis_workers=1, analysis_queue=0, analysis_budget_ms=60_000)
    token = w.key()
    gate = Gate(w.app.analyzer.analyze)
    monkeypatch.setattr(w.app.analyzer, "analyze", gate)
    statuses: list[int] = []

    async def scenario():
        async def first():
            r = await w.client.http.post("/v1/check", json={"text": ACCOUNT}, headers=auth(token))
            statuses.append(r.status_code)

        async def second():
            while not gate.entered.is_set() and not gate.open.is_set():
                await asyncio.sleep(0.01)
            r = await w.client.http.post("/v1/check", json={"text": ACCOUNT + "!"}, headers=auth(token))
            statuses.append(r.status_code)
            assert r.headers.get("retry-after")
            assert "busy" in r.json()["error"]
            gate.release()

        await asyncio.gather(first(), second())

    w.client.loop.run_until_complete(scenario())
    gate.release()
    assert statuses == [503, 200]


@pytest.mark.parametrize("size", [4096, 20_000])
def test_the_pathological_corpus_gets_answers(make, size):
    """Every pathological input is answered (no 500), and in full: no budget was passed."""
    w = make(analysis_budget_ms=60_000)
    token = w.key()
    corpus = pathological(size)
    assert len(corpus) >= 25
    for name, text in corpus.items():
        r = w.client.post("/v1/check", json={"text": text}, headers=auth(token))
        assert r.status_code == 200, name
        assert "shortened" not in r.json(), name


def _old_link(text: str) -> str:
    """The link folding the English SMS model was trained with (quadratic on "1.1.1…")."""
    tlds = "com|net|org|co|uk|in|ly|me|top|xyz|info|io|us|cc|biz|link|site|online|gov"
    old = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:" + tlds + r")(?:/\S*)?\b")
    return old.sub(" xurlx ", text)


def test_link_folding_is_unchanged_on_generated_texts():
    import random

    from nlu.sms_model import _LINK, LINK_TOKEN

    rng = random.Random(20)
    pieces = ["a", "b1", "-", ".", "/", " ", ":", "com", "co.uk", "www.", "http://", "...", "x-y", "!", "?q=1"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert _LINK.sub(r"\1" + LINK_TOKEN, text) == _old_link(text), text


def test_alias_mentions_do_not_overlap_and_longest_wins(kb):
    """The overlap test of `AliasIndex.find` (now a byte map) keeps its answers on packed aliases."""
    from nlu.entities import org_index
    from nlu.normalize import normalize

    index = org_index(kb)
    aliases = sorted({a for o in kb.organisations.values() for a in o.aliases if len(a) >= 2})[:60]
    import random

    rng = random.Random(7)
    for _ in range(40):
        text = "".join(rng.choice(aliases) + rng.choice(["", " ", "和", ","]) for _ in range(30))
        found = index.find(normalize(text))
        spans = sorted((m.start, m.end) for m in found)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans)), text
        assert found, text


def test_invalid_keys_are_throttled_per_address_and_a_valid_key_still_works_elsewhere(make):
    w = make(bad_keys_per_minute=5)
    good = w.key()
    statuses = [
        w.client.post("/v1/check", json={"text": ACCOUNT}, headers=auth(f"cck_x_{n}")).status_code for n in range(8)
    ]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    refused = w.client.post("/v1/check", json={"text": ACCOUNT}, headers=auth(good))
    assert refused.status_code == 429 and refused.headers["retry-after"]  # this address is cooling down
    w.clock.now += 60
    assert w.client.post("/v1/check", json={"text": ACCOUNT}, headers=auth(good)).status_code == 200


def test_unknown_organisation_is_not_echoed(make):
    w = make()
    probe = "<script>zz-not-an-org-4471</script>"
    r = w.client.get("/v1/official", params={"org": probe}, headers=auth(w.key()))
    assert r.status_code == 404 and "zz-not-an-org" not in r.text and r.json()["known"]


@pytest.mark.parametrize("body", [b"[" * 60_000, b'{"text": ' + b"[" * 60_000 + b"}"])
def test_deeply_nested_api_bodies_are_a_clear_4xx(make, body):
    w = make()
    r = w.client.post("/v1/check", content=body, headers={**auth(w.key()), "content-type": "application/json"})
    assert 400 <= r.status_code < 500


def test_log_lines_carry_the_full_date_and_time():
    import logging

    from bot.logs import RedactingFormatter

    record = logging.LogRecord("callcheck.test", logging.INFO, __file__, 1, "checked %s", ("an account",), None)
    record.created = 1_796_000_000.25  # 2026-11-30T00:53:20.250Z
    record.msecs = 250
    line = RedactingFormatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert line.startswith("2026-11-30T00:53:20.250Z INFO callcheck.test: checked an account"), line


@pytest.mark.parametrize(
    "template, host",
    [
        ("Uvicorn running on %s://%s:%d (Press CTRL+C to quit)", "127.0.0.1"),
        ("Uvicorn running on %s://[%s]:%d (Press CTRL+C to quit)", "::1"),
    ],
)
def test_the_servers_own_address_line_is_kept_and_other_library_arguments_are_not(template, host):
    """The one line an admin looks for says where the server listens; any other library record, and
    the same template from another logger, still withholds its arguments."""
    import logging

    from bot.logs import guard

    def line(name: str, msg: str, args: tuple) -> str:
        return guard(logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)).getMessage()

    assert line("uvicorn.error", template, ("http", host, 8080)) == template % ("http", host, 8080)
    assert "8080" not in line("someone.else", template, ("http", host, 8080))
    said = line("uvicorn.error", template, ("http", "13800138000 我的卡号", 8080))
    assert "我的卡号" not in said
    assert "13800138000" not in line("uvicorn.error", "Invalid HTTP request %s", ("13800138000",))
