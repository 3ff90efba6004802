"""Cutting a document's cleaned text into passages a reader can check at a glance.

Pure: pages in, chunks out. Every chunk is an exact slice of ``document_text(pages)``
(``text[c.start:c.end] == c.text``), carries the page it starts on, the Ofsted paragraph number
it starts in, and the nearest heading above it. Chunks follow the document's own structure:
headings start a new chunk and are folded into it; paragraphs are kept whole where they fit and
split at sentence boundaries (never mid-word) where they do not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from indexer.metadata import passage_date
from indexer.settings import Settings
from indexer.types import Chunk, Document, Page, content_hash

# Bump when the chunking rules change: an index built by other rules must be rebuilt.
CHUNKER_VERSION = "3"

PAGE_SEPARATOR = "\n\n"

_PARA_NUMBER = re.compile(r"^(\d{1,3})\.(?:\d{1,2}\.?)?(?: |$)")
_BULLET = re.compile(r"^[-*] ")
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\")\]]*$")
_GRADE_WORDS = r"(?:outstanding|good|requires improvement(?: to be good)?|inadequate)"
_GRADE_ROW = re.compile(rf".+ {_GRADE_WORDS}$", re.IGNORECASE)
_JUDGEMENT_HEADING = re.compile(rf".+: {_GRADE_WORDS}$", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"^judgement grade$", re.IGNORECASE)
# A full stop after these is not the end of a sentence.
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No|para|paras|p|pp|vs|cf|approx)\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]['\")\]]*(?=\s+['\"(\[]?[A-Z0-9])")

# A footnote's mark after a question heading: "What needs to improve in this area of social work practice?1".
_FOOTNOTE_MARK = re.compile(r"(?<=\?)\d{1,2}$")

_ABOUT_EVENT = re.compile(r"\b(?:inspection|visit)\b", re.IGNORECASE)

MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 16


def document_text(pages: list[Page]) -> str:
    """The text chunk offsets refer to: the cleaned pages joined with a blank line."""
    return PAGE_SEPARATOR.join(p.text for p in pages)


@dataclass(frozen=True)
class _Piece:
    """A span of the document text: a heading, a paragraph, or part of a long paragraph."""

    start: int
    end: int
    heading: bool
    paragraph: int | None  # the Ofsted paragraph number this span belongs to


def is_heading(line: str) -> bool:
    """A line that names a section rather than says something: short, capitalised, no full stop."""
    line = line.strip()
    if not (3 <= len(line) <= MAX_HEADING_CHARS) or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if not line[0].isupper() or _BULLET.match(line) or _PARA_NUMBER.match(line):
        return False
    if line.endswith((".", ",", ";")) or line.startswith("Dear "):
        return False
    if _TABLE_HEADER.match(line):
        return False
    if _JUDGEMENT_HEADING.match(line):
        return True  # "The experiences and progress of care leavers: good"
    if ":" in line.rstrip(":"):
        return False  # "Inspection dates: …", "Lead inspector: …" are facts, not section names
    if _GRADE_ROW.match(line):
        return False  # a row of the judgement table
    if any(ch.isdigit() for ch in _FOOTNOTE_MARK.sub("", line)) and len(line.split()) >= 6:
        return False  # "The inspection took place between 16th and 27th July 2018" is a statement
    return True


def chunk_document(document: Document, pages: list[Page], settings: Settings) -> list[Chunk]:
    """Chunks of the document in reading order, covering all of its text."""
    text = document_text(pages)
    page_starts = _page_starts(pages)
    pieces = _pieces(text, settings)
    spans = _pack(text, pieces, settings)
    chunks = []
    inherited: tuple[str, str | None] | None = None  # (section, date) a dated section passes on
    for first, last in spans:
        start, end = pieces[first].start, pieces[last].end
        chunk_text = text[start:end]
        section = _section(text, pieces, first)
        about = passage_date(chunk_text, document)
        if pieces[first].heading:
            # A section about an inspection or visit ("Inspection of Bournemouth's children's
            # services") is about the date its opening passage gives, to its end.
            inherited = (section, about) if section and _ABOUT_EVENT.search(section) else None
        elif about is None and inherited and inherited[0] == section:
            about = inherited[1]
        chunks.append(
            Chunk(
                id=content_hash(f"{document.id}:{start}:{chunk_text}"),
                doc_id=document.id,
                text=chunk_text,
                page=pages[bisect.bisect_right(page_starts, start) - 1].number if pages else None,
                paragraph=_paragraph(pieces[first : last + 1]),
                section=section,
                start=start,
                end=end,
                about_date=about,
            )
        )
    return chunks


def _page_starts(pages: list[Page]) -> list[int]:
    starts, offset = [], 0
    for p in pages:
        starts.append(offset)
        offset += len(p.text) + len(PAGE_SEPARATOR)
    return starts


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding spaces excluded."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            start = m.start() + (len(raw) - len(raw.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def _pieces(text: str, settings: Settings) -> list[_Piece]:
    """Headings and paragraphs in order, long paragraphs split to fit a chunk."""
    paragraphs: list[tuple[int, int, bool, int | None]] = []
    for start, end in _lines(text):
        line = text[start:end]
        if paragraphs:
            p_start, p_end, p_heading, p_number = paragraphs[-1]
            previous = text[p_start:p_end]
            # A sentence broken by a page or a blank line continues in lower case.
            if not p_heading and not _ENDS_SENTENCE.search(previous) and line[0].islower():
                paragraphs[-1] = (p_start, end, False, p_number)
                continue
        m = _PARA_NUMBER.match(line)
        heading = is_heading(line)
        paragraphs.append((start, end, heading, int(m.group(1)) if m else None))
    pieces = []
    for start, end, heading, number in paragraphs:
        if heading or end - start <= settings.chunk_max_chars:
            pieces.append(_Piece(start, end, heading, number))
        else:
            for s, e in split_span(text, start, end, settings.chunk_target_chars):
                pieces.append(_Piece(s, e, False, number))
    return pieces


def split_span(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Cut text[start:end] into spans of at most ``limit`` characters at sentence ends where
    possible, else at spaces; never inside a word. Spans exclude the whitespace between them."""
    parts = []
    while end - start > limit:
        window = text[start : start + limit + 1]
        cut = _last_sentence_end(window, minimum=limit // 3)
        if cut is None:
            space = window.rfind(" ", limit // 3)
            cut = space if space > 0 else window.find(" ") if " " in window else len(window)
            if cut <= 0:
                # One unbroken token longer than the limit: take it whole rather than cut a word.
                nxt = text.find(" ", start, end)
                cut = (nxt - start) if nxt > 0 else end - start
        piece_end = start + cut
        parts.append((start, _rstrip(text, start, piece_end)))
        start = _lstrip(text, piece_end, end)
        if start >= end:
            break
    if start < end:
        parts.append((start, end))
    return [(s, e) for s, e in parts if e > s]


def _last_sentence_end(window: str, minimum: int) -> int | None:
    best = None
    for m in _SENTENCE_END.finditer(window):
        if m.end() < minimum:
            continue
        if _ABBREVIATIONS.search(window[: m.start() + 1]):
            continue
        best = m.end()
    return best


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _pack(text: str, pieces: list[_Piece], settings: Settings) -> list[tuple[int, int]]:
    """Group consecutive pieces into chunks: (first piece index, last piece index) pairs."""
    target, most, least = settings.chunk_target_chars, settings.chunk_max_chars, settings.chunk_min_chars
    spans: list[tuple[int, int]] = []
    first = None
    for i, piece in enumerate(pieces):
        if first is None:
            first = i
            continue
        size_now = pieces[i - 1].end - pieces[first].start
        size_with = piece.end - pieces[first].start
        only_headings = all(p.heading for p in pieces[first:i])
        if piece.heading and not pieces[i - 1].heading:
            # A new section starts a new chunk, unless what we have is too small to stand alone.
            if size_now >= least or size_with > most:
                spans.append((first, i - 1))
                first = i
            continue
        fits = size_with <= target or ((size_now < least or only_headings) and size_with <= most)
        if not fits:
            spans.append((first, i - 1))
            first = i
    if first is not None:
        spans.append((first, len(pieces) - 1))
    return _merge_small(pieces, spans, settings)


def _merge_small(pieces: list[_Piece], spans: list[tuple[int, int]], settings: Settings) -> list[tuple[int, int]]:
    """Fold a chunk below the minimum into a neighbour when the result stays within the maximum."""
    merged: list[tuple[int, int]] = []
    for span in spans:
        size = pieces[span[1]].end - pieces[span[0]].start
        if merged:
            prev = merged[-1]
            prev_size = pieces[prev[1]].end - pieces[prev[0]].start
            together = pieces[span[1]].end - pieces[prev[0]].start
            ends_in_heading = pieces[prev[1]].heading
            if (size < settings.chunk_min_chars or prev_size < settings.chunk_min_chars or ends_in_heading) and (
                together <= settings.chunk_max_chars
            ):
                merged[-1] = (prev[0], span[1])
                continue
        merged.append(span)
    return merged


def _paragraph(pieces: list[_Piece]) -> int | None:
    """The numbered paragraph the chunk starts in, else the first one that starts inside it."""
    for p in pieces:
        if p.paragraph is not None:
            return p.paragraph
    return None


def _section(text: str, pieces: list[_Piece], first: int) -> str | None:
    """The heading in force where the chunk's content starts (a heading it opens with counts)."""
    i = first
    while i + 1 < len(pieces) and pieces[i].heading and pieces[i + 1].heading:
        i += 1
    for j in range(i, -1, -1):
        if pieces[j].heading:
            return text[pieces[j].start : pieces[j].end]
    return None
