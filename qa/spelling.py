"""A mistyped word of a question's frame read as the word meant: "Wht did ofsted say abut Bury?" is
asked as "What did ofsted say about Bury?", and the reader is shown the question as read.

Only the words questions are framed with are put right (``FRAME_WORDS``), and only a word the corpus
never uses: a place or a term of the trade is never "corrected" into another. Pure text.
"""

from __future__ import annotations

import re
from typing import Callable

# The words a question is framed with, in the order a tie goes (a three-letter "wht" reads "what", not "who").
FRAME_WORDS = (
    "what", "which", "when", "where", "why", "how", "who", "about", "does", "did", "has", "have", "been",
    "was", "were", "the", "and", "say", "said", "find", "found", "tell", "there", "their", "since", "between",
    "changed", "improved", "ofsted", "inspection", "inspected", "inspectors", "report", "reports",
    "children", "services", "council", "leavers", "support", "social", "workers",
)
_WORD = re.compile(r"[A-Za-z]{3,}")


def one_edit(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with one letter left out, added, changed, or two swapped."""
    if typed == meant or abs(len(typed) - len(meant)) > 1:
        return False
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == meant[diff[1]] and typed[diff[1]] == meant[diff[0]]
        return len(diff) == 1 or swapped
    short, long = sorted((typed, meant), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def meant_word(typed: str) -> str | None:
    """The frame word ``typed`` stands for, if one edit away; a three-letter word only for a letter left
    out or two swapped ("wht" for "what", "teh" for "the"), since changing one of three letters makes
    too many other words ("hot", "how")."""
    if len(typed) < 3:
        return None
    for word in FRAME_WORDS:
        if one_edit(typed, word) and (len(typed) > 3 or len(word) > len(typed) or sorted(word) == sorted(typed)):
            return word
    return None


def corrected(question: str, known: Callable[[str], bool]) -> str | None:
    """``question`` with each mistyped frame word put right, or None when none is. ``known`` says whether
    the corpus (or the stopword list) has a word: such a word is taken as meant."""
    def fix(m: re.Match) -> str:
        word = m.group()
        low = word.lower()
        if low in FRAME_WORDS or known(low) or (meant := meant_word(low)) is None:
            return word
        return meant.capitalize() if word[0].isupper() else meant

    read = _WORD.sub(fix, question)
    return read if read != question else None
