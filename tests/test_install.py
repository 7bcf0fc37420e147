"""tools/install.py, what `make run` and `make test` install with: uv where it can be had, pip otherwise.

Every case installs a small wheel made here, pinned by its hash, into a virtualenv made here; nothing
is downloaded (PIP_NO_INDEX: an index cannot be reached, as on a machine without uv's platform).
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / "tools" / "install.py"


def make_wheel(folder: Path, name: str, value: int) -> Path:
    """A pure-Python wheel `name` 1.0 whose module holds VALUE."""
    dist = f"{name}-1.0"
    files = {
        f"{name}/__init__.py": f"VALUE = {value}\n".encode(),
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n".encode(),
        f"{dist}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}.dist-info/RECORD,,")
    files[f"{dist}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return wheel


def lock_file(folder: Path, wheel: Path, name: str, digest: str | None = None) -> Path:
    digest = digest or hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock = folder / f"{name}.txt"
    lock.write_text(f"{name} @ {wheel.as_uri()} \\\n    --hash=sha256:{digest}\n", "utf-8")
    return lock


@pytest.fixture(scope="module")
def env_dir(tmp_path_factory) -> Path:
    """Made without pip, as `make run` makes it (uv would fill it): the first pip install adds pip."""
    folder = tmp_path_factory.mktemp("venv") / "v"
    venv.EnvBuilder(with_pip=False).create(folder)
    return folder


@pytest.fixture
def fake_uv(env_dir):
    """Put a `uv` in the virtualenv that records its arguments and exits with the code given."""
    uv = env_dir / "bin" / "uv"

    def make(install_code: int, log: Path) -> Path:
        uv.write_text(
            "#!/bin/sh\n"
            '[ "$1" = "--version" ] && { echo "uv 0.0-test"; exit 0; }\n'
            f'echo "$@" >> "{log}"\n'
            f"exit {install_code}\n",
            "utf-8",
        )
        uv.chmod(0o755)
        return uv

    yield make
    uv.unlink(missing_ok=True)


def run(env_dir: Path, *args: str, installer: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull, "CALLCHECK_INSTALLER": installer}
    return subprocess.run(
        [sys.executable, str(INSTALL), str(env_dir), *args], env=env, capture_output=True, text=True, timeout=300
    )


def value_of(env_dir: Path, name: str) -> str:
    done = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", f"import {name}; print({name}.VALUE)"], capture_output=True, text=True
    )
    return done.stdout.strip() if done.returncode == 0 else f"not installed: {done.stderr.strip()[-80:]}"


def test_without_uv_to_be_had_pip_installs_the_locked_file(env_dir, tmp_path):
    lock = lock_file(tmp_path, make_wheel(tmp_path, "cc_fallback", 7), "cc_fallback")
    done = run(env_dir, "--hashes", "-r", str(lock), "--bootstrap", sys.executable)
    assert done.returncode == 0, done.stderr
    assert "uv could not be installed" in done.stderr and "installing with pip" in done.stderr
    assert "adding pip to the virtualenv" in done.stderr
    assert "Successfully installed cc_fallback-1.0" in done.stderr  # pip's progress, one line per package
    assert not (env_dir / "bin" / "uv").exists()
    assert value_of(env_dir, "cc_fallback") == "7"


def test_when_uv_fails_pip_does_the_install(env_dir, tmp_path, fake_uv):
    log = tmp_path / "uv.log"
    fake_uv(1, log)
    lock = lock_file(tmp_path, make_wheel(tmp_path, "cc_retry", 11), "cc_retry")
    done = run(env_dir, "--hashes", "-r", str(lock))
    assert done.returncode == 0, done.stderr
    called = log.read_text("utf-8")
    assert called.startswith("pip install --python ") and "--require-hashes -r " in called
    assert "uv did not finish the install" in done.stderr and "trying pip" in done.stderr
    assert value_of(env_dir, "cc_retry") == "11"


def test_uv_installs_when_it_can_and_pip_is_not_run(env_dir, tmp_path, fake_uv):
    log = tmp_path / "uv.log"
    fake_uv(0, log)
    lock = lock_file(tmp_path, make_wheel(tmp_path, "cc_by_uv", 3), "cc_by_uv")
    done = run(env_dir, "--hashes", "-r", str(lock))
    assert done.returncode == 0, done.stderr
    args = log.read_text("utf-8").split()
    assert args[:4] == ["pip", "install", "--python", str(env_dir / "bin" / "python")]
    assert "--require-hashes" in args and args[-2:] == ["-r", str(lock)]
    assert value_of(env_dir, "cc_by_uv").startswith("not installed")  # the fake uv installed nothing; pip never ran


def test_installer_pip_never_touches_uv_and_uv_never_falls_back(env_dir, tmp_path, fake_uv):
    log = tmp_path / "uv.log"
    fake_uv(1, log)
    lock = lock_file(tmp_path, make_wheel(tmp_path, "cc_choice", 5), "cc_choice")
    strict = run(env_dir, "--hashes", "-r", str(lock), installer="uv")
    assert strict.returncode != 0 and "trying pip" not in strict.stderr
    assert value_of(env_dir, "cc_choice").startswith("not installed")
    log.unlink()
    plain = run(env_dir, "--hashes", "-r", str(lock), installer="pip")
    assert plain.returncode == 0, plain.stderr
    assert not log.exists() and value_of(env_dir, "cc_choice") == "5"
    wrong = run(env_dir, "-r", str(lock), installer="conda")
    assert wrong.returncode == 2 and "CALLCHECK_INSTALLER must be uv or pip" in wrong.stderr


def test_a_package_that_does_not_match_its_hash_is_refused_by_both(env_dir, tmp_path, fake_uv):
    fake_uv(1, tmp_path / "uv.log")
    wheel = make_wheel(tmp_path, "cc_tampered", 9)
    lock = lock_file(tmp_path, wheel, "cc_tampered", digest="0" * 64)
    done = run(env_dir, "--hashes", "-r", str(lock))
    assert done.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in done.stderr  # pip's own words, shown in full on failure
    assert value_of(env_dir, "cc_tampered").startswith("not installed")
