"""Meine Daten: person (D3), address (D2), communication data (D4), bank accounts with their linked
contracts (D1), access data (A5, A6), consents (D5) and delivery channel (C4). Consents and delivery
channel change with one tap (`run_mutation`); the rest through forms."""

from __future__ import annotations

from bff.backends import models as up
from bff.domain.ark import country_name
from bff.domain.formatting import format_day, format_phone, mask_iban
from bff.domain.labels import LINE_LABELS, pick
from bff.i18n import N_, translate
from bff.layout import models as m
from bff.layout.models import ComponentSpec, localized
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry, moment
from bff.layout.request import LayoutRequest
from bff.layout.views import person
from bff.resolvers.customer import (
    resolve_account,
    resolve_account_links,
    resolve_bank_accounts,
    resolve_signed_in_at,
)
from bff.resolvers.passkeys import resolve_passkeys
from bff.resolvers.security import resolve_second_factor_enabled

TITLES = {up.Title.DR: "Dr.", up.Title.PROF: "Prof."}
MARITAL_STATUS = {
    up.MaritalStatus.SINGLE: N_("ledig"),
    up.MaritalStatus.MARRIED: N_("verheiratet"),
    up.MaritalStatus.CIVIL_PARTNERSHIP: N_("eingetragene Lebenspartnerschaft"),
    up.MaritalStatus.DIVORCED: N_("geschieden"),
    up.MaritalStatus.WIDOWED: N_("verwitwet"),
}
COMMUNICATION_KINDS = {
    up.CommunicationKind.EMAIL: N_("E-Mail"),
    up.CommunicationKind.PHONE: N_("Telefon"),
    up.CommunicationKind.MOBILE: N_("Mobil"),
}
USAGES = {
    up.AccountUsage.DEBIT: N_("Beitragseinzug"),
    up.AccountUsage.CREDIT: N_("Auszahlungen"),
}


@presenter("person_facts")
async def person_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    found, locale = await person(request), request.locale
    if found is None:
        return []
    title = TITLES.get(found.title) if found.title else None
    name = " ".join(part for part in (title, found.first_name, found.last_name) if part)
    entries = [entry(translate("Kundennummer", locale), found.customer_number or "–")]
    if name:
        entries.append(entry(translate("Name", locale), name))
    if found.birth_date:
        entries.append(entry(translate("Geburtsdatum", locale), format_day(found.birth_date, locale)))
    if found.marital_status:
        status = pick(MARITAL_STATUS[found.marital_status], locale)
        if found.marital_status_since:
            status += translate(" seit ", locale) + format_day(found.marital_status_since, locale)
        entries.append(entry(translate("Familienstand", locale), status))
    return [{"entries": entries}]


@presenter("address_facts")
async def address_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    found, locale = await person(request), request.locale
    if found is None or found.address is None:
        return []
    address = found.address
    return [
        {
            "entries": [
                entry(translate("Straße", locale), f"{address.street} {address.house_number}"),
                entry(translate("Ort", locale), f"{address.postal_code} {address.city}"),
                entry(translate("Land", locale), country_name(address.country, locale)),
            ]
        }
    ]


def _remove_entry(entry_id: str) -> m.RunMutation:
    """D4: one entry less, through the same mutation (and TAN) as every other change."""
    return m.RunMutation(
        kind="run_mutation",
        mutation="changeCommunicationData",
        input={"remove": [entry_id]},
        label=localized("Entfernen"),
        confirm=localized("Diese Kontaktangabe entfernen?"),
    )


@presenter("communication_entries")
async def communication_entries(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    found, locale = await person(request), request.locale
    entries = found.communications if found else []
    items = [
        {
            "id": c.id,
            "title": c.value if c.kind is up.CommunicationKind.EMAIL else format_phone(c.value),
            "subtitle": pick(COMMUNICATION_KINDS[c.kind], locale),
            "badge": translate("bevorzugt", locale) if c.preferred else None,
            "action": _remove_entry(c.id) if spec.args.get("removable") else None,
        }
        for c in entries
    ]
    return [{"items": items, "empty_text": translate("Keine Kontaktdaten hinterlegt.", locale)}]


@presenter("bank_account_cards", may_be_empty=True)
async def bank_account_cards(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D1: each account (IBAN masked) with the contracts it pays (debit) or receives for (credit)."""
    locale = request.locale
    cards = []
    for account in await resolve_bank_accounts(scope=request.scope):
        entries = [
            entry(translate("Kontoinhaber", locale), account.holder_name),
            entry(translate("Bank", locale), account.bank_name or "–"),
        ]
        if account.bic:
            entries.append(entry("BIC", account.bic))
        for link in await resolve_account_links(account, scope=request.scope):
            contract = link.contract
            value = f"{pick(LINE_LABELS[contract.line], locale)} · {contract.policy_number}"
            entries.append(entry(pick(USAGES[link.usage], locale), value))
        cards.append({"key": account.id, "title": mask_iban(account.iban), "entries": entries})
    return cards


@presenter("access_facts")
async def access_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """A6: the sign-in before this one, so the customer can spot misuse."""
    locale = request.locale
    account = await resolve_account(scope=request.scope)
    if account is None:
        return []
    level = translate("Stufe ", locale) + str(account.ident_level)
    signed_in_at = await resolve_signed_in_at(scope=request.scope)
    return [
        {
            "entries": [
                entry(translate("Kundennummer", locale), account.customer_number),
                entry(translate("Letzte Anmeldung", locale), moment(account.previous_login_at, locale)),
                entry(translate("Diese Anmeldung", locale), moment(signed_in_at, locale)),
                entry(translate("Identifizierung", locale), level),
            ]
        }
    ]


@presenter("security_facts")
async def security_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """A5: the second factors, which also confirm security-relevant changes."""
    locale = request.locale
    if request.scope.viewer.account_id is None:
        return []
    second_factor = await resolve_second_factor_enabled(scope=request.scope)
    passkeys = await resolve_passkeys(scope=request.scope)
    yes, no = translate("eingerichtet", locale), translate("nicht eingerichtet", locale)
    return [
        {
            "entries": [
                entry(translate("Authenticator-App", locale), yes if second_factor else no),
                entry(translate("Passkeys", locale), str(len(passkeys)) if passkeys else no),
            ]
        }
    ]


@presenter("consent_settings")
async def consent_settings(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D5: each consent with the tap that turns it the other way."""
    found, locale = await person(request), request.locale
    if found is None:
        return []
    current = {
        "productInfoEmail": found.consents.product_info_email,
        "productInfoPhone": found.consents.product_info_phone,
    }
    titles = {
        "productInfoEmail": translate("Produktinformationen per E-Mail", locale),
        "productInfoPhone": translate("Produktinformationen per Telefon", locale),
    }
    items = []
    for name, given in current.items():
        items.append(
            {
                "id": name,
                "title": titles[name],
                "subtitle": translate("Eingewilligt", locale)
                if given
                else translate("Nicht eingewilligt", locale),
                "action": m.RunMutation(
                    kind="run_mutation",
                    mutation="changeConsents",
                    input={**current, name: not given},
                    label=localized("Widerrufen") if given else localized("Einwilligen"),
                ),
            }
        )
    return [{"items": items}]


@presenter("delivery_channel")
async def delivery_channel(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """C4: digital (paper waiver) or paper; legally required letters go by post either way."""
    found, locale = await person(request), request.locale
    if found is None:
        return []
    digital = found.delivery_channel is up.DeliveryChannel.DIGITAL
    other = up.DeliveryChannel.PAPER if digital else up.DeliveryChannel.DIGITAL
    return [
        {
            "items": [
                {
                    "id": "deliveryChannel",
                    "title": translate("Digital im Postfach (Papierverzicht)", locale)
                    if digital
                    else translate("Per Post und im Postfach", locale),
                    "subtitle": translate(
                        "Gesetzlich vorgeschriebene Schreiben kommen immer auch per Post.", locale
                    ),
                    "action": m.RunMutation(
                        kind="run_mutation",
                        mutation="changeDeliveryChannel",
                        input={"channel": other.value},
                        label=localized("Auf Post umstellen")
                        if digital
                        else localized("Auf digital umstellen"),
                        confirm=localized("Möchten Sie den Zustellweg ändern?"),
                    ),
                }
            ]
        }
    ]
