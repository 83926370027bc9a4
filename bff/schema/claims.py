"""Claims and health benefit cases (E1, E3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from bff.backends import models as up
from bff.context import Info
from bff.domain.labels import CLAIM_STATUS_LABELS, pick
from bff.domain.upstream_texts import upstream_text
from bff.resolvers import contracts as contract_resolvers
from bff.schema.common import ClaimKind, ClaimStatus, Money

if TYPE_CHECKING:
    from bff.schema.contracts import Contract


@strawberry.type(description="A payment made on a claim.")
class ClaimPayment:
    paid_on: date = strawberry.field(description="Day of the payment.")
    amount: Money = strawberry.field(description="Amount of this payment.")


@strawberry.type(description="A property claim or health benefit case with its key data (E3).")
class Claim(relay.Node):
    id: relay.NodeID[str]
    contract_id: strawberry.Private[str]
    claim_number: str = strawberry.field(description="Claim number as printed on letters.")
    kind: ClaimKind = strawberry.field(description="Property claim or health benefit case.")
    benefit_type: str = strawberry.field(description="Kind of benefit, as display text.")
    status: ClaimStatus = strawberry.field(description="Processing state of the claim.")
    status_label: str = strawberry.field(description="State as display text.")
    occurred_on: date = strawberry.field(description="Day the damage or treatment happened.")
    reported_on: date = strawberry.field(description="Day the claim was reported.")
    expected_completion: date | None = strawberry.field(description="Expected completion date (E1).")
    closed_on: date | None = strawberry.field(description="Day the claim was closed; null while open.")
    payments: list[ClaimPayment] = strawberry.field(description="Payments made for this claim.")
    total_paid: Money = strawberry.field(description="Sum of the payments.")

    @classmethod
    def of(cls, claim: up.Claim, locale: str) -> Claim:
        total = sum((p.amount for p in claim.payments), Decimal("0.00"))
        return cls(
            id=claim.id,
            contract_id=claim.contract_id,
            claim_number=claim.claim_number,
            kind=claim.kind,
            benefit_type=upstream_text(claim.benefit_type, locale),
            status=claim.status,
            status_label=pick(CLAIM_STATUS_LABELS[claim.status], locale),
            occurred_on=claim.occurred_on,
            reported_on=claim.reported_on,
            expected_completion=claim.expected_completion,
            closed_on=claim.closed_on,
            payments=[
                ClaimPayment(paid_on=p.paid_on, amount=Money.of(p.amount, p.currency, locale))
                for p in claim.payments
            ],
            total_paid=Money.of(total, "EUR", locale),
        )

    @strawberry.field(description="The contract the claim belongs to.")
    async def contract(
        self, info: Info
    ) -> Annotated[Contract, strawberry.lazy("bff.schema.contracts")] | None:
        from bff.schema.contracts import Contract

        contract = await contract_resolvers.resolve_own_contract(self.contract_id, scope=info.context.scope)
        return None if contract is None else Contract.of(contract, info.context.locale)
