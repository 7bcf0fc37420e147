"""A process start pays only for what its first answer needs, and a knowledge change only for what changed.

- With its knowledge cached, a process that loads the knowledge and answers an account imports
  neither PyYAML nor rapidfuzz, and reads the regional phrases and the cue lists back from the code's
  tables instead of parsing and folding them (in a fresh interpreter, as a start is).
- After an edit of the knowledge, the load translates only the phrases that are new (the others'
  translations are kept with the code's tables), and gives the knowledge the files give.
- The tables are keyed by the code and the few package files they are made from: an edit of another
  knowledge file leaves them valid; the same edit in a file they are made from does not.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import default_root, kbcache, load_knowledge, phrases
from knowledge.loader import load_knowledge as load_files
from nlu.analyzer import Analyzer

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from knowledge import load_knowledge
from nlu.analyzer import Analyzer
import nlu.normalize as normalize
made = []
for name in ("_variant_phrases", "_variant_entries"):
    f = getattr(normalize, name)
    setattr(normalize, name, lambda f=f, name=name: made.append(name) or f())
result = Analyzer(load_knowledge()).analyze(sys.argv[1])
print(json.dumps({"modules": sorted(m for m in ("yaml", "rapidfuzz") if m in sys.modules), "made": made,
                  "verdict": result.verdict}))
"""


def probe(xdg: Path, text: str) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(xdg), "PYTHONPATH": str(ROOT)}
    env.pop("CALLCHECK_CACHE", None)
    out = subprocess.run([sys.executable, "-c", PROBE, text], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_cached_start_imports_no_yaml_and_parses_no_tables(tmp_path):
    text = "對方自稱超商客服，說我的訂單重複扣款，要我去ATM操作解除分期"  # Traditional: the regional phrases are read
    cold = probe(tmp_path / "xdg", text)
    assert "yaml" in cold["modules"]  # the first start parsed the knowledge
    assert set(cold["made"]) == {"_variant_phrases", "_variant_entries"}
    warm = probe(tmp_path / "xdg", text)
    assert warm["modules"] == [] and warm["made"] == []
    assert warm["verdict"] == cold["verdict"]


@pytest.fixture
def fresh_tables(tmp_path, monkeypatch):
    """As in a new process: nothing read from the tables yet, no phrase translated yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CALLCHECK_CACHE", raising=False)

    def restart() -> None:
        monkeypatch.setattr(kbcache, "_tables", None)
        monkeypatch.setattr(kbcache, "_sizes", {})
        phrases._translate.cache_clear()
        phrases._memo.cache_clear()

    restart()
    yield restart
    phrases._translate.cache_clear()
    phrases._memo.cache_clear()


def test_after_a_knowledge_edit_only_the_new_phrases_are_translated(tmp_path, fresh_tables, monkeypatch):
    root = tmp_path / "knowledge"
    shutil.copytree(default_root(), root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    load_knowledge(root)  # the first load: every phrase translated, the translations kept
    rng = random.Random(41)
    new = ["".join(rng.choice("彩虹桥兑换券星光积分码") for _ in range(6)) + f"{n}号" for n in range(3)]
    flags = root / "red_flags.yml"
    text = flags.read_text("utf-8")
    anchor = "    zh: ["
    assert anchor in text
    flags.write_text(text.replace(anchor, anchor + "".join(f"{p}, " for p in new), 1), "utf-8")
    fresh_tables()
    translated: list[str] = []
    real = phrases.phrase_to_regex
    monkeypatch.setattr(phrases, "phrase_to_regex", lambda p, gap=phrases.GAP: translated.append(p) or real(p, gap))
    edited = load_knowledge(root)
    assert sorted(translated) == sorted(new)
    monkeypatch.setenv("CALLCHECK_CACHE", "off")
    phrases._translate.cache_clear()
    phrases._memo.cache_clear()
    reference = load_files(root)  # every phrase translated afresh
    assert len(translated) > 1000
    for account in ("对方让我把积分码告诉他：" + new[0], "the courier says pay a small fee at this link", "周末去公园"):
        got, want = (Analyzer(kb).analyze(account).to_dict() for kb in (edited, reference))
        assert got == want


def test_the_tables_are_kept_across_other_knowledge_edits_only(tmp_path, monkeypatch):
    monkeypatch.setattr(kbcache, "PACKAGE", tmp_path / "package")
    shutil.copytree(default_root(), kbcache.PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    keys = []
    for name in ("genuine.yml", "red_flags.yml", *kbcache.TABLE_DATA):
        kbcache._tables_hash.cache_clear()
        before = kbcache._tables_hash()
        path = kbcache.PACKAGE / name
        path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
        kbcache._tables_hash.cache_clear()
        keys.append((name, before != kbcache._tables_hash()))
    kbcache._tables_hash.cache_clear()
    assert keys == [("genuine.yml", False), ("red_flags.yml", False), *((n, True) for n in kbcache.TABLE_DATA)]
    with pytest.raises(ValueError):
        kbcache.shipped_yaml("genuine.yml")  # not one the tables are keyed by
