"""Alerts: newly stored events that match a watchlist are POSTed to its webhook and logged.

:class:`AlertDispatcher` is the ``on_batch`` hook of :func:`tacitus.pipeline.run`: after each
batch is written, it asks the store which of the batch's events match each watchlist (the same
filters as the API, so a watchlist means exactly what its events view shows), skips events that
already alerted that watchlist, POSTs one JSON message per watchlist and records the outcome in
the alert log. A webhook that fails is logged as ``failed`` with its reason; ingest goes on.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tacitus import __version__
from tacitus.records import CodedArticle, to_export
from tacitus.serve.filters import EventFilters

log = logging.getLogger("tacitus.serve.alerts")

#: Events included in full in one webhook message; the rest are listed by id.
PAYLOAD_EVENTS = 100
WEBHOOK_TIMEOUT = 5.0


@dataclass(frozen=True)
class Delivery:
    """What happened to one webhook POST."""

    outcome: str  # sent, failed, none
    http_status: int | None = None
    error: str | None = None


def post_webhook(url: str, payload: dict, *, timeout: float = WEBHOOK_TIMEOUT) -> Delivery:
    """POST ``payload`` as JSON to ``url``. Returns the delivery outcome; never raises for HTTP errors."""
    if not url.startswith(("http://", "https://")):
        return Delivery("failed", None, "webhook URL must start with http:// or https://")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Content-Type": "application/json", "User-Agent": f"tacitus/{__version__} alerts"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked above
            status = resp.status
    except urllib.error.HTTPError as e:
        return Delivery("failed", e.code, f"the webhook answered HTTP {e.code}")
    except (urllib.error.URLError, OSError) as e:
        return Delivery("failed", None, f"the webhook could not be reached: {getattr(e, 'reason', e)}")
    if 200 <= status < 300:
        return Delivery("sent", status)
    return Delivery("failed", status, f"the webhook answered HTTP {status}")


class AlertDispatcher:
    """Matches newly written events against every watchlist, sends webhooks, logs alerts.

    ``post`` sends one message (default :func:`post_webhook`); tests may pass their own.
    """

    def __init__(self, store, *, post: Callable[[str, dict], Delivery] | None = None):
        self.store = store
        self.post = post or post_webhook

    def __call__(self, coded: Sequence[CodedArticle]) -> list[int]:
        return self.on_batch(coded)

    def on_batch(self, coded: Sequence[CodedArticle]) -> list[int]:
        """Alert on the events of ``coded`` (already written). Returns the ids of the alerts logged."""
        event_ids = [ev.id for item in coded for ev in item.events]
        return self.check(event_ids)

    def check(self, event_ids: Sequence[str]) -> list[int]:
        """Alert every watchlist on the stored events among ``event_ids`` that match it."""
        if not event_ids:
            return []
        logged = []
        for w in self.store.watchlists():
            try:
                filters = EventFilters(**w["filters"])
            except ValueError as e:
                log.warning("watchlist %s has filters this version cannot read: %s", w["id"], e)
                continue
            matched = []
            for i in range(0, len(event_ids), 500):
                chunk = list(event_ids[i : i + 500])
                page, _ = self.store.event_page(filters.to_query(), limit=len(chunk), event_ids=chunk,
                                                quad=filters.quad, order="asc")
                matched.extend(page)
            fresh_ids = set(self.store.unalerted(w["id"], [e.id for e in matched]))
            fresh = [e for e in matched if e.id in fresh_ids]
            if not fresh:
                continue
            delivery = Delivery("none")
            if w["webhook"]:
                payload = {
                    "watchlist": {"id": w["id"], "name": w["name"], "filters": w["filters"]},
                    "n_events": len(fresh),
                    "event_ids": [e.id for e in fresh],
                    "events": [to_export(e) for e in fresh[:PAYLOAD_EVENTS]],
                }
                delivery = self.post(w["webhook"], payload)
            logged.append(
                self.store.record_alert(w["id"], [e.id for e in fresh], delivery=delivery.outcome,
                                        http_status=delivery.http_status, error=delivery.error)
            )
        return logged
