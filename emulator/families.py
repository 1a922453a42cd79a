"""How Graph's service families differ for the same generic operation.

Directory (Entra ID), Outlook and OneDrive each have their own id format, paging token,
error codes and ETag habits (GRAPH_FACTS §1, §6, §8). This module defines the families;
which family a resource belongs to is a fact of its spec (`emulator: family:`). A spec that
does not say gets the family of the URL space its path lives in (`families_by_type`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generated.o365._generator import ir

__all__ = ["FAMILIES", "GENERIC", "PLANNER", "TEAMS", "Family", "families_by_type", "family_of_path"]


@dataclass(frozen=True)
class Family:
    name: str
    id_style: str  # guid | outlook | drive
    paging: str  # skip ($skip in nextLink) | skiptoken (opaque $skiptoken)
    not_found_code: str
    bad_request_code: str
    sends_etag: bool  # "@odata.etag" on each entity
    advanced_queries: bool  # ConsistencyLevel rules of aad-advanced-queries.md
    precondition_code: str = "resourceModified"
    # OneDrive leaves out properties it has no value for (facets above all: an item has a
    # `folder` or a `file`, never both as null); directory and Outlook send them as null.
    renders_absent: bool = True
    # Exchange names each entity's type in a delta page (G: concepts/delta-query-messages.md).
    typed_delta: bool = False
    # Planner (G: resources/planner-overview.md, GRAPH_FACTS §8): a PATCH or DELETE without
    # If-Match is refused (400), and a PATCH answers 204 unless the client asks for the new
    # representation (`Prefer: return=representation`).
    requires_if_match: bool = False
    patch_returns_on_request: bool = False
    # Entra ID and Teams answer a PATCH with 204 and no body (G: user-update.md,
    # team-update.md, channel-patch.md, chatmessage-update.md).
    patch_no_content: bool = False


DIRECTORY = Family("directory", "guid", "skiptoken", "Request_ResourceNotFound",
                   "Request_BadRequest", False, True, patch_no_content=True)
OUTLOOK = Family("outlook", "outlook", "skip", "ErrorItemNotFound", "BadRequest", True, False,
                 precondition_code="ErrorIrresolvableConflict", typed_delta=True)
DRIVE = Family("drive", "drive", "skiptoken", "itemNotFound", "invalidRequest", True, False,
               renders_absent=False)
GENERIC = Family("generic", "guid", "skiptoken", "itemNotFound", "BadRequest", True, False)
# Planner's errors carry an empty code (its 400 for a missing If-Match reads
# `{"code": "", "message": "The If-Match header must be specified for this kind of request."}`).
PLANNER = Family("planner", "planner", "skiptoken", "", "", True, False, precondition_code="",
                 requires_if_match=True, patch_returns_on_request=True)
# Teams (teams, channels, channel and chat messages; a chat's PATCH answers the chat, chat-patch.md,
# so chats stay generic): a PATCH answers 204, a delta page names each message's type
# (chatmessage-delta.md).
TEAMS = Family("teams", "guid", "skiptoken", "NotFound", "BadRequest", True, False,
               typed_delta=True, patch_no_content=True)
FAMILIES: dict[str, Family] = {f.name: f for f in (DIRECTORY, OUTLOOK, DRIVE, PLANNER, TEAMS,
                                                   GENERIC)}

# Which workload serves a URL space. Tenant-wide paths are told apart by their first
# segment (the entity set); paths under a user or group (`{resource}/...`) by the segment
# after it: Exchange serves mail, calendars, contacts and To Do; OneDrive the drives.
_ROOTS = {
    "users": DIRECTORY, "groups": DIRECTORY, "applications": DIRECTORY, "devices": DIRECTORY,
    "servicePrincipals": DIRECTORY, "directoryObjects": DIRECTORY, "directoryRoles": DIRECTORY,
    "administrativeUnits": DIRECTORY, "organization": DIRECTORY, "contacts": DIRECTORY,
    "drives": DRIVE, "sites": DRIVE, "shares": DRIVE, "planner": PLANNER,
}
_UNDER_RESOURCE = {
    "messages": OUTLOOK, "mailFolders": OUTLOOK, "mailboxSettings": OUTLOOK, "outlook": OUTLOOK,
    "events": OUTLOOK, "calendar": OUTLOOK, "calendars": OUTLOOK, "calendarGroups": OUTLOOK,
    "calendarView": OUTLOOK, "contacts": OUTLOOK, "contactFolders": OUTLOOK, "todo": OUTLOOK,
    "inferenceClassification": OUTLOOK, "drive": DRIVE, "drives": DRIVE, "planner": PLANNER,
}


def family_of_path(path: str | None) -> Family | None:
    """The family of the URL space `path` lives in, or None when the path does not say
    (`{parent}/{id}`: wherever the entity is listed)."""
    segments = (path or "").split("/")
    if segments[0] == "{resource}":
        return _UNDER_RESOURCE.get(segments[1], GENERIC) if len(segments) > 1 else None
    if not segments[0] or segments[0].startswith("{"):
        return None
    return _ROOTS.get(segments[0], GENERIC)


def families_by_type(specset: ir.SpecSet) -> dict[str, Family]:
    """Each served graph type's family: the spec's `emulator: family:`, else that of the
    resource it extends, else the one its path gives, else generic."""
    by_name = {r.name: r for r in specset.resources}

    def resolve(resource: ir.Resource, depth: int = 0) -> Family:
        if resource.emulator.family is not None:
            return FAMILIES[resource.emulator.family]
        base = by_name.get(resource.base or "")
        if base is not None and depth < len(by_name):
            return resolve(base, depth + 1)
        return family_of_path(resource.path) or GENERIC

    out: dict[str, Family] = {}
    for resource in sorted(specset.resources, key=lambda r: r.base is not None):
        family = resolve(resource)
        if resource.emulator.id_style not in (None, family.id_style):
            family = replace(family, id_style=resource.emulator.id_style)
        out.setdefault(resource.graph_type, family)
    return out
