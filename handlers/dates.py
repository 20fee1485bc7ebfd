"""Dates in a question: which are personal data, and which are the programme's.

A full date (day, month and year) in a question about a family is a date of birth,
of a report, of a placement, of a hearing: personal data. The same date in "de
Meet Up van 14 november 2024" or "de kamerbrief van 29 maart 2023" is not. The
rule (`keep_programme_date`):

- a full date is removed, unless the message mentions no person (no family word,
  title, birth word, or other personal data) AND the sentence around the date is
  about the programme (an event, a letter, a law, a start, a deadline...) AND the
  year is 2020 or later;
- a partial date (day and month, or month and year) is kept, except right after a
  birth word ("geboren op 12 maart", "born in March 2015").

Written forms: 12-03-2015, 12/3/15, 12.03.'15, 2015-03-12, 12 03 2015, 12032015;
12 maart 2015, 12e maart '15, 12 mrt. 2015, twaalf maart 2015, 12-mrt-2015,
March 12, 2015, 12th of March 2015, Mar 12th 2015.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date

_MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "february", "feb", "febr"), 2),
    **dict.fromkeys(("maart", "march", "mrt", "mar", "maa"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("augustus", "august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_DAY_WORDS = (
    "een één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien "
    "vijftien zestien zeventien achttien negentien twintig eenentwintig tweeëntwintig "
    "drieëntwintig vierentwintig vijfentwintig zesentwintig zevenentwintig achtentwintig "
    "negenentwintig dertig eenendertig").split()
_DAY_VALUES = {word: n for n, word in enumerate(_DAY_WORDS, start=0)}
_DAY_VALUES.update({"een": 1, "één": 1})
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DAY = rf"(?:\d{{1,2}}(?:e|de|ste|st|nd|rd|th)?|{'|'.join(_DAY_WORDS)})"
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
_SEP = r"[\s\-/.,]+"

_WORD_DATE = re.compile(
    rf"(?<![\w'’])(?:(?P<d1>{_DAY})\.?(?:\s+(?:of|van))?{_SEP}(?P<m1>{_MONTH})\.?{_SEP}"
    rf"(?P<y1>{_YEAR})|(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR}))(?![\w])",
    re.IGNORECASE)
_NUMERIC_DATE = re.compile(
    r"(?<![\d])(?<!\d[-/.])(?:(?P<d>\d{1,2})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)"
    r"(?P<y>(?:19|20)\d{2}|['’]?\d{2})"
    r"|(?P<iy>(?:19|20)\d{2})(?P<is>[-/.])(?P<im>\d{1,2})(?P=is)(?P<id>\d{1,2})"
    r"|(?P<sd>\d{1,2}) (?P<sm>\d{1,2}) (?P<sy>(?:19|20)\d{2})"
    r"|(?P<cd>\d{8}))(?![-/.]?\d)")
_BIRTH = (r"(?:geboren|geb\.|geboortedatum|geboortedag|verjaardag|jarig|born|birthday|"
          r"birth\s?date|date of birth|d\.o\.b\.?|dob)")
_PARTIAL_AFTER_BIRTH = re.compile(
    rf"{_BIRTH}\s*:?\s*(?:(?:op|in|on|van|de|the|den)\s+)*"
    rf"(?:{_DAY}\.?(?:\s+(?:of|van))?{_SEP}(?:{_MONTH})\.?|(?:{_MONTH})\.?\s+(?:{_DAY}|{_YEAR}))"
    r"(?![\w])", re.IGNORECASE)

PERSON_CONTEXT = re.compile(
    r"(?<![\w-])(?:geboren|geb\.|geboortedatum|geboortedag|verjaardag|jarig|overleden|born|"
    r"birth\w*|dob|(?:het|dit|dat|een|ons|mijn) kind|kindje|zoon\w*|dochter\w*|moeder|vader|"
    r"oma|opa|tante|oom|broer\w*|zus\w*|pleeg\w+|stief\w+|cliënte?|client|jongere|jongen|"
    r"meisje|baby|zwanger\w*|(?:het|dit|dat|een) gezin|familie|mevrouw|meneer|mevr\.?|mw\.|"
    r"dhr\.?|de heer|mr\.|mrs\.|ms\.|child|mother|father|son|daughter|family|girl|boy|pupil|"
    r"uithuisplaatsing|uit huis geplaatst|ondertoezichtstelling|ots|zitting|rechtszaak|"
    r"(?:de|een|die) melding|aangifte|verhoor|dossier|echtscheiding|voogdij|gezag|bsn|adres|"
    r"woont|woonde|opgenomen|geplaatst)(?![\w-])", re.IGNORECASE)
PROGRAMME_CONTEXT = re.compile(
    r"(?<![\w-])(?:meet ?ups?|bijeenkomst\w*|webinar\w*|inloopuur|\w*sessie\w*|regiodag\w*|"
    r"regiogesprek\w*|\w*-?dag|conferentie\w*|congres\w*|symposium|training\w*|leernetwerk\w*|"
    r"netwerk\w*|kamerbrief\w*|brief|besluit\w*|\w*wet|wetsvoorstel\w*|wetgeving|programma\w*|"
    r"wmo|avg|gdpr|decentralisatie|transitie|invoering|stelsel\w*|"
    r"toekomstscenario|proeftuin\w*|bouwste(?:en|nen)|publicatie|gepubliceerd|verschenen|"
    r"rapport\w*|evaluatie|deadline|uiterlijk|aanmeld\w*|inschrijv\w*|start\w*|gestart|"
    r"kick-?off|lancering|versie|nieuwsbrief|subsidie\w*|planning|vergadering|"
    r"agenda|event|evenement|livestream|masterclass|vanaf|ingang|in werking|geldt|gelden|"
    r"tot en met|t/m|regio'?s?|landelijk\w*|vng|ministerie|associatie|jeugdzorg nederland|"
    r"kinderbescherming|veilig thuis|met andere ogen|wijkteams?|actieplan|werkagenda|"
    r"voortgangsrapportage|tweede kamer|kabinet|meeting|launch\w*|published|conference|"
    r"session|programme|program|law|kwartaal|inspiratie\w*|\w*groep\w*|"
    r"presentatie\w*|slides)"
    r"(?![\w-])", re.IGNORECASE)
PROGRAMME_ERA = 2020
_PUBLIC_DATE = re.compile(
    r"^(?:0?1[-/. ](?:0?1|jan\w*)[-/. ]2015|1 januari 2015|25[-/. ](?:0?5|mei|may)[-/. ]2018)$",
    re.IGNORECASE)
"""Dates before the programme that questions cite as facts: the Jeugdwet, Wmo 2015 and
Participatiewet took effect on 1 January 2015, the AVG (GDPR) on 25 May 2018."""
_NOT_A_DATE = re.compile(r"(?:artikel|art\.?|lid|versie|version|v|paragraaf|hoofdstuk|"
                         r"section|chapter)\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.?!\n]\s")


def _year(text: str) -> int | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4:
        return int(digits)
    if len(digits) == 2:
        return 2000 + int(digits) if int(digits) <= 40 else 1900 + int(digits)
    return None


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def _day_number(text: str) -> int:
    text = text.lower()
    if text in _DAY_VALUES:
        return _DAY_VALUES[text]
    return int(re.match(r"\d+", text).group(0))


def _numeric_ok(match: re.Match[str]) -> int | None:
    """The year of a real date, or None."""
    if match.group("d"):
        day, month, year = int(match.group("d")), int(match.group("m")), _year(match.group("y"))
        return year if _valid(day, month, year) or _valid(month, day, year) else None
    if match.group("iy"):
        year = int(match.group("iy"))
        return year if _valid(int(match.group("id")), int(match.group("im")), year) else None
    if match.group("sd"):
        year = int(match.group("sy"))
        return year if _valid(int(match.group("sd")), int(match.group("sm")), year) else None
    digits = match.group("cd")
    for day, month, year in ((digits[:2], digits[2:4], digits[4:]),
                             (digits[6:], digits[4:6], digits[:4])):
        if 1900 <= int(year) <= 2099 and _valid(int(day), int(month), int(year)):
            return int(year)
    return None


def _word_ok(match: re.Match[str]) -> int | None:
    day = match.group("d1") or match.group("d2")
    month = _MONTHS[(match.group("m1") or match.group("m2")).lower()]
    year = _year(match.group("y1") or match.group("y2"))
    return year if _valid(_day_number(day), month, year) else None


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], with the sentence before it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    left = ends[-2] if len(ends) >= 2 else 0
    right = _SENTENCE_END.search(text, end)
    return text[left:right.start() + 1 if right else len(text)]


def keep_programme_date(personal: bool) -> Callable[[str, int, int, int], bool]:
    """The policy above, for a message that does (or does not) mention a person."""
    def keep(text: str, start: int, end: int, year: int) -> bool:
        if personal:
            return False
        if year < PROGRAMME_ERA and not _PUBLIC_DATE.search(text[start:end]):
            return False
        sentence = sentence_around(text, start, end)
        return bool(PROGRAMME_CONTEXT.search(sentence))
    return keep


def redact_dates(text: str, found: Counter[str], placeholders: dict[str, str],
                         keep: Callable[[str, int, int, int], bool]) -> str:
    """Full dates in words or numbers, and partial dates after a birth word."""
    def replace(check: Callable[[re.Match[str]], int | None]):
        def sub(match: re.Match[str]) -> str:
            year = check(match)
            if year is not None and _NOT_A_DATE.search(match.string, 0, match.start()):
                year = None
            if year is None or keep(match.string, match.start(), match.end(), year):
                return match.group(0)
            found["date"] += 1
            return placeholders["date"]
        return sub

    text = _WORD_DATE.sub(replace(_word_ok), text)
    text = _NUMERIC_DATE.sub(replace(_numeric_ok), text)

    def birth(match: re.Match[str]) -> str:
        found["date"] += 1
        head = re.match(rf"{_BIRTH}\s*:?\s*(?:(?:op|in|on|van|de|the|den)\s+)*",
                        match.group(0), re.IGNORECASE).group(0)
        return head + placeholders["date"]

    return _PARTIAL_AFTER_BIRTH.sub(birth, text)
