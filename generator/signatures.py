"""The arguments a generated method gets from its operation kind, before the spec's parameters.

One source for the renderer (which writes them into signatures) and the loader (which keeps
a spec parameter from taking one of their names).
"""

from __future__ import annotations

from . import ir


def kind_arguments(op: ir.Operation) -> tuple[list[str], list[str]]:
    """(positional, keyword-only) arguments as `name: annotation = default` source."""
    positional: list[str] = []
    keyword: list[str] = []
    returns = op.returns
    returns_resource = bool(returns and returns.kind == "resource" and not returns.is_list)
    if op.kind == "list":
        positional.append(f"limit: int | None = {op.default_limit!r}")
        keyword += ["query: QueryLike | None = None", "page_size: int | None = None",
                    "batch: int | None = None"]
        if "order_by" in op.query_options:
            keyword.append("order_by: str | None = None")
    elif op.kind == "update" and op.order_hint:
        # the neighbours of the new place (objects, or their order hints); None: an end
        keyword += ["after: Any = None", "before: Any = None"]
    elif op.kind == "delta":
        positional.append("delta_link: str | None = None")
        keyword += ["query: QueryLike | None = None", "page_size: int | None = None"]
    elif op.kind in ("get", "refresh") and (returns_resource or op.kind == "refresh"):
        keyword.append("query: QueryLike | None = None")
    elif op.kind == "find" and op.query_options:
        keyword.append("query: QueryLike | None = None")  # the first item matching it
    elif op.kind == "download":
        positional.append("to_path: str | os.PathLike[str] | BinaryIO | None = None")
        keyword += ["name: str | None = None",
                    "progress: Callable[[int, int | None], None] | None = None"]
    elif op.kind == "download_tree":
        positional.append("to_folder: str | os.PathLike[str]")
        keyword.append("progress: Callable[[int, int | None], None] | None = None")
    elif op.kind == "read_blocks":
        keyword += ["block_rows: int = 1000",
                    "progress: Callable[[int, int | None], None] | None = None"]
    elif op.kind == "write_blocks":
        positional.append("rows: Iterable[Sequence[Any]]")
        keyword += ["block_rows: int = 1000",
                    "progress: Callable[[int, int | None], None] | None = None"]
    elif op.kind == "subscribe":
        # python-o365's create_subscription arguments, in its order (O365_INVENTORY §11).
        rules = op.subscribe
        positional.append("notification_url: str")
        if rules is None or rules.resource is None:
            positional.append("resource: str | None = None")
        default = rules.change_types[0] if rules is not None else "created"
        positional.append(f'change_type: str | Iterable[str] = "{default}"')
        keyword += ["expiration_datetime: datetime.datetime | None = None",
                    "expiration_minutes: int | None = None", "client_state: str | None = None",
                    "lifecycle_notification_url: str | None = None",
                    "include_resource_data: bool | None = None",
                    "encryption_certificate: str | None = None",
                    "encryption_certificate_id: str | None = None",
                    "latest_supported_tls_version: str | None = None",
                    "additional_data: Mapping[str, Any] | None = None"]
    elif op.kind == "renew":
        # `minutes`, or python-o365's spellings (expiration_minutes, expiration_datetime).
        positional.append("minutes: int | None = None")
        keyword += ["expiration_datetime: datetime.datetime | None = None",
                    "expiration_minutes: int | None = None", "notification_url: str | None = None"]
    elif op.kind == "upload":
        positional.append("item: str | os.PathLike[str] | BinaryIO")  # python-o365's name
        if names_item(op) or dict(op.upload).get("style") == "outlook":
            positional.append("item_name: str | None = None")  # the new item's name
        if names_item(op):
            # A new child is named in the path, and may clash with an existing one.
            keyword.append('conflict_handling: str = "fail"')
        keyword += ["progress: Callable[[int, int], None] | None = None",
                    "fragment_size: int | None = None"]
    return positional, keyword


def argument_names(op: ir.Operation) -> list[str]:
    """Names of the arguments `kind_arguments` gives the method."""
    positional, keyword = kind_arguments(op)
    return [arg.split(":", 1)[0] for arg in (*positional, *keyword)]


def names_item(op: ir.Operation) -> bool:
    """An upload whose paths name the new item (`{item_name}`)."""
    return any("{item_name}" in str(path) for key, path in op.upload if key in ("simple", "session"))
