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
# Issue 11: conversation states written before this version kept the person's message texts;
# states now keep only extracted facts, so the old ones are deleted (they expire in a day anyway).
MIGRATIONS[4] = """
    DELETE FROM chats;
"""
# 5: police alerts and trends (owners: store/alerts.py for subscribers, alerts, deliveries;
# store/trends.py for trend_checks and spikes). Chat ids are Telegram's integer ids, the only way
# to send; trend rows hold aggregates only (hour, region tag, script, organisation, verdict).
MIGRATIONS[5] = """
    CREATE TABLE subscribers (
        chat_id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        lang TEXT NOT NULL DEFAULT 'zh',
        regions TEXT NOT NULL DEFAULT '',
        approved_by TEXT,
        reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE INDEX subscribers_status ON subscribers(status);
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        region TEXT NOT NULL,
        source TEXT NOT NULL,
        script TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        confirmed_by TEXT,
        confirmed_at INTEGER,
        finished_at INTEGER,
        notify_chat INTEGER,
        lease TEXT,
        lease_until INTEGER
    );
    CREATE INDEX alerts_status ON alerts(status);
    CREATE TABLE deliveries (
        alert_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        lang TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        message_id INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (alert_id, chat_id)
    ) WITHOUT ROWID;
    CREATE INDEX deliveries_status ON deliveries(alert_id, status);
    CREATE TABLE trend_checks (
        id INTEGER PRIMARY KEY,
        bucket INTEGER NOT NULL,
        region TEXT,
        script TEXT,
        org TEXT,
        verdict TEXT NOT NULL
    );
    CREATE INDEX trend_checks_bucket ON trend_checks(bucket, script);
    CREATE TABLE spikes (
        script TEXT NOT NULL,
        region TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        observed INTEGER NOT NULL,
        baseline REAL NOT NULL,
        p REAL NOT NULL,
        alert_id INTEGER,
        PRIMARY KEY (script, region, bucket)
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
# 7: the HTTP side (issue 14): API keys (bot/store/apikeys.py), console operators and their
# sessions (bot/store/operators.py), hotline cases (bot/store/cases.py).
MIGRATIONS[7] = """
    CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        per_minute INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
    ) WITHOUT ROWID;
    CREATE TABLE operators (
        login TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE operator_sessions (
        token_hash TEXT PRIMARY KEY,
        login TEXT NOT NULL,
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX operator_sessions_login ON operator_sessions(login);
    CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        operator TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        lang TEXT NOT NULL,
        verdict TEXT,
        script TEXT,
        stage TEXT,
        paid INTEGER NOT NULL DEFAULT 0,
        given TEXT NOT NULL DEFAULT '[]',
        summary TEXT NOT NULL,
        account TEXT
    );
    CREATE INDEX cases_operator ON cases(operator, updated_at);
"""
SCHEMA_VERSION = max(MIGRATIONS)
# 8: hotline case work (issue 22). Console accounts get a stable id that is never reused
# (operator_accounts, AUTOINCREMENT; kept after removal so a removed person's cases stay with the
# centre) and a console role; cases become records: the account that wrote and the one that holds
# them, status with a history (case_events), the fraudster's identifiers unmasked in a section of
# their own (case_identifiers), and a full-text index (cases_fts, character bigrams as review's).
# Single-column indexes keep rowid order, so "newest first" walks them backwards without sorting.
MIGRATIONS[8] = """
    CREATE TABLE operator_accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        login TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        removed_at INTEGER
    );
    ALTER TABLE operators ADD COLUMN account INTEGER;
    ALTER TABLE operators ADD COLUMN role TEXT NOT NULL DEFAULT 'operator';
    INSERT INTO operator_accounts (login, created_at) SELECT login, created_at FROM operators ORDER BY created_at;
    UPDATE operators SET account = (SELECT max(a.id) FROM operator_accounts a WHERE a.login = operators.login);
    CREATE UNIQUE INDEX operators_account ON operators(account);
    ALTER TABLE cases ADD COLUMN owner INTEGER;
    ALTER TABLE cases ADD COLUMN holder INTEGER;
    ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
    ALTER TABLE cases ADD COLUMN closed_at INTEGER;
    ALTER TABLE cases ADD COLUMN org TEXT;
    ALTER TABLE cases ADD COLUMN trend_row INTEGER;
    ALTER TABLE cases ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
    CREATE INDEX cases_holder ON cases(holder);
    CREATE INDEX cases_owner ON cases(owner);
    CREATE INDEX cases_status ON cases(status);
    CREATE INDEX cases_created ON cases(created_at);
    CREATE INDEX cases_script ON cases(script, created_at);
    CREATE TABLE case_identifiers (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        norm TEXT NOT NULL,
        reported_at INTEGER,
        UNIQUE (case_id, kind, norm)
    );
    CREATE INDEX case_identifiers_norm ON case_identifiers(norm);
    CREATE TABLE case_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        actor INTEGER,
        action TEXT NOT NULL,
        status TEXT,
        target INTEGER,
        note TEXT
    );
    CREATE INDEX case_events_case ON case_events(case_id, id);
    CREATE VIRTUAL TABLE cases_fts USING FTS5 (search_text, content=[cases], content_rowid=[id]);
"""
SCHEMA_VERSION = max(MIGRATIONS)
# 9 (issue 24; 8 is issue 22's hotline cases, merged alongside): named officers (display name,
# unit and the unit's official contact, recorded when the role is granted; owner: store/audit.py),
# alert titles, expiry of drafts, scheduled sending, the first of two officers' confirmations, and
# the issuing unit and contact carried by each alert.
MIGRATIONS[9] = """
    CREATE TABLE officers (
        member TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        contact TEXT,
        updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE alerts ADD COLUMN title TEXT;
    ALTER TABLE alerts ADD COLUMN expires_at INTEGER;
    ALTER TABLE alerts ADD COLUMN send_at INTEGER;
    ALTER TABLE alerts ADD COLUMN first_confirmed_by TEXT;
    ALTER TABLE alerts ADD COLUMN first_confirmed_at INTEGER;
    ALTER TABLE alerts ADD COLUMN unit TEXT;
    ALTER TABLE alerts ADD COLUMN contact TEXT;
"""
SCHEMA_VERSION = max(MIGRATIONS)
# 10: the region a hotline case's help lines were given for (the operator's choice, or the one the
# account told), kept with the case: the redacted account no longer holds the number that told it.
MIGRATIONS[10] = """
    ALTER TABLE cases ADD COLUMN region TEXT;
"""
SCHEMA_VERSION = max(MIGRATIONS)
