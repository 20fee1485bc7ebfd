"""Reads for the console's Knowledge page: a cheap fingerprint of the stored
unanswered questions (to reuse the gap clusters while nothing changed) and the
recently answered tickets a curator can turn into an entry."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import Database
from storage.models import Ticket, UnansweredQuestion
from storage.tickets import ANSWERED, CLOSED, TicketView


class KnowledgeReader:
    def __init__(self, db: Database):
        self.db = db

    def unanswered_fingerprint(self) -> tuple[int, int]:
        """(count, highest id) of the stored unanswered questions."""
        with self.db.session() as session:
            count, top = session.execute(select(func.count(), func.max(UnansweredQuestion.id))
                                         ).one()
        return int(count or 0), int(top or 0)

    def unanswered_text(self, question_id: int) -> str | None:
        with self.db.session() as session:
            return session.scalar(select(UnansweredQuestion.question)
                                  .where(UnansweredQuestion.id == question_id))

    def answered_tickets(self, limit: int = 20) -> list[TicketView]:
        """Answered (or closed with an answer) tickets, newest answer first."""
        with self.db.session() as session:
            rows = session.scalars(
                select(Ticket).where(Ticket.status.in_((ANSWERED, CLOSED)),
                                     Ticket.answer.is_not(None),
                                     Ticket.anonymised_at.is_(None))
                .order_by(Ticket.answered_at.desc()).limit(limit)).all()
            return [TicketView.of(t) for t in rows]
