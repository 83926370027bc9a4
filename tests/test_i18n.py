"""The message catalogue (bff/i18n): every text the code marks has an English translation, and English
screens, asked for by `client.locale` or by `Accept-Language` alone, hold none of the German source texts."""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bff.auth.client_info import negotiated_locale
from bff.i18n import LOCALE_DIR, translate
from bff.simulator.seeding.catalog import COMPANIES
from tests.conftest import Client, query_file
from tests.layout.queries import LAYOUT_QUERY, client_input
from tests.layout.test_screens import ANONYMOUS, CASES, contract_param

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{(\w+)")


@cache
def extracted() -> dict[str, str]:
    """msgid → where, as `pybabel extract -F babel.cfg bff` finds them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "bff"), method_map, options_map
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, f"bff/{filename}:{lineno}")
    return found


@cache
def english() -> dict[str, str]:
    with (LOCALE_DIR / "en/LC_MESSAGES/messages.po").open("rb") as po:
        return {message.id: message.string for message in read_po(po) if message.id and not message.fuzzy}


def test_every_marked_text_has_an_english_translation() -> None:
    catalogue = english()
    missing = [f"{where}: {msgid!r}" for msgid, where in extracted().items() if not catalogue.get(msgid)]
    assert not missing, "no English msgstr (see docs/i18n.md):\n" + "\n".join(missing)


def test_the_catalogue_holds_only_marked_texts() -> None:
    """A msgid written into the .po by hand but not marked in the code turns obsolete with the next
    `pybabel update`, and its screen falls back to German."""
    unmarked = sorted(set(english()) - set(extracted()))
    assert not unmarked, "mark these where they are used (N_, translate …):\n" + "\n".join(unmarked)


def test_translations_keep_the_placeholders() -> None:
    wrong = [
        f"{msgid!r} → {text!r}"
        for msgid, text in english().items()
        if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text))
    ]
    assert not wrong, "\n".join(wrong)


def test_a_text_translates_and_german_stays_the_source() -> None:
    assert translate("Zu viele Anfragen. Bitte versuchen Sie es {wait} erneut.", "de", wait="morgen") == (
        "Zu viele Anfragen. Bitte versuchen Sie es morgen erneut."
    )
    assert translate("Kundennummer", "en") == "Customer number"


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "de"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("de;q=0.1, en;q=0.8", "en"),
        ("fr", "de"),
        ("EN-us", "en"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, locale: str) -> None:
    assert negotiated_locale(header) == locale


def german_texts() -> list[re.Pattern[str]]:
    """The catalogue's German source texts that differ from their English, as whole words; texts with
    placeholders by their longest fixed part."""
    patterns = []
    for msgid, text in english().items():
        if msgid == text:
            continue
        fixed = max(PLACEHOLDER.sub("\0", msgid).replace("}", "").split("\0"), key=len).strip(" :·,.")
        if len(fixed) >= 4 and fixed not in text:
            patterns.append(re.compile(rf"(?<!\w){re.escape(fixed)}(?!\w)"))
    return patterns


async def rendered(client: Client, case: str, *, locale: str | None, **headers: str) -> dict[str, Any]:
    _, contract, screen = CASES[case]
    params = {"contractId": await contract_param(client, contract)} if contract else None
    wanted = client_input("WEB", "3.2.0", locale=locale or "de")
    if locale is None:
        del wanted["locale"]
    body = await client.execute(
        LAYOUT_QUERY, {"screen": screen, "client": wanted, "params": params}, **headers
    )
    assert "errors" not in body, (case, body.get("errors"))
    layout: dict[str, Any] = body["data"]["layout"]
    return layout


# The group's companies are proper names, though they hold catalogue words ("Muster Rechtsschutz AG").
PROPER_NAMES = tuple(COMPANIES.values())


@pytest.mark.parametrize("case", sorted(CASES))
async def test_english_screens_hold_no_german_source_text(client: Client, case: str) -> None:
    if CASES[case][0] != ANONYMOUS:
        await client.login(CASES[case][0])
    patterns = german_texts()
    by_client = await rendered(client, case, locale="en")
    by_header = await rendered(client, case, locale=None, **{"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"})
    for how, layout in (("client.locale", by_client), ("Accept-Language", by_header)):
        assert layout["locale"] == "en", how
        text = json.dumps(layout, ensure_ascii=False)
        for name in PROPER_NAMES:
            text = text.replace(name, "")
        german = sorted({match.group(0) for pattern in patterns for match in pattern.finditer(text)})
        assert not german, f"{case} in English ({how}) shows German: {german}"


async def test_german_is_still_the_default(client: Client) -> None:
    await client.login("100001")
    layout = await rendered(client, "dashboard", locale=None)
    text = json.dumps(layout, ensure_ascii=False)
    assert layout["locale"] == "de"
    assert "Willkommen, Frau Mustermann" in text
    english_layout = await rendered(client, "dashboard", locale="en")
    assert "Welcome, Ms Mustermann" in json.dumps(english_layout, ensure_ascii=False)


# babel.cfg's keywords and the position of their msgid argument.
MARKERS = {
    "translate": 0,
    "both": 0,
    "message_fields": 0,
    "in_locale": 0,
    "localized": 0,
    "N_": 0,
    "field_problem": 1,
}


def test_every_literal_msgid_in_the_code_is_extracted() -> None:
    """pybabel does not look inside f-strings: a `translate("…")` there would stay German, unnoticed."""
    found = extracted()
    missed = []
    for path in sorted((ROOT / "bff").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            position = MARKERS.get(node.func.id)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            if literal and argument.value not in found:
                missed.append(f"{path.relative_to(ROOT)}:{node.lineno}: {argument.value!r}")
    assert not missed, "\n".join(missed)


# Words German and English share; any other manifest text whose English equals its German is untranslated.
SHARED_WORDS = {"IBAN", "Services", "Professor"}


def manifest_texts(node: object) -> list[dict[str, str]]:
    if isinstance(node, dict):
        own = [node] if set(node) == {"de", "en"} else []
        return own + [text for value in node.values() for text in manifest_texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in manifest_texts(value)]
    return []


@pytest.mark.parametrize("manifest", sorted(p.name for p in (ROOT / "ui_manifests").glob("*.yaml")))
def test_manifest_texts_have_their_own_english(manifest: str) -> None:
    texts = manifest_texts(yaml.safe_load((ROOT / "ui_manifests" / manifest).read_text()))
    untranslated = [
        text["de"] for text in texts if text["en"] == text["de"] and text["de"] not in SHARED_WORDS
    ]
    assert not untranslated, f"{manifest}: English is German: {untranslated}"


async def test_the_dashboard_query_answers_in_english_for_an_english_request(client: Client) -> None:
    """GraphQL labels (line, status, facts, documents, claims, offers) follow `Accept-Language` too."""
    await client.login("100001")
    english = await client.execute(query_file("dashboard.graphql"), **{"Accept-Language": "en"})
    german = await client.execute(query_file("dashboard.graphql"))
    assert "errors" not in english and "errors" not in german
    contracts = english["data"]["viewer"]["contracts"]
    assert {c["lineLabel"] for c in contracts} >= {"Personal liability", "Travel health insurance"}
    assert "Personal liability Premium" in {c["product"] for c in contracts}
    titles = {d["title"] for c in contracts for d in c["documents"]}
    assert "Policy document" in titles or "Premium invoice" in titles, titles
    impulses = english["data"]["viewer"]["salesImpulses"]
    assert impulses and all(
        i["title"] != g["title"]
        for i, g in zip(impulses, german["data"]["viewer"]["salesImpulses"], strict=True)
    )
    text = json.dumps(english["data"], ensure_ascii=False)
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    found = sorted({match.group(0) for pattern in german_texts() for match in pattern.finditer(text)})
    assert not found, f"the English dashboard query shows German: {found}"
    assert "Privathaftpflicht Premium" in json.dumps(german["data"], ensure_ascii=False)
