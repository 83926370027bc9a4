"""Meine Daten: person (D3), address (D2), communication data (D4), bank accounts with their linked
contracts (D1), access data (A5, A6), consents (D5) and delivery channel (C4). Consents and delivery
channel change with one tap (`run_mutation`); the rest through forms."""

from __future__ import annotations

from bff.backends import models as up
from bff.domain.ark import country_name
from bff.domain.formatting import format_day, format_phone, mask_iban
from bff.domain.labels import LINE_LABELS, pick
from bff.layout import models as m
from bff.layout.models import ComponentSpec, Localized
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry, moment, tr
from bff.layout.request import LayoutRequest
from bff.layout.views import person
from bff.resolvers.customer import resolve_account, resolve_account_links, resolve_bank_accounts
from bff.resolvers.passkeys import resolve_passkeys
from bff.resolvers.security import resolve_second_factor_enabled

TITLES = {up.Title.DR: "Dr.", up.Title.PROF: "Prof."}
MARITAL_STATUS = {
    up.MaritalStatus.SINGLE: ("ledig", "single"),
    up.MaritalStatus.MARRIED: ("verheiratet", "married"),
    up.MaritalStatus.CIVIL_PARTNERSHIP: ("eingetragene Lebenspartnerschaft", "civil partnership"),
    up.MaritalStatus.DIVORCED: ("geschieden", "divorced"),
    up.MaritalStatus.WIDOWED: ("verwitwet", "widowed"),
}
COMMUNICATION_KINDS = {
    up.CommunicationKind.EMAIL: ("E-Mail", "Email"),
    up.CommunicationKind.PHONE: ("Telefon", "Phone"),
    up.CommunicationKind.MOBILE: ("Mobil", "Mobile"),
}
USAGES = {
    up.AccountUsage.DEBIT: ("Beitragseinzug", "Premiums collected"),
    up.AccountUsage.CREDIT: ("Auszahlungen", "Payouts"),
}


@presenter("person_facts")
async def person_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    found, locale = await person(request), request.locale
    if found is None:
        return []
    title = TITLES.get(found.title) if found.title else None
    name = " ".join(part for part in (title, found.first_name, found.last_name) if part)
    entries = [entry(tr(locale, "Kundennummer", "Customer number"), found.customer_number or "–")]
    if name:
        entries.append(entry(tr(locale, "Name", "Name"), name))
    if found.birth_date:
        entries.append(
            entry(tr(locale, "Geburtsdatum", "Date of birth"), format_day(found.birth_date, locale))
        )
    if found.marital_status:
        status = pick(MARITAL_STATUS[found.marital_status], locale)
        if found.marital_status_since:
            status += tr(locale, " seit ", " since ") + format_day(found.marital_status_since, locale)
        entries.append(entry(tr(locale, "Familienstand", "Marital status"), status))
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
                entry(tr(locale, "Straße", "Street"), f"{address.street} {address.house_number}"),
                entry(tr(locale, "Ort", "Town"), f"{address.postal_code} {address.city}"),
                entry(tr(locale, "Land", "Country"), country_name(address.country, locale)),
            ]
        }
    ]


def _remove_entry(entry_id: str) -> m.RunMutation:
    """D4: one entry less, through the same mutation (and TAN) as every other change."""
    return m.RunMutation(
        kind="run_mutation",
        mutation="changeCommunicationData",
        input={"remove": [entry_id]},
        label=Localized(de="Entfernen", en="Remove"),
        confirm=Localized(de="Diese Kontaktangabe entfernen?", en="Remove this contact detail?"),
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
            "badge": tr(locale, "bevorzugt", "preferred") if c.preferred else None,
            "action": _remove_entry(c.id) if spec.args.get("removable") else None,
        }
        for c in entries
    ]
    return [
        {"items": items, "empty_text": tr(locale, "Keine Kontaktdaten hinterlegt.", "No contact details.")}
    ]


@presenter("bank_account_cards", may_be_empty=True)
async def bank_account_cards(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D1: each account (IBAN masked) with the contracts it pays (debit) or receives for (credit)."""
    locale = request.locale
    cards = []
    for account in await resolve_bank_accounts(scope=request.scope):
        entries = [
            entry(tr(locale, "Kontoinhaber", "Account holder"), account.holder_name),
            entry(tr(locale, "Bank", "Bank"), account.bank_name or "–"),
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
    level = tr(locale, "Stufe ", "Level ") + str(account.ident_level)
    return [
        {
            "entries": [
                entry(tr(locale, "Kundennummer", "Customer number"), account.customer_number),
                entry(
                    tr(locale, "Letzte Anmeldung", "Last sign-in"), moment(account.previous_login_at, locale)
                ),
                entry(tr(locale, "Diese Anmeldung", "This sign-in"), moment(account.last_login_at, locale)),
                entry(tr(locale, "Identifizierung", "Identification"), level),
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
    yes, no = tr(locale, "eingerichtet", "set up"), tr(locale, "nicht eingerichtet", "not set up")
    return [
        {
            "entries": [
                entry(tr(locale, "Authenticator-App", "Authenticator app"), yes if second_factor else no),
                entry(tr(locale, "Passkeys", "Passkeys"), str(len(passkeys)) if passkeys else no),
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
        "productInfoEmail": tr(locale, "Produktinformationen per E-Mail", "Product information by email"),
        "productInfoPhone": tr(locale, "Produktinformationen per Telefon", "Product information by phone"),
    }
    items = []
    for name, given in current.items():
        items.append(
            {
                "id": name,
                "title": titles[name],
                "subtitle": tr(locale, "Eingewilligt", "Consented")
                if given
                else tr(locale, "Nicht eingewilligt", "Not consented"),
                "action": m.RunMutation(
                    kind="run_mutation",
                    mutation="changeConsents",
                    input={**current, name: not given},
                    label=Localized(de="Widerrufen", en="Withdraw")
                    if given
                    else Localized(de="Einwilligen", en="Consent"),
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
                    "title": tr(
                        locale, "Digital im Postfach (Papierverzicht)", "Digital, in the postbox (no paper)"
                    )
                    if digital
                    else tr(locale, "Per Post und im Postfach", "By post and in the postbox"),
                    "subtitle": tr(
                        locale,
                        "Gesetzlich vorgeschriebene Schreiben kommen immer auch per Post.",
                        "Letters required by law always come by post as well.",
                    ),
                    "action": m.RunMutation(
                        kind="run_mutation",
                        mutation="changeDeliveryChannel",
                        input={"channel": other.value},
                        label=Localized(de="Auf Post umstellen", en="Switch to post")
                        if digital
                        else Localized(de="Auf digital umstellen", en="Switch to digital"),
                        confirm=Localized(
                            de="Möchten Sie den Zustellweg ändern?",
                            en="Do you want to change how we send documents?",
                        ),
                    ),
                }
            ]
        }
    ]
