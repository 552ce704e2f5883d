"""``python -m tacitus`` is the ``tacitus`` command."""

from tacitus.cli import main

main()
