"""Deciding not to answer: when the evidence does not bear on the question, say so instead.

Signals, each cheap and each shown in the explanation's log line:
- an instruction aimed at the system rather than a question about the reports ("ignore previous
  instructions…") is refused outright, before anything is retrieved or generated;
- the question names an authority outside the scope searched (another council's business);
- the question names something (a capitalised name or acronym: "Harbour", "GCSE", "Flourish")
  that no passage in the scope mentions: a programme of another council, or a topic the reports
  never cover;
- the question is about a service the reports do not inspect (adult social care, council tax,
  parking…) and not about children or young people in it;
- the best dense similarity of any passage to the question (``Settings.refusal_threshold``, a floor);
- lexical coverage: the share of the question's topic words found in the best passage
  (``Settings.refusal_min_coverage``), applied when the dense similarity is not convincing either
  (below ``Settings.refusal_lexical_dense``): a question about parking policy gets passages about
  children's services that are close in embedding space yet never mention parking, while a question
  asked in the reader's own words ("kids", "abandoned") is still answered when its meaning is close.

A refusal carries no citations. The nearest passages are named in the explanation only, as
"closest passages", so a reader can look for themselves without mistaking them for an answer.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from indexer.settings import Settings
from qa.lexical import (
    DOCUMENT_WORDS,
    GENERIC_WORDS,
    IMPROVEMENT_FRAME,
    REORGANISATION,
    VERDICT_WORDS,
    VISIT_DATES,
    WHO_INSPECTED,
    asks_for_dates,
    asks_for_improvements,
    asks_for_mentions,
    asks_for_reports,
    asks_for_verdict,
    asks_how_judged,
    asks_not_since,
    asks_plainly,
    asks_what_visit_covered,
    asks_when_published,
    asks_when_reorganised,
    asks_who_inspected,
    asks_why,
    coverage,
    doc_types_asked,
    is_grade_question,
    named_grade,
    question_terms,
    said_stems,
    stems,
    verdict_words,
)
from qa.query_terms import SynonymTable
from qa.sentences import units
from qa.types import Evidence

log = logging.getLogger(__name__)

_INJECTION = re.compile(
    r"""
    \b(ignore|disregard|forget|override|bypass|skip)\b[^.?!]{0,40}?\b(instructions?|prompts?|rules|guidelines|directions|context|constraints)\b
    | \b(reveal|show|print|repeat|output|leak|tell\ me)\b[^.?!]{0,30}?\b(system|hidden|initial|original)\s+(prompt|instructions?|message)
    | \bsystem\s+prompt\b
    | \byou\s+are\s+now\b
    | \b(act|behave)\s+as\s+(if|an?|the)\b
    | \bpretend\s+(to\s+be|you\s+are|that)\b
    | \b(jailbreak|DAN\s+mode|developer\s+mode)\b
    | \bnew\s+instructions?\s*:
    | \b(do\s+not|don't)\s+(cite|use\s+the\s+(sources|passages|documents))\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


# Services outside what inspections of children's services look at. A question naming one is
# answerable only when it asks about children or young people within it (care leavers moving on
# to adult services, say).
_OTHER_SERVICES = re.compile(
    r"""\b(adult\s+social\s+care|older\s+(people|residents|adults)|elderly|care\s+homes?\s+for\s+(older|elderly)
    | dementia|pensioners?|nursing\s+homes?|hospital\s+discharge|council\s+tax|bin\s+collections?|potholes?
    | parking|planning\s+applications?|leisure\s+centres?)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_CHILDREN = re.compile(r"\b(child|children|childrens|kids?|young\s+(people|person|adults?|carers?)|care\s+leavers?|families|family|babies|baby|adolescents?|teenagers?|pupils?)\b", re.IGNORECASE)


def outside_remit(question: str) -> str | None:
    """The service the question asks about when it is not one the reports inspect, else None."""
    m = _OTHER_SERVICES.search(question)
    if m is None or _CHILDREN.search(question):
        return None
    return " ".join(m.group(0).split())


def looks_like_injection(question: str) -> bool:
    """An instruction to the system rather than a question about the reports."""
    return bool(_INJECTION.search(question))


@dataclass(frozen=True)
class NamesAsked:
    """Names in the question that the scope cannot answer for."""

    foreign: tuple[str, ...] = ()  # authorities the user's own authority choice leaves out
    absent: tuple[str, ...] = ()  # names no passage in scope mentions ("Harbour", "GCSE")
    uncovered: tuple[str, ...] = ()  # English authorities the corpus holds nothing on ("Manchester")
    close: tuple[str, ...] = ()  # authorities spelled like an absent name ("Birmigham": Birmingham City Council)


@dataclass(frozen=True)
class RefusalSignals:
    n_evidence: int
    best_dense: float | None  # highest cosine similarity of a passage to the question
    coverage: float  # weighted share of the question's topic words in the best-covering passage
    injection: bool
    foreign: tuple[str, ...] = ()  # names of authorities the question asks about that are out of scope
    absent: tuple[str, ...] = ()  # names in the question that no passage in scope mentions
    uncovered: tuple[str, ...] = ()  # English authorities the question asks about that the corpus holds nothing on
    close: tuple[str, ...] = ()  # authorities spelled like an absent name
    off_remit: str | None = None  # a service the reports do not inspect, which the question asks about
    graded: bool = False  # the question asks for a grade and a passage gives one (a grade table embeds poorly)
    # The question asks when a report was and a passage gives its dates: "When was the last monitoring
    # visit to BCP?" is answered by the letter's "…on 4 and 5 October 2022", however far its embedding.
    dated: bool = False
    # highest of a passage's sentence nearest it: one answering sentence can be drowned in a passage's
    # vector by the sentences around it ("Has caseload pressure in BCP eased?": 0.09 the passage, 0.38 it)
    best_sentence: float | None = None
    # the question's topic words no passage found says, in its words or the thesaurus's, where the top
    # passages say none of them ("neglect" of Westmorland and Furness): answered by meaning alone
    unsaid: tuple[str, ...] = ()
    # the kinds of report the search was kept to, as the question named them ("the 2025 focused visit")
    kept_to: tuple[str, ...] = ()

    def as_log(self) -> str:
        dense = "n/a" if self.best_dense is None else f"{self.best_dense:.3f}"
        nearest = "n/a" if self.best_sentence is None else f"{self.best_sentence:.3f}"
        return f"n={self.n_evidence} dense={dense} sentence={nearest} coverage={self.coverage:.2f} graded={self.graded} dated={self.dated} injection={self.injection} foreign={list(self.foreign)} absent={list(self.absent)} uncovered={list(self.uncovered)} off_remit={self.off_remit}"


@dataclass(frozen=True)
class Verdict:
    refuse: bool
    reason: str  # short, for the reader
    signals: RefusalSignals


# A sentence judging in prose: "…were judged inadequate in 2019".
_JUDGES_IN_PROSE = re.compile(r"\b(?:judged|rated|graded|found\s+to\s+be)\b", re.I)


def measure(
    question: str,
    evidence: Sequence[Evidence],
    drop_terms: frozenset[str] = frozenset(),
    names: NamesAsked = NamesAsked(),
    top_n: int = 5,
    synonyms: SynonymTable | None = None,
) -> RefusalSignals:
    """The refusal signals for a question and its ranked evidence (the first ``top_n`` passages count).
    With ``synonyms``, a passage saying a topic word in the thesaurus's other words mentions it ("local
    authority designated officer" answers "LADO")."""
    top = list(evidence)[:top_n]
    top_units = [u for e in top for u in units(e.chunk.text)]  # their sentences and grade rows, parsed once
    dense = [e.dense_score for e in top if e.dense_score is not None]
    nearest = [e.sentence_score for e in top if e.sentence_score is not None]
    # A grade question, or a verdict on the whole service ("Has Kent got worse?"), is answered by grade
    # rows, found by search or brought in after it (``Searcher.judgements``).
    verdict = asks_for_verdict(question, drop_terms)
    graded = (is_grade_question(question) or verdict) and any(
        u.kind == "grade" for u in ([u for e in evidence for u in units(e.chunk.text)] if verdict else top_units)
    )
    if not graded and (asked := named_grade(question)) and is_grade_question(question):
        # "Was Northamptonshire inadequate before the split?", with no report of that time: a later report's
        # "…were judged inadequate in 2019" answers it in prose, as a grade row would.
        graded = any(named_grade(u.text) == asked and _JUDGES_IN_PROSE.search(u.text) for u in top_units)
    dated = asks_for_dates(question, drop_terms) and any(VISIT_DATES.match(u.text) for u in top_units)
    # Only topic words count here: every passage mentions children, services and Ofsted; and where a
    # grade row answers, the words asking for it ("judged", "good") are not the topic either.
    # "Why did Swindon decline?" asks for the reasons behind a verdict: those are in the report's prose,
    # which need not say "decline".
    # "How is Birmingham performing?", its latest report a focused visit with no grade row: that report's
    # prose is the verdict, whether or not it says "performing".
    skip = GENERIC_WORDS | verdict_words(question) if graded or (verdict and (asks_why(question) or asks_how_judged(question, drop_terms))) else GENERIC_WORDS
    if asks_for_improvements(question):
        # "What are the biggest problems in Swindon?", "What went wrong in Tameside?" ask for its list.
        skip = skip | VERDICT_WORDS | IMPROVEMENT_FRAME
    kinds = doc_types_asked(question)
    kept_to = tuple(kinds) if evidence and kinds and all(e.document.doc_type in kinds for e in evidence) else ()
    if kept_to:
        # "What did the 2025 focused visit say about care leavers?", the search kept to focused visits: every
        # passage is of one, so "focused" and "visit" show nothing of care leavers.
        skip = skip | frozenset(stems(" ".join(kept_to)))
    terms = {t: 1.0 for t in question_terms(question, drop_terms) if t not in skip}
    if asks_for_reports(question, drop_terms) or asks_not_since(question):
        terms = {}  # "What documents do you hold on BCP?" names no topic: the scope is the question
    if asks_when_reorganised(question, drop_terms) and any(REORGANISATION.search(e.chunk.text) for e in top):
        terms = {}  # "When was Northamptonshire split?": a passage saying when answers, however it is worded
    if asks_who_inspected(question) and any(WHO_INSPECTED.match(u.text) for u in top_units):
        terms = {}  # "Which inspector led the 2022 BCP monitoring visit?": the letter naming them answers, not "led"
    if dated and asks_when_published(question):
        terms = {}  # "How long did it take to publish Kent's report?": its title page's dates and the note answer
    # Not for words naming the document ("the 2021 focused visit" is no "focus of the visit", which
    # "inspectors reviewed" says): only a topic's other words show a passage mentions it.
    aliases = tuple(
        a for a in (synonyms.asked(question, GENERIC_WORDS, literal=asks_for_mentions(question)) if synonyms is not None and terms else ())
        if a.asked - GENERIC_WORDS - DOCUMENT_WORDS
    )
    cov = max((coverage(terms, said_stems(e.chunk.text, aliases)) for e in top), default=0.0)
    unsaid: tuple[str, ...] = ()
    if terms and top and cov == 0.0 and not (graded or dated):
        # (of every passage found, not the top alone: the answer may quote any; a grade row or a report's
        # dates answer without the question's words)
        said = frozenset().union(*(said_stems(e.chunk.text, aliases) for e in evidence))
        # (a word of a term the question says is named with the term: "young carers", not "carers",
        # which "foster carers" says)
        words = _words_with_terms(question, [p for a in aliases for p in a.held if a.bound])
        unsaid = tuple(dict.fromkeys(
            word for word in words
            if any(t in terms for t in stems(word)) and not any(t in said for t in stems(word))
        ))
    return RefusalSignals(
        n_evidence=len(evidence),
        # Nothing topical asked ("What did Ofsted say about Northamptonshire before the split?"): the
        # scope is the question, and how close its passages sit to the bare words "what did Ofsted
        # say" proves nothing.
        # Nor does it for a question asked plainly of one report ("What did the 2019 focused visit to Bury
        # find?", "What did the 2025 focused visit to Trafford look at?"): the words naming the report are
        # for the passages to share, not to sit close to.
        best_dense=max(dense) if dense and terms and not (asks_plainly(question, drop_terms) or asks_what_visit_covered(question)) else None,
        # (a question of one word, "How quickly…?", sits close to any sentence saying it: no rescue)
        best_sentence=max(nearest, default=None) if len(terms) > 1 else None,
        coverage=cov if terms else 1.0,  # nothing topical to look for ("what did Ofsted find?"): no lexical veto
        unsaid=unsaid,
        kept_to=kept_to,
        injection=looks_like_injection(question),
        foreign=names.foreign,
        absent=names.absent,
        uncovered=names.uncovered,
        close=names.close,
        off_remit=outside_remit(question),
        graded=graded,
        dated=dated,
    )


def _words_with_terms(question: str, terms: Sequence[tuple[str, ...]]) -> list[str]:
    """The question's words, those of each of ``terms`` (phrases as stems) joined into one."""
    words = re.findall(r"[A-Za-z][\w'’-]*", question)
    out: list[str] = []
    i = 0
    while i < len(words):
        for term in terms:
            j, got = i, stems(words[i])
            while got and tuple(got) == term[: len(got)] and len(got) < len(term) and j + 1 < len(words):
                j += 1
                got += stems(words[j])
            if got and tuple(got) == term:
                j += 1
                out.append(" ".join(words[i:j]))
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _quoted(words: Sequence[str]) -> str:
    return " or ".join(f"'{w}'" for w in words)


def not_held_reason(names: Sequence[str], beside: bool = False) -> str:
    """Why an authority the corpus holds nothing on cannot be answered for; ``beside`` one it holds
    ("How does Sunderland compare with South Tyneside?"), what the reports say of that one is not enough."""
    alone = "what they say of the others named does not answer it alone. " if beside else ""
    return (
        f"The corpus holds no documents about {' or '.join(names)}, so the reports cannot answer this{':' if alone else '.'} {alone}"
        "The authorities it covers are listed by `inspection-qa authorities` and in the app's Authority box; "
        "add reports to the corpus to ask about others."
    )


def decide(signals: RefusalSignals, settings: Settings) -> Verdict:
    """Refuse when any signal says the evidence cannot answer; the reason names which."""
    s = signals
    if s.injection:
        reason = "The question reads as an instruction to the system rather than a question about the reports, so it is not answered."
    elif s.foreign:
        reason = (
            f"The question asks about {' and '.join(s.foreign)}, which is outside the scope searched; "
            "widen or change the authority to ask about it."
        )
    elif s.uncovered:
        reason = not_held_reason(s.uncovered)
    elif s.off_remit:
        reason = (
            f"The question asks about {s.off_remit}, which inspections of children's services do not cover, "
            "so the reports cannot answer it."
        )
    elif s.n_evidence == 0:
        reason = "No passage in the indexed reports matches the question in this scope."
    elif s.absent:
        names = ", ".join(f"'{n}'" for n in s.absent)
        reason = (
            f"The reports in this scope never mention {names}, so they cannot answer this; "
            "it may concern another authority or a subject the reports do not cover."
        )
        if s.close:
            reason += f" Did you mean {' or '.join(s.close)}?"
    elif s.unsaid and s.kept_to:
        # "What did the 2024 focused visit to Birmingham say about care leavers?": what the report the user
        # chose does not say is the answer, not its sentences nearest in meaning ("Children in care are…").
        reason = (
            f"No passage found in the {' or '.join(s.kept_to)} reports in this scope mentions {_quoted(s.unsaid)} "
            "(or the thesaurus's words for it), so they cannot answer this; ask without naming the kind of report "
            "to search every report."
        )
    elif s.best_dense is not None and max(s.best_dense, s.best_sentence or 0.0) < settings.refusal_threshold and not (s.graded or s.dated):
        # (the floor is of passages and their sentences alike; the words' veto below weighs passages alone,
        # a short sentence sitting closer to a short question than a passage can)
        reason = "The indexed reports do not appear to cover this: no passage is close to the question."
    elif s.coverage < settings.refusal_min_coverage and (s.best_dense is None or s.best_dense < settings.refusal_lexical_dense):
        said = _quoted(s.unsaid) or "what the question asks about"
        reason = f"The indexed reports do not appear to cover this: the nearest passages do not mention {said}."
    else:
        return Verdict(False, "", s)
    log.info("refusing: %s", s.as_log())
    return Verdict(True, reason, s)


_NAME = re.compile(r"(?<![\w'’-])([A-Z][A-Za-z'’-]*[A-Za-z])")
_NOT_NAMES = frozenset(
    "ofsted hmi england english uk covid dfe cqc what how has have did does do when which who why where is are "
    "was were in on at the a an to of for and or please tell show list give".split()
    # Ofsted's grades and their everyday words, often capitalised: "Is BCP OK now?", "…get Requires Improvement?"
    + "ok okay alright outstanding good inadequate requires require required improvement".split()
)


def named_terms(question: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words and acronyms the question uses mid-sentence: names of things ("Harbour",
    "GCSE"), not of the authority (``ignore``: lower-case words of authority names), months or Ofsted."""
    from qa.timeparse import MONTHS

    out: list[str] = []
    for m in _NAME.finditer(question):
        before = question[: m.start()].rstrip()
        if not before or before[-1] in '.?!:"“':
            continue  # a capital that only starts a sentence
        word = re.sub(r"['’]s$", "", m.group(1))
        low = word.lower()
        if low in _NOT_NAMES or low in ignore or low in MONTHS:
            continue
        if word not in out:
            out.append(word)
    return out


def name_said(name: str) -> re.Pattern[str]:
    """A name as a text says it: case-sensitive, whole words ('Flourish' the programme, not 'flourish')."""
    return re.compile(r"(?<![A-Za-z])" + re.escape(name) + r"(?![a-z])")


def absent_names(names: Sequence[str], texts: Iterable[str]) -> list[str]:
    """The names no text mentions (``name_said``)."""
    todo = {n: name_said(n) for n in names}
    for text in texts:
        for n in [n for n, pat in todo.items() if pat.search(text)]:
            del todo[n]
        if not todo:
            break
    return [n for n in names if n in todo]


def closest_passages(evidence: Sequence[Evidence], n: int = 3) -> str:
    """A one-line pointer to the nearest passages, for a refusal's explanation (never cited)."""
    if not evidence:
        return ""
    bits = []
    for e in list(evidence)[:n]:
        where = ", ".join(x for x in (e.date or "undated", e.document.source_kind, e.chunk.label) if x)
        bits.append(f"{e.document.title} ({where})")
    return "Closest passages, which do not answer it: " + "; ".join(bits) + "."
