"""What the chat app shows, as plain strings: HTML fragments, labels and the Markdown export.

Pure functions, no Streamlit: the app passes their output to ``st.markdown(..., unsafe_allow_html=True)``.
Every piece of text that comes from a document, a question or a model is HTML-escaped here, and
every fragment is a single line of HTML, so Markdown never re-reads passage text (an asterisk in a
report stays an asterisk, a blank line in a passage does not end the HTML block).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from indexer.authorities import AuthorityTable, UnknownAuthority
from indexer.chunking import PAGE_SEPARATOR
from indexer.types import Chunk, Page
from qa.citations import MARKER, parse_marker
from qa.lexical import VISIT_DATES, asks_for_best, asks_never, grade_direction, grade_move
from qa.timeline import format_date, published_apart
from qa.types import Answer, Citation, TimelineEntry


KIND_LABEL = {"primary": "Primary · Ofsted", "secondary": "Secondary"}
KIND_HELP = {
    "primary": "Ofsted's own report or letter",
    "secondary": "not Ofsted's own words: news coverage, council documents",
}

# The app's stylesheet. Primary (Ofsted's own) is blue, secondary (news, council) amber: the two
# kinds must never be confused at a glance, and the colours hold for colour-blind readers too
# because each badge also spells its kind.
CSS = """
<style>
.block-container {padding-top: 2.2rem; max-width: 1500px;}
[data-testid="stChatMessage"] {scroll-margin-top: 6.5rem;}
.iqa-answer {font-size: 1.02rem; line-height: 1.6;}
.iqa-answer p {margin: 0 0 0.6rem 0;}
.iqa-answer ul {margin: 0 0 0.6rem 1.2rem; padding: 0;}
a.iqa-cite {display: inline-block; min-width: 1.35em; padding: 0 0.35em; margin: 0 0.1em;
  border-radius: 0.6em; background: #1d4f91; color: #fff !important; font-size: 0.72em; font-weight: 600;
  line-height: 1.45; text-align: center; text-decoration: none !important; vertical-align: 0.25em;}
a.iqa-cite.iqa-cite-secondary {background: #a85b00;}
a.iqa-cite:hover {filter: brightness(1.25);}
span.iqa-cite-bad {color: #b00020; font-size: 0.8em;}
.iqa-cursor {display: inline-block; width: 0.5em; height: 1em; background: #1d4f91; opacity: 0.6;
  vertical-align: -0.1em; animation: iqa-blink 1s steps(2) infinite;}
@keyframes iqa-blink {50% {opacity: 0;}}
.iqa-kind {display: inline-block; padding: 0.05em 0.55em; border-radius: 0.35em; font-size: 0.74rem;
  font-weight: 600; letter-spacing: 0.01em; white-space: nowrap; vertical-align: 0.1em;}
.iqa-kind-primary {background: #e3edfb; color: #12386b; border: 1px solid #9dbbe6;}
.iqa-kind-secondary {background: #fdf0dc; color: #7a4200; border: 1px solid #f0c27a;}
.iqa-card {scroll-margin-top: 5rem; border-left: 4px solid #9dbbe6; padding: 0.1rem 0 0.1rem 0.75rem;}
.iqa-card.iqa-card-secondary {border-left-color: #f0c27a;}
.iqa-card:target {background: #fff8d6; border-radius: 0.3rem; transition: background 0.4s;}
.iqa-card-head {display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap;}
.iqa-num {font-weight: 700; color: #1d4f91; min-width: 1.6em;}
.iqa-card-secondary .iqa-num {color: #a85b00;}
.iqa-title {font-weight: 600; overflow-wrap: anywhere;}
.iqa-meta {color: #555; font-size: 0.86rem; margin: 0.15rem 0 0.45rem 0; overflow-wrap: anywhere;}
.iqa-passage {font-size: 0.92rem; line-height: 1.55; color: #222; overflow-wrap: anywhere;}
.iqa-passage mark, .iqa-page mark {background: #ffe58a; padding: 0 0.1em; border-radius: 0.15em;}
.iqa-page {font-size: 0.93rem; line-height: 1.6; overflow-wrap: anywhere;}
.iqa-page .iqa-context {color: #444;}
.iqa-page .iqa-chunk {background: #f3f6fb; border-left: 3px solid #1d4f91; padding: 0.2rem 0.5rem; display: block;
  margin: 0.3rem 0;}
.iqa-timeline {position: relative; margin: 0.3rem 0 0.6rem 0;}
.iqa-tl-item {display: grid; grid-template-columns: 6.5rem 1fr; gap: 0.9rem; padding: 0.45rem 0;
  border-top: 1px solid #eee;}
.iqa-tl-item:first-child {border-top: none;}
.iqa-tl-date {font-weight: 700; color: #333; white-space: pre-line;}
.iqa-tl-what {font-weight: 600; margin-bottom: 0.15rem;}
.iqa-tl-summary {line-height: 1.55;}
.iqa-scope {font-size: 0.95rem;}
.iqa-note {display: inline-block; background: #eef3e6; color: #2f4d10; border: 1px solid #c5d9a6;
  border-radius: 1rem; padding: 0.05rem 0.65rem; font-size: 0.8rem; margin: 0.1rem 0.25rem 0.1rem 0;}
</style>
"""


# --- small formatting ---------------------------------------------------------------------------


def esc(text: object) -> str:
    """HTML-escaped text, quotes included."""
    return html.escape(str(text), quote=True)


def is_paged(source: str) -> bool:
    """PDFs have pages worth citing; a text file is one long page."""
    return source.lower().endswith(".pdf")


def authority_label(authority_id: str, table: AuthorityTable | None) -> str:
    """The name to show in tight places: 'BCP Council' rather than the full official name."""
    if table is None:
        return authority_id
    try:
        a = table.get(authority_id)
    except UnknownAuthority:
        return authority_id
    alias = next((x for x in a.aliases if x.endswith(" Council") and len(x) < len(a.name)), None)
    return alias or a.name


def authority_name(authority_id: str, table: AuthorityTable | None) -> str:
    return table.name_of(authority_id) if table else authority_id


def location_label(chunk: Chunk, paged: bool = True) -> str:
    """'p. 3 · para 12' (PDF with Ofsted numbering), 'para 12', 'p. 3', or '' for an unnumbered text.

    ``paged`` is False for a text file, whose one 'page' is not worth naming.
    """
    parts = []
    if chunk.page is not None and paged:
        parts.append(f"p. {chunk.page}")
    if chunk.paragraph is not None:
        parts.append(f"para {chunk.paragraph}")
    return " · ".join(parts)


def kind_badge(kind: str) -> str:
    k = kind if kind in KIND_LABEL else "secondary"
    return f'<span class="iqa-kind iqa-kind-{k}" title="{esc(KIND_HELP[k])}">{esc(KIND_LABEL[k])}</span>'


def anchor_id(message_id: str, n: int) -> str:
    """The HTML id of citation ``n`` of one answer: unique across the whole chat history."""
    return f"iqa-{message_id}-{n}"


# --- the answer text ----------------------------------------------------------------------------


def _cited(citations: Sequence[Citation]) -> dict[int, Citation]:
    return {c.n: c for c in citations}


def cite_title(c: Citation) -> str:
    """A marker's tooltip: which source, of which kind and date, without leaving the sentence."""
    doc = c.evidence.document
    kind = "primary (Ofsted)" if doc.source_kind == "primary" else "secondary"
    return f"Passage {c.n}: {doc.title} · {format_date(c.evidence.date)} · {kind}"


def _inline(text: str, message_id: str, cited: dict[int, Citation]) -> str:
    """Escaped text with ``[n]`` markers as badge links to the cited passage and ``**bold**`` kept."""
    out: list[str] = []
    pos = 0
    for m in MARKER.finditer(text):
        out.append(_bold(esc(text[pos : m.start()])))
        for n in parse_marker(m.group(1)):
            if n in cited:
                secondary = cited[n].evidence.document.source_kind == "secondary"
                cls = "iqa-cite iqa-cite-secondary" if secondary else "iqa-cite"
                out.append(
                    f'<a class="{cls}" href="#{anchor_id(message_id, n)}" '
                    f'title="{esc(cite_title(cited[n]))}" data-cite="{n}">{n}</a>'
                )
            else:
                out.append(f'<span class="iqa-cite-bad" title="no such passage">[{n}]</span>')
        pos = m.end()
    out.append(_bold(esc(text[pos:])))
    return "".join(out)


def _bold(escaped: str) -> str:
    return re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<b>\1</b>", escaped)


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


def answer_html(text: str, message_id: str, citations: Sequence[Citation] = (), streaming: bool = False) -> str:
    """The answer as one line of HTML: paragraphs, bullet lists, ``[n]`` as coloured badge links.

    A marker that names no citation (possible while an LLM is still writing) is shown as plain
    ``[n]`` in red rather than as a link to nothing.
    """
    cited = _cited(citations)
    blocks: list[str] = []
    items: list[str] = []
    para: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append("<p>" + "<br>".join(para) + "</p>")
            para.clear()

    def flush_items() -> None:
        if items:
            blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        if not line.strip():
            flush_para()
            flush_items()
        elif _LIST_ITEM.match(line):
            flush_para()
            items.append(_inline(_LIST_ITEM.sub("", line, count=1), message_id, cited))
        else:
            flush_items()
            para.append(_inline(line.strip(), message_id, cited))
    flush_para()
    flush_items()
    if streaming:
        cursor = '<span class="iqa-cursor"></span>'
        if blocks and blocks[-1].endswith("</p>"):
            blocks[-1] = blocks[-1][: -len("</p>")] + " " + cursor + "</p>"
        else:
            blocks.append(f"<p>{cursor}</p>")
    return '<div class="iqa-answer">' + "".join(blocks) + "</div>"


# --- highlighting the quote in its passage ------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9]+")


def quote_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of ``passage`` holding the quoted sentences, matched word by word.

    The composer joins several sentences of one passage with ' … ' and normalises their spacing,
    so each part is looked up on its own, ignoring case, spacing and punctuation. Parts that are
    not found (a reworded grade row, say) are left out rather than guessed.
    """
    words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(passage)]
    tokens = [w for w, _, _ in words]
    spans: list[tuple[int, int]] = []
    for part in re.split(r"\s+…\s+|\s*\.\.\.\s+", quote):
        q = [w.lower() for w in _WORD.findall(part)]
        if not q:
            continue
        for i in range(len(tokens) - len(q) + 1):
            if tokens[i : i + len(q)] == q:
                spans.append((words[i][1], words[i + len(q) - 1][2]))
                break
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _text_html(text: str) -> str:
    """Escaped text with line breaks kept and no blank line left (it would end an HTML block)."""
    lines = esc(text).split("\n")
    return "<br>".join(lines)


def highlight_html(passage: str, quote: str) -> str:
    """The passage as HTML with the quoted sentences in ``<mark>``.

    Markdown bold markers that text sources carry (``**word**``) are dropped, not shown raw.
    """
    passage, quote = passage.replace("**", ""), quote.replace("**", "")
    out: list[str] = []
    pos = 0
    for s, e in quote_spans(passage, quote):
        out.append(_text_html(passage[pos:s]))
        out.append("<mark>" + _text_html(passage[s:e]) + "</mark>")
        pos = e
    out.append(_text_html(passage[pos:]))
    return re.sub(r"(<br>){3,}", "<br><br>", "".join(out))


# --- the evidence panel -------------------------------------------------------------------------


def citation_meta(citation: Citation, table: AuthorityTable | None) -> list[str]:
    """The facts under a citation's title: authority, date, place in the document, type, file."""
    ev = citation.evidence
    doc = ev.document
    bits = [authority_label(doc.authority, table), format_date(ev.date)]
    if ev.chunk.about_date and doc.date and ev.chunk.about_date[:7] != doc.date[:7]:
        bits[-1] += f" (in a document of {format_date(doc.date)})"
    if doc.date and published_apart(doc.published, doc.date):
        bits.append(f"published {format_date(doc.published)}")
    where = location_label(ev.chunk, is_paged(doc.source))
    if where:
        bits.append(where)
    if ev.chunk.section:
        bits.append(f"“{ev.chunk.section}”")
    bits.append(doc.doc_type)
    bits.append(doc.source)
    return bits


def citation_head_html(citation: Citation, table: AuthorityTable | None) -> str:
    """Number, kind badge, title, and the provenance line of a citation."""
    doc = citation.evidence.document
    kind = doc.source_kind if doc.source_kind in KIND_LABEL else "secondary"
    meta = " · ".join(esc(b) for b in citation_meta(citation, table))
    return (
        f'<div class="iqa-card-head"><span class="iqa-num">[{citation.n}]</span>{kind_badge(kind)}'
        f'<span class="iqa-title">{esc(doc.title)}</span></div>'
        f'<div class="iqa-meta">{meta}</div>'
    )


def citation_meta_html(citation: Citation, table: AuthorityTable | None) -> str:
    """The kind badge and provenance line alone (under a title shown elsewhere)."""
    kind = citation.evidence.document.source_kind
    meta = " · ".join(esc(b) for b in citation_meta(citation, table))
    return f'<div class="iqa-meta">{kind_badge(kind)} {meta}</div>'


def citation_card_html(citation: Citation, message_id: str, table: AuthorityTable | None) -> str:
    """One cited passage: number, kind badge, title, provenance, and the passage with its quote marked.

    The card's id is the target of the answer's ``[n]`` links.
    """
    kind = citation.evidence.document.source_kind
    kind = kind if kind in KIND_LABEL else "secondary"
    return (
        f'<div class="iqa-card iqa-card-{kind}" id="{anchor_id(message_id, citation.n)}">'
        + citation_head_html(citation, table)
        + f'<div class="iqa-passage">{highlight_html(citation.evidence.chunk.text, citation.quote)}</div>'
        "</div>"
    )


# --- the whole page of a source -----------------------------------------------------------------


@dataclass(frozen=True)
class PageView:
    """What to show when a reader opens the source around a cited passage."""

    heading: str  # e.g. 'Page 3 of 12' or 'Around the passage (characters 1,200–3,400 of 18,000)'
    before: str
    passage: str
    after: str


def page_view(pages: Sequence[Page], chunk: Chunk, window: int = 2500) -> PageView:
    """The page(s) a passage sits on, split into the text before it, the passage, and after it.

    For a PDF the whole page (or pages, when the passage runs over a page break) is shown. A text
    file is one long 'page', so it is cut to ``window`` characters either side of the passage,
    at line breaks. The passage is found by the chunk's offsets into the joined page text (the
    text the offsets were taken from); if the text no longer matches, by searching for it.
    """
    starts: list[int] = []
    offset = 0
    for p in pages:
        starts.append(offset)
        offset += len(p.text) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(p.text for p in pages)
    start, end = chunk.start, chunk.end
    if text[start:end] != chunk.text:
        found = text.find(chunk.text)
        if found < 0:
            return PageView("Passage (the source text has changed since it was indexed)", "", chunk.text, "")
        start, end = found, found + len(chunk.text)
    first = max(i for i, s in enumerate(starts) if s <= start)
    last = max(i for i, s in enumerate(starts) if s < end) if end > start else first
    lo = starts[first]
    hi = starts[last] + len(pages[last].text)
    if len(pages) == 1 and len(text) > 2 * window + (end - start):
        lo = max(0, start - window)
        hi = min(len(text), end + window)
        if lo > 0:
            nl = text.find("\n", lo, start)
            lo = nl + 1 if nl >= 0 else lo
        if hi < len(text):
            nl = text.rfind("\n", end, hi)
            hi = nl if nl >= 0 else hi
        heading = f"Around the passage (characters {lo:,}–{hi:,} of {len(text):,})"
    elif first == last:
        heading = f"Page {pages[first].number} of {len(pages)}"
    else:
        heading = f"Pages {pages[first].number}–{pages[last].number} of {len(pages)}"
    return PageView(heading, text[lo:start], text[start:end], text[end:hi])


def page_view_html(view: PageView, quote: str = "") -> str:
    before = _text_html(view.before.replace("**", ""))
    after = _text_html(view.after.replace("**", ""))
    lead = "… " if view.before and not view.heading.startswith("Page") else ""
    tail = " …" if view.after and not view.heading.startswith("Page") else ""
    return (
        '<div class="iqa-page">'
        f'<span class="iqa-context">{lead}{before}</span>'
        f'<span class="iqa-chunk">{highlight_html(view.passage, quote)}</span>'
        f'<span class="iqa-context">{after}{tail}</span>'
        "</div>"
    )


# --- change over time ---------------------------------------------------------------------------


def timeline_what(entry: TimelineEntry) -> str:
    """The source part of an entry's label: 'Dec 2021 — Ofsted inspection (primary)' -> 'Ofsted inspection'."""
    what = entry.source.what
    return what[:1].upper() + what[1:]


def period_label(period: str) -> str:
    return "Undated" if period == "undated" else format_date(period)


def timeline_when(entry: TimelineEntry) -> str:
    """The date part of an entry's label ('Jul 2018 – Mar 2019' for a document covering months)."""
    return entry.source.when if entry.period != "undated" else period_label(entry.period)


def _date_lines(when: str) -> str:
    """A range breaks after its dash so the date column stays narrow: 'Jul 2018 –' / 'Mar 2019'."""
    return esc(when).replace(" – ", " –\n")


def timeline_heading(question: str, change_over_time: bool, answer: Answer | None = None) -> str:
    """The line above a timeline: what its rows are and in which order. ``answer``: every row giving a
    report's dates ("When was Bury inspected?", "What inspections has Bury had?") lists the reports."""
    if answer is not None and answer.timeline and all(VISIT_DATES.match(e.summary) for e in answer.timeline):
        return "**The reports, by their dates** — oldest first; each row is one report."
    direction = grade_direction(question)
    if direction:
        way = "up" if direction > 0 else "down"
        return f"**Each authority's biggest move {way} the grades** — biggest first; each row is one source."
    if grade_move(question):
        return "**Each authority's move between the grades** — most recent first; each row is one source."
    if best := asks_for_best(question):
        return f"**Each authority's latest grade** — {'best' if best > 0 else 'worst'} first; each row is one source."
    if asks_never(question):  # "Which councils have never been judged inadequate?"
        return "**Each authority's latest grade** — oldest first; each row is one source."
    heading = "How it changed over time" if change_over_time else "What the sources said, by date"
    return f"**{heading}** — oldest first; each row is one source."


def timeline_html(answer: Answer, message_id: str) -> str:
    """One row per dated source, oldest first: when, which kind of source, what it said (cited)."""
    cited = _cited(answer.citations)
    rows = []
    for entry in answer.timeline:
        kind = entry.source.kind
        rows.append(
            f'<div class="iqa-tl-item iqa-tl-{esc(kind)}">'
            f'<div class="iqa-tl-date">{_date_lines(timeline_when(entry))}</div>'
            f'<div><div class="iqa-tl-what">{kind_badge(kind)} {esc(timeline_what(entry))}</div>'
            f'<div class="iqa-tl-summary">{_inline(entry.summary, message_id, cited)}</div></div>'
            "</div>"
        )
    return '<div class="iqa-timeline">' + "".join(rows) + "</div>"


# --- scope --------------------------------------------------------------------------------------


def _month_year(iso: str | None) -> str:
    return format_date(iso[:7]) if iso else ""


def _dated_names(authority_ids: Sequence[str], table: AuthorityTable, edge: str) -> list[str]:
    """Each authority's name with the month it ended ('until') or began ('from'), where known."""
    parts = []
    for aid in authority_ids:
        a = table.get(aid)
        when = a.until if edge == "until" else a.start
        parts.append(f"{a.name} ({edge} {_month_year(when)})" if when else a.name)
    return parts


def lineage_note(authority_id: str, table: AuthorityTable) -> str:
    """'Includes Bournemouth Borough Council (until Mar 2019), Borough of Poole (until Mar 2019)'."""
    lineage = table.lineage(authority_id)[1:]
    if not lineage:
        return ""
    return "Includes " + ", ".join(_dated_names(lineage, table, "until"))


def short_authority(authority_id: str, table: AuthorityTable) -> str:
    """How people name an authority in a question: its first alias ('BCP'), else its name."""
    return table.short_name(authority_id)


def explanation_without_scope(explanation: str, notes: Sequence[str]) -> str:
    """The answer's explanation without the 'Scope: …' note the app already shows as chips."""
    if notes:
        explanation = explanation.replace("Scope: " + "; ".join(notes) + ".", "")
    return " ".join(explanation.split())


def successor_note(authority_id: str, table: AuthorityTable) -> str:
    """'Also searches Bournemouth, Christchurch and Poole Council (from Apr 2019), which replaced it'."""
    later = [a for a in table.scope_ids(authority_id) if a not in table.lineage(authority_id)]
    if not later:
        return ""
    parts = _dated_names(later, table, "from")
    return "Also searches " + ", ".join(parts) + (", which replaced it" if len(parts) == 1 else ", which replaced it between them")


def authority_documents(authority_id: str, table: AuthorityTable, counts: dict[str, int]) -> int:
    """Documents in the index that choosing this authority searches (its lineage, and successors of a replaced body)."""
    return sum(counts.get(a, 0) for a in table.scope_ids(authority_id))


def authority_caption(authority_id: str, table: AuthorityTable, counts: dict[str, int]) -> str:
    """'7 documents in the index. Includes Bournemouth Borough Council (until Mar 2019), ….' for under the selector."""
    n = authority_documents(authority_id, table, counts)
    notes = [f"{n} document{'s' if n != 1 else ''} in the index."]
    notes += [f"{x}." for x in (lineage_note(authority_id, table), successor_note(authority_id, table)) if x]
    return " ".join(notes)


def authority_choices(table: AuthorityTable, counts: dict[str, int]) -> list[str]:
    """Authorities worth offering: those whose scope (see ``AuthorityTable.scope_ids``) holds documents.

    A replaced body is offered when it or its successors have documents.
    Sorted by the name shown.
    """
    ids = [a.id for a in table.authorities if any(counts.get(x, 0) for x in table.scope_ids(a.id))]
    return sorted(ids, key=lambda i: authority_label(i, table).lower())


# "region: North West (named in the question): Blackpool Council, Bury Council, …" (or "area: Greater
# Manchester…"): the chip beside the "Searched:" line, which names the authorities already, keeps the
# region alone.
_REGION_NOTE = re.compile(r"^((?:region|area): .+? \(named in the question\)): (?!no authority).+$")


def notes_html(notes: Iterable[str]) -> str:
    shown = (_REGION_NOTE.sub(lambda m: m.group(1), n) for n in notes)
    return "".join(f'<span class="iqa-note">{esc(n)}</span>' for n in shown)


# --- Markdown export ----------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def citation_reference(citation: Citation, table: AuthorityTable | None) -> str:
    """'Title — Authority — 2 Dec 2024 — primary (Ofsted) — p. 3 · para 12 — file.pdf'."""
    ev = citation.evidence
    doc = ev.document
    bits = [doc.title, authority_name(doc.authority, table), format_date(ev.date),
            "primary (Ofsted)" if doc.source_kind == "primary" else "secondary"]
    where = location_label(ev.chunk, is_paged(doc.source))
    if where:
        bits.append(where)
    bits.append(doc.source)
    return " — ".join(bits)


def answer_markdown(
    answer: Answer,
    table: AuthorityTable | None = None,
    scope: str | None = None,
    notes: Sequence[str] = (),
    asked: date | None = None,
) -> str:
    """The answer with its references as Markdown, to paste into a briefing note.

    The answer keeps its ``[n]`` markers; each reference lists the source and quotes the part of
    the passage the answer relies on.
    """
    lines = [f"## {answer.question.strip()}", ""]
    facts = []
    if scope:
        facts.append(f"Scope: {scope}")
    if notes:
        facts.append("Set from the question: " + "; ".join(notes))
    if asked:
        facts.append(f"Asked: {asked.isoformat()}")
    if facts:
        lines += ["_" + " · ".join(_md_escape(f) for f in facts) + "_", ""]
    if answer.insufficient_evidence:
        lines += ["**Not enough evidence in the corpus to answer.**", ""]
        if answer.explanation:
            lines += [answer.explanation, ""]
    elif answer.timeline:
        for entry in answer.timeline:
            lines.append(f"- **{timeline_when(entry)} — {timeline_what(entry)}:** {entry.summary}")
        lines.append("")
    else:
        lines += [answer.text.strip(), ""]
        if answer.explanation:
            lines += [f"_Note: {answer.explanation}_", ""]
    if answer.citations:
        lines += ["### References", ""]
        for c in answer.citations:
            lines.append(f"[{c.n}] {citation_reference(c, table)}")
            quote = " ".join((c.quote or c.evidence.chunk.text).split())
            lines.append(f"> {quote}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def conversation_markdown(items: Sequence[str]) -> str:
    """Several exported answers, newest last, separated by rules."""
    return "\n---\n\n".join(items)


def slug(text: str, limit: int = 48) -> str:
    """A file-name-safe slug of a question: 'How has BCP changed?' -> 'how-has-bcp-changed'."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return (s[:limit].rstrip("-") or "answer")
