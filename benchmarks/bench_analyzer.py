"""Benchmark the embedded analyzer: load time, latency p50/p99 (short and 500 chars), throughput, peak RSS,
and CPU per text beside a TF-IDF + logistic-regression anchor on the same texts, in the same process.

Run: python benchmarks/bench_analyzer.py [--rounds N]. Prints numbers; asserts nothing.
Targets (issue 21), on one core, each printed met or not: ready (imports, knowledge load, first
call) <= 400 ms of CPU; CPU p99 <= 3 ms for 500 characters; on 4,000-character English text, CPU
per text (mean) <= the anchor's: scikit-learn's TfidfVectorizer (char 2-5-grams + word 1-2-grams)
+ LogisticRegression, trained here on made-up rows, timed on `predict_proba` of one text at a time,
as the analyzer is called (a word 1-2-gram anchor is printed beside it for comparison; the ratio by
median is the one a busy machine disturbs least).
Wall-clock percentiles are inflated on a shared machine: the CPU columns (time.process_time) are
what to compare.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import time

SHORT = [
    "我是淘宝客服，您的快递丢了，我们给您三倍赔偿。",
    "你好，订单卡单了，需要激活订单。",
    "【顺丰速运】您的快件已到驿站，取件码3-2-1102。",
    "Your parcel is held, pay the redelivery fee at usps-care.top",
    "明天下午三点开会。",
]
PARTS = [
    "您好，我是京东金融客服，",
    "您之前开通了京东白条学生账户，",
    "根据国家规定需要注销，",
    "不注销会影响您的征信，",
    "请您下载腾讯会议，",
    "开启屏幕共享，",
    "我们一步步指导您操作，",
    "把借呗和微粒贷的额度借出来转到我们的对公账户，",
    "核实后会原路退还，",
    "请不要挂断电话，",
    "也不要告诉家人。",
    "今天天气很好，",
    "我们去公园散步吧。",
    "Hello, this is Amazon support, ",
    "your Prime membership will renew, ",
    "please install AnyDesk. ",
    "对方电话 +86 138 0013 8000，",
    "网址 www.jd-tuikuan.com，",
    "金额5000元，",
]


EN_PARTS = [
    "Hello, this is Amazon support, ",
    "your Prime membership will renew today, ",
    "please install AnyDesk so we can cancel it. ",
    "I got a text saying my parcel is held at the depot. ",
    "They asked me to pay a redelivery fee of 1.45 at parcel-redeliver.top. ",
    "We went to the park and had a picnic. ",
    "My bank called about a payment I did not make and told me to move my savings to a safe account. ",
    "Call us back on 0800 555 0199 to confirm. ",
    "Your subscription could not be renewed, update your card details now. ",
    "The meeting moved to Thursday afternoon. ",
    "Read me the code we just sent you. ",
    "Thanks for the lovely dinner last night. ",
]
# Made-up rows for the anchor: which parts make a text a scam (the anchor only has to be a real model).
EN_SCAM = frozenset(EN_PARTS[i] for i in (0, 2, 4, 6, 7, 8, 10))


def make_long(rng: random.Random, n: int = 500, parts: list[str] = PARTS) -> str:
    """A text of `n` characters drawn from `parts` (default: this benchmark's mix)."""
    out = ""
    while len(out) < n:
        out += rng.choice(parts)
    return out[:n]


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def measure(analyze, texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for t in texts:
            start = time.perf_counter()
            analyze(t)
            times.append((time.perf_counter() - start) * 1000)
    return times


def cpu_per_text(fn, texts: list[str], rounds: int) -> tuple[float, float, float]:
    """Mean, median and p99 CPU milliseconds per call of `fn` on each text (time.process_time)."""
    per = []
    for _ in range(rounds):
        for t in texts:
            c = time.process_time()
            fn(t)
            per.append((time.process_time() - c) * 1000)
    return sum(per) / len(per), statistics.median(per), percentile(per, 99)


def anchor_models(rng: random.Random, rows: int):
    """TF-IDF + logistic regression trained on made-up English rows: word 1–2-grams, and char 2–5-grams
    with word 1–2-grams (the featurisation of nlu/sms_model.py). None without scikit-learn."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
    except ImportError:
        return None
    texts, labels = [], []
    for _ in range(rows):
        parts = [rng.choice(EN_PARTS) for _ in range(rng.randint(1, 6))]
        texts.append("".join(parts))
        labels.append(int(any(p in EN_SCAM for p in parts)))
    word = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=1000))
    both = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        ),
        LogisticRegression(max_iter=1000),
    )
    return {"word 1-2": word.fit(texts, labels), "char 2-5 + word 1-2": both.fit(texts, labels)}


READY_MS = 400  # issue 21 targets, on one core of a quiet machine
P99_500_MS = 3.0
ANCHOR = "char 2-5 + word 1-2"  # the anchor the analyzer is held to on 4,000-character English text


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def anchor(analyzer, rounds: int, smoke: bool) -> None:
    """The analyzer's CPU per text beside the anchor's, on the same 4,000-character English texts."""
    rng = random.Random(11)
    models = anchor_models(rng, 40 if smoke else 2000)
    if models is None:
        print("anchor: scikit-learn is not installed (pip install -e '.[test]'); skipped")
        return
    for size in (500, 4000):
        texts = [make_long(rng, size, EN_PARTS) for _ in range(2 if smoke else 20)]
        for t in texts:  # warm: the English SMS model loads on the first English text
            analyzer.analyze(t)
        n = max(1, rounds // 20)
        mean, median, p99 = cpu_per_text(analyzer.analyze, texts, n)
        print(
            f"English {size:>4} chars, CPU per text: analyzer mean {mean:.2f} ms median {median:.2f} ms "
            f"p99 {p99:.2f} ms"
        )
        for name, model in models.items():
            a_mean, a_median, a_p99 = cpu_per_text(lambda t, m=model: m.predict_proba([t]), texts, n)
            held = size == 4000 and name == ANCHOR
            print(
                f"{'':>10}anchor TF-IDF ({name}) + LR: mean {a_mean:.2f} ms median {a_median:.2f} ms "
                f"p99 {a_p99:.2f} ms -> analyzer/anchor {mean / a_mean:.2f}x by mean, {median / a_median:.2f}x "
                "by median"
                + (f" (target <= 1.00x by mean: {verdict(mean <= a_mean)})" if held else "")
                + (" (for comparison)" if size == 4000 and not held else "")
            )


def knowledge_cache_warm() -> bool:
    """Whether the compiled knowledge is already on disk for this code and these files."""
    from knowledge import default_root, kbcache

    where = kbcache.cache_dir()
    return where is not None and (where / f"{kbcache.key(default_root())}.pickle").exists()


def regex_cache_warm() -> bool:
    """Whether compiled regular expressions are on disk for this interpreter (nlu/regexcache.py)."""
    from nlu import regexcache

    where = regexcache.cache_file()
    return where is not None and where.exists()


def bytecode_note() -> str:
    """Whether this process imported its modules from bytecode or compiled them from source."""
    import importlib.util
    import os
    import sys

    import phonenumbers

    import nlu.analyzer

    compiled = [
        os.path.exists(importlib.util.cache_from_source(m.__file__)) for m in (nlu.analyzer, phonenumbers) if m.__file__
    ]
    if all(compiled):
        return "modules imported from bytecode"
    why = "PYTHONDONTWRITEBYTECODE is set" if sys.flags.dont_write_bytecode else "first run since install"
    return f"modules compiled from source at start: no bytecode on disk, {why}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--no-freeze", action="store_true", help="Do not gc.freeze() after loading.")
    parser.add_argument("--smoke", action="store_true", help="Tiny sizes: it runs (CI); figures mean nothing.")
    args = parser.parse_args()
    if args.smoke:
        args.rounds = 1

    t0, c0 = time.perf_counter(), time.process_time()
    from knowledge import load_knowledge
    from nlu.analyzer import Analyzer

    warm_cache, warm_regexes = knowledge_cache_warm(), regex_cache_warm()
    kb = load_knowledge()
    t1, c1 = time.perf_counter(), time.process_time()
    analyzer = Analyzer(kb)
    analyzer.analyze("预热 warm-up 95188")  # first call builds lazy tables (t2s, caches)
    t2, c2 = time.perf_counter(), time.process_time()
    # Phrases compile on first use; a long-lived process compiles them all at start (bot/warm.py).
    from knowledge.phrases import compile_all

    phrases = compile_all(p for ind in kb.indicators() for p in ind.patterns)
    t3, c3 = time.perf_counter(), time.process_time()
    if not args.no_freeze:
        gc.freeze()  # as the app does after start-up: the knowledge base is long-lived
    print("                                     wall      CPU")
    print(f"knowledge load (YAML + validation): {(t1 - t0) * 1000:5.0f} ms {(c1 - c0) * 1000:5.0f} ms")
    print(f"analyzer build + first call:        {(t2 - t1) * 1000:5.0f} ms {(c2 - c1) * 1000:5.0f} ms")
    print(
        f"ready (imports, load, first call):  {(t2 - t0) * 1000:5.0f} ms {(c2 - c0) * 1000:5.0f} ms  "
        f"(target CPU <= {READY_MS} ms: {verdict((c2 - c0) * 1000 <= READY_MS)})"
    )
    # What moves the start-up figure from one run to the next: a knowledge cache that a change to the
    # knowledge or the code made cold (the YAML is parsed and validated again, ~0.6 s), no compiled
    # regular expressions on disk yet (~0.2 s here, ~0.4 s more for the warm start's phrases), and
    # modules compiled from source at every start (no bytecode on disk: uv installs none, and with
    # PYTHONDONTWRITEBYTECODE set Python writes none, ~0.1 s).
    print(
        f"  (knowledge cache {'warm' if warm_cache else 'COLD: this run parsed the YAML and stored it'}; "
        f"regular expressions {'read back' if warm_regexes else 'COLD: compiled, stored at exit'}; "
        f"{bytecode_note()})"
    )
    print(f"compile all {phrases} phrases (warm start): {(t3 - t2) * 1000:5.0f} ms {(c3 - c2) * 1000:5.0f} ms")

    rng = random.Random(7)
    longs = [make_long(rng) for _ in range(50)]
    for name, texts in (("short", SHORT), ("500 chars", longs)):
        cpu0 = time.process_time()
        times = measure(analyzer.analyze, texts, max(1, args.rounds * 10 // len(texts)))
        cpu = (time.process_time() - cpu0) * 1000 / len(times)  # what a busy machine disturbs least
        total = sum(times) / 1000
        _, _, cpu99 = cpu_per_text(analyzer.analyze, texts, max(1, args.rounds * 2 // len(texts)))
        print(
            f"{name:>10}: n={len(times)} wall p50={statistics.median(times):.2f} ms "
            f"p99={percentile(times, 99):.2f} ms max={max(times):.2f} ms "
            f"throughput={len(times) / total:.0f} msg/s; CPU mean={cpu:.2f} ms/msg p99={cpu99:.2f} ms"
            + (f" (target CPU p99 <= {P99_500_MS:g} ms: {verdict(cpu99 <= P99_500_MS)})" if name == "500 chars" else "")
        )
    anchor(analyzer, args.rounds, args.smoke)
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
