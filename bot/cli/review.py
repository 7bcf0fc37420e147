"""`callcheck review …`: the volunteers' queue at the terminal (the same desk as /queue in the bot).

Who you are: the service account running the command, `cli:<account>` (`roles.cli_actor`), which
an admin must have granted the volunteer role; no option or variable changes it, so a second
approval must come from someone else (a volunteer in Telegram). Every decision needs `--reason`.
"""

from __future__ import annotations

import json

import click

from ..app import App

pass_app = click.make_pass_decorator(App)


def _who() -> str:
    """The terminal's one identity (the service account): never a name typed here."""
    from ..services.roles import cli_actor  # not at import: it loads the store

    return cli_actor()


def _guard(fn, *args, **kwargs):
    """Run a review action; refusals become one clear line, never a traceback."""
    from ..services.review import ReviewError
    from ..services.roles import NotAllowed

    try:
        return fn(*args, **kwargs)
    except (ReviewError, NotAllowed) as exc:
        raise click.ClickException(str(exc)) from None


reason_option = click.option("--reason", required=True, help="Why: kept in the audit trail.")


@click.group()
def review() -> None:
    """Review suggestions, official-channel changes and reported numbers."""


@review.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def list_(app: App, as_json: bool) -> None:
    """Show what waits: suggestions (s<id>), changes awaiting a second volunteer (a<id>), numbers."""
    view = _guard(app.review.queue, _who())
    if as_json:
        data = {
            "suggestions": [s.to_dict() for s in view.suggestions],
            "awaiting_second": [{**a.to_dict(), "checks": view.checks.get(a.id, [])} for a in view.awaiting_second],
            "numbers": view.numbers,
            "problems": view.problems,
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for p in view.problems:
        click.echo(f"PROBLEM {p}")
    for s in view.suggestions:
        said = f" (callcheck said {s.verdict})" if s.verdict else ""
        click.echo(f"s{s.id}  {s.kind}{said}: {s.text}")
    for a in view.awaiting_second:
        click.echo(f"a{a.id}  {a.kind} for {a.target}: {json.dumps(a.value, ensure_ascii=False)} (source: {a.source})")
        for check in view.checks.get(a.id, []):
            click.echo(f"    check: {check}")
    for n in view.numbers:
        held = f", {n['held']} held (official line)" if n["held"] else ""
        click.echo(f"{n['number']}  {n['reporters']} reporter(s), {n['reports']} report(s){held}")
    if not (view.problems or view.suggestions or view.awaiting_second or view.numbers):
        click.echo("nothing waits for review")


@review.command()
@click.argument("item")
@reason_option
@click.option(
    "--as",
    "as_kind",
    type=click.Choice(["phrase", "genuine", "regression"]),
    default=None,
    help="What a suggestion becomes (default: phrase / genuine / regression by its kind).",
)
@click.option("--target", default=None, help="For a phrase: the indicator, e.g. refund_compensation.parcel_lost.")
@click.option("--text", default=None, help="The phrase or text to add, if not the suggestion as sent.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="Phrase language (default: detected).")
@click.option("--expect", type=click.Choice(["scam", "suspicious", "no_scam_signs"]), default=None)
@pass_app
def approve(app: App, item: str, reason: str, as_kind, target, text, lang, expect) -> None:
    """Approve s<id> (it is applied at once), a<id> (second approval) or confirm a reported NUMBER."""
    msg = _guard(
        app.review.approve,
        _who(),
        item,
        reason,
        as_kind=as_kind,
        target=target,
        text=text,
        lang=lang,
        expect=expect,
    )
    click.echo(msg)


@review.command()
@click.argument("item")
@reason_option
@pass_app
def reject(app: App, item: str, reason: str) -> None:
    """Reject s<id> or a<id>, or clear a reported NUMBER."""
    click.echo(_guard(app.review.reject, _who(), item, reason))


@review.command()
@click.argument("item")
@click.option("--text", required=True, help="The corrected text (it is redacted again).")
@reason_option
@pass_app
def edit(app: App, item: str, text: str, reason: str) -> None:
    """Correct a waiting suggestion's text before approving it."""
    click.echo(_guard(app.review.edit, _who(), item, text, reason))


@review.command()
@click.argument("kind", type=click.Choice(["hotline", "domain", "app-path"]))
@click.option("--org", required=True, help="Organisation id, e.g. alipay.")
@click.option("--source", required=True, help="Where you checked it: a link, or a named document with its date.")
@reason_option
@click.option("--number", default=None, help="hotline: the number.")
@click.option("--purpose", default="", help="hotline: what the line is for.")
@click.option("--confidence", type=click.Choice(["high", "medium", "low", "none"]), default="medium")
@click.option("--domain", default=None, help="domain: e.g. example.com.")
@click.option("--app-name", nargs=2, default=None, metavar="ZH EN", help="app-path: the app's name.")
@click.option("--path", "app_path", nargs=2, default=None, metavar="ZH EN", help="app-path: the in-app path.")
@pass_app
def propose(app: App, kind, org, source, reason, number, purpose, confidence, domain, app_name, app_path):
    """Propose an official channel; it is applied once a second volunteer approves it."""
    kind = kind.replace("-", "_")
    if kind == "hotline":
        if not number:
            raise click.UsageError("a hotline needs --number")
        value = {"number": number, "purpose": purpose, "confidence": confidence}
    elif kind == "domain":
        if not domain:
            raise click.UsageError("a domain needs --domain")
        value = {"domain": domain}
    else:
        if not app_name or not app_path:
            raise click.UsageError("an app path needs --app-name ZH EN and --path ZH EN")
        value = {"name": {"zh": app_name[0], "en": app_name[1]}, "path": {"zh": app_path[0], "en": app_path[1]}}
    _, msg = _guard(app.review.propose, _who(), kind, org, value, source, reason)
    click.echo(msg)


@review.command()
@click.argument("query")
@click.option("--notes", is_flag=True, help="Search report notes instead of suggestions.")
@pass_app
def search(app: App, query: str, notes: bool) -> None:
    """Full-text search of suggestions (or report notes); Chinese works from two characters."""
    _guard(app.roles.authorize, _who(), "review.queue", "search")
    if not query.strip():
        raise click.UsageError("give words to search for, e.g. callcheck review search 客服")
    found = 0
    if notes:
        for r in app.review.table.search_notes(query):
            found += 1
            click.echo(f"{r['at']}  {r['number']}  {r['script']}: {r['note']}")
    else:
        for s in app.review.table.search_suggestions(query):
            found += 1
            click.echo(f"s{s.id}  [{s.status}] {s.kind}: {s.text}")
    if not found:  # an empty answer must not look like a command that did nothing
        short = len(query.strip()) == 1 and not query.strip().isascii()
        what = "report notes" if notes else "suggestions"
        hint = " (Chinese is searched from two characters: add one)" if short else ""
        click.echo(f"no {what} match {query.strip()!r}{hint}", err=True)


@review.command()
@click.argument("item")
@reason_option
@pass_app
def revert(app: App, item: str, reason: str) -> None:
    """Take back a<id> (or the addition made from s<id>) at once: no longer served, not exported."""
    click.echo(_guard(app.review.revert, _who(), item, reason))


@review.command()
@click.argument("item")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def history(app: App, item: str, as_json: bool) -> None:
    """The audit trail of a<id> or s<id> and of every other time the same change was made."""
    rows = _guard(app.review.history, _who(), item)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['at']}  {r['item']}  {r['action']}  by {r['by'][:12]}: {r['reason'] or ''}")
    if not rows:
        click.echo(f"no history for {item}")


@review.command()
@click.argument("item")
@click.option("--as", "as_kind", type=click.Choice(["phrase", "genuine", "regression"]), default=None)
@click.option("--target", default=None, help="For a phrase: the indicator.")
@click.option("--text", default=None, help="The phrase or text, if not the suggestion as sent.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def preview(app: App, item: str, as_kind, target, text, lang, as_json) -> None:
    """What approving s<id> or a<id> would change, on every set, before it goes live (exit 1 if refused)."""
    impact = _guard(app.review.preview, _who(), item, as_kind=as_kind, target=target, text=text, lang=lang)
    if as_json:
        click.echo(json.dumps(impact.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(impact.lines()))
    if impact.refused:
        raise SystemExit(1)
