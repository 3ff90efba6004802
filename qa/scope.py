"""Which passages a search may return: authorities (with their predecessors), dates, source kind, type.

A Scope is a filter applied before ranking, never a hint: retrieval only ranks passages it allows.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Sequence

from indexer.authorities import METROPOLITAN_COUNTIES, Authority, AuthorityTable
from indexer.metadata import month_label
from indexer.types import DOC_TYPES, Document
from qa.lexical import (
    WHICH_AUTHORITIES,
    asks_about_grading,
    asks_grade_tally,
    asks_for_best,
    asks_for_definition,
    asks_for_improvements,
    asks_for_verdict,
    asks_never,
    asks_when_next_visited,
    asks_which_covered,
    is_grade_question,
    listed_grades,
    times_asked,
)
from qa.query_terms import name_stems
from qa.timeparse import TimeIntent, parse_date, parse_time

log = logging.getLogger(__name__)

SOURCE_KINDS = ("primary", "secondary")


@dataclass(frozen=True)
class Scope:
    authorities: frozenset[str] | None = None  # resolved lineage ids (authority + predecessors); None = all
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    source_kind: str | None = None  # "primary" | "secondary"
    doc_types: frozenset[str] | None = None
    documents: frozenset[str] | None = None  # document ids, e.g. the latest inspection's; None = any
    # Separate times within since–until ("in 2021 and in 2025"): a passage must fall in one of them.
    spans: tuple[tuple[str, str], ...] = ()
    # Years a passage must name, whatever its date: the scope of "…judged in 2019?" when nothing in
    # scope is dated 2019 but later reports recall it ("…were judged inadequate in 2019").
    mentions: tuple[int, ...] = ()

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    def undated(self) -> "Scope":
        """The same scope at any date: what the corpus holds there, whatever the time asked."""
        return replace(self, since=None, until=None, spans=(), mentions=(), documents=None)

    def allows_document(self, document: Document) -> bool:
        """Everything but the date: the checks that hold for every passage of a document alike."""
        if self.authorities is not None and document.authority not in self.authorities:
            return False
        if self.source_kind is not None and document.source_kind != self.source_kind:
            return False
        if self.doc_types is not None and document.doc_type not in self.doc_types:
            return False
        if self.documents is not None and document.id not in self.documents:
            return False
        return True

    def allows_span(self, span: tuple[date | None, date | None]) -> bool:
        """Whether a passage dated ``span`` (first and last day) overlaps the date range.

        An undated passage is outside any date range: we cannot show it belongs there.
        """
        if not self.dated:
            return True
        first, last = span
        if first is None or last is None:
            return False
        if self.since is not None and last < date.fromisoformat(self.since):
            return False
        if self.until is not None and first > date.fromisoformat(self.until):
            return False
        return not self.spans or any(
            last >= date.fromisoformat(a) and first <= date.fromisoformat(b) for a, b in self.spans
        )

    def allows(self, document: Document, about_date: str | None = None) -> bool:
        """Whether a passage of ``document`` (about ``about_date``, where the text names one) is in scope.

        Dated by either its document's period or its own date: a passage of a 2022 report that
        recalls the 2019 judgement is evidence both from 2022 and about 2019. (Detecting the date a
        passage is about is heuristic; letting it remove a passage from its own report's period
        would lose evidence whenever a sentence mentions an earlier event.)
        """
        if not self.allows_document(document):
            return False
        return self.allows_span(document_span(document)) or (
            about_date is not None and self.allows_span(_span(about_date))
        )

    def about_outside(self, about_date: str | None) -> bool:
        """Whether the time a passage says it is about (``about_date``) lies outside the scope's dates ("What
        did the 2019 focused visit find?": the letter's recall of the 2016 inspection)."""
        return about_date is not None and self.dated and not self.allows_span(_span(about_date))

    def recalled(self, document: Document) -> bool:
        """Whether a passage of ``document`` is in scope for a time it speaks of, not for its document's
        own ("What happened in Bury in 2016?": the 2019 letter's recall of the 2016 inspection)."""
        return bool(self.mentions) or not self.allows_span(document_span(document))

    def describe(self, table: AuthorityTable) -> str:
        """One line for people, e.g. "BCP Council (and Bournemouth Borough Council, …) · since 2018 · primary sources"."""
        parts = [describe_authorities(self.authorities, table) if self.authorities is not None else "all authorities"]
        if self.dated:
            parts.append(describe_dates(self.since, self.until, self.spans))
        if self.mentions:
            parts.append(f"passages that mention {describe_years(self.mentions)}")
        if self.source_kind:
            parts.append(f"{self.source_kind} sources")
        if self.doc_types:
            parts.append(", ".join(sorted(self.doc_types)))
        if self.documents is not None:
            parts.append(f"{len(self.documents)} selected document{'s' if len(self.documents) != 1 else ''}")
        return " · ".join(parts)


def passage_span(document: Document, about_date: str | None = None) -> tuple[date | None, date | None]:
    """First and last day a passage is about: its own date where the text gives one, else its document's."""
    if about_date:
        return _span(about_date)
    return document_span(document)


def report_key(document: Document) -> tuple[str, str, str]:
    """One report however many copies the corpus holds (its PDF and a text copy): its authority, month and type."""
    return document.authority, (document.date or "")[:7], document.doc_type


def document_span(document: Document) -> tuple[date | None, date | None]:
    """First and last day of a document's period (inspection dates), else of its publication date."""
    start = document.period_start or document.published
    if not start:
        return None, None
    first = _span(start)[0]
    last = _span(document.period_end)[1] if document.period_end else _span(start)[1]
    return first, max(first, last) if first and last else last


def _span(iso: str) -> tuple[date | None, date | None]:
    try:
        return parse_date(iso)
    except ValueError:
        log.warning("ignoring unreadable date %r", iso)
        return None, None


# --- describing ---------------------------------------------------------------------------------


def describe_authorities(ids: frozenset[str], table: AuthorityTable) -> str:
    """Heads of lineage first ("BCP Council"), the bodies they replaced in brackets."""
    known = {a.id: a for a in table.authorities}
    predecessors = {p for i in ids if i in known for p in known[i].predecessors}
    heads = sorted((i for i in ids if i not in predecessors), key=lambda i: _name(i, known))
    rest = sorted((i for i in ids if i in predecessors), key=lambda i: _name(i, known))
    text = " and ".join(_name(i, known) for i in heads) or "no authority"
    if rest:
        text += f" (and {', '.join(_name(i, known) for i in rest)})"
    return text


def _name(authority_id: str, known: dict) -> str:
    a = known.get(authority_id)
    if a is None:
        return authority_id
    # The short alias people use ("BCP Council") reads better than a long official name.
    council_alias = next((x for x in a.aliases if x.endswith(" Council") and len(x) < len(a.name)), None)
    return council_alias or a.name


def in_words(items: Sequence[str], last: str = "and") -> str:
    """"Nov 2022", "Nov 2022 and Feb 2026", "2019, 2021 and 2024"; with ``last`` "or", "2021, 2022 or 2023"."""
    return f"{', '.join(items[:-1])} {last} {items[-1]}" if len(items) > 1 else "".join(items)


def describe_dates(since: str | None, until: str | None, spans: tuple[tuple[str, str], ...] = ()) -> str:
    if spans:  # "2021 and 2025", "2019, 2021 and 2024"
        return in_words([describe_dates(a, b) for a, b in spans])
    if since and until and since[:7] == until[:7] and since[8:] == "01" and int(until[8:]) == _last_day(until):
        return month_label(since)  # a whole month
    s, u = _short(since, first=True), _short(until, first=False)
    if s and u:
        return s if s == u else f"{s} to {u}"
    return f"since {s}" if s else f"until {u}"


def describe_years(years: tuple[int, ...]) -> str:
    return in_words([str(y) for y in years], "or")


def _last_day(iso: str) -> int:
    d = date.fromisoformat(iso)
    return calendar.monthrange(d.year, d.month)[1]


def _short(iso: str | None, first: bool) -> str | None:
    """A range end as people say it: '2018-01-01' starting or '2018-12-31' ending a range reads
    '2018'; '2019-04-01' starting or '2019-03-31' ending one reads 'Apr 2019', 'Mar 2019'; any other
    day reads '27 Nov 2024'."""
    if iso is None:
        return None
    d = date.fromisoformat(iso)
    if (first and (d.month, d.day) == (1, 1)) or (not first and (d.month, d.day) == (12, 31)):
        return str(d.year)
    if (first and d.day == 1) or (not first and d.day == _last_day(iso)):
        return month_label(iso)
    return f"{d.day} {month_label(iso)}"  # "since 27 Nov 2024" ("in the last two years")


# --- building scopes ----------------------------------------------------------------------------


def scope_from_options(
    table: AuthorityTable,
    authority: str | None = None,
    since: int | str | None = None,
    until: int | str | None = None,
    source_kind: str | None = None,
    doc_types: tuple[str, ...] | list[str] | frozenset[str] | None = None,
) -> Scope:
    """A Scope from user options. Raises UnknownAuthority or ValueError with a one-line message."""
    authorities = None
    if authority:
        authorities = frozenset(table.scope_ids(table.resolve(str(authority)).id))
    kind = None
    if source_kind:
        kind = str(source_kind).strip().lower()
        if kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {source_kind!r}: use primary or secondary")
    types = None
    if doc_types:
        by_lower = {t.lower(): t for t in DOC_TYPES}
        unknown = [t for t in doc_types if t.strip().lower() not in by_lower]
        if unknown:
            raise ValueError(f"unknown document type {unknown[0]!r}: use one of {', '.join(DOC_TYPES)}")
        types = frozenset(by_lower[t.strip().lower()] for t in doc_types)
    first = _option_date(since, "since", end=False)
    last = _option_date(until, "until", end=True)
    if first and last and first > last:
        raise ValueError(f"since {first} is after until {last}")
    return Scope(authorities=authorities, since=first, until=last, source_kind=kind, doc_types=types)


def _option_date(value: int | str | None, name: str, end: bool) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        span = parse_date(str(value))
    except ValueError:
        raise ValueError(f"--{name} {value!r} is not a year or an ISO date (e.g. 2018 or 2018-03-01)") from None
    return span[1 if end else 0].isoformat()


def merger_date(scope: Scope, table: AuthorityTable) -> str | None:
    """The day the authority in scope replaced others (BCP: 2019-04-01), if there is exactly one such."""
    if not scope.authorities:
        return None
    starts = {
        a.start for a in table.authorities if a.id in scope.authorities and a.predecessors and a.start
    }
    return starts.pop() if len(starts) == 1 else None


def trust_in_scope(scope: Scope, table: AuthorityTable) -> Authority | None:
    """The authority in scope whose services a children's trust took over (Bradford's in April 2023), if
    exactly one such (a successor's scope holds its predecessor's: West Northamptonshire, NCT's)."""
    if not scope.authorities:
        return None
    held = {(a.trust, a.trust_from): a for a in table.authorities if a.id in scope.authorities and a.trust_from}
    return next(iter(held.values())) if len(held) == 1 else None


# "What did the press say about BCP's 2021 inspection?" asks for news reports, not Ofsted's own.
# Not "social media" or "good news": the press is asked for as a source ("what did the press say",
# "news coverage", "in the media").
_PRESS = r"(?:(?:local|national|regional)\s+)?(?:press|news(?:papers?)?|(?<!social )media|journalists?|reporters?)"
_ASKS_THE_PRESS = re.compile(
    rf"\b{_PRESS}\s+(?:say|says|said|report\w*|write|wrote|written|cover\w*|stor(?:y|ies)|articles?|headlines?)\b"
    # ("Was the 2021 report covered in the news?": the covering is the asking too)
    rf"|\b(?:(?:covered|reported|featured|mentioned)\s+)?(?:in|from|by)\s+the\s+{_PRESS}"
    rf"|\baccording\s+to\s+(?:the\s+)?{_PRESS}",  # "According to the news, why was BCP rated inadequate?"
    re.I,
)


# "What did the council's own slides say…?", "What did Bournemouth's self-evaluation say about…?",
# "according to the council's slides": its own account (not "Is BCP's self-evaluation accurate?",
# which asks what Ofsted made of it).
_COUNCIL_DOC = r"(?:own\s+)?(?:slides|self[-\s]?evaluation|self[-\s]?assessment|presentation)"
_ASKS_THE_COUNCIL = re.compile(
    # ("the council's self-evaluation says": whose document it is names the source too, not a topic)
    rf"\b(?:(?:the\s+)?(?:council|authority|local\s+authority)(?:'s|\u2019s)\s+)?{_COUNCIL_DOC}\s+(?:say|says|said|report\w*|state\w*|claim\w*|describe\w*)\b"
    rf"|\baccording\s+to\s+(?:the\s+)?(?:[\w-]+'s\s+|their\s+|its\s+)?{_COUNCIL_DOC}"
    # "What did the council say about its own performance?", "…about its workforce?", "the council's own account"
    r"|\b(?:council|authority)\s+(?:say|says|said|think|thinks|thought)\s+(?:about|of)\s+(?:itself|its|their)\b"
    # "What did the council say about the 2018 inspection?": its account of Ofsted's findings
    r"|\b(?:council|authority)\s+(?:say|says|said|think|thinks|thought)\s+(?:about|of)\s+(?:the|that|this)\s+"
    r"(?:(?:19|20)\d\d\s+)?(?:ofsted\s+)?(?:inspection|report|visit|judgement|grade|verdict|findings)\b"
    r"|\b(?:council|authority)(?:'s|\u2019s)\s+own\s+(?:account|view|words|assessment|verdict)\b"
    # "Show me the council's slides", "Summarise Bournemouth's self-evaluation", "What's in the slides?": the
    # document itself
    rf"|\b(?:show|give|open|find|read|list|summari[sz]e)\b[^?]*?\b{_COUNCIL_DOC}\b"
    rf"|\bwhat(?:'s|\u2019s|\s+is|\s+was)\s+in\s+[^?]*?\b{_COUNCIL_DOC}\b"
    # "How did Bournemouth rate itself in its self-evaluation?": what is in it (not "What did Ofsted find
    # lacking in the council's self-assessment?", Ofsted's word on it)
    rf"|^(?![^?]*\b(?:ofsted|inspectors?)\b)[^?]*?\b(?:in|from)\s+(?:the\s+|its\s+|their\s+|[\w-]+(?:'s|\u2019s)\s+)?{_COUNCIL_DOC}\b",
    re.I,
)
_ASKS_FOR_SOURCES = (
    (_ASKS_THE_PRESS, "news", "news reports"),
    (_ASKS_THE_COUNCIL, "council self-evaluation", "the council's self-evaluation"),
)


# "What do the secondary sources say about BCP?", "Only primary sources, please": a kind of source by name.
# "Which sources are secondary?" too (not "secondary schools").
_ASKS_FOR_KIND = re.compile(
    r"\b(?P<kind>primary|secondary)\s+(?:sources?|documents?|evidence|material|accounts?)\b"
    r"|\b(?:sources?|documents?)\s+(?:are|is|were|was)\s+(?P<kind2>primary|secondary)\b",
    re.I,
)


def _kind_asked(m: re.Match[str]) -> str:
    return (m["kind"] or m["kind2"]).lower()


def asks_for_secondary(question: str) -> bool:
    """The question asks what the press, the council's own documents or the secondary sources said."""
    kind = _ASKS_FOR_KIND.search(question)
    return any(pattern.search(question) for pattern, _, _ in _ASKS_FOR_SOURCES) or bool(kind and _kind_asked(kind) == "secondary")


def names_publisher(question: str, publisher: str) -> bool:
    """Whether the question names a publisher as written ("Community Care"; not "community care
    services", a topic)."""
    return re.search(rf"\b{re.escape(publisher)}\b", question) is not None


# "Did the news coverage match what Ofsted said?", "How did the press compare with Ofsted's report?", "Was
# the news reporting accurate?", "What did Ofsted and the press say?": the source asked for is set beside
# Ofsted's own account, so both are searched, not the source alone. Words that weigh an account against
# what it reports set it beside Ofsted alone; words that set two things side by side do so where Ofsted is
# named ("Compare the news coverage of BCP and Dorset" sets two authorities' stories side by side).
_TRUE_TO = r"accura\w*|inaccura\w*|fair(?:ly)?|unfair(?:ly)?|exaggerat\w*|misrepresent\w*|overstat\w*|understat\w*"
_SIDE_BY_SIDE = r"match(?:es|ed)?|compar\w*|differ\w*|agree\w*|disagree\w*|versus|vs|consistent\w*|tall(?:y|ies|ied)|reflect\w*"
_BESIDE_OFSTED = re.compile(
    rf"\b(?:{_TRUE_TO})\b|\b(?:{_SIDE_BY_SIDE})\b(?=.*\b(?:ofsted|inspectors)\b)|\bofsted\b.*\b(?:{_SIDE_BY_SIDE})\b"
    # "What did Ofsted and the press say?", "the council's slides and Ofsted" (not "Ofsted's findings on
    # care leavers and HMOs")
    rf"|\bofsted(?:['’]s)?\s+(?:\w+\s+)?(?:and|or)\s+(?:the\s+)?(?:{_PRESS}|council|authority|{_COUNCIL_DOC})\b"
    r"|\b(?:and|or|with)\s+(?:what\s+)?ofsted\b",
    re.I,
)


_NAMES_SOURCE = (
    (re.compile(rf"\b{_PRESS}\b", re.I), "news", "news reports"),
    (re.compile(rf"\b{_COUNCIL_DOC}\b", re.I), "council self-evaluation", "the council's self-evaluation"),
)


def beside_ofsted(question: str) -> tuple[str, str] | None:
    """For "Did the news coverage of BCP's 2021 inspection match what Ofsted said?" or "Did the
    council's slides agree with Ofsted?": the document type set beside Ofsted's own reports, and its
    name; None where no source is so set."""
    if _BESIDE_OFSTED.search(question) is None:
        return None
    return next(((doc_type, what) for pattern, doc_type, what in _NAMES_SOURCE if pattern.search(question)), None)


def sets_beside_ofsted(question: str) -> bool:
    """True where a kind of source is asked for beside Ofsted's own reports, each given its line."""
    return beside_ofsted(question) is not None


# "What did Ofsted say about…?", "according to Ofsted": Ofsted as the one speaking, not what is spoken of
# (a sentence recalling "the Ofsted focused visit in October 2019" does not answer for saying "Ofsted").
_OFSTED_SPEAKS = re.compile(
    r"\bofsted(?:['’]s)?(?=\s+(?:\w+\s+){0,2}?(?:says?|said|find|finds|found|think|thinks|thought|report|reported|tell|told|make|made"
    r"|views?|verdict|judge|judged|rate|rated|conclude|concluded|note|noted|recommend|recommended|praise|praised"
    r"|criticis(?:e|ed)|criticiz(?:e|ed)|want|wanted|highlight|highlighted|identif(?:y|ied)|raise|raised)\b)"
    r"|\b(?:according\s+to|by|from)\s+ofsted\b",
    re.I,
)


# "What did the Community Care article say?": a news story by the name no report goes by (not "story",
# which "life story work" is).
_NAMES_ARTICLE = re.compile(r"\b(?:articles?|headlines?)\b", re.I)


def source_words(question: str) -> str:
    """The words asking for a kind of source ("the local news say", "the secondary sources", "the
    article") or naming Ofsted as the speaker: scope, not topic."""
    patterns = [pattern for pattern, _, _ in _ASKS_FOR_SOURCES] + [_ASKS_FOR_KIND, _OFSTED_SPEAKS, _NAMES_ARTICLE]
    if sets_beside_ofsted(question):
        # ("Was the news reporting accurate?": "accurate" sets the story beside the report; not a topic)
        patterns += [_BESIDE_OFSTED, *(pattern for pattern, _, _ in _NAMES_SOURCE)]
    return " ".join(m.group() for pattern in patterns for m in pattern.finditer(question))


def resolve_question(
    question: str, table: AuthorityTable, base: Scope, today: date | None = None
) -> tuple[Scope, TimeIntent, list[str]]:
    """The scope a question implies where ``base`` leaves it open, its time intent, and notes of what it set."""
    notes: list[str] = []
    scope = base
    if base.authorities is None:
        named = table.mentions(question)
        if named:
            lineage = frozenset(i for a in named for i in table.scope_ids(a))
            scope = replace(scope, authorities=lineage)
            known = {x.id: x for x in table.authorities}
            names = ", ".join(_name(a, known) for a in named)
            # "What did Ofsted say about Poole?" searches BCP too: say so.
            later = [i for a in named for i in table.scope_ids(a) if i not in table.lineage(a) and i not in named]
            replaced = f", and {' and '.join(_name(i, known) for i in dict.fromkeys(later))}, which replaced it" if later else ""
            notes.append(f"authority: {names} (named in the question){replaced}")
        elif regions := list(dict.fromkeys(region for region, _ in table.regions_named(question))):
            # "Which councils in the North West were judged inadequate?": the corpus's authorities there.
            ids = frozenset(i for r in regions for i in table.in_region(r))
            scope = replace(scope, authorities=ids)
            held = describe_authorities(ids, table) if ids else "no authority in the corpus"
            area = "area" if set(regions) <= set(METROPOLITAN_COUNTIES) else "region"  # "Greater Manchester": a county
            notes.append(f"{area}: {' and '.join(regions)} (named in the question): {held}")
    if base.doc_types is None and base.source_kind != "primary":
        if beside := beside_ofsted(question):
            # Every document but the other secondary kind (the council's slides are not the press).
            others = {t for _, t, _ in _NAMES_SOURCE} - {beside[0]}
            scope = replace(scope, doc_types=frozenset(DOC_TYPES) - others)
            notes.append(f"{beside[1]} beside Ofsted's own reports (asked for in the question)")
        for pattern, doc_type, what in () if beside else _ASKS_FOR_SOURCES:
            if pattern.search(question):
                scope = replace(scope, doc_types=frozenset({doc_type}))
                notes.append(f"{what} (asked for in the question)")
                break
    kind = _ASKS_FOR_KIND.search(question)
    if kind and base.source_kind is None and scope.doc_types is None:
        scope = replace(scope, source_kind=_kind_asked(kind))
        notes.append(f"{_kind_asked(kind)} sources (asked for in the question)")
    trust = trust_in_scope(scope, table)
    intent = parse_time(question, today=today, merger_date=merger_date(scope, table), trust_date=trust and trust.trust_from)
    if asks_for_definition(question) and not intent.has_range:
        # "What is the difference between a focused visit and a monitoring visit?" sets two terms side
        # by side, not two times.
        intent = replace(intent, change_over_time=False)
    if not base.dated and intent.has_range:
        scope = replace(scope, since=intent.since, until=intent.until, spans=intent.points)
        note = describe_dates(intent.since, intent.until, intent.points)
        if intent.baseline:
            note += f" ({intent.baseline} included: the change asked after it is measured from it)"
        if intent.trust and trust:
            note += f" ({intent.trust} {trust.trust} took over the services)"
        if intent.merger:
            note += f" ({intent.merger} the reorganisation)"
        if intent.event:
            note += f" ({intent.event})"
        notes.append(note)
        if intent.about:
            # "What did the 2024 inspection say about 2021?": that report's passages naming 2021.
            scope = replace(scope, mentions=intent.about)
            notes.append(f"passages that mention {describe_years(intent.about)}")
    elif base.dated and intent.has_range:
        # The options win; within them the question may narrow the dates (options 2021–2022, question
        # "…the December 2021 inspection"), close an end they leave open (options "since 2025",
        # question "…by 2025"), and pick separate times ("in 2021 and in 2025"). Never to nothing.
        since = intent.since if intent.since and _later(intent.since, base.since) else None
        until = intent.until if intent.until and _earlier(intent.until, base.until) else None
        if (since or base.since or "") > (until or base.until or "9999"):
            since = until = None
        if since or until or intent.points:
            scope = replace(scope, since=since or base.since, until=until or base.until, spans=intent.points)
            notes.append(describe_dates(since, until, intent.points))
    elif intent.trust and not trust and not base.dated:
        notes.append(f"'{intent.trust} the trust' not applied: no authority in scope has its services run by a children's trust")
    elif intent.merger and not intent.has_range and not base.dated:
        notes.append(f"'{intent.merger} the reorganisation' not applied: no merged or split authority in scope")
    if asks_when_next_visited(question) and not intent.has_range:
        # "When is Kent's next inspection?": the latest visit's dates, said to be no more than that.
        intent = replace(intent, latest=1)
        notes.append("the reports date no inspection to come, so the latest one is given")
    elif base.dated and intent.present:
        # "…these days?" with --since 2022: the options say what "now" covers.
        intent = replace(intent, latest=None, present=False)
    elif (asks_of_now(question, intent, table) or asks_which_covered(question)) and not base.dated:
        # (the authorities covered, each once, by its latest report: not every report of each)
        intent = replace(intent, latest=1)
    return scope, intent, notes


# "How is Kent doing?", "How good is Bradford?", "Is Swindon still inadequate?": present tense.
_PRESENT = re.compile(r"^\s*(?:how\s+(?:good\s+|well\s+|safe\s+)?(?:is|are)|is|are|what\s+(?:is|are))\b", re.I)
# "Which councils are rated inadequate?", "How many authorities are outstanding?": a list in the present
# tense is of each authority's standing now ("…were judged inadequate?" is of every report).
# ("Which councils in Greater Manchester are inadequate?": an area named between)
# ("Which councils require improvement?", "Which councils have an inadequate rating?": the same, in other verbs)
_WHICH_ARE = re.compile(
    WHICH_AUTHORITIES + r"(?:\s+in\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?\s+"
    r"(?:is|are|requires?\s+improvement|ha(?:s|ve)\s+(?:an?|the)\s+[\w\s]{0,40}?(?:grade|rating|judgement)"
    # "Which council has been inadequate the longest?": of those so judged now, the longest so judged
    r"|ha(?:s|ve)\s+been(?=[^?]*\blongest\b))\b",
    re.I,
)
# "What should Tameside do next?", "What does Swindon need to improve?", "Where is Kent weakest?": what is still to do.
_STILL_TO_DO = re.compile(r"\bnext\b|^\s*what(?:\s+(?:should|must|does|do|needs?|is|are)\b|['’]s\b)|^\s*where\s+(?:is|are)\b", re.I)


def asks_of_now(question: str, intent: TimeIntent, table: AuthorityTable) -> bool:
    """A verdict or grade asked for in the present tense, or what is still to improve, naming no time:
    the latest report answers it ("How is Kent doing?" is its November 2025 judgement, not its 2022
    one too; "What should Tameside do next?" is its latest report's list, not the 2019 one)."""
    if intent.latest or intent.change_over_time or intent.has_range:
        return False
    if asks_for_improvements(question) and _STILL_TO_DO.search(question):
        return True
    if asks_for_best(question) or asks_about_grading(question) or asks_grade_tally(question):
        # "Which council is doing best?", "Do inspections still give an overall grade?": each authority's latest grade
        return True
    if times_asked(question):
        # "…are judged inadequate more than once?", "Are there any councils that have been inadequate
        # twice?" count every report.
        return False
    if _WHICH_ARE.match(question):
        # So does "…are never rated good?".
        return not asks_never(question) and bool(listed_grades(question) or is_grade_question(question))
    if not _PRESENT.match(question) or asks_for_definition(question):
        return False
    names = name_stems(table.names_of(table.mentions(question)))  # scope, not topic
    return is_grade_question(question) or asks_for_verdict(question, names)


# A question's time becomes years to mention only when it is this short: "in 2019", "2019 to 2020".
MAX_MENTIONED_YEARS = 3


def mentioning(scope: Scope) -> Scope | None:
    """``scope`` with its dates turned into years a passage must mention; None if they span more than
    MAX_MENTIONED_YEARS years. An open end counts the years nearest the one given ("before the split"
    in April 2023: 2021 to 2023). For a question about a time nothing in scope is dated: later reports
    recall earlier judgements, and their passages are the evidence there is."""
    if not scope.dated:
        return None
    n = MAX_MENTIONED_YEARS
    if scope.since and scope.until:
        spans = [(int(a[:4]), int(b[:4])) for a, b in scope.spans or ((scope.since, scope.until),)]
    elif scope.until:
        spans = [(int(scope.until[:4]) - n + 1, int(scope.until[:4]))]
    else:
        spans = [(int(scope.since[:4]), int(scope.since[:4]) + n - 1)]  # type: ignore[index]
    years = sorted({y for a, b in spans for y in range(a, b + 1)})
    if len(years) > MAX_MENTIONED_YEARS:
        return None
    return replace(scope, since=None, until=None, spans=(), mentions=tuple(years))


def _later(a: str, b: str | None) -> bool:
    return b is None or a > b


def _earlier(a: str, b: str | None) -> bool:
    return b is None or a < b


def scope_from_question(question: str, table: AuthorityTable, base: Scope) -> tuple[Scope, list[str]]:
    """Fill what the question names and ``base`` leaves open (authority, dates); notes say what was set."""
    scope, _, notes = resolve_question(question, table, base)
    return scope, notes


# "Which reports were published in 2025?", "…published since 2024": the dates are of publication.
_BY_PUBLICATION = re.compile(r"\bpublished\s+(?:in|during|since|after|before|between|from|last|this|over|within|until|by)\b", re.I)


def asks_by_publication(question: str) -> bool:
    """Whether the question dates the documents by publication, not by the inspection they report."""
    return _BY_PUBLICATION.search(question) is not None


def by_publication(scope: Scope, documents: Iterable[Document]) -> Scope:
    """``scope`` with its dates applied to each document's publication date instead: the documents
    published then, whenever their inspection or visit took place."""
    ids = frozenset(d.id for d in documents if d.published and scope.allows_span(_span(d.published)))
    return replace(scope, since=None, until=None, spans=(), mentions=(), documents=ids if scope.documents is None else scope.documents & ids)
