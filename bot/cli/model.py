"""`callcheck model …`: train and inspect the wording model (nlu/wording.py) and the English SMS
model (nlu/sms_model.py).

The licence rule: the shipped wording model is trained only on Apache-2.0 rows, the English SMS
model only on rows whose licence starts with `train+eval` (CC BY 4.0), each plus the knowledge
files' own examples. Rows of any other licence in the input are skipped and counted, never used.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from nlu import sms_model
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
        rows.extend((ex.text, ex.expect in ("scam", "suspicious")) for ex in script.examples)
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
@click.option("--en-path", type=click.Path(dir_okay=False), default=str(sms_model.MODEL_PATH), show_default=True)
def info_cmd(path: str, en_path: str) -> None:
    """Show what the stored models (Chinese wording, English SMS) were trained on."""
    try:
        m = WordingModel.load(Path(path))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc
    if m is None:
        raise click.ClickException(f"no model at {path}; run 'callcheck model train CORPUS.jsonl'")
    out: dict = {"wording (zh)": {"threshold": m.threshold, **m.meta}}
    try:
        en = sms_model.SmsModel.load(Path(en_path))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read {en_path}: {exc}") from exc
    if en is None:
        out["sms (en)"] = f"no model at {en_path}; run 'callcheck model train-en CORPUS.jsonl'"
    else:
        out["sms (en)"] = {"intercept": en.intercept, "platt": {"a": en.a, "b": en.b}, **en.meta}
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@model.command("train-en")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=str(sms_model.MODEL_PATH), show_default=True)
@click.option("--c", "c", type=float, default=None, help="Inverse L2 regularisation (default 10).")
@click.option("--keep", type=int, default=None, help="N-grams kept after pruning (default 12000).")
@pass_app
def train_en_cmd(app: App, corpus: str, out: str, c: float | None, keep: int | None) -> None:
    """Train the English SMS model on CORPUS.jsonl rows licensed train+eval plus the English knowledge examples.

    Labels: scam → scam, benign → everyday; illegal_ad (marketing spam) is left out. Each
    near-duplicate cluster counts once. Needs scikit-learn (the `test` extra); the bot does not.
    """
    try:
        from nlu import sms_train
    except ImportError as exc:
        raise click.ClickException(f"training needs scikit-learn: pip install -e '.[test]' ({exc})") from exc
    from nlu.analyzer import detect_language

    errors: list[str] = []

    def rows():
        with open(corpus, "rb") as f:
            for r in read_jsonl(f):
                if "__error__" in r:
                    errors.append(r["__error__"])
                    continue
                yield r

    samples, count = sms_train.licensed_samples(rows())
    for e in errors[:20]:
        click.echo(e, err=True)
    from_corpus = len(samples)
    if not from_corpus:
        raise click.ClickException(
            f"no usable rows licensed train+eval in {corpus} ({count.other_licence} rows of other licences, "
            f"{count.illegal_ad} illegal_ad, {count.unlabelled} without a label or text); nothing written"
        )
    knowledge: list[tuple[str, bool]] = [
        (ex.text, ex.expect in ("scam", "suspicious")) for script in app.kb.scripts.values() for ex in script.examples
    ]
    knowledge += [(text, False) for text in app.kb.genuine]
    for k, (text, scam) in enumerate(knowledge):
        if detect_language(text) == "en":
            samples.append(sms_train.Sample(text, scam, 1.0, f"knowledge:{k}"))
    options = {"c": c if c is not None else sms_train.DEFAULT_C, "keep": keep or sms_train.DEFAULT_KEEP}
    meta = {
        "source": Path(corpus).name,
        "licence": "train+eval rows (CC BY 4.0: Mendeley SMS Phishing, UCI SMS Spam) + knowledge examples",
        "corpus_texts": from_corpus,
        "knowledge_texts": len(samples) - from_corpus,
        "illegal_ad": "left out",
    }
    try:
        result, oof = sms_train.fit(samples, meta=meta, **options)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    result.save(Path(out))
    click.echo(
        f"trained on {from_corpus} distinct texts from {count.clusters} near-duplicate clusters licensed train+eval "
        f"and {len(samples) - from_corpus} English knowledge examples; skipped {count.other_licence} rows of other "
        f"licences, {count.illegal_ad} illegal_ad rows, {count.duplicate_text} repeated texts, "
        f"{count.unlabelled} rows without a usable label or text; {result.meta['features']} n-grams -> {out}"
    )
    click.echo(_cv_report(samples, oof, result))


def _cv_report(samples, oof, result) -> str:
    """Out-of-fold recall and false flags by near-duplicate cluster, at several probability thresholds."""
    import math

    def line(t: float, keep) -> str:
        rate: dict[bool, dict[str, list[float]]] = {True: {}, False: {}}
        for s, d in zip(samples, oof, strict=True):
            if keep(s):
                p = 1.0 / (1.0 + math.exp(-(result.a * d + result.b)))
                rate[s.scam].setdefault(s.group, []).append(float(p >= t))
        rec = [sum(v) / len(v) for v in rate[True].values()]
        ff = [sum(v) / len(v) for v in rate[False].values()]
        return (
            f"scam recall {sum(rec) / max(1, len(rec)):.4f} ({len(rec)} clusters), "
            f"false flags {sum(ff) / max(1, len(ff)):.4f} ({len(ff)} clusters)"
        )

    lines = ["cross-validation by near-duplicate cluster (each cluster once), out of fold:"]
    for t in (0.3, 0.5, 0.7, 0.9):
        lines.append(f"  p >= {t}: corpus rows: {line(t, lambda s: not s.group.startswith('knowledge:'))}")
        lines.append(f"  {'':9} knowledge examples: {line(t, lambda s: s.group.startswith('knowledge:'))}")
    return "\n".join(lines)
