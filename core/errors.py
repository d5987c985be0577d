"""Errors raised by core: a DomainError carries a Chinese sentence meant for the clerk."""

from __future__ import annotations


class DomainError(Exception):
    """A refused action. ``str(error)`` is a complete Chinese sentence shown to the user as is.

    ``field`` optionally names the input that caused the refusal so the window can show the
    message next to it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFoundError(DomainError):
    """The record the action refers to does not exist (any more)."""


class DatabaseTooNewError(DomainError):
    """The database file was written by a newer version of the program."""


class DatabaseLockedError(DomainError):
    """Another copy of the program has the database open."""
