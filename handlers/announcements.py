"""What the clock announces, to whom, when, and under which idempotency key.

Every scheduled message is an outbox row whose key names the occurrence
("walkin:2026-12-03T15:00+01:00", "meetup:<id>:1d:<start>", "ticket:7:nudge:2"),
one per subscribed conversation. `Announcer.catch_up(now)` enqueues everything
whose send time lies within the grace window [now - grace, now]: run it at start
and on every tick, from any number of processes; the unique key makes repeats
no-ops, and an occurrence older than the grace is never sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger

from handlers.messages import Reply
from handlers.ticket_cards import Destinations, staff_card
from handlers.walkin import Occurrence, WalkinSchedule, format_nl
from storage.outbox import OutboxItem, OutboxRepository
from storage.schedule_models import KIND_MEETUPS, KIND_WALKIN
from storage.subscriptions import SubscriptionRepository
from storage.tickets import TicketRepository, TicketView

log = logging.getLogger(__name__)

CHUNK = 500
MAX_STEPS = 100_000
MIN_GRACE = timedelta(minutes=10)
"""The grace never goes below this: the catch-up tick runs every minute, and a job
runs a moment after its fire time."""


def shift(moment: datetime, delta: timedelta, tz: ZoneInfo) -> datetime:
    """`moment + delta` in local wall-clock time (24 h before 15:00 is 15:00 the day
    before, also across a DST change), as an aware local time."""
    naive = moment.astimezone(tz).replace(tzinfo=None) + delta
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def starts_from(trigger: BaseTrigger, moment: datetime) -> Iterator[datetime]:
    """Fire times of `trigger` at or after `moment`, in order."""
    start = trigger.get_next_fire_time(None, moment)
    steps = 0
    while start is not None and steps < MAX_STEPS:
        yield start
        steps += 1
        start = trigger.get_next_fire_time(start, start + timedelta(seconds=1))


class ShiftedTrigger(BaseTrigger):
    """Fires `before` ahead of every fire time of `inner` (wall-clock), e.g. the
    walk-in announcement 24 hours before each walk-in hour."""

    def __init__(self, inner: BaseTrigger, before: timedelta, timezone: ZoneInfo):
        self.inner, self.before, self.timezone = inner, before, timezone

    def send_time(self, start: datetime) -> datetime:
        return shift(start, -self.before, self.timezone)

    def get_next_fire_time(self, previous_fire_time: datetime | None,
                           now: datetime) -> datetime | None:
        for start in starts_from(self.inner, now):
            send = self.send_time(start)
            if send >= now and (previous_fire_time is None or send > previous_fire_time):
                return send
        return None

    def __str__(self) -> str:
        return f"{self.before} before {self.inner}"


def fan_out(key: str, reply: Reply, targets: list[tuple[str, str]]) -> list[OutboxItem]:
    payload = reply.to_dict()
    return [OutboxItem(key, platform, target, payload) for platform, target in targets]


def enqueue_chunked(outbox: OutboxRepository, items: list[OutboxItem]) -> int:
    return sum(outbox.enqueue(items[i:i + CHUNK]) for i in range(0, len(items), CHUNK))


# --- walk-in hour --------------------------------------------------------------------

def walkin_key(start: datetime, tz: ZoneInfo) -> str:
    return f"walkin:{start.astimezone(tz).isoformat(timespec='minutes')}"


def walkin_reply(occurrence: Occurrence, link: str, tz: ZoneInfo) -> Reply:
    start, end = occurrence.start.astimezone(tz), occurrence.end.astimezone(tz)
    lines = [
        "Maandelijks inloopuur Toekomstscenario",
        f"Het volgende inloopuur is op {format_nl(start)} van {start:%H:%M} tot {end:%H:%M} uur.",
        "Je kunt er terecht met inhoudelijke en juridische vragen uit je regio.",
    ]
    if link:
        lines.append(f"Deelnemen: {link}")
    return Reply(text="\n".join(lines), kind="notice", in_thread=False,
                 fields={"announcement": KIND_WALKIN, "occurrence": walkin_key(start, tz)})


def walkin_announcements(schedule: WalkinSchedule, before: timedelta, after: datetime,
                         until: datetime, limit: int = 1000) -> list[tuple[datetime, Occurrence]]:
    """(send time, walk-in) pairs whose send time lies in [after, until] (at most `limit`)."""
    shifted = ShiftedTrigger(schedule.trigger, before, schedule.timezone)
    found = []
    for start in starts_from(schedule.trigger, after):
        send = shifted.send_time(start)
        if send > until or len(found) >= limit:
            break
        if send >= after:
            found.append((send, Occurrence(start, start + schedule.duration)))
    return found


def due_walkins(schedule: WalkinSchedule, before: timedelta, now: datetime,
                grace: timedelta) -> list[Occurrence]:
    """Walk-in hours to announce now: send time within the grace, not yet over."""
    return [occ for _, occ in walkin_announcements(schedule, before, now - grace, now)
            if now < occ.end]


# --- SLA nudges ----------------------------------------------------------------------

def nudge_items(ticket: TicketView, now: datetime, sla: timedelta,
                destinations: Destinations) -> list[OutboxItem]:
    """The staff card again, headed by a reminder; one key per SLA window."""
    waited = now - ticket.created_at
    window = int(waited / sla)
    card = staff_card(ticket)
    card.text = (f"Herinnering: ticket #{ticket.id} wacht al {int(waited.total_seconds() // 3600)}"
                 f" uur en is nog door niemand opgepakt.\n\n{card.text}")
    payload = card.to_dict()
    key = f"ticket:{ticket.id}:nudge:{window}"
    return [OutboxItem(key, platform, channel, payload)
            for platform, channel in destinations.for_queue(ticket.queue).items()]


class Announcer:
    """Turns the schedule and the database into outbox rows; sends nothing itself."""

    def __init__(self, outbox: OutboxRepository, subscriptions: SubscriptionRepository,
                 tickets: TicketRepository, destinations: Destinations, *,
                 timezone: ZoneInfo, walkin: WalkinSchedule | None = None,
                 announce_before: timedelta = timedelta(hours=24),
                 grace: timedelta = timedelta(hours=6), sla: timedelta = timedelta(hours=24),
                 retention: timedelta = timedelta(days=180), meetups=None):
        self.outbox, self.subscriptions, self.tickets = outbox, subscriptions, tickets
        self.destinations, self.timezone, self.walkin = destinations, timezone, walkin
        self.announce_before, self.grace, self.sla = announce_before, max(grace, MIN_GRACE), sla
        self.retention = retention
        self.meetups = meetups  # handlers.meetups.MeetupPlanner | None

    def announce_walkins(self, now: datetime) -> int:
        if self.walkin is None:
            return 0
        due = due_walkins(self.walkin, self.announce_before, now, self.grace)
        if not due:
            return 0
        targets = self.subscriptions.targets(KIND_WALKIN)
        new = 0
        for occurrence in due:
            key = walkin_key(occurrence.start, self.timezone)
            reply = walkin_reply(occurrence, self.walkin.link, self.timezone)
            added = enqueue_chunked(self.outbox, fan_out(key, reply, targets))
            if added:
                log.info("enqueued %s for %d conversation(s)", key, added)
            new += added
        return new

    def catch_up(self, now: datetime) -> int:
        """Enqueue every announcement due within the grace window; returns new rows."""
        new = self.announce_walkins(now)
        if self.meetups is not None:
            new += self.meetups.remind(now, self.subscriptions.targets(KIND_MEETUPS))
        return new

    def nudge(self, now: datetime) -> int:
        """Re-announce open tickets nobody claimed within the SLA."""
        new = 0
        for ticket in self.tickets.unclaimed_before(now - self.sla, now - self.sla):
            new += self.outbox.enqueue(nudge_items(ticket, now, self.sla, self.destinations))
            self.tickets.mark_nudged(ticket.id, now)
        return new

    def purge(self, now: datetime) -> int:
        count = self.tickets.purge(now - self.retention)
        log.info("retention purge: %d ticket(s) anonymised", count)
        return count
