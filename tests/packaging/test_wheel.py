"""The built distribution, installed alone: `python -m build`, then a clean virtual environment
with only the wheel and its `emulator` extra runs a user's test file that uses the pytest
plugin's fixtures (the Python of docs/testing.md) to send mail, read it back and upload a file.

A build and a pip install: under a minute (45 s on a loaded machine), part of `make test`;
`make test-wheel` runs it alone (marker `wheel`). Dependencies come from the package index
through pip's cache.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTING_GUIDE = ROOT / "docs" / "testing.md"
OLD_TOP_LEVEL = ("runtime", "generator", "emulator")

pytestmark = pytest.mark.wheel


def run(*args: str | Path, cwd: Path, timeout: float = 600) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def source_tree(target: Path) -> Path:
    """The files a clone has (tracked and new, not ignored), links kept as links."""
    listed = run("git", "ls-files", "-co", "--exclude-standard", cwd=ROOT).splitlines()
    for name in listed:
        source, copy = ROOT / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(source.readlink())
        else:
            shutil.copy2(source, copy)
    return target


def user_tests() -> str:
    """The guide's samples up to "Without pytest": a test module as a user writes it."""
    guide = TESTING_GUIDE.read_text(encoding="utf-8").split("\n## Without pytest")[0]
    blocks = re.findall(r"^```python\n(.*?)^```", guide, re.S | re.M)
    assert len(blocks) >= 4
    return "\n\n".join(blocks)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment holding the built wheel with its emulator extra (and pytest)."""
    work = tmp_path_factory.mktemp("wheel")
    src = source_tree(work / "src")
    run(sys.executable, "-m", "build", "--outdir", work / "dist", src, cwd=work)
    (wheel,) = (work / "dist").glob("generated_o365-*.whl")
    assert list((work / "dist").glob("generated_o365-*.tar.gz")), "no sdist"
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    python = work / "venv" / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        f"{wheel}[emulator]", "pytest", cwd=work)
    return python


def test_site_packages_holds_only_the_librarys_namespace(installed: Path) -> None:
    site = Path(run(installed, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                    cwd=installed.parent).strip())
    ours = {p.name for p in site.iterdir() if p.name.startswith("generated")}
    assert ours >= {"generated"}, sorted(ours)
    assert not [name for name in OLD_TOP_LEVEL if (site / name).exists()]
    record = next(site.glob("generated_o365-*.dist-info")) / "RECORD"
    tops = {line.split("/")[0] for line in record.read_text().splitlines()}
    assert {t for t in tops if not t.startswith("generated_o365-")} == {"generated"}, tops
    assert (site / "generated" / "o365" / "_runtime" / "errors.py").is_file()  # a copy, not a link
    assert not (site / "generated" / "o365" / "_runtime").is_symlink()


def test_a_users_test_file_runs_against_the_plugins_emulator(installed: Path, tmp_path: Path) -> None:
    """Away from the repository: only the installed package can be imported."""
    (tmp_path / "test_with_emulator.py").write_text(user_tests(), encoding="utf-8")
    out = run(installed, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_with_emulator.py",
              cwd=tmp_path)
    assert re.search(r"\b5 passed\b", out), out
    help_text = run(installed, "-m", "generated.o365.emulator", "--help", cwd=tmp_path)
    assert "python -m generated.o365.emulator" in help_text
