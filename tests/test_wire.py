"""Properties of what goes on the wire: skolem IRIs turn back into the same blank nodes, graph
documents carry exactly the skolemised dataset and never split a blank node, and retry waits
honour Retry-After within the cap."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spacekg.http.client import digest_authorization, retry_delay
from spacekg.http.push import dataset_document, graph_documents
from spacekg.http.skolem import deskolemise, skolem_iri, skolemise


def is_label(text: str) -> bool:
    try:
        ox.BlankNode(text)
    except ValueError:
        return False
    return True


labels = (st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,12}[A-Za-z0-9_\-]|[A-Za-z0-9_]", fullmatch=True)
          | st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8)).filter(is_label)
nodes = st.one_of(labels.map(ox.BlankNode), st.sampled_from(["http://x/a", "http://x/b"]).map(ox.NamedNode))
objects = st.one_of(nodes, st.text(max_size=10).map(ox.Literal))
graphs = st.sampled_from(["http://x/g1", "http://x/g2", "http://x/g3"]).map(ox.NamedNode) | st.just(ox.DefaultGraph())
quads = st.lists(st.builds(ox.Quad, nodes, st.just(ox.NamedNode("http://x/p")), objects, graphs), max_size=30)


@given(labels)
def test_a_skolem_iri_turns_back_into_its_blank_node(label: str):
    node = ox.BlankNode(label)
    assert deskolemise(skolem_iri(node)) == node
    assert skolemise(node) == skolem_iri(node)


@pytest.mark.slow
@given(quads)
def test_graph_documents_carry_exactly_the_skolemised_dataset(data: list[ox.Quad]):
    nquads = ox.serialize(data, format=ox.RdfFormat.N_QUADS)
    documents = graph_documents(nquads)
    sent = set(ox.parse(dataset_document(documents), format=ox.RdfFormat.N_QUADS))
    expected = {ox.Quad(skolemise(q.subject), q.predicate, skolemise(q.object), q.graph_name) for q in data}
    assert sent == expected
    assert [d.graph for d in documents] == sorted({None if isinstance(q.graph_name, ox.DefaultGraph)
                                                   else q.graph_name.value for q in data},
                                                  key=lambda g: (g is not None, g or ""))
    assert all(b"_:" not in d.body.split(b'"')[0] for d in documents)  # no blank node left to split
    assert graph_documents(nquads) == documents  # the same input gives the same bytes


@given(st.integers(1, 10), st.integers(0, 10_000), st.floats(0.01, 5), st.floats(0, 120))
def test_retry_waits_honour_retry_after_within_the_cap(attempt: int, after: int, backoff: float, cap: float):
    assert retry_delay(attempt, str(after), backoff=backoff, cap=cap) == min(cap, after)
    assert retry_delay(attempt, None, backoff=backoff, cap=cap) == min(cap, backoff * 2 ** (attempt - 1))
    assert 0 <= retry_delay(attempt, "soon", backoff=backoff, cap=cap) <= cap
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    when = format_datetime(now + timedelta(seconds=after), usegmt=True)
    assert retry_delay(attempt, when, backoff=backoff, cap=cap, now=now) == min(cap, float(after))


def test_digest_answers_match_rfc_7616_example():
    # RFC 7616, section 3.9.1: user Mufasa, password "Circle of Life", GET /dir/index.html.
    challenge = {"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "MD5",
                 "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}
    header = digest_authorization(challenge, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1,
                                  "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    assert 'response="8ca523f5e9506fed4657c9700eebdbec"' in header
    sha = digest_authorization({**challenge, "algorithm": "SHA-256"}, "Mufasa", "Circle of Life", "GET",
                               "/dir/index.html", 1, "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    assert 'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"' in sha
