"""Turning per-input problems into :class:`~tacitus.records.Failure` records."""

from __future__ import annotations

from tacitus.errors import InputError, UnsupportedLanguage
from tacitus.ingest.language import language_name
from tacitus.ingest.options import IngestOptions
from tacitus.records import Article, Failure


def to_failure(error: InputError, origin: str, *, article_id: str | None = None) -> Failure:
    """A Failure for ``error`` at ``origin``: outcome "skipped" for UnsupportedLanguage, else "failed"."""
    outcome = "skipped" if isinstance(error, UnsupportedLanguage) else "failed"
    return Failure(origin=origin, outcome=outcome, code=error.code, reason=error.message, article_id=article_id)


def language_checked(article: Article, options: IngestOptions) -> Article | Failure:
    """``article``, or a "skipped" Failure when it was detected in a language the run does not code.

    Articles whose language could not be told (``language`` None) are kept.
    """
    if not options.check_language or article.language is None or article.language in options.languages:
        return article
    wanted = ", ".join(language_name(code) for code in options.languages)
    error = UnsupportedLanguage(
        f"Skipped: the text was detected as {language_name(article.language)} ({article.language}); "
        f"this run codes {wanted} only."
    )
    return to_failure(error, article.origin or "", article_id=article.id)
