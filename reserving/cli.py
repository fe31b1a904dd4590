"""The command line: the same engine as the app, for batch runs and automation.

Every subcommand prints JSON on stdout. A bad input exits with status 2 and one line
``error: ...`` on stderr, never a traceback. Subcommands live in their own modules under
``reserving.commands``; each exposes ``register(subparsers)`` which adds a parser whose
``handler`` default returns the JSON-ready result.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from reserving.commands import register_all
from reserving.errors import ReservingError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one `error:` line with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """Build the full parser with every registered subcommand."""
    parser = _Parser(prog="python -m reserving", description="Reserving Workbench command line.")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    register_all(subparsers)
    return parser


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and NaN into plain JSON values (NaN -> null), as a saved valuation does."""
    from reserving.valuation.numbers import json_value  # noqa: PLC0415 - keeps `--help` free of the engine

    return json_value(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; return the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = args.handler(args)
    except ReservingError as exc:
        sys.stderr.write(f"error: {_one_line(str(exc))}\n")
        return EXIT_BAD_INPUT
    except (OSError, MemoryError) as exc:
        sys.stderr.write(f"error: {_one_line(str(exc))}\n")
        return EXIT_BAD_INPUT
    try:
        json.dump(to_jsonable(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    return EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(text.split())
