"""The one error type of the save layer."""

from __future__ import annotations


class SaveError(Exception):
    """A save that cannot be written, read or trusted; str() is one line naming the file."""
