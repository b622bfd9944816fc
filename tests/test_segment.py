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
