"""The knowledge base's shape: an entry, a source and the loaded whole.

The YAML files are validated against these models, so a typo in a field name or
an empty answer is an error with a clear message rather than a silent gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
KNOWN_PLACEHOLDERS = frozenset({"inloopuur"})
MIN_PHRASINGS = 6
MAX_TITLE = 60
PUBLIC_SOURCE = "publiek"
YES_NO_OPENING = re.compile(r"^(ja|nee|yes|no)(?=[\s,.!;:]|$)", re.IGNORECASE)
"""An answer serves "wat is ..." phrasings too, so it opens with the fact, not "Ja."."""


class Source(BaseModel):
    """A programme text (or public information) that entries cite.

    `title` is the text's own (Dutch) title; `title_en` its English rendering for
    English answers. A programme text (one with a `file`) is cited in English as
    `English title (Dutch article: "Dutch title")`, so a reader can still find it.
    """

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)
    title_en: str | None = Field(default=None, min_length=1)
    file: str | None = None

    def cited(self, english: bool = False) -> str:
        if not english or not self.title_en:
            return self.title
        if self.file:
            return f'{self.title_en} (Dutch article: "{self.title}")'
        return self.title_en


class Entry(BaseModel):
    """One question topic with its Dutch (and optional English) answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    title_en: str | None = Field(default=None, max_length=MAX_TITLE)
    answer: str
    answer_en: str | None = None
    questions: list[str] = Field(min_length=MIN_PHRASINGS)
    tags: list[str] = Field(min_length=1)
    source: str
    source_url: str | None = None
    about_legal: bool = False
    gives: list[str] = Field(default_factory=list)
    """Specifics the answer holds that text patterns cannot see (knowledge.specifics):
    `person`, `names`, `results`, `decision`, `contents`."""
    items: list[str] = Field(default_factory=list)
    """For an answer that lists topics with entries of their own, those entry ids in
    the listed order, so "vertel meer over de derde" can follow up."""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not ID_RE.match(value):
            raise ValueError(f"id {value!r} must be a lowercase slug like 'ring-1-partners'")
        return value

    @field_validator("answer", "answer_en")
    @classmethod
    def _answer_text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            raise ValueError("answer is empty")
        if match := YES_NO_OPENING.match(value):
            raise ValueError(f"answer opens with {match.group(0)!r}: open with the fact itself")
        unknown = set(PLACEHOLDER_RE.findall(value)) - KNOWN_PLACEHOLDERS
        if unknown:
            raise ValueError(f"unknown placeholder(s) {sorted(unknown)} in answer")
        return value

    @field_validator("questions")
    @classmethod
    def _questions(cls, value: list[str]) -> list[str]:
        cleaned = [q.strip() for q in value]
        if any(not q for q in cleaned):
            raise ValueError("a phrasing is empty")
        return cleaned

    @field_validator("gives")
    @classmethod
    def _gives(cls, value: list[str]) -> list[str]:
        from knowledge.specifics import Specific

        unknown = set(value) - {s.value for s in Specific}
        if unknown:
            raise ValueError(f"unknown specific(s) in gives: {sorted(unknown)}")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        bad = [t for t in value if not t or t != t.lower()]
        if bad:
            raise ValueError(f"tags must be lowercase and non-empty: {bad}")
        return value

    @model_validator(mode="after")
    def _public_needs_url(self) -> Entry:
        if self.source == PUBLIC_SOURCE and not (self.source_url or "").startswith("https://"):
            raise ValueError("source 'publiek' needs a source_url starting with https://")
        return self

    def answer_in(self, language: str) -> str:
        """The answer text in `language` ('en' or 'nl'), Dutch when no English exists."""
        return self.answer_en if language == "en" and self.answer_en else self.answer

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title


@dataclass(frozen=True)
class KnowledgeBase:
    """All entries, in file order, with their sources."""

    entries: tuple[Entry, ...]
    sources: dict[str, Source] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)  # type: ignore[attr-defined]

    def source_title(self, entry: Entry, english: bool = False) -> str:
        """The source line under an answer; in English for an English answer."""
        source = self.sources.get(entry.source)
        title = source.cited(english) if source else entry.source
        return f"{title} ({entry.source_url})" if entry.source_url else title

    def __len__(self) -> int:
        return len(self.entries)
