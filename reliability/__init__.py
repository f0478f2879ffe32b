"""Reliability harnesses run on demand (and, bounded, in the tests): see docs/reliability.md."""
