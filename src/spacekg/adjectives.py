"""The forms English makes of names: a country's adjective ("Chinese" of China, "Soviet" of the
Soviet Union), a celestial body's ("lunar" of the Moon), and a plural's singulars ("launches" of
"launch"). The linker reads them in articles, a stored query's parameter and a template's answer
as names ("-p target=lunar", "--kind launches")."""

from __future__ import annotations

import re

# How a country's adjective is made from its name: "Chin-ese", "Japan-ese", "Russia-n", "Indi-an",
# "Canad-ian", "Israel-i", "Itali-an" (the name's last vowel may go, a "y" turns "i"). Its people are the adjective with an "s"
# ("Americans", "Israelis"), except after "-ese" ("the Japanese").
_ENDINGS = ("ese", "an", "ian", "n", "i")
# A country named by an adjective and the form of its state gives that adjective ("Soviet Union",
# "Russian Federation", "Czech Republic").
_STATE_FORMS = frozenset({"union", "republic", "federation"})
# The adjectives of celestial bodies, which their names do not make ("lunar" of the Moon). "Solar"
# and "terrestrial" are left out: "the solar system" and "terrestrial radio" speak of no body.
BODY_ADJECTIVES = {"moon": ("lunar", "selenian"), "mars": ("martian",), "venus": ("venusian",),
                   "jupiter": ("jovian",), "saturn": ("saturnian",), "mercury": ("mercurian",)}


def country_adjectives(words: list[str]) -> list[str]:
    """The forms a country's adjective may take, and its people's, for the words of one of the
    country's names in small letters (``["china"]``: "chinese", …; ``["soviet", "union"]``:
    "soviet", "soviets"); more forms than English has, so an adjective is one only where a text
    uses it. A name of other words (with a digit, or "United States") makes none.

    Example:
        >>> "chinese" in country_adjectives(["china"]) and "soviet" in country_adjectives(["soviet", "union"])
        True
    """
    if not all(w.isalpha() for w in words):
        return []
    if len(words) == 2 and words[1] in _STATE_FORMS and words[0] != "united":
        return [words[0], words[0] + "s"]
    if len(words) != 1:
        return []
    word = words[0]
    made = [stem + ending + plural for stem in (word, word[:-1] + ("i" if word[-1] == "y" else "")
                                                if word[-1] in "aeiouy" else word)
            for ending in _ENDINGS for plural in ("", "s")[: 1 + (ending != "ese")] if stem + ending != word]
    return list(dict.fromkeys(made))


def singulars(text: str) -> list[str]:
    """The singular readings of ``text`` if its last word is an English plural: "countries" is
    "country", "launches" "launch", "rockets" "rocket", "statuses" "status". A word ending in "es"
    is read both without the "s" and without the "es", the likelier first: only a name the graph
    has is found."""
    match = re.search(r"(?i)([a-z]+)\s*$", text)
    if match is None or len(word := match[1]) < 4 or not word.lower().endswith("s") or word.lower().endswith("ss"):
        return []
    head, low = text[: match.start(1)], word.lower()
    forms = [word[:-3] + "y"] if low.endswith("ies") else []
    forms += [word[:-2], word[:-1]] if low.endswith(("ches", "shes", "sses", "xes", "zes")) else \
        [word[:-1], word[:-2]] if low.endswith("es") else [word[:-1]]
    return [head + form for form in forms]
