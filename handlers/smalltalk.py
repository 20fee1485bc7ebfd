"""Greetings, thanks, goodbyes and "help": a short friendly reply that says
what the bot can do. Only whole, short messages count as smalltalk, so
"hallo, mag ik gegevens delen?" is still treated as the question it is."""

from __future__ import annotations

import re

from handlers.messages import Reply
from knowledge.normalize import fold

MAX_SMALLTALK_WORDS = 6

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

_PATTERNS: list[tuple[str, re.Pattern[str], str, str]] = [
    (
        "greeting",
        re.compile(r"^(hallo|hoi|hey|hai|hi|hello|goedemorgen|goedemiddag|goedenavond|"
                   r"good (morning|afternoon|evening)|dag|yo|hee)( (daar|there|bot|allemaal))?$"),
        "Hallo! ",
        "Hello! ",
    ),
    (
        "thanks",
        re.compile(r"^((heel )?(erg )?(hartelijk )?(bedankt|dank( je| u)?( wel)?|dankjewel|"
                   r"dankuwel|thanks?( you)?( very much| a lot)?|thx|top|super|fijn|"
                   r"duidelijk|helder|ok(e|ay)?( dank( je)?)?)( hoor)?)$"),
        "Graag gedaan! ",
        "You're welcome! ",
    ),
    (
        "bye",
        re.compile(r"^(doei|dag dag|tot ziens|tot later|bye|goodbye|see you|fijne dag)$"),
        "Tot ziens! ",
        "Goodbye! ",
    ),
    (
        "help",
        re.compile(r"^(help|hulp|\?+|menu|start|wat kun je( allemaal)?( doen)?|wat kan je"
                   r"( allemaal)?( doen)?|wie ben (je|jij)|what can you do|who are you|"
                   r"how does this work|hoe werkt (dit|het))$"),
        "",
        "",
    ),
]

_ENGLISH = re.compile(r"\b(hi|hello|thanks?|thank you|thx|bye|goodbye|see you|what can you do|"
                      r"who are you|how does this work|good (morning|afternoon|evening))\b")


def _clean(text: str) -> str:
    return " ".join("".join(c if c.isalnum() or c in " ?" else " " for c in fold(text)).split())


def smalltalk_reply(text: str) -> Reply | None:
    """A friendly reply when the whole message is smalltalk, else None."""
    cleaned = _clean(text)
    if not cleaned or len(cleaned.split()) > MAX_SMALLTALK_WORDS:
        return None
    english = bool(_ENGLISH.search(cleaned))
    # "Wat kun je?" is the help question; only a bare "?" keeps its question mark.
    candidate = cleaned.rstrip(" ?") or cleaned
    for name, pattern, opener_nl, opener_en in _PATTERNS:
        if pattern.match(candidate):
            if name in ("thanks", "bye"):
                body = (
                    "Kom gerust terug met een nieuwe vraag."
                    if not english else "Come back any time with another question."
                )
            else:
                body = CAPABILITIES_EN if english else CAPABILITIES_NL
            opener = opener_en if english else opener_nl
            return Reply(text=opener + body, kind="smalltalk")
    return None


def help_reply(english: bool = False) -> Reply:
    """What the bot can do, for empty input and explicit help commands."""
    return Reply(text=CAPABILITIES_EN if english else CAPABILITIES_NL, kind="smalltalk")
