"""What generated modules import: every name generated code may use and where it comes from.

`render.py` writes each module's imports from this table (only the names the module uses);
`reserved.py` keeps spec names from shadowing them.
"""

from __future__ import annotations

STDLIB = {"typing", "collections.abc"}
# Names generated code may use, and where they come from (True: needed at run time).
KNOWN_IMPORTS: dict[str, tuple[str | None, bool]] = {
    **{n: ("generated.o365._runtime.model", True) for n in ("Model", "NOT_GIVEN", "NotGiven", "enum_alias", "GraphEnum",
                                             "Value", "to_json")},
    **{n: ("generated.o365._runtime.resource", True) for n in ("Resource", "Service")},
    "RawPath": ("generated.o365._runtime.paths", True),
    "path_address": ("generated.o365._runtime.paths", True),
    **{n: ("generated.o365._runtime.open_values", True) for n in ("OpenValuesSpec", "ValueKind")},
    "FieldValues": ("generated.o365._runtime.open_values", False),
    **{n: ("generated.o365._runtime.arguments", True) for n in (
        "body_of", "with_options", "id_of", "ids_of", "enum_value", "coerced", "zone_name", "omitted_if_none",
        "given_or", "date_of", "mapped_value", "matching", "a1", "unwrapped", "cell_rows", "key_of", "within",
        "same_as", "order_hint_between", "check_combination", "duration_of", "each_of", "of_kind")},
    "KeyedValues": ("generated.o365._runtime.keyed", True),
    **{n: ("generated.o365._runtime.sessions", True) for n in ("SessionResource", "SessionSettings")},
    **{n: ("generated.o365._runtime.fields", True) for n in (
        "Field", "DateTimeField", "DateField", "UtcDateField", "TimeField", "DurationField", "BytesField",
        "EnumField", "ZonedDateTimeField", "ModelField", "MapField", "ModelListField", "TimeZoneField",
        "OpenValuesField", "NestedField", "RangeField")},
    "ModelList": ("generated.o365._runtime.fields", False),
    "BaseAccount": ("generated.o365._runtime.account", True),
    "Query": ("generated.o365._runtime.query", False),
    "search_text": ("generated.o365._runtime.query", True),
    "filter_text": ("generated.o365._runtime.query", True),
    "media": ("generated.o365._runtime.media", True),
    "QueryLike": ("generated.o365._runtime.query", False),
    "QueryBuilder": ("generated.o365._runtime.query_builder", False),
    "Paginator": ("generated.o365._runtime.paging", False),
    "DeltaIterator": ("generated.o365._runtime.delta", False),
    "AsyncOperation": ("generated.o365._runtime.operations", False),
    "Attachments": ("generated.o365._runtime.attachments", False),
    **{n: ("typing", True) for n in ("Any", "ClassVar", "BinaryIO", "Literal", "overload")},
    **{n: ("collections.abc", True) for n in ("Mapping", "Callable", "Iterable", "Iterator", "Sequence")},
    "os": (None, True),
    "datetime": (None, True),
    "enum": (None, True),
}

# Runtime names `generated.o365` offers besides the specs' (loaded on first use, like them),
# its public face with `Account`, the token backends and the exceptions: the connection and
# protocol, the query and filter builder, batches, the iterators calls
# hand back (pages, delta rounds, long-running operations), and the receiving side of change
# notifications, which no spec describes (GRAPH_FACTS §10).
RUNTIME_EXPORTS: dict[str, str] = {
    "AsyncOperation": "generated.o365._runtime.operations",
    "Batch": "generated.o365._runtime.batch",
    "Connection": "generated.o365._runtime.connection",
    "DeltaIterator": "generated.o365._runtime.delta",
    "F": "generated.o365._runtime.query",
    "MSGraphProtocol": "generated.o365._runtime.protocol",
    "NOT_GIVEN": "generated.o365._runtime.values",
    "NotGiven": "generated.o365._runtime.values",
    "Paginator": "generated.o365._runtime.paging",
    "Protocol": "generated.o365._runtime.protocol",  # python-o365's name (`from O365 import Protocol`)
    "Query": "generated.o365._runtime.query",
    "RawResponse": "generated.o365._runtime.options",
    "RequestOptions": "generated.o365._runtime.options",
    "ChangeNotification": "generated.o365._runtime.notifications",
    "LifecycleNotification": "generated.o365._runtime.notifications",
    "NotificationReceiver": "generated.o365._runtime.notifications",
    "SubscriptionKeeper": "generated.o365._runtime.keeper",
    "GraphRequest": "generated.o365._runtime.request",
    "Removed": "generated.o365._runtime.delta",
    "UploadSession": "generated.o365._runtime.upload",
}
