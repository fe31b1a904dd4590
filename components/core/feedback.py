"""Turning errors into messages: a user sees what went wrong and where, never a traceback.

Pages wrap every call into the domain in `attempt`: a `ReservingError` becomes `st.error`
with its message and place (file, sheet, row, column); anything else is logged for the
maintainers and shown as one generic sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

import streamlit as st

from components.i18n.catalogue import t
from reserving.errors import ReservingError

_LOG = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def error_text(exc: ReservingError) -> str:
    """Word the message of a domain error, prefixed by where it happened when that is known."""
    where = exc.location.describe()
    if where:
        return t("error.input_at", where=where, message=exc.message)
    return t("error.input", message=exc.message)


def show_error(exc: Exception) -> None:
    """Show `exc` to the user: its own message if the domain raised it, else a generic one."""
    if isinstance(exc, ReservingError):
        st.error(error_text(exc), icon=":material/error:")
    else:
        _LOG.exception("unexpected error in a page", exc_info=exc)
        st.error(t("error.unexpected"), icon=":material/error:")


def attempt(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
    """Call `func`; on any error show it (see `show_error`) and return None."""
    try:
        return func(*args, **kwargs)
    except Exception as exc:  # every failure must reach the user as a message, not a traceback
        show_error(exc)
        return None


def show_skipped(skipped: Sequence[tuple[str, str]]) -> None:
    """Warn that some segments were left out of a total, each with its reason.

    A sum of segments that silently lacks one would be taken for the whole portfolio, so
    the reader must see which segments are missing from it and why.
    """
    if skipped:
        lines = "\n".join(f"- {reason}" for _, reason in skipped)
        st.warning(t("retro.skipped", lines=lines), icon=":material/warning:")
