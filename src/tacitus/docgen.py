"""Generated documentation: the CLI reference, the error codes and the event JSON Schema.

``python -m tacitus.docgen`` (or ``make docs``) writes ``docs/cli.md`` from every command's
``--help``, ``docs/errors.md`` from the error catalogue and ``schema/event.schema.json`` from the
record dataclasses. Tests fail when any of them is out of step with the code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tacitus.errors import catalogue_markdown

ROOT = Path(__file__).resolve().parents[2]
CLI_DOC = ROOT / "docs" / "cli.md"
SCHEMA_FILE = ROOT / "schema" / "event.schema.json"
ERRORS_DOC = ROOT / "docs" / "errors.md"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group, info_name="tacitus")
    for name in sorted(group.list_commands(ctx)):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        path = (*prefix, name)
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path)


def help_text(path: tuple[str, ...], cmd: click.Command) -> str:
    ctx = click.Context(cmd, info_name="tacitus " + " ".join(path), max_content_width=100, terminal_width=100)
    return cmd.get_help(ctx)


def cli_reference() -> str:
    from tacitus.cli import _register, cli

    _register()
    out = [
        "# Command-line reference",
        "",
        "Generated from `tacitus --help` by `make docs` (`python -m tacitus.docgen`). Do not edit by hand:",
        "a test fails when a command or option is missing here.",
        "",
        "```text",
        help_text((), cli).replace("Usage: tacitus ", "Usage: tacitus ", 1),
        "```",
        "",
    ]
    for path, cmd in _commands(cli):
        out += [f"## tacitus {' '.join(path)}", "", "```text", help_text(path, cmd), "```", ""]
    return "\n".join(out)


def schema_text() -> str:
    from tacitus.schema import event_json_schema

    return json.dumps(event_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    CLI_DOC.parent.mkdir(parents=True, exist_ok=True)
    CLI_DOC.write_text(cli_reference(), encoding="utf-8")
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    ERRORS_DOC.write_text(catalogue_markdown(), encoding="utf-8")
    print(f"wrote {CLI_DOC.relative_to(ROOT)}, {ERRORS_DOC.relative_to(ROOT)} and {SCHEMA_FILE.relative_to(ROOT)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
