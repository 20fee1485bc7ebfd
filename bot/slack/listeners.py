"""Bolt listeners: Slack events, slash commands, buttons and modal submissions in,
neutral `Incoming` out to the router.

Every listener acknowledges first (events are acked by bolt itself before the
listener runs, since the app runs with process_before_response=False), works out
who is asking and with which roles (server-side, see staff.py), and hands the
message to the `WorkQueue`, which routes it in a thread and sends the replies.
Slack event ids go to the router as `Incoming.event_id`, which dedupes them in the
database. Opening a modal is done right here: its trigger_id expires in 3 seconds.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.bootstrap import Services
from bot.slack.blocks import (
    ACTION_ID_PATTERN,
    PROMPT_BLOCK,
    PROMPT_CALLBACK,
    decode_value,
    home_view,
    prompt_modal,
    read_prompt,
)
from bot.slack.delivery import Origin, ReplySender
from bot.slack.messenger import SlackMessenger
from bot.slack.staff import StaffDirectory
from bot.slack.work import WorkQueue
from handlers.messages import ROLE_STAFF, Action, Incoming, Reply
from handlers.smalltalk import CAPABILITIES_NL
from handlers.ticket_cards import STATUS_NAMES
from handlers.tickets import REFUSAL

log = logging.getLogger(__name__)

HANDLED_EVENTS = ("app_mention", "message", "app_home_opened")
WAKE_INTERVAL = 0.05
ROUTER_CONCURRENCY = 2
"""Router calls running in threads at once. More only adds GIL contention, which delays
the event loop and so the acks; sending is not limited (it waits on the network)."""
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


class SlackBot:
    """The listeners, with what they need: services, the messenger, the staff directory."""

    def __init__(self, services: Services, messenger: SlackMessenger, staff: StaffDirectory):
        self.services = services
        self.messenger = messenger
        self.staff = staff
        self.sender = ReplySender(messenger, services.outbox)
        self.work = WorkQueue(services.router, self.sender, services.worker)

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

    # Events (acked by bolt before these run)

    async def _question(self, event: dict[str, Any], body: dict[str, Any], context: Any,
                        thread: str | None, direct: bool) -> None:
        self.work.hold()
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return  # edits, deletions, joins, other bots and the bot itself
        user, channel = event["user"], event.get("channel", "")
        incoming = Incoming(
            platform="slack", conversation=channel, user=user, thread=thread,
            text=clean_text(event.get("text", ""), context.bot_user_id), is_direct=direct,
            roles=await self.staff.roles(user), event_id=body.get("event_id"),
            message_ref=event.get("ts"))
        origin = Origin(channel=channel, user=user, thread=thread, is_direct=direct)
        self.work.submit(incoming, origin, body.get("event_id") or uuid.uuid4().hex)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        """A mention in a channel: answer in its thread."""
        thread = event.get("thread_ts") or event.get("ts")
        await self._question(event, body, context, thread, direct=False)

    async def on_message(self, event: dict[str, Any], body: dict[str, Any], context: Any) -> None:
        """A direct message (message.im); other message events are acked and ignored."""
        if event.get("channel_type") != "im":
            return
        await self._question(event, body, context, event.get("thread_ts"), direct=True)

    async def on_home_opened(self, event: dict[str, Any]) -> None:
        self.work.hold()
        if event.get("tab") != "home" or not event.get("user"):
            return
        await self._publish_home(event["user"])

    async def _publish_home(self, user: str) -> None:
        tickets = None
        if ROLE_STAFF in await self.staff.roles(user):
            views = await asyncio.to_thread(self.services.tickets.list)
            tickets = [(t.id, STATUS_NAMES.get(t.status, t.status),
                        t.question if len(t.question) <= 120 else t.question[:117] + "...")
                       for t in views]
        walkin = self.services.triage.walkin_text(datetime.now(UTC), False)
        try:
            await self.messenger.client.views_publish(
                user_id=user, view=home_view(CAPABILITIES_NL, walkin, tickets))
        except Exception as exc:
            log.warning("could not publish the Home tab for %s: %s", user, exc)

    async def on_noop(self, event: dict[str, Any]) -> None:
        log.info("Slack event %s received", event.get("type"))

    # Slash commands

    async def _command(self, ack: Any, command: dict[str, Any], text: str) -> None:
        await ack()
        self.work.hold()
        user, channel = command.get("user_id", ""), command.get("channel_id", "")
        incoming = Incoming(platform="slack", conversation=channel, user=user, text=text,
                            is_direct=_is_dm(channel), roles=await self.staff.roles(user),
                            user_name=command.get("user_name", ""))
        origin = Origin(channel=channel, user=user, private_only=True,
                        response_url=command.get("response_url"), response_url_first=True)
        self.work.submit(incoming, origin, command.get("trigger_id") or uuid.uuid4().hex)

    async def on_helpdesk(self, ack: Any, command: dict[str, Any]) -> None:
        """`/helpdesk <question>`: a private answer; `/helpdesk help`: what the bot does."""
        await self._command(ack, command, helpdesk_text(command.get("text", "")))

    async def on_juridisch(self, ack: Any, command: dict[str, Any]) -> None:
        """`/juridisch <question>`: straight to the legal queue."""
        await self._command(ack, command, f"/juridisch {command.get('text', '').strip()}")

    # Buttons and the modal behind a button with a prompt

    async def on_button(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        self.work.hold()
        decoded = decode_value(action.get("value"))
        name, value, prompt = decoded or (
            action.get("action_id", "").rsplit(":", 1)[0], action.get("value", ""), "")
        user = (body.get("user") or {}).get("id", "")
        container = body.get("container") or {}
        channel = ((body.get("channel") or {}).get("id") or container.get("channel_id")
                   or user)
        thread = (body.get("message") or {}).get("thread_ts") or container.get("thread_ts")
        roles = await self.staff.roles(user)
        origin = Origin(channel=channel, user=user, thread=thread, is_direct=_is_dm(channel),
                        private_only=bool(container.get("is_ephemeral")),
                        response_url=body.get("response_url"))
        key = body.get("trigger_id") or uuid.uuid4().hex
        if prompt:
            await self._open_prompt(body, origin, roles, name, value, prompt, key)
            return
        incoming = Incoming(platform="slack", conversation=channel, user=user, thread=thread,
                            is_direct=_is_dm(channel), roles=roles,
                            user_name=(body.get("user") or {}).get("username", ""),
                            action=Action(name, value), message_ref=container.get("message_ts"))
        self.work.submit(incoming, origin, key)

    async def _open_prompt(self, body: dict[str, Any], origin: Origin, roles: frozenset[str],
                           name: str, value: str, prompt: str, key: str) -> None:
        """Staff-only actions are refused before the modal opens (and again on submit)."""
        if name.startswith("ticket.") and ROLE_STAFF not in roles:
            await self.sender.send(origin, [Reply(text=REFUSAL, private=True)], key)
            return
        view = prompt_modal(name, value, prompt, origin.channel, origin.thread)
        try:
            await self.messenger.client.views_open(trigger_id=body.get("trigger_id"), view=view)
        except Exception as exc:
            log.warning("could not open the %s modal: %s", name, exc)
            await self.sender.send(origin, [Reply(
                text="Het invulvenster kon niet openen; probeer het nog eens.", private=True,
                kind="error")], key)

    async def on_prompt(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        self.work.hold()
        name, value, text, channel, thread = read_prompt(view)
        if not text.strip():
            await ack(response_action="errors", errors={PROMPT_BLOCK: "Vul een tekst in."})
            return
        await ack()
        user = (body.get("user") or {}).get("id", "")
        channel = channel or user
        incoming = Incoming(platform="slack", conversation=channel, user=user,
                            thread=thread or None, is_direct=_is_dm(channel) or channel == user,
                            roles=await self.staff.roles(user),
                            user_name=(body.get("user") or {}).get("username", ""),
                            action=Action(name, value, {"text": text}))
        origin = Origin(channel=channel, user=user, thread=thread or None,
                        is_direct=_is_dm(channel) or channel == user)
        self.work.submit(incoming, origin, (view.get("id") or uuid.uuid4().hex) + ":submit")
