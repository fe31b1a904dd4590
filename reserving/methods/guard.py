"""The last check every method result passes: no non-finite or absurd ultimate reaches a user.

A method can fail silently on awkward data: chainladder's Munich adjustment once gave
ultimates of 1e301 on quarterly data, and a NaN ultimate drops out of a total while its
latest stays in, so the total IBNR no longer equals ultimate - latest. `check_result` runs
on every result `run_method` returns and turns such output into a `MethodDataError`
naming the method and the origin, so a wrong number is never printed or saved.
"""

from __future__ import annotations

import math

import numpy as np

from reserving.errors import MethodDataError
from reserving.methods.failures import describe_problems
from reserving.methods.inputs import MethodInputs
from reserving.methods.results import MethodResult

ABSURD_MULTIPLE = 1e4
"""An ultimate beyond this multiple of the triangle's largest latest value (or premium) is not an
estimate: a growth curve or correction has run away. Legitimate development of the youngest
origin stays far below it because the older, larger origins set the scale."""


def _scale(latest: np.ndarray, premium: np.ndarray) -> float:
    values = np.abs(np.concatenate([latest, premium]))
    values = values[np.isfinite(values)]
    return float(values.max()) if values.size and values.max() > 0 else 1.0


def check_result(result: MethodResult, inputs: MethodInputs | None = None) -> MethodResult:
    """Return `result` when every ultimate is finite and plausible and the totals add up.

    Raises
    ------
    MethodDataError
        An origin with data has a non-finite ultimate, an ultimate beyond `ABSURD_MULTIPLE`
        times the scale of the triangle, or the total IBNR differs from ultimate - latest.
    """
    frame = result.origins
    latest = frame["latest"].to_numpy(dtype=float)
    ultimate = frame["ultimate"].to_numpy(dtype=float)
    premium = frame["premium"].to_numpy(dtype=float)
    scale = _scale(latest, premium)
    where = f"of the '{result.measure}' triangle"
    for origin, last, ult in zip(frame["origin"], latest, ultimate, strict=True):
        if math.isfinite(last) and not math.isfinite(ult):
            what = f"gives no finite ultimate for origin {origin} {where} (latest {last:,.2f})"
            raise _error(result.method, what, inputs)
        if math.isfinite(ult) and abs(ult) > ABSURD_MULTIPLE * scale:
            raise _error(
                result.method,
                f"gives an ultimate of {ult:.4g} for origin {origin} {where}, more than {ABSURD_MULTIPLE:,.0f} times "
                f"the largest latest value or premium ({scale:,.2f})",
                inputs,
            )
    total = result.total
    gap = total["ibnr"] - (total["ultimate"] - total["latest"])
    if not math.isfinite(gap) or abs(gap) > 1e-6 * max(1.0, abs(total["ultimate"])):
        raise _error(
            result.method,
            f"gives a total IBNR of {total['ibnr']:.4g} that is not ultimate {total['ultimate']:.4g} less latest "
            f"{total['latest']:.4g} {where}",
            inputs,
        )
    return result


def _error(method: str, what: str, inputs: MethodInputs | None) -> MethodDataError:
    problems = []
    if inputs is not None and inputs.measure in inputs.triangles:
        problems = describe_problems(inputs.triangles[inputs.measure])
    tail = f"; the data: {'; '.join(problems)}" if problems else "; the method cannot be used on these data"
    return MethodDataError(f"{method} {what}{tail}")
