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

Beside it, in callcheck/tables, the tables the analyzer makes from the shipped code and data alone
(`shipped`, `shipped_yaml`: OpenCC's and variants.yml's regional phrases, cues.yml, telling.yml;
`shipped_memo`: each phrase's translation into an expression) are keyed by the code and those few
files only (TABLE_DATA), so an edit of the knowledge leaves them valid: the cold load after it
translates only the phrases that are new. `package_table` keeps a table made from every file of the
package (the spelling lexicon) under the code-and-package hash instead.
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
        h.update(_digest(path))


def _digest(path: Path) -> bytes:
    """One file's SHA-256 (read each time: a knowledge file may change while a process runs)."""
    return hashlib.sha256(path.read_bytes()).digest()


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
_sizes: dict[str, int] = {}  # the size of each memo (`shipped_memo`) as last read or written


# The package data the shipped tables are made from (`shipped`, `shipped_yaml`, the phrase syntax's
# folding): with the code, all their key holds, so an edit of the knowledge's other files (a new
# phrase, a hotline) leaves them valid and a cold load translates only the phrases that changed.
TABLE_DATA = ("variants.yml", "cues.yml", "telling.yml")


@lru_cache(maxsize=1)
def _tables_hash() -> bytes:
    h = hashlib.sha256(FORMAT + b"\0tables")
    _hash_files(h, PACKAGE, "*.py")
    for name in TABLE_DATA:
        h.update(name.encode() + b"\0" + _digest(PACKAGE / name))
    _hash_files(h, NLU, "*.py")
    h.update(f"{sys.version}\0{_versions()}".encode())
    return h.digest()


def _tables_file() -> Path | None:
    where = cache_dir()
    if where is None:
        return None
    try:
        return where.parent / "tables" / f"{_tables_hash().hex()[:40]}.pickle"  # (beside kb/, pruned alike)
    except OSError:
        return None


def _read_tables() -> dict[str, object]:
    global _tables
    if _tables is None:
        _tables = {}
        path = _tables_file()
        unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)
        with contextlib.suppress(*unreadable), open(path, "rb") as fh:  # (None: TypeError, no tables)
            stored = pickle.load(fh)  # written by this user only (an owner-only folder), for this code
            if isinstance(stored, dict):
                _tables = stored
        _sizes.update({k: len(v) for k, v in _tables.items() if isinstance(v, dict) and k.startswith("memo:")})
    return _tables


def _write_tables() -> None:
    path = _tables_file()
    if path is not None and _tables is not None:
        _store(path.parent, path, dict(_tables))


def shipped(name: str, compute):
    """`compute()` for a table made from the code and TABLE_DATA alone (and OpenCC's dictionaries: the
    regional phrases, the cue lists), kept on disk under their hash and read back by later processes
    of the same code instead of being parsed and folded again. Plain values; nothing from a message."""
    if cache_dir() is None:
        return compute()
    tables = _read_tables()
    if name in tables:
        return tables[name]
    value = tables[name] = compute()
    _write_tables()
    return value


def package_table(name: str, compute):
    """`shipped`, for a table made from every file of the knowledge package (the spelling lexicon reads
    them all): kept under the hash of the code and the whole package, the key of its cached knowledge."""
    where = cache_dir()
    if where is None:
        return compute()
    try:
        path = where.parent / "tables" / f"{_code_hash().hex()[:40]}-{name}.pickle"
    except OSError:
        return compute()
    unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)
    with contextlib.suppress(*unreadable), open(path, "rb") as fh:
        return pickle.load(fh)  # written by this user only (an owner-only folder), for this code and package
    value = compute()
    _store(path.parent, path, value)
    return value


def shipped_memo(name: str) -> dict:
    """A dict of results that depend only on the code and on what they are keyed by (a phrase of the
    knowledge and its translation): read from the code's tables, filled by the caller, written back by
    `save_memos` (after a knowledge load). Only ever keyed by knowledge, never by a message."""
    if cache_dir() is None:
        return {}
    memo = _read_tables().setdefault(f"memo:{name}", {})
    return memo if isinstance(memo, dict) else {}


def save_memos() -> None:
    """Write the tables back when a memo grew since it was read (a knowledge folder with new phrases)."""
    if _tables is None:
        return
    grown = {k: len(v) for k, v in _tables.items() if k.startswith("memo:") and isinstance(v, dict)}
    if any(n != _sizes.get(k, 0) for k, n in grown.items()):
        _sizes.update(grown)
        _write_tables()


def shipped_yaml(name: str):
    """The parsed YAML of one file of the knowledge package (knowledge/cues.yml…), through `shipped`."""
    if name not in TABLE_DATA:
        raise ValueError(f"{name} is not in kbcache.TABLE_DATA (the files the tables are keyed by)")

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
    try:
        kb = load(root, overlay)  # KnowledgeError propagates: a folder with problems is never stored
    finally:
        save_memos()  # the phrases translated for this load, for the next one (whatever its folder)
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
