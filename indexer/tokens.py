"""The one tokenizer BM25 uses, at index time and at query time.

Lowercase, English stopwords removed, Snowball (Porter2) stems via PyStemmer. Numbers stay
whole ("2021", "3.5"; "16-17" gives "16" and "17"); a hyphenated word gives its parts and the
joined form, so "well-being", "well being" and "wellbeing" meet in the index; possessive "'s"
is dropped; the stopwords are the NLTK English list bm25s ships. Changing any of this changes
the index: bump TOKENIZER_VERSION (and so does a change to what text of a chunk is indexed,
``indexer.store.build_bm25``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

TOKENIZER_VERSION = "4"  # 2: chunk headings indexed with the text; 3: "section 47" joined; 4: "missing" unstemmed

# Words whose stem would meet another meaning: a child "missing" from home or care is no "missed"
# visit or opportunity.
_UNSTEMMED = {"missing": "missing"}
# A word: letters/digits, optionally joined by hyphens, apostrophes or a decimal point between digits.
_TOKEN = re.compile(r"[a-z0-9]+(?:(?:[-'][a-z0-9]+)|(?:\.[0-9]+))*")
# A section of an Act is a term of the trade ("section 47 enquiries", "s20 accommodation"): the number
# joined to the word makes one token, "section47", which neither a count of 47 nor the word "section"
# alone matches. Not a section cited with its subsection ("section 20(1)(a) of the Children Act 2004",
# every report's legal basis).
_SECTION_SHORT = re.compile(r"(?<![a-z0-9'])s\.?\s?(\d{1,3})(?![\d.(])")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_HYPHENS = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u00ad"})

# Stemmer objects are not thread-safe; the app may tokenize queries from several threads.
_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def _words(text: str, stop: frozenset[str], gaps: bool = False) -> list[str]:
    """Surface words of one text, stopwords removed, before stemming. With ``gaps``, a removed word
    leaves an empty string in its place, and a hyphenated word gives its parts alone."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES).translate(_HYPHENS)
    text = _SECTION_SHORT.sub(r"section \1", text)
    words: list[str] = []
    section_end = -1  # where the word "section" just before ended
    for match in _TOKEN.finditer(text):
        token = match.group()
        if section_end >= 0 and token.isdigit() and text[section_end : match.start()].isspace() and not text.startswith("(", match.end()):
            words[-1] += token
            continue
        section_end = match.end() if token == "section" else -1
        if token.endswith("'s"):
            token = token[:-2]
        if token in stop:  # before splitting, so "don't" goes whole
            if gaps:
                words.append("")
            continue
        # An apostrophe joins one word ("o'neill"); a hyphen joins words, searched apart or together.
        parts = [p for p in token.replace("'", "").split("-") if p]
        words.extend(p if p not in stop else "" for p in parts if gaps or p not in stop)
        # The joined form only for words: "2021-22" joined would be a number nobody searches for.
        if len(parts) > 1 and all(p.isalpha() for p in parts) and not gaps:
            words.append("".join(parts))
    return words


def _kept(word: str) -> bool:
    # Single letters are noise (initials, list markers); single digits can matter ("1 of 4").
    return len(word) > 1 or word.isdigit()


def _stems(words: list[str]) -> list[str]:
    return [_UNSTEMMED.get(w) or s for w, s in zip(words, _stemmer().stemWords(words))]


def tokenize(texts: list[str]) -> list[list[str]]:
    """BM25 tokens of each text, in order, repeats kept (term frequency matters)."""
    stop = stopwords()
    return [_stems([w for w in _words(text, stop) if _kept(w)]) for text in texts]


def stems_in_order(text: str) -> list[str | None]:
    """The tokens of ``text`` with None where a stopword or single letter stood: which stems are neighbours."""
    words = _words(text, stopwords(), gaps=True)
    stems = iter(_stems([w for w in words if _kept(w)]))
    return [next(stems) if _kept(w) else None for w in words]
