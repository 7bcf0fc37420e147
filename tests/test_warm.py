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


def test_warm_builds_the_situation_readers_patterns_for_both_views(tmp_path):
    """Every front end reads the situation (the API's `situation` too): its patterns are built before
    the first request, the helper's view included, so the first account does not compile them."""
    from nlu import situation

    situation._COMPILED.clear()  # whatever an earlier test in this process built
    app = App(Settings(db_path=tmp_path / "w.db"))
    try:
        warm(app)
        compiled = situation._COMPILED.get(id(app.kb.situations))
        assert compiled is not None and compiled.situations is app.kb.situations
        assert getattr(compiled, "_helper", None) is not None  # the helper's view, built on first use
    finally:
        app.close()


def test_warm_reads_the_reply_texts_and_keeps_what_it_compiled(tmp_path, monkeypatch):
    """The first reply does not parse the texts' YAML; the expressions compiled are on disk before any
    request, so a process killed later still leaves the next start its compiled expressions."""
    import knowledge.phrases
    import nlu.telling
    from bot.conversation import strings
    from nlu import regexcache, situation

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CALLCHECK_CACHE", raising=False)
    monkeypatch.setattr(knowledge.phrases, "_COMPILED", {})  # as in a new process: nothing compiled yet
    situation._COMPILED.clear()
    nlu.telling.cues.cache_clear()
    regexcache.reset()
    strings.texts.cache_clear()
    app = App(Settings(db_path=tmp_path / "w.db"))
    try:
        warm(app)
        assert strings.texts.cache_info().currsize == 2
        assert regexcache.cache_file().exists()
        compiled = set(regexcache._patterns)
        regexcache.reset()
        assert compiled and compiled <= set(regexcache._load())
    finally:
        app.close()
        regexcache.reset()
