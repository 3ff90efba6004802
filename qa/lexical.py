"""Content words of questions and passages, for sentence relevance, refusal and support checks.

Built on the BM25 tokenizer (same stopwords and stems), so "care leavers" in a question meets
"care leaver" in a passage exactly as it does in keyword search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from indexer.tokens import tokenize
from qa.glossary import is_term, terms_named
from qa.query_terms import QUESTION_WORDS, SECTION_TOKEN, Aliases, SynonymTable, adjacent_pairs, alias_stems, loose_parts, time_stems, without_frame
from qa.sentences import Unit
from qa.timeparse import PANDEMIC_BOUND, reads_as_sentence

# Words present in almost every passage of the corpus: matching them proves little.
GENERIC_WORDS = frozenset(
    tokenize(
        [
            "ofsted inspector inspectors inspection inspections report reports children child young people "
            "services service council authority local social work care"
        ]
    )[0]
)
# Words that pick out a document ("the focused visit", "the monitoring letter") rather than a topic:
# they weigh little in choosing sentences, but do count as words the evidence should share.
DOCUMENT_WORDS = frozenset(tokenize(["focused visit visits monitoring letter"])[0])
# Words that ask for a verdict on the whole service rather than a topic within it ("how has X
# improved since it was judged inadequate?"): a report answers those in its opening summary.
VERDICT_WORDS = frozenset(
    tokenize(
        [
            "overall effectiveness grade grades graded judgement judgements judged judge rating rated verdict view "
            "inadequate good outstanding requires improvement improve improved improving better worse progress "
            "conclude concluded reinspection re-inspection performance performing doing done fared faring go goes went gone "
            "best worst stay stayed remain remained remains stop stopped cease ceased become became always consistently ok okay alright "
            "decline declined deteriorate deteriorated fall fell fallen drop dropped slip slipped move moved "
            "downgrade downgraded upgrade upgraded result results"
        ]
    )[0]
)
# Words that ask which way something moved ("has it got worse?"), not what moved: a source is evidence
# of the change without using them.
DIRECTION_WORDS = frozenset(
    tokenize(
        [
            "improve improved improving better worse worsen worsened worsening progress decline declined declining "
            "deteriorate deteriorated deteriorating fall fell fallen drop dropped slip slipped"
        ]
    )[0]
)
GENERIC_WEIGHT = 0.35
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")  # years, counts: scope or detail, not topic


def stems(text: str) -> list[str]:
    """Stemmed content tokens of ``text``, in order, repeats kept."""
    return tokenize([text])[0]


@lru_cache(maxsize=4096)
def stem_set(text: str) -> frozenset[str]:
    return frozenset(stems(text))


def said_stems(text: str, aliases: Aliases) -> frozenset[str]:
    """The stems of ``text``, with the question's stems it says in the thesaurus's other words
    ("Children's views are not sought" says "voice of the child": ``SynonymTable.aliases``), less those
    of the question's terms it says only in part ("foster carers" does not say "private fostering")."""
    own = stem_set(text)
    if not aliases:
        return own
    tokens = stems(text)
    return (own | alias_stems(tokens, aliases)) - loose_parts(tokens, aliases)


# What kind of body an authority is, beside its name: "West Northamptonshire County Council".
BODY_WORDS = stem_set("county borough city metropolitan district council councils unitary authority")
# …and, as the subject of "When was … created?", "the local authorities", "the trust"; with "trust",
# the words of a trust's name ("Birmingham Children's Trust", "Bradford Children and Families Trust").
_ALSO_BODY = stem_set("the local authorities trust")
_TRUST_NAME = stem_set("children's children and families")


# Words that name the source rather than anything in it.
_SOURCE_WORDS = DOCUMENT_WORDS | frozenset(tokenize(["ofsted inspector inspectors inspection inspections report reports"])[0])


def names_a_topic(stems_: Iterable[str]) -> bool:
    """Whether any stem is more than a question word or a word naming the source: "Summarise the 2025
    Bury report" names nothing in it, and matching "report" would favour passages that say "reported".
    "Children's services" does name something: the service as a whole."""
    return any(t not in QUESTION_WORDS and t not in _SOURCE_WORDS for t in stems_)


_HOW_LONG = re.compile(r"\bhow\s+long\b", re.I)
# "How long did it take…?", "How long do care proceedings take?": taking is the time asked, not a topic.
_TAKES = re.compile(r"\b(?:take|takes|taken|took)\b", re.I)
# "What was the outcome of Cumberland's inspection?", "the results of the 2021 inspection": its findings,
# as "What did the inspection find?" asks; not "outcomes for care leavers", a topic.
_OUTCOME_OF = re.compile(
    r"\b(?:outcomes?|results?|upshot|conclusions?)\s+of\s+(?=(?:the|this|that|its|their|[\w-]+['\u2019]s)\s+"
    r"(?:[\w'\u2019-]+\s+){0,3}?(?:(?:re-?)?inspections?|visits?|reports?)\b)",
    re.I,
)


_ALL_RIGHT = re.compile(r"\ball\s+right\b", re.I)  # "Are things all right?": a verdict, not "the right help"


def question_terms(question: str, drop: frozenset[str] = frozenset()) -> dict[str, float]:
    """The question's topic stems with weights: generic words count less; years and ``drop`` not at all.

    Time words ("since", "changed", month names) and numbers are scope too. ``drop`` takes stems of authority names: the scope already says which council is meant, and a
    passage about that council rarely repeats its name.
    """
    terms: dict[str, float] = {}
    skip = QUESTION_WORDS | time_stems()
    # "how long" asks for a time, not about "long-term" care; "the outcome of the inspection" for its
    # findings; "strengths", "working well" ask what is good.
    # "at least good", "good or better" ask for grades: "least" and "better" are no topic; nor is "the
    # framework" of a question about Ofsted's grading.
    framed = _ALL_RIGHT.sub("alright", _ASKS_ABOUT_GRADING.sub(" overall grade ", question))
    framed = _EVERY_GRADE.sub(" grades ", framed)  # "…for every area?" asks for each area's grade, not about "area"
    if _HOW_LONG.search(framed):
        framed = _TAKES.sub(" ", framed)
    framed = _GRADE_RANGE.sub(_range_grades, _ASKS_FOR_STRENGTHS.sub(" ", _OUTCOME_OF.sub(" ", _HOW_LONG.sub(" ", without_frame(framed)))))
    framed = PANDEMIC_BOUND.sub(" ", framed)  # "before COVID" is a time, not a topic
    framed = _STANDS_FOR.sub(" ", framed)  # "What does ILACS stand for?" asks what it means, not about "long-standing"
    framed = _PERIOD_COVERED.sub(r" \1 ", framed)  # "What period does the 2021 report cover?" asks its dates
    framed = _GRADED_INSPECTION.sub(" ", framed)  # "the full inspection" names the kind of report
    # "Are there problems with the quality of assessments?" asks of the assessments: "Problems with
    # Bradford's IT infrastructure…" does not answer it for saying "problems".
    framed = _PROBLEMS_WITH.sub(" ", framed)
    # "…get out of inadequate?", "…since being judged inadequate?": the grade, not the words dating by it.
    framed = _DATED_BY_GRADE.sub(lambda m: f" {_dating_grade(m)} ", framed)
    if not reads_as_sentence(question):
        framed = _TERSE_REASONS.sub(" ", framed)  # "swindon inadequate reasons" asks why, as "why" would
    if _NAMED_GRADE.search(framed):
        # "Which councils have been inadequate twice?": how often a grade was given counts reports, no topic.
        for _, times in _TIMES:
            framed = times.sub(" ", framed)
        framed = _HOW_OFTEN.sub(" ", _LONGEST.sub(" ", framed))
    for s in stems(framed):
        if s in skip or s in drop or _NUMBER.match(s):
            continue
        terms[s] = GENERIC_WEIGHT if s in GENERIC_WORDS or s in DOCUMENT_WORDS else 1.0
    return terms


_TERSE_REASONS = re.compile(r"\breasons?\b", re.I)


_GRADE_QUESTION = re.compile(
    r"\b((?:down|up)?grade[ds]?|(?:down|up)grading|rated|ratings?|judge(d|ment)s?|judgement|outstanding|inadequate|requires improvement|"
    r"how good|overall effectiveness"
    # "List Bradford's inspection results", "What were the results of the 2021 inspection?"
    r"|(?:inspection|ofsted)\s+results?|results?\s+of\s+(?:the\s+|its\s+|their\s+|each\s+|every\s+)?(?:[\w'’-]+\s+){0,2}?(?:inspections?|ofsted))\b",
    re.IGNORECASE,
)
# "How did Dorset become outstanding?", "How did Bury get out of inadequate?", "What did Bury do to get
# out of inadequate?": the reasons too (not "How did Bury get on in 2025?").
_WHY = re.compile(
    r"\s*(?:why\b|how\s+(?:did|has|have|had)\b[^?]*?\b(?:becom\w*|became|get(?:ting)?|got|achiev\w*|reach\w*|earn\w*|climb\w*|mov\w*)"
    r"\s+(?:(?:to|out\s+of|up\s+to)\s+)?(?:be\s+)?(?:(?:judged|rated)\s+)?(?:an?\s+)?[\"'\u2018\u201c]?(?:inadequate|outstanding|good|requir(?:es?|ed)\s+improvement)\b"
    r"|how\s+(?:did|has|have|had)\b[^?]*?\bturn(?:ed)?\s+(?:it(?:self)?|things)\s+around\b"
    r"|what\s+(?:did|has|have|had)\b[^?]*?\bdo(?:ne)?\s+to\s+(?:become|get|achieve|reach|earn|improve|turn)\b"
    # "What made Dorset outstanding?", "What led to Tameside being judged inadequate?"
    r"|what\s+(?:made|makes|caused|led\s+to|lay\s+behind|was\s+behind|explains?)\b[^?]*?\b(?:inadequate|outstanding|good|requir(?:es?|ed)\s+improvement)\b)",
    re.I,
)


_TERSE_WHY = re.compile(r"\b(?:why|reasons?)\b", re.I)


def asks_why(question: str) -> bool:
    """"Why was X judged…?" asks for the reasons behind a grade, not for the grade; typed as search
    words, "swindon inadequate why" does too."""
    return _WHY.match(question) is not None or (not reads_as_sentence(question) and _TERSE_WHY.search(question) is not None)


# "Is BCP's care leaver service good?": a yes-or-no question ending on a grade asks for that grade.
# "Is Kent good?", "Were Bournemouth's services good before BCP was formed?" (a time after it; not "good at…").
# "Is BCP OK now?", "Are things all right in Kent?" ask the same in everyday words; so does "bradford trust
# good?", typed as search words.
_IS_IT_GRADE = re.compile(
    r"^\s*(?:is|are|was|were)\b.*\b(?:good|outstanding|inadequate|ok|okay|alright|all\s+right)"
    r"(?:\s+(?:in|before|after|since|until|during|by|when|under)\b[^?]*|\s+(?:now|today|these\s+days|at\s+the\s+moment))?\s*\??\s*$"
    r"|^\s*(?:[\w'’-]+\s+){1,3}(?:good|outstanding|inadequate|ok|okay)\s*\??\s*$",
    re.I,
)


_BEST = re.compile(r"\b(best|worst)\b", re.I)
# "Which is better, Kent or Surrey?", "Which council is doing better?", "Who did worse?": the authorities
# in scope ranked as "Which council is doing best?" ranks them; not "Which councils got better?", a move.
_WHICH_IS_BETTER = (
    r"^\s*(?:which|who)\s+(?:(?:council|authority|local\s+authority|one|of\s+(?:them|the\s+two|these))\s+)?"
    r"(?:is|was|are|were|has|have|had|does|did)\s+(?:(?:been|doing|done|performing|performed|rated|judged|graded)\s+)?"
    r"(?:the\s+)?(better|worse|stronger|weaker)\b"
)
# "Is Cumberland better than Westmorland and Furness?", "Are Kent's services doing worse than Surrey's?"; not
# "Is Kent better than it was?" or "…than in 2022?", a change over time.
_IS_BETTER_THAN = (
    r"^\s*(?:is|are|was|were)\s+.+?\s+(?:(?:doing|performing|rated|judged|graded)\s+)?(better|worse|stronger|weaker)\s+than\s+"
    r"(?!(?:it|they|before|in|at|on|last|previous|the\s+(?:last|previous|first)|when|ever|earlier|previously|then|now|\d)\b)"
)


# "Rank the councils by their latest grade", "Order the authorities by grade, worst first": each
# authority's latest grade, ranked.
_RANK_AUTHORITIES = r"^\s*(?:please\s+)?(?:rank|order|sort)\s+(?:the\s+|all\s+(?:the\s+)?|every\s+)?(?:councils|(?:local\s+)?authorities|las)\b"


def asks_for_best(question: str) -> int:
    """+1 for "Which council is doing best?", "Which is better, Kent or Surrey?" or "Is Kent better than
    Surrey?", -1 for "Which is the worst council?", else 0: Ofsted's grades are what rank authorities,
    each by its latest."""
    if re.search(_RANK_AUTHORITIES, question, re.I):
        return -1 if re.search(r"\bworst\s+first\b", question, re.I) else 1
    m = (
        re.search(_WHICH_IS_BETTER, question, re.I) or re.search(_IS_BETTER_THAN, question, re.I)
        or (_BEST.search(question) if asks_which_authorities(question) else None)
    )
    if m is None:
        return 0
    return 1 if m.group(1).lower() in ("best", "better", "stronger") else -1


# Asked about Ofsted's grading itself: "Do inspections still give an overall grade?", "When did Ofsted
# stop giving overall grades?", "What changed in the Ofsted framework in 2026?"; not "How did Blackpool
# do under the new framework?", which dates the question, nor a council's "quality assurance framework".
_OVERALL = r"\boverall\s+(?:grades?|grading|judge?ments?|effectiveness|ratings?)\b"
_NO_MORE = r"\b(?:any\s*more|no\s+longer|stop(?:ped|s)?|scrap(?:ped|s)?|remov(?:e|ed|es)|drop(?:ped|s)?|abolish(?:ed|es)?|end(?:ed|s)?|get\s+rid)\b"
_OFSTED_FRAMEWORK = r"\b(?:ofsted(?:['’]s)?|inspection|ilacs|new|2026)\s+(?:inspection\s+)?framework\b"
# (an overall grade named is a grade asked about: "Is Kent's overall effectiveness still good?")
_NO_GRADE_NAMED = r"(?![^?]*\b(?:good|outstanding|inadequate|requires?)\b)"
_ASKS_ABOUT_GRADING = re.compile(
    rf"(?:{_NO_MORE}|\bstill\b)[^?]{{0,50}}{_OVERALL}{_NO_GRADE_NAMED}|{_OVERALL}{_NO_GRADE_NAMED}[^?]{{0,40}}{_NO_MORE}"
    rf"|\b(?:chang\w*|differ\w*|new)\b[^?]{{0,40}}{_OFSTED_FRAMEWORK}|{_OFSTED_FRAMEWORK}[^?]{{0,40}}\b(?:chang\w*|differ\w*)\b",
    re.I,
)


# "Which councils have no overall grade?", "Which reports were not given an overall judgement?": the reports
# without one, each listed.
_WITHOUT_OVERALL = re.compile(
    rf"^\s*(?:which|what)\b[^?]*\b(?:no|without|lack(?:s|ed|ing)?|not\s+(?:been\s+)?(?:given|get|got|have|had|receive[sd]?)"
    rf"|(?:didn['’]t|did\s+not|don['’]t|do\s+not|doesn['’]t|does\s+not)\s+(?:get|receive|have|give))\s+(?:an?\s+|any\s+)?{_OVERALL}",
    re.I,
)


def asks_without_overall(question: str) -> bool:
    """True for "Which councils have no overall grade?": the reports that give none, every one of them."""
    return _WITHOUT_OVERALL.search(question) is not None


def asks_about_grading(question: str) -> bool:
    """True when the question asks about Ofsted's grading itself, which changed in April 2026 (no overall
    grade since): each authority's latest graded report shows it, with the note saying why."""
    return _ASKS_ABOUT_GRADING.search(question) is not None


# "What's the most common grade?", "What is the spread of ratings?", "How many councils have each grade?":
# the authorities' latest grades, counted by grade.
_GRADE_TALLY = re.compile(
    r"\b(?:most|least)\s+common\s+(?:overall\s+)?(?:grade|rating|judgement|verdict)s?\b"
    r"|\b(?:distribution|spread|breakdown|tally|split|mix)\s+of\s+(?:the\s+)?(?:latest\s+|current\s+)?(?:grades|ratings|judgements|verdicts)\b"
    r"|\bhow\s+many\s+(?:councils|(?:local\s+)?authorities|las)\s+(?:have|got|are\s+rated|hold)\s+each\s+(?:grade|rating|judgement)\b",
    re.I,
)
_TALLY_WORDS = frozenset(tokenize(["most least common distribution spread breakdown tally split mix each latest current"])[0])


def asks_grade_tally(question: str) -> bool:
    """True for "What's the most common grade?": each authority's latest grade, counted by grade."""
    return _GRADE_TALLY.search(question) is not None


# "What were BCP's grades for each judgement in 2024?", "Give me all the grades from Kent's 2025 inspection":
# every area's row, not the overall grade alone.
_EVERY_GRADE = re.compile(
    r"\b(?:grades?|ratings?|judge?ments?)\s+(?:for|in|of|across)\s+(?:each|every|all)"
    r"\s+(?:(?:of\s+)?(?:the|its|their)\s+)?(?:(?:judge?ment\s+)?areas?|judge?ments?)\b"
    r"|\b(?:each|every|all)\s+(?:(?:of\s+)?(?:the|its|their)\s+)?(?:(?:judge?ment\s+)?areas?|judge?ments?|grades?|ratings?)\b",
    re.I,
)


def asks_every_grade(question: str) -> bool:
    """True for "What were BCP's grades for each judgement in 2024?": each judgement area's grade."""
    return _EVERY_GRADE.search(question) is not None


def is_grade_question(question: str) -> bool:
    """Asks for a grade ("how was X judged?", "is X good?", "which council is doing best?"), not for the
    reasons behind one ("why was X judged…?")."""
    # "What happened when Bury was rated inadequate?", "…after Tameside was judged inadequate?": the
    # judgement dates the question, not asked for.
    if (dated := _dating_clause(question)) and dated[0] in ("when", "after", "before"):
        question = question[: dated[2].start()] + question[dated[2].end() :]
    graded = _GRADE_QUESTION.search(question) or _IS_IT_GRADE.match(question) or asks_about_grading(question) or asks_grade_tally(question)
    return bool(graded or asks_for_best(question)) and not asks_why(question)


def asks_for_verdict(question: str, drop: frozenset[str] = frozenset()) -> bool:
    """True when the question names no topic beyond the service as a whole and how it was judged.
    A count ("How many children in care does Norfolk have?") is no verdict unless it asks of one
    ("How many councils were judged inadequate?")."""
    terms = question_terms(question, drop)
    if asks_how_many(question) and not any(t in VERDICT_WORDS for t in terms):
        return False
    if _IN_CARE.search(question):
        return False  # "What grade did Bury get for children in care?": a judgement area, in generic words
    verdicts = verdict_words(question)
    return all(t in GENERIC_WORDS or t in DOCUMENT_WORDS or t in verdicts for t in terms)


def asks_how_judged(question: str, drop: frozenset[str] = frozenset()) -> bool:
    """A verdict asked in words of one ("How is every council doing?"), not a question naming no topic
    at all ("Which councils have reports?")."""
    return asks_for_verdict(question, drop) and _HOW_JUDGED.search(question) is not None


_HOW_JUDGED = re.compile(r"\b(?:doing|performing|faring|judged|rated|graded|grades?|ratings?|judgements?|verdicts?)\b", re.I)


def verdict_words(question: str) -> frozenset[str]:
    """The words asking how the service was judged; with a move up or down the grades, its pace too:
    "Which council improved fastest?" asks of the biggest move, as "…the most?" does."""
    words = VERDICT_WORDS | _PACE_WORDS if grade_direction(question) else VERDICT_WORDS
    return words | _TALLY_WORDS if asks_grade_tally(question) else words


_IN_CARE = re.compile(r"\b(?:children|child|young\s+people)\s+in\s+care\b", re.I)
_PACE_WORDS = frozenset(tokenize(["fast faster fastest quick quicker quickest quickly rapid rapidly swift swiftly"])[0])


# "Which councils were judged inadequate in 2023?": a list of authorities, one line each.
# "Which councils…", "What local authorities…", "How many LAs…": authorities asked for as a list.
# "How many inadequate judgements were there in 2023?", "How many outstanding grades are there?": the
# reports giving that grade, listed and counted.
# A grade named: "inadequate", "'requires improvement'", "requires improvement to be good".
_GRADE_NAME = r"[\"'\u2018\u201c]?(inadequate|outstanding|good|requir(?:es?|ed)\s+improvement(?:\s+to\s+be\s+good)?)\b"
_HOW_MANY_GRADED = (
    rf"^\s*how\s+many\s+{_GRADE_NAME}[\"'\u2019\u201d]?\s+(?:overall\s+)?(?:judge?ments?|grades?|ratings?|inspections?|reports?|verdicts?)\b"
)
# ("Which children's services are outstanding?": the services named for their authorities, asked by grade)
WHICH_AUTHORITIES = (
    r"^\s*(?:which|what|how\s+many)\s+(?:other\s+)?(?:councils?|(?:local\s+)?authorit(?:y|ies)|las|trusts"
    r"|children['’]s\s+services(?:\s+departments)?(?=\s+(?:(?:are|were|is|was|have\s+been|has\s+been)\s+)?"
    r"(?:now\s+|currently\s+|still\s+)?(?:rated|judged|graded|inadequate|outstanding|good|requir)))\b"
)
_ASKS_WHICH_AUTHORITIES = re.compile(
    WHICH_AUTHORITIES
    # "What is the latest grade for each authority?", "How was every council judged?"
    + r"|\b(?:each|every|all)\s+(?:(?:of\s+)?the\s+)?(?:councils?|(?:local\s+)?authorit(?:y|ies)|las)\b"
    # "Has any council gone from inadequate to outstanding?", "Are there any councils rated inadequate?"
    r"|^\s*(?:(?:has|have|did|do|does|is|are|was|were)\s+any|are\s+there\s+(?:any\s+)?)\s*(?:other\s+)?"
    r"(?:councils?|(?:local\s+)?authorit(?:y|ies)|las|trusts)\b"
    # "Which is the worst council?", "What are the best local authorities?"
    r"|^\s*(?:which|what)\s+(?:is|are|was|were)\s+the\s+\w+\s+(?:councils?|(?:local\s+)?authorit(?:y|ies)|las|trusts)\b"
    # "Which got worse?", "And which are outstanding?": which of them, asked of a move or a grade, is
    # which authorities (not "Which is the latest report?").
    r"|^\s*(?:and\s+)?which\s+(?:ones?\s+)?(?:(?:got|get|went|gone|improved|declined|deteriorated|moved|fell|rose|slipped|dropped)\b"
    r"|(?:are|were|have\s+been|has\s+been)\s+(?:now\s+|still\s+|currently\s+)?(?:rated|judged|graded|inadequate|outstanding|good|requires?)\b)"
    rf"|{_WHICH_IS_BETTER}|{_IS_BETTER_THAN}|{_HOW_MANY_GRADED}|{_GRADE_TALLY.pattern}"
    # "What grades do the councils have now?", "What are the authorities' grades?": the councils, plural, as subject
    r"|\b(?:do|did|have|had|are|were)\s+(?:the\s+)?(?:councils|(?:local\s+)?authorities|las)\b(?!\s+(?:of|in)\b)"
    r"|\bthe\s+(?:councils|(?:local\s+)?authorities)['’]"
    rf"|{_RANK_AUTHORITIES}"
    # "Where are care leaver services outstanding?": where, asked of a grade, is which authorities.
    r"|^\s*where(?=\s+(?:is|are|was|were|has|have)\b[^?]*?\b(?:inadequate|outstanding|good|requir(?:es?|ed)\s+improvement)\b)",
    re.I,
)
# A grade a question names: "judged inadequate", "rated outstanding", "requires improvement".
_NAMED_GRADE = re.compile(r"\b(inadequate|outstanding|good|requir(?:es?|ed)\s+improvement)\b", re.I)


# ("What is the rate of children in care in Trafford?" too)
_ASKS_HOW_MANY = re.compile(
    r"\bhow\s+(?:many|much)\b|\bwhat(?:['’]s|\s+(?:is|was|are|were))?\s+(?:the\s+)?(?:number|proportion|percentage|share|rate)\s+of\b",
    re.I,
)
# A count or share a sentence gives: "55 agency staff", "seven monitoring visits", "12%", "1,052
# children", "over 1,200 children"; not a year, an age ("aged 16 and 17", "over 18 or…", "under 21
# who…"), an outcome number or a footnote mark.
QUANTITY = re.compile(
    r"(?<![\w.,-])(?<!aged )(?<!outcome )(?<!age of )(?<!and )"
    r"(?:(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?|(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?))"
    r"(?:\s*%|\s+per\s*cent|\s+(?!and\b|or\b|to\b|years?\b)[a-z])"
)
_AGE_BOUND = re.compile(r"\b(?:over|under|post)\s+$", re.I)  # "over 21", "under 18": an age when the number is small
_OLDEST_AGE = 25  # care leavers are supported to 25
_SHARE = re.compile(r"%|per\s*cent", re.I)
_COUNTED_WORDS = 4  # "1,115 children are being looked after": the words after a number say what it counts
# Words that ask for a count rather than name what is counted.
_COUNT_WORDS = frozenset(tokenize(["many much number numbers proportion percentage share rate"])[0])


def counts(text: str) -> list[re.Match[str]]:
    """The counts and shares ``text`` gives (see QUANTITY), without ages such as "over 21"."""
    found = []
    for m in QUANTITY.finditer(text):
        number = m.group().split()[0].rstrip("%").replace(",", "")
        if number.isdigit() and int(number) <= _OLDEST_AGE and _AGE_BOUND.search(text, 0, m.start()):
            continue
        found.append(m)
    return found


def gives_count(text: str) -> bool:
    return bool(counts(text))


def counted_stems(text: str) -> frozenset[str]:
    """Stems of what ``text`` counts: the few words after each count it gives ("1,115 children are
    being looked after" → children, look; "636 local authority foster carers" → foster, carer). A
    share not followed by "of" counts what comes before it ("stability of placements, at 63%")."""
    words: list[str] = []
    for m in counts(text):
        share = _SHARE.search(m.group()) is not None
        # QUANTITY's match ends inside the next word unless it is a share: take whole words.
        after = text[m.end() :].split() if share else text[m.start() :].split()[1:]
        if share and not (after and after[0].lower() == "of"):
            words += text[: m.start()].split()[-_COUNTED_WORDS:]
        else:
            words += after[:_COUNTED_WORDS]
    return frozenset(stems(" ".join(words)))


@dataclass(frozen=True)
class CountTopic:
    """What a "how many…?" question counts: its topic stems, and their domain synonyms ("children in
    care" also counts "looked after children")."""

    terms: frozenset[str]
    words: frozenset[str]  # terms and synonyms

    @classmethod
    def of(cls, question: str, drop: frozenset[str] = frozenset()) -> "CountTopic":
        terms = [t for t in question_terms(question, drop) if t not in _COUNT_WORDS]
        # "How many recommendations did Ofsted's report make?" counts recommendations, not reports.
        terms = [t for t in terms if t not in _SOURCE_WORDS] or terms
        return cls(frozenset(terms), frozenset(terms) | frozenset(SynonymTable.load().expand(terms)))

    def share(self, counted: frozenset[str]) -> float:
        """How much of the topic the counted words name, 0 to 1 ("1,088 looked after children" all of
        "children in care", "nine local authority children's homes" half)."""
        return min(1.0, len(counted & self.words) / len(self.terms)) if self.terms else 0.0


def asks_how_many(question: str) -> bool:
    """True when the question asks for a count or a share ("How many agency staff…?"): a number answers it."""
    return _ASKS_HOW_MANY.search(question) is not None


# "How long do care proceedings take?", "How quickly are strategy meetings held?": a duration answers it.
_ASKS_HOW_LONG = re.compile(
    r"\bhow\s+(?:long|quickly|soon|fast|promptly)\b|\bwaiting\s+times?\b|\bhow\s+many\s+(?:days|weeks|months|years)\b", re.I
)
# "21 weeks", "within 10 working days", "more than six months", "487 days".
_DURATION = re.compile(
    r"(?<!aged )(?<!age )(?<!last )(?<!past )(?<!previous )(?<!recent )\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty)\s*"
    r"(?:working\s+|calendar\s+)?(?:days?|weeks?|months?|years?|hours?)\b"
    r"(?!\s+(?:old|of\s+age|or\s+(?:over|older|under|younger)|and\s+(?:over|under)))",
    re.I,
)


def asks_how_long(question: str) -> bool:
    """True when the question asks how long something takes or how quickly it happens."""
    return _ASKS_HOW_LONG.search(question) is not None


def gives_duration(text: str) -> bool:
    """True when the text states a length of time ("an average of 21 weeks"), not an age ("16 years old")."""
    return _DURATION.search(text) is not None


def asks_how_many_graded(question: str) -> bool:
    """True for "How many inadequate judgements were there in 2023?": reports counted, not authorities."""
    return re.search(_HOW_MANY_GRADED, question, re.I) is not None


def asks_which_authorities(question: str) -> bool:
    """True when the question asks for a list of authorities ("Which councils…?", "…each council…"), or
    about Ofsted's grading, which the authorities' reports show one by one."""
    return _ASKS_WHICH_AUTHORITIES.search(question) is not None or asks_about_grading(question)


# "Which council has the most children in care?", "Which council is the best?": a ranking.
_SUPERLATIVE = re.compile(r"\b(?:most(?!\s+recent)|highest|lowest|fewest|least|largest|smallest|biggest|best|worst|better|worse)\b", re.I)


def asks_to_rank(question: str) -> bool:
    """A list of authorities ranked by something ("Which council has the most…?"), not by a move up or
    down the grades ("Which councils improved the most?", answered by ``grade_direction``), nor by the
    reports the corpus holds ("Which council has the most inspections?", counted: ``asks_most_reports``)."""
    # "…judged good or better?", "…at least good?" name grades, not a ranking.
    unranged = _GRADE_RANGE.sub(" ", question)
    return (
        asks_which_authorities(question) and _SUPERLATIVE.search(unranged) is not None
        and not grade_direction(question) and not move_from(question) and not asks_most_reports(question)
    )


_COMPARATIVES = stem_set("better worse stronger weaker")


def listing_words(question: str) -> frozenset[str]:
    """Stems of the words asking for a list of authorities ("each council" → "council"): scope, not
    topic, so "How many children are in care in each council?" does not find the Children in Care Council."""
    m = _ASKS_WHICH_AUTHORITIES.search(question)
    if m is None:
        return frozenset()
    if re.match(_IS_BETTER_THAN, m.group(), re.I):
        # "Is BCP's care leaver service better than Dorset's?": the words setting the two side by side
        # name the topic too; only "better" asks for the list.
        return stem_set(m.group()) & _COMPARATIVES
    # "How many inadequate judgements…?": the grade and "judgements" are what is asked, as in "…judged inadequate?".
    words = stem_set(m.group()) - VERDICT_WORDS if asks_how_many_graded(question) else stem_set(m.group())
    # "Which councils use Signs of Safety?": the practice named is the topic, not "use".
    uses = _USES_NAMED.search(question)
    return words | stem_set(uses.group().split()[0]) if uses else words


# A move between two grades: "went from inadequate to good", "from 'requires improvement' to being rated good".
_JUDGED = r"(?:being\s+)?(?:(?:judged|rated|graded|became|become)\s+)?"
_GRADE_MOVE = re.compile(
    rf"\bfrom\s+{_JUDGED}{_GRADE_NAME}.*?\bto\s+{_JUDGED}{_GRADE_NAME}"
    # "…judged inadequate and then outstanding?", "…inadequate, later good?"
    rf"|{_GRADE_NAME}\s*,?\s+(?:and\s+|but\s+)?(?:then|later|subsequently|afterwards)\s+{_JUDGED}{_GRADE_NAME}",
    re.I,
)


def _grade_name(text: str) -> str:
    """'Requires Improvement to be good' -> 'requires improvement': the lower-case prefix grades are matched by."""
    g = re.sub(r"\s+", " ", text.lower()).replace("require ", "requires ").replace("required ", "requires ")
    return "requires improvement" if g.startswith("requires improvement") else g


def named_grade(question: str) -> str | None:
    """The Ofsted grade a question names, as a lower-case prefix of the grade ('requires improvement')."""
    m = _NAMED_GRADE.search(question)
    return _grade_name(m.group(1)) if m else None


def grade_move(question: str) -> tuple[str, str] | None:
    """The grades of a move a question names ("…went from inadequate to good?"), the earlier first."""
    m = _GRADE_MOVE.search(question)
    if not m:
        return None
    first, then = [g for g in m.groups() if g]
    return _grade_name(first), _grade_name(then)


# "Which inspection of Bury was the worst?", "What was Bury's best report?": its reports, ranked by grade.
_BEST_REPORT = re.compile(
    r"\b(best|worst|strongest|weakest)\s+(?:\w+\s+){0,2}?(?:inspections?|reports?|judge?ments?|grades?)\b"
    r"|\b(?:inspections?|reports?)\b[^?]*?\b(?:was|were|is)\s+(?:the\s+)?(best|worst|strongest|weakest)\b",
    re.I,
)


def best_report(question: str) -> int:
    """+1 for "What was Bury's best inspection?", -1 for "Which inspection of Bury was the worst?", else 0:
    an authority's own reports ranked by their grades (authorities ranked are ``asks_for_best``'s)."""
    m = None if asks_which_authorities(question) else _BEST_REPORT.search(question)
    if m is None:
        return 0
    return 1 if (m.group(1) or m.group(2)).lower() in ("best", "strongest") else -1


# "Which councils have not been inspected since 2023?": those whose latest report is older; "Which
# authorities have never been inspected?" (no time), those with no report at all.
_NOT_SINCE = re.compile(
    r"(?:\bnot|n['’]t|\bnever)\s+(?:been\s+)?(?:inspected|visited)(?:\s+by\s+ofsted)?\s*(?:since\b|\??\s*$)"
    r"|(?:\bnot|n['’]t|\bnever)\s+(?:had|received|got)\s+(?:an?\s+|any\s+)?(?:\w+\s+)?(?:inspections?|visits?|reports?)(?:\s+from\s+ofsted)?\s*(?:since\b|\??\s*$)",
    re.I,
)


def asks_not_since(question: str) -> bool:
    """True for "Which councils have not been inspected since 2023?": the authorities whose latest report
    is dated before the time named, each by that report."""
    return asks_which_authorities(question) and _NOT_SINCE.search(question) is not None


# "When did BCP become good?", "When was Birmingham first rated good?": the move into a grade.
# "Since when has Norfolk been outstanding?" too.
_BECAME = re.compile(
    r"^\s*when\b[^?]*\b(?:become|became|get|got|achieve[ds]?|reach(?:ed)?|earn(?:ed)?|first\s+(?:rated|judged|graded|given))\b"
    r"|^\s*since\s+when\b",
    re.I,
)


def became_grade(question: str) -> str | None:
    """The grade a "when did X become…?" question asks the move into, if it asks one."""
    return named_grade(question) if _BECAME.search(question) and not grade_move(question) else None


# Ofsted's grades, worst first, as _grade_name spells them.
GRADES = ("inadequate", "requires improvement", "good", "outstanding")
# Verbs of moving up or down the grades ("Did any council improve?", not "…need to improve?"); nouns
# that share their spelling ("a fall in caseloads", "a rise in referrals") are left out.
_UP = re.compile(
    r"\b(?:improv(?:ed|ing)|(?<!to\s)(?<!must\s)(?<!should\s)improve|g[eo]t\s+better|(?:go|gone|went|move|moved)\s+up"
    r"|rose|risen|climbed|upgraded)\b",
    re.I,
)
_DOWN = re.compile(
    r"\b(?:declin(?:ed|ing)|g[eo]t\s+worse|(?:go|gone|went|move|moved)\s+down|deteriorat(?:e|ed|ing)|fell|fallen|dropped|slipped|downgraded)\b",
    re.I,
)


# "Which councils improved from inadequate?", "…moved out of inadequate?", "…fell from outstanding?": a move
# out of one grade, to any other up (or down) the scale.
# ("…improved after being judged inadequate?", "…since being rated inadequate?": the same)
_FROM_GRADE = re.compile(rf"\b(?P<way>from|out\s+of|(?:after|since)(?=\s+being\b))\s+{_JUDGED}{_GRADE_NAME}", re.I)


def move_from(question: str) -> tuple[str, int] | None:
    """The grade a "which councils…?" question asks moves out of, and which way (+1 up, -1 down)."""
    m = None if grade_move(question) or not asks_which_authorities(question) else _FROM_GRADE.search(question)
    if m is None:
        return None
    grade = _grade_name(m.group(2))
    way = grade_way(question)
    if not way and m["way"].lower() != "from":  # "moved out of inadequate" can only go up
        way = 1 if grade == GRADES[0] else -1 if grade == GRADES[-1] else 0
    return (grade, way) if way else None


# "Did BCP improve after being judged inadequate?", "…since it was rated inadequate?", "…since its
# inadequate judgement?", "What was Trafford like before it was judged inadequate?": a time dated by a
# judgement of the authority asked about; "How long did it take Bury to get out of inadequate?", "How has
# BCP improved from inadequate?": the time since, and the grade it moved to.
_DATED_BY_GRADE = re.compile(
    rf"\b(?P<side>after|since|following|before|until|prior\s+to|when)\s+"
    rf"(?:(?:being|(?:[\w'’&-]+\s+){{1,5}}?(?:was|were|got|had\s+been))\s+(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?{_GRADE_NAME}"
    rf"|(?:its|their|the|an?)\s+{_GRADE_NAME}[\"'\u2019\u201d]?\s+(?:overall\s+)?(?:judge?ments?|ratings?|grades?|inspections?|verdicts?))"
    # ("far from good" is no move: "from" follows a verb of moving)
    rf"|\b(?P<out>(?:(?:get|getting|got|come|coming|came|climb\w*|mov\w*|break|breaking|broke|broken)\s+)?out\s+of|leave|leaving|left|exit(?:ing)?|(?:improv\w*|mov\w*|go|gone|got|went|came|come|rose|risen|climb\w*|progress\w*|recover\w*)"
    rf"\s+(?:[\w'’-]+\s+){{0,2}}?from)\s+(?:being\s+)?(?:(?:judged|rated|graded)\s+)?{_GRADE_NAME}"
    # "How long has Tameside been inadequate?", "How long was Bury inadequate?": the time since, as "out of" it.
    rf"|\b(?P<lasted>how\s+long)\s+(?:has|have|had|was|were|did|is)\s+(?:[\w'’&-]+\s+){{1,5}}?(?:(?:been|stay\w*|remain\w*|be)\s+)?(?:(?:judged|rated|graded)\s+)?{_GRADE_NAME}"
    # "How did Dorset become outstanding?", "What did BCP do to get to good?": the move into it.
    # "Why did Norfolk improve to outstanding?", "Why was Tameside downgraded to inadequate?": the same.
    rf"|\b(?P<into>become|became|becoming|get(?:ting)?\s+to|got\s+to|achiev\w*|reach\w*|earn\w*"
    rf"|(?:(?<!to\s)(?<!must\s)(?<!should\s)improv\w*|mov\w*(?:\s+(?:up|down))?|rose|risen|rise|climb\w*|fell|fall\w*|dropp?\w*|slipp?\w*|declin\w*|(?:down|up)grad\w*|go|gone|went)\s+to)"
    rf"\s+(?:being\s+)?(?:(?:judged|rated|graded)\s+)?(?:an?\s+)?{_GRADE_NAME}",
    re.I,
)


def _dating_grade(m: re.Match[str]) -> str:
    """The grade a ``_DATED_BY_GRADE`` match names, whichever of its ways it was said."""
    named = set(m.re.groupindex.values())
    return next(g for i, g in enumerate(m.groups(), start=1) if g and i not in named)


def dated_by_grade(question: str) -> tuple[str, str] | None:
    """(side, grade) when the question dates itself by a judgement: "after" for "…since being judged
    inadequate?", "before" for "…before it was rated good?", "when" for "Who was the DCS when BCP was
    judged inadequate?", "out" for "…get out of inadequate?" (the time
    since, asked of the move to another grade), "into" for "How did Dorset become outstanding?" (the time
    since the report before the move). Not a move between two grades named ("…from inadequate to good?")."""
    dated = _dating_clause(question)
    return dated[:2] if dated else None


def when_judged(question: str) -> re.Match[str] | None:
    """The clause dating a question by the time of a judgement ("…when BCP was judged inadequate"), as
    ``dated_by_grade``'s "when"; None if it has none."""
    dated = _dating_clause(question)
    return dated[2] if dated and dated[0] == "when" else None


def _dating_clause(question: str) -> tuple[str, str, re.Match[str]] | None:
    """``dated_by_grade``'s (side, grade), with the clause that says it."""
    m = _DATED_BY_GRADE.search(question)
    if m is None or grade_move(question):
        return None
    grade = _grade_name(_dating_grade(m))
    if m["out"] or m["lasted"]:
        return "out", grade, m
    if m["into"]:  # ("When did BCP become good?" asks for the move's date: ``became_grade``)
        return None if _ASKS_WHEN.match(question) else ("into", grade, m)
    said = m["side"].lower()
    if said == "when":
        # "Who was the DCS when BCP was judged inadequate?": the time of that judgement; "When was BCP
        # judged inadequate?" asks for it instead.
        return None if not question[: m.start()].strip(" \t\"'\u201c") else ("when", grade, m)
    side = "before" if said in ("before", "until") or said.startswith("prior") else "after"
    return side, grade, m


def grade_way(text: str) -> int:
    """+1 for words of moving up the grades ("improved", "got better"), -1 for down, 0 for neither or both."""
    return int(bool(_UP.search(text))) - int(bool(_DOWN.search(text)))


# "Did Kent's grade go down in 2025?", "Was Kent downgraded in 2025?", "Did Tameside's rating drop?": a
# move of the grades asked of one time, which the grade before it answers as much as that time's own.
_MOVE_VERB = re.compile(
    r"\b(?:drop|fall|decline|slip|rise|worsen|change|improve)(?:s|d|ed)?\b|\b(?:go|went|gone)\s+(?:up|down)\b", re.I
)
_REGRADED = re.compile(r"\b(?:down|up)grad(?:e|es|ed|ing)\b", re.I)


def asks_grade_moved(question: str) -> bool:
    """True for "Did Kent's grade go down in 2025?" or "Was Kent downgraded?": whether the grades moved."""
    if _REGRADED.search(question):
        return True
    return names_grades(question) and (grade_way(question) != 0 or _MOVE_VERB.search(question) is not None)


def grade_direction(question: str) -> int:
    """+1 for "Which councils improved (the most)?", -1 for "…got worse?", 0 otherwise: a "which
    councils…?" question about moving up or down the grades that names no grade."""
    if not asks_which_authorities(question) or named_grade(question):
        return 0
    return grade_way(question)


# "Which councils have been judged inadequate more than once?": how many times, at least.
_TIMES = (
    (3, re.compile(r"\b(?:more\s+than\s+twice|three\s+(?:or\s+more\s+)?times|at\s+least\s+three\s+times)\b", re.I)),
    (2, re.compile(r"\b(?:more\s+than\s+once|twice|two\s+(?:or\s+more\s+)?times|at\s+least\s+twice|repeatedly"
                   r"|(?:two|2)\s+(?:inspections|reports)\s+in\s+a\s+row|consecutive(?:ly)?|in\s+a\s+row)\b", re.I)),
)


# "How many times has Tameside been inadequate?", "How often has Bradford been rated inadequate?"
_HOW_OFTEN = re.compile(r"\bhow\s+(?:many\s+times|often)\b", re.I)


# "Which council has been inadequate the longest?": how long a grade has held, no topic.
_LONGEST = re.compile(r"\b(?:for\s+)?(?:the\s+)?longest(?:\s+time)?\b", re.I)


def asks_longest(question: str) -> bool:
    """True for "Which council has been inadequate the longest?"."""
    return _LONGEST.search(question) is not None


def asks_how_often_graded(question: str) -> bool:
    """True for "How many times has Tameside been inadequate?": each report's grade, the ones giving it counted."""
    return _HOW_OFTEN.search(question) is not None and _NAMED_GRADE.search(question) is not None


# "How has Bury's grade changed?", "What is the trend in Bradford's ratings?": the grades themselves.
_NAMES_GRADES = re.compile(
    r"\b(?:grades|grade|gradings?|ratings?|judge?ments?|overall\s+effectiveness)\b", re.I
)


def names_grades(question: str) -> bool:
    """True when the question asks of the grades by name ("Bury's grade", "its ratings"), not only of a
    way of moving ("Has Bury improved?") or after a grade given ("…since it was rated inadequate?"):
    asked of the service as a whole, the sources that give a grade answer it."""
    return _NAMES_GRADES.search(question) is not None


# "Which councils have never been judged inadequate?", "…not once…": the authorities without that grade.
_NEVER = re.compile(r"\bnever\b|\bnot\s+once\b", re.I)


def asks_never(question: str) -> bool:
    """True for "Which councils have never been judged inadequate?": a list by a grade no report gave."""
    return _NEVER.search(question) is not None and bool(listed_grades(question))


def times_asked(question: str) -> int:
    """How many times an authority must have been so judged to be listed (2 for "more than once",
    "twice", "repeatedly"; 3 for "more than twice"), or 0 when the question does not ask."""
    return next((n for n, pattern in _TIMES if pattern.search(question)), 0)


# Grades asked for as a range or a choice: "good or better", "at least good", "good or outstanding",
# "requires improvement or worse", "below good"; "good at supporting care leavers" asks who does well.
_GRADE_RANGE = re.compile(
    rf"\bat\s+least\s+{_GRADE_NAME}|\b{_GRADE_NAME}\s+(?:or\s+(?:better|above|higher)|and\s+above)\b"
    rf"|\b{_GRADE_NAME}\s+or\s+(?:worse|below|lower)\b|\b(?:below|worse\s+than|less\s+than|lower\s+than)\s+{_GRADE_NAME}"
    rf"|\b(?:above|better\s+than|higher\s+than)\s+{_GRADE_NAME}|\b{_GRADE_NAME}\s+(?:or|and)\s+{_GRADE_NAME}\b|\b(good)\s+at\b",
    re.I,
)


def _range_grades(m: re.Match[str]) -> str:
    """The grades a range names, its other words left out ("at least good" → "good"); none of "good at"."""
    return " ".join(g for g in m.groups()[:-1] if g) or " "


# "Which councils have good care leaver services?" asks who does well, an outstanding service as much as
# a good one (not "…good or outstanding…", a choice named).
_HAVE_GOOD = re.compile(r"\b(?:have|has|had)\s+(?:an?\s+)?good\b(?!\s+(?:or|and)\s)", re.I)


def grade_range(question: str) -> tuple[str, ...]:
    """The grades, worst first, of a range or a choice the question names ("good or better": good and
    outstanding; "below good": inadequate and requires improvement); none if it names none."""
    m = _GRADE_RANGE.search(question)
    if m is None:
        return GRADES[GRADES.index("good") :] if _HAVE_GOOD.search(question) else ()
    at_least, or_better, or_worse, below, above, first, second, good_at = m.groups()
    at = GRADES.index(_grade_name(next(g for g in m.groups() if g)))
    if at_least or or_better or good_at:
        return GRADES[at:]
    if or_worse:
        return GRADES[: at + 1]
    if below:
        return GRADES[:at]
    if above:
        return GRADES[at + 1 :]
    return tuple(g for g in GRADES if g in (_grade_name(first), _grade_name(second)))


def listed_grades(question: str) -> tuple[str, ...]:
    """The grades a "which councils…?" question lists authorities by: one ("…were judged inadequate?"),
    the two of a move ("…went from inadequate to good?"), the earlier first, those of a range or a
    choice ("…judged good or better?"), or all of them for a move up or down ("…improved?"); none otherwise."""
    if not asks_which_authorities(question):
        return ()
    move = grade_move(question)
    if move:
        return move
    if out_of := move_from(question):  # "…improved from inadequate?": that grade, then every one above it
        grade, way = out_of
        return (grade, *(g for g in GRADES if way * (GRADES.index(g) - GRADES.index(grade)) > 0))
    if ranged := grade_range(question):
        return ranged
    named = named_grade(question)
    if named:
        return (named,)
    # "What is the latest grade for each authority?": every grade, each authority's report by report.
    return GRADES if grade_direction(question) or is_grade_question(question) else ()


# The framing every Ofsted letter and report shares (who inspected, how, what happens to the letter):
# true of every visit, so it says nothing about this one unless the question asks about the visit itself.
_FRAMING = re.compile(
    r"^(?:this letter summarises the findings|(?:the |his |her )?(?:lead )?inspectors?(?: for this visit)? (?:were|was)\b"
    r"|(?:his|her) majesty's (?:chief )?inspectors? (?:for this visit )?(?:were|was)\b|the methodology for this visit"
    r"|this visit was carried out in line with|here is a copy of the letter|inspection dates?:|lead inspector:"
    r"|(?:this|the) (?:focused |monitoring )?visit (?:looked at|was carried out|focused on|considered|examined)\b"
    # A monitoring letter's place in its series and its scope: "This was the second monitoring visit since
    # the local authority was judged inadequate in…", "The focus of the monitoring visit was…".
    r"|this was the \w+ monitoring visit since|the focus of (?:the|this) (?:\w+ )?visit was\b"
    r"|yours sincerely|ofsted will take the findings|this letter will be published|i am copying this letter"
    r"|the inspection was led by|the inspection team consisted of|this inspection was carried out (?:at the request|under)"
    r"|(?:his|her) majesty's chief inspector of education, children's services and skills is leading"
    r"|(?:re-?)?inspection of (?:services for children|children's social care|local authority children's services)\b"
    r"|(?:in particular, )?inspectors (?:have )?(?:looked|considered|reviewed|evaluated)\b|information about this inspection|ofsted produces this report"
    r"|this report includes the report of|the areas for improvement have been cross-referenced"
    # How a visit in the pandemic was held: "Inspectors used video calls for discussions with…",
    # "The delivery model was adapted to reflect the COVID-19 context", "The lead inspector and the
    # director of children's services (DCS) agreed arrangements to deliver this visit…".
    r"|inspectors used video calls|(?:however, )?the delivery model was adapted"
    r"|the lead inspector and the (?:(?:interim|corporate|executive|acting)\s+)*director of children's services (?:\(dcs\) )?agreed arrangements"
    r"|discussions with [^.]{0,80}\balso took place"
    # What inspectors did, told after who they were: "They also looked at local authority performance
    # management…", "They talked to practitioners and managers…", "Inspectors were on site for the visit".
    r"|they (?:also )?(?:looked at|considered|evaluated|talked to)\b|inspectors were on site"
    r"|performance data and management reports were reviewed"
    r"|throughout this (?:letter|report), care leavers are referred to as"
    # The grade scale older reports explain: "Outstanding (Grade 1) A service that significantly exceeds…"
    r"|all inspection judgements are made using|(?:outstanding|good|adequate|inadequate) \(grade [1-4]\))",
    re.I,
)
_WHEN = r"^\s*(?:when|(?:on\s+)?(?:what|which)\s+(?:dates?|period|days))\b"  # "When…", "On what dates…", "What period…"
_ASKS_ABOUT_THE_VISIT = re.compile(
    # "Who led it?", "Who inspected Kent?"; not "Who is the director of children's services?"
    # (not inspectors as the ones finding: "What did inspectors find in Bury?" asks for the findings)
    r"\b(?:inspectors?(?!\s+(?:say|said|find|found|see|saw|think|thought|conclude|concluded|note|noted|report|reported|describe|described"
    r"|tell|told|praise|praised|criticise|criticised|identify|identified|observe|observed|highlight|highlighted)\b)"
    r"|method\w*|letter|who(?=[^?]*\b(?:led|lead|inspect\w*|visit\w*|carried\s+out|conducted|wrote|signed)\b)"
    r"|inspected|visited|inspection\s+dates?)\b"
    rf"|{_WHEN}.*\b(?:inspect\w*|visit\w*|cover(?:s|ed)?)"  # "When did Ofsted last visit Dorset?", "What period does the report cover?"
    r"|\b(?:visit|inspection)\b.*\b(?:look(?:ed)?\s+at|examin\w*|focus\w*\s+on|cover)\b",  # "What did the visit look at?"
    re.I,
)


# Where a report or letter says when the visit was: the title page's "Inspection dates: 17 to 28 July
# 2023" (a heading, yet the answer to "when was X inspected?") and a letter's "This letter summarises
# the findings of the focused visit to … on 16 and 17 May 2023".
VISIT_DATES = re.compile(
    r"^(?:(?:inspection|visit)\s+dates?:\s*\S|this letter summarises the findings of\b"
    # A council's or a newspaper's account: "The inspection, by Ofsted, took place between 16th and 27th July 2018".
    r"|the\s+(?:\w+\s+)?(?:inspection|visit)\b[^.]{0,20}?\btook\s+place\s+(?:between|on|from|in)\b)",
    re.I,
)


# Wording that sets the present against an earlier time: "…have improved significantly since the last
# inspection", "At the last inspection…", "…no longer…", "…continues to…", "From a very low starting
# point…". Asked how something changed, a passage saying so is the better evidence of its period.
STATES_CHANGE = re.compile(
    r"\b(?:since\s+(?:the|its|our)\s+(?:[\w()-]+\s+){0,4}?(?:inspection|visit|judgement|jtai)"
    r"|since\s+(?:19|20)\d\d"
    r"|(?:have|has|had)\s+(?:(?:significantly|considerably|substantially|markedly|further|much)\s+)?"
    r"(?:improved|deteriorated|declined|strengthened|weakened|worsened|progressed)"
    r"|no\s+longer|at\s+the\s+(?:last|previous)\s+inspection|previously|from\s+(?:a|this|that)\s+(?:very\s+)?low\s+(?:starting\s+point|base)"
    r"|(?:continues?|continued)\s+to|remains?\b|improvements?\s+(?:in|to|since))",
    re.I,
)


_ASKS_WHEN = re.compile(_WHEN, re.I)


# Who inspected: a report's title page ("Lead inspector: John Roughton, His Majesty's Inspector",
# "Reporting inspector Gary Lamb HMI") or a letter's "Inspectors for this visit were…".
WHO_INSPECTED = re.compile(
    r"^(?:(?:lead|reporting)\s+inspector:?\s+(?-i:[A-Z])"
    r"|(?:the\s+|(?:his|her)\s+majesty's\s+)?(?:lead\s+)?inspectors?\s+(?:for\s+this\s+visit\s+)?(?:were|was)\s+(?-i:[A-Z]))",
    re.I,
)
_ASKS_WHO = re.compile(
    r"\bwho\b.*\b(?:inspect\w*|led|lead|visit\w*)\b|\b(?:lead|reporting)\s+inspector\b"
    # "Which inspector led the 2022 BCP monitoring visit?", "Which HMIs carried out the visit?"
    r"|\b(?:which|what)\s+(?:inspectors?|hmis?)\b(?=[^?]*\b(?:led|lead|carried\s+out|conducted|inspect\w*|visit\w*|did)\b)",
    re.I,
)


# "Who was the director of children's services in Bury in 2019?", "Who is BCP's DCS?", "Who leads
# children's services in Kent?": the council's leader, whom a letter names as its addressee.
_ASKS_WHO_LEADS = re.compile(
    r"\bwho\b[^?]*\b(?:(?:director|dcs)\b|head\s+of\s+children|(?:leads?|runs?|ran|heads?|manages?)\s+(?:[\w'’-]+\s+){0,3}?children['’]s\s+services"
    r"|(?:is|was)\s+in\s+charge\s+of\s+(?:[\w'’-]+\s+){0,3}?children)",
    re.I,
)


def asks_who_leads(question: str) -> bool:
    """True for "Who was the director of children's services in Bury in 2019?": the letters' addressees
    answer it."""
    return _ASKS_WHO_LEADS.search(question) is not None


# A letter's addressee, a name on one line and a director's title on the next ("Karen Dolton" /
# "Executive Director, Children, Young People and Culture"), or both on one line as an area SEND report
# gives them ("Jeanette Richards, Executive Director of Children's Services").
_PERSON = r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}"
_LEADER_TITLE = r"(?i:(?:(?:interim|acting|executive|corporate|strategic)\s+)*director\b[^.]{0,80})"
_ADDRESSEE = re.compile(rf"^{_PERSON}$")
_TITLE_LINE = re.compile(rf"^{_LEADER_TITLE}$")
NAMED_LEADER = re.compile(rf"^{_PERSON},\s+{_LEADER_TITLE}$")


def leaders_named(parts: Sequence[Unit]) -> list[Unit]:
    """The passage's lines naming its council's leader, each as one line ("Karen Dolton, Executive
    Director, Children, Young People and Culture"): a letter's addressee and title, joined."""
    out = [replace(u, kind="sentence") for u in parts if NAMED_LEADER.match(u.text)]
    for u, title in zip(parts, parts[1:]):
        if u.kind == "heading" and _ADDRESSEE.match(u.text) and _TITLE_LINE.match(title.text):
            out.append(replace(u, text=f"{u.text}, {title.text}", kind="sentence"))
    return out


def asks_who_inspected(question: str) -> bool:
    """True for "Who was the lead inspector for BCP's 2024 inspection?": the title page's names answer it."""
    return _ASKS_WHO.search(question) is not None


# The word naming an inspection a graded one ("the full inspection", "a short inspection"): the kind
# of report, no topic ("full-time education" is none of the question's).
_GRADED_INSPECTION = re.compile(r"\b(?:full|standard|short|graded|judgement)\s+(?=inspections?\b)", re.I)
# The kinds of Ofsted document a question names ("the monitoring visits", "the SEND inspection").
_NAMED_DOC_TYPES = (
    (re.compile(r"\bmonitoring\s+(?:visits?|letters?)\b", re.I), "monitoring visit"),
    (re.compile(r"\bfocused\s+visits?\b", re.I), "focused visit"),
    (re.compile(r"\b(?:area\s+)?(?-i:SEND)\s+inspections?\b|\barea\s+send\s+inspections?\b", re.I), "area SEND inspection"),
    (re.compile(r"\bsafeguarding\s+(?:children\s+)?board\s+reviews?\b", re.I), "safeguarding board review"),
    # Ofsted's own names for a graded inspection: "the full inspection", "a standard inspection"
    (re.compile(rf"{_GRADED_INSPECTION.pattern}inspections?\b", re.I), "full inspection"),
)


def named_doc_types(question: str) -> list[str]:
    """The Ofsted document types the question names, as ``indexer.types.DOC_TYPES`` spells them."""
    return [doc_type for pattern, doc_type in _NAMED_DOC_TYPES if pattern.search(question)]


# "since the 2020 focused visit", "after the monitoring visit", "than the SEND inspection": a document
# named to date a time or to compare with, not the one asked about.
_NAMED_AS_ANCHOR = re.compile(
    r"\b(?:since|after|following|before|until|till|prior\s+to|than|compared?\s+(?:with|to)|versus|vs|"
    r"(?:respond(?:ed|s)?|response|react(?:ed|s)?|reaction|act(?:ed)?)\s+(?:to|on))\s+(?:[\w'’-]+\s+){0,3}$"
    # "Did BCP address the priority actions from the 2020 focused visit?": that report's, and what followed
    r"|\b(?:address(?:ed|es|ing)?|tackl(?:e|ed|es|ing)|implement(?:ed|s|ing)?|act(?:ed|s|ing)?\s+on|follow(?:ed|s|ing)?\s+up(?:\s+on)?)"
    r"\s+(?:[\w'’-]+\s+){1,5}?(?:from|of|in|by)\s+(?:[\w'’-]+\s+){0,2}$", re.I
)


def doc_types_asked(question: str) -> list[str]:
    """The Ofsted document types the question asks about ("What did the focused visits to Bury find?",
    "the outcome of Bury's SEND inspection"), not those it names as a time or to compare with."""
    return [
        doc_type for pattern, doc_type in _NAMED_DOC_TYPES
        if any(not _NAMED_AS_ANCHOR.search(question[: m.start()]) for m in pattern.finditer(question))
    ]


def asks_when_visited(question: str) -> bool:
    """True for "When was Swindon last inspected?", "Which councils were inspected in 2024?" and "When
    was the 2021 report published?": the title page's inspection dates answer it (the last with a note
    of the publication date, which the reports seldom print)."""
    return (
        (_ASKS_WHEN.match(question) is not None and asks_about_the_visit(question))
        or asks_which_visited(question)
        or asks_when_published(question)  # the report's own dates, beside which the note gives its publication
    )


# "When was Northamptonshire split?", "When did Westmorland and Furness come into being?", "When was BCP
# council created?": when an authority began or ended, which the reports say in passing. Its subject is
# the authority (``who``), not "the MASH" or "BCP's improvement".
_ASKS_WHEN_REORGANISED = re.compile(
    r"^\s*(?:when|(?:in\s+)?what\s+year|(?:on\s+)?what\s+date)\s+(?:was|were|did|had|has)\s+(?P<who>.+?)\s+(?:first\s+)?"
    r"(?:split|created|formed|set\s+up|established|abolished|merged?|replaced?|reorgani[sz]\w*|(?:came|come)\s+into\s+(?:being|existence)"
    r"|begin|began|start|started|take\s+over|took\s+over|go\s+live|went\s+live|launch(?:ed)?)\b",
    re.I,
)
# Where a report says it: "…unitary authorities came into being on 1 April 2021", "Northamptonshire
# Council split into West and North Northamptonshire councils", "…the council's inception".
REORGANISATION = re.compile(
    r"\b(?:came|come)\s+into\s+being\b|\bsplit\s+into\b|\binception\b|\bmerger\b|\bmerged\b|\breplaced\s+by\b"
    r"|\b(?:was|were)\s+(?:created|formed|established|abolished)\b|\bnewly\s+formed\b|\blocal\s+government\s+re-?organi[sz]ation\b"
    # a trust's start: "…is set to go live in April 2023", "When the Trust assumed responsibility 3 years ago"
    r"|\bgo(?:es)?\s+live\b|\bwent\s+live\b|\btrust\s+(?:has\s+)?assumed\s+responsibility\b|\bin\s+existence\s+since\b",
    re.I,
)


def asks_when_reorganised(question: str, names: frozenset[str]) -> bool:
    """True for "When was Northamptonshire split?", "When was Westmorland and Furness created?": the
    reports' sentences on the authority's beginning or end answer it; not "When was the MASH set up?".
    ``names`` takes stems of the authority names, as for ``asks_for_verdict``."""
    m = _ASKS_WHEN_REORGANISED.match(question)
    if m is None:
        return False
    who, body = stem_set(m["who"]), BODY_WORDS | _ALSO_BODY
    if "trust" in who:
        body |= _TRUST_NAME
    return bool(who - body) and who <= names | body


# "…were inspected", "…had a focused visit", "…received an inspection": an inspection took place.
_HAD_A_VISIT = re.compile(
    r"\b(?:were|was|been|got|get)\s+(?:\w+\s+)?(?:inspected|visited)\b"
    r"|\b(?:had|have|has|received|got|get)\s+(?:an?\s+|any\s+)?(?:\w+\s+){0,3}?(?:visits?|inspections?)\b"
    r"|\bdid\s+ofsted\s+(?:\w+\s+)?(?:inspect|visit)\b",
    re.I,
)


# "What inspections has Bury had?", "List all reports on Bury", "What documents do you hold on BCP?",
# "How many visits has Ofsted made to Bradford?": the documents asked for by a plural (or "every report").
_REPORTS = r"(?:reports|inspections|visits|letters|documents|sources|publications|stories|articles)"
# "What does the corpus hold…?", "What do you have…?": the holdings asked for, of every kind.
_CORPUS_HOLDS = r"^\s*what\s+(?:does|do)\s+(?:the\s+(?:corpus|index|collection)|you)\s+(?:hold|have|contain|include)"
# "What does the corpus hold?", "What's in the corpus?", "What is the index?": the whole of it.
_WHOLE_CORPUS = (
    rf"(?:{_CORPUS_HOLDS}|^\s*what(?:['’]s|\s+is)\s+(?:in\s+)?the\s+(?:corpus|index|collection))"
    r"(?:\s+now)?\s*\??\s*$"
)
_ASKS_FOR_REPORTS = re.compile(
    rf"^\s*(?:please\s+)?(?:list|show(?:\s+me)?|give\s+me|name)\s+(?:[\w'’-]+\s+){{0,4}}?"
    rf"(?:{_REPORTS}|(?:every|each)\s+(?:[\w'’-]+\s+)?(?:report|inspection|visit|letter|document|source))\b"
    rf"|^\s*(?:what|which|how\s+many)\s+(?:[\w'’-]+\s+){{0,3}}?{_REPORTS}\s+"
    r"(?:are|is|do|does|did|have|has|had|were|was|exist|cover|covers|concern|concerns)\b"
    # "What is the most recent report in the corpus?": the corpus asked about by name.
    r"|^\s*(?:what|which)\b.*\b(?:reports?|inspections?|visits?|letters?|documents?|sources?)\s+"
    r"(?:(?:is|are)\s+)?(?:in\s+the\s+(?:corpus|index|collection)|(?:do|have)\s+you\s+(?:got|have|hold))\b"
    # "What does the corpus hold on Surrey?", "What do you have about Kent?": every document held.
    rf"|{_CORPUS_HOLDS}\s+(?:on|about|for)\b|{_WHOLE_CORPUS}"
    # "Which is the oldest report?", "Which report is the most recent?": which one it is, by its dates.
    r"|^\s*which\s+(?:(?:is|was)\s+the\s+(?:most\s+recent|latest|newest|last|oldest|earliest|first)\s+(?:[\w-]+\s+)?(?:report|document|inspection|visit|letter)"
    r"|(?:report|document|inspection|visit|letter)\s+(?:is|was)\s+the\s+(?:most\s+recent|latest|newest|last|oldest|earliest|first))\s*\??\s*$"
    # "How many times has Bury been inspected?", "How often did Ofsted visit Swindon?": its visits, counted.
    r"|^\s*how\s+(?:many\s+times|often)\s+(?:has|have|had|was|were|did|does|do)\b.*\b(?:inspected|visited|inspect|visit)\b",
    re.I,
)
# What a question asking for the documents says beside names, dates and the documents' own words.
_CATALOGUE_WORDS = stem_set(
    "report reports inspection inspections document documents source sources publication publications "
    "hold holds held corpus available exist exists all every each list show name sent send issued "
    "carried carry out conducted kind kinds type types index indexed collection newest oldest primary secondary "
    "cover covers covered include includes included contain contains know council councils authority authorities local "
    "times often inspected visited inspect visit ofsted news story stories article articles concern concerns area"
)
# Asking for documents or sources, not reports: the secondary ones (news, council slides) count too.
_ALL_SOURCES = re.compile(
    rf"\b(?:documents?|sources?|publications?)\b|{_CORPUS_HOLDS}\b|{_WHOLE_CORPUS}",
    re.I,
)


# "Which authorities do you cover?", "What councils are in the corpus?", "How many authorities does the
# corpus include?": the corpus's authorities, each by its reports.
# (and of a region: "Which councils in the North West do you cover?", "Which authorities are in the North West?")
_IN_REGION = r"(?:in|from)\s+(?:the\s+)?(?:north|south|east|west|midlands|yorkshire|london)\b[\w\s-]*?"
_ASKS_WHICH_COVERED = re.compile(
    WHICH_AUTHORITIES
    + rf"(?:\s+{_IN_REGION})?"
    r"\s+(?:do(?:es)?\s+(?:you|it|the\s+(?:corpus|index|collection|tool))\s+(?:cover|hold|have|include|contain|know\s+about)"
    r"|(?:are|is)\s+(?:covered|included|in\s+(?:the\s+)?(?:corpus|index|collection))"
    rf"|(?:are|is)\s+(?:there\s+)?{_IN_REGION}\s*\??\s*$"
    r"|(?:have|has)\s+(?:reports|documents|inspections)\s*(?:in\s+the\s+(?:corpus|index|collection))?\s*\??\s*$)",
    re.I,
)


def asks_which_covered(question: str) -> bool:
    """True for "Which authorities do you cover?": the authorities the corpus holds reports on."""
    return _ASKS_WHICH_COVERED.search(question) is not None


# "Which report is the most recent?", "What is the oldest document in the corpus?": one report of the
# whole corpus, not each authority's.
_ONE_DOC = r"(?:report|document|source|inspection|visit|letter)"
_AT_ONE_END = r"(?:most\s+recent|latest|newest|last|oldest|earliest|first)"
_ONE_REPORT = re.compile(
    # "What was the most recent focused visit about?", "When was the latest inspection?": the one report.
    rf"^\s*(?:which|what|when)\s+(?:{_ONE_DOC}\s+(?:is|was)\s+the\s+{_AT_ONE_END}|(?:is|was)\s+the\s+{_AT_ONE_END}\s+(?:[\w-]+\s+){{0,2}}?{_ONE_DOC}(?!s))\b"
    # "Which was the last council to be inspected?"
    r"|^\s*(?:which|what)\s+(?:is|was)\s+the\s+(?:most\s+recent|latest|last|first|earliest)\s+(?:local\s+)?(?:authority|council)\s+to\s+(?:be|have\s+been)\s+(?:inspected|visited)\b"
    # "Which authority was inspected most recently?": one authority, the newest report's (not each one's latest).
    r"|^\s*(?:which|what)\s+(?:local\s+)?(?:authority|council|la)\s+(?:was|has\s+been|got)\s+(?:inspected|visited)\s+"
    r"(?:most\s+recently|last)\b",
    re.I,
)


# "Which authority has the most inspections?", "Which council has had the fewest reports in the corpus?"
_MOST_REPORTS = re.compile(
    r"\b(?:which|what)\s+(?:local\s+)?(?:authority|authorities|council|councils|la)\s+(?:has|have|had|gets?|got)\s+(?:had\s+)?"
    r"(?:been\s+)?(?:the\s+)?(?P<way>most|fewest|least|highest\s+number\s+of|lowest\s+number\s+of)\s+"
    r"(?:ofsted\s+)?(?:inspections|reports|visits|documents|sources)\b",
    re.I,
)


def asks_most_reports(question: str) -> int:
    """1 for "Which authority has the most inspections?", -1 for "…the fewest reports?", else 0."""
    m = _MOST_REPORTS.search(question)
    if m is None:
        return 0
    return 1 if m["way"].lower().startswith(("most", "highest")) else -1


def asks_for_one_report(question: str) -> bool:
    """True for "Which report is the most recent?": the corpus's one newest (or oldest) report."""
    return _ONE_REPORT.search(question) is not None


# "Which reports mention county lines?", "Does any report refer to Mockingbird?", "…use the term 'edge of care'?"
_MENTIONS = re.compile(r"\b(?:mention(?:s|ed|ing)?|refer(?:s|red|ring)?\s+to|(?:use|uses|used)\s+the\s+(?:term|phrase|words?))\b", re.I)


# Two or more capitalised words, joined perhaps by "of", "and", "for", "the": a name a question gives a
# programme or practice ("Signs of Safety", "Staying Put").
CAPITALISED_RUN = r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the)\s+)?[A-Z][\w'’-]*)+"
# "Which councils use Signs of Safety?": a practice model named in capitals, asked of which authorities,
# is listed by the reports that say it ("safety planning" is not it).
_USES_NAMED = re.compile(
    r"\b(?:use|uses|used|using|have|has|had|run|runs|adopt|adopts|adopted|operate|operates)\s+(?:the\s+|an?\s+)?[\"'‘“]?"
    + CAPITALISED_RUN
)


# A greeting or a word of thanks said to the chat: "Hello", "Help", "Thanks"; said alone, it asks nothing.
_CHAT_WORDS = frozenset(tokenize(["hello hi hey help thanks thank you cheers ok okay bye goodbye please morning afternoon"])[0])


def asks_nothing(question: str) -> bool:
    """True for "What?", "Tell me everything", "Summarise", "Hello": every word only frames a question or greets."""
    return all(s in QUESTION_WORDS or s in _CHAT_WORDS for s in stems(question))


def asks_for_mentions(question: str) -> bool:
    """True when the question asks where its own words are said, not what is said on its topic."""
    return _MENTIONS.search(question) is not None or (_USES_NAMED.search(question) is not None and asks_which_authorities(question))


def asks_for_reports(question: str, drop: frozenset[str] = frozenset()) -> bool:
    """True when the question asks which reports (or documents) there are, naming no topic they are
    to hold: "What inspections has Bury had?", "List all reports on Bury", "What documents do you
    hold on BCP?"; not "Which reports mention Mockingbird?" or "What did the reports say about Bury?".
    ``drop`` takes stems of the authority names, as for ``asks_for_verdict``."""
    if asks_most_reports(question):  # "Which authority has the most inspections?": its reports, counted
        return True
    terse = _TERSE_REPORTS.match(question) and (_HOW_MANY_REPORTS.match(question) or not reads_as_sentence(question))
    if _ASKS_FOR_REPORTS.search(question) is None and not terse and not asks_which_covered(question):
        return False
    return not names_a_topic(t for t in question_terms(question, drop) if t not in _CATALOGUE_WORDS)


# The same in search-box words: "bury reports", "how many inspections bcp", "bcp inspections 2021"; not
# "Summarise the reports", a sentence.
_TERSE_REPORTS = re.compile(rf"^\s*(?:how\s+many\s+)?(?:[\w'’-]+\s+){{0,4}}?{_REPORTS}(?:\s+[\w'’-]+){{0,4}}\s*\??\s*$", re.I)
_HOW_MANY_REPORTS = re.compile(rf"^\s*how\s+many\s+{_REPORTS}\b(?!.*\b(?:did|do|does|were|was|is|are|have|has|had)\b)", re.I)


def lists_reports(question: str, drop: frozenset[str] = frozenset()) -> bool:
    """Every report in scope, one line each, however it ranks: "Which councils were inspected in
    2024?" (``asks_which_visited``) or "What inspections has Bury had?" (``asks_for_reports``)."""
    return asks_which_visited(question) or asks_for_reports(question, drop)


def asks_for_dates(question: str, drop: frozenset[str] = frozenset()) -> bool:
    """The reports' own dates answer it: "When was Surrey inspected?" (``asks_when_visited``) or a list
    of the reports (``asks_for_reports``)."""
    return asks_when_visited(question) or asks_for_reports(question, drop)


def asks_for_all_sources(question: str, drop: frozenset[str] = frozenset()) -> bool:
    """``asks_for_reports`` of documents or sources: the news stories and council slides as well as
    Ofsted's reports."""
    return asks_for_reports(question, drop) and _ALL_SOURCES.search(question) is not None


def asks_which_visited(question: str) -> bool:
    """True for "Which councils were inspected in 2024?", "Which authorities had a focused visit in
    2020?": a list of the visits themselves, not of what they found or how they judged."""
    if not asks_which_authorities(question) or named_grade(question) or is_grade_question(question) or grade_way(question):
        # "Which councils were inspected and judged inadequate?" is a list by grade; "Which councils got worse
        # between inspections?" asks for moves
        return False
    return _HAD_A_VISIT.search(question) is not None


# "When was the BCP 2021 inspection report published?", "What date did the letter come out?", "How long
# after the inspection was Bradford's 2026 report published?"
_ASKS_WHEN_PUBLISHED = re.compile(
    rf"(?:{_WHEN}|^\s*what\s+date\b|{_ASKS_HOW_LONG.pattern}).*\b(?:published|publish|released|came\s+out|come\s+out|made\s+public)\b", re.I
)


def asks_how_long_to_publish(question: str) -> bool:
    """True for "How long after the inspection was the report published?": the weeks between them."""
    return asks_when_published(question) and asks_how_long(question)


def asks_when_published(question: str) -> bool:
    """True when the question asks when a report or letter was published, not when the visit was."""
    return _ASKS_WHEN_PUBLISHED.search(question) is not None


# Where a letter says what its visit covered: "Inspectors looked at the local authority's arrangements
# for…", "This visit looked at…", "The focus of the monitoring visit was…".
VISIT_COVERED = re.compile(
    r"^(?:(?:in\s+particular,\s+)?inspectors|(?:this|the)\s+(?:focused\s+|monitoring\s+)?visit)\s+(?:looked\s+at|examined|focused\s+on|reviewed|considered)\b"
    r"|^(?:they|inspectors)\s+also\s+(?:looked\s+at|reviewed|considered|evaluated)\b"
    r"|^the\s+focus\s+of\s+(?:the|this)\s+(?:\w+\s+)?visit\s+was\b",
    re.I,
)
_VISIT_WORD = re.compile(r"\b(?:visit\w*|inspect\w*|ofsted)\b", re.I)
_ASKS_WHAT_COVERED = re.compile(r"\b(?:look(?:ed)?\s+at|examin\w*|focus(?:ed)?\s+on|concentrat\w*|cover(?:ed)?)\b", re.I)


def asks_what_visit_covered(question: str) -> bool:
    """True for "What did Ofsted look at during the November 2019 focused visit?", "What did the October
    2022 monitoring visit concentrate on?": the letter's own account of its scope answers it."""
    if _ASKS_WHEN.match(question) or asks_who_inspected(question):
        return False
    return _VISIT_WORD.search(question) is not None and _ASKS_WHAT_COVERED.search(question) is not None


# "When is Kent's next inspection?", "When will Ofsted next inspect Swindon?": a visit to come.
_TO_COME = re.compile(r"\b(?:next|upcoming|future|due)\b|\bwill\b", re.I)
_WHEN_NEXT = re.compile(r"^\s*when\b.*\b(?:inspect\w*|visit\w*)", re.I)


def asks_when_next_visited(question: str) -> bool:
    """True when the question asks when an inspection or visit to come will be: no report dates one,
    so the latest visit's dates are the answer there is."""
    return _WHEN_NEXT.match(question) is not None and _TO_COME.search(question) is not None


def is_framing(sentence: str, list_intro: str | None = None) -> bool:
    """True for the framing every Ofsted letter and report shares ("The methodology for this visit…"),
    and for the items of a list that framing introduces (``list_intro``: "Inspectors looked at the local
    authority's arrangements for children in care, with a particular focus on the:" heads the areas
    the visit covered, not findings)."""
    # A footnote's number may open it: "1 Ofsted produces this report under its power to combine reports…".
    sentence = _FOOTNOTE_NUMBER.sub("", sentence)
    return _FRAMING.match(sentence) is not None or (list_intro is not None and _FRAMING.match(list_intro) is not None)


_FOOTNOTE_NUMBER = re.compile(r"^\d{1,2}\s+(?=[A-Z])")


# "…when Ofsted visited in October 2020?" dates the question; it does not ask about the visit.
_WHEN_CLAUSE = re.compile(r"\b(?:when|at\s+the\s+time)\s+(?:ofsted|inspectors?|it|they)\s+(?:last\s+)?(?:visited|inspected)\b", re.I)


def asks_about_the_visit(question: str) -> bool:
    """True when the question asks about the inspection itself (who, how, the letter): framing answers it."""
    if asks_which_visited(question) or asks_when_published(question) or asks_what_visit_covered(question):
        return True
    if not _ASKS_WHEN.match(question):
        question = _WHEN_CLAUSE.sub(" ", question)
    return _ASKS_ABOUT_THE_VISIT.search(question) is not None


# A grade row for the service as a whole: "Overall effectiveness: Inadequate", "The overall judgement is Good",
# a council's own account of it ("Our overall judgement is Requires Improvement").
# Older reports open with "Children's services in Birmingham are inadequate".
OVERALL_GRADE = re.compile(r"(?:the |our )?overall (?:effectiveness|judgement)\b|children's services in\b", re.I)
# The judgement nearest the whole service in a report that gives no overall grade (from April 2026).
LEADERSHIP_GRADE = re.compile(r"the impact of leaders\b", re.I)

# A heading under which a report or letter sums up its findings: "Headline findings", "Overview",
# "Executive summary", "Summary" (not "Summary for children and young people").
SUMMARY_HEADING = re.compile(r"(?:headline findings|overview|executive summary|summary(?: of findings)?)\s*:?\s*$", re.I)

# "What needs to improve?", "Areas for priority action", "Recommendations", and the bullets after
# "…the following areas of weakness:": where a report lists what the authority must do.
# "…: requires improvement to be good" judgement headings do not match.
IMPROVEMENT_HEADING = re.compile(
    r"\b(?:what\s+needs\s+to\s+improve|areas?\s+(?:for|of)\s+(?:improvement|development|priority\s+action|weakness)"
    r"|priority\s+actions?|following\s+areas|recommendations?)\b",
    re.I,
)
# What a question calls what went wrong: "problems", "concerns", "failings"…
_PROBLEMS = r"(?:problems?|concerns?|issues?|shortcomings?|challenges?|failings?|weakness(?:es)?|worry|worries)"
_PROBLEMS_WITH = re.compile(
    rf"\b{_PROBLEMS}\s+(?=(?:with|around|about)\s+\w)"
    # "Which councils struggled with recruiting social workers?", "…have had difficulty recruiting foster carers?"
    r"|\bstruggl(?:e|es|ed|ing)\s+(?=(?:with|to)\s+\w)|\b(?:have|has|had|having|face[sd]?|facing)\s+(?:\w+\s+)?difficult(?:y|ies)\s+(?=\w)",
    re.I,
)
_ASKS_FOR_IMPROVEMENTS = re.compile(
    r"\b(?:to\s+improve|needs?\s+(?:to\s+)?improv\w*|areas?\s+for\s+(?:improvement|development|priority\s+action)"
    r"|priority\s+actions?|recommend\w*|improvements?\s+(?:needed|required|asked|wanted|identified)"
    r"|what\s+(?:should|must)\b[^?]*\bimprove|weak(?:ness|nesses)|failings?|not\s+(?:yet\s+)?good\s+enough"
    # "What should Tameside do next?", "What does Swindon need to do?", "next steps"
    r"|what\s+(?:should|must)\b[^?]*\bdo\b|\bneeds?\s+to\s+do\b|\bnext\s+steps\b"
    # "What should Bury prioritise?", "What does Swindon need to work on?", "Where is Kent weakest?"
    r"|\bwhat\s+(?:should|must|does|do)\b[^?]*\b(?:prioriti[sz]e|focus\s+on|work\s+on)\b|\bweak(?:est|er)\b"
    # "What are the biggest problems in Swindon?", "…the recurring problems…", "What went wrong in Tameside?"
    r"|\b(?:biggest|main|key|major|most\s+serious|greatest|worst|most\s+pressing|recurring|recurrent|persistent|persisting"
    rf"|long-?standing|ongoing|continuing|remaining|repeated|common)\s+{_PROBLEMS}"
    # "What are the problems in Swindon?", "What were Tameside's failings?", "What issues does Bury face?"
    rf"|\bwhat\s+(?:are|were)\s+(?:the\s+|its\s+|their\s+|[\w-]+['’]s\s+)?{_PROBLEMS}\b"
    rf"|\bwhat\s+{_PROBLEMS}\s+(?:does|did)\b[^?]*\b(?:have|has|face|faced)\b"
    r"|\bwhat(?:\s+went|\s+goes|(?:'s|’s|\s+is)\s+going|(?:'s|’s|\s+has)\s+gone)\s+wrong\b|\bwhat(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:wrong|not\s+working|(?:so\s+)?(?:bad|poor)\s+(?:about|in|with))\b"
    # "What concerns did Ofsted raise about Blackpool?"
    # "What worries did inspectors have?", "What concerns were raised about Blackpool in 2025?"
    rf"|\bwhat\s+{_PROBLEMS}\s+(?:did|do|does|has|have|were)\s+(?:ofsted|(?:the\s+)?inspectors?|the\s+(?:report|inspection))\b"
    rf"|\bwhat\s+{_PROBLEMS}\s+(?:were|was|have\s+been|has\s+been)\s+(?:raised|identified|found|highlighted|flagged|noted)\b(?!\s+by\b)"
    r"|\b(?:raised?|raising)\s+(?:any\s+)?concerns?\b"
    # "Were there any concerns about Dorset in 2025?" (not "Are there problems with care leavers'
    # accommodation in Kent?", asked of a topic)
    r"|\b(?:were|are|was|is)\s+there\s+(?:any\s+|still\s+|some\s+)?(?:concerns?|worries)\b"
    # "What did Ofsted criticise in Swindon?", "What were the criticisms?" (not "Did Ofsted criticise
    # leadership?", asked of a topic)
    r"|\bwhat\b[^?]*\bcritici[sz]\w*|\bcriticisms\b)",
    re.I,
)
# The words such a question asks with, not its topic: the report's own list answers it, whatever it
# calls the problems ("…to inform next steps" or "one concern" does not).
IMPROVEMENT_FRAME = frozenset(
    tokenize(
        [
            "next steps biggest main key major serious greatest worst pressing problem problems concern concerns "
            "issue issues shortcoming shortcomings challenge challenges failing failings weakness weaknesses wrong working "
            "recommend recommends recommended recommendation recommendations weakest weaker prioritise prioritize focus "
            "recurring recurrent persistent persisting long standing longstanding ongoing continuing remaining repeated common face faced "
            # "What concerns did Ofsted raise?", "What weaknesses did inspectors identify?", "What did Ofsted criticise?"
            "raise raised raises raising identify identified criticise criticised criticize criticized criticism criticisms "
            "worry worries found highlighted flagged noted bad poor "
            # "What must Cumberland improve?", "What did Ofsted ask Blackpool to improve?", "…tell Bury to do?"
            "must should ask asked asks tell told want wanted"
        ]
    )[0]
)


# "What are BCP's strengths?", "What is working well in Kent?", "What is Dorset good at?"
# Not "Do social workers identify the strengths in families?": a topic of practice.
_ASKS_FOR_STRENGTHS = re.compile(
    r"(?:'s|\u2019s|\bits|\btheir|\bmain|\bkey|\bbiggest|\bgreatest|\bparticular|\bareas\s+of)\s+strengths?\b"
    r"|\bstrengths?\s+of\b|\bwhat\s+are\s+(?:the\s+)?strengths\b"
    r"|\b(?:working|doing|done|going)\s+well\b|\b(?:good|best)\s+at\b|\bpositives?\b|\bgood\s+practice\b|\bstrong(?:est|er)\b"
    r"|\bwhat(?:'s|\s+is|\s+are)\s+(?:good|working)\b"
    # "What did Ofsted praise in Dorset?", "What was commended?", "What went well?", "What did the
    # inspectors like about Dorset?"
    # (not "What do children like about living in Kent?", their liking a topic)
    r"|\b(?:prais\w*|commend\w*|went\s+well|(?:ofsted|inspectors?|hmis?)\s+lik(?:e|ed)\s+about)\b",
    re.I,
)


def asks_for_strengths(question: str) -> bool:
    """What an authority does well, not what it must improve ("strengths and weaknesses" asks both)."""
    return _ASKS_FOR_STRENGTHS.search(question) is not None and not asks_for_improvements(question)


def asks_both_ways(question: str) -> bool:
    """"What are BCP's strengths and weaknesses?": what it does well and what it must improve."""
    return _ASKS_FOR_STRENGTHS.search(question) is not None and asks_for_improvements(question)


def strengths_words(question: str) -> frozenset[str]:
    """Stems of the words asking for strengths: how the question is put, not its topic ("strengths"
    would find "the strengths in the family network")."""
    return stem_set(" ".join(m.group() for m in _ASKS_FOR_STRENGTHS.finditer(question)))


def asks_for_improvements(question: str) -> bool:
    """True when the question asks what an authority was told to improve (not whether it improved, nor
    whether its leaders knew its weaknesses)."""
    return _ASKS_FOR_IMPROVEMENTS.search(question) is not None and not (_ASKS_SELF_AWARENESS.search(question) or _TOOK_TO_IMPROVE.search(question))


# "How long did it take Bradford to improve?", "How long will it take…": the time until it improved.
_TOOK_TO_IMPROVE = re.compile(r"\b(?:take|takes|took|taken|taking)\b[^?]*\bto\s+improve\b", re.I)


# "Did Swindon's leaders understand their weaknesses?", "Are leaders aware of the problems?": how well
# leaders know their service, a finding of its own ("senior leaders were not fully aware of the severity
# of weaknesses"), not the report's list of what must improve.
_ASKS_SELF_AWARENESS = re.compile(
    rf"\b(?:understand|understood|know|knew|aware|recogni[sz]e|recogni[sz]ed|grasp|see|saw)\b[^?]*\b(?:{_PROBLEMS}|weak(?:ness|nesses))\b",
    re.I,
)


def topic_weights(
    question: str, drop: frozenset[str] = frozenset(), rarity: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The question's topic stems (generic words left out), each weighted by how rare it is in the
    corpus (``rarity``, e.g. inverse document frequency) so "leaver" outweighs "support"; all 1 without."""
    generic = GENERIC_WORDS - _AREA_IN_GENERIC_WORDS if _CHILDREN_IN_CARE.search(question) else GENERIC_WORDS
    return {
        t: (rarity.get(t, 0.0) if rarity is not None else 1.0)
        for t in question_terms(question, drop)
        if t not in generic
    }


# "Which councils are outstanding for children in care?": a judgement area named in generic words, kept as
# the topic so that area's grade row is the one asked for (with none left, no row was).
_CHILDREN_IN_CARE = re.compile(r"\bchildren\s+in\s+care\b", re.I)
_AREA_IN_GENERIC_WORDS = frozenset({"children", "care"})


# A judgement area ("The experiences and progress of care leavers") is the one asked about when it
# names at least this weighted share of the question's topic words.
AREA_MATCH = 0.5


def coverage(terms: Mapping[str, float], text_stems: frozenset[str]) -> float:
    """Weighted share of the question's terms found in a text: 0 (none) to 1 (all)."""
    total = sum(terms.values())
    if total == 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in text_stems) / total


# "The impact of leaders on social work practice with children and families" judges the leaders: its
# other words are those of every report ("Which councils work well with families?" is not about it).
_LEADERSHIP_AREA = stem_set("leaders leadership led")
_SAFETY = stem_set("safe safely safety safer unsafe safeguarding")


def area_coverage(terms: Mapping[str, float], area_stems: frozenset[str]) -> float:
    """How far a judgement area ("The experiences and progress of care leavers") is the one the question
    asks about: ``coverage`` of the question's words other than those asking for a verdict ("judged",
    "good"), which every grade shares. The area is the one asked about at AREA_MATCH or more."""
    if area_stems & _LEADERSHIP_AREA:
        area_stems = _LEADERSHIP_AREA  # asked of "leadership" or "leaders" alike
    asked = {t: w for t, w in terms.items() if t not in VERDICT_WORDS}
    if _AREA_IN_GENERIC_WORDS <= asked.keys() and "children" not in area_stems:
        return 0.0  # asked of children in care, "care leavers" shares only "care"
    if "protect" in area_stems:
        # "Are children in Bradford safe?" asks of help and protection, in the reader's words.
        asked = {("protect" if t in _SAFETY else t): w for t, w in asked.items()}
    return coverage(asked, area_stems)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """How much of the smaller set the larger holds: 1 when one sentence repeats the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_GOING = stem_set("go going goes gone went")


def phrases_asked(question: str, drop: frozenset[str] = frozenset()) -> frozenset[tuple[str, str]]:
    """The question's neighbouring topic words ("quality assurance"): not names (``drop``), how it is
    asked, its times, numbers, or words every report says ("social work")."""
    return adjacent_pairs(without_frame(question), drop | QUESTION_WORDS | time_stems() | GENERIC_WORDS | DOCUMENT_WORDS)


@lru_cache(maxsize=8192)
def said_pairs(text: str) -> frozenset[tuple[str, str]]:
    """The neighbouring words ``text`` says (``adjacent_pairs``), remembered: sentences recur across questions."""
    return adjacent_pairs(text)


def sections_named(question: str) -> list[str]:
    """The sections of an Act the question names ("section 47 enquiries", "s20"), as "section N"."""
    return [f"section {t[7:]}" for t in dict.fromkeys(stems(question)) if SECTION_TOKEN.fullmatch(t)]


def topic_terms(question: str, drop_terms: frozenset[str] = frozenset()) -> dict[str, float]:
    """The question's words a sentence answering it shares, weighted (``question_terms``), less the words
    of what is given rather than asked: "what must improve" in "What did Ofsted tell BCP to improve?", and
    the judgement in "Why was Bradford judged inadequate in 2022?", whose reasons are asked (a sentence
    restating it, "In September 2018, Bradford… was judged to be inadequate", or sharing its word, "rag
    rating", gives no reason)."""
    # "What's going wrong in Trafford?": "going" is the asking, and "children who go missing" no answer.
    given = IMPROVEMENT_FRAME | _GOING if asks_for_improvements(question) else frozenset()
    terms = question_terms(question, drop_terms | given)
    return {t: w for t, w in terms.items() if t not in VERDICT_WORDS} if asks_why(question) else terms


# "What is a focused visit?", "What does 'requires improvement' mean?", "What does ILACS stand for?": what a
# term means, of no report in particular.
_DEFINITION = re.compile(
    r"^\s*what\s+(?:is|are)\s+(?:an?|the\s+meaning\s+of)\s|^\s*what\s+do(?:es)?\b.*\b(?:mean|stands?\s+for)\b", re.I
)
_STANDS_FOR = re.compile(r"\bstands?\s+for\b", re.I)
_WHAT_ARE = re.compile(r"^\s*what\s+(?:is|are)\s+(?P<term>[^?]+?)\s*\??\s*$", re.I)
_PERIOD_COVERED = re.compile(r"^\s*(?:on\s+)?(?:what|which)\s+(?:dates?|period|days)\b(.*)\bcover(?:s|ed)?\b", re.I)
# "What is the difference between a focused visit and a monitoring visit?": two terms, not two reports.
_DIFFERENCE = re.compile(
    r"^\s*(?:what(?:['’]s|\s+is|\s+are)\s+the|is\s+there\s+(?:a|any))\s+differences?\s+between\b"
    # "How does a focused visit differ from a monitoring visit?", "How is a focused visit different to an inspection?"
    r"|^\s*how\s+(?:does|do|is|are)\s+(?:an?\s+)?[^?]+?\s+(?:differ|different)\s+(?:from|to)\b",
    re.I,
)


def asks_for_definition(question: str) -> bool:
    """"What is a focused visit?", "What does 'requires improvement' mean?": what a term means; so does
    the difference between two terms of inspection (not between two years or two authorities)."""
    if _DEFINITION.match(question):
        return True
    if (bare := _WHAT_ARE.match(question)) and is_term(bare["term"]):
        return True  # "What are areas for priority action?", "What is ILACS?": the term and nothing else
    return bool(_DIFFERENCE.match(question)) and len(terms_named(question)) >= 2 and not re.search(r"\b(?:19|20)\d\d\b", question)


def asks_plainly(question: str, drop_terms: frozenset[str] = frozenset()) -> bool:
    """"What did the 2023 focused visit to Dorset find?", "How is Kent doing?", "Summarise the 2025 Bury
    report", "Why was Bradford judged inadequate?": no topic, and none of the questions one kind of line
    answers (when, who, what the visit covered, what must improve, what works well, a count, a duration,
    a grade listed). A report's own summary answers it, read in its own order."""
    return not (
        # "What's Ofsted's view of Norfolk?", "Has Kent got worse?": a verdict on the whole is no topic.
        names_a_topic(t for t in topic_terms(question, drop_terms) if t not in VERDICT_WORDS)
        or is_grade_question(question) or asks_about_the_visit(question) or asks_for_dates(question, drop_terms) or asks_who_inspected(question)
        or asks_what_visit_covered(question) or asks_for_improvements(question) or asks_for_strengths(question)
        or asks_both_ways(question) or listed_grades(question) or asks_how_long(question) or asks_how_many(question)
        or asks_for_definition(question)  # "What is a focused visit?": the term is the topic
    )
