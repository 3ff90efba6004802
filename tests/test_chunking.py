"""Chunking: exact offsets, provenance (page, paragraph, section), nothing lost, sizes within bounds."""

from __future__ import annotations

import re

import pytest

from corpus_files import BCP_2024_PDF, BCP_2024_TEXT, CORPUS, authority_table, cleaned, corpus_sources, manifest
from indexer.chunking import chunk_document, document_text, is_heading, split_span
from indexer.metadata import make_document
from indexer.settings import Settings
from indexer.types import Chunk, Document, Page, content_hash

SMALL = Settings(chunk_target_chars=300, chunk_max_chars=450, chunk_min_chars=80)


def _doc(**fields) -> Document:
    base = dict(id="doc1", source="x.pdf", title="t", authority="bcp", doc_type="full inspection",
                source_kind="primary", published="2025-01-29", period_start="2024-12-02", period_end="2024-12-13")
    return Document(**{**base, **fields})


def assert_invariants(chunks: list[Chunk], pages: list[Page], settings: Settings, doc: Document) -> None:
    text = document_text(pages)
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip() and c.text
        assert len(c.text) <= settings.chunk_max_chars
        assert c.doc_id == doc.id
        assert c.id == content_hash(f"{doc.id}:{c.start}:{c.text}")
        # Never mid-word: a chunk starts and ends at a word boundary.
        assert c.start == 0 or not (text[c.start - 1].isalnum() and text[c.start].isalnum())
        assert c.end == len(text) or not (text[c.end - 1].isalnum() and text[c.end].isalnum())
    # In reading order, not overlapping, and every non-space character is in a chunk.
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))
    covered = "".join(c.text for c in chunks)
    assert re.sub(r"\s+", "", covered) == re.sub(r"\s+", "", text)
    assert len({c.id for c in chunks}) == len(chunks)


# ------------------------------------------------------------------ tiny documents

REPORT = [
    Page(1, "Inspection of Anytown local authority children's services\n\n"
            "Inspection dates: 2 to 13 December 2024\n\n"
            "Leaders have made strong progress since the last inspection. Children are safer.\n\n"
            "What needs to improve?\n\n"
            "- Safety planning for children.\n- Support for older care leavers."),
    Page(2, "The experiences and progress of children who need help and protection: good\n\n"
            "1. Children receive good help when it is needed. Social workers visit often and know the children well.\n\n"
            "2. Families have access to a wide range of early help services, and most plans are"),
    Page(3, "reviewed regularly by managers.\n\n"
            "The experiences and progress of care leavers: requires improvement to be good\n\n"
            "3. Care leavers have personal advisers who keep in touch."),
]


def test_document_text_joins_pages_with_a_blank_line():
    assert document_text([Page(1, "a"), Page(2, "b")]) == "a\n\nb"
    assert document_text([]) == ""


def test_tiny_report_invariants_and_provenance():
    doc = _doc()
    chunks = chunk_document(doc, REPORT, SMALL)
    assert_invariants(chunks, REPORT, SMALL, doc)
    by_para = {c.paragraph: c for c in chunks if c.paragraph}
    assert sorted(by_para) == [1, 3]  # paragraph 2 shares a chunk with paragraph 1
    assert by_para[1].page == 2 and by_para[3].page == 3
    assert by_para[1].section == "The experiences and progress of children who need help and protection: good"
    assert by_para[3].section == "The experiences and progress of care leavers: requires improvement to be good"
    # Headings are folded into the chunk they open, not dropped.
    assert by_para[1].text.startswith("The experiences and progress of children who need help and protection: good\n\n1. ")
    # Paragraph 2 runs over the page break and stays whole, in the chunk that started on page 2.
    assert "most plans are\n\nreviewed regularly by managers." in by_para[1].text
    first = chunks[0]
    assert first.page == 1 and first.paragraph is None
    assert first.section == "Inspection of Anytown local authority children's services"


def test_a_section_that_can_stand_alone_starts_its_own_chunk():
    chunks = chunk_document(_doc(), REPORT, SMALL)
    for heading in ("The experiences and progress of children who need help and protection: good",
                    "The experiences and progress of care leavers: requires improvement to be good"):
        opening = [c for c in chunks if heading in c.text]
        assert len(opening) == 1 and opening[0].text.startswith(heading)


def test_long_paragraph_is_split_at_sentence_ends():
    sentences = [f"Sentence number {i} says something about children in care and their plans." for i in range(1, 31)]
    pages = [Page(4, "Help and protection\n\n17. " + " ".join(sentences))]
    doc = _doc()
    chunks = chunk_document(doc, pages, SMALL)
    assert_invariants(chunks, pages, SMALL, doc)
    assert len(chunks) > 3
    for c in chunks:
        assert c.text.endswith("plans.")  # cut after a full stop
        assert c.paragraph == 17 and c.page == 4 and c.section == "Help and protection"
        assert SMALL.chunk_min_chars <= len(c.text) <= SMALL.chunk_max_chars


def test_a_sentence_longer_than_the_maximum_is_cut_between_words():
    words = " ".join(f"word{i}" for i in range(400))
    pages = [Page(1, words)]
    doc = _doc()
    chunks = chunk_document(doc, pages, SMALL)
    assert_invariants(chunks, pages, SMALL, doc)
    assert len(chunks) > 1


def test_split_span_keeps_abbreviations_together():
    text = "Inspectors met e.g. Mr. Smith and Dr. Jones. They saw the plans. " * 20
    spans = split_span(text, 0, len(text.rstrip()), 200)
    for s, e in spans:
        assert not text[s:e].endswith(("e.g.", "Mr.", "Dr."))
        assert e - s <= 200


def test_small_pieces_are_merged_to_reach_the_minimum():
    pages = [Page(1, "\n\n".join(f"Item {i} is short." for i in range(12)))]
    doc = _doc()
    chunks = chunk_document(doc, pages, SMALL)
    assert_invariants(chunks, pages, SMALL, doc)
    assert all(len(c.text) >= SMALL.chunk_min_chars for c in chunks[:-1])


def test_chunking_is_deterministic_and_ids_depend_on_the_document():
    a = chunk_document(_doc(), REPORT, SMALL)
    assert a == chunk_document(_doc(), REPORT, SMALL)
    b = chunk_document(_doc(id="doc2"), REPORT, SMALL)
    assert [c.text for c in a] == [c.text for c in b] and not {c.id for c in a} & {c.id for c in b}


def test_empty_document_gives_no_chunks():
    assert chunk_document(_doc(), [], SMALL) == []


@pytest.mark.parametrize(
    "line, expected",
    [
        ("What needs to improve?", True),
        # A footnote's mark is no number a statement gives.
        ("What needs to improve in this area of social work practice?1", True),
        ("The experiences and progress of care leavers: requires improvement to be good", True),
        ("Overview", True),
        ("Inspection dates: 2 to 13 December 2024", False),
        ("Overall effectiveness Good", False),
        ("Judgement Grade", False),
        ("Children are safer.", False),
        ("- Safety planning", False),
        ("12. Children in care", False),
        ("The inspection, by Ofsted, took place between 16th and 27th July 2018", False),
        ("Dear Ms Ramsden", False),
    ],
)
def test_is_heading(line, expected):
    assert is_heading(line) is expected


def test_chunks_carry_the_date_their_passage_is_about():
    doc = _doc(doc_type="council self-evaluation", source_kind="secondary", published=None, period_start="2016-07", period_end=None)
    pages = [Page(1, "About Bournemouth\n\nMid 2016, Bournemouth had an estimated population of 197,700 people living in the town.\n\n"
                     "Inspection of Bournemouth's Children's Social Care Services\n\n"
                     "The inspection, by Ofsted, took place between 16th and 27th July 2018.\n\n"
                     + "The inspectors concluded that children in need of protection are safeguarded well. " * 4)]
    chunks = chunk_document(doc, pages, SMALL)
    assert_invariants(chunks, pages, SMALL, doc)
    dates = {c.section: c.about_date for c in chunks}
    assert dates["About Bournemouth"] is None
    assert dates["Inspection of Bournemouth's Children's Social Care Services"] == "2018-07"
    # The rest of a section about that inspection is about it too.
    assert all(c.about_date == "2018-07" for c in chunks if c.section.startswith("Inspection of"))
    assert len([c for c in chunks if c.section.startswith("Inspection of")]) >= 2


# ------------------------------------------------------------------ real documents


def _real(name: str, settings: Settings | None = None) -> tuple[Document, list[Page], list[Chunk]]:
    settings = settings or Settings()
    pages = list(cleaned(name))
    doc = make_document(name, (CORPUS / name).read_bytes(), pages, manifest().get(name), authority_table())
    return doc, pages, chunk_document(doc, pages, settings)


def test_real_report_chunks_cite_paragraphs_pages_and_sections():
    settings = Settings()
    doc, pages, chunks = _real(BCP_2024_PDF, settings)
    assert_invariants(chunks, pages, settings, doc)
    numbers = {int(m) for c in chunks for m in re.findall(r"(?m)^(\d{1,2})\. ", c.text)}
    assert numbers == set(range(1, 64))
    first = next(c for c in chunks if c.paragraph == 1)
    assert first.page == 2
    assert first.section == "The experiences and progress of children who need help and protection: good"
    assert re.search(r"(?m)^1\. Children in BCP receive good help", first.text)
    needs = next(c for c in chunks if "What needs to improve?" in c.text)
    assert needs.section == "What needs to improve?"
    text = document_text(pages)
    for c in chunks:
        if c.paragraph is not None:
            # Either the chunk holds the start of its paragraph, or it continues that paragraph.
            opens_it = re.search(rf"(?m)^{c.paragraph}\. ", c.text)
            continues_it = text[: c.start].rstrip().endswith(".") and text[c.start - 1] == " "
            assert opens_it or continues_it, c.text[:80]


def test_a_heading_with_a_footnote_mark_opens_the_list_it_heads():
    # Blackpool's 2025 focused visit: its list of what must improve, under a heading ending "?1".
    _, _, chunks = _real("blackpool_ilacs-focused-visit_2025-10_pub-2025-11-06.pdf")
    heading = "What needs to improve in this area of social work practice?1"
    listed = next(c for c in chunks if "safety planning for children, including proactively" in c.text)
    assert listed.section == heading and listed.text.startswith(heading), (listed.section, listed.text[:80])


def test_pdf_and_typed_copy_chunk_alike():
    _, _, pdf = _real(BCP_2024_PDF)
    _, _, typed = _real(BCP_2024_TEXT)
    assert [c.paragraph for c in pdf] == [c.paragraph for c in typed]
    assert [c.section for c in pdf] == [c.section for c in typed]


def test_real_secondary_sources_carry_passage_dates():
    # The slides are dated by the July 2018 inspection they report; passages about mid-2016 figures
    # would carry their own date, those about the inspection share the document's.
    slides_doc, _, slides = _real("002_97fc39fbef9fd57b.txt")
    assert slides_doc.date == "2018-07"
    july = [c for c in slides if "July 2018" in c.text]
    assert july and all((c.about_date or slides_doc.date).startswith("2018-07") for c in july)
    # The news story about the December 2021 inspection mentions the 2020 visit on the way: it is
    # about its own time, not filed under 2020.
    _, _, article = _real("003_b8f2b44cd3066e56.txt")
    assert [c.about_date for c in article if "late 2020 focused visit" in c.text] == [None]


@pytest.mark.parametrize(
    "name, opening, expected",
    [
        # Opens on the earlier event: about it.
        ("bury_ilacs-focused-visit_2019-07_pub-2019-08-23.pdf", "inspected by Ofsted in 2016", "2016"),
        ("trafford_ilacs-inspection_2019-03_pub-2019-05-08.pdf", "During the focused visit in July 2018", "2018-07"),
        # Opens on now (a headline judgement, a comparison): the earlier visit is mentioned on the way.
        ("isles-of-scilly_ilacs-inspection_2023-07_pub-2023-08-25.pdf", "Services in the Isles of Scilly for children who need help and protection are inadequate", None),
        ("dorset_ilacs-focused-visit_2019-10_pub-2019-10-24.pdf", "Since the joint area inspection (JTAI) in 2018", None),
    ],
)
def test_a_passage_is_dated_by_what_it_opens_on(name: str, opening: str, expected: str | None):
    _, _, chunks = _real(name)
    matching = [c for c in chunks if opening in c.text]
    assert matching
    assert [c.about_date for c in matching] == [expected] * len(matching)


@pytest.mark.slow
@pytest.mark.parametrize("name", corpus_sources())
def test_every_corpus_document_chunks_within_bounds(name: str):
    settings = Settings()
    doc, pages, chunks = _real(name, settings)
    assert chunks
    assert_invariants(chunks, pages, settings, doc)
    # Only a document's very last chunk may fall below the minimum.
    assert all(len(c.text) >= settings.chunk_min_chars for c in chunks[:-1])
    page_numbers = {p.number for p in pages}
    assert all(c.page in page_numbers for c in chunks)
