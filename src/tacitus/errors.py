"""Named errors, each with a code from one catalogue.

Library code raises these; only the edges (CLI, API) turn them into user messages. The codes are
stable: they are stored in the failures table and returned by the API, so a person can look one up
in ``docs/errors.md``.
"""

from __future__ import annotations


class TacitusError(Exception):
    """Base class of tacitus errors. ``code`` is stable; the message says what to do about it."""

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
    """The input has no text. Check the file, or the "text" field of the JSONL line."""

    code = "T101"


class BinaryInput(InputError):
    """The input is not text (an image, PDF, archive or other binary file). Convert it to text or HTML first."""

    code = "T102"


class EncodingError(InputError):
    """The input is not valid UTF-8. Re-encode it to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)."""

    code = "T103"


class MalformedRecord(InputError):
    """A JSON line or record cannot be read (bad JSON, wrong field types). Fix that line; the rest of the file is read."""

    code = "T104"


class NoMainText(InputError):
    """An HTML page has no main text (only navigation, a paywall or a script shell). Save the article page itself."""

    code = "T105"


class InputTooLarge(InputError):
    """The input is larger than the size limit (5 MB of text by default): probably not one news article. Split it."""

    code = "T106"


class FetchError(InputError):
    """A URL or feed could not be fetched (HTTP error, timeout, refused connection). The reason gives the status; retry later or save the page."""

    code = "T107"


class UnsupportedLanguage(InputError):
    """Not an error in the input, but tacitus codes English only: recorded as skipped."""

    code = "T108"


class InputNotFound(InputError):
    """A named file, directory or glob does not exist, or a URL scheme tacitus cannot read. A usage error: nothing is read."""

    code = "T109"


# --- resources ------------------------------------------------------------------------------------
class ResourceError(TacitusError):
    """A data resource tacitus needs is missing or malformed."""

    code = "T200"


class ModelNotInstalled(ResourceError):
    """The spaCy pipeline is not installed. Run `make install` (it installs the pinned, hash-checked model)."""

    code = "T201"


class OfflineResource(ResourceError):
    """Something would have to be downloaded, and tacitus does not fetch at run time."""

    code = "T202"


class KnowledgeBaseError(ResourceError):
    """A knowledge-base file cannot be read or fails validation; the message names the file and entry."""

    code = "T203"


class LexiconError(ResourceError):
    """A trigger lexicon or ontology file is malformed; the message names the file and entry."""

    code = "T205"


class GazetteerError(ResourceError):
    """The gazetteer is missing, outdated or an import file is malformed. Run `tacitus gazetteer build`."""

    code = "T204"


# --- store ----------------------------------------------------------------------------------------
class StoreError(TacitusError):
    """The database cannot be opened or read (missing file for a read-only command, permissions, corruption)."""

    code = "T300"


class SchemaTooNew(StoreError):
    """The database was written by a newer tacitus. Upgrade tacitus to read it."""

    code = "T301"


# --- coding ---------------------------------------------------------------------------------------
class CodingFailed(TacitusError):
    """Coding an article raised an unexpected error: a tacitus bug. The article is recorded as failed
    with the exception; please report it with the article."""

    code = "T500"


# --- usage ----------------------------------------------------------------------------------------
class UsageError(TacitusError):
    """A command was called wrongly (bad option value). The CLI exits with status 2."""

    code = "T400"


class UnknownTask(UsageError):
    """The benchmark task name is not one of the tasks in ../shared/gold."""

    code = "T401"


class OptionalDependencyMissing(UsageError):
    """A feature needs an optional extra that is not installed (e.g. `pip install "tacitus[ray]"`)."""

    code = "T402"


# --- engines (tacitus run) -----------------------------------------------------------------------
class EngineError(TacitusError):
    """A corpus run could not finish: some input shards are not committed (re-run to resume)."""

    code = "T600"


def catalogue_markdown() -> str:
    """docs/errors.md: every code, its name and what to do."""
    lines = ["# Error codes", "",
             "Every error tacitus reports carries a stable code. Input problems are stored in the failures",
             "table (`tacitus failures`) with the code and a reason; other errors stop the command with a",
             "one-line message. Generated from `tacitus/errors.py` by `make docs`.", "",
             "| code | name | meaning and what to do |", "|---|---|---|"]
    for cls in catalogue():
        doc = " ".join((cls.__doc__ or "").split())
        lines.append(f"| {cls.code} | {cls.__name__} | {doc} |")
    return "\n".join(lines) + "\n"


def catalogue() -> list[type[TacitusError]]:
    """Every error class, for the docs and for tests that keep codes unique."""
    out: list[type[TacitusError]] = []
    stack: list[type[TacitusError]] = [TacitusError]
    while stack:
        cls = stack.pop()
        out.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(out, key=lambda c: c.code)
