"""Objects bound to a connection: the resources and services generated code builds on.

- `Resource`: a model with an identity and a path; generated methods call the helpers here
  (`_call`, `_list`, `_save`, ...) and nothing else of the runtime.
- `Service`: an entry point bound to a resource such as `me` or `users/adele@contoso.com`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from .arguments import id_of
from .compat import BoundApiComponentNames, bound_to
from .model import NOT_GIVEN, Model, lookup, to_json
from .options import OptionsView
from .paths import PLACEHOLDER, RawPath, expand, segment
from .query import as_query

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from typing_extensions import Self

    from .attachments import Attachments
    from .connection import Connection
    from .delta import DeltaIterator
    from .open_values import Definitions, OpenValuesSpec
    from .operations import AsyncOperation
    from .paging import Paginator
    from .query import Query, QueryLike
    from .query_builder import QueryBuilder
    from .upload import UploadKind

R = TypeVar("R", bound="Resource")


class Bound(BoundApiComponentNames, OptionsView):
    """Helpers shared by resources and services: both hold a connection and a context."""

    __slots__ = ()

    _con: Connection
    _ctx: dict[str, str]

    @property
    def con(self) -> Connection:
        """The connection this object talks through (also the raw-request escape hatch)."""
        return self._con

    def _values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = dict(self._ctx)
        values.update(params)
        return values

    def _zoned_arg(self, value: Any) -> Any:
        """A datetime argument as a dateTimeTimeZone in the protocol's zone (naive: that zone)."""
        import datetime as _dt

        from .timezones import ensure_aware, to_graph_datetime

        if value is None or value is NOT_GIVEN:
            return value
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
        return to_graph_datetime(ensure_aware(value, self._con.protocol.timezone))

    def _datetime_arg(self, value: Any, *, from_now: bool = False) -> Any:
        """A datetime argument sent as is: naive values are read in the protocol's time zone.

        python-o365 also takes a date, an ISO string, or one of its queries comparing a field
        with a date (`builder.greater_equal('start', dt)`, as its calendar docs pass to
        `get_events(start_recurring=...)`): the date compared is used. With `from_now`, a
        number of seconds or a timedelta is that long from now (its `delay_delivery(3600)`).
        """
        import datetime as _dt

        from .timezones import ensure_aware, parse_datetime

        if value is None or value is NOT_GIVEN:
            return value
        if from_now and isinstance(value, (int, float, _dt.timedelta)) and not isinstance(value, bool):
            delay = value if isinstance(value, _dt.timedelta) else _dt.timedelta(seconds=value)
            return _dt.datetime.now(_dt.timezone.utc) + delay
        if not isinstance(value, (str, _dt.date)) and hasattr(value, "compared_words"):
            value = _compared_datetime(value.compared_words())
        if isinstance(value, str):
            value = parse_datetime(value) if "T" in value else _dt.date.fromisoformat(value)
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
        if not isinstance(value, _dt.datetime):
            raise TypeError(f"expected a datetime, not {type(value).__name__}")
        return ensure_aware(value, self._con.protocol.timezone)

    def _path(self, template: str, **params: Any) -> str:
        return expand(template, self._values(params))

    def _value_of(self, name: str) -> Any:
        """A raw value of this object for a spec's `{name}`: its id or a context key, else
        a slash path into its data (`{planId}`)."""
        values = self._values({})
        if name in values and values[name] is not None:
            return values[name]
        return lookup(getattr(self, "_data", {}), name)

    def _reference(self, entity_set: str, key: Any) -> Any:
        """An entity named by its absolute URL, as `$ref` bodies (`{"@odata.id": ...}`) and
        `@odata.bind` members need it: `<service root>/<entity set>/<id>` (OData JSON format
        §4.5.9; Graph's group-post-members.md). The root is this connection's, so a national
        cloud or the local emulator gets its own host; the id is one encoded segment."""
        if key is NOT_GIVEN or key is None:
            return key
        if isinstance(key, list):  # @odata.bind takes a list of them
            return [self._reference(entity_set, one) for one in key]
        if "{" in entity_set:  # a collection below this object (`sites/{site_id}/contentTypes`)
            entity_set = self._path(entity_set)
        return f"{self._con.protocol.service_url}{entity_set}/{segment(str(key))}"

    def _query_builder(self, *, advanced: bool = False) -> QueryBuilder:
        """python-o365's query builder, in this connection's protocol (time zone for dates);
        `advanced`: for a collection with Graph's advanced-query rules (the spec's key)."""
        from .query_builder import QueryBuilder

        return QueryBuilder(self._con.protocol, advanced=advanced)

    def _child_context(self, parent_path: str, extra: Mapping[str, Any] | None = None, **more: str) -> dict[str, str]:
        ctx = {"resource": self._ctx["resource"], "parent": parent_path}
        values = self._values({}) if extra else {}
        for key, template in (extra or {}).items():
            single = PLACEHOLDER.fullmatch(template)
            # A lone placeholder hands over the raw value; paths encode it when they use it.
            ctx[key] = str(values.get(single.group(2), "")) if single and not single.group(1) else expand(template, values)
        ctx.update(more)
        return ctx

    def _parser(self, cls: type[R], ctx: dict[str, str]) -> Callable[[Any], R]:
        return cls._factory(self._con, ctx)

    def _call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
              json: Any = None, headers: Mapping[str, str] | None = None,
              parse: Callable[[Any], Any] | None = None,
              expected: Literal["json", "none", "text", "bytes"] = "json") -> Any:
        from .request import GraphRequest

        req: GraphRequest[Any] = GraphRequest(
            method=method, url=path, params=dict(params) if params else None, json=json,
            headers=dict(headers) if headers else None, parse=parse, expected=expected)
        return self._con.execute(req)

    def _get(self, path: str, cls: type[R], *, context: Mapping[str, str] | None = None,
             query: QueryLike | None = None, headers: Mapping[str, str] | None = None) -> R:
        ctx = self._child_context(path, context)
        result: R = self._call("GET", path, params=_query_params(query),
                               headers=_merge_headers(headers, query), parse=self._parser(cls, ctx))
        return result

    def _delete(self, path: str) -> bool:
        """DELETE `path` (204); True, as python-o365's delete methods return."""
        self._call("DELETE", path)
        return True

    def _list(self, path: str, cls: type[R] | None, *, limit: int | None, query: QueryLike | None,
              page_size: int | None, max_page_size: int | None,
              page_size_mode: Literal["top", "prefer", "none"] = "top",
              default_page_size: int | None = None,
              context: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None,
              params: Mapping[str, Any] | None = None, owner_collection: bool = True,
              fixed_filter: str | None = None, fixed_expand: str | None = None,
              order_by: str | None = None,
              keep: Mapping[str, str] | None = None,
              then: Callable[[Any], Any] | None = None,
              advanced_queries: bool = False, search: str | None = None,
              clamp: bool = False) -> Paginator[Any]:
        """A lazy list; `advanced_queries` (from the spec) applies Graph's advanced-query rules;
        `search` is the operation's own $search (the spec's `search:`, filled in).

        `keep` filters the raw items (slash path -> regular expression), `then` maps each built
        object (an `open` of it: a file's workbook). `cls` None: the items as Graph's JSON.
        `clamp` (the spec's `clamp_page_size`): a page size over `max_page_size` is lowered to
        it, with a log line, instead of refused.
        """
        from .paging import Paginator

        if limit is not None and limit < 1:
            raise ValueError(f"limit must be a positive number or None, not {limit!r}")
        if page_size_mode == "none":  # Graph takes no page size here ($top refused): it pages
            if page_size is not None:
                raise ValueError(f"{path} takes no page size: Graph chooses its pages")
        elif page_size is None:
            # The spec's default page, else just enough for `limit` (within Graph's maximum).
            page_size = default_page_size
            if page_size is None and limit is not None:
                page_size = min(limit, max_page_size) if max_page_size else limit
        page_size = _bounded_page_size(page_size, max_page_size, clamp, path)
        ctx = self._child_context(path, context, collection=path) if owner_collection else self._child_context(path, context)
        query = as_query(query)
        if fixed_filter or fixed_expand or order_by or search:
            from .query import Query

            query = query if query is not None else Query()
            if search:
                query = _with_search(query, search)
            if fixed_filter:
                existing = query.filter_text()
                query = query.filter(f"({existing}) and ({fixed_filter})" if existing else fixed_filter)
            if fixed_expand:
                query = query.expand(fixed_expand)
            if order_by:
                query = query.order_by(order_by)
        merged = dict(params or {})
        merged.update(_query_params(query, advanced_queries) or {})
        parse: Callable[[Any], Any] = self._parser(cls, ctx) if cls is not None else _as_is
        if then is not None:
            build = parse
            parse = lambda data: then(build(data))  # noqa: E731
        all_headers = _merge_headers(headers, query, advanced_queries)
        if cls is not None and cls.OPEN_VALUES is not None:
            all_headers = self._open_values_prefer(cls.OPEN_VALUES, ctx, merged, all_headers)
        return Paginator(self._con, path, parse, params=merged or None,
                         headers=all_headers, limit=limit,
                         page_size=page_size,
                         page_size_mode="top" if page_size_mode == "none" else page_size_mode,
                         keep=_matcher(keep) if keep else None)

    def _open_values_prefer(self, spec: OpenValuesSpec, ctx: Mapping[str, str],
                            params: Mapping[str, Any],
                            headers: dict[str, str] | None) -> dict[str, str] | None:
        """A list of items with open values: the Prefer header Graph needs when the query
        filters or sorts on values that are not indexed (generated.o365._runtime.open_values)."""
        from .open_values import definitions_for, prefer_for

        texts = [str(params[k]) for k in ("$filter", "$orderby") if params.get(k)]
        if not texts:
            return headers
        try:
            known = definitions_for(self._con, spec, expand(spec.definitions, ctx))
        except ValueError:
            known = None  # the items' context does not name their definitions
        value = prefer_for(known, spec, texts)
        if value is None:
            return headers
        out = dict(headers or {})
        out["Prefer"] = f"{out['Prefer']}, {value}" if out.get("Prefer") else value
        return out

    def _open_values_arg(self, cls: type[Resource], values: Any,
                         context: Mapping[str, str]) -> Any:
        """An argument holding values of `cls`'s open field (a new list item's `fields`):
        checked against their definitions and encoded before anything is sent. The
        definitions are where `cls`'s objects made with `context` find theirs (read once
        when not known yet)."""
        from .open_values import definitions_for, encode_values

        spec = cls.OPEN_VALUES
        if spec is None:
            raise TypeError(f"{cls.__name__} has no open values")
        if not isinstance(values, Mapping):
            raise TypeError(f"{spec.field} takes a mapping of names to values, "
                            f"not {type(values).__name__}")
        ctx = self._child_context("", context)
        try:
            path = expand(spec.definitions, ctx)
        except ValueError:
            known = None
        else:
            known = definitions_for(self._con, spec, path, fetch=True) if values else None
        return encode_values(known, values, zone=self._con.protocol.timezone,
                             where=f"{cls.__name__}.{spec.field}")

    def _delta(self, path: str, cls: type[R], *, delta_link: str | None, query: QueryLike | None,
               page_size: int | None, context: Mapping[str, str] | None = None,
               params: Mapping[str, Any] | None = None, removed: str = "@removed",
               page_size_mode: Literal["top", "prefer"] = "prefer",
               max_page_size: int | None = None, clamp: bool = False) -> DeltaIterator[R]:
        """A delta round; `page_size_mode` says how Graph takes the page size here: the
        `Prefer: odata.maxpagesize` header (messages, events) or `$top` (channel messages)."""
        from .delta import DeltaIterator

        page_size = _bounded_page_size(page_size, max_page_size, clamp, path)
        ctx = self._child_context(path, context)
        merged = {**(params or {}), **(_query_params(query) or {})}
        if page_size is not None and page_size_mode == "top":
            merged["$top"] = page_size
            page_size = None
        return DeltaIterator(self._con, path, self._parser(cls, ctx), delta_link=delta_link,
                             params=merged or None, headers=_merge_headers(None, query),
                             page_size=page_size, removed=removed)

    def _download(self, path: str, to: Any, *, name: str | None,
                  progress: Callable[[int, int | None], None] | None,
                  params: Mapping[str, Any] | None = None, size_field: str | None = None) -> int:
        """Stream content to a file path, a folder (as `name`), or a binary file object.

        `size_field` names the field with the content's length (spec `size:`), checked when
        the response does not frame its body, unless a query parameter (a format
        conversion) changes the content.
        """
        import os

        from .download import download, inside, local_name

        data: Mapping[str, Any] = getattr(self, "_data", {})  # a service has no data
        if to is None:
            to = os.getcwd()
        if isinstance(to, (str, os.PathLike)) and os.path.isdir(to):
            name = name or self._default_name()
            if not name:
                raise ValueError("give name= to download into a folder")
            to = inside(to, local_name(name, data.get("id")))
        return download(self._con, path, to, progress=progress, params=dict(params) if params else None,
                        known_size=None if params else _size(data, size_field))

    def _default_name(self) -> str | None:
        return None

    def _download_tree(self, to_folder: Any, *, children: str, content: str, folder: str,
                       name_field: str, size_field: str | None = None,
                       progress: Callable[[int, int | None], None] | None = None) -> list[str]:
        """Download a folder tree: each file streamed, sub-folders recreated, pages followed.

        `children` lists a folder (`{self}` is the folder's path), `content` downloads a file
        (`{item}` is the file's path); `folder` is the facet that marks folders, `size_field`
        the content's length. Server names become safe local names, unique per folder
        (`generated.o365._runtime.download.local_name`).
        """
        import os

        from .download import UniqueNames, download, inside, local_name
        from .paging import Paginator

        item_template: str | None = getattr(self, "PATH", None)
        if item_template is None:
            raise TypeError(f"{type(self).__name__} has no path to walk")
        values = self._values({})
        root = os.fspath(to_folder)
        os.makedirs(root, exist_ok=True)
        written: list[str] = []
        pending = [(self._path("{self}"), root)]
        while pending:
            folder_path, target = pending.pop()
            unique = UniqueNames()
            for item in Paginator(self._con, children.replace("{self}", folder_path), lambda data: data):
                path = expand(item_template, {**values, "id": item["id"]})
                destination = inside(target, unique(local_name(item.get(name_field), item["id"])))
                if item.get(folder) is not None:
                    os.makedirs(destination, exist_ok=True)
                    pending.append((path, destination))
                else:
                    download(self._con, content.replace("{item}", path), destination, progress=progress,
                             known_size=_size(item, size_field))
                    written.append(destination)
        return sorted(written)

    def _find(self, path: str, cls: type[R], filters: Iterable[tuple[str, Any]], *,
              query: QueryLike | None = None,
              context: Mapping[str, str] | None = None, advanced_queries: bool = False,
              search: str | None = None) -> R:
        """The first item of a collection whose fields equal the given values (and that
        matches `query`, where the spec offers one: python-o365's `get_message(query=...)`;
        and that the operation's own `search` finds, counted as Graph's $search examples do)."""
        from .errors import NotFoundError
        from .query import F, Query

        filters = list(filters)
        given = [(name, value) for name, value in filters if value is not NOT_GIVEN and value is not None]
        for name, value in given:
            if value == "":
                raise ValueError(f"{name} is empty: give a value to look for")
        extra = as_query(query)
        if not given and extra is None and search is None:
            raise ValueError(f"say what to look for: give one of {', '.join(n for n, _ in filters)}")
        if any(name == "id" for name, _ in given):
            # Ids are not filterable everywhere (Outlook): fetch the item directly; a query
            # adds only what it selects and expands there.
            if len(given) > 1:
                raise ValueError("give either the id or the other criteria, not both")
            shape = extra.shape_only() if extra is not None else None
            return self._get(f"{path}/{segment(id_of(given[0][1]))}", cls, context=context,
                             query=shape)
        query_found = extra if extra is not None else Query()
        for name, value in given:
            query_found = query_found.filter(F(name).eq(to_json(value)))
        if search is not None:
            query_found = _with_search(query_found, search).count()
        found: Paginator[R] = self._list(path, cls, limit=1, query=query_found,
                                         page_size=None, max_page_size=None, context=context,
                                         advanced_queries=advanced_queries)
        for item in found:
            return item
        wanted = ", ".join(f"{n} {to_json(v)!r}" for n, v in given) or str(query_found)
        raise NotFoundError(method="GET", url=path, status=404, code="itemNotFound",
                            message=f"no {cls.__name__} with {wanted}")

    def _upload(self, cls: type[R], source: Any, item_name: str | None, *, simple: str | None,
                session: str | None, style: UploadKind, threshold: int, conflict_handling: str | None,
                progress: Callable[[int, int], None] | None, fragment_size: int | None,
                context: Mapping[str, str] | None = None, session_item: str | None = None,
                item_type: str | None = None) -> R:
        """Upload a file in the spec's style: small ones in one request, else a resumable session.

        drive: a PUT of the raw bytes to `simple`, or a session whose body is `{"item": ...}`.
        outlook: a POST of the file as JSON (`item_type`, base64 bytes) to `simple`, or a
        session whose body member `session_item` describes the file. `item_name` and
        `conflict_handling` are None when the upload replaces this item's own content.
        """
        import os

        from . import upload

        names_child = "{item_name}" in f"{simple or ''}{session or ''}"
        named = names_child or style == "outlook"  # the new item's name travels in the request
        if names_child and conflict_handling not in ("fail", "replace", "rename"):
            raise ValueError(f"conflict_handling must be 'fail', 'replace' or 'rename', not {conflict_handling!r}")
        if isinstance(source, (str, os.PathLike)):
            if not os.path.isfile(source):
                raise FileNotFoundError(f"no file to upload at {os.fspath(source)!r}")
            size = os.path.getsize(source)
            item_name = item_name or os.path.basename(os.fspath(source))
        else:
            if not hasattr(source, "read"):
                raise TypeError("source must be a path or a binary file object")
            if named and not item_name:
                raise ValueError("item_name is required when uploading from a stream")
            size = _stream_size(source)
        values = {"item_name": RawPath(item_name)} if names_child and item_name else {}
        conflict = {"@microsoft.graph.conflictBehavior": conflict_handling} if names_child else {}
        if size <= threshold and simple is not None:
            path = self._path(simple, **values)
            if style == "outlook":
                result = self._post_inline(path, source, str(item_name), size, item_type)
            else:
                data = _read_all(source)
                response = self._con.request("PUT", path, data=data, params=conflict or None,
                                             headers={"Content-Type": "application/octet-stream"})
                from .body import json_object

                result = json_object(response)
            if progress is not None:
                progress(size, size)
        else:
            if session is None:
                raise ValueError("this upload has no session endpoint")
            item: dict[str, Any] = {**conflict, "name": item_name} if named else {}
            request = upload.SessionRequest(self._path(session, **values), item, session_item)
            result = upload.upload_session(self._con, request, source, size=size, kind=style,
                                           fragment_size=fragment_size, progress=progress)
        ctx = self._child_context(self._path(simple or session or "", **values), context)
        return cls._factory(self._con, ctx)(result)

    def _post_inline(self, path: str, source: Any, name: str, size: int, item_type: str | None) -> Any:
        """An outlook-style small upload: the file as one JSON item of the spec's `item_type`."""
        from .attachments import PendingAttachment, inline_body

        if not item_type:
            raise ValueError("an outlook-style upload needs the spec's item_type")
        pending = PendingAttachment(name, size, data=_read_all(source))
        return self._call("POST", path, json=inline_body(pending, item_type))

    def _monitor(self, method: str, path: str, cls: type[R], *, json: Any = None,
                 context: Mapping[str, str] | None = None,
                 style: bool | str = True) -> AsyncOperation[R]:
        """Start a long-running action; Graph answers 202 with where to poll in Location.

        `style` is the spec's `monitor:` (generated.o365._runtime.operations.STYLES): a pre-authenticated
        monitor URL, or an operation entity whose path is relative to the service root.
        """
        from .operations import STYLES, AsyncOperation

        response = self._con.request(method, path, json=json)
        location = response.headers.get("Location")
        if not location:
            raise ValueError(f"{method} {path} gave no Location header to monitor")
        kind = STYLES[style]
        if kind.authorize:  # a Graph path: resolved against the service root, never elsewhere
            location = self._con.protocol.url(location)
        ctx = self._child_context(path, context)
        return AsyncOperation(self._con, location, cls, ctx, style=kind)

    def _open(self, cls: type[R], path: str, *, context: Mapping[str, str] | None = None,
              options: Mapping[str, Any] | None = None, cache: str | None = None) -> R:
        """An object bound at `path` without a request (a file's workbook, a format's font).

        `options` go to the object's `_opened` hook (a session host opens its session there);
        `cache` keeps the object on this one, so a property returns the same object each time.
        """
        kept = self._kept(cache)
        if kept is not None:
            return kept  # type: ignore[return-value]
        obj = cls()
        obj._con = self._con
        obj._ctx = self._child_context(path, context)
        obj._opened(**dict(options or {}))
        if cache:
            self._keep(cache, obj)
        return obj

    def _kept(self, name: str | None) -> Resource | None:
        return None  # services keep nothing; resources override

    def _keep(self, name: str, obj: Resource) -> None:
        return None

    def _new(self, cls: type[R], collection: str, context: Mapping[str, str] | None = None, *,
             presets: Iterable[tuple[str, Any]] = (), **values: Any) -> R:
        """An unsaved object bound to `collection`; `presets` (slash path, value) come from the
        spec's `set:` (a bucket's new task takes the bucket's planId), then the arguments."""
        obj = cls()
        obj._con = self._con
        obj._ctx = self._child_context(collection, context, collection=collection)
        for path, value in presets:
            if value is not NOT_GIVEN:
                # A whole field's preset is encoded by its field, as an argument is (a list of
                # addresses becomes recipients, checked); a slash path is set as it is.
                name = cls._GRAPH_TO_PYTHON.get(path)
                field = getattr(cls, name, None) if name is not None else None
                obj._assign(path, field.encode(value) if field is not None else value)
        for name, value in values.items():
            if value is not NOT_GIVEN:
                setattr(obj, name, value)
        return obj


def _with_search(query: Query, search: str) -> Query:
    """`query` plus the operation's own $search; a second one would silently replace it."""
    if query.as_params().get("$search") is not None:
        raise ValueError("this method sends its own $search: give query= without search()")
    return query.search(search)
def _compared_datetime(words: list[str]) -> str:
    """The one date a python-o365 query compares a field with (`start ge 2018-05-20...`)."""
    dates = [w for w in words if w[:1].isdigit()]
    if len(dates) != 1:
        raise ValueError("a query given for a date must compare exactly one field with a "
                         f"datetime; this one compares {len(dates)}")
    return dates[0]


def _matcher(keep: Mapping[str, str]) -> Callable[[Any], bool]:
    """A predicate on raw items: every slash path's value matches its regular expression."""
    import re

    tests = [(path, re.compile(pattern)) for path, pattern in keep.items()]

    def keeps(item: Any) -> bool:
        return all(isinstance(item, Mapping) and pattern.search(str(lookup(item, path) or ""))
                   for path, pattern in tests)

    return keeps


def _as_is(data: Any) -> Any:
    return data


def _bounded_page_size(page_size: int | None, maximum: int | None, clamp: bool,
                       path: str) -> int | None:
    """The page size to ask for: positive, and within Graph's maximum for the collection.

    Over the maximum Graph answers 400 (channel messages: "$top" at most 50), so it is refused
    here, or, where the spec says `clamp_page_size`, lowered to the maximum with a log line.
    """
    if page_size is None:
        return None
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ValueError(f"page_size must be positive, not {page_size!r}")
    if maximum is not None and page_size > maximum:
        if not clamp:
            raise ValueError(f"page_size {page_size} is over Graph's maximum of {maximum} here")
        import logging

        logging.getLogger("generated.o365").warning(
            "page size %d is over Graph's maximum of %d for %s: asking for %d per page",
            page_size, maximum, path.split("?", 1)[0], maximum)
        return maximum
    return page_size


def _query_params(query: QueryLike | None, advanced: bool = False) -> dict[str, str] | None:
    # A collection with advanced-query rules applies them to any query; else the query's own flag.
    query = as_query(query)
    return query.as_params(advanced or None) if query is not None else None


def _merge_headers(headers: Mapping[str, str] | None, query: QueryLike | None,
                   advanced: bool = False) -> dict[str, str] | None:
    merged: dict[str, str] = dict(headers or {})
    query = as_query(query)
    if query is not None:
        merged.update(query.headers(advanced or None))
    return merged or None


class Resource(Model, Bound):
    """A Graph entity bound to a connection, with a path built from its context and id."""

    __slots__ = ("_con", "_ctx", "_extra")

    _extra: dict[str, Any] | None  # per-object runtime state (e.g. pending attachments)

    PATH: ClassVar[str | None] = None
    # The spec's `concurrency`: "if_match" makes every update and delete carry the object's
    # last @odata.etag in If-Match (Planner: GRAPH_FACTS §8); None sends writes as they are.
    CONCURRENCY: ClassVar[str | None] = None
    SUBTYPES: ClassVar[Mapping[str, str]] = {}
    # Fields that, when Graph sends them, hold every definition listed at a path (a list's
    # `columns` with $expand=columns): field -> path template (generated.o365._runtime.open_values).
    DEFINES: ClassVar[Mapping[str, str]] = {}
    # Context keys read from the object's own data when its context lacks them.
    # A value may be (slash path, helper name): the helper computes the key from that value.
    CONTEXT_FROM: ClassVar[Mapping[str, str | tuple[str, str]]] = {}

    def __init__(self, data: Mapping[str, Any] | None = None, /, *, parent: Any = None,
                 con: Connection | None = None, protocol: Any = None,
                 main_resource: str | None = None, **values: Any) -> None:
        """A new object: from Graph JSON and/or field values.

        python-o365's shapes work too: `Message(parent=mailbox)` or `Message(parent=account)`
        bind it to the parent's connection and resource, `Message(con=con, protocol=p)` to a
        connection and the protocol's default resource (`main_resource=` overrides either).
        """
        self._ctx = {}
        self._extra = None
        super().__init__(data, **values)
        if parent is not None or con is not None:
            self._con, self._ctx = bound_to(parent, con, protocol, main_resource)

    @classmethod
    def _factory(cls: type[R], con: Connection, ctx: dict[str, str]) -> Callable[[Any], R]:
        """A fast builder for many objects sharing one connection and context."""
        new = object.__new__
        # "#microsoft.graph.x" keys match @odata.type (with or without '#'); other keys are
        # facets that select the subtype when present. Split once, so building stays cheap.
        by_type = {k.lstrip("#"): v for k, v in cls.SUBTYPES.items() if k.startswith("#")}
        by_facet = tuple((k, v) for k, v in cls.SUBTYPES.items() if not k.startswith("#"))

        defines = cls.DEFINES

        def build(data: Any) -> R:
            target = cls
            if by_type:
                odata_type = data.get("@odata.type")
                if odata_type is not None and odata_type.lstrip("#") in by_type:
                    target = _resolve(by_type[odata_type.lstrip("#")])  # type: ignore[assignment]
            for key, qualified in by_facet:
                if data.get(key) is not None:
                    target = _resolve(qualified)  # type: ignore[assignment]
                    break
            obj = new(target)
            obj._data = data
            obj._con = con
            obj._ctx = ctx
            if defines:
                obj._remember_definitions()
            return obj

        return build

    def _opened(self, **options: Any) -> None:
        """Hook run when an `open` operation binds this object; plain resources take nothing.

        A session host (generated.o365._runtime.sessions) takes `use_session`, `persist` and `keep_alive`.
        """
        if options:
            raise TypeError(f"{type(self).__name__} takes no options when opened: {sorted(options)}")

    def _opened_child(self, name: str) -> Resource | None:
        """The object a cached `open` property made, if it was ever read."""
        return self._kept(name)

    def _kept(self, name: str | None) -> Resource | None:
        child = (getattr(self, "_extra", None) or {}).get(f"open:{name}") if name else None
        return child if isinstance(child, Resource) else None

    def _keep(self, name: str, obj: Resource) -> None:
        extra = getattr(self, "_extra", None)
        if extra is None:
            extra = self._extra = {}
        extra[f"open:{name}"] = obj

    def _cascade(self, sent: bool, names: Iterable[str]) -> bool:
        """After an update: update the opened children too (each sends only its changes)."""
        for name in names:
            child = self._opened_child(name)
            update = getattr(child, "update", None) if child is not None else None
            if update is not None:
                sent = bool(update()) or sent
        return sent

    def _default_name(self) -> str | None:
        value = self._data.get("name")
        return str(value) if value else None

    @property
    def object_id(self) -> str | None:
        """The Graph id (python-o365's name for it)."""
        value = self._data.get("id")
        return None if value is None else str(value)

    def _values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        values = super()._values(params)
        values.setdefault("id", self._data.get("id"))
        for key, data_path in self.CONTEXT_FROM.items():
            if not values.get(key):
                if isinstance(data_path, tuple):  # (slash path, generated.o365._runtime.helpers function)
                    from . import helpers

                    of, helper = data_path
                    values[key] = getattr(helpers, helper)(lookup(self._data, of))
                else:
                    values[key] = lookup(self._data, data_path)
        # Singletons (mailboxSettings) have a path without an id; others need theirs first.
        if self.PATH is not None and "self" not in params and (values["id"] or "{id}" not in self.PATH):
            values["self"] = expand(self.PATH, values)
        return values

    def _path(self, template: str, **params: Any) -> str:
        values = self._values(params)
        for match in PLACEHOLDER.finditer(template):
            name = match.group(2)
            if name not in values:  # `{parentFolderId}`, `{parentReference/id}`: the object's data
                values[name] = lookup(self._data, name)
        return expand(template, values)

    def _check_state(self, required: Iterable[tuple[str, Any]]) -> None:
        """Refuse an action the object's local state says cannot work (e.g. sending a sent message)."""
        for path, wanted in required:
            have = lookup(self._data, path)
            if isinstance(wanted, Mapping) and "matches" in wanted:
                import re

                if have is not None and not re.search(str(wanted["matches"]), str(have)):
                    why = f" ({wanted['why']})" if wanted.get("why") else ""
                    raise ValueError(f"this {type(self).__name__} has {path}={have!r}; this "
                                     f"operation needs one matching {wanted['matches']!r}{why}")
            elif have is not None and have != wanted:
                raise ValueError(f"this {type(self).__name__} has {path}={have!r}; "
                                 f"this operation needs {wanted!r}")

    def _set_locally(self, values: Iterable[tuple[str, Any]]) -> None:
        """Record what a successful action changed on the server, without marking it to send."""
        for path, value in values:
            keys = path.split("/")
            target = self._data
            for key in keys[:-1]:
                target = target.setdefault(key, {})
            target[keys[-1]] = value

    def _bound(self) -> None:
        if not getattr(self, "_ctx", None) or not hasattr(self, "_con"):
            raise ValueError(f"this {type(self).__name__} is not bound to a connection; get it "
                             "from a service (e.g. account.mailbox()) or use its new_* method")

    def _timezone(self) -> ZoneInfo:
        con = getattr(self, "_con", None)
        if con is None:
            return super()._timezone()
        zone: ZoneInfo = con.protocol.timezone
        return zone

    def _update_from(self, data: Any) -> None:
        if isinstance(data, dict):
            self._data.update(data)
        self._changed = None
        if self.DEFINES:
            self._remember_definitions()

    def _remember_definitions(self) -> None:
        """Hand the definitions this object carries to the connection's cache."""
        from .open_values import remember

        for name, template in self.DEFINES.items():
            rows = self._data.get(name)
            if isinstance(rows, list) and self._data.get("id") is not None:
                remember(self._con, self._path(template), rows)

    def _open_definitions(self, *, fetch: bool = False) -> Definitions | None:
        """The definitions typing this object's open field: known on this connection, or
        (with `fetch`) read once; None when the object cannot name them."""
        from .open_values import definitions_for

        spec = self.OPEN_VALUES
        if spec is None or not self._bound_to_graph():
            return None
        try:
            path = self._path(spec.definitions)
        except ValueError:
            return None
        return definitions_for(self._con, spec, path, fetch=fetch)

    def _bound_to_graph(self) -> bool:
        return bool(getattr(self, "_ctx", None)) and hasattr(self, "_con")

    def _refresh(self, path: str, *, query: QueryLike | None = None) -> Self:
        self._bound()
        data = self._call("GET", path, params=_query_params(query), headers=_merge_headers(None, query))
        self._data = dict(data) if isinstance(data, dict) else self._data
        self._changed = None
        if self.DEFINES:
            self._remember_definitions()
        return self

    def _create(self, path: str) -> Self:
        """POST the whole object to its collection and take the server's copy."""
        self._bound()
        self.validate()
        body = {k: v for k, v in self._data.items() if not _read_only(type(self), k)}
        data = self._call("POST", self._ctx.get("collection") or path, json=body)
        self._update_from(data)
        self._after_save()
        return self

    def _update(self, path: str, *, changes_of: str | None = None) -> bool:
        """PATCH only the changed fields; False when nothing changed (and nothing is sent).

        `changes_of`: a field Graph updates at a path of its own (a list item's `fields` at
        `.../items/{id}/fields`): only that field's changed values are sent, and the answer
        (the field's new value) is merged into it.
        """
        self._bound()
        self.validate()
        changes = self.changes()
        sent = False
        if changes_of is not None:
            return self._update_part(path, changes_of, changes.get(changes_of))
        if changes:
            data = self._guarded("PATCH", path, json=changes)
            self._update_from(data)
            sent = True
        return self._after_save() or sent

    def _guarded(self, method: str, path: str, *, json: Any = None) -> Any:
        """Send a write under the spec's concurrency rule.

        `if_match` (Planner, GRAPH_FACTS §8): the request carries If-Match with the ETag the
        object was last read or written with, and a PATCH asks for the new representation
        (`Prefer: return=representation`) so the ETag stays current. Without a known ETag
        nothing is sent; a 412 (changed elsewhere) raises PreconditionFailedError holding
        this object, whose `refresh()` loads the current version.
        """
        if self.CONCURRENCY != "if_match":
            return self._call(method, path, json=json)
        from .errors import PreconditionFailedError

        etag = self._data.get("@odata.etag")
        if not etag:
            raise ValueError(f"this {type(self).__name__} has no ETag, so Graph would refuse "
                             "the change (it needs If-Match): get it from Graph, or call "
                             "refresh(), before changing or deleting it")
        headers = {"If-Match": str(etag)}
        if method == "PATCH":
            headers["Prefer"] = "return=representation"
        try:
            data = self._call(method, path, json=json, headers=headers)
        except PreconditionFailedError as err:
            raise err.about(self) from None
        if method == "PATCH" and not isinstance(data, dict):
            # 204 without the new representation: the ETag we hold is now stale.
            self._data.pop("@odata.etag", None)
        return data

    def _update_part(self, path: str, name: str, part: Any) -> bool:
        if not part:
            return False
        data = self._call("PATCH", path, json=part)
        current = self._data.setdefault(name, {})
        if isinstance(data, dict) and isinstance(current, dict):
            current.update({k: v for k, v in data.items() if not k.startswith("@odata.")})
        changed = getattr(self, "_changed", None) or {}
        changed.pop(name, None)
        self._changed = changed or None
        return True

    def _body_with_attachments(self) -> dict[str, Any]:
        """The object as a request body member, pending attachments included inline.

        Used where Graph takes the whole item in one call (sendMail): no draft exists to upload
        attachments to, so each must fit inline.
        """
        body = self.to_api()
        manager = (getattr(self, "_extra", None) or {}).get("attachments")
        if manager is not None and manager.pending:
            body["attachments"] = [*body.get("attachments", []), *manager.inline_bodies()]
        return body

    def _fits_one_request(self) -> bool:
        """Whether this (never saved) object and its pending attachments fit in one request."""
        manager = (getattr(self, "_extra", None) or {}).get("attachments")
        return manager is None or manager.fits_inline()

    def _ensure_saved(self) -> None:
        """Create the object if it is new, else send its pending changes (for save-first actions)."""
        if self._data.get("id") is None:
            collection = self._ctx.get("collection")
            if not collection:
                raise ValueError(f"this {type(self).__name__} has never been saved and has no "
                                 "collection to be created in; create it with a new_* method")
            self._create(collection)
        else:
            self._update(self._path("{self}"))

    def _after_save(self) -> bool:
        """Flush work that needs the saved object's id (pending attachments)."""
        manager = (getattr(self, "_extra", None) or {}).get("attachments")
        return bool(manager is not None and manager.flush())

    def _attachments_manager(self, path: str, *, upload: UploadKind | None, inline_limit: int,
                             item_class: str | None, item_type: str, max_size: int,
                             session_item: str | None = None,
                             content_ids: bool = True) -> Attachments:
        from .attachments import Attachments

        if getattr(self, "_extra", None) is None:
            self._extra = {}
        assert self._extra is not None
        manager = self._extra.get("attachments")
        if manager is None:
            manager = self._extra["attachments"] = Attachments(
                self, path, upload=upload, inline_limit=inline_limit, item_class=item_class,
                item_type=item_type, max_size=max_size, session_item=session_item,
                content_ids=content_ids)
        return manager

    def _save(self, create_path: str, update_path: str) -> bool:
        """Create when the object has no id yet, else send only the changes."""
        if self._data.get("id") is None:
            self._create(create_path)
            return True
        return self._update(update_path)

    def _delete(self, path: str) -> bool:
        self._bound()
        if self.CONCURRENCY is None:
            return super()._delete(path)
        self._guarded("DELETE", path)
        return True


def _read_all(source: Any) -> bytes:
    """The whole content of a small upload: a path, or a binary stream from where it stands."""
    import os

    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read()
    data: bytes = source.read()
    return data


def _size(data: Mapping[str, Any], size_field: str | None) -> int | None:
    """The content length an object's data gives in `size_field`, when it gives one."""
    value = lookup(data, size_field) if size_field else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _stream_size(stream: Any) -> int:
    try:
        position = stream.tell()
        end = stream.seek(0, 2)
        stream.seek(position)
        return int(end - position)
    except (AttributeError, OSError) as exc:
        raise ValueError("uploading from a stream needs a seekable file object") from exc


def _read_only(cls: type[Model], graph_name: str) -> bool:
    python = cls._GRAPH_TO_PYTHON.get(graph_name)
    return python is not None and cls.FIELDS[python].read_only


_REGISTRY: dict[str, type[Resource]] = {}


def _resolve(qualified: str) -> type[Resource]:
    """Import `package.module:Class` once; used for subtypes and cross-module references."""
    found = _REGISTRY.get(qualified)
    if found is None:
        import importlib

        module, _, name = qualified.partition(":")
        found = getattr(importlib.import_module(module), name)
        _REGISTRY[qualified] = found
    return found


class Service(Bound):
    """An entry point bound to one mailbox, drive owner, site... (`{resource}` in paths)."""

    __slots__ = ("_con", "_ctx")

    def __init__(self, con: Connection | None = None, resource: str | None = None, *,
                 parent: Any = None, protocol: Any = None, main_resource: str | None = None) -> None:
        """Bound to a connection and a resource (`me`, `users/...`); python-o365's
        `MailBox(con=con, protocol=protocol)` and `MailBox(parent=account)` work too."""
        if con is None or resource is None or parent is not None:
            con, ctx = bound_to(parent, con, protocol, main_resource or resource)
            resource = ctx["resource"]
        self._con = con
        self._ctx = {"resource": resource}

    @property
    def resource(self) -> str:
        return self._ctx["resource"]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(resource={self._ctx['resource']!r})"
