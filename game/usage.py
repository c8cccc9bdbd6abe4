"""The error for a bad command-line argument, shared by the command line and plain play."""

from __future__ import annotations


class UsageError(Exception):
    """A bad command-line argument: exit code 2, one line."""
