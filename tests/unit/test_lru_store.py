"""The server-wide LRU map behind the bootstrap results and the built exports."""

from __future__ import annotations

from components.core.cached import ResultStore
from components.core.lru import LruStore
from components.governance.exports import ExportStore


def test_the_least_recently_used_entry_goes_first_beyond_the_bound() -> None:
    store: LruStore[int] = LruStore(max_entries=2)
    store.put(("a",), 1)
    store.put(("b",), 2)
    assert store.get(("a",)) == 1  # "a" is now the most recently used
    store.put(("c",), 3)  # over the bound of 2: "b" goes, not "a"
    assert (store.get(("a",)), store.get(("b",)), store.get(("c",))) == (1, None, 3)


def test_bootstrap_results_and_exports_use_the_same_store() -> None:
    exports = ExportStore(max_entries=1)
    exports.put((1,), {"x.html": b"<html>"})
    exports.put((2,), {"y.html": b"<html>"})
    assert exports.get((1,)) is None and exports.get((2,)) == {"y.html": b"<html>"}
    assert issubclass(ResultStore, LruStore) and issubclass(ExportStore, LruStore)
