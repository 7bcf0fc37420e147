"""`callcheck db browse`: the database in Datasette, on 127.0.0.1 only, read-only, with metadata."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import click

from ..app import App

pass_app = click.make_pass_decorator(App)


@click.group()
def db() -> None:
    """Look at the database."""


def build_datasette(db_path: Path):
    """A Datasette for one callcheck file: metadata, no arbitrary SQL, short query time limit."""
    from datasette.app import Datasette

    from ..store.browse import metadata, register_plugin

    register_plugin()  # readable times and plain labels
    with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        present = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    return Datasette(
        [str(db_path)],
        metadata=metadata(db_path.stem, present),
        settings={"default_page_size": 50, "sql_time_limit_ms": 3000},
    )


@db.command()
@click.option("--port", type=int, default=8001, show_default=True, help="Port on 127.0.0.1.")
@pass_app
def browse(app: App, port: int) -> None:
    """Open the database in Datasette on 127.0.0.1: tables explained, canned queries for volunteers.

    Needs the volunteer role (or admin) for the system user running it (`cli:<system user>`).
    """
    from ..services.roles import NotAllowed
    from ..store.review import ReviewStore
    from .numbers import operator

    who = operator()
    try:
        app.roles.authorize(who, "db.browse")
    except NotAllowed as exc:
        raise click.ClickException(str(exc)) from exc

    try:
        import uvicorn
    except ImportError:
        raise click.ClickException("Datasette is not installed: run `make setup`") from None
    if not 0 < port < 65536:
        raise click.BadParameter("a port is a number from 1 to 65535", param_hint="--port")
    ReviewStore(app.store).index_notes()  # migrate the file and bring the notes index up to date
    db_path = Path(app.settings.db_path).resolve()
    ds = build_datasette(db_path)
    click.echo(f"Datasette on http://127.0.0.1:{port}/{db_path.stem} (Ctrl-C stops it)", err=True)
    # Loopback only: the database holds reports and salted keys, not for the network.
    uvicorn.run(ds.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
