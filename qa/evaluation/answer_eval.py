"""Answer evaluation: run the dev questions through ``ask`` and check what a reader would check.

    python -m qa.evaluation.answer_eval [--questions eval/dev_questions.jsonl] [--index DIR]
                                        [--llm] [--gguf PATH|smollm2] [--base-url URL --model NAME]
                                        [--json-out eval/reports/answers.json] [--calibrate] [--limit N]

Per question:
- answerable ones: answered (not refused); markers valid (``qa.citations.check``); the expected
  evidence among the citations (``matching.passage_matches`` on each cited passage); grounded: every
  answer sentence is its cited passage's own words, its section heading included (extractive) or, for an LLM, the share of
  sentences whose content words are mostly (>= ``SUPPORT_MIN``) in the passages they cite;
- unanswerable ones: refused;
- every question: citations outside the authorities its scope allows (must be zero), and latency of the
  whole ask (retrieve, refuse or compose), warm: one untimed ask first loads the models.

``--calibrate`` also prints the refusal signals' best thresholds on this set (see ``calibrate``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any, Sequence

from indexer.settings import REPO_ROOT, Settings
from qa.citations import check, claims, found_in, support
from qa.evaluation.matching import EvidenceItem, passage_matches
from qa.evaluation.metrics import latency_summary, mean
from qa.evaluation.retrieval_eval import load_questions, make_query, write_json
from qa.types import Answer

log = logging.getLogger(__name__)

DEFAULT_QUESTIONS = REPO_ROOT / "eval" / "dev_questions.jsonl"
SUPPORT_MIN = 0.6  # an LLM sentence counts as supported when this share of its content words is in what it cites
KINDS = ("factual", "paraphrase", "change_over_time", "unanswerable")


# --- scoring one answer (pure) -------------------------------------------------------------------


def score_answer(question: dict[str, Any], answer: Answer, lineage: frozenset[str] | None, extractive: bool) -> dict[str, Any]:
    """What a reader would check of one answer, as plain values."""
    labels = [t.label for t in answer.timeline]
    items = [EvidenceItem.from_dict(e) for e in question.get("evidence", [])]
    cited = [(c.evidence.document.source, c.evidence.chunk.text) for c in answer.citations]
    found = {i for i, item in enumerate(items) for src, text in cited if passage_matches(src, text, item)}
    cs = [c for c in claims(answer.text, labels) if c.cites]
    # A passage's section heading is the document's words too: a list cut from its heading by the
    # passage boundary is quoted under it ("What needs to improve: …").
    by_n = {c.n: f"{c.evidence.chunk.section or ''}\n{c.evidence.chunk.text}" for c in answer.citations}
    if extractive:
        grounded = [any(found_in(c.text, by_n.get(n, "")) for n in c.cites) for c in cs]
    else:
        grounded = [support(c.text, [by_n[n] for n in c.cites if n in by_n]) >= SUPPORT_MIN for c in cs]
    out_of_scope = [c.n for c in answer.citations if lineage is not None and c.evidence.document.authority not in lineage]
    refused = answer.insufficient_evidence
    markers_ok = (not refused) and check(answer.text, len(answer.citations), labels).ok
    return {
        "id": question["id"],
        "kind": question["kind"],
        "answerable": bool(question["answerable"]),
        "refused": refused,
        "markers_valid": markers_ok,
        "evidence_cited": bool(found),
        "evidence_recall": len(found) / len(items) if items else None,
        "grounded": mean([float(g) for g in grounded]) if grounded else (1.0 if refused else 0.0),
        "out_of_scope": out_of_scope,
        "n_citations": len(answer.citations),
        "timeline_entries": len(answer.timeline),
        "composer": answer.composer,
        "success": bool(question["answerable"]) and not refused and markers_ok and bool(found),
    }


def summarise(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Rates over answerable and unanswerable questions, refusal precision/recall, scope, latency."""
    ans = [r for r in records if r["answerable"]]
    una = [r for r in records if not r["answerable"]]
    refused = [r for r in records if r["refused"]]
    true_refusals = sum(1 for r in una if r["refused"])
    answered = [r for r in ans if not r["refused"]]
    return {
        "questions": len(records),
        "answerable": len(ans),
        "answered": _rate(len(answered), len(ans)),
        "markers_valid": _rate(sum(r["markers_valid"] for r in ans), len(ans)),
        "evidence_cited": _rate(sum(r["evidence_cited"] for r in ans), len(ans)),
        "success": _rate(sum(r["success"] for r in ans), len(ans)),
        "evidence_recall": mean([r["evidence_recall"] for r in answered if r["evidence_recall"] is not None]),
        "grounded": mean([r["grounded"] for r in answered]),
        "unanswerable": len(una),
        "unanswerable_refused": _rate(true_refusals, len(una)),
        "refusal_precision": _rate(true_refusals, len(refused)),
        "refusal_recall": _rate(true_refusals, len(una)),
        "out_of_scope_citations": sum(len(r["out_of_scope"]) for r in records),
        "latency": latency_summary([r["seconds"] for r in records if "seconds" in r]) if any("seconds" in r for r in records) else {},
    }


def _rate(num: int, den: int) -> float:
    return num / den if den else float("nan")


# --- refusal calibration (pure) ------------------------------------------------------------------


def refuses(signals: dict[str, Any], dense_min: float, coverage_min: float, lexical_dense: float) -> bool:
    """The refusal rule of ``qa.refusal.decide`` with its three thresholds as parameters."""
    if signals["injection"] or signals["foreign"] or signals.get("absent") or signals.get("uncovered") or signals.get("off_remit") or signals["n_evidence"] == 0:
        return True
    dense = signals["best_dense"]
    if dense is not None and dense < dense_min:
        return True
    return signals["coverage"] < coverage_min and (dense is None or dense < lexical_dense)


def calibrate(records: Sequence[dict[str, Any]], top: int = 5) -> list[dict[str, Any]]:
    """Thresholds ranked by balanced accuracy of refusal (answerable answered, unanswerable refused),
    ties to those that refuse less. Each record needs ``answerable`` and ``signals``."""
    results = []
    for d in [x / 100 for x in range(0, 52, 4)]:
        for c in [x / 100 for x in range(0, 105, 10)]:
            for ld in [x / 100 for x in range(20, 72, 2)]:
                ans = [not refuses(r["signals"], d, c, ld) for r in records if r["answerable"]]
                una = [refuses(r["signals"], d, c, ld) for r in records if not r["answerable"]]
                if not ans or not una:
                    continue
                answered, refused = sum(ans) / len(ans), sum(una) / len(una)
                results.append({"dense_min": d, "coverage_min": c, "lexical_dense": ld, "answered": answered,
                                "refused": refused, "balanced": (answered + refused) / 2})
    results.sort(key=lambda r: (-r["balanced"], -r["answered"], r["dense_min"], r["lexical_dense"], r["coverage_min"]))
    return results[:top]


# --- running -------------------------------------------------------------------------------------


def _ask(service, q: dict[str, Any]):
    """The same steps as ``QAService.ask``, keeping the evidence and arguments for the refusal signals,
    and the authorities the scope allows (a replaced council's scope reaches its successors)."""
    from qa.answering import compose, retrieve

    query = make_query(q, service.settings.top_k)
    evidence, intent, kwargs = retrieve(service, query)
    answer = compose(query.question, evidence, intent, service.settings, **kwargs)
    scope = service.searcher.resolve(query)[0]
    return evidence, kwargs, answer, scope.authorities


def run_answer_eval(service, questions: Sequence[dict[str, Any]], extractive: bool) -> list[dict[str, Any]]:
    from qa.refusal import measure

    if questions:
        _ask(service, questions[0])  # warm-up: load the index, the embedder and any LLM before timing
    records = []
    for q in questions:
        start = time.perf_counter()
        evidence, kwargs, answer, allowed = _ask(service, q)
        seconds = time.perf_counter() - start
        record = score_answer(q, answer, allowed, extractive)
        s = measure(q["question"], evidence, kwargs["drop_terms"], kwargs["names"])
        record.update(seconds=seconds, question=q["question"], answer=answer.text, explanation=answer.explanation,
                      signals={"n_evidence": s.n_evidence, "best_dense": s.best_dense, "coverage": s.coverage,
                               "injection": s.injection, "foreign": list(s.foreign), "absent": list(s.absent),
                               "uncovered": list(s.uncovered), "off_remit": s.off_remit})
        ok = record["success"] or (not q["answerable"] and record["refused"])
        log.info("%s %s %.0f ms", q["id"], "ok" if ok else "MISS", seconds * 1000)
        records.append(record)
    return records


def format_table(summary: dict[str, Any], per_kind: dict[str, dict[str, Any]]) -> str:
    def pct(x: Any) -> str:
        return "   -" if x is None or x != x else f"{100 * x:5.1f}%"

    lines = [f"{'group':<18} {'n':>4} {'answered':>9} {'markers':>8} {'evidence':>9} {'success':>8} {'grounded':>9} {'refused':>8}"]
    for name, s in [("all", summary), *per_kind.items()]:
        n = s["questions"]
        lines.append(
            f"{name:<18} {n:>4} {pct(s['answered']):>9} {pct(s['markers_valid']):>8} {pct(s['evidence_cited']):>9} "
            f"{pct(s['success']):>8} {pct(s['grounded']):>9} {pct(s['unanswerable_refused']):>8}"
        )
    lat = summary.get("latency") or {}
    lines += [
        "",
        f"refusal precision {pct(summary['refusal_precision'])}  recall {pct(summary['refusal_recall'])}  "
        f"out-of-scope citations {summary['out_of_scope_citations']}",
        f"ask latency (warm) p50 {lat.get('p50_ms', float('nan')):.0f} ms  p95 {lat.get('p95_ms', float('nan')):.0f} ms",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="answer_eval", description="Answer evaluation on a question set.")
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    p.add_argument("--index", type=Path, help="index folder (default: settings)")
    p.add_argument("--llm", action="store_true", help="use the LLM composer (default model: the bundled SmolLM2)")
    p.add_argument("--gguf", help="local GGUF model for --llm ('smollm2' for the bundled one)")
    p.add_argument("--base-url", help="OpenAI-compatible server for --llm")
    p.add_argument("--model", help="model name on that server")
    p.add_argument("--limit", type=int, help="only the first N questions (an LLM run is slow)")
    p.add_argument("--ids", nargs="*", help="only these question ids")
    p.add_argument("--calibrate", action="store_true", help="also print the best refusal thresholds on this set")
    p.add_argument("--json-out", type=Path, help="write the full report here")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    overrides: dict[str, Any] = {"index_dir": args.index}
    if args.llm:
        overrides.update(llm_base_url=args.base_url, llm_model=args.model,
                         llm_gguf_path=None if args.base_url else (args.gguf or "smollm2"))
    settings = Settings.load(**overrides)
    from qa.service import QAService

    questions = load_questions(args.questions)
    if args.ids:
        questions = [q for q in questions if q["id"] in set(args.ids)]
    if args.limit:
        questions = questions[: args.limit]
    service = QAService(settings)
    records = run_answer_eval(service, questions, extractive=not args.llm)
    summary = summarise(records)
    per_kind = {k: summarise([r for r in records if r["kind"] == k]) for k in KINDS if any(r["kind"] == k for r in records)}
    print(format_table(summary, per_kind))
    misses = [r for r in records if (r["answerable"] and not r["success"]) or (not r["answerable"] and not r["refused"])]
    if misses:
        print("\nmisses: " + ", ".join(f"{r['id']}({'refused' if r['refused'] else 'answered' if not r['answerable'] else 'no-evidence' if not r['evidence_cited'] else 'markers'})" for r in misses))
    report: dict[str, Any] = {"summary": summary, "per_kind": per_kind, "records": records,
                              "settings": {k: getattr(settings, k) for k in Settings.model_fields if k.startswith(("answer_", "refusal_", "timeline_", "llm_"))}}
    if args.calibrate:
        report["calibration"] = calibrate(records)
        print("\nrefusal thresholds (best first): " + "; ".join(
            f"dense>={c['dense_min']:.2f}, coverage>={c['coverage_min']:.2f} unless dense>={c['lexical_dense']:.2f}: answered {100*c['answered']:.0f}% refused {100*c['refused']:.0f}%"
            for c in report["calibration"]))
    if args.json_out:
        write_json(report, args.json_out)
    return 1 if summary["out_of_scope_citations"] else 0


if __name__ == "__main__":
    sys.exit(main())
