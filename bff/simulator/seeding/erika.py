"""Erika Mustermann (100001): the showcase customer that exercises every rule of the BFF.

Every line (ARK with co-insured family, the special Mitglieder-Schutzbrief, savings with
transactions, legal expenses with years of claims), contracts the BFF must hide (B3), claims in
every status (E1), two bank accounts with debit/credit links (D1) and a postbox back to 2008.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from bff.backends.models import AccountUsage, ContractStatus, Line, MaritalStatus, PersonKind
from bff.simulator.seeding.banks import COMMERZBANK_KOELN, ING, german_iban
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.crm import add_impulses
from bff.simulator.seeding.documents import contract_documents
from bff.simulator.seeding.erika_contracts import ERIKA_IBAN, Household, hidden_contracts, visible_contracts
from bff.simulator.seeding.erika_history import erika_claims, erika_postbox
from bff.simulator.seeding.rows import PersonRef, Rows

HOME = ("Heidestraße", "17", "51147", "Köln")
ERIKA_CREDIT_IBAN = german_iban(ING.blz, "5432109807")
ERIKA_AGENT = "a-001"


def _household(b: CustomerBuilder) -> Household:
    erika = b.person(
        customer=True,
        salutation="Frau",
        first_name="Erika",
        last_name="Mustermann",
        birth_date=date(1964, 8, 12),
        marital_status=MaritalStatus.MARRIED,
        marital_status_since=date(1990, 5, 18),
        agent_id=ERIKA_AGENT,
        consents=(True, False),
        address=HOME,
        communications=[("EMAIL", "erika.mustermann@example.org", True), ("MOBILE", "+4915112345678", False)],
    )
    lena = b.person(
        customer=False,
        salutation="Frau",
        first_name="Lena",
        last_name="Mustermann",
        birth_date=date(b.today.year - 12, 6, 23),
        marital_status=MaritalStatus.SINGLE,
        address=HOME,
    )
    firm = b.person(
        customer=False,
        kind=PersonKind.COMPANY,
        company_name="Mustermann Consulting GmbH",
        address=("Hohenzollernring", "85", "50672", "Köln"),
        communications=[("EMAIL", "info@mustermann-consulting.example", True)],
    )
    gerda = b.person(
        customer=False,
        salutation="Frau",
        first_name="Gerda",
        last_name="Mustermann",
        birth_date=date(1938, 3, 9),
        marital_status=MaritalStatus.WIDOWED,
        marital_status_since=date(2011, 10, 2),
        address=("Lindenallee", "4", "50968", "Köln"),
    )
    return Household(erika, PersonRef("p-100003", "Max Mustermann"), lena, firm, gerda)


def erika(rows: Rows, *, seed: int, today: date) -> None:
    b = CustomerBuilder(
        rows, customer_number="100001", today=today, rng=random.Random(seed * 1_000_003 + 100_001)
    )
    h = _household(b)
    visible = visible_contracts(b, h, credit_iban=ERIKA_CREDIT_IBAN)
    hidden = hidden_contracts(b, h)
    own = [*visible.values(), hidden["future"], hidden["occupational"], hidden["old_car"]]
    for contract in own:
        contract_documents(b, contract, history_years=None)
    for contract in (hidden["company"], hidden["beneficiary"]):  # the holder gets these, not Erika
        b.document(
            "POLICE",
            f"Ihr Versicherungsschein – {contract.product}",
            contract.start,
            contract_id=contract.id,
            person_id=contract.holder.id,
            legally_required=True,
        )
    erika_claims(b, visible)
    erika_postbox(b, visible["ark"])
    debit = [
        c for c in own if c.status is ContractStatus.ACTIVE and (c.premium > 0 or c.line is Line.SAVINGS)
    ]
    b.account(
        holder=h.erika,
        iban=ERIKA_IBAN,
        bic=COMMERZBANK_KOELN.bic,
        bank_name=COMMERZBANK_KOELN.name,
        links=[(c.id, AccountUsage.DEBIT) for c in debit],
    )
    refunds = [visible[key] for key in ("care", "health", "dental", "ark", "savings")]
    b.account(
        holder=h.erika,
        iban=ERIKA_CREDIT_IBAN,
        bic=ING.bic,
        bank_name=ING.name,
        links=[(c.id, AccountUsage.CREDIT) for c in refunds],
    )
    b.service_request(
        kind="ADDRESS_CHANGE",
        status="DONE",
        received_at=datetime(today.year - 2, 3, 4, 9, 12),
        payload={
            "street": "Heidestraße",
            "house_number": "17",
            "postal_code": "51147",
            "city": "Köln",
            "country": "DE",
        },
    )
    trip = today - timedelta(days=200)
    b.service_request(
        kind="ARK_CERTIFICATE",
        status="DONE",
        received_at=datetime(trip.year, trip.month, trip.day, 18, 40),
        payload={
            "contract_id": visible["ark"].id,
            "country": "ES",
            "languages": ["de", "es"],
            "travel_from": (trip + timedelta(days=10)).isoformat(),
            "travel_to": (trip + timedelta(days=24)).isoformat(),
            "persons": [h.erika.id, h.max.id, h.lena.id],
        },
    )
    add_impulses(b, 3, held={c.line for c in visible.values()})
