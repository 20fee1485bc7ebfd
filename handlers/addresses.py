"""Postcodes and street + house number (handlers.redaction runs these after the
numbers, so a placeholder never hides half an address).

A postcode is four digits (not starting with 0) and two letters, validated by
python-stdnum (no SA, SD or SS), in any case, with the house number that follows it.
Four digits and a word ("in 2024 en 2025", "1500 en 300") are not one, unless the word
"postcode" is before it or a place name after it. A street is a word with a street
suffix (any case for the unmistakable ones: straat, laan, weg, gracht...; capitalised
for hof, markt, park, pad, veld...), taken together with the words before it that
belong to the name ("Burgemeester van Nispenstraat"), "Laan/Weg/... van X", or one of
the well-known one-word streets (Dam, Singel, Spui...), followed by a house number.
"""

from __future__ import annotations

import re
from collections import Counter

from stdnum.nl import postcode as std_postcode

_HOUSE_NUMBER = (r"(?:(?:nr\.?|no\.?|nummer|huisnummer)\s*)?\d{1,5}"
                 r"(?:\s?[-/]\s?\d{1,4}|[ -]?(?:bis|hs|huis|bg|bv|zw|rd|sous|boven|beneden|"
                 r"[IVX]{1,3}|[a-zA-Z])(?![\w]))?(?:\s?[-/]\s?\d{1,4})?(?:\s+bus\s+\d{1,4})?")
_POSTCODE = re.compile(rf"(?<![\w])([1-9]\d{{3}})(\s?)([A-Za-z]{{2}})(?![\w])"
                       rf"(?:,?\s+({_HOUSE_NUMBER})(?![\w.,]\d))?")
_PLACE_AFTER = re.compile(r",?\s+(?:'s-)?[A-Z][a-z]")
_POSTCODE_KEYWORD = re.compile(r"(?:postcode|post code|zip|pc)\b[^.?!\n\d]{0,20}$", re.IGNORECASE)
_TWO_LETTER_WORDS = frozenset(
    "en is in op of om te al ze we er na nu zo ik je de an as at be by do go he if it me my no "
    "on or so to up us am pm uw wo za ma di vr ga da ja af tv pc km".split())
"""Words that follow a number in a sentence ("in 2024 en 2025"); other letter pairs after
four digits are read as a postcode even in lower case ("7411 eh")."""

_SAFE_SUFFIXES = (r"straat|str\.?|laan|weg|plein|gracht|kade|singel|dijk|dreef|steeg|"
                  r"plantsoen|boulevard|straatweg|allee|allée|hof|markt|haven|wal|vaart|"
                  r"park|erf|baan|poort|hoven|einde|pad|veld|kanaal|wetering|"
                  r"straatje|steegje|laantje|pleintje")
_CASEFREE_SUFFIXES = frozenset(
    "straat str str. laan weg plein gracht kade singel dijk dreef steeg plantsoen boulevard "
    "straatweg allee allée straatje steegje laantje pleintje".split())
_NOT_STREETS = frozenset(
    "werkveld speelveld beleidsveld actieveld krachtenveld spanningsveld middenveld "
    "werkterrein zorgpad leerpad groeipad ontwikkelpad werkpad loopbaan carrièrebaan "
    "gerechtshof hof dam weg baan pad veld park erf markt haven wal poort einde straat laan "
    "plein kade dijk ring uitweg omweg tussenweg middenweg halfweg zijweg zijpad "
    "arbeidsmarkt woningmarkt zorgmarkt jeugdhulpmarkt thuishaven levenseinde "
    "jaareinde weekeinde onderweg halverwege wegweg snelweg rijbaan".split())
_STANDALONE_STREETS = (r"Dam|Spui|Rokin|Damrak|Singel|Neude|Brink|Markt|Grote Markt|Blaak|"
                       r"Weena|Coolsingel|Lijnbaan|Noordeinde|Lange Voorhout|Korte Voorhout|"
                       r"Voorhout|Buitenhof|Binnenhof|Plein|Kneuterdijk|Meent|Vismarkt|"
                       r"Groenmarkt|Lange Poten|Korte Poten|Boompjes|Mient|Drift|Vredenburg")
_STREET = re.compile(
    rf"(?<![\w'’-])(?:(?P<word>(?:['’]s-)?[^\W\d_][\w'’-]{{0,40}}?(?:{_SAFE_SUFFIXES}))|"
    rf"(?P<standalone>{_STANDALONE_STREETS})|"
    r"(?P<prefix>(?:[Ll]aan|[Ww]eg|[Pp]lein|[Kk]ade|[Dd]reef|[Pp]ark|[Hh]of|[Ss]traat)"
    r"\s+(?:van|der|de|den|op|aan|ten|ter|naar|in|achter|over|bij|tot|te)"
    r"(?:\s+(?:de|der|den|het|'t|van))?\s+[^\W\d_][\w'’-]*(?:\s+[A-Z][\w'’-]*)?))"
    rf",?\s+(?P<number>{_HOUSE_NUMBER})(?![\w]|[.,]\d)")
_LEFT_TOKENS = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|\d{1,2}(?:e|de|ste)|van|de|der|den|het|'t|ter|ten|te|la|le|du|"
    r"von|op|aan|St\.|Sint|Burg\.|Prof\.|Dr\.|Mr\.|Ds\.)\s+){1,4}$")
_LEFT_PARTICLES = re.compile(
    r"^(?:(?:van|de|der|den|het|'t|ter|ten|te|la|le|du|von|op|aan|Bij|In|Op|Aan|Naar|Wij|Hij|"
    r"Zij|Ze|Mijn|Onze|Het|Een|Woont|Adres|Address|Richting|Via|Tot|Voor|Achter|Langs|Om|"
    r"Hoek|Nabij|Vanaf|Over|Tegenover|Met|Uit|At|On|In|To|From|Ik|We|Is|Was|Wonen|Woonde)"
    r"\s+)+")
_ENGLISH_STREET = re.compile(
    r"(?<![\w])\d{1,5}[A-Za-z]?\s+(?:[A-Z][\w'-]+\s+){1,3}"
    r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way|Square|Place|Court|Close|"
    r"Crescent|Terrace|Boulevard)(?![\w])")


def _postcode_ok(match: re.Match[str], before: str) -> bool:
    """Upper-case letters or none between digits and letters ("2512AB", "9712cp") make a
    postcode; "2512 ab" too, but not a year and a word ("2024 en 2025", "in 2023 is"):
    there the word "postcode", a house number or a place name must say so."""
    digits, space, letters = match.group(1), match.group(2), match.group(3)
    if not std_postcode.is_valid(digits + letters):
        return False
    if not space or letters.isupper() or _POSTCODE_KEYWORD.search(before):
        return True
    yearish = 1900 <= int(digits) <= 2099
    place = bool(_PLACE_AFTER.match(match.string, match.end()))
    if letters.lower() in _TWO_LETTER_WORDS:  # "1500 en 300 kinderen": only before a place
        return place and not yearish
    return not yearish or place or match.group(4) is not None


def _street_ok(match: re.Match[str]) -> bool:
    word = match.group("word")
    if word is None:
        return True
    lower = word.lower()
    if lower in _NOT_STREETS or len(word) < 4:
        return False
    word = re.sub(r"^['’]s-", "", word)
    suffix = next((s for s in sorted(_CASEFREE_SUFFIXES, key=len, reverse=True)
                   if lower.endswith(s)), None)
    return suffix is not None or word[0].isupper()


def _street_start(text: str, start: int) -> int:
    """Extend a street name leftwards over the words that belong to it
    ("Burgemeester van Nispenstraat", "Eerste Helmersstraat"), not over particles
    that start the phrase ("in de Kerkstraat")."""
    left = _LEFT_TOKENS.search(text[max(0, start - 80):start])
    if not left:
        return start
    phrase = left.group(0)
    trimmed = _LEFT_PARTICLES.sub("", phrase)
    return start - len(trimmed)


_NUMBER_IN_STREET = re.compile(
    rf"(?<![\w])(?:huis)?nummer\s+\d{{1,5}}[a-zA-Z]?\s+(?:in|aan|op|van)\s+de\s+"
    rf"[^\W\d_][\w'’-]{{0,40}}?(?:{_SAFE_SUFFIXES})(?![\w])", re.IGNORECASE)
"""The other order: "op nummer 12 in de Kerkstraat"."""


def redact_addresses(text: str, found: Counter[str], placeholders: dict[str, str]) -> str:
    def postcode(match: re.Match[str]) -> str:
        if not _postcode_ok(match, text[max(0, match.start() - 40):match.start()]):
            return match.group(0)
        found["postcode"] += 1
        return placeholders["postcode"]

    text = _POSTCODE.sub(postcode, text)
    def english(match: re.Match[str]) -> str:  # and the number-first Dutch form
        found["address"] += 1
        return placeholders["address"]

    text = _ENGLISH_STREET.sub(english, text)
    text = _NUMBER_IN_STREET.sub(english, text)
    out, pos = [], 0
    for match in _STREET.finditer(text):
        if match.start() < pos or not _street_ok(match):
            continue
        start = _street_start(text, match.start()) if match.group("word") else match.start()
        start = max(start, pos)
        out += [text[pos:start], placeholders["address"]]
        found["address"] += 1
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)
