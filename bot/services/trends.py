"""Trends for police: what people check, by script, organisation and verdict; rising scripts; spikes.

Aggregates only. The conversation orchestrator and `callcheck check` record one row per checked
account (the hour, the chat's region tag if known, the top script, the claimed organisation, the
verdict); nothing else about the check is kept.

Rising scripts: a script is "rising" when it has at least RISING_MIN checks in the period and
(checks + 1) / (checks in the previous period of the same length + 1) >= RISING_RATIO.

Spike rule (the closed loop): for each script, per region tag and over all regions, the checks in
one hour are compared with that script's hourly rate over the BASELINE_HOURS before it
(rate = (checks + 1) / hours of history, so a script never seen has a small positive rate). The
hour is a spike when it has at least SPIKE_MIN checks and the Poisson tail P(X >= observed | rate)
is below SPIKE_ALPHA. It needs MIN_HISTORY_HOURS of recorded history, so a new database does not
call every first check a spike. With SPIKE_ALPHA = 1e-4, 20 scripts watched around the clock give
about one false draft a month even if every hour were tested independently.
"""

from __future__ import annotations

import functools
import io
import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field

from knowledge.model import KnowledgeBase

from ..store import Store
from ..store.trends import HOUR, TrendTable

log = logging.getLogger("callcheck.trends")

DAY = 24 * HOUR
RISING_MIN, RISING_RATIO = 3, 1.5
BASELINE_HOURS = 7 * 24
MIN_HISTORY_HOURS = 24
SPIKE_MIN = 5
SPIKE_ALPHA = 1e-4
MAX_DAYS = 366
_VERDICTS = {  # a verdict's short name in a report: (English, Chinese)
    "scam": ("scam", "诈骗"),
    "suspicious": ("suspicious", "可疑"),
    "no_scam_signs": ("no scam signs", "未发现诈骗特征"),
    "matches_genuine": ("matches a genuine process", "与正规做法一致"),
    "warning": ("a warning about scams", "防骗提醒"),
}
_MARKERS = ("o", "s", "^", "D", "v", "P")  # one per line of the chart (its top six scripts)
_DASHES = ("-", "--", "-.", ":")
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


@functools.cache
def cjk_font() -> str | None:
    """A font file with Chinese glyphs (fonts-wqy-microhei on Debian), or None."""
    for path in CJK_FONTS:
        if os.path.exists(path):
            return path
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if any(k in path.lower() for k in ("wqy", "notosanscjk", "sourcehansans", "droidsansfallback")):
            return path
    return None


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam), summed upward from k in log space (exact enough for tiny tails)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    if k <= lam:
        # The tail is large here; 1 - CDF is accurate enough and cheap.
        term = math.exp(-lam)
        cdf = term
        for i in range(1, k):
            term *= lam / i
            cdf += term
        return max(0.0, 1.0 - cdf)
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    total = 0.0
    i = k
    term = math.exp(log_term)
    while term > total * 1e-15 and i < k + 10_000:
        total += term
        i += 1
        term *= lam / i
    return min(1.0, total)


def _where(region: str | None, lang: str) -> str:
    """A region's name in `lang` (深圳 / Shenzhen), all regions for none."""
    from .alerts import region_display

    return region_display(region or "ALL", lang)


@dataclass(frozen=True)
class Spike:
    script: str
    region: str  # a region tag, or "ALL"
    bucket: int  # the hour's start, epoch seconds
    observed: int
    baseline: float  # checks per hour expected
    p: float


@dataclass
class TrendReport:
    days: int
    region: str | None
    start: int
    end: int
    by_script: dict[str, int]
    by_org: dict[str, int]
    by_verdict: dict[str, int]
    previous_by_script: dict[str, int]
    rising: list[tuple[str, int, int, float]]  # script, now, before, growth
    numbers: list[tuple[str, int, int, str]]  # number, reporters, reports, status (cleared ones left out)
    daily: dict[str, dict[int, int]] = field(default_factory=dict)  # script -> day start -> checks
    untagged: int = 0  # with a region asked for: checks in the period that carry no region at all

    @property
    def total(self) -> int:
        return sum(self.by_verdict.values())

    def to_dict(self) -> dict:
        return {
            "days": self.days,
            "region": self.region,
            "start": self.start,
            "end": self.end,
            "total": self.total,
            "by_script": self.by_script,
            "by_org": self.by_org,
            "by_verdict": self.by_verdict,
            "previous_by_script": self.previous_by_script,
            "rising": [{"script": s, "now": n, "before": b, "growth": round(g, 2)} for s, n, b, g in self.rising],
            "numbers": [{"number": n, "reporters": r, "reports": c, "status": st} for n, r, c, st in self.numbers],
            "untagged": self.untagged,
        }

    def render(self, kb: KnowledgeBase | None, lang: str = "zh") -> str:
        """A plain-text summary for the bot and the terminal."""
        en = lang == "en"

        def name(script: str) -> str:
            if not script:
                return "no script matched" if en else "未匹配到话术"
            if kb and script in kb.scripts:
                return kb.scripts[script].names.get(lang)
            return script

        def org_name(org: str) -> str:
            if not org:
                return "not said" if en else "未提及"
            if kb and org in kb.organisations:
                return kb.organisations[org].names.get(lang)
            return org

        where = _where(self.region, lang)
        head = (
            f"Checks, last {self.days} day(s), {where}: {self.total}"
            if en
            else f"最近 {self.days} 天核实次数（{where}）：{self.total}"
        )
        out = [head]
        if self.untagged:  # a region's report that would otherwise read "0" with no reason given
            out.append(
                f"({self.untagged} check(s) in this period carry no region and are not counted here: a check "
                "has a region only when the person gave one (the chat's /region, --region, the API's region) "
                "or their chat subscribes to a region's alerts.)"
                if en
                else f"（本期另有 {self.untagged} 次核实没有地区，未计入：只有当事人给出地区（聊天里的 /region、"
                "--region、接口的 region）或所在聊天订阅了某地区预警时，核实才带地区。）"
            )
        if self.by_verdict:
            out.append(
                ("By verdict: " if en else "按结论：")
                + ", ".join(
                    f"{_VERDICTS.get(k, (k or '?', k or '?'))[0 if en else 1]} {v}"
                    for k, v in sorted(self.by_verdict.items(), key=lambda x: -x[1])
                )
            )
        out.append("\n" + ("By script:" if en else "按话术："))
        out += [f"  {name(s)}: {n}" for s, n in list(self.by_script.items())[:10]] or ["  —"]
        out.append("\n" + ("By claimed organisation:" if en else "按自称机构："))
        out += [f"  {org_name(o)}: {n}" for o, n in list(self.by_org.items())[:10]] or ["  —"]
        out.append("\n" + ("Rising against the previous period:" if en else "比上一周期上升："))
        out += [f"  {name(s)}: {b} → {n} (×{g:.1f})" for s, n, b, g in self.rising[:10]] or ["  —"]
        out.append("\n" + ("Numbers reported most (all regions):" if en else "被举报最多的号码（全部地区）："))

        def said(reporters: int, reports: int, status: str) -> str:
            if en:
                who = f"{reporters} reporter" + ("s" if reporters != 1 else "")
                return f"{reports} report(s) from {who}" + (f", {status}" if status != "unverified" else "")
            mark = {"confirmed": "，已确认", "unverified": ""}.get(status, f"，{status}")
            return f"{reporters} 人举报（共 {reports} 次）{mark}"

        out += [f"  {num}: {said(r, c, st)}" for num, r, c, st in self.numbers] or ["  —"]
        return "\n".join(out)


class DeferredRows:
    """Trend rows written in batches, off the request path (the web API: one row per check).

    `add` only appends the row (its hour already fixed) to a buffer. A background thread, started
    with the first row, writes whatever waits every `interval` seconds, or as soon as `batch` rows
    wait, in one transaction. `flush` writes the rest at once (server shutdown, `App.close`).
    Rows are delayed, never dropped: when `limit` rows wait (the database slower than the checks),
    `add` writes them itself; a write that fails keeps its rows for the next one. The buffer holds
    what a row holds (hour, region tag, script, organisation, verdict) and nothing else.
    """

    def __init__(self, table: TrendTable, *, interval: float = 0.5, batch: int = 500, limit: int = 20_000):
        self.table = table
        self.interval, self.batch, self.limit = interval, batch, limit
        self._rows: list[tuple] = []
        self._cond = threading.Condition()
        self._writing = threading.Lock()  # one write at a time: rows reach the table in order
        self._thread: threading.Thread | None = None
        self._closed = False

    def pending(self) -> int:
        with self._cond:
            return len(self._rows)

    def add(self, row: tuple) -> None:
        with self._cond:
            self._rows.append(row)
            waiting = len(self._rows)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="trend-rows", daemon=True)
                self._thread.start()
            if waiting >= self.batch:
                self._cond.notify()
        if waiting >= self.limit or self._closed:
            self.flush()

    def flush(self) -> int:
        """Write every waiting row now, in one transaction; returns how many."""
        with self._writing:
            with self._cond:
                rows, self._rows = self._rows, []
            if not rows:
                return 0
            try:
                self.table.add_many(rows)
            except BaseException:
                with self._cond:  # kept for the next write, in order (the newest `limit` at most)
                    self._rows[:0] = rows
                    del self._rows[: max(0, len(self._rows) - self.limit)]
                raise
            return len(rows)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._closed and len(self._rows) < self.batch:
                    self._cond.wait(self.interval)
                if self._closed:
                    return  # `close` writes the rest
            try:
                self.flush()
            except Exception as exc:  # the database busy or gone: the rows wait for the next try
                log.warning("trend rows not written yet: %s", type(exc).__name__)

    def close(self) -> None:
        """Stop the thread and write what waits (idempotent; later rows are written at once)."""
        with self._cond:
            self._closed = True
            self._cond.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(10)
        self.flush()


class Trends:
    """Records aggregate rows per check and answers the police's questions about them."""

    def __init__(self, store: Store, kb: KnowledgeBase | None = None, clock=time.time):
        self.table = TrendTable(store)
        self.kb = kb
        self.clock = clock
        self._deferred: DeferredRows | None = None
        self._deferred_lock = threading.Lock()

    @property
    def deferred(self) -> DeferredRows:
        """The batched writer behind `record(..., later=True)`, made on first use."""
        with self._deferred_lock:
            if self._deferred is None:
                self._deferred = DeferredRows(self.table)
            return self._deferred

    def record(
        self, script: str | None, org: str | None, verdict: str, region: str | None = None, *, later: bool = False
    ) -> int | None:
        """One row for one checked account; returns the row id. `later`: written with the next batch
        (no row id; see `DeferredRows`), for callers that answer many checks a second."""
        if later:
            self.deferred.add((self.clock(), region, script, org, verdict))
            return None
        return self.table.add(self.clock(), region, script, org, verdict)

    def record_analysis(self, analysis, region: str | None = None, *, later: bool = False) -> int | None:
        """One aggregate row for one checked account from an Analysis (the CLI, the API, the console):
        the top script (none when there are no scam signs), the claimed organisation, the verdict."""
        script = analysis.scripts[0].id if analysis.scripts and analysis.verdict != "no_scam_signs" else None
        return self.record(script, analysis.org.id if analysis.org else None, analysis.verdict, region, later=later)

    def flush(self) -> int:
        """Write the rows recorded `later` that still wait; returns how many."""
        return self._deferred.flush() if self._deferred is not None else 0

    def close(self) -> None:
        """Write what waits and stop the batch writer (App.close, server shutdown)."""
        if self._deferred is not None:
            self._deferred.close()

    def revise(self, row_id: int, script: str | None, org: str | None, verdict: str) -> bool:
        return self.table.revise(row_id, script, org, verdict)

    def report(self, days: int = 7, region: str | None = None, now: float | None = None) -> TrendReport:
        """Counts for the last `days` days (up to the current hour) and the rising scripts."""
        if not 1 <= int(days) <= MAX_DAYS:
            raise ValueError(f"days must be between 1 and {MAX_DAYS}")
        now = self.clock() if now is None else now
        end = int(now) // HOUR * HOUR + HOUR
        start = end - int(days) * DAY
        prev_start = start - int(days) * DAY
        by_script = self.table.count_by("script", start, end, region)
        before = self.table.count_by("script", prev_start, start, region)
        rising = []
        for script, n in by_script.items():
            b = before.get(script, 0)
            growth = (n + 1) / (b + 1)
            if script and n >= RISING_MIN and growth >= RISING_RATIO:
                rising.append((script, n, b, growth))
        rising.sort(key=lambda r: (-r[3], -r[1], r[0]))
        return TrendReport(
            days=int(days),
            region=region,
            start=start,
            end=end,
            by_script=by_script,
            by_org=self.table.count_by("org", start, end, region),
            by_verdict=self.table.count_by("verdict", start, end, region),
            previous_by_script=before,
            rising=rising,
            numbers=self.table.top_numbers(start, end),
            daily=self.table.series(start, end, region, step=DAY),
            untagged=self.table.count_untagged(start, end) if region else 0,
        )

    def chart(self, report: TrendReport, top: int = 6, lang: str = "en", now: float | None = None) -> bytes:
        """The figure of `figure` as PNG bytes."""
        fig = self.figure(report, top, lang, now)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()

    def figure(self, report: TrendReport, top: int = 6, lang: str = "en", now: float | None = None):
        """A matplotlib Figure (Agg): checks per day (UTC) for the top scripts, by their names in `lang`.

        Chinese text is drawn with a CJK font (WenQuanYi Micro Hei or Noto Sans CJK when installed).
        A day the period covers only in part (the current day, and the first one) is shaded and
        labelled, so a falling last point is not mistaken for a fall in checks.
        """
        import datetime as dt

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.ticker import MaxNLocator

        en = lang == "en"
        now = self.clock() if now is None else now
        font = FontProperties(fname=cjk_font()) if cjk_font() else FontProperties()
        small = font.copy()
        small.set_size(8)
        first_day = report.start // DAY * DAY
        days = list(range(first_day, report.end, DAY))
        labels = [dt.datetime.fromtimestamp(d, dt.timezone.utc).strftime("%m-%d") for d in days]
        covered_to = min(report.end, int(now))
        partial = [i for i, d in enumerate(days) if d < report.start or d + DAY > covered_to]
        fig = Figure(figsize=(8, 4.5), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        scripts = [s for s in report.by_script if s][:top]
        for i, script in enumerate(scripts):
            series = report.daily.get(script, {})
            # Scripts with the same counts draw the same line: each gets its own marker and dash, and
            # hollow markers that shrink line by line, so a line under another still shows its marks.
            ax.plot(
                range(len(days)),
                [series.get(d, 0) for d in days],
                marker=_MARKERS[i % len(_MARKERS)],
                linestyle=_DASHES[i % len(_DASHES)],
                markersize=12 - 1.5 * (i % len(_MARKERS)),
                markerfacecolor="none",
                markeredgewidth=1.5,
                label=self.name(script, lang),
            )
        for i in partial:
            ax.axvspan(i - 0.5, i + 0.5, color="0.85", alpha=0.6, hatch="//", zorder=0)
            if days[i] + DAY > covered_to:  # the day still running: its label at the top
                upto = dt.datetime.fromtimestamp(covered_to, dt.timezone.utc).strftime("%H:%M")
                mark, y, va = (f"partial day\nto {upto} UTC" if en else f"当天未结束\n截至 UTC {upto}"), 0.98, "top"
            else:  # the first day, counted from the period's start hour: at the bottom, clear of the legend
                start = dt.datetime.fromtimestamp(report.start, dt.timezone.utc).strftime("%H:%M")
                mark, y, va = (
                    (f"partial day\nfrom {start} UTC" if en else f"不完整的一天\n自 UTC {start}"),
                    0.02,
                    "bottom",
                )
            ax.text(
                i,
                y,
                mark,
                ha="center",
                va=va,
                transform=ax.get_xaxis_transform(),
                fontproperties=small,
                bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1},
            )
        where = _where(report.region, lang)
        title = (
            f"Checks per day by scam type, {where} ({report.total} in {report.days} days)"
            if en
            else f"每天核实次数（按诈骗类型），{where}（{report.days} 天共 {report.total} 次）"
        )
        ax.set_title(title, fontproperties=font)
        ax.set_xticks(range(len(days)))
        ax.set_xticklabels(labels, rotation=45 if len(days) > 10 else 0, fontsize=8)
        if len(days) > 31:
            for i, label in enumerate(ax.get_xticklabels()):
                label.set_visible(i % max(1, len(days) // 15) == 0)
        ax.set_xlabel("day (UTC)" if en else "日期（UTC）", fontproperties=font)
        ax.set_ylabel("checks" if en else "核实次数", fontproperties=font)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # checks are whole: no 0.25 ticks
        ax.grid(alpha=0.3)
        if scripts:
            ax.legend(prop=small, loc="upper left")
        else:
            empty = "no checks in this period" if en else "这段时间没有核实记录"
            ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes, fontproperties=font)
        fig.tight_layout()
        return fig

    def name(self, script: str, lang: str) -> str:
        """A script's name in `lang` (its id when the knowledge base does not know it)."""
        if self.kb and script in self.kb.scripts:
            return self.kb.scripts[script].names.get(lang)
        return script

    def detect(self, now: float | None = None, hours: int = 2) -> list[Spike]:
        """Spikes in the current and the previous hour(s), by the rule in this module's docstring."""
        now = self.clock() if now is None else now
        current = int(now) // HOUR * HOUR
        first = current - (hours - 1) * HOUR
        rows = self.table.hourly(first - BASELINE_HOURS * HOUR, current + HOUR)
        if not rows:
            return []
        history_start = min(r[2] for r in rows)
        counts: dict[tuple[str, str], dict[int, int]] = {}
        for script, region, bucket, n in rows:
            keys = [(script, "ALL")] + ([(script, region)] if region else [])
            for key in keys:
                series = counts.setdefault(key, {})
                series[bucket] = series.get(bucket, 0) + n
        spikes: list[Spike] = []
        for bucket in range(first, current + HOUR, HOUR):
            covered = min(BASELINE_HOURS, (bucket - history_start) // HOUR)
            if covered < MIN_HISTORY_HOURS:
                continue
            regional: set[str] = set()
            # Regions before ALL, so that a regional spike is not drafted twice.
            for (script, region), series in sorted(counts.items(), key=lambda kv: kv[0][1] == "ALL"):
                observed = series.get(bucket, 0)
                if observed < SPIKE_MIN or (region == "ALL" and script in regional):
                    continue
                base = sum(n for b, n in series.items() if bucket - covered * HOUR <= b < bucket)
                rate = (base + 1) / covered
                p = poisson_tail(observed, rate)
                if p < SPIKE_ALPHA:
                    spikes.append(Spike(script, region, bucket, observed, rate, p))
                    if region != "ALL":
                        regional.add(script)
        return spikes

    def new_spikes(self, now: float | None = None) -> list[Spike]:
        """Spikes not drafted before (each recorded once per script, region and hour)."""
        return [
            s
            for s in self.detect(now)
            if self.table.add_spike(s.script, s.region, s.bucket, s.observed, s.baseline, s.p, None)
        ]

    def link_spike(self, spike: Spike, alert_id: int) -> None:
        self.table.set_spike_alert(spike.script, spike.region, spike.bucket, alert_id)
