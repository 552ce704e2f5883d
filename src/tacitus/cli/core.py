"""Core commands: ingest, events, export, extract, eval."""

from __future__ import annotations
