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

from bot.cli.model import ALLOWED_LICENCE
from knowledge import load_knowledge
from nlu.analyzer import Analyzer
from nlu.evaluate import EvalReport
from nlu.wording import train


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
            if str(r.get("license", "")).lower().startswith(ALLOWED_LICENCE) and r.get("label") in ("scam", "benign"):
                rows.append(r)
    total, rules_only = EvalReport(), EvalReport()
    baseline = Analyzer(kb, wording=None)
    for k in range(args.folds):
        seen: set[str] = set()
        train_rows = []
        for r in rows:
            c = str(r["dup_cluster"])
            if fold_of(c, args.folds) != k and c not in seen:
                seen.add(c)
                train_rows.append((r["text"], r["label"] == "scam"))
        analyzer = Analyzer(kb, wording=train(train_rows + extra, args.threshold))
        fold = EvalReport()
        for r in rows:
            if fold_of(str(r["dup_cluster"]), args.folds) == k:
                result = analyzer.analyze(r["text"])
                fold.add(r, result)
                total.add(r, result)
                rules_only.add(r, baseline.analyze(r["text"]))
        print(f"fold {k}: {_figures(fold)}")
    print(f"held-out, all folds: {_figures(total)}")
    print(f"rules only (no model): {_figures(rules_only)}")


def _figures(report: EvalReport) -> str:
    return f"recall {report.recall['ALL'].rate():.4f}  false flags {report.false_flags['ALL'].rate():.4f}"


if __name__ == "__main__":
    main()
