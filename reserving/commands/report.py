"""`python -m reserving report VALUATION_ID --format xlsx|html|zip [--output PATH]`: export a saved valuation.

Reads the database named by ``RESERVING_DATABASE_URL`` (else the SQLite file under
``RESERVING_DATA_DIR``, default ``./var``), recomputes the valuation's exhibits from its
saved data and assumptions, writes the file and prints
``{"valuation_id", "format", "path", "bytes"}``. The default output is
``valuation-ID.FORMAT`` in the current directory.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

FORMATS = ("xlsx", "html", "zip")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``report`` subcommand."""
    parser = subparsers.add_parser("report", help="export a saved valuation: workbook, HTML report or working papers")
    parser.add_argument("valuation_id", metavar="VALUATION_ID", type=int, help="id of a saved valuation")
    parser.add_argument("--format", choices=FORMATS, default="xlsx", help="xlsx workbook, html report, zip papers")
    parser.add_argument("--output", metavar="PATH", help="file to write (default valuation-ID.FORMAT here)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> dict[str, Any]:
    """Export the valuation and describe the file written."""
    from reserving.reports import export, load_valuation_report  # noqa: PLC0415 - loaded only when the command runs
    from reserving.storage import Repository, open_database  # noqa: PLC0415 - loaded only when the command runs

    db = open_database()
    try:
        report = load_valuation_report(Repository(db), args.valuation_id)
        data = export(report, args.format)
    finally:
        db.dispose()
    path = Path(args.output) if args.output else Path.cwd() / f"valuation-{args.valuation_id}.{args.format}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {"valuation_id": args.valuation_id, "format": args.format, "path": str(path.resolve()), "bytes": len(data)}
