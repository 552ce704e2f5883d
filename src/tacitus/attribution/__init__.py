"""Attribution stage: reported speech and the chain of who asserts each event.

Input: a parsed ``Doc`` (and, for chains, the :class:`tacitus.document.DocContext`).
Output:

- :func:`find_quotes` (doc) -> ``list[Quote]``: every act of attribution (cue, source, content,
  source kind, outlets relayed to, enclosing quote);
- :func:`event_chain` (ctx, trigger) -> ``tuple[records.Attribution, ...]``: who asserts an
  event, from the original speaker through relaying outlets to the publisher;
- :func:`speaker_of` (ctx, token) -> the original speaker of the report holding a token, or None;
- :func:`is_source_span` (ctx, start_token, end_token) -> whether a span names an outlet or an
  anonymous "sources" phrase, which are never coded as actors or recipients;
- :func:`set_encoder` ("minilm" or None): switch on the optional sentence encoder that reads
  uncertain cue candidates again (:mod:`tacitus.attribution.context`; needs ``tacitus[encoder]``).

See ``docs/attribution.md``.
"""

from tacitus.attribution.chain import event_chain, is_source_span, speaker_of
from tacitus.attribution.context import set_encoder
from tacitus.attribution.quotes import Quote, find_quotes, quotations

__all__ = ["Quote", "event_chain", "find_quotes", "is_source_span", "quotations", "set_encoder", "speaker_of"]
