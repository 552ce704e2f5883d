"""schemathesis fuzzes every operation of the published OpenAPI spec: no request may get a 500.

It runs against a real ``tacitus serve`` process with its own copy of the sample database, and
sends the write token, so write endpoints are fuzzed past authentication into validation.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from conftest_serve import TOKEN, build_sample_db, start_server, stop_server

EXAMPLES = 25


def fuzzer(op):
    """A hypothesis test that sends ``op`` generated requests and fails on any 5xx answer."""

    @given(case=op.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def fuzz(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])

    return fuzz


def test_no_operation_answers_500(tmp_path):
    db = str(tmp_path / "fuzz.db")
    build_sample_db(db)
    url, proc = start_server(db, tmp_path / "server.log")
    failures: list[str] = []
    try:
        schema = schemathesis.openapi.from_url(url + "/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 20
        for op in operations:
            try:
                fuzzer(op)()
            except Exception as e:  # noqa: BLE001 - collected, reported together below
                failures.append(f"{op.method.upper()} {op.path}: {e}")
    finally:
        stop_server(proc)
    assert not failures, "\n\n".join(failures) + "\n\nserver log:\n" + (tmp_path / "server.log").read_text()[-5000:]
