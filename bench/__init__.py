"""Benchmarks (quality and speed); not part of the test run. They take the data path as an argument."""
