"""Rewrite imports of the old top-level packages to their place under `generated.o365`.

    python scripts/relocate_imports.py            # rewrite the working tree, list what changed
    python scripts/relocate_imports.py --check    # list what would change, exit 1 if anything

The hand-written packages keep their folders in the repository but are imported (and installed)
under the library's namespace, so the wheel owns nothing at the top level of site-packages:

    runtime/    -> generated.o365._runtime    (the link generated/o365/_runtime)
    emulator/   -> generated.o365.emulator    (the link generated/o365/emulator)
    generator/  -> generated.o365._generator  (the link generated/o365/_generator)

Idempotent: run it after every merge of a branch that still says `from runtime...`. Inside one
of these packages its own modules are imported relatively; everywhere else by the new name. In
`.py`, `.j2`, `.md` and YAML files it rewrites import lines (`from runtime.x import y`,
`import runtime.x`), quoted module names (`"runtime.x"`, for importlib, mock.patch, tables), and
dotted mentions of a runtime module (`runtime.paging` in prose, `runtime.tables._modules` in
code). Generated trees are skipped (`make generate golden` rewrites them), so are the specs
(and the spec fixtures of tests/generator)
(their `runtime.<module>:<Name>` targets are spec language the generator translates). Then it
lets ruff re-sort the import blocks of the Python files it changed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "generated.o365"
NEW_NAMES = {"runtime": f"{PACKAGE}._runtime", "emulator": f"{PACKAGE}.emulator",
             "generator": f"{PACKAGE}._generator"}
SUFFIXES = (".py", ".j2", ".md", ".yaml", ".yml")
SKIPPED = ("generated/", "docs/reference/", "tests/generator/golden/", "tests/generator/fixtures/",
           "specs/", ".venv/",
           "CHANGELOG.md", "scripts/relocate_imports.py", "tests/packaging/test_relocation.py")
OLD = "|".join(NEW_NAMES)
FROM_LINE = re.compile(rf"^(?P<indent>[ \t>]*)from (?P<old>{OLD})(?P<rest>(?:\.\w+)*) import ",
                       re.M)
IMPORT_LINE = re.compile(rf"^(?P<indent>[ \t>]*)import (?P<old>{OLD})(?P<rest>(?:\.\w+)*)"
                         rf"(?P<alias> as \w+)?(?=[ \t]*(?:#.*)?$)", re.M)


def submodules(package: str) -> list[str]:
    """The modules and subpackages of one of the relocated packages (what `old.<name>` can mean)."""
    folder = ROOT / package
    names = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
    return sorted(names, key=len, reverse=True)


def quoted_pattern(old: str) -> re.Pattern[str]:
    """`"old.module..."` inside quotes: a module name given to importlib, mock.patch, tables."""
    return re.compile(rf"(?<=[\"'])({old})(?=\.(?:{'|'.join(submodules(old))})\b)")


# A dotted mention of a runtime module anywhere (prose, attribute access after `import x.y`);
# only for `runtime`: `emulator` and `generator` are also ordinary variable names.
MENTION = re.compile(rf"(?<![\w./-])runtime(?=\.(?:{'|'.join(submodules('runtime'))})\b)")


def owner(path: Path) -> str | None:
    """The relocated package a file belongs to (its own imports become relative), if any."""
    top = path.relative_to(ROOT).parts[0]
    return top if top in NEW_NAMES and path.suffix == ".py" else None


def relative(path: Path, target: str) -> str:
    """`runtime.x.y` seen from runtime/x/b.py -> `.y`; `runtime.z` from there -> `..z`."""
    here = path.relative_to(ROOT).parts[:-1]  # the package the file is in
    parts = target.split(".")
    common = 0
    while common < min(len(here), len(parts)) and here[common] == parts[common]:
        common += 1
    return "." * (len(here) - common + 1) + ".".join(parts[common:])


def rewrite(path: Path, text: str) -> str:
    own = owner(path)

    def from_line(m: re.Match[str]) -> str:
        old, rest = m["old"], m["rest"]
        target = relative(path, old + rest) if old == own else NEW_NAMES[old] + rest
        return f"{m['indent']}from {target} import "

    def import_line(m: re.Match[str]) -> str:
        old, rest, alias = m["old"], m["rest"], m["alias"]
        new = NEW_NAMES[old]
        if old == own:
            target = relative(path, old + rest)
            dotted = target.lstrip(".")
            parent, _, name = dotted.rpartition(".")
            return f"{m['indent']}from {target[:len(target) - len(dotted)]}{parent} import {name}{alias or ''}"
        if rest or alias:  # `import runtime.x [as y]`: uses say `runtime.x.attr` (MENTION) or `y`
            return f"{m['indent']}import {new}{rest}{alias or ''}"
        package, _, name = new.rpartition(".")  # `import emulator`: the same name, bound again
        return f"{m['indent']}from {package} import {name}" + (f" as {old}" if name != old else "")

    text = FROM_LINE.sub(from_line, text)
    text = IMPORT_LINE.sub(import_line, text)
    for old, new in NEW_NAMES.items():
        text = quoted_pattern(old).sub(new, text)
    return MENTION.sub(NEW_NAMES["runtime"], text)


def candidates() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [ROOT / name for name in listed
            if name.endswith(SUFFIXES) and not name.startswith(SKIPPED)
            and (ROOT / name).is_file() and not (ROOT / name).is_symlink()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    changed: list[Path] = []
    for path in candidates():
        text = path.read_text(encoding="utf-8")
        new = rewrite(path, text)
        if new != text:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(path.relative_to(ROOT))
    if args.check:
        return 1 if changed else 0
    python_files = [str(p) for p in changed if p.suffix == ".py"]
    if python_files:  # the new names sort elsewhere in an import block
        subprocess.run([sys.executable, "-m", "ruff", "check", "--quiet", "--select", "I", "--fix",
                        *python_files], cwd=ROOT, check=False)
    print(f"{len(changed)} file(s) rewritten" if changed else "nothing to rewrite")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
