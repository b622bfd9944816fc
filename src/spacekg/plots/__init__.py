"""Pictures drawn from stored queries (``spacekg timeline``)."""
