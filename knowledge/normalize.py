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
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from knowledge.stopwords import STOPWORDS
from knowledge.word_frequency import zipf
from knowledge.yaml_reading import load_yaml

MAX_INPUT_CHARS = 2000
"""Questions longer than this are cut before matching: nobody asks a helpdesk
question in more words, and the scorer's time grows with length."""

VOCABULARY = Path(__file__).resolve().parent / "vocabulary.yaml"


@dataclass(frozen=True)
class _Vocabulary:
    cased: dict[str, str]
    cased_re: re.Pattern[str]
    phrases: dict[str, str]
    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    """first word -> (the phrase's words, replacement), longest phrase first"""


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """The spelling/abbreviation/translation table, read on first use."""
    data = load_yaml(VOCABULARY.read_text(encoding="utf-8"))
    cased = {str(k): str(v) for k, v in data["cased"].items()}
    # Keys are matched against text whose digits and letters are already split
    # ("2e ring" -> "2 e ring"), so split the keys the same way or they never match.
    phrases = {" ".join(split_digits(str(k)).split()): str(v)
               for k, v in data["phrases"].items()}

    def alternation(keys: list[str]) -> str:
        return "|".join(sorted(map(re.escape, keys), key=len, reverse=True))

    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key in sorted(phrases, key=len, reverse=True):
        by_first.setdefault(key.split()[0], []).append((tuple(key.split()), phrases[key]))
    return _Vocabulary(cased, re.compile(rf"\b({alternation(list(cased))})\b"), phrases,
                       {first: tuple(options) for first, options in by_first.items()})


_WIJK_RE = re.compile(r"\(\s*wijk\s*\)\s*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NON_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"(\w)'s\b")
_DIGITS = re.compile(r"\d+")

_LOCAL = threading.local()
COMPOUND_MIN_LENGTH = 8
"""Only words this long are tried as compounds ("regiobezoeken", "landsdeel")."""
COMPOUND_PART_ZIPF = 3.0
"""Both halves of a compound must be everyday Dutch words at least this frequent
(wordfreq's Zipf scale), so "programmateam" splits and "kwartiermaker" does not
split into nonsense."""


_DROP = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # accents
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"  # control
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")  # invisible, bidi


_ASCII_CONTROL = dict.fromkeys([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase, strip accents, control, invisible and bidi characters, unify
    apostrophes."""
    # Apostrophes first: NFKD would turn "´" into a space plus a combining accent.
    text = text[:MAX_INPUT_CHARS].translate(_APOSTROPHES)
    if text.isascii():  # the common case: nothing to decompose, only controls to drop
        return text.translate(_ASCII_CONTROL).lower()
    return fold_unicode(text)


def fold_unicode(text: str) -> str:
    """`fold` for any text: decomposed (NFKD), accents and invisible characters dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = _DROP.sub("", text)
    if not text.isascii():  # rare: anything else that is not a letter, digit or space
        text = "".join(c for c in text if unicodedata.category(c)[0] != "C"
                       or c in " \n\t")
    return text.lower()


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The canonical form of a question: folded, abbreviations expanded,
    punctuation removed, spelling variants unified, single spaces."""
    return replace_phrases(plain_words(text), _vocabulary().by_first)


def plain_words(text: str) -> list[str]:
    """The words of a text before spelling variants are unified: cased abbreviations
    expanded, folded, possessives and punctuation gone, digits split from letters."""
    vocab = _vocabulary()
    text = text or ""
    if any(key in text for key in vocab.cased):
        text = vocab.cased_re.sub(lambda m: " " + vocab.cased[m.group(1)] + " ", text)
    text = fold(text)
    text = _WIJK_RE.sub("wijk", text)  # "lokale (wijk)teams" -> "lokale wijkteams"
    if "'" in text:
        text = _POSSESSIVE_RE.sub(r"\1s", text)  # "regio's" -> "regios", "GI's" -> "gis"
    text = _NON_WORD_RE.sub(" ", text).replace("_", " ")
    text = split_digits(text)  # "ring1" -> "ring 1"
    return text.split()


def split_digits(text: str) -> str:
    """A space between a letter a-z and a digit that touch ("ring1" -> "ring 1", "2e" ->
    "2 e"). Digits are rare in a message: only the places around them are looked at."""
    pieces: list[str] = []
    last = 0
    for digits in _DIGITS.finditer(text):
        start, end = digits.span()
        if start > last and "a" <= text[start - 1] <= "z":
            pieces += [text[last:start], " "]
            last = start
        if end < len(text) and "a" <= text[end] <= "z":
            pieces += [text[last:end], " "]
            last = end
    return "".join(pieces) + text[last:] if pieces else text


def replace_phrases(words: list[str],
                    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]) -> str:
    """The words joined by single spaces, each spelling variant or abbreviation (a
    run of whole words) replaced, the longest where several start at one word, left
    to right without overlap: what one regular expression of every phrase would do,
    at a word lookup per word instead of trying every phrase at every character."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        for phrase, replacement in by_first.get(words[i], ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.append(replacement)
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _stemmer() -> snowballstemmer.stemmer:
    """One Snowball stemmer per thread: the stemmer object keeps state while it
    works, and two threads sharing one corrupt each other's stems."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer


_GE_ROOTS = (
    "gezin", "gemeent", "gegevens", "gesprek", "gebied", "gezag", "geweld", "geheim",
    "gevaar", "gevolg", "gedrag", "gebruik", "gemeenschap", "gezond", "getuig", "gericht",
    "geschil", "gedachte", "gebeurtenis", "gebouw", "geld", "geluk", "gelijk", "gewoon",
    "genoeg", "general", "generiek", "geneesk", "geschiedenis", "gewicht", "geloof",
)
"""Words whose "ge" belongs to the word. Snowball's Dutch stemmer (3.x) takes "ge" off
as if it made a past participle ("gedeeld" -> deel, which is right), but also off these,
and then they meet other words: "gegevens" became "geven" (give), "gezin" "zin"
(sentence), "gemeente" "meen" (as in "ik meen"), "gezag" "zag" (saw)."""


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """Light Dutch stemming so that plural and singular forms meet."""
    if token.isdigit() or len(token) <= 3:
        return token
    if token.startswith(_GE_ROOTS):
        kept = "gege" if token.startswith("gege") else "ge"
        return kept + _stemmer().stemWord(token[len(kept):])
    return _stemmer().stemWord(token)


_DERIVED = re.compile(r"^(\w{4,}?)e?lijk(s|e|er|ste)?$")


@lru_cache(maxsize=65536)
def word_parts(word: str) -> tuple[str, ...]:
    """The smaller words a word is made of: the parts of a compound, or the base of
    an adjective in -lijk ("maandelijks" -> maand, "landelijke" -> land)."""
    derived = _DERIVED.match(word)
    if derived and zipf(derived.group(1), "nl") >= COMPOUND_PART_ZIPF:
        return (derived.group(1),)
    return split_compound(word)


@lru_cache(maxsize=65536)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound ("regiobezoeken" -> regio, bezoeken;
    "landsdeel" -> land, deel), or () when it is not one. Both parts must be
    common words (wordfreq); a linking s or e between them is dropped."""
    if len(word) < COMPOUND_MIN_LENGTH or not word.isalpha():
        return ()
    whole = zipf(word, "nl")
    if zipf(word, "en") > whole + 1.0:
        return ()  # an English word ("colleague" is no col + league)
    # A compound is rarer than its parts; a word as common as its parts is a word
    # of its own ("verslagen" is not ver + slagen).
    best: tuple[float, tuple[str, ...]] = (whole, ())
    for cut in range(3, len(word) - 3):
        tail = word[cut:]
        # In this order (a set's order changes with the hash seed): ties go to the head
        # without a linking s or e ("rechtsbescherming" -> recht, bescherming).
        for head in dict.fromkeys((word[:cut].removesuffix("s"), word[:cut].removesuffix("e"),
                                   word[:cut])):
            if len(head) < 3:
                continue
            score = min(zipf(head, "nl"), zipf(tail, "nl"))
            if score >= COMPOUND_PART_ZIPF and score > best[0] + 0.5:
                best = (score, (head, tail))
    return best[1]


def content_tokens(normalized: str) -> list[str]:
    """Stemmed tokens that carry meaning (no stopwords), in order."""
    return [stem(t) for t in normalized.split() if t not in STOPWORDS]
