"""Meetups: reminder times and texts, the curated YAML, and the chat commands
(anyone lists; only admins add and cancel) through the router, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml

from handlers.meetups import DAY_OF, MeetupPlanner, parse_meetups
from storage.meetups import MeetupView
from storage.schedule_models import SCHEDULED
from tests.conftest import contact, staff

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
ADD = "/meetup add 2026-12-10 14:00 | Meet Up lerende omgeving | Lerende omgeving, " \
      "Met andere ogen | projectleiders | https://example.org/aanmelden"


def view(start: datetime, **kw) -> MeetupView:
    fields = dict(id="m1", title="Meet Up", starts_at=start, duration_minutes=90,
                  building_blocks=("Lerende omgeving",), audience="projectleiders",
                  link="https://example.org/a", location="online", source="chat",
                  status=SCHEDULED, sequence=0, updated_at=NOW)
    fields.update(kw)
    return MeetupView(**fields)


def planner(**kw) -> MeetupPlanner:
    return MeetupPlanner(None, timezone=AMS, **kw)


def test_reminders_go_days_before_and_on_the_day_at_the_configured_hour():
    start = datetime(2026, 4, 2, 14, tzinfo=AMS)  # CEST; 7 days before is still CET
    reminders = planner(reminder_days=(7, 1), day_of_hour=9).reminders(view(start))
    assert [(r.kind, r.send_at) for r in reminders] == [
        ("7d", datetime(2026, 3, 26, 9, tzinfo=AMS)),
        ("1d", datetime(2026, 4, 1, 9, tzinfo=AMS)),
        (DAY_OF, datetime(2026, 4, 2, 9, tzinfo=AMS)),
    ]
    assert reminders[0].send_at.utcoffset() == timedelta(hours=1)
    assert reminders[2].send_at.utcoffset() == timedelta(hours=2)
    assert [r.key for r in reminders] == [
        "meetup:m1:7d:2026-04-02T14:00+02:00", "meetup:m1:1d:2026-04-02T14:00+02:00",
        "meetup:m1:dag:2026-04-02T14:00+02:00"]


def test_an_early_meetup_is_reminded_an_hour_before_on_the_day():
    start = datetime(2026, 12, 10, 9, 30, tzinfo=AMS)
    day_of = planner(day_of_hour=9).reminders(view(start))[-1]
    assert day_of.kind == DAY_OF and day_of.send_at == datetime(2026, 12, 10, 8, 30, tzinfo=AMS)


def test_reminder_texts_are_dutch_with_details_and_calendar_link():
    p = planner(base_url="https://helpdesk.example/")
    reminders = p.reminders(view(datetime(2026, 12, 10, 14, tzinfo=AMS)))
    texts = [p.reminder_reply(r).text for r in reminders]
    assert texts[0].startswith("Herinnering Meet Up: Meet Up\nOver 7 dagen: donderdag 10 "
                               "december 2026 van 14:00 tot 15:30 uur.")
    assert "Morgen:" in texts[1] and "Vandaag:" in texts[2]
    for text in texts:
        assert "Bouwstenen in de kijker: Lerende omgeving" in text
        assert "Voor: projectleiders" in text and "Locatie: online" in text
        assert "Aanmelden en deelnemen: https://example.org/a" in text
        assert "In je agenda: https://helpdesk.example/meetups/m1.ics" in text
    assert "In je agenda" not in planner().reminder_reply(reminders[0]).text


def test_the_shipped_yaml_has_no_events():
    from bot.clock import MEETUPS_FILE

    data = yaml.safe_load(MEETUPS_FILE.read_text(encoding="utf-8"))
    assert parse_meetups(data, AMS) == ([], [])


def test_yaml_entries_are_parsed_and_checked():
    data = yaml.safe_load("""
meetups:
  - id: 2026-12-10-lerende-omgeving
    title: Meet Up lerende omgeving
    starts: "2026-12-10 14:00"
    duration_minutes: 120
    building_blocks: [Lerende omgeving, Met andere ogen]
    audience: projectleiders
    link: https://example.org/a
    location: online
  - id: zomer
    title: Zomer
    starts: 2026-06-11T14:00:00
    building_blocks: "a, b"
    cancelled: true
  - {id: Bad Id, title: x, starts: "2026-12-10 14:00"}
  - {id: no-title, starts: "2026-12-10 14:00"}
  - {id: bad-date, title: x, starts: "morgen"}
  - {id: bad-link, title: x, starts: "2026-12-10 14:00", link: "ftp://x"}
  - {id: zomer, title: dubbel, starts: "2026-12-10 14:00"}
""")
    specs, problems = parse_meetups(data, AMS)
    assert [s.id for s in specs] == ["2026-12-10-lerende-omgeving", "zomer"]
    first, second = specs
    assert first.starts_at == datetime(2026, 12, 10, 13, tzinfo=UTC)
    assert first.duration_minutes == 120 and first.building_blocks == (
        "Lerende omgeving", "Met andere ogen")
    assert second.starts_at == datetime(2026, 6, 11, 12, tzinfo=UTC) and second.cancelled
    assert second.building_blocks == ("a", "b")
    assert len(problems) == 5 and any("duplicate" in p for p in problems)
    assert parse_meetups({"meetups": "x"}, AMS) == ([], ["'meetups' must be a list"])


# --- commands through the router (both databases) ------------------------------------

@pytest.fixture
def desk(services):
    services.schedule_desk.now = lambda: NOW
    return services


def say(services, incoming):
    replies = services.router.handle(incoming)
    assert len(replies) == 1
    return replies[0]


def test_anyone_lists_meetups(desk):
    reply = say(desk, contact("/meetups"))
    assert "geen Meet Ups gepland" in reply.text and "/meetup add" not in reply.text
    say(desk, staff(ADD, admin=True))
    reply = say(desk, contact("/meetups"))
    assert "Meet Up lerende omgeving (id: 2026-12-10-meet-up-lerende-omgeving)" in reply.text
    assert "donderdag 10 december 2026 van 14:00 tot 15:30 uur" in reply.text
    assert reply.private
    assert "/meetup add" in say(desk, staff("/meetups", admin=True)).text
    assert "Meet Up lerende omgeving" in say(desk, contact("/bijeenkomsten")).text


def test_only_admins_add_and_cancel(desk):
    for text in (ADD, "/meetup cancel x"):
        for who in (contact(text), staff(text)):
            reply = say(desk, who)
            assert reply.kind == "error" and "Alleen beheerders" in reply.text
    assert desk.meetups.upcoming(NOW) == []


def test_admin_adds_a_meetup(desk):
    reply = say(desk, staff(ADD + " | Utrecht", admin=True))
    assert reply.kind == "notice" and "id: 2026-12-10-meet-up-lerende-omgeving" in reply.text
    (m,) = desk.meetups.upcoming(NOW)
    assert m.starts_at == datetime(2026, 12, 10, 13, tzinfo=UTC)
    assert m.building_blocks == ("Lerende omgeving", "Met andere ogen")
    assert (m.audience, m.link, m.location) == (
        "projectleiders", "https://example.org/aanmelden", "Utrecht")
    say(desk, staff("/meetup add 10-12-2026 9.30-11.00 | Ochtend", admin=True))
    morning = desk.meetups.get("2026-12-10-ochtend")
    assert morning.duration_minutes == 90 and morning.starts_at.astimezone(AMS).hour == 9
    assert morning.building_blocks == () and morning.link == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("/meetup add", "Gebruik: /meetup add"),
    ("/meetup add 2026-12-10 14:00", "Gebruik: /meetup add"),
    ("/meetup add morgen 14:00 | Titel", "Datum en tijd niet herkend"),
    ("/meetup add 2026-02-30 14:00 | Titel", "bestaat niet"),
    ("/meetup add 2026-12-10 25:00 | Titel", "bestaat niet"),
    ("/meetup add 2026-12-10 14:00-13:00 | Titel", "eindtijd"),
    ("/meetup add 2026-11-01 14:00 | Titel", "verleden"),
    ("/meetup add 2026-12-10 14:00 | Titel | | | www.example.org", "https://"),
    ("/meetup add 2026-12-10 14:00 | " + "x" * 201, "te lang"),
    ("/meetup cancel", "Gebruik: /meetup cancel"),
    ("/meetup verplaats x", "Dat ken ik niet"),
])
def test_usage_errors_are_clear(desk, text, expected):
    reply = say(desk, staff(text, admin=True))
    assert reply.kind == "error" and expected in reply.text and reply.private
    assert desk.meetups.upcoming(NOW) == []


def test_admin_cancels_a_meetup(desk):
    say(desk, staff(ADD, admin=True))
    reply = say(desk, staff("/meetup cancel 2026-12-10-meet-up-lerende-omgeving", admin=True))
    assert "is geannuleerd" in reply.text and "annuleringsbericht" not in reply.text
    assert desk.meetups.upcoming(NOW) == []
    again = say(desk, staff("/meetup cancel 2026-12-10-meet-up-lerende-omgeving", admin=True))
    assert "al geannuleerd" in again.text
    missing = say(desk, staff("/meetup cancel bestaat-niet", admin=True))
    assert missing.kind == "error" and "geen Meet Up" in missing.text


def test_help_mentions_the_commands(desk):
    assert "/meetups" in say(desk, contact("/help")).text
    assert "/aanmelden" not in say(desk, contact("/help")).text
    assert "/aanmelden" in say(desk, staff("/help", admin=True)).text
