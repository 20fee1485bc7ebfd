"""`helpdesk shell`: the bot in the terminal, on the local database.

You talk as a regional contact; `/staff` switches to a helpdesk staff member
(and `/contact` back), so the whole legal flow is playable locally: ask a legal
question, switch to staff, see the ticket card, /claim, /answer, /close, switch
back and read the private answer. Every line goes the way a Slack or Teams
message goes: stored in the inbox, handled by the pipeline (roles, router,
replies), and what the bot sends elsewhere (staff cards, private answers) comes
through the outbox.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from typing import TextIO

from bot.bootstrap import build_services
from bot.config import Settings
from bot.messenger import DeliveryError
from bot.platform import MESSAGE, BuildContext, Origin, PlatformRuntime
from bot.shell.config import ShellConfig
from handlers.messages import Action, Incoming, Reply, source_label
from handlers.unicode_text import strip_invisible
from storage.inbox import InboxItem
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxMode

PLATFORM = "shell"
CONTACT_CHANNEL = "terminal"
MAX_LINE = 50_000

INTRO = (
    "Toekomstscenario helpdesk, terminal. Stel je vraag (Nederlands of Engels).\n"
    "/staff: speel helpdeskmedewerker, /contact: weer regiocontact, /help: wat ik kan, "
    "/quit: stoppen.\n"
)


def render(reply: Reply) -> str:
    """A reply as terminal text: the text, numbered choices, the source; control and
    invisible characters removed, so user text cannot drive the terminal."""
    lines = [reply.text]
    for n, choice in enumerate(reply.choices, 1):
        lines.append(f"  [{n}] {choice.label}")
    if reply.source:
        lines.append(f"  ({source_label(reply).lower()}: {reply.source})")
    return strip_invisible("\n".join(lines))


class ShellMessenger:
    """Prints what the bot would send to other conversations."""

    platform = PLATFORM

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


class ShellRuntime(PlatformRuntime):
    """The terminal as a platform: replies are printed, the last one remembered."""

    name = PLATFORM

    def __init__(self, out: TextIO):
        self.out = out
        self.messenger = ShellMessenger(out)
        self.last: Reply | None = None

    async def reply(self, origin: Origin, reply: Reply) -> None:
        self.out.write(render(reply) + "\n")
        self.last = reply

    def fallback(self, origin: Origin, reply: Reply, key: str,
                 error: DeliveryError) -> OutboxItem:
        return OutboxItem(key, PLATFORM, str(origin.get("user", "")), reply.to_dict(),
                          mode=OutboxMode.DIRECT)


def build(context: BuildContext) -> ShellRuntime:
    return ShellRuntime(context.out or sys.stdout)


class Shell:
    def __init__(self, settings: Settings, out: TextIO | None = None, staff: bool = False):
        self.out = out or sys.stdout  # looked up now, not at import: redirection works
        self.services = build_services(settings, platforms=[PLATFORM], out=self.out,
                                       memory_topics=True)
        self.runtime = self.services.platforms[PLATFORM]
        config = settings.platform(PLATFORM)
        assert isinstance(config, ShellConfig)
        self.config = config
        self.staff = staff

    @property
    def user(self) -> str:
        return self.config.staff_user if self.staff else self.config.user

    def incoming(self, text: str, action: Action | None = None) -> Incoming:
        conversation = self.config.staff_channel if self.staff else CONTACT_CHANNEL
        return Incoming(platform=PLATFORM, conversation=conversation, user=self.user,
                        text=text, is_direct=True, user_name=self.user, action=action)

    def _choice(self, line: str) -> Action | None:
        """A bare number picks a button of the last reply."""
        last = self.runtime.last
        if not (last and line.isdigit() and 1 <= int(line) <= len(last.choices)):
            return None
        choice = last.choices[int(line) - 1]
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
            self.out.write(f"Je bent nu helpdeskmedewerker ({self.user}). /tickets toont "
                           "open tickets; /contact om terug te gaan.\n")
            return True
        if line == "/contact":
            self.staff = False
            self.out.write(f"Je bent weer regiocontact ({self.user}).\n")
            return True
        incoming = self.incoming(line, self._choice(line))
        # entries approved in the console meanwhile are served from this line on
        await asyncio.to_thread(self.services.console.knowledge.refresh)
        await self.services.intake.accept(InboxItem(
            PLATFORM, uuid.uuid4().hex, MESSAGE,
            {"incoming": incoming.to_dict(), "origin": {"user": self.user}}))
        await self.services.pipeline.drain()
        await self.services.worker.drain()
        return True

    async def run(self, stdin: TextIO | None = None) -> int:
        stdin = stdin or sys.stdin
        interactive = stdin.isatty()
        self.out.write(INTRO)
        try:
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
        finally:
            await self.close()
        return 0

    async def close(self) -> None:
        await self.services.intake.close()
        self.services.pipeline.close()
        self.services.console.interactions.flush()
        self.services.db.dispose()


def run_shell(settings: Settings, staff: bool = False) -> int:
    try:
        return asyncio.run(Shell(settings, staff=staff).run())
    except KeyboardInterrupt:
        sys.stdout.write("\n")
        return 0
