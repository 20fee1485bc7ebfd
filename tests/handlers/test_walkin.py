"""The walk-in hour schedule: rules, the next occurrence (across DST) and its sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.walkin import (
    ScheduleRuleError,
    WalkinSchedule,
    describe_next,
    format_nl,
)

AMS = ZoneInfo("Europe/Amsterdam")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "after", "start", "minutes"),
    [
        ("first thursday 15:00-16:00", utc(2026, 3, 1), datetime(2026, 3, 5, 15, 0), 60),
        ("eerste donderdag 15:00-16:00", utc(2026, 3, 1), datetime(2026, 3, 5, 15, 0), 60),
        ("First Thursday 15.00 - 16.30", utc(2026, 3, 1), datetime(2026, 3, 5, 15, 0), 90),
        ("last friday 09:30-10:30", utc(2026, 3, 1), datetime(2026, 3, 27, 9, 30), 60),
        ("laatste vrijdag 9:30-10:30", utc(2026, 3, 1), datetime(2026, 3, 27, 9, 30), 60),
        ("2e dinsdag 13:00-14:00", utc(2026, 3, 1), datetime(2026, 3, 10, 13, 0), 60),
        ("0 15 * * thu", utc(2026, 3, 1), datetime(2026, 3, 5, 15, 0), 60),
        ("0 15 * * thu", utc(2026, 3, 5, 15, 0), datetime(2026, 3, 12, 15, 0), 60),
    ],
)
def test_rules(rule, after, start, minutes):
    schedule = WalkinSchedule.parse(rule)
    occurrence = schedule.next_after(after)
    assert occurrence.start.replace(tzinfo=None) == start
    assert occurrence.start.tzinfo == AMS
    assert occurrence.end - occurrence.start == timedelta(minutes=minutes)
    assert schedule.rule == rule


def test_cron_duration_is_configurable():
    schedule = WalkinSchedule.parse("30 14 1 * *", duration_minutes=45)
    occurrence = schedule.next_after(utc(2026, 5, 2))
    assert occurrence.start.replace(tzinfo=None) == datetime(2026, 6, 1, 14, 30)
    assert occurrence.end.replace(tzinfo=None) == datetime(2026, 6, 1, 15, 15)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "expected 'first thursday 15:00-16:00' or a five-field cron expression"),
        ("whenever", "expected 'first thursday 15:00-16:00' or a five-field cron expression"),
        ("fifth thursday 15:00-16:00", "expected e.g. 'first thursday 15:00-16:00'"),
        ("first funday 15:00-16:00", "expected e.g. 'first thursday 15:00-16:00'"),
        ("first thursday 16:00-15:00", "the end must follow the start"),
        ("first thursday 15:00-15:00", "the end must follow the start"),
        ("first thursday 15:75-16:00", "15:75 is not a time of day"),
        ("first thursday 15:00-16:60", "16:60 is not a time of day"),
        ("first thursday 25:00-26:00", "25:00 is not a time of day"),
        ("0 25 * * thu", "five-field cron expression"),
        ("1 2 3", "five-field cron expression"),
    ],
)
def test_invalid_rules_are_explained(rule, message):
    with pytest.raises(ScheduleRuleError) as info:
        WalkinSchedule.parse(rule)
    assert message in str(info.value)
    assert repr(rule) in str(info.value)


def test_schedule_error_is_a_value_error():
    assert issubclass(ScheduleRuleError, ValueError)


def test_occurrence_lasts_until_its_end():
    """During the hour the current one is 'next'; at its end the following one is."""
    schedule = WalkinSchedule.parse("first thursday 15:00-16:00")
    march = datetime(2026, 3, 5, 15, 0, tzinfo=AMS)
    assert schedule.next_after(march - timedelta(seconds=1)).start == march
    assert schedule.next_after(march + timedelta(minutes=59)).start == march
    assert schedule.next_after(march + timedelta(hours=1)).start == datetime(
        2026, 4, 2, 15, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    ("after", "local_day", "utc_start"),
    [
        # spring forward (29 March 2026): CET +01:00 before, CEST +02:00 after
        (utc(2026, 3, 6), (2026, 4, 2), utc(2026, 4, 2, 13, 0)),
        (utc(2026, 3, 1), (2026, 3, 5), utc(2026, 3, 5, 14, 0)),
        # fall back (25 October 2026): CEST in October, CET in November
        (utc(2026, 9, 10), (2026, 10, 1), utc(2026, 10, 1, 13, 0)),
        (utc(2026, 10, 2), (2026, 11, 5), utc(2026, 11, 5, 14, 0)),
    ],
)
def test_local_time_stays_the_same_across_dst(after, local_day, utc_start):
    schedule = WalkinSchedule.parse("first thursday 15:00-16:00")
    occurrence = schedule.next_after(after)
    local = occurrence.start.astimezone(AMS)
    assert (local.year, local.month, local.day, local.hour, local.minute) == (*local_day, 15, 0)
    assert occurrence.start.astimezone(UTC) == utc_start
    assert occurrence.end.astimezone(AMS).hour == 16


def test_last_friday_across_both_dst_changes():
    schedule = WalkinSchedule.parse("last friday 15:00-16:00")
    march = schedule.next_after(utc(2026, 3, 28))  # after Fri 27 March (CET)
    assert march.start.astimezone(AMS).timetuple()[:5] == (2026, 4, 24, 15, 0)
    assert march.start.utcoffset() == timedelta(hours=2)
    october = schedule.next_after(utc(2026, 10, 1))  # Fri 30 October, after fall-back
    assert october.start.astimezone(AMS).timetuple()[:5] == (2026, 10, 30, 15, 0)
    assert october.start.utcoffset() == timedelta(hours=1)


def test_other_timezone():
    schedule = WalkinSchedule.parse("first thursday 15:00-16:00", timezone="UTC")
    assert schedule.next_after(utc(2026, 3, 1)).start.astimezone(UTC) == utc(2026, 3, 5, 15)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 12, 3, 15), "donderdag 3 december 2026"),
        (datetime(2026, 3, 30), "maandag 30 maart 2026"),
        (datetime(2027, 1, 1), "vrijdag 1 januari 2027"),
        (datetime(2026, 5, 17), "zondag 17 mei 2026"),
    ],
)
def test_dutch_dates(moment, text):
    assert format_nl(moment) == text


def test_describe_next_with_schedule():
    schedule = WalkinSchedule.parse("eerste donderdag 15:00-16:00",
                                    link="https://example.org/inloop")
    assert describe_next(schedule, utc(2026, 11, 10)) == (
        "Het volgende inloopuur is op donderdag 3 december 2026 van 15:00 tot 16:00 uur. "
        "Deelnemen via https://example.org/inloop")
    assert describe_next(schedule, utc(2026, 11, 10), english=True) == (
        "The next walk-in hour is on Thursday 03 December 2026, 15:00-16:00 (Dutch time). "
        "Join via https://example.org/inloop")


def test_describe_next_without_link():
    schedule = WalkinSchedule.parse("last friday 09:30-10:30")
    text = describe_next(schedule, utc(2026, 3, 1))
    assert text == "Het volgende inloopuur is op vrijdag 27 maart 2026 van 09:30 tot 10:30 uur."


def test_describe_next_without_schedule():
    """The sources give no date: the bot says so, and names no place it is announced."""
    assert describe_next(None, utc(2026, 3, 1)) == (
        "De datum en tijd van het volgende inloopuur staan niet in de informatie die ik "
        "heb; het landelijk programmateam kan ze je geven.")
    assert "not in the information" in describe_next(None, utc(2026, 3, 1), english=True)
