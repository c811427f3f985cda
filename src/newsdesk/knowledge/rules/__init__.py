"""The editorial checks, one small function per rule; ``knowledge.checks`` runs them."""
