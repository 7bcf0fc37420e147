"""Expressions rebuilt from the code kept on disk are the expressions re.compile makes: equal, with the
same groups, finding the same spans; and the file is only ever a shortcut (off, damaged, missing)."""

from __future__ import annotations

import itertools
import re

import pytest

import knowledge.phrases
import nlu.cues
import nlu.telling
from knowledge import default_root
from knowledge.loader import load_knowledge as load_files
from knowledge.phrases import compile_all
from nlu import regexcache
from nlu.analyzer import Analyzer
from nlu.literals import _required, required_literals
from nlu.normalize import fold
from nlu.situation import _Compiled


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and a process that has compiled nothing yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CALLCHECK_CACHE", raising=False)
    monkeypatch.setattr(knowledge.phrases, "_COMPILED", {})
    nlu.telling.cues.cache_clear()
    regexcache.reset()
    yield tmp_path / "xdg"
    regexcache.reset()
    nlu.telling.cues.cache_clear()


def _everything(kb) -> set[tuple[str, int]]:
    """Compile what a warm start compiles (phrases, the situation reader, cues); what went through the cache."""
    compile_all(p for ind in kb.indicators() for p in ind.patterns)
    reader = _Compiled(kb.situations)
    reader.helper_view()
    nlu.telling.cue_literals()
    Analyzer(kb)  # its cues (Prefiltered)
    return set(regexcache._patterns)


def _texts(kb) -> list[str]:
    """Texts to match: the knowledge's own examples, and pairs of them run together in both orders."""
    own = sorted({ex.text for s in kb.scripts.values() for ex in s.examples})[:30]
    own = [fold(t) for t in own]
    return own + [a + "，" + b for a, b in itertools.islice(itertools.permutations(own[:8], 2), 20)]


def test_every_expression_read_back_is_the_one_re_compiles(fresh, monkeypatch):
    kb = load_files(default_root())
    keys = _everything(kb)
    assert len(keys) > 1000  # the phrases alone are over a thousand
    regexcache.save()
    assert regexcache.cache_file().exists() and regexcache.cache_file().parent.stat().st_mode & 0o077 == 0

    regexcache.reset()  # a new process: every expression must now come from the file, none be compiled

    def no_compiling(*_args):
        raise AssertionError("compiled again instead of read back")

    monkeypatch.setattr(regexcache, "_code_of", no_compiling)
    texts = _texts(kb)
    assert len(texts) > 20
    for source, flags in sorted(keys):
        mine, theirs = regexcache.compile(source, flags), re.compile(source, flags)
        assert mine == theirs, source  # the same flags, source and code
        assert (mine.groups, mine.groupindex) == (theirs.groups, theirs.groupindex), source
        for text in texts:
            assert [m.span() for m in mine.finditer(text)] == [m.span() for m in theirs.finditer(text)], source


def test_required_literals_read_back_are_the_ones_computed(fresh):
    kb = load_files(default_root())
    phrases = [p for ind in kb.indicators() for p in ind.patterns][::7]
    first = [required_literals(p.source, p.flags) for p in phrases]
    regexcache.save()
    regexcache.reset()
    assert [required_literals(p.source, p.flags) for p in phrases] == first
    assert first == [() if p.flags & re.IGNORECASE else _required(p.source, p.flags, 2) for p in phrases]
    assert any(first)


@pytest.mark.parametrize("broken", [b"", b"not a pickle", b"\x80\x05K\x01.", None])
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(fresh, broken):
    source = r"(?<![a-z])(?P<fee>handling|release) fee(?:s)?\b"
    path = regexcache.cache_file()
    path.parent.mkdir(parents=True)
    if broken is None:  # an entry that is not code at all
        import pickle

        entries = {(source, 0): ("junk",)}
        path.write_bytes(pickle.dumps({"format": regexcache.FORMAT, "entries": entries}))
    else:
        path.write_bytes(broken)
    pattern = regexcache.compile(source)
    assert pattern == re.compile(source) and pattern.search("a release fee").group("fee") == "release"
    regexcache.save()
    regexcache.reset()
    assert regexcache.compile(source) == re.compile(source)
    assert regexcache._entries[(source, 0)][0] == re.compile(source).flags  # rewritten with the real code


def test_bad_expressions_raise_as_re_does(fresh):
    for bad in ("(unclosed", "[z-a]", "a{2,1}"):
        with pytest.raises(re.error):
            re.compile(bad)
        with pytest.raises(re.error):
            regexcache.compile(bad)


def test_off_switch_writes_nothing(fresh, monkeypatch):
    monkeypatch.setenv("CALLCHECK_CACHE", "off")
    assert regexcache.cache_file() is None
    assert regexcache.compile(r"快递\d+件") == re.compile(r"快递\d+件")
    assert regexcache.remember(("k",), lambda: 42) == 42
    regexcache.save()
    assert not fresh.exists()


def test_the_file_keeps_at_most_max_entries_those_used_last_first(fresh, monkeypatch):
    monkeypatch.setattr(regexcache, "MAX_ENTRIES", 5)
    for k in range(8):
        regexcache.compile(f"第{k}号(?:柜|箱)")
    regexcache.save()
    regexcache.reset()
    assert len(regexcache._load()) == 5
    regexcache.reset()  # another process, with expressions of its own
    latest = [regexcache.compile(f"(?:locker|box) {k}") for k in range(2)]
    regexcache.save()
    regexcache.reset()
    kept = regexcache._load()
    assert len(kept) == 5 and all((p.pattern, 0) in kept for p in latest)


def test_the_expressions_built_from_the_knowledge_are_the_same_in_every_process(tmp_path):
    """Word lists joined into one expression come out in the same order whatever the process's hash
    seed: an expression that changed from process to process would never be read back (and would
    fill the file with its permutations)."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from knowledge import load_knowledge\n"
        "from nlu import regexcache\n"
        "from nlu.situation import _Compiled\n"
        "_Compiled(load_knowledge().situations).helper_view()\n"
        "json.dump(sorted(k[0] for k in regexcache._patterns), sys.stdout)\n"
    )
    seen = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / seed)}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        seen.append(json.loads(out.stdout))
    assert len(seen[0]) > 20 and seen[0] == seen[1] == seen[2]
