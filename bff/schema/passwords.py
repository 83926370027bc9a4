"""The typed answer to a refused password, shared by registration, reset and password change (A5)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from bff.auth import password_policy
from bff.auth.password_policy import PasswordProblem
from bff.schema.enum_values import described_enum

# Registered as it is (the same class), so service code and schema share one enum.
described_enum(
    PasswordProblem,
    name="PasswordProblem",
    description="Why a password is refused (A5); every problem of a password is listed at once.",
    values={
        PasswordProblem.TOO_SHORT: "Fewer than 10 characters.",
        PasswordProblem.TOO_LONG: "More than 128 characters.",
        PasswordProblem.CONTAINS_CUSTOMER_NUMBER: "Contains the customer number (Kundennummer), also with "
        "separators in between.",
        PasswordProblem.CONTAINS_NAME: "Contains the first or last name (parts of 3 or more letters, umlauts "
        "written either way).",
        PasswordProblem.TOO_COMMON: "A commonly used password, also with digits or symbols around it or "
        "repeated.",
        PasswordProblem.TOO_GUESSABLE: "The strength estimate (zxcvbn, with the customer's own data, the "
        "common list and the portal's words as dictionary) puts it below 10^8 guesses.",
    },
)


@strawberry.type(description="The password does not meet the rules; every problem is listed.")
class WeakPassword:
    problems: list[PasswordProblem] = strawberry.field(description="What makes the password weak.")
    message: str = strawberry.field(description="What happened, in German, ready to show.")
    message_en: str = strawberry.field(description="The same message in English.")

    @classmethod
    def of(cls, problems: Sequence[PasswordProblem]) -> WeakPassword:
        message, message_en = password_policy.messages(problems)
        return cls(problems=list(problems), message=message, message_en=message_en)
