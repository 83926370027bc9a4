"""Issue 7 acceptance: a whole customer journey (sign-in with password and authenticator code, bank
change confirmed with a step-up, ARK certificate, both delivered by the outbox worker) leaves no name,
email, IBAN, token, TOTP secret or code, and no password in any log line: neither in the records as
logged (every logger at DEBUG, the simulator's and httpx's too) nor in the JSON lines `bff serve` writes."""

from __future__ import annotations

import base64
import json
import logging
import re
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from bff.auth.passwords import hash_password
from bff.db.models import Account
from bff.simulator.app import Simulator
from bff.simulator.db import BankAccountRow, PersonRow
from tests.conftest import Client
from tests.factories import app_state
from tests.support.bank import Customer, deliver
from tests.support.customers import clone_customer
from tests.support.logs import json_log_lines, parsed
from tests.support.otp import enrol_totp
from tests.test_ark_certificate import ark_contract_id, berlin_today, request_certificate, trip_input

LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on LoginSuccess { token } ... on SecondFactorRequired { challengeId } } }"""
VERIFY = """mutation($c: String!, $code: String!) { verifySecondFactor(challengeId: $c, code: $code) {
  __typename ... on LoginSuccess { token } } }"""
CONTRACTS = "{ viewer { firstName lastName contracts { id } bankAccounts { iban } } }"
OLD_IBAN = "DE02120300000000202051"
NEW_IBAN = "DE02500105170137075030"
LOGGERS = ("", "bff", "bff.simulator", "httpx", "httpcore", "uvicorn", "strawberry", "asyncio")
RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def spaced(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


async def private_customer(app: Any, simulator: Simulator, *, password: str) -> tuple[Any, dict[str, str]]:
    """A clone of Erika (ARK contract, several companies) with names, email and IBAN found nowhere
    else, so any of them in a log line can only come from this journey."""
    tag = uuid.uuid4().hex[:6]
    person = {
        "first_name": f"Quirinella{tag}",
        "last_name": f"Obsweiler{tag}",
        "name_key": f"obsweiler{tag}",
    }
    account = await clone_customer(app, simulator, like="100001", **person)
    email = f"quirinella.{tag}@beispiel-privat.example"
    async with simulator.sessionmaker() as session:
        await session.execute(
            update(PersonRow)
            .where(PersonRow.id == account.person_id)
            .values(communications=[{"id": f"{tag}-k1", "kind": "EMAIL", "value": email, "preferred": True}])
        )
        session.add(
            BankAccountRow(
                id=f"ba-{tag}",
                person_id=account.person_id,
                iban=OLD_IBAN,
                bic="BYLADEM1001",
                bank_name="Deutsche Kreditbank Berlin",
                holder_name=f"{person['first_name']} {person['last_name']}",
            )
        )
        await session.commit()
    async with app_state(app).db.session() as session:
        await session.execute(
            update(Account)
            .where(Account.id == account.id)
            .values(email=email, password_hash=await hash_password(password))
        )
        await session.commit()
    return account, {**person, "email": email}


def formatted_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Each record as logged: message with its arguments, traceback, and every extra field."""
    lines = []
    for record in caplog.records:
        extras = {key: value for key, value in vars(record).items() if key not in RECORD_FIELDS}
        lines.append(f"{record.getMessage()} {record.exc_text or ''} {json.dumps(extras, default=str)}")
    return lines


def leaks(lines: list[str], secrets: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for what, secret in secrets.items():
        pattern = re.compile(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", re.IGNORECASE)
        found += [(what, line) for line in lines if pattern.search(line)]
    return found


async def test_a_whole_journey_logs_no_personal_data_or_secrets(
    client: Client, app: Any, services_open: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    password = f"Leise-Elster-{uuid.uuid4().hex[:6]}"
    account, person = await private_customer(app, services_open, password=password)
    await deliver(
        app
    )  # what earlier tests left in the shared outbox, so the deliveries below are this journey's
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    tokens: list[str] = []
    codes: list[str] = []
    with json_log_lines(logging.DEBUG) as buffer:
        # sign in with the password, switch the authenticator on, sign in again with both factors
        await client.login(account.customer_number, password)
        tokens.append(str(client.token))
        authenticator = await enrol_totp(client, password)
        await client.execute("mutation { logout { ok } }")
        client.token = None
        challenge = (await client.execute(LOGIN, {"n": account.customer_number, "p": password}))["data"]
        assert challenge["login"]["__typename"] == "SecondFactorRequired"
        codes.append(authenticator.next_code())
        verified = await client.execute(VERIFY, {"c": challenge["login"]["challengeId"], "code": codes[-1]})
        assert verified["data"]["verifySecondFactor"]["__typename"] == "LoginSuccess"
        client.token = verified["data"]["verifySecondFactor"]["token"]
        tokens.append(str(client.token))

        viewer = (await client.execute(CONTRACTS))["data"]["viewer"]
        assert viewer["lastName"] == person["last_name"]
        assert [a["iban"] for a in viewer["bankAccounts"]] == [OLD_IBAN]

        # the bank change, confirmed with a step-up (a recovery code: this step's TOTP code is spent)
        customer = Customer(
            client=client,
            authenticator=authenticator,
            person_id=account.person_id,
            contracts=viewer["contracts"],
            codes_used=1,
        )
        everything = [contract["id"] for contract in viewer["contracts"]]
        accepted = await customer.change(spaced(NEW_IBAN), debit=everything)
        assert accepted["__typename"] == "BankChangeAccepted", accepted
        tokens.append(str(client.token))
        codes.append(authenticator.recovery_codes[0])
        assert (await deliver(app)).delivered == 1

        # the ARK certificate, rendered, filed into the postbox and announced by mail
        contract_id = await ark_contract_id(client)
        ark = await request_certificate(client, trip_input(contract_id, today=berlin_today()))
        assert ark["__typename"] == "ArkCertificateAccepted", ark
        assert (await deliver(app)).delivered == 1
        assert NEW_IBAN in {a["iban"] for a in await customer.bank_accounts()}

    json_lines = parsed(buffer)
    raw = formatted_records(caplog)
    # the capture works: it sees this journey's requests, deliveries and mails
    assert sum(1 for line in json_lines if line["logger"] == "bff.access" and line["request_id"]) >= 10
    assert sum(" delivered" in line["message"] for line in json_lines) >= 2
    assert any("mail kept in the dev mailbox" in line for line in raw)
    assert any("HTTP Request" in line for line in raw), "httpx logs at DEBUG too"

    secrets = {
        "first name": person["first_name"],
        "last name": person["last_name"],
        "email": person["email"],
        "old IBAN": OLD_IBAN,
        "old IBAN, spaced": spaced(OLD_IBAN),
        "new IBAN": NEW_IBAN,
        "new IBAN, spaced": spaced(NEW_IBAN),
        "password": password,
        "TOTP secret": base64.b32encode(authenticator.key).decode().rstrip("="),
        **{f"token {n}": token for n, token in enumerate(tokens)},
        **{f"code {n}": code for n, code in enumerate(codes)},
    }
    assert leaks(raw, secrets) == []
    assert leaks([json.dumps(line, ensure_ascii=False) for line in json_lines], secrets) == []
