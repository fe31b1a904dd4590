"""The UPR methods Rule No. 1 allows, and which line may use which.

Rule No. 1 (2022 implementing rules, Arts. 5-8): 1/365 in principle for evenly spread risk and
always for compulsory motor third-party liability (交强险); a risk-distribution method (rule
of 78, reverse rule of 78, or another reasonable curve) for unevenly spread risk; 1/4, 1/8 or
1/24 only for reinsurance business without policy-level data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reserving.errors import AssumptionError

DAILY = "1/365"
RULE_78 = "78"
REVERSE_78 = "reverse78"
CURVE = "curve"
GROUPED = {"1/24": 12, "1/8": 4, "1/4": 2}
"""The 1/n methods and their writing periods per year (month, quarter, half-year)."""
METHODS = (DAILY, RULE_78, REVERSE_78, "1/24", "1/8", "1/4", CURVE)

METHOD_NAMES = {
    DAILY: "1/365 (三百六十五分之一法)",
    RULE_78: "rule of 78 (七十八法则法)",
    REVERSE_78: "reverse rule of 78 (逆七十八法则法)",
    "1/24": "1/24 (二十四分之一法)",
    "1/8": "1/8 (八分之一法)",
    "1/4": "1/4 (四分之一法)",
    CURVE: "custom earning curve (风险分布法)",
}

_COMPULSORY_WORDS = ("交强", "compulsory")


class MethodNotAllowedError(AssumptionError):
    """A UPR method the rules do not allow for a line (compulsory motor other than 1/365)."""


def is_compulsory_name(line: object) -> bool:
    """Whether a line's name marks compulsory motor third-party liability (交强险, "compulsory ...")."""
    text = str(line).lower()
    return any(word in text for word in _COMPULSORY_WORDS)


def check_method(method: str) -> str:
    """Return `method` if it is one of `METHODS`, else raise in the user's words."""
    if method not in METHODS:
        raise AssumptionError(f"unknown UPR method '{method}'; choose one of {', '.join(METHODS)}")
    return method


def methods_by_line(
    lines: Iterable[str], default: str, overrides: Mapping[str, str], compulsory: Iterable[str]
) -> dict[str, str]:
    """Return the method of every line, refusing any method other than 1/365 on compulsory motor.

    Raises
    ------
    MethodNotAllowedError
        When a compulsory-motor line gets another method (Rule No. 1, Art. 6).
    AssumptionError
        For an unknown method name.
    """
    compulsory = set(compulsory)
    out = {}
    for line in lines:
        method = check_method(overrides.get(line, default))
        if line in compulsory and method != DAILY:
            raise MethodNotAllowedError(
                f"line '{line}' is compulsory motor third-party liability (交强险): Rule No. 1 (2022), Art. 6 requires"
                f" the 1/365 method for it, so {METHOD_NAMES[method]} cannot be used; choose 1/365 for this line"
            )
        out[line] = method
    return out
