"""Microsoft Teams as a platform: what `build` gives the pipeline and the web app.

- `mount`: `POST /api/messages`, only when Teams is configured (MICROSOFT_APP_ID:
  every request must carry a valid Bot Framework token) or explicitly opened for
  local use with TEAMS_ALLOW_UNAUTHENTICATED=1 (logged loudly). A Slack-only
  deployment has no /api/messages at all (404).
- `prepare`: every stored activity refreshes the conversation reference (a thread's
  also under its channel's id), so the outbox can reach that conversation later.
- `reply` / `fallback`: answers go proactively to the activity's conversation (a
  private answer asked in a channel to the asker's personal chat when one is
  known); when that fails the outbox delivers it (privately when it was private or
  the conversation is closed to the bot).
- `handle`: the welcome when the bot is added.
- `staff_members`: the members of the staff channel's team.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from aiohttp import web
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationServiceClientCredentialFactory,
)

from bot.messenger import DeliveryError
from bot.platform import BuildContext, Origin, PlatformRuntime
from bot.teams.adapter import KIND_WELCOME, MESSAGES_PATH, TeamsEndpoint
from bot.teams.auth import SigningKeys, TokenValidator
from bot.teams.config import TeamsConfig
from bot.teams.credentials import ReusedCredentials
from bot.teams.messenger import PLATFORM, BotAuthentication, TeamsMessenger, thread_base
from handlers.messages import Incoming, Reply
from storage.outbox import OutboxItem
from storage.outbox_models import OutboxMode

log = logging.getLogger(__name__)

MAX_REFERENCE_ID = 255
WELCOME = (
    "Hallo! Ik ben de regionale helpdesk van het programma Toekomstscenario. Stel je vraag "
    "gewoon hier; in een kanaal noem je mij eerst (@). Juridische vragen stuur ik, zonder "
    "persoonsgegevens, door naar de juridische helpdesk; het antwoord krijg je privé. "
    "Typ help voor wat ik kan.\n\n"
    "Hi! Ask me about the Toekomstscenario programme, in Dutch or English. Type help to start."
)


class _AuthConfig:
    """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads
    (used for the bot's own outgoing credentials)."""

    def __init__(self, config: TeamsConfig):
        self.APP_ID = config.app_id
        self.APP_PASSWORD = config.app_password
        self.APP_TENANTID = config.app_tenant_id
        self.APP_TYPE = config.app_type if config.app_id else "MultiTenant"


class TeamsRuntime(PlatformRuntime):
    name = PLATFORM

    def __init__(self, context: BuildContext):
        config = context.config
        assert isinstance(config, TeamsConfig)
        self.config = config
        self.references = context.core.references
        self.outbox = context.core.outbox
        self.now = context.core.now
        auth = _AuthConfig(config)
        adapter = CloudAdapter(BotAuthentication(auth, credentials_factory=ReusedCredentials(
            ConfigurationServiceClientCredentialFactory(auth))))
        self.messenger = TeamsMessenger(adapter, self.references, config.app_id)
        validator = None
        if config.authenticated:
            validator = TokenValidator(config.app_id, SigningKeys(
                config.openid_metadata_url, config.auth_timeout_seconds))
        self.endpoint = TeamsEndpoint(context.intake, validator)

    def mount(self, app: web.Application) -> None:
        if not self.config.enabled():
            return
        if not self.config.authenticated:
            log.warning("!!! TEAMS_ALLOW_UNAUTHENTICATED=1: %s ACCEPTS UNAUTHENTICATED "
                        "REQUESTS and replies carry no credentials. For the Bot Framework "
                        "Emulator and tests only; never expose this server. !!!", MESSAGES_PATH)
        app.router.add_post(MESSAGES_PATH, self.endpoint.handle)

    async def staff_members(self) -> frozenset[str] | None:
        team = self.config.staff_team or self.config.staff_channel
        if not team:
            return None
        return await self.messenger.team_members(team)

    async def prepare(self, kind: str, incoming: Incoming, origin: Origin) -> None:
        """Remember where this conversation is (and its channel, for a thread)."""
        data = dict(origin.get("reference") or {})
        conversation = (data.get("conversation") or {}).get("id") or ""
        if not conversation or not data.get("serviceUrl"):
            return
        scope = str(origin.get("scope") or "personal")
        user = str(origin.get("user") or "") if scope == "personal" else None
        rows = [(conversation, data)]
        if ";messageid=" in conversation:
            channel = {**data, "conversation": {**data["conversation"],
                                                "id": thread_base(conversation)}}
            channel.pop("activityId", None)
            rows.append((channel["conversation"]["id"], channel))
        for key, row in rows:
            if len(key) <= MAX_REFERENCE_ID:
                await asyncio.to_thread(self.references.save, PLATFORM, key, row, user, scope)

    async def handle(self, kind: str, incoming: Incoming, origin: Origin) -> None:
        """The welcome when the bot was added: posted now, or by the outbox when that fails."""
        if kind != KIND_WELCOME:
            return
        conversation = str((origin.get("reference") or {}).get("conversation", {}).get("id"))
        welcome = Reply(text=WELCOME)
        try:
            await self.messenger.post(conversation, welcome)
        except DeliveryError as exc:
            if exc.permanent:
                log.warning("could not welcome %s: %s", conversation, exc)
                return
            await asyncio.to_thread(self.outbox.enqueue, [OutboxItem(
                f"welcome:{incoming.event_id}", PLATFORM, conversation, welcome.to_dict(),
                not_before=self.now() + timedelta(seconds=exc.retry_after or 0))])

    async def reply(self, origin: Origin, reply: Reply) -> None:
        if reply.private and origin.get("scope") != "personal" and \
                await self.messenger.send_if_personal_known(str(origin.get("user")), reply):
            return
        await self.messenger.reply_to(dict(origin["reference"]), reply)

    def fallback(self, origin: Origin, reply: Reply, key: str,
                 error: DeliveryError) -> OutboxItem:
        not_before = (self.now() + timedelta(seconds=error.retry_after)
                      if error.retry_after else None)
        user = str(origin.get("user") or "")
        if reply.private or error.permanent:
            return OutboxItem(key, PLATFORM, user, reply.to_dict(), mode=OutboxMode.DIRECT,
                              not_before=not_before)
        conversation = str((origin.get("reference") or {}).get("conversation", {}).get("id"))
        base, _, thread = conversation.partition(";messageid=")
        return OutboxItem(key, PLATFORM, base, reply.to_dict(), thread=thread or None,
                          not_before=not_before)


def build(context: BuildContext) -> TeamsRuntime:
    return TeamsRuntime(context)
