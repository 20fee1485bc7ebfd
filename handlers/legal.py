"""Route a question to a human queue: redact, store a ticket, enqueue the staff card.

The ticket and its card rows are committed in one transaction before anything
is sent, so a question is never lost between "ticket stored" and "staff told";
the outbox worker delivers (and retries) the card.
"""

from __future__ import annotations

import logging

from handlers.messages import Incoming, Reply
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

    def route(self, incoming: Incoming, question: str, queue: str = "legal",
              from_unanswered: int | None = None,
              removed_before: dict[str, int] | None = None) -> Reply:
        """Store the redacted question as a ticket and tell the asker its number and what
        personal data was removed (`removed_before`: what redaction took out of an
        unanswered question stored earlier, now forwarded).
        Raises storage.tickets.AlreadyForwarded when `from_unanswered` was forwarded before."""
        english = detect_language(question) == "en"
        question = question.strip()
        if not any(c.isalnum() for c in question):
            return Reply(
                text=("Please add your question after the command, e.g. "
                      "/juridisch May we share the file with the school?") if english else
                     ("Zet je vraag achter het commando, bijvoorbeeld: "
                      "/juridisch Mogen we het dossier delen met school?"),
                kind="error", private=True)
        redacted, cut = redact_and_cut(question, MAX_QUESTION_CHARS)
        text = redacted.text + (" […]" if cut else "")
        removed = dict(redacted.found)
        for kind, n in (removed_before or {}).items():
            removed[kind] = removed.get(kind, 0) + n
        ticket = self.tickets.create(
            queue=queue, platform=incoming.platform, conversation=incoming.conversation,
            thread=incoming.thread, asker=incoming.user, language="en" if english else "nl",
            question=text, redactions=removed,
            after=lambda t: card_items(t, self.destinations, first=True),
            from_unanswered=from_unanswered,
        )
        if not self.destinations.for_queue(queue):
            log.warning("ticket #%s stored, but no staff channel is configured to announce it",
                        ticket.id)
        return Reply(text=self._confirmation(ticket.id, queue, summarise(removed, english), cut,
                                             english),
                     kind="ticket", private=True, fields={"ticket": str(ticket.id)})

    @staticmethod
    def _confirmation(ticket_id: int, queue: str, removed: str, cut: bool, english: bool) -> str:
        if english:
            who = "the legal helpdesk" if queue == "legal" else "the programme team"
            parts = [f"I have forwarded your question to {who} as ticket #{ticket_id}. "
                     "The answer will come back to you privately."]
            if removed:
                parts.append(f"Before storing it I removed personal data: {removed}.")
            parts.append("Please don't include names or other details that identify a family.")
            if cut:
                parts.append(f"Your question was long; only the first {MAX_QUESTION_CHARS} "
                             "characters were stored.")
            return " ".join(parts)
        who = "de juridische helpdesk" if queue == "legal" else "het programmateam"
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
