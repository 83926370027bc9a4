"""The deductible (Selbstbeteiligung, SB) of a legal-expenses contract (DOMAIN B7, seed 004).

Pure computation over the contract's claim history; no I/O, no clock (the caller passes `today`).
The caller passes the claims of one contract; claims of other kinds than LEGAL_EXPENSES are ignored,
as are LEGAL_EXPENSES claims without `legal` facts (there is nothing to decide them by).

Interpretation of the seed's rules, as implemented here:

Insurance year (Versicherungsjahr)
    Runs from the contract start's anniversary to the day before the next one. A start on 29 February
    has its anniversaries on 28 February in common years. Only years that have begun by `today` are
    listed; the year containing `today` is still running, so its year-end rule is not applied yet.
    Claims reported before the contract start or after `today` are ignored.

Which claims matter
    * Exempt services (JurWay, JurLine, 55+ services, reputation service, bonus legal advice) never
      cost a deductible and never move the level, whatever the deductible kind (`EXEMPT_SERVICE`).
    * A claim without cost commitment (Kostenzusage) that is still open (reported, in review, waiting
      for documents) is not decided yet: nothing is due so far and it does not move the level
      (`PENDING`); it is assessed again once the insurer decides.
    * A decided claim without cost commitment (rejected, or closed without one) is no Leistungsfall: the
      insurer pays nothing, so no deductible, and it does not move the level (`NOT_COVERED`).
    * Every other claim is a covered claim (Leistungsfall / eintrittspflichtiger Versicherungsfall).

VARIABLE (variable SB)
    Starts at 0 €. Each covered claim pays the level in force when it is reported and then raises the
    level by one step, 0 → 100 → 200 → 300 € (capped at 300): the raise is immediate, so a second
    claim in the same year already pays the raised level. An insurance year that ends without a
    covered claim lowers the level by 100 € (floor 0) for the next year. A covered claim that is
    closed (`closed_on` set or status CLOSED) with net costs of at most 250 € (VAT excluded; exactly
    250.00 qualifies) pays nothing but still raises the level (`SMALL_CLAIM`); an open claim is not
    yet known to be small and shows the level. The variable SB exists only "ab der Kombination" of
    PRIVAT + BERUF + VERKEHR (private customers) or FIRMEN + VERKEHR + IMMOBILIEN (business
    customers), i.e. for any module set containing one of them. A VARIABLE contract with another
    combination contradicts the tariff: `compute_deductible` raises `DeductibleNotApplicable` (a
    `ValueError`), which a resolver turns into an error value instead of showing wrong amounts.

BONUS (Bonus-SB)
    Starts at 300 € less 100 € per credited claim-free prior insurance year (leistungsfreie
    Vorversicherung, `prior_claim_free_years`), floor 0. Each insurance year without a covered claim
    lowers it by 100 € (floor 0). A covered claim pays the level, unless it is reported within 365
    days (inclusive) after the previous covered claim's report date: then it pays 500 €
    (`BONUS_REPEAT`). Every covered claim resets the level to 300 € and opens a new 365-day window;
    the level then falls again by 100 € per claim-free year. The 250 € small-claim rule is stated
    for the variable SB only and is not applied to BONUS (nor FIXED).

FIXED / NONE
    FIXED: `fixed_deductible` on every covered, non-exempt claim (a FIXED contract without an amount
    raises `DeductibleNotApplicable`). NONE: 0 €.

Tariff discounts (Sonder- und Mengennachlässe) are already applied by the tariff and not itemised;
they do not change the deductible and are not modelled here.

`DeductibleYear.level_at_start` is the base level (for BONUS without the 500 € repeat surcharge, which
belongs to individual claims). `DeductibleStatement.current` is what a claim reported on `today` would
pay if it were a covered, non-exempt claim that is not (yet) known to be small.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from bff.backends.models import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DeductibleKind,
    LegalClaimFacts,
    LegalExpensesTerms,
    LegalService,
)

ZERO = Decimal("0.00")
VARIABLE_STEP = Decimal("100.00")
VARIABLE_MAX = Decimal("300.00")
BONUS_START = Decimal("300.00")
BONUS_STEP = Decimal("100.00")
BONUS_REPEAT_AMOUNT = Decimal("500.00")
BONUS_REPEAT_WINDOW = timedelta(days=365)
SMALL_CLAIM_LIMIT = Decimal("250.00")  # net, VAT excluded

#: Services that never cost a deductible and never move the variable level (seed 004).
EXEMPT_SERVICES: frozenset[LegalService] = frozenset(
    {
        LegalService.JURWAY,
        LegalService.JURLINE,
        LegalService.SERVICE_55PLUS,
        LegalService.REPUTATION_SERVICE,
        LegalService.BONUS_ADVICE,
    }
)

#: Module combinations from which on the variable deductible is offered (seed 004).
VARIABLE_MODULE_COMBINATIONS: tuple[frozenset[str], ...] = (
    frozenset({"PRIVAT", "BERUF", "VERKEHR"}),  # private customers
    frozenset({"FIRMEN", "VERKEHR", "IMMOBILIEN"}),  # business customers
)


class DeductibleReason(StrEnum):
    """Why a claim pays what it pays; short English codes for the client to phrase."""

    EXEMPT_SERVICE = "EXEMPT_SERVICE"
    NOT_COVERED = "NOT_COVERED"
    PENDING = "PENDING"
    SMALL_CLAIM = "SMALL_CLAIM"
    LEVEL = "LEVEL"
    BONUS_REPEAT = "BONUS_REPEAT"
    FIXED = "FIXED"
    NO_DEDUCTIBLE = "NO_DEDUCTIBLE"


class DeductibleNotApplicable(ValueError):
    """The contract's terms contradict the deductible rules (e.g. VARIABLE on ineligible modules)."""


@dataclass(frozen=True)
class DeductibleYear:
    year_start: date
    year_end: date  # inclusive: the day before the next anniversary
    level_at_start: Decimal
    counting_claims: int  # covered, non-exempt claims reported in the year


@dataclass(frozen=True)
class ClaimDeductible:
    claim_id: str
    reported_on: date
    deductible: Decimal
    exempt: bool  # an exempt service (never costs, never counts)
    counts: bool  # a covered claim that moves the level / makes the year not claim-free
    reason: DeductibleReason


@dataclass(frozen=True)
class DeductibleStatement:
    kind: DeductibleKind
    current: Decimal  # what a covered claim reported on `today` would pay
    years: list[DeductibleYear]
    claims: list[ClaimDeductible]


def variable_deductible_allowed(modules: Iterable[str]) -> bool:
    """Whether the variable deductible is possible for these modules (DOMAIN B7).

    Offered "ab der Kombination" of PRIVAT + BERUF + VERKEHR (private) or FIRMEN + VERKEHR +
    IMMOBILIEN (business), so any module set containing one of the two combinations qualifies.
    """
    present = {m.strip().upper() for m in modules}
    return any(combo <= present for combo in VARIABLE_MODULE_COMBINATIONS)


def insurance_year_start(contract_start: date, n: int) -> date:
    """Start of the `n`-th insurance year (0-based); a 29 February start falls back to 28 February."""
    year = contract_start.year + n
    try:
        return contract_start.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


# --- rule sets: one small state machine per deductible kind ---------------------------------------


class _Rules:
    """Level state for one deductible kind; claims reach it already known covered and non-exempt."""

    level: Decimal

    def on_covered_claim(self, claim: Claim, facts: LegalClaimFacts) -> ClaimDeductible:
        raise NotImplementedError

    def on_year_end(self, *, claim_free: bool) -> None:
        """Apply the year-end rule of a completed insurance year."""

    def current(self, today: date) -> Decimal:
        return self.level


class _VariableRules(_Rules):
    def __init__(self) -> None:
        self.level = ZERO

    def on_covered_claim(self, claim: Claim, facts: LegalClaimFacts) -> ClaimDeductible:
        payable, reason = self.level, DeductibleReason.LEVEL
        if _is_closed(claim) and facts.costs_net <= SMALL_CLAIM_LIMIT:
            payable, reason = ZERO, DeductibleReason.SMALL_CLAIM
        self.level = min(self.level + VARIABLE_STEP, VARIABLE_MAX)
        return _result(claim, payable, reason, exempt=False, counts=True)

    def on_year_end(self, *, claim_free: bool) -> None:
        if claim_free:
            self.level = max(self.level - VARIABLE_STEP, ZERO)


class _BonusRules(_Rules):
    def __init__(self, prior_claim_free_years: int) -> None:
        self.level = max(BONUS_START - BONUS_STEP * max(prior_claim_free_years, 0), ZERO)
        self.last_covered: date | None = None

    def _in_repeat_window(self, day: date) -> bool:
        return self.last_covered is not None and day - self.last_covered <= BONUS_REPEAT_WINDOW

    def on_covered_claim(self, claim: Claim, facts: LegalClaimFacts) -> ClaimDeductible:
        if self._in_repeat_window(claim.reported_on):
            payable, reason = BONUS_REPEAT_AMOUNT, DeductibleReason.BONUS_REPEAT
        else:
            payable, reason = self.level, DeductibleReason.LEVEL
        self.level = BONUS_START
        self.last_covered = claim.reported_on
        return _result(claim, payable, reason, exempt=False, counts=True)

    def on_year_end(self, *, claim_free: bool) -> None:
        if claim_free:
            self.level = max(self.level - BONUS_STEP, ZERO)

    def current(self, today: date) -> Decimal:
        return BONUS_REPEAT_AMOUNT if self._in_repeat_window(today) else self.level


class _FlatRules(_Rules):
    def __init__(self, amount: Decimal, reason: DeductibleReason) -> None:
        self.level = amount
        self.reason = reason

    def on_covered_claim(self, claim: Claim, facts: LegalClaimFacts) -> ClaimDeductible:
        return _result(claim, self.level, self.reason, exempt=False, counts=True)


def _rules_for(terms: LegalExpensesTerms) -> _Rules:
    kind = terms.deductible_kind
    if kind is DeductibleKind.VARIABLE:
        if not variable_deductible_allowed(terms.modules):
            raise DeductibleNotApplicable(
                f"variable deductible not offered for modules {sorted(terms.modules)}"
            )
        return _VariableRules()
    if kind is DeductibleKind.BONUS:
        return _BonusRules(terms.prior_claim_free_years)
    if kind is DeductibleKind.FIXED:
        if terms.fixed_deductible is None:
            raise DeductibleNotApplicable("fixed deductible without an amount")
        return _FlatRules(terms.fixed_deductible, DeductibleReason.FIXED)
    return _FlatRules(ZERO, DeductibleReason.NO_DEDUCTIBLE)


# --- helpers --------------------------------------------------------------------------------------


def _is_closed(claim: Claim) -> bool:
    return claim.closed_on is not None or claim.status is ClaimStatus.CLOSED


_UNDECIDED = frozenset({ClaimStatus.REPORTED, ClaimStatus.IN_REVIEW, ClaimStatus.WAITING_FOR_DOCUMENTS})


def _is_pending(claim: Claim, facts: LegalClaimFacts) -> bool:
    """Reported, but the insurer has not yet decided on the cost commitment."""
    return not facts.cost_commitment and claim.status in _UNDECIDED and claim.closed_on is None


def _is_covered(claim: Claim, facts: LegalClaimFacts) -> bool:
    return facts.cost_commitment and claim.status is not ClaimStatus.REJECTED


def _result(
    claim: Claim, deductible: Decimal, reason: DeductibleReason, *, exempt: bool, counts: bool
) -> ClaimDeductible:
    return ClaimDeductible(
        claim_id=claim.id,
        reported_on=claim.reported_on,
        deductible=deductible,
        exempt=exempt,
        counts=counts,
        reason=reason,
    )


def _assess(rules: _Rules, claim: Claim, facts: LegalClaimFacts) -> ClaimDeductible:
    if facts.service in EXEMPT_SERVICES:
        return _result(claim, ZERO, DeductibleReason.EXEMPT_SERVICE, exempt=True, counts=False)
    if _is_pending(claim, facts):
        return _result(claim, ZERO, DeductibleReason.PENDING, exempt=False, counts=False)
    if not _is_covered(claim, facts):
        return _result(claim, ZERO, DeductibleReason.NOT_COVERED, exempt=False, counts=False)
    return rules.on_covered_claim(claim, facts)


def compute_deductible(
    *, terms: LegalExpensesTerms, contract_start: date, claims: Sequence[Claim], today: date
) -> DeductibleStatement:
    """The deductible statement of a legal-expenses contract as of `today` (DOMAIN B7).

    Walks the insurance years from `contract_start` to the one containing `today`, assessing the
    claims in report order and applying each completed year's year-end rule. See the module
    docstring for the interpretation of the seed's rules.

    Raises `DeductibleNotApplicable` when the terms contradict the rules (VARIABLE on an ineligible
    module combination, FIXED without an amount).
    """
    rules = _rules_for(terms)
    relevant = sorted(
        (
            c
            for c in claims
            if c.kind is ClaimKind.LEGAL_EXPENSES
            and c.legal is not None
            and contract_start <= c.reported_on <= today
        ),
        key=lambda c: (c.reported_on, c.claim_number, c.id),
    )

    years: list[DeductibleYear] = []
    assessed: list[ClaimDeductible] = []
    position = 0
    n = 0
    while (year_start := insurance_year_start(contract_start, n)) <= today:
        year_end = insurance_year_start(contract_start, n + 1) - timedelta(days=1)
        level_at_start = rules.level
        counting = 0
        while position < len(relevant) and relevant[position].reported_on <= year_end:
            claim = relevant[position]
            assert claim.legal is not None  # filtered above; narrows the type
            result = _assess(rules, claim, claim.legal)
            assessed.append(result)
            counting += result.counts
            position += 1
        years.append(DeductibleYear(year_start, year_end, level_at_start, counting))
        if year_end < today:  # the year is complete
            rules.on_year_end(claim_free=counting == 0)
        n += 1

    return DeductibleStatement(
        kind=terms.deductible_kind,
        current=rules.current(today),
        years=years,
        claims=assessed,
    )
