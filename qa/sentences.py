"""Split a passage into answer-sized units: sentences, bullets, and grade statements.

Ofsted prose needs more than a full-stop split: numbered paragraphs ("39. Most care leavers…"),
abbreviations ("e.g.", "Mr.", "No."), bullet lists, slide text without full stops, hard-wrapped
PDF lines, paragraphs broken across pages, and grade-table rows ("The experiences and progress of
care leavers<TAB>Requires improvement to be good"), which are the best answer to a grade question.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

UnitKind = Literal["sentence", "bullet", "grade", "heading"]

GRADES = ("Requires improvement to be good", "Requires improvement", "Outstanding", "Inadequate", "Good")
_GRADE_ALT = "|".join(re.escape(g) for g in GRADES)
# A judgement heading or table row: the judgement area, then its grade, at the end of the line.
_GRADE_ROW = re.compile(
    rf"^(?P<area>(?:The (?:impact|experiences|effectiveness|overall judgement)|Our overall judgement|Overall effectiveness|Help and protection|"
    rf"Children (?:looked after|in care|who need)|Care leavers|Adoption|Leadership|Leaders|Experiences and progress|"
    rf"Children's services in )[^\n]{{0,160}}?)"
    rf"\s*:?\s+(?P<grade>{_GRADE_ALT})\s*\.?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-–•●▪◦*]|o(?=\s)|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(?=\S)")
# The number of a row in an older report's judgement table: "1. Children who need help and protection
# Inadequate", "2.1 Adoption performance Requires improvement".
_ROW_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})?\.?\s+(?=\S)")
_TERMINAL = ('.', '!', '?', '."', '.”', ".'", ".’", '?”', '!”', ':', ';')
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "e.g i.e etc al cf vs approx mr mrs ms dr prof st no nos para paras p pp fig cllr inc ltd co jan feb mar apr "
    "jun jul aug sep sept oct nov dec hon rt gov dept".split()
)
_ASIDE = re.compile(r"(?:[(\[][^()\[\]]*[)\]]\s*)+[.;]?")  # "(Outcome four)", "(Outcome four) [3]."
_SPLIT = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Unit:
    text: str  # whitespace-normalised
    kind: UnitKind
    index: int  # position in the passage, 0-based
    paragraph: int | None = None  # Ofsted's paragraph number the unit sits in, where given
    heading: str | None = None  # the nearest heading above it in the passage ("What needs to improve?")


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def grade_of(line: str) -> tuple[str, str] | None:
    """(judgement area, grade) when ``line`` is a grade-table row or judgement heading."""
    s = normalise_space(line)
    m = _GRADE_ROW.match(s) if len(s) <= 220 else None
    if not m or "." in m.group("area"):
        return None
    return normalise_space(m.group("area")).rstrip(":").strip(), m.group("grade")


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line without terminal punctuation, followed by a break or a capitalised line."""
    words = line.split()
    if not words or len(words) > 14 or ends_sentence(line) or line.endswith(","):
        return False
    if words[-1].lower() in _CONNECTORS or (next_line and next_line[:1].islower()):
        return False  # a sentence carrying on to the next line or page
    return next_line is None or next_line == "" or next_line[:1].isupper() or bool(_NUMBERED.match(next_line))


_CONNECTORS = frozenset("and or but of the a an to in for with by on at as that which who from".split())


def _carries_on(text: str, next_line: str | None) -> bool:
    """Whether a paragraph without a full stop goes on after a blank line (a page break mid-sentence)
    rather than ending there (a title-page line: "Inspection date: 18 March 2014")."""
    if next_line is None:
        return False
    words = text.split()
    return (
        next_line[:1].islower()
        or text.endswith((",", "-", "–"))
        or bool(words and words[-1].lower() in _CONNECTORS)
        or text.count("(") > text.count(")")  # "(Outcome 3, National" / "Framework)" across a break
    )


def _blocks(text: str) -> list[tuple[str, str, int | None]]:
    """Lines regrouped into (kind, text, paragraph number) blocks, undoing hard wraps and page breaks."""
    lines = [ln.rstrip() for ln in text.replace("\r", "").split("\n")]
    blocks: list[list] = []  # [kind, text, paragraph]
    open_block: list | None = None
    for i, raw in enumerate(lines):
        line = raw.strip()
        nxt = next((ln.strip() for ln in lines[i + 1 : i + 3] if ln.strip()), None)
        if not line:
            # A blank line closes a paragraph unless the text carries on mid-sentence (a page break):
            # the paragraph stops on a connector or comma, or the next line goes on in lower case.
            if open_block is not None and (ends_sentence(open_block[1]) or not _carries_on(open_block[1], nxt)):
                open_block = None
            continue
        # A table row has no full stop; a numbered paragraph that happens to end in a grade word has.
        row = line if grade_of(line) else _ROW_NUMBER.sub("", line) if not line.endswith(".") else ""
        if row and grade_of(row):
            blocks.append(["grade", row, None])
            open_block = None
            continue
        if _BULLET.match(line):
            item = line
            while _BULLET.match(item):  # nested markers: "- d) Improving…"
                item = _BULLET.sub("", item, count=1)
            open_block = ["bullet", item, None]
            blocks.append(open_block)
            continue
        num = _NUMBERED.match(line)
        if num:
            open_block = ["para", line[num.end() :], int(num.group(1))]
            blocks.append(open_block)
            continue
        continues = open_block is not None and (not ends_sentence(open_block[1]) or line[:1].islower())
        if continues and not (open_block[0] == "bullet" and line[:1].isupper() and ends_sentence(open_block[1])):
            open_block[1] = f"{open_block[1]} {line}"
            continue
        if _is_heading(line, nxt):
            blocks.append(["heading", line, None])
            open_block = None
            continue
        open_block = ["para", line, None]
        blocks.append(open_block)
    return [(k, normalise_space(t), p) for k, t, p in blocks]


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, keeping abbreviations ("e.g.", "Mr.") and initials intact."""
    text = normalise_space(text)
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        end = m.end(1)  # keep closing quotes/brackets with the sentence
        candidate = text[start:end]
        last_word = re.split(r"[\s(\"“]", candidate.rstrip(".!?\"'”’)]"))[-1]
        token = last_word.lower().rstrip(".")
        if candidate.rstrip("\"'”’)]").endswith(".") and (
            token in ABBREVIATIONS or (len(last_word) == 1 and last_word.isupper())
        ):
            continue  # "e.g. Children", "J. Smith"
        out.append(candidate.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    # "… are parents. (Outcome four, National Framework)": a bracketed note belongs to the sentence before it.
    merged: list[str] = []
    for piece in out:
        if merged and _ASIDE.fullmatch(piece):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


_QUESTION_LINE = re.compile(r"(.+\?)\d{0,2}")


def units(text: str) -> list[Unit]:
    """Every answer-sized unit of a passage, in order."""
    result: list[Unit] = []
    heading: str | None = None
    for kind, block, para in _blocks(text):
        if kind == "grade":
            area, grade = grade_of(block) or (block, "")
            joined = f"{area} {grade}" if re.search(r"\b(?:is|was|are)$", area) else f"{area}: {grade}"  # "The overall judgement is Inadequate"
            result.append(Unit(joined, "grade", len(result), para, heading))
        elif kind == "heading":
            result.append(Unit(block, "heading", len(result), para, heading))
            heading = block
        else:
            sentences = split_sentences(block)
            # A lone question line ("What needs to improve?", or "…improve?1" with a footnote mark)
            # heads the list that follows it.
            question = _QUESTION_LINE.fullmatch(sentences[0]) if kind == "para" and len(sentences) == 1 else None
            if question and len(sentences[0].split()) <= 12:
                result.append(Unit(question.group(1), "heading", len(result), para, heading))
                heading = question.group(1)
                continue
            for s in sentences:
                result.append(Unit(s, "bullet" if kind == "bullet" else "sentence", len(result), para, heading))
            if kind == "para" and sentences and sentences[-1].endswith(":"):
                heading = sentences[-1]  # "…with a particular focus on the:" introduces the list below
    return result
