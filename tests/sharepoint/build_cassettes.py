"""Write tests/sharepoint/cassettes/*.yaml from Microsoft's documented examples.

Every response body below is copied from microsoftgraph/microsoft-graph-docs-contrib
(api-reference/v1.0/api/<name>.md); the `source` of each interaction names the page. Request
paths are those our generated calls make for the documented request, with the `{site-id}`,
`{list-id}` and `{item-id}` placeholders filled with ids from the documented responses
(a composite site id's commas travel percent-encoded, as every id segment here). Drive
bodies come from tests/storage/build_cassettes.py (the same documented pages).

Two operations have no v1.0 page of their own: updating and deleting a list (PATCH/DELETE
sites/{site-id}/lists/{list-id}). Their cassettes answer with the documented list of
list-get.md and Graph's 204 for a delete, and say so in their source.

Run `python -m tests.sharepoint.build_cassettes` after changing this file; commit the output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.storage.build_cassettes import (
    DRIVE_GET,
    DRIVE_ID,
    DRIVE_LIST,
    ITEM_GET,
    ROOT_ID,
    interaction,
)
from tests.support.cassettes import write_cassettes

HERE = Path(__file__).parent / "cassettes"

# Ids from the documented responses.
SITE_ID = "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE"
SITE = "sites/" + quote(SITE_ID, safe="")
LIST_ID = "22e03ef3-6ef4-424d-a1d3-92a337807c30"  # list-create.md, listitem-delta.md
FEED_ID = "1234-112-112-4"  # list-get.md
LIST = f"{SITE}/lists/{LIST_ID}"
COLUMN_ID = "99ddcf45-e2f7-4f17-82b0-6fba34445103"  # list-list-columns.md
ITEM_ID = "5"  # listitem-get.md

SITE_GET = """{
  "id": "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE",
  "displayName": "OneDrive Team Site",
  "name": "1drvteam",
  "createdDateTime": "2017-05-09T20:56:00Z",
  "lastModifiedDateTime": "2017-05-09T20:56:01Z",
  "webUrl": "https://contoso.sharepoint.com/teams/1drvteam"
}"""

SITE_SEARCH = """{
  "value": [
    {
      "id": "contoso.sharepoint.com,da60e844-ba1d-49bc-b4d4-d5e36bae9019,712a596e-90a1-49e3-9b48-bfa80bee8740",
      "name": "Team A Site",
      "description": "",
      "createdDateTime": "2016-10-18T03:05:59Z",
      "lastModifiedDateTime": "2016-10-18T10:40:59Z",
      "webUrl": "https://contoso.sharepoint.com/sites/siteA"
    },
    {
      "id": "contoso.sharepoint.com,da60e844-ba1d-49bc-b4d4-d5e36bae9019,0271110f-634f-4300-a841-3a8a2e851851",
      "name": "Team B Site",
      "description": "",
      "createdDateTime": "2016-10-18T03:05:59Z",
      "lastModifiedDateTime": "2016-10-18T10:40:59Z",
      "webUrl": "https://contoso.sharepoint.com/sites/siteB"
    }
  ]
}"""

SUBSITES = """{
  "value": [
    {
      "id": "contoso.sharepoint.com,da60e844-ba1d-49bc-b4d4-d5e36bae9019,712a596e-90a1-49e3-9b48-bfa80bee8740",
      "name": "Team A Subsite",
      "description": "",
      "createdDateTime": "2016-10-18T03:05:59Z",
      "lastModifiedDateTime": "2016-10-18T10:40:59Z",
      "webUrl": "https://contoso.sharepoint.com/sites/site/subsiteA"
    },
    {
      "id": "contoso.sharepoint.com,da60e844-ba1d-49bc-b4d4-d5e36bae9019,0271110f-634f-4300-a841-3a8a2e851851",
      "name": "Team B Subsite",
      "description": "",
      "createdDateTime": "2016-10-18T03:05:59Z",
      "lastModifiedDateTime": "2016-10-18T10:40:59Z",
      "webUrl": "https://contoso.sharepoint.com/sites/site/subsiteB"
    }
  ]
}"""

FOLLOWED = """{
  "value": [
        {
            "id": "contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE",
            "displayName": "OneDrive Team Site",
            "webUrl": "https://contoso.sharepoint.com/teams/1drvteam",
            "sharepointIds": {
                "listItemId": "1",
                "siteId": "2C712604-1370-44E7-A1F5-426573FDA80A",
                "siteUrl": "https://contoso.sharepoint.com/teams/1drvteam",
                "webId": "2D2244C3-251A-49EA-93A8-39E1C3A060FE"
            },
            "siteCollection": {
                "hostname": "contoso.sharepoint.com"
            }
        },
        {
            "id": "contoso.sharepoint.com,1C712604-1370-44E7-A1F5-426573FDA80A,1D2244C3-251A-49EA-93A8-39E1C3A060FE",
            "displayName": "OneDrive Team Site1",
            "webUrl": "https://contoso.sharepoint.com/teams/2drvteam",
            "sharepointIds": {
                "listItemId": "1",
                "siteId": "1C712604-1370-44E7-A1F5-426573FDA80A",
                "siteUrl": "https://contoso.sharepoint.com/teams/2drvteam",
                "webId": "1D2244C3-251A-49EA-93A8-39E1C3A060FE"
            },
            "siteCollection": {
                "hostname": "contoso.sharepoint.com"
            }
        }
  ]
}"""

COLUMNS = """{
   "value":[
      {
         "description":"",
         "displayName":"Title",
         "hidden":false,
         "id":"99ddcf45-e2f7-4f17-82b0-6fba34445103",
         "indexed":false,
         "name":"Title",
         "readOnly":false,
         "required":false,
         "text":{
            "allowMultipleLines":false,
            "appendChangesToExistingText":false,
            "linesForEditing":0,
            "maxLength":255
         }
      },
      {
         "description":"",
         "displayName":"Address",
         "id":"11dfef35-e2f7-4f17-82b0-6fba34445103",
         "indexed":false,
         "name":"Address",
         "readOnly":false,
         "required":false,
         "text":{
            "allowMultipleLines":false,
            "appendChangesToExistingText":false,
            "linesForEditing":0,
            "maxLength":255
         }
      }
   ]
}"""

CONTENT_TYPES = """{
  "value": [
    {
        "id":"0x",
        "description":"",
        "group":"_Hidden",
        "hidden":false,
        "name":"System",
        "base": {
            "name": "System",
            "id": "0x"
        }
    },
    {
        "id":"0x00A7470EADF4194E2E9ED1031B61DA0884",
        "name": "docSet",
        "description": "custom docset",
        "hidden":false,
        "base": {
            "name": "Document Set",
            "id": "0x0120D520"
        },
        "group": "Custom Content Types"
    }
  ]
}"""

CONTENT_TYPE_GET = """{
  "id":"0x0120D520",
  "description":"Create a document set when you want to manage multiple documents as a single work product.",
  "group":"Document Set Content Types",
  "hidden":false,
  "name":"Document Set",
  "base": {
        "name": "Document Set",
        "id": "0x0120D520"
   }
}"""

ADD_COPY_REQUEST = """{
  "contentType": "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com%2C2C712604-1370-44E7-A1F5-426573FDA80A%2C2D2244C3-251A-49EA-93A8-39E1C3A060FE/contentTypes/0x0101"
}"""
ADD_COPY = """{
    "id": "0x0101",
    "description": "Create a new custom CSR JavaScript Display Template.",
    "group": "Display Template Content Types",
    "hidden": false,
    "name": "JavaScript Display Template",
    "parentId": "0x01",
    "readOnly": false,
    "sealed": false,
    "base": {
        "id": "0x01",
        "description": "Create a new custom CSR JavaScript Display Template.",
        "group": "Display Template Content Types",
        "hidden": false,
        "name": "JavaScript Display Template",
        "readOnly": false,
        "sealed": false
    }
}"""

LISTS = """{
  "value": [
    {
      "id": "b57af081-936c-4803-a120-d94887b03864",
      "name": "Documents",
      "createdDateTime": "2016-08-30T08:32:00Z",
      "lastModifiedDateTime": "2016-08-30T08:32:00Z",
      "list": {
        "hidden": false,
        "template": "documentLibrary"
       }
    },
    {
      "id": "1234-112-112-4",
      "name": "MicroFeed",
      "createdDateTime": "2016-08-30T08:32:00Z",
      "lastModifiedDateTime": "2016-08-30T08:32:00Z",
      "list": {
        "hidden": false,
        "template": "genericList"
       }
    }
  ]
}"""

LIST_GET = """{
  "id": "1234-112-112-4",
  "name": "MicroFeed",
  "createdDateTime": "2016-08-30T08:32:00Z",
  "lastModifiedDateTime": "2016-08-30T08:32:00Z",
  "list": {
    "hidden": false,
    "template": "genericList"
    }
}"""

LIST_CREATE_REQUEST = """{
  "displayName": "Books",
  "columns": [
    {
      "name": "Author",
      "text": { }
    },
    {
      "name": "PageCount",
      "number": { }
    }
  ],
  "list": {
    "template": "genericList"
  }
}"""
LIST_CREATE = """{
  "id": "22e03ef3-6ef4-424d-a1d3-92a337807c30",
  "createdDateTime": "2017-04-30T01:21:00Z",
  "createdBy": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "8606e4d5-d582-4f5f-aeba-7d7c18b20cfd"
    }
  },
  "lastModifiedDateTime": "2016-08-30T08:26:00Z",
  "lastModifiedBy": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "8606e4d5-d582-4f5f-aeba-7d7c18b20cfd"
    }
  }
}"""

COLUMN_POST_REQUEST = """{
  "description": "test",
  "enforceUniqueValues": false,
  "hidden": false,
  "indexed": false,
  "name": "Title",
  "text": {
    "allowMultipleLines": false,
    "appendChangesToExistingText": false,
    "linesForEditing": 0,
    "maxLength": 255
  }
}"""
COLUMN_POST = """{
  "description": "test",
  "displayName": "Title",
  "enforceUniqueValues": false,
  "hidden": false,
  "id": "99ddcf45-e2f7-4f17-82b0-6fba34445103",
  "indexed": false,
  "name": "Title",
  "text": {
    "allowMultipleLines": false,
    "appendChangesToExistingText": false,
    "linesForEditing": 0,
    "maxLength": 255
  }
}"""

COLUMN_GET = """{
  "description": "",
  "displayName": "Title",
  "hidden": false,
  "id": "99ddcf45-e2f7-4f17-82b0-6fba34445103",
  "indexed": false,
  "name": "Title",
  "readOnly": false,
  "required": false,
  "text": {
    "allowMultipleLines": false,
    "appendChangesToExistingText": false,
    "linesForEditing": 0,
    "maxLength": 255
  }
}"""

COLUMN_UPDATE_REQUEST = """{
  "required": true,
  "hidden": false,
  "propagateChanges": false
}"""
COLUMN_UPDATE = """{
  "description": "",
  "displayName": "Custom Column",
  "enforceUniqueValues": false,
  "hidden": false,
  "id": "11dfef35-e2f7-4f17-82b0-6fba34445103",
  "indexed": false,
  "name": "Custom Column",
  "readOnly": false,
  "required": true,
  "text": {
    "allowMultipleLines": false,
    "appendChangesToExistingText": false,
    "linesForEditing": 0,
    "maxLength": 255
  }
}"""

ITEMS = """{
  "value": [
    {
      "id": "2",
      "fields": {
        "Name": "Gadget",
        "Color": "Red",
        "Quantity": 503
       }
    },
    {
      "id": "4",
      "fields": {
        "Name": "Widget",
        "Color": "Blue",
        "Quantity": 2357
       }
    },
    {
      "id": "7",
      "fields": {
        "Name": "Gizmo",
        "Color": "Green",
        "Quantity": 92
       }
    }
  ]
}"""

ITEM = """{
  "id": "5",
  "fields": {
    "Name": "Widget",
    "Color": "Blue",
    "Quantity": 2357
    }
}"""

ITEM_CREATE_REQUEST = """{
  "fields": {
    "Title": "Widget",
    "Color": "Purple",
    "Weight": 32
  }
}"""
ITEM_CREATE = """{
  "id": "20",
  "createdDateTime": "2016-08-30T08:26:00Z",
  "createdBy": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "8606e4d5-d582-4f5f-aeba-7d7c18b20cfd"
    }
  },
  "lastModifiedDateTime": "2016-08-30T08:26:00Z",
  "lastModifiedBy": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "8606e4d5-d582-4f5f-aeba-7d7c18b20cfd"
    }
  }
}"""

ITEM_UPDATE_REQUEST = """{
    "Color": "Fuchsia",
    "Quantity": 934
}"""
ITEM_UPDATE = """{
  "Name": "Widget",
  "Color": "Fuchsia",
  "Quantity": 934
}"""

VERSIONS = """{
  "value":
  [
    {
      "id": "3.0",
      "lastModifiedBy": {
        "user": {
          "id": "CE251278-EF9E-4FE5-833C-1D89EEAE68E0",
          "displayName": "Ryan Gregg"
        }
      },
      "lastModifiedDateTime": "2017-09-14T12:34:53.912Z"
    },
    {
      "id": "2.0",
      "lastModifiedBy": {
        "user": {
          "id": "CE251278-EF9E-4FE5-833C-1D89EEAE68E0",
          "displayName": "Ryan Gregg"
        }
      },
      "lastModifiedDateTime": "2017-09-11T10:21:03.000Z"
    },
    {
      "id": "1.0",
      "lastModifiedBy": {
        "user": {
          "id": "CE251278-EF9E-4FE5-833C-1D89EEAE68E0",
          "displayName": "Ryan Gregg"
        }
      },
      "lastModifiedDateTime": "2017-09-10T15:20:01.125Z"
    }
  ]
}"""

DELTA_NEXT = ("https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,"
              "2D2244C3-251A-49EA-93A8-39E1C3A060FE/lists/22e03ef3-6ef4-424d-a1d3-92a337807c30/items/delta"
              "?token=1230919asd190410jlka")
DELTA_FIRST = """{
  "value": [
    {
      "createdDateTime": "2020-06-02T22:46:58Z",
      "eTag": "\\"{12AD05BB-59B8-43AA-9456-77C44E9BC066},756\\"",
      "id": "1",
      "lastModifiedDateTime": "2021-10-14T23:27:27Z",
      "webUrl": "http://contoso.sharepoint.com/Shared%20Documents/TestFolder",
      "createdBy": {
        "user": {
          "displayName": "John doe"
        }
      },
      "parentReference": {
        "id": "1",
        "path": "Shared%20Documents",
        "siteId": "12AD05BB-59B8-43AA-9456-77C44E9BC066"
      },
      "contentType": {
        "id": "0x00123456789abc",
        "name": "Folder"
      }
    },
    {
      "createdDateTime": "2020-06-02T22:46:58Z",
      "eTag": "\\"{12AD05BB-59B8-43AA-9456-77C44E9BC067},756\\"",
      "id": "2",
      "lastModifiedDateTime": "2021-10-14T23:27:27Z",
      "webUrl": "http://contoso.sharepoint.com/Shared%20Documents/TestItemA.txt",
      "createdBy": {
        "user": {
          "displayName": "John doe"
        }
      },
      "parentReference": {
        "id": "2",
        "path": "Shared%20Documents",
        "siteId": "12AD05BB-59B8-43AA-9456-77C44E9BC066"
      },
      "contentType": {
        "id": "0x00123456789abc",
        "name": "Document"
      }
    },
    {
      "createdDateTime": "2020-06-02T22:46:58Z",
      "eTag": "\\"{12AD05BB-59B8-43AA-9456-77C44E9BC068},756\\"",
      "id": "3",
      "lastModifiedDateTime": "2021-10-14T23:27:27Z",
      "webUrl": "http://contoso.sharepoint.com/Shared%20Documents/TestItemB.txt",
      "createdBy": {
        "user": {
          "displayName": "John doe"
        }
      },
      "parentReference": {
        "id": "3",
        "path": "Shared%20Documents",
        "siteId": "12AD05BB-59B8-43AA-9456-77C44E9BC066"
      },
      "contentType": {
        "id": "0x00123456789abc",
        "name": "Document"
      }
    }
  ],
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE/lists/22e03ef3-6ef4-424d-a1d3-92a337807c30/items/delta?token=1230919asd190410jlka"
}"""

DELTA_LAST = """{
  "value": [
    {
      "createdDateTime": "2020-06-02T22:46:58Z",
      "eTag": "\\"{12AD05BB-59B8-43AA-9456-77C44E9BC066},756\\"",
      "id": "1",
      "lastModifiedDateTime": "2016-03-21T20:01:37Z",
      "webUrl": "http://contoso.sharepoint.com/Shared%20Documents/TestFolder",
      "createdBy": {
        "user": {
          "displayName": "John doe"
        }
      },
      "parentReference": {
        "id": "1",
        "path": "Shared%20Documents",
        "siteId": "12AD05BB-59B8-43AA-9456-77C44E9BC066"
      },
      "contentType": {
        "id": "0x00123456789abc",
        "name": "Folder"
      }
    },
    {
      "id": "3",
      "parentReference": {
        "siteId": "12AD05BB-59B8-43AA-9456-77C44E9BC066"
      },
      "contentType": {
        "id": "0x00123456789abc",
        "name": "Document"
      },
      "deleted": {
        "state": "deleted"
      }
    }
  ],
  "@odata.deltaLink": "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE/lists/22e03ef3-6ef4-424d-a1d3-92a337807c30/items/delta?token=1230919asd190410jlka"
}"""


def with_prefer(recorded: dict[str, Any]) -> dict[str, Any]:
    """The request must carry the Prefer value Graph asks for on columns that are not indexed
    (the documented error: "Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly'
    header"); conftest's matcher checks it is among the values sent."""
    recorded["request"]["headers"]["Prefer"] = ["HonorNonIndexedQueriesWarningMayFailRandomly"]
    return recorded


def cassettes() -> dict[str, list[dict[str, Any]]]:
    feed = f"{SITE}/lists/{FEED_ID}"
    item = f"{LIST}/items/{ITEM_ID}"
    return {
        "sites.yaml": [
            interaction("GET", "sites/root", 200, SITE_GET,
                        source="site-get.md (GET /sites/root, the documented site)"),
            interaction("GET", "sites/contoso.sharepoint.com", 200, SITE_GET,
                        source="site-get.md (GET /sites/contoso.sharepoint.com)"),
            interaction("GET", "sites/contoso.sharepoint.com:/teams/1drvteam:", 200, SITE_GET,
                        source="site-getbypath.md"),
            interaction("GET", "sites/contoso.sharepoint.com:/teams/1drvteam:", 200, SITE_GET,
                        source="site-getbypath.md (the site's URL split into host and path)"),
            interaction("GET", SITE, 200, SITE_GET, source="site-get.md (by id)"),
            interaction("GET", "sites?search=Team", 200, SITE_SEARCH, source="site-search.md"),
            interaction("GET", "me/followedSites", 200, FOLLOWED, source="sites-list-followed.md"),
        ],
        "site.yaml": [
            interaction("GET", SITE, 200, SITE_GET, source="site-get.md"),
            interaction("GET", f"{SITE}/sites", 200, SUBSITES, source="site-list-subsites.md"),
            interaction("GET", f"{SITE}/columns", 200, COLUMNS, source="site-list-columns.md"),
            interaction("GET", f"{SITE}/contentTypes", 200, CONTENT_TYPES,
                        source="site-list-contenttypes.md"),
            interaction("GET", f"{SITE}/contentTypes/0x0120D520", 200, CONTENT_TYPE_GET,
                        source="contenttype-get.md"),
            interaction("GET", f"{SITE}/drive", 200, DRIVE_GET,
                        source="drive-get.md (document library of a site)"),
            interaction("GET", f"{SITE}/drives/{quote(DRIVE_ID, safe='')}", 200, DRIVE_GET,
                        source="drive-get.md (a drive by id)"),
            interaction("GET", f"{SITE}/drives", 200, DRIVE_LIST,
                        source="drive-list.md (the drives of a site)"),
        ],
        "lists.yaml": [
            interaction("GET", f"{SITE}/lists?%24expand=columns", 200, LISTS, source="list-list.md"),
            interaction("GET", f"{feed}?%24expand=columns", 200, LIST_GET,
                        source="list-get.md (by id)"),
            interaction("GET", f"{SITE}/lists/MicroFeed?%24expand=columns", 200, LIST_GET,
                        source="list-get.md (by title)"),
            interaction("POST", f"{SITE}/lists", 201, LIST_CREATE, source="list-create.md",
                        request_body=LIST_CREATE_REQUEST),
            interaction("GET", feed, 200, LIST_GET, source="list-get.md (refresh)"),
            interaction("PATCH", feed, 200, LIST_GET, request_body='{"description": "Daily news"}',
                        source="no v1.0 page documents a list update; the body is list-get.md's list"),
            interaction("GET", f"{feed}/drive", 200, DRIVE_GET,
                        source="drive-get.md (the drive of a document library)"),
            interaction("DELETE", feed, 204,
                        source="no v1.0 page documents a list delete; Graph answers a DELETE with 204"),
        ],
        "columns.yaml": [
            interaction("GET", f"{LIST}/columns", 200, COLUMNS, source="list-list-columns.md"),
            interaction("POST", f"{LIST}/columns", 201, COLUMN_POST, source="list-post-columns.md",
                        request_body=COLUMN_POST_REQUEST),
            interaction("GET", f"{LIST}/columns/{COLUMN_ID}", 200, COLUMN_GET,
                        source="columndefinition-get.md"),
            interaction("PATCH", f"{LIST}/columns/11dfef35-e2f7-4f17-82b0-6fba34445103", 200,
                        COLUMN_UPDATE, source="columndefinition-update.md",
                        request_body=COLUMN_UPDATE_REQUEST),
            interaction("DELETE", f"{LIST}/columns/{COLUMN_ID}", 204,
                        source="columndefinition-delete.md"),
            interaction("GET", f"{LIST}/contentTypes", 200, CONTENT_TYPES,
                        source="list-list-contenttypes.md"),
            interaction("POST", f"{LIST}/contentTypes/addCopy", 201, ADD_COPY,
                        source="contenttype-addcopy.md", request_body=ADD_COPY_REQUEST),
        ],
        "items.yaml": [
            interaction("GET", f"{LIST}/items?%24expand=fields%28%24select%3DName%2CColor%2CQuantity%29",
                        200, ITEMS, source="listitem-list.md"),
            interaction("GET", f"{LIST}/items/{ITEM_ID}?%24expand=fields", 200, ITEM,
                        source="listitem-get.md"),
            interaction("POST", f"{LIST}/items", 201, ITEM_CREATE, source="listitem-create.md",
                        request_body=ITEM_CREATE_REQUEST),
            interaction("PATCH", f"{item}/fields", 200, ITEM_UPDATE, source="listitem-update.md",
                        request_body=ITEM_UPDATE_REQUEST),
            interaction("GET", f"{item}/versions", 200, VERSIONS,
                        source="listitem-list-versions.md"),
            interaction("POST", f"{item}/versions/2.0/restoreVersion", 204,
                        source="listitemversion-restore.md"),
            interaction("GET", f"{item}/driveItem", 200, ITEM_GET,
                        source="driveitem-get.md (GET /sites/{site-id}/lists/{list-id}/items/{item-id}/driveItem)"),
            interaction("GET", f"drives/{quote(DRIVE_ID, safe='')}/items/{ROOT_ID}/listItem?%24expand=fields",
                        200, ITEM, source="resources/driveitem.md (listItem relationship), "
                                          "the item of listitem-get.md"),
            interaction("DELETE", item, 204, source="listitem-delete.md"),
            interaction("DELETE", f"{LIST}/items/7", 204, source="listitem-delete.md"),
        ],
        "filter.yaml": [
            with_prefer(interaction(
                "GET", f"{LIST}/items?%24expand=fields&%24filter=fields%2FColor+eq+%27Blue%27",
                200, ITEMS, source="listitem-list.md (its documented page, for a filtered "
                                   "request on a column that is not indexed)")),
        ],
        "delta.yaml": [
            interaction("GET", f"{LIST}/items/delta", 200, DELTA_FIRST,
                        source="listitem-delta.md (Example 1: initial request)"),
            interaction("GET", DELTA_NEXT, 200, DELTA_LAST,
                        source="listitem-delta.md (Example 2: last page in a set)"),
        ],
    }


def main() -> None:
    write_cassettes(HERE, cassettes(), "tests/sharepoint/build_cassettes.py")


if __name__ == "__main__":
    main()
