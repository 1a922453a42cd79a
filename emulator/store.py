"""The emulator's generic entity store: every resource type, in memory, optionally in SQLite.

Entities are plain JSON dicts, kept per graph type and per *scope* (the `{resource}` they
live under, such as ``users/<id>``, or ``""`` for tenant-wide collections like ``users``).
Lists are cached per collection and per owner field (``parentFolderId`` ...), so a page of a
100,000-item folder is a slice, not a scan. Every change bumps a store-wide version, which
delta queries and ETags are built from. Deleted entities leave tombstones for delta.

Links (``(source id, navigation name) -> target ids``) live beside the records, never in
their data: navigation properties (a user's ``manager``) and parent-child membership (the
``tasks`` of a To Do list, the ``attachments`` of a message) alike. `parents` answers the
reverse question: which entities list this one under a name.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ids import IdFactory

__all__ = ["Record", "Store", "Tombstone"]

class Record:
    """One stored entity. `data` is never mutated in place: updates replace it."""

    __slots__ = ("graph_type", "scope", "data", "version", "_rendered")

    def __init__(self, graph_type: str, scope: str, data: dict[str, Any], version: int) -> None:
        self.graph_type = graph_type
        self.scope = scope
        self.data = data
        self.version = version
        self._rendered: dict[Any, bytes] | None = None

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def etag(self) -> str:
        digest = hashlib.sha1(f"{self.data['id']}:{self.version}".encode()).digest()
        return 'W/"' + base64.b64encode(digest[:15]).decode() + '"'

    def rendered(self, key: Any) -> bytes | None:
        """A cached serialization of this version (per projection), or None."""
        cache = self._rendered
        return None if cache is None else cache.get(key)

    def remember(self, key: Any, body: bytes) -> None:
        if self._rendered is None:
            self._rendered = {}
        self._rendered[key] = body


@dataclass(frozen=True)
class Tombstone:
    graph_type: str
    scope: str
    id: str
    version: int
    data: dict[str, Any]  # the last state, so owner-field filters still apply
    parents: frozenset[tuple[str, str]] = frozenset()  # (source id, name) that listed it


class Store:
    """Thread-safe; in memory unless `path` names a SQLite file (write-through).

    `keys` names, per graph type, the fields that identify an entity besides its id (the
    specs' `emulator: keys:`, e.g. a user's userPrincipalName).
    """

    def __init__(self, ids: IdFactory, path: Path | None = None,
                 keys: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.ids = ids
        self._keys = dict(keys or {})
        self._lock = threading.RLock()
        self._version = 0
        self._by_type: dict[str, dict[str, Record]] = {}
        self._collections: dict[tuple[str, str], dict[str, Record]] = {}
        self._list_cache: dict[tuple[str, str], list[Record]] = {}
        self._owner_index: dict[tuple[str, str, str], dict[Any, list[Record]]] = {}
        self._alternate: dict[tuple[str, str], str] = {}
        self._aliases: dict[tuple[str, str, str], str] = {}
        self._links: dict[tuple[str, str], list[str]] = {}
        self._linked_from: dict[str, set[tuple[str, str]]] = {}  # target -> {(source, name)}
        self._tombstones: list[Tombstone] = []
        self._watchers: list[Callable[[str, Record | Tombstone], None]] = []
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    # ------------------------------------------------------------------ reading
    @property
    def version(self) -> int:
        return self._version

    def is_empty(self) -> bool:
        return not self._by_type

    def get(self, graph_type: str, key: str, scope: str | None = None) -> Record | None:
        """By id, by an alternate key (userPrincipalName) or by an alias within `scope`.

        With `scope`, an entity that lives in another scope is not found.
        """
        with self._lock:
            records = self._by_type.get(graph_type, {})
            record = records.get(key)
            if record is None:
                found = self._alternate.get((graph_type, key.lower()))
                if found is None and scope is not None:
                    found = self._aliases.get((graph_type, scope, key.lower()))
                record = records.get(found) if found is not None else None
            if record is not None and scope is not None and record.scope != scope:
                return None
            return record

    def add_alias(self, graph_type: str, scope: str, alias: str, item_id: str) -> None:
        """A well-known name for an entity in a scope (``inbox`` for a mail folder)."""
        with self._lock:
            self._aliases[(graph_type, scope, alias.lower())] = item_id

    def find(self, key: str) -> Record | None:
        """An entity of any type by id (for navigation links)."""
        with self._lock:
            for records in self._by_type.values():
                record = records.get(key)
                if record is not None:
                    return record
        return None

    def find_all(self, key: str) -> list[Record]:
        """Every entity with this id: a team and its group share theirs (G: resources/team.md)."""
        with self._lock:
            return [records[key] for records in self._by_type.values() if key in records]

    def items(self, graph_type: str, scope: str) -> list[Record]:
        """The collection in insertion order. Callers must not mutate the returned list."""
        key = (graph_type, scope)
        with self._lock:
            cached = self._list_cache.get(key)
            if cached is None:
                cached = list(self._collections.get(key, {}).values())
                self._list_cache[key] = cached
            return cached

    def items_where(self, graph_type: str, scope: str, field: str, value: Any) -> list[Record]:
        """The collection's items whose `field` equals `value` (an owner such as a folder)."""
        key = (graph_type, scope, field)
        with self._lock:
            index = self._owner_index.get(key)
            if index is None:
                index = {}
                for record in self.items(graph_type, scope):
                    index.setdefault(record.data.get(field), []).append(record)
                self._owner_index[key] = index
            return index.get(value, [])

    def count(self, graph_type: str, scope: str | None = None) -> int:
        with self._lock:
            if scope is None:
                return len(self._by_type.get(graph_type, {}))
            return len(self._collections.get((graph_type, scope), {}))

    def tombstones_since(self, graph_type: str, scope: str, version: int) -> list[Tombstone]:
        with self._lock:
            return [t for t in self._tombstones
                    if t.version > version and t.graph_type == graph_type and t.scope == scope]

    # ------------------------------------------------------------------ watching
    def watch(self, listener: Callable[[str, Record | Tombstone], None]) -> None:
        """Call `listener(change, entity)` after each change: "created" and "updated" with the
        record, "deleted" with its tombstone. The one hook every write of every resource goes
        through (change notifications use it); `bulk_insert` is seeding and stays silent."""
        with self._lock:
            self._watchers.append(listener)

    def _changed(self, change: str, entity: Record | Tombstone) -> None:
        for listener in self._watchers:
            listener(change, entity)

    # ------------------------------------------------------------------ writing
    def insert(self, graph_type: str, scope: str, data: dict[str, Any], *,
               id_style: str = "guid") -> Record:
        with self._lock:
            record = self._add(graph_type, scope, data, id_style)
            self._persist([record])
            self._changed("created", record)
            return record

    def bulk_insert(self, graph_type: str, owner: str, items: Iterable[dict[str, Any]], *,
                    id_style: str = "guid") -> int:
        """Insert many entities under scope `owner` (e.g. ``users/<id>``); returns the count.

        `items` may be a generator, so 100,000 entities need not exist as a list first.
        """
        with self._lock:
            added = [self._add(graph_type, owner, data, id_style) for data in items]
            self._persist(added)
            return len(added)

    def update(self, record: Record, changes: dict[str, Any]) -> Record:
        """Merge `changes` into the entity (PATCH semantics) and bump its version."""
        with self._lock:
            old = record.data
            new = {**old, **changes, "id": old["id"]}
            self._version += 1
            record.data = new
            record.version = self._version
            record._rendered = None
            key = (record.graph_type, record.scope)
            for (gtype, scope, field), _index in list(self._owner_index.items()):
                if (gtype, scope) == key and old.get(field) != new.get(field):
                    del self._owner_index[(gtype, scope, field)]
            self._index_alternates(record)
            self._persist([record])
            self._changed("updated", record)
            return record

    def delete(self, record: Record) -> None:
        with self._lock:
            self._version += 1
            self._by_type.get(record.graph_type, {}).pop(record.id, None)
            self._collections.get((record.graph_type, record.scope), {}).pop(record.id, None)
            self._forget_lists(record.graph_type, record.scope)
            for name in self._keys.get(record.graph_type, ()):
                value = record.data.get(name)
                if isinstance(value, str):
                    self._alternate.pop((record.graph_type, value.lower()), None)
            parents = frozenset(self._linked_from.pop(record.id, set()))
            tombstone = Tombstone(record.graph_type, record.scope, record.id, self._version,
                                  record.data, parents)
            self._tombstones.append(tombstone)
            for key in [k for k in self._links if k[0] == record.id]:
                for target in self._links.pop(key):
                    self._linked_from.get(target, set()).discard(key)
            for key in parents:
                self._links[key] = [t for t in self._links.get(key, []) if t != record.id]
            if self._db is not None:
                self._db.execute("DELETE FROM items WHERE id = ?", (record.id,))
                self._db.execute("INSERT INTO tombstones VALUES (?, ?, ?, ?, ?, ?)",
                                 (record.graph_type, record.scope, record.id, self._version,
                                  json.dumps(record.data), json.dumps(sorted(parents))))
                self._save_meta()
            self._changed("deleted", tombstone)

    # ------------------------------------------------------------------ links
    def links(self, source_id: str, navigation: str) -> list[str]:
        with self._lock:
            return list(self._links.get((source_id, navigation), []))

    def parents(self, target_id: str, navigation: str) -> set[str]:
        """The ids of the entities that link to `target_id` under `navigation` (the To Do
        list whose `tasks` hold a task)."""
        with self._lock:
            return {source for source, name in self._linked_from.get(target_id, ())
                    if name == navigation}

    def linked_from(self, target_id: str) -> list[tuple[str, str]]:
        """Every (source id, name) that links to `target_id`, sorted."""
        with self._lock:
            return sorted(self._linked_from.get(target_id, ()))

    def set_links(self, source_id: str, navigation: str, target_ids: Iterable[str]) -> None:
        with self._lock:
            key = (source_id, navigation)
            for old in self._links.get(key, []):
                self._linked_from.get(old, set()).discard(key)
            self._links[key] = list(target_ids)
            for new in self._links[key]:
                self._linked_from.setdefault(new, set()).add(key)
            if self._db is not None:
                self._db.execute("INSERT OR REPLACE INTO links VALUES (?, ?, ?)",
                                 (source_id, navigation,
                                  json.dumps(self._links[(source_id, navigation)])))
                self._db.commit()

    def add_link(self, source_id: str, navigation: str, target_id: str) -> None:
        with self._lock:
            targets = self._links.get((source_id, navigation), [])
            if target_id not in targets:
                self.set_links(source_id, navigation, [*targets, target_id])

    def remove_link(self, source_id: str, navigation: str, target_id: str) -> None:
        with self._lock:
            targets = self._links.get((source_id, navigation), [])
            if target_id in targets:
                self.set_links(source_id, navigation, [t for t in targets if t != target_id])

    # ------------------------------------------------------------------ internals
    def _add(self, graph_type: str, scope: str, data: dict[str, Any], id_style: str) -> Record:
        if "id" not in data:
            data = {"id": self.ids.new(id_style), **data}
        self._version += 1
        record = Record(graph_type, scope, data, self._version)
        self._by_type.setdefault(graph_type, {})[record.id] = record
        self._collections.setdefault((graph_type, scope), {})[record.id] = record
        cached = self._list_cache.get((graph_type, scope))
        if cached is not None:
            cached.append(record)
        for (gtype, owner_scope, field), index in self._owner_index.items():
            if (gtype, owner_scope) == (graph_type, scope):
                index.setdefault(data.get(field), []).append(record)
        self._index_alternates(record)
        return record

    def _index_alternates(self, record: Record) -> None:
        for name in self._keys.get(record.graph_type, ()):
            value = record.data.get(name)
            if isinstance(value, str):
                self._alternate[(record.graph_type, value.lower())] = record.id

    def _forget_lists(self, graph_type: str, scope: str) -> None:
        self._list_cache.pop((graph_type, scope), None)
        for key in [k for k in self._owner_index if k[:2] == (graph_type, scope)]:
            del self._owner_index[key]

    # ------------------------------------------------------------------ SQLite
    def _open(self, path: Path) -> None:
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.executescript(
            """
            CREATE TABLE IF NOT EXISTS items (seq INTEGER PRIMARY KEY AUTOINCREMENT,
                graph_type TEXT, scope TEXT, id TEXT UNIQUE, version INTEGER, data TEXT);
            CREATE TABLE IF NOT EXISTS links (source TEXT, navigation TEXT, targets TEXT,
                PRIMARY KEY (source, navigation));
            CREATE TABLE IF NOT EXISTS tombstones (graph_type TEXT, scope TEXT, id TEXT,
                version INTEGER, data TEXT, parents TEXT);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
            """
        )
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(tombstones)")}
        if "parents" not in columns:  # a file written before tombstones kept their parents
            self._db.execute("ALTER TABLE tombstones ADD COLUMN parents TEXT")
        for graph_type, scope, data, version in self._db.execute(
            "SELECT graph_type, scope, data, version FROM items ORDER BY seq"
        ):
            record = Record(graph_type, scope, json.loads(data), version)
            self._by_type.setdefault(graph_type, {})[record.id] = record
            self._collections.setdefault((graph_type, scope), {})[record.id] = record
            self._index_alternates(record)
        for source, navigation, targets in self._db.execute("SELECT * FROM links"):
            self._links[(source, navigation)] = json.loads(targets)
            for target in self._links[(source, navigation)]:
                self._linked_from.setdefault(target, set()).add((source, navigation))
        for graph_type, scope, item_id, version, data, parents in self._db.execute(
            "SELECT graph_type, scope, id, version, data, parents FROM tombstones"
        ):
            self._tombstones.append(Tombstone(graph_type, scope, item_id, version,
                                              json.loads(data),
                                              frozenset(map(tuple, json.loads(parents or "[]")))))
        row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        self._version = int(row[0]) if row else 0

    def _persist(self, records: list[Record]) -> None:
        if self._db is None or not records:
            return
        self._db.executemany(
            "INSERT INTO items (graph_type, scope, id, version, data) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET version = excluded.version, data = excluded.data",
            _rows(records),
        )
        self._save_meta()

    def _save_meta(self) -> None:
        assert self._db is not None
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(self._version),))
        self._db.commit()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _rows(records: list[Record]) -> Iterator[tuple[str, str, str, int, str]]:
    for record in records:
        yield (record.graph_type, record.scope, record.id, record.version,
               json.dumps(record.data))
