"""`inspection-qa`: thin dispatch over the library. Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, NoReturn

from indexer.settings import Settings

if TYPE_CHECKING:  # the service loads torch; the CLI imports it only when it answers
    from qa.service import Query

log = logging.getLogger("inspection_qa")


EVALUATIONS = {"eval": "qa.evaluation.retrieval_eval", "eval-answers": "qa.evaluation.answer_eval"}


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(2, f"inspection-qa: error: {message} (see --help)\n")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def _scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?", help="the question (omit with --batch)")
    p.add_argument("--top-k", type=_positive_int, default=None, help="passages to return (default from settings)")
    p.add_argument("--authority", help="limit to an authority and its predecessors, e.g. BCP")
    p.add_argument("--since", help="year or ISO date the evidence is about, inclusive")
    p.add_argument("--until", help="year or ISO date, inclusive")
    p.add_argument("--source-kind", choices=["primary", "secondary"], help="Ofsted's own documents, or others")
    p.add_argument("--doc-type", action="append", dest="doc_types", help="limit to a document type (repeatable)")
    p.add_argument("--index", type=Path, help="index folder (default: index/ in the repository, or INSPECTION_QA_INDEX_DIR)")
    p.add_argument("--json", action="store_true", help="one JSON object per question")
    p.add_argument("--batch", type=Path, help="JSON-lines file of questions; output is JSON lines in the same order")
    p.add_argument(
        "--after", metavar="PREVIOUS",
        help="read the question as a follow-up to PREVIOUS, as the app's chat does ('What about Dorset?', 'How did they do in 2024?'; "
        "after 'Which councils…?', 'they' are the councils its answer lists)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="inspection-qa", description="Ask questions of Ofsted children's services reports.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("index", help="build or refresh the index from the corpus")
    p.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/ in the repository, or INSPECTION_QA_CORPUS_DIR)")
    p.add_argument("--index", type=Path, help="index folder (default: index/ in the repository, or INSPECTION_QA_INDEX_DIR)")
    p.add_argument("--full", action="store_true", help="re-embed every document")
    p.add_argument("--embedding-model", help="sentence-transformers model folder or cached name ('bundled' by default)")

    p = sub.add_parser("search", help="ranked passages with provenance")
    _scope_options(p)

    p = sub.add_parser("ask", help="an answer built from cited passages")
    _scope_options(p)
    p.add_argument("--llm-base-url", help="OpenAI-compatible server for the LLM composer")
    p.add_argument("--llm-model", help="model name on that server")
    p.add_argument("--llm-gguf", help="local GGUF chat model file ('smollm2' for the bundled one)")

    p = sub.add_parser("documents", help="list the indexed documents and their metadata")
    p.add_argument("--index", type=Path, help="index folder (default: index/ in the repository, or INSPECTION_QA_INDEX_DIR)")
    p.add_argument("--json", action="store_true", help="one JSON object per document")

    sub.add_parser("authorities", help="list authorities, aliases and lineage")

    p = sub.add_parser("eval", help="retrieval evaluation on a question set (see eval/README.md)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p = sub.add_parser("eval-answers", help="answer evaluation on a question set", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)

    p = sub.add_parser("app", help="build the index if missing, then start the Streamlit app")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--host", default="localhost")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index", None),
        embedding_model=getattr(args, "embedding_model", None),
        llm_base_url=getattr(args, "llm_base_url", None),
        llm_model=getattr(args, "llm_model", None),
        llm_gguf_path=getattr(args, "llm_gguf", None),
    )


def _queries(args: argparse.Namespace) -> list[tuple[Any, Query]]:
    from qa.service import Query

    if args.batch:
        if args.question:
            raise CliError("give a question or --batch FILE, not both")
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise CliError(f"cannot read batch file {args.batch}: {e.strerror}") from e
        out = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                question = row["question"]
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise CliError(f"{args.batch}:{n}: not a JSON object with a 'question' ({e})") from e
            out.append(
                (
                    row.get("id", n),
                    # A field the line leaves out takes its flag's value: flags are the batch's defaults.
                    Query(
                        question=question,
                        authority=row.get("authority", args.authority),
                        since=row.get("since", args.since),
                        until=row.get("until", args.until),
                        source_kind=row.get("source_kind", args.source_kind),
                        doc_types=tuple(row.get("doc_types", args.doc_types) or ()) or None,
                        top_k=row.get("top_k", args.top_k),
                    ),
                )
            )
        return out
    if not args.question:
        raise CliError("a question is required (or --batch FILE)")
    return [
        (
            None,
            Query(
                question=args.question,
                authority=args.authority,
                since=args.since,
                until=args.until,
                source_kind=args.source_kind,
                doc_types=tuple(args.doc_types) if args.doc_types else None,
                top_k=args.top_k,
            ),
        )
    ]


def _run_queries(args: argparse.Namespace, kind: str) -> int:
    from dataclasses import replace

    from indexer.authorities import UnknownAuthority
    from qa.service import QAService

    service = QAService(_settings(args))
    queries = _queries(args)
    as_json = args.json or bool(args.batch)
    read_as = ""
    if not args.batch and (fixed := service.spelling(queries[0][1].question)):
        # "Wht did ofsted say abut Bury?": asked as "What did ofsted say about Bury?", and shown so.
        qid, query = queries[0]
        queries, read_as = [(qid, replace(query, question=fixed))], f"Read as: {fixed}\n"
    if args.after:
        if args.batch:
            raise CliError("--after reads one question against the one before it: give a question, not --batch")
        from qa.followup import read_in_context
        from qa.lexical import asks_which_authorities

        qid, query = queries[0]
        # "When were they last inspected?" after "Which councils…?": the authorities PREVIOUS's answer lists.
        listed = service.ask(replace(query, question=args.after)).authorities if asks_which_authorities(args.after) else []
        read = read_in_context(query.question, args.after, service.authorities, listed)
        if read:  # asked as it stands for; the answer (and its JSON) carries the question as read
            queries, read_as = [(qid, replace(query, question=read))], f"Read as: {read}\n"
    failures = 0
    for qid, query in queries:
        try:
            if kind == "search":
                scope, results = service.search_in_scope(query)
                row = {"id": qid, "question": query.question, "results": [e.to_result() for e in results]}
                text = f"Searched: {scope.describe(service.authorities)}\n" + _format_search(results)
            else:
                answer = service.ask(query)
                row = answer.to_dict(id=qid)
                text = _format_answer(row)
        except (UnknownAuthority, ValueError) as e:
            if not args.batch:
                raise CliError(str(e)) from e
            failures += 1
            row, text = {"id": qid, "question": query.question, "error": str(e)}, ""
            print(f"inspection-qa: error: question {qid}: {e}", file=sys.stderr)
        print(json.dumps(row, ensure_ascii=False) if as_json else read_as + text, flush=True)
    return 1 if failures else 0


def _where(row: dict[str, Any]) -> str:
    from qa.timeline import published_apart  # loaded with the service that produced the row

    bits = [row.get("date") or "undated", row["source_kind"]]
    if published_apart(row.get("published"), row.get("date")):
        bits.insert(1, f"published {row['published']}")  # a December 2021 inspection's report came out in February 2022
    if row.get("page") is not None:
        bits.append(f"p. {row['page']}")
    if row.get("paragraph") is not None:
        bits.append(f"para {row['paragraph']}")
    return " · ".join(bits)


def _format_search(results: Iterable[Any]) -> str:
    lines = []
    for ev in results:
        r = ev.to_result()
        lines.append(f"[{r['rank']}] {r['title']} ({_where(r)}) score {r['score']:.3f}")
        lines.append(textwrap.indent(textwrap.fill(r["text"], 100), "    "))
        lines.append(f"    {r['source']}")
    return "\n".join(lines) if lines else "No passages found in this scope."


def _format_answer(row: dict[str, Any]) -> str:
    if row["insufficient_evidence"]:
        return "Not enough evidence in the corpus to answer.\n" + row.get("explanation", "")
    out = [row["answer"], ""]
    if row.get("explanation"):
        out += [f"Note: {row['explanation']}", ""]
    out.append("Sources:")
    for c in row["citations"]:
        out.append(f"[{c['n']}] {c['title']} — {_where(c)} — {c['source']}")
    return "\n".join(out)


def _index(args: argparse.Namespace) -> int:
    from indexer.build import build_index, tqdm_progress

    settings = _settings(args)
    summary = build_index(settings, full=args.full, progress=tqdm_progress())
    print(summary.format())
    return 0


def _documents(args: argparse.Namespace) -> int:
    from qa.service import QAService

    docs = QAService(_settings(args)).documents()
    for d in docs:
        if args.json:
            print(json.dumps(d.to_dict(), ensure_ascii=False))
        else:
            print(f"{d.authority:<24} {d.date or 'undated':<10} {d.source_kind:<9} {d.doc_type:<22} {d.title}")
    return 0


def _authorities(args: argparse.Namespace) -> int:
    from indexer.authorities import AuthorityTable

    table = AuthorityTable.load(_settings(args).authorities_path)
    for a in table.authorities:
        line = f"{a.id:<26} {a.name}"
        if a.predecessors:
            line += f"  (from {a.start}; replaced {', '.join(table.get(p).name for p in a.predecessors)})"
        if a.until:
            line += f"  (until {a.until})"
        if a.trust:
            line += f"  (services run by {a.trust} from {a.trust_from})"
        if a.region:
            line += f"  · {a.region}"
        print(line)
    return 0


def _app(args: argparse.Namespace) -> int:
    import subprocess

    from indexer.settings import REPO_ROOT
    from indexer.store import IndexStore, IndexUnavailable

    settings = _settings(args)
    try:
        IndexStore.load(settings.index_dir, settings)
    except IndexUnavailable:
        from indexer.build import build_index, tqdm_progress

        log.warning("no usable index at %s: building it from %s", settings.index_dir, settings.corpus_dir)
        print(build_index(settings, progress=tqdm_progress()).format())
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"),
           "--server.port", str(args.port), "--server.address", args.host, "--browser.gatherUsageStats", "false"]
    return subprocess.call(cmd)


def main(argv: list[str] | None = None) -> int:
    from indexer.authorities import AuthorityTableError, UnknownAuthority
    from indexer.build import BuildError
    from indexer.store import IndexUnavailable

    argv = sys.argv[1:] if argv is None else list(argv)
    first = next((i for i, a in enumerate(argv) if a not in ("-v", "--verbose")), len(argv))
    evaluation = EVALUATIONS.get(argv[first]) if first < len(argv) else None
    if evaluation is None:
        args = build_parser().parse_args(argv)
        logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    elif first:  # -v before an evaluation subcommand: log progress, as for the other commands
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        if evaluation is not None:
            # The evaluation scripts own their flags; hand them everything after the subcommand.
            import importlib

            return importlib.import_module(evaluation).main(argv[first + 1 :])
        if args.command == "index":
            return _index(args)
        if args.command in ("search", "ask"):
            return _run_queries(args, args.command)
        if args.command == "documents":
            return _documents(args)
        if args.command == "authorities":
            return _authorities(args)
        if args.command == "app":
            return _app(args)
    except (CliError, IndexUnavailable, UnknownAuthority, AuthorityTableError, BuildError) as e:
        print(f"inspection-qa: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error worth a traceback. Point stdout at
        # devnull so the interpreter's final flush does not raise again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
