"""The pipeline between the inbox and the platforms: a stored message is routed once,
its replies sent (or queued in the outbox), and the row finished with its text erased;
a worker that dies leaves a lease that another takes over without a second ticket;
an unreadable row is given up, a failing one retried. Time is a fake clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.intake import Intake, Wakeup
from bot.messenger import DeliveryError
from bot.pipeline import Pipeline, PipelineLimits
from bot.platform import MESSAGE, PlatformConfig
from bot.roles import Roles
from handlers.messages import ROLE_STAFF, Incoming
from storage.inbox import InboxItem, InboxRepository
from storage.inbox_models import InboxEvent, InboxStatus
from storage.models import utcnow
from tests.fakes import FakeClock, FakePlatform

LEGAL = "Mag ik zonder toestemming gegevens delen met de Raad voor de Kinderbescherming?"
LEASE = timedelta(seconds=30)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def platform():
    return FakePlatform()


def make_pipeline(services, platform, clock, **limits) -> Pipeline:
    inbox = InboxRepository(services.db, now=clock)
    roles = Roles({"fake": PlatformConfig(_env_file=None, staff_ids="S1")})
    return Pipeline(inbox, services.router, {"fake": platform}, roles, services.outbox,
                    services.worker.wake, Wakeup(), PipelineLimits(lease=LEASE, **limits))


@pytest.fixture
def pipeline(services, platform, clock):
    return make_pipeline(services, platform, clock)


def store(pipeline: Pipeline, key: str, text: str, user: str = "U1", kind: str = MESSAGE):
    incoming = Incoming(platform="fake", conversation="C1", user=user, text=text)
    return pipeline.inbox.store([InboxItem("fake", key, kind, {
        "incoming": incoming.to_dict(), "origin": {"user": user, "channel": "C1"}})])


def rows(services) -> list[InboxEvent]:
    with services.db.session() as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


async def test_a_stored_message_is_answered_and_its_text_erased(services, pipeline, platform):
    store(pipeline, "Ev1", "Wat is MAO?")
    assert await pipeline.drain() == 1
    [(origin, reply)] = platform.replies
    assert origin == {"user": "U1", "channel": "C1"} and "Met Andere Ogen" in reply.text
    [row] = rows(services)
    assert row.status == InboxStatus.DONE and row.payload is None


async def test_roles_are_decided_when_handled_not_taken_from_the_row(services, pipeline,
                                                                     platform):
    incoming = Incoming(platform="fake", conversation="C1", user="U1", text="/tickets",
                        roles=frozenset({ROLE_STAFF}))
    assert "roles" not in incoming.to_dict()
    pipeline.inbox.store([InboxItem("fake", "Ev1", MESSAGE, {
        "incoming": {**incoming.to_dict(), "roles": ["staff"]}, "origin": {}})])
    store(pipeline, "Ev2", "/tickets", user="S1")
    await pipeline.drain()
    refused, listed = (reply.text for _, reply in platform.replies)
    assert "Alleen medewerkers" in refused and "geen open tickets" in listed


async def test_a_failed_reply_goes_to_the_outbox_and_the_row_is_done(services, pipeline,
                                                                      platform):
    platform.fail = [DeliveryError("ratelimited", status=429, retry_after=60)]
    store(pipeline, "Ev1", "Wat is MAO?")
    await pipeline.drain()
    assert platform.replies == []
    assert services.outbox.status_of("reply:Ev1:0", "fake", "U1") == "pending"
    assert rows(services)[0].status == InboxStatus.DONE


async def test_when_the_reply_can_neither_be_sent_nor_queued_the_row_is_retried(
        services, pipeline, platform, clock, monkeypatch):
    platform.fail = [DeliveryError("down", status=503)]

    def broken(items):
        raise RuntimeError("database gone")

    monkeypatch.setattr(pipeline.outbox, "enqueue", broken)
    store(pipeline, "Ev1", LEGAL)
    await pipeline.drain()
    [row] = rows(services)
    assert row.status == InboxStatus.PENDING and "database gone" in row.error
    monkeypatch.undo()
    clock.advance(6)
    await pipeline.drain()
    assert rows(services)[0].status == InboxStatus.DONE
    assert len(services.tickets.list()) == 1, "the second try found the first try's ticket"
    assert "ticket #1" in platform.replies[0][1].text


async def test_a_worker_that_dies_mid_message_is_taken_over_without_a_second_ticket(
        services, platform, clock):
    first = make_pipeline(services, platform, clock)
    store(first, "Ev1", LEGAL)
    [job] = first.inbox.claim(10, LEASE)
    await first.handle(job)  # ticket made, reply sent ... and the process dies here
    assert len(services.tickets.list()) == 1

    second = make_pipeline(services, platform, clock)
    assert await second.drain() == 0, "the lease still runs"
    clock.advance(31)
    assert await second.drain() == 1
    assert len(services.tickets.list()) == 1
    assert [reply.text.split(".")[0] for _, reply in platform.replies] == [
        "Ik heb je vraag doorgestuurd naar de juridische helpdesk als ticket #1"] * 2
    assert rows(services)[0].status == InboxStatus.DONE


async def test_an_unreadable_row_is_given_up_and_others_go_on(services, pipeline, platform):
    pipeline.inbox.store([InboxItem("fake", "Ev0", MESSAGE, {"nothing": "here"})])
    store(pipeline, "Ev1", "Wat is MAO?")
    await pipeline.drain()
    broken, good = rows(services)
    assert broken.status == InboxStatus.FAILED and "unreadable" in broken.error
    assert good.status == InboxStatus.DONE and len(platform.replies) == 1


async def test_a_row_that_keeps_failing_is_given_up_after_max_attempts(services, platform,
                                                                       clock, monkeypatch):
    pipeline = make_pipeline(services, platform, clock, max_attempts=2)

    async def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(platform, "prepare", broken)
    store(pipeline, "Ev1", "Wat is MAO?")
    await pipeline.drain()
    clock.advance(60)
    await pipeline.drain()
    [row] = rows(services)
    assert row.status == InboxStatus.FAILED and row.attempts == 2 and row.payload is not None


async def test_other_kinds_go_to_the_platform(services, pipeline, platform):
    store(pipeline, "Ev1", "", kind="fake.home")
    await pipeline.drain()
    [(kind, incoming)] = platform.handled
    assert kind == "fake.home" and incoming.event_id == "Ev1"


async def test_the_worker_renews_its_lease_while_a_reply_is_slow(services, platform):
    """Real time here: a 1.5 s lease, a reply that takes 2.5 s, another worker polling."""
    pipeline = make_pipeline(services, platform, utcnow)
    pipeline.limits = PipelineLimits(lease=timedelta(seconds=1.5), poll_seconds=0.1)
    other = make_pipeline(services, FakePlatform(), utcnow)
    platform.hold = asyncio.Event()
    stop = asyncio.Event()
    store(pipeline, "Ev1", "Wat is MAO?")
    task = asyncio.create_task(pipeline.run(stop))
    for _ in range(25):
        await asyncio.sleep(0.1)
        assert await other.drain() == 0, "never taken while its worker is alive"
    platform.hold.set()
    for _ in range(50):
        if rows(services)[0].status == InboxStatus.DONE:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert rows(services)[0].status == InboxStatus.DONE and len(platform.replies) == 1


async def test_stopping_hands_unfinished_rows_back(services, platform):
    pipeline = make_pipeline(services, platform, FakeClock(), finish_seconds=0.2)
    platform.hold = asyncio.Event()
    store(pipeline, "Ev1", "Wat is MAO?")
    stop = asyncio.Event()
    task = asyncio.create_task(pipeline.run(stop))
    for _ in range(50):
        if rows(services)[0].status == InboxStatus.WORKING:
            break
        await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(task, 5)
    [row] = rows(services)
    assert row.status == InboxStatus.PENDING and "shutdown" in row.error
    platform.hold.set()
    assert await pipeline.drain() == 1


async def test_intake_and_pipeline_together(services, platform, clock):
    pipeline = make_pipeline(services, platform, clock)
    intake = Intake(pipeline.inbox, pipeline.wakeup)
    incoming = Incoming(platform="fake", conversation="C1", user="U1", text="Wat is MAO?")
    item = InboxItem("fake", "Ev1", MESSAGE, {"incoming": incoming.to_dict(), "origin": {}})
    assert await intake.accept(item) is True
    assert await intake.accept(item) is False
    assert pipeline.wakeup.event.is_set()
    await pipeline.drain()
    assert len(platform.replies) == 1
    await intake.close()
