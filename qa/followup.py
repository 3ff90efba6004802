"""A follow-up in a conversation read against the question before it.

"How has care leaver support in BCP changed since 2018?" then "What about Dorset?" asks the same of
Dorset; "And in 2024?" asks it of 2024; "What about adoption?" asks of adoption in the same authority
and years; "How did they do in 2024?" or "What did the latest inspection find?" ask of the authority
asked about before. Pure text: the question it stands for is shown to the reader, who can ask it in
full instead.
"""

from __future__ import annotations

import re
from typing import Sequence

from indexer.authorities import AuthorityTable
from qa.lexical import (
    asks_both_ways,
    asks_for_improvements,
    asks_for_strengths,
    asks_which_authorities,
    asks_who_inspected,
    grade_way,
    named_grade,
    stems,
    when_judged,
)
from qa.query_terms import QUESTION_WORDS
from qa.scope import in_words
from qa.timeparse import parse_time

# "What about Dorset?", "And in 2024?", "How about Kent and Surrey?", "Same for Bury?", "Tell me more about
# adoption" (not "Tell me about Trafford", a question of its own).
_FOLLOW_UP = re.compile(
    r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<a>.+?)\s*\??\s*$"
    r"|^\s*(?:and|same\s+(?:question\s+)?for|what\s+of)\s+(?P<b>.+?)\s*\??\s*$"
    r"|^\s*(?:(?:can|could)\s+you\s+|please\s+)?(?:tell\s+me\s+|say\s+|give\s+me\s+)?more\s+(?:about|on)\s+(?P<c>.+?)\s*[?.!]?\s*$",
    re.I,
)
# "And how did Kent do?" is a question of its own, not a follow-up to rewrite.
_OWN_QUESTION = re.compile(
    r"^(?:how|what|which|who|whom|when|where|why|is|are|was|were|did|does|do|has|have|had|can|could|should|would|will)\b", re.I
)
# What may stand between two authority names of one list: "Kent and Surrey", "Bury, Trafford".
_BETWEEN_NAMES = re.compile(r"^(?:\s*(?:,|and|or|&)\s*)+$", re.I)


# "Why?", "And why?", "Why is that?", "How come?": the question before, asked why.
_BARE_WHY = re.compile(r"^\s*(?:and\s+)?(?:why|how\s+come|why\s+(?:is|was|did|has)\s+(?:that|this|it)(?:\s+(?:so|happened))?)\s*\??\s*$", re.I)
# "Is Kent outstanding?", "Why not?": the question before, asked why it is not so.
_BARE_WHY_NOT = re.compile(r"^\s*(?:and\s+)?(?:why\s+not|how\s+come\s+not|why\s+(?:isn['’]t|wasn['’]t|hasn['’]t|didn['’]t)\s+(?:it|that|this|they))\s*\??\s*$", re.I)
_YES_NO = re.compile(r"^\s*(?P<aux>is|are|was|were|has|have|had|did|does|do)\s+", re.I)
# A question before that "why" can lead: "How has Bury changed…?" → "Why has Bury changed…?", "Was Bury
# judged inadequate?" → "Why was Bury judged inadequate?"; not "How is Kent doing?".
_WHY_LEADS = re.compile(r"^\s*(?:how\s+)?(?P<aux>has|have|had|did|was|were|is|are)\b(?!.*\b(?:doing|getting\s+on)\b)", re.I)
# "How is Kent doing?": "why" asks for the reasons behind how the authority named was judged.
_HOW_DOING = re.compile(
    r"^\s*how\s+(?P<aux>is|was)\s+(?P<who>.+?)\s+(?:doing|getting\s+on|performing|faring)\b(?P<when>[^?]*)\??\s*$", re.I
)


# "Is Norfolk outstanding?", "Since when?" (or "For how long?"): how long the grade has stood.
_BARE_SINCE_WHEN = re.compile(r"^\s*(?:and\s+)?(?P<since>since\s+when|(?:for\s+)?how\s+long(?:\s+for)?)\s*\??\s*$", re.I)
# "Which of them improved?", "And which of those got worse?": of the authorities the question before listed.
_WHICH_OF_THEM = re.compile(r"^\s*(?:and\s+)?which\s+(?:of\s+(?:them|those|these)|ones?)\s+(?P<rest>.+)$", re.I)


# "And the previous one?", "What about the one before?", "And before that?": the report before the one
# asked about, when that was the latest.
_THE_ONE_BEFORE = re.compile(
    r"^\s*(?:(?:and|what|how)\s+)?(?:about\s+)?(?:the\s+)?(?:previous|penultimate|one\s+before|before)"
    r"(?:\s+(?:one|that|it|that\s+one|last))?\s*\??\s*$",
    re.I,
)
# "And after?", "What about before?", "And afterwards?": the question before, its one-sided time turned round
# ("How did Bradford do before the trust?" → "…after the trust?").
_BARE_SIDE = re.compile(
    r"^\s*(?:(?:and|what|how)\s+)?(?:about\s+)?(?P<side>before|after(?:wards)?)(?:\s+(?:that|then|it))?\s*\??\s*$", re.I
)
_ONE_SIDED = re.compile(r"^(?P<side>before|prior\s+to|ahead\s+of|until|till|after|since|following)\b", re.I)
# "How does that compare with Kent?", "Compare with Trafford", "And how does Surrey compare?": the question
# before, asked of its authority and this one side by side.
_COMPARE_WITH = re.compile(
    r"^\s*(?:and\s+)?(?:(?:how\s+(?:does|did|do|would)\s+(?:that|this|it|they|these|those)\s+)?compare[sd]?\s+(?:(?:that|this|it|them)\s+)?(?:with|to|against)"
    r"|(?:what\s+about\s+|how\s+about\s+)?(?:versus|vs\.?|compared\s+(?:with|to))|set\s+against)\s+(?P<a>.+?)\s*\??\s*$"
    r"|^\s*(?:and\s+)?how\s+(?:does|did|do)\s+(?P<b>.+?)\s+compare\s*\??\s*$",
    re.I,
)
# A year standing for a report: "the 2023 inspection", "Swindon's 2023 focused visit".
_REPORT_YEAR = re.compile(r"\b(?:19|20)\d\d(?=\s+(?:ofsted\s+)?(?:[\w-]+\s+)?(?:inspection|visit|report|letter)\b)", re.I)
# "What about 2019?", "And the 2024 one?", "What about the 2024 inspection?"
_BARE_YEAR = re.compile(
    r"^\s*(?:(?:and|what|how)\s+)?(?:about\s+)?(?:in\s+)?(?:the\s+)?(?P<year>(?:19|20)\d\d)"
    r"(?:\s+(?:one|report|inspection|visit|letter))?\s*\??\s*$",
    re.I,
)
# The latest report named in a question: "the latest inspection", "Kent's most recent visit", "the last report".
_LATEST_NAMED = re.compile(r"\b(?:latest|most\s+recent|last)(?=\s+(?:ofsted\s+)?(?:[\w-]+\s+)?(?:inspection|visit|report|letter)\b)", re.I)


# "When was Bury last inspected?": the latest report, named by when it was done.
_LAST_DONE = re.compile(r"^\s*when\s+(?P<aux>was|were)\s+(?P<who>.+?)\s+last\s+(?P<what>inspected|visited)\s*\??\s*$", re.I)
# "the report before that", "the inspection before it", "the previous report": the one before the report named.
_REPORT_BEFORE = re.compile(
    r"\bthe\s+(?:(?:report|inspection|visit|one|letter)\s+before\s+(?:that|it|this)(?:\s+one)?|previous\s+(?:report|inspection|visit|one|letter))\b", re.I
)
# "…when it was judged good": a judgement dating the question, to set in place of the one before.
_WHEN_JUDGED = re.compile(r"^when\s+(?P<who>.+?)\s+(?P<verb>(?:was|were|got)\s+(?:judged|rated|graded|found)\b.*)$", re.I)
# "Which councils", "What local authorities": the subject of a question asking for a list of them.
_WHICH_COUNCILS = re.compile(r"^\s*(?:which|what)\s+(?:councils?|(?:local\s+)?authorit(?:y|ies)|las)\b", re.I)


def read_in_context(question: str, previous: str | None, table: AuthorityTable, listed: Sequence[str] = ()) -> str | None:
    """The question a follow-up stands for, given the question before it and the authorities its answer
    ``listed`` (ids, in the answer's order); None when it stands alone (it is no follow-up, asks nothing
    ("What about it?"), or cannot be put into the question before)."""
    m = _FOLLOW_UP.match(question)
    if not previous:
        return None
    if (side := _BARE_SIDE.match(question)) and not _LATEST_NAMED.search(previous):
        return _turned_round(previous, "before" if side["side"].lower() == "before" else "after")
    if _THE_ONE_BEFORE.match(question):
        # "What did the latest inspection of Kent find?", "And the previous one?": "What did the previous
        # inspection of Kent find?"; "When was Bury last inspected?", "What about the one before?": "When
        # was Bury's previous inspection?"; before any other report named, it cannot be read.
        if last := _LAST_DONE.match(previous):
            return f"When {last['aux']} {last['who']}'s previous {'inspection' if last['what'].lower() == 'inspected' else 'visit'}?"
        return _LATEST_NAMED.sub("previous", previous, count=1) if _LATEST_NAMED.search(previous) else None
    if (before := _REPORT_BEFORE.search(question)) and (latest := _REPORT_NAMED.search(previous)) and _LATEST_NAMED.search(latest.group(0)):
        # "What did the latest inspection of Kent find?", "What did the report before that say?": "What
        # did the previous inspection of Kent say?"
        return question[: before.start()] + _LATEST_NAMED.sub("previous", latest.group(0), count=1) + question[before.end() :]
    if (of_them := _WHICH_OF_THEM.match(question)) and asks_which_authorities(previous):
        rest = of_them["rest"].strip().rstrip("?").strip()
        subject = _WHICH_COUNCILS.match(previous)
        if subject and (regions := table.regions_named(rest)) and not table.regions_named(previous):
            # "Which councils were judged inadequate?", "Which of those are in the North West?": "Which
            # councils in the North West were judged inadequate?"
            where = re.search(r"\b(?:in|within|from)\s+(?P<where>.+)$", rest)
            named = where["where"] if where and table.regions_named(where["where"]) else " and ".join(words for _, words in regions)
            return f"{subject.group(0)} in {named}{previous[subject.end():]}"
        if names := _listed_names(previous, listed, table):
            # "Which councils were judged inadequate in 2023?", "Which of them have improved since?":
            # "Which of South Tyneside, Isles of Scilly, Swindon and Tameside have improved since 2023?"
            if re.search(r"\bsince$", rest, re.I) and (times := parse_time(previous).phrases):
                rest += " " + re.sub(r"^(?:in|during)\s+", "", times[0], flags=re.I)
            return f"Which of {names} {rest}?"
        # "Which councils are inadequate?", "Which of them improved?": the move out of that grade.
        grade = named_grade(previous)
        return f"Which councils {rest} from {grade}?" if grade and grade_way(rest) else None
    if (since := _BARE_SINCE_WHEN.match(question)) and (grade := named_grade(previous)) and (at := _name_span(previous, table)):
        # "Is Norfolk outstanding?", "Since when?": "When did Norfolk become outstanding?"
        who = previous[slice(*at)]
        if since["since"].lower().startswith("since"):
            return f"When did {who} become {grade}?"
        past = re.match(r"\s*(?:was|were|did|had)\b", previous, re.I)  # "Was Bury judged inadequate in 2021?"
        return f"How long was {who} {grade}?" if past else f"How long has {who} been {grade}?"
    if (year := _BARE_YEAR.match(question)) and len(_REPORT_YEAR.findall(previous)) == 1:
        # "What did the 2023 inspection of Swindon find?", "What about 2019?": that year's report.
        return _REPORT_YEAR.sub(year["year"], previous)
    if compared := _COMPARE_WITH.match(question):
        # "What did the 2023 inspection of Swindon say about care leavers?", "How does that compare with
        # Kent?": "What did the 2023 inspection of Swindon and Kent say about care leavers?".
        other, before_at = (compared["a"] or compared["b"]).strip(), _name_span(previous, table)
        other_at = _name_span(other, table)
        if before_at is None or other_at is None or other_at != (0, len(other)):
            return None
        named = previous[slice(*before_at)]
        return f"{previous[: before_at[0]]}{named} and {other}{previous[before_at[1]:]}"
    if _BARE_WHY_NOT.match(question) and (aux := _YES_NO.match(previous)) and (at := _name_span(previous, table)) and at[0] == aux.end():
        # "Is Kent outstanding?", "Why not?": "Why is Kent not outstanding?"; "Did Bury improve by 2021?",
        # "Why not?": "Why did Bury not improve by 2021?".
        rest = previous[at[1]:].strip().rstrip("?").strip()
        return f"Why {aux['aux'].lower()} {previous[slice(*at)]} not {rest}?"
    if _BARE_WHY.match(question) and (subject := _WHICH_COUNCILS.match(previous)) and (names := _listed_names(previous, listed, table)):
        # "Which councils were judged inadequate in 2023?", "Why?": "Why were Swindon, Tameside and
        # Isles of Scilly judged inadequate in 2023?", the authorities its answer listed.
        if aux := re.match(r"\s*(?P<aux>were|was|are|is|have|has|had)\b", previous[subject.end():], re.I):
            return f"Why {aux['aux'].lower()} {names}{previous[subject.end() + aux.end():]}"
    if _BARE_WHY.match(question):
        lead = _WHY_LEADS.match(previous)
        if lead:
            return f"Why {lead['aux'].lower()}{previous[lead.end():]}"
        doing = _HOW_DOING.match(previous)
        if doing and _name_span(doing["who"], table) == (0, len(doing["who"])):
            # "How is Kent doing?", "Why?": the reasons its latest report gives for its judgement.
            present = doing["aux"].lower() in ("is", "are")
            when = doing["when"].strip() or ("now" if present else "")
            return re.sub(r"\s+", " ", f"Why {doing['aux'].lower()} {doing['who']} judged as it {'is' if present else 'was'} {when}").strip() + "?"
        if (at := _name_span(previous, table)) is not None:
            # "What did Ofsted say about Swindon in 2023?", "Why?": the reasons behind its judgement then
            # (else the question would be asked of every authority).
            who, times = previous[slice(*at)], [t if _PREPOSITION.match(t) else f"in {t}" for t in parse_time(previous).phrases]
            return f"Why was {who} judged as it was {' '.join(times)}?" if times else f"Why is {who} judged as it is now?"
        return None
    if m is None:
        return _refer_back(question, previous, table, listed)
    rest = (m["a"] or m["b"] or m["c"]).strip()
    if (when := _WHEN_JUDGED.match(rest)) and (clause := when_judged(previous)):
        # "Who was the DCS when BCP was judged inadequate?", "And when it was judged good?": "Who was the
        # DCS when BCP was judged good?"
        who = when["who"]
        if who.lower() in ("it", "they", "that", "this"):
            who = _WHEN_JUDGED.match(clause.group(0))["who"]
        return f"{previous[: clause.start()]}when {who} {when['verb'].rstrip(' ?')}{previous[clause.end():]}"
    if _OWN_QUESTION.match(rest):
        return None
    asked = previous.rstrip()
    end = "?" if asked.endswith("?") else ""
    asked = asked.rstrip("?").rstrip()
    names_at, before_at = _name_span(rest, table), _name_span(asked, table)
    if names_at is None and table.uncovered(rest) and _as_time(rest) is None:
        names_at = (0, len(rest))  # "What about Manchester?": asked of it, to be told the corpus holds nothing on it
    time = _as_time(rest[: names_at[0]] + " " + rest[names_at[1] :] if names_at else rest)
    before_time = parse_time(asked).phrases
    if names_at is None and time is None:
        # "What about adoption?": the topic asked of the same authority and years; not "What about it?".
        if (before_at is None and not before_time) or all(t in QUESTION_WORDS for t in stems(rest)):
            return None
        scope = [f"in {asked[slice(*before_at)]}"] if before_at else []
        return " ".join(["What about", rest, *scope, *before_time]) + "?"
    if names_at:
        said = rest[slice(*names_at)]
        asked = f"{asked[: before_at[0]]}{said}{asked[before_at[1]:]}" if before_at else f"{asked} in {said}"
    if time:
        if not before_time:
            asked = f"{asked} {time}"
        elif _PREPOSITION.match(before_time[0]):
            asked = asked.replace(before_time[0], time, 1)
            for phrase in before_time[1:]:
                asked = asked.replace(phrase, " ")
        else:
            return None  # "What did the latest inspection find?": no time to swap for another
    return re.sub(r"\s+", " ", asked).strip() + end


# A time phrase that stands by itself in a sentence ("since 2018", "in the last two years").
_PREPOSITION = re.compile(r"(?:in|since|before|after|until|till|between|from|during|over|by|under|within)\b", re.I)
# A time written without its preposition: "2024", "December 2021", "the latest inspection".
_BARE_TIME = re.compile(r"(?:the|its|their)\b|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)


def _turned_round(previous: str, side: str) -> str | None:
    """``previous`` with its time on the other ``side``: "since 2018" → "before 2018", "before the trust"
    → "after the trust"; None when it names no one-sided time, or that time is on ``side`` already."""
    for phrase in parse_time(previous).phrases:
        if (m := _ONE_SIDED.match(phrase)) is None:
            continue
        was = "before" if m["side"].lower() in ("before", "prior to", "ahead of", "until", "till") else "after"
        return None if was == side else previous.replace(phrase, side + phrase[m.end() :], 1)
    return None


def _as_time(text: str) -> str | None:
    """``text`` as a time phrase to put into a question ("2024" → "in 2024"), or None if it is no time."""
    text = re.sub(r"\s+", " ", text).strip(" ,")
    if not text:
        return None
    if _BARE_TIME.match(text):
        text = f"in {text}"
    return text if parse_time(text).phrases else None


def _ending_with(question: str, *clauses: str) -> str:
    """``question`` with ``clauses`` added at its end, before its question mark if it has one."""
    asked = question.rstrip()
    return " ".join([asked.rstrip("?").rstrip(), *clauses]) + ("?" if asked.endswith("?") else "")


def _time_clauses(question: str) -> list[str]:
    """The times ``question`` names, each as a clause to end another question with ("in 2025", "since 2018")."""
    return [_as_clause(t) for t in parse_time(question).phrases]


def _as_clause(phrase: str) -> str:
    """A time phrase of a question as a clause to end another with: "2023" → "in 2023", "latest
    inspection" → "in the latest inspection", "since 2018" as it is."""
    if _PREPOSITION.match(phrase):
        return phrase
    return f"in {phrase}" if _BARE_TIME.match(phrase) else f"in the {phrase}"


_ASKS_WHO = re.compile(r"^\s*who\b", re.I)
# Words that point back to the authority asked about before, when the question names none: "How did
# they do?", "What was their grade?", "Has it improved?", "What did the council say?", "What did the
# latest inspection find?" (the report is that authority's), "What has happened there since?", "Is
# there a MASH?" (asked of that authority).
_BACK_REFERENCE = re.compile(
    r"\b(?P<whose>their|theirs|its|(?:the|this|that)\s+(?:local\s+)?(?:council|authority)['’]s)(?!\w)"
    r"|\b(?P<who>they|them|it|(?:the|this|that)\s+(?:local\s+)?(?:council|authority))\b"
    r"|\b(?P<report>the)(?=\s+(?:[\w-]+\s+){0,2}(?:inspections?|reports?|visits?|letters?|judgement|grade)\b)"
    r"|\b(?P<exists>(?:is|are|was|were|has|have|had)\s+there)\b"
    r"|\b(?P<where>there)\b(?!\s+(?:is|are|was|were|has|have|had|been)\b)",
    re.I,
)


# What the authority named has ("Bury's front door", "BCP's care leaver service"), as "it" may point to;
# not one of its reports ("Bury's 2021 report"), which "it" does not improve.
_POSSESSED = re.compile(
    r"['’]s\s+(?!(?:\w+\s+){0,3}?(?:reports?|inspections?|visits?|letters?|documents?)\b)(?!(?:19|20)\d\d\b)"
    r"(?P<topic>[a-z][\w'’ -]*?)\s*(?=\?|$|\s+(?:in|since|before|after|during|between|from|over)\b)",
)


# A report the question before named ("the 2024 inspection of BCP", "the 2019 focused visit to Bury"), and
# "it" as what a report does ("What did it say…?", "What did it find…?").
_REPORT_NAMED = re.compile(
    r"\bthe\s+(?:[\w'’-]+\s+){0,3}?(?:inspection|visit|report|letter)(?:\s+(?:of|to|on)\s+[^?,]+?)?(?=\s+(?:find|found|say|said|show|conclude)\b|\s*\?|\s*$)",
    re.I,
)
# "Did that improve?", "Has it got worse since?", "Is this still a problem?": the topic asked about
# before ("…say about HMOs?"), as the subject of the question.
_IT_SUBJECT = re.compile(r"^\s*(?:did|has|have|had|is|was|were|does|do)\s+(?P<it>that|this|it)\b", re.I)
_ABOUT = re.compile(
    r"\babout\s+(?P<topic>[^?]+?)\s*(?=\?|$|\s+(?:in|since|before|after|during|between|from|over|by)\b)", re.I
)
# "Who led it?", "When was that?", "Who were the inspectors for it?": the report named before.
_WHO_OR_WHEN_OF_IT = re.compile(
    r"^\s*(?:who|when)\b[^?]*?\b(?P<it>it|that|this)\s*\??\s*$"
    # "When was it published?", "When did it take place?"
    r"|^\s*when\s+(?:was|were|is|did)\s+(?P<it2>it|that|this)\s+(?:published|released|out|come\s+out|carried\s+out|done|take\s+place|happen)\b",
    re.I,
)
# "What did the news say about it?", "Tell me more about that": the report named before, as the object.
_ABOUT_IT = re.compile(r"\b(?:about|of|on)\s+(?P<it>it|that|this)\s*\??\s*$", re.I)
_IT_SAYS = re.compile(r"it\s+(?:say|said|find|found|conclude|concluded|show|showed|recommend|recommended)\b", re.I)


def _refer_back(question: str, previous: str, table: AuthorityTable, listed: Sequence[str] = ()) -> str | None:
    """A question naming no place that points back to the place the question before named, asked of
    that place: its first pointing word gives way to the name ("they" → "Bury", "their" → "Bury's",
    "the latest inspection" → "Bury's latest inspection", "there" → "in Bury"). A question before that
    asked which authorities, naming none, points to those its answer ``listed``."""
    before_at = _name_span(previous, table)
    name = previous[slice(*before_at)] if before_at else _listed_names(previous, listed, table)
    if name is None or _name_span(question, table) is not None or table.uncovered(question):
        return None
    report = _REPORT_NAMED.search(previous)
    it = _WHO_OR_WHEN_OF_IT.match(question)
    at = it.span(it.lastgroup) if it else None  # the pointing word, whichever way the question is put
    object_at = (m := _ABOUT_IT.search(question)) and m.span("it")
    if report and (at or object_at):
        # "Who led it?", "When was that?", "What did the news say about it?" after "What did the monitoring
        # visit to BCP find?": of that report.
        start, end = at or object_at
        return question[:start] + report.group(0) + question[end:]
    if at and asks_who_inspected(previous):
        # "When was it published?" after "Who inspected Dorset in 2025?": the inspection they made, then ("When
        # was the inspection of Dorset in 2025 published?": ending the question, "in 2025" dates its publication).
        inspection = " ".join([f"the inspection of {name}", *_time_clauses(previous)])
        return question[: at[0]] + inspection + question[at[1] :]
    if report and asks_who_inspected(question) and not _REPORT_NAMED.search(question):
        # "Who was the lead inspector?" after "What did the 2023 inspection of Swindon find?": of that report.
        return _ending_with(question, f"for {report.group(0)}")
    if asks_which_authorities(question) or _ASKS_WHO.match(question):
        return None  # "Which councils had the worst grades?", "Who got the latest inspection?": across authorities
    if (it := _IT_SUBJECT.match(question)) and (about := _ABOUT.search(previous)):
        # "What did the 2021 BCP inspection say about HMOs?", "Did that improve by 2024?": "Did HMOs in
        # BCP improve by 2024?" (it was no follow-up, and asked of every authority and topic).
        topic = about["topic"]
        where = "" if _name_span(topic, table) else f" in {name}"
        return question[: it.start("it")] + topic + where + question[it.end("it") :]
    ref = _BACK_REFERENCE.search(question)
    if ref is None:
        if asks_for_improvements(question) or asks_for_strengths(question) or asks_both_ways(question):
            # "What were the main weaknesses?" after "What did the 2023 inspection of Swindon find?": a
            # report's lists, of the authority and time asked about before, not of every authority.
            return _ending_with(question, f"in {name}", *_time_clauses(previous))
        return None
    if ref.lastgroup == "who" and report and _IT_SAYS.match(question, ref.start()):
        # "What did it say about leadership?" after "What did the 2024 inspection of BCP find?": the report.
        return question[: ref.start()] + report.group(0) + question[ref.end() :]
    if ref.lastgroup == "who" and ref.group().lower() in ("they", "them") and asks_who_inspected(previous):
        # "Who inspected Bury in 2025?", "What did they find?": the inspectors, in Bury in 2025.
        read = question[: ref.start()] + "inspectors" + question[ref.end() :]
        return _ending_with(read, f"in {name}", *_time_clauses(previous))
    if ref.lastgroup == "exists":  # "Is there a MASH?" → "Is there a MASH in Kent?"
        read = _ending_with(question, f"in {name}")
    else:
        said = {"whose": f"{name}'s", "who": name, "report": f"{name}'s", "where": f"in {name}"}[ref.lastgroup or "who"]
        if ref.group().lower() == "it" and before_at and (topic := _POSSESSED.match(previous, before_at[1])):
            # "What did Ofsted say about Bury's front door?", "Has it improved since?": the front door.
            said = f"{name}'s {topic['topic']}"
        read = question[: ref.start()] + said + question[ref.end() :]
    if before_at is None and not parse_time(question).phrases:
        # "What grade did they get?" after "Which councils were inspected in 2024?": those councils, then.
        read = _ending_with(read, *_time_clauses(previous))
    return read


# More authorities than this, and "they" after "Which councils…?" is near enough every one: asked as it stands.
_MOST_LISTED = 8


def _listed_names(previous: str, listed: Sequence[str], table: AuthorityTable) -> str | None:
    """The authorities an answer to "Which councils were judged inadequate in 2019?" listed, as a
    question would name them ("Trafford", "Kent, Surrey and Dorset"); None when the question before
    asked no such thing, or the answer listed none, or too many to name."""
    ids = list(dict.fromkeys(listed))
    if not ids or len(ids) > _MOST_LISTED or not asks_which_authorities(previous):
        return None
    return in_words([table.short_name(i) for i in ids])


def _name_span(text: str, table: AuthorityTable) -> tuple[int, int] | None:
    """Where ``text`` names its authorities or regions: from the first name to the last, when only
    "and" or commas stand between them ("Kent and Surrey"); else the first name alone."""
    ids = table.mentions(text)
    names = [n for i in ids for n in table.get(i).names] + [words for _, words in table.regions_named(text)]
    if not names:
        return None
    names.sort(key=len, reverse=True)
    pattern = re.compile(r"(?<![\w'’-])(?:the\s+)?(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I)
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        return None
    start, end = spans[0]
    for s, e in spans[1:]:
        if not _BETWEEN_NAMES.match(text[end:s]):
            break
        end = e
    return start, end
