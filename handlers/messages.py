"""The platform-neutral message model.

Adapters turn a Slack event, a Teams activity or a terminal line into an
`Incoming`; handlers return `Reply` objects; adapters, the outbox and the
scheduler render and send them. Nothing here knows about any platform.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

ReplyKind = Literal[
    "answer", "clarify", "fallback", "legal", "smalltalk", "ticket", "notice", "error"
]

ROLE_STAFF = "staff"
ROLE_ADMIN = "admin"
ROLE_CURATOR = "curator"
"""Curators look after the knowledge base (the console's Knowledge page)."""


@dataclass(frozen=True)
class Action:
    """A button press or card submit: which action, with what value and form inputs."""

    name: str
    value: str = ""
    inputs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Incoming:
    """One thing a person said or clicked, with who and where. `platform` is a name from
    the platform registry (bot/platforms.py); `event_id` identifies the stored inbox row,
    so work done for it (a ticket) is done once."""

    platform: str
    conversation: str
    user: str
    text: str = ""
    thread: str | None = None
    is_direct: bool = False
    roles: frozenset[str] = frozenset()
    user_name: str = ""
    event_id: str | None = None
    action: Action | None = None
    message_ref: str | None = None

    @property
    def is_staff(self) -> bool:
        return ROLE_STAFF in self.roles or ROLE_ADMIN in self.roles

    @property
    def is_admin(self) -> bool:
        return ROLE_ADMIN in self.roles

    def to_dict(self) -> dict[str, Any]:
        """For the inbox: everything but the roles, which are decided when it is handled."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "roles"}
        if self.action is not None:
            data["action"] = {"name": self.action.name, "value": self.action.value,
                              "inputs": dict(self.action.inputs)}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Incoming:
        known = {f.name for f in fields(cls)} - {"roles"}
        values = {k: v for k, v in data.items() if k in known}
        action = values.get("action")
        if isinstance(action, dict):
            values["action"] = Action(**action)
        return cls(**values)


@dataclass(frozen=True)
class Choice:
    """A button: its label, the action it triggers and the value it carries."""

    label: str
    action: str
    value: str = ""
    style: Literal["default", "primary", "danger"] = "default"
    prompt: str = ""
    """When set, the button first asks for a text (a Slack modal, a Teams card
    input); the text arrives as `Action.inputs["text"]`."""


@dataclass(frozen=True)
class Section:
    """One part of a reply to a message with several questions: a heading (the
    entry's title, or the question it could not answer), the text, its source."""

    heading: str
    text: str
    source: str | None = None
    entry_id: str | None = None

    def plain(self, source_label: str = "Bron") -> str:
        """The section as plain text (the shell, `ask`, notifications)."""
        lines = [self.heading, self.text]
        if self.source:
            lines.append(f"({source_label}: {self.source})")
        return "\n".join(lines)


@dataclass
class Reply:
    """What the bot says back. Adapters render it; handlers only build it.

    `private` asks the adapter to show it only to the asker (ephemeral in a
    Slack channel, a personal chat in Teams); `in_thread` asks for a thread
    reply when the question came from a channel.
    """

    text: str
    kind: ReplyKind = "notice"
    choices: list[Choice] = field(default_factory=list)
    private: bool = False
    in_thread: bool = True
    entry_id: str | None = None
    score: float = 0.0
    options: list[str] = field(default_factory=list)
    source: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    """Several questions answered at once: one section each (text holds them all)."""
    gaps: list[str] = field(default_factory=list)
    """Questions (or parts) the bot could not answer fully: kept for curators."""
    reason: str = ""
    """Why this outcome ("offtopic", or the triage's reason), for curators and logs."""
    language: str = "nl"

    @property
    def english(self) -> bool:
        return self.language == "en"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        data = dict(data)
        data["choices"] = [Choice(**c) for c in data.get("choices", [])]
        data["sections"] = [Section(**s) for s in data.get("sections", [])]
        return cls(**data)


def source_label(reply: Reply) -> str:
    """The word before a source line, in the reply's language."""
    return "Source" if reply.english else "Bron"
