"""Mention linking: names found as written, ranked exact > other name > fuzzy, new entities suggested,
and the candidates as a W3C reconciliation result batch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spacekg.curation.catalogue import TITLE_WORDS, Catalogue, catalogue, name_similarity
from spacekg.curation.linker import FUZZY_CUTOFF, Linker, _abbreviates, slug
from spacekg.errors import UsageError
from spacekg.namespaces import shorten
from spacekg.sources.segment import split_sentences
from spacekg.wikidata.client import normalise_label

D = "https://w3id.org/spacekg/id/"
SKG = "https://w3id.org/spacekg/ontology#"
ENTITIES = """
@prefix skg: <https://w3id.org/spacekg/ontology#> . @prefix d: <https://w3id.org/spacekg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
skg:Country a owl:Class ; rdfs:label "country"@en .
d:china a skg:Country ; rdfs:label "China"@en .
d:united-states a skg:Country ; rdfs:label "United States"@en ; skos:altLabel "US"@en .
d:long-march a skg:LaunchVehicle ; rdfs:label "Long March (rocket family)"@en ; skos:altLabel "Long March rocket"@en .
d:change-4 a skg:RoboticMission ; rdfs:label "Chang'e 4"@en .
d:change-4-lander a skg:Lander ; rdfs:label "Chang'e 4 lander"@en .
d:xichang a skg:LaunchSite ; rdfs:label "Xichang Satellite Launch Center"@en .
d:global-times a skg:NewsOrganization ; rdfs:label "Global Times"@en .
"""


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE)))


def mentions(linker: Linker, text: str):
    return [(m.text, m.candidates[0].entity.removeprefix(D) if m.candidates else None,
             m.candidates[0].kind if m.candidates else "new") for m in linker.mentions(split_sentences(text))]


def test_names_are_found_longest_first_ignoring_case_punctuation_and_possessives(linker):
    found = mentions(linker, "On Friday a long march rocket launched Chang\u2019e-4 from China's Xichang Satellite Launch Center.")
    assert found == [("long march rocket", "long-march", "alias"), ("Chang\u2019e-4", "change-4", "label"),
                     ("China", "china", "label"), ("Xichang Satellite Launch Center", "xichang", "label")]


def test_a_name_in_capitals_matches_only_capitals(linker):
    assert mentions(linker, "He told us about the US.") == [("US", "united-states", "alias")]


@pytest.mark.parametrize("written", ["U.S.", "U.S", "US"])
def test_an_initialism_matches_with_or_without_its_dots(linker, written):
    assert mentions(linker, f"The {written} has not tried.") == [(written, "united-states", "alias")]


def test_the_words_before_a_disambiguating_remark_are_a_name(linker):
    assert mentions(linker, "It flew on a Long March.") == [("Long March", "long-march", "label")]


def test_unknown_capitalised_names_get_fuzzy_candidates_or_a_new_entity(linker):
    found = dict((text, (entity, kind)) for text, entity, kind in mentions(
        linker, "According to Global reports, the Wenchang Spacecraft Launch Site in Hainan was used."))
    assert found["Global"] == ("global-times", "fuzzy")
    assert found["Wenchang Spacecraft Launch Site"] == (None, "new")
    assert found["Hainan"] == (None, "new")
    suggestion = next(m for m in linker.mentions(split_sentences("We saw Wenchang.")) if m.text == "Wenchang")
    assert suggestion.suggestion == D + "wenchang"


@pytest.mark.parametrize("acronym", ["EST", "CNS", "US", "UTC", "CHINA"])
def test_a_word_in_capitals_gets_no_fuzzy_candidate_from_a_word_or_another_acronym(acronym):
    cat = catalogue(ox.parse(ENTITIES + 'd:sw a skg:Region ; rdfs:label "south-west"@en .\n'
                             'd:cnsa a skg:SpaceAgency ; rdfs:label "CNSA"@en .\n'
                             'd:chin a skg:Region ; rdfs:label "Chine"@en .', format=ox.RdfFormat.TURTLE))
    found = Linker(cat).mentions(split_sentences(f"It left at 9 p.m. {acronym} on the day."))
    assert all(c.kind != "fuzzy" for m in found for c in m.candidates)


@pytest.mark.parametrize("date", ["Nov. 16", "Dec. 7", "Sept. 30", "Jan 3", "No. 2", "Thu. 5", "Aug. 1, 2024"])
def test_an_abbreviated_date_or_number_is_no_name(linker, date):
    assert mentions(linker, f"It flew on {date} with no crew.") == []


@pytest.mark.parametrize("address", ["Space.com", "SpaceNews.com", "Xinhuanet.cn", "NASASpaceflight.com"])
@pytest.mark.parametrize("around", ["According to {}, it flew.", "It flew, {} reported.", "It flew ({}).",
                                    "It flew, said {}."])
def test_an_outlets_web_address_is_one_mention_not_its_first_word(linker, address, around):
    found = [text for text, _, _ in mentions(linker, around.format(address))]
    assert address in found and address.split(".")[0] not in found


@pytest.mark.parametrize("mention", ["Space Launch Site", "Wenchang Space Launch Site", "Tiangong Station",
                                     "Station Chief", "Spokesman Li", "Space Agency of April"])
def test_sharing_a_word_or_two_with_a_longer_name_makes_no_fuzzy_candidate(mention):
    cat = catalogue(ox.parse(ENTITIES + 'd:talk a skg:Announcement ; rdfs:label "CASC spokesman on the space '
                             'station (April 2016)"@en .', format=ox.RdfFormat.TURTLE))
    assert D + "talk" not in {c.entity for c in Linker(cat).candidates(mention)}


@pytest.mark.parametrize(("country", "adjective"), [("China", "Chinese"), ("Japan", "Japanese"), ("Russia", "Russian"),
                                                    ("India", "Indian"), ("Canada", "Canadian"), ("Israel", "Israeli")])
def test_a_countrys_adjective_is_a_candidate_of_the_country_not_of_the_names_that_hold_it(country, adjective):
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + f"""
        skg:Country a owl:Class . d:testland a skg:Country ; rdfs:label "{country}"@en .
        d:program a skg:SpaceProgram ; rdfs:label "{adjective} Lunar Exploration Program"@en .
        d:space-program a skg:SpaceProgram ; rdfs:label "{adjective} space program"@en .
        d:media a skg:NewsOrganization ; rdfs:label "{adjective} state news media"@en .""", format=ox.RdfFormat.TURTLE))
    linker = Linker(cat)
    found = linker.mentions(split_sentences(f"A {adjective} lunar probe has returned."))
    assert [(m.text, [(c.entity, c.kind) for c in m.candidates]) for m in found] == [
        (adjective, [(D + "testland", "adjective")])]
    assert not found[0].certain
    # The whole name still names its thing.
    assert linker.candidates(f"{adjective} space program")[0].entity == D + "space-program"


# "Chang’e 5 lunar mission returns to Earth after collecting moon samples": the South China Morning
# Post's headline of 17 December 2020.
@pytest.mark.parametrize(("body", "kind", "adjective"), [
    ("Moon", "NaturalSatellite", "lunar"), ("Moon", "NaturalSatellite", "Lunar"), ("Mars", "Planet", "Martian"),
    ("Mars", "Planet", "martian"), ("Venus", "Planet", "Venusian"), ("Jupiter", "Planet", "Jovian")])
@pytest.mark.parametrize("sentence", ["Chang’e 5 {} mission returns to Earth", "It studied the {} soil.",
                                      "A {} probe has returned."])
def test_a_bodys_adjective_is_a_candidate_of_the_body(body, kind, adjective, sentence):
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + f"""
        skg:CelestialBody a owl:Class . skg:{kind} rdfs:subClassOf skg:CelestialBody .
        d:body a skg:{kind} ; rdfs:label "{body}"@en .
        d:program a skg:SpaceProgram ; rdfs:label "Chinese {adjective.capitalize()} Exploration Program"@en .""",
                             format=ox.RdfFormat.TURTLE))
    linker = Linker(cat)
    found = [m for m in linker.mentions(split_sentences(sentence.format(adjective))) if m.text == adjective]
    assert [[(c.entity, c.kind) for c in m.candidates] for m in found] == [[(D + "body", "adjective")]]
    assert not found[0].certain
    # The whole name that holds it still names its thing, and the adjective before a calendar no body.
    assert [m.text for m in linker.mentions(split_sentences(f"The Chinese {adjective} exploration program."))] == \
        [f"Chinese {adjective} exploration program"]
    assert not linker.mentions(split_sentences(f"It fell on the first day of the {adjective} calendar."))


def test_an_adjective_of_a_thing_that_is_no_body_is_no_mention():
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + """skg:CelestialBody a owl:Class . d:moon a skg:Rover ; rdfs:label "Moon"@en .""",
                             format=ox.RdfFormat.TURTLE))
    assert not Linker(cat).mentions(split_sentences("A lunar probe has returned."))


@pytest.mark.parametrize(("mention", "entity"), [("Xichang", "xichang"), ("Xichang Launch Center", "xichang"),
                                                 ("Chang'e 4 landr", "change-4-lander"), ("Globl Times", "global-times")])
def test_a_part_of_a_name_or_a_slip_in_it_is_a_fuzzy_candidate(linker, mention, entity):
    assert linker.candidates(mention)[0].entity == D + entity


@pytest.mark.parametrize(("mention", "not_this"), [
    ("Chang'e 5", "change-4"), ("Chang'e 40 lander", "change-4-lander"),  # another number is another thing
    ("Jiuquan Satellite Launch Center", "xichang"),   # the word that tells the centres apart differs
    ("Yangtze Times", "global-times"),
])
def test_a_fuzzy_candidate_keeps_the_numbers_and_the_rare_words_of_the_mention(linker, mention, not_this):
    assert D + not_this not in {c.entity for c in linker.candidates(mention)}


SERIES = ENTITIES + """
skg:Event a owl:Class . skg:Docking rdfs:subClassOf skg:Event . skg:SpaceMission rdfs:subClassOf skg:Event .
skg:CrewedMission rdfs:subClassOf skg:SpaceMission .
d:{series}-1 a skg:SpaceStation ; rdfs:label "{Series}-1"@en .
d:{series}-2 a skg:SpaceStation ; rdfs:label "{Series}-2"@en .
d:{series}-station a skg:SpaceStation ; rdfs:label "{Series} space station"@en .
d:{series}-2-docking a skg:Docking ; rdfs:label "Shenzhou 11 docking with {Series}-2"@en .
d:{series}-11 a skg:CrewedMission ; rdfs:label "{Series} 11 crewed mission"@en .
"""


@pytest.mark.parametrize("series", ["Tiangong", "Mengzhou", "Xuntian"])
@pytest.mark.parametrize(("mention", "first"), [
    ("{Series}", "{series}-station"),      # no number: the series' own thing, not a numbered member
    ("{Series}-2", "{series}-2"),          # a number: that member
    ("{Series} 11", "{series}-11"),        # a mission is a named thing, not an event told of in words
])
def test_a_fuzzy_match_ranks_the_thing_the_name_is_most_likely_to_name_first(series: str, mention: str, first: str):
    cat = catalogue(ox.parse(SERIES.replace("{series}", series.lower()).replace("{Series}", series),
                             format=ox.RdfFormat.TURTLE))
    found = Linker(cat).candidates(mention.replace("{Series}", series))
    assert found and found[0].entity == D + first.replace("{series}", series.lower()), found
    assert D + f"{series.lower()}-2-docking" not in {c.entity for c in found[:1]}


WITH_KINDS = ENTITIES + """
skg:Rover a owl:Class ; rdfs:label "rover"@en .
skg:SpaceStation a owl:Class ; rdfs:label "space station"@en .
d:mars a skg:Planet ; rdfs:label "Mars"@en .
"""


@pytest.mark.parametrize(("text", "mention"), [
    ("It was China Daily that said so.", "China Daily"),
    ("The United States Space Force watched.", None),  # "Space" is a word of a kind of thing
    ("The Mars Global Surveyor saw it.", "Mars Global Surveyor"),
    ("Then China Central Television showed it.", "China Central Television"),
    ("The China Academy of Space Technology built it.", "China Academy of Space Technology"),
])
def test_a_known_name_at_the_head_of_a_longer_one_is_not_that_name(text: str, mention: str | None):
    linker = Linker(catalogue(ox.parse(WITH_KINDS, format=ox.RdfFormat.TURTLE)))
    found = {m.text: m for m in linker.mentions(split_sentences(text))}
    if mention is None:
        assert "United States" in found
        return
    assert mention in found and not any(c.entity in (D + "china", D + "mars") for c in found[mention].candidates)
    assert all(not (m.text in ("China", "Mars") and m.candidates) for m in found.values())


@pytest.mark.parametrize("text", ["It sent a Mars Rover.", "China Rover teams met.", "A Mars Space Station is planned."])
def test_a_known_name_before_a_kind_of_thing_stays_that_name(text: str):
    linker = Linker(catalogue(ox.parse(WITH_KINDS, format=ox.RdfFormat.TURTLE)))
    found = [m.text for m in linker.mentions(split_sentences(text))]
    assert "Mars" in found or "China" in found


def test_in_a_title_case_headline_a_known_name_stays_itself():
    linker = Linker(catalogue(ox.parse(WITH_KINDS, format=ox.RdfFormat.TURTLE)))
    found = {m.text: m for m in linker.mentions(split_sentences("As America Looks Inward, China Looks Up."))}
    assert found["China"].candidates[0].entity == D + "china"


@pytest.mark.parametrize("written", ["Chang-e 4", "Chang-e-4", "Chang-e4", "CHANG-E 4", "Chang-E 4", "Chang\u2019e-4"])
def test_a_hyphen_for_the_apostrophe_of_a_name_keeps_the_name_whole(written: str):
    linker = Linker(catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE)))
    assert mentions(linker, f"On Friday China launched {written} from Xichang.")[1] == (written, "change-4", "label")


@pytest.mark.parametrize("text", ["A China-made rocket flew.", "A US-led team and a Russia-based firm.", "X-ray images."])
def test_a_compound_word_after_a_name_is_no_part_of_it(text: str):
    linker = Linker(catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE)))
    assert all("-" not in m.text for m in linker.mentions(split_sentences(text)))


@pytest.mark.parametrize(("text", "names"), [
    ("Then Austria and Argentina signed.", ["Austria", "Argentina"]),
    ("Then Brazil and Kenya signed.", ["Brazil", "Kenya"]),
    ("The Ministry of Science and Technology said so.", ["Ministry of Science and Technology"]),
    ("The Department of Trade and Industry said so.", ["Department of Trade and Industry"]),
])
def test_and_joins_two_names_except_inside_an_of_phrase(text: str, names: list[str]):
    linker = Linker(catalogue(ox.parse(WITH_KINDS, format=ox.RdfFormat.TURTLE)))
    assert [m.text for m in linker.mentions(split_sentences(text)) if m.text not in ("The", "Then")] == names


@pytest.mark.parametrize(("text", "names"), [
    ("The National Aeronautics and Space Administration said so.", ["National Aeronautics and Space Administration"]),
    ("It is a subsidiary of Aerospace Science and Technology Corp, they said.", ["Aerospace Science and Technology Corp"]),
    ("Then Procter and Gamble Co. said so.", ["Procter and Gamble Co"]),
    ("The Science and Technology Facilities Council said so.", ["Science and Technology Facilities Council"]),
    ("A deputy director of the Lunar Exploration and Space Program Center said so.",
     ["Lunar Exploration and Space Program Center"]),
    ("The Beijing Aerospace Control and Command Centre said so.", ["Beijing Aerospace Control and Command Centre"]),
    ("Then Austria and Argentina signed.", ["Austria", "Argentina"]),
    ("Then Austria and Argentina, Space Agency officials said.", ["Austria", "Argentina", "Space Agency"]),
])
def test_and_is_inside_a_name_that_ends_in_an_organisations_word(text: str, names: list[str]):
    linker = Linker(catalogue(ox.parse(WITH_KINDS, format=ox.RdfFormat.TURTLE)))
    assert [m.text for m in linker.mentions(split_sentences(text)) if m.text not in ("The", "Then")] == names


ABBREVIATED = ENTITIES + """
d:casc a skg:Company ; rdfs:label "China Aerospace Science and Technology Corporation"@en .
d:casic a skg:Company ; rdfs:label "China Aerospace Science and Industry Corporation"@en .
d:cast a skg:Organization ; rdfs:label "China Academy of Space Technology"@en .
"""


@pytest.mark.parametrize(("mention", "entity"), [
    ("China Aerospace Science and Technology Corp", "casc"), ("China Aerospace Science and Industry Corp", "casic"),
    ("China Acad of Space Technology", "cast"),
])
def test_a_word_cut_short_is_the_names_word(mention: str, entity: str):
    linker = Linker(catalogue(ox.parse(ABBREVIATED, format=ox.RdfFormat.TURTLE)))
    assert linker.candidates(mention)[0].entity == D + entity


def test_a_name_of_an_organisation_is_one_mention_that_finds_its_full_name():
    linker = Linker(catalogue(ox.parse(ABBREVIATED, format=ox.RdfFormat.TURTLE)))
    text = "It was built by a subsidiary of China Aerospace Science and Technology Corp, and consisted of four parts."
    assert mentions(linker, text) == [("China Aerospace Science and Technology Corp", "casc", "fuzzy")]


QUALIFIED = ENTITIES + """
d:pti a skg:NewsOrganization ; rdfs:label "Press Trust of India"@en .
d:boc a skg:Organization ; rdfs:label "Bank of China"@en .
d:sea a skg:SurfaceRegion ; rdfs:label "Sea of Tranquility"@en .
d:mpg a skg:Organization ; rdfs:label "Institut de Physique du Globe"@en .
"""


@pytest.mark.parametrize(("mention", "not_this"), [
    ("India", "pti"), ("INDIA", "pti"), ("China", "boc"), ("Tranquility", "sea"), ("Physique du Globe", "mpg"),
])
def test_the_words_after_a_names_of_are_not_that_name(mention, not_this):
    linker = Linker(catalogue(ox.parse(QUALIFIED, format=ox.RdfFormat.TURTLE)))
    assert D + not_this not in {c.entity for c in linker.candidates(mention)}


@pytest.mark.parametrize(("mention", "entity"), [("Press Trust", "pti"), ("Press Trst of India", "pti"),
                                                 ("Bank of Chna", "boc"), ("Sea of Tranquillity", "sea")])
def test_a_names_head_or_a_slip_in_it_is_still_that_name(mention, entity):
    linker = Linker(catalogue(ox.parse(QUALIFIED, format=ox.RdfFormat.TURTLE)))
    assert linker.candidates(mention)[0].entity == D + entity


@pytest.mark.parametrize(("text", "found"), [
    ("Ye Guangfu, Li Cong and Li Guangsu will stay.", ["Ye Guangfu", "Li Cong", "Li Guangsu"]),
    ("The Ministry of Science and Technology said so.", ["Ministry of Science and Technology"]),
    ("It flew, Reuters (Beijing) said.", ["Reuters", "Beijing"]),
    ("Three Chinese astronauts flew to St. Louis.", ["Chinese", "St. Louis"]),
])
def test_a_new_name_ends_at_punctuation_and_an_and_between_two_names(linker, text, found):
    assert [m.text for m in linker.mentions(split_sentences(text))] == found



@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
@pytest.mark.parametrize(("name", "form"), [("People's Daily", "He told the {} so."),
                                            ("People's Liberation Army", "The {} flew it."),
                                            ("Women's World Cup", "It was shown at the {}, said Xinhua.")])
def test_a_name_that_starts_with_a_common_nouns_possessive_is_one_name(linker, apostrophe, name, form):
    name = name.replace("'", apostrophe)
    assert name in [m.text for m in linker.mentions(split_sentences(form.format(name)))]


@pytest.mark.parametrize("owner", ["China", "Xichang Satellite Launch Center", "Wang", "Global Times"])
def test_a_names_possessive_before_another_name_is_no_part_of_either(linker, owner):
    found = [m.text for m in linker.mentions(split_sentences(f"It said {owner}'s Zhurong Rover landed."))]
    assert owner in found and "Zhurong Rover" in found

@pytest.mark.parametrize(("text", "mention"), [
    ("A Long March-5 rocket rose.", "Long March-5"), ("The Long March 5 rocket rose.", "Long March 5"),
    ("The Long March 2F rocket rose.", "Long March 2F"), ("Chang'e-40 landed.", "Chang'e-40"),
])
def test_a_known_name_with_a_designator_after_it_is_another_thing(linker, text, mention):
    (found,) = linker.mentions(split_sentences(text))
    assert found.text == mention
    assert all(c.kind == "fuzzy" for c in found.candidates)  # the family is no exact match for one rocket


@pytest.mark.parametrize("code", ["CZ-2F", "LM-3B", "CZ-5", "KZ-1A", "Shijian-21", "Gaofen 14", "Zhuque 2E",
                                  "Soyuz MS-26", "Progress MS-28", "Soyuz TMA-5", "Tianzhou IT-2", "Antonov AN-225"])
@pytest.mark.parametrize("form", ["The {} rocket rose.", "A rocket ({}) rose from Jiuquan.", "It was the {}, said Xinhua."])
def test_an_unknown_name_keeps_its_designator_whole(linker, code, form):
    assert code in [m.text for m in linker.mentions(split_sentences(form.format(code)))]

@pytest.mark.parametrize("designation", ["311P/PANSTARRS", "1P/Halley", "2I/Borisov", "67P/Churyumov\u2013Gerasimenko",
                                         "C/2020 F3", "2016 HO3", "1999 RQ36"])
@pytest.mark.parametrize("form", ["It will reach {} by 2035.", "The comet {} is bright.", "{} was seen, said NASA."])
def test_an_astronomical_designation_is_one_mention(linker, designation, form):
    assert designation in [m.text for m in linker.mentions(split_sentences(form.format(designation)))]


@given(year=st.integers(1800, 2099), letters=st.text("ABCDEFGHJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
       number=st.integers(1, 999), form=st.sampled_from(["It will reach {} by 2035.", "The asteroid {} is small.",
                                                           "{} was seen, said NASA.", "It heads for {}."]))
def test_a_provisional_designation_run_together_is_the_designation(year, letters, number, form):
    # "the near-Earth asteroid 2016HO3, also known as Kamo'oalewa" (Xinhua): "2016 HO3" without
    # its space, a mention of the thing the project names with it.
    spaced = f"{year} {letters}{number}"
    cat = catalogue(ox.parse(ENTITIES + f'd:minor-planet a skg:Asteroid ; rdfs:label "{spaced}"@en .',
                             format=ox.RdfFormat.TURTLE))
    found = [m for m in Linker(cat).mentions(split_sentences(form.format(spaced.replace(" ", "")))) if m.text[:1].isdigit()]
    assert [(m.text, m.candidates[0].entity if m.candidates else None) for m in found] == \
        [(spaced.replace(" ", ""), D + "minor-planet")]


@pytest.mark.parametrize("text", ["In 2019 NASA flew.", "In 2019 HO was a word.", "The 2019\u20132020 season.",
                                  "It flew 2 P/s.", "It shows 3D images over 5G.", "The 2019A plan.", "In 2019HO flew."])
def test_a_year_before_a_word_in_capitals_is_no_designation(linker, text):
    assert not any(m.text[:1].isdigit() for m in linker.mentions(split_sentences(text)))


def test_a_new_entitys_identifier_separates_the_words_a_dash_joins():
    assert slug("67P/Churyumov\u2013Gerasimenko") == "67p-churyumov-gerasimenko"
    assert slug("Łódź Kármán") == "odz-karman"  # a letter with no ASCII form drops out


@pytest.mark.parametrize("text", ["In China 2019 was a big year.", "China, 5 years on.", "From China 5,000 flew."])
def test_a_year_or_a_number_set_apart_is_no_designator(linker, text):
    assert [(m.text, m.candidates[0].kind) for m in linker.mentions(split_sentences(text))] == [("China", "label")]


@pytest.mark.parametrize("zone", ["EDT", "GMT", "UTC", "CST", "Beijing Time", "Beijing time", "Eastern Daylight Time",
                                  "Moscow time"])
@pytest.mark.parametrize("form", ["It docked at 11:49 p.m. {} on Thursday.", "It docked at 11:49 ({}) on Thursday.",
                                  "It docked at 1549 {}; China watched."])
def test_the_zone_of_a_clock_time_is_not_a_mention(linker, zone, form):
    assert [text for text, _, _ in mentions(linker, form.format(zone))] == (["China"] if "China" in form else [])


@pytest.mark.parametrize("text", ['"I look forward to it," said Chen Dong.', "And I, for one, went to China."])
def test_the_pronoun_i_is_not_a_mention(linker, text):
    assert "I" not in [found for found, _, _ in mentions(linker, text)]


def test_a_place_without_time_after_it_is_still_a_mention(linker):
    assert [text for text, _, _ in mentions(linker, "It flew from Beijing at 9 p.m. on Monday.")] == ["Beijing"]


def test_month_and_weekday_names_and_sentence_starters_are_not_mentions(linker):
    assert mentions(linker, "The launch was in May. Then on Monday it landed.") == []


def test_scores_rank_exact_above_other_names_above_fuzzy(linker):
    exact, alias = linker.candidates("China"), linker.candidates("Long March rocket")
    fuzzy = linker.candidates("Chang'e 4 landr")
    assert exact[0].score == 100 and alias[0].score == 90
    assert fuzzy and all(c.kind == "fuzzy" and c.score <= 80 for c in fuzzy)
    assert fuzzy[0].entity == D + "change-4-lander"


@given(st.sampled_from(["China", "United States", "Xichang Satellite Launch Center", "Global Times"]),
       st.sampled_from([str.lower, str.upper, str.title, lambda s: s.replace(" ", "  ")]))
def test_a_label_matches_whatever_its_case_and_spacing(name, variant):
    cat = catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE))
    best = Linker(cat).candidates(variant(name))[0]
    assert best.kind == "label" and cat.label(best.entity) == name


def test_reconciliation_output_has_the_result_batch_shape(linker):
    found = linker.mentions(split_sentences("China launched Chang'e 4 from Wenchang."))
    batch = json.loads(json.dumps(linker.reconciliation(found)))
    # Reconciliation Service API v0.2, "reconciliation result batch": query id -> {"result": [candidate]},
    # each candidate with id, name and score, optionally type (id and name), match and features.
    assert set(batch) == {"L1.1:0-5", "L1.1:15-24", "L1.1:30-38"}
    for query in batch.values():
        assert set(query) == {"result"}
        for candidate in query["result"]:
            assert {"id", "name", "score"} <= set(candidate)
            assert isinstance(candidate["score"], (int, float)) and isinstance(candidate["match"], bool)
            assert all({"id", "name"} <= set(t) for t in candidate["type"])
            assert all(isinstance(f["id"], str) and isinstance(f["value"], (bool, int, float))
                       for f in candidate["features"])
    china = batch["L1.1:0-5"]["result"][0]
    assert china == {"id": D + "china", "name": "China", "type": [{"id": SKG + "Country", "name": "country"}],
                     "score": 100, "match": True,
                     "features": [{"id": "label_match", "value": True}, {"id": "name_similarity", "value": 100}]}
    assert batch["L1.1:30-38"] == {"result": []}  # "Wenchang": no candidate, a new entity is suggested


def test_names_in_answers_resolve_to_one_entity_or_say_why_not():
    cat: Catalogue = catalogue(ox.parse(ENTITIES + 'd:china-2 a skg:Country ; rdfs:label "China"@en .',
                                        format=ox.RdfFormat.TURTLE))
    assert cat.entity("Xichang Satellite Launch Center") == D + "xichang"
    assert cat.entity("d:brand-new") == D + "brand-new"
    with pytest.raises(UsageError, match="names several entities: d:china"):
        cat.entity("China")
    with pytest.raises(UsageError, match=r"did you mean d:xichang"):
        cat.entity("Xichang Launch Center")
    with pytest.raises(UsageError, match="unknown prefix"):
        cat.entity("foo:bar")


@pytest.mark.parametrize("title", ["Deputy Director", "Chief Designer", "Dr.", "Prof.", "President", "Spokesperson",
                                   "Vice Premier", "Academician", "Ambassador", "Director General",
                                   "General Secretary"])
@pytest.mark.parametrize(("form", "name"), [("{} Lin Xiqiang said the plan holds.", "Lin Xiqiang"),
                                            ("On Monday, {} Wu Weiren spoke to reporters.", "Wu Weiren"),
                                            ("It was, {} Anil Bharadwaj said, a first.", "Anil Bharadwaj")])
def test_a_title_before_a_persons_name_is_not_part_of_the_mention(linker, title, form, name):
    found = [text for text, _, _ in mentions(linker, form.format(title))]
    assert name in found
    assert not any(title.rstrip(".") in text for text in found)


@pytest.mark.parametrize(("text", "mention"), [("The Astronaut Office chose them.", "Astronaut Office"),
                                               ("The Director General spoke.", "Director General"),
                                               ("It was built by General Dynamics.", "General Dynamics")])
def test_a_title_word_that_heads_a_name_of_its_own_stays(linker, text, mention):
    assert mention in [found for found, _, _ in mentions(linker, text)]


@given(title=st.lists(st.sampled_from(["Deputy", "Director", "Chief", "Designer", "Dr.", "President", "Vice",
                                       "General", "Secretary"]), min_size=1, max_size=3).map(" ".join),
       name=st.sampled_from(["Chang'e 4", "China", "Xichang Satellite Launch Center"]))
def test_a_name_given_with_a_title_before_it_names_the_entity(title, name):
    names = catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE))
    assert names.entity(f"{title} {name}") == names.entity(name)



@given(article=st.sampled_from(["the", "The", "THE", "a", "an"]), gap=st.sampled_from([" ", "  ", "\t"]),
       name=st.sampled_from(["United States", "US", "Long March rocket", "Chang'e 4", "Xichang Satellite Launch Center"]))
def test_a_name_given_with_a_grammatical_article_before_it_names_the_entity(article, gap, name):
    names = catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE))
    assert names.entity(f"{article}{gap}{name}") == names.entity(name)


def test_a_name_that_has_its_article_is_named_with_it():
    quads = [*ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE),
             *ox.parse('<https://w3id.org/spacekg/id/the-independent> <http://www.w3.org/2000/01/rdf-schema#label> '
                       '"The Independent"@en .\n<https://w3id.org/spacekg/id/independent> '
                       '<http://www.w3.org/2000/01/rdf-schema#label> "Independent"@en .', format=ox.RdfFormat.N_TRIPLES)]
    names = catalogue(quads)
    assert names.entity("The Independent") == names.entity("the independent") == "https://w3id.org/spacekg/id/the-independent"
    assert names.entity("Independent") == "https://w3id.org/spacekg/id/independent"

@pytest.mark.parametrize(("first", "later", "word"), [
    ("Lin Xiqiang spoke in Beijing.", "{} unveiled the plan.", "Lin"),
    ("Deputy Director Lin Xiqiang spoke.", "It was, said {}, a first.", "Lin"),
    ("Anil Bharadwaj spoke on Monday.", "{} said it was a first.", "Bharadwaj"),
    ("Wu Weiren spoke.", "Then {} left for Xichang.", "Wu")])
def test_a_word_of_a_name_given_earlier_refers_back_to_it(linker, first, later, word):
    found = linker.mentions(split_sentences(f"{first} {later.format(word)}"))
    full = next(m for m in found if m.text != word and word in m.text.split())
    short = [m for m in found if m.text == word]
    assert short and all((m.suggestion, m.candidates) == (full.suggestion, full.candidates) for m in short)


@given(st.sampled_from(["Cai Xuzhe", "Zorva Tenley", "Lin Xiqiang"]), st.booleans(),
       st.sampled_from(["The crew includes {name} and two others, with {word} serving as the commander.",
                        "{name} spoke first, and then {word} left.", "Asked about {name}, the agency said {word} would fly."]))
def test_a_word_of_a_name_given_earlier_in_the_same_sentence_refers_back_to_it(linker, name, last, form):
    # "The crew includes Cai Xuzhe, Song Lingdong and Wang Haoze, with Cai serving as the commander."
    word = name.split()[-1 if last else 0]
    found = linker.mentions(split_sentences(form.format(name=name, word=word)))
    full = next(m for m in found if m.text == name)
    short = [m for m in found if m.text == word]
    assert short and all((m.suggestion, m.candidates) == (full.suggestion, full.candidates) for m in short)


def test_a_lone_first_word_that_no_earlier_name_has_is_no_mention(linker):
    found = linker.mentions(split_sentences("Lin unveiled the plan. Lin Xiqiang spoke. Xiqiang left."))
    assert [m.text for m in found] == ["Lin Xiqiang", "Xiqiang"]


TITLED = ENTITIES + """
d:xi-jinping a skg:Person ; rdfs:label "Xi Jinping"@en ; skos:altLabel "President Xi Jinping"@en .
d:li-qiang a skg:Person ; rdfs:label "Li Qiang"@en ; skos:altLabel "Premier Li Qiang"@en .
"""


@pytest.mark.parametrize(("first", "later", "word", "entity"), [
    ("Chinese President Xi Jinping sent a message.", "It was historic, {} said.", "Xi", "xi-jinping"),
    ("President Xi Jinping spoke.", "Then {} left.", "Jinping", "xi-jinping"),
    ("Premier Li Qiang spoke.", "It was, said {}, a first.", "Li", "li-qiang"),
    ("Premier Li Qiang spoke.", "It was, said {}, a first.", "Qiang", "li-qiang")])
def test_a_word_of_a_name_known_with_its_title_refers_back_to_it(first, later, word, entity):
    linker = Linker(catalogue(ox.parse(TITLED, format=ox.RdfFormat.TURTLE)))
    found = linker.mentions(split_sentences(f"{first} {later.format(word)}"))
    short = [m for m in found if m.text == word]
    assert short and all(m.candidates and m.candidates[0].entity == D + entity for m in short)


ACRONYMS = ENTITIES + """
d:nasa a skg:SpaceAgency ; rdfs:label "NASA"@en .
d:cnsa a skg:SpaceAgency ; rdfs:label "CNSA"@en .
d:esa a skg:SpaceAgency ; rdfs:label "ESA"@en .
d:cmsa a skg:SpaceAgency ; rdfs:label "CMSA"@en .
"""


@pytest.mark.parametrize(("text", "mention", "entity"), [
    ("The National Aeronautics and Space Administration congratulated them.",
     "National Aeronautics and Space Administration", "nasa"),
    ("Zurbuchen, of the U.S. National Aeronautics and Space Administration, spoke.",
     "U.S. National Aeronautics and Space Administration", "nasa"),
    ("The United States National Aeronautics and Space Administration spoke.",
     "United States National Aeronautics and Space Administration", "nasa"),
    ("The China National Space Administration said so.", "China National Space Administration", "cnsa"),
    ("It said, the European Space Agency agreed.", "European Space Agency", "esa"),
    ("Crews of the China Manned Space Agency trained.", "China Manned Space Agency", "cmsa"),
])
def test_a_name_written_out_is_the_name_in_capitals_of_its_initials(text, mention, entity):
    linker = Linker(catalogue(ox.parse(ACRONYMS, format=ox.RdfFormat.TURTLE)))
    found = {m.text: m for m in linker.mentions(split_sentences(text))}
    assert found[mention].candidates[0].entity == D + entity
    assert found[mention].candidates[0].kind == "initials" and not found[mention].certain


@pytest.mark.parametrize("mention", ["National Space Administration", "Xichang National Space Administration",
                                     "Space Agency", "National Aeronautics Administration"])
def test_initials_that_spell_no_name_or_leave_out_more_than_a_place_give_none(mention):
    linker = Linker(catalogue(ox.parse(ACRONYMS, format=ox.RdfFormat.TURTLE)))
    assert not [c for c in linker.candidates(mention) if c.kind == "initials"]


@pytest.mark.parametrize(("text", "mention", "slug"), [
    ("A Long March-10 rocket rose.", "Long March-10", "long-march-10"),
    ("The Long March 10A rocket rose.", "Long March 10A", "long-march-10a"),
    ("The Long March 2F rocket rose.", "Long March 2F", "long-march-2f"),
    ("Long March-9 will fly later.", "Long March-9", "long-march-9"),
])
def test_a_designated_name_proposes_a_new_entity_and_keeps_its_family_as_a_candidate(linker, text, mention, slug):
    # The review proposes the new thing: confirming the proposal must not link one rocket to its family.
    (found,) = linker.mentions(split_sentences(text))
    assert found.text == mention and found.suggestion == D + slug
    assert found.candidates and all(c.kind == "fuzzy" for c in found.candidates)


def test_a_designated_name_is_proposed_new_in_the_review_file(tmp_path, linker):
    from spacekg.curation.review import write_review

    path = tmp_path / "links.tsv"
    write_review(path, linker.mentions(split_sentences("A Long March-10 rocket rose.")), linker)
    (row,) = [line.split("\t") for line in path.read_text().splitlines()[1:]]
    assert (row[3], row[4], row[5]) == ("Long March-10", "d:long-march-10", "new")
    assert "d:long-march (fuzzy" in row[9]


@pytest.mark.parametrize("adjective", ["Chinese", "Russian", "Japanese"])
@pytest.mark.parametrize("form", ["Its name means \"dream vessel\" in {}.", "It means sky palace in {}, he said.",
                                  "The name was translated from {} and English.", "It is written in {} or English."])
def test_a_countrys_adjective_that_names_a_language_is_no_mention(adjective, form):
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + """skg:Country a owl:Class . d:china a skg:Country ; rdfs:label "China"@en .
        d:russia a skg:Country ; rdfs:label "Russia"@en . d:japan a skg:Country ; rdfs:label "Japan"@en .""",
                             format=ox.RdfFormat.TURTLE))
    assert adjective not in [m.text for m in Linker(cat).mentions(split_sentences(form.format(adjective)))]


@pytest.mark.parametrize("form", ["It landed in Chinese territory.", "He spoke to reporters in Chinese state media.",
                                  "The probe is Chinese.", "It came from Chinese engineers."])
def test_a_countrys_adjective_before_what_it_qualifies_or_after_a_verb_is_still_the_countrys(linker, form):
    assert [(m.text, m.candidates[0].kind) for m in linker.mentions(split_sentences(form))] == [("Chinese", "adjective")]


@given(number=st.integers(min_value=1, max_value=99), other=st.integers(min_value=1, max_value=99),
       word=st.sampled_from(["rocket", "launcher", "carrier rocket", "vehicle"]), gap=st.sampled_from(["-", " "]))
def test_a_name_with_a_number_is_suggested_only_names_with_that_number(number, other, word, gap):
    # "Long March-10 rocket" is no slip of "Long March rocket" (the family) nor of another number.
    assume(number != other)
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + f"""
        d:long-march a skg:LaunchVehicle ; rdfs:label "Long March (rocket family)"@en ; skos:altLabel "Long March rocket"@en .
        d:lm-other a skg:LaunchVehicle ; rdfs:label "Long March{gap}{other}"@en .
        d:lm a skg:LaunchVehicle ; rdfs:label "Long March{gap}{number}"@en .""", format=ox.RdfFormat.TURTLE))
    with pytest.raises(UsageError) as refused:
        cat.entity(f"Long March{gap}{number} {word}")
    assert "d:long-march " not in str(refused.value)
    assert "d:lm-other" not in str(refused.value)
    assert "d:lm (" in str(refused.value) or "no close name found" in str(refused.value)


_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@given(before=_LETTERS, after=_LETTERS, words=st.lists(_LETTERS, max_size=3), at=st.integers(min_value=0, max_value=3),
       short=st.sampled_from(["EU", "PL", "TI", "PRC", "Mars"]))
def test_a_name_found_only_inside_the_words_of_another_is_no_close_name(before, after, words, at, short):
    # "Reuters" holds the letters of "EU" (European Union), "Utopia Planitia" those of "PL" (Peng
    # Liyuan): a part of a word is no part of a name, so neither is offered for the other.
    text = " ".join([*words[:at], before + short.lower() + after, *words[at:]])
    assert name_similarity(short.lower(), text) < FUZZY_CUTOFF
    assert name_similarity(text, short.lower()) < FUZZY_CUTOFF


@given(words=st.lists(_LETTERS, min_size=1, max_size=3), at=st.integers(min_value=0, max_value=3),
       name=st.sampled_from(["xichang", "long march", "shenzhou"]), slip=st.booleans())
def test_a_name_held_whole_among_other_words_is_a_close_name(words, at, name, slip):
    assume(len(" ".join(words)) + 1 <= 7 * len(name))
    written = name[:3] + name[4:] if slip else name
    text = " ".join([*words[:at], written, *words[at:]])
    assert name_similarity(name, text) >= (70 if slip else FUZZY_CUTOFF)


def test_an_unknown_name_is_not_offered_names_whose_initials_lie_inside_its_words():
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + """d:european-union a skg:Agent ; rdfs:label "European Union"@en .
        d:peng-liyuan a skg:Person ; rdfs:label "Peng Liyuan"@en .
        d:reuters a skg:NewsOrganization ; rdfs:label "Reuters"@en .""", format=ox.RdfFormat.TURTLE))
    for text in ("Reuter", "Utopia Planitia", "Reuters news agency"):
        with pytest.raises(UsageError) as refused:
            cat.entity(text)
        assert "d:european-union" not in str(refused.value) and "d:peng-liyuan" not in str(refused.value)
    with pytest.raises(UsageError, match="did you mean d:european-union"):
        cat.entity("EU.")


@pytest.fixture(scope="module")
def countries() -> Catalogue:
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    return catalogue(ox.parse(prefixes + """skg:Country a owl:Class ; rdfs:label "country"@en .
        d:china a skg:Country ; rdfs:label "China"@en . d:japan a skg:Country ; rdfs:label "Japan"@en .
        d:soviet-union a skg:Country ; rdfs:label "Soviet Union"@en .
        d:united-states a skg:Country ; rdfs:label "United States"@en ; skos:altLabel "America"@en , "US"@en .
        d:moon a skg:NaturalSatellite ; rdfs:label "Moon"@en . d:mars a skg:Planet ; rdfs:label "Mars"@en .
        d:cnsa a skg:SpaceAgency ; rdfs:label "China National Space Administration"@en ; skos:altLabel "CNSA"@en .
        d:change-4 a skg:RoboticMission ; rdfs:label "Chang'e 4"@en .
        d:chinese-space-program a skg:SpaceProgram ; rdfs:label "Chinese space program"@en .""",
                              format=ox.RdfFormat.TURTLE))


@given(pair=st.sampled_from([("Chinese", "china"), ("Japanese", "japan"), ("Soviet", "soviet-union"),
                             ("Soviets", "soviet-union"), ("American", "united-states"), ("Americans", "united-states"),
                             ("lunar", "moon"), ("Martian", "mars")]),
       the=st.booleans(), upper=st.booleans())
def test_an_answer_that_is_a_countrys_or_bodys_adjective_or_people_names_it(countries, pair, the, upper):
    # "--holder 'the Soviets'", as a stored query's parameter takes "-p target=lunar".
    word, entity = pair
    written = ("the " if the else "") + (word.upper() if upper else word)
    assert countries.entity(written) == D + entity


@given(name=st.sampled_from(["China", "CNSA", "Chang'e 4", "the United States", "Moon", "China National Space Administration"]),
       apostrophe=st.sampled_from("'\u2019"))
def test_an_answer_copied_with_its_possessive_names_what_the_name_names(countries, name, apostrophe):
    assert countries.entity(f"{name}{apostrophe}s") == countries.entity(name)
    assert countries.entity(f"the Soviets{apostrophe}") == D + "soviet-union"


@given(owner=st.sampled_from(["Moon", "moon", "the Moon"]), apostrophe=st.sampled_from("'\u2019"))
def test_an_answer_that_names_a_part_by_its_owners_possessive_names_the_part(owner, apostrophe):
    # "--site \"the Moon's far side\"" is the far side of the Moon, as a stored query's parameter reads it.
    prefixes = ENTITIES.split("skg:Country a owl:Class")[0]
    cat = catalogue(ox.parse(prefixes + """d:moon a skg:NaturalSatellite ; rdfs:label "Moon"@en .
        d:far-side-of-the-moon a skg:SurfaceRegion ; rdfs:label "far side of the Moon"@en .""", format=ox.RdfFormat.TURTLE))
    assert cat.entity(f"{owner}{apostrophe}s far side") == D + "far-side-of-the-moon"
    with pytest.raises(UsageError, match="no entity is named"):
        cat.entity(f"{owner}{apostrophe}s near side")


def test_a_name_that_has_an_adjective_for_its_words_is_still_that_name(countries):
    assert countries.entity("Chinese space program") == D + "chinese-space-program"
    with pytest.raises(UsageError, match="no entity is named 'Martians program'"):
        countries.entity("Martians program")


@pytest.fixture(scope="module")
def ontology() -> Catalogue:
    return catalogue(ox.parse(path=str(Path(__file__).resolve().parents[1] / "ontology" / "spacekg.ttl"),
                              format=ox.RdfFormat.TURTLE))


def _plural(words: str) -> str:
    """English's regular plural of the last word ("launch event" -> "launch events", "country" ->
    "countries")."""
    head, _, last = words.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(?:s|sh|ch|x|z)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def test_a_class_is_named_by_the_plural_of_its_name(ontology):
    # "--kind launches", "--agents countries": a count names what it counts in the plural.
    names = {normalise_label(label): cls for cls, label in ontology.classes.items()}
    for cls, label in ontology.classes.items():
        plural = _plural(label)
        if normalise_label(plural) in names or not label.isascii() or not re.fullmatch(r"[\w -]+", label):
            continue  # the plural is another class's name, or the label is no noun phrase
        assert ontology.ontology_class(plural) == cls, (label, plural)
        assert ontology.ontology_class(plural.upper()) == cls


@pytest.mark.parametrize(("words", "cls"), [
    ("Moon landing", "LunarSoftLanding"), ("moon landings", "LunarSoftLanding"), ("landing on the Moon", "LunarSoftLanding"),
    ("far-side landing", "LunarFarSideSoftLanding"), ("far side landings", "LunarFarSideSoftLanding"),
    ("landing on the far side of the Moon", "LunarFarSideSoftLanding"), ("Mars landing", "MarsSoftLanding"),
    ("manned spaceflight", "CrewedSpaceflight"), ("human spaceflights", "CrewedSpaceflight"),
    ("far-side sample return", "LunarFarSideSampleReturn"), ("Moon sample returns", "LunarSampleReturn")])
def test_an_achievement_is_named_by_the_words_news_writes_for_it(ontology, words, cls):
    # "--record 'Moon landing'": the ranked achievements by their everyday names.
    assert ontology.ontology_class(words) == SKG + cls


@pytest.mark.parametrize(("words", "suggested"), [
    ("Mars landing missions", "MarsSoftLanding"), ("crewed moon landing", "CrewedLanding"),
    ("lunar far side landings attempts", "LunarFarSideSoftLanding"), ("launch vehicels", "LaunchVehicle"),
])
def test_a_class_name_not_quite_written_is_offered_the_class_its_words_are_close_to(ontology, words, suggested):
    # Close to a class's label or other name ("Mars landing"), not only to its IRI's local name.
    with pytest.raises(UsageError, match=rf"did you mean [^?]*\b{suggested}\b"):
        ontology.ontology_class(words)


def test_a_modality_is_named_by_the_words_its_definition_says_sources_write(ontology):
    # "--modality 'plans to'": skg:Planned's definition quotes "plans to", "will" and "by 2020".
    members = ontology.vocabulary("Modality")
    cued = {cue: term for term in members for cue in ontology.cues.get(term, ())}
    assert {"plans to", "will", "hopes to", "is expected to", "according to", "is thought to", "is scheduled to",
            "aims to", "is set to"} <= set(cued)
    for cue, term in cued.items():
        for written in (cue, cue.upper(), f"  {cue.capitalize()} "):
            assert ontology.vocabulary_term("Modality", written) == term
    with pytest.raises(UsageError) as refused:
        ontology.vocabulary_term("Modality", "could")
    assert "Planned ('plans to', 'aims to', 'is scheduled to', 'is set to', 'will', 'by 2020')" in str(refused.value)


TOLD_OF = ENTITIES + """
skg:Event a owl:Class ; rdfs:label "event"@en .
d:{craft}-launch a skg:Event ; rdfs:label "{Craft} launch"@en .
d:{craft}-landing a skg:Event ; rdfs:label "{Craft} landing with the Zhurong rover"@en .
d:goal-{craft} a skg:Goal ; rdfs:label "China's first mission of its kind ({Craft})"@en .
d:plan-{craft} a skg:Plan ; rdfs:label "{Craft} plan"@en .
"""


@pytest.mark.parametrize("craft", ["Tianwen-1", "Chang'e-6", "Shenzhou-20", "Queqiao"])
@pytest.mark.parametrize("form", ["At 1 o'clock, the {} probe was de-orbited.", "It was {} that landed.",
                                  "The {} mission returned."])
def test_a_name_only_events_or_goals_named_after_it_resemble_proposes_the_thing_they_are_named_after(craft, form):
    # "the Tianwen-1 probe" (a Weibo post of the Zhurong rover, in English, 15 May 2021): the
    # review proposed the goal "China's first Mars mission ... (Tianwen-1)", as if the probe were it.
    key = slug(craft)
    cat = catalogue(ox.parse(TOLD_OF.replace("{craft}", key).replace("{Craft}", craft), format=ox.RdfFormat.TURTLE))
    (found,) = Linker(cat).mentions(split_sentences(form.format(craft)))
    assert found.text == craft and found.suggestion == D + key and found.how == "new"
    assert {c.entity for c in found.candidates} >= {D + f"{key}-launch", D + f"{key}-landing"}


def test_a_name_a_thing_resembles_as_well_keeps_that_thing_first():
    cat = catalogue(ox.parse(TOLD_OF.replace("{craft}", "tianwen-1").replace("{Craft}", "Tianwen-1")
                             + 'd:tianwen-1-probe a skg:Spacecraft ; rdfs:label "Tianwen-1 probe"@en .',
                             format=ox.RdfFormat.TURTLE))
    (found,) = Linker(cat).mentions(split_sentences("It was Tianwen-1 that landed."))
    assert found.suggestion is None and found.candidates[0].entity == D + "tianwen-1-probe"


KINDS_BEFORE = WITH_KINDS + """
skg:Lander a owl:Class ; rdfs:label "lander"@en .
d:zhurong a skg:Rover ; rdfs:label "Zhurong"@en .
d:yutu-2 a skg:Rover ; rdfs:label "Yutu-2"@en .
d:tiangong a skg:SpaceStation ; rdfs:label "Tiangong"@en .
d:planned-mars-rover a skg:Rover ; rdfs:label "China's planned Mars rover"@en .
"""


@pytest.mark.parametrize(("kind", "name", "entity"), [("Rover", "Zhurong", "zhurong"), ("Rover", "Yutu-2", "yutu-2"),
                                                      ("Space Station", "Tiangong", "tiangong"),
                                                      ("Lander", "Zhurong", "zhurong")])
@pytest.mark.parametrize("form", ["I am the Mars {kind} {name}.", "The {kind} {name} drove off.",
                                  "On Monday, China's {kind} {name} woke up."])
def test_a_kind_of_thing_before_a_name_is_said_of_it_and_is_no_mention(kind, name, entity, form):
    # "I am the Mars Rover Zhurong." (a Weibo post of the Zhurong rover, in English, 15 May 2021):
    # "Rover" had been a mention of its own, proposed as China's planned Mars rover.
    linker = Linker(catalogue(ox.parse(KINDS_BEFORE, format=ox.RdfFormat.TURTLE)))
    found = {m.text: m for m in linker.mentions(split_sentences(form.format(kind=kind, name=name)))}
    assert found[name].candidates[0].entity == D + entity
    assert not any(kind in text or (m.candidates and m.candidates[0].entity == D + "planned-mars-rover")
                   for text, m in found.items())


@pytest.mark.parametrize("text", ["The Rover drove off.", "It sent a Mars Rover.", "The Rover, Zhurong, drove off."])
def test_a_kind_of_thing_before_no_name_stays_a_mention(text):
    linker = Linker(catalogue(ox.parse(KINDS_BEFORE, format=ox.RdfFormat.TURTLE)))
    assert "Rover" in {m.text for m in linker.mentions(split_sentences(text))}


@pytest.mark.parametrize(("headline", "names"), [
    # The headline of a Weibo post of the Zhurong rover, in English (EIR, 15 May 2021), and of a000.
    ("Zhurong Rover Sends a Weibo Chat Message, \u2018Nihao\u2019 from Mars", ["Zhurong", "Mars"]),
    ("As America Looks Inward, China Looks Up.", ["China"]),
    ("China Lands Its First Rover On Mars", ["China", "Mars"]),
    ("Mars Rover Zhurong Drives Onto The Surface", ["Mars", "Zhurong"]),
])
def test_in_a_title_case_headline_only_names_that_resemble_a_known_one_are_mentions(headline, names):
    linker = Linker(catalogue(ox.parse(KINDS_BEFORE, format=ox.RdfFormat.TURTLE)))
    assert [m.text for m in linker.mentions(split_sentences(headline))] == names


@pytest.mark.parametrize(("text", "new"), [("Then Weibo users cheered the rover.", "Weibo"),
                                           ("It sent a Weibo Chat Message to China.", "Weibo Chat Message")])
def test_outside_a_headline_an_unknown_capitalised_run_is_still_proposed_new(text, new):
    linker = Linker(catalogue(ox.parse(KINDS_BEFORE, format=ox.RdfFormat.TURTLE)))
    found = {m.text: m for m in linker.mentions(split_sentences(text))}
    assert found[new].how == "new"


@pytest.mark.parametrize("word", ["About", "Nearly", "Almost", "Over", "Roughly"])
@pytest.mark.parametrize("number", ["30", "9", "240"])
def test_a_first_word_the_article_writes_in_small_letters_before_a_number_is_a_quantity(linker, word, number):
    # "About 30 minutes after the two devices were separated, the orbiter ascended" (a Weibo post
    # of the Zhurong rover, in English, 15 May 2021), after "After about 3 hours of flight".
    text = (f"After {word.lower()} 3 hours of flight, it entered the atmosphere. "
            f"{word} {number} minutes after that, the orbiter ascended.")
    assert [m.text for m in linker.mentions(split_sentences(text))] == []


@pytest.mark.parametrize("name", ["Apollo", "Shenzhou", "Soyuz"])
def test_a_first_word_only_written_capitalised_before_a_number_is_still_a_name(linker, name):
    text = f"It flew about 3 hours. {name} 11 landed after that."
    assert [m.text for m in linker.mentions(split_sentences(text))] == [f"{name} 11"]


@pytest.mark.parametrize("mark", ["\u2014", " \u2014 ", "\u2013", ": ", " | "])
@pytest.mark.parametrize("word", ["Hello", "Meanwhile", "Remarkably", "Updated"])
def test_a_lone_first_word_of_a_clause_after_a_dash_or_colon_is_no_mention(linker, mark, word):
    # "May 15, 2021 (EIRNS)—Hello friends of the Earth: I am the Mars Rover Zhurong." (a Weibo post
    # of the Zhurong rover, in English): "Hello" had been proposed as a new entity.
    found = [m.text for m in linker.mentions(split_sentences(f"May 15, 2021 (EIRNS){mark}{word} friends of China."))]
    assert word not in found and "China" in found


# "BEIJING, Dec. 15 (Xinhua) -- As the Chang'e-5 probe will bring moon samples back to Earth, ..."
# (People's Daily, 15 December 2020); "May 15, 2021 (EIRNS)—Hello friends of the Earth" (EIR).
@pytest.mark.parametrize("dateline", ["BEIJING, Dec. 15", "May 15, 2021", "CAPE CANAVERAL, Fla.", "JIUQUAN",
                                      "HONG KONG, Dec 17"])
@pytest.mark.parametrize("dash", [" -- ", "\u2014", " \u2014 ", " \u2013 ", " - "])
@pytest.mark.parametrize(("outlet", "first"), [("Global Times", "global-times"), ("GTN", "global-times"),
                                              ("EIRNS", "global-times"), ("China", "china")])
def test_the_outlet_in_brackets_after_a_dateline_is_one_of_the_articles_outlets(linker, dateline, dash, outlet, first):
    text = f"{dateline} ({outlet}){dash}The probe landed in China."
    outlets = [D + "global-times", D + "china"]
    found = {m.text: m for m in reversed(linker.mentions(split_sentences(text), outlets))}  # the first "China"
    assert found[outlet].suggestion is None
    assert [c.entity.removeprefix(D) for c in found[outlet].candidates][:2] == [first, *({"global-times", "china"} - {first})]
    # Without the article's outlets, or in brackets elsewhere, the words are matched as any name.
    alone = {m.text: m for m in linker.mentions(split_sentences(text))}
    assert all(c.kind != "dateline" for m in alone.values() for c in m.candidates)
    inside = {m.text: m for m in linker.mentions(split_sentences(f"The probe, said a report ({outlet}){dash}landed."),
                                                  outlets)}
    assert all(c.kind != "dateline" for m in inside.values() for c in m.candidates)



@pytest.mark.parametrize("dateline", ["MOSCOW, September 11.", "ST. PETERSBURG, Jan. 3.", "BAIKONUR, 5."])
@pytest.mark.parametrize(("outlet", "first"), [("Global Times", "global-times"), ("TASS", "global-times"),
                                              ("China", "china")])
def test_the_outlet_between_slashes_after_a_dateline_is_one_of_the_articles_outlets(linker, dateline, outlet, first):
    text = f"{dateline} /{outlet}/. The probe landed in China."
    outlets = [D + "global-times", D + "china"]
    found = {m.text: m for m in reversed(linker.mentions(split_sentences(text), outlets))}
    assert [c.entity.removeprefix(D) for c in found[outlet].candidates][:2] == [first, *({"global-times", "china"} - {first})]


@pytest.mark.parametrize("dateline", ["BEIJING", "WASHINGTON, May 14", "May 15, 2021"])
@pytest.mark.parametrize(("bracket", "outlet", "name"), [("AP", "associated-press", "Associated Press"),
                                                         ("AFP", "afp", "Agence France-Presse"),
                                                         ("NYT", "nyt", "The New York Times")])
def test_a_dateline_bracket_that_spells_an_outlets_initials_names_that_outlet_first(dateline, bracket, outlet, name):
    cat = catalogue(ox.parse(ENTITIES + f'd:{outlet} a skg:NewsOrganization ; rdfs:label "{name}"@en .\n'
                             'd:cnn a skg:NewsOrganization ; rdfs:label "CNN"@en .', format=ox.RdfFormat.TURTLE))
    outlets = [D + "global-times", D + "cnn", D + outlet]
    (found,) = [m for m in Linker(cat).mentions(split_sentences(f"{dateline} ({bracket}) \u2014 It flew."), outlets)
                if m.text == bracket]
    assert [(c.entity.removeprefix(D), c.kind) for c in found.candidates][:3] == [
        (outlet, "initials"), ("global-times", "dateline"), ("cnn", "dateline")]

@pytest.mark.parametrize("mark", ["\u2014", ": "])
def test_a_name_after_a_dash_or_colon_is_still_a_mention(linker, mark):
    found = [m.text for m in linker.mentions(split_sentences(f"It flew{mark}Xichang Satellite Launch Center again."))]
    assert found == ["Xichang Satellite Launch Center"]


NUMBERED = ENTITIES + """
d:xi-jinping a skg:Person ; rdfs:label "Xi Jinping"@en ; skos:altLabel "President Xi Jinping"@en .
d:shenzhou-11 a skg:CrewedMission ; rdfs:label "Shenzhou 11"@en .
d:tiangong-2 a skg:SpaceLaboratory ; rdfs:label "Tiangong-2"@en .
"""


@pytest.mark.parametrize("before", ["", "CHINA'S ", "MR. HU AND "])
@pytest.mark.parametrize(("named", "entity"), [
    ("PRESIDENT XI JINPING", "xi-jinping"), ("SHENZHOU XI", "shenzhou-11"), ("SHENZHOU-XI", "shenzhou-11"),
    ("TIANGONG II", "tiangong-2"), ("CHANG'E IV", "change-4")])
@pytest.mark.parametrize("after", [" HAILS LANDING", ", CREW RETURN", ""])
def test_in_a_headline_in_capitals_a_roman_numeral_is_a_number_only_after_a_series_name(before, named, entity, after):
    linker = Linker(catalogue(ox.parse(NUMBERED, format=ox.RdfFormat.TURTLE)))
    found = {m.text: m for m in linker.mentions(split_sentences(f"{before}{named}{after}\n"))}
    assert named in found and found[named].candidates[0].entity == D + entity, found


@pytest.mark.parametrize("text", ["President Xi Jinping hailed Shenzhou XI.", "PRESIDENT XI JINPING HAILS SHENZHOU XI"])
def test_a_headline_in_capitals_reads_its_names_as_the_same_words_in_lower_case_do(text):
    linker = Linker(catalogue(ox.parse(NUMBERED, format=ox.RdfFormat.TURTLE)))
    linked = [m.candidates[0].entity.removeprefix(D) for m in linker.mentions(split_sentences(text)) if m.candidates]
    assert linked == ["xi-jinping", "shenzhou-11"]


@pytest.mark.parametrize(("text", "written", "acronym", "entity"), [
    ("It is the sixth mission of the Chinese Lunar Exploration Program (CLEP).", "Chinese Lunar Exploration Program",
     "CLEP", "clep"),
    ("The Xichang Satellite Launch Center (XSLC) sent it.", "Xichang Satellite Launch Center", "XSLC", "xichang"),
    ("It asked the Lunar Exploration and Space Program Center (LESPC) of China.",
     "Lunar Exploration and Space Program Center", "LESPC", None),
    ("It asked the China Academy of Space Technology (C.A.S.T.) first.", "China Academy of Space Technology",
     "C.A.S.T.",
     None),
])
def test_an_initialism_in_brackets_after_the_name_it_spells_is_that_name(text, written, acronym, entity):
    defined = ENTITIES + 'd:clep a skg:SpaceProgram ; rdfs:label "Chinese Lunar Exploration Program"@en .\n'
    found = {m.text: m for m in Linker(catalogue(ox.parse(defined, format=ox.RdfFormat.TURTLE))).mentions(
        split_sentences(text))}
    named, spelt = found[written], found[acronym]
    if entity is None:  # both new: one new entity
        assert spelt.suggestion == named.suggestion is not None and not spelt.candidates
    else:
        assert named.candidates[0].entity == spelt.candidates[0].entity == D + entity
        assert spelt.candidates[0].kind == "initials" and not spelt.certain


@pytest.mark.parametrize(("text", "acronym", "kinds"), [
    ("The Xichang Satellite Launch Center (ESA) sent it.", "ESA", set()),      # spells another name
    # Not right after it: "XSC" abbreviates the name, but is not its initials (XSLC would be).
    ("The Xichang Satellite Launch Center, (XSC) sent it.", "XSC", set()),
    ("The United States (US) agreed.", "US", {"alias"}),                       # a name of its own already
])
def test_an_initialism_that_is_no_definition_keeps_its_own_candidates(linker, text, acronym, kinds):
    found = {m.text: m for m in linker.mentions(split_sentences(text))}
    assert {c.kind for c in found[acronym].candidates if c.kind != "fuzzy"} == kinds


def test_a_region_of_a_us_zone_after_a_clock_time_is_no_mention(linker):
    assert mentions(linker, "It touched down at 2:07 a.m. Eastern (0607 UTC) in China.") == [
        ("China", "china", "label")]
    assert [text for text, _, _ in mentions(linker, "It splashed down in the Pacific at 10 a.m.")] == ["Pacific"]
    # Only a clock time makes the region a zone, not any number before it.
    assert [text for text, _, _ in mentions(linker, "Founded in 2019 Pacific hosts watched.")] == ["Pacific"]
    assert mentions(linker, "It docked at 14:07 Eastern on Monday.") == []


REGIONS = ENTITIES + """
skg:AdministrativeRegion a owl:Class ; rdfs:label "administrative region"@en .
skg:LaunchSite a owl:Class ; rdfs:label "launch site"@en .
d:guizhou a skg:AdministrativeRegion ; rdfs:label "Guizhou"@en .
d:inner-mongolia a skg:AdministrativeRegion ; rdfs:label "Inner Mongolia"@en .
d:wenchang a skg:LaunchSite ; rdfs:label "Wenchang"@en .
"""


@pytest.mark.parametrize(("text", "mention", "entity"), [
    ("It is in southwest China's Guizhou Province, near Pingtang.", "Guizhou Province", "guizhou"),
    ("It came down in the Inner Mongolia Autonomous Region on Monday.", "Inner Mongolia Autonomous Region",
     "inner-mongolia"),
    ("It came down in Inner Mongolia Autonomous Region.", "Inner Mongolia Autonomous Region", "inner-mongolia"),
    ("Crowds gathered in Wenchang City to watch.", "Wenchang City", None),   # the launch site is no region
    ("Crowds gathered in Wenchang County to watch.", "Wenchang County", None),
    ("It is in Guizhou, a province of China.", "Guizhou", "guizhou"),
])
def test_a_regions_name_with_its_designation_is_that_region(text, mention, entity):
    found = {m.text: m for m in Linker(catalogue(ox.parse(REGIONS, format=ox.RdfFormat.TURTLE))).mentions(
        split_sentences(text))}
    assert mention in found, found
    best = found[mention].candidates[0].entity if found[mention].candidates and not found[mention].suggestion else None
    assert best == (D + entity if entity else None)


@pytest.mark.parametrize("title", ["Astronauts", "Taikonauts", "Engineers"])
def test_a_plural_title_before_names_is_no_part_of_them(linker, title):
    names = [text for text, _, _ in mentions(linker, f"{title} Ye Guangfu, Li Cong and Li Guangsu were well.")]
    assert names == ["Ye Guangfu", "Li Cong", "Li Guangsu"]


@pytest.mark.parametrize("text", ["Lander: Chang'e 4 lander.", "Lander teams met. The lander flew.",
                                  "Rocket: a Long March rocket.", "Rockets flew. The rocket rose."])
def test_a_lone_first_word_that_only_resembles_a_name_is_a_word_before_a_colon_or_where_written_small(linker, text):
    assert not any(m.text in ("Lander", "Rocket", "Rockets") for m in linker.mentions(split_sentences(text)))


def test_a_lone_first_word_that_resembles_a_name_and_is_never_written_small_stays_a_mention(linker):
    assert [m.text for m in linker.mentions(split_sentences("Xichang teams met."))] == ["Xichang"]


@pytest.mark.parametrize("names", [["Cai Xuzhe", "Wang Haoze"], ["Ye Guangfu", "Li Cong", "Li Guangsu"]])
@pytest.mark.parametrize("label", ["Crew: ", "", "Astronauts Named: "])
def test_names_in_a_title_case_line_are_mentions_where_the_article_writes_them_as_names(linker, names, label):
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    told = " and ".join(names)
    text = f"{label}{listed}\n\nThe crew, {told}, flew on Friday with {names[0]}."
    headline = [m.text for m in linker.mentions(split_sentences(text)) if m.begin < len(label) + len(listed)]
    assert headline == names


def test_a_title_case_headlines_words_stay_no_mention_when_the_article_writes_them_small_or_nowhere(linker):
    text = "China Launches Probe, Sends Three Crew\n\nThe crew launches today, China said."
    assert [m.text for m in linker.mentions(split_sentences(text))] == ["China", "China"]


@pytest.fixture(scope="module")
def typed_linker() -> Linker:
    ontology = Path(__file__).parents[1] / "ontology" / "spacekg.ttl"
    quads = [*ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE), *ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE)]
    return Linker(catalogue(quads))


@pytest.mark.parametrize(("text", "mention", "kind"), [
    ("The Zhurong rover landed.", "Zhurong", "Rover"),
    ("It left Sichuan province on Friday.", "Sichuan", "AdministrativeRegion"),
    ("NASA astronaut Donald Pettit flew.", "Donald Pettit", "Astronaut"),
    ("Roscosmos cosmonauts Alexey Ovchinin and Ivan Vagner flew.", "Alexey Ovchinin", "Astronaut"),
    ("Two Roscosmos cosmonauts, Alexey Ovchinin and Ivan Vagner, flew.", "Roscosmos", None),
    ("It heads for the main-belt comet 311P/PANSTARRS.", "311P/PANSTARRS", "Comet"),
    ("It visits Kamo'oalewa, a small near-Earth asteroid that may be a fragment of the moon.", "Kamo'oalewa", "Asteroid"),
    ("It rose from the Jiuquan Satellite Launch Center.", "Jiuquan Satellite Launch Center", "LaunchSite"),
    ("A Zhuque-3 rocket rose.", "Zhuque-3", "LaunchVehicle"),
    ("A Long March 10A lifted off.", "Long March 10A", "LaunchVehicle"),  # of its family's kind
    ("The U.S.-based firm's Crew Dragon docked.", "Crew Dragon", None),
    ("The Tianwen-2 probe left. The Tianwen-2 probe flew.", "Tianwen-2", "Spacecraft"),
    ("The Tianwen-2 mission left. The Tianwen-2 spacecraft flew.", "Tianwen-2", None),
    ("It launched JUICE, the probe of ESA.", "JUICE", "Spacecraft"),
    ("Andrew Jones wrote it.", "Andrew Jones", None),
    # The kind after a list of a series' members is each member's.
    ("The Chang'e-7 and -8 missions are due.", "Chang'e-7", "SpaceMission"),
    ("The Chang'e-7 and -8 missions are due.", "-8", "SpaceMission"),
    ("The Zhuque-3, 4 and 5 rockets flew.", "5", "LaunchVehicle"),
])
def test_the_words_around_a_new_name_propose_its_class(typed_linker, text, mention, kind):
    found = {m.kind for m in typed_linker.mentions(split_sentences(text)) if m.text == mention}
    assert found == {None if kind is None else SKG + kind}


@given(modifier=st.sampled_from(["spacecraft", "rocket", "satellite", "lunar", "space", "probe", "relay"]),
       head=st.sampled_from([("launch site", "LaunchSite"), ("launch center", "LaunchSite"), ("rover", "Rover"),
                             ("space station", "SpaceStation"), ("lander", "Lander")]),
       name=st.sampled_from(["Wenchang", "Xyzzy", "Qingyun"]), after=st.sampled_from([" on Hainan", ",", " that", ""]))
def test_a_new_names_kind_is_the_last_word_of_the_kind_words_after_it(typed_linker, modifier, head, name, after):
    # "the Wenchang spacecraft launch site": the words after the name make one noun, whose last
    # words say what the thing is; the first ("spacecraft") only what it is for.
    words, kind = head
    text = f"It flew from the {name} {modifier} {words}{after} in July."
    found = {m.kind for m in typed_linker.mentions(split_sentences(text)) if m.text == name}
    assert found == {SKG + kind}


@pytest.mark.parametrize("amount", ["US$ 490 mln", "HK$ 10", "Rs 615-crore", "Rs. 615 crore", "RMB 3.5 billion",
                                    "USD 100", "EUR 20 million"])
@pytest.mark.parametrize("form", ["It cost {} in all.", "{} was spent.", "China spent {} on it."])
def test_an_amount_with_its_currency_is_no_name(linker, amount, form):
    assert [m.text for m in linker.mentions(split_sentences(form.format(amount)))] in ([], ["China"])


@pytest.mark.parametrize("initialism", ["ISRO", "JAXA", "CNSA", "KARI"])
@pytest.mark.parametrize("form", ["{} chairman S Somanath said so.", "{} said so.", "{} and NASA met."])
def test_an_initialism_first_in_a_sentence_is_a_name(linker, initialism, form):
    assert initialism in [m.text for m in linker.mentions(split_sentences(form.format(initialism)))]


@pytest.mark.parametrize("initialism", ["JAXA", "KARI", "ISRO"])
@pytest.mark.parametrize("form", ["{}, the agency, said so.", "{}, which flew it, said so.", "{}, ESA and NASA met.",
                                  "{}, KARI and ISRO met.", "{} (the agency) said so."])
def test_an_initialism_first_in_a_sentence_before_a_comma_and_no_datelines_rest_is_a_name(linker, initialism, form):
    assert initialism in [m.text for m in linker.mentions(split_sentences(form.format(initialism)))]


@pytest.mark.parametrize("text", ["OK, it flew.", "AI helps.", "BENGALURU: India flew.", "MOSCOW, Sept. 11 -- It flew.",
                                  "CHINA LANDS ROVER", "HOUSTON, Texas \u2014 It flew.", "MOSCOW, September 11. It flew.",
                                  "BENGALURU, India, May 3 -- It flew.", "MOSCOW, 11 September -- It flew.",
                                  "BENGALURU (Reuters) - It flew."])
def test_a_short_word_in_capitals_a_datelines_place_or_a_headline_in_capitals_is_no_initialism(linker, text):
    assert not any(m.text in ("OK", "AI", "BENGALURU", "MOSCOW", "LANDS", "ROVER")
                   for m in linker.mentions(split_sentences(text)))


@pytest.mark.parametrize(("names", "told"), [(["Cai Xuzhe", "Song Lingdong", "Wang Haoze"], "Wang Haoze"),
                                            (["Ye Guangfu", "Li Cong", "Li Guangsu"], "Ye Guangfu")])
@pytest.mark.parametrize("joined", [", {} and {}", ", {}, and {}", ", {}, {}"])
def test_names_listed_in_a_title_case_line_with_a_name_are_names(linker, names, told, joined):
    listed = names[0] + joined.format(*names[1:])
    text = f"Crew: {listed}\n\nThe crew includes {told}, an engineer."
    headline = [m.text for m in linker.mentions(split_sentences(text)) if m.begin < len("Crew: " + listed)]
    assert headline == names


def test_a_title_case_headlines_words_beside_a_name_but_not_listed_with_it_stay_no_mention(linker):
    text = "China Launches Probe, Sends Three Crew\n\nThe crew launches today, China said."
    assert [m.text for m in linker.mentions(split_sentences(text))] == ["China", "China"]


def elided(linker: Linker, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.name, m.suggestion.removeprefix(D) if m.suggestion else m.candidates[0].entity.removeprefix(D))
            for m in linker.mentions(split_sentences(text)) if m.name]


@pytest.mark.parametrize(("stem", "join", "first"), [
    ("Chang'e", "-", 6), ("Chang'e", " ", 6), ("Shenzhou", "-", 16), ("Long March", " ", 5), ("Soyuz MS", "-", 26),
    ("Tianwen", "-", 1),
])
@pytest.mark.parametrize("form", [
    "The agency plans {head}, -{a} and -{b} later this decade.", "The agency plans {head}, {a} and {b} later this decade.",
    "The agency flew {head} and {a}.", "The {head}, {a}, {b} and {c} missions follow.", "The agency flew {head} and -{a} in turn.",
    "It flew {head} or {a}, and {b}.", "{head} to {a} flew.", "{head} and {a} was a success.",
    "{head}, {a} and {b} always fly.", "{head}, {a} and {b} has flown.", "{head} and {a} rockets flew.",
])
def test_the_later_members_of_a_series_listed_by_their_numbers_are_mentions_of_their_whole_names(
        typed_linker, stem, join, first, form):
    numbers = {"a": first + 1, "b": first + 2, "c": first + 4}
    text = form.format(head=f"{stem}{join}{first}", **numbers)
    listed = [numbers[key] for key in "abc" if "{" + key + "}" in form]
    members = [(f"-{n}" if "-{" + key + "}" in form else str(n), n) for key, n in numbers.items() if n in listed]
    expected = [(written, f"{stem}{'-' if written.startswith('-') else join}{n}") for written, n in members]
    found = elided(typed_linker, text)
    assert [(written, name) for written, name, _ in found] == expected
    assert [link for _, _, link in found] == [slug(name) for _, name in expected]


@pytest.mark.parametrize("text", [
    "Chang'e 5 and 2 rovers flew.",              # a number that goes down counts something
    "Long March 5 and 7 tonnes of fuel.",        # a word in small letters after it says what it counts
    "Shenzhou-16, 3 astronauts and a dog.",
    "Long March 5, 2016 was its first year.",    # a year
    "Chang'e 5, 7.5 kilograms in all.",          # a quantity
    "Tianwen-1 and 2,000 images came back.",
    "Chang'e-5 in 2020 and 6 in 2024.",          # not listed right after the name
])
def test_a_number_after_a_numbered_name_that_counts_something_is_no_member(typed_linker, text):
    assert elided(typed_linker, text) == []


def test_a_listed_member_is_of_the_class_of_the_name_it_is_listed_with(typed_linker):
    (seven, eight) = [m for m in typed_linker.mentions(split_sentences("It plans Chang'e 4, -7 and -8.")) if m.name]
    assert seven.suggestion == D + "change-7" and eight.suggestion == D + "change-8"
    assert seven.kind == eight.kind == SKG + "RoboticMission"


def test_a_listed_member_is_reviewed_under_its_whole_name_and_its_number_is_made_no_name(tmp_path, typed_linker):
    from spacekg.curation.review import write_review

    path = tmp_path / "links.tsv"
    write_review(path, typed_linker.mentions(split_sentences("It plans Chang'e 4, -7 and -8.")), typed_linker)
    rows = [line.split("\t") for line in path.read_text().splitlines()[1:]]
    assert [(r[3], r[4], r[5], r[7], r[8]) for r in rows[1:]] == [
        ("-7", "d:change-7", "new", "Chang'e-7", "skg:RoboticMission"),
        ("-8", "d:change-8", "new", "Chang'e-8", "skg:RoboticMission")]  # the dash the number is written with


@pytest.mark.parametrize("form", [
    "It landed on the {first}, or '{second}', a lava plain.", "It landed on the {first}, or \u201c{second}\u201d.",
    "It landed on the {first} (\"{second}\") in 2020.", "It landed on the {first} (or '{second}') in 2020.",
    "It landed on the {first}, also known as the {second}, in 2020.", "It landed on the {first}, dubbed \"{second}\".",
    "It landed on the {first}, known as {second}.", "It landed on the {first}, called the \u2018{second}\u2019.",
])
@pytest.mark.parametrize(("first", "second"), [("Oceanus Procellarum", "Ocean of Storms"),
                                               ("Mare Imbrium", "Sea of Showers"),
                                               ("Tianzhou Plain", "Heavenly Boat Field")])
def test_a_name_the_text_gives_beside_a_new_name_is_proposed_as_the_same_new_entity(typed_linker, form, first, second):
    found = {m.text: m for m in typed_linker.mentions(split_sentences(form.format(first=first, second=second)))}
    assert found[second].suggestion == found[first].suggestion == D + slug(first)
    assert found[second].name == first


@pytest.mark.parametrize("form", ["The rover {first}, dubbed \"{second}\" by fans, drove.", "{first} (\"{second}\") drove."])
def test_a_name_the_text_gives_beside_a_known_name_is_proposed_as_that_entity(typed_linker, form):
    found = {m.text: m for m in typed_linker.mentions(split_sentences(form.format(first="Chang'e 4", second="Jade Boat")))}
    assert [(c.entity, c.kind) for c in found["Jade Boat"].candidates] == [(D + "change-4", "apposition")]
    assert found["Jade Boat"].suggestion is None and not found["Jade Boat"].certain


@pytest.mark.parametrize("text", [
    "It flew to Tianzhou Plain, or Beihai, in 2020.",          # no quotation marks: two places
    "It flew to Tianzhou Plain (Beihai) in 2020.",
    "It flew to Tianzhou Plain, 'Beihai said', in 2020.",      # a quotation is no name
    "It flew to Tianzhou Plain, or 'Beihai Plain Site today.",  # no closing mark after the name
])
def test_a_second_name_without_the_marks_of_another_name_is_its_own(typed_linker, text):
    found = {m.text: m for m in typed_linker.mentions(split_sentences(text))}
    second = next(m for t, m in found.items() if t.startswith("Beihai"))
    assert second.suggestion != found["Tianzhou Plain"].suggestion and second.name is None


@pytest.mark.parametrize(("text", "mention"), [
    ("The Minister of the Interior spoke.", "Minister of the Interior"),
    ("The Minister of Foreign Affairs spoke.", "Minister of Foreign Affairs"),
    ("They reached the Harmony of the Heavens module.", "Harmony of the Heavens"),
    ("The Republic of the Congo flew.", "Republic of the Congo"),
])
def test_of_and_of_the_join_the_words_of_one_name_and_a_title_that_of_qualifies_stays_whole(typed_linker, text, mention):
    assert [m.text for m in typed_linker.mentions(split_sentences(text))] == [mention]


@pytest.mark.parametrize("written", ["the moon's far side", "the Moon\u2019s far side", "the moon's far-side",
                                     "the Moon's Far Side"])
@pytest.mark.parametrize("form", ["It landed on {}.", "{}, said NASA, is dark.", "It reached {} in 2019."])
def test_a_name_of_x_written_as_xs_words_is_that_name(written, form):
    cat = catalogue(ox.parse(ENTITIES + 'd:moon a skg:NaturalSatellite ; rdfs:label "Moon"@en .\n'
                             'd:far-side a skg:SurfaceRegion ; rdfs:label "far side of the Moon"@en .',
                             format=ox.RdfFormat.TURTLE))
    found = Linker(cat).mentions(split_sentences(form.format(written).capitalize() if form.startswith("{") else
                                                 form.format(written)))
    words = written.removeprefix("the ")
    assert [(m.text.lower(), m.candidates[0].entity) for m in found if "side" in m.text.lower()] == \
        [(words.lower(), D + "far-side")]


@pytest.mark.parametrize("text", ["The moon's surface is grey.", "China's space station flew.",
                                  "The moon's far away."])
def test_words_after_a_possessive_that_no_name_of_it_has_are_not_that_name(text):
    cat = catalogue(ox.parse(ENTITIES + 'd:moon a skg:NaturalSatellite ; rdfs:label "Moon"@en .\n'
                             'd:far-side a skg:SurfaceRegion ; rdfs:label "far side of the Moon"@en .',
                             format=ox.RdfFormat.TURTLE))
    assert all(not m.candidates or m.candidates[0].entity != D + "far-side" for m in Linker(cat).mentions(split_sentences(text)))


@pytest.mark.parametrize("address", ["https://en.wikipedia.org/wiki/Long_March_rocket", "http://www.China.cn/Xichang",
                                     "www.GlobalTimes.cn/China", "Xichang@China.cn", "ftp://China.org/US"])
@pytest.mark.parametrize("form", ["See {} for more.", "It flew on a [rocket]({}) from the site.", "Read: {}"])
def test_a_web_or_mail_address_names_nothing(linker, address, form):
    assert mentions(linker, form.format(address)) == []


def test_the_text_of_a_markdown_link_still_names_things(linker):
    found = mentions(linker, "It flew on a [Long March rocket](https://example.org/Long_March) from Xichang Satellite "
                             "Launch Center.")
    assert [t for t, _, _ in found] == ["Long March rocket", "Xichang Satellite Launch Center"]


@pytest.mark.parametrize(("written", "entity"), [("Shen Zhou-11", "shenzhou-11"), ("Shen Zhou 11", "shenzhou-11"),
                                                 ("Tian Gong-2", "tiangong-2"), ("Yu Tu-2", "yutu-2"),
                                                 ("Chang E 4", "change-4")])
@pytest.mark.parametrize("form", ["The agency flew {} last year.", "{} flew.", "It was {}, said Xinhua."])
def test_a_name_written_in_syllables_has_the_name_run_together_as_its_best_candidate(written, entity, form):
    cat = catalogue(ox.parse(ENTITIES + """d:shenzhou-11 a skg:CrewedMission ; rdfs:label "Shenzhou 11"@en .
        d:tiangong-2 a skg:SpaceLaboratory ; rdfs:label "Tiangong-2"@en .
        d:yutu-2 a skg:Rover ; rdfs:label "Yutu-2"@en .""", format=ox.RdfFormat.TURTLE))
    (found,) = [m for m in Linker(cat).mentions(split_sentences(form.format(written))) if m.text == written]
    assert (found.candidates[0].entity, found.candidates[0].kind) == (D + entity, "fuzzy")
    assert not found.certain  # the review confirms a spelling that no name has


def test_words_that_run_together_into_no_name_have_no_such_candidate(linker):
    assert mentions(linker, "Li Cong met Wang Jie.") == [("Li Cong", None, "new"), ("Wang Jie", None, "new")]


@pytest.mark.parametrize("text", ["Officials said it would fly.", "Officials, the paper said, agreed."])
def test_a_first_word_that_only_resembles_an_events_label_is_no_mention(text):
    cat = catalogue(ox.parse(ENTITIES + """skg:Announcement rdfs:subClassOf skg:Event .
        d:interview a skg:Announcement ; rdfs:label "CNSA official's interview with Xinhua"@en .""",
                             format=ox.RdfFormat.TURTLE))
    assert [m.text for m in Linker(cat).mentions(split_sentences(text))] == []
    assert [m.text for m in Linker(cat).mentions(split_sentences("It said Officials Group flew."))] == ["Officials Group"]


def _roman(n: int) -> str:
    tens, units = divmod(n, 10)
    return "X" * tens + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][units]


@given(st.integers(2, 39), st.sampled_from(["-", " "]), st.sampled_from(["Zhuhai", "Tianzhou", "Jielong"]))
def test_a_new_name_numbered_in_roman_or_in_figures_is_one_new_entity_named_as_first_written(n, join, series):
    roman, figures = f"{series}{join}{_roman(n)}", f"{series}-{n}"
    text = f"The {roman} craft flew. Later {figures} landed, and {roman} came home."
    found = [m for m in Linker(catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE))).mentions(split_sentences(text))
             if m.text in (roman, figures)]
    assert [m.text for m in found] == [roman, figures, roman]
    assert {m.suggestion for m in found} == {D + slug(figures)}
    assert [m.name for m in found] == [None, roman, None]  # the later spelling stands for the first


@pytest.mark.parametrize(("text", "abbreviations"), [
    ("They made two extravehicular activities (EVAs). The first EVA lasted nine hours.", ["EVAs", "EVA"]),
    ("It reached a low Earth orbit (LEO) and stayed in LEO.", ["LEO", "LEO"]),
    ("A reusable launch vehicle (RLV) flew; the RLVs are new.", ["RLV", "RLVs"]),
])
def test_an_abbreviation_defined_by_words_in_small_letters_names_no_entity(linker, text, abbreviations):
    assert not {t for t, _, _ in mentions(linker, text)} & set(abbreviations)


@pytest.mark.parametrize(("text", "abbreviation"), [
    ("The China Manned Space Agency (CMSA) said so. The CMSA agreed.", "CMSA"),  # defined by a name
    ("The agency flew a space shuttle (NASA) and NASA agreed.", "NASA"),  # a name the project knows
])
def test_an_abbreviation_of_a_name_or_a_known_one_is_still_a_mention(text, abbreviation):
    cat = catalogue(ox.parse(ENTITIES + 'd:nasa a skg:SpaceAgency ; rdfs:label "NASA"@en .',
                             format=ox.RdfFormat.TURTLE))
    assert [m.text for m in Linker(cat).mentions(split_sentences(text))].count(abbreviation) == 2


@pytest.mark.parametrize("name", ["Xichang Satellite Launch Center", "European Space Agency", "Space Center"])
def test_an_abbreviation_after_a_name_whose_last_word_ends_in_small_letters_is_still_a_mention(linker, name):
    # "Center (ESA)": the small letters end a name's word, they start none.
    assert "ESA" in [t for t, _, _ in mentions(linker, f"The {name} (ESA) sent it. ESA agreed.")]


def _shipped_catalogue() -> Catalogue:
    from spacekg.curation.catalogue import project_quads
    from spacekg.sources.project import Project

    return catalogue(project_quads(Project(Path(__file__).resolve().parents[1])))


SHIPPED = _shipped_catalogue()


def _written_out(text: str) -> list[str] | None:
    """The words whose initials abbreviate ``text``, if it is a proper name written out: three or
    more, each capitalised, leaving out "of", "and", "the"."""
    words = [w for w in text.split() if w.lower() not in ("of", "the", "and", "de", "von", "van", "for")]
    proper = len(words) >= 3 and not text.isupper() and all(w[0].isupper() for w in words)
    return words if proper and all(w[0].isascii() for w in words) else None


def _spelt_out_names() -> list[tuple[str, str, str]]:
    """(entity, name, initials) of the shipped proper names written out, whose initials no name in
    capitals already is."""
    capitals = {n.text.replace(".", "").upper() for n in SHIPPED.names if n.text.isupper()}
    return [(name.entity, name.text, initials) for name in SHIPPED.names
            if (words := _written_out(name.text)) and (initials := "".join(w[0] for w in words).upper()) not in capitals]


@settings(max_examples=40)
@given(named=st.sampled_from(_spelt_out_names()), stops=st.booleans(),
       form=st.sampled_from(["Officials of the {} spoke.", "The {} said so on Friday.", "It was the {}'s first.",
                             "Delegates from the {}, India and Japan met."]))
def test_a_name_in_capitals_may_be_the_initials_of_a_name_written_out(named, stops, form):
    """"PRC" may be the People's Republic of China, "U.S.A." the United States of America: a
    candidate to confirm, not a link made."""
    entity, name, initials = named
    written = "".join(f"{letter}." for letter in initials) if stops else initials
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(form.format(written)))}
    assert written in found, (name, found)
    spelt = [c for c in found[written].candidates if c.entity == entity]
    assert spelt and spelt[0].kind == "initials" and not found[written].certain, (name, found[written])


@pytest.mark.parametrize("text", ["The XQZ said so.", "The usa said so.", "The Prc said so.",
                                  # "microchip with Chinese music" and "Long March (rocket family)"
                                  # are descriptions, not proper names with initials.
                                  "The MWCM said so.", "The LMRF said so."])
def test_a_word_that_is_not_in_capitals_or_spells_no_proper_name_is_no_ones_initials(text):
    assert not [c for m in Linker(SHIPPED).mentions(split_sentences(text)) for c in m.candidates
                if c.kind == "initials"]


# Each named entity with a name only it has, and the words for each class it is of.
_KIND_WORDS = {cls: sorted({label, *SHIPPED.other_names.get(cls, ())}) for cls, label in SHIPPED.classes.items()}
_NAMED = sorted({(n.text, n.entity) for n in SHIPPED.names
                 if len({m.entity for m in SHIPPED.names if m.text == n.text}) == 1
                 and any(SHIPPED.is_a(n.entity, cls) for cls in _KIND_WORDS)})


@pytest.mark.parametrize(("written", "entity"), [
    ("Chang'e 4 event", "change-4"), ("the Chang'e 4 mission", "change-4"), ("Chang'e 4 landing", "change-4-landing"),
    ("Chang'e 4 launch", "change-4-launch")])
def test_a_word_for_a_kind_the_thing_itself_is_names_the_thing_not_its_events(written, entity):
    # A mission is an event: "Chang'e 4 event" is the mission, not its launch, landing and relay launch.
    assert SHIPPED.entity(written) == D + entity


@given(st.sampled_from(_NAMED), st.data(), st.sampled_from(["{name} {kind}", "the {name} {kind}", "{kind} {name}",
                                                            "The {kind} {name}"]))
def test_a_name_given_with_a_word_for_its_kind_names_its_entity_and_one_for_another_kind_none(named, data, form):
    # "Queqiao relay satellite", "the Yutu rover", "rover Yutu 2", "Chang'e 4 mission".
    name, entity = named
    mine = sorted(cls for cls in _KIND_WORDS if SHIPPED.is_a(entity, cls))
    kind = data.draw(st.sampled_from([w for cls in mine for w in _KIND_WORDS[cls]]))
    assert SHIPPED.entity(form.format(name=name, kind=kind)) == entity
    # A title before a name ("astronaut …", "engineer …") is left out whatever the name; the word
    # for a kind of event after a name names that one's event ("Yutu soft landing"), if it has one.
    others = sorted({w for cls, words in _KIND_WORDS.items() if not SHIPPED.fits(entity, cls)
                     and not SHIPPED.subsumed(cls, SKG + "Event") for w in words}
                    - {w for cls in mine for w in _KIND_WORDS[cls]} - TITLE_WORDS)
    other = data.draw(st.sampled_from(others))
    written = form.format(name=name, kind=other)
    assume(not any(n.text.lower() == written.lower() for n in SHIPPED.names))
    with pytest.raises(UsageError, match="no entity is named") as refused:
        SHIPPED.entity(written)
    # The refusal names the entity the words without their kind name: the slip may be the word.
    assert "d:" + entity.removeprefix(D) + " (" in str(refused.value)


_MULTI_WORD_CLASSES = sorted((cls, label) for cls, label in SHIPPED.classes.items() if len(label.split()) > 1)


@given(st.sampled_from(_MULTI_WORD_CLASSES), st.randoms(use_true_random=False))
def test_a_class_named_in_its_words_in_another_order_is_that_class_where_it_is_the_only_one(chosen, rng):
    # "soft lunar landing" for the ontology's "lunar soft landing".
    cls, label = chosen
    words = label.split()
    rng.shuffle(words)
    same_words = {c for c, other in SHIPPED.classes.items() if sorted(other.lower().split()) == sorted(label.lower().split())}
    if same_words == {cls}:
        assert SHIPPED.ontology_class(" ".join(words)) == cls
    else:
        assert SHIPPED.ontology_class(label) == cls


@given(st.lists(st.sampled_from(["Senior", "Science", "Space", "Chief", "Staff", "Beijing", "Asia", "Contributing"]),
                min_size=0, max_size=3),
       st.sampled_from(["Writer", "Editor", "Reporter", "Correspondent", "Columnist", "Contributor", "Photographer"]),
       st.sampled_from(["said Lin Xiqiang, {role}.", "Lin Xiqiang, the {role}, said the plan holds.",
                        "The {role} Lin Xiqiang said the plan holds."]))
def test_a_role_written_as_a_title_is_no_mention_and_the_name_beside_it_is_one(linker, words, noun, form):
    role = " ".join([*words, noun])
    found = [text for text, _, _ in mentions(linker, form.format(role=role))]
    assert "Lin Xiqiang" in found
    assert not any(noun in text for text in found)


_SHIPPED_QUADS = None


def _with(turtle: str) -> Catalogue:
    from spacekg.curation.catalogue import project_quads
    from spacekg.namespaces import PREFIXES
    from spacekg.sources.project import Project

    global _SHIPPED_QUADS
    if _SHIPPED_QUADS is None:
        _SHIPPED_QUADS = project_quads(Project(Path(__file__).resolve().parents[1]))
    declared = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    return catalogue([*_SHIPPED_QUADS, *ox.parse(declared + turtle, format=ox.RdfFormat.TURTLE)])


_ARTIFACT_AND_PLACE_KINDS = sorted((cls, label) for cls, label in SHIPPED.classes.items()
                                   if SHIPPED.subsumed(cls, SKG + "Artifact") or SHIPPED.subsumed(cls, SKG + "Place"))


@settings(max_examples=30)
@given(st.sampled_from(["Mengtian", "Wentian", "Haiyang Base", "Kunlun 7"]), st.sampled_from(_ARTIFACT_AND_PLACE_KINDS),
       st.sampled_from(["The {name} was seen on Monday.", "Officials said the {name} was ready.",
                        "It reached {name} on Monday."]))
def test_an_artifact_or_place_is_found_by_its_label_without_the_words_for_its_kind(name, kind, form):
    # "Tiangong" of the "Tiangong space station", "Von Kármán" of the "Von Kármán crater".
    cls, label = kind
    cat = _with(f'd:test-thing a <{cls}> ; rdfs:label "{name} {label}"@en .')
    found = [m for m in Linker(cat).mentions(split_sentences(form.format(name=name))) if m.text == name]
    assert found and found[0].candidates[0].entity == D + "test-thing" and found[0].candidates[0].kind == "short"
    assert cat.entity(name) == cat.entity(f"the {name} {label}") == D + "test-thing"
    # A name another thing has stays that thing's; an event is named by what it was of, not short.
    cat = _with(f'd:test-thing a <{cls}> ; rdfs:label "{name} {label}"@en . d:other a skg:Person ; rdfs:label "{name}"@en .')
    assert cat.entity(name) == D + "other"
    cat = _with(f'd:test-launch a skg:LaunchEvent ; rdfs:label "{name} launch"@en .')
    assert not cat.short_names or all(n.entity != D + "test-launch" for n in cat.short_names)


@given(st.sampled_from(["astronauts", "cosmonauts", "taikonauts", "crewmates", "crew members"]),
       st.lists(st.sampled_from(["Ye Guangfu", "Li Cong", "Li Guangsu", "Tang Shengjie", "Jiang Xinlin", "Ivan Vagner"]),
                min_size=2, max_size=4, unique=True),
       st.booleans(), st.sampled_from(["It carried {list} to the station.", "{List} will spend six months there."]),
       st.sampled_from([" ", " -- ", " \u2014 ", ": ", ", "]))
def test_a_plural_before_a_list_of_new_names_is_what_each_of_them_is(plural, names, oxford, form, set_off):
    # "astronauts Ye Guangfu, Li Cong and Li Guangsu", "three astronauts -- Cai Xuzhe, …": each is
    # an astronaut, not only the first.
    listed = ", ".join(names[:-1]) + ("," if oxford and len(names) > 2 else "") + " and " + names[-1]
    words = f"{plural}{set_off}{listed}"
    text = form.format(list=words, List=words[0].upper() + words[1:])
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert {name: found.get(name) for name in names} == dict.fromkeys(names, SKG + "Astronaut")


@given(st.sampled_from([("missions", "SpaceMission"), ("rockets", "LaunchVehicle"), ("landers", "Lander"),
                        ("relay satellites", "RelaySatellite"), ("space stations", "SpaceStation")]),
       st.lists(st.sampled_from(["Zorvan-7", "Zorvan-8", "Quelar", "Brisa Nova", "Tetrix-2B"]), min_size=2, max_size=4,
                unique=True),
       st.booleans(), st.sampled_from(["and", "or"]),
       st.sampled_from(["China will fly the {list} {plural} next.", "The {list} {plural} were delayed."]))
def test_a_plural_after_a_list_of_new_names_is_what_each_of_them_is(plural, names, oxford, joined, form):
    # "the Chang'e-7 and Chang'e-8 missions": each is a mission, not only the last.
    words, cls = plural
    listed = ", ".join(names[:-1]) + ("," if oxford and len(names) > 2 else "") + f" {joined} " + names[-1]
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(list=listed, plural=words)))}
    assert {name: found.get(name) for name in names} == dict.fromkeys(names, SKG + cls)


@given(st.sampled_from(["Zorvan-6", "Quelar", "Tetrix-2B"]),
       st.sampled_from(["Mars", "Martian", "lunar", "Moon", "moon"]),
       st.sampled_from([("mission", "SpaceMission"), ("probe", "Spacecraft"), ("rover", "Rover"), ("lander", "Lander"),
                        ("space telescope", "ArtificialSatellite")]))
def test_a_body_between_a_new_name_and_a_kind_of_thing_leaves_the_kind_its_own(name, body, kind):
    # "Tianwen-1 Mars mission", "the Chang'e-6 lunar probe": a mission, a probe, for that body.
    word, cls = kind
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(f"The {name} {body} {word} flew."))}
    assert found.get(name) == SKG + cls


@pytest.mark.parametrize(("name", "cls"), [("Utopia Planitia", "SurfaceRegion"), ("Zorvan Planum", "SurfaceRegion"),
                                           ("Zorvan Vallis", "SurfaceRegion"), ("Olympus Mons", "SurfaceRegion"),
                                           ("Zorvan Basin", "ImpactBasin"), ("Zorvan Crater", "Crater")])
def test_a_new_name_ending_in_a_descriptor_of_planetary_nomenclature_is_a_surface_region(name, cls):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(f"The lander touched down in {name}."))}
    assert found.get(name) == SKG + cls


@given(st.sampled_from(["Mare", "Oceanus", "Lacus", "Sinus", "Palus", "Montes", "Rupes"]),
       st.sampled_from(["Imbrium", "Procellarum", "Zorvanum", "Quelaris"]),
       st.sampled_from(["The lander touched down in {name}.", "{name} is where it landed.",
                        "It landed in the {name} region on Friday."]))
def test_a_new_name_led_by_a_descriptor_of_planetary_nomenclature_is_a_surface_region(descriptor, word, form):
    # "Chang'e-5 landed in the Oceanus Procellarum region", "Mare Imbrium", "Sinus Iridum".
    name = f"{descriptor} {word}"
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(name=name)))}
    assert found.get(name) == SKG + "SurfaceRegion"


@given(st.sampled_from(["Siziwang Banner", "Dongfeng County", "Zorvan Prefecture", "Quelar Autonomous Region"]),
       st.sampled_from(["The capsule touched down in {name} on Tuesday.", "It landed in {name}, north China's Inner "
                        "Mongolia.", "{name} is where the capsule came down."]))
def test_a_new_name_ending_in_a_word_for_a_division_of_a_country_is_an_administrative_region(name, form):
    # "… touched down in Siziwang Banner, north China's Inner Mongolia Autonomous Region".
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(name=name)))}
    assert found.get(name) == SKG + "AdministrativeRegion"


@given(st.sampled_from(["lab", "laboratory", "experiment", "core", "station"]),
       st.sampled_from(["The Zorvan and Quelar {word} modules were added.", "The Zorvan {word} module docked.",
                        "On Friday Zorvan, the {word} module, docked."]))
def test_a_word_for_a_stations_module_says_a_new_name_is_one(word, form):
    # "Tiangong's Wentian and Mengtian lab modules"; a lunar or service module is a craft's part.
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(word=word)))}
    assert found.get("Zorvan") == SKG + "SpaceStationModule"


@pytest.mark.parametrize(("text", "name"), [("Rocket Lab launched it.", "Rocket Lab"),
                                            ("Rover Dynamics built it.", "Rover Dynamics"),
                                            ("Station Zorvan opened.", "Station Zorvan")])
def test_a_things_kind_leading_a_new_name_says_nothing_of_what_it_names(text, name):
    # Only a place's kind leads its name; "Rocket Lab" is a company, not a rocket.
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert found.get(name) is None


@pytest.mark.parametrize("plural", ["astronauts", "cosmonauts", "taikonauts"])
def test_a_plural_for_people_after_a_list_of_names_says_whose_they_are_not_what(plural):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(
        f"The Zorvan Agency and Quelar Institute {plural} trained together."))}
    assert found.get("Zorvan Agency") != SKG + "Astronaut" and found.get("Quelar Institute") != SKG + "Astronaut"


@given(st.sampled_from(["Ge Ping", "Lin Xiqiang", "Zorva Tenley"]),
       st.sampled_from(["deputy director", "Deputy Director", "chief designer", "spokesperson", "the program's chief "
                        "designer", "a spokesman", "general engineer", "Director General", "vice president"]),
       st.sampled_from([" of the China National Space Administration", " at the agency", " for CNSA", ",", ""]),
       st.sampled_from(["{quote} said {name}, {role}{rest} The craft is ready.", "{name}, {role}{rest} said so."]))
def test_a_title_set_off_after_a_new_name_says_it_is_a_persons(name, role, rest, form):
    text = form.format(quote='"It works,"', name=name, role=role, rest=rest if rest == "," else rest + ",")
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert found.get(name) == SKG + "Person"


@given(st.sampled_from(["Ge Ping", "Lin Xiqiang", "Zorva Tenley"]),
       st.sampled_from(["Deputy Director", "Chief Designer", "spokesperson", "Commander", "Dr.", "Professor"]),
       st.sampled_from(["{title} {name} said the craft is ready.", "The craft is ready, said {title} {name}."]))
def test_a_title_right_before_a_new_name_says_it_is_a_persons(name, title, form):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(title=title, name=name)))}
    assert found.get(name) == SKG + "Person"


@given(st.sampled_from(["Li Xianhua", "Zorva Tenley"]),
       st.sampled_from(["a geochemist", "a planetary scientist", "the lead researcher", "a volcanologist",
                        "an astronomer", "a senior official", "a selenologist", "an expert"]),
       st.sampled_from([" at IGGCAS", " of the Chinese Academy of Sciences", " with the team", ""]),
       st.sampled_from(["{quote} said {name}, {role}{rest}.", "{name}, {role}{rest}, said so.",
                        "The craft is ready, said {bare} {name}."]))
def test_a_persons_trade_beside_a_new_name_says_it_is_a_persons(name, role, rest, form):
    # "… said Li Xianhua, a geochemist at IGGCAS and a co-author of the paper."
    bare = role.split(" ", 1)[1]
    text = form.format(quote='"It is young,"', name=name, role=role, rest=rest, bare=bare)
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert found.get(name) == SKG + "Person"


@pytest.mark.parametrize("text", ["Zorvan, a mist over the plain, lifted.", "Zorvan-2, a twist of fate, flew.",
                                  "The Zorvan Institute, a center of research, opened."])
def test_a_word_that_ends_as_a_trade_does_is_no_title_unless_it_names_one(text):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert SKG + "Person" not in found.values()


@pytest.mark.parametrize("text", ["Roscosmos, director general Yuri Borisov said, agrees.",
                                  "Zorvan, the rover, drove on.", "Zorvan-2, a probe of the agency, flew."])
def test_a_name_that_no_title_is_set_off_after_is_no_persons(text):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert all(kind != SKG + "Person" for name, kind in found.items() if not name.startswith("Yuri"))


@given(st.sampled_from(["rocket maker", "private rocket maker", "maker", "manufacturer", "firm", "startup"]),
       st.sampled_from(["Zorvan Dynamics", "Quelar", "iZorvan"]))
def test_a_word_for_a_company_before_a_new_name_says_it_is_one(word, name):
    # "Chinese private rocket maker LandSpace on Wednesday launched …"
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(f"Chinese {word} {name} launched it."))}
    assert found.get(name) == SKG + "Company"


@given(st.sampled_from(["iSpace", "eZorvan", "iQuelar"]),
       st.sampled_from(["{name} launched it.", "The firm {name} launched it.", "It was {name}'s rocket."]))
def test_a_name_whose_capital_comes_second_is_a_mention(name, form):
    assert name in [m.text for m in Linker(SHIPPED).mentions(split_sentences(form.format(name=name)))]


@given(st.sampled_from([("ChinaSat-9B", "china"), ("Chinasat 12", "china"), ("Mars-96", "mars"),
                        ("Moonlite-3", "moon")]),
       st.sampled_from(["{name} will provide services.", "It carried {name} to orbit."]))
def test_a_numbered_name_that_only_unnumbered_names_resemble_is_proposed_as_new(named, form):
    # "ChinaSat-9B" is no slip for "China": a number tells things apart.
    name, resembled = named
    found = [m for m in Linker(SHIPPED).mentions(split_sentences(form.format(name=name))) if m.text == name]
    assert found and found[0].suggestion == D + slug(name)


@given(st.sampled_from([("satellite", "ArtificialSatellite"), ("new probe", "Spacecraft"), ("rover", "Rover"),
                        ("rocket", "LaunchVehicle")]),
       st.sampled_from(["The", "A", "Its", ""]), st.sampled_from(["Zorvan-2", "Quelar"]))
def test_a_kind_that_opens_a_sentence_before_a_name_set_off_says_what_the_name_is(kind, article, name):
    # "The satellite, ChinaSat-9B, will provide broadcasting services."
    words, cls = kind
    text = f"{article} {words}, {name}, will fly.".strip()
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text[0].upper() + text[1:]))}
    assert found.get(name) == SKG + cls


@pytest.mark.parametrize("unit", ["kWh", "mAh", "kW", "dB", "pH"])
def test_a_unit_written_with_a_capital_inside_is_no_mention(unit):
    assert unit not in [m.text for m in Linker(SHIPPED).mentions(split_sentences(f"A battery of 5 {unit} flew."))]


@pytest.mark.parametrize(("name", "cls"), [
    ("Lunar Exploration and Space Engineering Center", "Organization"), ("China Academy of Space Technology", "Organization"),
    ("Zorvan Research Institute", "Organization"), ("Zorvan Aerospace Corp", "Company"), ("Quelar Space Co", "Company"),
    ("Japan Aerospace Exploration Agency", "SpaceAgency"), ("Zorvan Space Administration", "SpaceAgency"),
    ("Zorvan Weather Agency", "Organization")])
def test_a_new_name_ending_in_a_word_for_an_organisation_is_of_that_kind(name, cls):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(f"Officials at the {name} said so."))}
    assert found.get(name) == SKG + cls


@given(st.sampled_from(["China's", "China’s", "the country's", "The country’s", "the nation's"]),
       st.sampled_from([("lunar exploration program", "chinese-lunar-exploration-program"),
                        ("Lunar Exploration Program", "chinese-lunar-exploration-program"),
                        ("space program", "chinese-space-program")]))
def test_a_countrys_possessive_names_what_its_adjective_names(owner, named):
    # "China's space program" is the Chinese space program; "the country's" is the one named last.
    words, entity = named
    text = f"China launched a probe. It was a step for {owner} {words}."
    found = [m for m in Linker(SHIPPED).mentions(split_sentences(text)) if m.text.endswith(words)]
    assert found and found[0].candidates[0].entity == D + entity and found[0].candidates[0].kind == "possessive"


def test_the_countrys_is_the_country_named_last():
    text = "The United States flew first. China followed. The country's space agency said so."
    found = [m for m in Linker(SHIPPED).mentions(split_sentences(text)) if m.text.startswith("country")]
    assert found and found[0].candidates[0].entity in (D + "cnsa", D + "cmsa")
    text = "China flew later. The United States flew first, the country's space agency said."
    found = [m for m in Linker(SHIPPED).mentions(split_sentences(text)) if m.text.startswith("country")]
    assert found and found[0].candidates[0].entity == D + "nasa"
    # No country named before: the words name nothing.
    assert not [m for m in Linker(SHIPPED).mentions(split_sentences("The country's space agency said so."))
                if m.text.startswith("country")]


@pytest.mark.parametrize("text", ["After the launches, Ye Guangfu said the crew was well.",
                                  "Among the astronauts, Ye Guangfu spoke first.",
                                  "Of all rovers, Zhurongxin is the newest."])
def test_a_plural_set_off_by_a_comma_before_one_name_says_nothing_of_what_it_is(text):
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert all(kind in (None, SKG + "Person") for name, kind in found.items() if name in ("Ye Guangfu", "Zhurongxin"))


@given(st.sampled_from([("Long March", "long-march"), ("Chang'e", "chinese-lunar-exploration-program"),
                        ("Shenzhou", "shenzhou-program")]),
       st.sampled_from(["{} series", "the {} series", "the {} family", "{} series of carrier rockets",
                        "the {} line of rockets", "The {} family of spacecraft"]))
def test_a_series_named_by_its_members_name_is_that_family(named, form):
    # "the 500th flight mission of the Long March series of carrier rockets".
    name, entity = named
    assert SHIPPED.entity(form.format(name)) == D + entity


@given(st.sampled_from(sorted({(word, cls) for cls, words in _KIND_WORDS.items() for word in words
                               if not any(normalise_label(n.text) == normalise_label(word) for n in SHIPPED.names)})),
       st.sampled_from(["the {}", "The {}", "a {}", "{}", "the {} "]))
def test_the_word_for_a_kind_of_thing_is_refused_as_the_thing_it_refers_to(kind, form):
    # "The probe enters orbit": the word refers back to a thing an earlier sentence names.
    word, cls = kind
    with pytest.raises(UsageError, match="names a kind of thing") as refused:
        SHIPPED.entity(form.format(word))
    assert shorten(cls) in str(refused.value)


@given(st.sampled_from(sorted({(n.text, n.entity) for n in SHIPPED.names if n.kind == "label"
                               and SHIPPED.is_a(n.entity, SKG + "Agent")
                               and len({m.entity for m in SHIPPED.names if m.text == n.text}) == 1})),
       st.sampled_from(["the former {}", "The then {}", "the erstwhile {}", "the now-defunct {}", "former {}",
                        "the original {}"]))
def test_a_word_for_when_a_thing_was_is_no_part_of_its_name(named, form):
    # "the former Soviet Union", "the then Soviet Union".
    name, entity = named
    assert SHIPPED.entity(form.format(name)) == entity


@given(st.sampled_from(["BEIJING", "HONG KONG", "SAN FRANCISCO", "CAPE CANAVERAL", "NEW DELHI", "JIUQUAN"]),
       st.sampled_from([" —", " --", " -", ", June 25 (Reuters) -", ", Fla. (AP) —", ":", " (AP) —", ", China —",
                        ", Jan. 3 (Xinhua) --"]))
def test_a_datelines_place_in_capitals_is_no_mention_unless_it_names_a_known_place(place, rest):
    # "HONG KONG, June 25 (Reuters) -", "SAN FRANCISCO —": where the report was filed, which
    # registration records (--dateline); a known place ("XICHANG —") is still linked.
    text = f"{place}{rest} China's Chang'e-6 probe returned to Earth on Tuesday."
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(text))]
    assert place not in found and {"China", "Chang'e-6", "Earth"} <= set(found)
    known = [m for m in Linker(SHIPPED).mentions(split_sentences(f"XICHANG{rest} A Long March rocket lifted off."))
             if m.text == "XICHANG"]
    assert known and known[0].candidates[0].entity == D + "xichang"


@pytest.mark.parametrize(("written", "meant"), [("d:has space", "d:has-space"), ("d:Chang'e 6  return", "d:Chang'e-6-return"),
                                                ("src:a 2", "src:a-2")])
def test_a_prefixed_name_with_spaces_is_refused_with_the_name_to_write(written, meant):
    with pytest.raises(UsageError, match=f"an IRI has no spaces; write {meant}"):
        SHIPPED.entity(written)
    assert SHIPPED.entity("2016 white paper: first Mars probe by 2020").endswith("plan-white-paper-2016-mars")
    # A list given for one answer is no name with spaces.
    with pytest.raises(UsageError, match="no entity is named 'd:shenzhou-11 and d:shenzhou-5'"):
        SHIPPED.entity("d:shenzhou-11 and d:shenzhou-5")


@given(st.sampled_from(sorted({n.text for n in SHIPPED.short_names})),
       st.sampled_from(["Station", "Launch Centre", "Space Lab", "Base", "Core Hub"]),
       st.sampled_from(["The {} was seen.", "Officials at {} said so.", "It reached {} on Monday."]))
def test_a_short_name_with_capitalised_words_after_it_is_one_longer_mention(short, more, form):
    # "Xichang Launch Centre" is one name written out, not "Xichang" and "Launch Centre".
    written = f"{short} {more}"
    assume(not any(n.text.lower() == written.lower() for n in SHIPPED.names))
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(form.format(written)))]
    assert found == [written]


@given(st.sampled_from([("Norway", "Norwegians", False), ("Kenya", "Kenyans", True), ("India", "Indians", True),
                        ("Israel", "Israelis", True), ("Brazil", "Brazilians", True), ("Nepal", "Nepalese", True),
                        ("Laurasia Union", "Laurasias", True), ("Ostland Republic", "Ostland", True),
                        ("Ostland Federation", "Ostlands", True), ("United Ostland", "United", False)]),
       st.sampled_from(["The {} last brought back samples.", "It was a feat the {} had not managed.",
                        "{} and Chinese engineers agreed."]))
def test_a_countrys_people_name_the_country_as_its_adjective_does(country, form):
    # "The Americans and Soviets last brought back lunar samples": the people of a country, by its
    # adjective with an "s", or a country named by an adjective and the form of its state.
    name, written, made = country
    cat = _with(f'd:test-country a skg:Country ; rdfs:label "{name}"@en .')
    found = [m for m in Linker(cat).mentions(split_sentences(form.format(written))) if m.text == written]
    linked = [m.candidates[0].entity for m in found if m.candidates and m.candidates[0].kind == "adjective"]
    assert (linked == [D + "test-country"]) is made


@given(st.sampled_from(["Zond", "Venera", "Kosmos", "Mariner", "Ranger"]), st.sampled_from(["r", "n", "a", "ian"]),
       st.sampled_from(["Nothing returned by Apollo or {}.", "The {} probes came first.", "{} ended in 1976."]))
def test_a_series_name_is_a_new_series_not_a_member_or_a_name_it_resembles(series, more, form):
    # "Luna" beside "Luna 9" and "Luna 24" names the series, which the project lacks; a name with a
    # word it resembles ("lunar far side") names another thing, and is no candidate.
    cat = _with(f'd:test-9 a skg:Lander ; rdfs:label "{series} 9"@en . d:test-24 a skg:Lander ; rdfs:label "{series} 24"@en .'
                f' d:test-region a skg:SurfaceRegion ; rdfs:label "{series.lower()}{more} far side"@en .')
    found = [m for m in Linker(cat).mentions(split_sentences(form.format(series))) if m.text == series]
    assert found and found[0].suggestion == D + slug(series)
    assert D + "test-region" not in [c.entity for c in found[0].candidates]
    assert {c.entity for c in found[0].candidates} <= {D + "test-9", D + "test-24"}
    # As the shipped "Luna" is, beside "Luna 9", "Luna 24" and the "lunar far side".
    luna = [m for m in Linker(SHIPPED).mentions(split_sentences(form.format("Luna"))) if m.text == "Luna"]
    assert luna[0].suggestion == D + "luna" and luna[0].candidates
    assert all(SHIPPED.label(c.entity).startswith("Luna ") for c in luna[0].candidates)


@given(st.sampled_from(["Published", "Updated", "Posted", "Last updated", "First published on"]),
       st.sampled_from(["16 December 2020", "16 Dec 2020, 18:02 GMT", "December 16, 2020", "2020-12-16 10:26"]),
       st.sampled_from(["", " | BBC"]))
def test_a_date_line_names_nothing_new_but_a_known_outlet_in_it_is_a_mention(said, when, outlet):
    text = f"Chang'e-5 returns samples\n\nBy Jonathan Amos\n\n{said} {when}{outlet}\n\nThe capsule landed in Inner Mongolia."
    cat = _with('d:bbc a skg:NewsOrganization ; rdfs:label "BBC"@en .')
    sentences = split_sentences(text)
    dated = next(s for s in sentences if s.text.startswith(said))
    found = [m for m in Linker(cat).mentions(sentences) if m.sentence_id == dated.sentence_id]
    assert [(m.text, m.candidates[0].entity) for m in found] == ([("BBC", D + "bbc")] if outlet else [])


@given(st.sampled_from(["WENCHANG", "CAPE CANAVERAL", "JIUQUAN", "HOUSTON"]),
       st.sampled_from(["Hainan", "Gansu Province", "Fla.", "Texas", "Inner Mongolia Autonomous Region"]),
       st.sampled_from([", Nov. 24 (Xinhua) --", " (AP) —", " —", ", June 5 --", ", 24 November -"]))
def test_the_region_after_a_datelines_place_is_no_mention_unless_it_names_a_known_place(place, region, rest):
    # "WENCHANG, Hainan, Nov. 24 (Xinhua) --": where the report was filed, as the place is.
    text = f"{place}, {region}{rest} China launched the Chang'e-5 probe on Tuesday."
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(text))]
    assert region not in found and region.rstrip(".") not in found and {"China", "Chang'e-5"} <= set(found)
    known = [m for m in Linker(SHIPPED).mentions(split_sentences(f"{place}, China{rest} A rocket lifted off."))
             if m.text == "China"]
    assert known and known[0].candidates[0].entity == D + "china"


@given(st.sampled_from(["FACTBOX", "UPDATE 2", "UPDATE", "EXCLUSIVE", "ANALYSIS", "WRAPUP 1", "EXPLAINER", "TIMELINE"]),
       st.sampled_from(["-", " - ", " \u2014 "]),
       st.sampled_from(["Milestones in China's space programme", "China lands Zhurong rover on Mars",
                        "Chinese astronauts return to Earth"]))
def test_a_wire_storys_label_before_its_headline_is_no_mention(label, dash, headline):
    # Reuters' "FACTBOX-Milestones in …": the label says what kind of story it is.
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(f"{label}{dash}{headline}\n\nIt flew."))]
    alone = [m.text for m in Linker(SHIPPED).mentions(split_sentences(f"{headline}\n\nIt flew."))]
    assert found == alone


@given(st.sampled_from(["Zond", "Venera", "Kosmos", "Ranger"]), st.sampled_from(["Lander", "Orbiter", "CrewedMission"]),
       st.sampled_from([None, "Rover"]), st.sampled_from(["The {} probe crashed.", "{} flew on Monday.", "It carried {}."]))
def test_a_new_member_of_a_series_is_proposed_of_the_kind_its_other_members_share(series, kind, other, form):
    # "Luna-25" beside the landers Luna 9 and Luna 24 is a lander; where the members differ, no kind.
    cat = _with(f'd:test-9 a skg:{kind} ; rdfs:label "{series} 9"@en . d:test-24 a skg:{other or kind} ; rdfs:label "{series} 24"@en .'
                f' d:test-9-rover a skg:Rover ; rdfs:label "{series} 9 rover"@en .')
    found = [m for m in Linker(cat).mentions(split_sentences(form.format(f"{series}-31"))) if m.text == f"{series}-31"]
    assert found and found[0].suggestion == D + slug(f"{series}-31")
    expected = SKG + kind if other in (None, kind) else None
    if "probe" not in form:  # "the … probe" says the kind itself
        assert found[0].kind == expected


@pytest.mark.parametrize("name", ["FOCUS-2", "FEATURE-1A", "UPDATE-3"])
def test_a_name_that_starts_like_a_wire_label_before_its_number_stays_a_name(name):
    # "FOCUS-2 satellite launched.": a label is followed by a headline's word, not a number.
    assert [m.text for m in Linker(SHIPPED).mentions(split_sentences(f"{name} satellite launched on Monday."))] == [name]


AGENCIES = """
d:japan a skg:Country ; rdfs:label "Japan"@en .
d:cnsa a skg:SpaceAgency ; rdfs:label "China National Space Administration"@en ; skg:country d:china .
d:cmsa a skg:SpaceAgency ; rdfs:label "China Manned Space Agency"@en ; skg:country d:china .
d:nasa a skg:SpaceAgency ; rdfs:label "NASA"@en ; skg:country d:united-states .
d:esa a skg:SpaceAgency ; rdfs:label "European Space Agency"@en .
d:casc a skg:Company ; rdfs:label "China Aerospace Science and Technology Corporation"@en ; skg:country d:china .
"""


def _agencies_linker(spoken: dict[str, int]) -> Linker:
    """The agencies above with the ontology, each spoken of in as many more sentence graphs as ``spoken`` says."""
    mentioned = [agency for agency, count in spoken.items() for _ in range(count)]
    graphs = "".join(f"<https://w3id.org/spacekg/graph/a{n:03}-L1.1> {{ d:x{n} skg:affiliation d:{agency} . }}\n"
                     for n, agency in enumerate(mentioned))
    ontology = Path(__file__).parents[1] / "ontology" / "spacekg.ttl"
    quads = [*ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE),
             *ox.parse(ENTITIES + AGENCIES + graphs, format=ox.RdfFormat.TRIG)]
    return Linker(catalogue(quads))


@given(apostrophe=st.sampled_from(["'", "\u2019"]), case=st.sampled_from([str, str.title, str.upper]),
       form=st.sampled_from(["{} said the probe landed.", "The probe, {} said, landed.", "According to {}, it landed."]),
       cnsa=st.integers(0, 3), cmsa=st.integers(0, 3))
@settings(max_examples=40)
def test_a_countrys_possessive_before_a_kind_names_its_things_of_that_kind_the_most_spoken_of_first(
        apostrophe, case, form, cnsa, cmsa):
    linker = _agencies_linker({"cnsa": cnsa, "cmsa": cmsa})
    words = f"China{apostrophe}s {case('space agency')}"
    found = [m for m in linker.mentions(split_sentences(form.format(words))) if "agency" in m.text.lower()]
    assert [m.text for m in found] == [words]
    # Each is said of in three triples above: those the project says more of come first.
    expected = sorted(["cnsa", "cmsa"], key=lambda e: (-{"cnsa": cnsa, "cmsa": cmsa}[e], e))
    assert [c.entity.removeprefix(D) for c in found[0].candidates] == expected
    # Only the country's things of that kind: not NASA, ESA (no country) or the company.
    assert {c.kind for c in found[0].candidates} == {"possessive"} and not found[0].certain


@pytest.mark.parametrize("text", ["Japan's space agency said so.", "China's space station flew.",
                                  "China's Long March rocket flew.", "China's agencies said so."])
def test_a_countrys_possessive_before_a_kind_it_has_none_of_names_only_the_country(text):
    found = _agencies_linker({}).mentions(split_sentences(text))
    assert all("'s " not in m.text and c.kind != "possessive" for m in found for c in m.candidates)
    assert found[0].text in ("Japan", "China")


@pytest.mark.parametrize("owner", ["US's", "US\u2019s", "United States'", "United States\u2019",
                                   "United States's", "UNITED STATES'"])
def test_a_countrys_possessive_in_any_of_its_names_and_forms_names_its_agency(owner):
    found = _agencies_linker({}).mentions(split_sentences(f"The {owner} space agency said so."))
    assert [(m.text, [c.entity for c in m.candidates]) for m in found] == [(f"{owner} space agency", [D + "nasa"])]


@pytest.mark.parametrize(("short", "long"), [
    ("SLIM", "Smart Lander for Investigating Moon"), ("JAXA", "Japan Aerospace Exploration Agency"),
    ("CASC", "China Aerospace Science and Technology Corporation"), ("ISRO", "Indian Space Research Organisation"),
    ("NASA", "National Aeronautics and Space Administration"), ("C.A.S.T.", "China Academy of Space Technology"),
    ("MSL", "Mars Science Laboratory"), ("LM-5", "Long March 5"),
])
def test_an_abbreviation_matches_the_words_it_abbreviates_as_schwartz_and_hearst_match_them(short, long):
    assert _abbreviates(short, long)


@pytest.mark.parametrize(("short", "long"), [
    ("SLIM", "Smart Lander"), ("JAXA", "Japan"), ("ESA", "the European Space Agency"), ("ABC", "Apple Banana"),
    ("CNSA", "National Space Administration"),
    ("MS", "Mars Science Laboratory Mission Control Centre of the Chinese Academy"),  # too many words for two letters
])
def test_an_abbreviation_does_not_match_words_it_does_not_abbreviate(short, long):
    assert not _abbreviates(short, long)


_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)


@given(words=st.lists(_WORD, min_size=2, max_size=5),
       connectors=st.lists(st.sampled_from(["", " of", " for", " and", " of the"]), min_size=4, max_size=4))
def test_the_initials_of_capitalised_words_with_connectors_between_abbreviate_them(words, connectors):
    long = "".join(f"{word.capitalize()}{connector} " for word, connector in zip(words, [*connectors[: len(words) - 1], ""]))
    initials = "".join(w[0] for w in words).upper()
    assert _abbreviates(initials, long.strip())
    # A letter the words do not hold is no abbreviation of them.
    assert not _abbreviates(initials + "Q", long.strip().replace("q", ""))


SLIM = ENTITIES + 'd:moon a skg:NaturalSatellite ; rdfs:label "Moon"@en .\n'


@pytest.mark.parametrize("joined", ["Smart Lander for Investigating Moon", "Smart Lander of the Moon Investigation",
                                    "Smart Lander and Investigating Moon"])
def test_names_before_an_abbreviation_that_spells_them_all_are_one_new_name_wherever_the_article_uses_it(joined):
    short = "".join(w[0] for w in joined.split() if w[0].isupper())
    text = (f"{short} lands on moon\n\nThe {joined} ({short}) touched down on Saturday.\n\n"
            f"\"{short}'s landing was a success,\" an official said.")
    ontology = Path(__file__).parents[1] / "ontology" / "spacekg.ttl"
    linker = Linker(catalogue([*ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE),
                               *ox.parse(SLIM, format=ox.RdfFormat.TURTLE)]))
    found = linker.mentions(split_sentences(text))
    assert joined in [m.text for m in found] and "Moon" not in [m.text for m in found]
    spelt = [m for m in found if m.text == short]
    assert len(spelt) == 3
    whole = next(m for m in found if m.text == joined)
    # Its head is the words before "for" or "of" ("and" joins two heads).
    assert whole.suggestion == D + slug(joined) and whole.kind == (None if " and " in joined else SKG + "Lander")
    assert all((m.suggestion, m.kind, m.name) == (whole.suggestion, whole.kind, joined) for m in spelt)


@pytest.mark.parametrize("text", ["The Smart Lander for Investigating Moon (JAXA) touched down.",
                                  "The Smart Lander for Investigating Moon, (SLIM) touched down.",
                                  "The Smart Lander for Investigating Moon (SLIM probe) touched down."])
def test_names_before_brackets_that_do_not_abbreviate_them_stay_apart(text):
    found = [m.text for m in Linker(catalogue(ox.parse(SLIM, format=ox.RdfFormat.TURTLE))).mentions(split_sentences(text))]
    assert "Smart Lander for Investigating Moon" not in found and "Moon" in found


EVENTS = """
d:slim a skg:Lander ; rdfs:label "Smart Lander for Investigating Moon"@en ; skos:altLabel "SLIM"@en .
d:slim-touchdown a skg:SoftLanding ; skg:landedSpacecraft d:slim .
d:slim-launch a skg:LaunchEvent ; skg:payload d:slim ; rdfs:label "H-IIA flight 47"@en .
d:twice a skg:Rover ; rdfs:label "Twice"@en .
d:twice-first a skg:SoftLanding ; skg:landedSpacecraft d:twice .
d:twice-second a skg:SoftLanding ; skg:landedSpacecraft d:twice .
d:zhuque a skg:LaunchVehicle ; rdfs:label "Zhuque-2"@en .
d:maiden a skg:LaunchEvent ; skg:launchVehicle d:zhuque .
d:workhorse a skg:LaunchVehicle ; rdfs:label "Long March 2D"@en .
d:flight-1 a skg:LaunchEvent ; skg:launchVehicle d:workhorse .
d:flight-2 a skg:LaunchEvent ; skg:launchVehicle d:workhorse .
"""


def _events_catalogue() -> Catalogue:
    ontology = Path(__file__).parents[1] / "ontology" / "spacekg.ttl"
    return catalogue([*ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE),
                      *ox.parse(ENTITIES + EVENTS, format=ox.RdfFormat.TURTLE)])


@pytest.mark.parametrize(("name", "event"), [
    ("SLIM landing", "slim-touchdown"), ("the SLIM landing", "slim-touchdown"), ("slim soft landing", "slim-touchdown"),
    ("Smart Lander for Investigating Moon landing", "slim-touchdown"), ("SLIM launch", "slim-launch"),
    ("the SLIM Launch", "slim-launch"), ("Zhuque-2 launch", "maiden"), ("the zhuque 2 launch", "maiden"),
])
def test_a_things_name_with_a_word_for_a_kind_of_event_names_its_event_of_that_kind(name, event):
    assert _events_catalogue().entity(name) == D + event


@pytest.mark.parametrize(("name", "events"), [("Twice landing", "d:twice-first .*, d:twice-second"),
                                              ("Long March 2D launch", "d:flight-1 .*, d:flight-2")])
def test_a_things_name_with_a_word_for_a_kind_of_event_it_took_part_in_twice_names_both(name, events):
    with pytest.raises(UsageError, match=f"names several entities: {events}"):
        _events_catalogue().entity(name)


@pytest.mark.parametrize("name", ["SLIM docking", "China landing", "SLIM lander launch"])
def test_a_things_name_with_a_word_for_a_kind_of_event_it_took_no_part_in_names_nothing(name):
    with pytest.raises(UsageError, match="no entity is named"):
        _events_catalogue().entity(name)


PEOPLE = """
skg:Person a owl:Class ; rdfs:label "person"@en .
d:kuninaka a skg:Person ; rdfs:label "Hitoshi Kuninaka"@en .
d:jing a skg:Person ; rdfs:label "Jing Haipeng"@en .
"""


@pytest.mark.parametrize(("words", "person"), [
    ("JAXA official Hitoshi Kuninaka", "kuninaka"), ("mission commander Jing Haipeng", "jing"),
    ("the veteran astronaut jing haipeng", "jing"), ("Project manager Hitoshi  Kuninaka", "kuninaka"),
])
def test_a_persons_whole_name_after_words_that_say_who_they_are_names_them(words, person):
    assert catalogue(ox.parse(ENTITIES + PEOPLE, format=ox.RdfFormat.TURTLE)).entity(words) == D + person


@pytest.mark.parametrize("words", ["Chinese rocket Long March rocket", "official Kuninaka", "the Xichang Satellite"])
def test_words_before_a_thing_that_is_no_person_or_before_part_of_a_name_name_nothing(words):
    with pytest.raises(UsageError, match="no entity is named"):
        catalogue(ox.parse(ENTITIES + PEOPLE, format=ox.RdfFormat.TURTLE)).entity(words)


@pytest.mark.parametrize("pronoun", ["he", "She", " they ", "IT", "him", "Their"])
def test_a_pronoun_given_for_a_name_is_refused_asking_for_the_name_it_stands_for(pronoun):
    with pytest.raises(UsageError, match=r"stands for a name: give the name of the one it refers to"):
        catalogue(ox.parse(ENTITIES + PEOPLE, format=ox.RdfFormat.TURTLE)).entity(pronoun)


@pytest.mark.parametrize("words", ["Jing Haipeng and Chen Dong", "Kuninaka, Hitoshi Kuninaka", "Chen & Jing Haipeng",
                                   "Hitoshi Kuninaka with Jing Haipeng"])
def test_words_that_list_before_a_persons_name_are_no_description_of_them(words):
    with pytest.raises(UsageError):
        catalogue(ox.parse(ENTITIES + PEOPLE, format=ox.RdfFormat.TURTLE)).entity(words)


@given(st.sampled_from(["SpaceX", "LandSpace", "OneWeb", "GalaxySpace", "McDonald", "DeepBlue"]),
       st.sampled_from(["{} said the launch failed.", "{} has yet to fly.", "{}: the rocket flew.",
                        "It flew. {} said so."]))
def test_a_word_with_a_capital_inside_is_a_name_even_first_in_a_sentence(word, form):
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(form.format(word)))]
    assert word in found


@pytest.mark.parametrize("text", ["However, it flew.", "Officials said so.", "Tomorrow it flies.", "Wang said so."])
def test_a_capitalised_first_word_without_a_capital_inside_is_no_new_name(text):
    assert [m.text for m in Linker(SHIPPED).mentions(split_sentences(text)) if m.suggestion] == []


@given(st.sampled_from([("Xichang Satellite Launch Center", "xichang"), ("Global Times", "global-times"),
                        ("Chang'e 4", "change-4"), ("China", "china")]),
       st.sampled_from(["*", "**", "_", "__", "***", "___"]),
       st.sampled_from(["It flew from {}.", "{} said so.", "The craft, {}, flew."]))
def test_a_name_in_markdown_emphasis_is_the_name_without_its_marks(named, marks, form):
    name, entity = named
    found = [(m.text, m.candidates[0].entity if m.candidates else None)
             for m in Linker(catalogue(ox.parse(ENTITIES, format=ox.RdfFormat.TURTLE))).mentions(
                 split_sentences(form.format(f"{marks}{name}{marks}")))]
    assert (name, D + entity) in found


@given(st.permutations(["Zorvan", "Quelar", "Brimsto", "Kastrel", "Morwick", "Pellinor", "Vashti"]),
       st.integers(3, 4), st.data())
def test_a_word_from_a_names_middle_or_end_is_no_short_name_of_it(pool, size, data):
    # "the journal Science" is no China Aerospace Science and Technology Corporation; the name's
    # first word is its short name ("Xichang" of the Xichang Satellite Launch Center).
    words = pool[:size]
    name = " ".join(words)
    cat = catalogue(ox.parse(f'<{D}thing> a <{SKG}Organization> ; <http://www.w3.org/2000/01/rdf-schema#label> '
                             f'"{name}"@en .', format=ox.RdfFormat.TURTLE))
    at = data.draw(st.integers(0, len(words) - 1))
    mention = words[at]
    found = [m for m in Linker(cat).mentions(split_sentences(f"It was reported in {mention} on Friday."))
             if m.text == mention]
    linked = any(c.entity == D + "thing" for m in found for c in m.candidates)
    assert linked == (at == 0)


@pytest.mark.parametrize(("label", "cls", "mention"), [("Zorva Tenley", "Person", "Tenley"),
                                                       ("China's planned Zorvan rover", "Rover", "Rover"),
                                                       ("Chinese Academy of Zorvans", "Organization", "Academy of Zorvans")])
def test_a_persons_surname_a_things_kind_or_the_words_after_its_country_are_short_names_of_it(label, cls, mention):
    cat = catalogue(ox.parse(f"""
        @prefix d: <{D}> . @prefix skg: <{SKG}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        skg:Rover a owl:Class ; rdfs:label "rover"@en ; rdfs:subClassOf skg:Artifact .
        d:china a skg:Country ; rdfs:label "China"@en .
        d:thing a skg:{cls} ; rdfs:label "{label}"@en .""", format=ox.RdfFormat.TURTLE))
    found = [m for m in Linker(cat).mentions(split_sentences(f"On Friday a {mention} was there.")) if m.text == mention]
    assert any(c.entity == D + "thing" for m in found for c in m.candidates)


@given(st.sampled_from(["IGGCAS", "ZORVANSAT", "QUELAR"]),
       st.sampled_from(["Researchers at {x} dated the samples.", "The samples, {x} said, are young.",
                        "A team led by {x} dated them."]))
def test_a_name_in_capitals_inside_a_sentence_is_named_as_written(name, form):
    # "the Chinese Academy of Sciences (IGGCAS)": an initialism of any length is written so.
    found = {m.text: m.name for m in Linker(SHIPPED).mentions(split_sentences(form.format(x=name)))}
    assert name in found and found[name] in (None, name)


@pytest.mark.parametrize(("text", "shouted", "written"), [
    ("XICHANG, Nov. 5 (Xinhua) -- A rocket flew.", "XICHANG", "Xichang"),
    ("XICHANG, Dec 3 (Reuters) - A rocket flew.", "XICHANG", "Xichang"),
    ("XICHANG, China, Nov. 5 (Xinhua) -- A rocket flew.", "XICHANG", "Xichang"),
    ("CHINA LAUNCHES QUEQIAO-2 RELAY SATELLITE\n\nA rocket flew.", "QUEQIAO-2", "Queqiao-2")])
def test_a_name_in_capitals_in_a_dateline_or_a_headline_is_named_as_it_is_written_elsewhere(text, shouted, written):
    found = {m.text: m.name for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert found.get(shouted) == written


@given(st.sampled_from(["Long March-2F", "Long March 2F/G", "Long March-5", "Long March 7A", "Long March rocket"]),
       st.integers(1, 120), st.sampled_from(["A {rocket} Y{n} carrier rocket lifted off.",
                                             "The {rocket} Y{n} launched Tianzhou-5 on Friday.",
                                             "It flew on the {rocket} Y{n}."]))
def test_a_long_marchs_flight_serial_is_no_thing_of_its_own_and_answers_name_the_rocket(rocket, n, form):
    # Xinhua: "a Long March-2F Y18 carrier rocket": Y18 is the rocket's 18th flight article.
    text = form.format(rocket=rocket, n=n)
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(text))]
    assert not any(re.fullmatch(r"(?:[A-Z] )?Y\d+", t) for t in found)
    assert SHIPPED.entity("Long March rocket" + f" Y{n}") == D + "long-march"


@given(st.sampled_from(["Zorvania", "Quelar Republic"]), st.sampled_from(["first", "fourth", "5th", "second-ever"]),
       st.sampled_from(["country", "nation"]),
       st.sampled_from(["The landing made {name} the {rank} {kind} to reach the Moon.",
                        "On Friday {name} became the {rank} {kind} to land there.",
                        "It was a day for {name}, the {rank} {kind} to do so."]))
def test_a_rank_said_of_a_new_name_gives_its_kind(name, rank, kind, form):
    # "ISRO's Chandrayaan-3 made India the fourth country to soft-land on the Moon."
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(name=name, rank=rank,
                                                                                          kind=kind)))}
    assert found.get(name) == SKG + "Country"


@given(st.sampled_from(["Zhuque-2", "Tianlong-3", "Zorvan-7"]), st.integers(1, 40),
       st.sampled_from(["The {name} Y{n} rocket placed three satellites into orbit.",
                        "On Friday the {name} Y{n} launch vehicle flew."]))
def test_a_new_rockets_flight_serial_is_no_part_of_its_name_and_its_kind_follows_it(name, n, form):
    # "The Zhuque-2 Y2 rocket, developed by LandSpace": the second Zhuque-2 to fly.
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(form.format(name=name, n=n)))}
    assert found == {name: SKG + "LaunchVehicle"}


@given(st.sampled_from([("Kinetica-1", "rocket", "Lijian-1"), ("Zorvan-2", "lunar probe", "Quelar-2"),
                        ("Zorvan", "space station", "Heavenly Palace")]),
       st.sampled_from(["also known as", "known as", "also called", "dubbed"]))
def test_a_name_after_the_words_for_a_things_kind_and_known_as_is_another_name_of_it(named, naming):
    # "CAS Space's Kinetica-1 rocket, also known as Lijian-1, lifted off."
    first, kind, other = named
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(
        f"On Friday the {first} {kind}, {naming} {other}, lifted off."))}
    same = [(c.entity for c in m.candidates) for m in (found[first], found[other])]
    assert found[other].suggestion == found[first].suggestion and list(same[1]) == list(same[0])


def test_a_name_after_other_words_and_known_as_is_no_other_name_of_the_name_before():
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(
        "Chang'e 4 landed, also known as Zorvan, on Friday."))}
    assert found["Zorvan"].suggestion == D + "zorvan"


@given(st.sampled_from(["Wang Haoze", "Zorva Tenley"]), st.sampled_from(["the country's first", "the first",
                                                                         "China's second", "the 3rd"]),
       st.sampled_from(["female spaceflight engineer", "payload specialist", "flight engineer", "geologist"]))
def test_a_rank_said_of_a_new_name_that_ends_in_a_trade_says_it_is_a_persons(name, rank, trade):
    # "Wang Haoze is the country's first female spaceflight engineer."
    text = f"On Friday {name} became {rank} {trade} in space."
    found = {m.text: m.kind for m in Linker(SHIPPED).mentions(split_sentences(text))}
    assert found.get(name) == SKG + "Person"



# Prepositions and the adverbs that join a sentence to the one before: a sentence opens with them
# ("Over the past decade, …") without naming anything, however like a name's word they look
# ("Over" and "rover").
_OPENERS = ["Over", "Across", "Amid", "Despite", "Beyond", "Since", "Until", "Toward", "Throughout", "Moreover",
            "Nevertheless", "Overall", "Previously", "Recently", "Initially", "Finally", "Already", "Perhaps",
            "Indeed", "Besides", "Near", "Under", "Unlike", "Via", "Past", "Up", "Inside", "Between"]


@settings(max_examples=40)
@given(opener=st.sampled_from(_OPENERS), rest=st.sampled_from([
    " the past decade, China has sent 16 astronauts into space.", ", China launched Chang'e-4.",
    " 2019 the rover drove on.", " three launches, the Long March rocket flew."]))
def test_a_sentence_opening_with_a_preposition_or_a_joining_adverb_does_not_name_it(opener, rest):
    found = [m.text for m in Linker(SHIPPED).mentions(split_sentences(opener + rest))]
    assert opener not in found and not [m for m in found if m.startswith(opener + " ")], found


@settings(max_examples=40)
@given(family=st.sampled_from(["Tang", "Jiang", "Ye", "Gui", "Zhu"]), given_name=st.sampled_from(["Hongbo", "Xinlin",
                                                                                                "Guangfu", "Haichao"]),
       age=st.integers(18, 99), form=st.sampled_from([
           (", {age}, flew on Tuesday.", "Person"), (", aged {age}, said so.", "Person"),
           (", {age}, became the first Chinese astronaut to do so.", "Astronaut"),
           (", {age}, is the country's oldest astronaut.", "Person")]))
def test_an_age_set_off_after_a_new_name_says_it_is_a_persons(family, given_name, age, form):
    """"Tang Hongbo, 48, became …" (a Reuters report): what follows the age is said of the name too."""
    words, kind = form
    name = f"{family} {given_name}"
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(name + words.format(age=age)))}
    assert found[name].suggestion is not None and found[name].kind == SKG + kind, found[name]


@pytest.mark.parametrize("text", ["The Shenzhou-16, 17, and 18 crews flew.", "Tianzhou 7, 8, and 9 flew."])
def test_a_number_after_a_numbered_name_is_no_age(text):
    assert not [m for m in Linker(SHIPPED).mentions(split_sentences(text)) if m.kind == SKG + "Person"]


@pytest.mark.parametrize("words", ["landing site", "landing zone", "landing area"])
@pytest.mark.parametrize("name", ["Dongfeng", "Jiuquan East", "Ejin"])
def test_a_new_name_before_the_words_for_a_landing_site_is_a_place(name, words):
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(
        f"The return capsule touched down at the {name} {words} on Tuesday."))}
    assert found[name].suggestion is not None and found[name].kind == SKG + "Place", found


@settings(max_examples=30)
@given(family=st.sampled_from(["Tang", "Wang", "Li", "Zhang"]),
       given_names=st.lists(st.sampled_from(["Hongbo", "Shengjie", "Yaping", "Cong", "Haoze"]), min_size=1, max_size=3,
                            unique=True),
       later=st.sampled_from(["{} said it went well.", "The commander, {}, said so.", "It was {} who spoke."]))
def test_a_surname_refers_back_to_the_one_name_it_ends_and_to_none_when_it_ends_several(family, given_names, later):
    """Shenzhou-17 flew Tang Hongbo and Tang Shengjie: "Tang" alone may be either, and the
    person says which; with one Tang it is that one."""
    names = [f"{family} {g}" for g in given_names]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    found = Linker(SHIPPED).mentions(split_sentences(f"The crew, {listed}, flew on Tuesday. " + later.format(family)))
    (short,) = [m for m in found if m.text == family]
    if len(names) == 1:
        assert short.suggestion == D + slug(names[0]) and short.how == "new"
    else:
        assert short.suggestion is None and not short.candidates and short.name == " or ".join(names)


@settings(max_examples=60)
@given(org=st.sampled_from([("NASA", "nasa"), ("CNSA", "cnsa"), ("China Manned Space Agency", "cmsa"),
                            ("Roscosmos", None), ("Blue Origin", None)]),
       title=st.sampled_from(["Administrator", "Deputy Director", "head", "Director General", "chief", "spokesperson",
                              "founder"]),
       person=st.sampled_from(["Bill Nelson", "Wu Yanhua", "Yuri Borisov"]),
       form=st.sampled_from(["{org} {title} {person} said so.", "It was praised by {org} {title} {person}.",
                             "On Friday, {org} {title} {person} spoke."]))
def test_an_organisation_a_title_and_a_name_are_the_organisation_and_its_person(org, title, person, form):
    # "NASA Administrator Bill Nelson" was one new entity, and "Roscosmos head Yuri Borisov" lost Roscosmos.
    name, known = org
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(form.format(org=name, title=title,
                                                                                      person=person)))}
    assert name in found and person in found, found
    assert (found[name].candidates[0].entity == D + known) if known else found[name].suggestion == D + slug(name)
    assert found[person].suggestion == D + slug(person) and found[person].kind == SKG + "Person"


@settings(max_examples=40)
@given(title=st.sampled_from(["head", "director", "chief designer", "deputy director", "spokesperson", "founder"]),
       org=st.sampled_from(["Roscosmos", "the CNSA", "the China National Space Administration", "the lunar program"]),
       person=st.sampled_from(["Yuri Borisov", "Wu Yanhua", "Zhang Kejian"]))
def test_a_sentence_opening_with_a_title_of_an_organisation_sets_off_a_persons_name(title, org, person):
    # "The head of Roscosmos, Yuri Borisov, said so."
    found = {m.text: m for m in Linker(SHIPPED).mentions(split_sentences(f"The {title} of {org}, {person}, said so."))}
    assert found[person].suggestion == D + slug(person) and found[person].kind == SKG + "Person", found


def _initialled_names() -> list[tuple[str, str]]:
    """(answer, entity): each shipped proper name with its first capitalised words as initials."""
    out = []
    for name in SHIPPED.names:
        words = name.text.split()
        lead = 0
        while lead < len(words) and words[lead][:1].isupper() and words[lead].isalpha():
            lead += 1
        out += [("".join(w[0] for w in words[:n]) + " " + " ".join(words[n:]), name.entity) for n in range(2, lead + 1)]
    known = {normalise_label(n.text) for n in SHIPPED.names}
    return sorted({(a.strip(), e) for a, e in out if normalise_label(a) not in known})


@settings(max_examples=40)
@given(st.sampled_from(_initialled_names()))
def test_an_answer_that_writes_a_names_first_words_as_initials_is_offered_that_name(answer):
    # "--site 'SPA basin'" found no close name for the South Pole–Aitken basin.
    text, entity = answer
    with pytest.raises(UsageError) as refused:
        SHIPPED.entity(text)
    assert shorten(entity) in str(refused.value), str(refused.value)


@pytest.mark.parametrize(("answer", "entity"), [("PRC", "china"), ("P.R.C.", "china"), ("USA", "united-states"),
                                                ("U.S.A.", "united-states"), ("XSLC", "xichang")])
def test_an_answer_in_the_initials_the_linker_offers_is_offered_the_same_name(answer, entity):
    # The linker offered China for "PRC" in a sentence, and `--holder PRC` found no close name.
    (offered,) = Linker(SHIPPED).mentions(split_sentences(f"The {answer} agreed."))
    assert offered.candidates[0].entity == D + entity
    with pytest.raises(UsageError, match=f"did you mean d:{entity} "):
        SHIPPED.entity(answer)
