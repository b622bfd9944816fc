"""The pages a browser gets: the query page (YASGUI, served from this package, with a plain form
for when JavaScript is off), result tables with labels, the list of stored queries, and the
SPARQL 1.1 Service Description of the endpoint.

Every page loads only files this server serves: no CDN, no prefix service, no vocabulary lookup.
"""

from __future__ import annotations

import json
from html import escape
from importlib.resources import files

import pyoxigraph as ox

from ..formats.output import Labeller, display
from ..namespaces import PREFIXES, shorten
from ..store.engine import QueryResult
from ..store.queries import StoredQuery
from .negotiate import FORMATS

STATIC = files("spacekg.http") / "static"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
# The W3C's names for the formats this endpoint writes (https://www.w3.org/ns/formats/).
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML", "trig": "TriG", "nquads": "N-Quads",
}
# A service description lists the named graphs only while that stays readable.
MAX_LISTED_GRAPHS = 1000


def _shell(title: str, body: str, *, head: str = "") -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/page.css">
{head}</head>
<body>
{body}
</body>
</html>
""".encode()


def _nav() -> str:
    return '<nav><a href="/sparql">Query</a> · <a href="/queries/">Stored queries</a></nav>'


def query_page(endpoint: str, queries: list[StoredQuery], *, initial: str) -> bytes:
    """The query page: YASGUI with spacekg's prefixes, the stored queries as examples, downloads,
    and a plain form in ``<noscript>``."""
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "initial": initial,
        "prologue": "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()),
        "formats": [{"name": f.name, "label": f.label, "kinds": sorted(f.kinds)}
                    for f in FORMATS if f.name not in ("html", "table")],
        "queries": [{"name": q.name, "title": q.title, "description": q.description,
                     "parameters": [{"name": p.name, "type": p.type.value, "default": p.default or "",
                                     "required": p.default is None, "description": p.description}
                                    for p in q.parameters],
                     "columns": [{"name": c.name, "description": c.description} for c in q.columns]}
                    for q in queries if not q.needs_network],
    }
    examples = "\n".join(
        f'<li><a href="/queries/{escape(q.name)}?format=html">{escape(q.title)}</a></li>'
        for q in queries if not q.needs_network
    )
    body = f"""<header><h1>spacekg SPARQL endpoint</h1>{_nav()}</header>
<main class="page">
<section id="editor">
<div id="yasgui"></div>
<p id="downloads" class="downloads" hidden></p>
<noscript>
<form method="get" action="{escape(endpoint)}" class="plain">
<label for="query">SPARQL query (the prefixes {escape(", ".join(p + ":" for p in PREFIXES))} are declared)</label>
<textarea id="query" name="query" rows="14">{escape(initial)}</textarea>
<label for="format">Answer as</label>
<select id="format" name="format">
<option value="html">a table with labels</option>
{"".join(f'<option value="{f.name}">{escape(f.label)}</option>' for f in FORMATS if f.name != "html")}
</select>
<button type="submit">Run</button>
</form>
<h2>Stored queries</h2>
<ul>{examples}</ul>
</noscript>
</section>
<aside id="examples" hidden>
<h2>Stored queries</h2>
<ul id="example-list"></ul>
</aside>
</main>
<script type="application/json" id="spacekg-config">{_script_json(config)}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/page.js"></script>"""
    return _shell("spacekg SPARQL endpoint", body, head='<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">\n')


def _script_json(value: object) -> str:
    # Inside <script>, "</" would end the element early.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def results_page(result: QueryResult, labeller: Labeller, *, text: str, title: str | None) -> bytes:
    """A query's answer as an HTML table: labels for IRIs (the IRI on hover), for people and for
    browsers without JavaScript."""
    heading = title or "Query results"
    if result.kind == "ask":
        table = f"<p class=\"boolean\">{'true' if result.boolean else 'false'}</p>"
        count = ""
    elif result.kind == "select":
        head = "".join(f"<th>{escape(v)}</th>" for v in result.variables)
        rows = "".join("<tr>" + "".join(_cell(t, labeller) for t in row) + "</tr>\n" for row in result.rows)
        table = f"<table class=\"results\"><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody></table>"
        count = f"<p>{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}</p>"
    else:
        head = "<th>subject</th><th>predicate</th><th>object</th>"
        rows = "".join(
            "<tr>" + "".join(_cell(t, labeller) for t in (tr.subject, tr.predicate, tr.object)) + "</tr>\n"
            for tr in result.triples
        )
        table = f"<table class=\"results\"><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody></table>"
        count = f"<p>{len(result.triples)} triple{'s' if len(result.triples) != 1 else ''}</p>"
    notes = "".join(f'<p class="warning">Warning: {escape(w)}</p>\n' for w in result.warnings)
    body = f"""<header><h1>{escape(heading)}</h1>{_nav()}</header>
<main>
{notes}{count}
{table}
<details><summary>Query</summary><pre>{escape(text)}</pre></details>
</main>"""
    return _shell(heading, body)


def _cell(term: object, labeller: Labeller) -> str:
    if term is None:
        return "<td></td>"
    shown = escape(display(term, labeller))
    if isinstance(term, ox.NamedNode):
        return f'<td title="{escape(term.value)}">{shown} <small>{escape(shorten(term.value))}</small></td>'
    return f"<td>{shown}</td>"


def queries_page(queries: list[StoredQuery]) -> bytes:
    """Every stored query with its description, what each column holds and a form for its parameters
    (works without JavaScript)."""
    items = []
    for q in queries:
        # A parameter without a default must be given: an empty field would be sent as its value.
        fields = "".join(
            f'<label>{escape(p.name)}{" (required)" if p.default is None else ""} <input name="{escape(p.name)}" '
            f'value="{escape(p.default or "")}" title="{escape(p.type.value)}: {escape(p.description)}"'
            f'{" required" if p.default is None else ""}></label> '
            for p in q.parameters
        )
        note = " <em>(reaches the network; refused by this server)</em>" if q.needs_network else ""
        columns = "".join(f"<dt>{escape(c.name)}</dt><dd>{escape(c.description)}</dd>" for c in q.columns)
        items.append(f"""<li id="{escape(q.name)}"><h2>{escape(q.title)}{note}</h2>
<p>{escape(q.description)}</p>
{f'<dl class="columns">{columns}</dl>' if columns else ""}
<form method="get" action="/queries/{escape(q.name)}">{fields}<input type="hidden" name="format" value="html">
<button type="submit">Run {escape(q.name)}</button></form></li>""")
    body = f"""<header><h1>Stored queries</h1>{_nav()}</header>
<main><ul class="stored">
{"".join(items)}
</ul></main>"""
    return _shell("Stored queries", body)


def queries_json(queries: list[StoredQuery], base: str) -> bytes:
    """The stored queries as JSON: name, title, description, parameters, columns and the URL that runs each."""
    doc = [{"name": q.name, "title": q.title, "description": q.description, "url": f"{base}/queries/{q.name}",
            "network": q.needs_network,
            "parameters": [{"name": p.name, "type": p.type.value, "default": p.default, "required": p.default is None,
                            "description": p.description} for p in q.parameters],
            "columns": [{"name": c.name, "description": c.description} for c in q.columns]} for q in queries]
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


def service_description(endpoint: str, graphs: list[str]) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, as triples."""
    sd, a = (lambda name: ox.NamedNode(SD + name)), ox.NamedNode(PREFIXES["rdf"] + "type")
    service, dataset = ox.NamedNode(endpoint + "#service"), ox.NamedNode(endpoint + "#dataset")
    default = ox.NamedNode(endpoint + "#default-graph")
    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, a, sd("Graph")),
    ]
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + iri)) for iri in _FORMAT_IRIS.values()]
    if len(graphs) <= MAX_LISTED_GRAPHS:
        for i, name in enumerate(graphs):
            node = ox.NamedNode(f"{endpoint}#named-graph-{i}")
            triples += [ox.Triple(dataset, sd("namedGraph"), node), ox.Triple(node, a, sd("NamedGraph")),
                        ox.Triple(node, sd("name"), ox.NamedNode(name))]
    return triples
