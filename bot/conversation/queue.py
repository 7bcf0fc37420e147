"""/queue in the chat: what waits for review, and decisions typed as commands.

    /queue                                   list suggestions, official changes, numbers, problems
    /queue approve ITEM [key=value…] REASON  keys: target=, as=, expect=, lang=, text=
    /queue reject ITEM REASON
    /queue revert ITEM REASON                take a live addition back at once (a<id>, or s<id>)
    /queue edit s<id> NEW TEXT // REASON
    /queue search WORDS

The review service authorises and audits every step; this module only parses and formats.
"""

from __future__ import annotations

import json

from ..services.review import Review, ReviewError
from ..services.roles import NotAllowed
from .engine import Reply
from .report import texts

_KEYS = ("target", "as", "expect", "lang", "text")


class QueueDesk:
    """Turns a volunteer's /queue arguments into review calls and replies."""

    def __init__(self, review: Review):
        self.review = review

    def handle(self, identity: str, args: str, lang: str = "zh") -> list[Reply]:
        t = texts(lang)["chat"]["queue"]
        words = args.split()
        try:
            if not words:
                return self._list(identity, t)
            verb = words[0].lower()
            if verb in ("approve", "reject") and len(words) >= 2:
                item, rest = words[1], words[2:]
                options = {}
                while rest and "=" in rest[0] and rest[0].split("=", 1)[0] in _KEYS:
                    key, value = rest.pop(0).split("=", 1)
                    options[key] = value
                reason = " ".join(rest)
                if verb == "reject":
                    return [Reply(self.review.reject(identity, item, reason))]
                return [
                    Reply(
                        self.review.approve(
                            identity,
                            item,
                            reason,
                            as_kind=options.get("as"),
                            target=options.get("target"),
                            text=options.get("text"),
                            lang=options.get("lang"),
                            expect=options.get("expect"),
                        )
                    )
                ]
            if verb == "revert" and len(words) >= 2:
                return [Reply(self.review.revert(identity, words[1], " ".join(words[2:])))]
            if verb == "edit" and len(words) >= 2 and "//" in args:
                body = args.split(None, 2)[2] if len(words) > 2 else ""
                text, _, reason = body.partition("//")
                return [Reply(self.review.edit(identity, words[1], text.strip(), reason.strip()))]
            if verb == "search" and len(words) >= 2:
                self.review.roles.authorize(identity, "review.queue", "search")
                found = self.review.table.search_suggestions(" ".join(words[1:]), limit=10)
                lines = [f"s{s.id} [{s.status}] {s.text}" for s in found]
                return [Reply("\n".join(lines) or t["no_results"])]
            return [Reply(t["usage"])]
        except NotAllowed as exc:
            return [Reply(t["not_allowed"] + " " + exc.next_step(lang))]
        except ReviewError as exc:
            return [Reply(str(exc))]

    def _list(self, identity: str, t: dict) -> list[Reply]:
        view = self.review.queue(identity, limit=10)
        out: list[str] = []
        if view.problems:
            out.append("\n".join([t["problems"], *[f"- {p}" for p in view.problems[:5]]]))
        for s in view.suggestions:
            said = t["said"].format(verdict=s.verdict) if s.verdict else ""
            out.append(t["suggestion"].format(id=s.id, kind=s.kind, said=said, text=s.text[:500]))
        for a in view.awaiting_second:
            value = json.dumps(a.value, ensure_ascii=False)
            line = t["addition"].format(id=a.id, kind=a.kind, target=a.target, value=value, source=a.source)
            out.append("\n".join([line, *(f"⚠ {c}" for c in view.checks.get(a.id, []))]))
        for n in view.numbers:
            held = t["held"].format(held=n["held"]) if n["held"] else ""
            out.append(t["number"].format(**{k: n[k] for k in ("number", "reporters", "reports")}, held=held))
        if len(out) == len(view.problems[:1]):
            out.append(t["empty"])
        out.append(t["how"])
        return [Reply("\n\n".join(out))]
