"""Presenters of the services screen: self-services that exist once per contract, such as the ARK
certificate (D7) of each travel-health contract."""

from __future__ import annotations

from bff.backends import models as up
from bff.domain.upstream_texts import upstream_text
from bff.layout import models as m
from bff.layout.models import ComponentSpec
from bff.layout.presenters import Props, presenter
from bff.layout.request import LayoutRequest
from bff.layout.views import contract_global_id, visible_contracts


@presenter(
    "ark_certificate_tiles",
    may_be_empty=True,
    leads_to=lambda spec: [m.OpenForm(kind="open_form", form="ark_certificate")],
)
async def ark_certificate_tiles(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D7: one tile per travel-health contract, opening its certificate form."""
    return [
        {
            "key": contract.id,
            "subtitle": f"{upstream_text(contract.product, request.locale)} · {contract.policy_number}",
            "action": m.OpenForm(
                kind="open_form", form="ark_certificate", params={"contractId": contract_global_id(contract)}
            ),
        }
        for contract in await visible_contracts(request)
        if contract.line is up.Line.TRAVEL_HEALTH
    ]
