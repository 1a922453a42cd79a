"""The README's worked example ("Adding a Graph resource"), replayed in a copy of the tree
without To Do: its scaffold commands, its YAML files, generate, then its Python against the
emulator, each in a fresh interpreter on the copy. The README is the script: change it and
this test follows; make it wrong and this test fails.

The To Do area has grown past the example (steps, attachments, recurrence...), so the
README's files are an excerpt of specs/tasks: each file it shows exists, and every key and
value it states holds in the repository's spec (docs and links aside).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from generated.o365._generator.metadata import MetadataMissing, find_metadata

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
    shutil.copy(ROOT / "pyproject.toml", target)  # the version the generator stamps
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


def test_the_walkthrough_names_files_of_specs_tasks() -> None:
    real = {str(p.relative_to(ROOT)) for p in [*(ROOT / "specs" / "tasks").glob("*.yaml"),
                                               ROOT / "specs" / "types" / "tasks.yaml"]}
    shown = set(readme_files())
    assert shown <= real, f"the README shows files specs/ lacks: {sorted(shown - real)}"
    assert {"specs/tasks/task.yaml", "specs/tasks/task_list.yaml", "specs/tasks/todo.yaml",
            "specs/types/tasks.yaml"} <= shown


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


def test_every_line_of_the_readme_files_holds_in_the_repository() -> None:
    """Up to docs and links, whatever the README's files say, specs/tasks/ says too."""
    for name, text in readme_files().items():
        shown = yaml.safe_load(text)
        real = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        assert not differences(shown, real), f"{name}: {differences(shown, real)}"


def test_the_excerpt_check_finds_a_change() -> None:
    """A value the README states differently, or a key the repository lacks, is found."""
    real = {"fields": {"title": {"type": "string", "python": "subject", "doc": "x"}},
            "seed": [{"data": {"displayName": "Tasks"}}, {"data": {"displayName": "Home"}}]}
    assert not differences({"fields": {"title": {"type": "string", "python": "subject"}},
                            "seed": [{"data": {"displayName": "Tasks"}}]}, real)
    assert differences({"fields": {"title": {"type": "string", "python": "name"}}}, real) == [
        "fields/title/python: 'name' != 'subject'"]
    assert differences({"fields": {"body": "ItemBody"}}, real) == ["fields/body: not in the repository"]
    assert differences({"seed": [{"data": {"displayName": "Work"}}]}, real) == [
        "seed/0: no such item in the repository"]


def differences(shown: Any, real: Any, at: str = "") -> list[str]:
    """Where `shown` (the README's YAML) says something `real` (the repository's) does not:
    mappings key by key (doc and link aside), list items each found in the real list, other
    values equal. A short field spelling (`status: TaskStatus`) stands for `{type: ...}`."""
    if isinstance(shown, dict) and isinstance(real, str):
        real = {"type": real}
    if isinstance(shown, str) and isinstance(real, dict) and "type" in real:
        shown = {"type": shown}
    if isinstance(shown, dict) and isinstance(real, dict):
        out: list[str] = []
        for key, value in shown.items():
            if key in ("doc", "link"):
                continue
            where = f"{at}/{key}" if at else str(key)
            if key not in real:
                out.append(f"{where}: not in the repository")
            else:
                out += differences(value, real[key], where)
        return out
    if isinstance(shown, list) and isinstance(real, list) and any(isinstance(v, dict) for v in shown):
        return [f"{at}/{i}: no such item in the repository" for i, value in enumerate(shown)
                if not any(not differences(value, other) for other in real)]
    return [] if shown == real else [f"{at}: {shown!r} != {real!r}"]


def type_of(spec: Any) -> str:
    return str(spec["type"] if isinstance(spec, dict) else spec)


USE = '''\
import sys
from pathlib import Path

from generated.o365 import emulator
import generated.o365
from generated.o365.emulator import EmulatorServer
from generated.o365 import Account
from generated.o365._runtime.protocol import MSGraphProtocol
from generated.o365._runtime.token_backends import MemoryTokenBackend

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
