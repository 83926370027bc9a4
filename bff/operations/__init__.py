"""Persisted operations (H2/H3), all in one place: trusted documents registered per client (registry,
documents), Apollo's automatic persisted queries (apq), which document a request may run (persisted),
and the plans compiled once per document (compiled)."""
