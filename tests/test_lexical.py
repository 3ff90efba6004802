"""Question words: which questions ask for a verdict on a whole service rather than a topic."""

from __future__ import annotations

import pytest

from qa.lexical import asks_for_verdict, question_terms
from qa.query_terms import name_stems


@pytest.mark.parametrize(
    "question",
    [
        "How has Bradford's children's social care changed since 2018?",
        "How have Surrey's children's services improved since they were judged inadequate in 2018?",
        "What was the overall judgement of the 2014 inspection?",
        "How did Ofsted's overall view of the council change?",
    ],
)
def test_questions_about_the_whole_service_ask_for_a_verdict(question: str) -> None:
    assert asks_for_verdict(question, name_stems(["Bradford", "Surrey"]))


@pytest.mark.parametrize(
    "question",
    [
        "How has care leaver support changed since 2018?",
        "How has the quality of social work assessments improved?",
        "Is the council assessing risks to unborn babies properly?",
    ],
)
def test_questions_about_a_topic_do_not(question: str) -> None:
    assert not asks_for_verdict(question)


def test_authority_names_and_years_are_not_topic_words() -> None:
    assert question_terms("What did Kent do about care leavers in 2022?", name_stems(["Kent"])).keys() == {"leaver", "care"}
