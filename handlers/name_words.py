"""Word lists for recognising names in context (handlers.person_names).

COMMON_WORDS are ordinary Dutch and English words that follow "mevrouw", "moeder",
"mijn collega" and the like without being a name ("mevrouw heeft gebeld", "de vader
van het kind", "mijn collega vroeg"); ROLE_WORDS are jobs ("mijn collega
beleidsadviseur"); PROTECTED_PHRASES are organisations and programme terms that
may follow a trigger word ("cliënt van Veilig Thuis"). Lower case throughout.
"""

from __future__ import annotations

PARTICLES = frozenset(
    "van de der den ter ten te 't het in op el al la le du von da dos di bin ben ibn abu ait "
    "uit".split())

_FUNCTION_NL = """
de het een en of maar want dus omdat als dan dat die dit deze wat wie waar wanneer hoe
waarom welke welk hoeveel wel niet geen nog al ook zelf zelfs alleen samen steeds vaak
soms altijd nooit meestal inmiddels daarna eerst later nu toen straks gisteren vandaag
morgen vanochtend vanmiddag vanavond vorige volgende deze week maand jaar thuis weer
erg heel zeer te zo zoals meer minder veel weinig iets niets alles iemand niemand ieder
elke elk alle allebei beide andere ander eigen zijn haar hun ons onze mijn jouw je jij
u uw hij zij ze wij we ik mij me hem hen hun er hier daar daarom daarbij daarvan daarmee
hierover hiervan ermee erover erbij ervan erin eruit naar van voor na met zonder bij
aan op in uit over onder tussen tegen door tot sinds tijdens om per via vanaf volgens
namens wegens binnen buiten boven achter naast langs rond rondom richting bijna ongeveer
echt eigenlijk misschien natuurlijk gewoon graag snel direct meteen net pas nogal best
verder opnieuw tegelijk vooral zowel noch hetzij indien tenzij hoewel terwijl zodat
zodra totdat voordat nadat doordat ja nee oké ok hallo hoi dag bedankt dank dankjewel
""".split()
_VERBS_NL = """
is was zijn waren ben bent wordt worden werd werden heeft hebben had hadden hebt heb
kan kunnen kon konden kun wil willen wilde wilden wou moet moeten moest moesten mag
mogen mocht mochten zal zullen zou zouden gaat gaan ging gingen komt komen kwam kwamen
krijgt krijgen kreeg kregen doet doen deed deden weet weten wist wisten vindt vinden
vond vonden blijft blijven bleef bleven woont wonen woonde werkt werken werkte belt
bellen belde vraagt vragen vroeg vroegen weigert weigeren weigerde staat staan stond
zit zitten zat ligt liggen lag zegt zeggen zei zeiden geeft geven gaf laat laten liet
maakt maken maakte neemt nemen nam ziet zien zag hoort horen hoorde denkt denken dacht
wilt kunt zult moet heeft geeft loopt lopen liep praat praten praatte spreekt spreken
sprak schrijft schreef stuurt stuurde mailt mailde meldt meldde meldt wacht wachtte
heeft gebeld gemeld gezegd gevraagd aangegeven laten weten aangeven heeft verteld vertelt
vertelde begrijpt snapt kent kende helpt hielp zoekt zocht wilde kwam ging werd kreeg
houdt hield slaat sloeg drinkt dronk gebruikt gebruikte spijbelt verzuimt ontkent
ontkende erkent erkende stemt stemde akkoord reageert reageerde twijfelt twijfelde
twijfel maakt zorgt zorgde verhuist verhuisde verblijft verbleef slaapt sliep eet at
speelt speelde leert leerde gaat heeft heeft is wordt verwacht verwachtte heet heette
""".split()
_NOUNS_NL = """
gemeente regio school ggd politie rechtbank rechter wijkteam jeugdzorg zorg afdeling
team organisatie instelling kinderbescherming raad gezin gezinnen kind kinderen ouder
ouders moeder vader familie kant situatie zaak dossier casus melding vraag vragen
antwoord hulp hulpverlening begeleiding ondersteuning plan plannen huis woning opvang
pleeggezin voogdij gezag omgang toestemming informatie gegevens privacy veiligheid
zorgen problemen probleem geval gesprek overleg afspraak afspraken maatregel
ondertoezichtstelling uithuisplaatsing zitting beschikking onderzoek advies
toekomstscenario programma proeftuin proeftuinen bouwsteen bouwstenen ring regio's
partners partner centraal voorop belang stem perspectief ervaring ervaringen rol
positie wens wensen mening keuze recht rechten deel inbreng regie verhaal leven
tijd jaren maanden weken dagen uur leeftijd naam adres nummer telefoon mail email
""".split()
_ADJECTIVES_NL = """
nieuwe nieuw oude oud jonge jong andere eigen goed goede slecht slechte groot grote
klein kleine lang lange kort korte hoog lage boos verdrietig bang blij ziek gezond
betrokken bereid tevreden ontevreden akkoord bezorgd zelfstandig alleenstaand
alleenstaande gescheiden getrouwd samenwonend zwanger dakloos verslaafd psychisch
licht verstandelijk beperkt onbekend bekend duidelijk onduidelijk mogelijk nodig
belangrijk lastig moeilijk makkelijk eerste tweede derde vierde laatste volgende
vorige huidige biologische biologisch juridische juridisch wettelijke wettelijk
""".split()
_FUNCTION_EN = """
the a an and or but so because if then that this these those what who where when how
why which is was are were be been being has have had do does did can could will would
shall should may might must not no yes also only still already just even very really
about above after again against all am any as at before below between both by down
during each few for from further here in into it its itself me more most my myself
nor of off on once other our ours out over own same she he her him his they them their
some such than too under until up we what while whom with you your says said wants
wanted called asked told lives lived works worked refuses refused thinks thought
knows knew gets got goes went came comes doesn't don't didn't isn't wasn't won't can't
hi hello thanks please ok okay today yesterday tomorrow now later family mother father
child son daughter client colleague name
""".split()
FUNCTION_WORDS = frozenset(_FUNCTION_NL + _VERBS_NL + _FUNCTION_EN)
"""Never a name, not even capitalised ("Moeder Is", "mevrouw Heeft")."""
COMMON_WORDS = FUNCTION_WORDS | frozenset(_NOUNS_NL + _ADJECTIVES_NL)
"""Not a name after a relation word unless capitalised after a title or particle
("familie De Jong", "mevrouw Groot")."""

ROLE_WORDS = frozenset("""
projectleider projectleiders beleidsadviseur beleidsmedewerker beleidsmedewerkers
adviseur adviseurs jeugdbeschermer jeugdbeschermers gezinsvoogd gezinsvoogden
wijkteammedewerker wijkteammedewerkers raadsonderzoeker raadsonderzoekers jurist juristen
manager managers teamleider teamleiders regiocontactpersoon contactpersoon medewerker
medewerkers ambtenaar ambtenaren consulent consulenten coördinator coordinator
coördinatoren kwartiermaker programmamanager programmaleider bestuurder bestuurders
wethouder wethouders directeur directeuren gedragswetenschapper gedragswetenschappers
orthopedagoog psycholoog huisarts jeugdarts verpleegkundige hulpverlener hulpverleners
begeleider begeleiders ervaringsdeskundige ervaringsdeskundigen trainer trainers
onderzoeker onderzoekers secretaris voorzitter lid leden vertegenwoordiger
vertegenwoordigers collega collega's bij uit van die in op
""".split())

PROTECTED_PHRASES = tuple(sorted({
    "raad voor de kinderbescherming", "veilig thuis", "jeugdzorg nederland",
    "associatie wijkteams", "met andere ogen", "toekomstscenario", "vng",
    "vereniging van nederlandse gemeenten", "jeugdbescherming", "william schrikker",
    "leger des heils", "nederlands jeugdinstituut", "nji", "ministerie", "rijksoverheid",
    "inspectie", "kinderombudsman", "defence for children", "augeo", "movisie", "divosa",
    "zorg- en veiligheidshuis", "veiligheidshuis", "openbaar ministerie", "rechtbank",
    "kinderrechter", "gecertificeerde instelling", "meet up", "meetup", "slack", "teams",
    "microsoft", "office", "outlook", "sharepoint", "excel", "word", "regio", "gemeente",
    "ggd", "politie", "wijkteam", "lerende omgeving", "proeftuin", "ring", "bouwsteen",
    "landelijk", "nederland", "den haag", "amsterdam", "rotterdam", "utrecht",
    "tweede kamer", "kabinet", "jeugdwet", "wmo", "avg", "gdpr", "ots",
    "expertteam", "jeugdhulp", "samen veilig", "ouderschapsblog", "kenniscentrum",
    "care", "protection", "welfare", "services", "support", "board", "safety", "youth",
    "nidos", "sterk huis", "levvel", "spirit", "pleegzorg nederland", "pleegzorg", "ggz",
    "humanitas", "stichting", "vereniging", "kansrijke start", "zorg voor jeugd",
    "jeugdautoriteit", "nederlandse jeugdautoriteit", "lvvp", "kinderbeschermingsmaatregel",
    "halt", "reclassering", "jeugdreclassering", "centrum jeugd en gezin", "cjg", "mee",
    "sociaal team", "sociale wijkteams", "buurtteam", "jeugdteam", "gebiedsteam",
    "ministerie van", "vws", "jenv", "justitie", "rechtspraak", "raad voor de rechtspraak",
    "hoge raad", "autoriteit persoonsgegevens", "ap", "inspectie gezondheidszorg en jeugd",
    "igj", "unicef", "save the children", "kinderrechtenhuis", "de kinderombudsman",
}, key=len, reverse=True))

KNOWN_NAMES = frozenset("""
jansen janssen bakker visser smit meijer meyer mulder bos vos peters hendriks dekker brouwer
dijkstra smits kok jacobs vermeulen schouten willems hoekstra maas verhoeven koster prins
blom huisman peeters kuipers post kuiper veenstra kramer scholten postma martens vink
timmermans groen gerritsen jonker willemsen smeets bosch schipper koning driessen hermans
evers hofman bosman wouters claassen pieters verbeek mertens bakkers verhoef lammers
hoogendoorn sanders wolters bouwman boersma van-dijk yilmaz yılmaz kaya demir şahin sahin
çelik celik öztürk ozturk aydın aydin arslan doğan dogan kılıç kilic koç koc bakkali amrani
elamrani benali bouzid haddou idrissi ahmadi hosseini nguyen tran pinas mahabier
ramdin sewnath kowalski nowak wiśniewski wisniewski garcia rodriguez silva santos
jan piet kees henk johan peter pieter willem wim gerrit hans erik frank marco mark martin
michel paul rob robert ruud sander stefan tom thomas tim bas bart daan sem lucas liam noah
finn levi milan jesse luuk thijs max bram ruben julian mees sven stijn ties lars gijs
niels jeroen joost koen wouter dennis kevin mike rick jeffrey patrick sjoerd jayden dylan
mohamed mohammed ahmed ali omar youssef yusuf hamza ibrahim mustafa mehmet ahmet emre
hassan hussein karim bilal ayoub adam rayan amir anna emma sophie julia tess sara sarah
eva lotte lisa fleur noor mila zoë zoe evi nina iris roos lieke femke sanne anouk ilse
linda petra ingrid marieke mirjam karin monique sandra nicole esther wendy kim jessica
laura lotte naomi yara amira fatima fatma samira aisha aïcha khadija yasmina meryem
zeynep elif ayşe ayse hatice emine leyla layla noura nora salma hiba imane priya anjali
maria ana olga kasia agnieszka dana milou bo jet liv saar lynn julia isa nova
ben wil roos sterre storm lente rosa mats dewi ricardo jordy kay sam alex chris
""".split())
"""Common Dutch surnames and first names (and frequent ones of Turkish, Moroccan,
Surinamese, Polish and other backgrounds): in lower case these still count as a name
after any trigger word ("de familie jansen", "moeder fatima"), where an unknown
lower-case word would more likely be a verb or an adjective."""
