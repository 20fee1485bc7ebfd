"""The decision is the same from many threads at once as from one (issue 9 item
10): the Snowball stemmer keeps state while it works, and the caches in front of
it would keep a wrong stem for the life of the process."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from bot.bootstrap import build_triage
from bot.config import Settings
from handlers.triage import Triage
from knowledge import language, normalize, query
from knowledge.normalize import stem

THREADS = 8
ROUNDS = 6

MESSAGES = [
    "Wat houdt een proeftuin in?",
    "Hoi! Ik ben net begonnen als projectleider in de regio. Wat doen de inspiratieregio's?",
    "Wanneer is het volgende inloopuur en hoe laat begint het?",
    "Welke organisaties horen bij ring 2?",
    "Wie zitten er in de ontwikkelgroepen? En hoe vaak komen ze samen?",
    "Waar houdt de werkgroep Wetgeving, rechtsbescherming en interventies zich mee bezig?",
    "Hoe worden ervaringsdeskundigen betrokken bij het programma?",
    "Mag ik de school vertellen wat de moeder mij in vertrouwen zei?",
    "De vader wil niet dat we met de huisarts bellen. Kunnen we toch bellen?",
    "Hoe lang mogen we de gespreksverslagen van een gezin bewaren?",
    "Een wijkagent vraagt om informatie over een gezin, wat moet ik doen?",
    "Kunnen we daarop aangesproken worden als het misgaat?",
    "hoi bot", "top hoor, dankjewel 👍", "ben jij een mens?", "fijne dag verder!",
    "Mijn laptop doet het niet, kun je helpen?", "Wordt het morgen droog?",
    "Heb je een recept voor pannenkoeken?", "Hoe vraag ik verlof aan?",
    "Welke basisbouwstenen zijn er allemaal?", "bouwstenen", "ring1", "meet-ups 2024",
    "Wat is het verschil tussen een regionaal veiligheidsteam en een lokaal team?",
    "Hoe zit het met de regiobezoeken van het programmateam?",
    "Wat doet de Raad voor de Kinderbescherming in het toekomstscenario?",
    "Wat gaat er voor de GI veranderen?", "Welke taak krijgt Veilig Thuis straks?",
    "Hoe zijn de landsdelen verdeeld?", "Is er een maandelijkse nieuwsbrief?",
    "What are the building blocks of the programme?",
    "When is the walk-in hour for legal questions?",
    "Who takes part in the development groups?",
    "Can I tell the school what the mother told me?",
    "Hoeveel proeftuinen draaien er inmiddels?",
    "Wie is de trekker van de werkgroep implementatie?",
    "Wanneer is de volgende Meet Up en waar?",
    "Wat moet mijn gemeente nu al doen volgens het programma?",
    "Ik werk bij een wijkteam. We merken dat gezinnen verdwalen tussen instanties. "
    "Hoe helpt het toekomstscenario daarbij?",
    "Wat kost deelname aan een Meet Up?",
    "Hoe meld ik een onderwerp aan voor de halfjaargesprekken?",
    "Goedemorgen! Waar vind ik de presentaties van de laatste bijeenkomst?",
    "Wat betekent ervaringsdeskundigheid?", "kwartiermakers", "roadmap",
    "Hoe gaat het programma om met privacy en de AVG?",
    "Wat is een ondertoezichtstelling?",
    "Kunnen we een gezin dwingen om hulp te accepteren?",
    "Ouders zijn het oneens met de uithuisplaatsing, hoe lang hebben ze voor bezwaar?",
    "Ik heb per ongeluk een verslag naar de verkeerde ouder gemaild.",
    "Wat gebeurt er met de lokale teams na de evaluatie?",
    "Hoe werken de regio's samen met zorgaanbieders?",
    "Zijn er subsidies voor regio's die willen starten?",
    "Wat houdt de bouwsteen integrale sturing in?",
    "Is er een overzicht van alle werkgroepen?",
    "Met Andere Ogen: waar staat dat voor?",
    "Hoe sluiten scholen aan bij de lokale teams?",
    "Hoe zijn huisartsen betrokken bij het toekomstscenario?",
    "Dank je! Nog een vraag: wat doet het landelijk programmateam precies?",
    "xyzzy plugh",
]

_CACHED: list[Callable] = [
    normalize.fold, normalize.normalize, normalize.stem, normalize.word_parts,
    normalize.split_compound, language.detect_language, query.everyday, query.rarity,
    query.QueryReader.read, query.QueryReader._known,
]


def _clear_caches() -> None:
    for cached in _CACHED:
        cached.cache_clear()


@contextmanager
def _switch_often() -> Iterator[None]:
    """Let threads take turns far more often than every 5 ms, so shared state shows."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.fixture(scope="module")
def fresh_triage() -> Triage:
    return build_triage(Settings(_env_file=None))


def _result(triage: Triage, text: str) -> tuple:
    reply = triage.decide(text)
    return reply.kind, reply.entry_id, reply.text


def test_messages_are_varied(fresh_triage):
    kinds = {_result(fresh_triage, m)[0] for m in MESSAGES}
    assert {"answer", "legal", "smalltalk", "fallback"} <= kinds
    assert len(MESSAGES) >= 60


def test_decide_from_many_threads_equals_one_thread(fresh_triage):
    _clear_caches()
    expected = {m: _result(fresh_triage, m) for m in MESSAGES}
    wrong: list[tuple[str, tuple, tuple]] = []
    for round_ in range(ROUNDS):
        _clear_caches()  # every round stems and normalises afresh, in parallel
        order = MESSAGES[round_ % len(MESSAGES):] + MESSAGES[:round_ % len(MESSAGES)]
        with _switch_often(), ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(lambda m: (m, _result(fresh_triage, m)), order * 2))
        wrong += [(m, expected[m], got) for m, got in results if got != expected[m]]
    assert wrong == []
    # and what the caches kept afterwards is still right
    assert {m: _result(fresh_triage, m) for m in MESSAGES} == expected


def _words() -> list[str]:
    words = {w for m in MESSAGES for w in normalize.normalize(m).split()}
    stems = ["bijeenkomsten", "samenwerkingsverbanden", "ontwikkelgroepen", "verantwoordelijkheden",
             "kinderbeschermingsmaatregelen", "gezinsvoogden", "ervaringsdeskundigheid",
             "ondertoezichtstellingen", "uithuisplaatsingen", "regionale", "lokaal", "lopende"]
    for base in stems:
        words.update({base, base + "e", base + "en", base + "heid", base[:-1], base[:-2]})
    return sorted(words)


@pytest.fixture(params=["installed", "pure-python"])
def backend(request, monkeypatch) -> str:
    """The stemmer snowballstemmer gives (PyStemmer's C code when installed), and its
    pure-Python Dutch stemmer, which is what a machine without PyStemmer runs and whose
    shared object corrupts stems across threads."""
    if request.param == "pure-python":
        from snowballstemmer.dutch_stemmer import DutchStemmer

        monkeypatch.setattr(normalize.snowballstemmer, "stemmer", lambda _: DutchStemmer())
    monkeypatch.setattr(normalize, "_LOCAL", threading.local())
    yield request.param
    stem.cache_clear()


def test_backends_stem_alike():
    from snowballstemmer.dutch_stemmer import DutchStemmer

    installed, pure = normalize.snowballstemmer.stemmer("dutch"), DutchStemmer()
    assert [installed.stemWord(w) for w in _words()] == [pure.stemWord(w) for w in _words()]


def test_stem_from_many_threads_equals_one_thread(backend):
    words = _words()
    stem.cache_clear()
    expected = {w: stem(w) for w in words}
    barrier = threading.Barrier(THREADS)
    wrong: list[tuple[str, str, str]] = []
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        barrier.wait()
        try:
            for n in range(len(words)):
                word = words[(n + offset * 37) % len(words)]
                got = stem(word)
                if got != expected[word]:
                    wrong.append((word, expected[word], got))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    for _ in range(ROUNDS):
        stem.cache_clear()
        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        with _switch_often():
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    assert errors == []
    assert wrong == []
    assert {w: stem(w) for w in words} == expected  # the cache kept the right stems
