"""Build the bot's parts from settings, in one place.

Nothing is built at import time: the CLI, the web app, the clock and the tests
all call these functions (tests with their own settings and fakes).
"""

from __future__ import annotations

from functools import partial

from bot.config import Settings
from handlers.triage import Triage
from handlers.walkin import WalkinSchedule, describe_next
from knowledge.legal import LegalLexicon
from knowledge.loader import load_knowledge_base
from knowledge.matcher import Matcher


def build_walkin(settings: Settings) -> WalkinSchedule | None:
    """The configured walk-in schedule, or None when no rule is set."""
    if not settings.walkin_schedule.strip():
        return None
    return WalkinSchedule.parse(
        settings.walkin_schedule, settings.timezone, settings.walkin_link,
        settings.walkin_duration_minutes,
    )


def build_triage(settings: Settings) -> Triage:
    """Knowledge base, matcher and legal lexicon: everything `ask` needs."""
    kb = load_knowledge_base()
    walkin = build_walkin(settings)
    return Triage(kb, Matcher(kb), LegalLexicon(), walkin_text=partial(describe_next, walkin))
