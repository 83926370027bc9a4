"""Editorial content written in the manifest itself (FAQ, member benefits), so editors change it without a
release. Texts are `{de, en}` in `args`; the presenters pick the client's language and also fill the
shape of the fallback (`items` of list.items/1) for clients that cannot render the richer type."""

from __future__ import annotations

from typing import Any

from bff.layout.models import ComponentSpec, Localized
from bff.layout.presenters import Props, presenter
from bff.layout.request import LayoutRequest


def _text(value: Any, locale: str) -> str:
    return Localized.model_validate(value).pick(locale) if isinstance(value, dict) else str(value)


@presenter("faq")
async def faq(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """`args.questions`: [{question: {de, en}, answer: {de, en}}]."""
    locale = request.locale
    questions = [
        {"question": _text(q["question"], locale), "answer": _text(q["answer"], locale)}
        for q in spec.args.get("questions", [])
    ]
    items = [
        {"id": str(n), "title": q["question"], "subtitle": q["answer"]} for n, q in enumerate(questions, 1)
    ]
    return [{"questions": questions, "items": items}]


@presenter("content_items")
async def content_items(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """`args.items`: [{id, title: {de, en}, subtitle: {de, en}, trailing: {de, en}}], subtitle and
    trailing optional."""
    locale = request.locale
    items = [
        {
            "id": item["id"],
            "title": _text(item["title"], locale),
            **{key: _text(item[key], locale) for key in ("subtitle", "trailing") if key in item},
        }
        for item in spec.args.get("items", [])
    ]
    return [{"items": items}]
