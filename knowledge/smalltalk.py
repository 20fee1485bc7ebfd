"""Recognise a message that is only smalltalk ("top, dank je wel 🙏", "hey, hoe
gaat ie?", "ben jij een mens?"), from the curated phrases in `smalltalk.yaml`.

A message is smalltalk when its words can be covered, left to right, entirely
by smalltalk phrases and fillers; one word that is not ("hoi, wat zijn de
bouwstenen?") makes it a question. Covering instead of matching whole
sentences is what lets "haha thanks, je bent een held 💪" through without
listing every combination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.normalize import fold
from knowledge.yaml_reading import load_yaml

SMALLTALK_FILE = Path(__file__).resolve().parent / "smalltalk.yaml"
MAX_SMALLTALK_WORDS = 14
"""Longer messages are never smalltalk: people who write that much ask something."""
TYPO_MIN_LENGTH = 5
"""Words this long may differ by one edit from a phrase word: a letter wrong, missing,
extra, or two neighbours swapped ("bedankr", "thansk", "goedemrogen")."""
PRECEDENCE = ("identity", "scope", "help", "wellbeing", "greeting", "thanks", "compliment", "wish",
              "bye", "ack")


@dataclass(frozen=True)
class Smalltalk:
    """What kind of smalltalk a message is: its intents (by precedence) and language."""

    intents: tuple[str, ...]
    english: bool

    @property
    def intent(self) -> str:
        return self.intents[0]


@dataclass(frozen=True)
class _Phrases:
    fillers: frozenset[str]
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # (words, intent), longest first
    english: frozenset[tuple[str, ...]]
    words: frozenset[str]  # every word of every phrase
    long_words: tuple[str, ...]  # those a typo may stand for
    lengths: frozenset[int]  # how many words the phrases have

    def knows(self, word: str) -> bool:
        """Whether `word` can be part of smalltalk at all (a quick no for questions)."""
        if word in self.fillers or word in self.words:
            return True
        # One typo from a phrase word, looked for by rapidfuzz in one call.
        return len(word) >= TYPO_MIN_LENGTH and process.extractOne(
            word, self.long_words, scorer=OSA.distance, score_cutoff=1) is not None


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    data = load_yaml(SMALLTALK_FILE.read_text(encoding="utf-8"))
    phrases = [(tuple(_words(p)), intent) for intent in PRECEDENCE
               for p in data["intents"].get(intent, [])]
    phrases.sort(key=lambda item: -len(item[0]))
    words = frozenset(w for phrase, _ in phrases for w in phrase)
    return _Phrases(frozenset(data["fillers"]), tuple(phrases),
                    frozenset(tuple(_words(p)) for p in data["en"]), words,
                    tuple(w for w in words if len(w) >= TYPO_MIN_LENGTH),
                    frozenset(len(phrase) for phrase, _ in phrases))


def _words(text: str) -> list[str]:
    """Folded words; chat's "n" ("ben je n robot") is "een", its "t" ("aan t chatten")
    "het"; the forms of "you" and "can" are one word each ("wat kun jij" is "wat kan je"),
    in the phrases as in the messages."""
    words = re.sub(r"[^a-z0-9 ]+", " ", fold(text).replace("'", " ")).split()
    return [_CHAT.get(w, w) for w in words]


_CHAT = {"n": "een", "t": "het", "jij": "je", "jou": "je", "u": "je", "mij": "me", "kan": "kun",
         "kunt": "kun"}


def _same(word: str, expected: str) -> bool:
    if word == expected:
        return True
    return (len(expected) >= TYPO_MIN_LENGTH and len(word) >= TYPO_MIN_LENGTH
            and OSA.distance(word, expected, score_cutoff=1) <= 1)


def _phrase_at(words: list[str], start: int, phrase: tuple[str, ...],
               fillers: frozenset[str]) -> tuple[int, int] | None:
    """Where `phrase` ends when it starts at words[start], and how well it matched (2 per
    exact word, 1 per typo: exact words win ties); fillers may sit between its words
    ("hier heb ik echt wat aan", "wie heeft je eigenlijk gemaakt")."""
    at, exact = start, 0
    for n, expected in enumerate(phrase):
        while n and at < len(words) and not _same(words[at], expected) \
                and words[at] in fillers:
            at += 1
        if at >= len(words) or not _same(words[at], expected):
            return None
        exact += 2 if words[at] == expected else 1
        at += 1
    return at, exact


_STRETCHED = re.compile(r"(.)\1\1|(.)\2$")


def _unstretched(word: str, table: _Phrases) -> str:
    """A word typed with held-down letters ("heyy", "hallooo", "dankjeee": a letter
    three times, or doubled at the end) as the smalltalk word it stretches, else
    unchanged."""
    if not _STRETCHED.search(word) or table.knows(word):
        return word
    for shorter in (re.sub(r"(.)\1+", r"\1", word), re.sub(r"(.)\1{2,}", r"\1\1", word)):
        if shorter != word and table.knows(shorter):
            return shorter
    return word


def classify(text: str) -> Smalltalk | None:
    """The smalltalk a whole message is, or None when it holds anything else."""
    words = _words(text or "")
    if not words or len(words) > MAX_SMALLTALK_WORDS:
        return None
    table = _phrases()
    words = [_unstretched(w, table) for w in words]
    if not all(table.knows(w) for w in words):
        return None  # a word no smalltalk has: a question or a statement
    # best[i]: the intents of a cover of words[:i] (None = no cover); prefer covers
    # that use phrases over fillers ("ok dank je" is thanks, not two fillers) and
    # exact words over typos ("hello" is English, not a misspelt "hallo").
    best: list[tuple[int, tuple[str, ...], bool] | None] = [None] * (len(words) + 1)
    best[0] = (0, (), False)
    for i in range(len(words)):
        if best[i] is None:
            continue
        used, intents, english = best[i]
        options = []
        if words[i] in table.fillers:
            options.append((i + 1, used, intents, english))
        for phrase, intent in table.phrases:
            found = _phrase_at(words, i, phrase, table.fillers)
            if found is not None:
                end, exact = found
                options.append((end, used + exact, (*intents, intent),
                                english or phrase in table.english))
        for end, score, found, eng in options:
            if best[end] is None or score > best[end][0]:
                best[end] = (score, found, eng)
    final = best[len(words)]
    if final is None or not final[1]:
        return None
    intents = tuple(sorted(set(final[1]), key=PRECEDENCE.index))
    return Smalltalk(intents, final[2])


def mentions(text: str) -> Smalltalk | None:
    """The smalltalk phrases a short message holds, even beside other words
    ("haha nice, je bent sneller dan mn collega's"): for a message that is not a
    question and that the knowledge base cannot answer."""
    words = _words(text or "")
    if not words or len(words) > MAX_SMALLTALK_WORDS:
        return None
    found: list[str] = []
    english = False
    table = _phrases()
    runs = {n: {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
            for n in table.lengths}
    for phrase, intent in table.phrases:
        if phrase in runs[len(phrase)]:
            found.append(intent)
            english = english or phrase in table.english
    if not found:
        return None
    return Smalltalk(tuple(sorted(set(found), key=PRECEDENCE.index)), english)


SOCIAL = frozenset({"thanks", "bye", "wish", "compliment"})
"""Intents that close or warm a conversation; a greeting alone ("Hallo, ik zoek ...")
opens one."""


def social_at_the_ends(text: str) -> Smalltalk | None:
    """Thanks, a goodbye, a wish or a compliment in the opening or the closing words of a
    longer statement ("Bedankt voor je hulp, ik ga er morgen mee aan de slag ... 🙌",
    "... Fijn dat je er bent!"), or None."""
    words = _words(text or "")
    for window in (words[:MAX_SMALLTALK_WORDS], words[-MAX_SMALLTALK_WORDS:]):
        found = mentions(" ".join(window))
        if found is not None and SOCIAL & set(found.intents):
            return found
    return None
