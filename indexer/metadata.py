"""Document metadata: the corpus manifest, detection from the text, and passage dates.

The manifest (``corpus/manifest.json``) is the curated record; detection fills in documents the
manifest does not list, and any field the manifest entry leaves out. Detection reads what Ofsted
prints: the title and judgement table, "Inspection dates: …", a letter's date and "on 4 and 5
October 2022", "His Majesty's Inspector". A news story or a council's slides lack those marks and
count as secondary sources.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date
from pathlib import Path, PurePosixPath

from indexer.authorities import AuthorityTable
from indexer.types import DOC_TYPES, Document, Page, content_hash

log = logging.getLogger(__name__)

MANIFEST_VERSION = 1
MANIFEST_FIELDS = ("title", "authority", "doc_type", "source_kind", "published", "period_start", "period_end", "grades", "publisher")

MONTHS = {
    m: i
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
        start=1,
    )
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}

# How much of the document's opening detection reads: the title page and the letter head.
HEAD_CHARS = 4000


# ---------------------------------------------------------------- the manifest


def load_manifest(path: Path) -> dict[str, dict]:
    """Entries by source (path relative to the corpus, forward slashes); a missing file gives {}."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise ValueError(f'{path}: expected {{"version": {MANIFEST_VERSION}, "documents": {{source: entry}}}}')
    entries: dict[str, dict] = {}
    for source, entry in data["documents"].items():
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: the entry for {source!r} is not an object")
        unknown = set(entry) - set(MANIFEST_FIELDS) - {"note"}
        if unknown:
            raise ValueError(f"{path}: the entry for {source!r} has unknown fields {sorted(unknown)}")
        if "doc_type" in entry and entry["doc_type"] not in DOC_TYPES:
            raise ValueError(f"{path}: the entry for {source!r} has doc_type {entry['doc_type']!r}; use one of {list(DOC_TYPES)}")
        if "source_kind" in entry and entry["source_kind"] not in ("primary", "secondary"):
            raise ValueError(f"{path}: the entry for {source!r} has source_kind {entry['source_kind']!r}; use primary or secondary")
        if entry.get("publisher") is not None and not (isinstance(entry["publisher"], str) and entry["publisher"].strip()):
            raise ValueError(f"{path}: the entry for {source!r} has publisher {entry['publisher']!r}; use the publisher's name")
        entries[str(PurePosixPath(source))] = entry
    return entries


def make_document(source: str, data: bytes, pages: list[Page], entry: dict | None, table: AuthorityTable) -> Document:
    """A Document: id from the file's bytes, detected metadata overridden field by field by the manifest."""
    fields = detect_metadata(source, pages, table)
    for name in MANIFEST_FIELDS:
        if entry and entry.get(name) is not None:
            fields[name] = entry[name]
    if fields["authority"] not in table.ids():
        log.warning("%s: authority %r is not in the authority table", source, fields["authority"])
    return Document(
        id=content_hash(data),
        source=source,
        title=fields["title"],
        authority=fields["authority"],
        doc_type=fields["doc_type"],
        source_kind=fields["source_kind"],
        published=fields["published"],
        period_start=fields["period_start"],
        period_end=fields["period_end"],
        grades=dict(fields["grades"] or {}),
        publisher=fields.get("publisher"),
    )


# ---------------------------------------------------------------- detection


def detect_metadata(source: str, pages: list[Page], table: AuthorityTable) -> dict:
    """Metadata read from the document itself (and, as a last resort, its file name)."""
    head = "\n".join(p.text for p in pages)[:HEAD_CHARS]
    authority = detect_authority(head, source, table)
    kind = detect_source_kind(head)
    doc_type = detect_doc_type(head, kind)
    period_start, period_end = detect_period(head)
    published = detect_published(head, source)
    grades = detect_grades("\n".join(p.text for p in pages))
    return {
        "title": make_title(doc_type, authority, period_start or published, table, source),
        "authority": authority,
        "doc_type": doc_type,
        "source_kind": kind,
        "published": published,
        "period_start": period_start,
        "period_end": period_end,
        "grades": grades,
        "publisher": None,  # named by the manifest: a news story seldom prints its publisher's name
    }


# The phrase that names the body inspected, in the order Ofsted's documents use them.
_SUBJECT = re.compile(
    r"^(?:Inspection of|Focused visit to|Monitoring visit to|Inspection report:|Area SEND inspection report:|Review of)\s+"
    r"([^\n]{3,160})",
    re.MULTILINE | re.IGNORECASE,
)


def detect_authority(head: str, source: str, table: AuthorityTable) -> str:
    """The authority the document is about: named in its subject line, else first named, else in the file name."""
    for m in _SUBJECT.finditer(head[:2000]):
        found = table.mentions(m.group(1))
        if found:
            return found[0]
    found = table.mentions(head[:1500])
    if found:
        return found[0]
    stem = PurePosixPath(source).stem
    found = table.mentions(re.sub(r"[_\-]+", " ", stem))
    return found[0] if found else "unknown"


_PRIMARY_MARKS = [
    r"(?:His|Her) Majesty's Inspector",
    r"\bHMI\b",
    r"^Inspection dates?:",
    r"^Lead inspector",
    r"^Reporting inspector",
    r"This letter summarises the findings",
    r"^Yours sincerely",
    r"^Judgement Grade",
    r"^Report published:",
    r"^Dear ",
    r"Ofsted will take the findings",
    r"^Inspection report:",
    r"^Area SEND inspection",
]
_SECONDARY_MARKS = [
    r"\bOfsted (?:said|has|have|found|rated|warned|criticised|censures|judged|described)",
    r"\binspectors (?:said|added|found|warned)",
    r"Here is a copy of the letter",
    r"Comments are closed",
    r"^More from ",
    r"\b(?:credit|Image):",
    r"\bour (?:ambition|journey|aim|vision)\b",
    r"\bSEF\b",
    r"self[- ]evaluation",
]


def _count(patterns: list[str], text: str, flags: int = 0) -> int:
    return sum(bool(re.search(p, text, re.MULTILINE | flags)) for p in patterns)


def detect_source_kind(head: str) -> str:
    """Primary when the text carries Ofsted's own marks (inspectors' titles, letter form, judgement table)."""
    return "primary" if _count(_PRIMARY_MARKS, head) > _count(_SECONDARY_MARKS, head, re.IGNORECASE) else "secondary"


def detect_doc_type(head: str, source_kind: str) -> str:
    """The kind of document, read from its title or a letter's subject line (not from what it
    mentions: a full report often refers back to an earlier focused visit)."""
    top = re.sub(r"\s+", " ", head[:800])
    if source_kind == "secondary":
        if re.search(r"self[- ]evaluation|\bSEF\b|self[- ]assessment|\bour (?:ambition|journey)\b", head, re.IGNORECASE):
            return "council self-evaluation"
        return "news"
    letter = re.search(r"^(Monitoring|Focused) visit (?:to|of)\b|findings of (?:a|the) (monitoring|focused) visit", head, re.MULTILINE | re.IGNORECASE)
    if letter:
        return f"{(letter.group(1) or letter.group(2)).lower()} visit"
    if re.search(r"Local Area Partnership|Area SEND|special educational needs", top, re.IGNORECASE):
        return "area SEND inspection"
    if re.search(r"Review of the effectiveness of the Local Safeguarding Children Board", top, re.IGNORECASE) and not re.search(
        r"Inspection of services for children", top, re.IGNORECASE
    ):
        return "safeguarding board review"
    if re.search(r"Inspection of (?:the )?looked after children(?:'s)? services", top, re.IGNORECASE):
        return "looked after children inspection"
    if re.search(r"Inspection of|Inspection dates?:|inspection report", top, re.IGNORECASE):
        return "full inspection"
    return "other"


def _iso(day: int | None, month: int | None, year: int | None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


_DATE_TOKEN = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({_MONTH}))?(?:,?\s+(\d{{4}}))?\b")


def parse_date_range(text: str) -> tuple[str | None, str | None]:
    """First and last day of a phrase such as "2 to 13 December 2024", "27 September to 8 October
    2021", "29 and 30 September, and 1 October 2020" or "8 – 12 July 2013"."""
    tokens = []
    for m in _DATE_TOKEN.finditer(text):
        day = int(m.group(1))
        month = MONTHS[m.group(2).lower()] if m.group(2) else None
        year = int(m.group(3)) if m.group(3) else None
        if 1 <= day <= 31:
            tokens.append([day, month, year])
    if not tokens:
        return None, None
    # Months and years are written once, after the last day they apply to: carry them leftwards.
    month = year = None
    for t in reversed(tokens):
        month = t[1] = t[1] or month
        year = t[2] = t[2] or year
    first, last = tokens[0], tokens[-1]
    return _iso(*first), _iso(*last)


_PERIOD_LINE = re.compile(r"^Inspection dates?:?\s*(.+)$", re.MULTILINE | re.IGNORECASE)
_VISIT_ON = re.compile(
    rf"(?:visit|inspection)[^.\n]{{0,120}}? on ((?:\d{{1,2}}(?: {_MONTH})?(?: \d{{4}})?,? (?:and |to )?)*\d{{1,2}} {_MONTH} \d{{4}})",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(rf"^(\d{{1,2}}) ({_MONTH}) (\d{{4}})$", re.MULTILINE)
_PUBLISHED = re.compile(rf"^(?:Report )?published:?\s*(\d{{1,2}} {_MONTH} \d{{4}})", re.MULTILINE | re.IGNORECASE)
_SOURCE_PUBLISHED = re.compile(r"pub-(\d{4}-\d{2}-\d{2})")


def detect_period(head: str) -> tuple[str | None, str | None]:
    """The days inspected or visited."""
    m = _PERIOD_LINE.search(head)
    if m:
        start, end = parse_date_range(m.group(1))
        if start:
            return start, end
    m = _VISIT_ON.search(re.sub(r"\s+", " ", head))
    if m:
        return parse_date_range(m.group(1))
    return None, None


def detect_published(head: str, source: str) -> str | None:
    """The publication or letter date: printed "Report published: …", a letter's date line, else the file name."""
    m = _PUBLISHED.search(head)
    if m:
        return parse_date_range(m.group(1))[0]
    m = _DATE_LINE.search(head[:600])
    if m:
        return _iso(int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3)))
    m = _SOURCE_PUBLISHED.search(PurePosixPath(source).name)
    return m.group(1) if m else None


# Judgement rows, keyed by a short canonical name (the grades table users compare across years).
JUDGEMENTS: list[tuple[str, str]] = [
    ("overall effectiveness", r"overall effectiveness|the overall judgement is"),
    ("impact of leaders", r"impact of leaders"),
    ("help and protection", r"children who need help and protection"),
    ("children in care and care leavers", r"children in care and care leavers"),
    ("children in care", r"progress of children in care$"),
    ("care leavers", r"care leavers$"),
    ("children looked after and permanence", r"children looked after and achieving permanence"),
    ("adoption", r"adoption performance"),
    ("leadership, management and governance", r"leadership, management and governance"),
    ("LSCB", r"effectiveness of the local safeguarding children board|\(lscb\) is"),
    ("capacity to improve", r"capacity to improve"),
    ("outcomes", r"^outcomes for looked after children"),
    ("quality of provision", r"quality of provision"),
    ("leadership and management", r"^leadership and management"),
]
GRADES = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")
_GRADE_AT_END = re.compile(r"^(?:\d(?:\.\d)?\.?\s+)?(.+?)\s+(outstanding|good|requires improvement(?: to be good)?|inadequate)$", re.IGNORECASE)


_GRADE_WORDS = r"(outstanding|good|requires? improvement(?: to be good)?|inadequate)"
# Older reports state some judgements as a sentence rather than a table row.
_GRADE_SENTENCES: list[tuple[str, re.Pattern[str]]] = [
    ("overall effectiveness", re.compile(rf"^(?:the overall judgement is|children's services in .+?(?: are| is)?) {_GRADE_WORDS}\.?$", re.IGNORECASE)),
    ("LSCB", re.compile(rf"^the (?:effectiveness of the )?local safeguarding children board(?: \(lscb\))?(?: is)? {_GRADE_WORDS}\.?$", re.IGNORECASE)),
]
# The three outcomes of an area SEND inspection, by a phrase of each.
SEND_OUTCOMES: list[tuple[str, str]] = [
    ("typically lead to positive experiences and outcomes", "positive experiences and outcomes"),
    ("lead to inconsistent experiences and outcomes", "inconsistent experiences and outcomes"),
    ("widespread and/or systemic failings", "widespread and/or systemic failings"),
]


def normalise_grade(grade: str) -> str:
    """Ofsted's four-point scale; the older "Requires improvement" is the same grade."""
    g = grade.strip().lower()
    if g.startswith("require"):
        return "Requires improvement to be good"
    for name in GRADES:
        if g == name.lower():
            return name
    return grade.strip()


def detect_grades(text: str) -> dict[str, str]:
    """Judgement -> grade from the judgement table (or summary sentences) near the start, else
    from a short table anywhere (older reports put the record of findings at the end)."""
    flat = re.sub(r"\s+", " ", text[:HEAD_CHARS])
    for phrase, label in SEND_OUTCOMES:
        if phrase in flat:
            return {"area SEND outcome": label}
    grades = _grade_rows(text[:HEAD_CHARS].splitlines(), max_len=140)
    return grades or _grade_rows(text.splitlines(), max_len=80)


def _grade_rows(lines: list[str], max_len: int) -> dict[str, str]:
    grades: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or len(line) > max_len:
            continue
        for key, pattern in _GRADE_SENTENCES:
            m = pattern.match(line)
            if m and key not in grades:
                grades[key] = normalise_grade(m.group(1))
        m = _GRADE_AT_END.match(line)
        if not m:
            continue
        label = m.group(1).lower().rstrip(" :")
        for key, pattern in JUDGEMENTS:
            if re.search(pattern, label):
                grades.setdefault(key, normalise_grade(m.group(2)))
                break
    return grades


_TITLES = {
    "full inspection": "Ofsted inspection of {name} children's services",
    "looked after children inspection": "Ofsted inspection of {name} looked after children services",
    "focused visit": "Ofsted focused visit to {name} children's services",
    "monitoring visit": "Ofsted monitoring visit to {name} children's services",
    "area SEND inspection": "Area SEND inspection of {name} local area partnership",
    "safeguarding board review": "Ofsted review of the {name} Safeguarding Children Board",
    "news": "News report on {name} children's services",
    "council self-evaluation": "{name} council self-evaluation",
    "other": "Document about {name} children's services",
}


def month_label(iso: str | None) -> str:
    """'Dec 2024' from '2024-12-02'."""
    if not iso or len(iso) < 7:
        return iso or ""
    month = int(iso[5:7])
    return f"{list(_MONTH_ABBR)[month - 1].title()} {iso[:4]}"


def make_title(doc_type: str, authority: str, when: str | None, table: AuthorityTable, source: str = "") -> str:
    if authority == "unknown":
        return PurePosixPath(source).stem or "Untitled document"
    title = _TITLES.get(doc_type, _TITLES["other"]).format(name=table.short_name(authority))
    return f"{title}, {month_label(when)}" if when else title


# ---------------------------------------------------------------- passage dates

_WHEN = r"(?:(?:early|late|mid|mid-|the end of|the start of|autumn|spring|summer|winter)\s+)?"
_EVENT = r"(?:inspection|inspected|focused visit|monitoring visit|visit|re-inspection|ILACS|SIF|judged|judgement)"
# "Ofsted inspection July 2018", "the focused visit in late 2020", "took place between 16th and 27th July 2018"
_EVENT_THEN_DATE = re.compile(
    rf"\b{_EVENT}\b([^.;\n]{{0,60}}?)\b{_WHEN}(?:({_MONTH})\s+)?(?<!Act )((?:19|20)\d{{2}})\b", re.IGNORECASE
)
# "a late 2020 focused visit", "the July 2018 inspection"
_DATE_THEN_EVENT = re.compile(rf"\b{_WHEN}(?:({_MONTH})\s+)?((?:19|20)\d{{2}})\s+(?:Ofsted\s+)?{_EVENT}\b", re.IGNORECASE)
# Sentences that measure the present against an earlier date are about now, not then.
_COMPARISON = re.compile(
    r"\b(?:since|last|previous|prior|compared|than|now|predecessor|still|remains?|continues?|no longer|following|"
    r"(?:has|have) (?:not |also |since )?(?:been|built|taken|made|begun|improved|addressed|acted|responded|developed|progressed|strengthened))\b",
    re.IGNORECASE,
)


def passage_date(text: str, document: Document) -> str | None:
    """The date a passage is about where it explicitly differs from the document's own period.

    Conservative: the passage's heading and opening sentence decide, so a passage is dated by an
    earlier inspection or visit only when it opens on it ("During the focused visit in July 2018,
    we reported…"), not when it mentions one on the way ("It followed a late 2020 focused visit").
    Only a month and year, or a year, tied to an inspection or visit count, and an opening that
    compares with it ("Since the 2021 inspection…") is about now. Where the opening has several,
    the one closest to its inspection or visit word wins. Returns "YYYY-MM", or "YYYY" when the
    text gives only the year.
    """
    own = {d[:7] for d in (document.period_start, document.period_end, document.published) if d}
    own_years = {d[:4] for d in own}
    for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
        piece = piece.strip(" -•\t")
        if not piece or _PARAGRAPH_NUMBER.fullmatch(piece):
            continue
        if _COMPARISON.search(piece):
            return None
        candidates: list[tuple[int, int, str | None, str]] = []  # (gap, position, month, year)
        for m in _DATE_THEN_EVENT.finditer(piece):
            candidates.append((0, m.start(), m.group(1), m.group(2)))
        for m in _EVENT_THEN_DATE.finditer(piece):
            candidates.append((len(m.group(1)), m.start(), m.group(2), m.group(3)))
        for _, _, month, year in sorted(candidates):
            if month:
                found = f"{year}-{MONTHS[month.lower()]:02d}"
                return None if found in own or _within(found, document) else found
            return None if year in own_years else year
        if _IS_SENTENCE.search(piece) or len(piece.split()) >= _HEADING_MAX_WORDS:
            return None  # the opening sentence names no other time: the passage is about its own
    return None


# A heading above the opening sentence is short and does not end like a sentence.
_IS_SENTENCE = re.compile(r"[.!?:;]$")
_HEADING_MAX_WORDS = 12
_PARAGRAPH_NUMBER = re.compile(r"\d{1,3}\.?")


def _within(year_month: str, document: Document) -> bool:
    start, end = document.period_start, document.period_end or document.period_start
    return bool(start and end and start[:7] <= year_month <= end[:7])
