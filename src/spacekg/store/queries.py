"""Stored SPARQL queries: ``queries/*.rq`` files with a ``#+`` header that describes them.

Header lines (grlc style)::

    #+ title: Chang'e 4 launch
    #+ description: Which spacecraft China launched towards the far side in December 2018.
    #+ param: year integer 2018 -- the launch year

Check queries (``queries/checks/``) also carry ``#+ severity: error|warning|info``; queries that
reach the network through SERVICE say ``#+ network: yes``; queries written for the Wikidata view
(WDQS style) say ``#+ view: wikidata`` and run on it unless ``--view`` says otherwise. A parameter ``NAME`` binds the query variable ``?NAME``; its type is one of :class:`ParamType`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from ..errors import QueryError, QueryNotFoundError
from ..namespaces import XSD, expand
from ..sources.files import read_text

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ParamType(str, Enum):
    """The types a stored query parameter may have."""

    IRI = "iri"
    STRING = "string"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "dateTime"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a stored query."""

    name: str
    type: ParamType
    default: str | None
    description: str


@dataclass(frozen=True)
class StoredQuery:
    """A stored query file, parsed."""

    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    severity: str | None = None
    needs_network: bool = False
    view: str = "spacekg"


def parse_query_file(path: Path) -> StoredQuery:
    """Parse a ``.rq`` file's header.

    Raises:
        QueryError: the header lacks a title or has a malformed ``param`` line.
    """
    text = read_text(path)
    fields: dict[str, list[str]] = {}
    params: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            continue
        key, sep, value = line[2:].strip().partition(":")
        if not sep:
            raise QueryError(f"{path}:{number}: header line needs 'key: value'")
        key, value = key.strip(), value.strip()
        if key == "param":
            params.append(_parse_param(path, number, value))
        else:
            fields.setdefault(key, []).append(value)
    if not fields.get("title"):
        raise QueryError(f"{path}: missing '#+ title:' header line")
    return StoredQuery(
        name=path.stem,
        path=path,
        title=" ".join(fields["title"]),
        description=" ".join(fields.get("description", [])),
        parameters=tuple(params),
        text=text,
        severity=fields["severity"][0] if fields.get("severity") else None,
        needs_network=fields.get("network", ["no"])[0] == "yes",
        view=_view(path, fields.get("view", ["spacekg"])[0]),
    )


def _view(path: Path, value: str) -> str:
    if value not in ("spacekg", "wikidata"):
        raise QueryError(f"{path}: '#+ view:' must be spacekg or wikidata, not {value!r}")
    return value


def _parse_param(path: Path, number: int, value: str) -> Parameter:
    spec, _, description = value.partition("--")
    parts = spec.split(maxsplit=2)
    if len(parts) < 2:
        raise QueryError(f"{path}:{number}: param needs 'NAME TYPE [DEFAULT] -- description'")
    try:
        kind = ParamType(parts[1])
    except ValueError:
        allowed = ", ".join(t.value for t in ParamType)
        raise QueryError(f"{path}:{number}: unknown parameter type {parts[1]!r} (use {allowed})") from None
    default = parts[2].strip() if len(parts) > 2 else None
    return Parameter(parts[0], kind, default, description.strip())


def load_queries(directory: Path) -> dict[str, StoredQuery]:
    """Parse every ``*.rq`` in ``directory`` (not its subdirectories), keyed by name."""
    queries = {}
    for path in sorted(directory.glob("*.rq")):
        if _NAME.match(path.stem):
            queries[path.stem] = parse_query_file(path)
    return queries


def get_query(directory: Path, name: str) -> StoredQuery:
    """Return the stored query ``name``.

    Raises:
        QueryNotFoundError: with the closest names as suggestions.
    """
    path = directory / f"{name}.rq"
    if _NAME.match(name) and path.is_file():
        return parse_query_file(path)
    names = sorted(p.stem for p in directory.glob("*.rq"))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    close += [n for n in names if name and name in n and n not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; run 'spacekg queries' to list them"
    raise QueryNotFoundError(f"no stored query named {name!r}{hint}")


def bind_parameters(query: StoredQuery, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Convert ``-p name=value`` strings to typed RDF terms, filling in defaults.

    Raises:
        QueryError: an unknown parameter, or a value that is not of the declared type.
    """
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {names})")
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.parameters:
        raw = values.get(param.name, param.default)
        if raw is not None:
            bound[param.name] = to_term(param, raw)
    return bound


def to_term(param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
    """Convert one parameter value to an RDF term of the declared type.

    Raises:
        QueryError: the value does not fit the type.
    """
    try:
        if param.type is ParamType.IRI:
            iri = expand(raw)
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", iri):
                raise ValueError("not an IRI or known prefixed name")
            return ox.NamedNode(iri)
        if param.type is ParamType.STRING:
            return ox.Literal(raw)
        if param.type is ParamType.INTEGER:
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
        if param.type is ParamType.DECIMAL:
            float(raw)
            return ox.Literal(raw, datatype=ox.NamedNode(XSD + "decimal"))
        if param.type is ParamType.DATE:
            return ox.Literal(date.fromisoformat(raw).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if param.type is ParamType.DATETIME:
            datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return ox.Literal(raw, datatype=ox.NamedNode(XSD + "dateTime"))
        if raw not in ("true", "false"):
            raise ValueError("use true or false")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "boolean"))
    except ValueError as exc:
        raise QueryError(
            f"parameter {param.name}={raw!r} is not a valid {param.type.value}: {exc}"
        ) from None
