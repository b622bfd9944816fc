"""Register a news article: copy its text, record where it came from, split it and write its skeleton.

Registration writes, for a new article ``aNNN``:

- ``data/articles/aNNN.txt``: the text, byte for byte;
- its record in ``data/sources.ttl``: outlet, attribution chain, publication date (a day, or a
  range and how it was inferred), file name, the SHA-256 of the text and, if given, its address;
- ``data/facts/aNNN.trig``: the sentence table, a provenance stub and an empty graph per
  sentence, with the mentions found in it as comments (:mod:`spacekg.curation.trig`);
- ``data/curation/aNNN-links.tsv``: the candidate entities of every mention, for review
  (:mod:`spacekg.curation.review`).

Nothing is written until everything has been prepared and checked, so a refused registration
leaves the project as it was. The source record is written last: a registration stopped before
it (a crash, a full disk) is finished by registering the same text again, under the same id.
Registration takes the project's edit lock (:func:`spacekg.curation.workflow.editing`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from ..errors import InputError, UsageError
from ..namespaces import ID, PREFIXES, RDFS, SKG, SOURCE, XSD, shorten
from ..sources.files import line_and_column, read_text, write_atomic
from ..sources.project import Project
from ..sources.segment import Segment, split_sentences
from ..wikidata.client import normalise_label
from .catalogue import Catalogue, catalogue, project_quads
from .dates import clock_of, numeric_day, place_offset, resolve
from .linker import Linker, Mention, describe, slug
from .review import read_review, review_path, write_review
from .split import Disagreement, cross_check
from .templates import offset_text
from .templates import utc_offset as parse_offset
from .trig import ARTICLE_ID, FactsFile, Triple, append_statements, comment_lines, iri, skg
from .workflow import editing

_TEXT_HASH = skg("textSha256")


@dataclass(frozen=True)
class Publication:
    """When an article appeared: one day, or a range of days and how it was inferred."""

    first: date
    last: date | None
    note: str
    stated_offset: timedelta | None = None
    """The UTC offset a timestamp gave with the day ("2020-12-17T09:30:00+08:00"); None if it gave
    none, or UTC."""
    instant: datetime | None = None
    """The instant a timestamp or a clock time with its zone gave ("December 16, 2020, 9:58 PM
    EST"), whose day another zone may read otherwise; None for a day or a period."""

    def at(self, offset: timedelta) -> Publication:
        """The publication read at ``offset``, the article's zone: the day of its instant there
        (a story datelined BEIJING and stamped 9:58 PM EST appeared on the next day in Beijing)."""
        if self.instant is None:
            return self
        day = self.instant.astimezone(timezone(offset)).date()
        stated = self.note == f"Stated: published on {self.first.isoformat()}."
        return replace(self, first=day, note=f"Stated: published on {day.isoformat()}." if stated else self.note)

    @classmethod
    def parse(cls, value: str, note: str | None, *, utc_offset: timedelta | None = None) -> Publication:
        """A day (``YYYY-MM-DD``, ``YYYY/MM/DD``, ``17.12.2020``, or written out: ``15 May 2021``,
        ``Dec. 7, 2018``), a timestamp as a page's metadata or a feed gives it
        (``2020-12-17T09:30:00+08:00``, ``Thu, 17 Dec 2020 01:30:00 GMT``), whose day is the one at
        ``utc_offset`` (the article's ``--tz``) or else at its own offset, or a period (``A..B`` of
        days, a month, a year: ``May 2021``), which is inferred and needs ``note``.

        Raises:
            UsageError: the dates are malformed, ambiguous (``03/04/2020``), relative, backwards,
                or a period has no note.
        """
        said = _PAGE_WORD.match(value)
        if said and said["word"].lower().split()[-1] in ("updated", "modified", "edited"):
            raise UsageError(f"--published {value!r}: an update's time is when the article was changed, not when it "
                             "appeared: give the day it was published, or, where only the update's is known, a "
                             "range of days ending on it (FIRST..YYYY-MM-DD) with --date-note saying why")
        # "Published 2:07 AM EDT, June 25, 2024": a page's label for its date is no part of it.
        first_text, dots, last_text = value[said.end() if said else 0:].strip().partition("..")
        if dots and not (first_text.strip() and last_text.strip()):
            raise UsageError(f"--published {value!r}: a range gives both its first and its last day")
        stamped = _timestamp(first_text, value) if not dots else None
        zoned = None
        if stamped is not None:
            # A timestamp without an offset is the page's own clock: its day as written.
            offset = utc_offset if utc_offset is not None else stamped.utcoffset()
            local = stamped.astimezone(timezone(offset)) if offset is not None and stamped.tzinfo else stamped
            first, last = local.date(), None
        else:
            first, last, zoned = _days(first_text, value, home=utc_offset)
            if not dots and last is None and zoned is not None and (clock := clock_of(first_text, home=utc_offset)) is not None:
                # "December 16, 2020, 9:58 PM EST": an instant, as a timestamp is.
                stamped = datetime(first.year, first.month, first.day, *clock, tzinfo=timezone(zoned))
                if utc_offset is not None:
                    first = stamped.astimezone(timezone(utc_offset)).date()
                    zoned = None
        if zoned is not None and utc_offset is not None and zoned != utc_offset:
            raise UsageError(f"--published {value!r} is a day at UTC{offset_text(zoned)}, and --tz says "
                             f"UTC{offset_text(utc_offset)}: give the instant as a timestamp "
                             "(YYYY-MM-DDTHH:MM+HH:MM), whose day at --tz is then taken")
        if dots:
            start, end, _ = _days(last_text, value, home=utc_offset)
            last = end or start
        if last is not None and last < first:
            raise UsageError(f"--published {value!r}: the range ends before it starts")
        # A day of slack: it is already tomorrow east of UTC.
        if first > date.today() + timedelta(days=1):
            raise UsageError(f"--published {value!r} is after today ({date.today().isoformat()}): an article is "
                             "published before it is added")
        if last is not None and not (note or "").strip():
            period = "" if dots else f" ({value.strip()!r} is {first.isoformat()}..{last.isoformat()})"
            raise UsageError(f"a publication date range is inferred{period}: say how with --date-note")
        default = f"Stated: published on {first.isoformat()}."
        # A timestamp in UTC ("Z", "GMT") is how servers write any instant: it says nothing of the
        # article's own zone.
        stated = (stamped.utcoffset() or None) if stamped else zoned or None
        return cls(first, last, (note or "").strip() or default, stated,
                   stamped if stamped is not None and stamped.tzinfo is not None else None)


# The word a page prints before its date, which a copied date may keep.
_PAGE_WORD = re.compile(r"\s*(?P<word>first published|published|posted|last updated|updated|last modified|modified"
                        r"|edited)\b\s*(?:on\b|at\b|:)?", re.IGNORECASE)
# What a page's metadata (article:published_time, ISO 8601) or a feed (RFC 2822) gives.
_ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.IGNORECASE)
_FEED_STAMP = re.compile(r"(?:[A-Za-z]{3}, )?\d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|[A-Z]{1,5})")


def _timestamp(text: str, value: str) -> datetime | None:
    """The instant of a timestamp in ``text``, None for words that are no timestamp; one without
    an offset is returned naive.

    Raises:
        UsageError: the timestamp names no such instant, or a weekday its day is not.
    """
    text = text.strip()
    try:
        if _ISO_STAMP.fullmatch(text):
            return datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
        if _FEED_STAMP.fullmatch(text):
            stamp = parsedate_to_datetime(text)
            if text[:1].isalpha() and text[:3].lower() != stamp.strftime("%a").lower():
                raise UsageError(f"--published {value!r}: {stamp:%d %b %Y} is a {stamp:%A}, not {text[:3]}")
            return stamp
    except (ValueError, TypeError) as exc:
        raise UsageError(f"--published {value!r}: no such instant ({exc})") from None
    return None


def _days(text: str, value: str, *, home: timedelta | None = None) -> tuple[date, date | None, timedelta | None]:
    """The first and, for a period longer than a day, the last day of ``text``, read as the fact
    templates read a time expression that needs no other date; and the UTC offset of the zone the
    words name, if any ("Dec 5, 2024 3:04 p.m. EST" is 5 December at UTC-05:00, one day, though
    two in UTC).

    Raises:
        UsageError: ``text`` is no calendar date, or is relative ("on Friday").
    """
    try:
        numeric = numeric_day(text)
    except UsageError as exc:
        raise UsageError(f"--published {exc}") from None
    if numeric is not None:
        return numeric, None, None
    try:
        # At the article's offset (--tz), a zone that names several is read as its own ("IST" at
        # +05:30 is India's).
        window = resolve(text, published=date.today(), utc_offset=home or timedelta(0))
    except UsageError as exc:
        # The time parser's own advice (--date, --when) is for the fact templates.
        reason = re.split(r"[:;] give the period with --date", str(exc))[0].replace(
            " and leave the zone out of --when", " (the article's)")
        if reason.startswith("cannot resolve"):
            reason = ("use YYYY-MM-DD or a day written out (15 May 2021), or a period (YYYY-MM-DD..YYYY-MM-DD, "
                      "May 2021) when the date is inferred")
        raise UsageError(f"--published {value!r}: {reason}") from None
    if window.anchored or window.earliest is None or window.latest is None:
        raise UsageError(f"--published {value!r}: give the calendar date (YYYY-MM-DD), not one relative to another "
                         "day or open at an end")
    zone = window.zone_offset
    if zone is not None:
        first, last = (window.earliest.astimezone(timezone(zone)).date(),
                       window.latest.astimezone(timezone(zone)).date())
    else:
        # Days as written, whatever the offset: read at UTC, a day's window is that day.
        plain = resolve(text, published=date.today())
        assert plain.earliest is not None and plain.latest is not None
        first, last = plain.earliest.date(), plain.latest.date()
    return first, (last if last != first else None), zone


@dataclass(frozen=True)
class Registration:
    """What :func:`register` wrote."""

    article: str
    text_path: Path
    facts_path: Path
    review_path: Path
    sentences: tuple[Segment, ...]
    disagreements: tuple[Disagreement, ...]
    mentions: tuple[Mention, ...]
    new_entities: tuple[str, ...]
    wikidata_labels: int
    kept_rows: int = 0
    """Rows of an earlier review file of the article (registered again) that were kept."""
    dateline: str | None = None
    """The dateline read from the text (not given with the command)."""
    zone_from_dateline: str | None = None
    """The UTC offset the dateline's place gave the article, where none was given."""
    zone_from_stamp: str | None = None
    """The UTC offset of the --published timestamp, where it is the article's."""
    published: Publication | None = None
    """When the article appeared, as recorded (its day at the article's zone)."""


def register(
    project: Project,
    source: Path,
    *,
    outlet: str,
    published: Publication,
    via: tuple[str, ...] = (),
    url: str | None = None,
    headline: str | None = None,
    dateline: str | None = None,
    utc_offset: str | None = None,
    article: str | None = None,
    new_outlets: bool = False,
) -> Registration:
    """Register the article in ``source`` (see the module docstring).

    Args:
        project: the project to add to.
        source: the article's text, UTF-8.
        outlet: who published it: a name the project knows, or an IRI.
        published: when it was published.
        via: outlets or agencies it reports from (its attribution chain), by name or IRI.
        url: where it was published.
        headline, dateline: as printed.
        utc_offset: the UTC offset its dates are local to (``+08:00``), which the templates read
            day windows at.
        article: the id to give it (default: the next free ``aNNN``).
        new_outlets: add the outlets that the project does not know yet as news organisations.

    Raises:
        UsageError: the text or address is already registered, the id is taken or malformed, an
            outlet is unknown (without ``new_outlets``), or the date is malformed.
        InputError: the text is not a readable UTF-8 file, or a project file is malformed.
    """
    with editing(project):
        return _register(project, source, outlet, published, via, url, headline, dateline, utc_offset, article,
                         new_outlets)


def _register(project: Project, source: Path, outlet: str, published: Publication, via: tuple[str, ...],
              url: str | None, headline: str | None, dateline: str | None, utc_offset: str | None,
              article: str | None, new_outlets: bool) -> Registration:
    text = read_text(source)
    if (control := _CONTROL.search(text)) is not None:
        line, column = line_and_column(text, control.start())
        mojibake = " (one from U+0080 to U+009F is often a sign of text decoded in the wrong encoding)" \
            if control[0] >= "\x80" else ""
        raise InputError(f"{source}:{line}:{column}: the control character U+{ord(control[0]):04X} is no part of "
                         f"an article's text: remove it{mojibake}")
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    quads = project_quads(project)
    unfinished = _refuse_duplicate(project, quads, digest, url, text)
    if unfinished is not None and article not in (None, unfinished):
        raise UsageError(f"this text is in data/articles/{unfinished}.txt, from a registration that did not "
                         f"finish: register it again without --id, or as --id {unfinished}")
    article = unfinished or _article_id(project, quads, article)
    cat = catalogue(quads, wikidata_cache=project.cache_dir / "wikidata")
    new_entities: list[Triple] = []
    publisher = _agent(cat, outlet, new_outlets, new_entities)
    chain = [_agent(cat, name, new_outlets, new_entities) for name in via]
    if publisher in chain or len(set(chain)) < len(chain):
        twice = publisher if publisher in chain else next(c for c in chain if chain.count(c) > 1)
        raise UsageError(f"--via names {shorten(twice.value)} twice in the chain from the publisher to the first "
                         "report: give each outlet once, and not the publisher (--outlet) again")
    if new_entities:  # the new outlets are named in the text too ("Reuters reported")
        cat = catalogue([*quads, *(ox.Quad(*t) for t in new_entities)], wikidata_cache=project.cache_dir / "wikidata")

    sentences = split_sentences(text)
    if not sentences:
        raise UsageError(f"{source}: the text has no sentences")
    read = read_dateline(text, sentences, published.first) if dateline is None else None
    if read is not None and _names_no_place(cat, read.place):
        read = None  # "NASA: Artemis II slips" is a headline
    dateline = dateline or (read.place if read else None)
    # Without --tz, a dateline's zone is the article's: a wire story's days are its dateline's
    # ("BEIJING (AP) — … on Thursday" is Thursday in Beijing), whatever zone the page that carries
    # it stamps its time in; else the zone of that stamp.
    offset = _dateline_zone(cat, dateline, published.first) if dateline else None
    zone_from_dateline = zone_from_stamp = None
    if utc_offset is None and offset is not None:
        utc_offset = zone_from_dateline = offset_text(offset)
        published = published.at(offset)
    elif utc_offset is None and published.stated_offset is not None:
        utc_offset = zone_from_stamp = offset_text(published.stated_offset)
    linker = Linker(cat)
    mentions = linker.mentions(sentences, [publisher.value, *(outlet.value for outlet in chain)])
    comments: dict[str, list[str]] = {}
    for mention in mentions:
        comments.setdefault(mention.sentence_id, []).append(describe(mention))
    text_path = project.articles_dir / f"{article}.txt"
    facts = FactsFile.skeleton(project.data_dir / "facts" / f"{article}.trig", article, sentences,
                               {sid: comment_lines("mentions: ", lines) for sid, lines in comments.items()})
    record = _record(cat, article, publisher, chain, published, digest, url, headline, dateline, utc_offset,
                     text_path, project)
    sources_text = append_statements(project.data_dir / "sources.ttl", record,
                           "# The source articles: outlet, attribution chain, and the publication date, known or\n"
                           "# inferred (skg:dateInference says how). Their sentences are in data/facts/*.trig.\n")
    entities_text = (append_statements(project.data_dir / "entities.ttl", new_entities, "# Named things.\n")
                     if new_entities else None)

    # A person's decisions on an earlier registration of this text (removed, then added again) are
    # kept, those of another text under the same id are not; a malformed file stops the
    # registration before anything is written.
    reviewed = review_path(project, article)
    earlier = [r for r in (read_review(reviewed) if reviewed.exists() else []) if text[r.begin:r.end] == r.mention]

    # The source record goes last: until it is written, the registration is unfinished, and
    # registering the same text again finishes it under the same id.
    write_atomic(text_path, data)
    if unfinished is None or not facts.path.exists():
        facts.save()
    if entities_text is not None:
        write_atomic(project.data_dir / "entities.ttl", entities_text.encode("utf-8"))
    kept = write_review(reviewed, mentions, linker, earlier=earlier)
    write_atomic(project.data_dir / "sources.ttl", sources_text.encode("utf-8"))
    return Registration(article, text_path, facts.path, review_path(project, article), tuple(sentences),
                        tuple(cross_check(text)), tuple(mentions),
                        tuple(sorted({str(t[0].value) for t in new_entities})), cat.wikidata_labels, kept,
                        read.place if read else None, zone_from_dateline, zone_from_stamp, published)


@dataclass(frozen=True)
class Dateline:
    """The place a report says it was filed from, at the head of its first paragraph, and that
    place's UTC offset on the day of publication (None where spacekg knows no zone of it)."""

    place: str
    offset: timedelta | None


def read_dateline(text: str, sentences: Sequence[Segment], day: date) -> Dateline | None:
    """The dateline that starts one of the first paragraphs of ``text``: a place in capitals,
    perhaps with its region or country, before a date, the outlet in brackets, a dash or a colon
    ("BEIJING, May 15 (Xinhua) --", "HONG KONG —", "CAPE CANAVERAL, Fla. (AP) —", "WENCHANG, China
    —"); None where none does. A headline in capitals is none, and so is a sentence inside a
    paragraph."""
    for segment in sentences[:_DATELINE_WITHIN]:
        found = _DATELINE_AT_HEAD.match(segment.text) or _TITLED_DATELINE.match(segment.text)
        if found is None or not re.search(r"[a-z]", segment.text) or found["place"] in _LABELS \
                or text[:segment.begin].strip(" \t\ufeff")[-1:] not in ("", "\n"):
            continue
        region = found["region"] if found["region"] and not _MONTH.match(found["region"]) else None
        place = found["place"] + (f", {region}" if region else "")
        return Dateline(place, _place_offset(place, day))
    return None


def _names_no_place(cat: Catalogue, place: str) -> bool:
    """Whether the first part of a dateline names something the project knows that is no place
    (an organisation: "NASA: …")."""
    head = normalise_label(place.split(",")[0])
    return any(not (cat.is_a(e, SKG + "Place") or cat.is_a(e, SKG + "Country"))
               for e in {n.entity for n in cat.names if normalise_label(n.text) == head})


def _dateline_zone(cat: Catalogue, dateline: str, day: date) -> timedelta | None:
    """The offset on ``day`` of a dateline's place: its own zone ("BEIJING"), else the zone of
    the country the project records the place in, where that country has one (a launch site in
    China is at +08:00; one in the United States, of several zones, gives none)."""
    if (offset := _place_offset(dateline, day)) is not None:
        return offset
    for part in dateline.split(","):
        named = {n.entity for n in cat.names if normalise_label(n.text) == normalise_label(part)}
        countries = {c for e in named for c in cat.countries.get(e, set()) | ({e} if cat.is_a(e, SKG + "Country") else set())}
        offsets = {o for c in countries for n in cat.names if n.entity == c
                   if (o := place_offset(n.text, day)) is not None}
        if len(offsets) == 1:
            return offsets.pop()
    return None


def _place_offset(dateline: str, day: date) -> timedelta | None:
    """The offset on ``day`` of the first place of ``dateline`` ("WENCHANG, Hainan") that spacekg
    knows the zone of: the place, else its region or country."""
    return next((o for name in dateline.split(",") if (o := place_offset(name.strip(), day)) is not None), None)


# The words in capitals that head a headline or a report the way a place heads a dateline
# ("BREAKING: …", "EXCLUSIVE - …").
_LABELS = frozenset("BREAKING EXCLUSIVE UPDATE WATCH LIVE PHOTOS PHOTO VIDEO OPINION ANALYSIS EXPLAINER FACTBOX "
                    "TIMELINE CORRECTION EDITORIAL FEATURE INTERVIEW PREVIEW FOCUS INSIGHT COLUMN REVIEW LISTEN "
                    "READ MORE RELATED ADVERTISEMENT NOTE".split())
# A dateline is in the first paragraphs, after a headline and a byline at most.
_DATELINE_WITHIN = 4
_MONTH = re.compile(r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)")
# What follows a dateline's place: its region or country, and the day ("WENCHANG, Hainan, Nov. 24").
_REGION_AND_DAY = (
    r"(?:,\s*(?P<region>[A-Z][\w.']*(?:\s+[A-Z][\w.']*)*))?"
    r"(?:,?\s*(?:(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"|\d{1,2}\s+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?))?")
_DATELINE_AT_HEAD = re.compile(
    r"(?P<place>[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*)" + _REGION_AND_DAY
    + r"(?:\s*\([^()]{1,40}\))?(?:\s*(?:--?|[\u2013\u2014])\s|:\s|\.?\s*/)")
# A place written in small letters heads a dateline only with its outlet in brackets before the
# dash ("Beijing, May 15 (Xinhua) --", "Hong Kong (CNN) —").
_TITLED_DATELINE = re.compile(
    r"(?P<place>[A-Z][a-z'\-]+(?: [A-Z][a-z'\-]+){0,2})" + _REGION_AND_DAY
    + r"\s*\([A-Z][^()]{0,39}\)\s*(?:--?|[\u2013\u2014])\s")


def _refuse_duplicate(project: Project, quads: list[ox.Quad], digest: str, url: str | None,
                      text: str | None = None) -> str | None:
    """Refuse a text or address already registered; return the id of an unfinished registration
    of this text (its file written, its source record not), if there is one."""
    for q in quads:
        # An article's record is an IRI; its hash is a literal, its address an IRI.
        if not (isinstance(q.subject, ox.NamedNode) and isinstance(q.object, (ox.NamedNode, ox.Literal))):
            continue
        if q.predicate == _TEXT_HASH and q.object.value == digest:
            raise UsageError(f"this text is already registered as {shorten(q.subject.value)}; nothing was added")
        if url and q.predicate == skg("webAddress") and same_address(q.object.value, url):
            raise UsageError(f"{url} is already registered as {shorten(q.subject.value)} ({q.object.value}); "
                             "nothing was added")
    for path in project.article_files():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == digest:
            if ARTICLE_ID.fullmatch(path.stem) and not _recorded(quads, path.stem):
                return path.stem
            raise UsageError(f"this text is already in {path.relative_to(project.root)}; nothing was added")
        if text is not None and same_text(data.decode("utf-8", "replace"), text):
            raise UsageError(f"this text is already in {path.relative_to(project.root)} but for line ends or spaces "
                             "at the ends of lines; nothing was added")
    return None


def same_text(a: str, b: str) -> bool:
    """Whether two texts are one article saved differently: line ends (CRLF, CR), spaces at line
    ends, blank lines at either end, a byte-order mark, Unicode normalisation."""
    def plain(text: str) -> str:
        lines = unicodedata.normalize("NFC", text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(line.rstrip() for line in lines.split("\n")).strip("\n")

    return plain(a) == plain(b)


# Parameters that say where a reader came from, not what was read.
# An article is plain text: its lines end with line feeds or carriage returns, and tabs are the
# only other control characters it may have (a NUL or an escape would be written into its TriG).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_TRACKING = re.compile(r"utm_[a-z]+|fbclid|gclid|mc_[a-z]+|ref|cmpid|ocid", re.IGNORECASE)


def same_address(a: str, b: str) -> bool:
    """Whether two web addresses name one page: scheme and host in any case, a default port, a
    trailing slash, a fragment and tracking parameters (utm_source…) aside."""
    def plain(address: str) -> tuple[str, str, str, str]:
        parts = urlsplit(address.strip())
        host = (parts.hostname or "").lower()
        port = parts.port if parts.port not in (None, 80, 443) else None
        query = "&".join(sorted(p for p in parts.query.split("&") if p and not _TRACKING.fullmatch(p.split("=")[0])))
        scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
        return scheme, f"{host}:{port}" if port else host, parts.path.rstrip("/") or "/", query

    try:
        return plain(a) == plain(b)
    except ValueError:  # a malformed port
        return a == b


def _recorded(quads: list[ox.Quad], article: str) -> bool:
    subject = iri(SOURCE + article)
    return any(q.subject == subject for q in quads)


def _article_id(project: Project, quads: list[ox.Quad], wanted: str | None) -> str:
    taken = {p.stem for p in project.article_files()}
    taken |= {p.stem for p in (project.data_dir / "facts").glob("*.trig")}
    taken |= {q.subject.value.removeprefix(SOURCE) for q in quads
              if q.object == skg("SourceDocument") and isinstance(q.subject, ox.NamedNode)
              and q.subject.value.startswith(SOURCE)}
    if wanted is not None:
        if not ARTICLE_ID.fullmatch(wanted):
            raise UsageError(f"--id {wanted!r}: article ids are 'a' and three or more digits, like a003")
        if wanted != (canonical := f"a{int(wanted[1:]):03d}"):
            # a0010 and a010 would be two articles numbered 10.
            raise UsageError(f"--id {wanted}: write it {canonical} (three digits, or more without leading zeros)")
        if wanted in taken:
            raise UsageError(f"--id {wanted}: that article already exists")
        return wanted
    numbers = [int(t[1:]) for t in taken if ARTICLE_ID.fullmatch(t)]
    return f"a{max(numbers, default=-1) + 1:03d}"


def _agent(cat: Catalogue, name: str, create: bool, new_entities: list[Triple]) -> ox.NamedNode:
    organisation = skg("Organization").value
    try:
        found = cat.entity(name, kind=organisation)
    except UsageError as exc:
        if not create or name.strip().startswith("<") or ":" in name:
            raise UsageError(f"{exc} (to add a new outlet, pass --new-outlet)") from None
        return _new_outlet(cat, name, new_entities)
    if cat.types.get(found) and not cat.is_a(found, organisation):
        kinds = ", ".join(shorten(t) for t in sorted(cat.types[found]))
        raise UsageError(f"{shorten(found)} ({cat.label(found)}) is a {kinds}, not an outlet or agency; give the "
                         "organisation that published or reported the article")
    return iri(found)


def _new_outlet(cat: Catalogue, name: str, new_entities: list[Triple]) -> ox.NamedNode:
    node = iri(ID + slug(name))
    if cat.known(node.value):
        raise UsageError(f"{shorten(node.value)} already exists under another name ({cat.label(node.value)}); "
                         f"give it as {shorten(node.value)}")
    if not any(t[0] == node for t in new_entities):
        new_entities += [(node, iri(PREFIXES["rdf"] + "type"), skg("NewsOrganization")),
                         (node, iri(RDFS + "label"), ox.Literal(name.strip(), language="en"))]
    return node


def _record(cat: Catalogue, article: str, publisher: ox.NamedNode, chain: list[ox.NamedNode],
            published: Publication, digest: str, url: str | None, headline: str | None, dateline: str | None,
            utc_offset: str | None, text_path: Path, project: Project) -> list[Triple]:
    doc = iri(SOURCE + article)
    name = cat.label(publisher.value)
    month = published.first.strftime("%b %Y")
    out: list[Triple] = [
        (doc, iri(PREFIXES["rdf"] + "type"), skg("SourceDocument")),
        (doc, iri(RDFS + "label"), ox.Literal(f"{article} ({name}, {month})", language="en")),
    ]
    if headline:
        out.append((doc, skg("headline"), ox.Literal(headline, language="en")))
    out.append((doc, skg("publisher"), publisher))
    if dateline:
        out.append((doc, skg("dateline"), ox.Literal(dateline)))
    if utc_offset:
        out.append((doc, skg("utcOffset"), ox.Literal(offset_text(parse_offset(utc_offset)))))
    out += [(doc, skg("reportedVia"), agent) for agent in chain]
    out.append((doc, skg("datePublished"), _instant(published.first, "00:00:00")))
    if published.last is not None:
        out.append((doc, skg("datePublishedLatest"), _instant(published.last, "23:59:59")))
    out.append((doc, skg("dateInference"), ox.Literal(published.note, language="en")))
    out.append((doc, skg("fileName"), ox.Literal(text_path.relative_to(project.root).as_posix())))
    out.append((doc, _TEXT_HASH, ox.Literal(digest)))
    if url:
        try:
            out.append((doc, skg("webAddress"), iri(url)))
        except ValueError:
            raise UsageError(f"--url {url!r} is not a valid address") from None
    return out


def _instant(day: date, clock: str) -> ox.Literal:
    return ox.Literal(f"{day.isoformat()}T{clock}Z", datatype=iri(XSD + "dateTime"))
