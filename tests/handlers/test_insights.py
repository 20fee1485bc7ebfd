"""Outcomes of questions and the Insights figures (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from handlers.insights import (
    daily_outcomes,
    outcome_of,
    percentile,
    ticket_figures,
    top_entries,
)
from handlers.messages import Action, Incoming, Reply
from storage.console_insights import TicketTimes


def _in(text: str = "vraag", **kw) -> Incoming:
    return Incoming(platform="slack", conversation="C", user="U", text=text, **kw)


def test_outcome_of_questions_only():
    assert outcome_of(_in(), Reply("x", kind="answer", entry_id="ring-1")) == ("answer", "ring-1")
    assert outcome_of(_in(), Reply("x", kind="clarify", options=["a", "b"])) == ("clarify", "")
    assert outcome_of(_in(), Reply("x", kind="fallback")) == ("fallback", "")
    assert outcome_of(_in(), Reply("x", kind="ticket")) == ("legal", "")
    assert outcome_of(_in("hallo"), Reply("x", kind="smalltalk")) == ("smalltalk", "")
    assert outcome_of(_in("/juridisch mag dat?"), Reply("x", kind="ticket")) == ("legal", "")
    assert outcome_of(_in("/juridisch"), Reply("x", kind="error")) is None
    assert outcome_of(_in("/claim 1"), Reply("x", kind="notice")) is None
    assert outcome_of(_in("/help"), Reply("x", kind="smalltalk")) is None
    assert outcome_of(_in("", action=Action("faq.pick", "nl:ring-1")),
                      Reply("x", kind="answer", entry_id="ring-1")) is None
    assert outcome_of(_in(), Reply("x", kind="error")) is None


def test_daily_outcomes_fill_every_day_and_share_leaves_smalltalk_out():
    start = date(2026, 1, 1)
    series = daily_outcomes([("2026-01-01", "answer", 6), ("2026-01-03", "fallback", 2),
                             ("2026-01-03", "smalltalk", 5), ("2025-12-31", "answer", 9),
                             ("2026-01-02", "legal", 2)], start, start + timedelta(days=2))
    assert series.days == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert series.counts["answer"] == [6, 0, 0] and series.counts["smalltalk"] == [0, 0, 5]
    assert series.questions == 15 and series.share_answered == 0.6
    assert series.day_total(2) == 7
    assert daily_outcomes([], start, start).share_answered is None


def test_percentile_is_nearest_rank():
    assert percentile([], 0.5) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0


def test_ticket_figures_time_to_claim_answer_and_breaches():
    h = 3600.0
    rows = [TicketTimes(2 * h, 5 * h, 100 * h, "answered"),
            TicketTimes(30 * h, 30 * h, 100 * h, "closed"),   # answered at once, late
            TicketTimes(None, None, 100 * h, "open"),         # still waiting, past SLA
            TicketTimes(None, None, 1 * h, "open"),           # waiting, within SLA
            TicketTimes(None, None, 100 * h, "closed")]       # closed without answer
    figures = ticket_figures(rows, timedelta(hours=24))
    assert figures.tickets == 5
    assert figures.claim_hours == [2.0, 30.0] and figures.answer_hours == [5.0, 30.0]
    assert figures.breaches == 2 and figures.waiting_now == 1
    assert figures.median_claim() == 2.0 and figures.p90_answer() == 30.0


def test_top_entries_sum_and_sort():
    assert top_entries([("b", 2), ("a", 2), ("c", 5), ("", 9), ("b", 1)], 2) == [("c", 5),
                                                                                  ("b", 3)]
