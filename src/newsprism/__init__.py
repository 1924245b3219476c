"""newsprism: a cited multi-source briefing from many outlets' accounts of one news story."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsprism")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
