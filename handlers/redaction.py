"""Remove personal data from a question before it is stored or shown to staff.

What is recognised: BSN (nine digits that pass the 11-test; a nine-digit number
that fails it is not a BSN and stays), e-mail addresses, Dutch and international
phone numbers, postcodes with or without house number and street + house number,
and full dates (day, month and year: in a question about a family these are
almost always dates of birth). Names cannot be recognised reliably; the asker
is told so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

LABELS_NL = {
    "bsn": "BSN", "email": "e-mailadres", "phone": "telefoonnummer",
    "address": "postcode/adres", "date": "(geboorte)datum",
}
LABELS_EN = {
    "bsn": "citizen service number (BSN)", "email": "e-mail address", "phone": "phone number",
    "address": "postcode/address", "date": "(birth) date",
}
PLACEHOLDERS = {
    "bsn": "[BSN]", "email": "[e-mail]", "phone": "[telefoon]",
    "address": "[adres]", "date": "[datum]",
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Nine digits, optionally grouped with dots, spaces or dashes (123.456.782, 1234 56 782).
_NINE_DIGITS = re.compile(r"(?<![\w.+-])(\d(?:[ .-]?\d){8})(?![\w-]|\.\d)")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{2}[ -]?(?:\(0\)[ -]?)?\d(?:[ -]?\d){7,9}|"
    r"0\d(?:[ -]?\d){8}|0\d{2,3}[ -]\d{3}[ -]?\d{3,4})(?!\w)"
)
_STREETS = (r"straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|steeg|dreef|park|"
            r"ring|baan|markt|erf|veld|hoek|burg|dam|wal|zijde|haven|hout")
_ADDRESS = re.compile(
    rf"\b[A-Z][\w'-]*(?:{_STREETS})\s+\d{{1,5}}(?:\s?[a-zA-Z](?![\w]))?(?:[ -]\d{{1,4}})?\b"
    r"|\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b(?:\s+\d{1,5}(?:\s?[a-zA-Z](?!\w))?)?",
)
_MONTHS = (r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|apr(?:il)?|mei|may|"
           r"jun[ie]?|jul[iy]?|aug(?:ustus|ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    r"\b(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2}|"
    rf"\d{{1,2}}\s+(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)


def is_valid_bsn(digits: str) -> bool:
    """The 11-test (elfproef) for a nine-digit BSN: weights 9..2 and -1."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


@dataclass(frozen=True)
class Redacted:
    """The text with personal data replaced, and how many of each kind were found."""

    text: str
    found: Counter[str] = field(default_factory=Counter)

    def summary(self, english: bool = False) -> str:
        """'1 BSN, 2 e-mailadres' style list for telling the asker what was removed."""
        labels = LABELS_EN if english else LABELS_NL
        return ", ".join(f"{n}× {labels[kind]}" for kind, n in self.found.items())


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def redact(text: str) -> Redacted:
    """Replace personal data in `text` with placeholders like [BSN]. Control
    characters are dropped too: nothing stored should carry them (PostgreSQL
    refuses NUL in text)."""
    found: Counter[str] = Counter()
    text = _CONTROL.sub("", text)

    def sub(kind: str, pattern: re.Pattern[str], value: str, check=None) -> str:
        def replace(match: re.Match[str]) -> str:
            if check and not check(match.group(0)):
                return match.group(0)
            found[kind] += 1
            return PLACEHOLDERS[kind]

        return pattern.sub(replace, value)

    text = sub("email", _EMAIL, text)
    text = sub("bsn", _NINE_DIGITS, text, lambda s: is_valid_bsn(re.sub(r"\D", "", s)))
    text = sub("date", _DATE, text)
    text = sub("phone", _PHONE, text)
    text = sub("address", _ADDRESS, text)
    return Redacted(text, found)
