"""Change-over-time answers on hand-made evidence: chronology, labels, markers."""

from __future__ import annotations

from dataclasses import replace

from factories import document, evidence
from indexer.authorities import AuthorityTable
from indexer.settings import Settings
from qa.citations import check
from qa.compose_extractive import reading_order, score_candidates
from qa.timeline import (
    compose_by_date,
    compose_timeline,
    direction_moves,
    format_period,
    grade_moves,
    period_of,
    several_dates,
    source_label,
)

SETTINGS = Settings.load()
TABLE = AuthorityTable.load(SETTINGS.authorities_path)
QUESTION = "How has care leaver support changed since 2018?"


def _evidence():
    sef = document("sef", doc_type="council self-evaluation", source_kind="secondary", date="2018-07-01", authority="bournemouth")
    news = document("news", doc_type="news", source_kind="secondary", date="2021-12-06")
    ofsted21 = document("ofsted21", date="2021-12-06")
    ofsted24 = document("ofsted24", date="2024-12-02")
    return [
        evidence("Care leavers benefit from a range of specialist services to ensure their health needs are met. "
                 "The local offer for care leavers lacks ambition.", ofsted24, rank=1, paragraph=46),
        evidence("Ofsted found care leavers placed in unsuitable houses of multiple occupation.", news, rank=2),
        evidence("Care leavers are placed in houses of multiple occupation that are not assessed for suitability.", ofsted21, rank=3),
        evidence("The inspection, by Ofsted, took place in July 2018.\n- The quality of planning for the majority of care leavers is poor.",
                 sef, rank=4, about_date="2018-07-16"),
    ]


def test_entries_run_oldest_first_with_dated_labels_and_kinds():
    cands = score_candidates(QUESTION, _evidence(), SETTINGS)
    answer = compose_timeline(QUESTION, cands, SETTINGS, TABLE)
    periods = [t.period for t in answer.timeline]
    assert periods == sorted(periods) and periods[0] == "2018-07" and periods[-1] == "2024-12"
    labels = [t.label for t in answer.timeline]
    assert labels[0] == "Jul 2018 — Bournemouth Borough Council self-evaluation, reporting Ofsted's inspection (secondary)"
    assert "Dec 2024 — Ofsted inspection (primary)" in labels
    # Within a month, Ofsted's own report comes before the newspaper's account of it.
    dec21 = [t.label for t in answer.timeline if t.period == "2021-12"]
    assert dec21[0] == "Dec 2021 — Ofsted inspection (primary)"
    assert dec21[1:] in ([], ["Dec 2021 — news report, reporting Ofsted's inspection (secondary)"])


def test_every_line_is_cited_and_numbers_follow_first_use():
    cands = score_candidates(QUESTION, _evidence(), SETTINGS)
    answer = compose_timeline(QUESTION, cands, SETTINGS, TABLE)
    result = check(answer.text, len(answer.citations), [t.label for t in answer.timeline])
    assert result.ok, result.problem()
    assert result.used == tuple(range(1, len(answer.citations) + 1))
    assert all(t.summary in answer.text and t.citations for t in answer.timeline)
    assert len(answer.text.splitlines()) == len(answer.timeline)


def test_at_most_the_configured_entries_and_sentences():
    settings = Settings.load(timeline_max_entries=2, timeline_sentences_per_entry=1)
    answer = compose_timeline(QUESTION, score_candidates(QUESTION, _evidence(), settings), settings, TABLE)
    assert len(answer.timeline) <= 2
    assert all(t.summary.count("[") == 1 for t in answer.timeline)


def test_periods_and_their_display():
    assert period_of("2021-12-06") == "2021-12" and period_of("2021") == "2021" and period_of(None) == "undated"
    assert format_period("2021-12") == "Dec 2021" and format_period("2021") == "2021"


def test_source_label_of_a_primary_document_uses_the_passage_date():
    ev = evidence("Visit text.", document("fv", doc_type="focused visit", date="2020-10-13"), about_date="2019-11-05")
    assert str(source_label(ev, TABLE)) == "Nov 2019 — Ofsted focused visit of Oct 2020, looking back (primary)"
    same_month = evidence("Visit text.", document("fv", doc_type="focused visit", date="2020-10-13"), about_date="2020-10-14")
    assert str(source_label(same_month, TABLE)) == "Oct 2020 — Ofsted focused visit (primary)"


def test_an_inspection_of_looked_after_children_services_says_so():
    ev = evidence("Overall effectiveness: Inadequate", document("lac", doc_type="looked after children inspection", date="2013-07-08"))
    assert str(source_label(ev, TABLE, name_authority=True)) == "Jul 2013 — BCP · Ofsted inspection of looked after children services (primary)"


def test_a_secondary_source_reports_what_its_title_says_unless_the_passage_is_dated_otherwise():
    story = document("news", doc_type="news", source_kind="secondary", date="2021-12-06",
                     title="Ofsted rates BCP children's services inadequate, Dec 2021 inspection")
    recalls = "Inspectors were sharply critical. It followed a late 2020 focused visit which warned of failings."
    assert str(source_label(evidence(recalls, story), TABLE)) == "Dec 2021 — news report, reporting Ofsted's inspection (secondary)"
    about_2020 = evidence("The focused visit in late 2020 warned of failings.", story, about_date="2020")
    assert str(source_label(about_2020, TABLE)) == "2020 — news report of Dec 2021, reporting Ofsted's focused visit (secondary)"


def test_a_document_covering_months_is_labelled_with_them():
    """Slides written from July 2018 to March 2019 fall within a question about 2019: the label says so."""
    slides = document("sef", doc_type="council self-evaluation", source_kind="secondary", date="2018-07", authority="bournemouth")
    slides = replace(slides, period_start="2018-07", period_end="2019-03")
    assert str(source_label(evidence("Our ambition is to improve.", slides), TABLE)).startswith("Jul 2018 – Mar 2019 — ")
    # An inspection across a month's end, or a passage dated by its own event, keeps one month.
    across = replace(document("ofsted", date="2021-11-29"), period_end="2021-12-10")
    assert str(source_label(evidence("Text.", across), TABLE)).startswith("Nov 2021 — ")
    assert str(source_label(evidence("Text.", slides, about_date="2018-07-16"), TABLE)).startswith("Jul 2018 — ")


def test_no_candidates_no_timeline():
    answer = compose_timeline(QUESTION, [], SETTINGS, TABLE)
    assert answer.insufficient_evidence and not answer.timeline and not answer.citations


def test_an_entry_off_the_questions_topic_is_left_out():
    """A dated source whose sentences never name what is asked about (foster carers, for a question
    on care leavers) is dropped; the rarer topic word weighs more than the common one."""
    from qa.lexical import topic_weights

    foster = document("fv19", doc_type="focused visit", date="2019-11-05")
    ev = _evidence() + [evidence("Foster carers receive an extensive training offer and monthly groups.", foster, rank=5)]
    cands = score_candidates(QUESTION, ev, SETTINGS)
    rarity = {"leaver": 1.4, "support": 0.8, "care": 0.6}
    topic = topic_weights(QUESTION, rarity=rarity)
    assert topic == {"leaver": 1.4, "support": 0.8}
    lenient = SETTINGS.model_copy(update={"timeline_relative_floor": 0.0})  # relevance alone keeps every entry
    kept = compose_timeline(QUESTION, cands, lenient, TABLE, topic)
    assert "2019-11" not in [t.period for t in kept.timeline]
    unchecked = compose_timeline(QUESTION, cands, lenient.model_copy(update={"timeline_min_topic_share": 0.0}), TABLE, topic)
    assert "2019-11" in [t.period for t in unchecked.timeline]
    assert [t.period for t in kept.timeline] == [t.period for t in unchecked.timeline if t.period != "2019-11"]


def test_an_entry_naming_the_topic_in_the_thesauruss_words_is_on_it():
    """"Multi-agency safeguarding hub" names the front door the question asks about."""
    from qa.lexical import topic_weights

    question = "How has the front door changed?"
    old = document("fv19", doc_type="focused visit", date="2019-11-05")
    new = document("in24", date="2024-12-02")
    ev = [
        evidence("The front door is now timely and effective.", new, rank=1),
        evidence("Decisions in the multi-agency safeguarding hub are not always timely.", old, rank=2),
    ]
    topic = topic_weights(question, rarity={"front": 1.0, "door": 1.0})
    lenient = SETTINGS.model_copy(update={"timeline_relative_floor": 0.0})
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), lenient, TABLE, topic)
    assert [t.period for t in answer.timeline] == ["2019-11", "2024-12"], answer.text


def test_a_list_of_authorities_by_topic_keeps_those_that_name_most_of_it():
    from qa.lexical import topic_weights

    question = "Which councils use the Mockingbird model?"
    ev = [
        evidence("The Mockingbird model has expanded to support more carers.", document("brd26", authority="bradford", date="2026-01-12")),
        evidence("Partners use the threshold model well.", document("brm14", authority="birmingham", date="2014-03-04"), rank=2),
    ]
    rarity = {"mockingbird": 7.0, "model": 3.0, "use": 1.5}
    topic = topic_weights(question, rarity=rarity)
    lenient = SETTINGS.model_copy(update={"timeline_relative_floor": 0.0})
    listed = compose_timeline(question, score_candidates(question, ev, SETTINGS), lenient, TABLE, topic)
    assert [t.period for t in listed.timeline] == ["2026-01"], listed.text
    # The same share would keep both entries of a timeline.
    loose = lenient.model_copy(update={"list_min_topic_share": 0.0})
    assert len(compose_timeline(question, score_candidates(question, ev, SETTINGS), loose, TABLE, topic).timeline) == 2


def test_the_grade_row_of_the_area_asked_about_is_on_topic_whatever_its_words():
    from qa.lexical import topic_weights

    question = "How has leadership changed?"
    row = "The impact of leaders on social work practice with children and families\tinadequate"
    ev = [
        evidence("The senior leadership team is embarking on a programme of change.", document("fv19", doc_type="focused visit", date="2019-11-05")),
        evidence(f"Judgement\tGrade\n{row}\n", document("r21", date="2021-12-06"), rank=2),
    ]
    topic = topic_weights(question, rarity={"leadership": 3.0})
    lenient = SETTINGS.model_copy(update={"timeline_relative_floor": 0.0})
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), lenient, TABLE, topic)
    assert [t.period for t in answer.timeline] == ["2019-11", "2021-12"], answer.text
    assert answer.timeline[1].summary.startswith("The impact of leaders on social work practice with children and families: inadequate")


def test_a_verdict_timeline_gives_each_report_its_overall_grade_and_then_a_finding():
    question = "How have Dorset's children's services changed since 2018?"
    table_2021 = (
        "Judgement\tGrade\n"
        "The impact of leaders on social work practice with children and families\tOutstanding\n"
        "The experiences and progress of children in care and care leavers\tGood\n"
        "Overall effectiveness\tOutstanding\n"
    )
    ev = [evidence(table_2021 + "\nChildren's services in Dorset have improved significantly since the last inspection.",
                   document("ofsted21", authority="dorset", date="2021-09-27"), rank=1)]
    cands = score_candidates(question, ev, SETTINGS, drop_terms=frozenset({"dorset"}))
    entry = compose_timeline(question, cands, SETTINGS, TABLE).timeline[0].summary
    assert entry.startswith("Overall effectiveness: Outstanding [1].")
    assert entry.count(": Outstanding") + entry.count(": Good") == 1, entry  # one grade row, then a finding
    assert "improved significantly" in entry


def test_a_source_without_a_grade_is_measured_against_findings_not_against_a_grade_row():
    # Asked how the whole service fared, grade rows are boosted far above any finding; a focused
    # visit, which gives no grade, is still a line when its finding is as good as the report's.
    from dataclasses import replace

    question = "How have Dorset's children's services changed since 2018?"
    table = "Judgement\tGrade\nOverall effectiveness\tOutstanding\n"
    ev = [
        evidence(table + "\nChildren's services in Dorset have improved significantly since the last inspection.",
                 document("ofsted21", authority="dorset", date="2021-09-27"), rank=1),
        evidence("Children's services in Dorset have improved since the local authority was created.",
                 document("fv19", authority="dorset", doc_type="focused visit", date="2019-10-08"), rank=2),
    ]
    # Relevance set by hand: a grade row at 1.0, the report's finding at 0.4, the visit's at 0.35.
    relevance = {"grade": 1.0, "full inspection": 0.4, "focused visit": 0.35}
    cands = [
        replace(c, relevance=relevance["grade" if c.unit.kind == "grade" else c.evidence.document.doc_type])
        for c in score_candidates(question, ev, SETTINGS, drop_terms=frozenset({"dorset"}))
    ]
    assert 0.35 < 1.0 * SETTINGS.timeline_relative_floor  # measured against the grade row, the visit would go
    answer = compose_timeline(question, cands, SETTINGS, TABLE)
    assert [t.period for t in answer.timeline] == ["2019-10", "2021-09"], answer.text
    weak = [replace(c, relevance=0.1) if c.evidence.document.doc_type == "focused visit" else c for c in cands]
    assert [t.period for t in compose_timeline(question, weak, SETTINGS, TABLE).timeline] == ["2021-09"]


def test_an_entry_opens_with_the_grade_asked_about_even_when_findings_score_higher():
    question = "How has support for care leavers changed since 2018?"
    table = (
        "Judgement\tGrade\n"
        "The experiences and progress of children in care\tGood\n"
        "The experiences and progress of care leavers\tRequires improvement to be good\n"
    )
    report = document("ofsted24", date="2024-12-02")
    ev = [
        evidence("Care leavers receive strong support from their personal advisers. Support for care leavers "
                 "over 21 is less proactive.", report, rank=1, paragraph=40),
        evidence(table, report, rank=5),
    ]
    settings = Settings.load(timeline_sentences_per_entry=2)
    entry = compose_timeline(question, score_candidates(question, ev, settings), settings, TABLE).timeline[0].summary
    # The care leavers' grade, not the children in care one, then the best finding.
    assert entry.startswith("The experiences and progress of care leavers: Requires improvement to be good ["), entry
    assert "children in care:" not in entry and entry.count("[") == 2


def test_a_factual_answer_from_several_dates_keeps_its_sentences_one_line_per_source_oldest_first():
    question = "What is the local offer for care leavers like?"
    chosen = score_candidates(question, _evidence(), SETTINGS)[:4]  # best first, as the factual composer picks them
    assert several_dates(chosen) and not several_dates([c for c in chosen if c.evidence.date == chosen[0].evidence.date])
    answer = compose_by_date(question, chosen, TABLE)
    periods = [t.period for t in answer.timeline]
    assert periods == sorted(periods) and len(periods) == len({(period_of(c.evidence.date), c.evidence.document.id) for c in chosen})
    # The same sentences, none added or lost; within a source, in reading order.
    assert sorted(q for c in answer.citations for q in c.quote.split(" … ")) == sorted(c.unit.text for c in chosen)
    for entry in answer.timeline:
        ids = {answer.citations[n - 1].evidence.chunk.id for n in entry.citations}
        mine = [c for c in chosen if c.evidence.chunk.id in ids]
        assert entry.summary.index(reading_order(mine)[0].text.rstrip(".")) == 0
    result = check(answer.text, len(answer.citations), [t.label for t in answer.timeline])
    assert result.ok and result.used == tuple(range(1, len(answer.citations) + 1)), result.problem()


def _grade_table(overall: str) -> str:
    return f"Judgement\tGrade\nThe experiences and progress of care leavers\tGood\nOverall effectiveness\t{overall}\n"


def test_which_councils_lists_the_sources_that_state_the_grade_named_each_with_its_authority():
    question = "Which councils were judged outstanding?"
    ev = [
        evidence(_grade_table("Outstanding"), document("kent22", authority="kent", date="2022-05-09"), rank=1),
        evidence(_grade_table("Good"), document("dorset21", authority="dorset", date="2021-09-27"), rank=2),
        evidence(_grade_table("Outstanding"), document("norfolk26", authority="norfolk", date="2026-02-23"), rank=3),
    ]
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert [t.label for t in answer.timeline] == [
        "May 2022 — Kent · Ofsted inspection (primary)",
        "Feb 2026 — Norfolk · Ofsted inspection (primary)",
    ]
    assert all(t.summary.startswith("Overall effectiveness: Outstanding [") for t in answer.timeline)
    assert not answer.explanation
    one = Settings.load(list_max_entries=1)
    cut = compose_timeline(question, score_candidates(question, ev, one), one, TABLE, whole_service=True)
    assert len(cut.timeline) == 1 and cut.explanation.startswith("2 sources state it; the 1 that best match")


def test_which_councils_went_from_one_grade_to_another_pairs_each_move_by_authority():
    question = "Which councils went from inadequate to good?"
    ev = [
        evidence(_grade_table("Inadequate"), document("bcp21", date="2021-12-06"), rank=1),
        evidence(_grade_table("Good"), document("bcp24", date="2024-12-02"), rank=2),
        evidence(_grade_table("Inadequate"), document("swindon23", authority="swindon", date="2023-07-17"), rank=3),
        evidence(_grade_table("Good"), document("kent25", authority="kent", date="2025-11-03"), rank=4),
        # Bournemouth's good before BCP's inadequate is no move from inadequate to good.
        evidence(_grade_table("Good"), document("bmth16", authority="bournemouth", date="2016-01-01"), rank=5),
    ]
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert [t.label for t in answer.timeline] == [
        "Dec 2021 — BCP · Ofsted inspection (primary)",
        "Dec 2024 — BCP · Ofsted inspection (primary)",
    ]
    assert [t.summary.split(" [")[0] for t in answer.timeline] == ["Overall effectiveness: Inadequate", "Overall effectiveness: Good"]
    none = "Which councils went from good to outstanding?"
    refused = compose_timeline(none, score_candidates(none, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert refused.insufficient_evidence and refused.explanation == "No report in scope judged an authority good and a later one outstanding."


def test_a_move_between_grades_asked_of_one_authority_is_its_reports_timeline():
    # It lists no authorities by the move: it raised IndexError, there being no grades to list them by.
    question = "Why did Birmingham go from inadequate to good?"
    ev = [
        evidence(_grade_table("Good"), document("brm23", authority="birmingham", date="2023-02-20"), rank=1),
        evidence(_grade_table("Inadequate"), document("brm16", authority="birmingham", date="2016-09-12"), rank=2),
    ]
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert [t.label for t in answer.timeline] == ["Sep 2016 — Ofsted inspection (primary)", "Feb 2023 — Ofsted inspection (primary)"]
    assert [t.summary.split(" [")[0] for t in answer.timeline] == ["Overall effectiveness: Inadequate", "Overall effectiveness: Good"]


def test_judged_more_than_once_lists_the_lines_with_that_grade_in_two_months():
    question = "Which councils have been judged inadequate more than once?"
    ev = [
        evidence(_grade_table("Inadequate"), document("bcp21", date="2021-12-06"), rank=1),
        # A news story of the same inspection is the same judgement, not a second one.
        evidence("Ofsted rated the council's children's services inadequate.",
                 document("news21", source_kind="secondary", doc_type="news", date="2021-12-06"), rank=2),
        evidence(_grade_table("Inadequate"), document("swindon19", authority="swindon", date="2019-03-04"), rank=3),
        evidence(_grade_table("Inadequate"), document("swindon23", authority="swindon", date="2023-07-17"), rank=4),
        evidence(_grade_table("Good"), document("kent22", authority="kent", date="2022-05-09"), rank=5),
    ]
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert [t.period for t in answer.timeline] == ["2019-03", "2023-07"], answer.text
    assert all("Swindon" in t.label for t in answer.timeline)
    twice = "Which councils were judged inadequate more than twice?"
    refused = compose_timeline(twice, score_candidates(twice, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert refused.insufficient_evidence and refused.explanation == "No authority in scope was judged inadequate more than twice."


def test_judged_so_in_both_of_two_years_lists_the_lines_so_judged_at_each():
    question = "Which councils were judged inadequate in both 2019 and 2023?"
    ev = [
        evidence(_grade_table("Inadequate"), document("swindon19", authority="swindon", date="2019-03-04"), rank=1),
        evidence(_grade_table("Inadequate"), document("swindon23", authority="swindon", date="2023-07-17"), rank=2),
        evidence(_grade_table("Inadequate"), document("bcp19", date="2019-11-05"), rank=3),
        evidence(_grade_table("Inadequate"), document("kent21", authority="kent", date="2021-05-09"), rank=4),
    ]
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert [t.period for t in answer.timeline] == ["2019-03", "2023-07"], answer.text
    assert all("Swindon" in t.label for t in answer.timeline)
    # Not both: every report so judged among those given (the search keeps to the years), as before.
    every = "Which councils were judged inadequate in 2019 and 2023?"
    assert len(compose_timeline(every, score_candidates(every, ev, SETTINGS), SETTINGS, TABLE, whole_service=True).timeline) == 4
    none = "Which councils were judged inadequate in both 2019 and 2021?"
    refused = compose_timeline(none, score_candidates(none, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
    assert refused.insufficient_evidence and refused.explanation == "No authority in scope was judged inadequate in 2019 and 2021 alike."


def test_which_council_is_doing_best_lists_the_grades_best_first_and_worst_asked_so():
    ev = [
        evidence(_grade_table("Good"), document("bcp24", date="2024-12-02"), rank=1),
        evidence(_grade_table("Inadequate"), document("swindon23", authority="swindon", date="2023-07-17"), rank=2),
        evidence(_grade_table("Outstanding"), document("kent22", authority="kent", date="2022-05-09"), rank=3),
        evidence(_grade_table("Requires improvement to be good"), document("bury25", authority="bury", date="2025-06-09"), rank=4),
    ]

    def order(question: str) -> list[str]:
        answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True)
        return [t.summary.split(" [")[0].split(": ")[1].lower() for t in answer.timeline]

    assert order("Which council is doing best?") == ["outstanding", "good", "requires improvement to be good", "inadequate"]
    assert order("Which is the worst council?") == ["inadequate", "requires improvement to be good", "good", "outstanding"]


def test_grade_moves_takes_each_lines_first_move_from_its_last_report_of_the_earlier_grade():
    reports = [("a", "I", 1), ("a", "I", 2), ("b", "G", 3), ("a", "G", 4), ("a", "I", 5), ("a", "G", 6), ("b", "I", 7)]
    moves = grade_moves(reports, lambda r: r[0], lambda r: r[1] == "I", lambda r: r[1] == "G")
    assert moves == [(("a", "I", 2), ("a", "G", 4))]


def test_direction_moves_take_each_lines_biggest_step_between_consecutive_graded_reports():
    reports = [("a", "inadequate", 1), ("a", None, 2), ("a", "requires improvement", 3), ("b", "good", 4),
               ("a", "inadequate", 5), ("a", "good", 6), ("b", "outstanding", 7), ("c", "good", 8), ("c", "good", 9)]
    up = direction_moves(reports, lambda r: r[0], lambda r: r[1], 1)
    # a: inadequate → requires improvement (1 step), then inadequate → good (2): the bigger; b: one step; c: none.
    assert up == [(("a", "inadequate", 5), ("a", "good", 6), 2), (("b", "good", 4), ("b", "outstanding", 7), 1)]
    down = direction_moves(reports, lambda r: r[0], lambda r: r[1], -1)
    assert down == [(("a", "requires improvement", 3), ("a", "inadequate", 5), 1)]


def test_one_authority_needs_no_name_two_side_by_side_do():
    bcp, bournemouth = document("bcp24", date="2024-12-02"), document("bmth18", authority="bournemouth", date="2018-07-16")
    kent = document("kent22", authority="kent", date="2022-05-09")
    text = "Care leavers are well supported by their personal advisers."
    question = "How has support for care leavers changed?"
    lineage = compose_timeline(question, score_candidates(question, [evidence(text, bcp), evidence(text, bournemouth, rank=2)], SETTINGS), SETTINGS, TABLE)
    assert not any(" · " in t.label for t in lineage.timeline)
    mixed = compose_timeline(question, score_candidates(question, [evidence(text, bcp), evidence(text, kent, rank=2)], SETTINGS), SETTINGS, TABLE)
    assert [t.label.split(" — ")[1].split(" · ")[0] for t in mixed.timeline] == ["Kent", "BCP"]


def test_a_whole_service_entry_of_a_report_with_no_overall_grade_opens_with_its_leadership_judgement():
    from dataclasses import replace as with_fields

    areas = {"impact of leaders": "Inadequate", "children in care": "Good"}
    y2026 = with_fields(document("traf26", authority="trafford", date="2026-06-08"), grades=areas)
    y2022 = with_fields(document("traf22", authority="trafford", date="2022-11-21"), grades={**areas, "overall effectiveness": "Requires improvement to be good"})
    assert y2026.without_overall_grade and not y2022.without_overall_grade
    # Where a report gives no overall grade, its leaders' judgement stands in for it.
    assert (y2026.standing_grade, y2022.standing_grade, document("fv").standing_grade) == ("inadequate", "requires improvement to be good", "")
    table_2026 = "Judgement\tGrade\nThe experiences and progress of children in care\tGood\nThe impact of leaders on social work practice with children and families\tInadequate\n"
    table_2022 = table_2026 + "Overall effectiveness\tRequires improvement to be good\n"
    question = "How have Trafford's children's services changed?"
    ev = [evidence(table_2026, y2026, rank=1), evidence(table_2022, y2022, rank=2)]
    cands = score_candidates(question, ev, SETTINGS, drop_terms=frozenset({"trafford"}))
    answer = compose_timeline(question, cands, SETTINGS, TABLE, whole_service=True)
    assert [t.summary.split(" [")[0] for t in answer.timeline] == [
        "Overall effectiveness: Requires improvement to be good",
        "The impact of leaders on social work practice with children and families: Inadequate",
    ]


def test_an_entry_is_its_report_s_own_account_not_its_recall_of_the_report_before():
    two = SETTINGS.model_copy(update={"timeline_sentences_per_entry": 1})
    report = document("ofsted24", date="2024-04-15", authority="westmorland-and-furness")
    ev = [evidence("At the last inspection, in November 2022, support for care leavers was judged to require improvement "
                   "to be good. Personal advisers now visit young people often.", report)]
    question = "How has care leaver support changed since 2022?"
    answer = compose_timeline(question, score_candidates(question, ev, two), two, TABLE)
    assert answer.timeline and answer.timeline[0].summary.startswith("Personal advisers now visit"), answer.text
    # A passage there for the time it recalls keeps the recall: it is that time's evidence.
    recalled, both = [replace(ev[0], recalled=True)], SETTINGS.model_copy(update={"timeline_sentences_per_entry": 2, "answer_relative_floor": 0.0})
    answer = compose_timeline(question, score_candidates(question, recalled, both), both, TABLE)
    assert "At the last inspection, in November 2022" in answer.text, answer.text


def test_a_list_item_is_on_the_topic_its_section_heading_names():
    # "Areas for priority action" heads the section; the items sit under the line introducing their
    # list, which does not say "priority". Asked which councils had priority actions, the visit is listed.
    letter = document("bcp20", authority="bcp", date="2020-10-13")
    items = evidence(
        "The local authority needs to take swift and decisive action to address the following areas of weakness in:\n"
        "- the arrangements for management oversight and quality assurance of social work practice\n",
        letter,
    )
    items = replace(items, chunk=replace(items.chunk, section="Areas for priority action"))
    other = evidence("Ofsted identified two areas for priority action at the focused visit.", document("swi23", authority="swindon", date="2023-07-17"), rank=2)
    question = "Which councils had priority actions?"
    cands = score_candidates(question, [items, other], SETTINGS, drop_terms=frozenset({"council"}))
    answer = compose_timeline(question, cands, SETTINGS, TABLE, topic={"prioriti": 1.0, "action": 0.2})
    assert [t.period for t in answer.timeline] == ["2020-10", "2023-07"], answer.text


def test_a_verdict_entry_without_its_opening_at_hand_quotes_no_stray_detail():
    # "How long did BCP stay inadequate?": the 2021 report's grade row is at hand, its opening summary
    # is not; a detail sharing only the verdict's words ("stay") is no account of the verdict.
    question = "How long did BCP stay inadequate?"
    ofsted21 = document("ofsted21", date="2021-12-06", authority="bcp")
    ofsted24 = document("ofsted24", date="2024-12-02", authority="bcp")
    ev = [
        replace(evidence("Overall effectiveness Inadequate", ofsted21, rank=1), opening=True),
        evidence("Young people are encouraged to 'stay put' with their foster carers.", ofsted21, rank=2, paragraph=30),
        replace(evidence("Overall effectiveness Good\n\nSince the last inspection, strong progress has been made in most areas.", ofsted24, rank=3), opening=True),
    ]
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True, names=frozenset({"bcp"}))
    by_period = {t.period: t.summary for t in answer.timeline}
    assert "stay put" not in by_period["2021-12"] and "Inadequate" in by_period["2021-12"]
    # The opening's findings at hand are quoted beside the grade.
    question = "How has BCP done since 2021?"
    answer = compose_timeline(question, score_candidates(question, ev, SETTINGS), SETTINGS, TABLE, whole_service=True, names=frozenset({"bcp"}))
    assert "strong progress" in {t.period: t.summary for t in answer.timeline}["2024-12"]
