"""English text of the Statement section (unearned premium, premium adequacy), merged by `components.i18n.catalogue`."""

from __future__ import annotations

STATEMENT_EN: dict[str, str] = {
    "nav.section.statement": "Statement",
    "page.upr": "Unearned premium",
    "upr.caption": (
        "Unexpired risk reserve: the unearned premium reserve (UPR) of a policy listing, net of "
        "the unexpired acquisition cost, and the premium adequacy test. Valued at 24:00 of the "
        "valuation date."
    ),
    "upr.source": "Policy listing",
    "upr.source.sample": "Sample (china)",
    "upr.source.upload": "Upload a listing",
    "upr.upload.file": "Policy listing (CSV, Excel .xlsx or Parquet)",
    "upr.upload.mapping": "Columns mapped by hand (one ROLE=COL per line)",
    "upr.upload.mapping_help": (
        "Columns are recognised by English and "
        "Chinese names (policy id 保单号, branch "
        "分支机构, line 险种, start 起保日期, end 终止日期, "
        "written premium 签单保费, acquisition cost "
        "保单获取成本). Map any other column with a "
        "line such as written_premium=Premium. "
        "Roles: policy_id, branch, line, "
        "start_date, end_date, written_premium, "
        "acquisition_cost, acquisition_ratio, "
        "effective_date, written_date, "
        "cancel_date, refund, ceded_premium, "
        "ceded_commission, compulsory."
    ),
    "upr.upload.sheet": "Sheet (Excel; blank = the first)",
    "upr.upload.sheet_help": "The name of the workbook sheet that holds the listing.",
    "upr.upload.encoding": "Encoding (CSV)",
    "upr.upload.encoding_auto": "detect",
    "upr.upload.hint": "Upload a listing to value it; until one passes validation the sample stays in use.",
    "upr.upload.sample_kept": "No uploaded listing has passed validation yet: the sample listing stays in use.",
    "upr.sample_name": "china sample listing",
    "upr.in_use": "Listing in use: {name} ({rows:,} rows).",
    "upr.report.blocked": "The listing cannot be used: {count} error(s). First: {first}",
    "upr.report.warnings": "The listing is in use, with {count} warning(s). First: {first}",
    "upr.report.ok": "No problems found: the listing is in use.",
    "upr.methods": "Method per line",
    "upr.compulsory_only": (
        "{line} is compulsory motor (交强险): Rule "
        "No. 1 allows only the 1/365 method for "
        "it, so no other method is offered."
    ),
    "upr.method.1/365": "1/365 (daily pro rata)",
    "upr.method.78": "Rule of 78",
    "upr.method.reverse78": "Reverse rule of 78",
    "upr.method.1/24": "1/24 (by writing month)",
    "upr.method.1/8": "1/8 (by writing quarter)",
    "upr.method.1/4": "1/4 (by writing half-year)",
    "upr.method.curve": "Custom earning curve",
    "upr.valuation": "Valuation date",
    "upr.curve": "Custom earning curve",
    "upr.curve_help": (
        "One row per month after the start of cover: the cumulative share of the premium earned by "
        "the end of that month, rising to 1 at the last month."
    ),
    "upr.acquisition": "Acquisition-cost ratio per line (%), for rows without a cost of their own",
    "upr.opening_on": "Earned premium for a period",
    "upr.opening": "Opening date",
    "upr.opening_help": (
        "Start of the period (24:00 of that day): earned = written in the period + opening UPR - closing UPR."
    ),
    "upr.compulsory": "Also treat as compulsory motor",
    "upr.compulsory_help": "Lines named 交强险 or flagged in the listing are compulsory motor already.",
    "upr.tab.upr": "Unearned premium reserve",
    "upr.tab.pdr": "Premium adequacy test",
    "upr.table.total": "Total",
    "upr.table.by_line": "By line",
    "upr.table.rows": "By line and branch",
    "upr.metric.upr_net": "UPR net of acquisition cost",
    "upr.chart.runoff": "UPR run-off by future month",
    "upr.chart.month": "Months after the valuation date",
    "upr.chart.upr": "UPR gross",
    "upr.chart.branch": "UPR by branch",
    "pdr.caption": (
        "Expected claims on the unexpired exposure = loss ratio x UPR gross, plus claim expenses "
        "and maintenance, discounted when the duration exceeds one year, plus a risk margin; the "
        "PDR is what that exceeds the UPR net by."
    ),
    "pdr.default.claims": "claims dataset {dataset}, origin {origin}: selected ultimate / premium",
    "pdr.default.none": (
        "No default loss ratio: the current claims dataset has no premium. Enter the policy-year "
        "loss ratio of every unit."
    ),
    "pdr.loss_ratio": "Loss ratio of {unit} (%)",
    "pdr.default.segment": (
        "claims dataset {dataset}, segments of {segment}, origin {origin}: selected ultimate / premium"
    ),
    "pdr.default.missing": "no default: enter the ratio",
    "col.default_loss_ratio": "Default loss ratio",
    "col.source": "Where it comes from",
    "pdr.missing": "Enter a policy-year loss ratio for: {units}.",
    "pdr.unit": "Valuation unit",
    "pdr.unit.line": "Line",
    "pdr.unit.line_branch": "Line x branch",
    "pdr.alae": "ALAE ratio (% of claims)",
    "pdr.ulae": "ULAE ratio (% of claims)",
    "pdr.maintenance": "Maintenance expense ratio (% of UPR)",
    "pdr.discount": "Discount rate (%)",
    "pdr.risk_margin": "Risk margin ratio (%)",
    "pdr.offsetting": "Offset surpluses between units",
    "pdr.offsetting_help": "Off (prudent): no unit's surplus covers another's deficit.",
    "pdr.metric.total": "Premium deficiency reserve (PDR)",
    "pdr.chart.title": "PDR against the loss ratio",
    "pdr.range": "Loss ratios of the sensitivity (% of the chosen ones)",
    "pdr.chart.loss_ratio": "Loss ratio (UPR-weighted)",
    "pdr.chart.pdr": "PDR",
    "col.branch": "Branch",
    "col.line": "Line",
    "col.upr_method": "UPR method",
    "col.written_premium": "Written premium",
    "col.earned_premium": "Earned premium",
    "col.opening_upr_gross": "Opening UPR gross",
    "col.upr_gross": "UPR gross",
    "col.unexpired_acquisition_cost": "Unexpired acquisition cost",
    "col.upr_net": "UPR net",
    "col.ceded_upr": "Ceded UPR",
    "col.ceded_unexpired_commission": "Ceded unexpired commission",
    "col.ceded_upr_net": "Ceded UPR net",
    "col.retained_upr_net": "Retained UPR net",
    "col.unit": "Valuation unit",
    "col.expected_claims": "Expected claims",
    "col.alae": "ALAE",
    "col.ulae": "ULAE",
    "col.maintenance": "Maintenance expense",
    "col.outflow": "Outflow",
    "col.duration_years": "Duration (years)",
    "col.discounted": "Discounted",
    "col.present_value": "Present value",
    "col.risk_margin": "Risk margin",
    "col.required": "Required",
    "col.surplus": "Surplus (deficit)",
    "col.pdr": "PDR",
    "col.month": "Month",
    "col.month_end": "Month end",
    "col.earned_share": "Earned share",
}
