"""The knowledge read back from its compiled form is the knowledge the files give, and only for
exactly the files and code that made it."""

from __future__ import annotations

import contextlib
import shutil

import pytest

from knowledge import KnowledgeError, default_root, load_knowledge
from knowledge.loader import load_knowledge as load_files
from nlu.analyzer import Analyzer

TEXTS = [
    "对方自称物流公司，说包裹破损要我扫码领理赔",
    "a man from 'tech support' wants me to install a remote app so he can refund me",
    "周末一起去爬山吧",
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CALLCHECK_CACHE", raising=False)
    return tmp_path / "xdg" / "callcheck" / "kb"


@pytest.fixture
def kb_copy(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def stored(cache) -> list:
    return sorted(cache.glob("*.pickle")) if cache.exists() else []


def test_read_back_knowledge_analyses_like_the_files(cache, kb_copy):
    first = load_knowledge(kb_copy)
    assert len(stored(cache)) == 1
    again = load_knowledge(kb_copy)  # from the cache
    fresh = load_files(kb_copy)  # parsed and validated, no cache
    assert len(stored(cache)) == 1 and again is not first
    for text in TEXTS:
        results = [Analyzer(kb).analyze(text).to_dict() for kb in (first, again, fresh)]
        assert results[0] == results[1] == results[2]


def test_a_changed_file_is_loaded_again_and_a_broken_one_never_stored(cache, kb_copy):
    load_knowledge(kb_copy)
    genuine = kb_copy / "genuine.yml"
    genuine.write_text(genuine.read_text("utf-8") + "\n# one more line\n", "utf-8")
    load_knowledge(kb_copy)
    assert len(stored(cache)) == 2  # another key
    flags = kb_copy / "red_flags.yml"
    flags.write_text("red_flags: [unclosed\n", "utf-8")
    for _ in range(2):
        with pytest.raises(KnowledgeError) as exc:
            load_knowledge(kb_copy)
        assert "red_flags.yml" in str(exc.value)
    assert len(stored(cache)) == 2


def test_the_same_files_elsewhere_are_another_entry(cache, kb_copy, tmp_path):
    load_knowledge(kb_copy)
    other = tmp_path / "elsewhere"
    shutil.copytree(kb_copy, other)
    load_knowledge(other)
    assert len(stored(cache)) == 2


def test_additions_and_the_switch_bypass_the_cache(cache, kb_copy, monkeypatch):
    from knowledge.additions import Overlay

    class One:
        id, kind, target, text = 1, "phrase", "red_flag.asks_transfer", "彩虹桥兑换券"

    with contextlib.suppress(KnowledgeError, AttributeError, TypeError):  # whatever it does, it is not stored
        load_knowledge(kb_copy, Overlay([One()]))
    assert stored(cache) == []
    monkeypatch.setenv("CALLCHECK_CACHE", "off")
    load_knowledge(kb_copy)
    assert stored(cache) == []


def test_a_damaged_cache_file_is_ignored(cache, kb_copy):
    load_knowledge(kb_copy)
    (entry,) = stored(cache)
    entry.write_bytes(b"not a pickle")
    kb = load_knowledge(kb_copy)
    assert (
        kb.scripts and Analyzer(kb).analyze(TEXTS[0]).verdict == Analyzer(load_files(kb_copy)).analyze(TEXTS[0]).verdict
    )


def test_only_the_newest_entries_are_kept(cache, kb_copy, monkeypatch):
    import knowledge.kbcache

    monkeypatch.setattr(knowledge.kbcache, "KEEP", 2)
    genuine = kb_copy / "genuine.yml"
    for k in range(4):
        genuine.write_text(genuine.read_text("utf-8") + f"\n# edit {k}\n", "utf-8")
        load_knowledge(kb_copy)
    assert len(stored(cache)) == 2
