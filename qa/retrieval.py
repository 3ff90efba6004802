"""Hybrid search within a scope: filter rows first, then dense + BM25 ranking, fusion, de-duplication,
and for change-over-time questions a spread across periods.

Dense scores are exact: the query is compared with every allowed row (a matrix-vector product
over a few thousand 384-d rows takes well under a millisecond), so a filter never costs recall
the way post-filtering an approximate top-k would.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Sequence

import numpy as np

from indexer.authorities import AuthorityTable
from indexer.embedding import Embedder
from indexer.settings import Settings
from indexer.store import IndexStore
from indexer.types import Document
from qa.compose_extractive import answer_unit, framing_unit, orphan_item, states_grade
from qa.diversify import Candidate, collapse_duplicates, shingles, spread_over_groups
from qa.duplicates import canonical_rows
from qa.lexical import (
    AREA_MATCH,
    GENERIC_WORDS,
    IMPROVEMENT_HEADING,
    LEADERSHIP_GRADE,
    OVERALL_GRADE,
    REORGANISATION,
    STATES_CHANGE,
    SUMMARY_HEADING,
    VISIT_COVERED,
    VISIT_DATES,
    WHO_INSPECTED,
    CountTopic,
    area_coverage,
    asks_about_the_visit,
    asks_for_all_sources,
    asks_for_dates,
    asks_for_improvements,
    asks_for_mentions,
    asks_for_verdict,
    asks_how_judged,
    asks_which_authorities,
    asks_how_many,
    asks_plainly,
    asks_never,
    asks_what_visit_covered,
    asks_when_reorganised,
    asks_when_visited,
    asks_who_inspected,
    asks_who_leads,
    leaders_named,
    lists_reports,
    asks_why,
    asks_most_reports,
    asks_grade_moved,
    asks_not_since,
    asks_without_overall,
    counted_stems,
    dated_by_grade,
    grade_direction,
    grade_move,
    doc_types_asked,
    is_grade_question,
    listed_grades,
    asks_for_one_report,
    listing_words,
    named_doc_types,
    named_grade,
    names_a_topic,
    phrases_asked,
    question_terms,
    said_pairs,
    stem_set,
    stems,
    strengths_words,
    topic_terms,
)
from qa.sentences import grade_of, units
from qa.fusion import convex_fusion, ranked, reciprocal_rank_fusion, top_rows
from qa.query_terms import SynonymTable, dense_text, holds_phrase, keyword_tokens, name_stems
from qa.scope import (
    Scope,
    asks_by_publication,
    by_publication,
    beside_ofsted,
    describe_authorities,
    describe_dates,
    describe_years,
    document_span,
    mentioning,
    names_publisher,
    passage_span,
    report_key,
    resolve_question,
    scope_from_options,
    sets_beside_ofsted,
)
from qa.timeline import format_period, months_apart
from qa.timeparse import TimeIntent, month_span, parse_time
from qa.types import Evidence

if TYPE_CHECKING:
    from qa.service import Query

log = logging.getLogger(__name__)

_UNDATED = -1
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")  # a year a passage names: "judged inadequate in 2019"
_VISIT_TYPES = frozenset({"focused visit", "monitoring visit"})
_SECONDARY_TYPES = frozenset({"news", "council self-evaluation"})


def _as_duration(months: int) -> str:
    """14 → "1 year and 2 months"; 24 → "2 years"; 5 → "5 months"."""
    years, rest = divmod(months, 12)
    parts = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in ((years, "year"), (rest, "month")) if n]
    return " and ".join(parts) or "under a month"


def _gives_grade(document: Document) -> bool:
    """An Ofsted report giving a standing grade: its overall effectiveness, or its leaders' in its place."""
    return document.source_kind == "primary" and bool(document.standing_grade)


def _of_kind(document: Document, kind: str | None) -> bool:
    """Whether a document is an inspection or a visit, as a question names it (any, named neither)."""
    if kind == "inspection":
        return document.doc_type not in _VISIT_TYPES
    if kind == "visit":
        return document.doc_type in _VISIT_TYPES
    return True


class Searcher:
    """Loads the index and the embedder once; answers many searches."""

    def __init__(self, store: IndexStore, embedder: Embedder, table: AuthorityTable, settings: Settings) -> None:
        self.store = store
        self.embedder = embedder
        self.table = table
        self.settings = settings
        self.synonyms = SynonymTable.load() if settings.query_expansion else None
        self._publishers = sorted({d.publisher for d in store.documents.values() if d.publisher}, key=len, reverse=True)
        self._shingle_cache: dict[int, frozenset] = {}
        self._sentences_shared = False
        self._precompute()

    @classmethod
    def open(cls, settings: Settings, table: AuthorityTable) -> "Searcher":
        """The searcher over ``settings.index_dir``; raises IndexUnavailable if there is no usable index."""
        store = IndexStore.load(settings.index_dir, settings)
        embedder = Embedder.from_settings(settings)
        embedder.warm_up()
        return cls(store, embedder, table, settings)

    def _precompute(self) -> None:
        """Per-row arrays so a scope becomes a boolean mask without a Python loop over chunks."""
        store = self.store
        self._doc_ids = list(store.documents)
        doc_index = {d: i for i, d in enumerate(self._doc_ids)}
        n = len(store.chunks)
        self._row_doc = np.fromiter((doc_index[c.doc_id] for c in store.chunks), dtype=np.int64, count=n)
        # Two date spans a row: its document's period, and the date the passage itself is about.
        spans = np.full((n, 4), _UNDATED, dtype=np.int64)
        doc_spans = {d.id: document_span(d) for d in store.documents.values()}
        self._period: list[str | None] = []
        # Where a document sums itself up: its first passages (chunks are stored in reading order,
        # document by document), and any passage under a heading that says it is the summary
        # ("Headline findings", "Overview", "Executive summary"), wherever the letter puts it.
        self._summary = np.zeros(n, dtype=bool)
        seen: dict[str, int] = {}
        for row, chunk in enumerate(store.chunks):
            ordinal = seen.get(chunk.doc_id, 0)
            seen[chunk.doc_id] = ordinal + 1
            # (not a passage about another time: "Overview: Bury… were inspected by Ofsted in 2016…" recalls)
            self._summary[row] = (
                ordinal < self.settings.summary_passages or SUMMARY_HEADING.match(chunk.section or "") is not None
            ) and not chunk.about_date
            a, b = doc_spans[chunk.doc_id]
            if a is not None and b is not None:
                spans[row, 0], spans[row, 1] = a.toordinal(), b.toordinal()
            own = a
            if chunk.about_date:
                c, d = passage_span(store.documents[chunk.doc_id], chunk.about_date)
                if c is not None and d is not None:
                    spans[row, 2], spans[row, 3] = c.toordinal(), d.toordinal()
                    own = c
            self._period.append(own.isoformat()[:7] if own else None)
        self._spans = spans
        # Where each passage stands as evidence, from one reading of its units:
        # - for each report and judgement area, the passage opening its section ("The experiences and
        #   progress of care leavers: good"), else one stating that grade (the title-page table, or a
        #   heading the passage boundary left inside a passage): row → the stems of the areas judged;
        # - each report's first passage stating its overall effectiveness (the title-page grade table,
        #   "The overall judgement is Inadequate"): doc id → row;
        # - passages holding nothing but the framing every letter shares ("The methodology for this
        #   visit…", the letterhead): never evidence unless the question asks about the inspection itself;
        # - passages under a "What needs to improve?" or priority-action heading;
        # - the years a passage names, for a scope of years to mention (Scope.mentions): year → rows.
        opening_area: dict[tuple[str, frozenset[str]], int] = {}
        stated_area: dict[tuple[str, frozenset[str]], int] = {}
        # (row, area) → the grade row stating it there: a grade table's row for each area it judges
        self._area_grade: dict[tuple[int, frozenset[str]], str] = {}
        self._overall_row: dict[str, int] = {}
        self._overall_text: dict[str, str] = {}  # doc id → its overall effectiveness row ("Overall effectiveness: Good")
        self._framing_only = np.zeros(n, dtype=bool)
        self._gives_dates = np.zeros(n, dtype=bool)  # "Inspection dates: …", "…the focused visit to … on 16 and 17 May 2023"
        self._names_inspectors = np.zeros(n, dtype=bool)  # "Lead inspector: …", "Inspectors for this visit were…"
        self._names_leader = np.zeros(n, dtype=bool)  # a letter's addressee: "Karen Dolton" / "Executive Director, …"
        self._says_what_covered = np.zeros(n, dtype=bool)  # "Inspectors looked at…", "The focus of the visit was…"
        self._tells_reorganisation = np.zeros(n, dtype=bool)  # "…unitary authorities came into being on 1 April 2021"
        # Passages of reports judged area by area, with no overall grade (from April 2026).
        self._no_overall_grade = np.array([store.documents[c.doc_id].without_overall_grade for c in store.chunks], dtype=bool)
        self._improvement_section = np.zeros(n, dtype=bool)
        self._states_change = np.zeros(n, dtype=bool)  # "…have improved since the last inspection", "no longer…"
        # Each news story's or council's document's first quotable passage: its line in a list of the
        # documents held ("What documents do you hold on BCP?"), as a report's dates are for a report.
        self._opens_source = np.zeros(n, dtype=bool)
        opened: set[str] = set()
        self._naming_year: dict[int, np.ndarray] = {}
        self._counted: dict[int, frozenset[str]] = {}  # row → stems of its sentences that give a number
        for row, chunk in enumerate(store.chunks):
            for year in {int(y) for y in _YEAR.findall(chunk.text)}:
                self._naming_year.setdefault(year, np.zeros(n, dtype=bool))[row] = True
            judged = grade_of(chunk.section) if chunk.section else None
            if judged and chunk.text.lstrip().startswith(chunk.section.strip()):
                opening_area.setdefault((chunk.doc_id, stem_set(judged[0])), row)
            self._improvement_section[row] = bool(chunk.section and IMPROVEMENT_HEADING.search(chunk.section))
            self._states_change[row] = bool(STATES_CHANGE.search(chunk.text))
            parts = units(chunk.text)
            for u in parts:
                if u.kind == "grade" and (stated := grade_of(u.text)):
                    stated_area.setdefault((chunk.doc_id, stem_set(stated[0])), row)
                    self._area_grade.setdefault((row, stem_set(stated[0])), u.text)
            counted = frozenset().union(*(counted_stems(u.text) for u in parts if u.kind in ("sentence", "bullet")))
            if counted:
                self._counted[row] = counted
            self._gives_dates[row] = any(VISIT_DATES.match(u.text) for u in parts)
            self._names_inspectors[row] = any(WHO_INSPECTED.match(u.text) for u in parts)
            self._names_leader[row] = bool(leaders_named(parts))
            self._says_what_covered[row] = any(VISIT_COVERED.match(u.text) for u in parts)
            self._tells_reorganisation[row] = any(REORGANISATION.search(u.text) for u in parts)
            self._framing_only[row] = not any(
                answer_unit(u) and not framing_unit(u) and not orphan_item(u) for u in parts
            )
            if store.documents[chunk.doc_id].source_kind == "secondary" and chunk.doc_id not in opened and not self._framing_only[row]:
                opened.add(chunk.doc_id)
                self._opens_source[row] = True
            overall = next((u for u in parts if u.kind == "grade" and OVERALL_GRADE.match(u.text)), None)
            if chunk.doc_id not in self._overall_row and overall is not None:
                self._overall_row[chunk.doc_id] = row
                self._overall_text[chunk.doc_id] = overall.text
            leaders = next((u for u in parts if u.kind == "grade" and LEADERSHIP_GRADE.match(u.text)), None)
            if leaders is not None and store.documents[chunk.doc_id].without_overall_grade and chunk.doc_id not in self._overall_row:
                # No overall grade (from April 2026): the leadership judgement stands in for it, in
                # timelines and in "which councils were judged…?" lists (the answer's note says why).
                self._overall_row[chunk.doc_id] = row
                self._overall_text[chunk.doc_id] = leaders.text
        self._judgement_area: dict[int, list[frozenset[str]]] = defaultdict(list)
        for (_, area), row in {**stated_area, **opening_area}.items():
            self._judgement_area[row].append(area)
        # The rows giving a report's overall grade (or, without one, its leadership grade): its grade table.
        self._grade_table = np.zeros(n, dtype=bool)
        self._grade_table[list(self._overall_row.values())] = True
        self._canonical = self._find_copies(doc_spans)

    def _find_copies(self, doc_spans: dict) -> dict[int, int]:
        """Row → its preferred copy's row, comparing documents of one authority about the same time."""
        docs = list(self.store.documents.values())
        pairs = []
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                (a0, a1), (b0, b1) = doc_spans[a.id], doc_spans[b.id]
                same_time = None not in (a0, a1, b0, b1) and a0 <= b1 and b0 <= a1
                if same_time and self.table.line_head(a.authority) == self.table.line_head(b.authority):
                    pairs.append((a.id, b.id))
        chunks = self.store.chunks
        preference = [self._preference(c) for c in chunks]
        mapping = canonical_rows(
            [c.text for c in chunks], [c.doc_id for c in chunks], preference, pairs, self.settings.duplicate_threshold
        )
        log.debug("%d passages have a preferred copy in another document", len(mapping))
        return mapping

    def _preference(self, chunk) -> tuple[bool, bool]:
        doc = self.store.documents[chunk.doc_id]
        return (doc.source_kind == "primary", chunk.page is not None and doc.source.lower().endswith(".pdf"))

    # --- scope ----------------------------------------------------------------------------------

    def allowed_rows(self, scope: Scope) -> np.ndarray:
        """Index rows of every passage the scope allows, ascending."""
        return np.flatnonzero(self._allowed_mask(scope)).astype(np.int64)

    def _allowed_mask(self, scope: Scope) -> np.ndarray:
        doc_ok = np.fromiter(
            (scope.allows_document(self.store.documents[d]) for d in self._doc_ids), dtype=bool, count=len(self._doc_ids)
        )
        mask = doc_ok[self._row_doc] if len(self._row_doc) else np.zeros(0, dtype=bool)
        if scope.dated:
            # As Scope.allows: in range by its document's period or by its own date.
            mask &= self._in_span(scope.since, scope.until)
            if scope.spans:
                mask &= np.logical_or.reduce([self._in_span(a, b) for a, b in scope.spans])
        if scope.mentions:
            none = np.zeros(len(mask), dtype=bool)
            mask &= np.logical_or.reduce([self._naming_year.get(y, none) for y in scope.mentions])
        return mask

    def _in_span(self, since: str | None, until: str | None) -> np.ndarray:
        """Rows whose document's period or own date overlaps since–until."""
        lo = date.fromisoformat(since).toordinal() if since else -(2**62)
        hi = date.fromisoformat(until).toordinal() if until else 2**62
        sp = self._spans
        by_doc = (sp[:, 0] != _UNDATED) & (sp[:, 1] >= lo) & (sp[:, 0] <= hi)
        by_own = (sp[:, 2] != _UNDATED) & (sp[:, 3] >= lo) & (sp[:, 2] <= hi)
        return by_doc | by_own

    def resolve(self, query: "Query") -> tuple[Scope, TimeIntent, list[str]]:
        """The effective scope of a query (options, then what the question names unless
        ``query.infer_scope`` is False), its time intent, and notes of what the question added.
        Raises UnknownAuthority or ValueError for bad options."""
        base = scope_from_options(
            self.table,
            authority=query.authority,
            since=query.since,
            until=query.until,
            source_kind=query.source_kind,
            doc_types=query.doc_types,
        )
        if not getattr(query, "infer_scope", True):
            # The options alone set the scope; whether the question asks how things changed still counts.
            intent = parse_time(query.question)
            return base, replace(intent, since=None, until=None, latest=None, latest_kind=None, skip=0, onward=False, merger=None, trust=None), []
        scope, intent, notes = resolve_question(query.question, self.table, base)
        if scope.dated and asks_by_publication(query.question):
            # "Which reports were published in 2025?": BCP's December 2024 inspection, published in January.
            scope = by_publication(scope, self.store.documents.values())
            notes = [*notes, "by publication date (asked for in the question)"]
        if scope.mentions and intent.about and not self._allowed_mask(scope).any():
            # "What did Kent's 2025 report find about 2022?", where it names 2022 nowhere: the report, so saying.
            said = f"passages that mention {describe_years(scope.mentions)}"
            notes = [n for n in notes if n != said] + [f"no passage in these dates mentions {describe_years(scope.mentions)}"]
            scope = replace(scope, mentions=())
        if not base.dated and scope.dated and not self._allowed_mask(scope).any() and not asks_who_leads(query.question):
            # Nothing in scope is dated when the question asks about: what later (or earlier) reports
            # say of that time is the evidence there is, shown with their own dates. (Asked who led
            # then, the letters nearest it: ``_nearest_leaders``.)
            widened = mentioning(scope)
            if widened is not None and self._allowed_mask(widened).any():
                dates = describe_dates(scope.since, scope.until, scope.spans)
                said = next((n for n in notes if n.startswith(dates)), dates)  # "until Mar 2023 (before the reorganisation)"
                notes = [n for n in notes if n != said]
                notes.append(f"nothing in scope is dated {said}: passages from other dates that mention {describe_years(widened.mentions)}")
                scope = widened
        if base.authorities is None and scope.authorities is None and (beside := beside_ofsted(query.question)):
            # "Did the council's self-evaluation match Ofsted's 2018 judgement?": Ofsted's reports on the
            # authorities that source speaks of (Bournemouth's lineage), not every other council's.
            spoken_of = {d.authority for d in self.store.documents.values() if d.doc_type == beside[0] and scope.allows_document(d)}
            ids = frozenset(i for a in spoken_of if a in self.table.ids() for i in self.table.scope_ids(a))
            if ids:
                scope = replace(scope, authorities=ids)
                notes.append(f"authority: {describe_authorities(ids, self.table)}, spoken of by {beside[1]} in scope")
        holdings: tuple[frozenset[str], bool] | None = None
        named = self.publishers_named(query.question)
        if named and base.doc_types is None and base.source_kind != "primary":
            # "What did Community Care say about BCP?": that publisher's stories, not everything on BCP.
            ids = frozenset(d.id for d in self.store.documents.values() if d.publisher in named)
            scope = replace(scope, documents=ids if scope.documents is None else scope.documents & ids)
            notes.append(f"published by {' and '.join(named)} (named in the question)")
        if base.doc_types is None:
            # "What did the monitoring visits to Bradford find?" with none in the corpus: say so, and
            # answer from what the reports say of them.
            # (within the scope's dates: Swindon's 2018 focused visit is not "the 2023 focused visit")
            chunks, documents = self.store.chunks, self.store.documents
            held = {documents[chunks[r].doc_id].doc_type for r in self.allowed_rows(scope)}
            named_types = named_doc_types(query.question)
            for doc_type in named_types:
                if doc_type not in held:
                    notes.append(f"no {doc_type} report in scope: passages that mention one")
            drop = self._not_topic(query.question, self._scope_names(query.question, scope))
            asked_types = [t for t in doc_types_asked(query.question) if t in held]
            listing = lists_reports(query.question, drop) and base.source_kind is None
            if asked_types and not listing and not intent.change_over_time:
                # "What did the focused visits to Bury find?", "What did the monitoring visit to BCP say
                # about assessments?": those reports, not every one; "since the 2020 focused visit" dates
                # a change instead.
                scope = replace(scope, doc_types=frozenset(asked_types))
                notes.append(f"{' and '.join(asked_types)} reports only (named in the question)")
            if listing:
                # "Which authorities had a focused visit in 2020?", "What inspections has Bury had?": Ofsted's
                # reports (of such visits), one a line; asked for documents or sources, every kind.
                # ("Which news stories are in the corpus?": the kind the question asked for, of whoever's)
                types = frozenset(t for t in named_types if t in held) or scope.doc_types or frozenset()
                asked_kind = scope.source_kind  # "Which sources are secondary?"
                every_kind = (asks_for_all_sources(query.question, drop) or bool(scope.doc_types)) and asked_kind is None
                scope = replace(scope, source_kind=asked_kind or (None if every_kind else "primary"), doc_types=types or None)
                holdings = (types, every_kind)
                if way := asks_most_reports(query.question):
                    # "Which authority has the most inspections?": the reports of the authorities holding
                    # the most (or fewest), with every authority's count.
                    scope, counted = self._most_reports(scope, way)
                    notes.append(counted)
        if asks_not_since(query.question):
            # "Which councils have not been inspected since 2023?": each authority's latest report, where
            # that is older, not the reports since; "…never been inspected?", those with none.
            dates = describe_dates(scope.since, scope.until, scope.spans) if scope.since else None
            scope, note = self._latest_before(scope)
            notes = [n for n in notes if not (dates and n.startswith(dates))] + [note]
            if dates is None:
                holdings = None  # the note names the kind asked for, which the reports shown are not
        if (
            (judged := dated_by_grade(query.question)) and not scope.dated and scope.authorities is not None
            and not asks_which_authorities(query.question)
        ):
            # "Did the Isles of Scilly improve after being judged inadequate?": from that report on.
            scope, intent, note = self._dated_by_judgement(scope, intent, *judged)
            notes.append(note)
        if asks_who_leads(query.question) and scope.dated and scope.authorities is not None:
            # "Who was BCP's DCS in 2021?", where no document of 2021 names one: the letters nearest it too.
            scope, nearest = self._nearest_leaders(scope)
            notes += [nearest] if nearest else []
        moved_then = not scope.spans and (asks_grade_moved(query.question) or grade_direction(query.question))
        if not base.dated and scope.since and (moved_then or (intent.change_over_time and intent.trust == "after")):
            # "Did Kent's grade go down in 2025?", "Which councils improved in 2025?" (or "since 2023"): that
            # time's reports, and the graded report before each to set them against; "How has Bradford
            # changed since the trust was set up?": the trust's reports, and the council's last before it.
            scope, intent, notes = self._with_grade_before(scope, intent, notes)
        if intent.latest == 1 and not (intent.skip or intent.earliest) and (
            grade_move(query.question) or grade_direction(query.question)
        ):
            # "Which councils improved at their latest inspection?": a move needs the report before it too.
            intent = replace(intent, latest=2)
        if intent.latest:
            # "Which councils are currently rated good?", "Is Birmingham still good?": a grade is
            # current until the next graded report; a focused visit since then gives none.
            each = asks_which_authorities(query.question)
            # ("How is every council doing?": each authority's standing, its latest grade)
            graded = bool(listed_grades(query.question)) or is_grade_question(query.question) or (each and asks_how_judged(query.question))
            latest = self._latest_documents(scope, intent, graded, each=each, one=asks_for_one_report(query.question))
            if latest:
                notes.append(self._latest_note(latest, intent, graded))
                if not (graded or each or intent.skip or intent.earliest) and (ungraded := self._ungraded_note(query.question, scope, intent, latest)):
                    notes.append(ungraded)
                scope = replace(scope, documents=frozenset(latest))
            elif intent.skip:  # "the previous inspection" of an authority inspected once: none to answer from
                scope = replace(scope, documents=frozenset())
                notes.append(f"the corpus holds no {intent.latest_kind or 'report'} before the latest in this scope")
        if holdings is not None:  # counted in the scope as it ends, the latest reports' if asked for them
            notes.append(self._holdings_note(scope, *holdings))
        return scope, intent, notes

    def _ungraded_note(self, question: str, scope: Scope, intent: TimeIntent, latest: list[str]) -> str:
        """"How is Birmingham doing?", its latest report a focused visit: that gives no grade, and the
        latest that does still stands; the note says so, and when that one is from."""
        if any(d in self._overall_row for d in latest):
            return ""
        if not asks_how_judged(question, self._not_topic(question, self._scope_names(question, scope))):
            return ""
        rated = self._latest_documents(scope, intent, True)
        if not rated or set(rated) & set(latest):
            return ""
        when = format_period(max(self.store.documents[d].date for d in rated)[:7])  # type: ignore[type-var,index]
        return f"that report gives no grade; the latest that does is of {when} (ask for the grade to see it)"

    def _latest_documents(
        self, scope: Scope, intent: TimeIntent, graded: bool = False, each: bool = False, one: bool = False
    ) -> list[str]:
        """Documents of the N most recent (asked for the first, the oldest) dated Ofsted events in an
        authority's scope, or per line of succession when unscoped or asked of ``each`` authority ("…for
        each council in the North West?"; a council since replaced has no latest of its own), unless asked
        for ``one`` of the whole scope ("Which report is the most recent?"); with ``graded``, of the N most
        recent reports that give a grade (where any in scope does).

        Copies of one report (the PDF and a text version) share a date, so they count once. With
        ``intent.onward`` ("since its last inspection"), every document dated from the oldest chosen on.
        """
        assert intent.latest
        dated = self._dated_documents(scope)
        docs = [d for d in dated if d.source_kind == "primary"]
        if graded and any(d.id in self._overall_row for d in docs):
            docs = [d for d in docs if d.id in self._overall_row]
        if any(_of_kind(d, intent.latest_kind) for d in docs):
            docs = [d for d in docs if _of_kind(d, intent.latest_kind)]

        # "When were Kent and Surrey last inspected?", "…Cumbria…" (Cumberland, and Westmorland and Furness):
        # each line of succession in scope has a latest of its own; BCP's scope (with Bournemouth) is one line.
        lines = {self.table.line_head(a) for a in scope.authorities} if scope.authorities is not None else set()
        per_line = scope.authorities is None or each or sum(not self._replaced(h) for h in lines) > 1

        def group_of(d: Document) -> str:
            return "scope" if one or not per_line else self.table.line_head(d.authority)

        groups: dict[str, list] = {}
        for d in docs:
            key = group_of(d)
            if each and self._replaced(key):
                continue
            groups.setdefault(key, []).append(d)
        chosen: list[str] = []
        for key, group in groups.items():
            if intent.skip or intent.onward:
                # "The previous inspection" is the one before the latest of its kind: Bury's before its 2025
                # inspection is that of 2021, not the 2024 area SEND inspection between them.
                kind = max(group, key=lambda d: d.date).doc_type
                group = [d for d in group if d.doc_type == kind]
            dates = sorted({d.date[:7] for d in group}, reverse=not intent.earliest)[intent.skip : intent.skip + intent.latest]
            if intent.onward and dates:
                chosen += [d.id for d in dated if group_of(d) == key and d.date[:7] >= min(dates)]
            else:
                chosen += [d.id for d in group if d.date[:7] in dates]
        return chosen

    def _dated_by_judgement(self, scope: Scope, intent: TimeIntent, side: str, grade: str) -> tuple[Scope, TimeIntent, str]:
        """``scope`` dated by the authority's judgements of ``grade`` (overall, or for its leaders where a
        report gives no overall grade), each run of reports giving it in a row being one spell. "after":
        from the start of the latest spell, that report included, as the change is measured from it;
        "out" (of the grade): the same from the latest spell a report of another grade ended, the note
        saying when and how long after; "into" (the grade): from the report before the latest move into
        it; "before": until the day before the first. Unchanged where no report gives that grade, the
        note saying so. "when": the month of the first report of the latest spell."""
        graded = sorted(
            (d for d in self._dated_documents(scope) if _gives_grade(d)),
            key=lambda d: d.date,  # type: ignore[arg-type,return-value]
        )
        # spells: (the report before it, of another grade, or None; its first report; the report of another grade that ended it, or None)
        spells: list[tuple[Document | None, Document, Document | None]] = []
        for i, d in enumerate(graded):
            if d.standing_grade.startswith(grade) and (i == 0 or not graded[i - 1].standing_grade.startswith(grade)):
                spells.append((graded[i - 1] if i else None, d, None))
            elif spells and spells[-1][2] is None and not d.standing_grade.startswith(grade):
                spells[-1] = (*spells[-1][:2], d)
        if not spells:
            return scope, intent, f"no report in scope gives {grade}: every date searched"
        who = self.table.short_name(spells[0][1].authority)
        if side == "before":
            first = spells[0][1]
            end = (date.fromisoformat(first.date) - timedelta(days=1)).isoformat()  # type: ignore[arg-type]
            note = f"before {format_period(first.date[:7])}, when {who} was judged {grade}"  # type: ignore[index]
            return replace(scope, until=end), replace(intent, until=end), note
        if side == "when":
            # "Who was the DCS when BCP was judged inadequate?": the month of the latest spell's first report.
            began = spells[-1][1]
            first, last = (d.isoformat() for d in month_span(int(began.date[:4]), int(began.date[5:7])))  # type: ignore[index]
            note = f"{format_period(began.date[:7])}, when {who} was judged {grade}"  # type: ignore[index]
            return replace(scope, since=first, until=last), replace(intent, since=first, until=last), note
        # "out": the latest spell another grade ended; "into": the latest another grade led to; "after": the latest
        fit = [s for s in spells if (s[2] if side == "out" else s[0] if side == "into" else s[1]) is not None]
        before, began, left = (fit or spells)[-1]
        if side == "into" and before is not None:
            # "How did Dorset become outstanding?": from the report before the move, of the grade it left.
            start, months = before.date, months_apart(before.date[:7], began.date[:7])  # type: ignore[index]
            note = (
                f"since {format_period(start[:7])}, when {who} was judged {named_grade(before.standing_grade)}; "  # type: ignore[index]
                f"{grade} in {format_period(began.date[:7])}, {_as_duration(months)} later"  # type: ignore[index]
            )
        else:
            start = began.date
            note = f"since {format_period(start[:7])}, when {who} was judged {grade}"  # type: ignore[index]
            if side == "into":
                note += "; its earliest graded report in scope gives it already"
        if left is not None and side != "into":
            months = months_apart(began.date[:7], left.date[:7])  # type: ignore[index]
            note += f"; {named_grade(left.standing_grade)} in {format_period(left.date[:7])}, {_as_duration(months)} later"  # type: ignore[index]
        elif side == "out":
            note += "; no later report in scope gives another grade"
        # (moving out of or into a grade is a change over time, whether or not the question says "change")
        moved = intent.change_over_time or side in ("out", "into")
        return replace(scope, since=start), replace(intent, since=start, baseline=None, change_over_time=moved), note

    def _with_grade_before(self, scope: Scope, intent: TimeIntent, notes: list[str]) -> tuple[Scope, TimeIntent, list[str]]:
        """``scope``'s documents, with each line of succession's latest graded Ofsted report dated before
        them where the scope holds a graded one of that line; the dates' note saying so. Unchanged where
        no earlier report gives a grade."""
        line = self.table.line_head
        within = self._dated_documents(scope)
        any_date = self._dated_documents(replace(scope, since=None, until=None))
        lines = {line(d.authority) for d in within if _gives_grade(d)}  # type: ignore[arg-type]
        before: dict[str, str] = {}  # line of succession -> date of its graded report before the scope
        for d in any_date:
            head = line(d.authority)  # type: ignore[arg-type]
            if head in lines and _gives_grade(d) and d.date < scope.since and d.date > before.get(head, ""):  # type: ignore[operator]
                before[head] = d.date  # type: ignore[assignment]
        if not before:
            return scope, intent, notes
        earlier = [d.id for d in any_date if before.get(line(d.authority)) == d.date]  # type: ignore[arg-type]
        start = min(before.values())
        dates = describe_dates(scope.since, scope.until)
        said = next((n for n in notes if n.startswith(dates)), dates)
        against = f"the graded report before: {format_period(start[:7])}" if len(before) == 1 else "each authority's graded report before"
        notes = [n for n in notes if n != said] + [f"{said}, set against {against}"]
        documents = frozenset([d.id for d in within] + earlier)
        return replace(scope, since=start, documents=documents), replace(intent, since=start), notes

    def _nearest_leaders(self, scope: Scope) -> tuple[Scope, str]:
        """``scope``'s documents and, where none of them names a leader (as an Ofsted letter's addressee),
        the latest before and the earliest after it that do; with a note saying so. Unchanged otherwise."""
        allowed = self._allowed_mask(scope)
        if (allowed & self._names_leader).any():
            return scope, ""
        naming = {self.store.chunks[r].doc_id for r in np.flatnonzero(self._names_leader & self._allowed_mask(scope.undated()))}
        dated = [d for d in self._dated_documents(scope.undated()) if d.id in naming]
        before = max((d for d in dated if d.date < scope.since), key=lambda d: d.date, default=None) if scope.since else None  # type: ignore[operator]
        end = scope.until or scope.since
        after = min((d for d in dated if d.date > end), key=lambda d: d.date, default=None) if end else None  # type: ignore[operator]
        nearest = [d for d in (before, after) if d is not None]
        if not nearest:
            return scope, ""
        within = {self.store.chunks[r].doc_id for r in np.flatnonzero(allowed)}
        when = describe_dates(scope.since, scope.until, scope.spans)
        months = " and ".join(format_period(d.date[:7]) for d in nearest)  # type: ignore[index]
        note = f"no document dated {when} names its director of children's services: the nearest that do, {months}"
        return replace(scope.undated(), documents=frozenset(within | {d.id for d in nearest})), note

    def _replaced(self, authority_id: str) -> bool:
        """Whether the table knows the authority and it has since been replaced (Cumbria, Northamptonshire)."""
        return authority_id in self.table.ids() and bool(self.table.get(authority_id).until)

    def _latest_before(self, scope: Scope) -> tuple[Scope, str]:
        """``scope`` at any date, narrowed to the latest Ofsted report of each line of succession whose
        latest is dated before the scope's start; with the note saying so. With no start ("…never been
        inspected?", "…never had a focused visit?"), of each line with no report of the kind asked."""
        since = scope.since or ""

        def latest_of(within: Scope) -> dict[str, Document]:
            latest: dict[str, Document] = {}
            for d in self._dated_documents(within.undated()):
                head = self.table.line_head(d.authority)  # type: ignore[arg-type]
                if d.source_kind == "primary" and (head not in latest or d.date > latest[head].date):  # type: ignore[operator]
                    latest[head] = d
            return latest

        latest = latest_of(scope)
        if not since:
            kind = " or ".join(sorted(scope.doc_types)) if scope.doc_types else "Ofsted"
            every = latest_of(replace(scope, doc_types=None))
            before = [d for head, d in every.items() if head not in latest]
            scope = replace(scope.undated(), doc_types=None, documents=frozenset(d.id for d in before))
            if not before:  # the corpus holds an authority because it holds its reports
                return scope, f"every authority in scope has {'an' if kind[0] in 'aeiouAEIOU' else 'a'} {kind} report in the corpus"
            return scope, f"each authority with no {kind} report in the corpus, by its latest Ofsted report"
        before = [d for d in latest.values() if d.date < since]  # type: ignore[operator]
        scope = replace(scope.undated(), documents=frozenset(d.id for d in before))
        when = format_period(since[:7]) if since[5:] != "01-01" else since[:4]
        if not before:
            return scope, f"every authority in scope has an Ofsted report in the corpus dated {when} or later"
        return scope, f"each authority whose latest Ofsted report in the corpus is dated before {when}, by that report"

    def _holdings_note(self, scope: Scope, types: frozenset[str], every_kind: bool) -> str:
        """How many documents of the kind asked for the corpus holds in scope (a report and its text copy
        once), which need not be every one there was: "Ofsted reports only: the corpus holds 5 in this scope"."""
        held = [doc for docs in self._held(scope).values() for doc in docs]
        if every_kind and not (types and types <= _SECONDARY_TYPES):  # (not "Which news stories are in the corpus?")
            what = "every kind of source"
        elif scope.source_kind == "secondary":
            what = "secondary sources only"
        else:
            what = f"{' and '.join(sorted(types)) if types else 'Ofsted'} reports only"
        note = f"{what}: the corpus holds {len(held)} in this scope, not necessarily every one published"
        if len(held) > self.settings.list_max_entries:
            note += (
                f"; {self.settings.list_max_entries} are listed: name an authority or years for the rest, "
                "or see them all on the Corpus page (`inspection-qa documents`)"
            )
        return note

    def _held(self, scope: Scope) -> dict[str, set[tuple]]:
        """The documents the scope allows, by line of succession, each report once (not its text copy
        too): what "the corpus holds" counts."""
        held: dict[str, set[tuple]] = defaultdict(set)
        for d in self._dated_documents(scope):
            head = self.table.line_head(d.authority)  # type: ignore[arg-type]
            held[head].add((d.date[:7], d.doc_type, d.source_kind))  # type: ignore[index]
        return held

    def _most_reports(self, scope: Scope, way: int) -> tuple[Scope, str]:
        """``scope`` narrowed to the authorities holding the most reports (``way`` 1) or the fewest (-1),
        with a note counting each authority's."""
        counts = {head: len(docs) for head, docs in self._held(scope).items()}
        if not counts:
            return scope, "the corpus holds no such report"
        ends = max(counts.values()) if way > 0 else min(counts.values())
        picked = sorted(head for head, n in counts.items() if n == ends)
        scope = replace(scope, authorities=frozenset(a for head in picked for a in self.table.lineage(head)))
        order = sorted(counts, key=lambda head: (-way * counts[head], self.table.short_name(head)))
        listed = ", ".join(f"{self.table.short_name(head)} {counts[head]}" for head in order)
        return scope, f"reports the corpus holds by authority, {'most' if way > 0 else 'fewest'} first: {listed}"

    def months_in_scope(self, scope: Scope) -> list[str]:
        """The months (YYYY-MM) of the dated documents the scope allows, oldest first."""
        return sorted({d.date[:7] for d in self._dated_documents(scope)})

    def reports_in_scope(self, scope: Scope) -> list[Document]:
        """Ofsted's own dated reports the scope allows, oldest first: one per authority, month and type (a
        report held as its PDF and a text copy is one)."""
        reports: dict[tuple, Document] = {}
        for d in sorted(self._dated_documents(scope), key=lambda d: (d.date, d.source)):
            if d.source_kind == "primary":
                reports.setdefault(report_key(d), d)
        return list(reports.values())

    def _dated_documents(self, scope: Scope) -> list[Document]:
        """The documents with a date that the scope allows, by authority, kind, type and dates."""
        return [
            d for d in self.store.documents.values()
            if d.date and scope.allows_document(d) and scope.allows_span(document_span(d))
        ]

    def _latest_note(self, doc_ids: list[str], intent: TimeIntent, graded: bool = False) -> str:
        docs = [self.store.documents[d] for d in doc_ids]
        dates = sorted({d.date[:7] for d in docs}, reverse=True)  # type: ignore[index]
        what = ("graded " if graded else "") + (intent.latest_kind or "report")
        label = f"the latest {what}" if intent.latest == 1 else f"the latest {intent.latest} {what}s"
        if intent.skip:  # "the previous inspection"
            label = f"the {what} before the latest"
        if intent.earliest:  # the oldest the corpus holds, which need not be the first there was
            label = f"the earliest {what} the corpus holds"
        if intent.onward:  # "since its last inspection": the latest set against the one before it
            primary = [d for d in docs if d.source_kind == "primary"]
            ofsted = [d for d in primary if _of_kind(d, intent.latest_kind)]
            if not ofsted:  # (Kent has had no focused visit: "since its last focused visit" counts its reports)
                ofsted, what = primary, ("graded " if graded else "") + "report"
            newest = max(ofsted, key=lambda d: d.date).doc_type  # type: ignore[arg-type,return-value]
            held = {d.date[:7] for d in ofsted if d.doc_type == newest}  # type: ignore[index]
            first = f"the {what} before the latest" if len(held) > 1 else f"the latest {what} (the only {newest} in this scope)"
            return f"{first} and every source since: from {dates[-1]}"
        if len({self.table.line_head(d.authority) for d in docs}) > 1 and len(dates) > 1:
            # Many authorities' latest reports: their span, not a dozen months.
            return f"{label} of each authority ({format_period(dates[-1])} to {format_period(dates[0])})"
        return f"{label}: {', '.join(dates)}"

    def share_sentence_vectors(self) -> None:
        """Hand the index's sentence vectors to the answer composer (once), so an answer embeds
        only the question, never the passages' sentences."""
        if self._sentences_shared:
            return
        from indexer.embedding import sentence_rows_by_text
        from qa.compose_extractive import remember_sentence_vectors

        store = self.store
        rows = sentence_rows_by_text(store.chunks, store.sentence_rows, store.meta)
        if rows:
            remember_sentence_vectors(str(self.embedder.model_id), list(rows), store.sentence_vectors[list(rows.values())])
        elif len(store.sentence_rows):
            log.warning(
                "the index's sentences were split under other rules: answers will embed their sentences afresh "
                "(slower). Rebuild the index with `inspection-qa index --full`."
            )
        self._sentences_shared = True

    def judgements(self, question: str, evidence: list[Evidence], scope: Scope, drop: frozenset[str]) -> list[Evidence]:
        """For each report among ``evidence``, the passage stating its judgement of what the question
        asks about, where the scope allows it and it is not already there: a timeline then states each
        period's grade. For a topic, the passage opening that judgement area ("The experiences and
        progress of care leavers: requires improvement to be good"); for the service as a whole, the
        one giving overall effectiveness. Ranked after ``evidence``, at its lowest score."""
        docs = {e.chunk.doc_id for e in evidence}
        # "Which councils were judged inadequate?" (or "…went from inadequate to good?") asks of every
        # report in scope, found by search or not; so does "How was BCP judged?", whose search may rank
        # a news story of a report above the report's own grade table.
        # "Which councils have never been judged inadequate?" asks of every graded report, whatever its grade.
        never = asks_never(question)
        named = () if never else listed_grades(question)
        every = is_grade_question(question) or never
        verdict = asks_for_verdict(question, drop)
        # "How is every council doing?": each authority's judgement, found by search or not
        every = every or (verdict and asks_which_authorities(question) and asks_how_judged(question, drop))
        terms = {} if verdict else question_terms(question, drop)

        def stating(grades: Sequence[str]) -> list[int]:
            """The rows giving the judgement asked about: stating one of ``grades``, or (none named) of
            every report or those among ``evidence``."""
            if verdict:
                return [
                    row for doc, row in self._overall_row.items()
                    if (states_grade(self._overall_text.get(doc, ""), grades) if grades else every or doc in docs)
                ]

            def gives(row: int, area: frozenset[str]) -> bool:
                """The row gives a grade asked for to ``area``: its heading says so, or (a grade table's
                summary, "The experiences and progress of children in care: Outstanding") its own row."""
                said = (self.store.chunks[row].section or "", self._area_grade.get((row, area), ""))
                return any(states_grade(text, grades) for text in said)

            return [
                row for row, areas in self._judgement_area.items()
                if any(
                    area_coverage(terms, area) >= AREA_MATCH
                    and (gives(row, area) if grades else every or self.store.chunks[row].doc_id in docs)
                    for area in areas
                )
            ]

        rows = stating(named)
        if named and asks_which_authorities(question) and not any(self._allowed_mask(scope)[row] for row in rows):
            # "Which councils were judged inadequate in 2025?", none so judged: every graded report in
            # scope, which the answer lists with the grade each gives instead.
            every = True
            rows = stating(())
        if verdict and asks_without_overall(question):  # "Which councils have no overall grade?": those reports alone
            rows = [row for row in rows if self._no_overall_grade[row]]
        return self._brought_in(rows, evidence, scope)

    def improvement_lists(self, evidence: list[Evidence], scope: Scope) -> list[Evidence]:
        """The passages of the "What needs to improve?" or priority-action lists of each Ofsted report
        among ``evidence`` (for an authority's scope, of each in it), where the scope allows them and
        they are not already there: asked what Ofsted told an authority to improve, its own lists
        answer, even where a news story saying "Ofsted" and "improve" more often ranked above them.
        Ranked after ``evidence``, at its lowest score."""
        docs = {e.chunk.doc_id for e in evidence if e.document.source_kind == "primary"}
        if scope.authorities is not None:  # "What did Ofsted tell BCP to improve?": every report in scope
            docs |= {d.id for d in self.store.documents.values() if d.source_kind == "primary" and scope.allows_document(d)}
        rows = [r for r in np.flatnonzero(self._improvement_section).tolist() if self.store.chunks[r].doc_id in docs]
        return self._brought_in(rows, evidence, scope)

    def _brought_in(self, rows: list[int], evidence: list[Evidence], scope: Scope) -> list[Evidence]:
        """``rows`` the scope allows and ``evidence`` lacks, as evidence ranked after it at its lowest
        score; a report held twice (its PDF and a text copy) gives each passage once, from the preferred copy."""
        have = {e.chunk.id for e in evidence}
        allowed = self._allowed_mask(scope)
        floor = min((e.score for e in evidence), default=0.0)
        preferred = {self._canonical.get(row, row) if allowed[self._canonical.get(row, row)] else row for row in rows}
        extra = [row for row in sorted(preferred) if allowed[row] and self.store.chunks[row].id not in have]
        return [self._evidence(self._candidate(row, floor), len(evidence) + i, None, None) for i, row in enumerate(extra, start=1)]

    def term_rarity(self, question: str) -> dict[str, float]:
        """Inverse document frequency over the indexed passages of each of the question's stems."""
        from math import log

        bm25 = self.store.bm25
        indptr = bm25.scores["indptr"]
        n = len(self.store.chunks)
        out: dict[str, float] = {}
        for t in stems(question):
            i = bm25.vocab_dict.get(t)
            df = 0 if i is None else int(indptr[i + 1] - indptr[i])
            out[t] = log((n + 1) / (df + 0.5))
        return out

    # --- search ---------------------------------------------------------------------------------

    def search_query(self, query: "Query") -> list[Evidence]:
        return self.search_in_scope(query)[1]

    def search_in_scope(self, query: "Query") -> tuple[Scope, list[Evidence]]:
        """The scope a query resolves to, and what search found there."""
        scope, intent, _ = self.resolve(query)
        return scope, self.search(query.question, scope, top_k=query.top_k, intent=intent)

    def search(
        self, question: str, scope: Scope, top_k: int | None = None, intent: TimeIntent | None = None
    ) -> list[Evidence]:
        """The ``top_k`` best passages the scope allows, best first; never one outside it."""
        s = self.settings
        top_k = top_k or s.top_k
        intent = intent or parse_time(question)
        allowed = self._allowed_mask(scope)
        names = self._scope_names(question, scope)
        drop = self._not_topic(question, names)
        every_report = lists_reports(question, drop) or asks_without_overall(question)
        # (a letter's opening lines are framing, yet name its addressee: "Who was Bury's director of children's services?")
        if not (every_report or asks_about_the_visit(question) or asks_who_leads(question)) and (allowed & ~self._framing_only).any():
            allowed = allowed & ~self._framing_only
        gives_dates = self._gives_dates | self._opens_source if asks_for_all_sources(question, drop) else self._gives_dates
        if asks_for_dates(question, drop) and (allowed & gives_dates).any():
            # "When was Surrey inspected?", "Which councils were inspected in 2024?", "What inspections
            # has Bury had?": each report's dates (its title page, or a letter's opening), for a list up
            # to a full list of them; asked for documents, each news story's or slide deck's opening too.
            allowed = allowed & gives_dates
            if every_report:
                top_k = max(top_k, s.list_max_entries)
        if asks_when_reorganised(question, drop) and (allowed & self._tells_reorganisation).any():
            # "When was Northamptonshire split?": the passages that tell when an authority began or ended.
            allowed = allowed & self._tells_reorganisation
        if asks_without_overall(question) and (allowed & self._no_overall_grade).any():
            # "Which councils have no overall grade?": every report that gives none, and nothing else.
            allowed = allowed & self._no_overall_grade
            top_k = max(top_k, s.list_max_entries)
        if asks_for_mentions(question) and (saying := self._saying(question, drop, allowed)).any():
            # "Which councils mention county lines?": the passages that say it, not "county council".
            allowed = saying
        rows = np.flatnonzero(allowed).astype(np.int64)
        if len(rows) == 0 or top_k <= 0:
            return []

        q = self._query_vector(question, names, intent)
        # Exact cosine over the allowed rows only: a few hundred rows for one authority.
        dense_scores = self._dense_rows(rows, q)
        dense = top_rows(rows, dense_scores, s.candidate_k)
        kw_all = self._keyword_scores(question, drop)
        keyword = top_rows(rows, kw_all[rows], s.candidate_k, positive_only=True) if kw_all is not None else []
        is_boosted = self._boost_mask(question, names, rows, intent)
        boosted = rows[is_boosted]
        if len(boosted):
            # Candidates whatever their rank, scored on the same scale as the rest, then boosted.
            dense += list(zip(boosted.tolist(), dense_scores[is_boosted].tolist()))
            if kw_all is not None:
                keyword += [(int(r), float(kw_all[r])) for r in boosted if kw_all[r] > 0]

        if s.fusion == "convex":
            # BM25 is scaled from 0 to its best score, so a weak best keyword match stays weak instead of
            # being stretched to 1. Cosines are min-max scaled over the candidates: they bunch in a narrow
            # band far above 0, and scaled from 0 they would barely separate the candidates, leaving the
            # order to the keywords whatever the weights say.
            fused = convex_fusion(dict(dense), dict(keyword), s.convex_dense_weight, floor={"keyword": 0.0})
        else:
            fused = reciprocal_rank_fusion(
                [[r for r, _ in dense], [r for r, _ in keyword]], [s.dense_weight, s.keyword_weight], k=s.rrf_k
            )
        for r in boosted:
            fused[int(r)] = fused.get(int(r), 0.0) + s.summary_boost
        if s.quantity_boost > 0 and asks_how_many(question):
            # "How many agency staff…?" is answered by a sentence giving a number about the topic.
            topic = CountTopic.of(question, drop).words
            for r in fused:
                if topic & self._counted.get(r, frozenset()):
                    fused[r] += s.quantity_boost
        if s.change_boost > 0 and intent.change_over_time:
            for r in fused:
                if self._states_change[r]:
                    fused[r] += s.change_boost
        # Asked plainly of one authority ("Tell me about Trafford"), every report is as relevant as another:
        # each gets a slot, from a pool as wide as a change over time's, however weakly it matched.
        plain = scope.authorities is not None and asks_plainly(question, drop) and not asks_which_authorities(question)
        pool_size = max(s.diversify_pool, 3 * top_k) if intent.change_over_time or plain else 3 * top_k
        if s.phrase_boost > 0 and (asked := phrases_asked(question, drop)):
            # "quality assurance" said as one phrase, not "quality" here and "assurance" there.
            for r in ranked(fused)[: 2 * pool_size]:  # those that may rise into the pool
                if said := asked & said_pairs(self.store.chunks[r].text):
                    fused[r] += s.phrase_boost * len(said) / len(asked)
        fused = self._merge_copies(fused, allowed)
        order = ranked(fused)
        candidates = collapse_duplicates(
            [self._candidate(r, fused[r]) for r in order[:pool_size]], s.duplicate_threshold, self._shingles
        )
        if intent.change_over_time:
            chosen = spread_over_groups(candidates[: max(s.diversify_pool, top_k)], top_k, s.per_document_cap, s.period_floor)
        elif every_report or plain or asks_which_authorities(question) or scope.authorities is None:
            # "Which councils use the Mockingbird model?", or any question of every authority: each line of
            # succession (Bournemouth, then BCP) in the pool before any gets a second; "Which councils
            # were inspected in 2024?", "What inspections has Bury had?", "Tell me about Trafford": every report.
            line = self.table.line_head
            key = (lambda c: c.doc_id) if every_report or plain else (lambda c: line(c.authority))
            floor = 0.0 if plain else s.period_floor
            chosen = spread_over_groups(candidates, top_k, s.per_document_cap, floor, key=key)
        elif sets_beside_ofsted(question):
            # "Did the news coverage match what Ofsted said?": the best of each kind of source before a second.
            chosen = spread_over_groups(candidates, top_k, s.per_document_cap, key=lambda c: str(c.primary))
        else:
            chosen = candidates[:top_k]
        return [
            self._evidence(c, rank, float(self.store.vectors[c.row] @ q), None if kw_all is None else float(kw_all[c.row]), q)
            for rank, c in enumerate(chosen, start=1)
        ]

    def _boost_mask(self, question: str, names: list[str], rows: np.ndarray, intent: TimeIntent) -> np.ndarray:
        """Which of ``rows`` stand where a report answers this kind of question: its opening summary
        when the question asks for a verdict on the whole service, its "What needs to improve?" or
        priority-action lists when it asks what must improve; its title page (or a letter's opening) when
        it asks who inspected or when; none otherwise.

        Asked how the whole service changed, the summary's prose is boosted but not the grade table:
        the answer brings each report's grade row in anyway (``judgements``). Asked why it was judged
        so, the reasons are in the prose too."""
        s = self.settings
        if s.summary_boost <= 0:
            return np.zeros(len(rows), dtype=bool)
        if asks_for_improvements(question):
            return self._improvement_section[rows]
        if asks_who_inspected(question):
            return self._names_inspectors[rows]
        if asks_who_leads(question):
            return self._names_leader[rows]
        if asks_when_visited(question):
            return self._gives_dates[rows]
        if asks_what_visit_covered(question):
            return self._says_what_covered[rows]
        if asks_for_verdict(question, name_stems(names)):
            # A letter's account of what its visit looked at opens it too, but gives no verdict.
            summary = self._summary[rows] & ~self._says_what_covered[rows]
            return summary & ~self._grade_table[rows] if intent.change_over_time or asks_why(question) else summary
        return np.zeros(len(rows), dtype=bool)

    def _merge_copies(self, fused: dict[int, float], allowed: np.ndarray) -> dict[int, float]:
        """Scores moved to each passage's preferred copy (where the scope allows it), best score kept."""
        merged: dict[int, float] = {}
        for row, score in fused.items():
            best = self._canonical.get(row, row)
            if not allowed[best]:
                best = row
            if score > merged.get(best, float("-inf")):
                merged[best] = score
        return merged

    def _query_vector(self, question: str, names: list[str], intent: TimeIntent) -> np.ndarray:
        text = dense_text(question, names, intent.phrases, self.synonyms) if self.settings.dense_query_cleanup else question
        return self.embedder.embed_query(text)

    def _dense_rows(self, rows: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Cosine of each row to the query: part the passage's own vector, part its best sentence's.

        One sentence that answers the question can be drowned in a passage's vector by the
        sentences around it; its own vector is not. Rows without sentence vectors keep their own score.
        """
        own = self.store.vectors[rows] @ q
        w = self.settings.sentence_weight
        sent_rows = self.store.sentence_rows
        if w <= 0 or len(sent_rows) == 0 or len(rows) == 0:
            return own
        wanted = np.zeros(len(self.store.chunks), dtype=bool)
        wanted[rows] = True
        picked = np.flatnonzero(wanted[sent_rows])
        if len(picked) == 0:
            return own
        sims = self.store.sentence_vectors[picked] @ q
        owners = sent_rows[picked]
        # sentence_rows ascends, so each row's sentences form one run: reduce each run to its maximum.
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        best = np.full(len(self.store.chunks), np.nan, dtype=np.float32)
        best[owners[starts]] = np.maximum.reduceat(sims, starts)
        b = best[rows]
        return np.where(np.isnan(b), own, (1 - w) * own + w * b)

    def _shingles(self, c: Candidate) -> frozenset:
        """Word 3-grams of a row, computed once per row for the life of the searcher."""
        sh = self._shingle_cache.get(c.row)
        if sh is None:
            sh = self._shingle_cache[c.row] = shingles(c.text)
        return sh

    def _keyword_scores(self, question: str, drop: frozenset[str]) -> np.ndarray | None:
        """BM25 scores of every row for the question's topic words; None when it has none."""
        tokens = keyword_tokens(question, drop=drop, synonyms=self.synonyms)
        if not names_a_topic(tokens):
            # BM25 would rank passages by how often they say "report", and the best of them would score
            # as a perfect keyword match.
            return None
        ids = self.store.bm25.get_tokens_ids(tokens)
        if not ids:
            return None
        return np.asarray(self.store.bm25.get_scores(ids), dtype=np.float32)

    def _saying(self, question: str, drop: frozenset[str], allowed: np.ndarray) -> np.ndarray:
        """Of ``allowed``, the rows holding every topic word of the question, and each phrase it says
        ("county lines"); none when it names no topic word."""
        words = [t for t in topic_terms(question, drop) if t not in GENERIC_WORDS]
        ids = self.store.bm25.get_tokens_ids(words)
        if not words or len(ids) < len(words):
            return np.zeros_like(allowed)  # a word no passage in the index holds
        held = self._holding_every(ids, allowed)
        if asked := phrases_asked(question, drop):
            for r in np.flatnonzero(held):
                held[r] = asked <= said_pairs(self.store.chunks[r].text)
        return held

    def _holding_every(self, ids: Sequence[int], allowed: np.ndarray) -> np.ndarray:
        """Of ``allowed``, the rows holding every one of the keyword index's tokens ``ids``."""
        held = allowed.copy()
        for i in ids:
            held &= np.asarray(self.store.bm25.get_scores([i])) > 0
        return held

    def says_any(self, phrases: Sequence[tuple[str, ...]], scope: Scope, adjacent: bool = False) -> bool:
        """Whether a passage in scope holds every word of one of ``phrases`` (BM25 tokens); ``adjacent``,
        as the phrase ("priority action", not "priorities, principles and actions")."""
        allowed = self._allowed_mask(scope)
        for phrase in phrases:
            ids = self.store.bm25.get_tokens_ids(list(phrase))
            if not phrase or len(ids) < len(phrase):
                continue  # a word no passage in the index holds
            rows = np.flatnonzero(self._holding_every(ids, allowed))
            if adjacent:
                rows = [r for r in rows if holds_phrase(stems(self.store.chunks[r].text), phrase)]
            if len(rows):
                return True
        return False

    def publishers_named(self, question: str) -> list[str]:
        """Publishers of documents in the index that the question names as written ("Community Care";
        not "community care services")."""
        return [p for p in self._publishers if names_publisher(question, p)]

    def _scope_names(self, question: str, scope: Scope) -> list[str]:
        """Names and aliases of the authorities in scope and of those the question names, the regions
        and publishers it names: scope, not topic."""
        ids = set(scope.authorities or ()) | set(self.table.mentions(question))
        regions = [words for _, words in self.table.regions_named(question)]  # "in the North West"
        return self.table.names_of(ids) + regions + self.publishers_named(question)

    @staticmethod
    def _not_topic(question: str, names: list[str]) -> frozenset[str]:
        """Stems of the question that are scope or how it is put, not its topic: the names in scope,
        the words asking for a list ("each council") or for strengths ("what works well")."""
        return name_stems(names) | listing_words(question) | strengths_words(question)

    def _candidate(self, row: int, score: float) -> Candidate:
        chunk = self.store.chunks[row]
        doc = self.store.documents[chunk.doc_id]
        primary, paged = self._preference(chunk)
        return Candidate(
            row=row,
            doc_id=chunk.doc_id,
            period=self._period[row],
            score=score,
            text=chunk.text,
            primary=primary,
            paged=paged,
            authority=doc.authority,
            doc_month=(doc.date or "")[:7] or None,
        )

    def _evidence(self, c: Candidate, rank: int, dense: float | None, keyword: float | None, q: np.ndarray | None = None) -> Evidence:
        chunk = self.store.chunks[c.row]
        return Evidence(
            chunk=chunk,
            document=self.store.documents[chunk.doc_id],
            rank=rank,
            score=c.score,
            dense_score=dense,
            sentence_score=None if q is None else self._nearest_sentence(c.row, q),
            keyword_score=keyword,
            opening=bool(self._summary[c.row]),
        )

    def _nearest_sentence(self, row: int, q: np.ndarray) -> float | None:
        """The cosine to ``q`` of the passage's sentence nearest it (None for a passage with no sentence vectors)."""
        sent_rows = self.store.sentence_rows
        lo, hi = np.searchsorted(sent_rows, row, side="left"), np.searchsorted(sent_rows, row, side="right")
        return float((self.store.sentence_vectors[lo:hi] @ q).max()) if hi > lo else None
