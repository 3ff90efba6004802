"""Scope rules on hand-made documents and the real authority table."""

from dataclasses import replace
from datetime import date

import pytest

from indexer.authorities import AuthorityTable, UnknownAuthority
from indexer.settings import Settings
from qa.scope import (
    Scope,
    asks_by_publication,
    asks_for_secondary,
    mentioning,
    passage_span,
    resolve_question,
    scope_from_options,
    scope_from_question,
    source_words,
)
from factories import document

TABLE = AuthorityTable.load(Settings().authorities_path)
BCP_LINEAGE = frozenset({"bcp", "bournemouth", "poole", "christchurch"})


def test_authority_resolves_aliases_and_lineage() -> None:
    for name in ("BCP", "bcp council", "Bournemouth, Christchurch & Poole"):
        assert scope_from_options(TABLE, authority=name).authorities == BCP_LINEAGE
    # a replaced body's scope reaches the body that replaced it, not its siblings' own records
    assert scope_from_options(TABLE, authority="Bournemouth").authorities == frozenset({"bournemouth", "bcp"})


def test_unknown_authority_names_close_matches() -> None:
    with pytest.raises(UnknownAuthority, match="Bournemouth"):
        scope_from_options(TABLE, authority="Bournemuth")


def test_option_dates_and_kinds() -> None:
    s = scope_from_options(TABLE, since=2018, until="2021", source_kind="Primary", doc_types=["Full inspection"])
    assert (s.since, s.until, s.source_kind, s.doc_types) == ("2018-01-01", "2021-12-31", "primary", frozenset({"full inspection"}))
    assert scope_from_options(TABLE, since="2019-04-01").since == "2019-04-01"
    with pytest.raises(ValueError, match="source kind"):
        scope_from_options(TABLE, source_kind="tertiary")
    with pytest.raises(ValueError, match="since"):
        scope_from_options(TABLE, since="recently")
    with pytest.raises(ValueError, match="after"):
        scope_from_options(TABLE, since=2022, until=2020)
    with pytest.raises(ValueError, match="document type"):
        scope_from_options(TABLE, doc_types=["blog"])


def test_allows_by_authority_kind_type_and_date() -> None:
    bournemouth_slides = document("slides", authority="bournemouth", doc_type="council self-evaluation", source_kind="secondary", date="2018-09-01")
    dorset = document("dorset", authority="dorset", date="2021-09-01")
    s = scope_from_options(TABLE, authority="BCP")
    assert s.allows(bournemouth_slides)
    assert not s.allows(dorset)
    assert not replace(s, source_kind="primary").allows(bournemouth_slides)
    assert not replace(s, doc_types=frozenset({"full inspection"})).allows(bournemouth_slides)
    assert Scope(since="2018-09-01").allows(bournemouth_slides)
    assert not Scope(since="2018-09-02").allows(bournemouth_slides)
    assert not Scope(until="2018-08-31").allows(bournemouth_slides)


def test_date_is_the_period_overlap_or_the_passage_own_date() -> None:
    report = replace(document("r", date="2021-12-06"), period_end="2021-12-17", published="2022-02-11")
    assert passage_span(report) == (date(2021, 12, 6), date(2021, 12, 17))
    assert Scope(since="2021-12-10").allows(report)  # the inspection ran into the range
    assert not Scope(since="2022-01-01").allows(report)  # published later, but about 2021
    # A 2022 report's passage recalling the 2019 judgement is in scope for both years, not for 2020.
    later = document("later", date="2022-10-03")
    assert Scope(since="2019-01-01", until="2019-12-31").allows(later, about_date="2019")
    assert Scope(since="2022-01-01").allows(later, about_date="2019")
    assert not Scope(since="2020-01-01", until="2020-12-31").allows(later, about_date="2019")
    # In scope by its report's dates, a passage about a time outside them is the report's account.
    assert Scope(since="2022-01-01").about_outside("2019")
    assert not Scope(since="2019-01-01").about_outside("2019") and not Scope().about_outside("2019")
    assert not Scope(since="2022-01-01").about_outside(None)
    # Outside the report's own dates, its passages are there for the time they recall or mention.
    assert Scope(since="2019-01-01", until="2019-12-31").recalled(later) and Scope(mentions=(2019,)).recalled(later)
    assert not Scope(since="2022-01-01").recalled(later) and not Scope().recalled(later)


def test_undated_documents_fall_outside_any_date_range() -> None:
    undated = document("u", date=None)
    assert Scope().allows(undated)
    assert not Scope(since="2000-01-01").allows(undated)


def test_describe() -> None:
    s = scope_from_options(TABLE, authority="BCP", since=2018, source_kind="primary")
    assert s.describe(TABLE) == (
        "BCP Council (and Borough of Poole, Bournemouth Borough Council, Christchurch Borough Council)"
        " · since 2018 · primary sources"
    )
    assert Scope(since="2019-01-01", until="2021-12-31").describe(TABLE) == "all authorities · 2019 to 2021"
    assert Scope(since="2022-01-01", until="2022-12-31").describe(TABLE) == "all authorities · 2022"
    # "In the last two years" asked on 27 November 2026: a day reads as people write it.
    assert Scope(since="2024-11-27").describe(TABLE) == "all authorities · since 27 Nov 2024"


def test_question_fills_what_options_leave_open() -> None:
    scope, notes = scope_from_question("How have services for care leavers in BCP changed since 2018?", TABLE, Scope())
    assert scope.authorities == BCP_LINEAGE
    assert scope.since == "2018-01-01" and scope.until is None
    assert notes == ["authority: BCP Council (named in the question)", "since 2018"]


def test_a_body_that_was_replaced_is_searched_with_its_successors_and_the_note_says_so() -> None:
    scope, notes = scope_from_question("What did Ofsted say about Poole?", TABLE, Scope())
    assert "bcp" in scope.authorities and "poole" in scope.authorities
    assert notes == ["authority: Borough of Poole (named in the question), and BCP Council, which replaced it"]
    _, notes = scope_from_question("What did Ofsted say about Cumbria?", TABLE, Scope())
    assert notes == [
        "authority: Cumbria County Council (named in the question), and Cumberland Council and Westmorland and "
        "Furness Council, which replaced it"
    ]


def test_a_region_named_scopes_to_the_corpus_authorities_there() -> None:
    scope, notes = scope_from_question("Which councils in the North West were judged inadequate?", TABLE, Scope())
    assert scope.authorities == frozenset(TABLE.in_region("North West")) and "trafford" in scope.authorities
    assert notes[0].startswith("region: North West (named in the question): Blackpool Council and Bury Council")
    # A region the corpus holds no authority in: an empty scope, and the note says why.
    scope, notes = scope_from_question("Which councils in London were judged good?", TABLE, Scope())
    assert scope.authorities == frozenset() and notes == ["region: London (named in the question): no authority in the corpus"]
    # An authority named wins over a region.
    scope, _ = scope_from_question("How does Kent compare with the rest of the South East?", TABLE, Scope())
    assert scope.authorities == frozenset({"kent"})
    # A metropolitan county: its boroughs the corpus holds (it listed every authority's reports).
    scope, notes = scope_from_question("Which councils in Greater Manchester were judged inadequate?", TABLE, Scope())
    assert scope.authorities == frozenset({"bury", "tameside", "trafford"})
    assert notes[0].startswith("area: Greater Manchester (named in the question): Bury Council")


def test_options_win_over_the_question() -> None:
    base = scope_from_options(TABLE, authority="Dorset", since=2020)
    scope, notes = scope_from_question("What did Ofsted say about BCP in 2018?", TABLE, base)
    assert scope == base
    assert notes == []


def test_a_framework_named_is_said_in_the_note() -> None:
    scope, _, notes = resolve_question("How was Birmingham judged under the SIF?", TABLE, Scope())
    assert (scope.since, scope.until) == ("2013-11-01", "2017-12-31")
    assert notes[-1] == "Nov 2013 to 2017 (the single inspection framework, Nov 2013 to Dec 2017)"


def test_merger_date_comes_from_the_authority_in_scope() -> None:
    scope, intent, notes = resolve_question("What was practice like before the merger?", TABLE, scope_from_options(TABLE, authority="BCP"))
    assert (scope.since, scope.until) == (None, "2019-03-31")
    assert notes == ["until Mar 2019 (before the reorganisation)"]
    scope, intent, notes = resolve_question("What was practice like before the merger?", TABLE, Scope())
    assert (scope.since, scope.until) == (None, None)
    assert intent.merger == "before"


def test_a_change_after_a_year_says_the_year_is_its_baseline() -> None:
    scope, _, notes = resolve_question("Did the Isles of Scilly improve after 2023?", TABLE, Scope())
    assert (scope.since, scope.until) == ("2023-01-01", None)
    assert notes[-1] == "since 2023 (2023 included: the change asked after it is measured from it)", notes


def test_a_trust_date_comes_from_the_authority_in_scope() -> None:
    scope, intent, notes = resolve_question("How did Bradford do before the trust?", TABLE, Scope())
    assert (scope.since, scope.until) == (None, "2023-03-31")
    assert notes[-1] == "until Mar 2023 (before Bradford Children and Families Trust took over the services)"
    # West Northamptonshire's scope holds Northamptonshire, whose services the trust took over in 2020.
    scope, _, _ = resolve_question("What did Ofsted say about West Northamptonshire after the trust was created?", TABLE, Scope())
    assert (scope.since, scope.until) == ("2020-11-01", None)
    # An authority with no trust: said, and no date set.
    scope, intent, notes = resolve_question("How did Kent do before the trust?", TABLE, Scope())
    assert (scope.since, scope.until, intent.trust) == (None, None, "before")
    assert "'before the trust' not applied" in notes[-1], notes


def test_a_short_or_open_time_becomes_years_to_mention_a_long_one_does_not() -> None:
    bcp = scope_from_options(TABLE, authority="BCP")
    in_2019 = mentioning(replace(bcp, since="2019-01-01", until="2019-12-31"))
    assert in_2019 is not None
    assert (in_2019.mentions, in_2019.dated, in_2019.authorities) == ((2019,), False, bcp.authorities)
    assert in_2019.describe(TABLE).endswith(" · passages that mention 2019")
    assert mentioning(Scope(since="2019-04-01", until="2020-03-31")).mentions == (2019, 2020)
    pair = mentioning(Scope(since="2019-01-01", until="2022-12-31", spans=(("2019-01-01", "2019-12-31"), ("2022-01-01", "2022-12-31"))))
    assert pair.mentions == (2019, 2022) and pair.describe(TABLE) == "all authorities · passages that mention 2019 or 2022"
    assert mentioning(Scope(until="2023-03-31")).mentions == (2021, 2022, 2023)  # "before the split": the years nearest
    assert mentioning(Scope(since="2030-01-01")).mentions == (2030, 2031, 2032)
    assert mentioning(Scope()) is None
    assert mentioning(Scope(since="2015-01-01", until="2020-12-31")) is None  # six years: too long to mean a mention


def test_separate_years_named_in_a_question_exclude_the_years_between() -> None:
    inspection_2019 = document("a", date="2019-11-05")
    inspection_2021 = document("b", date="2021-12-06")
    inspection_2022 = document("c", date="2022-10-04")
    scope, notes = scope_from_question("What did Ofsted say about care leavers in 2019 and in 2022?", TABLE, Scope())
    assert scope.allows(inspection_2019) and scope.allows(inspection_2022)
    assert not scope.allows(inspection_2021)
    assert notes == ["2019 and 2022"]
    assert scope.describe(TABLE) == "all authorities · 2019 and 2022"
    # Options that set a range keep it; the named years narrow it further.
    within, notes = scope_from_question("What changed in 2019 and in 2022?", TABLE, Scope(since="2020-01-01"))
    assert (within.since, within.allows(inspection_2022), within.allows(inspection_2019)) == ("2020-01-01", True, False)


def test_the_question_narrows_the_options_dates_never_widens_them() -> None:
    base = Scope(since="2021-01-01", until="2022-12-31")
    within, notes = scope_from_question("What was the judgement in the December 2021 inspection?", TABLE, base)
    assert (within.since, within.until, notes) == ("2021-12-01", "2021-12-31", ["Dec 2021"])
    # A question reaching beyond the options keeps their ends.
    wider, notes = scope_from_question("How has it changed since 2018?", TABLE, base)
    assert (wider.since, wider.until, notes) == ("2021-01-01", "2022-12-31", [])
    overlapping, notes = scope_from_question("What happened between 2022 and 2024?", TABLE, base)
    assert (overlapping.since, overlapping.until) == ("2022-01-01", "2022-12-31")


def test_the_question_closes_an_end_the_options_leave_open() -> None:
    within, notes = scope_from_question("What progress had been made by 2025?", TABLE, Scope(since="2025-01-01"))
    assert (within.since, within.until, notes) == ("2025-01-01", "2025-12-31", ["until 2025"])
    # Never into an empty range: a question about a time before the options' start changes nothing.
    base = Scope(since="2020-01-01")
    assert scope_from_question("What happened in 2018?", TABLE, base) == (base, [])
    earlier, notes = scope_from_question("How has it changed since 2018?", TABLE, Scope(until="2022-12-31"))
    assert (earlier.since, earlier.until, notes) == ("2018-01-01", "2022-12-31", ["since 2018"])


def test_asking_what_the_press_said_keeps_to_news_reports() -> None:
    scope, _, notes = resolve_question("What did the press say about BCP's 2021 inspection?", TABLE, Scope())
    assert scope.doc_types == frozenset({"news"}) and "news reports (asked for in the question)" in notes
    assert scope.allows_document(document("n", doc_type="news", source_kind="secondary"))
    assert not scope.allows_document(document("r", doc_type="full inspection"))
    # The user's own choice wins: asked for Ofsted's own documents, the question cannot turn to the news.
    primary = scope_from_options(TABLE, source_kind="primary")
    assert resolve_question("What did the media report?", TABLE, primary)[0].doc_types is None
    assert resolve_question("What did Ofsted find?", TABLE, Scope())[0].doc_types is None
    assert resolve_question("How was BCP's inspection covered in the news?", TABLE, Scope())[0].doc_types == frozenset({"news"})
    # The council's own account, asked for: its self-evaluation.
    slides = resolve_question("What did the council's own slides say about the 2018 inspection?", TABLE, Scope())
    assert slides[0].doc_types == frozenset({"council self-evaluation"}) and "the council's self-evaluation (asked for in the question)" in slides[2]
    assert resolve_question("What did Bournemouth's self-evaluation say about care leavers?", TABLE, Scope())[0].doc_types == frozenset({"council self-evaluation"})
    weighed = resolve_question("Is BCP's self-evaluation accurate?", TABLE, Scope())[0]  # beside what Ofsted made of it
    assert weighed.allows_document(document("r", doc_type="full inspection"))
    assert weighed.allows_document(document("s", doc_type="council self-evaluation", source_kind="secondary"))
    own = (
        "What did the council say about its own performance in 2018?", "What was the council's own account of the inspection?",
        "What did the council say about its workforce in 2018?",  # (it quoted Bradford's and Birmingham's reports too)
        "What did the council say about the 2018 inspection?",  # (it quoted Bury's, Bradford's and Birmingham's reports)
        # The document itself: "Show me the council's slides" quoted Birmingham's and Norfolk's reports.
        "Show me the council's slides", "What's in the council's slides?", "Summarise Bournemouth's self-evaluation",
        # What is in it: "How did Bournemouth rate itself…?" quoted Ofsted's letters on BCP's self-assessment.
        "How did Bournemouth rate itself in its self-evaluation?", "What priorities did Bournemouth set out in its slides?",
    )
    assert all(resolve_question(q, TABLE, Scope())[0].doc_types == frozenset({"council self-evaluation"}) for q in own)
    assert resolve_question("What did the council say about care leavers?", TABLE, Scope())[0].doc_types is None
    # Ofsted's word on the council's account, not the account.
    assert resolve_question("What did inspectors make of the gaps in BCP's self-assessment?", TABLE, Scope())[0].doc_types is None
    # A topic, not a source.
    assert resolve_question("What did Ofsted say about children's safety on social media?", TABLE, Scope())[0].doc_types is None
    assert resolve_question("Is there any good news about BCP's care leavers?", TABLE, Scope())[0].doc_types is None


@pytest.mark.parametrize(
    "question, beside",
    [
        ("Did the news coverage of BCP's 2021 inspection match what Ofsted said?", "news"),
        ("What did Ofsted and the press say about BCP's 2021 inspection?", "news"),
        ("How did the press coverage compare with Ofsted's report?", "news"),
        ("Was the news reporting of BCP's inspection accurate?", "news"),
        ("Did the council's slides agree with Ofsted?", "council self-evaluation"),
        ("What did the press say about Ofsted's 2021 inspection of BCP?", None),  # Ofsted's inspection is the story
        ("Compare the news coverage of BCP and Dorset", None),  # two authorities' stories
        ("What did the media report about Ofsted's findings on care leavers and HMOs?", None),
        ("According to the news, why was BCP rated inadequate?", None),
    ],
)
def test_a_source_set_beside_ofsted_is_searched_with_ofsteds_own_reports(question: str, beside: str | None) -> None:
    scope, _, notes = resolve_question(question, TABLE, Scope())
    news = document("n", doc_type="news", source_kind="secondary")
    slides = document("s", doc_type="council self-evaluation", source_kind="secondary")
    report = document("r", doc_type="full inspection")
    if beside is None:
        assert not any("beside Ofsted" in n for n in notes), notes
        return
    asked, other = (news, slides) if beside == "news" else (slides, news)
    assert scope.allows_document(asked) and scope.allows_document(report) and not scope.allows_document(other)
    assert any(n.endswith("beside Ofsted's own reports (asked for in the question)") for n in notes), notes
    # The words weighing one account against the other are scope, not topic.
    weighing = [w for w in ("accurate", "match", "compare", "agree") if w in question.rstrip("?").split()]
    assert all(w in source_words(question).split() for w in weighing), source_words(question)


def test_according_to_the_news_asks_for_news_reports() -> None:
    scope, _, notes = resolve_question("According to the news, why was BCP rated inadequate?", TABLE, Scope())
    assert scope.doc_types == frozenset({"news"}) and "news reports (asked for in the question)" in notes


@pytest.mark.parametrize(
    "question, speaks",
    [
        ("What did Ofsted say about the LADO in Dorset?", True),
        ("What has Ofsted said about leadership in Bradford?", True),
        ("According to Ofsted, how good is early help in Trafford?", True),
        ("What did Ofsted's 2021 report say about BCP?", True),
        ("What did the council say about Ofsted?", False),  # Ofsted spoken of
        ("How did BCP prepare for Ofsted visits?", False),
    ],
)
def test_ofsted_as_the_speaker_is_no_topic(question: str, speaks: bool) -> None:
    assert ("ofsted" in source_words(question).lower()) == speaks


def test_asking_for_a_kind_of_source_by_name_keeps_to_it() -> None:
    scope, _, notes = resolve_question("What do the secondary sources say about BCP?", TABLE, Scope())
    assert scope.source_kind == "secondary" and "secondary sources (asked for in the question)" in notes
    assert asks_for_secondary("What do the secondary sources say about BCP?")
    assert "secondary sources" in source_words("What do the secondary sources say about BCP?")  # scope, not topic
    # Covered in the news: the covering asks for the source too, and is no topic ("covered" was refused).
    scope, _, notes = resolve_question("Was the 2021 BCP report covered in the news?", TABLE, Scope())
    assert "news reports (asked for in the question)" in notes
    assert source_words("Was the 2021 BCP report covered in the news?") == "covered in the news"
    # Whose document it is names the source too: "the council" is no topic of "the council's self-evaluation".
    assert "the council's self-evaluation" in source_words("What did the council's self-evaluation say about its weaknesses?")
    # Asked the other way round; "secondary schools" asks for none.
    assert resolve_question("Which sources are secondary?", TABLE, Scope())[0].source_kind == "secondary"
    assert resolve_question("How many children attend secondary schools in BCP?", TABLE, Scope())[0].source_kind is None
    primary = resolve_question("What do primary sources say about care leavers?", TABLE, Scope())[0]
    assert primary.source_kind == "primary" and not asks_for_secondary("What do primary sources say about care leavers?")
    # The user's own choice wins.
    chosen = scope_from_options(TABLE, source_kind="primary")
    assert resolve_question("What do the secondary sources say?", TABLE, chosen)[0].source_kind == "primary"
    assert resolve_question("What is the primary school offer for children in care?", TABLE, Scope())[0].source_kind is None


@pytest.mark.parametrize(
    "question, latest",
    [
        ("How is Kent doing?", 1),
        ("How good is Bradford?", 1),
        ("Is Swindon still inadequate?", 1),
        ("What is the Isles of Scilly's grade?", 1),
        ("How was Kent judged?", None),  # past tense: every report
        ("Is Bradford getting better?", None),  # a change over time
        ("How is Kent doing in 2022?", None),  # a time named
        ("How are care leavers supported in Kent?", None),  # a topic, not a verdict
        ("What should Tameside do next?", 1),  # what is still to do
        ("What does Swindon need to improve?", 1),
        ("What are Kent's next steps?", 1),
        ("What did Ofsted tell Tameside to improve?", None),  # past tense: every report's list
        ("What's going wrong in Trafford?", 1),
        ("What went wrong in Tameside?", None),
        ("Where is Kent weakest?", 1),
        ("What should Bury prioritise?", 1),
        ("What is Kent like?", 1),
        ("How is Tameside doing these days?", 1),
        ("What is a focused visit?", None),  # what a term means, of no report in particular
        ("What does 'requires improvement to be good' mean?", None),
        ("Are there any councils that have been inadequate twice?", None),  # how often: every report
    ],
)
def test_a_verdict_in_the_present_tense_asks_of_the_latest_report(question: str, latest: int | None) -> None:
    _scope, intent, _notes = resolve_question(question, TABLE, Scope(), today=date(2026, 11, 27))
    assert intent.latest == latest


@pytest.mark.parametrize("question", ["When is Kent's next inspection?", "When will Ofsted next inspect Swindon?", "When is Bury due to be inspected?"])
def test_asked_when_a_visit_to_come_will_be_the_latest_is_given_and_said_to_be(question: str) -> None:
    _scope, intent, notes = resolve_question(question, TABLE, Scope(), today=date(2026, 11, 27))
    assert intent.latest == 1
    assert "the reports date no inspection to come, so the latest one is given" in notes
    _scope, intent, notes = resolve_question("When was Swindon last inspected?", TABLE, Scope(), today=date(2026, 11, 27))
    assert intent.latest == 1 and not any("to come" in n for n in notes)


def test_dates_set_by_the_options_say_what_now_covers() -> None:
    since_2022 = scope_from_options(TABLE, authority="BCP", since=2022)
    scope, intent, _notes = resolve_question("Do social workers like working for the council these days?", TABLE, since_2022)
    assert (scope.since, intent.latest) == (since_2022.since, None)
    assert resolve_question("Is BCP good now?", TABLE, scope_from_options(TABLE, authority="BCP"))[1].latest == 1


@pytest.mark.parametrize(
    "question, asked",
    [
        ("Which reports were published in 2025?", True),
        ("What was published since 2024?", True),
        ("When was the BCP 2021 inspection report published?", False),  # the year is the inspection's
        ("What did Ofsted say in 2025?", False),
    ],
)
def test_a_time_tied_to_published_dates_by_publication(question: str, asked: bool) -> None:
    assert asks_by_publication(question) is asked
