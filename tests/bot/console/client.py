"""Sign in to the console over plain HTTP the way a browser does: open the link
(`GET /console/login?token=...`), press the button (`POST`), keep the cookie."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import aiohttp

from storage.console_auth import Identity

CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
CHECK_RE = re.compile(r'name="login_check" value="([^"]+)"')


def issue(services: Any, platform: str, user: str, name: str = "") -> str:
    """A sign-in token, as `/console` or `helpdesk console-link` makes one."""
    return services.console.auth.issue_link(Identity(platform, user, name))


@dataclass
class ConsoleClient:
    base: str
    session: aiohttp.ClientSession

    @classmethod
    def new(cls, base: str) -> ConsoleClient:
        # unsafe=True: keep cookies of an IP host (127.0.0.1), as browsers do.
        return cls(base, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)))

    async def close(self) -> None:
        await self.session.close()

    async def get(self, path: str, **kw: Any) -> tuple[int, str, aiohttp.ClientResponse]:
        kw.setdefault("allow_redirects", False)
        async with self.session.get(self.base + path, **kw) as response:
            return response.status, await response.text(), response

    async def post(self, path: str, data: dict[str, str], **kw: Any
                   ) -> tuple[int, str, aiohttp.ClientResponse]:
        kw.setdefault("allow_redirects", False)
        async with self.session.post(self.base + path, data=data, **kw) as response:
            return response.status, await response.text(), response

    async def use_link(self, token: str) -> tuple[int, str, aiohttp.ClientResponse]:
        status, page, _ = await self.get(f"/console/login?token={token}")
        assert status == 200, page
        check = CHECK_RE.search(page).group(1)
        return await self.post("/console/login", {"token": token, "login_check": check})

    async def sign_in(self, services: Any, platform: str, user: str, name: str = "") -> None:
        status, text, response = await self.use_link(issue(services, platform, user, name))
        assert status == 303 and response.headers["Location"] == "/console", (status, text)

    async def csrf(self, path: str = "/console/welcome") -> str:
        status, page, _ = await self.get(path)
        found = CSRF_RE.search(page)
        assert found, f"no CSRF token on {path} ({status})"
        return found.group(1)
