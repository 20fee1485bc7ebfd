"""The neutral content of ticket messages: the staff card (with the buttons that
fit the ticket's state), the answer to the asker, and their outbox rows.

Cards go to the queue's channel on every platform that has one; the answer goes
privately to the asker on the platform they asked from. Queue names and wording
come from the queue registry (handlers/queues.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers.messages import Choice, Reply
from handlers.queues import QUEUES, Queue, spec
from handlers.redaction import LABELS_NL
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxMode
from storage.tickets import ANSWERED, CLAIMED, CLOSED, OPEN, TicketStatus, TicketView

ACTION_CLAIM = "ticket.claim"
ACTION_ANSWER = "ticket.answer"
ACTION_RELEASE = "ticket.release"
ACTION_CLOSE = "ticket.close"
ACTION_REOPEN = "ticket.reopen"

QUEUE_NAMES = {queue: entry.title for queue, entry in QUEUES.items()}
STATUS_NAMES: Mapping[TicketStatus, str] = {
    TicketStatus.OPEN: "open", TicketStatus.CLAIMED: "opgepakt",
    TicketStatus.ANSWERED: "beantwoord", TicketStatus.CLOSED: "gesloten"}


@dataclass(frozen=True)
class Destinations:
    """Where staff work: per queue, the channel on each platform (built by bootstrap from
    the queue registry and the platforms' settings)."""

    channels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def everywhere(cls, channels: Mapping[str, str]) -> Destinations:
        """Every queue's cards go to these channels (the terminal, tests)."""
        return cls({queue: dict(channels) for queue in Queue})

    def for_queue(self, queue: str) -> dict[str, str]:
        return dict(self.channels.get(queue, {}))


def staff_card(ticket: TicketView) -> Reply:
    """The card staff see: question (redacted), state, and the actions that fit it."""
    tid = str(ticket.id)
    state = STATUS_NAMES.get(ticket.status, ticket.status)
    if ticket.status == CLAIMED:
        state += f" door {ticket.claimer()}"
    elif ticket.status in (ANSWERED, CLOSED) and ticket.answered_by:
        state += f" (beantwoord door {ticket.answerer()})"
    lines = [
        f"Ticket #{ticket.id} · {spec(ticket.queue).title} · {state}",
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
                                    mode=OutboxMode.UPDATE, update_of=base))
    return items


def asker_message(ticket: TicketView, text: str, key: str) -> OutboxItem:
    """A private message to the asker, on the platform they asked from."""
    reply = Reply(text=text, kind="notice", private=True,
                  fields={"ticket": str(ticket.id)})
    return OutboxItem(key, ticket.platform, ticket.asker or "", reply.to_dict(),
                      mode=OutboxMode.DIRECT, thread=None)


def answer_text(ticket: TicketView) -> str:
    if ticket.language == "en":
        who = spec(ticket.queue).who(english=True)
        return (f"Answer from {who} to your question #{ticket.id}:\n\n{ticket.answer}\n\n"
                f"Your question was: \"{ticket.question}\"")
    who = spec(ticket.queue).who(english=False)
    return (f"Antwoord van {who} op je vraag #{ticket.id}:\n\n{ticket.answer}\n\n"
            f"Je vraag was: \"{ticket.question}\"")
