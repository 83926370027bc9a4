"""The SMS gateway (seed 001, E2): the provider adapter speaks its documented JSON contract over real
HTTP, refuses loudly when the provider does, and development keeps SMS in the dev mailbox beside the
mails — never in production, where no provider means no SMS at all."""

from __future__ import annotations

from typing import Any

import pytest

from bff.mail.dev_mailbox import DevMailbox
from bff.settings import Environment, Settings
from bff.simulator.app import Simulator
from bff.sms import HttpSmsGateway, Sms, SmsNotSent, create_sms_gateway, masked_number
from tests.factories import app_state
from tests.support.mail import client_of, running_app
from tests.support.sms import sms_provider

PROD_SECRET = "a-long-random-production-secret-for-the-tests-only"


async def test_the_provider_receives_the_documented_json_post() -> None:
    with sms_provider() as provider:
        gateway = HttpSmsGateway(Settings(sms_url=provider.url, sms_token="t0k3n", sms_sender="Versich"))
        try:
            await gateway.send_sms(Sms(kind="step-up-tan", to="+4915112345678", text="Ihre TAN: 123456"))
        finally:
            await gateway.close()
    assert provider.received == [
        {"from": "Versich", "to": "+4915112345678", "text": "Ihre TAN: 123456", "reference": "step-up-tan"}
    ]
    (headers,) = provider.headers
    assert headers["Authorization"] == "Bearer t0k3n"
    assert headers["Content-Type"] == "application/json"
    assert len(headers["Idempotency-Key"]) == 32


async def test_a_refusing_or_stalling_provider_raises_instead_of_dropping() -> None:
    with sms_provider() as provider:
        gateway = HttpSmsGateway(Settings(sms_url=provider.url, sms_timeout_seconds=0.3))
        try:
            provider.status = 503
            with pytest.raises(SmsNotSent):
                await gateway.send_sms(Sms(kind="claim-status", to="+4915112345678", text="x"))
            provider.status, provider.delay_seconds = 202, 1.0
            with pytest.raises(SmsNotSent):
                await gateway.send_sms(Sms(kind="claim-status", to="+4915112345678", text="x"))
        finally:
            await gateway.close()
        assert "Authorization" not in provider.headers[0]  # no token configured, no header


def test_without_a_provider_production_has_no_sms_and_development_the_dev_mailbox() -> None:
    mailbox = DevMailbox()
    assert create_sms_gateway(Settings(), mailbox) is mailbox
    production = Settings(environment=Environment.PROD, secret_key=PROD_SECRET)
    assert create_sms_gateway(production, mailbox) is None
    configured = create_sms_gateway(production.model_copy(update={"sms_url": "http://sms.example/"}), mailbox)
    assert isinstance(configured, HttpSmsGateway)


def test_a_shown_number_keeps_country_code_and_last_two_digits() -> None:
    assert masked_number("+4915112345678") == "+49•••••••••78"


async def test_the_dev_mailbox_shows_sms_beside_the_mails(app: Any) -> None:
    state = app_state(app)
    assert state.sms is state.mailer  # neither SMTP nor a provider: one dev mailbox
    assert state.sms is not None
    await state.sms.send_sms(Sms(kind="test-sms", to="+4915100000001", text="Hallo <Welt>"))
    async with client_of(app) as client:
        listed = (await client.http.get("/dev/mailbox.json")).json()
        page = (await client.http.get("/dev/mailbox")).text
    assert {"channel": "sms", "kind": "test-sms", "to": "+4915100000001", "body": "Hallo <Welt>"}.items() <= (
        listed[0].items()
    )
    assert "📱 SMS" in page and "Hallo &lt;Welt&gt;" in page


async def test_with_smtp_and_a_provider_there_is_no_dev_mailbox(
    settings: Settings, simulator: Simulator
) -> None:
    with sms_provider() as provider:
        changes = {"smtp_host": "127.0.0.1", "sms_url": provider.url}
        async with (
            running_app(settings, simulator, **changes) as application,
            client_of(application) as client,
        ):
            assert isinstance(app_state(application).sms, HttpSmsGateway)
            assert (await client.http.get("/dev/mailbox.json")).status_code == 404
