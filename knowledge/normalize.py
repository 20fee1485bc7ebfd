"""Dutch-aware text normalisation shared by the matcher, the legal lexicon and
the knowledge-base checks.

People type "RvdK", "raad vd kinderbescherming", "regio’s", "meet-up" and
"ontwikkel groep"; the knowledge base says "Raad voor de Kinderbescherming",
"regio's", "Meet Up" and "ontwikkelgroep". Normalising both sides the same way
(case, accents, punctuation, spelling variants, abbreviations, light stemming)
lets the scorer compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from knowledge.stopwords import STOPWORDS

MAX_INPUT_CHARS = 2000
"""Questions longer than this are cut before matching: nobody asks a helpdesk
question in more words, and the scorer's time grows with length."""

# Abbreviations written in capitals are only expanded when the original text
# has them in capitals: "OM" is the Openbaar Ministerie, "om" is a preposition.
_CASED_ABBREVIATIONS = {
    "OM": "openbaar ministerie",
    "TS": "toekomstscenario",
    "JenV": "justitie en veiligheid",
    "VWS": "volksgezondheid welzijn en sport",
}

# Lowercase variants that are never ordinary words.
_ABBREVIATIONS = {
    "rvdk": "raad voor de kinderbescherming",
    "rvk": "raad voor de kinderbescherming",
    "raad vd kinderbescherming": "raad voor de kinderbescherming",
    "raad v d kinderbescherming": "raad voor de kinderbescherming",
    "gi": "gecertificeerde instelling",
    "gis": "gecertificeerde instellingen",
    "gi s": "gecertificeerde instellingen",
    "ggi": "gecertificeerde instelling",
    "vt": "veilig thuis",
    "lnvt": "landelijk netwerk veilig thuis",
    "rvt": "regionaal veiligheidsteam",
    "rvts": "regionale veiligheidsteams",
    "rvt s": "regionale veiligheidsteams",
    "mao": "met andere ogen",
    "vng": "vereniging van nederlandse gemeenten",
    "awt": "associatie wijkteams",
    "ots": "ondertoezichtstelling",
    "uhp": "uithuisplaatsing",
    "bhk": "basishandelingskader",
    "toekomst scenario": "toekomstscenario",
    "toekomstscenarion": "toekomstscenario",
    "meet ups": "meetups",
    "meet up": "meetup",
    "inloop uur": "inloopuur",
    "ontwikkel groep": "ontwikkelgroep",
    "ontwikkel groepen": "ontwikkelgroepen",
    "werk groep": "werkgroep",
    "werk groepen": "werkgroepen",
    "bouw stenen": "bouwstenen",
    "bouw steen": "bouwsteen",
    "basis bouwstenen": "basisbouwstenen",
    "proef tuin": "proeftuin",
    "proef tuinen": "proeftuinen",
    "wijk teams": "wijkteams",
    "wijk team": "wijkteam",
    "ring1": "ring 1",
    "ring2": "ring 2",
    "ring een": "ring 1",
    "ring twee": "ring 2",
    "1e ring": "ring 1",
    "2e ring": "ring 2",
    "eerste ring": "ring 1",
    "tweede ring": "ring 2",
    "half jaar gesprek": "halfjaargesprek",
    "half jaargesprek": "halfjaargesprek",
    "halfjaar gesprek": "halfjaargesprek",
}

_ABBREVIATION_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True)) + r")\b"
)
_CASED_RE = re.compile(r"\b(" + "|".join(map(re.escape, _CASED_ABBREVIATIONS)) + r")\b")
_WIJK_RE = re.compile(r"\(\s*wijk\s*\)\s*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"(\w)'s\b")
_DIGIT_WORD_RE = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")

_STEMMER = snowballstemmer.stemmer("dutch")


def fold(text: str) -> str:
    """Lowercase, strip accents and control characters, unify apostrophes."""
    text = unicodedata.normalize("NFKD", text[:MAX_INPUT_CHARS])
    text = "".join(
        c for c in text if not unicodedata.combining(c) and unicodedata.category(c)[0] != "C"
        or c in " \n\t"
    )
    return text.translate(_APOSTROPHES).lower()


def normalize(text: str) -> str:
    """The canonical form of a question: folded, abbreviations expanded,
    punctuation removed, spelling variants unified, single spaces."""
    text = _CASED_RE.sub(lambda m: " " + _CASED_ABBREVIATIONS[m.group(1)] + " ", text or "")
    text = fold(text)
    text = _WIJK_RE.sub("wijk", text)  # "lokale (wijk)teams" -> "lokale wijkteams"
    text = _POSSESSIVE_RE.sub(r"\1s", text)  # "regio's" -> "regios", "GI's" -> "gis"
    text = _NON_WORD_RE.sub(" ", text).replace("_", " ")
    text = _DIGIT_WORD_RE.sub(" ", text)  # "ring1" -> "ring 1"
    text = " ".join(text.split())
    return _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Light Dutch stemming so that plural and singular forms meet."""
    if token.isdigit() or len(token) <= 3:
        return token
    return _STEMMER.stemWord(token)


def content_tokens(normalized: str) -> list[str]:
    """Stemmed tokens that carry meaning (no stopwords), in order."""
    return [stem(t) for t in normalized.split() if t not in STOPWORDS]
