"""Decide what a message is: smalltalk, legal, or knowledge-base answers (one per
question in it), clarify or fallback. Pure decision, no side effects:
`helpdesk ask` uses it as is, and the router acts on its verdict (a legal
verdict becomes a ticket there, not here).

The steps, each explainable (`assess` returns them all, `explain` prints them):
1. smalltalk through and through -> a friendly reply;
2. the message taken apart (`knowledge.analysis`): greeting, context, up to
   three questions;
3. legal signals and plain-word dilemmas over the whole message;
4. every question matched on its own, with the asker's context as tie-breaker;
   a question too thin to match ("Kun je dat uitleggen?") borrows the sentence
   before it, and a follow-up borrows the previous turn's topic;
5. for each answer, the specifics asked for (a date, a name ...) that it does
   not give, so the reply can say so honestly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from handlers.compose import (
    ACTION_FEEDBACK,
    ACTION_FORWARD_LEGAL,
    ACTION_FORWARD_TEAM,
    ACTION_PICK,
    Composer,
    WalkinText,
    feedback_choices,
)
from handlers.messages import Reply
from handlers.smalltalk import courtesy_reply, smalltalk_reply
from handlers.walkin import describe_next
from knowledge.analysis import Analysis, Role, Segment, analyse
from knowledge.entries import KnowledgeBase
from knowledge.legal import LegalAssessment, LegalLexicon
from knowledge.matcher import (
    ANSWER_THRESHOLD,
    MAX_OPTIONS,
    Match,
    Matcher,
    Outcome,
    decide_kind,
)
from knowledge.offtopic import OffTopic, OffTopicDomains
from knowledge.specifics import Specific, missing

__all__ = ["ACTION_FEEDBACK", "ACTION_FORWARD_LEGAL", "ACTION_FORWARD_TEAM", "ACTION_PICK",
           "Assessment", "Part", "Topic", "Triage", "feedback_choices"]

OFFTOPIC_OVERRIDE = 0.6
"""A question that names an off-topic domain (printers, leave, the weather) is
off-topic unless the knowledge base answers it at least this well."""
STANDALONE_WEIGHT = 5.0
"""A question whose own words weigh at least this (about two topic words) stands on its
own: when it is answered well and carries no legal signal itself, legal signals in the
story around it do not turn the message into a legal question."""
STANDALONE_SCORE = 0.5
MIN_PART_WEIGHT = 2.5
"""A question whose known words weigh less than this (in IDF units: about one
topic word) is too thin to match alone and borrows the sentence before it."""
_REFERENCE = re.compile(
    r"\b(die|dat|daar|daarvan|ervan|daarin|erin|daarover|erover|daarbij|erbij|daarmee|ermee|"
    r"hierover|hiervan|deze|dit|het|ze|zij|hun|hen|elk|elke|ieder|iedere|"
    r"eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|laatste|those|these|that|"
    r"it|they|them|each|first|second|third|fourth|last)\b", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"\b(die|dat|daar|daarvan|ervan|daarin|erin|daarover|erover|daarbij|erbij|daarmee|ermee|"
    r"hierover|hiervan|deze|dit|ze|zij|hun|hen|those|these|that|it|they|them)\b",
    re.IGNORECASE)
"""Words that point back at what came before (not "het": it is mostly an article)."""
_ORDINALS = {"eerste": 0, "tweede": 1, "derde": 2, "vierde": 3, "vijfde": 4, "zesde": 5,
             "zevende": 6, "achtste": 7, "first": 0, "second": 1, "third": 2, "fourth": 3,
             "fifth": 4, "sixth": 5, "seventh": 6, "eighth": 7}
_ORDINAL = re.compile(rf"\b({'|'.join(_ORDINALS)})\b")


@dataclass(frozen=True)
class Topic:
    """What the previous turn in a conversation was about (for follow-ups)."""

    entry_ids: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """One question of the message and what the knowledge base makes of it."""

    asked: str  # the question as written
    query: str  # what was matched (the question, maybe with a borrowed sentence or topic)
    language: str
    outcome: Outcome
    missing: tuple[Specific, ...] = ()
    offtopic: OffTopic | None = None
    borrowed: str = ""  # "", "sentence", "topic" or "item"

    @property
    def kind(self) -> str:
        if self.offtopic is not None:
            return "offtopic"
        return self.outcome.kind


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


_RANK = {"answer": 2, "clarify": 1, "fallback": 0}


def _better(new: Outcome, old: Outcome) -> bool:
    """Whether `new` is a more useful reading than `old`."""
    if _RANK[new.kind] != _RANK[old.kind]:
        return _RANK[new.kind] > _RANK[old.kind]
    return bool(new.best) and (not old.best or new.best.score > old.best.score)


def _points_back(asked: str) -> bool:
    """A short question that refers to what came before ("daarin", "de derde", "3")."""
    return asked.lower().strip(" ?.!").isdigit() or (
        len(asked.split()) <= 10 and bool(_REFERENCE.search(asked)))


def _may_follow_up(asked: str, outcome: Outcome) -> bool:
    """Whether a question could lean on the previous turn: it does not stand on its own,
    or it points back."""
    return outcome.kind != "answer" or _points_back(asked)


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
        standalone = hard and self._standalone_question(analysis)
        if hard and not standalone and not every_part:
            # A legal norm is at stake (a legal word, a dilemma, the model) and no
            # question stands apart from it: no programme answer can change that, so
            # nothing is matched.
            return Assessment(text, analysis.language, "legal", _legal_reason(legal),
                              analysis, legal)
        parts = tuple(self._part(seg, analysis, previous) for seg in analysis.questions)
        if standalone and self._standalone_answer(parts):
            return Assessment(text, analysis.language, "answer",
                              f"{_legal_reason(legal)} only in the story around the question; "
                              "the question stands on its own and is answered well",
                              analysis, legal, parts)
        kind, reason = self._verdict(legal, parts)
        if kind in ("fallback", "clarify", "offtopic"):
            courtesy = courtesy_reply(text)
            if courtesy is not None:
                return Assessment(text, courtesy.language, "smalltalk",
                                  "no question answered; courtesy phrases in a statement",
                                  analysis, legal, parts, smalltalk=courtesy)
        return Assessment(text, analysis.language, kind, reason, analysis, legal, parts)

    def _verdict(self, legal: LegalAssessment, parts: tuple[Part, ...]) -> tuple[str, str]:
        kinds = [p.kind for p in parts]
        if legal.is_legal and not self._programme_question(legal, parts):
            return "legal", _legal_reason(legal)
        strong = [p for p in parts if p.kind == "answer" and p.outcome.best
                  and p.outcome.best.score >= OFFTOPIC_OVERRIDE]
        if "offtopic" in kinds and not strong:
            return "offtopic", "a request outside the helpdesk, nothing else answered well"
        if "answer" in kinds:
            return "answer", f"{kinds.count('answer')} of {len(kinds)} question(s) answered"
        if "clarify" in kinds:
            return "clarify", "no question clear enough to answer; close candidates"
        return "fallback", "no entry scores high enough"

    def _standalone_question(self, analysis: Analysis) -> bool:
        """Whether a question of a legal-sounding message carries enough words of its own
        to stand apart from the story around it, with no legal signal in the questions."""
        if not any(self._weight(seg.text) >= STANDALONE_WEIGHT for seg in analysis.questions):
            return False
        return not self.lexicon.assess(" ".join(s.text for s in analysis.questions)).is_legal

    def _standalone_answer(self, parts: tuple[Part, ...]) -> bool:
        """Whether a question of the message stands on its own and is answered well (the
        legal-sounding background then is only background: "...zodra er een maatregel
        loopt. Klopt het dat volwassenenproblematiek onderdeel is van de aanpak?")."""
        return any(p.kind == "answer" and not p.borrowed and p.outcome.best is not None
                   and p.outcome.best.score >= STANDALONE_SCORE
                   and self._weight(p.asked) >= STANDALONE_WEIGHT for p in parts)

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

    # -- one question ----------------------------------------------------------
    def _part(self, seg: Segment, analysis: Analysis, previous: Topic | None) -> Part:
        context = " ".join(s.text for s in analysis.segments if s.role is Role.CONTEXT)
        query, borrowed = seg.text, ""
        outcome = self.matcher.decide(query, context)
        thin = self._weight(query) < MIN_PART_WEIGHT
        refers = bool(_ANAPHOR.search(seg.text))
        if refers or (thin and outcome.kind != "answer"):
            # Too thin to stand alone ("Kun je dat uitleggen?"), or it points back at
            # what came before ("..., and when do they start?", "Wat wordt ermee
            # bedoeld?"): read it with the sentence before it (or the two before it).
            outcome, query, borrowed = self._with_sentences_before(
                seg, analysis, context, outcome, query, borrowed,
                thin_answer=thin and outcome.kind == "answer", questions_too=thin)
        if previous is not None and _may_follow_up(seg.text, outcome) and previous.entry_ids:
            outcome, query, borrowed = self._follow_up(seg.text, outcome, query, borrowed,
                                                       previous, context)
        best = outcome.best
        off = None
        if best is None or best.score < OFFTOPIC_OVERRIDE:
            off = self.offtopic.find(seg.text, seg.language)
        if off is None and context and self._weight(seg.text) < MIN_PART_WEIGHT:
            # "The printer says paper jam. Help?": a thin question is about its story,
            # however well its one word matches an entry on its own.
            off = self.offtopic.find(context, seg.language)
        gaps: tuple[Specific, ...] = ()
        if outcome.kind == "answer" and best is not None:
            entry = self.kb.get(best.entry_id)
            if entry is not None:
                answer = self.composer.render(entry, seg.language == "en")
                gaps = tuple(missing(seg.text, answer, frozenset(entry.gives)))
        return Part(seg.text, query, seg.language, outcome, gaps, off, borrowed)

    def _with_sentences_before(self, seg: Segment, analysis: Analysis, context: str,
                               outcome: Outcome, query: str, borrowed: str,
                               thin_answer: bool, questions_too: bool
                               ) -> tuple[Outcome, str, str]:
        """The better reading of a question with one or two sentences before it. A
        thin question that points back and matched alone on a single word keeps the
        wider reading whenever that is an answer too. A question with words of its own
        borrows only from the story ("...over 'verbreden'. Wat wordt ermee bedoeld?"),
        not from the question before it: "Wat zijn de bouwstenen? En wat vindt de
        staatssecretaris ervan?" asks something the first answer does not give."""
        roles = (Role.CONTEXT, Role.QUESTION) if questions_too else (Role.CONTEXT,)
        before = [s for s in analysis.segments if s.end <= seg.start and s.role in roles]
        for n in (1, 2):
            if len(before) < n:
                break
            wider = " ".join(s.text for s in before[-n:]) + " " + seg.text
            again = self.matcher.decide(wider, context)
            if thin_answer:
                # Keep its own reading when the story agrees with it (its entry is among
                # the wider reading's candidates); take the wider one when it does not.
                agrees = outcome.best is not None and outcome.best.entry_id in {
                    m.entry_id for m in again.matches[:MAX_OPTIONS]}
                if again.kind == "answer" and not agrees:
                    return again, wider, "sentence"
            elif _better(again, outcome):
                return again, wider, "sentence"
        return outcome, query, borrowed

    def _weight(self, text: str) -> float:
        """All the word weight a text carries, known to the knowledge base or not."""
        return self.matcher.query(text).total

    def _follow_up(self, asked: str, outcome: Outcome, query: str, borrowed: str,
                   previous: Topic, context: str) -> tuple[Outcome, str, str]:
        """Resolve a follow-up ("vertel meer over de derde", "en hoeveel zijn er van
        elk?") against the previous turn's topic, when that reads better."""
        entry = self.kb.get(previous.entry_ids[0])
        if entry is None:
            return outcome, query, borrowed
        folded = asked.lower().strip(" ?.!")
        said = _ORDINAL.search(folded)
        ordinal = _ORDINALS[said.group(1)] if said else None
        if folded.isdigit():  # "3" after a list: the third item, or nothing to follow up
            ordinal = int(folded) - 1
            if not 0 <= ordinal < len(entry.items):
                return outcome, query, borrowed
        if ordinal is not None and ordinal < len(entry.items):
            item = self.kb.get(entry.items[ordinal])
            if item is not None:
                return (Outcome("answer", (Match(item.id, 1.0),), outcome.language),
                        f"{asked} [{item.title}]", "item")
        topic = " ".join(entry.tags)
        ranked = self.matcher.rank(f"{asked} {topic}", context)
        # A follow-up asks something else about the same topic: the previous answer was
        # given already, so the reading is the best *other* entry that shares a tag.
        tags = set(entry.tags)
        others = tuple(m for m in ranked if m.entry_id != entry.id
                       and tags & set(getattr(self.kb.get(m.entry_id), "tags", ())))
        again = Outcome(decide_kind(list(others)), others, outcome.language)
        own = outcome.best.score if outcome.best else 0.0
        if again.best and (outcome.kind != "answer" or again.best.score > own) \
                and again.kind != "fallback":
            return again, f"{asked} [{entry.title}]", "topic"
        return outcome, query, borrowed

    # -- for buttons -------------------------------------------------------------
    def answer(self, entry_id: str, english: bool = False, score: float = 1.0) -> Reply:
        """The reply for one entry (a clarify choice), in the asker's language."""
        return self.composer.entry_reply(entry_id, english, score)
