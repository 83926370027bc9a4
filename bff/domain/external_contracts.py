"""Rules for external contracts (B5, Fremdverträge) the customer enters: what a sane entry is. The BFF
owns these rows, so this is the only check they get."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bff.backends.models import Line, PaymentFrequency
from bff.domain.form_rules import POLICY_NUMBER_PATTERN, ExternalContractRules, field_rule
from bff.domain.master_data import tidy
from bff.domain.problems import FieldProblem, field_problem

MAX_PER_ACCOUNT = 100
"""Enough for any household's insurance folder; stops a script from filling the table."""
MAX_PREMIUM = field_rule(ExternalContractRules, "premium").maximum or Decimal(0)  # Numeric(12, 2)
MAX_NAME = field_rule(ExternalContractRules, "insurer").max_length or 0
MAX_PRODUCT = field_rule(ExternalContractRules, "product").max_length or 0
_POLICY_NUMBER = re.compile(POLICY_NUMBER_PATTERN)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_RENEWAL_YEARS = range(1950, 2101)


@dataclass(frozen=True)
class ExternalContractForm:
    insurer: str
    line: Line
    product: str | None
    policy_number: str
    premium: Decimal | None  # None: what was typed is no amount
    payment_frequency: PaymentFrequency
    renewal_date: date | None

    def tidied(self) -> ExternalContractForm:
        product = tidy(self.product) if self.product else None
        return ExternalContractForm(
            insurer=tidy(self.insurer),
            line=self.line,
            product=product or None,
            policy_number=tidy(self.policy_number),
            premium=self.premium,
            payment_frequency=self.payment_frequency,
            renewal_date=self.renewal_date,
        )


def policy_key(policy_number: str) -> str:
    """The same policy number however it was typed: no spaces, case-insensitive."""
    return "".join(policy_number.split()).casefold()


def external_contract_problems(form: ExternalContractForm) -> list[FieldProblem]:
    """Problems of an already tidied form."""
    problems: list[FieldProblem] = []
    if not _LETTER_OR_DIGIT.search(form.insurer) or len(form.insurer) > MAX_NAME:
        problems.append(
            field_problem(
                "insurer",
                "Bitte geben Sie die Versicherungsgesellschaft an (höchstens {MAX_NAME} Zeichen).",
                MAX_NAME=MAX_NAME,
            )
        )
    if form.product is not None and len(form.product) > MAX_PRODUCT:
        problems.append(
            field_problem(
                "product",
                "Der Produktname darf höchstens {MAX_PRODUCT} Zeichen lang sein.",
                MAX_PRODUCT=MAX_PRODUCT,
            )
        )
    if not _POLICY_NUMBER.fullmatch(form.policy_number):
        problems.append(
            field_problem(
                "policyNumber",
                "Bitte geben Sie die Versicherungsscheinnummer an: Buchstaben, Ziffern, "
                "Leerzeichen, Punkt, Schrägstrich oder Bindestrich, höchstens 40 Zeichen.",
            )
        )
    premium = form.premium
    if premium is None:
        problems.append(
            field_problem(
                "premium", "Bitte geben Sie den Beitrag als Betrag in Euro an, z. B. 45,90 oder 1.234,56."
            )
        )
    elif not premium.is_finite() or premium < 0 or premium > MAX_PREMIUM or premium != round(premium, 2):
        problems.append(
            field_problem(
                "premium",
                "Bitte geben Sie den Beitrag als Betrag in Euro mit höchstens zwei Nachkommastellen an.",
            )
        )
    if form.renewal_date is not None and form.renewal_date.year not in _RENEWAL_YEARS:
        problems.append(field_problem("renewalDate", "Bitte prüfen Sie das Verlängerungsdatum."))
    return problems


DUPLICATE = field_problem("policyNumber", "Diesen Vertrag haben Sie bereits erfasst.")
TOO_MANY = field_problem(
    "", "Sie können höchstens {MAX_PER_ACCOUNT} Fremdverträge erfassen.", MAX_PER_ACCOUNT=MAX_PER_ACCOUNT
)
