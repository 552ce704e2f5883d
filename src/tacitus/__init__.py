"""tacitus: who did what to whom, where, when, and according to whom."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tacitus")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
