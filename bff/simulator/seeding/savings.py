"""Savings accounts (Tagesgeld/Festgeld) with a transaction history that adds up to the balance (B6)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from babel.numbers import format_decimal

from bff.backends.models import DirectDebitMandate, Line, PaymentFrequency, SavingsKind, SavingsTerms
from bff.domain.formatting import mask_iban
from bff.simulator.seeding.builder import CustomerBuilder
from bff.simulator.seeding.rows import CENT, ContractRef, PersonRef

INTEREST = Decimal("NaN")
"""Marks an interest booking whose amount depends on the balance at that date."""


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _quarter_end(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 3
    following = date(day.year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def savings_contract(
    b: CustomerBuilder,
    *,
    holder: PersonRef,
    start: date,
    payout_iban: str,
    debit_iban: str | None,
    rate: Decimal,
    opening: Decimal,
    deposit: Decimal,
    deposit_every: int = 1,
    withdrawals: int = 2,
    months: int = 24,
    kind: SavingsKind = SavingsKind.TAGESGELD,
) -> ContractRef:
    """A savings contract whose `balance` is `opening` plus its transactions of the last `months`.

    Tagesgeld: savings rate by direct debit every `deposit_every` months, quarterly interest, some
    withdrawals to the payout account. Festgeld: one deposit, yearly interest, fixed until a date.
    """
    rng, today = b.rng, b.today
    account_id = f"sa-{b.number}-{b.next('savings')}"
    mandate = (
        DirectDebitMandate(
            reference=f"MBK-{b.number}-{b.next('mandate'):02d}", iban=debit_iban, signed_on=start
        )
        if debit_iban and kind is SavingsKind.TAGESGELD
        else None
    )
    tagesgeld = kind is SavingsKind.TAGESGELD
    first_month = max(start, _month_start(today, months - 1))
    bookings: list[tuple[date, Decimal, str]] = []
    balance = opening.quantize(CENT)
    if start >= first_month:  # opened inside the window: the opening amount is its first booking
        bookings.append((start, balance, "Ersteinzahlung" if tagesgeld else "Anlage Festgeld"))
        balance = Decimal("0.00")
    first, last = first_month.year * 12 + first_month.month - 1, today.year * 12 + today.month - 1
    withdraw_offsets = set(rng.sample(range(last - first + 1), k=min(withdrawals, last - first + 1)))
    for offset, index in enumerate(range(first, last + 1)):
        day = max(date(index // 12, index % 12 + 1, 1), start + timedelta(days=1))
        if tagesgeld and mandate and offset % deposit_every == 0:
            bookings.append((day, deposit, f"Sparrate per Lastschrift, Mandat {mandate.reference}"))
        if tagesgeld and offset in withdraw_offsets:
            amount = Decimal(rng.randint(2, 15) * 100)
            bookings.append(
                (
                    day + timedelta(days=rng.randint(3, 20)),
                    -amount,
                    f"Auszahlung auf Referenzkonto {mask_iban(payout_iban)}",
                )
            )
        interest_month = day.month % 3 == 0 if tagesgeld else day.month == 12  # quarterly vs yearly
        if interest_month:
            quarter_end = _quarter_end(day)
            bookings.append((quarter_end, INTEREST, f"Zinsgutschrift {quarter_end:%m/%Y}"))
    rows: list[tuple[date, Decimal, str]] = []
    for value_date, amount, text in sorted((x for x in bookings if x[0] <= today), key=lambda x: x[0]):
        if amount is INTEREST:  # placeholder, computed on the running balance
            amount = (balance * rate / 100 / (4 if tagesgeld else 1)).quantize(CENT)
        if balance + amount < 0:
            continue
        balance += amount
        rows.append((value_date, amount, text))
    fixed_until = (
        date(today.year + 1, start.month, min(start.day, 28)) if kind is SavingsKind.FESTGELD else None
    )
    terms = SavingsTerms(
        kind=kind,
        account_id=account_id,
        interest_rate=rate,
        balance=balance,
        payout_iban=payout_iban,
        fixed_until=fixed_until,
        direct_debit_mandate=mandate,
    )
    facts = [
        ("Kontoart", "Tagesgeld" if tagesgeld else "Festgeld"),
        ("Zinssatz", f"{format_decimal(rate, format='#,##0.00', locale='de_DE')} % p. a."),
        ("Einlagensicherung", "bis 100.000 € je Kunde"),
    ]
    contract = b.contract(
        Line.SAVINGS,
        holder=holder,
        start=start,
        yearly_premium=Decimal(0),
        frequency=PaymentFrequency.NONE,
        product="Tagesgeldkonto" if tagesgeld else "Festgeldkonto",
        facts=facts,
        savings=terms,
        expiry=fixed_until,
    )
    for value_date, amount, text in rows:
        b.transaction(account_id, value_date=value_date, amount=amount, text=text)
    return contract
