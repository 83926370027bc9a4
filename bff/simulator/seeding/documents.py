"""Postbox documents around contracts and persons, with German subjects (C1, C4, C5, C6)."""

from __future__ import annotations

from datetime import date, timedelta

from bff.backends.models import ContractStatus, Direction, Line
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.facts import german_date
from bff.simulator.seeding.rows import ContractRef

HEALTH_LINES = frozenset({Line.HEALTH_FULL, Line.HEALTH_SUPPLEMENTARY, Line.CARE, Line.TRAVEL_HEALTH})
STATEMENT_LINES = frozenset({Line.LIFE, Line.PENSION, Line.DISABILITY})

MESSAGE_TOPICS: tuple[tuple[str, str], ...] = (
    ("Frage zu meiner Beitragsrechnung", "Antwort auf Ihre Frage zur Beitragsrechnung"),
    ("Bitte um Rückruf", "Ihr Rückrufwunsch"),
    ("Anfrage zu einem Termin", "Bestätigung Ihres Beratungstermins"),
    ("Versicherungsbestätigung für den Vermieter", "Ihre Versicherungsbestätigung"),
    ("Änderung meiner Telefonnummer", "Bestätigung Ihrer Änderung der Kommunikationsdaten"),
)


def _issued_on(b: CustomerBuilder, c: ContractRef) -> date:
    """Policies are issued a few days before the start, and never after today."""
    return min(c.start - timedelta(days=b.rng.randint(3, 14)), b.today)


def contract_documents(b: CustomerBuilder, c: ContractRef, *, history_years: int | None = 2) -> None:
    """The documents a contract collects over its life; `history_years=None` keeps all years."""
    rng, today = b.rng, b.today
    issued = _issued_on(b, c)
    first_year = c.start.year if history_years is None else max(c.start.year, today.year - history_years)
    last_day = min(today, c.expiry) if c.status is ContractStatus.ENDED and c.expiry else today
    b.document(
        "POLICE", f"Ihr Versicherungsschein – {c.product}", issued, contract_id=c.id, legally_required=True
    )
    if history_years is None or rng.random() < 0.5:
        b.document(
            "VERTRAGSINFORMATION",
            f"Vertragsinformationen und Versicherungsbedingungen – {c.product}",
            issued,
            contract_id=c.id,
            legally_required=True,
        )
    for year in range(first_year, last_day.year + 1):
        day = issued if year == c.start.year else date(year, 1, 2)
        if c.premium > 0 and day <= last_day:
            b.document("BEITRAGSRECHNUNG", f"Beitragsrechnung {year} – {c.product}", day, contract_id=c.id)
        if c.line is Line.SAVINGS and year > c.start.year:
            b.document(
                "JAHRESKONTOAUSZUG",
                f"Jahreskontoauszug {year - 1} – {c.product}",
                date(year, 1, 5),
                contract_id=c.id,
            )
        if c.line in STATEMENT_LINES and year > c.start.year:
            b.document(
                "STANDMITTEILUNG",
                f"Standmitteilung zum 31.12.{year - 1} – {c.product}",
                date(year, 3, 1),
                contract_id=c.id,
            )
        adjustment = date(year - 1, 11, 15)
        if c.line in HEALTH_LINES and year % 2 == 0 and c.start < adjustment <= last_day:
            b.document(
                "BEITRAGSANPASSUNG",
                f"Information zur Beitragsanpassung zum 01.01.{year}",
                adjustment,
                contract_id=c.id,
                legally_required=True,
            )
    if rng.random() < 0.25 and c.start < last_day:
        low = max(c.start, date(first_year, 1, 1))
        span = max(0, (last_day - low).days)
        b.document(
            "NACHTRAG",
            f"Nachtrag zu Ihrem Vertrag {c.policy_number}",
            low + timedelta(days=rng.randint(0, span)),
            contract_id=c.id,
            legally_required=True,
        )
    if c.status is ContractStatus.CANCELLED and c.expiry:
        b.document(
            "KUENDIGUNGSBESTAETIGUNG",
            f"Bestätigung Ihrer Kündigung zum {german_date(c.expiry)}",
            b.days_ago(10, 60),
            contract_id=c.id,
            legally_required=True,
        )
    if c.status is ContractStatus.ENDED and c.expiry:
        b.document(
            "KUENDIGUNGSBESTAETIGUNG",
            f"Bestätigung Ihrer Kündigung zum {german_date(c.expiry)}",
            max(c.start, c.expiry - timedelta(days=rng.randint(30, 90))),
            contract_id=c.id,
            legally_required=True,
        )


def minimal_documents(b: CustomerBuilder, c: ContractRef, count: int) -> None:
    """Exactly `count` (2 or 3) documents: policy, this year's invoice, maybe the contract information."""
    issued = _issued_on(b, c)
    b.document(
        "POLICE", f"Ihr Versicherungsschein – {c.product}", issued, contract_id=c.id, legally_required=True
    )
    invoice_day = max(issued, date(b.today.year, 1, 2))
    b.document(
        "BEITRAGSRECHNUNG",
        f"Beitragsrechnung {invoice_day.year} – {c.product}",
        invoice_day,
        contract_id=c.id,
    )
    if count >= 3:
        b.document(
            "VERTRAGSINFORMATION",
            f"Vertragsinformationen und Versicherungsbedingungen – {c.product}",
            issued,
            contract_id=c.id,
            legally_required=True,
        )


def person_documents(b: CustomerBuilder, *, since: date, messages: int) -> None:
    """Documents without a contract: privacy notice and a few exchanged messages."""
    privacy_day = max(since, date(2018, 5, 25))  # GDPR notice
    b.document(
        "DATENSCHUTZHINWEIS",
        "Datenschutzhinweise der Muster Versicherungsgruppe",
        privacy_day,
        legally_required=True,
    )
    for _ in range(messages):
        question, answer = b.rng.choice(MESSAGE_TOPICS)
        asked = b.days_ago(3, 700)
        b.document("NACHRICHT", question, asked, direction=Direction.INBOUND)
        b.document("NACHRICHT", answer, asked + timedelta(days=b.rng.randint(1, 3)))
