"""OData composition below a workbook: paths no spec lists one by one (a composable function
of a range, the range of a name and what hangs below it, a function with its default
parameters) reach the workbook's own server logic; elsewhere an unlisted path is still not
served."""

from __future__ import annotations

from generated.o365.emulator import EmulatorServer
from tests.emulator.docs_world import World


def test_paths_below_a_workbook_compose(server: EmulatorServer) -> None:
    world = World(server)
    book = f"me/drive/items/{world.id('workbook')}/workbook"
    name = world.id("named_range")  # Prices: Sheet1!$D$2:$D$5
    font = world.me.get(f"{book}/names/{name}/range/format/font")
    assert font["name"] == "Calibri" and font["bold"] is False
    cell = world.me.get(f"{book}/names/{name}/range/cell(row=1,column=0)")
    assert cell["address"] == "Sheet1!D3" and cell["values"] == [[4.0]]
    below = world.me.get(f"{book}/worksheets/Sheet1/range(address='A1:B2')/rowsBelow")
    assert below["address"] == "Sheet1!A3:B3"  # count defaults to 1
    used = world.me.get(f"{book}/worksheets/Sheet1/range/usedRange")
    assert used["address"] == "Sheet1!A1:D5"
    world.me.ok("POST", f"{book}/names/{name}/range/format/autofitColumns", 204)
    unknown = world.me.call("GET", f"{book}/names/{name}/range/frob")
    assert unknown.status_code == 400 and "frob" in unknown.json()["error"]["message"]
    elsewhere = world.me.call("GET", "me/mailFolders/inbox/frob/x")  # no workbook above it
    assert elsewhere.status_code == 405, elsewhere.text
