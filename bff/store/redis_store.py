"""Redis-backed store: shared by every instance, so sessions and limits hold across a fleet."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import cast

from redis.asyncio import BlockingConnectionPool, Redis

MAX_CONNECTIONS = 100  # per process, redis-py's default
POOL_WAIT_SECONDS = 10.0  # longer than a request's deadline: a store that slow is an outage

_CAS_SCRIPT = """
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or (current ~= false and ARGV[1] ~= '' and current == ARGV[2]) then
  if ARGV[3] == '' then redis.call('DEL', KEYS[1])
  elseif ARGV[4] ~= '' then redis.call('SET', KEYS[1], ARGV[5], 'EX', ARGV[4])
  else redis.call('SET', KEYS[1], ARGV[5]) end
  return 1
end
return 0
"""


class RedisStore:
    def __init__(self, url: str, *, prefix: str = "bff:") -> None:
        # Blocking: under load (hundreds of requests at once, each awaiting the store while the event
        # loop is busy) a request waits for a free connection instead of failing with "Too many
        # connections" at the pool's limit (bench/load.py at 1000 clients: a 500 for most requests).
        pool = BlockingConnectionPool.from_url(
            url, decode_responses=True, max_connections=MAX_CONNECTIONS, timeout=POOL_WAIT_SECONDS
        )
        self._redis: Redis = Redis.from_pool(pool)
        self._prefix = prefix
        self._cas = self._redis.register_script(_CAS_SCRIPT)

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def get(self, key: str) -> str | None:
        return cast(str | None, await self._redis.get(self._k(key)))

    async def set(self, key: str, value: str, *, ttl_seconds: int | None = None) -> None:
        await self._redis.set(self._k(key), value, ex=ttl_seconds)

    async def get_many(self, keys: Sequence[str]) -> list[str | None]:
        if not keys:
            return []
        return cast(list[str | None], await self._redis.mget([self._k(key) for key in keys]))

    async def set_many(self, values: Mapping[str, str], *, ttl_seconds: int) -> None:
        if not values:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for key, value in values.items():
                pipe.set(self._k(key), value, ex=ttl_seconds)
            await pipe.execute()

    async def delete(self, *keys: str) -> int:
        if not keys:
            return 0
        return int(await self._redis.delete(*(self._k(k) for k in keys)))

    async def incr(self, key: str, *, ttl_seconds: int | None = None) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(self._k(key))
            if ttl_seconds is not None:
                pipe.expire(self._k(key), ttl_seconds, nx=True)
            result = await pipe.execute()
        return int(result[0])

    async def compare_and_set(
        self, key: str, expected: str | None, value: str | None, *, ttl_seconds: int | None = None
    ) -> bool:
        args = [
            "" if expected is None else "1",
            expected or "",
            "" if value is None else "1",
            "" if ttl_seconds is None else str(ttl_seconds),
            value or "",
        ]
        return bool(await self._cas(keys=[self._k(key)], args=args))

    async def members(self, key: str) -> builtins.set[str]:
        members = await self._redis.smembers(self._k(key))
        return {m if isinstance(m, str) else m.decode() for m in members}

    async def add_member(self, key: str, member: str, *, ttl_seconds: int | None = None) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.sadd(self._k(key), member)
            if ttl_seconds is not None:
                pipe.expire(self._k(key), ttl_seconds)
            await pipe.execute()

    async def remove_member(self, key: str, member: str) -> None:
        await self._redis.srem(self._k(key), member)

    async def ping(self) -> bool:
        return bool(await self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()
