"""A signed-in customer with an authenticator, and the bank change as the portal sends it (D1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from bff.outbox.worker import RoundReport, Worker
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.support.otp import Authenticator, enrol_totp, step_up

CHANGE = """mutation($input: ChangeBankAccountInput!) { changeBankAccount(input: $input) { __typename
  ... on BankChangeAccepted { request { id kind state title titleEn createdAt deliveredAt expectedDeliveryAt
      deliveryHint deliveryHintEn } ibanMasked bic bankName informedCompanies message messageEn }
  ... on RoutedToClerk { request { id state } message messageEn }
  ... on InvalidIban { reason message messageEn }
  ... on StepUpRequired { operation message payload }
  ... on ValidationFailed { fields { path message messageEn } }
  ... on IdempotencyKeyReused { message messageEn } } }"""
REQUESTS = """{ serviceRequests { id kind state title titleEn createdAt deliveredAt expectedDeliveryAt
  deliveryHint deliveryHintEn } }"""
CONTRACTS = "{ viewer { contracts { id policyNumber companyName } } }"
BANK_ACCOUNTS = (
    "{ viewer { bankAccounts { iban bic bankName holderName linkedContracts { usage contract { id } } } } }"
)


@dataclass
class Customer:
    client: Client
    authenticator: Authenticator
    person_id: str
    contracts: list[dict[str, Any]]
    codes_used: int = 0

    def code(self) -> str:
        """A second-factor code that works: TOTP codes work once per 30 s step, so then recovery codes."""
        self.codes_used += 1
        if self.codes_used == 1:
            return self.authenticator.next_code()
        return self.authenticator.recovery_codes[self.codes_used - 2]

    async def grant(self, fields: dict[str, Any]) -> str:
        return await step_up(self.client, "CHANGE_BANK_ACCOUNT", fields, self.code())

    async def change(
        self,
        iban: str,
        *,
        debit: list[str] | None = None,
        credit: list[str] | None = None,
        key: str | None = None,
        grant: str | None = "step-up",
        mandate: bool | None = None,
    ) -> dict[str, Any]:
        """Send the change; by default with a fresh step-up grant bound to exactly this input, and with the
        SEPA mandate's consent when premiums are to be collected (`mandate` False sends none)."""
        fields = {"iban": iban, "debitContractIds": debit or [], "creditContractIds": credit or []}
        if grant == "step-up":
            grant = await self.grant(fields)
        consent = bool(debit) if mandate is None else mandate
        variables = {
            "input": {
                **fields,
                "stepUpGrant": grant,
                "idempotencyKey": key or str(uuid.uuid4()),
                "sepaMandateConsent": consent,
            }
        }
        body = await self.client.execute(CHANGE, variables)
        assert "errors" not in body, body
        answer: dict[str, Any] = body["data"]["changeBankAccount"]
        return answer

    async def requests(self) -> list[dict[str, Any]]:
        body = await self.client.execute(REQUESTS)
        assert "errors" not in body, body
        found: list[dict[str, Any]] = body["data"]["serviceRequests"]
        return found

    async def bank_accounts(self) -> list[dict[str, Any]]:
        body = await self.client.execute(BANK_ACCOUNTS)
        assert "errors" not in body, body
        found: list[dict[str, Any]] = body["data"]["viewer"]["bankAccounts"]
        return found


async def signed_in_customer(client: Client, app: Any, *, like: str) -> Customer:
    """A fresh account reading demo or crowd customer `like`, with TOTP enrolled for the step-up."""
    account = await create_account(app, like=like)
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)
    contracts = (await client.execute(CONTRACTS))["data"]["viewer"]["contracts"]
    return Customer(
        client=client, authenticator=authenticator, person_id=account.person_id, contracts=contracts
    )


async def deliver(app: Any, **worker_options: Any) -> RoundReport:
    """What the outbox worker does in production, here explicitly (tests turn the in-process one off)."""
    return await Worker(app_state(app), **worker_options).run_until_idle()
