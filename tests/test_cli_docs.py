"""The CLI reference in docs/cli.md is generated from --help and must cover every command and option."""

import click

from conftest import ROOT
from tacitus.docgen import _commands, cli_reference

DOC = ROOT / "docs" / "cli.md"


def _cli():
    from tacitus.cli import _register, cli

    _register()
    return cli


def test_every_command_and_option_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = []
    for path, cmd in _commands(_cli()):
        if f"## tacitus {' '.join(path)}" not in text:
            missing.append("command: tacitus " + " ".join(path))
        for param in cmd.params:
            if isinstance(param, click.Option):
                for opt in param.opts + param.secondary_opts:
                    section = text.split(f"## tacitus {' '.join(path)}\n", 1)[-1].split("\n## ", 1)[0]
                    if opt not in section:
                        missing.append(f"option: tacitus {' '.join(path)} {opt}")
    assert not missing, "undocumented (run `make docs`):\n" + "\n".join(missing)


def test_reference_is_in_step_with_help():
    assert DOC.read_text(encoding="utf-8") == cli_reference(), "docs/cli.md is stale: run `make docs`"


def test_error_codes_are_unique_and_documented():
    from tacitus.errors import catalogue, catalogue_markdown

    codes = [cls.code for cls in catalogue()]
    assert len(codes) == len(set(codes)), "two errors share a code"
    assert all(cls.__doc__ for cls in catalogue()), "every error says what it means"
    assert (ROOT / "docs" / "errors.md").read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/errors.md is stale: run `make docs`")
