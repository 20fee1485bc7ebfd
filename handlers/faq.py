"""The regional contact's side of the conversation: a question gets an answer,
a choice, a ticket (legal) or a fallback; buttons pick a choice, give feedback
or forward an unanswered question to a human queue."""

from __future__ import annotations

from typing import Protocol

from handlers.legal import LegalRouter
from handlers.messages import Choice, Incoming, Reply, Section
from handlers.redaction import redact_and_cut, removal_note
from handlers.triage import ACTION_FORWARD_LEGAL, ACTION_FORWARD_TEAM, Triage
from storage.feedback import FeedbackRepository
from storage.tickets import AlreadyForwarded

MAX_STORED_CHARS = 2000
"""Unanswered questions are kept (redacted, then cut) up to this length."""


class TopicMemory(Protocol):
    """Where a conversation's last topic is kept (storage.topics)."""

    def remember(self, platform: str, conversation: str, thread: str | None,
                 entry_ids: list[str]) -> None: ...

    def recall(self, platform: str, conversation: str,
               thread: str | None) -> tuple[str, ...]: ...


class _RecalledTopic:
    """The conversation's previous topic, read from storage only when the triage asks
    (most messages are not follow-ups, and a read is a database round trip)."""

    def __init__(self, topics: TopicMemory, incoming: Incoming):
        self._topics = topics
        self._incoming = incoming
        self._ids: tuple[str, ...] | None = None

    @property
    def entry_ids(self) -> tuple[str, ...]:
        if self._ids is None:
            i = self._incoming
            self._ids = tuple(self._topics.recall(i.platform, i.conversation, i.thread))
        return self._ids


class FaqDesk:
    def __init__(self, triage: Triage, legal: LegalRouter, feedback: FeedbackRepository,
                 topics: TopicMemory | None = None):
        self.triage = triage
        self.legal = legal
        self.feedback = feedback
        self.topics = topics

    def ask(self, incoming: Incoming) -> Reply:
        """Answer a free-text message (each question in it); legal questions become
        tickets right away; what could not be answered is kept and may be forwarded."""
        previous = None
        if self.topics is not None:
            previous = _RecalledTopic(self.topics, incoming)
        decision = self.triage.decide(incoming.text, previous)
        if decision.kind == "legal":
            return self.legal.route(incoming, incoming.text, queue="legal")
        answered = [s.entry_id for s in decision.sections if s.entry_id] or (
            [decision.entry_id] if decision.kind == "answer" and decision.entry_id else [])
        if answered and self.topics is not None:
            self.topics.remember(incoming.platform, incoming.conversation, incoming.thread,
                                 answered)
        if decision.gaps and decision.reason != "offtopic":
            return self._keep_gaps(incoming, decision)
        return decision

    def _keep_gaps(self, incoming: Incoming, decision: Reply) -> Reply:
        """Keep what was not answered (redacted, then cut) for curators, tell the asker
        what was removed, and point the forward buttons at the kept question."""
        english = decision.language == "en"
        redacted, _ = redact_and_cut("\n".join(decision.gaps), MAX_STORED_CHARS)
        question_id = self.feedback.record_unanswered(
            platform=incoming.platform, conversation=incoming.conversation,
            thread=incoming.thread, asker=incoming.user, question=redacted.text,
            language=decision.language, best_entry_id=decision.entry_id, score=decision.score,
            redactions=dict(redacted.found))
        # privacy (issue 11): the asker hears what was removed before the question was kept
        if redacted.found:
            note = removal_note(redacted.found, english)
            decision.text = f"{decision.text}\n\n{note}"
            if decision.sections:
                decision.sections.append(Section("", note))
        forward = (ACTION_FORWARD_TEAM, ACTION_FORWARD_LEGAL)
        decision.choices = [Choice(c.label, c.action, str(question_id), c.style, c.prompt)
                            if c.action in forward else c for c in decision.choices]
        return decision

    def pick(self, incoming: Incoming, value: str) -> Reply:
        """A clarify button ("en:ring-1"): answer the chosen entry in the asker's language."""
        language, _, entry_id = value.rpartition(":")
        return self.triage.answer(entry_id, english=language == "en")

    def record_feedback(self, incoming: Incoming, value: str) -> Reply:
        vote, _, entry_id = value.partition(":")
        if vote not in ("up", "down") or self.triage.kb.get(entry_id) is None:
            return Reply(text="Die feedback kon ik niet verwerken.", kind="error", private=True)
        self.feedback.record_feedback(incoming.platform, incoming.user, entry_id, vote == "up")
        if vote == "up":
            return Reply(text="Dank je voor je feedback!", kind="notice", private=True)
        return Reply(
            text="Dank je, daarmee verbeteren we de antwoorden. Stel je vraag gerust anders, "
                 "of stuur hem met /programmateam <vraag> naar het programmateam.",
            kind="notice", private=True)

    def forward(self, incoming: Incoming, value: str, queue: str) -> Reply:
        """Forward an unanswered question (by its stored id) to a human queue."""
        stored = self.feedback.unanswered(int(value)) if value.isdigit() else None
        if stored is None or stored.asker != incoming.user or stored.platform != incoming.platform:
            return Reply(text="Ik kan die vraag niet meer vinden. Stel hem gerust opnieuw.",
                         kind="error", private=True)
        if stored.ticket_id is not None:
            return Reply(text=f"Deze vraag is al doorgestuurd als ticket #{stored.ticket_id}.",
                         kind="notice", private=True)
        origin = Incoming(platform=incoming.platform, conversation=stored.conversation,
                          user=stored.asker, thread=stored.thread, is_direct=incoming.is_direct)
        try:
            return self.legal.route(origin, stored.question, queue=queue,
                                    from_unanswered=stored.id,
                                    removed_before=stored.redactions)
        except AlreadyForwarded:
            return Reply(text="Deze vraag is al doorgestuurd.", kind="notice", private=True)
