"""Walk-in announcements: send times in local time across DST, the grace window,
keys and texts. Pure functions, a controllable `now`, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.announcements import (
    ShiftedTrigger,
    due_walkins,
    shift,
    walkin_announcements,
    walkin_key,
    walkin_reply,
)
from handlers.walkin import WalkinSchedule

AMS = ZoneInfo("Europe/Amsterdam")
DAY = timedelta(hours=24)
GRACE = timedelta(hours=6)


def schedule(rule: str = "first thursday 15:00-16:00") -> WalkinSchedule:
    return WalkinSchedule.parse(rule, "Europe/Amsterdam", "https://teams.example/inloop")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(("after", "send", "start", "offset"), [
    # first Thursday of April 2026 (summer time, CEST +02:00)
    (local(2026, 3, 20), local(2026, 4, 1, 15), local(2026, 4, 2, 15), 2),
    # first Thursday of November 2026 (winter time again, CET +01:00)
    (local(2026, 10, 20), local(2026, 11, 4, 15), local(2026, 11, 5, 15), 1),
    # first Thursday of March 2026, still CET
    (local(2026, 2, 20), local(2026, 3, 4, 15), local(2026, 3, 5, 15), 1),
])
def test_announcement_lands_on_local_time_in_both_seasons(after, send, start, offset):
    (found_send, occ), = walkin_announcements(schedule(), DAY, after, after + timedelta(days=25))
    assert found_send == send and occ.start == start
    assert found_send.astimezone(AMS).hour == 15 and occ.start.astimezone(AMS).hour == 15
    assert found_send.utcoffset() == timedelta(hours=offset)
    assert walkin_key(occ.start, AMS) == f"walkin:{start.date()}T15:00+0{offset}:00"


@pytest.mark.parametrize(("after", "send_utc", "start_utc"), [
    # walk-in on the Sunday clocks go forward: announced Saturday 15:00 CET
    (local(2026, 3, 20), datetime(2026, 3, 28, 14, tzinfo=UTC),
     datetime(2026, 3, 29, 13, tzinfo=UTC)),
    # walk-in on the Sunday clocks go back: announced Saturday 15:00 CEST
    (local(2026, 10, 20), datetime(2026, 10, 24, 13, tzinfo=UTC),
     datetime(2026, 10, 25, 14, tzinfo=UTC)),
])
def test_hours_before_count_in_wall_clock_time_across_a_dst_change(after, send_utc, start_utc):
    (send, occ), = walkin_announcements(schedule("last sunday 15:00-16:00"), DAY, after,
                                        after + timedelta(days=10))
    assert send == send_utc and occ.start == start_utc
    assert send.astimezone(AMS).hour == 15 and occ.start.astimezone(AMS).hour == 15


def test_shifted_trigger_agrees_with_the_announcement_list():
    sched = schedule()
    trigger = ShiftedTrigger(sched.trigger, DAY, AMS)
    now = local(2026, 1, 1)
    fires, fire = [], None
    for _ in range(12):
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1) if fire else now)
        fires.append(fire)
    listed = [s for s, _ in walkin_announcements(sched, DAY, now, local(2027, 12, 31), 12)]
    assert fires == listed
    assert all(f.astimezone(AMS).hour == 15 and f.weekday() == 2 for f in fires)


def test_cron_rule_with_duration_is_supported():
    sched = WalkinSchedule.parse("30 10 * * 2", "Europe/Amsterdam", duration_minutes=45)
    (send, occ), = walkin_announcements(sched, timedelta(hours=2), local(2026, 12, 1),
                                        local(2026, 12, 1, 23))
    assert send == local(2026, 12, 1, 8, 30) and occ.end == local(2026, 12, 1, 11, 15)


@pytest.mark.parametrize(("rule", "weekday"), [
    ("0 15 1-7 * 4", 3), ("0 15 * * 0", 6), ("0 15 * * 7", 6), ("0 15 * * 1-5", 0),
])
def test_cron_weekday_numbers_mean_what_they_mean_in_cron(rule, weekday):
    sched = WalkinSchedule.parse(rule, "Europe/Amsterdam")
    occ = sched.next_after(local(2026, 11, 30))  # a Monday
    assert occ.start.weekday() == weekday and occ.start.hour == 15


def test_due_within_the_grace_window_only():
    sched = schedule()
    send = local(2026, 12, 2, 15)
    assert due_walkins(sched, DAY, send - timedelta(seconds=1), GRACE) == []
    assert [o.start for o in due_walkins(sched, DAY, send, GRACE)] == [local(2026, 12, 3, 15)]
    assert len(due_walkins(sched, DAY, send + timedelta(hours=2), GRACE)) == 1
    assert len(due_walkins(sched, DAY, send + GRACE, GRACE)) == 1
    assert due_walkins(sched, DAY, send + GRACE + timedelta(seconds=1), GRACE) == []
    # a week later the occurrence is stale: never sent
    assert due_walkins(sched, DAY, send + timedelta(days=7), GRACE) == []


def test_a_walkin_that_has_ended_is_not_announced_even_within_grace():
    sched = schedule()
    start = local(2026, 12, 3, 15)
    assert len(due_walkins(sched, timedelta(0), start + timedelta(minutes=59), GRACE)) == 1
    assert due_walkins(sched, timedelta(0), start + timedelta(hours=1), GRACE) == []


def test_announcement_text_is_dutch_and_names_content_and_legal_questions():
    sched = schedule()
    (_, occ), = walkin_announcements(sched, DAY, local(2026, 11, 24), local(2026, 12, 24))
    reply = walkin_reply(occ, sched.link, AMS)
    assert "donderdag 3 december 2026 van 15:00 tot 16:00 uur" in reply.text
    assert "inhoudelijke" in reply.text and "juridische" in reply.text
    assert "https://teams.example/inloop" in reply.text
    assert reply.fields["occurrence"] == "walkin:2026-12-03T15:00+01:00"
    assert not reply.private and not reply.in_thread
    assert "Deelnemen" not in walkin_reply(occ, "", AMS).text


def test_shift_normalises_a_time_that_does_not_exist():
    moved = shift(local(2026, 3, 30, 2, 30), -DAY, AMS)  # 29 March 02:30 does not exist
    assert moved.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
