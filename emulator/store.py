"""In-memory, thread-safe store of everything the emulated API holds, keyed by project id.

A project record holds one dict per collection (`"webhooks"`, later `"whatsapp_senders"`, ...), each
mapping a resource id to its stored record (a plain JSON-like dict, including fields the API never returns,
such as a webhook's secret). Projects are created lazily on first write.

One `threading.RLock` guards all of it: handlers that check-then-write (uniqueness, limits) hold
`store.lock` across the check and the write.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

Record = dict[str, Any]


class ProjectRecord:
    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self._collections: dict[str, dict[str, Record]] = {}

    def collection(self, name: str) -> dict[str, Record]:
        """The (mutable) id -> record dict of one collection; created empty on first use."""
        return self._collections.setdefault(name, {})


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._projects: dict[str, ProjectRecord] = {}

    def project(self, project_id: str) -> ProjectRecord:
        """The project's record, created on first use. Call with `lock` held when you go on to write."""
        with self.lock:
            record = self._projects.get(project_id)
            if record is None:
                record = self._projects[project_id] = ProjectRecord(project_id)
            return record

    def get_project(self, project_id: str) -> ProjectRecord | None:
        """The project's record, or None: reads do not create projects."""
        with self.lock:
            return self._projects.get(project_id)

    def records(self, project_id: str, collection: str) -> list[Record]:
        """A snapshot (copies) of one collection of one project."""
        with self.lock:
            project = self._projects.get(project_id)
            if project is None:
                return []
            return [copy.deepcopy(r) for r in project.collection(collection).values()]

    def project_ids(self) -> list[str]:
        with self.lock:
            return sorted(self._projects)

    def reset(self) -> None:
        with self.lock:
            self._projects.clear()
