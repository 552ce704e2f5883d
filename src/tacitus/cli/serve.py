"""``tacitus serve``: the JSON API and the dashboard, with the background ingest worker."""

from __future__ import annotations

import os

import click

from tacitus.cli import cli
from tacitus.errors import UsageError
from tacitus.store import default_db_path


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="The database to serve (default: $TACITUS_DB or ./tacitus.db).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default answers this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to bind.")
@click.option("--token", default=None, envvar="TACITUS_TOKEN", show_envvar=True,
              help="Token that write endpoints (ingest, watchlists) require. Without one the server is read-only.")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Allow browser requests from this origin (repeatable). CORS is off unless given.")
@click.option("--max-upload-mb", default=20, show_default=True, type=click.IntRange(1, 1024),
              help="Largest upload accepted, in MiB.")
@click.option("--no-worker", is_flag=True, help="Do not start the background ingest worker.")
@click.option("--ingest-workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes the background worker codes articles with.")
@click.option("--feed-interval", default=30, show_default=True, type=click.IntRange(0, 10080),
              help="Minutes between reads of each feed added through the API (0: read once).")
def serve(db, host, port, token, cors_origins, max_upload_mb, no_worker, ingest_workers, feed_interval) -> None:
    """Serve the JSON API, its OpenAPI spec (/openapi.json) and the dashboard (/).

    Works offline. Binds to 127.0.0.1 unless --host says otherwise.
    """
    import uvicorn

    from tacitus.serve import ServeConfig, create_app

    if token is not None and len(token) < 8:
        raise UsageError("The token must be at least 8 characters long.")
    config = ServeConfig(
        db=db or default_db_path(), token=token or None, cors_origins=list(cors_origins),
        max_upload_bytes=max_upload_mb * 1024 * 1024, worker=not no_worker, ingest_workers=ingest_workers,
        feed_interval_minutes=feed_interval,
    )
    app = create_app(config)
    mode = "read-write (token required for writes)" if config.token else "read-only (no --token)"
    click.echo(f"tacitus serving {os.path.abspath(config.db)} at http://{host}:{port}/ - {mode}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
