"""Question words: which questions ask for a verdict on a whole service rather than a topic."""

from __future__ import annotations

import pytest

from qa.lexical import (
    AREA_MATCH,
    IMPROVEMENT_HEADING,
    GRADES,
    CountTopic,
    REORGANISATION,
    STATES_CHANGE,
    VISIT_COVERED,
    VISIT_DATES,
    VERDICT_WORDS,
    asks_about_the_visit,
    asks_for_all_sources,
    asks_for_improvements,
    asks_for_reports,
    asks_for_verdict,
    asks_how_many,
    area_coverage,
    asks_what_visit_covered,
    asks_when_reorganised,
    asks_when_visited,
    asks_which_authorities,
    listed_grades,
    named_grade,
    counted_stems,
    coverage,
    is_grade_question,
    names_grades,
    became_grade,
    best_report,
    gives_count,
    grade_direction,
    question_terms,
    stem_set,
    topic_weights,
)
from qa.query_terms import name_stems


@pytest.mark.parametrize(
    "question",
    [
        "How has Bradford's children's social care changed since 2018?",
        "How have Surrey's children's services improved since they were judged inadequate in 2018?",
        "What was the overall judgement of the 2014 inspection?",
        "How did Ofsted's overall view of the council change?",
        "What were the key findings of the 2024 Bradford inspection?",
        "Give me a summary of Surrey's latest report",
        "What was the outcome of Bradford's inspection?",
        "What were the results of the 2021 Surrey inspection?",
        "How are children doing in Surrey?",
    ],
)
def test_questions_about_the_whole_service_ask_for_a_verdict(question: str) -> None:
    assert asks_for_verdict(question, name_stems(["Bradford", "Surrey"]))


def test_the_pace_of_a_move_up_or_down_the_grades_is_no_topic() -> None:
    # "Which council improved fastest?" asks of the biggest move, as "…the most?" does.
    assert asks_for_verdict("Which council improved fastest?") and asks_for_verdict("Which councils declined most quickly?")
    assert not asks_for_verdict("How quickly are referrals screened in Kent?", name_stems(["Kent"]))


@pytest.mark.parametrize(
    "question",
    [
        "How has care leaver support changed since 2018?",
        "How has the quality of social work assessments improved?",
        "Is the council assessing risks to unborn babies properly?",
        "What are the outcomes for care leavers?",
        "What were the results of the audits?",
        # A judgement area said in words found everywhere ("children", "care") is a topic all the same.
        "What grade did Bradford get for children in care?",
        "How are children in care doing in Surrey?",
    ],
)
def test_questions_about_a_topic_do_not(question: str) -> None:
    assert not asks_for_verdict(question, name_stems(["Bradford", "Surrey"]))


def test_authority_names_and_years_are_not_topic_words() -> None:
    assert question_terms("What did Kent do about care leavers in 2022?", name_stems(["Kent"])).keys() == {"leaver", "care"}


def test_how_much_is_asked_is_no_topic_word() -> None:
    # "a lot" asks how much, as "many" does: a sentence need not say "lot" to answer it.
    assert "lot" not in question_terms("Which councils use agency social workers a lot?")
    assert "lot" not in question_terms("Has Bury improved lots since 2021?")
    assert not question_terms("whats the latest on kent", name_stems(["Kent"]))  # typed without its apostrophe


def test_asking_what_a_service_is_like_asks_for_a_verdict() -> None:
    from qa.lexical import asks_for_verdict

    for question in ("What is Kent like?", "What are Kent's children's services like?", "What was Kent like in 2021?"):
        assert asks_for_verdict(question, name_stems(["Kent"])), question
    assert "like" in question_terms("What do children like about living in Kent?")  # a topic
    assert not asks_for_verdict("What is it like to be a care leaver in Kent?", name_stems(["Kent"]))


def test_idioms_and_small_talk_name_no_topic() -> None:
    for question, name in (
        ("Has Tameside turned a corner?", "Tameside"),  # "improved", a verdict word
        ("What's the story with Bradford?", "Bradford"),
        ("Are things improving in Trafford?", "Trafford"),
        ("Summarise everything about Trafford since 2019.", "Trafford"),
    ):
        assert not [t for t in question_terms(question, name_stems([name])) if t not in VERDICT_WORDS], question
    assert "stori" in question_terms("What about life story work in Bradford?", name_stems(["Bradford"]))
    assert "trace" not in question_terms("Trace the history of Bury's children's services", name_stems(["Bury"]))


def test_a_track_record_is_how_an_authority_has_done_not_its_case_records() -> None:
    from qa.lexical import asks_for_best

    assert "record" not in question_terms("Which council has the worst record?")
    assert asks_for_best("Which council has the worst record?") == -1  # the grades rank them
    assert set(question_terms("What is Kent's track record on care leavers?", name_stems(["Kent"]))) == {"care", "leaver"}
    assert "record" in question_terms("How good is recording in Swindon?")
    assert "record" in question_terms("Are case records up to date in Swindon?")


def test_how_well_is_how_a_question_is_put_not_its_topic() -> None:
    names = name_stems(["Tameside"])
    assert set(question_terms("How well does Tameside respond to domestic abuse?", names)) == {"respond", "domest", "abus"}
    assert "effect" not in question_terms("How effectively does Tameside manage allegations?", names)
    assert "well" in question_terms("How is children's emotional well-being supported in Tameside?", names)


def test_asking_whether_ofsted_commented_names_no_topic() -> None:
    assert "comment" not in question_terms("Did Ofsted comment on the use of interpreters?")
    assert "see" not in question_terms("What improvements did Ofsted see in Surrey in 2025?")


def test_taking_place_is_happening_not_a_place() -> None:
    assert set(question_terms("When did Swindon's last inspection take place?", name_stems(["Swindon"]))) == {"inspect"}
    assert "place" in question_terms("Do care leavers have a safe place to live?")


def test_asking_what_two_authorities_share_is_no_topic() -> None:
    names = name_stems(["Bury", "Trafford"])
    assert not question_terms("What do Bury and Trafford have in common?", names)
    assert not question_terms("Are Bury and Trafford alike?", names)
    assert "common" in question_terms("Does Bury use the common assessment framework?", names)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What did Ofsted want Dorset to improve for care leavers in 2021 and in 2025?", True),
        ("What were the areas for priority action after the 2020 focused visit?", True),
        ("How many recommendations did the 2018 report make?", True),
        ("What does Cumberland need to improve for homeless 16-year-olds?", True),
        ("How has BCP improved since 2021?", False),
        ("Is the service for care leavers improving?", False),
        ("What should Tameside do next?", True),
        ("What does Swindon need to do?", True),
        ("What are the next steps for Bury?", True),
        ("What does Ofsted do?", False),
        ("What are the biggest problems in Swindon?", True),
        ("What are the main concerns about Trafford?", True),
        ("What went wrong in Tameside?", True),
        ("What's going wrong in Trafford?", True),
        ("What’s gone wrong in Bury?", True),
        ("What's bad about Tameside?", True),  # (it was refused: no passage sat close to "bad")
        ("What was poor about Swindon in 2023?", True),
        ("What is poor housing doing to care leavers?", False),
        ("What concerns did Ofsted raise about Blackpool?", True),
        ("What concerns were raised about Blackpool in 2025?", True),
        ("What worries did inspectors have about Kent in 2025?", True),
        ("What issues were highlighted in Swindon's 2023 inspection?", True),
        ("What concerns were raised by care leavers in Kent?", False),  # theirs, a topic
        ("Were there any concerns about Dorset in 2025?", True),
        ("Are there problems with care leaver accommodation in Kent?", False),  # a topic's
        ("What issues did Ofsted find in Tameside?", True),
        ("Did Ofsted raise concerns about care leavers in Kent?", True),
        ("How do social workers respond to concerns about neglect?", False),
        ("What did Ofsted recommend for Bury in 2025?", True),
        ("What problems do care leavers face in Kent?", False),  # a topic: care leavers' problems
        # Without a word of degree, the same: "What are the problems in Swindon?", and those that recur
        ("What are the problems in Swindon?", True),
        ("What are the recurring problems in Swindon?", True),
        ("What are the long-standing weaknesses in Tameside?", True),
        ("What were Tameside's failings?", True),
        ("What issues does Bury face?", True),
        ("What problems does Kent have with care leavers?", True),
        ("What did Ofsted criticise in Swindon?", True),
        ("What were the criticisms of Bradford?", True),
        ("Did Ofsted criticise leadership in Swindon?", False),  # asked of a topic
        ("What should Bury prioritise?", True),
        ("What does Swindon need to work on?", True),
        ("Where is Kent weakest?", True),
        ("Does Bury work on priorities with partners?", False),
        # Whether leaders knew the weaknesses is a finding of its own, not the list of them
        ("Did Swindon's leaders understand their weaknesses in 2018?", False),
        ("Are Tameside's leaders aware of the problems?", False),
        ("What weaknesses did inspectors see in Swindon?", True),
        # How long improving took is a change over time, not a list of what must improve
        ("How long did it take Bradford to improve?", False),
    ],
)
def test_questions_that_ask_what_must_improve(question: str, asks: bool) -> None:
    assert asks_for_improvements(question) is asks


def test_asked_which_authority_holds_the_most_reports() -> None:
    from qa.lexical import asks_most_reports, asks_to_rank

    assert asks_most_reports("Which authority has the most inspections in the corpus?") == 1
    assert asks_most_reports("Which council has had the fewest reports?") == -1
    assert not asks_to_rank("Which council has had the fewest reports?")  # counted, not ranked by the reports
    assert asks_most_reports("Which council has the most care leavers?") == 0


def test_asked_which_reports_give_no_overall_grade() -> None:
    from qa.lexical import asks_without_overall

    for question in (
        "Which councils have no overall grade?", "Which reports were not given an overall grade?",
        "Which inspections gave no overall judgement?", "What reports lack an overall effectiveness grade?",
    ):
        assert asks_without_overall(question), question
        assert not {"given", "gave"} & set(question_terms(question)), question
    assert not asks_without_overall("Why does Blackpool have no overall grade?")  # why, of one report
    assert not asks_without_overall("Which councils have an overall grade of good?")


def test_the_words_asking_for_problems_are_no_topic() -> None:
    from qa.lexical import topic_terms

    names = name_stems(["Swindon"])
    assert not topic_terms("What are the recurring problems in Swindon?", names)
    assert set(topic_terms("What are the common weaknesses across councils?", names)) == {"council"}  # a generic word
    assert set(topic_terms("What are the long-standing concerns about care leavers in Swindon?", names)) == {"care", "leaver"}


def test_improvement_headings_are_the_lists_not_the_judgements() -> None:
    assert IMPROVEMENT_HEADING.search("What needs to improve in this area of social work practice?")
    assert IMPROVEMENT_HEADING.search("Areas for priority action")
    assert IMPROVEMENT_HEADING.search("Recommendations")
    assert not IMPROVEMENT_HEADING.search("The experiences and progress of care leavers: requires improvement to be good")


@pytest.mark.parametrize(
    "question, about_the_visit, when",
    [
        ("When was Swindon last inspected?", True, True),
        ("When did Ofsted last visit Dorset?", True, True),
        ("On what dates was Kent inspected in 2022?", True, True),
        ("Who were the inspectors?", True, False),
        ("Who led the 2023 inspection of Swindon?", True, False),
        ("Who is the director of children's services in Bury?", False, False),  # asks about the service
        ("What did inspectors find in Bury in 2025?", False, False),  # the inspectors' findings, as Ofsted's
        ("What did the inspectors say about care leavers in Kent?", False, False),
        ("How many inspectors visited BCP?", True, False),
        ("What did the 2019 focused visit find about care leavers?", False, False),
        ("What did the 2019 focused visit to Bury examine?", True, False),
        ("What did the November 2025 focused visit look at?", True, False),
        ("How many agency staff was BCP using when Ofsted visited in October 2020?", False, False),
        ("When do care leavers get a personal adviser?", False, False),
        # A list of the visits themselves: each report's dates answer it.
        ("Which councils were inspected in 2024?", True, True),
        ("Which authorities had a focused visit in 2020?", True, True),
        ("Which councils did Ofsted visit in 2019?", True, True),
        ("Which councils were inspected and judged inadequate?", True, False),  # a list by grade
        ("Which councils visited care leavers regularly?", True, False),
        ("Which councils have family hubs?", False, False),
        # When a report came out: its own dates answer beside the note of its publication.
        ("When was the BCP 2021 inspection report published?", True, True),
        ("When did the Dorset 2023 focused visit letter come out?", True, True),
    ],
)
def test_questions_about_the_inspection_itself(question: str, about_the_visit: bool, when: bool) -> None:
    assert (asks_about_the_visit(question), asks_when_visited(question)) == (about_the_visit, when)


@pytest.mark.parametrize(
    "question, reports, every_kind",
    [
        ("What inspections has Bury had?", True, False),
        ("List all reports on Bury", True, False),
        ("list all reports on bury", True, False),
        ("How many focused visits has Bury had?", True, False),
        ("What visits has Ofsted made to Bradford?", True, False),
        ("What letters has Ofsted sent to BCP?", True, False),
        ("Which reports did Ofsted publish on Bury?", True, False),
        ("What inspections were there in 2024?", True, False),
        ("Show me every report on Kent", True, False),
        ("Which documents do you hold on Bury?", True, True),
        ("What sources are there on BCP?", True, True),
        ("List every document about Kent", True, True),
        # The corpus asked about by name, in the singular too.
        ("What is the most recent report in the corpus?", True, False),
        ("Which Bury reports are in the corpus?", True, False),
        ("What is the oldest document in the corpus?", True, True),
        # What the corpus holds on an authority: every document (it quoted two findings).
        ("What does the corpus hold on Bury?", True, True),
        ("What do you have about Kent?", True, True),
        ("What do you have on care leavers in Kent?", False, False),  # a topic the documents are to hold
        # Which one report it is: by its dates (it gave the report's grade row, naming no report)
        ("Which is the oldest report?", True, False),
        ("Which report is the most recent?", True, False),
        # The whole corpus: every document (it quoted sentences saying "hold")
        ("What does the corpus hold?", True, True),
        ("What's in the corpus?", True, True),
        ("What is in the index?", True, True),
        ("What is the corpus?", True, True),
        ("What is the corpus of evidence on neglect?", False, False),
        # Its visits counted: "times" and "often" ask how many there were, as "how many inspections" does.
        ("How many times has Bury been inspected?", True, False),
        ("How often did Ofsted visit Kent?", True, False),
        ("How often are care plans reviewed in Bury?", False, False),
        # Which reports cover or concern an authority, or its area (they quoted "placed out of area").
        ("Which reports cover the Kent area?", True, False),
        ("What reports concern Bury?", True, False),
        ("Which reports cover care leavers in Kent?", False, False),
        # A topic the reports are to hold, or what they say: no list of them.
        ("Which reports mention Mockingbird?", False, False),
        ("What reports are there on care leavers in Kent?", False, False),
        ("What did the reports say about Bury?", False, False),
        ("Which inspections have found Bury inadequate?", False, False),
        ("Show me the latest report on Bury", False, False),
    ],
)
def test_questions_asking_which_reports_there_are(question: str, reports: bool, every_kind: bool) -> None:
    names = name_stems(["Bury", "BCP", "Bradford", "Kent"])
    assert (asks_for_reports(question, names), asks_for_all_sources(question, names)) == (reports, every_kind)


def test_a_council_s_account_of_when_it_was_inspected_gives_the_dates() -> None:
    assert VISIT_DATES.match("The inspection, by Ofsted, took place between 16th and 27th July 2018")
    assert VISIT_DATES.match("The focused visit took place on 5 and 6 November 2019")
    assert not VISIT_DATES.match("The meeting took place in a school hall")


@pytest.mark.parametrize(
    "question, covered",
    [
        ("What did Ofsted look at during the November 2019 focused visit to BCP?", True),
        ("What did the October 2022 monitoring visit to BCP concentrate on?", True),
        ("What did the 2019 focused visit to Bury examine?", True),
        ("What did inspectors find about care leavers?", False),  # findings, not the visit's scope
        ("When did Ofsted look at Bury?", False),  # a date
        ("What did Ofsted say about social workers focusing on children?", False),
    ],
)
def test_questions_about_what_a_visit_covered(question: str, covered: bool) -> None:
    assert asks_what_visit_covered(question) is covered
    if covered:
        assert asks_about_the_visit(question)  # the letter's framing may answer it


def test_the_lines_that_say_what_a_visit_covered() -> None:
    assert VISIT_COVERED.match("Inspectors looked at the local authority's arrangements for children in care.")
    assert VISIT_COVERED.match("They also looked at local authority performance management information.")
    assert VISIT_COVERED.match("The focus of the monitoring visit was children in need.")
    assert not VISIT_COVERED.match("Inspectors found that care leavers are well supported.")
    # An older letter's account: "Inspectors reviewed…", "Inspectors considered…".
    assert VISIT_COVERED.match("Inspectors reviewed the local authority's arrangements for contacts and referrals in the MASH.")
    assert VISIT_COVERED.match("Inspectors considered thresholds for early help and statutory services for children in need.")


def test_the_lines_that_say_when_a_visit_was() -> None:
    assert VISIT_DATES.match("Inspection dates: 17 to 28 July 2023")
    assert VISIT_DATES.match("This letter summarises the findings of the focused visit to Dorset children's services on 17 and 18 May 2023.")
    assert not VISIT_DATES.match("Since the inspection dates were set, leaders have acted.")


@pytest.mark.parametrize(
    "text, sets_against_earlier",
    [
        ("Services have improved significantly since the last inspection.", True),
        ("At the last inspection, early help services were effective.", True),
        ("Since the joint area inspection (JTAI) in 2018, leadership has changed.", True),
        ("Social workers no longer carry excessive caseloads.", True),
        ("The dependence on agency staff remains very high.", True),
        ("From this very low starting point, leaders have acted.", True),
        ("The local offer for care leavers lacks ambition.", False),
        ("Children are visited regularly by their social workers.", False),
        ("The improvement plan is monitored monthly.", False),
    ],
)
def test_wording_that_sets_the_present_against_an_earlier_time(text: str, sets_against_earlier: bool) -> None:
    assert bool(STATES_CHANGE.search(text)) is sets_against_earlier


@pytest.mark.parametrize(
    "question, listing, grade",
    [
        ("Which councils were judged inadequate in 2023?", True, "inadequate"),
        ("Which local authorities require improvement?", True, "requires improvement"),
        ("Which councils required improvement?", True, "requires improvement"),  # the past tense names it too
        ("What councils were rated outstanding?", True, "outstanding"),
        ("Which areas of practice need to improve?", False, None),
        ("How has BCP improved since it was judged inadequate?", False, "inadequate"),
        ("What is the latest grade for each authority?", True, None),
        ("How was every council judged in 2022?", True, None),
        ("Do all the local authorities have care leaver hubs?", True, None),
        ("Does every child have a social worker?", False, None),
        ("Has any council gone from inadequate to outstanding?", True, "inadequate"),
        ("Are there any councils rated inadequate now?", True, "inadequate"),
        ("Did any authority improve?", True, None),
        ("Is any care leaver in BCP homeless?", False, None),
        # Which of them, asked of a move or a grade, as a chat's next question is.
        ("Which got worse?", True, None),
        ("And which are outstanding?", True, "outstanding"),
        ("Which ones were judged inadequate?", True, "inadequate"),
        ("Which is the latest report?", False, None),
        ("Which are the main weaknesses?", False, None),
        # The councils, plural, as the subject: each of them.
        ("What grades do the councils have now?", True, None),
        ("How are the councils doing?", True, None),
        ("What are the authorities' grades?", True, None),
        ("Were the councils of Northamptonshire merged?", False, None),
        ("What did the council say about its inspection?", False, None),
        # Where, asked of a grade: which authorities (it quoted good and requires-improvement rows too).
        ("Where are care leaver services outstanding?", True, "outstanding"),
        ("Where is help and protection inadequate?", True, "inadequate"),
        ("Where is the MASH in Kent?", False, None),
    ],
)
def test_questions_that_ask_for_a_list_of_authorities(question: str, listing: bool, grade: str | None) -> None:
    assert (asks_which_authorities(question), named_grade(question)) == (listing, grade)


@pytest.mark.parametrize(
    "question, grades",
    [
        ("Which authorities went from inadequate to good?", ("inadequate", "good")),
        ("Which councils moved from 'requires improvement to be good' to outstanding?", ("requires improvement", "outstanding")),
        ("Which councils declined from being rated good to inadequate?", ("good", "inadequate")),
        ("Which councils were judged inadequate and then outstanding?", ("inadequate", "outstanding")),
        ("Which authorities were rated requires improvement, later good?", ("requires improvement", "good")),
        ("Which councils were judged inadequate?", ("inadequate",)),
        ("Which councils have improved?", GRADES),  # a move up, whatever the grades
        ("Which councils have the most care leavers?", ()),
        ("What is the latest grade for each authority?", GRADES),  # every authority, by its grade
        ("How was every council judged in 2022?", GRADES),
        ("Did BCP go from inadequate to good?", ()),  # one authority: a change over time, not a list
    ],
)
def test_the_grades_a_list_of_authorities_is_asked_by(question: str, grades: tuple[str, ...]) -> None:
    assert listed_grades(question) == grades
    assert asks_for_verdict(question) or not grades


def test_the_area_asked_about_is_matched_without_the_words_asking_for_a_verdict() -> None:
    question = "Which councils had care leavers services judged good?"
    area = stem_set("The experiences and progress of care leavers")
    # "judged" and "good" ask for the verdict, which every grade row gives; "care leavers" is the area.
    assert area_coverage(topic_weights(question), area) == 1.0
    assert coverage(topic_weights(question), area) < AREA_MATCH
    assert area_coverage(question_terms(question), area) >= AREA_MATCH
    assert area_coverage(topic_weights(question), stem_set("The experiences and progress of children in care")) < AREA_MATCH


def test_the_leadership_judgement_is_the_area_asked_about_for_leaders_not_for_families() -> None:
    leaders = stem_set("The impact of leaders on social work practice with children and families")
    assert area_coverage(question_terms("How has leadership in BCP changed?"), leaders) >= AREA_MATCH
    assert area_coverage(question_terms("Are the leaders effective?"), leaders) >= AREA_MATCH
    # "safe" in the reader's words is the help and protection judgement's area.
    protection = stem_set("The experiences and progress of children who need help and protection")
    assert area_coverage(question_terms("Are children in Swindon safe?", name_stems(["Swindon"])), protection) >= AREA_MATCH
    assert area_coverage(question_terms("Are children safe?"), stem_set("The experiences and progress of care leavers")) < AREA_MATCH
    assert area_coverage(question_terms("Which councils work well with families?"), leaders) < AREA_MATCH
    assert area_coverage(question_terms("How is social work practice?"), leaders) < AREA_MATCH


def test_the_dense_query_leaves_out_the_scope_but_keeps_a_topic() -> None:
    from qa.query_terms import dense_text

    bcp = ["BCP", "Bournemouth", "BCP Council"]
    cleaned = dense_text("How has care leaver support in BCP changed since 2018?", bcp, ["since 2018"])
    assert "care leaver support" in cleaned and "BCP" not in cleaned and "2018" not in cleaned
    # A name that begins a longer one names a body, not the scope.
    assert dense_text("What did the Bournemouth Echo report about BCP?", bcp, []) == "What did the Bournemouth Echo report?"
    # When the names were all the topic, they stay.
    trust = ["Birmingham", "Birmingham Children's Trust"]
    assert dense_text("What happened to Birmingham Children's Trust?", trust, []) == "What happened to Birmingham Children's Trust?"
    assert dense_text("How has BCP changed since 2018?", bcp, ["since 2018"]) == "How has BCP changed?"


@pytest.mark.parametrize(
    "text, counted",
    [
        ("At the time of this focused visit, 55 agency staff were engaged by BCP.", True),
        ("Ofsted has conducted seven monitoring visits since the previous inadequate judgement.", True),
        ("There are over 1,200 children in care who live in Kent who were placed from elsewhere.", True),
        ("In June 2015, 60% of looked after children had attended their reviews.", True),
        ("Homeless children aged 16 and 17 who need support do not get it.", False),  # ages
        ("For those over 18 or with more complex needs, support is not clear.", False),
        ("A small number of care leavers over 21 continue to receive dedicated PA support.", False),
        ("Effective support is provided to post 16 children in care.", False),
        ("Quality of contacts (outcome 2, national framework)", False),
        ("1 The areas for improvement have been cross-referenced with the outcomes.", False),  # a footnote mark
        ("Since 2019, leaders have strengthened the front door.", False),  # a year
    ],
)
def test_a_sentence_giving_a_count_or_share(text: str, counted: bool) -> None:
    assert gives_count(text) == counted


@pytest.mark.parametrize(
    "question, direction",
    [
        ("Which councils improved the most?", 1),
        ("Which councils have got better since 2020?", 1),
        ("Which councils improved their care leaver services?", 1),
        ("Which councils got worse?", -1),
        ("What councils have declined since 2020?", -1),
        ("Which councils need to improve?", 0),  # no move
        ("Which councils went from inadequate to good?", 0),  # grades named: a move between them
        ("Which councils were judged inadequate?", 0),
        ("How has BCP improved?", 0),  # no list of authorities
        ("Did any council improve?", 1),
        ("Did any authority get worse?", -1),
        ("Which councils saw a fall in caseloads?", 0),  # a noun, not a move
    ],
)
def test_a_move_up_or_down_the_grades(question: str, direction: int) -> None:
    assert grade_direction(question) == direction
    assert (listed_grades(question) == GRADES) == bool(direction)


def test_a_count_is_asked_for_and_is_no_verdict_unless_it_counts_one() -> None:
    assert asks_how_many("How many agency staff was BCP using?") and asks_how_many("What proportion of care leavers are in work?")
    assert not asks_how_many("How well does Norfolk support care leavers?")
    assert asks_how_many("What is the rate of children in care in Trafford?") and asks_how_many("What's the number of care leavers?")
    assert not asks_how_many("What is the rating of Trafford?")
    assert not asks_for_verdict("How many children in care does Norfolk have?")
    assert asks_for_verdict("How many councils were judged inadequate?")


def test_what_a_sentence_counts_is_the_words_after_its_number():
    assert counted_stems("At the time of the inspection there were 1,088 looked after children.") == stem_set("looked after children")
    assert counted_stems("At 31 October 2017, 1,115 children are being looked after.") >= stem_set("children looked")
    assert counted_stems("Social care has 636 local authority foster carers.") == stem_set("local authority foster carers")
    assert counted_stems("Leaders have strengthened the front door since 2019.") == frozenset()
    # A share says what it is of, or follows what it measures.
    assert counted_stems("In June 2015, 60% of looked after children attended their reviews.") == stem_set("looked after children")
    assert counted_stems("Stability of placements, at 63%, is below comparators.") == stem_set("stability of placements")


def test_a_count_of_the_topic_or_its_synonym_answers_how_many():
    topic = CountTopic.of("How many children in care does Norfolk have?", stem_set("Norfolk"))
    assert topic.share(counted_stems("There were 1,088 looked after children.")) == 1.0  # a synonym of the whole topic
    assert topic.share(counted_stems("There are 35 children in care whom it would be right to reunite.")) == 1.0
    assert topic.share(counted_stems("It runs nine local authority children's homes.")) == 0.5
    assert topic.share(counted_stems("It has 636 local authority foster carers.")) == 0.0
    assert CountTopic.of("How many?").share(counted_stems("There were 55 agency staff.")) == 0.0
    assert CountTopic.of("What proportion of care leavers are in work?").terms == stem_set("care leavers work")
    # The source counts nothing: "…did Ofsted's report make?" asks how many recommendations.
    assert CountTopic.of("How many recommendations did Ofsted's 2018 report make?", stem_set("2018")).terms == stem_set("recommendations")
    assert CountTopic.of("How many inspection reports are there?").terms == stem_set("inspection reports")


@pytest.mark.parametrize(
    "question, asks",
    [
        ("How was Kent judged?", True),
        ("What grade did Ofsted give BCP for care leavers?", True),
        ("Is BCP's care leaver service good?", True),  # yes or no, ending on a grade
        ("Are Trafford's services for children in care good?", True),
        ("Were Bournemouth's services good before BCP was formed?", True),  # a time after the grade
        ("Was Bury inadequate in 2021?", True),
        ("Is Kent good at helping care leavers?", False),  # what it does well
        ("Is support for care leavers good enough to keep them in education?", False),
        ("Why was Swindon judged inadequate?", False),  # the reasons, not the grade
        ("Do care leavers get good support?", False),
        ("How have Bradford's Ofsted ratings changed?", True),  # the plural too
        # A judgement dating the question is not asked for
        ("What happened when Bury was rated inadequate?", False),
        ("What happened after Tameside was judged inadequate?", False),  # (it quoted the grade row alone)
        ("What was Trafford like before it was judged inadequate?", False),
        ("What grade did care leavers get when BCP was judged inadequate?", True),
        ("When was Bury judged inadequate?", True),
        # An inspection's results are its grades (the first quoted three findings and no grade).
        ("List Bradford's inspection results.", True),
        ("What were the results of the 2021 BCP inspection?", True),
        ("What were the results of the consultation with care leavers?", False),
        ("What were Norfolk's grades for every area in 2015?", True),
    ],
)
def test_questions_that_ask_for_a_grade(question: str, asks: bool) -> None:
    assert is_grade_question(question) == asks


@pytest.mark.parametrize(
    "question, names",
    [
        ("How has Bury's grade changed?", True),
        ("What is the trend in Bradford's ratings?", True),
        ("How has Kent's overall effectiveness changed?", True),
        ("Has Bury improved?", False),  # a way of moving, whatever the evidence
        ("Did BCP get better after being rated inadequate in 2021?", False),  # after a grade, not of grades
    ],
)
def test_questions_that_name_the_grades(question: str, names: bool) -> None:
    assert names_grades(question) == names


@pytest.mark.parametrize(
    "question, grade",
    [
        ("When did BCP become good?", "good"),
        ("When did Trafford get inadequate?", "inadequate"),
        ("When was Birmingham first rated good?", "good"),
        ("When was BCP judged good?", None),  # when it was, not when it became so
        ("When did Kent go from outstanding to good?", None),  # a move named whole
        ("Since when has Norfolk been outstanding?", "outstanding"),  # (it listed Norfolk's 2015 and 2017 reports too)
        ("Since when has Kent had a MASH?", None),  # no grade
    ],
)
def test_questions_asking_when_a_grade_was_reached(question: str, grade: str | None) -> None:
    assert became_grade(question) == grade


@pytest.mark.parametrize(
    "question, way",
    [
        ("Which inspection of Bury was the worst?", -1),
        ("What was Bury's best inspection?", 1),
        ("Which of Birmingham's reports was the best?", 1),
        ("Which council is doing best?", 0),  # authorities ranked, not one's reports
        ("What is the best way to support care leavers?", 0),
    ],
)
def test_questions_ranking_an_authoritys_own_reports(question: str, way: int) -> None:
    assert best_report(question) == way


def test_authorities_not_inspected_since_a_time() -> None:
    from qa.lexical import asks_not_since

    for question in (
        "Which councils have not been inspected since 2023?", "Which councils haven't had an inspection since 2024?",
        "Which authorities have never been inspected?", "Which councils have never had a focused visit?",
    ):
        assert asks_not_since(question), question
    for question in ("Which councils have been inspected since 2023?", "Has Bury not improved since 2021?", "Which councils were never inspected in 2024?"):
        assert not asks_not_since(question), question


@pytest.mark.parametrize(
    "question, types",
    [
        ("What did the monitoring visits to Bradford find?", ["monitoring visit"]),
        ("What did the 2020 focused visit to BCP find?", ["focused visit"]),
        ("What did the area SEND inspection of Bury say?", ["area SEND inspection"]),
        ("What did the SEND inspection of Kent say?", ["area SEND inspection"]),
        ("Did Ofsted send inspectors to Kent?", []),  # a verb
        ("What did the 2021 inspection say?", []),
        # Ofsted's names for a graded inspection
        ("What did the full inspection of Kent find?", ["full inspection"]),
        ("Was BCP's next activity a standard inspection?", ["full inspection"]),
        ("Are children in full-time education in Kent?", []),
    ],
)
def test_the_document_types_a_question_names(question: str, types: list[str]) -> None:
    from qa.lexical import named_doc_types

    assert named_doc_types(question) == types


@pytest.mark.parametrize(
    "question, asks",
    [
        ("Which authorities do you cover?", True),
        ("How many councils are in the corpus?", True),
        ("Which councils have reports?", True),
        ("What local authorities does the corpus include?", True),
        ("Which councils cover care leavers well?", False),
        ("Which councils have reports judging them inadequate?", False),
        # Of a region: each authority by its latest report, not reports saying "covered"
        ("Which councils in the North West do you cover?", True),
        ("Which authorities are in the North West?", True),
        ("Which authorities are there in the South West?", True),
        ("Which councils in the North West are inadequate?", False),
        ("Which councils in the North West have improved?", False),
    ],
)
def test_asking_which_authorities_the_corpus_covers(question: str, asks: bool) -> None:
    from qa.lexical import asks_for_reports, asks_which_covered

    assert asks_which_covered(question) == asks
    assert not asks or asks_for_reports(question, name_stems(["North West", "South West"]))  # (a region named is scope)


@pytest.mark.parametrize(
    "question, types",
    [
        ("What did the focused visits to Bury find?", ["focused visit"]),
        ("What was the outcome of Bury's SEND inspection?", ["area SEND inspection"]),
        # Named to date a time, or to compare with: not the document asked about.
        ("How has BCP changed since the 2020 focused visit?", []),
        ("What happened after the monitoring visit to BCP?", []),
        ("Was the inspection better than the focused visit?", []),
        ("How did BCP respond to the 2020 focused visit?", []),  # what followed it
        ("Did BCP address the priority actions from the 2020 focused visit?", []),  # (it kept to focused visits)
        ("Has Bury tackled the weaknesses found in the 2019 focused visit?", []),
        ("What did the focused visit find about how BCP addressed thresholds?", ["focused visit"]),
    ],
)
def test_the_document_types_a_question_asks_about(question: str, types: list[str]) -> None:
    from qa.lexical import doc_types_asked

    assert doc_types_asked(question) == types


@pytest.mark.parametrize(
    "text, duration",
    [
        ("Court proceedings now take an average of 21 weeks.", True),
        ("Referrals are screened within 10 working days.", True),
        ("Too many children have waited for more than six months.", True),
        ("Children aged five years or over wait longest.", False),  # an age
        ("Most are 16 years old.", False),
        ("In the last 12 months, adoptions rose.", False),  # when, not how long
    ],
)
def test_a_sentence_giving_a_length_of_time(text: str, duration: bool) -> None:
    from qa.lexical import gives_duration

    assert gives_duration(text) is duration


def test_how_long_and_how_quickly_ask_for_a_duration() -> None:
    from qa.lexical import asks_how_long

    assert asks_how_long("How long do care proceedings take in Birmingham?")
    assert asks_how_long("How quickly are strategy meetings held?")
    assert not asks_how_long("How well are care leavers supported?")


@pytest.mark.parametrize(
    "question, ranks",
    [
        ("Which council has the most children in care?", True),
        ("Which council is the best?", True),
        ("Which councils improved the most?", False),  # a move up the grades, answered as such
        ("Which councils were judged good?", False),
        ("What is the biggest problem in Swindon?", False),  # no list of authorities
    ],
)
def test_a_list_of_authorities_asked_as_a_ranking(question: str, ranks: bool) -> None:
    from qa.lexical import asks_to_rank

    assert asks_to_rank(question) is ranks



def test_a_question_naming_only_its_source_names_no_topic() -> None:
    from qa.lexical import names_a_topic, stems

    assert not names_a_topic(stems("Summarise the report of the inspection"))
    assert not names_a_topic(stems("What did the focused visit letter say?"))
    assert names_a_topic(stems("Summarise what the report says about care leavers"))
    assert names_a_topic(stems("How have the children's services changed?"))


@pytest.mark.parametrize(
    "question, times",
    [
        ("Which councils have been judged inadequate more than once?", 2),
        ("Which councils were rated outstanding twice?", 2),
        ("Which authorities were repeatedly judged inadequate?", 2),
        ("Which councils were judged good in two inspections in a row?", 2),
        ("Which councils were judged inadequate more than twice?", 3),
        ("Which councils were judged inadequate?", 0),
        ("Which councils were visited once?", 0),
    ],
)
def test_how_many_times_a_list_by_grade_asks_for(question: str, times: int) -> None:
    from qa.lexical import times_asked

    assert times_asked(question) == times


def test_the_words_asking_for_weaknesses_are_no_topic() -> None:
    from qa.lexical import IMPROVEMENT_FRAME, asks_for_improvements, question_terms

    for question in ("What concerns did Ofsted raise about Cumberland?", "What weaknesses did inspectors identify?",
                     "What did Ofsted criticise?"):
        assert asks_for_improvements(question), question
        assert not set(question_terms(question)) - IMPROVEMENT_FRAME - {"ofst", "inspector", "cumberland"}, question


def test_how_often_a_grade_was_given_is_no_topic() -> None:
    from qa.lexical import question_terms

    assert set(question_terms("Which councils have been inadequate twice?")) == {"council", "inadequ"}
    # Without a grade, "twice" may be what the reports say ("children who moved twice").
    assert "twice" in question_terms("Which children moved placement twice?")


def test_made_asks_no_topic() -> None:
    # "What progress has Bury made?" asks for a verdict: "made" is how the question is put.
    assert question_terms("What progress has Bury made?", frozenset({"buri"})) == {"progress": 1.0}


@pytest.mark.parametrize(
    "question, best",
    [
        ("Which council is doing best?", 1),
        ("Which is the worst council?", -1),
        ("What are the best local authorities?", 1),
        ("Which council is best for care leavers?", 1),
        ("Is it in the child's best interests?", 0),  # no list of authorities
        ("Which councils were judged inadequate?", 0),
        # Two authorities set side by side: ranked the same way.
        ("Which is better, Kent or Surrey?", 1),
        ("Which council is doing better on care leavers, Kent or Surrey?", 1),
        ("Who did worse, Bury or Trafford?", -1),
        ("Which councils got better?", 0),  # a move up the grades
        ("Which councils are getting worse?", 0),
        # "Is X better than Y?" sets two side by side too; "…than it was", "…than in 2022" is a change.
        ("Is Cumberland better than Westmorland and Furness?", 1),
        ("Is BCP's care leaver service better than Dorset's?", 1),
        ("Are Kent's services doing worse than Surrey's?", -1),
        ("Is Kent better than it was in 2022?", 0),
        ("Is Bury doing better than last time?", 0),
        ("Are care leavers better supported than before?", 0),
        # Asked to rank them: each one's latest grade, the best first unless asked otherwise.
        ("Rank the councils by their latest grade", 1),
        ("Order the authorities by grade, worst first", -1),
    ],
)
def test_which_council_is_best_or_worst(question: str, best: int) -> None:
    from qa.lexical import asks_for_best, listing_words

    assert asks_for_best(question) == best
    # The words asking for the list are scope; a topic named among them stays the topic.
    assert not listing_words(question) & {"care", "leaver", "servic"}
    if best:
        assert is_grade_question(question) and asks_which_authorities(question)  # the grades rank them, one line each
        assert grade_direction(question) == 0  # not a move up or down


def test_never_asks_for_the_authorities_without_a_grade() -> None:
    from qa.lexical import asks_never

    assert asks_never("Which councils have never been judged inadequate?")
    assert asks_never("Which authorities have not once been rated outstanding?")
    assert not asks_never("Which councils were judged inadequate?")
    assert not asks_never("Which councils never visit care leavers?")  # no grade: a list by topic
    assert "never" not in question_terms("Which councils have never been judged inadequate?")


def test_how_many_councils_asks_for_the_list_it_counts() -> None:
    assert asks_which_authorities("How many councils were judged inadequate in 2023?")
    assert asks_which_authorities("How many local authorities were inspected in 2024?")
    assert not asks_which_authorities("How many children are in care in Kent?")


def test_how_long_asks_for_a_time_not_about_long_term_care() -> None:
    assert "long" not in question_terms("How long do care proceedings take in Birmingham?")
    assert "long" in question_terms("What about long-term foster care?")


@pytest.mark.parametrize(
    "question, strengths",
    [
        ("What are BCP's main strengths?", True),
        ("What is working well in Kent?", True),
        ("What is Dorset good at?", True),
        ("What are the strengths and weaknesses of Swindon's services?", False),  # asks what must improve too
        ("Do social workers identify the strengths in families?", False),  # a topic of practice
        ("What are the strengths of Kent's care leaver service?", True),
        ("What does Swindon need to improve?", False),
        ("What did Ofsted praise in Dorset?", True),
        ("What was commended in Bury's 2025 inspection?", True),
        ("What went well in Kent?", True),
        ("What did the inspectors like about Dorset?", True),  # (it quoted "The inspectors were…")
        ("What do children like about living in Kent?", False),  # their liking is the topic
        ("Where is Kent strongest?", True),
        ("What is Dorset best at?", True),
    ],
)
def test_questions_asking_for_strengths(question: str, strengths: bool) -> None:
    from qa.lexical import asks_for_strengths

    assert asks_for_strengths(question) is strengths


def test_asking_for_examples_names_no_topic() -> None:
    # "For example, the MAGIC group…" is no better an answer for saying "example".
    assert "exampl" not in question_terms("What examples of good practice did Ofsted find in Kent?", frozenset({"kent"}))
    assert set(question_terms("Give an example of direct work with children", frozenset())) == {"direct", "work", "children"}


@pytest.mark.parametrize(
    "question, asked",
    [
        ("When was Northamptonshire split?", True),
        ("When did Westmorland and Furness come into being?", True),
        ("What year was Cumberland created?", True),
        ("When did BCP replace Bournemouth?", True),
        ("When was Bury inspected?", False),  # a visit's dates
        ("When did the inspection start?", False),
        ("How has Bury changed since it was created?", False),  # a change, asked from its start
        ("When was BCP council formed?", True),
        ("When was the MASH set up in Kent?", False),  # of a service, not of the authority
        ("When did BCP's improvement start?", False),
        ("When did Birmingham Children's Trust start?", True),  # the body running its services
        ("When was Bradford Children and Families Trust set up?", True),
        ("When did children in Bury start getting family help?", False),
        # A trust taking the services over (it quoted "The establishment of the Trust marked a decisive turning point").
        ("When did the Bradford trust take over?", True),
        ("When did the new DCS in Bury take over?", False),
    ],
)
def test_when_an_authority_began_or_ended_is_asked(question: str, asked: bool) -> None:
    names = name_stems(["Northamptonshire", "Westmorland and Furness", "Cumberland", "BCP", "Bournemouth", "Bury", "Kent", "Birmingham", "Bradford"])
    assert asks_when_reorganised(question, names) is asked


def test_the_sentences_telling_when_an_authority_began_or_ended() -> None:
    for said in (
        "West Northamptonshire and North Northamptonshire unitary authorities came into being on 1 April 2021.",
        "Shortly after NCT's inception, on 1 April 2021, Northamptonshire Council split into West and North Northamptonshire councils.",
        "In April 2023, Cumberland Council was formed, following local government reorganisation.",
        # a trust's start, said before and after it
        "The process of establishing a not-for-profit trust is underway and is set to go live in April 2023.",
        "When the Trust assumed responsibility 3 years ago, it inherited a service that had twice been judged inadequate.",
        "Children's social care services are delivered by Northamptonshire Children's Trust (NCT), which has been in existence since 1 November 2020.",
    ):
        assert REORGANISATION.search(said), said
    assert not REORGANISATION.search("Children come into care in a planned way.")
    assert not REORGANISATION.search("The local authority has assumed responsibility for assessing all cases that potentially need early help.")


def test_search_box_words_asking_for_the_reports_ask_for_them() -> None:
    bury = name_stems(["Bury", "BCP"])
    assert asks_for_reports("bury reports", bury) and asks_for_reports("how many inspections bcp", bury)
    assert asks_for_reports("bcp inspections 2021", bury)
    assert not asks_for_reports("care leavers reports", bury)  # a topic
    assert not asks_for_reports("What did the reports say", bury)  # what they say, not which there are
    assert not asks_for_reports("Summarise the reports", bury)  # a sentence asking for their findings



def test_a_word_of_a_compound_term_said_outside_it_is_not_the_term():
    from qa.lexical import GENERIC_WORDS, said_stems, stems
    from qa.query_terms import SynonymTable

    table = SynonymTable.load()

    def said(question: str, sentence: str) -> frozenset[str]:
        return said_stems(sentence, table.aliases(stems(question), GENERIC_WORDS))

    # "Foster carers" says "fostering", not "private fostering"; the term, or its other words, do.
    assert "foster" not in said("private fostering in Bradford", "Foster carer recruitment has improved.")
    assert {"privat", "foster"} <= said("private fostering in Bradford", "Children living in private fostering arrangements are safe.")
    assert {"privat", "foster"} <= said("private fostering in Bradford", "The response to children privately fostered is poor.")
    assert "agenc" not in said("agency staff in Tameside", "Partner agencies are engaged.")
    assert "health" not in said("mental health", "Care leavers' physical health needs are met.")
    # A word the question says outside the term too is asked for itself: "health" here.
    assert "health" in said("mental health and health needs", "Care leavers' physical health needs are met.")
    # A compound naming a generic word binds nothing: "disabilities" is about disabled children.
    assert "disabl" in said("disabled children", "Children with learning difficulties and disabilities are in good schools.")
    # One qualified by a generic word still binds: foster carers are not young carers.
    assert "carer" not in said("young carers in Kent", "Foster carers are well supported.")
    assert "carer" in said("young carers in Kent", "Young carers benefit from activities.")
    # Nor do a list of things or a phrase of small words: "retention" alone is retention.
    assert "retent" in said("recruitment and retention", "Retention of social workers has improved.")
    assert "voic" in said("the voice of the child", "The child's voice is heard.")
    # A possessive is no small word: "children's homes" binds, and a home educated child is no children's home.
    assert "home" not in said("children's homes in Dorset", "More children are electively home educated.")
    assert "home" in said("children's homes in Dorset", "Unregistered children's homes are rarely used.")
    # A bound term's word is no other group's phrase: "officers" alone is not the designated officer.
    assert "offic" not in said("the local authority designated officer", "Officers have a clear understanding.")
    assert "offic" in said("the local authority designated officer", "The LADO responds promptly.")


@pytest.mark.parametrize(
    "question, topic",
    [
        ("What did Ofsted think of the Isles of Scilly's leadership?", {"leadership"}),
        ("What was Ofsted's view of Bury's front door?", {"front", "door"}),
        ("What do inspectors feel about care leavers?", {"leaver"}),
        # Children's views are a topic of their own.
        ("What do children think of their social workers?", {"think", "worker"}),
        # Typed as search words, "reasons" asks why ("reasonable timescale" is no answer)
        ("bury inadequate reasons", {"inadequ"}),
    ],
)
def test_what_ofsted_thought_asks_what_it_said(question: str, topic: set[str]) -> None:
    from qa.lexical import GENERIC_WORDS, question_terms

    assert {t for t in question_terms(question, frozenset({"buri", "isl", "scilli"})) if t not in GENERIC_WORDS} == topic


def test_coming_out_of_intervention_is_the_governments_intervention():
    from qa.lexical import GENERIC_WORDS, question_terms, said_stems
    from qa.query_terms import SynonymTable

    question = "Has Bradford come out of intervention?"
    assert {t for t in question_terms(question, frozenset({"bradford"}))} == {"govern", "intervent"}
    aliases = SynonymTable.load().asked(question, GENERIC_WORDS)
    assert {"govern", "intervent"} <= said_stems("The Secretary of State appointed a Commissioner of Children's Services.", aliases)
    # A social worker's intervention is not it.
    assert "intervent" not in said_stems("Interventions are well structured and needs led.", aliases)
    assert "govern" not in question_terms("What interventions help children in Bradford?")


def test_a_shorter_phrase_of_the_term_asked_says_the_whole_term():
    from qa.lexical import GENERIC_WORDS, said_stems, stems
    from qa.query_terms import SynonymTable

    table = SynonymTable.load()
    aliases = table.aliases(stems("Has caseload pressure in Surrey eased?"), GENERIC_WORDS)
    # "Caseloads" is the thesaurus's word for "caseload pressure", as "workloads" is.
    assert {"caseload", "pressur"} <= said_stems("Caseloads have been reduced in many parts of the service.", aliases)
    assert {"caseload", "pressur"} <= said_stems("Workers can manage their workloads.", aliases)
    # and the term still binds its words: "pressure" said of something else is not it.
    assert "pressur" not in said_stems("Leaders face financial pressure.", aliases)


def test_asked_where_its_words_are_mentioned_the_thesaurus_says_nothing_for_them():
    from qa.lexical import GENERIC_WORDS, asks_for_mentions, question_terms, said_stems, stems
    from qa.query_terms import SynonymTable

    table = SynonymTable.load()
    question = "Which reports mention county lines?"
    assert asks_for_mentions(question) and not asks_for_mentions("What did Ofsted say about county lines?")
    assert "mention" not in question_terms(question)
    cse = "Good progress is being made on the plan to tackle child sexual exploitation (CSE)."
    assert {"counti", "line"} <= said_stems(cse, table.aliases(stems(question), GENERIC_WORDS))  # a topic's other words
    literal = table.aliases(stems(question), GENERIC_WORDS, literal=True)
    assert not {"counti", "line"} & said_stems(cse, literal)
    # The term still binds its words: "around the county" is not "county lines".
    assert "counti" not in said_stems("Hot spots were found around the county.", literal)
    assert {"counti", "line"} <= said_stems("Partners respond to the dangers of county lines.", literal)


@pytest.mark.parametrize(
    "question, grades",
    [
        ("Which councils are rated good or better?", ("good", "outstanding")),
        ("Which councils are at least good for care leavers?", ("good", "outstanding")),
        ("Which councils are good at supporting care leavers?", ("good", "outstanding")),
        ("Which councils have good care leaver services?", ("good", "outstanding")),
        ("Which councils have a good fostering service?", ("good", "outstanding")),
        ("Which councils have good or outstanding leadership?", ("good", "outstanding")),
        ("Which councils were judged good or outstanding in 2025?", ("good", "outstanding")),
        ("Which councils were judged below good?", ("inadequate", "requires improvement")),
        ("Which councils were rated requires improvement to be good or worse?", ("inadequate", "requires improvement")),
        ("Which councils are better than requires improvement?", ("good", "outstanding")),
        # A move names two grades in order; one grade is one.
        ("Which councils went from inadequate to good?", ("inadequate", "good")),
        ("Which councils were judged good?", ("good",)),
    ],
)
def test_a_list_by_a_range_or_choice_of_grades_asks_for_each(question, grades):
    from qa.lexical import asks_to_rank, grade_move, listed_grades, question_terms

    assert listed_grades(question) == grades
    assert not asks_to_rank(question)  # "better" and "least" name grades here, not a ranking
    assert not {"least", "better", "wors", "below"} & set(question_terms(question))
    assert bool(grade_move(question)) == (question == "Which councils went from inadequate to good?")


def test_having_something_good_is_asked_of_a_list_not_of_one_authority() -> None:
    from qa.lexical import listed_grades, question_terms

    assert listed_grades("Which councils have been judged good?") == ("good",)  # the grade named
    assert listed_grades("Do care leavers in Kent have good housing?") == ()  # asked of one authority
    assert "good" in question_terms("Do care leavers in Kent have good housing?")


def test_how_many_judgements_of_a_grade_counts_the_reports_giving_it() -> None:
    from qa.lexical import asks_how_many_graded, listed_grades, listing_words

    question = "How many inadequate judgements were there in 2023?"
    assert asks_how_many_graded(question) and listed_grades(question) == ("inadequate",)
    assert not listing_words(question) & {"inadequ", "judgement"}  # what is asked, not how a list is asked for
    assert asks_how_many_graded("How many 'requires improvement' judgements has Bury had?")
    assert not asks_how_many_graded("How many councils were judged inadequate?")  # authorities, counted as such
    assert not asks_how_many_graded("How many good foster carers does Kent have?")


@pytest.mark.parametrize(
    "question, about",
    [
        ("Do Ofsted inspections still give an overall grade?", True),
        ("When did Ofsted stop giving overall grades?", True),
        ("Are overall grades no longer given?", True),
        ("What changed in the Ofsted framework in 2026?", True),
        ("What is different about the new framework?", True),
        # A time named by the framework, an authority's grade, or a council's own framework: not about grading.
        ("How did Blackpool do under the new framework?", False),
        ("Is Kent's overall effectiveness still good?", False),
        ("Has the quality assurance framework changed in Bury?", False),
        ("Is Swindon still inadequate?", False),
    ],
)
def test_a_question_about_ofsteds_grading_itself(question: str, about: bool) -> None:
    from qa.lexical import asks_about_grading

    assert asks_about_grading(question) == about
    if about:  # each authority's latest grade shows it; "framework" and "still" are no topic
        assert is_grade_question(question) and asks_which_authorities(question)
        assert not {"framework", "chang", "differ"} & set(question_terms(question))


def test_the_most_recent_report_asks_for_one_of_the_whole_corpus() -> None:
    from qa.lexical import asks_for_one_report, asks_to_rank

    for question in (
        "Which report is the most recent?", "What is the oldest document in the corpus?", "What is the latest inspection?",
        "Which authority was inspected most recently?", "Which council was inspected last?",
        # (these three gave each authority's latest)
        "What was the most recent focused visit about?", "When was the latest inspection?", "Which was the last council to be inspected?",
    ):
        assert asks_for_one_report(question), question
    for question in ("What did the latest report say about care leavers?", "What are the latest reports?", "Which councils were inspected most recently?"):
        assert not asks_for_one_report(question), question
    assert not asks_to_rank("Which councils were inspected most recently?")  # a time, not a ranking
    assert asks_to_rank("Which council has the most children in care?")


@pytest.mark.parametrize("question", ["Is BCP OK now?", "is bcp ok now", "Are things all right in Kent?", "kent good?", "Is Kent any good?"])
def test_everyday_words_and_search_words_ask_for_a_grade(question: str) -> None:
    from qa.lexical import asks_for_verdict

    assert is_grade_question(question)
    # A verdict on the whole service: "the right help" does not answer "all right".
    assert asks_for_verdict(question, name_stems(["BCP", "Kent"])), question_terms(question)


@pytest.mark.parametrize(
    "question, judged",
    [
        ("How is every council doing?", True),
        ("What grades do the councils have now?", True),
        ("How was each authority rated?", True),
        # No topic, but no verdict asked either: the reports or their dates answer.
        ("Which councils have reports?", False),
        ("Which councils were inspected most recently?", False),
        ("How is care leaver support in every council?", False),
    ],
)
def test_a_verdict_asked_in_words_of_one(question: str, judged: bool) -> None:
    from qa.lexical import asks_how_judged

    assert asks_how_judged(question) is judged


@pytest.mark.parametrize(
    "question, tally",
    [
        ("What's the most common grade?", True),
        ("What is the distribution of grades across councils?", True),
        ("How many councils have each grade?", True),
        ("What is the most common problem in Kent?", False),
        ("How many councils were judged good?", False),
    ],
)
def test_the_grades_counted_by_grade(question: str, tally: bool) -> None:
    from qa.lexical import asks_grade_tally

    assert asks_grade_tally(question) is tally
    if tally:  # each authority's grade: a list of authorities, and a grade question
        assert asks_which_authorities(question) and is_grade_question(question)


@pytest.mark.parametrize(
    "question, out_of, grades",
    [
        ("Which councils improved from inadequate?", ("inadequate", 1), ("inadequate", "requires improvement", "good", "outstanding")),
        ("Which councils moved out of inadequate?", ("inadequate", 1), ("inadequate", "requires improvement", "good", "outstanding")),
        ("Which councils fell from outstanding?", ("outstanding", -1), ("outstanding", "inadequate", "requires improvement", "good")),
        ("Which councils declined from good?", ("good", -1), ("good", "inadequate", "requires improvement")),
        ("Which councils got worse from outstanding?", ("outstanding", -1), ("outstanding", "inadequate", "requires improvement", "good")),
        # (these listed every inadequate report)
        ("Which councils improved after being judged inadequate?", ("inadequate", 1), ("inadequate", "requires improvement", "good", "outstanding")),
        ("Which councils improved since being rated inadequate?", ("inadequate", 1), ("inadequate", "requires improvement", "good", "outstanding")),
        # A move between two grades named, or no way to tell which way, is none of these.
        ("Which councils went from inadequate to good?", None, ("inadequate", "good")),
        ("Which councils moved out of good?", None, ("good",)),
        ("How has BCP improved from inadequate?", None, ()),
    ],
)
def test_a_move_out_of_one_grade(question: str, out_of: tuple[str, int] | None, grades: tuple[str, ...]) -> None:
    from qa.lexical import asks_to_rank, move_from

    assert move_from(question) == out_of
    assert listed_grades(question) == grades
    assert not asks_to_rank(question)  # "got worse from outstanding" ranks nothing


@pytest.mark.parametrize(
    "question, dated",
    [
        ("Did the Isles of Scilly improve after being judged inadequate?", ("after", "inadequate")),
        ("Has Trafford improved since it was rated inadequate?", ("after", "inadequate")),
        ("Has Bury got better since the council was judged to be inadequate?", ("after", "inadequate")),
        ("What has BCP done since its inadequate judgement?", ("after", "inadequate")),
        ("What happened after Norfolk was rated 'requires improvement'?", ("after", "requires improvement")),
        ("What was Trafford like before it was judged inadequate?", ("before", "inadequate")),
        ("How was Kent doing prior to being rated outstanding?", ("before", "outstanding")),
        # Out of a grade: the time since, asked of the move to another.
        ("How long did it take Bury to get out of inadequate?", ("out", "inadequate")),
        ("When did Birmingham come out of inadequate?", ("out", "inadequate")),
        ("How has BCP improved from inadequate?", ("out", "inadequate")),
        ("Has Bury moved on from inadequate?", ("out", "inadequate")),
        # Into a grade: the time since the report before the move.
        ("How did Dorset become outstanding?", ("into", "outstanding")),
        ("Why did Norfolk improve to outstanding?", ("into", "outstanding")),
        ("Why was Tameside downgraded to inadequate?", ("into", "inadequate")),
        ("What does Bury need to improve to good?", None),  # what it must do, not a move made
        ("What did BCP do to get to good?", ("into", "good")),
        ("When did BCP become good?", None),  # the move's date: became_grade
        # A grade asked about, not a time: no date from it.
        ("Is BCP far from good?", None),
        # How long it held: the time since, as out of it.
        ("How long has Tameside been inadequate?", ("out", "inadequate")),
        ("How long was Bury inadequate?", ("out", "inadequate")),
        ("How long did BCP stay inadequate?", ("out", "inadequate")),
        ("How long did the inspection of Bury take?", None),
        # When it was judged so: that report's month; asked "When…?", the date is the answer instead.
        ("Who was the DCS when BCP was judged inadequate?", ("when", "inadequate")),
        ("When was BCP judged inadequate?", None),
        ("Did any council go from inadequate to outstanding?", None),  # a move between two grades named
        ("Was BCP judged inadequate in 2021?", None),
        ("Has BCP improved since 2021?", None),
        ("How did BCP go from inadequate to good?", None),
    ],
)
def test_a_judgement_dates_a_question(question: str, dated: tuple[str, str] | None) -> None:
    from qa.lexical import dated_by_grade

    assert dated_by_grade(question) == dated


@pytest.mark.parametrize(
    "question, moved",
    [
        ("Did Kent's grade go down in 2025?", True),
        ("Was Kent downgraded in 2025?", True),
        ("Has Bury been upgraded?", True),
        ("Did Tameside's rating drop in 2023?", True),
        ("Did Bury's grade improve in 2025?", True),
        ("How has Bury's grade changed?", True),
        # A move of something else, or a grade asked for alone: no grade before it is needed.
        ("Did referrals drop in 2025?", False),
        ("What grade did Kent get in 2025?", False),
        ("Did Bury improve in 2025?", False),  # the report says how it moved, in words
    ],
)
def test_a_move_of_the_grades_is_told_apart(question: str, moved: bool) -> None:
    from qa.lexical import asks_grade_moved

    assert asks_grade_moved(question) is moved


@pytest.mark.parametrize(
    "question, why",
    [
        ("Why was Bradford judged inadequate?", True),
        ("How did Dorset become outstanding?", True),  # (it was answered by the two grade rows alone)
        ("What did Bury do to get out of inadequate?", True),
        ("How did Bury do in 2025?", False),
        ("How did Bury get on in 2025?", False),  # how it did, not how it got to a grade
        ("How did Bradford turn it around?", True),
        ("What did Bury do about care leavers?", False),
        ("What made Dorset outstanding?", True),  # (it was answered by the 2025 grade row alone)
        ("What led to Tameside being judged inadequate?", True),
        ("What made children feel safe in Kent?", False),
        # Typed as search words, "why" anywhere
        ("swindon inadequate why", True),
        ("tameside inadequate reasons", True),
        ("What are the reasons children come into care in Kent?", False),
        ("What did Ofsted say about why children come into care?", False),
    ],
)
def test_questions_asking_for_the_reasons_behind_a_grade(question: str, why: bool) -> None:
    from qa.lexical import asks_why

    assert asks_why(question) is why


def test_words_dating_a_question_by_a_judgement_or_asking_how_long_are_no_topic() -> None:
    bury = frozenset({"buri"})
    assert set(question_terms("How long did it take Bury to get out of inadequate?", bury)) == {"inadequ"}
    assert set(question_terms("When did Bury come out of inadequate?", bury)) == {"inadequ"}
    # Taking is the time asked; what takes it is still the topic.
    assert set(question_terms("How long do care proceedings take in Bury?", bury)) == {"care", "proceed"}


@pytest.mark.parametrize(
    "question, mentions",
    [
        ("Which reports mention county lines?", True),
        ("Which councils use Signs of Safety?", True),
        ("Which councils have a Staying Put policy?", True),
        ("How does BCP use Signs of Safety?", False),  # of one authority: what is said of it
        ("Which councils use agency social workers?", False),  # no name in capitals
    ],
)
def test_questions_asking_where_their_words_are_said(question: str, mentions: bool) -> None:
    from qa.lexical import asks_for_mentions

    assert asks_for_mentions(question) is mentions


@pytest.mark.parametrize(
    "question, nothing",
    [("What?", True), ("Tell me everything", True), ("Summarise", True), ("What can you do?", True),
     ("Hello", True), ("Help", True), ("Thanks!", True),
     ("What did Ofsted find?", False), ("Kent", False), ("What early help is there?", False)],
)
def test_a_question_that_asks_about_nothing(question: str, nothing: bool) -> None:
    from qa.lexical import asks_nothing

    assert asks_nothing(question) is nothing


def test_children_s_services_asked_for_by_grade_are_the_authorities() -> None:
    from qa.lexical import asks_which_authorities

    for question in ("Which children's services are outstanding?", "How many children's services are rated good?",
                     "Which children's services departments were judged inadequate?"):
        assert asks_which_authorities(question), question
    # Not the services of one authority, nor asked by anything but a grade.
    for question in ("What children's services are there in Kent?", "Which children's services does Bury run?"):
        assert not asks_which_authorities(question), question


def test_the_period_a_report_covers_is_asked_of_its_dates() -> None:
    from qa.lexical import asks_when_visited, question_terms

    assert asks_when_visited("What period does the BCP 2021 report cover?")
    assert asks_when_visited("What dates does the Kent 2025 inspection cover?")
    assert set(question_terms("What period does the BCP 2021 report cover?")) == {"bcp", "report"}
    assert not asks_when_visited("What does the 2021 report cover?")  # its topics, not its dates


def test_news_stories_are_asked_for_as_reports_are() -> None:
    from qa.lexical import asks_for_reports

    assert asks_for_reports("Which news stories are in the corpus?")
    assert asks_for_reports("What news articles do you have?")


def test_who_leads_children_s_services_is_asked_of_the_letters_addressees() -> None:
    from qa.lexical import asks_who_leads, leaders_named
    from qa.sentences import units

    for question in (
        "Who was the director of children's services in Bury in 2019?", "Who is BCP's DCS?",
        "Who leads children's services in Norfolk?", "Who was head of children's services in Dorset?",
    ):
        assert asks_who_leads(question), question
    for question in ("Who led the 2024 BCP inspection?", "Who was the lead inspector?", "What did the director say?"):
        assert not asks_who_leads(question), question
    letter = units(
        "23 August 2019\n\nKaren Dolton\n\nExecutive Director, Children, Young People and Culture\n\nBury Council\n\n"
        "3 Knowsley Place\n\nDear Ms Dolton\n\nFocused visit to Bury local authority children's services\n\n"
        "This letter summarises the findings of a focused visit."
    )
    assert [u.text for u in leaders_named(letter)] == ["Karen Dolton, Executive Director, Children, Young People and Culture"]
    # One line giving both (an area SEND report's partnership details); a name with no title is no leader.
    assert [u.text for u in leaders_named(units("Local area partnership details\n\nJeanette Richards, Executive Director of Children's Services"))] == [
        "Jeanette Richards, Executive Director of Children's Services"
    ]
    assert leaders_named(units("12 January 2026\n\nMilorad Vasic\n\nWestmorland and Furness Council\n\nDear Mr Vasic")) == []


def test_how_often_a_grade_was_given_asks_for_each_report_s_grade() -> None:
    from qa.lexical import asks_how_often_graded
    from qa.timeparse import parse_time

    for question in ("How many times has Tameside been inadequate?", "How often has Bradford been rated inadequate?"):
        assert asks_how_often_graded(question) and parse_time(question).change_over_time, question
        assert not {"often", "time", "mani"} & set(question_terms(question)), question_terms(question)
    assert not asks_how_often_graded("How often do social workers visit children in care?")  # a topic, no grade
    assert not parse_time("How often do social workers visit children in care?").change_over_time
    # "…the longest?" asks how long a grade has held, no topic.
    assert "longest" not in question_terms("Which council has been inadequate the longest?")


def test_the_pandemic_as_a_time_is_no_topic() -> None:
    assert "covid" not in question_terms("What did Ofsted find in Bury before COVID?")
    assert "like" not in question_terms("What was Bury like pre-pandemic?")
    assert "pandem" in question_terms("How did the pandemic affect BCP?")
    assert "pandem" in question_terms("How did Bury support children during the pandemic?")
    assert "decad" not in question_terms("What changed in Birmingham in the last decade?")


def test_which_inspector_asks_who_inspected() -> None:
    from qa.lexical import asks_who_inspected

    for question in ("Which inspector led the 2022 BCP monitoring visit?", "Which inspectors carried out the 2019 focused visit to Bury?"):
        assert asks_who_inspected(question), question
    assert not asks_who_inspected("Which inspectors' findings were most critical?")
    assert not asks_who_inspected("What did inspectors find in Bury?")


def test_a_direction_between_inspections_asks_for_moves_not_a_list_of_visits() -> None:
    from qa.lexical import asks_which_visited, lists_reports

    # "…got worse between inspections?" listed 20 reports and said no authority moved down.
    assert not lists_reports("Which councils got worse between inspections?")
    assert asks_which_visited("Which councils had an inspection in 2024?")


def test_children_in_care_is_a_judgement_area_in_generic_words() -> None:
    from qa.lexical import AREA_MATCH, area_coverage, topic_weights

    asked = topic_weights("Which councils are outstanding for children in care?")
    assert {"children", "care"} <= asked.keys()  # generic words, kept where they name the area
    assert "children" not in topic_weights("How many children are looked after?")
    assert area_coverage(asked, stem_set("The experiences and progress of children in care: Outstanding")) >= AREA_MATCH
    assert area_coverage(asked, stem_set("The experiences and progress of care leavers: outstanding")) == 0.0



def test_problems_with_a_topic_ask_of_the_topic() -> None:
    # "Problems with Bradford's IT infrastructure…" does not answer it for saying "problems".
    terms = question_terms("Are there problems with the quality of assessments in Bradford?", name_stems(["Bradford"]))
    assert "problem" not in terms and {"qualiti", "assess"} <= set(terms)
    # What the problems are is asked of the reports' lists, as before.
    assert asks_for_improvements("What are the biggest problems in Swindon?")
    # So is a struggle or a difficulty with it: "Which councils struggled with recruiting social workers?"
    # listed Bury alone, its report saying "struggled".
    for question in ("Which councils struggled with recruiting social workers?", "Which councils have had difficulty recruiting social workers?"):
        terms = question_terms(question)
        assert {"recruit", "worker"} <= set(terms) and not any(t.startswith(("struggl", "difficult")) for t in terms)
    # Children's learning difficulties are the topic itself.
    assert "difficulti" in question_terms("How are children with learning difficulties supported in Kent?", name_stems(["Kent"]))


def test_what_a_report_concluded_asks_for_its_findings_not_about_conclusions():
    from qa.lexical import question_terms

    assert set(question_terms("What did the SEND inspection of Trafford conclude?", frozenset({"trafford"}))) == {"send", "inspect"}
    terms = question_terms("What did Ofsted conclude about care leavers in Kent?", frozenset({"kent"}))
    assert "leaver" in terms and not any(t.startswith("conclu") for t in terms)


@pytest.mark.parametrize(
    "question, every",
    [
        ("What were BCP's grades for each judgement in 2024?", True),
        ("How was each judgement area graded in Trafford in 2026?", True),
        ("Give me all the grades from Kent's 2025 inspection", True),
        ("What is the latest grade for each authority in the North West?", False),  # one grade a line
        ("What grade did each council get?", False),
    ],
)
def test_asking_for_every_judgements_grade(question: str, every: bool) -> None:
    from qa.lexical import asks_every_grade

    assert asks_every_grade(question) is every
    # The words asking so are no topic: "…for every area?" quoted sentences saying "area".
    assert "area" not in question_terms("What were Norfolk's grades for every area in 2015?", name_stems(["Norfolk"]))


def test_the_one_before_is_no_topic() -> None:
    terms = question_terms("How did Tameside do in the most recent inspection compared with the one before?", name_stems(["Tameside"]))
    assert "one" not in terms
