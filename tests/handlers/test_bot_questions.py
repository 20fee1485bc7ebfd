"""Messages whose questions are all about the bot itself (handlers/bot_questions.py)."""

from __future__ import annotations

from handlers.bot_questions import about_the_bot_only
from knowledge.analysis import analyse


def test_asking_who_or_what_the_bot_is_in_words_of_ones_own_is_smalltalk(triage):
    reply = triage.decide("Ik ben nieuw hier. Ben jij een echte medewerker van het landelijk "
                          "team of een soort automatisch programma?")
    assert reply.kind == "smalltalk" and reply.text.startswith("Ik ben een bot, geen mens")
    kind = triage.decide("Ik wilde even laten weten dat ik het fijn vind dat deze chat er is.")
    assert kind.kind == "smalltalk"
    assert triage.decide("Goedemiddag! Ik ben net begonnen bij de gemeente. Met wie of wat "
                         "praat ik hier eigenlijk?").kind == "smalltalk"
    assert triage.decide("Is dit een programma van het Rijk of van de gemeenten?").kind \
        != "smalltalk"
    # naming the bot is not asking what it is: the knowledge base's entry answers
    topics = triage.decide("Welke onderwerpen kent deze bot?")
    assert (topics.kind, topics.entry_id) == ("answer", "chatbot-functies")


def test_a_programme_question_beside_it_is_answered(triage):
    text = "ben jij een bot? en wat zijn de basisbouwstenen?"
    parts = triage.assess(text).parts
    assert about_the_bot_only(triage.kb, text, analyse(text), parts) is None
    assert triage.decide(text).kind == "answer"
