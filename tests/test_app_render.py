"""The app's pure helpers: badges and links for [n], quote highlighting, page views, the Markdown
export, upload checks, and the background rebuild runner. No Streamlit here."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from indexer.authorities import AuthorityTable
from indexer.chunking import document_text
from indexer.settings import REPO_ROOT
from indexer.types import Chunk, Page
from qa import app_render as R
from qa.app_corpus import check_upload, clean_name, corpus_files, documents_rows, pending_changes, save_upload
from qa.app_jobs import RebuildJobs
from qa.types import Answer, Citation, SourceLabel, TimelineEntry
from factories import document, evidence

TABLE = AuthorityTable.load(REPO_ROOT / "corpus" / "authorities.json")


def cite(n: int, text: str, quote: str, **kw) -> Citation:
    return Citation(n, evidence(text, **kw), quote)


# --- the answer text ----------------------------------------------------------------------------


def test_markers_become_links_to_their_card_coloured_by_kind():
    primary = cite(1, "Leaders are effective.", "Leaders are effective.")
    secondary = cite(2, "The council said so.", "The council said so.", doc=document("news", source_kind="secondary"))
    html = R.answer_html("Leaders are effective [1]. The paper agreed [2].", "m1", [primary, secondary])
    links = re.findall(r'<a class="([^"]+)" href="#([^"]+)"[^>]*>(\d+)</a>', html)
    assert links == [("iqa-cite", "iqa-m1-1", "1"), ("iqa-cite iqa-cite-secondary", "iqa-m1-2", "2")]
    assert "[1]" not in html and "[2]" not in html


def test_a_marker_naming_no_citation_is_not_a_link():
    html = R.answer_html("Something [7].", "m1", [cite(1, "x y z w.", "x y z w.")])
    assert 'href="#iqa-m1-7"' not in html
    assert "iqa-cite-bad" in html and "[7]" in html


def test_grouped_and_ranged_markers_each_get_a_badge():
    cs = [cite(n, f"Passage {n} text here.", "") for n in (1, 2, 3)]
    html = R.answer_html("All agree [1, 2] and [2-3].", "m", cs)
    assert re.findall(r'data-cite="(\d+)"', html) == ["1", "2", "2", "3"]


def test_answer_text_is_escaped_and_is_one_html_block():
    html = R.answer_html("A <script>alert(1)</script> & *stars* $5\n\nsecond para [1]", "m", [cite(1, "p q r s.", "")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\n" not in html  # a newline could end the HTML block and let Markdown re-read the text
    assert html.count("<p>") == 2


def test_bullets_become_a_list_and_bold_is_kept():
    html = R.answer_html("Findings:\n- one **key** point [1]\n- another [1]", "m", [cite(1, "a b c d.", "")])
    assert "<ul><li>one <b>key</b> point" in html
    assert html.count("<li>") == 2


def test_streaming_adds_a_cursor_to_the_last_paragraph():
    html = R.answer_html("Half a sent", "m", streaming=True)
    assert html.endswith('<span class="iqa-cursor"></span></p></div>')
    assert "iqa-cursor" not in R.answer_html("Half a sent", "m")


# --- highlighting -------------------------------------------------------------------------------


def test_quote_spans_find_each_quoted_sentence_despite_spacing_and_case():
    passage = "49. Care leavers  participate in\nactivities. However, this depends.\n50. The hub is warm."
    quote = "Care leavers participate in activities. … The hub is warm."
    spans = R.quote_spans(passage, quote)
    assert [passage[s:e] for s, e in spans] == ["Care leavers  participate in\nactivities", "The hub is warm"]


def test_highlight_marks_the_quote_escapes_the_rest_and_drops_markdown_bold():
    html = R.highlight_html("Intro <b>. The **critical** point is here. Outro.", "The **critical** point is here.")
    assert "<mark>The critical point is here</mark>" in html
    assert "&lt;b&gt;" in html and "**" not in html


def test_a_quote_not_in_the_passage_marks_nothing():
    assert "<mark>" not in R.highlight_html("Something else entirely.", "Not there at all.")


# --- the evidence card --------------------------------------------------------------------------


def test_card_carries_anchor_kind_title_and_provenance():
    doc = document("bcp_report", authority="bcp", date="2024-12-02", title="Ofsted inspection of BCP")
    c = cite(3, "Leaders know their services well.", "Leaders know their services well.", doc=doc, page=4, paragraph=12)
    html = R.citation_card_html(c, "abc", TABLE)
    assert 'id="iqa-abc-3"' in html
    assert "iqa-kind-primary" in html and "Primary · Ofsted" in html
    assert "Ofsted inspection of BCP" in html and "BCP Council" in html
    assert "2 Dec 2024" in html and "p. 4 · para 12" in html and "bcp_report.pdf" in html
    assert "<mark>Leaders know their services well</mark>" in html


def test_a_card_shows_when_its_report_was_published_if_another_month():
    from dataclasses import replace

    doc = replace(document("bcp_2021", date="2021-12-06"), published="2022-02-11")
    c = cite(1, "Leaders are effective.", "Leaders are effective.", doc=doc)
    assert "published 11 Feb 2022" in R.citation_meta(c, TABLE)
    same_month = cite(1, "Leaders are effective.", "Leaders are effective.", doc=replace(doc, published="2021-12-20"))
    assert not any(b.startswith("published") for b in R.citation_meta(same_month, TABLE))


def test_secondary_badge_differs_from_primary():
    assert "iqa-kind-secondary" in R.kind_badge("secondary") and "Secondary" in R.kind_badge("secondary")
    assert R.kind_badge("primary") != R.kind_badge("secondary")


def test_text_files_are_not_given_a_page_number():
    c = evidence("Text.", doc=document("notes"), page=1, paragraph=3).chunk
    assert R.location_label(c, paged=False) == "para 3"
    assert R.location_label(c, paged=True) == "p. 1 · para 3"


def test_dates_read_as_people_write_them():
    assert R.format_date("2024-12-02") == "2 Dec 2024"
    assert R.format_date("2021-12") == "Dec 2021"
    assert R.format_date("2019") == "2019"
    assert R.format_date(None) == "undated"


# --- the whole page -----------------------------------------------------------------------------


def _chunk_of(pages: list[Page], needle: str) -> Chunk:
    text = document_text(pages)
    start = text.index(needle)
    return Chunk("c", "d", needle, None, None, None, start, start + len(needle))


def test_page_view_shows_the_pdf_page_the_passage_is_on():
    pages = [Page(1, "Cover page."), Page(2, "Intro. The passage we cite. After it."), Page(3, "Back page.")]
    view = R.page_view(pages, _chunk_of(pages, "The passage we cite."))
    assert view.heading == "Page 2 of 3"
    assert (view.before, view.passage, view.after) == ("Intro. ", "The passage we cite.", " After it.")


def test_page_view_spans_a_page_break():
    pages = [Page(1, "One. Start of it"), Page(2, "end of it. Two.")]
    view = R.page_view(pages, _chunk_of(pages, "Start of it\n\nend of it."))
    assert view.heading == "Pages 1–2 of 2"
    assert view.before == "One. " and view.after == " Two."


def test_page_view_of_a_long_text_file_is_a_window_cut_at_lines():
    lines = [f"Line {i} of the long file." for i in range(400)]
    pages = [Page(1, "\n".join(lines))]
    view = R.page_view(pages, _chunk_of(pages, "Line 200 of the long file."), window=300)
    assert view.heading.startswith("Around the passage")
    assert view.passage == "Line 200 of the long file."
    assert 250 <= len(view.before) <= 300 and view.before.startswith("Line ")
    assert view.after.rstrip().endswith("file.")


def test_page_view_finds_the_passage_when_offsets_are_stale():
    pages = [Page(1, "Changed preface. The passage. End.")]
    chunk = Chunk("c", "d", "The passage.", None, None, None, 0, 12)
    view = R.page_view(pages, chunk)
    assert view.passage == "The passage." and view.before == "Changed preface. "


# --- timelines ----------------------------------------------------------------------------------


def _timeline_answer() -> Answer:
    news = document("news", source_kind="secondary", date="2021-12-06")
    report = document("report", date="2024-12-02")
    c1 = cite(1, "It was judged inadequate.", "It was judged inadequate.", doc=news)
    c2 = cite(2, "Children now get good help.", "Children now get good help.", doc=report)
    entries = (
        TimelineEntry("2021-12", SourceLabel("Dec 2021", "news report, reporting Ofsted's inspection", "secondary"), (1,), "It was judged inadequate [1]."),
        TimelineEntry("2024-12", SourceLabel("Dec 2024", "Ofsted inspection", "primary"), (2,), "Children now get good help [2]."),
    )
    text = "\n".join(f"{e.label}: {e.summary}" for e in entries)
    return Answer("How has it changed?", text, (c1, c2), False, timeline=entries)


def test_timeline_rows_show_period_kind_source_and_cited_summary():
    html = R.timeline_html(_timeline_answer(), "t")
    rows = re.findall(r'<div class="iqa-tl-item iqa-tl-(\w+)"><div class="iqa-tl-date">([^<]+)</div>', html)
    assert rows == [("secondary", "Dec 2021"), ("primary", "Dec 2024")]
    assert "News report, reporting Ofsted&#x27;s inspection" in html and "Ofsted inspection" in html
    assert 'href="#iqa-t-1"' in html and 'href="#iqa-t-2"' in html


def test_a_marker_tooltip_names_the_source_its_date_and_kind():
    html = R.timeline_html(_timeline_answer(), "t")
    tips = re.findall(r'title="(Passage [^"]+)" data-cite', html)
    assert tips == [
        "Passage 1: Inspection report news · 6 Dec 2021 · secondary",
        "Passage 2: Inspection report report · 2 Dec 2024 · primary (Ofsted)",
    ]


def test_a_timeline_row_shows_the_months_a_document_covers():
    entry = TimelineEntry("2018-07", SourceLabel("Jul 2018 – Mar 2019", "Bournemouth Borough Council self-evaluation", "secondary"), (1,), "X [1].")
    assert entry.label == "Jul 2018 – Mar 2019 — Bournemouth Borough Council self-evaluation (secondary)"
    assert R.timeline_when(entry) == "Jul 2018 – Mar 2019"
    assert R.timeline_what(entry) == "Bournemouth Borough Council self-evaluation"
    assert R.timeline_when(TimelineEntry("undated", SourceLabel("undated", "news report", "secondary"), (1,), "X [1].")) == "Undated"


# --- Markdown export ----------------------------------------------------------------------------


def test_markdown_export_keeps_markers_and_lists_every_reference_with_its_quote():
    doc = document("bcp_report", title="Ofsted inspection of BCP")
    c = cite(1, "Leaders are effective. Other text.", "Leaders are effective.", doc=doc, page=3, paragraph=7)
    answer = Answer("Are leaders effective?", "Leaders are effective [1].", (c,), False)
    md = R.answer_markdown(answer, TABLE, scope="BCP Council", notes=["authority: BCP (named in the question)"])
    assert md.startswith("## Are leaders effective?\n")
    assert "Leaders are effective [1]." in md
    assert "[1] Ofsted inspection of BCP — Bournemouth, Christchurch and Poole Council — 2 Dec 2024 — primary (Ofsted) — p. 3 · para 7 — bcp_report.pdf" in md
    assert "> Leaders are effective." in md
    assert "Scope: BCP Council" in md


def test_markdown_export_of_a_timeline_and_of_a_refusal():
    md = R.answer_markdown(_timeline_answer(), TABLE)
    assert "- **Dec 2021 — News report, reporting Ofsted's inspection:** It was judged inadequate [1]." in md
    refused = Answer("What about Mars?", "", (), True, explanation="Nothing in the corpus is about Mars.")
    md = R.answer_markdown(refused, TABLE)
    assert "Not enough evidence" in md and "Mars" in md and "References" not in md


def test_scope_note_is_taken_out_of_the_explanation_once_shown_as_chips():
    notes = ["authority: BCP Council (named in the question)", "since 2019"]
    explanation = "Scope: authority: BCP Council (named in the question); since 2019. Closest passages: x."
    assert R.explanation_without_scope(explanation, notes) == "Closest passages: x."


# --- scope controls -----------------------------------------------------------------------------


def test_lineage_note_names_the_predecessors_and_when_they_ended():
    note = R.lineage_note("bcp", TABLE)
    assert note.startswith("Includes ")
    assert "Bournemouth Borough Council (until Mar 2019)" in note and "Borough of Poole (until Mar 2019)" in note
    assert R.lineage_note("kent", TABLE) == ""


def test_authority_choices_follow_the_documents_through_lineage():
    counts = {"bournemouth": 1, "bcp": 4, "dorset": 1}
    choices = R.authority_choices(TABLE, counts)
    assert {"bcp", "bournemouth", "dorset"} <= set(choices)
    assert "poole" in choices  # a replaced body searches its successor too
    assert "kent" not in choices and "cumbria" not in choices
    assert R.authority_caption("bcp", TABLE, counts).startswith("5 documents in the index. Includes Bournemouth")
    assert R.authority_caption("dorset", TABLE, counts) == "1 document in the index. Includes Dorset County Council (until Mar 2019)."
    assert R.authority_caption("bournemouth", TABLE, counts) == (
        "5 documents in the index. Also searches Bournemouth, Christchurch and Poole Council (from Apr 2019), which replaced it."
    )
    assert R.authority_label("bcp", TABLE) == "BCP Council"
    assert R.authority_label("dorset", TABLE) == "Dorset Council"


# --- uploads ------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n" + b"x" * 100


def test_upload_checks(tmp_path: Path):
    (tmp_path / "existing.pdf").write_bytes(PDF)
    ok = check_upload("C:\\Users\\me\\new report.pdf", b"%PDF-1.7 other", tmp_path)
    assert ok.ok and ok.name == "new report.pdf" and "added" in ok.message
    assert not check_upload("notes.docx", b"PK..", tmp_path).ok
    assert "not a PDF" in check_upload("fake.pdf", b"hello", tmp_path).message
    assert "UTF-8" in check_upload("latin.txt", "café".encode("latin-1"), tmp_path).message
    assert "empty" in check_upload("empty.txt", b"", tmp_path).message
    assert "not indexed" in check_upload("_draft.txt", b"text", tmp_path).message
    assert "already in the corpus" in check_upload("existing.pdf", PDF, tmp_path).message
    clash = check_upload("existing.pdf", PDF + b"changed", tmp_path)
    assert not clash.ok and "rename" in clash.message
    assert check_upload("existing.pdf", PDF + b"changed", tmp_path, replace=True).ok
    same = check_upload("copy.pdf", PDF, tmp_path)
    assert not same.ok and "existing.pdf" in same.message


def test_upload_size_limit(tmp_path: Path, monkeypatch):
    import qa.app_corpus as corpus

    monkeypatch.setattr(corpus, "MAX_UPLOAD_BYTES", 50)
    assert "limit" in check_upload("big.txt", b"a" * 51, tmp_path).message


def test_save_upload_writes_the_file_and_the_build_will_read_it(tmp_path: Path):
    path = save_upload("report.txt", b"Some text.", tmp_path / "corpus")
    assert path.read_bytes() == b"Some text."
    assert corpus_files(tmp_path / "corpus") == ["report.txt"]  # no temporary file left behind
    assert clean_name("../../etc/passwd") == "passwd"


def test_documents_rows_use_short_authority_names():
    rows = documents_rows([document("a", authority="bcp"), document("b", authority="kent")], TABLE, {})
    assert [r["Authority"] for r in rows] == ["BCP", "Kent"]
    assert set(rows[0]) == {"Authority", "Type", "Kind", "Date", "Published", "Title", "Pages", "Source file"}


def test_pending_changes_name_new_and_removed_files_but_not_skipped_ones():
    new, gone = pending_changes(["a.pdf", "b.txt", "broken.pdf"], ["a.pdf", "old.pdf"], [("broken.pdf", "corrupt PDF")])
    assert new == ["b.txt"] and gone == ["old.pdf"]


# --- background rebuilds ------------------------------------------------------------------------


class _Summary:
    unchanged = False


def test_rebuild_runs_in_the_background_reports_progress_and_bumps_the_generation():
    jobs = RebuildJobs()
    gate = threading.Event()
    seen: list[tuple[int, int, str]] = []

    def rebuild(full, progress):
        progress(1, 2, "a.pdf")
        seen.append((1, 2, "a.pdf"))
        gate.wait(10)
        progress(2, 2, "b.pdf")
        return _Summary()

    assert jobs.start(rebuild, full=True)
    for _ in range(100):
        if seen:
            break
        time.sleep(0.01)
    status = jobs.status()
    assert status.running and status.full and status.done == 1 and status.current == "a.pdf"
    assert not jobs.start(rebuild)  # one at a time
    gate.set()
    assert jobs.wait(10)
    status = jobs.status()
    assert status.state == "done" and status.fraction == 1.0 and status.generation == 1


def test_a_failed_rebuild_keeps_the_generation_and_says_why():
    jobs = RebuildJobs()

    def rebuild(full, progress):
        raise RuntimeError("corpus folder /nope does not exist")

    jobs.start(rebuild)
    assert jobs.wait(10)
    status = jobs.status()
    assert status.state == "failed" and "does not exist" in status.error and status.generation == 0


def test_an_unchanged_index_does_not_bump_the_generation():
    jobs = RebuildJobs()

    class Same:
        unchanged = True

    jobs.start(lambda full, progress: Same())
    assert jobs.wait(10)
    assert jobs.status().state == "done" and jobs.status().generation == 0


@pytest.mark.parametrize("text,expected", [("How has BCP changed?", "how-has-bcp-changed"), ("???", "answer")])
def test_slug(text, expected):
    assert R.slug(text) == expected


def test_the_timeline_heading_says_what_its_rows_are_and_their_order():
    assert R.timeline_heading("How has BCP changed since 2018?", True).startswith("**How it changed over time** — oldest first")
    assert R.timeline_heading("Do Bradford's social workers have manageable caseloads?", False).startswith(
        "**What the sources said, by date** — oldest first"
    )
    assert "most recent first" in R.timeline_heading("Which councils went from inadequate to good?", False)
    assert R.timeline_heading("Which councils improved the most?", False).startswith("**Each authority's biggest move up the grades** — biggest first")
    assert R.timeline_heading("Which council is doing best?", False).startswith("**Each authority's latest grade** — best first")
    assert R.timeline_heading("Which is the worst council?", False).startswith("**Each authority's latest grade** — worst first")
    assert R.timeline_heading("Which is better, Kent or Surrey?", False).startswith("**Each authority's latest grade** — best first")
    assert R.timeline_heading("Which councils have never been judged inadequate?", False).startswith(
        "**Each authority's latest grade** — oldest first"
    )


def test_a_region_chip_keeps_the_region_alone_where_the_searched_line_names_its_authorities():
    chips = R.notes_html(["region: North West (named in the question): Blackpool Council, Bury Council"])
    assert ">region: North West (named in the question)<" in chips and "Bury Council" not in chips
    none = R.notes_html(["region: London (named in the question): no authority in the corpus"])
    assert "no authority in the corpus" in none  # nothing is searched: the chip says why
    county = R.notes_html(["area: Greater Manchester (named in the question): Bury Council and Tameside Metropolitan Borough Council"])
    assert ">area: Greater Manchester (named in the question)<" in county and "Bury Council" not in county


def test_a_timeline_of_report_dates_is_headed_as_the_reports():
    def answer(*summaries: str) -> Answer:
        entries = tuple(
            TimelineEntry("2021-10", SourceLabel("Oct 2021", "Ofsted inspection", "primary"), (1,), s) for s in summaries
        )
        return Answer("What inspections has Bury had?", "", (), False, timeline=entries)

    dated = answer("Inspection dates: 25 October 2021 to 5 November 2021 [1].", "This letter summarises the findings of a focused visit to Bury on 25 and 26 July 2018 [1].")
    assert R.timeline_heading("What inspections has Bury had?", False, dated).startswith("**The reports, by their dates**")
    found = answer("Overall effectiveness: Inadequate [1].")
    assert R.timeline_heading("How was Bury judged?", False, found).startswith("**What the sources said, by date**")
