"""Prefills (`form.values_from`) and further option lists of the forms: what the customer has now, so a
change form starts from the current data and a form opened for one contract has it chosen. Values are
as the mutation's input takes them (global ids, enum names, ISO dates)."""

from __future__ import annotations

from babel.numbers import format_decimal

from bff.backends import models as up
from bff.domain import ark
from bff.domain.formatting import babel_locale
from bff.domain.labels import LINE_LABELS, PAYMENT_FREQUENCY_LABELS, pick
from bff.layout.models import ComponentSpec
from bff.layout.presenters import Props, presenter
from bff.layout.request import LayoutRequest
from bff.layout.views import (
    HEALTH_LINES,
    contract_global_id,
    contract_node_id,
    person,
    screen_contract,
    screen_external_contract,
    visible_contracts,
)


@presenter("ark_form_values")
async def ark_form_values(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D7: the contract on screen, every insured person, a certificate in the client's language."""
    contract = await screen_contract(request)
    return [
        {
            "contractId": contract_global_id(contract),
            "personIds": [role.person_id for role in ark.insured_persons(contract)],
            "languages": [request.locale.upper()],
        }
    ]


@presenter("invoice_form_values")
async def invoice_form_values(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D8: the contract the form was opened from (`params.contractId`), or the only health contract."""
    person_id = request.scope.viewer.person_id
    eligible = [
        c for c in await visible_contracts(request) if c.line in HEALTH_LINES and c.holder_id == person_id
    ]
    wanted = contract_node_id(request.params.get("contractId", ""))
    chosen = [c for c in eligible if c.id == wanted] or (eligible if len(eligible) == 1 else [])
    return [{"contractIds": [contract_global_id(c) for c in chosen]}]


@presenter("current_address")
async def current_address(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    found = await person(request)
    if found is None or found.address is None:
        return [{"country": "DE"}]
    address = found.address
    return [
        {
            "street": address.street,
            "houseNumber": address.house_number,
            "postalCode": address.postal_code,
            "city": address.city,
            "country": "DE",
        }
    ]


@presenter("current_personal_data")
async def current_personal_data(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    found = await person(request)
    if found is None:
        return []
    return [
        {
            "lastName": found.last_name,
            "title": found.title.value if found.title else None,
            "maritalStatus": found.marital_status.value if found.marital_status else None,
            "maritalStatusSince": found.marital_status_since.isoformat()
            if found.marital_status_since
            else None,
        }
    ]


@presenter("external_contract_values")
async def external_contract_values(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B5: the external contract on screen (`params.id`) as the customer entered it, the premium in the
    client's notation ("1.234,56" in German), which the mutation reads back."""
    row = await screen_external_contract(request)
    return [
        {
            "insurer": row.insurer,
            "line": row.line,
            "product": row.product,
            "policyNumber": row.policy_number,
            "premium": format_decimal(row.premium, format="#,##0.00", locale=babel_locale(request.locale)),
            "paymentFrequency": row.payment_frequency,
            "renewalDate": row.renewal_date.isoformat() if row.renewal_date else None,
        }
    ]


@presenter("lines_of_business")
async def lines_of_business(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B5: the line of an external contract, in catalogue order."""
    return [{"value": line.value, "label": pick(LINE_LABELS[line], request.locale)} for line in up.Line]


@presenter("payment_frequencies")
async def payment_frequencies(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    return [
        {"value": frequency.value, "label": pick(PAYMENT_FREQUENCY_LABELS[frequency], request.locale)}
        for frequency in up.PaymentFrequency
    ]
