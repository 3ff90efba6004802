"""inspection-qa's Streamlit app: ask questions of the indexed reports, and look after the corpus.

A thin script over ``qa.service.QAService``: it renders and calls, nothing more. The index and the
embedding model are loaded once per process (``st.cache_resource``) and shared by every session;
each session keeps its own chat history in ``st.session_state``. Settings come from
``Settings.load()`` (``INSPECTION_QA_*`` environment variables), as for the command line.

Run it with ``inspection-qa app`` (which builds the index first if there is none) or
``streamlit run app.py``.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from indexer.authorities import AuthorityTableError
from indexer.settings import Settings
from indexer.store import MANIFEST, IndexUnavailable
from qa import app_render as R
from qa.app_corpus import MAX_UPLOAD_BYTES, check_upload, corpus_files, documents_rows, pending_changes, save_upload
from qa.app_jobs import JobStatus, RebuildJobs
from qa.followup import read_in_context
from qa.service import QAService, Query
from qa.types import Answer, Citation

st.set_page_config(page_title="inspection-qa", page_icon=":material/plagiarism:", layout="wide")


# --- objects shared by all sessions ---------------------------------------------------------------


def current_settings() -> Settings:
    return Settings.load()


@st.cache_resource(show_spinner=False)
def rebuild_jobs(index_dir: str) -> RebuildJobs:
    """The one background rebuild per index folder in this process."""
    return RebuildJobs()


@st.cache_resource(show_spinner="Loading the index and the embedding model…", max_entries=1)
def load_service(settings_json: str, generation: int, stamp: int) -> QAService:
    """The service over the index on disk, loaded once per index: a rebuild in the app bumps
    ``generation``, one from the command line changes the manifest's ``stamp``."""
    service = QAService(Settings.model_validate_json(settings_json))
    _ = service.searcher  # load the index and the model now, not on the first question
    return service


def jobs_for(settings: Settings) -> RebuildJobs:
    return rebuild_jobs(str(settings.index_dir))


def index_stamp(settings: Settings) -> int:
    """When the index on disk was last written (0 if there is none): a cheap check on every rerun."""
    try:
        return (Path(settings.index_dir) / MANIFEST).stat().st_mtime_ns
    except OSError:
        return 0


def get_service(settings: Settings) -> QAService | IndexUnavailable | AuthorityTableError:
    try:
        return load_service(settings.model_dump_json(), jobs_for(settings).status().generation, index_stamp(settings))
    except (IndexUnavailable, AuthorityTableError) as exc:  # shown on the page, not as a traceback
        return exc


def table_error(problem: AuthorityTableError) -> None:
    st.error(f"**The authority table cannot be used.** {problem}. Fix the file, then reload the page.", icon=":material/error:")


def start_rebuild(settings: Settings, full: bool) -> bool:
    return jobs_for(settings).start(QAService(settings).rebuild, full)


# --- session state --------------------------------------------------------------------------------

ALL = ""  # the authority choice meaning every authority
AVATARS = {"user": ":material/person:", "assistant": ":material/plagiarism:"}

SCOPE_DEFAULTS = {"scope_authority": ALL, "scope_kind": None, "scope_types": [], "scope_infer": True}


def init_state() -> None:
    st.session_state.setdefault("messages", [])
    st.session_state.setdefault("pending", None)
    for key, value in SCOPE_DEFAULTS.items():
        st.session_state.setdefault(key, value)


def reset_scope() -> None:
    for key, value in SCOPE_DEFAULTS.items():
        st.session_state[key] = value
    st.session_state.pop("scope_years", None)


def clear_chat() -> None:
    st.session_state["messages"] = []


# --- the ask page ---------------------------------------------------------------------------------


def scope_sidebar(service: QAService) -> Query:
    """The scope controls; returns a question-less Query carrying the chosen scope."""
    table = service.authorities
    docs = service.documents()
    counts: dict[str, int] = {}
    for d in docs:
        counts[d.authority] = counts.get(d.authority, 0) + 1
    with st.sidebar:
        st.subheader("Scope", anchor=False)
        choices = R.authority_choices(table, counts)
        if st.session_state["scope_authority"] not in (ALL, *choices):
            st.session_state["scope_authority"] = ALL
        authority = st.selectbox(
            "Authority",
            [ALL, *choices],
            format_func=lambda a: "All authorities" if a == ALL else R.authority_label(a, table),
            key="scope_authority",
            help="An authority includes the councils it replaced.",
        )
        if authority:
            st.caption(R.authority_caption(authority, table, counts))
        years = sorted({int(d.date[:4]) for d in docs if d.date and d.date[:4].isdigit()})
        since = until = None
        if len(years) >= 2:
            lo, hi = years[0], years[-1]
            chosen = st.session_state.get("scope_years")
            if not chosen or chosen[0] < lo or chosen[1] > hi:
                st.session_state["scope_years"] = (lo, hi)
            first, last = st.slider("Years", lo, hi, key="scope_years", help="What the passages are about, inclusive.")
            since = first if first > lo else None
            until = last if last < hi else None
        kind = st.segmented_control(
            "Source kind",
            ["primary", "secondary"],
            format_func=lambda k: {"primary": "Primary (Ofsted)", "secondary": "Secondary"}[k],
            key="scope_kind",
            help="Primary: Ofsted's own reports and letters. Secondary: news, council documents. None chosen: both.",
        )
        present = sorted({d.doc_type for d in docs})
        st.session_state["scope_types"] = [t for t in st.session_state["scope_types"] if t in present]
        types = st.multiselect("Document type", present, key="scope_types", placeholder="All types")
        infer = st.toggle(
            "Take authority and dates from the question",
            key="scope_infer",
            help="When on, a question that names an authority or a period searches only there "
            "(where the controls above leave it open).",
        )
        st.button("Reset scope", on_click=reset_scope, icon=":material/restart_alt:", width="stretch")
    return Query(
        question="",
        authority=authority or None,
        since=since,
        until=until,
        source_kind=kind,
        doc_types=tuple(types) or None,
        infer_scope=infer,
    )


def conversation_sidebar(service: QAService) -> None:
    messages = [m for m in st.session_state["messages"] if m["role"] == "assistant" and m.get("answer")]
    with st.sidebar:
        st.divider()
        st.subheader("Conversation", anchor=False)
        col1, col2 = st.columns(2)
        col1.button("New chat", on_click=clear_chat, icon=":material/add_comment:", width="stretch",
                    disabled=not st.session_state["messages"])
        col2.download_button(
            "Save all",
            data=lambda: R.conversation_markdown([export_markdown(service, m) for m in messages]),
            file_name=f"inspection-qa-{date.today().isoformat()}.md",
            mime="text/markdown",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            disabled=not messages,
            help="Every answer of this conversation with its references, as Markdown.",
        )
        info = service.index_info()
        counts = info.get("counts", {})
        st.caption(
            f"Index: {counts.get('documents', '?')} documents, {counts.get('chunks', '?')} passages · "
            f"built {str(info.get('built_at', ''))[:16].replace('T', ' ')}"
        )
        if st.button("Add documents or update the index", key="goto-corpus-sidebar", type="tertiary",
                     icon=":material/folder_open:"):
            st.switch_page(CORPUS_PAGE)


def export_markdown(service: QAService, message: dict) -> str:
    return R.answer_markdown(
        message["answer"], service.authorities, scope=message.get("scope"), notes=message.get("notes", ()),
        asked=message.get("asked"),
    )


def scope_line(service: QAService, base: Query) -> None:
    try:
        scope, _, _ = service.resolve(base)
        described = scope.describe(service.authorities)
    except ValueError as exc:  # UnknownAuthority is a ValueError
        described = f"(invalid: {exc})"
    extra = (
        " · an authority or period named in a question narrows it"
        if base.infer_scope
        else " · authorities and dates named in a question are ignored"
    )
    st.markdown(
        f'<div class="iqa-scope"><b>Scope:</b> {R.esc(described)}<span style="color:#666">{R.esc(extra)}</span></div>',
        unsafe_allow_html=True,
    )


def show_page_dialog(service: QAService, citation: Citation) -> None:
    """The whole page around a cited passage, with the passage and its quote marked."""
    ev = citation.evidence

    def body() -> None:
        st.markdown(R.citation_meta_html(citation, service.authorities), unsafe_allow_html=True)
        try:
            pages = service.pages(ev.document.id)
        except (OSError, ValueError) as exc:
            st.warning(f"The source file cannot be shown: {exc}")
            return
        view = R.page_view(pages, ev.chunk)
        st.caption(view.heading)
        st.markdown(R.page_view_html(view, citation.quote), unsafe_allow_html=True)
        path = service.source_path(ev.document.id)
        st.download_button(
            f"Download {path.name}",
            data=lambda: path.read_bytes(),
            file_name=path.name,
            mime="application/pdf" if path.suffix.lower() == ".pdf" else "text/plain",
            on_click="ignore",
            icon=":material/download:",
        )

    where = R.location_label(ev.chunk, R.is_paged(ev.document.source)) or "text"
    st.dialog(f"[{citation.n}] {ev.document.title} · {where}", width="large")(body)()


def render_citations(service: QAService, message: dict) -> None:
    answer: Answer = message["answer"]
    mid = message["id"]
    label = f"Evidence · {len(answer.citations)} cited passage{'s' if len(answer.citations) != 1 else ''}"
    with st.expander(label, expanded=True, icon=":material/format_quote:"):
        columns = st.columns(2, gap="medium")
        for i, citation in enumerate(answer.citations):
            with columns[i % 2].container(border=True, key=f"card-{mid}-{citation.n}"):
                st.markdown(R.citation_card_html(citation, mid, service.authorities), unsafe_allow_html=True)
                where = "page" if R.is_paged(citation.evidence.document.source) else "text"
                if st.button(f"Open the whole {where}", key=f"page-{mid}-{citation.n}", icon=":material/article:",
                             type="tertiary"):
                    show_page_dialog(service, citation)


def render_actions(service: QAService, message: dict) -> None:
    answer: Answer = message["answer"]
    mid = message["id"]
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    with row.popover("Copy", icon=":material/content_copy:", help="The answer and its references as Markdown"):
        st.caption("The answer and its references as Markdown: use the copy icon.")
        st.code(export_markdown(service, message), language="markdown", wrap_lines=True)
    row.download_button(
        "Markdown",
        data=lambda: export_markdown(service, message),
        file_name=f"{R.slug(answer.question)}.md",
        mime="text/markdown",
        key=f"dl-{mid}",
        on_click="ignore",
        icon=":material/download:",
        help="Download the answer and its references as a Markdown file",
    )
    row.caption(f"{answer.composer} answer · {message.get('seconds', 0):.1f} s")


def render_scope_notes(message: dict) -> None:
    """What the answer searched, what the question set, and a way to ask again without that."""
    notes = message.get("notes") or []
    cols = st.columns([5, 2]) if notes else [st.container()]
    cols[0].markdown(
        f'<div class="iqa-scope" style="font-size:0.85rem;color:#555">Searched: {R.esc(message.get("scope", ""))}'
        f'{" · from the question: " + R.notes_html(notes) if notes else ""}</div>',
        unsafe_allow_html=True,
    )
    if notes:
        if cols[1].button("✕ Ask without these", key=f"undo-{message['id']}", type="tertiary",
                          help="Ask the same question again, searching only the scope set in the sidebar."):
            st.session_state["pending"] = replace(message["query"], infer_scope=False)
            st.rerun()


def render_user(message: dict) -> None:
    st.markdown(R.esc(message["text"]))
    if message.get("read_as"):
        st.caption(f"Read as: {message['read_as']}", help="A follow-up is read against the question before it, and a mistyped word as the word meant. Ask in full to ask otherwise.")


def previous_answer() -> tuple[str | None, list[str]]:
    """The question the last answer was to (a follow-up's, as read), and the authorities that answer
    cited, in its order: what the next follow-up is read against ("When were they last inspected?")."""
    answered = [m for m in st.session_state["messages"] if m["role"] == "assistant" and m.get("query")]
    if not answered:
        return None, []
    answer: Answer | None = answered[-1].get("answer")
    return answered[-1]["query"].question, answer.authorities if answer else []


def render_assistant(service: QAService, message: dict) -> None:
    if message.get("interrupted"):
        st.caption("Interrupted by the next question before the answer was complete.")
        return
    if message.get("error"):
        st.error(message["error"])
        return
    answer: Answer = message["answer"]
    render_scope_notes(message)
    if answer.insufficient_evidence:
        st.warning("**Not enough evidence in the corpus to answer.**\n\n" + (message.get("explanation") or ""))
    elif answer.timeline:
        render_over_time(message)
    else:
        st.markdown(R.answer_html(answer.text, message["id"], answer.citations), unsafe_allow_html=True)
        if message.get("explanation"):
            st.caption(message["explanation"])
    if answer.citations:
        render_actions(service, message)
        render_citations(service, message)


def render_over_time(message: dict) -> None:
    """An answer drawn from sources of several dates: one row per dated source. (A judgements chart can sit beside it.)"""
    answer: Answer = message["answer"]
    st.markdown(R.timeline_heading(message["query"].question, message.get("change_over_time", True), answer))
    st.markdown(R.timeline_html(answer, message["id"]), unsafe_allow_html=True)
    if message.get("explanation"):
        st.caption(message["explanation"])


def ask(service: QAService, query: Query, typed: str | None = None) -> None:
    """Stream one answer into the chat and keep it in the history. ``typed``: the follow-up the reader
    wrote ("What about Dorset?"), when ``query`` asks the question it stands for."""
    mid = uuid.uuid4().hex[:8]
    user = {"role": "user", "id": f"u{mid}", "text": typed or query.question, "read_as": query.question if typed else None}
    st.session_state["messages"].append(user)
    with st.chat_message("user", avatar=AVATARS["user"]):
        render_user(user)
    # In the history from the start: if a new question interrupts this one, the history says so.
    message: dict = {"role": "assistant", "id": mid, "query": query, "asked": date.today(), "interrupted": True}
    st.session_state["messages"].append(message)
    with st.chat_message("assistant", avatar=AVATARS["assistant"]):
        started = time.perf_counter()
        try:
            scope, intent, notes = service.resolve(query)
            message["change_over_time"] = intent.change_over_time
            message["scope"] = scope.describe(service.authorities)
            message["notes"] = list(notes)
            placeholder = st.empty()
            placeholder.markdown(R.answer_html("", mid, streaming=True), unsafe_allow_html=True)
            text = ""
            answer = None
            for piece in service.ask_stream(query):
                if isinstance(piece, Answer):
                    answer = piece
                else:
                    text += piece
                    placeholder.markdown(R.answer_html(text, mid, streaming=True), unsafe_allow_html=True)
            placeholder.empty()
            if answer is None:
                raise RuntimeError("the answer stream ended without an answer")
            message["answer"] = answer
            message["explanation"] = R.explanation_without_scope(answer.explanation, notes)
        except ValueError as exc:  # an unknown authority or a bad date in the options
            message["error"] = str(exc)
        message["seconds"] = time.perf_counter() - started
        message["interrupted"] = False
        render_assistant(service, message)


def examples(service: QAService) -> list[str]:
    docs = service.documents()
    if not docs:
        return []
    counts: dict[str, int] = {}
    for d in docs:
        counts[d.authority] = counts.get(d.authority, 0) + 1
    top = max(counts, key=counts.get)
    name = R.short_authority(top, service.authorities)
    return [
        f"How have {name}'s children's services changed over time?",
        f"What did Ofsted say about care leavers in {name}?",
        f"What did Ofsted say about help and protection for children in {name}?",
        f"What did inspectors find about management oversight in {name}?",
    ]


def ask_page() -> None:
    settings = current_settings()
    service = get_service(settings)
    if isinstance(service, AuthorityTableError):
        st.title("inspection-qa", anchor=False)
        table_error(service)
        if st.button("Open the corpus page", key="goto-corpus", icon=":material/folder_open:"):
            st.switch_page(CORPUS_PAGE)
        return
    if isinstance(service, IndexUnavailable):
        no_index(settings, service)
        return
    base = scope_sidebar(service)
    rebuild_notice(settings)

    st.title("Ask the inspection reports", anchor=False)
    scope_line(service, base)

    for message in st.session_state["messages"]:
        with st.chat_message(message["role"], avatar=AVATARS[message["role"]]):
            if message["role"] == "user":
                render_user(message)
            else:
                render_assistant(service, message)

    question = st.chat_input("Ask about inspections, judgements, services, changes over time…")
    pending = st.session_state["pending"]
    st.session_state["pending"] = None
    typed = None
    if pending is None and question and question.strip():
        # "What about Dorset?" after "How has care leaver support in BCP changed since 2018?"
        previous, cited = previous_answer()
        asked = question.strip()
        fixed = service.spelling(asked)  # "Wht did ofsted say abut Bury?": "What did ofsted say about Bury?"
        read = read_in_context(fixed or asked, previous, service.authorities, cited) or fixed
        typed = asked if read else None
        pending = replace(base, question=read or asked)
    if pending is not None:
        ask(service, pending, typed)
    elif not st.session_state["messages"]:
        st.caption("Answers quote the reports and cite every sentence. Try:")
        for i, q in enumerate(examples(service)):
            if st.button(q, key=f"example-{i}", type="secondary", icon=":material/chat:"):
                st.session_state["pending"] = replace(base, question=q)
                st.rerun()
    conversation_sidebar(service)  # last: it offers the answer just given


def rebuild_notice(settings: Settings) -> None:
    status = jobs_for(settings).status()
    if status.running:
        with st.sidebar:
            rebuild_progress(settings, compact=True)


# --- index status, shared by both pages -------------------------------------------------------------


def no_index(settings: Settings, problem: IndexUnavailable) -> None:
    st.title("inspection-qa", anchor=False)
    files = corpus_files(settings.corpus_dir)
    if files:
        st.info(
            f"**There is no usable index yet.** Build it from the {len(files)} document files in "
            f"`{settings.corpus_dir}`: run `inspection-qa index` in a terminal, or press **Build index now**.",
            icon=":material/info:",
        )
    else:
        st.info(
            f"**There is no usable index yet, and no documents to build it from.** Add PDF or text files "
            f"to `{settings.corpus_dir}` (on the corpus page, or by copying them there), then build the index "
            f"with `inspection-qa index` or the button below.",
            icon=":material/info:",
        )
    st.caption(f"Details: {problem}")
    status = jobs_for(settings).status()
    if not status.running:
        if st.button("Build index now", type="primary", icon=":material/build:", disabled=not files, key="build-now"):
            start_rebuild(settings, full=False)
            st.rerun()
    rebuild_progress(settings)
    if st.button("Open the corpus page", key="goto-corpus", icon=":material/folder_open:"):
        st.switch_page(CORPUS_PAGE)


def rebuild_progress(settings: Settings, compact: bool = False) -> None:
    """Progress of the background rebuild, refreshed every second while it runs."""
    running = jobs_for(settings).status().running

    @st.fragment(run_every=1.0 if running else None)
    def progress() -> None:
        status: JobStatus = jobs_for(settings).status()
        if status.running:
            what = "Rebuilding the index from scratch" if status.full else "Updating the index"
            st.progress(status.fraction, text=f"{what}: {status.done}/{status.total or '?'} files · {status.current}")
            if not compact:
                st.caption("Answers keep coming from the current index until the new one is ready.")
        elif status.state == "failed":
            st.error(f"The rebuild failed: {status.error}. The previous index is still in use.")
        elif status.state == "done" and not compact:
            summary = status.summary
            st.success(
                f"Index {'unchanged' if summary.unchanged else 'ready'}: {summary.documents} documents, "
                f"{summary.chunks} passages ({summary.embedded_documents} embedded, {summary.reused_documents} reused, "
                f"{summary.removed_documents} removed) in {summary.seconds:.0f} s.",
                icon=":material/check_circle:",
            )
            if summary.skipped:
                st.warning("Skipped files:\n\n" + "\n".join(f"- `{s}`: {r}" for s, r in summary.skipped))
        if running and not status.running:
            # Finished while this session watched: rerun the whole page so it loads the new index.
            st.rerun(scope="app")

    progress()


# --- the corpus page --------------------------------------------------------------------------------


def corpus_page() -> None:
    settings = current_settings()
    st.title("Corpus", anchor=False)
    service = get_service(settings)
    files = corpus_files(settings.corpus_dir)
    status = jobs_for(settings).status()
    loaded = isinstance(service, QAService)
    info = service.index_info() if loaded else {}
    indexed = {d.source for d in service.documents()} if loaded else set()
    skipped = [tuple(s) for s in info.get("skipped") or []]
    new, gone = pending_changes(files, indexed, skipped)
    st.caption(f"Corpus folder `{settings.corpus_dir}` · index folder `{settings.index_dir}`")

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Index", anchor=False)
        if isinstance(service, AuthorityTableError):
            table_error(service)
        elif not loaded:
            st.info(f"**No usable index.** {service}", icon=":material/info:")
        else:
            counts = info.get("counts", {})
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Documents", counts.get("documents", len(indexed)))
            c2.metric("Pages", counts.get("pages", "?"))
            c3.metric("Passages", counts.get("chunks", "?"))
            c4.metric("Built", str(info.get("built_at", "?"))[:10], help=str(info.get("built_at", "")))
        if skipped:
            st.warning(
                f"{len(skipped)} file(s) in the corpus could not be indexed:\n\n"
                + "\n".join(f"- `{s}`: {r}" for s, r in skipped),
                icon=":material/warning:",
            )
        if new:
            st.caption(f"Not indexed yet: {', '.join(new)}")
        if gone:
            st.caption(f"Indexed but no longer in the corpus folder: {', '.join(gone)}")
        buttons = st.container(horizontal=True, gap="small")
        if buttons.button("Update index", type="primary", icon=":material/sync:", disabled=status.running or not files,
                          help="Read new and changed files; reuse everything else.", key="update-index"):
            start_rebuild(settings, full=False)
            st.rerun()
        if buttons.button("Rebuild from scratch", icon=":material/restart_alt:", disabled=status.running or not files,
                          help="Re-read and re-embed every file.", key="full-rebuild"):
            start_rebuild(settings, full=True)
            st.rerun()
        rebuild_progress(settings)

    with right:
        st.subheader("Add documents", anchor=False)
        uploads = st.file_uploader(
            "PDF, .txt or .md files; update the index afterwards to search them.",
            type=["pdf", "txt", "md"], accept_multiple_files=True, key="uploads",
            max_upload_size=MAX_UPLOAD_BYTES // 2**20,
        )
        overwrite = st.checkbox("Replace files of the same name", key="upload-replace")
        if uploads:
            checks = [(u, check_upload(u.name, u.getvalue(), settings.corpus_dir, overwrite)) for u in uploads]
            for _, c in checks:
                (st.success if c.ok else st.error)(f"`{c.name}`: {c.message}")
            good = [(u, c) for u, c in checks if c.ok]
            if good and st.button(f"Add {len(good)} file{'s' if len(good) != 1 else ''} to the corpus",
                                  key="save-uploads", icon=":material/upload_file:"):
                for u, c in good:
                    save_upload(c.name, u.getvalue(), settings.corpus_dir)
                st.session_state["saved_uploads"] = [c.name for _, c in good]
                st.rerun()
        saved = st.session_state.get("saved_uploads")
        if saved:
            st.success(f"Added {', '.join(saved)}. Press **Update index** to make them searchable.",
                       icon=":material/check:")

    st.subheader("Indexed documents", anchor=False)
    if not loaded:
        st.caption("None yet.")
        return
    pages = {d["id"]: d.get("pages") for d in info.get("documents", [])}
    rows = documents_rows(service.documents(), service.authorities, pages)
    needle = st.text_input("Filter", placeholder="Filter by authority, type, title or file…", key="doc-filter",
                           label_visibility="collapsed")
    if needle:
        rows = [r for r in rows if needle.lower() in " ".join(str(v) for v in r.values()).lower()]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Authority": st.column_config.TextColumn(width=110),
            "Type": st.column_config.TextColumn(width=140),
            "Kind": st.column_config.TextColumn(width=90, help="primary: Ofsted's own; secondary: news, council documents"),
            "Date": st.column_config.TextColumn(width=100, help="When the work was done (period start), else publication"),
            "Published": st.column_config.TextColumn(width=100),
            "Title": st.column_config.TextColumn(width=430),
            "Pages": st.column_config.NumberColumn(width=60),
            "Source file": st.column_config.TextColumn(width=330),
        },
    )
    st.caption(f"{len(rows)} document{'s' if len(rows) != 1 else ''}")


# --- the script -------------------------------------------------------------------------------------

init_state()
st.html(R.CSS)
ASK_PAGE = st.Page(ask_page, title="Ask", icon=":material/forum:", default=True)
CORPUS_PAGE = st.Page(corpus_page, title="Corpus", icon=":material/folder_open:", url_path="corpus")
st.navigation([ASK_PAGE, CORPUS_PAGE], position="top").run()
