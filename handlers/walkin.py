"""The monthly walk-in hour (inloopuur): its schedule rule and how to say when
the next one is.

The sources give no date, so the schedule is configuration: a rule such as
"first thursday 15:00-16:00" (Dutch works too: "eerste donderdag 15:00-16:00")
or a five-field cron expression plus a duration. Both become an APScheduler
`CronTrigger` in Europe/Amsterdam, which also drives the announcement job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

_NTH = {
    "first": "1st", "1st": "1st", "eerste": "1st", "1e": "1st",
    "second": "2nd", "2nd": "2nd", "tweede": "2nd", "2e": "2nd",
    "third": "3rd", "3rd": "3rd", "derde": "3rd", "3e": "3rd",
    "fourth": "4th", "4th": "4th", "vierde": "4th", "4e": "4th",
    "last": "last", "laatste": "last",
}
_WEEKDAYS = {
    "monday": "mon", "maandag": "mon", "tuesday": "tue", "dinsdag": "tue",
    "wednesday": "wed", "woensdag": "wed", "thursday": "thu", "donderdag": "thu",
    "friday": "fri", "vrijdag": "fri", "saturday": "sat", "zaterdag": "sat",
    "sunday": "sun", "zondag": "sun",
}
_RULE_RE = re.compile(
    r"^\s*(?P<nth>\w+)\s+(?P<day>\w+)\s+(?P<h1>\d{1,2})[:.](?P<m1>\d{2})\s*[-–]\s*"
    r"(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\s*$",
    re.IGNORECASE,
)
DAYS_NL = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]


_CRON_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def crontab_weekdays(expr: str) -> str:
    """Standard cron numbers the weekday 0-7 from Sunday; APScheduler 3's
    `from_crontab` reads the digits from Monday. Spell them out instead."""
    fields = expr.split()
    if len(fields) != 5 or not re.fullmatch(r"[0-7,\-]+", fields[4]):
        return expr
    parts = []
    for part in fields[4].split(","):
        low, _, high = part.partition("-")
        if not high:
            parts.append(_CRON_DAYS[int(low)])
        elif int(low) in (0, 7):
            high_day = int(high)
            parts.append("mon-sun" if high_day >= 6 else
                         "sun" + (f",mon-{_CRON_DAYS[high_day]}" if high_day else ""))
        else:
            parts.append(f"{_CRON_DAYS[int(low)]}-{_CRON_DAYS[int(high)]}")
    return " ".join(fields[:4] + [",".join(parts)])


class ScheduleRuleError(ValueError):
    """The configured rule cannot be read; the message says what is expected."""


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class WalkinSchedule:
    """When the walk-in hour happens, and where to join it."""

    trigger: CronTrigger
    duration: timedelta
    timezone: ZoneInfo
    link: str = ""
    rule: str = ""

    @classmethod
    def parse(cls, rule: str, timezone: str = "Europe/Amsterdam", link: str = "",
              duration_minutes: int = 60) -> WalkinSchedule:
        tz = ZoneInfo(timezone)
        match = _RULE_RE.match(rule or "")
        if match:
            nth = _NTH.get(match["nth"].lower())
            day = _WEEKDAYS.get(match["day"].lower())
            if not nth or not day:
                raise ScheduleRuleError(
                    f"cannot read {rule!r}: expected e.g. 'first thursday 15:00-16:00'")
            for h, m in (("h1", "m1"), ("h2", "m2")):
                if int(match[m]) > 59 or int(match[h]) * 60 + int(match[m]) > 24 * 60:
                    raise ScheduleRuleError(
                        f"cannot read {rule!r}: {match[h]}:{match[m]} is not a time of day")
            start_min = int(match["h1"]) * 60 + int(match["m1"])
            end_min = int(match["h2"]) * 60 + int(match["m2"])
            if not (0 <= start_min < end_min <= 24 * 60):
                raise ScheduleRuleError(f"cannot read {rule!r}: the end must follow the start")
            trigger = CronTrigger(day=f"{nth} {day}", hour=start_min // 60,
                                  minute=start_min % 60, timezone=tz)
            return cls(trigger, timedelta(minutes=end_min - start_min), tz, link, rule)
        try:
            trigger = CronTrigger.from_crontab(crontab_weekdays(rule), timezone=tz)
        except ValueError as exc:
            raise ScheduleRuleError(
                f"cannot read {rule!r}: expected 'first thursday 15:00-16:00' or a "
                f"five-field cron expression ({exc})") from exc
        return cls(trigger, timedelta(minutes=duration_minutes), tz, link, rule)

    def next_after(self, moment: datetime) -> Occurrence | None:
        """The first walk-in hour that has not ended at `moment`."""
        probe = moment - self.duration
        start = self.trigger.get_next_fire_time(None, probe.astimezone(self.timezone))
        while start is not None and start + self.duration <= moment:
            start = self.trigger.get_next_fire_time(start, start + timedelta(seconds=1))
        return Occurrence(start, start + self.duration) if start else None


def format_nl(moment: datetime) -> str:
    """'donderdag 3 december 2026' without depending on the machine's locale."""
    return f"{DAYS_NL[moment.weekday()]} {moment.day} {MONTHS_NL[moment.month - 1]} {moment.year}"


def describe_next(schedule: WalkinSchedule | None, now: datetime, english: bool = False) -> str:
    """The sentence that replaces `{inloopuur}` in knowledge-base answers."""
    occurrence = schedule.next_after(now) if schedule else None
    if occurrence is None:
        if english:
            return ("The date and time of the next walk-in hour are not in the information I "
                    "have; the national programme team can tell you.")
        return ("De datum en tijd van het volgende inloopuur staan niet in de informatie die ik "
                "heb; het landelijk programmateam kan ze je geven.")
    start, end = occurrence.start, occurrence.end
    hours = f"{start:%H:%M}-{end:%H:%M}"
    if english:
        text = f"The next walk-in hour is on {start:%A %d %B %Y}, {hours} (Dutch time)."
        return text + (f" Join via {schedule.link}" if schedule.link else "")
    text = f"Het volgende inloopuur is op {format_nl(start)} van {hours.replace('-', ' tot ')} uur."
    return text + (f" Deelnemen via {schedule.link}" if schedule.link else "")
