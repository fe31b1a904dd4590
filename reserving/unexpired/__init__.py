"""The unexpired risk reserve (未到期责任准备金): unearned premium reserve and premium adequacy test.

Pure domain code (pandas/numpy). One module per step:

- `columns`: the roles of a policy listing's columns, their English and Chinese names, the mapping;
- `cells`: vectorised parsing of date and amount columns, located errors;
- `listing`: from a file to a validated policy frame (`read_listing_path`, `read_listing_bytes`);
- `methods`: the methods Rule No. 1 allows and the compulsory-motor rule;
- `earning`: unearned shares by 1/365, rule of 78, reverse rule of 78 and a custom curve;
- `grouped`: the 1/24, 1/8 and 1/4 methods on premium grouped by writing period;
- `settings`: the assumptions (`UprSettings`);
- `compute`: the row-level UPR at a date;
- `results`: the statement per branch, line and total, earned premium and the run-off;
- `adequacy`: the premium adequacy test and the PDR (`AdequacyParameters`).
"""

from __future__ import annotations

from .adequacy import ADEQUACY_COLUMNS, AdequacyParameters, AdequacyResult, premium_adequacy
from .columns import ROLES, PolicyMapping
from .grouped import grouped_unearned
from .grouped_upr import grouped_upr
from .listing import POLICY_COLUMNS, ListingResult, read_listing, read_listing_bytes, read_listing_path
from .methods import METHODS, MethodNotAllowedError
from .results import AMOUNT_COLUMNS, UprResult, compute_upr, upr_runoff
from .settings import UprSettings

__all__ = [
    "ADEQUACY_COLUMNS",
    "AMOUNT_COLUMNS",
    "METHODS",
    "POLICY_COLUMNS",
    "ROLES",
    "AdequacyParameters",
    "AdequacyResult",
    "ListingResult",
    "MethodNotAllowedError",
    "PolicyMapping",
    "UprResult",
    "UprSettings",
    "compute_upr",
    "grouped_unearned",
    "grouped_upr",
    "premium_adequacy",
    "read_listing",
    "read_listing_bytes",
    "read_listing_path",
    "upr_runoff",
]
