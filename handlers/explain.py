"""`helpdesk ask --explain`: the decision for one message, told for a person.

A curator sees how the message was taken apart, which legal signals fired
(and which words made them), the top candidates per question with their score
components, the specifics asked for and missing, and why the outcome is what it
is. The same text is shown in the console's "try a question" box.
"""

from __future__ import annotations

from handlers.triage import Assessment, Triage
from knowledge.matcher import ANSWER_THRESHOLD, CLARIFY_THRESHOLD, CONFIDENT
from knowledge.specifics import asked


def explain(triage: Triage, text: str) -> str:
    """The assessment of `text` as readable lines."""
    return render(triage, triage.assess(text, every_part=True))


def render(triage: Triage, a: Assessment) -> str:
    lines = [f"message: {_short(a.text, 200)!r}", f"language: {a.language}"]
    if a.analysis is not None:
        lines.append("parts found:")
        for seg in a.analysis.segments:
            lines.append(f"  - {seg.role.value:<8} [{seg.language}] {_short(seg.text, 120)!r}")
    if a.legal is not None:
        legal = a.legal
        verdict = "legal" if legal.is_legal else "not legal"
        lines.append(f"legal signals: score {legal.score} (threshold {legal.threshold}) -> "
                     f"{verdict}; signals: {', '.join(legal.labels) or 'none'}")
        for hit in legal.situations:
            lines.append(f"  situation {hit.explain()}")
        model = triage.lexicon.model
        evidence = ", ".join(f"{g!r} {w:+.2f}" for g, w in model.evidence(a.text))
        lines.append(f"  model probability {legal.probability:.2f}; strongest words: "
                     f"{evidence or 'none'}")
    for n, part in enumerate(a.parts, 1):
        lines.append(f"question {n}: {_short(part.asked, 150)!r}")
        if part.borrowed:
            lines.append(f"  too thin to match alone or points back; matched with the "
                         f"{part.borrowed} before it: {_short(part.query, 150)!r}")
        query = triage.matcher.query(part.query)
        known = ", ".join(f"{t} {w:.2f}" for t, w in query.weights.items())
        unknown = ", ".join(f"{t} {w:.2f}" for t, w in query.unknown.items())
        lines.append(f"  words (weight): {known or 'none'}; unknown to the knowledge base: "
                     f"{unknown or 'none'}")
        for m in part.outcome.matches[:3]:
            entry = triage.kb.get(m.entry_id)
            title = entry.title if entry else "?"
            lines.append(f"  candidate {m.entry_id} ({title}): score {m.score:.3f} = "
                         f"phrasing {m.phrasing:.3f}, fields {m.fields:.3f}, "
                         f"context {m.context:.3f}, learnt model {m.learnt:.3f}")
        wanted = sorted(s.value for s in asked(part.asked))
        if wanted:
            missing = [s.value for s in part.missing]
            lines.append(f"  specifics asked: {', '.join(wanted)}; not in the answer: "
                         f"{', '.join(missing) or 'none'}")
        if part.offtopic:
            lines.append(f"  off-topic: {part.offtopic.domain} (word {part.offtopic.words!r})")
        if part.chat:
            lines.append("  smalltalk: answered as such, not matched")
        lines.append(f"  -> {part.kind}")
    lines.append(f"outcome: {a.kind} ({a.reason})")
    lines.append(f"thresholds: answer >= {ANSWER_THRESHOLD}, clarify >= {CLARIFY_THRESHOLD}, "
                 f"always answer >= {CONFIDENT}")
    return "\n".join(lines)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
