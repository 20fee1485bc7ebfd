"""Redaction of personal data before a question is stored or shown to staff: the
recognisers one by one, normalisation, redact-then-cut, and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.nl import bsn as std_bsn

from handlers.person_names import NAME_TRIGGER
from handlers.redaction import cut, redact, redact_and_cut, removal_note
from handlers.unicode_text import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BSN 111222333 van het kind", "BSN [BSN] van het kind"),
        ("bsn: 123456782.", "bsn: [BSN]."),
        ("nummer 123.456.782 klopt", "nummer [BSN] klopt"),
        ("nummer 1234 56 782 klopt", "nummer [BSN] klopt"),
        ("nummer 111/222/333 klopt", "nummer [BSN] klopt"),
        ("BSN805888718 staat erin", "BSN[BSN] staat erin"),
        ("het kind (123456782) is 8", "het kind ([BSN]) is 8"),
        ("acht cijfers: 28126464", "acht cijfers: [BSN]"),
        ("BSN 123456789 (fout, maar na het woord BSN)", "BSN [BSN] (fout, maar na het woord BSN)"),
    ],
)
def test_bsn(text, expected):
    result = redact(text)
    assert (result.text, dict(result.found)) == (expected, {"bsn": 1})


@pytest.mark.parametrize("text", ["in 2024-2025 en 2025-2026", "artikel 1:255 BW",
                                  "een budget van 150000000 euro", "€ 1.250.000",
                                  "€123456789 per jaar"])
def test_numbers_that_identify_no_one_stay(text):
    result = redact(text)
    assert result.text == text and not result.found


@pytest.mark.parametrize(("text", "expected"), [
    ("dossier 123456789 is weg", "dossier [nummer] is weg"),
    ("zaak 111222334", "zaak [nummer]"),
    ("cliëntnummer 1234567820", "cliëntnummer [nummer]"),
    ("nummer 123 456 789 (fout BSN)", "nummer [nummer] (fout BSN)"),
    ("zaaknummer 2023/123456 bij de rechtbank", "zaaknummer [nummer] bij de rechtbank"),
    ("zaak C/09/612345 / JE RK 21-1234 loopt", "zaak [nummer] loopt"),
    ("ons kenmerk: VT-2024-00123", "ons kenmerk: [nummer]"),
    ("Het dossiernummer is 98765432.", "Het dossiernummer is [nummer]."),
])
def test_other_long_numbers_are_case_or_client_numbers(text, expected):
    result = redact(text)
    assert (result.text, dict(result.found)) == (expected, {"number": 1})


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("mail jan.jansen@example.nl aub", "email"),
        ("Mail J.de-Vries+jeugd@gemeente.example.org.", "email"),
        ("mail jan[at]example[dot]nl", "email"),
        ("mail jan (at) example (dot) nl", "email"),
        ("mail jan at example dot nl", "email"),
        ("mail jan apenstaartje example punt nl", "email"),
        ("bel 0612345678", "phone"),
        ("bel 06-12345678", "phone"),
        ("bel 06 1234 5678", "phone"),
        ("bel 06.12.34.56.78", "phone"),
        ("bel (06) 12345678", "phone"),
        ("bel (0)6-12345678", "phone"),
        ("bel 020-1234567", "phone"),
        ("bel (020) 123 45 67", "phone"),
        ("bel (020)-1234567", "phone"),
        ("bel 020 - 123 45 67", "phone"),
        ("bel 0591-123456", "phone"),
        ("bel +31 6 12345678", "phone"),
        ("bel +31 20 123 4567", "phone"),
        ("bel +31 (0)20 1234567", "phone"),
        ("bel 0031 6 12345678", "phone"),
        ("bel +44 20 7946 0958", "phone"),
        ("IBAN NL91ABNA0417164300", "iban"),
        ("IBAN NL91 ABNA 0417 1643 00", "iban"),
        ("op nl91abna0417164300 storten", "iban"),
        ("naar BE68 5390 0754 7034 storten", "iban"),
        ("naar NL91-ABNA-0417-1643-00 storten", "iban"),
        ("rekeningnummer 1234567", "iban"),
        ("postcode 1234 AB", "postcode"),
        ("woont op 1234AB 12", "postcode"),
        ("woont op 2512 ab", "postcode"),
        ("woont op 9712cp", "postcode"),
        ("woont op 5611 Ez", "postcode"),
        ("woont op 1234 ab 12", "postcode"),
        ("woont Dorpsstraat 12", "address"),
        ("woont op de kerkstraat 12", "address"),
        ("woont op de Kerkweg 7b.", "address"),
        ("woont aan de Singel 40", "address"),
        ("woont op de Dam 1", "address"),
        ("woont op de Lange Nieuwstraat 112bis", "address"),
        ("woont op de Oudegracht 231-2", "address"),
        ("woont op de Laan van Meerdervoort 100", "address"),
        ("woont op de Eerste Helmersstraat 18-II", "address"),
        ("geboren 12-03-2015", "date"),
        ("geboren 12/3/2015", "date"),
        ("geboren 12.03.2015", "date"),
        ("geboren 2015-03-12", "date"),
        ("geboren 12-03-15", "date"),
        ("geboren 12 maart 2015", "date"),
        ("geboren 12 maart '15", "date"),
        ("geboren 12e maart 2015", "date"),
        ("geboren 12 mrt. 2015", "date"),
        ("born 3 March 2015", "date"),
        ("born March 12, 2015", "date"),
        ("born 12th of March 2015", "date"),
        ("geboren op 12 maart", "date"),
    ],
)
def test_personal_data_is_redacted(text, kind):
    result = redact(text)
    assert dict(result.found) == {kind: 1}, result.text
    assert result.text.split(" ", 1)[0] == text.split(" ", 1)[0]
    assert not re.search(r"\d{3}|@|\bat\b|straat|gracht|Meerdervoort|Singel|Dam|NL|BE", result.text)


def test_number_before_the_street():
    assert redact("ze woont op nummer 12 in de Kerkstraat").text == "ze woont op [adres]"


def test_multi_word_street_is_removed_whole():
    assert redact("woont op de Burgemeester van Nispenstraat 3").text == "woont op de [adres]"
    assert redact("woont in de Van Nispenstraat 3").text == "woont in de [adres]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de familie Jansen", "de familie [naam]"),
        ("mijn cliënt Jan de Vries wil inzage", "mijn cliënt [naam] wil inzage"),
        ("mevrouw De Vries belde", "mevrouw [naam] belde"),
        ("mevrouw de vries belde", "mevrouw [naam] belde"),
        ("meneer Bakker is boos", "meneer [naam] is boos"),
        ("moeder Fatima en vader Ahmed", "moeder [naam] en vader [naam]"),
        ("zoon Daan en dochter Sophie", "zoon [naam] en dochter [naam]"),
        ("mijn collega Pieter vroeg het", "mijn collega [naam] vroeg het"),
        ("mijn collega pieter vroeg het", "mijn collega [naam] vroeg het"),
        ("het gezin de Groot", "het gezin [naam]"),
        ("Dhr. J. Jansen klaagt", "Dhr. [naam] klaagt"),
        ("The Peters family moved", "The [naam] family moved"),
        ("Daan (8) woont bij oma. Daan wil niet naar huis.",
         "[naam] (8) woont bij oma. [naam] wil niet naar huis."),
        ("de familie jansen belde", "de familie [naam] belde"),
        ("moeder fatima wil niet", "moeder [naam] wil niet"),
        ("de kinderen Daan en Sophie", "de kinderen [naam] en [naam]"),
        ("mijn cliente Anna", "mijn cliente [naam]"),
        ("moeder Fatima en Veilig Thuis", "moeder [naam] en Veilig Thuis"),
        ("de familie betrekken", "de familie betrekken"),
        ("haar kind terugkomt", "haar kind terugkomt"),
        ("mevrouw J.de Vries belde", "mevrouw [naam] belde"),
        ("de familie JANSEN en de RVDK", "de familie [naam] en de RVDK"),
        ("Daan zijn moeder wil niet", "[naam] zijn moeder wil niet"),
        ("Daan's mother called", "[naam]'s mother called"),
        ("haar kinderen Jayden, Mila en Noah", "haar kinderen [naam], [naam] en [naam]"),
        ("kinderen Veilig Opgroeien", "kinderen Veilig Opgroeien"),
        ("moeder Fatima, Veilig Thuis en de GI", "moeder [naam], Veilig Thuis en de GI"),
    ],
)
def test_names_in_context(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wat zijn de basisbouwstenen?",
        "Hoeveel Meet Ups zijn er in 2024?",
        "Het inloopuur is om 15:00 uur",
        "ring 1 en ring 2, 11 proeftuinen, 2024-2025, Q1 2024",
        "op 12 maart is er een Meet Up",
        "Artikel 1:255 BW en artikel 7.3.11 Jeugdwet",
        "in 1234 regio's",
        "in 2024 en 2025, in 2023 is het",
        "de kinderrechter",
        "Bel Veilig Thuis op 0800-2000",
        "de Raad voor de Kinderbescherming, Jeugdzorg Nederland en Met Andere Ogen",
        "cliënt van Veilig Thuis",
        "de vader van het kind en de moeder van de kinderen",
        "Hoe staat de cliënt centraal?",
        "Op 29 maart 2023 kwamen de leden van de Associatie Wijkteams online samen.",
        "Wat is er besproken op de Meet Up van 14 november 2024?",
        "Mijn collega's en ik willen meer weten.",
        "Ik werk met MS Teams",
    ],
)
def test_ordinary_questions_are_untouched(text):
    result = redact(text)
    assert result.text == text and not result.found


def test_a_programme_date_goes_when_the_message_is_about_a_person():
    assert redact("Wanneer is de Meet Up van 14 november 2024?").text.endswith("2024?")
    assert "[datum]" in redact("De moeder was bij de Meet Up van 14 november 2024").text
    assert "[datum]" in redact("Op 14 november 2019 was er een bijeenkomst").text


def test_invisible_characters_do_not_hide_anything():
    result = redact("bsn 111\u200b222\u200b333, mail jan@exa\u200bmple.nl, bel \u202e06-12345678")
    assert result.found == {"bsn": 1, "email": 1, "phone": 1}
    assert "\u200b" not in result.text and "\u202e" not in result.text


def test_full_width_digits_and_nfkc():
    assert redact("bel ０６１２３４５６７８").text == "bel [telefoon]"
    assert redact("\ufb01le ½").text == "file 1⁄2"  # NFKC
    assert redact("Ik vroeg me af…").text == "Ik vroeg me af…"  # the ellipsis stays


def test_everything_at_once_and_the_summary():
    result = redact("BSN 111222333, mail a@b.nl, bel 0612345678, 1234 AB 5, geboren 1-2-2015, "
                    "en nog een mail c@d.org")
    assert result.text == ("BSN [BSN], mail [e-mail], bel [telefoon], [postcode], geboren [datum], "
                           "en nog een mail [e-mail]")
    assert result.found == {"bsn": 1, "email": 2, "phone": 1, "postcode": 1, "date": 1}
    summary = result.summary()
    for part in ("2× e-mailadres", "1× BSN", "1× telefoonnummer", "1× postcode",
                 "1× (geboorte)datum"):
        assert part in summary
    assert "2× e-mail address" in result.summary(english=True)
    assert removal_note(result.found).startswith("Voor het bewaren van je vraag")
    assert "1× citizen service number (BSN)" in removal_note(result.found, english=True)


def test_summary_of_nothing_is_empty():
    assert redact("niets persoonlijks").summary() == ""


def test_redact_first_then_cut():
    """A phone number across the cut is removed whole, not left half."""
    text = "x" * 3990 + " bel 06-12345678 alstublieft"
    result, was_cut = redact_and_cut(text, 4000)
    assert was_cut and result.found == {"phone": 1}
    assert "06-123" not in result.text and "1234" not in result.text
    assert len(result.text) <= 4000


def test_cut_never_splits_a_placeholder():
    text = "a " * 10 + "[telefoon] en meer"
    for limit in range(18, 32):
        piece = cut(text, limit)
        assert len(piece) <= limit
        assert piece.count("[") == piece.count("]")


# -- properties ------------------------------------------------------------------------

@st.composite
def valid_bsns(draw) -> str:
    head = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    assume(check < 10)
    digits = "".join(map(str, head)) + str(check)
    assume(std_bsn.is_valid(digits))
    return digits


def _formatted(digits: str, style: str) -> str:
    if style == "dots":
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    if style == "spaces":
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if style == "zero-width":
        return "\u200b".join(digits)
    return digits


@settings(max_examples=150, deadline=None)
@given(valid_bsns(), st.sampled_from(["plain", "dots", "spaces", "zero-width"]),
       st.text(max_size=40), st.text(max_size=40))
def test_any_valid_bsn_in_random_text_is_redacted(bsn, style, before, after):
    assume(not re.search(r"\d", before[-1:] + after[:1]))
    result = redact(f"{before} {_formatted(bsn, style)} {after}")
    assert bsn not in re.sub(r"\D", "", result.text.replace("[BSN]", " "))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_redact_never_raises_and_is_stable(text):
    result = redact(text)
    assert all(n > 0 for n in result.found.values())
    assert isinstance(result.summary(), str)
    again = redact(result.text)
    assert again.text == result.text, "redacting twice changes nothing more"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(categories=("Ll", "Zs")), max_size=200))
def test_lower_case_words_without_digits_are_never_changed(text):
    """Lower-case prose without digits and without a word that introduces a name
    (moeder, mevrouw, heet...) or a birth date holds nothing redaction removes."""
    assume(not NAME_TRIGGER.search(text))
    assume(not re.search(r"geb|born|jarig|verjaardag|birth|dob", text))
    result = redact(text)
    assert not result.found and result.text == normalise(text)


def test_a_very_long_message_is_redacted_in_a_stretch_and_cut():
    """Identifiers crowd the start, so redaction shrinks the text: still nothing leaks."""
    text = "bel 0612345678 " * 600 + "en mail jan@example.nl " * 2000
    result, was_cut = redact_and_cut(text, 4000)
    assert was_cut and len(result.text) <= 4000
    assert not re.search(r"\d{4}|@", result.text)


@pytest.mark.parametrize(("text", "kept"), [
    ("Wat is er veranderd sinds de Jeugdwet van 1 januari 2015?", True),
    ("Geldt de AVG sinds 25 mei 2018 ook voor ons?", True),
    ("Mag ik de datum 12-03-2021 in het verslag zetten?", False),
    ("Het kind is op 1 januari 2015 geboren.", False),
    ("Is het verslag van de bijeenkomst van 3 oktober 2023 gedeeld?", True),
    ("Op 3 oktober 2023 was de bijeenkomst over de moeder.", False),
])
def test_which_dates_are_the_programmes(text, kept):
    assert (redact(text).text == text) is kept
