"""Retrospection: actual vs expected, retrospective deviation (回溯分析), analysis of change, roll-forward.

Each analysis compares valuations made on the data as known at different dates. A prior
valuation is rebuilt by cutting the current data back (`reserving.dataset.Dataset.cut`) and
applying the assumptions; the AvE prior is also accepted as plain inputs (`PriorValuation`)
so that a saved valuation can stand in for it: `reserving.retrospection.booking` reads the
booked figures a saved valuation stores (its date, pattern, Mack s.e. and paid by origin).
"""

from reserving.retrospection.ave import (
    AveReport,
    AveResult,
    PriorValuation,
    actual_vs_expected,
    ave_report,
    prior_from_cut,
)
from reserving.retrospection.booking import (
    booking_json,
    has_booking,
    prior_from_booking,
    valuation_from_booking,
)
from reserving.retrospection.change import STEPS, ChangeReport, ChangeResult, analysis_of_change, change_report
from reserving.retrospection.deviation import (
    DEFAULT_THRESHOLD,
    DeviationReport,
    DeviationResult,
    deviation_from_bookings,
    deviation_from_valuations,
    retrospective_deviation,
)
from reserving.retrospection.pattern import Pattern
from reserving.retrospection.rollforward import rollforward
from reserving.retrospection.valuation import SegmentValuation, value_segment

__all__ = [
    "DEFAULT_THRESHOLD",
    "STEPS",
    "AveReport",
    "AveResult",
    "ChangeReport",
    "ChangeResult",
    "DeviationReport",
    "DeviationResult",
    "Pattern",
    "PriorValuation",
    "SegmentValuation",
    "actual_vs_expected",
    "analysis_of_change",
    "ave_report",
    "booking_json",
    "change_report",
    "deviation_from_bookings",
    "deviation_from_valuations",
    "has_booking",
    "prior_from_booking",
    "prior_from_cut",
    "retrospective_deviation",
    "rollforward",
    "valuation_from_booking",
    "value_segment",
]
