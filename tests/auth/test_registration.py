"""Registration (A1–A3, A7, A8), activation by emailed link over real SMTP, and ident level 2 by a code
sent by post (A2)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bff.app import create_app
from bff.db.models import Account, AccountToken
from bff.settings import Settings
from bff.simulator.app import Simulator
from tests.conftest import Client, query_file, unique
from tests.factories import app_state, create_account
from tests.layout.conftest import rendered
from tests.layout.queries import LAYOUT_QUERY, client_input
from tests.support.mail import SmtpSink, body, client_of, link_token, running_app

REGISTER = """mutation($input: RegistrationInput!) { register(input: $input) { __typename
  ... on RegistrationReceived { message messageEn }
  ... on WeakPassword { problems message messageEn }
  ... on InvalidMobileNumber { problem message messageEn }
  ... on RegistrationDataMismatch { message messageEn }
  ... on NonCustomersNotAccepted { message messageEn }
  ... on TooManyRequests { retryAfterSeconds } } }"""
ACTIVATE = """mutation($t: String!) { activateAccount(token: $t) { __typename
  ... on AccountActivated { customerNumber } ... on InvalidToken { message messageEn } } }"""
LOGIN = """mutation($n: String!, $p: String!) { login(customerNumber: $n, password: $p) {
  __typename ... on LoginSuccess { token } ... on LoginFailed { message messageEn } } }"""
REQUEST_CODE = """mutation { requestIdentCode { __typename
  ... on IdentCodeRequested { validUntil expectedOn message } ... on IdentCodeNotAvailable { message }
  ... on AlreadyIdentified { message } } }"""
CONFIRM_CODE = """mutation($c: String!) { confirmIdentCode(code: $c) { __typename
  ... on IdentConfirmed { identLevel token } ... on InvalidCode { message messageEn }
  ... on CodeExpired { message messageEn } ... on TooManyAttempts { message messageEn } } }"""
PASSWORD = "Blauer-Zug-faehrt-um-acht"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


async def policyholder(app: Any, customer_number: str) -> dict[str, Any]:
    """Registration data of a simulator customer without an account, read from the upstream systems."""
    backends = app_state(app).backends
    (person,) = await backends.partners.persons_by_customer_numbers([customer_number])
    contracts = await backends.policies.contracts_by_person_ids([person.id])
    policy = next(c.policy_number for c in contracts if c.holder_id == person.id)
    return {
        "lastName": person.last_name,
        "firstName": person.first_name,
        "birthDate": person.birth_date.isoformat() if person.birth_date else None,
        "email": f"{unique('reg')}@example.net",
        "mobile": "+49 151 23456789",
        "password": PASSWORD,
        "acceptTerms": True,
        "policyNumber": policy,
    }


def non_customer() -> dict[str, Any]:
    return {
        "lastName": "Neumann",
        "firstName": "Nora",
        "birthDate": "1990-01-02",
        "email": f"{unique('nc')}@example.net",
        "mobile": "0151 23456789",
        "password": PASSWORD,
        "acceptTerms": True,
    }


async def register(client: Client, data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = (await client.execute(REGISTER, {"input": data}))["data"]["register"]
    return result


async def test_register_with_policy_number_activate_by_mail_then_sign_in(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    data = await policyholder(mail_app, "200017")
    assert (await register(web, data))["__typename"] == "RegistrationReceived"

    (mail,) = sink.to(data["email"])
    text = body(mail)
    assert text.index("Guten Tag") < text.index("Hello"), "German first, English below"
    assert "/activate?token=" in text and "200017" not in text
    wrong = await web.execute(LOGIN, {"n": "200017", "p": "Falsches-Passwort-123"})
    pending = await web.execute(LOGIN, {"n": "200017", "p": PASSWORD})
    assert pending["data"]["login"]["__typename"] == "LoginFailed"
    assert pending["data"]["login"] == wrong["data"]["login"], "a pending account looks like a wrong password"

    token = link_token(mail)
    activated = await web.execute(ACTIVATE, {"t": token})
    assert activated["data"]["activateAccount"] == {
        "__typename": "AccountActivated",
        "customerNumber": "200017",
    }
    again = await web.execute(ACTIVATE, {"t": token})
    assert again["data"]["activateAccount"]["__typename"] == "InvalidToken", "the link works once"

    await web.login("200017", PASSWORD)
    viewer = (await web.execute("{ viewer { customerNumber lastName identLevel contracts { id } } }"))["data"]
    assert viewer["viewer"]["lastName"] == data["lastName"] and viewer["viewer"]["identLevel"] == 1
    assert viewer["viewer"]["contracts"], "a customer sees their contracts at once"
    async with app_state(mail_app).db.session() as session:
        account = await session.scalar(select(Account).where(Account.customer_number == "200017"))
    assert account is not None and account.terms_accepted_at is not None, "A7 counts from here"
    assert account.mobile == "+4915123456789" and account.is_customer


async def test_registering_again_answers_the_same_and_tells_only_the_owner(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    first = await policyholder(mail_app, "200018")
    second = first | {"email": f"{unique('intruder')}@example.net", "password": "Ganz-anderes-Passwort-9"}
    answer = await register(web, first)
    assert await register(web, second) == answer

    assert sink.to(second["email"]) == [], "nothing goes to the second address"
    activation, attempt = sink.to(first["email"])
    assert "jemand hat versucht" in body(attempt) and "someone tried" in body(attempt)
    assert (await web.execute(ACTIVATE, {"t": link_token(activation)}))["data"]["activateAccount"][
        "__typename"
    ] == "InvalidToken", "the fresh link in the second mail replaces the first"
    fresh = await web.execute(ACTIVATE, {"t": link_token(attempt)})
    assert fresh["data"]["activateAccount"]["customerNumber"] == "200018"
    failed = await web.execute(LOGIN, {"n": "200018", "p": second["password"]})
    assert failed["data"]["login"]["__typename"] == "LoginFailed", "the second registration changed nothing"
    # The account registered first may be a squatter's: a letter reaches the address on file (issue 18).
    letters = [e for e in app_state(mail_app).postal.entries() if "200018" in e.body]
    assert len(letters) == 1 and "Registrierung im Kundenportal versucht" in letters[0].body


async def test_policy_number_name_and_birth_date_must_fit_one_generic_answer(
    web: Client, mail_app: Any
) -> None:
    data = await policyholder(mail_app, "200019")
    answers = [
        await register(web, data | {"birthDate": "1900-01-01"}),
        await register(web, data | {"lastName": "Irgendwer"}),
        await register(web, data | {"policyNumber": "XX999999999"}),
    ]
    assert answers[0]["__typename"] == "RegistrationDataMismatch"
    assert answers[0] == answers[1] == answers[2]
    case_and_spaces = await register(web, data | {"lastName": f"  {data['lastName'].upper()} "})
    assert case_and_spaces["__typename"] == "RegistrationReceived"


async def test_non_customer_gets_a_new_number_and_an_empty_portal_without_upstream_calls(
    web: Client, sink: SmtpSink, simulator: Simulator
) -> None:
    data = non_customer()
    assert (await register(web, data))["__typename"] == "RegistrationReceived"
    (mail,) = sink.to(data["email"])
    number = (await web.execute(ACTIVATE, {"t": link_token(mail)}))["data"]["activateAccount"][
        "customerNumber"
    ]
    assert number.startswith("9") and len(number) == 8

    await web.login(number, PASSWORD)
    simulator.reset_stats()
    dashboard = await web.execute(query_file("dashboard.graphql"))
    assert "errors" not in dashboard, dashboard["errors"]
    viewer = dashboard["data"]["viewer"]
    assert viewer["customerNumber"] == number
    assert viewer["contracts"] == [] and viewer["bankAccounts"] == [] and viewer["salesImpulses"] == []
    assert viewer["postbox"]["unreadCount"] == 0 and viewer["agent"] is None
    assert all(figures["total"] == 0 for figures in simulator.stats().values()), simulator.stats()
    refused = (await web.execute(REQUEST_CODE))["data"]["requestIdentCode"]
    assert refused["__typename"] == "IdentCodeNotAvailable", "no code by post without a customer record"


async def test_a_non_customer_is_greeted_by_the_name_typed_at_registration(
    web: Client, sink: SmtpSink
) -> None:
    """The account is all the portal knows of a non-customer: the name they gave is not dropped. But not
    in the activation mail: whoever fills in the form chooses both the name and the address it goes to."""
    data = non_customer()
    assert (await register(web, data))["__typename"] == "RegistrationReceived"
    (mail,) = sink.to(data["email"])
    assert "Neumann" not in body(mail) and "Guten Tag," in body(mail) and "Hello," in body(mail)
    number = (await web.execute(ACTIVATE, {"t": link_token(mail)}))["data"]["activateAccount"][
        "customerNumber"
    ]
    await web.login(number, PASSWORD)
    viewer = (await web.execute("{ viewer { firstName lastName fullName } }"))["data"]["viewer"]
    assert viewer == {"firstName": "Nora", "lastName": "Neumann", "fullName": "Nora Neumann"}
    for locale, greeting in (("de", "Willkommen, Nora Neumann"), ("en", "Welcome, Nora Neumann")):
        variables = {"screen": "dashboard", "client": client_input("WEB", locale=locale)}
        layout = await web.execute(LAYOUT_QUERY, variables)
        assert greeting in [c.get("text") for c in rendered(layout)], rendered(layout)[:2]


async def test_a_portal_for_customers_only_refuses_non_customers(
    settings: Settings, simulator: Simulator
) -> None:
    async with (
        running_app(settings, simulator, allow_non_customers=False) as customers_only,
        client_of(customers_only) as client,
    ):
        answer = await register(client, non_customer())
    assert answer["__typename"] == "NonCustomersNotAccepted"
    assert "Versicherungsnummer" in answer["message"] and "policy number" in answer["messageEn"]


async def test_mobile_needs_a_schengen_country_code(web: Client) -> None:
    american = await register(web, non_customer() | {"mobile": "+1 202 555 0143"})
    assert american["__typename"] == "InvalidMobileNumber"
    assert american["problem"] == "OUTSIDE_SCHENGEN_AREA" and "Schengen" in american["message"]
    landline = await register(web, non_customer() | {"mobile": "+49 30 1234567"})
    assert landline["problem"] == "NOT_A_MOBILE_NUMBER"
    swiss = await register(web, non_customer() | {"mobile": "+41 79 123 45 67"})
    assert swiss["__typename"] == "RegistrationReceived", "Switzerland is in the Schengen area"


async def test_weak_passwords_are_refused_with_every_problem(
    web: Client, sink: SmtpSink, mail_app: Any
) -> None:
    data = await policyholder(mail_app, "200016")
    cases = {
        "Mein-Zugang-200016": ["CONTAINS_CUSTOMER_NUMBER"],
        f"{data['firstName']}-sagt-hallo-42": ["CONTAINS_NAME"],
        "Passwort123!": ["TOO_COMMON"],
        "Kurz-1": ["TOO_SHORT"],
        f"{data['firstName']}!1": ["TOO_SHORT", "CONTAINS_NAME"],
    }
    for password, problems in cases.items():
        answer = await register(web, data | {"password": password})
        assert answer["__typename"] == "WeakPassword", password
        assert answer["problems"] == problems, password
        assert answer["message"] and answer["messageEn"]
    assert sink.to(data["email"]) == [], "nothing is registered with a weak password"


async def test_too_many_registrations_from_one_address(web: Client) -> None:
    answers = [await register(web, non_customer() | {"acceptTerms": False}) for _ in range(11)]
    assert answers[-1]["__typename"] == "TooManyRequests" and answers[-1]["retryAfterSeconds"] > 0
    assert all(a["__typename"] != "TooManyRequests" for a in answers[:10])


async def _signed_in_at_level_1(app: Any, client: Client) -> Account:
    account = await create_account(app, like="100002", ident_level=1)
    await client.login(account.customer_number)
    return account


def _letter_code(app: Any, customer_number: str) -> str:
    letters = [
        e for e in app_state(app).postal.entries() if e.channel == "letter" and customer_number in e.body
    ]
    match = CODE.search(letters[0].body)
    assert match, letters[0].body
    assert "Becker" in letters[0].to, "addressed to the person and postal address on file"
    return match.group(0)


async def test_postal_code_raises_the_ident_level_of_account_and_session(web: Client, mail_app: Any) -> None:
    account = await _signed_in_at_level_1(mail_app, web)
    requested = (await web.execute(REQUEST_CODE))["data"]["requestIdentCode"]
    assert requested["__typename"] == "IdentCodeRequested"
    assert datetime.fromisoformat(requested["validUntil"]) > datetime.now(UTC) + timedelta(days=89)
    code = _letter_code(mail_app, account.customer_number)

    old_token = web.token
    typed = code.lower().replace("-", " ")
    confirmed = (await web.execute(CONFIRM_CODE, {"c": typed}))["data"]["confirmIdentCode"]
    assert confirmed["__typename"] == "IdentConfirmed" and confirmed["identLevel"] == 2
    web.token = confirmed["token"]
    assert (await web.execute("{ viewer { identLevel } }"))["data"]["viewer"]["identLevel"] == 2
    web.token = old_token
    assert (await web.execute("{ viewer { identLevel } }"))["data"]["viewer"] is None, "renewed session"
    web.token = confirmed["token"]
    assert (await web.execute(REQUEST_CODE))["data"]["requestIdentCode"]["__typename"] == "AlreadyIdentified"


async def test_sixth_code_attempt_is_refused_even_with_the_right_code(web: Client, mail_app: Any) -> None:
    account = await _signed_in_at_level_1(mail_app, web)
    await web.execute(REQUEST_CODE)
    code = _letter_code(mail_app, account.customer_number)
    for _ in range(5):
        wrong = (await web.execute(CONFIRM_CODE, {"c": "AAAA-BBBB-CCCC"}))["data"]["confirmIdentCode"]
        assert wrong["__typename"] == "InvalidCode"
    sixth = (await web.execute(CONFIRM_CODE, {"c": code}))["data"]["confirmIdentCode"]
    assert sixth["__typename"] == "TooManyAttempts"
    assert (await web.execute("{ viewer { identLevel } }"))["data"]["viewer"]["identLevel"] == 1


async def test_expired_code_is_refused(web: Client, mail_app: Any) -> None:
    account = await _signed_in_at_level_1(mail_app, web)
    await web.execute(REQUEST_CODE)
    code = _letter_code(mail_app, account.customer_number)
    async with app_state(mail_app).db.session() as session:
        await session.execute(
            update(AccountToken)
            .where(AccountToken.account_id == account.id, AccountToken.purpose == "ident_code")
            .values(expires_at=datetime.now(UTC) - timedelta(days=1))
        )
        await session.commit()
    expired = (await web.execute(CONFIRM_CODE, {"c": code}))["data"]["confirmIdentCode"]
    assert expired["__typename"] == "CodeExpired" and "abgelaufen" in expired["message"]


async def test_dev_mailbox_shows_mails_with_clickable_links_outside_production(client: Client) -> None:
    data = non_customer()
    assert (await register(client, data))["__typename"] == "RegistrationReceived"
    entries = (await client.http.get("/dev/mailbox.json")).json()
    newest = entries[0]
    assert newest["to"] == data["email"] and newest["kind"] == "activation"
    page = (await client.http.get("/dev/mailbox")).text
    assert '<a href="http://localhost:8000/activate?token=' in page
    production = create_app(Settings(environment="prod", secret_key="x" * 40))
    assert not {"/dev/mailbox", "/dev/mailbox.json"} & {getattr(r, "path", "") for r in production.routes}


async def test_the_letter_is_expected_on_a_delivery_day_where_the_customer_lives(
    web: Client, mail_app: Any
) -> None:
    """The activation letter leaves the insurer in Köln on Monday, 5 January 2026: a customer in Köln has it
    on Tuesday, one in München on Wednesday (Epiphany is a public holiday in Bavaria, not in Köln)."""
    state, answers = app_state(mail_app), {}
    clock = state.clock
    for like in ("100002", "100006"):  # Köln, München
        account = await create_account(mail_app, like=like, ident_level=1)
        await web.login(account.customer_number)
        state.clock = lambda: datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        try:
            answers[like] = (await web.execute(REQUEST_CODE))["data"]["requestIdentCode"]
        finally:
            state.clock = clock
    assert answers["100002"]["expectedOn"] == "2026-01-06"
    assert answers["100006"]["expectedOn"] == "2026-01-07"
    assert "voraussichtlich am Mittwoch, 7. Januar" in answers["100006"]["message"]
