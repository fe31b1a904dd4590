"""Subcommands of `python -m reserving`, one module each."""

from __future__ import annotations

import argparse
import importlib

# Module names under reserving.commands, in the order `--help` lists them.
COMMAND_MODULES = ("datasets", "inspect", "estimate", "ave", "retro", "report", "run", "upr")


def register_all(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Let every subcommand module add its parser."""
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"reserving.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"reserving.commands.{name}":
                continue  # not written yet
            raise
        module.register(subparsers)
