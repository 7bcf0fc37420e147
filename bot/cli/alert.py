"""`callcheck alert …`, `callcheck trends` and `callcheck role …`: the police side from a terminal.

The actor is the service account, `cli:<account>` (`roles.cli_actor`); it needs a role like anyone
else (admins: CALLCHECK_ADMINS=cli:<account>).
Every step passes `Roles.authorize`, so refusals are audited too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os

import click

from ..app import App
from . import pass_app


def cli_actor() -> str:
    """`roles.cli_actor()`, the terminal's one identity (imported when used: it loads the store)."""
    from ..services.roles import cli_actor as actor

    return actor()


def _guard(fn, *args, **kwargs):
    """Run a service call, turning refusals and domain errors into click errors (the CLI's edge)."""
    from ..services.alerts import AlertError
    from ..services.roles import NotAllowed

    try:
        return fn(*args, **kwargs)
    except NotAllowed as exc:
        raise click.ClickException(f"{exc} (you are {cli_actor()}; an admin can grant roles)") from exc
    except (AlertError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


def _when(ts: int | None) -> str:
    if not ts:
        return "-"
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _token() -> str:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise click.ClickException("TELEGRAM_BOT_TOKEN is not set: alerts are sent through the Telegram bot")
    return token


def _broadcast(app: App, alert_id: int, concurrency: int) -> dict:
    """Send (or resume) one confirmed alert through a bare Application with the AIORateLimiter."""
    from ..channels.telegram_police import build_sender_application, telegram_sender
    from ..services.alerts import Broadcaster

    token = _token()

    async def progress(counts: dict, done: bool) -> None:
        word = "finished" if done else "progress"
        click.echo(
            f"alert {alert_id} {word}: sent {counts['sent']}, failed {counts['failed']}, "
            f"uncertain {counts['uncertain']}, pending {counts['pending']}, of {counts['total']}",
            err=not done,
        )

    async def main() -> dict:
        application = build_sender_application(token, base_url=app.settings.telegram_api)
        async with application:
            broadcaster = Broadcaster(app.store, concurrency=concurrency)
            return await broadcaster.run(alert_id, telegram_sender(application.bot), progress)

    from telegram.error import TelegramError

    try:
        counts = _guard(asyncio.run, main())
    except TelegramError as exc:  # e.g. a wrong token; the ledger keeps what was sent, resume later
        hint = "resume with 'callcheck alert resume'"
        raise click.ClickException(f"Telegram refused: {type(exc).__name__}; {hint}") from None
    app.roles.record(
        cli_actor(),
        "alert.send",
        "finished",
        target=f"alert:{alert_id}",
        detail=f"sent {counts['sent']}, failed {counts['failed']}, uncertain {counts['uncertain']}",
    )
    return counts


@click.group()
def alert() -> None:
    """Police alerts to subscribed Telegram channels, groups and people."""


@alert.command()
@click.option("--region", default=None, help="Region tag, e.g. CN-GD-Shenzhen, TW-Taipei, HK, or ALL.")
@click.option("--script", "script", default=None, help="Fill the alert from this knowledge script (id).")
@click.option("--text", default=None, help="Free text instead of a script template.")
@click.option(
    "--draft", "draft_id", type=int, default=None, help="Send an existing draft (e.g. one the spike detector wrote)."
)
@click.option("--yes", is_flag=True, help="Confirm without asking (after printing the preview).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Preview language.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True, help="Messages in flight.")
@pass_app
def send(
    app: App,
    region: str | None,
    script: str | None,
    text: str | None,
    draft_id: int | None,
    yes: bool,
    lang: str,
    concurrency: int,
) -> None:
    """Compose an alert, preview it, confirm, and send it to every matching subscriber."""
    actor = cli_actor()
    _token()  # refuse before writing anything when there is no bot to send with
    if draft_id is not None:
        if region or script or text:
            raise click.UsageError("--draft sends an existing draft: leave out --region, --script and --text")
        _guard(app.roles.authorize, actor, "alert.compose", target=f"alert:{draft_id}", detail="preview draft")
        draft = _guard(app.alerts.draft, draft_id)
    else:
        if not region or bool(script) == bool(text):
            raise click.UsageError("give --region and either --script ID or --text TEXT (or --draft ID)")
        draft = _guard(app.alerts.compose, actor, region, script=script, text=text)
    by_lang = ", ".join(f"{n} {k}" for k, n in sorted(draft.recipients.items())) or "nobody yet"
    click.echo(f"Alert {draft.id} for {draft.region}: {draft.total} subscription(s) ({by_lang}).\n")
    click.echo(draft.body[lang])
    if len(draft.recipients) > 1 or (draft.recipients and lang not in draft.recipients):
        other = "en" if lang == "zh" else "zh"
        click.echo(f"\n--- {other} ---\n{draft.body[other]}")
    click.echo()
    if not yes and not click.confirm(f"Send alert {draft.id} now?", default=False):
        click.echo(f"Not sent. Alert {draft.id} stays a draft: 'callcheck alert send --draft {draft.id}' later.")
        return
    _guard(app.alerts.confirm, actor, draft.id)
    counts = _broadcast(app, draft.id, concurrency)
    if counts.get("pending"):
        raise SystemExit(1)


@alert.command()
@click.argument("alert_id", type=int, required=False)
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True, help="Messages in flight.")
@pass_app
def resume(app: App, alert_id: int | None, concurrency: int) -> None:
    """Finish confirmed alerts a crash or restart interrupted (all of them, or ALERT_ID); nobody gets one twice."""
    actor = cli_actor()
    from ..store.alerts import AlertTable

    table = AlertTable(app.store)
    ids = [alert_id] if alert_id is not None else [a["id"] for a in table.with_status("sending")]
    if not ids:
        click.echo("nothing to resume")
        return
    for i in ids:
        _guard(app.roles.authorize, actor, "alert.send", target=f"alert:{i}", detail="resume")
        _broadcast(app, i, concurrency)


@alert.command()
@click.argument("alert_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask before resending.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True, help="Messages in flight.")
@pass_app
def resend(app: App, alert_id: int, yes: bool, concurrency: int) -> None:
    """Send the deliveries left uncertain (a crash mid-send) once more, by choice: each at most once more."""
    actor = cli_actor()
    info = _guard(app.alerts.status, actor, alert_id)
    offer = info["resendable"]
    if not offer:
        click.echo(f"alert {alert_id}: no uncertain delivery to resend (each is offered once)")
        return
    click.echo(
        f"alert {alert_id}: {offer} delivery(ies) are uncertain: they may have arrived. "
        "Resending may give those people the alert twice; each is resent at most once."
    )
    if not yes and not click.confirm("Resend them?", default=False):
        click.echo("nothing resent")
        return
    moved = _guard(app.alerts.resend_uncertain, actor, alert_id)
    click.echo(f"resending {moved}")
    _broadcast(app, alert_id, concurrency)


@alert.command()
@click.argument("alert_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def status(app: App, alert_id: int, as_json: bool) -> None:
    """The delivery ledger of one alert: sent, failed (with reasons), uncertain, pending."""
    info = _guard(app.alerts.status, cli_actor(), alert_id)
    if as_json:
        out = {k: info[k] for k in ("id", "region", "source", "script", "status", "counts", "total", "resendable")}
        out["failures"] = [{"reason": r, "count": n} for r, n in info["failures"]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    c = info["counts"]
    click.echo(
        f"alert {info['id']} ({info['source']}{': ' + info['script'] if info['script'] else ''}) for {info['region']}: "
        f"{info['status']}, created {_when(info['created_at'])}, finished {_when(info['finished_at'])}"
    )
    click.echo(
        f"  sent {c['sent']}, failed {c['failed']}, uncertain {c['uncertain']}, pending {c['pending']}, "
        f"sending {c['sending']}, of {info['total']}"
    )
    for reason, n in info["failures"]:
        click.echo(f"  {n} × {reason}")
    if info["resendable"]:
        click.echo(
            f"  {info['resendable']} uncertain may be resent once, if you choose: callcheck alert resend {info['id']}"
        )


@alert.command(name="list")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@pass_app
def list_alerts(app: App, limit: int) -> None:
    """Recent alerts, newest first, with their ledger totals."""
    rows = _guard(app.alerts.recent, cli_actor(), limit)
    if not rows:
        click.echo("no alerts yet")
    for a in rows:
        c = a["counts"]
        click.echo(
            f"{a['id']:>5}  {a['status']:<9} {a['region']:<18} {a['source']:<6} {a['script'] or '-':<24} "
            f"sent {c['sent']}, failed {c['failed']}, uncertain {c['uncertain']}, pending {c['pending']}  "
            f"{_when(a['created_at'])}"
        )


@alert.command()
@click.argument("alert_id", type=int)
@pass_app
def cancel(app: App, alert_id: int) -> None:
    """Discard a draft (nothing was sent)."""
    _guard(app.alerts.cancel, cli_actor(), alert_id)
    click.echo(f"alert {alert_id} cancelled")


@click.command()
@click.option("--days", type=click.IntRange(1, 366), default=7, show_default=True, help="The period, ending now.")
@click.option("--region", default=None, help="Only checks from chats with this region tag (or inside it).")
@click.option("--chart", "chart_path", type=click.Path(dir_okay=False), default=None, help="Write a PNG chart here.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--detect", is_flag=True, help="Also run the spike detector and draft alerts for new spikes.")
@pass_app
def trends(
    app: App, days: int, region: str | None, chart_path: str | None, as_json: bool, lang: str, detect: bool
) -> None:
    """Checks by script, organisation and verdict, numbers reported most, rising scripts, a chart."""
    from ..services.alerts import draft_spike_alerts, parse_region

    actor = cli_actor()
    region = _guard(parse_region, region) if region else None
    _guard(app.roles.authorize, actor, "trends.view", target=f"region:{region or 'ALL'}")
    report = _guard(app.trends.report, days, None if region == "ALL" else region)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render(app.kb, lang))
    if chart_path:
        png = app.trends.chart(report)
        try:
            with open(chart_path, "wb") as fh:
                fh.write(png)
        except OSError as exc:
            raise click.ClickException(f"cannot write {chart_path}: {exc.strerror}") from exc
        click.echo(f"chart written to {chart_path} ({len(png)} bytes)", err=True)
    if detect:
        _guard(app.roles.authorize, actor, "alert.compose", detail="spike detection")
        for spike, draft in draft_spike_alerts(app.trends, app.alerts):
            click.echo(
                f"spike: {spike.script} in {spike.region}, {spike.observed} checks in the hour from "
                f"{_when(spike.bucket)} vs {spike.baseline:.2f}/h (p={spike.p:.1e}) -> draft alert {draft.id}; "
                f"review with 'callcheck alert send --draft {draft.id}'",
                err=True,
            )


@click.group()
def role() -> None:
    """Grant and revoke police, volunteer and operator roles (admins only)."""


@role.command()
@click.argument("member")
@click.argument("role_name", metavar="ROLE", type=click.Choice(["police", "volunteer", "operator"]))
@pass_app
def grant(app: App, member: str, role_name: str) -> None:
    """Give MEMBER (a Telegram user id, or cli:NAME, op:LOGIN) a role."""
    fresh = _guard(app.roles.grant, cli_actor(), member, role_name)
    click.echo(f"granted {role_name}" if fresh else f"they already had {role_name}")


@role.command()
@click.argument("member")
@click.argument("role_name", metavar="ROLE", type=click.Choice(["police", "volunteer", "operator"]))
@pass_app
def revoke(app: App, member: str, role_name: str) -> None:
    """Take a role away from MEMBER."""
    gone = _guard(app.roles.revoke, cli_actor(), member, role_name)
    click.echo(f"revoked {role_name}" if gone else f"they did not have {role_name}")


@role.command(name="list")
@click.option("--who", default=None, help="Show the roles of one identity instead.")
@pass_app
def list_roles(app: App, who: str | None) -> None:
    """Who holds which role (members are shown as salted keys: identities are never stored)."""
    actor = cli_actor()
    _guard(app.roles.authorize, actor, "role.list")
    if who:
        click.echo(f"{who}: {', '.join(sorted(app.roles.roles_of(who))) or 'no role'}")
        return
    found = False
    for name in ("police", "volunteer", "operator"):
        for key in app.roles.table.members(name):
            found = True
            click.echo(f"{name:<10} {key}")
    admins = ", ".join(app.settings.admins) or "none (set CALLCHECK_ADMINS)"
    click.echo(f"admins (from CALLCHECK_ADMINS): {admins}")
    if not found:
        click.echo("no granted roles")
