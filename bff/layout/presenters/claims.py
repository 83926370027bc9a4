"""The claims screen (E1, E3): one folded card per claim or benefit case, headed with its number and
status, unfolding to its key data, expected completion and the payments so far."""

from __future__ import annotations

from decimal import Decimal

from bff.backends import models as up
from bff.domain.formatting import format_day, format_money
from bff.domain.labels import CLAIM_STATUS_LABELS, LINE_LABELS, pick
from bff.layout.models import ComponentSpec
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry, tr
from bff.layout.request import LayoutRequest
from bff.layout.views import claims, visible_contracts


def claim_title(claim: up.Claim, locale: str) -> str:
    """ "Schaden S-…" or, for health benefits, "Leistungsfall L-…": what the customer quotes."""
    if claim.kind in (up.ClaimKind.HEALTH, up.ClaimKind.TRAVEL_HEALTH):
        return tr(locale, f"Leistungsfall {claim.claim_number}", f"Benefit case {claim.claim_number}")
    return tr(locale, f"Schaden {claim.claim_number}", f"Claim {claim.claim_number}")


@presenter("claim_cards", may_be_empty=True)
async def claim_cards(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    locale = request.locale
    contracts = {contract.id: contract for contract in await visible_contracts(request)}
    cards = []
    # A claim opened from its contract's page (`params.claimId`) comes first and unfolded.
    wanted = request.params.get("claimId")
    for claim in sorted(await claims(request), key=lambda claim: claim.id != wanted):
        contract = contracts.get(claim.contract_id)
        entries = [
            entry(tr(locale, "Schadennummer", "Claim number"), claim.claim_number),
            entry(tr(locale, "Status", "Status"), pick(CLAIM_STATUS_LABELS[claim.status], locale)),
        ]
        if contract is not None:
            line = pick(LINE_LABELS[contract.line], locale)
            entries.append(entry(tr(locale, "Vertrag", "Contract"), f"{line} · {contract.policy_number}"))
        entries += [
            entry(tr(locale, "Schadentag", "Date of loss"), format_day(claim.occurred_on, locale)),
            entry(tr(locale, "Gemeldet am", "Reported on"), format_day(claim.reported_on, locale)),
        ]
        if claim.closed_on is not None:
            entries.append(
                entry(tr(locale, "Abgeschlossen am", "Closed on"), format_day(claim.closed_on, locale))
            )
        elif claim.expected_completion is not None:
            entries.append(
                entry(
                    tr(locale, "Voraussichtlich abgeschlossen", "Expected completion"),
                    format_day(claim.expected_completion, locale),
                )
            )
        for payment in claim.payments:
            entries.append(
                entry(
                    tr(locale, "Zahlung vom ", "Payment of ") + format_day(payment.paid_on, locale),
                    format_money(payment.amount, payment.currency, locale),
                )
            )
        total = sum((payment.amount for payment in claim.payments), Decimal("0.00"))
        entries.append(entry(tr(locale, "Bisher gezahlt", "Paid so far"), format_money(total, "EUR", locale)))
        status = pick(CLAIM_STATUS_LABELS[claim.status], locale)
        cards.append(
            {
                "key": claim.id,
                # Named by its number, the way letters and the hotline name it; the facts unfold on request.
                "title": claim_title(claim, locale),
                "subtitle": f"{claim.benefit_type} · {status}",
                "collapsed": claim.id != wanted,
                "entries": entries,
            }
        )
    return cards
