"""Row builders: one `CustomerBuilder` per customer turns decisions into table rows.

Ids are namespaced by customer number (`c-100001-03`, `d-100001-0042`), so a customer's data does not
change when the number of generated customers does. Rows are plain dicts for bulk inserts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import msgspec

from bff.backends.models import (
    AccountUsage,
    ContractStatus,
    DeliveryChannel,
    Direction,
    ImpulseAudience,
    LegalExpensesTerms,
    Line,
    MaritalStatus,
    PaymentFrequency,
    PersonKind,
    RoleKind,
    SavingsTerms,
    Title,
    TravelHealthTerms,
)
from bff.simulator.seeding.catalog import COMPANIES, LINES, PERIODS, travel_health_terms
from bff.simulator.seeding.facts import FACTS, FactContext
from bff.simulator.seeding.rows import (
    CENT,
    ContractRef,
    PersonRef,
    Rows,
    anniversary_after,
    display_name,
)


class CustomerBuilder:
    """Creates the rows of one customer (and of the non-customer persons around them)."""

    def __init__(self, rows: Rows, *, customer_number: str, today: date, rng: random.Random) -> None:
        self.rows = rows
        self.number = customer_number
        self.today = today
        self.rng = rng
        self.person_id = f"p-{customer_number}"
        self.delivery_channel = DeliveryChannel.DIGITAL  # the customer's, once `person(customer=True)` ran
        self._seq: dict[str, int] = {}

    def next(self, kind: str) -> int:
        self._seq[kind] = self._seq.get(kind, 0) + 1
        return self._seq[kind]

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    # --- partners -----------------------------------------------------------------------------

    def person(
        self,
        *,
        customer: bool,
        kind: PersonKind = PersonKind.NATURAL,
        salutation: str | None = None,
        title: Title | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        company_name: str | None = None,
        birth_date: date | None = None,
        marital_status: MaritalStatus | None = None,
        marital_status_since: date | None = None,
        agent_id: str | None = None,
        is_agent: bool = False,
        delivery_channel: DeliveryChannel = DeliveryChannel.DIGITAL,
        consents: tuple[bool, bool] = (False, False),
        address: tuple[str, str, str, str] | None = None,
        communications: Sequence[tuple[str, str, bool]] = (),
    ) -> PersonRef:
        """A person row; `customer=True` is the builder's own customer, otherwise a related person."""
        person_id = self.person_id if customer else f"{self.person_id}-{self.next('person')}"
        if customer:
            self.delivery_channel = delivery_channel
        street, house_number, postal_code, city = address or (None, None, None, None)
        name = company_name if kind is PersonKind.COMPANY else display_name(first_name, last_name, title)
        self.rows.persons.append(
            {
                "id": person_id,
                "customer_number": self.number if customer else None,
                "kind": kind.value,
                "salutation": salutation,
                "title": title.value if title else None,
                "first_name": first_name,
                "last_name": last_name,
                "company_name": company_name,
                "name_key": (last_name or company_name or "").lower(),
                "birth_date": birth_date,
                "marital_status": marital_status.value if marital_status else None,
                "marital_status_since": marital_status_since,
                "is_agent": is_agent,
                "agent_id": agent_id,
                "delivery_channel": delivery_channel.value,
                "consent_email": consents[0],
                "consent_phone": consents[1],
                "street": street,
                "house_number": house_number,
                "postal_code": postal_code,
                "city": city,
                "country": "DE" if address else None,
                "communications": [
                    {"id": f"{person_id}-k{index}", "kind": kind_, "value": value, "preferred": preferred}
                    for index, (kind_, value, preferred) in enumerate(communications, start=1)
                ],
            }
        )
        address_text = f"{street} {house_number}, {postal_code} {city}" if address else None
        return PersonRef(person_id, name or "", kind, address_text)

    def account(
        self, *, holder: PersonRef, iban: str, bic: str, bank_name: str, links: list[tuple[str, AccountUsage]]
    ) -> str:
        account_id = f"ba-{self.number}-{self.next('account')}"
        self.rows.bank_accounts.append(
            {
                "id": account_id,
                "person_id": holder.id,
                "iban": iban,
                "bic": bic,
                "bank_name": bank_name,
                "holder_name": holder.name,
            }
        )
        self.rows.account_links.extend(
            {"account_id": account_id, "contract_id": contract_id, "usage": usage.value}
            for contract_id, usage in links
        )
        return account_id

    # --- policies -----------------------------------------------------------------------------

    def contract(
        self,
        line: Line,
        *,
        holder: PersonRef,
        start: date,
        status: ContractStatus = ContractStatus.ACTIVE,
        expiry: date | Literal["auto"] | None = "auto",
        yearly_premium: Decimal | None = None,
        frequency: PaymentFrequency | None = None,
        product: str | None = None,
        insured: list[PersonRef] | None = None,
        extra_roles: Sequence[tuple[PersonRef, RoleKind]] = (),
        facts: list[tuple[str, str]] | None = None,
        special: str | None = None,
        critical_process: str | None = None,
        occupational_pension_continued: bool = False,
        legal_expenses: LegalExpensesTerms | None = None,
        savings: SavingsTerms | None = None,
        travel_health: TravelHealthTerms | None = None,
    ) -> ContractRef:
        """A contract with its roles; anything not given is drawn from the line's catalog entry."""
        spec, rng = LINES[line], self.rng
        seq = self.next("contract")
        contract_id = f"c-{self.number}-{seq:02d}"
        if expiry == "auto":
            expiry = self._auto_expiry(spec.expiry, line, start, status)
        frequency = frequency or rng.choice(spec.frequencies)
        if yearly_premium is None:
            low, high = spec.yearly_premium
            yearly_premium = Decimal(rng.randint(low * 100, high * 100)) / 100 if high else Decimal(0)
        premium = (yearly_premium / PERIODS[frequency]).quantize(CENT)
        product = product or rng.choice(spec.products)
        if facts is None:
            facts = FACTS[line](rng, FactContext(start, expiry, holder.address))
        if insured is None:
            insured = [holder] if spec.insures_person and holder.kind is PersonKind.NATURAL else []
        if line is Line.TRAVEL_HEALTH and travel_health is None:
            travel_health = travel_health_terms(rng.choice((42, 56, 63)))
        if travel_health is not None:
            facts = [*facts, ("Maximale Reisedauer", f"{travel_health.max_trip_days} Tage")]
        self.rows.contracts.append(
            {
                "id": contract_id,
                "policy_number": f"{spec.company}{self.number}{seq:03d}",
                "company": spec.company,
                "company_name": COMPANIES[spec.company],
                "product": product,
                "line": line.value,
                "status": status.value,
                "start_date": start,
                "expiry_date": expiry,
                "premium_cents": int(premium * 100),
                "currency": "EUR",
                "payment_frequency": frequency.value,
                "holder_id": holder.id,
                "holder_kind": holder.kind.value,
                "occupational_pension_continued": occupational_pension_continued,
                "special": special,
                "critical_process": critical_process,
                "facts": [{"label": label, "value": value} for label, value in facts],
                "legal_expenses": msgspec.to_builtins(legal_expenses) if legal_expenses else None,
                "savings": msgspec.to_builtins(savings) if savings else None,
                "travel_health": msgspec.to_builtins(travel_health) if travel_health else None,
            }
        )
        roles = [(holder, RoleKind.HOLDER), *((p, RoleKind.INSURED) for p in insured), *extra_roles]
        self.rows.contract_roles.extend(
            {"contract_id": contract_id, "person_id": p.id, "role": role.value, "name": p.name, "position": i}
            for i, (p, role) in enumerate(roles)
        )
        return ContractRef(
            contract_id,
            f"{spec.company}{self.number}{seq:03d}",
            line,
            spec.company,
            product,
            status,
            start,
            expiry,
            premium,
            frequency,
            holder,
        )

    def _auto_expiry(self, policy: str, line: Line, start: date, status: ContractStatus) -> date | None:
        if status is ContractStatus.ENDED:
            last = max(start + timedelta(days=370), self.today - timedelta(days=365 * 3))
            ended = last + timedelta(days=self.rng.randint(0, max(0, (self.today - last).days - 30)))
            return min(ended, self.today - timedelta(days=1))
        if status is ContractStatus.CANCELLED and policy != "renewal":  # ends at a month's start soon
            month = self.today.month + self.rng.randint(1, 3)
            return date(self.today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        if policy == "renewal":
            if line is Line.MOTOR:
                return date(max(self.today.year, start.year) + 1, 1, 1)
            return anniversary_after(start, max(self.today, start))
        if policy == "term":  # ends 20–35 years after the start, and always in the future
            year = max(start.year + self.rng.randint(20, 35), self.today.year + self.rng.randint(1, 15))
            return date(year, start.month, 1)
        return None

    def transaction(self, account_id: str, *, value_date: date, amount: Decimal, text: str) -> None:
        booking = value_date + timedelta(days=1 if value_date.weekday() == 4 else 0)
        self.rows.transactions.append(
            {
                "id": f"t-{account_id[3:]}-{self.next('tx' + account_id):03d}",
                "account_id": account_id,
                "value_date": value_date,
                "booking_date": min(booking, self.today),
                "amount_cents": int(amount.quantize(CENT) * 100),
                "currency": "EUR",
                "text": text,
            }
        )

    # --- postbox ------------------------------------------------------------------------------

    def document(
        self,
        content_type: str,
        subject: str,
        day: date,
        *,
        contract_id: str | None = None,
        person_id: str | None = None,
        direction: Direction = Direction.OUTBOUND,
        read: bool | None = None,
        legally_required: bool = False,
    ) -> str:
        """A postbox document; size is filled in by the seeder from the real PDF rendition."""
        day = min(day, self.today)
        rng = self.rng.random
        if read is None:
            recent = (self.today - day).days < 45
            read = direction is Direction.INBOUND or rng() < (0.35 if recent else 0.97)
        document_id = f"d-{self.number}-{self.next('document'):04d}"
        minute = int(rng() * 14 * 60)  # office hours 06:00–19:59
        moment = datetime(day.year, day.month, day.day, 6 + minute // 60, minute % 60)
        self.rows.documents.append(
            {
                "id": document_id,
                "person_id": person_id or self.person_id,
                "contract_id": contract_id,
                "content_type": content_type,
                "subject": subject,
                "created_at": moment,
                "direction": direction.value,
                "read": read,
                "legally_required": legally_required,
                "size_bytes": 0,
            }
        )
        return document_id

    # --- crm / services -----------------------------------------------------------------------

    def impulse(
        self,
        *,
        title: str,
        text: str,
        line: Line | None,
        audience: ImpulseAudience,
        relevance: float,
        valid_from: date,
        valid_until: date,
    ) -> None:
        self.rows.impulses.append(
            {
                "id": f"i-{self.number}-{self.next('impulse')}",
                "person_id": self.person_id,
                "title": title,
                "text": text,
                "line": line.value if line else None,
                "audience": audience.value,
                "relevance": relevance,
                "valid_from": valid_from,
                "valid_until": valid_until,
            }
        )

    def service_request(
        self, *, kind: str, status: str, received_at: datetime, payload: dict[str, Any]
    ) -> None:
        self.rows.service_requests.append(
            {
                "id": f"sr-{self.number}-{self.next('request')}",
                "person_id": self.person_id,
                "kind": kind,
                "status": status,
                "received_at": received_at,
                "payload": payload,
                "idempotency_key": None,
                "fingerprint": None,
            }
        )
