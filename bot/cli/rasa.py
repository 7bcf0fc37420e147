"""`callcheck rasa …`: export training data, set up the Python 3.10 environment, train, serve.

Rasa Open Source 3.6 runs only on Python 3.10 and pins packages that clash with the bot's, so it
lives in its own virtual environment (default .venv-rasa) and is reached over HTTP.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click

from ..app import App

pass_app = click.make_pass_decorator(App)

ROOT = Path(__file__).resolve().parents[2]  # the project folder: config.yml lives here
DATA = ROOT / "nlu" / "rasa_data"
RASA_VERSION = "3.6.21"
MODEL_NAME = "callcheck-nlu"


def rasa_env() -> Path:
    """Where the Rasa environment lives ($CALLCHECK_RASA_ENV, default .venv-rasa in the project)."""
    return Path(os.environ.get("CALLCHECK_RASA_ENV") or ROOT / ".venv-rasa")


def find_python310() -> str | None:
    """A working Python 3.10: python3.10 on PATH, else one installed through pyenv.

    A pyenv shim on PATH only works when 3.10 is the active version, so every candidate is run
    once to check that it really is Python 3.10.
    """
    candidates: list[str] = []
    found = shutil.which("python3.10")
    if found:
        candidates.append(found)
    roots = [os.environ.get("PYENV_ROOT"), str(Path.home() / ".pyenv")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            roots.insert(0, subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout.strip())
    for root in filter(None, roots):
        candidates += sorted(glob.glob(os.path.join(root, "versions", "3.10*", "bin", "python3.10")), reverse=True)
    for candidate in candidates:
        if _is_python310(candidate):
            return candidate
    return None


def _is_python310(exe: str) -> bool:
    try:
        out = subprocess.run(
            [exe, "-c", "import sys; print(sys.version_info[:2] == (3, 10))"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == "True"


def installed_rasa_version() -> str | None:
    """The Rasa version installed in the environment, read from its package metadata (no import)."""
    found = sorted(rasa_env().glob("lib/python3*/site-packages/rasa-*.dist-info"))
    return found[-1].name.removeprefix("rasa-").removesuffix(".dist-info") if found else None


RASA_REQUIREMENTS = (f"rasa=={RASA_VERSION}", "jieba>=0.42")
INSTALLER = ROOT / "tools" / "install.py"


def install_command(env: Path, python: str, requirements: Path) -> list[str]:
    """The project's installer (tools/install.py: uv, pip where uv cannot be had or fails, as
    `make run` installs; CALLCHECK_INSTALLER chooses) filling the Rasa environment `env`, made by
    `python` without pip: that Python's own pip installs uv into it when needed."""
    return [sys.executable, str(INSTALLER), str(env), "-r", str(requirements), "--bootstrap", python]


def rasa_exe() -> Path:
    return rasa_env() / "bin" / "rasa"


def model_path() -> Path:
    return ROOT / "models" / f"{MODEL_NAME}.tar.gz"


def rasa_environ() -> dict:
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"  # no telemetry, ever
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


@click.group()
def rasa() -> None:
    """The Rasa NLU backend: export, setup, train, serve."""


@rasa.command(name="export")
@click.option("--out", type=click.Path(file_okay=False), default=str(DATA), show_default=True)
@pass_app
def export_(app: App, out: str) -> None:
    """Generate Rasa training data from knowledge/ (deterministic; never edit it by hand)."""
    from knowledge import load_knowledge
    from nlu.rasa_export import export

    # The reviewed files only: approved additions reach the files (and so Rasa) through export-additions.
    for path in export(load_knowledge(app.settings.kb_dir), Path(out)):
        click.echo(f"wrote {path}")


@rasa.command()
def setup() -> None:
    """Create the Python 3.10 environment with Rasa (python3.10 on PATH or through pyenv)."""
    python = find_python310()
    if python is None:
        raise click.ClickException(
            "no Python 3.10 found (looked for python3.10 on PATH and in pyenv's versions); "
            "install one, e.g. `pyenv install 3.10`"
        )
    env = rasa_env()
    if rasa_exe().exists() and installed_rasa_version() == RASA_VERSION:
        click.echo(f"Rasa {RASA_VERSION} environment already present: {env}")
        return
    if env.exists():
        click.echo(f"{env} holds another Rasa version ({installed_rasa_version() or 'none'}): building it again")
        shutil.rmtree(env, ignore_errors=True)
    click.echo(f"creating {env} with {python} (Rasa {RASA_VERSION}; this downloads TensorFlow and takes minutes)")
    try:
        subprocess.run([python, "-m", "venv", "--without-pip", str(env)], check=True)
        wanted = env / "callcheck-rasa-requirements.txt"  # kept beside it: what the environment was built from
        wanted.write_text("".join(f"{r}\n" for r in RASA_REQUIREMENTS), encoding="utf-8")
        subprocess.run(install_command(env, python, wanted), check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(env, ignore_errors=True)  # no half-built environment left behind
        raise click.ClickException(f"could not set up the Rasa environment: {exc}") from exc
    click.echo("done")


def training_hash() -> str:
    """SHA-256 of what a model is trained from: the exported data, config.yml and the Rasa version."""
    h = hashlib.sha256(f"rasa {RASA_VERSION}\0".encode())
    h.update(b"config.yml\0" + (ROOT / "config.yml").read_bytes() + b"\0")
    for path in sorted(p for p in DATA.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(DATA)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def stamp_path() -> Path:
    """Beside the model: the training hash it was built from (a model for other data is retrained)."""
    return model_path().with_name(f"{MODEL_NAME}.sha256")


@rasa.command()
@click.option("--force", is_flag=True, help="Train even when the model matches the data already.")
@pass_app
def train(app: App, force: bool) -> None:
    """Export the training data and train the NLU model into models/callcheck-nlu.tar.gz.

    Skipped when the model was trained from exactly this data, config and Rasa version (their
    hash is kept beside the model), so CI retrains only when the knowledge changed."""
    from nlu.rasa_export import export

    if not rasa_exe().exists():
        raise click.ClickException("the Rasa environment is missing: run `callcheck rasa setup` first")
    from knowledge import load_knowledge

    export(load_knowledge(app.settings.kb_dir), DATA)  # the reviewed files, as committed
    wanted = training_hash()
    stamp = stamp_path()
    if not force and model_path().exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        click.echo(f"{model_path()} is current (trained from this data, hash {wanted[:12]}): not retrained")
        return
    stamp.unlink(missing_ok=True)
    start = time.perf_counter()
    cmd = [
        str(rasa_exe()),
        "train",
        "nlu",
        "--config",
        "config.yml",
        "--nlu",
        str(DATA.relative_to(ROOT)),
        "--out",
        "models",
        "--fixed-model-name",
        MODEL_NAME,
    ]
    result = subprocess.run(cmd, cwd=ROOT, env=rasa_environ())
    if result.returncode != 0:
        raise click.ClickException(f"rasa train failed (exit {result.returncode})")
    stamp.write_text(wanted + "\n")
    click.echo(f"trained {model_path()} in {time.perf_counter() - start:.0f} s")


@rasa.command()
@click.option("--port", type=int, default=5005, show_default=True)
def serve(port: int) -> None:
    """Run the Rasa NLU server on 127.0.0.1 (HTTP API, telemetry off)."""
    if not rasa_exe().exists() or not model_path().exists():
        raise click.ClickException(
            "no Rasa environment or model: run `callcheck rasa setup` and `callcheck rasa train`"
        )
    cmd = server_command(port)
    click.echo(f"serving {model_path().name} on http://127.0.0.1:{port}", err=True)
    sys.exit(subprocess.call(cmd, cwd=ROOT, env=rasa_environ()))


def server_command(port: int) -> list[str]:
    """The command line that starts the Rasa server on loopback."""
    return [
        str(rasa_exe()),
        "run",
        "--enable-api",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--model",
        str(model_path()),
        "--quiet",
    ]
