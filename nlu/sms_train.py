"""Fit the English SMS model (nlu/sms_model.py) with scikit-learn. Training and tests only.

scikit-learn is in the `test` extra, not a runtime dependency: the bot imports nlu.sms_model,
which scores with the stored weights alone. The featurisation here is sklearn's own
(CountVectorizer, analyzer='char_wb' 2..5 and 'word' 1..2, binary, with nlu.sms_model.prepare as
preprocessor); nlu.sms_model reproduces it, and tests check that both give the same scores.

Procedure (deterministic): fit an L2 logistic regression (liblinear) on all n-grams seen in at
least `min_df` texts, keep the `keep` n-grams with the largest |weight|, refit on those, and fit
Platt's sigmoid on out-of-fold decision values (GroupKFold by near-duplicate cluster, the
same fit-prune-refit in every fold), so the probabilities are calibrated on texts the model
did not see. Each sample has a weight, so that a near-duplicate cluster counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from .sms_model import CHAR_NGRAMS, WORD_NGRAMS, SmsModel, prepare

DEFAULT_C = 10.0
DEFAULT_KEEP = 12000
DEFAULT_MIN_DF = 2
FOLDS = 5


@dataclass(frozen=True)
class Sample:
    """One training text: label (True = scam), weight (1 / texts in its cluster) and cluster id."""

    text: str
    scam: bool
    weight: float
    group: str


def vectorizers(min_df: int = DEFAULT_MIN_DF, vocabularies: Sequence[dict] | None = None) -> list[CountVectorizer]:
    """The two sklearn vectorizers whose features nlu.sms_model.features reproduces."""
    common = {"binary": True, "preprocessor": prepare, "dtype": np.float64}
    char = CountVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, min_df=min_df, **common)
    word = CountVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, min_df=min_df, **common)
    if vocabularies is not None:
        char.set_params(vocabulary=vocabularies[0], min_df=1)
        word.set_params(vocabulary=vocabularies[1], min_df=1)
    return [char, word]


def matrix(vecs: Sequence[CountVectorizer], texts: Sequence[str], fit: bool = False) -> sp.csr_matrix:
    """Binary n-gram rows scaled by 1/sqrt(distinct n-grams of the text, known or not)."""
    blocks = [v.fit_transform(texts) if fit else v.transform(texts) for v in vecs]
    analyzers = [v.build_analyzer() for v in vecs]
    counts = np.array([sum(len(set(a(t))) for a in analyzers) for t in texts], dtype=np.float64)
    scale = sp.diags(1.0 / np.sqrt(np.maximum(counts, 1.0)))
    return (scale @ sp.hstack(blocks).tocsr()).tocsr()


def _fit_pruned(texts, y, w, c, keep, min_df):
    vecs = vectorizers(min_df)
    x = matrix(vecs, texts, fit=True)
    full = LogisticRegression(C=c, solver="liblinear", random_state=0).fit(x, y, sample_weight=w)
    names = [("c:", n) for n in vecs[0].get_feature_names_out()] + [("w:", n) for n in vecs[1].get_feature_names_out()]
    coef = full.coef_[0]
    order = np.lexsort((np.arange(len(coef)), -np.abs(coef)))[:keep]  # ties broken by position: deterministic
    kept = sorted(names[i] for i in order if coef[i] != 0)
    # A vectorizer may not have an empty vocabulary: "\x00" never occurs in prepared text (weight 0).
    vocab_c = {n: i for i, n in enumerate(n for p, n in kept if p == "c:")} or {"\x00": 0}
    vocab_w = {n: i for i, n in enumerate(n for p, n in kept if p == "w:")} or {"\x00": 0}
    vecs = vectorizers(vocabularies=(vocab_c, vocab_w))
    x = matrix(vecs, texts)
    model = LogisticRegression(C=c, solver="liblinear", random_state=0).fit(x, y, sample_weight=w)
    return vecs, model


def fit(
    samples: Sequence[Sample],
    c: float = DEFAULT_C,
    keep: int = DEFAULT_KEEP,
    min_df: int = DEFAULT_MIN_DF,
    folds: int = FOLDS,
    meta: dict | None = None,
) -> tuple[SmsModel, np.ndarray]:
    """The fitted model and the out-of-fold decision values (one per sample, for measuring)."""
    y = np.array([s.scam for s in samples])
    if y.all() or not y.any():
        raise ValueError("training needs both scam and everyday examples")
    texts = [s.text for s in samples]
    w = np.array([s.weight for s in samples], dtype=np.float64)
    groups = [s.group for s in samples]
    n_groups = len(set(groups))
    folds = min(folds, n_groups)
    if folds < 2:
        raise ValueError("training needs at least two near-duplicate clusters")
    oof = np.zeros(len(samples))
    for tr, te in GroupKFold(folds).split(texts, y, groups):
        if y[tr].all() or not y[tr].any():
            raise ValueError("too few examples of one label to cross-validate; add more")
        vecs, m = _fit_pruned([texts[i] for i in tr], y[tr], w[tr], c, keep, min_df)
        oof[te] = m.decision_function(matrix(vecs, [texts[i] for i in te]))
    platt = LogisticRegression(C=1e6, solver="lbfgs").fit(oof.reshape(-1, 1), y, sample_weight=w)
    vecs, m = _fit_pruned(texts, y, w, c, keep, min_df)
    weights: dict[str, float] = {}
    for prefix, vec, offset in (("c:", vecs[0], 0), ("w:", vecs[1], len(vecs[0].vocabulary_))):
        for name, i in vec.vocabulary_.items():
            if m.coef_[0][offset + i] != 0:
                weights[prefix + name] = float(m.coef_[0][offset + i])
    info = {
        "scam_texts": int(y.sum()),
        "everyday_texts": int((~y).sum()),
        "clusters": n_groups,
        "features": len(weights),
        "C": c,
        "keep": keep,
        "min_df": min_df,
        **(meta or {}),
    }
    model = SmsModel(weights, float(m.intercept_[0]), float(platt.coef_[0][0]), float(platt.intercept_[0]), meta=info)
    return model, oof


def sklearn_decision(
    samples: Sequence[Sample],
    texts: Sequence[str],
    c: float = DEFAULT_C,
    keep: int = DEFAULT_KEEP,
    min_df: int = DEFAULT_MIN_DF,
) -> np.ndarray:
    """sklearn's own decision_function for `texts` after the same fit-prune-refit (for tests)."""
    y = np.array([s.scam for s in samples])
    w = np.array([s.weight for s in samples], dtype=np.float64)
    vecs, m = _fit_pruned([s.text for s in samples], y, w, c, keep, min_df)
    return m.decision_function(matrix(vecs, list(texts)))


LICENCE_PREFIX = "train+eval"
LABELS = {"scam": True, "benign": False}  # illegal_ad is left out: see the module docstring


@dataclass
class CorpusCount:
    """What happened to a corpus's rows."""

    used_rows: int = 0
    other_licence: int = 0
    illegal_ad: int = 0
    unlabelled: int = 0
    duplicate_text: int = 0
    clusters: int = 0


def licensed_samples(rows) -> tuple[list[Sample], CorpusCount]:
    """Samples from rows licensed `train+eval` (other licences skipped and counted).

    Labels: scam → positive, benign → negative, illegal_ad (marketing spam, by a keyword rule)
    left out. Within a near-duplicate cluster each distinct text (case and spacing folded) is
    kept once, and the cluster's texts share a total weight of 1.
    """
    count = CorpusCount()
    clusters: dict[str, dict[str, tuple[str, bool]]] = {}
    for r in rows:
        if not str(r.get("license", "")).strip().lower().startswith(LICENCE_PREFIX):
            count.other_licence += 1
            continue
        label = r.get("label")
        if label == "illegal_ad":
            count.illegal_ad += 1
            continue
        if label not in LABELS or not isinstance(r.get("text"), str) or not r["text"].strip():
            count.unlabelled += 1
            continue
        group = str(r.get("dup_cluster") or r.get("id") or f"row{count.used_rows}")
        texts = clusters.setdefault(group, {})
        key = " ".join(r["text"].lower().split())
        if key in texts:
            count.duplicate_text += 1
            continue
        texts[key] = (r["text"], LABELS[label])
        count.used_rows += 1
    samples = [
        Sample(text, scam, 1.0 / len(texts), group)
        for group, texts in clusters.items()
        for text, scam in texts.values()
    ]
    count.clusters = len(clusters)
    return samples, count
