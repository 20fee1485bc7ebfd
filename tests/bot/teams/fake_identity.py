"""A stand-in for the Bot Framework's token signing keys on 127.0.0.1.

Serves the OpenID metadata and the key set (one RSA key, endorsed for msteams),
optionally slowly (`delay`), counts requests, and mints tokens the way the Bot
Connector does: issuer https://api.botframework.com, audience the bot's app id, a
`serviceurl` claim. `token(..., signer=other)` mints a forged one.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
KID = "fake-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeIdentity:
    def __init__(self, delay: float = 0.0, endorsements: tuple[str, ...] = ("msteams",)):
        self.key = new_key()
        self.delay = delay
        self.endorsements = list(endorsements)
        self.requests: list[str] = []
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self.metadata_url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    async def _metadata(self, request: web.Request) -> web.Response:
        self.requests.append("metadata")
        await asyncio.sleep(self.delay)
        return web.json_response({"issuer": ISSUER,
                                  "jwks_uri": f"{self.base}/v1/.well-known/keys"})

    async def _keys(self, request: web.Request) -> web.Response:
        self.requests.append("keys")
        await asyncio.sleep(self.delay)
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update(kid=KID, use="sig", endorsements=self.endorsements)
        return web.json_response({"keys": [jwk]})

    def token(self, app_id: str, service_url: str, *, signer: Any = None, kid: str = KID,
              issuer: str = ISSUER, lifetime: int = 3600, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": issuer, "aud": app_id, "serviceurl": service_url, "nbf": now - 10,
                   "iat": now - 10, "exp": now + lifetime, **claims}
        return jwt.encode(payload, signer or self.key, algorithm="RS256", headers={"kid": kid})
