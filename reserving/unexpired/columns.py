"""Which column of a policy listing holds what: roles, their English and Chinese names, the mapping.

A listing names its columns many ways (``签单保费``, ``Written Premium``, ``gwp``). Each role
has a set of synonyms compared after `reserving.columns.normalise_name` (NFKC, lower case,
no punctuation or bracketed units), so ``签单保费（万元）`` meets ``签单保费``. A mapping given
by hand (``ROLE=COL``) always wins; guessing fills only the roles left open and never reuses
a column the user mapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reserving.columns import normalise_name
from reserving.errors import InputError

REQUIRED_ROLES = ("policy_id", "branch", "line", "start_date", "end_date", "written_premium")
"""Roles every listing must have: without them no unearned share can be computed."""

OPTIONAL_ROLES = (
    "acquisition_cost",
    "acquisition_ratio",
    "effective_date",
    "written_date",
    "cancel_date",
    "refund",
    "ceded_premium",
    "ceded_commission",
    "compulsory",
)
"""Roles that refine the figures when present (an acquisition-cost ratio per line may replace the cost)."""

ROLES = REQUIRED_ROLES + OPTIONAL_ROLES
DATE_ROLES = ("start_date", "end_date", "effective_date", "written_date", "cancel_date")
AMOUNT_ROLES = ("written_premium", "acquisition_cost", "refund", "ceded_premium", "ceded_commission")
RATIO_ROLES = ("acquisition_ratio",)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "policy_id": ("policy_id", "policy id", "policy", "policy no", "policy number", "policyno", "保单号", "保单号码"),
    "branch": ("branch", "branch office", "region", "分支机构", "机构", "分公司"),
    "line": ("line", "line of business", "lob", "product line", "class", "险种", "险类", "业务线"),
    "start_date": (
        "start_date",
        "start",
        "inception",
        "inception date",
        "effective from",
        "cover start",
        "起保日期",
        "保险起期",
        "起期",
    ),
    "end_date": ("end_date", "end", "expiry", "expiry date", "cover end", "终止日期", "保险止期", "止期", "到期日期"),
    "written_premium": (
        "written_premium",
        "written premium",
        "premium",
        "gwp",
        "gross written premium",
        "签单保费",
        "保费",
        "承保保费",
    ),
    "acquisition_cost": (
        "acquisition_cost",
        "acquisition cost",
        "acquisition",
        "policy acquisition cost",
        "commission",
        "保单获取成本",
        "获取成本",
        "手续费",
    ),
    "acquisition_ratio": (
        "acquisition_ratio",
        "acquisition cost ratio",
        "acquisition ratio",
        "保单获取成本率",
        "获取成本率",
    ),
    "effective_date": (
        "effective_date",
        "endorsement date",
        "endorsement effective date",
        "批改生效日期",
        "批单生效日期",
        "批改日期",
    ),
    "written_date": ("written_date", "written date", "issue date", "signing date", "签单日期", "承保日期"),
    "cancel_date": ("cancel_date", "cancellation date", "cancelled on", "退保日期", "注销日期"),
    "refund": ("refund", "refund amount", "return premium", "退保金额", "退费金额", "退保保费"),
    "ceded_premium": ("ceded_premium", "ceded premium", "reinsurance premium", "分出保费"),
    "ceded_commission": ("ceded_commission", "ceded commission", "reinsurance commission", "分保佣金", "摊回分保费用"),
    "compulsory": ("compulsory", "compulsory motor", "is compulsory", "交强险", "是否交强险", "交强险标志"),
}
SYNONYMS: dict[str, frozenset[str]] = {
    role: frozenset(normalise_name(n) for n in names) for role, names in _SYNONYMS.items()
}


@dataclass(frozen=True)
class PolicyMapping:
    """Which source column plays each role: ``((role, column), ...)``, sorted by role, hashable.

    Attributes
    ----------
    columns : tuple of (str, str)
        The role of each mapped column.
    sheet : str or None
        The workbook sheet to read (the first when None).
    encoding : str or None
        The CSV encoding (detected when None).
    """

    columns: tuple[tuple[str, str], ...] = ()
    sheet: str | None = None
    encoding: str | None = None

    @classmethod
    def from_pairs(cls, pairs: Mapping[str, str] | Iterable[tuple[str, str]], **kwargs: str | None) -> PolicyMapping:
        """Build a mapping from ``{role: column}`` or ``ROLE=COL`` pairs, refusing an unknown role."""
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        out: dict[str, str] = {}
        for role, column in items:
            if role not in ROLES:
                raise InputError(f"unknown column role '{role}'; the roles are {', '.join(ROLES)}")
            out[role] = column
        return cls(tuple(sorted(out.items())), **kwargs)

    def get(self, role: str) -> str | None:
        """Return the column of `role`, or None."""
        return dict(self.columns).get(role)


def parse_pairs(texts: Iterable[str]) -> dict[str, str]:
    """Read ``ROLE=COL`` options (the command line's ``--column``) into ``{role: column}``."""
    out: dict[str, str] = {}
    for text in texts:
        role, sep, column = text.partition("=")
        if not sep or not role.strip() or not column.strip():
            raise InputError(f"--column expects ROLE=COL, got '{text}'")
        out[role.strip()] = column.strip()
    return out


def guess_roles(columns: Iterable[str], given: PolicyMapping) -> dict[str, str]:
    """Return ``{role: column}``: the given mapping plus every open role whose synonym names a free column.

    Raises
    ------
    InputError
        When a given column is not in the table (the message lists the columns there are).
    """
    columns = [str(c) for c in columns]
    roles = dict(given.columns)
    for role, column in roles.items():
        if column not in columns:
            raise InputError(f"the column '{column}' mapped to {role} is not in the file; its columns are {columns}")
    used = set(roles.values())
    for role in ROLES:
        if role in roles:
            continue
        for column in columns:
            if column not in used and normalise_name(column) in SYNONYMS[role]:
                roles[role] = column
                used.add(column)
                break
    return roles
