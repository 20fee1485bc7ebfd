"""Decide what a message is: smalltalk, legal, or knowledge-base answers (one per
question in it), clarify or fallback. Pure decision, no side effects:
`helpdesk ask` uses it as is, and the router acts on its verdict (a legal
verdict becomes a ticket there, not here).

The steps, each explainable (`assess` returns them all, `explain` prints them):
1. smalltalk through and through -> a friendly reply;
2. the message taken apart (`knowledge.analysis`): greeting, context, up to
   three questions;
3. legal signals and plain-word dilemmas over the whole message;
4. every question read on its own (`handlers.question_reading`): matched with the
   asker's context as tie-breaker, with the sentences before it when it is thin
   or points back, with the previous turn's topic when it follows up; and for
   each answer the specifics asked for (a date, a name ...) that it does not
   give, so the reply can say so honestly;
5. the verdict: legal signals in the story around a question that stands on
   its own do not make it legal; off-topic, answer, clarify or fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from handlers.bot_questions import about_the_bot_only
from handlers.compose import (
    ACTION_FEEDBACK,
    ACTION_FORWARD_LEGAL,
    ACTION_FORWARD_TEAM,
    ACTION_PICK,
    Composer,
    WalkinText,
    feedback_choices,
)
from handlers.legal_desk import asks_a_contact, asks_the_desk, names_the_legal_desk, to_the_desk
from handlers.messages import Reply
from handlers.question_reading import OFFTOPIC_OVERRIDE, Part, QuestionReader, Topic, own_score
from handlers.smalltalk import courtesy_reply, questions_reply, smalltalk_reply
from handlers.walkin import describe_next
from knowledge.analysis import Analysis, Role, analyse
from knowledge.entries import KnowledgeBase
from knowledge.legal import LegalAssessment, LegalLexicon
from knowledge.matcher import ANSWER_THRESHOLD, MAX_OPTIONS, Matcher
from knowledge.normalize import normalize
from knowledge.offtopic import OffTopicDomains
from knowledge.smalltalk import SOCIAL

__all__ = ["ACTION_FEEDBACK", "ACTION_FORWARD_LEGAL", "ACTION_FORWARD_TEAM", "ACTION_PICK",
           "Assessment", "Part", "Topic", "Triage", "feedback_choices"]

STANDALONE_WEIGHT = 5.0
"""A question whose own words weigh at least this (about two topic words) stands on its
own: when it is answered well and carries no legal signal itself, legal signals in the
story around it do not turn the message into a legal question."""
STANDALONE_SCORE = 0.5
_CASE_REFERENCE = re.compile(
    r"\b(die|deze|dat|dit|those|these|that|this) (informatie|gegevens|info|verslag\w*|"
    r"dossier\w*|casus|situatie|gezin|vader|moeder|ouders?|kind\w*|jongere|zoon|dochter|"
    r"information|data|case|family|report|file)\b", re.IGNORECASE)
"""A question that points at the case told before it ("Mogen we die informatie
uitwisselen?") does not stand apart from that story."""
_PARTNERS = (r"(gecertificeerde instelling(en)?|veilig thuis|raad voor de kinderbescherming|"
             r"wijkteams?|lokale? teams?|regionale? veiligheidsteams?|associatie wijkteams)")
_PROGRAMME_PART = re.compile(
    r"\b(welke|is er|zijn er|komt er|heeft het programma|which|is there|are there|"
    r"does the programme have)\b(\W+\w+){0,8}?\W+(bouwstenen|bouwsteen|ontwikkelgroep(en)?|"
    r"werkgroep(en)?|building blocks?|working groups?|development groups?)\b|"
    rf"\bwat (doet|doen|is|zijn) (een |de |het |zo n |die )?{_PARTNERS}\b|"
    rf"\bwat (een |de |het |zo n |die )?{_PARTNERS} (doet|doen|is|zijn|inhoudt)\b|"
    rf"\bwhat (does|do|is|are) (a |an |the )?{_PARTNERS}\b")
"""A question about which part of the programme takes up a topic ("is er een bouwsteen
of groep die zich met dossiers en gegevensuitwisseling bezighoudt?"), or about what
a partner organisation does ("wat doet een GI, bij een OTS bijvoorbeeld?"), asks about
the programme, however legal the topic sounds."""


def _asks_for_a_programme_part(question: str) -> bool:
    return _PROGRAMME_PART.search(normalize(question)) is not None


def _standalone_bar(question: str) -> float:
    """The score a question's own answer needs to stand apart from a legal-sounding
    story: the answer threshold for one that asks which part of the programme takes
    up a topic (it names the programme itself), STANDALONE_SCORE for others."""
    return ANSWER_THRESHOLD if _asks_for_a_programme_part(question) else STANDALONE_SCORE


@dataclass(frozen=True)
class Assessment:
    """Everything the decision was based on, in order."""

    text: str
    language: str
    kind: str  # smalltalk | empty | legal | answer | clarify | fallback | offtopic
    reason: str
    analysis: Analysis | None = None
    legal: LegalAssessment | None = None
    parts: tuple[Part, ...] = ()
    smalltalk: Reply | None = field(default=None, compare=False)


def _legal_reason(legal: LegalAssessment) -> str:
    return f"legal signals {', '.join(legal.labels)} reach {legal.score}"


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


class Triage:
    """The decision for one message, from the knowledge base and the lexicons."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher, lexicon: LegalLexicon,
                 walkin_text: WalkinText | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 offtopic: OffTopicDomains | None = None):
        self.kb = kb
        self.matcher = matcher
        self.lexicon = lexicon
        self.offtopic = offtopic or OffTopicDomains()
        self.clock = clock
        self.composer = Composer(kb, walkin_text or (lambda now, en: describe_next(None, now, en)),
                                 clock)
        self.reader = QuestionReader(kb, matcher, self.offtopic, self.composer)

    @property
    def walkin_text(self) -> WalkinText:
        """The sentence about the next walk-in hour (also shown on the Slack Home tab)."""
        return self.composer.walkin_text

    # -- the decision -------------------------------------------------------
    def decide(self, text: str, previous: Topic | None = None) -> Reply:
        return self.composer.reply(self.assess(text, previous))

    def assess(self, text: str, previous: Topic | None = None,
               every_part: bool = False) -> Assessment:
        """`every_part`: match every question even when the message is clearly legal
        (for `--explain`; the decision itself does not need them)."""
        text = text or ""
        if not _has_words(text):
            return Assessment(text, "nl", "empty", "no words in the message")
        small = smalltalk_reply(text)
        if small is not None:
            return Assessment(text, small.language, "smalltalk", "smalltalk through and through",
                              smalltalk=small)
        analysis = analyse(text)
        asked = questions_reply([seg.text for seg in analysis.questions])
        if asked is not None:
            # What it asks is smalltalk; the rest is who they are and greetings.
            return Assessment(text, analysis.language, "smalltalk", "every question is smalltalk",
                              analysis, smalltalk=asked)
        if not analysis.questions:
            # Only greetings, thanks and sign-offs ("Groetjes, Anne", "kind regards").
            greeted = any(seg.role is Role.GREETING for seg in analysis.segments)
            english = analysis.language == "en"
            default = ("hello" if english else "hallo") if greeted else (
                "thanks" if english else "dank je")
            courtesy = courtesy_reply(text) or smalltalk_reply(default)
            return Assessment(text, analysis.language, "smalltalk", "only courtesy",
                              analysis, smalltalk=courtesy)
        legal = self.lexicon.assess(text)
        hard = legal.is_legal and not (legal.only_meta or legal.only_normative)
        standalone = hard and self._standalone_question(analysis, legal)
        # Plain-word evidence gives way only to questions that name an off-topic domain
        # themselves: asking the domains is cheap, reading every question is not.
        # A recognised situation ("share a kid's safety plan with his football coach?")
        # gives way only to domains no story about a family holds (a VPN, the weather);
        # and none gives way to a domain in a question that names a person of a family
        # ("may I edit a family's reports on my own laptop?").
        asks_offtopic = legal.only_soft and all(
            self.offtopic.find(seg.text, seg.language,
                               outside_stories_only=bool(legal.situations)) is not None
            and not self.lexicon.names_a_family(seg.text)
            for seg in analysis.questions)
        # "... wat we met de GI mogen uitwisselen. Er is een apart loket voor dat soort
        # vragen: wie zit daar?" asks the legal helpdesk's contact (handlers/legal_desk).
        desk = asks_the_desk(text, legal)
        if hard and not standalone and not every_part and not asks_offtopic and not (
                desk and all(asks_a_contact(seg.text) for seg in analysis.questions)):
            # A legal norm is at stake (a legal word, a dilemma, the model) and no
            # question stands apart from it: no programme answer can change that, so
            # nothing is matched.
            return Assessment(text, analysis.language, "legal", _legal_reason(legal),
                              analysis, legal)
        parts = tuple(self.reader.read(seg, analysis, previous) for seg in analysis.questions)
        if desk:
            named = names_the_legal_desk(text)
            parts = tuple(to_the_desk(p, self.kb, self.composer, named) for p in parts)
        if standalone and self._standalone_answer(parts):
            return Assessment(text, analysis.language, "answer",
                              f"{_legal_reason(legal)} only in the story around the question; "
                              "the question stands on its own and is answered well",
                              analysis, legal, parts)
        bot = about_the_bot_only(self.kb, text, analysis, parts)
        if bot is not None:
            reply, why = bot
            return Assessment(text, reply.language, "smalltalk", why, analysis, legal, parts,
                              smalltalk=reply)
        kind, reason = self._verdict(legal, parts, asks_offtopic)
        if kind in ("fallback", "clarify", "offtopic") and not analysis.asks:
            # Thanks or a goodbye in a statement ("Bedankt, ik ga ermee aan de slag!")
            # is answered in kind; a question asked and not answered ("..., so I'd like to
            # know who I should contact. Thanks!") is not waved off with "you're welcome".
            courtesy = courtesy_reply(text, only=SOCIAL if kind == "offtopic" else None)
            if courtesy is not None:
                return Assessment(text, courtesy.language, "smalltalk",
                                  "no question answered; courtesy phrases in a statement",
                                  analysis, legal, parts, smalltalk=courtesy)
        return Assessment(text, analysis.language, kind, reason, analysis, legal, parts)

    def _verdict(self, legal: LegalAssessment, parts: tuple[Part, ...],
                 asks_offtopic: bool) -> tuple[str, str]:
        """`asks_offtopic`: the legal evidence is plain-word only and every question names
        an off-topic domain itself."""
        kinds = [p.kind for p in parts]
        if asks_offtopic and parts and set(kinds) == {"offtopic"}:
            # Plain-word evidence (the model's hunch, a situation pieced together from
            # the story) does not outweigh questions that plainly ask something else
            # themselves ("will my train run? I don't want to be late for the family",
            # "kun jij een mail voor me opstellen?"); an off-topic word only in the story
            # ("de voetbaltrainer ... Kan dat?") does not count.
            return "offtopic", "only plain-word legal evidence; every question is off-topic"
        if legal.is_legal and not self._programme_question(legal, parts) and not (
                parts and all(p.kind == "answer" and self._about_legal(p)
                              and asks_a_contact(p.asked) for p in parts)):
            return "legal", _legal_reason(legal)
        strong = [p for p in parts if p.kind == "answer" and p.outcome.best
                  and own_score(p.outcome.best) >= OFFTOPIC_OVERRIDE]
        if "offtopic" in kinds and not strong:
            return "offtopic", "a request outside the helpdesk, nothing else answered well"
        if "answer" in kinds:
            return "answer", f"{kinds.count('answer')} of {len(kinds)} question(s) answered"
        if "clarify" in kinds:
            return "clarify", "no question clear enough to answer; close candidates"
        return "fallback", "no entry scores high enough"

    def _standalone_question(self, analysis: Analysis, legal: LegalAssessment) -> bool:
        """Whether a question of a legal-sounding message may stand apart from the story
        around it: enough words of its own, no legal signal in the questions (a mere
        mention, "is het inloopuur ook voor juridische vragen?", is none), none of the
        words that made the story's dilemma ("... tot medewerking te dwingen?"), and an
        answer of its own at STANDALONE_SCORE. Cheap first: most legal messages stop at
        the weight, and the questions are read in full only when this holds."""
        questions = " ".join(s.text for s in analysis.questions)
        story_words = {words for hit in legal.situations for concept, words in hit.evidence
                       if concept != "doubt"}
        asked = f" {normalize(questions)} "
        if any(f" {words} " in asked for words in story_words):
            return False
        own = [seg for seg in analysis.questions
               if self.reader.weight(seg.text) >= STANDALONE_WEIGHT
               and not _CASE_REFERENCE.search(seg.text)]
        context = analysis.context_text
        answered = [seg for seg in own
                    if (best := self.matcher.decide(seg.text, context).best) is not None
                    and best.score >= _standalone_bar(seg.text)]
        if not answered:
            return False
        if any(_asks_for_a_programme_part(seg.text) for seg in answered):
            return True
        in_questions = self.lexicon.assess(questions)
        return not in_questions.is_legal or in_questions.only_meta

    def _standalone_answer(self, parts: tuple[Part, ...]) -> bool:
        """Whether a question of the message stands on its own and is answered well (the
        legal-sounding background then is only background: "...zodra er een maatregel
        loopt. Klopt het dat volwassenenproblematiek onderdeel is van de aanpak?")."""
        return any(p.kind == "answer" and not p.borrowed and p.outcome.best is not None
                   and p.outcome.best.score >= _standalone_bar(p.asked)
                   and self.reader.weight(p.asked) >= STANDALONE_WEIGHT for p in parts)

    def _about_legal(self, part: Part) -> bool:
        entry = part.best_entry(self.kb)
        return entry is not None and entry.about_legal

    def _programme_question(self, legal: LegalAssessment, parts: tuple[Part, ...]) -> bool:
        """Legal-sounding questions that are really about the programme stay answers:
        one that only mentions legal matters while an entry about a legal topic is among
        its candidates (the walk-in hour for legal questions), and a "must we / may I"
        question with no legal topic and a strong answer (attending the half-year talk)."""
        if legal.only_meta and any(
                (e := self.kb.get(m.entry_id)) is not None and e.about_legal
                for p in parts for m in p.outcome.matches[:MAX_OPTIONS]):
            # It talks about legal questions (where to ask them) rather than asking one.
            return True
        answered = [p for p in parts if p.kind == "answer" and p.outcome.best
                    and p.outcome.best.score >= ANSWER_THRESHOLD]
        return bool(answered) and len(answered) == len(parts) and legal.only_normative

    # -- for buttons -------------------------------------------------------------
    def answer(self, entry_id: str, english: bool = False, score: float = 1.0) -> Reply:
        """The reply for one entry (a clarify choice), in the asker's language."""
        return self.composer.entry_reply(entry_id, english, score)
