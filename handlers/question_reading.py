"""Read one question of a message against the knowledge base: alone, or with the
sentences before it when it is too thin or points back ("Wat wordt ermee
bedoeld?"), or with the previous turn's topic when it follows up; then whether it
is off-topic, and which specifics it asks for that the answer does not give.
Pure, like the triage that uses it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.compose import Composer
from handlers.smalltalk import part_text, smalltalk_question
from knowledge.analysis import Analysis, Role, Segment
from knowledge.entries import Entry, KnowledgeBase
from knowledge.matcher import MAX_OPTIONS, Match, Matcher, Outcome, decide_kind
from knowledge.offtopic import OffTopic, OffTopicDomains
from knowledge.specifics import Specific, missing

OFFTOPIC_OVERRIDE = 0.6
"""A question that names an off-topic domain (printers, leave, the weather) is
off-topic unless the knowledge base answers it at least this well on its own words
(`own_score`: the context bonus does not count)."""

MIN_PART_WEIGHT = 2.5
"""A question whose known words weigh less than this (in IDF units: about one
topic word) is too thin to match alone and borrows the sentence before it."""
OWN_UNKNOWN_WEIGHT = 1.0
"""An unknown word weighing this much (a rare word, "staatssecretaris") is a topic of
the question's own, however thin the question is otherwise."""
AGREE_WITHIN = 0.2
"""A question that points back keeps its own reading when the wider reading (with the
sentence before it) has that entry among its choices within this of its best; further
behind, the story clearly is about something else, and the wider reading is taken."""
_REFERENCE = re.compile(
    r"\b(die|dat|daar|daarvan|ervan|daarin|erin|daarover|erover|daarbij|erbij|daarmee|ermee|"
    r"hierover|hiervan|deze|dit|het|ze|zij|hun|hen|elk|elke|ieder|iedere|"
    r"eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|laatste|those|these|that|"
    r"it|they|them|each|first|second|third|fourth|last)\b", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"\b(daarvan|ervan|daarin|erin|daarover|erover|daarbij|erbij|daarmee|ermee|daarvoor|"
    r"ervoor|daaraan|eraan|hierover|hiervan|hiermee|hierin|ze|zij|hun|hen|they|them|those|"
    r"these|zulke|dergelijke|such)\b|\bzo['’]?n\b|"
    r"\b(for|about|of|to|with|in|on|from|behind) it\b|\bdaar\b|"
    r"\b(die|deze|dat|dit)(\s+\w+){0,4}\s+(op een rij\w*|opsommen|opnoemen|uitleggen|"
    r"toelichten)\b|"
    r"\b(wat|what) (is|houdt|betekent|means?|does) (dat|dit|die|deze|that|this|it)\b|"
    r"\b(die|deze|dit|dat|this|that|these|those) (\w+ )?(werkgroep|groep|bouwsteen|onderdeel|"
    r"kader|netwerk|bijeenkomst|sessie|thema|ding|omgeving|aanpak|working group|group|"
    r"building block|component|framework|network|meeting|session|theme|thing|environment|"
    r"approach|arrangement)(en|s)?\b",
    re.IGNORECASE)
"""Words that point back at what came before: pronominal adverbs ("ermee") and their
English kind ("the e-mail address for it"), a bare "daar" ("wat wordt daar besproken?";
not English "there", mostly "is there"), a demonstrative asked to be listed or
explained ("kun je die op een rijtje zetten?"), "they", "zo'n gesprek", "wat is dat", "die
werkgroep", "this framework". Not "dat", "die",
"dit" or "it" alone: mostly a conjunction, a relative pronoun, a determiner or a dummy
subject."""
_STRANDED = re.compile(
    r"\b(er|daar|hier)\b(\s+\S+){0,6}?\s+(in|mee|over|bij|van|aan|voor|op|uit|naar|door|"
    r"achter|tegen)\W*$", re.IGNORECASE)
"""A pronominal adverb split around the question, its preposition stranded at the end:
"En zitten er ook proeftuinen in?", "Wat vindt de staatssecretaris er eigenlijk van?"."""
_ELLIPTIC = re.compile(r"^(en|and)\s+(\S+\s+){0,5}\S+\W*$", re.IGNORECASE)
_TOPICLESS = frozenset(
    "hoeveel hoe vaak ver lang laat veel wanneer waar wie wat welk welke waarom "
    "how many much often far long when where who what which why".split())
"""A short second question after a bare "en"/"and" whose known words only ask ("...
en hoeveel zijn het er?", "... and who runs it?"): its topic is the question before
it. "En zitten er ook proeftuinen in?" names one of its own."""
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
    chat: str = ""  # the reply to a smalltalk question ("ben jij een bot?") among others

    def best_entry(self, kb: KnowledgeBase) -> Entry | None:
        """The knowledge-base entry of the best match, if any (and still there)."""
        best = self.outcome.best
        return kb.get(best.entry_id) if best is not None else None

    @property
    def kind(self) -> str:
        if self.chat:
            return "smalltalk"
        if self.offtopic is not None:
            return "offtopic"
        return self.outcome.kind


_RANK = {"answer": 2, "clarify": 1, "fallback": 0}


def own_score(match: Match | None) -> float:
    """A match's score from the question's own words: without the bonus for the asker's
    context and without the learnt model's."""
    return 0.0 if match is None else match.score - match.context - match.learnt


def _better(new: Outcome, old: Outcome) -> bool:
    """Whether `new` is a more useful reading than `old`."""
    if _RANK[new.kind] != _RANK[old.kind]:
        return _RANK[new.kind] > _RANK[old.kind]
    return bool(new.best) and (not old.best or new.best.score > old.best.score)


def _points_back(asked: str) -> bool:
    """A short question that refers to what came before ("daarin", "de derde", "3")."""
    return asked.lower().strip(" ?.!").isdecimal() or (
        len(asked.split()) <= 10 and bool(_REFERENCE.search(asked)))


def _may_follow_up(asked: str, outcome: Outcome) -> bool:
    """Whether a question could lean on the previous turn: it does not stand on its own,
    or it points back."""
    return outcome.kind != "answer" or _points_back(asked)


class QuestionReader:
    """Reads each question of a message (`read`); `weight` is a text's word weight."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher, offtopic: OffTopicDomains,
                 composer: Composer):
        self.kb = kb
        self.matcher = matcher
        self.offtopic = offtopic
        self.composer = composer

    def read(self, seg: Segment, analysis: Analysis, previous: Topic | None) -> Part:
        """What the knowledge base makes of one question of the message; a smalltalk
        question beside others ("ben jij een bot? en wat zijn de bouwstenen?") gets its
        own smalltalk reply and is not matched."""
        chat = smalltalk_question(seg.text)
        if chat is not None:
            return Part(seg.text, seg.text, seg.language, Outcome("fallback", (), seg.language),
                        chat=part_text(chat))
        context = analysis.context_text
        query, borrowed = seg.text, ""
        outcome = self.matcher.decide(query, context)
        words = self.matcher.query(query)
        thin = words.total < MIN_PART_WEIGHT
        elliptic = bool(_ELLIPTIC.match(seg.text)) and set(words.weights) <= _TOPICLESS \
            and all(w < OWN_UNKNOWN_WEIGHT for w in words.unknown.values())
        refers = bool(_ANAPHOR.search(seg.text) or _STRANDED.search(seg.text)) or elliptic
        if refers or (thin and outcome.kind != "answer"):
            # Too thin to stand alone ("Kun je dat uitleggen?"), or it points back at
            # what came before ("..., and when do they start?", "Wat wordt ermee
            # bedoeld?"): read it with the sentence before it (or the two before it).
            # A rare word the knowledge base does not know ("de staatssecretaris") is a
            # topic of the question's own: it borrows from the story, not the question
            # before it, whose answer would not say what was asked.
            own_topic = any(w >= OWN_UNKNOWN_WEIGHT for w in words.unknown.values())
            outcome, query, borrowed = self._with_sentences_before(
                seg, analysis, context, outcome, query, borrowed,
                questions_too=(thin or elliptic) and not own_topic, elliptic=elliptic)
        if previous is not None and _may_follow_up(seg.text, outcome) and previous.entry_ids:
            outcome, query, borrowed = self._follow_up(seg.text, outcome, query, borrowed,
                                                       previous, context)
        best = outcome.best
        weak = own_score(best) < OFFTOPIC_OVERRIDE
        # The domain the question itself names, looked for once: weakly answered, it
        # makes the question off-topic; answered, the answer must not ignore it.
        named = self.offtopic.find(seg.text, seg.language) \
            if weak or outcome.kind == "answer" else None
        off = named if weak else None
        if off is None and context and (thin or (weak and _REFERENCE.search(seg.text))):
            # "The printer says paper jam. Help?": a thin question is about its story,
            # however well its one word matches an entry on its own; so is one that
            # points back at it and is not answered well ("... de VPN ... Weet jij hoe ik
            # dit kan oplossen?"), when the story names something no programme question
            # is told around (a colleague on leave, a note to write, are).
            # Beside a question about the programme, a thin one more likely follows up on
            # it ("Hoe vaak ...? Is dat jaarlijks?"): then only domains no story holds
            # count (a colleague on leave in the story does not make it off-topic).
            beside = any(q is not seg and self.offtopic.find(q.text, q.language) is None
                         for q in analysis.questions)
            off = self.offtopic.find(context, seg.language,
                                     outside_stories_only=not thin or beside)
        gaps: tuple[Specific, ...] = ()
        if outcome.kind == "answer" and best is not None:
            entry = self.kb.get(best.entry_id)
            if entry is not None:
                answer = self.composer.render(entry, seg.language == "en")
                gaps = tuple(missing(seg.text, answer, frozenset(entry.gives)))
                if off is None and named is not None \
                        and self._ignores(named, answer, seg.language):
                    outcome = Outcome("fallback", outcome.matches, outcome.language)
        return Part(seg.text, query, seg.language, outcome, gaps, off, borrowed)

    def _ignores(self, named: OffTopic, answer: str, language: str) -> bool:
        """Whether the answer says nothing of the domain outside the helpdesk the question
        names: "how do I claim my travel costs for the regiogesprek?" is not answered by
        what a regiogesprek is. It gets a fallback (with the offer to forward), not
        "outside what I do": the programme is part of it."""
        told = self.offtopic.find(answer, language)
        return told is None or told.domain != named.domain

    def _with_sentences_before(self, seg: Segment, analysis: Analysis, context: str,
                               outcome: Outcome, query: str, borrowed: str,
                               questions_too: bool,
                               elliptic: bool = False) -> tuple[Outcome, str, str]:
        """The better reading of a question with one or two sentences before it. A
        question that points back and was answered alone takes the wider reading when
        that answers with an entry its own reading did not consider. One with words of
        its own borrows only from the story ("...over 'verbreden'. Wat wordt ermee bedoeld?"),
        not from the question before it: "Wat zijn de bouwstenen? En wat vindt de
        staatssecretaris ervan?" asks something the first answer does not give. An
        elliptic question ("... en hoeveel zijn het er?") has no topic of its own: the
        wider reading wins whenever it answers."""
        roles = (Role.CONTEXT, Role.QUESTION) if questions_too else (Role.CONTEXT,)
        before = [s for s in analysis.segments if s.end <= seg.start and s.role in roles]
        for n in (1, 2):
            if len(before) < n:
                break
            wider = " ".join(s.text for s in before[-n:]) + " " + seg.text
            again = self.matcher.decide(wider, context,
                                        asked=wider if elliptic else seg.text)
            if outcome.kind == "answer":
                # Keep its own reading when the story agrees with it (its entry is among
                # the wider reading's candidates, within AGREE_WITHIN of the best); take
                # the wider one, when that answers, if it does not: the question points
                # back at that story.
                agrees = outcome.best is not None and outcome.best.entry_id in {
                    m.entry_id for m in again.matches[:MAX_OPTIONS]
                    if m.score >= again.matches[0].score - AGREE_WITHIN}
                if again.kind == "answer" and (elliptic or not agrees):
                    return again, wider, "sentence"
            elif _better(again, outcome):
                return again, wider, "sentence"
        return outcome, query, borrowed

    def weight(self, text: str) -> float:
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
        if folded.isdecimal():  # "3" after a list: the third item, or nothing to follow up
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
