"""How Graph's service families differ for the same generic operation.

Directory (Entra ID), Outlook and OneDrive each have their own id format, paging token,
error codes and ETag habits. The specs say *what* a resource is; this table says how its
family behaves, from GRAPH_FACTS §1, §6, §8. A graph type not listed is "generic".
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Family", "family_of"]


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


DIRECTORY = Family("directory", "guid", "skiptoken", "Request_ResourceNotFound",
                   "Request_BadRequest", False, True)
OUTLOOK = Family("outlook", "outlook", "skip", "ErrorItemNotFound", "BadRequest", True, False,
                 precondition_code="ErrorIrresolvableConflict")
DRIVE = Family("drive", "drive", "skiptoken", "itemNotFound", "invalidRequest", True, False,
               renders_absent=False)
GENERIC = Family("generic", "guid", "skiptoken", "itemNotFound", "BadRequest", True, False)

_BY_TYPE: dict[str, Family] = {}
for _family, _names in (
    (DIRECTORY, "user group application servicePrincipal device orgContact directoryRole "
                "directoryObject organization administrativeUnit"),
    (OUTLOOK, "message mailFolder event calendar calendarGroup contact contactFolder "
              "attachment fileAttachment itemAttachment referenceAttachment eventMessage "
              "outlookCategory inferenceClassificationOverride messageRule outlookTask "
              "outlookTaskFolder outlookTaskGroup"),
    (DRIVE, "driveItem drive list listItem site permission thumbnailSet"),
):
    for _name in _names.split():
        _BY_TYPE[f"microsoft.graph.{_name}"] = _family


def family_of(graph_type: str) -> Family:
    return _BY_TYPE.get(graph_type, GENERIC)
