"""The one way the window runs a core action: call it, show a refusal where the clerk is looking,
and tell every page what changed.

A refusal (``DomainError``) is shown by the widget the action was started from: a form that shows
refusals itself (``ShowsRefusal``: ``FormDialog`` puts it next to the field it names, a page's form
under its inputs) shows it there; any other widget shows it in a warning box. Any other exception is a
programming error and goes on, untouched, to the crash dialog (``gui.crash``). What the action
returns is broadcast through ``AppContext.notify``, from which the pages refresh and the status bar
takes its message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ParamSpec, Protocol, runtime_checkable

from PySide6.QtWidgets import QLabel, QWidget

from core.errors import DomainError
from gui import widgets

if TYPE_CHECKING:
    from core.store import Changes
    from gui.context import AppContext

P = ParamSpec("P")


@runtime_checkable
class ShowsRefusal(Protocol):
    """A form that shows a rule's refusal itself, next to the input it names."""

    def show_error(self, error: DomainError) -> None: ...


def show_refusal(where: QWidget | ShowsRefusal | None, error: DomainError) -> None:
    """``error`` shown by ``where`` when it is a form that shows refusals, else in a warning box."""
    if isinstance(where, ShowsRefusal):
        where.show_error(error)
    else:
        widgets.warn(where, str(error))


def run_action(
    ctx: AppContext | None,
    where: QWidget | ShowsRefusal | None,
    action: Callable[P, Changes],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Changes | None:
    """``action(*args, **kwargs)``; its ``Changes`` are broadcast through ``ctx`` and returned.

    A refusal is shown by ``where`` (``show_refusal``) and ``None`` returned: nothing was changed.
    ``ctx`` is ``None`` only before the window has a database (the first-run dialog)."""
    try:
        changes = action(*args, **kwargs)
    except DomainError as error:
        show_refusal(where, error)
        return None
    if ctx is not None:
        ctx.notify(changes)
    return changes


def notify_all(ctx: AppContext, done: Sequence[Changes]) -> None:
    """Broadcast what a window did in several steps (a 文件-menu dialog) as one change: the pages
    refresh once and the status bar tells every step, in order. Nothing done, nothing said."""
    if len(done) > 1:
        messages = dict.fromkeys(c.message for c in done if c.message)
        done = [replace(done[-1], ids=(), message=" ".join(messages), tables=frozenset().union(*(c.tables for c in done)))]
    for changes in done:
        ctx.notify(changes)


class RefusalLine:
    """A line of text under a page's form that shows a refusal in red (``ShowsRefusal``)."""

    def __init__(self, label: QLabel) -> None:
        self.label = label

    def show_error(self, error: DomainError) -> None:
        self.label.setStyleSheet(widgets.ERROR_STYLE)
        self.label.setText(str(error))


__all__ = ["RefusalLine", "ShowsRefusal", "notify_all", "run_action", "show_refusal"]
