"""Shared shape of every loader: one bulk upstream call per batch, results in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader

from bff.backends import Backends

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def one_per_key(items: Iterable[T], keys: Sequence[K], key_of: Callable[[T], K]) -> list[T | None]:
    found = {key_of(item): item for item in items}
    return [found.get(key) for key in keys]


def many_per_key(items: Iterable[T], keys: Sequence[K], key_of: Callable[[T], K]) -> list[list[T]]:
    grouped: dict[K, list[T]] = defaultdict(list)
    for item in items:
        grouped[key_of(item)].append(item)
    return [grouped.get(key, []) for key in keys]


class BackendLoader(DataLoader[Any, Any]):
    """A DataLoader bound to the request's backends; `batching=False` gives the naive baseline."""

    def __init__(self, backends: Backends, *, batching: bool = True, **options: Any) -> None:
        super().__init__(batch=batching, **options)
        self.backends = backends
