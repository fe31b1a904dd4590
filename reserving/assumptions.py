"""Reserving assumptions as data: frozen, hashable, comparable and saved as JSON.

Every choice an actuary makes (how link ratios are averaged, which ones are excluded,
the tail, the a-priori loss ratios, method options and the per-origin selection) lives in
one of these dataclasses. Being frozen and hashable they can key caches, be diffed for
the analysis of change and be stored verbatim with a valuation. Unknown keys are ignored
when reading so that files saved by a later version still load; invalid values raise
`AssumptionError` naming the field, so the UI and the command line can say what to fix.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

import pandas as pd

from reserving.errors import AssumptionError

AVERAGES = ("volume", "simple", "geometric")
SIGMAS = ("log-linear", "mack")
TAIL_KINDS = ("none", "constant", "exponential", "inverse_power", "bondy", "clark")
LOSS_RATIO_SOURCES = ("manual", "cape_cod")
CLARK_GROWTHS = ("loglogistic", "weibull")
CLARK_FORMS = ("ldf", "cape_cod")
CLARK_FORM_BY_DATA = "by_data"
"""Clark's form as versions before 2 chose it: Cape Cod when the data has premium, else LDF.

Only option sets saved before version 2 carry it (see `MethodOptions.upgrade`); a user chooses
one of `CLARK_FORMS`.
"""
OPTIONS_VERSION = 2
"""Meaning of `MethodOptions` fields: 2 counts Benktander steps from BF and lets the user choose Clark's form."""

T = TypeVar("T", bound="_Assumption")
V = TypeVar("V")


def _fail(cls_name: str, name: str, message: str) -> AssumptionError:
    return AssumptionError(f"{cls_name}.{name}: {message}")


def _choice(obj: Any, name: str, options: tuple[str, ...]) -> None:
    value = getattr(obj, name)
    if value not in options:
        raise _fail(type(obj).__name__, name, f"'{value}' is not one of {', '.join(options)}")


def _int(obj: Any, name: str, minimum: int) -> None:
    value = getattr(obj, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(type(obj).__name__, name, f"must be a whole number >= {minimum}, got {value!r}")


def _positive(obj: Any, name: str, allow_none: bool = False) -> None:
    value = getattr(obj, name)
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise _fail(type(obj).__name__, name, f"must be a number > 0, got {value!r}")


def _converted(cls_name: str, name: str, build: Callable[[], V], expected: str, raw: Any = None) -> V:
    """Run a conversion of field `name`, turning Python's TypeError/ValueError into an `AssumptionError`.

    Saved or hand-written assumption files can hold anything (an age written "12-24", a
    factor as text, a number where a list belongs); the user must hear which field is wrong
    and what it should look like, not Python's conversion message.
    """
    try:
        return build()
    except AssumptionError:
        raise
    except (TypeError, ValueError) as exc:
        got = "" if raw is None else f"; got {raw!r}"
        raise _fail(cls_name, name, f"expected {expected}{got}") from exc


def _file_part(cls: type) -> str:
    """Which part of an assumptions file `cls` reads, in words ('the "tail" part of the assumptions file')."""
    for key, nested in SegmentAssumptions._nested.items():
        if nested is cls:
            return f'the "{key}" part of the assumptions file'
    return "the assumptions file"


def _json_kind(value: Any) -> str:
    """Describe what a JSON value is, in words (a list, a text, a number ...), for a message about the wrong shape."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a text ({value[:40]!r})"
    if isinstance(value, list | tuple):
        return "a list in square brackets"
    return f"a {type(value).__name__}"


def _pairs(value: Any) -> tuple[tuple[Any, ...], ...]:
    """Turn lists (as JSON gives them) or dicts into tuples of tuples, so objects stay hashable."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        value = list(value.items())
    return tuple(tuple(_freeze(v) for v in item) if isinstance(item, list | tuple) else item for item in value)


def _whole(value: Any) -> int:
    """Return a whole number from an int, a whole float or digits ("12"); refuse "12-24", 12.5 and booleans."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not an age")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{value} is not whole")
    return int(value)


def _sequence(value: Any) -> tuple[Any, ...]:
    """Return a list (or tuple) as a tuple; refuse a lone string or number rather than split it into characters."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return _freeze(value)


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    if isinstance(value, _Assumption):
        return value.to_dict()
    return value


class _Assumption:
    """Shared dict/JSON conversion of the assumption dataclasses."""

    _nested: ClassVar[dict[str, type]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (tuples become lists)."""
        return {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[T], data: Mapping[str, Any] | None) -> T:
        """Build from a dict; unknown keys are ignored, missing keys take the defaults."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            names = ", ".join(f.name for f in fields(cls))  # type: ignore[arg-type]
            raise AssumptionError(
                f"{_file_part(cls)} must be an object of named fields ({names}), in braces as the downloaded "
                f"assumptions file has it; it is {_json_kind(data)}"
            )
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            nested = cls._nested.get(key)
            kwargs[key] = nested.from_dict(value) if nested else value  # type: ignore[attr-defined]
        return cls(**kwargs)

    def dumps(self) -> str:
        """JSON text of the assumptions (sorted keys, so equal objects give equal text)."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def loads(cls: type[T], text: str) -> T:
        """Read assumptions from JSON text."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AssumptionError(
                f"{_file_part(cls)} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
                "It must be one JSON object in braces, as a downloaded assumptions file is: fix the text at "
                "that place, or download the assumptions again"
            ) from exc
        return cls.from_dict(data)


@dataclass(frozen=True)
class DevelopmentAssumptions(_Assumption):
    """How age-to-age factors are selected.

    Attributes
    ----------
    average : str
        ``volume`` (sum C(j+1) / sum C(j)), ``simple`` or ``geometric`` mean of the link ratios.
    n_periods : int
        Latest origin periods used per age; -1 means all, 1 the latest link ratio alone (Mack's
        sigma cannot be estimated from one ratio per age). A number at least as large as the
        triangle's count of origins also means all: every observed link ratio is then used,
        so the factors are exactly those of -1 (and the value is kept as given, so a saved
        set still reads back equal).
    drop_high, drop_low : int
        Highest / lowest link ratios left out at each age.
    excluded_cells : tuple of (origin_label, age_months)
        Single link ratios left out; the age is the age the ratio develops *from*.
    excluded_valuations : tuple of str
        Whole calendar diagonals (valuation dates ``YYYY-MM-DD``) left out.
    overrides : tuple of (age_months, factor)
        Factors typed by hand; each replaces the computed factor from that age.
    sigma : str
        Extrapolation of Mack's sigma for the last age: ``log-linear`` or ``mack`` (Mack 1993).
    """

    average: str = "volume"
    n_periods: int = -1
    drop_high: int = 0
    drop_low: int = 0
    excluded_cells: tuple[tuple[str, int], ...] = ()
    excluded_valuations: tuple[str, ...] = ()
    overrides: tuple[tuple[int, float], ...] = ()
    sigma: str = "log-linear"

    def __post_init__(self) -> None:
        name = "DevelopmentAssumptions"
        cells = _converted(
            name,
            "excluded_cells",
            lambda: tuple((str(o), _whole(a)) for o, a in _pairs(self.excluded_cells)),
            'a list of [origin, age in months] pairs, e.g. [["2019", 12]]',
            raw=self.excluded_cells,
        )
        valuations = _converted(
            name,
            "excluded_valuations",
            lambda: tuple(str(v)[:10] for v in _sequence(self.excluded_valuations)),
            'a list of valuation dates, e.g. ["2023-12-31"]',
            raw=self.excluded_valuations,
        )
        overrides = _converted(
            name,
            "overrides",
            lambda: tuple(sorted((_whole(a), float(f)) for a, f in _pairs(self.overrides))),
            "a list of [age in months, factor] pairs, e.g. [[12, 1.25]] (the age a factor develops from)",
            raw=self.overrides,
        )
        object.__setattr__(self, "excluded_cells", cells)
        object.__setattr__(self, "excluded_valuations", valuations)
        object.__setattr__(self, "overrides", overrides)
        _choice(self, "average", AVERAGES)
        _choice(self, "sigma", SIGMAS)
        if self.n_periods != -1:
            _int(self, "n_periods", 1)
        _int(self, "drop_high", 0)
        _int(self, "drop_low", 0)
        for value in self.excluded_valuations:
            try:
                pd.Timestamp(value)
            except ValueError as exc:
                raise _fail("DevelopmentAssumptions", "excluded_valuations", f"'{value}' is not a date") from exc
        for age, factor in self.overrides:
            if age <= 0:
                raise _fail("DevelopmentAssumptions", "overrides", f"age {age} must be > 0 months")
            if not math.isfinite(factor) or factor <= 0:
                raise _fail("DevelopmentAssumptions", "overrides", f"factor {factor} at age {age} must be > 0")


@dataclass(frozen=True)
class TailAssumptions(_Assumption):
    """Development beyond the last observed age.

    Attributes
    ----------
    kind : str
        ``none``, ``constant`` (``factor``), ``exponential`` / ``inverse_power`` curve fits,
        ``bondy`` or ``clark`` (growth curve).
    factor : float
        The tail factor when ``kind='constant'``; any number > 0, so a factor below 1 books
        the salvage and subrogation still to come on a line whose claims fall after the last age.
    fit_from, fit_to : int or None
        Range of ages (months, both ends included) whose factors the curve is fitted to,
        each factor named by the age it develops from; None = no bound. Bondy uses ``fit_from`` only.
    attachment_age : int or None
        First age (months) whose factor is replaced by the fitted one, for every kind; None =
        after the last age. For ``constant`` the factor is then the development from that age.
    projection_months : int
        Months of run-off beyond the last age that the tail spreads over (for cash flows).
    """

    kind: str = "none"
    factor: float = 1.0
    fit_from: int | None = None
    fit_to: int | None = None
    attachment_age: int | None = None
    projection_months: int = 12

    def __post_init__(self) -> None:
        _choice(self, "kind", TAIL_KINDS)
        _positive(self, "factor")
        for name in ("fit_from", "fit_to", "attachment_age"):
            if getattr(self, name) is not None:
                _int(self, name, 1)
        if self.fit_from is not None and self.fit_to is not None and self.fit_to < self.fit_from:
            raise _fail("TailAssumptions", "fit_to", "must not be before fit_from")
        _int(self, "projection_months", 1)


@dataclass(frozen=True)
class LossRatioAssumptions(_Assumption):
    """A-priori (expected) loss ratios for expected loss, BF and Benktander.

    Attributes
    ----------
    default : float or None
        Loss ratio for origins without their own value; 0 or more (0 says no claims are
        expected beyond what is reported: BF then gives the reported figure).
    by_origin : tuple of (origin_label, loss_ratio)
        Per-origin loss ratios, as edited in the a-priori table.
    source : str
        ``manual`` (the values above) or ``cape_cod`` (Cape Cod's implied loss ratio).
    """

    default: float | None = None
    by_origin: tuple[tuple[str, float], ...] = ()
    source: str = "manual"

    def __post_init__(self) -> None:
        by_origin = _converted(
            "LossRatioAssumptions",
            "by_origin",
            lambda: tuple((str(o), float(r)) for o, r in _pairs(self.by_origin)),
            'a list of [origin, loss ratio] pairs, e.g. [["2019", 0.65]]',
            raw=self.by_origin,
        )
        object.__setattr__(self, "by_origin", by_origin)
        _choice(self, "source", LOSS_RATIO_SOURCES)
        if self.default is not None:
            value = self.default
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise _fail("LossRatioAssumptions", "default", f"must be a number >= 0, got {value!r}")
        for origin, ratio in self.by_origin:
            if not math.isfinite(ratio) or ratio < 0:
                raise _fail("LossRatioAssumptions", "by_origin", f"loss ratio {ratio} of {origin} must be >= 0")

    def for_origin(self, origin: str) -> float | None:
        """Return the a-priori loss ratio of one origin label (its own value, else the default)."""
        return dict(self.by_origin).get(origin, self.default)


@dataclass(frozen=True)
class MethodOptions(_Assumption):
    """Options of individual methods.

    Attributes
    ----------
    benktander_iterations : int
        Benktander steps counted from Bornhuetter-Ferguson: 1 (the default) is Benktander's
        method, BF applied to BF's ultimate; 0 is BF itself; each further step moves the
        credibility closer to chain ladder. chainladder's ``Benktander(n_iters=...)`` counts
        from the a-priori ultimate instead, so ``n_iters = benktander_iterations + 1``.
        Option sets saved before version 2 held chainladder's ``n_iters`` (their default 1 gave
        BF's figure); `upgrade` reads a saved ``n`` as ``n - 1`` steps, so a saved valuation
        recomputes to the figure it had.
    cape_cod_decay, cape_cod_trend : float
        Generalised Cape Cod decay (1 = classic) and annual trend of the loss ratios.
    n_sims, seed : int
        Bootstrap simulations and random seed (fixed, so results are reproducible).
    clark_growth : str
        Growth curve of Clark's method: ``loglogistic`` or ``weibull``.
    clark_form : str
        Clark's form: ``ldf`` (the default: ultimate = latest / G, the curve alone) or
        ``cape_cod`` (reserve = ELR x premium x (1 - G), the curve fitted with an expected loss
        ratio to the premium; needs premium). Premium in the data no longer switches the form:
        the user chooses it.
    clark_truncation : int or None
        Age in months at which Clark's growth curve is truncated: development beyond it is
        not projected, so the ultimate is the loss at that age (LDF form: latest x G(t) / G(age);
        Cape Cod form: reserve = ELR x premium x (G(t) - G(age))). None (the default)
        projects to infinite age, as Clark's untruncated method does; a loglogistic curve
        then keeps developing for decades, which is why Clark suggests a truncation.
        Must lie beyond the triangle's last age.
    version : int
        What the fields mean (`OPTIONS_VERSION`). Written with every option set, so a file saved
        under an older meaning is recognised and read as it was meant (`upgrade`).
    """

    benktander_iterations: int = 1
    cape_cod_decay: float = 1.0
    cape_cod_trend: float = 0.0
    n_sims: int = 1000
    seed: int = 42
    clark_growth: str = "loglogistic"
    clark_form: str = "ldf"
    clark_truncation: int | None = None
    version: int = OPTIONS_VERSION

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> MethodOptions:
        """Build from a dict; a dict without ``version`` was saved before version 2 and is upgraded."""
        if isinstance(data, Mapping) and "version" not in data:
            data = cls.upgrade(data)
        return super().from_dict(data)

    @staticmethod
    def upgrade(data: Mapping[str, Any]) -> dict[str, Any]:
        """Options saved before version 2, in today's meaning, so they give the figures they gave.

        ``benktander_iterations`` was chainladder's ``n_iters`` (1, the default, gave BF's
        figure): it becomes ``n - 1`` steps from BF. Clark's form was chosen by the data
        (Cape Cod whenever premium existed): it becomes `CLARK_FORM_BY_DATA`.
        """
        out = dict(data)
        old_iterations = out.get("benktander_iterations", 1)
        if isinstance(old_iterations, int) and not isinstance(old_iterations, bool):
            out["benktander_iterations"] = max(old_iterations - 1, 0)
        out.setdefault("clark_form", CLARK_FORM_BY_DATA)
        out["version"] = OPTIONS_VERSION
        return out

    def __post_init__(self) -> None:
        _int(self, "benktander_iterations", 0)
        if self.version != OPTIONS_VERSION:
            raise _fail("MethodOptions", "version", f"must be {OPTIONS_VERSION}, got {self.version!r}")
        for name in ("cape_cod_decay", "cape_cod_trend"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise _fail("MethodOptions", name, f"must be a number, got {value!r}")
        if not 0 <= self.cape_cod_decay <= 1:
            raise _fail("MethodOptions", "cape_cod_decay", f"must be between 0 and 1, got {self.cape_cod_decay}")
        if not isinstance(self.cape_cod_trend, int | float) or not -1 < self.cape_cod_trend < 10:
            raise _fail("MethodOptions", "cape_cod_trend", f"must be a rate above -1, got {self.cape_cod_trend}")
        _int(self, "n_sims", 10)
        _int(self, "seed", 0)
        _choice(self, "clark_growth", CLARK_GROWTHS)
        _choice(self, "clark_form", (*CLARK_FORMS, CLARK_FORM_BY_DATA))
        if self.clark_truncation is not None:
            _int(self, "clark_truncation", 1)


@dataclass(frozen=True)
class Selection(_Assumption):
    """The selected method (or weighted blend) per origin, with the actuary's reason.

    Attributes
    ----------
    by_origin : tuple of (origin_label, ((method, weight), ...), reason)
        Weights need not sum to one; they are normalised.
    default_method : str
        Method used for origins not listed.
    """

    by_origin: tuple[tuple[str, tuple[tuple[str, float], ...], str], ...] = ()
    default_method: str = "chainladder"

    def __post_init__(self) -> None:
        rows = []
        entries = _converted("Selection", "by_origin", lambda: _sequence(self.by_origin), "a list of entries")
        for item in entries:
            if not isinstance(item, tuple) or len(item) not in (2, 3):
                raise _fail("Selection", "by_origin", f"each entry is (origin, weights, reason), got {item!r}")
            origin = str(item[0])
            weights = _converted(
                "Selection",
                "by_origin",
                lambda item=item: tuple((str(m), float(w)) for m, w in _pairs(item[1])),
                f'weights of {origin} as [method, weight] pairs, e.g. [["chainladder", 1.0]]',
                raw=item[1],
            )
            reason = str(item[2]) if len(item) == 3 else ""
            if not weights or any(w < 0 for _, w in weights) or sum(w for _, w in weights) <= 0:
                raise _fail("Selection", "by_origin", f"weights of {origin} must be >= 0 and not all zero")
            rows.append((origin, weights, reason))
        object.__setattr__(self, "by_origin", tuple(rows))
        if not self.default_method:
            raise _fail("Selection", "default_method", "must name a method")

    def weights_for(self, origin: str) -> tuple[tuple[tuple[str, float], ...], str]:
        """Normalised (method, weight) pairs and the reason for one origin."""
        for label, weights, reason in self.by_origin:
            if label == origin:
                total = sum(w for _, w in weights)
                return tuple((m, w / total) for m, w in weights), reason
        return ((self.default_method, 1.0),), ""


@dataclass(frozen=True)
class SegmentAssumptions(_Assumption):
    """Everything assumed for one segment and measure."""

    measure: str = "incurred"
    development: DevelopmentAssumptions = field(default_factory=DevelopmentAssumptions)
    tail: TailAssumptions = field(default_factory=TailAssumptions)
    loss_ratio: LossRatioAssumptions = field(default_factory=LossRatioAssumptions)
    options: MethodOptions = field(default_factory=MethodOptions)
    selection: Selection = field(default_factory=Selection)

    _nested: ClassVar[dict[str, type]] = {
        "development": DevelopmentAssumptions,
        "tail": TailAssumptions,
        "loss_ratio": LossRatioAssumptions,
        "options": MethodOptions,
        "selection": Selection,
    }

    def __post_init__(self) -> None:
        if not isinstance(self.measure, str) or not self.measure:
            raise _fail("SegmentAssumptions", "measure", "must name a measure")
