"""Give back to Wikidata: compare the view's statements with Wikidata's, and write what Wikidata
lacks or states differently as QuickStatements commands for an editor to review.

Nothing is sent to Wikidata: the items are read through the cached client, and the commands are
only written out. A statement agrees when Wikidata has a non-deprecated statement of the same
property with the same value (times compared at the coarser of the two precisions, amounts with
their unit); it is missing when Wikidata has no statement of that property on the item (or no
such item); otherwise it differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

import pyoxigraph as ox

from ..namespaces import SOURCE
from ..store.engine import QueryResult
from .client import ClaimValue, EntityInfo, WikidataClient, qid_order
from .view import WD, Statement, WikidataView, best

Verdict = Literal["agrees", "differs", "missing"]
# QuickStatements and Wikidata's editors take times to the day at most.
MAX_PRECISION = 11


@dataclass(frozen=True)
class Comparison:
    """One view statement against Wikidata."""

    statement: Statement
    verdict: Verdict
    wikidata: tuple[str, ...]  # Wikidata's values of that property, as text

    @property
    def qid(self) -> str:
        return self.statement.item.removeprefix(WD)


def compare(view: WikidataView, client: WikidataClient) -> list[Comparison]:
    """Compare every statement of the view (deprecated ones too) with Wikidata's items.

    Raises:
        WikidataError: the items could not be fetched (or, offline, are not cached).
    """
    qids = sorted({s.item.removeprefix(WD) for s in view.statements}, key=qid_order)
    infos = client.get_entities(qids)
    out = []
    for s in view.statements:
        info = infos[s.item.removeprefix(WD)]
        values = () if info.missing else info.values(s.property)
        shown = tuple(_show(v) for v in values)
        if not values:
            out.append(Comparison(s, "missing", shown))
        elif any(_same(s, v, info) for v in values):
            out.append(Comparison(s, "agrees", shown))
        else:
            out.append(Comparison(s, "differs", shown))
    return out


def _same(statement: Statement, value: ClaimValue, info: EntityInfo) -> bool:
    ours = statement.value
    if isinstance(ours, ox.NamedNode):
        return ours.value == WD + value.text
    if statement.precision is not None and value.precision is not None:
        precision = min(statement.precision, value.precision, MAX_PRECISION)
        return _time_prefix(ours.value, precision) == _time_prefix(value.text.lstrip("+"), precision)
    unit = dict(statement.qualifiers).get("unit")
    if value.unit is not None or unit is not None:
        if (unit.value if isinstance(unit, ox.NamedNode) else None) != value.unit:
            return False
    try:
        return Decimal(ours.value) == Decimal(value.text)
    except InvalidOperation:
        return ours.value == value.text


def _time_prefix(text: str, precision: int) -> str:
    """The part of an ISO time that a precision fixes: 8 the decade (and coarser, its leading
    digits of the year), 9 the year, 10 the month, 11 the day."""
    year = re.match(r"-?\d+", text)
    if precision < 9 and year is not None:
        return str(int(year[0]) // 10 ** (9 - precision))
    return text[: {9: 4, 10: 7}.get(precision, 10)]


def _show(value: ClaimValue) -> str:
    if value.precision is not None:
        return f"{value.text}/{value.precision}"
    if value.unit is not None:
        return f"{value.text} {value.unit.removeprefix(WD)}"
    return value.text


def quickstatements(comparisons: list[Comparison]) -> str:
    """QuickStatements (version 1) commands for the statements Wikidata lacks or states
    differently, one line per reference, each with its source as ``S854``.

    Only the view's best statements are proposed (a cited precise time, not an article's rounder
    one; never a missed plan target), and only those with a source. Where a statement has cited
    web pages, they are its references; an article's spacekg address is given only when no page is
    cited. Instance-of (P31) is proposed only where Wikidata has none: Wikidata's classes are
    finer than spacekg's, so a different class is a difference of modelling, not a missing fact.
    A statement with a value the format cannot carry is left out (see :func:`unwritable`)."""
    lines = {line for _, command in _commands(comparisons) if command is not None for line in command}
    return "".join(line + "\n" for line in sorted(lines))


def unwritable(comparisons: list[Comparison]) -> list[Statement]:
    """The statements :func:`quickstatements` would propose but leaves out, because a value holds
    what a QuickStatements v1 value cannot: a tab or line break (they separate values and
    commands), space at either end (trimmed), or a language tag other than letters and hyphens."""
    return [s for s, command in _commands(comparisons) if command is None]


def _commands(comparisons: list[Comparison]) -> list[tuple[Statement, list[str] | None]]:
    """Each statement to propose, with its command lines, or None when a value cannot be written."""
    out: list[tuple[Statement, list[str] | None]] = []
    proposed = set(best([c.statement for c in comparisons]))
    for c in comparisons:
        s = c.statement
        if c.verdict == "agrees" or s not in proposed or not s.sources:
            continue
        if s.property == "P31" and c.verdict == "differs":
            continue
        cells = [c.qid, s.property, _qs_value(s.value, s.precision, dict(s.qualifiers).get("unit"))]
        for qualifier, value in s.qualifiers:
            if qualifier != "unit":
                time = isinstance(value, ox.Literal) and value.datatype.value.endswith("dateTime")
                precision = (s.point_precision if qualifier == "P585" else None) or MAX_PRECISION
                cells += [qualifier, _qs_value(value, precision if time else None, None)]
        pages = [source for source in s.sources if not source.startswith(SOURCE)] or list(s.sources)
        head, references = _written(cells), _written([_qs_string(source) for source in pages])
        if head is None or references is None:
            out.append((s, None))
        else:
            out.append((s, ["\t".join([*head, "S854", reference]) for reference in references]))
    return out


def _written(values: list[str | None]) -> list[str] | None:
    """``values``, or None if one of them cannot be written."""
    written = [v for v in values if v is not None]
    return written if len(written) == len(values) else None


def _qs_value(value: ox.NamedNode | ox.Literal, precision: int | None,
              unit: ox.NamedNode | ox.Literal | None) -> str | None:
    if isinstance(value, ox.NamedNode):
        return value.value.removeprefix(WD)
    if precision is not None:
        precision = min(precision, MAX_PRECISION)
        day = value.value[:10]
        if precision == 9:
            day = day[:4] + "-00-00"
        elif precision == 10:
            day = day[:7] + "-00"
        return f"+{day}T00:00:00Z/{precision}"
    if isinstance(unit, ox.NamedNode):
        return f"{value.value}U{unit.value.removeprefix(WD + 'Q')}"
    if value.datatype.value.endswith(("integer", "decimal")):
        return value.value
    text = _qs_string(value.value)
    if value.language and text is not None:
        # Monolingual text is written lang:"text"; QuickStatements reads the code as [a-z_-]+.
        return f"{value.language}:{text}" if re.fullmatch(r"[A-Za-z_-]+", value.language) else None
    return text


def _qs_string(text: str) -> str | None:
    """``text`` as a QuickStatements v1 string, or None when it cannot be one. A string is
    everything between the value's first and last double quote, trimmed, with no escapes: a quote
    inside stays as it is, and a backslash would be taken as part of the text."""
    if any(c in text for c in "\t\n\r") or text != text.strip(" \t\n\r\0\x0b"):
        return None
    return f'"{text}"'


def comparison_result(comparisons: list[Comparison]) -> QueryResult:
    """The comparison as a query result, for every output format of ``spacekg link``."""
    variables = ("item", "property", "value", "rank", "verdict", "wikidata")
    cells = tuple(
        (ox.NamedNode(c.statement.item), ox.NamedNode(WD + c.statement.property), c.statement.value,
         ox.Literal(c.statement.rank.removesuffix("Rank").lower()), ox.Literal(c.verdict),
         ox.Literal(" | ".join(c.wikidata)) if c.wikidata else None)
        for c in comparisons
    )
    return QueryResult("select", variables, cells)
