"""`helpdesk schedule` (what the clock will do next, in local time) and
`helpdesk meetups list|sync|ics <id>`."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.bootstrap import build_services
from bot.clock import JOB_CATCH_UP, JOB_MEETUPS, JOB_WALKIN, build_announcer, job_specs
from bot.clock import sync_meetups as sync_meetups_file
from bot.config import Settings
from handlers.announcements import walkin_announcements
from handlers.ics import meetup_ics
from handlers.meetups import ics_url
from storage.models import utcnow


def _at(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z")


def run_schedule(settings: Settings, now: datetime | None = None, count: int = 3,
                 stdout: TextIO | None = None) -> int:
    """The next occurrences of every clock job, in local time."""
    stdout = stdout or sys.stdout
    tz = ZoneInfo(settings.timezone)
    now = now or utcnow()
    services = build_services(settings, platforms=[])
    try:
        announcer = build_announcer(services)
        specs = {s.id: s for s in job_specs(settings, announcer)}
        subs = services.subscriptions.all()
        out = [f"Clock schedule, {settings.timezone}; now {_at(now, tz)}",
               f"Subscribed conversations: {len(subs)} "
               f"(walk-in {sum('walkin' in s.kinds for s in subs)}, "
               f"meetups {sum('meetups' in s.kinds for s in subs)})", ""]
        walkin = announcer.walkin
        if walkin is None:
            out += ["Walk-in hour: not scheduled (WALKIN_SCHEDULE is not set), so no "
                    "announcement job.", ""]
        else:
            out.append(f"Walk-in hour ({walkin.rule}, {walkin.duration.seconds // 60} min; "
                       f"job {JOB_WALKIN}):")
            horizon = now + timedelta(days=400)
            found = walkin_announcements(walkin, announcer.announce_before, now, horizon, count)
            for send, occ in found:
                start, end = occ.start.astimezone(tz), occ.end.astimezone(tz)
                out.append(f"  announcement {_at(send, tz)}  ->  walk-in hour "
                           f"{start:%a %Y-%m-%d %H:%M}-{end:%H:%M %Z}")
            out.append(f"  link: {walkin.link or '(WALKIN_LINK is not set)'}")
            out.append("")
        reminders = announcer.meetups.upcoming_reminders(now) if announcer.meetups else []
        out.append(f"Meetup reminders ({', '.join(f'{d}d' for d in settings.meetup_reminder_days)}"
                   f" and on the day at {settings.meetup_day_of_hour:02d}:00; "
                   f"job {JOB_MEETUPS}):")
        if not reminders:
            out.append("  none: no upcoming meetups (/meetup add, or knowledge/meetups.yaml)")
        for reminder in reminders[:max(count, 10)]:
            m = reminder.meetup
            out.append(f"  {reminder.kind:>4} {_at(reminder.send_at, tz)}  {m.title} "
                       f"({m.id}, {_at(m.starts_at, tz)})")
        out.append("")
        out.append("Other jobs:")
        for job_id, spec in specs.items():
            if job_id in (JOB_WALKIN, JOB_MEETUPS):
                continue
            nxt = spec.trigger.get_next_fire_time(None, now.astimezone(tz))
            out.append(f"  {job_id}: {spec.description}; next {_at(nxt, tz) if nxt else '-'}")
        if JOB_CATCH_UP in specs:
            out.append(f"Missed announcements are sent if the clock is back within "
                       f"{settings.misfire_grace_hours} h of their send time, never later.")
        stdout.write("\n".join(out) + "\n")
    finally:
        services.db.dispose()
    return 0


def run_meetups(settings: Settings, command: str, meetup_id: str | None = None,
                out: str | None = None, stdout: TextIO | None = None) -> int:
    """`helpdesk meetups list | sync | ics <id> [--out FILE]`."""
    stdout = stdout or sys.stdout
    tz = ZoneInfo(settings.timezone)
    services = build_services(settings, platforms=[])
    try:
        if command == "sync":
            result = sync_meetups_file(services)
            stdout.write(f"meetups: {len(result.added)} added, {len(result.updated)} updated, "
                         f"{len(result.unchanged)} unchanged, {len(result.to_cancel)} cancelled"
                         f", {len(result.skipped)} skipped\n")
            return 0
        if command == "list":
            meetups = services.meetups.upcoming(utcnow(), include_cancelled=True)
            if not meetups:
                stdout.write("no upcoming meetups\n")
            for m in meetups:
                state = " [cancelled]" if m.cancelled else ""
                stdout.write(f"{m.id}  {_at(m.starts_at, tz)}  {m.title}{state}\n")
            return 0
        meetup = services.meetups.get(meetup_id or "")
        if meetup is None:
            sys.stderr.write(f"helpdesk: no meetup with id {meetup_id!r}\n")
            return 1
        text = meetup_ics(meetup, utcnow(), ics_url(meetup.id, settings.public_base_url))
        if out:
            Path(out).write_bytes(text.encode("utf-8"))
            stdout.write(f"wrote {out}\n")
        else:
            stdout.write(text)
        return 0
    finally:
        services.db.dispose()
