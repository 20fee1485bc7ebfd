"""Which specific fact a question asks for, and whether an answer gives it.

"Wanneer is de volgende Meet Up en waar?" is about the Meet Ups, but what the
asker wants is a date and a place. If the matched answer holds neither, the
honest reply says what is known and that the date and place are not in the
bot's information. Dates, times, durations, limits, links, e-mail addresses, ways
to sign up and amounts are found in the answer text itself; names of people, lists
of regions, results and decisions cannot be recognised reliably in text, so an
entry declares them in `gives:` when its answer holds them (the sources hold none
today).
"""

from __future__ import annotations

import re
from enum import StrEnum

from knowledge.normalize import fold, normalize


class Specific(StrEnum):
    DATE = "date"  # a day: "wanneer is de volgende ...", "deadline", "welke datum"
    WHEN = "when"  # any time reference: "wanneer", "sinds wanneer", "in welk jaar"
    TIME = "time"  # a clock time: "hoe laat"
    PLACE = "place"
    LINK = "link"
    PERSON = "person"  # a named person: "wie is de trekker", "aanspreekpunt"
    CONTACT = "contact"  # an e-mail address or phone number
    COST = "cost"
    EFFORT = "effort"  # hours or days it takes
    COUNT = "count"  # how many (people, members)
    CURRENT = "current"  # how many *now*: the sources are dated, the present count is not in them
    NAMES = "names"  # which regions, municipalities, pilot sites exactly
    RESULTS = "results"  # figures, outcomes, findings
    DECISION = "decision"
    CONTENTS = "contents"  # what a named document says exactly
    DURATION = "duration"  # how long a meeting or session takes
    LIMIT = "limit"  # the most that may take part
    SIGNUP = "signup"  # how to sign up or subscribe


_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december|january|february|march|june|july|august|october")
_WEEKDAYS = ("maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|"
             "wednesday|thursday|friday")
_NUMBER_WORDS = ("twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|"
                 "veertien|vijftien|twintig|honderd|two|three|four|five|six|seven|eight|nine|"
                 "ten|eleven|twelve")

_PEOPLE = ("(mensen|personen|medewerkers|leden|deelnemers|collega s|professionals|"
           "ervaringsdeskundigen|projectleiders|vertegenwoordigers|people|persons|members|"
           "staff|participants|colleagues|experts|representatives)")

# Asked, on folded question text (lowercase, no accents). Order matters only for
# reading; every pattern that matches adds its specific.
ASKS: dict[Specific, re.Pattern[str]] = {s: re.compile(p) for s, p in {
    Specific.DATE: r"\b(eerst ?volgende|volgende|komende|next|upcoming)\b.*\b(wanneer|datum|"
                   r"when|date|gepland|plaats ?vinden|vindt)\b|\b(wanneer|when)\b.*\b(eerst ?"
                   r"volgende|volgende|komende|next)\b|\b(op )?welke (dag|datum)\b|\bdatum\b|"
                   r"\bdeadline\b|\buiterlijk wanneer\b|\bvoor wanneer\b|\btot wanneer\b|"
                   r"\bdate\b|\bwhich day\b|\bexacte datum\b",
    Specific.WHEN: r"\b(wanneer|when|sinds wanneer|in welk jaar|welk jaar|what year|"
                   r"hoe lang geleden|per wanneer|vanaf wanneer)\b",
    Specific.TIME: r"\bhoe laat\b|\bom hoeveel uur\b|\btijdstip\b|\bwhat time\b|"
                   r"\bat what time\b|\bhoe ?laat\b",
    Specific.PLACE: r"\b(en|of) waar( dan)?$|"
                    r"\bwaar (is|zijn|vindt|vond|wordt|worden|werd|was|waren|komt|komen|zit|"
                    r"zitten|kan ik .* heen|moet ik .* heen)\b(?!.*\bover\b)|\blocatie\b|"
                    r"\bwhere (is|are|does|do|will|was|were|did)\b|"
                    r"\b(welk|what) (adres|address|gebouw|building|zaal)\b|"
                    r"\b(in|op|at) (welke|which|what) (stad|plaats|zaal|locatie|town|city|place|"
                    r"venue|location)\b|\bwhich venue\b",
    Specific.LINK: r"\b(teams ?link|link|url|inbel\w*|deelnamelink|aanmeldlink|webpagina)\b",
    Specific.PERSON: r"\bwie (is|zijn|was) (de|het|onze|ons|mijn|jullie|daar)?\s?\w*(trekker|"
                     r"contactpersoon|aanspreekpunt|voorzitter|coordinator|leider|"
                     r"projectleider|verantwoordelijke|eigenaar|directeur|manager|"
                     r"woordvoerder)s?\b|\baanspreekpunt\b|"
                     r"\b(naam|namen) van (de|het) (trekker|contactpersoon|voorzitter)\b|"
                     r"\bwho (is|are|was) (the|our) (\w+ )?(lead|leads|leader|chair|contact|"
                     r"coordinator|director|manager|head|spokesperson)\b|"
                     r"\bwhat is the name of\b|\bwie is het\b|\bwie leidt\b|\bwho leads\b",
    Specific.CONTACT: r"\b(e ?mail ?adres|mailadres|telefoonnummer|telefoon|"
                      r"bellen naar|welk nummer|phone( number)?|email address|e mail address|"
                      r"contactgegevens|contact details)\b",
    Specific.COST: r"\b(wat kost|kost het|kosten|kostprijs|budget|subsidie|financiering|"
                   r"vergoeding|betalen|hoeveel geld|cost|costs|price|funding|pay)\b",
    Specific.EFFORT: r"\bhoeveel (uur|uren|tijd|dagen|dagdelen)\b|\btijdsinvestering\b|"
                     r"\bhow (many hours|much time)\b|\btime commitment\b",
    Specific.COUNT: r"\bhoeveel (mensen|personen|medewerkers|leden|deelnemers|professionals|"
                    r"ervaringsdeskundigen|deskundigen|experts|kwartiermakers|projectleiders|"
                    r"collega s)\b|\bhow many (people|members|staff|participants|experts|"
                    r"professionals|colleagues)\b",
    Specific.CURRENT: r"\b(hoeveel|how many)\b.*\b(inmiddels|momenteel|op dit moment|tot nu toe|"
                      r"nu al|nu|intussen|so far|currently|by now|now)\b",
    Specific.NAMES: r"\bwelke (\d+ |elf )?(regio s|regios|regio|gemeenten|gemeentes|proeftuinen|"
                    r"inspiratieregio s|inspiratieregios|steden)\b.*\b(precies|zitten|zit|"
                    r"doen|deden|namen|zijn het|zijn dat|zijn|waren|deelnemen|in de buurt|"
                    r"meedoen|aangesloten)\b|"
                    r"\bwhich (of the )?(\d+ |eleven )?(municipalities|gemeenten|regions|"
                    r"pilot sites|proeftuinen|cities)\b|"
                    r"\b(list|name) (the|all) (\d+ )?(regions|municipalities|pilot sites|"
                    r"proeftuinen)\b|"
                    r"\b(namen|lijst) van de (regio s|regios|gemeenten|proeftuinen)\b",
    Specific.RESULTS: r"\b(cijfers|resultaten|resultaat|effecten|opbrengst|opleveren|"
                      r"uitkomsten|uitkomst|wat kwam er uit|wat kwam eruit|bevindingen|"
                      r"wat (er ?|daar ?|het )?uit ?kwam|wat (er ?|daar ?)uit ?(is )?gekomen|"
                      r"conclusies|results|figures|outcomes?|findings|conclusions?|what came out|"
                      r"evaluatie uitkomst)\b",
    Specific.DECISION: r"\b(besloten|besluit|beslissing|beslist|decided|decision)\b",
    Specific.DURATION: r"\bhoe lang (duurt|duren|is|zijn|neemt)\b|\bduur van\b|"
                       r"\bhow long (does|do|is|are|will)\b|\bhow long it (takes|lasts)\b",
    Specific.LIMIT: r"\b(hoeveel|how many)\b.*\b(max|maximaal|maximum|hoogstens|at most)\b|"
                    r"\b(maximum|maximaal|max) aantal\b|\bmaximum number\b",
    Specific.SIGNUP: r"\bhoe (meld|schrijf|abonneer) (ik|je|we|wij) (me|mij|ons|je)? ?(aan|in)?\b|"
                     r"\b(aanmelden|inschrijven|abonneren) (voor|op)\b|\bsubscribe\b|"
                     r"\bsign (me |us )?up\b",
    Specific.CONTENTS: r"\bwat staat er (precies|allemaal|eigenlijk)? ?in\b|"
                       r"\bwhat (exactly )?does (the|it) .*\b(say|contain)\b|"
                       r"\bprecieze inhoud\b",
}.items()}

# Given, on the rendered answer text. Specifics missing here are only given when
# the entry declares them.
GIVES: dict[Specific, re.Pattern[str]] = {s: re.compile(p) for s, p in {
    Specific.DATE: rf"\b\d{{1,2}}(e|ste)? ({_MONTHS})\b|\b({_MONTHS}) \d{{1,2}}\b|"
                   rf"\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|\b({_WEEKDAYS})\b",
    Specific.WHEN: rf"\b(19|20)\d{{2}}\b|\b({_MONTHS})\b|\b({_WEEKDAYS})\b|\bq[1-4]\b|"
                   rf"\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b",
    Specific.TIME: r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} uur\b|\b\d{1,2} ?(am|pm)\b",
    Specific.PLACE: r"\b(online|locatie|adres|zaal|via (microsoft )?teams|https?://|"
                    r"op kantoor|in het stadhuis)\b",
    Specific.LINK: r"https?://|\bwww\.",
    Specific.CONTACT: r"[\w.+-]+@[\w-]+\.[\w.]+|\b0\d{1,3}[ -]?\d{6,8}\b|\+31",
    Specific.COST: r"€|\beuro\b|\bkosteloos\b|\bgratis\b|\bfree of charge\b",
    Specific.EFFORT: r"\b\d+ (uur|uren|dagen|dagdelen|hours|days)\b",
    # A count is a number that is not a day of a date and not a year.
    # How many people: a number that counts people, not any number in the answer
    # ("eight building blocks" is no head count).
    Specific.COUNT: rf"\b((?!(19|20)\d\d\b)\d{{1,4}}|{_NUMBER_WORDS}) (\w+ ){{0,2}}{_PEOPLE}\b",
    Specific.DURATION: r"\b\d+ ?(minuten|min|uur|uren|dagen|weken|maanden|minutes|hours|days|"
                       r"weeks|months)\b|\b(een|half|halve|anderhalf|an|one) (uur|dag|dagdeel|"
                       r"hour|day)\b|\b(19|20)\d\d ?(-|tot|t m|to) ?((19|20)\d\d)?\b|"
                       r"\btot (eind )?(19|20)\d\d\b",
    Specific.LIMIT: r"\b(maximaal|maximum|hoogstens|ten hoogste|at most|up to) \d+|"
                    r"\b\d+ (tot|à|a|to) \d+\b",
    Specific.SIGNUP: r"https?://|\bwww\.|[\w.+-]+@[\w-]+\.|\buitnodiging\w*|\binvitation\w*|"
                     r"\baanmeld\w*|\baan te melden\b|\binschrijv\w*|\bsign up\b|"
                     r"\bcontact (op )?(te )?(nemen|opnemen)\b|\bkenbaar\b",
}.items()}

# A specific that a broader one already covers is not reported twice.
_SUBSUMED = {Specific.WHEN: (Specific.DATE, Specific.TIME)}


def asked(question: str) -> set[Specific]:
    """The specifics a question asks for (none for "wat is ...", "hoe werkt ...")."""
    folded = normalize(question)  # also reads chat shorthand: "wnr" is "wanneer"
    found = {s for s, pattern in ASKS.items() if pattern.search(folded)}
    for broad, narrower in _SUBSUMED.items():
        if broad in found and found & set(narrower):
            found.discard(broad)
    return found


def missing(question: str, answer: str, declared: frozenset[str] = frozenset()) -> list[Specific]:
    """What the question asks for that `answer` does not give, in a stable order."""
    folded = fold(answer)
    wanted = asked(question)
    gaps = []
    for specific in Specific:
        if specific not in wanted or specific.value in declared:
            continue
        pattern = GIVES.get(specific)
        if pattern is None or not pattern.search(folded):
            gaps.append(specific)
    return gaps
