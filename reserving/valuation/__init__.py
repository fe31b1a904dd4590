"""The valuation: which segments, their assumptions, the selection, how "All segments" is valued, the results.

One home for the concept, read and written by the app, the batch, the reports and every
command:

- `spec`: `ValuationSpec` (measure, segment, methods, assumptions, runs on another measure,
  ``aggregate`` and the segments' own specs for a sum) and its ``assumptions`` JSON;
- `aggregate`: ``sum`` (the company figure: the segments, each with its own assumptions,
  added up; the default) or ``summed_triangle`` (develop the triangle of all segments);
- `schema`: the one typed ``results`` schema (`ValuationResults`), versioned, JSON-safe,
  which also reads the layouts written before it;
- `compute`: a segment's selection from method results and the sum over segments;
- `engine`: valuing a dataset from a spec (runs the methods);
- `numbers`: the one NaN-to-None rule.
"""

from reserving.valuation.aggregate import AGGREGATES, DEFAULT_AGGREGATE, SUM, SUMMED_TRIANGLE, parse_aggregate
from reserving.valuation.compute import (
    combine,
    in_every,
    method_figures,
    segment_results,
    selected_figures,
    sum_results,
)
from reserving.valuation.engine import check_spec, parts_of, run_methods, value
from reserving.valuation.numbers import json_number, json_value
from reserving.valuation.schema import Figures, Row, SegmentResults, Total, ValuationResults, add_up
from reserving.valuation.spec import (
    SCHEMA_VERSION,
    MeasureRun,
    ValuationSpec,
    assumptions_json,
    company_spec,
    implied_run,
    make_spec,
    run_key,
    single_assumptions_json,
    spec_from_json,
    spec_from_record,
)

__all__ = [
    "AGGREGATES",
    "DEFAULT_AGGREGATE",
    "SCHEMA_VERSION",
    "SUM",
    "SUMMED_TRIANGLE",
    "Figures",
    "MeasureRun",
    "Row",
    "SegmentResults",
    "Total",
    "ValuationResults",
    "ValuationSpec",
    "add_up",
    "assumptions_json",
    "check_spec",
    "combine",
    "company_spec",
    "implied_run",
    "in_every",
    "json_number",
    "json_value",
    "make_spec",
    "method_figures",
    "parse_aggregate",
    "parts_of",
    "run_key",
    "run_methods",
    "segment_results",
    "selected_figures",
    "single_assumptions_json",
    "spec_from_json",
    "spec_from_record",
    "sum_results",
    "value",
]
