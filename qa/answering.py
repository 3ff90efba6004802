"""Answers: retrieve, decide whether the evidence answers, then compose with citations.

``answer_query`` and ``stream_answer`` are what ``QAService.ask`` / ``ask_stream`` call; ``compose``
is the core both use, given evidence already retrieved (the evaluation and tests call it directly).
The extractive composer is the default; an LLM composer is used when Settings configure one, and
falls back to the extractive answer whenever its output fails the citation check.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date
from typing import Any, Container, Iterator, Mapping, Sequence

from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from indexer.types import Document
from qa import compose_llm
from qa.glossary import meanings
from qa.compose_extractive import QUOTE_GAP, Candidate, Embedder, factual_sentences, paragraph_answer, score_candidates, with_note
from qa.lexical import (
    CAPITALISED_RUN,
    DIRECTION_WORDS,
    DOCUMENT_WORDS,
    GENERIC_WORDS,
    LEADERSHIP_GRADE,
    NAMED_LEADER,
    VERDICT_WORDS,
    CountTopic,
    asks_for_definition,
    asks_for_improvements,
    asks_for_mentions,
    asks_for_reports,
    asks_for_verdict,
    asks_how_long_to_publish,
    asks_how_many,
    asks_how_often_graded,
    asks_nothing,
    asks_plainly,
    asks_to_rank,
    asks_when_published,
    asks_which_authorities,
    asks_what_visit_covered,
    asks_who_leads,
    became_grade,
    counted_stems,
    dated_by_grade,
    is_grade_question,
    listed_grades,
    asks_about_grading,
    asks_without_overall,
    listing_words,
    names_a_topic,
    question_terms,
    sections_named,
    lists_reports,
    stems,
    topic_weights,
)
from qa.query_terms import SynonymTable
from qa.refusal import NamesAsked, Verdict, absent_names, closest_passages, decide, measure, name_said, named_terms, not_held_reason
from qa.scope import asks_for_secondary, describe_dates, in_words, names_publisher, report_key, sets_beside_ofsted, source_words
from qa.sentences import grade_of
from qa.timeline import compose_by_date, compose_timeline, format_date, format_period, period_of, several_dates, topic_share
from qa.timeparse import frameworks_named
from qa.types import Answer, Evidence, final_answer

log = logging.getLogger(__name__)

# Words inside authority names that are also ordinary topic words ("Bradford Children and Families Trust").
_COMMON_NAME_WORDS = frozenset(stems("children families trust council city borough county metropolitan district"))


def authority_terms(question: str, scope_authorities: frozenset[str] | None, table: AuthorityTable | None) -> frozenset[str]:
    """Stems of the names of authorities in scope or named in the question: scope, not topic.

    Their common words ("trust", "city") are topic ("What happened to Birmingham Children's Trust?"),
    except in a question about a grade: Ofsted grades the services the council or its trust runs, so
    "Is Birmingham Children's Trust good?" asks what "Is Birmingham good?" does."""
    if table is None:
        return frozenset()
    names = table.names_of(set(scope_authorities or ()) | set(table.mentions(question)))
    names += [words for _, words in table.regions_named(question)]  # "in the North West"
    common = frozenset() if is_grade_question(question) else _COMMON_NAME_WORDS
    return (frozenset(stems(" ".join(names))) - common) | listing_words(question)


def foreign_authorities(question: str, explicit_authority: str | None, scope_authorities: frozenset[str] | None, table: AuthorityTable) -> list[str]:
    """Authorities the question names that the user's own authority choice leaves out.

    Only when the user chose the authority: otherwise the question itself sets the scope.
    """
    if not explicit_authority or scope_authorities is None:
        return []
    return [table.get(a).name for a in table.mentions(question) if a not in scope_authorities]


def in_scope(evidence: Sequence[Evidence], scope_authorities: frozenset[str] | None) -> list[Evidence]:
    """Never cite outside the authority scope, whatever retrieval returned."""
    if scope_authorities is None:
        return list(evidence)
    kept = [e for e in evidence if e.document.authority in scope_authorities]
    if len(kept) < len(evidence):
        log.warning("dropped %d passages outside the authority scope", len(evidence) - len(kept))
    return kept


def as_asked(ev: Evidence, scope: Any) -> Evidence:
    """``ev`` dated for the time asked: within it, a report's recall of an earlier time is that report's
    account, dated as it is ("What did the 2019 focused visit find?" has no entry for 2016); outside it,
    the passage is there for the time it recalls ("What happened in Bury in 2016?")."""
    if scope.about_outside(ev.chunk.about_date):
        return replace(ev, chunk=replace(ev.chunk, about_date=None))
    return replace(ev, recalled=True, recalls=tuple(scope.mentions)) if scope.recalled(ev.document) else ev


def held_dates(months: Sequence[str], most: int = 6) -> str:
    """"Nov 2022 and Feb 2026"; past ``most``, the span: "9 dates from Jul 2013 to Feb 2026"."""
    said = [format_period(m) for m in months]
    return f"{len(said)} dates from {said[0]} to {said[-1]}" if len(said) > most else in_words(said)


def refusal(question: str, verdict: Verdict, evidence: Sequence[Evidence]) -> Answer:
    s = verdict.signals
    near = "" if (s.injection or s.foreign or s.absent or s.uncovered or s.off_remit) else closest_passages(evidence)
    return Answer(
        question=question,
        text="",
        citations=(),
        insufficient_evidence=True,
        explanation=" ".join(x for x in (verdict.reason, near) if x),
        composer="refusal",
    )


_PRIORITY_ACTIONS = re.compile(r"\bpriority\s+actions?\b|\bareas?\s+for\s+priority\s+action", re.I)
# The note naming the dates the corpus holds where those asked hold nothing; a refusal reads it back.
_HELD_OUTSIDE = "outside these dates, the corpus holds sources dated"
_NOTHING_DATED = re.compile(r"^nothing in scope is dated (.+?): passages from other dates")


# The note Searcher.resolve gives for a kind of report asked about that the scope holds none of.
_NO_KIND_HELD = re.compile(r"^no (.+?) report in scope: passages that mention one$")
# Said in place of a search when the question asks about nothing ("What?") and no scope is set.
_ASKS_NOTHING = "the question names no topic, authority or time, and none is set"
# "Compare Kent and Manchester": named beside an authority in scope, one the corpus holds nothing on.
_NOT_HELD = re.compile(r"^no documents about (.+) in the corpus$")


def _reason_from_notes(verdict: Verdict, notes: Sequence[str]) -> Verdict:
    """The refusal's reason where the scope's notes tell it better: "Did the Isles of Scilly improve after
    2023?", with nothing dated since 2024 and no passage of another date speaking of that time, the dates
    are why, not a topic the reports do not cover; "What?", there was nothing to search for."""
    s = verdict.signals
    if _ASKS_NOTHING in notes and s.n_evidence == 0:
        return replace(verdict, reason=(
            "The question asks about nothing the reports could be searched for: name a topic, an authority or a time, "
            "for example \"How has care leaver support in BCP changed since 2018?\" or \"What did Ofsted say about Kent in 2025?\"."
        ))
    said = next((m.group(1) for n in notes if (m := _NOTHING_DATED.match(n))), None)
    # ("Did Dorset improve after 2022?", where no passage of another date names those years either)
    empty = s.n_evidence == 0 and any(n.startswith(_HELD_OUTSIDE) for n in notes)
    if s.injection or s.foreign or s.uncovered or s.off_remit or s.absent:
        return verdict
    if not (said or empty) and (missing := next((m.group(1) for n in notes if (m := _NOT_HELD.match(n))), None)):
        # "How does Sunderland compare with South Tyneside?": Sunderland is why, not a topic the reports
        # do not cover.
        return replace(verdict, reason=not_held_reason(missing.split(" or "), beside=True))
    if not (said or empty):
        # "What did the latest monitoring visit to Bradford find?", where the corpus holds none of its
        # monitoring letters: that is why, not a topic the reports do not cover.
        kind = next((m.group(1) for n in notes if (m := _NO_KIND_HELD.match(n))), None)
        return replace(verdict, reason=f"The corpus holds no {kind} report in this scope, so none can answer this.") if kind else verdict
    when = said or "when the question asks about"
    return replace(verdict, reason=f"Nothing in this scope is dated {when}, and no passage of another date says what the question asks of that time.")


def by_source(question: str, change_over_time: bool, drop: frozenset[str] = frozenset()) -> bool:
    """Whether the answer is one line per dated source, each opening with its grade: a change over
    time, or "which councils…?", answered like one with each authority named; "What inspections has
    Bury had?", one line a report."""
    return (
        change_over_time or asks_which_authorities(question) or asks_for_reports(question, drop) or asks_without_overall(question)
        or became_grade(question) is not None  # "When was Birmingham first rated good?": the move into it
    )


def compose_extractive(
    question: str,
    evidence: Sequence[Evidence],
    change_over_time: bool,
    settings: Settings,
    embedder: Embedder | None = None,
    table: AuthorityTable | None = None,
    drop_terms: frozenset[str] = frozenset(),
    rarity: Mapping[str, float] | None = None,
) -> Answer:
    # "Tell me about Trafford": asked plainly of several reports, each is one line, its grade first, and
    # each report found is as relevant as another.
    plain = asks_plainly(question, drop_terms)
    # "Which reports mention county lines?": the sentences saying it, weighed by how rare each word is.
    must_say = topic_weights(question, drop_terms, rarity) if asks_for_mentions(question) else None
    if must_say is None and (sections := sections_named(question)):
        # "Is section 20 used appropriately?": a sentence on "arrangements" that are "appropriate" is not
        # about section 20; a section of an Act is said, as a name is.
        must_say = dict.fromkeys(stems(" ".join(sections)), 1.0)
    if by_source(question, change_over_time, drop_terms) or (plain and len({ev.document.id for ev in evidence}) > 1):
        cands = score_candidates(question, evidence, settings, embedder, drop_terms, must_say)
        # A verdict on the whole service ("how has X improved?") has no topic words to check.
        whole_service = asks_for_verdict(question, drop_terms)
        # "Have care leaver services got worse?": the topic is care leavers; "worse" asks which way they
        # moved, and a source is not left out of the timeline for not saying "worse".
        weights = topic_weights(question, drop_terms, rarity)
        topic = None if whole_service else {t: w for t, w in weights.items() if t not in DIRECTION_WORDS}
        answer = compose_timeline(
            question, cands, settings, table, topic, whole_service=whole_service,
            every_report=lists_reports(question, drop_terms) or plain or asks_without_overall(question), names=drop_terms,
        )
    elif sets_beside_ofsted(question):
        # "Did the news coverage match what Ofsted said?": each kind of source chosen from on its own (the
        # reports' many passages would crowd out the story's few), each source its own labelled line.
        half = settings.model_copy(update={"answer_max_sentences": max(1, settings.answer_max_sentences // 2)})
        kinds = ([ev for ev in evidence if ev.document.source_kind == kind] for kind in ("primary", "secondary"))
        chosen = [c for evs in kinds if evs for c in factual_sentences(question, evs, half, embedder, drop_terms, must_say)]
        answer = compose_by_date(question, chosen, table)
    else:
        chosen = factual_sentences(question, evidence, settings, embedder, drop_terms, must_say)
        # Asked of a term of the trade ("children's homes", "the MASH"), not of what a council did ("How did
        # BCP respond to the focused visit?") or what a visit covered: each finding quoted speaks of it.
        trade_terms = SynonymTable.load().asked(question, GENERIC_WORDS) if settings.query_expansion else ()
        if any(set(p) - DOCUMENT_WORDS for a in trade_terms for p in a.held) and not (
            asks_for_improvements(question) or asks_what_visit_covered(question) or asks_for_definition(question)
        ):
            chosen = on_topic(chosen, topic_weights(question, drop_terms, rarity), settings.timeline_min_topic_share)
        # Sources of several dates, or of authorities side by side ("When was the most recent inspection?":
        # three of June 2026), are one line each, its date and authority named, never one paragraph.
        apart = table is not None and table.side_by_side({c.evidence.document.authority for c in chosen})
        answer = compose_by_date(question, chosen, table) if several_dates(chosen) or apart else paragraph_answer(question, chosen)
    if is_grade_question(question) or asks_for_verdict(question, drop_terms):
        asked = _ASKS_WHY_NO_OVERALL.search(question) is not None or asks_about_grading(question)
        answer = with_note(answer, no_overall_grade_note(answer, asked=asked))
    answer = with_note(answer, no_count_note(answer, question, drop_terms))
    answer = with_note(answer, no_leader_note(answer, question))
    return with_reading_notes(answer, question)


def on_topic(chosen: Sequence[Candidate], weights: Mapping[str, float], share: float) -> list[Candidate]:
    """``chosen`` less the findings saying none of the topic, where another says at least ``share`` of
    it: asked about children's homes in Dorset, "Dorset saw an increase in children being electively home
    educated" is beside the point once a finding on its children's homes is quoted. Grade rows stay."""
    topic = {t: w for t, w in weights.items() if t not in VERDICT_WORDS and t not in DOCUMENT_WORDS}
    if not any(c.unit.kind != "grade" and topic_share(c, topic) >= share for c in chosen):
        return list(chosen)
    return [c for c in chosen if c.unit.kind == "grade" or topic_share(c, topic) > 0]


# Said under "Who is the director of children's services in Kent?" where no letter in scope names one.
_NO_LEADER = (
    "No document in scope names its director of children's services (Ofsted's letters name theirs as the "
    "addressee; its reports do not): the passages on the post are quoted."
)


def no_leader_note(answer: Answer, question: str) -> str:
    """Under "who leads…?": the date each name holds as of ("Who is the DCS in Swindon?" is answered by
    a letter of 2018), or that no line names a leader."""
    if not asks_who_leads(question) or not answer.citations:
        return ""
    named = [c for c in answer.citations if any(NAMED_LEADER.match(part) for part in c.quote.split(QUOTE_GAP))]
    if not named:
        return _NO_LEADER
    latest = max(period_of(c.evidence.date) for c in named)
    return f"Each name is as the Ofsted document of that date gives it (the latest: {format_period(latest)})."


# Said under "How many children are in care in Birmingham?" when no sentence quoted counts them.
_NO_COUNT = "No passage found gives that count: the sentences closest to the question are quoted."


def no_count_note(answer: Answer, question: str, drop: frozenset[str]) -> str:
    """Says so when a "how many…?" question of one authority's services is answered by no sentence
    counting what it asks about, by a word of it more telling than "children" or "care" ("481 children
    have not had their plan reviewed" counts children, not children in care)."""
    if not asks_how_many(question) or asks_which_authorities(question) or asks_for_reports(question, drop) or not answer.citations:
        return ""  # "How many inspections has BCP had?" is counted by the note on the reports the corpus holds
    if asks_how_long_to_publish(question) or asks_how_often_graded(question):
        # "How many weeks after the inspection was it published?" is counted by the published note; "How many
        # times has Tameside been inadequate?" by the note on its graded reports
        return ""
    topic = CountTopic.of(question, drop)
    if not topic.terms:
        return ""
    counts = (counted_stems(part) for c in answer.citations for part in c.quote.split(QUOTE_GAP))
    return "" if any((n & topic.words) - GENERIC_WORDS for n in counts) else _NO_COUNT


# Said under an answer to "Which council has the most…?": the reports judge one authority each.
_NO_RANKING = (
    "Ofsted's reports do not rank authorities against each other: each line is what one report says, "
    "for you to compare."
)


# Said under an answer to "What is a focused visit?": the corpus holds reports, not Ofsted's handbooks.
_NO_DEFINITION = "The reports use the term without defining it: these passages show it in use."
# "What grades can Ofsted give?", "What does 'requires improvement' mean?": the scale the reports grade on.
_GRADE_SCALE = (
    "Ofsted grades each judgement on a four-point scale, best first: Outstanding, Good, Requires improvement "
    "to be good (older reports: Requires improvement), Inadequate; reports of inspections from April 2026 "
    "grade each area and give no overall effectiveness grade."
)
_ASKS_FOR_SCALE = re.compile(
    r"\bgrad(?:ing|e)\s+(?:scale|system)\b|\b(?:rating|judgement)\s+scale\b"
    r"|\bwhat\s+(?:grades|ratings|judgements)\s+(?:can|could|does|do|did|are\s+there)\b"
    r"|^\s*what\s+(?:are|were)\s+(?:the\s+|ofsted['’]s\s+)?(?:possible\s+|four\s+)?(?:grades|ratings)\s*\??\s*$"
    r"|\bwhat\s+does\s+['‘\x22]?(?:outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate)['’\x22]?\s+mean\b",
    re.I,
)


def with_reading_notes(answer: Answer, question: str) -> Answer:
    """The answer with what a reader should know of its sources: that the reports rank no authorities
    (asked which has the most), that they define no terms (asked what one means), the scale they grade
    on (asked about it), and that every citation is secondary (when the question did not ask so)."""
    if asks_to_rank(question) and answer.citations:
        answer = with_note(answer, _NO_RANKING)
    if asks_for_definition(question):
        # What the terms mean in brief, whether or not any passage uses them.
        answer = with_note(answer, " ".join(x for x in (_NO_DEFINITION if answer.citations else "", meanings(question)) if x))
    if _ASKS_FOR_SCALE.search(question):
        answer = with_note(answer, _GRADE_SCALE)
    answer = with_note(answer, published_note(answer, question))
    return with_note(answer, secondary_only_note(answer, question))


def published_note(answer: Answer, question: str) -> str:
    """Asked when a report was published ("When was the BCP 2021 inspection report published?"): the
    publication date of each cited document, from the corpus's record of it. The reports seldom print it."""
    if not asks_when_published(question):
        return ""
    docs = list({c.evidence.document.id: c.evidence.document for c in answer.citations}.values())
    lag = asks_how_long_to_publish(question)
    said = [
        f"{d.title}, on {format_date(d.published)}" + (_weeks_after(d.date, d.published) if lag else "")
        if d.published else f"{d.title}, on a date not recorded"
        for d in docs
    ]
    return f"Published: {'; '.join(said)}." if said else ""


def _weeks_after(start: str | None, published: str) -> str:
    """", 18 weeks after the inspection began": from the document's own date, where it has a day."""
    if not start or len(start) < 10 or len(published) < 10:
        return ""
    days = (date.fromisoformat(published[:10]) - date.fromisoformat(start[:10])).days
    return f", {days // 7} weeks after the inspection began ({format_date(start)})" if days >= 0 else ""


def secondary_only_note(answer: Answer, question: str) -> str:
    """Says so when every passage cited is a secondary source the question did not ask for ("What did
    Ofsted say about Bournemouth in 2018?", answered from the council's slides): an account of the
    inspection, not Ofsted's own words."""
    docs = [c.evidence.document for c in answer.citations]
    if not docs or any(d.source_kind != "secondary" for d in docs) or asks_for_secondary(question):
        return ""
    if any(d.publisher and names_publisher(question, d.publisher) for d in docs):
        return ""  # "What did Community Care say about BCP?" asked for that publisher's stories
    kinds = " and ".join(dict.fromkeys(d.doc_type for d in docs))
    return f"Every passage cited is a secondary source ({kinds}): its account of the reports, not Ofsted's own words."


# "Why is there no overall grade for Trafford's 2026 inspection?", "Why didn't Blackpool get an overall judgement?"
_ASKS_WHY_NO_OVERALL = re.compile(
    r"(?:\bno|\bnot|\bwithout|n['’]t)\b[^?]{0,40}\boverall\s+(?:grade|judgement|judgment|effectiveness|rating)", re.I
)


def no_overall_grade_note(answer: Answer, asked: bool = False) -> str:
    """Says why a cited report of an inspection from April 2026 gives no overall effectiveness grade; with
    ``asked`` (the question asks why there is none), whichever sentences the answer quotes."""
    docs = {c.evidence.document.id: c.evidence.document.date or "" for c in answer.citations if c.evidence.document.without_overall_grade}
    if not docs:
        return ""
    dates = sorted(docs.values())
    months = list(dict.fromkeys(format_period(period_of(d)) for d in dates))
    when = in_words(months)
    why = ": Ofsted's inspections from April 2026 judge each area on its own" if min(dates) >= "2026-04" else ""
    # A list or a whole-service timeline quotes the impact of leaders alone, in the overall grade's place.
    rows = [
        part for c in answer.citations if c.evidence.document.without_overall_grade
        for part in c.quote.split(QUOTE_GAP) if grade_of(part)
    ]
    reports = f"{len(docs)} reports of {when} give" if len(docs) > 1 else f"{when} report gives"
    if not rows:
        # the answer quotes none of its judgements: there is nothing to explain, unless asked
        return f"The {reports} no overall effectiveness grade{why}." if asked else ""
    instead = (
        "the judgement of the impact of leaders stands in for it"
        if all(LEADERSHIP_GRADE.match(r) for r in rows)
        else "the area judgements are given instead"
    )
    return f"The {reports} no overall effectiveness grade{why}, so {instead}."


def _prepare(question: str, evidence: Sequence[Evidence], intent: Any, settings: Settings, *, embedder, authorities, drop_terms, names, rarity):
    synonyms = SynonymTable.load() if settings.query_expansion else None
    verdict = decide(measure(question, evidence, drop_terms, names, synonyms=synonyms), settings)
    change = bool(getattr(intent, "change_over_time", False))

    def extractive() -> Answer:
        return compose_extractive(question, evidence, change, settings, embedder, authorities, drop_terms, rarity)

    return verdict, change, extractive


def compose(
    question: str,
    evidence: list[Evidence],
    intent: Any,
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    authorities: AuthorityTable | None = None,
    drop_terms: frozenset[str] = frozenset(),
    names: NamesAsked = NamesAsked(),
    notes: Sequence[str] = (),
    rarity: Mapping[str, float] | None = None,
    reports: Sequence[Document] = (),
) -> Answer:
    """Refuse, or answer from ``evidence`` with checked citations (LLM if configured, else extractive).

    ``intent`` is a ``qa.timeparse.TimeIntent``; only ``change_over_time`` is read here. ``reports``: the
    Ofsted reports in scope a timeline of one topic's change is to account for (``quiet_reports_note``).
    """
    return final_answer(stream_compose(
        question, evidence, intent, settings, embedder=embedder, authorities=authorities,
        drop_terms=drop_terms, names=names, notes=notes, rarity=rarity, reports=reports,
    ))


def stream_compose(
    question: str,
    evidence: list[Evidence],
    intent: Any,
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    authorities: AuthorityTable | None = None,
    drop_terms: frozenset[str] = frozenset(),
    names: NamesAsked = NamesAsked(),
    notes: Sequence[str] = (),
    rarity: Mapping[str, float] | None = None,
    reports: Sequence[Document] = (),
) -> Iterator[str | Answer]:
    """``compose`` as a stream: text pieces (LLM tokens, or extractive sentences), then the Answer."""
    verdict, change, extractive = _prepare(
        question, evidence, intent, settings, embedder=embedder, authorities=authorities, drop_terms=drop_terms,
        names=names, rarity=rarity,
    )
    shown = [n for n in notes if n != _ASKS_NOTHING]  # the refusal's reason says it
    note = "Scope: " + "; ".join(shown) + "." if shown else ""
    if verdict.refuse:
        answer = with_note(refusal(question, _reason_from_notes(verdict, notes), evidence), note)
        yield answer.explanation
        yield answer
        return
    if compose_llm.configured(settings):
        for piece in compose_llm.stream_llm(question, evidence, change, settings, extractive, authorities):
            if isinstance(piece, Answer):
                piece = with_note(with_note(with_reading_notes(piece, question), unsaid_note(verdict.signals.unsaid)), note)
                piece = with_note(piece, quiet_reports_note(piece, reports, authorities))
            yield piece
        return
    answer = with_note(with_note(extractive(), unsaid_note(verdict.signals.unsaid)), note)
    answer = with_note(answer, quiet_reports_note(answer, reports, authorities))
    if answer.insufficient_evidence:  # no sentence of the passages bears on the question
        answer = replace(answer, explanation=" ".join(x for x in (answer.explanation, closest_passages(evidence)) if x), composer="refusal")
    yield from sentence_pieces(answer.text)
    yield answer


# How a note names a report by its type: "the Oct 2022 monitoring visit", "the Dec 2024 inspection".
_REPORT_NAMES = {"full inspection": "inspection"}


def quiet_reports_note(answer: Answer, reports: Sequence[Document], table: AuthorityTable | None = None) -> str:
    """Under a timeline of one topic's change: the Ofsted reports in scope it quotes nothing from, so that
    a report's silence on the topic is not read as a report the corpus lacks ("How has care leaver
    support in BCP changed since 2018?": nothing from the Oct 2022 monitoring visit bore on it)."""
    if not answer.timeline or not reports:
        return ""
    quoted = {report_key(c.evidence.document) for c in answer.citations}
    several = table is not None and len({d.authority for d in reports}) > 1
    quiet = [
        f"the {table.short_name(d.authority) + ' ' if several else ''}{format_period(period_of(d.date))} "
        f"{_REPORT_NAMES.get(d.doc_type, d.doc_type)}"
        for d in reports if report_key(d) not in quoted
    ]
    if not quiet:
        return ""
    return f"No passage of {in_words(quiet, 'or')} in scope bore on the question closely enough to quote."


def unsaid_note(words: Sequence[str]) -> str:
    """Under an answer found by meaning alone: the topic words no passage found says."""
    if not words:
        return ""
    said = in_words([f"'{w}'" for w in words], "or")
    return f"No passage found says {said} (or the thesaurus's words for it): the passages nearest in meaning are quoted."


def sentence_pieces(text: str) -> Iterator[str]:
    """An extractive answer sentence by sentence (joined, the pieces are the text exactly)."""
    parts = re.split(r"(?<=\]\.)(\s+)", text)
    for i in range(0, len(parts), 2):
        piece = parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        if piece:
            yield piece


def retrieve(service: Any, query: Any) -> tuple[list[Evidence], Any, dict[str, Any]]:
    """Evidence in scope, the time intent, and the keyword arguments ``compose`` needs."""
    searcher = service.searcher
    searcher.share_sentence_vectors()
    scope, intent, notes = searcher.resolve(query)
    table = service.authorities
    # "Is there a report on Manchester?": an English authority the corpus holds nothing on. Asked
    # alone, the question is refused (answering from other authorities would mislead); asked beside
    # one the corpus holds ("Compare Kent and Manchester"), the note says what is missing.
    uncovered = tuple(table.uncovered(query.question))
    if uncovered and scope.authorities is not None:
        notes = [*notes, f"no documents about {' or '.join(uncovered)} in the corpus"]
    evidence = in_scope(searcher.search(query.question, scope, top_k=query.top_k, intent=intent), scope.authorities)
    if asks_nothing(query.question) and scope.authorities is None and not (scope.dated or scope.source_kind or scope.doc_types):
        # "What?", "Tell me everything": nothing to look for, in the question or the scope set beside it;
        # the passages nearest to no words at all would be a random sample of the corpus.
        evidence, notes = [], [*notes, _ASKS_NOTHING]
    evidence = [as_asked(ev, scope) for ev in evidence]
    # "Did the Isles of Scilly improve after 2023?": nothing is dated since 2024, and the passages that
    # name those years are all there is; say which dates the corpus does hold.
    widened = any(n.startswith("nothing in scope is dated") for n in notes)
    if widened and scope.authorities is not None and (held := searcher.months_in_scope(scope.undated())):
        notes = [*notes, f"{_HELD_OUTSIDE} {held_dates(held)}"]
    elif not evidence and scope.authorities is not None:
        # "What did Ofsted say last year about Norfolk?" with nothing dated 2025, "What did the press say
        # about Bradford?" with no news story on it: what the corpus does hold there.
        if scope.dated and (held := searcher.months_in_scope(scope.undated())):
            notes = [*notes, f"{_HELD_OUTSIDE} {held_dates(held)}"]
        elif (scope.source_kind or scope.doc_types) and (held := searcher.months_in_scope(replace(scope, source_kind=None, doc_types=None))):
            notes = [*notes, f"other kinds of source in this scope are dated {held_dates(held)}"]
    notes = [*notes, *_named_but_missing(query.question, scope, searcher, table)]
    after_judged = (dated_by_grade(query.question) or ("",))[0] == "after"
    if (intent.change_over_time or after_judged) and len(months := searcher.months_in_scope(scope)) == 1:
        # "Has Swindon made progress since 2023?" when its July 2023 report is the last the corpus holds;
        # "What happened after Tameside was judged inadequate?", when that report is.
        alone = f"the corpus holds sources of {format_period(months[0])} alone in this scope"
        # "What's the difference between the 2022 and 2026 Blackpool reports?", with nothing of 2022: say
        # which time asked for holds nothing, not that nothing came later.
        empty = [describe_dates(a, b) for a, b in scope.spans if not searcher.months_in_scope(replace(scope, since=a, until=b, spans=()))]
        missing = f"nothing dated {in_words(empty, 'or')}" if empty else "no later source"
        notes = [*notes, f"{alone}: {missing} to set them against, so any change is as they tell it"]
    # Names and the words of time phrases ("before it was split") are scope, not topic; the event a
    # phrase names ("last inspected") still tells what kind of passage answers.
    # ("the SIF inspection of Norfolk in 2015": the framework names the kind of inspection, not a topic)
    said_when = frozenset(stems(" ".join([*intent.phrases, *frameworks_named(query.question)]))) - GENERIC_WORDS - DOCUMENT_WORDS
    publishers = frozenset(stems(" ".join([*searcher.publishers_named(query.question), source_words(query.question)])))
    drop = authority_terms(query.question, scope.authorities, table) | said_when | publishers
    if uncovered and scope.authorities is not None and not names_a_topic(question_terms(query.question, drop | frozenset(stems(" ".join(uncovered))))):
        # "How does Manchester compare with BCP?": no topic but the two, and nothing on one of them; the
        # other's passages nearest to no topic would be no comparison. Refused, saying why.
        evidence = []
    # A timeline, a list by grade, or a question asking how a report judged ("How was Kent judged?")
    # states each report's judgement, found by search or not; so does one asking what the reports say
    # of a judgement area ("What did Ofsted say about care leavers in Surrey?": each report's grade of
    # it). A list by topic ("Which councils have family hubs?") lists what the reports say of it, not
    # their grades.
    topical = not asks_for_verdict(query.question, drop) and not asks_which_authorities(query.question)
    plain = asks_plainly(query.question, drop)
    if evidence and (intent.change_over_time or listed_grades(query.question) or is_grade_question(query.question) or topical or plain):
        evidence += searcher.judgements(query.question, evidence, scope, drop)
    if evidence and asks_for_improvements(query.question):
        evidence += searcher.improvement_lists(evidence, scope)
        if _PRIORITY_ACTIONS.search(query.question) and not searcher.says_any([tuple(stems("priority action"))], scope, adjacent=True):
            # "What are the priority actions for Westmorland and Furness?": its reports set none, and
            # what they say must improve is not to be read as such.
            notes = [*notes, "no report in this scope sets priority actions: what the reports say must improve is given"]
            drop |= frozenset(stems("areas area priority priorities action actions"))  # so the lists, not sentences saying "action"
    found = {ev.document.authority for ev in evidence}  # with the judgements brought in, which the rows open with
    if intent.change_over_time and scope.authorities is None and len(found) > 1 and not asks_which_authorities(query.question):
        # "How has care leaver support changed since 2018?" names no authority: its rows are several
        # authorities' own stories, not one told over time.
        notes = [*notes, f"no authority named: the passages found are from {len(found)} authorities; name one to follow its change"]
    absent = names_absent_from_scope(query.question, searcher, scope, table, uncovered, intent.phrases)
    if absent and scope.dated:
        # "Were HMOs still used for BCP care leavers in 2024?": the 2024 report never says it; the 2021 one does.
        notes = [*notes, *_said_at_other_dates(absent, searcher, scope)]
    kwargs = dict(
        embedder=getattr(searcher, "embedder", None),
        authorities=table,
        drop_terms=drop,
        names=NamesAsked(
            foreign=tuple(foreign_authorities(query.question, query.authority, scope.authorities, table)),
            absent=absent,
            uncovered=uncovered if scope.authorities is None else (),
            # "How is Birmigham doing?": a name never mentioned that is spelled like an authority's.
            close=tuple(dict.fromkeys(n for name in absent for n in table.close_names(name, cutoff=0.8))),
        ),
        notes=tuple(notes or ()),
        rarity=searcher.term_rarity(query.question),
        # "How has care leaver support in BCP changed since 2018?": a timeline of one topic, which may
        # have nothing from some reports; not a verdict or a grade, whose lines leave out by design.
        reports=tuple(searcher.reports_in_scope(scope)) if (
            intent.change_over_time and scope.authorities is not None and not asks_for_verdict(query.question, drop)
            and not is_grade_question(query.question)
        ) else (),
    )
    return evidence, intent, kwargs


def _said_at_other_dates(names: Sequence[str], searcher: Any, scope: Any) -> list[str]:
    """For each name no passage of the scope's dates says, a note of the dates of the scope's sources
    that do say it, if any do."""
    chunks, documents = searcher.store.chunks, searcher.store.documents
    rows = searcher.allowed_rows(scope.undated())
    notes = []
    for name in names:
        said = name_said(name)  # as the name was found absent
        months = sorted({(documents[chunks[r].doc_id].date or "")[:7] for r in rows if said.search(chunks[r].text)} - {""})
        if months:
            notes.append(f"'{name}' is said in sources of other dates: {held_dates(months)} (ask of those dates to see them)")
    return notes


def names_absent_from_scope(
    question: str, searcher: Any, scope: Any, table: AuthorityTable, uncovered: Sequence[str] = (), said_when: Sequence[str] = ()
) -> tuple[str, ...]:
    """Names the question uses ("Harbour", "GCSE") that no passage in the scope mentions at all;
    not those of authorities, in the table or ``uncovered`` (the corpus holds nothing on them), nor the
    words of its time phrases (``said_when``: "under the SIF" is a time, which the scope applies), nor
    those of the areas it names ("Greater Manchester": the authorities in it are the scope) or of
    Ofsted's frameworks ("SIF")."""
    areas = [written for _, written in table.regions_named(question)]
    named = [n for a in table.authorities for n in a.names] + searcher.publishers_named(question) + list(uncovered) + list(said_when) + areas + frameworks_named(question)
    ignore = frozenset(w.lower() for n in named for w in re.findall(r"[A-Za-z]+", n))
    # "CLA", "IRO": the thesaurus's terms of the trade are searched by their other phrases too: one is
    # absent only where no passage says it in any of them ("LADO" in Kent; not in Dorset, whose report
    # writes "local authority designated officer").
    synonyms = getattr(searcher, "synonyms", None)
    names = named_terms(question, ignore)
    trade = {n: synonyms.group_of(n) for n in names} if synonyms else {}
    # "section 20" is said as "s20" too, and is not "section 20(1)(a) of the Children Act 2004":
    # the keyword index's joined token tells.
    for section in sections_named(question):
        names.append(section)
        trade[section] = (synonyms.group_of(section) if synonyms else ()) or (tuple(stems(section)),)
    plain = [n for n in names if not trade.get(n)]
    chunks = searcher.store.chunks
    absent = set(absent_names(plain, (chunks[int(r)].text for r in searcher.allowed_rows(scope)))) if plain else set()
    if absent:
        # "Staying Put", as a question may capitalise a programme the reports write in lower case
        # ("'staying put' arrangements"): a phrase of two or more such words is said in any case.
        # ("Staying Put and Flourish": each side of an "and" too, where the whole is not said.)
        runs = [
            (run.lower(), said)
            for m in re.finditer(CAPITALISED_RUN, question)
            for run in dict.fromkeys([m.group(), *re.split(r"\s+and\s+", m.group())])
            if len(run.split()) > 1 and (said := {w for w in run.split() if w in absent})
        ]
        texts = [" ".join(chunks[int(r)].text.lower().split()) for r in searcher.allowed_rows(scope)] if runs else []
        for phrase, said in runs:
            if any(phrase in t for t in texts):
                absent -= said
    absent |= {n for n, group in trade.items() if group and not searcher.says_any(group, scope)}
    return tuple(n for n in names if n in absent) + misspelt_names(question, ignore, table, searcher.store.bm25.vocab_dict)


def misspelt_names(question: str, ignore: frozenset[str], table: AuthorityTable, vocabulary: Container[str]) -> tuple[str, ...]:
    """Words typed in lower case that no passage of the corpus says (their stem is not in the keyword
    index's ``vocabulary``) and that are spelled like an authority's name ("how is birmigham doing",
    "tamside leadership"): a name mistyped, whose question would otherwise be asked of every authority."""
    typed = [w for w in dict.fromkeys(re.findall(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])", question)) if w not in ignore]
    # The index lookup first: most words are the corpus's own, and spelling distance costs more.
    return tuple(w for w in typed if not any(t in vocabulary for t in stems(w)) and table.close_names(w, cutoff=0.8))


def _named_but_missing(question: str, scope: Any, searcher: Any, table: AuthorityTable) -> list[str]:
    """For each of two or more authorities named whose sources all fall outside the scope's dates, a note
    of when theirs are: "What did the 2023 inspections of Swindon and Kent find?" has nothing of Kent's."""
    named = list(dict.fromkeys(table.line_head(i) for i in table.mentions(question)))
    if len(named) < 2 or not scope.dated or scope.authorities is None:
        return []
    notes = []
    for head in named:
        ids = frozenset(table.lineage(head)) & scope.authorities
        part = replace(scope, authorities=ids)
        if ids and not searcher.months_in_scope(part):
            held = searcher.months_in_scope(part.undated())
            if held:
                notes.append(f"nothing from {table.get(head).name} in these dates: its sources are dated {held_dates(held)}")
    return notes


def answer_query(service: Any, query: Any) -> Answer:
    """The answer to a ``qa.service.Query``: retrieve in scope, then refuse or compose."""
    evidence, intent, kwargs = retrieve(service, query)
    return compose(query.question, evidence, intent, service.settings, **kwargs)


def stream_answer(service: Any, query: Any) -> Iterator[str | Answer]:
    """Text pieces as they are produced, then the final Answer (which is authoritative: an LLM
    answer that fails the citation check is replaced by the extractive one)."""
    evidence, intent, kwargs = retrieve(service, query)
    yield from stream_compose(query.question, evidence, intent, service.settings, **kwargs)
