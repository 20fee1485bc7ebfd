"""The Teams endpoint: `POST /api/messages`, and the bot that turns activities
into neutral `Incoming`s and renders the router's replies back.

Every turn stores the conversation reference (a thread's reference also under
its channel's own id), so the outbox can later post ticket cards and private
answers proactively. Messages and card buttons (Action.Submit arrives as a
message with `value`, Action.Execute as an `adaptiveCard/action` invoke) go
through the router; installation gets a welcome.

The request handler calls `adapter.process_activity` itself instead of
`CloudAdapter.process`, which in 4.17.1 answers 500 to every invoke whose
response has a body; it also answers 400 to a body that is not an activity
(before anything is stored) and 401 when authentication fails.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import jwt
from aiohttp import web
from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity

from bot.bootstrap import Services
from bot.config import Settings
from bot.teams.activity import as_command, clean_text, event_id, scope_of, tenant_of, user_id
from bot.teams.cards import label_text, parse_action
from bot.teams.messenger import (
    PLATFORM,
    BotAuthentication,
    TeamsMessenger,
    reply_activity,
    thread_base,
)
from handlers.messages import Action, Incoming, Reply

log = logging.getLogger(__name__)

WELCOME = (
    "Hallo! Ik ben de regionale helpdesk van het programma Toekomstscenario. Stel je vraag "
    "gewoon hier; in een kanaal noem je mij eerst (@). Juridische vragen stuur ik, zonder "
    "persoonsgegevens, door naar de juridische helpdesk; het antwoord krijg je privé. "
    "Typ help voor wat ik kan.\n\n"
    "Hi! Ask me about the Toekomstscenario programme, in Dutch or English. Type help to start."
)
MAX_REFERENCE_ID = 255
UNKNOWN_BUTTON = "card.unknown"
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"


class HelpdeskBot(ActivityHandler):
    """One Teams turn: remember where we are, ask the router, send its replies."""

    def __init__(self, services: Services, messenger: TeamsMessenger):
        self.services = services
        self.messenger = messenger

    async def on_turn(self, turn_context: TurnContext):
        await self._remember(turn_context.activity)
        await super().on_turn(turn_context)

    async def _remember(self, activity: Activity) -> None:
        """Store this conversation's reference (and its channel's, for a thread)."""
        if not (activity.conversation and activity.conversation.id and activity.service_url):
            return
        reference = TurnContext.get_conversation_reference(activity)
        reference.conversation.tenant_id = reference.conversation.tenant_id or tenant_of(activity)
        data = reference.serialize()
        scope = scope_of(activity)
        user = user_id(activity) if scope == "personal" else None
        rows = [(activity.conversation.id, data)]
        if ";messageid=" in activity.conversation.id:
            channel = {**data, "conversation": {**data["conversation"],
                                                "id": thread_base(activity.conversation.id)}}
            channel.pop("activityId", None)
            rows.append((channel["conversation"]["id"], channel))
        for conversation, row in rows:
            if len(conversation) <= MAX_REFERENCE_ID:
                await asyncio.to_thread(self.services.references.save, PLATFORM, conversation,
                                        row, user, scope)

    def _incoming(self, activity: Activity, text: str, action: Action | None) -> Incoming:
        user = user_id(activity)
        conversation = activity.conversation.id
        scope = scope_of(activity)
        thread = None  # a channel post is its own thread's root
        if scope == "channel":
            thread = conversation.split(";messageid=", 1)[1] if ";messageid=" in conversation \
                else activity.id
        return Incoming(
            platform=PLATFORM, conversation=thread_base(conversation), user=user, text=text,
            thread=thread, is_direct=scope == "personal",
            roles=self.services.roles.roles(PLATFORM, user),
            user_name=(activity.from_property.name or "") if activity.from_property else "",
            event_id=event_id(activity), action=action, message_ref=activity.reply_to_id)

    async def _handle(self, incoming: Incoming) -> list[Reply]:
        replies = await asyncio.to_thread(self.services.router.handle, incoming)
        self.services.worker.wake()
        return replies

    async def _deliver(self, context: TurnContext, incoming: Incoming,
                       replies: list[Reply]) -> None:
        """Reply in the conversation (a channel reply lands in the thread); a private
        reply asked in a channel goes to the asker's personal chat when we know it."""
        for reply in replies:
            if reply.private and not incoming.is_direct and \
                    await self.messenger.send_if_personal_known(incoming.user, reply):
                continue
            await context.send_activity(reply_activity(reply))

    async def on_message_activity(self, turn_context: TurnContext):
        activity = turn_context.activity
        action = None
        if activity.value is not None:
            action = parse_action(activity.value) or Action(UNKNOWN_BUTTON)
        text = "" if action else as_command(clean_text(activity))
        incoming = self._incoming(activity, text, action)
        await self._deliver(turn_context, incoming, await self._handle(incoming))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Action.Execute (`adaptiveCard/action`) and nameless card invokes; a short
        private reply becomes the invoke's own message (shown to the clicker only)."""
        activity = turn_context.activity
        execute = activity.name == "adaptiveCard/action"
        if not execute and activity.name:
            return InvokeResponse(status=501)
        action = parse_action(activity.value)
        if action is None:
            return InvokeResponse(status=200 if execute else 400, body={
                "statusCode": 400, "type": "application/vnd.microsoft.error",
                "value": {"code": "BadRequest", "message": "Onbekende knop."}})
        incoming = self._incoming(activity, "", action)
        replies = await self._handle(incoming)
        shown = next((r for r in replies if execute and r.private and not r.choices), None)
        await self._deliver(turn_context, incoming, [r for r in replies if r is not shown])
        if not execute:
            return InvokeResponse(status=200)
        return InvokeResponse(status=200, body={
            "statusCode": 200, "type": INVOKE_MESSAGE,
            "value": label_text(shown.text) if shown else "Verwerkt."})

    async def on_conversation_update_activity(self, turn_context: TurnContext):
        """Welcome when the bot itself was added (to a team, a chat or personally)."""
        activity = turn_context.activity
        bot = activity.recipient.id if activity.recipient else None
        if not any(member.id == bot for member in activity.members_added or []):
            return
        key = event_id(activity)
        if key and not await asyncio.to_thread(self.services.dedupe.first_time, PLATFORM, key):
            return
        await turn_context.send_activity(reply_activity(Reply(text=WELCOME)))


class _AuthConfig:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    def __init__(self, settings: Settings):
        self.APP_ID = settings.microsoft_app_id
        self.APP_PASSWORD = settings.microsoft_app_password
        self.APP_TENANTID = settings.microsoft_app_tenant_id
        self.APP_TYPE = settings.microsoft_app_type if settings.microsoft_app_id else "MultiTenant"


def _problem(body: Any) -> str | None:
    """Why a request body is not an activity we can answer, or None."""
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    conversation, sender = body.get("conversation"), body.get("from")
    if not isinstance(body.get("type"), str) or not body["type"]:
        return "the activity has no type"
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str) \
            or not conversation["id"]:
        return "the activity has no conversation.id"
    if not isinstance(sender, dict) or not isinstance(sender.get("id"), str):
        return "the activity has no from.id"
    url = body.get("serviceUrl")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return "the activity has no serviceUrl"
    return None


async def _on_turn_error(context: TurnContext, error: Exception) -> None:
    log.error("Teams turn failed (%s)", context.activity.type, exc_info=error)
    if context.activity.type == "message":
        try:
            await context.send_activity(reply_activity(Reply(
                text="Sorry, er ging bij mij iets mis. Probeer het over een moment opnieuw.")))
        except Exception:
            log.exception("could not tell the user about the failure")


def attach_teams(app: web.Application, services: Services) -> TeamsMessenger:
    """Mount `POST /api/messages` and return the messenger for the outbox."""
    settings = services.settings
    if not settings.microsoft_app_id:
        log.warning("!!! MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD are not set: /api/messages "
                    "ACCEPTS UNAUTHENTICATED REQUESTS and replies carry no credentials. "
                    "Use this for local development only. !!!")
    elif not settings.microsoft_app_password and settings.microsoft_app_type.lower() != \
            "userassignedmsi":
        log.warning("MICROSOFT_APP_PASSWORD is empty: requests are authenticated, but the bot "
                    "cannot get a token to reply")
    adapter = CloudAdapter(BotAuthentication(_AuthConfig(settings)))
    adapter.on_turn_error = _on_turn_error
    messenger = TeamsMessenger(adapter, services.references, settings.microsoft_app_id)
    bot = HelpdeskBot(services, messenger)

    async def messages(request: web.Request) -> web.Response:
        try:
            body = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "the body is not valid JSON"}, status=400)
        problem = _problem(body)
        if problem is None:
            try:
                activity = Activity().deserialize(body)
            except Exception as exc:  # msrest DeserializationError and friends
                problem = f"malformed activity: {str(exc)[:200]}"
        if problem:
            return web.json_response({"error": problem}, status=400)
        try:
            response = await adapter.process_activity(
                request.headers.get("Authorization", ""), activity, bot.on_turn)
        except (PermissionError, jwt.PyJWTError):  # missing, malformed or rejected token
            return web.json_response({"error": "unauthorized"}, status=401)
        if response is None:
            return web.Response(status=200)
        if response.body is None:
            return web.Response(status=response.status)
        return web.json_response(response.body, status=response.status)

    app.router.add_post("/api/messages", messages)
    return messenger
