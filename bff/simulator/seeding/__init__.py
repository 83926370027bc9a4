"""Building blocks of the deterministic seed data (see `bff.simulator.seed` for the entry point)."""
