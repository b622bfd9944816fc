"""JSON-LD as spacekg writes it: pyoxigraph's expanded JSON-LD, one member a line, compacted with an
``@context`` of spacekg's prefixes or left expanded.

The compaction only abbreviates IRIs (``d:china`` for ``https://w3id.org/spacekg/id/china``), writes
plain strings as JSON strings and one-element arrays as their element. Every other form stays as
the expanded document has it, so any JSON-LD processor reads back the same quads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..namespaces import XSD

_XSD_STRING = XSD + "string"


def expanded_jsonld(expanded: bytes) -> bytes:
    """An expanded JSON-LD document written one member a line, as :func:`compact_jsonld` writes
    its own: pyoxigraph writes the whole document on one line, and a one-character change to the
    graph made the diff of an export the whole file.

    Example:
        >>> print(expanded_jsonld(b'[{"@id":"http://x.org/s","http://x.org/p":[{"@value":"a"}]}]').decode(), end="")
        [
         {
          "@id": "http://x.org/s",
          "http://x.org/p": [
           {
            "@value": "a"
           }
          ]
         }
        ]
    """
    return _dumps(json.loads(expanded))


def _dumps(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def compact_jsonld(expanded: bytes, prefixes: dict[str, str]) -> bytes:
    """Compact an expanded JSON-LD document (a list of node and graph objects).

    A prefix goes into the context only if no IRI in the document that it cannot abbreviate has
    it as its scheme: with ``d`` in the context, an IRI written ``d:x`` would be read as
    ``https://w3id.org/spacekg/id/x``.

    Example:
        >>> doc = b'[{"@id":"https://w3id.org/spacekg/id/china","http://x.org/p":[{"@value":"a"}]}]'
        >>> print(compact_jsonld(doc, {"d": "https://w3id.org/spacekg/id/"}).decode(), end="")
        {
         "@context": {
          "d": "https://w3id.org/spacekg/id/"
         },
         "@graph": [
          {
           "@id": "d:china",
           "http://x.org/p": "a"
          }
         ]
        }
    """
    items = json.loads(expanded)
    iris = sorted(set(_iris(items)))
    context = dict(prefixes)
    while True:
        clashing = {iri.split(":", 1)[0] for iri in iris if _compact(iri, context) == iri} & set(context)
        if not clashing:
            break
        for prefix in clashing:
            del context[prefix]
    return _dumps({"@context": context, "@graph": [_node(item, context) for item in items]})


def _compact(iri: str, context: dict[str, str]) -> str:
    best = ""
    for prefix, namespace in context.items():
        suffix = iri[len(namespace):]
        if iri.startswith(namespace) and suffix and not suffix.startswith("//") and len(namespace) > len(
                context.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(context[best]):]}" if best else iri


def _iris(value: Any) -> Iterator[str]:
    """Every IRI in an expanded document: node ids, property keys and datatypes."""
    if isinstance(value, list):
        for item in value:
            yield from _iris(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("@"):
                yield key
                yield from _iris(item)
            elif key in ("@id", "@type") and isinstance(item, str) and not item.startswith("_:"):
                yield item
            elif key == "@graph":
                yield from _iris(item)


def _node(node: dict[str, Any], context: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@id":
            out[key] = value if value.startswith("_:") else _compact(value, context)
        elif key == "@graph":
            out[key] = [_node(item, context) for item in value]
        elif key.startswith("@"):
            out[key] = value
        else:
            values = [_value(item, context) for item in value]
            out[_compact(key, context)] = values[0] if len(values) == 1 else values
    return out


def _value(value: dict[str, Any], context: dict[str, str]) -> Any:
    if "@value" not in value:
        return _node(value, context)
    if set(value) == {"@value"} or (set(value) == {"@value", "@type"} and value["@type"] == _XSD_STRING):
        return value["@value"]
    return {k: _compact(v, context) if k == "@type" else v for k, v in value.items()}
