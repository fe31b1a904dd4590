"""Rerun time of every page after one assumption change, with a warm cache, through AppTest.

For each page of the registry (`components.core.navigation.PAGES`) and each scenario (RAA 10x10;
China, quarterly, on one segment and on "All segments"), the app is started from app.py as
a user would, the dataset and segment are picked in the sidebar and the page is opened.
Then an assumption is flipped back and forth between two values:

- on the Tail page, its tail kind (``tail_kind``: none <-> constant);
- on the Development page, its average (``dev_average``: volume <-> simple);
- on every other page, the average is flipped on the Development page and the page under
  test is opened again (the way a user sees the effect of a change elsewhere).

Both values are visited before timing starts, so the caches are warm; only the run of the
page under test is timed. The reference is the target: 0.3 s for a 10x10 triangle and 1 s
for the quarterly multi-segment sample. AppTest's own bookkeeping is included, so these
figures slightly overstate what a browser session costs.
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from streamlit.testing.v1 import AppTest

from bench.common import ROOT, Row, Timing, parser, print_table, repeats
from components.core.navigation import PAGES, PageSpec

DEVELOPMENT_PAGE = "app_pages/development.py"
TAIL_PAGE = "app_pages/tail.py"
CHANGES = {
    DEVELOPMENT_PAGE: ("dev_average", ("simple", "volume")),
    TAIL_PAGE: ("tail_kind", ("constant", "none")),
}
"""Pages that carry the widget changed, with its key and the two values it alternates between."""
FALLBACK = CHANGES[DEVELOPMENT_PAGE]
TIMEOUT = 300


@dataclass(frozen=True)
class Scenario:
    """A dataset and segment to open: the sample token, the segment label ('' = all) and the target."""

    name: str
    token: str
    segment: str | None
    target: float


SCENARIOS = (
    Scenario("raa 10x10", "sample:raa", None, 0.3),
    Scenario("china one segment", "sample:china", "branch=北京, line=车险", 1.0),
    Scenario("china All segments", "sample:china", "", 1.0),
)


def _has(at: AppTest, key: str) -> bool:
    try:
        at.selectbox(key=key)
    except KeyError:
        return False
    return True


def _checked(at: AppTest) -> AppTest:
    if at.exception:
        raise RuntimeError(f"the app raised: {at.exception[0].value}")
    return at


def open_page(scenario: Scenario, page: PageSpec) -> AppTest:
    """The app after its first run, with the scenario's dataset and segment picked and `page` open."""
    at = _checked(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run())
    if at.sidebar.selectbox(key="sidebar_dataset").value != scenario.token:
        _checked(at.sidebar.selectbox(key="sidebar_dataset").set_value(scenario.token).run())
    if scenario.segment is not None:
        _checked(at.sidebar.selectbox(key="sidebar_segment").set_value(scenario.segment).run())
    at.switch_page(page.path)
    return _checked(at.run())


def _flip(at: AppTest, page: PageSpec, value_index: int) -> float:
    """Change the assumption to its `value_index`-th value; return the seconds of the page's run."""
    own = CHANGES.get(page.path)
    if own is not None and _has(at, own[0]):
        key, values = own
        widget = at.selectbox(key=key).set_value(values[value_index])
        return _timed(widget.run, at)
    key, values = FALLBACK
    at.switch_page(DEVELOPMENT_PAGE)
    _checked(at.run())
    _checked(at.selectbox(key=key).set_value(values[value_index]).run())
    at.switch_page(page.path)
    return _timed(at.run, at)


def _timed(run, at: AppTest) -> float:
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    _checked(at)
    return seconds


def bench_page(scenario: Scenario, page: PageSpec, repeat: int) -> Row:
    """Median rerun seconds of one page in one scenario against the scenario's target."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        at = open_page(scenario, page)
        for i in range(2):  # visit both values: the caches are warm from here on
            _flip(at, page, i)
        times = tuple(_flip(at, page, i % 2) for i in range(max(1, repeat)))
    own = CHANGES.get(page.path)
    how = f"{own[0]} on the page" if own else f"{FALLBACK[0]} on Development, then reopen"
    return Row(
        "app_rerun",
        f"{page.title} / {scenario.name}",
        Timing("app rerun", times),
        Timing.fixed("target", scenario.target),
        limit=1.0,
        note=how,
    )


def main(argv: Sequence[str] | None = None) -> list[Row]:
    """Run the rerun benchmark, print its table and return its rows."""
    ap = parser(__doc__.splitlines()[0], repeat=5)
    ap.add_argument("--page", action="append", help="page title to include (repeatable; default all)")
    args = ap.parse_args(argv)
    # AppTest runs scripts outside `streamlit run`; its "missing ScriptRunContext" lines are noise here.
    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    pages = [p for p in PAGES if not args.page or p.title in args.page]
    scenarios = SCENARIOS[:1] if args.quick else SCENARIOS
    if args.quick:
        pages = pages[:1] + [p for p in pages if p.path in CHANGES]
    rows = []
    for scenario in scenarios:
        scenario_rows = [bench_page(scenario, page, repeats(args)) for page in pages]
        print_table(f"app rerun: {scenario.name} ({repeats(args)} runs, target {scenario.target:g} s)", scenario_rows)
        rows += scenario_rows
    return rows


if __name__ == "__main__":
    main()
