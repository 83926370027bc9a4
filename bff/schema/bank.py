"""Bank details (D1, D6): check an IBAN while the customer types, and change the account used for the
customer's contracts. The change is accepted at once, also outside service hours, and delivered later."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from bff.auth.stepup import StepUpOperation
from bff.context import Info
from bff.domain.formatting import mask_iban
from bff.domain.iban import MESSAGES, CheckedIban, IbanProblem, check_iban
from bff.domain.sepa import collecting_companies, mandate_text
from bff.i18n import both, message_fields
from bff.outbox.requests import OutboxStatus
from bff.resolvers import bank as resolvers
from bff.schema.common import PostalIdentRequired, postal_ident_refusal
from bff.schema.enum_values import described_enum
from bff.schema.services import IdempotencyKeyReused, RoutedToClerk, ServiceRequest
from bff.schema.stepup import StepUpRequired, step_up_required
from bff.schema.validation import ValidationFailed

described_enum(
    IbanProblem,
    name="IbanProblem",
    description="Why an IBAN is refused (D1); each has its own message so the form can say what is wrong.",
    values={
        IbanProblem.INVALID_FORMAT: "Characters or structure not allowed for the IBAN's country.",
        IbanProblem.INVALID_LENGTH: "Not the right length for the IBAN's country.",
        IbanProblem.UNKNOWN_COUNTRY: "Does not start with a known country code.",
        IbanProblem.INVALID_CHECKSUM: "The two IBAN check digits (ISO 13616) do not match; usually a typo.",
        IbanProblem.INVALID_NATIONAL_CHECKSUM: "The bank's own account check digit does not match (German "
        "Bundesbank methods).",
        IbanProblem.UNKNOWN_BANK: "A German bank code (BLZ) that no bank uses.",
        IbanProblem.NOT_SEPA: "Outside the SEPA area; premiums are collected by SEPA direct debit.",
    },
)


@strawberry.type(description="The result of an IBAN check; BIC and bank name come from the bank registry.")
class IbanCheck:
    valid: bool = strawberry.field(description="Whether the IBAN is valid.")
    iban: str = strawberry.field(description="The IBAN without spaces, upper case.")
    formatted: str | None = strawberry.field(description="In groups of four, when valid.")
    bic: str | None = strawberry.field(description="BIC of the bank; null when unknown.")
    bank_name: str | None = strawberry.field(description="Name of the bank; null when unknown.")
    reason: IbanProblem | None = strawberry.field(description="Why it is not valid; null when valid.")
    message: str | None = strawberry.field(description="The reason in German; null when valid.")
    message_en: str | None = strawberry.field(description="The reason in English; null when valid.")

    @classmethod
    def of(cls, check: CheckedIban) -> IbanCheck:
        message, message_en = both(MESSAGES[check.problem]) if check.problem else (None, None)
        return cls(
            valid=check.valid,
            iban=check.iban[:64],
            formatted=check.formatted,
            bic=check.bic,
            bank_name=check.bank_name,
            reason=check.problem,
            message=message,
            message_en=message_en,
        )


@strawberry.type(description="One mandate: the company that collects, its creditor id and the reference.")
class SepaMandateReference:
    contract_id: relay.GlobalID = strawberry.field(description="The contract whose premiums it collects.")
    company_name: str = strawberry.field(description="The collecting group company (the creditor).")
    creditor_id: str | None = strawberry.field(description="Its SEPA creditor identifier (Gläubiger-ID).")
    reference: str = strawberry.field(description="The mandate reference: the contract's policy number.")


@strawberry.type(
    description="The SEPA direct-debit mandate a bank change gives for the contracts whose premiums the new "
    "account pays (D1): the text the customer agrees to with `sepaMandateConsent`, and the mandates."
)
class SepaMandateTerms:
    text: str = strawberry.field(description="The mandate text in German, naming the collecting companies.")
    text_en: str = strawberry.field(description="The same text in English.")
    mandates: list[SepaMandateReference] = strawberry.field(
        description="One per contract the customer holds, in contract order."
    )


@strawberry.type(description="The IBAN is not valid; `reason` says why.")
class InvalidIban:
    reason: IbanProblem = strawberry.field(description="What is wrong with the IBAN.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


@strawberry.input(description="A new bank account for some of the customer's contracts (D1).")
class ChangeBankAccountInput:
    iban: str = strawberry.field(description="The new IBAN.")
    debit_contract_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="Contracts whose premiums are collected from this account."
    )
    credit_contract_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="Contracts whose payouts and refunds go to this account."
    )
    step_up_grant: str | None = strawberry.field(
        default=None,
        description="Grant for CHANGE_BANK_ACCOUNT with payload "
        "`{iban, debitContractIds, creditContractIds}` exactly as in this input.",
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the client per change (e.g. a UUID); sending the same change again with it "
        "answers the first request instead of making a second one."
    )
    sepa_mandate_consent: bool = strawberry.field(
        default=False,
        description="The customer gives the SEPA direct-debit mandate (`sepaMandate` shows its text, "
        "creditor identifiers and mandate references); required when `debitContractIds` is not empty, "
        "else ValidationFailed names this field.",
    )


@strawberry.type(
    description="The new bank account is saved and will be passed on, also outside service hours; every "
    "group company holding a contract of the customer confirms it in the postbox (C6, D6)."
)
class BankChangeAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this change (D1)."
    )
    iban_masked: str = strawberry.field(description="The new IBAN, masked.")
    bic: str | None = strawberry.field(description="BIC of the new bank.")
    bank_name: str | None = strawberry.field(description="Name of the new bank.")
    informed_companies: list[str] = strawberry.field(
        description="The group companies that will confirm the change (D6)."
    )
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")


ChangeBankAccountResult = Annotated[
    BankChangeAccepted
    | InvalidIban
    | StepUpRequired
    | RoutedToClerk
    | ValidationFailed
    | IdempotencyKeyReused
    | PostalIdentRequired,
    strawberry.union(
        "ChangeBankAccountResult",
        description="What `changeBankAccount` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class BankQuery:
    @strawberry.field(
        description="The SEPA direct-debit mandate the bank change form shows (D1): its text, creditor "
        "identifiers and mandate references of the signed-in customer's contracts."
    )
    async def sepa_mandate(self, info: Info) -> SepaMandateTerms:
        references = await resolvers.resolve_sepa_mandate_references(scope=info.context.scope)
        companies = collecting_companies(references)
        return SepaMandateTerms(
            text=mandate_text(companies, "de"),
            text_en=mandate_text(companies, "en"),
            mandates=[
                SepaMandateReference(
                    contract_id=relay.GlobalID("Contract", r.contract_id),
                    company_name=r.company_name,
                    creditor_id=r.creditor_id,
                    reference=r.reference,
                )
                for r in references
            ],
        )

    @strawberry.field(description="Check an IBAN (D1): validity with the reason, BIC and bank name.")
    def check_iban(
        self, iban: Annotated[str, strawberry.argument(description="The IBAN to check.")]
    ) -> IbanCheck:
        return IbanCheck.of(check_iban(iban))


@strawberry.type
class BankMutation:
    @strawberry.mutation(
        description="Use a new bank account for some of the customer's own contracts (D1); the holder is "
        "always the signed-in customer. Needs a step-up grant (see the input). Answers BankChangeAccepted at "
        "once, also outside service hours; RoutedToClerk when a chosen contract is in a critical process "
        "such as an active dunning procedure."
    )
    async def change_bank_account(
        self,
        info: Info,
        input: Annotated[
            ChangeBankAccountInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> ChangeBankAccountResult:
        if (refusal := postal_ident_refusal(info)) is not None:
            return refusal
        form = resolvers.BankChangeForm(
            iban=input.iban,
            debit_contract_ids=input.debit_contract_ids,
            credit_contract_ids=input.credit_contract_ids,
            idempotency_key=input.idempotency_key,
            sepa_mandate_consent=input.sepa_mandate_consent,
        )
        outcome = await resolvers.resolve_change_bank_account(
            form=form, step_up_grant=input.step_up_grant, scope=info.context.scope
        )
        if isinstance(outcome, CheckedIban):
            problem = outcome.problem or IbanProblem.INVALID_FORMAT
            return InvalidIban(reason=problem, **message_fields(MESSAGES[problem]))
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        if outcome is resolvers.BankChangeStop.STEP_UP_REQUIRED:
            return step_up_required(StepUpOperation.CHANGE_BANK_ACCOUNT, resolvers.step_up_payload(form))
        if outcome is resolvers.BankChangeStop.KEY_REUSED:
            return IdempotencyKeyReused()
        now = info.context.app.clock()
        if outcome.record.status == OutboxStatus.ROUTED_TO_CLERK:
            return RoutedToClerk.of(outcome.record, now=now)
        return BankChangeAccepted(
            request=ServiceRequest.of(outcome.record, now=now),
            iban_masked=mask_iban(outcome.check.iban),
            bic=outcome.check.bic,
            bank_name=outcome.check.bank_name,
            informed_companies=outcome.informed_companies,
            **message_fields(
                "Ihre neue Bankverbindung ist eingegangen. Sie erhalten eine Bestätigung in Ihr Postfach."
            ),
        )
