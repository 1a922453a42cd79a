"""The README's worked example ("Adding a Graph resource"), replayed in a copy of the tree
without To Do: its scaffold commands, its YAML files, generate, then its Python against the
emulator, each in a fresh interpreter on the copy. The README is the script: change it and
this test follows; make it wrong and this test fails.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.loader import load_specs
from generator.metadata import MetadataMissing, find_metadata

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Adding a Graph resource: a worked example (To Do tasks)"
TODO_FILES = ("specs/tasks", "specs/types/tasks.yaml")


def walkthrough() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start:end if end != -1 else len(text)]


def blocks(kind: str) -> list[str]:
    """The section's fenced blocks of one language, dedented."""
    found = re.findall(rf"^( *)```{kind}\n(.*?)^\1```", walkthrough(), re.S | re.M)
    return [textwrap.dedent(body) for _, body in found]


def readme_files() -> dict[str, str]:
    """The YAML blocks, by the file their first line names (`# specs/tasks/task.yaml`)."""
    out = {}
    for body in blocks("yaml"):
        first, _, rest = body.partition("\n")
        assert first.startswith("# specs/"), f"a YAML block must say which file it is: {first!r}"
        out[first.removeprefix("# ")] = rest
    return out


def run(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python <args>` in the copy (its own packages come first on the path)."""
    done = subprocess.run([sys.executable, *args], cwd=tree, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project as it was before To Do: no specs/tasks, no generated/o365/tasks."""
    target = tmp_path_factory.mktemp("walkthrough")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "runtime", "emulator", "specs", "generated"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.rmtree(target / "specs" / "tasks")
    (target / "specs" / "types" / "tasks.yaml").unlink()
    shutil.rmtree(target / "generated" / "o365" / "tasks")
    try:  # where the copy's generator looks for Microsoft's metadata (scaffold, validate)
        (target / ".cache").mkdir()
        (target / ".cache" / "cleanMetadata.xml").symlink_to(find_metadata())
    except MetadataMissing as exc:
        pytest.skip(str(exc))
    run(target, "-m", "generator", "generate")  # the library without To Do
    assert "def tasks(" not in (target / "generated" / "o365" / "account.py").read_text()
    return target


def test_the_walkthrough_names_the_files_of_specs_tasks() -> None:
    assert sorted(readme_files()) == sorted(
        str(p.relative_to(ROOT)) for p in [*(ROOT / "specs" / "tasks").glob("*.yaml"),
                                           ROOT / "specs" / "types" / "tasks.yaml"])


def test_scaffold_curate_generate_and_use_against_the_emulator(tree: Path) -> None:
    # 1. Scaffold, exactly as the README says.
    (sh,) = blocks("sh")
    commands = [shlex.split(line) for line in sh.splitlines() if line.strip()]
    assert len(commands) == 4
    outputs = [run(tree, *command[1:]).stdout for command in commands]
    scaffolded = yaml.safe_load((tree / "specs" / "tasks" / "task.yaml").read_text())
    assert "values: [none, defaultList, flaggedEmails" in outputs[-1]  # printed, not written

    # 2. Curate: the README's files replace the starters; what they keep agrees with them.
    for name, text in readme_files().items():
        (tree / name).write_text(text, encoding="utf-8")
    curated = yaml.safe_load(readme_files()["specs/tasks/task.yaml"])
    assert (curated["path"], curated["context"]) == (scaffolded["path"], scaffolded["context"])
    for graph_name, spec in curated["fields"].items():
        kept = scaffolded["fields"][graph_name]
        assert type_of(spec) == type_of(kept), graph_name

    # 3. Generate and check; the mistake the README shows is reported as it shows it.
    (shown,) = re.findall(r"`(specs/tasks/task\.yaml:\d+:\d+: [^`]*)`", walkthrough())
    enums = tree / "specs" / "types" / "tasks.yaml"
    enums.rename(enums.with_suffix(".off"))
    missing = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=tree,
                             capture_output=True, text=True, timeout=300, check=False)
    enums.with_suffix(".off").rename(enums)
    assert missing.returncode == 1 and f"  {shown}\n" in missing.stderr, missing.stderr
    run(tree, "-m", "generator", "validate")
    run(tree, "-m", "generator", "generate")
    assert {p.name for p in (tree / "generated" / "o365" / "tasks").glob("*.py")} == {
        "__init__.py", "task.py", "task_list.py", "todo.py"}

    # 4. Use it: the README's Python, against an emulator serving the copy's specs.
    (usage,) = blocks("python")
    script = USE.format(usage=textwrap.indent(usage, "    "), tree=str(tree))
    (tree / "use_it.py").write_text(script, encoding="utf-8")
    assert run(tree, "use_it.py").stdout.splitlines()[-1] == "walked through"


def test_the_readme_files_are_the_specs_of_the_repository(tree: Path) -> None:
    """Up to docs and links, the README's files declare what specs/tasks/ does."""
    for name, text in readme_files().items():
        (tree / name).write_text(text, encoding="utf-8")
    ours = load_specs(tree / "specs")
    real = load_specs(ROOT / "specs")
    for resource in ("Task", "TaskList"):
        assert shape(ours.resource(resource)) == shape(real.resource(resource)), resource
    service = {s.name: s for s in ours.services}["ToDo"]
    assert shape(service) == shape({s.name: s for s in real.services}["ToDo"])
    assert [shape(e) for e in ours.enums if e.source.startswith("specs/types/tasks")] == [
        shape(e) for e in real.enums if e.source.startswith("specs/types/tasks")]


def type_of(spec: Any) -> str:
    return str(spec["type"] if isinstance(spec, dict) else spec)


def shape(item: ir.Resource | ir.Service | ir.EnumType) -> Any:
    """An IR object without what only documents it (doc, link) or says where it was written."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("doc", "link", "origin")}
        if isinstance(value, (list, tuple)):
            return [strip(v) for v in value]
        return value

    return strip(asdict(item))


USE = '''\
import sys
from pathlib import Path

import emulator
import generated.o365
from emulator import EmulatorServer
from generated.o365 import Account
from runtime.protocol import MSGraphProtocol
from runtime.token_backends import MemoryTokenBackend

tree = Path({tree!r})
for module in (emulator, generated.o365):  # the copy's packages, not the project's
    assert Path(module.__file__).resolve().is_relative_to(tree.resolve()), module.__file__

with EmulatorServer(seed=2) as server:
    account = Account((server.client_id, server.client_secret), auth_flow_type="credentials",
                      tenant_id=server.tenant_id,
                      protocol=MSGraphProtocol(protocol_url=server.url, timezone="UTC"),
                      authority_host=server.url.rstrip("/"),
                      username="adele@contoso.onmicrosoft.com",
                      token_backend=MemoryTokenBackend())
    assert account.authenticate()
{usage}
print("walked through")
'''
