"""Route a question to a human queue: redact, store a ticket, enqueue the staff card.

The ticket and its card rows are committed in one transaction before anything
is sent, so a question is never lost between "ticket stored" and "staff told";
the outbox worker delivers (and retries) the card. The ticket remembers the inbox
row it came from (`Incoming.event_id`), so routing the same message again after a
crash gives the same ticket, not a second one.
"""

from __future__ import annotations

import logging

from handlers.messages import Incoming, Reply
from handlers.queues import Queue, spec
from handlers.redaction import redact_and_cut, summarise
from handlers.ticket_cards import Destinations, card_items
from knowledge.language import detect_language
from storage.tickets import TicketRepository

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 4000
"""Longer questions are stored cut, with a note; staff can ask for the rest."""


class LegalRouter:
    """Turns a question into a ticket in the legal (or programme-team) queue."""

    def __init__(self, tickets: TicketRepository, destinations: Destinations):
        self.tickets = tickets
        self.destinations = destinations

    def route(self, incoming: Incoming, question: str, queue: str = Queue.LEGAL,
              from_unanswered: int | None = None,
              removed_before: dict[str, int] | None = None) -> Reply:
        """Store the redacted question as a ticket and tell the asker its number and what
        personal data was removed (`removed_before`: what redaction took out of an
        unanswered question stored earlier, now forwarded).
        Raises storage.tickets.AlreadyForwarded when `from_unanswered` was forwarded before."""
        entry = spec(queue)
        english = detect_language(question) == "en"
        question = question.strip()
        if not any(c.isalnum() for c in question):
            command = entry.commands[0]
            return Reply(
                text=(f"Please add your question after the command, e.g. {command} "
                      f"{entry.example_en}") if english else
                     (f"Zet je vraag achter het commando, bijvoorbeeld: {command} "
                      f"{entry.example_nl}"),
                kind="error", private=True)
        redacted, cut = redact_and_cut(question, MAX_QUESTION_CHARS)
        text = redacted.text + (" […]" if cut else "")
        removed = dict(redacted.found)
        for kind, n in (removed_before or {}).items():
            removed[kind] = removed.get(kind, 0) + n
        source = (f"{incoming.platform}:{incoming.event_id}"
                  if incoming.event_id and from_unanswered is None else None)
        ticket = self.tickets.create(
            queue=entry.queue, platform=incoming.platform, conversation=incoming.conversation,
            thread=incoming.thread, asker=incoming.user, language="en" if english else "nl",
            question=text, redactions=removed,
            after=lambda t: card_items(t, self.destinations, first=True),
            from_unanswered=from_unanswered, source=source,
        )
        if not self.destinations.for_queue(queue):
            log.warning("ticket #%s stored, but no staff channel is configured to announce it",
                        ticket.id)
        return Reply(text=self._confirmation(ticket.id, entry.who(english),
                                             summarise(removed, english), cut, english),
                     kind="ticket", private=True, fields={"ticket": str(ticket.id)})

    @staticmethod
    def _confirmation(ticket_id: int, who: str, removed: str, cut: bool, english: bool) -> str:
        if english:
            parts = [f"I have forwarded your question to {who} as ticket #{ticket_id}. "
                     "The answer will come back to you privately."]
            if removed:
                parts.append(f"Before storing it I removed personal data: {removed}.")
            parts.append("Please don't include names or other details that identify a family.")
            if cut:
                parts.append(f"Your question was long; only the first {MAX_QUESTION_CHARS} "
                             "characters were stored.")
            return " ".join(parts)
        parts = [f"Ik heb je vraag doorgestuurd naar {who} als ticket #{ticket_id}. "
                 "Het antwoord krijg je privé."]
        if removed:
            parts.append(f"Voor het opslaan heb ik persoonsgegevens weggehaald: {removed}.")
        parts.append("Noem liever geen namen of andere gegevens waaraan een gezin "
                     "herkenbaar is.")
        if cut:
            parts.append(f"Je vraag was lang; alleen de eerste {MAX_QUESTION_CHARS} tekens "
                         "zijn opgeslagen.")
        return " ".join(parts)
