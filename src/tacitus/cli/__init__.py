"""The ``tacitus`` command: a thin layer over the library.

Each area registers its commands from its own module in this package. Library errors
(:class:`tacitus.errors.TacitusError`) become one-line messages here, and nowhere else.
"""

from __future__ import annotations

import sys

import click

from tacitus import __version__
from tacitus.errors import InputNotFound, TacitusError, UsageError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tacitus")
def cli() -> None:
    """tacitus: who did what to whom, where, when, and according to whom.

    Reads news reports and records events as structured, sourced, deduplicated data.
    """


def _register() -> None:
    # Imported for their side effect of adding commands to `cli`.
    from tacitus.cli import commands  # noqa: F401


def main() -> None:
    _register()
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except (UsageError, InputNotFound) as e:
        click.echo(f"Error [{e.code}]: {e}", err=True)
        sys.exit(2)
    except TacitusError as e:
        click.echo(f"Error [{e.code}]: {e}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
