"""The authority table: names, aliases, lineage and the scope a question about an authority gets."""

import pytest

from indexer.authorities import AuthorityTable, UnknownAuthority
from indexer.settings import REPO_ROOT

TABLE = AuthorityTable.load(REPO_ROOT / "corpus" / "authorities.json")


@pytest.mark.parametrize(
    "name", ["BCP", "bcp council", "Bournemouth, Christchurch & Poole", "Bournemouth Christchurch and Poole"]
)
def test_aliases_resolve_to_bcp(name: str) -> None:
    assert TABLE.resolve(name).id == "bcp"


def test_unknown_name_suggests_close_matches() -> None:
    with pytest.raises(UnknownAuthority, match="did you mean Bournemouth Borough Council"):
        TABLE.resolve("Bornemouth")


def test_close_names_are_the_full_names_of_authorities_spelled_alike() -> None:
    assert TABLE.close_names("Birmigham", cutoff=0.8) == ["Birmingham City Council"]
    assert TABLE.close_names("Harbour", cutoff=0.8) == []


def test_lineage_lists_predecessors() -> None:
    assert TABLE.lineage("bcp") == ["bcp", "bournemouth", "poole", "christchurch"]
    assert TABLE.lineage("west-northamptonshire") == ["west-northamptonshire", "northamptonshire"]


def test_a_line_of_succession_is_headed_by_its_latest_body() -> None:
    assert TABLE.line_head("bournemouth") == TABLE.line_head("bcp") == "bcp"
    # Split in two: Northamptonshire heads its own line, as does each of its successors.
    assert TABLE.line_head("northamptonshire") == "northamptonshire"
    assert TABLE.line_head("west-northamptonshire") == "west-northamptonshire"
    assert TABLE.line_head("no-such-council") == "no-such-council"


def test_scope_of_a_replaced_body_reaches_its_successors() -> None:
    assert set(TABLE.scope_ids("cumbria")) == {"cumbria", "cumberland", "westmorland-and-furness"}
    assert set(TABLE.scope_ids("northamptonshire")) == {
        "northamptonshire", "north-northamptonshire", "west-northamptonshire"}
    # a current body's scope is its own lineage: no siblings, no other authority
    assert set(TABLE.scope_ids("cumberland")) == {"cumberland", "cumbria"}
    assert set(TABLE.scope_ids("kent")) == {"kent"}
    # The trust that ran the county's services, by the name people use for it, reaches both successors.
    assert TABLE.mentions("What did Ofsted say about NCT?") == ["northamptonshire"]


def test_two_names_sharing_their_last_word_may_be_written_once() -> None:
    assert TABLE.mentions("Compare North and West Northamptonshire") == ["north-northamptonshire", "west-northamptonshire"]
    assert TABLE.mentions("north or west northamptonshire care leavers") == ["north-northamptonshire", "west-northamptonshire"]
    # One name with "and" in it stays one name.
    assert TABLE.mentions("How are Westmorland and Furness doing?") == ["westmorland-and-furness"]
    # Short names people use ("Is W&F good?" was asked of every authority; "Westmorland" alone too).
    assert TABLE.mentions("Is W&F good?") == ["westmorland-and-furness"]
    assert TABLE.mentions("What grade did Westmorland get?") == ["westmorland-and-furness"]
    assert TABLE.mentions("What did Ofsted say about BCT's front door?") == ["birmingham"]
    assert TABLE.mentions("Kent and Surrey county councils") == ["kent", "surrey"]


def test_mentions_prefer_the_longest_name() -> None:
    text = "In Bournemouth, Christchurch and Poole, unlike Bournemouth Borough Council before it, and Kent"
    assert TABLE.mentions(text) == ["bcp", "bournemouth", "kent"]


def test_authorities_side_by_side_are_those_not_in_one_line_of_succession() -> None:
    assert TABLE.side_by_side({"north-northamptonshire", "west-northamptonshire"})
    assert TABLE.side_by_side({"kent", "dorset"})
    assert not TABLE.side_by_side({"bcp", "bournemouth"})  # BCP replaced Bournemouth
    assert not TABLE.side_by_side({"northamptonshire", "west-northamptonshire"})
    assert TABLE.side_by_side({"northamptonshire", "west-northamptonshire", "north-northamptonshire"})
    assert not TABLE.side_by_side({"kent"}) and not TABLE.side_by_side(set())


def test_names_of_gives_every_name_and_alias_of_the_authorities_asked_for() -> None:
    names = TABLE.names_of(["kent", "bcp"])
    assert "Kent County Council" in names and "BCP" in names
    assert not any("Surrey" in n for n in names)
    assert TABLE.names_of([]) == []


@pytest.mark.parametrize(
    "question, uncovered",
    [
        ("Is there an inspection report for Manchester?", ["Manchester"]),
        ("Compare Kent and Manchester on care leavers", ["Manchester"]),  # Kent is in the corpus
        ("How is Newcastle doing?", ["Newcastle upon Tyne"]),  # another name, reported by the usual one
        ("What about Kingston upon Hull and Kingston?", ["Kingston upon Hull", "Kingston upon Thames"]),
        ("What did Ofsted say about North Tyneside?", ["North Tyneside"]),
        ("What did Ofsted say about South Tyneside?", []),  # in the corpus
        ("How do Greater Manchester councils such as Trafford compare?", []),  # a region, not an authority
        ("What happened to Northamptonshire after the split?", []),  # a predecessor the table holds
        ("What did Ofsted find in Reading?", ["Reading"]),
        ("Reading the 2021 report, what did Ofsted find?", []),  # a word opening the sentence
        ("how is manchester doing?", ["Manchester"]),  # typed in lower case
        ("what about kingston upon hull?", ["Kingston upon Hull"]),
        ("What did Ofsted find in Hull?", ["Kingston upon Hull"]),
        ("Is the hull of the report sound, reading it again?", []),  # everyday words need their capital
        ("how is bury doing?", []),  # in the corpus, in any case
    ],
)
def test_english_authorities_the_corpus_holds_nothing_on(question: str, uncovered: list[str]) -> None:
    assert TABLE.uncovered(question) == uncovered


def test_the_list_of_english_authorities_holds_every_current_authority_of_the_corpus() -> None:
    from indexer.authorities import english_authorities

    listed = english_authorities()
    names = [n for name, others in listed for n in (name, *others)]
    assert len(listed) == 153 and len(names) == len(set(names))
    current = [a for a in TABLE.authorities if a.until is None]
    assert all(any(n in names for n in a.names) for a in current), [a.name for a in current if not any(n in names for n in a.names)]


@pytest.mark.parametrize(
    "question, regions",
    [
        ("Which councils in the North West were judged inadequate?", ["North West"]),
        ("How are care leavers supported in the south-west?", ["South West"]),
        ("How is Yorkshire doing compared with the North East?", ["Yorkshire and the Humber", "North East"]),
        ("What about North East Lincolnshire?", []),  # an authority's name, not the region
        ("What did Ofsted find in North Yorkshire?", []),
        ("What about the City of London?", []),
        ("What did the 2024 inspection find about care leavers?", []),
        # A metropolitan county, though it holds a borough's name or a region's.
        ("Which councils in Greater Manchester have been inspected?", ["Greater Manchester"]),
        ("How is West Yorkshire doing?", ["West Yorkshire"]),
        ("Compare Tyne and Wear with the North West", ["Tyne and Wear", "North West"]),
    ],
)
def test_regions_named_in_a_question(question: str, regions: list[str]) -> None:
    assert [r for r, _ in TABLE.regions_named(question)] == regions


def test_every_authority_of_the_corpus_has_a_region_and_a_line_keeps_to_one() -> None:
    from indexer.authorities import REGIONS

    assert all(a.region in REGIONS for a in TABLE.authorities), [a.id for a in TABLE.authorities if a.region not in REGIONS]
    assert all({TABLE.get(i).region for i in TABLE.scope_ids(a.id)} == {a.region} for a in TABLE.authorities)
    assert TABLE.in_region("North West")[:3] == ["cumberland", "westmorland-and-furness", "cumbria"]
    assert TABLE.in_region("London") == []


def test_a_metropolitan_countys_authorities_are_its_boroughs_the_corpus_holds() -> None:
    from indexer.authorities import METROPOLITAN_COUNTIES, english_authorities

    names = {n for name, others in english_authorities() for n in (name, *others)}
    assert all(b in names for boroughs in METROPOLITAN_COUNTIES.values() for b in boroughs)
    assert TABLE.in_region("Greater Manchester") == ["bury", "tameside", "trafford"]
    assert TABLE.in_region("West Yorkshire") == ["bradford"] and TABLE.in_region("Merseyside") == []
    assert TABLE.mentions("Which councils in Greater Manchester were inspected?") == []  # not Manchester


# --- the file: every mistake named, with the entry and the fix --------------------------------------

BCP = {"id": "bcp", "name": "BCP Council", "region": "South West", "aliases": ["BCP"], "predecessors": ["poole"]}
POOLE = {"id": "poole", "name": "Borough of Poole", "region": "South West", "until": "2019-03-31", "successors": ["bcp"]}


def table_file(tmp_path, authorities) -> str:
    import json

    path = tmp_path / "authorities.json"
    path.write_text(json.dumps({"version": 1, "authorities": authorities}) if not isinstance(authorities, str) else authorities)
    return str(path)


def test_a_well_formed_file_loads_with_its_lineage_and_regions(tmp_path) -> None:
    table = AuthorityTable.load(table_file(tmp_path, [BCP, POOLE]))
    assert table.lineage("bcp") == ["bcp", "poole"] and table.in_region("South West") == ["bcp", "poole"]


@pytest.mark.parametrize(
    "authorities, message",
    [
        ("{not json", "not valid JSON"),
        ('{"version": 1, "authority": []}', 'expected {"version": 1, "authorities": ['),
        ([{**BCP, "region": "South Wst"}, POOLE], "entry 1 ('bcp') has region 'South Wst': did you mean 'South West'? Use one of England's nine regions: North East,"),
        ([BCP, {**POOLE, "predecesors": []}], "entry 2 ('poole') has unknown fields ['predecesors']; use ['id', 'name',"),
        ([{k: v for k, v in BCP.items() if k != "name"}, POOLE], "entry 1 ('bcp') needs a non-empty 'name'"),
        ([BCP, {**POOLE, "until": "March 2019"}], "entry 2 ('poole') has until 'March 2019'; use a date as YYYY-MM-DD"),
        ([{**BCP, "aliases": "BCP"}, POOLE], "entry 1 ('bcp') has aliases 'BCP'; use a list of names"),
        ([BCP, POOLE, {**POOLE, "name": "Poole"}], "the id 'poole' is given to more than one authority"),
        ([{**BCP, "predecessors": ["poole", "bournemouth"]}, POOLE], "'bcp' names predecessors ['bournemouth'] that the file does not hold"),
        ([BCP, {**POOLE, "aliases": ["BCP"]}], "the name 'bcp' is given to both 'bcp' and 'poole'"),
        (["bcp"], "entry 1 is not an object"),
        ([{**BCP, "trust": "BCP Children's Trust"}, POOLE], "entry 1 ('bcp') needs both 'trust' (its name) and 'trust_from' (the day it began), or neither"),
        ([{**BCP, "trust": "BCP Children's Trust", "trust_from": "April 2018"}, POOLE], "entry 1 ('bcp') has trust_from 'April 2018'; use a date as YYYY-MM-DD"),
    ],
)
def test_a_broken_file_is_one_error_naming_the_file_the_entry_and_the_fix(tmp_path, authorities, message) -> None:
    from indexer.authorities import AuthorityTableError

    path = table_file(tmp_path, authorities)
    with pytest.raises(AuthorityTableError) as raised:
        AuthorityTable.load(path)
    assert str(raised.value).startswith(f"{path}: ") and message in str(raised.value), str(raised.value)
