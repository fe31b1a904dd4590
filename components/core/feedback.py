"""Turning errors into messages: a user sees what went wrong and where, never a traceback.

Pages wrap every call into the domain in `attempt`: a `ReservingError` becomes `st.error`
with its message and place (file, sheet, row, column); anything else is logged for the
maintainers and shown as one generic sentence.

The engine words its messages for the code's own fields (``TailAssumptions.kind: munich is
run without a tail``, ``the data has ['累计赔款']``). `user_message` translates them at the
edge: the field path becomes the name of the setting in the session's language ("Tail (kind
of tail): ..."), method codes become method names and Python lists plain lists.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

import streamlit as st

from components.i18n.catalogue import has_text, t
from components.i18n.labels import method_text
from reserving.errors import ReservingError
from reserving.methods import METHODS

_LOG = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


FIELD_PATH = re.compile(r"^(?P<area>[A-Z][A-Za-z]*(?:Assumptions|Options)|Selection)(?:\.(?P<field>[\w/\[\]]+))?:\s*")
"""The engine's ``Class.field:`` prefix of an assumption message (`reserving.assumptions._fail` and the methods)."""
PY_LIST = re.compile(r"\[(?:\s*'[^'\]]*'\s*(?:,\s*'[^'\]]*'\s*)*)?\]")
"""A Python list of strings as ``repr`` writes it: ``['累计赔款', 'paid']`` or ``[]``."""
METHOD_CODE = re.compile(
    r"(?<![\w'.(-])'?(" + "|".join(sorted(map(re.escape, METHODS), key=len, reverse=True)) + r")(?![\w)-]|\.\w)'?"
)
"""A method's code standing alone in a message (``munich``, ``'cape_cod'``), not inside a word or a name.

A code in brackets is the key given beside a method's name ("Chain ladder (chainladder)": what to type)
and stays as it is.
"""


def field_words(area: str, field: str | None) -> str:
    """Name of the setting a message is about: ``TailAssumptions`` + ``kind`` -> 'Tail (kind of tail)'."""
    area_key = f"field.{area}"
    area_text = t(area_key) if has_text(area_key) else area
    if not field:
        return area_text
    base = re.sub(r"\[.*?\]", "", field)
    field_key = f"field.{base}"
    field_text = t(field_key) if has_text(field_key) else base.replace("_", " ")
    return t("field.at", area=area_text, field=field_text)


def plain_list(match: re.Match[str]) -> str:
    """Write a Python list of strings as the language writes a list ('累计赔款', 'a, b'); an empty one as 'none'."""
    items = ast.literal_eval(match.group(0))
    return t("list.join").join(str(item) for item in items) if items else t("list.none")


def user_message(message: str) -> str:
    """Word an engine message for a user: a setting's name for the field path, method names, plain lists.

    The message itself (what is wrong and what to do) is the engine's; only the code's
    vocabulary is replaced, so nothing the engine says is lost.
    """
    text = str(message)
    found = FIELD_PATH.match(text)
    if found:
        where = field_words(found.group("area"), found.group("field"))
        text = t("field.message", where=where, message=text[found.end() :])
    text = PY_LIST.sub(plain_list, text)
    # a method's own name already in the message ("ODP bootstrap") is kept whole, not read as a code
    names = sorted({spec.label for spec in METHODS.values()}, key=len, reverse=True)
    kept = {f"\x00{i}\x00": name for i, name in enumerate(names) if name in text}
    for mark, name in kept.items():
        text = text.replace(name, mark)
    text = METHOD_CODE.sub(lambda m: method_text(m.group(1)), text)
    for mark, name in kept.items():
        text = text.replace(mark, method_text(next(key for key, spec in METHODS.items() if spec.label == name)))
    return text


def error_text(exc: ReservingError) -> str:
    """Word the message of a domain error, prefixed by where it happened when that is known."""
    where = exc.location.describe()
    message = user_message(exc.message)
    if where:
        return t("error.input_at", where=where, message=message)
    return t("error.input", message=message)


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
        lines = "\n".join(f"- {user_message(reason)}" for _, reason in skipped)
        st.warning(t("retro.skipped", lines=lines), icon=":material/warning:")
