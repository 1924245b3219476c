"""Date expressions resolved against publication dates, and the cited timeline."""

from newsprism.analyze.time.timeline import build_timeline, infer_event_dates

__all__ = ["build_timeline", "infer_event_dates"]
