"""One client per upstream system. Every read is a bulk call, so loaders can batch N keys into one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from bff.backends.http import UpstreamError, UpstreamHttp, join_ids
from bff.backends.models import (
    Agent,
    BankAccount,
    Claim,
    Contract,
    Document,
    NewServiceRequest,
    Person,
    SalesImpulse,
    ServiceRequest,
    Transaction,
)


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

    async def stream_content(self, document_id: str) -> AsyncIterator[bytes]:
        """Stream the PDF through without holding it in memory."""
        async with self.http.client.stream("GET", f"/documents/{document_id}/content") as response:
            if response.status_code != 200:
                raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
            async for chunk in response.aiter_bytes():
                yield chunk


class ClaimsClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def claims_by_contract_ids(self, contract_ids: Sequence[str]) -> list[Claim]:
        if not contract_ids:
            return []
        return await self.http.get_items("/claims", Claim, contract_ids=join_ids(contract_ids))

    async def claims_by_ids(self, ids: Sequence[str]) -> list[Claim]:
        return await self.http.get_items("/claims", Claim, ids=join_ids(ids)) if ids else []


class CrmClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def agents_by_ids(self, ids: Sequence[str]) -> list[Agent]:
        return await self.http.get_items("/agents", Agent, ids=join_ids(ids)) if ids else []

    async def impulses_by_person_ids(self, person_ids: Sequence[str]) -> list[SalesImpulse]:
        if not person_ids:
            return []
        return await self.http.get_items("/impulses", SalesImpulse, person_ids=join_ids(person_ids))


class ServicesClient:
    def __init__(self, http: UpstreamHttp) -> None:
        self.http = http

    async def requests_by_ids(self, ids: Sequence[str]) -> list[ServiceRequest]:
        return await self.http.get_items("/requests", ServiceRequest, ids=join_ids(ids)) if ids else []

    async def create_request(self, request: NewServiceRequest, *, idempotency_key: str) -> ServiceRequest:
        response = await self.http.request(
            "POST",
            "/requests",
            json=request.model_dump(mode="json"),
            headers={"Idempotency-Key": idempotency_key},
        )
        if response.status_code not in (200, 201):
            raise UpstreamError(self.http.system, f"HTTP {response.status_code}")
        return ServiceRequest.model_validate_json(response.content)
