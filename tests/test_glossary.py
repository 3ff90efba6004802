"""The glossary of inspection terms, and the questions that ask what one means."""

from __future__ import annotations

import pytest

from qa.glossary import meanings, terms_named
from qa.lexical import asks_for_definition, question_terms


def test_terms_are_found_in_the_order_named() -> None:
    assert terms_named("What is the difference between a focused visit and a monitoring visit?") == ["focused visit", "monitoring visit"]
    assert terms_named("What does ILACS stand for?") == ["ILACS"]
    assert terms_named("What is a multi-agency safeguarding hub?") == ["MASH"]
    assert terms_named("How is Kent doing?") == []


def test_the_meanings_say_they_are_not_from_the_reports() -> None:
    said = meanings("What is a JTAI?")
    assert said.startswith("In brief, not quoted from the reports: JTAI: a joint targeted area inspection")
    assert said.endswith(".") and meanings("How is Kent doing?") == ""


@pytest.mark.parametrize(
    "question, asks",
    [
        ("What is a focused visit?", True),
        ("What does ILACS stand for?", True),
        ("What do the letters PLO mean?", True),
        ("What is the difference between a focused visit and a monitoring visit?", True),
        ("What is the difference between the 2021 and 2024 inspections?", False),  # two reports
        ("What is the difference between Kent and Surrey?", False),  # two authorities
        ("What did the focused visit find?", False),
        # The term and nothing else, without an article (they were answered from whatever lists there were).
        ("What are areas for priority action?", True),
        ("What are focused visits?", True),
        ("What is ILACS?", True),
        ("What are focused visits to Bury like?", False),  # the visits to one authority
        ("What are Kent's strengths?", False),
        # The difference asked in other words (the first quoted whatever said "monitoring" or "focused").
        ("Is there a difference between a monitoring visit and a focused visit?", True),
        ("How does a focused visit differ from a full inspection?", True),
        ("How is Bury different from Trafford?", False),  # two authorities
        ("What is Ofsted?", True),  # (it listed each authority's latest report)
        ("What is an HMI?", True),
    ],
)
def test_what_a_term_means_is_asked_for(question: str, asks: bool) -> None:
    assert asks_for_definition(question) is asks


def test_a_full_inspection_its_judgement_areas_and_overall_effectiveness_are_terms() -> None:
    question = "What is the difference between a focused visit and a full inspection?"
    assert terms_named(question) == ["focused visit", "full inspection"] and asks_for_definition(question)
    assert asks_for_definition("What are the four judgement areas?")
    assert "no overall" not in meanings("What is overall effectiveness?") and "from April 2026 give none" in meanings("What is overall effectiveness?")
    # "full" names the kind of report, no topic: "full-time education" does not answer it.
    assert "full" not in question_terms("What did the full inspection of Kent find?")
    assert "full" in question_terms("Are children in full-time education in Kent?")


def test_stand_for_is_no_topic() -> None:
    assert set(question_terms("What does ILACS stand for?")) == {"ilac"}


def test_ofsted_and_its_inspectors_are_terms() -> None:
    assert meanings("What is Ofsted?").startswith("In brief, not quoted from the reports: Ofsted: the Office for Standards in Education")
    assert terms_named("Who are His Majesty's Inspectors?") == ["HMI"]
