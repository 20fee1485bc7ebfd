"""Slack end to end: what must be refused is refused before anything is stored or sent
(bad signature, stale timestamp, malformed body), and the URL check is answered."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from tests.bot.slack.harness import LEGAL_QUESTION, SECRET, payload

NOTHING = {"events": 0, "tickets": 0, "outbox": 0}


async def _settle(slack) -> None:
    """Give anything that (wrongly) started in the background the time to show."""
    await slack.send_event(slack.dm("Wanneer is het inloopuur?", channel="DBARRIER",
                                    event_id="EvBarrier"))
    await slack.fake.wait_for("chat.postMessage", channel="DBARRIER")


async def test_a_bad_signature_is_refused_and_nothing_is_stored(slack):
    raw = json.dumps(slack.mention(LEGAL_QUESTION))
    headers = slack.signed_headers(raw)
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    status, _, _ = await slack.post(raw, "application/json", headers, sign=False)
    assert status == 401
    status, _, _ = await slack.post(raw, "application/json", sign=False)
    assert status == 401
    assert slack.stored() == NOTHING
    assert not slack.fake.calls, "not even auth.test"


async def test_a_stale_timestamp_is_refused_even_when_correctly_signed(slack):
    raw = json.dumps(slack.mention(LEGAL_QUESTION))
    old = int(time.time()) - 6 * 60
    status, _, _ = await slack.post(raw, "application/json", slack.signed_headers(raw, old),
                                    sign=False)
    assert status == 401
    assert slack.stored() == NOTHING
    assert not slack.fake.calls


@pytest.mark.parametrize("raw,content_type", [
    ('{"type": "event_callback", "event": ', "application/json"),
    ("[1, 2, 3]", "application/json"),
    ("payload=%7Bnot-json", "application/x-www-form-urlencoded"),
])
async def test_a_malformed_body_is_a_400_when_signed_and_a_401_when_not(slack, raw,
                                                                        content_type):
    status, _, _ = await slack.post(raw, content_type)
    assert status == 400
    status, _, _ = await slack.post(raw, content_type, sign=False)
    assert status == 401
    assert slack.stored() == NOTHING
    assert not slack.fake.calls


async def test_invalid_utf8_is_a_400_when_signed_and_a_401_when_not(slack):
    raw = b'{"type": "event_callback", "x": "\xff"}'
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + raw, hashlib.sha256).hexdigest()
    url = f"{slack.base}/slack/events"
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts}
    async with slack.session.post(url, data=raw, headers={
            **headers, "X-Slack-Signature": f"v0={digest}"}) as response:
        assert response.status == 400
    async with slack.session.post(url, data=raw, headers={
            **headers, "X-Slack-Signature": "v0=00"}) as response:
        assert response.status == 401
    assert slack.stored() == NOTHING


async def test_a_non_numeric_timestamp_is_a_401_not_a_crash(slack):
    raw = json.dumps(slack.mention(LEGAL_QUESTION))
    headers = {**slack.signed_headers(raw), "X-Slack-Request-Timestamp": "yesterday"}
    status, _, _ = await slack.post(raw, "application/json", headers, sign=False)
    assert status == 401


async def test_the_url_verification_challenge_is_answered(slack):
    body = payload("url_verification.bolt-python")
    status, text = await slack.send_event(body)
    assert status == 200
    assert json.loads(text) == {"challenge": body["challenge"]}
    assert slack.stored() == NOTHING


async def test_nothing_stored_for_refused_requests_but_the_next_good_one_works(slack):
    raw = json.dumps(slack.mention(LEGAL_QUESTION))
    await slack.post(raw, "application/json", sign=False)
    await _settle(slack)
    assert slack.stored() == {"events": 1, "tickets": 0, "outbox": 0}
