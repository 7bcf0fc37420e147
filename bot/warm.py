"""Warm start for long-lived processes (the web server, the Telegram bot): everything a first
request would otherwise pay for is loaded before the first request is accepted.

- the knowledge, and every phrase's regular expression compiled (they compile on first use
  otherwise, see knowledge/phrases.py);
- phonenumbers' geocoder and carrier data (about 100 MiB, seconds to import), which the first
  account with a phone number in it would otherwise wait for;
- the analyzer's lazily built tables, by analysing a few accounts (zh and en, with numbers);
- the situation reader's patterns (already given / still on the call), both of its views;
- the reply texts in both languages.

What it compiled is written to the regular-expression cache (nlu/regexcache.py) at once, so the
next process, whatever ends this one, reads the expressions back instead of compiling them.

Short-lived commands (`callcheck check`, the terminal chat) skip this and load lazily.
"""

from __future__ import annotations

import gc
import time

# Made-up accounts that touch every lazy part: Chinese and English text, a mainland mobile, a UK
# landline and a link (the wording and SMS models, number facts with geocoder and carrier data).
_WARM_TEXTS = (
    "预热：对方自称平台客服，让我拨打 13800138000 核实",
    "warm-up: a caller said to ring 020 7946 0000 and visit example.org to confirm",
)


# A helper's account (an operator typing what the caller says): the situation reader's second view.
_WARM_HELPED = "预热：来电人称她已经把验证码给了对方，电话还没挂"


def warm(app) -> float:
    """Load and compile everything a request needs; returns the seconds it took."""
    from knowledge.phrases import compile_all

    start = time.perf_counter()
    kb = app.kb
    compile_all(p for ind in kb.indicators() for p in ind.patterns)
    situations = getattr(kb, "situations", None)
    compile_all(getattr(situations, "on_call", ()) or ())
    from phonenumbers import carrier, geocoder  # noqa: F401  (the data modules load at import)

    from nlu.situation import detect, prepare

    if situations is not None:  # the situation reader's patterns, both views (every front end reads it)
        prepare(situations)
    for text in _WARM_TEXTS:
        app.analyzer.analyze(text)
        if situations is not None:
            detect(situations, text)
    if situations is not None:  # ...and a helper's account read (its view's lazily made parts)
        detect(situations, _WARM_HELPED)
    for model in ("wording", "sms"):  # the models a borderline account needs (loaded on first use), now
        getattr(app.analyzer, model, None)
    from bot.conversation.strings import texts

    for lang in ("zh", "en"):  # the chat's and the console's reply texts (YAML read on first use)
        texts(lang)
    from nlu import regexcache

    regexcache.save()  # what was compiled, on disk now (not only at exit): the next start reads it back
    gc.collect()
    gc.freeze()  # long-lived from here on: keep it out of the collector's sweeps
    return time.perf_counter() - start
