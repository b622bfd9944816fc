"""spacekg over HTTP: the SPARQL 1.1 Protocol endpoint, its query page and its workers; the Graph
Store and SPARQL Protocol clients that push the graph to other stores and query them."""
