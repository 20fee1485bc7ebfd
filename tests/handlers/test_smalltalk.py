"""Smalltalk: greetings, thanks, goodbyes and help, only as whole short messages."""

from __future__ import annotations

import pytest

from handlers.smalltalk import CAPABILITIES_EN, CAPABILITIES_NL, help_reply, smalltalk_reply

FOLLOW_UP_NL = "Kom gerust terug met een nieuwe vraag."
FOLLOW_UP_EN = "Come back any time with another question."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hallo", "Hallo! " + CAPABILITIES_NL),
        ("Hoi bot!", "Hallo! " + CAPABILITIES_NL),
        ("Goedemorgen", "Hallo! " + CAPABILITIES_NL),
        ("hello", "Hello! " + CAPABILITIES_EN),
        ("Good morning!", "Hello! " + CAPABILITIES_EN),
        ("dank je", "Graag gedaan! " + FOLLOW_UP_NL),
        ("Heel erg bedankt!", "Graag gedaan! " + FOLLOW_UP_NL),
        ("ok dank je", "Graag gedaan! " + FOLLOW_UP_NL),
        ("thanks", "You're welcome! " + FOLLOW_UP_EN),
        ("Thank you very much", "You're welcome! " + FOLLOW_UP_EN),
        ("doei", "Tot ziens! " + FOLLOW_UP_NL),
        ("bye", "Goodbye! " + FOLLOW_UP_EN),
        ("help", CAPABILITIES_NL),
        ("HELP!!", CAPABILITIES_NL),
        ("?", CAPABILITIES_NL),
        ("wat kun je allemaal", CAPABILITIES_NL),
        ("what can you do?", CAPABILITIES_EN),
        ("Wat kun je?", CAPABILITIES_NL),
        ("Wie ben jij?", CAPABILITIES_NL),
        ("who are you?", CAPABILITIES_EN),
        ("hallo?", "Hallo! " + CAPABILITIES_NL),
    ],
)
def test_smalltalk_replies(text, expected):
    reply = smalltalk_reply(text)
    assert reply is not None and reply.kind == "smalltalk"
    assert reply.text == expected


@pytest.mark.parametrize(
    "text",
    [
        "hallo, mag ik gegevens delen?",
        "dank je voor het antwoord over de bouwstenen en de proeftuinen",
        "help mij met de bouwstenen",
        "Wat zijn de basisbouwstenen?",
        "thanks but what are the working groups",
        "",
        "👍",
    ],
)
def test_not_smalltalk(text):
    """A question with a greeting is still a question; nothing is not smalltalk."""
    assert smalltalk_reply(text) is None


def test_help_reply_languages():
    assert help_reply().text == CAPABILITIES_NL
    assert help_reply(english=True).text == CAPABILITIES_EN
    assert help_reply().kind == "smalltalk"


def test_capabilities_name_what_the_bot_does():
    for word in ("bouwstenen", "juridische", "inloopuur"):
        assert word in CAPABILITIES_NL
    for word in ("building blocks", "legal", "walk-in hour"):
        assert word in CAPABILITIES_EN


def test_a_long_statement_that_thanks_or_compliments_at_either_end_is_courtesy():
    from handlers.smalltalk import courtesy_reply

    thanks = ("Bedankt voor je hulp, ik ga er morgen mee verder met mijn team want we "
              "hadden al een hele ochtend op de website gezocht en kwamen er niet uit 🙌")
    assert courtesy_reply(thanks).kind == "smalltalk"
    warm = ("Goedemiddag! Ik ben net begonnen bij de gemeente en wilde alvast even gedag "
            "zeggen voordat ik met mijn vragen kom, dus wees geduldig. Fijn dat je er bent!")
    assert courtesy_reply(warm) is not None
    # A greeting alone opens a conversation: a long statement after it is no courtesy.
    opening = ("Hallo, ik zoek informatie over subsidie voor de regio's voor het komende "
               "jaar want ik kan er op de website van het programma niks over vinden")
    assert courtesy_reply(opening) is None
    assert courtesy_reply(thanks + " Wanneer is het inloopuur?") is None


def test_only_the_named_intents_count():
    from handlers.smalltalk import courtesy_reply
    from knowledge.smalltalk import SOCIAL

    assert courtesy_reply("mijn vpn valt steeds weg, help") is not None
    assert courtesy_reply("mijn vpn valt steeds weg, help", only=SOCIAL) is None
    assert courtesy_reply("mijn vpn doet raar, maar bedankt", only=SOCIAL) is not None


def test_asking_what_the_bot_does_after_introducing_oneself_is_smalltalk(triage):
    reply = triage.decide("hoi, ik ben Noor en sinds kort nieuw bij het projectbureau. wat "
                          "kun je allemaal voor me doen?")
    assert reply.kind == "smalltalk" and reply.text.startswith(CAPABILITIES_NL[:40])
    # after a story, "wat kun je doen?" asks about the story, not about the bot
    story = triage.decide("De ouders willen niet meewerken aan het plan van de proeftuin. "
                          "Wat kun je doen?")
    assert story.kind != "smalltalk"


def test_a_smalltalk_question_beside_programme_questions_gets_its_own_short_reply(triage):
    reply = triage.decide("ben jij een bot? en wat zijn de basisbouwstenen?")
    assert reply.kind == "answer"
    first, second = reply.sections
    assert first.text.startswith("Ik ben een bot, geen mens") and first.entry_id is None
    assert second.entry_id == "basisbouwstenen"
    assert "geen antwoord" not in reply.text and reply.gaps == []
    wellbeing = triage.decide("hoe gaat het? wat is een proeftuin?")
    assert wellbeing.sections[0].text == "Goed, dank je!"

