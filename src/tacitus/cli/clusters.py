"""Cluster commands: list real-world events (clusters), show one, count them, (re)cluster a store."""

from __future__ import annotations

import json

import click

from tacitus.cli import cli
from tacitus.cli.core import _progress, _short, db_option, filter_options, make_query
from tacitus.errors import StoreError


def _open(db, readonly: bool = True):
    from tacitus.store import Store

    store = Store(db, readonly=readonly)
    if readonly and not store.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clusters'"
    ).fetchone():
        store.close()
        raise StoreError(f"{store.path} predates clustering. Run `tacitus clusters update --db {store.path}` once.")
    return store


def _range(lo, hi) -> str:
    if lo is None:
        return "-"
    return str(lo) if hi is None or hi == lo else f"{lo}-{hi}"


def format_cluster_line(c) -> str:
    """One cluster on one line, then its canonical event's evidence indented."""
    ev = c.event
    day = ev.date if ev is not None and ev.date else (c.date_start or f"({c.first_report or '?'})")
    cat = (ev.category + (f":{ev.mode}" if ev.mode else "")) if ev is not None else "-"
    where = "-"
    if ev is not None and ev.where is not None:
        where = ", ".join(x for x in (ev.where.name or ev.where.text, ev.where.country) if x)
    figs = {s.kind: s.text for s in c.figures}
    sentence = ev.evidence.sentence if ev is not None and ev.evidence else ""
    return (
        f"{c.id:<22} {_short(day, 10):<10} {_short(cat, 20):<20} {_short(where, 22):<22} "
        f"{c.n_reports:>7} {c.n_articles:>8} {c.sources:>7} {c.attributions:>9} "
        f"{_short(figs.get('dead', '-'), 8):>8} {_short(figs.get('injured', '-'), 8):>8}  "
        f"{c.first_report or '?'} .. {c.latest_report or '?'}\n"
        f"{'':<22} {_short(sentence, 110)}"
    )


CLUSTER_HEADER = (
    f"{'cluster':<22} {'date':<10} {'event':<20} {'where':<22} {'reports':>7} {'articles':>8} {'sources':>7} "
    f"{'claimants':>9} {'dead':>8} {'injured':>8}  reported"
)


def _emit_cluster(c, fmt: str) -> None:
    from tacitus.records import to_export

    if fmt == "jsonl":
        click.echo(json.dumps(to_export(c), ensure_ascii=False))
    else:
        click.echo(format_cluster_line(c))


@cli.group(invoke_without_command=True)
@db_option
@filter_options
@click.option("--min-sources", type=click.IntRange(1), default=None,
              help="Only clusters reported by at least this many independent sources.")
@click.option("--order", type=click.Choice(("asc", "desc")), default="asc", show_default=True,
              help="By event date, oldest first (asc) or newest first (desc).")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
@click.option("--limit", "-n", type=click.IntRange(0), default=50, show_default=True, help="At most this many clusters.")
@click.pass_context
def clusters(ctx, db, min_sources, order, fmt, limit, **filters):
    """List real-world events: clusters of reports from different articles.

    A cluster is listed when one of its events matches the filters (the same filters as `tacitus
    events`). Each shows its canonical event, how many reports, articles, independent sources
    (outlets, syndicated copies counted once) and original claimants are behind it, the death and
    injury figures as a range over the reports, and the first and latest report dates. JSONL
    gives the whole record, with every report. See docs/dedup.md.
    """
    if ctx.invoked_subcommand is not None:
        return
    with _open(db) as store:
        if fmt == "table":
            click.echo(CLUSTER_HEADER)
        n = 0
        for c in store.clusters(make_query(**filters), limit=limit, min_sources=min_sources, order=order):
            _emit_cluster(c, fmt)
            n += 1
    if fmt == "table":
        click.echo(f"{n} clusters", err=True)


@clusters.command()
@click.argument("cluster_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def show(cluster_id, db, fmt):
    """Show one cluster: its canonical event, the figures most sources agree on, and every report
    behind it."""
    with _open(db) as store:
        c = store.cluster(cluster_id)
    if c is None:
        raise click.ClickException(f"no cluster {cluster_id!r}")
    if fmt == "jsonl":
        _emit_cluster(c, fmt)
        return
    click.echo(CLUSTER_HEADER)
    click.echo(format_cluster_line(c))
    click.echo(f"\noutlets: {', '.join(c.outlets) or '-'}")
    click.echo(f"original claimants: {', '.join(c.origins) or '-'}")
    click.echo("agreed figures: " + (", ".join(f"{s.kind} {s.text or s.min} ({s.source})" for s in c.agreed) or "-"))
    click.echo(f"\n{'published':<10} {'outlet':<24} {'event':<10} {'status':<10} {'date':<10} {'where':<18} "
               f"{'figures':<18} {'claimant':<20} evidence")
    for r in c.reports:
        figs = " ".join(f"{s.kind}={s.text or s.min}" for s in r.sizes)
        outlet = (r.outlet or "?") + (" (copy)" if r.syndicate else "")
        click.echo(
            f"{_short(r.published or '?', 10):<10} {_short(outlet, 24):<24} {_short(r.category, 10):<10} "
            f"{_short(r.status, 10):<10} {_short(r.date or '-', 10):<10} {_short(r.place or '-', 18):<18} "
            f"{_short(figs or '-', 18):<18} {_short(r.origin or '-', 20):<20} {_short(r.sentence, 60)}"
        )


@clusters.command()
@db_option
@click.option("--status", "-s", multiple=True, help="Statuses to count (default: occurred, ongoing).")
def stats(db, status):
    """Counts by category: real-world events (clusters) next to reports (event records)."""
    from tacitus.records import FACTUAL_STATUSES

    statuses = tuple(s.lower() for s in status) or FACTUAL_STATUSES
    marks = ",".join("?" * len(statuses))
    with _open(db) as store:
        rows = store.conn.execute(
            f"SELECT category, COUNT(DISTINCT COALESCE(cluster_id, id)), COUNT(*) FROM events "
            f"WHERE status IN ({marks}) GROUP BY category ORDER BY 2 DESC", statuses,
        ).fetchall()
        by_sources = store.conn.execute(
            "SELECT MIN(sources, 5), COUNT(*) FROM clusters GROUP BY MIN(sources, 5) ORDER BY 1"
        ).fetchall()
    click.echo(f"{'category':<12} {'events':>8} {'reports':>8}   ({', '.join(statuses)})")
    for cat, n_clusters, n_reports in rows:
        click.echo(f"{cat:<12} {n_clusters:>8} {n_reports:>8}")
    click.echo("clusters by independent sources: "
               + ", ".join(f"{'5+' if k == 5 else k}: {n}" for k, n in by_sources))


@clusters.command()
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def update(db, quiet):
    """Cluster the stored articles that are not clustered yet (`tacitus ingest` does this per batch)."""
    from tacitus import cluster

    with _open(db, readonly=False) as store, _progress(None, "cluster", quiet) as bar:
        s = cluster.cluster_stored(store, progress=bar.update)
        n_clusters, n_stories = _counts(store)
    click.echo(f"clustered {s.articles} articles ({s.events} events), {s.syndicated} syndicated copies; "
               f"the store has {n_clusters} clusters and {n_stories} stories")


@clusters.command()
@db_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.confirmation_option(prompt="Forget every cluster and cluster the whole store again?",
                           help="Do not ask for confirmation.")
def rebuild(db, quiet):
    """Forget every cluster and syndicate link and cluster the whole store again, in publication order."""
    from tacitus import cluster

    with _open(db, readonly=False) as store, _progress(None, "cluster", quiet) as bar:
        s = cluster.rebuild(store, progress=bar.update)
        n_clusters, n_stories = _counts(store)
    click.echo(f"clustered {s.articles} articles ({s.events} events) into {n_clusters} clusters and "
               f"{n_stories} stories; {s.syndicated} syndicated copies")


def _counts(store) -> tuple[int, int]:
    """Event clusters and stories in the store."""
    from tacitus.cluster.units import STORY

    row = store.conn.execute("SELECT SUM(family != ?), SUM(family = ?) FROM clusters", (STORY, STORY)).fetchone()
    return row[0] or 0, row[1] or 0
