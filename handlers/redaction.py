"""Remove personal data from a question before it is stored or shown to staff.

One function, `redact`, used by every path that stores user text (tickets, unanswered
questions, forwarded questions) and by `helpdesk redact`. The text is normalised
first (handlers.unicode_text: invisible and bidi characters removed, NFKC, ASCII
digits), then these are replaced by placeholders, in this order:

- e-mail addresses, also written as jan[at]example[dot]nl or "jan at example dot nl";
- IBANs (checksum by python-stdnum; a Dutch-shaped one even with a wrong checksum) and
  any account number right after "IBAN"/"rekeningnummer";
- dates: every full date in a message about a person, and birth dates even without a
  year; a programme date in a message about no one stays (handlers.dates);
- phone numbers (Dutch: ten digits from 0, in any grouping, with (020) or +31 (0);
  international: + or 00 and 8-15 digits); 0800/0900 service numbers stay;
- BSNs: 9 (or 8) digits that pass the 11-test (python-stdnum), grouped or not, with
  letters glued on ("BSN805888718"); after the word BSN any 8-9 digits; other numbers
  of 9 to 18 digits (dossier, client, case numbers; a BSN with a typo) as [nummer];
- postcodes (python-stdnum; any case, with the house number after it) and street + house
  number (handlers.identifiers);
- names after a title, family word, relation or naming verb (handlers.person_names).

Long questions are redacted whole and cut afterwards (`redact_and_cut`), so no
identifier is split by the cut.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from handlers.dates import PERSON_CONTEXT, keep_programme_date
from handlers.identifiers import redact_structured
from handlers.person_names import find_names, redact_names
from handlers.unicode_text import normalise

LABELS_NL = {
    "bsn": "BSN", "email": "e-mailadres", "phone": "telefoonnummer", "iban": "bankrekeningnummer",
    "postcode": "postcode", "address": "adres", "date": "(geboorte)datum", "name": "naam",
    "number": "dossier- of klantnummer",
}
LABELS_EN = {
    "bsn": "citizen service number (BSN)", "email": "e-mail address", "phone": "phone number",
    "iban": "bank account number", "postcode": "postcode", "address": "address",
    "date": "(birth) date", "name": "name", "number": "case or client number",
}
PLACEHOLDERS = {
    "bsn": "[BSN]", "email": "[e-mail]", "phone": "[telefoon]", "iban": "[IBAN]",
    "postcode": "[postcode]", "address": "[adres]", "date": "[datum]", "name": "[naam]",
    "number": "[nummer]",
}
CATEGORIES = tuple(PLACEHOLDERS)
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@dataclass(frozen=True)
class Redacted:
    """The text with personal data replaced, and how many of each kind were found."""

    text: str
    found: Counter[str] = field(default_factory=Counter)

    def summary(self, english: bool = False) -> str:
        """'1× BSN, 2× e-mailadres' style list for telling the asker what was removed."""
        return summarise(dict(self.found), english)


def summarise(found: dict[str, int], english: bool = False) -> str:
    labels = LABELS_EN if english else LABELS_NL
    return ", ".join(f"{n}× {labels.get(kind, kind)}" for kind, n in found.items() if n)


def removal_note(found: dict[str, int], english: bool = False) -> str:
    """The sentence that tells the asker what was removed before their text was kept."""
    if english:
        return f"Before keeping your question I removed personal data: {summarise(found, True)}."
    return f"Voor het bewaren van je vraag heb ik persoonsgegevens weggehaald: {summarise(found)}."


def redact(text: str) -> Redacted:
    """Normalise `text` and replace the personal data in it with placeholders."""
    found: Counter[str] = Counter()
    text = normalise(text)
    personal = bool(PERSON_CONTEXT.search(text) or find_names(text))
    programme_date = keep_programme_date(personal)

    def keep_date(value: str, start: int, end: int, year: int) -> bool:
        return not found and programme_date(value, start, end, year)

    text = redact_structured(text, found, PLACEHOLDERS, keep_date)
    text = redact_names(text, found, PLACEHOLDERS["name"])
    return Redacted(text, Counter({k: found[k] for k in CATEGORIES if found[k]}))


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, never ending inside a placeholder, preferably at a
    space; "" for a limit below one character."""
    if len(text) <= limit:
        return text
    end = limit
    for match in _PLACEHOLDER.finditer(text, max(0, limit - 16), limit + 16):
        if match.start() < end < match.end():
            end = match.start()
    space = text.rfind(" ", max(0, end - 40), end + 1)
    return text[:space if space > 0 else end].rstrip()


CUT_MARGIN = 200
"""Characters redacted beyond the cut, more than the longest identifier: one that
straddles the end of the redacted stretch lies wholly past the cut."""


def redact_and_cut(text: str, limit: int) -> tuple[Redacted, bool]:
    """Redact, then cut to `limit` characters: (result, was it cut). A very long message
    is redacted in a stretch that is longer than `limit` by CUT_MARGIN after redaction
    (doubling as needed), not whole: the rest is dropped by the cut anyway."""
    size = 2 * limit + CUT_MARGIN
    while True:
        redacted = redact(text[:size])
        if size >= len(text) or len(redacted.text) >= limit + CUT_MARGIN:
            break
        size *= 2
    if size >= len(text) and len(redacted.text) <= limit:
        return redacted, False
    return Redacted(cut(redacted.text, limit), redacted.found), True
