"""Function words that carry no topic, in Dutch and English (already folded:
lowercase, no accents). The matcher ignores them when it weighs overlap."""

DUTCH = """
aan al alle alleen als alsjeblieft andere ben ben bij bijvoorbeeld binnen b.v. bv
daar daarbij daarin daarom dan dat de deze die dit doe doen doet door dus een eens
eigenlijk en er erbij even gaat gaan geen graag had heb hebben hebt heeft het hier
hij hoe hun ik in is ja je jij jouw jullie kan kun kunnen kunt maar me meer men mij
mijn moet moeten mogelijk na naar net niet nog nou nu of ofzo om onder ons onze ook
op over precies s te tot u uit uw van veel voor vooral waar wanneer wat we welk
welke wij wil willen word worden wordt zal ze zei zich zij zijn zo
zou zouden hoi hallo hey he eh ehm even snel vraag vraagje weet weten vertel uitleg
uitleggen leggen info informatie iets ergens iemand precies toch daar
allemaal gewoon zomaar ongeveer soms steeds echt heel super nogal beetje dingen ding
n t m concreet trouwens eventjes alweer ook alweer zoiets zo'n zon misschien wellicht
"""

ENGLISH = """
a about all am an and any are as at be been being but by can could did do does
doing for from had has have how i if in into is it its me more my of on or our
please so some tell than that the their them then there these they this those to
us was we were what when where which who whom why will with would you your explain
anything something someone know info information question
"""

STOPWORDS = frozenset((DUTCH + ENGLISH).split())
