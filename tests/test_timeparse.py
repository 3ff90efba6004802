from datetime import date

import pytest

from qa.timeparse import TimeIntent, frameworks_named, parse_date, parse_time

TODAY = date(2025, 6, 15)


def span(question: str, **kw) -> tuple[str | None, str | None]:
    t = parse_time(question, today=TODAY, **kw)
    return t.since, t.until


@pytest.mark.parametrize(
    "question, expected",
    [
        ("How have services for care leavers changed since 2018?", ("2018-01-01", None)),
        ("What did Ofsted find in 2022?", ("2022-01-01", "2022-12-31")),
        ("What did inspectors say during 2021 about the front door?", ("2021-01-01", "2021-12-31")),
        ("What happened between 2019 and 2021?", ("2019-01-01", "2021-12-31")),
        ("Practice from 2019 to 2021", ("2019-01-01", "2021-12-31")),
        ("Workforce 2019-2021", ("2019-01-01", "2021-12-31")),
        ("What was found before 2019?", (None, "2018-12-31")),
        ("Reports up to 2020", (None, "2020-12-31")),
        ("Anything after 2020?", ("2021-01-01", None)),
        ("What did the December 2021 inspection say about leaders?", ("2021-12-01", "2021-12-31")),
        ("What did the 2 December 2024 report find?", ("2024-12-02", "2024-12-02")),
        ("Findings of the 2018 inspection", ("2018-01-01", "2018-12-31")),
        ("Evidence from 2019 onwards about adoption", ("2019-01-01", None)),
        ("Evidence from 2019 about adoption", ("2019-01-01", "2019-12-31")),
        ("Since March 2019, how has practice changed?", ("2019-03-01", None)),
        ("Before March 2019", (None, "2019-02-28")),
        ("What has improved in the last three years?", ("2022-06-15", None)),
        ("What did Ofsted say last year?", ("2024-01-01", "2024-12-31")),
        # A decade, or a part of one.
        ("What did Ofsted say about Norfolk in the 2010s?", ("2010-01-01", "2019-12-31")),
        ("Which councils were judged inadequate in the late 2010s?", ("2016-01-01", "2019-12-31")),
        ("What happened during the early 2020s?", ("2020-01-01", "2023-12-31")),
        # Months back from today; "the past year" is the last twelve months, "last year" the calendar year.
        ("What did Ofsted say about care leavers in the last 12 months?", ("2024-06-15", None)),
        ("Which councils were visited in the past six months?", ("2024-12-15", None)),
        ("What has changed in the past year?", ("2024-06-15", None)),
        ("How has permanence planning changed since the 2019 focused visit?", ("2019-01-01", None)),
        ("What did the 2016 reinspection of Birmingham find?", ("2016-01-01", "2016-12-31")),
        ("What were the 2018 recommendations for Bradford?", ("2018-01-01", "2018-12-31")),
        # What an authority did about a report's findings: that report and what followed it.
        ("Did BCP address the priority actions from 2020?", ("2020-01-01", None)),
        ("Did Swindon tackle the weaknesses found in 2018?", ("2018-01-01", None)),
        ("Has Bury acted on the 2021 recommendations?", ("2021-01-01", None)),
        ("What did the 2016 re-inspection find?", ("2016-01-01", "2016-12-31")),
        ("How have services changed since they were judged inadequate in 2019?", ("2019-01-01", None)),
        ("Did BCP get better after being rated inadequate in 2021?", ("2021-01-01", None)),  # that report on
        ("What happened after Bury was judged inadequate in 2021?", ("2021-01-01", None)),  # (was 2021 alone)
        ("What happened after the MASH opened in 2021?", ("2021-01-01", "2021-12-31")),
        ("What changed between the 2021 and 2025 inspections?", ("2021-01-01", "2025-12-31")),
        ("How did QA develop between the 2020 focused visit and the 2024 inspection?", ("2020-01-01", "2024-12-31")),
        ("What did Ofsted want improved for care leavers in 2021 and in 2025?", ("2021-01-01", "2025-12-31")),
        ("What happened after the 2021 inspection?", ("2021-01-01", None)),
        ("What happened to BCP after the focused visit in 2020?", ("2020-01-01", None)),  # not 2020 alone
        ("How did Bury do following the inspection in October 2021?", ("2021-10-01", None)),
        ("Are risks assessed properly now, compared with the 2021 inspection?", ("2021-01-01", None)),
        # Two years written as one, as for a financial or school year.
        ("How has the front door changed between the 2022-23 and 2026 inspections?", ("2022-01-01", "2026-12-31")),
        ("What did Ofsted find in 2019/20?", ("2019-01-01", "2020-12-31")),
        ("What did the 2021–22 monitoring visits say?", ("2021-01-01", "2022-12-31")),
        ("What has changed since 2021-12?", ("2021-12-01", None)),  # a month, not two years
        ("What do reports say about care leavers?", (None, None)),
        ("What did the 2 inspectors find about 50 children?", (None, None)),
        # Search words with a date standing alone; in a sentence a bare year may be what a report says.
        ("dorset care leavers 2025", ("2025-01-01", "2025-12-31")),
        ("Bury December 2021", ("2021-12-01", "2021-12-31")),
        # A sentence closing on a name and a date: the name's report of that time.
        ("Show me the key findings for West Northamptonshire 2026", ("2026-01-01", "2026-12-31")),
        ("Key findings for Kent 2022?", ("2022-01-01", "2022-12-31")),
        ("Which council's local offer was due to be republished in early 2025?", (None, None)),
        ("Are children in Bradford safer now than in 2018?", ("2018-01-01", None)),  # from then to now
        # A report named by whose it is: "since Bournemouth's 2018 inspection" was 2018 alone.
        ("How has care leaver support in BCP evolved since Bournemouth's 2018 inspection?", ("2018-01-01", None)),
        # A response to a report is what followed it, the report included.
        ("How did BCP respond to the 2020 focused visit?", ("2020-01-01", None)),
        ("What was the council's response to the 2021 inspection?", ("2021-01-01", None)),
    ],
)
def test_date_ranges(question: str, expected: tuple[str | None, str | None]) -> None:
    assert span(question) == expected


def test_a_range_up_to_now_is_open_at_its_end() -> None:
    assert span("How has BCP changed from 2018 to now?") == ("2018-01-01", None)
    assert span("How has BCP changed between 2018 and today?") == ("2018-01-01", None)
    assert span("What has happened from 2021 up to the present?") == ("2021-01-01", None)


def test_a_change_after_a_year_is_measured_from_it() -> None:
    t = parse_time("Did BCP's care leaver offer improve after 2021?", today=TODAY)
    assert (t.since, t.baseline, t.change_over_time) == ("2021-01-01", "2021", True)
    # Not asked how things changed, or "after the end of 2021": the day after it.
    assert parse_time("What did Ofsted say after 2021?", today=TODAY).since == "2022-01-01"
    t = parse_time("How has Kent changed after the end of 2022?", today=TODAY)
    assert (t.since, t.baseline) == ("2023-01-01", None)


def test_a_children_s_trust_dates_a_question_by_the_day_it_began() -> None:
    assert span("How did Bradford do before the trust?", trust_date="2023-04-01") == (None, "2023-03-31")
    assert span("How has Birmingham changed since Birmingham Children's Trust was set up?", trust_date="2018-04-01") == ("2018-04-01", None)
    assert span("How have services changed under the trust?", trust_date="2023-04-01") == ("2023-04-01", None)
    # Asked whether the trust made a difference: since it took over, a change.
    made = parse_time("Has Bradford's children's trust made a difference?", trust_date="2023-04-01")
    assert (made.since, made.trust, made.change_over_time) == ("2023-04-01", "after", True)
    assert span("What was it like before the move to a trust?", trust_date="2023-04-01") == (None, "2023-03-31")
    t = parse_time("How did Bradford do before the trust?", today=TODAY)
    assert (t.since, t.until, t.trust, t.merger) == (None, None, "before", None)
    # Trust as a verb dates nothing.
    assert parse_time("Do children trust their social workers since 2020?", today=TODAY).trust is None
    assert span("Since they trust their PAs, do care leavers stay in touch?", trust_date="2023-04-01") == (None, None)


def test_merger_needs_its_date() -> None:
    assert span("What was Bournemouth like before the merger?", merger_date="2019-04-01") == (None, "2019-03-31")
    assert span("How has practice changed since the merger?", merger_date="2019-04-01") == ("2019-04-01", None)
    t = parse_time("What was it like before the merger?", today=TODAY)
    assert (t.since, t.until, t.merger) == (None, None, "before")
    assert span("pre-merger workforce plans", merger_date="2019-04-01") == (None, "2019-03-31")
    # A split is a reorganisation too, however it is put.
    assert span("How was Cumbria judged before the county was split?", merger_date="2023-04-01") == (None, "2023-03-31")
    assert span("What did Ofsted say before the split?", merger_date="2023-04-01") == (None, "2023-03-31")
    assert span("How has it changed since the county council was abolished?", merger_date="2023-04-01") == ("2023-04-01", None)
    assert span("How has it changed since it was judged inadequate?", merger_date="2023-04-01") == (None, None)
    # Said of the councils themselves, in the active voice too; not of anything else they split.
    assert span("What has happened in Cumbria since it split?", merger_date="2023-04-01") == ("2023-04-01", None)
    assert span("How has BCP fared since the councils merged?", merger_date="2019-04-01") == ("2019-04-01", None)
    assert span("What was Northamptonshire like before it split into two?", merger_date="2021-04-01") == (None, "2021-03-31")
    assert span("Since they split the team, have caseloads fallen?", merger_date="2023-04-01") == (None, None)


def test_an_ofsted_framework_dates_the_question() -> None:
    assert span("How did South Tyneside do under the new framework?") == ("2026-04-01", None)
    assert span("What has changed since the framework changed?") == ("2026-04-01", None)
    assert span("Which councils were judged inadequate under the old framework?") == ("2018-01-01", "2026-03-31")
    assert span("How was Birmingham judged under the SIF?") == ("2013-11-01", "2017-12-31")
    assert span("What did Ofsted say about Bury under ILACS?") == ("2018-01-01", None)
    t = parse_time("How did Blackpool do under the new framework?", today=TODAY)
    assert t.event == "Ofsted's framework from April 2026, with no overall grade" and t.phrases == ("the new framework",)
    # A year the question names wins; "the ILACS inspection" is a kind of report, not a time.
    assert span("What did the 2019 ILACS inspection find under the new framework?") == ("2019-01-01", "2019-12-31")
    assert span("What did the ILACS inspection of Bury find?") == (None, None)
    assert span("What does the national framework say about care leavers?") == (None, None)
    # Before a framework is until it began.
    assert span("How did Ofsted grade Surrey before the ILACS framework?") == (None, "2017-12-31")
    assert span("How was Norfolk judged prior to the SIF?") == (None, "2013-10-31")
    assert frameworks_named("What did the SIF inspection of Norfolk in 2015 find?") == ["the SIF"]


@pytest.mark.parametrize(
    "question",
    [
        "How has the quality of practice changed over the years?",
        "How have services for care leavers changed since 2018?",
        "Has BCP improved since the last inspection?",
        "Trend in social worker caseloads over time",
        "Compare the 2021 and 2024 inspections",
        "What do Bury and Trafford have in common?",
        "Are Kent and Surrey similar in how they support care leavers?",
        "What did the last two inspections say about the front door?",
        "How did management oversight develop across inspections?",
        "How has leadership been judged since the council was created?",
        "How has Bradford done after it was judged inadequate in 2018?",
        "What did Ofsted want improved for care leavers in 2021 and in 2025?",
        "Did care leaver services in BCP get worse?",
        "Did Bury improve after 2021?",
        "Have services in Kent gotten better?",
        "How long did BCP stay inadequate?",
        "How long has Tameside been inadequate?",
        "When did Bradford stop being inadequate?",
        "Has Tameside turned a corner?",
        "Is Bury on the right track?",
        "Has Bradford turned things around?",
        "When did BCP become good?",
        "Was Kent always outstanding?",
        "Has Surrey ever been judged inadequate?",
        # A time then, set against now.
        "Are children in Bradford safer now than in 2018?",
        "Is Bury better than it was in 2021?",
        "Are fewer children waiting than in 2020?",
        # A history asked for.
        "Trace the history of Bury's children's services",
        "What is the history of BCP?",
        # …or then, unnamed.
        "Are Bradford's services better than they were?",
        "Is Kent better than before?",
        "Is Bury doing better than last time?",
        "Is Swindon worse than it used to be?",
        "Is Bury better than at its last inspection?",
        # What report after report says.
        "What are the recurring problems in Swindon?",
        "What are the long-standing weaknesses in Tameside?",
        "What concerns keep coming up in Bury?",
        # A difference made, since whatever made it.
        "Has the new DCS made a difference in Tameside?",
        # How long it took: the reports until it did.
        "How long did it take Bradford to improve?",
    ],
)
def test_change_over_time(question: str) -> None:
    assert parse_time(question, today=TODAY).change_over_time


@pytest.mark.parametrize(
    "question",
    [
        "What did Ofsted say about care leavers?",
        "What was the overall effectiveness grade in 2024?",
        "What is the latest judgement on children in care?",
        "What improvements are needed for care leavers?",
        "Do care leavers know their own medical history?",
        "What did the 2024 inspection say BCP still needs to improve?",
        "Did Ofsted say BCP needs to improve its front door?",
        "How long do care proceedings take in Birmingham?",
        "Is Kent better than Surrey?",  # two authorities set against each other, not two times
        "Are care leavers in Kent better supported than those in Surrey?",
        "How is help given after a child goes missing?",
        "When did Bury become a trust?",  # no grade
        "Are children always seen alone?",
        "Which children have a history of domestic abuse in Kent?",
        "How is persistent absence from school tackled in Kent?",  # a term of the trade
        "Are there ongoing problems with recruitment in Kent?",  # still there now
    ],
)
def test_not_change_over_time(question: str) -> None:
    assert not parse_time(question, today=TODAY).change_over_time


def test_first() -> None:
    t = parse_time("What did BCP's first inspection find?", today=TODAY)
    assert (t.latest, t.latest_kind, t.earliest, t.change_over_time) == (1, "inspection", True, False)
    t = parse_time("When was Kent first inspected?", today=TODAY)
    assert (t.latest, t.latest_kind, t.earliest) == (1, "inspection", True)
    t = parse_time("What did the earliest report on Norfolk say?", today=TODAY)
    assert (t.latest, t.latest_kind, t.earliest, t.phrases) == (1, None, True, ("the earliest report",))
    # "since the first inspection" dates a change, it does not ask for the first inspection.
    t = parse_time("How has BCP changed since the first inspection?", today=TODAY)
    assert (t.latest, t.earliest, t.change_over_time) == (None, False, True)
    assert not parse_time("What did the latest inspection say?", today=TODAY).earliest


def test_the_previous_one_is_the_one_before_the_latest() -> None:
    for question, kind in (
        ("What did the previous inspection of Kent find?", "inspection"),
        ("What did Kent's previous inspection find?", "inspection"),
        ("What did the inspection before last say about Kent?", "inspection"),
        ("What did the second most recent visit to Bury find?", "visit"),
        ("What happened at the previous inspection?", "inspection"),
        ("What did the penultimate report on Bury say?", None),
    ):
        t = parse_time(question, today=TODAY)
        assert (t.latest, t.skip, t.latest_kind, t.change_over_time) == (1, 1, kind, False), question
    # "since the previous inspection" dates a change (from the one before the latest on); "the previous
    # inspections" are each of them; a change asked besides keeps its meaning.
    t = parse_time("How has Kent changed since the previous inspection?", today=TODAY)
    assert (t.latest, t.skip, t.onward, t.change_over_time) == (2, 0, True, True)
    # "The previous one", "the one before", set beside the latest: both (the first gave the latest alone,
    # the second was refused, "one" read as its topic).
    for question in (
        "How did Tameside's latest inspection compare with the previous one?",
        "How did Tameside do in the most recent inspection compared with the one before?",
    ):
        t = parse_time(question, today=TODAY)
        assert (t.latest, t.onward, t.change_over_time) == (2, True, True), question
    for question in (
        "What did the previous inspections say?",
        "How did the previous inspection compare with the latest?",
    ):
        t = parse_time(question, today=TODAY)
        assert t.skip == 0 and t.change_over_time, question


def test_the_oldest_document_asks_for_the_earliest() -> None:
    t = parse_time("What is the oldest document in the corpus?", today=TODAY)
    assert (t.latest, t.earliest) == (1, True)


def test_recently_inspected_asks_for_the_latest() -> None:
    t = parse_time("Which councils were inspected recently?", today=TODAY)
    assert (t.latest, t.latest_kind, t.phrases) == (1, "inspection", ("inspected recently",))
    assert parse_time("Which councils were recently visited?", today=TODAY).latest_kind == "visit"
    assert parse_time("Which councils were inspected most recently?", today=TODAY).latest_kind == "inspection"
    assert parse_time("Which council was inspected last?", today=TODAY).latest == 1  # not "…inspected last year?"
    assert parse_time("Was Kent inspected last year?", today=TODAY).latest is None
    last = parse_time("Which was the last council to be inspected?", today=TODAY)
    assert (last.latest, last.latest_kind, last.earliest) == (1, "inspection", False)
    first = parse_time("Which was the first council to be visited?", today=TODAY)
    assert (first.latest, first.latest_kind, first.earliest) == (1, "visit", True)


def test_a_report_asked_about_another_time_is_its_year_naming_that_time() -> None:
    t = parse_time("What did the 2024 inspection say about BCP in 2021?", today=TODAY)
    assert (t.since, t.until, t.about) == ("2024-01-01", "2024-12-31", (2021,))
    t = parse_time("What did the 2022 report say about the 2019 inspection?", today=TODAY)
    assert (t.since, t.about) == ("2022-01-01", (2019,))
    # The time may be a report of its own ("Dorset's 2021 judgement"): its noun is no topic.
    t = parse_time("What did the 2025 inspection say about Dorset's 2021 judgement?", today=TODAY)
    assert (t.since, t.about, t.phrases[-1]) == ("2025-01-01", (2021,), "Dorset's 2021 judgement")
    # One time, or a report asked of its own year: no other time to name.
    assert parse_time("What did the 2023 inspection of Swindon find?", today=TODAY).about == ()
    assert parse_time("What did the 2021 inspection say about care leavers in 2021?", today=TODAY).about == ()


def test_latest() -> None:
    assert parse_time("What did the most recent inspection say?", today=TODAY).latest == 1
    t = parse_time("What is the latest judgement on care leavers?", today=TODAY)
    assert (t.latest, t.latest_kind) == (1, None)
    t = parse_time("What did the last two inspections say about the front door?", today=TODAY)
    assert (t.latest, t.latest_kind, t.change_over_time) == (2, "inspection", True)
    t = parse_time("Compare the three most recent visits", today=TODAY)
    assert (t.latest, t.latest_kind) == (3, "visit")
    # An authority's own: "Swindon's last inspection".
    t = parse_time("When did Swindon's last inspection take place?", today=TODAY)
    assert (t.latest, t.latest_kind, t.onward) == (1, "inspection", False)
    assert parse_time("When was the last time Ofsted inspected Kent?", today=TODAY).latest_kind == "inspection"
    t = parse_time("When was the last time Ofsted visited Swindon?", today=TODAY)  # visited, as said of any report
    assert (t.latest, t.latest_kind, t.change_over_time) == (1, None, False)
    assert parse_time("What did Ofsted say about care leavers?", today=TODAY).latest is None
    t = parse_time("When was Swindon last inspected?", today=TODAY)
    assert (t.latest, t.latest_kind, t.phrases) == (1, "inspection", ("last inspected",))
    assert (parse_time("When did Ofsted last visit Dorset?", today=TODAY).latest_kind) == "visit"
    # "now" at the end asks for the latest report, unless the question spans a time or asks how things changed.
    assert parse_time("How good are Trafford's children's services now?", today=TODAY).latest == 1
    assert parse_time("Is BCP still judged inadequate currently?", today=TODAY).latest == 1
    assert parse_time("Which councils are currently rated inadequate?", today=TODAY).latest == 1
    assert parse_time("Is BCP now good?", today=TODAY).latest == 1
    assert parse_time("Are care leavers now getting better support?", today=TODAY).latest is None
    assert parse_time("What has changed since 2019 until now?", today=TODAY).latest is None
    # So do "these days", "nowadays" and "at the moment", which are no topic words either.
    t = parse_time("Do social workers like working for the council these days?", today=TODAY)
    assert (t.latest, t.phrases) == (1, ("these days",))
    assert parse_time("How is Tameside doing at the moment?", today=TODAY).latest == 1
    assert parse_time("What is life like for children in care nowadays?", today=TODAY).latest == 1
    # A number of years in words counts as in figures (it searched every date).
    t = parse_time("How has Norfolk changed over the last ten years?", today=TODAY)
    assert (t.since, t.phrases) == ("2015-06-15", ("over the last ten years",))
    # "from the latest report", no change asked: that report, not the one before it and every source since.
    t = parse_time("What's the headline from Kent's latest report?", today=TODAY)
    assert (t.latest, t.onward, t.change_over_time) == (1, False, False)
    assert parse_time("What has changed from the last inspection of Kent?", today=TODAY).onward
    # "Recently" and "lately" ask for the latest report; asked how things changed, the latest set against
    # the one before it (it searched every date, the oldest first).
    t = parse_time("What has Ofsted said recently about Bury?", today=TODAY)
    assert (t.latest, t.onward, t.phrases) == (1, False, ("recently",))
    t = parse_time("Has anything changed in Swindon lately?", today=TODAY)
    assert (t.latest, t.onward, t.change_over_time) == (2, True, True)
    assert parse_time("Which councils were inspected most recently?", today=TODAY).phrases != ("recently",)
    assert parse_time("What has Bury done recently since 2021?", today=TODAY).latest is None  # a time of its own


@pytest.mark.parametrize(
    "question, over_time",
    [
        ("List all inspections of Norfolk", True),
        ("What did all its Ofsted reports say about care leavers?", True),
        ("What is Kent's inspection history?", True),
        ("List the strengths of Kent's care leaver service", False),
        ("Are all children in care visited?", False),
    ],
)
def test_asking_for_every_report_asks_for_them_by_date(question: str, over_time: bool) -> None:
    assert parse_time(question, today=TODAY).change_over_time is over_time


def test_since_the_last_inspection_sets_the_latest_against_the_one_before() -> None:
    # "since the last inspection" dates a change: the latest two and every report since the older.
    for question, kind in (
        ("What has improved since the last inspection?", "inspection"),
        ("Has Bury improved since its last inspection?", "inspection"),
        ("Has Bury improved since Bury's last inspection?", "inspection"),
        ("What has Surrey done since its most recent inspection?", "inspection"),
        ("Is Bradford better than at its last inspection?", "inspection"),
        ("How has BCP changed since the previous focused visit?", "visit"),
        ("Is Kent better than last time?", None),
    ):
        t = parse_time(question, today=TODAY)
        assert (t.latest, t.latest_kind, t.onward, t.change_over_time) == (2, kind, True, True), question
    # A date named with it dates the change itself.
    t = parse_time("What has happened in Dorset since the last inspection in 2021?", today=TODAY)
    assert (t.latest, t.onward, t.since) == (None, False, "2021-01-01")


def test_a_date_and_its_noun_may_have_words_between() -> None:
    t = parse_time("What were the key findings of the 2024 BCP inspection?", today=TODAY)
    assert (t.since, t.until, t.phrases) == ("2024-01-01", "2024-12-31", ("2024",))
    assert parse_time("What did the December 2021 Ofsted inspection say?", today=TODAY).since == "2021-12-01"
    # After such an event: its report and what followed.
    t = parse_time("How many monitoring visits did Ofsted make after the 2018 inadequate judgement?", today=TODAY)
    assert (t.since, t.until) == ("2018-01-01", None)
    # Two dates joined by "and" stay two.
    assert parse_time("What changed between the 2019 and 2021 inspections?", today=TODAY).until == "2021-12-31"


def test_asking_whether_things_are_getting_better_asks_how_they_changed() -> None:
    assert parse_time("Is Bradford getting better?", today=TODAY).change_over_time
    assert parse_time("Are services in Swindon improving?", today=TODAY).change_over_time
    assert not parse_time("Is Bradford good?", today=TODAY).change_over_time


def test_phrases_are_reported_as_written() -> None:
    t = parse_time("How has BCP changed Since 2018?", today=TODAY)
    assert t.phrases == ("Since 2018",)


def test_an_event_naming_a_time_belongs_to_the_time_phrase() -> None:
    # "since the 2019 focused visit" is a time anchor: its noun leaves the dense query with the date.
    t = parse_time("How has help in Dorset changed since the 2019 focused visit?", today=TODAY)
    assert (t.since, t.phrases) == ("2019-01-01", ("since the 2019 focused visit",))
    t = parse_time("How did BCP change between the 2020 focused visit and the 2024 inspection?", today=TODAY)
    assert t.phrases == ("between the 2020 focused visit and the 2024 inspection",)
    # Asked what an event found, its noun is the topic and stays.
    assert parse_time("What did the December 2021 inspection find?", today=TODAY).phrases == ("December 2021",)


def test_parse_date() -> None:
    assert parse_date("2018") == (date(2018, 1, 1), date(2018, 12, 31))
    assert parse_date("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_date("2024-02-03") == (date(2024, 2, 3), date(2024, 2, 3))
    assert parse_date("Sept 2019") == (date(2019, 9, 1), date(2019, 9, 30))
    with pytest.raises(ValueError):
        parse_date("last Tuesday")


def test_defaults() -> None:
    assert TimeIntent() == TimeIntent(None, None, False)


def test_separate_times_are_kept_apart_from_the_years_between() -> None:
    t = parse_time("What did Ofsted want improved for care leavers in 2021 and in 2025?", today=TODAY)
    assert t.points == (("2021-01-01", "2021-12-31"), ("2025-01-01", "2025-12-31"))
    t = parse_time("What happened in 2019, 2021 and 2024?", today=TODAY)
    assert [p[0][:4] for p in t.points] == ["2019", "2021", "2024"] and t.change_over_time
    assert parse_time("in March 2019 and in 2024", today=TODAY).points[0] == ("2019-03-01", "2019-03-31")
    t = parse_time("Which councils were inadequate in both 2018 and 2023?", today=TODAY)
    assert [p[0][:4] for p in t.points] == ["2018", "2023"]
    # A range names its ends, not separate times.
    assert parse_time("What changed between 2021 and 2025?", today=TODAY).points == ()


def test_a_comparison_keeps_the_times_it_compares() -> None:
    t = parse_time("How did Surrey's 2025 inspection compare with 2022?", today=TODAY)
    assert t.points == (("2022-01-01", "2022-12-31"), ("2025-01-01", "2025-12-31")) and t.change_over_time
    assert t.phrases == ("2025", "2022")
    t = parse_time("Compare the December 2021 and December 2024 inspections of BCP", today=TODAY)
    assert t.points == (("2021-12-01", "2021-12-31"), ("2024-12-01", "2024-12-31"))
    # One time named: that time.
    assert (parse_time("How does Kent in 2025 compare?", today=TODAY).since or "")[:4] == "2025"
    # Asked for the difference, the same: the two times, not the years between or only one of them.
    for question in ("What is the difference between the 2021 and 2024 BCP inspections?", "How does Bury's 2024 inspection differ from 2021?"):
        t = parse_time(question, today=TODAY)
        assert t.points == (("2021-01-01", "2021-12-31"), ("2024-01-01", "2024-12-31")) and t.change_over_time, question
    assert not parse_time("Do different teams use different thresholds?", today=TODAY).change_over_time


def test_an_impossible_date_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match=r"not a date: '31 february 2021' \(day is out of range"):
        parse_time("What happened in 31 February 2021 and in 2022?", today=TODAY)


def test_the_pandemic_dates_a_question() -> None:
    # "before COVID" was no time at all, and "covid" the topic.
    before = parse_time("What did Ofsted find in Bury before COVID?", today=TODAY)
    assert (before.since, before.until, before.event) == (None, "2020-03-22", "before the first COVID-19 lockdown")
    assert before.phrases == ("before COVID",)
    assert parse_time("What was Bury like pre-pandemic?", today=TODAY).until == "2020-03-22"
    assert parse_time("What has happened in BCP since the pandemic?", today=TODAY).since == "2020-03-23"
    after = parse_time("What did Ofsted find in Kent after the pandemic?", today=TODAY)
    assert (after.since, after.until) == ("2022-02-25", None)
    during = parse_time("How did Bury support children during the pandemic?", today=TODAY)
    assert (during.since, during.until, during.phrases) == ("2020-03-23", "2022-02-24", ())  # the pandemic is asked about too
    assert not parse_time("How did the pandemic affect BCP?", today=TODAY).has_range


def test_the_last_decade_and_how_quickly_something_changed() -> None:
    # "in the last decade" was no time, and "decade" the topic; "What changed…?" and "How quickly did…
    # improve…?" were no change over time ("after 2021" then meant from 2022).
    decade = parse_time("What changed in Birmingham in the last decade?", today=TODAY)
    assert decade.since == f"{TODAY.year - 10}-{TODAY.month:02d}-{TODAY.day:02d}" and decade.change_over_time
    quickly = parse_time("How quickly did BCP improve after 2021?", today=TODAY)
    assert (quickly.since, quickly.change_over_time, quickly.baseline) == ("2021-01-01", True, "2021")
