"""The Audit page's filters: user, action, object (type and id) and a date range.

The choices offered come from the log itself, so every option matches at least one entry.
`render_filters` returns keyword arguments for `Repository.audit_log`, which does the filtering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from components.core import state
from components.i18n.catalogue import t
from components.i18n.labels import action_text, object_text

ANY = ""


def _pick(key: str, label: str, values: list[str], name: Callable[[str], str] = str) -> str | None:
    options = [ANY, *values]
    if state.widget_value(key) not in options:
        state.forget_widgets((key,))
    labels = {ANY: t("audit.any"), **{value: name(value) for value in values}}
    return st.selectbox(label, options, format_func=labels.__getitem__, key=key) or None


def date_bounds(frame: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """First and last UTC day in the log (today for an empty log)."""
    if frame.empty:
        today = dt.datetime.now(dt.UTC).date()
        return today, today
    days = pd.to_datetime(frame["at"], utc=True).dt.date
    return days.min(), days.max()


def render_filters(frame: pd.DataFrame) -> dict[str, Any]:
    """Draw the filters over the full log `frame`; return the `audit_log` keyword arguments chosen."""
    cols = st.columns(4)
    with cols[0]:
        user = _pick("audit_user", t("audit.user"), sorted(frame["user"].astype(str).unique()))
    with cols[1]:
        action = _pick("audit_action", t("audit.action"), sorted(frame["action"].astype(str).unique()), action_text)
    with cols[2]:
        types = sorted(frame["object_type"].astype(str).unique())
        object_type = _pick("audit_object_type", t("audit.object_type"), types, object_text)
    with cols[3]:
        object_id = st.text_input(t("audit.object_id"), key="audit_object_id").strip() or None
    first, last = date_bounds(frame)
    span = st.date_input(t("audit.dates"), value=(first, last), key="audit_dates")
    start, end = (span[0], span[-1]) if isinstance(span, tuple | list) and span else (None, None)
    return {
        "user": user,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "start": start,
        "end": end,
    }
