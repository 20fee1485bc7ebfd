"""Chat commands for announcements: subscriptions (admins) and meetups
(everyone lists, admins add and cancel). Replies only; the clock sends.

    /aanmelden [inloopuur|meetups]   /afmelden   /abonnementen
    /meetups
    /meetup add 2026-12-10 14:00 | Titel | bouwsteen1, bouwsteen2 | doelgroep | https://link
    /meetup cancel <id>
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from handlers.meetups import MAX_TITLE, MeetupPlanner, details, when_text
from handlers.messages import Incoming, Reply
from handlers.walkin import format_nl
from storage.meetups import Cancellation, MeetupRepository, MeetupSpec
from storage.models import utcnow
from storage.schedule_models import ALL_KINDS, KIND_MEETUPS, KIND_WALKIN
from storage.subscriptions import SubscriptionRepository

ADD_USAGE = ("Gebruik: /meetup add 2026-12-10 14:00 | Titel | bouwsteen1, bouwsteen2 | "
             "doelgroep | https://link (optioneel: 14:00-15:30 voor de eindtijd, "
             "en | locatie als zesde deel)")
CANCEL_USAGE = "Gebruik: /meetup cancel <id> (de id staat in /meetups)"
MEETUP_USAGE = f"{ADD_USAGE}\n{CANCEL_USAGE}"
KIND_WORDS = {
    "inloopuur": KIND_WALKIN, "walkin": KIND_WALKIN, "walk-in": KIND_WALKIN,
    "meetups": KIND_MEETUPS, "meetup": KIND_MEETUPS, "bijeenkomsten": KIND_MEETUPS,
}
KIND_NAMES = {KIND_WALKIN: "het maandelijkse inloopuur", KIND_MEETUPS: "de Meet Ups"}
WHEN_RE = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4})\s+"
                     r"(?P<h1>\d{1,2})[:.](?P<m1>\d{2})(?:\s*-\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2}))?$")
DEFAULT_MINUTES = 90


def _private(text: str, kind: str = "notice") -> Reply:
    return Reply(text=text, kind=kind, private=True)


def _admins_only(what: str) -> Reply:
    return _private(f"Alleen beheerders van de helpdesk kunnen {what}.", "error")


def _actor(incoming: Incoming) -> str:
    return f"{incoming.platform}:{incoming.user}"


def _kinds_text(kinds: frozenset[str]) -> str:
    return " en ".join(KIND_NAMES[k] for k in ALL_KINDS if k in kinds)


class ScheduleDesk:
    def __init__(self, subscriptions: SubscriptionRepository, meetups: MeetupRepository,
                 planner: MeetupPlanner, now: Callable[[], datetime] = utcnow):
        self.subscriptions, self.meetups, self.planner, self.now = (
            subscriptions, meetups, planner, now)

    # --- subscriptions -----------------------------------------------------------

    def subscribe(self, incoming: Incoming, arg: str) -> Reply:
        if not incoming.is_admin:
            return _admins_only("een kanaal aanmelden voor aankondigingen")
        words = arg.lower().split()
        unknown = [w for w in words if w not in KIND_WORDS and w not in ("alles", "all")]
        if unknown:
            return _private("Gebruik: /aanmelden [inloopuur|meetups] in het kanaal dat de "
                            "aankondigingen moet krijgen (zonder woord: allebei).", "error")
        kinds = frozenset(KIND_WORDS[w] for w in words if w in KIND_WORDS) or frozenset(ALL_KINDS)
        outcome = self.subscriptions.subscribe(incoming.platform, incoming.conversation, kinds,
                                               _actor(incoming))
        if outcome == "same":
            return _private(f"Dit kanaal krijgt al de aankondigingen van {_kinds_text(kinds)}.")
        return Reply(text=f"Aangemeld: dit kanaal krijgt voortaan de aankondigingen van "
                          f"{_kinds_text(kinds)}. Afmelden kan met /afmelden.", kind="notice")

    def unsubscribe(self, incoming: Incoming, arg: str) -> Reply:
        if not incoming.is_admin:
            return _admins_only("een kanaal afmelden")
        if self.subscriptions.unsubscribe(incoming.platform, incoming.conversation):
            return Reply(text="Afgemeld: dit kanaal krijgt geen aankondigingen meer.",
                         kind="notice")
        return _private("Dit kanaal was niet aangemeld voor aankondigingen.")

    def list_subscriptions(self, incoming: Incoming, arg: str) -> Reply:
        if not incoming.is_admin:
            return _admins_only("de aanmeldingen bekijken")
        subs = self.subscriptions.all()
        if not subs:
            return _private("Nog geen kanalen aangemeld. Gebruik /aanmelden in een kanaal.")
        lines = [f"{len(subs)} aangemelde kana{'al' if len(subs) == 1 else 'len'}:"]
        lines += [f"- {s.platform} {s.conversation}: {', '.join(sorted(s.kinds))} "
                  f"(door {s.created_by.split(':', 1)[-1] or '?'}, "
                  f"{format_nl(s.created_at.astimezone(self.planner.timezone))})" for s in subs]
        return _private("\n".join(lines))

    # --- meetups -------------------------------------------------------------------

    def list_meetups(self, incoming: Incoming, arg: str) -> Reply:
        upcoming = self.meetups.upcoming(self.now())
        if not upcoming:
            text = ("Er staan op dit moment geen Meet Ups gepland. Nieuwe Meet Ups worden in de "
                    "aangemelde kanalen aangekondigd.")
        else:
            lines = ["Komende Meet Ups:"]
            for m in upcoming:
                lines.append(f"\n{m.title} (id: {m.id})\n{when_text(m, self.planner.timezone)}")
                lines += details(m, self.planner.base_url)
            text = "\n".join(lines)
        if incoming.is_admin:
            text += f"\n\nBeheer:\n{MEETUP_USAGE}"
        return _private(text)

    def meetup(self, incoming: Incoming, arg: str) -> Reply:
        verb, _, rest = arg.strip().partition(" ")
        verb = verb.lower()
        if verb in ("", "list", "lijst"):
            return self.list_meetups(incoming, rest)
        if verb not in ("add", "toevoegen", "cancel", "annuleren", "afzeggen"):
            return _private(f"Dat ken ik niet.\n{MEETUP_USAGE}", "error")
        if not incoming.is_admin:
            return _admins_only("Meet Ups toevoegen of annuleren")
        if verb in ("add", "toevoegen"):
            return self.add(incoming, rest)
        meetup_id = rest.strip().lstrip("#")
        if not meetup_id or " " in meetup_id:
            return _private(CANCEL_USAGE, "error")
        return self._cancelled(self.cancel(meetup_id, _actor(incoming)), meetup_id)

    def _spec(self, text: str) -> MeetupSpec | str:
        parts = [p.strip() for p in text.split("|")]
        if len(parts) < 2 or len(parts) > 6 or not parts[1]:
            return ADD_USAGE
        match = WHEN_RE.match(parts[0])
        if not match:
            return f"Datum en tijd niet herkend: {parts[0][:40]!r}.\n{ADD_USAGE}"
        try:
            day_text = match["day"]
            if "-" in day_text and len(day_text.split("-")[0]) <= 2:
                d, m, y = (int(x) for x in day_text.split("-"))
                day = date(y, m, d)
            else:
                day = date.fromisoformat(day_text)
            start = datetime(day.year, day.month, day.day, int(match["h1"]), int(match["m1"]),
                             tzinfo=self.planner.timezone)
            minutes = DEFAULT_MINUTES
            if match["h2"]:
                end = start.replace(hour=int(match["h2"]), minute=int(match["m2"]))
                minutes = int((end - start).total_seconds() // 60)
        except ValueError:
            return f"Die datum of tijd bestaat niet: {parts[0][:40]!r}.\n{ADD_USAGE}"
        if minutes <= 0:
            return "De eindtijd moet na de begintijd liggen."
        if start <= self.now():
            return "Die datum en tijd liggen in het verleden."
        if len(parts[1]) > MAX_TITLE:
            return f"De titel is te lang (maximaal {MAX_TITLE} tekens)."
        parts += [""] * (6 - len(parts))
        link = parts[4]
        if link and not link.startswith(("https://", "http://")):
            return f"De link moet met https:// beginnen.\n{ADD_USAGE}"
        blocks = tuple(b.strip() for b in parts[2].split(",") if b.strip())
        return MeetupSpec(title=parts[1], starts_at=start, duration_minutes=minutes,
                          building_blocks=blocks, audience=parts[3][:255], link=link[:500],
                          location=parts[5][:255])

    def add(self, incoming: Incoming, text: str) -> Reply:
        spec = self._spec(text)
        if isinstance(spec, str):
            return _private(spec, "error")
        meetup = self.meetups.add(spec, _actor(incoming),
                                  local_date=spec.starts_at.date().isoformat())
        days = " en ".join(str(d) for d in self.planner.reminder_days)
        lines = [f"Meet Up toegevoegd (id: {meetup.id}): {meetup.title}, "
                 f"{when_text(meetup, self.planner.timezone)}."]
        lines += details(meetup, self.planner.base_url)
        lines.append(f"Herinneringen gaan {days} dag(en) vooraf en op de dag zelf naar de "
                     "aangemelde kanalen. Annuleren: /meetup cancel " + meetup.id)
        return _private("\n".join(lines))

    def cancel(self, meetup_id: str, actor: str) -> Cancellation:
        """Cancel; conversations that already got a reminder get a notice."""
        return self.meetups.cancel(meetup_id, actor, notice=self.planner.cancel_notice,
                                   now=self.now())

    def _cancelled(self, result: Cancellation, meetup_id: str) -> Reply:
        if result.reason == "not_found":
            return _private(f"Er is geen Meet Up met id {meetup_id[:80]!r}. Zie /meetups.",
                            "error")
        if result.reason == "already_cancelled":
            return _private(f"De Meet Up {meetup_id} was al geannuleerd.")
        text = f"De Meet Up \"{result.meetup.title}\" is geannuleerd; er gaan geen herinneringen "
        text += "meer uit."
        if result.notified:
            count = len(result.notified)
            text += (f" Een annuleringsbericht gaat naar {count} "
                     f"kana{'al' if count == 1 else 'len'} met een eerdere herinnering.")
        return _private(text)


def register_schedule_commands(router, desk: ScheduleDesk) -> None:
    """Add the commands and their help lines to a `handlers.router.Router`."""
    router.command(("/aanmelden", "/subscribe"), desk.subscribe)
    router.command(("/afmelden", "/unsubscribe"), desk.unsubscribe)
    router.command(("/abonnementen", "/subscriptions"), desk.list_subscriptions)
    router.command(("/meetups", "/bijeenkomsten"), desk.list_meetups)
    router.command(("/meetup", "/bijeenkomst"), desk.meetup)
    router.help_lines.append(("/meetups - de komende Meet Ups", False))
    router.help_lines.append((
        "Beheerders: /aanmelden [inloopuur|meetups] en /afmelden in een kanaal, /abonnementen, "
        "/meetup add ... en /meetup cancel <id>", True))

