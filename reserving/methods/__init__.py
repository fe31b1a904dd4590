"""Reserving methods: development, tails, every IBNR method, uncertainty and the selection.

Callers use `run_method(name, inputs, assumptions)` with `MethodInputs` built from a
`Dataset` segment, and read the tidy `MethodResult`.
"""

from reserving.methods.inputs import MethodInputs
from reserving.methods.registry import METHODS, MethodSpec, run_method
from reserving.methods.results import BASE_COLUMNS, MethodResult
from reserving.methods.selection import select

__all__ = ["BASE_COLUMNS", "METHODS", "MethodInputs", "MethodResult", "MethodSpec", "run_method", "select"]
