"""The Wikidata client against a local server that replays answers in the MediaWiki API's formats.

Nothing here reaches the real network: every client points at 127.0.0.1, and proxies are bypassed.
The fixtures in tests/data/wikidata are recorded-format test data (see the README there).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replay import Raw, Replay, Reply, json_reply

from spacekg import __version__
from spacekg.cli import cli
from spacekg.errors import ExitCode, InputError, WikidataError
from spacekg.namespaces import ID
from spacekg.sources.project import Project
from spacekg.wikidata.client import (
    MAX_DEPTH,
    Candidate,
    ClaimValue,
    EntityInfo,
    Finding,
    WikidataClient,
    propose,
    reconcile,
)

CHINA, MOON, MARS, XI, GHOST = (ID + name for name in ("china", "moon", "mars", "xi-jinping", "ghost"))
LINKS = {MARS: "Q111", MOON: "Q405", XI: "Q15031", GHOST: "Q999999999"}
LABELS = {MARS: "Mars", MOON: "Moon", XI: "Xi Jinping", GHOST: "Ghost"}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_client(server: Replay, tmp_path: Path, sleeps: list[float]) -> Callable[..., WikidataClient]:
    def make(**settings: object) -> WikidataClient:
        # The clock counts the waits that were only recorded, as if they had been slept.
        options: dict = {"api_url": server.url, "sleep": sleeps.append, "timeout": 2.0,
                         "clock": lambda: time.monotonic() + sum(sleeps), **settings}
        return WikidataClient(tmp_path / "cache", **options)

    return make


def test_requests_send_the_user_agent_and_accept_json(server: Replay, make_client):
    make_client().get_entities(["Q148"])
    (seen,) = server.requests
    assert seen.path == "/w/api.php"
    assert seen.headers["User-Agent"].startswith(f"spacekg/{__version__} (https://w3id.org/spacekg;")
    assert seen.headers["Accept"] == "application/json"


def test_entities_are_parsed_for_labels_descriptions_and_instance_of(server: Replay, make_client):
    infos = make_client().get_entities(["Q405", "Q111", "Q15031", "Q999999999", "Q405"])
    assert server.requests[0].query == {
        "action": "wbgetentities",
        "ids": "Q111|Q405|Q15031|Q999999999",  # repeats dropped, sorted by number: one cache key
        "props": "labels|descriptions|claims",
        "languages": "en",
        "format": "json",
    }
    assert infos["Q111"] == EntityInfo("Q111", "Mars", "fourth planet from the Sun", ("Q634",))
    assert infos["Q15031"].label == "Xi Jinping"
    assert infos["Q15031"].instance_of == ("Q5",)
    # The deprecated "instance of planet" statement in the fixture does not count.
    assert infos["Q405"].instance_of == ("Q2537",)


def test_missing_entity_is_reported(make_client):
    client = make_client()
    assert client.get_entities(["Q999999999"] + list(LINKS.values()))["Q999999999"].missing
    findings = reconcile(LINKS, LABELS, {}, client)
    assert Finding(GHOST, "Q999999999", "missing", "Q999999999 does not exist on Wikidata") in findings
    assert [f.kind for f in findings] == ["ok", "ok", "ok", "missing"]


def test_labels_match_ignoring_case_and_punctuation_or_on_an_alternative_label(make_client):
    client = make_client()
    links = {CHINA: "Q148"}
    assert reconcile(links, {CHINA: "peoples republic of  CHINA"}, {}, client)[0].kind == "ok"
    plain = reconcile(links, {CHINA: "China"}, {}, client)
    assert plain == [
        Finding(CHINA, "Q148", "label-mismatch",
                'spacekg label "China" does not match Wikidata label "People\'s Republic of China"')
    ]
    alt = reconcile(links, {CHINA: "China"}, {CHINA: ("Q6256",)}, client,
                    alt_labels={CHINA: ("People’s Republic of China",)})
    assert [f.kind for f in alt] == ["ok"]


def test_a_link_to_the_wrong_item_is_a_label_mismatch(make_client):
    (finding,) = reconcile({MARS: "Q405"}, {MARS: "Mars"}, {}, make_client())
    assert finding.kind == "label-mismatch"
    assert '"Mars"' in finding.detail and '"Moon"' in finding.detail


def test_an_unexpected_class_is_a_type_mismatch(make_client):
    types = {MOON: ("Q634",), MARS: ("Q634",), XI: ("Q5",)}
    findings = {f.entity: f for f in reconcile(LINKS, LABELS, types, make_client())}
    assert findings[MOON] == Finding(MOON, "Q405", "type-mismatch", "expected instance of Q634; Wikidata has Q2537")
    assert (findings[MARS].kind, findings[XI].kind) == ("ok", "ok")


def test_search_candidates_keep_the_api_ranking(server: Replay, make_client):
    candidates = make_client().search("Moon", limit=2)
    assert server.requests[0].query == {
        "action": "wbsearchentities",
        "search": "Moon",
        "language": "en",
        "uselang": "en",
        "type": "item",
        "limit": "2",
        "format": "json",
    }
    assert candidates == [
        Candidate("Q405", "Moon", "natural satellite of Earth", 1),
        Candidate("Q495307", "Moon landing", "arrival of a spacecraft on the surface of the Moon", 2),
    ]


def test_propose_searches_each_unlinked_label(server: Replay, make_client):
    proposals = propose({CHINA: "China", MOON: "Qqxzv lunar widget", XI: "  "}, make_client())
    assert [c.qid for c in proposals[CHINA]] == ["Q148"]
    assert proposals[MOON] == [] and proposals[XI] == []
    assert len(server.requests) == 2  # a blank label is not sent


def test_429_with_retry_after_waits_then_succeeds(server: Replay, make_client, sleeps: list[float]):
    server.then(json_reply({"error": "slow down"}, 429, **{"Retry-After": "2"}))
    infos = make_client().get_entities(["Q148"])
    assert sleeps == [2]
    assert infos["Q148"].label == "People's Republic of China"
    assert len(server.requests) == 2


@pytest.mark.parametrize("retry_after", ["Wed, 21 Oct 2099 07:28:00 GMT", "999999", "31"])
def test_a_retry_after_beyond_max_backoff_fails_at_once(server: Replay, make_client, sleeps: list[float],
                                                        retry_after: str):
    server.then(Reply(503, b"<html>busy</html>", {"Retry-After": retry_after}))
    with pytest.raises(WikidataError, match=r"asks to wait .* more than the 30 s this client waits"):
        make_client(max_backoff=30.0).get_entities(["Q148"])
    assert sleeps == [] and len(server.requests) == 1


def test_server_errors_back_off_exponentially_then_raise(server: Replay, make_client, sleeps: list[float]):
    server.then(*[Reply(503, b"busy") for _ in range(4)])
    with pytest.raises(WikidataError) as caught:
        make_client(max_retries=3).get_entities(["Q148"])
    assert sleeps == [1, 2, 4]
    assert len(server.requests) == 4
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(server.url + "?action=wbgetentities")
    assert "HTTP 503" in message and "gave up after 4 attempts" in message
    assert caught.value.exit_code == ExitCode.REMOTE == 7


def test_a_timeout_is_retried_and_finally_raises(server: Replay, make_client, sleeps: list[float]):
    server.then(Reply(stall=True), Reply(stall=True))
    with pytest.raises(WikidataError, match=r"no complete answer within 0\.2 s \(gave up after 2 attempts\)"):
        make_client(timeout=0.2, max_retries=1).get_entities(["Q148"])
    assert server.seen(2) == 2
    assert sleeps == [1]


def test_an_api_error_with_http_200_raises_without_retrying(server: Replay, make_client, tmp_path: Path):
    error = {"error": {"code": "no-such-entity", "info": "Could not find an entity with the ID \"Q148\"."},
             "servedby": "mw-api-ext"}
    server.then(json_reply(error))
    with pytest.raises(WikidataError, match="API error no-such-entity: Could not find"):
        make_client().get_entities(["Q148"])
    assert len(server.requests) == 1
    assert not list((tmp_path / "cache").glob("*.json"))  # errors are never cached


def test_a_client_error_status_raises_without_retrying(server: Replay, make_client):
    server.then(Reply(403, b"Please set a user-agent"))
    with pytest.raises(WikidataError, match="HTTP 403"):
        make_client().search("Moon")
    assert len(server.requests) == 1


def test_a_non_json_answer_raises(server: Replay, make_client):
    server.then(Reply(200, b"<!DOCTYPE html><title>Wikimedia Error</title>", {"Content-Type": "text/html"}))
    with pytest.raises(WikidataError, match=r"not JSON \(text/html\)"):
        make_client().search("Moon")


def test_a_malformed_qid_is_refused_before_any_request(server: Replay, make_client):
    with pytest.raises(InputError, match="'148': not a Wikidata item id"):
        make_client().get_entities(["Q148", "148"])
    assert server.requests == []


def test_a_second_identical_request_is_served_from_the_cache(server: Replay, make_client, tmp_path: Path):
    client = make_client()
    first = client.search("Moon")
    assert make_client().search("Moon") == first == client.search("Moon")
    assert len(server.requests) == 1
    (cached,) = (tmp_path / "cache").glob("*.json")
    record = json.loads(cached.read_text("utf-8"))
    assert set(record) == {"url", "fetched", "body"}
    assert client.cache_path(record["url"]) == cached
    assert record["body"]["search"][0]["id"] == "Q405"


def test_offline_mode_answers_from_the_cache(server: Replay, make_client):
    online = make_client().get_entities(["Q148"])
    assert make_client(offline=True).get_entities(["Q148"]) == online
    assert len(server.requests) == 1


_BATCH = ["Q111", "Q148", "Q405", "Q15031"]  # in the order a request names them


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subset=st.sets(st.sampled_from(_BATCH), min_size=1))
def test_each_item_of_a_batch_is_answered_offline_on_its_own(server: Replay, make_client, subset: set[str]):
    make_client().get_entities(_BATCH)
    asked = len(server.requests)
    offline = make_client(offline=True).get_entities(sorted(subset))
    assert set(offline) == subset and len(server.requests) == asked
    assert offline["Q405"].label == "Moon" if "Q405" in subset else True


@pytest.mark.parametrize("known", [["Q111"], ["Q111", "Q405"], ["Q148", "Q405", "Q15031"]])
def test_a_run_asks_only_for_the_items_the_cache_lacks(server: Replay, make_client, known: list[str]):
    make_client().get_entities(known)
    server.requests.clear()
    found = make_client().get_entities(_BATCH)
    assert set(found) == set(_BATCH) and found["Q111"].label == "Mars"
    lacking = [qid for qid in _BATCH if qid not in known]
    assert [seen.query["ids"] for seen in server.requests] == ["|".join(lacking)]


def test_offline_with_part_of_the_items_cached_names_those_it_lacks(server: Replay, make_client):
    make_client().get_entities(["Q405"])
    with pytest.raises(WikidataError, match="not in the cache and --offline was given") as caught:
        make_client(offline=True).get_entities(_BATCH)
    assert "ids=Q111%7CQ148%7CQ15031&" in str(caught.value)


def test_offline_mode_raises_on_a_cache_miss(server: Replay, make_client):
    with pytest.raises(WikidataError, match="not in the cache and --offline was given"):
        make_client(offline=True).search("Mars")
    assert server.requests == []


def test_a_corrupt_cache_file_is_refetched(server: Replay, make_client, tmp_path: Path):
    make_client().search("China")
    (cached,) = (tmp_path / "cache").glob("*.json")
    cached.write_bytes(b'{"url": "truncated')
    assert [c.qid for c in make_client().search("China")] == ["Q148"]
    assert len(server.requests) == 2
    assert json.loads(cached.read_text("utf-8"))["body"]["search"][0]["id"] == "Q148"


# --- Hostile or broken servers ---


_OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"


@pytest.mark.parametrize("script", [
    [(0, _OK_HEAD)] + [(0.25, b" ")] * 40,  # the body, one byte at a time
    [(0.25, bytes([byte])) for byte in _OK_HEAD],  # the headers, one byte at a time
], ids=["body", "headers"])
def test_a_server_that_dribbles_is_stopped_at_the_deadline(no_proxy: None, tmp_path: Path, script: list):
    raw = Raw(script)
    try:
        started = time.monotonic()
        with pytest.raises(WikidataError, match=r"no complete answer within 1 s"):
            WikidataClient(tmp_path / "cache", api_url=raw.url, timeout=1.0, max_retries=0).search("Moon")
        assert time.monotonic() - started < 4
    finally:
        raw.close()


def test_a_body_shorter_than_its_content_length_is_an_error(no_proxy: None, tmp_path: Path):
    body = b'{"search": [], "success": 1}'
    raw = Raw([(0, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" + body)])
    try:
        with pytest.raises(WikidataError, match="short of its Content-Length") as caught:
            WikidataClient(tmp_path / "cache", api_url=raw.url, max_retries=1, sleep=lambda s: None).search("Moon")
        assert caught.value.exit_code == ExitCode.REMOTE
        assert raw.connections == 2 and not list((tmp_path / "cache").glob("*.json"))
    finally:
        raw.close()


@pytest.mark.parametrize("answer", [{}, {"entities": {}}, {"entities": []}, {"entities": {"Q148": "text"}}])
def test_only_answers_that_pass_validation_are_cached(server: Replay, make_client, tmp_path: Path, answer: object):
    server.then(json_reply(answer))
    with pytest.raises(WikidataError, match="no usable entry for Q148"):
        make_client().get_entities(["Q148"])
    assert not list((tmp_path / "cache").glob("*.json"))
    assert make_client().get_entities(["Q148"])["Q148"].label == "People's Republic of China"


def test_a_poisoned_cache_entry_is_fetched_again(server: Replay, make_client, tmp_path: Path):
    client = make_client()
    url = client._url(action="wbgetentities", ids="Q148", props="labels|descriptions|claims", languages="en",
                      format="json")
    client.cache_dir.mkdir(parents=True)
    client.cache_path(url).write_text(json.dumps({"url": url, "fetched": "2026-01-01T00:00:00+00:00", "body": {}}))
    assert client.get_entities(["Q148"])["Q148"].label == "People's Republic of China"
    assert len(server.requests) == 1


def test_a_redirect_to_another_host_is_not_followed(server: Replay, make_client, no_proxy: None):
    elsewhere = Replay()
    elsewhere.thread.start()
    try:
        other = elsewhere.url.replace("127.0.0.1", "localhost")
        server.then(Reply(302, b"", {"Location": other + "?action=wbgetentities&ids=Q148"}))
        with pytest.raises(WikidataError, match="another host or a downgrade; not followed") as caught:
            make_client().get_entities(["Q148"])
        assert caught.value.exit_code == ExitCode.REMOTE
        assert elsewhere.requests == []
    finally:
        elsewhere.server.shutdown()
        elsewhere.server.server_close()


def test_a_redirect_on_the_same_host_is_followed(server: Replay, make_client):
    client = make_client()
    target = client._url(action="wbsearchentities", search="Moon", language="en", uselang="en", type="item",
                         limit="5", format="json")
    server.then(Reply(301, b"", {"Location": target}))
    assert [c.qid for c in client.search("Moon")][:1] == ["Q405"]


def test_a_cache_that_cannot_be_written_costs_a_warning_not_the_answer(server: Replay, tmp_path: Path):
    (tmp_path / "cache").write_text("a file where the cache directory should be")
    warnings: list[str] = []
    client = WikidataClient(tmp_path / "cache", api_url=server.url, warn=warnings.append)
    assert client.get_entities(["Q148"])["Q148"].label == "People's Republic of China"
    assert len(warnings) == 1 and "not cached" in warnings[0]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/api.php", "gopher://x", "/etc/passwd"])
def test_only_http_and_https_api_urls_are_accepted(project: Project, url: str):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "link", "--online", "--api-url", url])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "http:// or https://" in result.stderr and "Traceback" not in result.output


# --- Answers the client cannot parse, and values not in Wikidata's form ---


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("body", [
    _nested(100_000).encode(),  # json.loads: RecursionError
    ('{"entities": {"Q148": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001 + "}").encode(),
    ('{"entities": {}, "x": ' + _nested(MAX_DEPTH) + "}").encode(),  # parses, but json.dumps could fail on it
    b'{"entities": {"Q148": {"labels": {"en": {"value": "\\ud800"}}}}}',  # a lone surrogate: no text
    b'{"entities": {"Q148": {"labels": {"en": {"value": "\xff"}}}}}',  # not UTF-8
    b'{"entities": ',
    b"1" * 5000,  # longer than int() accepts
], ids=["deep-array", "deep-object", "one-level-too-deep", "surrogate", "not-utf-8", "truncated", "huge-int"])
def test_json_the_client_cannot_use_is_a_remote_error_naming_the_endpoint(server: Replay, make_client,
                                                                         tmp_path: Path, body: bytes):
    server.then(Reply(200, body, {"Content-Type": "application/json"}))
    with pytest.raises(WikidataError) as caught:
        make_client(max_retries=0).get_entities(["Q148"])
    assert str(caught.value).startswith(server.url + "?action=wbgetentities")
    assert re.search(r"the answer is (not JSON|JSON nested more than 64 deep|JSON with a lone surrogate)",
                     str(caught.value))
    assert caught.value.exit_code == ExitCode.REMOTE
    assert not list((tmp_path / "cache").glob("*.json"))


def test_an_answer_nested_as_deep_as_the_limit_is_used_and_cached(server: Replay, make_client, tmp_path: Path):
    answer = json.loads((Path(__file__).parent / "data" / "wikidata" / "wbgetentities_Q148.json").read_text("utf-8"))
    answer["unread"] = json.loads(_nested(MAX_DEPTH - 1))
    server.then(json_reply(answer))
    assert make_client().get_entities(["Q148"])["Q148"].label == "People's Republic of China"
    assert make_client(offline=True).get_entities(["Q148"])["Q148"].label == "People's Republic of China"


@pytest.mark.parametrize("body", [_nested(100_000).encode(), b'{"url": "\\udc00"}'], ids=["deep", "surrogate"])
def test_a_cache_file_the_client_cannot_parse_is_fetched_again(server: Replay, make_client, tmp_path: Path,
                                                               body: bytes):
    make_client().search("China")
    (cached,) = (tmp_path / "cache").glob("*.json")
    cached.write_bytes(body)
    assert [c.qid for c in make_client().search("China")] == ["Q148"]
    assert len(server.requests) == 2


def _statement(value: Any) -> dict[str, Any]:
    return {"mainsnak": {"snaktype": "value", "property": "P0", "datavalue": {"value": value}}, "type": "statement",
            "rank": "normal"}


def _item() -> dict[str, Any]:
    """One item with a value of every kind the client reads, in Wikidata's forms."""
    return {
        "type": "item", "id": "Q148",
        "labels": {"en": {"language": "en", "value": "People's Republic of China"}},
        "descriptions": {"en": {"language": "en", "value": "country in East Asia"}},
        "claims": {
            "P31": [_statement({"entity-type": "item", "numeric-id": 6256, "id": "Q6256"})],
            "P571": [_statement({"time": "+1949-10-01T00:00:00Z", "timezone": 0, "before": 0, "after": 0,
                                 "precision": 11, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"})],
            "P2046": [_statement({"amount": "+9596961", "unit": "http://www.wikidata.org/entity/Q712226"})],
            "P297": [_statement("CN")],
            "P1448": [_statement({"text": "中华人民共和国", "language": "zh"})],
        },
    }


_VALUE = "entities.Q148.claims.{}[0].mainsnak.datavalue.value"
_NOT_A_STRING = st.one_of(st.integers(), st.floats(), st.booleans(), st.lists(st.integers(), min_size=1, max_size=2),
                          st.dictionaries(st.text(max_size=2), st.integers(), min_size=1, max_size=2))
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


def _not(form: str, *near_misses: str) -> st.SearchStrategy[Any]:
    """Values that are not a string of ``form``: other types, near misses, and any other text."""
    return st.one_of(_NOT_A_STRING, st.sampled_from(near_misses),
                     _TEXT.filter(lambda text: not re.fullmatch(form, text)))


_QID_FORM = r"Q[1-9][0-9]*"
_BAD_QIDS = ("Q0", "Q01", "q5", "Q", "Q5 ", " Q5", "Q5\n", "Q١٢", "Q-1", "Q1.5", "P5", "Q1\x1b[31mRED", "Q1\u202e")
# Where a value sits in the item, and values that are not of Wikidata's type and form there.
_BAD_ENTITY_VALUES: list[tuple[str, Callable[[dict, Any], None], st.SearchStrategy[Any]]] = [
    (_VALUE.format("P571") + ".precision",
     lambda item, bad: item["claims"]["P571"][0]["mainsnak"]["datavalue"]["value"].__setitem__("precision", bad),
     st.one_of(st.integers().filter(lambda n: not 0 <= n <= 14), st.booleans(), st.floats(), _TEXT, st.none(),
               st.sampled_from(["11", "eleven", 11.0, 10**30]))),
    (_VALUE.format("P571") + ".time",
     lambda item, bad: item["claims"]["P571"][0]["mainsnak"]["datavalue"]["value"].__setitem__("time", bad),
     _not(r"[+-][0-9]{1,16}-(0[0-9]|1[0-2])-([0-2][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|6[01])Z",
          "1949-10-01T00:00:00Z", "+1949-13-01T00:00:00Z", "+1949-10-32T00:00:00Z", "+1949-10-01T24:00:00Z",
          "+1949-10-01", "+12345678901234567-01-01T00:00:00Z", "+1949-10-01T00:00:00Z\n", "+99999999999-13-45T99:00:00Z")),
    (_VALUE.format("P2046") + ".amount",
     lambda item, bad: item["claims"]["P2046"][0]["mainsnak"]["datavalue"]["value"].__setitem__("amount", bad),
     _not(r"[+-](0|[1-9][0-9]*)(\.[0-9]+)?", "NaN", "+NaN", "9596961", "+1e3", "+", "+.5", "+01", "Infinity")),
    (_VALUE.format("P2046") + ".unit",
     lambda item, bad: item["claims"]["P2046"][0]["mainsnak"]["datavalue"]["value"].__setitem__("unit", bad),
     _not(r"1|https?://[^\s/]+/entity/Q[1-9][0-9]*", "Q712226", "2", "http://www.wikidata.org/entity/P712226",
          "http://www.wikidata.org/entity/Q712226 ", "file:///entity/Q1")),
    (_VALUE.format("P31") + ".id",
     lambda item, bad: item["claims"]["P31"][0]["mainsnak"]["datavalue"]["value"].__setitem__("id", bad),
     _not(r"[QPLME][1-9][0-9]*|L[1-9][0-9]*-[FS][1-9][0-9]*", *_BAD_QIDS[:-3])),
    ("entities.Q148.claims.P31 (instance of) has",  # a well-formed id that is no item cannot be a class
     lambda item, bad: item["claims"]["P31"][0]["mainsnak"]["datavalue"]["value"].__setitem__("id", bad),
     st.sampled_from(["P5", "L5", "L5-S1", "M5", "E5"])),
    (_VALUE.format("P297"),
     lambda item, bad: item["claims"]["P297"][0]["mainsnak"]["datavalue"].__setitem__("value", bad),
     st.one_of(st.integers(), st.floats(), st.booleans(), st.lists(st.integers(), max_size=2))),
    (_VALUE.format("P1448") + ".text",
     lambda item, bad: item["claims"]["P1448"][0]["mainsnak"]["datavalue"]["value"].__setitem__("text", bad),
     _NOT_A_STRING),
    ("entities.Q148.claims.P297[0].rank",
     lambda item, bad: item["claims"]["P297"][0].__setitem__("rank", bad),
     _not("preferred|normal|deprecated", "Normal", "best", "normal ")),
    ("entities.Q148.claims.P297[0].mainsnak.snaktype",
     lambda item, bad: item["claims"]["P297"][0]["mainsnak"].__setitem__("snaktype", bad),
     st.one_of(st.none(), _not("value|somevalue|novalue", "Value", "values"))),
    ("a key of entities.Q148.claims",
     lambda item, bad: item["claims"].__setitem__(bad, []),
     _TEXT.filter(lambda text: not re.fullmatch(r"P[1-9][0-9]*", text)) | st.sampled_from(["P0", "p31", "Q31"])),
    ("entities.Q148.labels.en.value",
     lambda item, bad: item["labels"]["en"].__setitem__("value", bad), _NOT_A_STRING),
    ("entities.Q148.descriptions",
     lambda item, bad: item.__setitem__("descriptions", bad), st.one_of(st.integers(), _TEXT.filter(bool))),
    ("entities.Q148.redirects.to",
     lambda item, bad: item.__setitem__("redirects", {"from": "Q148", "to": bad}), _not(_QID_FORM, *_BAD_QIDS)),
    ("entities.Q148.claims.P297 is",
     lambda item, bad: item["claims"].__setitem__("P297", bad), st.one_of(st.integers(), _TEXT, st.just({"a": 1}))),
]


@given(case=st.sampled_from(_BAD_ENTITY_VALUES).flatmap(lambda case: st.tuples(st.just(case), case[2])))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_value_not_in_wikidatas_form_is_a_remote_error_naming_its_place(server: Replay, make_client,
                                                                          tmp_path: Path, case):
    (place, spoil, _), bad = case
    item = _item()
    spoil(item, bad)
    server.then(json_reply({"entities": {"Q148": item}, "success": 1}))
    with pytest.raises(WikidataError) as caught:
        make_client().get_entities(["Q148"])  # the server and the (empty) cache are shared by the examples
    message = str(caught.value)
    assert message.startswith(server.url + "?action=wbgetentities") and "no usable entry for Q148: " in message
    assert place in message, message
    assert not list((tmp_path / "cache").glob("*.json"))


@given(time=st.from_regex(r"[+-][0-9]{1,16}-(0[0-9]|1[0-2])-([0-2][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:"
                          r"([0-5][0-9]|6[01])Z", fullmatch=True),
       precision=st.integers(0, 14),
       amount=st.from_regex(r"[+-](0|[1-9][0-9]{0,20})(\.[0-9]{1,10})?", fullmatch=True),
       unit=st.sampled_from(["1", "http://www.wikidata.org/entity/Q11573", "https://test.wikidata.org/entity/Q7"]),
       target=st.from_regex(r"[QPLME][1-9][0-9]{0,9}|L[1-9][0-9]{0,5}-[FS][1-9][0-9]{0,2}", fullmatch=True),
       label=_TEXT)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_value_in_wikidatas_form_is_read(server: Replay, tmp_path: Path, time: str, precision: int,
                                               amount: str, unit: str, target: str, label: str):
    item = _item()
    item["labels"]["en"]["value"] = label
    item["claims"]["P571"][0]["mainsnak"]["datavalue"]["value"].update(time=time, precision=precision)
    item["claims"]["P2046"][0]["mainsnak"]["datavalue"]["value"].update(amount=amount, unit=unit)
    item["claims"]["P1269"] = [_statement({"id": target})]
    server.then(json_reply({"entities": {"Q148": item}}))
    client = WikidataClient(tmp_path / "cache", api_url=server.url)
    info = client.get_entities(["Q148"])["Q148"]
    for cached in (tmp_path / "cache").glob("*.json"):
        cached.unlink()  # each example asks the server
    assert info.label == label and info.instance_of == ("Q6256",)
    assert info.values("P571") == (ClaimValue(time, precision),)
    assert info.values("P2046") == (ClaimValue(amount, unit=None if unit == "1" else unit),)
    assert info.values("P1269") == (ClaimValue(target),)


_BAD_HITS: list[tuple[str, Callable[[dict, Any], None], st.SearchStrategy[Any]]] = [
    ("search[0].id", lambda hit, bad: hit.__setitem__("id", bad), st.one_of(st.none(), _not(_QID_FORM, *_BAD_QIDS))),
    ("search[0].label", lambda hit, bad: hit.__setitem__("label", bad), _NOT_A_STRING),
    ("search[0].description", lambda hit, bad: hit.__setitem__("description", bad), _NOT_A_STRING),
    ("search[0].display.label", lambda hit, bad: hit.update(label="", display={"label": bad}),
     st.one_of(st.integers(), _TEXT.filter(bool))),
    ("search[0].display.description.value",
     lambda hit, bad: hit.update(description="", display={"description": {"value": bad}}), _NOT_A_STRING),
    ("search[0] is", lambda hit, bad: (hit.clear(), hit.update(replace=bad)), st.one_of(st.integers(), _TEXT)),
]


@given(case=st.sampled_from(_BAD_HITS).flatmap(lambda case: st.tuples(st.just(case), case[2])))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_search_hit_not_in_wikidatas_form_is_a_remote_error_naming_its_place(server: Replay, make_client, case):
    (place, spoil, _), bad = case
    hit: dict[str, Any] = {"id": "Q148", "label": "China", "description": "country in East Asia"}
    spoil(hit, bad)
    hits = [hit.get("replace", hit), {"id": "Q29520", "label": "China"}]
    server.then(json_reply({"searchinfo": {"search": "China"}, "search": hits, "success": 1}))
    with pytest.raises(WikidataError) as caught:
        make_client().search("China")
    message = str(caught.value)
    assert message.startswith(server.url + "?action=wbsearchentities") and "no usable search hits: " in message
    assert place in message, message


@pytest.mark.parametrize("answer", [{}, {"search": {}}, {"search": "Q148"}, {"search": None}])
def test_an_answer_without_a_list_of_hits_is_a_remote_error(server: Replay, make_client, answer: object):
    server.then(json_reply(answer))
    with pytest.raises(WikidataError, match=r"no usable search hits: search is .*, not an array"):
        make_client().search("China")


def _cli(project: Project, *args: str):
    return CliRunner().invoke(cli, ["--root", str(project.root), *args])


@pytest.mark.parametrize("body", [
    _nested(100_000).encode(),
    json.dumps({"entities": {"Q2": {"claims": {"P619": [_statement({"time": "+2018-12-07T00:00:00Z",
                                                                     "precision": "eleven"})]}}}}).encode(),
], ids=["deep", "bad-precision"])
@pytest.mark.parametrize("command", [["link", "--online"],
                                     ["export", "--view", "quickstatements", "--as-of", "2026-11-21"]],
                         ids=["link", "quickstatements"])
def test_the_commands_report_an_unusable_answer_as_exit_7(project: Project, server: Replay, body: bytes,
                                                           command: list[str]):
    server.then(Reply(200, body, {"Content-Type": "application/json"}))
    result = _cli(project, *command, "--api-url", server.url)
    assert result.exit_code == ExitCode.REMOTE, result.output
    assert "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: {server.url}?action=wbgetentities")
    assert last.endswith(("the answer is JSON nested more than 64 deep (application/json)",
                          'precision is "eleven", not an integer from 0 to 14'))


# --- Retries: announced, and bounded in all ---


def test_each_retry_is_announced_with_the_endpoint_and_the_wait(server: Replay, make_client, sleeps: list[float]):
    server.then(Reply(503, b"busy"), json_reply({"error": {"code": "maxlag", "info": "Waiting\nfor a replica"}},
                                                **{"Retry-After": "3"}))
    notices: list[str] = []
    assert make_client(on_retry=notices.append).search("Moon")[0].qid == "Q405"
    assert notices == [f"{server.url} (wbsearchentities): HTTP 503 Service Unavailable; retry 1 of 4 in 1 s",
                       f"{server.url} (wbsearchentities): API error maxlag: Waiting for a replica; retry 2 of 4 in 3 s"]
    assert sleeps == [1, 3]


@pytest.mark.parametrize(("timeout", "total_time", "attempts"), [(0.3, 0.3, 1), (0.3, 1.5, 1), (0.3, 1.7, 2),
                                                                 (0.3, 3.9, 2), (0.3, 4.0, 3), (0.2, 60, 5)])
def test_a_request_with_its_retries_ends_within_the_total_time(server: Replay, make_client, sleeps: list[float],
                                                               timeout: float, total_time: float, attempts: int):
    server.then(*[Reply(stall=True)] * attempts)
    notices: list[str] = []
    client = make_client(timeout=timeout, total_time=total_time, on_retry=notices.append)
    started = client.clock()
    with pytest.raises(WikidataError, match=fr"no complete answer within {timeout:g} s \(gave up after {attempts} "):
        client.get_entities(["Q148"])
    # The last attempt may overrun its deadline by the moment the watchdog takes to cut it off.
    assert client.clock() - started <= total_time + 0.2
    assert server.seen(attempts) == attempts and len(notices) == attempts - 1 == len(sleeps)


def test_total_time_shorter_than_one_attempt_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="total_time at least timeout"):
        WikidataClient(tmp_path, timeout=30, total_time=10)


def test_retry_notices_on_stderr_escape_what_the_server_sent(project: Project, no_proxy: None):
    # Retry-After: 0 makes the four retries at once; the reason phrase would retitle the terminal.
    raw = Raw([(0, b"HTTP/1.1 503 \x1b]0;owned\x07busy\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n")])
    try:
        result = _cli(project, "link", "--online", "--api-url", raw.url)
    finally:
        raw.close()
    assert result.exit_code == ExitCode.REMOTE, result.output
    notices = [line for line in result.stderr.splitlines() if "; retry " in line]
    assert notices == [f"{raw.url} (wbgetentities): HTTP 503 \\x1b]0;owned\\x07busy; retry {n} of 4 in 0 s"
                       for n in range(1, 5)]
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith("(gave up after 5 attempts)")
