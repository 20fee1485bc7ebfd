"""Reads of the ticket queue for the console: counts per queue and status, and one
page of tickets (oldest waiting first; finished ones newest first)."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.database import Database
from storage.models import Ticket
from storage.tickets import ANSWERED, CLAIMED, CLOSED, OPEN, TicketView

WAITING = (OPEN, CLAIMED)
ALL_STATUSES = (OPEN, CLAIMED, ANSWERED, CLOSED)


class QueueReader:
    def __init__(self, db: Database):
        self.db = db

    def counts(self) -> dict[tuple[str, str], int]:
        """(queue, status) -> number of tickets."""
        with self.db.session() as session:
            rows = session.execute(select(Ticket.queue, Ticket.status, func.count())
                                   .group_by(Ticket.queue, Ticket.status)).all()
        return {(q, s): n for q, s, n in rows}

    def page(self, queue: str | None, statuses: tuple[str, ...], limit: int = 50,
             offset: int = 0) -> list[TicketView]:
        waiting = set(statuses) <= set(WAITING)
        order = Ticket.created_at.asc() if waiting else Ticket.created_at.desc()
        query = select(Ticket).where(Ticket.status.in_(statuses))
        if queue:
            query = query.where(Ticket.queue == queue)
        with self.db.session() as session:
            rows = session.scalars(query.order_by(order, Ticket.id).limit(limit)
                                   .offset(offset)).all()
            return [TicketView.of(t) for t in rows]
