"""Reading articles in: ``readers`` (files, directories, stdin -> articles and coded drops),
``boilerplate`` (stand-off marks for captions, footers, tweets, ...) and ``metadata`` (outlet, title,
date and author from the text, each with its evidence).  The text of an article is never changed.
"""
