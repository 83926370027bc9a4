"""B5 external contracts through GraphQL: add, edit, delete, listed with the group's contracts and
marked as external; only ever the owner's; "Daten löschen" (A7) removes them and nothing else."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from strawberry import relay

from bff.db.models import AuditEvent, ExternalContract
from bff.demo_accounts import DEMO_PASSWORD
from tests.conftest import Client
from tests.factories import app_state, create_account

FIELDS = """id insurer companyName policyNumber product line lineLabel renewalDate expiryDate isExternal
  premium { amount formatted } paymentFrequency paymentFrequencyLabel"""
ADD = f"""mutation($input: ExternalContractInput!) {{ addExternalContract(input: $input) {{ __typename
  ... on ExternalContractSaved {{ contract {{ {FIELDS} }} }}
  ... on ValidationFailed {{ message fields {{ path message messageEn }} }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: ExternalContractInput!) {{
  updateExternalContract(id: $id, input: $input) {{ __typename
    ... on ExternalContractSaved {{ contract {{ {FIELDS} }} }}
    ... on ValidationFailed {{ fields {{ path }} }}
    ... on ExternalContractNotFound {{ message messageEn }} }} }}"""
DELETE = """mutation($id: ID!) { deleteExternalContract(id: $id) { __typename
  ... on ExternalContractDeleted { id } ... on ExternalContractNotFound { message } } }"""
DELETE_ALL = """mutation { deleteManuallyAddedData { deletedExternalContracts message messageEn } }"""
LIST = f"{{ viewer {{ externalContracts {{ {FIELDS} }} }} }}"
OVERVIEW = """{ viewer { deliveryChannel consents { productInfoEmail productInfoPhone }
  contracts { id } contractOverview { __typename id policyNumber companyName isExternal } } }"""
NODE = "query($id: ID!) { node(id: $id) { __typename ... on ExternalContract { insurer } } }"

CAR = {
    "insurer": "Andere Versicherung AG",
    "line": "MOTOR",
    "product": "Kfz-Haftpflicht Komfort",
    "policyNumber": "KH 123/456-7",
    "premium": "38.90",
    "paymentFrequency": "MONTHLY",
    "renewalDate": "2027-01-01",
}
HOME = {
    "insurer": "Dritte Hausrat VVaG",
    "line": "HOUSEHOLD",
    "policyNumber": "HR-9",
    "premium": "120",
    "paymentFrequency": "YEARLY",
}


async def _signed_in(client: Client, app: Any, like: str = "100002") -> int:
    account = await create_account(app, like=like)
    await client.login(account.customer_number)
    return account.id


async def _add(client: Client, contract: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = (await client.execute(ADD, {"input": contract}))["data"]["addExternalContract"]
    assert answer["__typename"] == "ExternalContractSaved", answer
    return answer["contract"]  # type: ignore[no-any-return]


async def test_add_edit_and_delete_an_external_contract(client: Client, app: Any) -> None:
    await _signed_in(client, app)
    added = await _add(client, {**CAR, "insurer": "  Andere   Versicherung AG "})
    assert added["insurer"] == added["companyName"] == "Andere Versicherung AG", "tidied"
    assert added["isExternal"] is True and added["lineLabel"] == "Kfz-Versicherung"
    assert added["premium"] == {"amount": "38.90", "formatted": "38,90\xa0€"}
    assert added["paymentFrequencyLabel"] and added["renewalDate"] == added["expiryDate"] == "2027-01-01"
    assert (await client.execute(LIST))["data"]["viewer"]["externalContracts"] == [added]

    changed = {**CAR, "premium": "41.20", "product": None, "renewalDate": None}
    updated = (await client.execute(UPDATE, {"id": added["id"], "input": changed}))["data"]
    contract = updated["updateExternalContract"]["contract"]
    assert contract["premium"]["amount"] == "41.20" and contract["product"] is None
    assert contract["renewalDate"] is None and contract["id"] == added["id"]

    deleted = (await client.execute(DELETE, {"id": added["id"]}))["data"]["deleteExternalContract"]
    assert deleted == {"__typename": "ExternalContractDeleted", "id": added["id"]}
    assert (await client.execute(LIST))["data"]["viewer"]["externalContracts"] == []
    again = (await client.execute(DELETE, {"id": added["id"]}))["data"]["deleteExternalContract"]
    assert again["__typename"] == "ExternalContractNotFound"


async def test_the_overview_lists_them_after_the_groups_contracts_marked_as_external(
    client: Client, app: Any
) -> None:
    await _signed_in(client, app)
    car, home = await _add(client, CAR), await _add(client, HOME)
    viewer = (await client.execute(OVERVIEW))["data"]["viewer"]
    overview = viewer["contractOverview"]
    own = [entry for entry in overview if not entry["isExternal"]]
    assert [entry["id"] for entry in own] == [c["id"] for c in viewer["contracts"]] and own
    assert {entry["__typename"] for entry in own} == {"Contract"}
    assert overview[len(own) :] == [
        {
            "__typename": "ExternalContract",
            "id": c["id"],
            "policyNumber": c["policyNumber"],
            "companyName": c["insurer"],
            "isExternal": True,
        }
        for c in (car, home)  # by insurer
    ]


async def test_invalid_entries_are_refused_with_every_field(client: Client, app: Any) -> None:
    await _signed_in(client, app)
    bad = {
        **CAR,
        "insurer": " ",
        "policyNumber": "<script>",
        "premium": "-1.999",
        "renewalDate": "1066-10-14",
    }
    answer = (await client.execute(ADD, {"input": bad}))["data"]["addExternalContract"]
    assert answer["__typename"] == "ValidationFailed"
    assert {f["path"] for f in answer["fields"]} == {"insurer", "policyNumber", "premium", "renewalDate"}
    assert all(f["message"] and f["messageEn"] for f in answer["fields"])

    await _add(client, CAR)
    duplicate = {**CAR, "insurer": "andere versicherung ag", "policyNumber": "KH123/456-7"}
    answer = (await client.execute(ADD, {"input": duplicate}))["data"]["addExternalContract"]
    assert [f["path"] for f in answer["fields"]] == ["policyNumber"]


async def test_another_customer_can_neither_see_nor_change_them(client: Client, app: Any) -> None:
    await _signed_in(client, app)
    mine = await _add(client, CAR)

    await _signed_in(client, app, like="100003")
    assert (await client.execute(LIST))["data"]["viewer"]["externalContracts"] == []
    node = await client.execute(NODE, {"id": mine["id"]})
    assert node["data"]["node"] is None and node["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    update = await client.execute(UPDATE, {"id": mine["id"], "input": {**CAR, "premium": "1"}})
    assert update["data"]["updateExternalContract"]["__typename"] == "ExternalContractNotFound"
    delete = await client.execute(DELETE, {"id": mine["id"]})
    assert delete["data"]["deleteExternalContract"]["__typename"] == "ExternalContractNotFound"
    assert (await client.execute(DELETE_ALL))["data"]["deleteManuallyAddedData"][
        "deletedExternalContracts"
    ] == 0

    async with app_state(app).db.session() as session:
        row = await session.get(ExternalContract, relay.GlobalID.from_id(mine["id"]).node_id)
        assert row is not None and row.premium == Decimal("38.90"), "unchanged"


async def test_daten_loeschen_removes_only_the_manually_added_contracts(client: Client, app: Any) -> None:
    other = Client(client.http)
    other_account = await _signed_in(other, app)
    await _add(other, HOME)

    account_id = await _signed_in(client, app)
    await _add(client, CAR)
    await _add(client, HOME)
    before = (await client.execute(OVERVIEW))["data"]["viewer"]

    answer = (await client.execute(DELETE_ALL))["data"]["deleteManuallyAddedData"]
    assert answer["deletedExternalContracts"] == 2
    assert "Benutzerkonto" in answer["message"] and answer["messageEn"]

    after = (await client.execute(OVERVIEW))["data"]["viewer"]
    assert [entry for entry in after["contractOverview"] if entry["isExternal"]] == []
    assert after["contracts"] == before["contracts"], "the group's contracts are untouched"
    assert (after["deliveryChannel"], after["consents"]) == (before["deliveryChannel"], before["consents"])
    assert len((await other.execute(LIST))["data"]["viewer"]["externalContracts"]) == 1, "only this account's"
    async with app_state(app).db.session() as session:
        events = await session.scalars(
            select(AuditEvent).where(
                AuditEvent.account_id == account_id, AuditEvent.action == "manually_added_data.deleted"
            )
        )
        assert [event.detail["contracts"] for event in events] == [2]
    assert other_account != account_id


async def test_deleting_the_account_deletes_its_external_contracts(client: Client, app: Any) -> None:
    account_id = await _signed_in(client, app)
    await _add(client, CAR)
    deleted = await client.execute(
        "mutation($p: String!) { deleteAccount(password: $p) { __typename } }", {"p": DEMO_PASSWORD}
    )
    assert deleted["data"]["deleteAccount"]["__typename"] == "AccountDeleted", deleted
    async with app_state(app).db.session() as session:
        query = (
            select(func.count())
            .select_from(ExternalContract)
            .where(ExternalContract.account_id == account_id)
        )
        assert (await session.execute(query)).scalar_one() == 0


async def test_signed_out_nobody_can_add_external_contracts(client: Client, app: Any) -> None:
    anonymous = await client.execute(ADD, {"input": CAR})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_amounts_are_taken_as_customers_type_them(client: Client, app: Any) -> None:
    """Issue 20: "45,90" in the premium field is 45.90 €, as is "45.90"; what is no amount names the field."""
    await _signed_in(client, app)
    for index, (typed, amount) in enumerate(
        (
            ("45,90", "45.90"),
            ("1.234,56 €", "1234.56"),
            ("45.90", "45.90"),
            ("1,234.56", "1234.56"),
            (45.9, "45.90"),  # a JSON number, as an app may send it
        )
    ):
        added = await _add(client, {**HOME, "policyNumber": f"HR-{index}", "premium": typed})
        assert Decimal(added["premium"]["amount"]) == Decimal(amount), typed
    (german,) = [c for c in await _list(client) if c["policyNumber"] == "HR-0"]
    assert german["premium"]["formatted"] == "45,90\xa0€"

    for typed in ("zwölf Euro", "45,999", "1.2.3,4", "", "1e9"):
        answer = (await client.execute(ADD, {"input": {**HOME, "premium": typed}}))["data"][
            "addExternalContract"
        ]
        assert answer["__typename"] == "ValidationFailed", (typed, answer)
        (problem,) = answer["fields"]
        assert problem["path"] == "premium" and "Betrag" in problem["message"], typed
        assert "amount" in problem["messageEn"]
    refused = await client.execute(ADD, {"input": {**HOME, "premium": True}})  # no text, no number
    assert refused["errors"] and refused["data"] is None


async def _list(client: Client) -> list[dict[str, Any]]:
    contracts: list[dict[str, Any]] = (await client.execute(LIST))["data"]["viewer"]["externalContracts"]
    return contracts
