"""Bootstrap wires everything once, from the registries: the platforms that are on,
their messengers in the outbox worker, their channels per queue, the roles."""

from __future__ import annotations

import pytest

from bot.bootstrap import build_services, destinations_from, enabled_platforms
from handlers.queues import Queue
from tests.conftest import make_settings

CONFIGURED = dict(slack_bot_token="xoxb-test", slack_signing_secret="s",
                  slack_api_url="http://127.0.0.1:9/api/", slack_staff_channel="CSTAFF",
                  slack_team_channel="CTEAM", microsoft_app_id="app-id",
                  microsoft_app_password="secret", teams_staff_channel="19:staff")


@pytest.fixture
def built(database_url, triage):
    made = []

    def make(**settings):
        services = build_services(make_settings(database_url=database_url, **settings),
                                  triage=triage)
        made.append(services)
        return services

    yield make
    for services in made:
        services.db.dispose()


def test_nothing_configured_means_no_platform_and_no_messenger(built):
    services = built()
    assert services.platforms == {} and services.worker.messengers == {}
    assert services.destinations.for_queue(Queue.LEGAL) == {}


def test_configured_platforms_are_built_with_their_messengers(built):
    services = built(**CONFIGURED)
    assert sorted(services.platforms) == ["slack", "teams"]
    assert {n: m.platform for n, m in services.worker.messengers.items()} == {
        "slack": "slack", "teams": "teams"}
    assert services.pipeline.platforms == services.platforms
    slack = services.platforms["slack"]
    assert str(slack.client.base_url) == "http://127.0.0.1:9/api/"


def test_queue_channels_come_from_each_platform_with_a_fallback():
    settings = make_settings(**CONFIGURED)
    names = enabled_platforms(settings)
    destinations = destinations_from(settings, names)
    assert destinations.for_queue(Queue.LEGAL) == {"slack": "CSTAFF", "teams": "19:staff"}
    assert destinations.for_queue(Queue.TEAM) == {"slack": "CTEAM", "teams": "19:staff"}
    only_slack = destinations_from(settings, ["slack"])
    assert only_slack.for_queue(Queue.LEGAL) == {"slack": "CSTAFF"}


def test_the_shell_is_never_started_by_serve_or_clock():
    assert "shell" not in enabled_platforms(make_settings())
    assert enabled_platforms(make_settings(teams_allow_unauthenticated=True)) == ["teams"]
