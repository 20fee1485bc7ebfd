"""Real messages: several questions in one, honest partial answers, follow-ups,
off-topic requests and courtesy, through the triage and the FAQ desk."""

from __future__ import annotations

from handlers.explain import explain
from handlers.triage import ACTION_FORWARD_TEAM, ACTION_PICK, Topic
from storage.models import UnansweredQuestion
from tests.conftest import contact

TWO_QUESTIONS = ("Goedemorgen! Ik ben net begonnen als beleidsadviseur bij een gemeente in het "
                 "oosten. Wat zijn de basisbouwstenen? En wat doet de Raad voor de "
                 "Kinderbescherming eigenlijk?")


def test_two_questions_get_one_reply_with_a_section_and_source_each(triage):
    reply = triage.decide(TWO_QUESTIONS)
    assert reply.kind == "answer"
    assert [s.entry_id for s in reply.sections] == ["basisbouwstenen",
                                                    "raad-voor-de-kinderbescherming"]
    assert all(s.source for s in reply.sections)
    for section in reply.sections:
        entry = triage.kb.get(section.entry_id)
        assert entry.answer in reply.text and section.heading == entry.title
    assert reply.entry_id == "basisbouwstenen" and reply.gaps == []


def test_two_questions_about_one_topic_get_one_answer(triage):
    reply = triage.decide("Wat zijn de basisbouwstenen? Welke bouwstenen horen bij de basis?")
    assert reply.kind == "answer" and reply.entry_id == "basisbouwstenen"
    assert reply.sections == [] and reply.text.count("samenwerkingsconstruct") == 1


def test_a_question_without_answer_beside_one_with_is_said_plainly(triage):
    reply = triage.decide("Wat zijn de basisbouwstenen? En wat vindt de staatssecretaris "
                          "van de nieuwe begroting?")
    assert reply.kind == "answer"
    assert len(reply.sections) == 2
    assert "geen antwoord" in reply.sections[1].text
    assert reply.gaps == ["En wat vindt de staatssecretaris van de nieuwe begroting?"]
    assert [c.action for c in reply.choices] == [ACTION_FORWARD_TEAM]


def test_an_answer_that_lacks_the_asked_date_says_so_and_offers_to_forward(triage):
    reply = triage.decide("Wanneer is de eerstvolgende Meet Up voor projectleiders?")
    assert reply.kind == "answer" and reply.entry_id == "meet-ups"
    assert "niet in de informatie die ik heb" in reply.text
    assert ACTION_FORWARD_TEAM in [c.action for c in reply.choices]
    assert reply.gaps


def test_an_answer_that_holds_the_asked_date_has_no_note(triage):
    reply = triage.decide("Wanneer was de MAO Doen-Dag?")
    assert reply.entry_id == "mao-doen-dag" and "24 september" in reply.text
    assert "staat niet in de informatie" not in reply.text and reply.gaps == []


def test_english_partial_answer(triage):
    reply = triage.decide("Who is the lead of the working group on information provision, "
                          "what is their name?")
    assert reply.kind == "answer"
    assert "is not in the information I have" in reply.text


def test_off_topic_is_declined_without_forwarding(triage):
    reply = triage.decide("Kun je voor morgen een vergaderruimte voor zes personen reserveren?")
    assert reply.kind == "fallback" and reply.reason == "offtopic"
    assert reply.choices == [] and reply.gaps == []
    assert "ruimtes" in reply.text


def test_courtesy_in_a_statement_is_smalltalk(triage):
    for text in ("haha top, je bent sneller dan de servicedesk 😄", "ben jij een mens?",
                 "fijne dag verder!"):
        assert triage.decide(text).kind == "smalltalk", text


def test_follow_up_by_ordinal_answers_the_listed_item(triage):
    previous = Topic(("basisbouwstenen",))
    reply = triage.decide("vertel eens meer over de derde", previous)
    assert reply.kind == "answer"
    assert reply.entry_id == "bouwsteen-volwassenenproblematiek-basis"
    assert triage.decide("3", previous).entry_id == "bouwsteen-volwassenenproblematiek-basis"
    assert triage.decide("3").kind != "answer"



def test_digits_that_are_no_number_are_no_list_item(triage):
    """'²' or '³' pass str.isdigit() but int() refuses them: they are read as text (no
    crash), not as the second or third item of the list."""
    previous = Topic(("basisbouwstenen",))
    items = triage.kb.get("basisbouwstenen").items
    for line, item in (("²", items[1]), ("³", items[2])):
        reply = triage.decide(line, previous)
        assert reply.entry_id != item, line


def _topics(triage, reply) -> set[str]:
    ids = [reply.entry_id] if reply.entry_id else reply.options
    return {tag for i in ids for tag in triage.kb.get(i).tags}


def test_follow_up_fragment_is_read_against_the_previous_topic(triage):
    fragment = "en wie zitten daarin?"
    alone = triage.decide(fragment)
    followed = triage.decide(fragment, Topic(("werkgroepen",)))
    assert followed.kind in ("answer", "clarify")
    assert "werkgroepen" in _topics(triage, followed)
    assert alone.kind != "answer"  # alone it is too thin to answer
    # it asks something else about the topic: not the previous answer again
    assert followed.entry_id != "werkgroepen" and "werkgroepen" not in followed.options


def test_a_new_full_question_ignores_the_previous_topic(triage):
    reply = triage.decide("Wat is het inspiratienetwerk van Met Andere Ogen?",
                          Topic(("werkgroepen",)))
    assert reply.kind == "answer" and reply.entry_id.startswith("mao")


def test_explain_names_parts_signals_candidates_and_outcome(triage):
    text = explain(triage, "Hoi! Mag ik de mentor van haar zoon vertellen wat er thuis "
                           "gebeurt? En wat zijn de basisbouwstenen?")
    assert "parts found:" in text and "greeting" in text and "question" in text
    assert "situation informatie-delen" in text and "model probability" in text
    assert "candidate basisbouwstenen" in text and "phrasing" in text and "fields" in text
    assert text.rstrip().splitlines()[-2].startswith("outcome: legal")


# -- through the FAQ desk (with storage) ------------------------------------------

def test_partial_answer_keeps_the_gap_redacted_and_forwarding_makes_a_ticket(services):
    (reply,) = services.router.handle(contact(
        "Wat zijn de basisbouwstenen? En wat vindt de staatssecretaris ervan, mail me op "
        "jan@example.nl"))
    forward = next(c for c in reply.choices if c.action == ACTION_FORWARD_TEAM)
    with services.db.session() as s:
        stored = s.get(UnansweredQuestion, int(forward.value))
    assert stored is not None and "jan@example.nl" not in stored.question
    assert stored.best_entry_id == "basisbouwstenen"
    from handlers.messages import Action

    (ticket,) = services.router.handle(contact(action=Action(forward.action, forward.value)))
    assert ticket.kind == "ticket"
    assert services.tickets.list()[0].queue == "team"


def test_off_topic_is_not_kept_as_a_gap(services):
    (reply,) = services.router.handle(contact("Mijn Outlook crasht steeds, wat moet ik doen?"))
    assert reply.reason == "offtopic"
    with services.db.session() as s:
        assert s.query(UnansweredQuestion).count() == 0


def test_follow_up_in_the_same_thread_but_not_in_another(services):
    first = contact("Wat zijn de verdiepende bouwstenen?", thread="t1")
    services.router.handle(first)
    (again,) = services.router.handle(contact("vertel meer over de zesde", thread="t1"))
    assert again.entry_id == "bouwsteen-ervaringsdeskundigheid"
    (elsewhere,) = services.router.handle(contact("vertel meer over de zesde", thread="t2"))
    assert elsewhere.entry_id != "bouwsteen-ervaringsdeskundigheid"


def test_clarify_choice_in_a_multi_part_reply_carries_the_language(triage):
    reply = triage.decide("What are the basic building blocks? And what about partners?")
    picks = [c for c in reply.choices if c.action == ACTION_PICK]
    assert all(c.value.startswith("en:") for c in picks)
