"""Names of people, recognised by the words people put before them.

There is no list of every name, so names are found by context: a title
("mevrouw De Vries", "dhr. J. Jansen", "Mrs Smith"), a family word ("de familie
El Amrani", "gezin Yılmaz", "the Jansen family"), a relation or role ("moeder
Fatima", "mijn cliënt Jan de Vries", "zoon Daan", "mijn collega Pieter",
"gezinsvoogd Karin"), a naming verb ("het kind heet Sem", "genaamd Noor"), or an
age in brackets ("Daan (8)"). Once a name is found, its other mentions in the same
message go too ("... Daan wil niet naar huis").

What follows the trigger must look like a name: capitalised words, initials and
the Dutch particles between them (van, de, der, ter, el...). After a title or a
naming verb, and after "mijn/onze" + relation, a lower-case word counts as well
("mevrouw de vries", "mijn collega pieter") unless it is an ordinary word
("mevrouw heeft gebeld"). Organisation names after a trigger stay ("cliënt van
Veilig Thuis"). A name without any of these contexts is not recognised.
"""

from __future__ import annotations

import re
from collections import Counter

from handlers.name_words import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    KNOWN_NAMES,
    PARTICLES,
    PROTECTED_PHRASES,
    ROLE_WORDS,
)

_TITLE = (r"(?P<nl_title>mevrouw|mevr\.?|mvr\.?|mw\.?|meneer|mnr\.?|dhr\.?|de heer)|"
          r"mr\.?|mrs\.?|ms\.?|miss|mister|madam|mejuffrouw|juffrouw|juf|meester|dr\.?|drs\.?|ir\.?|prof\.?")
_NAMING = r"heet|heten|genaamd|named|called|(?:mijn |my |haar |zijn |de )?naam(?: is)?|name(?: is)?"
_FAMILY = r"familie|fam\.|gezin|family|families"
_RELATION = (
    r"moeder|vader|cli[eë]nte?|patiënte?|patient|zoon(?:tje)?|dochter(?:tje)?|collega|"
    r"klein(?:zoon|dochter|kind)|schoon(?:moeder|vader|zus|broer|zoon|dochter)|"
    r"half(?:broer|zus)|stiefkind|foster (?:mother|father|parent)|step(?:mother|father)|"
    r"(?P<plural>kinderen|zonen|dochters|children|sons|daughters)|"
    r"kind(?:je)?|broer(?:tje)?|zus(?:je)?|zuster|oma|opa|tante|oom|neef(?:je)?|nicht(?:je)?|"
    r"pleeg(?:moeder|vader|kind|ouder|zoon|dochter)|stief(?:moeder|vader|zoon|dochter|broer|"
    r"zus)|jongen|meisje|baby|jongere|pupil|partner|vriend(?:in)?|ex-partner|buurman|"
    r"buurvrouw|mother|father|mum|mom|dad|son|daughter|colleague|child|kid|brother|sister|"
    r"grandmother|grandfather|grandma|grandpa|aunt|uncle|nephew|niece|boy|girl|leerling|"
    r"student|mentor|voogd|gezinsvoogd|jeugdbeschermer|hulpverlener|wijkcoach|"
    r"jeugdconsulent|consulent|huisarts|docent|leraar|lerares|ouder|manager|teamleider|"
    r"begeleider|ambulant begeleider|raadsonderzoeker|advocaat|lawyer|teacher|caseworker|"
    r"social worker|worker|onderzoeker|behandelaar|therapeut|psycholoog|wijkagent|agent")
NAME_TRIGGER = re.compile(
    rf"(?<![\w-])(?:(?P<own>mijn|m'n|onze|ons|haar|zijn|my|our|her|his|their)\s+)?"
    rf"(?:(?P<title>{_TITLE})|(?P<naming>{_NAMING})|(?P<family>{_FAMILY})|"
    rf"(?P<relation>{_RELATION}))(?![\w-])", re.IGNORECASE)
_GAP = re.compile(r"[ \t]*(?:[,:(][ \t]*|-[ \t]+|[ \t]+)")
_INITIALS = re.compile(r"(?:[A-Z]\.(?:[ ]?(?=[A-Z]\.))?){1,4}")
_PARTICLE = re.compile(
    r"(?:van|de|der|den|ter|ten|te|'t|in 't|op de|el|al|la|le|du|von|da|dos|di|bin|ben|ibn|"
    r"abu|ait|uit den|(?-i:A)(?=[ ][A-Z]))(?=[ ])", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
_BETWEEN = re.compile(r"[ ]{1,2}")
_AGE_AFTER = re.compile(
    r"(?<![\w])(?P<name>[A-Z][^\W\d_]+(?:[ ](?:van |de |der |den |el )*[A-Z][^\W\d_]+)?)"
    r"[ ]?\(\s*\d{1,2}\s*(?:jaar|jr\.?|j\.?|years?|yrs?|y)?\s*\)")
_OWNER_BEFORE = re.compile(
    rf"(?<![\w])(?P<name>[A-Z][^\W\d_]+)(?:[ ]+(?:zijn|z'n|haar|d'r)|['’]s)[ ]+"
    rf"(?:{_RELATION})(?![\w-])")
"""Spoken Dutch and English possessives: "Daan zijn moeder", "Sophie d'r vader",
"Daan's mother"."""
_THE_FAMILY = re.compile(
    r"(?<![\w])[Tt]he[ ]+(?P<name>[A-Z][^\W\d_'’-]+(?:[ -][A-Z][^\W\d_'’-]+)?)[ ]+family(?![\w])")
_OWN_LOWER = frozenset(("mijn", "m'n", "onze", "my", "our"))
_LOWER_RELATIONS = frozenset(("collega", "colleague", "cliënt", "cliënte", "client",
                              "cliente"))
_AND = re.compile(r"[ ]*,(?=[ ]*[^\W\d_])|[ ]+(?:en|and|&)(?=[ ])", re.IGNORECASE)
"""Between the names of a list: "Jayden, Mila en Noah"."""
"""Only "mijn collega pieter" and "mijn cliënt jan" take a lower-case name: after "haar
kind" or "zijn moeder" a lower-case word is almost always a verb."""
_VERB_ENDING = re.compile(r"(?:[^aeiou]t|[dt]e|[dt]en)$")
MAX_NAME_TOKENS = 5
MAX_LOWER_TOKENS = 2


def _is_name_word(word: str, lower_ok: bool, strong: bool) -> bool:
    """`strong`: right after a title or family word, or inside a name (after a particle
    or a first name), where a capitalised ordinary word is a surname ("De Jong")."""
    lower = word.lower()
    if word[0].isupper() and lower in KNOWN_NAMES:  # "cliënt Ben", "vader Wil"
        return True
    if lower in FUNCTION_WORDS or lower in ROLE_WORDS or len(word) < 2:
        return False
    if lower in COMMON_WORDS and not (strong and word[0].isupper()):
        return False
    if not word[0].isupper() and lower in KNOWN_NAMES:
        return True
    if word[0].isupper():
        # an acronym (GI, RvdK, OTS) is an organisation or a measure, not a person
        if word.isupper():  # JANSEN is a name, GI, RvdK and OTS are not
            return len(word) >= 6
        return sum(c.isupper() for c in word) <= 3
    return (lower_ok and len(word) >= 3 and word.isalpha()
            and not (len(word) >= 5 and _VERB_ENDING.search(word)))


def _protected(text: str, pos: int) -> bool:
    ahead = text[pos:pos + 60].lower() + " "
    return any(ahead.startswith(phrase) and not ahead[len(phrase)].isalpha()
               for phrase in PROTECTED_PHRASES)


def _name_after(text: str, pos: int, lower_ok: bool, strong: bool) -> tuple[int, int] | None:
    """The span of a name that starts at `pos`, or None."""
    gap = _GAP.match(text, pos)
    if not gap:
        return None
    pos = start = gap.end()
    if _protected(text, pos):
        return None
    end, words, lowers, tokens, particles = None, 0, 0, 0, 0
    while tokens < MAX_NAME_TOKENS:
        initials = _INITIALS.match(text, pos)
        particle = _PARTICLE.match(text, pos)
        word = _WORD.match(text, pos)
        after_initials = False
        if initials and not words:
            pos = end = initials.end()
            after_initials = True
        elif particle and not (word and word.group(0)[0].isupper()
                               and word.group(0).lower() in KNOWN_NAMES) and (
                lower_ok or text[pos].isupper() or words or _next_is_capital(text, particle.end())):
            pos = particle.end()
            particles += 1
        elif word and _is_name_word(word.group(0), lower_ok and lowers < MAX_LOWER_TOKENS,
                                    strong or bool(words or particles)):
            if _protected(text, pos):
                break
            if not word.group(0)[0].isupper():
                lowers += 1
            words += 1
            pos = end = word.end()
        else:
            break
        tokens += 1
        between = _BETWEEN.match(text, pos)
        if not between and not after_initials:  # "J.de Vries" has no space
            break
        pos = between.end() if between else pos
    if end is None or (words == 0 and end - start < 2):
        return None
    return start, end


def _next_is_capital(text: str, pos: int) -> bool:
    """After a particle: do more particles and then a capitalised word follow?"""
    rest = re.match(r"(?:[ ](?:van|de|der|den|ter|ten|te|'t|el|al|la|le|du|von))*[ ]([^\W\d_])",
                    text[pos:pos + 40], re.IGNORECASE)
    return bool(rest and rest.group(1).isupper())


def _listed(text: str, span: tuple[int, int]) -> bool:
    """After a plural ("de kinderen ..."): a known first name, or a name and another."""
    if text[span[0]:span[1]].split()[0].lower() in KNOWN_NAMES:
        return True
    more = _AND.match(text, span[1])
    return bool(more and _name_after(text, more.end(), False, False))


def find_names(text: str) -> list[tuple[int, int]]:
    """Spans of names in context, in order, not overlapping."""
    spans: list[tuple[int, int]] = []
    for trigger in NAME_TRIGGER.finditer(text):
        relation = trigger.group("relation")
        lower_ok = bool(trigger.group("nl_title") or trigger.group("naming") or (
            relation and (trigger.group("own") or "").lower() in _OWN_LOWER
            and relation.lower() in _LOWER_RELATIONS))
        if trigger.group("family") and trigger.group(0).lower() == "families":
            continue
        if trigger.group("naming") and re.search(r"(?:hoe|wat|how|what)\s+$",
                                                 text[max(0, trigger.start() - 6):trigger.start()],
                                                 re.IGNORECASE):
            continue
        strong = bool(trigger.group("title") or trigger.group("family"))
        span = _name_after(text, trigger.end(), lower_ok, strong)
        if span and trigger.group("plural") and not _listed(text, span):
            continue  # "kinderen Veilig Opgroeien" is a programme, "kinderen Daan en Sophie" not
        while span:  # "de kinderen Daan en Sophie", "moeder Fatima en Ahmed"
            spans.append(span)
            more = _AND.match(text, span[1])
            span = _name_after(text, more.end(), False, False) if more else None
    for pattern in (_AGE_AFTER, _THE_FAMILY, _OWNER_BEFORE):
        for match in pattern.finditer(text):
            name = match.group("name")
            first = name.split()[0]
            if first.lower() not in COMMON_WORDS and not _protected(text, match.start("name")):
                spans.append(match.span("name"))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact_names(text: str, found: Counter[str], placeholder: str) -> str:
    """Names in context, then every other mention of the words of those names."""
    spans = find_names(text)
    if not spans:
        return text
    words = set()
    for start, end in spans:
        for word in _WORD.findall(text[start:end]):
            if word[0].isupper() and len(word) >= 3 and word.lower() not in COMMON_WORDS \
                    and word.lower() not in PARTICLES:
                words.add(word)
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], placeholder]
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    found["name"] += len(spans)
    if words:
        again = re.compile(r"(?<![\w\[])(?:" + "|".join(
            map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![\w\]])")
        text, n = again.subn(placeholder, text)
        found["name"] += n
    return text
