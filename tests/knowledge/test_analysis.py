"""Message analysis: any text is taken apart without loss, and real messages are
split where a person would split them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge.analysis import MAX_QUESTIONS, Role, analyse

# -- properties over any text ------------------------------------------------

_WORDS = ["Hoi", "hallo", "wat", "is", "de", "Meet", "Up", "wanneer", "en", "hoeveel", "of",
          "moet", "ik", "ben", "bedankt", "groeten", "what", "is", "the", "how", "kan",
          "proeftuin", "regio's", "dag", "bot", "😀", "🙏", "é", "\u200b", "\u202e", "·"]
_SEPARATORS = [" ", "  ", ", ", ". ", "? ", "! ", "?! ", "... ", "…", ": ", "; ", "\n",
               "\n\n", "\t", " , ", "?", ".", "\r\n", "\u00a0"]

# Text built from the pieces analysis cares about (question words, greetings,
# punctuation, line breaks), so hypothesis reaches the splitting rules often.
chatty = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)),
                  max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=400), chatty,
                     st.text(alphabet=st.characters(codec="utf-8"), max_size=200))


def _covered(analysis) -> set[int]:
    return {i for s in analysis.segments for i in range(s.start, s.end)}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
@example("Hoi , wat houdt een proeftuin in?")  # greeting, a space, then the comma
@example("hallo\u200b, wat is dat?")
@example("?" * 50)
@example("\n\n\n")
@example("Hoi! " * 30 + "Wat? " * 30)
def test_segments_cover_the_input_in_order(text):
    analysis = analyse(text)
    assert analysis.text == text
    previous_end = 0
    for seg in analysis.segments:
        assert 0 <= seg.start < seg.end <= len(text)
        assert seg.start >= previous_end, "segments overlap or are out of order"
        assert seg.text == text[seg.start:seg.end]
        assert seg.text == seg.text.strip(), "a segment starts or ends with blank space"
        assert seg.language in ("nl", "en")
        previous_end = seg.end
    covered = _covered(analysis)
    lost = [(i, c) for i, c in enumerate(text) if not c.isspace() and i not in covered]
    assert lost == []
    assert len(analysis.questions) <= MAX_QUESTIONS


@settings(max_examples=300, deadline=None)
@given(any_text)
@example("bouwstenen overzicht")
@example("Ik werk bij de gemeente.")
def test_something_to_answer_unless_only_courtesy(text):
    """Whatever is not a greeting or thanks is what they want to know about: a
    message never ends up with context but no question."""
    analysis = analyse(text)
    if any(c.isalnum() for c in text):
        assert analysis.segments
    if analysis.segments and not analysis.only_courtesy:
        assert analysis.questions


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=4, max_value=12))
def test_many_questions_are_merged_into_the_last(n):
    questions = [f"Wat is onderwerp nummer {i}?" for i in range(n)]
    text = " ".join(questions)
    analysis = analyse(text)
    asked = analysis.questions
    assert len(asked) == MAX_QUESTIONS
    assert [q.text for q in asked[:MAX_QUESTIONS - 1]] == questions[:MAX_QUESTIONS - 1]
    assert asked[-1].text == " ".join(questions[MAX_QUESTIONS - 1:])


def test_very_long_message_is_taken_apart():
    context = "We zijn met een groot team bezig met de voorbereiding van het regioplan. " * 80
    text = "Goedemiddag! " + context + "Wat is de rol van de inspiratieregio's?"
    analysis = analyse(text)
    assert len(text) > 5000  # far past what fold() reads
    assert analysis.segments[0].role is Role.GREETING
    assert [q.text for q in analysis.questions] == ["Wat is de rol van de inspiratieregio's?"]
    assert all(s.role is Role.CONTEXT for s in analysis.segments[1:-1])


# -- real messages -----------------------------------------------------------

def _roles(text: str) -> list[tuple[str, str]]:
    return [(s.role.value, s.text) for s in analyse(text).segments]


def test_greeting_introduction_context_and_question():
    text = ("Goedemorgen! Ik werk sinds maart als gedragswetenschapper bij een wijkteam in "
            "Deventer. Bij ons is nog veel onduidelijk over de nieuwe werkwijze. "
            "Wat wordt er precies bedoeld met een regionaal veiligheidsteam?")
    assert _roles(text) == [
        ("greeting", "Goedemorgen!"),
        ("context", "Ik werk sinds maart als gedragswetenschapper bij een wijkteam in Deventer."),
        ("context", "Bij ons is nog veel onduidelijk over de nieuwe werkwijze."),
        ("question", "Wat wordt er precies bedoeld met een regionaal veiligheidsteam?"),
    ]
    assert analyse(text).context[0].text.startswith("Ik werk")


def test_two_questions_separated_by_question_marks():
    text = "Wie nemen er deel aan de ontwikkelgroep? En hoe vaak komen ze bij elkaar?"
    assert [q.text for q in analyse(text).questions] == [
        "Wie nemen er deel aan de ontwikkelgroep?", "En hoe vaak komen ze bij elkaar?"]


def test_and_how_many_clause_is_a_second_question():
    text = "Ik zag dat er proeftuinen zijn gestart, en hoeveel gemeenten doen daaraan mee?"
    assert _roles(text) == [
        ("context", "Ik zag dat er proeftuinen zijn gestart,"),
        ("question", "en hoeveel gemeenten doen daaraan mee?"),
    ]


def test_comma_and_question_word_inside_a_question_splits_it_in_two():
    text = "Wat doet de werkgroep Wetgeving, en wie is daar de trekker van?"
    assert [q.text for q in analyse(text).questions] == [
        "Wat doet de werkgroep Wetgeving,", "en wie is daar de trekker van?"]


@pytest.mark.parametrize(("text", "questions"), [
    ("Hoe vaak is het inloopuur en wie organiseert de Meet Ups?",
     ["Hoe vaak is het inloopuur", "en wie organiseert de Meet Ups?"]),
    ("vraagje: wanneer start de werkgroep Wetgeving en welke partners zitten erin?",
     ["wanneer start de werkgroep Wetgeving", "en welke partners zitten erin?"]),
    ("How many pilot sites are there and who supports them?",
     ["How many pilot sites are there", "and who supports them?"]),
    # one question: "waar en wanneer", "het verschil tussen X en wat Y doet", a statement
    ("Waar en wanneer is de volgende Meet Up?", ["Waar en wanneer is de volgende Meet Up?"]),
    ("Wat is het verschil tussen een werkgroep en wat een ontwikkelgroep doet?",
     ["Wat is het verschil tussen een werkgroep en wat een ontwikkelgroep doet?"]),
])
def test_a_second_question_after_a_bare_and(text, questions):
    """Without a comma too, "en wie ..." after a whole question asks a second one."""
    assert [q.text for q in analyse(text).questions] == questions


@pytest.mark.parametrize("text", [
    "Kan ik zelf een proeftuin starten, of moet dat via de gemeente?",
    "Mag ik de nieuwsbrief doorsturen, of is die alleen voor deelnemers?",
    "Can I join the meetup myself, or does my manager have to sign me up?",
])
def test_alternatives_with_or_stay_one_question(text):
    analysis = analyse(text)
    assert [(s.role, s.text) for s in analysis.segments] == [(Role.QUESTION, text)]


def test_colon_before_a_question_word_splits():
    text = "Nog even iets anders: waar vind ik de presentatie van de laatste Meet Up?"
    assert _roles(text) == [
        ("context", "Nog even iets anders:"),
        ("question", "waar vind ik de presentatie van de laatste Meet Up?"),
    ]


def test_colon_before_other_words_does_not_split():
    text = "Mijn vraag gaat over de bouwstenen: welke zijn er?"
    assert len(analyse(text).segments) == 2  # a question word after the colon
    text = "Het thema van vandaag: de toekomst van de jeugdbescherming"
    assert [s.text for s in analyse(text).segments] == [text]


def test_numbered_questions_in_one_sentence_are_questions_of_their_own():
    text = ("Twee dingen wil ik graag weten: 1) hoe vaak zijn de regiogesprekken, en 2) waar "
            "kunnen we terecht met juridische vragen?")
    assert _roles(text) == [
        ("context", "Twee dingen wil ik graag weten:"),
        ("question", "1) hoe vaak zijn de regiogesprekken,"),
        ("question", "2) waar kunnen we terecht met juridische vragen?"),
    ]
    # a first item without a colon or comma before it stays with its lead-in

    assert [t for _, t in _roles("Wij willen weten (1) wat de bouwstenen zijn en (2) wie de "
                                 "trekker is?")] == ["Wij willen weten (1) wat de bouwstenen zijn",
                                                    "(2) wie de trekker is?"]


@pytest.mark.parametrize(("text", "greeting", "question"), [
    ("Hoi, wat is een inspiratieregio?", "Hoi,", "wat is een inspiratieregio?"),
    ("Hallo daar, hoe meld ik me aan?", "Hallo daar,", "hoe meld ik me aan?"),
    ("Hey: wanneer is het inloopuur?", "Hey:", "wanneer is het inloopuur?"),
    ("Goedemiddag, wie is de trekker van ring 2?", "Goedemiddag,", "wie is de trekker van ring 2?"),
])
def test_greeting_glued_to_a_question_is_split_off(text, greeting, question):
    assert _roles(text) == [("greeting", greeting), ("question", question)]


def test_word_that_only_starts_like_a_greeting_is_not_split_off():
    text = "Hoiberg, wat houdt een proeftuin in?"  # a surname, not "hoi"
    assert analyse(text).segments[0].role is not Role.GREETING


def test_english_message():
    text = ("Hi there! I'm a policy officer in Groningen and new to this. "
            "How does the programme involve young people? And where can I find the roadmap?")
    analysis = analyse(text)
    assert analysis.language == "en"
    assert [(s.role.value, s.language) for s in analysis.segments] == [
        ("greeting", "en"), ("context", "en"), ("question", "en"), ("question", "en")]
    assert analysis.questions[1].text == "And where can I find the roadmap?"


def test_language_is_kept_per_part():
    text = ("Wij werken als wijkteam in Almelo met veel internationale collega's. "
            "What does the programme say about working with families?")
    segments = analyse(text).segments
    assert [s.language for s in segments] == ["nl", "en"]


@pytest.mark.parametrize(("text", "role"), [
    ("Bedankt alvast!", Role.THANKS),
    ("Met vriendelijke groet, Sanne", Role.THANKS),
    ("Goedenavond", Role.GREETING),
    ("Is goed.", Role.CONTEXT),
    ("Wat fijn dat dit er is.", Role.CONTEXT),
    ("Ik vraag me af wie de kwartiermakers zijn", Role.QUESTION),
    ("Vertel me iets over de werkgroep Implementatie", Role.QUESTION),
    ("Wanneer start de volgende ronde", Role.QUESTION),  # no question mark
    # indirect questions, also with the verb first after an opening phrase
    ("Als projectleider wil ik graag weten of de werkgroepen al gestart zijn.", Role.QUESTION),
    ("Daarom ben ik benieuwd hoe andere regio's dat doen.", Role.QUESTION),
    ("Could you tell me who takes part in ring 2.", Role.QUESTION),
    ("I'd love to find out more about the Meet Ups.", Role.QUESTION),
    # a Dutch yes/no question puts its subject after the verb; without one it tells
    ("Moet straks met de trein naar Zwolle", Role.CONTEXT),
    ("Kan morgen helaas niet bij de Meet Up zijn", Role.CONTEXT),
    ("Moeten we dat melden", Role.QUESTION),
    ("Kan de GI dat zelf regelen", Role.QUESTION),
])
def test_single_sentence_roles(text, role):
    segments = analyse("Wat houdt een proeftuin in? " + text).segments
    assert len(segments) == 2 and segments[1].text == text, segments
    assert segments[1].role is role, segments


def test_courtesy_only_and_thanks_with_question():
    assert analyse("Hoi! Dank je wel!").only_courtesy
    assert not analyse("").only_courtesy
    analysis = analyse("Dank je! Maar waar vind ik het verslag?")
    assert [s.role for s in analysis.segments] == [Role.THANKS, Role.QUESTION]
    assert not analysis.only_courtesy


def test_no_question_sentence_becomes_one_question():
    analysis = analyse("Overzicht werkgroepen. Graag met de trekkers erbij.")
    assert len(analysis.questions) == 1
    assert analysis.questions[0].text == "Overzicht werkgroepen. Graag met de trekkers erbij."


def test_blank_and_empty_input():
    assert analyse("").segments == ()
    assert analyse("   \n\t ").segments == ()
    assert analyse(None).segments == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "asks"), [
    ("Wie is de contactpersoon?", True),
    ("We have questions about legal frameworks, so I'd like to know who to contact. Thanks!",
     True),
    ("can u translate this email to Polish for me: 'thank you for your message'", True),
    ("kun je dit even samenvatten voor me", True),
    ("Bedankt, ik ga er morgen mee aan de slag!", False),
    ("wat ben jij snel zeg, knap hoor", False),  # a question word opens an exclamation
    ("basisbouwstenen overzicht", False),
])
def test_whether_a_message_asks_something_outright(text, asks):
    assert analyse(text).asks is asks


def test_an_emoji_ends_a_sentence():
    analysis = analyse("Fijn dat er zo'n chatbot is 👋 hoe gaat het met je?")
    assert [s.text for s in analysis.segments][-1] == "hoe gaat het met je?"
    assert analyse("write me a post about my new job").asks  # an imperative asks


def test_two_questions_joined_by_and_get_two_answers(triage):
    """"Wie zit in ring 1 en wie in ring 2?": the second, elliptic, borrows the first's
    verb; each is answered with its own entry."""
    reply = triage.decide("Wie zit in ring 1 en wie in ring 2?")
    assert [section.entry_id for section in reply.sections] == ["ring-1", "ring-2"]


def test_numbered_questions_each_get_their_own_answer(triage):
    reply = triage.decide("Ik schrijf een stuk voor de wethouder. Twee vragen: 1) hoe vaak "
                          "zijn er regiogesprekken met het programmateam, en 2) waar kunnen "
                          "we terecht als er juridische vragen opkomen?")
    assert (reply.kind, [s.entry_id for s in reply.sections]) == (
        "answer", ["regiogesprekken", "juridische-helpdesk"])
