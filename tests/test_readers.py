"""Reading corpus files: real PDFs keep their pages; bad files raise UnreadableDocument with a reason."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pypdf
import pytest

from indexer.readers import SUPPORTED_SUFFIXES, UnreadableDocument, is_document_file, read_raw_pages
from corpus_files import CORPUS

LETTER = CORPUS / "bcp_ilacs-focused-visit_2019-11_pub-2019-12-18.pdf"


def _pdf_bytes(writer: pypdf.PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _one_real_page() -> pypdf.PdfWriter:
    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(LETTER).pages[0])
    return writer


def _reason(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as info:
        read_raw_pages(path)
    return str(info.value)


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == frozenset({".pdf", ".txt", ".md"})


def test_is_document_file_skips_notes_hidden_files_and_the_corpus_own_files(tmp_path: Path):
    files = {
        "report.pdf": True,
        "letter.txt": True,
        "notes/slides.md": True,
        "draft.docx": True,  # unsupported, but reported by the build rather than silently left out
        "_about/SOURCES.md": False,
        "_draft.txt": False,
        ".hidden.txt": False,
        ".cache/x.pdf": False,
        "sub/_old/report.pdf": False,
        "manifest.json": False,
        "authorities.json": False,
    }
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "folder.pdf").mkdir()
    for name, expected in files.items():
        assert is_document_file(tmp_path / name, tmp_path) is expected, name
    assert not is_document_file(tmp_path / "folder.pdf", tmp_path)


def test_real_pdf_keeps_page_numbers_and_raw_text():
    pages = read_raw_pages(LETTER)
    assert [n for n, _ in pages] == list(range(1, len(pypdf.PdfReader(LETTER).pages) + 1))
    assert len(pages) == 4
    # Reading does not clean: the letterhead is still there.
    assert "Piccadilly Gate" in pages[0][1]
    assert "permanence for children in care" in pages[0][1]


def test_text_file_is_one_page_and_a_byte_order_mark_is_dropped(tmp_path: Path):
    path = tmp_path / "note.md"
    path.write_bytes("\ufeff# Heading\n\nChildren’s services.\n".encode("utf-8"))
    assert read_raw_pages(path) == [(1, "# Heading\n\nChildren’s services.\n")]


def test_passed_bytes_are_used_instead_of_reading_the_file(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("on disk", encoding="utf-8")
    assert read_raw_pages(path, b"given") == [(1, "given")]


def test_truncated_pdf(tmp_path: Path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(LETTER.read_bytes()[:3000])
    assert _reason(path).startswith("corrupt PDF: ")


def test_html_error_page_saved_as_pdf(tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    assert _reason(path) == "corrupt PDF: no PDF header"


def test_encrypted_pdf(tmp_path: Path):
    writer = _one_real_page()
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf_bytes(writer))
    assert _reason(path) == "encrypted PDF"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path, algorithm: str):
    """Restricting editing is not locking the text: anyone can open such a PDF, and so do we."""
    if algorithm.startswith("AES"):
        pytest.importorskip("cryptography")
    writer = _one_real_page()
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_pdf_bytes(writer))
    pages = read_raw_pages(path)
    assert len(pages) == 1 and "Piccadilly Gate" in pages[0][1]


def test_image_only_pdf(tmp_path: Path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf_bytes(writer))
    assert _reason(path) == "no extractable text (image-only PDF?)"


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.md"])
def test_empty_file(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(b"")
    assert _reason(path) == "empty file"


def test_whitespace_only_text_counts_as_empty(tmp_path: Path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\n\t\n")
    assert _reason(path) == "empty file"


def test_latin1_text_file(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Children’s services cost £7.5 million".encode("cp1252"))
    assert _reason(path) == "not UTF-8 text"


@pytest.mark.parametrize("name, reason", [("report.docx", "unsupported file type .docx"), ("README", "unsupported file type (no extension)")])
def test_unsupported_type(tmp_path: Path, name: str, reason: str):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 not a document we read")
    assert _reason(path) == reason


def test_a_bad_file_leaves_the_file_untouched(tmp_path: Path):
    path = tmp_path / "truncated.pdf"
    data = LETTER.read_bytes()[:3000]
    path.write_bytes(data)
    _reason(path)
    assert path.read_bytes() == data


def test_pypdf_noise_is_kept_below_warning_level(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    """pypdf warns about each flaw it recovers from; the user should see only our one-line reason."""
    data = bytearray(LETTER.read_bytes())
    # Break the cross-reference table so pypdf has to rebuild it (and would warn about it).
    start = data.rfind(b"startxref")
    data[start + 10 : start + 16] = b"999999"
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.DEBUG):
        try:
            read_raw_pages(path)
        except UnreadableDocument:
            pass
    noisy = [r for r in caplog.records if r.name.startswith("pypdf") and r.levelno >= logging.WARNING]
    assert not noisy, [r.getMessage() for r in noisy]
    # The level we set for the duration of the read is restored afterwards.
    assert logging.getLogger("pypdf").level == logging.NOTSET
