"""The closure of each reasoning view, cached on that view's own inputs.

A view's cache key hashes spacekg's code, the engine, what the view reads (the canonical N-Quads
of each of its graphs and entity descriptions) and, for every view but the schema, the schema
view's key: editing one article changes
that article's key (and the accepted view's, which unites every article), and no other. A build
reads what it can from ``.spacekg/cache/closures/`` and closes only the views whose key changed;
:func:`view_keys` and :func:`read_closure` let another build (an incremental one) do the same.
"""

from __future__ import annotations

import hashlib
import json

from ..reasoning.closure import ViewClosure
from ..reasoning.views import SCHEMA_OUTPUT, View
from ..sources.loader import Loaded
from ..sources.project import Project
from .snapshot import code_hash, read_cache, write_cache


def view_keys(loaded: Loaded, views: list[View], *, engine: str) -> dict[str, str]:
    """Each view's cache key, by output graph; ``views`` must include the schema view."""
    base = f"{code_hash()}+{engine}"
    schema = next(v for v in views if v.output == SCHEMA_OUTPUT)
    keys = {schema.output: _digest(base, *schema.digests(loaded))}
    for view in views:
        if view.output != SCHEMA_OUTPUT:
            keys[view.output] = _digest(keys[schema.output], *view.digests(loaded))
    return keys


def _digest(*parts: str) -> str:
    """The hash of ``parts``, each ended by a NUL byte."""
    return hashlib.sha256("".join(f"{part}\0" for part in parts).encode()).hexdigest()


def _name(view_output: str) -> str:
    return "closures/" + view_output.rsplit("/", 1)[1]


def read_closure(project: Project, view: View, key: str) -> ViewClosure | None:
    """The cached closure of ``view`` if it was written for ``key`` and is intact."""
    body = read_cache(project, _name(view.output), key)
    if body is None:
        return None
    head, _, rest = body.partition(b"\n")
    try:
        sizes = json.loads(head)
        length, kept, dropped, note = int(sizes["nquads"]), int(sizes["kept"]), int(sizes["dropped"]), str(sizes["note"])
    except (ValueError, TypeError, KeyError):
        return None
    return ViewClosure(view.output, rest[:length], rest[length:], kept, dropped, note)


def write_closure(project: Project, closure: ViewClosure, key: str) -> None:
    """Cache ``closure`` for ``key``: a JSON line of its sizes and note, its N-Quads, its records."""
    head = json.dumps({"nquads": len(closure.nquads), "kept": closure.kept, "dropped": closure.dropped,
                       "note": closure.note}).encode() + b"\n"
    write_cache(project, _name(closure.view), key, head + closure.nquads + closure.records)
