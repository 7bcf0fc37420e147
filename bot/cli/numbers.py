"""`callcheck number …`: check, report, import, export and moderate phone numbers."""

from __future__ import annotations

import csv
import json
import os
import re
import sys

import click

from nlu.phones import NumberParseError, parse_number

from ..app import App

pass_app = click.make_pass_decorator(App)


@click.group()
def number() -> None:
    """Check numbers and keep the reported-scam database."""


@number.command()
@click.argument("numbers", nargs=-1, required=True)
@click.option("--org", default=None, help="The organisation the caller claimed to be (id, e.g. alipay).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, one object per number.")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Reply language (default: the locale's, e.g. LANG=en_GB.UTF-8; else the number's region's).",
)
@click.option(
    "--region",
    "region_name",
    default=None,
    help="Where the numbers are read and what 'foreign' means (e.g. UK, HK; default: the global --region, "
    "else a number's own country code, else CN).",
)
@pass_app
def check(
    app: App, numbers: tuple[str, ...], org: str | None, as_json: bool, lang: str | None, region_name: str | None
) -> None:
    """Check one or more numbers: type, place, signals, official match, reports.

    A number written with spaces must be quoted ("+852 5123 4567"); pieces typed without quotes
    (+852 51234567) are read as one number, and said so.
    """
    from ..services.numbers import OWN

    if org:  # an id, or a name as people write it (淘宝, Taobao, 支付宝), as the chat's /official takes
        from ..services.hotline import find_organisation

        found = find_organisation(app.kb, org)
        if found is None:
            raise click.BadParameter(
                f"unknown organisation '{org[:40]}'; see knowledge/official/organisations.yml", param_hint="--org"
            )
        org = found.id
    if region_name is not None:
        region = _region_option(app, region_name)
    elif app.settings.region_given:
        region = app.region
    else:
        region = None  # a number with its country code is read in its own country's terms
    failed = 0
    pieces = join_pieces(app, numbers, region)
    for raw, joined in pieces:
        if joined:
            click.echo(f"(read {' '.join(joined)} as one number {raw!r}: quote a number written with spaces)", err=True)
        try:
            home = region or (OWN if _has_code(raw) else None)
            data = app.numbers.check(raw, org, "en", region=region, home=home)
            shown = lang or _default_lang(app, data, region)
            if shown != "en":
                data = app.numbers.check(raw, org, shown, region=region, home=home)
        except NumberParseError as exc:
            failed += 1
            if as_json:
                click.echo(json.dumps({"input": raw, "error": str(exc)}, ensure_ascii=False))
            else:
                click.echo(f"{raw}: {exc}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(_describe(data, shown))
    if failed == len(pieces):
        sys.exit(1)


def _region_option(app: App, name: str) -> str:
    """A --region value through the one resolver (bot.names): UK, gb, " Hong Kong " … or a clear error."""
    from ..names import UnknownRegion, phone_region

    try:
        return phone_region(app.kb, name)
    except UnknownRegion as exc:
        raise click.BadParameter(str(exc), param_hint="--region") from None


def _has_code(raw: str) -> bool:
    text = "".join(raw.split()).replace("＋", "+")
    return text.startswith("+") or text.startswith("00")


_LONE_CODE = re.compile(r"^\s*(?:\+|＋|00)\d{1,4}\s*$")


def join_pieces(app: App, args: tuple[str, ...], region: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The numbers meant by the arguments: pieces of one number typed without quotes (+852 51234567,
    138 0013 8000) are joined into it. Each item: (the number, the pieces joined, or () when alone).

    A lone country code is always joined with what follows; other pieces are joined when the piece
    alone is no valid number and the pieces together are."""
    out: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(args):
        if _LONE_CODE.match(args[i]) and i + 1 < len(args):
            end = i + 2
            while end < len(args) and not _valid(app, " ".join(args[i:end]), region) and end - i < 5:
                end += 1
            out.append((" ".join(args[i:end]), tuple(args[i:end])))
            i = end
            continue
        if not _valid(app, args[i], region):
            for end in range(i + 2, min(len(args), i + 5) + 1):
                if _valid(app, " ".join(args[i:end]), region):
                    out.append((" ".join(args[i:end]), tuple(args[i:end])))
                    i = end
                    break
            else:
                out.append((args[i], ()))
                i += 1
            continue
        out.append((args[i], ()))
        i += 1
    return out


def _valid(app: App, raw: str, region: str | None) -> bool:
    try:
        p = parse_number(raw, region) if region else app.numbers.parse(raw)
    except NumberParseError:
        return False
    return p.valid and p.type != "unknown"


def _default_lang(app: App, data: dict, region: str | None) -> str:
    """The reply language without --lang: the locale's (English for a non-Chinese one), else Chinese
    for a number of (or read in) mainland China, Taiwan, Hong Kong or Macao, else English."""
    from ..channels.terminal import locale_hint

    hint = locale_hint()
    if hint:
        return "zh" if hint.startswith("zh") else "en"
    where = region or data.get("region") or app.region
    return "zh" if where in ("CN", "TW", "HK", "MO") else "en"


def _describe(data: dict, lang: str) -> str:
    lines = [f"{data['input']} → {data['number']}"]
    lines += [f"  - {s['text']}" for s in data["signals"]]
    rep = data["reports"]
    label = "举报" if lang == "zh" else "reports"
    lines.append(
        f"  {label}: {rep['status']}, {rep['reporters']} reporter(s)"
        + (f", scripts: {', '.join(rep['scripts'])}" if rep["scripts"] else "")
    )
    return "\n".join(lines)


@number.command()
@click.argument("raw_number", metavar="NUMBER")
@click.option(
    "--script", "script", required=True, help="The scam type: its id or name, e.g. refund_compensation, 理赔, romance."
)
@click.option("--note", default=None, help="What happened (numbers and e-mails in it are redacted).")
@pass_app
def report(app: App, raw_number: str, script: str, note: str | None) -> None:
    """Report a number used in a scam, as the system user running this (one reporter, counted once).

    Official lines are held for review. Reports from the terminal are recorded as `cli:<system user>`,
    so nobody at the terminal can report as several people or as a Telegram user.
    """
    from ..services.numbers import reporters_text
    from ..store import StoreError

    script = script_option(app, script)
    reporter = operator()
    try:
        p, outcome = app.numbers.report(raw_number, script, reporter, channel="cli", note=note)
    except NumberParseError as exc:
        raise click.BadParameter(str(exc), param_hint="NUMBER") from exc
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    rec = outcome.record
    msg = f"recorded {p.canonical}: status {rec.status}, {reporters_text(rec.reporters)}"
    if not outcome.new_reporter:
        msg += f" (you, {reporter}, had reported it before: counted once)"
    if outcome.held:
        msg += "; this is an official line, so the report is held for review (caller ID spoofing is likely)"
    if outcome.confirmed_now:
        msg += "; the number is now confirmed by quorum"
    click.echo(msg)


def script_option(app: App, word: str, param: str = "--script") -> str:
    """A --script value through the one resolver (bot.names): an id or a name in either language,
    or a part of a name only one scam type has; a clear error listing the choices otherwise."""
    from ..names import UnknownScript, resolve_script

    try:
        return resolve_script(app.kb, word)
    except UnknownScript as exc:
        raise click.BadParameter(str(exc), param_hint=param) from None


def operator() -> str:
    """The identity of whoever runs the CLI: the service account (`roles.cli_actor`)."""
    from ..services.roles import cli_actor

    return cli_actor()


@number.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default=None, help="Where the list comes from (default: the file name), kept in the audit.")
@pass_app
def import_(app: App, file: str, source: str | None) -> None:
    """Import a CSV list (number[,script,note]): bad rows reported, good rows kept; re-import adds nothing.

    Needs a moderator role (volunteer, police or admin). An import is one reporter, the system
    user running it, whatever the list is called: it can never confirm a number alone.
    """
    from ..csvimport import CsvFormatError, read_rows
    from ..services.roles import NotAllowed

    source = source or os.path.basename(file)
    who = operator()
    try:
        app.roles.authorize(who, "number.import", target=source[:80])
    except NotAllowed as exc:
        raise click.ClickException(str(exc)) from exc
    from ..names import UnknownScript, resolve_script

    errors: list[str] = []
    size = os.path.getsize(file)
    service = app.numbers

    with open(file, "rb") as fh, click.progressbar(length=size, label="importing", file=sys.stderr) as bar:

        def rows():
            for row in read_rows(fh, errors, on_bytes=bar.update):
                script = row.script or "unknown"
                if script != "unknown":
                    try:
                        script = resolve_script(app.kb, script)  # an id or a name, as everywhere
                    except UnknownScript as exc:
                        close = f" (did you mean {', '.join(exc.close)}?)" if exc.close else ""
                        errors.append(f"line {row.line}: '{row.script[:40]}' is no scam type{close}; skipped")
                        continue
                try:
                    p = service.parse(row.number)
                except NumberParseError as exc:
                    errors.append(f"line {row.line}: '{row.number[:40]}': {exc}; skipped")
                    continue
                yield p.canonical, script, row.note

        try:
            result = app.store.import_reports(rows(), who, is_protected=service.intel.protected, batch=500_000)
        except CsvFormatError as exc:
            raise click.ClickException(f"{file}: {exc}") from exc
    app.roles.record(who, "number.import", f"added {result.added}, held {result.held}", target=source[:80])
    for e in errors[:50]:
        click.echo(e, err=True)
    if len(errors) > 50:
        click.echo(f"… and {len(errors) - 50} more bad rows", err=True)
    click.echo(
        f"imported {result.added} new report(s) from '{source}'; {result.already_present} already present; "
        f"{result.confirmed} number(s) reached quorum; {result.held} held (official lines); "
        f"{len(errors)} bad row(s) skipped"
    )


@number.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@pass_app
def export(app: App, fmt: str) -> None:
    """Export every reported number with its status and counts."""
    out = sys.stdout
    fields = ["number", "status", "reporters", "first_seen", "last_seen", "scripts", "protected", "held_for_review"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in app.store.export():
        if writer:
            writer.writerow({**row, "scripts": " ".join(row["scripts"])})
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


@number.command()
@click.argument("raw_number", metavar="NUMBER")
@click.option("--status", type=click.Choice(["confirmed", "cleared", "unverified"]), required=True)
@click.option(
    "--moderator",
    default=None,
    help="A name or badge shown in the number's history after your identity (cli:<service account>).",
)
@click.option("--reason", required=True, help="Why, kept in the audit trail.")
@pass_app
def moderate(app: App, raw_number: str, status: str, moderator: str | None, reason: str) -> None:
    """Set a number's status by hand; every attempt is audited.

    Needs a moderator role (volunteer, police or admin) for the system user running it
    (`cli:<system user>`); volunteers usually decide numbers with `callcheck review`.
    """
    from ..services.roles import NotAllowed
    from ..store import AlreadyDone, StoreError

    who = operator()
    try:
        p = app.numbers.parse(raw_number)
    except NumberParseError as exc:
        raise click.BadParameter(str(exc), param_hint="NUMBER") from exc
    try:
        app.roles.authorize(who, "number.moderate", target=p.canonical, detail=status)
    except NotAllowed as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        known = app.store.lookup(p.canonical)
        if status == "confirmed" and (known is None or known.reports == 0):
            raise click.ClickException(
                f"nobody reported {p.canonical}: a number is confirmed only from reports (see `callcheck review list`)"
            )
        rec = app.store.moderate(
            p.canonical,
            status,
            f"{who} ({moderator.strip()})" if moderator and moderator.strip() else who,  # the actor always
            reason,
            protected=app.numbers.intel.protected(p.canonical),
            confirmer_keys=app.roles.keys_of(who),  # never confirmed by its only reporter
        )
    except AlreadyDone as exc:
        click.echo(str(exc))
        return
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    app.roles.record(who, "number.moderate", "done", target=p.canonical, detail=status)
    click.echo(f"{rec.number}: status {rec.status}")


@number.command()
@click.argument("raw_number", metavar="NUMBER")
@pass_app
def history(app: App, raw_number: str) -> None:
    """Show a number's moderation audit trail."""
    try:
        p = app.numbers.parse(raw_number)
    except NumberParseError as exc:
        raise click.BadParameter(str(exc), param_hint="NUMBER") from exc
    rows = app.store.history(p.canonical)
    if not rows:
        click.echo(f"{p.canonical}: no status changes")
    for r in rows:
        click.echo(f"{r['at']}  {r['from'] or '-'} → {r['to']}  by {r['by']}: {r['reason'] or ''}")


@number.command()
@click.option(
    "--reporter",
    default=None,
    help="Whose reports to delete (default: your own, cli:<system user>); another person's needs an admin.",
)
@click.confirmation_option(prompt="Delete every report by this reporter?")
@pass_app
def forget(app: App, reporter: str | None) -> None:
    """Delete every report a reporter made (privacy: a person's right to have their reports removed)."""
    from ..services.roles import NotAllowed, normalise_identity

    who = operator()
    target = normalise_identity(reporter) if reporter else who
    if target != who:
        try:
            app.roles.authorize(who, "reports.forget", target=target.split(":", 1)[0])
        except NotAllowed as exc:
            raise click.ClickException(f"{exc}; without it you can forget only your own reports ({who})") from exc
    click.echo(f"deleted {app.store.forget_reporter(target)} report(s)")
