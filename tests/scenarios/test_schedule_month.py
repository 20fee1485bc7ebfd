"""Three weeks of the clock, hour by hour with a controllable time: admins opt
channels in and curate meetups in chat, the clock is down for a few hours on the
afternoon the walk-in hour is due to be announced, a meetup is cancelled after its
first reminder. Every channel gets every announcement it should, exactly once."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.bootstrap import build_services
from bot.clock import JOB_CATCH_UP, Clock
from handlers.ticket_cards import Destinations
from tests.conftest import make_settings, staff
from tests.fakes import RecordingMessenger

AMS = ZoneInfo("Europe/Amsterdam")
BEGIN = datetime(2026, 11, 23, 10, 17, tzinfo=AMS)
DOWN = (datetime(2026, 12, 2, 12, 0, tzinfo=AMS), datetime(2026, 12, 2, 16, 30, tzinfo=AMS))
END = datetime(2026, 12, 12, 0, 0, tzinfo=AMS)


@pytest.fixture
def world(database_url, triage, tmp_path):
    messenger = RecordingMessenger("shell")
    settings = make_settings(database_url=database_url,
                             walkin_schedule="eerste donderdag 15:00-16:00",
                             walkin_link="https://teams.example/inloop",
                             meetups_file=str(tmp_path / "meetups.yaml"),
                             public_base_url="https://helpdesk.example")
    services = build_services(settings, messengers={"shell": messenger},
                              destinations=Destinations.everywhere({"shell": "staff"}),
                              triage=triage)
    yield services, messenger
    services.db.dispose()


def admin(services, text, conversation="beheer"):
    (reply,) = services.router.handle(staff(text, admin=True, conversation=conversation))
    return reply


async def test_three_weeks_of_announcements(world):
    services, messenger = world
    services.schedule_desk.now = lambda: BEGIN
    admin(services, "/aanmelden", "regio-noord")
    admin(services, "/aanmelden inloopuur", "regio-zuid")
    admin(services, "/meetup add 2026-12-10 14:00 | Meet Up lerende omgeving | "
                    "Lerende omgeving | projectleiders | https://example.org/a")
    admin(services, "/meetup add 2026-12-11 10:00 | Tweede Meet Up | | beleidsmedewerkers")

    moment = [BEGIN]  # the controllable clock every part reads

    def current() -> datetime:
        return moment[0]

    services.schedule_desk.now = current
    now = BEGIN
    clock = Clock(services, now=current)
    await clock.once()
    tick = next(s for s in clock.specs if s.id == JOB_CATCH_UP)
    cancelled = False
    while now < END:
        now += timedelta(hours=1)
        moment[0] = now
        if DOWN[0] <= now < DOWN[1]:
            continue
        if now - timedelta(hours=1) < DOWN[1] <= now:  # back up: a new process
            clock = Clock(services, now=current)
            await clock.once()
        if not cancelled and now >= datetime(2026, 12, 5, 12, tzinfo=AMS):
            reply = admin(services, "/meetup cancel 2026-12-11-tweede-meet-up")
            assert "Een annuleringsbericht gaat naar 1 kanaal" in reply.text
            cancelled = True
        await clock.run_job(tick)
        await services.worker.drain()

    got = Counter((s.target, s.reply.fields.get("occurrence")) for s in messenger.sent)
    assert all(n == 1 for n in got.values()), got
    by_channel: dict[str, list[str]] = {}
    for s in messenger.sent:
        by_channel.setdefault(s.target, []).append(s.reply.fields["occurrence"])
    assert by_channel["regio-zuid"] == ["walkin:2026-12-03T15:00+01:00"]
    assert by_channel["regio-noord"] == [
        "walkin:2026-12-03T15:00+01:00",
        "meetup:2026-12-10-meet-up-lerende-omgeving:7d:2026-12-10T14:00+01:00",
        "meetup:2026-12-11-tweede-meet-up:7d:2026-12-11T10:00+01:00",
        "meetup:2026-12-11-tweede-meet-up:cancelled",
        "meetup:2026-12-10-meet-up-lerende-omgeving:1d:2026-12-10T14:00+01:00",
        "meetup:2026-12-10-meet-up-lerende-omgeving:dag:2026-12-10T14:00+01:00",
    ]
    walkin = next(s for s in messenger.sent if s.target == "regio-zuid")
    assert "donderdag 3 december 2026 van 15:00 tot 16:00 uur" in walkin.reply.text
    assert "https://teams.example/inloop" in walkin.reply.text
    assert set(by_channel) == {"regio-noord", "regio-zuid"}
