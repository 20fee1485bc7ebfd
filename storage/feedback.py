"""Feedback on answers and the questions the knowledge base could not answer.

Unanswered questions are stored redacted; curators read them grouped by
similarity (`helpdesk kb gaps`) to see which entries are missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func, select

from storage.database import Database
from storage.models import Feedback, UnansweredQuestion

GAP_SIMILARITY = 70
"""rapidfuzz token_set_ratio at which two unanswered questions count as one gap."""


@dataclass(frozen=True)
class Gap:
    example: str
    count: int
    questions: tuple[str, ...]
    ids: tuple[int, ...] = ()
    """The stored questions' ids, in the order of `questions` (the console drafts from them)."""


@dataclass(frozen=True)
class StoredQuestion:
    id: int
    platform: str
    conversation: str
    thread: str | None
    asker: str
    question: str
    language: str
    ticket_id: int | None
    redactions: dict[str, int]


class FeedbackRepository:
    def __init__(self, db: Database):
        self.db = db

    def record_feedback(self, platform: str, user: str, entry_id: str, helpful: bool) -> None:
        with self.db.session() as session:
            session.add(Feedback(platform=platform, user=user, entry_id=entry_id, helpful=helpful))

    def feedback_counts(self) -> dict[str, tuple[int, int]]:
        """entry id -> (helpful, not helpful)."""
        with self.db.session() as session:
            rows = session.execute(
                select(Feedback.entry_id, Feedback.helpful, func.count())
                .group_by(Feedback.entry_id, Feedback.helpful)
            ).all()
        counts: dict[str, list[int]] = {}
        for entry_id, helpful, n in rows:
            counts.setdefault(entry_id, [0, 0])[0 if helpful else 1] += n
        return {k: (v[0], v[1]) for k, v in counts.items()}

    def record_unanswered(self, *, platform: str, conversation: str, thread: str | None,
                          asker: str, question: str, language: str,
                          best_entry_id: str | None, score: float,
                          redactions: dict[str, int] | None = None) -> int:
        with self.db.session() as session:
            row = UnansweredQuestion(platform=platform, conversation=conversation, thread=thread,
                                     asker=asker, question=question, language=language,
                                     best_entry_id=best_entry_id, score=score,
                                     redactions=dict(redactions or {}))
            session.add(row)
            session.flush()
            return row.id

    def unanswered(self, question_id: int) -> StoredQuestion | None:
        with self.db.session() as session:
            row = session.get(UnansweredQuestion, question_id)
            if row is None:
                return None
            return StoredQuestion(row.id, row.platform, row.conversation, row.thread, row.asker,
                                  row.question, row.language, row.ticket_id,
                                  dict(row.redactions or {}))

    def gaps(self, limit: int = 1000) -> list[Gap]:
        """Unanswered questions grouped greedily by similarity, biggest group first."""
        with self.db.session() as session:
            rows = session.execute(
                select(UnansweredQuestion.id, UnansweredQuestion.question)
                .order_by(UnansweredQuestion.id.desc()).limit(limit)
            ).all()
        groups: list[list[tuple[int, str, str]]] = []
        for row_id, question in rows:
            lowered = question.lower()
            for group in groups:
                if fuzz.token_set_ratio(lowered, group[0][2]) >= GAP_SIMILARITY:
                    group.append((row_id, question, lowered))
                    break
            else:
                groups.append([(row_id, question, lowered)])
        groups.sort(key=len, reverse=True)
        return [Gap(g[0][1], len(g), tuple(q for _, q, _ in g), tuple(i for i, _, _ in g))
                for g in groups]
