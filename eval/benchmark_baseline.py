"""Side-by-side benchmark: our search against the textbook RAG pipeline, on the same questions.

The baseline, built in memory at start-up and timed:
  pypdf page text (text files read whole) -> LangChain RecursiveCharacterTextSplitter(1000, 100)
  -> all-MiniLM-L6-v2 (the bundled model, via sentence-transformers) -> FAISS IndexFlatIP top-k
  over the whole corpus; a scoped question gets the authority's name appended, no filters.
Ours: ``QAService.search`` over the built index, with the question's scope.

Both rankings are scored by the same matching and metrics as ``qa.evaluation.retrieval_eval``.

    .venv/bin/python eval/benchmark_baseline.py [--questions FILE] [--corpus DIR] [--index DIR]
                                                [--top-k 10] [--json-out eval/reports/baseline.json]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from qa.evaluation.metrics import latency_summary
from qa.evaluation.retrieval_eval import (
    DEFAULT_QUESTIONS,
    DEFAULT_K_VALUES,
    load_questions,
    make_query,
    score_question,
    summarise,
    timed,
    write_json,
)

log = logging.getLogger("benchmark_baseline")

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 100
CORPUS_SUFFIXES = (".pdf", ".txt", ".md")


# --- the textbook pipeline ----------------------------------------------------------------------


def read_corpus(corpus_dir: Path) -> list[tuple[str, str]]:
    """(file name, text) per PDF page and per text file, as a loader-per-file-type pipeline reads them."""
    from pypdf import PdfReader

    units: list[tuple[str, str]] = []
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix.lower() not in CORPUS_SUFFIXES or not path.is_file():
            continue
        if path.suffix.lower() == ".pdf":
            units += [(path.name, page.extract_text() or "") for page in PdfReader(str(path)).pages]
        else:
            units.append((path.name, path.read_text(encoding="utf-8")))
    return units


@dataclass
class Baseline:
    model: Any  # sentence_transformers.SentenceTransformer
    index: Any  # faiss.IndexFlatIP
    chunks: list[tuple[str, str]]  # (file name, chunk text), in index order
    build_seconds: float

    @classmethod
    def build(cls, corpus_dir: Path, settings: Settings) -> "Baseline":
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter
        from sentence_transformers import SentenceTransformer

        start = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        chunks = [(name, piece) for name, text in read_corpus(corpus_dir) for piece in splitter.split_text(text)]
        model = SentenceTransformer(settings.resolved_embedding_model(), device="cpu")
        vectors = model.encode(
            [text for _, text in chunks],
            batch_size=settings.embedding_batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
        ).astype(np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(model, index, chunks, time.perf_counter() - start)

    def search(self, text: str, top_k: int) -> list[tuple[str, str]]:
        vector = self.model.encode(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype(np.float32)
        _, rows = self.index.search(vector, top_k)
        return [self.chunks[r] for r in rows[0] if r >= 0]


def baseline_query(question: dict[str, Any], table: AuthorityTable) -> str:
    """The question, with the authority's official name appended when it is scoped to one."""
    if not question.get("authority"):
        return question["question"]
    return f"{question['question']} ({table.resolve(question['authority']).name})"


# --- the run ------------------------------------------------------------------------------------


def run_benchmark(
    questions: list[dict[str, Any]], baseline: Baseline, service: Any, table: AuthorityTable, top_k: int = 10
) -> dict[str, Any]:
    """Each answerable question through both systems, alternating, timed one query at a time."""
    answerable = [q for q in questions if q["answerable"]]
    if answerable:  # warm both: the first call of each loads what it needs
        baseline.search(baseline_query(answerable[0], table), top_k)
        service.search(make_query(answerable[0], top_k))
    runs: dict[str, dict[str, list]] = {"baseline": {"records": [], "seconds": []}, "ours": {"records": [], "seconds": []}}
    for q in answerable:
        passages, seconds = timed(lambda: baseline.search(baseline_query(q, table), top_k))
        runs["baseline"]["records"].append(score_question(q, passages))
        runs["baseline"]["seconds"].append(seconds)
        results, seconds = timed(lambda: service.search(make_query(q, top_k)))
        runs["ours"]["records"].append(score_question(q, [(ev.document.source, ev.chunk.text) for ev in results]))
        runs["ours"]["seconds"].append(seconds)
    report: dict[str, Any] = {
        "n_questions": len(answerable),
        "top_k": top_k,
        "baseline_build_seconds": baseline.build_seconds,
        "baseline_chunks": len(baseline.chunks),
    }
    for name, run in runs.items():
        report[name] = {
            **summarise(run["records"]),
            "latency": latency_summary(run["seconds"]) if run["seconds"] else {},
            "questions": run["records"],
        }
    report["ratios"] = ratios(report["ours"], report["baseline"])
    return report


HEADLINE = ("recall@5", "recall@10", "mrr", "ndcg@10")


def ratios(ours: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float | None]:
    """ours / baseline for each headline metric and latency (None where the baseline is 0)."""
    pairs = {m: (ours["overall"][m], baseline["overall"][m]) for m in HEADLINE}
    for p in ("p50_ms", "p95_ms"):
        pairs[f"latency_{p}"] = (ours["latency"].get(p), baseline["latency"].get(p))
    return {k: (o / b if o is not None and b else None) for k, (o, b) in pairs.items()}


def format_report(report: dict[str, Any]) -> str:
    def f(v: Any, digits: int = 3) -> str:
        return "-" if v is None or v != v else f"{v:.{digits}f}"

    rows = [(m, report["baseline"]["overall"][m], report["ours"]["overall"][m], report["ratios"][m]) for m in HEADLINE]
    for p in ("p50_ms", "p95_ms"):
        rows.append((f"latency {p}", report["baseline"]["latency"].get(p), report["ours"]["latency"].get(p), report["ratios"][f"latency_{p}"]))
    lines = [
        f"{report['n_questions']} answerable questions, top {report['top_k']}; baseline built in "
        f"{report['baseline_build_seconds']:.1f} s ({report['baseline_chunks']} chunks)",
        "",
        f"{'metric':<16}{'baseline':>10}{'ours':>10}{'ours/base':>11}",
        "-" * 47,
    ]
    for name, b, o, r in rows:
        digits = 1 if name.startswith("latency") else 3
        lines.append(f"{name:<16}{f(b, digits):>10}{f(o, digits):>10}{f(r, 2):>11}")
    lines += ["", f"{'recall@10 by group':<26}{'n':>4}{'baseline':>10}{'ours':>10}"]
    base, ours = report["baseline"], report["ours"]
    groups = [("kind", k) for k in ours["by_kind"]] + [("scope", s) for s in ours["by_scope"]]
    for section, key in groups:
        b = base[f"by_{section}"][key]
        o = ours[f"by_{section}"][key]
        lines.append(f"{section + ': ' + key:<26}{o['n']:>4}{f(b['recall@10']):>10}{f(o['recall@10']):>10}")
    b, o = base["change_over_time"], ours["change_over_time"]
    lines.append(f"{'all periods in top 10':<26}{o['n']:>4}{f(b['all_periods@10_rate']):>10}{f(o['all_periods@10_rate']):>10}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from qa.service import QAService

    p = argparse.ArgumentParser(description="Our search against the textbook RAG pipeline, side by side.")
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    p.add_argument("--corpus", type=Path, help="corpus folder for the baseline (default: from settings)")
    p.add_argument("--index", type=Path, help="our index folder (default: from settings)")
    p.add_argument("--top-k", type=int, default=max(DEFAULT_K_VALUES))
    p.add_argument("--json-out", type=Path, help="write the full report, with per-question records, here")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)

    settings = Settings.load(corpus_dir=args.corpus, index_dir=args.index)
    questions = load_questions(args.questions)
    table = AuthorityTable.load(settings.authorities_path)
    log.info("building the baseline over %s", settings.corpus_dir)
    baseline = Baseline.build(settings.corpus_dir, settings)
    service = QAService(settings)
    report = run_benchmark(questions, baseline, service, table, top_k=args.top_k)
    print(format_report(report))
    if args.json_out:
        write_json(report, args.json_out)
        print(f"report written to {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
