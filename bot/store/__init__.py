"""The store: SQLite through sqlite-utils, one owning module per group of tables, numbered migrations."""

from . import audit as _audit  # noqa: F401  (registers the officers table for /forget)
from .core import (
    FORGET_TABLES,
    MAX_NOTE,
    MIN_SALT,
    STATUSES,
    AlreadyDone,
    ImportResult,
    NumberRecord,
    ProtectedNumber,
    RateLimited,
    ReportOutcome,
    SaltError,
    SchemaTooNew,
    Store,
    StoreError,
    iso,
    load_salt,
    redact,
    register_forget,
)
from .migrations import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "FORGET_TABLES",
    "MAX_NOTE",
    "MIGRATIONS",
    "MIN_SALT",
    "SCHEMA_VERSION",
    "STATUSES",
    "AlreadyDone",
    "ImportResult",
    "NumberRecord",
    "ProtectedNumber",
    "RateLimited",
    "ReportOutcome",
    "SaltError",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "iso",
    "load_salt",
    "redact",
    "register_forget",
]
