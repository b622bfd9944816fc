"""The OWL 2 RL datatype map as owlrl applies it (dt-type1, dt-type2, dt-not-type, datatype disjointness).

Both engines must judge a literal alike, so the lexical checks are owlrl's: the tests compare these
tables with owlrl's and every check with the converter owlrl uses for dt-not-type, on chosen and
random lexical forms (``tests/test_parity.py``). They are written out here so that a build with the
fast engine imports neither owlrl nor rdflib. They keep owlrl's leniency and its slips: Python's
``int()`` accepts " 12" and "1_000", a double must lie strictly between 1e-330 and 1e310 in
magnitude (so "0.0" is refused), and an odd number of hex digits passes.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import time
import urllib.parse
from collections.abc import Callable
from decimal import Decimal

from ..namespaces import RDF, RDFS, XSD

# Literals typed xsd:string or language-tagged reach owlrl as rdflib literals without a datatype,
# which its datatype rules skip; so does the fast engine.
UNTYPED = frozenset({XSD + "string", RDF + "langString"})
DATATYPES = frozenset(XSD + n for n in (
    "integer", "decimal", "nonNegativeInteger", "nonPositiveInteger", "negativeInteger", "positiveInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "float",
    "double", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean",
    "hexBinary", "base64Binary", "anyURI", "dateTimeStamp", "dateTime", "time", "date",
)) | {RDFS + "Literal", RDF + "XMLLiteral", RDF + "HTML", RDF + "langString", RDF + "PlainLiteral"}
_SUPER: dict[str, tuple[str, ...]] = {
    "dateTimeStamp": ("dateTime",), "integer": ("decimal",), "long": ("integer", "decimal"),
    "int": ("long", "integer", "decimal"), "short": ("int", "long", "integer", "decimal"),
    "byte": ("short", "int", "long", "integer", "decimal"), "nonNegativeInteger": ("integer", "decimal"),
    "positiveInteger": ("nonNegativeInteger", "integer", "decimal"),
    "unsignedLong": ("nonNegativeInteger", "integer", "decimal"),
    "unsignedInt": ("unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "unsignedShort": ("unsignedInt", "unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "unsignedByte": ("unsignedShort", "unsignedInt", "unsignedLong", "nonNegativeInteger", "integer", "decimal"),
    "nonPositiveInteger": ("integer", "decimal"), "negativeInteger": ("nonPositiveInteger", "integer", "decimal"),
    "normalizedString": ("string",), "token": ("normalizedString", "string"),
    "language": ("token", "normalizedString", "string"), "Name": ("token", "normalizedString", "string"),
    "NCName": ("Name", "token", "normalizedString", "string"), "NMTOKEN": ("Name", "token", "normalizedString", "string"),
}
SUBSUMED_BY: dict[str, tuple[str, ...]] = {XSD + k: tuple(XSD + s for s in v) for k, v in _SUPER.items()}
# owlrl declares these top-level datatypes pairwise disjoint, for the pairs a graph uses.
_DISJOINT_TOP = ("anyURI", "base64Binary", "boolean", "dateTime", "decimal", "double", "float", "hexBinary", "string")
_OTHERS = (RDF + "PlainLiteral", RDF + "XMLLiteral")


def _disjoint_pairs() -> frozenset[tuple[str, str]]:
    tops = [XSD + n for n in _DISJOINT_TOP]
    pairs = {(a, b) for i, a in enumerate(tops) for b in tops[i + 1:]}
    pairs |= {(a, other) for a in tops for other in _OTHERS}
    pairs.discard((XSD + "string", RDF + "PlainLiteral"))
    return frozenset(pairs)


DISJOINT = _disjoint_pairs()


def intrinsic_types(datatype: str) -> tuple[str, ...]:
    """The datatypes a literal of ``datatype`` belongs to (dt-type2 and the subsumptions), or none."""
    if datatype in UNTYPED or datatype not in DATATYPES:
        return ()
    return (datatype, *SUBSUMED_BY.get(datatype, ()))


def _regexp(pattern: str, flags: int = 0, bad_start: str = "") -> Callable[[str], object]:
    compiled = re.compile(pattern, flags)

    def check(value: str) -> object:
        match = compiled.match(value)
        if match is None or match.end() != len(value) or (bad_start and value[0] in bad_start):
            raise ValueError(value)
        return value

    return check


_LANGUAGE = r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*"
_NMTOKEN = r"[\w:_.\-]+"
_NCNAME = r"[\w_.\-]+"
_NAME_START = ".-0123456789"
_TOKEN = "[^\n\t\r]+"


def _token(value: str) -> object:
    if value:
        _regexp(_TOKEN)(value)
        if len(" ".join(value.strip().split())) != len(value):
            raise ValueError(value)
    return value


def _plain_literal(value: str) -> object:
    match = re.match("(.*)@([^@]*)", value)
    if match is None:
        raise ValueError(value)
    if match.group(2):
        _regexp(_LANGUAGE)(match.group(2))
    return value


def _boolean(value: str) -> object:
    if value.lower() not in ("true", "1", "false", "0"):
        raise ValueError(value)
    return value


def _decimal(value: str) -> object:
    if "e" in value.lower():
        raise ValueError(value)
    return Decimal(value)


def _any_uri(value: str) -> object:
    if not value or urllib.parse.urlsplit(value)[0] != "":
        return value
    if value[0] == "%":
        digits = "0123456789ABCDEFabcdef"
        if len(value) >= 3 and value[1] in digits and value[2] in digits:
            return value
        raise ValueError(value)
    if value[0] in "?:":
        raise ValueError(value)
    return value


def _base64(value: str) -> object:
    if not value.replace("=", "x").replace("+", "y").replace("/", "z").isalnum():
        raise ValueError(value)
    try:
        return base64.standard_b64decode(value)
    except (binascii.Error, ValueError):
        raise ValueError(value) from None


def _bounded(low: int | None, high: int | None) -> Callable[[str], object]:
    def check(value: str) -> object:
        number = int(value)
        if (low is None or low < number) and (high is None or number < high):
            return number
        raise ValueError(value)

    return check


def _magnitude(low: str, high: str) -> Callable[[str], object]:
    def check(value: str) -> object:
        try:
            number = Decimal(value)
            if Decimal(low) < abs(number) < Decimal(high):
                return number
        except Exception:  # noqa: BLE001 - owlrl turns every failure into an invalid value
            pass
        raise ValueError(value)

    return check


def _hex(value: str) -> object:
    return int(value, 16)  # owlrl's even-length test divides with /, so any length passes


def _zone(value: str) -> tuple[str, bool]:
    """The value without its time zone, and whether it had one (owlrl's _returnTimeZone)."""
    if value[-1] == "Z":
        return value[:-1], True
    if re.match(r".*(\+|-)([0-9][0-9]):([0-9][0-9])", value) is None:
        return value, False
    return value[:-6], True


# The forms data write, read field by field instead of by time.strptime (ten times slower): for
# these, strptime succeeds exactly when the fields make a valid date, time or both, which is what
# the datetime constructors check. Any other form (one-digit fields, a space before the day, a
# lower-case "t") is left to strptime, which accepts more.
_FIELDS = {
    "%Y-%m-%dT%H:%M:%S": re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"),
    "%H:%M:%S": re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})"),
    "%Y-%m-%d": re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"),
}


def _clock(value: str, form: str, zone_required: bool = False) -> object:
    if not value:
        raise ValueError(value)
    rest, zoned = _zone(value)
    if zone_required and not zoned:
        raise ValueError(value)
    fraction = re.match(r"(.*)(\.)([0-9]*)", rest)
    milliseconds = 0
    if fraction is not None:
        try:
            rest, milliseconds = fraction.group(1), int(fraction.group(3))
        except ValueError:
            raise ValueError(value) from None
    try:
        fields = _FIELDS[form].fullmatch(rest)
        if fields is not None:
            if form == "%H:%M:%S":
                hour, minute, second = map(int, fields.groups())
                return datetime.time(hour, minute, second, milliseconds)
            year, month, day, hour, minute, second = map(int, fields.groups())
            return datetime.datetime(year, month, day, hour, minute, second, milliseconds)
        parsed = time.strptime(rest, form)
        if form == "%H:%M:%S":
            return datetime.time(parsed.tm_hour, parsed.tm_min, parsed.tm_sec, milliseconds)
        return datetime.datetime(parsed.tm_year, parsed.tm_mon, parsed.tm_mday, parsed.tm_hour, parsed.tm_min,
                                 parsed.tm_sec, milliseconds)
    except (ValueError, OverflowError):
        raise ValueError(value) from None


def _date(value: str) -> object:
    if not value:
        raise ValueError(value)
    rest, _ = _zone(value)
    try:
        fields = _FIELDS["%Y-%m-%d"].fullmatch(rest)
        if fields is not None:
            year, month, day = map(int, fields.groups())
            return datetime.date(year, month, day)
        parsed = time.strptime(rest, "%Y-%m-%d")
        return datetime.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except (ValueError, OverflowError):
        raise ValueError(value) from None


def _xml(value: str) -> object:
    import xml.dom.minidom

    try:
        return xml.dom.minidom.parseString(value).toxml()
    except Exception:  # noqa: BLE001 - any parse failure makes the literal ill-typed
        raise ValueError(value) from None


_CHECKS: dict[str, Callable[[str], object]] = {
    XSD + "language": _regexp(_LANGUAGE),
    XSD + "NMTOKEN": _regexp(_NMTOKEN, re.U),
    XSD + "Name": _regexp(_NMTOKEN, re.U, _NAME_START),
    XSD + "NCName": _regexp(_NCNAME, re.U, _NAME_START),
    XSD + "token": _token,
    RDF + "PlainLiteral": _plain_literal,
    XSD + "boolean": _boolean,
    XSD + "decimal": _decimal,
    XSD + "anyURI": _any_uri,
    XSD + "base64Binary": _base64,
    XSD + "double": _magnitude("1.0E-330", "1.0E+310"),
    XSD + "float": _magnitude("1.0E-50", "1.0E+40"),
    XSD + "byte": _bounded(-129, 128),
    XSD + "int": _bounded(-2147483649, 2147483648),
    XSD + "long": _bounded(-9223372036854775809, 9223372036854775808),
    XSD + "positiveInteger": _bounded(0, None),
    XSD + "nonPositiveInteger": _bounded(None, 1),
    XSD + "negativeInteger": _bounded(None, 0),
    XSD + "nonNegativeInteger": _bounded(-1, None),
    XSD + "short": _bounded(-32769, 32768),
    XSD + "unsignedByte": _bounded(-1, 256),
    XSD + "unsignedShort": _bounded(-1, 65536),
    XSD + "unsignedInt": _bounded(-1, 4294967296),
    XSD + "unsignedLong": _bounded(-1, 18446744073709551616),
    XSD + "hexBinary": _hex,
    XSD + "dateTime": lambda v: _clock(v, "%Y-%m-%dT%H:%M:%S"),
    XSD + "dateTimeStamp": lambda v: _clock(v, "%Y-%m-%dT%H:%M:%S", zone_required=True),
    RDF + "XMLLiteral": _xml,
    XSD + "integer": int,
    XSD + "normalizedString": _regexp(_TOKEN),
    XSD + "time": lambda v: _clock(v, "%H:%M:%S"),
    XSD + "date": _date,
}


def lexical_form_ok(datatype: str, lexical: str) -> bool:
    """Whether owlrl's dt-not-type accepts ``lexical`` as a value of ``datatype``."""
    if datatype in UNTYPED or datatype not in DATATYPES:
        return True
    check = _CHECKS.get(datatype)
    if check is None:
        return True
    try:
        check(lexical)
    except (ValueError, ArithmeticError):
        return False
    return True
