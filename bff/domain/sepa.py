"""The SEPA direct-debit mandate of a bank change (D1): the customer who lets premiums be collected from a
new account gives a mandate, in the Rulebook's standard wording, to each group company that collects; the
mandate reference is the contract's policy number. The form shows the text, the mutation takes the consent
and the change carries it to the back office, whose confirmation letter names creditor and reference."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from babel.lists import format_list

from bff.backends import models as up
from bff.domain.formatting import babel_locale
from bff.domain.problems import FieldProblem, field_problem
from bff.i18n import translate

CONSENT_FIELD = "sepaMandateConsent"


def mandate_text(companies: Sequence[str], locale: str = "de") -> str:
    """The mandate as the customer agrees to it, in the customer's language (German for the back office)."""
    names = (
        format_list(list(companies), locale=babel_locale(locale))
        if companies
        else translate("die einziehenden Gesellschaften", locale)
    )
    return translate(
        "Ich ermächtige {names}, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise "
        "ich mein Kreditinstitut an, die von {names} auf mein Konto gezogenen Lastschriften einzulösen. "
        "Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des "
        "belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten "
        "Bedingungen.",
        locale,
        names=names,
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
    return field_problem(
        CONSENT_FIELD,
        "Bitte erteilen Sie das SEPA-Lastschriftmandat, damit wir die Beiträge von dem neuen Konto einziehen "
        "dürfen.",
    )
