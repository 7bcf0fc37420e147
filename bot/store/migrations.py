"""The database's schema, one numbered list for the whole file.

PRAGMA user_version records the last applied migration; `Store` applies the missing ones in order,
each in its own transaction. Append new migrations with the next number; never edit an applied one.
Each table has one owning module in this package (see its docstring).
"""

MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL,
            script TEXT NOT NULL,
            channel TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            reporter TEXT NOT NULL,
            note TEXT,
            held INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX reports_number_reporter ON reports(number, reporter);
        CREATE INDEX reports_reporter_time ON reports(reporter, created_at);
        CREATE TABLE numbers (
            number TEXT PRIMARY KEY,
            reporters INTEGER NOT NULL DEFAULT 0,
            reports INTEGER NOT NULL DEFAULT 0,
            first_seen INTEGER,
            last_seen INTEGER,
            scripts TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'unverified',
            protected INTEGER NOT NULL DEFAULT 0,
            held INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE moderation (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL,
            status_from TEXT,
            status_to TEXT NOT NULL,
            moderator TEXT NOT NULL,
            reason TEXT,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX moderation_number ON moderation(number);
    """,
    2: """
        CREATE TABLE chats (
            chat TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
    """,
}
SCHEMA_VERSION = max(MIGRATIONS)
MIGRATIONS[3] = """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        detail TEXT
    );
    CREATE INDEX audit_time ON audit(created_at);
    CREATE INDEX audit_actor ON audit(actor, created_at);
    CREATE TABLE roles (
        member TEXT NOT NULL,
        role TEXT NOT NULL,
        granted_by TEXT NOT NULL,
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (member, role)
    ) WITHOUT ROWID;
"""
SCHEMA_VERSION = max(MIGRATIONS)
# Review (issue 13): suggestions, knowledge additions and their decisions, full-text indexes of
# suggestions and report notes (text pre-split into character bigrams, so two-character Chinese
# queries such as 退款 match), and the last knowledge that loaded cleanly.
MIGRATIONS[6] = """
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        lang TEXT,
        verdict TEXT,
        scripts TEXT,
        channel TEXT NOT NULL,
        submitter TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        decided_at INTEGER,
        search_text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX suggestions_status ON suggestions(status, created_at);
    CREATE INDEX suggestions_submitter ON suggestions(submitter);
    CREATE VIRTUAL TABLE suggestions_fts USING FTS5 (search_text, content=[suggestions], content_rowid=[id]);
    CREATE TABLE kb_additions (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        value TEXT NOT NULL,
        source TEXT,
        suggestion INTEGER,
        status TEXT NOT NULL,
        proposed_by TEXT NOT NULL,
        approved_by TEXT
    );
    CREATE INDEX kb_additions_status ON kb_additions(status);
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        item TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT
    );
    CREATE INDEX review_log_item ON review_log(item);
    CREATE VIRTUAL TABLE notes_fts USING FTS5 (body);
    CREATE TABLE kb_snapshot (
        file TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        saved_at INTEGER NOT NULL
    ) WITHOUT ROWID;
"""
SCHEMA_VERSION = max(MIGRATIONS)
