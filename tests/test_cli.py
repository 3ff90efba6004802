"""The command line as users and scripts see it: exact JSON lines, exit codes and one-line errors.

Most tests call ``qa.cli.main(argv)`` in-process (the model is loaded once per test run) against the
shared real ``tiny_index``; one runs the installed ``inspection-qa`` console script.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TINY_INDEX_DOCS, copy_corpus
from indexer.settings import ENV_PREFIX, REPO_ROOT
from qa.cli import main

# Where a passage comes from: every search result and every citation carries these.
PROVENANCE_KEYS = {
    "source": str,
    "title": str,
    "authority": str,
    "date": (str, type(None)),
    "published": (str, type(None)),
    "source_kind": str,
    "page": (int, type(None)),
    "paragraph": (int, type(None)),
}
SEARCH_KEYS = {"rank": int, "score": float, "text": str, **PROVENANCE_KEYS, "chunk_id": str}
CITATION_KEYS = {"n": int, "text": str, "quote": str, **PROVENANCE_KEYS}
# The contract's keys, and the ones `ask --json` adds (a note, which composer answered, the timeline).
ASK_KEYS = {"id", "question", "answer", "citations", "insufficient_evidence"}
ASK_EXTRA_KEYS = {"explanation", "composer", "timeline"}
BCP_LINEAGE = {"bcp", "bournemouth", "poole", "christchurch"}
MARKER = re.compile(r"\[(\d+)\]")


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch):
    """Tests say every setting they depend on; a user's INSPECTION_QA_* variables must not leak in."""
    import os

    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):
            monkeypatch.delenv(name)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``inspection-qa ARGV`` run in-process."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse exits on a bad flag
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(out: str) -> list[dict]:
    lines = out.splitlines()
    assert lines, "no output"
    return [json.loads(line) for line in lines]


def assert_types(row: dict, spec: dict) -> None:
    assert set(row) == set(spec), sorted(set(row) ^ set(spec))
    for key, kind in spec.items():
        assert isinstance(row[key], kind) and not isinstance(row[key], bool), (key, row[key])


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("inspection-qa: error: "), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def index_dir(tiny_index) -> Path:
    settings, _store = tiny_index
    return settings.index_dir


def _documents_by_source(tiny_index) -> dict:
    _settings, store = tiny_index
    return {d.source: d for d in store.documents.values()}


# --- search --json ------------------------------------------------------------------------------


@pytest.mark.slow
def test_search_json_line_has_exactly_the_contract_keys_and_types(capsys, tiny_index, index_dir):
    settings, _ = tiny_index
    code, out, err = run(capsys, "search", "How well are children in care supported?", "--index", index_dir, "--top-k", "7", "--json")

    assert code == 0, err
    (row,) = json_lines(out)
    assert set(row) == {"id", "question", "results"}
    assert row["id"] is None and row["question"] == "How well are children in care supported?"
    results = row["results"]
    assert len(results) == 7
    for r in results:
        assert_types(r, SEARCH_KEYS)
        assert r["source_kind"] in ("primary", "secondary")
        # `source` is the file name relative to the corpus folder the index was built from.
        assert r["source"] in TINY_INDEX_DOCS and not Path(r["source"]).is_absolute()
        assert (settings.corpus_dir / r["source"]).is_file()
        assert r["text"].strip()
        if r["source"].endswith(".pdf"):
            assert r["page"] >= 1
    # Best first: ranks 1..n, scores never rising, each passage once.
    assert [r["rank"] for r in results] == list(range(1, 8))
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert len({r["chunk_id"] for r in results}) == 7


@pytest.mark.slow
def test_search_json_agrees_with_the_index_records(capsys, tiny_index, index_dir):
    """Every field of a result is its chunk's and its document's, not a re-derivation."""
    _settings, store = tiny_index
    chunks = {c.id: c for c in store.chunks}
    docs = _documents_by_source(tiny_index)
    code, out, _ = run(capsys, "search", "management oversight of social work practice", "--index", index_dir, "--json")
    assert code == 0
    results = json_lines(out)[0]["results"]
    assert len(results) == 10  # Settings.top_k
    for r in results:
        chunk, doc = chunks[r["chunk_id"]], docs[r["source"]]
        assert chunk.doc_id == doc.id and r["text"] == chunk.text
        assert (r["page"], r["paragraph"]) == (chunk.page, chunk.paragraph)
        assert (r["title"], r["authority"], r["source_kind"]) == (doc.title, doc.authority, doc.source_kind)
        assert r["date"] == (chunk.about_date or doc.date)


@pytest.mark.slow
def test_search_authority_bcp_keeps_to_the_bcp_lineage(capsys, index_dir):
    question = "How well are children in care supported?"
    code, out, _ = run(capsys, "search", question, "--index", index_dir, "--top-k", "30", "--json")
    assert code == 0
    unscoped = {r["authority"] for r in json_lines(out)[0]["results"]}
    assert "dorset" in unscoped  # the filter below has something to exclude

    code, out, _ = run(capsys, "search", question, "--authority", "BCP", "--index", index_dir, "--top-k", "30", "--json")
    assert code == 0
    results = json_lines(out)[0]["results"]
    authorities = {r["authority"] for r in results}
    assert len(results) == 30
    assert authorities <= BCP_LINEAGE
    assert {"bcp", "bournemouth"} <= authorities  # the predecessor's documents are included


@pytest.mark.slow
def test_search_plain_output_names_title_date_kind_and_source(capsys, index_dir):
    code, out, err = run(capsys, "search", "edge of care team", "--authority", "BCP", "--top-k", "2", "--index", index_dir)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Searched: BCP Council (and "), lines[0]  # the scope searched, lineage included
    assert re.match(r"\[1\] .+ \(.+ · (primary|secondary).*\) score \d\.\d{3}$", lines[1]), lines[1]
    assert any(re.match(r"\[2\] ", line) for line in lines)
    assert any(line.strip() in TINY_INDEX_DOCS for line in lines)
    code, out, _ = run(capsys, "search", "care leavers in 2019 and in 2022", "--authority", "BCP", "--top-k", "1", "--index", index_dir)
    assert out.splitlines()[0].endswith(" · 2019 and 2022"), out.splitlines()[0]
    # A report published months after its inspection shows both dates.
    code, out, _ = run(capsys, "search", "edge of care team", "--authority", "BCP", "--since", "2021", "--until", "2021", "--top-k", "1", "--index", index_dir)
    assert re.search(r"\(2021-12-\d\d · published 2022-02-11 · primary", out), out


# --- --batch ------------------------------------------------------------------------------------


def _write_batch(path: Path, rows: list[dict | str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _overlaps_2021(doc, result_date: str | None) -> bool:
    first = (doc.period_start or doc.published or "")[:4]
    last = (doc.period_end or doc.period_start or doc.published or "")[:4]
    return (first <= "2021" <= last) or (result_date or "").startswith("2021")


@pytest.mark.slow
def test_search_batch_one_line_per_question_in_order_with_per_line_scope(capsys, tmp_path, tiny_index, index_dir):
    batch = _write_batch(
        tmp_path / "questions.jsonl",
        [
            {"id": "dorset", "question": "How well are children in care supported?", "authority": "Dorset"},
            {"id": 7, "question": "What did inspectors say about social work practice?", "source_kind": "secondary"},
            "",  # blank lines are skipped
            {"id": "in-2021", "question": "What was found about management oversight?", "since": 2021, "until": "2021"},
            {"id": "bcp", "question": "How well are children in care supported?", "authority": "bcp"},
            {"question": "What was found about management oversight?"},
        ],
    )
    code, out, err = run(capsys, "search", "--batch", batch, "--index", index_dir, "--top-k", "15")
    assert code == 0, err
    rows = json_lines(out)  # --batch implies JSON lines
    # Same order; ids echoed with their JSON type; a line without an id gets its line number.
    assert [r["id"] for r in rows] == ["dorset", 7, "in-2021", "bcp", 6]
    assert [r["question"] for r in rows][0] == "How well are children in care supported?"
    for r in rows:
        assert set(r) == {"id", "question", "results"}
        assert len(r["results"]) == 15
        for result in r["results"]:
            assert_types(result, SEARCH_KEYS)
    by_id = {r["id"]: r["results"] for r in rows}
    assert {x["authority"] for x in by_id["dorset"]} == {"dorset"}
    assert {x["source_kind"] for x in by_id[7]} == {"secondary"}
    assert {x["authority"] for x in by_id["bcp"]} <= BCP_LINEAGE
    docs = _documents_by_source(tiny_index)
    assert all(_overlaps_2021(docs[x["source"]], x["date"]) for x in by_id["in-2021"])
    # The unscoped copy of that question does reach outside 2021, so the dates did the filtering.
    assert not all(_overlaps_2021(docs[x["source"]], x["date"]) for x in by_id[6])


@pytest.mark.slow
def test_batch_flags_are_defaults_for_lines_that_do_not_set_the_field(capsys, tmp_path, index_dir):
    batch = _write_batch(
        tmp_path / "q.jsonl",
        [
            {"id": "flags", "question": "How well are children in care supported?"},
            {"id": "own", "question": "How well are children in care supported?", "authority": "BCP", "top_k": 4},
            {"id": "none", "question": "How well are children in care supported?", "authority": None},
        ],
    )
    code, out, _ = run(capsys, "search", "--batch", batch, "--authority", "Dorset", "--top-k", "12", "--index", index_dir)
    assert code == 0
    flags, own, none = (r["results"] for r in json_lines(out))
    assert len(flags) == 12 and {r["authority"] for r in flags} == {"dorset"}
    assert len(own) == 4 and {r["authority"] for r in own} <= BCP_LINEAGE
    assert len(none) == 12 and {"dorset", "bcp"} <= {r["authority"] for r in none}  # null: no authority


@pytest.mark.slow
def test_ask_batch_answers_each_line_in_order(capsys, tmp_path, index_dir):
    batch = _write_batch(
        tmp_path / "q.jsonl",
        [
            {"id": "b", "question": "What did Ofsted find about care leavers in December 2021?", "authority": "BCP"},
            {"id": "a", "question": "What did Ofsted find about care leavers?", "authority": "Dorset"},
        ],
    )
    code, out, err = run(capsys, "ask", "--batch", batch, "--index", index_dir)
    assert code == 0, err
    rows = json_lines(out)
    assert [r["id"] for r in rows] == ["b", "a"]
    assert {c["authority"] for c in rows[0]["citations"]} <= BCP_LINEAGE
    assert {c["authority"] for c in rows[1]["citations"]} <= {"dorset", "dorset-county-council"}


@pytest.mark.slow
def test_batch_line_with_unknown_authority_is_an_error_row_and_a_stderr_line(capsys, tmp_path, index_dir):
    batch = _write_batch(
        tmp_path / "q.jsonl",
        [
            {"id": "bad", "question": "care leavers", "authority": "Bornemuth"},
            {"id": "good", "question": "care leavers", "authority": "BCP"},
        ],
    )
    code, out, err = run(capsys, "search", "--batch", batch, "--index", index_dir, "--top-k", "2")
    assert code == 1
    bad, good = json_lines(out)  # the other lines are still answered, in order
    assert bad == {"id": "bad", "question": "care leavers", "error": bad["error"]}
    assert "did you mean Bournemouth Borough Council" in bad["error"]
    assert good["id"] == "good" and len(good["results"]) == 2
    assert one_error_line(err).startswith("inspection-qa: error: question bad: unknown authority 'Bornemuth'")


def test_batch_file_that_is_not_json_lines_is_a_one_line_error(capsys, tmp_path):
    batch = _write_batch(tmp_path / "q.jsonl", [{"id": 1, "question": "ok"}, "not json"])
    code, out, err = run(capsys, "search", "--batch", batch, "--index", tmp_path / "no-index")
    assert code == 1 and out == ""  # the file is read whole before anything is searched
    assert one_error_line(err).startswith(f"inspection-qa: error: {batch}:2: not a JSON object with a 'question'")


# --- ask --json ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_ask_json_keys_types_and_markers_naming_citations(capsys, index_dir):
    question = "What did Ofsted find about care leavers in BCP in December 2021?"
    code, out, err = run(capsys, "ask", question, "--index", index_dir, "--json")
    assert code == 0, err
    (row,) = json_lines(out)
    assert set(row) == ASK_KEYS | ASK_EXTRA_KEYS
    assert row["id"] is None and row["question"] == question
    assert isinstance(row["answer"], str) and row["answer"]
    assert row["insufficient_evidence"] is False
    assert isinstance(row["explanation"], str) and isinstance(row["composer"], str) and isinstance(row["timeline"], list)
    citations = row["citations"]
    assert citations
    for c in citations:
        assert_types(c, CITATION_KEYS)
        assert c["authority"] in BCP_LINEAGE  # the question named BCP
        # The quote is taken from the passage (parts joined by an ellipsis where it skips).
        flat = " ".join(c["text"].split())
        for part in c["quote"].split(" … "):
            assert " ".join(part.split()) in flat, part
    # Citations are numbered 1..k; every marker names one, and every one is used.
    assert [c["n"] for c in citations] == list(range(1, len(citations) + 1))
    used = {int(n) for n in MARKER.findall(row["answer"])}
    assert used == set(range(1, len(citations) + 1))


@pytest.mark.slow
def test_ask_change_over_time_answer_carries_a_timeline(capsys, index_dir):
    code, out, _ = run(capsys, "ask", "How has support for care leavers changed since 2018?", "--authority", "BCP", "--index", index_dir, "--json")
    assert code == 0
    row = json_lines(out)[0]
    assert not row["insufficient_evidence"]
    n_citations = len(row["citations"])
    assert {int(n) for n in MARKER.findall(row["answer"])} == set(range(1, n_citations + 1))
    periods = [t["period"] for t in row["timeline"]]
    assert len(periods) >= 2 and periods == sorted(periods)
    for entry in row["timeline"]:
        assert set(entry) == {"period", "label", "citations", "summary"}
        assert entry["citations"] and set(entry["citations"]) <= set(range(1, n_citations + 1))


@pytest.mark.slow
def test_ask_outside_the_corpus_is_insufficient_evidence_without_citations(capsys, index_dir):
    code, out, _ = run(capsys, "ask", "What are the opening hours of BCP's public libraries?", "--index", index_dir, "--json")
    assert code == 0  # a refusal is an answer, not an error
    row = json_lines(out)[0]
    assert row["insufficient_evidence"] is True
    assert row["citations"] == [] and MARKER.findall(row["answer"]) == []
    assert row["explanation"]


@pytest.mark.slow
def test_a_follow_up_is_read_against_the_question_given_after(capsys, index_dir):
    before = "How has care leaver support in BCP changed since 2018?"
    code, out, err = run(capsys, "ask", "What about Dorset?", "--after", before, "--index", index_dir)
    assert code == 0, err
    assert out.startswith("Read as: How has care leaver support in Dorset changed since 2018?\n"), out[:200]
    code, out, err = run(capsys, "ask", "What about Dorset?", "--after", before, "--index", index_dir, "--json")
    (row,) = json_lines(out)
    assert row["question"] == "How has care leaver support in Dorset changed since 2018?"
    assert row["citations"] and all(c["authority"] == "dorset" for c in row["citations"]), row["citations"]
    # A question that stands alone is asked as written.
    code, out, err = run(capsys, "search", "care leavers in Dorset", "--after", before, "--index", index_dir)
    assert code == 0 and not out.startswith("Read as:"), out[:200]


@pytest.mark.slow
def test_a_mistyped_frame_word_is_read_as_the_word_meant(capsys, index_dir):
    # "Wht" and "abut" are in no passage: they were read as topic words no passage says.
    code, out, err = run(capsys, "ask", "Wht did ofsted say abut Dorset?", "--index", index_dir)
    assert code == 0, err
    assert out.startswith("Read as: What did ofsted say about Dorset?\n"), out[:200]
    assert "'Wht'" not in out and "'abut'" not in out, out
    # Before a follow-up is read: "Waht about Dorset?" is "What about Dorset?", asked of the question before.
    code, out, err = run(capsys, "ask", "Waht about Dorset?", "--after", "How has care leaver support in BCP changed since 2018?", "--index", index_dir)
    assert out.startswith("Read as: How has care leaver support in Dorset changed since 2018?\n"), out[:200]


@pytest.mark.slow
def test_they_after_which_councils_are_the_councils_its_answer_lists(capsys, index_dir):
    # Of BCP and Dorset, the 2021 answer lists BCP alone: "they" are BCP, not every authority.
    before = "Which councils were judged inadequate in 2021?"
    code, out, err = run(capsys, "ask", before, "--index", index_dir, "--json")
    assert {c["authority"] for c in json_lines(out)[0]["citations"]} == {"bcp"}, out
    code, out, err = run(capsys, "ask", "When were they last inspected?", "--after", before, "--index", index_dir, "--json")
    (row,) = json_lines(out)
    assert row["question"] == "When were BCP last inspected?", row["question"]
    assert {(c["authority"], c["date"][:7]) for c in row["citations"]} == {("bcp", "2024-12")}, row["citations"]


def test_after_is_for_one_question_not_a_batch(capsys, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"question": "What about Dorset?"}\n', encoding="utf-8")
    code, out, err = run(capsys, "ask", "--batch", batch, "--after", "How is BCP doing?", "--index", tmp_path / "missing")
    assert code != 0 and "--after" in err, err


def test_ask_plain_output_lists_numbered_sources(capsys, index_dir):
    code, out, _ = run(capsys, "ask", "What did Ofsted find about care leavers in BCP in December 2021?", "--index", index_dir)
    assert code == 0
    assert "\nSources:\n" in out
    sources = out.split("\nSources:\n", 1)[1].splitlines()
    assert sources and all(re.match(r"\[\d+\] .+ — .+ — \S+$", line) for line in sources), sources


# --- errors: one line on stderr, non-zero exit --------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", ["search", "ask"])
def test_unknown_authority_is_one_line_naming_a_close_match(capsys, index_dir, command):
    code, out, err = run(capsys, command, "care leavers", "--authority", "Bornemuth", "--index", index_dir, "--json")
    assert code == 1 and out == ""
    assert one_error_line(err) == (
        "inspection-qa: error: unknown authority 'Bornemuth'; did you mean Bournemouth Borough Council?"
    )


@pytest.mark.parametrize("make", ["missing", "empty"])
@pytest.mark.parametrize("command", ["search", "ask", "documents"])
def test_missing_or_empty_index_says_to_run_index(capsys, tmp_path, make, command):
    index = tmp_path / "index"
    if make == "empty":
        index.mkdir()
    argv = [command, "--index", index] + ([] if command == "documents" else ["care leavers"])
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert one_error_line(err) == f"inspection-qa: error: no index at {index}: run `inspection-qa index` to build it"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["search", "q", "--bogus"], "unrecognized arguments: --bogus"),
        (["ask", "q", "--source-kind", "tertiary"], "argument --source-kind: invalid choice: 'tertiary'"),
        (["search", "q", "--top-k", "ten"], "argument --top-k: 'ten' is not a whole number"),
        (["search", "q", "--top-k", "0"], "argument --top-k: '0' must be 1 or more"),
        (["frobnicate"], "argument command: invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_bad_flag_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    line = one_error_line(err)
    assert line.startswith(f"inspection-qa: error: {message}") and line.endswith("(see --help)"), line


@pytest.mark.parametrize(
    "argv, message",
    [
        (["search"], "a question is required (or --batch FILE)"),
        (["search", "q", "--batch", "x.jsonl"], "give a question or --batch FILE, not both"),
        (["search", "--batch", "/nonexistent/q.jsonl"], "cannot read batch file /nonexistent/q.jsonl: No such file or directory"),
    ],
)
def test_question_or_batch_misuse_is_one_line_and_exit_1(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert one_error_line(err) == f"inspection-qa: error: {message}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "flags, message",
    [
        (["--since", "last year"], "--since 'last year' is not a year or an ISO date (e.g. 2018 or 2018-03-01)"),
        (["--since", "2022", "--until", "2019"], "since 2022-01-01 is after until 2019-12-31"),
    ],
)
def test_bad_dates_are_one_line_and_exit_1(capsys, index_dir, flags, message):
    code, out, err = run(capsys, "search", "care leavers", "--index", index_dir, *flags)
    assert code == 1 and out == ""
    assert one_error_line(err) == f"inspection-qa: error: {message}"


def test_index_of_a_missing_corpus_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "index", "--corpus", tmp_path / "nowhere", "--index", tmp_path / "index")
    assert code == 1 and out == ""
    assert one_error_line(err) == f"inspection-qa: error: corpus folder {tmp_path / 'nowhere'} does not exist"
    assert not (tmp_path / "index").exists()


def test_a_broken_authority_table_is_one_line_and_writes_no_index(capsys, tmp_path, monkeypatch):
    corpus = copy_corpus(tmp_path / "corpus", ["003_b8f2b44cd3066e56.txt"])
    table = json.loads((REPO_ROOT / "corpus" / "authorities.json").read_text(encoding="utf-8"))
    table["authorities"][0]["region"] = "South Wst"
    (corpus / "authorities.json").write_text(json.dumps(table), encoding="utf-8")
    fix = "entry 1 ('bcp') has region 'South Wst': did you mean 'South West'?"

    code, out, err = run(capsys, "index", "--corpus", corpus, "--index", tmp_path / "index")
    assert code == 1 and out == ""
    assert one_error_line(err).startswith(f"inspection-qa: error: cannot read the authority table: {corpus / 'authorities.json'}: {fix}")
    assert not (tmp_path / "index").exists()

    monkeypatch.setenv("INSPECTION_QA_CORPUS_DIR", str(corpus))
    code, out, err = run(capsys, "authorities")
    assert code == 1 and out == "" and fix in one_error_line(err)


@pytest.mark.parametrize("command", ["eval", "eval-answers"])
def test_evaluations_without_an_index_are_one_line(capsys, tmp_path, command):
    code, out, err = run(capsys, command, "--index", tmp_path / "none")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("inspection-qa"), err
    assert err.endswith(f": error: no index at {tmp_path / 'none'}: run `inspection-qa index` to build it\n")


@pytest.mark.parametrize("argv", [["eval", "--help"], ["-v", "eval", "--help"], ["--verbose", "eval-answers", "--help"]])
def test_evaluation_subcommands_take_their_own_flags_after_global_ones(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 0 and err == ""
    assert out.startswith("usage: ") and "--questions" in out and "--json-out" in out


# --- index --------------------------------------------------------------------------------------

SUMMARY_HEAD = re.compile(r"^(\d+) documents?, (\d+) pages?, (\d+) chunks? in (\d+\.\d) s$")
SUMMARY_WORK = re.compile(r"^embedded (\d+) documents? \((\d+) chunks?\), reused (\d+), removed (\d+)$")


@pytest.mark.slow
def test_index_prints_a_summary_names_bad_files_and_a_second_run_embeds_nothing(capsys, tmp_path):
    corpus = copy_corpus(tmp_path / "corpus", ["003_b8f2b44cd3066e56.txt", "004_82196dfbb9d4873c.txt"])
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntruncated")
    (corpus / "minutes.docx").write_bytes(b"PK\x03\x04 not a supported type")
    (corpus / "blank.txt").write_text("   \n", encoding="utf-8")
    index = tmp_path / "index"

    code, out, err = run(capsys, "index", "--corpus", corpus, "--index", index)
    assert code == 0, err
    lines = out.splitlines()
    head = SUMMARY_HEAD.match(lines[0])
    assert head, lines[0]
    documents, pages, chunks = (int(x) for x in head.groups()[:3])
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert (documents, pages, chunks) == (2, 2, manifest["counts"]["chunks"]) and chunks > 2
    assert SUMMARY_WORK.match(lines[1]).groups() == ("2", str(chunks), "0", "0")
    assert "skipped 3 files:" in lines
    skipped = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in lines if line.startswith("  ")}
    assert set(skipped) == {"blank.txt", "broken.pdf", "minutes.docx"}
    assert skipped["blank.txt"] == "empty file"
    assert skipped["minutes.docx"] == "unsupported file type .docx"
    assert skipped["broken.pdf"].startswith("corrupt PDF")
    assert re.match(rf"^index: {re.escape(str(index))} \(\d+\.\d MB\)$", lines[-1]), lines[-1]
    assert "indexing" in err  # the progress bar is on stderr, keeping stdout for the summary

    code, out, _ = run(capsys, "index", "--corpus", corpus, "--index", index)
    assert code == 0
    lines = out.splitlines()
    assert SUMMARY_HEAD.match(lines[0]).groups()[:3] == ("2", "2", str(chunks))
    assert SUMMARY_WORK.match(lines[1]).groups() == ("0", "0", "2", "0")
    assert "nothing changed: index left as it was" in lines

    # The index answers searches, with sources relative to this corpus.
    code, out, _ = run(capsys, "search", "focused visit", "--index", index, "--json", "--top-k", "3")
    assert code == 0
    assert {r["source"] for r in json_lines(out)[0]["results"]} <= {"003_b8f2b44cd3066e56.txt", "004_82196dfbb9d4873c.txt"}


@pytest.mark.slow
def test_index_after_editing_one_document_re_embeds_only_it(capsys, tmp_path):
    corpus = copy_corpus(tmp_path / "corpus", ["003_b8f2b44cd3066e56.txt", "004_82196dfbb9d4873c.txt"])
    index = tmp_path / "index"
    assert run(capsys, "index", "--corpus", corpus, "--index", index)[0] == 0
    edited = corpus / "004_82196dfbb9d4873c.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nA new closing paragraph added by the editor.\n", encoding="utf-8")

    code, out, _ = run(capsys, "index", "--corpus", corpus, "--index", index)
    assert code == 0
    embedded_docs, embedded_chunks, reused, removed = SUMMARY_WORK.match(out.splitlines()[1]).groups()
    assert (embedded_docs, reused, removed) == ("1", "1", "0")
    assert 1 <= int(embedded_chunks) <= 2  # only the changed text, not the whole document

    (corpus / "003_b8f2b44cd3066e56.txt").unlink()
    code, out, _ = run(capsys, "index", "--corpus", corpus, "--index", index)
    assert code == 0
    assert SUMMARY_HEAD.match(out.splitlines()[0]).group(1) == "1"
    assert SUMMARY_WORK.match(out.splitlines()[1]).groups()[2:] == ("1", "1")

    code, out, _ = run(capsys, "index", "--corpus", corpus, "--index", index, "--full")
    assert code == 0
    assert SUMMARY_WORK.match(out.splitlines()[1]).groups()[0] == "1"  # --full embeds everything again


# --- the installed console script ---------------------------------------------------------------


def _console_script() -> str:
    script = Path(sys.executable).parent / "inspection-qa"
    found = str(script) if script.is_file() else shutil.which("inspection-qa")
    if not found:
        pytest.skip("the inspection-qa console script is not installed (pip install -e .)")
    return found


@pytest.mark.slow
def test_console_script_search_json_and_one_line_error(tmp_path, index_dir):
    script = _console_script()
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(ENV_PREFIX)}
    done = subprocess.run(
        [script, "search", "care leavers", "--authority", "Bournemouth, Christchurch & Poole", "--top-k", "3", "--index", str(index_dir), "--json"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(row["results"]) == 3 and {r["authority"] for r in row["results"]} <= BCP_LINEAGE

    # A real process: nothing else (library warnings, a traceback) reaches stderr.
    done = subprocess.run(
        [script, "ask", "care leavers", "--authority", "Bornemuth", "--index", str(index_dir)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "inspection-qa: error: unknown authority 'Bornemuth'; did you mean Bournemouth Borough Council?\n"

    done = subprocess.run([script, "search", "q", "--bogus"], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 2 and done.stderr.count("\n") == 1


# --- the README's settings table ----------------------------------------------------------------


def settings_table() -> list[str]:
    """The README's configuration table, generated from Settings.model_fields."""
    from indexer.settings import Settings

    lines = ["| field | environment variable | default | description |", "| --- | --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, Path):
            default = default.relative_to(REPO_ROOT).as_posix() + "/"
        shown = "unset" if default is None else f"`{default}`"
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| `{name}` | `{ENV_PREFIX}{name.upper()}` | {shown} | {description} |")
    return lines


def test_readme_settings_table_is_generated_from_settings():
    """README.md documents every Settings field, its variable, default and description, and no others.

    On failure, paste the table printed by: .venv/bin/python -c "import sys; sys.path.insert(0, 'tests'); from test_cli import settings_table; print(chr(10).join(settings_table()))"
    """
    from indexer.settings import REPO_ROOT

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    expected = settings_table()
    start = readme.index(expected[0])
    assert readme[start : start + len(expected)] == expected
    assert not readme[start + len(expected)].startswith("|")  # no rows for settings that are gone


def test_authorities_lists_lineage_and_region(capsys):
    code, out, err = run(capsys, "authorities")
    assert code == 0, err
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert "replaced Bournemouth Borough Council" in lines["bcp"] and lines["bcp"].endswith("· South West")
    assert "(until 2023-03-31)" in lines["cumbria"] and lines["cumbria"].endswith("· North West")
