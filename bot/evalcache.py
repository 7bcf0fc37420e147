"""A cache of `callcheck eval` figures that cannot go stale: keyed by everything the figures depend on.

The key is a SHA-256 over the labelled file(s), every file of the knowledge folder, every file of
the project's code and data (bot/, nlu/, knowledge/), the installed packages and their versions,
the Python version, the settings that change an analysis (backend, region) and the approved
additions' revision. Change any of them and the key changes, so a stored result is only ever read
for exactly the inputs that produced it.

Not cached (always analysed): another backend than the embedded one (its answers come from a
Rasa server) and a database holding reported numbers (a verdict may depend on them).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "nlu", "knowledge")


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "callcheck" / "eval"


def _hash_tree(h, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())


class EvalCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def key(self, app, files: list[str]) -> str | None:
        """The key for evaluating `files` with this app, or None when the figures must not be cached."""
        if app.settings.backend != "embedded" or _has_reports(app):
            return None
        keeper = app.keeper
        _ = app.kb
        if keeper.from_snapshot:
            return None
        h = hashlib.sha256(b"callcheck-eval-1\0")
        for f in files:
            h.update(b"file\0" + hashlib.sha256(Path(f).read_bytes()).digest())
        h.update(b"knowledge\0")
        _hash_tree(h, Path(keeper.root))
        h.update(f"additions\0{keeper._revision()}\0".encode())
        for package in PACKAGES:
            h.update(f"code\0{package}\0".encode())
            _hash_tree(h, ROOT / package)
        dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
        h.update("\n".join(dists).encode())
        h.update(f"\0{sys.version}\0{app.settings.backend}\0{app.settings.region}".encode())
        return h.hexdigest()

    def get(self, key: str | None) -> tuple[dict, str] | None:
        if not key:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return data["figures"], data["text"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or unreadable: analyse again

    def put(self, key: str | None, figures: dict, text: str) -> None:
        if not key:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"figures": figures, "text": text}, fh, ensure_ascii=False)
            os.replace(tmp, self.folder / f"{key}.json")  # readers see the whole file or none
            self._prune()
        except OSError as exc:
            print(f"(eval cache not written: {exc.strerror})", file=sys.stderr)
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)

    def _prune(self, keep: int = 64) -> None:
        """Keep the newest entries: every change of code or knowledge makes new ones."""
        entries = []
        for path in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime, path))
        for _, path in sorted(entries, reverse=True)[keep:]:
            with contextlib.suppress(OSError):
                path.unlink()


def _has_reports(app) -> bool:
    row = app.store.db.execute("SELECT EXISTS (SELECT 1 FROM reports) OR EXISTS (SELECT 1 FROM numbers)").fetchone()
    return bool(row[0])
