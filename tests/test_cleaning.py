"""Cleaning: page furniture goes, paragraphs come back, structure stays; a PDF and its typed copy agree."""

from __future__ import annotations

import difflib
import re

import pytest

from corpus_files import BCP_2024_PDF, BCP_2024_TEXT, cleaned, corpus_sources, raw_pages
from indexer.cleaning import clean_pages, normalise_line, repeated_edge_lines

HEADER = "Inspection of Anytown local authority children’s services"


def _pdf_page(number: int, body: str) -> tuple[int, str]:
    """A page laid out as pypdf returns Ofsted's reports: running header, dates with page number, body."""
    return number, f" \n{HEADER} \n2 to 13 December 2024 {number} \n{body}\n \n"


def _text(pages) -> str:
    return "\n\n".join(p.text for p in pages)


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ characters


def test_normalise_line_makes_quotes_spaces_and_bullets_plain():
    assert normalise_line("  Children’s “voice”\u00a0matters  ") == 'Children\'s "voice" matters'
    assert normalise_line("◼ Safety planning") == "- Safety planning"
    assert normalise_line("\uf0b7 the identification of risk") == "- the identification of risk"
    assert normalise_line("16\u2011 and 17\u2011year\u2011olds") == "16- and 17-year-olds"


# ------------------------------------------------------------------ furniture


def test_running_headers_and_page_numbers_are_removed():
    bodies = ["Leaders know their services well.", "Assessments are timely.", "Plans are reviewed.",
              "Care leavers are supported.", "Workers feel valued."]
    raw = [_pdf_page(n, body) for n, body in enumerate(bodies, start=1)]
    pages = clean_pages(raw, is_pdf=True)
    text = _text(pages)
    assert "Anytown" not in text and "December" not in text
    assert [p.text for p in pages] == bodies
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]


def test_repeated_lines_are_found_only_at_page_edges():
    pages = [
        ["Header", *[f"{w} line {k}" for k in "abcde"], "Repeated in the middle", *[f"{w} row {k}" for k in "fghij"], f"Footer {n}"]
        for n, w in enumerate(["alpha", "beta", "gamma", "delta"], start=1)
    ]
    found = repeated_edge_lines(pages)
    assert found == {"header", "footer #"}


def test_a_paragraph_number_at_a_page_top_is_not_furniture():
    words = ["Leaders", "Assessments", "Plans", "Carers", "Workers"]
    raw = [(n, f"{n}.\n{w} are discussed at the top of this page.") for n, w in enumerate(words, start=1)]
    text = _text(clean_pages(raw, is_pdf=True))
    for n, w in enumerate(words, start=1):
        assert f"{n}. {w} are discussed" in text


def test_bare_page_number_lines_go_even_in_a_short_letter():
    raw = [(1, "1\nDear Ms Smith\nThis letter summarises the findings.\n"), (2, "2\nYours sincerely\n")]
    assert _text(clean_pages(raw, is_pdf=True)) == "Dear Ms Smith\n\nThis letter summarises the findings.\n\nYours sincerely"


def test_ofsted_address_block_inside_a_sentence_is_removed_and_the_sentence_kept():
    raw = [
        (1, "there are significant weaknesses in the responses that children \nPiccadilly Gate \nStore Street \n"
            "Manchester M1 2WD \n \nT 0300 123 1231 \nTextphone 0161 618 8524 \nenquiries@ofsted.gov.uk \nwww.gov.uk/ofsted \n"),
        (2, "receive. Social workers do not always identify risk.\n"),
    ]
    pages = clean_pages(raw, is_pdf=True)
    assert pages[0].text == "there are significant weaknesses in the responses that children"
    assert pages[1].text == "receive. Social workers do not always identify risk."


def test_letterhead_ofsted_line_goes_with_the_address_but_ofsted_in_text_stays():
    raw = [(1, "Ofsted \nPiccadilly Gate \nStore Street \nManchester \nM1 2WD \n \n18 December 2019 \n \n"
               "Ofsted will take the findings from this focused visit into account.\n")]
    text = _text(clean_pages(raw, is_pdf=True))
    assert text == "18 December 2019\n\nOfsted will take the findings from this focused visit into account."


def test_back_matter_and_contents_are_removed():
    raw = [
        (1, "Contents \nThe local authority 3 \nExecutive summary 6 \nThe experiences and progress of children who need help and \n"
            "protection 11 \nLeadership, management and governance 33 \n"),
        (2, "The last finding of the report.\n"),
        (3, "The Office for Standards in Education, Children’s Services and Skills (Ofsted) regulates and inspects \n"
            "to achieve excellence in the care of children and young people. \nYou may reuse this information (not including logos) \n"
            "free of charge. \n© Crown copyright 2024 \n"),
    ]
    pages = clean_pages(raw, is_pdf=True)
    assert [(p.number, p.text) for p in pages] == [(2, "The last finding of the report.")]


# ------------------------------------------------------------------ paragraphs and structure

# A full-width layout line (a paragraph of its own), so the document's line width is known.
WIDE = "This opening sentence fills the whole width of the page layout, as body text does.\n"


def test_lines_broken_at_layout_width_are_joined_into_paragraphs():
    raw = [(1, f"{WIDE}\n\nSenior leaders have made significant progress since the last inspection in \n"
               "improving their services to better help, protect and care for their most \n"
               "vulnerable children. \n \nSince the last inspection, the pace has much improved. \n")]
    blocks = _text(clean_pages(raw, is_pdf=True)).split("\n\n")
    assert blocks[1:] == [
        "Senior leaders have made significant progress since the last inspection in improving their services "
        "to better help, protect and care for their most vulnerable children.",
        "Since the last inspection, the pace has much improved.",
    ]


def test_headings_bullets_and_numbered_paragraphs_keep_their_own_lines():
    raw = [(1, f"{WIDE}\nensure the partnership response is fully integrated and working well for every child. \n"
               "What needs to improve? \n◼ Consistency in responding to the needs of children at risk of exploitation. \n"
               "◼ The help and support offered to older care leavers. \n"
               "The experiences and progress of children who need help and \nprotection: good \n \n"
               "1. Children in BCP receive good help and protection when it is needed, with \n"
               "significant improvements in social work practice. \n \n12. \nThe number stood alone on its line. \n")]
    text = _text(clean_pages(raw, is_pdf=True))
    assert text.split("\n\n")[1:] == [
        "ensure the partnership response is fully integrated and working well for every child.",
        "What needs to improve?",
        "- Consistency in responding to the needs of children at risk of exploitation.\n"
        "- The help and support offered to older care leavers.",
        "The experiences and progress of children who need help and protection: good",
        "1. Children in BCP receive good help and protection when it is needed, with significant improvements in social work practice.",
        "12. The number stood alone on its line.",
    ]


def test_hyphenated_line_ends():
    raw = [(1, f"{WIDE}\nSocial workers hold well-\nattended strategy meetings, and each assess-\nment "
               "is thorough. Every assessment is timely, and 16- and 17-\nyear-olds are seen.\n")]
    text = _text(clean_pages(raw, is_pdf=True))
    # A compound keeps its hyphen; a word split to fit the line is rejoined (the document spells it whole).
    assert "well-attended strategy meetings" in text
    assert "each assessment is thorough" in text
    assert "16- and 17-year-olds are seen" in text


def test_grade_cells_join_their_judgement_rows():
    raw = [(1, "Judgement Grade \nThe impact of leaders on social work \npractice with children and families \n \n"
               "Requires improvement to \nbe good \nThe experiences and progress of \ncare leavers \nGood \n"
               "Overall effectiveness Good \n")]
    text = _text(clean_pages(raw, is_pdf=True))
    assert text.split("\n\n") == [
        "Judgement Grade",
        "The impact of leaders on social work practice with children and families Requires improvement to be good",
        "The experiences and progress of care leavers Good",
        "Overall effectiveness Good",
    ]


def test_text_files_get_light_cleaning_only():
    raw = [(1, "\n\nTitle line\n\n- first item\n - nested item\n- **bold** item\n\n\n\nA paragraph with\ta tab.   \n\n"
               "Piccadilly Gate\nStore Street\n\nT: 0300 123 1231\n")]
    pages = clean_pages(raw, is_pdf=False)
    assert pages[0].text == "Title line\n\n- first item\n- nested item\n- **bold** item\n\nA paragraph with a tab."


def test_cleaning_is_pure():
    raw = [_pdf_page(n, "Some text here.") for n in range(1, 4)]
    copy = list(raw)
    assert clean_pages(raw, is_pdf=True) == clean_pages(raw, is_pdf=True)
    assert raw == copy


def test_pages_left_empty_are_dropped():
    raw = [(1, "Real text."), (2, "  \n 2 \n"), (3, "More text.")]
    assert [p.number for p in clean_pages(raw, is_pdf=True)] == [1, 3]


# ------------------------------------------------------------------ real documents


def test_pdf_and_typed_copy_of_the_same_report_agree():
    """The BCP December 2024 report as a PDF and as typed text clean to near-identical text."""
    pdf = _text(cleaned(BCP_2024_PDF))
    typed = _text(cleaned(BCP_2024_TEXT))
    ratio = difflib.SequenceMatcher(None, _normalised(pdf), _normalised(typed), autojunk=False).ratio()
    print(f"\nPDF vs typed copy, difflib ratio on normalised whitespace: {ratio:.4f}")
    # Measured 1.0000 (every block identical); the bar leaves room for a one-word difference.
    assert ratio >= 0.995
    # Block by block too: headings, bullets and numbered paragraphs come out the same.
    pdf_blocks = [b for b in re.split(r"\n+", pdf) if b]
    typed_blocks = [b for b in re.split(r"\n+", typed) if b]
    same = difflib.SequenceMatcher(None, pdf_blocks, typed_blocks, autojunk=False).ratio()
    print(f"PDF vs typed copy, share of identical blocks: {same:.4f}")
    assert same >= 0.98


def test_real_report_loses_its_furniture_and_keeps_its_findings():
    pages = cleaned(BCP_2024_PDF)
    text = _text(pages)
    for furniture in ("Piccadilly Gate", "0300 123 1231", "Crown copyright", "Open Government Licence", "eepurl"):
        assert furniture not in text
    # The running header appears once, as the title, not on every page.
    assert text.count("Inspection of Bournemouth, Christchurch and Poole local authority children's services") == 1
    assert re.search(r"^2 to 13 December 2024 \d+$", text, re.MULTILINE) is None
    for finding in (
        "1. Children in BCP receive good help and protection when it is needed",
        "63. Strengthening and stabilising the workforce is a priority for leaders in BCP",
        "What needs to improve?",
        "The experiences and progress of care leavers: requires improvement to be good",
    ):
        assert finding in text
    assert pages[0].number == 1 and pages[-1].number == 10  # page 11 is back matter only


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in corpus_sources() if n.endswith(".pdf")])
def test_no_running_furniture_left_in_any_corpus_pdf(name: str):
    pages = cleaned(name)
    assert pages, name
    edges: dict[str, int] = {}
    for page in pages:
        blocks = [b for b in page.text.split("\n") if b.strip()]
        for block in {re.sub(r"\d+", "#", b) for b in blocks[:1] + blocks[-1:]}:
            edges[block] = edges.get(block, 0) + 1
    assert [b for b, n in edges.items() if n >= 3] == []
    text = _text(pages)
    assert "Piccadilly Gate" not in text and "enquiries@ofsted.gov.uk" not in text
    assert re.search(r"^\d{1,3}$", text, re.MULTILINE) is None  # no bare page numbers
    # Cleaning keeps the words: at least 85% of the raw page text survives (furniture is small).
    raw = sum(len(re.sub(r"\s+", "", t)) for _, t in raw_pages(name))
    assert len(re.sub(r"\s+", "", text)) >= 0.85 * raw
