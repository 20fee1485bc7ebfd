"""How the bot is doing, as numbers: which outcome a question had, and the figures
the console's Insights page shows (per day, share answered by the bot itself, top
entries, time to claim and answer, SLA breaches).

Recording keeps only counts per (day, platform, outcome, entry, language): no
question text and no user id ever reach the insights tables. This module is pure:
the router calls `outcome_of` and hands the result to an injected recorder.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from handlers.messages import Incoming, Reply
from storage.console_insights import TicketTimes

OUTCOMES = ("answer", "clarify", "fallback", "legal", "smalltalk")
"""In chart order. Shown as answered, clarified, fallback, legal, smalltalk."""
LEGAL_COMMANDS = ("/juridisch", "/legal")


class InteractionRecorder(Protocol):
    def record(self, platform: str, outcome: str, entry_id: str, language: str) -> None:
        """Count one question with this outcome (for today)."""


def outcome_of(incoming: Incoming, reply: Reply) -> tuple[str, str] | None:
    """(outcome, entry id or '') for a question; None for anything that is not one
    (buttons, staff and admin commands, errors)."""
    if incoming.action is not None:
        return None
    text = incoming.text.strip()
    if text.startswith("/"):
        command = text.split(" ", 1)[0].lower()
        if command in LEGAL_COMMANDS and reply.kind == "ticket":
            return "legal", ""
        return None
    if reply.kind == "ticket":  # a legal question became a ticket right away
        return "legal", ""
    if reply.kind == "answer":
        return "answer", reply.entry_id or ""
    if reply.kind in ("clarify", "fallback", "legal", "smalltalk"):
        return reply.kind, ""
    return None


@dataclass
class DailyOutcomes:
    """Questions per day by outcome, every day of the range present (zeros too)."""

    days: list[str]
    counts: dict[str, list[int]]  # outcome -> one count per day

    @property
    def totals(self) -> dict[str, int]:
        return {o: sum(v) for o, v in self.counts.items()}

    @property
    def questions(self) -> int:
        return sum(self.totals.values())

    @property
    def share_answered(self) -> float | None:
        """Answered by the bot itself, of all questions that were not smalltalk."""
        totals = self.totals
        asked = sum(n for o, n in totals.items() if o != "smalltalk")
        return totals.get("answer", 0) / asked if asked else None

    def day_total(self, index: int) -> int:
        return sum(self.counts[o][index] for o in OUTCOMES)


def day_range(start: date, end: date) -> list[str]:
    """ISO days from start to end inclusive."""
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def daily_outcomes(rows: Iterable[tuple[str, str, int]], start: date, end: date
                   ) -> DailyOutcomes:
    """From (day, outcome, count) rows to a full series."""
    days = day_range(start, end)
    index = {d: n for n, d in enumerate(days)}
    counts = {o: [0] * len(days) for o in OUTCOMES}
    for day, outcome, count in rows:
        if day in index and outcome in counts:
            counts[outcome][index[day]] += count
    return DailyOutcomes(days, counts)


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (share 0.5 = median); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class TicketFigures:
    tickets: int = 0
    claim_hours: list[float] = field(default_factory=list)
    answer_hours: list[float] = field(default_factory=list)
    breaches: int = 0
    waiting_now: int = 0

    def median_claim(self) -> float | None:
        return percentile(self.claim_hours, 0.5)

    def median_answer(self) -> float | None:
        return percentile(self.answer_hours, 0.5)

    def p90_answer(self) -> float | None:
        return percentile(self.answer_hours, 0.9)


def ticket_figures(rows: Iterable[TicketTimes], sla: timedelta) -> TicketFigures:
    """Time to claim and to answer, in hours; a breach is a ticket picked up later than
    the SLA, or still waiting (open) longer than that."""
    figures = TicketFigures()
    limit = sla.total_seconds()
    for t in rows:
        figures.tickets += 1
        if t.claim_seconds is not None:
            figures.claim_hours.append(t.claim_seconds / 3600)
            if t.claim_seconds > limit:
                figures.breaches += 1
        elif t.status == "open" and t.age_seconds > limit:
            figures.breaches += 1
            figures.waiting_now += 1
        if t.answer_seconds is not None:
            figures.answer_hours.append(t.answer_seconds / 3600)
    return figures


def top_entries(rows: Iterable[tuple[str, int]], limit: int = 10) -> list[tuple[str, int]]:
    totals: dict[str, int] = defaultdict(int)
    for entry_id, count in rows:
        if entry_id:
            totals[entry_id] += count
    return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
