"""Console fixtures: the real web app (Slack mounted, fake Slack Web API) with staff,
curators and an admin configured, and a way to sign in over HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.models import utcnow
from storage.outbox import OutboxItem, OutboxRepository
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


def failed_delivery(services, key: str, target: str, payload: dict, error: str,
                    status_code: int | None = None) -> None:
    """Leave one announcement row failed, as the console shows it. The row is due
    only in an hour and claimed with a clock an hour ahead, so the harness's own
    delivery worker (polling every 0.2 s) never races the test for it."""
    services.outbox.enqueue([OutboxItem(key, "slack", target, payload,
                                        not_before=utcnow() + timedelta(hours=1))])
    ahead = OutboxRepository(services.outbox.db, lambda: utcnow() + timedelta(hours=2))
    [row] = ahead.claim_due()
    ahead.mark_failed(row.id, error, status_code)
