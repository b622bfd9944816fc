import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacekg.sources.segment import split_sentences


def test_offsets_index_the_text_exactly():
    text = "He said “no.” Then Mr. Xi left.\n\nA new paragraph — with an em dash."
    for s in split_sentences(text):
        assert text[s.begin : s.end] == s.text
    assert [s.text for s in split_sentences(text)] == [
        "He said “no.”",
        "Then Mr. Xi left.",
        "A new paragraph — with an em dash.",
    ]


def test_ids_name_the_paragraph_line_and_position():
    ids = [s.sentence_id for s in split_sentences("One. Two.\n\nThree\n\n\nFour? Five!")]
    assert ids == ["L1.1", "L1.2", "L3.1", "L6.1", "L6.2"]


def test_offsets_are_code_points_not_bytes():
    text = "Kármán crater. Next."
    second = split_sentences(text)[1]
    assert (second.begin, second.text) == (15, "Next.")
    assert len(text[: second.begin].encode()) == second.begin + 2  # two "á", two bytes each


@pytest.mark.parametrize("inside", [
    "at 1:31 a.m. local time", "at 9 p.m. on Friday", "in Jan. 2019", "about 5 bn. yuan",
    "“Why?” he asked", "“Go!” she said", "e.g. the Moon", "i.e. Mars", "at 2:07 p.m. (0607 GMT)",
])
def test_a_mark_before_a_small_letter_or_a_digit_ends_no_sentence(inside: str):
    text = f"It rose {inside} from Xichang. Then it flew."
    assert [s.text for s in split_sentences(text)] == [f"It rose {inside} from Xichang.", "Then it flew."]


@given(st.sampled_from(["1:31", "6:04", "9", "11.30"]), st.sampled_from(["a.m.", "p.m.", "A.M.", "P.M."]),
       st.sampled_from(["IST", "EDT", "UTC", "GMT+8", "UTC+05:30", "(GMT)", "Beijing time", "Moscow time", "(Beijing Time)",
                        "Beijing Time (2318 GMT Friday)", "Eastern", "Pacific (0607 UTC)", "Central",
                        "Eastern Daylight Time", "Central European Time", "China Standard Time",
                        "Friday", "Thursday", "EDT Friday"]),
       st.sampled_from([" ", "", "\u202f", "\u00a0"]))
def test_a_clock_times_zone_or_weekday_after_am_or_pm_ends_no_sentence(clock: str, half: str, after: str,
                                                                        space: str):
    text = f"It landed at {clock}{space}{half} {after}, the agency said. Then it rested."
    assert [s.text for s in split_sentences(text)] == [
        f"It landed at {clock}{space}{half} {after}, the agency said.", "Then it rested."]


@pytest.mark.parametrize("name", ["Mr. Xi", "Prof. Li", "Gen. Zhang", "Dr. Wu", "the U.S. Congress",
                                  "John F. Kennedy", "J. Smith", "the U.K. Space Agency", "a U.N. envoy",
                                  "Washington, D.C. Mayor Bowser"])
def test_titles_and_initials_before_a_name_end_no_sentence(name: str):
    assert len(split_sentences(f"It was {name} who spoke. Then it flew.")) == 2


@pytest.mark.parametrize("end", ["at 9 a.m.", "at 9a.m.", "at 9 a.m. Pacific.", "at 9 a.m. Eastern.", "in Tianjin.", "“It flew.”", "from the UK.", "in 2019?",
                                 "in Miami, Fla.", "(Reuters) said."])
def test_a_mark_before_a_capital_ends_the_sentence(end: str):
    text = f"It rose {end} The rocket flew."
    assert [s.text for s in split_sentences(text)][-1] == "The rocket flew."


@pytest.mark.parametrize("place", ["CAPE CANAVERAL, Fla.", "HOUSTON, Tex.", "BEIJING, Dec. 8", "WASHINGTON, D.C.",
                                   "VANDENBERG SPACE FORCE BASE, Calif."])
@pytest.mark.parametrize("outlet", ["(Reuters)", "(AP)", "(Xinhua)", "(AFP)", ""])
@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "-", " --"])
def test_a_datelines_place_before_its_outlet_ends_no_sentence(place: str, outlet: str, dash: str):
    # Without its outlet, the dash alone follows the place ("CAPE CANAVERAL, Fla. — A Falcon 9"):
    # a dash after a mark goes on with the sentence, which no dash starts.
    dash = dash.strip() if not outlet else dash
    head = f"{place} {outlet} {dash}" if outlet else f"{place} {dash}"
    text = f"{head} A Falcon 9 rocket lifted off. It flew."
    assert [s.text for s in split_sentences(text)] == [f"{head} A Falcon 9 rocket lifted off.", "It flew."]


@pytest.mark.parametrize("zone", ["ET", "PT", "CT", "MT", "EST", "GMT", "Beijing time"])
def test_a_clock_times_us_zone_goes_on_with_the_time(zone: str):
    assert len(split_sentences(f"The launch was at 10 p.m. {zone} on Monday. It flew.")) == 2


@pytest.mark.parametrize("after", ["Pacific Ocean recovery teams waited.", "Eastern Europe watched.",
                                   "The Time magazine said so.", "A Time capsule opened."])
def test_a_capitalised_name_after_am_or_pm_that_is_no_zone_starts_a_sentence(after: str):
    assert [s.text for s in split_sentences(f"It landed at 9 p.m. {after}")] == ["It landed at 9 p.m.", after]


@given(st.text(alphabet="abcdefgh ", min_size=1, max_size=20).filter(str.strip),
       st.sampled_from("ÄÉÖÜŁA"), st.sampled_from("äéöüłz1"))
def test_the_case_of_the_next_letter_decides_in_any_script(words: str, capital: str, small: str):
    assert len(split_sentences(f"It {words.strip()}. {capital}rger kam.")) == 2
    assert len(split_sentences(f"It {words.strip()}. {small}rger kam.")) == 1


# The South China Morning Post's headline and summary bullets above its article of 17 December 2020
# ("Chang’e 5 lunar mission returns to Earth after collecting moon samples").
@pytest.mark.parametrize("marker", ["-", "•", "*", "–", "·"])
@pytest.mark.parametrize("headline", [
    "Chang’e 5 lunar mission returns to Earth after collecting moon samples",
    "China's probe lands: what we know",
])
def test_a_list_item_is_a_sentence_of_its_own_without_its_marker(marker: str, headline: str):
    items = ["Chinese probe completes its 23-day space mission, says Xinhua",
             "The mission returns with the first moon samples in 44 years"]
    text = headline + "\n" + "".join(f"{marker} {item}\n" for item in items) + "\nThe capsule landed. It was found."
    segments = split_sentences(text)
    assert [s.text for s in segments] == [headline, *items, "The capsule landed.", "It was found."]
    assert [s.sentence_id for s in segments] == ["L1.1", "L1.2", "L1.3", "L5.1", "L5.2"]
    assert all(text[s.begin : s.end] == s.text for s in segments)


@pytest.mark.parametrize("line", ["-5 degrees at night", "a dash - inside a line", "—said the commander"])
def test_a_dash_that_starts_no_item_keeps_the_line_in_its_sentence(line: str):
    text = f"The lander cooled\n{line} and slept."
    assert [s.text for s in split_sentences(text)] == [text]


def _article_paragraphs() -> list[str]:
    from pathlib import Path

    from spacekg.sources.segment import paragraphs

    articles = sorted((Path(__file__).parent.parent / "data" / "articles").glob("a*.txt"))
    return [p for a in articles for _, _, p in paragraphs(a.read_text(encoding="utf-8"))]


ARTICLE_PARAGRAPHS = _article_paragraphs()
# Body paragraphs, as a page has them: each ends its last sentence with a mark.
ENDED_PARAGRAPHS = [p for p in ARTICLE_PARAGRAPHS if p.rstrip()[-1] in ".!?\"”’)"]


@given(st.lists(st.sampled_from(ARTICLE_PARAGRAPHS), min_size=1, max_size=6), st.integers(35, 110))
def test_a_text_wrapped_by_hand_keeps_its_line_breaks_inside_their_sentences(chosen, width):
    import textwrap

    def wrapped(p: str) -> str:
        return textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)

    plain = "\n\n".join(chosen)
    text = "\n\n".join(wrapped(p) for p in chosen)
    assert [" ".join(s.text.split()) for s in split_sentences(text)] == [s.text for s in split_sentences(plain)]


@given(st.lists(st.sampled_from(["China lands on Moon", "By Jane Doe", "May 3, 2024", "Updated 10:42 GMT",
                                  "Moon Rocks Return", "Reuters staff", "Beijing", "Analysis"]), min_size=1, max_size=5),
       st.sampled_from(ENDED_PARAGRAPHS))
def test_short_lines_that_no_width_wraps_are_each_a_sentence(lines, body):
    # A headline, a byline and a date, a line each, then the text: lines this short are no text
    # wrapped by hand, whose sentences would go on across them.
    text = "\n".join([*lines, body])
    found = [s.text for s in split_sentences(text)]
    assert found[: len(lines)] == lines
    assert found[len(lines):] == [s.text for s in split_sentences(body)]


@pytest.mark.parametrize("headline", ["China's Chang'e-5 returns moon rocks, first in over 40 years",
                                      "Chang'e 5 Returns Moon Rocks", "WHAT HAPPENS NEXT", "Moon rocks: a primer"])
@pytest.mark.parametrize("byline", [[], ["By SAM McNEIL and Associated Press"], ["Xinhua | Updated: 2020-12-17 09:12"]])
@given(st.lists(st.sampled_from(ENDED_PARAGRAPHS), min_size=4, max_size=8))
def test_a_short_line_without_a_mark_above_the_next_line_is_a_sentence_of_its_own(headline, byline, body):
    # A page pasted with one line break between paragraphs: the headline and byline have no
    # full stop, and would otherwise run into the first sentence. (With fewer paragraphs than
    # these lines, only a line much shorter than most is told from a text wrapped by hand.)
    text = "\n".join([headline, *byline, *body])
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[: 1 + len(byline)] == [headline, *byline]
    assert sentences[1 + len(byline):] == [s.text for s in split_sentences("\n\n".join(body))]


@pytest.mark.parametrize("line", ["He said:", "It was launched from", "on Friday from Xichang,", "The crew of three —"])
def test_a_line_that_ends_mid_clause_goes_on_into_the_next(line):
    text = f"{line}\nXichang Satellite Launch Center sent it up. " + "It was a long day for everyone there. " * 4
    assert split_sentences(text)[0].text.startswith(f"{line}\nXichang")


@given(st.sampled_from(["Technology Corp.", "Boeing Co.", "Space Inc.", "Rocket Ltd.", "Lab.", "the agency."]),
       st.sampled_from(["(CASC)", "(BA)", "(NYSE: BA)", "(pictured)", "(Reuters)"]),
       st.sampled_from([".", ",", ";", ":", "!", "?"]))
def test_a_short_bracket_before_the_sentences_punctuation_belongs_to_the_sentence_before_it(words, bracket, mark):
    text = f"He works at {words} {bracket}{mark} Then he left."
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[0].startswith(f"He works at {words} {bracket}{mark}")


@pytest.mark.parametrize("text", ["It launched. (Photo) The crew left.", "It launched. (See the chart.) Then it left."])
def test_a_bracket_the_next_sentence_starts_with_or_a_sentence_in_brackets_stays_apart(text):
    assert split_sentences(text)[0].text == "It launched."


@pytest.mark.parametrize("dateline", ["MOSCOW, September 11.", "ST. PETERSBURG, Jan. 3.", "BAIKONUR, 5."])
@pytest.mark.parametrize("outlet", ["/TASS/.", "/ITAR-TASS/.", "/Interfax/."])
def test_a_datelines_outlet_between_slashes_ends_no_sentence(dateline: str, outlet: str):
    text = f"{dateline} {outlet} The Soyuz MS-26 spacecraft lifted off. It flew."
    assert [s.text for s in split_sentences(text)] == [f"{dateline} {outlet} The Soyuz MS-26 spacecraft lifted off.",
                                                         "It flew."]


def test_slashes_elsewhere_are_no_dateline():
    assert [s.text for s in split_sentences("He said 11. /x/. No.")] == ["He said 11.", "/x/.", "No."]


@given(st.sampled_from(["By Mike Wall, Senior Space Writer", "China's Chang'e 4 lands on the far side",
                        "By Jane Doe and Sam Lee, Reuters"]),
       st.sampled_from(["published January 3, 2019", "Published on Jan. 3, 2019", "updated 10:42 GMT",
                        "last updated 3 January 2019", "first published: 2019-01-03", "posted 1/3/2019",
                        "2019-01-03 10:26", "*published January 3, 2019*"]),
       st.sampled_from(ENDED_PARAGRAPHS))
def test_a_line_giving_when_the_page_was_published_is_a_sentence_of_its_own_in_small_letters_too(line, date_line, body):
    text = f"{line}\n{date_line}\n\n{body}"
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[:2] == [line, date_line]
    assert sentences[2:] == [s.text for s in split_sentences(body)]


@pytest.mark.parametrize("rest", ["published in Nature last week.", "updated to the newest design.",
                                  "published by Xinhua on Friday."])
def test_a_line_going_on_with_published_or_updated_and_a_preposition_stays_in_its_sentence(rest):
    text = f"The findings were\n{rest}\n\n" + "It was a long day for everyone there. " * 4
    assert split_sentences(text)[0].text == f"The findings were\n{rest}"


@pytest.mark.parametrize(("text", "sentences"), [
    ("It landed on 17 December\u2026 The mission lasted 23 days.", 2),
    ("We will\u2026 land soon.", 1),
    ("It said \u201cwait\u2026\u201d Then it flew.", 2),
    ("It landed on 17 December... The mission lasted 23 days.", 2),
])
def test_an_ellipsis_before_a_capital_ends_the_sentence_as_three_dots_do(text, sentences):
    assert len(split_sentences(text)) == sentences
