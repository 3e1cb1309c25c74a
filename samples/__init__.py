"""Synthetic IRS letters with ground truth, for tests and the benchmark (all data invented)."""
