"""Shared builders for the method tests: chainladder samples and small hand triangles."""

from __future__ import annotations

import warnings

import chainladder as cl
import numpy as np
import pandas as pd

from reserving.methods.inputs import MethodInputs


def sample(name: str) -> cl.Triangle:
    """A chainladder sample, its pandas-4 warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cl.load_sample(name)


def grid_triangle(grid: list[list[float]], first_year: int = 2001, name: str = "values") -> cl.Triangle:
    """Annual cumulative triangle from rows of values (origin years down, ages 12, 24 ... across)."""
    rows = []
    for i, values in enumerate(grid):
        for j, value in enumerate(values):
            rows.append({"origin": str(first_year + i), "valuation": str(first_year + i + j), name: float(value)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cl.Triangle(
            pd.DataFrame(rows), origin="origin", development="valuation", columns=[name], cumulative=True
        )


def xyz_inputs(measure: str = "incurred") -> MethodInputs:
    """xyz (Friedland's XYZ auto BI) with canonical measure names and premium."""
    xyz = sample("xyz")
    triangles = {
        "incurred": xyz["Incurred"],
        "paid": xyz["Paid"],
        "reported_count": xyz["Reported"],
        "closed_count": xyz["Closed"],
    }
    return MethodInputs.from_triangles(measure, triangles, premium=xyz["Premium"])


def raa_inputs() -> MethodInputs:
    """RAA incurred (Mack 1994)."""
    return MethodInputs.from_triangles("incurred", {"incurred": sample("raa")})


def col(result, name: str) -> np.ndarray:
    """One column of a result frame as floats."""
    return result.origins[name].to_numpy(dtype=float)
