"""The clients' real layout query, with fragments for every component type they render."""

from pathlib import Path

ALL_COMPONENT_TYPES = [
    "heading/1",
    "text/1",
    "notice/1",
    "tile.action/1",
    "tile.hero/1",
    "card.contract/1",
    "list.keyvalue/1",
    "list.items/1",
    "list.documents/1",
    "card.agent/1",
    "banner.campaign/1",
    "card.offer/1",
    "list.faq/1",
    "list.checklist/1",
    "form/1",
]

# The query lives with the reference client (bff/web/static/operations/), which sends exactly this text.
LAYOUT_QUERY = (Path(__file__).resolve().parents[2] / "bff/web/static/operations/layout.graphql").read_text()


def client_input(platform: str, version: str = "3.0.0", *, locale: str = "de", components=None) -> dict:
    return {
        "platform": platform,
        "appVersion": version,
        "locale": locale,
        "components": ALL_COMPONENT_TYPES if components is None else components,
    }
