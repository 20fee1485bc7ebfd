"""Pick the handler for one incoming message or button press.

Order: a button -> its action; a /command -> the command; anything else -> the
FAQ desk (smalltalk, legal ticket, answer, clarify, fallback). Handlers return
replies; the router never sends anything itself. Retries and replays never reach
it: the inbox stores each platform event once (bot/pipeline.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from handlers.faq import FaqDesk
from handlers.insights import InteractionRecorder, outcome_of
from handlers.messages import Action, Incoming, Reply
from handlers.queues import QUEUES, Queue
from handlers.smalltalk import help_reply
from handlers.ticket_cards import (
    ACTION_ANSWER,
    ACTION_CLAIM,
    ACTION_CLOSE,
    ACTION_RELEASE,
    ACTION_REOPEN,
)
from handlers.tickets import TicketDesk
from handlers.triage import ACTION_FEEDBACK, ACTION_FORWARD_LEGAL, ACTION_FORWARD_TEAM, ACTION_PICK
from knowledge.language import detect_language

log = logging.getLogger(__name__)

CommandHandler = Callable[[Incoming, str], Reply]
ActionHandler = Callable[[Incoming, Action], Reply]

STAFF_HELP = (
    "Commando's voor helpdeskmedewerkers:\n"
    "/tickets - open tickets\n/claim N - ticket oppakken\n/answer N <antwoord> - beantwoorden "
    "(gaat privé naar de vraagsteller)\n/release N - vrijgeven\n/close N - sluiten\n"
    "/reopen N - heropenen"
)


def _ticket_number(arg: str) -> tuple[int | None, str]:
    head, _, rest = arg.strip().partition(" ")
    head = head.lstrip("#")
    return (int(head), rest.strip()) if head.isdigit() else (None, arg)


class Router:
    """Dispatches `Incoming` to the desks; extra commands can be registered."""

    def __init__(self, faq: FaqDesk, desk: TicketDesk,
                 recorder: InteractionRecorder | None = None):
        self.faq = faq
        self.desk = desk
        self.recorder = recorder
        self.commands: dict[str, CommandHandler] = {}
        self.actions: dict[str, ActionHandler] = {}
        self.help_lines: list[tuple[str, bool]] = []
        self._register_defaults()

    def command(self, names: tuple[str, ...], handler: CommandHandler) -> None:
        for name in names:
            self.commands[name] = handler

    def action(self, name: str, handler: ActionHandler) -> None:
        self.actions[name] = handler

    def _register_defaults(self) -> None:
        def with_ticket(method: Callable[[Incoming, int], Reply], usage: str) -> CommandHandler:
            def handler(incoming: Incoming, arg: str) -> Reply:
                number, _ = _ticket_number(arg)
                if number is None:
                    return Reply(text=f"Gebruik: {usage}", kind="error", private=True)
                return method(incoming, number)
            return handler

        def answer(incoming: Incoming, arg: str) -> Reply:
            number, text = _ticket_number(arg)
            if number is None:
                return Reply(text="Gebruik: /answer N <antwoord>", kind="error", private=True)
            return self.desk.answer(incoming, number, text)

        def to_queue(queue: Queue) -> CommandHandler:
            return lambda incoming, arg: self.faq.legal.route(incoming, arg, queue=queue)

        self.command(("/help", "/hulp"), lambda i, a: self._help(i))
        for queue, entry in QUEUES.items():
            self.command(entry.commands, to_queue(queue))
        self.command(("/tickets",), lambda i, a: self.desk.list_open(i))
        self.command(("/claim", "/oppakken"), with_ticket(self.desk.claim, "/claim N"))
        self.command(("/answer", "/antwoord"), answer)
        self.command(("/release", "/vrijgeven"), with_ticket(self.desk.release, "/release N"))
        self.command(("/close", "/sluiten"), with_ticket(self.desk.close, "/close N"))
        self.command(("/reopen", "/heropenen"), with_ticket(self.desk.reopen, "/reopen N"))

        def ticket_action(method: Callable[[Incoming, int], Reply]) -> ActionHandler:
            def handler(incoming: Incoming, action: Action) -> Reply:
                if not action.value.isdigit():
                    return Reply(text="Onbekend ticket.", kind="error", private=True)
                return method(incoming, int(action.value))
            return handler

        self.action(ACTION_CLAIM, ticket_action(self.desk.claim))
        self.action(ACTION_RELEASE, ticket_action(self.desk.release))
        self.action(ACTION_CLOSE, ticket_action(self.desk.close))
        self.action(ACTION_REOPEN, ticket_action(self.desk.reopen))
        self.action(ACTION_ANSWER, lambda i, a: self.desk.answer(
            i, int(a.value), a.inputs.get("text", "")) if a.value.isdigit()
            else Reply(text="Onbekend ticket.", kind="error", private=True))
        self.action(ACTION_PICK, lambda i, a: self.faq.pick(i, a.value))
        self.action(ACTION_FEEDBACK, lambda i, a: self.faq.record_feedback(i, a.value))
        self.action(ACTION_FORWARD_TEAM, lambda i, a: self.faq.forward(i, a.value, Queue.TEAM))
        self.action(ACTION_FORWARD_LEGAL, lambda i, a: self.faq.forward(i, a.value, Queue.LEGAL))

    def _help(self, incoming: Incoming) -> Reply:
        reply = help_reply(detect_language(incoming.text) == "en")
        reply.text += "\n\nCommando's: " + ", ".join(
            f"{entry.commands[0]} <vraag> stuurt een vraag naar {entry.who_nl}"
            for entry in QUEUES.values()) + "."
        extra = [line for line, staff_only in self.help_lines
                 if not staff_only or incoming.is_staff]
        if extra:
            reply.text += "\n" + "\n".join(extra)
        if incoming.is_staff:
            reply.text += "\n\n" + STAFF_HELP
        return reply

    def handle(self, incoming: Incoming) -> list[Reply]:
        """The replies for one incoming message or button press.
        An unexpected error is logged and answered with an apology, never raised."""
        try:
            replies = self._handle(incoming)
        except Exception:
            log.exception("handling a %s message failed", incoming.platform)
            english = detect_language(incoming.text) == "en"
            return [Reply(
                text="Sorry, something went wrong on my side. Please try again in a moment."
                if english else
                "Sorry, er ging bij mij iets mis. Probeer het over een moment opnieuw.",
                kind="error", private=True)]
        self._record(incoming, replies)
        return replies

    def _record(self, incoming: Incoming, replies: list[Reply]) -> None:
        """Count the question's outcome for the console's Insights: (platform, outcome,
        entry, language) only. Counting never stands in the way of answering."""
        if self.recorder is None or not replies:
            return
        found = outcome_of(incoming, replies[0])
        if found is None:
            return
        try:
            self.recorder.record(incoming.platform, found[0], found[1],
                                 detect_language(incoming.text))
        except Exception:
            log.exception("recording an interaction count failed")

    def _handle(self, incoming: Incoming) -> list[Reply]:
        if incoming.action is not None:
            handler = self.actions.get(incoming.action.name)
            if handler is None:
                return [Reply(text="Die knop ken ik niet (meer).", kind="error", private=True)]
            return [handler(incoming, incoming.action)]
        text = incoming.text.strip()
        if text.startswith("/"):
            name, _, arg = text.partition(" ")
            handler = self.commands.get(name.lower())
            if handler is not None:
                return [handler(incoming, arg.strip())]
            return [Reply(text=f"Het commando {name[:40]} ken ik niet. Typ /help voor wat ik kan.",
                          kind="error", private=True)]
        return [self.faq.ask(incoming)]
