"""Run tacitus on a benchmark file of ``../shared/gold`` and write predictions in its contract.

Each task lives in its own module with a ``predict(rows)`` generator. This package strips every
gold field before a row reaches ``predict``: a task sees only the inputs the contract allows
(``INPUT_FIELDS`` plus the task's own ``TASK_INPUTS``).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from tacitus.errors import MalformedRecord, UnknownTask

TASKS = (
    "events", "penta", "timex", "geo", "factuality", "attribution", "casualties", "dedup",
    "event_location", "india_police",
)
INPUT_FIELDS = ("id", "text", "published", "title", "source")
#: Per task, the extra fields the contract passes to the system (spans, not values).
TASK_INPUTS = {
    "event_location": ("verb",),
    "factuality": ("predicates",),
}


def visible_inputs(task: str, row: dict) -> dict:
    """The part of a gold row a system may see."""
    out = {k: row.get(k) for k in INPUT_FIELDS}
    if task == "factuality":
        out["predicates"] = [
            {"start": p["start"], "end": p["end"], "text": p.get("text")} for p in row.get("predicates") or []
        ]
    for k in TASK_INPUTS.get(task, ()):
        if k != "predicates":
            out[k] = row.get(k)
    return out


def read_rows(path: str | Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise MalformedRecord(f"{path}:{n}: invalid JSON ({e.msg})") from e


def predictor(task: str):
    if task not in TASKS:
        raise UnknownTask(f"Unknown task {task!r}. Tasks: {', '.join(TASKS)}.")
    return importlib.import_module(f"tacitus.evaluation.{task}").predict


def run(task: str, rows: Iterable[dict]) -> Iterator[dict]:
    """Predictions for gold rows of ``task``, one per row, in order."""
    predict = predictor(task)
    yield from predict(visible_inputs(task, r) for r in rows)


def run_file(task: str, gold: str | Path, out: str | Path, progress=None) -> int:
    """Write predictions for every row of ``gold`` to ``out``; returns the number written."""
    rows = list(read_rows(gold))
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for pred in run(task, rows):
            f.write(json.dumps(pred, ensure_ascii=False) + "\n")
            n += 1
            if progress:
                progress(1)
    return n
