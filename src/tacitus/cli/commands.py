"""Registers every command module with the ``tacitus`` group."""

from tacitus.cli import core  # noqa: F401
from tacitus.cli import gazetteer  # noqa: F401
from tacitus.cli import serve  # noqa: F401
from tacitus.cli import kb  # noqa: F401
from tacitus.cli import clusters  # noqa: F401
from tacitus.cli import run  # noqa: F401
