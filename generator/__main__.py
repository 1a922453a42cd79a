"""Command line: `python -m generator {generate,check,validate,scaffold}`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import ir
from .problems import SpecError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--specs", type=Path, default=ROOT / "specs", help="specs folder")
    parser.add_argument("--out", type=Path, default=ROOT / "generated", help="output package folder")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "reference", help="reference pages folder")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("generate", help="render every spec into --out and --docs")
    sub.add_parser("check", help="fail (naming the files) when --out or --docs is stale")
    validate = sub.add_parser("validate", help="check the specs (and, when it is found, against Graph's metadata)")
    validate.add_argument("--metadata", type=Path, help="cleanMetadata.xml (default: found like the tests do)")
    scaffold = sub.add_parser("scaffold", help="write a starter spec for a Graph type or enum from the metadata")
    scaffold.add_argument("graph_type", help="e.g. microsoft.graph.todoTask or microsoft.graph.taskStatus")
    scaffold.add_argument("-o", "--output", type=Path, help="file to write (default: print)")
    scaffold.add_argument("--metadata", type=Path, help="cleanMetadata.xml (default: found like the tests do)")
    args = parser.parse_args(argv)

    if args.command == "scaffold":
        return _scaffold(args)
    from .loader import load_specs
    from .render import diff_tree, package_links, render, render_docs, write_tree

    try:
        specset = load_specs(args.specs)
    except SpecError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "validate":
        return _validate(specset, args.metadata)
    files, docs = render(specset), render_docs(specset)
    links = package_links(args.specs)
    if args.command == "generate":
        write_tree(args.out, files, links)
        write_tree(args.docs, docs)
        print(f"generated {len(files)} files into {_show(args.out)} and {len(docs)} pages into {_show(args.docs)}")
        return 0
    stale = [f"{_show(args.out)}/{p}" for p in diff_tree(args.out, files, links)]
    stale += [f"{_show(args.docs)}/{p}" for p in diff_tree(args.docs, docs)]
    if stale:
        print("generated code is stale; run `make generate` and commit:", file=sys.stderr)
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"no drift: {len(files) + len(docs)} generated files match the specs")
    return 0


def _validate(specset: ir.SpecSet, metadata: Path | None) -> int:
    """The specs passed their own checks; with Graph's metadata at hand, check them against it too."""
    from .contract import check
    from .metadata import MetadataMissing, find_metadata, load_metadata

    try:
        meta = load_metadata(metadata or find_metadata())
    except MetadataMissing as exc:
        agreed = f"not checked against Graph's metadata ({exc.args[0]})"
    else:
        problems = check(specset, meta)
        if problems:
            print(f"{len(problems)} disagreement{'s' if len(problems) != 1 else ''} with Graph's metadata:",
                  file=sys.stderr)
            for line in problems:
                print(f"  {line}", file=sys.stderr)
            return 1
        agreed = "all agree with Graph's metadata"
    print(f"specs OK: {len(specset.files)} files, {len(specset.resources)} resources, "
          f"{len(specset.services)} services, {len(specset.complex_types)} complex types; {agreed}")
    return 0


def _scaffold(args: argparse.Namespace) -> int:
    from .metadata import MetadataMissing, find_metadata, load_metadata
    from .scaffold import declared_types, scaffold

    try:
        meta = load_metadata(args.metadata or find_metadata())
        text = scaffold(meta, args.graph_type, declared_types(args.specs))
    except (MetadataMissing, KeyError) as exc:
        print(f"scaffold: {exc.args[0]}", file=sys.stderr)
        return 1
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _show(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    raise SystemExit(main())
