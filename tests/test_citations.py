"""Marker parsing and checking, on hand-written answers."""

from __future__ import annotations

from qa.citations import check, claims, first_use_order, found_in, markers, parse_marker, renumber, strip_markers, support


def test_marker_forms():
    assert markers("a [1] b [2, 3] c [4-6] d [7][8] e 【9】") == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert parse_marker("1-100")[-1] == 21  # a runaway range is capped
    assert markers("no markers, a [link](x) and a year [2021 report]") == []


def test_marker_after_the_full_stop_belongs_to_the_sentence_before():
    cs = claims("BCP was judged inadequate in 2021. [1] Care leavers are supported well [2][3].")
    assert [(c.text, c.cites) for c in cs] == [
        ("BCP was judged inadequate in 2021.", (1,)),
        ("Care leavers are supported well.", (2, 3)),
    ]


def test_timeline_labels_are_not_claims():
    label = "Dec 2024 — Ofsted inspection (primary)"
    cs = claims(f"{label}: Most care leavers feel safe [2].", [label])
    assert cs[0].text == "Most care leavers feel safe."


def test_check_passes_a_fully_cited_answer():
    result = check("Leaders are effective [1]. Care leavers feel safe [2]. Ok.", 2)
    assert result.ok and result.used == (1, 2) and not result.uncited


def test_check_catches_a_marker_naming_no_passage():
    result = check("Leaders are effective [1]. Care leavers feel safe [3].", 2)
    assert not result.ok and result.invalid == (3,)
    assert "[3]" in result.problem()


def test_check_catches_an_uncited_sentence():
    result = check("Leaders are effective [1]. The council is doing very well overall.", 2)
    assert not result.ok and result.uncited == ("The council is doing very well overall.",)


def test_check_fails_an_answer_without_any_marker():
    result = check("I think the services are fine.", 3)
    assert not result.ok and "no markers" in result.problem()
    assert not check("", 3).ok


def test_renumbering_in_order_of_first_use():
    text = "First [3]. Second [1, 3]. Third [2]."
    mapping = first_use_order(text, 3)
    assert mapping == {3: 1, 1: 2, 2: 3}
    assert renumber(text, mapping) == "First [1]. Second [2][1]. Third [3]."
    assert renumber("Bad [9].", {1: 1}) == "Bad ."


def test_found_in_ignores_spacing_case_and_tabs():
    passage = "The experiences and progress of care leavers\tRequires improvement to be good"
    assert found_in("The experiences and progress of care leavers: Requires improvement to be good.", passage)
    assert not found_in("Care leavers are thriving.", passage)
    listed = "Improve the following areas:\n- the identification of risk\n- the quality of oversight."
    assert found_in("Improve the following areas: the identification of risk; the quality of oversight.", listed)
    assert not found_in("Improve the following areas: the identification of risk; care leavers are thriving.", listed)
    assert strip_markers("Care leavers feel safe [2].") == "Care leavers feel safe."


def test_support_is_the_share_of_content_words_in_the_cited_passages():
    assert support("Care leavers feel safe.", ["Most care leavers feel safe at home."]) == 1.0
    assert support("Care leavers win football prizes.", ["Most care leavers feel safe."]) < 0.5
    assert support("Care leavers feel safe.", []) == 0.0
