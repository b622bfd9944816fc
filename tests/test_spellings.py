"""Other spellings of one name, date or text give one answer: in the keys names are compared by,
the linker's mentions, entity parameters, Wikidata items, the time expressions of the fact
templates and the reading of an article's file. Spellings that name other things stay apart."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacekg.curation.catalogue import Catalogue, catalogue
from spacekg.curation.dates import resolve
from spacekg.curation.linker import Linker, slug
from spacekg.errors import InputError, UsageError
from spacekg.namespaces import WD, expand
from spacekg.sources.files import read_text
from spacekg.sources.segment import split_sentences
from spacekg.store.names import named
from spacekg.wikidata.client import normalise_label

D = "https://w3id.org/spacekg/id/"
ENTITIES = """
@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
d:change-4 a skg:RoboticMission ; rdfs:label "Chang'e 4"@en .
d:change-40 a skg:RoboticMission ; rdfs:label "Chang'e 40"@en .
d:tiangong-1 a skg:SpaceStation ; rdfs:label "Tiangong-1"@en .
d:tiangong-2 a skg:SpaceStation ; rdfs:label "Tiangong-2"@en .
d:yutu-2 a skg:Rover ; rdfs:label "Yutu-2"@en .
d:von-karman-crater a skg:Crater ; rdfs:label "Von K\u00e1rm\u00e1n crater"@en .
d:xichang a skg:LaunchSite ; rdfs:label "Xichang Satellite Launch Center"@en .
d:xi-jinping a skg:Person ; rdfs:label "Xi Jinping"@en .
d:moon a skg:CelestialBody ; rdfs:label "Moon"@en .
d:far-side a skg:SurfaceRegion ; rdfs:label "far side of the Moon"@en .
d:long-march a skg:LaunchVehicle ; rdfs:label "Long March (rocket family)"@en .
d:china a skg:Country ; rdfs:label "China"@en .
"""

# A hyphen too: "Chang-e 4" romanises the apostrophe so.
APOSTROPHES = ["'", "\u2019", "\u2018", "`", "\u02bc", "\u00b4", "\u2032", "\uff07", "", "-"]
SEPARATORS = [" ", "-", "\u2010", "\u2011", "\u2013", "\u00a0", "\t", "  ", ""]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def change(draw: st.DrawFn, number: str = "4", numeral: str = "IV", widths: tuple[str, ...] = ("full", "half")) -> str:
    """"Chang'e 4" (or another number) as people and articles write it."""
    written = draw(st.sampled_from([number, numeral]))
    # A numeral run into the name is a word of its own ("ChangeIV"); a number is not ("Change4").
    separator = draw(st.sampled_from([s for s in SEPARATORS if s or written == number]))
    text = f"Chang{draw(st.sampled_from(APOSTROPHES))}e{separator}{written}"
    text = draw(st.sampled_from([str.lower, str.upper, str.title, str]))(text) if numeral not in text else text
    return _full_width(text) if draw(st.sampled_from(widths)) == "full" else text


@given(change())
def test_spellings_of_a_name_have_its_key(text: str):
    assert normalise_label(text) == normalise_label("Chang'e 4")


@given(change("40", "XL"))
def test_a_number_after_the_name_stays_part_of_it(text: str):
    assert normalise_label(text) != normalise_label("Chang'e 4")


@pytest.mark.parametrize(("written", "as_labelled"), [
    ("Y\u00f9t\u00f9-2", "Yutu-2"), ("Yu\u0300tu\u0300-2", "Yutu-2"), ("Von Karman crater", "Von K\u00e1rm\u00e1n crater"),
    ("Ti\u0101ng\u014dng II", "Tiangong-2"), ("Tiangong I", "Tiangong-1"), ("Shenzhou XI", "Shenzhou 11"),
    ("Xichang Satellite Launch Centre", "Xichang Satellite Launch Center"), ("Chinese space programme", "Chinese space program"),
])
def test_accents_numerals_and_british_spellings_do_not_count(written: str, as_labelled: str):
    assert normalise_label(written) == normalise_label(as_labelled)


@pytest.mark.parametrize(("one", "other"), [
    ("Xi Jinping", "11 Jinping"), ("President Xi", "President 11"), ("Tiangong I", "Tiangong II"),
    ("Yesterday I saw it", "Yesterday 1 saw it"), ("Long March 2C", "Long March 2 100"),
])
def test_words_that_are_no_numerals_stay_words(one: str, other: str):
    assert normalise_label(one) != normalise_label(other)


@pytest.mark.parametrize("written", ["Chang\u00b4e 4", "Chang\u02bce 4", "Chang`e 4"])
def test_a_new_entity_is_named_alike_whatever_the_apostrophe(written: str):
    assert slug(written) == "change-4"


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE)))


def _linked(linker: Linker, text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.candidates[0].entity.removeprefix(D) if m.candidates and m.candidates[0].kind != "fuzzy"
             else None) for m in linker.mentions(split_sentences(text))]


@given(name=change(widths=("half",)))  # articles write Latin letters at half width
def test_the_linker_finds_a_name_in_its_spellings(linker: Linker, name: str):
    assert _linked(linker, f"China said {name} landed.")[-1] == (name.strip(), "change-4")


@pytest.mark.parametrize(("sentence", "mention", "entity"), [
    ("The Y\u00f9t\u00f9-2 rover drove on.", "Y\u00f9t\u00f9-2", "yutu-2"),
    ("Tiangong II was launched.", "Tiangong II", "tiangong-2"),
    ("Tiangong-II was launched.", "Tiangong-II", "tiangong-2"),
    ("It flew from the Xichang Satellite Launch Centre.", "Xichang Satellite Launch Centre", "xichang"),
    ("It landed in the Von Karman crater.", "Von Karman crater", "von-karman-crater"),
    ("China sent Chang'e 40.", "Chang'e 40", "change-40"),
])
def test_the_linker_links_other_spellings_to_the_entity(linker: Linker, sentence: str, mention: str, entity: str):
    assert (mention, entity) in _linked(linker, sentence)


def test_the_pronoun_i_after_a_word_is_no_numeral(linker: Linker):
    assert [m for m, _ in _linked(linker, "Yesterday I saw Xi Jinping.")] == ["Xi Jinping"]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    graph = ox.Store()
    graph.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
                      for t in ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE))
    return graph


@pytest.mark.parametrize(("text", "entity"), [
    ("Moon's", "moon"), ("the Moon\u2019s", "moon"), ("China's", "china"),
    ("the Moon's far side", "far-side"), ("the moon\u2019s far side", "far-side"), ("far side of the moon", "far-side"),
    ("Long March", "long-march"), ("long march (rocket family)", "long-march"),
    ("Y\u00f9t\u00f9 2", "yutu-2"), ("Tiangong II", "tiangong-2"), ("Chang\u00b4e IV", "change-4"),
])
def test_a_parameter_names_an_entity_in_the_forms_readers_give_it(store: ox.Store, text: str, entity: str):
    assert named(store, text) == [D + entity]


@pytest.mark.parametrize("text", ["Chang'e 400", "Moons far", "the Moon's near side", "rocket family"])
def test_names_of_nothing_stay_unnamed(store: ox.Store, text: str):
    assert named(store, text) == []


@given(q=st.sampled_from(["q", "Q"]), number=st.integers(1, 10**9),
       form=st.sampled_from(["wd:{q}{n}", "<http://www.wikidata.org/entity/{q}{n}>", "http://www.wikidata.org/entity/{q}{n}",
                             "https://www.wikidata.org/wiki/{q}{n}", "<https://m.wikidata.org/wiki/{q}{n}>"]))
def test_a_wikidata_item_is_one_iri_however_it_is_written(q: str, number: int, form: str):
    assert expand(form.format(q=q, n=number)) == f"{WD}Q{number}"


@pytest.mark.parametrize("text", ["wd:P31", "wdt:P31", "https://www.wikidata.org/wiki/Property:P31", "wd:q0"])
def test_what_is_no_item_stays_as_written(text: str):
    assert not expand(text).startswith(WD + "Q")


@pytest.mark.parametrize(("expression", "first", "last"), [
    ("2019-01-03", date(2019, 1, 3), date(2019, 1, 3)), ("2019-1-3", date(2019, 1, 3), date(2019, 1, 3)),
    ("2019-01", date(2019, 1, 1), date(2019, 1, 31)), ("2019-1", date(2019, 1, 1), date(2019, 1, 31)),
    (" 3 January 2019 ", date(2019, 1, 3), date(2019, 1, 3)), ("January 3, 2019", date(2019, 1, 3), date(2019, 1, 3)),
    ("Jan. 3", date(2019, 1, 3), date(2019, 1, 3)), ("in 2019-01", date(2019, 1, 1), date(2019, 1, 31)),
])
def test_a_calendar_date_is_read_in_every_form_a_person_writes(expression: str, first: date, last: date):
    window = resolve(expression, published=date(2019, 1, 4))
    assert window.earliest is not None and window.latest is not None
    assert (window.earliest.date(), window.latest.date()) == (first, last)


@pytest.mark.parametrize("expression", ["2019-13", "2019-02-30", "2019-1-32"])
def test_a_calendar_date_that_is_no_day_is_refused(expression: str):
    with pytest.raises(UsageError, match="give the period with --date"):
        resolve(expression, published=date(2019, 1, 4))


TEXT = "China launched Chang\u2019e 4 on 8 December 2018.\nIt landed on 3 January 2019.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_an_article_in_utf16_is_refused_with_what_to_do(tmp_path: Path, encoding: str):
    path = tmp_path / "article.txt"
    path.write_bytes(TEXT.encode(encoding))
    with pytest.raises(InputError, match="not UTF-8 but UTF-16 .*; save it as UTF-8"):
        read_text(path)


@pytest.mark.parametrize("variant", [
    TEXT, TEXT.replace("\n", "\r\n"), TEXT.replace("\n", "\r"), "\ufeff" + TEXT, unicodedata.normalize("NFD", TEXT),
    "\U0001f680 " + TEXT, TEXT.replace(" on ", "\ton "), TEXT.replace("\n", "  \n"), TEXT.rstrip("\n"),
])
def test_sentences_of_an_article_in_utf8_sit_at_their_offsets(tmp_path: Path, variant: str):
    path = tmp_path / "article.txt"
    path.write_bytes(variant.encode("utf-8"))
    text = read_text(path)
    sentences = split_sentences(text)
    assert len(sentences) == 2
    assert all(text[s.begin:s.end] == s.text for s in sentences)


@pytest.mark.parametrize("typed", ["2026-11-21", " 2026-11-21", "2026-11-21 ", "\t2026-11-21\n"])
def test_an_as_of_date_is_read_with_the_space_around_it(typed: str):
    from datetime import datetime

    from spacekg.cli import _Day

    assert _Day().convert(typed, None, None) == datetime(2026, 11, 21)


@settings(max_examples=25)
@given(st.integers(0, len(TEXT)),
       st.sampled_from([*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])]))
def test_an_article_with_a_control_character_is_refused_at_its_line_and_column(tmp_path_factory, at, control):
    # A NUL, an escape or a C1 character (text decoded in the wrong encoding) would be written
    # into the article's TriG; one zero byte in a short text is no UTF-16.
    from curation_project import empty_project, run

    from spacekg.errors import ExitCode
    from spacekg.sources.files import line_and_column

    project = empty_project(tmp_path_factory.mktemp("control") / "kg")
    text = TEXT[:at] + control + TEXT[at:]
    source = project.root.parent / "article.txt"
    source.write_bytes(text.encode("utf-8"))
    before = {p: p.read_bytes() for p in project.data_dir.rglob("*") if p.is_file()}
    result = run(project, "article", "add", str(source), "--outlet", "Xinhua", "--published", "2019-01-04")
    line, column = line_and_column(text, at)
    assert result.exit_code == ExitCode.INPUT
    assert f"article.txt:{line}:{column}: the control character U+{ord(control):04X}" in result.output
    assert {p: p.read_bytes() for p in project.data_dir.rglob("*") if p.is_file()} == before


OWNED_WORLD = ENTITIES.split("d:change-4")[0] + """
skg:Country a owl:Class ; rdfs:label "country"@en .
skg:SpaceAgency a owl:Class ; rdfs:label "space agency"@en .
skg:SpaceProgram a owl:Class ; rdfs:label "space program"@en .
skg:SpaceStation a owl:Class ; rdfs:label "space station"@en .
d:china a skg:Country ; rdfs:label "China"@en ; skos:altLabel "People's Republic of China"@en .
d:united-states a skg:Country ; rdfs:label "United States"@en ; skos:altLabel "America"@en .
d:japan a skg:Country ; rdfs:label "Japan"@en .
d:russia a skg:Country ; rdfs:label "Russia"@en .
d:cnsa a skg:SpaceAgency ; rdfs:label "China National Space Administration"@en ; skg:country d:china .
d:cmsa a skg:SpaceAgency ; rdfs:label "China Manned Space Agency"@en ; skg:country d:china .
d:nasa a skg:SpaceAgency ; rdfs:label "NASA"@en ; skg:country d:united-states .
d:jaxa a skg:SpaceAgency ; rdfs:label "JAXA"@en ; skg:country d:japan .
d:tiangong a skg:SpaceStation ; rdfs:label "Tiangong"@en .
d:chinese-space-program a skg:SpaceProgram ; rdfs:label "Chinese space program"@en .
d:american-space-program a skg:SpaceProgram ; rdfs:label "American space program"@en .
skg:Rover a owl:Class ; rdfs:label "rover"@en .
d:perseverance a skg:Rover ; rdfs:label "Perseverance"@en .
skg:Place a owl:Class ; rdfs:label "place"@en .
d:hainan a skg:Place ; rdfs:label "Hainan"@en ; skos:altLabel "Hainan island"@en .
d:wenchang a skg:Place ; rdfs:label "Wenchang Spacecraft Launch Site"@en ; skos:altLabel "WSLS"@en .
"""


@given(owner=st.sampled_from([("China", {"cnsa", "cmsa"}, "chinese"), ("the People's Republic of China", {"cnsa", "cmsa"}, "chinese"),
                              ("the United States", {"nasa"}, "american"), ("America", {"nasa"}, "american"),
                              ("Japan", {"jaxa"}, None), ("Russia", set(), None)]),
       kind=st.sampled_from(["space agency", "Space Agency", "space agencies"]),
       apostrophe=st.sampled_from("'\u2019"), upper=st.booleans())
def test_a_countrys_possessive_names_its_things_of_a_kind_for_answers_and_parameters(owner, kind, apostrophe, upper):
    # "--by \"China's space agency\"", "-p entity=\"the United States' space agency\"": as the linker
    # reads the words in a text, an answer and a stored query's parameter name the country's things
    # of the kind, and its thing named by its adjective ("China's space program").
    country, agencies, adjective = owner
    possessive = f"{country}{apostrophe}" + ("" if country.endswith("s") else "s")
    written = f"{possessive} {kind}"
    written = written.upper() if upper else written
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
                      for t in ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    assert named(store, written) == sorted(D + a for a in agencies)
    if len(agencies) == 1:
        assert cat.entity(written) == D + next(iter(agencies))
    else:
        # Several are listed for the person to choose, and none is made up where the project has none.
        with pytest.raises(UsageError, match="names several entities" if agencies else "no entity is named"):
            cat.entity(written)
    program = f"{possessive} space program"
    if adjective:
        assert cat.entity(program) == D + f"{adjective}-space-program"
        assert named(store, program) == [D + f"{adjective}-space-program"]
    else:
        with pytest.raises(UsageError, match="no entity is named"):
            cat.entity(program)
        assert named(store, program) == []
    # A thing whose country the project does not record is not guessed to be the country's.
    with pytest.raises(UsageError, match="no entity is named"):
        cat.entity(f"{possessive} space station")


@given(owner=st.sampled_from(["NASA", "the NASA", "the United States", "America", "JAXA", "China National Space Administration"]),
       name=st.sampled_from(["Perseverance", "Perseverance rover", "the Perseverance rover", "rover Perseverance"]),
       apostrophe=st.sampled_from("'\u2019"))
def test_a_known_owners_possessive_before_a_name_is_that_name_for_answers_and_parameters(owner, name, apostrophe):
    # "--spacecraft \"NASA's Perseverance rover\"": the possessive says whose the thing is.
    written = f"{owner}{apostrophe}" + ("" if owner.endswith("s") else "s") + " " + name.removeprefix("the ")
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
                      for t in ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    assert cat.entity(written) == D + "perseverance"
    assert named(store, written) == [D + "perseverance"]
    # An owner the project does not know is no reading of the words.
    unknown = f"Zorg{apostrophe}s {name.removeprefix('the ')}"
    with pytest.raises(UsageError, match="no entity is named"):
        cat.entity(unknown)
    assert named(store, unknown) == []


@given(adjective=st.sampled_from(["Chinese", "American", "Japanese", "Russian"]),
       thing=st.sampled_from([("Perseverance rover", "perseverance"), ("Tiangong space station", "tiangong"),
                              ("Tiangong", "tiangong"), ("JAXA", "jaxa"), ("Zorg probe", None)]),
       the=st.booleans())
def test_a_countrys_adjective_before_a_name_is_that_name_for_answers_and_parameters(adjective, thing, the):
    # "the Soviet Luna 24 probe" (AP): the adjective says whose the probe is, and the name which.
    words, entity = thing
    written = ("the " if the else "") + f"{adjective} {words}"
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("http://example.org/g"))
                      for t in ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    if entity is None:
        with pytest.raises(UsageError, match="no entity is named"):
            cat.entity(written)
        assert named(store, written) == []
    else:
        assert cat.entity(written) == D + entity
        assert named(store, written) == [D + entity]


@given(name=st.sampled_from([("China National Space Administration", "CNSA", "cnsa"),
                             ("CNSA", "China National Space Administration", "cnsa"),
                             ("Wenchang Spacecraft Launch Site", "WSLS", "wenchang"),
                             ("Wenchang Spacecraft Launch Site", "NASA", None),
                             ("China Manned Space Agency", "CMSA", "cmsa")]),
       the=st.booleans())
def test_an_answer_with_another_of_its_names_in_brackets_is_that_name(name, the):
    # "The Indian Space Research Organisation (ISRO) launched the mission": an article introduces
    # an initialism so, and the answer copied from it names the one thing both name.
    first, bracketed, entity = name
    written = ("the " if the else "") + f"{first} ({bracketed})"
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    if entity is None:
        with pytest.raises(UsageError, match="no entity is named"):
            cat.entity(written)
    else:
        assert cat.entity(written) == D + entity


@given(where=st.sampled_from([" in ", " at ", " on ", ", in ", " near "]),
       place=st.sampled_from([("Hainan", True), ("Hainan island", True), ("China", True), ("NASA", False)]))
def test_an_answer_with_where_the_thing_is_names_the_thing(where, place):
    # "the Satish Dhawan Space Centre in Sriharikota": the place after the name says where it is.
    words, is_place = place
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    written = f"the Wenchang Spacecraft Launch Site{where}{words}"
    if is_place:
        assert cat.entity(written) == D + "wenchang"
    else:
        with pytest.raises(UsageError, match="no entity is named"):
            cat.entity(written)


@given(determiner=st.sampled_from(["its", "their", "Its", "his", "her", "our"]),
       name=st.sampled_from([("Perseverance rover", "perseverance"), ("Tiangong space station", "tiangong"),
                             ("Perseverance", "perseverance")]))
def test_a_possessive_pronoun_before_a_name_is_read_as_the(determiner, name):
    # "its Chang'e-7 probe is scheduled to launch around 2026" (Reuters).
    words, entity = name
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    assert cat.entity(f"{determiner} {words}") == D + entity
    with pytest.raises(UsageError, match="names a kind of thing"):
        cat.entity(f"{determiner} rover")


@given(n=st.integers(1, 12), joint=st.sampled_from([" in ", "'s ", " at ", "' "]), known=st.booleans())
def test_reading_an_answers_parts_costs_in_proportion_to_its_parts(n, joint, known):
    # "zorg's zorg's … zorg": each part is read as a name only, not as a compound again, which
    # took time exponential in the number of possessives and prepositions.
    cat = catalogue(ox.parse(OWNED_WORLD, format=ox.RdfFormat.TURTLE))
    calls = 0
    read = Catalogue.entity

    def counted(self, text, **options):
        nonlocal calls
        calls += 1
        return read(self, text, **options)

    words = joint.join(["China" if known else "Zorgs"] * (n + 1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Catalogue, "entity", counted)
        try:
            cat.entity(words)
        except UsageError:
            pass
    assert calls <= 8 * (n + 1)
