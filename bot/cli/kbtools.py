"""`callcheck kb test` (the regression gate), `kb export-additions`, and the Rasa-export freshness check."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from knowledge import KnowledgeError, default_root, load_knowledge
from knowledge.model import KnowledgeBase

from ..app import App

pass_app = click.make_pass_decorator(App)


@click.command(name="test")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--update-baseline", is_flag=True, help="Accept the current results as the new baseline.")
@click.option("--verbose", "-v", is_flag=True, help="Also list cases that got better and new cases.")
@click.option("--files-only", is_flag=True, help="Test the files alone, without the live additions in the database.")
@pass_app
def kb_test(app: App, directory: str | None, update_baseline: bool, verbose: bool, files_only: bool) -> None:
    """Run every example, genuine message and regression case; fail when any got worse than the baseline.

    What is tested is what is served: the files plus the additions approved in the database (`--db`),
    named in the output; `--files-only` tests the files alone (and `--update-baseline` always does).
    """
    from knowledge.additions import Overlay
    from nlu.analyzer import Analyzer
    from nlu.regression import (
        BASELINE_FILE,
        REGRESSION_FILE,
        all_cases,
        compare,
        load_regression,
        read_baseline,
        write_baseline,
    )
    from nlu.regression import run as run_cases

    root = Path(directory) if directory else default_root()
    live = [] if files_only or update_baseline else live_additions(app)
    overlay = Overlay(live)
    try:
        kb = load_knowledge(root, overlay if live else None)
    except KnowledgeError as exc:
        for p in exc.problems:
            click.echo(f"ERROR {p}", err=True)
        raise SystemExit(1) from None
    regression, problems = load_regression(root / REGRESSION_FILE)
    for p in problems:
        click.echo(f"ERROR {p}", err=True)
    if problems:
        raise SystemExit(1)
    if live:
        regression = regression + additions_as_cases(live)
        applied = [a for a in live if a.id in overlay.applied or a.kind == "regression"]
        names = ", ".join(f"a{a.id} ({a.kind} {a.target})" for a in applied) or "none apply"
        click.echo(f"with {len(live)} live addition(s) from {app.settings.db_path}: {names}")
        for aid, why in overlay.failed.items():
            click.echo(f"ERROR live addition a{aid} does not apply: {why}", err=True)
        if overlay.failed:
            raise SystemExit(1)
    else:
        click.echo("the files alone (no live additions)" if files_only or update_baseline else "no live additions")
    cases = all_cases(kb, regression)
    results = run_cases(cases, Analyzer(kb).analyze)
    baseline_path = root / BASELINE_FILE
    if update_baseline:
        write_baseline(baseline_path, cases, results)
        click.echo(f"wrote {baseline_path} ({len(cases)} cases)")
        return
    if not baseline_path.exists():
        raise click.ClickException(f"no baseline at {baseline_path}: run `callcheck kb test --update-baseline`")
    report = compare(cases, results, read_baseline(baseline_path))
    for line in report.worse:
        click.echo(f"WORSE {line}", err=True)
    if verbose:
        for line in report.better:
            click.echo(f"better {line}")
        for line in report.new:
            click.echo(f"new {line}")
    summary = (
        f"{len(cases)} cases: {len(report.worse)} worse, {len(report.better)} better, "
        f"{len(report.new)} new, {report.removed} removed since the baseline"
    )
    if report.worse:
        click.echo(
            f"FAILED {summary}. Fix the knowledge, or if the change is intended, run "
            "`callcheck kb test --update-baseline` and commit knowledge/baseline.json.",
            err=True,
        )
        raise SystemExit(1)
    hint = " (run with --update-baseline to record them)" if report.better or report.new or report.removed else ""
    click.echo(f"ok: {summary}{hint}")


def live_additions(app: App) -> list:
    """The additions being served from the database (none when the database file does not exist)."""
    if not Path(app.settings.db_path).exists():
        return []
    from ..store.review import ReviewStore

    return ReviewStore(app.store).additions("approved")


def additions_as_cases(additions) -> list:
    """Live regression additions as regression cases (the rest reach the cases through the knowledge)."""
    from nlu.regression import Case, _key

    return [
        Case(
            _key("reg", a.value["text"]),
            f"live a{a.id}",
            a.value["text"],
            a.value["expect"],
            tuple(a.value.get("scripts") or ()),
        )
        for a in additions
        if a.kind == "regression"
    ]


def reverted_in_files(root: Path, reverted) -> list[tuple[int, str]]:
    """Reverted additions that an earlier export already wrote into the files: (id, file)."""
    import copy

    import yaml

    from knowledge.additions import PatchError, apply_one, file_of

    out = []
    for a in reverted:
        rel = file_of(a.kind, a.target)
        path = Path(root) / rel
        try:
            data = yaml.safe_load(path.read_text("utf-8")) if path.exists() else None
            if data is not None and not apply_one(copy.deepcopy(data), a):
                out.append((a.id, rel))
        except (OSError, yaml.YAMLError, PatchError, KeyError, TypeError):
            continue
    return out


@click.command(name="export-additions")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the patch here.")
@pass_app
def export_additions(app: App, out: str | None) -> None:
    """Write the live additions as a patch to the knowledge files (apply with `git apply`).

    Only what is served now is exported: reverted, rejected and waiting additions are not.
    """
    from knowledge.additions import patch

    from ..store.review import ReviewStore

    root = Path(app.settings.kb_dir) if app.settings.kb_dir else default_root()
    additions = ReviewStore(app.store).additions("approved")
    diff, done, failed = patch(root, additions)
    if out:
        Path(out).write_text(diff, encoding="utf-8")
    elif diff:
        click.echo(diff, nl=False)
    for aid, why in failed.items():
        click.echo(f"NOT EXPORTED a{aid}: {why}", err=True)
    for aid, rel in reverted_in_files(root, ReviewStore(app.store).additions("reverted")):
        click.echo(f"REVERTED a{aid} is still in {rel} (merged before it was reverted): remove it by hand", err=True)
    skipped = len(additions) - len(done) - len(failed)
    where = f" to {out}" if out else ""
    click.echo(
        f"{len(done)} addition(s) exported{where}; {skipped} already in the files. Apply from the folder above "
        f"{root.name}/ with `git apply PATCH`, then run `callcheck kb validate --fix` and `callcheck kb test`.",
        err=True,
    )
    if failed:
        raise SystemExit(1)


def rasa_export_stale(kb: KnowledgeBase) -> list[str]:
    """Generated Rasa files that no longer match the knowledge (empty when current)."""
    from nlu.rasa_export import export

    from .rasa import DATA

    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in export(kb, Path(tmp)):
            rel = path.relative_to(tmp)
            committed = DATA / rel
            if not committed.exists() or committed.read_bytes() != path.read_bytes():
                stale.append(str(Path("nlu/rasa_data") / rel))
    return stale


def fix_rasa_export(kb: KnowledgeBase) -> list[Path]:
    """Regenerate nlu/rasa_data/ from the knowledge."""
    from nlu.rasa_export import export

    from .rasa import DATA

    return export(kb, DATA)
