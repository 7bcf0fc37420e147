"""Warm start: a long-lived process has everything a first request needs before it accepts one."""

from __future__ import annotations

import sys

from bot.app import App, Settings
from bot.warm import warm


def test_warm_compiles_every_phrase_and_loads_the_number_data(tmp_path):
    app = App(Settings(db_path=tmp_path / "w.db"))
    try:
        seconds = warm(app)
        phrases = [p for ind in app.kb.indicators() for p in ind.patterns]
        assert phrases and all(p._pattern is not None for p in phrases)
        assert {"phonenumbers.geodata", "phonenumbers.carrierdata"} <= set(sys.modules)
        assert seconds >= 0
        # and the analyzer answers an account with a number without loading anything more
        before = set(sys.modules)
        result = app.analyzer.analyze("来电 13712345670 自称银行风控，让我把钱转到安全账户")
        assert result.verdict in ("scam", "suspicious")
        assert not {m for m in set(sys.modules) - before if m.startswith("phonenumbers")}
    finally:
        app.close()
