"""Processed platform event ids: a retried delivery (Slack's X-Slack-Retry-Num,
a Teams redelivery) of an event already handled is recognised in the database,
so it holds across restarts and across several web processes."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from storage.database import Database
from storage.models import ProcessedEvent, utcnow


class EventDedupe:
    def __init__(self, db: Database):
        self.db = db

    def first_time(self, platform: str, event_id: str) -> bool:
        """Record the event; True only for the first caller with this (platform, id)."""
        with self.db.session() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            stmt = insert(ProcessedEvent).values(
                platform=platform, event_id=event_id[:255], received_at=utcnow()
            ).on_conflict_do_nothing(index_elements=["platform", "event_id"])
            # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
            return session.execute(stmt.returning(ProcessedEvent.event_id)).first() is not None
