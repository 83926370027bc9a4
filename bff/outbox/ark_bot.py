"""The ARK certificate bot (D7): once the services system has the request, it renders one certificate
per chosen language, files each into the customer's postbox and sends the email notice (C3). Every
step is keyed by the outbox record, so a bot that dies half-way and runs again files nothing twice."""

from __future__ import annotations

import base64
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from bff.backends import models as up
from bff.backends.http import UpstreamError
from bff.db.models import Account, ArkCertificate, ServiceRequestRecord
from bff.domain.ark import ArkCertificateRequest, country_name, language_name
from bff.domain.certificate_codes import certificate_code, code_digest
from bff.domain.upstream_texts import ARK_CERTIFICATE_SUBJECT
from bff.i18n import translate
from bff.mail.base import dispatch
from bff.mail.links import VERIFY_CERTIFICATE, mail_link
from bff.mail.texts import new_document_mail
from bff.offload import run_cpu_bound
from bff.outbox.ark_pdf import Certificate, InsuredPerson, render_certificate
from bff.outbox.calendar import berlin
from bff.outbox.document_notices import mark_notified
from bff.outbox.forwarding import forward_to_services
from bff.outbox.handlers import Refused, RetryLater, handles

if TYPE_CHECKING:
    from bff.context import AppState

log = logging.getLogger(__name__)

CONTENT_TYPE = "ARK_ZERTIFIKAT"
"""The DMS content type of travel insurance certificates (C1 maps it to clear text)."""
NOTICE_SENT_TTL = timedelta(days=30)


@handles(up.ServiceRequestKind.ARK_CERTIFICATE)
async def deliver_ark_certificate(record: ServiceRequestRecord, state: AppState) -> str | None:
    """Forward (closed or down → retry later), then file the certificates and notify. Returns the
    services system's request id."""
    upstream_id = await forward_to_services(record, state)
    request = ArkCertificateRequest.of_payload(record.payload)
    try:
        certificate = await _certificate(record, state, request)
        filed = [
            await state.backends.postbox.add_document(
                up.NewDocument(
                    person_id=record.person_id,
                    contract_id=request.contract_id,
                    content_type=CONTENT_TYPE,
                    subject=_subject(request.country, language),
                    pdf_base64=_base64(await run_cpu_bound(render_certificate, certificate, language)),
                ),
                idempotency_key=f"{record.id}:{language}",
            )
            for language in request.languages
        ]
    except UpstreamError as error:
        raise RetryLater(f"{error.system} unavailable ({error.reason})") from error
    await _notify(record, state, documents=filed)
    return upstream_id


async def _certificate(
    record: ServiceRequestRecord, state: AppState, request: ArkCertificateRequest
) -> Certificate:
    contracts = await state.backends.policies.contracts_by_person_ids([record.person_id])
    contract = next((c for c in contracts if c.id == request.contract_id), None)
    if contract is None or contract.travel_health is None:
        raise Refused("the travel health contract is no longer held by the requester")
    names = {role.person_id: role.name for role in contract.roles}
    persons = {p.id: p for p in await state.backends.partners.persons_by_ids(list(request.person_ids))}
    passports = dict(zip(request.person_ids, request.passport_numbers, strict=False))
    code = certificate_code(state.settings.secret_key, record.id)
    terms = contract.travel_health
    certificate = Certificate(
        insurer=contract.company_name,
        insurer_contact=contract.company_contact,
        emergency_phone=terms.emergency_phone,
        policy_number=contract.policy_number,
        persons=tuple(
            InsuredPerson(
                name=names.get(person_id) or _name(persons.get(person_id)),
                birth_date=persons[person_id].birth_date if person_id in persons else None,
                passport_number=passports.get(person_id),
            )
            for person_id in request.person_ids
        ),
        travel_start=request.travel_start,
        travel_end=request.travel_end,
        country=request.country,
        max_trip_days=terms.max_trip_days,
        sum_insured=terms.sum_insured,
        coverages=tuple(terms.coverages),
        issued_at=berlin(state.clock()),
        reference=record.id,
        verification_code=code,
        verification_url=mail_link(state.settings, VERIFY_CERTIFICATE, code),
    )
    await _register(record, state, certificate)
    return certificate


def mask_passport_number(number: str) -> str:
    """C01X0••••: enough for an officer to match the passport in hand, not enough to copy it."""
    return number[:-4] + "•" * 4 if len(number) > 4 else "•" * len(number)


async def _register(record: ServiceRequestRecord, state: AppState, certificate: Certificate) -> None:
    """What the verification shows, stored once per request (a retried bot finds it there)."""
    async with state.db.session() as session:
        if await session.get(ArkCertificate, record.id) is not None:
            return
        session.add(
            ArkCertificate(
                request_id=record.id,
                code_digest=code_digest(certificate.verification_code),
                person_id=record.person_id,
                contract_id=ArkCertificateRequest.of_payload(record.payload).contract_id,
                policy_number=certificate.policy_number,
                insurer=certificate.insurer,
                travellers=[
                    {"name": p.name, "passport": mask_passport_number(p.passport_number or "")}
                    for p in certificate.persons
                ],
                travel_start=certificate.travel_start,
                travel_end=certificate.travel_end,
                country=certificate.country,
                sum_insured=certificate.sum_insured,
                coverages=[c.value for c in certificate.coverages],
                emergency_phone=certificate.emergency_phone,
                issued_at=certificate.issued_at,
            )
        )
        await session.commit()


def _name(person: up.Person | None) -> str:
    if person is None:
        return "?"
    return " ".join(part for part in (person.first_name, person.last_name) if part) or "?"


def _subject(country: str, language: str) -> str:
    """German, as every subject in the postbox: e.g. "Reisekrankenversicherungs-Bescheinigung – Spanien
    (Englisch)"."""
    country_de, language_de = country_name(country, "de"), language_name(language, "de")
    return translate(ARK_CERTIFICATE_SUBJECT, "de", country=country_de, language=language_de)


def _base64(pdf: bytes) -> str:
    return base64.b64encode(pdf).decode("ascii")


async def _notify(record: ServiceRequestRecord, state: AppState, *, documents: list[up.Document]) -> None:
    """The C3 notice to the account's email address, once per request (a retry after a crash between
    the mail and the worker's bookkeeping may send it again, which is better than never). The notice
    poller is told these documents are announced, so the customer does not hear of them twice."""
    sent_key = f"ark-certificate-notice:{record.id}"
    if await state.store.get(sent_key) is not None:
        return
    async with state.db.session() as session:
        account = await session.get(Account, record.account_id)
    if account is None or not account.email:
        log.info("ark certificate %s: the account has no email address, no notice sent", record.id)
        return
    link = f"{state.settings.public_base_url}/"
    message = new_document_mail(
        sender=state.settings.mail_from, to=account.email, link=link, count=len(documents)
    )
    await dispatch([message], mailer=state.mailer, postal=state.postal)
    await mark_notified(state, account_id=account.id, documents=[d.id for d in documents])
    await state.store.set(sent_key, "sent", ttl_seconds=int(NOTICE_SENT_TTL.total_seconds()))
