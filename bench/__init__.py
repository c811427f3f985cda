"""Benchmarks and the corpus they run on; results go to docs/benchmarks.md."""
