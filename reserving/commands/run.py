"""`python -m reserving run CONFIG.toml`: value every segment a config names and store the valuations.

Prints a JSON list with one entry per segment: ``{"valuation_id", "segment", "measure",
"method", "latest", "ultimate", "ibnr", "std_err", "assumptions_source"}``; a text progress
bar goes to stderr. ``--user NAME`` names the acting user (overriding the config's
``user``) and, in a database without users, creates them as its first user (chief
actuary). ``--workers N`` and ``--scheduler ADDRESS`` override the config. See docs/batch.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``run`` subcommand."""
    parser = subparsers.add_parser("run", help="batch valuation of every segment in a CONFIG.toml")
    parser.add_argument("config", metavar="CONFIG.toml", help="batch config (see docs/batch.md)")
    parser.add_argument("--user", help="acting user; created as the first user in an empty database")
    parser.add_argument("--workers", type=int, help="processes to spread segments over (overrides the config)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://host:8786")
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Run the batch and return one JSON entry per segment."""
    from reserving.batch import TextProgress, load_config, run_batch  # noqa: PLC0415 - loaded only when run
    from reserving.batch.config import ConfigError  # noqa: PLC0415
    from reserving.storage import Repository, open_database  # noqa: PLC0415

    if args.workers is not None and args.workers < 1:
        raise ConfigError(f"config key 'workers': must be a whole number >= 1, got {args.workers}")
    config = load_config(args.config)
    db = open_database()
    try:
        outcomes = run_batch(
            config,
            None if args.quiet else TextProgress(sys.stderr),
            repo=Repository(db),
            user=args.user,
            create_first_user=args.user is not None,
            workers=args.workers,
            scheduler=args.scheduler,
        )
    finally:
        db.dispose()
    return [outcome.to_json() for outcome in outcomes]
