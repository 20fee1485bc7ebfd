"""`/console`: staff, curators and admins ask for a sign-in link to the helpdesk
console. The link is private: in a direct conversation it is the reply itself;
asked in a channel, it goes to the person's direct messages through the outbox and
the channel only hears that it was sent. Valid ten minutes, once, for that person;
the console checks their roles again when the link is used."""

from __future__ import annotations

from handlers.messages import ROLE_ADMIN, ROLE_CURATOR, ROLE_STAFF, Incoming, Reply
from storage.console_auth import LINK_TTL, ConsoleAuthRepository, Identity
from storage.outbox import OutboxItem, OutboxRepository

CONSOLE_ROLES = frozenset({ROLE_STAFF, ROLE_CURATOR, ROLE_ADMIN})
LOGIN_PATH = "/console/login"


def login_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{LOGIN_PATH}?token={token}"


class ConsoleLinks:
    def __init__(self, auth: ConsoleAuthRepository, outbox: OutboxRepository, base_url: str):
        self.auth = auth
        self.outbox = outbox
        self.base_url = base_url

    def link_for(self, identity: Identity) -> str:
        return login_url(self.base_url, self.auth.issue_link(identity))

    def command(self, incoming: Incoming, arg: str) -> Reply:
        if not (incoming.roles & CONSOLE_ROLES):
            return Reply(text="De helpdeskconsole is er voor medewerkers van de juridische "
                              "helpdesk, curatoren van de kennisbank en beheerders. Je vraag "
                              "stellen kan gewoon hier.", kind="notice", private=True)
        identity = Identity(incoming.platform, incoming.user, incoming.user_name)
        url = self.link_for(identity)
        minutes = int(LINK_TTL.total_seconds() // 60)
        text = (f"Je persoonlijke inloglink voor de helpdeskconsole (geldig {minutes} minuten, "
                f"één keer te gebruiken, deel hem met niemand):\n{url}\n\n"
                f"Your personal sign-in link to the helpdesk console (valid {minutes} minutes, "
                "once; do not share it).")
        if incoming.is_direct:
            return Reply(text=text, kind="notice", private=True)
        key = f"console-link:{identity.actor}:{url.rsplit('=', 1)[-1][:12]}"
        self.outbox.enqueue([OutboxItem(key, incoming.platform, incoming.user,
                                        Reply(text=text, kind="notice", private=True).to_dict(),
                                        mode="direct")])
        return Reply(text="Ik heb je een inloglink voor de helpdeskconsole gestuurd in een "
                          "privébericht.", kind="notice", private=True)


def register_console_command(router, links: ConsoleLinks) -> None:
    """Add /console to a `handlers.router.Router`, with its help line (staff only)."""
    router.command(("/console",), links.command)
    router.help_lines.append(("/console - inloglink voor de helpdeskconsole (web)", True))
