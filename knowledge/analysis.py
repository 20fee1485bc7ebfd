"""Take a chat message apart before anything is matched.

People write "Hoi! Ik ben net begonnen als projectleider ... Kun je uitleggen
wat X is? En hoe zit het met Y?": a greeting, who they are, context, and one
or more questions. Scoring the whole message against short phrasings lets the
context words sink the match, and answers only one of the questions. This
module splits a message into segments and labels each one, purely from the
text (no knowledge base), so the matcher can weigh questions fully and context
lightly, and the reply can answer every question.

Guarantee (tested with hypothesis): the segments cover every non-blank stretch
of the input, in order, and nothing here raises on any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from knowledge.language import detect_language
from knowledge.normalize import fold

MAX_QUESTIONS = 3
"""Questions answered per message; more are merged into the third."""


class Role(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    CONTEXT = "context"
    QUESTION = "question"


@dataclass(frozen=True)
class Segment:
    """One sentence or clause of the message: its text, where it was, what it is."""

    text: str
    start: int
    end: int
    role: Role
    language: str = "nl"


@dataclass(frozen=True)
class Analysis:
    """A message taken apart: every segment, and the questions among them."""

    text: str
    segments: tuple[Segment, ...]
    language: str
    asks: bool = True
    """Whether a sentence asks something outright (a question mark, "I'd like to know");
    False when the questions are what is left of a statement or an exclamation."""

    @property
    def questions(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.role is Role.QUESTION)

    @property
    def context(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.role is Role.CONTEXT)

    @property
    def context_text(self) -> str:
        """The context segments as one text: what every question is matched beside (one
        definition, so that the matcher sees, and can reuse, the same reading)."""
        return " ".join(s.text for s in self.context)

    @property
    def only_courtesy(self) -> bool:
        """Nothing but greetings and thanks (no question, no context)."""
        return bool(self.segments) and all(
            s.role in (Role.GREETING, Role.THANKS) for s in self.segments)


# -- sentence and clause boundaries ----------------------------------------
# A sentence ends at . ! ? (runs of them, also "?!"), an ellipsis or a line
# break, when followed by space or the end. Abbreviations like "bijv." and
# "o.a." would split a sentence in two; that only produces an extra context
# segment, never loses text. In chat an emoji often ends a sentence too ("... fijn dat
# er zo'n chatbot is 👋 hoe gaat het met je?").
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"'”’)]*|\n|[\U0001F300-\U0001FAFF\u2600-\u27BF]+)(?=\s|$)")
_QUESTION_VERBS_NL = (
    "kan kun kunt kunnen mag mogen moet moeten is zijn heeft hebben "
    "hebt wordt worden word klopt gaat gaan geldt gelden doet doen zit zitten komt komen "
    "krijg krijgen krijgt valt vallen staat staan bestaat bestaan zou zouden wil willen weet "
    "ben"
).split()
"""The verbs a Dutch yes/no question opens with ("Kan de GI ...", "Klopt het dat ...")."""
_INTERROGATIVE_NL = (
    "wat wie wiens waar waarom wanneer hoe hoeveel hoelang hoezo welk welke waarmee waarvoor "
    "waarover waaraan waarin sinds vanaf tot"
).split() + _QUESTION_VERBS_NL
_INTERROGATIVE_EN = (
    "what who whom whose where why when how which can could may might must should shall "
    "is are was were do does did has have will would"
).split()
_REQUEST = re.compile(
    r"^(vertel|leg|geef|noem|tell|explain|give|list|describe|help)\b|"
    r"\b(ik (wil|zou) (graag |ook |even |nog )*(weten|horen|snappen|begrijpen)|"
    r"(wil|zou) ik (graag |ook |even |nog )*(weten|horen|snappen|begrijpen)|"
    r"(ik vraag|vraag ik) me af|(ik ben|ben ik) (erg |heel |wel )?benieuwd|"
    r"ik zoek (info|informatie|uitleg)|kun je (uitleggen|vertellen)|"
    r"i('d| would) (like|love) to (know|find out)|i wonder|i('m| am) (wondering|curious)|"
    r"(can|could) you tell me)\b|"
    r"^(can|could|would|will) (you|u) |^(kun|kan|kunt|wil|zou) (je|jij|u) |"
    r"^(please )?(write|draft|translate|summari[sz]e|book|find|check|send|make|create|"
    r"schrijf|vertaal|maak|zoek|boek|reserveer|stuur|regel)\b")
_WH = "|".join(sorted(set(_INTERROGATIVE_NL + _INTERROGATIVE_EN), key=len, reverse=True))
# "..., en hoeveel ...?", "..., en in welke ...?", "...: wat wordt ...?": a second
# question inside one sentence.
# Not at "of"/"or": "kan ik X, of moet dat via Y?" is one question with alternatives.
_CLAUSE_SPLIT = re.compile(
    rf"(?:[,;]\s+(?=(?:en|and|maar|but)\s+(?:[^\W\d]+\s+)?(?:{_WH})\b)|:\s+(?=(?:{_WH})\b))",
    re.IGNORECASE)
# "hoe vaak zijn de regiogesprekken en wie zit er achter de helpdesk?": a second question
# after a bare "en"/"and" and a question word with a clause of its own. Taken only in a
# question sentence whose first clause opens with a question word and holds a verb
# and more (`_asks_whole`), so "waar en wanneer is de Meet Up?" stays one question.
_BARE_AND_SPLIT = re.compile(
    r"\s(?=(?:en|and)\s+(?:wie|wat|waar|wanneer|hoeveel|hoe|welke|welk|waarom|who|what|where|"
    r"when|how|which|why)\s+\w+\s+\w+)", re.IGNORECASE)
# "Twee dingen: 1) hoe vaak ..., en 2) waar kunnen we terecht ...?": numbered questions
# in one sentence are questions of their own, whatever they open with.
_NUMBERED_SPLIT = re.compile(r"[,;:]?\s+(?:(?:en|and)\s+)?(?=\(?[1-9]\)\s+[^\W\d])",
                             re.IGNORECASE)
_OPENS_WITH_WH = re.compile(rf"^\W*(?:\w+\W+){{0,3}}(?:{_WH})\b", re.IGNORECASE)

_GREETING = re.compile(
    r"^(hoi|hallo|hai|hey|hee|hi|hello|hiya|yo|dag|beste|goedemorgen|goedemiddag|goedenavond|"
    r"morgen|middag|good (morning|afternoon|evening)|dear)"
    r"(\s+(daar|there|bot|allemaal|all|team|collega'?s|helpdesk|iedereen|everyone))?\s*$")
_THANKS = re.compile(
    r"^((alvast|heel|erg|hartelijk|super|many|thanks?|thank you|dank|bedankt|dankjewel|"
    r"dankuwel|thx|tnx|groet(en|jes)?|met vriendelijke groet|mvg|gr|cheers|regards|"
    r"kind regards|best)\b[\w\s,!.]*)$")
_INTRO = re.compile(
    r"^(ik ben|ik werk|ik zit|wij zijn|we zijn|wij werken|we werken|sinds|namens|"
    r"i am|i'm|i work|we are|we're)\b")


_CONJUNCTIONS = frozenset("en maar of ook dus en/of and but or also so".split())
_NO_SUBJECT = frozenset(
    "op naar in om met bij voor van aan uit over door tot morgen vandaag gisteren straks "
    "zo niet nog al even gewoon toch maar dan nu weer helaas".split())
"""Words that cannot follow the verb of a Dutch yes/no question, which puts its subject
right after the verb ("moet ik ...", "kan de GI ..."): a sentence like "moet op de fiets
naar het overleg" or "kan morgen niet" drops its subject and tells something."""


def _opening_words(text: str) -> list[str]:
    """The words from the first one that is not a conjunction ("En wat vindt ..." ->
    "wat vindt ...")."""
    words = re.findall(r"[a-z']+", fold(text))
    while len(words) > 1 and words[0] in _CONJUNCTIONS:
        words = words[1:]
    return words


def _role(text: str, in_question: bool = False) -> Role:
    """What one segment is, from its words alone. `in_question`: the segment is a
    clause of a sentence that ends with a question mark."""
    folded = " ".join(re.sub(r"[^\w\s',!.?]", " ", fold(text)).split())
    bare = folded.strip(" ,!.?")
    if not bare:
        return Role.CONTEXT
    if _GREETING.match(bare):
        return Role.GREETING
    if _THANKS.match(bare) and len(bare.split()) <= 6 and not text.rstrip().endswith("?"):
        return Role.THANKS
    if text.rstrip().endswith("?"):
        return Role.QUESTION
    if in_question and _OPENS_WITH_WH.match(bare):
        return Role.QUESTION
    if _REQUEST.search(bare):
        return Role.QUESTION
    if _INTRO.match(bare):
        return Role.CONTEXT
    opening = _opening_words(bare) + ["", ""]
    first = opening[0]
    if first in _QUESTION_VERBS_NL and opening[1] in _NO_SUBJECT:
        return Role.CONTEXT
    if first in _INTERROGATIVE_NL or first in _INTERROGATIVE_EN:
        # "Wat fijn dat ..." and "Is goed." are not questions, but a question word that
        # opens a sentence without a full stop after it usually is one.
        return Role.QUESTION if not text.rstrip().endswith((".", "!")) else Role.CONTEXT
    return Role.CONTEXT


def _asks_outright(text: str) -> bool:
    """A question mark or a request in words ("I'd like to know ..."); a question word
    alone may open an exclamation ("wat ben jij snel zeg")."""
    return text.rstrip().endswith("?") or bool(_REQUEST.search(" ".join(fold(text).split())))


def _trim(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end


def _spans(text: str) -> list[tuple[int, int, bool | None]]:
    """(start, end, in_question) of every clause of every sentence, skipping blanks;
    in_question None for what announces numbered questions (context whatever it says)."""
    sentences: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append((start, match.end()))
        start = match.end()
    sentences.append((start, len(text)))
    result = []
    for begin, end in sentences:
        begin, end = _trim(text, begin, end)
        if begin >= end:
            continue
        asks = text[begin:end].rstrip("\"'”’) ").endswith("?")
        cut = begin
        splits = [(m.start() + 1, m.end()) for m in _CLAUSE_SPLIT.finditer(text, begin, end)]
        if asks:
            splits += [(m.start(), m.end()) for m in _BARE_AND_SPLIT.finditer(text, begin, end)]
        # The first item only after a colon or comma: "wij willen weten (1) wat ..."
        # keeps its lead-in; "... in hebben: 1) hoe ..." leaves it as context.
        numbered = {m.start() + (text[m.start()] in ",;:"): m.end()
                    for m in _NUMBERED_SPLIT.finditer(text, begin, end)
                    if text[m.start()] in ",;:" or not _first_item(text, m.end())}
        lead_in = min((stop for stop, resume in numbered.items() if _first_item(text, resume)),
                      default=None)
        splits += list(numbered.items())
        for stop, resume in sorted(splits):
            if stop <= cut or (stop not in numbered and text[stop - 1] not in ",;:"
                               and not _asks_whole(text[cut:stop])):
                continue
            # What announces numbered questions ("Twee dingen wil ik weten: 1) ...") is
            # context (None): the items are the questions, and a thin one reads it.
            result.append((*_trim(text, cut, stop), None if stop == lead_in else asks))
            cut = resume
        result.append((*_trim(text, cut, end), asks))
    return [(b, e, q) for b, e, q in result if b < e]


def _first_item(text: str, at: int) -> bool:
    """Whether the numbered item at `at` is the first one ("1)" or "(1)")."""
    return text[at:at + 2].lstrip("(")[:1] == "1"


_AWAITS_AND = frozenset("tussen zowel between both".split())
"""Words that wait for their own "en"/"and": "het verschil tussen X en Y"."""


def _asks_whole(clause: str) -> bool:
    """A clause that is a question of its own: it opens with a question word or a verb
    (after a greeting or "2 vragen:" at most) and has four words or more."""
    words = re.findall(r"[a-z']+", fold(clause.split(":")[-1]))
    if _AWAITS_AND.intersection(words):
        return False  # "het verschil tussen X en wat Y doet": the "en" belongs to it
    return len(words) >= 4 and (words[0] in _INTERROGATIVE_NL or words[0] in _INTERROGATIVE_EN)


def _split_greeting(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """'Hoi, wat is X?' -> 'Hoi,' + 'wat is X?' (a greeting glued to a question)."""
    match = re.match(r"\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)\s*[,!:]\s+", text[begin:end])
    if match and _GREETING.match(fold(match.group(1))):
        cut = begin + match.end()
        return [_trim(text, begin, cut), (cut, end)]
    return [(begin, end)]


def analyse(text: str) -> Analysis:
    """Split `text` into labelled segments; at most MAX_QUESTIONS questions."""
    text = text or ""
    language = detect_language(text)
    spans = [(*piece, asks) for begin, end, asks in _spans(text)
             for piece in _split_greeting(text, begin, end)]
    segments = []
    for begin, end, asks in spans:
        piece = text[begin:end]
        role = Role.CONTEXT if asks is None else _role(piece, asks)
        lang = detect_language(piece) if len(piece.split()) >= 4 else language
        segments.append(Segment(piece, begin, end, role, lang))
    asks = any(s.role is Role.QUESTION and _asks_outright(s.text) for s in segments)
    if not any(s.role is Role.QUESTION for s in segments):
        # No sentence looks like a question ("basisbouwstenen overzicht", "uitleg aub"):
        # whatever is not a greeting or thanks is what they want to know about.
        segments = [Segment(s.text, s.start, s.end, Role.QUESTION, s.language)
                    if s.role is Role.CONTEXT else s for s in segments]
        if len([s for s in segments if s.role is Role.QUESTION]) > 1:
            segments = _merge_questions(text, segments, keep=1)
    elif len([s for s in segments if s.role is Role.QUESTION]) > MAX_QUESTIONS:
        segments = _merge_questions(text, segments, keep=MAX_QUESTIONS)
    return Analysis(text, tuple(segments), language, asks)


def _merge_questions(text: str, segments: list[Segment], keep: int) -> list[Segment]:
    """Keep `keep` questions: the ones past the limit are joined to the last kept one."""
    questions = [i for i, s in enumerate(segments) if s.role is Role.QUESTION]
    head, tail = questions[:keep - 1], questions[keep - 1:]
    first, last = segments[tail[0]], segments[tail[-1]]
    merged = Segment(text[first.start:last.end], first.start, last.end, Role.QUESTION,
                     first.language)
    out = [s for i, s in enumerate(segments)
           if i in head or not (first.start <= s.start and s.end <= last.end)]
    out.append(merged)
    return sorted(out, key=lambda s: s.start)
