"""Socket Mode: the same bolt app and listeners over a WebSocket that the bot opens
to Slack, for workspaces where Slack cannot reach an HTTP endpoint.

Started from the web app's startup hook as a background task: connecting retries
until Slack answers, and the web app (health check, Teams, outbox worker) must not
wait for that. The handler is built inside the running loop because slack_sdk's
Socket Mode client creates its aiohttp session in its constructor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


class SocketMode:
    def __init__(self, bolt: AsyncApp, app_token: str, client: AsyncWebClient):
        self.bolt = bolt
        self.app_token = app_token
        self.client = client
        self.handler: AsyncSocketModeHandler | None = None
        self._connecting: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.handler = AsyncSocketModeHandler(self.bolt, self.app_token, web_client=self.client)
        self._connecting = asyncio.create_task(self.handler.connect_async())
        log.info("Slack Socket Mode: connecting")

    async def stop(self) -> None:
        if self.handler is not None:
            with contextlib.suppress(Exception):
                await self.handler.close_async()
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._connecting

    @property
    def connected(self) -> bool:
        session = self.handler.client.current_session if self.handler else None
        return session is not None and not session.closed
