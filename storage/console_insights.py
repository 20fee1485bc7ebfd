"""Interaction counts (the recorder behind the console's Insights) and the reads the
Insights page needs. One upsert per question: `count = count + 1` on the row of
(local day, platform, outcome, entry, language), atomic on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time as time_module
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.console_models import InteractionCount, InteractionDay
from storage.database import Database
from storage.models import Feedback, Ticket, UTCDateTime, utcnow


@dataclass(frozen=True)
class CountRow:
    """One stored count: how many questions of that day, platform, outcome, entry and
    language."""

    day: str
    platform: str
    outcome: str
    entry_id: str
    language: str
    count: int


@dataclass(frozen=True)
class TicketTimes:
    """Seconds from a ticket's creation to its first pick-up (a claim, or the answer when
    it was answered at once) and to its answer; its age; its status."""

    claim_seconds: float | None
    answer_seconds: float | None
    age_seconds: float
    status: str


FLUSH_SECONDS = 5.0
"""Counts are kept in memory this long (or until FLUSH_COUNT) and then written in one
transaction: a question costs no database round trip for statistics. A process
killed with -9 loses at most these seconds of counts (never a question)."""
FLUSH_COUNT = 200


class InteractionRepository:
    """Implements handlers.insights.InteractionRecorder, plus the Insights reads."""

    def __init__(self, db: Database, timezone: str = "Europe/Amsterdam",
                 now: Callable[[], datetime] = utcnow,
                 monotonic: Callable[[], float] = time_module.monotonic):
        self.db = db
        self.timezone = ZoneInfo(timezone)
        self.now = now
        self.monotonic = monotonic
        self._pending: Counter[tuple[str, str, str, str, str]] = Counter()
        self._since = monotonic()
        self._lock = threading.Lock()

    def today(self) -> date:
        return self.now().astimezone(self.timezone).date()

    def record(self, platform: str, outcome: str, entry_id: str, language: str,
               count: int = 1, day: date | None = None) -> None:
        key = ((day or self.today()).isoformat(), platform[:20], outcome[:20],
               (entry_id or "")[:120], (language or "nl")[:5])
        with self._lock:
            self._pending[key] += count
            due = (sum(self._pending.values()) >= FLUSH_COUNT
                   or self.monotonic() - self._since >= FLUSH_SECONDS)
        if due:
            self.flush()

    def flush(self) -> None:
        """Write the counts kept in memory (also before every read, and at shutdown)."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
            self._since = self.monotonic()
        if not pending:
            return
        try:
            with self.db.session() as session:
                dialect = session.get_bind().dialect.name
                insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
                days: Counter[tuple[str, str, str, str]] = Counter()
                for (day, platform, outcome, entry_id, language), n in sorted(pending.items()):
                    stmt = insert(InteractionCount).values(
                        day=day, platform=platform, outcome=outcome, entry_id=entry_id,
                        language=language, count=n)
                    session.execute(stmt.on_conflict_do_update(
                        index_elements=["day", "platform", "outcome", "entry_id", "language"],
                        set_={"count": InteractionCount.count + stmt.excluded.count}))
                    days[(day, outcome, platform, language)] += n
                for (day, outcome, platform, language), n in sorted(days.items()):
                    stmt = insert(InteractionDay).values(day=day, outcome=outcome,
                                                         platform=platform, language=language,
                                                         count=n)
                    session.execute(stmt.on_conflict_do_update(
                        index_elements=["day", "outcome", "platform", "language"],
                        set_={"count": InteractionDay.count + stmt.excluded.count}))
        except Exception:
            with self._lock:  # keep them for the next try
                self._pending.update(pending)
            raise

    def add_rows(self, rows: list[CountRow]) -> None:
        """Bulk insert of pre-aggregated rows into an empty range (benchmarks, imports)."""
        days: Counter[tuple[str, str, str, str]] = Counter()
        for r in rows:
            days[(r.day, r.outcome, r.platform, r.language)] += r.count
        with self.db.session() as session:
            session.execute(InteractionCount.__table__.insert(), [
                {"day": r.day, "platform": r.platform, "outcome": r.outcome,
                 "entry_id": r.entry_id, "language": r.language, "count": r.count}
                for r in rows])
            session.execute(InteractionDay.__table__.insert(), [
                {"day": d, "outcome": o, "platform": p, "language": lang, "count": n}
                for (d, o, p, lang), n in days.items()])

    def daily(self, start: date, end: date) -> list[tuple[str, str, int]]:
        """(day, outcome, count) summed over platforms, entries and languages."""
        self.flush()
        with self.db.session() as session:
            rows = session.execute(
                select(InteractionDay.day, InteractionDay.outcome, func.sum(InteractionDay.count))
                .where(InteractionDay.day >= start.isoformat(),
                       InteractionDay.day <= end.isoformat())
                .group_by(InteractionDay.day, InteractionDay.outcome)).all()
        return [(d, o, int(n)) for d, o, n in rows]

    def entries(self, start: date, end: date, outcome: str = "answer") -> list[tuple[str, int]]:
        self.flush()
        with self.db.session() as session:
            rows = session.execute(
                select(InteractionCount.entry_id, func.sum(InteractionCount.count))
                .where(InteractionCount.day >= start.isoformat(),
                       InteractionCount.day <= end.isoformat(),
                       InteractionCount.outcome == outcome)
                .group_by(InteractionCount.entry_id)).all()
        return [(e, int(n)) for e, n in rows]

    def by_platform_language(self, start: date, end: date) -> list[tuple[str, str, int]]:
        self.flush()
        with self.db.session() as session:
            rows = session.execute(
                select(InteractionDay.platform, InteractionDay.language,
                       func.sum(InteractionDay.count))
                .where(InteractionDay.day >= start.isoformat(),
                       InteractionDay.day <= end.isoformat())
                .group_by(InteractionDay.platform, InteractionDay.language)).all()
        return [(p, lang, int(n)) for p, lang, n in rows]

    def rows(self, start: date, end: date, limit: int = 200_000) -> list[CountRow]:
        """The raw counts of the range, for the CSV export."""
        return [CountRow(*r) for r in self.row_tuples(start, end, limit)]

    def row_tuples(self, start: date, end: date, limit: int = 200_000) -> list[tuple]:
        """(day, platform, outcome, entry_id, language, count) of the range, in order."""
        self.flush()
        with self.db.session() as session:
            result = session.execute(
                select(InteractionCount.day, InteractionCount.platform, InteractionCount.outcome,
                       InteractionCount.entry_id, InteractionCount.language,
                       InteractionCount.count)
                .where(InteractionCount.day >= start.isoformat(),
                       InteractionCount.day <= end.isoformat())
                .order_by(InteractionCount.day, InteractionCount.platform,
                          InteractionCount.outcome, InteractionCount.entry_id,
                          InteractionCount.language)
                .limit(limit)).all()
        return result

    def matched_entries(self) -> set[str]:
        """Every entry that ever answered a question (all time)."""
        self.flush()
        with self.db.session() as session:
            return set(session.scalars(
                select(InteractionCount.entry_id).where(InteractionCount.outcome == "answer")
                .distinct()).all())

    def feedback(self) -> dict[str, tuple[int, int]]:
        """entry -> (helpful, not helpful), all time (counts only)."""
        with self.db.session() as session:
            rows = session.execute(
                select(Feedback.entry_id, Feedback.helpful, func.count())
                .group_by(Feedback.entry_id, Feedback.helpful)).all()
        counts: dict[str, list[int]] = {}
        for entry_id, helpful, n in rows:
            counts.setdefault(entry_id, [0, 0])[0 if helpful else 1] += n
        return {k: (v[0], v[1]) for k, v in counts.items()}

    def ticket_times(self, start: date, end: date) -> list[TicketTimes]:
        """Seconds to first pick-up and to answer, and age, of tickets created in the range,
        computed by the database (no timestamps to parse for thousands of rows)."""
        lo = datetime.combine(start, time(0), self.timezone)
        hi = datetime.combine(end + timedelta(days=1), time(0), self.timezone)
        first = case((Ticket.claimed_at.is_(None), Ticket.answered_at),
                     (Ticket.answered_at.is_(None), Ticket.claimed_at),
                     (Ticket.claimed_at < Ticket.answered_at, Ticket.claimed_at),
                     else_=Ticket.answered_at)
        with self.db.session() as session:
            dialect = session.get_bind().dialect.name
            now = literal(self.now(), UTCDateTime)
            rows = session.execute(
                select(_seconds(first, Ticket.created_at, dialect),
                       _seconds(Ticket.answered_at, Ticket.created_at, dialect),
                       _seconds(now, Ticket.created_at, dialect), Ticket.status)
                .where(Ticket.created_at >= lo, Ticket.created_at < hi)).all()
        return [TicketTimes(None if c is None else float(c), None if a is None else float(a),
                            float(age or 0), status) for c, a, age, status in rows]


def _seconds(later, earlier, dialect: str):
    """`later - earlier` in seconds, in SQL (NULL when either is NULL)."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0
