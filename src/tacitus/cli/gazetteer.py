"""Gazetteer commands: build, import, lookup, info."""

from __future__ import annotations

import click

from tacitus.cli import cli

PATH_HELP = "Gazetteer file. Default: $TACITUS_HOME/gazetteer.sqlite, else ~/.local/share/tacitus/gazetteer.sqlite."


@cli.group()
def gazetteer() -> None:
    """The offline gazetteer of places (built from GeoNames-derived packages and the team's places).

    It lives in $TACITUS_HOME/gazetteer.sqlite (default ~/.local/share/tacitus/). `make install`
    builds it; a full GeoNames dump or your own CSV can be imported on top.
    """


@gazetteer.command()
@click.option("--path", type=click.Path(dir_okay=False), default=None, help=PATH_HELP)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(path: str | None, quiet: bool) -> None:
    """Build (or rebuild) the gazetteer from the packaged data. Replaces earlier imports."""
    from tacitus.geo.gazetteer import build as build_gazetteer

    say = None if quiet else (lambda msg: click.echo(f"  {msg}…", err=True))
    out = build_gazetteer(path, progress=say)
    if not quiet:
        click.echo(f"Built {out['path']}: {out['places']:,} places, {out['names']:,} names in {out['seconds']} s.")


@gazetteer.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["geonames", "csv"]), default="geonames", show_default=True,
              help="geonames: a tab-separated GeoNames dump (allCountries.txt, cities500.txt, a country file); "
                   "csv: a header row with name, lat, lon and optional country, admin1, feature_code, "
                   "population, alternate_names (|-separated), geonames_id.")
@click.option("--min-population", type=int, default=0, show_default=True,
              help="GeoNames only: skip populated places smaller than this.")
@click.option("--path", type=click.Path(dir_okay=False), default=None, help=PATH_HELP)
def import_(file: str, fmt: str, min_population: int, path: str | None) -> None:
    """Add the places of FILE to the gazetteer (a GeoNames id already there is replaced)."""
    from tacitus.geo.gazetteer import import_csv, import_geonames

    if fmt == "geonames":
        n = import_geonames(file, path, min_population=min_population)
    else:
        n = import_csv(file, path)
    click.echo(f"Imported {n:,} places from {file}.")


@gazetteer.command()
@click.argument("name")
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--path", type=click.Path(dir_okay=False), default=None, help=PATH_HELP)
def lookup(name: str, limit: int, path: str | None) -> None:
    """List the places NAME may refer to, most populous first."""
    from tacitus.geo.gazetteer import load_gazetteer

    cands = load_gazetteer(path).lookup(name)
    if not cands:
        click.echo(f"No place called {name!r}.")
    for c in cands[:limit]:
        where = ", ".join(x for x in (c.admin1, c.country) if x)
        click.echo(f"{c.name:30} {where:40} {c.lat:9.4f} {c.lon:10.4f}  {c.feature_code:5} "
                   f"pop {c.population:>11,}  {c.source}")


@gazetteer.command()
@click.option("--path", type=click.Path(dir_okay=False), default=None, help=PATH_HELP)
def info(path: str | None) -> None:
    """Where the gazetteer is, how big, and from which sources."""
    from tacitus.geo.gazetteer import load_gazetteer

    for k, v in load_gazetteer(path).stats().items():
        click.echo(f"{k:12} {v}")
