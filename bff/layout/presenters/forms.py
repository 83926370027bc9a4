"""Forms are manifests too: a `form:` block becomes a `form/1` component, its choices listed by the
option presenters below with the customer's own data. Submitting runs the named mutation, which
validates every field again."""

from __future__ import annotations

import asyncio

from babel import Locale

from bff.backends import models as up
from bff.domain import ark
from bff.domain.form_rules import rule_of
from bff.domain.labels import LINE_LABELS, pick
from bff.domain.sepa import collecting_companies, mandate_text
from bff.i18n import translate
from bff.invoices.files import accepted_media_types
from bff.layout.models import ComponentSpec, FieldKind, FieldSpec, FormSpec, localize
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry
from bff.layout.request import LayoutRequest
from bff.layout.views import HEALTH_LINES, contract_global_id, screen_contract, visible_contracts
from bff.resolvers.bank import resolve_sepa_mandate_references

ARK_LANGUAGES = ("de", "en", "es", "fr")


async def present_form(request: LayoutRequest, spec: ComponentSpec, form: FormSpec) -> Props:
    """The `form/1` props: fields with their choices in the client's language."""
    locale = request.locale
    listed = await asyncio.gather(
        *(_options(request, spec, name) for name in (f.options_from for f in form.fields) if name)
    )
    by_presenter = dict(zip([f.options_from for f in form.fields if f.options_from], listed, strict=True))
    prefilled = await _options(request, spec, form.values_from) if form.values_from else []
    values = prefilled[0] if prefilled else {}
    return {
        "mutation": form.mutation,
        "step_up": form.step_up,
        "submit_label": localize(form.submit_label, locale),
        "fields": [
            {
                "name": field.name,
                "kind": field.kind.value,
                "label": localize(field.label, locale),
                "help": localize(field.help, locale),
                "required": field.required,
                "options": [{"value": o.value, "label": localize(o.label, locale)} for o in field.options]
                + (by_presenter.get(field.options_from, []) if field.options_from else []),
                "live_check": field.live_check,
                "value": values.get(field.name),
                **_rules(request, form.mutation, field),
            }
            for field in form.fields
        ],
    }


def _rules(request: LayoutRequest, mutation: str, field: FieldSpec) -> Props:
    """The field's limits from the server's own rules (bff/domain/form_rules.py), never from the manifest;
    uploads take theirs from the settings and the file checks."""
    rule = rule_of(mutation, field.name)
    if field.kind is FieldKind.FILES:
        settings = request.scope.settings
        max_items: int | None = settings.invoice_max_files
        accept = accepted_media_types()
    else:
        max_items, accept = rule.max_length if field.kind is FieldKind.MULTI_SELECT else None, []
    text = field.kind not in (FieldKind.MULTI_SELECT, FieldKind.FILES)
    return {
        "max_items": max_items,
        "accept": accept,
        "min_length": rule.min_length if text else None,
        "max_length": rule.max_length if text else None,
        "pattern": rule.pattern,
        "min": rule.minimum,
        "max": rule.maximum,
        "step": rule.step,
    }


async def _options(request: LayoutRequest, spec: ComponentSpec, name: str) -> list[Props]:
    from bff.layout.presenters import PRESENTERS

    return await PRESENTERS[name](request, spec)


def _contract_option(contract: up.Contract, locale: str) -> Props:
    """A contract to choose; the value is the graph's `Contract.id`, as the mutations take it."""
    return {
        "value": contract_global_id(contract),
        "label": f"{pick(LINE_LABELS[contract.line], locale)} · {contract.policy_number}",
    }


@presenter("own_contracts_as_policyholder")
async def own_contracts_as_policyholder(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """Bank change (D1): the contracts whose debit or credit account the customer may set."""
    person_id = request.scope.viewer.person_id
    contracts = await visible_contracts(request)
    return [_contract_option(c, request.locale) for c in contracts if c.holder_id == person_id]


@presenter("health_contracts_as_policyholder")
async def health_contracts_as_policyholder(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D8: invoices only for health contracts the customer holds, never as co-insured."""
    person_id = request.scope.viewer.person_id
    contracts = await visible_contracts(request)
    return [
        _contract_option(c, request.locale)
        for c in contracts
        if c.line in HEALTH_LINES and c.holder_id == person_id
    ]


@presenter("screen_contract_option")
async def screen_contract_option(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """The contract the form was opened for (`params.contractId`), shown as the one choice."""
    return [_contract_option(await screen_contract(request), request.locale)]


@presenter("ark_insured_persons")
async def ark_insured_persons(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D7: the insured persons of the ARK contract on screen, as `requestArkCertificate` accepts them."""
    contract = await screen_contract(request)
    return [{"value": role.person_id, "label": role.name} for role in ark.insured_persons(contract)]


@presenter("countries")
async def countries(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D7: the destinations a trip may go to (not Germany), named and sorted in the client's language."""
    return [{"value": code, "label": name} for code, name in ark.destination_countries(request.locale)]


@presenter("ark_languages")
async def ark_languages(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D7: one certificate per chosen language, up to four; values are `CertificateLanguage` names."""
    display = Locale.parse("en" if request.locale == "en" else "de")
    return [{"value": code.upper(), "label": display.languages[code].capitalize()} for code in ARK_LANGUAGES]


@presenter("sepa_mandate")
async def sepa_mandate(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D1: the mandate the bank change's consent gives, with each creditor's identifier and the mandate
    references (policy numbers) of the customer's contracts."""
    locale = request.locale
    references = await resolve_sepa_mandate_references(scope=request.scope)
    companies = collecting_companies(references)
    entries = [entry(translate("Mandatstext", locale), mandate_text(companies, locale))]
    for company in companies:
        mine = [r for r in references if r.company_name == company]
        creditor_id, numbers = mine[0].creditor_id or "–", ", ".join(r.reference for r in mine)
        entries += [
            entry(translate("Zahlungsempfänger", locale), company),
            entry(translate("Gläubiger-Identifikationsnummer", locale), creditor_id),
            entry(translate("Mandatsreferenzen", locale), numbers),
        ]
    return [{"entries": entries}]
