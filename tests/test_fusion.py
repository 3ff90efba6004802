"""Pure ranking logic on hand-made inputs: fusion, duplicates, spreading over periods, keyword queries."""

import numpy as np
import pytest

from qa.diversify import Candidate, collapse_duplicates, overlap, shingles, spread_over_groups
from qa.fusion import convex_fusion, normalise, ranked, reciprocal_rank_fusion, top_rows
from qa.query_terms import SynonymTable, keyword_tokens, name_stems


def test_rrf_exact_scores() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 4]], k=60)
    assert fused[1] == pytest.approx(1 / 61)
    assert fused[2] == pytest.approx(1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)
    assert fused[4] == pytest.approx(1 / 62)
    assert ranked(fused) == [3, 1, 2, 4]  # 2 and 4 tie: lower id first


def test_rrf_weights() -> None:
    fused = reciprocal_rank_fusion([[1], [2]], weights=[2.0, 1.0], k=0)
    assert fused == {1: 2.0, 2: 1.0}


def test_normalise() -> None:
    assert normalise({1: 2.0, 2: 4.0, 3: 3.0}) == {1: 0.0, 2: 1.0, 3: 0.5}
    assert normalise({1: 5.0, 2: 5.0}) == {1: 1.0, 2: 1.0}
    assert normalise({}) == {}


def test_convex_fusion() -> None:
    dense = {1: 0.9, 2: 0.5, 3: 0.7}
    keyword = {2: 10.0, 4: 5.0}
    fused = convex_fusion(dense, keyword, dense_weight=0.5, floor={"keyword": 0.0})
    assert fused[1] == pytest.approx(0.5)  # dense 1.0, keyword missing
    assert fused[2] == pytest.approx(0.5)  # dense 0.0, keyword 1.0
    assert fused[3] == pytest.approx(0.25)
    assert fused[4] == pytest.approx(0.25)  # keyword 5/10 from the 0 floor
    assert set(fused) == {1, 2, 3, 4}


def test_top_rows() -> None:
    rows = np.array([10, 11, 12, 13])
    scores = np.array([0.2, 0.9, 0.0, 0.9])
    assert top_rows(rows, scores, 3) == [(11, pytest.approx(0.9)), (13, pytest.approx(0.9)), (10, pytest.approx(0.2))]
    assert top_rows(rows, scores, 10, positive_only=True) == [(11, 0.9), (13, 0.9), (10, pytest.approx(0.2))]
    assert top_rows(rows[:0], scores[:0], 3) == []


LEADERS = "Leaders have worked relentlessly to strengthen, stabilise and train their workforce, enabling children to benefit."


def cand(row: int, doc: str, period: str | None, score: float, text: str | None = None, **kw) -> Candidate:
    return Candidate(row=row, doc_id=doc, period=period, score=score, text=text or f"passage {row} about topic {row * 7}", **kw)


def test_shingles_ignore_case_and_punctuation() -> None:
    a = shingles("Leaders have worked, relentlessly!")
    b = shingles("leaders HAVE worked relentlessly")
    assert a == b
    assert overlap(a, b) == 1.0


def test_duplicates_collapse_to_the_primary_paged_copy_in_the_better_slot() -> None:
    text_copy = cand(1, "txt", "2024-12", 0.9, LEADERS, primary=True, paged=False)
    other = cand(2, "other", "2021-12", 0.8)
    pdf_copy = cand(3, "pdf", "2024-12", 0.7, "Senior staff said: " + LEADERS + " More text follows here.", primary=True, paged=True)
    out = collapse_duplicates([text_copy, other, pdf_copy], threshold=0.6)
    assert [c.row for c in out] == [3, 2]
    assert out[0].score == 0.9  # the slot keeps the better rank's score


def test_news_copy_gives_way_to_ofsted() -> None:
    ofsted = cand(1, "pdf", "2020-10", 0.5, LEADERS, primary=True, paged=True)
    news = cand(2, "news", "2020-10", 0.9, LEADERS, primary=False, paged=False)
    assert [c.row for c in collapse_duplicates([news, ofsted])] == [1]
    # The preferred copy ranked first stays; the later copy is dropped.
    assert [c.row for c in collapse_duplicates([ofsted, news])] == [1]


def test_two_authorities_sharing_a_template_are_not_copies() -> None:
    table = "Judgement Grade The impact of leaders on social work practice with children and families Good Overall effectiveness Good"
    cumberland = cand(1, "cumberland-2024", "2024-10", 0.9, table, authority="cumberland")
    westmorland = cand(2, "westmorland-2024", "2024-04", 0.8, table, authority="westmorland-and-furness")
    bcp_copy = cand(3, "bcp-txt", "2024-10", 0.7, table, authority="cumberland")
    assert [c.row for c in collapse_duplicates([cumberland, westmorland, bcp_copy])] == [1, 2]


def test_one_authority_s_reports_of_two_times_are_not_copies() -> None:
    title = "Inspection of Surrey local authority children's services Inspection dates: Lead inspector: Judgement Grade The impact of leaders"
    a = cand(1, "surrey-2022", "2022-01", 0.9, title + " Requires improvement to be good", authority="surrey", doc_month="2022-01")
    b = cand(2, "surrey-2025", "2025-03", 0.8, title + " Good", authority="surrey", doc_month="2025-03")
    copy = cand(3, "surrey-2025-txt", "2019-11", 0.7, title + " Good", authority="surrey", doc_month="2025-03")  # dated by a year it names
    assert [c.row for c in collapse_duplicates([a, b, copy])] == [1, 2]


def test_spread_over_another_key_gives_each_its_slot_first() -> None:
    ranked_cands = [cand(1, "kent-a", "2022-05", 0.9, authority="kent"), cand(2, "kent-b", "2025-11", 0.8, authority="kent"),
                    cand(3, "bury", "2021-10", 0.4, authority="bury")]
    assert [c.row for c in spread_over_groups(ranked_cands, top_k=2, per_document_cap=3)] == [1, 2]
    assert [c.row for c in spread_over_groups(ranked_cands, top_k=2, per_document_cap=3, key=lambda c: c.authority)] == [1, 3]


def test_different_passages_are_not_collapsed() -> None:
    a = cand(1, "a", None, 0.9, "Care leavers are supported by personal advisers who know them well.")
    b = cand(2, "b", None, 0.8, "The front door responds quickly to referrals about risk of harm.")
    assert len(collapse_duplicates([a, b])) == 2


def test_spread_gives_every_period_a_slot_then_fills_by_rank_with_a_cap() -> None:
    ranked_cands = [
        cand(1, "d2024", "2024-12", 0.95),
        cand(2, "d2024", "2024-12", 0.94),
        cand(3, "d2024", "2024-12", 0.93),
        cand(4, "d2024", "2024-12", 0.92),
        cand(5, "d2021", "2021-12", 0.91),
        cand(6, "d2024", "2024-12", 0.90),
        cand(7, "d2020", "2020-10", 0.50),
        cand(8, "d2019", "2019-11", 0.40),
    ]
    out = spread_over_groups(ranked_cands, top_k=5, per_document_cap=3)
    # Every period first (rows 1, 5, 7, 8), then the best of the rest (row 2); ordered by score.
    assert [c.row for c in out] == [1, 2, 5, 7, 8]
    out = spread_over_groups(ranked_cands, top_k=6, per_document_cap=2)
    # The cap stops d2024 at rows 1 and 2; with no other document left, the last slot ignores it.
    assert [c.row for c in out] == [1, 2, 3, 5, 7, 8]
    out = spread_over_groups(ranked_cands, top_k=5, per_document_cap=3, floor=0.5)
    # 2019-11 (0.40) is below half the best (0.95): it competes by rank and loses its slot to row 3.
    assert [c.row for c in out] == [1, 2, 3, 5, 7]


def test_spread_with_more_periods_than_slots_keeps_the_best_periods() -> None:
    ranked_cands = [cand(i, f"d{i}", f"20{10 + i}-01", 1.0 - i / 10) for i in range(6)]
    assert [c.row for c in spread_over_groups(ranked_cands, top_k=3, per_document_cap=3)] == [0, 1, 2]


def test_keyword_tokens_drop_scope_and_time_words() -> None:
    drop = name_stems(["BCP", "Bournemouth, Christchurch and Poole Council"])
    assert keyword_tokens("How has BCP's support for care leavers changed since 2018?", drop=drop) == [
        "support", "care", "leaver",
    ]
    # A question that is only scope words keeps them rather than searching for nothing.
    assert keyword_tokens("BCP 2018", drop=drop) == ["bcp", "2018"]


def test_synonym_expansion() -> None:
    table = SynonymTable.load()
    tokens = keyword_tokens("What support do care leavers get?", synonyms=table)
    assert tokens[:3] == ["support", "care", "leaver"]
    assert {"young", "peopl", "leav"} <= set(tokens[3:])
    assert len(tokens) == len(set(tokens))
    assert "children" in keyword_tokens("CIN plans", synonyms=table)
    # A reader's words find Ofsted's: a child who runs away "goes missing"; night and weekend are "out of hours".
    assert "missing" in keyword_tokens("What happens when a child runs away?", synonyms=table)
    # A reader's words for what the reports name otherwise: grooming is exploitation, special needs SEND,
    # the out-of-hours service the emergency duty service "outside normal working hours".
    assert "exploit" in keyword_tokens("Are teenagers being groomed?", synonyms=table)
    assert "send" in keyword_tokens("Are children with special needs supported?", synonyms=table)
    assert "caseload" in keyword_tokens("Are social workers overworked?", synonyms=table)
    assert {"emergenc", "duti", "normal"} <= set(keyword_tokens("Is the out-of-hours service any good?", synonyms=table))
    # "finances" and "financial" stem apart; the thesaurus joins the council's money in its reports' words.
    assert {"budget", "financi", "pressur"} <= set(keyword_tokens("What about Birmingham's finances?", synonyms=table))
    assert {"emergenc", "duti"} <= set(keyword_tokens("Does anyone respond at the weekend?", synonyms=table))
    # Special measures, in the reports' words: a directions notice, a commissioner of children's services;
    # a placement commissioner is none.
    assert {"direct", "notic", "commission"} <= set(keyword_tokens("Which councils are in special measures?", synonyms=table))
    assert "direct" not in keyword_tokens("Do placement commissioners know the children?", synonyms=table)
    # Recruitment alone, not only "recruitment and retention", is the workforce's stability.
    assert {"vacanc", "turnov"} <= set(keyword_tokens("Which councils have problems with recruitment?", synonyms=table))


def test_acronyms_are_spelled_out_for_the_embedding_and_are_terms_not_names() -> None:
    from qa.query_terms import dense_text

    table = SynonymTable.load()
    assert dense_text("How are CLA supported in Dorset?", ["Dorset"], (), table) == "How are CLA (children looked after) supported?"
    # The phrase that spells the acronym out, not the group's first: a PEP is a personal education plan.
    assert table.spell_out("Are PEPs up to date?") == "Are PEPs (personal education plans) up to date?"
    assert table.spell_out("What did the MASH do in BCP?") == "What did the MASH (multi-agency safeguarding hub) do in BCP?"
    assert dense_text("How are CLA supported in Dorset?", ["Dorset"], ()) == "How are CLA supported?"  # no thesaurus
    assert table.holds("CLA") and table.holds("front door") and not table.holds("FLOURISH") and not table.holds("BCP")
    # Typed in lower case, an acronym is spelled out too, unless it is an everyday word as well.
    assert table.spell_out("kent uasc") == "kent uasc (unaccompanied asylum-seeking children)"
    assert table.spell_out("hmos in bcp") == "hmos (houses of multiple occupation) in bcp"
    assert table.spell_out("did they send letters to the mash") == "did they send letters to the mash"
    # A section of an Act, in either form, is as unknown to the embedding; one outside the thesaurus stays.
    assert table.spell_out("Are s47 enquiries timely?") == "Are s47 (child protection enquiries) enquiries timely?"
    assert table.spell_out("section 47 in Kent") == "section 47 (child protection enquiries) in Kent"
    assert table.spell_out("section 20 in Bury") == "section 20 in Bury"
    assert "section47" in keyword_tokens("Are s47 enquiries timely?", synonyms=table)


def test_canonical_rows_map_copies_to_the_preferred_one_only_within_given_pairs() -> None:
    from qa.duplicates import canonical_rows

    texts = [
        LEADERS,  # 0: text copy
        "Something else entirely about adoption panels and their timeliness.",  # 1
        "Page 3. " + LEADERS,  # 2: PDF copy
        LEADERS,  # 3: a copy in a document we were not asked to compare
    ]
    docs = ["txt", "txt", "pdf", "other"]
    preference = [(True, False), (True, False), (True, True), (False, False)]
    assert canonical_rows(texts, docs, preference, [("txt", "pdf")]) == {0: 2}
    # Chains close: every copy points at the best one.
    assert canonical_rows(texts, docs, preference, [("txt", "pdf"), ("other", "txt")]) == {0: 2, 3: 2}
    assert canonical_rows(texts, docs, preference, []) == {}


def test_adjacent_pairs_are_the_phrases_a_text_says_as_written() -> None:
    from qa.query_terms import adjacent_pairs

    pairs = adjacent_pairs("How has quality assurance of social work developed since the 2020 visit?")
    assert ("qualiti", "assur") in pairs and ("social", "work") in pairs
    # Not across a stopword, nor with a number; a word to skip takes its pairs with it.
    assert ("assur", "social") not in pairs and not any("2020" in p for p in pairs)
    assert adjacent_pairs("quality assurance in Kent", frozenset({"assur"})) == frozenset()


def test_the_phrases_a_question_asks_are_its_topic_words_side_by_side() -> None:
    from qa.lexical import phrases_asked

    asked = phrases_asked("How has quality assurance of social work in BCP developed since the 2020 focused visit?", frozenset({"bcp"}))
    # Not "social work" (every report says it), the visit (a document), a time or a name.
    assert asked == frozenset({("qualiti", "assur")})
