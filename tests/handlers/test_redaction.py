"""Redaction of personal data before a question is stored or shown to staff."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from handlers.redaction import is_valid_bsn, redact


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990", "012345672"])
def test_elfproef_valid(bsn):
    assert is_valid_bsn(bsn)


@pytest.mark.parametrize("digits", ["123456789", "111222334", "000000000", "12345678",
                                    "1234567890", "12345678a"])
def test_elfproef_invalid(digits):
    assert not is_valid_bsn(digits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BSN 111222333 van het kind", "BSN [BSN] van het kind"),
        ("bsn: 123456782.", "bsn: [BSN]."),
        ("nummer 123.456.782 klopt", "nummer [BSN] klopt"),
        ("nummer 123 456 782 klopt", "nummer [BSN] klopt"),
        ("nummer 1234 56 782 klopt", "nummer [BSN] klopt"),
        ("nummer 123-456-782", "nummer [BSN]"),
    ],
)
def test_valid_bsn_is_redacted(text, expected):
    result = redact(text)
    assert result.text == expected
    assert result.found == {"bsn": 1}


@pytest.mark.parametrize("text", ["dossier 123456789 is weg", "zaak 111222334",
                                  "1234567820 is te lang", "x123456782"])
def test_numbers_that_are_not_a_bsn_stay(text):
    result = redact(text)
    assert result.text == text and not result.found


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("mail jan.jansen@example.nl aub", "mail [e-mail] aub", "email"),
        ("Mail J.de-Vries+jeugd@gemeente.example.org.", "Mail [e-mail].", "email"),
        ("bel 0612345678", "bel [telefoon]", "phone"),
        ("bel 06-12345678", "bel [telefoon]", "phone"),
        ("bel 06 1234 5678 morgen", "bel [telefoon] morgen", "phone"),
        ("bel 020-1234567", "bel [telefoon]", "phone"),
        ("bel 020 123 4567", "bel [telefoon]", "phone"),
        ("bel 0591-123456", "bel [telefoon]", "phone"),
        ("bel +31 6 12345678", "bel [telefoon]", "phone"),
        ("bel +31612345678", "bel [telefoon]", "phone"),
        ("bel 0031 6 12345678", "bel [telefoon]", "phone"),
        ("postcode 1234 AB", "postcode [adres]", "address"),
        ("woont op 1234AB 12", "woont op [adres]", "address"),
        ("woont op 1234 AB 12a", "woont op [adres]", "address"),
        ("woont Dorpsstraat 12", "woont [adres]", "address"),
        ("woont op de Kerkweg 7b.", "woont op de [adres].", "address"),
        ("geboren 12-03-2015", "geboren [datum]", "date"),
        ("geboren 12/3/2015", "geboren [datum]", "date"),
        ("geboren 12.03.2015", "geboren [datum]", "date"),
        ("geboren 2015-03-12", "geboren [datum]", "date"),
        ("geboren 12 maart 2015", "geboren [datum]", "date"),
        ("born 3 March 2015", "born [datum]", "date"),
        ("geboren 12 mrt. 2015", "geboren [datum]", "date"),
    ],
)
def test_personal_data_is_redacted(text, expected, kind):
    result = redact(text)
    assert result.text == expected
    assert result.found == {kind: 1}


@pytest.mark.parametrize(
    "text",
    [
        "Wat zijn de basisbouwstenen?",
        "Hoeveel Meet Ups zijn er in 2024?",
        "Het inloopuur is om 15:00 uur",
        "ring 1 en ring 2",
        "op 12 maart is er een Meet Up",
        "Artikel 1:255 BW",
        "in 1234 regio's",
        "periode 2024-2026",
        "de kinderrechter",
    ],
)
def test_ordinary_questions_are_untouched(text):
    result = redact(text)
    assert result.text == text and not result.found


def test_everything_at_once_and_the_summary():
    result = redact("BSN 111222333, mail a@b.nl, bel 0612345678, 1234 AB 5, geboren 1-2-2015, "
                    "en nog een mail c@d.org")
    assert result.text == ("BSN [BSN], mail [e-mail], bel [telefoon], [adres], geboren [datum], "
                           "en nog een mail [e-mail]")
    assert result.found == {"bsn": 1, "email": 2, "phone": 1, "address": 1, "date": 1}
    summary = result.summary()
    for part in ("2× e-mailadres", "1× BSN", "1× telefoonnummer", "1× postcode/adres",
                 "1× (geboorte)datum"):
        assert part in summary
    assert summary.count(",") == 4
    english = result.summary(english=True)
    assert "2× e-mail address" in english and "1× citizen service number (BSN)" in english


def test_summary_of_nothing_is_empty():
    assert redact("niets persoonlijks").summary() == ""


# -- properties ------------------------------------------------------------------------

@st.composite
def valid_bsns(draw) -> str:
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    assume(check < 10)
    digits = "".join(map(str, head)) + str(check)
    assume(digits != "000000000")
    return digits


def _formatted(digits: str, style: str) -> str:
    if style == "dots":
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    if style == "spaces":
        return f"{digits[:4]} {digits[4:6]} {digits[6:]}"
    return digits


def test_generated_bsns_pass_the_elfproef():
    """The generator below builds real BSNs (guards the property test itself)."""
    assert is_valid_bsn("111222333")


@settings(max_examples=100, deadline=None)
@given(valid_bsns(), st.sampled_from(["plain", "dots", "spaces"]), st.text(max_size=40),
       st.text(max_size=40))
def test_any_valid_bsn_in_random_text_is_redacted(bsn, style, before, after):
    assert is_valid_bsn(bsn)
    assume(bsn not in re.sub(r"\D", "", before + after))
    result = redact(f"{before} {_formatted(bsn, style)} {after}")
    assert result.found["bsn"] >= 1
    assert bsn not in re.sub(r"[ .-]", "", result.text)
    assert _formatted(bsn, style) not in result.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_redact_never_raises(text):
    result = redact(text)
    assert isinstance(result.text, str)
    assert all(n > 0 for n in result.found.values())
    assert isinstance(result.summary(), str)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(categories=("L", "Zs")), max_size=200))
def test_text_without_digits_or_at_is_never_changed(text):
    """Only digits and e-mail addresses are personal data here; words stay words."""
    assert redact(text).text == text
