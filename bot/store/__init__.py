"""The store: SQLite through sqlite-utils, one owning module per group of tables, numbered migrations."""

from .core import (
    MAX_NOTE,
    STATUSES,
    ImportResult,
    NumberRecord,
    ProtectedNumber,
    RateLimited,
    ReportOutcome,
    SchemaTooNew,
    Store,
    StoreError,
    iso,
    load_salt,
    redact,
)
from .migrations import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "MAX_NOTE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUSES",
    "ImportResult",
    "NumberRecord",
    "ProtectedNumber",
    "RateLimited",
    "ReportOutcome",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "iso",
    "load_salt",
    "redact",
]
