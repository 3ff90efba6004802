"""Evidence matching on hand-made strings: normalisation, whole and split sentences, sources."""

import pytest

from qa.evaluation.matching import (
    EvidenceItem,
    contains_sentence,
    match_ranking,
    matched_items,
    normalise,
    passage_matches,
)

SENTENCE = "Children in care and care leavers do not consistently have their needs met."


def test_normalise_keeps_only_lowercase_letters_and_digits() -> None:
    assert normalise("Children’s services: 16- and 17-year-olds!") == "childrensservices16and17yearolds"
    assert normalise("caf\u00e9 \u2013 na\u00efve") == "cafenaive"
    assert normalise("  \n\t") == ""


def test_line_breaks_hyphenation_and_quotes_do_not_matter() -> None:
    passage = "Overview\nChildren in care, and care\nleavers, do not consis-\ntently have their ‘needs’ met. Next sentence."
    assert contains_sentence(passage, SENTENCE)


def test_different_words_do_not_match() -> None:
    assert not contains_sentence("Children in care and care leavers consistently have their needs met.", SENTENCE)


def test_prefix_of_at_least_half_matches_when_a_chunk_ends_mid_sentence() -> None:
    # the normalised sentence has 62 chars; half is 31, so the floor of 40 chars applies
    assert len(normalise(SENTENCE)) == 62
    passage_with_prefix = "Earlier text. Children in care and care leavers do not consistently"  # 45 chars of it
    assert contains_sentence(passage_with_prefix, SENTENCE)
    over_half_under_floor = "Earlier text. Children in care and care leavers do not"  # 33 chars: half, but under 40
    assert not contains_sentence(over_half_under_floor, SENTENCE)


def test_suffix_of_at_least_half_matches_when_a_chunk_starts_mid_sentence() -> None:
    passage = "care leavers do not consistently have their needs met. The next paragraph."  # 45 chars of it
    assert contains_sentence(passage, SENTENCE)
    assert not contains_sentence("consistently have their needs met.", SENTENCE)  # 29 chars


def test_half_rule_dominates_for_long_sentences() -> None:
    long_sentence = "a" * 50 + "b" * 50  # 100 chars: a prefix needs 50
    assert contains_sentence("x" + "a" * 50, long_sentence)
    assert not contains_sentence("x" + "a" * 49, long_sentence)
    assert contains_sentence("b" * 50 + "y", long_sentence)
    assert not contains_sentence("b" * 49 + "y", long_sentence)


def test_a_middle_fragment_is_not_enough() -> None:
    long_sentence = "a" * 40 + "m" * 40 + "b" * 40
    assert not contains_sentence("a" * 20 + "m" * 40 + "b" * 20, long_sentence)


def test_short_sentences_must_match_whole() -> None:
    short = "Overall effectiveness Good"
    assert contains_sentence("Judgement Grade Overall effectiveness\tGood", short)
    assert not contains_sentence("Overall effectiveness Requires improvement", short)
    assert not contains_sentence("anything", "  ")


def test_source_must_be_the_evidence_file_or_an_alternative() -> None:
    item = EvidenceItem.from_dict(
        {"source": "report.pdf", "text": SENTENCE, "period": "2020-10", "also_in": ["copy.txt"]}
    )
    assert item.sources == frozenset({"report.pdf", "copy.txt"})
    assert passage_matches("report.pdf", SENTENCE, item)
    assert passage_matches("copy.txt", SENTENCE, item)
    assert passage_matches("sub/folder/report.pdf", SENTENCE, item)  # sources are compared by file name
    assert not passage_matches("other.pdf", SENTENCE, item)
    assert not passage_matches("report.pdf", "Something else entirely, long enough to test.", item)


def test_matched_items_and_rankings() -> None:
    items = [
        EvidenceItem("a.pdf", "The first evidence sentence is about permanence planning.", "2019-11"),
        EvidenceItem("a.pdf", "The second evidence sentence is about care leavers and housing.", "2019-11"),
        EvidenceItem("b.pdf", "The first evidence sentence is about permanence planning.", "2021-12"),
    ]
    both = "The first evidence sentence is about permanence planning. The second evidence sentence is about care leavers and housing."
    assert matched_items("a.pdf", both, items) == frozenset({0, 1})
    assert matched_items("b.pdf", both, items) == frozenset({2})
    ranking = match_ranking([("c.pdf", both), ("a.pdf", both), ("b.pdf", "unrelated")], items)
    assert ranking == [frozenset(), frozenset({0, 1}), frozenset()]


@pytest.mark.slow
def test_every_dev_evidence_sentence_is_in_its_source_files() -> None:
    """The gold set against the real corpus: each sentence lies within one page of each file it names."""
    import json

    from pypdf import PdfReader

    from indexer.settings import REPO_ROOT

    corpus = REPO_ROOT / "corpus"
    pages: dict[str, list[str]] = {}

    def normalised_pages(name: str) -> list[str]:
        if name not in pages:
            path = corpus / name
            if path.suffix == ".pdf":
                pages[name] = [normalise(p.extract_text() or "") for p in PdfReader(str(path)).pages]
            else:
                pages[name] = [normalise(path.read_text(encoding="utf-8"))]
        return pages[name]

    lines = (REPO_ROOT / "eval" / "dev_questions.jsonl").read_text(encoding="utf-8").splitlines()
    missing = []
    for q in (json.loads(line) for line in lines if line.strip()):
        for ev in q["evidence"]:
            item = EvidenceItem.from_dict(ev)
            for name in (item.source, *item.also_in):
                if not any(normalise(item.text) in page for page in normalised_pages(name)):
                    missing.append(f"{q['id']}: {name}: {item.text[:60]}")
    assert not missing, missing
