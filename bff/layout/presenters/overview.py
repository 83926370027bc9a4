"""Presenters of the dashboard (Übersicht) and the pieces it shares with other screens: contract
cards, the postbox badge, the agent card (F1), offers (F2), the campaign (F3), the setup assistant (A9)."""

from __future__ import annotations

from functools import partial

from bff.auth.lifecycle import SetupStep
from bff.backends import models as up
from bff.domain.formatting import format_day, format_money, format_phone
from bff.domain.labels import LINE_LABELS, PAYMENT_FREQUENCY_LABELS, pick
from bff.domain.message_categories import APPOINTMENT_SUBJECT
from bff.domain.upstream_texts import upstream_text
from bff.i18n import N_, translate
from bff.layout import models as m
from bff.layout.models import ComponentSpec, Localized, localized
from bff.layout.presenters import Props, presenter
from bff.layout.request import LayoutRequest
from bff.layout.views import (
    contract_global_id,
    external_contract_global_id,
    external_contracts,
    person,
    running_campaigns,
    screen_external_contract,
    setup_steps,
    unread_documents,
    visible_contracts,
)
from bff.loaders.crm import PersonCampaign
from bff.resolvers.agent import resolve_agent, resolve_sales_impulses, route_link
from bff.resolvers.campaigns import OUTCOME_MESSAGES

TITLES = {up.Title.DR: "Dr.", up.Title.PROF: "Prof."}


def _to_contract(spec: ComponentSpec) -> list[m.ActionBase]:
    return [m.Navigate(kind="navigate", screen="contract")]


def contract_card(contract: up.Contract, locale: str) -> Props:
    premium = format_money(contract.premium, contract.currency, locale)
    frequency = pick(PAYMENT_FREQUENCY_LABELS[contract.payment_frequency], locale)
    return {
        "key": contract.id,
        "contract_id": contract_global_id(contract),
        "title": upstream_text(contract.product, locale),
        "subtitle": contract.company_name,
        "policy_number": contract.policy_number,
        "line_label": pick(LINE_LABELS[contract.line], locale),
        "premium": f"{premium} {frequency}",
        "expiry": format_day(contract.expiry_date, locale) if contract.expiry_date else None,
        "highlighted": contract.special is not None,
        "action": m.Navigate(
            kind="navigate", screen="contract", params={"contractId": contract_global_id(contract)}
        ),
    }


@presenter("greeting")
async def greeting(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """ "Willkommen, Herr Dr. Mustermann" / "Welcome, Dr. Mustermann": an English greeting uses Mr or Ms
    only without an academic title. Without a salutation on file the full name, if there is one (a
    non-customer gives only a name at registration, A3: "Willkommen, Nora Neumann"), else no name."""
    found, locale = await person(request), request.locale
    title = TITLES.get(found.title) if found and found.title else None
    if found is None or not found.last_name:
        return [{"text": translate("Willkommen in Ihrem Kundenportal", locale)}]
    if found.salutation not in ("Frau", "Herr"):
        if not found.first_name:
            return [{"text": translate("Willkommen in Ihrem Kundenportal", locale)}]
        name = " ".join(part for part in (title, found.first_name, found.last_name) if part)
        return [{"text": translate("Willkommen, {name}", locale, name=name)}]
    if title:
        greeting = (
            N_("Willkommen, Frau {title} {name}")
            if found.salutation == "Frau"
            else N_("Willkommen, Herr {title} {name}")
        )
    else:
        greeting = (
            N_("Willkommen, Frau {name}") if found.salutation == "Frau" else N_("Willkommen, Herr {name}")
        )
    return [{"text": translate(greeting, locale, title=title, name=found.last_name)}]


@presenter("contract_cards", leads_to=_to_contract)
async def contract_cards(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B1/B3: every contract the customer sees, the special contract first (B4)."""
    contracts = await visible_contracts(request)
    limit = spec.args.get("limit")
    chosen = contracts[:limit] if isinstance(limit, int) else contracts
    return [contract_card(contract, request.locale) for contract in chosen]


def _to_external_contract(spec: ComponentSpec) -> list[m.ActionBase]:
    return [m.Navigate(kind="navigate", screen="external_contract", params={"id": "any"})]


@presenter("external_contract_cards", may_be_empty=True, leads_to=_to_external_contract)
async def external_contract_cards(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B5: the contracts with other insurers the customer added, marked as external."""
    locale = request.locale
    cards = []
    for row in await external_contracts(request):
        line, frequency = up.Line(row.line), up.PaymentFrequency(row.payment_frequency)
        premium = format_money(row.premium, "EUR", locale)
        cards.append(
            {
                "key": row.id,
                "contract_id": external_contract_global_id(row),
                "title": row.product or pick(LINE_LABELS[line], locale),
                "subtitle": row.insurer,
                "policy_number": row.policy_number,
                "line_label": pick(LINE_LABELS[line], locale),
                "premium": f"{premium} {pick(PAYMENT_FREQUENCY_LABELS[frequency], locale)}",
                "expiry": format_day(row.renewal_date, locale) if row.renewal_date else None,
                "external": True,
                "action": m.Navigate(
                    kind="navigate",
                    screen="external_contract",
                    params={"id": external_contract_global_id(row)},
                ),
            }
        )
    return cards


@presenter("external_contract_delete")
async def external_contract_delete(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B5: delete the external contract on screen after a question, then back to the overview."""
    row = await screen_external_contract(request)
    name = f"{row.insurer} {row.policy_number}"
    return [
        {
            "action": m.RunMutation(
                kind="run_mutation",
                mutation="deleteExternalContract",
                input={"id": external_contract_global_id(row)},
                confirm=localized("Den Fremdvertrag {name} löschen?", name=name),
                afterwards=m.Navigate(kind="navigate", screen="contracts"),
            )
        }
    ]


@presenter("special_contract", may_be_empty=True, leads_to=_to_contract)
async def special_contract(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B4: the Mitglieder-Schutzbrief, emphasised on the overview."""
    special = spec.args.get("special", "MITGLIEDER_SCHUTZBRIEF")
    for contract in await visible_contracts(request):
        if contract.special == special:
            card = contract_card(contract, request.locale)
            card.pop("key")
            return [{**card, "title": card["title"], "text": card["premium"]}]
    return []


@presenter("postbox_badge")
async def postbox_badge(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    unread = len(await unread_documents(request))
    subtitle = (
        translate("1 neues Dokument", request.locale)
        if unread == 1
        else translate("{count} neue Dokumente", request.locale, count=unread)
    )
    return [{"badge": unread or None, "subtitle": subtitle if unread else None}]


@presenter("agent_card", may_be_empty=True)
async def agent_card(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """F1: tap-to-call, a message with the agent preset, an appointment request, a route."""
    agent = await request.once("agent", lambda: resolve_agent(scope=request.scope))
    if agent is None:
        return []
    customer = await person(request)
    address = agent.address
    return [
        {
            "name": f"{agent.first_name} {agent.last_name}",
            "agency_name": agent.agency_name,
            "phone": format_phone(agent.phone),
            "email": agent.email,
            "address_lines": [
                f"{address.street} {address.house_number}",
                f"{address.postal_code} {address.city}",
            ],
            "actions": [
                m.Call(kind="call", phone=agent.phone, label=localized("Anrufen")),
                m.ComposeMessage(
                    kind="compose_message",
                    category="CONTRACT_ADVICE",
                    label=localized("Nachricht schreiben"),
                ),
                m.ComposeMessage(
                    kind="compose_message",
                    category="APPOINTMENT",
                    subject=localized(APPOINTMENT_SUBJECT),
                    label=localized("Termin vereinbaren"),
                ),
                m.Route(
                    kind="route",
                    url=route_link(customer.address if customer else None, address),
                    label=localized("Route planen"),
                ),
            ],
        }
    ]


@presenter("offers", may_be_empty=True)
async def offers(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """F2: the CRM's sales impulses, most relevant first."""
    first = int(spec.args.get("limit", 3))
    impulses = await resolve_sales_impulses(first=first, scope=request.scope)
    return [
        {
            "key": impulse.id,
            "title": upstream_text(impulse.title, request.locale),
            "text": upstream_text(impulse.text, request.locale),
            "action": m.ComposeMessage(
                kind="compose_message",
                category="OFFER",
                subject=localized(
                    "Interesse: {impulse_title}", impulse_title=partial(upstream_text, impulse.title)
                ),
                label=localized("Beraten lassen"),
            ),
        }
        for impulse in impulses
    ]


@presenter("campaign_banner", may_be_empty=True)
async def campaign_banner(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """F3: the Gewinnspiel (ident level 2): the invitation to take part, or afterwards what taking part
    brought, the voucher's code or the entry into the yearly draw and its day."""
    return [
        {
            "key": entry.campaign.id,
            "title": upstream_text(entry.campaign.title, request.locale),
            **_campaign_state(entry, request.locale),
        }
        for entry in await running_campaigns(request)
    ]


def _campaign_state(entry: PersonCampaign, locale: str) -> Props:
    campaign, taken = entry.campaign, entry.participation
    if taken is None:
        return {
            "text": upstream_text(campaign.text, locale),
            "action": m.RunMutation(
                kind="run_mutation",
                mutation="joinCampaign",
                input={"campaignId": campaign.id, "acceptTerms": True},
                label=localized("Jetzt teilnehmen"),
                confirm=localized("Ich akzeptiere die Teilnahmebedingungen."),
            ),
        }
    text = translate(OUTCOME_MESSAGES[taken.outcome], locale, code=taken.voucher_code or "")
    if taken.outcome is up.CampaignOutcome.ENTERED:
        draw = translate("Die Verlosung ist am {day}.", locale, day=format_day(campaign.draw_on, locale))
        text = f"{text} {draw}"
    return {"text": text}


_SETUP_STEPS: dict[SetupStep, tuple[Localized, m.Navigate | m.OpenForm]] = {
    SetupStep.PASSWORD_CHANGE: (
        localized("Eigenes Passwort vergeben"),
        m.Navigate(kind="navigate", screen="password_change"),
    ),
    SetupStep.SECOND_FACTOR: (
        localized("Zweiten Faktor einrichten"),
        m.Navigate(kind="navigate", screen="profile", params={"focus": "security"}),
    ),
    SetupStep.DELIVERY_CONSENT: (
        localized("Zustellweg wählen (Papierverzicht)"),
        m.Navigate(kind="navigate", screen="profile", params={"focus": "delivery"}),
    ),
}


@presenter("setup_checklist")
async def setup_checklist(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """A9: the first-login assistant; hidden once every step is done. `items` serve clients that get
    the list.items/1 fallback."""
    steps = await setup_steps(request)
    if all(steps.values()):
        return []
    items = [
        {"id": step.value, "title": _SETUP_STEPS[step][0], "done": done, "action": _SETUP_STEPS[step][1]}
        for step, done in steps.items()
    ]
    done_label = localized("Erledigt")
    rows = [
        {
            "id": item["id"],
            "title": item["title"],
            "badge": done_label if item["done"] else None,
            "action": item["action"],
        }
        for item in items
    ]
    return [{"steps": items, "items": rows}]
