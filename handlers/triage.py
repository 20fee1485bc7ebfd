"""Decide what a free-text question is: smalltalk, legal, or a knowledge-base
answer / clarify / fallback. Pure decision, no side effects: `helpdesk ask`
uses it as is, and the router acts on its verdict (a legal verdict becomes a
ticket there, not here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from handlers.messages import Choice, Reply
from handlers.smalltalk import help_reply, smalltalk_reply
from handlers.walkin import describe_next
from knowledge.entries import Entry, KnowledgeBase
from knowledge.language import detect_language
from knowledge.legal import LegalAssessment, LegalLexicon
from knowledge.matcher import ANSWER_THRESHOLD, Matcher, Outcome

ACTION_PICK = "faq.pick"
ACTION_FEEDBACK = "faq.feedback"
ACTION_FORWARD_TEAM = "faq.forward_team"
ACTION_FORWARD_LEGAL = "legal.forward"

WalkinText = Callable[[datetime, bool], str]


def _texts(english: bool) -> dict[str, str]:
    if english:
        return {
            "legal": "This sounds like a legal question. The legal helpdesk answers those; "
                     "I can forward your question to them (personal data removed) and the "
                     "answer will come back to you privately.",
            "forward_legal": "Forward to the legal helpdesk",
            "clarify": "Which of these topics do you mean?",
            "fallback": "I don't have an answer to that (yet). Shall I forward your question "
                        "to the programme team? If it is a legal question, the legal helpdesk "
                        "can answer it.",
            "forward_team": "Forward to the programme team",
            "empty": "I didn't see a question there.",
        }
    return {
        "legal": "Dit klinkt als een juridische vraag. Die beantwoordt de juridische helpdesk: "
                 "ik kan je vraag doorsturen (zonder persoonsgegevens) en het antwoord komt "
                 "privé bij je terug.",
        "forward_legal": "Doorsturen naar de juridische helpdesk",
        "clarify": "Welk van deze onderwerpen bedoel je?",
        "fallback": "Daar heb ik (nog) geen antwoord op. Zal ik je vraag doorsturen naar het "
                    "landelijk programmateam? Is het een juridische vraag, dan kan de "
                    "juridische helpdesk hem beantwoorden.",
        "forward_team": "Doorsturen naar het programmateam",
        "empty": "Ik zag geen vraag in je bericht.",
    }


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


class Triage:
    """The decision for one question, from the knowledge base and the legal lexicon."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher, lexicon: LegalLexicon,
                 walkin_text: WalkinText | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.kb = kb
        self.matcher = matcher
        self.lexicon = lexicon
        self.walkin_text = walkin_text or (lambda now, en: describe_next(None, now, en))
        self.clock = clock

    def decide(self, text: str) -> Reply:
        text = text or ""
        english = detect_language(text) == "en"
        t = _texts(english)
        if not _has_words(text):
            reply = help_reply(english)
            reply.text = t["empty"] + " " + reply.text
            return reply
        small = smalltalk_reply(text)
        if small is not None:
            return small
        outcome = self.matcher.decide(text)
        legal = self.lexicon.assess(text)
        if legal.is_legal and not self._programme_question(outcome, legal):
            return Reply(
                text=t["legal"], kind="legal", score=legal.score,
                choices=[Choice(t["forward_legal"], ACTION_FORWARD_LEGAL, style="primary")],
            )
        best = outcome.best
        if outcome.kind == "answer" and best:
            return self.answer(best.entry_id, english, score=best.score)
        if outcome.kind == "clarify":
            entries = [self.kb.get(m.entry_id) for m in outcome.matches[:3]]
            lang = "en" if english else "nl"
            return Reply(
                text=t["clarify"], kind="clarify", score=best.score if best else 0.0,
                options=[e.id for e in entries if e],
                choices=[Choice(e.title_in(lang), ACTION_PICK, f"{lang}:{e.id}")
                         for e in entries if e],
            )
        return Reply(
            text=t["fallback"], kind="fallback", score=best.score if best else 0.0,
            choices=[Choice(t["forward_team"], ACTION_FORWARD_TEAM),
                     Choice(t["forward_legal"], ACTION_FORWARD_LEGAL)],
        )

    def _programme_question(self, outcome: Outcome, legal: LegalAssessment) -> bool:
        """Legal-sounding questions that are really about the programme stay answers:
        one that only mentions legal matters, with a strong answer about a legal topic
        (the walk-in hour for legal questions), and a "must we / may I" question with
        no legal topic and a strong answer (attending the half-year talk)."""
        best = outcome.best
        if best is None or outcome.kind != "answer" or best.score < ANSWER_THRESHOLD:
            return False
        if legal.only_normative:
            return True
        entry = self.kb.get(best.entry_id)
        return legal.only_meta and bool(entry and entry.about_legal)

    def answer(self, entry_id: str, english: bool = False, score: float = 1.0) -> Reply:
        """The reply for one entry, in the asker's language, with source and feedback buttons."""
        entry = self.kb.get(entry_id)
        if entry is None:
            return Reply(text=_texts(english)["fallback"], kind="fallback")
        return Reply(
            text=self.render(entry, english), kind="answer", entry_id=entry.id,
            score=score, source=self.kb.source_title(entry),
            choices=feedback_choices(entry.id, english),
        )

    def render(self, entry: Entry, english: bool) -> str:
        text = entry.answer_in("en" if english else "nl")
        if "{inloopuur}" in text:
            text = text.replace("{inloopuur}", self.walkin_text(self.clock(), english)).strip()
        return text


def feedback_choices(entry_id: str, english: bool = False) -> list[Choice]:
    """Helpful / not helpful buttons under an answer."""
    if english:
        return [Choice("👍 Helpful", ACTION_FEEDBACK, f"up:{entry_id}"),
                Choice("👎 Not helpful", ACTION_FEEDBACK, f"down:{entry_id}")]
    return [Choice("👍 Nuttig", ACTION_FEEDBACK, f"up:{entry_id}"),
            Choice("👎 Niet nuttig", ACTION_FEEDBACK, f"down:{entry_id}")]
