"""Authority names, aliases and lineage (which councils a later one replaced, and when)."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable


class UnknownAuthority(ValueError):
    """A name that matches no authority; the message names close matches."""


@dataclass(frozen=True)
class Authority:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    start: str | None = None  # ISO date it came into being, where it replaced others
    until: str | None = None  # ISO date of its last day, where it was replaced
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    region: str | None = None  # one of REGIONS, where the table says
    # The children's trust that runs its children's services, and the day it began ("before the trust")
    trust: str | None = None
    trust_from: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.id, *self.aliases)


def _norm(name: str) -> str:
    name = name.lower().replace("&", " and ").replace("-", " ")
    name = re.sub(r"[^a-z0-9 ]+", " ", name)
    return re.sub(r"\s+", " ", name).strip()


@dataclass(frozen=True)
class AuthorityTable:
    authorities: tuple[Authority, ...]
    _by_name: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for a in self.authorities:
            for n in a.names:
                self._by_name.setdefault(_norm(n), a.id)

    @classmethod
    def load(cls, path: Path) -> "AuthorityTable":
        return _load_table(str(Path(path).resolve()))

    def get(self, authority_id: str) -> Authority:
        for a in self.authorities:
            if a.id == authority_id:
                return a
        raise UnknownAuthority(f"unknown authority id {authority_id!r}")

    def names_of(self, ids: Iterable[str]) -> list[str]:
        """Every name and alias of the authorities ``ids``, in table order."""
        wanted = set(ids)
        return [n for a in self.authorities if a.id in wanted for n in a.names]

    def name_of(self, authority_id: str) -> str:
        """The authority's full name, or the id itself for one the table does not know."""
        try:
            return self.get(authority_id).name
        except UnknownAuthority:
            return authority_id

    def short_name(self, authority_id: str) -> str:
        """How people usually name the authority: its first alias ("BCP", "Kent"), else its full name."""
        try:
            a = self.get(authority_id)
        except UnknownAuthority:
            return authority_id
        return a.aliases[0] if a.aliases else a.name

    def side_by_side(self, authority_ids: set[str] | frozenset[str]) -> bool:
        """True when two of the authorities are not one line of succession (North and West
        Northamptonshire; Kent and Dorset), so a reader needs each source's authority named.
        Bournemouth and BCP are one line: the one replaced the other."""
        ids = sorted(authority_ids)
        known = set(self.ids())
        lines = {i: set(self.lineage(i)) if i in known else {i} for i in ids}
        return any(a not in lines[b] and b not in lines[a] for k, a in enumerate(ids) for b in ids[k + 1 :])

    def ids(self) -> list[str]:
        return [a.id for a in self.authorities]

    def resolve(self, name: str) -> Authority:
        """An authority from any of its names or aliases, case and punctuation ignored."""
        key = _norm(name)
        if key in self._by_name:
            return self.get(self._by_name[key])
        names = self.close_names(name)
        hint = f"; did you mean {' or '.join(names)}?" if names else ""
        raise UnknownAuthority(f"unknown authority {name!r}{hint}")

    def close_names(self, name: str, cutoff: float = 0.6) -> list[str]:
        """Full names of the authorities one of whose names is spelled close to ``name`` ("Birmigham")."""
        close = difflib.get_close_matches(_norm(name), list(self._by_name), n=3, cutoff=cutoff)
        return sorted({self.get(self._by_name[c]).name for c in close})

    def lineage(self, authority_id: str) -> list[str]:
        """The authority and every body it replaced, earliest ancestors last."""
        seen: list[str] = []
        todo = [authority_id]
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.append(current)
            todo.extend(self.get(current).predecessors)
        return seen

    def line_head(self, authority_id: str) -> str:
        """The latest body of the authority's one line of succession (Bournemouth -> BCP); a body
        split in two (Northamptonshire) heads its own line. Unknown ids stand for themselves."""
        try:
            a = self.get(authority_id)
        except UnknownAuthority:
            return authority_id
        return self.line_head(a.successors[0]) if len(a.successors) == 1 else a.id

    def scope_ids(self, authority_id: str) -> list[str]:
        """What a question about this authority should search: its lineage, and for a body that was
        replaced, the bodies that replaced it (a question about Cumbria today is about its successors)."""
        ids = self.lineage(authority_id)
        todo = list(self.get(authority_id).successors)
        while todo:
            current = todo.pop(0)
            if current not in ids:
                ids.append(current)
                todo.extend(self.get(current).successors)
        return ids

    def uncovered(self, text: str) -> list[str]:
        """English authorities ``text`` names that the table does not hold ("Manchester"), by their
        usual names, in order of mention. Matched as whole words in any case ("how is manchester
        doing?"), longer names first, except names that are everyday words too ("Reading", "Hull"),
        which need their capital; the table's own names, and places that only contain a name
        ("Greater Manchester"), are not."""
        held, outside = self._outside_patterns()
        text = held.sub(lambda m: " " * len(m.group()), text)
        found: list[tuple[int, str]] = []
        for name, pattern in outside:
            for m in pattern.finditer(text):
                if m.group() in _SENTENCE_OPENERS and not text[: m.start()].rstrip(" \"'(").rstrip()[-1:].isalnum():
                    continue  # "Reading the report, …": a word opening a sentence
                found.append((m.start(), name))
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
        return list(dict.fromkeys(name for _, name in sorted(found)))

    def _outside_patterns(self) -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
        """Computed once per table: one pattern for the table's own names and the places that only
        contain a name (longest first), and the patterns of the English authorities it does not hold."""
        cached = self.__dict__.get("_outside")
        if cached is None:
            held = [n for a in self.authorities for n in a.names if len(n) >= 3]
            names = "|".join(re.escape(n) for n in sorted([*held, *_NOT_AUTHORITIES], key=len, reverse=True))
            outside = tuple((name, p) for name, p in _english_patterns() if _norm(name) not in self._by_name)
            cached = (re.compile(rf"(?<![A-Za-z])(?:{names})(?![A-Za-z])", re.I), outside)
            object.__setattr__(self, "_outside", cached)  # frozen: set once, like _by_name's entries
        return cached

    def regions_named(self, text: str) -> list[tuple[str, str]]:
        """The English regions and metropolitan counties ``text`` names ("councils in the North West",
        "…in Greater Manchester"), as (region, words as written), in order of mention; not inside an
        authority's name ("North East Lincolnshire", "North Yorkshire", "City of London")."""
        def blank(m: re.Match[str]) -> str:
            return " " * len(m.group())

        found = []
        for county, pattern in _COUNTY_PATTERNS:  # before the names: "Greater Manchester" holds one
            found += [(m.start(), county, m.group()) for m in pattern.finditer(text)]
            text = pattern.sub(blank, text)
        held, _ = self._outside_patterns()
        for pattern in (held, *_english_names_patterns()):
            text = pattern.sub(blank, text)
        found += [(m.start(), region, m.group()) for region, pattern in _REGION_PATTERNS for m in pattern.finditer(text)]
        return [(region, words) for _, region, words in sorted(found)]

    def in_region(self, region: str) -> list[str]:
        """Ids of the table's authorities in ``region`` (or metropolitan county), in table order."""
        if region in METROPOLITAN_COUNTIES:
            held = {i for borough in METROPOLITAN_COUNTIES[region] for i in self.mentions(borough)}
            return [a.id for a in self.authorities if a.id in held]
        return [a.id for a in self.authorities if a.region == region]

    def mentions(self, text: str) -> list[str]:
        """Authority ids named in ``text``, in order of first mention; longer names win over names inside them.
        Two names sharing their last word may be written once: "North and West Northamptonshire"."""
        norm = " " + self._spelled_out(_norm(text)) + " "
        found: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        for key in sorted(self._by_name, key=len, reverse=True):
            if len(key) < 3:
                continue
            for m in re.finditer(r"(?<= )" + re.escape(key) + r"(?= )", norm):
                span = (m.start(), m.end())
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                taken.append(span)
                found.append((m.start(), self._by_name[key]))
        ordered: list[str] = []
        for _, aid in sorted(found):
            if aid not in ordered:
                ordered.append(aid)
        return ordered


    def _spelled_out(self, norm: str) -> str:
        """``norm`` (a text as ``_norm`` leaves it) with each pair of names written once spelled out:
        "north and west northamptonshire" → "north northamptonshire and west northamptonshire"; not
        "westmorland and furness", one name."""
        def whole(m: re.Match[str]) -> str:
            first, second, last = m["a"], m["b"], m["tail"]
            if f"{first} {last}" in self._by_name and f"{second} {last}" in self._by_name:
                return f"{first} {last} {m['join']} {second} {last}"
            return m.group()

        return re.sub(r"\b(?P<a>[a-z]+) (?P<join>and|or) (?P<b>[a-z]+) (?P<tail>[a-z]+)\b", whole, norm)


ENGLISH_AUTHORITIES_PATH = Path(__file__).with_name("english_authorities.txt")
# England's nine regions, as the Department for Education groups local authorities, and how people
# write them ("the north-west", "Yorkshire", "East Anglia").
REGIONS = (
    "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
    "East of England", "London", "South East", "South West",
)
_REGION_PATTERNS = tuple(
    (region, re.compile(rf"(?<![A-Za-z]){pattern}(?![A-Za-z])", re.I))
    for region, pattern in (
        ("North East", r"north[\s-]?east(?:ern)?"),
        ("North West", r"north[\s-]?west(?:ern)?"),
        ("Yorkshire and the Humber", r"yorkshire(?:\s+and\s+(?:the\s+)?humber)?"),
        ("East Midlands", r"east\s+midlands"),
        ("West Midlands", r"west\s+midlands"),
        ("East of England", r"east\s+of\s+england|east\s+anglia"),
        ("London", r"(?:greater\s+|inner\s+|outer\s+)?london"),
        ("South East", r"south[\s-]?east(?:ern)?"),
        ("South West", r"south[\s-]?west(?:ern)?"),
    )
)
# England's metropolitan counties, named as areas ("the councils in Greater Manchester"): their boroughs,
# as `english_authorities.txt` names them. (The West Midlands, a region too, is read as the region.)
METROPOLITAN_COUNTIES = {
    "Greater Manchester": ("Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford", "Wigan"),
    "Merseyside": ("Knowsley", "Liverpool", "Sefton", "St Helens", "Wirral"),
    "South Yorkshire": ("Barnsley", "Doncaster", "Rotherham", "Sheffield"),
    "West Yorkshire": ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"),
    "Tyne and Wear": ("Gateshead", "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland"),
}
# Read before the regions, whose names they may hold ("West Yorkshire" is not all of Yorkshire).
_COUNTY_PATTERNS = tuple(
    (county, re.compile(r"(?<![A-Za-z])" + r"\s+".join(county.split()) + r"(?![A-Za-z])", re.I)) for county in METROPOLITAN_COUNTIES
)
# Places whose names hold an authority's without being it.
_NOT_AUTHORITIES = ("Greater Manchester", "Sutton Coldfield", "Newcastle-under-Lyme")
# Names that are everyday words too: they name an authority only when written with a capital, and
# the first two only inside a sentence ("Reading the report, …").
_SENTENCE_OPENERS = frozenset({"Reading", "Bath"})
_EVERYDAY_WORDS = _SENTENCE_OPENERS | {"Hull", "Derby", "Slough", "Stoke", "Harrow", "Barking"}


def english_authorities(path: Path = ENGLISH_AUTHORITIES_PATH) -> list[tuple[str, tuple[str, ...]]]:
    """(usual name, other names) of each local authority in England with children's services."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, others = line.partition("|")
            out.append((name.strip(), tuple(o.strip() for o in others.split(";") if o.strip())))
    return out


@lru_cache(maxsize=1)
def _english_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(usual name, pattern) for every name of every English authority, longest first: "Kingston upon
    Hull" is read before "Kingston" (upon Thames) could be, "North Tyneside" before a shorter name."""
    names = [(n, name) for name, others in english_authorities() for n in (name, *others)]
    return tuple(
        (name, re.compile(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", 0 if n in _EVERYDAY_WORDS else re.I))
        for n, name in sorted(names, key=lambda x: len(x[0]), reverse=True)
    )


@lru_cache(maxsize=1)
def _english_names_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every name of every English authority as two patterns, longest first: the names matched in any
    case, and those that are everyday words too, matched as written (as ``_english_patterns`` does)."""
    names = sorted({n for name, others in english_authorities() for n in (name, *others)}, key=len, reverse=True)

    def pattern(ns: list[str], flags: int) -> re.Pattern[str]:
        return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(re.escape(n) for n in ns)})(?![A-Za-z])", flags)

    return pattern([n for n in names if n not in _EVERYDAY_WORDS], re.I), pattern([n for n in names if n in _EVERYDAY_WORDS], 0)


class AuthorityTableError(ValueError):
    """``authorities.json`` cannot be used as it is; the message names the file, the entry and the fix."""


_FIELDS = ("id", "name", "region", "aliases", "from", "until", "predecessors", "successors", "trust", "trust_from", "note")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=8)
def _load_table(path: str) -> AuthorityTable:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise AuthorityTableError(f"{path}: cannot be read ({e.strerror})") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise AuthorityTableError(f"{path}: not valid JSON ({e})") from e
    if not isinstance(data, dict) or not isinstance(data.get("authorities"), list):
        raise AuthorityTableError(f'{path}: expected {{"version": 1, "authorities": [{{"id": …, "name": …}}, …]}}')
    table = AuthorityTable(tuple(_authority(path, n, entry) for n, entry in enumerate(data["authorities"], 1)))
    _check_table(path, table)
    return table


def _authority(path: str, n: int, entry: object) -> Authority:
    """One entry of the file, checked field by field: a typo is named, not silently ignored."""
    label = f"entry {n}" + (f" ({entry['id']!r})" if isinstance(entry, dict) and isinstance(entry.get("id"), str) else "")

    def fail(problem: str) -> AuthorityTableError:
        return AuthorityTableError(f"{path}: {label} {problem}")

    if not isinstance(entry, dict):
        raise fail("is not an object")
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise fail(f"has unknown fields {unknown}; use {list(_FIELDS)}")
    for key in ("id", "name"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise fail(f"needs a non-empty {key!r}")
    for key in ("aliases", "predecessors", "successors"):
        if not isinstance(entry.get(key, []), list) or not all(isinstance(v, str) and v.strip() for v in entry.get(key, [])):
            raise fail(f"has {key} {entry[key]!r}; use a list of names")
    if entry.get("trust") is not None and not (isinstance(entry["trust"], str) and entry["trust"].strip()):
        raise fail(f"has trust {entry['trust']!r}; use the trust's name")
    if (entry.get("trust") is None) != (entry.get("trust_from") is None):
        raise fail("needs both 'trust' (its name) and 'trust_from' (the day it began), or neither")
    for key in ("from", "until", "trust_from"):
        if entry.get(key) is not None and not (isinstance(entry[key], str) and _ISO_DATE.fullmatch(entry[key])):
            raise fail(f"has {key} {entry[key]!r}; use a date as YYYY-MM-DD")
    region = entry.get("region")
    if region is not None and region not in REGIONS:
        close = difflib.get_close_matches(str(region), REGIONS, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise fail(f"has region {region!r}: {hint}Use one of England's nine regions: {', '.join(REGIONS)}")
    return Authority(
        id=entry["id"],
        name=entry["name"],
        aliases=tuple(entry.get("aliases", ())),
        start=entry.get("from"),
        until=entry.get("until"),
        predecessors=tuple(entry.get("predecessors", ())),
        successors=tuple(entry.get("successors", ())),
        region=region,
        trust=entry.get("trust"),
        trust_from=entry.get("trust_from"),
    )


def _check_table(path: str, table: AuthorityTable) -> None:
    """What no single entry shows: ids given twice, lineage naming an id the file lacks, and one
    name given to two authorities (a question naming it could not be scoped)."""
    ids = table.ids()
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise AuthorityTableError(f"{path}: the id {twice[0]!r} is given to more than one authority")
    for a in table.authorities:
        for key, linked in (("predecessors", a.predecessors), ("successors", a.successors)):
            missing = [i for i in linked if i not in ids]
            if missing:
                raise AuthorityTableError(f"{path}: {a.id!r} names {key} {missing} that the file does not hold")
    owner: dict[str, str] = {}
    for a in table.authorities:
        for name in dict.fromkeys(_norm(n) for n in a.names):
            if owner.setdefault(name, a.id) != a.id:
                raise AuthorityTableError(f"{path}: the name {name!r} is given to both {owner[name]!r} and {a.id!r}")
