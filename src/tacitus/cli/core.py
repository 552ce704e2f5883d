"""Core commands: ingest, events, export, extract, eval, failures, stats."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from tacitus.cli import cli
from tacitus.errors import UsageError
from tacitus.records import CATEGORIES, FACTUAL_STATUSES, STATUSES

DB_HELP = "Database file. Default: $TACITUS_DB, else ./tacitus.db."


def db_option(f):
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None, help=DB_HELP)(f)


def _use_encoder(ctx, param, value):
    """Switch the attribution encoder on before any article is read, so that a missing install is
    one clear error, not a failure recorded for every article."""
    if value is not None:
        from tacitus.attribution import context

        context.set_encoder(value)
        context.active()
    return value


def encoder_option(f):
    return click.option(
        "--attribution-encoder", type=click.Choice(("none", "minilm")), default=None, expose_value=False,
        callback=_use_encoder,
        help="Read uncertain attribution cues again with a sentence encoder (minilm: needs tacitus[encoder]; "
             "slower, more accurate; see docs/attribution.md). Default: $TACITUS_ATTRIBUTION_ENCODER, else none.",
    )(f)


def _progress(total: int | None, desc: str, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="art", disable=True if quiet else None, file=sys.stderr, leave=False)


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ------------------------------------------------------------------------------------------------
# ingest
# ------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes that parse and code articles in parallel.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="Articles per batch; each batch is written in one transaction.")
@click.option("--full-parse", is_flag=True,
              help="Parse every sentence (default: only sentences that could hold an event, and their neighbours).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the closing counts.")
@encoder_option
def ingest(sources, db, workers, batch_size, full_parse, quiet):
    """Read articles and store their events.

    SOURCES are files, directories, globs, URLs (http/https), RSS/Atom feeds or "-" for stdin.
    Text, HTML, JSONL (id, title, text, published, url, source) and feeds are recognised.
    Articles already stored are skipped (the id is a hash of the text); unreadable or
    non-English inputs are recorded as failures with a reason (see `tacitus failures`).
    """
    from tacitus import cluster, pipeline
    from tacitus.store import Store

    with Store(db) as store, _progress(None, "ingest", quiet) as bar:
        # Each stored batch joins the store's real-world event clusters (tacitus.cluster).
        summary = pipeline.run(list(sources), store, workers=workers, batch_size=batch_size,
                               stdin=click.get_text_stream("stdin"), on_progress=bar.update,
                               on_batch=lambda coded: cluster.update(store, coded), full_parse=full_parse)
        stats = store.stats()
    click.echo(
        f"ingested {summary.ingested} articles ({summary.events} events), "
        f"{summary.already_stored} already stored, {summary.skipped} skipped, {summary.failed} failed"
        f" — database {store.path}: {stats.articles} articles, {stats.events} events"
    )
    for f in summary.failures[:20]:
        click.echo(f"  {f.outcome} [{f.code}] {f.origin}: {f.reason}", err=True)
    if len(summary.failures) > 20:
        click.echo(f"  ... and {len(summary.failures) - 20} more: see `tacitus failures`", err=True)
    if summary.nothing_read:
        raise click.ClickException("nothing could be read from the given sources (see the reasons above)")


# ------------------------------------------------------------------------------------------------
# events / export
# ------------------------------------------------------------------------------------------------
def filter_options(f):
    opts = [
        click.option("--actor", help="Actor name (substring), country code or sector code."),
        click.option("--recipient", help="Recipient name (substring), country code or sector code."),
        click.option("--country", help="Actor or recipient country (ISO alpha-3 or IGO/UNO/...)."),
        click.option("--sector", help="Actor or recipient sector (GOV, MIL, REB, ...)."),
        click.option("--category", "-c", multiple=True, type=click.Choice(CATEGORIES, case_sensitive=False),
                     help="PLOVER category; repeat for several."),
        click.option("--mode", multiple=True, help="PLOVER mode; repeat for several."),
        click.option("--status", "-s", multiple=True, type=click.Choice((*STATUSES, "all"), case_sensitive=False),
                     help="Event status; repeat for several. Default: all statuses."),
        click.option("--since", help="Events on or after this date (YYYY-MM-DD); event date, else publication date."),
        click.option("--until", help="Events on or before this date (YYYY-MM-DD)."),
        click.option("--place", help="Place name, admin1 name or country code of the event location."),
        click.option("--text", help="Full-text search in the evidence sentences."),
        click.option("--cluster", help="Only events of this cluster."),
        click.option("--historical/--no-historical", default=None,
                     help="Only events that predate their report, or only those that do not."),
        click.option("--dedup", is_flag=True, help="One event per real-world event (cluster)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def make_query(limit=None, **kw):
    from tacitus.store import EventQuery

    statuses = tuple(s.lower() for s in kw.get("status") or ())
    if "all" in statuses:
        statuses = ()
    return EventQuery(
        actor=kw.get("actor"), recipient=kw.get("recipient"), country=kw.get("country"), sector=kw.get("sector"),
        category=tuple(c.upper() for c in kw.get("category") or ()), mode=tuple(kw.get("mode") or ()),
        status=statuses, since=kw.get("since"), until=kw.get("until"), place=kw.get("place"),
        text=kw.get("text"), cluster=kw.get("cluster"), historical=kw.get("historical"),
        dedup=bool(kw.get("dedup")), limit=limit,
    )


def format_table(events) -> str:
    lines = []
    header = f"{'date':<10} {'event':<22} {'status':<12} {'actor':<28} {'recipient':<28} {'where':<18} evidence"
    lines.append(header)
    for ev in events:
        date = ev.date or f"({ev.published or '?'})"
        cat = ev.category + (f":{ev.mode}" if ev.mode else "")
        status = ev.status + ("*" if ev.historical else "")
        actor = ", ".join(f"{e.name or e.text} [{e.country or '-'}/{e.sector or '-'}]" for e in ev.actor) or "-"
        rec = ", ".join(f"{e.name or e.text} [{e.country or '-'}/{e.sector or '-'}]" for e in ev.recipient) or "-"
        where = (ev.where.name or ev.where.text) if ev.where else "-"
        sizes = " ".join(f"{s.kind}={s.text or s.min}" for s in ev.sizes)
        sent = ev.evidence.sentence if ev.evidence else ""
        lines.append(
            f"{_short(date, 10):<10} {_short(cat, 22):<22} {_short(status, 12):<12} {_short(actor, 28):<28} "
            f"{_short(rec, 28):<28} {_short(where, 18):<18} {_short((sizes + ' ' if sizes else '') + sent, 70)}"
        )
    return "\n".join(lines)


def _emit(events, fmt: str, out=None) -> int:
    from tacitus import export

    if fmt == "table":
        events = list(events)
        click.echo(format_table(events))
        return len(events)
    if out is None:
        stream = click.get_binary_stream("stdout")
        return export.write(events, stream, fmt)
    return export.write(events, out, fmt)


@cli.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl", "csv")), default="table", show_default=True)
@click.option("--limit", "-n", type=click.IntRange(0), default=None, help="At most this many events.")
def events(db, fmt, limit, **filters):
    """List stored events, filtered.

    Listing shows every status unless --status is given ("*" after a status marks a historical
    event). Analytic counts (`tacitus stats`) default to events that occurred or are ongoing.
    """
    from tacitus.store import Store

    with Store(db, readonly=True) as store:
        n = _emit(store.events(make_query(limit=limit, **filters)), fmt)
    if fmt == "table":
        click.echo(f"{n} events", err=True)


@cli.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv", "parquet")), required=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False), required=True, help="Output file.")
def export(db, fmt, out, **filters):
    """Export stored events as JSONL (PLOVER field names), CSV (one flat row each) or Parquet."""
    from tacitus.store import Store

    with Store(db, readonly=True) as store:
        n = _emit(store.events(make_query(**filters)), fmt, out)
    click.echo(f"wrote {n} events to {out}")


# ------------------------------------------------------------------------------------------------
# extract
# ------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl", "csv")), default="table", show_default=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for articles that do not give one.")
@click.option("--source", "outlet", help="Outlet (publisher) for articles that do not name one.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes that parse and code articles in parallel.")
@click.option("--full-parse", is_flag=True,
              help="Parse every sentence (default: only sentences that could hold an event, and their neighbours).")
@encoder_option
def extract(sources, fmt, published, outlet, workers, full_parse):
    """Code articles without a database and print their events.

    SOURCES are read as by `tacitus ingest`. Failures are reported on stderr.
    """
    from tacitus import pipeline
    from tacitus.records import Failure

    if published and not _is_iso_date(published):
        raise UsageError(f"--published must be a date like 2012-04-26, not {published!r}.")

    def fill(article):
        changes = {}
        if published and not article.published:
            changes["published"] = published
        if outlet and not article.source:
            changes["source"] = outlet
        return dataclasses.replace(article, **changes) if changes else article

    failures = []

    def events():
        from tacitus import ingest

        def articles():
            for item in ingest.iter_inputs(list(sources), stdin=click.get_text_stream("stdin")):
                if isinstance(item, Failure):
                    failures.append(item)
                else:
                    yield fill(item)

        for batch in pipeline.code_articles(articles(), workers=workers, full_parse=full_parse):
            for r in batch:
                if isinstance(r, Failure):
                    failures.append(r)
                else:
                    yield from r.events

    n = _emit(events(), fmt)
    for f in failures:
        click.echo(f"{f.outcome} [{f.code}] {f.origin}: {f.reason}", err=True)
    if fmt == "table":
        click.echo(f"{n} events", err=True)


def _is_iso_date(value: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


# ------------------------------------------------------------------------------------------------
# eval
# ------------------------------------------------------------------------------------------------
@cli.command(name="eval")
@click.argument("task", type=click.Choice(
    ("events", "penta", "timex", "geo", "factuality", "attribution", "casualties", "dedup", "event_location",
     "india_police")))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "-o", type=click.Path(dir_okay=False), required=True, help="Prediction file to write.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@encoder_option
def eval_(task, gold, out, quiet):
    """Run tacitus on a benchmark file of ../shared/gold and write predictions.

    Only the input fields the benchmark contract allows are read (id, text, published, title,
    source, plus the task's own inputs). Score with `python ../shared/gold/score.py TASK GOLD OUT`.
    """
    from tacitus import evaluation

    with Path(gold).open(encoding="utf-8") as f:
        total = sum(1 for line in f if line.strip())
    with _progress(total, task, quiet) as bar:
        n = evaluation.run_file(task, gold, out, progress=bar.update)
    click.echo(f"wrote {n} predictions to {out}")


# ------------------------------------------------------------------------------------------------
# failures / stats
# ------------------------------------------------------------------------------------------------
@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def failures(db, fmt):
    """List inputs that were skipped or failed, with the reason and what to do."""
    import json

    from tacitus.store import Store

    with Store(db, readonly=True) as store:
        rows = store.failures()
    for f in rows:
        if fmt == "jsonl":
            click.echo(json.dumps(dataclasses.asdict(f), ensure_ascii=False))
        else:
            click.echo(f"{f.outcome:<8} {f.code}  {f.origin}\n         {f.reason}")
    if fmt == "table":
        click.echo(f"{len(rows)} failures", err=True)


@cli.command()
@db_option
@click.option("--status", "-s", multiple=True, type=click.Choice((*STATUSES, "all"), case_sensitive=False),
              help=f"Statuses to count. Default: {', '.join(FACTUAL_STATUSES)} (events that happened).")
def stats(db, status):
    """Counts of articles, failures and events by category and status.

    Category counts include only events that occurred or are ongoing unless --status says otherwise.
    """
    from tacitus.store import EventQuery, Store

    statuses = tuple(s.lower() for s in status) or FACTUAL_STATUSES
    if "all" in statuses:
        statuses = ()
    with Store(db, readonly=True) as store:
        s = store.stats()
        by_cat = {c: store.count_events(EventQuery(category=(c,), status=statuses)) for c in CATEGORIES}
    click.echo(f"articles {s.articles}   events {s.events}   failed {s.failed}   skipped {s.skipped}")
    click.echo("events by status: " + ", ".join(f"{k} {v}" for k, v in s.by_status.items()))
    label = ", ".join(statuses) if statuses else "all statuses"
    click.echo(f"events by category ({label}):")
    for c, n in sorted(by_cat.items(), key=lambda kv: -kv[1]):
        if n:
            click.echo(f"  {c:<10} {n}")
