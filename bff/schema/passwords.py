"""The typed answer to a refused password, shared by registration, reset and password change (A5)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from bff.auth import password_policy
from bff.auth.password_policy import PasswordProblem

# Registered as it is (the same class), so service code and schema share one enum.
strawberry.enum(
    PasswordProblem,
    name="PasswordProblem",
    description="Why a password is refused: fewer than 10 or more than 128 characters, contains the "
    "customer number or the name, or is a commonly used password.",
)


@strawberry.type(description="The password does not meet the rules; every problem is listed.")
class WeakPassword:
    problems: list[PasswordProblem]
    message: str
    message_en: str

    @classmethod
    def of(cls, problems: Sequence[PasswordProblem]) -> WeakPassword:
        message, message_en = password_policy.messages(problems)
        return cls(problems=list(problems), message=message, message_en=message_en)
