"""Mistyped frame words read as the words meant: pure text, with a hand-made vocabulary."""

from __future__ import annotations

import pytest

from qa.spelling import corrected, meant_word, one_edit

# What a corpus might hold: its words, and no misspelling of them.
KNOWN = frozenset({"bury", "kent", "hot", "topics", "dorsett", "care", "leaver", "inspect"})


def known(word: str) -> bool:
    return word in KNOWN


@pytest.mark.parametrize(
    "typed, meant, edit",
    [
        ("wht", "what", True),  # a letter left out
        ("abuot", "about", True),  # two swapped
        ("inspetion", "inspection", True),
        ("childern", "children", True),
        ("ofsteed", "ofsted", True),  # one added
        ("what", "what", False),  # no edit
        ("wat", "whet", False),  # two edits
    ],
)
def test_one_edit(typed: str, meant: str, edit: bool) -> None:
    assert one_edit(typed, meant) is edit


def test_a_three_letter_word_is_put_right_only_for_a_letter_left_out_or_two_swapped() -> None:
    assert meant_word("wht") == "what"  # a tie with "who" goes to the earlier word
    assert meant_word("teh") == "the"
    assert meant_word("hot") is None  # not "how": one letter of three changed is too many other words
    assert meant_word("hw") is None


def test_only_words_the_corpus_lacks_are_put_right() -> None:
    assert corrected("Wht did ofsted say abut Bury?", known) == "What did ofsted say about Bury?"
    assert corrected("What are the hot topics in Kent?", known) is None
    # A word the corpus holds is taken as meant, and a place is no frame word to put right.
    assert corrected("What did Ofsted say about Dorsett?", known) is None
    assert corrected("How is Kent doing?", known) is None
