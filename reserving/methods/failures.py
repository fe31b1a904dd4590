"""Turn chainladder failures on degenerate data into a `MethodDataError` that says what is wrong.

chainladder assumes a reasonably filled triangle; on a single cell, a row of zeros or a
triangle with no observable link ratio it raises whatever its arithmetic meets first
(``AttributeError: 'numpy.float64' object has no attribute 'ddims'``, an index error, a
division by zero). Users need to hear about their data instead, so every method is wrapped
by `data_errors`: an exception raised from inside chainladder becomes a `MethodDataError`
carrying `describe_problems` of the analysed triangle. Errors raised elsewhere (the
engine's own) pass through untouched, so bugs are not disguised as data problems.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import chainladder as cl
import numpy as np

from reserving.errors import MethodDataError, ReservingError
from reserving.methods.failure_words import failure_in_words
from reserving.methods.inputs import MethodInputs

_CHAINLADDER_DIR = str(Path(cl.__file__).resolve().parent)
_CAUGHT = (ArithmeticError, ValueError, LookupError, AttributeError, TypeError)

F = TypeVar("F", bound=Callable[..., object])


def describe_problems(tri: cl.Triangle) -> list[str]:
    """List, in words, what makes a triangle unfit for development methods (empty when nothing obvious).

    Looks at the shape (origins, ages), origins with no or only zero values, negative
    cumulative values, and ages from which no link ratio can be observed (no origin with
    non-zero values at that age and the next).
    """
    values = np.asarray(tri.values, dtype=float)[0, 0]
    n_age = values.shape[1]
    problems: list[str] = []
    observed = np.isfinite(values)
    with_data = observed.any(axis=1)
    if with_data.sum() < 2:
        problems.append(f"only {int(with_data.sum())} origin period(s) with data (at least 2 are needed)")
    if n_age < 2:
        problems.append(f"only {n_age} development age(s) (at least 2 are needed)")
    zero_rows = int((with_data & (np.nan_to_num(values) == 0).all(axis=1)).sum())
    if zero_rows:
        problems.append(f"{zero_rows} origin period(s) with only zero values")
    if (values[observed] < 0).any():
        problems.append(f"{int((values[observed] < 0).sum())} negative cumulative value(s)")
    if n_age >= 2:
        usable = observed[:, :-1] & observed[:, 1:] & (np.nan_to_num(values[:, :-1]) != 0)
        ages = [int(a) for a in tri.development]
        missing = [ages[j] for j in range(n_age - 1) if not usable[:, j].any()]
        if missing:
            shown = ", ".join(str(a) for a in missing[:6]) + (" ..." if len(missing) > 6 else "")
            problems.append(f"no link ratio can be observed from age(s) {shown} (months)")
    return problems


def data_error(method: str, inputs: MethodInputs, exc: BaseException) -> MethodDataError:
    """Build the `MethodDataError` for a chainladder failure of `method` on `inputs`."""
    tri = inputs.triangles.get(inputs.measure)
    problems = describe_problems(tri) if tri is not None else []
    shape = ""
    if tri is not None:
        shape = f" ({len(tri.origin)} origins x {len(tri.development)} ages)"
    what = "; ".join(problems) if problems else f"the fit failed on these values ({failure_in_words(exc)})"
    return MethodDataError(f"{method} cannot be run on the '{inputs.measure}' triangle{shape}: {what}")


def raised_in_chainladder(exc: BaseException) -> bool:
    """Whether the exception was raised from inside the chainladder package (not by the engine itself)."""
    return any(frame.filename.startswith(_CHAINLADDER_DIR) for frame in traceback.extract_tb(exc.__traceback__))


def require_shape(inputs: MethodInputs, method: str, min_origins: int = 2, min_ages: int = 2) -> None:
    """Raise a `MethodDataError` up front when the analysed triangle is smaller than `method` can fit."""
    tri = inputs.triangle
    values = np.asarray(tri.values, dtype=float)[0, 0]
    origins = int(np.isfinite(values).any(axis=1).sum())
    if origins < min_origins or values.shape[1] < min_ages:
        raise MethodDataError(
            f"{method} needs at least {min_origins} origins and {min_ages} development ages with data; "
            f"the '{inputs.measure}' triangle has {origins} origin(s) with data and {values.shape[1]} age(s)"
        )


def data_errors(method: str) -> Callable[[F], F]:
    """Decorate a method function so chainladder failures become a `MethodDataError` naming the data problem."""

    def decorate(run: F) -> F:
        @functools.wraps(run)
        def wrapped(inputs: MethodInputs, *args: object, **kwargs: object) -> object:
            try:
                return run(inputs, *args, **kwargs)
            except ReservingError:
                raise
            except _CAUGHT as exc:
                if not raised_in_chainladder(exc):
                    raise
                raise data_error(method, inputs, exc) from exc

        return wrapped  # type: ignore[return-value]

    return decorate
