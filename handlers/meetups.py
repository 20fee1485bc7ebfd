"""Meetups: when their reminders go out, what they say, and how curated
events are read from knowledge/meetups.yaml.

Reminders go MEETUP_REMINDER_DAYS days before (default 7 and 1) and on the
day itself, at MEETUP_DAY_OF_HOUR local time (on the day: at the latest an hour
before the start). Each (meetup, reminder kind, start) is one outbox key, so a
rescheduled meetup is reminded again and a repeated run sends nothing new.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.announcements import MIN_GRACE, fan_out, shift
from handlers.messages import Reply
from handlers.walkin import format_nl
from storage.meetups import MeetupRepository, MeetupSpec, MeetupView, reminder_prefix
from storage.outbox import OutboxItem

log = logging.getLogger(__name__)

DAY_OF = "dag"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
MAX_TITLE = 200


@dataclass(frozen=True)
class Reminder:
    meetup: MeetupView
    kind: str  # "7d", "1d", ... or "dag"
    send_at: datetime
    key: str


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def when_text(meetup: MeetupView, tz: ZoneInfo) -> str:
    start, end = local(meetup.starts_at, tz), local(meetup.ends_at, tz)
    return f"{format_nl(start)} van {start:%H:%M} tot {end:%H:%M} uur"


def ics_url(meetup_id: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/meetups/{meetup_id}.ics" if base_url else ""


def details(meetup: MeetupView, base_url: str) -> list[str]:
    lines = []
    if meetup.building_blocks:
        lines.append("Bouwstenen in de kijker: " + ", ".join(meetup.building_blocks))
    if meetup.audience:
        lines.append(f"Voor: {meetup.audience}")
    if meetup.location:
        lines.append(f"Locatie: {meetup.location}")
    if meetup.link:
        lines.append(f"Aanmelden en deelnemen: {meetup.link}")
    if base_url:
        lines.append(f"In je agenda: {ics_url(meetup.id, base_url)}")
    return lines


class MeetupPlanner:
    """Reminder times, texts and enqueueing for the meetups in the database."""

    def __init__(self, meetups: MeetupRepository, *, timezone: ZoneInfo,
                 reminder_days: tuple[int, ...] = (7, 1), day_of_hour: int = 9,
                 grace: timedelta = timedelta(hours=6), base_url: str = ""):
        self.meetups, self.timezone = meetups, timezone
        self.reminder_days = tuple(sorted({d for d in reminder_days if d > 0}, reverse=True))
        self.day_of_hour, self.base_url = day_of_hour, base_url
        self.grace = max(grace, MIN_GRACE)

    def _at_hour(self, day: date) -> datetime:
        naive = datetime.combine(day, time(self.day_of_hour))
        return shift(naive.replace(tzinfo=self.timezone), timedelta(0), self.timezone)

    def reminders(self, meetup: MeetupView) -> list[Reminder]:
        """Every reminder of one meetup, earliest first (also ones in the past)."""
        start = local(meetup.starts_at, self.timezone)
        stamp = start.isoformat(timespec="minutes")
        found = []
        for days in self.reminder_days:
            send = self._at_hour(start.date() - timedelta(days=days))
            found.append(Reminder(meetup, f"{days}d", send,
                                  f"{reminder_prefix(meetup.id)}{days}d:{stamp}"))
        send = min(self._at_hour(start.date()), start - timedelta(hours=1))
        key = f"{reminder_prefix(meetup.id)}{DAY_OF}:{stamp}"
        found.append(Reminder(meetup, DAY_OF, send, key))
        return found

    def upcoming_reminders(self, now: datetime) -> list[Reminder]:
        """Reminders still to go (for `helpdesk schedule`), earliest first."""
        found = [r for m in self.meetups.upcoming(now) for r in self.reminders(m)
                 if r.send_at >= now - self.grace and r.send_at < m.starts_at]
        return sorted(found, key=lambda r: (r.send_at, r.key))

    def due(self, now: datetime) -> list[Reminder]:
        return [r for m in self.meetups.upcoming(now) if now < m.starts_at
                for r in self.reminders(m) if now - self.grace <= r.send_at <= now]

    def remind(self, now: datetime, targets: list[tuple[str, str]]) -> int:
        """Enqueue due reminders for `targets`; returns the new outbox rows."""
        new = 0
        for reminder in self.due(now):
            items = fan_out(reminder.key, self.reminder_reply(reminder), targets)
            for i in range(0, len(items), 500):
                new += self.meetups.enqueue_reminders(
                    reminder.meetup.id, reminder.meetup.starts_at, items[i:i + 500])
        if new:
            log.info("enqueued %d meetup reminder(s)", new)
        return new

    def reminder_reply(self, reminder: Reminder) -> Reply:
        meetup = reminder.meetup
        if reminder.kind == DAY_OF:
            lead = "Vandaag"
        elif reminder.kind == "1d":
            lead = "Morgen"
        else:
            lead = f"Over {reminder.kind[:-1]} dagen"
        lines = [f"Herinnering Meet Up: {meetup.title}",
                 f"{lead}: {when_text(meetup, self.timezone)}."]
        lines += details(meetup, self.base_url)
        return Reply(text="\n".join(lines), kind="notice", in_thread=False,
                     fields={"announcement": "meetup", "occurrence": reminder.key})

    def cancel_notice(self, meetup: MeetupView, targets: list[tuple[str, str]]
                      ) -> list[OutboxItem]:
        text = (f"Gaat niet door: de Meet Up \"{meetup.title}\" van "
                f"{when_text(meetup, self.timezone)} is geannuleerd.")
        key = f"{reminder_prefix(meetup.id)}cancelled"
        return fan_out(key, Reply(text=text, kind="notice", in_thread=False,
                                  fields={"announcement": "meetup", "occurrence": key}), targets)



# --- the curated file ----------------------------------------------------------------

def parse_local(text: str, tz: ZoneInfo) -> datetime:
    """'2026-12-10 14:00' (or '10-12-2026 14.00', ISO with offset) as an aware time."""
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H.%M",
                "%d-%m-%Y %H.%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            naive = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return shift(naive.replace(tzinfo=tz), timedelta(0), tz)
    moment = datetime.fromisoformat(text)  # raises ValueError
    return moment if moment.tzinfo else shift(moment.replace(tzinfo=tz), timedelta(0), tz)


def parse_meetups(data: object, tz: ZoneInfo) -> tuple[list[MeetupSpec], list[str]]:
    """Specs from the loaded YAML (`meetups: [...]`) and the problems found."""
    problems: list[str] = []
    if data is None:
        return [], []
    raw = data.get("meetups") if isinstance(data, dict) else None
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], ["'meetups' must be a list"]
    specs, seen = [], set()
    for n, item in enumerate(raw, 1):
        where = f"meetup {n}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        meetup_id = str(item.get("id", "")).strip()
        title = str(item.get("title", "")).strip()
        if not ID_RE.match(meetup_id):
            problems.append(f"{where}: 'id' must be lower-case letters, digits, - or _")
            continue
        if meetup_id in seen:
            problems.append(f"{where}: duplicate id {meetup_id!r}")
            continue
        seen.add(meetup_id)
        if not title or len(title) > MAX_TITLE:
            problems.append(f"{meetup_id}: 'title' is required (at most {MAX_TITLE} characters)")
            continue
        try:
            starts = item.get("starts")
            start = (shift(starts.replace(tzinfo=starts.tzinfo or tz), timedelta(0), tz)
                     if isinstance(starts, datetime) else parse_local(str(starts or ""), tz))
            duration = int(item.get("duration_minutes", 90))
        except (TypeError, ValueError):
            problems.append(f"{meetup_id}: 'starts' must look like \"2026-12-10 14:00\"")
            continue
        blocks = item.get("building_blocks") or []
        if isinstance(blocks, str):
            blocks = [b.strip() for b in blocks.split(",")]
        link = str(item.get("link") or "").strip()
        if link and not link.startswith(("https://", "http://")):
            problems.append(f"{meetup_id}: 'link' must start with https://")
            continue
        specs.append(MeetupSpec(
            id=meetup_id, title=title, starts_at=start, duration_minutes=max(1, duration),
            building_blocks=tuple(str(b).strip() for b in blocks if str(b).strip()),
            audience=str(item.get("audience") or "").strip(), link=link,
            location=str(item.get("location") or "").strip(),
            cancelled=bool(item.get("cancelled", False))))
    return specs, problems
