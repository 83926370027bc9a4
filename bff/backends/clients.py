"""One client per upstream system. Every read is a bulk call, so loaders can batch N keys into one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import quote

import msgspec

from bff.backends.http import UpstreamError, UpstreamHttp, join_ids
from bff.backends.limits import retry_after_seconds
from bff.backends.models import (
    ActiveCampaigns,
    Address,
    AddressCheck,
    Agent,
    BankAccount,
    CampaignParticipation,
    Claim,
    Contract,
    Document,
    InvoiceSubmission,
    NewCampaignParticipation,
    NewDocument,
    NewInvoiceSubmission,
    NewPerson,
    NewProspect,
    NewServiceRequest,
    Person,
    Prospect,
    ProspectConversion,
    ProspectUpdate,
    SalesImpulse,
    ServiceRequest,
    Transaction,
    UpstreamModel,
)
from bff.backends.transport import UpstreamResponse

ModelT = TypeVar("ModelT", bound=UpstreamModel)


class PartnersClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def persons_by_ids(self, ids: Sequence[str]) -> list[Person]:
        return await self.http.get_items("/persons", Person, ids=join_ids(ids)) if ids else []

    async def persons_by_customer_numbers(self, numbers: Sequence[str]) -> list[Person]:
        if not numbers:
            return []
        return await self.http.get_items("/persons/by-customer-number", Person, numbers=join_ids(numbers))

    async def bank_accounts_by_person_ids(self, person_ids: Sequence[str]) -> list[BankAccount]:
        if not person_ids:
            return []
        return await self.http.get_items("/bank-accounts", BankAccount, person_ids=join_ids(person_ids))

    async def search_persons(
        self, *, last_name: str, postal_code: str, agent_id: str | None = None
    ) -> list[Person]:
        """G1: last-name prefix + postal code; with `agent_id` only the persons that agent looks after."""
        params = {"last_name": last_name, "postal_code": postal_code}
        if agent_id is not None:
            params["agent_id"] = agent_id
        return await self.http.get_items("/persons/search", Person, **params)

    async def create_person(self, person: NewPerson, *, idempotency_key: str) -> Person:
        """G2: a new customer with a customer number; a retry with the same key answers the first one."""
        return await _post_model(self.http, "/persons", person, Person, idempotency_key=idempotency_key)

    async def check_address(self, address: Address) -> AddressCheck:
        """D2: the postal address database's verdict, with a correction suggestion when it has one.
        A read despite the POST: nothing changes upstream."""
        response = await self.http.request("POST", "/address-check", json=msgspec.to_builtins(address))
        if response.status_code != 200:
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, AddressCheck)


class PoliciesClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def contracts_by_person_ids(self, person_ids: Sequence[str]) -> list[Contract]:
        if not person_ids:
            return []
        return await self.http.get_items("/contracts", Contract, person_ids=join_ids(person_ids))

    async def contracts_by_policy_numbers(self, policy_numbers: Sequence[str]) -> list[Contract]:
        """Registration (A2) identifies the policyholder by one of their policy numbers."""
        if not policy_numbers:
            return []
        return await self.http.get_items("/contracts", Contract, policy_numbers=join_ids(policy_numbers))

    async def transactions_by_account_ids(self, account_ids: Sequence[str]) -> list[Transaction]:
        if not account_ids:
            return []
        return await self.http.get_items("/transactions", Transaction, account_ids=join_ids(account_ids))


class PostboxClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def documents_by_person_ids(self, person_ids: Sequence[str]) -> list[Document]:
        if not person_ids:
            return []
        return await self.http.get_items("/documents", Document, person_ids=join_ids(person_ids))

    async def documents_by_contract_ids(self, contract_ids: Sequence[str]) -> list[Document]:
        if not contract_ids:
            return []
        return await self.http.get_items("/documents", Document, contract_ids=join_ids(contract_ids))

    async def documents_by_ids(self, ids: Sequence[str]) -> list[Document]:
        return await self.http.get_items("/documents", Document, ids=join_ids(ids)) if ids else []

    async def documents_created_after(self, person_ids: Sequence[str], after: datetime) -> list[Document]:
        """New documents of these persons (C3 notices poll with the oldest watermark of a batch)."""
        if not person_ids:
            return []
        return await self.http.get_items(
            "/documents", Document, person_ids=join_ids(person_ids), created_after=after.isoformat()
        )

    async def mark_read(self, document_id: str) -> Document:
        response = await self.http.request("POST", f"/documents/{document_id}/read")
        if response.status_code != 200:
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, Document)

    async def stream_content(self, document_id: str) -> AsyncIterator[bytes]:
        """Stream the PDF through without holding it in memory."""
        async with self.http.stream(f"/documents/{document_id}/content") as (status, chunks):
            if status != 200:
                raise UpstreamError(self.http.system, f"HTTP {status}")
            async for chunk in chunks:
                yield chunk

    async def add_document(self, document: NewDocument, *, idempotency_key: str) -> Document:
        """File a finished PDF into a postbox; a retry with the same key answers the first document."""
        response = await self.http.request(
            "POST",
            "/documents",
            json=msgspec.to_builtins(document),
            headers={"Idempotency-Key": idempotency_key},
        )
        if response.status_code not in (200, 201):
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, Document)


class ClaimsClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def claims_by_contract_ids(self, contract_ids: Sequence[str]) -> list[Claim]:
        if not contract_ids:
            return []
        return await self.http.get_items("/claims", Claim, contract_ids=join_ids(contract_ids))

    async def claims_by_ids(self, ids: Sequence[str]) -> list[Claim]:
        return await self.http.get_items("/claims", Claim, ids=join_ids(ids)) if ids else []

    async def submit_invoices(
        self, submission: NewInvoiceSubmission, *, idempotency_key: str
    ) -> InvoiceSubmission:
        """D8: once per key (a replay answers the first submission). A refusal raises
        `InvoicesRefused`, an unreachable system `UpstreamError`."""
        response = await self.http.request(
            "POST",
            "/invoices",
            json=msgspec.to_builtins(submission),
            headers={"Idempotency-Key": idempotency_key},
        )
        if 400 <= response.status_code < 500:
            raise InvoicesRefused(response.status_code)
        if response.status_code not in (200, 201):
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, InvoiceSubmission)


class InvoicesRefused(Exception):
    """The claims system refused the submission itself (4xx); sending it unchanged cannot help."""

    def __init__(self, status_code: int) -> None:
        super().__init__(f"claims refused the invoices: HTTP {status_code}")
        self.status_code = status_code


class CrmClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def agents_by_ids(self, ids: Sequence[str]) -> list[Agent]:
        return await self.http.get_items("/agents", Agent, ids=join_ids(ids)) if ids else []

    async def impulses_by_person_ids(self, person_ids: Sequence[str]) -> list[SalesImpulse]:
        if not person_ids:
            return []
        return await self.http.get_items("/impulses", SalesImpulse, person_ids=join_ids(person_ids))

    async def campaigns_of_persons(self, person_ids: Sequence[str]) -> ActiveCampaigns:
        """F3: the running campaigns once, with these persons' participations, in one call."""
        response = await self.http.request("GET", "/campaigns", params={"person_ids": join_ids(person_ids)})
        if response.status_code != 200:
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, ActiveCampaigns)

    async def prospects_by_ids(self, ids: Sequence[str]) -> list[Prospect]:
        return await self.http.get_items("/prospects", Prospect, ids=join_ids(ids)) if ids else []

    async def search_prospects(
        self, *, last_name: str, postal_code: str, agent_id: str | None = None
    ) -> list[Prospect]:
        """G1: open prospects (not yet customers); with `agent_id` only that agent's."""
        params = {"last_name": last_name, "postal_code": postal_code}
        if agent_id is not None:
            params["agent_id"] = agent_id
        return await self.http.get_items("/prospects/search", Prospect, **params)

    async def create_prospect(self, prospect: NewProspect, *, idempotency_key: str) -> Prospect:
        return await _post_model(self.http, "/prospects", prospect, Prospect, idempotency_key=idempotency_key)

    async def update_prospect(self, prospect_id: str, update: ProspectUpdate) -> Prospect:
        """G2: applied at once; a retry sets the same values again."""
        path = f"/prospects/{quote(prospect_id, safe='')}"
        return await _post_model(self.http, path, update, Prospect, method="PATCH")

    async def convert_prospect(self, prospect_id: str, *, person_id: str) -> Prospect:
        path = f"/prospects/{quote(prospect_id, safe='')}/conversion"
        return await _post_model(self.http, path, ProspectConversion(person_id=person_id), Prospect)

    async def join_campaign(self, campaign_id: str, *, person_id: str) -> CampaignParticipation | None:
        """Take part once; a repeat answers the first outcome. None: no such campaign is running."""
        response = await self.http.request(
            "POST",
            f"/campaigns/{quote(campaign_id, safe='')}/participations",
            json=msgspec.to_builtins(NewCampaignParticipation(person_id=person_id)),
        )
        if response.status_code == 404:
            return None
        if response.status_code not in (200, 201):
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, CampaignParticipation)


class ServicesClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def requests_by_ids(self, ids: Sequence[str]) -> list[ServiceRequest]:
        return await self.http.get_items("/requests", ServiceRequest, ids=join_ids(ids)) if ids else []

    async def create_request(self, request: NewServiceRequest, *, idempotency_key: str) -> ServiceRequest:
        """Submit once per key (a replay answers the first request). Outside service hours raises
        `ServicesClosed`, a refusal `ServiceRequestRefused`, an unreachable system `UpstreamError`."""
        response = await self.http.request(
            "POST",
            "/requests",
            json=msgspec.to_builtins(request),
            headers={"Idempotency-Key": idempotency_key},
            is_answer=_is_closed,
        )
        if _is_closed(response):
            raise ServicesClosed(_retry_after(response.headers["Retry-After"]))
        if 400 <= response.status_code < 500:
            raise ServiceRequestRefused(response.status_code, detail=_detail(response))
        if response.status_code not in (200, 201):
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return self.http.decode(response, ServiceRequest)


class ServicesClosed(Exception):
    """The services system is up but outside its service hours; it opens again `retry_after` from now."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"services closed for {retry_after}")
        self.retry_after = retry_after


class ServiceRequestRefused(Exception):
    """The services system refused the request itself (4xx); sending it again cannot help."""

    def __init__(self, status_code: int, *, detail: str = "") -> None:
        super().__init__(f"services refused the request: HTTP {status_code}")
        self.status_code = status_code
        self.detail = detail  # the system's reason, e.g. "only German addresses"; no personal data


def _detail(response: UpstreamResponse) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return detail[:200] if isinstance(detail, str) else ""


async def _post_model(
    http: UpstreamHttp,
    path: str,
    body: UpstreamModel,
    answer: type[ModelT],
    *,
    idempotency_key: str | None = None,
    method: str = "POST",
) -> ModelT:
    """A write whose answer is one model; anything but 200/201 is the system's failure to the caller."""
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
    response = await http.request(method, path, json=msgspec.to_builtins(body), headers=headers)
    if response.status_code not in (200, 201):
        raise UpstreamError(http.system, f"HTTP {response.status_code}")
    return http.decode(response, answer)


def _is_closed(response: UpstreamResponse) -> bool:
    """Closed answers 503 with Retry-After; a system that is down answers 503 without it (or not at all)."""
    return response.status_code == 503 and "Retry-After" in response.headers


def _retry_after(value: str) -> timedelta:
    seconds = retry_after_seconds(value)
    return timedelta(minutes=5) if seconds is None else timedelta(seconds=seconds)
