"""The claims screen (E1, E3): one folded card per claim or benefit case, headed with its number and
status, unfolding to its key data, expected completion and the payments so far."""

from __future__ import annotations

from decimal import Decimal

from bff.backends import models as up
from bff.domain.formatting import format_day, format_money
from bff.domain.labels import CLAIM_STATUS_LABELS, LINE_LABELS, pick
from bff.domain.upstream_texts import upstream_text
from bff.i18n import translate
from bff.layout.models import ComponentSpec
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry
from bff.layout.request import LayoutRequest
from bff.layout.views import claims, visible_contracts


def claim_title(claim: up.Claim, locale: str) -> str:
    """ "Schaden S-…" or, for health benefits, "Leistungsfall L-…": what the customer quotes."""
    if claim.kind in (up.ClaimKind.HEALTH, up.ClaimKind.TRAVEL_HEALTH):
        return translate("Leistungsfall {number}", locale, number=claim.claim_number)
    return translate("Schaden {number}", locale, number=claim.claim_number)


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
            entry(translate("Schadennummer", locale), claim.claim_number),
            entry(translate("Status", locale), pick(CLAIM_STATUS_LABELS[claim.status], locale)),
        ]
        if contract is not None:
            line = pick(LINE_LABELS[contract.line], locale)
            entries.append(entry(translate("Vertrag", locale), f"{line} · {contract.policy_number}"))
        entries += [
            entry(translate("Schadentag", locale), format_day(claim.occurred_on, locale)),
            entry(translate("Gemeldet am", locale), format_day(claim.reported_on, locale)),
        ]
        if claim.closed_on is not None:
            entries.append(entry(translate("Abgeschlossen am", locale), format_day(claim.closed_on, locale)))
        elif claim.expected_completion is not None:
            entries.append(
                entry(
                    translate("Voraussichtlich abgeschlossen", locale),
                    format_day(claim.expected_completion, locale),
                )
            )
        for payment in claim.payments:
            entries.append(
                entry(
                    translate("Zahlung vom ", locale) + format_day(payment.paid_on, locale),
                    format_money(payment.amount, payment.currency, locale),
                )
            )
        total = sum((payment.amount for payment in claim.payments), Decimal("0.00"))
        entries.append(entry(translate("Bisher gezahlt", locale), format_money(total, "EUR", locale)))
        status = pick(CLAIM_STATUS_LABELS[claim.status], locale)
        cards.append(
            {
                "key": claim.id,
                # Named by its number, the way letters and the hotline name it; the facts unfold on request.
                "title": claim_title(claim, locale),
                "subtitle": f"{upstream_text(claim.benefit_type, locale)} · {status}",
                "collapsed": claim.id != wanted,
                "entries": entries,
            }
        )
    return cards
