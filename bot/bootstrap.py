"""Build the bot's parts from settings, in one place.

Nothing is built at import time and nothing is patched after it is built: the
CLI, the web app, the clock, the terminal and the tests all call
`build_services`, which builds the database and repositories, the router, the
platforms (from the registry in bot/platforms.py), the roles, the outbox worker
with every platform's messenger, and the inbox pipeline, in that order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.intake import Intake, Wakeup
from bot.messenger import Messenger
from bot.outbox_worker import OutboxWorker
from bot.pipeline import Pipeline, PipelineLimits
from bot.platform import BuildContext, PlatformRuntime
from bot.platforms import PLATFORMS, entry
from bot.roles import MemberCache, Roles
from handlers.admin import ScheduleDesk, register_schedule_commands
from handlers.console_link import ConsoleLinks, register_console_command
from handlers.faq import FaqDesk
from handlers.legal import LegalRouter
from handlers.live_knowledge import LiveKnowledge
from handlers.meetups import MeetupPlanner
from handlers.queues import QUEUES
from handlers.router import Router
from handlers.ticket_cards import Destinations
from handlers.tickets import TicketDesk
from handlers.triage import Triage
from handlers.walkin import WalkinSchedule, describe_next
from knowledge.entries import KnowledgeBase
from knowledge.entry_model import Example
from knowledge.legal import LegalLexicon
from knowledge.loader import load_knowledge_base
from knowledge.matcher import Matcher
from knowledge.offtopic import OffTopicDomains
from storage.console_audit import ConsoleAuditRepository
from storage.console_auth import ConsoleAuthRepository
from storage.console_drafts import DraftRepository
from storage.console_insights import InteractionRepository
from storage.database import Database
from storage.feedback import FeedbackRepository
from storage.inbox import InboxRepository
from storage.meetups import MeetupRepository
from storage.models import Now, utcnow
from storage.outbox import OutboxRepository
from storage.references import ReferenceRepository
from storage.subscriptions import SubscriptionRepository
from storage.tickets import TicketRepository
from storage.topics import MemoryTopics, TopicRepository

log = logging.getLogger(__name__)


def build_walkin(settings: Settings) -> WalkinSchedule | None:
    """The configured walk-in schedule, or None when no rule is set."""
    if not settings.walkin_schedule.strip():
        return None
    return WalkinSchedule.parse(
        settings.walkin_schedule, settings.timezone, settings.walkin_link,
        settings.walkin_duration_minutes,
    )


def build_triage(settings: Settings, kb: KnowledgeBase | None = None,
                 examples: list[Example] | None = None) -> Triage:
    """Knowledge base, matcher and legal lexicon: everything `ask` needs. `examples`:
    the labelled messages the entry model learns from (default: the stored ones)."""
    kb = kb or load_knowledge_base()
    walkin = build_walkin(settings)
    offtopic = OffTopicDomains()
    return Triage(kb, Matcher(kb, examples), LegalLexicon(offtopic=offtopic),
                  walkin_text=partial(describe_next, walkin), offtopic=offtopic)


def enabled_platforms(settings: Settings, sending: bool = False) -> list[str]:
    """The platforms `serve` runs (every registered one that is switched on), or with
    `sending`, the ones the clock can send through."""
    return [p.name for p in PLATFORMS
            if (settings.platform(p.name).can_send() if sending
                else settings.platform(p.name).enabled())]


def destinations_from(settings: Settings, platforms: Iterable[str]) -> Destinations:
    """Per queue (handlers/queues.py), its channel on each of these platforms."""
    channels: dict[str, dict[str, str]] = {}
    for queue, spec in QUEUES.items():
        for name in platforms:
            config = settings.platform(name)
            channel = config.channel(spec.channel_setting) or (
                config.channel(spec.fallback_setting) if spec.fallback_setting else "")
            if channel:
                channels.setdefault(queue, {})[name] = channel
    return Destinations(channels)


def build_planner(settings: Settings, meetups: MeetupRepository) -> MeetupPlanner:
    """Meetup reminder times and texts, as configured."""
    return MeetupPlanner(meetups, timezone=ZoneInfo(settings.timezone),
                         reminder_days=settings.meetup_reminder_days,
                         day_of_hour=settings.meetup_day_of_hour,
                         grace=timedelta(hours=settings.misfire_grace_hours),
                         base_url=settings.public_base_url)


def public_base_url(settings: Settings) -> str:
    """Where people reach the web app (PUBLIC_BASE_URL; locally http://localhost:PORT)."""
    return (settings.public_base_url or f"http://localhost:{settings.port}").rstrip("/")


@dataclass
class ConsoleParts:
    """What the helpdesk console (bot/console) uses besides the core."""

    auth: ConsoleAuthRepository
    audit: ConsoleAuditRepository
    interactions: InteractionRepository
    drafts: DraftRepository
    links: ConsoleLinks
    knowledge: LiveKnowledge


@dataclass
class Core:
    """The platform-neutral part: database, repositories, router, console parts."""

    settings: Settings
    db: Database
    triage: Triage
    router: Router
    tickets: TicketRepository
    outbox: OutboxRepository
    inbox: InboxRepository
    feedback: FeedbackRepository
    references: ReferenceRepository
    destinations: Destinations
    subscriptions: SubscriptionRepository
    meetups: MeetupRepository
    schedule_desk: ScheduleDesk
    console: ConsoleParts
    now: Now = utcnow


def install_triage(router: Router, triage: Triage) -> None:
    """Swap the triage every question goes through (after a console approval: approved
    entries are served at once, without a restart). The console's "try a question" and
    `helpdesk ask` read LiveKnowledge.current, the same one."""
    router.faq.triage = triage


@dataclass
class Services(Core):
    """Everything a running process needs, built once."""

    roles: Roles = field(default_factory=lambda: Roles({}))
    worker: OutboxWorker | None = None
    intake: Intake | None = None
    pipeline: Pipeline | None = None
    platforms: dict[str, PlatformRuntime] = field(default_factory=dict)


def build_core(settings: Settings, platforms: Iterable[str], *,
               destinations: Destinations | None = None, upgrade: bool = True,
               triage: Triage | None = None, now: Now = utcnow,
               memory_topics: bool = False) -> Core:
    """`memory_topics`: follow-ups remembered in memory (the terminal) instead of the
    database (every web process)."""
    db = Database(settings.database_url)
    if upgrade:
        db.upgrade()
    triage = triage or build_triage(settings)
    if destinations is None:
        destinations = destinations_from(settings, platforms)
    tickets = TicketRepository(db, now=now)
    outbox = OutboxRepository(db, now=now)
    feedback = FeedbackRepository(db)
    window = timedelta(minutes=settings.followup_window_minutes)
    topics = MemoryTopics(window) if memory_topics else TopicRepository(db, window)
    interactions = InteractionRepository(db, settings.timezone)
    router = Router(FaqDesk(triage, LegalRouter(tickets, destinations), feedback, topics),
                    TicketDesk(tickets, destinations), recorder=interactions)
    subscriptions, meetups = SubscriptionRepository(db), MeetupRepository(db)
    schedule_desk = ScheduleDesk(subscriptions, meetups, build_planner(settings, meetups))
    register_schedule_commands(router, schedule_desk)
    auth = ConsoleAuthRepository(db)
    links = ConsoleLinks(auth, outbox, public_base_url(settings))
    register_console_command(router, links)
    drafts = DraftRepository(db)
    knowledge = LiveKnowledge(triage, drafts, partial(build_triage, settings),
                              partial(install_triage, router))
    console = ConsoleParts(auth, ConsoleAuditRepository(db), interactions, drafts, links,
                           knowledge)
    core = Core(settings, db, triage, router, tickets, outbox, InboxRepository(db, now=now),
                feedback, ReferenceRepository(db), destinations, subscriptions, meetups,
                schedule_desk, console, now)
    if upgrade:
        knowledge.refresh()  # serve the entries approved in the console, from the start
    return core


def build_services(settings: Settings, *, platforms: Iterable[str] | None = None,
                   messengers: Mapping[str, Messenger] | None = None,
                   destinations: Destinations | None = None, upgrade: bool = True,
                   triage: Triage | None = None, now: Now = utcnow,
                   out: TextIO | None = None, memory_topics: bool = False) -> Services:
    """Database (upgraded to the latest schema), repositories, router, the platforms
    (`platforms`, default: every enabled one), roles, outbox worker and inbox pipeline.
    `messengers` adds senders for the outbox worker only (tests)."""
    names = list(enabled_platforms(settings) if platforms is None else platforms)
    core = build_core(settings, names, destinations=destinations, upgrade=upgrade,
                      triage=triage, now=now, memory_topics=memory_topics)
    for name in names:
        for problem in settings.platform(name).problems():
            log.warning(problem)
    wakeup = Wakeup()
    intake = Intake(core.inbox, wakeup)
    runtimes = {name: entry(name).build(BuildContext(settings.platform(name), core, intake, out))
                for name in names}
    roles = Roles(settings.platforms(),
                  {name: MemberCache(runtime.staff_members) for name, runtime in runtimes.items()})
    worker = OutboxWorker(core.outbox, {**{n: r.messenger for n, r in runtimes.items()},
                                        **(messengers or {})},
                          max_attempts=settings.outbox_max_attempts)
    limits = PipelineLimits(lease=timedelta(seconds=settings.inbox_lease_seconds),
                            poll_seconds=settings.inbox_poll_seconds,
                            max_attempts=settings.inbox_max_attempts,
                            router_threads=settings.router_threads)
    pipeline = Pipeline(core.inbox, core.router, runtimes, roles, core.outbox, worker.wake,
                        wakeup, limits)
    return Services(**vars(core), roles=roles, worker=worker, intake=intake, pipeline=pipeline,
                    platforms=runtimes)
