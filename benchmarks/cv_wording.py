"""Cross-validate the wording model on the rows it may be trained on (Apache-2.0 only).

The shipped model is trained on every Apache-2.0 row of the corpus, so `callcheck eval` figures
for that dataset are in-sample. This script splits those rows by near-duplicate cluster into K
folds, trains on K-1 (plus the knowledge examples, as `callcheck model train` does) and runs the
full analyzer with that model on the held-out fold. Prints recall and false flags per fold and
overall, each cluster counted once; asserts nothing.

Run: python benchmarks/cv_wording.py ../shared/corpus/dev.jsonl [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections import defaultdict

from knowledge import load_knowledge
from nlu.analyzer import Analyzer
from nlu.wording import train

ALLOWED = "apache-2.0"


def fold_of(cluster: str, folds: int) -> int:
    """A stable fold for a cluster (crc32, so runs are reproducible)."""
    return zlib.crc32(cluster.encode()) % folds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=2.0)
    args = ap.parse_args()
    kb = load_knowledge()
    extra = [(ex.text, ex.expect != "no_scam_signs") for s in kb.scripts.values() for ex in s.examples]
    extra += [(t, False) for t in kb.genuine]
    rows = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if str(r.get("license", "")).lower().startswith(ALLOWED) and r.get("label") in ("scam", "benign"):
                rows.append(r)
    totals: dict[str, dict] = {"scam": defaultdict(list), "benign": defaultdict(list)}
    baseline: dict[str, dict] = {"scam": defaultdict(list), "benign": defaultdict(list)}
    rules_only = Analyzer(kb, wording=None)
    for k in range(args.folds):
        seen: set[str] = set()
        train_rows = []
        for r in rows:
            c = str(r["dup_cluster"])
            if fold_of(c, args.folds) != k and c not in seen:
                seen.add(c)
                train_rows.append((r["text"], r["label"] == "scam"))
        model = train(train_rows + extra, args.threshold)
        analyzer = Analyzer(kb, wording=model)
        fold: dict[str, dict] = {"scam": defaultdict(list), "benign": defaultdict(list)}
        for r in rows:
            c = str(r["dup_cluster"])
            if fold_of(c, args.folds) != k:
                continue
            flagged = analyzer.analyze(r["text"]).verdict != "no_scam_signs"
            fold[r["label"]][c].append(flagged)
            totals[r["label"]][c].append(flagged)
            baseline[r["label"]][c].append(rules_only.analyze(r["text"]).verdict != "no_scam_signs")
        print(f"fold {k}: recall {_rate(fold['scam']):.4f}  false flags {_rate(fold['benign']):.4f}")
    print(f"held-out, all folds: recall {_rate(totals['scam']):.4f}  false flags {_rate(totals['benign']):.4f}")
    print(f"rules only (no model): recall {_rate(baseline['scam']):.4f}  false flags {_rate(baseline['benign']):.4f}")


def _rate(by_cluster: dict[str, list[bool]]) -> float:
    if not by_cluster:
        return 0.0
    return sum(sum(v) / len(v) for v in by_cluster.values()) / len(by_cluster)


if __name__ == "__main__":
    main()
