"""What generated modules import: every name generated code may use and where it comes from.

`render.py` writes each module's imports from this table (only the names the module uses);
`reserved.py` keeps spec names from shadowing them.
"""

from __future__ import annotations

STDLIB = {"typing", "collections.abc"}
# Names generated code may use, and where they come from (True: needed at run time).
KNOWN_IMPORTS: dict[str, tuple[str | None, bool]] = {
    **{n: ("runtime.model", True) for n in ("Model", "NOT_GIVEN", "NotGiven", "enum_alias", "GraphEnum",
                                             "Value", "to_json")},
    **{n: ("runtime.resource", True) for n in ("Resource", "Service")},
    "RawPath": ("runtime.paths", True),
    "path_address": ("runtime.paths", True),
    **{n: ("runtime.open_values", True) for n in ("OpenValuesSpec", "ValueKind")},
    "FieldValues": ("runtime.open_values", False),
    **{n: ("runtime.arguments", True) for n in (
        "body_of", "with_options", "id_of", "ids_of", "enum_value", "coerced", "zone_name", "omitted_if_none",
        "date_of", "mapped_value", "matching", "a1", "unwrapped", "cell_rows", "key_of", "within",
        "same_as", "order_hint_between", "check_combination", "duration_of", "each_of")},
    "KeyedValues": ("runtime.keyed", True),
    **{n: ("runtime.sessions", True) for n in ("SessionResource", "SessionSettings")},
    **{n: ("runtime.fields", True) for n in (
        "Field", "DateTimeField", "DateField", "TimeField", "DurationField", "BytesField",
        "EnumField", "ZonedDateTimeField", "ModelField", "ModelListField", "TimeZoneField",
        "OpenValuesField", "NestedField", "RangeField")},
    "ModelList": ("runtime.fields", False),
    "BaseAccount": ("runtime.account", True),
    "Query": ("runtime.query", False),
    "search_text": ("runtime.query", True),
    "QueryLike": ("runtime.query", False),
    "QueryBuilder": ("runtime.query_builder", False),
    "Paginator": ("runtime.paging", False),
    "DeltaIterator": ("runtime.delta", False),
    "AsyncOperation": ("runtime.operations", False),
    "Attachments": ("runtime.attachments", False),
    **{n: ("typing", True) for n in ("Any", "ClassVar", "BinaryIO")},
    **{n: ("collections.abc", True) for n in ("Mapping", "Callable", "Iterable", "Iterator", "Sequence")},
    "os": (None, True),
    "datetime": (None, True),
    "enum": (None, True),
}

# Runtime names `generated.o365` offers besides the specs' (loaded on first use, like them):
# the connection, protocol and query for direct use, batches and concurrent calls, and the
# receiving side of change notifications, which no spec describes (GRAPH_FACTS §10).
RUNTIME_EXPORTS: dict[str, str] = {
    "Batch": "runtime.batch",
    "Connection": "runtime.connection",
    "MSGraphProtocol": "runtime.protocol",
    "NOT_GIVEN": "runtime.values",
    "NotGiven": "runtime.values",
    "Protocol": "runtime.protocol",  # python-o365's name (`from O365 import Protocol`)
    "Query": "runtime.query",
    "concurrent": "runtime.concurrency",  # many calls at once (runtime.concurrency)
    "ChangeNotification": "runtime.notifications",
    "LifecycleNotification": "runtime.notifications",
    "NotificationReceiver": "runtime.notifications",
    "SubscriptionKeeper": "runtime.keeper",
}
