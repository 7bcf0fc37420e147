"""`callcheck serve` (the one web server), the accounts it needs (`api-key …`, `operator …`) and
`case export`, the hotline's cases for the police.

Creating and revoking keys and operator accounts are admin actions: the person at the terminal
acts as the service account, `cli:<account>` (`roles.cli_actor`; no option changes it), which must
be listed in CALLCHECK_ADMINS; every attempt is audited.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import sys

import click

from ..app import App, ConfigError
from . import pass_app


def _actor() -> str:
    from ..services.roles import cli_actor

    return cli_actor()


def _authorize(app: App, actor: str, action: str, target: str | None = None) -> None:
    from ..services.roles import NotAllowed

    try:
        app.roles.authorize(actor, action, target=target)
    except NotAllowed as exc:
        raise click.ClickException(str(exc)) from exc  # says who you are and how to get the role


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep 127.0.0.1 behind a proxy)."
)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Server processes sharing the port (0: one per core); each loads everything before it accepts a request.",
)
@pass_app
def serve(app: App, host: str, port: int, workers: int) -> None:
    """Run the web server: JSON API (/v1), operator console (/console) and, with TELEGRAM_BOT_TOKEN and
    TELEGRAM_WEBHOOK_URL set, the Telegram webhook (/telegram)."""
    import uvicorn

    from ..channels.web.server import WebConfig, create_app, server_config
    from ..logs import setup_logging

    try:
        config = WebConfig.from_env()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    url = os.environ.get("TELEGRAM_WEBHOOK_URL", "").strip()
    secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if token and url and not secret:
        raise click.UsageError(
            "TELEGRAM_WEBHOOK_SECRET must be set with TELEGRAM_WEBHOOK_URL (letters, digits, _ and -)"
        )
    _ = app.kb  # knowledge errors are reported here, before the server starts
    if workers != 1:
        from ..batch import resolve_workers

        if token and url:
            raise click.UsageError(
                "the Telegram webhook runs in one server process: use --workers 1 with TELEGRAM_WEBHOOK_URL "
                "(or serve the API from other processes without it)"
            )
        _serve_workers(app, host, port, resolve_workers(workers))
        return
    setup_logging()
    application = None
    if token and url:
        from ..channels.telegram import build_application

        application = build_application(app, token)
    web = create_app(app, config, telegram=application, telegram_secret=secret)
    server = uvicorn.Server(server_config(web, host, port, config))
    click.echo(f"callcheck serving on http://{host}:{port} (API /v1, console /console)", err=True)
    _run_loop(_run(app, server, application, url, secret), server.config)


def _run_loop(main, config) -> None:
    """Run `main` on the event loop uvicorn would pick (uvloop when installed, see server_options)."""
    factory = config.get_loop_factory() if hasattr(config, "get_loop_factory") else None
    if factory is not None and hasattr(asyncio, "Runner"):  # Python 3.11+
        with asyncio.Runner(loop_factory=factory) as runner:
            runner.run(main)
        return
    asyncio.run(main)


def _serve_workers(app: App, host: str, port: int, workers: int) -> None:
    """uvicorn's process manager: N processes accept on one socket; each builds its App from the
    same settings (passed on in the environment) and warms up before it accepts (see worker_app)."""
    import uvicorn

    s = app.settings
    # One analysis thread per process: the processes give the parallelism (a second thread in a
    # process only contends for its GIL, ~10 % more CPU per check in bench_api), and a text stuck
    # in one process leaves the others answering. CALLCHECK_ANALYSIS_WORKERS still wins.
    os.environ.setdefault("CALLCHECK_ANALYSIS_WORKERS", "1")
    os.environ["CALLCHECK_DB"] = str(s.db_path)
    if s.region_given:  # resolved (UK -> GB) and checked before any worker starts
        os.environ["CALLCHECK_REGION"] = app.region
    if s.kb_dir:
        os.environ["CALLCHECK_KB"] = str(s.kb_dir)
    app.close()  # the workers open their own database connections
    where = f"http://{host}:{port}"
    click.echo(f"callcheck serving on {where} with {workers} processes (API /v1, console /console)", err=True)
    options = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:  # uvicorn >= 0.31
        # The supervisor kills a worker that does not answer its ping in time: on a busy machine a
        # worker deep in analyses (or still warming up) can take longer than the default 5 s.
        options["timeout_worker_healthcheck"] = 60
    from ..channels.web.server import WebConfig, server_options

    options.update(server_options(WebConfig.from_env(), by_name=True))  # the same limits in every process
    uvicorn.run("bot.cli.serve:worker_app", factory=True, host=host, port=port, workers=workers, **options)


def worker_app():
    """One server process of `serve --workers N`: App from the environment, warmed, then the ASGI app."""
    from ..app import App, Settings
    from ..channels.web.server import WebConfig, create_app
    from ..logs import setup_logging
    from ..warm import warm

    app = App(Settings.from_env())
    warm(app)  # knowledge, compiled phrases and number data before this process accepts a request
    setup_logging()
    return create_app(app, WebConfig.from_env())


async def _run(app: App, server, application, url: str, secret: str) -> None:
    """Warm up, then serve; with Telegram, the Application runs beside the server on the same loop."""
    from ..warm import warm

    warm(app)  # knowledge, compiled phrases and number data, on the loop's thread, before the first request
    if application is None:
        await server.serve()
        return
    from telegram import Update
    from telegram.error import TelegramError

    async with application:
        try:
            await application.bot.set_webhook(url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        except TelegramError as exc:
            why = f"{type(exc).__name__}: {exc}"
            raise SystemExit(f"Telegram refused the webhook ({why}); check the token and URL") from None
        await application.start()
        try:
            await server.serve()
        finally:
            await application.stop()


@click.group(name="api-key")
def api_key() -> None:
    """Keys for the HTTP API (admins only; every change is audited)."""


@api_key.command(name="create")
@click.argument("name")
@click.option(
    "--per-minute",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Rate limit (default: $CALLCHECK_API_PER_MINUTE or 60).",
)
@pass_app
def api_key_create(app: App, name: str, per_minute: int | None) -> None:
    """Create a key named NAME; prints the key once (only its hash is stored)."""
    from ..channels.web.server import WebConfig
    from ..store import StoreError
    from ..store.apikeys import ApiKeys

    actor = _actor()
    _authorize(app, actor, "apikey.manage", target="create")
    try:
        per_minute = per_minute or WebConfig.from_env().api_per_minute
        key, token = ApiKeys(app.store).create(name, per_minute, app.roles.key(actor))
    except (StoreError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from exc
    app.roles.record(actor, "apikey.manage", "created", target=key.id)
    click.echo(token)
    click.echo(
        f"key {key.id} '{key.name}', {key.per_minute} requests a minute; store it now: it is not shown again", err=True
    )


@api_key.command(name="revoke")
@click.argument("key_id")
@pass_app
def api_key_revoke(app: App, key_id: str) -> None:
    """Revoke key KEY_ID at once."""
    from ..store.apikeys import ApiKeys

    actor = _actor()
    _authorize(app, actor, "apikey.manage", target=key_id)
    if not ApiKeys(app.store).revoke(key_id):
        raise click.ClickException(f"no active key {key_id!r} (see `callcheck api-key list`)")
    app.roles.record(actor, "apikey.manage", "revoked", target=key_id)
    click.echo(f"revoked {key_id}")


@api_key.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def api_key_list(app: App, as_json: bool) -> None:
    """List keys: id, name, limit, created, revoked, last used (never secrets)."""
    from ..store.apikeys import ApiKeys

    _authorize(app, _actor(), "apikey.manage", target="list")
    keys = [k.to_dict() for k in ApiKeys(app.store).all()]
    if as_json:
        click.echo(json.dumps(keys, indent=2))
        return
    for k in keys:
        state = f"revoked {k['revoked']}" if k["revoked"] else "active"
        click.echo(
            f"{k['id']}  {k['name']}  {k['per_minute']}/min  created {k['created']}  {state}  "
            f"last used {k['last_used'] or '-'}"
        )


@click.group()
def operator() -> None:
    """Operator accounts for the console (admins only; every change is audited)."""


@operator.command(name="add")
@click.argument("login")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.option(
    "--role",
    type=click.Choice(["operator", "supervisor"]),
    default=None,
    help="operator: their own and handed-over cases (default for a new account); "
    "supervisor: every case of the centre, the queue, reassigning, reopening, the export.",
)
@pass_app
def operator_add(app: App, login: str, password_stdin: bool, role: str | None) -> None:
    """Create operator LOGIN (a new account id, never reused) or set a new password / role."""
    from ..store import StoreError
    from ..store.operators import Operators

    actor = _actor()
    _authorize(app, actor, "operator.manage", target="add")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        created = Operators(app.store).add(login, password, role)
        login = Operators.check_login(login)
        app.roles.grant(actor, f"op:{login}", "operator")
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    app.roles.record(actor, "operator.manage", "added" if created else "password set", target=login)
    account = Operators(app.store).account_of(login)
    click.echo(f"{'created' if created else 'new password for'} {account['role']} {login} (account #{account['id']})")


@operator.command(name="remove")
@click.argument("login")
@pass_app
def operator_remove(app: App, login: str) -> None:
    """Delete operator LOGIN, end their sessions and take the operator role away.

    Their account id is retired (a new LOGIN gets a new id and none of these cases); the cases
    they held stay with the centre, seen by supervisors, who can reassign them.
    """
    from ..store.operators import Operators

    actor = _actor()
    _authorize(app, actor, "operator.manage", target="remove")
    removed = Operators(app.store).remove(login)
    app.roles.revoke(actor, f"op:{login.strip().lower()}", "operator")
    if not removed:
        raise click.ClickException(f"no operator {login!r}")
    app.roles.record(actor, "operator.manage", "removed", target=login)
    click.echo(
        f"removed operator {login} (account #{removed['account']}); "
        f"{removed['cases_with_centre']} case(s) they held stay with the centre (supervisors see and reassign them)"
    )


@operator.command(name="role")
@click.argument("login")
@click.argument("role", type=click.Choice(["operator", "supervisor"]))
@pass_app
def operator_role(app: App, login: str, role: str) -> None:
    """Make LOGIN an operator or a supervisor (ends their sessions so the change applies at once)."""
    from ..store.operators import Operators

    actor = _actor()
    _authorize(app, actor, "operator.manage", target="role")
    if not Operators(app.store).set_role(login, role):
        raise click.ClickException(f"no operator {login!r}")
    app.roles.record(actor, "operator.manage", f"role {role}", target=login)
    click.echo(f"{login.strip().lower()} is now a {role}")


@operator.command(name="list")
@pass_app
def operator_list(app: App) -> None:
    """List operator logins."""
    from ..store.operators import Operators

    _authorize(app, _actor(), "operator.manage", target="list")
    for row in Operators(app.store).all():
        click.echo(f"{row['login']}  {row['role']}  account #{row['account']}  created {row['created']}")


@click.group(name="case")
def case() -> None:
    """The hotline console's cases (police and admins)."""


@case.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--from", "since", default="", help="First day, YYYY-MM-DD (UTC), by the day a case was opened.")
@click.option("--to", "until", default="", help="Last day, YYYY-MM-DD (UTC), included.")
@click.option("--script", default="", help="Only cases of this script id.")
@click.option("--status", type=click.Choice(["", "open", "waiting_bank", "referred_police", "closed"]), default="")
@click.option("--out", type=click.Path(dir_okay=False), default="-", help="File to write (default: standard output).")
@pass_app
def case_export(app: App, fmt: str, since: str, until: str, script: str, status: str, out: str) -> None:
    """Cases with the fraudster's identifiers (unmasked), as CSV or JSON Lines; every export is audited."""
    import datetime as dt

    from ..services.casework import export_row, export_text
    from ..store.cases import Cases
    from ..store.operators import Operators

    def day(value: str, end: bool = False) -> int | None:
        if not value:
            return None
        try:
            d = dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None
        return int((d + dt.timedelta(days=1 if end else 0)).timestamp())

    actor = _actor()
    start, end = day(since), day(until, end=True)
    if script:
        from .numbers import script_option

        script = script_option(app, script)
    _authorize(app, actor, "cases.export", target=fmt)
    names = Operators(app.store).names()
    rows = [export_row(c, names) for c in Cases(app.store).export(start, end, script=script, status=status)]
    app.roles.record(actor, "cases.export", f"{len(rows)} cases", detail=fmt)
    text = export_text(rows, fmt)
    if out == "-":
        click.echo(text.lstrip("\ufeff"), nl=False)
    else:
        with open(out, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        click.echo(f"{len(rows)} cases written to {out}", err=True)
