"""Regular expressions compiled once per machine, not once per process.

Python compiles a regular expression in two steps: its parser reads the source into a tree, and
its compiler turns the tree into a list of integers, the code `_sre` runs. Both steps are Python
and slow (the knowledge's ~1,600 expressions: ~0.4 s of CPU); building the pattern object from the
code is C and takes microseconds. `compile(source, flags)` keeps each expression's code on disk
and rebuilds the pattern from it in later processes; the pattern is the very one `re.compile`
gives (equal by `==`, which compares the code: tests/test_regexcache.py holds every expression
of the knowledge to it). `remember(key, compute)` keeps other results derived from expressions
alone (the literals a match requires, nlu/literals.py) in the same file.

Only expressions written in the code or the knowledge go through here, never one made from a
message: nothing a person wrote is kept. The file is keyed by the Python version and `_sre`'s
magic number (another interpreter reads and writes another file), lives beside the knowledge
cache ($XDG_CACHE_HOME/callcheck, owner-only; CALLCHECK_CACHE=off turns both off), is read once
per process on first use and written at exit when the process compiled something new (merged
with what other processes wrote meanwhile, at most MAX_ENTRIES, the most recently used first). A
damaged or foreign file is ignored: the expressions are compiled as `re` would.
"""

from __future__ import annotations

import _sre
import atexit
import contextlib
import hashlib
import itertools
import os
import pickle
import re
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

try:  # Python 3.11+
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

T = TypeVar("T")
FORMAT = "callcheck-re-1"
MAX_ENTRIES = 6000  # ~1 KB each; the knowledge and the code use ~1,800
_CODE = next(t for t in "ILQ" if array(t).itemsize >= _sre.CODESIZE)  # one machine word of `_sre` code
_UNCACHED = re.DEBUG | getattr(re, "TEMPLATE", 0)

_lock = threading.Lock()
_entries: dict[Hashable, Any] | None = None  # read from disk on first use: key -> stored value
_path: Path | None = None  # the file they were read from (and are written back to)
_used: dict[Hashable, None] = {}  # keys this process asked for, in order (kept first when saving)
_new = False  # something was compiled or computed that the file does not hold
_patterns: dict[tuple[str, int], re.Pattern[str]] = {}  # built in this process
_trusted: bool | None = None  # whether patterns built from stored code equal re.compile's (checked once)


def cache_file() -> Path | None:
    """This interpreter's file, or None when caching is off (asked at every compile: made once per setting)."""
    env = os.environ
    return _cache_file(env.get("CALLCHECK_CACHE", ""), env.get("XDG_CACHE_HOME", ""), env.get("HOME", ""))


@lru_cache(maxsize=16)
def _cache_file(setting: str, xdg: str, home: str) -> Path | None:
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    base = xdg or str(Path.home() / ".cache")
    tag = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}".encode()).hexdigest()[:16]
    return Path(base) / "callcheck" / "re" / f"{tag}.pickle"


def _load() -> dict[Hashable, Any]:
    global _entries, _path
    if _entries is None:
        entries: dict[Hashable, Any] = {}
        path = _path = cache_file()
        if path is not None:
            unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError)
            with contextlib.suppress(*unreadable), open(path, "rb") as fh:
                stored = pickle.load(fh)  # written by this user only (an owner-only folder)
                if isinstance(stored, dict) and stored.get("format") == FORMAT:
                    entries = stored["entries"]
        _entries = entries
    return _entries


def _keep(key: Hashable, value: Any) -> None:
    global _new
    with _lock:
        _load()[key] = value
        if not _new:
            _new = True
            atexit.register(save)


def _code_of(source: str, flags: int) -> tuple:
    """`_sre.compile`'s arguments for `source`, made as re's own compiler makes them."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        [int(c) for c in code],
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _build(source: str, stored: tuple) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = stored
    return _sre.compile(source, flags, array(_CODE, code).tolist(), groups, groupindex, indexgroup)


def _trust() -> bool:
    """Whether this interpreter's `re` builds patterns as this module does (once per process)."""
    global _trusted
    if _trusted is None:
        samples = (
            (r"(?<![a-z])(?P<who>客服|agent)s?\W{0,3}(?:refund|退款)(?!\d)", 0),
            (r"^[\s\-]*pay(?:ing)?\b.*?$", re.IGNORECASE | re.MULTILINE),
            (r"(?i)[^。！？!?\n]{0,12}?\d+(?:[.,]\d+)*", 0),
        )
        try:
            _trusted = True
            for source, flags in samples:
                mine, theirs = _build(source, _stored(_code_of(source, flags))), re.compile(source, flags)
                same = (mine.groups, mine.groupindex) == (theirs.groups, theirs.groupindex)
                _trusted = _trusted and mine == theirs and same  # == compares the flags and the code
        except Exception:
            _trusted = False
    return _trusted


def _stored(made: tuple) -> tuple:
    flags, code, groups, groupindex, indexgroup = made
    return (flags, array(_CODE, code).tobytes(), groups, groupindex, indexgroup)


def compile(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, from the code kept on disk when this machine compiled it before."""
    flags = int(flags)
    key = (source, flags)
    pattern = _patterns.get(key)
    if pattern is not None:
        return pattern
    if not isinstance(source, str) or flags & _UNCACHED or cache_file() is None or not _trust():
        pattern = re.compile(source, flags)
    else:
        entries = _load()
        stored = entries.get(key)
        _used[key] = None
        pattern = None
        if stored is not None:
            with contextlib.suppress(Exception):  # a damaged entry: compiled again below
                pattern = _build(source, stored)
        if pattern is None:
            made = _stored(_code_of(source, flags))  # re.error for a bad expression, as re.compile raises
            pattern = _build(source, made)
            _keep(key, made)
    _patterns[key] = pattern
    return pattern


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, kept on disk under `key` (a result that depends only on the key: picklable, small)."""
    if cache_file() is None:
        return compute()
    full = ("value", key)
    entries = _load()
    _used[full] = None
    found = entries.get(full, _MISSING)
    if found is not _MISSING:
        return found
    value = compute()
    _keep(full, value)
    return value


_MISSING = object()


def save() -> None:
    """Write what this process added (at exit; the warm start calls it too). Never raises."""
    global _new
    path = _path
    with _lock:
        if not _new or path is None or _entries is None:
            return
        _new = False
        mine = dict(_entries)
    tmp = None
    try:
        on_disk: dict[Hashable, Any] = {}
        with contextlib.suppress(Exception), open(path, "rb") as fh:  # what others wrote since this one read
            stored = pickle.load(fh)
            if isinstance(stored, dict) and stored.get("format") == FORMAT:
                on_disk = stored["entries"]
        merged: dict[Hashable, Any] = {}
        used_here = ((k, mine[k]) for k in list(_used) if k in mine)  # kept first, then the others' newest
        for k, v in itertools.chain(used_here, on_disk.items(), mine.items()):
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(k, v)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"format": FORMAT, "entries": merged}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # readers see the whole file or none
        tmp = None
    except Exception:
        pass
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def reset() -> None:
    """Forget what this process read and built, as a new process starts (for tests)."""
    global _entries, _path, _new, _trusted
    with _lock:
        _entries, _path, _new, _trusted = None, None, False, None
        _used.clear()
        _patterns.clear()
