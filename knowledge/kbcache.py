"""The loaded knowledge, kept on disk in compiled form, keyed by a hash of everything it is made from.

Loading the YAML files, validating every field and translating ~1,200 phrases takes a few hundred
milliseconds of every process start; reading the result back takes a few. The key is a SHA-256
over the knowledge folder's path and files, the files of the `knowledge` package (its code and
shipped data: variants.yml is read from there whatever the folder), the `nlu` code (the phrase
folding), the Python version and the versions of PyYAML and OpenCC's data. Change any of them and
the key changes, so a stored knowledge base is only ever read for exactly the inputs that made
it. Only successful loads are kept (a folder with problems is loaded, and reported, every time),
and only loads without approved additions (those come from the database).

The cache lives in $XDG_CACHE_HOME/callcheck/kb (~/.cache/callcheck/kb), owner-only;
CALLCHECK_CACHE=off turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
NLU = PACKAGE.parent / "nlu"
FORMAT = b"callcheck-kb-1"
KEEP = 24  # entries kept (the newest): knowledge folders edited and copied, e.g. by tests, come and go


def cache_dir() -> Path | None:
    if os.environ.get("CALLCHECK_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "callcheck" / "kb"


def _hash_files(h, folder: Path, pattern: str = "*") -> None:
    for path in sorted(folder.rglob(pattern)):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


def _versions() -> str:
    """PyYAML's and OpenCC's versions and whether PyYAML has libyaml, read without importlib.metadata
    (40 ms to import) and without importing PyYAML (20 ms: a process with its knowledge cached needs none)."""
    import importlib.util

    out = []
    for module, dist in (("yaml", "pyyaml"), ("opencc", "opencc_python_reimplemented")):
        found = importlib.util.find_spec(module)
        package = Path(found.origin).parent if found and found.origin else None
        site = package.parent if package else None  # (pip writes PyYAML-…, uv pyyaml-…)
        out.append(sorted(p.name for p in site.iterdir() if p.name.lower().startswith(f"{dist}-")) if site else [])
        if module == "yaml":  # built with libyaml (its C loader) or not
            out.append(sorted(p.name for p in package.glob("_yaml.*")) if package else [])
    return " ".join(map(str, out))


@lru_cache(maxsize=1)
def _code_hash() -> bytes:
    """The code and shipped data a load depends on (hashed once per process)."""
    h = hashlib.sha256(FORMAT)
    _hash_files(h, PACKAGE)
    _hash_files(h, NLU, "*.py")
    h.update(f"{sys.version}\0{_versions()}".encode())
    return h.digest()


def key(root: Path) -> str:
    h = hashlib.sha256(_code_hash())
    h.update(str(root.resolve()).encode() + b"\0")
    if root.resolve() != PACKAGE:
        _hash_files(h, root)
    return h.hexdigest()


_tables: dict[str, object] | None = None  # this code's tables, read from disk on first use


def shipped(name: str, compute):
    """`compute()` for a table made from the shipped code and data alone (the knowledge package's
    files, OpenCC's dictionaries: the regional phrases, the cue lists), kept on disk under the code's
    hash (the one every cached knowledge base is keyed by) and read back by later processes of the
    same code instead of being parsed and folded again. A value of plain types; nothing from a message."""
    global _tables
    where = cache_dir()
    if where is None:
        return compute()
    try:
        path = where / f"tables-{_code_hash().hex()[:40]}.pickle"
    except OSError:
        return compute()
    if _tables is None:
        _tables = {}
        unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)
        with contextlib.suppress(*unreadable), open(path, "rb") as fh:
            stored = pickle.load(fh)  # written by this user only (an owner-only folder), for this code
            if isinstance(stored, dict):
                _tables = stored
    if name in _tables:
        return _tables[name]
    value = _tables[name] = compute()
    _store(where, path, dict(_tables))
    return value


def shipped_yaml(name: str):
    """The parsed YAML of one file of the knowledge package (knowledge/cues.yml…), through `shipped`."""

    def parse():
        import yaml

        text = (PACKAGE / name).read_text(encoding="utf-8")
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10x faster

    return shipped(f"yaml:{name}", parse)


def cached_load(load, root, overlay):
    """`load(root, overlay)` through the cache (only without additions and for a folder that exists)."""
    from .loader import default_root

    folder = Path(root) if root is not None else default_root()
    where = cache_dir()
    if where is None or (overlay is not None and getattr(overlay, "additions", True)) or not folder.is_dir():
        return load(root, overlay)
    try:
        k = key(folder)
    except OSError:
        return load(root, overlay)
    path = where / f"{k}.pickle"
    unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)
    with contextlib.suppress(*unreadable), open(path, "rb") as fh:
        return pickle.load(fh)  # written by this user only (an owner-only folder), for these exact inputs
    kb = load(root, overlay)  # KnowledgeError propagates: a folder with problems is never stored
    _store(where, path, kb)
    return kb


def _store(where: Path, path: Path, kb) -> None:
    tmp = None
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=where, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # readers see the whole file or none
        tmp = None
        _prune(where)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # no cache this time: the knowledge was loaded all the same
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(where: Path) -> None:
    entries = []
    for path in where.glob("*.pickle"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()
