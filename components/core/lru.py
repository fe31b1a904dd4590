"""A small thread-safe least-recently-used map, shared by the sessions of one server.

Results that cannot live in `st.cache_data` (the bootstrap reports progress while it runs;
exports are built on a button press) are kept in one of these, held by `st.cache_resource`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class LruStore(Generic[V]):
    """Values by key, at most `max_entries`; the least recently used goes first."""

    def __init__(self, max_entries: int) -> None:
        self._max = max_entries
        self._items: OrderedDict[tuple, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> V | None:
        """Return the value stored under `key` (marked as recently used), or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: tuple, value: V) -> None:
        """Store a value, dropping the least recently used beyond the bound."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
