"""Knowledge-base entries written in the console: drafts, four-eyes approval, and
the approved entries the bot serves next to the YAML knowledge base.

Approval is one conditional UPDATE: the draft is still a draft at the version the
approver reviewed, and the approver neither created nor last edited it. The same
transaction sets `live_entry_id` (unique, so two served entries never share an
id) and bumps `knowledge_revision`, which tells every process to rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.console_models import (
    APPROVED,
    DRAFT,
    REJECTED,
    WITHDRAWN,
    KnowledgeDraft,
    KnowledgeRevision,
)
from storage.database import Database
from storage.models import utcnow


@dataclass(frozen=True)
class DraftView:
    id: int
    entry_id: str
    data: dict[str, Any]
    status: str
    origin: str
    created_by: str
    updated_by: str
    approved_by: str | None
    approved_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, d: KnowledgeDraft) -> DraftView:
        return cls(d.id, d.entry_id, dict(d.data or {}), d.status, d.origin, d.created_by,
                   d.updated_by, d.approved_by, d.approved_at, d.version, d.created_at,
                   d.updated_at)


@dataclass(frozen=True)
class DraftResult:
    ok: bool
    draft: DraftView | None
    reason: str = ""  # not_found | wrong_status | same_person | stale | id_taken


def _bump(session: Session) -> None:
    changed = session.execute(update(KnowledgeRevision).where(KnowledgeRevision.id == 1)
                              .values(revision=KnowledgeRevision.revision + 1))
    if changed.rowcount == 0:
        session.add(KnowledgeRevision(id=1, revision=1))


class DraftRepository:
    def __init__(self, db: Database):
        self.db = db

    def create(self, data: dict[str, Any], actor: str, origin: str = "") -> DraftView:
        now = utcnow()
        with self.db.session() as session:
            draft = KnowledgeDraft(entry_id=str(data.get("id") or "")[:120], data=data,
                                   status=DRAFT, origin=origin[:60], created_by=actor,
                                   updated_by=actor, note="", version=1, created_at=now,
                                   updated_at=now)
            session.add(draft)
            session.flush()
            return DraftView.of(draft)

    def get(self, draft_id: int) -> DraftView | None:
        with self.db.session() as session:
            draft = session.get(KnowledgeDraft, draft_id)
            return DraftView.of(draft) if draft else None

    def list(self, statuses: tuple[str, ...] = (DRAFT, APPROVED), limit: int = 200
             ) -> list[DraftView]:
        with self.db.session() as session:
            rows = session.scalars(select(KnowledgeDraft)
                                   .where(KnowledgeDraft.status.in_(statuses))
                                   .order_by(KnowledgeDraft.id.desc()).limit(limit)).all()
            return [DraftView.of(d) for d in rows]

    def _change(self, draft_id: int, condition: Any, values: dict[str, Any],
                bump: bool = False) -> DraftResult:
        try:
            with self.db.session() as session:
                result = session.execute(
                    update(KnowledgeDraft).where(KnowledgeDraft.id == draft_id, condition)
                    .values(version=KnowledgeDraft.version + 1, updated_at=utcnow(), **values)
                    .execution_options(synchronize_session=False))
                draft = session.get(KnowledgeDraft, draft_id, populate_existing=True)
                if draft is None:
                    return DraftResult(False, None, "not_found")
                view = DraftView.of(draft)
                if result.rowcount != 1:
                    return DraftResult(False, view, "")
                if bump:
                    _bump(session)
                return DraftResult(True, view)
        except IntegrityError:
            return DraftResult(False, self.get(draft_id), "id_taken")

    def update(self, draft_id: int, data: dict[str, Any], actor: str, version: int
               ) -> DraftResult:
        """Save an edit of a draft that is still a draft at `version`."""
        result = self._change(
            draft_id, (KnowledgeDraft.status == DRAFT) & (KnowledgeDraft.version == version),
            {"data": data, "entry_id": str(data.get("id") or "")[:120], "updated_by": actor})
        return result if result.ok or result.reason else self._why(result.draft, actor, version)

    def approve(self, draft_id: int, actor: str, version: int) -> DraftResult:
        """Four eyes: only someone who neither wrote nor last edited the draft, and only
        the version they reviewed."""
        condition = ((KnowledgeDraft.status == DRAFT) & (KnowledgeDraft.version == version)
                     & (KnowledgeDraft.created_by != actor)
                     & (KnowledgeDraft.updated_by != actor))
        draft = self.get(draft_id)
        if draft is None:
            return DraftResult(False, None, "not_found")
        result = self._change(draft_id, condition, {
            "status": APPROVED, "approved_by": actor, "approved_at": utcnow(),
            "live_entry_id": draft.entry_id}, bump=True)
        return result if result.ok or result.reason else self._why(result.draft, actor, version)

    def reject(self, draft_id: int, actor: str, note: str = "") -> DraftResult:
        result = self._change(draft_id, KnowledgeDraft.status == DRAFT,
                              {"status": REJECTED, "updated_by": actor, "note": note[:2000]})
        return result if result.ok or result.reason else DraftResult(False, result.draft,
                                                                    "wrong_status")

    def withdraw(self, draft_id: int, actor: str) -> DraftResult:
        """Stop serving an approved entry (it stays in the history)."""
        result = self._change(draft_id, KnowledgeDraft.status == APPROVED,
                              {"status": WITHDRAWN, "updated_by": actor,
                               "live_entry_id": None}, bump=True)
        return result if result.ok or result.reason else DraftResult(False, result.draft,
                                                                    "wrong_status")

    @staticmethod
    def _why(draft: DraftView | None, actor: str, version: int) -> DraftResult:
        if draft is None:
            return DraftResult(False, None, "not_found")
        if draft.status != DRAFT:
            return DraftResult(False, draft, "wrong_status")
        if draft.version != version:
            return DraftResult(False, draft, "stale")
        if actor in (draft.created_by, draft.updated_by):
            return DraftResult(False, draft, "same_person")
        return DraftResult(False, draft, "wrong_status")

    def approved(self) -> list[DraftView]:
        """The entries being served, oldest approval first."""
        with self.db.session() as session:
            rows = session.scalars(select(KnowledgeDraft)
                                   .where(KnowledgeDraft.status == APPROVED)
                                   .order_by(KnowledgeDraft.approved_at, KnowledgeDraft.id)).all()
            return [DraftView.of(d) for d in rows]

    def revision(self) -> int:
        with self.db.session() as session:
            return session.scalar(select(KnowledgeRevision.revision)
                                  .where(KnowledgeRevision.id == 1)) or 0
