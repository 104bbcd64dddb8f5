"""Whoosh full-text search over the archive: analysis, schema, indexer, queries."""
