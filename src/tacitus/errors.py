"""Named errors, each with a code from one catalogue.

Library code raises these; only the edges (CLI, API) turn them into user messages. The codes are
stable: they are stored in the failures table and returned by the API, so a person can look one up
in ``docs/errors.md``.
"""

from __future__ import annotations


class TacitusError(Exception):
    """Base class. ``code`` is stable and documented; the message says what to do about it."""

    code = "T000"

    def __init__(self, message: str, *, origin: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin

    def __str__(self) -> str:
        return self.message


# --- input (ingest) -------------------------------------------------------------------------------
class InputError(TacitusError):
    """An input could not be read as an article. Recorded as a failure; the run goes on."""

    code = "T100"


class EmptyInput(InputError):
    code = "T101"


class BinaryInput(InputError):
    code = "T102"


class EncodingError(InputError):
    code = "T103"


class MalformedRecord(InputError):
    code = "T104"


class NoMainText(InputError):
    code = "T105"


class InputTooLarge(InputError):
    code = "T106"


class FetchError(InputError):
    code = "T107"


class UnsupportedLanguage(InputError):
    """Not an error in the input, but tacitus codes English only: recorded as skipped."""

    code = "T108"


class InputNotFound(InputError):
    code = "T109"


# --- resources ------------------------------------------------------------------------------------
class ResourceError(TacitusError):
    code = "T200"


class ModelNotInstalled(ResourceError):
    code = "T201"


class OfflineResource(ResourceError):
    """Something would have to be downloaded, and tacitus does not fetch at run time."""

    code = "T202"


class KnowledgeBaseError(ResourceError):
    code = "T203"


class GazetteerError(ResourceError):
    code = "T204"


# --- store ----------------------------------------------------------------------------------------
class StoreError(TacitusError):
    code = "T300"


class SchemaTooNew(StoreError):
    code = "T301"


# --- usage ----------------------------------------------------------------------------------------
class UsageError(TacitusError):
    code = "T400"


class UnknownTask(UsageError):
    code = "T401"


class OptionalDependencyMissing(UsageError):
    code = "T402"


# --- engines (tacitus run) -----------------------------------------------------------------------
class EngineError(TacitusError):
    """A corpus run could not finish: some input shards are not committed (re-run to resume)."""

    code = "T600"


def catalogue() -> list[type[TacitusError]]:
    """Every error class, for the docs and for tests that keep codes unique."""
    out: list[type[TacitusError]] = []
    stack: list[type[TacitusError]] = [TacitusError]
    while stack:
        cls = stack.pop()
        out.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(out, key=lambda c: c.code)
