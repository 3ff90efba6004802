"""Index and query timings: a full build, a no-change refresh, a one-document refresh, warm search and ask.

    .venv/bin/python eval/benchmark_index.py [--full] [--corpus DIR] [--json-out FILE]
    .venv/bin/python eval/benchmark_index.py --skip-build [--index DIR] [--json-out FILE]

``--full`` (the default) copies the corpus to a temporary folder and builds its index there from
scratch, so neither the corpus nor the index in use is touched. It reports:

- the full build's time (the embedding model already loaded; its load time is reported apart),
  documents, pages and chunks, and the index's size on disk, file by file;
- the time of a second build with nothing changed (nothing is re-embedded);
- the time to refresh after one document changes (a paragraph appended to the first text file,
  or bytes appended to the first PDF where there is none);

then, over that index (or, with ``--skip-build``, over an existing ``--index``), with the model
loaded once and one warm-up query first:

- search latency for the first ``--queries`` (50) questions of ``eval/dev_questions.jsonl``, each
  with its scope: p50, p95, mean and the whole batch;
- ask latency for the same questions with the default (extractive) composer.

Timings depend on the machine and on what else runs on it: the report records the CPU count and
the load average before and after, so a noisy run can be recognised and repeated.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from indexer.settings import REPO_ROOT, Settings

log = logging.getLogger("benchmark_index")

DEFAULT_QUESTIONS = REPO_ROOT / "eval" / "dev_questions.jsonl"
EDIT = "\n\nA paragraph added to measure the refresh after one document changes.\n"


def latency(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95 (nearest rank) and mean in milliseconds, and the batch total in seconds."""
    ordered = sorted(seconds)

    def nearest_rank(p: float) -> float:
        rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
        return ordered[int(rank) - 1]

    return {
        "n": len(ordered),
        "p50_ms": round(nearest_rank(50) * 1000, 1),
        "p95_ms": round(nearest_rank(95) * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
        "total_s": round(sum(ordered), 2),
    }


def folder_sizes(folder: Path) -> dict[str, float]:
    """MB of each file under ``folder`` (paths relative to it), largest first."""
    sizes = {f.relative_to(folder).as_posix(): f.stat().st_size / 1e6 for f in folder.rglob("*") if f.is_file()}
    return {name: round(mb, 3) for name, mb in sorted(sizes.items(), key=lambda kv: -kv[1])}


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def _summary_fields(summary: Any, seconds: float) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 2),
        "documents": summary.documents,
        "pages": summary.pages,
        "chunks": summary.chunks,
        "embedded_documents": summary.embedded_documents,
        "embedded_chunks": summary.embedded_chunks,
        "reused_documents": summary.reused_documents,
        "skipped": [list(s) for s in summary.skipped],
        "unchanged": summary.unchanged,
    }


def edit_one_document(corpus: Path) -> str:
    """Change one document of ``corpus`` in place; returns its name. Text files first: their edit changes chunks."""
    from indexer import readers

    files = sorted((p for p in corpus.rglob("*") if readers.is_document_file(p, corpus)), key=lambda p: p.name)
    texts = [p for p in files if p.suffix.lower() in (".txt", ".md")]
    if texts:
        with texts[0].open("a", encoding="utf-8") as f:
            f.write(EDIT)
        return texts[0].relative_to(corpus).as_posix()
    pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
    if not pdfs:
        raise SystemExit(f"no document to edit in {corpus}")
    with pdfs[0].open("ab") as f:  # new bytes, same text: re-read, nothing re-embedded
        f.write(b"\n% benchmark edit\n")
    return pdfs[0].relative_to(corpus).as_posix()


def benchmark_build(corpus: Path, workdir: Path, settings: Settings) -> tuple[dict[str, Any], Settings]:
    """Full build, no-change rebuild and one-document refresh in ``workdir``; returns the report and its settings."""
    from indexer.build import build_index
    from indexer.embedding import Embedder

    copy = workdir / "corpus"
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns(".*"))
    settings = settings.model_copy(update={"corpus_dir": copy, "index_dir": workdir / "index"})

    embedder = Embedder.from_settings(settings)
    _, load_s = _timed(embedder.warm_up)
    log.info("model loaded in %.1f s; full build of %s", load_s, corpus)

    summary, full_s = _timed(lambda: build_index(settings, full=True, embedder=embedder))
    report: dict[str, Any] = {"corpus": str(corpus), "model_load_seconds": round(load_s, 2)}
    report["full_build"] = _summary_fields(summary, full_s)
    sizes = folder_sizes(settings.index_dir)
    report["index_size_mb"] = {"total": round(sum(sizes.values()), 2), "files": sizes}

    log.info("rebuild with nothing changed")
    summary, same_s = _timed(lambda: build_index(settings, embedder=embedder))
    report["rebuild_unchanged"] = _summary_fields(summary, same_s)

    edited = edit_one_document(copy)
    log.info("rebuild after editing %s", edited)
    summary, edit_s = _timed(lambda: build_index(settings, embedder=embedder))
    report["rebuild_one_changed"] = {"document": edited, **_summary_fields(summary, edit_s)}
    return report, settings


def load_questions(path: Path, n: int) -> list[dict[str, Any]]:
    from qa.evaluation.retrieval_eval import load_questions as load

    questions = load(path)[:n]
    if len(questions) < n:
        log.warning("only %d questions in %s", len(questions), path)
    return questions


def benchmark_queries(settings: Settings, questions: list[dict[str, Any]], top_k: int) -> dict[str, Any]:
    """Warm search and ask latency over ``questions``, each with its scope; one service, model loaded once."""
    from qa.evaluation.retrieval_eval import make_query
    from qa.service import QAService

    # The default composer: extractive, whatever the environment configures.
    settings = settings.model_copy(update={"llm_base_url": None, "llm_gguf_path": None})
    service = QAService(settings)
    queries = [make_query(q, top_k) for q in questions]

    _, open_s = _timed(lambda: service.searcher)  # the index read and the model loaded, once
    service.search(queries[0])  # warm-up, not counted
    service.ask(queries[0])

    search_s = [_timed(lambda q=q: service.search(q))[1] for q in queries]
    answers = []
    ask_s = []
    for q in queries:
        answer, seconds = _timed(lambda q=q: service.ask(q))
        answers.append(answer)
        ask_s.append(seconds)
    store = service.searcher.store
    return {
        "index": str(settings.index_dir),
        "index_chunks": len(store.chunks),
        "open_index_and_model_seconds": round(open_s, 2),
        "questions": str(DEFAULT_QUESTIONS),
        "top_k": top_k,
        "search": latency(search_s),
        "ask": {
            **latency(ask_s),
            "composer": "extractive",
            "refused": sum(a.insufficient_evidence for a in answers),
        },
    }


def format_build(build: dict[str, Any]) -> str:
    full = build["full_build"]
    lines = [
        f"corpus: {build['corpus']}",
        f"model load: {build['model_load_seconds']:.1f} s",
        f"full build from scratch: {full['seconds']:.1f} s — {full['documents']} documents, "
        f"{full['pages']} pages, {full['chunks']} chunks ({len(full['skipped'])} files skipped)",
        f"index size: {build['index_size_mb']['total']:.2f} MB",
    ]
    lines += [f"    {mb:8.3f} MB  {name}" for name, mb in build["index_size_mb"]["files"].items()]
    same, one = build["rebuild_unchanged"], build["rebuild_one_changed"]
    lines += [
        f"rebuild, nothing changed: {same['seconds']:.2f} s — embedded {same['embedded_chunks']} chunks"
        f"{' (index left as it was)' if same['unchanged'] else ''}",
        f"rebuild, one document changed ({one['document']}): {one['seconds']:.2f} s — "
        f"embedded {_count(one['embedded_documents'], 'document')} ({_count(one['embedded_chunks'], 'chunk')}), "
        f"reused {one['reused_documents']}",
    ]
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_queries(q: dict[str, Any]) -> str:
    s, a = q["search"], q["ask"]
    return "\n".join(
        [
            f"index searched: {q['index']} ({q['index_chunks']} chunks); opening it and loading the model: "
            f"{q['open_index_and_model_seconds']:.1f} s",
            f"warm search, {s['n']} questions (top {q['top_k']}): p50 {s['p50_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms, "
            f"mean {s['mean_ms']:.0f} ms, batch {s['total_s']:.1f} s",
            f"warm ask ({a['composer']}), {a['n']} questions: p50 {a['p50_ms']:.0f} ms, p95 {a['p95_ms']:.0f} ms, "
            f"mean {a['mean_ms']:.0f} ms, batch {a['total_s']:.1f} s ({a['refused']} refused)",
        ]
    )


def format_machine(m: dict[str, Any], when: str) -> str:
    return f"machine {when}: {m['cpus']} CPUs, load average {m['load_average']}" + (f", code {m['code']}" if m.get("code") else "")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Index build and warm query timings.")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--full", action="store_true", help="build the whole corpus from scratch in a temporary folder (the default)")
    mode.add_argument("--skip-build", action="store_true", help="no build: time queries on the existing --index")
    p.add_argument("--corpus", type=Path, help="corpus folder to build from (default: from settings)")
    p.add_argument("--index", type=Path, help="index to query with --skip-build (default: from settings)")
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="question set (JSON lines)")
    p.add_argument("--queries", type=int, default=50, help="how many questions to time (the first N)")
    p.add_argument("--top-k", type=int, default=10, help="passages per search")
    p.add_argument("--json-out", type=Path, help="also write the report here as JSON")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)

    from indexer.build import BuildError
    from indexer.store import IndexUnavailable

    # Everything the run will use is imported now: a long run then measures one version of the code.
    for module in ("qa.answering", "qa.service"):
        importlib.import_module(module)

    settings = Settings.load(corpus_dir=args.corpus, index_dir=args.index)
    questions = load_questions(args.questions, args.queries)
    try:
        report = run(args, settings, questions)
    except (BuildError, IndexUnavailable) as exc:
        print(f"benchmark_index: error: {exc}", file=sys.stderr)
        return 1
    if args.json_out:
        from qa.evaluation.retrieval_eval import write_json

        write_json(report, args.json_out)
        print(f"report written to {args.json_out}")
    return 0


def run(args: argparse.Namespace, settings: Settings, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Measure, printing each part as soon as it is known."""
    report: dict[str, Any] = {"machine_before": {**machine(), "code": code_version()}}
    print(format_machine(report["machine_before"], "before"), flush=True)
    with tempfile.TemporaryDirectory(prefix="inspection-qa-bench-") as tmp:
        if not args.skip_build:
            report["build"], settings = benchmark_build(Path(settings.corpus_dir), Path(tmp), settings)
            print(format_build(report["build"]), flush=True)
        log.info("timing %d searches and asks on %s", len(questions), settings.index_dir)
        report["queries"] = benchmark_queries(settings, questions, args.top_k)
        report["queries"]["questions"] = str(args.questions)
        print(format_queries(report["queries"]), flush=True)
    report["machine_after"] = machine()
    print(format_machine(report["machine_after"], "after"), flush=True)
    return report


def code_version() -> str | None:
    """The repository's commit, marked "+changes" when the working tree differs from it."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+changes" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
