"""/api/messages is closed unless Teams is configured, and token checks never stall the
server: with the identity host slow or down, forged tokens get 401 within 10 s while
/healthz keeps answering within a second. Valid Bot Framework tokens (minted by a fake
key host on 127.0.0.1) are accepted; every kind of bad one is refused, and nothing is
stored or sent for a refused request."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import func, select

from bot.bootstrap import build_services
from bot.web import create_web_app
from storage.inbox_models import InboxEvent
from storage.models import ConversationReference
from tests.bot.teams.fake_connector import FakeConnector
from tests.bot.teams.fake_identity import FakeIdentity, new_key
from tests.bot.teams.harness import fixture
from tests.conftest import make_settings

APP_ID = "00000000-0000-0000-0000-0000000000a1"
CONTACT = "6d415fdd-f97e-4f70-ac45-e69601e4ecb2"


@asynccontextmanager
async def serving(database_url, triage, **settings):
    """The whole web app (workers running) and a fake Bot Connector."""
    connector = FakeConnector()
    await connector.start()
    services = build_services(make_settings(database_url=database_url, **settings),
                              triage=triage)
    server = TestServer(create_web_app(services.settings, services), host="127.0.0.1", port=0)
    await server.start_server()
    session = aiohttp.ClientSession()
    try:
        yield services, connector, str(server.make_url("")).rstrip("/"), session
    finally:
        await session.close()
        await server.close()
        await connector.close()


def question(connector: FakeConnector, text: str = "Mag ik gegevens delen met de RvdK?"):
    activity = fixture("message_personal.botbuilder-js-recording.json")
    activity.update(text=text, serviceUrl=connector.service_url, id=str(time.time_ns()))
    activity["from"] = {"id": f"29:{CONTACT}", "aadObjectId": CONTACT, "name": "Contact"}
    activity["conversation"] = {"conversationType": "personal", "id": f"a:{CONTACT}"}
    return activity


async def post(session, base, activity, token: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    async with session.post(f"{base}/api/messages", data=json.dumps(activity),
                            headers=headers) as response:
        await response.read()
        return response.status, time.perf_counter() - started


def stored(services) -> tuple[int, int]:
    with services.db.session() as session:
        return (session.scalar(select(func.count()).select_from(InboxEvent)),
                session.scalar(select(func.count()).select_from(ConversationReference)))


@pytest.mark.parametrize("settings", [
    {},
    {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s", "slack_api_url":
     "http://127.0.0.1:9/api/"},
    {"teams_staff_channel": "19:staff@thread.tacv2", "teams_staff_ids": CONTACT},
])
async def test_without_teams_configured_there_is_no_endpoint(database_url, triage, settings):
    async with serving(database_url, triage, **settings) as (services, connector, base, session):
        status, _ = await post(session, base, question(connector))
        assert status == 404
        await asyncio.sleep(0.3)
        assert stored(services) == (0, 0) and connector.calls == []


async def test_opening_it_unauthenticated_is_explicit_and_loud(database_url, triage, caplog):
    caplog.set_level(logging.WARNING)
    async with serving(database_url, triage, teams_allow_unauthenticated=True) as (
            services, connector, base, session):
        status, _ = await post(session, base, question(connector, "Wat is MAO?"))
        assert status == 200
        for _ in range(100):
            if connector.sent("POST"):
                break
            await asyncio.sleep(0.05)
        assert "Met Andere Ogen" in connector.sent("POST")[0].text
    assert any("ACCEPTS UNAUTHENTICATED" in r.getMessage() and r.levelno == logging.WARNING
               for r in caplog.records)


@pytest.mark.parametrize("host", ["slow", "down"])
async def test_forged_tokens_are_refused_in_time_and_health_stays_quick(database_url, triage,
                                                                        host):
    identity = FakeIdentity(delay=30.0)
    url = await identity.start() if host == "slow" else "http://127.0.0.1:1/v1/.well-known/x"
    async with serving(database_url, triage, microsoft_app_id=APP_ID,
                       microsoft_app_password="secret", teams_openid_metadata_url=url) as (
            services, connector, base, session):
        forged = FakeIdentity().token(APP_ID, connector.service_url)
        attempts = [asyncio.create_task(post(session, base, question(connector), forged))
                    for _ in range(10)]
        await asyncio.sleep(0.3)  # the forged requests now wait for the key host
        for _ in range(3):
            started = time.perf_counter()
            async with session.get(f"{base}/healthz") as response:
                assert response.status == 200
            assert time.perf_counter() - started < 1.0
        results = await asyncio.gather(*attempts)
        assert all(status == 401 for status, _ in results)
        assert max(elapsed for _, elapsed in results) < 10.0
        assert stored(services) == (0, 0) and connector.calls == []
    await identity.close()


async def test_a_valid_token_is_accepted_and_the_keys_are_fetched_once(database_url, triage):
    identity = FakeIdentity()
    async with serving(database_url, triage, microsoft_app_id=APP_ID,
                       microsoft_app_password="secret",
                       teams_openid_metadata_url=await identity.start()) as (
            services, connector, base, session):
        for n in range(3):
            token = identity.token(APP_ID, connector.service_url)
            status, _ = await post(session, base, question(connector, f"Wat is MAO? ({n})"), token)
            assert status == 200
        assert identity.requests == ["metadata", "keys"]
        assert stored(services)[0] == 3
    await identity.close()


async def test_every_kind_of_bad_token_is_refused_and_nothing_is_stored(database_url, triage):
    identity = FakeIdentity()
    async with serving(database_url, triage, microsoft_app_id=APP_ID,
                       microsoft_app_password="secret",
                       teams_openid_metadata_url=await identity.start()) as (
            services, connector, base, session):
        url = connector.service_url
        bad = {
            "no token": None,
            "not a jwt": "not-a-jwt",
            "other audience": identity.token("another-bot", url),
            "other service url": identity.token(APP_ID, "https://evil.example/"),
            "expired": identity.token(APP_ID, url, lifetime=-600),
            "forged signature": identity.token(APP_ID, url, signer=new_key()),
            "unknown key": identity.token(APP_ID, url, kid="nope"),
            "emulator issuer": identity.token(
                APP_ID, url, issuer="https://sts.windows.net/d6d49420-f39b-4df7-a1dc-"
                "d59a935871db/"),
            "unsigned": "eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.",
        }
        for name, token in bad.items():
            status, _ = await post(session, base, question(connector), token)
            assert status == 401, name
        assert stored(services) == (0, 0) and connector.calls == []
    await identity.close()


async def test_a_key_not_endorsed_for_teams_is_refused(database_url, triage):
    identity = FakeIdentity(endorsements=("skype",))
    async with serving(database_url, triage, microsoft_app_id=APP_ID,
                       microsoft_app_password="secret",
                       teams_openid_metadata_url=await identity.start()) as (
            services, connector, base, session):
        status, _ = await post(session, base, question(connector),
                               identity.token(APP_ID, connector.service_url))
        assert status == 401 and stored(services) == (0, 0)
    await identity.close()
