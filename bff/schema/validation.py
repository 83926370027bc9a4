"""`ValidationFailed`: the server re-validates every form field whatever the client did (DESIGN: forms),
and answers every problem at once with the input path it belongs to. Generic, shared by all mutations."""

from __future__ import annotations

from collections.abc import Iterable

import strawberry

from bff.domain.problems import FieldProblem
from bff.i18n import message_fields


@strawberry.type(description="One refused input field.")
class FieldError:
    path: str = strawberry.field(
        description="Where the field is in the input, dotted, with list indexes: e.g. `iban`, "
        "`debitContractIds.1`, `address.postalCode`."
    )
    message: str = strawberry.field(description="What is wrong, in German.")
    message_en: str = strawberry.field(description="What is wrong, in English.")


@strawberry.type(description="The input was refused; every refused field is listed with its path.")
class ValidationFailed:
    fields: list[FieldError] = strawberry.field(description="The fields that failed and why.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, problems: Iterable[FieldProblem]) -> ValidationFailed:
        return cls(
            fields=[FieldError(path=p.path, message=p.message, message_en=p.message_en) for p in problems],
            **message_fields("Bitte prüfen Sie Ihre Eingaben."),
        )

    @classmethod
    def single(cls, path: str, message: str, message_en: str) -> ValidationFailed:
        return cls.of([FieldProblem(path=path, message=message, message_en=message_en)])
