"""The OWL 2 RL engines a build can close its views with (``spacekg build --reasoner``)."""

from __future__ import annotations

from enum import Enum


class Engine(str, Enum):
    """spacekg's semi-naive engine (:mod:`spacekg.reasoning.fastrl`), or owlrl, the reference: the
    same closure, slower."""

    FAST = "fast"
    OWLRL = "owlrl"
