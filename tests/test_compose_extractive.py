"""The extractive composer on hand-made evidence: sentence splitting, choice, markers, numbering."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from factories import document, evidence
from indexer.settings import Settings
from qa.citations import check, claims, found_in, strip_markers
from qa.compose_extractive import (
    CitationBook,
    answer_unit,
    cite,
    cited_sentences,
    factual_sentences,
    orphan_item,
    paragraph_answer,
    reading_order,
    score_candidates,
    select_mmr,
    states_grade,
)
from qa.lexical import OVERALL_GRADE, asks_plainly, stem_set, topic_terms
from qa.sentences import grade_of, split_sentences, units
from qa.types import Evidence

SETTINGS = Settings.load()


def compose_factual(question: str, evidence, settings: Settings):
    """A one-paragraph factual answer, as the dispatcher composes it for evidence of one date."""
    return paragraph_answer(question, factual_sentences(question, evidence, settings))

GRADE_TABLE = (
    "Judgement\tGrade\n"
    "The impact of leaders on social work practice with children and families\tGood\n"
    "The experiences and progress of children in care\tGood\n"
    "The experiences and progress of care leavers\tRequires improvement to be good\n"
    "Overall effectiveness\tGood\n"
)


# --- splitting -------------------------------------------------------------------------------


def test_split_keeps_abbreviations_initials_and_decimals():
    text = "Children are seen, e.g. in school. Mr. Smith agreed. J. Bloggs HMI visited. The rate fell by 3.8 points. Then more."
    assert split_sentences(text) == [
        "Children are seen, e.g. in school.",
        "Mr. Smith agreed.",
        "J. Bloggs HMI visited.",
        "The rate fell by 3.8 points.",
        "Then more.",
    ]


def test_a_bracketed_note_stays_with_the_sentence_it_annotates():
    text = "Leaders know this. Improve the care leaver offer for parents. (Outcome four, National Framework)"
    assert split_sentences(text) == [
        "Leaders know this.",
        "Improve the care leaver offer for parents. (Outcome four, National Framework)",
    ]
    # So does a quoted one with its citation marker, and the marker check reads one cited sentence.
    cited = "Improve the offer for parents. (Outcome four, National Framework) [3]. Next [4]."
    assert split_sentences(cited) == ["Improve the offer for parents. (Outcome four, National Framework) [3].", "Next [4]."]
    assert split_sentences("(Outcome one) Children are safe. Next.") == ["(Outcome one) Children are safe.", "Next."]


def test_numbered_paragraphs_lose_their_number_and_keep_it_as_provenance():
    us = units("39. Most care leavers have a positive relationship with their PA. PAs are tenacious.\n40. Older care leavers do not receive the same offer.")
    assert [(u.text, u.paragraph) for u in us] == [
        ("Most care leavers have a positive relationship with their PA.", 39),
        ("PAs are tenacious.", 39),
        ("Older care leavers do not receive the same offer.", 40),
    ]


def test_bullets_are_units_and_wrapped_lines_rejoin():
    text = (
        "What needs to improve?\n\n"
        "- Consistency in responding to the needs of children at risk of\nexploitation.\n"
        "- The help and support offered to older care leavers.\n"
    )
    us = units(text)
    assert [u.kind for u in us] == ["heading", "bullet", "bullet"]
    assert us[1].text == "Consistency in responding to the needs of children at risk of exploitation."
    assert us[2].heading == "What needs to improve?"


def test_a_question_heading_with_a_footnote_mark_heads_its_list_and_an_aside_spans_a_break():
    text = (
        "What needs to improve?1\n\n"
        "- Collaborative safety planning with children and families. (Outcome 3, National\n\nFramework)\n\n"
        "- The numbers of care leavers in education, training and employment.\n"
    )
    us = units(text)
    assert [(u.kind, u.text) for u in us][0] == ("heading", "What needs to improve?")
    assert [u.text for u in us[1:]] == [
        "Collaborative safety planning with children and families. (Outcome 3, National Framework)",
        "The numbers of care leavers in education, training and employment.",
    ]
    assert {u.heading for u in us[1:]} == {"What needs to improve?"}


def test_items_of_one_list_share_its_introduction_once():
    text = (
        "The local authority needs to take swift action to improve the following areas of practice:\n\n"
        "- the identification of risk\n- the quality of management oversight.\n"
    )
    ev = [evidence(text, rank=1), evidence("What needs to improve?\n\n- Help for older care leavers.", rank=2)]
    items = [c for c in score_candidates("practice risk oversight care leavers", ev, SETTINGS) if c.unit.kind == "bullet"]
    chosen = reading_order(sorted(items, key=lambda c: (c.evidence.rank, c.unit.index)))
    assert cited_sentences(chosen, CitationBook()) == [
        "The local authority needs to take swift action to improve the following areas of practice: "
        "the identification of risk [1]; the quality of management oversight [1].",
        "What needs to improve: help for older care leavers [2].",
    ]
    assert all(found_in(strip_markers(s), e.chunk.text) for s, e in zip(cited_sentences(chosen, CitationBook()), ev))


def test_a_line_that_only_names_the_council_is_no_finding():
    ev = [evidence("West Northamptonshire County Council\n\nChildren in care are visited regularly by their social workers.")]
    cands = score_candidates("How is West Northamptonshire doing?", ev, SETTINGS, drop_terms=stem_set("West Northamptonshire"))
    assert [c.text for c in cands] == ["Children in care are visited regularly by their social workers."]


@pytest.mark.parametrize(
    "question, name, text, answer",
    [
        (
            "Who led BCP's 2024 inspection?", "BCP",
            "Inspection dates: 2 to 13 December 2024\n\nLead inspector: John Roughton, His Majesty's Inspector\n\n"
            "Leaders have led improvement with determination since the last inspection.",
            "Lead inspector: John Roughton, His Majesty's Inspector",
        ),
        (
            "Who inspected Dorset in 2023?", "Dorset",
            "His Majesty's Inspectors for this visit were Tracey Ledder and Joy Howick. Inspectors looked at care leavers.",
            "His Majesty's Inspectors for this visit were Tracey Ledder and Joy Howick.",
        ),
        (
            "When did Ofsted last visit Dorset?", "Dorset",
            "This letter summarises the findings of the focused visit to Dorset children's services on 17 and 18 May 2023. "
            "Ofsted will take the findings from this focused visit into account when planning the next inspection or visit.",
            "This letter summarises the findings of the focused visit to Dorset children's services on 17 and 18 May 2023.",
        ),
    ],
)
def test_who_or_when_is_answered_by_the_line_that_says_it_alone(question: str, name: str, text: str, answer: str):
    cands = score_candidates(question, [evidence(text)], SETTINGS, drop_terms=stem_set(name))
    assert [c.text for c in cands] == [answer]


def test_the_heading_above_a_bullet_helps_it_match():
    ev = [evidence("Leaders have improved the service since the last inspection.", rank=1),
          evidence("What needs to improve?\n\n- Safety planning for children where there are safeguarding concerns.", rank=2)]
    answer = compose_factual("What does the council still need to improve?", ev, SETTINGS)
    assert answer.text.startswith("What needs to improve: safety planning for children")


def test_next_steps_asked_for_are_the_reports_list_not_the_words_next_steps():
    ev = [evidence("Managers do not use children's histories to inform next steps.", rank=1),
          evidence("What needs to improve?\n\n- The timeliness of children achieving permanence.", rank=2)]
    for question in ("What should the council do next?", "What are the council's next steps?"):
        cands = score_candidates(question, ev, SETTINGS)
        assert cands[0].text == "What needs to improve: the timeliness of children achieving permanence.", question


def test_asked_what_must_improve_on_a_topic_the_list_items_on_it_are_the_answer():
    ev = [evidence("What needs to improve?\n\n- The timeliness of children achieving permanence.", rank=1),
          evidence("Recruitment has been slower than planned.", rank=2)]
    # The list answers what must improve in general, but not "…with recruitment?": its item is on another topic.
    plain = score_candidates("What are the problems in Kent?", ev, SETTINGS, drop_terms=stem_set("Kent"))
    assert plain[0].text == "What needs to improve: the timeliness of children achieving permanence."
    topical = score_candidates("What are the problems with foster carer recruitment in Kent?", ev, SETTINGS, drop_terms=stem_set("Kent"))
    assert topical[0].text == "Recruitment has been slower than planned.", [c.text for c in topical]


def test_asked_where_a_term_is_mentioned_only_sentences_saying_it_answer():
    ev = [evidence("Children at risk of exploitation around the county are identified quickly. "
                   "Partners come together in response to the dangers of county lines.")]
    question = "Which reports mention county lines?"
    said = [c.text for c in score_candidates(question, ev, SETTINGS, must_say={"counti": 1.0, "line": 1.0})]
    assert said == ["Partners come together in response to the dangers of county lines."]
    # Where no sentence says it, every one is left for the refusal to judge.
    none = [evidence("Children at risk of exploitation are identified quickly.")]
    assert score_candidates(question, none, SETTINGS, must_say={"counti": 1.0, "line": 1.0})


def test_a_sentence_saying_the_questions_words_as_its_phrase_ranks_first():
    # Both sentences say "corporate", "parenting" and "board"; one says "corporate parenting board".
    ev = [evidence("The board's corporate work on parenting support is developing. "
                   "Children co-chair the corporate parenting board.")]
    question = "What did Ofsted say about the corporate parenting board?"
    assert score_candidates(question, ev, SETTINGS)[0].text == "Children co-chair the corporate parenting board."
    flat = {c.text: c.relevance for c in score_candidates(question, ev, SETTINGS.model_copy(update={"answer_phrase_weight": 0.0}))}
    gained = {c.text: c.relevance - flat[c.text] for c in score_candidates(question, ev, SETTINGS)}
    assert gained["Children co-chair the corporate parenting board."] == pytest.approx(SETTINGS.answer_phrase_weight)
    assert gained["The board's corporate work on parenting support is developing."] == pytest.approx(0.0)


def test_asked_how_long_a_sentence_giving_a_duration_ranks_first():
    ev = [evidence("Some children wait too long for adoption. Children wait an average of 14 months for an adoptive home.")]
    cands = score_candidates("How long do children wait for adoption?", ev, SETTINGS)
    assert cands[0].text == "Children wait an average of 14 months for an adoptive home."
    flat = score_candidates("Do children wait for adoption?", ev, SETTINGS)
    assert flat[0].text == "Some children wait too long for adoption."


def test_a_paragraph_broken_across_pages_is_one_sentence():
    text = "Assessment quality is consistently thorough across the service, and\n\narrangements to assess are now strong."
    assert [u.text for u in units(text)] == [
        "Assessment quality is consistently thorough across the service, and arrangements to assess are now strong."
    ]


def test_title_page_lines_stay_apart_and_the_overall_judgement_is_a_grade():
    title = (
        "Inspection of services for children in need of help and protection and care leavers\n\n"
        "Inspection date: 18 March 2014 – 09 April 2014\n\nReport published: 23 May 2014\n\n"
        "The overall judgement is Inadequate"
    )
    us = units(title)
    assert [u.text for u in us][1:] == [
        "Inspection date: 18 March 2014 – 09 April 2014", "Report published: 23 May 2014", "The overall judgement is Inadequate"
    ]
    assert us[-1].kind == "grade"
    # The report's title is framing: a question about the service is answered by its judgement.
    cands = score_candidates("How have Birmingham's services changed?", [evidence(title)], SETTINGS, drop_terms=frozenset({"birmingham"}))
    assert [c.text for c in cands] == ["The overall judgement is Inadequate"]
    # A council's own account of its grade (the 2018 self-evaluation slides) is a grade row too.
    slide = units("Inspection of Bournemouth's Children's Social Care Services\n\nOur overall judgement is Requires Improvement.")
    assert [(u.kind, u.text) for u in slide][-1] == ("grade", "Our overall judgement is Requires Improvement")
    assert OVERALL_GRADE.match(slide[-1].text)


def test_a_slide_title_is_not_an_answer():
    from qa.sentences import Unit

    assert not answer_unit(Unit("Building a Better Bournemouth", "sentence", 0))
    assert not answer_unit(Unit("Staff teaching at Bournemouth University", "bullet", 0))
    assert answer_unit(Unit("Bournemouth host the Dorset Youth Offending Service.", "bullet", 0))
    assert answer_unit(Unit("the quality of assessments and plans for children", "bullet", 0))


def test_a_footnote_is_not_an_answer_but_a_count_on_a_slide_is():
    # Birmingham's 2014 report: a page's footnotes follow its last paragraph.
    page = (
        "107. There is evidence of some increased corporate and political ownership of the risks in children's services.\n\n"
        "3 The Institute of Local Government Studies at the University of Birmingham (INLOGOV) was asked by "
        "Birmingham City Council (BCC) to undertake an independent peer review.\n"
        "4 Report to the Secretary of State for Education and the Minister for Children and Families on ways forward."
    )
    kept = [u.text for u in units(page) if answer_unit(u)]
    assert len(kept) == 1 and kept[0].startswith("There is evidence of some increased corporate")
    from qa.sentences import Unit

    assert answer_unit(Unit("4 Service Delivery Boards manage 32 horizontal workstreams.", "sentence", 0))


def test_grade_rows_and_judgement_headings_become_grade_statements():
    us = units(GRADE_TABLE)
    assert [u.kind for u in us] == ["heading", "grade", "grade", "grade", "grade"]
    assert us[3].text == "The experiences and progress of care leavers: Requires improvement to be good"
    assert grade_of("The experiences and progress of care leavers: requires improvement to be good") == (
        "The experiences and progress of care leavers",
        "requires improvement to be good",
    )
    assert grade_of("The local offer for care leavers lacks ambition and is not good.") is None


def test_an_older_reports_judgement_sentence_and_numbered_rows_are_grade_statements():
    # The 2016 Birmingham re-inspection's title page, as its PDF reads.
    us = units(
        "Children's services in Birmingham are inadequate\n\n1. Children who need help and protection Inadequate\n\n"
        "2.1 Adoption performance Requires improvement\n\n2.2 Experiences and progress of care leavers Requires improvement\n\n"
        "5. Leaders' oversight of practice is good."
    )
    assert [(u.kind, u.text) for u in us] == [
        ("grade", "Children's services in Birmingham are inadequate"),
        ("grade", "Children who need help and protection: Inadequate"),
        ("grade", "Adoption performance: Requires improvement"),
        ("grade", "Experiences and progress of care leavers: Requires improvement"),
        ("sentence", "Leaders' oversight of practice is good."),  # a numbered paragraph, not a table row
    ]
    assert OVERALL_GRADE.match(us[0].text) and states_grade(us[0].text, ("inadequate",))


# --- choosing sentences ----------------------------------------------------------------------


def test_most_relevant_sentence_comes_first_and_every_sentence_is_cited():
    ev = [
        evidence("Leaders have stabilised the workforce. Caseloads are manageable.", rank=1),
        evidence("46. The local offer for care leavers lacks ambition and is not accessible to all. Many young people describe difficulties.", rank=2, paragraph=46),
    ]
    answer = compose_factual("What is the local offer for care leavers like?", ev, SETTINGS)
    assert answer.text.startswith("The local offer for care leavers lacks ambition")
    result = check(answer.text, len(answer.citations))
    assert result.ok, result.problem()
    for claim in claims(answer.text):
        cited = [answer.citations[n - 1].evidence.chunk.text for n in claim.cites]
        assert any(found_in(claim.text, t) for t in cited)


def test_citations_numbered_in_order_of_first_use_with_quote_and_whole_passage():
    a = evidence("Care leavers feel safe in their homes. Pathway plans are clear.", document("a"), rank=2)
    b = evidence("Care leavers benefit from health services.", document("b"), rank=1)
    answer = compose_factual("Do care leavers feel safe?", [b, a], SETTINGS)
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    first = answer.citations[0]
    assert first.evidence is a
    assert first.quote.startswith("Care leavers feel safe in their homes.")
    assert first.to_dict()["text"] == a.chunk.text
    assert answer.text.index("[1]") < answer.text.index("[2]") if len(answer.citations) > 1 else True


def test_grade_question_is_answered_by_the_grade_row():
    ev = [
        evidence("Older care leavers do not receive the same proactive offer from the local authority.", rank=1),
        evidence(GRADE_TABLE, rank=2),
    ]
    answer = compose_factual("What grade did Ofsted give for care leavers?", ev, SETTINGS)
    assert answer.text.startswith("The experiences and progress of care leavers: Requires improvement to be good [")


def test_a_topic_question_quotes_the_findings_after_the_grade_row_a_grade_question_the_row_alone():
    findings = evidence(
        "Most care-experienced young people benefit from personal advisers who establish positive relationships. "
        "Some care-experienced young people live in unsuitable accommodation.", rank=1,
    )
    ev = [findings, evidence(GRADE_TABLE, rank=2)]
    topic = compose_factual("What did Ofsted say about care leavers?", ev, SETTINGS)
    # The boosted grade row leads; the findings, which name no "care leavers", are not shut out by it.
    assert topic.text.startswith("The experiences and progress of care leavers: Requires improvement to be good [")
    assert "positive relationships" in topic.text
    grade = compose_factual("What grade did Ofsted give for care leavers?", ev, SETTINGS)
    assert "positive relationships" not in grade.text



def test_a_grade_asked_of_a_topic_no_judgement_names_is_answered_by_the_findings():
    ev = [
        evidence("Disabled children receive effective help from their social workers.", rank=1),
        evidence(GRADE_TABLE, rank=2),
    ]
    answer = compose_factual("How good are the services for disabled children?", ev, SETTINGS)
    assert answer.text.startswith("Disabled children receive effective help from their social workers ["), answer.text
    assert "children in care: Good" not in answer.text and "leaders" not in answer.text, answer.text


TITLE_PAGE = (
    "Inspection of Swindon Borough Council local authority children's services\n\n"
    "Inspection dates: 17 to 28 July 2023\n\nLead inspector: Nick Bennison, His Majesty's Inspector\n\n"
    "Since Ofsted's last inspection in 2019, there has been a significant deterioration in services for children."
)


def test_when_was_it_inspected_is_answered_by_the_inspection_dates():
    answer = compose_factual("When was Swindon last inspected?", [evidence(TITLE_PAGE)], SETTINGS)
    assert answer.text.startswith("Inspection dates: 17 to 28 July 2023 [1].")
    other = compose_factual("What has happened to services in Swindon?", [evidence(TITLE_PAGE)], SETTINGS)
    assert "Inspection dates" not in other.text and "deterioration" in other.text


def test_when_and_what_grade_is_answered_by_the_dates_and_the_grade():
    ev = [evidence(TITLE_PAGE, rank=1), evidence("Judgement\tGrade\nOverall effectiveness\tInadequate\n", rank=2)]
    answer = compose_factual("When was Swindon last inspected and what grade did it get?", ev, SETTINGS)
    assert "Inspection dates: 17 to 28 July 2023 [" in answer.text and "Overall effectiveness: Inadequate [" in answer.text, answer.text
    assert "deterioration" not in answer.text
    assert "Inspection dates" not in compose_factual("What grade did Swindon get?", ev, SETTINGS).text


def test_mmr_drops_a_sentence_two_sources_repeat():
    doc_a, doc_b = document("ofsted"), document("news", doc_type="news", source_kind="secondary")
    same = "Children in care and care leavers do not consistently have their needs met."
    ev = [evidence(same, doc_a, rank=1), evidence(f'Ofsted said: "{same}"', doc_b, rank=2), evidence("Permanence planning is often absent for children in care.", rank=3)]
    answer = compose_factual("Are the needs of children in care met?", ev, SETTINGS)
    assert answer.text.count("consistently have their needs met") == 1


def test_the_same_words_from_two_authorities_are_two_findings():
    same = "Overall effectiveness: Inadequate"
    ev = [evidence(same, document("swindon", authority="swindon", date="2023-07-17"), rank=1),
          evidence(same, document("scilly", authority="isles-of-scilly", date="2023-07-11"), rank=2)]
    chosen = factual_sentences("Which councils were judged inadequate in 2023?", ev, SETTINGS)
    assert {c.evidence.document.authority for c in chosen} == {"swindon", "isles-of-scilly"}


def test_dense_scores_steer_the_choice_when_an_embedder_is_given():
    class FakeEmbedder:  # unit test of pure selection logic: vectors chosen by hand
        def embed(self, texts):
            rows = [[1.0, 0.0] if ("question" in t or "runaway" in t) else [0.0, 1.0] for t in texts]
            return np.asarray(rows, dtype=np.float32)

    ev = [evidence("Return home interviews after a child goes missing are timely. Another unrelated sentence here.", rank=1),
          evidence("A runaway child is always offered a conversation afterwards.", rank=2)]
    settings = Settings.load(answer_lexical_weight=0.0, answer_rank_weight=0.0, answer_dense_weight=1.0)
    cands = score_candidates("question about missing children", ev, settings, FakeEmbedder())
    assert cands[0].text.startswith("A runaway child")


@pytest.mark.parametrize(("question", "first"), [("Why did Kent's grade go down?", "Too many"), ("Why did Kent's grade go up?", "Children are")])
def test_asked_why_a_grade_moved_the_later_reports_criticism_or_praise_leads(embedder, question: str, first: str):
    # The real model's sense of praise and criticism; each sentence alike in its words and rank.
    earlier, later = document("kent-2022", authority="kent", date="2022-05-09"), document("kent-2025", authority="kent", date="2025-11-03")
    praised = "Children are at the heart of a strong and highly effective service in Kent."
    criticised = "Too many care leavers in Kent live in unsuitable accommodation and lack support."
    ev = [evidence(praised, later, rank=1), evidence(criticised, later, rank=1), evidence(praised, earlier, rank=1)]
    later_first = [c.text for c in score_candidates(question, ev, SETTINGS, embedder) if c.evidence.document is later]
    assert later_first[0].startswith(first), later_first
    # Unweighted, the praise leads either way: the weight is what turns it.
    unweighted = Settings.load(answer_moved_praise_weight=0.0)
    assert [c.text for c in score_candidates(question, ev, unweighted, embedder) if c.evidence.document is later][0].startswith("Children are")


def test_floor_limits_padding_and_k_limits_length():
    ev = [evidence(
        "Fostering placements are stable for most children. New foster carers receive thorough training before approval. "
        "Fostering placements sometimes end without planning when carers lack respite. Allowances paid to foster carers rose last year."
    )]
    cands = score_candidates("fostering placements", ev, SETTINGS)
    assert len(select_mmr(cands, 3, 0.7, 0.0)) == 3
    weak = [c for c in cands if c.relevance > 0][:1] + [replace(c, relevance=0.01) for c in cands[1:]]
    assert len(select_mmr(weak, 3, 0.7, 0.5)) == 1
    assert select_mmr([], 3, 0.7, 0.5) == []


def test_cite_puts_the_marker_before_the_full_stop():
    assert cite("Care leavers are safe.", 3) == "Care leavers are safe [3]."
    assert cite("Overall effectiveness: Good", 1) == "Overall effectiveness: Good [1]."
    assert cite("Is this right?", 2) == "Is this right? [2]"


def test_citation_book_joins_two_quotes_from_one_passage_in_passage_order():
    ev = evidence("First point about care. Second point about care.")
    cands = score_candidates("care point", [ev], SETTINGS)
    book = CitationBook()
    for c in sorted(cands, key=lambda c: -c.unit.index):
        assert book.number(c) == 1
    (citation,) = book.citations()
    assert citation.quote == "First point about care. … Second point about care."


def test_no_usable_sentence_means_no_answer():
    answer = compose_factual("anything", [evidence("Judgement\tGrade")], SETTINGS)
    assert answer.insufficient_evidence and not answer.citations and answer.text == ""


def test_a_leading_connective_is_dropped_and_a_dangling_pronoun_ranks_lower():
    from qa.compose_extractive import standalone

    assert standalone("However, most care leavers feel safe.") == "Most care leavers feel safe."
    assert standalone("Meanwhile, the portfolio holder asked for more money.") == "The portfolio holder asked for more money."
    assert standalone("Most care leavers feel safe.") == "Most care leavers feel safe."
    ev = [evidence("This means care leavers feel safe at home. Care leavers feel safe in their homes too.")]
    cands = score_candidates("Do care leavers feel safe at home?", ev, SETTINGS)
    assert cands[0].text.startswith("Care leavers feel safe")
    answer = compose_factual("Do care leavers feel safe?", [evidence("However, most care leavers feel safe.")], SETTINGS)
    assert answer.text == "Most care leavers feel safe [1]." and answer.citations[0].quote == "However, most care leavers feel safe."
    # A pronoun after a connective or a short opening phrase leans on what went before just the same.
    for leaning in (
        "However, they feel safe at home with their carers.",
        "For most care leavers, this means feeling safe at home.",
        "In response, care leavers feel safe at home with their carers.",
    ):
        ev = [evidence(f"{leaning} Care leavers feel safe in their homes."), ]
        cands = score_candidates("Do care leavers feel safe at home?", ev, SETTINGS)
        assert cands[0].text == "Care leavers feel safe in their homes.", leaning


def test_a_list_item_carries_its_question_heading_and_a_cut_sentence_is_left_out():
    from qa.compose_extractive import answer_unit

    ev = evidence("What needs to improve?\n\n- The help and support offered to older care leavers.\n"
                  "Inspectors looked at arrangements, with a particular focus on the")
    answer = compose_factual("What does the council need to improve for care leavers?", [ev], SETTINGS)
    assert answer.text == "What needs to improve: the help and support offered to older care leavers [1]."
    assert all(found_in(c.text, ev.chunk.text) for c in claims(answer.text))
    assert not any(answer_unit(u) for u in units("Inspectors looked at arrangements, with a particular focus on the"))


def test_a_list_cut_from_its_heading_reads_under_its_sections_question():
    from qa.compose_extractive import passage_units

    ev = evidence("- The timeliness of children achieving permanence.\n- The sufficiency of placements for children.\n\nLeaders know this well.")
    ev = replace(ev, chunk=replace(ev.chunk, section="What needs to improve?1"))
    assert [u.heading for u in passage_units(ev)] == ["What needs to improve?", "What needs to improve?", None]
    answer = compose_factual("What should the council do next?", [ev], SETTINGS)
    assert answer.text.startswith("What needs to improve: the timeliness of children achieving permanence [1]; the sufficiency"), answer.text
    # A section that asks nothing lends no introduction.
    plain = replace(ev, chunk=replace(ev.chunk, section="Care leavers"))
    assert [u.heading for u in passage_units(plain)][:2] == [None, None]


def test_a_list_under_an_improvement_heading_line_reads_under_it_whole_and_short_items_too():
    # Focused-visit letters open the list with its heading as a line of its own, without a question mark.
    heading = "What needs to improve in this area of social work practice"
    items = ["Social work supervision.", "The quality of children's plans.", "Placement sufficiency.",
             "The quality and timeliness of social work recording.", "The response to electively home-educated children."]
    ev = evidence(heading + "\n\n" + "\n".join(f"- {i}" for i in items))
    ev = replace(ev, chunk=replace(ev.chunk, section=heading))
    from qa.compose_extractive import passage_units

    us = passage_units(ev)
    assert us[0].kind == "heading" and not answer_unit(us[0])  # the heading is no finding
    assert all(u.heading == heading and answer_unit(u) for u in us[1:])  # "Placement sufficiency." too
    two = SETTINGS.model_copy(update={"answer_max_sentences": 2})
    answer = compose_factual("What did Ofsted tell the council to improve?", [ev], two)
    assert answer.text.startswith(f"{heading}: social work supervision [1]; "), answer.text
    assert all(i[:-1].lower() in answer.text.lower() for i in items), answer.text  # the whole list, past the cap of 2


def test_a_sentence_introducing_a_list_heads_its_items():
    us = units("Inspectors looked at arrangements for children in care, with a focus on the:\n- quality of matching.\n")
    assert us[1].heading == "Inspectors looked at arrangements for children in care, with a focus on the:"
    answer = compose_factual("What did inspectors look at about matching?", [evidence("Inspectors looked at arrangements, with a focus on the:\n- quality of matching and placement decisions.")], SETTINGS)
    assert answer.text == "Inspectors looked at arrangements, with a focus on the: quality of matching and placement decisions [1]."


def test_nested_list_markers_are_removed():
    assert [u.text for u in units("- d) Improving the support we give care leavers")] == ["Improving the support we give care leavers"]


def test_a_why_question_gets_the_reason_not_only_the_grade():
    ev = [evidence(GRADE_TABLE.replace("Good", "Inadequate"), rank=1),
          evidence("Given the widespread deterioration of services, the overall effectiveness of services is inadequate.", rank=2)]
    answer = compose_factual("Why was the council judged inadequate?", ev, SETTINGS)
    assert "widespread deterioration" in answer.text


def test_the_areas_a_visit_covered_are_framing_and_a_list_item_cut_from_its_list_is_weak():
    covered = evidence(
        "Inspectors looked at the local authority's arrangements for children in care, with a particular focus on the:\n\n"
        "- Quality of matching, placement and decision-making for children in care.\n"
        "- Experiences and progress of disabled children in care.\n\n"
        "Most children in care live in stable homes that meet their needs."
    )
    question = "What did Ofsted find about disabled children in care?"
    assert [c.text for c in score_candidates(question, [covered], SETTINGS)] == ["Most children in care live in stable homes that meet their needs."]
    asked = [c.text for c in score_candidates("What did the visit look at?", [covered], SETTINGS)]
    assert any("experiences and progress of disabled children in care" in text.lower() for text in asked)
    # A passage opening on a list item whose introduction fell in the passage before.
    cut = evidence("- Experiences and progress of disabled children in care.\n\nDisabled children in care are visited regularly.")
    first, second = units(cut.chunk.text)
    assert orphan_item(first) and not orphan_item(second)
    ranked = sorted(score_candidates(question, [cut], SETTINGS), key=lambda c: -c.relevance)
    assert ranked[0].text == "Disabled children in care are visited regularly."


def test_the_framing_every_letter_shares_is_not_an_answer_unless_asked_for():
    letter = evidence(
        "This letter summarises the findings of a focused visit to Dorset children's services on 5 and 6 November 2019. "
        "The inspectors were Jane Smith and John Brown, Her Majesty's Inspectors. "
        "Inspectors looked at the local authority's arrangements for children in care. "
        "Inspectors considered a range of evidence, including case discussions with social workers. "
        "This visit looked at the quality and impact of key decision-making, together with the impact of leadership. "
        "Inspectors reviewed the arrangements for contacts and referrals in the front door. "
        "This visit was carried out fully by remote means. "
        "All inspection judgements are made using the following four point scale. "
        "Outstanding (Grade 1) A service that significantly exceeds minimum requirements. "
        "Inspectors used video calls for discussions with local authority social workers, managers and leaders. "
        "However, the delivery model was adapted to reflect the COVID-19 context. "
        "The lead inspector and the director of children's services (DCS) agreed arrangements to deliver this visit effectively. "
        "The lead inspector and the corporate director of children's services agreed arrangements to deliver this visit effectively. "
        "Discussions with schools, foster carers and children and young people also took place. "
        "They also looked at local authority performance management and quality assurance information. "
        "They talked to practitioners and managers, children and families. "
        "Inspectors were on site for the visit. "
        "Performance data and management reports were reviewed, and children's case records were sampled. "
        "Throughout this letter, care leavers are referred to as care-experienced young people. "
        "This was the second monitoring visit since the local authority was judged inadequate in December 2021. "
        "The focus of the monitoring visit was children in need and those subject to a child protection plan. "
        "In particular, inspectors reviewed the progress made in the quality of assessments. "
        "The inspection team consisted of six of Her Majesty's Inspectors (HMI) from Ofsted. "
        "Children in care in Dorset live in stable homes."
    )
    topic = [c.text for c in score_candidates("How have Dorset's children's services changed since 2019?", [letter], SETTINGS)]
    assert topic == ["Children in care in Dorset live in stable homes."]
    asked = [c.text for c in score_candidates("Who were the inspectors on the 2019 visit to Dorset?", [letter], SETTINGS)]
    assert "The inspectors were Jane Smith and John Brown, Her Majesty's Inspectors." in asked


def test_a_sentence_in_the_thesaurus_s_other_words_counts_as_on_the_topic():
    ev = [evidence(
        "Foster carers are well supported by their supervising social workers. "
        "Children's views are not consistently used to inform assessments."
    )]
    question = "What did Ofsted say about the voice of the child?"
    assert score_candidates(question, ev, SETTINGS)[0].text == "Children's views are not consistently used to inform assessments."
    off = SETTINGS.model_copy(update={"query_expansion": False})
    assert score_candidates(question, ev, off)[0].text.startswith("Foster carers")  # the order of the passage


def test_strengths_and_weaknesses_are_answered_by_praise_and_the_list_of_what_must_improve():
    report = evidence(
        "What needs to improve?\n\n"
        "- Consistency in responding to the needs of children at risk of exploitation.\n"
        "- The help and support offered to older care leavers.\n\n"
        "Families have access to a wide range of early help services which meet their needs. "
        "Social workers are very positive about working for the council."
    )
    said = [c.text for c in factual_sentences("What are the strengths and weaknesses of BCP's services?", [report], SETTINGS, drop_terms=frozenset({"bcp"}))]
    assert any(t.endswith("the help and support offered to older care leavers.") for t in said), said
    assert any(t.startswith("Families have access") or t.startswith("Social workers are very positive") for t in said), said
    # Asked for what must improve alone, the list is the answer.
    improve = [c.text for c in factual_sentences("What does BCP need to improve?", [report], SETTINGS, drop_terms=frozenset({"bcp"}))]
    assert not any(t.startswith("Families have access") for t in improve), improve


DORSET = frozenset({"dorset"})  # the scope's name: not a topic word


def test_asked_for_each_judgements_grade_every_row_is_quoted():
    # "What were BCP's grades for each judgement in 2024?" gave the overall grade alone.
    ev = [evidence(GRADE_TABLE + "\nServices for children have improved.")]
    said = [c.text for c in factual_sentences("What were Dorset's grades for each judgement in 2021?", ev, SETTINGS, drop_terms=DORSET)]
    assert {t for t in said if grade_of(t)} == {
        "The impact of leaders on social work practice with children and families: Good",
        "The experiences and progress of children in care: Good",
        "The experiences and progress of care leavers: Requires improvement to be good",
        "Overall effectiveness: Good",
    }, said
    plain = [c.text for c in factual_sentences("What grade did Dorset get in 2021?", ev, SETTINGS, drop_terms=DORSET)]
    assert [t for t in plain if grade_of(t)] == ["Overall effectiveness: Good"], plain


def test_a_question_about_the_whole_service_is_answered_by_the_overall_grade():
    ev = [evidence(GRADE_TABLE + "\nServices for children have improved.")]
    best = next(c for c in score_candidates("How have Dorset's children's services changed?", ev, SETTINGS, drop_terms=DORSET) if c.unit.kind == "grade")
    assert best.text == "Overall effectiveness: Good"
    # Asked why, the reasons come before any grade.
    why = score_candidates("Why were Dorset's children's services judged good?", ev, SETTINGS, drop_terms=DORSET)
    assert why[0].unit.kind != "grade" or why[0].text != "Overall effectiveness: Good"


def test_a_passages_sentences_stay_together_in_its_own_order_where_its_best_sentence_ranks():
    offer = evidence(
        "The local offer for care leavers lacks ambition. Many young people describe difficulties. "
        "Following consultation with young people, leaders have rightly recognised this, and the offer is being revised."
    )
    hub = evidence("The care leavers hub is a warm and valuable resource.", rank=2)
    cands = {c.unit.text: c for c in score_candidates("What is the local offer for care leavers like?", [offer, hub], SETTINGS)}
    recognised, lacks, warm = (next(c for t, c in cands.items() if t.startswith(w)) for w in ("Following", "The local offer", "The care"))
    assert [c.unit.text for c in reading_order([recognised, warm, lacks])] == [lacks.unit.text, recognised.unit.text, warm.unit.text]
    answer = paragraph_answer("What is the local offer for care leavers like?", [recognised, warm, lacks])
    assert answer.text.index("lacks ambition") < answer.text.index("recognised this") < answer.text.index("warm")
    assert [c.evidence.chunk.id for c in answer.citations] == [offer.chunk.id, hub.chunk.id]


def test_a_passage_giving_a_grade_leads_however_its_sentences_rank():
    # Birmingham 2023: "The emergency duty service responds…" ranked above the grade row, and read first.
    detail = evidence("The emergency duty service responds to children's needs in a timely and proportionate way.")
    table = evidence(GRADE_TABLE, rank=2)
    cands = score_candidates("What happened to children's services in Birmingham after 2018?", [detail, table], SETTINGS)
    first = next(c for c in cands if c.evidence is detail)
    grade = next(c for c in cands if c.unit.kind == "grade")
    assert [c.unit.kind for c in reading_order([first, grade])] == ["grade", "sentence"]


def test_a_heading_with_a_footnote_mark_is_not_an_answer():
    from qa.sentences import Unit

    assert not answer_unit(Unit("What needs to improve?1", "sentence", 0))
    assert not answer_unit(Unit("The local authority should improve the following:2", "sentence", 0))
    assert answer_unit(Unit("Caseloads fell to 15 in 2021.", "sentence", 0))


def test_asked_what_ofsted_recommended_its_own_list_answers_not_a_story_about_it():
    news = document("story", doc_type="news", source_kind="secondary", date="2021-12-06")
    report = document("report", date="2021-12-06")
    ev = [
        evidence("Ofsted said the council needed to improve the timeliness of visits and must make improvements quickly.", news, rank=1),
        evidence("What needs to improve?\n\n- The quality of plans for children in need.\n- The regularity of supervision.", report, rank=2),
    ]
    chosen = factual_sentences("What did Ofsted recommend for BCP in 2021?", ev, SETTINGS, drop_terms=frozenset({"bcp"}))
    assert chosen and {c.evidence.document.source_kind for c in chosen} == {"primary"}
    assert all(c.unit.kind == "bullet" for c in chosen)
    # With a topic the list may not hold, every sentence competes as before.
    topic = factual_sentences("What did Ofsted recommend about timeliness in BCP?", ev, SETTINGS, drop_terms=frozenset({"bcp"}))
    assert any(c.evidence.document.source_kind == "secondary" for c in topic)


def test_a_picture_caption_is_not_an_answer():
    from qa.sentences import Unit

    assert not answer_unit(Unit("Image of Bournemouth Town Hall (credit: Ethan Doyle White / Wikimedia Commons)", "sentence", 0))
    assert not answer_unit(Unit("Bournemouth Town Hall (credit: Ethan Doyle White / Wikimedia Commons)", "sentence", 0))
    assert answer_unit(Unit("The council was given credit for its early help offer.", "sentence", 0))


def test_read_in_document_order_the_overall_grade_leads_the_table():
    from qa.compose_extractive import in_document_order

    cands = score_candidates("What did Ofsted say about Kent?", [evidence(GRADE_TABLE)], SETTINGS, drop_terms=frozenset({"kent"}))
    ordered = [c.unit.text for c in in_document_order(cands) if c.unit.kind == "grade"]
    assert len(ordered) >= 2 and OVERALL_GRADE.match(ordered[0]), ordered  # the table gives it last


def test_a_letter_s_greeting_is_not_an_answer():
    from qa.sentences import Unit

    greeting = "Dear Ms Redding, Focused visit to Bournemouth, Christchurch and Poole Children's Services"
    assert not answer_unit(Unit(greeting, "sentence", 0))
    assert answer_unit(Unit("Dearth of foster carers limits the choice of homes for children.", "sentence", 0))


def test_asked_for_a_verdict_on_the_whole_a_document_s_opening_leads():
    from dataclasses import replace

    later = evidence("Leaders have a clear plan to improve the service for children.", rank=1)
    opening = replace(evidence("Leaders have a clear plan to improve the service for children and families."), opening=True)
    kent = frozenset({"kent"})
    # Asked how the whole service is judged, the opening gains the lead bonus over the same words later.
    scores = {c.evidence.opening: c.relevance for c in score_candidates("How was Kent judged?", [later, opening], SETTINGS, drop_terms=kent)}
    topic = {c.evidence.opening: c.relevance for c in score_candidates("What did Ofsted say about Kent's plan?", [later, opening], SETTINGS, drop_terms=kent)}
    assert scores[True] - scores[False] == pytest.approx(topic[True] - topic[False] + SETTINGS.answer_lead_bonus)
    # Asked plainly, naming no topic, the summary is the answer: the body's sentences are not candidates,
    # unless the document gives no summary passage (a slide deck's page, a news story's paragraph).
    later = replace(later, document=opening.document)
    slides = document("slides", doc_type="council self-evaluation", source_kind="secondary")
    other = evidence("The council's slides say the service is improving steadily.", slides, rank=2)
    plain = score_candidates("What did Ofsted say about Kent?", [later, opening, other], SETTINGS, drop_terms=kent)
    assert sorted((c.evidence.document.source, c.evidence.opening) for c in plain) == [("report.pdf", True), ("slides.pdf", False)]
    assert asks_plainly("What did the 2023 focused visit to Dorset find?", frozenset({"dorset"}))
    assert not asks_plainly("What did the 2023 focused visit to Dorset find about care leavers?", frozenset({"dorset"}))
    assert not asks_plainly("When was Dorset inspected?", frozenset({"dorset"}))
    assert not asks_plainly("What is a focused visit?")  # the term is the topic
    # A verdict on the whole is no topic; a grade asked for is answered by the grade rows.
    assert asks_plainly("What's Ofsted's view of Norfolk?", frozenset({"norfolk"}))
    assert not asks_plainly("How was Norfolk judged?", frozenset({"norfolk"}))


def test_asked_why_a_judgement_was_made_its_words_are_given_not_asked():
    bradford = frozenset({"bradford"})
    assert topic_terms("Why was Bradford judged inadequate in 2022?", bradford) == {}
    # "going" asks how things stand: "children who go missing" is no answer to "What's going wrong?".
    assert topic_terms("What's going wrong in Bradford?", bradford) == {}
    assert asks_plainly("Why was Bradford judged inadequate in 2022?", bradford)
    assert "leaver" in topic_terms("Why were Bradford's services for care leavers judged inadequate?", bradford)
    assert not asks_plainly("Why were Bradford's services for care leavers judged inadequate?", bradford)
    # Asked for the judgement itself, its words are what a sentence must say.
    assert set(topic_terms("Was Bradford judged inadequate in 2022?", bradford)) == {"judg", "inadequ"}
    from dataclasses import replace

    summary = replace(evidence(
        "Bradford children's social care was judged to be inadequate in 2018. Since that inspection, "
        "the progress of many children has declined. There are widespread and serious failures across all service areas."
    ), opening=True)
    said = [c.text for c in factual_sentences("Why was Bradford judged inadequate in 2022?", [summary], SETTINGS, drop_terms=bradford)]
    assert "There are widespread and serious failures across all service areas." in said, said


def test_a_report_recalling_an_earlier_judgement_is_weighed_as_a_sentence_leaning_on_another():
    recap = evidence("At the last inspection, in May 2019, the local authority was judged to be inadequate for leadership.")
    own = evidence("The local authority was judged to be inadequate for leadership at the last inspection in May 2019.")
    scores = {c.text[:6]: c.relevance for c in score_candidates("How was leadership judged?", [recap, own], SETTINGS)}
    assert scores["The lo"] - scores["At the"] == pytest.approx(SETTINGS.answer_dangling_penalty)
    # Saying what changed since is the report's own finding.
    since = evidence("Since the last inspection in May 2019, when leadership was weak, leaders have acted.")
    again = evidence("Leaders have acted since the last inspection in May 2019, when leadership was weak.")
    scores = {c.text[:6]: c.relevance for c in score_candidates("What did inspectors say about leadership?", [since, again], SETTINGS)}
    assert scores["Since "] == pytest.approx(scores["Leader"])


def test_asked_plainly_a_report_s_headline_leads_whatever_search_ranked_first():
    from dataclasses import replace

    headline = replace(evidence("The local authority's improvement since the last inspection has been slow.", rank=3), opening=True)
    headline = replace(headline, chunk=replace(headline.chunk, start=0))
    later = replace(evidence("Demand for children's social care has remained high during the pandemic.", rank=1), opening=True)
    later = replace(later, chunk=replace(later.chunk, start=900), document=headline.document)
    ranked = score_candidates("What did the 2020 focused visit to Bradford find?", [later, headline], SETTINGS, drop_terms=frozenset({"bradford"}))
    assert ranked[0].text.startswith("The local authority's improvement"), [c.text for c in ranked]
    # A recall of the report before is no headline.
    recap = replace(evidence("Bradford was last inspected by Ofsted in September 2018 and was judged to be inadequate.", rank=3), opening=True)
    recap = replace(recap, chunk=replace(recap.chunk, start=0), document=headline.document)
    ranked = score_candidates("What did the 2020 focused visit to Bradford find?", [later, recap], SETTINGS, drop_terms=frozenset({"bradford"}))
    assert ranked[0].text.startswith("Demand"), [c.text for c in ranked]


def test_asked_plainly_what_a_report_found_its_recall_of_the_report_before_is_left_out():
    from dataclasses import replace

    overview = replace(evidence(
        "Bury was inspected by Ofsted in 2016, when services were judged to require improvement. "
        "At this time, Bury had low numbers of children at risk of exploitation. "
        "The experience of children in need of help and protection has declined since 2016."
    ), opening=True)
    question, drop = "What did the 2019 focused visit to Bury find?", frozenset({"buri"})
    said = [c.text for c in factual_sentences(question, [overview], SETTINGS, drop_terms=drop)]
    assert said == ["The experience of children in need of help and protection has declined since 2016."], said
    # A finding that points back to the recall keeps it: "Since that inspection…" says which.
    since = replace(overview, chunk=replace(overview.chunk, text=(
        "Bury was last inspected by Ofsted in 2016, when services were judged good. "
        "Since that inspection, the experience of children in need of help and protection has declined."
    )))
    said = [c.text for c in factual_sentences(question, [since], SETTINGS, drop_terms=drop)]
    assert said[0].startswith("Bury was last inspected by Ofsted in 2016") and said[1].startswith("Since that inspection"), said
    # A passage there for the time it recalls ("What happened in Bury in 2016?") is that time's evidence.
    about_2016 = replace(overview, recalled=True)
    said = [c.text for c in factual_sentences("What happened in Bury in 2016?", [about_2016], SETTINGS, drop_terms=drop)]
    assert said[0].startswith("Bury was inspected by Ofsted in 2016"), said


def test_asked_plainly_a_sentence_leaning_on_one_not_quoted_is_left_out():
    from dataclasses import replace

    letter = replace(evidence(
        "Inspectors looked at the response to care leavers. This included a focus on young people in custody. "
        "Services for care leavers have been strengthened. This means that young people get help sooner."
    ), opening=True)
    said = [c.text for c in factual_sentences("What did the latest Cumbria report say?", [letter], SETTINGS, drop_terms=frozenset({"cumbria"}))]
    assert said == ["Services for care leavers have been strengthened.", "This means that young people get help sooner."], said
    # A report speaking of itself leans on nothing.
    first = replace(letter, chunk=replace(letter.chunk, text="Inspectors looked at leadership. This is the first inspection of the new council."))
    said = [c.text for c in factual_sentences("How did Cumberland do?", [first], SETTINGS, drop_terms=frozenset({"cumberland"}))]
    assert said == ["This is the first inspection of the new council."], said


def test_asked_plainly_the_answer_quotes_the_summary_in_its_own_order():
    from dataclasses import replace

    summary = replace(evidence(
        "Headline findings\n\nLeaders have strengthened services for care leavers. "
        "Plans are under way for supported accommodation later in the year. Young people say they feel safe."
    ), opening=True)
    body = evidence("A housing project offers homes to care leavers, with peer landlords paid in return.", rank=1)
    said = [c.text for c in factual_sentences("What did the 2023 focused visit to Dorset find?", [body, summary], SETTINGS, drop_terms=frozenset({"dorset"}))]
    assert said == [
        "Leaders have strengthened services for care leavers.",
        "Plans are under way for supported accommodation later in the year.",
        "Young people say they feel safe.",
    ]
    # Two passages of one summary read in the document's order, whichever search ranked first.
    first = replace(summary, rank=2, chunk=replace(summary.chunk, start=0))
    second = replace(evidence("Leaders know their service well and plan for it.", rank=1), opening=True)
    second = replace(second, chunk=replace(second.chunk, start=500), document=first.document)
    said = [c.text for c in factual_sentences("What did the 2023 focused visit to Dorset find?", [second, first], SETTINGS, drop_terms=frozenset({"dorset"}))]
    assert said[0] == "Leaders have strengthened services for care leavers." and said[-1] == "Leaders know their service well and plan for it.", said
    # The document's grade leads, wherever it stands (a council's slides give theirs late).
    grades = replace(evidence(GRADE_TABLE, rank=3), opening=True)
    grades = replace(grades, chunk=replace(grades.chunk, start=2000), document=first.document)
    said = [c.text for c in factual_sentences("What did the 2023 focused visit to Dorset find?", [second, first, grades], SETTINGS, drop_terms=frozenset({"dorset"}))]
    assert said[0].startswith("Overall effectiveness"), said


def test_how_many_is_answered_by_the_sentence_that_counts_the_topic():
    ev = [evidence(
        "Children in care are seen often by their social workers. The council has 636 local authority foster carers. "
        "At the time of the inspection there were 1,088 looked after children.", rank=1),
        evidence(GRADE_TABLE, rank=2)]
    cands = score_candidates("How many children in care does Norfolk have?", ev, SETTINGS, drop_terms=frozenset({"norfolk"}))
    order = [c.text for c in cands]
    assert order[0] == "At the time of the inspection there were 1,088 looked after children."
    assert not any(c.unit.kind == "grade" for c in cands)  # the judgement of children in care counts nothing


def test_one_judgement_in_two_reports_is_two_findings_and_takes_no_finding_s_place():
    two = SETTINGS.model_copy(update={"answer_max_sentences": 2})
    then, now = document("then", date="2018-09-17"), document("now", date="2022-11-21")
    ev = [
        evidence("The experiences and progress of children who need help and protection: inadequate\n\n"
                 "Children wait too long for help when they are at risk of harm.", then),
        evidence("The experiences and progress of children who need help and protection: inadequate\n\n"
                 "Too many children are left at risk of harm for too long.", now, rank=2),
    ]
    said = factual_sentences("Are children in Bradford safe from harm?", ev, two, drop_terms=frozenset({"bradford"}))
    grades = [c.evidence.document.date for c in said if c.unit.kind == "grade"]
    assert sorted(grades) == ["2018-09-17", "2022-11-21"], [c.text for c in said]
    assert sum(c.unit.kind != "grade" for c in said) == 2, [c.text for c in said]  # the findings keep their places


def test_a_passage_there_for_the_time_it_recalls_weighs_its_recall_as_its_answer():
    from dataclasses import replace

    recap = evidence("Children's services in the predecessor local authority, Cumbria County Council, were judged "
                     "requires improvement to be good in November 2022.")
    question = "What did Ofsted say about Cumbria before it was split?"
    own = score_candidates(question, [recap], SETTINGS)[0].relevance
    recalled = score_candidates(question, [replace(recap, recalled=True)], SETTINGS)[0].relevance
    assert recalled - own == pytest.approx(SETTINGS.answer_dangling_penalty)


def test_a_sentence_saying_a_word_of_a_term_but_not_the_term_is_off_the_topic():
    ev = [evidence(
        "The quality of foster carer recruitment has improved, resulting in more approved foster carers. "
        "Very few children are identified as living in private fostering arrangements."
    )]
    question = "What did Ofsted say about private fostering?"
    scored = {c.text: c for c in score_candidates(question, ev, SETTINGS)}
    carers = next(c for t, c in scored.items() if t.startswith("The quality of foster carer"))
    assert "foster" not in carers.said
    off = SETTINGS.model_copy(update={"query_expansion": False})  # without the thesaurus, "fostering" is "foster"
    unbound = next(c for c in score_candidates(question, ev, off) if c.text.startswith("The quality of foster carer"))
    assert carers.relevance < unbound.relevance


def _recalling(text: str, doc_id: str, authority: str, day: str, year: int) -> Evidence:
    """A passage of a later report, there for the ``year`` it names."""
    return replace(evidence(text, document(doc_id, authority=authority, date=day)), recalled=True, recalls=(year,))


def test_a_passage_there_for_a_year_it_names_answers_with_the_sentences_naming_it():
    ev = _recalling(
        "Children are at the centre of the council's culture and practice. "
        "The inspection of safeguarding and looked after children in 2010 judged Birmingham's safeguarding services as inadequate.",
        "brm14", "birmingham", "2014-03-18", 2010,
    )
    question = "How was Birmingham judged in 2010?"
    scored = score_candidates(question, [ev], SETTINGS, drop_terms=frozenset({"birmingham", "2010"}))
    assert scored[0].text.startswith("The inspection of safeguarding and looked after children in 2010"), [c.text for c in scored]
    # There for its own time, the same passage's sentences weigh as they did.
    own = score_candidates(question, [replace(ev, recalled=False, recalls=())], SETTINGS, drop_terms=frozenset({"birmingham", "2010"}))
    first = next(c for c in scored if c.text.startswith("Children are at the centre"))
    assert first.relevance < next(c for c in own if c.text.startswith("Children are at the centre")).relevance


def test_asked_plainly_of_a_time_a_report_recalls_its_own_grades_and_findings_are_left_out():
    ev = _recalling(
        "Judgement\tGrade\nOverall effectiveness\tInadequate\n\n"
        "There has been ineffective senior leadership since the last inspection in 2019. Senior leaders lack a line of sight on practice.",
        "tam23", "tameside", "2023-12-04", 2019,
    )
    question = "What did the 2023 report say about the 2019 inspection?"
    said = [c.text for c in score_candidates(question, [ev], SETTINGS, drop_terms=frozenset({"2019", "2023"}))]
    assert said == ["There has been ineffective senior leadership since the last inspection in 2019."], said
