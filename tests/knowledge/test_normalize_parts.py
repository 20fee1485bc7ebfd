"""Compounds read as their parts, and folding that removes what people cannot
see (zero-width, bidi, soft hyphens) and accents."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.normalize import COMPOUND_MIN_LENGTH, fold, normalize, split_compound, word_parts


@pytest.mark.parametrize(("word", "parts"), [
    ("regiobezoeken", ("regio", "bezoeken")),
    ("landsdeel", ("land", "deel")),  # linking s dropped
    ("gezinsvoogd", ("gezin", "voogd")),
    ("programmateam", ("programma", "team")),
    ("veiligheidsteam", ("veiligheid", "team")),
    ("informatiekanalen", ("informatie", "kanalen")),
    ("jeugdbescherming", ("jeugd", "bescherming")),
])
def test_compound_is_split_into_common_words(word, parts):
    assert split_compound(word) == parts
    assert word_parts(word) == parts


@pytest.mark.parametrize("word", [
    "verslagen",  # a word of its own, not ver + slagen
    "samenwerking", "bijeenkomst", "kinderen", "waarschijnlijk",
    "colleague", "everybody", "afternoon",  # English words: no col + league
])
def test_ordinary_words_are_not_split(word):
    assert split_compound(word) == ()


@pytest.mark.parametrize("word", ["ring", "regio", "dossier", "wijkte", "ab", ""])
def test_short_words_are_untouched(word):
    assert len(word) < COMPOUND_MIN_LENGTH
    assert split_compound(word) == ()
    assert word_parts(word) == ()


@pytest.mark.parametrize("word", ["12345678", "regio-bezoek", "regio bezoek", "ring2ring3"])
def test_only_letters_are_split(word):
    assert split_compound(word) == ()


@pytest.mark.parametrize(("word", "base"), [
    ("maandelijks", "maand"),
    ("landelijke", "land"),
    ("jaarlijks", "jaar"),
])
def test_lijk_adjective_is_read_as_its_base(word, base):
    assert split_compound(word) == ()  # not a compound
    assert word_parts(word) == (base,)


def test_lijk_base_must_be_a_common_word():
    assert word_parts("eerlijk") == ()  # 'eer' is too short to be a base
    assert word_parts("xqzvlijk") == ()


# -- folding -------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "folded"), [
    ("pro\u200beftuin", "proeftuin"),  # zero-width space
    ("pro\u200deftuin", "proeftuin"),  # zero-width joiner
    ("\ufeffinloopuur", "inloopuur"),  # byte-order mark
    ("regio\u202e snoitseuq", "regio snoitseuq"),  # right-to-left override
    ("\u2066werkgroep\u2069", "werkgroep"),  # isolates
    ("\u200fbouwsteen\u200e", "bouwsteen"),  # direction marks
    ("ont\u00adwik\u00adkel\u00adgroep", "ontwikkelgroep"),  # soft hyphens
    ("Coördinatie Één Café", "coordinatie een cafe"),
    ("e\u0301e\u0300n", "een"),  # decomposed accents
    ("ＡＶＧ", "avg"),  # full-width letters
    ("ﬁnanciering", "financiering"),  # ligature
    ("ĲSSEL", "ijssel"),
    ("İnloop", "inloop"),
])
def test_fold_strips_invisible_characters_and_accents(raw, folded):
    assert fold(raw) == folded


def test_fold_keeps_apostrophes_unified():
    assert fold("regio’s regio‘s regio`s") == "regio's regio's regio's"


def test_invisible_characters_do_not_change_normalisation():
    plain = "Wat doet de werkgroep wetgeving?"
    hidden = "Wat\u200b doet de werk\u00adgroep \u202ewetgeving\u202c?"
    assert normalize(hidden) == normalize(plain)


invisible = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
                             "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2066",
                             "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\x00", "\x7f"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=5), invisible), max_size=30).map("".join))
def test_fold_leaves_no_control_or_format_characters(text):
    folded = fold(text)
    assert all(unicodedata.category(c)[0] != "C" or c in "\t\n\r" for c in folded)
    assert fold(folded) == folded
    assert normalize(normalize(text)) == normalize(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_the_ascii_shortcut_folds_as_the_full_path_does(text):
    """Plain ASCII skips decomposition; it must come out as the full path makes it."""
    from knowledge.normalize import _APOSTROPHES, fold_unicode

    assert fold.__wrapped__(text) == fold_unicode(text.translate(_APOSTROPHES))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abz19 0é٣_-xq", max_size=40))
def test_digits_split_from_letters_as_one_lookaround_expression_would(text):
    import re

    from knowledge.normalize import split_digits

    reference = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
    assert split_digits(text) == reference.sub(" ", text)
