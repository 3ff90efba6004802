"""Change-over-time answers: what each dated source said, oldest first.

Evidence is grouped by the month its passage is about (``Evidence.date``) and its document, so an
Ofsted report and a newspaper's account of it stay apart and each keeps its kind in view. Each
entry carries a label a reader can place ("Dec 2021 — Ofsted inspection (primary)") and its one or
two best sentences, cited.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Mapping, Sequence, TypeVar

from indexer.authorities import AuthorityTable
from indexer.types import Document
from qa.compose_extractive import (
    COMPOSER,
    Candidate,
    CitationBook,
    cited_sentences,
    reading_order,
    recalls_before,
    select_mmr,
    states_grade,
)
from qa.lexical import (
    AREA_MATCH,
    GRADES,
    LEADERSHIP_GRADE,
    OVERALL_GRADE,
    VERDICT_WORDS,
    area_coverage,
    asks_for_best,
    asks_for_reports,
    asks_grade_tally,
    asks_how_many,
    asks_how_many_graded,
    asks_how_often_graded,
    asks_longest,
    asks_never,
    asks_which_authorities,
    became_grade,
    best_report,
    coverage,
    dated_by_grade,
    grade_direction,
    grade_move,
    listed_grades,
    move_from,
    named_grade,
    names_grades,
    question_terms,
    stem_set,
    times_asked,
)
from qa.scope import describe_dates
from qa.timeparse import parse_time
from qa.types import Answer, Evidence, SourceLabel, TimelineEntry

T = TypeVar("T")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DOC_TYPE_LABEL = {
    "full inspection": "Ofsted inspection",
    "looked after children inspection": "Ofsted inspection of looked after children services",
    "focused visit": "Ofsted focused visit",
    "monitoring visit": "Ofsted monitoring visit",
    "area SEND inspection": "Ofsted and CQC area SEND inspection",
    "safeguarding board review": "Ofsted review of the safeguarding board",
    "news": "news report",
}
_REPORTED = (
    (re.compile(r"\bfocused visit", re.I), "Ofsted's focused visit"),
    (re.compile(r"\bmonitoring visit", re.I), "Ofsted's monitoring visit"),
    (re.compile(r"\bofsted\b|\binspect", re.I), "Ofsted's inspection"),
)


def period_of(date: str | None) -> str:
    """The year-month (or year) a date falls in; 'undated' when there is none."""
    if not date:
        return "undated"
    return date[:7] if re.match(r"^\d{4}-\d{2}", date) else date[:4]


def format_date(iso: str | None) -> str:
    """'2024-12-02' -> '2 Dec 2024'; '2024-12' -> 'Dec 2024'; '2024' stays; None -> 'undated'."""
    if not iso:
        return "undated"
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
    if not m:
        return iso
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and 1 <= int(month) <= 12:
        name = MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def published_apart(published: str | None, date: str | None) -> bool:
    """Whether a publication date falls in another month than the date shown (a report of a December
    2021 inspection published in February 2022): worth showing beside it."""
    return bool(published and published[:7] != (date or "")[:7])


def format_period(period: str) -> str:
    """'2021-12' -> 'Dec 2021'; '2021' stays; anything else is shown as it is."""
    m = re.match(r"^(\d{4})-(\d{2})$", period)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return period



def source_label(evidence: Evidence, table: AuthorityTable | None = None, name_authority: bool = False) -> SourceLabel:
    """'Dec 2021 — Ofsted inspection (primary)'; a secondary source that reports Ofsted says so.
    ``name_authority``: 'Oct 2022 — West Northamptonshire · Ofsted inspection (primary)'."""
    doc: Document = evidence.document
    what = _DOC_TYPE_LABEL.get(doc.doc_type)
    if doc.doc_type == "council self-evaluation":
        what = f"{(table.name_of(doc.authority) if table else doc.authority)} self-evaluation"
    elif name_authority and table is not None and what is not None:
        what = f"{table.short_name(doc.authority)} · {what}"
    if what is None:
        what = doc.title if len(doc.title) <= 60 else doc.doc_type
    written = period_of(doc.date)
    if evidence.chunk.about_date and written != period_of(evidence.chunk.about_date) and doc.date:
        # A passage dated by what it recalls names the report it comes from: 'Jul 2018 — Ofsted inspection'
        # alone would announce a July 2018 inspection that never took place.
        what += f" of {format_period(written)}" + (", looking back" if doc.source_kind == "primary" else "")
    if doc.source_kind == "secondary":
        # What the source reports: its title says, unless the passage is dated by an event of its own;
        # a story about an inspection that recalls an earlier visit on the way still reports the inspection.
        texts = (evidence.chunk.text,) if evidence.chunk.about_date else (doc.title, evidence.chunk.text)
        reported = next((r for text in texts for pattern, r in _REPORTED if pattern.search(text)), None)
        if reported:
            what += f", reporting {reported}"
    return SourceLabel(_when(evidence), what, doc.source_kind)


def _when(evidence: Evidence) -> str:
    """The entry's month, or the months its document covers where they run on beyond the next month
    (council slides written from July 2018 to March 2019): an entry dated by its start alone would seem
    to fall outside a question about 2019."""
    doc = evidence.document
    start, end = (doc.period_start or "")[:7], (doc.period_end or "")[:7]
    if not evidence.chunk.about_date and months_apart(start, end) >= 2:
        return f"{format_period(start)} – {format_period(end)}"
    return format_period(period_of(evidence.date))


def months_apart(a: str, b: str) -> int:
    """Whole calendar months from one year-month ("2021-10") to another; 0 where either is not one."""
    if not (re.match(r"^\d{4}-\d{2}$", a) and re.match(r"^\d{4}-\d{2}$", b)):
        return 0
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7])


@dataclass(frozen=True)
class _Group:
    period: str
    document: Document
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> float:
        return max((c.relevance for c in self.candidates), default=0.0)

    @property
    def best_finding(self) -> float:
        """The best relevance of a sentence that is not a grade row (boosted for grade questions)."""
        return max((c.relevance for c in self.candidates if c.unit.kind != "grade"), default=0.0)


def _groups(cands: Sequence[Candidate]) -> list[_Group]:
    by_key: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    docs: dict[str, Document] = {}
    for c in cands:
        key = (period_of(c.evidence.date), c.evidence.document.id)
        by_key[key].append(c)
        docs[c.evidence.document.id] = c.evidence.document
    return [_Group(p, docs[d], tuple(cs)) for (p, d), cs in by_key.items()]


def _topic_share(g: _Group, topic: Mapping[str, float]) -> float:
    """The weighted share of the question's topic words that one sentence of the entry (with its heading)
    holds, in its words or the thesaurus's ("staff turnover" for "workforce"); a grade row of the area asked about ("The impact of leaders…", asked about leadership) holds it all."""
    return max((topic_share(c, topic) for c in g.candidates), default=0.0)


def topic_share(c: Candidate, topic: Mapping[str, float]) -> float:
    """The weighted share of the topic words one sentence (with its heading) holds, in its words or the
    thesaurus's; a grade row of the area asked about holds it all."""
    if sum(topic.values()) <= 0:
        return 1.0
    # (under its list's introduction and its section's heading both: "Areas for priority action")
    held = coverage(topic, c.said | stem_set(c.unit.heading or "") | stem_set(c.evidence.chunk.section or ""))
    return max(held, 1.0 if area_coverage(topic, c.stems) >= AREA_MATCH else 0.0) if c.unit.kind == "grade" else held


def _keep(
    groups: list[_Group], max_entries: int, floor: float, topic: Mapping[str, float] | None = None, min_share: float = 0.0
) -> list[_Group]:
    """Drop weak entries, then the secondary ones of a month that has a primary, then the weakest.

    With ``topic`` (the question's topic words by rarity), an entry none of whose sentences names
    most of the topic is off it ("foster carers are well supported" for a question on support for
    care leavers) and goes first, unless that would leave nothing.
    """
    if not groups:
        return []
    if topic and min_share > 0:
        groups = [g for g in groups if _topic_share(g, topic) >= min_share] or groups
    top = max(g.best for g in groups)
    # A source with no grade row (a focused visit, a monitoring letter) is measured against the best
    # finding, not against a boosted grade row: asked how a service fared, its findings still count.
    top_finding = max(g.best_finding for g in groups)
    # A floor of 0 keeps every source, however weak ("What inspections has Bury had?": each report's dates).
    kept = [g for g in groups if g.best >= top * floor or g.best_finding >= top_finding * floor] if top > 0 and floor > 0 else groups
    if len(kept) > max_entries:
        primary_periods = {g.period for g in kept if g.document.source_kind == "primary"}
        kept = [g for g in kept if g.document.source_kind == "primary" or g.period not in primary_periods] or kept
    if len(kept) > max_entries:
        kept = sorted(kept, key=lambda g: g.best, reverse=True)[:max_entries]
    return kept


def _one_grade(cands: Sequence[Candidate]) -> list[Candidate]:
    """The best grade row and every other sentence: an entry states one judgement, then a finding."""
    best = max((c for c in cands if c.unit.kind == "grade"), key=lambda c: c.relevance, default=None)
    return [c for c in cands if c.unit.kind != "grade" or c is best]


def _grade_asked(
    cands: Sequence[Candidate], whole_service: bool, topic: Mapping[str, float], named: Sequence[str] = ()
) -> Candidate | None:
    """The source's grade for what the question asks about: its overall effectiveness when the question
    is about the whole service, else its judgement of the area the topic names ("care leavers")."""
    grades = [c for c in cands if c.unit.kind == "grade"]
    if whole_service:
        fit = [c for c in grades if OVERALL_GRADE.match(c.unit.text)]
        if not fit:  # a report with no overall grade (from April 2026): its leadership judgement
            fit = [c for c in grades if c.evidence.document.without_overall_grade and LEADERSHIP_GRADE.match(c.unit.text)]
    else:
        fit = [c for c in grades if topic and not OVERALL_GRADE.match(c.unit.text) and area_coverage(topic, c.stems) >= AREA_MATCH]
        # The area named best: asked of "children in care", not "care leavers" for sharing "care".
        best = max((area_coverage(topic, c.stems) for c in fit), default=0.0)
        fit = [c for c in fit if area_coverage(topic, c.stems) == best]
    if named:  # "Which councils were judged inadequate?": a row stating another grade does not answer it
        fit = [c for c in fit if states_grade(c.unit.text, named)]
    return max(fit, key=lambda c: c.relevance, default=None)


def _entry_sentences(
    g: _Group, settings, whole_service: bool, topic: Mapping[str, float], named: Sequence[str] = ()
) -> list[Candidate]:
    """An entry opens with the grade asked about, where its source gives one, then its best findings;
    without one, its best sentences (one grade row at most)."""
    n, lam, floor = settings.timeline_sentences_per_entry, settings.answer_mmr_lambda, settings.answer_relative_floor
    # An entry is its report's own account: not its recall of the report before, where it says more.
    cands = [c for c in g.candidates if not recalls_before(c.evidence, c.unit)] or list(g.candidates)
    grade = _grade_asked(cands, whole_service, topic, named)
    if grade is None:
        return select_mmr(_one_grade(cands), n, lam, floor)
    findings = [c for c in cands if c.unit.kind != "grade"]
    if whole_service:
        # "Has Kent's grade gone down?": the report's opening sums up the verdict its grade gives, not a
        # detail that reads like the question ("pupils … higher than the national average").
        # (not an item of a list whose introduction the passage boundary cut off: "analysing and evaluating
        # reports from a variety of sources…" is how the 2013 inspection worked, no finding)
        opening = [c for c in findings if c.evidence.opening and not (c.unit.kind == "bullet" and c.unit.heading is None)]
        # Without the opening's findings at hand, a detail is quoted only for the question's own subject:
        # "Young people are encouraged to 'stay put'…" says "stay", not how long BCP stayed inadequate.
        subject = {t: w for t, w in topic.items() if t not in VERDICT_WORDS}
        findings = (opening or [c for c in findings if topic_share(c, subject) > 0]) if subject else opening
    return [grade, *select_mmr(findings, n - 1, lam, floor)]


def _chronological(g: _Group) -> tuple:
    # Undated entries last; within a month, Ofsted's own before other accounts of it.
    return (g.period == "undated", g.period, g.document.source_kind != "primary", -g.best)


def compose_timeline(
    question: str,
    candidates: Sequence[Candidate],
    settings,
    table: AuthorityTable | None = None,
    topic: Mapping[str, float] | None = None,
    whole_service: bool = False,
    every_report: bool = False,
    names: frozenset[str] = frozenset(),
) -> Answer:
    """One line per dated source, oldest first: its label, then its best sentences with markers.

    ``whole_service``: the question asks how the service as a whole was judged, so each entry states
    the source's overall effectiveness where it gives one. ``every_report``: the question asks which
    reports there are ("Which councils were inspected in 2024?", "What inspections has Bury had?":
    ``lexical.lists_reports``), so each is listed, however it ranks. ``names``: the stems of the
    authorities named, no topic of the question's (without ``topic``, its words are the terms)."""
    terms = topic or question_terms(question, names)
    groups = _groups(candidates)
    # "Which councils were judged inadequate?": the sources that state the grade named, where any does,
    # each opening with that grade.
    named = listed_grades(question)
    never = asks_never(question)
    asked = GRADES if never else named  # "…never judged inadequate?": each source's grade, whatever it is
    stating = [g for g in groups if _grade_asked(g.candidates, whole_service, terms, asked)] if named else []
    graded = [g for g in groups if _grade_asked(g.candidates, whole_service, terms)]  # the sources giving any grade
    if never:
        stating = _never(stating, named, whole_service, terms, table)
        if not stating:
            return _dated_answer(question, [], table, f"Every authority in scope was judged {' or '.join(named)} at least once.")
    # (a move named of one authority, "Why did Bury go from requires improvement to inadequate?", lists no
    # authorities by it: its reports' timeline answers)
    if (grade_move(question) and named) or grade_direction(question) or move_from(question):
        return _moves_answer(question, stating, settings, table, whole_service, terms, named)
    if (into := became_grade(question)) and not named:
        # "When did BCP become good?": its first report of that grade after one of another.
        oldest_first = sorted(graded, key=_chronological)
        if not any(_grade_stated(g, whole_service, terms) == into for g in oldest_first):
            return _dated_answer(question, [], table, f"No report in scope gives {into}.")
        answer = _moves_answer(question, oldest_first, settings, table, whole_service, terms, (*(x for x in GRADES if x != into), into))
        earliest: dict[str, _Group] = {}
        for g in oldest_first:
            earliest.setdefault(_line(g, table), g)
        already = {head: g for head, g in earliest.items() if _grade_stated(g, whole_service, terms) == into}
        if not already:
            return answer
        if not answer.timeline:  # "When did Kent become outstanding?": its first report in the corpus was
            dated = [(g, _entry_sentences(g, settings, whole_service, terms, (into,))) for g in already.values()]
            answer = _dated_answer(question, dated, table, "")
        notes = [
            f"The earliest graded report the corpus holds for {table.short_name(head) if table else head} "
            f"({format_period(g.period)}) already gives {into}: an earlier move into it would be in a report the corpus lacks."
            for head, g in already.items()
        ]
        return replace(answer, explanation=" ".join(x for x in (answer.explanation, *notes) if x))
    if named and (times := times_asked(question)):
        # "…judged inadequate more than once?": the authorities with that many reports stating it.
        stating = _repeated(stating, times, table)
        if not stating:
            said = {2: "more than once", 3: "more than twice"}[times]
            return _dated_answer(question, [], table, f"No authority in scope was judged {' or '.join(named)} {said}.")
    if named and stating and _BOTH.search(question) and len(points := parse_time(question).points) > 1:
        # "Which councils were inadequate in both 2018 and 2023?": the authorities so judged at each time.
        stating = _at_every(stating, points, table)
        if not stating:
            times = describe_dates(None, None, points)
            return _dated_answer(question, [], table, f"No authority in scope was judged {' or '.join(named)} in {times} alike.")
    absent_grade = ""
    if named and not stating and not never and asks_which_authorities(question):
        # "Which councils were rated outstanding in 2024?", none so rated: said, with the grades the
        # reports in scope give instead (it listed their passages nearest the question's words).
        stating = list(graded)
        absent_grade = f"No report in scope gives {' or '.join(named)}"
        if not stating:
            return _dated_answer(question, [], table, absent_grade + ".")
        asked, absent_grade = GRADES, absent_grade + ": the grades the reports in scope give instead are listed."
    if not stating and whole_service and best_report(question):
        # "Which inspection of Bury was the worst?": the reports that give a grade, ranked below.
        stating = list(graded)
    moved_out = (dated_by_grade(question) or ("",))[0] == "out"
    if not stating and whole_service and (names_grades(question) or moved_out) and not (every_report or asks_which_authorities(question)):
        # "How has Bury's grade changed?", "How long did it take Bury to get out of inadequate?": the
        # sources that give a grade, each opening with it; a focused visit gives none.
        stating = list(graded)
    # "Which councils were inspected in 2024?": every report in scope, each by its dates.
    most = settings.list_max_entries if stating or every_report else settings.timeline_max_entries
    # "Which councils use the Mockingbird model?": an authority is listed for saying so, not for "model".
    listing = asks_which_authorities(question) and not named
    share = max(settings.timeline_min_topic_share, settings.list_min_topic_share) if listing else settings.timeline_min_topic_share
    # every report, or every authority's latest, however it ranks (or each graded, none stating the grade asked)
    every = every_report or never or bool(absent_grade)
    floor = 0.0 if every else settings.timeline_relative_floor
    groups = sorted(_keep(stating or groups, most, floor, None if every else topic, share), key=_chronological)
    if stating and (best := asks_for_best(question) or best_report(question)):
        # "Which council is doing best?": each authority's latest grade, the best first (the worst, asked so).
        def rank(g: _Group) -> int:
            grade = _grade_stated(g, whole_service, terms)
            return -best * GRADES.index(grade) if grade else len(GRADES)

        groups = sorted(groups, key=rank)  # stable: by date within a grade
    dated = [(g, _entry_sentences(g, settings, whole_service, terms, asked)) for g in groups]
    answer = _dated_answer(question, dated, table, "No dated passage bears on the question.")
    note = ""
    if len(stating) > len(answer.timeline):
        note = f"{len(stating)} sources state it; the {len(answer.timeline)} that best match the question are shown: narrow the years or authorities for the rest."
    elif never:
        note = f"Counted from the reports the corpus holds: an authority may have been judged {' or '.join(named)} in a report it lacks."
    elif asks_how_many(question) and asks_which_authorities(question) and (stating or every_report) and answer.timeline:
        # "How many councils were judged inadequate in 2023?": the list is the count; a line of
        # succession (Bournemouth, then BCP) is one authority.
        if asks_how_many_graded(question):  # "How many inadequate judgements…?": each report counts
            note = f"{len(groups)} {'report' if len(groups) == 1 else 'reports'}, counted from those the corpus holds."
        else:
            counted = {_line(g, table) for g in groups}
            note = f"{len(counted)} {'authority' if len(counted) == 1 else 'authorities'}, counted from the reports the corpus holds."
    elif asks_how_often_graded(question) and graded and (grade := named_grade(question)):
        # "How many times has Birmingham been judged inadequate?": each report's grade is listed; the count is of them.
        judged = sorted((g for g in graded if _grade_stated(g, True, terms) == grade), key=_chronological)
        when = f" ({', '.join(format_period(g.period) for g in judged)})" if judged else ""
        note = (
            f"{len(judged)} of the {len(graded)} graded reports in scope {'gives' if len(judged) == 1 else 'give'} {grade} overall{when}, "
            "counted from the reports the corpus holds."
        )
    elif named and stating and asks_longest(question):
        # "Which council has been inadequate the longest?": each authority so judged now, by its latest report.
        note = (
            f"Each authority whose latest graded report gives {' or '.join(named)}, in the order of that report's date, "
            "the earliest first: an earlier report giving the same grade may be one the corpus lacks."
        )
    if asks_grade_tally(question) and stating:
        note = _tally(groups, whole_service, terms, table)
    note = absent_grade or note
    if note:
        answer = replace(answer, explanation=" ".join(x for x in (answer.explanation, note) if x))
    return answer


def _tally(groups: Sequence[_Group], whole_service: bool, terms: Mapping[str, float], table: AuthorityTable | None) -> str:
    """"Latest grades by authority: good 7, outstanding 5, …": each line of succession's latest grade, counted."""
    latest: dict[str, str] = {}  # line of succession → the grade of its latest source that states one
    for g in sorted(groups, key=_chronological):
        if grade := _grade_stated(g, whole_service, terms):
            latest[_line(g, table)] = grade
    counts = Counter(latest.values())
    said = ", ".join(f"{grade} {n}" for grade, n in sorted(counts.items(), key=lambda kv: (-kv[1], -GRADES.index(kv[0]))))
    return f"Latest grades by authority, most common first: {said} ({len(latest)} authorities, counted from the reports the corpus holds)."


def _line(g: _Group, table: AuthorityTable | None) -> str:
    """The line of succession a source's authority belongs to (Bournemouth, then BCP), as one key."""
    return table.line_head(g.document.authority) if table is not None else g.document.authority


def _grade_stated(g: _Group, whole_service: bool, terms: Mapping[str, float]) -> str | None:
    """The grade (one of GRADES) the source gives for what the question asks about, if it gives one."""
    row = _grade_asked(g.candidates, whole_service, terms, GRADES)
    return next((x for x in GRADES if states_grade(row.unit.text, (x,))), None) if row else None


def _never(
    graded: Sequence[_Group], named: Sequence[str], whole_service: bool, terms: Mapping[str, float], table: AuthorityTable | None
) -> list[_Group]:
    """The latest graded source of each line of succession none of whose sources gives a grade in
    ``named``: "Which councils have never been judged inadequate?" lists Kent by its latest grade."""
    lines: dict[str, list[_Group]] = defaultdict(list)
    for g in graded:
        lines[_line(g, table)].append(g)
    return [
        max(gs, key=_chronological) for gs in lines.values()
        if not any(_grade_stated(g, whole_service, terms) in named for g in gs)
    ]


def _repeated(stating: Sequence[_Group], times: int, table: AuthorityTable | None) -> list[_Group]:
    """The sources of the lines of succession (Bournemouth, then BCP) that state the grade asked for
    in at least ``times`` different months: a report and the news story of it are one judgement."""
    months: dict[str, set[str]] = defaultdict(set)
    for g in stating:
        months[_line(g, table)].add(g.period)
    return [g for g in stating if len(months[_line(g, table)]) >= times]


_BOTH = re.compile(r"\bboth\b", re.I)


def _at_every(stating: Sequence[_Group], points: Sequence[tuple[str, str]], table: AuthorityTable | None) -> list[_Group]:
    """The sources of the lines of succession that state the grade asked for at each of ``points``
    (ISO first and last days), and only those of such times."""
    def at(g: _Group) -> int | None:
        return next((i for i, (first, last) in enumerate(points) if first[:7] <= g.period <= last[:7]), None)

    times: dict[str, set[int]] = defaultdict(set)
    for g in stating:
        if (i := at(g)) is not None:
            times[_line(g, table)].add(i)
    return [g for g in stating if at(g) is not None and len(times[_line(g, table)]) == len(points)]


def _moves_answer(
    question: str,
    stating: Sequence[_Group],
    settings,
    table: AuthorityTable | None,
    whole_service: bool,
    terms: Mapping[str, float],
    grades: Sequence[str],
) -> Answer:
    """Two lines per authority that moved between grades, side by side.

    "Which councils went from inadequate to good?": the report of the first grade and the later one
    of the second, the most recent moves first. "Which councils improved the most?" (or "…got
    worse?"): the reports either side of each authority's biggest step up (down), biggest first."""
    def line(g: _Group) -> str:
        return _line(g, table)

    oldest_first = sorted(stating, key=_chronological)
    direction = grade_direction(question)
    if direction:
        steps = direction_moves(
            oldest_first, line, lambda g: _grade_stated(g, whole_service, terms), direction
        )
        moves = [(before, after) for before, after, _ in sorted(steps, key=lambda m: (m[2], m[1].period), reverse=True)]
        way = "up" if direction > 0 else "down"
        empty = f"No authority in scope moved {way} the grades from one report to the next."
        more = f"{len(moves)} authorities moved {way} the grades; the {{}} biggest moves are shown"
    else:
        # From one grade to another, from any other ("When did BCP become good?"), or out of one to any
        # above or below it ("Which councils improved from inadequate?": ``grades`` is that one, then those).
        out_of = move_from(question)
        firsts, thens = (grades[:1], grades[1:]) if out_of else (grades[:-1], grades[-1:])

        def states(g: _Group, grades: tuple[str, ...]) -> bool:
            return _grade_asked(g.candidates, whole_service, terms, grades) is not None

        moves = grade_moves(oldest_first, line, lambda g: states(g, tuple(firsts)), lambda g: states(g, tuple(thens)))
        moves.sort(key=lambda m: m[1].period, reverse=True)
        first = firsts[0] if len(firsts) == 1 else "another grade"
        then = ("a better grade" if out_of[1] > 0 else "a worse grade") if out_of else thens[0]
        empty = f"No report in scope judged an authority {first} and a later one {then}."
        more = f"{len(moves)} authorities made that move; the {{}} most recent are shown"
    shown = moves[: max(1, settings.list_max_entries // 2)]
    dated = [(g, _entry_sentences(g, settings, whole_service, terms, grades)) for move in shown for g in move]
    answer = _dated_answer(question, dated, table, empty)
    if len(moves) > len(shown):
        answer = replace(answer, explanation=more.format(len(shown)) + ": narrow the years or authorities for the rest.")
    return answer


def grade_moves(
    reports: Sequence[T], line: Callable[[T], str], is_first: Callable[[T], bool], is_then: Callable[[T], bool]
) -> list[tuple[T, T]]:
    """For each line of succession, its first move between two grades: the first report of the later
    grade that follows one of the earlier grade, with the last such one. ``reports`` oldest first."""
    moves: list[tuple[T, T]] = []
    last_first: dict[str, T] = {}
    moved: set[str] = set()
    for r in reports:
        key = line(r)
        if key in moved:
            continue
        if is_first(r):
            last_first[key] = r
        elif is_then(r) and key in last_first:
            moves.append((last_first[key], r))
            moved.add(key)
    return moves


def direction_moves(
    reports: Sequence[T], line: Callable[[T], str], grade: Callable[[T], str | None], direction: int
) -> list[tuple[T, T, int]]:
    """For each line of succession, its biggest move up (``direction`` 1) or down (-1) the grades
    between one graded report and the next, the latest of equal moves: (before, after, steps).
    ``reports`` oldest first; ``grade`` gives one of GRADES, or None for a report that states none."""
    best: dict[str, tuple[T, T, int]] = {}
    last: dict[str, tuple[T, str]] = {}
    for r in reports:
        g = grade(r)
        if g is None:
            continue
        key = line(r)
        if key in last:
            before, was = last[key]
            steps = (GRADES.index(g) - GRADES.index(was)) * direction
            if steps > 0 and steps >= best.get(key, (before, r, 0))[2]:
                best[key] = (before, r, steps)
        last[key] = (r, g)
    return list(best.values())


def compose_by_date(question: str, chosen: Sequence[Candidate], table: AuthorityTable | None = None) -> Answer:
    """A factual answer whose sentences come from sources of several dates: the same sentences, one
    line per source, oldest first, so a finding of 2018 is never read as one of 2024."""
    groups = sorted(_groups(chosen), key=_chronological)
    rank = {id(c): i for i, c in enumerate(chosen)}
    dated = [(g, reading_order(sorted(g.candidates, key=lambda c: rank[id(c)]))) for g in groups]
    return _dated_answer(question, dated, table, "No sentence in the passages found bears on the question.")


def several_dates(chosen: Sequence[Candidate]) -> bool:
    """Whether the sentences come from sources of more than one month."""
    return len({period_of(c.evidence.date) for c in chosen}) > 1


def _dated_answer(
    question: str, dated: Sequence[tuple[_Group, Sequence[Candidate]]], table: AuthorityTable | None, empty: str
) -> Answer:
    """One line per source, in the order given: its label, then its sentences with markers."""
    book = CitationBook()
    entries: list[TimelineEntry] = []
    lines: list[str] = []
    # Sources of authorities side by side (an unscoped question, North and West Northamptonshire) name
    # theirs, as does every answer to "which councils…?", and to "Which is the oldest report?", which
    # names no authority and so asks whose it is too.
    named = table is not None and (
        asks_which_authorities(question)
        or table.side_by_side({c.evidence.document.authority for _, cs in dated for c in cs})
        or (asks_for_reports(question) and not table.mentions(question) and not table.regions_named(question))
    )
    for g, chosen in dated:
        if not chosen:
            continue
        summary = " ".join(cited_sentences(chosen, book))
        numbers = tuple(dict.fromkeys(book.number(c) for c in chosen))
        label = source_label(chosen[0].evidence, table, named)
        entries.append(TimelineEntry(period=g.period, source=label, citations=numbers, summary=summary))
        lines.append(f"{label}: {summary}")
    return Answer(
        question=question,
        text="\n".join(lines),
        citations=book.citations(),
        insufficient_evidence=not lines,
        explanation="" if lines else empty,
        timeline=tuple(entries),
        composer=COMPOSER,
    )
