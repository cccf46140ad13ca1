"""`factdesk`: a thin command line over `pipeline`. Every failure becomes readable lines and an
exit code here; no command does work of its own beyond formatting."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import pipeline
from .content.catalogue import CATALOGUE, explain
from .content.diagnostics import did_you_mean, format_diagnostic
from .content.excerpt import Excerpts
from .content.linked import Site
from .content.schemas import schema_files
from .forked import usable_cores
from .site.layout import mkdocs_directory_urls
from .site.render import OVERRIDES, TemplateProblem
from .site.write import OutputError, write_tree
from .tools import desk, extract, scaffold

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _report(result: pipeline.Result, fmt: str, root: Path) -> None:
    if fmt == "json":
        json.dump(
            [d.as_json() for d in result.diagnostics], sys.stdout, indent=2, ensure_ascii=False
        )
        sys.stdout.write("\n")
        return
    excerpts = Excerpts(root)
    for diagnostic in result.diagnostics:
        print(format_diagnostic(diagnostic, excerpts.lines(diagnostic)), file=sys.stderr)
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


def under_review_lines(site: Site, *, listed: bool) -> list[str]:
    """Claims without a verdict are a state, not a problem: one line, or one line each."""
    count = len(site.under_review)
    if not count:
        return []
    if not listed:
        return [
            f"{count} claim{'s' if count != 1 else ''} under review (no verdict yet); "
            "`factdesk check --under-review` lists them"
        ]
    lines = []
    for claim_id in site.under_review:
        record = site.claims[claim_id].record
        lines.append(f"{record.at}: under review: {claim_id}: {record.claim_short or record.claim}")
    return lines


def _explain(code: str) -> int:
    entry = CATALOGUE.get(code.strip().upper())
    if entry is None:
        hint = did_you_mean(code.strip().upper(), CATALOGUE, listing="codes")
        print(f"factdesk: no diagnostic code '{code}' ({hint})", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(explain(entry))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    if args.explain is not None:
        return _explain(args.explain)
    # The override folder the MkDocs plugin reads by default is checked like the content.
    result = pipeline.check(
        args.root,
        templates=args.root / OVERRIDES,
        processes=usable_cores(),
        compile_templates=False,
    )
    _report(result, args.format, args.root)
    if args.format == "text" and result.site is not None:
        site = result.site
        print(
            f"{len(site.claims)} claims, {len(site.events)} events, "
            f"{len(site.contradictions)} contradictions, {len(site.articles)} articles, "
            f"{len(site.entities)} entities"
        )
        for line in coverage_lines(site):
            print(line)
        for line in under_review_lines(site, listed=args.under_review):
            print(line)
    return EXIT_CONTENT if result.failed(strict=args.strict) else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    # The pages' addresses (ClaimReview, the data files) follow the URL style of the MkDocs
    # configuration that will serve them.
    config_file = args.root / "mkdocs.yml"
    try:
        directory_urls = mkdocs_directory_urls(config_file)
    except ValueError as exc:
        print(f"factdesk: cannot read {config_file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result, files = pipeline.generate(
        args.root, args.templates, directory_urls=directory_urls, processes=usable_cores()
    )
    _report(result, "text", args.root)
    if result.failed(strict=args.strict):
        print("build failed: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    written: list[str] = []

    def counted() -> Iterator[tuple[str, str | bytes]]:
        for path, text in files:
            written.append(path)
            yield path, text
            del text  # a data file is tens of MB at 50k claims: not kept while the next is made

    try:
        write_tree(counted(), args.out)
    except TemplateProblem as problem:
        source = Excerpts(args.root).lines(problem.diagnostic)
        print(format_diagnostic(problem.diagnostic, source), file=sys.stderr)
        print("build failed: nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except (OutputError, OSError) as exc:
        print(f"factdesk: cannot write {args.out}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(written)} files to {args.out}")
    return EXIT_OK


def cmd_schemas(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        with open(out / name, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    print(f"wrote {len(schema_files())} schemas to {out}")
    return EXIT_OK


def _report_applied(
    root: Path, applied: scaffold.Applied, *, kept_message: str = "", list_written: bool = True
) -> int:
    for path in applied.written if list_written and not applied.undone else ():
        print(f"wrote {path}")
    # Undone files are gone again: their lines cannot be shown.
    excerpts = Excerpts(root)
    for diagnostic in applied.diagnostics:
        source = () if applied.undone else excerpts.lines(diagnostic)
        print(format_diagnostic(diagnostic, source), file=sys.stderr)
    for note in applied.notes if not applied.undone else ():
        print(f"note: {note}", file=sys.stderr)
    if applied.undone:
        print(
            "nothing was written: the result would not pass `factdesk check` (see above)",
            file=sys.stderr,
        )
    elif applied.failed and kept_message:
        print(kept_message, file=sys.stderr)
    return EXIT_CONTENT if applied.failed else EXIT_OK


def _refused(exc: scaffold.ScaffoldError) -> int:
    print(f"factdesk: {exc}", file=sys.stderr)
    return EXIT_CONTENT


def cmd_new(args: argparse.Namespace) -> int:
    root: Path = args.root
    try:
        if args.kind == "claim":
            plan = scaffold.new_claim(
                root,
                args.id,
                claimant=args.claimant,
                article=args.article,
                quote=args.quote,
                claim=args.claim,
                date=args.date,
            )
        elif args.kind == "event":
            plan = scaffold.new_event(
                root,
                args.id,
                article=args.article,
                quote=args.quote,
                title=args.title,
                date=args.date,
                entities=args.entity,
            )
        elif args.kind == "article":
            plan = scaffold.new_article(
                root,
                args.id,
                title=args.title,
                outlet=args.outlet,
                published=args.published,
                url=args.url,
                language=args.language,
                text_file=args.text_file,
            )
        elif args.kind == "contradiction":
            plan = scaffold.new_contradiction(root, args.id, title=args.title, sides=args.side)
        else:
            plan = scaffold.new_entity(
                root,
                scaffold.NewEntity(
                    id=args.id,
                    name=args.name,
                    kind=args.entity_kind,
                    description=args.description or "",
                    affiliation=args.affiliation,
                    url=args.url,
                    aliases=tuple(args.alias),
                ),
            )
        return _report_applied(root, scaffold.apply(root, plan))
    except scaffold.ScaffoldError as exc:
        return _refused(exc)


def cmd_add_article(args: argparse.Namespace) -> int:
    root: Path = args.root
    try:
        collected = scaffold.add_article(
            root,
            args.file,
            article_id=args.id,
            title=args.title,
            outlet=args.outlet,
            url=args.url,
            published=args.published,
            language=args.language,
        )
        copied = scaffold.copy_seed(root, collected)
        print(
            f"{'copied' if copied else 'kept'} {collected.seed_path}"
            + ("" if copied else " (the same text is already there)")
        )
        applied = scaffold.apply(root, collected.plan, keep_on_error=True)
    except scaffold.ScaffoldError as exc:
        return _refused(exc)
    code = _report_applied(
        root,
        applied,
        kept_message=(f"fix {collected.plan.writes[0].path} and run `factdesk check`"),
    )
    if code == EXIT_OK:
        print(f"next: factdesk extract {collected.article_id}")
    return code


def cmd_extract(args: argparse.Namespace) -> int:
    root: Path = args.root
    try:
        scaffold.require_site(root)
    except scaffold.ScaffoldError as exc:
        return _refused(exc)
    # Extract reads the site as `factdesk check` does: drafts planned on a site with errors
    # would rest on records and quotes that are not what they seem.
    checked = pipeline.check(root)
    if checked.site is None or checked.content is None:
        excerpts = Excerpts(root)
        for diagnostic in checked.errors:
            print(format_diagnostic(diagnostic, excerpts.lines(diagnostic)), file=sys.stderr)
        print("factdesk: fix the errors above first; extract wrote nothing", file=sys.stderr)
        return EXIT_CONTENT
    content, site = checked.content, checked.site
    try:
        article = scaffold.find_article(content, args.article)
    except scaffold.ScaffoldError as exc:
        return _refused(exc)
    if not article.text.strip():
        print(f"factdesk: article '{article.id}' has no text to extract from", file=sys.stderr)
        return EXIT_CONTENT
    extraction = extract.analyse(article, content)
    planned = extract.plan_drafts(root, extraction, site.all_citations.get(article.id, {}))
    applied = scaffold.Applied()
    if not args.dry_run:
        try:
            applied = scaffold.apply(root, planned.plan)
        except scaffold.ScaffoldError as exc:
            return _refused(exc)
    written = set(applied.written) if not applied.undone else set()
    if args.format == "json":
        json.dump(
            extract.report_json(extraction, planned, written),
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    else:
        for line in extract.report_lines(extraction, planned, written, dry_run=args.dry_run):
            print(line)
    return _report_applied(root, applied, list_written=False)


def cmd_init(args: argparse.Namespace) -> int:
    target: Path = args.folder
    wanted = desk.NewDesk(
        title=args.title or desk.default_title(target), url=args.url, language=args.language
    )
    try:
        made = desk.init_desk(target, wanted)
    except (scaffold.ScaffoldError, OSError) as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if made.report:
        for lines in made.report:
            print(lines, file=sys.stderr)
        print("nothing was written: the new desk would not pass `factdesk check --strict`",
              file=sys.stderr)  # fmt: skip
        return EXIT_CONTENT
    print(f"created {target}/ ({len(made.written)} files), titled {wanted.title!r}")
    if wanted.url is None:
        print(
            "note: content/site.yml has no site_url yet; give the published address there "
            "before the first verdict"
        )
    print(f"next: cd {target} && mkdocs serve    (then see the page 'How to add a claim')")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="factdesk", description=__doc__)
    top.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the site folder holding content/ and seeds/ (default: here)",
    )
    commands = top.add_subparsers(dest="command", required=True)
    # --root is accepted after the command too; SUPPRESS keeps a value given before it.
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument(
        "--root",
        type=Path,
        default=argparse.SUPPRESS,
        help="the site folder holding content/ and seeds/ (default: here)",
    )

    check = commands.add_parser(
        "check", parents=[site], help="check every content file and report problems"
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--under-review",
        action="store_true",
        help="list the published claims that have no verdict yet, one per line",
    )
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: a list of {path, line, column, severity, code, message, hint}",
    )
    check.add_argument(
        "--explain",
        metavar="CODE",
        help="say what a diagnostic code (e.g. FD044) means, with an example, and check nothing",
    )
    check.set_defaults(run=cmd_check)

    build = commands.add_parser(
        "build", parents=[site], help="write the generated Markdown to a folder"
    )
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="folder of templates that replace factdesk's own by name",
    )
    build.set_defaults(run=cmd_build)

    schemas = commands.add_parser(
        "schemas", parents=[site], help="write the JSON Schemas for editors"
    )
    schemas.add_argument("--out", type=Path, default=Path("schemas"))
    schemas.set_defaults(run=cmd_schemas)

    new = commands.add_parser("new", help="write a new content file from a skeleton")
    kinds = new.add_subparsers(dest="kind", required=True)
    claim = kinds.add_parser("claim", parents=[site], help="a draft claim quoted from an article")
    claim.add_argument("id")
    claim.add_argument("--claimant", required=True, help="id of the entity that made it")
    claim.add_argument("--article", required=True, help="id of the article it appears in")
    claim.add_argument("--quote", required=True, help="the article's exact words")
    claim.add_argument("--claim", help="the claim in one sentence (default: the quote)")
    claim.add_argument("--date", help="when it was made (default: the article's date)")
    event = kinds.add_parser("event", parents=[site], help="a draft event quoted from an article")
    event.add_argument("id")
    event.add_argument("--article", required=True, help="id of the article reporting it")
    event.add_argument("--quote", required=True, help="the article's exact words")
    event.add_argument("--title", help="what happened, in a few words")
    event.add_argument("--date", help="when it happened (default: the article's date)")
    event.add_argument("--entity", action="append", default=[], help="id of an entity involved")
    article = kinds.add_parser(
        "article", parents=[site], help="an article record (for a collected text: add-article)"
    )
    article.add_argument("id")
    article.add_argument("--title", required=True)
    article.add_argument("--outlet", required=True)
    article.add_argument("--published", required=True, help="e.g. 2015-10-07")
    article.add_argument("--url")
    article.add_argument("--language", help="e.g. en, ru, ar (default: the site's)")
    article.add_argument("--text-file", help="its text under seeds/, e.g. seeds/report.txt")
    contradiction = kinds.add_parser(
        "contradiction", parents=[site], help="a contradiction between claims or events"
    )
    contradiction.add_argument("id")
    contradiction.add_argument("--title", required=True, help="the conflict in a few words")
    contradiction.add_argument(
        "--side",
        action="append",
        default=[],
        metavar="ID[=LABEL]",
        help="a claim or event id, at least twice",
    )
    entity = kinds.add_parser(
        "entity", parents=[site], help="a person or organisation, added to content/entities.yml"
    )
    entity.add_argument("id")
    entity.add_argument("--name", required=True)
    entity.add_argument("--kind", dest="entity_kind", required=True, choices=scaffold.ENTITY_KINDS)
    entity.add_argument("--description")
    entity.add_argument("--affiliation", help="id of the entity they belong to")
    entity.add_argument("--url")
    entity.add_argument(
        "--alias", action="append", default=[], help="another name the texts use; repeat for more"
    )
    for sub in (claim, event, article, contradiction, entity):
        sub.set_defaults(run=cmd_new)

    init = commands.add_parser("init", help="start a new desk of your own in a new or empty folder")
    init.add_argument("folder", type=Path, help="where the desk goes, e.g. harbour-watch")
    init.add_argument("--title", help="the site's name (default: from the folder's name)")
    init.add_argument("--url", help="the published address, e.g. https://example.org/desk/")
    init.add_argument("--language", default="en", help="e.g. en, ru, ar (default: en)")
    init.set_defaults(run=cmd_init)

    add = commands.add_parser(
        "add-article", parents=[site], help="copy a collected text into seeds/ and write its record"
    )
    add.add_argument("file", type=Path, help="the text, plain or Markdown, UTF-8")
    add.add_argument("--id", help="the article id (default: from the file name)")
    add.add_argument("--title", help="the headline (default: the text's first line)")
    add.add_argument("--outlet")
    add.add_argument("--url")
    add.add_argument("--published", help="e.g. 2015-10-07")
    add.add_argument("--language", help="e.g. en, ru, ar (default: the site's)")
    add.set_defaults(run=cmd_add_article)

    ext = commands.add_parser(
        "extract", parents=[site], help="propose draft claims and events from an article's text"
    )
    ext.add_argument("article", help="the article id")
    ext.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    ext.add_argument("--format", choices=("text", "json"), default="text")
    ext.set_defaults(run=cmd_extract)
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
