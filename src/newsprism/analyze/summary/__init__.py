"""The cited extractive summary: candidates, readability filters, the learned scorer, selection."""

from newsprism.analyze.summary.summarize import SummaryConfig, summarize

__all__ = ["SummaryConfig", "summarize"]
