"""SlackMessenger against the fake Web API: what it sends, and how Slack's failures
become retryable or permanent `DeliveryError`s."""

from __future__ import annotations

import time

import pytest

from bot.messenger import DeliveryError
from bot.slack.messenger import SlackMessenger, build_client, split_ref
from handlers.messages import Choice, Reply
from tests.bot.slack.fake_slack_api import FakeSlackApi
from tests.conftest import make_settings


@pytest.fixture
async def fake():
    api = FakeSlackApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def messenger(fake) -> SlackMessenger:
    return SlackMessenger(build_client(make_settings(
        slack_bot_token="xoxb-1", slack_api_url=fake.url.rstrip("/")).platform("slack")))


REPLY = Reply(text="Hallo", choices=[Choice("Ok", "faq.pick", "x")])


async def test_post_update_direct_and_ephemeral_calls(fake, messenger):
    ref = await messenger.post("CSTAFF", REPLY, thread="1.5")
    [call] = fake.calls_to("chat.postMessage")
    assert call.params["channel"] == "CSTAFF" and call.params["thread_ts"] == "1.5"
    assert call.params["blocks"][-1]["elements"][0]["action_id"] == "faq.pick:0"
    assert ref == f"CSTAFF:{call.response['ts']}"
    await messenger.update("CSTAFF", ref, Reply(text="Bijgewerkt"))
    [update] = fake.calls_to("chat.update")
    assert (update.params["channel"], update.params["ts"]) == ("CSTAFF", call.response["ts"])
    dm_ref = await messenger.direct("UASKER", REPLY)
    assert fake.calls_to("chat.postMessage", channel="UASKER")
    assert dm_ref.startswith("DASKER:"), "the DM channel id from the response is kept"
    await messenger.ephemeral("C1", "U1", REPLY, thread="2.0")
    [eph] = fake.calls_to("chat.postEphemeral")
    assert (eph.params["user"], eph.params["thread_ts"]) == ("U1", "2.0")


def test_split_ref():
    assert split_ref("C1", "C9:1.2") == ("C9", "1.2")
    assert split_ref("C1", "1.2") == ("C1", "1.2")


async def test_a_short_429_is_waited_out_inline(fake, messenger):
    fake.script("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    await messenger.post("C1", REPLY)
    assert time.monotonic() - started >= 1.0
    assert len(fake.calls_to("chat.postMessage")) == 2


async def test_a_long_or_persistent_429_becomes_a_retryable_error_with_retry_after(
        fake, messenger):
    fake.script("chat.postMessage", status=429, retry_after=45)
    with pytest.raises(DeliveryError) as info:
        await messenger.post("C1", REPLY)
    assert (info.value.status, info.value.retry_after, info.value.permanent) == (429, 45, False)
    assert len(fake.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize("status,error,permanent", [
    (500, "internal_error", False),
    (503, "service_unavailable", False),
    (200, "fatal_error", False),
    (200, "channel_not_found", True),
    (200, "not_in_channel", True),
    (200, "is_archived", True),
    (200, "account_inactive", True),
    (200, "invalid_auth", True),
    (200, "token_revoked", True),
    (200, "invalid_blocks", True),
    (200, "something_new", False),
])
async def test_slack_errors_are_classified(fake, messenger, status, error, permanent):
    fake.script("chat.postMessage", status=status, error=error)
    with pytest.raises(DeliveryError) as info:
        await messenger.post("C1", REPLY)
    assert info.value.permanent is permanent, error
    assert error in str(info.value)


async def test_an_unreachable_api_is_retryable(fake):
    port = fake.port
    await fake.stop()
    messenger = SlackMessenger(build_client(make_settings(
        slack_bot_token="xoxb-1", slack_api_url=f"http://127.0.0.1:{port}/api/"
    ).platform("slack")))
    with pytest.raises(DeliveryError) as info:
        await messenger.post("C1", REPLY)
    assert info.value.permanent is False


async def test_respond_posts_an_ephemeral_to_the_response_url(fake, messenger):
    await messenger.respond(fake.hook_url("commands/1"), REPLY)
    [call] = fake.calls_to("response_url")
    assert (call.params["response_type"], call.params["path"]) == ("ephemeral", "commands/1")
    with pytest.raises(DeliveryError) as info:
        await messenger.respond(fake.url.replace("/api/", "/gone/"), REPLY)
    assert info.value.permanent and info.value.status == 404
