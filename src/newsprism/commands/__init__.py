"""Command modules of the ``newsprism`` CLI beyond ``brief``.

Each module defines ``register(subparsers)`` that adds its sub-command with
``set_defaults(func=...)``; the function is called as ``func(args, stdout, stderr) -> int``.
Modules import only the standard library at import time (heavy imports go inside the command).
"""
