"""ARK certificate requests (D7): the viewer's own travel-health contract, server-side validation, and
the request committed to the outbox, whose bot delivers the certificates. No step-up: a certificate
changes nothing and lands in the customer's own postbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select

from bff.auth.throttle import Throttled, allow_anonymous_request
from bff.backends import models as up
from bff.backends.http import UpstreamError
from bff.db.models import ArkCertificate, ServiceRequestRecord
from bff.domain.ark import contract_problem, cover_end, validate_request
from bff.domain.certificate_codes import code_digest, normalise_code
from bff.domain.master_data import idempotency_key_problems
from bff.domain.problems import FieldProblem
from bff.errors import NotFound
from bff.outbox.calendar import SERVICES_CALENDAR
from bff.outbox.pipeline import Change, submit_change
from bff.outbox.requests import IdempotencyKeyReused
from bff.resolvers.common import settled
from bff.resolvers.contracts import resolve_own_contract
from bff.scope import RequestScope


@dataclass(frozen=True)
class ArkRequestAccepted:
    record: ServiceRequestRecord
    expected_delivery_at: datetime


async def resolve_ark_contract(
    contract_id: str, *, scope: RequestScope, travel_health_only: bool = True
) -> up.Contract:
    """The viewer's own (travel-health) contract; another customer's reads as not found."""
    contract = await resolve_own_contract(contract_id, scope=scope)
    if contract is None or (travel_health_only and contract.travel_health is None):
        raise NotFound()
    return contract


def expected_delivery_for(record: ServiceRequestRecord, *, now: datetime) -> datetime:
    """When the certificates are (or were) in the postbox: within minutes of the next delivery attempt
    if the back office works then, else shortly after it opens."""
    if record.delivered_at is not None:
        return record.delivered_at
    return SERVICES_CALENDAR.expected_delivery(max(record.next_attempt_at, now))


async def resolve_request_ark_certificate(
    *,
    scope: RequestScope,
    contract_id: str,
    person_ids: Sequence[str] | None,
    travel_start: date,
    travel_end: date,
    destination_country: str,
    languages: Sequence[str],
    passports: Sequence[tuple[str, str]],
    idempotency_key: str,
) -> ArkRequestAccepted | list[FieldProblem]:
    """Validated and committed, or every problem at once. Raises `IdempotencyKeyReused` for a key that
    carried another request, `NotFound` for a contract that is not the viewer's ARK contract."""
    person_id = scope.person_id
    contract = await resolve_ark_contract(contract_id, travel_health_only=False, scope=scope)
    outcome = validate_request(
        contract=contract,
        person_ids=person_ids,
        travel_start=travel_start,
        travel_end=travel_end,
        destination_country=destination_country,
        languages=languages,
        passports=passports,
        today=scope.today,
    )
    key_problems = idempotency_key_problems(idempotency_key)
    if isinstance(outcome, list) or key_problems:
        return [*(outcome if isinstance(outcome, list) else []), *key_problems]
    submitted = settled(
        await submit_change(
            Change(
                kind=up.ServiceRequestKind.ARK_CERTIFICATE,
                payload=outcome.payload(),
                idempotency_key=idempotency_key,
                audit_action="ark_certificate.requested",
                audit_detail={"languages": len(outcome.languages), "persons": len(outcome.person_ids)},
            ),
            actor=scope.actor(person_id=person_id),
            db=scope.db,
            store=scope.store,
        )
    )
    if isinstance(submitted, IdempotencyKeyReused):
        raise submitted
    if isinstance(submitted, list):
        return submitted
    record = submitted
    expected = expected_delivery_for(record, now=scope.clock())
    return ArkRequestAccepted(record=record, expected_delivery_at=expected)


class CertificateStatus(StrEnum):
    VALID = "VALID"  # the contract covers the trip, which has not ended
    TRIP_ENDED = "TRIP_ENDED"  # genuine, but the certified trip is over
    COVER_ENDED = "COVER_ENDED"  # genuine, but the contract no longer covers the trip
    UNCHECKED = "UNCHECKED"  # genuine; the policy system could not be asked just now


@dataclass(frozen=True)
class CertificateVerified:
    certificate: ArkCertificate
    status: CertificateStatus


VERIFY_ACTION = "verify-ark-certificate"


async def resolve_verify_ark_certificate(
    code: str, *, scope: RequestScope
) -> CertificateVerified | Throttled | None:
    """Public (D7): the certificate a code belongs to, as it was issued, and whether it holds today; None
    for a code no certificate has, however it is malformed (no hint what a real code looks like). Each
    check counts against the client address's limit of anonymous requests, so codes cannot be tried out
    in bulk."""
    if not await allow_anonymous_request(
        scope.store, action=VERIFY_ACTION, client_address=scope.client_address
    ):
        return Throttled()
    if normalise_code(code) is None:
        return None
    async with scope.db.session() as session:
        found = (
            await session.scalars(
                select(ArkCertificate).where(ArkCertificate.code_digest == code_digest(code))
            )
        ).first()
    if found is None:
        return None
    if found.travel_end < scope.today:
        return CertificateVerified(found, CertificateStatus.TRIP_ENDED)
    try:
        contracts = await scope.backends.policies.contracts_by_person_ids([found.person_id])
    except UpstreamError:
        return CertificateVerified(found, CertificateStatus.UNCHECKED)
    contract = next((c for c in contracts if c.id == found.contract_id), None)
    covers = (
        contract is not None
        and contract_problem(contract) is None
        and ((ends := cover_end(contract)) is None or ends >= found.travel_end)
    )
    return CertificateVerified(found, CertificateStatus.VALID if covers else CertificateStatus.COVER_ENDED)
