"""Console fixtures: the real web app (Slack mounted, fake Slack Web API) with staff,
curators and an admin configured, and a way to sign in over HTTP."""

from __future__ import annotations

import pytest

from tests.bot.console.client import ConsoleClient
from tests.bot.slack.harness import SlackHarness

ADMIN = "UADMIN"
CURATOR_A = "UCURA"
CURATOR_B = "UCURB"
CONTACT = "UCONTACT"


@pytest.fixture
async def console(database_url, triage):
    harness = await SlackHarness(database_url, triage, slack_admin_ids=ADMIN,
                                 slack_curator_ids=f"{CURATOR_A},{CURATOR_B}").start()
    yield harness
    await harness.stop()


@pytest.fixture
async def client(console):
    browser = ConsoleClient.new(console.base)
    yield browser
    await browser.close()
