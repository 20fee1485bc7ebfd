"""Build the bot's parts from settings, in one place.

Nothing is built at import time: the CLI, the web app, the clock and the tests
all call these functions (tests with their own settings and fakes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.messenger import Messenger
from bot.outbox_worker import OutboxWorker
from bot.roles import RoleResolver
from handlers.admin import ScheduleDesk, register_schedule_commands
from handlers.console_link import ConsoleLinks, register_console_command
from handlers.faq import FaqDesk
from handlers.legal import LegalRouter
from handlers.live_knowledge import LiveKnowledge
from handlers.meetups import MeetupPlanner
from handlers.router import Router
from handlers.ticket_cards import Destinations
from handlers.tickets import TicketDesk
from handlers.triage import Triage
from handlers.walkin import WalkinSchedule, describe_next
from knowledge.entries import KnowledgeBase
from knowledge.legal import LegalLexicon
from knowledge.loader import load_knowledge_base
from knowledge.matcher import Matcher
from storage.console_audit import ConsoleAuditRepository
from storage.console_auth import ConsoleAuthRepository
from storage.console_drafts import DraftRepository
from storage.console_insights import InteractionRepository
from storage.database import Database
from storage.dedupe import EventDedupe
from storage.feedback import FeedbackRepository
from storage.meetups import MeetupRepository
from storage.outbox import OutboxRepository
from storage.references import ReferenceRepository
from storage.subscriptions import SubscriptionRepository
from storage.tickets import TicketRepository
from storage.topics import MemoryTopics, TopicRepository


def build_walkin(settings: Settings) -> WalkinSchedule | None:
    """The configured walk-in schedule, or None when no rule is set."""
    if not settings.walkin_schedule.strip():
        return None
    return WalkinSchedule.parse(
        settings.walkin_schedule, settings.timezone, settings.walkin_link,
        settings.walkin_duration_minutes,
    )


def build_triage(settings: Settings, kb: KnowledgeBase | None = None) -> Triage:
    """Knowledge base, matcher and legal lexicon: everything `ask` needs."""
    kb = kb or load_knowledge_base()
    walkin = build_walkin(settings)
    return Triage(kb, Matcher(kb), LegalLexicon(), walkin_text=partial(describe_next, walkin))


def destinations_from(settings: Settings) -> Destinations:
    """Staff (and programme-team) channels per platform, as configured."""
    staff = {"slack": settings.slack_staff_channel, "teams": settings.teams_staff_channel}
    team = {"slack": settings.slack_team_channel, "teams": settings.teams_team_channel}
    return Destinations(staff={k: v for k, v in staff.items() if v},
                        team={k: v for k, v in team.items() if v})


@dataclass
class Services:
    """Everything a running process needs, built once."""

    settings: Settings
    db: Database
    triage: Triage
    router: Router
    roles: RoleResolver
    tickets: TicketRepository
    outbox: OutboxRepository
    feedback: FeedbackRepository
    references: ReferenceRepository
    dedupe: EventDedupe
    worker: OutboxWorker
    destinations: Destinations
    subscriptions: SubscriptionRepository | None = None
    meetups: MeetupRepository | None = None
    schedule_desk: ScheduleDesk | None = None
    console: ConsoleParts | None = None


@dataclass
class ConsoleParts:
    """What the helpdesk console (bot/console) uses besides the services above."""

    auth: ConsoleAuthRepository
    audit: ConsoleAuditRepository
    interactions: InteractionRepository
    drafts: DraftRepository
    links: ConsoleLinks
    knowledge: LiveKnowledge


def public_base_url(settings: Settings) -> str:
    """Where people reach the web app (PUBLIC_BASE_URL; locally http://localhost:PORT)."""
    return (settings.public_base_url or f"http://localhost:{settings.port}").rstrip("/")


def install_triage(services: Services, triage: Triage) -> None:
    """Swap the triage every question goes through (after a console approval)."""
    services.triage = triage
    services.router.faq.triage = triage


def build_console(services: Services) -> ConsoleParts:
    """Console repositories, the /console command, interaction counting, and the
    knowledge base that serves approved console entries (built once, at start)."""
    db, settings = services.db, services.settings
    auth = ConsoleAuthRepository(db)
    interactions = InteractionRepository(db, settings.timezone)
    services.router.recorder = interactions
    links = ConsoleLinks(auth, services.outbox, public_base_url(settings))
    register_console_command(services.router, links)
    drafts = DraftRepository(db)
    knowledge = LiveKnowledge(services.triage, drafts, partial(build_triage, settings),
                              partial(install_triage, services))
    return ConsoleParts(auth, ConsoleAuditRepository(db), interactions, drafts, links,
                        knowledge)


def build_planner(settings: Settings, meetups: MeetupRepository) -> MeetupPlanner:
    """Meetup reminder times and texts, as configured."""
    return MeetupPlanner(meetups, timezone=ZoneInfo(settings.timezone),
                         reminder_days=settings.meetup_reminder_days,
                         day_of_hour=settings.meetup_day_of_hour,
                         grace=timedelta(hours=settings.misfire_grace_hours),
                         base_url=settings.public_base_url)


def build_services(settings: Settings, messengers: Mapping[str, Messenger] | None = None,
                   destinations: Destinations | None = None, upgrade: bool = True,
                   triage: Triage | None = None, memory_topics: bool = False) -> Services:
    """Database (upgraded to the latest schema), repositories, router and outbox worker."""
    db = Database(settings.database_url)
    if upgrade:
        db.upgrade()
    triage = triage or build_triage(settings)
    destinations = destinations if destinations is not None else destinations_from(settings)
    tickets = TicketRepository(db)
    outbox = OutboxRepository(db)
    feedback = FeedbackRepository(db)
    dedupe = EventDedupe(db)
    window = timedelta(minutes=settings.followup_window_minutes)
    topics = MemoryTopics(window) if memory_topics else TopicRepository(db, window)
    router = Router(FaqDesk(triage, LegalRouter(tickets, destinations), feedback, topics),
                    TicketDesk(tickets, destinations), dedupe)
    subscriptions, meetups = SubscriptionRepository(db), MeetupRepository(db)
    schedule_desk = ScheduleDesk(subscriptions, meetups, build_planner(settings, meetups))
    register_schedule_commands(router, schedule_desk)
    worker = OutboxWorker(outbox, messengers or {}, max_attempts=settings.outbox_max_attempts)
    services = Services(settings, db, triage, router, RoleResolver(settings), tickets, outbox,
                        feedback, ReferenceRepository(db), dedupe, worker, destinations,
                        subscriptions, meetups, schedule_desk)
    services.console = build_console(services)
    if upgrade:
        services.console.knowledge.refresh()
    return services
