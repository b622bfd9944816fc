"""spacekg over HTTP: the SPARQL 1.1 Protocol endpoint, its query page and its workers."""
