"""The bot's own credentials for talking to the Bot Connector, without stalling the loop.

botbuilder makes a new `MicrosoftAppCredentials` (with a new MSAL app, so an empty token
cache) for every connector client, i.e. for every proactive send, and MSAL fetches the
token with blocking HTTP inside msrest's request pipeline, on the event loop. This
factory keeps one credentials object per (app, scope, login endpoint), so MSAL's cache is
reused, and fetches a missing or expiring token in a thread, with a timeout, before the
connector client uses it: the synchronous call inside msrest then finds it cached.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from botframework.connector.auth import ServiceClientCredentialsFactory

log = logging.getLogger(__name__)

TOKEN_TIMEOUT_SECONDS = 10.0


class ReusedCredentials(ServiceClientCredentialsFactory):
    def __init__(self, inner: ServiceClientCredentialsFactory,
                 timeout: float = TOKEN_TIMEOUT_SECONDS):
        self.inner = inner
        self.timeout = timeout
        self._made: dict[tuple[Any, ...], Any] = {}

    async def is_valid_app_id(self, app_id: str) -> bool:
        return await self.inner.is_valid_app_id(app_id)

    async def is_authentication_disabled(self) -> bool:
        return await self.inner.is_authentication_disabled()

    async def create_credentials(self, app_id: str, oauth_scope: str, login_endpoint: str,
                                 validate_authority: bool) -> Any:
        key = (app_id, oauth_scope, login_endpoint, validate_authority)
        credentials = self._made.get(key)
        if credentials is None:
            credentials = await self.inner.create_credentials(
                app_id, oauth_scope, login_endpoint, validate_authority)
            self._made[key] = credentials
        fetch = getattr(credentials, "get_access_token", None)
        if app_id and callable(fetch):  # anonymous (local) credentials have no token
            try:
                await asyncio.wait_for(asyncio.to_thread(fetch), self.timeout)
            except TimeoutError as exc:
                raise ConnectionError(f"no token from the login service within "
                                      f"{self.timeout} s") from exc
        return credentials
