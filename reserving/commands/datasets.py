"""`python -m reserving datasets`: list the bundled sample datasets.

Prints ``[{"id", "title", "measures", "grain"}]`` from the sample registry without
loading any sample, so it answers quickly; ``sample:ID`` in other commands resolves
to the same ids.
"""

from __future__ import annotations

import argparse
from typing import Any

from reserving.samples import list_samples


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    """One entry per registered sample (the public JSON contract)."""
    return [
        {"id": info.id, "title": info.title, "measures": list(info.measures), "grain": info.grain}
        for info in list_samples()
    ]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `datasets` subcommand."""
    parser = subparsers.add_parser("datasets", help="list the bundled sample datasets", description=__doc__)
    parser.set_defaults(handler=run)
