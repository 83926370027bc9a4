"""Key-value store: sessions, challenges, grants, counters, caches (DESIGN: state the BFF owns)."""

from bff.store.base import Store
from bff.store.memory import MemoryStore
from bff.store.redis_store import RedisStore


def create_store(redis_url: str, *, prefix: str = "bff:") -> Store:
    return RedisStore(redis_url, prefix=prefix) if redis_url else MemoryStore()


__all__ = ["MemoryStore", "RedisStore", "Store", "create_store"]
