"""Chinese full-text search of articles on PostgreSQL (GIN, ts_rank) and SQLite (FTS5, bm25)."""
