"""Integration: a real Rasa server (its own Python 3.10 environment) on 127.0.0.1, trained by `make rasa`.

Skipped, with the reason, only where there is no Rasa environment or model (no Python 3.10 on the
machine). CI runs `make rasa` first, so there it trains a small model and runs for real.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

import pytest

from bot.cli.rasa import ROOT, model_path, rasa_environ, rasa_exe, server_command
from nlu.rasa_backend import RasaBackend

pytestmark = pytest.mark.skipif(
    not (rasa_exe().exists() and model_path().exists()),
    reason="no Rasa environment or model: run `make rasa` (needs Python 3.10, found on PATH or through pyenv)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def rasa_url():
    port = free_port()
    proc = subprocess.Popen(
        server_command(port), cwd=ROOT, env=rasa_environ(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"the Rasa server exited with code {proc.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/status", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(2)
        else:
            pytest.fail("the Rasa server did not come up within 300 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_real_rasa_server_parses_and_merges(analyzer, rasa_url):
    backend = RasaBackend(analyzer, rasa_url, mode="combined", timeout=30)
    scam = backend.analyze("客服说赔款打到我的借呗里了，多打了一万，让我借出来转回给他们")
    assert "rasa_unavailable" not in scam.notes
    assert any(n.startswith("rasa:") for n in scam.notes)
    assert scam.verdict == "scam"
    assert "credit_loan" in [m.id for m in scam.scripts[:2]]
    quotes = [e for m in scam.scripts for e in m.evidence]
    assert quotes  # explanations still quote the user's words


def test_real_rasa_server_on_genuine_text(analyzer, rasa_url):
    result = RasaBackend(analyzer, rasa_url, mode="rasa", timeout=30).analyze(
        "【京东】您的订单已发货，可在App中查看物流。"
    )
    assert "rasa_unavailable" not in result.notes
    assert result.verdict == "no_scam_signs"
