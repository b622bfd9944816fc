"""Stored SPARQL queries: ``queries/*.rq`` files with a ``#+`` header that describes them.

Header lines (grlc style)::

    #+ title: Chang'e 4 launch
    #+ description: Which spacecraft China launched towards the far side in December 2018.
    #+ param: year integer 2018 -- the launch year
    #+ param: mission iri(skg:SpaceMission) d:change-4 -- the mission
    #+ column: spacecraft -- the spacecraft launched

Each column a query returns is described by a ``#+ column: NAME -- description`` line, in the
order the query returns them. Check queries (``queries/checks/``) also carry
``#+ severity: error|warning|info``; queries that reach the network through SERVICE say
``#+ network: yes``; queries written for the Wikidata view (WDQS style) say ``#+ view: wikidata``
and run on it unless ``--view`` says otherwise. A parameter ``NAME`` binds the query variable
``?NAME``; its type is one of :class:`ParamType`, and an IRI parameter may name the class of
the things it takes (``iri(skg:SpaceMission)``), so that a thing of another kind is warned of.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import NamedTuple, TypeVar

import pyoxigraph as ox

from ..errors import InputError, QueryError, QueryNotFoundError, SpaceKGError
from ..namespaces import ID, PREFIXES, XSD, expand
from ..sources.files import read_text, split_lines
from ..sources.project import folder, suffix_slip
from .graphs import QueryView

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


class Severity(str, Enum):
    """How bad a check query's finding is (``#+ severity:``); ``spacekg check --fail-on`` picks the
    lowest that fails the check."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


# Records here are NamedTuples, not frozen dataclasses: a dataclass makes its methods with exec
# as the module is imported, near a millisecond each, and a cold query imports this module.
class Parameter(NamedTuple):
    """One declared parameter of a stored query."""

    name: str
    type: ParamType
    default: str | None
    description: str
    # The class (a full IRI) of the things an IRI parameter takes, if the header names one.
    kind: str | None = None


class Column(NamedTuple):
    """One described column (projected variable) of a stored query."""

    name: str
    description: str


class StoredQuery(NamedTuple):
    """A stored query file, parsed."""

    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    severity: Severity | None = None
    needs_network: bool = False
    view: QueryView = QueryView.SPACEKG
    columns: tuple[Column, ...] = ()


def parse_query_file(path: Path, *, root: Path | None = None) -> StoredQuery:
    """Parse a ``.rq`` file's header; with ``root``, the file must lie inside it.

    Raises:
        QueryError: the header lacks a title, or has a line that is not ``key: value``, a key it
            does not know, a key given twice that takes one value, a malformed ``param`` or
            ``column`` line, a parameter or column given twice, or a value its key does not take
            (each with its line).
        InputError: the file cannot be read (not a regular file, outside ``root``, not UTF-8...).
    """
    text = read_text(path, root=root)
    fields: dict[str, list[str]] = {}
    params: list[Parameter] = []
    declared: dict[str, int] = {}  # where each parameter is declared
    columns: dict[str, tuple[int, Column]] = {}  # where each column is described
    lines: dict[str, int] = {}  # where each header key is first given
    # Lines numbered as the SPARQL parser's positions are (a form feed or U+2028 ends none).
    for number, line in enumerate(split_lines(text), start=1):
        if not line.startswith("#+"):
            continue
        key, sep, value = line[2:].strip().partition(":")
        if not sep:
            raise QueryError(f"{path}:{number}: header line needs 'key: value'")
        key, value = key.strip(), value.strip()
        if key not in _KEYS:
            # A key misspelt would leave a check without its severity, or a title missing, in silence.
            import difflib  # only for a header that is wrong

            close = difflib.get_close_matches(key.lower(), _KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean '#+ {close[0]}:'?" if close else ""
            raise QueryError(f"{path}:{number}: unknown header '#+ {key}:' (the keys are {', '.join(_KEYS)}){hint}")
        if key == "param":
            param = _parse_param(path, number, value)
            if param.name in declared:
                raise QueryError(f"{path}:{number}: parameter {param.name} is declared again (first on line "
                                 f"{declared[param.name]}); declare it once")
            declared[param.name] = number
            params.append(param)
        elif key == "column":
            column = _parse_column(path, number, value)
            if column.name in columns:
                raise QueryError(f"{path}:{number}: column {column.name} is described again (first on line "
                                 f"{columns[column.name][0]}); describe it once")
            columns[column.name] = (number, column)
        elif key in _SINGLE and key in fields:
            raise QueryError(f"{path}:{number}: '#+ {key}:' is given again (first on line {lines[key]}); give it once")
        else:
            lines.setdefault(key, number)
            fields.setdefault(key, []).append(value)
    if not fields.get("title"):
        raise QueryError(f"{path}: missing '#+ title:' header line")

    def single(key: str, choices: type[E]) -> E | None:
        return _header(path, lines[key], key, fields[key][0], choices) if key in fields else None

    return StoredQuery(
        name=path.stem,
        path=path,
        title=" ".join(fields["title"]),
        description=" ".join(fields.get("description", [])),
        parameters=tuple(params),
        text=text,
        severity=single("severity", Severity),
        needs_network=single("network", _Network) is _Network.YES,
        view=single("view", QueryView) or QueryView.SPACEKG,
        columns=tuple(column for _, column in columns.values()),
    )


E = TypeVar("E", bound=Enum)
# The header keys; a title or description may run over several lines, the others have one value.
_KEYS = ("title", "description", "param", "column", "severity", "network", "view")
_SINGLE = ("severity", "network", "view")


class _Network(str, Enum):
    """``#+ network:``, whether the query reaches the network through SERVICE."""

    YES = "yes"
    NO = "no"


def _header(path: Path, number: int, key: str, value: str, choices: type[E]) -> E:
    try:
        return choices(value)
    except ValueError:
        names = ", ".join(c.value for c in choices)
        raise QueryError(f"{path}:{number}: '#+ {key}:' must be one of {names}, not {value!r}") from None


# The names the server's stored-query route reads as its own options (/queries/NAME?format=csv).
RESERVED_PARAMETERS = frozenset({"format", "timeout", "truncate"})
# The description starts at a "--" that stands alone: a default may hold "--" (d:a--b).
_DESCRIPTION = re.compile(r"(?:^|\s)--(?:\s|$)")


def _parse_param(path: Path, number: int, value: str) -> Parameter:
    spec, description = (_DESCRIPTION.split(value, maxsplit=1) + [""])[:2]
    parts = spec.split(maxsplit=2)
    if len(parts) < 2:
        raise QueryError(f"{path}:{number}: param needs 'NAME TYPE [DEFAULT] -- description'")
    written, _, of_class = parts[1].partition("(")
    try:
        kind = ParamType(written)
    except ValueError:
        allowed = ", ".join(t.value for t in ParamType)
        raise QueryError(f"{path}:{number}: unknown parameter type {written!r} (use {allowed}; an IRI parameter "
                         "may name its class, iri(skg:SpaceMission))") from None
    of = _parse_kind(path, number, kind, of_class) if of_class or written != parts[1] else None
    if not _is_variable_name(parts[0]):
        raise QueryError(f"{path}:{number}: parameter name {parts[0]!r} is no SPARQL variable name (letters, digits "
                         "and '_'; it binds ?NAME)")
    if parts[0] in RESERVED_PARAMETERS:
        raise QueryError(f"{path}:{number}: parameter name {parts[0]!r} is taken: the server reads "
                         f"{', '.join(sorted(RESERVED_PARAMETERS))} as its own options; choose another name")
    default = parts[2].strip() if len(parts) > 2 else None
    param = Parameter(parts[0], kind, default, description.strip(), of)
    if default is not None:
        try:
            to_term(param, default)
        except QueryError as exc:
            raise QueryError(f"{path}:{number}: the default of {exc}") from None
    return param


def _parse_kind(path: Path, number: int, kind: ParamType, of_class: str) -> str:
    """The full IRI of the class written in ``iri(CLASS)``."""
    written = of_class.removesuffix(")")
    if kind is not ParamType.IRI or not of_class.endswith(")") or not written:
        raise QueryError(f"{path}:{number}: only an iri parameter names a class, as iri(skg:SpaceMission), "
                         f"not {kind.value}({of_class}")
    try:
        if not written.startswith("<") and written.partition(":")[0] not in PREFIXES:
            raise ValueError(written)
        iri = expand(written)
        ox.NamedNode(iri)
    except ValueError:
        raise QueryError(f"{path}:{number}: iri({written}) names no class: give a prefixed name such as "
                         "skg:SpaceMission or an IRI in full, <…>") from None
    return iri


# A variable's name as SPARQL writes it, near enough for a header: the query tokenizer checks a
# parameter's name, but importing it costs a query without parameters some 12 ms before it runs,
# and the suite checks each column line against the columns the query returns.
_COLUMN = r"\w[\w\u00b7\u0300-\u036f\u203f\u2040]*"


def _parse_column(path: Path, number: int, value: str) -> Column:
    name, description = (_DESCRIPTION.split(value, maxsplit=1) + [""])[:2]
    name, description = name.strip().removeprefix("?"), description.strip()
    if not description or not re.fullmatch(_COLUMN, name):
        raise QueryError(f"{path}:{number}: column needs 'NAME -- description', NAME the variable the query "
                         "returns (without '?')")
    return Column(name, description)


def load_queries(directory: Path, *, root: Path | None = None) -> dict[str, StoredQuery]:
    """Parse every ``*.rq`` in ``directory`` (not its subdirectories), keyed by name.

    Raises:
        QueryError, InputError: the first file that cannot be read or parsed.
    """
    queries, problems = scan_queries(directory, root=root)
    if problems:
        raise problems[0]
    return queries


def scan_queries(directory: Path, *, root: Path | None = None) -> tuple[dict[str, StoredQuery], list[SpaceKGError]]:
    """Parse every ``*.rq`` in ``directory``: the queries that parse, keyed by name, and the
    error of each file that does not (each names its file), so that one broken file hides no other."""
    queries: dict[str, StoredQuery] = {}
    problems: list[SpaceKGError] = []
    for path in sorted(folder(directory).iterdir()) if os.path.isdir(directory) else ():
        if (slip := suffix_slip(path, ".rq")) is not None:
            problems.append(slip)
        if not path.name.endswith(".rq"):
            continue
        try:
            _refuse_name(path)
            queries[path.stem] = parse_query_file(path, root=root)
        except (QueryError, InputError) as exc:
            problems.append(exc)
    return queries, problems


def _refuse_name(path: Path) -> None:
    """A query is named by its file, and a name is what a command line can type unquoted.

    Raises:
        InputError: naming the file and a name it could have.
    """
    if not _NAME.match(path.stem):
        better = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "query"
        raise InputError(f"{path}: a query's name is its file's: lower-case letters, digits and '-', "
                         f"starting with a letter or digit (rename it to {better}.rq)")


def get_query(directory: Path, name: str, *, root: Path | None = None,
              listing: str = "run 'spacekg queries' to list them") -> StoredQuery:
    """Return the stored query ``name``; ``listing`` says, for an unknown name with no close
    one, where the names are listed to the caller (a command, a URL).

    Raises:
        QueryNotFoundError: with the closest names as suggestions.
        QueryError, InputError: the file cannot be read or parsed.
    """
    path = folder(directory) / f"{name}.rq"
    if os.path.lexists(path) and "/" not in name and name not in (".", ".."):
        _refuse_name(path)
        return parse_query_file(path, root=root)
    for other in directory.glob(f"{glob.escape(name)}.*") if "/" not in name else ():
        if (slip := suffix_slip(other, ".rq")) is not None:
            raise slip
    names = sorted(p.stem for p in directory.glob("*.rq"))
    import difflib  # only for an unknown name

    wanted = name.lower()  # "ORDINALS" is a slip of "ordinals", however far apart difflib finds them
    close = [n for n in names if n.lower() == wanted]
    close += [n for n in difflib.get_close_matches(wanted, names, n=3, cutoff=0.5) if n not in close]
    close = (close + [n for n in names if wanted and wanted in n.lower() and n not in close])[:3]
    hint = f"; did you mean {', '.join(close)}?" if close else f"; {listing}"
    raise QueryNotFoundError(f"no stored query named {name!r}{hint}")


def _is_variable_name(name: str) -> bool:
    from .safety import tokenize

    try:
        tokens = tokenize(f"?{name}")
    except QueryError:
        return False
    return len(tokens) == 1 and tokens[0].kind == "VAR"


def one_value_each(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The parameters given as ``(name, value)`` pairs (``-p`` options, a URL's fields), one value
    each; a name is read without the spaces around it, as ``-p " year=2016"`` is year.

    A name given again with the same value is the same request (a script or a link that repeats
    what it already gave), so it is taken once; with another value it is refused rather than the
    last taken, which would answer a question other than the one asked. The command line and the
    server (a stored query's parameters and the endpoint's options) all read parameters through
    here, so that one is never refused where another runs.

    Raises:
        QueryError: a name is given twice with two values (both named).
    """
    values: dict[str, str] = {}
    for name, value in pairs:
        name = name.strip()
        if name in values and values[name] != value:
            raise QueryError(f"parameter {name} is given twice ({values[name]!r} and {value!r}): give it once")
        values[name] = value
    return values


def bind_parameters(query: StoredQuery, values: Mapping[str, str], *,
                    given_as: str = "-p {}=VALUE") -> dict[str, ox.NamedNode | ox.Literal]:
    """Convert ``-p name=value`` strings to typed RDF terms, filling in defaults. ``given_as``
    shows how the caller gives a parameter (a command's option, a URL's field), for the error of
    one that must be given.

    Raises:
        QueryError: an unknown parameter (with the one meant, if close), a parameter without a
            default that has no value, an empty value (but for a string), or a value that is not
            of the declared type.
    """
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        import difflib  # only for a parameter that is wrong

        if not declared:
            more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
            raise QueryError(f"query {query.name!r} takes no parameters; leave out {', '.join(unknown[:3])}{more}")
        close = [n for n in declared if n.lower() == unknown[0].lower()] or \
            difflib.get_close_matches(unknown[0], list(declared), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (parameters: {', '.join(declared)})"
                         f"{hint}")
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.parameters:
        raw = values.get(param.name, param.default)
        if raw is None:
            # Left unbound, the variable would match anything or, in a filter, nothing: never what was asked.
            raise QueryError(f"query {query.name!r} needs a value for {param.name!r}, which has no default "
                             f"({given_as.format(param.name)})")
        if param.type is not ParamType.STRING and not raw.strip(_XML_SPACE):
            # An empty field of a form, or "-p year=": nothing of the type, and no name to look up.
            form = _IRI_FORM if param.type is ParamType.IRI else LEXICAL_FORMS[param.type][1]
            default = f"leave it out for its default, {param.default}" if param.default is not None else \
                "it has no default"
            raise QueryError(f"parameter {param.name} is empty: give {form} ({default})")
        bound[param.name] = to_term(param, raw)
    return bound


_IRI_FORM = f"an IRI such as <{ID}china>, a prefixed name such as d:china or a name such as \"Chang'e 4\""


_YEAR_MONTH_DAY = r"(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
# A zone at the end of a date or dateTime (a date's own "-12-01" has no colon).
_ZONE_AT_END = r"(?:Z|[+-][0-9]{2}:[0-9]{2})$"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
# The XSD 1.1 lexical space of each literal type, and how an error message describes it. Each
# pattern is compiled where a parameter of its type is first bound (re keeps it): compiling them all
# on import cost every command that reads a stored query nearly a millisecond, mostly for nothing.
LEXICAL_FORMS: dict[ParamType, tuple[str, str]] = {
    ParamType.INTEGER: (r"[+-]?[0-9]+", "an integer such as 2018 or -5"),
    ParamType.DECIMAL: (r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)",
                        "a decimal such as 3.25 or -0.5 (no exponent, NaN or INF)"),
    ParamType.DATE: (_YEAR_MONTH_DAY + _ZONE, "a date YYYY-MM-DD, optionally with a time zone (Z or +08:00; UTC without one)"),
    ParamType.DATETIME: (_YEAR_MONTH_DAY + "T" + _TIME + _ZONE,
                         "a date and time YYYY-MM-DDThh:mm:ss, optionally with fractions of a second and a "
                         "time zone (UTC without one), such as 2018-12-01T00:00:00Z"),
    ParamType.BOOLEAN: (r"true|false|1|0", "true, false, 1 or 0"),
}
_XML_SPACE = " \t\n\r"
# Characters no IRI may hold, and so no name is taken to hold: text with them is a malformed IRI.
# (Not '`', which no IRI holds either: it is an apostrophe as some keyboards type it, "Chang`e 4".)
_NOT_IN_NAMES = frozenset('<>"{}|^\\')
# IRI schemes written without "//" that a parameter may name as they are.
_SCHEMES = frozenset({"urn", "mailto", "tag", "data", "doi", "isbn", "info", "geo", "tel"})


def _is_name(given: str) -> bool:
    """Whether an IRI parameter's value is a name to look up rather than an IRI or prefixed name:
    it has no ':', or white space before its first ':' ("2016 white paper: first Mars probe by
    2020"), which no prefix or scheme has."""
    if any(c in _NOT_IN_NAMES for c in given):
        return False
    before, colon, _ = given.partition(":")
    return not colon or any(c.isspace() for c in before)


def to_term(param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
    """Convert one parameter value to an RDF term of the declared type, checked against the XSD
    lexical space of that type (surrounding white space is dropped, as XSD does for non-strings).

    Raises:
        QueryError: the value does not fit the type; the message says what form is expected.
    """
    # A surrogate is no character: one escapes a byte that is not UTF-8 (a command line's), and
    # a lone one from Python cannot be encoded at all.
    if any(0xD800 <= ord(c) <= 0xDFFF for c in raw):
        raise QueryError(f"parameter {param.name}: the value is not UTF-8")
    if param.type is ParamType.STRING:
        return ox.Literal(raw)
    if param.type is ParamType.IRI:
        given = raw.strip(_XML_SPACE)
        if len(given) > 2 and given[0] == given[-1] == '"':
            # Quoted where no shell takes the quotes away (a form's field, a second pair of quotes):
            # the value is what they hold, "Chang'e 4" the name Chang'e 4 and not a malformed IRI.
            given = given[1:-1].strip(_XML_SPACE)
        if not given.isascii() and _is_name(given):
            import unicodedata

            folded = unicodedata.normalize("NFKC", given)
            if not _is_name(folded) and folded.partition(":")[0] in PREFIXES:
                given = folded  # a prefixed name typed with a full-width colon or letters: "d：change-4"
        if given and _is_name(given):
            # No prefix or scheme: a name ("Chang'e 4", "moon"), looked up on the graph that answers.
            from .names import as_name

            return as_name(given)
        prefix = given.partition(":")[0]
        if re.fullmatch(r"[A-Za-z][\w.-]*:(?!//)\S*", given) and prefix not in PREFIXES \
                and prefix.lower() not in _SCHEMES:
            # "dd:china" reads as an IRI of the scheme "dd", which names nothing: a slip of a prefix.
            hint = (f"did you mean {prefix.lower()}:?" if prefix.lower() in PREFIXES else
                    f"they are {', '.join(p + ':' for p in sorted(PREFIXES))}; write another IRI in full, as <…>")
            raise QueryError(f"parameter {param.name}={raw!r}: {prefix}: is not one of spacekg's prefixes; {hint}")
        try:
            return ox.NamedNode(expand(given))
        except ValueError as exc:
            raise QueryError(f"parameter {param.name}={raw!r} is not a valid iri: expected an IRI such as "
                             f"<{ID}china> or a prefixed name such as d:china ({exc})") from None
    lexical = raw.strip(_XML_SPACE)
    if not lexical.isascii():
        # Digits, signs and letters as a CJK keyboard types them (２０１６, －５, ｔｒｕｅ), and the
        # minus sign a word processor puts for a hyphen: the value is the ASCII one they stand for.
        import unicodedata

        lexical = unicodedata.normalize("NFKC", lexical).replace("\u2212", "-").strip(_XML_SPACE)
    pattern, form = LEXICAL_FORMS[param.type]
    match = re.fullmatch(pattern, lexical)
    if match is None or (param.type in (ParamType.DATE, ParamType.DATETIME) and not _real_day(*match.groups())):
        raise QueryError(f"parameter {param.name}={raw!r} is not a valid {param.type.value}: expected {form}")
    if param.type is ParamType.INTEGER:
        lexical = _canonical_integer(lexical)
    if param.type in (ParamType.DATE, ParamType.DATETIME) and not re.search(_ZONE_AT_END, lexical):
        # The graph's times carry a zone, and XSD orders a zoneless time against a zoned one only
        # when they are over 14 hours apart: nearer, every comparison is an error and the FILTER
        # drops the row without a word. A zoneless value is read at UTC, as --as-of is.
        lexical += "Z"
    term = ox.Literal(lexical, datatype=ox.NamedNode(XSD + param.type.value))
    if param.type in _VALUE_TESTS and not _held(term, param.type):
        # A value the engine cannot hold (a year of 20 digits, 19 digits of a second) makes every
        # comparison with it an error, which drops the row without a word. (An integer too long
        # for it equals nothing the graph holds, which is the right answer.)
        reason = "it has too many digits" if param.type is ParamType.DECIMAL else \
            "its year or its fractions of a second are too long"
        raise QueryError(f"parameter {param.name}={raw!r} is a {param.type.value} the query engine cannot hold "
                         f"({reason}); give a nearer or shorter value")
    return term


# An expression that needs the literal's value: an error (so FILTER false) for one the engine
# cannot hold. Comparing the term with itself would not do: equal terms are equal, values or not.
_VALUE_TESTS = {ParamType.DATE: "YEAR({0}) = YEAR({0})", ParamType.DATETIME: "YEAR({0}) = YEAR({0})",
                ParamType.DECIMAL: "{0} + 0 = {0} + 0", ParamType.BOOLEAN: "{0} || !{0}"}


def _held(term: ox.Literal, kind: ParamType) -> bool:
    """Whether the query engine reads ``term`` as a value of its type ``kind``."""
    return bool(ox.Store().query(f"ASK {{ FILTER({_VALUE_TESTS[kind].format(term)}) }}"))


def _canonical_integer(lexical: str) -> str:
    """The canonical form of an xsd:integer, so that string functions see 7, not +07. Written
    out rather than through int(), which refuses numbers over 4,300 digits."""
    sign, digits = ("-", lexical[1:]) if lexical[0] == "-" else ("", lexical.lstrip("+"))
    digits = digits.lstrip("0") or "0"
    return digits if digits == "0" else sign + digits


def _real_day(year: str, month: str, day: str) -> bool:
    """Whether the day exists in that month of that (proleptic Gregorian) year. A year's leap-ness
    is in its last four digits (400 divides 10,000), and int() refuses years over 4,300 digits."""
    y, m, d = int(year.lstrip("-")[-4:]), int(month), int(day)
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return d <= (29 if leap else 28) if m == 2 else d <= (30 if m in (4, 6, 9, 11) else 31)
