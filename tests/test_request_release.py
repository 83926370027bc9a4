"""What a request loaded is freed by reference counting once its answer is sent (issue 15).

graphql-core's execution context is a reference cycle (its `async_helpers` hold its own bound methods)
that holds the request's Context; without `Context.release` every upstream model of a dashboard waited
for a full garbage collection, which cost about a tenth of the CPU per dashboard."""

from __future__ import annotations

import gc
from typing import Any

from bff.app import SERVER_GC_THRESHOLDS, create_server_app, tune_gc_for_serving
from bff.backends import models as up
from bff.loaders import Loaders
from tests.conftest import Client
from tests.factories import app_state

POSTBOX = "{ viewer { postbox { unreadCount documents(first: 5) { edges { node { id subject } } } } } }"


def _alive(model: type[Any]) -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, model))


async def test_the_documents_of_an_answered_request_are_freed_without_a_collection(client: Client) -> None:
    await client.login("100001")  # ~370 documents
    gc.collect()
    gc.disable()
    try:
        before = _alive(up.Document)
        body = await client.execute(POSTBOX)
        after = _alive(up.Document)
    finally:
        gc.enable()
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["viewer"]["postbox"]["documents"]["edges"]) == 5
    assert after == before


async def test_the_loaders_still_load_after_the_release(app: Any) -> None:
    state = app_state(app)
    loaders = Loaders(state.backends, state.db)
    first = await loaders.documents_by_person_id.load("p-100010")
    loaders.release()
    assert await loaders.documents_by_person_id.load("p-100010") == first
    assert await loaders.document_by_id.load(first[0].id) == first[0]


def test_serving_freezes_the_startup_heap_and_collects_young_objects_less_often(monkeypatch: Any) -> None:
    calls: list[tuple[str, tuple[int, ...]]] = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append(("collect", a)) or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(("freeze", ())))
    monkeypatch.setattr(gc, "set_threshold", lambda *a: calls.append(("set_threshold", a)))
    tune_gc_for_serving()
    assert calls == [("collect", ()), ("freeze", ()), ("set_threshold", SERVER_GC_THRESHOLDS)]
    assert callable(create_server_app)
