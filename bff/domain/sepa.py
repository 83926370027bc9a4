"""The SEPA direct-debit mandate of a bank change (D1): the customer who lets premiums be collected from a
new account gives a mandate, in the Rulebook's standard wording, to each group company that collects; the
mandate reference is the contract's policy number. The form shows the text, the mutation takes the consent
and the change carries it to the back office, whose confirmation letter names creditor and reference."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bff.backends import models as up
from bff.domain.problems import FieldProblem

CONSENT_FIELD = "sepaMandateConsent"


def _names(companies: Sequence[str], conjunction: str) -> str:
    if len(companies) <= 1:
        return "".join(companies)
    return f"{', '.join(companies[:-1])} {conjunction} {companies[-1]}"


def mandate_text(companies: Sequence[str], locale: str = "de") -> str:
    """The mandate as the customer agrees to it (German first; English for an English client)."""
    if locale == "en":
        names = _names(companies, "and") or "the collecting companies"
        return (
            f"I authorise {names} to collect payments from my account by direct debit. At the same time I "
            f"instruct my bank to honour the direct debits drawn on my account by {names}. Note: I can "
            "demand a refund of the amount debited within eight weeks, starting with the date of the debit; "
            "the conditions agreed with my bank apply."
        )
    names = _names(companies, "und") or "die einziehenden Gesellschaften"
    return (
        f"Ich ermächtige {names}, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise "
        f"ich mein Kreditinstitut an, die von {names} auf mein Konto gezogenen Lastschriften einzulösen. "
        "Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des "
        "belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten "
        "Bedingungen."
    )


def mandate_references(contracts: Iterable[up.Contract]) -> list[up.SepaMandateReference]:
    """One mandate per contract whose premiums the account pays, in the order given."""
    return [
        up.SepaMandateReference(
            company=contract.company,
            company_name=contract.company_name,
            creditor_id=contract.company_contact.creditor_id if contract.company_contact else None,
            reference=contract.policy_number,
            contract_id=contract.id,
        )
        for contract in contracts
    ]


def collecting_companies(references: Iterable[up.SepaMandateReference]) -> list[str]:
    return list(dict.fromkeys(reference.company_name for reference in references))


def mandate_of(contracts: Sequence[up.Contract]) -> up.SepaMandate:
    """No time in it: the same change sent again (a lost answer) is the same request; it holds from the
    request's day."""
    references = mandate_references(contracts)
    return up.SepaMandate(text=mandate_text(collecting_companies(references)), mandates=references)


def consent_problem(*, collects: bool, consent: bool) -> FieldProblem | None:
    """Premiums collected from the new account need the mandate; payouts alone do not."""
    if not collects or consent:
        return None
    return FieldProblem(
        CONSENT_FIELD,
        "Bitte erteilen Sie das SEPA-Lastschriftmandat, damit wir die Beiträge von dem neuen Konto einziehen "
        "dürfen.",
        "Please give the SEPA direct-debit mandate so that we may collect the premiums from the new account.",
    )
