"""Rasa training data is generated from knowledge/, deterministically, and the committed copy is current."""

from __future__ import annotations

from pathlib import Path

import yaml

from nlu.rasa_export import GENUINE_INTENT, expand, export

COMMITTED = Path(__file__).resolve().parent.parent / "nlu" / "rasa_data"


def test_expand_phrase_syntax():
    assert expand("{快递|包裹}丢了") == ["快递丢了", "包裹丢了"]
    assert expand("{先|再}?转账") == ["先转账", "再转账", "转账"]
    assert expand("借…额度") == ["借额度"]
    assert expand("转#万") == ["转5000万"]
    assert expand("refund*") == ["refund"]


def test_export_is_deterministic(kb, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    export(kb, a)
    export(kb, b)
    for path in a.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (b / path.relative_to(a)).read_bytes(), path.name


def test_committed_training_data_is_current(kb, tmp_path):
    export(kb, tmp_path)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            committed = COMMITTED / path.relative_to(tmp_path)
            assert committed.exists(), f"{committed} missing: run `callcheck rasa export`"
            assert committed.read_text("utf-8") == path.read_text("utf-8"), (
                f"{committed.name} is stale: run `callcheck rasa export` after editing knowledge/"
            )


def test_every_script_has_an_intent(kb, tmp_path):
    export(kb, tmp_path)
    data = yaml.safe_load((tmp_path / "intents.yml").read_text("utf-8"))
    assert data["version"] == "3.1"
    intents = {item["intent"]: item["examples"].strip().splitlines() for item in data["nlu"]}
    assert set(kb.scripts) | {GENUINE_INTENT} == set(intents)
    assert all(len(v) >= 10 for k, v in intents.items() if k != GENUINE_INTENT)
    assert len(intents[GENUINE_INTENT]) >= len(kb.genuine)


def test_lookups_synonyms_and_dictionary(kb, tmp_path):
    export(kb, tmp_path)
    lookups = {x["lookup"] for x in yaml.safe_load((tmp_path / "lookups.yml").read_text("utf-8"))["nlu"]}
    assert {"organisation", "loan_app", "remote_control_app"} <= lookups
    synonyms = {x["synonym"] for x in yaml.safe_load((tmp_path / "synonyms.yml").read_text("utf-8"))["nlu"]}
    assert {"alipay", "jiebei"} <= synonyms
    words = (tmp_path / "jieba" / "userdict.txt").read_text("utf-8").splitlines()
    assert "借呗 1000" in words and "向日葵 1000" in words


def test_python310_finder_skips_broken_shims(tmp_path, monkeypatch):
    import importlib
    import os

    cli_rasa = importlib.import_module("bot.cli.rasa")  # bot.cli.rasa is also the name of the click group

    shim = tmp_path / "bin" / "python3.10"
    shim.parent.mkdir()
    shim.write_text("#!/bin/sh\necho 'pyenv: python3.10: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "no-pyenv"))
    found = cli_rasa.find_python310()
    assert found != str(shim)


def test_train_skips_when_the_model_was_trained_from_the_same_data(tmp_path, monkeypatch):
    """CI keeps .venv-rasa and models/ between runs: training again is needed only for new data."""
    import importlib
    import subprocess

    from click.testing import CliRunner

    from bot.cli import main

    rasa_cli = importlib.import_module("bot.cli.rasa")  # the module (bot.cli's attribute is the command group)

    env = tmp_path / "venv-rasa"
    (env / "bin").mkdir(parents=True)
    (env / "bin" / "rasa").write_text("#!/bin/sh\n")
    monkeypatch.setenv("CALLCHECK_RASA_ENV", str(env))
    model = tmp_path / "models" / "callcheck-nlu.tar.gz"
    monkeypatch.setattr(rasa_cli, "model_path", lambda: model)
    monkeypatch.setattr(rasa_cli, "ROOT", tmp_path)
    monkeypatch.setattr(rasa_cli, "DATA", tmp_path / "rasa_data")
    (tmp_path / "config.yml").write_bytes((COMMITTED.parent.parent / "config.yml").read_bytes())
    trained = []

    def fake_rasa(cmd, **kwargs):  # stands in for `rasa train nlu`: writes a model
        trained.append(cmd)
        model.parent.mkdir(exist_ok=True)
        model.write_bytes(b"model")
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(rasa_cli.subprocess, "run", fake_rasa)
    runner = CliRunner()
    runs = []
    for extra in ([], [], ["--force"]):
        result = runner.invoke(main, ["rasa", "train", *extra])
        assert result.exit_code == 0, result.output
        runs.append(len(trained))
    assert runs == [1, 1, 2]  # trained, then current (not retrained), then forced
    assert "current" in runner.invoke(main, ["rasa", "train"]).output
    # another pipeline in config.yml: trained again
    (tmp_path / "config.yml").write_text("pipeline: []\n")
    result = runner.invoke(main, ["rasa", "train"])
    assert result.exit_code == 0, result.output
    assert len(trained) == 3
