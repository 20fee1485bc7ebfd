"""Knowledge entries written in the console: from form fields to an entry, checked
the way `helpdesk kb check` checks the YAML files, and merged with the YAML
knowledge base into what the bot serves. Pure: no storage, no platform."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from knowledge.entries import Entry, KnowledgeBase
from knowledge.loader import cross_check

CONSOLE_FILE = "console"
"""How problems name entries written in the console (instead of a YAML file name)."""
MAX_FIELD = 8000
MAX_PHRASINGS = 60
FIELDS = ("id", "title", "title_en", "answer", "answer_en", "questions", "tags", "source",
          "source_url", "about_legal")


def data_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """Form fields (phrasings one per line, tags comma-separated) to entry data;
    empty optional fields are left out, every text is cut to a sane length."""

    def text(name: str) -> str:
        return str(form.get(name, "") or "").replace("\r\n", "\n").strip()[:MAX_FIELD]

    data: dict[str, Any] = {
        "id": text("id").lower(),
        "title": text("title"),
        "answer": text("answer"),
        "questions": [q.strip() for q in text("questions").split("\n") if q.strip()]
        [:MAX_PHRASINGS],
        "tags": [t.strip().lower() for t in text("tags").split(",") if t.strip()],
        "source": text("source"),
        "about_legal": form.get("about_legal") in ("on", "true", "1", "yes"),
    }
    for optional in ("title_en", "answer_en", "source_url"):
        if text(optional):
            data[optional] = text(optional)
    return data


def form_from_data(data: Mapping[str, Any]) -> dict[str, str]:
    """The other way round, to fill the form."""
    return {
        "id": str(data.get("id") or ""), "title": str(data.get("title") or ""),
        "title_en": str(data.get("title_en") or ""), "answer": str(data.get("answer") or ""),
        "answer_en": str(data.get("answer_en") or ""),
        "questions": "\n".join(data.get("questions") or []),
        "tags": ", ".join(data.get("tags") or []), "source": str(data.get("source") or ""),
        "source_url": str(data.get("source_url") or ""),
        "about_legal": "on" if data.get("about_legal") else "",
    }


@dataclass(frozen=True)
class DraftCheck:
    entry: Entry | None
    problems: dict[str, list[str]]  # field (or "" for the whole entry) -> messages

    @property
    def ok(self) -> bool:
        return self.entry is not None and not self.problems

    def messages(self) -> list[str]:
        return [f"{k}: {m}" if k else m for k, ms in self.problems.items() for m in ms]


def check_draft(data: Mapping[str, Any], live: KnowledgeBase) -> DraftCheck:
    """Validate like `kb check`: the schema, then the checks across entries (unique id,
    known source, no phrasing or title another entry has) against everything served
    now (`live`)."""
    problems: dict[str, list[str]] = {}
    try:
        entry = Entry.model_validate(dict(data))
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            problems.setdefault(field, []).append(err["msg"].removeprefix("Value error, "))
        return DraftCheck(None, problems)
    others = [("kb", e) for e in live.entries]
    mine = f"{CONSOLE_FILE} entry {entry.id!r}"
    for problem in cross_check([*others, (CONSOLE_FILE, entry)], live.sources):
        if problem.where == mine or (problem.where.startswith("entries [")
                                     and repr(entry.id) in problem.where):
            problems.setdefault("", []).append(problem.message)
    return DraftCheck(None if problems else entry, problems)


def merged(base: KnowledgeBase, extra: Iterable[Entry]) -> KnowledgeBase:
    """The YAML knowledge base plus approved console entries. The YAML copy of an id
    wins (an exported entry that is now in the repository)."""
    added = [e for e in extra if base.get(e.id) is None]
    return KnowledgeBase(entries=base.entries + tuple(added), sources=base.sources)


def entries_from(datas: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """Approved entries as stored; one that no longer validates is skipped."""
    entries = []
    for data in datas:
        try:
            entries.append(Entry.model_validate(dict(data)))
        except ValidationError:
            continue
    return entries


def to_yaml_data(entry: Entry) -> dict[str, Any]:
    """An entry as it is written in a knowledge/kb/*.yaml file (no empty fields)."""
    data = entry.model_dump()
    return {k: data[k] for k in FIELDS if data.get(k) not in (None, "", [], False)}
