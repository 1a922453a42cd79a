"""The hand-written packages are imported only by their names under `generated.o365`.

runtime/, emulator/ and generator/ keep their folders but are imported (and installed) as
generated.o365._runtime, generated.o365.emulator and generated.o365._generator, through links
in generated/o365/ that the generator keeps. A module imported under both names would exist
twice in one process (two GraphError classes: `except` and isinstance would miss), so no file may
use the old top-level names.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import generated.o365._runtime.errors as errors
from generated.o365._generator.render import package_links

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "python scripts/relocate_imports.py"


def test_no_file_imports_the_old_top_level_names() -> None:
    found = subprocess.run([sys.executable, "scripts/relocate_imports.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    assert found.returncode == 0, (
        f"these files still use `runtime`, `emulator` or `generator` as top-level packages; "
        f"run `{COMMAND}` (then `make generate golden`):\n{found.stdout}{found.stderr}")


def test_the_links_the_generator_keeps_lead_to_the_repository_folders() -> None:
    links = package_links(ROOT / "specs")
    assert set(links) == {"o365/_runtime", "o365/emulator", "o365/_generator", "o365/specs"}
    for rel, folder in links.items():
        link = ROOT / "generated" / rel
        assert link.is_symlink() and link.resolve() == folder.resolve(), rel
    assert Path(errors.__file__).resolve() == ROOT / "runtime" / "errors.py"


def test_the_relocation_rewrites_every_kind_of_reference(tmp_path: Path) -> None:
    """The script itself: imports become the new names, or relative inside a package."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import relocate_imports as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    outside = ROOT / "tests" / "x.py"
    text = ("from runtime.errors import GraphError\nimport runtime.tables\n"
            "    from emulator import EmulatorServer\nimport emulator\n"
            "from generator.loader import load_specs\nx = runtime.tables._modules\n"
            "patch('runtime.connection.requests')  # see runtime.paging\n")
    assert script.rewrite(outside, text) == (
        "from generated.o365._runtime.errors import GraphError\nimport generated.o365._runtime.tables\n"
        "    from generated.o365.emulator import EmulatorServer\nfrom generated.o365 import emulator\n"
        "from generated.o365._generator.loader import load_specs\n"
        "x = generated.o365._runtime.tables._modules\n"
        "patch('generated.o365._runtime.connection.requests')  # see generated.o365._runtime.paging\n")
    inside = ROOT / "runtime" / "token_backends" / "aws.py"
    assert script.rewrite(inside, "from runtime.token_backends.base import A\nfrom runtime import tables\n"
                                  "from runtime.errors import B\nimport runtime.redact\n") == (
        "from .base import A\nfrom .. import tables\nfrom ..errors import B\nfrom .. import redact\n")
    assert script.rewrite(outside, script.rewrite(outside, text)) == script.rewrite(outside, text)
