"""Cached wrappers over `reserving.unexpired`, keyed by the listing's content hash and settings JSON.

The policy frame and the UPR result travel in underscore parameters, which Streamlit leaves
out of the key; the hash of the file, the mapping JSON and the settings JSON determine them.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from components.core.state import FileBlob
from reserving.samples import CHINA_POLICIES
from reserving.unexpired import (
    AdequacyParameters,
    AdequacyResult,
    ListingResult,
    PolicyMapping,
    UprResult,
    UprSettings,
    compute_upr,
    premium_adequacy,
    read_listing_bytes,
    upr_runoff,
)

SAMPLE_NAME = "china"


@st.cache_resource(max_entries=1, show_spinner=False)
def sample_blob() -> FileBlob:
    """Return the `china` sample's policy listing (`data/china_market/policies.csv`), read once per server."""
    return FileBlob.of(CHINA_POLICIES.name, CHINA_POLICIES.read_bytes())


def mapping_json(mapping: PolicyMapping) -> str:
    """Canonical JSON of a hand mapping, sheet and encoding (the cache key of the listing)."""
    data = {"columns": [list(pair) for pair in mapping.columns], "sheet": mapping.sheet, "encoding": mapping.encoding}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def mapping_of(text: str) -> PolicyMapping:
    """Rebuild the mapping from `mapping_json` output."""
    data = json.loads(text)
    pairs = [tuple(pair) for pair in data.get("columns", ())]
    return PolicyMapping.from_pairs(pairs, sheet=data.get("sheet"), encoding=data.get("encoding"))


NO_MAPPING_JSON = mapping_json(PolicyMapping())
"""The sample's mapping: every column recognised by name."""


def settings_json(settings: UprSettings | AdequacyParameters) -> str:
    """Canonical JSON of settings (the cache key of a result)."""
    return json.dumps(settings.to_dict(), sort_keys=True, ensure_ascii=False)


@st.cache_data(max_entries=16, show_spinner=False)
def listing(content_hash: str, file_name: str, mapping: str, _data: bytes) -> ListingResult:
    """Read and validate a listing; the hash, name and mapping JSON determine `_data`'s result."""
    return read_listing_bytes(_data, file_name, mapping_of(mapping))


@st.cache_data(max_entries=32, show_spinner=False)
def upr_result(content_hash: str, mapping: str, settings: str, _policies: pd.DataFrame) -> UprResult:
    """Compute the UPR statement of the listing under the settings JSON."""
    return compute_upr(_policies, UprSettings.from_dict(json.loads(settings)))


@st.cache_data(max_entries=32, show_spinner=False)
def runoff(content_hash: str, mapping: str, settings: str, _policies: pd.DataFrame) -> pd.DataFrame:
    """Return the UPR gross per line at each future month end."""
    return upr_runoff(_policies, UprSettings.from_dict(json.loads(settings)))


@st.cache_data(max_entries=64, show_spinner=False)
def adequacy(content_hash: str, mapping: str, settings: str, parameters: str, _result: UprResult) -> AdequacyResult:
    """Run the premium adequacy test on the UPR result under the parameters JSON."""
    return premium_adequacy(_result, AdequacyParameters.from_dict(json.loads(parameters)))
