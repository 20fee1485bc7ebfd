"""Which conversations receive which announcements, per platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from storage.database import Database
from storage.models import utcnow
from storage.schedule_models import ALL_KINDS, Subscription


@dataclass(frozen=True)
class SubscriptionView:
    platform: str
    conversation: str
    kinds: frozenset[str]
    created_by: str
    created_at: datetime


def _kinds(text: str) -> frozenset[str]:
    return frozenset(k for k in text.split(",") if k)


def _view(row: Subscription) -> SubscriptionView:
    return SubscriptionView(row.platform, row.conversation, _kinds(row.kinds), row.created_by,
                            row.created_at)


class SubscriptionRepository:
    def __init__(self, db: Database):
        self.db = db

    def subscribe(self, platform: str, conversation: str, kinds: frozenset[str] = frozenset(
            ALL_KINDS), created_by: str = "") -> str:
        """Opt a conversation in; returns 'new', 'updated' (other kinds) or 'same'."""
        text = ",".join(sorted(kinds))
        with self.db.session() as session:
            row = session.scalar(select(Subscription).where(
                Subscription.platform == platform, Subscription.conversation == conversation))
            if row is None:
                session.add(Subscription(platform=platform, conversation=conversation,
                                         kinds=text, created_by=created_by, created_at=utcnow()))
                return "new"
            if row.kinds == text:
                return "same"
            row.kinds = text
            return "updated"

    def unsubscribe(self, platform: str, conversation: str) -> bool:
        with self.db.session() as session:
            result = session.execute(delete(Subscription).where(
                Subscription.platform == platform, Subscription.conversation == conversation))
            return bool(result.rowcount)

    def get(self, platform: str, conversation: str) -> SubscriptionView | None:
        with self.db.session() as session:
            row = session.scalar(select(Subscription).where(
                Subscription.platform == platform, Subscription.conversation == conversation))
            return _view(row) if row else None

    def all(self, kind: str | None = None) -> list[SubscriptionView]:
        """Every subscription (of one kind when given), oldest first."""
        with self.db.session() as session:
            rows = session.scalars(select(Subscription).order_by(Subscription.id)).all()
            views = [_view(r) for r in rows]
        return [v for v in views if kind is None or kind in v.kinds]

    def targets(self, kind: str) -> list[tuple[str, str]]:
        """(platform, conversation) pairs that receive `kind`."""
        return [(v.platform, v.conversation) for v in self.all(kind)]
