"""`helpdesk schedule`, `helpdesk meetups ...`, `helpdesk clock --once`, the YAML
sync on clock start and GET /meetups/<id>.ics, on both databases."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot import cli
from bot.bootstrap import build_services
from bot.cli_schedule import run_meetups, run_schedule
from bot.clock import Clock
from bot.web import create_web_app
from handlers.ticket_cards import Destinations
from storage.database import describe_url
from storage.meetups import MeetupSpec
from storage.tickets import TicketRepository
from tests.conftest import make_settings
from tests.fakes import RecordingMessenger

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 23, 10, 5, tzinfo=AMS)
YAML = """
meetups:
  - id: lerende-omgeving
    title: Meet Up lerende omgeving
    starts: "2026-12-10 14:00"
    building_blocks: [Lerende omgeving]
    audience: projectleiders
    link: https://example.org/a
"""


@pytest.fixture
def settings(database_url, tmp_path):
    def make(**kw):
        fields = dict(database_url=database_url, meetups_file=str(tmp_path / "meetups.yaml"),
                      public_base_url="https://helpdesk.example")
        fields.update(kw)
        return make_settings(**fields)
    return make


def test_schedule_without_walkin_says_so(settings):
    out = io.StringIO()
    assert run_schedule(settings(), now=NOW, stdout=out) == 0
    text = out.getvalue()
    assert "Walk-in hour: not scheduled (WALKIN_SCHEDULE is not set)" in text
    assert "none: no upcoming meetups" in text
    assert "ticket-sla-check" in text and "next Mon 2026-11-23 10:15 CET" in text
    assert "retention-purge" in text and "next Tue 2026-11-24 04:15 CET" in text


def test_schedule_lists_walkin_and_meetup_reminders_in_local_time(settings):
    s = settings(walkin_schedule="first thursday 15:00-16:00", walkin_link="https://t.example")
    services = build_services(s)
    services.meetups.add(MeetupSpec(title="Meet Up", starts_at=datetime(2026, 12, 10, 14,
                                                                        tzinfo=AMS)), "a")
    services.subscriptions.subscribe("slack", "C1")
    services.db.dispose()
    out = io.StringIO()
    run_schedule(s, now=NOW, count=2, stdout=out)
    text = out.getvalue()
    assert ("announcement Wed 2026-12-02 15:00 CET  ->  walk-in hour Thu 2026-12-03 "
            "15:00-16:00 CET") in text
    assert "walk-in hour Thu 2027-01-07 15:00-16:00 CET" in text
    assert "walk-in hour Thu 2027-02-04" not in text  # --count 2
    assert "  7d Thu 2026-12-03 09:00 CET  Meet Up" in text
    assert "  1d Wed 2026-12-09 09:00 CET" in text and " dag Thu 2026-12-10 09:00 CET" in text
    assert "Subscribed conversations: 1 (walk-in 1, meetups 1)" in text


def test_cli_schedule_and_bad_rule(settings, monkeypatch, capsys):
    s = settings()
    monkeypatch.setenv("DATABASE_URL", s.database_url)
    monkeypatch.setenv("WALKIN_SCHEDULE", "elke maand")
    monkeypatch.chdir(s.meetups_file.rsplit("/", 1)[0])
    assert cli.main(["schedule"]) == 2
    assert "WALKIN_SCHEDULE" in capsys.readouterr().err
    monkeypatch.setenv("WALKIN_SCHEDULE", "eerste donderdag 15:00-16:00")
    assert cli.main(["schedule"]) == 0
    assert "walk-in hour Thu" in capsys.readouterr().out


def test_meetups_sync_list_and_ics(settings, tmp_path):
    s = settings()
    (tmp_path / "meetups.yaml").write_text(YAML, encoding="utf-8")
    out = io.StringIO()
    assert run_meetups(s, "sync", stdout=out) == 0
    assert "1 added" in out.getvalue()
    out = io.StringIO()
    run_meetups(s, "list", stdout=out)
    assert "lerende-omgeving  Thu 2026-12-10 14:00 CET  Meet Up lerende omgeving" in \
        out.getvalue()
    out = io.StringIO()
    assert run_meetups(s, "ics", "lerende-omgeving", stdout=out) == 0
    ics = out.getvalue()
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART:20261210T130000Z\r\n" in ics
    target = tmp_path / "m.ics"
    run_meetups(s, "ics", "lerende-omgeving", str(target), stdout=io.StringIO())
    written = target.read_bytes().decode()
    assert [x for x in written.split("\r\n") if not x.startswith("DTSTAMP")] == [
        x for x in ics.split("\r\n") if not x.startswith("DTSTAMP")]
    assert run_meetups(s, "ics", "nope", stdout=io.StringIO()) == 1


def test_clock_start_syncs_yaml_and_keeps_a_chat_cancellation(settings, tmp_path, triage):
    (tmp_path / "meetups.yaml").write_text(YAML, encoding="utf-8")
    messenger = RecordingMessenger("shell")

    def services():
        return build_services(settings(), messengers={"shell": messenger},
                              destinations=Destinations.everywhere({"shell": "staff"}),
                              triage=triage)

    first = services()
    first.subscriptions.subscribe("shell", "C1")
    seven_days = datetime(2026, 12, 3, 9, 30, tzinfo=AMS)
    asyncio.run(Clock(first, now=lambda: seven_days).once())
    assert [s.reply.fields["occurrence"] for s in messenger.sent] == [
        "meetup:lerende-omgeving:7d:2026-12-10T14:00+01:00"]
    assert "In je agenda: https://helpdesk.example/meetups/lerende-omgeving.ics" in \
        messenger.sent[0].reply.text
    first.schedule_desk.cancel("lerende-omgeving", "shell:admin")
    asyncio.run(first.worker.drain())
    assert messenger.sent[-1].reply.text.startswith("Gaat niet door: de Meet Up")
    first.db.dispose()
    again = services()  # restart: the YAML still lists it, the cancellation stays
    one_day = datetime(2026, 12, 9, 9, 5, tzinfo=AMS)
    asyncio.run(Clock(again, now=lambda: one_day).once())
    assert again.meetups.get("lerende-omgeving").cancelled
    assert len(messenger.sent) == 2
    again.db.dispose()


def test_clock_once_from_the_cli_says_what_it_did(settings, monkeypatch, capsys):
    s = settings(walkin_schedule="first thursday 15:00-16:00")
    services = build_services(s)
    yesterday = TicketRepository(services.db, now=lambda: datetime.now(UTC) - timedelta(days=1))
    yesterday.create(queue="legal", platform="slack", conversation="C", thread=None,
                     asker="U", language="nl", question="Mag dit?", redactions={})
    services.db.dispose()
    for name, value in {"DATABASE_URL": s.database_url, "MEETUPS_FILE": s.meetups_file,
                        "SLACK_BOT_TOKEN": "xoxb-x", "SLACK_STAFF_CHANNEL": "CSTAFF",
                        "SLACK_API_URL": "http://127.0.0.1:9/api/"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(s.meetups_file.rsplit("/", 1)[0])
    assert cli.main(["clock", "--once"]) == 0
    captured = capsys.readouterr()
    # the SLA nudge for the day-old ticket; Slack (a closed port) could not be reached
    assert "enqueued 1 new outbox row(s); delivery attempts 1; outbox now: 1 pending, " \
        "0 sending, 0 sent, 0 failed" in captured.out
    assert f"helpdesk: using database {describe_url(s.database_url)}" in captured.err


async def test_web_serves_the_ics_file(settings):
    s = settings()
    services = await asyncio.to_thread(build_services, s)
    meetup = await asyncio.to_thread(services.meetups.add, MeetupSpec(
        title="Meet Up, deel 1", starts_at=datetime.now(UTC) + timedelta(days=3)), "a")
    app = create_web_app(s, services, run_worker=False)
    async with TestServer(app) as server, aiohttp.ClientSession() as http:
        async with http.get(server.make_url(f"/meetups/{meetup.id}.ics")) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert f'filename="{meetup.id}.ics"' in response.headers["Content-Disposition"]
            body = await response.read()
        assert body.startswith(b"BEGIN:VCALENDAR\r\n") and b"SUMMARY:Meet Up\\, deel 1" in body
        async with http.get(server.make_url("/meetups/nope.ics")) as response:
            assert response.status == 404
    await asyncio.to_thread(services.db.dispose)
