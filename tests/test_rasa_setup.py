"""`callcheck rasa setup` builds the Rasa environment with the project's installer (tools/install.py:
uv, pip as the fallback), and keeps an environment of the right Rasa version (what .ci/run caches).

No Rasa is installed here: the commands are recorded, and tools/install.py's own choice of uv or pip
is exercised on the command it is given.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main

rasa_cli = importlib.import_module("bot.cli.rasa")  # the module (bot.cli's `rasa` is the command group)

PYTHON310 = "/opt/py310/bin/python3.10"


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    env = tmp_path / "cache" / "venv-rasa"
    monkeypatch.setenv("CALLCHECK_RASA_ENV", str(env))
    monkeypatch.setattr(rasa_cli, "find_python310", lambda: PYTHON310)
    calls: list[list[str]] = []
    wanted: list[str] = []

    def run(cmd, *args, **kwargs):
        calls.append([str(c) for c in cmd])
        if "venv" in cmd:
            (env / "bin").mkdir(parents=True)
        if str(rasa_cli.INSTALLER) in [str(c) for c in cmd]:
            wanted.append(Path(cmd[cmd.index("-r") + 1]).read_text(encoding="utf-8"))
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(rasa_cli.subprocess, "run", run)
    return env, calls, wanted


def test_setup_installs_through_the_projects_installer(recorded):
    env, calls, wanted = recorded
    out = CliRunner().invoke(main, ["rasa", "setup"])
    assert out.exit_code == 0, out.output
    assert calls[0][:3] == [PYTHON310, "-m", "venv"] and calls[0][-1] == str(env)
    installer = calls[1]
    assert installer[:3] == [sys.executable, str(rasa_cli.INSTALLER), str(env)]
    assert installer[installer.index("--bootstrap") + 1] == PYTHON310  # its pip can put uv into the venv
    assert wanted and f"rasa=={rasa_cli.RASA_VERSION}" in wanted[0].split() and "jieba>=0.42" in wanted[0].split()
    # nothing installs with pip directly any more
    assert not any("pip" in c and "install" in c for c in calls), calls
    assert len(calls) == 2


def test_an_environment_of_the_right_version_is_kept(recorded):
    env, calls, _ = recorded
    meta = env / "lib" / "python3.10" / "site-packages" / f"rasa-{rasa_cli.RASA_VERSION}.dist-info"
    meta.mkdir(parents=True)
    (env / "bin").mkdir(parents=True)
    (env / "bin" / "rasa").write_text("#!/bin/sh\n")
    out = CliRunner().invoke(main, ["rasa", "setup"])
    assert out.exit_code == 0 and "already present" in out.output
    assert calls == []  # the cached environment (.ci/run: ~/.cache/callcheck) is used as it is


def test_another_version_is_rebuilt_and_a_failed_install_leaves_nothing(recorded, monkeypatch):
    env, calls, _ = recorded
    (env / "lib" / "python3.10" / "site-packages" / "rasa-3.5.0.dist-info").mkdir(parents=True)
    (env / "bin").mkdir(parents=True)
    (env / "bin" / "rasa").write_text("#!/bin/sh\n")

    def failing(cmd, *args, **kwargs):
        calls.append([str(c) for c in cmd])
        if "venv" in cmd:
            (env / "bin").mkdir(parents=True, exist_ok=True)
            return subprocess.CompletedProcess(cmd, 0)
        raise subprocess.CalledProcessError(1, cmd)

    monkeypatch.setattr(rasa_cli.subprocess, "run", failing)
    out = CliRunner().invoke(main, ["rasa", "setup"])
    assert out.exit_code != 0 and "could not set up" in out.output
    assert "building it again" in out.output
    assert not env.exists()
    assert [c[1] for c in calls] == ["-m", str(rasa_cli.INSTALLER)]  # built again, with the installer


@pytest.mark.parametrize("mode", ["pip", "uv"])
def test_the_installer_command_follows_callcheck_installer(tmp_path, monkeypatch, mode):
    """The command `rasa setup` builds is tools/install.py's: CALLCHECK_INSTALLER picks pip or uv there."""
    spec = importlib.util.spec_from_file_location("install", rasa_cli.INSTALLER)
    install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(install)
    seen: list[list[str]] = []
    monkeypatch.setattr(install, "run", lambda command, env, quiet, pip: seen.append(command) or 0)
    monkeypatch.setattr(install, "ensure_pip", lambda venv: None)
    monkeypatch.setattr(install, "get_uv", lambda venv, m, b: None if m == "pip" else tmp_path / "uv")
    monkeypatch.setenv("CALLCHECK_INSTALLER", mode)
    req = tmp_path / "r.txt"
    req.write_text("rasa==0\n")
    cmd = rasa_cli.install_command(tmp_path / "env", PYTHON310, req)
    assert install.main(cmd[2:]) == 0
    assert seen and ("-m" in seen[0] and "pip" in seen[0]) == (mode == "pip")
    assert str(req) in seen[0]
