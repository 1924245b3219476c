"""Analyses of annotated articles, one package per capability.

Each package takes ``AnnotatedArticle`` objects (and the results of earlier stages) and returns
typed, stand-off results:

- ``relations``: duplicates, versions, wire copies, shared passages, independent sources; events
- ``quotes``: quote marks, attributions with cue and speaker, speakers across outlets, quote groups
- ``summary``: the cited extractive summary
- ``disagreements``: claims, agreement over independent sources, typed disagreements
- ``time``: date expressions and the cited timeline
"""
