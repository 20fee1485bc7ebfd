"""TeamsMessenger against the fake Bot Connector: proactive post, in-place update,
private message (with and without a stored personal chat), and how connector
failures become DeliveryErrors for the outbox worker."""

from __future__ import annotations

import socket
import time

import pytest

from bot.bootstrap import build_services
from bot.messenger import DeliveryError
from bot.teams.messenger import TeamsMessenger
from handlers.messages import Choice, Reply
from tests.bot.teams.fake_connector import FakeConnector
from tests.conftest import make_settings

CHANNEL = "19:staff@thread.tacv2"
OTHER_CHANNEL = "19:elsewhere@thread.tacv2"
USER = "9765f8f9-3c98-4fef-8596-7d9895c0931f"
TENANT = "343a7d7e-bc96-43c7-a4a1-eb1beb4376d2"
BOT = {"id": "28:bot", "name": "Helpdesk"}
CARD = Reply(text="Ticket #1 · open\n\nVraag", kind="ticket",
             choices=[Choice("Oppakken", "ticket.claim", "1", "primary")])


def reference(service_url: str, conversation: str, kind: str) -> dict:
    return {"activityId": "1571537152320", "bot": BOT, "channelId": "msteams",
            "serviceUrl": service_url, "user": {"id": "29:u", "aadObjectId": USER},
            "conversation": {"id": conversation, "conversationType": kind, "tenantID": TENANT}}


@pytest.fixture
async def connector():
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def teams(database_url, triage):
    services = build_services(make_settings(database_url=database_url), platforms=["teams"],
                              triage=triage)
    yield services.platforms["teams"].messenger
    services.db.dispose()


def store(messenger: TeamsMessenger, ref: dict, user: str | None = None) -> None:
    scope = ref["conversation"]["conversationType"]
    messenger.references.save("teams", ref["conversation"]["id"], ref, user, scope)


async def test_post_then_update_a_card_in_place(teams, connector):
    store(teams, reference(connector.service_url, CHANNEL, "channel"))
    ref = await teams.post(CHANNEL, CARD)
    [post] = connector.sent("POST")
    assert post.conversation == CHANNEL and post.activity_id is None  # a new post
    assert post.card["actions"][0]["data"] == {"hd_action": "ticket.claim", "hd_value": "1"}
    assert post.body["from"]["id"] == BOT["id"]
    assert "Authorization" not in post.headers
    assert ref == "msg-1"

    await teams.update(CHANNEL, ref, Reply(text="Ticket #1 · opgepakt", kind="ticket"))
    [put] = connector.sent("PUT")
    assert (put.conversation, put.activity_id) == (CHANNEL, ref)
    assert put.text.startswith("Ticket #1 · opgepakt")


async def test_post_into_a_thread(teams, connector):
    store(teams, reference(connector.service_url, CHANNEL, "channel"))
    await teams.post(CHANNEL, Reply(text="hallo"), thread="1571537152320")
    [post] = connector.sent("POST")
    assert post.conversation == f"{CHANNEL};messageid=1571537152320"
    assert post.body["text"] == "hallo" and post.body["textFormat"] == "xml"


async def test_channel_without_its_own_reference_borrows_the_newest(teams, connector):
    store(teams, reference(connector.service_url, OTHER_CHANNEL, "channel"))
    await teams.post(CHANNEL, CARD)
    assert [c.conversation for c in connector.sent("POST")] == [CHANNEL]


async def test_nothing_stored_is_a_permanent_failure(teams, connector):
    with pytest.raises(DeliveryError) as post:
        await teams.post(CHANNEL, CARD)
    with pytest.raises(DeliveryError) as direct:
        await teams.direct(USER, Reply(text="antwoord"))
    assert post.value.permanent and direct.value.permanent
    assert "install the app" in str(direct.value)
    assert connector.calls == []


async def test_direct_uses_the_stored_personal_chat(teams, connector):
    store(teams, reference(connector.service_url, "a:personal", "personal"), user=USER)
    await teams.direct(USER, Reply(text="Je antwoord <b>staat</b> klaar"))
    [post] = connector.sent("POST")
    assert post.conversation == "a:personal" and post.activity_id is None
    assert post.body["text"] == "Je antwoord &lt;b&gt;staat&lt;/b&gt; klaar"
    assert post.body["recipient"]["aadObjectId"] == USER


async def test_direct_creates_the_personal_chat_when_none_is_stored(teams, connector):
    store(teams, reference(connector.service_url, CHANNEL, "channel"))
    await teams.direct(USER, Reply(text="antwoord"))
    [create, post] = connector.sent("POST")
    assert create.conversation is None
    assert create.body["members"] == [{"id": USER}]
    assert create.body["channelData"] == {"tenant": {"id": TENANT}}
    assert create.body["bot"]["id"] == BOT["id"]
    assert post.conversation == "a:created-1"
    stored = teams.references.personal_for("teams", USER)
    assert stored["conversation"]["id"] == "a:created-1"

    await teams.direct(USER, Reply(text="nog een"))  # now stored: no second create
    assert len(connector.created()) == 1


@pytest.mark.parametrize(("status", "permanent"), [
    (403, True), (404, True), (400, True), (412, False), (500, False), (502, False),
    (503, False), (504, False)])
async def test_connector_errors_are_classified(teams, connector, status, permanent):
    store(teams, reference(connector.service_url, CHANNEL, "channel"))
    connector.fail_next("POST", status)
    with pytest.raises(DeliveryError) as failed:
        await teams.post(CHANNEL, CARD)
    assert failed.value.status == status and failed.value.permanent is permanent
    assert len(connector.calls) == 1  # botbuilder's HTTP layer did not retry by itself


async def test_429_reports_retry_after(teams, connector):
    store(teams, reference(connector.service_url, CHANNEL, "channel"))
    connector.fail_next("POST", 429, {"Retry-After": "7"})
    with pytest.raises(DeliveryError) as failed:
        await teams.post(CHANNEL, CARD)
    assert (failed.value.status, failed.value.retry_after, failed.value.permanent) == (
        429, 7.0, False)


async def test_a_failing_update_is_not_retried_inside_the_client(teams, connector):
    # msrest's default policy would retry this PUT three times with sleeps and then
    # raise a RetryError that has lost the status code.
    store(teams, reference(connector.service_url, CHANNEL, "channel"))
    connector.fail_next("PUT", 502, times=5)
    started = time.monotonic()
    with pytest.raises(DeliveryError) as failed:
        await teams.update(CHANNEL, "msg-1", CARD)
    assert failed.value.status == 502 and not failed.value.permanent
    assert len(connector.calls) == 1 and time.monotonic() - started < 1.5


async def test_unreachable_connector_is_retryable(teams):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store(teams, reference(f"http://127.0.0.1:{port}/amer/", CHANNEL, "channel"))
    with pytest.raises(DeliveryError) as failed:
        await teams.post(CHANNEL, CARD)
    assert not failed.value.permanent and failed.value.status is None
