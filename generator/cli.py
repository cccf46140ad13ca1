"""`factdesk`: a thin command line over `pipeline`. Every failure becomes readable lines and an
exit code here; no command does work of its own beyond formatting."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import pipeline
from .diagnostics import format_diagnostic
from .linked import Site
from .schemas import schema_files
from .write import OutputError, write_tree

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _report(result: pipeline.Result, fmt: str) -> None:
    if fmt == "json":
        json.dump([d.as_json() for d in result.diagnostics], sys.stdout, indent=2,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for diagnostic in result.diagnostics:
        print(format_diagnostic(diagnostic), file=sys.stderr)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def coverage_lines(site: Site) -> list[str]:
    """Each article's sentences: how many are cited, how many marked background."""
    lines = []
    for article in site.articles.values():
        total = article.sentence_count
        if not total:
            continue
        cited, accounted = article.cited_count, article.accounted_count
        lines.append(
            f"{article.record.at.path}: {cited} of {total} sentences cited "
            f"({100 * cited / total:.0f} %), {accounted - cited} background, "
            f"{accounted} accounted for ({100 * accounted / total:.0f} %)"
        )
    return lines


def cmd_check(args: argparse.Namespace) -> int:
    result = pipeline.check(args.root)
    _report(result, args.format)
    if args.format == "text" and result.site is not None:
        site = result.site
        print(f"{len(site.claims)} claims, {len(site.events)} events, "
              f"{len(site.contradictions)} contradictions, {len(site.articles)} articles, "
              f"{len(site.entities)} entities")
        for line in coverage_lines(site):
            print(line)
    return EXIT_CONTENT if result.failed(strict=args.strict) else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    result = pipeline.build(args.root, args.templates)
    _report(result, "text")
    if result.failed(strict=args.strict):
        print("build failed: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    try:
        write_tree(result.pages, args.out)
    except (OutputError, OSError) as exc:
        print(f"factdesk: cannot write {args.out}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(result.pages)} files to {args.out}")
    return EXIT_OK


def cmd_schemas(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        with open(out / name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    print(f"wrote {len(schema_files())} schemas to {out}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="factdesk", description=__doc__)
    top.add_argument("--root", type=Path, default=Path("."),
                     help="the site folder holding content/ and seeds/ (default: here)")
    commands = top.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check every content file and report problems")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=cmd_check)

    build = commands.add_parser("build", help="write the generated Markdown to a folder")
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--templates", type=Path, default=None,
                       help="folder of templates that replace factdesk's own by name")
    build.set_defaults(run=cmd_build)

    schemas = commands.add_parser("schemas", help="write the JSON Schemas for editors")
    schemas.add_argument("--out", type=Path, default=Path("schemas"))
    schemas.set_defaults(run=cmd_schemas)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
