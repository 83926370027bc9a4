"""DOMAIN B3 (which contracts the portal shows) and E1 (which claims)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from bff.backends.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    Contract,
    ContractRole,
    ContractStatus,
    Line,
    PaymentFrequency,
    PersonKind,
    RoleKind,
)
from bff.domain.visibility import is_visible_claim, is_visible_contract, visible_claims, visible_contracts

ME = "P-1"
OTHER = "P-2"
TODAY = date(2025, 6, 15)


def make_contract(
    contract_id: str = "C-1",
    *,
    holder_id: str = ME,
    holder_kind: PersonKind = PersonKind.NATURAL,
    roles: list[tuple[str, RoleKind]] | None = None,
    status: ContractStatus = ContractStatus.ACTIVE,
    start_date: date = date(2020, 1, 1),
    expiry_date: date | None = None,
    **overrides: Any,
) -> Contract:
    if roles is None:
        roles = [(holder_id, RoleKind.HOLDER)]
    fields: dict[str, Any] = {
        "id": contract_id,
        "policy_number": f"VS-{contract_id}",
        "company": "WV",
        "company_name": "Württembergische Versicherung AG",
        "product": "Privathaftpflicht",
        "line": Line.LIABILITY,
        "status": status,
        "start_date": start_date,
        "expiry_date": expiry_date,
        "premium": Decimal("7.50"),
        "payment_frequency": PaymentFrequency.MONTHLY,
        "holder_id": holder_id,
        "holder_kind": holder_kind,
        "roles": [ContractRole(person_id=p, role=r, name=f"Name {p}") for p, r in roles],
    }
    fields.update(overrides)
    return Contract(**fields)


def make_claim(kind: ClaimKind, claim_id: str = "S-1") -> Claim:
    return Claim(
        id=claim_id,
        claim_number=f"N-{claim_id}",
        contract_id="C-1",
        kind=kind,
        benefit_type="Leitungswasserschaden",
        status=ClaimStatus.IN_REVIEW,
        occurred_on=date(2025, 5, 1),
        reported_on=date(2025, 5, 2),
    )


def test_normal_natural_holder_sees_contract() -> None:
    assert is_visible_contract(make_contract(), person_id=ME, today=TODAY)


def test_future_contract_hidden_until_start_day_and_visible_on_it() -> None:
    contract = make_contract(start_date=date(2026, 1, 1))
    assert not is_visible_contract(contract, person_id=ME, today=date(2025, 12, 31))
    assert is_visible_contract(contract, person_id=ME, today=date(2026, 1, 1))
    assert is_visible_contract(contract, person_id=ME, today=date(2026, 1, 2))


@pytest.mark.parametrize("kind", [PersonKind.COMPANY, PersonKind.GROUP])
def test_company_or_group_holder_hidden(kind: PersonKind) -> None:
    # even when the person is recorded in the HOLDER role, e.g. as the company's representative
    contract = make_contract(holder_kind=kind)
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_co_insured_only_hidden() -> None:
    contract = make_contract(holder_id=OTHER, roles=[(OTHER, RoleKind.HOLDER), (ME, RoleKind.INSURED)])
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)
    assert is_visible_contract(contract, person_id=OTHER, today=TODAY)


def test_beneficiary_only_hidden() -> None:
    contract = make_contract(holder_id=OTHER, roles=[(OTHER, RoleKind.HOLDER), (ME, RoleKind.BENEFICIARY)])
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_payer_only_hidden() -> None:
    contract = make_contract(holder_id=OTHER, roles=[(OTHER, RoleKind.HOLDER), (ME, RoleKind.PAYER)])
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_holder_id_without_holder_role_hidden() -> None:
    contract = make_contract(roles=[(ME, RoleKind.INSURED)])
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_holder_role_but_other_holder_id_hidden() -> None:
    contract = make_contract(holder_id=OTHER, roles=[(ME, RoleKind.HOLDER)])
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_occupational_pension_continued_privately_hidden() -> None:
    contract = make_contract(line=Line.PENSION, occupational_pension_continued=True)
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_ended_contract_hidden() -> None:
    contract = make_contract(status=ContractStatus.ENDED, expiry_date=date(2024, 12, 31))
    assert not is_visible_contract(contract, person_id=ME, today=TODAY)


def test_cancelled_contract_visible_until_its_expiry_day() -> None:
    contract = make_contract(status=ContractStatus.CANCELLED, expiry_date=date(2025, 12, 31))
    assert is_visible_contract(contract, person_id=ME, today=TODAY)
    assert is_visible_contract(contract, person_id=ME, today=date(2025, 12, 31))
    assert not is_visible_contract(contract, person_id=ME, today=date(2026, 1, 1))


def test_suspended_contract_visible() -> None:
    contract = make_contract(status=ContractStatus.SUSPENDED)
    assert is_visible_contract(contract, person_id=ME, today=TODAY)


def test_visible_contracts_keeps_input_order() -> None:
    contracts = [
        make_contract("C-3"),
        make_contract("C-2", holder_kind=PersonKind.COMPANY),
        make_contract("C-1"),
        make_contract("C-4", start_date=date(2026, 1, 1)),
        make_contract("C-0"),
    ]
    visible = visible_contracts(contracts, person_id=ME, today=TODAY)
    assert [c.id for c in visible] == ["C-3", "C-1", "C-0"]


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (ClaimKind.PROPERTY, True),
        (ClaimKind.MOTOR, True),
        (ClaimKind.HEALTH, True),
        (ClaimKind.LEGAL_EXPENSES, True),
        (ClaimKind.TRAVEL_HEALTH, False),
        (ClaimKind.LIFE, False),
    ],
)
def test_claim_visibility_by_kind(kind: ClaimKind, shown: bool) -> None:
    assert is_visible_claim(make_claim(kind)) is shown


def test_visible_claims_filters_in_order() -> None:
    claims = [
        make_claim(ClaimKind.HEALTH, "S-1"),
        make_claim(ClaimKind.TRAVEL_HEALTH, "S-2"),
        make_claim(ClaimKind.PROPERTY, "S-3"),
        make_claim(ClaimKind.LIFE, "S-4"),
    ]
    assert [c.id for c in visible_claims(claims)] == ["S-1", "S-3"]
