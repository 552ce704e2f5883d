"""Coding stage: from a parsed article to events (category, mode, CAMEO, actors, recipients, and
every field the other stages fill). See :mod:`tacitus.coding.coder` for the steps."""

from tacitus.coding.coder import analyse, code_document, load_resources

__all__ = ["analyse", "code_document", "load_resources"]
