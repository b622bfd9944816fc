"""Wikidata: the reconciliation client, the link report and the Wikidata-shaped view."""
