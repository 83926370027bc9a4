"""The syntactic rules of the self-service forms' fields (length, pattern, range, step, files), one
pydantic model per mutation input: the server's checks read their limits from these models and the
layout engine sends the same limits with every form field (Adaptive Cards' input constraints), so a client
can enforce them before sending and can never disagree with the server."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

HOUSE_NUMBER_PATTERN = r"\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}\s?[a-zA-Z]?)?"
POSTAL_CODE_PATTERN = r"\d{5}"
NAME_PATTERN = r"[^\W\d_]+(?:(?:[ '’-]|\. ?)[^\W\d_]+)*\.?"
POLICY_NUMBER_PATTERN = r"[0-9A-Za-z][0-9A-Za-z ./-]{0,39}"


class Rules(BaseModel):
    """Field names as the mutation's input spells them (camelCase)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class AddressRules(Rules):
    street: str = Field(min_length=1, max_length=120)
    house_number: str = Field(pattern=HOUSE_NUMBER_PATTERN)
    postal_code: str = Field(pattern=POSTAL_CODE_PATTERN)
    city: str = Field(min_length=1, max_length=80)


class PersonalDataRules(Rules):
    last_name: str = Field(min_length=1, max_length=80, pattern=NAME_PATTERN)


class ExternalContractRules(Rules):
    insurer: str = Field(min_length=1, max_length=120)
    product: str | None = Field(default=None, max_length=120)
    policy_number: str = Field(pattern=POLICY_NUMBER_PATTERN)  # at most 40 characters
    premium: Decimal = Field(ge=0, le=Decimal("9999999999.99"), decimal_places=2)


class InvoiceRules(Rules):
    note: str | None = Field(default=None, max_length=200)
    total: Decimal | None = Field(default=None, ge=0, le=Decimal("9999999.99"), decimal_places=2)
    contract_ids: list[str] = Field(max_length=20)


class ArkCertificateRules(Rules):
    languages: list[str] = Field(min_length=1, max_length=4)


# The form mutations and their rules; a form field whose input has no rules here carries none.
FORM_RULES: dict[str, type[Rules]] = {
    "changeAddress": AddressRules,
    "changePersonalData": PersonalDataRules,
    "addExternalContract": ExternalContractRules,
    "updateExternalContract": ExternalContractRules,
    "submitInvoices": InvoiceRules,
    "requestArkCertificate": ArkCertificateRules,
}


@dataclass(frozen=True)
class FieldRule:
    """One field's limits, as the server checks them and the form component sends them."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    step: Decimal | None = None


def field_rule(rules: type[Rules], name: str) -> FieldRule:
    """The limits of `name` (the input's camelCase name or the model's field name)."""
    field = rules.model_fields.get(name) or next(
        (f for key, f in rules.model_fields.items() if f.alias == name), None
    )
    if field is None:
        return FieldRule()
    found: dict[str, Any] = {}
    for constraint in field.metadata:
        if isinstance(constraint, MinLen):
            found["min_length"] = constraint.min_length
        elif isinstance(constraint, MaxLen):
            found["max_length"] = constraint.max_length
        elif isinstance(constraint, Ge):
            found["minimum"] = Decimal(str(constraint.ge))
        elif isinstance(constraint, Le):
            found["maximum"] = Decimal(str(constraint.le))
        if getattr(constraint, "pattern", None) is not None:
            found["pattern"] = constraint.pattern
        if getattr(constraint, "decimal_places", None) is not None:
            found["step"] = Decimal(1).scaleb(-constraint.decimal_places)
    return FieldRule(**found)


def rule_of(mutation: str, name: str) -> FieldRule:
    rules = FORM_RULES.get(mutation)
    return field_rule(rules, name) if rules is not None else FieldRule()
