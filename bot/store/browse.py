"""Datasette metadata for `callcheck db browse`: table and column descriptions and canned queries.

Read-only: no canned query writes. Pages show readable times (UTC) and plain status labels through
a `render_cell` hook registered by `register_plugin()`, tables have plain titles, and neither free
SQL nor the canned queries' SQL is shown. Conversation states (`chats`) hold what people typed, so that
table is not served and arbitrary SQL is switched off; volunteers get the tables below, facets and
the canned queries. The search queries split what is typed into character pairs in SQL, the same
way the index was built (bot/store/review.py `bigrams`), so 退款 or 退款到账 find rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from datasette import hookimpl

# Split :q into its character pairs, joined as one FTS5 phrase ("退款 款到 到账").
_PAIRS = """
WITH RECURSIVE
  q(t) AS (SELECT lower(trim(replace(replace(:q, '"', ''), ' ', '')))),
  pairs(i, g) AS (
    SELECT 1, substr(t, 1, 2) FROM q WHERE length(t) >= 2
    UNION ALL
    SELECT i + 1, substr((SELECT t FROM q), i + 1, 2) FROM pairs WHERE i + 2 <= length((SELECT t FROM q))
  ),
  phrase(m) AS (SELECT '"' || group_concat(g, ' ') || '"' FROM (SELECT g FROM pairs ORDER BY i))
"""

QUERIES = {
    "pending_reports": {
        "title": "Pending reports",
        "description": "Reported numbers nobody has decided on yet: official lines held for review first, "
        "then by independent reporters. Decide with /queue or `callcheck review approve|reject NUMBER`.",
        "sql": "SELECT number, reporters, reports, held AS held_official_reports, scripts, "
        "datetime(first_seen, 'unixepoch') AS first_seen, datetime(last_seen, 'unixepoch') AS last_seen "
        "FROM numbers WHERE status = 'unverified' AND (reporters > 0 OR held > 0) "
        "ORDER BY held DESC, reporters DESC, last_seen DESC LIMIT 200",
    },
    "numbers_rising_this_week": {
        "title": "Numbers rising this week",
        "description": "Numbers with more reports in the last 7 days than in the 7 days before.",
        "sql": "SELECT number, SUM(created_at >= strftime('%s','now') - 7*86400) AS this_week, "
        "SUM(created_at < strftime('%s','now') - 7*86400) AS week_before, "
        "COUNT(DISTINCT reporter) AS reporters "
        "FROM reports WHERE created_at >= strftime('%s','now') - 14*86400 GROUP BY number "
        "HAVING this_week > week_before ORDER BY this_week - week_before DESC, this_week DESC LIMIT 200",
    },
    "suggestions_waiting": {
        "title": "Suggestions waiting",
        "description": "What users sent in (already redacted), oldest first. Decide with /queue or "
        "`callcheck review approve|reject|edit s<id>`.",
        "sql": "SELECT 's' || id AS item, kind, text, lang, verdict AS callcheck_said, scripts, channel, "
        "datetime(created_at, 'unixepoch') AS sent FROM suggestions WHERE status = 'pending' ORDER BY id LIMIT 200",
    },
    "additions_awaiting_second_approval": {
        "title": "Official-channel changes waiting for a second volunteer",
        "sql": "SELECT 'a' || id AS item, kind, target AS organisation, value, source, "
        "datetime(created_at, 'unixepoch') AS proposed FROM kb_additions WHERE status = 'awaiting_second' ORDER BY id",
    },
    "recent_moderation": {
        "title": "Recent moderation",
        "description": "Number status changes and review decisions of the last 30 days, newest first. "
        "Moderators are salted keys, never names or ids.",
        "sql": "SELECT datetime(created_at, 'unixepoch') AS at, 'number ' || number AS item, "
        "coalesce(status_from, '') || ' → ' || status_to AS action, moderator AS who, reason "
        "FROM moderation WHERE created_at >= strftime('%s','now') - 30*86400 "
        "UNION ALL SELECT datetime(created_at, 'unixepoch'), item, action, actor, reason FROM review_log "
        "WHERE created_at >= strftime('%s','now') - 30*86400 ORDER BY at DESC LIMIT 500",
    },
    "search_suggestions": {
        "title": "Search suggestions",
        "description": "Full-text search; Chinese works from two characters (退款).",
        "sql": _PAIRS
        + ", hits AS (SELECT rowid FROM suggestions_fts WHERE suggestions_fts MATCH (SELECT m FROM phrase)) "
        "SELECT 's' || s.id AS item, s.kind, s.status, s.text, datetime(s.created_at, 'unixepoch') AS sent "
        "FROM suggestions s JOIN hits ON hits.rowid = s.id ORDER BY s.id DESC LIMIT 200",
    },
    "search_report_notes": {
        "title": "Search report notes",
        "description": "Full-text search over the (redacted) notes people added to reports. "
        "Notes reported since the server started appear after `callcheck db browse` is restarted.",
        "sql": _PAIRS + ", hits AS (SELECT rowid FROM notes_fts WHERE notes_fts MATCH (SELECT m FROM phrase)) "
        "SELECT r.number, r.script, r.note, datetime(r.created_at, 'unixepoch') AS reported "
        "FROM reports r JOIN hits ON hits.rowid = r.id ORDER BY r.id DESC LIMIT 200",
    },
}

TABLES = {
    "numbers": (
        "One row per reported number: how many independent reporters, its status and whether it is an "
        "official line (reports against official lines are held: caller ID is often spoofed).",
        {
            "number": "the number in E.164 form (+8613800138000) or as dialled for short numbers",
            "reporters": "independent reporters (one person counts once)",
            "reports": "all reports, including repeats",
            "first_seen": "first report, epoch seconds",
            "last_seen": "latest report, epoch seconds",
            "scripts": "scam scripts named in reports, with counts (JSON)",
            "status": "unverified, confirmed (quorum or a volunteer with a reason) or cleared",
            "protected": "1 when the number is an official hotline in the knowledge base",
            "held": "reports held for review because the number is an official line",
        },
    ),
    "reports": (
        "One row per report. The reporter is a salted one-way key, never a user id.",
        {
            "number": "the reported number",
            "script": "the scam script the reporter named",
            "channel": "telegram, terminal, cli or import",
            "created_at": "epoch seconds",
            "reporter": "salted one-way key of the reporter",
            "note": "the reporter's note with phone, card and ID numbers and e-mails removed",
            "held": "1 when held because the number is an official line",
        },
    ),
    "moderation": (
        "Every status change of a number, by a volunteer or by the quorum rule.",
        {"moderator": "'quorum' or a volunteer's salted key", "reason": "why (redacted)"},
    ),
    "suggestions": (
        "What users suggested (/suggest, or 'you missed it' / 'this was genuine' under a verdict), redacted "
        "before it was stored.",
        {
            "kind": "phrase (a new wording), missed_scam or false_alarm",
            "text": "the suggestion with names, phone, order, card and account numbers removed",
            "verdict": "what callcheck said at the time (for missed_scam / false_alarm)",
            "scripts": "the scripts callcheck named at the time (JSON)",
            "submitter": "salted one-way key (used only to delete it on /forget)",
            "status": "pending, approved or rejected",
            "search_text": "the text split into character pairs for full-text search",
        },
    ),
    "kb_additions": (
        "Knowledge changes approved by volunteers; served at once and exported to the YAML files with "
        "`callcheck kb export-additions`.",
        {
            "kind": "phrase, genuine, regression, hotline, domain or app_path",
            "target": "indicator (script.indicator), organisation id, genuine or regression",
            "value": "what is added (JSON)",
            "source": "where an official channel was checked",
            "status": "approved (live), awaiting_second (a second volunteer must approve), reverted or rejected",
            "proposed_by": "salted key of the volunteer who proposed it",
            "approved_by": "salted key of the volunteer who approved it",
        },
    ),
    "review_log": ("Every review decision: who (salted key), when, what, why.", {}),
    "audit": ("Every privileged attempt, allowed or refused (salted keys).", {}),
    "roles": ("Granted roles (admins come from configuration).", {}),
}
# Plain titles for the tables a volunteer sees, instead of their SQL names.
TITLES = {
    "numbers": "Reported numbers",
    "reports": "Reports",
    "moderation": "Number status changes",
    "suggestions": "Suggestions from users",
    "kb_additions": "Knowledge changes (approved, waiting, reverted)",
    "review_log": "Review decisions",
    "audit": "Audit trail",
    "roles": "Roles granted",
}
# Columns holding Unix times: shown as "2026-12-07 09:30 UTC" in the pages (JSON keeps the numbers).
TIME_COLUMNS = {
    "created_at",
    "updated_at",
    "decided_at",
    "first_seen",
    "last_seen",
    "saved_at",
    "granted_at",
    "at",
    "expires_at",
    "bucket",
}
# Status codes in plain words.
LABELS = {
    "awaiting_second": "waiting for a second volunteer",
    "approved": "approved (live)",
    "reverted": "reverted (not live)",
    "rejected": "rejected",
    "pending": "waiting for review",
    "unverified": "not yet confirmed",
    "confirmed": "confirmed scam number",
    "cleared": "cleared",
}


def readable_time(value) -> str | None:
    """A Unix time as 'YYYY-MM-DD HH:MM UTC' (None when it is not one)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 10**8 < value < 10**11:
        return None
    return dt.datetime.fromtimestamp(value, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@hookimpl
def render_cell(value, column, table, database, datasette):
    """Datasette hook: readable times and plain status labels in the HTML pages."""
    if column in TIME_COLUMNS:
        return readable_time(value)
    if column == "status" and isinstance(value, str) and value in LABELS:
        return LABELS[value]
    return None


def register_plugin() -> None:
    """Register this module's Datasette hooks once per process."""
    import sys

    from datasette.plugins import pm

    if pm.get_plugin("callcheck-browse") is None:
        pm.register(sys.modules[__name__], name="callcheck-browse")


HIDDEN = ("chats", "kb_snapshot", "suggestions_fts", "notes_fts")


def metadata(database: str, present: Iterable[str] = ()) -> dict:
    """The Datasette metadata for one callcheck database file named `database` (its stem).

    Only the tables described in TABLES are served: every other table in the file (`present`) is
    hidden and refused, so a table added later (operators' password hashes, sessions, hotline
    cases, subscribers' chat ids…) never reaches volunteers by default. Canned queries still run.
    """
    tables: dict[str, dict] = {
        name: {"title": TITLES.get(name, name), "description": desc, **({"columns": cols} if cols else {})}
        for name, (desc, cols) in TABLES.items()
    }
    for name in present:
        if name not in TABLES:
            tables.setdefault(name, {}).update(hidden=True, allow=False)
    for name in HIDDEN:
        tables.setdefault(name, {})["hidden"] = True
    tables["chats"]["allow"] = False  # conversation states hold what people typed
    tables["kb_snapshot"]["allow"] = False
    for name in (n for n in HIDDEN if n.endswith("_fts")):
        tables[name]["allow"] = False
    return {
        "title": "callcheck: reports, numbers and suggestions",
        "description": "Read-only view for volunteers. Start with the canned queries below.",
        # No free SQL, and the canned queries' SQL is not shown: volunteers see titles and results.
        "databases": {
            database: {
                "allow_sql": False,
                "tables": tables,
                "queries": {name: {**q, "hide_sql": True} for name, q in QUERIES.items()},
            }
        },
    }
