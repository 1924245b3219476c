"""Who said what: quote marks, direct/indirect/mixed attributions with cue and speaker, speakers
across outlets, role differences, and the same quote matched across articles (quote groups)."""

from newsprism.analyze.quotes.extract import QuoteResult, find_quotes

__all__ = ["QuoteResult", "find_quotes"]
