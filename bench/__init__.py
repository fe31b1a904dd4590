"""Benchmarks that print figures: the app and its engine against bare chainladder (see bench/README.md)."""
