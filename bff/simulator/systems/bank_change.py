"""The back office's side of a bank change (D1, D6): the requesting person's account with that IBAN is
created or reused, the chosen contracts are relinked to it as debit and/or credit account, and every
group company holding a contract of the person confirms the change in the postbox (C6). Runs inside
the service request's transaction, so a replay with the same idempotency key never applies it twice."""

from __future__ import annotations

from datetime import datetime

import msgspec
from fastapi import HTTPException, status
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bff.backends.models import AccountUsage, BankChangePayload, ServiceRequestKind, Title
from bff.domain.formatting import mask_iban
from bff.simulator.db import AccountLinkRow, BankAccountRow, ContractRow, PersonRow, ServiceRequestRow
from bff.simulator.runtime import Runtime
from bff.simulator.seeding.rows import display_name
from bff.simulator.service_hours import ServiceHours
from bff.simulator.systems.confirmations import effective_text, salutation, write_change_confirmations
from bff.simulator.systems.scheduled_changes import deferred
from bff.simulator.systems.service_effects import effect_of

USAGE_TEXT = {AccountUsage.DEBIT: "Beitragseinzug", AccountUsage.CREDIT: "Auszahlungen und Erstattungen"}


def _refuse(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


@effect_of(ServiceRequestKind.BANK_CHANGE)
async def change_bank_account(session: AsyncSession, row: ServiceRequestRow, runtime: Runtime) -> None:
    """The partners and policies systems refuse what the portal should never have sent: contracts the
    person does not hold, or a contract with a critical process (dunning: a clerk decides, and a change
    the clerk approved passes, G4). G2: a broker's change holds from its effective day."""
    try:
        change = msgspec.convert(row.payload, BankChangePayload)
    except msgspec.ValidationError as error:
        raise _refuse("invalid BANK_CHANGE payload") from error
    links = [(cid, AccountUsage.DEBIT) for cid in dict.fromkeys(change.debit_contract_ids)] + [
        (cid, AccountUsage.CREDIT) for cid in dict.fromkeys(change.credit_contract_ids)
    ]
    if not links:
        raise _refuse("no contract chosen")
    person = await session.get(PersonRow, row.person_id)
    if person is None:
        raise _refuse("unknown person_id")
    chosen_ids = {cid for cid, _ in links}
    contracts = {
        c.id: c for c in (await session.scalars(select(ContractRow).where(ContractRow.id.in_(chosen_ids))))
    }
    if any(contracts.get(cid) is None or contracts[cid].holder_id != person.id for cid in chosen_ids):
        raise _refuse("contract not held by the person")
    if not row.approved_by_clerk and any(contracts[cid].critical_process for cid in chosen_ids):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="critical process on a chosen contract")
    if deferred(session, row, change.effective_from, runtime):
        return

    account = await _account_for(session, person, change, request_id=row.id)
    for contract_id, usage in links:
        await session.execute(
            delete(AccountLinkRow).where(
                AccountLinkRow.contract_id == contract_id, AccountLinkRow.usage == usage.value
            )
        )
        session.add(AccountLinkRow(account_id=account.id, contract_id=contract_id, usage=usage.value))

    bank = f"{change.bank_name} ({change.bic})" if change.bank_name and change.bic else change.bank_name or ""
    head = (
        f"{salutation(person)}\n\nwir haben Ihre neue Bankverbindung gespeichert:\n"
        f"Kontoinhaber: {account.holder_name}\nIBAN: {mask_iban(change.iban)}\n"
        + (f"Bank: {bank}\n" if bank else "")
    )

    def body(company: str) -> str:
        """Each company names its own contracts only, and the day the change holds from (G2)."""
        lines = [
            f"- {contracts[cid].product}, Vertrag {contracts[cid].policy_number}: {USAGE_TEXT[usage]}"
            for cid, usage in links
            if contracts[cid].company == company
        ]
        if not lines:
            return head + "\nIhre Verträge bei uns sind davon nicht betroffen."
        return (
            head
            + f"\nSie gilt {effective_text(change.effective_from)} für:\n"
            + "\n".join(lines)
            + _mandate_text(change, company, row.received_at)
        )

    await write_change_confirmations(
        session, request=row, topic="Bestätigung Ihrer neuen Bankverbindung", body=body
    )


def _mandate_text(change: BankChangePayload, company: str, received_at: datetime) -> str:
    """The mandate the customer gave in the portal for this company's contracts, as the letter confirms it
    (creditor identifier and mandate reference); a broker's change keeps the mandate on file."""
    if change.sepa_mandate is None:
        return "\n\nIhr SEPA-Lastschriftmandat und Ihre Mandatsreferenz bleiben unverändert."
    mine = [m for m in change.sepa_mandate.mandates if m.company == company]
    if not mine:
        return ""
    given = f"{ServiceHours.local(received_at):%d.%m.%Y}"
    lines = [f"- Mandatsreferenz {m.reference}" for m in mine]
    return (
        f"\n\nSie haben uns am {given} ein SEPA-Lastschriftmandat für die neue Bankverbindung erteilt."
        f"\nGläubiger-Identifikationsnummer: {mine[0].creditor_id or '–'}\n" + "\n".join(lines)
    )


async def _account_for(
    session: AsyncSession, person: PersonRow, change: BankChangePayload, *, request_id: str
) -> BankAccountRow:
    """The person's account with this IBAN; a new one otherwise. The holder is always the person."""
    existing = (
        await session.scalars(
            select(BankAccountRow).where(
                BankAccountRow.person_id == person.id, BankAccountRow.iban == change.iban
            )
        )
    ).first()
    if existing is not None:
        return existing
    title = Title(person.title) if person.title else None
    account = BankAccountRow(
        id=f"ba-{request_id}",
        person_id=person.id,
        iban=change.iban,
        bic=change.bic,
        bank_name=change.bank_name,
        holder_name=display_name(person.first_name, person.last_name, title) or person.company_name or "",
    )
    session.add(account)
    await session.flush()
    return account
