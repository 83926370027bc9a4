"""The claims screen (E1, E3): one card per claim or benefit case with its key data, status, expected
completion and the payments so far."""

from __future__ import annotations

from decimal import Decimal

from bff.domain.formatting import format_day, format_money
from bff.domain.labels import CLAIM_STATUS_LABELS, LINE_LABELS, pick
from bff.i18n import translate
from bff.layout.models import ComponentSpec
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry
from bff.layout.request import LayoutRequest
from bff.layout.views import claims, visible_contracts


@presenter("claim_cards", may_be_empty=True)
async def claim_cards(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    locale = request.locale
    contracts = {contract.id: contract for contract in await visible_contracts(request)}
    cards = []
    for claim in await claims(request):
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
        cards.append({"key": claim.id, "title": claim.benefit_type, "entries": entries})
    return cards
