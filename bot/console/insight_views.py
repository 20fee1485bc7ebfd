"""Insights: questions per day by outcome, the share the bot answered itself, top
entries, helpful / not helpful per entry, tickets' time to claim and to answer and
SLA breaches; charts drawn as inline SVG; the counts as CSV."""

from __future__ import annotations

import asyncio
import csv
import io
import time
from datetime import timedelta

from aiohttp import web

from bot.console.charts import COLOURS, hbars, stacked_days
from bot.console.context import CONTEXT, LANG, SESSION, requires
from bot.console.i18n import translate
from bot.console.pages import int_param, render
from handlers.insights import OUTCOMES, daily_outcomes, ticket_figures, top_entries
from handlers.messages import ROLE_CURATOR, ROLE_STAFF

PERIODS = (7, 30, 90)
"""Days the page and the CSV cover."""
OUTCOME_NAMES = {"answer": "beantwoord door de bot", "clarify": "verduidelijkt",
                 "fallback": "geen antwoord", "legal": "juridisch", "smalltalk": "praatje"}


def _period(request: web.Request) -> int:
    days = int_param(request.query.get("days"), 30, 1, 366)
    return days if days in PERIODS else 30


class FiguresCache:
    """The database reads of one period, reused for CONSOLE_CACHE_SECONDS: counts change
    slowly and several people may look at once."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, str], tuple[float, tuple]] = {}

    async def get(self, repo, days: int, ttl: float) -> tuple:
        end = repo.today()
        key = (days, end.isoformat())
        hit = self._entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        start = end - timedelta(days=days - 1)
        figures = (start, end, *await asyncio.gather(
            asyncio.to_thread(repo.daily, start, end),
            asyncio.to_thread(repo.entries, start, end),
            asyncio.to_thread(repo.feedback),
            asyncio.to_thread(repo.ticket_times, start, end),
            asyncio.to_thread(repo.by_platform_language, start, end)))
        if ttl > 0:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > time.monotonic()}
            self._entries[key] = (time.monotonic() + ttl, figures)
        return figures


FIGURES = web.AppKey("insight_figures", FiguresCache)


@requires(ROLE_STAFF, ROLE_CURATOR)
async def insights(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    repo = context.parts.interactions
    days = _period(request)
    start, end, daily_rows, entry_rows, feedback, times, split = await request.app[
        FIGURES].get(repo, days, context.services.settings.console_cache_seconds)
    series = daily_outcomes(daily_rows, start, end)
    lang = request[LANG]
    names = {k: translate(v, lang) for k, v in OUTCOME_NAMES.items()}
    kb = context.parts.knowledge.kb
    top = top_entries(entry_rows, 10)
    feedback_rows = sorted(feedback.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))
    sla = timedelta(hours=context.services.settings.ticket_sla_hours)
    return render("insights.html", request, {
        "days": days, "periods": PERIODS, "series": series, "outcomes": OUTCOMES,
        "names": names, "colours": COLOURS,
        "chart": stacked_days(series.days, series.counts, names),
        "top": hbars([(e, n) for e, n in top]), "titles": {e.id: e.title for e in kb.entries},
        "feedback": feedback_rows[:20], "tickets": ticket_figures(times, sla),
        "sla_hours": context.services.settings.ticket_sla_hours,
        "split": sorted(split, key=lambda r: -r[2]),
    })


@requires(ROLE_STAFF, ROLE_CURATOR)
async def insights_csv(request: web.Request) -> web.Response:
    """The recorded counts of the period: day, platform, outcome, entry, language, count."""
    context = request.app[CONTEXT]
    repo = context.parts.interactions
    days = _period(request)
    end = repo.today()
    start = end - timedelta(days=days - 1)
    rows = await asyncio.to_thread(repo.row_tuples, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "platform", "outcome", "entry_id", "language", "count"])
    writer.writerows(rows)
    await asyncio.to_thread(context.parts.audit.record, request[SESSION].identity.actor,
                            "insights_export", f"{start}..{end}", "ok", f"{len(rows)} rows")
    return web.Response(
        body=out.getvalue().encode("utf-8"), content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition":
                 f'attachment; filename="helpdesk-insights-{start}-{end}.csv"'})


def routes(app: web.Application) -> None:
    app[FIGURES] = FiguresCache()
    app.router.add_get("/insights", insights)
    app.router.add_get("/insights.csv", insights_csv)
