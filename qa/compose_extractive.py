"""The default composer: an answer made only of the evidence's own sentences, each cited.

Offline and fast: sentences are scored for relevance (embedding similarity to the question when
an embedder is given, weighted overlap of the question's content words, the passage's retrieval
rank, a boost for grade statements on grade questions), then picked greedily with maximal
marginal relevance so the answer does not say the same thing twice. Citations are numbered in
order of first use; a citation's ``quote`` is the sentence(s) the answer took from its passage.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Protocol, Sequence

import numpy as np

from indexer.settings import Settings
from qa.lexical import containment, coverage, jaccard, question_terms, stem_set
from qa.sentences import Unit, units
from qa.types import Answer, Citation, Evidence

log = logging.getLogger(__name__)

COMPOSER = "extractive"
_GRADE_QUESTION = re.compile(
    r"\b(grade[ds]?|rated|rating|judge(d|ment)s?|judgement|outstanding|inadequate|requires improvement|"
    r"how good|overall effectiveness)\b",
    re.IGNORECASE,
)


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

    @property
    def text(self) -> str:
        """The sentence as the answer shows it (the citation's quote keeps it whole)."""
        return standalone(self.unit.text)


# A sentence read out of its paragraph: a leading connective is dropped from the answer (the words
# that remain are still the passage's own); one opening on a pronoun leans on a sentence not shown.
_CONNECTIVE = re.compile(
    r"^(?:However|In addition|Additionally|Furthermore|Moreover|Also|Similarly|Consequently|As a result|"
    r"In particular|Nevertheless|Despite this|Notwithstanding this|Equally|Likewise),\s+(?=\S)"
)
_DANGLING = re.compile(r"^(?:This|These|That|Those|They|Their|It|Its|He|She|Such|Both|Some of these)\b")


def standalone(text: str) -> str:
    """The sentence as it should read alone: 'However, most care leavers…' -> 'Most care leavers…'."""
    m = _CONNECTIVE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


def is_grade_question(question: str) -> bool:
    return bool(_GRADE_QUESTION.search(question))


_CACHE_SIZE = 50_000  # sentence vectors kept (384 floats each: about 75 MB at most)
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


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


def _usable(unit: Unit) -> bool:
    """Headings, questions and scraps are not answers; grade rows are, however short."""
    if unit.kind == "grade":
        return True
    if unit.kind == "heading" or unit.text.endswith("?"):
        return False
    return len(unit.text.split()) >= 4


def score_candidates(
    question: str,
    evidence: Sequence[Evidence],
    settings: Settings,
    embedder: Embedder | None = None,
    drop_terms: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Every usable sentence of the evidence, scored for relevance to the question (best first)."""
    terms = question_terms(question, drop_terms)
    grade_q = is_grade_question(question)
    pairs = [(ev, u) for ev in evidence for u in units(ev.chunk.text) if _usable(u)]
    if not pairs:
        return []
    top_score = max((ev.score for ev in evidence), default=0.0) or 1.0
    vectors: np.ndarray | None = None
    dense = np.zeros(len(pairs), dtype=np.float32)
    if embedder is not None and settings.answer_dense_weight > 0:
        vectors = sentence_vectors(embedder, [u.text for _, u in pairs])
        dense = vectors @ embedder.embed([question])[0]
    out: list[Candidate] = []
    for i, (ev, unit) in enumerate(pairs):
        sstems = stem_set(unit.text)
        lexical = coverage(terms, sstems)
        context = unit.heading or ev.chunk.section
        if context and settings.answer_heading_weight > 0:
            # Words of the heading a sentence sits under count too, at a discount: a bullet under
            # "What needs to improve?" answers "what does BCP still need to improve?".
            lexical = max(lexical, settings.answer_heading_weight * coverage(terms, sstems | stem_set(context)))
        rel = (
            settings.answer_dense_weight * float(dense[i])
            + settings.answer_lexical_weight * lexical
            + settings.answer_rank_weight * max(ev.score, 0.0) / top_score
        )
        if unit.kind == "grade":
            # A grade row answers a grade question, or sums up a period for the judgement area asked
            # about ("care leavers"); for anything else a bare grade is a poor answer.
            area_match = coverage(terms, sstems - _GRADE_WORDS)
            if grade_q or area_match >= 0.5:
                rel += settings.answer_grade_boost * (0.5 + area_match)
            else:
                rel -= settings.answer_grade_boost * 0.5
        if _DANGLING.match(unit.text):
            rel -= settings.answer_dangling_penalty
        out.append(Candidate(ev, unit, rel, sstems, None if vectors is None else vectors[i]))
    out.sort(key=lambda c: c.relevance, reverse=True)
    return out


def _similarity(a: Candidate, b: Candidate) -> float:
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector)
    return jaccard(a.stems, b.stems)


def select_mmr(candidates: Sequence[Candidate], k: int, lam: float, floor: float) -> list[Candidate]:
    """Up to ``k`` sentences: relevant, and unlike those already chosen (maximal marginal relevance).

    ``floor`` (a share of the best relevance) leaves out weak sentences rather than padding to ``k``.
    Near-duplicates (the same sentence quoted by two sources) are never both chosen.
    """
    if not candidates or k <= 0:
        return []
    best = max(c.relevance for c in candidates)
    pool = [c for c in candidates if c.relevance >= best * floor] if best > 0 else list(candidates[:1])
    chosen: list[Candidate] = []
    while pool and len(chosen) < k:
        def mmr(c: Candidate) -> float:
            redundancy = max((_similarity(c, s) for s in chosen), default=0.0)
            return lam * c.relevance - (1 - lam) * redundancy

        pick = max(pool, key=mmr)
        pool.remove(pick)
        if any(containment(pick.stems, s.stems) > 0.8 for s in chosen):
            continue
        chosen.append(pick)
    return chosen


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
            quote = " … ".join(u.text for u in sorted(self._quotes[cid], key=lambda u: u.index))
            out.append(Citation(i, self._evidence[cid], quote))
        return tuple(out)


def compose_factual(
    question: str,
    evidence: Sequence[Evidence],
    settings: Settings,
    embedder: Embedder | None = None,
    drop_terms: frozenset[str] = frozenset(),
) -> Answer:
    """The most relevant, non-redundant sentences, best first, each with its marker."""
    cands = score_candidates(question, evidence, settings, embedder, drop_terms)
    chosen = select_mmr(cands, settings.answer_max_sentences, settings.answer_mmr_lambda, settings.answer_relative_floor)
    book = CitationBook()
    parts = [cite(c.text, book.number(c)) for c in chosen]
    return Answer(
        question=question,
        text=" ".join(parts),
        citations=book.citations(),
        insufficient_evidence=not parts,
        explanation="" if parts else "No sentence in the passages found bears on the question.",
        composer=COMPOSER,
    )


def with_note(answer: Answer, note: str) -> Answer:
    if not note:
        return answer
    return replace(answer, explanation=" ".join(x for x in (answer.explanation, note) if x))
