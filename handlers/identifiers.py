"""Recognisers for structured personal data: e-mail, IBAN, phone, BSN and case numbers
(postcodes and streets are in handlers.addresses, dates in handlers.dates). Each takes
normalised text and returns it with the matches replaced by a placeholder, counting
what it replaced (see handlers.redaction).

python-stdnum validates what has a checksum (BSN by the 11-test, IBAN by ISO 7064);
the regular expressions here only find candidates. Numbers are read as "runs": digit
groups joined by single separators (space, dot, dash, slash, parentheses), so
"(020) 123 45 67", "06.12.34.56.78", "+31 (0)6-1234 5678" and "111/222/333" are each
one candidate, and a run holding two numbers ("06-12345678 of 020-1234567") is split
on group boundaries.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn

from handlers.addresses import redact_addresses
from handlers.dates import redact_dates

# -- e-mail ---------------------------------------------------------------------------

_AT = (r"(?:\s*(?:@|\[\s*(?:at|@|a)\s*\]|\(\s*(?:at|@|a)\s*\)|\{\s*(?:at|@)\s*\}"
       r"|<\s*at\s*>)\s*|\s+(?:at|apenstaartje|AT)\s+)")
_DOT = r"(?:\.|\s*(?:\[\s*(?:dot|punt|\.)\s*\]|\(\s*(?:dot|punt|\.)\s*\)|\{\s*dot\s*\})\s*)"
_WORD_DOT = r"(?:\s+(?:dot|punt|DOT)\s+)"
_LOCAL = r"(?>[\w!#$%&'*+/=?^`~-]+(?:\.[\w!#$%&'*+/=?^`~-]+)*)"
_LABEL = r"(?>[^\W_][\w-]{0,62})"
_TLD = r"[^\W\d_]{2,24}"
_EMAIL = re.compile(
    rf"(?<![\w.+-])(?:mailto:)?{_LOCAL}{_AT}(?:{_LABEL}(?:{_DOT}|{_WORD_DOT}))+{_TLD}(?![\w-])",
    re.IGNORECASE)
_PLAIN_AT = re.compile(r"@|\[\s*(?:at|@|a)\s*\]|\(\s*(?:at|@|a)\s*\)|\{\s*(?:at|@)\s*\}",
                       re.IGNORECASE)
_COMMON_TLDS = frozenset(
    "nl be com org net eu de uk fr info nu io edu gov int biz co me online email amsterdam "
    "frl brussels vlaanderen".split())


def _email_ok(match: re.Match[str]) -> bool:
    """A spelled-out "at"/"dot" ("jan at example dot nl") needs a real-looking TLD."""
    text = match.group(0)
    if _PLAIN_AT.search(text) and not re.search(r"\s(?:dot|punt)\s", text, re.IGNORECASE):
        return True
    return text.rsplit(None, 1)[-1].rsplit(".", 1)[-1].lower() in _COMMON_TLDS


# -- IBAN and bank accounts -----------------------------------------------------------

_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?(?!\w)",
                   re.IGNORECASE)
_NL_IBAN_SHAPE = re.compile(r"^NL\d{2}[A-Z]{4}\d{10}$")
_ACCOUNT_KEYWORD = re.compile(
    r"(?<![\w])(?:iban|rekening(?:nummer|nr\.?)?|bankrekening(?:nummer)?|reknr\.?|gironummer|"
    r"bank account(?: number)?|account number|account)(?:\s*(?:is|:|nr\.?|nummer|no\.?))*\s*",
    re.IGNORECASE)
_ACCOUNT_NUMBER = re.compile(r"(?:[A-Z]{2}\d{2}[ ]?)?[A-Z0-9]{2,4}(?:[ .-]?[A-Z0-9]{2,4}){1,7}"
                             r"(?![\w])", re.IGNORECASE)


def _iban_prefix(candidate: str, found: Counter[str], placeholders: dict[str, str]) -> str:
    """The candidate may run into the next words ("BE68 5390 0754 7034 storten"): the
    longest prefix, cut at a space or dash, that is an IBAN is replaced."""
    parts = re.split(r"(?<=[ -])", candidate)
    for n in range(len(parts), 0, -1):
        head = "".join(parts[:n]).rstrip(" -")
        if len(re.sub(r"[\s-]", "", head)) >= 12 and _iban_ok(head):
            found["iban"] += 1
            rest = candidate[len(head):]
            return placeholders["iban"] + rest
    return candidate


def _iban_ok(candidate: str) -> bool:
    compact = re.sub(r"[\s-]", "", candidate).upper()
    if std_iban.is_valid(compact, check_country=False):
        return True
    # Made-up Dutch IBANs fail the checksum but are still someone's number to the reader.
    return bool(_NL_IBAN_SHAPE.match(compact))


# -- numbers: phone and BSN -----------------------------------------------------------

_GROUP = r"\+?\(?\d+\)?\d*"
_SEP = r"(?:[ ]?[-./][ ]?|[ ]{1,2}|(?=\())"
_RUN = re.compile(rf"(?<![\d+]){_GROUP}(?:{_SEP}{_GROUP})*")
_GROUP_RE = re.compile(_GROUP)
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909", "0880")
_BSN_KEYWORD = re.compile(
    r"(?:bsn|burgerservicenummer|burger\s?service\s?nummer|sofi-?nummer|sofinr|"
    r"citizen service number|social security number)\b[^.?!\n]{0,30}$", re.IGNORECASE)
_PHONE_KEYWORD = re.compile(
    r"(?:tel(?:efoon)?(?:nummer|nr)?|mobiel(?:e nummer)?|gsm|phone(?: number)?|"
    r"whatsapp|bel(?:len)?|call|nummer)\b\.?[^.?!\n]{0,20}$", re.IGNORECASE)
MAX_RUN_GROUPS = 8


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text.replace("(0)", ""))


def _is_phone(text: str, before: str) -> bool:
    """Dutch numbers have ten digits starting with 0 (not 0800/0900 service numbers);
    international ones start with + or 00 and have 8 to 15 digits."""
    digits = _digits(text)
    if text.startswith("(0)"):  # "(0)6-12345678": the trunk zero in brackets, no country
        digits = "0" + digits
    if text.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if digits.startswith("31"):
            rest = digits[2:].lstrip("0")
            return len(rest) == 9
        return 8 <= len(digits) <= 15 and not text.startswith("00 ")
    if digits.startswith("0") and not digits.startswith("00") and len(digits) == 10:
        return not digits.startswith(_SERVICE_PREFIXES)
    return bool(digits.startswith("0") and 9 <= len(digits) <= 11
                and _PHONE_KEYWORD.search(before))


def _is_bsn(groups: list[str], before: str) -> bool:
    """Nine digits (or eight, the 11-test pads them with a zero) that pass the 11-test,
    written as one number or in groups (123.456.782, 1234 56 782, 111/222/333). Two years
    ("2024-2025") are never a BSN; with "BSN" just before, any 8 or 9 digits are one."""
    digits = "".join(_digits(g) for g in groups)
    if len(digits) not in (8, 9) or any(g.startswith("+") or "(0)" in g for g in groups):
        return False
    if len(groups) > 1 and (len(digits) == 8 or min(len(g) for g in groups) < 2
                            or all(re.fullmatch(r"(?:19|20)\d\d", g) for g in groups)):
        return bool(_BSN_KEYWORD.search(before))
    return std_bsn.is_valid(digits) or bool(_BSN_KEYWORD.search(before))


def _is_other_number(groups: list[str]) -> bool:
    """Nine to eighteen digits written as one number, or nine in BSN-like groups, that
    are neither a phone number nor a BSN: a dossier, client or case number, or a BSN
    with a typo. In a question about a family these identify someone too."""
    digits = "".join(_digits(g) for g in groups)
    if any(g.startswith("+") or "(" in g for g in groups):
        return False
    if len(groups) == 1:
        return 9 <= len(digits) <= 18
    return len(digits) == 9 and min(len(g) for g in groups) >= 2 and len(groups) <= 4


_MONEY_BEFORE = re.compile(r"(?:€|eur|euro)\s?$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"\s?(?:€|eur\b|euro|,-)", re.IGNORECASE)


def _classify(window: str, groups: list[str], before: str, after: str = "") -> str | None:
    if _is_phone(window, before):
        return "phone"
    if _is_other_number(groups) and not _is_bsn(groups, before):
        money = _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after)
        return None if money else "number"
    if _is_bsn(groups, before):
        return "bsn"
    return None


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave a bracket that only encloses the number ("(123456782)") outside it."""
    window = text[start:end]
    if window.startswith("(") and window.count("(") > window.count(")"):
        start += 1
    elif window.endswith(")") and window.count(")") > window.count("("):
        end -= 1
    elif window.startswith("(") and window.endswith(")") and window.count("(") == 1 \
            and window.count(")") == 1:
        start, end = start + 1, end - 1
    return start, end


def _number_runs(text: str, found: Counter[str], placeholders: dict[str, str]) -> str:
    out: list[str] = []
    pos = 0
    for run in _RUN.finditer(text):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group(0))
                  for m in _GROUP_RE.finditer(run.group(0))]
        i = 0
        while i < len(groups):
            for j in range(min(len(groups), i + MAX_RUN_GROUPS) - 1, i - 1, -1):
                start, end = groups[i][0], groups[j][1]
                window = text[start:end]
                kind = _classify(window, [g[2] for g in groups[i:j + 1]],
                                 text[max(0, start - 60):start], text[end:end + 8])
                if kind:
                    start, end = _balanced(text, start, end)
                    out.append(text[pos:start])
                    out.append(placeholders[kind])
                    found[kind] += 1
                    pos = end
                    i = j
                    break
            i += 1
    out.append(text[pos:])
    return "".join(out)


def _count(found: Counter[str], kind: str, placeholders: dict[str, str]) -> str:
    found[kind] += 1
    return placeholders[kind]


_CASE_KEYWORD = re.compile(
    r"(?<![\w])(?:zaak|dossier|cli[eë]nt|klant|registratie|parket|rol|referentie|"
    r"leerling|patiënt|patient|case|client|reference|file)[ -]?(?:nummer|nr\.?|number|no\.?|id)"
    r"|(?<![\w])(?:ons |uw |our |your )?(?:kenmerk|referentie|reference)\b", re.IGNORECASE)
_CASE_VALUE = re.compile(r"\s*(?::|is|=)?\s*(?P<value>[A-Z0-9][A-Z0-9/.\-]{2,30}[A-Z0-9]"
                         r"(?:[ ]?/[ ]?[A-Z]{1,3}(?: [A-Z]{1,3})? ?\d{2}-\d{1,6})?)(?![\w/])",
                         re.IGNORECASE)
_COURT_NUMBER = re.compile(
    r"(?<![\w/])[A-Z]{1,3}/\d{2}/\d{4,8}(?:[ ]?/[ ]?[A-Z]{1,3}(?: [A-Z]{1,3})? ?\d{2}-\d{1,6})?"
    r"(?![\w/])")


def _case_numbers(text: str, found: Counter[str], placeholders: dict[str, str]) -> str:
    """A court case number ("C/09/612345 / JE RK 21-1234") anywhere, and whatever number
    follows "zaaknummer", "dossiernummer", "cliëntnummer", "kenmerk" and the like."""
    text = _COURT_NUMBER.sub(lambda m: _count(found, "number", placeholders), text)
    out, pos = [], 0
    for keyword in _CASE_KEYWORD.finditer(text):
        if keyword.start() < pos:
            continue
        value = _CASE_VALUE.match(text, keyword.end())
        if not value or sum(c.isdigit() for c in value.group("value")) < 4:
            continue
        out += [text[pos:value.start("value")], placeholders["number"]]
        found["number"] += 1
        pos = value.end("value")
    out.append(text[pos:])
    return "".join(out)


def redact_structured(text: str, found: Counter[str], placeholders: dict[str, str],
                      keep_date: Callable[[str, int, int, int], bool]) -> str:
    """E-mail, IBAN, dates, phone, BSN, postcode and street + number, in that order (each
    placeholder hides its digits from the recognisers after it)."""
    text = _EMAIL.sub(lambda m: _count(found, "email", placeholders) if _email_ok(m)
                      else m.group(0), text)
    text = _IBAN.sub(lambda m: _iban_prefix(m.group(0), found, placeholders), text)
    text = _accounts(text, found, placeholders)
    text = redact_dates(text, found, placeholders, keep_date)
    text = _case_numbers(text, found, placeholders)
    text = _number_runs(text, found, placeholders)
    return redact_addresses(text, found, placeholders)


def _accounts(text: str, found: Counter[str], placeholders: dict[str, str]) -> str:
    """An account number right after "IBAN"/"rekeningnummer", whatever its shape."""
    out, pos = [], 0
    for keyword in _ACCOUNT_KEYWORD.finditer(text):
        if keyword.start() < pos:
            continue
        number = _ACCOUNT_NUMBER.match(text, keyword.end())
        if not number or sum(c.isdigit() for c in number.group(0)) < 6:
            continue
        out += [text[pos:number.start()], placeholders["iban"]]
        found["iban"] += 1
        pos = number.end()
    out.append(text[pos:])
    return "".join(out)
