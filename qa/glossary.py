"""What the terms of children's services inspection mean, in brief: said beside the passages that use
them when a question asks what one means ("What is a focused visit?", "What does ILACS stand for?").

The reports use these terms without defining them; these meanings come from Ofsted's published
frameworks and the statutory guidance they apply, and the note that carries them says they are not
quoted from the reports.
"""

from __future__ import annotations

import re

# (pattern naming the term, the term as written in the note, what it means)
_TERMS: tuple[tuple[str, str, str], ...] = (
    (r"\bofsted\b|\boffice\s+for\s+standards\s+in\s+education\b", "Ofsted",
     "the Office for Standards in Education, Children's Services and Skills, which inspects councils' children's "
     "services in England (area SEND inspections with the Care Quality Commission)"),
    (r"\bhmis?\b|\b(?:his|her)\s+majesty['’]s\s+inspectors?\b", "HMI",
     "His Majesty's Inspector (Her Majesty's before September 2022), one of Ofsted's inspectors, who lead its "
     "inspections and visits"),
    (r"\bilacs\b|\binspections?\s+of\s+local\s+authority\s+children['’]s\s+services\b", "ILACS",
     "inspections of local authority children's services, Ofsted's framework since January 2018: full inspections, "
     "focused visits and monitoring visits"),
    (r"\bsif\b|\bsingle\s+inspection\s+framework\b", "SIF",
     "the single inspection framework, under which Ofsted inspected services for children in need of help and "
     "protection, children looked after and care leavers from November 2013 to December 2017"),
    (r"\bfocused\s+visits?\b", "focused visit",
     "a short ILACS visit that looks at one area of practice; it gives no grade, and may set areas for priority action"),
    (r"\bmonitoring\s+visits?\b", "monitoring visit",
     "an ILACS visit to an authority judged inadequate, to check its progress between inspections; it gives no grade"),
    (r"\b(?:full|standard|short|graded|judgement)\s+inspections?\b", "full inspection",
     "an ILACS standard or short inspection, which grades each judgement area (and, before April 2026, the "
     "service's overall effectiveness) on the four-point scale and sets out what needs to improve"),
    (r"\b(?:(?:four|five)\s+)?judgement\s+areas?\b|\bareas?\s+of\s+judgement\b", "judgement areas",
     "what an ILACS inspection grades: the experiences and progress of children who need help and protection, "
     "of children in care and of care leavers (judged with children in care before 2023), and the impact of "
     "leaders on social work practice with children and families"),
    (r"\boverall\s+(?:effectiveness|grades?|judgements?)\b", "overall effectiveness",
     "the one grade an inspection gave the whole service; Ofsted's inspections from April 2026 give none, "
     "judging each area on its own"),
    (r"\bjtais?\b|\bjoint\s+targeted\s+area\s+inspections?\b", "JTAI",
     "a joint targeted area inspection: Ofsted, the Care Quality Commission and the inspectorates of constabulary "
     "and probation look together at how local agencies respond to one theme, such as abuse and neglect"),
    (r"\b(?:area\s+)?send\s+inspections?\b", "area SEND inspection",
     "Ofsted and the Care Quality Commission inspecting how a local area partnership meets the needs of children and "
     "young people with special educational needs and/or disabilities"),
    (r"\bmash\b|\bmulti-?agency\s+safeguarding\s+hubs?\b", "MASH",
     "a multi-agency safeguarding hub, where children's social care, police, health and others share information to "
     "decide how to respond to contacts and referrals about children"),
    (r"\blscbs?\b|\blocal\s+safeguarding\s+children\s+boards?\b", "LSCB",
     "a local safeguarding children board, which oversaw local safeguarding arrangements until safeguarding "
     "partnerships replaced the boards from 2019"),
    (r"\bareas?\s+(?:for|of)\s+priority\s+action\b|\bpriority\s+actions?\b", "area for priority action",
     "a weakness Ofsted finds serious enough to set out for urgent action, most often in a focused visit's letter"),
    (r"\bcare\s+leavers?\b", "care leaver",
     "a young person who was in a council's care, whom the council must support with a personal adviser up to 21, "
     "or to 25 if they ask"),
    (r"\b(?:pas?|personal\s+advis[eo]rs?)\b", "personal adviser (PA)",
     "the worker who keeps in touch with a care leaver and supports their pathway plan"),
    (r"\biros?\b|\bindependent\s+reviewing\s+officers?\b", "IRO",
     "an independent reviewing officer, who chairs the reviews of a child in care's plan"),
    (r"\bdcs\b|\bdirector\s+of\s+children['’]s\s+services\b", "DCS",
     "the director of children's services, the council officer accountable for its children's services"),
    (r"\bplo\b|\bpublic\s+law\s+outline\b|\bpre-?proceedings\b", "PLO",
     "the Public Law Outline, the process for care proceedings; pre-proceedings is the stage before a council "
     "applies to the court"),
    (r"\bspecial\s+guardianship(?:\s+orders?)?\b|\bsgos?\b", "special guardianship order",
     "a court order that makes someone, often a relative, a child's special guardian until they are 18"),
    (r"\bstaying\s+put\b", "staying put",
     "a care leaver staying on with their former foster carers after turning 18"),
    (r"\bchild(?:ren)?\s+in\s+need\b", "child in need",
     "a child whose health or development needs the council's services, under section 17 of the Children Act 1989"),
    (r"\bearly\s+help\b", "early help",
     "support for children and families as soon as problems emerge, before statutory social care is needed"),
)
_COMPILED = tuple((re.compile(pattern, re.I), term, meaning) for pattern, term, meaning in _TERMS)


def terms_named(question: str) -> list[str]:
    """The glossary's terms a question names, in the order it names them."""
    found = sorted((m.start(), term) for pattern, term, _ in _COMPILED if (m := pattern.search(question)))
    return [term for _, term in found]


def is_term(text: str) -> bool:
    """Whether ``text`` is one of the glossary's terms and nothing else ("areas for priority action",
    "the ILACS"), as a question asking what it is names it."""
    words = re.sub(r"^\s*(?:the|an?)\s+", "", text.strip(" ?.!'\"‘’“”"), flags=re.I)
    return any((m := pattern.search(words)) is not None and m.start() == 0 and m.end() == len(words) for pattern, _, _ in _COMPILED)


def meanings(question: str) -> str:
    """"ILACS: inspections of local authority children's services…", for each term the question names;
    "" for none."""
    said = {term: meaning for _, term, meaning in _COMPILED}
    named = terms_named(question)
    if not named:
        return ""
    return "In brief, not quoted from the reports: " + "; ".join(f"{term}: {said[term]}" for term in named) + "."
