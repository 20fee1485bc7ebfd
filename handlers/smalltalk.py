"""Greetings, thanks, goodbyes, "are you a bot?" and "help": a short friendly
reply that says what the bot can do. Only a message that is smalltalk through
and through counts (`knowledge.smalltalk`), so "hallo, mag ik gegevens
delen?" is still treated as the question it is."""

from __future__ import annotations

import re

from handlers.messages import Reply
from knowledge.language import detect_language
from knowledge.normalize import fold
from knowledge.smalltalk import Smalltalk, classify, mentions, social_at_the_ends

CAPABILITIES_NL = (
    "Ik ben de regionale helpdesk van het Toekomstscenario. Ik kan:\n"
    "• vragen beantwoorden over de bouwstenen, ontwikkel- en werkgroepen, de partners, "
    "de proeftuinen en de ondersteuning voor regio's;\n"
    "• juridische vragen doorsturen naar de juridische helpdesk (het antwoord krijg je privé);\n"
    "• je op de hoogte houden van het maandelijkse inloopuur en de Meet Ups.\n"
    "Stel je vraag gewoon in een zin, bijvoorbeeld: \"Wat zijn de basisbouwstenen?\""
)
CAPABILITIES_EN = (
    "I am the regional helpdesk of the Toekomstscenario programme. I can:\n"
    "• answer questions about the building blocks (bouwstenen), development and working "
    "groups, partners, pilot sites (proeftuinen) and support for regions;\n"
    "• forward legal questions to the legal helpdesk (you get the answer privately);\n"
    "• keep you posted about the monthly walk-in hour (inloopuur) and the Meet Ups.\n"
    "Just ask your question in a sentence, e.g. \"What are the basic building blocks?\""
)

_OPENERS = {
    # intent: (Dutch, English); the capabilities or the follow-up line comes after.
    "identity": ("Ik ben een bot, geen mens: de digitale regionale helpdesk van het "
                 "Toekomstscenario. Juridische vragen stuur ik door naar de mensen van de "
                 "juridische helpdesk. ",
                 "I am a bot, not a person: the digital regional helpdesk of the "
                 "Toekomstscenario programme. Legal questions go to the people of the legal "
                 "helpdesk. "),
    "help": ("", ""),
    "scope": ("", ""),
    "wellbeing": ("Goed, dank je! ", "I'm fine, thank you! "),
    "greeting": ("Hallo! ", "Hello! "),
    "thanks": ("Graag gedaan! ", "You're welcome! "),
    "compliment": ("Dank je, fijn om te horen! ", "Thank you, glad to hear it! "),
    "wish": ("Dank je, jij ook! ", "Thank you, you too! "),
    "bye": ("Tot ziens! ", "Goodbye! "),
    "ack": ("Fijn! ", "Great! "),
}
_WITH_CAPABILITIES = frozenset({"identity", "scope", "help", "wellbeing", "greeting"})
_WHO_IS_THE_BOT = re.compile(
    r"\b(ben (je|jij|u)|is dit|are you|is this|am i talking to|am i chatting with)"
    r"(\W+\w+){0,12}?\W+(een )?(echte? )?(mens|persoon|robot|bot|chatbot|ai|assistent|medewerker|"
    r"human|person|real person|assistant)\b|"
    r"\b(met wie (praat|chat|spreek)|wie of wat|who or what|what am i talking to)\b")
"""A question who or what the bot is, however worded ("Ben jij een echt persoon van het
landelijk team of een soort automatische assistent?", "met wie of wat praat ik hier?");
not one that only names it ("welke onderwerpen kent deze bot?")."""
_ABOUT_THE_STORY = ("help", "ack")
"""Intents that, in a question after a story, may ask about that story."""
FOLLOW_UP = ("Kom gerust terug met een nieuwe vraag.", "Come back any time with another question.")


def smalltalk_reply(text: str) -> Reply | None:
    """A friendly reply when the whole message is smalltalk, else None."""
    if text.strip() and set(text.strip()) <= set("?¿ "):
        return help_reply(False)  # a bare "?" asks what the bot does
    found = classify(text)
    return None if found is None else _reply(found)


def smalltalk_question(question: str) -> Smalltalk | None:
    """The smalltalk one question of a longer message is ("ben jij een bot?", "hoe gaat
    het?", "wat kun je allemaal voor me doen?", a question who or what the bot is in
    words of its own), or None. Not "Help?", "Wat kun je doen?" or "Klopt dat?": after
    a story, those ask about the story."""
    found = classify(question)
    if found is None and _WHO_IS_THE_BOT.search(fold(question)):
        return Smalltalk(("identity",), detect_language(question) == "en")
    return None if found is None or found.intent in _ABOUT_THE_STORY else found


def questions_reply(questions: list[str]) -> Reply | None:
    """A smalltalk reply when every question of a message is smalltalk ("... fijn dat er
    zo'n chatbot is 👋 hoe gaat het met je?", "ik ben net begonnen ... wat kun je allemaal
    voor me doen?"), else None."""
    found = [smalltalk_question(q) for q in questions]
    if not found or None in found:
        return None
    return _reply(found[-1])


def part_text(found: Smalltalk) -> str:
    """The reply to a smalltalk question beside questions about the programme ("ben jij
    een bot? en wat zijn de bouwstenen?"): what the bot can do when that was asked, else
    the opener alone ("Goed, dank je!"), so the answers are not buried."""
    if found.intent in ("scope", "help"):
        return CAPABILITIES_EN if found.english else CAPABILITIES_NL
    return _OPENERS[found.intent][1 if found.english else 0].strip()


def courtesy_reply(text: str, only: frozenset[str] | None = None) -> Reply | None:
    """A smalltalk reply for a statement that holds smalltalk among other words and asks
    nothing: a short one ("haha nice, je bent sneller dan mn collega's"), or a longer one
    that thanks, says goodbye or compliments at its start or end. `only`: the intents
    that count (an off-topic request that says "help" is no smalltalk)."""
    if "?" in text:
        return None
    found = mentions(text) or social_at_the_ends(text)
    if found is None or (only is not None and not only & set(found.intents)):
        return None
    return _reply(found)


def _reply(found: Smalltalk) -> Reply:
    lang = 1 if found.english else 0
    opener = _OPENERS[found.intent][lang]
    if found.intent in _WITH_CAPABILITIES:
        body = CAPABILITIES_EN if found.english else CAPABILITIES_NL
    else:
        body = FOLLOW_UP[lang]
    return Reply(text=opener + body, kind="smalltalk", language="en" if found.english else "nl")


def about_the_bot_reply(english: bool = False) -> Reply:
    """For a message whose questions all ask about the bot itself in words of their own
    ("Ben jij een echt persoon van het landelijk team of een soort automatische
    assistent?"): that it is a bot, and what it can do."""
    return _reply(Smalltalk(("identity",), english))


def help_reply(english: bool = False) -> Reply:
    """What the bot can do, for empty input and explicit help commands."""
    return Reply(text=CAPABILITIES_EN if english else CAPABILITIES_NL, kind="smalltalk",
                 language="en" if english else "nl")
