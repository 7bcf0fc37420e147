"""Suggestions and the volunteers' review queue: approve, reject, edit; every decision authorised and audited.

    ReviewError     the decision cannot be made; the message says why and what to do instead

Items are named `s<id>` (a suggestion), `a<id>` (a knowledge addition waiting for a second
volunteer) or a phone number (a reported number). Rules kept here, in one place:
- anything a user sends is redacted before it is stored (they are told what was removed);
- an approved addition must validate and must not make any example, genuine message or
  regression case worse (it is refused, naming the cases);
- every phrase, indicator or official-channel change is previewed first (bot/services/impact.py):
  it is refused, with its impact, when it matches everyday wording or turns a genuine case into
  a flag, and it needs a second, different volunteer when it moves a development-set figure
  beyond a line;
- a change to an official channel (hotline, domain, app path) needs a source and a second,
  different volunteer's approval before it is applied;
- every live addition can be taken back at once (`revert`), and rejecting a suggestion whose
  addition is live reverts it; the history of each addition and phrase is kept in review_log;
- a number is confirmed by hand only with a reason, only when someone reported it, never by its
  only reporter, and never when it is an official hotline; deciding it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from knowledge import KnowledgeError
from knowledge.additions import file_of
from knowledge.model import CONFIDENCE, VERDICTS

from ..redact import Redacted, for_review
from ..store import AlreadyDone, ProtectedNumber, Store, StoreError
from ..store.review import OFFICIAL_KINDS, Addition, ReviewStore, Suggestion
from .roles import Roles

SUGGESTIONS_PER_HOUR = 10
MAX_SUGGESTION = 1000
MAX_PHRASE = 60
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SOURCE = re.compile(r"(https?://\S+\.\S+|\S{3,}.*\d{4})")  # a link, or a named document with a year


OFFICIAL_SECOND = "an official channel: a second, different volunteer must approve it"


def _warnings(impact) -> list[str]:
    """The checks a second volunteer weighs (the preview's "needs a second volunteer" lines but the rule itself)."""
    return [w for w in (impact.second if impact is not None else []) if w != OFFICIAL_SECOND]


class ReviewError(Exception):
    """A decision callcheck refuses; the message is meant for the volunteer (`impact`: the preview, if any)."""

    def __init__(self, message: str, impact=None):
        super().__init__(message)
        self.impact = impact


@dataclass(frozen=True)
class Submitted:
    id: int
    text: Redacted


@dataclass(frozen=True)
class QueueView:
    """What a volunteer sees: waiting suggestions, additions needing a second approval, numbers, problems."""

    suggestions: list[Suggestion]
    awaiting_second: list[Addition]
    numbers: list[dict]
    problems: list[str]
    checks: dict[int, list[str]] = field(default_factory=dict)  # an official change's checks, by addition id


class Review:
    """The review desk shared by the bot's /queue and `callcheck review`."""

    def __init__(self, store: Store, roles: Roles, keeper, numbers: Callable[[], object], impact=None):
        self.store = store
        self.roles = roles
        self.keeper = keeper
        self.numbers = numbers
        self.table = ReviewStore(store)
        self._impact = impact

    @property
    def impact(self):
        """The impact preview (corpus from CALLCHECK_CORPUS or ../shared/corpus when present)."""
        if self._impact is None:
            from .impact import ImpactPreview, default_corpus

            self._impact = ImpactPreview(self.keeper.root, corpus=default_corpus(), recent=self.recent_checks)
        return self._impact

    def recent_checks(self, script: str | None, days: int) -> dict:
        """Anonymised checks of the last `days` days: how many, and how many named `script`."""
        since = int(self.store.clock()) - days * 86400
        total, named = self.store.db.execute(
            "SELECT COUNT(*), coalesce(SUM(script = ?), 0) FROM trend_checks WHERE bucket >= ?", [script, since]
        ).fetchone()
        return {"days": days, "checks": total, "script": script, "script_checks": named}

    # -- anyone: suggestions --------------------------------------------------------------
    def suggest(
        self,
        identity: str,
        text: str,
        kind: str = "phrase",
        channel: str = "telegram",
        *,
        verdict: str | None = None,
        scripts: tuple[str, ...] = (),
    ) -> Submitted:
        """Store a redacted suggestion from anyone; raises ReviewError when empty or too many this hour."""
        text = (text or "").strip()
        if len(text) < 2:
            raise ReviewError("the suggestion is empty")
        key = self.roles.key(identity)
        if self.table.recent_count(key, int(self.store.clock()) - 3600) >= SUGGESTIONS_PER_HOUR:
            raise ReviewError("too many suggestions from you in the last hour; please try again later")
        redacted = for_review(text[:MAX_SUGGESTION])
        lang = "zh" if _CJK.search(redacted) else "en"
        sid = self.table.add_suggestion(
            kind, str(redacted), key, channel=channel, lang=lang, verdict=verdict, scripts=scripts
        )
        return Submitted(sid, redacted)

    def forget(self, identity: str) -> int:
        """Delete every suggestion someone sent (their /forget); returns how many."""
        return self.table.forget_submitter(self.roles.key(identity))

    # -- volunteers: the queue ------------------------------------------------------------
    def queue(self, identity: str, limit: int = 20) -> QueueView:
        """What waits for review (authorised and audited)."""
        self.roles.authorize(identity, "review.queue")
        problems = list(self.keeper.problems)
        if getattr(self.keeper, "from_snapshot", False):
            problems.insert(0, "the knowledge files do not load: the bot serves the last good knowledge saved earlier")
        waiting = self.table.additions("awaiting_second")
        return QueueView(
            self.table.suggestions("pending", limit),
            waiting,
            self.pending_numbers(limit),
            problems,
            {a.id: self.channel_checks(a) for a in waiting if a.kind in OFFICIAL_KINDS},
        )

    def channel_checks(self, add) -> list[str]:
        """An official change's checks against the knowledge served now, one line each (refusals first)."""
        from .channel_checks import check_change

        checks = check_change(self.keeper.kb, add.kind, add.target, add.value, self._number_record)
        return [f"refused: {r}" for r in checks.refusals] + checks.warnings

    def pending_numbers(self, limit: int = 20) -> list[dict]:
        """Reported numbers not yet decided: held official lines first, then by reporters."""
        rows = self.store.db.execute(
            "SELECT number, reporters, reports, scripts, held, last_seen FROM numbers "
            "WHERE status = 'unverified' AND (reporters > 0 OR held > 0) "
            "ORDER BY held DESC, reporters DESC, last_seen DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [
            {"number": r[0], "reporters": r[1], "reports": r[2], "scripts": r[3], "held": r[4], "last_seen": r[5]}
            for r in rows
        ]

    # -- decisions ------------------------------------------------------------------------
    def approve(
        self,
        identity: str,
        item: str,
        reason: str,
        *,
        as_kind: str | None = None,
        target: str | None = None,
        text: str | None = None,
        lang: str | None = None,
        expect: str | None = None,
    ) -> str:
        """Approve an item; returns what happened, in one line."""
        item = item.strip()
        self._decide(identity, item, "approve", reason)
        if item.startswith("s") and item[1:].isdigit():
            return self._approve_suggestion(identity, int(item[1:]), reason, as_kind, target, text, lang, expect)
        if item.startswith("a") and item[1:].isdigit():
            return self._second_approval(identity, int(item[1:]), reason)
        return self._set_number(identity, item, "confirmed", reason)

    def reject(self, identity: str, item: str, reason: str) -> str:
        """Reject a suggestion or a waiting addition, or clear a reported number."""
        item = item.strip()
        self._decide(identity, item, "reject", reason)
        if item.startswith("s") and item[1:].isdigit():
            s = self._suggestion(int(item[1:]))
            taken_back, lifted = self._take_back(identity, [a for a in self.table.additions_of(s.id)], reason)
            self.table.set_suggestion(s.id, status="rejected")
            extra = f"; its addition {', '.join(f'a{i}' for i in taken_back)} reverted" if taken_back else ""
            extra += "".join(lifted)
            return self._done(identity, item, "reject", reason, f"{item} rejected{extra}")
        if item.startswith("a") and item[1:].isdigit():
            a = self._addition(int(item[1:]), "awaiting_second")
            self.table.set_addition(a.id, "rejected")
            if a.suggestion is not None:
                self.table.set_suggestion(a.suggestion, status="rejected")
            return self._done(identity, item, "reject", reason, f"{item} rejected")
        return self._set_number(identity, item, "cleared", reason)

    def revert(self, identity: str, item: str, reason: str) -> str:
        """Take a live (or waiting) addition back at once: a<id>, or s<id> for the addition made from it."""
        item = item.strip()
        self._decide(identity, item, "revert", reason)
        if item.startswith("a") and item[1:].isdigit():
            a = self.table.addition(int(item[1:]))
            if a is None:
                raise ReviewError(f"no addition {item}")
            targets = [a]
        elif item.startswith("s") and item[1:].isdigit():
            targets = self.table.additions_of(self._suggestion(int(item[1:])).id)
        else:
            raise ReviewError("revert takes a<id> (an addition) or s<id> (the addition made from a suggestion)")
        taken_back, lifted = self._take_back(identity, targets, reason, item)
        if not taken_back:
            states = ", ".join(f"a{a.id} is {a.status}" for a in targets) or "nothing was added from it"
            raise ReviewError(f"{item}: nothing live to revert ({states})")
        names = ", ".join(f"a{i}" for i in taken_back)
        return self._done(
            identity, item, "revert", reason, f"{names} reverted: no longer served, not exported" + "".join(lifted)
        )

    def history(self, identity: str, item: str) -> list[dict]:
        """Every decision on an addition or suggestion and on the same change made another time."""
        self.roles.authorize(identity, "review.queue", target=item, detail="history")
        return self.table.history_of_change(item.strip())

    def preview(
        self,
        identity: str,
        item: str,
        *,
        as_kind: str | None = None,
        target: str | None = None,
        text: str | None = None,
        lang: str | None = None,
        expect: str | None = None,
    ):
        """The impact an approval would have, without approving (s<id> or a<id>)."""
        item = item.strip()
        self.roles.authorize(identity, "review.queue", target=item, detail="preview")
        if item.startswith("s") and item[1:].isdigit():
            s = self._suggestion(int(item[1:]))
            add = self._from_suggestion(s, as_kind, target, text, lang, expect)
        elif item.startswith("a") and item[1:].isdigit():
            add = self.table.addition(int(item[1:]))
            if add is None:
                raise ReviewError(f"no addition {item}")
            if add.status in ("approved",):
                return self._impact_of(add, live=True)
        else:
            raise ReviewError("preview takes s<id> or a<id>")
        return self._impact_of(add)

    def preview_change(self, identity: str, kind: str, target: str, value: dict):
        """The impact of a change typed by a volunteer (a phrase for an indicator, or an official channel)."""
        self.roles.authorize(identity, "review.queue", target=target, detail="preview")
        if kind == "phrase":
            self._check_indicator(target)
            phrase = str(value.get("phrase", "")).strip()
            value = {"lang": value.get("lang") or ("zh" if _CJK.search(phrase) else "en"), "phrase": phrase}
        return self._impact_of(SimpleNamespace(id=0, kind=kind, target=target, value=value))

    def edit(self, identity: str, item: str, text: str, reason: str) -> str:
        """Correct a waiting suggestion's text (redacted again) before deciding on it."""
        item = item.strip()
        self._decide(identity, item, "edit", reason)
        if not (item.startswith("s") and item[1:].isdigit()):
            raise ReviewError("only suggestions (s<id>) can be edited; reject an addition and propose it again")
        s = self._suggestion(int(item[1:]))
        if s.status != "pending":
            raise ReviewError(f"{item} is already {s.status}")
        if len(text.strip()) < 2:
            raise ReviewError("the new text is empty")
        redacted = for_review(text.strip()[:MAX_SUGGESTION])
        self.table.set_suggestion(s.id, text=str(redacted))
        return self._done(identity, item, "edit", reason, f"{item} now reads: {redacted}")

    def propose(self, identity: str, kind: str, target: str, value: dict, source: str, reason: str) -> tuple[int, str]:
        """Propose an official-channel change; it waits for a second volunteer. Returns (id, message)."""
        if kind not in OFFICIAL_KINDS:
            raise ReviewError(f"kind must be one of {', '.join(OFFICIAL_KINDS)}")
        self._decide(identity, f"{kind}:{target}", "propose", reason)
        if not source or not _SOURCE.search(source):
            raise ReviewError("an official channel needs a source: a link, or a named document with its date")
        if target not in self.keeper.kb.organisations:
            raise ReviewError(f"unknown organisation '{target}'; see knowledge/official/organisations.yml")
        value = self._official_value(kind, value, source)
        if kind == "hotline" and value["confidence"] == "high":
            from knowledge.sources import help_line_hosts, official_source

            org = self.keeper.kb.organisations[target]
            if not official_source(source, org.all_domains, help_line_hosts(self.keeper.kb.regions)):
                own = ", ".join(org.all_domains[:3]) or "none listed yet"
                raise ReviewError(
                    f"confidence 'high' needs a source on the organisation's own site ({own}) or a government "
                    "or regulator page; a list, an article, code or an app is not one: propose it as medium"
                )
        add = SimpleNamespace(id=0, kind=kind, target=target, value=value)
        self._validate([add])
        impact = self._refuse_if_harmful(add)
        aid = self.table.add_addition(
            kind, target, value, self.roles.key(identity), status="awaiting_second", source=source
        )
        msg = f"a{aid} waits for a second volunteer's approval (callcheck review approve a{aid})"
        checks = _warnings(impact)
        if checks:
            msg += "; they will see these checks:\n" + "\n".join(f"  - {w}" for w in checks)
        return aid, self._done(identity, f"a{aid}", "propose", reason, msg)

    # -- internals ------------------------------------------------------------------------
    def _decide(self, identity: str, item: str, action: str, reason: str) -> None:
        is_number = not (item[:1] in ("s", "a") and item[1:].isdigit()) and action in ("approve", "reject")
        permission = "number.moderate" if is_number else "review.decide"  # police may decide numbers too
        self.roles.authorize(identity, permission, target=item, detail=action)
        if not (reason or "").strip():
            raise ReviewError("a reason is required: say why, for the audit trail")

    def _take_back(
        self, identity: str, additions: list[Addition], reason: str, item: str = ""
    ) -> tuple[list[int], list[str]]:
        """Revert the live or waiting ones among `additions`; reload when one was live. Returns their ids
        and what the revert did to numbers (protection lifted, a status given back), to tell the volunteer."""
        taken, live = [], []
        why = str(for_review(reason.strip()))[:500]
        for a in additions:
            if a.status not in ("approved", "awaiting_second"):
                continue
            if a.status == "approved":
                live.append(a)
            self.table.set_addition(a.id, "reverted")
            if f"a{a.id}" != item:  # the decision on `item` itself is logged by _done
                self.table.log(self.roles.key(identity), f"a{a.id}", "revert", why)
            taken.append(a.id)
        lifted: list[str] = []
        if live:
            old_kb = self.keeper.kb
            self.keeper.reload()
            lifted = self._lift_protection(identity, [a for a in live if a.kind == "hotline"], old_kb)
        return taken, lifted

    def _lift_protection(self, identity: str, hotlines: list[Addition], old_kb) -> list[str]:
        """Undo what a reverted hotline did to its number in the database (protection, held reports, a
        confirmation withdrawn), when the knowledge now served no longer lists it; each change is said
        in the revert's message and kept in the addition's history."""
        from nlu.phones import NumberParseError, parse_number

        said = []
        intel = self.numbers().intel
        for a in hotlines:
            org = old_kb.organisations.get(a.target)
            try:
                canonical = parse_number(str(a.value.get("number", "")), org.country if org else "CN").canonical
            except NumberParseError:
                continue
            if intel.protected(canonical):  # still an official line (the files, another addition)
                continue
            moved = self.store.lift_protection(canonical, f"revert a{a.id}", f"a{a.id} reverted: not an official line")
            if moved is None:
                continue
            before, now = moved
            what = f"{canonical}: no longer an official line, its reports count again" + (
                f", status {before} → {now} (as before it was listed)" if before != now else f", status {now}"
            )
            self.table.log(self.roles.key(identity), f"a{a.id}", "number", what)
            said.append("; " + what)
        return said

    def _impact_of(self, add, live: bool = False):
        """The preview of one addition against the knowledge served now (for a live one: without it)."""
        from nlu.regression import load_regression

        try:
            if live:
                others = [a for a in self.table.additions("approved") if a.id != add.id]
                old_kb, _ = self.keeper.build(others, replace=True)
                new_kb = self.keeper.kb
            else:
                old_kb = self.keeper.kb
                new_kb, overlay = self.keeper.build([add])
                if add.id in overlay.failed:
                    raise ReviewError(f"this change cannot be applied: {overlay.failed[add.id]}")
        except KnowledgeError as exc:
            raise ReviewError("this change does not validate: " + "; ".join(str(p) for p in exc.problems)) from None
        regression, _ = load_regression(self.keeper.root / "regression.yml")
        impact = self.impact.preview(add, old_kb, new_kb, regression)
        if add.kind in OFFICIAL_KINDS:
            self._check_channel(add, old_kb, impact)
        return impact

    def _check_channel(self, add, kb, impact) -> None:
        """An official channel's checks (bot/services/channel_checks.py) into its preview: what refuses
        it, and what the second, different volunteer must weigh; never "one volunteer may approve"."""
        from .channel_checks import check_change

        checks = check_change(kb, add.kind, add.target, add.value, self._number_record)
        impact.refusals += checks.refusals
        impact.second += [OFFICIAL_SECOND, *checks.warnings]

    def _number_record(self, canonical: str) -> tuple | None:
        """(status, reporters, reports) of a number in the database, or None (read only: no side effect)."""
        rows = self.store.read("SELECT status, reporters, reports FROM numbers WHERE number = ?", [canonical])
        return tuple(rows[0]) if rows else None

    def _refuse_if_harmful(self, add):
        """Refuse, with the preview, a change that matches everyday wording or flags genuine cases."""
        impact = self._impact_of(add)
        if impact.refused:
            raise ReviewError(
                "refused: " + "; ".join(impact.refusals) + "\n" + "\n".join(impact.lines()), impact=impact
            )
        return impact

    def _done(self, identity: str, item: str, action: str, reason: str, message: str) -> str:
        why = str(for_review(reason.strip()))[:500]
        self.table.log(self.roles.key(identity), item, action, why)
        self.roles.record(identity, f"review.{action}", "done", target=item, detail=why)
        return message

    def _suggestion(self, sid: int) -> Suggestion:
        s = self.table.suggestion(sid)
        if s is None:
            raise ReviewError(f"no suggestion s{sid}")
        return s

    def _addition(self, aid: int, status: str) -> Addition:
        a = self.table.addition(aid)
        if a is None:
            raise ReviewError(f"no addition a{aid}")
        if a.status != status:
            raise ReviewError(f"a{aid} is {a.status}, not {status.replace('_', ' ')}")
        return a

    def _from_suggestion(self, s: Suggestion, as_kind, target, text, lang, expect) -> SimpleNamespace:
        """The addition a suggestion would become (checked, not stored)."""
        as_kind = as_kind or {"phrase": "phrase", "false_alarm": "genuine", "missed_scam": "regression"}[s.kind]
        body = (text or s.text).strip()
        if as_kind == "phrase":
            if not target:
                raise ReviewError(
                    "say which indicator the phrase belongs to, e.g. --target refund_compensation.parcel_lost"
                )
            self._check_indicator(target)
            if len(body) > MAX_PHRASE:
                raise ReviewError(
                    f"a phrase is at most {MAX_PHRASE} characters; give the key words with --text "
                    "(or approve it as a regression case)"
                )
            value = {
                "lang": lang or ("zh" if _CJK.search(body) else "en"),
                "phrase": body if _CJK.search(body) else body.lower(),
            }
        elif as_kind == "genuine":
            target, value = "genuine", {"text": body}
        elif as_kind == "regression":
            exp = expect or ("no_scam_signs" if s.kind == "false_alarm" else "scam")
            if exp not in VERDICTS:
                raise ReviewError(f"expect must be one of {', '.join(VERDICTS)}")
            target, value = "regression", {"text": body, "expect": exp, "scripts": []}
        else:
            raise ReviewError("a suggestion becomes a phrase, a genuine message or a regression case")
        return SimpleNamespace(id=0, kind=as_kind, target=target, value=value)

    def _approve_suggestion(self, identity, sid, reason, as_kind, target, text, lang, expect) -> str:
        s = self._suggestion(sid)
        if s.status != "pending":
            raise ReviewError(f"s{sid} is already {s.status}")
        if self.table.submitter_of(sid) == self.roles.key(identity):
            raise ReviewError(f"you sent s{sid}: another volunteer must approve it (you may reject or edit it)")
        add = self._from_suggestion(s, as_kind, target, text, lang, expect)
        as_kind, target, value = add.kind, add.target, add.value
        impact = None
        if as_kind != "regression":
            new_kb = self._validate([add])
            if as_kind == "genuine":
                from nlu.analyzer import Analyzer

                verdict = Analyzer(new_kb).analyze(value["text"]).verdict
                if verdict not in ("no_scam_signs", "matches_genuine"):
                    raise ReviewError(
                        f"callcheck still says '{verdict}' for this message, so it cannot join genuine.yml yet; "
                        "approve it as a regression case (expect no_scam_signs) so it is tracked until the "
                        "phrases that catch it are made more specific"
                    )
            else:
                impact = self._refuse_if_harmful(add)
        why = str(for_review(reason.strip()))[:500]
        key = self.roles.key(identity)
        if impact is not None and impact.second:
            aid = self.table.add_addition(as_kind, target, value, key, status="awaiting_second", suggestion=sid)
            self.table.set_suggestion(sid, status="awaiting_second")
            self.table.log(key, f"a{aid}", "propose", why)
            msg = (
                f"s{sid} becomes a{aid}, which waits for a second volunteer (callcheck review approve a{aid}) "
                "because it moves the development figures: " + "; ".join(impact.second)
            )
            return self._done(identity, f"s{sid}", "approve", reason, msg)
        aid = self.table.add_addition(as_kind, target, value, key, status="approved", suggestion=sid, approved_by=key)
        self.table.set_suggestion(sid, status="approved")
        self.table.log(key, f"a{aid}", "approve", why)
        self.keeper.reload()
        where = file_of(as_kind, target)
        return self._done(identity, f"s{sid}", "approve", reason, f"s{sid} approved as a{aid}: {as_kind} in {where}")

    def _second_approval(self, identity: str, aid: int, reason: str) -> str:
        a = self._addition(aid, "awaiting_second")
        if a.proposed_by == self.roles.key(identity):
            raise ReviewError(f"a{aid} needs a second, different volunteer to approve it")
        self._validate([a])
        checks: list[str] = []
        if a.kind in ("phrase", "hotline", "domain"):
            checks = _warnings(self._refuse_if_harmful(a))  # checked again: the number may be confirmed since
        self.table.set_addition(aid, "approved", approved_by=self.roles.key(identity))
        if a.suggestion is not None:
            self.table.set_suggestion(a.suggestion, status="approved")
        self.keeper.reload()
        msg = f"a{aid} approved by a second volunteer and applied"
        if checks:  # the approver saw them in the preview; the audit trail keeps what they approved over
            msg += "\napproved despite these checks:\n" + "\n".join(f"  - {w}" for w in checks)
            reason = f"{reason.strip()} [despite: {'; '.join(checks)}]"
        return self._done(identity, f"a{aid}", "approve", reason, msg)

    def _set_number(self, identity: str, raw: str, status: str, reason: str) -> str:
        numbers = self.numbers()
        try:
            p = numbers.parse(raw)
        except Exception as exc:  # NumberParseError: the item is neither s<id>, a<id> nor a number
            raise ReviewError(f"'{raw}' is not s<id>, a<id> or a phone number ({exc})") from None
        protected = numbers.intel.protected(p.canonical)
        rec = self.store.lookup(p.canonical)
        if status == "confirmed":
            if protected:
                raise ReviewError(
                    f"{p.canonical} is an official hotline: reports against it are most likely spoofed caller ID, "
                    "so it is never confirmed as a scam"
                )
            if rec is None or rec.reports == 0:
                raise ReviewError(f"nobody reported {p.canonical}: a number is confirmed only from reports")
        try:
            rec = self.store.moderate(
                p.canonical,
                status,
                self.roles.key(identity),
                reason,
                protected=protected,
                confirmer_keys=self.roles.keys_of(identity),  # never confirmed by its only reporter
            )
        except AlreadyDone as exc:
            return str(exc)  # said, not audited as a change (no confirmed -> confirmed row)
        except (ProtectedNumber, StoreError) as exc:
            raise ReviewError(str(exc)) from None
        return self._done(identity, f"number:{p.canonical}", status, reason, f"{rec.number}: status {rec.status}")

    def _check_indicator(self, target: str) -> None:
        kb = self.keeper.kb
        ids = {i.id for i in kb.indicators()}
        if target not in ids:
            owner = target.split(".", 1)[0]
            options = sorted(i for i in ids if i.startswith(owner + ".")) or sorted(ids)[:8]
            raise ReviewError(f"no indicator '{target}'; for example: {', '.join(options[:8])}")

    def _official_value(self, kind: str, value: dict, source: str) -> dict:
        if kind == "hotline":
            number = str(value.get("number", "")).strip()
            if not re.fullmatch(r"\+?[0-9][0-9\- ]{2,20}", number):
                raise ReviewError(f"'{number}' is not a phone number: write digits, an optional leading + and dashes")
            confidence = value.get("confidence", "medium")
            if confidence not in CONFIDENCE:
                raise ReviewError(f"confidence must be one of {', '.join(CONFIDENCE)}")
            today = dt.datetime.fromtimestamp(self.store.clock(), dt.timezone.utc).date().isoformat()
            return {
                "number": number,
                "purpose": str(value.get("purpose") or ""),
                "confidence": confidence,
                "sources": [source],
                "checked": today,
            }
        if kind == "domain":
            domain = str(value.get("domain", "")).strip().lower()
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
                raise ReviewError(f"'{domain}' is not a domain: write it as example.com")
            return {"domain": domain, "source": source}
        name, path = value.get("name") or {}, value.get("path") or {}
        if not all(isinstance(x, dict) and x.get("zh") and x.get("en") for x in (name, path)):
            raise ReviewError("an app path needs the app name and the path, each in zh and en")
        return {"name": {"zh": name["zh"], "en": name["en"]}, "path": {"zh": path["zh"], "en": path["en"]}}

    def _validate(self, extra: list):
        """The knowledge with these additions must load, and no case may get worse."""
        from nlu.analyzer import Analyzer
        from nlu.regression import all_cases, compare, load_regression, run

        try:
            new_kb, overlay = self.keeper.build(extra)
        except KnowledgeError as exc:
            raise ReviewError("this change does not validate: " + "; ".join(str(p) for p in exc.problems)) from None
        for add in extra:
            if add.id in overlay.failed:
                raise ReviewError(f"this change cannot be applied: {overlay.failed[add.id]}")
        old_kb = self.keeper.kb
        regression, _ = load_regression(self.keeper.root / "regression.yml")
        cases = all_cases(old_kb, regression)
        before = run(cases, Analyzer(old_kb).analyze)
        after = run(cases, Analyzer(new_kb).analyze)
        worse = compare(cases, after, before).worse
        if worse:
            raise ReviewError("this change makes detection worse for: " + "; ".join(worse[:5]))
        return new_kb
