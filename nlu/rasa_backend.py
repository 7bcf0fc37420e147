"""The Rasa analyzer backend: Rasa's intent ranking merged with the embedded analyzer's evidence.

Rasa runs as its own server (Python 3.10); this module only speaks HTTP to `/model/parse`, with a
short timeout. If the server is down, slow or answers nonsense, the embedded analysis is returned
unchanged (with a note): the user always gets an answer. Explanations always quote the user's
words, so evidence comes from the embedded matcher even when Rasa decides the ranking.

Modes:
- "rasa":     scripts ranked by Rasa's confidence; the verdict follows Rasa's top intent.
- "combined": the embedded verdict, its risk raised when Rasa is confident of a scam script,
              scripts ranked by the mean of both scores.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import replace

from .analyzer import MAX_CHARS, SCAM_AT, SUSPICIOUS_AT, Analysis, Analyzer, ScriptMatch

GENUINE_INTENT = "genuine_contact"
FALLBACK_INTENT = "nlu_fallback"


class RasaBackend:
    """Analyze through a Rasa NLU server, falling back to the embedded analyzer."""

    def __init__(self, embedded: Analyzer, url: str, mode: str = "combined", timeout: float = 0.5):
        if mode not in ("rasa", "combined"):
            raise ValueError("mode must be 'rasa' or 'combined'")
        self.embedded = embedded
        self.url = url.rstrip("/") + "/model/parse"
        self.mode = mode
        self.timeout = timeout
        self.kb = embedded.kb

    def parse(self, text: str) -> dict | None:
        """Rasa's parse result, or None when the server cannot answer in time."""
        body = json.dumps({"text": text[:MAX_CHARS]}).encode()
        req = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                data = json.loads(resp.read())
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            return None
        return data if isinstance(data, dict) and isinstance(data.get("intent_ranking"), list) else None

    def analyze(self, text: str) -> Analysis:
        """Analyse one account; never fails because of Rasa."""
        base = self.embedded.analyze(text)
        if "empty" in base.notes:
            return base
        result = self.parse(text)
        if result is None:
            return replace(base, notes=(*base.notes, "rasa_unavailable"))
        ranking = {}
        for r in result["intent_ranking"]:
            if isinstance(r, dict) and isinstance(r.get("name"), str):
                ranking[r["name"]] = float(r.get("confidence") or 0.0)
        return self.merge(base, ranking)

    def merge(self, base: Analysis, ranking: dict[str, float]) -> Analysis:
        """Combine an embedded analysis with Rasa's intent confidences."""
        evidence = {m.id: m.evidence for m in base.scripts}
        embedded_score = {m.id: m.score for m in base.scripts}
        scam_intents = {k: v for k, v in ranking.items() if k in self.kb.scripts}
        top = max(ranking, key=ranking.get) if ranking else None
        top_conf = ranking.get(top, 0.0) if top else 0.0
        ids = set(embedded_score) | {k for k, v in scam_intents.items() if v >= 0.05}
        scripts = []
        for sid in ids:
            r = scam_intents.get(sid, 0.0)
            score = r if self.mode == "rasa" else (embedded_score.get(sid, 0.0) + r) / 2
            if score >= 0.05:
                scripts.append(ScriptMatch(sid, round(score, 4), evidence.get(sid, ())))
        scripts.sort(key=lambda m: (-m.score, m.id))
        notes = (*base.notes, f"rasa:{top}:{top_conf:.2f}")
        if self.mode == "rasa":
            if top in (None, GENUINE_INTENT, FALLBACK_INTENT):
                verdict, risk = "no_scam_signs", min(base.risk, 1 - top_conf) if top else base.risk
            else:
                verdict = "scam" if top_conf >= 0.8 else "suspicious"
                risk = max(top_conf, SUSPICIOUS_AT)
            return replace(base, scripts=tuple(scripts), verdict=verdict, risk=round(risk, 4), notes=notes)
        scam_p = sum(scam_intents.values())
        risk = base.risk
        verdict = base.verdict
        if top in self.kb.scripts and top_conf >= 0.6:
            risk = 1 - (1 - risk) * (1 - 0.5 * scam_p)
            if verdict == "no_scam_signs" and scam_p >= 0.85 and top_conf >= 0.7:
                verdict = "suspicious"
        elif top == GENUINE_INTENT and top_conf >= 0.9 and verdict == "suspicious" and base.risk < SCAM_AT:
            risk = base.risk * 0.9  # a confident "genuine" lowers the risk a little, never the evidence
        return replace(base, scripts=tuple(scripts), verdict=verdict, risk=round(min(risk, 0.99), 4), notes=notes)
