"""The keyword (BM25) side of a question: its tokens, minus scope words, plus domain synonyms.

"BCP since 2018" names the scope, not the topic: the scope filter already enforces both, and a
passage about BCP rarely repeats its name, so those words would only reward headers and letters.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple

from indexer.tokens import stems_in_order, stopwords, tokenize
from qa.timeparse import HISTORY_OF, MONTHS, TURNED_A_CORNER

log = logging.getLogger(__name__)

SYNONYMS_PATH = Path(__file__).with_name("synonyms.json")

# Words that place a question in time or ask for change rather than name a topic.
_TIME_WORDS = (
    "since until till before after between during latest recent recently current currently newest "
    "last previous past year years month months time times over ago now today change changed changes "
    "changing evolve evolved evolution trend trends history timeline journey compare compared comparison "
    "similar similarity similarities alike contrast "
    "earlier later first most merger reorganisation reorganization onwards decade decades"
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")

# Words that shape a question but say nothing about its topic ("what did Ofsted say about…").
QUESTION_WORDS = frozenset(
    tokenize(
        [
            "what which who whom whose when where why how has have had did does do say says said tell "
            "describe explain find found show shows showed according latest recent recently current currently "
            "last ever please give list summarise summarize about there any anything much many lot lots whats hows "
            "since until before after between change changed changes changing evolve evolved time over years compare compared "
            "still yet now also get got happen happened happening every key main headline headlines summary overview "
            "difference differences differ differs differed versus vs published publish released make made making "
            "example examples instance instances never thing things everything across mention mentions mentioned mentioning "
            "given gave gives giving comment comments commented commenting see saw conclude concluded concludes conclusion conclusions "
            "one ones"
        ]
    )[0]
)


# "What do Bury and Trafford have in common?" asks for a comparison, not about "common" ("the common
# assessment framework" keeps it).
_IN_COMMON = re.compile(r"\bin\s+common\b", re.I)
# "What is Kent like?", "What were Bury's services like in 2021?": a verdict asked for, not "like".
_WHAT_LIKE = re.compile(r"^(\s*what\s+(?:is|are|was|were)\b.*?)\s+like\b(?=(?:\s+(?:in|at|during|since|before|after|now|today|pre|post)\b[^?]*)?\s*\??\s*$)", re.I)


# "What's the story with Bradford?", "What is the situation in Kent?": what is happening there.
_WHATS_THE_STORY = re.compile(r"^(\s*what(?:['’]s|\s+is)\s+)(?:the\s+)?(?:story|situation|picture|deal)\b", re.I)


# "Which council has the worst record?", "Kent's track record on care leavers": how it has done, not its
# case records ("recording", "case records" keep the word).
_TRACK_RECORD = re.compile(
    r"\b(?:(best|worst|better|worse|good|poor|strong|weak|strongest|weakest|poorest)\s+(?:track\s+)?|track\s+)record\b(?!s|ing|ed)", re.I
)


# "How well does Tameside respond to domestic abuse?" asks how Tameside responds: "well" is how the
# question is put, and a sentence saying "used well" is no nearer its topic.
_HOW_WELL = re.compile(r"\bhow\s+(?:well|effectively)\b", re.I)
# "When did Swindon's last inspection take place?" asks when it happened: no "place" to look for.
_TAKE_PLACE = re.compile(r"\b(?:take|takes|took|taken|taking)\s+place\b", re.I)


# "What did Ofsted think of Scilly's leadership?", "Ofsted's view of Bury": what Ofsted said, not "think"
# ("…to think about their part…") or "view" ("children's views") as a topic.
_OFSTEDS_VIEW = re.compile(
    r"\b(ofsted|inspectors?|hmi|the\s+inspectorate)(?:\s+(?:think|thinks|thought|feel|feels|felt)|['’]s?\s+(?:views?|opinions?|impressions?|take))"
    r"\s+(?:of|on|about)\b",
    re.I,
)


# "Has Bradford come out of intervention?", "…put under intervention": the government's, not a social
# worker's ("statutory interventions are ended…").
_UNDER_INTERVENTION = re.compile(
    r"\b(?:(?:come|comes|came|coming|get|gets|got|go|goes|gone|went|put|placed|taken|brought)\s+)?((?:out\s+of|into|under)\s+)intervention\b", re.I
)


def without_frame(question: str) -> str:
    """The question without phrases that frame it but name no topic, and its idioms in plain words."""
    question = _UNDER_INTERVENTION.sub(r"\1government intervention", _OFSTEDS_VIEW.sub(r"\1 said about", question))
    question = _TAKE_PLACE.sub("happen", _HOW_WELL.sub("how", _TRACK_RECORD.sub(lambda m: m.group(1) or "", question)))
    question = _WHATS_THE_STORY.sub(r"\1happening", _WHAT_LIKE.sub(r"\1", question))
    # "Has Tameside turned a corner?" asks whether it improved: a change, not a corner.
    # "Trace the history of Bury's services" asks how they changed: "history" is no topic.
    question = HISTORY_OF.sub("How have", question)
    return _IN_COMMON.sub(" ", TURNED_A_CORNER.sub("improved", question))


@lru_cache(maxsize=1)
def time_stems() -> frozenset[str]:
    return frozenset(tokenize([_TIME_WORDS + " " + " ".join(MONTHS)])[0])


_ACRONYM = re.compile(r"\b([A-Z]{2,6})(s?)\b")
_LOWER_ACRONYM = re.compile(r"(?<![\w(])[a-z]{2,6}s?(?![\w)])")
# A section of an Act as written ("section 47", "s47") and as a keyword token ("section47").
_SECTION_WRITTEN = re.compile(r"(?<![\w'’])(?:section\s+|s\.?\s?)(\d{1,3})(?![\d.(])", re.I)
SECTION_TOKEN = re.compile(r"section\d+")
# Acronyms of the thesaurus that are everyday words too: only their capitals make them acronyms.
_EVERYDAY_WORDS = frozenset({"send", "mash", "pep", "peps", "cp", "lac"})
Phrase = tuple[str, ...]  # a phrase as BM25 tokens


class AliasGroup(NamedTuple):
    """A thesaurus group the question holds a phrase of."""

    others: tuple[Phrase, ...]  # the group's phrases the question does not hold
    held: tuple[Phrase, ...]  # those it holds
    asked: frozenset[str]  # the stems of the held phrases
    # Stems the question says only inside a held term of two or more words: "private" and "fostering" of
    # "private fostering", which "foster carers" does not say.
    bound: frozenset[str]


Aliases = tuple[AliasGroup, ...]


@dataclass(frozen=True)
class SynonymTable:
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # each group: its phrases as token tuples
    acronyms: Mapping[str, str] = field(default_factory=dict)  # "CLA" → "children looked after": the phrase it stands for
    # Phrases of two or more words run together, naming one thing: "private fostering", "agency staff"; not
    # "recruitment and retention" (two things) or "voice of the child" (also "the child's voice").
    compounds: frozenset[Phrase] = frozenset()

    @classmethod
    def load(cls, path: Path = SYNONYMS_PATH) -> "SynonymTable":
        return _load_synonyms(str(path))

    def expand(self, tokens: list[str]) -> list[str]:
        """Tokens of every other phrase in each group whose phrase occurs in ``tokens``, once each."""
        added: list[str] = []
        present = set(tokens)
        for group in self.groups:
            if any(holds_phrase(tokens, phrase) for phrase in group):
                for phrase in group:
                    for t in phrase:
                        if t not in present:
                            present.add(t)
                            added.append(t)
        return added

    def spell_out(self, text: str) -> str:
        """``text`` with each acronym of the thesaurus followed by the phrase it stands for (else its
        group's first): "How are CLA supported?" → "How are CLA (children looked after) supported?",
        for an embedding that does not know the trade's acronyms."""
        def spelled(m: re.Match[str]) -> str:
            full = self.acronyms.get(m.group(1))
            return f"{m.group()} ({full})" if full else m.group()

        def spelled_lower(m: re.Match[str]) -> str:
            # "kent uasc", typed in lower case: an acronym that is no everyday word ("send", "mash") needs no capitals.
            word = m.group()
            full = self.acronyms.get(word.upper()) or self.acronyms.get(word[:-1].upper() + "s")
            return f"{word} ({full})" if full and word not in _EVERYDAY_WORDS else word

        def spelled_section(m: re.Match[str]) -> str:
            full = self.acronyms.get(f"section{m.group(1)}")
            return f"{m.group()} ({full})" if full else m.group()

        text = _SECTION_WRITTEN.sub(spelled_section, text)
        return _LOWER_ACRONYM.sub(spelled_lower, _ACRONYM.sub(spelled, text))

    def aliases(self, tokens: list[str], generic: frozenset[str] = frozenset(), literal: bool = False) -> Aliases:
        """For each group a phrase of which ``tokens`` holds: the group's other phrases, and the stems of
        the phrases held ("voice of the child": "wishes and feelings", "children's views"… say "voic", "child").

        A held compound binds its words unless the word it names is ``generic``: "private fostering" is not
        said by "foster carers", nor "young carers" by them, but "disabled children" is by "children with
        learning difficulties and disabilities".
        ``literal``: the question asks where its own words are said ("Which reports mention county lines?"),
        so no other phrase says them ("child sexual exploitation" does not), though its compounds still bind."""
        held_of = [(group, tuple(p for p in group if holds_phrase(tokens, p))) for group in self.groups]
        # A phrase held only as part of a longer one the question says is one of the group's other words:
        # asked about "caseload pressure", a passage saying "caseloads" says it.
        held_of = [(group, tuple(p for p in held if not any(len(q) > len(p) and holds_phrase(list(q), p) for q in held))) for group, held in held_of if held]
        binding = {p for _, held in held_of for p in held if p in self.compounds and p[-1] not in generic}
        inside = {i for p in binding for i in _positions(tokens, p)}
        # Nor is a word of a bound term another group's phrase: "local authority designated officer" asks
        # nothing of police "officers".
        held_of = [
            (group, kept) for group, held in held_of
            if (kept := tuple(p for p in held if p in binding or not set(_positions(tokens, p)) <= inside))
        ]
        free = {t for i, t in enumerate(tokens) if i not in inside}
        return tuple(
            AliasGroup(
                others=() if literal else tuple(p for p in group if p not in held),
                held=held,
                asked=frozenset(t for p in held for t in p),
                bound=frozenset(t for p in held if p in binding for t in p) - free,
            )
            for group, held in held_of
        )

    def asked(self, question: str, generic: frozenset[str] = frozenset(), literal: bool = False) -> Aliases:
        """``aliases`` of a question's words as read without its frame ("come out of intervention" is
        the government's intervention)."""
        return self.aliases(tokenize([without_frame(question)])[0], generic, literal)

    def holds(self, text: str) -> bool:
        """Whether ``text`` is one of the phrases ("CLA", "front door"): a term of the trade, not a name."""
        return bool(self.group_of(text))

    def group_of(self, text: str) -> tuple[Phrase, ...]:
        """Every phrase of the groups ``text`` is a phrase of ("LADO": "local authority designated
        officer" too); none if it is of none."""
        tokens = tuple(tokenize([text])[0])
        return tuple(p for group in self.groups if tokens in group for p in group)


def alias_stems(tokens: list[str], aliases: Aliases) -> frozenset[str]:
    """The question's stems that ``tokens`` (a sentence's) say in other words: "Children's views are not
    sought" holds "voice of the child" (``SynonymTable.aliases``)."""
    return frozenset().union(*(a.asked for a in aliases if any(holds_phrase(tokens, p) for p in a.others)))


def loose_parts(tokens: list[str], aliases: Aliases) -> frozenset[str]:
    """The question's stems that ``tokens`` (a sentence's) say only outside the term the question says
    them in: "Foster carer recruitment has improved" says "fostering" but not "private fostering",
    "partner agencies" says "agency" but not "agency staff". A part of a term is not the term."""
    says = [any(holds_phrase(tokens, p) for p in a.held + a.others) for a in aliases]
    loose = frozenset().union(*(a.bound for a, said in zip(aliases, says) if not said))
    return loose - frozenset().union(*(a.asked for a, said in zip(aliases, says) if said))


def _positions(tokens: list[str], phrase: Phrase) -> Iterator[int]:
    """The token positions of every occurrence of ``phrase`` in ``tokens``."""
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) == phrase:
            yield from range(i, i + n)


def holds_phrase(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether ``tokens`` hold ``phrase`` (BM25 tokens too), its words in order and side by side."""
    n = len(phrase)
    return n > 0 and any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


# A word with its possessive: the "s" of "children's homes" is no stopword.
_WORD = re.compile(r"[a-z]+(?:'s\b)?")


@lru_cache(maxsize=4)
def _load_synonyms(path: str) -> SynonymTable:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    written = data.get("groups", [])
    groups = tuple(tuple(tuple(t) for t in tokenize(list(group)) if t) for group in written)
    acronyms = {
        p: next((q for q in group if _spells(p, q)), group[0])
        for group in written for p in group if _ACRONYM.fullmatch(p) and not _ACRONYM.fullmatch(group[0])
    }
    # "section 47" is as unknown to an embedding as an acronym: spelled out by its group's next phrase.
    for group in written:
        tokens = tokenize(list(group))
        sections = [t[0] for t in tokens if len(t) == 1 and SECTION_TOKEN.fullmatch(t[0])]
        spelled = [phrase for phrase, t in zip(group, tokens) if t and t[0] not in sections]
        if sections and spelled:
            acronyms |= dict.fromkeys(sections, spelled[0])
    stop = stopwords()
    compounds = frozenset(
        tuple(t) for group in written for phrase, t in zip(group, tokenize(list(group)))
        if len(t) > 1 and "," not in phrase and not any(w in stop for w in _WORD.findall(phrase.lower()))
    )
    return SynonymTable(groups=groups, acronyms=acronyms, compounds=compounds)


def _spells(acronym: str, phrase: str) -> bool:
    """Whether ``phrase`` is what ``acronym`` stands for: "PEP", "personal education plans"."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", phrase) if w.lower() not in ("and", "of", "or"))
    return initials.lower() == acronym.rstrip("s").lower()


def adjacent_pairs(text: str, skip: frozenset[str] = frozenset()) -> frozenset[tuple[str, str]]:
    """Stems of neighbouring words with no stopword between ("quality assurance", not "assurance of
    social"), leaving out a pair with a number or a word of ``skip``: a phrase the text says as written."""
    stems_ = stems_in_order(text)
    return frozenset(
        (a, b) for a, b in zip(stems_, stems_[1:])
        if a and b and not {a, b} & skip and not (a.isdigit() or b.isdigit())
    )


def name_stems(names: Iterable[str]) -> frozenset[str]:
    return frozenset(t for toks in tokenize(list(names)) for t in toks)


def keyword_tokens(
    question: str,
    drop: frozenset[str] = frozenset(),
    synonyms: SynonymTable | None = None,
) -> list[str]:
    """BM25 query tokens: the question's tokens without ``drop`` (authority names), time words and
    numbers, plus synonyms. If nothing is left, the question's own tokens (it was all scope)."""
    tokens = tokenize([without_frame(question)])[0]
    kept = [t for t in tokens if t not in drop and t not in time_stems() and not _NUMBER.match(t)]
    if not kept:
        return tokens
    if synonyms is not None:
        kept += synonyms.expand(kept)
    return kept


_DANGLING = re.compile(r"\b(?:in|at|for|of|and|or|by|from|to|with|about|across)\b(?=\s*(?:[?.!,;:]|$|\b(?:in|and|or)\b))", re.I)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s)\b")


def dense_text(question: str, names: Iterable[str], phrases: Iterable[str], synonyms: SynonymTable | None = None) -> str:
    """The question as the embedding sees it: without the scope's authority names and time phrases,
    and with the thesaurus's acronyms spelled out ("CLA (children looked after)").

    The filter already enforces both; left in, they pull the query towards passages that repeat
    names and dates (letter headers, introductions) rather than those about the topic.
    """
    question = synonyms.spell_out(question) if synonyms else question
    text = without_frame(question)
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        text = re.sub(re.escape(phrase), " ", text, flags=re.I)
    for name in sorted({n for n in names if len(n) > 2}, key=len, reverse=True):
        # Not where the name begins a longer one ("Birmingham Children's Trust"): that names a body, not the scope.
        text = re.sub(r"\b" + re.escape(name) + r"(?:'s|\u2019s)?\b(?!\s+(?-i:[A-Z]))", " ", text, flags=re.I)
    for _ in range(3):  # "in Bournemouth and BCP since 2018?" leaves "in and ?"
        text = _DANGLING.sub(" ", text)
    text = re.sub(r"\s+([?.!,;:])", r"\1", re.sub(r"\s+", " ", text)).strip()
    if any(t not in QUESTION_WORDS for t in tokenize([text])[0]):
        return text
    # Nothing but the question's frame is left ("What happened to Birmingham Children's Trust?" is
    # about the trust): the names are the topic, so only the time phrases go.
    return dense_text(question, (), phrases) if names else question

