"""A project with the ontology, queries, entities and background but no articles, for adding one;
the helpers are the curation benchmark's (benchmarks/readd_articles.py), which re-adds the
shipped articles the same way."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import readd_articles  # noqa: E402

ARTICLES = readd_articles.TEXTS
empty_project = readd_articles.empty_project
run = readd_articles.run
replay = readd_articles.replay
