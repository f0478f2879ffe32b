"""The large-study benchmark: a seeded synthetic study generator and the timing harness."""
