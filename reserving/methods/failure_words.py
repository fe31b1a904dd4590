"""What kind of arithmetic failed, in words a user can act on.

Apart from `reserving.methods.failures` because the tails need it too, and the tails sit
below the method inputs that `failures` works with: one module each keeps the imports a tree.
"""

from __future__ import annotations


def failure_in_words(exc: BaseException) -> str:
    """Say what kind of arithmetic failed, in words; the exception text itself is for developers only.

    Raw texts such as "cannot convert float NaN to integer" tell a user nothing about their
    data, so only the kind of failure is named; the exception stays chained for the logs.
    """
    if isinstance(exc, ZeroDivisionError | FloatingPointError):
        return "a division by zero: some value the method divides by is zero"
    if isinstance(exc, OverflowError):
        return "numbers grew beyond range: the development is too steep or erratic"
    if isinstance(exc, LookupError):
        return "an age or origin the method needs is missing: the triangle is too sparse or irregular"
    if isinstance(exc, ValueError) and "nan" in str(exc).lower():
        return "a missing (NaN) value where a number was needed: the triangle has gaps or too few values"
    return "no recognisable problem in the values; try other assumptions or fewer exclusions"
