"""Adding an article: register it, split it, link its mentions, fill its sentences from templates."""
