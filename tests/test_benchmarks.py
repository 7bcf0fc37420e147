"""Every benchmark runs, at tiny sizes (--smoke), so none can rot between `make bench` runs.

Figures printed in smoke mode mean nothing and nothing here looks at speed: the test only
checks that each benchmark finishes and prints its figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
NAMES = sorted(p.stem for p in BENCH.glob("bench_*.py"))


def test_the_makefile_runs_every_benchmark():
    makefile = (BENCH.parent / "Makefile").read_text()
    listed = next(line for line in makefile.splitlines() if line.startswith("BENCHMARKS :="))
    assert sorted(f"bench_{n}" for n in listed.split(":=")[1].split()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_benchmark_runs_in_smoke_mode(name, tmp_path):
    if name == "bench_ocr":
        sys.path.insert(0, str(Path(__file__).parent))
        from screens import cjk_font

        if cjk_font() is None:
            pytest.skip("no CJK font to draw screenshots with (apt-get install fonts-wqy-microhei)")
    env = {k: v for k, v in os.environ.items() if k not in ("CALLCHECK_SALT", "CALLCHECK_DB", "TELEGRAM_BOT_TOKEN")}
    env["TMPDIR"] = str(tmp_path)  # whatever a benchmark leaves behind goes with the test's folder
    done = subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), "--smoke"],
        cwd=BENCH,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    assert any(ch.isdigit() for ch in done.stdout), done.stdout
