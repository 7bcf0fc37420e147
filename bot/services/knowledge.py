"""The knowledge the running bot serves: the reviewed files plus approved additions, hot-reloaded.

`KnowledgeKeeper.kb` is the current knowledge base. `maybe_reload()` (called before each message,
at most every few seconds) reloads when a file or the set of approved additions changed. A load
that fails never replaces good knowledge: the last good one keeps serving, the problem is logged
and listed in `problems` (volunteers see it in /queue). At start-up, when the files are broken,
the last good files saved in the database are served instead of refusing to start.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from knowledge import KnowledgeError, default_root, load_knowledge
from knowledge.additions import Overlay
from knowledge.model import KnowledgeBase

log = logging.getLogger("callcheck.knowledge")


class KnowledgeKeeper:
    """Loads, watches and swaps the knowledge base; never swaps in a broken one."""

    def __init__(
        self,
        root: Path | None,
        *,
        additions: Callable[[], list] = list,
        additions_revision: Callable[[], str] = str,
        snapshot: Callable[[], dict[str, str]] | None = None,
        save_snapshot: Callable[[dict[str, str]], object] | None = None,
        check_every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.root = Path(root) if root is not None else default_root()
        self._additions = additions
        self._revision = additions_revision
        self._snapshot = snapshot
        self._save_snapshot = save_snapshot
        self.check_every = check_every
        self.clock = clock
        self._kb: KnowledgeBase | None = None
        self._fingerprint: tuple | None = None
        self._checked = 0.0
        self.problems: list[str] = []  # why the files (or an addition) are not what is served
        self.unapplied: dict[int, str] = {}  # approved additions that no longer apply
        self.loaded_at: float | None = None
        self.listeners: list[Callable[[KnowledgeBase], None]] = []
        self.from_snapshot = False

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge being served (loaded on first use; raises KnowledgeError only with nothing to serve)."""
        if self._kb is None:
            self._first_load()
        assert self._kb is not None
        return self._kb

    def _fingerprint_now(self) -> tuple:
        files = []
        for path in sorted(self.root.rglob("*.yml")):
            try:
                st = path.stat()
            except OSError:
                continue
            files.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(files), self._revision()

    def build(self, extra: list | None = None, replace: bool = False) -> tuple[KnowledgeBase, Overlay]:
        """Files plus approved additions (plus `extra`; only `extra` with `replace`), validated; raises KnowledgeError."""
        overlay = Overlay([*([] if replace else self._additions()), *(extra or [])])
        return load_knowledge(self.root, overlay), overlay

    def _load(self) -> KnowledgeBase:
        try:
            kb, overlay = self.build()
        except KnowledgeError as exc:
            if not self._additions():
                raise
            # The approved additions no longer fit the files: serve the files alone and say so.
            kb = load_knowledge(self.root)
            self.problems = [f"approved additions no longer validate: {p}" for p in exc.problems]
            self.unapplied = {}
            return kb
        self.unapplied = dict(overlay.failed)
        self.problems = [f"approved addition a{i} no longer applies: {why}" for i, why in overlay.failed.items()]
        return kb

    def _first_load(self) -> None:
        self._fingerprint = self._fingerprint_now()
        try:
            kb = self._load()
        except KnowledgeError as exc:
            files = self._snapshot() if self._snapshot else {}
            if not files:
                raise
            try:
                kb = load_knowledge(_materialise(files))
            except KnowledgeError:
                raise exc from None  # the saved copy no longer loads either: report the files' problems
            self.from_snapshot = True
            self.problems = [str(p) for p in exc.problems]
            log.error(
                "knowledge files have %d problem(s); serving the last good knowledge saved in the database",
                len(exc.problems),
            )
        else:
            self._remember(kb)
        self._kb = kb
        self.loaded_at = time.time()

    def _remember(self, kb: KnowledgeBase) -> None:
        if self._save_snapshot is None:
            return
        files = {str(p.relative_to(self.root)): p.read_text("utf-8") for p in sorted(self.root.rglob("*.yml"))}
        self._save_snapshot(files)

    def maybe_reload(self) -> bool:
        """Reload when something changed (checked at most every `check_every` seconds); True if swapped."""
        now = self.clock()
        if self._kb is None or now - self._checked < self.check_every:
            return False
        self._checked = now
        if self._fingerprint_now() == self._fingerprint:
            return False
        return self.reload()

    def reload(self) -> bool:
        """Load again now; swap only when the load succeeds. True if the new knowledge is being served."""
        self._fingerprint = self._fingerprint_now()
        try:
            kb = self._load()
        except KnowledgeError as exc:
            self.problems = [str(p) for p in exc.problems]
            log.error(
                "knowledge reload failed with %d problem(s); still serving the last good knowledge", len(exc.problems)
            )
            for p in exc.problems:
                log.error("knowledge problem: %s", p)
            return False
        self._remember(kb)
        self._kb = kb
        self.from_snapshot = False
        self.loaded_at = time.time()
        log.info("knowledge reloaded: %d scripts, %d indicators", len(kb.scripts), len(kb.indicators()))
        for listener in self.listeners:
            listener(kb)
        return True


def _materialise(files: dict[str, str]) -> Path:
    """Write saved knowledge files into a private temporary folder and return it."""
    root = Path(tempfile.mkdtemp(prefix="callcheck-kb-")).resolve()
    for rel, text in files.items():
        path = root / rel
        if root not in path.resolve().parents:
            continue  # never write outside the folder
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
