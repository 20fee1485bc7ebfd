"""Teams' way in: `POST /api/messages`, answered as soon as the activity is stored.

The handler checks the token (bot/teams/auth.py; skipped only when the endpoint
was explicitly opened with TEAMS_ALLOW_UNAUTHENTICATED=1), reads the activity
(400 for a body that is not one, before anything is stored), turns it into an
inbox row and answers 200 once the row is committed (503 when the database cannot
store it, so the Bot Framework retries). Messages and card buttons (Action.Submit
arrives as a message with `value`, Action.Execute as an `adaptiveCard/action`
invoke) become `Incoming`s for the router; the bot being added becomes a welcome;
other conversation updates only refresh the stored conversation reference. The
replies are sent proactively by the pipeline, like Slack's. An Action.Execute gets
a short "received" as its invoke response; the answer follows as a message.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.intake import Intake, NotStored
from bot.platform import MESSAGE
from bot.teams.activity import as_command, clean_text, event_id, scope_of, tenant_of, user_id
from bot.teams.auth import TokenValidator, Unauthorized
from bot.teams.cards import parse_action
from bot.teams.messenger import PLATFORM, thread_base
from handlers.messages import Action, Incoming
from storage.inbox import InboxItem, body_key

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
KIND_WELCOME = "teams.welcome"
KIND_REFERENCE = "teams.reference"
STORED_TYPES = ("message", "invoke", "conversationUpdate", "installationUpdate")
UNKNOWN_BUTTON = "card.unknown"
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"
RECEIVED = "Ontvangen; het antwoord volgt in het gesprek."


def problem(body: Any) -> str | None:
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


def origin_of(activity: Activity) -> dict[str, Any]:
    """Where replies go: the conversation reference (with the tenant botbuilder drops),
    its scope and the sender."""
    reference = TurnContext.get_conversation_reference(activity)
    reference.conversation.tenant_id = reference.conversation.tenant_id or tenant_of(activity)
    return {"reference": reference.serialize(), "scope": scope_of(activity),
            "user": user_id(activity)}


def incoming_of(activity: Activity, text: str, action: Action | None) -> Incoming:
    conversation = activity.conversation.id
    scope = scope_of(activity)
    thread = None  # a channel post is its own thread's root
    if scope == "channel":
        thread = conversation.split(";messageid=", 1)[1] if ";messageid=" in conversation \
            else activity.id
    sender = activity.from_property
    return Incoming(
        platform=PLATFORM, conversation=thread_base(conversation), user=user_id(activity),
        text=text, thread=thread, is_direct=scope == "personal",
        user_name=(sender.name or "") if sender else "", action=action,
        message_ref=activity.reply_to_id)


def _bot_added(activity: Activity) -> bool:
    bot = activity.recipient.id if activity.recipient else None
    return any(member.id == bot for member in activity.members_added or [])


class TeamsEndpoint:
    """The aiohttp handler for POST /api/messages."""

    def __init__(self, intake: Intake, validator: TokenValidator | None):
        self.intake = intake
        self.validator = validator

    async def handle(self, request: web.Request) -> web.Response:
        authorization = request.headers.get("Authorization", "")
        if self.validator is not None and not authorization.startswith("Bearer "):
            return web.json_response({"error": "unauthorized"}, status=401)
        raw = await request.read()
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "the body is not valid JSON"}, status=400)
        reason = problem(body)
        if reason is None:
            try:
                activity = Activity().deserialize(body)
            except Exception as exc:  # msrest DeserializationError and friends
                reason = f"malformed activity: {str(exc)[:200]}"
        if reason:
            return web.json_response({"error": reason}, status=400)
        if self.validator is not None:
            try:
                await self.validator.check(authorization, activity.channel_id or "",
                                           activity.service_url)
            except Unauthorized as exc:
                log.info("Teams request refused: %s", exc)
                return web.json_response({"error": "unauthorized"}, status=401)
        return await self.accept(activity, raw)

    async def accept(self, activity: Activity, raw: bytes) -> web.Response:
        if activity.type not in STORED_TYPES:
            return web.Response(status=200)
        kind, text, action, answer = MESSAGE, "", None, web.Response(status=200)
        if activity.type == "message":
            if activity.value is not None:
                action = parse_action(activity.value) or Action(UNKNOWN_BUTTON)
            else:
                text = as_command(clean_text(activity))
        elif activity.type == "invoke":
            execute = activity.name == "adaptiveCard/action"
            if not execute and activity.name:
                return web.Response(status=501)
            action = parse_action(activity.value)
            if action is None:
                return web.json_response({
                    "statusCode": 400, "type": "application/vnd.microsoft.error",
                    "value": {"code": "BadRequest", "message": "Onbekende knop."}},
                    status=200 if execute else 400)
            if execute:
                answer = web.json_response({"statusCode": 200, "type": INVOKE_MESSAGE,
                                            "value": RECEIVED})
        else:
            kind = KIND_WELCOME if _bot_added(activity) else KIND_REFERENCE
        payload = {"incoming": incoming_of(activity, text, action).to_dict(),
                   "origin": origin_of(activity)}
        try:
            await self.intake.accept(InboxItem(PLATFORM, event_id(activity) or body_key(raw),
                                               kind, payload))
        except NotStored as exc:
            log.warning("Teams activity not stored (%s): answered 503", exc)
            return web.json_response({"error": "try again"}, status=503)
        return answer
