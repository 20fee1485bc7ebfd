"""The neutral content of ticket messages: the staff card (with the buttons that
fit the ticket's state), the answer to the asker, and their outbox rows.

Cards go to every configured staff channel; the answer goes privately to the
asker on the platform they asked from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.messages import Choice, Reply
from handlers.redaction import LABELS_NL
from storage.outbox import OutboxItem
from storage.tickets import ANSWERED, CLAIMED, CLOSED, OPEN, TicketView

ACTION_CLAIM = "ticket.claim"
ACTION_ANSWER = "ticket.answer"
ACTION_RELEASE = "ticket.release"
ACTION_CLOSE = "ticket.close"
ACTION_REOPEN = "ticket.reopen"

QUEUE_NAMES = {"legal": "Juridische helpdesk", "team": "Programmateam"}
STATUS_NAMES = {OPEN: "open", CLAIMED: "opgepakt", ANSWERED: "beantwoord", CLOSED: "gesloten"}


@dataclass(frozen=True)
class Destinations:
    """Where staff work: one staff channel per platform (programme-team channel optional)."""

    staff: dict[str, str] = field(default_factory=dict)
    team: dict[str, str] = field(default_factory=dict)

    def for_queue(self, queue: str) -> dict[str, str]:
        if queue == "team":
            return {**self.staff, **self.team}
        return dict(self.staff)


def staff_card(ticket: TicketView) -> Reply:
    """The card staff see: question (redacted), state, and the actions that fit it."""
    tid = str(ticket.id)
    state = STATUS_NAMES.get(ticket.status, ticket.status)
    if ticket.status == CLAIMED:
        state += f" door {ticket.claimer()}"
    elif ticket.status in (ANSWERED, CLOSED) and ticket.answered_by:
        state += f" (beantwoord door {ticket.answerer()})"
    lines = [
        f"Ticket #{ticket.id} · {QUEUE_NAMES.get(ticket.queue, ticket.queue)} · {state}",
        "",
        ticket.question,
    ]
    if ticket.redactions:
        lines += ["", "Persoonsgegevens verwijderd: " + ", ".join(
            f"{n}× {LABELS_NL.get(kind, kind)}" for kind, n in ticket.redactions.items())]
    if ticket.answer and ticket.status in (ANSWERED, CLOSED):
        lines += ["", f"Antwoord: {ticket.answer}"]
    answer = Choice("Beantwoorden", ACTION_ANSWER, tid, "primary",
                    prompt=f"Antwoord op ticket #{ticket.id}")
    choices = {
        OPEN: [Choice("Oppakken", ACTION_CLAIM, tid, "primary"), answer,
               Choice("Sluiten", ACTION_CLOSE, tid, "danger")],
        CLAIMED: [answer, Choice("Vrijgeven", ACTION_RELEASE, tid),
                  Choice("Sluiten", ACTION_CLOSE, tid, "danger")],
        ANSWERED: [Choice("Sluiten", ACTION_CLOSE, tid), Choice("Heropenen", ACTION_REOPEN, tid)],
        CLOSED: [Choice("Heropenen", ACTION_REOPEN, tid)],
    }.get(ticket.status, [])
    return Reply(text="\n".join(lines), kind="ticket", choices=choices, in_thread=False,
                 fields={"ticket": tid, "status": ticket.status, "queue": ticket.queue,
                         "version": str(ticket.version)})


def card_items(ticket: TicketView, destinations: Destinations, *, first: bool) -> list[OutboxItem]:
    """Outbox rows that post the card (first time) or update it in place (later)."""
    card = staff_card(ticket).to_dict()
    base = f"ticket:{ticket.id}:card"
    items = []
    for platform, channel in destinations.for_queue(ticket.queue).items():
        if first:
            items.append(OutboxItem(base, platform, channel, card))
        else:
            items.append(OutboxItem(f"{base}:v{ticket.version}", platform, channel, card,
                                    mode="update", update_of=base))
    return items


def asker_message(ticket: TicketView, text: str, key: str) -> OutboxItem:
    """A private message to the asker, on the platform they asked from."""
    reply = Reply(text=text, kind="notice", private=True,
                  fields={"ticket": str(ticket.id)})
    return OutboxItem(key, ticket.platform, ticket.asker or "", reply.to_dict(), mode="direct",
                      thread=None)


def answer_text(ticket: TicketView) -> str:
    if ticket.language == "en":
        who = "legal helpdesk" if ticket.queue == "legal" else "programme team"
        return (f"Answer from the {who} to your question #{ticket.id}:\n\n{ticket.answer}\n\n"
                f"Your question was: \"{ticket.question}\"")
    who = "de juridische helpdesk" if ticket.queue == "legal" else "het programmateam"
    return (f"Antwoord van {who} op je vraag #{ticket.id}:\n\n{ticket.answer}\n\n"
            f"Je vraag was: \"{ticket.question}\"")
