"""DOMAIN B7: the legal-expenses deductible (variable SB, Bonus-SB, fixed, none)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from bff.backends.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DeductibleKind,
    LegalClaimFacts,
    LegalExpensesTerms,
    LegalService,
)
from bff.domain.deductible import (
    DeductibleNotApplicable,
    DeductibleStatement,
    compute_deductible,
    insurance_year_start,
    variable_deductible_allowed,
)

START = date(2018, 1, 1)
PRIVATE_MODULES = ["PRIVAT", "BERUF", "VERKEHR"]
_ids = count(1)


def eur(amount: int | str) -> Decimal:
    return Decimal(amount)


def legal_claim(
    reported_on: date,
    *,
    service: LegalService = LegalService.STANDARD,
    cost_commitment: bool = True,
    costs_net: str = "1200.00",
    closed_on: date | None = None,
    status: ClaimStatus = ClaimStatus.IN_REVIEW,
    kind: ClaimKind = ClaimKind.LEGAL_EXPENSES,
) -> Claim:
    n = next(_ids)
    return Claim(
        id=f"S-{n}",
        claim_number=f"RS-{n:05d}",
        contract_id="C-RS",
        kind=kind,
        benefit_type="Rechtsschutzfall",
        status=status,
        occurred_on=reported_on,
        reported_on=reported_on,
        closed_on=closed_on,
        legal=LegalClaimFacts(service=service, costs_net=Decimal(costs_net), cost_commitment=cost_commitment),
    )


def variable(
    claims: Sequence[Claim], today: date, *, modules: Sequence[str] = PRIVATE_MODULES, start: date = START
) -> DeductibleStatement:
    terms = LegalExpensesTerms(modules=list(modules), deductible_kind=DeductibleKind.VARIABLE)
    return compute_deductible(terms=terms, contract_start=start, claims=claims, today=today)


def bonus(
    claims: Sequence[Claim], today: date, *, prior: int = 0, start: date = START
) -> DeductibleStatement:
    terms = LegalExpensesTerms(
        modules=PRIVATE_MODULES, deductible_kind=DeductibleKind.BONUS, prior_claim_free_years=prior
    )
    return compute_deductible(terms=terms, contract_start=start, claims=claims, today=today)


def paid(statement: DeductibleStatement) -> list[Decimal]:
    return [c.deductible for c in statement.claims]


# --- variable deductible ----------------------------------------------------------------------


def test_variable_over_several_years() -> None:
    claims = [
        legal_claim(date(2018, 3, 1)),  # year 1: pays 0, level → 100
        legal_claim(date(2019, 2, 1)),  # year 2: pays 100, level → 200
        legal_claim(date(2019, 9, 1)),  # year 2: pays 200, level → 300
        legal_claim(date(2020, 5, 1)),  # year 3: pays 300, stays 300
        # year 4 (2021) and year 5 (2022) claim-free: 300 → 200 → 100
        legal_claim(date(2023, 4, 1), service=LegalService.JURLINE),  # year 6: pays 0, stays 100
        # year 6 ends without a counting claim: 100 → 0
    ]
    statement = variable(list(reversed(claims)), today=date(2024, 6, 1))

    assert [c.reported_on for c in statement.claims] == [c.reported_on for c in claims]
    assert paid(statement) == [eur(0), eur(100), eur(200), eur(300), eur(0)]
    assert [c.reason for c in statement.claims] == ["LEVEL", "LEVEL", "LEVEL", "LEVEL", "EXEMPT_SERVICE"]
    assert [y.year_start for y in statement.years] == [date(y, 1, 1) for y in range(2018, 2025)]
    assert [y.level_at_start for y in statement.years] == [
        eur(0),
        eur(100),
        eur(300),
        eur(300),
        eur(200),
        eur(100),
        eur(0),
    ]
    assert [y.counting_claims for y in statement.years] == [1, 2, 1, 0, 0, 0, 0]
    assert statement.current == eur(0)


def test_variable_current_level_during_running_year() -> None:
    claims = [legal_claim(date(2018, 3, 1)), legal_claim(date(2018, 7, 1))]
    # year 1 still running: level 200 applies to the next claim
    assert variable(claims, today=date(2018, 12, 31)).current == eur(200)
    # year 2 started; year 1 had claims, so no reduction yet
    assert variable(claims, today=date(2019, 1, 1)).current == eur(200)
    # year 2 ended claim-free: 200 → 100
    assert variable(claims, today=date(2020, 1, 1)).current == eur(100)


def test_variable_level_capped_at_300() -> None:
    claims = [legal_claim(date(2018, m, 1)) for m in range(1, 7)]
    statement = variable(claims, today=date(2018, 12, 1))
    assert paid(statement) == [eur(0), eur(100), eur(200), eur(300), eur(300), eur(300)]
    assert statement.current == eur(300)


def test_variable_insurance_year_follows_contract_anniversary() -> None:
    start = date(2020, 4, 15)
    claims = [
        legal_claim(date(2021, 4, 14)),  # last day of year 1: pays 0, level → 100
        legal_claim(date(2022, 4, 15)),  # first day of year 3, year 2 was claim-free: pays 0
    ]
    statement = variable(claims, today=date(2022, 5, 1), start=start)
    assert [(y.year_start, y.year_end) for y in statement.years] == [
        (date(2020, 4, 15), date(2021, 4, 14)),
        (date(2021, 4, 15), date(2022, 4, 14)),
        (date(2022, 4, 15), date(2023, 4, 14)),
    ]
    assert paid(statement) == [eur(0), eur(0)]
    assert statement.current == eur(100)


@pytest.mark.parametrize(
    "service",
    [
        LegalService.JURWAY,
        LegalService.JURLINE,
        LegalService.SERVICE_55PLUS,
        LegalService.REPUTATION_SERVICE,
        LegalService.BONUS_ADVICE,
    ],
)
def test_variable_exempt_services_pay_nothing_and_do_not_raise(service: LegalService) -> None:
    claims = [
        legal_claim(date(2018, 2, 1)),  # pays 0 → 100
        legal_claim(date(2018, 3, 1)),  # pays 100 → 200
        legal_claim(date(2018, 4, 1), service=service),  # pays 0, stays 200
        legal_claim(date(2018, 5, 1)),  # pays 200 → 300
    ]
    statement = variable(claims, today=date(2018, 6, 1))
    assert paid(statement) == [eur(0), eur(100), eur(0), eur(200)]
    exempt = statement.claims[2]
    assert exempt.exempt and not exempt.counts
    assert exempt.reason == "EXEMPT_SERVICE"
    assert statement.years[0].counting_claims == 3


def test_variable_year_with_only_exempt_services_is_claim_free() -> None:
    claims = [
        legal_claim(date(2018, 2, 1)),  # pays 0 → 100
        legal_claim(date(2019, 2, 1), service=LegalService.JURWAY),
    ]
    statement = variable(claims, today=date(2020, 2, 1))
    assert statement.current == eur(0)  # year 2 counted as claim-free: 100 → 0


def test_variable_small_claim_pays_nothing_but_raises() -> None:
    claims = [
        legal_claim(date(2018, 2, 1)),  # pays 0 → 100
        legal_claim(date(2018, 3, 1), costs_net="180.00", closed_on=date(2018, 4, 1)),  # 0 → 200
        legal_claim(date(2018, 5, 1)),  # pays 200 → 300
    ]
    statement = variable(claims, today=date(2018, 6, 1))
    assert paid(statement) == [eur(0), eur(0), eur(200)]
    small = statement.claims[1]
    assert small.reason == "SMALL_CLAIM"
    assert small.counts and not small.exempt
    assert statement.current == eur(300)


@pytest.mark.parametrize(
    ("costs_net", "expected", "reason"),
    [("250.00", eur(0), "SMALL_CLAIM"), ("250.01", eur(100), "LEVEL")],
)
def test_variable_small_claim_boundary(costs_net: str, expected: Decimal, reason: str) -> None:
    claims = [
        legal_claim(date(2018, 2, 1)),  # pays 0 → 100
        legal_claim(date(2018, 3, 1), costs_net=costs_net, closed_on=date(2018, 4, 1)),
    ]
    statement = variable(claims, today=date(2018, 6, 1))
    assert statement.claims[1].deductible == expected
    assert statement.claims[1].reason == reason
    assert statement.current == eur(200)  # raised either way


def test_variable_open_claim_with_low_costs_is_not_yet_small() -> None:
    claims = [
        legal_claim(date(2018, 2, 1)),  # pays 0 → 100
        legal_claim(date(2018, 3, 1), costs_net="90.00"),  # still open: pays the level, 100
    ]
    assert paid(variable(claims, today=date(2018, 6, 1))) == [eur(0), eur(100)]


def test_variable_rejected_claim_does_not_count() -> None:
    claims = [
        legal_claim(date(2018, 2, 1)),  # pays 0 → 100
        legal_claim(date(2019, 2, 1), cost_commitment=False, status=ClaimStatus.REJECTED),
        legal_claim(date(2020, 2, 1)),  # year 2 was claim-free: 100 → 0, pays 0
    ]
    statement = variable(claims, today=date(2020, 3, 1))
    assert paid(statement) == [eur(0), eur(0), eur(0)]
    rejected = statement.claims[1]
    assert rejected.reason == "NOT_COVERED" and not rejected.counts
    assert [y.counting_claims for y in statement.years] == [1, 0, 1]
    assert statement.current == eur(100)


def test_claims_of_other_kinds_are_ignored() -> None:
    claims = [
        legal_claim(date(2018, 2, 1), kind=ClaimKind.MOTOR),
        legal_claim(date(2018, 3, 1)),
    ]
    statement = variable(claims, today=date(2018, 6, 1))
    assert len(statement.claims) == 1
    assert statement.current == eur(100)


@pytest.mark.parametrize(
    ("modules", "allowed"),
    [
        (["PRIVAT", "BERUF", "VERKEHR"], True),
        (["PRIVAT", "BERUF", "VERKEHR", "IMMOBILIEN", "55PLUS"], True),
        (["FIRMEN", "VERKEHR", "IMMOBILIEN"], True),
        (["PRIVAT", "VERKEHR"], False),
        (["PRIVAT", "BERUF"], False),
        (["FIRMEN", "VERKEHR"], False),
        (["BERUF", "VERKEHR", "IMMOBILIEN"], False),
        ([], False),
    ],
)
def test_variable_deductible_allowed(modules: list[str], allowed: bool) -> None:
    assert variable_deductible_allowed(modules) is allowed


def test_variable_on_ineligible_modules_is_an_error() -> None:
    with pytest.raises(DeductibleNotApplicable):
        variable([legal_claim(date(2018, 2, 1))], today=date(2018, 6, 1), modules=["PRIVAT", "VERKEHR"])
    with pytest.raises(ValueError, match="variable deductible not offered"):
        variable([], today=date(2018, 6, 1), modules=["VERKEHR"])


# --- bonus deductible -------------------------------------------------------------------------


def test_bonus_starts_at_300() -> None:
    statement = bonus([], today=date(2018, 1, 1))
    assert statement.current == eur(300)
    assert statement.years[0].level_at_start == eur(300)


def test_bonus_credits_prior_claim_free_years() -> None:
    assert bonus([], today=date(2018, 1, 1), prior=1).current == eur(200)
    assert bonus([], today=date(2018, 1, 1), prior=5).current == eur(0)


def test_bonus_claim_free_years_reduce_to_zero() -> None:
    statement = bonus([], today=date(2022, 6, 1))
    assert [y.level_at_start for y in statement.years] == [eur(300), eur(200), eur(100), eur(0), eur(0)]
    assert statement.current == eur(0)


def test_bonus_next_claim_within_a_year_costs_500() -> None:
    claims = [
        legal_claim(date(2018, 3, 1)),  # pays the level, 300
        legal_claim(date(2019, 3, 1)),  # 365 days later: 500
        legal_claim(date(2019, 6, 1)),  # within a year of the previous covered claim: 500
    ]
    statement = bonus(claims, today=date(2019, 7, 1))
    assert paid(statement) == [eur(300), eur(500), eur(500)]
    assert [c.reason for c in statement.claims] == ["LEVEL", "BONUS_REPEAT", "BONUS_REPEAT"]
    assert statement.current == eur(500)


def test_bonus_claim_366_days_later_pays_the_level() -> None:
    claims = [legal_claim(date(2018, 3, 1)), legal_claim(date(2019, 3, 2))]
    statement = bonus(claims, today=date(2019, 7, 1))
    # year 1 had a covered claim, so year 2 still starts at 300
    assert paid(statement) == [eur(300), eur(300)]


def test_bonus_returns_to_300_after_a_covered_claim_then_falls_yearly() -> None:
    claims = [legal_claim(date(2018, 3, 1))]  # level 100 (two credited years): pays 100
    assert paid(bonus(claims, today=date(2018, 6, 1), prior=2)) == [eur(100)]
    assert bonus(claims, today=date(2018, 6, 1), prior=2).current == eur(500)  # within a year
    assert bonus(claims, today=date(2019, 3, 2), prior=2).current == eur(300)  # window over, back at 300
    statement = bonus(claims, today=date(2020, 6, 1), prior=2)
    # 2018 had a claim: 2019 starts at 300; 2019 claim-free: 2020 starts at 200
    assert [y.level_at_start for y in statement.years] == [eur(100), eur(300), eur(200)]
    assert statement.current == eur(200)


def test_bonus_exempt_and_rejected_claims_neither_cost_nor_reset() -> None:
    claims = [
        legal_claim(date(2019, 2, 1), service=LegalService.JURLINE),
        legal_claim(date(2019, 3, 1), cost_commitment=False, status=ClaimStatus.REJECTED),
    ]
    statement = bonus(claims, today=date(2020, 6, 1))
    assert paid(statement) == [eur(0), eur(0)]
    assert [c.reason for c in statement.claims] == ["EXEMPT_SERVICE", "NOT_COVERED"]
    assert statement.current == eur(100)  # 2018 and 2019 both claim-free: 300 → 200 → 100


def test_bonus_exempt_service_within_window_pays_nothing() -> None:
    claims = [
        legal_claim(date(2018, 3, 1)),  # pays 300
        legal_claim(date(2018, 5, 1), service=LegalService.BONUS_ADVICE),  # pays 0, no reset
    ]
    assert paid(bonus(claims, today=date(2018, 6, 1))) == [eur(300), eur(0)]


# --- fixed and none ---------------------------------------------------------------------------


def test_fixed_deductible_on_every_covered_claim() -> None:
    terms = LegalExpensesTerms(
        modules=["PRIVAT"], deductible_kind=DeductibleKind.FIXED, fixed_deductible=Decimal("150.00")
    )
    claims = [
        legal_claim(date(2018, 2, 1)),
        legal_claim(date(2018, 3, 1), costs_net="100.00", closed_on=date(2018, 3, 20)),
        legal_claim(date(2018, 4, 1), service=LegalService.JURWAY),
        legal_claim(date(2018, 5, 1), cost_commitment=False, status=ClaimStatus.CLOSED),
    ]
    statement = compute_deductible(terms=terms, contract_start=START, claims=claims, today=date(2018, 6, 1))
    assert paid(statement) == [eur(150), eur(150), eur(0), eur(0)]
    assert [c.reason for c in statement.claims] == ["FIXED", "FIXED", "EXEMPT_SERVICE", "NOT_COVERED"]
    assert statement.current == eur(150)


@pytest.mark.parametrize(
    "status", [ClaimStatus.REPORTED, ClaimStatus.IN_REVIEW, ClaimStatus.WAITING_FOR_DOCUMENTS]
)
def test_an_undecided_claim_is_pending_not_uncovered(status: ClaimStatus) -> None:
    """Reported but no cost commitment yet: not "Kein Leistungsfall" (the insurer has not decided), nothing
    due so far and the level does not move until it is decided."""
    terms = LegalExpensesTerms(
        modules=["PRIVAT", "BERUF", "VERKEHR"], deductible_kind=DeductibleKind.VARIABLE
    )
    claims = [legal_claim(date(2018, 5, 1), cost_commitment=False, status=status)]
    statement = compute_deductible(terms=terms, contract_start=START, claims=claims, today=date(2018, 6, 1))
    [pending] = statement.claims
    assert (pending.reason, pending.deductible, pending.counts) == ("PENDING", eur(0), False)
    assert statement.current == eur(0), "the level stays until the insurer decides"


def test_fixed_without_amount_is_an_error() -> None:
    terms = LegalExpensesTerms(modules=["PRIVAT"], deductible_kind=DeductibleKind.FIXED)
    with pytest.raises(DeductibleNotApplicable):
        compute_deductible(terms=terms, contract_start=START, claims=[], today=date(2018, 6, 1))


def test_no_deductible() -> None:
    terms = LegalExpensesTerms(modules=["PRIVAT"], deductible_kind=DeductibleKind.NONE)
    statement = compute_deductible(
        terms=terms, contract_start=START, claims=[legal_claim(date(2018, 2, 1))], today=date(2018, 6, 1)
    )
    assert paid(statement) == [eur(0)]
    assert statement.current == eur(0)


# --- edges ------------------------------------------------------------------------------------


def test_before_contract_start_no_years_and_initial_level() -> None:
    statement = bonus([], today=date(2017, 12, 31), prior=1)
    assert statement.years == []
    assert statement.current == eur(200)


def test_claims_after_today_are_ignored() -> None:
    statement = variable([legal_claim(date(2018, 7, 1))], today=date(2018, 6, 1))
    assert statement.claims == []
    assert statement.current == eur(0)


def test_leap_day_start_anniversaries() -> None:
    start = date(2024, 2, 29)
    assert insurance_year_start(start, 1) == date(2025, 2, 28)
    assert insurance_year_start(start, 4) == date(2028, 2, 29)
