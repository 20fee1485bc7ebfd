"""Slack as a platform: what `build` gives the pipeline and the web app.

- `mount`: `POST /slack/events` when a signing secret is set (and Socket Mode
  when SLACK_APP_TOKEN is set): listeners store events in the inbox;
- `reply` / `fallback`: replies to where a message came from, or the outbox row
  that delivers them instead (bot/slack/delivery.py);
- `handle`: the Home tab and the form behind a button with a prompt;
- `staff_members`: the staff channel's members;
- `messenger`: what the outbox worker sends through.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import aiohttp
from aiohttp import web

from bot.messenger import DeliveryError
from bot.platform import BuildContext, Origin, PlatformRuntime
from bot.replies import deliver
from bot.slack.adapter import EVENTS_PATH, build_bolt_app, events_handler
from bot.slack.blocks import home_view, prompt_modal
from bot.slack.config import SlackConfig
from bot.slack.delivery import Origin as SlackOrigin
from bot.slack.delivery import SlackReplies
from bot.slack.listeners import KIND_HOME, KIND_PROMPT, SlackListeners
from bot.slack.messenger import API_TIMEOUT_SECONDS, SlackMessenger, build_client
from bot.slack.socket_mode import SocketMode
from bot.slack.staff import channel_members
from handlers.messages import ROLE_STAFF, Incoming, Reply
from handlers.smalltalk import CAPABILITIES_NL
from handlers.ticket_cards import STATUS_NAMES
from handlers.tickets import REFUSAL
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 100
FORM_FAILED = "Het invulvenster kon niet openen; probeer het nog eens."


class SlackRuntime(PlatformRuntime):
    name = "slack"

    def __init__(self, context: BuildContext):
        config = context.config
        assert isinstance(config, SlackConfig)
        self.config = config
        self.core = context.core
        self.client = build_client(config)
        self.messenger = SlackMessenger(self.client)
        self.replies = SlackReplies(self.messenger, context.core.now)
        self.bolt = build_bolt_app(config, self.client, SlackListeners(context.intake))
        self.socket_mode = (SocketMode(self.bolt, config.app_token, self.client)
                            if config.app_token else None)

    def mount(self, app: web.Application) -> None:
        """HTTP events when a signing secret is set; Socket Mode when an app token is."""
        if self.config.signing_secret:
            app.router.add_post(EVENTS_PATH, events_handler(self.bolt, self.config.signing_secret))
        if self.socket_mode is not None:
            socket_mode = self.socket_mode

            async def connect(_app: web.Application) -> None:
                await socket_mode.start()

            async def disconnect(_app: web.Application) -> None:
                await socket_mode.stop()

            app.on_startup.append(connect)
            app.on_shutdown.append(disconnect)

    async def start(self) -> None:
        self.client.session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=API_TIMEOUT_SECONDS),
            connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS))

    async def stop(self) -> None:
        """Close the shared HTTP session; later calls fall back to a session per call."""
        session = self.client.session
        if session is not None and not session.closed:
            await session.close()

    async def staff_members(self) -> frozenset[str] | None:
        return await channel_members(self.client, self.config.staff_channel)

    async def reply(self, origin: Origin, reply: Reply) -> None:
        await self.replies.send(SlackOrigin.from_dict(origin), reply)

    def fallback(self, origin: Origin, reply: Reply, key: str,
                 error: DeliveryError) -> OutboxItem:
        return self.replies.fallback(SlackOrigin.from_dict(origin), reply, key, error)

    async def handle(self, kind: str, incoming: Incoming, origin: Origin) -> None:
        if kind == KIND_HOME:
            await self.publish_home(incoming)
        elif kind == KIND_PROMPT:
            await self.open_form(incoming, origin)
        else:
            log.warning("unknown Slack inbox kind %r", kind)

    async def publish_home(self, incoming: Incoming) -> None:
        """The Home tab: what the bot does, the next walk-in hour, open tickets for staff."""
        tickets = None
        if ROLE_STAFF in incoming.roles:
            views = await asyncio.to_thread(self.core.tickets.list)
            tickets = [(t.id, STATUS_NAMES.get(t.status, t.status),
                        t.question if len(t.question) <= 120 else t.question[:117] + "...")
                       for t in views]
        walkin = self.core.triage.walkin_text(datetime.now(UTC), False)
        try:
            await self.client.views_publish(
                user_id=incoming.user, view=home_view(CAPABILITIES_NL, walkin, tickets))
        except Exception as exc:
            log.warning("could not publish the Home tab for %s: %s", incoming.user, exc)

    async def open_form(self, incoming: Incoming, origin: Origin) -> None:
        """A button that asks for a text first: staff-only actions are refused before the
        form opens (and checked again when it is submitted)."""
        action = incoming.action
        target = SlackOrigin.from_dict(origin)
        if action is None:
            return
        key = incoming.event_id or ""
        if action.name.startswith("ticket.") and not incoming.is_staff:
            await deliver(self, origin, [Reply(text=REFUSAL, private=True)], key,
                          self.core.outbox)
            return
        view = prompt_modal(action.name, action.value, str(origin.get("prompt", "")),
                            target.channel, target.thread)
        try:
            await self.client.views_open(trigger_id=origin.get("trigger_id"), view=view)
        except Exception as exc:  # the trigger expires after 3 s
            log.warning("could not open the %s form: %s", action.name, exc)
            await deliver(self, origin, [Reply(text=FORM_FAILED, private=True, kind="error")],
                          key, self.core.outbox)


def build(context: BuildContext) -> SlackRuntime:
    return SlackRuntime(context)
