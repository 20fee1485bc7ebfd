"""Mount Slack on the web app: `POST /slack/events` (Events API, slash commands,
interactivity), Socket Mode when SLACK_APP_TOKEN is set, and the `SlackMessenger`
the outbox worker sends through.

Safety on the HTTP side: bolt verifies the signature and timestamp (401 before
anything is parsed further or stored); a body bolt cannot parse is answered 400
instead of the 500 aiohttp would give; a retry Slack sent because our first answer
was late (X-Slack-Retry-Num with reason http_timeout) is dropped at once, and every
other retry still meets the event-id dedupe in the database, so a retry of an event
whose first delivery never got through is not lost. The app acks before it works
(process_before_response=False): the ack does no database or Slack call.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import Services
from bot.slack.listeners import SlackBot
from bot.slack.messenger import API_TIMEOUT_SECONDS, SlackMessenger, build_client
from bot.slack.socket_mode import SocketMode
from bot.slack.staff import StaffDirectory

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DRAIN_SECONDS = 10.0
MAX_CONNECTIONS = 100
MAX_REQUEST_AGE_SECONDS = 5 * 60


@dataclass
class SlackRuntime:
    """What attach_slack built; kept on the aiohttp app for startup/cleanup and tests."""

    bolt: AsyncApp
    client: AsyncWebClient
    bot: SlackBot
    messenger: SlackMessenger
    socket_mode: SocketMode | None = None
    extra: dict[str, Any] = field(default_factory=dict)


SLACK = web.AppKey("slack", SlackRuntime)


async def drop_late_retries(req: AsyncBoltRequest, resp: BoltResponse, next: Any) -> Any:
    """Global bolt middleware: a retry caused by our own slow ack is already being
    handled; answer it 200 and ask Slack not to retry again."""
    retry_num = (req.headers.get("x-slack-retry-num") or [None])[0]
    reason = (req.headers.get("x-slack-retry-reason") or [""])[0]
    if retry_num is not None and reason == "http_timeout":
        log.info("dropping Slack retry %s of %s (%s)", retry_num,
                 req.body.get("event_id"), reason)
        return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
    await next()
    return resp


def build_bolt_app(services: Services, client: AsyncWebClient) -> tuple[AsyncApp, SlackBot]:
    """The bolt app with the listeners; no network, no event loop needed."""
    settings = services.settings
    bolt = AsyncApp(
        client=client,
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=bool(settings.slack_signing_secret),
        process_before_response=False,
        logger=logging.getLogger("bot.slack.bolt"),
        name="toekomstscenario-helpdesk",
    )
    bolt.middleware(drop_late_retries)
    messenger = SlackMessenger(client)
    staff = StaffDirectory(client, services.roles, settings.slack_staff_channel)
    bot = SlackBot(services, messenger, staff)
    bot.register(bolt)
    return bolt, bot


def signed(secret: str, raw: bytes, timestamp: str | None, signature: str | None,
           now: float | None = None) -> bool:
    """Slack's v0 signature over the raw bytes, with a five-minute window. Unlike
    slack_sdk's verifier this never raises (non-numeric timestamp, invalid UTF-8)."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp or ""))
    except ValueError:
        return False
    if age > MAX_REQUEST_AGE_SECONDS or not signature:
        return False
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + raw, hashlib.sha256)
    return hmac.compare_digest(f"v0={digest.hexdigest()}", signature)


def events_handler(bolt: AsyncApp, signing_secret: str):
    """The aiohttp handler for POST /slack/events: 401 unless signed (checked here on the
    raw bytes and again by bolt), 400 for a signed body bolt cannot parse."""

    async def handle(request: web.Request) -> web.Response:
        raw = await request.read()
        if not signed(signing_secret, raw, request.headers.get("X-Slack-Request-Timestamp"),
                      request.headers.get("X-Slack-Signature")):
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = AsyncBoltRequest(body=raw.decode("utf-8"),
                                            query=request.query_string,
                                            headers=request.headers)  # type: ignore[arg-type]
            if not isinstance(bolt_request.body, dict):
                raise ValueError("not a JSON object or form")
        except (ValueError, UnicodeDecodeError, TypeError, AttributeError) as exc:
            log.info("malformed Slack request: %s", exc)
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    return handle


def attach_slack(app: web.Application, services: Services) -> SlackMessenger | None:
    """Mount Slack on `app` and return its messenger; None when Slack is not configured
    (no bot token, or neither a signing secret for HTTP nor an app token for Socket Mode)."""
    settings = services.settings
    if not settings.slack_bot_token or not (
            settings.slack_signing_secret or settings.slack_app_token):
        if settings.slack_bot_token or settings.slack_signing_secret:
            log.warning("Slack is half configured: set SLACK_BOT_TOKEN and "
                        "SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)")
        return None
    client = build_client(settings)
    bolt, bot = build_bolt_app(services, client)
    runtime = SlackRuntime(bolt, client, bot, bot.messenger)
    if settings.slack_app_token:
        runtime.socket_mode = SocketMode(bolt, settings.slack_app_token, client)
    app[SLACK] = runtime
    if settings.slack_signing_secret:
        app.router.add_post(EVENTS_PATH, events_handler(bolt, settings.slack_signing_secret))
    app.on_startup.append(_startup)
    app.on_shutdown.append(_shutdown)
    app.on_cleanup.append(_cleanup)
    return runtime.messenger


async def _startup(app: web.Application) -> None:
    runtime = app[SLACK]
    runtime.client.session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=API_TIMEOUT_SECONDS),
        connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS))
    runtime.bot.work.start()
    if runtime.socket_mode is not None:
        await runtime.socket_mode.start()


async def _shutdown(app: web.Application) -> None:
    runtime = app[SLACK]
    if runtime.socket_mode is not None:
        await runtime.socket_mode.stop()
    await runtime.bot.work.drain(DRAIN_SECONDS)


async def _cleanup(app: web.Application) -> None:
    """Close the shared HTTP session; later calls (the worker's last round) fall back to
    a session per call inside slack_sdk."""
    session = app[SLACK].client.session
    if session is not None and not session.closed:
        await session.close()
