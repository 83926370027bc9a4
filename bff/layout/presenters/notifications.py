"""E2 notices: the claim status channels with the tap that switches each, and the mobile number SMS go
to (only once confirmed, seed 001)."""

from __future__ import annotations

from bff.i18n import translate
from bff.layout import models as m
from bff.layout.models import ComponentSpec, localized
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import entry
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
        "claimStatusByEmail": translate("Schadenstatus per E-Mail", locale),
        "claimStatusBySms": translate("Schadenstatus per SMS", locale),
    }
    sms_possible = found.sms_available and found.mobile_confirmed
    items = []
    for name, on in current.items():
        switchable = on or name == "claimStatusByEmail" or sms_possible
        if name == "claimStatusBySms" and not switchable:
            subtitle = translate("Bitte bestätigen Sie zuerst Ihre Mobilnummer.", locale)
        else:
            subtitle = translate("Eingeschaltet", locale) if on else translate("Ausgeschaltet", locale)
        item: Props = {"id": name, "title": titles[name], "subtitle": subtitle}
        if switchable:
            item["action"] = m.RunMutation(
                kind="run_mutation",
                mutation="changeNotificationSettings",
                input={**current, name: not on},
                label=localized("Ausschalten") if on else localized("Einschalten"),
            )
        items.append(item)
    return [{"items": items}]


@presenter("notification_channels")
async def notification_channels(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    locale, found = request.locale, await _settings(request)
    if found is None:
        return []
    none = translate("nicht hinterlegt", locale)
    if found.mobile is None:
        mobile = none
    else:  # no msgid inside an f-string: pybabel would not find it
        confirmed = found.mobile_confirmed
        state = translate("bestätigt", locale) if confirmed else translate("nicht bestätigt", locale)
        mobile = f"{found.mobile} ({state})"
    return [
        {
            "entries": [
                entry(translate("E-Mail-Adresse", locale), found.email or none),
                entry(translate("Mobilnummer", locale), mobile),
            ]
        }
    ]
