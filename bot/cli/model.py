"""`callcheck model …`: train and inspect the wording model (nlu/wording.py).

The licence rule: the shipped model is trained only on Apache-2.0 rows and the knowledge files'
own examples. Rows of any other licence in the input are skipped and counted, never used.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from nlu.wording import MODEL_PATH, WordingModel, train

from ..app import App
from ..jsonlines import read_jsonl

pass_app = click.make_pass_decorator(App)

ALLOWED_LICENCE = "apache-2.0"
DEFAULT_THRESHOLD = 2.0  # chosen on dev.jsonl's research-only rows, which are used to measure, not to train


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def model() -> None:
    """Train or inspect the wording model (a second opinion on wording; rules decide first)."""


@model.command("train")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=str(MODEL_PATH), show_default=True)
@click.option(
    "--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True, help="Score to call wording scam-like."
)
@pass_app
def train_cmd(app: App, corpus: str, out: str, threshold: float) -> None:
    """Train on CORPUS.jsonl rows licensed Apache-2.0 (labels scam/benign) plus the knowledge examples."""
    rows: list[tuple[str, bool]] = []
    seen: set[str] = set()
    skipped_licence = 0
    with open(corpus, "rb") as f:
        for r in read_jsonl(f):
            if "__error__" in r:
                click.echo(r["__error__"], err=True)
                continue
            if not str(r.get("license", "")).lower().startswith(ALLOWED_LICENCE):
                skipped_licence += 1
                continue
            if r.get("label") not in ("scam", "benign") or not isinstance(r.get("text"), str):
                continue
            cluster = str(r.get("dup_cluster") or r.get("id") or len(seen))
            if cluster in seen:
                continue
            seen.add(cluster)
            rows.append((r["text"], r["label"] == "scam"))
    from_corpus = len(rows)
    for script in app.kb.scripts.values():
        rows.extend((ex.text, ex.expect != "no_scam_signs") for ex in script.examples)
    rows.extend((text, False) for text in app.kb.genuine)
    try:
        result = train(
            rows,
            threshold,
            meta={"source": Path(corpus).name, "licence": "Apache-2.0 rows + knowledge examples"},
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    result.save(Path(out))
    click.echo(
        f"trained on {from_corpus} Apache-2.0 rows (one per near-duplicate cluster) and "
        f"{len(rows) - from_corpus} knowledge examples; skipped {skipped_licence} rows of other licences; "
        f"{result.meta['features']} features -> {out}"
    )


@model.command("info")
@click.option("--path", type=click.Path(dir_okay=False), default=str(MODEL_PATH), show_default=True)
def info_cmd(path: str) -> None:
    """Show what the stored model was trained on."""
    try:
        m = WordingModel.load(Path(path))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc
    if m is None:
        raise click.ClickException(f"no model at {path}; run 'callcheck model train CORPUS.jsonl'")
    click.echo(json.dumps({"threshold": m.threshold, **m.meta}, ensure_ascii=False, indent=2))
