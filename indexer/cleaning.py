"""Cleaning raw page text into the text we index and cite.

PDF text from pypdf is a stream of layout lines: running headers and footers, page numbers,
Ofsted's address block and licence boilerplate sit among the sentences, and paragraphs are
broken at the layout width. PDF cleaning removes the furniture (repeated lines found across
pages, plus a few known Ofsted blocks) and rebuilds paragraphs, keeping headings, bullet items
and Ofsted's paragraph numbers on lines of their own. Text files are already laid out by a person,
so they get light cleaning only: the same character normalisation and boilerplate removal, with
their lines kept as they are.

The output keeps one logical block (heading, paragraph, bullet item, table row) per line, blocks
separated by a blank line except consecutive list items, which stay on adjacent lines.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from indexer.types import Page

# ---------------------------------------------------------------- characters

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u00ad": "",  # hyphen, non-breaking hyphen, soft hyphen
        "\t": " ", "\u200b": "", "\ufeff": "",
    }
)
# Glyphs PDFs use for list bullets, including Symbol/Wingdings code points in the private-use area.
_BULLETS = "◼■▪●•◦‣∙·\uf0b7\uf06e\uf02d\uf0a7\uf0d8\uf076\uf0fc\uf0a8"
_BULLET_LINE = re.compile(rf"^[{_BULLETS}]\s*")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalise_line(line: str) -> str:
    """One line with typographic quotes, odd spaces and bullet glyphs made plain.

    Plain apostrophes and "- " bullets make the PDF and a typed copy of the same report read
    the same, and keep keyword search from treating "children's" and "children’s" as different.
    """
    line = unicodedata.normalize("NFKC", line).translate(_CHAR_MAP)
    line = _BULLET_LINE.sub("- ", line.strip())
    line = _PRIVATE_USE.sub("", line)
    return _SPACES.sub(" ", line).strip()


# ---------------------------------------------------------------- known Ofsted furniture

# Lines of Ofsted's address and contact block (letterheads and the back page), matched whole.
_ADDRESS_LINES = re.compile(
    r"^(?:"
    r"piccadilly (?:gate|place)|store st(?:reet)?|4th floor|manchester(?: m1 \w{3})?|m1 \w{3}|"
    r"t:? ?0300 ?123 ?(?:1231|4234)|textphone:? ?0161 ?618 ?8524|"
    r"(?:e:? ?)?enquiries@ofsted\.gov\.uk|(?:w:? ?)?www\.gov\.uk/(?:ofsted|government/organisations/ofsted)|"
    r"(?:w:? ?|website:? ?)www\.ofsted\.gov\.uk|© crown copyright(?: \d{4})?|insert la address"
    r")$",
    re.IGNORECASE,
)

# Blocks of boilerplate that say nothing about the authority inspected, matched by how they begin.
_BOILERPLATE_BLOCKS = re.compile(
    r"^(?:"
    r"the office for standards in education, children's services and skills \(ofsted\) regulates|"
    r"if you would like a copy of this document in a different format|"
    r"you may reuse this information \(not including logos\)|"
    r"you may copy all or parts of this document|"
    r"this (?:report|publication|document) is available at|"
    r"interested in our work\?|"
    r"to receive regular email alerts about new publications|"
    r"this document may be reproduced in whole or in part|"
    r"further copies of this report are obtainable|"
    r"any complaints about the inspection or the report should be made|"
    r"if you are not happy with the inspection or the report, you can complain"
    r")",
    re.IGNORECASE,
)

# The back matter starts here and runs to the end of its page.
_BACK_MATTER_START = re.compile(
    r"^the office for standards in education, children's services and skills \(ofsted\) regulates", re.IGNORECASE
)

_PAGE_NUMBER = re.compile(r"^(?:page )?(\d{1,3})(?: of \d{1,3})?$", re.IGNORECASE)
_CONTENTS_ENTRY = re.compile(r"\D \d{1,3}$")

# ---------------------------------------------------------------- block structure

_PARA_NUMBER = re.compile(r"^\d{1,3}\.(?:\d{1,2}\.?)?(?: |$)")  # "12. Children …", "2.1 Adoption …", "12."
_PARA_NUMBER_ALONE = re.compile(r"^\d{1,3}\.$")
_BULLET = re.compile(r"^- ")
_GRADE_ONLY = re.compile(r"^(?:outstanding|good|requires improvement(?: to(?: be good)?)?|inadequate)$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;]['\")\]]*$")
_CONTINUES = re.compile(
    r"(?:,|\b(?:and|or|of|the|to|in|for|with|a|an|by|on|at|from|that|which|who|their|its|is|are|was|were|as|be|but|than|into|under|about))$",
    re.IGNORECASE,
)
_HYPHEN_END = re.compile(r"([A-Za-z0-9]+)-$")
_WORD_START = re.compile(r"^([A-Za-z]+)")

# A line shorter than this share of the document's usual full line ends its paragraph or is a heading.
SHORT_LINE_RATIO = 0.75
# Lines this close to the top or bottom of a page are where headers and footers live.
EDGE_LINES = 4


def clean_pages(raw: list[tuple[int, str]], is_pdf: bool) -> list[Page]:
    """Cleaned pages, in order; pages left empty by cleaning are dropped (numbers are kept)."""
    if not is_pdf:
        pages = [Page(number, _clean_typed_text(text)) for number, text in raw]
    else:
        pages = _clean_pdf(raw)
    return [p for p in pages if p.text]


# ---------------------------------------------------------------- text files


def _clean_typed_text(text: str) -> str:
    lines = [normalise_line(line) for line in text.splitlines()]
    lines = _drop_address_lines(lines)
    lines = _drop_back_matter(lines)
    # Blocks are runs of lines between blank lines, as the author laid them out.
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    kept = [b for b in blocks if not _BOILERPLATE_BLOCKS.match(b[0])]
    return "\n\n".join("\n".join(b) for b in kept)


# ---------------------------------------------------------------- PDFs


def _clean_pdf(raw: list[tuple[int, str]]) -> list[Page]:
    pages = [(number, [normalise_line(line) for line in text.splitlines()]) for number, text in raw]
    furniture = repeated_edge_lines([lines for _, lines in pages])
    stripped = []
    for number, lines in pages:
        lines = _drop_edge_furniture(lines, number, furniture)
        lines = _drop_address_lines(lines)
        lines = _drop_contents(lines)
        lines = _drop_back_matter(lines)
        stripped.append((number, lines))
    width = _full_line_width(line for _, lines in stripped for line in lines)
    vocabulary = _vocabulary(line for _, lines in stripped for line in lines)
    cleaned = []
    for number, lines in stripped:
        blocks = [b for b in _join_lines(lines, width, vocabulary) if not _BOILERPLATE_BLOCKS.match(b)]
        cleaned.append(Page(number, _render(blocks)))
    return cleaned


def _line_key(line: str) -> str:
    """A line with its numbers masked, so "2 to 13 December 2024 3" and "… 4" count as one line."""
    return re.sub(r"\d+", "#", line.lower())


def _edge_positions(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def repeated_edge_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines found near the top or bottom of many pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_line_key(lines[i]) for i in _edge_positions(lines)})
    need = max(3, math.ceil(0.3 * len(pages)))
    # A paragraph number alone ("#.") can sit at a page edge on many pages and is content.
    return {key for key, n in counts.items() if n >= need and key not in {"#.", "- "}}


def _drop_edge_furniture(lines: list[str], page_number: int, furniture: set[str]) -> list[str]:
    edges = set(_edge_positions(lines))
    kept = []
    for i, line in enumerate(lines):
        if i in edges and line:
            if _line_key(line) in furniture:
                continue
            m = _PAGE_NUMBER.match(line)
            # Cover pages are often unnumbered, so printed numbers may lag the PDF's by a page or two.
            if m and abs(int(m.group(1)) - page_number) <= 2:
                continue
        kept.append(line)
    return kept


def _drop_address_lines(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _ADDRESS_LINES.match(line):
            continue
        if line.lower() == "ofsted":
            # The letterhead's name line, directly above the address.
            following = next((x for x in lines[i + 1 :] if x), "")
            if _ADDRESS_LINES.match(following):
                continue
        kept.append(line)
    return kept


def _drop_contents(lines: list[str]) -> list[str]:
    """A table of contents ("Summary of key findings 3") is navigation, not findings.

    Found as a run of at least four lines that each end in a page number, the numbers never
    going down, with or without a "Contents" heading above (it may sit on the page before).
    """
    kept: list[str] = []
    i = 0
    while i < len(lines):
        j, numbers = i, []
        while j < len(lines):
            if lines[j] and _CONTENTS_ENTRY.search(lines[j]):
                numbers.append(int(lines[j].rsplit(" ", 1)[1]))
            elif lines[j] and not (numbers and j + 1 < len(lines) and _CONTENTS_ENTRY.search(lines[j + 1])):
                break  # neither an entry nor the first line of one wrapped over two lines
            j += 1
        if len(numbers) >= 4 and numbers == sorted(numbers):
            if kept and kept[-1].lower() in {"contents", "contents page", "table of contents"}:
                kept.pop()
            i = j
            continue
        kept.append(lines[i])
        i += 1
    return [line for line in kept if line.lower() not in {"contents", "table of contents"}]


def _drop_back_matter(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _BACK_MATTER_START.match(line):
            return lines[:i]
    return lines


def _full_line_width(lines: Iterable[str]) -> int:
    """The length of a full body line: the 90th percentile of line lengths."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return 80
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])


def _vocabulary(lines: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line))
    return words


def _join_hyphenated(previous: str, following: str, vocabulary: set[str]) -> str:
    """Join "well-" + "attended" as "well-attended", but "assess-" + "ment" as "assessment".

    Reports rarely hyphenate words to fit a line, so a hyphen at a line end is kept unless the
    document itself spells the joined word without it elsewhere.
    """
    head = _HYPHEN_END.search(previous)
    tail = _WORD_START.match(following)
    if head and tail:
        joined = (head.group(1) + tail.group(1)).lower()
        hyphenated = f"{head.group(1)}-{tail.group(1)}".lower()
        if joined in vocabulary and hyphenated not in vocabulary:
            return previous[:-1] + following
    return previous + following


def _continues(previous: str, following: str, width: int) -> bool:
    """Whether ``following`` carries on the paragraph that ``previous`` (a layout line) is in."""
    first = following[0]
    short = SHORT_LINE_RATIO * width
    if _CONTINUES.search(previous) or first.islower() or first in "([":
        return True
    if len(following) < short and not following.endswith("."):
        # A short capitalised line without a full stop is a heading or a table cell, not the
        # tail of a sentence (which ends with one).
        return False
    if _ENDS_SENTENCE.search(previous):
        # A sentence ending on a short line ends the paragraph; on a full line it may not.
        return len(previous) >= short and not first.isdigit()
    # A short line with no closing punctuation, followed by a capital, is a heading or a table cell.
    return len(previous) >= short


def _join_lines(lines: list[str], width: int, vocabulary: set[str]) -> list[str]:
    blocks: list[str] = []
    current = ""  # the block being built
    last_line = ""  # its last layout line, which decides whether the next one continues it
    force_join = False
    for line in lines:
        if not line:
            if current and not _PARA_NUMBER_ALONE.match(current):
                blocks.append(current)
                current, last_line = "", ""
            continue
        starts_item = bool(_PARA_NUMBER.match(line) or _BULLET.match(line))
        if current and force_join:
            current = f"{current} {line}"
        elif _GRADE_ONLY.match(line) and (current or blocks) and not _ENDS_SENTENCE.search(current or blocks[-1]):
            # A grade cell belongs on its judgement's row, even when a blank line comes between.
            if current:
                current = f"{current} {line}"
            else:
                current = f"{blocks.pop()} {line}"
        elif current and not starts_item and last_line.endswith("-") and line[0].isalnum():
            current = _join_hyphenated(current, line, vocabulary)
        elif current and not starts_item and _continues(last_line, line, width):
            current = f"{current} {line}"
        else:
            if current:
                blocks.append(current)
            current = line
        force_join = bool(_PARA_NUMBER_ALONE.match(line))
        last_line = line
    if current:
        blocks.append(current)
    return blocks


def _render(blocks: list[str]) -> str:
    parts: list[str] = []
    for i, block in enumerate(blocks):
        if i:
            both_items = _BULLET.match(block) and _BULLET.match(blocks[i - 1])
            parts.append("\n" if both_items else "\n\n")
        parts.append(block)
    return "".join(parts)
