"""What a question says about time: a date range, whether it asks how things changed, "latest".

Pure functions over the question text. Dates are ISO strings; ranges are inclusive. A year
means the whole year ("in 2022" is 2022-01-01 to 2022-12-31), a month the whole month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "both": 2, "couple of": 2,
}
# A count of years or months, in figures or words: "the last 5 years", "the past ten years".
_SPAN_COUNT = r"(?P<n>\d+|" + "|".join(w for w in _NUMBER_WORDS if w not in ("both", "couple of")) + ")"

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d\d"
# A question put as a sentence, not as search words: it asks ("What…", "Has…", "Summarise…") or ends on "?".
_SENTENCE = re.compile(
    r"\?|^\s*(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|did|does|do|has|have|had|can|could|should|would|will"
    r"|tell|show|give|list|summari[sz]e|describe|explain|compare)\b",
    re.I,
)


def reads_as_sentence(question: str) -> bool:
    """Whether the question is put as a sentence ("What did Ofsted say about Dorset in 2025?") rather
    than typed as search words ("dorset care leavers 2025")."""
    return _SENTENCE.search(question) is not None
# Two years written as one, as for a financial or school year: "2022-23", "2019/20".
_YEAR_PAIR = rf"{_YEAR}[-/]\d\d(?![\d-])"
# A date as people write it in questions: "2021", "December 2021", "2 December 2021", "Dec. 2021", "2022-23".
_DATE = rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+{_YEAR}|{_YEAR_PAIR}|{_YEAR})"
_D = rf"(?P<d>{_DATE})"
_NOUN = (
    r"(?:full\s+|ilacs\s+|focused\s+|monitoring\s+|joint\s+|send\s+)*(?:(?:re-?)?inspections?|visits?|reports?|letters?|documents?"
    r"|judgements?|judgments?|ratings?|grades?|recommendations?|priority\s+actions?|findings)"
)
# "the 2019 focused visit" refers to a time by its event: allowed wherever a date is.
_REF = r"(?:(?:the|its|their|an?|[a-z][\w-]*['’]s)\s+)?"  # "the", "its", "ofsted's", "bournemouth's"
_REF_NOUN = rf"(?:(?:'s)?\s+{_NOUN})?"
# Words between a date and its noun: "the 2024 BCP inspection", "the 2022 Ofsted report".
_BETWEEN = r"(?:\s+(?!(?:and|or|to|until|till|since|before|after|than|with)\b)[\w'’-]+){0,3}?"
# "in 2021 and in 2025", "during 2019, 2021 and 2024", "in both 2018 and 2023": a list of separate times.
_LIST = rf"\b(?:in|during)\s+(?:both\s+)?{_DATE}(?:\s*,\s*(?:in\s+|during\s+)?{_DATE})*\s*,?\s+and\s+(?:in\s+|during\s+)?{_DATE}\b"
# "Compare…", "…versus…", "What is the difference between…?", "How does X's 2025 inspection differ from 2021?"
_COMPARE = (
    r"\b(?:compar(?:e|ed|es|ing|ison)|versus|vs|differences?\s+between|differ(?:s|ed)?"
    r"|in\s+common|similar(?:ity|ities)?|alike|contrast(?:s|ed|ing)?)\b"  # "What do Bury and Trafford have in common?"
)
# The day councils were merged or split: "the merger", "the reorganisation", "BCP was formed", "it was split".
_MERGER = (
    r"(?:the\s+)?(?:merger|reorgani[sz]ation|split|break-?\s?up|abolition|disaggregation|creation\s+of\s+\w+"
    r"|(?:[\w']+\s+){1,3}?was\s+(?:formed|created|split(?:\s+up)?|broken\s+up|abolished|divided|replaced)"
    # "since it split", "since they merged", not "since they split the team"
    r"|(?:[\w']+\s+){1,3}?(?:split(?:\s+up)?|merged|came\s+into\s+(?:being|existence))(?=\s*(?:$|[?.,;:!)]|(?:in|into|and|on)\b)))"
)

# The children's trust an authority's services moved to: "before the trust", "since Birmingham Children's
# Trust was set up", "under the new trust", "after the move to a trust".
_TRUST = (
    r"(?:(?:the|its|their|a)\s+(?:[\w'’-]+\s+){0,3}?|(?:[\w'’-]+\s+){0,3}?(?:children['’]?s?|families)\s+)trust\b"
    r"(?:\s+(?:was\s+|were\s+)?(?:set\s+up|created|formed|established|launched|began|started|took\s+over|came\s+in|went\s+live))?"
)

# Ofsted's frameworks for inspecting local authority children's services, by the dates they applied:
# "under the SIF", "under ILACS", "under the new framework" (from April 2026, no overall grade).
FRAMEWORKS: tuple[tuple[str, str, str | None, str], ...] = (
    (r"\b(?:the\s+)?(?:sif|single\s+inspection\s+framework)\b", "2013-11-01", "2017-12-31",
     "the single inspection framework, Nov 2013 to Dec 2017"),
    (r"\b(?:the\s+)?(?:new|renewed|current|latest|present|2026)\s+(?:inspection\s+|ilacs\s+)?framework\b"
     r"|\b(?:since|after|following)\s+the\s+(?:inspection\s+)?framework\s+changed\b",
     "2026-04-01", None, "Ofsted's framework from April 2026, with no overall grade"),
    (r"\b(?:the\s+)?(?:old|previous|former|earlier)\s+(?:inspection\s+|ilacs\s+)?framework\b"
     r"|\bbefore\s+the\s+(?:inspection\s+)?framework\s+changed\b",
     "2018-01-01", "2026-03-31", "ILACS before April 2026, with an overall grade"),
    (r"\b(?:the\s+)?ilacs(?:\s+framework)?\b(?!\s+(?:inspections?|reports?|visits?))", "2018-01-01", None, "ILACS, from Jan 2018"),
)


# The pandemic as a time: "before COVID", "since the pandemic", "post-pandemic". England's first lockdown
# began on 23 March 2020 and its last restrictions ended on 24 February 2022.
_PANDEMIC = r"(?:the\s+)?(?:(?:covid(?:-?19)?|coronavirus)(?:\s+pandemic)?|pandemic|(?:first\s+)?lockdowns?)"
PANDEMIC_BOUND = re.compile(
    rf"\b(?P<side>before|prior\s+to|ahead\s+of|since|after|following)\s+{_PANDEMIC}\b"
    r"|\b(?P<pre>pre|post)-?\s?(?:covid(?:-?19)?|pandemic)\b",
    re.I,
)
_PANDEMIC_DURING = rf"\b(?:during|throughout)\s+{_PANDEMIC}\b"
_LOCKDOWN_BEGAN, _RESTRICTIONS_ENDED = date(2020, 3, 23), date(2022, 2, 24)


def frameworks_named(question: str) -> list[str]:
    """Ofsted's frameworks the question names, as written ("the SIF", "ILACS"), whether or not they
    date it ("the SIF inspection of Norfolk in 2015" is dated by its year)."""
    return [m.group() for pattern, *_ in FRAMEWORKS if (m := re.search(pattern, question, re.I))]


@dataclass(frozen=True)
class TimeIntent:
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    change_over_time: bool = False  # the question asks how something changed: spread evidence over periods
    latest: int | None = None  # the question asks about the N most recent inspections or visits
    latest_kind: str | None = None  # "inspection" or "visit" when the question names which, else None
    skip: int = 0  # ``latest`` counts after the most recent this many: "the previous inspection" skips 1
    earliest: bool = False  # ``latest`` counts from the oldest: "BCP's first inspection", "the earliest report"
    present: bool = False  # ``latest`` comes from "now", "these days"…: dates set by the user's options win
    # ``latest`` reaches on to now: "since its last inspection" is the one before the latest and every report
    # after it, the latest set against what it followed.
    onward: bool = False
    merger: str | None = None  # "before" or "after" when the question dates itself by a merger
    trust: str | None = None  # "before" or "after" when it dates itself by the authority's children's trust
    baseline: str | None = None  # "Did BCP improve after 2021?": the time, as written, a change is measured from
    # What dates the question, as the note names it: Ofsted's framework ("under the new framework") or an
    # event ("before COVID": before the first COVID-19 lockdown).
    event: str | None = None
    phrases: tuple[str, ...] = ()  # the time expressions found, as written (keyword search leaves them out)
    # The separate times a question names ("in 2021 and in 2025"): only these parts of since–until count.
    points: tuple[tuple[str, str], ...] = ()
    # Years a report of since–until is asked about ("What did the 2024 inspection say about 2021?"): its
    # passages that name one.
    about: tuple[int, ...] = ()

    @property
    def has_range(self) -> bool:
        return self.since is not None or self.until is not None


def parse_date(text: str) -> tuple[date, date]:
    """The first and last day a written date covers: "2021" → the year, "Dec 2021" → the month.

    Also accepts ISO "2021-12" and "2021-12-02". Raises ValueError for anything else.
    """
    try:
        span = _parse_date(text.strip().lower().replace(",", " "))
    except ValueError as exc:  # "31 February 2021": name the date, not just the calendar's complaint
        raise ValueError(f"not a date: {text!r} ({exc})") from None
    if span is None:
        raise ValueError(f"not a date: {text!r} (give a year like 2018 or an ISO date like 2018-03-01)")
    return span


def _parse_date(t: str) -> tuple[date, date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
        return month_span(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}", t):
        return date(int(t), 1, 1), date(int(t), 12, 31)
    if m := re.fullmatch(rf"(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({_MONTH})\s+(\d{{4}})", t):
        year, month = int(m[3]), MONTHS[m[2].rstrip(".")]
        if m[1]:
            d = date(year, month, int(m[1]))
            return d, d
        return month_span(year, month)
    return None


def _written_span(text: str) -> tuple[date, date]:
    """``parse_date`` for a date written in a question, which may also be a pair of years ("2022-23":
    2022 and 2023). Only in questions: on its own "2011-12" is December 2011."""
    if (m := re.fullmatch(r"(\d{4})[-/](\d\d)", text.strip())) and int(m[2]) == (int(m[1]) + 1) % 100:
        return date(int(m[1]), 1, 1), date(int(m[1]) + 1, 12, 31)
    return parse_date(text)


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _months_back(today: date, months: int) -> date:
    """The same day ``months`` earlier, or the month's last day where it has no such day (29 February)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _count(word: str | None) -> int:
    if not word:
        return 1
    word = word.strip()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)


# --- change over time ---------------------------------------------------------------------------

# Idioms of a change for the better: "Has Tameside turned a corner?", "Is Bury on the right track?", "Has
# Bradford turned things around?".
TURNED_A_CORNER = re.compile(
    r"\bturn(?:ed|ing|s)?\s+(?:a|the)\s+corner\b|\bturn(?:ed|ing|s)?\s+(?:(?:it|things|itself|services)\s+)?around\b"
    r"|\bturnaround\b|\b(?:back\s+)?on\s+(?:the\s+)?right\s+track\b",
    re.I,
)

# "Trace the history of Bury's children's services", "What is the history of BCP?": every report, as a
# change over time (not "a history of domestic abuse").
HISTORY_OF = re.compile(
    r"^\s*(?:trace|outline|describe|summari[sz]e|tell\s+me(?:\s+about)?|give\s+me|what\s+(?:is|was))\s+"
    r"(?:the\s+|a\s+)?(?:brief\s+|short\s+|full\s+)?history\s+of\b",
    re.I,
)

_CHANGE = [
    TURNED_A_CORNER.pattern,
    HISTORY_OF.pattern,
    r"\bover\s+(?:the\s+)?(?:years|time|period|last\s+(?:few|several|\w+)\s+years|past\s+(?:few|several|\w+)\s+years)\b",
    # (and "How quickly did BCP improve after 2021?", "How much has Bury changed?")
    # ("How long did it take Bradford to improve?": the reports until it did)
    r"\bhow\s+(?:(?:quickly|fast|much|far|rapidly|slowly|long)\s+)?(?:has|have|had|did|do|does|is|are|was|were)\b.*\b(?:chang|improv|evolv|develop|progress|deteriorat|declin|worsen|shift|mov)\w*",
    r"^\s*what\s+changed\b",  # "What changed in Birmingham in the last decade?"
    r"\bhow\s+(?:has|have)\b.*\b(?:since|after|following)\b",
    r"\b(?:has|have|did)\b.*\b(?:changed|improved|evolved|deteriorated|declined|worsened|progressed|got(?:ten)?\s+(?:better|worse))\b",
    # "Did BCP improve?", not "Did Ofsted say BCP needs to improve?"
    r"^\s*did\b(?!.*\b(?:say|tell|find|recommend|ask|report|note|want)\b)"
    r".*\b(?:change|improve|evolve|deteriorate|decline|worsen|progress|get\s+(?:better|worse))\b",
    r"\b(?:is|are)\b.*\b(?:getting\s+(?:better|worse)|improving|deteriorating|declining|worsening)\b",
    r"\b(?:trend|trends|trajectory|timeline|improvement\s+journey)\b",
    # "Has Bradford's children's trust made a difference?", "Has the new DCS made any difference?"
    r"\b(?:has|have|did)\b.*\b(?:made|make)\s+(?:a|any|much\s+of\s+a|no|a\s+real)\s+difference\b",
    # "How long did BCP stay inadequate?": the reports either side of the grade, by date.
    r"\bhow\s+long\b.*\b(?:stay|stayed|remain|remained|been|was|were|is|are)\b.*\b(?:inadequate|outstanding|good|requires?\s+improvement)\b",
    # "When did Bradford stop being inadequate?", "When did BCP become good?", "Was Kent always outstanding?",
    # "Has Surrey ever been inadequate?": a grade's start or end, or its whole run.
    r"\bwhen\s+(?:did|was|were|has|have)\b.*\b(?:stop|stopped|cease|ceased|become|became|come\s+out|came\s+out|move|moved|go|went|get|got)\b"
    r".*\b(?:inadequate|outstanding|good|requires?\s+improvement)\b",
    r"^\s*(?:is|are|was|were|has|have)\b.*\b(?:always|ever)\b.*\b(?:inadequate|outstanding|good|requires?\s+improvement)\b",
    # "How many times has Tameside been inadequate?", "How often has Bradford been rated inadequate?": every report's grade.
    r"\bhow\s+(?:many\s+times|often)\b.*\b(?:inadequate|outstanding|good|requires?\s+improvement)\b",
    _COMPARE,
    r"\b(?:across|between|through)\s+(?:the\s+)?(?:inspections|visits|reports|years)\b",
    r"\b(?:each|every|successive|subsequent|previous|earlier)\s+(?:inspection|visit|report)s?\b",
    # "List all inspections of Norfolk", "all its Ofsted reports", "Kent's inspection history"
    r"\ball\s+(?:(?:the|its|their|of\s+(?:the|its|their))\s+)?(?:\w+\s+)?(?:inspections|visits|reports)\b",
    r"\blist\b.*\b(?:inspections|visits|reports)\b",
    r"\b(?:inspection|ofsted)\s+history\b",
    r"\bsince\s+(?:the\s+|its\s+|their\s+)?(?:last|previous|first|earlier|" + _YEAR + r")\b",
    r"\b(?:then\s+and\s+now|before\s+and\s+after|from\s+\S+\s+to\s+now)\b",
    # "Are children safer now than in 2018?", "Is Bury better than it was in 2021?": a time then, set against now.
    r"\b(?:\w+er|more|less|fewer)\b[^.?!]{0,40}?\bthan\s+(?:(?:it|they)\s+(?:was|were)\s+)?(?:(?:in|at|during)\s+)?(?:the\s+)?(?:\w+\s+)?(?:19|20)\d\d\b",
    # "What are the recurring problems in Swindon?", "…the long-standing concerns…", "What keeps coming up?":
    # what report after report says.
    r"\b(?:recurring|recurrent|persistent|persisting|repeated|long-?standing)\s+"
    r"(?:problems?|concerns?|issues?|weakness(?:es)?|failings?|shortcomings?|themes?|challenges?|difficult(?:y|ies))\b"
    r"|\b(?:time\s+and\s+(?:time\s+)?again|again\s+and\s+again|(?:keeps?|kept)\s+(?:coming\s+up|recurring|returning))\b",
    # "Are Bradford's services better than they were?", "Is Kent better than before?", "…than last time?": then and now.
    r"\b(?:better|worse|safer|stronger|weaker|more|less|fewer)\b[^.?!]{0,40}?\bthan\s+(?:(?:it|they)\s+(?:was|were|used\s+to\s+be)"
    r"|before|previously|last\s+time|(?:at\s+)?(?:the|its|their)\s+(?:last|previous)\s+(?:inspection|visit|report))\b",
]

# --- latest ------------------------------------------------------------------------------------

_NUM = r"(?P<n>\d|one|two|three|four|five|six|both|couple\s+of)"
_LATEST_MANY = [
    rf"\b(?:last|latest|most\s+recent|recent|past|previous)\s+{_NUM}\s+(?P<noun>{_NOUN})",
    rf"\b{_NUM}\s+(?:most\s+recent|latest|last)\s+(?P<noun>{_NOUN})",
]
_LATEST_ONE = (
    rf"\b(?:latest|most\s+recent|newest|current)\b(?:\s+(?:ofsted\s+)?(?P<noun>{_NOUN}))?"
    rf"|\b(?:the|its|their|a|[\w-]+['’]s)\s+(?:last|recent)\s+(?:ofsted\s+)?(?P<noun2>{_NOUN})"  # "Swindon's last inspection"
    r"|\b(?:last|most\s+recently)\s+(?P<verb>inspect(?:ed)?|visit(?:ed)?)\b"  # "when was Swindon last inspected?"
    r"|\b(?P<verb2>inspected|visited)\s+(?:(?:most\s+)?recently|last(?=\s*\??\s*$))|\brecently\s+(?P<verb3>inspected|visited)\b"  # "…inspected (most) recently?", "…inspected last?"
    # "When was the last time Ofsted inspected Kent?"; "…visited", as people say of inspections too, any report
    r"|\b(?:last|latest|most\s+recent)\s+time\b(?:\s+(?:that\s+)?(?:[\w'’-]+\s+){0,3}?(?P<verb4>inspected)\b)?"
    r"|\b(?:last|latest|most\s+recent)\s+(?:local\s+)?(?:authority|council)\s+to\s+(?:be|have\s+been)\s+(?P<verb5>inspected|visited)\b"
)
# "BCP's first inspection", "the earliest report", "When was Kent first inspected?"; not "since the
# first inspection", which dates a change.
_FIRST = (
    rf"\b(?:(?:the|its|their)\s+)?(?:first|earliest|oldest)\s+(?:ofsted\s+)?(?P<noun>{_NOUN})"
    r"|\bfirst\s+(?P<verb>inspected|visited)\b"
    r"|\b(?:first|earliest)\s+(?:local\s+)?(?:authority|council)\s+to\s+(?:be|have\s+been)\s+(?P<verb2>inspected|visited)\b"  # "Which was the first council to be inspected?"
)
# "Kent's previous inspection", "the penultimate report", "the inspection before last", "the second most
# recent visit": the one before the latest; not "since the previous inspection" (a change from it), "than
# the previous one" or "the previous inspections" (each of them).
_PREVIOUS_ONE = (
    rf"\b(?:previous|penultimate|second\s+(?:most\s+recent|latest|last))\s+(?:ofsted\s+)?(?P<noun>{_NOUN})"
    rf"|\b(?P<noun2>{_NOUN})\s+before\s+(?:last|the\s+(?:latest|last|most\s+recent)(?:\s+one)?)\b"
)
_PREVIOUS_AS_ANCHOR = (
    r"\b(?:since|after|following|than|from|until|before|compared\s+(?:with|to))\s+(?:the\s+|its\s+|their\s+|[\w'’]+['’]s\s+)?"
    r"(?:previous|penultimate)\b"
)
# "What did the 2024 inspection say about BCP in 2021?", "What did Kent's 2025 report find about 2022?": a
# report by its year, asked what it says of another time.
_SAYS_ABOUT = (
    rf"{_REF}(?P<d>{_DATE})(?:'s)?{_BETWEEN}\s+{_NOUN}\b[^?]{{0,40}}?\b(?:say|said|says|find|found|finds|write|wrote|note|noted"
    rf"|conclude|concluded|report|reported)\b[^?]{{0,60}}?\b(?:in|during|about|of|for)\s+(?P<ab>(?:the\s+(?:year\s+)?|[\w-]+['’]s\s+)?(?P<a>{_DATE})\b(?:{_BETWEEN}\s+{_NOUN}\b)?)"
)
# "How did BCP respond to the 2020 focused visit?", "its reaction to the 2021 inspection": what followed it.
# So does "Did BCP address the priority actions from 2020?" ("act on", "tackle", "implement", "follow up").
_RESPONDING_TO = (
    r"(?:(?:respond(?:ed|s)?|response|react(?:ed|s)?|reaction|act(?:ed|s)?|deliver(?:ed|s)?)\s+(?:to|on)"
    r"|address(?:ed|es)?|tackl(?:e|ed|es)|implement(?:ed|s)?|follow(?:ed|s)?\s+up(?:\s+on)?)"
)
# "Has Bury improved since its last inspection?", "Is Kent better than last time?": the latest report set
# against the one before it, and any since.
# ("…compare with the previous one?", "…compared with the one before?": the one is the report)
_SINCE_LATEST = (
    r"\b(?:since|after|following|from|than|compared?\s+(?:with|to)|compares\s+(?:with|to))\s+(?:(?:at|in|with)\s+)?(?:the\s+|its\s+|their\s+|[\w-]+['’]s\s+)?"
    rf"(?:(?:last|latest|most\s+recent|previous)\s+(?:(?:ofsted\s+)?(?P<noun>{_NOUN})|time|one)|one\s+before)\b"
)
_FIRST_AS_ANCHOR = r"\b(?:since|after|following|before|until)\s+(?:the\s+|its\s+|their\s+)?(?:first|earliest)\b"
_NOW = r"(?:now|today|date|the\s+present(?:\s+day)?)"
# "How good are Trafford's services now?" ("…these days?", "…at the moment?"): the latest report, when
# the question names no other time.
# So does "now" before a grade: "Which councils are currently rated inadequate?", "Is BCP now good?".
_NOW_AT_END = (
    r"\b(?P<w>now|currently|at\s+present|presently|nowadays|these\s+days|today|at\s+the\s+moment|right\s+now)"
    r"(?:\s*[?.!]?\s*$|\s+(?=(?:rated|judged|graded|inadequate|good|outstanding|requires?\s+improvement)\b))"
)


# "recently", "lately", "of late": the latest report (not "most recently", which names one).
_RECENTLY = r"(?<!most\s)\b(?:recently|lately|of\s+late)\b"


def _noun_kind(noun: str | None) -> str | None:
    if not noun:
        return None
    if "visit" in noun:
        return "visit"
    if "inspect" in noun:  # "inspections", "inspected"
        return "inspection"
    return None


def parse_time(
    question: str, today: date | None = None, merger_date: str | None = None, trust_date: str | None = None
) -> TimeIntent:
    """The time intent of a question.

    ``merger_date`` is the day the authority in scope came into being (e.g. 2019-04-01 for BCP):
    "before the merger" then means until the day before it, "since the merger" from it.
    ``trust_date`` is the day a children's trust took over its services (Bradford's, 2023-04-01), which
    "before the trust" and "since the trust was set up" mean alike.
    """
    today = today or date.today()
    q = re.sub(r"\s+", " ", question.lower().replace("\u2013", "-").replace("\u2014", "-"))
    since: date | None = None
    until: date | None = None
    phrases: list[str] = []

    def take(m: re.Match[str], group: str | int = 0) -> None:
        phrases.append(question_slice(question, q, m, group))

    # A range with both ends: "between 2019 and 2021", "from the 2020 visit to the 2024 inspection",
    # "2019-2021". Naming two times asks for both: spread the evidence.
    range_re = (
        rf"\b(?:between\s+{_REF}(?P<a>{_DATE}){_REF_NOUN}\s+and\s+{_REF}(?P<b>{_DATE}){_REF_NOUN}"
        rf"|from\s+{_REF}(?P<c>{_DATE}){_REF_NOUN}\s+(?:to|until|till|through)\s+{_REF}(?P<e>{_DATE}){_REF_NOUN}"
        rf"|(?P<f>{_YEAR})\s*(?:-|to)\s*(?P<g>{_YEAR}))\b"
    )
    points: list[tuple[date, date]] = []
    two_ended = False
    after: re.Match[str] | None = None  # "after 2021": the day after it, or, of a change, from it
    baseline: str | None = None
    about: tuple[int, ...] = ()
    if (m := re.search(_SAYS_ABOUT, q)) and _written_span(m["a"]) != _written_span(m["d"]):
        # "What did the 2024 inspection say about BCP in 2021?": that report, where it speaks of 2021.
        since, until = _written_span(m["d"])
        first, last = _written_span(m["a"])
        about = tuple(range(first.year, last.year + 1))
        take(m, "d")
        take(m, "ab")  # "Dorset's 2021 judgement": a time, its noun no topic
    elif m := re.search(_LIST, q):
        # Separate times, "in 2021 and in 2025", "in 2019, 2021 and 2024": those times, not the years between.
        points = sorted({_written_span(d) for d in re.findall(_DATE, m[0])})
        since, until = points[0][0], max(p[1] for p in points)
        two_ended = True
        take(m)
    elif re.search(_COMPARE, q) and (named := list(re.finditer(_DATE, q))) and len({d[0] for d in named}) >= 2:
        # "How did Surrey's 2025 inspection compare with 2022?", "the difference between the 2021 and
        # 2024 inspections": the times compared, not the years between.
        points = sorted({_written_span(d[0]) for d in named})
        since, until = points[0][0], max(p[1] for p in points)
        two_ended = True
        for d in named:
            take(d)
    elif m := re.search(range_re, q):
        first = m["a"] or m["c"] or m["f"]
        last = m["b"] or m["e"] or m["g"]
        since, until = _written_span(first)[0], _written_span(last)[1]
        two_ended = True
        take(m)
    else:
        if m := (
            re.search(rf"\b(?:since|starting|as\s+of|on\s+or\s+after)\s+(?:the\s+start\s+of\s+)?{_REF}{_D}{_REF_NOUN}", q)
            or re.search(rf"\b(?:from|between)\s+{_D}\s+(?:onwards?|on\b|forwards?|(?:up\s+)?(?:to|until|till|and)\s+{_NOW}\b)", q)
            # "since they were judged inadequate in 2019": the date closes the since-clause.
            or re.search(rf"\bsince\s+(?:[\w']+\s+){{1,6}}?(?:in|of|during)\s+{_D}", q)
            # "after being rated inadequate in 2021", "after it was judged inadequate in 2018", "after Bury was
            # inspected in 2021": that report on.
            or re.search(rf"\b(?:after|following)\s+(?:being|(?:[\w'’&-]+\s+){{1,5}}?(?:was|were))\s+(?:[\w']+\s+){{1,4}}?(?:in|during)\s+{_D}", q)
            # "Are children safer now than in 2018?", "better than they were in 2021": from then to now.
            or re.search(rf"\bthan\s+(?:(?:it|they)\s+(?:was|were)\s+)?(?:(?:in|at|during)\s+)?{_REF}{_D}", q)
        ):
            since = _written_span(m["d"])[0]
            take(m)
        elif m := (
            re.search(rf"\b(?:after|following|compared\s+(?:with|to)|{_RESPONDING_TO})\s+{_REF}{_D}(?:'s)?{_BETWEEN}\s+{_NOUN}", q)
            or re.search(rf"\b(?:after|following|{_RESPONDING_TO})\s+{_REF}{_NOUN}\s+(?:in|of|during)\s+{_D}", q)
        ):
            # "after the 2021 inspection" ("…the 2018 inadequate judgement"; "How did BCP respond to the
            # 2020 focused visit?", "What happened after the focused visit in 2020?"): its report and what
            # followed; the event itself counts.
            since = _written_span(m["d"])[0]
            take(m, "d")
        elif m := re.search(
            rf"\b{_RESPONDING_TO}\s+{_REF}(?:{_NOUN}|weaknesses|failings|concerns|shortcomings|areas?\s+for\s+(?:improvement|priority\s+action))"
            rf"\s+(?:from|of|in|(?:made|set|raised|found|identified)\s+(?:in|by))\s+{_REF}{_D}",
            q,
        ):
            # "Did BCP address the priority actions from 2020?": that report's, and what followed it.
            since = _written_span(m["d"])[0]
            take(m, "d")
        elif m := re.search(rf"\bafter\s+(?P<end>the\s+end\s+of\s+)?{_D}", q):
            since = _written_span(m["d"])[1] + timedelta(days=1)
            after = m
            take(m)
        if m := re.search(rf"\bbefore\s+{_REF}{_D}", q):
            until = _written_span(m["d"])[0] - timedelta(days=1)
            take(m)
        elif m := re.search(rf"\b(?:until|till|up\s+to|by|through|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?{_REF}{_D}", q):
            until = _written_span(m["d"])[1]
            take(m)
        if since is None and until is None and (
            m := re.search(r"\b(?:in|during|throughout|over)\s+the\s+(?:(?P<part>early|mid|late)[\s-]+)?(?P<decade>(?:19|20)\d0)['’]?s\b", q)
        ):
            # "in the 2010s": the decade; "the late 2010s", its last four years.
            first, last = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(m["part"] or "", (0, 9))
            start = int(m["decade"])
            since, until = date(start + first, 1, 1), date(start + last, 12, 31)
            take(m)
        if since is None and until is None:
            if m := re.search(rf"\b(?:in|during|throughout|within|for|from)\s+(?:the\s+year\s+)?{_D}", q):
                since, until = _written_span(m["d"])
                take(m)
            elif m := re.search(rf"(?:\b(?:the|its|their|ofsted's|a)\s+)?{_D}(?:'s)?{_BETWEEN}\s+{_NOUN}", q):
                # "the December 2021 inspection", "the 2024 BCP inspection": the date is time, the noun is topic.
                since, until = _written_span(m["d"])
                take(m, "d")

    # Relative to today.
    if since is None and until is None:
        if m := re.search(rf"\b(?:in\s+|over\s+)?(?:the\s+)?(?:last|past|previous)\s+{_SPAN_COUNT}\s+years?\b", q):
            since = _months_back(today, 12 * _count(m["n"]))
            take(m)
        elif m := re.search(r"\b(?:in\s+|over\s+)?(?:the\s+)?(?:last|past|previous)\s+decade\b", q):
            since = _months_back(today, 120)  # "in the last decade": ten years back from today
            take(m)
        elif m := re.search(
            rf"\b(?:in\s+)?(?:the\s+)?(?:last|past|previous)\s+{_SPAN_COUNT}\s+months?\b"
            r"|\b(?:in\s+)?(?:the\s+(?:last|past|previous)|past)\s+(?P<year>year)\b", q
        ):
            # "in the last 12 months", "in the past year": back from today ("last year" alone is the calendar year).
            since = _months_back(today, 12 if m["year"] else _count(m["n"]))
            take(m)
        elif m := re.search(r"\blast\s+year\b", q):
            since, until = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
            take(m)
        elif m := re.search(r"\bthis\s+year\b", q):
            since, until = date(today.year, 1, 1), date(today.year, 12, 31)
            take(m)

    # A date standing by itself in words typed as into a search box: "dorset care leavers 2025", "Bury
    # December 2021". In a sentence a bare year is as likely what a report says ("…due to be republished
    # in early 2025") as when it was written.
    # So does one closing a sentence right after a name: "Key findings for Kent 2022?".
    named_then_date = re.search(rf"[A-Z][\w'’-]*\s+{_DATE}\s*\??\s*$", re.sub(r"\s+", " ", question))
    if since is None and until is None and (named_then_date or not reads_as_sentence(q)):
        if m := re.search(rf"(?<![\w£$,./-]){_D}(?![\w,./%-])", q):
            since, until = _written_span(m["d"])
            take(m)

    # By Ofsted's framework of the time: "How did Blackpool do under the new framework?"
    named_event: str | None = None  # (not "event": the loop below names the trust and merger so)
    if since is None and until is None:
        for pattern, start, end, label in FRAMEWORKS:
            if m := re.search(pattern, q):
                since, until, named_event = date.fromisoformat(start), end and date.fromisoformat(end), label
                if before := re.search(r"\b(?:before|prior\s+to)\s+$", q[: m.start()]):
                    # "How did Ofsted grade Surrey before the ILACS framework?": until it began.
                    since, until, named_event = None, date.fromisoformat(start) - timedelta(days=1), "before " + label
                    take(before)
                take(m)
                break

    # Relative to the pandemic: "What did Ofsted find in Bury before COVID?"
    if since is None and until is None and (m := PANDEMIC_BOUND.search(q)):
        side = (m["side"] or m["pre"]).split()[0]
        if side in ("before", "prior", "ahead", "pre"):
            until, named_event = _LOCKDOWN_BEGAN - timedelta(days=1), "before the first COVID-19 lockdown"
        elif side == "since":
            since, named_event = _LOCKDOWN_BEGAN, "from the first COVID-19 lockdown"
        else:
            since, named_event = _RESTRICTIONS_ENDED + timedelta(days=1), "after England's last COVID-19 restrictions ended"
        take(m)
    elif since is None and until is None and (m := re.search(_PANDEMIC_DURING, q)):
        # (not taken: what the passages of that time say of the pandemic is asked too)
        since, until = _LOCKDOWN_BEGAN, _RESTRICTIONS_ENDED
        named_event = "the pandemic: from the first lockdown to the end of England's restrictions"

    # Relative to the day the services changed hands: a children's trust took them over, or councils merged.
    dated_by: dict[str, str] = {}  # "trust" or "merger": "before" or "after"
    for event, pattern, day in (("trust", _TRUST, trust_date), ("merger", _MERGER, merger_date)):
        if m := re.search(rf"\b(?:before|prior\s+to|ahead\s+of)\s+{pattern}|\bpre-?\s?{event}\b", q):
            dated_by[event] = "before"
            if day and until is None:
                until = date.fromisoformat(day) - timedelta(days=1)
        elif m := re.search(
            # ("Has Bradford's children's trust made a difference?": since it took over)
            rf"\b(?:since|after|following|under)\s+{pattern}|\bpost-?\s?{event}\b|\b(?<=has\s){pattern}(?=\s+(?:made|make)\b)", q
        ):
            dated_by[event] = "after"
            if day and since is None:
                since = date.fromisoformat(day)
        if m:
            take(m)
            break

    latest: int | None = None
    latest_kind: str | None = None
    earliest = False
    present = False
    change = two_ended or any(re.search(p, q) for p in _CHANGE)
    if change and after and not after["end"] and since == _written_span(after["d"])[1] + timedelta(days=1):
        # "Did BCP's care leaver offer improve after 2021?": a change from 2021, which is its baseline.
        since = _written_span(after["d"])[0]
        baseline = question_slice(question, q, after, "d")
    skip = 0
    onward = False
    previous = re.search(_PREVIOUS_ONE, q)
    if since is None and until is None and (m := re.search(_SINCE_LATEST, q)) and (change or not m.group(0).lower().startswith("from")):
        # ("What's the headline from Kent's latest report?" takes it from that report: no change asked)
        latest, latest_kind, onward, change = 2, _noun_kind(m["noun"]), True, True
        take(m)
    elif (
        previous and not (previous["noun"] or previous["noun2"]).endswith("s") and not re.search(_PREVIOUS_AS_ANCHOR, q)
        and not any(re.search(p, q[: previous.start()] + " " + q[previous.end() :]) for p in _CHANGE)
    ):
        # (a change asked besides, "How did the previous inspection compare with the latest?", keeps both)
        latest, latest_kind, skip, change = 1, _noun_kind(previous["noun"] or previous["noun2"]), 1, two_ended
        take(previous)
    elif (m := re.search(_FIRST, q)) and not re.search(_FIRST_AS_ANCHOR, q):
        latest, latest_kind, earliest = 1, _noun_kind(m["noun"] or m["verb"] or m["verb2"]), True
        take(m)
    elif m := next((m for pattern in _LATEST_MANY if (m := re.search(pattern, q))), None):
        latest, latest_kind = max(_count(m["n"]), 1), _noun_kind(m["noun"])
        change = change or latest > 1
        take(m)
    elif (m := re.search(_LATEST_ONE, q)) and not re.search(r"\bsince\s+(?:the\s+|its\s+|their\s+|[\w-]+['’]s\s+)?(?:last|latest|most\s+recent)\b", q):
        latest, latest_kind = 1, _noun_kind(m["noun"] or m["noun2"] or m["verb"] or m["verb2"] or m["verb3"] or m["verb4"] or m["verb5"])
        take(m)
    elif not change and since is None and until is None and (m := re.search(_NOW_AT_END, q)):
        latest, present = 1, True
        take(m, "w")
    elif since is None and until is None and (m := re.search(_RECENTLY, q)):
        # "What has Ofsted said recently about Bury?": its latest report; "Has anything changed in Swindon
        # recently?": the latest set against the one before it, and every source since.
        latest, present, onward = (2, False, True) if change else (1, True, False)
        take(m)

    return TimeIntent(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        change_over_time=change,
        latest=latest,
        latest_kind=latest_kind,
        skip=skip,
        earliest=earliest,
        present=present,
        onward=onward,
        merger=dated_by.get("merger"),
        trust=dated_by.get("trust"),
        baseline=baseline,
        event=named_event,
        phrases=tuple(phrases),
        points=tuple((a.isoformat(), b.isoformat()) for a, b in points),
        about=about,
    )


def question_slice(question: str, normalised: str, m: re.Match[str], group: str | int = 0) -> str:
    """The matched phrase (or one group of it) as the user wrote it (the match ran on a lower-cased copy)."""
    if len(question) == len(normalised):
        return question[m.start(group) : m.end(group)]
    return m.group(group)
