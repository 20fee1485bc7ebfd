"""The console's audit trail: one row per console action (sign-in, sign-out, ticket
steps, drafts, approvals, retries, exports), with who, what, on what and how it went.
Question and answer texts are never written here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.console_models import ConsoleAudit
from storage.database import Database


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    target: str
    outcome: str
    detail: str


class ConsoleAuditRepository:
    def __init__(self, db: Database):
        self.db = db

    def record(self, actor: str, action: str, target: str = "", outcome: str = "ok",
               detail: str = "") -> None:
        with self.db.session() as session:
            session.add(ConsoleAudit(actor=actor[:255], action=action[:60], target=target[:255],
                                     outcome=outcome[:20], detail=detail[:500]))

    def recent(self, limit: int = 200, action: str | None = None) -> list[AuditRow]:
        with self.db.session() as session:
            query = select(ConsoleAudit).order_by(ConsoleAudit.id.desc()).limit(limit)
            if action:
                query = query.where(ConsoleAudit.action == action)
            return [AuditRow(r.at, r.actor, r.action, r.target, r.outcome, r.detail)
                    for r in session.scalars(query).all()]
