"""`BackendLoader.offer`: lazy priming (issue 15) answers exactly what `prime` would have."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bff.loaders.base import BackendLoader


class _Upstream(BackendLoader[str, str]):
    def __init__(self, **options: Any) -> None:
        super().__init__(backends=None, **options)  # type: ignore[arg-type]
        self.asked: list[list[str]] = []

    async def batch_load_fn(self, keys: Sequence[str]) -> list[str]:
        self.asked.append(list(keys))
        return [f"upstream {key}" for key in keys]


async def test_an_offered_value_is_loaded_without_an_upstream_call() -> None:
    loader = _Upstream()
    loader.offer([("a", "offered a"), ("b", "offered b")])
    assert await loader.load_many(["a", "b", "c"]) == ["offered a", "offered b", "upstream c"]
    assert loader.asked == [["c"]]


async def test_the_first_value_stays_as_with_prime() -> None:
    loader = _Upstream()
    loader.offer([("a", "first")])
    loader.offer([("a", "second")])
    loader.prime("a", "primed")
    assert await loader.load("a") == "first"
    assert await loader.load("loaded") == "upstream loaded"
    loader.offer([("loaded", "offered later")])  # already in the cache: ignored, as prime would
    assert await loader.load("loaded") == "upstream loaded"


async def test_clear_forgets_an_offered_value() -> None:
    loader = _Upstream()
    loader.offer([("a", "offered a"), ("b", "offered b")])
    loader.clear("a")
    assert await loader.load("a") == "upstream a"
    loader.clear_all()
    assert await loader.load("b") == "upstream b"
    loader.offer([("c", "offered c")])
    loader.clear("c").prime("c", "primed c")
    assert await loader.load("c") == "primed c"


async def test_without_caching_offered_values_are_not_used_like_primed_ones() -> None:
    loader = _Upstream()
    loader.cache = False  # DataLoader's own switch (BackendLoader's `cache` is the shared cache)
    loader.offer([("a", "offered a")])
    assert await loader.load("a") == "upstream a"
