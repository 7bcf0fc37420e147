"""The `callcheck` command. Library errors become click errors here, at the edge, and nowhere else."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import unicodedata
from pathlib import Path

import click

from knowledge import KnowledgeError, default_root, load_knowledge
from knowledge.model import KnowledgeBase

from ..app import App, ConfigError, Settings


class CliApp(App):
    """The App, with library errors turned into click errors: the CLI's edge."""

    @property
    def kb(self) -> KnowledgeBase:
        try:
            return super().kb
        except KnowledgeError as exc:
            raise click.ClickException(f"{exc}\nRun 'callcheck kb validate' after fixing the file(s).") from exc

    @property
    def region(self) -> str:
        try:
            return super().region
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from exc

    @property
    def store(self):
        from ..store import StoreError

        try:
            return super().store
        except (StoreError, OSError, sqlite3.Error) as exc:
            raise click.ClickException(f"cannot open the database {self.settings.db_path}: {exc}") from exc


pass_app = click.make_pass_decorator(App, ensure=False)


class CheckedGroup(click.Group):
    """The top-level group: arguments that are not valid UTF-8 get a clear message, not a traceback."""

    def main(self, args=None, *rest, **kwargs):
        argv = sys.argv[1:] if args is None else list(args)
        for i, arg in enumerate(argv, 1):
            if isinstance(arg, str) and not _is_utf8(arg):
                message = f"argument {i} is not valid UTF-8 text; pass options and text as UTF-8"
                if kwargs.get("standalone_mode", True):
                    click.echo(f"Error: {message}", err=True)
                    sys.exit(2)
                raise click.UsageError(message)
        return super().main(argv, *rest, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:  # a locked, read-only or damaged database: say which and what to do
            app = ctx.find_object(App)
            raise click.ClickException(database_problem(exc, app.settings.db_path if app else None)) from exc


def database_problem(exc: sqlite3.Error, path) -> str:
    """What went wrong with the database file, and what to do, instead of SQLite's traceback."""
    where = f"the database {path}" if path else "the database"
    said = str(exc).lower()
    if "locked" in said or "busy" in said:
        from ..store.core import BUSY_TIMEOUT

        return (
            f"{where} is busy: another process (the bot, the server, another callcheck command or sqlite3) "
            f"kept it locked for {BUSY_TIMEOUT:g} s, so this command's change was not written. Run it again "
            "when that process is done."
        )
    if "readonly" in said or "read-only" in said:
        return (
            f"{where} is read-only (the file's or its folder's permissions, or a read-only disk): this "
            "command's change was not written. Make it writable for this account, or give another file with --db."
        )
    if "malformed" in said or "not a database" in said or "disk i/o" in said:
        return f"{where} cannot be read ({exc}): restore it from a backup, or give another file with --db."
    return f"{where}: {exc}"


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")  # bytes that were not UTF-8 arrive as lone surrogates (surrogateescape)
    except UnicodeEncodeError:
        return False
    return True


@click.group(cls=CheckedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--kb",
    "kb_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Knowledge folder (default: the shipped one, or $CALLCHECK_KB).",
)
@click.option("--region", default=None, help="Default phone region, e.g. CN (or $CALLCHECK_REGION).")
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite database file (default: $CALLCHECK_DB or ./callcheck.db), created on first use.",
)
@click.version_option(package_name="callcheck")
@click.pass_context
def main(ctx: click.Context, kb_dir: str | None, region: str | None, db: str | None) -> None:
    """callcheck: is this caller or message a fake customer-service / courier scam?"""
    try:
        settings = Settings.from_env(kb_dir, region, db)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    ctx.obj = CliApp(settings)
    ctx.call_on_close(ctx.obj.close)


@main.command()
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Reply language.")
@click.option(
    "--image",
    "image",
    type=click.Path(dir_okay=False),
    default=None,
    help="Read the text of a screenshot (on-device OCR) and check it.",
)
@click.option("--region", "help_region", default=None, help="Where you are, for help contacts (e.g. HK, UK).")
@pass_app
def check(
    app: App, text: str | None, as_json: bool, lang: str | None, image: str | None, help_region: str | None
) -> None:
    """Check one account or forwarded message (TEXT, - to read standard input, or --image FILE)."""
    from bot.conversation.emergency import region_of_check, writing_of
    from bot.conversation.report import compose_report, reply_language

    read_from = None
    if image:
        from nlu.ocr import OcrError

        try:
            read_from = app.ocr.read_text(image)
        except OcrError as exc:
            raise click.ClickException(f"cannot read {image}: {exc}") from exc
        text = "\n".join(x for x in (text, read_from) if x and x != "-")
    elif text == "-":
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    from ..blank import is_blank

    if is_blank(text):  # empty, spaces, or only zero-width and other invisible characters
        if image:
            raise click.UsageError("nothing read from the picture: try a sharper screenshot, or type the message")
        raise click.UsageError(
            "nothing to check: give what the caller said or sent, e.g. callcheck check '我是淘宝客服，您的快递丢了…'"
        )
    if not image and not as_json:  # as the chat reads them: a number alone, or symbols without words
        from bot.conversation.engine import _BARE_NUMBER, _has_words

        narrow = unicodedata.normalize("NFKC", text) if len(text) <= 64 else text  # １３８… is 138…
        if _BARE_NUMBER.match(narrow) and sum(ch.isdigit() for ch in narrow) >= 3:
            from .numbers import check as number_check

            click.echo("(a number alone: what is known about it, as `callcheck number check` says)", err=True)
            click.get_current_context().invoke(
                number_check, numbers=(narrow.strip(),), org=None, as_json=False, lang=lang, region_name=help_region
            )
            return
        if not _has_words(narrow) and not any(ch.isdigit() for ch in narrow):
            raise click.UsageError(
                "nothing to check: only symbols or emoji, no words; give what the caller said or sent, "
                "or their number alone"
            )
    setting = None
    if help_region:
        from ..names import UnknownRegion, resolve_region

        try:  # the one resolver every entry point uses (UK -> GB, any case and spacing)
            setting = resolve_region(app.kb, help_region).id
        except UnknownRegion as exc:
            raise click.UsageError(str(exc)) from None
    result = app.analyzer.analyze(text, region=setting) if setting else app.analyzer.analyze(text)
    _count_check(app, result, setting)
    from bot.conversation.emergency import situation_for

    situation = situation_for(app.kb, text, result.verdict)  # as the chat and the API read it
    if as_json:
        out = result.to_dict()
        if image:
            out["ocr_text"] = read_from
        out["situation"] = situation.to_dict()
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    reply_lang = reply_language(result, lang)
    region = region_of_check(app.kb, result, text, setting=setting, lang=reply_lang)
    if image:
        from bot.conversation.report import texts

        click.echo(texts(reply_lang)["chat"]["image_read"].format(text=" ".join((read_from or "").split())) + "\n")
    from bot.conversation.emergency import script_of, urgent_reply
    from bot.conversation.strings import in_script

    script = script_of(text) if reply_lang == "zh" else None
    if script and region is not None and writing_of(region.region.id):
        script = writing_of(region.region.id)  # Traditional, in Hong Kong's or Taiwan's wording

    if situation.urgent and region is not None:  # the same first screen as the chat: the action, the steps
        for screen in urgent_reply(app.kb, situation, region, reply_lang):
            click.echo(in_script(screen, script) + "\n")
        if result.verdict in ("no_scam_signs", "matches_genuine"):
            # "no scam signs" or "this matches the real process" would contradict the steps above (a
            # person who paid a "customs fee" through a link is a victim, whatever the notice looked like).
            return
    urgent = bool(situation.urgent and region is not None)
    report = compose_report(
        result,
        app.kb,
        lang,
        region=region,
        given=situation.given,
        urgent=urgent,
        text=text,
        ongoing=situation.ongoing,
        situation=situation,
    )
    click.echo(in_script(report, script, (text,)))  # the person's words quoted as they wrote them


def _count_check(app: App, result, region: str | None = None) -> None:
    """One aggregate trend row per checked account (script, organisation, verdict, and the region
    the person gave with --region, so `trends --region` counts it; no text)."""
    try:
        app.trends.record_analysis(result, region)
    except Exception as exc:  # the person asking must get their answer regardless
        click.echo(f"(trend row not recorded: {type(exc).__name__})", err=True)


WORKERS = click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes analysing in parallel (0: one per core); the output keeps the input's order.",
)
STATS = click.option(
    "--stats",
    is_flag=True,
    help="At the end, print on stderr the rows, seconds and CPU of this process and of each worker.",
)


@main.command()
@click.option(
    "--jsonl",
    "source",
    metavar="[FILE|-]",
    default="-",
    show_default=True,
    help='JSON Lines input, one {"id", "text"} per line.',
)
@WORKERS
@STATS
@pass_app
def analyze(app: App, source: str, workers: int, stats: bool) -> None:
    """Analyse many accounts: JSON Lines in, one JSON result per line out."""
    from collections import deque

    from bot.batch import BatchError, BatchStats, Progress, RowError, analyze_many, json_line
    from bot.jsonlines import read_jsonl

    refused = failed = 0
    progress = Progress("analyze")
    measured = BatchStats()
    out = sys.stdout  # written in blocks (a terminal's is line-buffered), not flushed line by line as click.echo does
    with _open_binary(source) as stream:
        rows = read_jsonl(stream, strings=("text",))
        about: deque[dict] = deque()  # for each row on its way: why it was refused, or its line number and id

        def items():
            for row in rows:
                if "__error__" in row:
                    about.append({"id": row.get("id"), "line": row["__line__"], "error": row["__error__"]})
                    yield None, None
                else:
                    about.append({"id": row.get("id"), "line": row["__line__"]})
                    yield row.get("id"), row["text"]

        def error_line(note: dict, error: str) -> str:
            # In the refused line's place, so output line N is always input record N.
            return json.dumps({"id": note["id"], "line": note["line"], "error": error}, ensure_ascii=False)

        try:
            for line, _ms in analyze_many(app, items(), workers, render=json_line, stats=measured):
                note = about.popleft()
                if line is None:
                    refused += 1
                    click.echo(note["error"], err=True)
                    out.write(error_line(note, note["error"]) + "\n")
                elif isinstance(line, RowError):
                    failed += 1
                    click.echo(f"line {note['line']}: {line}; an error object in its place", err=True)
                    out.write(error_line(note, f"line {note['line']}: {line}") + "\n")
                else:
                    out.write(line + "\n")
                    progress.tick()
        except BatchError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            out.flush()
    progress.done()
    if stats:
        _print_stats("analyze", measured)
    if refused or failed:
        parts = [
            f"{refused} line(s) refused" if refused else "",
            f"{failed} line(s) could not be analysed" if failed else "",
        ]
        raise click.ClickException(
            " and ".join(p for p in parts if p) + " (named above; an error object stands in each one's place "
            "in the output: one output line per input record, blank lines being none); every other line was analysed"
        )


def _print_stats(what: str, measured) -> None:
    click.echo(f"{what}: {measured.summary()}", err=True)
    click.echo(f"{what} stats: {json.dumps(measured.as_dict())}", err=True)


@main.command(name="eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--scripts",
    "scripts_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help='JSON Lines with {"id", "scripts"} to join for script top-1/top-2.',
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--backend",
    type=click.Choice(["embedded", "rasa", "combined"]),
    default=None,
    help="Analyzer backend (default: $CALLCHECK_BACKEND or embedded).",
)
@click.option(
    "--gate",
    "gate_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="YAML of committed thresholds (see tests/quality_gate.yml): exit 1 when a figure falls below.",
)
@click.option(
    "--blind",
    "part",
    flag_value="blind",
    default=None,
    help="Measure only the blind part (rows split by their source's host; aggregates only, never rows).",
)
@click.option("--readable", "part", flag_value="readable", help="Measure only the part you may read.")
@click.option(
    "--misses",
    is_flag=True,
    help="Also print the readable rows that were missed or falsely flagged (never a row of the blind part).",
)
@WORKERS
@STATS
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Keep the figures in this folder, keyed by a hash of the file, the knowledge, the code and the "
    "installed packages; a later run with all of them unchanged reads them instead of analysing again.",
)
@pass_app
def eval_command(
    app: App,
    files: tuple[str, ...],
    scripts_file: str | None,
    as_json: bool,
    backend: str | None,
    gate_file: str | None,
    part: str | None,
    misses: bool,
    workers: int,
    stats: bool,
    cache_dir: str | None,
) -> None:
    """Measure detection on labelled JSON Lines files (label: scam / benign / illegal_ad).

    Several files are measured as one set (e.g. accounts_dev.jsonl accounts_dev2.jsonl --blind).
    """
    from bot.jsonlines import read_jsonl
    from nlu.evaluate import account_label, is_blind

    if part == "blind" and misses:
        raise click.UsageError("--misses prints rows, and rows of the blind part are never printed")
    extra: dict[str, list[str]] = {}
    if scripts_file:
        with open(scripts_file, "rb") as fh:
            for row in read_jsonl(fh, require=("id", "scripts")):
                if "__error__" not in row:
                    extra[str(row["id"])] = list(row["scripts"])
    kept = {"rows": 0, "sourced": 0}

    def rows():
        for file in files:
            with open(file, "rb") as fh:
                for row in read_jsonl(fh, require=("text", "label")):
                    if "__error__" in row:
                        row["__error__"] = f"{os.path.basename(file)}: {row['__error__']}"
                        yield file, row
                        continue
                    kept["sourced"] += bool(row.get("source"))
                    if part is not None and is_blind(row) != (part == "blind"):
                        continue
                    kept["rows"] += 1
                    if "id" in row and str(row["id"]) in extra and not row.get("scripts"):
                        row["scripts"] = extra[str(row["id"])]
                    yield file, row

    if backend:
        app.settings.backend = backend
    kb = app.kb
    cached = key = None
    if cache_dir:
        import hashlib

        from bot.evalcache import EvalCache

        cache = EvalCache(Path(cache_dir))
        key = cache.key(app, [*files, *([scripts_file] if scripts_file else [])])
        if key and part:
            key = hashlib.sha256(f"{key}\0{part}".encode()).hexdigest()
        cached = None if misses else cache.get(key)
    if cached is not None:
        figures, text = cached
        click.echo(f"(figures from the cache {key[:12]}: file, knowledge, code and packages unchanged)", err=True)
    else:
        from collections import deque

        from bot.batch import BatchError, BatchStats, Progress, RowError, analyze_many
        from nlu.evaluate import evaluate_results, outcome_of

        progress = Progress("eval")
        measured = BatchStats()
        on_the_way: deque[tuple[str, dict]] = deque()  # rows sent to the analysis, in order (the rows in flight)
        failed: list[str] = []

        def texts():
            for file, row in rows():
                on_the_way.append((file, row))
                yield None, None if "__error__" in row else str(row.get("text", ""))

        def results():
            for result, ms in analyze_many(app, texts(), workers, render=outcome_of, stats=measured):
                file, row = on_the_way.popleft()
                progress.tick()
                if isinstance(result, RowError):
                    failed.append(f"{os.path.basename(file)}: line {row.get('__line__')}: {result}")
                    row = {"__error__": failed[-1]}
                yield row, result, ms

        try:
            report = evaluate_results(results(), lambda sid: account_label(sid, kb.scripts[sid].family))
        except BatchError as exc:
            raise click.ClickException(str(exc)) from exc
        progress.done()
        if part is not None and not kept["sourced"]:
            raise click.ClickException("no row has a `source` field: the blind split needs one (accounts sets have it)")
        if stats:
            _print_stats("eval", measured)
        figures, text = report.as_dict(), report.render()
        if part is not None:
            text += f"\n\n{part} part: {kept['rows']} rows (split by the host of `source`)"
        if failed:
            click.echo(text)
            raise click.ClickException(
                f"{len(failed)} row(s) could not be analysed, so these figures are incomplete: {failed[0]}"
                + (f" and {len(failed) - 1} more" if len(failed) > 1 else "")
            )
        if cache_dir and key:
            cache.put(key, figures, text)
    click.echo(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else text)
    if misses:
        _print_misses(files, app, extra)
    if gate_file:
        name = "+".join(os.path.basename(f) for f in files) + (f" {part}" if part else "")
        _apply_gate(figures, name, gate_file)


def _print_misses(files: tuple[str, ...], app: App, extra: dict[str, list[str]]) -> None:
    """Readable rows whose verdict is wrong (a scam not flagged, a genuine one flagged), one JSON line each."""
    from bot.jsonlines import read_jsonl
    from nlu.evaluate import FLAGGED, is_blind

    click.echo("\nreadable rows judged wrongly (blind rows are never printed):")
    for file in files:
        with open(file, "rb") as fh:
            for row in read_jsonl(fh, require=("text", "label")):
                if "__error__" in row or is_blind(row):
                    continue
                result = app.analyzer.analyze(str(row["text"]))
                wanted = row.get("scripts") or extra.get(str(row.get("id")), [])
                top = [s.id for s in result.scripts[:2]]
                wrong = (row["label"] == "scam") != (result.verdict in FLAGGED)
                if not wrong and not (row["label"] == "scam" and wanted and wanted[0] not in top):
                    continue
                out = {
                    "id": row.get("id"),
                    "label": row["label"],
                    "verdict": result.verdict,
                    "wanted": wanted,
                    "top": top,
                    "text": row["text"],
                }
                click.echo(json.dumps(out, ensure_ascii=False))


def _apply_gate(figures: dict, name: str, gate_file: str) -> None:
    """Compare the figures with the committed thresholds for this set; exit 1 naming each shortfall."""
    import yaml

    from nlu.evaluate import GateError, check_gate

    try:
        with open(gate_file, encoding="utf-8") as fh:
            gates = yaml.safe_load(fh) or {}
        thresholds = gates.get(name)
        if thresholds is None:
            raise click.ClickException(f"{gate_file} has no thresholds for {name!r}")
        checked, failures = check_gate(figures, thresholds)
    except (yaml.YAMLError, GateError) as exc:
        raise click.ClickException(f"{gate_file}: {exc}") from None
    click.echo(f"\nquality gate ({gate_file}): {checked} figures checked, {len(failures)} below the line")
    for line in failures:
        click.echo(f"  FAIL {line}")
    if failures:
        sys.exit(1)


@main.group()
def kb() -> None:
    """Work with the knowledge base."""


@kb.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--no-examples", is_flag=True, help="Skip running the scripts' examples.")
@click.option("--fix", is_flag=True, help="Regenerate what is generated from the knowledge (nlu/rasa_data/).")
def validate(directory: str | None, no_examples: bool, fix: bool) -> None:
    """Check every knowledge file; report file, line, field and fix; exit 1 on any problem."""
    from .kbtools import fix_rasa_export, rasa_export_stale

    try:
        kb_obj = load_knowledge(directory)
    except KnowledgeError as exc:
        for p in exc.problems:
            click.echo(f"ERROR {p}", err=True)
        raise SystemExit(1) from None
    failures = [] if no_examples else _example_failures(kb_obj)
    shipped = directory is None or Path(directory).resolve() == default_root().resolve()
    if shipped and fix:
        for path in fix_rasa_export(kb_obj):
            click.echo(f"regenerated {path}")
    elif shipped:
        failures += [
            f"{f}: is out of date with knowledge/ — fix: run `callcheck kb validate --fix`"
            for f in rasa_export_stale(kb_obj)
        ]
    for f in failures:
        click.echo(f"ERROR {f}", err=True)
    n_ind = len(kb_obj.indicators())
    n_ex = sum(len(s.examples) for s in kb_obj.scripts.values())
    if failures:
        raise SystemExit(1)
    click.echo(
        f"ok: {len(kb_obj.scripts)} scripts, {n_ind} indicators, {len(kb_obj.organisations)} "
        f"organisations, {len(kb_obj.apps)} apps, {n_ex} examples and {len(kb_obj.genuine)} genuine messages pass"
    )


def _example_failures(kb_obj: KnowledgeBase) -> list[str]:
    """Run each script's examples; an example that no longer gives its verdict is an error."""
    from nlu.analyzer import Analyzer

    analyzer = Analyzer(kb_obj)
    out = []
    for script in kb_obj.scripts.values():
        for k, ex in enumerate(script.examples):
            result = analyzer.analyze(ex.text)
            top = [m.id for m in result.scripts[:2]]
            if result.verdict != ex.expect:
                out.append(
                    f"{script.file}: examples[{k}]: expected '{ex.expect}' but the analyzer says "
                    f"'{result.verdict}' — fix: adjust phrases/weights, or the expectation if it was wrong"
                )
            elif ex.scripts and ex.scripts[0] not in top:
                out.append(
                    f"{script.file}: examples[{k}]: expected script '{ex.scripts[0]}' in the top two, "
                    f"got {top or 'none'} — fix: add phrases for this wording"
                )
    for k, text in enumerate(kb_obj.genuine):
        result = analyzer.analyze(text)
        if result.verdict not in ("no_scam_signs", "matches_genuine"):
            out.append(
                f"genuine.yml: genuine[{k}]: this genuine message is flagged '{result.verdict}' — fix: "
                "make the phrases it matches more specific (see knowledge/README.md)"
            )
    return out


@main.command()
@pass_app
def chat(app: App) -> None:
    """Chat in the terminal: the same conversation as the Telegram bot (piped input: one message per line)."""
    from ..channels.terminal import ctrl_c_leaves, locale_hint, run_chat

    stdin = sys.stdin
    interactive = stdin.isatty()
    if interactive:
        ctrl_c_leaves()  # the hint promises it, even when started with SIGINT ignored or blocked
    _ = app.conversations  # load once, before the first message
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")  # a stray invalid byte must not end the chat
    run_chat(
        app.conversations,
        stdin,
        sys.stdout,
        interactive=interactive,
        read_image=app.ocr.read_text,
        lang_hint=locale_hint(),
    )


@main.command()
@pass_app
def run(app: App) -> None:
    """Run callcheck: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat."""
    import os

    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        click.echo("TELEGRAM_BOT_TOKEN is not set: starting the terminal chat.", err=True)
        click.get_current_context().invoke(chat)
        return
    from ..channels.telegram import run_bot
    from ..warm import warm

    click.echo(f"ready in {warm(app):.1f} s (knowledge and number data loaded)", err=True)
    run_bot(app, token)


class _open_binary:
    """Open FILE or standard input ('-') as bytes."""

    def __init__(self, source: str):
        self.source = source
        self.fh = None

    def __enter__(self):
        if self.source == "-":
            return sys.stdin.buffer
        try:
            self.fh = open(self.source, "rb")
        except OSError as exc:
            raise click.ClickException(f"cannot read {self.source}: {exc.strerror}") from exc
        return self.fh

    def __exit__(self, *exc):
        if self.fh:
            self.fh.close()


from .model import model  # noqa: E402  (command groups kept in their own modules)
from .numbers import number  # noqa: E402
from .rasa import rasa  # noqa: E402

main.add_command(number)
main.add_command(rasa)
main.add_command(model)

from .alert import alert, role, trends  # noqa: E402

main.add_command(alert)
main.add_command(trends)
main.add_command(role)
from .db import db  # noqa: E402
from .kbtools import export_additions, kb_test  # noqa: E402
from .review import review  # noqa: E402

kb.add_command(kb_test)
kb.add_command(export_additions)
main.add_command(review)
main.add_command(db)

from .serve import api_key, case, operator, serve  # noqa: E402

main.add_command(serve)
main.add_command(api_key)
main.add_command(operator)
main.add_command(case)
