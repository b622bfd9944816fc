"""Queries nested far deeper than a main thread's 8 MiB stack holds, within the 64 KiB query limit,
and what each answers given the number of countries in the graph."""

from __future__ import annotations

COUNTRIES = "SELECT (COUNT(*) AS ?n) { ?c a skg:Country }"
DEEP = {
    "groups": "SELECT (COUNT(*) AS ?n) WHERE " + "{" * 30_000 + " ?c a skg:Country " + "}" * 30_000,
    "brackets": "ASK { FILTER(" + "(" * 30_000 + "true" + ")" * 30_000 + ") }",
    "unions": "SELECT (COUNT(*) AS ?n) WHERE { " + " UNION ".join(["{ ?c a skg:Country }"] * 2_000) + " }",
    "a chain of ||": "ASK { FILTER(" + " || ".join(["false"] * 6_000) + " || true) }",
    "negations": "ASK { FILTER(" + "!" * 30_001 + "true) }",
    "path groups": "SELECT (COUNT(*) AS ?n) WHERE { ?c " + "(" * 20_000 + "a" + ")" * 20_000 + " skg:Country }",
}


def expected(shape: str, countries: int) -> str:
    """The answer of ``DEEP[shape]``, as its first value reads."""
    return {"groups": str(countries), "unions": str(2_000 * countries),
            "path groups": str(countries)}.get(shape, "false" if shape == "negations" else "true")
