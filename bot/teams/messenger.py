"""Proactive sending to Teams through stored conversation references.

The outbox worker calls `TeamsMessenger.post/update/direct`; each looks up the
stored `ConversationReference` (saved when the bot was installed or spoken to),
continues that conversation through the CloudAdapter and calls the Bot
Connector: POST .../activities to post, PUT .../activities/{id} to update a
ticket card in place. A user without a personal chat gets one created
(POST /v3/conversations) from the tenant, bot and serviceUrl of any stored
reference.

Failures become `DeliveryError`s the worker understands: 429 with its
Retry-After, 408/412/5xx and network errors retryable, 403/404 (bot removed,
conversation gone) and other 4xx permanent. msrest's own retry policy is turned
off on every connector client: it would retry a PUT on 5xx with blocking sleeps
and then raise a RetryError without the status code; the outbox does the
waiting instead, with jitter, without holding a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from botframework.connector.auth import ConnectorFactory
from msrest.exceptions import HttpOperationError

from bot.messenger import DeliveryError
from bot.teams.cards import CARD_CONTENT_TYPE, card_text, render_card, wants_card, xml_text
from handlers.messages import Reply
from storage.references import ReferenceRepository

log = logging.getLogger(__name__)

PLATFORM = "teams"
CONNECTOR_TIMEOUT_SECONDS = 30
RETRYABLE_4XX = frozenset({408, 412, 429})
Operation = Callable[[Any], Awaitable[Any]]


def thread_base(conversation_id: str) -> str:
    """A channel's own id, without the ";messageid=" of a thread in it."""
    return conversation_id.split(";messageid=", 1)[0]


def reply_activity(reply: Reply, execute: bool = False) -> Activity:
    """A message activity for a reply: an Adaptive Card, or escaped text."""
    if wants_card(reply):
        summary = card_text(reply.text.strip().split("\n", 1)[0][:200])
        return Activity(type=ActivityTypes.message, summary=summary, attachments=[
            Attachment(content_type=CARD_CONTENT_TYPE, content=render_card(reply, execute))])
    return Activity(type=ActivityTypes.message, text=xml_text(reply.text), text_format="xml")


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def delivery_error(exc: BaseException) -> DeliveryError:
    """Classify a connector failure for the outbox worker."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, HttpOperationError):
        response = exc.response
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        headers = getattr(response, "headers", None) or {}
        message = f"Bot Connector answered {status}: {exc}"[:500]
        if status == 429:
            return DeliveryError(message, status=429,
                                 retry_after=_retry_after(headers.get("Retry-After")))
        if status is None or status >= 500 or status in RETRYABLE_4XX:
            return DeliveryError(message, status=status,
                                 retry_after=_retry_after(headers.get("Retry-After")))
        return DeliveryError(message, status=status, permanent=True)
    return DeliveryError(f"Bot Connector unreachable: {type(exc).__name__}: {exc}"[:500])


class _NoRetryConnectorFactory(ConnectorFactory):
    """Creates connector clients whose HTTP layer never retries by itself."""

    def __init__(self, inner: ConnectorFactory):
        self._inner = inner

    async def create(self, service_url: str, audience: str | None = None):
        client = await self._inner.create(service_url, audience)
        # The requests session already holds this very Retry object (msrest hands it to
        # the session's adapters when the client is built), so change it in place.
        retry = client.config.retry_policy.policy
        retry.total = retry.connect = retry.read = retry.status = 0
        retry.status_forcelist = frozenset()
        retry.respect_retry_after_header = False
        retry.raise_on_status = False
        client.config.connection.timeout = CONNECTOR_TIMEOUT_SECONDS
        return client


class BotAuthentication(ConfigurationBotFrameworkAuthentication):
    """botbuilder's configuration-based authentication (JWT checks on incoming
    requests, app credentials on outgoing ones) with retry-free connectors."""

    async def authenticate_request(self, activity, auth_header):
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _NoRetryConnectorFactory(result.connector_factory)
        return result

    def create_connector_factory(self, claims_identity):
        return _NoRetryConnectorFactory(super().create_connector_factory(claims_identity))


class TeamsMessenger:
    """The outbox's view of Teams: post to a channel, update a card, message a user."""

    platform = PLATFORM

    def __init__(self, adapter: CloudAdapter, references: ReferenceRepository, app_id: str = ""):
        self.adapter = adapter
        self.references = references
        self.app_id = app_id

    async def post(self, target: str, reply: Reply, thread: str | None = None) -> str | None:
        reference = await self._channel_reference(target)
        conversation = f"{thread_base(target)};messageid={thread}" if thread else target
        return await self._send(reference, conversation, reply_activity(reply))

    async def update(self, target: str, message_ref: str, reply: Reply) -> None:
        reference = await self._channel_reference(target)
        activity = self._addressed(reference, target, reply_activity(reply))
        activity.id = message_ref
        await self._with_connector(reference, lambda connector: connector.conversations
                                   .update_activity(target, message_ref, activity))

    async def direct(self, user: str, reply: Reply) -> str | None:
        reference = await asyncio.to_thread(self.references.personal_for, PLATFORM, user)
        if reference is None:
            reference = await self._open_personal_chat(user)
        return await self._send(reference, reference["conversation"]["id"], reply_activity(reply))

    async def reply_to(self, reference: dict[str, Any], reply: Reply) -> str | None:
        """Answer an activity (stored in `reference`) in its own conversation: a reply to it
        (in a channel, in its thread), proactively."""
        ref = ConversationReference().deserialize(reference)
        conversation = ref.conversation.id if ref.conversation else ""
        activity = self._addressed(reference, conversation, reply_activity(reply))
        if ref.activity_id:
            activity.reply_to_id = ref.activity_id
            response = await self._with_connector(
                reference, lambda connector: connector.conversations.reply_to_activity(
                    conversation, ref.activity_id, activity))
        else:
            response = await self._with_connector(
                reference, lambda connector: connector.conversations.send_to_conversation(
                    conversation, activity))
        return getattr(response, "id", None) or None

    async def team_members(self, team: str, page_size: int = 500,
                           max_pages: int = 50) -> frozenset[str]:
        """The AAD object ids (and Teams ids) of a team's members."""
        reference = await self._channel_reference(team)
        members: set[str] = set()
        token: str | None = None
        for _ in range(max_pages):
            page = await self._with_connector(
                reference, lambda connector, t=token: connector.conversations
                .get_teams_conversation_paged_members(team, page_size, t))
            for member in getattr(page, "members", None) or []:
                members.update(x for x in (getattr(member, "aad_object_id", None), member.id)
                               if x)
            token = getattr(page, "continuation_token", None)
            if not token:
                break
        return frozenset(members)

    async def send_if_personal_known(self, user: str, reply: Reply) -> bool:
        """Send to the user's personal chat when one is stored; False when not (or failed)."""
        reference = await asyncio.to_thread(self.references.personal_for, PLATFORM, user)
        if reference is None:
            return False
        try:
            await self._send(reference, reference["conversation"]["id"], reply_activity(reply))
        except DeliveryError as exc:
            log.warning("private Teams reply to %s failed, answering in the thread: %s",
                        user, exc)
            return False
        return True

    async def _channel_reference(self, target: str) -> dict[str, Any]:
        """The stored reference for a channel/chat; for a channel the bot never spoke in,
        one borrowed from another conversation (same tenant and serviceUrl)."""
        for key in (target, thread_base(target)):
            reference = await asyncio.to_thread(self.references.get, PLATFORM, key)
            if reference is not None:
                return reference
        seed = await asyncio.to_thread(self.references.latest, PLATFORM)
        if seed is None or not target.startswith("19:"):
            raise DeliveryError(
                f"no stored Teams conversation reference for {target}: install the app in "
                "that team or chat (or mention the bot there once) first", permanent=True)
        log.info("no reference stored for %s; addressing it with the newest stored one", target)
        return {**seed, "conversation": {"id": target, "isGroup": True,
                                         "conversationType": "channel",
                                         "tenantID": seed.get("conversation", {}).get(
                                             "tenantID")}, "activityId": None}

    async def _open_personal_chat(self, user: str) -> dict[str, Any]:
        """Create the 1:1 chat with a user (the app must be installed for them)."""
        seed = await asyncio.to_thread(self.references.latest, PLATFORM)
        seed_ref = ConversationReference().deserialize(seed) if seed else None
        tenant = seed_ref.conversation.tenant_id if seed_ref and seed_ref.conversation else None
        if seed_ref is None or not tenant or not seed_ref.service_url:
            raise DeliveryError(
                f"no personal Teams chat with {user} is stored and there is no stored reference "
                "(tenant, serviceUrl) to open one: install the app for that user first",
                permanent=True)
        params = ConversationParameters(
            is_group=False, bot=seed_ref.bot, members=[ChannelAccount(id=user)],
            tenant_id=tenant, channel_data={"tenant": {"id": tenant}})
        created: dict[str, str] = {}

        async def remember(context) -> None:
            created["id"] = context.activity.conversation.id

        try:
            await self.adapter.create_conversation(
                self.app_id, remember, params, channel_id=seed_ref.channel_id or "msteams",
                service_url=seed_ref.service_url)
        except Exception as exc:
            raise delivery_error(exc) from exc
        if not created.get("id"):
            raise DeliveryError(f"creating a personal chat with {user} returned no id")
        reference = ConversationReference(
            channel_id=seed_ref.channel_id or "msteams", service_url=seed_ref.service_url,
            bot=seed_ref.bot, user=ChannelAccount(id=user, aad_object_id=user),
            conversation=ConversationAccount(id=created["id"], conversation_type="personal",
                                             tenant_id=tenant)).serialize()
        await asyncio.to_thread(self.references.save, PLATFORM, created["id"], reference,
                                user, "personal")
        return reference

    @staticmethod
    def _addressed(reference: dict[str, Any], conversation: str, activity: Activity) -> Activity:
        ref = ConversationReference().deserialize(reference)
        personal = (ref.conversation.conversation_type if ref.conversation else "") == "personal"
        activity.conversation = ConversationAccount(
            id=conversation, tenant_id=ref.conversation.tenant_id if ref.conversation else None)
        activity.from_property = ref.bot
        activity.recipient = ref.user if personal else None
        activity.channel_id = ref.channel_id
        activity.service_url = ref.service_url
        return activity

    async def _send(self, reference: dict[str, Any], conversation: str,
                    activity: Activity) -> str | None:
        activity = self._addressed(reference, conversation, activity)
        response = await self._with_connector(
            reference, lambda connector: connector.conversations.send_to_conversation(
                conversation, activity))
        return getattr(response, "id", None) or None

    async def _with_connector(self, reference: dict[str, Any], operation: Operation) -> Any:
        """Continue the referenced conversation and run one connector call in it.
        Errors are caught inside the turn (the adapter's on_turn_error would swallow them)."""
        outcome: dict[str, Any] = {}

        async def logic(context) -> None:
            connector = context.turn_state.get(self.adapter.BOT_CONNECTOR_CLIENT_KEY)
            try:
                outcome["value"] = await operation(connector)
            except Exception as exc:  # classified below
                outcome["error"] = exc

        try:
            await self.adapter.continue_conversation(
                ConversationReference().deserialize(reference), logic, bot_app_id=self.app_id)
        except Exception as exc:
            raise delivery_error(exc) from exc
        if "error" in outcome:
            raise delivery_error(outcome["error"]) from outcome["error"]
        return outcome.get("value")
