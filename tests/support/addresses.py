"""Distinct client addresses for test clients, so login throttling per address stays per test.

Here and not in conftest.py: pytest loads conftest.py as `conftest`, while test modules import it as
`tests.conftest`, a second module with a second counter, so the two handed out the same addresses."""

from __future__ import annotations

import itertools

_addresses = itertools.count(1)


def client_address() -> str:
    n = next(_addresses)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
