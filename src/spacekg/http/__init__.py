"""spacekg over HTTP: the Graph Store and SPARQL Protocol clients."""
