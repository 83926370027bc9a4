"""Invoice submission (D8): receipts uploaded with the GraphQL multipart request spec, stored before the
answer, forwarded to the health claims department by the outbox; a refused one can be sent again."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.file_uploads import Upload

from bff.context import Info
from bff.i18n import message_fields
from bff.resolvers import invoices as resolvers
from bff.schema.common import AmountInput
from bff.schema.services import IdempotencyKeyReused, ServiceRequest
from bff.schema.validation import ValidationFailed


@strawberry.type(description="A stored receipt: the name cleaned, the type recognised from the content.")
class SubmittedFile:
    name: str = strawberry.field(
        description="The uploaded file's name, cleaned up, with an extension matching its type."
    )
    media_type: str = strawberry.field(description="image/jpeg, image/png, image/heic or application/pdf.")
    size_bytes: int = strawberry.field(description="Size of the stored file in bytes.")


@strawberry.type(
    description="The invoices are stored and will be passed on to the health claims department, also "
    "when it is unavailable right now; the benefit case then appears under the contract's claims."
)
class InvoicesAccepted:
    request: ServiceRequest = strawberry.field(
        description="The service request that carries this submission (D8)."
    )
    files: list[SubmittedFile] = strawberry.field(description="Every receipt stored, in upload order.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, stored: resolvers.InvoicesStored, info: Info) -> InvoicesAccepted:
        return cls(
            request=ServiceRequest.of(stored.record, now=info.context.app.clock()),
            files=[
                SubmittedFile(name=f.name, media_type=f.media_type, size_bytes=f.size_bytes)
                for f in stored.files
            ],
            **message_fields(
                "Vielen Dank, Ihre Rechnungen sind eingegangen. Wir leiten sie an die Leistungsabteilung "
                "Ihrer Krankenversicherung weiter."
            ),
        )


@strawberry.type(
    description="Only a submission the claims department refused (state FAILED) can be sent again."
)
class InvoiceSubmissionNotResendable:
    message: str = strawberry.field(
        default="Diese Einreichung ist nicht fehlgeschlagen und kann nicht erneut gesendet werden.",
        description="What happened, in German, ready to show.",
    )
    message_en: str = strawberry.field(
        default="This submission has not failed and cannot be sent again.",
        description="The same message in English.",
    )


@strawberry.input(description="Invoices for one or more health contracts (D8).")
class SubmitInvoicesInput:
    contract_ids: list[strawberry.ID] = strawberry.field(
        description="Ids of `Contract`s: full or supplementary health or travel health insurance of which "
        "the viewer is the policyholder (co-insured persons cannot submit)."
    )
    files: list[Upload] = strawberry.field(
        description="The receipts as multipart file parts (JPEG, PNG, HEIC or PDF, recognised by content); "
        "at most `BFF_INVOICE_MAX_FILES` files of `BFF_INVOICE_MAX_FILE_MB` each (defaults 10 and 10 MB, "
        "30 MB together)."
    )
    note: str | None = strawberry.field(
        default=None,
        description="The customer's own title for the submission (at most 200 characters); kept with the "
        "request, not passed on to the claims department.",
    )
    idempotency_key: str = strawberry.field(
        description="Chosen by the client per submission; a retry with the same key and files answers the "
        "first submission and stores nothing again."
    )
    total: AmountInput | None = strawberry.field(
        default=None,
        description='The receipts\' sum in euros as typed ("1.234,56" or "1234.56"), optional; passed on '
        "to the claims department with the receipts.",
    )


SubmitInvoicesResult = Annotated[
    InvoicesAccepted | ValidationFailed | IdempotencyKeyReused,
    strawberry.union(
        "SubmitInvoicesResult",
        description="What `submitInvoices` answers; the member type tells the outcome.",
    ),
]
ResendInvoiceSubmissionResult = Annotated[
    InvoicesAccepted | InvoiceSubmissionNotResendable,
    strawberry.union(
        "ResendInvoiceSubmissionResult",
        description="What `resendInvoiceSubmission` answers; the member type tells the outcome.",
    ),
]


@strawberry.type
class InvoiceMutation:
    @strawberry.mutation(
        description="Submit receipts for health contracts (D8), as a GraphQL multipart request (the web "
        "client adds the header `GraphQL-Preflight: 1`). Refused fields are listed in ValidationFailed "
        "with paths such as `files.2` or `contractIds.0`; nothing is stored then."
    )
    async def submit_invoices(
        self,
        info: Info,
        input: Annotated[
            SubmitInvoicesInput, strawberry.argument(description="The request, field by field.")
        ],
    ) -> SubmitInvoicesResult:
        outcome = await resolvers.resolve_submit_invoices(
            contract_ids=input.contract_ids,
            files=input.files,
            note=input.note,
            idempotency_key=input.idempotency_key,
            total=input.total,
            locale=info.context.locale,
            scope=info.context.scope,
        )
        if isinstance(outcome, list):
            return ValidationFailed.of(outcome)
        if outcome is resolvers.InvoiceStop.IDEMPOTENCY_KEY_REUSED:
            return IdempotencyKeyReused()
        assert isinstance(outcome, resolvers.InvoicesStored)
        return InvoicesAccepted.of(outcome, info)

    @strawberry.mutation(
        description="Send a refused (FAILED) invoice submission again with the stored files; it goes back "
        "to ACCEPTED and is delivered as a fresh attempt. Another customer's id is NOT_FOUND."
    )
    async def resend_invoice_submission(
        self,
        info: Info,
        request_id: Annotated[
            strawberry.ID, strawberry.argument(description="Id of the earlier submission.")
        ],
    ) -> ResendInvoiceSubmissionResult:
        outcome = await resolvers.resolve_resend_invoice_submission(str(request_id), scope=info.context.scope)
        if outcome is resolvers.InvoiceStop.NOT_RESENDABLE:
            return InvoiceSubmissionNotResendable()
        assert isinstance(outcome, resolvers.InvoicesStored)
        return InvoicesAccepted.of(outcome, info)
