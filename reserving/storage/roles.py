"""Who may do what: the three roles and the actions each allows.

The reserve measures separate preparing a valuation from approving it: an actuary prepares
(saves datasets, assumptions and valuations, submits them), the chief actuary approves or
returns (and may also prepare), a viewer only reads. Reading needs no permission check.
"""

from __future__ import annotations

import enum

from reserving.storage.errors import PermissionDenied


class Role(enum.StrEnum):
    """A user's role, stored as its value."""

    ACTUARY = "actuary"
    CHIEF_ACTUARY = "chief_actuary"
    VIEWER = "viewer"


class Action(enum.StrEnum):
    """Everything that changes the database; each is checked against the user's role."""

    SAVE_DATASET = "save a dataset"
    SAVE_ASSUMPTIONS = "save assumptions"
    CREATE_VALUATION = "create a valuation"
    EDIT_VALUATION = "edit a valuation"
    SUBMIT = "submit a valuation for approval"
    APPROVE = "approve a valuation"
    RETURN = "return a valuation"
    MANAGE_USERS = "add users or change roles"


_PREPARE = frozenset(
    {Action.SAVE_DATASET, Action.SAVE_ASSUMPTIONS, Action.CREATE_VALUATION, Action.EDIT_VALUATION, Action.SUBMIT}
)
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset(),
    Role.ACTUARY: _PREPARE,
    Role.CHIEF_ACTUARY: _PREPARE | {Action.APPROVE, Action.RETURN, Action.MANAGE_USERS},
}


def parse_role(value: str | Role) -> Role:
    """Return the `Role` named by `value`.

    Raises
    ------
    PermissionDenied
        If `value` is not a role, listing the valid ones.
    """
    try:
        return Role(value)
    except ValueError:
        valid = ", ".join(role.value for role in Role)
        raise PermissionDenied(f"unknown role {value!r}: use one of {valid}") from None


def allowed(role: Role | str, action: Action) -> bool:
    """Whether `role` may perform `action`."""
    return action in PERMISSIONS[parse_role(role)]


def require(user: str, role: Role | str, action: Action) -> None:
    """Raise `PermissionDenied` unless `role` allows `action`, naming who can do it instead."""
    if allowed(role, action):
        return
    who = " or ".join(r.value.replace("_", " ") for r in Role if action in PERMISSIONS[r])
    raise PermissionDenied(
        f"user {user!r} is a {parse_role(role).value.replace('_', ' ')} and cannot {action.value}; "
        f"ask a user with the {who} role"
    )
