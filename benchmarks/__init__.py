"""Benchmark suite: `python -m benchmarks.run` (see README, Performance)."""
