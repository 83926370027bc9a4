"""The SMS provider adapter: one generic JSON POST per message, so any provider (or a small relay in
front of it) that accepts this contract can be plugged in with `BFF_SMS_*` settings.

    POST {BFF_SMS_URL}
    Authorization: Bearer {BFF_SMS_TOKEN}          (omitted when the token is empty)
    Content-Type: application/json
    Idempotency-Key: <random per message>
    {"from": BFF_SMS_SENDER, "to": "+4915112345678", "text": "…", "reference": "step-up-tan"}

Any 2xx answer means accepted; anything else, a time-out or a connection error raises SmsNotSent.
No retries here: a TAN is asked for again by the customer, a notice by the next worker round."""

from __future__ import annotations

import logging
import uuid

import httpx

from bff.settings import Settings
from bff.sms.base import Sms, SmsNotSent

log = logging.getLogger(__name__)


class HttpSmsGateway:
    def __init__(self, settings: Settings) -> None:
        self.url = settings.sms_url
        self.sender = settings.sms_sender
        headers = {"Authorization": f"Bearer {settings.sms_token}"} if settings.sms_token else {}
        self._client = httpx.AsyncClient(
            headers=headers,
            timeout=httpx.Timeout(settings.sms_timeout_seconds, connect=settings.sms_connect_timeout_seconds),
        )

    async def send_sms(self, sms: Sms) -> None:
        body = {"from": self.sender, "to": sms.to, "text": sms.text, "reference": sms.kind}
        try:
            response = await self._client.post(
                self.url, json=body, headers={"Idempotency-Key": uuid.uuid4().hex}
            )
        except httpx.HTTPError as error:
            log.error("sms %s not sent: %s", sms.kind, type(error).__name__)
            raise SmsNotSent(type(error).__name__) from error
        if not response.is_success:
            log.error("sms %s not sent: provider answered %d", sms.kind, response.status_code)
            raise SmsNotSent(f"HTTP {response.status_code}")
        log.info("sms sent: %s", sms.kind)

    async def close(self) -> None:
        await self._client.aclose()
