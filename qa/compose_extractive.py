"""The default composer: an answer made only of the evidence's own sentences, each cited.

Offline and fast: sentences are scored for relevance (embedding similarity to the question when
an embedder is given, weighted overlap of the question's content words, the passage's retrieval
rank, a boost for grade statements on grade questions and for counts on "how many" questions),
then picked greedily with maximal marginal relevance so the answer does not say the same thing twice. Citations are numbered in
order of first use; a citation's ``quote`` is the sentence(s) the answer took from its passage.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, replace
from typing import Mapping, Protocol, Sequence

import numpy as np

from indexer.settings import Settings
from qa.lexical import (
    AREA_MATCH,
    BODY_WORDS,
    GENERIC_WORDS,
    IMPROVEMENT_FRAME,
    IMPROVEMENT_HEADING,
    NAMED_LEADER,
    OVERALL_GRADE,
    REORGANISATION,
    VISIT_COVERED,
    VERDICT_WORDS,
    VISIT_DATES,
    WHO_INSPECTED,
    CountTopic,
    area_coverage,
    asks_about_the_visit,
    asks_for_improvements,
    asks_for_mentions,
    asks_both_ways,
    asks_for_strengths,
    asks_for_verdict,
    asks_how_long,
    asks_how_many,
    asks_what_visit_covered,
    asks_when_reorganised,
    asks_every_grade,
    asks_for_all_sources,
    asks_for_dates,
    asks_plainly,
    asks_who_inspected,
    asks_who_leads,
    asks_why,
    grade_way,
    containment,
    counted_stems,
    gives_duration,
    coverage,
    gives_count,
    is_framing,
    is_grade_question,
    jaccard,
    leaders_named,
    listed_grades,
    named_grade,
    names_a_topic,
    phrases_asked,
    question_terms,
    said_pairs,
    said_stems,
    stem_set,
    topic_terms,
)
from qa.query_terms import SynonymTable
from qa.sentences import Unit, ends_sentence, grade_of, normalise_space, units
from qa.types import Answer, Citation, Evidence

log = logging.getLogger(__name__)

COMPOSER = "extractive"


_GRADE_WORDS = stem_set("grade good outstanding inadequate requires improvement to be")


class Embedder(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...  # L2-normalised rows


@dataclass(frozen=True)
class Candidate:
    """One sentence of one passage, with its relevance to the question."""

    evidence: Evidence
    unit: Unit
    relevance: float
    stems: frozenset[str]
    vector: np.ndarray | None = None
    # ``stems`` with the question's words this sentence says in the thesaurus's other words ("staff
    # turnover" says "workforce"), less those of a term it says only in part (``lexical.said_stems``)
    said: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        """The sentence as the answer shows it (the citation's quote keeps it whole)."""
        return shown_text(self.unit)


# A sentence read out of its paragraph: a leading connective is dropped from the answer (the words
# that remain are still the passage's own); one opening on a pronoun leans on a sentence not shown.
_CONNECTIVE = re.compile(
    r"^(?:However|In addition|Additionally|Furthermore|Moreover|Also|Similarly|Consequently|As a result|"
    r"In particular|Nevertheless|Despite this|Notwithstanding this|Equally|Likewise|Meanwhile|Importantly|Indeed),\s+(?=\S)"
)
# Between the parts of one passage that an answer quotes: "Finding one. … Finding two."
QUOTE_GAP = " … "
_DANGLING = re.compile(
    # (not "This is the first inspection of…", "This visit found…": the report speaking of itself)
    r"^(?:This(?!\s+(?:is|was)\s+the\s+first\b|\s+(?:inspection|visit|letter|report)\b)"
    r"|These|That|Those|They|Their|It|Its|He|She|Such|Both|Some of these)\b"
    # …or on a phrase that answers the sentence before: "In response, care leavers who…".
    r"|^(?:In response|In turn|As such|For this reason|In this way|To this end|Because of this)\b"
    # …or on one after a short opening phrase: "For most children, this does not take place."
    r"|^[^,]{3,40},\s+(?:this|these|those|they|their|such)\b"
)
# A report recalling an earlier judgement as its own sentence ("Bradford children's social care was last
# inspected by Ofsted in September 2018 and was judged to be inadequate…", "At the last inspection, in
# May 2019, the local authority was judged…"): a finding of that earlier report, not of this one. A
# sentence that goes on to say what changed since ("Since the last inspection in 2021, when…, leaders
# have…") is this report's own finding.
_RECAP = re.compile(
    r"^(?:overview\s+)?[^,]{0,100}\b(?:was|were)\s+(?:last\s+)?inspected\s+(?:by\s+ofsted\s+)?in\s+(?:\w+\s+)?(?:19|20)\d\d\b"
    r"|^at\s+the\s+(?:last|previous)\s+inspection,?\s+in\s+(?:\w+\s+)?(?:19|20)\d\d\b"
    r"|^in\s+(?:\w+\s+)?(?:19|20)\d\d,\s+[^,]{0,100}\b(?:was|were)\s+judged\b"
    r"|^children's\s+services\s+in\s+the\s+predecessor\b"
    # …and what it says of that time, in the sentence after ("At this time, Bury had low numbers of…").
    r"|^at\s+(?:this|that)\s+time\b",
    re.I,
)


# A finding dated by the time the sentence before names: "Since that inspection, the experience of…".
_SINCE_THEN = re.compile(r"^(?:since|after)\s+(?:that|this|then)\b", re.I)


def recalls_before(ev: Evidence, unit: Unit) -> bool:
    """A report's recall of the report before ("…was last inspected by Ofsted in 2016, when…"), in a
    passage there for its own report's time, not for the time it recalls (``Evidence.recalled``)."""
    return not ev.recalled and _RECAP.match(unit.text) is not None


def beside_the_recall(ev: Evidence, unit: Unit) -> bool:
    """A sentence of a passage there for the years it names (``Evidence.recalls``: "How was Birmingham
    judged in 2010?" has only later reports recalling 2010) that names none of them and does not go on
    from one ("At that time…"): the later report's own finding, not an account of the time asked."""
    return bool(ev.recalls) and not _RECAP.match(unit.text) and not any(str(y) in unit.text for y in ev.recalls)


def standalone(text: str) -> str:
    """The sentence as it should read alone: 'However, most care leavers…' -> 'Most care leavers…'."""
    m = _CONNECTIVE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


# Ofsted's lists of what must get better, and questions that ask for them.
_CAPTION = re.compile(r"^(?:image|photo(?:graph)?|picture) of\b|\((?:photo |image |picture )?credit:", re.I)
_CUT = re.compile(r"\b(the|a|an|of|to|and|or|for|with|in|on|by|at|that|which|from|as|their|its)$", re.I)
_SALUTATION = re.compile(r"^Dear\s+[A-Z]")  # a letter's greeting, with the subject line it may run into
# A page's footnote, its number first: "3 The Institute of Local Government Studies … was asked…",
# "4 Report to the Secretary of State…". Prose spells a number that opens a sentence, and a count is
# never followed by "The" or "Report", so "4 Service Delivery Boards…" on a slide stays a finding.
_FOOTNOTE_LINE = re.compile(r"^\d{1,2}\s+(?:The|These|This|Those|It|Its|In|For|See|Source|Data|Ofsted|Reports?|A|An)\s")


def list_intro(unit: Unit) -> str | None:
    """The question-like heading or introduction a list item reads under ("What needs to improve",
    "…the following areas of child protection practice", "What needs to improve in this area of social
    work practice"), if it has one."""
    heading = unit.heading or ""
    if unit.kind != "bullet" or not (heading.endswith(("?", ":")) or IMPROVEMENT_HEADING.search(heading)):
        return None
    return heading.rstrip("?: ")


def _item_text(unit: Unit) -> str:
    text = standalone(unit.text)
    return f"{text[:1].lower()}{text[1:]}"


def shown_text(unit: Unit) -> str:
    """The unit as the answer shows it: standalone, and a list item under a question-like heading
    carries that heading ("What needs to improve: safety planning for…"), without which it reads as
    a statement of topic rather than a finding."""
    intro = list_intro(unit)
    return f"{intro}: {_item_text(unit)}" if intro else standalone(unit.text)


_CACHE_SIZE = 50_000  # sentence vectors kept (384 floats each: about 75 MB at most)
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def remember_sentence_vectors(model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Take vectors already computed (the index's sentence vectors) so answers need not embed them."""
    with _cache_lock:
        room = max(0, _CACHE_SIZE - len(_cache))
        for t, v in list(zip(texts, vectors))[:room]:
            _cache.setdefault((model, t), v)


def sentence_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts``, computed once per sentence: passages recur across questions, and
    embedding every sentence of ten passages afresh would dominate the time of an answer."""
    model = str(getattr(embedder, "model_id", id(embedder)))
    with _cache_lock:
        missing = list(dict.fromkeys(t for t in texts if (model, t) not in _cache))
    if missing:
        fresh = embedder.embed(missing)
        with _cache_lock:
            for t, v in zip(missing, fresh):
                _cache[(model, t)] = v
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    with _cache_lock:
        rows = []
        for t in texts:
            _cache.move_to_end((model, t))
            rows.append(_cache[(model, t)])
    return np.vstack(rows).astype(np.float32, copy=False)


_FOOTNOTE = re.compile(r"(?<=[?:])\d{1,2}$")


def states_grade(row: str, grades: Sequence[str]) -> bool:
    """Whether a grade row gives one of ``grades`` (lower case, prefixes: "requires improvement")."""
    judged = grade_of(row)
    return judged is not None and judged[1].lower().startswith(tuple(grades))


def framing_unit(unit: Unit) -> bool:
    """Framing every letter shares, or an item of a list such framing introduces (a bullet's heading
    is the sentence introducing its list)."""
    return is_framing(unit.text, unit.heading if unit.kind == "bullet" else None)


def passage_units(ev: Evidence) -> list[Unit]:
    """The passage's units. A list the passage opens with, cut from its heading by the passage
    boundary, reads under the question heading of its section ("What needs to improve?"): the
    heading is the document's own words, and the items answer it."""
    us = units(ev.chunk.text)
    section = _FOOTNOTE.sub("", normalise_space(ev.chunk.section or ""))
    if not (section.endswith("?") or IMPROVEMENT_HEADING.search(section)):
        return us
    # The heading may open the passage as a line of its own ("What needs to improve in this area of
    # social work practice"): it is the list's heading, not a finding.
    start = 1 if us and us[0].kind == "sentence" and us[0].text.rstrip("?: ") == section.rstrip("?: ") else 0
    lead = next((i for i, u in enumerate(us) if i >= start and (u.kind != "bullet" or u.heading is not None)), len(us))
    if start and lead == start:
        return us  # no list follows it
    return [
        replace(u, kind="heading") if i < start else replace(u, heading=section) if i < lead else u
        for i, u in enumerate(us)
    ]


def orphan_item(unit: Unit) -> bool:
    """A list item opening the passage without the line that introduced its list (cut off by the
    passage boundary): like a sentence opening on "This", it leans on words the reader does not see."""
    return unit.kind == "bullet" and unit.index == 0 and unit.heading is None


def names_only(text: str, names: frozenset[str]) -> bool:
    """A line that only names a council ("West Northamptonshire County Council", a letterhead):
    no finding, whatever it shares with the question."""
    return bool(names) and not (stem_set(text) - names - BODY_WORDS)


def answer_unit(unit: Unit) -> bool:
    """Headings, questions and scraps are not answers; grade rows are, however short."""
    if unit.kind == "grade":
        return True
    # A footnote mark may follow: "What needs to improve?1".
    if unit.kind == "heading" or _FOOTNOTE.sub("", unit.text).endswith(("?", ":")):
        return False  # a question or a list's introduction is not an answer
    if _CUT.search(unit.text.rstrip()):
        return False  # a sentence cut off by a chunk or page boundary ("…with a particular focus on the")
    if _CAPTION.search(unit.text) or _SALUTATION.match(unit.text):
        return False  # a news page's picture caption ("Image of … (credit: …)"), "Dear Ms Redding, Focused visit to …"
    if unit.kind == "sentence" and _FOOTNOTE_LINE.match(unit.text):
        return False  # a footnote says where a figure or a name comes from, not what inspectors found
    if list_intro(unit):
        return True  # an item of a list under its heading, however short: "What needs to improve: placement sufficiency"
    words = unit.text.split()
    if unit.kind in ("sentence", "bullet") and len(words) <= 6 and not ends_sentence(unit.text):
        if sum(w[:1].isupper() for w in words) * 2 > len(words):
            return False  # a title on a slide ("Building a Better Bournemouth"), not a finding
    return len(words) >= 4


def improvement_item(ev: Evidence, unit: Unit) -> bool:
    """An item of a "What needs to improve?" or priority-action list."""
    return unit.kind == "bullet" and IMPROVEMENT_HEADING.search(unit.heading or ev.chunk.section or "") is not None


def own_list_item(c: Candidate) -> bool:
    """An item of an Ofsted report's own "What needs to improve?" or priority-action list."""
    return c.evidence.document.source_kind == "primary" and improvement_item(c.evidence, c.unit)


def tells_what_visit_covered(unit: Unit) -> bool:
    """The letter's own account of what its visit looked at, or an item of the list it introduces."""
    return VISIT_COVERED.match(list_intro(unit) or unit.text) is not None


def score_candidates(
    question: str,
    evidence: Sequence[Evidence],
    settings: Settings,
    embedder: Embedder | None = None,
    drop_terms: frozenset[str] = frozenset(),
    must_say: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """Every usable sentence of the evidence, scored for relevance to the question (best first); with
    ``must_say`` (topic words by weight), only those saying most of it, where any does.

    Cheap features first (the question's words in the sentence and its heading, the passage's rank
    and similarity, grade rows, dangling pronouns); then, with an embedder, the sentence's own
    similarity to the question for a shortlist: the best sentences overall plus the best two of each
    passage, so every dated source in a timeline keeps a fair chance. Embedding every sentence of
    ten passages would cost more than the whole search.
    """
    grade_q = is_grade_question(question)
    improve_q = asks_for_improvements(question)
    terms = topic_terms(question, drop_terms)
    plain = asks_plainly(question, drop_terms)
    if plain or not names_a_topic(terms):
        # "Summarise the report": a sentence saying "reported" is no better for it; "What's Ofsted's
        # view of Norfolk?": nor is one saying "their views are heard".
        terms = {}
    framing_q = asks_about_the_visit(question)
    phrases = phrases_asked(question, drop_terms) if terms and settings.answer_phrase_weight > 0 else frozenset()
    # "What inspections has Bury had?" is answered as "When was Bury inspected?" is: each report's dates.
    when_q = asks_for_dates(question, drop_terms)
    who_q = asks_who_inspected(question)
    # "Who was the director of children's services in Bury in 2019?": a letter's addressee, name and title
    # joined as one line (two headings of its letterhead otherwise, and no answer).
    lead_q = asks_who_leads(question)

    def units_of(ev: Evidence) -> list[Unit]:
        parts = passage_units(ev)
        return parts + [u for u in leaders_named(parts) if u not in parts] if lead_q else parts
    covered_q = asks_what_visit_covered(question)
    # "When…?", "who…?" and "what did the visit look at?" are answered by the visit's dates, its
    # inspectors and its scope, not the rest of its letter.
    framing_ok = framing_q and not when_q and not who_q and not covered_q
    listed = listed_grades(question)
    count_topic = CountTopic.of(question, drop_terms) if asks_how_many(question) else None
    how_long_q = asks_how_long(question)
    # "How has X's children's social care changed?": the whole service (not "why was X judged…?").
    verdict_q = asks_for_verdict(question, drop_terms) and not asks_why(question)
    every_area = asks_every_grade(question)  # "…grades for each judgement…": every area's row, not the overall alone
    strengths_q = asks_for_strengths(question) or asks_both_ways(question)  # the praise axis orders the findings
    # "Why did Kent's grade go down?": the later report's criticisms explain a fall, its praise a rise.
    moved_way = grade_way(question) if asks_why(question) and not strengths_q else 0
    latest = max((ev.document.date or "" for ev in evidence if ev.document.source_kind == "primary"), default="") if moved_way else ""

    def covers_visit(u: Unit) -> bool:
        return covered_q and tells_what_visit_covered(u)

    # "What documents do you hold on BCP?": a news story or slide deck giving no dates is listed by its
    # opening sentence.
    openings: dict[str, int | None] = {}
    if asks_for_all_sources(question, drop_terms):
        listed = {ev.document.id for ev in evidence for u in passage_units(ev) if VISIT_DATES.match(u.text)}
        for ev in sorted(evidence, key=lambda e: e.chunk.start):
            if ev.document.source_kind == "secondary" and ev.document.id not in listed:
                listed.add(ev.document.id)
                openings[ev.chunk.id] = next((u.index for u in passage_units(ev) if answer_unit(u)), None)

    reorganised_q = asks_when_reorganised(question, drop_terms)

    def direct(ev: Evidence, u: Unit) -> bool:
        """The title page's (or letter's) line that answers "when…?" or "who…?" by itself; the sentence
        telling when an authority began or ended ("…came into being on 1 April 2021")."""
        return bool(
            (when_q and VISIT_DATES.match(u.text)) or (who_q and WHO_INSPECTED.match(u.text))
            or (lead_q and NAMED_LEADER.match(u.text))
            or (reorganised_q and answer_unit(u) and REORGANISATION.search(u.text))
            or openings.get(ev.chunk.id, -1) == u.index
        )

    # "How good are Surrey's services for disabled children?" asks of a topic no judgement is named for:
    # another area's grade row ("help and protection: good") does not answer it, the findings do.
    area_topic = any(t not in VERDICT_WORDS and t not in GENERIC_WORDS for t in terms)
    pairs = [
        (ev, u) for ev in evidence for u in units_of(ev)
        if (answer_unit(u) and (framing_ok or not framing_unit(u)) and not names_only(u.text, drop_terms))
        or (framing_q and VISIT_DATES.match(u.text))
        or (answer_unit(u) and covers_visit(u))
        or direct(ev, u)
    ]
    if not pairs and not framing_ok:
        # "What did the 2022 monitoring visit say about the December 2021 inspection?": its letter's framing
        # ("This was the second monitoring visit since the local authority was judged inadequate in
        # December 2021") is all the passages found hold, and says it.
        pairs = [(ev, u) for ev in evidence for u in units_of(ev) if answer_unit(u) and not names_only(u.text, drop_terms)]
    if any(direct(ev, u) for ev, u in pairs):
        # "When was Swindon last inspected?": the dates are the answer, the findings are not; asked with
        # "…and what grade did it get?", so is the judgement.
        pairs = [(ev, u) for ev, u in pairs if direct(ev, u) or (grade_q and u.kind == "grade")]
    headlines: set[int] = set()
    if plain:
        # "What did the 2023 focused visit to Dorset find?", "How is Kent doing?": with no topic to choose
        # by, each report's own summary ("Headline findings", its opening) and its grades are the answer,
        # not whichever detail of its body happens to read most like the question. A list item whose
        # introduction the passage boundary cut off reads as nothing by itself.
        summed_up = {ev.document.id for ev, _ in pairs if ev.opening}
        # A report's recall of the report before is no finding of its own ("What did the 2019 focused visit
        # find?": not its account of the 2016 inspection), unless the passage is there for the time it
        # recalls, or its own finding points back to it ("Since that inspection, … have declined").
        pointed_to = {(ev.chunk.id, u.index - 1) for ev, u in pairs if _SINCE_THEN.match(u.text)}
        pairs = [
            (ev, u) for ev, u in pairs
            if (u.kind == "grade" or ev.document.id not in summed_up or (ev.opening and not (u.kind == "bullet" and u.heading is None)))
            and (not recalls_before(ev, u) or (ev.chunk.id, u.index) in pointed_to)
        ]
        # Asked of a time a report recalls ("What did the 2023 report say about the 2019 inspection?"), its
        # own findings and grades beside the recall are no answer.
        pairs = [(ev, u) for ev, u in pairs if not beside_the_recall(ev, u)] or pairs
        # With no topic to choose by, nothing keeps out a sentence leaning on one not quotable ("This
        # included a focus on…" after the framing "Inspectors looked at…"): it goes with its antecedent.
        quotable = {(ev.chunk.id, u.index) for ev, u in pairs}
        # (unless nothing else is left: "This was the second monitoring visit since the local authority was
        # judged inadequate in December 2021" is all a 2022 letter says of that inspection)
        pairs = [(ev, u) for ev, u in pairs if not _DANGLING.match(standalone(u.text)) or (ev.chunk.id, u.index - 1) in quotable] or pairs
        # Each document's first finding is its headline: "The local authority's improvement following the
        # judgement inspection in September 2018 has been slow" leads Bradford's 2020 letter, not the
        # infection rates its next paragraph gives.
        findings: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for i, (ev, u) in enumerate(pairs):
            # (a passage there for the time it recalls has no headline: its report is not what is asked)
            if u.kind != "grade" and not ev.recalled and not _RECAP.match(u.text):
                findings[ev.document.id].append((ev.chunk.start, u.index, i))
        headlines = {min(at)[2] for at in findings.values()}
    if (count_topic is not None or improve_q or strengths_q) and not grade_q and not listed:
        # A judgement counts nothing, and says nothing of what must improve or what works well: "Our overall
        # judgement is Requires Improvement" does not answer "What did Ofsted tell BCP to improve?", nor
        # "Overall effectiveness: Inadequate" "What are Swindon's strengths?".
        pairs = [(ev, u) for ev, u in pairs if u.kind != "grade"]
    if not pairs:
        return []
    top_score = max((ev.score for ev in evidence), default=0.0) or 1.0
    cheap: list[float] = []
    stems_of: list[frozenset[str]] = []
    said_of: list[frozenset[str]] = []
    leads = _lead_sentences(pairs)
    # The thesaurus's other words for the question's: "children's views" says "voice of the child".
    synonyms = SynonymTable.load() if settings.query_expansion else None
    aliases = synonyms.asked(question, GENERIC_WORDS, literal=asks_for_mentions(question)) if synonyms and terms else ()
    for idx, (ev, unit) in enumerate(pairs):
        sstems = stem_set(unit.text)
        said = said_stems(unit.text, aliases)
        # Other words count for half: the question's own words are the surer match.
        lexical = (coverage(terms, sstems & said) + coverage(terms, said)) / 2
        context = unit.heading or ev.chunk.section
        if context and settings.answer_heading_weight > 0:
            # Words of the heading a sentence sits under count too, at a discount: a bullet under
            # "What needs to improve?" answers "what does BCP still need to improve?".
            lexical = max(lexical, settings.answer_heading_weight * coverage(terms, said | stem_set(context)))
        rel = (
            settings.answer_lexical_weight * lexical
            + settings.answer_rank_weight * max(ev.score, 0.0) / top_score
            + settings.answer_passage_weight * (ev.dense_score or 0.0)
        )
        if phrases:
            # "quality assurance" said as the question says it, not "quality" and "assurance" apart.
            rel += settings.answer_phrase_weight * len(phrases & said_pairs(unit.text)) / len(phrases)
        if unit.kind == "grade":
            # A grade row answers a grade question, or sums up a period for the judgement area asked
            # about ("care leavers"); for anything else a bare grade is a poor answer.
            # The whole service's grade ("Children's services in Norfolk are inadequate") is no area's.
            area_match = 0.0 if OVERALL_GRADE.match(unit.text) else area_coverage(terms, sstems - _GRADE_WORDS)
            if beside_the_recall(ev, unit):
                rel -= settings.answer_grade_boost * 0.5  # the later report's grade, not the one of the year asked
            elif listed and not states_grade(unit.text, listed):
                rel -= settings.answer_grade_boost * 0.5  # "Good" does not answer "which were judged inadequate?"
            elif verdict_q:
                # Asked about the whole service, the overall grade answers; an area's grade is a detail.
                # A report with no overall grade (from April 2026) gives its verdict area by area.
                if OVERALL_GRADE.match(unit.text) or ev.document.without_overall_grade or every_area:
                    rel += settings.answer_grade_boost * 1.5
                else:
                    rel -= settings.answer_grade_boost * 0.5
            elif area_match >= AREA_MATCH or (grade_q and not area_topic):
                rel += settings.answer_grade_boost * (0.5 + area_match)
            else:
                rel -= settings.answer_grade_boost * 0.5
        if _DANGLING.match(standalone(unit.text)) or orphan_item(unit) or recalls_before(ev, unit):
            rel -= settings.answer_dangling_penalty
        if unit.kind != "grade" and beside_the_recall(ev, unit):
            rel -= settings.answer_grade_boost  # of the later report's own time, not the year asked
        if idx in leads:
            rel += settings.answer_lead_bonus  # Ofsted writes the finding first, the detail after
        if idx in headlines:
            rel += settings.answer_grade_boost  # asked plainly, a report's headline is the answer
        if verdict_q and ev.opening:
            rel += settings.answer_lead_bonus  # a verdict on the whole: the document's opening sums it up
        if improve_q and improvement_item(ev, unit) and (lexical > 0 or not area_topic):
            # The report's own list answers "what must improve?"; asked of a topic ("…with recruitment?"),
            # its items on that topic do.
            rel += settings.answer_grade_boost
        if covers_visit(unit):
            rel += settings.answer_grade_boost  # "Inspectors looked at…": the letter's own account of its scope
        if how_long_q and unit.kind != "grade" and gives_duration(unit.text):
            rel += settings.answer_grade_boost * 0.5  # "How long…?": "…an average of 21 weeks" answers it
        if count_topic is not None and unit.kind != "grade":
            # "How many children are in care?" is answered by a sentence that counts them; one that
            # counts something else ("636 foster carers") is a detail, one with no number no answer.
            shared = count_topic.share(counted_stems(unit.text))
            rel += settings.answer_grade_boost * (shared or (0.0 if gives_count(unit.text) else -0.5))
        cheap.append(rel)
        stems_of.append(sstems)
        said_of.append(said)
    relevance = list(cheap)
    vectors: dict[int, np.ndarray] = {}
    if embedder is not None and settings.answer_dense_weight > 0:
        pool = _shortlist(pairs, cheap, settings.answer_rerank_pool)
        matrix = sentence_vectors(embedder, [pairs[i][1].text for i in pool])
        dense = matrix @ embedder.embed([synonyms.spell_out(question) if synonyms else question])[0]
        floor = float(dense.min()) if len(dense) else 0.0
        position = {i: k for k, i in enumerate(pool)}
        for i in range(len(pairs)):
            # Sentences left off the shortlist count as the least similar of those on it.
            k = position.get(i)
            if k is not None:
                vectors[i] = matrix[k]
            relevance[i] += settings.answer_dense_weight * (float(dense[k]) if k is not None else floor)
        if (strengths_q and settings.answer_praise_weight or moved_way and settings.answer_moved_praise_weight) and len(pool):
            # "What are BCP's strengths?": a finding that praises rises, one that criticises falls, by how
            # much more it is like praise than like criticism (scaled to the most marked of the shortlist).
            praise = matrix @ _praise_axis(embedder)
            scale = float(np.abs(praise).max()) or 1.0
            for i, k in position.items():
                if strengths_q:
                    relevance[i] += settings.answer_praise_weight * float(praise[k]) / scale
                elif pairs[i][0].document.date == latest:  # asked why it moved: the report that moved it
                    relevance[i] += moved_way * settings.answer_moved_praise_weight * float(praise[k]) / scale
    out = [
        Candidate(ev, unit, relevance[i], stems_of[i], vectors.get(i), said_of[i]) for i, (ev, unit) in enumerate(pairs)
    ]
    if must_say:
        # "Which reports mention county lines?": a sentence that does not say it does not answer, however
        # near its meaning ("…hot spot areas around the county").
        out = [c for c in out if coverage(must_say, c.said) >= AREA_MATCH] or out
    out.sort(key=lambda c: c.relevance, reverse=True)
    return out


_PRAISE = "This is a strength: practice is strong and effective, and children benefit."
_CRITICISM = "This needs to improve: practice is weak and inconsistent, and children are not helped."
def _praise_axis(embedder: Embedder) -> np.ndarray:
    """The direction from criticism to praise in the embedding space (both embedded once per model, as
    every sentence is)."""
    praise, criticism = sentence_vectors(embedder, [_PRAISE, _CRITICISM])
    return praise - criticism


def _lead_sentences(pairs: Sequence[tuple[Evidence, Unit]]) -> set[int]:
    """Indices of the first sentence of each numbered paragraph."""
    seen: set[tuple[str, int]] = set()
    leads: set[int] = set()
    for i, (ev, unit) in enumerate(pairs):
        if unit.paragraph is not None and unit.kind == "sentence" and (ev.chunk.id, unit.paragraph) not in seen:
            seen.add((ev.chunk.id, unit.paragraph))
            leads.add(i)
    return leads


def _shortlist(pairs: Sequence[tuple[Evidence, Unit]], scores: Sequence[float], size: int) -> list[int]:
    """Indices of the ``size`` best-scoring pairs, plus the best two of each passage."""
    order = sorted(range(len(pairs)), key=lambda i: scores[i], reverse=True)
    chosen = list(order[:size])
    per_passage: dict[str, int] = {}
    for i in order:
        cid = pairs[i][0].chunk.id
        if per_passage.get(cid, 0) < 2:
            per_passage[cid] = per_passage.get(cid, 0) + 1
            if i not in chosen:
                chosen.append(i)
    return chosen


def _similarity(a: Candidate, b: Candidate) -> float:
    if a.unit.kind == "grade" and b.unit.kind == "grade" and not _same_event(a, b):
        return 0.0  # one judgement in 2018 and in 2022: two findings, however alike their words
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector)
    return jaccard(a.stems, b.stems)


def _graded_in_part(question: str, drop_terms: frozenset[str], chosen: Sequence[Candidate]) -> bool:
    """Whether each grade row chosen judges an area that names only part of the topic asked about: "Is
    early help good in Norfolk?" is graded under help and protection, which does not say how early help
    itself is; the findings do. "What grade did Kent get for care leavers?" is answered by the grade."""
    # ("What grade did Ofsted give for care leavers?": "Ofsted" is no part of the topic)
    terms = {t: w for t, w in question_terms(question, drop_terms).items() if t not in GENERIC_WORDS}
    return all(0 < area_coverage(terms, c.stems - _GRADE_WORDS) < 1 for c in chosen if c.unit.kind == "grade")


def select_mmr(
    candidates: Sequence[Candidate], k: int, lam: float, floor: float, prose_floor: bool = False
) -> list[Candidate]:
    """Up to ``k`` sentences: relevant, and unlike those already chosen (maximal marginal relevance).

    ``floor`` (a share of the best relevance) leaves out weak sentences rather than padding to ``k``;
    with ``prose_floor`` the share is of the best sentence that is not a grade row, so a boosted grade
    row leading the answer does not shut out the findings that explain it.
    Near-duplicates (the same sentence quoted by two sources) are never both chosen.
    """
    if not candidates or k <= 0:
        return []
    prose = [c for c in candidates if c.unit.kind != "grade"] if prose_floor else []
    best = max(c.relevance for c in (prose or candidates))
    pool = [c for c in candidates if c.relevance >= best * floor] if best > 0 else list(candidates[:1])
    chosen: list[Candidate] = []
    while pool and len(chosen) < k:
        def mmr(c: Candidate) -> float:
            redundancy = max((_similarity(c, s) for s in chosen), default=0.0)
            return lam * c.relevance - (1 - lam) * redundancy

        pick = max(pool, key=mmr)
        pool.remove(pick)
        if any(_near_duplicate(pick.stems, s.stems) and _same_event(pick, s) for s in chosen):
            continue
        chosen.append(pick)
    return chosen


def _same_event(a: Candidate, b: Candidate) -> bool:
    """Both sentences speak of one authority in one month: "Overall effectiveness: Inadequate" from
    Swindon and from the Isles of Scilly are two findings, from a report and its copy one."""
    ea, eb = a.evidence, b.evidence
    return ea.document.authority == eb.document.authority and (ea.date or "")[:7] == (eb.date or "")[:7]


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same sentence twice (a report and a newspaper quoting it), not a short grade row inside
    the longer sentence that explains it."""
    return jaccard(a, b) > 0.8 or (min(len(a), len(b)) >= 6 and containment(a, b) > 0.8)


def cite(text: str, n: int) -> str:
    """A sentence with its marker before the closing full stop: 'Care leavers are safe [3].'"""
    body = text.rstrip()
    end = ""
    if re.search(r"[.!?][\"'”’]$", body):  # 'she said "it is poor."' -> 'she said "it is poor" [1].'
        body = body[:-2] + body[-1]
    while body and body[-1] in ".;:,":
        body = body[:-1]
        end = "."
    return f"{body} [{n}]{end or '.'}" if not body.endswith(("!", "?")) else f"{body} [{n}]"


def cited_sentences(chosen: Sequence[Candidate], book: CitationBook) -> list[str]:
    """The chosen sentences, each with its marker. Items of one list that follow one another share
    its introduction once: "Areas for priority action: the identification of risk [1]; the quality
    of management oversight [1]." rather than the introduction before every item."""
    out: list[str] = []
    run: tuple[str, str] | None = None
    for c in chosen:
        intro = list_intro(c.unit)
        key = (c.evidence.chunk.id, intro) if intro else None
        if key is not None and key == run and out[-1].endswith("."):
            out[-1] = f"{out[-1][:-1]}; {cite(_item_text(c.unit), book.number(c))}"
        else:
            out.append(cite(c.text, book.number(c)))
        run = key
    return out


class CitationBook:
    """Numbers passages in order of first use and remembers the sentences taken from each."""

    def __init__(self) -> None:
        self._order: list[str] = []
        self._evidence: dict[str, Evidence] = {}
        self._quotes: dict[str, list[Unit]] = {}

    def number(self, cand: Candidate) -> int:
        cid = cand.evidence.chunk.id
        if cid not in self._evidence:
            self._order.append(cid)
            self._evidence[cid] = cand.evidence
            self._quotes[cid] = []
        if cand.unit not in self._quotes[cid]:
            self._quotes[cid].append(cand.unit)
        return self._order.index(cid) + 1

    def citations(self) -> tuple[Citation, ...]:
        out = []
        for i, cid in enumerate(self._order, start=1):
            quote = QUOTE_GAP.join(u.text for u in sorted(self._quotes[cid], key=lambda u: u.index))
            out.append(Citation(i, self._evidence[cid], quote))
        return tuple(out)


def factual_sentences(
    question: str,
    evidence: Sequence[Evidence],
    settings: Settings,
    embedder: Embedder | None = None,
    drop_terms: frozenset[str] = frozenset(),
    must_say: Mapping[str, float] | None = None,
) -> list[Candidate]:
    """The most relevant, non-redundant sentences of the evidence, best first (grade rows first when
    the question asks for a grade); ``must_say`` as for ``score_candidates``."""
    cands = score_candidates(question, evidence, settings, embedder, drop_terms, must_say)
    grade_q = is_grade_question(question)
    if (
        asks_for_improvements(question) and not asks_both_ways(question)
        and not any(w == 1.0 for w in question_terms(question, drop_terms | IMPROVEMENT_FRAME).values())
    ):
        # "What did Ofsted recommend for BCP in 2021?", naming no topic: Ofsted's own list is the answer,
        # not a news story's account of it; asked for the strengths as well, the list is half of it.
        own = [c for c in cands if own_list_item(c)]
        cands = own or cands
    # "When was Surrey inspected?": every report's dates answer it, however it ranks among them. "What did
    # the 2024 focused visit find?" names no topic to tell strong sentences from weak: its summary answers.
    plain = asks_plainly(question, drop_terms)
    floor = 0.0 if asks_for_dates(question, drop_terms) or plain else settings.answer_relative_floor
    # Asked for a grade, the grade row is the answer; asked about a topic, it leads the findings.
    chosen = select_mmr(cands, settings.answer_max_sentences, settings.answer_mmr_lambda, floor, prose_floor=not grade_q)
    graded = sum(c.unit.kind == "grade" for c in chosen)
    # "Is early help good in Norfolk?": the grade of the area holding it, and what the report says of it.
    in_part = grade_q and not plain and graded > 0 and _graded_in_part(question, drop_terms, chosen)
    if not (grade_q or plain) and graded or in_part:
        # Asked of a topic, a report's grade of its area states the judgement beside the findings, not in
        # place of one ("What did Ofsted say about adoption in Birmingham?" lost its 2023 finding).
        chosen = select_mmr(cands, settings.answer_max_sentences + graded, settings.answer_mmr_lambda, floor, prose_floor=True)
    if asks_both_ways(question):
        # "What are BCP's strengths and weaknesses?": the findings that praise, chosen apart from the list
        # of what must improve (whose items the boost puts far ahead), then the list.
        half, lam = settings.answer_max_sentences // 2, settings.answer_mmr_lambda
        findings = [c for c in cands if c.unit.kind != "grade" and not improvement_item(c.evidence, c.unit)]
        items = [c for c in cands if improvement_item(c.evidence, c.unit)]
        chosen = [*select_mmr(findings, half, lam, floor), *select_mmr(items, half, lam, floor)]
    if asks_for_improvements(question):
        chosen = with_whole_lists(chosen, cands)
    if asks_what_visit_covered(question):
        # "What did the October 2022 monitoring visit concentrate on?": the letter's account of its scope
        # is short and read whole ("The focus of the visit was…", then the areas inspectors reviewed).
        have = {id(c) for c in chosen}
        chosen = [*chosen, *(c for c in cands if id(c) not in have and tells_what_visit_covered(c.unit))]
    if plain:
        chosen = in_document_order(chosen)
    if not grade_q:
        return chosen
    if any(c.unit.kind == "grade" for c in chosen) and not in_part:
        # "What was Bournemouth's grade in 2018?" is answered by the grade, not by "Bournemouth is
        # 17.83 sq miles" from the same slides; "When was Trafford last inspected and what grade did it
        # get?" by its grade and its dates.
        when_q = asks_for_dates(question, drop_terms)
        chosen = [c for c in chosen if c.unit.kind == "grade" or named_grade(c.unit.text) or (when_q and VISIT_DATES.match(c.unit.text))]
    return sorted(chosen, key=lambda c: c.unit.kind != "grade")


def with_whole_lists(chosen: Sequence[Candidate], cands: Sequence[Candidate]) -> list[Candidate]:
    """``chosen`` with every other item of each "What needs to improve?" list it quotes from (in the same
    passage): a report's list of what must improve is short, and read whole, not one item of it."""
    lists = {(c.evidence.chunk.id, c.unit.heading) for c in chosen if improvement_item(c.evidence, c.unit)}
    have = {(c.evidence.chunk.id, c.unit.index) for c in chosen}
    more = [
        c for c in cands
        if (c.evidence.chunk.id, c.unit.heading) in lists and improvement_item(c.evidence, c.unit)
        and (c.evidence.chunk.id, c.unit.index) not in have
    ]
    return [*chosen, *more]


def in_document_order(chosen: Sequence[Candidate]) -> list[Candidate]:
    """``chosen`` as each document reads (documents in the order of their best sentence), its grade
    first: a summary quoted in its own order, not in the order its sentences happen to resemble the
    question; a council's slides give their grade ("Our overall judgement is Requires Improvement")
    after their ambitions, yet it leads as a report's grade table does, its overall grade first."""
    first: dict[str, int] = {}
    for rank, c in enumerate(chosen):
        first.setdefault(c.evidence.document.id, rank)
    return sorted(
        chosen,
        key=lambda c: (
            first[c.evidence.document.id],
            c.unit.kind != "grade",
            not OVERALL_GRADE.match(c.unit.text),  # the overall grade before the areas', wherever the table puts it
            c.evidence.chunk.start,
            c.unit.index,
        ),
    )


def reading_order(chosen: Sequence[Candidate]) -> list[Candidate]:
    """``chosen`` (best first) with each passage's sentences together and in the passage's order, where
    its best-ranked sentence stands: "The local offer lacks ambition. … Following consultation, leaders
    have recognised this…" must not be read the other way round, nor with another source between them.
    Grade rows are a table, not prose: they lead their passage's run, the one asked about first, and
    that run leads the rest (the judgement, then what the report found)."""
    by_passage: dict[str, list[tuple[int, Candidate]]] = {}
    for rank, c in enumerate(chosen):
        by_passage.setdefault(c.evidence.chunk.id, []).append((rank, c))
    def key(item: tuple[int, Candidate]) -> tuple[bool, int]:
        rank, c = item
        return (c.unit.kind != "grade", rank if c.unit.kind == "grade" else c.unit.index)

    runs = sorted(by_passage.values(), key=lambda run: not any(c.unit.kind == "grade" for _, c in run))
    return [c for run in runs for _, c in sorted(run, key=key)]


def paragraph_answer(question: str, chosen: Sequence[Candidate]) -> Answer:
    """One paragraph of the chosen sentences, best passage first, each with its marker."""
    book = CitationBook()
    parts = cited_sentences(reading_order(chosen), book)
    return Answer(
        question=question,
        text=" ".join(parts),
        citations=book.citations(),
        insufficient_evidence=not parts,
        explanation="" if parts else "No sentence in the passages found bears on the question.",
        composer=COMPOSER,
    )


def with_note(answer: Answer, note: str) -> Answer:
    if not note or note in answer.explanation:
        return answer
    return replace(answer, explanation=" ".join(x for x in (answer.explanation, note) if x))
