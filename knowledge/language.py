"""Guess whether a question is English or Dutch, so English askers get the
English answer when one exists. Dutch is the default: most questions are Dutch
and many are too short to tell."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.normalize import fold

_ENGLISH_MARKERS = frozenset(
    """the what who whom which where when why how is are does do did can could should would
    there their this that these those about of with for and or my our your i we you they
    many much tell please explain organisations organizations building blocks working
    groups legal questions meeting sites hour hi hello thanks thank""".split()
)
_DUTCH_MARKERS = frozenset(
    """de het een wat wie welke waar wanneer waarom hoe is zijn doet doen kan kun kunnen
    moet mag mogen er van voor met en of ik we wij jullie je u mijn onze hoeveel over bij
    zit zitten gaat gaan wordt worden dit dat deze die niet ook nog graag bedankt dank""".split()
)
_SHARED = _ENGLISH_MARKERS & _DUTCH_MARKERS
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def detect_language(text: str) -> str:
    """'en' when English function words clearly outnumber Dutch ones, else 'nl'."""
    words = _WORD.findall(fold(text))
    english = sum(1 for w in words if w in _ENGLISH_MARKERS and w not in _SHARED)
    dutch = sum(1 for w in words if w in _DUTCH_MARKERS and w not in _SHARED)
    return "en" if english > dutch else "nl"
