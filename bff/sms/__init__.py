"""Outgoing SMS (seed 001 TAN, E2 notices): the insurer's provider over HTTP, or the dev mailbox."""

from __future__ import annotations

import logging

from bff.settings import Settings
from bff.sms.base import Sms, SmsGateway, SmsNotSent, masked_number
from bff.sms.http import HttpSmsGateway

log = logging.getLogger(__name__)


def create_sms_gateway(settings: Settings, mailbox: SmsGateway) -> SmsGateway | None:
    """The HTTP provider when `BFF_SMS_URL` is set; else the dev mailbox outside production. In
    production without a provider there is none: SMS TAN and SMS notices are unavailable, never
    silently dropped."""
    if settings.sms_url:
        return HttpSmsGateway(settings)
    if settings.is_production:
        log.warning("BFF_SMS_URL is not set: SMS TAN and SMS notices are unavailable")
        return None
    return mailbox


__all__ = ["HttpSmsGateway", "Sms", "SmsGateway", "SmsNotSent", "create_sms_gateway", "masked_number"]
