"""`callcheck alert …`, `callcheck trends` and `callcheck role …`: the police side from a terminal.

The actor is `cli_actor()` (`roles.cli_actor`: the service account, `cli:<account>`); it needs a
role like anyone else (admins: CALLCHECK_ADMINS). Every step passes `Roles.authorize`, so refusals
are audited too. Named officers (display name and unit) are recorded with `role grant … police
--name --unit`; alerts and the audit show them.
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
        raise click.ClickException(str(exc)) from exc  # says who you are and how to get the role
    except (AlertError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


def _when(ts: int | None) -> str:
    if not ts:
        return "-"
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


NO_TOKEN = (
    "TELEGRAM_BOT_TOKEN is not set: alerts are sent through the Telegram bot. Composing and previewing "
    "need no token (--dry-run); set it (the bot's token from @BotFather) to send"
)


def _token(draft_id: int | None = None) -> str:
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        later = (
            f"; alert {draft_id} stays a draft: 'callcheck alert send --draft {draft_id}' sends it" if draft_id else ""
        )
        raise click.ClickException(NO_TOKEN + later)
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


def _preview(app: App, draft, lang: str) -> None:
    from ..services.alerts import LANGS, local_time, region_display

    where = region_display(draft.region, "en")
    shown = ", ".join(f"{n} {k}" for k, n in sorted(draft.recipients.items()) if k in draft.body) or "nobody yet"
    name = f"Alert {draft.id}" if draft.id else "Alert (dry run, not kept)"
    click.echo(f"{name} for {where} ({draft.region}): {draft.total} subscription(s) ({shown}).")
    for k, n in sorted(draft.missing.items()):
        click.echo(f"  {n} {k} subscription(s) get NOTHING: the alert has no {k} text (add it with --text-{k}).")
    if draft.needs_second:
        click.echo(
            f"  Goes to all regions or more than {app.alerts.second_officer_above} subscriptions: "
            "a second officer must confirm it."
        )
    if draft.send_at:
        click.echo(f"  Sent at {local_time(draft.send_at, draft.region)} ({where} time).")
    if draft.expires_at and draft.id:  # a dry run keeps no draft: nothing expires
        click.echo(f"  The draft expires at {local_time(draft.expires_at, draft.region)} ({where} time).")
    click.echo()
    first = lang if lang in draft.body else next(iter(draft.body))
    click.echo(draft.text(first))
    for other in LANGS:
        if other != first and other in draft.body:
            click.echo(f"\n--- {other} ---\n{draft.text(other)}")
    click.echo()


def _at(at: str | None):
    from ..services.alerts import parse_time

    if at is None:
        return None
    parsed = parse_time(at)
    if parsed is None:
        raise click.BadParameter(f"{at!r} is no time of day; write e.g. 08:00", param_hint="--at")
    return parsed


def _texts(text: str | None, text_zh: str | None, text_en: str | None) -> str | dict | None:
    from ..services.alerts import split_languages

    parts = split_languages(text) if text else {}
    parts.update({k: v for k, v in (("zh", text_zh), ("en", text_en)) if v})
    return parts or None


@alert.command()
@click.option(
    "--region", default=None, help="Region: a name (深圳, Shenzhen, 臺北, Hong Kong) or a tag (CN-GD), or ALL."
)
@click.option("--script", "script", default=None, help="Fill the alert from this scam type (its name or id).")
@click.option("--text", default=None, help="Free text (its language is detected; 'zh:' / 'en:' sections for both).")
@click.option("--text-zh", default=None, help="The Chinese text of a free-text alert.")
@click.option("--text-en", default=None, help="The English text of a free-text alert.")
@click.option(
    "--draft", "draft_id", type=int, default=None, help="Send an existing draft (e.g. one the spike detector wrote)."
)
@click.option("--at", "at", default=None, help="Send at this local time in the region (e.g. 08:00).")
@click.option("--now", "now_please", is_flag=True, help="Send now even in the region's quiet hours (22:00-07:00).")
@click.option("--yes", is_flag=True, help="Confirm without asking (after printing the preview).")
@click.option(
    "--dry-run", is_flag=True, help="Compose and preview only: nothing is sent and no draft is kept (no token needed)."
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Preview language.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True, help="Messages in flight.")
@pass_app
def send(
    app: App,
    region: str | None,
    script: str | None,
    text: str | None,
    text_zh: str | None,
    text_en: str | None,
    draft_id: int | None,
    at: str | None,
    now_please: bool,
    yes: bool,
    dry_run: bool,
    lang: str,
    concurrency: int,
) -> None:
    """Compose an alert, preview it, confirm, and send it (or schedule it) to every matching subscriber.

    Free text reaches only the languages it is written in: the preview says who gets nothing.
    Composing and previewing need no bot token (--dry-run stops there); sending does.
    """
    actor = cli_actor()
    body = _texts(text, text_zh, text_en)
    if draft_id is not None:
        if region or script or body:
            raise click.UsageError("--draft sends an existing draft: leave out --region, --script and --text")
        _guard(app.roles.authorize, actor, "alert.compose", target=f"alert:{draft_id}", detail="preview draft")
        if at or now_please:
            _guard(app.alerts.reschedule, actor, draft_id, _at(at), lang="en")
        draft = _guard(app.alerts.draft, draft_id)
    else:
        if not region or bool(script) == bool(body):
            raise click.UsageError("give --region and either --script NAME or --text TEXT (or --draft ID)")
        draft = _guard(
            app.alerts.compose,
            actor,
            region,
            script=script,
            text=body,
            at=_at(at),
            now_please=now_please,
            lang="en",
            dry_run=dry_run,  # composed only to be seen: nothing written, no alert number used up
        )
    if dry_run and draft_id is None:
        _preview(app, draft, lang)
        click.echo("Dry run: nothing was sent and no draft was kept (nothing was written).")
        return
    _preview(app, draft, lang)
    if dry_run:
        click.echo(f"Dry run: nothing was sent; alert {draft.id} stays as it was.")
        return
    if not (draft.needs_second or draft.send_at):
        _token(draft.id)  # sent at once after confirming: refuse before confirming when there is no bot
    if not yes and not click.confirm(f"Confirm alert {draft.id}?", default=False):
        click.echo(f"Not sent. Alert {draft.id} stays a draft: 'callcheck alert send --draft {draft.id}' later.")
        return
    done = _guard(app.alerts.confirm, actor, draft.id)
    if done.state == "awaiting":
        click.echo(
            f"Alert {draft.id}: your confirmation is recorded; a second officer must confirm it "
            f"(in Telegram: /alert {draft.id})."
        )
        return
    if done.state == "scheduled":
        from ..services.alerts import local_time

        click.echo(
            f"Alert {draft.id} is scheduled for {local_time(done.send_at, draft.region)} (region time): the bot "
            "sends it when due, or run 'callcheck alert resume' then."
        )
        return
    counts = _broadcast(app, draft.id, concurrency)
    if counts.get("pending"):
        raise SystemExit(1)


@alert.command()
@click.argument("alert_id", type=int)
@click.option("--text", default=None, help="New text (language detected; 'zh:' / 'en:' sections for both).")
@click.option("--text-zh", default=None, help="The Chinese text.")
@click.option("--text-en", default=None, help="The English text.")
@click.option("--at", "at", default=None, help="Send at this local time in the region (e.g. 08:00).")
@click.option("--now", "now_please", is_flag=True, help="Send as soon as it is confirmed.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Preview language.")
@pass_app
def edit(
    app: App,
    alert_id: int,
    text: str | None,
    text_zh: str | None,
    text_en: str | None,
    at: str | None,
    now_please: bool,
    lang: str,
) -> None:
    """Change a draft or a scheduled alert: add or replace a language's text, or when it is sent (its
    expiry starts again). A scheduled alert that is changed becomes a draft to confirm again."""
    actor = cli_actor()
    body = _texts(text, text_zh, text_en)
    if not body and not at and not now_please:
        raise click.UsageError("give --text / --text-zh / --text-en, --at or --now")
    draft = None
    before = _guard(app.alerts.get, alert_id)
    if body:
        draft = _guard(app.alerts.edit, actor, alert_id, body, lang="en")
    if at or now_please:
        draft = _guard(app.alerts.reschedule, actor, alert_id, _at(at), lang="en")
    _preview(app, draft, lang)
    if before["status"] == "scheduled":
        click.echo(
            f"Alert {alert_id} was scheduled; it changed, so it is a draft again and will not go out until it is "
            f"confirmed again: 'callcheck alert send --draft {alert_id}'."
        )


@alert.command()
@click.argument("alert_id", type=int, required=False)
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True, help="Messages in flight.")
@pass_app
def resume(app: App, alert_id: int | None, concurrency: int) -> None:
    """Send scheduled alerts that are due, and finish confirmed alerts a crash or restart interrupted
    (all of them, or ALERT_ID); nobody gets one twice."""
    actor = cli_actor()
    from ..store.alerts import AlertTable

    _guard(app.roles.authorize, actor, "alert.send", detail="resume")
    released = app.alerts.release_due()
    for i in released:
        click.echo(f"alert {i}: its scheduled time has come", err=True)
    table = AlertTable(app.store)
    ids = [alert_id] if alert_id is not None else [a["id"] for a in table.with_status("sending")]
    if not ids:
        click.echo("nothing to resume")
        return
    for i in ids:
        _guard(app.roles.authorize, actor, "alert.send", target=f"alert:{i}", detail="resume")
        _broadcast(app, i, concurrency)


def _who(info: dict) -> str:
    confirmed = " + ".join(info["confirmed_by"]) or "-"
    if info.get("waiting_second"):  # the first of two: said as such, never "confirmed by" yet
        confirmed = f"- (first confirmation by {confirmed}; a second officer must confirm)"
    return f"composed by {info['composed_by']}; confirmed by {confirmed}; sent at {_when(info['sent_at'])}"


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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True, help="Title language.")
@pass_app
def status(app: App, alert_id: int, as_json: bool, lang: str) -> None:
    """The delivery ledger of one alert: who composed and confirmed it, sent, failed (with reasons), pending."""
    info = _guard(app.alerts.status, cli_actor(), alert_id, lang)
    if as_json:
        keys = ("id", "region", "source", "script", "status", "counts", "total", "title", "composed_by")
        out = {k: info[k] for k in keys}
        out.update(confirmed_by=info["confirmed_by"], sent_at=info["sent_at"], unit=info["unit"])
        out["resendable"] = info["resendable"]
        out["failures"] = [{"reason": r, "count": n} for r, n in info["failures"]]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    c = info["counts"]
    click.echo(
        f"alert {info['id']} “{info['title']}” ({info['source']}{': ' + info['script'] if info['script'] else ''}) "
        f"for {info['region']}: {info['status']}, created {_when(info['created_at'])}, "
        f"finished {_when(info['finished_at'])}"
    )
    click.echo(f"  {_who(info)}")
    if info["scheduled_for"]:
        click.echo(f"  scheduled for {_when(info['scheduled_for'])}")
    if info["expires_at"]:
        click.echo(f"  {'expired' if info['status'] == 'expired' else 'expires'} {_when(info['expires_at'])}")
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True, help="Title language.")
@pass_app
def list_alerts(app: App, limit: int, lang: str) -> None:
    """Recent alerts, newest first: title, state (drafts say when they expire), who, and ledger totals."""
    rows = _guard(app.alerts.recent, cli_actor(), limit, lang)
    if not rows:
        click.echo("no alerts yet")
    for a in rows:
        c = a["counts"]
        state = a["status"]
        if a["expires_at"]:
            state += f" ({'expired' if a['status'] == 'expired' else 'expires'} {_when(a['expires_at'])})"
        elif a["scheduled_for"]:
            state += f" (for {_when(a['scheduled_for'])})"
        click.echo(
            f"{a['id']:>5}  {a['title'] or '-'}  [{a['region']}, {a['source']}]  {state}\n       {_who(a)}; "
            f"sent {c['sent']}, failed {c['failed']}, uncertain {c['uncertain']}, pending {c['pending']}"
        )


@alert.command()
@click.argument("alert_id", type=int)
@pass_app
def cancel(app: App, alert_id: int) -> None:
    """Discard a draft or a scheduled alert (nothing was sent)."""
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
    region = _guard(parse_region, region, lang) if region else None
    _guard(app.roles.authorize, actor, "trends.view", target=f"region:{region or 'ALL'}")
    report = _guard(app.trends.report, days, None if region == "ALL" else region)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.render(app.kb, lang))
    if chart_path:
        png = app.trends.chart(report, lang=lang)
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
@click.option("--name", default=None, help="The officer's display name (required for police).")
@click.option("--unit", default=None, help="The officer's unit (required for police).")
@click.option("--contact", default=None, help="The unit's official phone or address, printed on its alerts.")
@pass_app
def grant(app: App, member: str, role_name: str, name: str | None, unit: str | None, contact: str | None) -> None:
    """Give MEMBER (a Telegram user id, or cli:NAME, op:LOGIN) a role; police with --name and --unit."""
    from ..services.roles import member_problem
    from ..store.operators import Operators

    problem = member_problem(member, lambda login: Operators(app.store).account_of(login) is not None)
    if problem:  # refused before anything is written or audited as granted
        raise click.ClickException(f"not granted: {problem}")
    fresh = _guard(app.roles.grant, cli_actor(), member, role_name, name=name, unit=unit, contact=contact)
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
            officer = app.roles.officers.get(key)
            named = f"{officer['name']} ({officer['unit']})  " if officer else ""
            click.echo(f"{name:<10} {named}{key}")
    admins = ", ".join(app.settings.admins) or "none (set CALLCHECK_ADMINS)"
    click.echo(f"admins (from CALLCHECK_ADMINS): {admins}")
    if not found:
        click.echo("no granted roles")


@role.command()
@click.option("--unit", default=None, help="Only this unit's officers (police: their own unit only).")
@click.option("--days", type=click.IntRange(1, 3660), default=90, show_default=True, help="The period, ending now.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, allow_dash=True), default="-", show_default=True)
@pass_app
def audit(app: App, unit: str | None, days: int, csv_path: str) -> None:
    """Export the audit as CSV: when, officer name and unit, action, target, outcome, detail."""
    import csv
    import io
    import time

    actor = cli_actor()
    if unit and not app.roles.can(actor, "audit.view"):
        own = app.roles.officer(actor)
        if not own or own["unit"].casefold() != unit.strip().casefold():
            _guard(app.roles.authorize, actor, "audit.view", target=f"unit:{unit[:40]}")
        _guard(app.roles.authorize, actor, "audit.unit", target=f"unit:{unit[:40]}")
    else:
        _guard(app.roles.authorize, actor, "audit.view", target=f"unit:{(unit or 'ALL')[:40]}")
    rows = app.roles.audit.named(int(time.time()) - days * 86400, unit)
    fields = ["time_utc", "officer", "unit", "actor_key", "action", "target", "outcome", "detail"]
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(fields)
    for r in rows:
        out.writerow(
            [
                _when(r["created_at"]),
                r["name"] or "",
                r["unit"] or "",
                r["actor"],
                r["action"],
                r["target"] or "",
                r["outcome"],
                r["detail"] or "",
            ]
        )
    if csv_path == "-":
        click.echo(buf.getvalue(), nl=False)
        return
    try:
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
    except OSError as exc:
        raise click.ClickException(f"cannot write {csv_path}: {exc.strerror}") from exc
    click.echo(f"{len(rows)} audit rows written to {csv_path}", err=True)
