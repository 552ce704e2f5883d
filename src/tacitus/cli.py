"""The ``tacitus`` command: a thin layer over the library."""

from __future__ import annotations

import click

from tacitus import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tacitus")
def cli() -> None:
    """tacitus: who did what to whom, where, when, and according to whom."""


def main() -> None:
    cli()
