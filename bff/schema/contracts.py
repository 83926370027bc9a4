"""Contracts (B1–B7): overview fields, line-specific details and related documents and claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.domain.deductible import DeductibleStatement
from bff.domain.formatting import mask_iban
from bff.domain.labels import CONTRACT_STATUS_LABELS, LINE_LABELS, PAYMENT_FREQUENCY_LABELS, pick
from bff.domain.upstream_texts import upstream_text
from bff.resolvers import contracts as resolvers
from bff.schema.common import (
    ContractStatus,
    DeductibleKind,
    Fact,
    LineOfBusiness,
    Money,
    PaymentFrequency,
    RoleKind,
    SavingsKind,
)

if TYPE_CHECKING:
    from bff.schema.claims import Claim
    from bff.schema.postbox import Document


@strawberry.type(description="A person insured by, or otherwise named in, a contract.")
class ContractPerson:
    name: str = strawberry.field(description="First and last name for display.")
    role: RoleKind = strawberry.field(description="Role in the contract.")


@strawberry.type(description="Travel health insurance (ARK): who is insured and the longest covered trip.")
class TravelHealthDetails:
    max_trip_days: int = strawberry.field(description="Longest covered trip in days.")
    insured_persons: list[ContractPerson] = strawberry.field(
        description="Everyone the contract insures; each can get an ARK certificate (D7)."
    )


@strawberry.type(
    description="Health insurance: insured persons; invoices may be submitted by the policyholder (D8)."
)
class HealthDetails:
    insured_persons: list[ContractPerson] = strawberry.field(
        description="The insured persons and their roles."
    )
    can_submit_invoices: bool = strawberry.field(
        description="True for the policyholder; co-insured persons cannot submit invoices."
    )


@strawberry.type(description="How the deductible stood in one insurance year (B7).")
class DeductibleYear:
    year_start: date = strawberry.field(description="First day of the insurance year.")
    year_end: date = strawberry.field(description="Last day of the insurance year.")
    level_at_start: Money = strawberry.field(description="Deductible level at the start of the year.")
    counting_claims: int = strawberry.field(description="Claims that count towards the level.")


@strawberry.type(description="The deductible charged on one legal-expenses claim and why (B7).")
class ClaimDeductible:
    claim_id: str = strawberry.field(description="Id of the claim.")
    reported_on: date = strawberry.field(description="Day the claim was reported.")
    deductible: Money = strawberry.field(description="Deductible charged for this claim.")
    exempt: bool = strawberry.field(description="Exempt service (JurWay, JurLine, 55+, …): never charged.")
    counts: bool = strawberry.field(description="Whether the claim raises the deductible level.")
    reason: str = strawberry.field(
        description="Machine code: EXEMPT_SERVICE, SMALL_CLAIM, LEVEL, BONUS_REPEAT, …"
    )


@strawberry.type(
    description="Legal-expenses insurance: modules and the deductible computed from the claim history."
)
class LegalExpensesDetails:
    modules: list[str] = strawberry.field(
        description="Insured module codes, e.g. PRIVAT, BERUF, VERKEHR (B7)."
    )
    deductible_kind: DeductibleKind = strawberry.field(
        description="Fixed, variable or bonus deductible (B7)."
    )
    current_deductible: Money | None = strawberry.field(
        description="Deductible for a claim reported today; null if the modules do not allow the model."
    )
    years: list[DeductibleYear] = strawberry.field(description="Deductible level per insurance year.")
    claim_deductibles: list[ClaimDeductible] = strawberry.field(
        description="What each legal-expenses claim cost or will cost as deductible, and why (B7)."
    )

    @classmethod
    def of(
        cls, terms: up.LegalExpensesTerms, statement: DeductibleStatement | None, locale: str
    ) -> LegalExpensesDetails:
        def money(amount: Decimal) -> Money:
            return Money.of(amount, "EUR", locale)

        if statement is None:
            return cls(
                modules=list(terms.modules),
                deductible_kind=terms.deductible_kind,
                current_deductible=None,
                years=[],
                claim_deductibles=[],
            )
        return cls(
            modules=list(terms.modules),
            deductible_kind=terms.deductible_kind,
            current_deductible=money(statement.current),
            years=[
                DeductibleYear(
                    year_start=y.year_start,
                    year_end=y.year_end,
                    level_at_start=money(y.level_at_start),
                    counting_claims=y.counting_claims,
                )
                for y in statement.years
            ],
            claim_deductibles=[
                ClaimDeductible(
                    claim_id=c.claim_id,
                    reported_on=c.reported_on,
                    deductible=money(c.deductible),
                    exempt=c.exempt,
                    counts=c.counts,
                    reason=c.reason,
                )
                for c in statement.claims
            ],
        )


@strawberry.type(description="A booking on a savings account (B6).")
class SavingsTransaction:
    value_date: date = strawberry.field(
        description="Value date (Wertstellung): interest counts from it (B6)."
    )
    booking_date: date = strawberry.field(description="Day the booking was entered (Buchungstag).")
    amount: Money = strawberry.field(description="Amount; negative for payouts.")
    text: str = strawberry.field(description="Booking text as the account statement shows it.")


@strawberry.type(description="SEPA direct-debit mandate of a savings contract.")
class DirectDebitMandate:
    reference: str = strawberry.field(description="SEPA mandate reference.")
    iban_masked: str = strawberry.field(description="IBAN with all but the last digits masked.")
    signed_on: date = strawberry.field(description="Day the mandate was signed.")


@strawberry.type(
    description="Savings (Tagesgeld/Festgeld): balance, rate, payout account and transactions (B6)."
)
class SavingsDetails:
    terms: strawberry.Private[up.SavingsTerms]
    kind: SavingsKind = strawberry.field(description="Kind of savings contract.")
    interest_rate: Decimal = strawberry.field(description="Interest rate in percent per year.")
    balance: Money = strawberry.field(description="Balance as of today.")
    payout_iban_masked: str = strawberry.field(
        description="IBAN that payouts go to, all but the last digits masked (B6)."
    )
    fixed_until: date | None = strawberry.field(description="End of the fixed term.")
    direct_debit_mandate: DirectDebitMandate | None = strawberry.field(
        description="SEPA mandate for the contributions."
    )

    @strawberry.field(description="Bookings, newest value date first.")
    async def transactions(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(description="At most this many transactions (up to 100); null: all."),
        ] = None,
    ) -> list[SavingsTransaction] | None:
        locale = info.context.locale
        return [
            SavingsTransaction(
                value_date=t.value_date,
                booking_date=t.booking_date,
                amount=Money.of(t.amount, t.currency, locale),
                text=upstream_text(t.text, locale),
            )
            for t in await resolvers.resolve_transactions(self.terms, first=first, scope=info.context.scope)
        ]

    @classmethod
    def of(cls, terms: up.SavingsTerms, locale: str) -> SavingsDetails:
        mandate = terms.direct_debit_mandate
        return cls(
            terms=terms,
            kind=terms.kind,
            interest_rate=terms.interest_rate,
            balance=Money.of(terms.balance, "EUR", locale),
            payout_iban_masked=mask_iban(terms.payout_iban),
            fixed_until=terms.fixed_until,
            direct_debit_mandate=None
            if mandate is None
            else DirectDebitMandate(
                reference=mandate.reference, iban_masked=mask_iban(mandate.iban), signed_on=mandate.signed_on
            ),
        )


@strawberry.type(description="Lines without a dedicated detail type: their facts say it all.")
class GeneralDetails:
    facts: list[Fact] = strawberry.field(description="Contract facts as label and value.")


ContractDetails = Annotated[
    TravelHealthDetails | HealthDetails | LegalExpensesDetails | SavingsDetails | GeneralDetails,
    strawberry.union("ContractDetails", description="Line-specific contract details (B2)."),
]

HEALTH_LINES = frozenset({up.Line.HEALTH_FULL, up.Line.HEALTH_SUPPLEMENTARY})


@strawberry.interface(
    description="What the contract overview shows for any contract: one of the group's (`Contract`) or an "
    "external one the customer added (`ExternalContract`, B5), told apart by `isExternal`."
)
class ContractSummary(relay.Node):
    policy_number: str = strawberry.field(description="Policy number as printed on documents.")
    product: str | None = strawberry.field(description="Product name as the insurer sells it.")
    line: LineOfBusiness = strawberry.field(description="Line of business.")
    line_label: str = strawberry.field(description="Line of business as display text.")
    company_name: str = strawberry.field(description="The insurer: a company of the group, or another one.")
    expiry_date: date | None = strawberry.field(
        description="End of the current term (for an external contract: its renewal date)."
    )
    payment_frequency: PaymentFrequency = strawberry.field(description="How often the premium is paid.")
    payment_frequency_label: str = strawberry.field(description="Payment frequency as display text.")
    is_external: bool = strawberry.field(description="Added by the customer, not a contract of the group.")

    @strawberry.field(description="Premium per payment period.")
    def premium(self) -> Money:
        raise NotImplementedError  # each implementation formats its own amount


@strawberry.type(description="An insurance or savings contract of the customer (B1).")
class Contract(ContractSummary):
    id: relay.NodeID[str]
    upstream: strawberry.Private[up.Contract]
    policy_number: str = strawberry.field(description="Policy number (VSNR) as printed on documents.")
    product: str = strawberry.field(description="Product name as the insurer sells it.")
    line: LineOfBusiness = strawberry.field(description="Line of business.")
    line_label: str = strawberry.field(description="Line of business as display text.")
    status: ContractStatus = strawberry.field(description="Lifecycle state; see `statusLabel` for display.")
    status_label: str = strawberry.field(description="Contract state as display text.")
    company_name: str = strawberry.field(description="The group company that carries the contract.")
    start_date: date = strawberry.field(description="First day of cover.")
    expiry_date: date | None = strawberry.field(description="Last day of the contract; null: runs on.")
    payment_frequency: PaymentFrequency = strawberry.field(description="How often the premium is paid.")
    payment_frequency_label: str = strawberry.field(description="Payment frequency as display text.")
    is_highlighted: bool = strawberry.field(description="Special contract emphasised on the overview (B4).")
    special_kind: str | None = strawberry.field(
        description="Code of a special contract with its own layout, e.g. MITGLIEDER_SCHUTZBRIEF (B4); null: "
        "an ordinary contract."
    )
    has_critical_process: bool = strawberry.field(
        description="An open critical process (e.g. dunning) blocks self-service changes (D1)."
    )
    is_external: bool = strawberry.field(default=False, description="Always false: a contract of the group.")
    locale: strawberry.Private[str] = "de"

    # Built when asked for, not in `of`: a contract appears in lists that ask only for its number
    # (bank accounts' linked contracts), and a formatted amount costs more than all the plain fields.
    @strawberry.field(description="Premium per payment period.")
    def premium(self) -> Money:
        return Money.of(self.upstream.premium, self.upstream.currency, self.locale)

    @strawberry.field(description="The insured persons and their roles.")
    def insured_persons(self) -> list[ContractPerson]:
        return [
            ContractPerson(name=r.name, role=r.role)
            for r in self.upstream.roles
            if r.role is up.RoleKind.INSURED
        ]

    @strawberry.field(description="Contract facts as label and value.")
    def facts(self) -> list[Fact]:
        locale = self.locale
        return [
            Fact(label=upstream_text(f.label, locale), value=upstream_text(f.value, locale))
            for f in self.upstream.facts
        ]

    @classmethod
    def of(cls, contract: up.Contract, locale: str) -> Contract:
        return cls(
            id=contract.id,
            upstream=contract,
            policy_number=contract.policy_number,
            product=upstream_text(contract.product, locale),
            line=contract.line,
            line_label=pick(LINE_LABELS[contract.line], locale),
            status=contract.status,
            status_label=pick(CONTRACT_STATUS_LABELS[contract.status], locale),
            company_name=contract.company_name,
            start_date=contract.start_date,
            expiry_date=contract.expiry_date,
            payment_frequency=contract.payment_frequency,
            payment_frequency_label=pick(PAYMENT_FREQUENCY_LABELS[contract.payment_frequency], locale),
            is_highlighted=contract.special is not None,
            special_kind=contract.special,
            has_critical_process=contract.critical_process is not None,
            locale=locale,
        )

    @strawberry.field(description="Line-specific details (B2).")
    async def details(self, info: Info) -> ContractDetails | None:
        contract, locale = self.upstream, info.context.locale
        if contract.travel_health is not None:
            return TravelHealthDetails(
                max_trip_days=contract.travel_health.max_trip_days, insured_persons=self.insured_persons()
            )
        if contract.line in HEALTH_LINES:
            # Visible contracts are held by the viewer, so the viewer is the policyholder here.
            return HealthDetails(insured_persons=self.insured_persons(), can_submit_invoices=True)
        if contract.legal_expenses is not None:
            statement = await resolvers.resolve_deductible(contract, scope=info.context.scope)
            return LegalExpensesDetails.of(contract.legal_expenses, statement, locale)
        if contract.savings is not None:
            return SavingsDetails.of(contract.savings, locale)
        return GeneralDetails(facts=self.facts())

    @strawberry.field(description="Documents of this contract, newest first (B2, C1).")
    async def documents(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="At most this many documents (up to 100); null: all.")
        ] = None,
    ) -> list[Annotated[Document, strawberry.lazy("bff.schema.postbox")]] | None:
        from bff.schema.postbox import Document

        documents = await resolvers.resolve_contract_documents(
            self.upstream, first=first, scope=info.context.scope
        )
        return [Document.of(d, info.context.locale) for d in documents]

    @strawberry.field(description="Claims and benefit cases of this contract, newest first (E1).")
    async def claims(self, info: Info) -> list[Annotated[Claim, strawberry.lazy("bff.schema.claims")]] | None:
        from bff.schema.claims import Claim

        return [
            Claim.of(c, info.context.locale)
            for c in await resolvers.resolve_contract_claims(self.upstream, scope=info.context.scope)
        ]
