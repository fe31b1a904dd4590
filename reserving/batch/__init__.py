"""Batch valuation: one config file values every segment and stores one valuation per segment.

Usage::

    from reserving.batch import load_config, run_batch
    outcomes = run_batch(load_config("CONFIG.toml"), progress=lambda done, total, label: ...)

See `reserving.batch.config` for the config keys and `reserving.batch.runner` for the run.
"""

from reserving.batch.config import BatchConfig, ConfigError, SourceConfig, load_config, parse_config
from reserving.batch.runner import ProgressCallback, SegmentOutcome, TextProgress, run_batch

__all__ = [
    "BatchConfig",
    "ConfigError",
    "ProgressCallback",
    "SegmentOutcome",
    "SourceConfig",
    "TextProgress",
    "load_config",
    "parse_config",
    "run_batch",
]
