"""`helpdesk clock` (the Procfile's `clock`): the scheduler and an outbox worker.

APScheduler 3 `AsyncIOScheduler` in settings.timezone with a `MemoryJobStore`
(never shared between processes), fixed job ids with `replace_existing=True`,
`timezone=` on every trigger, `coalesce` and a misfire grace of
MISFIRE_GRACE_HOURS. Jobs only enqueue outbox rows; correctness does not rest on
APScheduler's misfire handling: on start and every minute `Announcer.catch_up`
enqueues each announcement whose send time lies within the grace window, and the
outbox's unique (key, platform, target) turns repeats - a restart, a second
clock started by mistake - into no-ops. The worker delivers what is due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

import yaml
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.bootstrap import (
    Services,
    build_planner,
    build_services,
    build_walkin,
    enabled_platforms,
)
from bot.config import Settings
from handlers.announcements import Announcer, ShiftedTrigger
from handlers.meetups import parse_meetups
from knowledge.yaml_reading import load_yaml
from storage.meetups import SyncResult
from storage.models import utcnow
from storage.outbox_models import OutboxStatus

log = logging.getLogger(__name__)

MEETUPS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "meetups.yaml"
JOB_CATCH_UP = "announcements-catch-up"
JOB_WALKIN = "walkin-announcement"
JOB_MEETUPS = "meetup-reminders"
JOB_SLA = "ticket-sla-check"
JOB_PURGE = "retention-purge"
TICK_SECONDS = 60
SLA_CHECK_MINUTES = 15
PURGE_AT = (4, 15)  # local; clear of the 02:00-03:00 DST hours


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: fixed id, what it does (for `helpdesk schedule`), when."""

    id: str
    description: str
    trigger: BaseTrigger
    run: Callable[[datetime], int]


def build_announcer(services: Services) -> Announcer:
    settings = services.settings
    return Announcer(
        services.outbox, services.subscriptions, services.tickets, services.destinations,
        timezone=ZoneInfo(settings.timezone), walkin=build_walkin(settings),
        announce_before=timedelta(hours=settings.walkin_announce_hours_before),
        grace=timedelta(hours=settings.misfire_grace_hours),
        sla=timedelta(hours=settings.ticket_sla_hours),
        retention=timedelta(days=settings.retention_days),
        meetups=build_planner(settings, services.meetups))


def job_specs(settings: Settings, announcer: Announcer) -> list[JobSpec]:
    """Every job of the clock; the same list drives `helpdesk schedule`."""
    tz = ZoneInfo(settings.timezone)
    specs = [JobSpec(JOB_CATCH_UP, f"catch up on announcements due in the last "
                     f"{settings.misfire_grace_hours} h (every minute)",
                     IntervalTrigger(seconds=TICK_SECONDS, timezone=tz), announcer.catch_up)]
    if announcer.walkin is not None:
        specs.append(JobSpec(
            JOB_WALKIN, f"walk-in hour announcement ({settings.walkin_announce_hours_before} h "
            "before)", ShiftedTrigger(announcer.walkin.trigger, announcer.announce_before, tz),
            announcer.announce_walkins))
    if announcer.meetups is not None:
        planner = announcer.meetups
        specs.append(JobSpec(
            JOB_MEETUPS, f"meetup reminders (daily at {settings.meetup_day_of_hour:02d}:00)",
            CronTrigger(hour=settings.meetup_day_of_hour, minute=0, timezone=tz),
            lambda now: planner.remind(now, announcer.subscriptions.targets("meetups"))))
    specs.append(JobSpec(
        JOB_SLA, f"SLA check: re-announce tickets unclaimed for {settings.ticket_sla_hours} h",
        CronTrigger(minute=f"*/{SLA_CHECK_MINUTES}", timezone=tz), announcer.nudge))
    specs.append(JobSpec(
        JOB_PURGE, f"retention purge of tickets closed > {settings.retention_days} days ago",
        CronTrigger(hour=PURGE_AT[0], minute=PURGE_AT[1], timezone=tz), announcer.purge))
    return specs


def load_meetups_file(path: Path, tz: ZoneInfo):
    """Specs and problems from the curated YAML file (missing file: none)."""
    if not path.exists():
        return [], []
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [], [f"{path.name}: invalid YAML: {exc}"]
    return parse_meetups(data, tz)


def sync_meetups(services: Services, path: Path | None = None) -> SyncResult:
    """Copy the curated meetups into the database; cancel the ones it marks cancelled."""
    settings = services.settings
    path = path or (Path(settings.meetups_file) if settings.meetups_file else MEETUPS_FILE)
    specs, problems = load_meetups_file(path, ZoneInfo(settings.timezone))
    for problem in problems:
        log.error("%s: %s", path.name, problem)
    result = services.meetups.sync(specs)
    for meetup_id in result.to_cancel:
        services.schedule_desk.cancel(meetup_id, "yaml")
    for meetup_id in result.skipped:
        log.warning("%s: id %s belongs to a meetup added in chat; not overwritten",
                    path.name, meetup_id)
    return result


class Clock:
    """The scheduler plus the outbox worker, in one asyncio loop."""

    def __init__(self, services: Services, announcer: Announcer | None = None,
                 now: Callable[[], datetime] = utcnow):
        self.services = services
        self.announcer = announcer or build_announcer(services)
        self.now = now
        self.specs = job_specs(services.settings, self.announcer)
        self.scheduler: AsyncIOScheduler | None = None

    def start_up(self) -> int:
        """Sync the curated meetups, then enqueue everything due within the grace."""
        sync_meetups(self.services)
        now = self.now()
        return self.announcer.catch_up(now) + self.announcer.nudge(now)

    async def run_job(self, spec: JobSpec) -> int:
        try:
            count = await asyncio.to_thread(spec.run, self.now())
        except Exception:
            log.exception("job %s failed", spec.id)
            return 0
        if count:
            log.info("job %s: %d new", spec.id, count)
            self.services.worker.wake()
        return count

    def build_scheduler(self) -> AsyncIOScheduler:
        scheduler = AsyncIOScheduler(timezone=ZoneInfo(self.services.settings.timezone),
                                     jobstores={"default": MemoryJobStore()})
        self.add_jobs(scheduler)
        return scheduler

    def add_jobs(self, scheduler: AsyncIOScheduler) -> None:
        """Every job under its fixed id; adding again replaces, never duplicates."""
        grace = max(60, self.services.settings.misfire_grace_hours * 3600)
        for spec in self.specs:
            scheduler.add_job(self.run_job, trigger=spec.trigger, args=[spec], id=spec.id,
                              name=spec.description, replace_existing=True, coalesce=True,
                              max_instances=1, misfire_grace_time=grace)

    async def once(self) -> tuple[int, int]:
        """Start-up catch-up and deliver what is due (`helpdesk clock --once`, tests):
        (rows enqueued, delivery attempts made)."""
        count = await asyncio.to_thread(self.start_up)
        return count, await self.services.worker.drain()

    async def run(self, stop: asyncio.Event) -> None:
        count = await asyncio.to_thread(self.start_up)
        log.info("clock started: %d row(s) enqueued on start; jobs: %s", count,
                 ", ".join(s.id for s in self.specs))
        self.scheduler = self.build_scheduler()
        self.scheduler.start()
        try:
            await self.services.worker.run_forever(self.services.settings.outbox_poll_seconds,
                                                   stop)
        finally:
            self.scheduler.shutdown(wait=False)


async def _main(settings: Settings, once: bool, out: TextIO) -> int:
    services = await asyncio.to_thread(partial(
        build_services, settings, platforms=enabled_platforms(settings, sending=True)))
    for platform in services.platforms.values():
        await platform.start()
    if not services.platforms:
        log.warning("no platform configured (SLACK_BOT_TOKEN, MICROSOFT_APP_ID): the clock "
                    "enqueues, the web process's worker delivers")
    clock = Clock(services)
    try:
        if once:
            enqueued, claimed = await clock.once()
            counts = await asyncio.to_thread(services.outbox.counts)
            out.write(f"enqueued {enqueued} new outbox row(s); delivery attempts {claimed}; "
                      f"outbox now: {_counts_text(counts)}\n")
            return 0
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await clock.run(stop)
        return 0
    finally:
        for platform in services.platforms.values():
            with contextlib.suppress(Exception):
                await platform.stop()
        services.db.dispose()


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts.get(s, 0)} {s}" for s in OutboxStatus)


def run_clock(settings: Settings, once: bool = False, out: TextIO | None = None) -> int:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return asyncio.run(_main(settings, once, out or sys.stdout))
