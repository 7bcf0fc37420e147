"""One database shared by running writers and short-lived CLI processes: nobody crashes.

Every callcheck command opens the store; opening must never touch SQLite's own files behind its
back (closing a descriptor drops SQLite's fcntl locks, and the next opener re-initialises the
wal-index under running processes: SIGBUS). The benchmark script runs the same chaos, larger.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import chaos_shared_db


def test_writers_survive_many_cli_opens(tmp_path):
    result = chaos_shared_db.run(writers=3, openers=2, opens=80, db=str(tmp_path / "shared.db"))
    print(result)
    assert result["crashes"] == 0, result
    assert result["opens"] == 160
    assert result["writers_alive_at_end"] == 3
    assert result["writes_found"] >= result["writes_committed"] > 0
    assert result["integrity"] == "ok"


def test_opening_sets_modes_by_path_without_opening_sqlite_files(tmp_path, monkeypatch):
    import os

    from bot.store import Store

    db = tmp_path / "m.db"
    Store(db, salt=b"x" * 20).close()
    for name in ("m.db", "m.db-wal", "m.db-shm"):  # left readable by an older version or by hand
        if (tmp_path / name).exists():
            os.chmod(tmp_path / name, 0o644)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opened.append(str(p)), real_open(p, *a, **k))[1])
    store = Store(db, salt=b"x" * 20)
    store.db.execute("SELECT 1").fetchone()
    assert not [p for p in opened if Path(p).name.startswith("m.db")]
    for name in ("m.db", "m.db-wal", "m.db-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    store.close()
