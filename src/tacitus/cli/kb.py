"""Knowledge-base commands: import, lookup, stats."""

from __future__ import annotations

import click

from tacitus.cli import cli

INTO_HELP = "User knowledge-base directory to write. Default: $TACITUS_HOME/kb, else ~/.local/share/tacitus/kb."


@cli.group()
def kb() -> None:
    """The actor knowledge base: states, organisations, groups and persons with dated offices.

    The built-in files are in src/tacitus/data/kb/ (format in its README.md). Your own entries go in
    $TACITUS_HOME/kb/ (default ~/.local/share/tacitus/kb/) as YAML or JSONL and are merged on load;
    `tacitus kb import` writes them there from a CSV or JSONL file such as a Wikidata extract.
    """


@kb.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["persons", "groups", "igos", "institutions", "media", "countries"]),
              default=None, help="Kind of every row without a `kind` column.")
@click.option("--into", type=click.Path(file_okay=False), default=None, help=INTO_HELP)
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing.")
@click.option("--show-rejected", type=int, default=20, show_default=True,
              help="How many rejected rows to list with their reasons.")
def import_(file: str, kind: str | None, into: str | None, dry_run: bool, show_rejected: int) -> None:
    """Add the entries of FILE (CSV/TSV with a header row, or JSONL) to the user knowledge base.

    Columns: kind, qid, name, aliases (|-separated), country, sector, office, office_country,
    office_sector, start, end, description; countries also code, demonyms, capital. A person with
    several offices comes as one row per office. Rows with an unknown country code, sector, qid or
    date are rejected with the reason.
    """
    from tacitus.actors.importer import import_file

    report = import_file(file, kind=kind, into=into, dry_run=dry_run)
    where = "(dry run, nothing written)" if dry_run else f"into {report.path}"
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.by_kind.items())) or "none"
    click.echo(
        f"Read {report.rows} rows from {file}: {report.accepted} accepted, {len(report.rejected)} rejected; "
        f"{report.new_entries} new and {report.updated_entries} updated entries ({kinds}) {where}."
    )
    for line, reason in report.rejected[:show_rejected]:
        click.echo(f"  rejected line {line}: {reason}" if line else f"  rejected: {reason}", err=True)
    if len(report.rejected) > show_rejected:
        click.echo(f"  ... and {len(report.rejected) - show_rejected} more rejected rows", err=True)


@kb.command()
@click.argument("name")
@click.option("--date", default=None, help="Event date (YYYY-MM-DD): shows the office held then.")
def lookup(name: str, date: str | None) -> None:
    """List the knowledge-base entries NAME may refer to."""
    from tacitus.actors import load_kb

    entries = load_kb().lookup(name, date)
    if not entries:
        click.echo(f"No entry called {name!r}.")
    for e in entries:
        office = e.office_at(date)
        held = f"  {office.title} ({office.country} {office.sector})" if office and office.title else ""
        sector = office.sector if office else e.sector
        click.echo(f"{e.name:40} {e.kind:12} {e.country or '-':4} {sector or '-':4} {e.qid or e.id}{held}")


@kb.command()
def stats() -> None:
    """How many entries of each kind, and which files they come from."""
    from tacitus.actors import load_kb

    kbase = load_kb()
    for kind, n in sorted(kbase.size().items()):
        click.echo(f"{kind:12} {n:6,}")
    click.echo(f"{'aliases':12} {len(kbase.index):6,}")
    for f in kbase.files:
        click.echo(f"  {f}")
