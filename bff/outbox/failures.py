"""What a customer is told when a request accepted earlier is refused afterwards: a reason in German and
English (in `serviceRequests`), a letter in the postbox and a mail pointing to it. A refusal a clerk can
settle (a contract in dunning, an address the back office cannot place) goes to the clerk queue instead
(G4), where the clerk applies or rejects it. The texts name no personal data."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select

from bff.backends import models as up
from bff.db.models import Account, ServiceRequestRecord
from bff.i18n import N_, both
from bff.mail.base import dispatch
from bff.mail.texts import request_failed_mail
from bff.outbox.document_notices import mark_notified
from bff.outbox.kinds import TITLES, title_of
from bff.outbox.letters import file_service_letter, received_on
from bff.outbox.requests import FailureCode

if TYPE_CHECKING:
    from bff.context import AppState

log = logging.getLogger(__name__)


REASONS: dict[FailureCode, str] = {
    FailureCode.CRITICAL_PROCESS: N_(
        "Ein betroffener Vertrag ist in einem besonderen Vorgang (zum Beispiel einem Mahnverfahren). Ein "
        "Sachbearbeiter prüft Ihren Auftrag persönlich."
    ),
    FailureCode.UNCLEAR_ADDRESS: N_(
        "Die Fachabteilung konnte die Anschrift nicht zuordnen. Ein Sachbearbeiter prüft sie persönlich."
    ),
    FailureCode.NOT_ACCEPTED: N_(
        "Die Fachabteilung konnte Ihren Auftrag nicht ausführen; Ihre bisherigen Daten bleiben unverändert. "
        "Bitte prüfen Sie Ihre Angaben und senden Sie den Auftrag erneut, oder schreiben Sie uns."
    ),
    FailureCode.UNDELIVERABLE: N_(
        "Wir konnten Ihren Auftrag wiederholt nicht an die Fachabteilung weitergeben. Bitte senden Sie ihn "
        "erneut oder schreiben Sie uns."
    ),
}


def reason_of(record: ServiceRequestRecord) -> tuple[str, str] | None:
    """The reason the customer reads, for a request that failed or a refusal a clerk now reviews."""
    if record.failure_code is None:
        return None
    return both(REASONS.get(FailureCode(record.failure_code), REASONS[FailureCode.NOT_ACCEPTED]))


async def tell_customer(state: AppState, record: ServiceRequestRecord, code: FailureCode) -> None:
    """The letter (once per request: the postbox key makes a retry answer the first one), then the mail
    to the customer's account (also for a change staff made for them); the new-document notice is told,
    so the customer gets one mail, not two. Raises `UpstreamError` while the postbox is unavailable."""
    titles = title_of(up.ServiceRequestKind(record.kind))
    title = titles[0]
    reason = REASONS[code]  # the letter is German (msgid)
    text = f"Ihren Auftrag „{title}“ vom {received_on(record)} konnten wir leider nicht ausführen. {reason}"
    letter = await file_service_letter(
        record, backends=state.backends, now=state.clock(), text=text, purpose="request-failed"
    )
    async with state.db.session() as session:
        account = (
            await session.scalars(
                select(Account).where(Account.person_id == record.person_id, Account.role == "customer")
            )
        ).first()
    if account is None or not account.email:
        log.info("request %s failed: no customer account with an email address, letter only", record.id)
        return
    sent_key = f"request-failed-notice:{record.id}"
    if await state.store.get(sent_key) is not None:
        return
    link = f"{state.settings.public_base_url}/"
    await dispatch(
        [
            request_failed_mail(
                sender=state.settings.mail_from,
                to=account.email,
                link=link,
                title=TITLES[up.ServiceRequestKind(record.kind)],
            )
        ],
        mailer=state.mailer,
        postal=state.postal,
    )
    await mark_notified(state, account_id=account.id, documents=[letter.id])
    await state.store.set(sent_key, "sent", ttl_seconds=30 * 24 * 3600)
