"""Unicode hygiene for user text: what is invisible, what is a look-alike.

Two uses, one definition of "invisible":
- `strip_invisible` (display): every renderer removes zero-width characters,
  bidirectional controls (U+202E turns "txt.exe" into "exe.txt"), other format
  characters and control characters before user text reaches another person.
- `normalise` (redaction): the same removal, then Unicode NFKC (full-width digits,
  mathematical letters, ligatures and odd spaces become plain ones), every decimal
  digit as an ASCII digit and every dash as "-", so "０６‑１２３４５６７８" or a
  zero-width space between the digits of a BSN cannot hide an identifier.
  NFKC is not applied to the ellipsis (… would become "..."): it can hide nothing
  and people type it in ordinary questions.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_EXTRA = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800")
"""Invisible characters that are not in category Cf: the combining grapheme joiner and
the Hangul and Braille blanks people use to make text or names look empty."""
_KEEP_CONTROL = frozenset("\n\t")
_LINE_BREAKS = {"\u2028": "\n", "\u2029": "\n", "\r\n": "\n", "\r": "\n"}
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
_NO_NFKC = frozenset("\u2025\u2026")


def is_invisible(char: str) -> bool:
    """Format characters (Cf: zero-width, bidi controls, soft hyphen, BOM, tags), control
    characters other than newline and tab, and a few blank look-alikes."""
    if char in _KEEP_CONTROL:
        return False
    category = unicodedata.category(char)
    return category in ("Cf", "Cc", "Cs", "Co") or char in _INVISIBLE_EXTRA


def strip_invisible(text: str) -> str:
    """The text without invisible and bidi characters; line separators become newlines."""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    if text.isascii():
        return "".join(c for c in text if c in _KEEP_CONTROL or c >= " ") \
            .replace("\x7f", "")
    return "".join(c for c in text if not is_invisible(c))


def _nfkc(text: str) -> str:
    if not any(c in _NO_NFKC for c in text):
        return unicodedata.normalize("NFKC", text)
    parts = re.split("([\u2025\u2026])", text)
    return "".join(p if p in _NO_NFKC else unicodedata.normalize("NFKC", p) for p in parts)


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.digit(match.group(0)))


_NON_ASCII_DIGIT = re.compile(r"[^\x00-\x7f]")


def normalise(text: str) -> str:
    """The text as redaction reads it (and stores it): invisible characters removed,
    NFKC, ASCII digits, ASCII dashes, non-breaking spaces as spaces."""
    text = _nfkc(strip_invisible(text))
    if not text.isascii():
        text = _DASHES.sub("-", text)
        text = _NON_ASCII_DIGIT.sub(
            lambda m: _ascii_digit(m) if unicodedata.category(m.group(0)) == "Nd"
            else m.group(0), text)
    return text
