"""Partner access (H2, issue 6): a comparison portal reads a customer's contracts with its API key and
the customer's grant, through registered operations only; everything else is refused with its status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bff.db.models import AuditEvent, PartnerGrant
from bff.operations.registry import register_operations
from bff.partners.admin import (
    DEMO_PARTNER_KEY,
    DEMO_PARTNER_NAME,
)
from bff.schema.schema import schema
from tests.conftest import Client, unique
from tests.factories import app_state, create_account
from tests.support.otp import enrol_totp, step_up
from tests.support.partners import (
    OPERATION_IDS,
    SHIPPED,
    customer_with_grant,
    error_code,
    grant_access,
    new_portal,
    partner_request,
    run,
)

GRANTS = """{ viewer { partnerGrants { id partner { id name } scopes active revokedAt expiresAt
  lastReadAt readCount } } }"""
PARTNERS = "{ partners { id name } }"
REVOKE = """mutation($g: ID!) { revokePartnerAccess(grantId: $g) { __typename
  ... on PartnerAccessRevoked { grant { id active revokedAt } messageEn }
  ... on PartnerGrantNotFound { message messageEn } } }"""
OWN_CONTRACTS = "{ viewer { contracts { id policyNumber } } }"


async def test_partner_with_a_grant_reads_the_customers_contracts_and_the_read_is_audited(
    client: Client, app: Any
) -> None:
    portal = await new_portal(app)
    grant = await customer_with_grant(client, app, portal)
    own = (await client.execute(OWN_CONTRACTS))["data"]["viewer"]["contracts"]

    response = await partner_request(client, key=portal.key, grant=grant, body=run("PartnerContracts"))

    assert response.status_code == 200, response.text
    viewer = response.json()["data"]["viewer"]
    assert viewer["fullName"] == "Erika Mustermann"
    assert [c["policyNumber"] for c in viewer["contracts"]] == [c["policyNumber"] for c in own]
    async with app_state(app).db.session() as session:
        events = list(await session.scalars(select(AuditEvent).where(AuditEvent.action == "partner.read")))
    (event,) = [e for e in events if e.detail.get("grant_id") == grant]
    assert event.detail["operation_name"] == "PartnerContracts"
    assert event.detail["operation_id"] == OPERATION_IDS["PartnerContracts"]
    listed = (await client.execute(GRANTS))["data"]["viewer"]["partnerGrants"]
    assert listed[0]["readCount"] == 1 and listed[0]["lastReadAt"] is not None


async def test_demo_partner_reads_with_its_published_key(client: Client, app: Any) -> None:
    account = await create_account(app, like="100002")
    await client.login(account.customer_number)
    partners = (await client.execute(PARTNERS))["data"]["partners"]
    demo = next(p for p in partners if p["name"] == DEMO_PARTNER_NAME)
    granted = await grant_access(client, demo["id"], ["CONTRACTS_READ"])

    response = await partner_request(
        client, key=DEMO_PARTNER_KEY, grant=granted["grant"]["id"], body=run("PartnerContracts")
    )

    assert response.status_code == 200, response.text
    assert len(response.json()["data"]["viewer"]["contracts"]) == 1


async def test_only_registered_operations_of_the_partners_client_run(client: Client, app: Any) -> None:
    portal = await new_portal(app)
    grant = await customer_with_grant(client, app, portal)
    other = await register_operations(
        app_state(app).db,
        client=unique("other-portal"),
        version="1",
        source="query OtherPortal { viewer { contracts { id } } }",
        schema=schema._schema,
    )

    freeform = await partner_request(client, key=portal.key, grant=grant, body={"query": SHIPPED})
    unregistered = await partner_request(
        client, key=portal.key, grant=grant, body={"documentId": "sha256:" + "ab" * 32}
    )
    foreign = await partner_request(client, key=portal.key, grant=grant, body={"documentId": other[0]})

    assert freeform.status_code == 400, freeform.text
    assert unregistered.status_code == 404, unregistered.text
    assert foreign.status_code == 403, foreign.text


async def test_expired_and_revoked_grants_are_refused(client: Client, app: Any) -> None:
    portal = await new_portal(app)
    expiring = await customer_with_grant(client, app, portal)
    revoked = (await grant_access(client, portal.partner_id, ["CONTRACTS_READ"]))["grant"]["id"]
    async with app_state(app).db.session() as session:
        past = datetime.now(UTC) - timedelta(minutes=1)
        await session.execute(update(PartnerGrant).where(PartnerGrant.id == expiring).values(expires_at=past))
        await session.commit()
    answer = (await client.execute(REVOKE, {"g": revoked}))["data"]["revokePartnerAccess"]
    assert answer["__typename"] == "PartnerAccessRevoked" and answer["grant"]["revokedAt"] is not None

    for grant in (expiring, revoked):
        response = await partner_request(client, key=portal.key, grant=grant, body=run("PartnerContracts"))
        assert response.status_code == 403, response.text
        assert error_code(response) == "GRANT_INVALID"
        assert "data" not in response.json()
    listed = {g["id"]: g for g in (await client.execute(GRANTS))["data"]["viewer"]["partnerGrants"]}
    assert not listed[expiring]["active"] and not listed[revoked]["active"]


async def test_a_grant_of_another_partner_or_no_grant_is_refused(client: Client, app: Any) -> None:
    portal, other_portal = await new_portal(app), await new_portal(app)
    other_customers_grant = await customer_with_grant(client, app, other_portal, like="100002")

    foreign = await partner_request(
        client, key=portal.key, grant=other_customers_grant, body=run("PartnerContracts")
    )
    missing = await partner_request(client, key=portal.key, grant=None, body=run("PartnerContracts"))

    assert foreign.status_code == 403 and error_code(foreign) == "GRANT_INVALID"
    assert missing.status_code == 403 and error_code(missing) == "GRANT_INVALID"


async def test_an_unknown_or_revoked_api_key_is_unauthenticated(client: Client, app: Any) -> None:
    from bff.partners.admin import revoke_key

    portal = await new_portal(app)
    grant = await customer_with_grant(client, app, portal)
    assert (
        await partner_request(
            client, key=portal.key, grant=grant, body=run("PartnerContracts"), apikey_scheme=True
        )
    ).status_code == 200

    unknown = await partner_request(
        client, key="pk_live_" + "x" * 43, grant=grant, body=run("PartnerContracts")
    )
    await revoke_key(app_state(app).db, client_name=portal.client_name)
    revoked = await partner_request(client, key=portal.key, grant=grant, body=run("PartnerContracts"))

    assert unknown.status_code == 401 and error_code(unknown) == "UNAUTHENTICATED"
    assert revoked.status_code == 401


async def test_bank_data_needs_the_bank_scope(client: Client, app: Any) -> None:
    portal = await new_portal(app)
    grant = await customer_with_grant(client, app, portal)

    response = await partner_request(client, key=portal.key, grant=grant, body=run("PartnerOverview"))

    body = response.json()
    assert body["data"]["viewer"]["bankAccounts"] is None
    assert body["data"]["viewer"]["contracts"]
    (error,) = body["errors"]
    assert error["path"] == ["viewer", "bankAccounts"]
    assert error["extensions"] == {"code": "SCOPE_MISSING", "scope": "bank:read"}


async def test_granting_bank_data_needs_a_step_up_and_then_the_partner_reads_it(
    client: Client, app: Any
) -> None:
    portal = await new_portal(app)
    account = await create_account(app, like="100001")
    await client.login(account.customer_number)
    authenticator = await enrol_totp(client)

    required = await grant_access(client, portal.partner_id, ["BANK_READ", "CONTRACTS_READ"])
    assert required["__typename"] == "StepUpRequired"
    assert required["payload"] == {
        "partnerId": portal.partner_id,
        "scopes": ["BANK_READ", "CONTRACTS_READ"],
        "validDays": 30,
    }
    step_up_grant = await step_up(
        client, "GRANT_PARTNER_ACCESS", required["payload"], authenticator.next_code()
    )
    granted = await grant_access(
        client, portal.partner_id, ["CONTRACTS_READ", "BANK_READ"], step_up_grant=step_up_grant
    )
    assert granted["__typename"] == "PartnerAccessGranted", granted

    response = await partner_request(
        client, key=portal.key, grant=granted["grant"]["id"], body=run("PartnerOverview")
    )

    body = response.json()
    assert "errors" not in body, body
    assert all(a["ibanMasked"] for a in body["data"]["viewer"]["bankAccounts"])


async def test_partners_cannot_change_anything_or_read_personal_data(client: Client, app: Any) -> None:
    portal = await new_portal(app)
    grant = await customer_with_grant(client, app, portal)
    ids = await register_operations(
        app_state(app).db,
        client=portal.client_name,
        version="2",
        source="mutation PartnerLogout { logout { __typename } } "
        "query PartnerPersonal { viewer { fullName birthDate } }",
        schema=schema._schema,
    )

    mutation = await partner_request(client, key=portal.key, grant=grant, body={"documentId": ids[0]})
    personal = await partner_request(client, key=portal.key, grant=grant, body={"documentId": ids[1]})

    assert mutation.json()["data"] is None
    assert mutation.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert personal.json()["data"]["viewer"] == {"fullName": "Erika Mustermann", "birthDate": None}
    assert personal.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_over_the_rate_limit_the_partner_gets_429_with_retry_after(client: Client, app: Any) -> None:
    portal = await new_portal(app, rate_limit=2)
    grant = await customer_with_grant(client, app, portal)

    # Five requests span at most one minute boundary, so one window sees more than two of them.
    statuses = []
    for _ in range(5):
        response = await partner_request(client, key=portal.key, grant=grant, body=run("PartnerContracts"))
        statuses.append(response.status_code)
        if response.status_code == 429:
            break

    assert statuses[:2] == [200, 200] and statuses[-1] == 429, statuses  # each request counts once
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert error_code(response) == "RATE_LIMITED"


async def test_customer_issues_lists_and_revokes_grants(client: Client, app: Any) -> None:
    portal = await new_portal(app)
    grant = await customer_with_grant(client, app, portal)
    refused = await grant_access(client, portal.partner_id, [])
    unknown_partner = await grant_access(client, "999999", ["CLAIMS_READ"])

    (listed,) = (await client.execute(GRANTS))["data"]["viewer"]["partnerGrants"]
    assert listed["id"] == grant and listed["active"] and listed["scopes"] == ["CONTRACTS_READ"]
    assert listed["partner"]["name"] == f"Portal {portal.client_name}" and listed["readCount"] == 0
    assert [f["path"] for f in refused["fields"]] == ["scopes"]
    assert [f["path"] for f in unknown_partner["fields"]] == ["partnerId"]

    other = Client(client.http)
    other_account = await create_account(app, like="100002")
    await other.login(other_account.customer_number)
    not_theirs = (await other.execute(REVOKE, {"g": grant}))["data"]["revokePartnerAccess"]
    assert not_theirs["__typename"] == "PartnerGrantNotFound"
    assert (await other.execute(GRANTS))["data"]["viewer"]["partnerGrants"] == []

    revoked = (await client.execute(REVOKE, {"g": grant}))["data"]["revokePartnerAccess"]
    assert revoked["__typename"] == "PartnerAccessRevoked" and not revoked["grant"]["active"]


async def test_document_downloads_need_the_documents_scope(client: Client, app: Any) -> None:
    portal = await new_portal(app)
    contracts_only = await customer_with_grant(client, app, portal)
    with_documents = (await grant_access(client, portal.partner_id, ["DOCUMENTS_READ"]))["grant"]["id"]
    postbox = await client.execute(
        "{ viewer { postbox { documents(first: 1) { edges { node { downloadUrl } } } } } }"
    )
    url = postbox["data"]["viewer"]["postbox"]["documents"]["edges"][0]["node"]["downloadUrl"]

    refused = await client.http.get(url, headers={"X-Api-Key": portal.key, "X-Partner-Grant": contracts_only})
    allowed = await client.http.get(url, headers={"X-Api-Key": portal.key, "X-Partner-Grant": with_documents})

    assert refused.status_code == 403 and error_code(refused) == "SCOPE_MISSING"
    assert allowed.status_code == 200 and allowed.headers["content-type"] == "application/pdf"
