"""A fake Bot Connector on 127.0.0.1 for Teams tests.

It records what the bot sends: new activities (POST
/{prefix}/v3/conversations/{id}/activities[/{replyToId}]), card updates (PUT
.../activities/{id}) and new conversations (POST /{prefix}/v3/conversations),
and can answer scripted failures (e.g. 429 with Retry-After) to the next
matching calls. `service_url` keeps the trailing slash, as Teams sends it.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web

_ROUTE = re.compile(r"^/(?P<prefix>[^/]+)/v3/conversations"
                    r"(?:/(?P<conversation>[^/]+)/activities(?:/(?P<activity>[^/]+))?)?/?$")
_MEMBERS = re.compile(r"^/(?P<prefix>[^/]+)/v3/conversations/(?P<team>[^/]+)/pagedmembers/?$")


@dataclass
class Call:
    """One request the bot made."""

    method: str
    conversation: str | None
    activity_id: str | None
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 0
    response_id: str | None = None

    @property
    def card(self) -> dict[str, Any] | None:
        """The first Adaptive Card attached, if any."""
        for attachment in self.body.get("attachments") or []:
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return attachment["content"]
        return None

    @property
    def text(self) -> str:
        """Everything a person would read: the text and every card TextBlock."""
        parts = [self.body.get("text") or ""]
        card = self.card or {}
        parts += [b.get("text", "") for b in card.get("body", []) if b.get("type") == "TextBlock"]
        return "\n".join(p for p in parts if p)

    def buttons(self) -> list[dict[str, Any]]:
        """Every card action, including the submit buttons inside ShowCards."""
        found: list[dict[str, Any]] = []
        for action in (self.card or {}).get("actions", []):
            found.append(action)
            found += action.get("card", {}).get("actions", [])
        return found

    def button(self, action: str) -> dict[str, Any]:
        """The card action that sends this `hd_action` (claim, answer, close...)."""
        return next(b for b in self.buttons() if b.get("data", {}).get("hd_action") == action)


@dataclass
class Failure:
    method: str
    status: int
    headers: dict[str, str]
    times: int
    body: dict[str, Any] = field(default_factory=dict)


class FakeConnector:
    """Start with `await fake.start()`; read `fake.calls`; script with `fail_next`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.members: dict[str, list[dict[str, str]]] = {}
        """Team id -> its members ({"id", "aadObjectId", "name"}), paged two at a time."""
        self.member_requests: list[str] = []
        self.failures: list[Failure] = []
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.service_url = ""

    async def start(self, prefix: str = "amer") -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.service_url = f"http://127.0.0.1:{port}/{prefix}/"
        return self.service_url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, method: str, status: int, headers: dict[str, str] | None = None,
                  times: int = 1) -> None:
        """Answer the next `times` requests with this method with `status`."""
        self.failures.append(Failure(method, status, headers or {}, times,
                                     {"error": {"code": "Scripted", "message": str(status)}}))

    def _scripted(self, method: str) -> Failure | None:
        for failure in self.failures:
            if failure.method == method and failure.times > 0:
                failure.times -= 1
                return failure
        return None

    async def _members(self, request: web.Request, team: str) -> web.Response:
        self.member_requests.append(team)
        if team not in self.members:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        start = int(request.query.get("continuationToken") or 0)
        page = self.members[team][start:start + 2]
        more = start + 2 < len(self.members[team])
        return web.json_response({"members": page,
                                  **({"continuationToken": str(start + 2)} if more else {})})

    async def _handle(self, request: web.Request) -> web.Response:
        members = _MEMBERS.match(request.raw_path.split("?", 1)[0])
        if members is not None and request.method == "GET":
            return await self._members(request, unquote(members["team"]))
        match = _ROUTE.match(request.raw_path.split("?", 1)[0])
        if match is None:
            return web.json_response({"error": "unknown path"}, status=404)
        raw = await request.read()
        call = Call(request.method, unquote(match["conversation"] or "") or None,
                    unquote(match["activity"] or "") or None,
                    json.loads(raw) if raw else {}, dict(request.headers))
        self.calls.append(call)
        failure = self._scripted(request.method)
        if failure is not None:
            call.status = failure.status
            return web.json_response(failure.body, status=failure.status,
                                     headers=failure.headers)
        n = next(self._ids)
        if call.conversation is None:
            call.status, call.response_id = 201, f"a:created-{n}"
            return web.json_response({"id": call.response_id, "activityId": f"act-{n}"},
                                     status=201)
        put = request.method == "PUT"
        call.status, call.response_id = (200 if put else 201), (call.activity_id if put
                                                                 else f"msg-{n}")
        return web.json_response({"id": call.response_id}, status=call.status)

    # -- what was sent ---------------------------------------------------------

    def sent(self, method: str | None = None, conversation: str | None = None) -> list[Call]:
        """Delivered calls (scripted failures excluded), optionally filtered."""
        return [c for c in self.calls if c.status < 400
                and (method is None or c.method == method)
                and (conversation is None or c.conversation == conversation)]

    def created(self) -> list[Call]:
        return [c for c in self.sent("POST") if c.conversation is None]
