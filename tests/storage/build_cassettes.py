"""Write tests/storage/cassettes/*.yaml from Microsoft's documented examples.

Every response body below is copied from microsoftgraph/microsoft-graph-docs-contrib
(api-reference/v1.0/api/<name>.md unless said otherwise); the `source` of each interaction
names the file. Two documented bodies are not valid JSON as published (a trailing comma
after the `link` object in driveitem-createlink.md): only that comma is removed.
Request paths are those our generated calls make for the documented request (ids taken from
the documented responses; `{item-id}` placeholders filled with the documented item ids).

Run `python -m tests.storage.build_cassettes` after changing this file; commit the output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.cassettes import write_cassettes

HERE = Path(__file__).parent / "cassettes"
GRAPH = "https://graph.microsoft.com/v1.0/"

# Ids from the documented responses.
DRIVE_ID = "b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7"
DRIVE = "drives/b%21t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7"
ROOT_ID = "01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK"  # driveitem-get.md
ITEM_ID = "0123456789abc"  # driveitem-move.md / driveitem-put-content.md
MONITOR = "https://contoso.sharepoint.com/_api/v2.0/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717"
DOWNLOAD = "https://b0mpua-by3301.files.1drv.com/y23vmagahszhxzlcvhasdhasghasodfi"
COPY_ID = "01MOWKYVJML57KN2ANMBA3JZJS2MBGC7KM"  # concepts/long-running-actions-overview.md

DRIVE_GET = """{
    "id": "b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7",
    "driveType": "business",
    "owner": {
        "user": {
            "id": "efee1b77-fb3b-4f65-99d6-274c11914d12",
            "displayName": "Ryan Gregg"
        }
    },
    "quota": {
        "deleted": 256938,
        "remaining": 1099447353539,
        "state": "normal",
        "total": 1099511627776
    }
}"""

DRIVE_LIST = """{
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives",
    "value": [
        {
            "createdDateTime": "2017-07-27T02:41:36Z",
            "description": "",
            "id": "b!-RIj2DuyvEyV1T4NlOaMHk8XkS_I8MdFlUCq1BlcjgmhRfAj3-Z8RY2VpuvV_tpd",
            "lastModifiedDateTime": "2018-03-27T07:34:38Z",
            "name": "OneDrive",
            "webUrl": "https://m365x214355-my.sharepoint.com/personal/meganb_m365x214355_onmicrosoft_com/Documents",
            "driveType": "business",
            "createdBy": {
                "user": {
                    "displayName": "System Account"
                }
            },
            "lastModifiedBy": {
                "user": {
                    "email": "MeganB@M365x214355.onmicrosoft.com",
                    "id": "48d31887-5fad-4d73-a9f5-3c356e68a038",
                    "displayName": "Megan Bowen"
                }
            },
            "owner": {
                "user": {
                    "email": "MeganB@M365x214355.onmicrosoft.com",
                    "id": "48d31887-5fad-4d73-a9f5-3c356e68a038",
                    "displayName": "Megan Bowen"
                }
            },
            "quota": {
                "deleted": 0,
                "remaining": 1099217021300,
                "state": "normal",
                "total": 1099511627776,
                "used": 294606476
            }
        }
    ]
}"""

ITEM_GET = """{
  "createdBy": {
      "user": {
          "id": "efee1b77-fb3b-4f65-99d6-274c11914d12",
          "displayName": "Ryan Gregg"
      }
  },
  "createdDateTime": "2016-03-21T20:01:37Z",
  "cTag": "\\"c:{86EB4C8E-D20D-46B9-AD41-23B8868DDA8A},0\\"",
  "eTag": "\\"{86EB4C8E-D20D-46B9-AD41-23B8868DDA8A},1\\"",
  "folder": { "childCount": 120 },
  "id": "01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK",
  "lastModifiedBy": {
      "user": {
          "id": "efee1b77-fb3b-4f65-99d6-274c11914d12",
          "displayName": "Ryan Gregg"
      }
  },
  "lastModifiedDateTime": "2016-03-21T20:01:37Z",
  "name": "OneDrive",
  "root": { },
  "size": 157286400,
  "webUrl": "https://contoso-my.sharepoint.com/personal/rgregg_contoso_com/Documents"
}"""

CHILDREN = """{
  "value": [
    {"name": "myfile.jpg", "size": 2048, "file": {} },
    {"name": "Documents", "folder": { "childCount": 4} },
    {"name": "Photos", "folder": { "childCount": 203} },
    {"name": "my sheet(1).xlsx", "size": 197 }
  ],
  "@odata.nextLink": "https://..."
}"""

SPECIAL = """{
  "id": "0123456789abc",
  "name": "Documents",
  "eTag": "012345819293.1",
  "specialFolder": {
    "name": "documents"
  }
}"""

SEARCH_DRIVE = """{
    "value": [
      {
        "id": "0123456789abc!123",
        "name": "Contoso Project",
        "folder": {},
        "searchResult": { "onClickTelemetryUrl": "https://bing.com/0123456789abc!123" },
        "remoteItem": { "id": "!23141901", "parentReference": { "driveId": "s!1020101jlkjl12lx" } }
      },
      {
        "id": "0123456789abc!456",
        "name": "Contoso Project 2016",
        "folder": {},
        "searchResult": { "onClickTelemetryUrl": "https://bing.com/0123456789abc!456" }
      }
    ],
    "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/drive/root/search(query='contoso project')&skipToken=1asdlnjnkj1nalkm!asd"
}"""

UPDATE_REQUEST = '{\n  "name": "new-file-name.docx"\n}'
UPDATE = """{
  "id": "01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK",
  "name": "new-file-name.docx",
  "file": { }
}"""

MOVE_REQUEST = """{
  "parentReference": {
    "id": "{new-parent-folder-id}"
  },
  "name": "new-item-name.txt"
}"""
MOVE = """{
  "id": "0123456789abc",
  "name": "new-item-name.txt",
  "parentReference":
  {
    "driveId": "11231001",
    "path": "/drive/root:/Documents",
    "id": "1231203102!1011"
  }
}"""

COPY_REQUEST = """{
  "parentReference": {
    "driveId": "6F7D00BF-FC4D-4E62-9769-6AEA81F3A21B",
    "id": "DCD0D3AD-8989-4F23-A5A2-2C086050513F"
  },
  "name": "contoso plan (copy).txt"
}"""
MONITOR_IN_PROGRESS = """{
  "operation": "ItemCopy",
  "percentageComplete": 27.8,
  "status": "inProgress"
}"""
MONITOR_DONE = """{
    "percentageComplete": 100.0,
    "resourceId": "01MOWKYVJML57KN2ANMBA3JZJS2MBGC7KM",
    "status": "completed"
}"""
COPIED = """{
    "id": "",
    "name": "Copy of LargeFolder1",
    "folder": { },
    "size": 12019
}"""

CREATE_LINK_REQUEST = '{\n  "type": "edit",\n  "scope": "organization"\n}'
# driveitem-createlink.md, "Creating company sharable links"; trailing comma after "link" removed.
CREATE_LINK = """{
  "id": "123ABC",
  "roles": ["write"],
  "link": {
    "type": "edit",
    "scope": "organization",
    "webUrl": "https://contoso-my.sharepoint.com/personal/ellen_contoso_com/...",
    "application": {
      "id": "1234",
      "displayName": "Sample Application"
    }
  }
}"""

# The documented request as python-o365's share_with_invite(recipients, require_sign_in,
# send_email, message, share_type) sends it: no password or expiration.
SHARE_WITH_INVITE_REQUEST = """{
  "recipients": [{"email": "ryan@contoso.com"}],
  "requireSignIn": true,
  "sendInvitation": true,
  "message": "Here's the file that we're collaborating on.",
  "roles": ["write"]
}"""
INVITE_REQUEST = """{
  "recipients": [
    {
      "email": "ryan@contoso.com"
    }
  ],
  "message": "Here's the file that we're collaborating on.",
  "requireSignIn": true,
  "sendInvitation": true,
  "roles": [ "write" ],
  "password": "password123",
  "expirationDateTime": "2018-07-15T14:00:00.000Z"
}"""
INVITE = """{
  "value": [
    {
      "@deprecated.GrantedTo": "GrantedTo has been deprecated. Refer to GrantedToV2",
      "grantedTo": {
        "user": {
          "displayName": "Robin Danielsen",
          "id": "42F177F1-22C0-4BE3-900D-4507125C5C20"
        }
      },
      "grantedToV2": {
        "user": {
          "id": "42F177F1-22C0-4BE3-900D-4507125C5C20",
          "displayName": "Robin Danielsen"
        },
        "siteUser": {
          "id": "1",
          "displayName": "Robin Danielsen",
          "loginName": "Robin Danielsen"
        }
      },
      "hasPassword": true,
      "id": "CCFC7CA3-7A19-4D57-8CEF-149DB9DDFA62",
      "invitation": {
        "email": "robin@contoso.com",
        "signInRequired": true
      },
      "roles": [ "write" ],
      "expirationDateTime": "2018-07-15T14:00:00.000Z"
    }
  ]
}"""

PERMISSIONS = """{
  "value": [
    {
      "id": "1",
      "roles": ["write"],
      "link": {
        "webUrl": "https://onedrive.live.com/redir?resid=5D33DD65C6932946!70859&authkey=!AL7N1QAfSWcjNU8&ithint=folder%2cgif",
        "type": "edit"
      }
    },
    {
      "id": "2",
      "roles": ["write"],
      "grantedTo": {
        "user": {
          "id": "5D33DD65C6932946",
          "displayName": "John Doe"
        }
      },
      "inheritedFrom": {
        "driveId": "1234567890ABD",
        "id": "1234567890ABC!123",
        "path": "/drive/root:/Documents" }
    },
    {
      "id": "3",
      "roles": ["write"],
      "link": {
        "webUrl": "https://onedrive.live.com/redir?resid=5D33DD65C6932946!70859&authkey=!AL7N1QAfSWcjNU8&ithint=folder%2cgif",
        "type": "edit",
        "application": {
          "id": "12345",
          "displayName": "Contoso Time Manager"
        }
      }
    }
  ]
}"""

PERMISSION_UPDATE_REQUEST = '{\n  "roles": [ "read" ]\n}'
PERMISSION_UPDATE = """{
  "grantedTo": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "efee1b77-fb3b-4f65-99d6-274c11914d12"
    }
  },
  "id": "1",
  "roles": [ "read" ]
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
      "lastModifiedDateTime": "2017-09-14T12:34:53.912Z",
      "size": 123
    },
    {
      "id": "2.0",
      "lastModifiedBy": {
        "user": {
          "id": "CE251278-EF9E-4FE5-833C-1D89EEAE68E0",
          "displayName": "Ryan Gregg"
        }
      },
      "lastModifiedDateTime": "2017-09-11T10:21:03.000Z",
      "size": 62
    },
    {
      "id": "1.0",
      "lastModifiedBy": {
        "user": {
          "id": "CE251278-EF9E-4FE5-833C-1D89EEAE68E0",
          "displayName": "Ryan Gregg"
        }
      },
      "lastModifiedDateTime": "2017-09-10T15:20:01.125Z",
      "size": 16
    }
  ]
}"""

THUMBNAILS = """{
  "value": [
    {
      "id": "0",
      "small": { "height": 64, "width": 96, "url": "https://sn3302files..."},
      "medium": { "height": 117, "width": 176, "url": "https://sn3302files..."},
      "large": { "height": 533, "width": 800, "url": "https://sn3302files..."}
    }
  ]
}"""

CREATE_FOLDER_REQUEST = """{
  "name": "New Folder",
  "folder": { },
  "@microsoft.graph.conflictBehavior": "rename"
}"""
CREATE_FOLDER = """{
  "createdBy": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "309EC495-3E92-431D-9124-F0299633171D"
    }
  },
  "createdDateTime": "2016-09-20T14:34:00Z",
  "eTag": "343F1FBD-E9B3-4DDE-BCA7-D61AEAFF44E5,1",
  "id": "ACEA49D1-1444-45A9-A1CB-68B1B28AE491",
  "lastModifiedBy": {
    "user": {
      "displayName": "Ryan Gregg",
      "id": "309EC495-3E92-431D-9124-F0299633171D"
    }
  },
  "lastModifiedDateTime": "2016-09-20T14:34:00Z",
  "name": "New Folder",
  "parentReference": {
    "driveId": "5FE38E3C-051C-4D55-9B83-8A437658275B",
    "id": "E67A8F34-B0AA-46E1-8FF7-0750A29553DF",
    "path": "/drive/root:/"
  },
  "size": 0,
  "folder": {
    "childCount": 0
  }
}"""

PUT_CONTENT_BODY = "The contents of the file goes here."
PUT_CONTENT = """{
  "id": "0123456789abc",
  "name": "FileB.txt",
  "size": 35,
  "file": { }
}"""

DELTA_FIRST = """{
    "value": [
        {
            "id": "0123456789abc",
            "name": "folder2",
            "folder": { }
        },
        {
            "id": "123010204abac",
            "name": "file.txt",
            "file": { }
        },
        {
            "id": "2353010204ddgg",
            "name": "file5.txt",
            "deleted": { }
        }
    ],
    "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/drive/delta(token=1230919asd190410jlka)"
}"""
DELTA_LAST = """{
    "value": [
        {
            "id": "0123456789abc",
            "name": "folder2",
            "folder": { },
            "deleted": { }
        },
        {
            "id": "123010204abac",
            "name": "file.txt",
            "file": { }
        }
    ],
    "@odata.deltaLink": "https://graph.microsoft.com/v1.0/me/drive/root/delta?(token='MzslMjM0OyUyMzE7MzsyM2YwNDVhMS1lNmRmLTQ1N2MtOGQ5NS1hNmViZDVmZWRhNWQ7NjM3OTQzNzQwODQ3NTcwMDAwOzU4NTk2OTY0NDslMjM7JTIzOyUyMzA')"
}"""


def interaction(method: str, uri: str, status: int, body: str = "", *, source: str,
                request_body: str | None = None, headers: dict[str, str] | None = None,
                ) -> dict[str, Any]:
    if body.strip().startswith("{"):
        json.loads(body)  # a documented body we copied must stay valid JSON
        headers = {"Content-Type": "application/json", **(headers or {})}
    reason = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 302: "Found"}
    return {
        "request": {
            "method": method,
            "uri": uri if uri.startswith("https://") else GRAPH + uri,
            "body": request_body,
            "headers": {"X-Documented-Source": [source]},
        },
        "response": {
            "status": {"code": status, "message": reason[status]},
            "headers": {k: [v] for k, v in (headers or {}).items()},
            "body": {"string": body},
        },
    }


def cassettes() -> dict[str, list[dict[str, Any]]]:
    item = f"{DRIVE}/items/{ITEM_ID}"
    root = f"{DRIVE}/items/{ROOT_ID}"
    return {
        "drive.yaml": [
            interaction("GET", "me/drive", 200, DRIVE_GET, source="drive-get.md"),
            interaction("GET", DRIVE, 200, DRIVE_GET, source="drive-get.md (get a drive by ID)"),
            interaction("GET", "groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/drive", 200,
                        DRIVE_GET, source="drive-get.md (document library of a group)"),
            interaction("GET", f"{DRIVE}/root", 200, ITEM_GET, source="driveitem-get.md"),
            interaction("GET", f"{DRIVE}/root/children?%24top=4", 200, CHILDREN,
                        source="driveitem-list-children.md"),
            interaction("GET", f"{DRIVE}/special/documents", 200, SPECIAL,
                        source="drive-get-specialfolder.md (Example 1)"),
            interaction("GET", f"{DRIVE}/search(q='Contoso%20Project')?%24top=2", 200, SEARCH_DRIVE,
                        source="driveitem-search.md (searching for items a user can access)"),
            interaction("GET", f"{DRIVE}/root:/Documents/report.xlsx:", 200, ITEM_GET,
                        source="driveitem-get.md (one response documented for every form)"),
            interaction("GET", f"{DRIVE}/items/{ROOT_ID}", 200, ITEM_GET, source="driveitem-get.md"),
            interaction("PATCH", f"{DRIVE}/items/{ROOT_ID}", 200, UPDATE,
                        source="driveitem-update.md", request_body=UPDATE_REQUEST),
        ],
        "default_drive.yaml": [
            interaction("GET", "me/drive/root", 200, ITEM_GET,
                        source="driveitem-get.md (GET /me/drive/root: the documented drive root)"),
            interaction("GET", f"me/drive/items/{ROOT_ID}", 200, ITEM_GET,
                        source="driveitem-get.md (GET /me/drive/items/{item-id})"),
            interaction("GET", "me/drive/root:/Documents/report.xlsx:", 200, ITEM_GET,
                        source="driveitem-get.md (GET /me/drive/root:/{item-path})"),
            interaction("GET", "me/drive/special/documents", 200, SPECIAL,
                        source="drive-get-specialfolder.md (GET /me/drive/special/{name})"),
        ],
        "replace_content.yaml": [
            interaction("PUT", f"{item}/content", 201, PUT_CONTENT, request_body=PUT_CONTENT_BODY,
                        source="driveitem-put-content.md (Example: updating an existing file)"),
        ],
        "drives_list.yaml": [
            interaction("GET", "me/drives", 200, DRIVE_LIST, source="drive-list.md"),
        ],
        "item_actions.yaml": [
            interaction("PATCH", item, 200, MOVE, source="driveitem-move.md",
                        request_body=MOVE_REQUEST),
            interaction("POST", f"{item}/copy", 202, source="driveitem-copy.md",
                        request_body=COPY_REQUEST, headers={"Location": MONITOR}),
            interaction("GET", MONITOR, 202, MONITOR_IN_PROGRESS,
                        source="concepts/long-running-actions-overview.md (in progress)"),
            interaction("GET", MONITOR, 202, MONITOR_DONE,
                        source="concepts/long-running-actions-overview.md (completed)"),
            interaction("GET", f"{DRIVE}/items/{COPY_ID}", 200, COPIED,
                        source="concepts/long-running-actions-overview.md (the result)"),
            interaction("POST", f"{item}/createLink", 201, CREATE_LINK,
                        source="driveitem-createlink.md (company sharable link)",
                        request_body=CREATE_LINK_REQUEST),
            interaction("GET", f"{item}/permissions", 200, PERMISSIONS,
                        source="driveitem-list-permissions.md"),
            interaction("PATCH", f"{item}/permissions/1", 200, PERMISSION_UPDATE,
                        source="permission-update.md", request_body=PERMISSION_UPDATE_REQUEST),
            interaction("DELETE", f"{item}/permissions/1", 204, source="permission-delete.md"),
            interaction("GET", f"{item}/versions", 200, VERSIONS,
                        source="driveitem-list-versions.md"),
            interaction("POST", f"{item}/versions/1.0/restoreVersion", 204,
                        source="driveitemversion-restore.md"),
            interaction("GET", f"{item}/thumbnails", 200, THUMBNAILS,
                        source="driveitem-list-thumbnails.md"),
            interaction("DELETE", item, 204, source="driveitem-delete.md"),
        ],
        "invite.yaml": [
            interaction("POST", f"{item}/invite", 200, INVITE, source="driveitem-invite.md",
                        request_body=INVITE_REQUEST),
        ],
        "share_with_invite.yaml": [
            interaction("POST", f"{item}/invite", 200, INVITE,
                        source="driveitem-invite.md (request: python-o365's share_with_invite "
                               "shape of the documented one, without password and expiration)",
                        request_body=SHARE_WITH_INVITE_REQUEST),
        ],
        "folder_path.yaml": [
            interaction("GET", f"{root}:/Documents/report.xlsx:", 200, ITEM_GET,
                        source="resources/driveitem.md (path relative to another item: "
                               "items/{item-id}:/path/to/file), response from driveitem-get.md"),
        ],
        "create_folder.yaml": [
            interaction("POST", f"{root}/children", 201, CREATE_FOLDER,
                        source="driveitem-post-children.md", request_body=CREATE_FOLDER_REQUEST),
        ],
        "transfers.yaml": [
            interaction("PUT", f"{root}:/FileB.txt:/content?%40microsoft.graph.conflictBehavior=fail",
                        201, PUT_CONTENT, request_body=PUT_CONTENT_BODY,
                        source="driveitem-put-content.md (+ our conflictBehavior=fail query)"),
            interaction("GET", f"{item}/content", 302, source="driveitem-get-content.md",
                        headers={"Location": DOWNLOAD}),
            interaction("GET", DOWNLOAD, 200, PUT_CONTENT_BODY,
                        source="the content uploaded in driveitem-put-content.md",
                        headers={"Content-Type": "application/octet-stream"}),
        ],
        "delta.yaml": [
            interaction("GET", f"{DRIVE}/root/delta", 200, DELTA_FIRST,
                        source="driveitem-delta.md (Example 1: initial request)"),
            interaction("GET", "me/drive/delta(token=1230919asd190410jlka)", 200, DELTA_LAST,
                        source="driveitem-delta.md (Example 2: last page in a set)"),
        ],
    }


def main() -> None:
    write_cassettes(HERE, cassettes(), "tests/storage/build_cassettes.py")


if __name__ == "__main__":
    main()
