"""Drive the real web app over HTTP on 127.0.0.1 the way Slack does: signed requests
built from the real payloads in payloads/ (copied from the bolt-python and
python-slack-sdk test suites; see payloads/README.md), with the Slack Web API
replaced by `FakeSlackApi`.

`SlackHarness` starts both, builds events, slash commands, clicks and modal
submissions, and signs them with slack_sdk's `SignatureVerifier`.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from bot.bootstrap import Services, build_services
from bot.web import create_web_app
from storage.inbox_models import InboxEvent
from storage.models import Ticket
from storage.outbox_models import OutboxMessage
from tests.bot.slack.fake_slack_api import BOT_USER, FakeSlackApi
from tests.conftest import make_settings

PAYLOADS = Path(__file__).resolve().parent / "payloads"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
STAFF_CHANNEL = "CSTAFF"
STAFF_USER = "USTAFF"
"""Staff by configuration (SLACK_STAFF_IDS)."""
MEMBER_USER = "UMEMBER"
"""Staff by membership of the staff channel (conversations.members)."""
ASKER = "UASKER"
CHANNEL = "CGENERAL"
LEGAL_QUESTION = ("Mag ik zonder toestemming gegevens delen met de Raad voor de "
                  "Kinderbescherming? BSN 111222333")


def payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


class SlackHarness:
    def __init__(self, database_url: str, triage: Any, run_worker: bool = True, **settings: Any):
        self.database_url = database_url
        self.triage = triage
        self.run_worker = run_worker
        self.overrides = settings
        self.fake = FakeSlackApi(members={STAFF_CHANNEL: [STAFF_USER, MEMBER_USER, BOT_USER]})
        self.verifier = SignatureVerifier(SECRET)
        self._ids = itertools.count(1)
        self.services: Services | None = None
        self._runner: web.AppRunner | None = None
        self.session: aiohttp.ClientSession | None = None
        self.base = ""

    async def start(self) -> SlackHarness:
        await self.fake.start()
        settings = make_settings(
            database_url=self.database_url, slack_bot_token="xoxb-test-token",
            slack_signing_secret=SECRET, slack_api_url=self.fake.url,
            slack_staff_channel=STAFF_CHANNEL, slack_staff_ids=STAFF_USER,
            outbox_poll_seconds=0.2, **self.overrides)
        self.services = build_services(settings, triage=self.triage)
        self.app = create_web_app(settings, self.services, run_worker=self.run_worker)
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        self.session = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self._runner is not None:
            await self._runner.cleanup()
        await self.fake.stop()

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):05d}"

    # Sending

    def signed_headers(self, raw: str, timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        return {"X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": self.verifier.generate_signature(timestamp=ts, body=raw)}

    async def post(self, raw: str, content_type: str, headers: dict[str, str] | None = None,
                   sign: bool = True) -> tuple[int, str, dict[str, str]]:
        all_headers = {"Content-Type": content_type,
                       **(self.signed_headers(raw) if sign else {}), **(headers or {})}
        async with self.session.post(f"{self.base}/slack/events", data=raw.encode("utf-8"),
                                     headers=all_headers) as response:
            return response.status, await response.text(), dict(response.headers)

    async def send_event(self, body: dict[str, Any], **headers: str) -> tuple[int, str]:
        status, text, _ = await self.post(json.dumps(body), "application/json", headers)
        return status, text

    async def send_command(self, fields: dict[str, Any]) -> tuple[int, str]:
        status, text, _ = await self.post(urllib.parse.urlencode(fields),
                                          "application/x-www-form-urlencoded")
        return status, text

    async def send_interaction(self, body: dict[str, Any]) -> tuple[int, str]:
        raw = "payload=" + urllib.parse.quote(json.dumps(body))
        status, text, _ = await self.post(raw, "application/x-www-form-urlencoded")
        return status, text

    # Building requests from the real payloads

    def _event(self, name: str, event: dict[str, Any], event_id: str | None) -> dict[str, Any]:
        body = payload(name)
        body["event"].update(event)
        body["event_id"] = event_id or self.next_id("Ev")
        body["event_time"] = int(time.time())
        body.pop("authed_users", None)
        return body

    def mention(self, text: str, user: str = ASKER, channel: str = CHANNEL,
                event_id: str | None = None, thread_ts: str | None = None) -> dict[str, Any]:
        ts = f"{int(time.time())}.{next(self._ids):06d}"
        event = {"text": f"<@{BOT_USER}> {text}", "user": user, "channel": channel, "ts": ts,
                 "event_ts": ts}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self._event("app_mention.bolt-python", event, event_id)

    def dm(self, text: str, user: str = ASKER, channel: str = "DASKER",
           event_id: str | None = None, **extra: Any) -> dict[str, Any]:
        ts = f"{int(time.time())}.{next(self._ids):06d}"
        event = {"text": text, "user": user, "channel": channel, "ts": ts, "event_ts": ts,
                 **extra}
        return self._event("message_im.bolt-python", event, event_id)

    def home_opened(self, user: str, tab: str = "home") -> dict[str, Any]:
        name = "app_home_opened" if tab == "home" else "app_home_opened_messages_tab"
        return self._event(f"{name}.bolt-python", {"user": user}, None)

    def command(self, command: str, text: str, user: str = ASKER,
                channel: str = CHANNEL) -> dict[str, Any]:
        fields = payload("slash_command.bolt-python")
        fields.update(command=command, text=text, user_id=user, channel_id=channel,
                      user_name=user.lower(), trigger_id=self.next_id("trig."),
                      response_url=self.fake.hook_url(f"commands/T111/{next(self._ids)}/x"))
        return fields

    def click(self, button: dict[str, Any], user: str, channel: str, message_ts: str,
              thread_ts: str | None = None, ephemeral: bool = False) -> dict[str, Any]:
        body = copy.deepcopy(payload("block_actions.bolt-python"))
        body["user"].update(id=user, username=user.lower(), name=user.lower())
        body["container"].update(message_ts=message_ts, channel_id=channel,
                                 is_ephemeral=ephemeral)
        body["channel"] = {"id": channel, "name": "channel"}
        body["trigger_id"] = self.next_id("trig.")
        body["response_url"] = self.fake.hook_url(f"actions/T111/{next(self._ids)}/x")
        if not ephemeral:
            body["message"] = {"type": "message", "ts": message_ts, "text": "...",
                               **({"thread_ts": thread_ts} if thread_ts else {})}
        body["actions"] = [{**{k: button[k] for k in ("action_id", "value", "text")},
                            "block_id": "b", "type": "button", "action_ts": str(time.time())}]
        return body

    def submission(self, opened_view: dict[str, Any], user: str, text: str) -> dict[str, Any]:
        body = copy.deepcopy(payload("view_submission.bolt-python"))
        body["user"].update(id=user, username=user.lower(), name=user.lower())
        view = {**body["view"], **opened_view, "id": self.next_id("V")}
        view["state"] = {"values": {"text": {"text": {"type": "plain_text_input",
                                                      "value": text}}}}
        body["view"] = view
        return body

    # Reading the database

    def count(self, model: Any, *where: Any) -> int:
        with self.services.db.session() as session:
            return session.scalar(select(func.count()).select_from(model).where(*where))

    def stored(self) -> dict[str, int]:
        return {"events": self.count(InboxEvent), "tickets": self.count(Ticket),
                "outbox": self.count(OutboxMessage)}


async def eventually(check: Any, timeout: float = 10.0) -> Any:
    """Poll `check()` until it returns something truthy (for state that is not a call)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, f"{check} never became true"
            return result
        await asyncio.sleep(0.05)


def buttons(call: Any) -> list[dict[str, Any]]:
    """The buttons in a recorded chat.* call's blocks."""
    return [element for block in call.params.get("blocks") or []
            if block.get("type") == "actions" for element in block["elements"]]


def button(call: Any, action: str) -> dict[str, Any]:
    for element in buttons(call):
        if json.loads(element["value"])["a"] == action:
            return element
    raise AssertionError(f"no {action} button in {[b['action_id'] for b in buttons(call)]}")


def block_text(call: Any) -> str:
    """All mrkdwn/plain text in a recorded call's blocks."""
    parts = []
    for block in call.params.get("blocks") or []:
        if "text" in block and isinstance(block["text"], dict):
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            if isinstance(element.get("text"), str):
                parts.append(element["text"])
    return "\n".join(parts)
