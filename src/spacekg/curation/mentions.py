"""How ``spacekg article mentions`` lists an article's mentions (kept apart from the linker, so
that the command line can name the formats without loading it)."""

from __future__ import annotations

from enum import Enum


class MentionFormat(str, Enum):
    """One line per mention with its candidates, or a reconciliation result batch (Reconciliation
    Service API v0.2, :meth:`spacekg.curation.linker.Linker.reconciliation`)."""

    TEXT = "text"
    RECONCILE = "reconcile"
