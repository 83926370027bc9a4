"""Ident levels that mean something (issue 18): registered online (level 1) a customer reads contracts,
documents and claims with IBANs masked; bank, address and contact changes and partner grants need the
postal ident code (level 2). The same customer at level 2 changes the bank account."""

from __future__ import annotations

import json
import re
from typing import Any

from bff.simulator.app import Simulator
from tests.conftest import Client
from tests.factories import app_state, create_account
from tests.support.bank import CONTRACTS, Customer
from tests.support.otp import enrol_totp

FULL_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?\d{4}){4,}")
READ = """{ viewer { identLevel bankAccounts { iban ibanMasked }
  contracts { id policyNumber facts { label value }
    details { ... on SavingsDetails { transactions { text } } } } } }"""
REQUEST_CODE = "mutation { requestIdentCode { __typename } }"
CONFIRM_CODE = """mutation($c: String!) { confirmIdentCode(code: $c) { __typename
  ... on IdentConfirmed { identLevel token } } }"""
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
ADDRESS = """mutation($k: String!) { changeAddress(input: {street: "Lindenweg", houseNumber: "3",
  postalCode: "50667", city: "Köln", country: "DE", idempotencyKey: $k}) { __typename
  ... on PostalIdentRequired { message messageEn } } }"""
GRANT = """mutation { grantPartnerAccess(partnerId: "1", scopes: [CONTRACTS_READ]) { __typename } }"""


def letter_code(app: Any, customer_number: str) -> str:
    letters = [e for e in app_state(app).postal.entries() if customer_number in e.body]
    match = CODE.search(letters[-1].body)
    assert match, letters[-1].body
    return match.group(0)


async def test_level_1_reads_masked_and_changes_nothing_until_the_postal_code(
    web: Client, mail_app: Any, services_open: Simulator
) -> None:
    account = await create_account(mail_app, like="100001", ident_level=1)  # Erika: savings with payout
    await web.login(account.customer_number)
    customer = Customer(
        client=web,
        authenticator=await enrol_totp(web),
        person_id=account.person_id,
        contracts=(await web.execute(CONTRACTS))["data"]["viewer"]["contracts"],
    )
    level_1 = (await web.execute(READ))["data"]["viewer"]
    contract = customer.contracts[0]["id"]
    refused = await customer.change("DE89370400440532013000", debit=[contract])  # even with a valid TAN
    address = (await web.execute(ADDRESS, {"k": "ident-test-address"}))["data"]["changeAddress"]
    grant = (await web.execute(GRANT))["data"]["grantPartnerAccess"]

    assert level_1["identLevel"] == 1 and level_1["contracts"], "level 1 reads every visible contract"
    assert all(a["iban"] == a["ibanMasked"] and "*" in a["iban"] for a in level_1["bankAccounts"])
    facts = json.dumps(level_1["contracts"], ensure_ascii=False)  # facts and savings booking texts
    assert "Referenzkonto DE" in facts and "****" in facts and not FULL_IBAN.search(facts)
    assert refused["__typename"] == "PostalIdentRequired", refused
    assert address["__typename"] == "PostalIdentRequired" and "Ident-Code" in address["message"]
    assert grant["__typename"] == "PostalIdentRequired"

    assert (await web.execute(REQUEST_CODE))["data"]["requestIdentCode"]["__typename"] == "IdentCodeRequested"
    confirmed = await web.execute(CONFIRM_CODE, {"c": letter_code(mail_app, account.customer_number)})
    web.token = confirmed["data"]["confirmIdentCode"]["token"]

    level_2 = (await web.execute(READ))["data"]["viewer"]
    accepted = await customer.change("DE89370400440532013000", debit=[contract])
    assert level_2["identLevel"] == 2
    assert all("*" not in a["iban"] and FULL_IBAN.search(a["iban"]) for a in level_2["bankAccounts"])
    assert not FULL_IBAN.search(json.dumps(level_2["contracts"])), "texts show the masked IBAN at any level"
    assert accepted["__typename"] == "BankChangeAccepted", accepted
