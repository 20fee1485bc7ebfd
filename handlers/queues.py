"""The human queues a question can be routed to, in one place.

Each entry says what the queue is called (on the staff card, in /tickets, to the
asker, in Dutch and English), which chat commands send a question straight to it,
and which platform setting names its channel (with a fallback channel when that
setting is empty). Adding a queue is one entry here plus its channel setting in
`bot.platform.PlatformConfig`; nothing else branches on queue names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Queue(StrEnum):
    LEGAL = "legal"
    TEAM = "team"


@dataclass(frozen=True)
class QueueSpec:
    queue: Queue
    title: str
    """On the staff card and in /tickets ("Juridische helpdesk")."""
    who_nl: str
    who_en: str
    commands: tuple[str, ...]
    """Chat commands that route a question straight to this queue."""
    channel_setting: str
    """The `PlatformConfig` field with the channel where its cards go."""
    fallback_setting: str = ""
    """Used when `channel_setting` is empty on a platform."""
    example_nl: str = "Mogen we het dossier delen met school?"
    example_en: str = "May we share the file with the school?"

    def who(self, english: bool) -> str:
        return self.who_en if english else self.who_nl


QUEUES: Mapping[Queue, QueueSpec] = {
    Queue.LEGAL: QueueSpec(
        Queue.LEGAL, "Juridische helpdesk", "de juridische helpdesk", "the legal helpdesk",
        ("/juridisch", "/legal"), "staff_channel"),
    Queue.TEAM: QueueSpec(
        Queue.TEAM, "Programmateam", "het programmateam", "the programme team",
        ("/programmateam", "/team"), "team_channel", fallback_setting="staff_channel",
        example_nl="Wanneer komt de volgende nieuwsbrief?",
        example_en="When is the next newsletter?"),
}


def spec(queue: str) -> QueueSpec:
    """The entry for a queue name; ValueError for a name that is not in the registry."""
    return QUEUES[Queue(queue)]
