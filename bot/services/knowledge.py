"""The knowledge the running bot serves: the reviewed files plus approved additions, hot-reloaded.

`KnowledgeKeeper.kb` is the current knowledge base. `maybe_reload()` (called before each message,
at most every few seconds) reloads when a file or the set of approved additions changed. The
additions live in the shared database, so a change made by another process (`callcheck review
revert` at the terminal while `callcheck serve` runs) is seen the same way: the web server asks
`stale()` before each request (a clock read; every `check_every` seconds, a stat of the files and
one small query) and reloads off its event loop when it says so. A load
that fails never replaces good knowledge: the last good one keeps serving, the problem is logged
and listed in `problems` (volunteers see it in /queue). At start-up, when the files are broken,
the last good files saved in the database are served instead of refusing to start.

The approved additions pass the same regression gate as the files before they are served
(`gate=True`): when together they make any example, genuine message or regression case worse than
the files alone, they are refused, the last good set of additions keeps serving (or the files
alone, at start-up), and the problem is listed for volunteers.
"""

from __future__ import annotations

import logging
import sqlite3
import tempfile
import threading
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
        gate: bool = False,
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
        self.gate = gate
        self.served_additions: list[int] = []  # the additions in the knowledge being served
        self._files_kb: tuple | None = None
        self._files_results: dict[str, dict] = {}
        self._reloading = threading.Lock()  # one reload at a time (the server's check and a review decision)

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
        """Files + approved additions + `extra` (only `extra` with `replace`), validated; raises KnowledgeError."""
        overlay = Overlay([*([] if replace else self._additions()), *(extra or [])])
        return load_knowledge(self.root, overlay), overlay

    def _load(self) -> KnowledgeBase:
        additions = self._additions()
        try:
            kb, overlay = self.build()
        except KnowledgeError as exc:
            if not additions:
                raise
            # The approved additions no longer fit the files: serve the files alone and say so.
            kb = load_knowledge(self.root)
            self.problems = [f"approved additions no longer validate: {p}" for p in exc.problems]
            self.unapplied = {}
            self.served_additions = []
            return kb
        self.unapplied = dict(overlay.failed)
        self.problems = [f"approved addition a{i} no longer applies: {why}" for i, why in overlay.failed.items()]
        if self.gate and overlay.applied:
            files_kb = self._files_alone()
            worse = gate_failures(self.root, files_kb, kb, self._files_results)
            if worse:
                ids = ", ".join(f"a{i}" for i in overlay.applied)
                why = "fail the regression gate, not served"
                self.problems += [f"live additions ({ids}) {why}: {w}" for w in worse[:5]]
                log.error("approved additions make %d case(s) worse: not served", len(worse))
                kb, overlay = self._last_good_set(additions, files_kb)
        self.served_additions = list(overlay.applied)
        return kb

    def _files_alone(self) -> KnowledgeBase:
        """The files without additions (kept while the files do not change), for the additions' gate."""
        files = self._fingerprint_now()[0]
        if self._files_kb is None or self._files_kb[0] != files:
            self._files_kb = (files, load_knowledge(self.root))
            self._files_results = {}  # the files' verdict per case, filled by gate_failures
        return self._files_kb[1]

    def _last_good_set(self, additions: list, files_kb: KnowledgeBase) -> tuple[KnowledgeBase, Overlay]:
        """The additions served before (those still approved) when they still pass; else the files alone."""
        good = [a for a in additions if a.id in set(self.served_additions)]
        if good and len(good) < len(additions):
            overlay = Overlay(good)
            try:
                kb = load_knowledge(self.root, overlay)
            except KnowledgeError:
                kb = None
            if kb is not None and not gate_failures(self.root, files_kb, kb, self._files_results):
                return kb, overlay
        return files_kb, Overlay([])

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
        try:
            self._save_snapshot(files)
        except sqlite3.Error as exc:  # a read-only or busy database: the knowledge is served all the same
            log.warning("last good knowledge not saved in the database: %s", type(exc).__name__)

    def maybe_reload(self) -> bool:
        """Reload when something changed (checked at most every `check_every` seconds); True if swapped."""
        return self.stale() and self.reload()

    def stale(self) -> bool:
        """Whether a file or the approved additions (in this process or another) changed since the last
        load. Costs a clock read, except every `check_every` seconds: a stat of the files and one query."""
        now = self.clock()
        if self._kb is None or now - self._checked < self.check_every:
            return False
        self._checked = now
        try:
            return self._fingerprint_now() != self._fingerprint
        except sqlite3.Error as exc:  # a busy database: look again at the next check
            log.warning("knowledge change check skipped: %s", type(exc).__name__)
            return False

    def reload(self) -> bool:
        """Load again now; swap only when the load succeeds. True if the new knowledge is being served."""
        with self._reloading:
            return self._reload()

    def _reload(self) -> bool:
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


def gate_failures(
    root: Path, files_kb: KnowledgeBase, kb: KnowledgeBase, known: dict[str, dict] | None = None
) -> list[str]:
    """Cases (examples, genuine messages, regression set) that `kb` judges worse than the files alone.

    `known` keeps the files' results per case between calls (valid while the files do not change).
    """
    from nlu.analyzer import Analyzer
    from nlu.regression import all_cases, compare, load_regression, run

    regression, _ = load_regression(Path(root) / "regression.yml")
    cases = all_cases(kb, regression)
    known = {} if known is None else known
    missing = [c for c in cases if c.key not in known]
    if missing:
        known.update(run(missing, Analyzer(files_kb).analyze))
    before = {c.key: known[c.key] for c in cases}
    after = run(cases, Analyzer(kb).analyze)
    return compare(cases, after, before).worse


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
