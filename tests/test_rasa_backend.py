"""The Rasa backend against a local stand-in server: merging, and falling back when Rasa fails."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nlu.rasa_backend import RasaBackend

RANKING = {
    "intent": {"name": "credit_loan", "confidence": 0.93},
    "intent_ranking": [
        {"name": "credit_loan", "confidence": 0.93},
        {"name": "refund_compensation", "confidence": 0.05},
        {"name": "genuine_contact", "confidence": 0.02},
    ],
}


class Server:
    """A stand-in for `rasa run --enable-api` on 127.0.0.1: answers /model/parse as told."""

    def __init__(self, body=RANKING, delay=0.0, raw=None):
        outer = self
        self.calls = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.calls.append((self.path, json.loads(self.rfile.read(length))))
                time.sleep(delay)
                payload = raw if raw is not None else json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


TEXT = "客服说赔款打到我的借呗里了，让我借出来转回去"


def test_combined_merges_rasa_ranking_with_embedded_evidence(analyzer):
    with Server() as s:
        result = RasaBackend(analyzer, s.url, mode="combined").analyze(TEXT)
    assert s.calls[0][0] == "/model/parse" and s.calls[0][1] == {"text": TEXT}
    assert result.scripts[0].id == "credit_loan"
    assert result.scripts[0].evidence and all(TEXT[e.start : e.end] == e.text for e in result.scripts[0].evidence)
    assert result.verdict == "scam"
    assert any(n.startswith("rasa:credit_loan") for n in result.notes)


def test_rasa_mode_follows_rasa(analyzer):
    genuine = {"intent_ranking": [{"name": "genuine_contact", "confidence": 0.97}]}
    with Server(genuine) as s:
        result = RasaBackend(analyzer, s.url, mode="rasa").analyze("明天下午开会")
    assert result.verdict == "no_scam_signs"


@pytest.mark.parametrize("server", [dict(delay=1.0), dict(raw=b"<html>oops</html>"), dict(body={"no": "ranking"})])
def test_falls_back_when_rasa_is_slow_or_garbled(analyzer, server):
    with Server(**server) as s:
        result = RasaBackend(analyzer, s.url, timeout=0.3).analyze(TEXT)
    assert "rasa_unavailable" in result.notes
    assert result.verdict == analyzer.analyze(TEXT).verdict


def test_falls_back_when_rasa_is_down(analyzer):
    result = RasaBackend(analyzer, "http://127.0.0.1:9", timeout=0.3).analyze(TEXT)
    assert "rasa_unavailable" in result.notes and result.verdict == "scam"
