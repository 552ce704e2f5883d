"""Corpus commands: ``tacitus run`` (a corpus into Parquet shards, locally or on Ray) and ``tacitus load``."""

from __future__ import annotations

import click

from tacitus.cli import cli
from tacitus.cli.core import db_option, encoder_option


@cli.command()
@click.option("--input", "-i", "inputs", multiple=True, required=True, metavar="PATH|GLOB|URI",
              help="Corpus: JSONL, Parquet or WARC files, a directory of text/HTML files, a glob, or a "
                   "cloud URI (s3://, gs://). Repeat for several.")
@click.option("--out", "-o", required=True, metavar="DIR|URI",
              help="Output directory: Parquet per shard (events/, articles/, failures/) and a manifest.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: this machine's processes (--workers); ray: Ray Data on a Ray instance or cluster.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Local engine: processes that parse and code in parallel.")
@click.option("--address", default=None,
              help="Ray engine: the cluster to join (auto, HOST:6379, ray://HOST:10001). "
                   "Default: start a local Ray instance.")
@click.option("--num-cpus", type=click.IntRange(1, 4096), default=None,
              help="Ray engine, local instance: CPUs it may use. Default: all.")
@click.option("--actors", type=click.IntRange(1, 100_000), default=None,
              help="Ray engine: coding actors, one CPU each, each loading the pipeline once. "
                   "Default: the cluster's CPUs.")
@click.option("--object-store-mb", type=click.IntRange(64, 10_000_000), default=None,
              help="Ray engine, local instance: object store size. Default: Ray's.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="Articles per coding batch.")
@click.option("--files-per-shard", type=click.IntRange(1, 1_000_000), default=64, show_default=True,
              help="Text/HTML files grouped into one shard (each JSONL, Parquet or WARC file is its own shard).")
@click.option("--quiet", "-q", is_flag=True, help="No line per committed shard; only the closing counts.")
@encoder_option
def run(inputs, out, engine, workers, address, num_cpus, actors, object_store_mb, batch_size, files_per_shard,
        quiet):
    """Code a corpus into partitioned Parquet, on this machine or on a Ray cluster.

    The corpus is cut into shards; each shard's events, articles and failures are written to OUT
    and committed through OUT/_manifest. Run the same command again after a crash or an
    interruption: committed shards are skipped, the rest are done again, nothing is written twice.
    Load the result into a database with `tacitus load OUT`.
    """
    from tacitus.engines import run_corpus

    def echo_commit(entry: dict) -> None:
        if not quiet:
            click.echo(f"  shard {entry['shard']}: {entry['articles']} articles, {entry['events']} events, "
                       f"{entry['failed']} failed, {entry['skipped']} skipped", err=True)

    report = run_corpus(list(inputs), out, engine=engine, workers=workers, batch_size=batch_size,
                        files_per_shard=files_per_shard, address=address, num_cpus=num_cpus, actors=actors,
                        object_store_mb=object_store_mb, progress=not quiet, on_commit=echo_commit)
    click.echo(
        f"{engine}: {report.committed} shards committed, {report.resumed} already done (of {report.shards}); "
        f"{report.articles} articles, {report.events} events, {report.duplicates} duplicates, "
        f"{report.failed} failed, {report.skipped} skipped in {report.seconds:.1f}s "
        f"({report.articles_per_s:.2f} inputs/s) — output {out}"
    )


@cli.command()
@click.argument("directory", metavar="DIR|URI")
@db_option
@click.option("--no-cluster", is_flag=True, help="Do not join the loaded events to the store's event clusters.")
def load(directory, db, no_cluster):
    """Load the output of `tacitus run` into the database.

    Only committed shards are read. Loading twice adds nothing: articles and events keep their ids
    and failures their origins.
    """
    from tacitus.engines import load_output
    from tacitus.store import Store

    with Store(db) as store:
        summary = load_output(directory, store, cluster=not no_cluster)
        stats = store.stats()
    click.echo(
        f"loaded {summary.shards} shards: {summary.articles} new articles ({summary.events} events), "
        f"{summary.already_stored} already stored, {summary.failures} failures recorded"
        f" — database {store.path}: {stats.articles} articles, {stats.events} events"
    )
