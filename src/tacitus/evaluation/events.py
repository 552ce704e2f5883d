"""`events` task: PLOVER events of a sentence, with actor and recipient countries and sectors.

The gold records (PLOVER GSR) write the UN and the EU as IGO, as CAMEO did; tacitus codes them UNO
and EUR as the current PLOVER manual says. Predictions are written with the legacy codes
(:func:`tacitus.actors.legacy_code`) so that the two are compared like for like.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.actors import legacy_code
from tacitus.evaluation.common import code_rows


def _entities(entities) -> list[dict]:
    return [{"text": e.text, "country": legacy_code(e.country), "sector": e.sector} for e in entities]


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    for row, _, coded in code_rows(rows):
        yield {
            "id": row["id"],
            "events": [
                {"category": ev.category, "mode": ev.mode, "cameo": ev.cameo, "status": ev.status,
                 "actor": _entities(ev.actor), "recipient": _entities(ev.recipient)}
                for ev in coded.events
            ],
        }
