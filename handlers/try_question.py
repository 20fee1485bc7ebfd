"""The console's "try a question" box: what the bot would decide for a text, and why.

`explain` is the single place the console asks for an explanation: the decision,
the top candidates and the legal signals, and the text `helpdesk ask --explain`
prints (handlers.explain). Deciding sends nothing and stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers.explain import render
from handlers.triage import Triage

MAX_TRY_CHARS = 2000


@dataclass
class TryResult:
    text: str
    kind: str
    reply: str
    entry_id: str | None
    score: float
    options: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    candidates: list[tuple[str, str, float]] = field(default_factory=list)
    legal_score: float = 0.0
    legal_threshold: float = 0.0
    legal_signals: tuple[str, ...] = ()
    explanation: str | None = None


def explain(triage: Triage, text: str) -> TryResult:
    text = text[:MAX_TRY_CHARS]
    assessment = triage.assess(text, every_part=True)
    reply = triage.composer.reply(assessment)
    kb = triage.kb

    def title(entry_id: str) -> str:
        entry = kb.get(entry_id)
        return entry.title if entry else entry_id

    result = TryResult(text=text, kind=reply.kind, reply=reply.text, entry_id=reply.entry_id,
                       score=reply.score, options=[(o, title(o)) for o in reply.options])
    legal = assessment.legal or triage.lexicon.assess(text)
    result.legal_score, result.legal_threshold = legal.score, legal.threshold
    result.legal_signals = tuple(legal.labels)
    matches = [m for part in assessment.parts for m in part.outcome.matches[:3]]
    result.candidates = [(m.entry_id, title(m.entry_id), m.score) for m in matches[:5]]
    result.explanation = render(triage, assessment)
    return result
