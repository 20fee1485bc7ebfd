"""Questions for the legal helpdesk's contact, told around a legal matter.

People with a legal question often do not ask it: they tell it and ask whom to turn
to ("... wat wij met de GI mogen uitwisselen. Onze coördinator zei dat er een apart
loket is voor dat soort vragen. Wie zit daar en heb je een mailadres?"). What they
ask is a programme fact, the legal helpdesk's contact, not legal advice; routing the
message to legal would not tell them, and the contact entry of the programme team
would not either. A question is read this way when the message names a desk and has
a legal matter in it (legal evidence, or words about rules, powers or what one may
do), and the question asks who or how to reach: it is answered with the knowledge
base's legal entry (`about_legal`) among its candidates whose answer gives a contact.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handlers.compose import Composer
from handlers.question_reading import Part
from knowledge.entries import KnowledgeBase
from knowledge.legal import LegalAssessment
from knowledge.matcher import MAX_OPTIONS, Match, Outcome
from knowledge.normalize import fold, normalize
from knowledge.specifics import GIVES, Specific, asked, missing

_DESK = re.compile(
    r"\b(helpdesk|help desk|loket|desk|aanspreekpunt|contactpersoon|point of contact|"
    r"meldpunt|spreekuur)\b")
_LEGAL_MATTER = re.compile(
    r"\b(regels|regelgeving|wet|wetgeving|wettelijk\w*|rules|regulations|law|laws|"
    r"bevoegdheden|bevoegd|powers|mogen|mag|allowed|juridisch\w*|legal\w*|privacy|avg|gdpr)\b")
_WHO_OR_HOW = re.compile(
    r"\b(wie|who|whom|terecht|bereik\w*|reach|contact\w*|e ?mail\w*|mailadres|"
    r"telefoonnummer|phone)\b")
_ASKS = frozenset({Specific.CONTACT, Specific.PERSON})
_LEGAL_DESK = re.compile(
    r"\b(juridisch\w* (helpdesk|help desk|loket|desk|aanspreekpunt|contactpersoon|spreekuur)|"
    r"legal (helpdesk|help desk|desk|point of contact|contact person))\b")
"""The legal desk named as such: then its contact is what a contact question asks,
even when the question's own words ("the e-mail address for it?") point elsewhere."""


def asks_the_desk(text: str, legal: LegalAssessment) -> bool:
    """Whether the message names a desk and has a legal matter in it (cheap: regular
    expressions over the normalised text)."""
    normalized = normalize(text)
    return bool(_DESK.search(normalized)) and (
        legal.score > 0 or bool(_LEGAL_MATTER.search(normalized)))


def asks_a_contact(question: str) -> bool:
    return bool(asked(question) & _ASKS) or bool(_WHO_OR_HOW.search(normalize(question)))


def names_the_legal_desk(text: str) -> bool:
    return bool(_LEGAL_DESK.search(normalize(text)))


def to_the_desk(part: Part, kb: KnowledgeBase, composer: Composer,
                legal_desk: bool = False) -> Part:
    """The part answered with the legal entry among its candidates whose answer gives
    a contact (an e-mail address or phone number), when it asks who or how to reach;
    else the part unchanged. `legal_desk`: the message names the legal desk as such
    (`names_the_legal_desk`), so the one legal entry with a contact answers it even
    when it is not among the question's own candidates."""
    if not asks_a_contact(part.asked):
        return part
    english = part.language == "en"
    own = [m.entry_id for m in part.outcome.matches[:MAX_OPTIONS]]
    named = [e.id for e in kb.entries if e.about_legal and e.id not in own] if legal_desk else []
    found = [(entry, answer) for entry_id in own + named
             if (entry := kb.get(entry_id)) is not None and entry.about_legal
             and GIVES[Specific.CONTACT].search(fold(answer := composer.render(entry, english)))]
    if not found or (found[0][0].id not in own and len(found) > 1):
        return part  # none, or several that the question's own words do not choose from
    entry, answer = found[0]
    best = part.outcome.best
    match = next((m for m in part.outcome.matches if m.entry_id == entry.id),
                 Match(entry.id, best.score if best else 0.0))
    others = tuple(m for m in part.outcome.matches if m is not match)
    outcome = Outcome("answer", (match, *others), part.outcome.language)
    gaps = tuple(missing(part.asked, answer, frozenset(entry.gives)))
    return replace(part, outcome=outcome, missing=gaps, offtopic=None)
