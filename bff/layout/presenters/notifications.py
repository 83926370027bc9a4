"""E2 notices: the claim status channels with the tap that switches each, and the mobile number SMS go
to (only once confirmed, seed 001)."""

from __future__ import annotations

from bff.layout import models as m
from bff.layout.models import ComponentSpec, Localized
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry, tr
from bff.layout.request import LayoutRequest
from bff.layout.views import notification_settings as _settings


@presenter("claim_notice_settings")
async def claim_notice_settings(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    locale, found = request.locale, await _settings(request)
    if found is None:
        return []
    current = {
        "claimStatusByEmail": found.claim_status_by_email,
        "claimStatusBySms": found.claim_status_by_sms,
    }
    titles = {
        "claimStatusByEmail": tr(locale, "Schadenstatus per E-Mail", "Claim status by email"),
        "claimStatusBySms": tr(locale, "Schadenstatus per SMS", "Claim status by SMS"),
    }
    sms_possible = found.sms_available and found.mobile_confirmed
    items = []
    for name, on in current.items():
        switchable = on or name == "claimStatusByEmail" or sms_possible
        if name == "claimStatusBySms" and not switchable:
            subtitle = tr(
                locale,
                "Bitte bestätigen Sie zuerst Ihre Mobilnummer.",
                "Please confirm your mobile number first.",
            )
        else:
            subtitle = tr(locale, "Eingeschaltet", "On") if on else tr(locale, "Ausgeschaltet", "Off")
        item: Props = {"id": name, "title": titles[name], "subtitle": subtitle}
        if switchable:
            item["action"] = m.RunMutation(
                kind="run_mutation",
                mutation="changeNotificationSettings",
                input={**current, name: not on},
                label=Localized(de="Ausschalten", en="Switch off")
                if on
                else Localized(de="Einschalten", en="Switch on"),
            )
        items.append(item)
    return [{"items": items}]


@presenter("notification_channels")
async def notification_channels(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    locale, found = request.locale, await _settings(request)
    if found is None:
        return []
    none = tr(locale, "nicht hinterlegt", "none on file")
    if found.mobile is None:
        mobile = none
    elif found.mobile_confirmed:
        mobile = f"{found.mobile} ({tr(locale, 'bestätigt', 'confirmed')})"
    else:
        mobile = f"{found.mobile} ({tr(locale, 'nicht bestätigt', 'not confirmed')})"
    return [
        {
            "entries": [
                entry(tr(locale, "E-Mail-Adresse", "Email address"), found.email or none),
                entry(tr(locale, "Mobilnummer", "Mobile number"), mobile),
            ]
        }
    ]
