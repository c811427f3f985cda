"""Full-text search of published articles: SQLite FTS5 or PostgreSQL, behind one interface."""
