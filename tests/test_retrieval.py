"""Searching the real tiny index: scope filters never leak, lineage, duplicates, periods, LangChain."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from conftest import copy_corpus, settings_for
from indexer.authorities import AuthorityTable, UnknownAuthority
from qa.scope import Scope, scope_from_options
from qa.service import Query

pytestmark = pytest.mark.slow

SLIDES = "002_97fc39fbef9fd57b.txt"  # Bournemouth Borough Council, before the merger into BCP
INSPECTION_2021 = "bcp_ilacs-inspection_2021-12_pub-2022-02-11.pdf"


@pytest.fixture(scope="module")
def searcher(tiny_index, embedder):
    from qa.retrieval import Searcher

    settings, store = tiny_index
    return Searcher(store, embedder, AuthorityTable.load(settings.authorities_path), settings)


@pytest.fixture(scope="module")
def table(searcher) -> AuthorityTable:
    return searcher.table


def sources(results) -> list[str]:
    return [e.document.source for e in results]


SCOPES = [
    dict(authority="BCP"),
    dict(authority="Dorset"),
    dict(authority="Bournemouth"),
    dict(source_kind="primary"),
    dict(source_kind="secondary"),
    dict(since=2022),
    dict(until=2019),
    dict(authority="BCP", since=2020, until=2021),
    dict(doc_types=["news"]),
]


@pytest.mark.parametrize("options", SCOPES, ids=[str(o) for o in SCOPES])
@pytest.mark.parametrize("question", ["What did Ofsted say about care leavers?", "How has management oversight changed since 2018?"])
def test_scope_filters_never_leak(searcher, table, options, question) -> None:
    scope = scope_from_options(table, **options)
    results = searcher.search(question, scope, top_k=20)
    assert results, f"nothing found in scope {options}"
    for e in results:
        assert scope.allows(e.document, e.chunk.about_date), (options, e.document.source, e.chunk.about_date)


def test_the_row_mask_agrees_with_scope_allows(searcher, table) -> None:
    store = searcher.store
    for options in SCOPES:
        scope = scope_from_options(table, **options)
        expected = [i for i, c in enumerate(store.chunks) if scope.allows(store.documents[c.doc_id], c.about_date)]
        assert searcher.allowed_rows(scope).tolist() == expected, options


def test_bcp_scope_includes_its_predecessor_bournemouth(searcher, table) -> None:
    question = "Recruiting a high calibre sustainable workforce: Grow Our Own, Step Up students"
    bcp = searcher.search(question, scope_from_options(table, authority="BCP"), top_k=5)
    assert SLIDES in sources(bcp)
    dorset = searcher.search(question, scope_from_options(table, authority="Dorset"), top_k=5)
    assert SLIDES not in sources(dorset)


def test_results_are_ranked_distinct_and_cut_to_top_k(searcher) -> None:
    results = searcher.search("What did inspectors find about the front door and MASH?", Scope(), top_k=7)
    assert [e.rank for e in results] == list(range(1, 8))
    assert len({e.chunk.id for e in results}) == 7
    assert all(a.score >= b.score for a, b in zip(results, results[1:]))
    assert all(e.dense_score is not None for e in results)


def test_change_over_time_results_span_every_relevant_period(searcher, table) -> None:
    question = "How has management oversight of social work practice in BCP changed over time?"
    scope = scope_from_options(table, authority="BCP")
    spread = searcher.search(question, scope, top_k=10)
    periods = {searcher._period[searcher.store.chunks.index(e.chunk)] for e in spread}
    assert len(periods) >= 4, periods
    # Against the same search without the spread: every period of the relevant pool whose best passage
    # is strong enough (period_floor of the best) got a slot.
    plain = searcher.search(question, scope, top_k=searcher.settings.diversify_pool, intent=replace(_intent(question), change_over_time=False))
    floor = searcher.settings.period_floor * plain[0].score
    pool_periods = {searcher._period[searcher.store.chunks.index(e.chunk)] for e in plain if e.score >= floor}
    assert len(pool_periods) >= 3 and pool_periods <= periods
    per_doc: dict[str, int] = {}
    for e in spread:
        per_doc[e.document.id] = per_doc.get(e.document.id, 0) + 1
    assert max(per_doc.values()) <= searcher.settings.per_document_cap


def _intent(question: str):
    from qa.timeparse import parse_time

    return parse_time(question)


def test_search_query_resolves_options_then_the_question(searcher, table) -> None:
    results = searcher.search_query(Query("What did Ofsted say about care leavers in BCP since 2022?"))
    scope, _intent_, notes = searcher.resolve(Query("What did Ofsted say about care leavers in BCP since 2022?"))
    assert notes == ["authority: BCP Council (named in the question)", "since 2022"]
    assert results and all(scope.allows(e.document, e.chunk.about_date) for e in results)
    assert all(e.document.authority in {"bcp", "bournemouth", "poole", "christchurch"} for e in results)
    with pytest.raises(UnknownAuthority):
        searcher.search_query(Query("care leavers", authority="Atlantis"))
    with pytest.raises(ValueError):
        searcher.search_query(Query("care leavers", source_kind="tertiary"))


def test_latest_inspection_limits_to_the_newest_report(searcher) -> None:
    query = Query("What did the latest inspection say about care leavers?", authority="BCP")
    results = searcher.search_query(query)
    assert results
    assert {e.document.date for e in results} == {"2024-12-02"}
    assert any("latest inspection" in n for n in searcher.resolve(query)[2])


def test_the_first_report_asked_for_is_the_oldest_the_corpus_holds(searcher) -> None:
    visit = Query("What did the first focused visit to BCP find?")
    scope, _, notes = searcher.resolve(visit)
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2019-11"}
    assert "the earliest visit the corpus holds: 2019-11" in notes
    inspection = Query("What was BCP's first inspection?")
    scope, _, notes = searcher.resolve(inspection)
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2021-12"}
    assert {e.document.date[:7] for e in searcher.search_query(inspection)} == {"2021-12"}


def test_a_question_of_every_authority_gives_each_line_a_slot(searcher) -> None:
    # Unscoped, BCP's six documents and its predecessor's slides would fill the top three; Dorset
    # gets one, and Bournemouth and BCP count as one line of succession.
    results = searcher.search_query(Query("How are children in care supported?", top_k=3))
    assert {searcher.table.line_head(e.document.authority) for e in results} == {"bcp", "dorset"}


def test_asked_plainly_of_one_authority_every_report_gets_a_slot(searcher, table) -> None:
    # "Tell me about BCP" matches the slides and the 2021 report best; the 2019 letter is there too.
    scope = scope_from_options(table, authority="BCP")
    reports = {d.id for d in searcher.store.documents.values() if scope.allows_document(d)}
    found = {e.document.id for e in searcher.search("Tell me about BCP", scope, top_k=len(reports))}
    assert found == reports


def test_an_areas_grade_is_brought_in_where_the_report_states_it_not_only_where_its_section_opens(searcher, table) -> None:
    # Dorset's 2021 report gives its help-and-protection grade in the title-page table; no passage opens
    # with that section's heading.
    question = "Are children in Dorset safe?"
    scope = scope_from_options(table, authority="Dorset")
    evidence = searcher.search(question, scope, top_k=5)
    brought = searcher.judgements(question, evidence, scope, frozenset({"dorset"}))
    assert any("help and protection" in e.chunk.text and e.document.authority == "dorset" for e in brought), [e.chunk.text[:80] for e in brought]


def test_asked_what_was_published_in_a_year_the_dates_are_of_publication(searcher) -> None:
    scope, _, notes = searcher.resolve(Query("Which reports were published in 2022?"))
    sources = {searcher.store.documents[d].source for d in scope.documents or ()}
    # BCP's December 2021 inspection was published in February 2022; Dorset's of September 2021 in November.
    assert "bcp_ilacs-inspection_2021-12_pub-2022-02-11.pdf" in sources
    assert "dorset_ilacs-inspection_2021-09_pub-2021-11-19.pdf" not in sources
    assert not scope.dated and "by publication date (asked for in the question)" in notes
    # Asked when a report was published, its year is the inspection's.
    scope, _, _ = searcher.resolve(Query("When was the BCP 2021 inspection report published?"))
    assert scope.dated and scope.documents is None


def test_the_latest_reports_of_many_authorities_are_noted_by_their_span(searcher) -> None:
    query = Query("Which councils are currently rated inadequate?")
    scope, _, notes = searcher.resolve(query)
    dates = {searcher.store.documents[d].date[:7] for d in scope.documents or ()}
    assert dates == {"2021-09", "2024-12"}  # Dorset's latest, BCP's latest
    assert "the latest graded report of each authority (Sep 2021 to Dec 2024)" in notes


def test_asked_which_authorities_are_covered_each_is_listed_by_its_latest_report(searcher) -> None:
    scope, _, notes = searcher.resolve(Query("Which authorities do you cover?"))
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2021-09", "2024-12"}  # Dorset's, BCP's
    assert any(n.startswith("the latest report of each authority") for n in notes), notes


def test_a_list_of_the_sources_of_one_kind_keeps_to_that_kind(searcher) -> None:
    scope, _, notes = searcher.resolve(Query("Which sources are secondary?"))
    kinds = {searcher.store.documents[c.doc_id].source_kind for c in (searcher.store.chunks[int(r)] for r in searcher.allowed_rows(scope))}
    assert kinds == {"secondary"}
    assert any(n.startswith("secondary sources only: the corpus holds 3 in this scope") for n in notes), notes


def test_asked_which_authority_has_the_most_reports_each_is_counted(searcher) -> None:
    # The tiny index holds four Ofsted reports on BCP (Bournemouth's slides are secondary) and one on Dorset.
    scope, _, notes = searcher.resolve(Query("Which authority has the most inspections?"))
    assert {searcher.store.documents[c.doc_id].authority for c in map(searcher.store.chunks.__getitem__, searcher.allowed_rows(scope))} == {"bcp"}
    assert "reports the corpus holds by authority, most first: BCP 4, Dorset 1" in notes, notes
    scope, _, notes = searcher.resolve(Query("Which council has had the fewest reports?"))
    assert "reports the corpus holds by authority, fewest first: Dorset 1, BCP 4" in notes, notes


def test_a_kind_of_report_asked_about_keeps_to_it(searcher) -> None:
    scope, _, notes = searcher.resolve(Query("What did the focused visit to BCP find?"))
    assert scope.doc_types == frozenset({"focused visit"}) and "focused visit reports only (named in the question)" in notes
    evidence = searcher.search("What did the focused visit to BCP find?", scope, top_k=5)
    assert evidence and {e.document.doc_type for e in evidence} == {"focused visit"}
    # Named to date a change, it keeps every kind; named where the scope's dates hold none, it is noted.
    assert searcher.resolve(Query("How has BCP changed since the 2019 focused visit?"))[0].doc_types is None
    scope, _, notes = searcher.resolve(Query("What did the 2024 focused visit to BCP find?"))
    assert scope.doc_types is None and "no focused visit report in scope: passages that mention one" in notes


def test_a_list_in_the_present_tense_is_of_each_authoritys_latest_grade(searcher) -> None:
    for question in (
        "Which councils are rated inadequate?", "How many authorities are good?",
        "Which councils Require Improvement?", "Which councils have an inadequate rating?",
        "How is every council doing?", "What grades do the councils have now?",
        "How many children's services are rated outstanding?", "Which children's services are inadequate?",
    ):
        scope, _, notes = searcher.resolve(Query(question))
        assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2021-09", "2024-12"}, question
        assert "the latest graded report of each authority (Sep 2021 to Dec 2024)" in notes
    # An area named between the two ("Which councils in the South West are…?") is the same list there.
    scope, _, notes = searcher.resolve(Query("Which councils in the South West are rated inadequate?"))
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2021-09", "2024-12"}
    assert "the latest graded report of each authority (Sep 2021 to Dec 2024)" in notes
    # In the past tense, or counting how often, every report.
    for question in (
        "Which councils were judged inadequate?", "Which councils are judged inadequate more than once?",
        "Which councils required improvement?", "Which councils had an inadequate rating?",
    ):
        scope, _, _ = searcher.resolve(Query(question))
        assert scope.documents is None, question


def test_a_verdict_asked_of_a_latest_report_that_gives_no_grade_points_to_the_one_that_does(searcher) -> None:
    # BCP's latest visit is the October 2022 monitoring visit, which gives no grade; its latest grade is
    # December 2024's.
    scope, _, notes = searcher.resolve(Query("How was BCP doing at its latest visit?"))
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2022-10"}
    assert "that report gives no grade; the latest that does is of Dec 2024 (ask for the grade to see it)" in notes, notes
    # Its latest report gives one: no such note.
    _, _, notes = searcher.resolve(Query("How is BCP doing?"))
    assert not any("gives no grade" in n for n in notes), notes


def test_which_council_is_doing_best_asks_for_each_authoritys_latest_grade(searcher) -> None:
    scope, _, notes = searcher.resolve(Query("Which council is doing best?"))
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2021-09", "2024-12"}
    assert "the latest graded report of each authority (Sep 2021 to Dec 2024)" in notes


def test_a_grade_asked_of_the_latest_report_skips_visits_that_give_none(searcher) -> None:
    # Until 2023 BCP's latest event is the October 2022 monitoring visit; its grade is December 2021's.
    graded = Query("What was BCP's latest grade?", authority="BCP", until="2023")
    scope, _, notes = searcher.resolve(graded)
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2021-12"}
    assert "the latest graded report: 2021-12" in notes
    findings = Query("What did the latest report find?", authority="BCP", until="2023")
    scope, _, notes = searcher.resolve(findings)
    assert {searcher.store.documents[d].date[:7] for d in scope.documents or ()} == {"2022-10"}


def test_empty_scope_finds_nothing(searcher) -> None:
    assert searcher.search("care leavers", Scope(authorities=frozenset({"kent"}))) == []


def test_langchain_retriever(searcher) -> None:
    from qa.langchain_retriever import InspectionRetriever

    retriever = InspectionRetriever(searcher=searcher, authority="BCP", source_kind="primary", k=4)
    docs = retriever.invoke("How are care leavers supported?")
    assert len(docs) == 4
    for d in docs:
        assert d.page_content
        assert d.metadata["authority"] in {"bcp", "bournemouth", "poole", "christchurch"}
        assert d.metadata["source_kind"] == "primary"
        assert {"source", "title", "date", "page", "paragraph", "chunk_id", "score", "rank"} <= set(d.metadata)


# --- duplicates: the same report as text and as PDF -------------------------------------------------

TEXT_COPY = "001_1d4c7e16ff40473a.txt"
PDF_COPY = "bcp_ilacs-inspection_2024-12_pub-2025-01-29.pdf"


def _searcher_of(root, embedder, sources: list[str]):
    """A searcher over a real index, built under ``root``, of the corpus documents ``sources``."""
    from indexer.build import build_index
    from indexer.store import IndexStore
    from qa.retrieval import Searcher

    copy_corpus(root / "corpus", sources)
    settings = settings_for(root)
    build_index(settings, embedder=embedder)
    return Searcher(IndexStore.load(settings.index_dir, settings), embedder, AuthorityTable.load(settings.authorities_path), settings)


@pytest.fixture(scope="module")
def twin_searcher(tmp_path_factory, embedder):
    """A real index of the December 2024 BCP report twice: the text copy and Ofsted's PDF."""
    return _searcher_of(tmp_path_factory.mktemp("twins"), embedder, [TEXT_COPY, PDF_COPY])


@pytest.mark.parametrize(
    "question",
    [
        "What is the local offer for care leavers like?",
        "How effective is the multi-agency safeguarding hub?",
        "What did inspectors say about quality assurance?",
    ],
)
def test_a_report_in_two_copies_fills_each_slot_once_with_the_pdf(twin_searcher, question) -> None:
    from qa.diversify import overlap, shingles

    results = twin_searcher.search(question, Scope(), top_k=10)
    assert len(results) == 10
    assert sources(results)[0] == PDF_COPY
    texts = [shingles(e.chunk.text) for e in results]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            assert overlap(texts[i], texts[j]) < twin_searcher.settings.duplicate_threshold
    # A text-copy passage may remain only where the PDF cuts the text elsewhere; most slots are the PDF's.
    assert sources(results).count(PDF_COPY) >= 8


def test_a_scope_that_excludes_the_pdf_still_shows_the_text_copy(twin_searcher) -> None:
    text_only = Scope(documents=frozenset(d.id for d in twin_searcher.store.documents.values() if d.source == TEXT_COPY))
    results = twin_searcher.search("What is the local offer for care leavers like?", text_only, top_k=5)
    assert results and set(sources(results)) == {TEXT_COPY}


def test_options_only_queries_ignore_what_the_question_names(searcher) -> None:
    query = Query("What did Ofsted say about care leavers in Dorset since 2022?", infer_scope=False)
    scope, intent, notes = searcher.resolve(query)
    assert scope == Scope() and notes == []
    assert (intent.since, intent.latest) == (None, None)


def _opening_docs(searcher, results) -> set[str]:
    """Documents whose opening (summary) passages are among ``results``."""
    return {
        e.document.source
        for e in results
        if searcher._summary[searcher.store.chunks.index(e.chunk)]
    }


def test_a_passage_under_a_summary_heading_is_the_summary_wherever_it_stands(searcher, table) -> None:
    # The October 2022 monitoring letter's "Headline findings" run past its first passages: they sum it
    # up all the same, and asked for a verdict they are boosted as its opening is.
    chunks = searcher.store.chunks
    row = next(i for i, c in enumerate(chunks) if c.text.startswith("From this very low starting point"))
    place = [c.doc_id for c in chunks[:row]].count(chunks[row].doc_id)
    assert place >= searcher.settings.summary_passages  # past the opening passages
    assert searcher._summary[row] and chunks[row].section == "Headline findings"
    scope = scope_from_options(table, authority="BCP")
    rows = searcher.allowed_rows(scope)
    verdict = "What did the 2022 monitoring visit to BCP find?"
    mask = searcher._boost_mask(verdict, searcher._scope_names(verdict, scope), rows, _intent(verdict))
    assert mask[list(rows).index(row)]


def test_a_verdict_question_brings_each_reports_summary(searcher, table) -> None:
    question = "How have BCP's children's services improved since they were judged inadequate?"
    scope = scope_from_options(table, authority="BCP", source_kind="primary")
    reports = {d.source for d in searcher.store.documents.values() if scope.allows_document(d)}
    boosted = searcher.search(question, scope, top_k=10)
    assert _opening_docs(searcher, boosted) == reports
    # A topic question is ranked on its topic alone: the same boost does not apply.
    topic = searcher.search("How has care leaver support changed?", scope, top_k=10)
    unboosted = without_summary_boost(searcher).search("How has care leaver support changed?", scope, top_k=10)
    assert [e.chunk.id for e in topic] == [e.chunk.id for e in unboosted]


def test_asked_how_the_whole_service_changed_the_summary_prose_is_boosted_not_the_grade_table(searcher, table) -> None:
    scope = scope_from_options(table, authority="BCP")
    rows = searcher.allowed_rows(scope)
    names = searcher._scope_names("", scope)
    tables = searcher._grade_table[rows]
    assert tables.any(), "the tiny index's BCP reports have grade tables"
    change = "How have BCP's children's services changed since 2019?"
    judged = "How was BCP judged in the December 2021 inspection?"
    over_time = searcher._boost_mask(change, names, rows, _intent(change))
    once = searcher._boost_mask(judged, names, rows, _intent(judged))
    assert over_time.any() and not (over_time & tables).any()  # the answer brings the grade rows in itself
    assert (once & tables).any()  # asked for one grade, the table is what answers
    why = "Why was BCP judged inadequate in December 2021?"
    reasons = searcher._boost_mask(why, names, rows, _intent(why))
    assert reasons.any() and not (reasons & tables).any()  # asked why, the summary's reasons, not the grade


def test_a_letters_account_of_what_its_visit_looked_at_is_no_verdict(searcher, table) -> None:
    # The October 2022 monitoring letter opens with "The focus of the monitoring visit was…": asked
    # what the visit looked at, that answers; asked how the service was judged, it does not.
    scope = scope_from_options(table, authority="BCP")
    rows = searcher.allowed_rows(scope)
    names = searcher._scope_names("", scope)
    covered = searcher._says_what_covered[rows] & searcher._summary[rows]
    assert covered.any(), "the tiny index's letters open with what their visits looked at"
    verdict = "How did Ofsted's overall view of BCP's children's services change?"
    scope_q = "What did the 2022 monitoring visit to BCP look at?"
    assert searcher._boost_mask(verdict, names, rows, _intent(verdict)).any()
    assert not (searcher._boost_mask(verdict, names, rows, _intent(verdict)) & covered).any()
    assert (searcher._boost_mask(scope_q, names, rows, _intent(scope_q)) & covered).any()


def without_summary_boost(searcher):
    from qa.retrieval import Searcher

    return Searcher(searcher.store, searcher.embedder, searcher.table, searcher.settings.model_copy(update={"summary_boost": 0.0}))


def test_a_passage_is_scored_partly_by_its_best_sentence(searcher) -> None:
    import numpy as np

    from qa.retrieval import Searcher

    store = searcher.store
    rows = np.unique(store.sentence_rows)[:40]
    q = searcher.embedder.embed_query("How stable is the social work workforce?")
    own = store.vectors[rows] @ q
    best = np.array([(store.sentence_vectors[store.sentence_rows == r] @ q).max() for r in rows])

    def scores(weight: float) -> np.ndarray:
        settings = searcher.settings.model_copy(update={"sentence_weight": weight})
        return Searcher(store, searcher.embedder, searcher.table, settings)._dense_rows(rows, q)

    assert np.allclose(scores(0.0), own, atol=1e-6)
    assert np.allclose(scores(1.0), best, atol=1e-6)
    assert np.allclose(scores(0.3), 0.7 * own + 0.3 * best, atol=1e-6)
    # An index without sentence vectors scores every row by its own vector.
    from dataclasses import replace as replace_fields

    bare = replace_fields(store, sentence_vectors=None, sentence_rows=None, faiss_index=store.faiss_index, bm25=store.bm25)
    scored = Searcher(bare, searcher.embedder, searcher.table, searcher.settings)._dense_rows(rows, q)
    assert np.allclose(scored, own, atol=1e-6)


def test_answers_reuse_the_index_sentence_vectors(searcher, table) -> None:
    from indexer.embedding import sentence_texts
    from qa.compose_extractive import sentence_vectors

    class Counting:
        """The real embedder, counting the texts it is asked to embed."""

        def __init__(self, inner) -> None:
            self.inner, self.model_id, self.texts = inner, inner.model_id, 0

        def embed(self, texts):
            self.texts += len(texts)
            return self.inner.embed(texts)

    searcher.share_sentence_vectors()
    texts = [t for c in searcher.store.chunks[:30] for t in sentence_texts(c)]
    counting = Counting(searcher.embedder)
    vectors = sentence_vectors(counting, texts)
    assert counting.texts == 0  # every sentence came from the index
    rows = [i for i, r in enumerate(searcher.store.sentence_rows) if r < 30]
    assert np_allclose(vectors, searcher.store.sentence_vectors[rows])


def np_allclose(a, b) -> bool:
    import numpy as np

    return bool(np.allclose(a, b, atol=1e-6))


def test_term_rarity_is_inverse_document_frequency(searcher) -> None:
    rarity = searcher.term_rarity("children care leavers harbour zzzunknown")
    assert rarity["leaver"] > rarity["children"] > 0
    assert rarity["zzzunknown"] == max(rarity.values())  # in no passage: as rare as can be


def test_an_improvement_question_brings_the_reports_what_needs_to_improve_list(searcher, table) -> None:
    from qa.lexical import IMPROVEMENT_HEADING

    question = "What did Ofsted say BCP needs to improve for care leavers?"
    scope = scope_from_options(table, authority="BCP", source_kind="primary")
    lists = [e for e in searcher.search(question, scope, top_k=5) if IMPROVEMENT_HEADING.search(e.chunk.section or "")]
    unboosted = without_summary_boost(searcher).search(question, scope, top_k=5)
    assert lists, "no 'What needs to improve' passage in the top 5"
    assert len(lists) > sum(1 for e in unboosted if IMPROVEMENT_HEADING.search(e.chunk.section or ""))


def test_separate_years_in_a_question_leave_out_the_years_between(searcher, table) -> None:
    base = scope_from_options(table, authority="BCP")
    query = Query(question="What did Ofsted say about care leavers in 2019 and in 2022?", authority="BCP", top_k=20)
    results = searcher.search_query(query)
    assert searcher.resolve(query)[0].spans == (("2019-01-01", "2019-12-31"), ("2022-01-01", "2022-12-31"))
    assert results
    # The December 2021 inspection comes in only where a passage of it is about one of the two years.
    assert all(
        (e.chunk.about_date or "")[:4] in {"2019", "2022"} for e in results if e.document.source == INSPECTION_2021
    )
    # The range alone would have let the December 2021 inspection in.
    ranged = searcher.search("What did Ofsted say about care leavers?", replace(base, since="2019-01-01", until="2022-12-31"), top_k=20)
    assert any(e.document.source == INSPECTION_2021 and not e.chunk.about_date for e in ranged)


def test_passages_of_framing_alone_are_not_evidence_unless_the_inspection_itself_is_asked_about(searcher, table) -> None:
    framing = {searcher.store.chunks[r].id for r in np.flatnonzero(searcher._framing_only)}
    assert framing, "the tiny index's letters have letterheads"
    scope = scope_from_options(table, authority="BCP")
    topical = searcher.search("What did Ofsted find about permanence planning in 2019?", scope, top_k=30)
    assert topical and not {e.chunk.id for e in topical} & framing
    about_the_visit = searcher.search("Who were the inspectors and what letter did they send in December 2019?", scope, top_k=30)
    assert {e.chunk.id for e in about_the_visit} & framing


def test_a_time_nothing_in_scope_is_dated_finds_what_other_reports_say_of_it(searcher, table) -> None:
    # The tiny index holds one Dorset document, its 2021 inspection, which recalls 2019 twice.
    query = Query(question="What had happened in Dorset's children's services in 2019?", authority="Dorset", top_k=10)
    scope, _, notes = searcher.resolve(query)
    assert scope.mentions == (2019,) and not scope.dated
    assert notes[-1] == "nothing in scope is dated 2019: passages from other dates that mention 2019"
    results = searcher.search_query(query)
    assert results and all("2019" in e.chunk.text and e.document.authority == "dorset" for e in results)
    # Dates set as options are a filter the user chose: they are never widened.
    strict = Query(question="What had happened in Dorset's children's services?", authority="Dorset", since=2019, until=2019)
    assert searcher.resolve(strict)[0].mentions == () and searcher.search_query(strict) == []


@pytest.fixture(scope="module")
def graded_searcher(tmp_path_factory, embedder):
    """A real index of two inspections: Swindon's of 2023 (overall effectiveness inadequate) and
    Trafford's of June 2026 (no overall grade; the impact of leaders inadequate)."""
    return _searcher_of(
        tmp_path_factory.mktemp("graded"), embedder,
        ["swindon_ilacs-inspection_2023-07_pub-2023-09-11.pdf", "trafford_ilacs-inspection_2026-06_pub-2026-08-03.pdf"],
    )


def test_a_list_by_grade_takes_the_leadership_judgement_of_a_report_with_no_overall_grade(graded_searcher) -> None:
    found = graded_searcher.judgements("Which councils were judged inadequate?", [], Scope(), frozenset())
    rows = {e.document.authority: e.chunk.text for e in found}
    assert set(rows) == {"swindon", "trafford"}
    assert "Overall effectiveness" in rows["swindon"]
    assert "The impact of leaders" in rows["trafford"] and "Overall effectiveness" not in rows["trafford"]
    # None judged good: each graded report's row, for the answer to list with the grade it gives instead.
    instead = graded_searcher.judgements("Which councils were judged good?", [], Scope(), frozenset())
    assert {e.document.authority for e in instead} == {"swindon", "trafford"}
    # Asked of one that is not listed, a grade no report gives is no list: nothing brought in.
    assert graded_searcher.judgements("Was Swindon judged good?", [], Scope(authorities=frozenset({"swindon"})), frozenset()) == []


def test_asked_which_reports_give_no_overall_grade_those_alone_are_found(graded_searcher) -> None:
    question = "Which councils have no overall grade?"
    found = graded_searcher.search_query(Query(question))
    assert found and {e.document.authority for e in found} == {"trafford"}
    brought = graded_searcher.judgements(question, found, Scope(), frozenset())
    assert all("Overall effectiveness" not in e.chunk.text for e in [*found, *brought])


@pytest.mark.parametrize(
    "question, counted",
    [
        ("How many recommendations did Ofsted make to Bournemouth in 2018?", "The report makes 9 recommendations for improvement."),
        ("What proportion of placements for children in care in BCP were stable in 2019?", "which, at 63%, is below comparators"),
    ],
)
def test_a_how_many_question_lifts_a_passage_giving_a_number_about_its_topic(searcher, question, counted) -> None:
    from qa.retrieval import Searcher

    flat = Searcher(searcher.store, searcher.embedder, searcher.table, searcher.settings.model_copy(update={"quantity_boost": 0.0}))
    query = Query(question, authority="BCP")
    found = lambda s: next(e for e in s.search_query(query) if counted in " ".join(e.chunk.text.split()))
    boosted, plain = found(searcher), found(flat)
    # The passage counting the topic gains the boost, and leads or follows only the inspection's own
    # summary (the slides' account of 2018, which gives its grade).
    assert boosted.score - plain.score == pytest.approx(searcher.settings.quantity_boost)
    assert boosted.rank <= min(plain.rank, 2)


def test_a_passage_saying_the_questions_words_as_its_phrase_ranks_higher(searcher) -> None:
    from qa.retrieval import Searcher

    # The 2020 letter's "There are no quality assurance systems in place" says "quality assurance" as
    # the question does; the letter's headline says "quality" alone.
    flat = Searcher(searcher.store, searcher.embedder, searcher.table, searcher.settings.model_copy(update={"phrase_boost": 0.0}))
    query = Query("How has quality assurance of social work in BCP developed between the 2020 focused visit and the 2024 inspection?", top_k=60)
    found = lambda s: next(e for e in s.search_query(query) if "no quality assurance systems" in e.chunk.text)
    boosted, plain = found(searcher), found(flat)
    # ("social work" is no phrase of a topic: both words are everywhere in the reports)
    assert boosted.score - plain.score == pytest.approx(searcher.settings.phrase_boost)
    assert boosted.rank < plain.rank


def test_asked_how_something_changed_a_passage_saying_so_ranks_higher(searcher, table) -> None:
    from qa.lexical import STATES_CHANGE
    from qa.retrieval import Searcher

    flat = Searcher(searcher.store, searcher.embedder, searcher.table, searcher.settings.model_copy(update={"change_boost": 0.0}))
    scope = scope_from_options(table, authority="BCP")
    change = "How has care leaver support changed since 2018?"
    stating_change = lambda s: [e.rank for e in s.search(change, scope, top_k=10) if STATES_CHANGE.search(e.chunk.text)]
    assert len(stating_change(searcher)) > len(stating_change(flat))
    # A question about one time is ranked on its topic alone.
    once = "What did Ofsted say about management oversight in 2021?"
    assert [e.chunk.id for e in searcher.search(once, scope, top_k=10)] == [e.chunk.id for e in flat.search(once, scope, top_k=10)]


def test_a_document_type_named_but_absent_from_the_scope_is_noted(searcher) -> None:
    _, _, notes = searcher.resolve(Query("What did the monitoring visits to Dorset find?"))
    assert "no monitoring visit report in scope: passages that mention one" in notes
    _, _, notes = searcher.resolve(Query("What did the monitoring visit to BCP find?"))
    assert not any("no monitoring visit" in n for n in notes)



def test_a_report_asked_about_a_year_it_never_names_is_searched_whole_and_noted(searcher) -> None:
    scope, _, notes = searcher.resolve(Query("What did the 2024 inspection say about BCP in 2012?"))
    assert scope.mentions == () and (scope.since, scope.until) == ("2024-01-01", "2024-12-31")
    assert "no passage in these dates mentions 2012" in notes, notes
    scope, _, notes = searcher.resolve(Query("What did the 2024 inspection say about BCP in 2021?"))
    assert scope.mentions == (2021,) and "passages that mention 2021" in notes, notes


@pytest.fixture(scope="module")
def trust_searcher(tmp_path_factory, embedder):
    """A real index of Bradford's inspections of November 2022 (inadequate, run by the council) and
    January 2026 (run by Bradford Children and Families Trust since April 2023)."""
    return _searcher_of(
        tmp_path_factory.mktemp("trust"), embedder,
        ["bradford_ilacs-inspection_2022-11_pub-2023-01-31.pdf", "bradford_ilacs-inspection_2026-01_pub-2026-05-21.pdf"],
    )


def test_a_change_since_the_trust_took_over_is_measured_from_the_councils_last_graded_report(trust_searcher) -> None:
    query = Query("How has Bradford changed since the trust was set up?")
    _, intent, notes = trust_searcher.resolve(query)
    assert intent.change_over_time and any(n.endswith("set against the graded report before: Nov 2022") for n in notes), notes
    found = trust_searcher.search_query(query)
    assert {e.document.date[:7] for e in found} == {"2022-11", "2026-01"}
    # Before the trust, nothing after it.
    before = trust_searcher.search_query(Query("How did Bradford do before the trust?"))
    assert before and {e.document.date[:7] for e in before} == {"2022-11"}
