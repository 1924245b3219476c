"""newsprism: a cited multi-source briefing from many outlets' accounts of one news story."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``newsprism.__version__``, read from the installed package's metadata when first asked
    for: ``importlib.metadata`` costs about 50 ms of CPU, which every process (an ingest's
    workers, the stories follower) would pay at its start without reading the version."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("newsprism")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        value = "0.0.0+unknown"
    globals()["__version__"] = value
    return value
