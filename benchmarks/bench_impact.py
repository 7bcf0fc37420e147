"""The impact preview's time for one phrase over every development set (and the knowledge sets).

    .venv/bin/python benchmarks/bench_impact.py [CORPUS_DIR]

CORPUS_DIR defaults to ../shared/corpus (or CALLCHECK_CORPUS). Prints, for a narrow phrase and a
broad one, the first preview (reading and folding the corpora once per process) and the next
ones, with the rows matched per set. Numbers only: no text from the corpora is printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.services.impact import ImpactPreview, corpus_sets, default_corpus
from knowledge import default_root, load_knowledge
from knowledge.additions import Overlay
from nlu.regression import load_regression

PHRASES = [
    ("narrow", "red_flag.asks_transfer", {"lang": "zh", "phrase": "买{紫罗兰|丁香}充值卡"}),
    ("broad", "refund_compensation.parcel_lost", {"lang": "zh", "phrase": "您好"}),
    ("english", "red_flag.asks_transfer", {"lang": "en", "phrase": "buy * gift card* for"}),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=None, help="the development sets' folder")
    ap.add_argument("--smoke", action="store_true", help="One phrase, one run: it runs (CI); figures mean nothing.")
    args = ap.parse_args()
    corpus = Path(args.corpus) if args.corpus else default_corpus()
    if args.smoke and not args.corpus:
        corpus = Path(tempfile.mkdtemp(prefix="bench-impact-")) / "corpus"  # a few made-up rows: the path, not the data
        corpus.mkdir()
        rows = [
            {"text": "有人让我买丁香充值卡把卡密发给他", "label": "scam"},
            {"text": "the caller told me to buy gift cards for the fee", "label": "scam"},
            {"text": "您好，您的快递已放在门口", "label": "benign"},
        ]
        (corpus / "made_up.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    if corpus is None or not corpus.is_dir():
        sys.exit("no corpus folder: give CORPUS_DIR or set CALLCHECK_CORPUS")
    root = default_root()
    kb = load_knowledge(root)
    regression, _ = load_regression(root / "regression.yml")
    t = time.perf_counter()
    sets = corpus_sets(corpus)
    print(
        f"read and fold the development sets once: {time.perf_counter() - t:.1f} s "
        f"({', '.join(f'{k} {len(v)}' for k, v in sets.items())})"
    )
    preview = ImpactPreview(root, corpus=corpus)
    for label, target, value in PHRASES[:1] if args.smoke else PHRASES:
        add = SimpleNamespace(id=1, kind="phrase", target=target, value=value)
        new_kb = load_knowledge(root, Overlay([add]))
        runs = []
        for _ in range(1 if args.smoke else 3):
            impact = preview.preview(add, kb, new_kb, regression)
            runs.append(impact.seconds)
        matched = ", ".join(f"{s.name} {s.matched}" for s in impact.sets if s.source == "corpus")
        verdict = "refused" if impact.refused else ("second volunteer" if impact.second else "one volunteer")
        print(
            f"{label:8s} phrase over every set: {min(runs):.2f} s (first {runs[0]:.2f} s); matched {matched}; {verdict}"
        )


if __name__ == "__main__":
    main()
