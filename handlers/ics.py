"""An iCalendar (RFC 5545) file for one meetup, written by hand: CRLF line
endings, text escaped, lines folded at 75 octets, times in UTC (`Z`), so no
VTIMEZONE block is needed."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.meetups import details
from storage.meetups import MeetupView

PRODID = "-//Toekomstscenario//Regionale helpdesk//NL"
UID_DOMAIN = "helpdesk.toekomstscenario"
MAX_OCTETS = 75


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8
    character; continuation lines start with one space (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meetup_uid(meetup_id: str) -> str:
    return f"meetup-{meetup_id}@{UID_DOMAIN}"


def meetup_ics(meetup: MeetupView, now: datetime, url: str = "") -> str:
    """The whole VCALENDAR text (one VEVENT); `url` is where this file lives."""
    description = details(meetup, "")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{meetup_uid(meetup.id)}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(meetup.starts_at)}",
        f"DTEND:{utc_stamp(meetup.ends_at)}",
        f"SEQUENCE:{meetup.sequence}",
        f"LAST-MODIFIED:{utc_stamp(meetup.updated_at)}",
        f"SUMMARY:{escape(meetup.title)}",
        f"STATUS:{'CANCELLED' if meetup.cancelled else 'CONFIRMED'}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(chr(10).join(description))}")
    if meetup.location:
        lines.append(f"LOCATION:{escape(meetup.location)}")
    if meetup.link or url:
        lines.append(f"URL:{meetup.link or url}")
    if meetup.building_blocks:
        lines.append("CATEGORIES:" + ",".join(escape(b) for b in meetup.building_blocks))
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
