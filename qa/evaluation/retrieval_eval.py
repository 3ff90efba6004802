"""Retrieval evaluation: run the dev questions through search and score the ranked passages.

    python -m qa.evaluation.retrieval_eval [--questions eval/dev_questions.jsonl] [--index DIR]
                                           [--json-out eval/reports/retrieval.json] [--seed-only]

Every answerable question is searched once with its scope; its passages are matched against the
gold evidence sentences (``matching``) and scored (``metrics``). Unanswerable questions are searched
too, but only to check scope: a result from outside the scope's authority lineage is a leak.
See eval/README.md for the question format and what each figure means.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from indexer.settings import REPO_ROOT, Settings
from qa.evaluation.matching import EvidenceItem, match_ranking
from qa.evaluation.metrics import (
    all_periods_covered,
    latency_summary,
    mean,
    ndcg_at_k,
    period_coverage_at_k,
    recall_at_k,
    reciprocal_rank,
)

if TYPE_CHECKING:
    from qa.scope import Scope
    from qa.service import QAService
    from qa.types import Evidence

log = logging.getLogger(__name__)

DEFAULT_QUESTIONS = REPO_ROOT / "eval" / "dev_questions.jsonl"
DEFAULT_K_VALUES = (1, 5, 10)
NDCG_K = 10
CHANGE_OVER_TIME = "change_over_time"
KINDS = ("factual", "paraphrase", CHANGE_OVER_TIME, "unanswerable")

Passages = Sequence[tuple[str, str]]  # ranked (source file, passage text)


# --- questions ------------------------------------------------------------------------------------


def load_questions(path: Path | str) -> list[dict[str, Any]]:
    """The question set: one JSON object a line; blank lines are skipped. Checks the fields scoring needs."""
    questions: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: not JSON ({e})") from e
        for name in ("id", "question", "kind", "answerable", "evidence"):
            if name not in q:
                raise ValueError(f"{path}:{n}: missing field {name!r}")
        if q["id"] in seen:
            raise ValueError(f"{path}:{n}: duplicate id {q['id']!r}")
        if q["answerable"] and not q["evidence"]:
            raise ValueError(f"{path}:{n}: answerable question {q['id']!r} has no evidence")
        seen.add(q["id"])
        questions.append(q)
    return questions


def evidence_items(question: dict[str, Any]) -> list[EvidenceItem]:
    return [EvidenceItem.from_dict(e) for e in question.get("evidence", ())]


def scope_label(question: dict[str, Any]) -> str:
    return "scoped" if question.get("authority") else "unscoped"


# --- scoring one question ---------------------------------------------------------------------------


def score_question(
    question: dict[str, Any], passages: Passages, k_values: Sequence[int] = DEFAULT_K_VALUES
) -> dict[str, Any]:
    """Per-question metrics for an answerable question's ranked passages."""
    items = evidence_items(question)
    ranking = match_ranking(passages, items)
    # A passage counts as relevant for nDCG only when it finds evidence not already found above it:
    # the same sentence in overlapping chunks, or in the PDF and its seed-text copy, is one hit, not two.
    relevant: list[bool] = []
    found: set[int] = set()
    for matched in ranking:
        relevant.append(bool(matched - found))
        found |= matched
    first_hit = next((rank for rank, m in enumerate(ranking, 1) if m), None)
    record: dict[str, Any] = {
        "id": question["id"],
        "kind": question["kind"],
        "scope": scope_label(question),
        "seed": bool(question.get("seed")),
        "n_evidence": len(items),
        "first_hit": first_hit,
        "mrr": reciprocal_rank(ranking),
        f"ndcg@{NDCG_K}": ndcg_at_k(relevant, len(items), NDCG_K),
    }
    for k in k_values:
        record[f"recall@{k}"] = recall_at_k(ranking, len(items), k)
    if question["kind"] == CHANGE_OVER_TIME:
        periods = [item.period for item in items]
        for k in k_values:
            record[f"period_coverage@{k}"] = period_coverage_at_k(ranking, periods, k)
        record[f"all_periods@{max(k_values)}"] = all_periods_covered(ranking, periods, max(k_values))
    missed = sorted(set(range(len(items))) - found)
    record["missed"] = [f"{items[i].source} ({items[i].period}): {items[i].text[:90]}" for i in missed]
    record["retrieved"] = [source for source, _ in passages]
    return record


# --- aggregating ------------------------------------------------------------------------------------


def metric_names(k_values: Sequence[int]) -> list[str]:
    return [*(f"recall@{k}" for k in k_values), "mrr", f"ndcg@{NDCG_K}"]


def aggregate(records: Sequence[dict[str, Any]], k_values: Sequence[int] = DEFAULT_K_VALUES) -> dict[str, Any]:
    """Mean of each metric over ``records`` (NaN when there are none)."""
    out: dict[str, Any] = {"n": len(records)}
    for name in metric_names(k_values):
        out[name] = mean([r[name] for r in records])
    return out


def change_over_time_summary(
    records: Sequence[dict[str, Any]], k_values: Sequence[int] = DEFAULT_K_VALUES
) -> dict[str, Any]:
    cot = [r for r in records if r["kind"] == CHANGE_OVER_TIME]
    out: dict[str, Any] = {"n": len(cot)}
    for k in k_values:
        out[f"period_coverage@{k}"] = mean([r[f"period_coverage@{k}"] for r in cot])
    key = f"all_periods@{max(k_values)}"
    out[f"{key}_rate"] = mean([1.0 if r[key] else 0.0 for r in cot])
    return out


def summarise(records: Sequence[dict[str, Any]], k_values: Sequence[int] = DEFAULT_K_VALUES) -> dict[str, Any]:
    """Overall, per kind, per scope (one authority vs none), and the seed-only subset."""
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_scope: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r)
        by_scope[r["scope"]].append(r)
    return {
        "overall": aggregate(records, k_values),
        "by_kind": {k: aggregate(by_kind[k], k_values) for k in KINDS if by_kind.get(k)},
        "by_scope": {s: aggregate(by_scope[s], k_values) for s in ("scoped", "unscoped") if by_scope.get(s)},
        "seed": aggregate([r for r in records if r["seed"]], k_values),
        "change_over_time": change_over_time_summary(records, k_values),
    }


# --- scope leaks ------------------------------------------------------------------------------------


def scope_leaks(scope: "Scope", results: Iterable["Evidence"]) -> list[dict[str, Any]]:
    """Results the explicit scope does not allow, one entry per breach.

    An authority outside the scope's lineage must never appear; source-kind and date breaches are reported.
    """
    # the date test is the scope's own (a passage is in range by its document's period or its own date)
    dates_only = replace(scope, authorities=None, source_kind=None, doc_types=None, documents=None)
    leaks: list[dict[str, Any]] = []
    for ev in results:
        doc = ev.document
        breaches = []
        if scope.authorities is not None and doc.authority not in scope.authorities:
            breaches.append("authority")
        if scope.source_kind is not None and doc.source_kind != scope.source_kind:
            breaches.append("source_kind")
        if scope.dated and not dates_only.allows(doc, ev.chunk.about_date):
            breaches.append("date")
        leaks += [
            {"type": b, "rank": ev.rank, "source": doc.source, "authority": doc.authority, "date": ev.date}
            for b in breaches
        ]
    return leaks


# --- the ceiling: is each gold sentence in some indexed passage at all? ----------------------------


def evidence_in_index(questions: Sequence[dict[str, Any]], passages: Passages) -> dict[str, Any]:
    """How many gold sentences some passage of the index finds, whatever the ranking: recall's ceiling.

    A sentence no passage finds points at ingestion or chunking (or a stale gold set), not at ranking.
    """
    by_file: dict[str, list[str]] = defaultdict(list)
    for source, text in passages:
        by_file[Path(source).name].append(text)
    total, missing = 0, []
    for q in questions:
        for item in evidence_items(q):
            total += 1
            texts = [(name, t) for name in item.sources for t in by_file.get(name, ())]
            if not any(m for m in match_ranking(texts, [item])):
                missing.append(f"{q['id']}: {item.source}: {item.text[:80]}")
    return {"items": total, "findable": total - len(missing), "not_findable": missing}


# --- the runner -------------------------------------------------------------------------------------


def make_query(question: dict[str, Any], top_k: int):
    from qa.service import Query

    return Query(
        question=question["question"],
        authority=question.get("authority"),
        since=question.get("since"),
        until=question.get("until"),
        source_kind=question.get("source_kind"),
        top_k=top_k,
    )


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run_retrieval_eval(
    service: "QAService",
    questions: list[dict[str, Any]],
    k_values: Sequence[int] = DEFAULT_K_VALUES,
    top_k: int = 10,
) -> dict[str, Any]:
    """Search every question with its scope, score the answerable ones, time them, and check scope."""
    from qa.scope import scope_from_options

    k_values = tuple(sorted(k_values))
    if top_k < max(k_values):
        raise ValueError(f"top_k {top_k} is below the largest k {max(k_values)}")
    if questions:  # warm-up, unscoped so a bad scope cannot stop it: loads the index and model untimed
        service.search(make_query({"question": questions[0]["question"]}, top_k))

    records: list[dict[str, Any]] = []
    latencies: list[float] = []
    leaks: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    for q in questions:
        try:
            results, seconds = timed(lambda: service.search(make_query(q, top_k)))
        except Exception as e:  # one bad question must not hide the figures for the rest
            log.warning("question %s failed: %s", q["id"], e)
            errors.append({"id": q["id"], "error": f"{type(e).__name__}: {e}"})
            continue
        scope = scope_from_options(
            service.authorities, q.get("authority"), q.get("since"), q.get("until"), q.get("source_kind")
        )
        leaks += [{"id": q["id"], **leak} for leak in scope_leaks(scope, results)]
        if not q["answerable"]:
            continue
        latencies.append(seconds)
        record = score_question(q, [(ev.document.source, ev.chunk.text) for ev in results], k_values)
        record["latency_ms"] = seconds * 1000
        records.append(record)

    store = service.searcher.store
    indexed = [(store.documents[c.doc_id].source, c.text) for c in store.chunks]
    report: dict[str, Any] = {
        "n_questions": len(questions),
        "n_scored": len(records),
        "evidence_in_index": evidence_in_index([q for q in questions if q["answerable"]], indexed),
        "k_values": list(k_values),
        "top_k": top_k,
        **summarise(records, k_values),
        "latency": {"n": len(latencies), **(latency_summary(latencies) if latencies else {})},
        "scope_leaks": leak_summary(leaks),
        "errors": errors,
        "questions": records,
    }
    return report


def leak_summary(leaks: Sequence[dict[str, Any]]) -> dict[str, Any]:
    counts = {t: sum(1 for x in leaks if x["type"] == t) for t in ("authority", "source_kind", "date")}
    authority_ids = sorted({x["id"] for x in leaks if x["type"] == "authority"})
    return {**counts, "questions_with_authority_leaks": authority_ids, "details": list(leaks)}


# --- output -----------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "  -  " if value != value else f"{value:.3f}"  # NaN: no questions in the group
    return str(value)


def metrics_table(groups: Sequence[tuple[str, dict[str, Any]]], k_values: Sequence[int]) -> str:
    """Rows of groups, columns n and each metric, fixed width."""
    names = metric_names(k_values)
    header = f"{'group':<22}{'n':>5}" + "".join(f"{n:>11}" for n in names)
    lines = [header, "-" * len(header)]
    for label, agg in groups:
        lines.append(f"{label:<22}{agg['n']:>5}" + "".join(f"{_cell(agg[n]):>11}" for n in names))
    return "\n".join(lines)


def format_table(report: dict[str, Any]) -> str:
    """The report as a readable fixed-width table."""
    k_values = report["k_values"]
    groups: list[tuple[str, dict[str, Any]]] = [("overall", report["overall"])]
    groups += [(f"kind: {k}", v) for k, v in report["by_kind"].items()]
    groups += [(f"scope: {s}", v) for s, v in report["by_scope"].items()]
    groups.append(("seed subset", report["seed"]))
    lines = [metrics_table(groups, k_values), ""]
    cot = report["change_over_time"]
    coverage = "  ".join(f"@{k} {_cell(cot[f'period_coverage@{k}'])}" for k in k_values)
    key = f"all_periods@{max(k_values)}_rate"
    lines.append(f"change over time ({cot['n']} questions): period coverage {coverage}; all periods in top {max(k_values)}: {_cell(cot[key])}")
    ceiling = report.get("evidence_in_index")
    if ceiling:
        lines.append(f"gold sentences in some indexed passage: {ceiling['findable']} of {ceiling['items']}")
        lines += [f"  not in the index: {m}" for m in ceiling["not_findable"][:10]]
    lat = report["latency"]
    if lat.get("n"):
        lines.append(f"latency per query ({lat['n']} queries): p50 {lat['p50_ms']:.1f} ms, p95 {lat['p95_ms']:.1f} ms")
    leaks = report["scope_leaks"]
    lines.append(
        f"scope leaks: authority {leaks['authority']} (must be 0), source kind {leaks['source_kind']}, date {leaks['date']}"
    )
    if leaks["questions_with_authority_leaks"]:
        lines.append("  authority leaks in: " + ", ".join(leaks["questions_with_authority_leaks"]))
    dated = sorted({x["id"] for x in leaks.get("details", ()) if x["type"] == "date"})
    if dated:
        lines.append("  passages dated outside since/until in: " + ", ".join(dated))
    if report["errors"]:
        lines.append(f"errors: {len(report['errors'])}")
        lines += [f"  {e['id']}: {e['error']}" for e in report["errors"]]
    return "\n".join(lines)


def write_json(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(json_safe(report), indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def json_safe(value: Any) -> Any:
    """NaN (a group with no questions) becomes null so the file stays valid JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="inspection-qa eval", description="Retrieval evaluation on a question set (see eval/README.md)."
    )
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSON-lines question set")
    p.add_argument("--index", type=Path, help="index folder (default: from settings, ./index)")
    p.add_argument("--json-out", type=Path, help="write the full report, with per-question records, here")
    p.add_argument("--seed-only", action="store_true",
                   help="only questions marked seed; pass --index of an index built from the five seed documents")
    p.add_argument("--top-k", type=int, default=10, help="passages retrieved per question (default 10)")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 when every question ran and no result left its authority scope, else 1."""
    from indexer.authorities import UnknownAuthority
    from indexer.store import IndexUnavailable
    from qa.service import QAService

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:  # `inspection-qa eval -- --flag ...` passes the separator through
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.seed_only and args.index is None:
        print(
            "inspection-qa eval: error: --seed-only needs --index DIR of an index built from the five seed "
            "documents (inspection-qa index --corpus SEED_DIR --index DIR)",
            file=sys.stderr,
        )
        return 2
    try:
        questions = load_questions(args.questions)
    except (OSError, ValueError) as e:
        print(f"inspection-qa eval: error: {e}", file=sys.stderr)
        return 2
    if args.seed_only:
        questions = [q for q in questions if q.get("seed")]
    service = QAService(Settings.load(index_dir=args.index))
    try:
        report = run_retrieval_eval(service, questions, top_k=args.top_k)
    except (IndexUnavailable, UnknownAuthority, ValueError) as e:
        print(f"inspection-qa eval: error: {e}", file=sys.stderr)
        return 1
    report = {
        "questions_file": str(args.questions),
        "index_dir": str(service.settings.index_dir),
        "seed_only": args.seed_only,
        **report,
    }
    print(format_table(report))
    if args.json_out:
        write_json(report, args.json_out)
        print(f"report written to {args.json_out}")
    failed = report["scope_leaks"]["authority"] > 0 or bool(report["errors"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
