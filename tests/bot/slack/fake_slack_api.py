"""A stand-in for Slack on 127.0.0.1: the Web API methods the bot calls, response_url
hooks and a Socket Mode WebSocket, recording every call.

Tests point SLACK_API_URL at `FakeSlackApi.url` and read `calls`; `script()` makes
the next call(s) of a method fail (429 with Retry-After, 5xx, or an `ok: false`
error). Run as a module it serves until killed (the benchmark starts it in its own
process): `python -m tests.bot.slack.fake_slack_api --port 0` prints its base URL;
GET /_stats returns per-method call counts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T111"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    response: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scripted:
    status: int = 200
    error: str = ""
    retry_after: int | None = None


class FakeSlackApi:
    def __init__(self, members: dict[str, list[str]] | None = None, record: bool = True,
                 latency: float = 0.0):
        self.members = {k: list(v) for k, v in (members or {}).items()}
        self.record = record
        self.latency = latency
        self.calls: list[Call] = []
        self.counts: Counter[str] = Counter()
        self.scripts: dict[str, list[Scripted]] = {}
        self.socket_acks: list[dict[str, Any]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._changed = asyncio.Condition()

    # Setup

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/hooks/{tail:.*}", self._hook)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/_stats", self._stats)
        return app

    async def start(self, port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def hook_url(self, tail: str = "commands/T111/1/x") -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{tail}"

    def script(self, method: str, *, status: int = 200, error: str = "",
               retry_after: int | None = None, times: int = 1) -> None:
        """The next `times` calls of `method` fail like this."""
        self.scripts.setdefault(method, []).extend(
            Scripted(status, error, retry_after) for _ in range(times))

    # Reading what happened

    def calls_to(self, method: str, **match: Any) -> list[Call]:
        return [c for c in self.calls if c.method == method
                and all(c.params.get(k) == v for k, v in match.items())]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0,
                       **match: Any) -> list[Call]:
        """Wait until at least `count` matching calls were made; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, **match)
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"expected {count} {method} call(s) matching {match}, got {len(found)}; "
                    f"all calls: {[(c.method, c.params.get('channel')) for c in self.calls]}")
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 0.2))

    async def _note(self, call: Call) -> None:
        self.counts[call.method] += 1
        if self.record:
            self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    # Handlers

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                params.update(body if isinstance(body, dict) else {})
            else:
                params.update((await request.post()).items())
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params, dict(request.headers.items()))
        if self.latency:
            await asyncio.sleep(self.latency)
        queued = self.scripts.get(method)
        if queued:
            failure = queued.pop(0)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            error = failure.error or ("ratelimited" if failure.status == 429 else "internal_error")
            call.response = {"ok": False, "error": error}
            await self._note(call)
            return web.json_response(call.response, status=failure.status, headers=headers)
        call.response = self._answer(method, params)
        await self._note(call)
        return web.json_response(call.response)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        n = next(self._seq)
        ts = f"{1700000000 + n}.{n:06d}"
        channel = str(params.get("channel", ""))
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user":
                    "helpdesk", "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            if channel[:1] in ("U", "W"):
                channel = "D" + channel[1:]
            return {"ok": True, "channel": channel, "ts": ts,
                    "message": {"text": params.get("text"), "ts": ts, "bot_id": BOT_ID}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": params.get("ts"),
                    "text": params.get("text")}
        if method in ("views.open", "views.publish", "views.update"):
            view = params.get("view")
            view = json.loads(view) if isinstance(view, str) else dict(view or {})
            return {"ok": True, "view": {**view, "id": f"V{n}"}}
        if method == "conversations.members":
            members = self.members.get(channel, [])
            start = int(params.get("cursor") or 0)
            limit = int(params.get("limit") or 100)
            page = members[start:start + limit]
            more = start + limit < len(members)
            return {"ok": True, "members": page,
                    "response_metadata": {"next_cursor": str(start + limit) if more else ""}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": True}

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else {}
        await self._note(Call("response_url", {**body, "path": request.match_info["tail"]}))
        return web.Response(text="ok", content_type="text/plain")

    async def _stats(self, request: web.Request) -> web.Response:
        return web.json_response({"counts": dict(self.counts)})

    # Socket Mode

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
                await self._note(Call("socket_ack", json.loads(message.data)))
        self.sockets.remove(ws)
        return ws

    async def push(self, envelope_type: str, payload: dict[str, Any],
                   envelope_id: str | None = None, timeout: float = 10.0) -> str:
        """Send a Socket Mode envelope to the connected bot; returns its envelope id."""
        deadline = time.monotonic() + timeout
        while not self.sockets:
            if time.monotonic() > deadline:
                raise AssertionError("the bot never opened a Socket Mode connection")
            await asyncio.sleep(0.05)
        envelope_id = envelope_id or f"env-{next(self._seq)}"
        await self.sockets[-1].send_str(json.dumps({
            "envelope_id": envelope_id, "type": envelope_type, "payload": payload,
            "accepts_response_payload": envelope_type != "events_api", "retry_attempt": 0,
            "retry_reason": ""}))
        return envelope_id


async def _serve(port: int, latency: float) -> None:
    fake = FakeSlackApi(record=False, latency=latency)
    await fake.start(port)
    print(fake.url, flush=True)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per API call")
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve(args.port, args.latency))
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
