"""The account's own screens (issue 19): second factors, sessions and security events (`security`), the
sign-in email (`communication_data`), the withdrawal period (`delete_account`), partner grants
(`partner_access`) and the customer's service requests (`service_requests`). Every action is the API's own
mutation, with its step-up rules; the rows only say what the mutation needs."""

from __future__ import annotations

from bff.auth.security_events import AUDIT_ACTIONS, DESCRIPTIONS
from bff.backends import models as up
from bff.db.models import ServiceRequestRecord
from bff.i18n import N_, translate
from bff.layout import models as m
from bff.layout.models import ComponentSpec, localized
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry, moment
from bff.layout.request import LayoutRequest
from bff.outbox.failures import reason_of
from bff.outbox.kinds import TITLES
from bff.outbox.requests import OutboxStatus
from bff.partners.grants import is_live
from bff.resolvers.customer import resolve_account
from bff.resolvers.lifecycle import resolve_withdrawal_deadline
from bff.resolvers.partners import resolve_partner_grants, resolve_partners
from bff.resolvers.passkeys import resolve_passkeys
from bff.resolvers.security import resolve_second_factor_enabled, resolve_security_events
from bff.resolvers.services import resolve_service_requests
from bff.resolvers.sessions import resolve_sessions

PLATFORMS = {
    "WEB": N_("Browser"),
    "IOS": N_("iOS-App"),
    "ANDROID": N_("Android-App"),
    "KIOSK": N_("Kiosk-Terminal"),
}
STATES = {
    OutboxStatus.ACCEPTED: N_("Angenommen"),
    OutboxStatus.DELIVERED: N_("Weitergegeben"),
    OutboxStatus.FAILED: N_("Abgelehnt"),
    OutboxStatus.ROUTED_TO_CLERK: N_("Beim Sachbearbeiter"),
    OutboxStatus.REJECTED: N_("Abgelehnt (Sachbearbeiter)"),
    OutboxStatus.CANCELLED: N_("Zurückgezogen"),
}
SCOPES = {
    "contracts:read": N_("Verträge"),
    "bank:read": N_("Bankverbindungen"),
    "documents:read": N_("Dokumente"),
    "claims:read": N_("Schäden"),
}
SERVICE_REQUESTS_SHOWN = 50


@presenter("factor_items")
async def factor_items(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """A5: the authenticator app and each passkey, each with "remove" (a step-up, then every other session
    ends); setting one up is the profile's (the reference client's panels)."""
    locale = request.locale
    items: list[Props] = []
    if await resolve_second_factor_enabled(scope=request.scope):
        items.append(
            {
                "id": "totp",
                "title": translate("Authenticator-App", locale),
                "subtitle": translate("eingerichtet", locale),
                "action": m.RunMutation(
                    kind="run_mutation",
                    mutation="removeTotp",
                    label=localized("Entfernen"),
                    confirm=localized("Authenticator-App entfernen? Ihre anderen Sitzungen werden beendet."),
                ),
            }
        )
    for passkey in await resolve_passkeys(scope=request.scope):
        used = moment(passkey.last_used_at, locale) if passkey.last_used_at else "–"
        items.append(
            {
                "id": f"passkey-{passkey.id}",
                "title": translate("Passkey „{name}“", locale, name=passkey.name),
                "subtitle": translate("Zuletzt benutzt: ", locale) + used,
                "action": m.RunMutation(
                    kind="run_mutation",
                    mutation="removePasskey",
                    input={"id": str(passkey.id)},
                    label=localized("Entfernen"),
                    confirm=localized("Diesen Passkey entfernen? Ihre anderen Sitzungen werden beendet."),
                ),
            }
        )
    empty = translate("Noch kein zweiter Faktor eingerichtet.", locale)
    return [{"items": items, "empty_text": empty}]


@presenter("session_items")
async def session_items(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """ASVS 7.5.2: every signed-in device, this one marked; the others can be ended."""
    locale, current = request.locale, request.scope.viewer.session_id
    sessions = sorted(await resolve_sessions(scope=request.scope), key=lambda s: s.last_seen_at, reverse=True)
    items = []
    for session in sessions:
        this = session.session_id == current
        subtitle = translate("Angemeldet: ", locale) + moment(session.created_at, locale)
        if session.client_address:
            subtitle += f" · {session.client_address}"
        items.append(
            {
                "id": session.session_id[:12],
                "title": translate(PLATFORMS.get(session.platform, session.platform), locale),
                "subtitle": subtitle,
                "trailing": moment(session.last_seen_at, locale),
                "badge": translate("Diese Sitzung", locale) if this else None,
                "action": None
                if this
                else m.RunMutation(
                    kind="run_mutation",
                    mutation="endSession",
                    input={"id": session.session_id},
                    label=localized("Abmelden"),
                ),
            }
        )
    return [{"items": items}]


@presenter("security_event_items", may_be_empty=True)
async def security_event_items(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """Issue 18: what happened to the account's security, newest first (each also sent a notice mail)."""
    locale = request.locale
    items = []
    for index, event in enumerate(await resolve_security_events(scope=request.scope)):
        kind = AUDIT_ACTIONS[event.action]
        items.append(
            {
                "id": str(index),
                "title": translate(DESCRIPTIONS[kind], locale),
                "subtitle": event.client_address,
                "trailing": moment(event.at, locale),
            }
        )
    return [{"items": items, "empty_text": translate("Keine Ereignisse.", locale)}]


@presenter("sign_in_email")
async def sign_in_email(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D4: the account's own address (activation, reset and notice mails), and one waiting to be confirmed."""
    locale = request.locale
    account = await resolve_account(scope=request.scope)
    if account is None:
        return []
    entries = [entry(translate("E-Mail für Ihren Zugang", locale), account.email or "–")]
    if account.pending_email:
        entries.append(entry(translate("Wartet auf Bestätigung", locale), account.pending_email))
    return [{"entries": entries}]


@presenter("withdrawal_facts")
async def withdrawal_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """A7: a withdrawal (Widerruf) is possible for 14 days after accepting the terms."""
    locale = request.locale
    deadline = await resolve_withdrawal_deadline(scope=request.scope)
    value = moment(deadline, locale) if deadline else translate("nicht mehr möglich (14 Tage vorbei)", locale)
    return [{"entries": [entry(translate("Widerruf möglich bis", locale), value)]}]


@presenter("partner_grant_items", may_be_empty=True)
async def partner_grant_items(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """H2: each grant with what the partner may read, until when, its reads; live ones can be revoked."""
    locale, now = request.locale, request.scope.clock()
    items = []
    for found in await resolve_partner_grants(scope=request.scope):
        grant = found.grant
        live = is_live(grant, now=now)
        scopes = ", ".join(translate(SCOPES[scope], locale) for scope in grant.scopes if scope in SCOPES)
        if grant.revoked_at:
            state = translate("Widerrufen am ", locale) + moment(grant.revoked_at, locale)
        else:
            state = translate("Gültig bis ", locale) if live else translate("Abgelaufen am ", locale)
            state += moment(grant.expires_at, locale)
        reads = translate("{grant_read_count} Abrufe", locale, grant_read_count=grant.read_count)
        items.append(
            {
                "id": grant.id,
                "title": found.partner.name,
                "subtitle": f"{scopes} · {state}",
                "trailing": reads,
                "action": m.RunMutation(
                    kind="run_mutation",
                    mutation="revokePartnerAccess",
                    input={"grantId": grant.id},
                    label=localized("Widerrufen"),
                    confirm=localized("Zugriff dieses Vergleichsportals widerrufen?"),
                )
                if live
                else None,
            }
        )
    return [{"items": items, "empty_text": translate("Keine Freigaben.", locale)}]


@presenter("grantable_partners")
async def grantable_partners(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """H2: the comparison portals a grant may go to, as `grantPartnerAccess(partnerId:)` takes them."""
    return [
        {"value": str(partner.id), "label": partner.name}
        for partner in await resolve_partners(scope=request.scope)
    ]


def _service_request_item(record: ServiceRequestRecord, locale: str) -> Props:
    kind, status = up.ServiceRequestKind(record.kind), OutboxStatus(record.status)
    reason = reason_of(record)
    subtitle = translate(STATES[status], locale) + (f" · {reason[locale == 'en']}" if reason else "")
    resendable = status is OutboxStatus.FAILED and kind is up.ServiceRequestKind.INVOICE_SUBMISSION
    return {
        "id": record.id,
        "title": translate(TITLES[kind], locale),
        "subtitle": subtitle,
        "trailing": moment(record.created_at, locale),
        "action": m.RunMutation(
            kind="run_mutation",
            mutation="resendInvoiceSubmission",
            input={"requestId": record.id},
            label=localized("Erneut senden"),
        )
        if resendable
        else None,
    }


@presenter("service_request_items")
async def service_request_items(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """D1, D8: the customer's requests with state and, for a late refusal, the reason; a refused invoice
    submission can be sent again."""
    records = await resolve_service_requests(scope=request.scope, first=SERVICE_REQUESTS_SHOWN)
    empty = translate("Sie haben noch keine Aufträge erteilt.", request.locale)
    return [{"items": [_service_request_item(r, request.locale) for r in records], "empty_text": empty}]
