"""Checking the Bot Framework token on `POST /api/messages`, never blocking the loop.

botbuilder's own check fetches the signing keys with `requests.get` (no timeout) on
the event loop, refetches on every request while the key host is down, and raises
an IndexError (a 500) for an unknown key id: with a slow identity host one forged
token froze the whole server. This module does the same checks as botbuilder's
ChannelValidation with PyJWT, and fetches keys with aiohttp:

- keys (OpenID metadata -> JWKS) are cached in memory, refreshed after a day (the
  old keys stay in use while that fails), and refetched for an unknown key id at
  most once per UNKNOWN_KEY_REFRESH; one fetch at a time, bounded by a timeout;
- after a failed fetch the host is left alone for FAILURE_BACKOFF;
- a token is accepted only when signed by a current key endorsed for the
  activity's channel, issued by the Bot Framework, for this bot (aud = app id),
  not expired (5 minutes leeway), and its `serviceurl` claim is the activity's
  serviceUrl. Anything else, or a token that cannot be verified in time, is
  `Unauthorized` (401).

Tokens from the Bot Framework Emulator (issued by Entra ID) are not accepted; run
the Emulator against an endpoint opened with TEAMS_ALLOW_UNAUTHENTICATED=1.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
ALGORITHMS = ["RS256", "RS384", "RS512"]
LEEWAY_SECONDS = 300
KEYS_MAX_AGE = 24 * 3600.0
UNKNOWN_KEY_REFRESH = 300.0
FAILURE_BACKOFF = 30.0


class Unauthorized(Exception):
    """The request does not carry a token we can accept (answer 401)."""


class KeysUnavailable(Exception):
    """The signing keys could not be fetched in time."""


@dataclass(frozen=True)
class SigningKey:
    key: Any
    endorsements: frozenset[str]


class SigningKeys:
    """The Bot Framework's signing keys, cached; fetched off the request path's way."""

    def __init__(self, metadata_url: str, timeout: float,
                 clock: Callable[[], float] = time.monotonic):
        self.metadata_url = metadata_url
        self.timeout = timeout
        self.clock = clock
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._failed_at = float("-inf")
        self._refresh: asyncio.Task[None] | None = None

    async def get(self, kid: str) -> SigningKey | None:
        """The key with this id; None when the key server does not know it."""
        now = self.clock()
        stale = now - self._fetched_at > KEYS_MAX_AGE
        unknown = kid not in self._keys and now - self._attempted_at > UNKNOWN_KEY_REFRESH
        due = (stale or unknown) and now - self._failed_at > FAILURE_BACKOFF
        running = self._refresh is not None and not self._refresh.done()
        if due or (running and not self._keys):
            await self._refreshed()
        if not self._keys:
            raise KeysUnavailable("no signing keys could be fetched")
        return self._keys.get(kid)

    async def _refreshed(self) -> None:
        """Start a refresh (or join the one running) and wait for it, within the timeout;
        with keys already known, a failed refresh only logs."""
        if self._refresh is None or self._refresh.done():
            self._attempted_at = self.clock()
            self._refresh = asyncio.create_task(self._fetch_or_log(), name="teams-signing-keys")
        try:
            await asyncio.wait_for(asyncio.shield(self._refresh), self.timeout + 1)
        except TimeoutError:
            self._failed_at = self.clock()

    async def _fetch_or_log(self) -> None:
        try:
            await asyncio.wait_for(self._fetch(), self.timeout * 2)
        except Exception as exc:  # timeout, network, bad JSON: logged once per attempt
            self._failed_at = self.clock()
            log.warning("could not fetch the Bot Framework signing keys from %s: %r",
                        self.metadata_url, exc)

    async def _fetch(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(self.metadata_url) as response:
                response.raise_for_status()
                jwks_uri = (await response.json(content_type=None))["jwks_uri"]
            async with session.get(jwks_uri) as response:
                response.raise_for_status()
                documents = (await response.json(content_type=None))["keys"]
        keys = {}
        for document in documents:
            try:
                keys[document["kid"]] = SigningKey(
                    jwt.PyJWK(document).key, frozenset(document.get("endorsements") or ()))
            except (KeyError, jwt.PyJWTError) as exc:
                log.info("skipping a signing key: %r", exc)
        if not keys:
            raise KeysUnavailable("the key set is empty")
        self._keys, self._fetched_at = keys, self.clock()


class TokenValidator:
    def __init__(self, app_id: str, keys: SigningKeys):
        self.app_id = app_id
        self.keys = keys

    async def check(self, authorization: str, channel_id: str, service_url: str
                    ) -> dict[str, Any]:
        """The token's claims; raises Unauthorized."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme != "Bearer" or not token.strip():
            raise Unauthorized("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"not a token: {exc}") from exc
        if header.get("alg") not in ALGORITHMS or not header.get("kid"):
            raise Unauthorized("unexpected signing algorithm or no key id")
        try:
            key = await self.keys.get(str(header["kid"]))
        except KeysUnavailable as exc:
            raise Unauthorized(f"cannot verify tokens now: {exc}") from exc
        if key is None:
            raise Unauthorized("unknown signing key")
        if key.endorsements and channel_id not in key.endorsements:
            raise Unauthorized(f"the key is not endorsed for channel {channel_id!r}")
        try:
            claims = jwt.decode(token, key.key, algorithms=ALGORITHMS, audience=self.app_id,
                                issuer=ISSUER, leeway=LEEWAY_SECONDS,
                                options={"require": ["exp", "iss", "aud"]})
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"invalid token: {exc}") from exc
        if claims.get("serviceurl") != service_url:
            raise Unauthorized("the token's serviceurl does not match the activity's")
        return claims
