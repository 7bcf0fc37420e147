"""Evaluate ways to combine the English SMS model with the rules, by wrapping Analyzer.analyze.

Run: python benchmarks/combine_sms_model.py ../shared/corpus [--sample N]. Prints figures; asserts nothing.
The analyzer itself is not changed: each policy takes the rules' verdict and the model's
probability p and may raise "no_scam_signs" to "suspicious" (never to "scam", and never a text
the rules called a "warning"):

  rules            the rules alone
  any@T            raise when p >= T (English text)
  not-warning@T    ... and the text is not a warning/description: no rule found a warning
                   (red flag warning_not_request) and it does not talk *about* scams
                   ("scam", "fraud", "phishing", "beware", "police", "never ask"…)
  message@T        not-warning@T and nobody is narrating ("he said", "I received", "the caller…")
  sms@T            message@T and the text is message-sized (<= 320 characters)

Figures: dev_en.jsonl per dataset (scam recall, benign false flags, illegal_ad flagged), each
near-duplicate cluster once; accounts_dev.jsonl per language (recall, false flags; warnings are
benign there).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge import load_knowledge
from nlu.analyzer import Analyzer, detect_language
from nlu.evaluate import FLAGGED
from nlu.sms_model import MODEL_PATH, SmsModel

THRESHOLDS = (0.5, 0.7, 0.9)
SMS_CHARS = 320
# Text that talks about scams rather than being one (scam messages do not call themselves scams).
ABOUT_SCAMS = re.compile(
    r"\b(scam\w*|fraud\w*|phishing|smishing|beware|police|warn\w*|never ask|will never|do not click|don't click"
    r"|report (it|this|them)|impersonat\w*|criminals?)\b",
    re.IGNORECASE,
)

# Someone telling us about a contact, not the contact itself: the model knows messages, not stories.
NARRATION = re.compile(
    r"\b(i|my|me|he|she|they|we|her|his|someone|somebody|people|customers?|victims?|consumers?|residents?|users?)\b"
    r"[^.!?\n]{0,40}\b(received?|receiving|got|gets|called|said|says|told|tells|rang|texted|emailed"
    r"|claim(s|ed|ing)?|pretend\w*|asked|stated)\b"
    r"|\b(the|this|that|these) (caller|callers|message|messages|email|e-mail|text|texts|sms|call|calls|scammers?"
    r"|sender|fraudsters?)\b",
    re.IGNORECASE,
)


def is_warning(text: str, result) -> bool:
    """The rules saw a warning, or the text talks about scams."""
    if getattr(result, "told", "other") == "warning":
        return True
    return any(e.indicator.endswith("warning_not_request") for e in result.red_flags) or bool(ABOUT_SCAMS.search(text))


def policies():
    """(name, flag(text, rules_result, p)) for every policy compared."""

    def rules(text, r, p):
        return r.verdict in FLAGGED

    def gated(t, warning=False, narration=False, length=False):
        def flag(text, r, p):
            if r.verdict != "no_scam_signs":  # flagged, or "warning" (advice about a scam): the rules decided
                return rules(text, r, p)
            if p < t or (warning and is_warning(text, r)):
                return False
            return not (narration and NARRATION.search(text)) and not (length and len(text) > SMS_CHARS)

        return flag

    yield "rules", rules
    for t in THRESHOLDS:
        yield f"any@{t}", gated(t)
        yield f"not-warning@{t}", gated(t, warning=True)
        yield f"message@{t}", gated(t, warning=True, narration=True)
        yield f"sms@{t}", gated(t, warning=True, narration=True, length=True)


def rate(pairs) -> float:
    clusters: dict[str, list[bool]] = defaultdict(list)
    for c, f in pairs:
        clusters[c].append(f)
    return sum(sum(v) / len(v) for v in clusters.values()) / len(clusters) if clusters else float("nan")


def score(
    path: Path, analyzer: Analyzer, model: SmsModel, group_of, sample: int
) -> list[tuple[str, str, str, object, float]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for k, line in enumerate(f):
            if sample and k % sample:
                continue
            r = json.loads(line)
            text = r["text"]
            result = analyzer.analyze(text)
            p = model.probability(text) if detect_language(text) == "en" else 0.0
            out.append((group_of(r), r["label"], str(r.get("dup_cluster") or r["id"]), (text, result), p))
    return out


def report(title: str, scored, names: list[str]) -> None:
    print(f"\n{title}")
    groups = sorted({(g, label) for g, label, *_ in scored})
    print(f"  {'policy':<16}" + "".join(f"{g[:14] + '/' + label[:3]:>20}" for g, label in groups))
    for name, flag in policies():
        if name not in names:
            continue
        cells = []
        for g, label in groups:
            pairs = [(c, flag(tr[0], tr[1], p)) for gg, ll, c, tr, p in scored if gg == g and ll == label]
            cells.append(f"{rate(pairs):>20.4f}")
        print(f"  {name:<16}" + "".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder with dev_en.jsonl and accounts_dev.jsonl")
    ap.add_argument("--model", type=Path, default=MODEL_PATH)
    ap.add_argument("--sample", type=int, default=0, help="score every Nth dev_en row only (faster)")
    args = ap.parse_args()
    model = SmsModel.load(args.model)
    if model is None:
        sys.exit(f"no model at {args.model}")
    analyzer = Analyzer(load_knowledge())
    names = [n for n, _ in policies()]
    t0 = time.perf_counter()
    acc = score(args.corpus / "accounts_dev.jsonl", analyzer, model, lambda r: str(r.get("lang")), 0)
    report(
        "accounts_dev.jsonl: share flagged per language (scam: recall; benign incl. warnings: false flags)", acc, names
    )
    dev = score(args.corpus / "dev_en.jsonl", analyzer, model, lambda r: r["dataset"], args.sample)
    report(
        "dev_en.jsonl: share flagged per dataset (scam: recall; benign: false flags; illegal_ad: informative)",
        dev,
        names,
    )
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
