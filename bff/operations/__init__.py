"""Persisted operations (H2/H3): trusted documents registered per client, and Apollo's automatic
persisted queries. The HTTP side (which request may run what) is in bff/http/persisted.py."""
