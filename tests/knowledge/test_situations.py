"""Legal dilemmas in plain words (`legal_situations.yaml`): every situation is
recognised in messages nobody wrote with its words in mind, and programme
questions that mention families, schools or the police are not dilemmas."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.normalize import normalize
from knowledge.situations import DEFAULT_SITUATIONS, Situations


@pytest.fixture(scope="module")
def situations() -> Situations:
    return Situations()


def _ids(situations: Situations, message: str) -> list[str]:
    return [hit.id for hit in situations.find(normalize(message))]


POSITIVE = {
    "informatie-delen": [
        "De mentor van een leerling belt me of het thuis goed gaat, wat mag ik zeggen?",
        "Een buurvrouw vraagt hoe het met de kinderen van de overburen gaat. "
        "Kan ik haar iets vertellen?",
        "Mogen we het verslag van het keukentafelgesprek naar de huisarts sturen?",
    ],
    "informatie-tegen-wens": [
        "Een vader wil niet dat zijn ex iets hoort over de nieuwe school van zijn dochter, "
        "maar ik heb het haar toch verteld.",
        "De tiener wil niet dat we haar oma bijpraten over wat er thuis speelt.",
    ],
    "kind-tegen-ouders": [
        "Een meisje van vijftien wil niet dat haar ouders weten dat ze bij ons komt. "
        "Moet ik het ze vertellen?",
        "De jongen weigert mee te werken aan het plan, kunnen we dan zomaar doorgaan?",
    ],
    "dossier-bewaren-wijzigen": [
        "Een moeder vraagt of we haar dossier kunnen verwijderen, mag dat?",
        "Hoe lang mogen we de aantekeningen van een huisbezoek bewaren?",
        "The father wants us to delete the notes about him. Should we?",
        "A grandmother asks us to remove one note from the file. Are we obliged to?",
    ],
    "dossier-inzien": [
        "Een vader wil het verslag inzien dat we over zijn gezin schreven, moet ik dat "
        "laten lezen?",
        "Can I show the report to the parents?",
        "Her boyfriend keeps asking to read the plan we made with the kids. Can we say no?",
    ],
    "dwingen": [
        "Kunnen we een gezin dwingen om hulp te accepteren?",
        "Can we force the family to accept support at home?",
    ],
    "aansprakelijkheid": [
        "Als het misgaat met dit kind, kunnen we daarop aangesproken worden?",
        "Ouders dreigen met een klacht omdat we te laat waren, heb ik iets fout gedaan?",
        "Stel dat ik niets meld en later blijkt het mis te zijn, kan mij dat verweten worden?",
        "Wie is er dan aansprakelijk als het bij de overdracht misloopt met dat gezin?",
        "We hebben de zorgen niet doorgegeven. Als er nu iets mis gaat met de baby, kan mij "
        "dan iets kwalijk genomen worden?",
    ],
    "besluit-aanvechten": [
        "De vader is het niet eens met de uithuisplaatsing, hoe lang heeft hij om bezwaar "
        "te maken?",
        "Ouders zijn het oneens met het besluit van de rechter, kunnen ze daartegen in gaan?",
    ],
    "gegevens-kwijt": [
        "Ik heb per ongeluk een verslag naar de verkeerde ouder gemaild.",
        "Mijn collega is een tas met dossiers kwijtgeraakt in de trein.",
    ],
    "gezag-ouders": [
        "De ouders zijn gescheiden en het oneens over de school, wie beslist dan?",
        "Mijn ex en ik zijn uit elkaar; wie van de twee bepaalt over de behandeling?",
    ],
}

# Programme questions: families, schools, police, sharing programme material,
# "moeten we als regio ...". None of them is a dilemma about a family.
NEGATIVE = [
    "Hoe betrekt het programma gezinnen bij het ontwerp van de nieuwe werkwijze?",
    "Wat is de rol van scholen in de lokale teams?",
    "Doet de politie mee aan het regionale veiligheidsteam?",
    "Mag ik de nieuwsbrief delen met collega's?",
    "Moeten we als regio een eigen plan maken?",
    "Moeten we als regio ervaringsdeskundigen inzetten?",
    "Moeten wij als gemeente nu al iets regelen?",
    "Kan ik de presentatie van de Meet Up doorsturen naar mijn team?",
    "Hoe worden ouders en kinderen gehoord in de proeftuinen?",
    "Wat betekent het programma voor de gecertificeerde instellingen?",
    "Hoe werkt de samenwerking met Veilig Thuis straks?",
    "Welke rol heeft de Raad voor de Kinderbescherming in de toekomst?",
    "Kunnen jongeren meedenken in de ontwikkelgroep?",
    "Hoe zit het met de positie van pleegouders in het programma?",
    "Wat is het verschil tussen de politie en de GI in ring 2?",
    "Hoe delen regio's hun ervaringen met elkaar?",
    "Mogen we de video van de landelijke dag laten zien op ons teamoverleg?",
    "Does the police take part in the regional safety team?",
    "Where can I read the reports of the regional meetings?",
    "Waar kan ik de verslagen van de regiogesprekken lezen?",
    "Wie is er verantwoordelijk voor de werkgroep wetgeving?",
    "Kan ik mijn aantekeningen van de bijeenkomst delen met mijn team?",
]


def test_every_situation_has_examples():
    data = yaml.safe_load(DEFAULT_SITUATIONS.read_text(encoding="utf-8"))
    assert set(POSITIVE) == {s["id"] for s in data["situations"]}
    assert all(len(examples) >= 2 for examples in POSITIVE.values())


def test_every_concept_is_used():
    data = yaml.safe_load(DEFAULT_SITUATIONS.read_text(encoding="utf-8"))
    used = {c for s in data["situations"]
            for c in [*s["all"], *s.get("any", []), *s.get("none", [])]}
    assert used == set(data["concepts"])


@pytest.mark.parametrize(("situation", "message"),
                         [(s, m) for s, ms in POSITIVE.items() for m in ms])
def test_situation_recognised(situations, situation, message):
    assert situation in _ids(situations, message)


@pytest.mark.parametrize("message", NEGATIVE)
def test_programme_question_is_no_situation(situations, message):
    assert _ids(situations, message) == []


def test_forwarding_the_newsletter_to_a_school_is_no_situation(situations):
    assert _ids(situations, "Mag ik de nieuwsbrief doorsturen naar de school?") == []


def test_telling_what_happened_without_a_doubt_is_no_dilemma(situations):
    """'Every situation needs a doubt or an outsider's request'."""
    assert _ids(situations, "De mentor van de leerling belde en ik heb verteld over thuis.") \
        == []
    assert "informatie-delen" in _ids(
        situations, "De mentor van de leerling belde, mag ik vertellen over thuis?")


def test_concepts_match_whole_words_only(situations):
    # 'force' inside 'reinforcement' is not the concept force
    assert _ids(situations, "How does the reinforcement of local teams work for a family?") \
        == []
    assert _ids(situations, "Can we force this family to cooperate?") == ["dwingen"]


def test_evidence_names_the_words_of_each_concept(situations):
    hits = situations.find(normalize("Mag ik het dossier van dit gezin verwijderen?"))
    assert [h.id for h in hits] == ["dossier-bewaren-wijzigen"]
    hit = hits[0]
    assert dict(hit.evidence) == {"records": "dossier", "keep_or_delete": "verwijderen",
                                  "doubt": "mag ik"}
    assert [c for c, _ in hit.evidence] == ["records", "keep_or_delete", "doubt"]
    explained = hit.explain()
    assert explained.startswith("dossier-bewaren-wijzigen (")
    assert "records='dossier'" in explained and "doubt='mag ik'" in explained


def test_any_concepts_are_listed_after_all_concepts_when_present(situations):
    hit = next(h for h in situations.find(normalize("Kunnen we dit gezin dwingen?"))
               if h.id == "dwingen")
    assert [c for c, _ in hit.evidence] == ["force", "doubt", "person"]


# -- broken files -------------------------------------------------------------

def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "situations.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _valid() -> dict:
    return {"concepts": {"doubt": ["mag ik"], "thing": ["dossier"]},
            "situations": [{"id": "dossier-vraag", "label": "een vraag over een dossier",
                            "all": ["thing"], "any": ["doubt"]}]}


def test_small_valid_file(tmp_path):
    situations = Situations(_write(tmp_path, _valid()))
    assert [h.id for h in situations.find("mag ik het dossier zien")] == ["dossier-vraag"]
    assert situations.find("het dossier is dik") == []  # `any` holds none
    assert situations.find("mag ik het dossierkastje zien") == []  # whole words only


def test_unknown_concept_is_named(tmp_path):
    data = _valid()
    data["situations"][0]["all"] = ["thing", "refusal"]
    with pytest.raises(ValueError, match=r"situation dossier-vraag uses unknown concept\(s\) "
                                         r"\['refusal'\]"):
        Situations(_write(tmp_path, data))


def test_unknown_concept_in_any_is_named(tmp_path):
    data = _valid()
    data["situations"][0]["any"] = ["twijfel"]
    with pytest.raises(ValueError, match=r"unknown concept\(s\) \['twijfel'\]"):
        Situations(_write(tmp_path, data))


def test_bad_regular_expression_is_named(tmp_path):
    data = _valid()
    data["concepts"]["thing"] = ["dossier", "(verslag"]
    with pytest.raises(ValueError, match=r"concept thing: bad expression '\(verslag'"):
        Situations(_write(tmp_path, data))


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["situations"][0].update(id="Dossier Vraag"), "id"),
    (lambda d: d["situations"][0].update(all=[]), "all"),
    (lambda d: d["situations"][0].update(label=""), "label"),
    (lambda d: d["situations"][0].update(colour="rood"), "colour"),
    (lambda d: d.update(situations=[]), "situations"),
    (lambda d: d.pop("concepts"), "concepts"),
])
def test_malformed_file_is_rejected(tmp_path, change, expected):
    data = _valid()
    change(data)
    with pytest.raises(ValueError, match=expected):
        Situations(_write(tmp_path, data))


# -- words that look like a dilemma but are not one ----------------------------------

def test_asking_the_bot_to_tell_is_no_telling(situations):
    """'Kun je me vertellen ...' asks the bot; the telling is no act on a family's
    information. A real dilemma behind it still counts."""
    assert _ids(situations, "Goedemorgen, ik werk bij de gemeente. Kun je me vertellen "
                            "welke regio's meedoen met de ontwikkelgroepen?") == []
    assert _ids(situations, "Could you tell me which municipalities take part?") == []
    assert "informatie-delen" in _ids(
        situations, "Kun je me vertellen of ik de school mag inlichten over de zoon?")


def test_belonging_is_no_hearing(situations):
    """'Welke kaders horen daarbij' (belong) is not 'mag de juf dat horen' (hear)."""
    assert _ids(situations, "Bij de gemeente vroegen ze welke afspraken horen bij die "
                            "bouwsteen. Kunnen we dat ergens nalezen?") == []
    assert "informatie-delen" in _ids(
        situations, "Mag de juf dat horen van ons? De moeder weet het nog niet.")


def test_the_asker_not_wanting_something_is_no_refusal(situations):
    assert _ids(situations, "Ik wil niet te laat komen bij het gezin, kan ik de auto "
                            "nemen?") == []
    assert "kind-tegen-ouders" in _ids(
        situations, "De vader wil niet dat we met de school praten. Kan ik dat toch doen?")


def test_an_invitation_in_the_wrong_mailbox_is_no_data_breach(situations):
    assert _ids(situations, "De uitnodiging voor de ontwikkelgroep kwam op de verkeerde "
                            "mail binnen, wat nu?") == []
    assert "gegevens-kwijt" in _ids(
        situations, "Ik heb per ongeluk het verslag naar de verkeerde ouder gemaild.")


def test_reading_about_the_programme_is_no_reading_a_file(situations):
    assert _ids(situations, "Wij lezen met veel interesse over Met Andere Ogen. Kunnen wij "
                            "ook aansluiten als school?") == []
    assert "dossier-inzien" in _ids(situations, "Mag ik het dossier van de moeder lezen?")


def test_asking_the_bot_for_a_name_or_a_text_is_no_telling(situations):
    assert _ids(situations, "Kun je me de naam geven van de contactpersoon voor ons "
                            "landsdeel?") == []
    assert _ids(situations, "Kun jij een korte mail voor me opstellen voor de gemeente?") \
        == []


def test_compound_notes_are_records(situations):
    assert "dossier-bewaren-wijzigen" in _ids(
        situations, "hoelang moet ik mn gespreksverslagen bewaren?")


def test_a_bare_ok_after_an_act_is_a_doubt(situations):
    assert _ids(situations, "foto's maken van de kinderen tijdens huisbezoek oké?")


def test_how_long_must_a_file_be_kept(situations):
    assert "dossier-bewaren-wijzigen" in _ids(situations,
                                              "hoe lang moet een GI een dossier bewaren?")


def test_citing_a_session_in_a_report_is_no_naming_a_family(situations):
    assert _ids(situations, "wanneer was die sessie met de wijkteams? moet het in een "
                            "verslag noemen") == []
    assert "informatie-delen" in _ids(situations, "Mag ik in het casusoverleg de naam van "
                                                  "de moeder noemen?")
    assert "informatie-delen" in _ids(situations, "Moet ik de gegevens van de kinderen "
                                                  "noemen aan de school?")


def test_a_lawyer_asking_for_a_family_s_papers_is_an_outsider(situations):
    assert "informatie-delen" in _ids(situations, "De advocaat van de moeder vraagt ons alle "
                                                  "verslagen toe te sturen. Moeten we dat doen?")


def test_a_policy_officer_is_no_police_officer(situations):
    assert "outsider" not in situations.concepts(normalize("I'm a policy officer abroad"))
    assert "outsider" in situations.concepts(normalize("a police officer called me"))


@pytest.mark.parametrize("message", [
    # "keep" as in go on, "reading about", a regional plan: no file kept or read
    "I keep reading about the basic building blocks. Could you list them for our regional "
    "plan? Do we have to start with all of them?",
    "We keep bumping into questions about our regional plan, who do I contact?",
    # "geven" as in give a training or a summary, not give information about a family
    "Ik ben ziek en moet vandaag een training geven. Wie bel ik bij mijn werkgever?",
    "Kun je de belangrijkste punten geven? We willen het voorleggen aan de gemeente.",
])
def test_everyday_words_of_the_concepts_make_no_situation(situations, message):
    assert _ids(situations, message) == []


@pytest.mark.parametrize(("situation", "message"), [
    ("dossier-inzien", "Her boyfriend keeps asking to read the plan we made with the kids. "
                       "Can we say no?"),
    ("informatie-delen", "De school vraagt of ik informatie kan geven over het gezin, mag "
                         "dat?"),
    ("dossier-bewaren-wijzigen", "Can I keep the safety plan of this family after the case "
                                 "is closed?"),
])
def test_the_family_senses_of_those_words_still_make_one(situations, situation, message):
    assert situation in _ids(situations, message)


@pytest.mark.parametrize("message", [
    # a policy portfolio taken over is no family's file
    "Ik heb het Toekomstscenario-dossier net overgenomen van een collega. Kan ik iemand "
    "van het programma mailen met vragen over de planning?",
    "Ik neem het dossier over van mijn voorganger, kun je me in gewone taal vertellen wat "
    "het programma wil bereiken?",
    # being told something by a colleague is no telling about a family
    "Mijn collega vertelde dat er een open spreekuur is bij de gemeente. Moet ik me "
    "vooraf aanmelden?",
    # "deel" as in part of the country, "officer" as in a job title
    "Is er een vast aanspreekpunt voor ons deel van het land bij de gemeente? Kan ik "
    "daar terecht met vragen?",
    "I'm a project support officer; should I tell my manager about the new meetups?",
])
def test_the_askers_own_work_is_no_family_matter(situations, message):
    assert _ids(situations, message) == []


def test_a_colleague_telling_is_set_aside_but_the_asker_telling_is_not(situations):
    assert "informatie-delen" in _ids(
        situations, "Mijn collega vertelde dat de vader boos is. Mag ik de school vertellen "
                    "wat er thuis speelt?")


@pytest.mark.parametrize("message", [
    "Mijn teamleider wil dat ik naar het spreekuur bij de gemeente ga. Kun je me daar meer "
    "over vertellen?",
    "Ik hoor termen als opdrachtgeverschap, maar die zeggen me nog weinig. Moeten we als "
    "gemeente regie voeren?",
])
def test_asking_the_bot_to_tell_more_and_words_that_say_little_are_no_telling(situations,
                                                                               message):
    assert _ids(situations, message) == []


def test_hours_not_taken_are_no_recording_and_a_parent_demanding_is_a_doubt(situations):
    assert _ids(situations, "Kan ik niet opgenomen verlofuren meenemen naar volgend jaar, "
                            "heb ik daar recht op bij de gemeente?") == []
    assert "dossier-bewaren-wijzigen" in _ids(
        situations, "kan een ouder eisen dat het hele dossier bij het wijkteam wordt "
                    "verwijderd?")


@pytest.mark.parametrize(("message", "concept"), [
    # a modal after its subject tells ("ik moet het ... uitleggen"); before it, it asks
    ("Ik moet het straks uitleggen aan de directeur.", "doubt"),
    # "where do we go", "who do we contact": no doubt without "have to" or "need to"
    ("Where do we go with questions like that?", "doubt"),
    ("Who do we contact if we want to join?", "doubt"),
    # reading up on the programme is no reading of a file
    ("Ik ben nieuw en probeer me in te lezen.", "tell"),
    # a colleague who forwarded the asker something acts on no family's information
    ("A colleague forwarded me a note about the network.", "tell"),
    # the asker in the wrong place is no letter sent to the wrong address
    ("Sorry als ik hiervoor bij het verkeerde adres ben, wanneer rijdt de trein?", "mishap"),
    # a place or a time asked is no doubt
    ("Waar kan ik het verslag van de bijeenkomst teruglezen?", "doubt"),
    ("Where can I read the reports of the regional visits?", "doubt"),
    # the asker's own organisation is no outsider; looking along in a development
    # group is no reading of a file; saying yes is no telling
    ("Ik werk als jeugdbeschermer bij een GI en denk mee over de lerende omgeving.",
     "outsider"),
    ("I work for a mid-sized municipality and just joined the project group.", "outsider"),
    ("Is het meer meekijken en meedenken in zo'n ontwikkelgroep?", "tell"),
    ("Voor ik ja zeg wil ik weten wat het doel is.", "tell"),
])
def test_words_that_look_like_a_concept_but_are_not(situations, message, concept):
    assert concept not in situations.concepts(normalize(message)), message


@pytest.mark.parametrize("message", [
    "Moet ik het de ouders vertellen?",
    "Do we have to tell the school?",
    "Mogen we het verslag lezen?",
])
def test_the_same_concepts_asked_outright(situations, message):
    found = situations.concepts(normalize(message))
    assert "doubt" in found, (message, found)
