"""`helpdesk shell`: the bot in the terminal, on the local database.

You talk as a regional contact; `/staff` switches to a helpdesk staff member
(and `/contact` back), so the whole legal flow is playable locally: ask a legal
question, switch to staff, see the ticket card, /claim, /answer, /close, switch
back and read the private answer. Messages the bot would send elsewhere (staff
cards, private answers) arrive through the same outbox as on Slack or Teams.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.bootstrap import build_services
from bot.config import Settings
from handlers.messages import ROLE_ADMIN, ROLE_STAFF, Action, Incoming, Reply, source_label
from handlers.ticket_cards import Destinations
from handlers.unicode_text import strip_invisible

STAFF_CHANNEL = "staff-kanaal"
CONTACT_CHANNEL = "terminal"
STAFF_USER = "medewerker"
MAX_LINE = 50_000

INTRO = (
    "Toekomstscenario helpdesk, terminal. Stel je vraag (Nederlands of Engels).\n"
    "/staff: speel helpdeskmedewerker, /contact: weer regiocontact, /help: wat ik kan, "
    "/quit: stoppen.\n"
)


def render(reply: Reply) -> str:
    """A reply as terminal text: the text, numbered choices, the source. Invisible,
    bidi and control characters (an ANSI escape in a staff answer) are dropped, the
    terminal's counterpart of Slack's mrkdwn() and Teams' card_text()."""
    lines = [reply.text]
    for n, choice in enumerate(reply.choices, 1):
        lines.append(f"  [{n}] {choice.label}")
    if reply.source:
        lines.append(f"  ({source_label(reply).lower()}: {reply.source})")
    return strip_invisible("\n".join(lines))


class ShellMessenger:
    """Prints what the bot would send to other conversations."""

    platform = "shell"

    def __init__(self, out: TextIO):
        self.out = out
        self._count = 0

    async def post(self, target: str, reply: Reply, thread: str | None = None) -> str:
        self._count += 1
        self.out.write(f"\n[{target}] {render(reply)}\n")
        return f"m{self._count}"

    async def update(self, target: str, message_ref: str, reply: Reply) -> None:
        self.out.write(f"\n[{target}, bijgewerkt] {render(reply)}\n")

    async def direct(self, user: str, reply: Reply) -> str:
        self._count += 1
        self.out.write(f"\n[privé aan {user}] {render(reply)}\n")
        return f"m{self._count}"


class Shell:
    def __init__(self, settings: Settings, out: TextIO | None = None, staff: bool = False):
        self.out = out or sys.stdout  # looked up now, not at import: redirection works
        self.messenger = ShellMessenger(self.out)
        self.services = build_services(
            settings, messengers={"shell": self.messenger},
            destinations=Destinations(staff={"shell": STAFF_CHANNEL}), memory_topics=True)
        self.contact_user = settings.shell_user
        self.staff = staff
        self._last: Reply | None = None
        self._count = 0

    def incoming(self, text: str, action: Action | None = None) -> Incoming:
        self._count += 1
        user = STAFF_USER if self.staff else self.contact_user
        roles = frozenset({ROLE_STAFF, ROLE_ADMIN}) if self.staff else frozenset()
        return Incoming(platform="shell", conversation=STAFF_CHANNEL if self.staff else
                        CONTACT_CHANNEL, user=user, text=text, is_direct=True, roles=roles,
                        user_name=user, action=action)

    def _choice(self, line: str) -> Action | None:
        """A bare number picks a button of the last reply."""
        if not (self._last and line.isdigit() and 1 <= int(line) <= len(self._last.choices)):
            return None
        choice = self._last.choices[int(line) - 1]
        if choice.prompt:
            return None
        return Action(choice.action, choice.value)

    async def handle_line(self, line: str) -> bool:
        """Process one line; False when the user wants to stop."""
        line = line[:MAX_LINE].strip()
        if line in ("/quit", "/exit", "/stop"):
            return False
        if line == "/staff":
            self.staff = True
            self.out.write(f"Je bent nu helpdeskmedewerker ({STAFF_USER}). /tickets toont "
                           "open tickets; /contact om terug te gaan.\n")
            return True
        if line == "/contact":
            self.staff = False
            self.out.write(f"Je bent weer regiocontact ({self.contact_user}).\n")
            return True
        action = self._choice(line)
        if self.services.console is not None:  # entries approved in the console meanwhile
            await asyncio.to_thread(self.services.console.knowledge.refresh)
        replies = await asyncio.to_thread(self.services.router.handle,
                                          self.incoming(line, action))
        for reply in replies:
            self.out.write(render(reply) + "\n")
            self._last = reply
        await self.services.worker.drain()
        return True

    async def run(self, stdin: TextIO | None = None) -> int:
        stdin = stdin or sys.stdin
        interactive = stdin.isatty()
        self.out.write(INTRO)
        while True:
            if interactive:
                self.out.write("\n" + ("medewerker" if self.staff else "jij") + "> ")
                self.out.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            if not await self.handle_line(line.rstrip("\n")):
                break
            self.out.flush()
        self.services.db.dispose()
        return 0


def run_shell(settings: Settings, staff: bool = False) -> int:
    try:
        return asyncio.run(Shell(settings, staff=staff).run())
    except KeyboardInterrupt:
        sys.stdout.write("\n")
        return 0
