"""One store connection per worker thread, since SQLite connections stay on their thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import Request

from communique.store.base import EventStore

StoreOpener = Callable[[str], EventStore]


class StoreProvider:
    """Opens the store lazily on each thread that asks for it and closes them all at shutdown."""

    def __init__(self, store_url: str, opener: StoreOpener) -> None:
        self.store_url = store_url
        self._opener = opener
        self._local = threading.local()
        self._opened: list[EventStore] = []
        self._lock = threading.Lock()

    def get(self) -> EventStore:
        """The calling thread's store, opened on its first call."""
        store: EventStore | None = getattr(self._local, "store", None)
        if store is None:
            store = self._opener(self.store_url)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close_all(self) -> None:
        """Close every store opened so far (at shutdown)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:
                # A connection owned by another thread may refuse to close from this one; the
                # process is shutting down and the OS reclaims it.
                continue


def store_for(request: Request) -> EventStore:
    """The calling thread's store; call it inside the endpoint, not as a dependency, because
    FastAPI may run dependencies and the endpoint on different threads."""
    provider: StoreProvider = request.app.state.stores
    return provider.get()
