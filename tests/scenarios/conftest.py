"""Scenario fixtures: the real web app with a fake Slack Web API, on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.bot.slack.harness import SlackHarness


@pytest.fixture
async def slack(database_url, triage):
    harness = await SlackHarness(database_url, triage).start()
    yield harness
    await harness.stop()
