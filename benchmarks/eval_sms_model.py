"""Measure the English SMS model on dev_en.jsonl (per dataset) and accounts_dev.jsonl (English rows).

Run: python benchmarks/eval_sms_model.py ../shared/corpus [--model PATH]. Prints figures; asserts nothing.
Each near-duplicate cluster counts once (its value is the share of its rows flagged), as in
`callcheck eval`. On dev_en only `train+eval` rows (Mendeley, UCI) can have been trained on: the
eval-only sources (Smishtank, ExAIS, Super) are truly held out, and so are the train+eval
clusters kept outside the corpus folder. accounts_dev.jsonl is measured, never trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlu.sms_model import MODEL_PATH, SmsModel

THRESHOLDS = (0.3, 0.5, 0.7, 0.9)


def rate(pairs: list[tuple[str, bool]]) -> tuple[float, int]:
    """Share flagged, each cluster once."""
    clusters: dict[str, list[bool]] = defaultdict(list)
    for c, f in pairs:
        clusters[c].append(f)
    if not clusters:
        return float("nan"), 0
    return sum(sum(v) / len(v) for v in clusters.values()) / len(clusters), len(clusters)


def table(groups: dict[tuple[str, str], list[tuple[str, float]]], title: str) -> None:
    print(f"\n{title}")
    print(f"  {'group':<34}{'clusters':>9}" + "".join(f"{'p>=' + str(t):>9}" for t in THRESHOLDS))
    for (name, label), scored in sorted(groups.items()):
        n = rate([(c, True) for c, _ in scored])[1]
        cells = "".join(f"{rate([(c, p >= t) for c, p in scored])[0]:>9.4f}" for t in THRESHOLDS)
        print(f"  {name + ' / ' + label:<34}{n:>9}{cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=MODEL_PATH)
    ap.add_argument("corpus", type=Path, help="folder with dev_en.jsonl and accounts_dev.jsonl")
    args = ap.parse_args()
    model = SmsModel.load(args.model)
    if model is None:
        sys.exit(f"no model at {args.model}")
    groups: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    with open(args.corpus / "dev_en.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            lic = "train+eval" if r["license"].startswith("train+eval") else "eval-only"
            groups[(f"{r['dataset']} ({lic})", r["label"])].append((r["dup_cluster"], model.probability(r["text"])))
    table(groups, "dev_en.jsonl: share flagged (scam rows: recall; benign: false flags; illegal_ad: informative)")
    acc: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    accounts = args.corpus / "accounts_dev.jsonl"
    if accounts.exists():
        with open(accounts, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                acc[(f"accounts_dev {r.get('lang')}", r["label"])].append((r["id"], model.probability(r["text"])))
        table(acc, "accounts_dev.jsonl (measured only; the model is English, other languages for reference)")


if __name__ == "__main__":
    main()
