"""Errors of the ingest area that callers turn into one clear message."""
from __future__ import annotations


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; nothing was written.

    The message is one line of Chinese meant for the analyst (CLI: ``workbench: 错误：…``).
    """
