"""The clock: a controllable `now`, the real outbox and worker, on SQLite and
(with HELPDESK_TEST_POSTGRES_URL) PostgreSQL. Announcements are enqueued once per
(occurrence, conversation), survive a restart within the grace, are never sent
when stale, and two clocks against one database still deliver each exactly once."""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.jobstores.memory import MemoryJobStore
from sqlalchemy import select

from bot.bootstrap import build_services
from bot.clock import (
    JOB_CATCH_UP,
    JOB_MEETUPS,
    JOB_PURGE,
    JOB_SLA,
    JOB_WALKIN,
    Clock,
)
from bot.messenger import DeliveryError
from handlers.ticket_cards import Destinations
from storage.meetups import MeetupSpec
from storage.outbox import OutboxRepository
from storage.outbox_models import OutboxAttempt, OutboxMessage
from tests.conftest import make_settings
from tests.fakes import RecordingMessenger

AMS = ZoneInfo("Europe/Amsterdam")
SEND = datetime(2026, 12, 2, 15, tzinfo=AMS)  # 24 h before Thursday 3 December 15:00
KEY = "walkin:2026-12-03T15:00+01:00"
CHANNELS = ["C1", "C2", "C3"]


class NoJitter(random.Random):
    def uniform(self, a, b):
        return a


@pytest.fixture
def build(database_url, triage, tmp_path):
    """build(messenger=None, **settings) -> Services on the shared test database."""
    built = []

    def make(messenger=None, **overrides):
        fields = dict(database_url=database_url, walkin_schedule="first thursday 15:00-16:00",
                      walkin_link="https://teams.example/inloop",
                      meetups_file=str(tmp_path / "none.yaml"))
        fields.update(overrides)
        services = build_services(
            make_settings(**fields), messengers={"shell": messenger or RecordingMessenger("shell")},
            destinations=Destinations.everywhere({"shell": "staff"}), triage=triage)
        services.worker._rng = NoJitter()
        built.append(services)
        return services

    yield make
    for services in built:
        services.db.dispose()


def subscribe(services, channels=CHANNELS, kinds=frozenset({"walkin", "meetups"})):
    for channel in channels:
        services.subscriptions.subscribe("shell", channel, kinds, "shell:admin")


def run(clock: Clock) -> int:
    """Rows the clock enqueued on this run."""
    return asyncio.run(clock.once())[0]


def delivered(messenger: RecordingMessenger) -> Counter:
    return Counter((s.reply.fields.get("occurrence"), s.target) for s in messenger.sent)


def test_nothing_before_the_send_time(build):
    messenger = RecordingMessenger("shell")
    services = build(messenger)
    subscribe(services)
    assert run(Clock(services, now=lambda: SEND - timedelta(minutes=1))) == 0
    assert messenger.sent == []


def test_sent_at_the_send_time_to_every_subscribed_channel(build):
    messenger = RecordingMessenger("shell")
    services = build(messenger)
    subscribe(services)
    subscribe(services, ["C-meetups-only"], frozenset({"meetups"}))
    assert run(Clock(services, now=lambda: SEND)) == 3
    assert delivered(messenger) == Counter({(KEY, c): 1 for c in CHANNELS})
    assert "inhoudelijke en juridische vragen" in messenger.sent[0].reply.text


def test_restart_within_grace_sends_once(build):
    """Clock down at the send time, back 2 h later: enqueued once; back again: nothing."""
    messenger = RecordingMessenger("shell")
    first = build(messenger)
    subscribe(first)
    assert run(Clock(first, now=lambda: SEND + timedelta(hours=2))) == 3
    first.db.dispose()
    again = build(messenger)  # a new process: fresh engine, fresh scheduler
    assert run(Clock(again, now=lambda: SEND + timedelta(hours=3))) == 0
    assert delivered(messenger) == Counter({(KEY, c): 1 for c in CHANNELS})
    with again.db.session() as s:
        assert s.scalar(select(OutboxMessage.id).where(OutboxMessage.key != KEY)) is None


def test_stale_occurrence_is_never_sent(build):
    messenger = RecordingMessenger("shell")
    services = build(messenger)
    subscribe(services)
    assert run(Clock(services, now=lambda: SEND + timedelta(days=7))) == 0
    assert run(Clock(services, now=lambda: SEND + timedelta(hours=6, minutes=1))) == 0
    assert messenger.sent == []


def test_no_schedule_no_walkin_job(build):
    services = build(walkin_schedule="")
    subscribe(services)
    clock = Clock(services, now=lambda: SEND)
    assert JOB_WALKIN not in [s.id for s in clock.specs]
    assert run(clock) == 0


def test_two_clocks_against_one_database_deliver_each_exactly_once(build):
    """Two independent service stacks (own engines, own workers, own event loops in
    real threads), started together at the same moments, sharing one database."""
    shared = RecordingMessenger("shell")
    own = RecordingMessenger("shell")
    a, b = build(shared), build(own)
    channels = [f"C{n}" for n in range(40)]
    subscribe(a, channels)
    start = (SEND + timedelta(days=8)).replace(hour=14)  # a meetup a week after the walk-in
    a.meetups.add(MeetupSpec(title="Meet Up", starts_at=start), "shell:admin")
    moments = [SEND, SEND + timedelta(minutes=1), start.replace(hour=9) - timedelta(days=7),
               SEND + timedelta(hours=1)]
    barrier = threading.Barrier(2, timeout=60)
    errors = []

    async def cycle(services):
        for moment in moments:  # one event loop per process, like `helpdesk clock`
            await asyncio.to_thread(barrier.wait)
            await Clock(services, now=lambda m=moment: m).once()

    def process(services):
        try:
            asyncio.run(cycle(services))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=process, args=(s,)) for s in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    total = delivered(shared) + delivered(own)
    keys = {k for k, _ in total}
    assert len(keys) == 2 and KEY in keys  # the walk-in and the 7-day meetup reminder
    assert total == Counter({(k, c): 1 for k in keys for c in channels})
    assert len(shared.sent) + len(own.sent) == 80


def test_429_then_success_delivers_once(build):
    messenger = RecordingMessenger("shell")
    messenger.fail_next = [DeliveryError("ratelimited", status=429, retry_after=0)]
    services = build(messenger)
    subscribe(services, ["C1"])
    run(Clock(services, now=lambda: SEND))
    asyncio.run(services.worker.drain())
    assert delivered(messenger) == Counter({(KEY, "C1"): 1})
    with services.db.session() as s:
        outcomes = s.execute(select(OutboxAttempt.outcome, OutboxAttempt.status_code)
                             .order_by(OutboxAttempt.id)).all()
    assert [tuple(o) for o in outcomes] == [("retry", 429), ("sent", None)]


def test_a_channel_that_is_gone_fails_and_the_rest_still_get_it(build):
    class GoneChannel(RecordingMessenger):
        async def post(self, target, reply, thread=None):
            if target == "C2":
                raise DeliveryError("slack: channel_not_found (HTTP 200)", permanent=True)
            return await super().post(target, reply, thread)

    messenger = GoneChannel("shell")
    services = build(messenger)
    subscribe(services)
    run(Clock(services, now=lambda: SEND))
    asyncio.run(services.worker.drain())
    assert delivered(messenger) == Counter({(KEY, "C1"): 1, (KEY, "C3"): 1})
    with services.db.session() as s:
        rows = {r.target: (r.status, r.attempts, r.last_error)
                for r in s.scalars(select(OutboxMessage))}
    assert rows["C2"][:2] == ("failed", 1) and "channel_not_found" in rows["C2"][2]
    assert rows["C1"][0] == rows["C3"][0] == "sent"
    tomorrow = OutboxRepository(services.db, now=lambda: datetime.now(UTC) + timedelta(days=1))
    assert tomorrow.claim_due() == [], "a failed row is never tried again"


def test_sla_nudge_once_per_window_to_the_staff_channel(build):
    messenger = RecordingMessenger("shell")
    services = build(messenger, ticket_sla_hours=24)
    ticket = services.tickets.create(queue="legal", platform="shell", conversation="c",
                                     thread=None, asker="u", language="nl",
                                     question="Mag de GI dit?", redactions={})
    claimed = services.tickets.create(queue="legal", platform="shell", conversation="c",
                                      thread=None, asker="u", language="nl",
                                      question="Andere vraag", redactions={})
    services.tickets.claim(claimed.id, "shell:staff-1")
    created = ticket.created_at
    clock = Clock(services, now=lambda: created + timedelta(hours=23))
    assert clock.announcer.nudge(created + timedelta(hours=23)) == 0
    assert clock.announcer.nudge(created + timedelta(hours=25)) == 1
    assert clock.announcer.nudge(created + timedelta(hours=26)) == 0
    assert clock.announcer.nudge(created + timedelta(hours=49, minutes=1)) == 1
    asyncio.run(services.worker.drain())
    nudges = [s for s in messenger.to("staff") if s.reply.text.startswith("Herinnering")]
    assert len(nudges) == 2
    assert nudges[0].reply.text.startswith(f"Herinnering: ticket #{ticket.id} wacht al 25 uur")
    assert "Mag de GI dit?" in nudges[0].reply.text
    assert [c.label for c in nudges[0].reply.choices][0] == "Oppakken"
    with services.db.session() as s:
        keys = set(s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.contains("nudge"))))
    assert keys == {f"ticket:{ticket.id}:nudge:1", f"ticket:{ticket.id}:nudge:2"}


def test_retention_purge_job(build):
    services = build(retention_days=30)
    ticket = services.tickets.create(queue="legal", platform="shell", conversation="c",
                                     thread=None, asker="u", language="nl", question="Vraag",
                                     redactions={})
    services.tickets.close(ticket.id, "shell:staff-1")
    clock = Clock(services)
    purge = next(s for s in clock.specs if s.id == JOB_PURGE)
    assert purge.run(datetime.now(UTC) + timedelta(days=29)) == 0
    assert purge.run(datetime.now(UTC) + timedelta(days=31)) == 1


async def test_scheduler_uses_fixed_ids_a_memory_store_and_local_triggers(build):
    services = await asyncio.to_thread(build, misfire_grace_hours=6)
    clock = Clock(services)
    scheduler = clock.build_scheduler()
    scheduler.start(paused=True)
    try:
        clock.add_jobs(scheduler)  # a second registration replaces, never duplicates
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert len(scheduler.get_jobs()) == 5
        assert set(jobs) == {JOB_CATCH_UP, JOB_WALKIN, JOB_MEETUPS, JOB_SLA, JOB_PURGE}
        assert isinstance(scheduler._jobstores["default"], MemoryJobStore)
        assert str(scheduler.timezone) == "Europe/Amsterdam"
        for job in jobs.values():
            assert str(job.trigger.timezone) == "Europe/Amsterdam"
            assert job.misfire_grace_time == 6 * 3600 and job.coalesce
            assert job.max_instances == 1
        walkin = jobs[JOB_WALKIN].trigger
        assert walkin.get_next_fire_time(None, SEND - timedelta(days=1)) == SEND
    finally:
        scheduler.shutdown(wait=False)


async def test_run_enqueues_on_start_delivers_and_stops(build):
    messenger = RecordingMessenger("shell")
    services = await asyncio.to_thread(build, messenger)
    await asyncio.to_thread(subscribe, services)
    clock = Clock(services, now=lambda: SEND + timedelta(minutes=5))
    stop = asyncio.Event()
    task = asyncio.create_task(clock.run(stop))
    for _ in range(200):
        if len(messenger.sent) == 3:
            break
        await asyncio.sleep(0.05)
    assert clock.scheduler.running
    assert {j.id for j in clock.scheduler.get_jobs()} >= {JOB_WALKIN, JOB_CATCH_UP}
    assert await clock.run_job(next(s for s in clock.specs if s.id == JOB_WALKIN)) == 0
    stop.set()
    await asyncio.wait_for(task, 10)
    assert delivered(messenger) == Counter({(KEY, c): 1 for c in CHANNELS})


def test_a_zero_grace_still_sends_a_job_that_runs_a_moment_late(build):
    messenger = RecordingMessenger("shell")
    services = build(messenger, misfire_grace_hours=0)
    subscribe(services, ["C1"])
    assert run(Clock(services, now=lambda: SEND + timedelta(seconds=3))) == 1
    assert run(Clock(services, now=lambda: SEND + timedelta(hours=1))) == 0
