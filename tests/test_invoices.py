"""D8 invoice submission over the real HTTP app with the GraphQL multipart request spec: receipts
recognised by content, limits refused with nothing stored, delivery to the claims system by the outbox
(also after an outage), the benefit case in the claims, and resending a refused submission."""

from __future__ import annotations

import io
import json
import struct
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.datastructures import UploadFile
from strawberry import relay

from bff.db.models import Account, ServiceRequestRecord, UploadedFile, utcnow
from bff.invoices.files import sniff_media_type
from bff.invoices.submission import InvoiceLimits, check_files
from bff.outbox.worker import Worker
from bff.simulator.app import Simulator
from bff.simulator.db import ContractRow
from tests.conftest import Client
from tests.factories import app_state, create_account

MIB = 1024 * 1024
SUBMIT = """
mutation($input: SubmitInvoicesInput!) { submitInvoices(input: $input) { __typename
  ... on InvoicesAccepted { request { id state kind } files { name mediaType sizeBytes } message }
  ... on ValidationFailed { fields { path message messageEn } }
  ... on IdempotencyKeyReused { message } } }
"""
RESEND = """
mutation($id: ID!) { resendInvoiceSubmission(requestId: $id) { __typename
  ... on InvoicesAccepted { request { id state } files { name } }
  ... on InvoiceSubmissionNotResendable { message } } }
"""
CONTRACTS = "{ viewer { contracts { id line } } }"
CLAIMS = "{ viewer { claims { id kind status benefitType expectedCompletion reportedOn contract { id } } } }"
REQUESTS = "{ serviceRequests { id state kind } }"
POSTBOX = """query($c: ID!) { viewer { postbox { documents(filter: {contractId: $c, subject: "eingereicht"}) {
  edges { node { subject direction } } } } } }"""

# Minimal but real headers: what a camera, a screenshot tool, an iPhone and a PDF printer write first.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
HEIC = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00\x00\x00\x08meta"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TEXT = b"Rechnung Dr. Muster: 120,00 EUR\n"

Upload = tuple[str, bytes, str]


def multipart(variables: dict[str, Any], files: list[Upload]) -> tuple[dict[str, str], list[Any]]:
    """The spec's `operations` and `map` fields, the files as parts `0`, `1`, …"""
    variables["input"]["files"] = [None] * len(files)
    operations = json.dumps({"query": SUBMIT, "variables": variables})
    mapping = json.dumps({str(i): [f"variables.input.files.{i}"] for i in range(len(files))})
    return {"operations": operations, "map": mapping}, [(str(i), file) for i, file in enumerate(files)]


async def submit(
    client: Client,
    contract_ids: list[str],
    files: list[Upload],
    *,
    key: str | None = None,
    note: str | None = None,
    total: str | None = None,
) -> dict[str, Any]:
    variables = {
        "input": {
            "contractIds": contract_ids,
            "note": note,
            "idempotencyKey": key or str(uuid.uuid4()),
            "total": total,
        }
    }
    data, parts = multipart(variables, files)
    headers = {"Authorization": f"Bearer {client.token}", "GraphQL-Preflight": "1"}
    response = await client.http.post("/graphql", data=data, files=parts, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]["submitInvoices"]
    return result


async def data(client: Client, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = await client.execute(query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


async def health_contract(client: Client, line: str = "HEALTH_FULL") -> str:
    contracts = (await data(client, CONTRACTS))["viewer"]["contracts"]
    return str(next(c["id"] for c in contracts if c["line"] == line))


async def stored_rows(app: Any, account_id: int) -> tuple[int, int]:
    """Files and outbox rows of the account: what a refusal must not leave behind."""
    async with app_state(app).db.session() as session:
        files = await session.scalar(
            select(func.count()).select_from(UploadedFile).where(UploadedFile.account_id == account_id)
        )
        requests = await session.scalar(
            select(func.count())
            .select_from(ServiceRequestRecord)
            .where(ServiceRequestRecord.account_id == account_id)
        )
    return int(files or 0), int(requests or 0)


async def record_state(app: Any, request_id: str) -> tuple[str, str | None]:
    async with app_state(app).db.session() as session:
        record = await session.get(ServiceRequestRecord, request_id)
        assert record is not None
        return record.status, record.last_error


@pytest.fixture
async def erika(app: Any, client: Client) -> AsyncIterator[Account]:
    """A fresh account on Erika Mustermann (policyholder of full and supplementary health and ARK)."""
    account = await create_account(app, like="100001")
    await client.login(account.customer_number)
    yield account


@pytest.fixture
def claims_up(simulator: Simulator) -> Iterator[Simulator]:
    try:
        yield simulator
    finally:
        simulator.reset_knobs()


async def set_status(simulator: Simulator, contract_id: str, status: str) -> str:
    """Changes a contract's status in the policy system; returns the previous one to restore."""
    async with simulator.sessionmaker() as session:
        row = await session.get(ContractRow, contract_id)
        assert row is not None
        previous, row.status = row.status, status
        await session.commit()
    return previous


async def test_receipts_are_recognised_by_content_stored_and_become_a_benefit_case(
    app: Any, client: Client, erika: Account, simulator: Simulator
) -> None:
    contract_id = await health_contract(client)
    files = [
        ("../../Zahnarzt.JPEG", JPEG, "application/octet-stream"),
        ("screenshot.pdf", PNG, "application/pdf"),  # a PNG whatever its name and type say
        ("IMG_0815.HEIC", HEIC, "image/heic"),
        ("Rechnung.pdf", PDF, "application/pdf"),
    ]
    simulator.reset_stats()
    key = str(uuid.uuid4())
    result = await submit(client, [contract_id, contract_id], files, key=key, note="Zahnarzt März")
    assert result["__typename"] == "InvoicesAccepted", result
    assert result["request"]["state"] == "ACCEPTED" and result["request"]["kind"] == "INVOICE_SUBMISSION"
    assert result["files"] == [
        {"name": "Zahnarzt.jpeg", "mediaType": "image/jpeg", "sizeBytes": len(JPEG)},
        {"name": "screenshot.png", "mediaType": "image/png", "sizeBytes": len(PNG)},
        {"name": "IMG_0815.heic", "mediaType": "image/heic", "sizeBytes": len(HEIC)},
        {"name": "Rechnung.pdf", "mediaType": "application/pdf", "sizeBytes": len(PDF)},
    ]
    stats = simulator.stats()
    assert stats["claims"]["total"] == 0, "nothing is forwarded before the answer"
    assert stats["policies"]["total"] == 1, "one contracts read decides what the viewer may choose"
    assert await stored_rows(app, erika.id) == (4, 1)

    again = await submit(client, [contract_id], files, key=key, note="Zahnarzt März")
    assert again["request"]["id"] == result["request"]["id"] and again["files"] == result["files"]
    assert await stored_rows(app, erika.id) == (4, 1), "a retry with the same key stores nothing again"

    simulator.reset_stats()
    await Worker(app_state(app)).run_until_idle()
    assert await record_state(app, result["request"]["id"]) == ("delivered", None)
    assert simulator.stats()["claims"]["endpoints"].get("POST /claims/invoices") == 1

    claims = (await data(client, CLAIMS))["viewer"]["claims"]
    case = next(c for c in claims if c["benefitType"] == "Eingereichte Rechnungen (4 Belege)")
    assert case["kind"] == "HEALTH" and case["status"] == "REPORTED" and case["contract"]["id"] == contract_id
    assert date.fromisoformat(case["expectedCompletion"]) >= date.today() + timedelta(days=10)
    requests = (await data(client, REQUESTS))["serviceRequests"]
    assert {"id": result["request"]["id"], "state": "DELIVERED", "kind": "INVOICE_SUBMISSION"} in requests
    copies = (await data(client, POSTBOX, {"c": contract_id}))["viewer"]["postbox"]["documents"]["edges"]
    assert {"subject": "Rechnungen eingereicht: 4 Belege", "direction": "INBOUND"} in [
        e["node"] for e in copies
    ]


async def test_the_invoice_total_is_taken_as_typed_in_german(
    app: Any, client: Client, erika: Account
) -> None:
    """Issue 20: "1.234,56" in the amount field is 1234.56 €, passed on with the receipts; "viel" is named."""
    contract_id = await health_contract(client)
    refused = await submit(client, [contract_id], [("r.pdf", PDF, "application/pdf")], total="viel")
    assert refused["__typename"] == "ValidationFailed"
    assert [(f["path"], "Betrag" in f["message"]) for f in refused["fields"]] == [("total", True)]
    assert await stored_rows(app, erika.id) == (0, 0)

    accepted = await submit(client, [contract_id], [("r.pdf", PDF, "application/pdf")], total="1.234,56 €")
    assert accepted["__typename"] == "InvoicesAccepted", accepted
    async with app_state(app).db.session() as session:
        record = await session.get(ServiceRequestRecord, accepted["request"]["id"])
    assert record is not None and record.payload["total"] == "1234.56"
    await Worker(app_state(app)).run_until_idle()  # the claims system takes it with the receipts
    assert await record_state(app, record.id) == ("delivered", None)


@pytest.mark.parametrize(
    ("files", "path", "message"),
    [
        ([("a.jpg", JPEG, "image/jpeg"), ("rechnung.pdf", TEXT, "application/pdf")], "files.1", "Dateityp"),
        ([("gross.pdf", PDF + b"\0" * (10 * MIB), "application/pdf")], "files.0", "größer als 10 MB"),
        ([(f"{n}.png", PNG, "image/png") for n in range(11)], "files", "höchstens 10 Dateien"),
        ([("leer.jpg", b"", "image/jpeg")], "files.0", "leer"),
    ],
    ids=["pdf-named-text", "too-large", "too-many", "empty"],
)
async def test_refused_files_leave_nothing_stored(
    app: Any, client: Client, erika: Account, files: list[Upload], path: str, message: str
) -> None:
    contract_id = await health_contract(client)
    result = await submit(client, [contract_id], files)
    assert result["__typename"] == "ValidationFailed", result
    assert [f["path"] for f in result["fields"]] == [path]
    assert message in result["fields"][0]["message"] and result["fields"][0]["messageEn"]
    assert await stored_rows(app, erika.id) == (0, 0)


async def test_no_files_and_no_contract_are_refused(app: Any, client: Client, erika: Account) -> None:
    variables = {"input": {"contractIds": [], "files": [], "idempotencyKey": "k-1"}}
    result = (await data(client, SUBMIT, variables))["submitInvoices"]
    assert result["__typename"] == "ValidationFailed"
    assert {f["path"] for f in result["fields"]} == {"contractIds", "files"}
    assert await stored_rows(app, erika.id) == (0, 0)


async def test_only_the_policyholders_health_contracts_can_be_chosen(app: Any, client: Client) -> None:
    await client.login("100001")
    erikas_health = await health_contract(client)
    travel = await health_contract(client, "TRAVEL_HEALTH")
    liability = await health_contract(client, "LIABILITY")
    co_insured = await create_account(app, like="100003")  # Max: co-insured on Erika's health contracts
    await client.login(co_insured.customer_number)
    refused = await submit(client, [erikas_health], [("a.jpg", JPEG, "image/jpeg")])
    assert refused["__typename"] == "ValidationFailed"
    assert refused["fields"][0]["path"] == "contractIds.0"
    assert "Versicherungsnehmer" in refused["fields"][0]["message"]
    assert await stored_rows(app, co_insured.id) == (0, 0)

    holder = await create_account(app, like="100001")
    await client.login(holder.customer_number)
    mixed = await submit(
        client,
        [liability, travel, str(relay.GlobalID("Document", "x")), "not-an-id"],
        [("a.jpg", JPEG, "image/jpeg")],
    )
    assert [f["path"] for f in mixed["fields"]] == ["contractIds.0", "contractIds.2", "contractIds.3"]


async def test_accepted_while_claims_and_services_are_down_and_delivered_afterwards(
    app: Any, client: Client, erika: Account, claims_up: Simulator
) -> None:
    contract_id = await health_contract(client, "HEALTH_SUPPLEMENTARY")
    claims_up.set_knobs(down={"claims", "services"})
    result = await submit(client, [contract_id], [("beleg.pdf", PDF, "application/pdf")])
    assert result["__typename"] == "InvoicesAccepted"
    request_id = result["request"]["id"]

    await Worker(app_state(app)).run_until_idle()
    state, error = await record_state(app, request_id)
    assert state == "accepted" and error is not None and "claims unavailable" in error

    claims_up.reset_knobs()
    later = Worker(app_state(app), clock=lambda: utcnow() + timedelta(hours=1))  # past the backoff
    await later.run_until_idle()
    assert (await record_state(app, request_id))[0] == "delivered"
    claims = (await data(client, CLAIMS))["viewer"]["claims"]
    assert any(c["contract"]["id"] == contract_id and c["benefitType"].endswith("(1 Beleg)") for c in claims)


async def test_a_refused_submission_fails_and_can_be_sent_again(
    app: Any, client: Client, erika: Account, simulator: Simulator
) -> None:
    contract_gid = await health_contract(client)
    contract_id = relay.GlobalID.from_id(contract_gid).node_id
    result = await submit(client, [contract_gid], [("a.png", PNG, "image/png")])
    request_id = result["request"]["id"]

    previous = await set_status(simulator, contract_id, "ENDED")  # the claims system refuses: not in force
    try:
        await Worker(app_state(app)).run_until_idle()
    finally:
        await set_status(simulator, contract_id, previous)
    state, error = await record_state(app, request_id)
    assert state == "failed" and error == "claims refused the invoices (HTTP 422)"

    other = await create_account(app, like="100001")
    stranger = Client(client.http)
    await stranger.login(other.customer_number)
    body = await stranger.execute(RESEND, {"id": request_id})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    resent = (await data(client, RESEND, {"id": request_id}))["resendInvoiceSubmission"]
    assert resent == {
        "__typename": "InvoicesAccepted",
        "request": {"id": request_id, "state": "ACCEPTED"},
        "files": [{"name": "a.png"}],
    }
    await Worker(app_state(app)).run_until_idle()
    assert await record_state(app, request_id) == ("delivered", None)
    again = (await data(client, RESEND, {"id": request_id}))["resendInvoiceSubmission"]
    assert again["__typename"] == "InvoiceSubmissionNotResendable"


async def test_multipart_needs_a_preflight_header_and_is_capped_in_size(
    client: Client, erika: Account
) -> None:
    variables = {"input": {"contractIds": ["x"], "idempotencyKey": "k"}}
    fields, parts = multipart(variables, [("a.jpg", JPEG, "image/jpeg")])
    auth = {"Authorization": f"Bearer {client.token}"}
    unflighted = await client.http.post("/graphql", data=fields, files=parts, headers=auth)
    assert unflighted.status_code == 400 and "GraphQL-Preflight" in unflighted.text

    headers = {**auth, "GraphQL-Preflight": "1"}
    huge = [("big.pdf", b"\0" * (31 * MIB + 1), "application/pdf")]
    fields, parts = multipart(variables, huge)
    declared = await client.http.post("/graphql", data=fields, files=parts, headers=headers)
    assert declared.status_code == 413

    request = client.http.build_request("POST", "/graphql", data=fields, files=parts, headers=headers)
    body = request.read()

    async def chunks() -> AsyncIterator[bytes]:  # streamed: no Content-Length to refuse it up front
        for start in range(0, len(body), MIB):
            yield body[start : start + MIB]

    streamed_headers = {**headers, "Content-Type": request.headers["Content-Type"]}
    streamed = await client.http.post("/graphql", content=chunks(), headers=streamed_headers)
    assert streamed.status_code == 413


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (ftyp(b"heix", b"mif1", b"heix"), "image/heic"),  # 10-bit iPhone photos
        (ftyp(b"mif1", b"mif1", b"heic"), "image/heic"),
        (ftyp(b"mif1", b"mif1", b"avif"), None),  # AVIF is HEIF too, but not accepted
        (ftyp(b"isom", b"mp42"), None),  # a video
        (b"\xef\xbb\xbf%PDF-1.7\n", "application/pdf"),
        (b"GIF89a", None),
    ],
)
def test_media_type_comes_from_the_magic_bytes(content: bytes, media_type: str | None) -> None:
    assert sniff_media_type(content) == media_type


async def test_all_files_together_are_capped() -> None:
    limits = InvoiceLimits(max_file_bytes=100, max_files=3, max_total_bytes=150)
    files = [UploadFile(io.BytesIO(PDF + b"\0" * 50), filename=f"{n}.pdf") for n in range(2)]
    _, problems = await check_files(files, limits)
    assert [p.path for p in problems] == ["files"] and "zusammen" in problems[0].message
