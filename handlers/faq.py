"""The regional contact's side of the conversation: a question gets an answer,
a choice, a ticket (legal) or a fallback; buttons pick a choice, give feedback
or forward an unanswered question to a human queue."""

from __future__ import annotations

from handlers.legal import LegalRouter
from handlers.messages import Choice, Incoming, Reply
from handlers.redaction import redact_and_cut, removal_note
from handlers.triage import ACTION_FORWARD_LEGAL, ACTION_FORWARD_TEAM, Triage
from knowledge.language import detect_language
from storage.feedback import FeedbackRepository
from storage.tickets import AlreadyForwarded

MAX_STORED_CHARS = 2000
"""Unanswered questions are kept (redacted, then cut) up to this length."""


class FaqDesk:
    def __init__(self, triage: Triage, legal: LegalRouter, feedback: FeedbackRepository):
        self.triage = triage
        self.legal = legal
        self.feedback = feedback

    def ask(self, incoming: Incoming) -> Reply:
        """Answer a free-text question; legal questions become tickets right away."""
        decision = self.triage.decide(incoming.text)
        if decision.kind == "legal":
            return self.legal.route(incoming, incoming.text, queue="legal")
        if decision.kind == "fallback" and any(c.isalnum() for c in incoming.text):
            return self._fallback(incoming, decision)
        return decision

    def _fallback(self, incoming: Incoming, decision: Reply) -> Reply:
        """Keep the (redacted) question for curators and offer to forward it."""
        english = detect_language(incoming.text) == "en"
        redacted, _ = redact_and_cut(incoming.text, MAX_STORED_CHARS)
        question_id = self.feedback.record_unanswered(
            platform=incoming.platform, conversation=incoming.conversation,
            thread=incoming.thread, asker=incoming.user,
            question=redacted.text, language="en" if english else "nl",
            best_entry_id=None, score=decision.score, redactions=dict(redacted.found))
        # privacy (issue 11): the asker hears what was removed before the question was kept
        if redacted.found:
            decision.text = f"{decision.text}\n\n{removal_note(redacted.found, english)}"
        decision.choices = [
            Choice(c.label, c.action, str(question_id)) for c in decision.choices
            if c.action in (ACTION_FORWARD_TEAM, ACTION_FORWARD_LEGAL)
        ]
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
