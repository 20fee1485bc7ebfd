"""The .ics file of a meetup: RFC 5545 structure, CRLF, escaping, 75-octet folding."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from handlers.ics import escape, fold, meetup_ics
from storage.meetups import MeetupView
from storage.schedule_models import CANCELLED, SCHEDULED

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def meetup(**kw) -> MeetupView:
    fields = dict(id="2026-12-10-lerende-omgeving", title="Meet Up: lerende omgeving; deel 1",
                  starts_at=datetime(2026, 12, 10, 14, tzinfo=AMS), duration_minutes=90,
                  building_blocks=("Lerende omgeving", "Met andere ogen"),
                  audience="projectleiders, regiocontactpersonen", link="https://example.org/a",
                  location="Utrecht, Jaarbeurs", source="chat", status=SCHEDULED, sequence=2,
                  updated_at=NOW)
    fields.update(kw)
    return MeetupView(**fields)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_has_the_required_properties():
    text = meetup_ics(meetup(), NOW, "https://helpdesk.example/meetups/x.ics")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only, no bare LF
    lines = unfold(text)[:-1]
    props = dict(line.split(":", 1) for line in lines)
    assert props["VERSION"] == "2.0" and props["PRODID"]
    assert lines.index("BEGIN:VEVENT") < lines.index("END:VEVENT")
    assert props["UID"] == "meetup-2026-12-10-lerende-omgeving@helpdesk.toekomstscenario"
    assert props["DTSTAMP"] == "20261123T093000Z"
    assert props["DTSTART"] == "20261210T130000Z"  # 14:00 CET
    assert props["DTEND"] == "20261210T143000Z"
    assert props["SUMMARY"] == "Meet Up: lerende omgeving\\; deel 1"
    assert props["LOCATION"] == "Utrecht\\, Jaarbeurs"
    assert props["STATUS"] == "CONFIRMED" and props["SEQUENCE"] == "2"
    assert "Bouwstenen in de kijker: Lerende omgeving\\, Met andere ogen\\n" in props["DESCRIPTION"]
    assert props["URL"] == "https://example.org/a"
    for stamp in ("DTSTAMP", "DTSTART", "DTEND"):
        assert re.fullmatch(r"\d{8}T\d{6}Z", props[stamp])


def test_summer_time_start_is_converted_to_utc():
    text = meetup_ics(meetup(starts_at=datetime(2026, 6, 11, 14, tzinfo=AMS)), NOW)
    assert "DTSTART:20260611T120000Z\r\n" in text


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    title = "Bijeenkomst over één of twee bouwstenen — Zeeuws-Vlaanderen " * 4
    text = meetup_ics(meetup(title=title.strip()), NOW)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    summary = next(line for line in unfold(text) if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + escape(title.strip())


def test_fold_counts_octets_not_characters():
    folded = fold("DESCRIPTION:" + "é" * 80)
    chunks = folded.split("\r\n")
    assert all(len(c.encode()) <= 75 for c in chunks)
    assert all(c.startswith(" ") for c in chunks[1:])
    assert "".join(c[1:] if i else c for i, c in enumerate(chunks)) == "DESCRIPTION:" + "é" * 80


def test_escape_text_values():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_cancelled_meetup_says_so():
    text = meetup_ics(meetup(status=CANCELLED, link="", location="", building_blocks=(),
                             audience=""), NOW, "https://h.example/meetups/x.ics")
    assert "STATUS:CANCELLED\r\n" in text and "URL:https://h.example/meetups/x.ics\r\n" in text
    assert "LOCATION" not in text and "DESCRIPTION" not in text
