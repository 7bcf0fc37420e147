"""Hotline cases for the police: one export shape for the console's download and `callcheck case export`.

CSV has one row per case with every identifier kind in its own column (several values joined by
" | "; `KIND_COLUMNS` names them); JSON Lines has one object per case with the identifiers as a
list. The caller's part is what the caller agreed to keep, already redacted; the fraudster's identifiers are unmasked.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..store.cases import KINDS

# Each identifier kind's CSV column: plural (several values joined by " | ") and saying whose it is.
# The caller's own account of the call is a column of its own, filled only when they agreed.
KIND_COLUMNS = {
    "number": "fraudster_numbers",
    "account": "receiving_accounts",
    "wallet": "receiving_wallets",
    "handle": "fraudster_handles",
    "link": "fraudster_links",
    "app": "apps_used",
    "amount": "amounts_paid",
    "paid_at": "paid_at",
}
CALLER_ACCOUNT = "caller_account_with_consent"
FIELDS = (
    "id", "opened", "closed", "status", "operator", "script", "verdict", "org", "lang",
    *(KIND_COLUMNS[k] for k in KINDS), "reported_numbers", "summary", CALLER_ACCOUNT,
)  # fmt: skip
assert len(set(FIELDS)) == len(FIELDS), "every CSV column name is unique"


def export_row(case: dict, names: dict[int, str]) -> dict:
    """One case as exported: who wrote it by login, the identifiers, which numbers were reported."""
    return {
        "id": case["id"],
        "opened": case["opened"],
        "closed": case["closed"],
        "status": case["status"],
        "operator": names.get(case["owner"], "") if case["owner"] else "",
        "script": case["script"],
        "verdict": case["verdict"],
        "org": case["org"],
        "lang": case["lang"],
        "identifiers": [{"kind": i["kind"], "value": i["value"]} for i in case["identifiers"]],
        "reported_numbers": [i["value"] for i in case["identifiers"] if i["reported"]],
        "summary": case["summary"],
        CALLER_ACCOUNT: case["account"],  # the caller's own words, redacted, only when they agreed
    }


def export_text(rows: Iterable[dict], fmt: str) -> str:
    """`export_row` rows as CSV (with a BOM, for spreadsheets) or JSON Lines."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt != "csv":
        raise ValueError(f"format must be csv or jsonl, not {fmt!r}")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for r in rows:
        flat = {k: r.get(k) for k in FIELDS}
        for kind in KINDS:
            flat[KIND_COLUMNS[kind]] = " | ".join(i["value"] for i in r["identifiers"] if i["kind"] == kind)
        flat["reported_numbers"] = " | ".join(r["reported_numbers"])
        writer.writerow(flat)
    return "\ufeff" + out.getvalue()
