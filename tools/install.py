"""Install requirements into the project's virtualenv, fast where it can be: `make run` / `make test` call it.

uv (from the package index, pinned with its hashes in requirements-uv.txt, installed into the
virtualenv by its own pip) downloads in parallel and does not compile every module at install
time; where uv cannot be had or fails (another platform, an index only pip is configured for),
pip does the same install. Either way every package of a lock file is checked against its hashes,
and what happens is shown on stderr: uv's progress (bars on a terminal, a summary otherwise), or
one line per package from pip.

    python tools/install.py VENV (-r REQUIREMENTS [--hashes] | -e PATH [--no-deps]) [--quiet] [--bootstrap PYTHON]

CALLCHECK_INSTALLER=pip uses pip only; CALLCHECK_INSTALLER=uv fails rather than fall back to pip.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_LOCK = ROOT / "requirements-uv.txt"
PIP_PROGRESS = re.compile(r"^(Collecting|Successfully|ERROR)")


def say(message: str) -> None:
    print(f"    {message}", file=sys.stderr, flush=True)


def bin_dir(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def has_module(python: Path, name: str) -> bool:
    return subprocess.run([str(python), "-c", f"import {name}"], capture_output=True).returncode == 0


def ensure_pip(venv: Path) -> None:
    """A virtualenv made without pip (uv fills it) gets pip from Python's own copy before pip installs."""
    python = bin_dir(venv) / "python"
    if not has_module(python, "pip"):
        say("adding pip to the virtualenv (ensurepip)")
        subprocess.run([str(python), "-m", "ensurepip", "--default-pip"], capture_output=True, check=False)


def get_uv(venv: Path, mode: str, bootstrap: str | None) -> Path | None:
    """The virtualenv's uv, installed first if needed; None when it cannot be had (pip is used then).

    uv is installed by the virtualenv's pip or, when it has none (made with --without-pip, which
    takes a second where ensurepip takes ten), by the pip of `bootstrap`, the Python that made it.
    """
    uv = bin_dir(venv) / ("uv.exe" if os.name == "nt" else "uv")
    if mode == "pip":
        return None
    if not uv.exists():
        python = bin_dir(venv) / "python"
        if has_module(python, "pip"):
            pip = [str(python), "-m", "pip"]
        elif bootstrap:
            pip = [bootstrap, "-m", "pip", "--python", str(python)]  # pip 22.3 and newer
        else:
            ensure_pip(venv)
            pip = [str(python), "-m", "pip"]
        done = subprocess.run(
            [*pip, "--disable-pip-version-check", "install", "--quiet", "--require-hashes", "-r", str(UV_LOCK)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not uv.exists():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            say(f"uv could not be installed ({last[:160]}): installing with pip")
            return None
    try:
        subprocess.run([str(uv), "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        say("uv does not run here: installing with pip")
        return None
    return uv


def install(args: argparse.Namespace) -> int:
    venv = Path(args.venv)
    python = bin_dir(venv) / "python"
    mode = os.environ.get("CALLCHECK_INSTALLER", "").strip().lower()
    if mode not in ("", "uv", "pip"):
        say(f"CALLCHECK_INSTALLER must be uv or pip, not {mode!r}")
        return 2
    what: list[str] = ["-r", args.requirements] if args.requirements else ["-e", args.editable]
    options: list[str] = []
    if args.hashes:
        options.append("--require-hashes")
    if args.no_deps:
        options.append("--no-deps")
    if args.editable and args.no_deps and has_module(python, "setuptools"):
        options.append("--no-build-isolation")  # the pinned setuptools is there: no build environment to fetch
    uv = get_uv(venv, mode, args.bootstrap)
    if uv is None and mode == "uv":
        say("CALLCHECK_INSTALLER=uv and uv is not available")
        return 1
    if uv is not None:
        env = {**os.environ, "VIRTUAL_ENV": str(venv)}
        for pip_name, uv_name in (("PIP_INDEX_URL", "UV_INDEX_URL"), ("PIP_EXTRA_INDEX_URL", "UV_EXTRA_INDEX_URL")):
            if env.get(pip_name) and not env.get(uv_name):
                env[uv_name] = env[pip_name]  # an index chosen for pip in the environment is uv's too
        command = [str(uv), "pip", "install", "--python", str(python), *options, *what]
        if run(command, env, quiet=args.quiet, pip=False) == 0:
            return 0
        if mode == "uv":
            return 1
        say("uv did not finish the install (above): trying pip")
    ensure_pip(venv)
    command = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--progress-bar", "off"]
    return run(command + options + what, dict(os.environ), quiet=args.quiet, pip=True)


def run(command: list[str], env: dict, quiet: bool, pip: bool) -> int:
    """Run an installer; pip's output is cut to one line per package, all of it shown if it fails."""
    if not quiet and not pip:
        return subprocess.run(command, env=env, stdout=sys.stderr).returncode  # uv's progress, to the terminal
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    kept: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        kept.append(line)
        if not quiet and PIP_PROGRESS.match(line):
            print(line.rstrip(), file=sys.stderr, flush=True)
    code = proc.wait()
    if code != 0:
        sys.stderr.write("".join(kept[-60:]))
    return code


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("venv")
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("-r", dest="requirements", help="a requirements file (a lock file with --hashes)")
    source.add_argument("-e", dest="editable", help="a project folder, installed editable")
    ap.add_argument("--hashes", action="store_true", help="every package must match a hash of the file")
    ap.add_argument("--no-deps", action="store_true", help="the project alone (its dependencies are installed)")
    ap.add_argument("--quiet", action="store_true", help="print nothing unless it fails")
    ap.add_argument("--bootstrap", metavar="PYTHON", help="the Python whose pip installs uv in a venv without pip")
    return install(ap.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
