"""What helpdesk staff do with tickets: list, claim, answer, release, close, reopen.

Only staff may act (the adapter reports roles from the configured ids or staff
channel membership); anyone else gets a polite refusal and nothing changes.
Each step moves the ticket with one atomic conditional update, writes an audit
event and, in the same transaction, enqueues the card update and (for an
answer) the private message to the asker.
"""

from __future__ import annotations

from handlers.messages import Incoming, Reply
from handlers.ticket_cards import (
    QUEUE_NAMES,
    STATUS_NAMES,
    Destinations,
    answer_text,
    asker_message,
    card_items,
)
from storage.outbox import OutboxItem
from storage.tickets import TicketRepository, TicketView, Transition

MAX_ANSWER_CHARS = 6000

REFUSAL = ("Alleen medewerkers van de helpdesk kunnen tickets bekijken en behandelen. "
           "Heb je zelf een vraag? Stel hem gewoon hier.")
REASONS = {
    "not_found": "Ticket #{id} bestaat niet.",
    "claimed_by_other": "Ticket #{id} is al opgepakt door {holder}.",
    "not_claimed": "Ticket #{id} is nog door niemand opgepakt.",
    "wrong_status": "Dat kan niet: ticket #{id} is {status}.",
}


def _private(text: str) -> Reply:
    return Reply(text=text, kind="notice", private=True)


class TicketDesk:
    """Staff actions on tickets, platform-neutral."""

    def __init__(self, tickets: TicketRepository, destinations: Destinations):
        self.tickets = tickets
        self.destinations = destinations

    @staticmethod
    def actor(incoming: Incoming) -> str:
        return f"{incoming.platform}:{incoming.user}"

    def _refuse_unless_staff(self, incoming: Incoming) -> Reply | None:
        return None if incoming.is_staff else _private(REFUSAL)

    def _updates(self, ticket: TicketView) -> list[OutboxItem]:
        return card_items(ticket, self.destinations, first=False)

    def _explain(self, result: Transition, ticket_id: int) -> Reply:
        t = result.ticket
        holder = t.claimer() if t else "?"
        status = STATUS_NAMES.get(t.status, t.status) if t else "?"
        return _private(REASONS[result.reason].format(id=ticket_id, holder=holder, status=status))

    def list_open(self, incoming: Incoming) -> Reply:
        if refusal := self._refuse_unless_staff(incoming):
            return refusal
        open_tickets = self.tickets.list()
        if not open_tickets:
            return _private("Er staan geen open tickets.")
        lines = [f"Open tickets ({len(open_tickets)}):"]
        for t in open_tickets:
            state = STATUS_NAMES[t.status] + (f" door {t.claimer()}" if t.claimed_by else "")
            preview = t.question if len(t.question) <= 80 else t.question[:77] + "..."
            lines.append(f"#{t.id} [{QUEUE_NAMES.get(t.queue, t.queue)}, {state}] {preview}")
        return _private("\n".join(lines))

    def claim(self, incoming: Incoming, ticket_id: int) -> Reply:
        if refusal := self._refuse_unless_staff(incoming):
            return refusal
        result = self.tickets.claim(ticket_id, self.actor(incoming), after=self._updates,
                                    name=incoming.user_name)
        if not result.ok:
            return self._explain(result, ticket_id)
        return _private(f"Je hebt ticket #{ticket_id} opgepakt. Beantwoord het met de knop "
                        f"'Beantwoorden' of /answer {ticket_id} <antwoord>.")

    def release(self, incoming: Incoming, ticket_id: int) -> Reply:
        if refusal := self._refuse_unless_staff(incoming):
            return refusal
        result = self.tickets.release(ticket_id, self.actor(incoming), incoming.is_admin,
                                      after=self._updates)
        if not result.ok:
            if result.reason == "claimed_by_other":
                return _private(f"Alleen wie ticket #{ticket_id} heeft opgepakt (of een "
                                "beheerder) kan het vrijgeven.")
            return self._explain(result, ticket_id)
        return _private(f"Ticket #{ticket_id} is weer vrij voor een collega.")

    def answer(self, incoming: Incoming, ticket_id: int, text: str) -> Reply:
        if refusal := self._refuse_unless_staff(incoming):
            return refusal
        text = (text or "").strip()
        if not any(c.isalnum() for c in text):
            return _private(f"Je antwoord is leeg. Gebruik /answer {ticket_id} <antwoord>.")
        if len(text) > MAX_ANSWER_CHARS:
            return _private(f"Je antwoord is te lang ({len(text)} tekens, maximaal "
                            f"{MAX_ANSWER_CHARS}). Er is niets verstuurd.")

        def after(ticket: TicketView) -> list[OutboxItem]:
            to_asker = asker_message(ticket, answer_text(ticket),
                                     key=f"ticket:{ticket.id}:answer:v{ticket.version}")
            return [to_asker, *self._updates(ticket)]

        result = self.tickets.answer(ticket_id, self.actor(incoming), text, after=after,
                                     name=incoming.user_name)
        if not result.ok:
            return self._explain(result, ticket_id)
        return _private(f"Je antwoord op ticket #{ticket_id} wordt privé naar de vraagsteller "
                        f"gestuurd. Sluit het ticket met /close {ticket_id} als het klaar is.")

    def close(self, incoming: Incoming, ticket_id: int) -> Reply:
        if refusal := self._refuse_unless_staff(incoming):
            return refusal

        def after(ticket: TicketView) -> list[OutboxItem]:
            items = self._updates(ticket)
            if not ticket.answer:
                note = (f"Your question #{ticket.id} was closed without a written answer. "
                        "Please contact the programme team if it is still open for you."
                        if ticket.language == "en" else
                        f"Je vraag #{ticket.id} is gesloten zonder schriftelijk antwoord. "
                        "Neem contact op met het programmateam als je vraag nog openstaat.")
                key = f"ticket:{ticket.id}:closed:v{ticket.version}"
                items.append(asker_message(ticket, note, key=key))
            return items

        result = self.tickets.close(ticket_id, self.actor(incoming), after=after)
        if not result.ok:
            return self._explain(result, ticket_id)
        return _private(f"Ticket #{ticket_id} is gesloten.")

    def reopen(self, incoming: Incoming, ticket_id: int) -> Reply:
        if refusal := self._refuse_unless_staff(incoming):
            return refusal
        result = self.tickets.reopen(ticket_id, self.actor(incoming), after=self._updates)
        if not result.ok:
            return self._explain(result, ticket_id)
        return _private(f"Ticket #{ticket_id} staat weer open.")
