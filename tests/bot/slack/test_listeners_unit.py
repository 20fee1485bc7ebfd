"""Small parts of the Slack side: message text cleaning, /helpdesk parsing, the staff
channel's members (paged, cached, kept when Slack fails), and when Slack mounts anything."""

from __future__ import annotations

import pytest
from aiohttp import web

from bot.bootstrap import build_services
from bot.roles import MemberCache, Roles
from bot.slack.adapter import signed
from bot.slack.listeners import clean_text, helpdesk_text
from bot.slack.messenger import build_client
from bot.slack.staff import channel_members
from handlers.messages import ROLE_ADMIN, ROLE_STAFF
from tests.bot.slack.fake_slack_api import FakeSlackApi
from tests.conftest import make_settings


@pytest.mark.parametrize("raw,expected", [
    ("<@UBOT> Wat is het TS?", "Wat is het TS?"),
    ("<@UBOT|helpdesk>: wat is VT", "wat is VT"),
    ("  <@UBOT>, hoi", "hoi"),
    ("<@UOTHER> wat vind jij?", "@UOTHER wat vind jij?"),
    ("vraag aan <@UBOT>", "vraag aan @UBOT"),
    ("zie <https://example.org/a?b=1&amp;c=2|de site> &amp; <#C1|staf>", "zie de site & #staf"),
    ("<https://example.org> &lt;3 <!here>", "https://example.org <3 @here"),
    ("", ""),
])
def test_clean_text(raw, expected):
    assert clean_text(raw, "UBOT") == expected


@pytest.mark.parametrize("raw,expected", [
    ("", "/help"), ("help", "/help"), ("HULP", "/help"), ("tickets", "/tickets"),
    ("console", "/console"),
    ("claim 3", "/claim 3"), ("close #4", "/close #4"),
    ("claim van de gemeente?", "claim van de gemeente?"),
    ("tickets voor de Meet Up?", "tickets voor de Meet Up?"),
    ("/answer 3 Ja.", "/answer 3 Ja."), ("Wat is VT?", "Wat is VT?"),
])
def test_helpdesk_text(raw, expected):
    assert helpdesk_text(raw) == expected


def test_signature_check_never_raises():
    assert not signed("s", b"\xff", "not-a-number", "v0=1")
    assert not signed("s", b"{}", None, None)
    assert not signed("s", b"{}", "100", "v0=x", now=100 + 301)


@pytest.fixture
async def fake():
    api = FakeSlackApi(members={"CSTAFF": [f"U{n}" for n in range(2500)]})
    await api.start()
    yield api
    await api.stop()


async def test_staff_channel_members_are_paged_cached_and_kept_on_failure(fake):
    now = [0.0]
    settings = make_settings(slack_bot_token="x", slack_api_url=fake.url,
                             slack_staff_ids="UCONF", slack_admin_ids="UADMIN",
                             slack_staff_channel="CSTAFF")
    client = build_client(settings.platform("slack"))
    cache = MemberCache(lambda: channel_members(client, "CSTAFF"), clock=lambda: now[0])
    roles = Roles(settings.platforms(), {"slack": cache})
    assert await roles.resolve("slack", "U2499") == {ROLE_STAFF}
    assert len(fake.calls_to("conversations.members")) == 3, "paginated"
    assert await roles.resolve("slack", "UOUT") == frozenset()
    assert await roles.resolve("slack", "UADMIN") == {ROLE_STAFF, ROLE_ADMIN}
    assert await roles.resolve("teams", "U1") == frozenset(), "per platform"
    assert len(fake.calls_to("conversations.members")) == 3, "cached"
    now[0] = 61
    fake.script("conversations.members", error="channel_not_found")
    assert await roles.resolve("slack", "U1") == {ROLE_STAFF}, "the last known list is kept"
    assert await roles.resolve("slack", "UCONF") == {ROLE_STAFF}
    now[0] = 72
    fake.members["CSTAFF"] = ["UNEW"]
    assert await roles.resolve("slack", "UNEW") == {ROLE_STAFF}
    assert await roles.resolve("slack", "U1") == frozenset()
    await client.session.close() if client.session else None


@pytest.mark.parametrize("settings,mounted", [
    ({}, None),
    ({"slack_bot_token": "xoxb"}, None),
    ({"slack_signing_secret": "s"}, None),
    ({"slack_bot_token": "xoxb", "slack_signing_secret": "s"}, True),
    ({"slack_bot_token": "xoxb", "slack_app_token": "xapp"}, False),
])
def test_slack_is_mounted_only_when_configured(database_url, triage, settings, mounted):
    services = build_services(make_settings(database_url=database_url, **settings),
                              triage=triage)
    app = web.Application()
    for platform in services.platforms.values():
        platform.mount(app)
    routes = {r.resource.canonical for r in app.router.routes()}
    assert ("/slack/events" in routes) is bool(mounted)
    assert ("slack" in services.platforms) is (mounted is not None)
    services.db.dispose()
