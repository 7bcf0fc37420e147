"""`callcheck db browse`: Datasette on 127.0.0.1 with metadata and canned queries; started, asked, stopped."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from bot.app import App, Settings
from bot.cli.numbers import operator
from bot.store.browse import QUERIES, metadata


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _fetch(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _json(port: int, path: str):
    status, body = _fetch(port, path)
    assert status == 200, (path, status, body[:300])
    return json.loads(body.decode("utf-8"))


@pytest.fixture
def filled_db(tmp_path):
    db = tmp_path / "callcheck.db"
    app = App(Settings(db_path=db, admins=("cli:admin",)))
    app.numbers.report("+8613800138000", "refund_compensation", "tg:1", note="他说退款要先交保证金")
    app.numbers.report("+8613800138000", "refund_compensation", "tg:2")
    app.review.suggest("tg:3", "客服说退款要先开通备用金，我叫张伟", "phrase")
    app.close()
    return db


def test_db_browse_serves_canned_queries_on_loopback_and_stops(filled_db):
    port = _free_port()
    env = {**os.environ, "CALLCHECK_DB": str(filled_db), "CALLCHECK_ADMINS": operator()}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "db", "browse", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = "/callcheck"
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"Datasette did not start: {out[-2000:]}")
            time.sleep(0.3)
        rows = _json(port, f"{base}/pending_reports.json?_shape=array")
        assert [(r["number"], r["reporters"]) for r in rows] == [("+8613800138000", 2)]
        q = urllib.parse.quote("退款")
        found = _json(port, f"{base}/search_suggestions.json?_shape=array&q={q}")
        assert [r["text"] for r in found] == ["客服说退款要先开通备用金，我叫[name]"]
        notes = _json(port, f"{base}/search_report_notes.json?_shape=array&q={q}")
        assert [r["note"] for r in notes] == ["他说退款要先交保证金"]
        waiting = _json(port, f"{base}/suggestions_waiting.json?_shape=array")
        assert len(waiting) == 1
        # what people typed in conversations is not served, nor arbitrary SQL
        for path in ("/chats.json", ".json?sql=select+state+from+chats"):
            assert _fetch(port, base + path)[0] == 403
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
    assert proc.returncode is not None


def test_metadata_describes_tables_and_every_canned_query_is_read_only():
    meta = metadata("callcheck")["databases"]["callcheck"]
    assert meta["allow_sql"] is False
    assert meta["tables"]["chats"]["allow"] is False
    assert {"pending_reports", "numbers_rising_this_week", "suggestions_waiting", "recent_moderation"} <= set(QUERIES)
    assert all(not q.get("write") for q in meta["queries"].values())
    assert meta["tables"]["suggestions"]["columns"]["text"]


def test_canned_queries_run_against_a_fresh_database(tmp_path):
    app = App(Settings(db_path=tmp_path / "x.db"))
    app.numbers.report("+8613800138000", "fake_cod", "tg:1")
    for name, q in QUERIES.items():
        rows = app.store.db.execute(q["sql"], {"q": "退款"}).fetchall()
        if name in ("pending_reports", "numbers_rising_this_week"):
            assert len(rows) == 1, name
    app.close()


def test_pages_show_readable_times_plain_labels_and_no_sql(filled_db):
    import asyncio
    import re

    from bot.cli.db import build_datasette
    from bot.store.browse import readable_time

    app = App(Settings(db_path=filled_db, admins=("cli:admin",)))
    stamp = app.store.db.execute("SELECT created_at FROM suggestions").fetchone()[0]
    app.close()
    ds = build_datasette(filled_db)

    async def pages():
        table = await ds.client.get("/callcheck/suggestions")
        query = await ds.client.get("/callcheck/suggestions_waiting")
        sql = await ds.client.get("/callcheck?sql=select+1")
        return table, query, sql

    table, query, sql = asyncio.run(pages())
    assert table.status_code == 200
    assert readable_time(stamp) in table.text and f">{stamp}<" not in table.text
    assert "waiting for review" in table.text  # the status in plain words
    assert "Suggestions from users" in table.text
    body = re.sub(r"<title>.*?</title>", "", query.text, flags=re.S)  # Datasette puts the SQL in the tab title
    assert query.status_code == 200 and "FROM suggestions" not in body and "Suggestions waiting" in body
    assert sql.status_code == 403
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", readable_time(1_800_000_000))
    assert readable_time("x") is None and readable_time(3) is None
