"""Data a customer believes (issue 20): every manifest screen rendered through `layout` for every demo
customer, in German and English, plus the web client's dashboard query, holds none of the defects a
customer noticed (a formatting routine that turned "p. a." into "p, a,", full IBANs where masked ones
belong, raw module codes, offers past their date, unformatted "+49…" numbers, a pending claim called
"Kein Leistungsfall", agent addresses whose postal code belongs to another town, …). A hit names the
customer, the screen, the path in the answer and the pattern."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers
import pytest
from phonenumbers import geocoder
from schwifty import IBAN
from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException

from bff.simulator.app import Simulator
from bff.simulator.places import CITY_OF_POSTAL_CODE
from bff.simulator.seed import DEMO_CUSTOMERS
from tests.conftest import Client, query_file
from tests.factories import app_state
from tests.layout.queries import LAYOUT_QUERY, client_input

DASHBOARD = query_file("dashboard.graphql")
CONTRACTS_QUERY = "{ viewer { contracts { id line specialKind } } }"
DELIVERY = "{ viewer { deliveryChannel } }"
ANONYMOUS_SCREENS = {"register", "activate", "reset_password", "forgot_customer_number"}
LOCALES = ("de", "en")
MACHINE_KEYS = {"__typename", "id", "key", "type", "etag", "screen", "form", "mutation", "documentId"}
"""Values a client never shows as text (ids, names of screens and mutations)."""


@dataclass(frozen=True)
class Hit:
    where: str
    path: str
    pattern: str
    text: str

    def __str__(self) -> str:
        return f"{self.where} {self.path}: {self.pattern}: {self.text!r}"


@dataclass(frozen=True)
class Text:
    path: str
    value: str
    display: bool
    """False for links (tel:+49…, maps, downloads): only shown text must be formatted."""


def texts(node: Any, path: str = "") -> Iterator[Text]:
    """Every string in an answer, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in MACHINE_KEYS:
                yield from texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}[{index}]")
    elif isinstance(node, str):
        key = path.rsplit(".", 1)[-1]
        link = node.startswith(("tel:", "https://", "http://", "/")) or key in {"uri", "url", "phoneLink"}
        yield Text(path, node, display=not link)


IBAN_LIKE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
MODULE_CODES = re.compile(r"\b(?:PRIVAT|BERUF|VERKEHR|IMMOBILIEN|FIRMEN|55PLUS)\b")
UNTIL = re.compile(r"\b[Bb]is (?:zum |spätestens |zum )?(\d{1,2})\.(\d{1,2})\.(\d{4})?")
E164_IN_TEXT = re.compile(r"\+\d{2}\d{6,}")
JUR_SWAPPED = re.compile(r"Telefonische Rechtsberatung \(JurWay\)|Online-Rechtsberatung \(JurLine\)")


def full_ibans(text: Text, today: date) -> str | None:
    """Anything an IBAN could be: country, length and structure of that country's IBAN, even with wrong
    check digits (a typo is still someone's account); masked ones have '*' and never match."""
    for match in IBAN_LIKE.finditer(text.value):
        try:
            IBAN(match.group(0))
        except InvalidChecksumDigits:
            return match.group(0)
        except SchwiftyException:
            continue
        return match.group(0)
    return None


def expired_until(text: Text, today: date) -> str | None:
    """ "Bis zum 30.11." on 2 December: a date without a year is this year's."""
    for match in UNTIL.finditer(text.value):
        day, month, year = int(match[1]), int(match[2]), int(match[3] or today.year)
        if date(year, month, day) < today:
            return match.group(0)
    return None


POSTAL_TOWN = re.compile(r"\b(\d{5}) ([A-ZÄÖÜ][^\d,;·]*?)(?=$|,|;| ·)")


def foreign_postal_code(text: Text, today: date) -> str | None:
    """A postal code the (simulated) address database places in another town, or does not know."""
    if not text.display:
        return None
    for match in POSTAL_TOWN.finditer(text.value):
        if CITY_OF_POSTAL_CODE.get(match[1]) != match[2].strip():
            return match.group(0)
    return None


def regex(pattern: re.Pattern[str], *, display_only: bool = False) -> Callable[[Text, date], str | None]:
    def check(text: Text, today: date) -> str | None:
        if display_only and not text.display:
            return None
        found = pattern.search(text.value)
        return found.group(0) if found else None

    return check


PATTERNS: dict[str, Callable[[Text, date], str | None]] = {
    "dots turned into commas ('p, a,')": regex(re.compile(r"\bp, ?a,")),
    "a full IBAN in a text": full_ibans,
    "a raw module code": regex(MODULE_CODES),
    "an offer past its date": expired_until,
    "an unformatted +49… phone number": regex(E164_IN_TEXT, display_only=True),
    "JurWay and JurLine swapped": regex(JUR_SWAPPED),
    "a postal code of another town": foreign_postal_code,
    "a Python value in a text": regex(re.compile(r"\b(?:None|True|False)\b|Decimal\(|\{[a-z_]+\}")),
}


def components(answer: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    layout = (answer.get("data") or {}).get("layout") or {"sections": []}
    for s, section in enumerate(layout["sections"]):
        for c, component in enumerate(section["components"]):
            if component:
                yield f"data.layout.sections[{s}].components[{c}]", component


DIGITAL_POST_TO_DIGITAL = "a digital-post offer to a customer who has digital post"
PENDING_BADGES = {"Gemeldet", "In Prüfung", "Unterlagen fehlen"}


def contradictions(answer: Any, *, digital_post: bool) -> Iterator[tuple[str, str, str]]:
    """Parts of one screen that contradict each other or what the customer has: (path, pattern, text)."""
    shown = list(components(answer))
    pending_days = {
        item["subtitle"].removeprefix("Gemeldet am ")
        for _, component in shown
        for item in component.get("items") or []
        if item.get("badge") in PENDING_BADGES and (item.get("subtitle") or "").startswith("Gemeldet am ")
    }
    model = next(
        (e["value"] for _, c in shown for e in c.get("entries") or [] if e["label"] == "Modell"), None
    )
    for path, component in shown:
        kind = component["__typename"]
        for i, entry in enumerate(component.get("entries") or []):
            day = entry["label"].removeprefix("Fall vom ")
            if entry["value"].endswith("Kein Leistungsfall") and day in pending_days:
                yield f"{path}.entries[{i}]", "a pending claim called 'Kein Leistungsfall'", entry["value"]
        text = component.get("text") or ""
        if kind == "Notice" and "250 €" in text and model not in (None, "Variable Selbstbeteiligung"):
            yield path, f"the 250 € rule of the variable deductible on a '{model}' contract", text
        if (
            kind in ("OfferCard", "ActionTile")
            and digital_post
            and "digitale Post" in (component["title"] or "")
        ):
            yield path, DIGITAL_POST_TO_DIGITAL, component["title"]
        if kind == "AgentCard":
            number = phonenumbers.parse(component["phone"], "DE")
            area = geocoder.description_for_number(number, "de")
            town = component["addressLines"][-1].split(" ", 1)[-1]
            if area != town:
                yield f"{path}.phone", f"an agency in {town} with a number of {area}", component["phone"]


def defects(where: str, answer: Any, today: date, *, digital_post: bool = False) -> list[Hit]:
    failed = [Hit(where, str(e.get("path")), "a failed part", e["message"]) for e in answer.get("errors", [])]
    found = [
        Hit(where, text.path, name, found)
        for text in texts(answer)
        for name, check in PATTERNS.items()
        if (found := check(text, today)) is not None
    ]
    return failed + found + [Hit(where, *hit) for hit in contradictions(answer, digital_post=digital_post)]


def test_each_pattern_finds_the_defect_it_stands_for() -> None:
    """The list is not vacuous: each pattern finds what a customer reported."""
    today = date(2026, 12, 2)
    reported = {
        "Zinssatz: 2,25 % p, a,": "dots turned into commas ('p, a,')",
        "Auszahlung auf Referenzkonto DE89 3704 0044 0532 0130 00": "a full IBAN in a text",
        "Lastschrift von DE00370400440532013000": "a full IBAN in a text",
        "Bausteine: PRIVAT, BERUF, VERKEHR": "a raw module code",
        "Bis zum 30.11. wechseln – mit Rabattschutz": "an offer past its date",
        "+49698982030": "an unformatted +49… phone number",
        "Telefonische Rechtsberatung (JurWay)": "JurWay and JurLine swapped",
    }
    for text, pattern in reported.items():
        assert [hit.pattern for hit in defects("sample", {"text": text}, today)] == [pattern], text
    fine = [
        "Zinssatz: 2,25 % p. a.",
        "Auszahlung auf Referenzkonto DE89 **** **** **** **30 00",
        "Bausteine: Privat-, Berufs- und Verkehrs-Rechtsschutz",
        "Bis zum 15.12. wechseln",
        "069 8982030",
        "Policennummer KV100001013",
    ]
    assert defects("sample", {"text": fine}, today) == []
    call = {"__typename": "CallAction", "phone": "069 8982030", "uri": "tel:+49698982030"}
    assert defects("sample", call, today) == [], "the link is not display text"


def not_offered(body: dict[str, Any]) -> bool:
    """A screen this customer cannot open (no health contract to submit invoices for, an agent's own
    address change): the whole layout is NOT_FOUND, nothing is shown."""
    errors = body.get("errors", [])
    return body.get("data") is None and any(
        e.get("extensions", {}).get("code") == "NOT_FOUND" for e in errors
    )


def test_each_contradiction_is_found() -> None:
    """The cross-checks within one screen find what a customer reported."""

    def screen(*parts: dict[str, Any]) -> dict[str, Any]:
        return {"data": {"layout": {"sections": [{"components": list(parts)}]}}}

    bonus = screen(
        {"__typename": "KeyValueList", "entries": [{"label": "Modell", "value": "Bonus-Selbstbeteiligung"}]},
        {
            "__typename": "KeyValueList",
            "entries": [{"label": "Fall vom 19.11.2026", "value": "0,00 € · Kein Leistungsfall"}],
        },
        {"__typename": "ItemList", "items": [{"subtitle": "Gemeldet am 19.11.2026", "badge": "In Prüfung"}]},
        {
            "__typename": "Notice",
            "text": "Fälle, die mit höchstens 250 € zzgl. MwSt. abgeschlossen werden, kosten keine.",
        },
    )
    agent = screen(
        {
            "__typename": "AgentCard",
            "phone": "069 8982030",
            "addressLines": ["Heidestraße 1", "20095 Hamburg"],
        }
    )
    offer = screen({"__typename": "OfferCard", "title": "Papierlos und sicher: digitale Post", "text": ""})
    today = date(2026, 12, 2)
    assert [hit.pattern for hit in defects("sample", bonus, today)] == [
        "a pending claim called 'Kein Leistungsfall'",
        "the 250 € rule of the variable deductible on a 'Bonus-Selbstbeteiligung' contract",
    ]
    assert [hit.pattern for hit in defects("sample", agent, today)] == [
        "an agency in Hamburg with a number of Frankfurt am Main"
    ]
    assert [hit.pattern for hit in defects("sample", offer, today, digital_post=True)] == [
        "a digital-post offer to a customer who has digital post"
    ]
    assert defects("sample", offer, today, digital_post=False) == []
    moved = {"text": "Poppelsdorfer Allee 12, 53115 Hamburg"}
    assert [hit.pattern for hit in defects("sample", moved, today)] == ["a postal code of another town"]
    assert defects("sample", {"text": "Poppelsdorfer Allee 12, 53115 Bonn"}, today) == []


async def screens_of(client: Client, app: Any) -> list[tuple[str, str, dict[str, str] | None]]:
    """(label, screen, params) of every manifest screen, the contract screen once per visible contract and
    the ARK certificate form once per travel-health contract."""
    manifests = app_state(app).layouts.current()
    contracts = (await client.execute(CONTRACTS_QUERY))["data"]["viewer"]["contracts"]
    by_screen = {
        "contract": [c["id"] for c in contracts],
        "ark_certificate": [c["id"] for c in contracts if c["line"] == "TRAVEL_HEALTH"],
    }
    cases: list[tuple[str, str, dict[str, str] | None]] = []
    for screen in sorted(manifests.screens):
        if screen in ANONYMOUS_SCREENS:
            continue
        if screen in by_screen:
            cases += [(f"{screen}[{c}]", screen, {"contractId": c}) for c in by_screen[screen]]
        else:
            cases.append((screen, screen, None))
    return cases


@pytest.mark.parametrize("customer", sorted(DEMO_CUSTOMERS))
async def test_no_demo_customer_screen_holds_a_defect(
    app: Any, client: Client, simulator: Simulator, customer: str
) -> None:
    await client.login(customer)
    today = simulator.today
    digital_post = (await client.execute(DELIVERY))["data"]["viewer"]["deliveryChannel"] == "DIGITAL"
    hits: list[Hit] = []
    dashboard = await client.execute(DASHBOARD)
    hits += defects(f"{customer}/dashboard-query", dashboard, today)
    hits += [
        Hit(
            f"{customer}/dashboard-query",
            f"data.viewer.salesImpulses[{i}]",
            DIGITAL_POST_TO_DIGITAL,
            offer["title"],
        )
        for i, offer in enumerate(dashboard["data"]["viewer"]["salesImpulses"])
        if digital_post and "digitale Post" in offer["title"]
    ]
    for label, screen, params in await screens_of(client, app):
        for locale in LOCALES:
            variables = {"screen": screen, "client": client_input("WEB", locale=locale), "params": params}
            body = await client.execute(LAYOUT_QUERY, variables)
            if not_offered(body):
                continue
            hits += defects(f"{customer}/{label}/{locale}", body, today, digital_post=digital_post)
    assert not hits, "\n".join(map(str, hits))
