"""Analyses of annotated articles, one module per capability.

Each module takes ``AnnotatedArticle`` objects (and the results of earlier stages) and returns
typed, stand-off results: ``relations`` (duplicates, versions, wire copies, shared passages,
repeated paragraphs, independent sources), ``events`` (which articles report one happening),
quotes and speakers, and the cited summary.
"""
