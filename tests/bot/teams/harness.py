"""Run the real web app on 127.0.0.1 with a fake Bot Connector, and build
Teams activities from the recorded fixtures in `fixtures/` (copied from
../shared/fixtures/teams, see its README for provenance).

`running_bot(...)` yields a `TeamsHarness`: `send(activity)` POSTs to
/api/messages over HTTP (no Authorization header: the endpoint is opened with
TEAMS_ALLOW_UNAUTHENTICATED unless credentials are given) and then lets the
pipeline handle what was stored, `connector` records what the bot sent, `drain()`
runs the outbox worker once to completion.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from bot.bootstrap import Services, build_services
from bot.web import create_web_app
from handlers.triage import Triage
from tests.bot.teams.fake_connector import FakeConnector
from tests.conftest import make_settings
from tests.fakes import FakeClock

FIXTURES = Path(__file__).parent / "fixtures"
BOT_ID = "28:eac5e5c6-ab14-4f50-80cb-49213fe51b1a"
BOT_NAME = "Helpdesk"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
_ids = itertools.count(1_700_000_000_000)


def fixture(name: str) -> dict[str, Any]:
    """A fresh copy of one recorded activity."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class Answer:
    status: int
    body: Any


class TeamsHarness:
    def __init__(self, services: Services, connector: FakeConnector, url: str,
                 session: aiohttp.ClientSession, clock: FakeClock):
        self.services = services
        self.clock = clock
        """The inbox's and the outbox's clock: `clock.advance(s)` makes retries due."""
        self.connector = connector
        self.url = url
        self.session = session

    def activity(self, name: str, *, keep_id: bool = False, **changes: Any) -> dict[str, Any]:
        """A fixture pointed at the fake connector, with a fresh id and the same bot
        (recipient) everywhere; `changes` replace top-level fields."""
        activity = fixture(name)
        activity["serviceUrl"] = self.connector.service_url
        activity["recipient"] = {"id": BOT_ID, "name": BOT_NAME}
        for entity in activity.get("entities") or []:
            if entity.get("type") == "mention":
                entity["mentioned"] = {"id": BOT_ID, "name": BOT_NAME}
                entity["text"] = f"<at>{BOT_NAME}</at>"
        if not keep_id:
            activity["id"] = str(next(_ids))
        activity.update(copy.deepcopy(changes))
        return activity

    def added_to_team(self) -> dict[str, Any]:
        """The conversationUpdate Teams sends when the app is added to a team: the bot
        itself among the members added; its conversation is the team's channel."""
        added = self.activity("conversation_update_bot_added_to_team.msteams-docs.json")
        added["membersAdded"] = [{"id": added["recipient"]["id"]}]
        return added

    def personal(self, text: str, user: str, conversation: str | None = None) -> dict[str, Any]:
        """A 1:1 message from the user with this AAD object id."""
        return self.activity(
            "message_personal.botbuilder-js-recording.json", text=text,
            **{"from": {"id": f"29:{user}", "name": f"User {user[:4]}", "aadObjectId": user},
               "conversation": {"conversationType": "personal", "tenantId": TENANT,
                                "id": conversation or f"a:personal-{user}"}})

    def mention(self, text: str, user: str, channel: str, root: str | None = None
                ) -> dict[str, Any]:
        """A channel message that @mentions the bot (a new post, or a reply under `root`)."""
        activity = self.activity("message_channel_mention.botbuilder-js-recording.json",
                                 text=f"<at>{BOT_NAME}</at> {text}")
        activity["from"] = {"id": f"29:{user}", "name": f"User {user[:4]}", "aadObjectId": user}
        activity["conversation"]["id"] = f"{channel};messageid={root or activity['id']}"
        activity["channelData"]["channel"]["id"] = channel
        return activity

    def submit(self, data: dict[str, Any], user: str, conversation: str,
               card_id: str = "1:card") -> dict[str, Any]:
        """An Action.Submit press: a message with `value` and no text."""
        activity = self.activity("message_adaptive_card_action_submit.botbuilder-js-recording"
                                 ".json", value=data, replyToId=card_id)
        activity["from"] = {"id": f"29:{user}", "name": f"User {user[:4]}", "aadObjectId": user}
        activity["conversation"]["id"] = conversation
        if not conversation.startswith("19:"):
            activity["conversation"] = {"conversationType": "personal", "tenantId": TENANT,
                                        "id": conversation}
        return activity

    def execute(self, data: dict[str, Any], verb: str, user: str, conversation: str
                ) -> dict[str, Any]:
        """An Action.Execute press: an `adaptiveCard/action` invoke."""
        activity = self.activity("invoke_adaptive_card_action_execute.teams-net.json")
        activity["value"]["action"].update(data=data, verb=verb)
        activity["from"] = {"id": f"29:{user}", "name": f"User {user[:4]}", "aadObjectId": user}
        activity["conversation"]["id"] = conversation
        return activity

    async def send(self, activity: Any, headers: dict[str, str] | None = None,
                   raw: bytes | None = None, handle: bool = True) -> Answer:
        """POST to /api/messages, then (unless `handle=False`) handle what was stored the
        way the web process's pipeline would; the JSON answer (or None) and the status."""
        data = raw if raw is not None else json.dumps(activity).encode()
        async with self.session.post(
                f"{self.url}/api/messages", data=data,
                headers={"Content-Type": "application/json", **(headers or {})}) as response:
            text = await response.text()
            try:
                answer = Answer(response.status, json.loads(text) if text else None)
            except ValueError:
                answer = Answer(response.status, text)
        if handle:
            await self.services.pipeline.drain()
        return answer

    async def drain(self) -> None:
        await self.services.pipeline.drain()
        await self.services.worker.drain()


@asynccontextmanager
async def running_bot(database_url: str, triage: Triage, **settings: Any
                      ) -> AsyncIterator[TeamsHarness]:
    """The whole web app (no background worker) on a free port, and a fake connector."""
    connector = FakeConnector()
    await connector.start()
    if not settings.get("microsoft_app_id"):
        settings.setdefault("teams_allow_unauthenticated", True)
    config = make_settings(database_url=database_url, **settings)
    clock = FakeClock()
    services = build_services(config, triage=triage, now=clock)
    app = create_web_app(config, services, run_worker=False)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    session = aiohttp.ClientSession()
    try:
        yield TeamsHarness(services, connector, str(server.make_url("")).rstrip("/"), session,
                           clock)
    finally:
        await session.close()
        await server.close()
        await connector.close()
        services.db.dispose()
