"""Entry point of `python -m reserving`."""

import sys

from reserving.cli import main

sys.exit(main())
