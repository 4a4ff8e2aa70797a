"""Refresh at scale: many objects of one collection read from one paginated list, not one GET each.

Terraform refreshes every resource with its own ReadResource call (ten at a time). For a collection whose list
returns whole objects (templates, senders, webhooks), once a provider process has read a few objects of the
same collection it lists the collection once (all pages, shared by every thread) and serves the other reads
from that listing: a refresh of 1,000 templates costs a few GETs and ten list pages instead of 1,000 GETs.
A write under a collection forgets its listing, so reads after a write in the same run see the change; an
object the listing lacks is read with its own GET (it may be new, or gone: the GET tells which).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future
from typing import Any

#: Reads of one collection served by their own GET before the collection is listed: a plan that reads one or
#: two objects of a big collection never pays for the whole list. (It was 5: with 15 webhooks at most per project,
#: that made 6 requests for 10 webhooks; 2 makes 3, and under latency the third read starts the listing while
#: the first two are on the wire.)
DIRECT_READS = 2

Lister = Callable[[], list[dict[str, Any]]]
#: What identifies an object of a listing (its ID, or name and language): the listing is indexed by it once, so
#: each of 1,000 reads finds its object in a dictionary, not by a scan of the listing (that was quadratic).
Identity = Callable[[Mapping[str, Any]], Hashable]


class Listings:
    def __init__(self, direct_reads: int = DIRECT_READS) -> None:
        self._lock = threading.Lock()
        self._reads: Counter[str] = Counter()
        self._lists: dict[str, Future[dict[Hashable, dict[str, Any]]]] = {}
        self._generation: Counter[str] = Counter()
        self.direct_reads = direct_reads

    def find(self, collection: str, list_all: Lister, identity: Identity, wanted: Hashable) -> dict[str, Any] | None:
        """The listed object whose ``identity`` is ``wanted``, or None: read it with a GET (too few reads of this
        collection yet, not in the listing, or the listing failed)."""
        with self._lock:
            self._reads[collection] += 1
            if self._reads[collection] <= self.direct_reads:
                return None
            future = self._lists.get(collection)
            owner = future is None
            if owner:
                future = self._lists[collection] = Future()
                generation = self._generation[collection]
        assert future is not None
        if owner:
            try:
                index = {identity(item): item for item in list_all()}
            except Exception as exc:  # the reads fall back to their own GETs (and report their own errors)
                with self._lock:
                    if self._lists.get(collection) is future:
                        del self._lists[collection]
                future.set_exception(exc)
                return None
            with self._lock:
                if self._generation[collection] != generation and self._lists.get(collection) is future:
                    del self._lists[collection]  # a write landed while listing: the next read lists again
            future.set_result(index)
        try:
            return future.result().get(wanted)
        except Exception:
            return None

    def forget(self, path: str) -> None:
        """A write to ``path``: forget the listing of every collection it is in (or is)."""
        with self._lock:
            for collection in list(self._lists):
                if path == collection or path.startswith(collection.rstrip("/") + "/"):
                    del self._lists[collection]
            for collection in list(self._generation) + list(self._reads):
                if path == collection or path.startswith(collection.rstrip("/") + "/"):
                    self._generation[collection] += 1
