"""Serve stage: the JSON API, the analyst's dashboard, watchlists and alerts (``tacitus serve``).

Input: a tacitus database. Output: an HTTP server (FastAPI on uvicorn) answering the API under
``/api``, the OpenAPI spec at ``/openapi.json`` and the dashboard at ``/``, with a background
worker that ingests uploads and feeds and sends alerts. See ``docs/api.md`` and ``docs/dashboard.md``.
"""

from tacitus.serve.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
