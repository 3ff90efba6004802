"""Follow-ups read against the question before them, with the real authority table."""

from __future__ import annotations

import pytest

from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from qa.followup import read_in_context

TABLE = AuthorityTable.load(Settings.load().authorities_path)
CHANGE = "How has care leaver support in BCP changed since 2018?"


@pytest.mark.parametrize(
    "follow_up, previous, read",
    [
        # Another authority: its name in place of the one asked about, possessive kept.
        ("What about Dorset?", CHANGE, "How has care leaver support in Dorset changed since 2018?"),
        ("Same for Surrey", CHANGE, "How has care leaver support in Surrey changed since 2018?"),
        ("what about dorset?", "how is bcp doing?", "how is dorset doing?"),
        ("What about Kent?", "How has BCP's care leaver support changed?", "How has Kent's care leaver support changed?"),
        ("How about Kent and Surrey?", "Compare Bury and Trafford on care leavers", "Compare Kent and Surrey on care leavers"),
        ("What about Kent?", "Which councils were judged inadequate in 2023?", "Which councils were judged inadequate in 2023 in Kent?"),
        # An authority the corpus lacks is asked of, to be told so.
        ("What about Manchester?", "How is BCP doing?", "How is Manchester doing?"),
        # Another time: in place of the one asked about, or added.
        ("And in 2024?", CHANGE, "How has care leaver support in BCP changed in 2024?"),
        ("And 2024?", "Which councils were judged inadequate in 2023?", "Which councils were judged inadequate in 2024?"),
        ("What about December 2021?", "What did Ofsted say about BCP in 2020?", "What did Ofsted say about BCP in December 2021?"),
        ("What about the latest inspection?", "What did Ofsted say about Bury?", "What did Ofsted say about Bury in the latest inspection?"),
        ("And now?", "How was Bury judged in 2021?", "How was Bury judged now?"),
        ("What about Dorset in 2022?", CHANGE, "How has care leaver support in Dorset changed in 2022?"),
        # "it" after an authority's own thing: that thing, not the authority; not one of its reports.
        ("Has it improved since?", "What did Ofsted say about Bury's front door?", "Has Bury's front door improved since?"),
        ("Has it gone down?", "What is Kent's grade?", "Has Kent's grade gone down?"),
        ("Has it improved since?", "What did Bury's 2021 report say?", "Has Bury improved since?"),
        ("Has it improved?", "What did Ofsted say about Bury?", "Has Bury improved?"),
        # Another judgement dating the question, in place of the one before.
        ("And when it was judged good?", "Who was the DCS when BCP was judged inadequate?", "Who was the DCS when BCP was judged good?"),
        ("What about when Bury was rated good?", "What happened when BCP was rated inadequate?", "What happened when Bury was rated good?"),
        # Another topic: asked of the same authority and years.
        ("What about adoption?", CHANGE, "What about adoption in BCP since 2018?"),
        ("Tell me more about adoption", CHANGE, "What about adoption in BCP since 2018?"),
        ("Can you tell me more about the front door?", "How is Kent doing?", "What about the front door in Kent?"),
        # A region in place of an authority, and the other way round.
        ("What about the North West?", CHANGE, "How has care leaver support in the North West changed since 2018?"),
        ("And the South West?", "Which councils in the North West were judged inadequate?", "Which councils in the South West were judged inadequate?"),
        # A question naming no place that points back to the one asked about: its first pointing word
        # gives way to the name.
        ("How did they do in 2024?", "How was Bury judged in 2021?", "How did Bury do in 2024?"),
        ("What was their latest grade?", "What did Ofsted say about care leavers in Kent?", "What was Kent's latest grade?"),
        ("Has it improved since?", "What did the 2021 inspection of Bury find?", "Has Bury improved since?"),
        ("What did the council say about it?", "How is Kent doing?", "What did Kent say about it?"),
        ("What did the latest inspection find?", "How has Bury changed since 2018?", "What did Bury's latest inspection find?"),
        ("What did the 2022 monitoring visit find?", "What did Ofsted say about BCP in 2020?", "What did BCP's 2022 monitoring visit find?"),
        ("What has happened there since 2022?", "How is Kent doing?", "What has happened in Kent since 2022?"),
        ("Is there a MASH?", "How is Kent doing?", "Is there a MASH in Kent?"),
        ("How did they do?", "Compare Bury and Trafford on care leavers", "How did Bury and Trafford do?"),
        ("How did they do in 2022?", "How are councils in the North West doing?", "How did the North West do in 2022?"),
        # "it" doing what a report does is the report the question before named.
        ("What did it say about leadership?", "What did the 2024 inspection of BCP find?",
         "What did the 2024 inspection of BCP say about leadership?"),
        ("What did it find about care leavers?", "Summarise the 2021 Bury inspection", "What did the 2021 Bury inspection find about care leavers?"),
        # "Why?": the question before, asked why, where "why" can lead it.
        ("Why?", "How has Bury changed since 2018?", "Why has Bury changed since 2018?"),
        ("And why?", CHANGE, "Why has care leaver support in BCP changed since 2018?"),
        ("Why is that?", "Was Bury judged inadequate in 2021?", "Why was Bury judged inadequate in 2021?"),
        # "How is Kent doing?", then "Why?": the reasons behind how it was judged, when it was asked of.
        ("How come?", "How is Kent doing?", "Why is Kent judged as it is now?"),
        ("Why?", "How was Bury doing in 2021?", "Why was Bury judged as it was in 2021?"),
        # "Which of them…?" after a list by grade, moving up or down: the move out of that grade.
        ("Which of them improved?", "Which councils are inadequate?", "Which councils improved from inadequate?"),
        ("And which of those got worse?", "Which councils were rated outstanding?", "Which councils got worse from outstanding?"),
        # Any other question naming an authority: the reasons behind its judgement then (it was asked of every authority).
        ("Why?", "What did Ofsted say about Swindon in 2023?", "Why was Swindon judged as it was in 2023?"),
        ("Why?", "What did the 2023 inspection of Swindon find?", "Why was Swindon judged as it was in 2023?"),
        ("Why?", "How are children in Bradford doing?", "Why is Bradford judged as it is now?"),
        # "Who led it?", "When was that?": the report the question before named.
        ("Who led it?", "What did the 2023 inspection of Swindon find?", "Who led the 2023 inspection of Swindon?"),
        ("When was that?", "What did the monitoring visit to BCP find?", "When was the monitoring visit to BCP?"),
        # A report's lists, asked of nothing named: of the authority and time asked about before.
        ("What were the main weaknesses?", "What did the 2023 inspection of Swindon find?", "What were the main weaknesses in Swindon in 2023?"),
        ("What needs to improve?", "What did the latest inspection of Kent find?", "What needs to improve in Kent in the latest inspection?"),
        ("What are the strengths and weaknesses?", "How has Kent changed since 2018?", "What are the strengths and weaknesses in Kent since 2018?"),
        # "How does that compare with Kent?": the question before, of both authorities.
        ("How does that compare with Kent?", "What did the 2023 inspection of Swindon say about care leavers?",
         "What did the 2023 inspection of Swindon and Kent say about care leavers?"),
        ("Compare with Trafford", CHANGE, "How has care leaver support in BCP and Trafford changed since 2018?"),
        ("And how does Surrey compare?", "How is Kent doing?", "How is Kent and Surrey doing?"),
        # A year for the year of the report named before.
        ("What about 2019?", "What did the 2023 inspection of Swindon find?", "What did the 2019 inspection of Swindon find?"),
        # (these two were refused as asking nothing)
        ("And the 2024 one?", "What did the 2021 inspection of BCP say about care leavers?",
         "What did the 2024 inspection of BCP say about care leavers?"),
        ("What about the 2019 report?", "What did the 2023 inspection of Swindon find?", "What did the 2019 inspection of Swindon find?"),
        # "And the previous one?": the report before the latest asked about.
        ("And the previous one?", "What did the latest inspection of Kent find?", "What did the previous inspection of Kent find?"),
        ("What about the one before?", "What did Kent's most recent focused visit say about care leavers?",
         "What did Kent's previous focused visit say about care leavers?"),
        # "And after?": a one-sided time turned round.
        ("And after?", "How did Bradford do before the trust?", "How did Bradford do after the trust?"),
        ("What about before?", CHANGE, "How has care leaver support in BCP changed before 2018?"),
        ("And afterwards?", "What happened in Bury until 2020?", "What happened in Bury after 2020?"),
    ],
)
def test_a_follow_up_asks_the_question_before_it_of_what_it_names(follow_up: str, previous: str, read: str) -> None:
    assert read_in_context(follow_up, previous, TABLE) == read


@pytest.mark.parametrize(
    "follow_up, previous, read",
    [
        # The report before the latest one asked about, however it is called.
        ("What did the report before that say?", "What did the latest inspection of Kent find?",
         "What did the previous inspection of Kent say?"),
        ("What about the one before?", "When was Bury last inspected?", "When was Bury's previous inspection?"),
        # Who inspected, asked of the report named before (it was asked of every report).
        ("Who was the lead inspector?", "What did the 2023 inspection of Swindon find?",
         "Who was the lead inspector for the 2023 inspection of Swindon?"),
        # Which of them, in a region: the list before, kept to it.
        ("Which of those are in the North West?", "Which councils were judged inadequate?",
         "Which councils in the North West were judged inadequate?"),
        ("Which of them are in Greater Manchester?", "Which councils are inadequate?", "Which councils in Greater Manchester are inadequate?"),
        # How long the grade asked about has stood (not refused as asking about nothing).
        ("Since when?", "Is Norfolk outstanding?", "When did Norfolk become outstanding?"),
        ("For how long?", "Is Swindon still inadequate?", "How long has Swindon been inadequate?"),
        ("How long for?", "Was Bury judged inadequate in 2021?", "How long was Bury inadequate?"),
        # "Why not?": the question before, asked why it is not so (it was refused as asking about nothing).
        ("Why not?", "Is Kent outstanding?", "Why is Kent not outstanding?"),
        ("Why hasn't it?", "Has Swindon improved since 2018?", "Why has Swindon not improved since 2018?"),
        # "They" after who inspected are the inspectors, in the place and year asked about (it read
        # "What did Bury find?").
        ("What did they find?", "Who inspected Bury in 2025?", "What did inspectors find in Bury in 2025?"),
        # "It" after who inspected is their inspection, of that year (it read "When was Dorset published?").
        ("When was it published?", "Who inspected South Tyneside in 2022?", "When was the inspection of South Tyneside in 2022 published?"),
        ("When did it take place?", "Who inspected Dorset in 2025?", "When did the inspection of Dorset in 2025 take place?"),
        ("When was it published?", "What did the 2021 BCP inspection find?", "When was the 2021 BCP inspection published?"),
        # "About it" is that report too (it read "What did the news say about BCP?", of every year).
        ("What did the news say about it?", "What did the 2021 BCP inspection find?", "What did the news say about the 2021 BCP inspection?"),
        # "That" is the topic asked about before (it was no follow-up, and asked of every authority).
        ("Did that improve by 2024?", "What did the 2021 BCP inspection say about HMOs?", "Did HMOs in BCP improve by 2024?"),
        ("Has it improved since?", "What did Ofsted say about Bury's front door?", "Has Bury's front door improved since?"),
    ],
)
def test_a_follow_up_asks_of_the_report_or_list_before_it(follow_up: str, previous: str, read: str) -> None:
    assert read_in_context(follow_up, previous, TABLE) == read


@pytest.mark.parametrize(
    "follow_up, previous, listed, read",
    [
        # "They" are the authorities the answer before listed, named as people name them.
        ("When were they last inspected?", "Which councils were judged inadequate in 2019?", ["trafford"],
         "When were Trafford last inspected?"),
        ("How are they doing now?", "Which councils were judged inadequate in 2022?", ["bradford", "south-tyneside", "bradford"],
         "How are Bradford and South Tyneside doing now?"),
        # With no time of its own, the question is asked of the time they were listed for.
        ("What grade did they get?", "Which councils were inspected in 2024?", ["bcp", "cumberland", "westmorland-and-furness"],
         "What grade did BCP, Cumberland and Westmorland and Furness get in 2024?"),
        ("Is there a MASH?", "Which councils had a focused visit?", ["bury", "bcp"], "Is there a MASH in Bury and BCP?"),
        ("What needs to improve?", "Which councils were judged inadequate?", ["trafford"], "What needs to improve in Trafford?"),
        # "Why?": the question before, asked why of the authorities it listed.
        ("Why?", "Which councils were judged inadequate in 2023?", ["swindon", "tameside"],
         "Why were Swindon and Tameside judged inadequate in 2023?"),
    ],
)
def test_a_follow_up_to_which_councils_asks_of_the_councils_listed(follow_up: str, previous: str, listed: list[str], read: str) -> None:
    assert read_in_context(follow_up, previous, TABLE, listed) == read
    assert read_in_context(follow_up, previous, TABLE) is None  # nothing listed: nothing to point back to


def test_which_of_them_asks_of_the_councils_listed_since_the_time_they_were_listed_for() -> None:
    previous = "Which councils were judged inadequate in 2023?"
    listed = ["south-tyneside", "swindon", "isles-of-scilly", "tameside"]
    assert read_in_context("Which of them have improved since?", previous, TABLE, listed) == (
        "Which of South Tyneside, Swindon, Isles of Scilly and Tameside have improved since 2023?"
    )
    assert read_in_context("Which of them are still inadequate?", previous, TABLE, listed) == (
        "Which of South Tyneside, Swindon, Isles of Scilly and Tameside are still inadequate?"
    )


@pytest.mark.parametrize(
    "question, previous, listed",
    [
        ("How did they do?", "What did Ofsted say about care leavers in 2024?", ["bcp", "kent"]),  # no list asked for
        ("How did they do?", "Which councils were judged good?", TABLE.ids()),  # near enough every authority
        ("How did Kent do?", "Which councils were judged inadequate?", ["trafford"]),  # names its own
        ("What did Ofsted say about care leavers?", "Which councils were judged inadequate?", ["trafford"]),  # points at nothing
    ],
)
def test_a_list_before_is_pointed_back_to_only_by_a_question_of_them(question: str, previous: str, listed: list[str]) -> None:
    assert read_in_context(question, previous, TABLE, listed) is None


@pytest.mark.parametrize(
    "question, previous",
    [
        ("How has Kent changed?", CHANGE),  # a question of its own
        ("And how did Kent do in 2022?", CHANGE),
        ("What about it?", CHANGE),  # nothing to ask of
        ("What about Dorset?", None),  # the first question
        ("Tell me about Trafford", CHANGE),  # a question of its own
        ("Tell me more about adoption", None),
        ("What about adoption?", "What is a focused visit?"),  # no authority or time to carry
        ("And in 2022?", "What did the latest inspection of Bury find?"),  # its time is no phrase to swap
        ("How did Kent do?", "How is Bury doing?"),  # names its own authority
        ("How did they do?", "How is Manchester doing?"),  # the corpus holds nothing on Manchester
        ("Which councils were judged inadequate?", "How is Kent doing?"),  # points back at nothing
        ("What is a focused visit?", "How is Kent doing?"),
        ("How did they do?", "Which councils were judged inadequate in 2023?"),  # nothing named to point back to
        ("How are they doing?", None),  # the first question
        ("Which councils had the worst grades?", "How is Kent doing?"),  # across authorities
        ("Who got the most recent inspection?", "How is Kent doing?"),
        ("What are the grades Ofsted gives?", "How is Kent doing?"),  # grades in general
        ("Why?", "Which councils were judged inadequate?"),

        ("What needs to improve?", "Which councils were judged inadequate?"),  # nothing named to carry
        ("Who led it?", "How is Kent doing?"),  # no report named before
        ("What did Ofsted say about care leavers?", "How is Kent doing?"),  # a topic of its own, asked of all
        ("And the previous one?", "What did the 2022 inspection of Kent find?"),  # before a year: not read
        ("How does that compare with the national picture?", "How is Kent doing?"),  # no authority to set beside it
        ("How does that compare with Kent?", "Which councils were judged inadequate?"),  # none named before
        ("And after?", CHANGE),  # its time is after already
        ("And after?", "How is Kent doing?"),  # no time to turn round
        ("Since when?", "What did Ofsted say about Kent's front door?"),  # no grade named
        ("Why not?", "How is Kent doing?"),  # no yes-or-no question to turn
    ],
)
def test_a_question_that_stands_alone_is_read_as_written(question: str, previous: str | None) -> None:
    assert read_in_context(question, previous, TABLE) is None
