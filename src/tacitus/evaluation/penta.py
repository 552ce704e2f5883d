"""`penta` task: CAMEO's five classes for a sentence, from the events tacitus codes in it.

0 statement or appeal (CAMEO 01-02), 1 verbal cooperation (03-05), 2 material cooperation (06-08),
3 verbal conflict (09-13, and 16 reduce relations), 4 material conflict (14, 15, 17-20).
The sentence's label is the class of its main event (the most confident; ties go to the first);
a sentence with no event is class 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tacitus.evaluation.common import code_rows

CLASS_BY_ROOT = {
    "01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2, "09": 3, "10": 3, "11": 3, "12": 3,
    "13": 3, "14": 4, "15": 4, "16": 3, "17": 4, "18": 4, "19": 4, "20": 4,
}
CLASS_BY_QUAD = {1: 1, 2: 2, 3: 3, 4: 4}


def event_class(ev) -> int:
    if ev.cameo and ev.cameo[:2] in CLASS_BY_ROOT:
        return CLASS_BY_ROOT[ev.cameo[:2]]
    return CLASS_BY_QUAD.get(ev.quad, 0)


def sentence_class(events) -> int:
    if not events:
        return 0
    main = max(enumerate(events), key=lambda ie: (ie[1].confidence, -ie[0]))[1]
    return event_class(main)


def predict(rows: Iterable[dict]) -> Iterator[dict]:
    for row, coded in code_rows(rows):
        yield {"id": row["id"], "label": sentence_class(coded.events)}
