"""The intermediate representation: what a spec means once it is loaded and checked.

Everything downstream (templates, the emulator, the contract test, the reference docs) reads
these frozen dataclasses, never the raw YAML. A `SpecSet` is the whole tree of specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Primitive spec types and the Python annotation each one becomes.
PRIMITIVES: dict[str, str] = {
    "string": "str",
    "bool": "bool",
    "int": "int",
    "float": "float",
    "datetime": "datetime.datetime",
    "date": "datetime.date",
    # A calendar date in a DateTimeOffset property (a contact's birthday), read and written as one.
    "utc_date": "datetime.date",
    "time": "datetime.time",
    "duration": "datetime.timedelta",
    "bytes": "bytes",
    "guid": "str",
    "json": "Any",
    # A dateTimeTimeZone complex value read and written as an aware datetime.
    "zoned_datetime": "datetime.datetime",
    # A time zone name (Windows or IANA), checked before it is sent.
    "time_zone": "str",
    # An Excel A1 address ("B2:D10", "Sheet1!A:A"), checked before it is sent.
    "a1_address": "str",
    # Cell values as rows of columns (a flat list is one row), checked rectangular before sending.
    "cell_rows": "list[list[Any]]",
}


@dataclass(frozen=True)
class Origin:
    """Where something was written: file, line and column (1-based) and the path inside it."""

    file: str
    line: int
    column: int
    pointer: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class TypeRef:
    """A field or parameter type: a primitive, an enum, a complex type or a resource."""

    name: str  # "string", "datetime", "Recipient", "Importance", "Message", ...
    is_list: bool = False
    kind: str = "primitive"  # primitive | enum | complex | resource

    @property
    def spelled(self) -> str:
        return f"list[{self.name}]" if self.is_list else self.name


@dataclass(frozen=True)
class Field:
    graph_name: str
    python_name: str
    type: TypeRef
    doc: str = ""
    read_only: bool = False
    required_on_create: bool = False
    secret: bool = False
    aliases: tuple[str, ...] = ()  # other attribute names (python-o365's)
    autocreate: bool = False  # an unset complex value reads as an empty one, kept on first write
    value_range: tuple[int, ...] | None = None  # (lowest, highest) Graph accepts, checked on write
    keyed: bool = False  # a `map:` type (an open type used as a dictionary): never reads as None
    origin: Origin | None = None


@dataclass(frozen=True)
class Nested:
    """A Python attribute for a value below a field (`address` = `emailAddress/address`)."""

    python_name: str
    path: str
    leaf: Field  # the field the path ends at (its graph name is the last segment)
    read_only: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Param:
    graph_name: str
    python_name: str
    type: TypeRef
    required: bool = False
    location: str = "body"  # body | query | path
    default: str | None = None  # a Python literal, when the parameter has a default
    doc: str = ""
    raw: bool = False  # a path parameter whose slashes are kept
    required_when: str | None = None  # a switch parameter that makes this one required
    alternative: str | None = None  # another parameter (Graph name): exactly one of them is given
    # Sent as the entity's absolute URL, `<service root>/<entity set>/<id>` (a $ref body's
    # @odata.id, an @odata.bind member): the entity set named here.
    reference: str | None = None
    media: str | None = None  # `in: content`: what the bytes must be (image), checked before sending
    each: tuple[tuple[str, object], ...] = ()  # a list's items, each put in this object at "{}"
    positional: bool = False  # optional, yet accepted by position too (python-o365 call shapes)
    value_map: tuple[tuple[str, object], ...] = ()  # caller's value -> the value sent
    aliases: tuple[str, ...] = ()  # other keyword names for it (python-o365's)
    key: str | None = None  # a resource given as the object or this field's value (sent)
    from_now: bool = False  # a datetime that also takes seconds or a timedelta from now
    pattern: str | None = None  # a regular expression the value must match, checked before sending
    why: str = ""  # the rule `pattern` stands for, in words
    value_range: tuple[int, ...] | None = None  # (lowest, highest) Graph accepts
    # (the argument's field, this object's field) that must hold the same value (a bucket of
    # the task's own plan), checked when an object is passed
    same: tuple[tuple[str, str], ...] = ()
    # path-based addressing: a server-relative path below this path parameter ({key}:/{path}:)
    address_below: str | None = None
    open_values: bool = False  # holds open values of the returned resource (generated.o365._runtime.open_values)
    # `new`: when the argument is not given (or None), this attribute of the object the
    # operation is on (a contact's new_message() writes to its main_email), or with
    # `default_each`, that attribute of every item this list operation of the object yields
    # (a contact folder's new_message() writes to all its contacts)
    default_from: str | None = None
    default_each: str | None = None
    origin: Origin | None = None


@dataclass(frozen=True)
class Grant:
    """The least privileged permissions Graph documents for a call (the 401/403 hint)."""

    delegated: str
    application: str | None = None  # None: no application permission supports the call


@dataclass(frozen=True)
class Permissions:
    """A resource's or service's permissions: `read` for GET calls, `write` for the others."""

    read: Grant
    write: Grant


@dataclass(frozen=True)
class Subscribe:
    """A `subscribe` operation's rules (GRAPH_FACTS §10): what it subscribes to and Graph's limits.

    `resource` is the template of the Graph resource string (`{self}/messages`); None when the
    caller names the resource (`subscriptions.create(url, "me/events")`), whose limits are then
    those of the matching template of another spec. `max_lifetime` and
    `max_lifetime_with_data` are minutes, from Microsoft's table of maximum subscription
    lifetimes; `change_types` are the values Graph accepts for the resource, the first the
    default.
    """

    resource: str | None = None
    max_lifetime: int | None = None
    max_lifetime_with_data: int | None = None
    change_types: tuple[str, ...] = ("created", "updated", "deleted")


@dataclass(frozen=True)
class Operation:
    """A method on a resource or service, backed by one Graph call (or a generic capability)."""

    name: str
    kind: str  # list get refresh create update save delete action function new delta download upload
    http_method: str
    path: str  # template: {resource} {self} {parent} {id}, context keys, path params
    doc: str
    returns: TypeRef | None = None
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    graph_action: str | None = None  # bound action/function name in the metadata
    navigation: str | None = None  # navigation property the path walks, for the contract test
    link: str | None = None
    page_size: int | None = None
    max_page_size: int | None = None
    page_size_mode: str = "top"  # top | prefer | none (delta: prefer unless the spec says top)
    clamp_page_size: bool = False  # over max_page_size: lowered with a log line, not refused
    default_limit: int | None = None
    query_options: tuple[str, ...] = ()
    owner_field: str | None = None  # items of this collection have owner_field == owner's id
    context: tuple[tuple[str, str], ...] = ()  # extra context handed to the returned objects
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None  # what the body is: "params" (default), "self", "changes"
    expect: str | None = None  # json | bytes | text | none
    path_when: tuple[tuple[str, str], ...] = ()  # (switch param, path used when it is true)
    save_first: bool = False
    options: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # flag -> query options
    sets: tuple[tuple[str, object], ...] = ()  # (slash path, constant or "{param}")
    monitor: bool | str = False  # True: a monitor URL; "operation": a Graph operation entity
    upload: tuple[tuple[str, object], ...] = ()
    helper: str | None = None
    of: str | tuple[str, ...] | None = None  # computed: the path(s) read
    require: tuple[tuple[str, object], ...] = ()  # (slash path, value the object must have)
    after: tuple[tuple[str, object], ...] = ()  # (slash path, value set locally on success)
    filter: str | None = None  # a fixed $filter for list operations
    expand: str | None = None  # a fixed $expand for list operations
    size: str | None = None  # download: the field holding the content's exact length
    tree: tuple[tuple[str, str], ...] = ()  # download_tree: children, content, folder, name, size
    unless: tuple[tuple[str, Operation], ...] = ()  # (switch, variant used when it is false)
    is_property: bool = False  # a computed value read as an attribute
    when_given: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()  # param -> sets
    appends: tuple[tuple[str, object], ...] = ()  # kind set: (list path, value appended)
    append_key: str | None = None  # an appended object replaces the item with the same member
    when_new: Operation | None = None  # the variant used when the object has no id yet
    when_new_except: str | None = None  # ...unless this switch is on
    returns_first: bool = False  # the first item of the collection Graph answers
    then: str | None = None  # an operation of the returned object applied to each result
    keep: tuple[tuple[str, str], ...] = ()  # list: (slash path, regex) an item must match
    unwrap: tuple[tuple[str, str], ...] = ()  # ("value", member), ("error", member)
    cascade: tuple[str, ...] = ()  # update: opened children updated too
    blocks: tuple[tuple[str, str], ...] = ()  # read_blocks/write_blocks settings
    subscribe: Subscribe | None = None  # subscribe: the resource and its lifetime rules
    # list/find/query_builder: ConsistencyLevel rules apply (GRAPH_FACTS §1)
    advanced_queries: bool = False
    removed: str = "@removed"  # delta: the property marking a removed item (GRAPH_FACTS §4)
    # list/find: a $search built from `in: search` parameters ('"displayName:{text}"')
    search: str | None = None
    collect: bool = False  # list: return a list of every item now (python-o365's list methods)
    permissions: Grant | None = None  # overrides the owner's read/write permissions
    # (parameter graph names, allowed value combinations, why): checked before any request
    combinations: tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str] | None = None
    # compose: (content path, content type path, ((resource, id path, name path), ...))
    compose: tuple[str, str, tuple[tuple[str, str, str], ...]] | None = None
    # update: the field set to Planner's "<previous> <next>!" order hint from after=/before=
    order_hint: str | None = None
    equals: tuple[object, ...] = ()  # computed: (the value `of` is compared with,)
    changes_of: str | None = None  # update: only this field's changes, sent to the path
    args: tuple[str, ...] = ()  # computed: more arguments for the helper
    origin: Origin | None = None


@dataclass(frozen=True)
class EnumType:
    name: str
    graph_type: str
    values: tuple[str, ...]
    doc: str = ""
    source: str = ""
    values_of: str | None = None  # documented values of a string property (no metadata enum)
    aliases: tuple[tuple[str, str], ...] = ()  # (other name, value)
    member_aliases: tuple[tuple[str, str], ...] = ()  # (other Python member name, value)
    retired: tuple[tuple[str, str], ...] = ()  # (value Graph no longer takes, why / instead)
    origin: Origin | None = None


@dataclass(frozen=True)
class Rule:
    """A check run before create/update: exclusive, before or requires, over slash paths."""

    kind: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class ComplexType:
    name: str
    graph_type: str
    doc: str
    fields: tuple[Field, ...]
    link: str | None = None
    source: str = ""
    operations: tuple[Operation, ...] = ()
    rules: tuple[Rule, ...] = ()
    coerce: tuple[tuple[str, object], ...] = ()
    match: str | None = None
    nested: tuple[Nested, ...] = ()
    # `map:` an open type used as a dictionary (generated.o365._runtime.keyed): what keys are, the values' type
    map_keys: str | None = None
    map_values: TypeRef | None = None
    new_keys: bool = False  # the client makes up the keys (add())
    origin: Origin | None = None


@dataclass(frozen=True)
class SeedRow:
    """One record the emulator puts in a fresh tenant (a spec's `emulator: seed:` rows)."""

    data: tuple[tuple[str, object], ...]  # Graph JSON; "{ref}" / "{owner}" strings are ids
    ref: str | None = None  # other rows name this one's id as "{ref}" (default: well_known)
    well_known: str | None = None  # a name Graph also accepts in place of the id (inbox)
    id: str | None = None  # a fixed id ("{owner}": the owning user's id); default: a new one
    parent: str | None = None  # ref of the row this one is created under (a parent-child link)
    under: str | None = None  # the parent's collection it is listed in (default: from the path)
    origin: Origin | None = None


@dataclass(frozen=True)
class EmulatorFacts:
    """How the emulator serves a resource (a spec's `emulator:` block; the library ignores it).

    `family` names a workload of emulator.families (None: derived from the path). `defaults`
    are stored on create when the body leaves them out. `keys` are alternate keys usable in
    place of the id (users/{id | userPrincipalName}). `orderable`: the fields $orderby takes
    on a basic directory query (others need an advanced query); `filterable`: the only
    fields $filter takes. None allows every field.
    `entity_set` overrides the entity set named by `@odata.context`; `odata_id` gives each
    entity its canonical `@odata.id`. `default_properties` is what GET returns without
    $select when Graph documents a subset; `on_request` are left out of it (returned only when
    $select or $expand names them) and `derived` properties are served with another one's value.
    `addresses` are the other paths Graph documents for the resource. `seed` rows go into
    every user's scope (`seed_scope: user`) or the tenant (`tenant`). `inverse` pairs a
    navigation with the one that links back (members -> memberOf): a link added or removed is
    mirrored.
    """

    family: str | None = None
    id_style: str | None = None  # guid | outlook | drive, when not the family's
    defaults: tuple[tuple[str, object], ...] = ()
    keys: tuple[str, ...] = ()
    orderable: tuple[str, ...] | None = None
    filterable: tuple[str, ...] | None = None
    entity_set: str | None = None
    odata_id: bool = False
    default_properties: tuple[str, ...] = ()
    addresses: tuple[tuple[str, str], ...] = ()  # (other path, the resource's own path)
    on_request: tuple[str, ...] = ()  # served only when $select / $expand names them
    derived: tuple[tuple[str, str], ...] = ()  # (property, the property it is served from)
    seed_scope: str = "user"
    seed: tuple[SeedRow, ...] = ()
    # navigation -> the target's navigation back (a group's members list it in memberOf)
    inverse: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Resource:
    """An entity with an identity and a path, and the operations it carries."""

    name: str
    graph_type: str
    doc: str
    link: str
    module: str  # dotted module under generated.o365, e.g. "directory.user"
    source: str  # the spec file, relative to the specs folder
    path: str | None
    fields: tuple[Field, ...]
    operations: tuple[Operation, ...]
    repr_fields: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    subtypes: tuple[tuple[str, str], ...] = ()  # (@odata.type, resource name)
    base: str | None = None  # another resource this one extends
    rules: tuple[Rule, ...] = ()
    attachments: tuple[tuple[str, object], ...] = ()
    context_from: tuple[tuple[str, str], ...] = ()  # context key -> slash path in the data
    nested: tuple[Nested, ...] = ()
    constants: tuple[tuple[str, object], ...] = ()  # class attributes with fixed values
    # context key -> (slash path, generated.o365._runtime.helpers function) for context computed from the data
    context_helpers: tuple[tuple[str, str, str], ...] = ()
    session: tuple[tuple[str, object], ...] = ()  # the spec's `session:` block (generated.o365._runtime.sessions)
    opened_by: tuple[tuple[str, str], ...] = ()  # (resource, its `open` operation) opening this one
    aliases: tuple[str, ...] = ()  # other class names (python-o365's), exported too
    advanced_queries: bool = False  # a directory object: advanced-query rules (GRAPH_FACTS §1)
    # "if_match": writes carry If-Match with the last @odata.etag (Planner, GRAPH_FACTS §8)
    concurrency: str | None = None
    permissions: Permissions | None = None
    emulator: EmulatorFacts = field(default_factory=EmulatorFacts)
    open_values: OpenValues | None = None  # an open field typed at run time (generated.o365._runtime.open_values)
    defines: tuple[tuple[str, str], ...] = ()  # (field, path of the definitions it holds)
    origin: Origin | None = None


@dataclass(frozen=True)
class OpenValues:
    """A spec's `open_values:` block: an open-type field typed by definitions Graph returns
    at run time (kinds: definition facet -> (kind, facet property names))."""

    field: str
    definitions: str
    name: str
    kinds: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]
    label: str | None = None
    read_only: str | None = None
    indexed: str | None = None
    unindexed_prefer: str | None = None
    id_suffix: str = "LookupId"


@dataclass(frozen=True)
class Service:
    """A resource-bound entry point such as `account.mailbox()`."""

    name: str
    doc: str
    module: str
    source: str
    accessor: str | None  # the Account method that returns it
    accessor_aliases: tuple[str, ...]
    operations: tuple[Operation, ...]
    account_methods: bool = False  # operations become methods of Account itself
    shortcuts: tuple[str, ...] = ()  # operations also offered on Account, with resource=
    permissions: Permissions | None = None
    # The accessor's keyword that picks another service: (keyword, default value,
    # ((value, service name), ...)); address_book(address_book="gal") is the Directory.
    choice: tuple[str, str, tuple[tuple[str, str], ...]] | None = None
    resource_optional: bool = False  # the accessor works without a user (sites, not `me`)
    origin: Origin | None = None


@dataclass(frozen=True)
class SpecSet:
    resources: tuple[Resource, ...]
    services: tuple[Service, ...]
    complex_types: tuple[ComplexType, ...]
    enums: tuple[EnumType, ...]
    spec_hash: str = ""
    files: tuple[str, ...] = field(default=())
    # python-o365 module -> (its name, spec name or "runtime.module:Name")
    o365_modules: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def resource(self, name: str) -> Resource:
        for res in self.resources:
            if res.name == name:
                return res
        raise KeyError(name)

    def by_graph_type(self) -> dict[str, Resource | ComplexType]:
        out: dict[str, Resource | ComplexType] = {c.graph_type: c for c in self.complex_types}
        out.update({r.graph_type: r for r in self.resources})
        return out
