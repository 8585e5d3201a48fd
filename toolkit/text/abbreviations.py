"""What the sentence splitter knows about English news prose: abbreviations, titles, starters.

Hand-written for news and checked against NLTK's ``PunktTrainer`` trained offline on AllSides
articles (see :mod:`toolkit.text.sentences`). Plain frozensets, so results never depend on
whether a user has ``nltk_data``.
"""
from __future__ import annotations

import re

__all__ = ["TITLES", "ABBREVIATIONS", "FINAL_ABBREVIATIONS", "NUMBER_ABBREVIATIONS",
           "SENTENCE_STARTERS", "QUESTION_STARTERS"]

# Titles written before a name: a period after them never ends a sentence.
TITLES: frozenset[str] = frozenset("""
Mr Mrs Ms Messrs Mmes Dr Drs Prof Profs Gen Gens Lt Col Capt Sgt Adm Maj Brig Cmdr Cpl Pvt Spc
Gov Govs Sen Sens Rep Reps Rev Hon Pres Atty Supt Det Insp Msgr Fr Sra Mme Mlle Amb Ald Asst
Lieut Cdr Comdr Rt Pfc Ens Adj
""".split())
TITLES = TITLES | frozenset(t.upper() for t in TITLES)    # "MR. SMITH" in all-caps captions

# Other abbreviations: a period after them ends a sentence only before a
# sentence starter.  Matched case-sensitively (so that "ill." and "mass." stay
# words, and "EST." stays a time zone); lowercase ones are also accepted
# capitalised ("Etc.").
_ABBREV_BASE = """
Jr Sr Co Cos Corp Inc Ltd Bros Assn Dept Univ Inst Gov't Govt Intl Natl
St Ste Ave Blvd Rd Mt Ft Pt Hwy Sq
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Mon Tue Tues Wed Thu Thur Thurs Fri Sat
Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont
Neb Nebr Nev Okla Ore Penn Pa Tenn Tex Vt Va Wash Wis Wisc Wyo
W.Va N.Mex Ph.D PhD Ed.D M.D B.A M.A M.S B.S J.D LL.M Esq
vs v etc cf al approx est ca viz esp incl ibid
"""
ABBREVIATIONS: frozenset[str] = frozenset(
    w2
    for w in _ABBREV_BASE.split()
    for w2 in (w, w[:1].upper() + w[1:])
) | TITLES

# Abbreviations that usually *end* the sentence they close: a capitalised
# word after them starts a new sentence unless it is a weekday, month or
# time zone ("at 9 a.m. Monday").
FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    "etc etc a.m p.m A.M P.M am pm".split()
)
_NOT_AFTER_TIME = frozenset("""
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET CEST Eastern Pacific Central Mountain
local
""".split())

# Abbreviations that precede a number ("No. 3", "pp. 4-5", "Vol. 2"); only
# there, since most are also words ("art.", "sec.", "fig.").
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset(
    w2 for w in """No Nos no nos Nr Vol vol Vols vols p pp Art art Sec sec Secs secs Fig fig Figs figs
    Ch ch Chap chap Op op Ex ex Rt Pt pt Para para Ed ed Eds eds N° Nº n° nº""".split()
    for w2 in (w, w.upper())
)

# Capitalised words that commonly begin a sentence but rarely follow an
# abbreviation inside a sentence (Punkt's "frequent sentence starters").
SENTENCE_STARTERS: frozenset[str] = frozenset("""
The A An This That These Those There Their Its It He She They We I You His Her Our My Your
But And Or So Yet Nor For If When While Whereas After Before Since Although Though Because As
At In On Of To By With From Under Over Into During Despite Instead Even Only Such Still Also
Then Now Once Just Here However Meanwhile Moreover Furthermore Nevertheless Nonetheless Indeed
Thus Therefore Otherwise Additionally Besides Consequently Conversely Finally Likewise Similarly
Notably Overall Rather Regardless Separately Shortly Sometimes Unlike Given Among Beyond
Fortunately Unfortunately Luckily Sadly Thankfully Interestingly Ironically Perhaps Maybe
Today Yesterday Tomorrow Last Next Earlier Later Previously Some Many Most Much More Few
Several Other Others Another One Two Three Both All Each Every Any No Not Nobody None Nothing
Neither Either What Whatever Who Whom Whose Why How Where Which Whether According Asked Yes
Let Please Officials Critics Analysts Experts Economists Prosecutors Authorities
""".split())

# Auxiliaries that open questions ("you and I. Did you see him?", "in D.C. Has he been there?"):
# sentence starters only when the sentence they open ends with "?", since after an abbreviation
# they are often part of a title-case headline ("The U.S. Has Never Been So Polarized"). "Will"
# and "May" are left out: names and a month ("Robert L. May", "U.S. May 26").
QUESTION_STARTERS: frozenset[str] = frozenset(
    "Did Do Does Is Are Was Were Has Have Had Can Could Would Should Shall Must".split())
# The end of the sentence an auxiliary opens: "?", "!", or a period after a plain lowercase word
# (not after an initial: "Did you see Albert I. Jones yesterday?").
_SENTENCE_END = re.compile(r"[?!]|(?<=[a-z][a-z])\.")
