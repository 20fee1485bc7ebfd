"""Bolt listeners: Slack events, slash commands, buttons and modal submissions are
turned into inbox rows, and acknowledged only once the row is stored.

The bolt app runs with process_before_response=True, so bolt answers Slack after
the listener returned: a listener stores its row (`Intake.accept`, which waits
for the database) and returns; when the row cannot be stored the listener raises
and the app's error handler answers 503, so Slack sends it again. Each row holds
the neutral `Incoming` (without roles: those are decided when it is handled) and
the `Origin` its replies go to. Keys: the event id for events, a hash of the signed
body for slash commands, button presses and modal submissions (a replay of the
same bytes finds the stored row). Everything else happens in the pipeline.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.intake import Intake, NotStored
from bot.platform import MESSAGE
from bot.slack.blocks import (
    ACTION_ID_PATTERN,
    PROMPT_BLOCK,
    PROMPT_CALLBACK,
    decode_value,
    read_prompt,
)
from bot.slack.delivery import Origin
from handlers.messages import Action, Incoming
from storage.inbox import InboxItem, body_key

log = logging.getLogger(__name__)

PLATFORM = "slack"
KIND_HOME = "slack.home"
KIND_PROMPT = "slack.prompt"
NOOP_EVENTS = ("app_uninstalled", "tokens_revoked")
"""Subscribed (see slack/manifest.yml) only to be logged; acked so Slack does not retry."""

_LEADING_MENTION = re.compile(r"^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s:,]*")
_ANGLE = re.compile(r"<([^<>]*)>")
_TICKET_WORDS = {"claim", "oppakken", "answer", "antwoord", "release", "vrijgeven", "close",
                 "sluiten", "reopen", "heropenen"}


def _angle(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return "@" + (label or target[1:].split("^")[0])
    return label or target


def clean_text(text: str, bot_user_id: str | None) -> str:
    """Slack's message text as the person typed it: without the leading mention of the
    bot, links and mentions as their labels, &amp;/&lt;/&gt; unescaped."""
    text = text or ""
    match = _LEADING_MENTION.match(text)
    if match and (bot_user_id is None or match.group(1) == bot_user_id):
        text = text[match.end():]
    text = _ANGLE.sub(_angle, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def helpdesk_text(text: str) -> str:
    """`/helpdesk <text>` as router input: help, staff shortcuts, or the question."""
    text = text.strip()
    word, _, rest = text.partition(" ")
    word = word.lower()
    if word in ("", "help", "hulp", "?"):
        return "/help"
    if word in ("tickets", "console") and not rest:
        return f"/{word}"
    if word in _TICKET_WORDS and rest.lstrip("#")[:1].isdigit():
        return f"/{word} {rest}"
    return text


def _is_dm(channel: str) -> bool:
    return channel.startswith("D")


def request_key(request: AsyncBoltRequest) -> str:
    """A hash of the signed body (of the payload, over Socket Mode)."""
    raw = request.raw_body or json.dumps(request.body, sort_keys=True)
    return body_key(raw.encode("utf-8"))


async def refuse_unstored(error: Exception, response: BoltResponse | None
                          ) -> BoltResponse | None:
    """The app's error handler: a row that could not be stored is answered 503."""
    if isinstance(error, NotStored):
        log.warning("Slack request not stored (%s): answered 503 so Slack retries", error)
        return BoltResponse(status=503, body="")
    log.error("Slack listener failed: %r", error)
    return None


class SlackListeners:
    def __init__(self, intake: Intake):
        self.intake = intake

    def register(self, app: AsyncApp) -> None:
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        for name in NOOP_EVENTS:
            app.event(name)(self.on_noop)
        app.command("/helpdesk")(self.on_helpdesk)
        app.command("/juridisch")(self.on_juridisch)
        app.action(re.compile(ACTION_ID_PATTERN))(self.on_button)
        app.view(PROMPT_CALLBACK)(self.on_prompt)
        app.error(refuse_unstored)

    async def store(self, key: str, incoming: Incoming, origin: Origin,
                    kind: str = MESSAGE, **extra: Any) -> None:
        payload = {"incoming": incoming.to_dict(), "origin": {**origin.to_dict(), **extra}}
        await self.intake.accept(InboxItem(PLATFORM, key, kind, payload))

    # Events (bolt acks them when the listener returns)

    async def _question(self, event: dict[str, Any], body: dict[str, Any], context: Any,
                        request: AsyncBoltRequest, thread: str | None, direct: bool) -> None:
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return  # edits, deletions, joins, other bots and the bot itself
        user, channel = event["user"], event.get("channel", "")
        incoming = Incoming(
            platform=PLATFORM, conversation=channel, user=user, thread=thread,
            text=clean_text(event.get("text", ""), context.bot_user_id), is_direct=direct,
            message_ref=event.get("ts"))
        origin = Origin(channel=channel, user=user, thread=thread, is_direct=direct)
        await self.store(body.get("event_id") or request_key(request), incoming, origin)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: Any,
                         request: AsyncBoltRequest) -> None:
        """A mention in a channel: answer in its thread."""
        thread = event.get("thread_ts") or event.get("ts")
        await self._question(event, body, context, request, thread, direct=False)

    async def on_message(self, event: dict[str, Any], body: dict[str, Any], context: Any,
                         request: AsyncBoltRequest) -> None:
        """A direct message (message.im); other message events are acked and ignored."""
        if event.get("channel_type") != "im":
            return
        await self._question(event, body, context, request, event.get("thread_ts"), direct=True)

    async def on_home_opened(self, event: dict[str, Any], body: dict[str, Any],
                             request: AsyncBoltRequest) -> None:
        if event.get("tab") != "home" or not event.get("user"):
            return
        user = event["user"]
        await self.store(body.get("event_id") or request_key(request),
                         Incoming(platform=PLATFORM, conversation=user, user=user),
                         Origin(channel=user, user=user), kind=KIND_HOME)

    async def on_noop(self, event: dict[str, Any]) -> None:
        log.info("Slack event %s received", event.get("type"))

    # Slash commands

    async def _command(self, ack: Any, command: dict[str, Any], text: str,
                       request: AsyncBoltRequest) -> None:
        user, channel = command.get("user_id", ""), command.get("channel_id", "")
        incoming = Incoming(platform=PLATFORM, conversation=channel, user=user, text=text,
                            is_direct=_is_dm(channel), user_name=command.get("user_name", ""))
        origin = Origin(channel=channel, user=user, private_only=True,
                        response_url=command.get("response_url"), response_url_first=True)
        await self.store(request_key(request), incoming, origin)
        await ack()

    async def on_helpdesk(self, ack: Any, command: dict[str, Any],
                          request: AsyncBoltRequest) -> None:
        """`/helpdesk <question>`: a private answer; `/helpdesk help`: what the bot does."""
        await self._command(ack, command, helpdesk_text(command.get("text", "")), request)

    async def on_juridisch(self, ack: Any, command: dict[str, Any],
                           request: AsyncBoltRequest) -> None:
        """`/juridisch <question>`: straight to the legal queue."""
        await self._command(ack, command, f"/juridisch {command.get('text', '').strip()}",
                            request)

    # Buttons, and the form behind a button with a prompt

    async def on_button(self, ack: Any, body: dict[str, Any], action: dict[str, Any],
                        request: AsyncBoltRequest) -> None:
        decoded = decode_value(action.get("value"))
        name, value, prompt = decoded or (
            action.get("action_id", "").rsplit(":", 1)[0], action.get("value", ""), "")
        person = body.get("user") or {}
        user = person.get("id", "")
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or user
        thread = (body.get("message") or {}).get("thread_ts") or container.get("thread_ts")
        origin = Origin(channel=channel, user=user, thread=thread, is_direct=_is_dm(channel),
                        private_only=bool(container.get("is_ephemeral")),
                        response_url=body.get("response_url"))
        incoming = Incoming(platform=PLATFORM, conversation=channel, user=user, thread=thread,
                            is_direct=_is_dm(channel), user_name=person.get("username", ""),
                            action=Action(name, value), message_ref=container.get("message_ts"))
        if prompt:  # the pipeline checks the role, then opens the form (trigger_id: 3 s)
            await self.store(request_key(request), incoming, origin, kind=KIND_PROMPT,
                             trigger_id=body.get("trigger_id"), prompt=prompt)
        else:
            await self.store(request_key(request), incoming, origin)
        await ack()

    async def on_prompt(self, ack: Any, body: dict[str, Any], view: dict[str, Any],
                        request: AsyncBoltRequest) -> None:
        name, value, text, channel, thread = read_prompt(view)
        if not text.strip():
            await ack(response_action="errors", errors={PROMPT_BLOCK: "Vul een tekst in."})
            return
        person = body.get("user") or {}
        user = person.get("id", "")
        channel = channel or user
        direct = _is_dm(channel) or channel == user
        incoming = Incoming(platform=PLATFORM, conversation=channel, user=user,
                            thread=thread or None, is_direct=direct,
                            user_name=person.get("username", ""),
                            action=Action(name, value, {"text": text}))
        origin = Origin(channel=channel, user=user, thread=thread or None, is_direct=direct)
        await self.store(request_key(request), incoming, origin)
        await ack()
