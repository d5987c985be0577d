"""Long work off the GUI thread: one worker thread, progress through signals, cancellable.

A task is a plain function ``fn(progress)`` where ``progress(percent, text)`` reports and raises
``Cancelled`` once the clerk pressed 取消. The function must not touch widgets; if it needs the
database it opens its own connection with ``core.store.open_store(path)``.
"""

from __future__ import annotations

import functools
import gc
import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from core.errors import DomainError

if TYPE_CHECKING:
    from core.store import Store

Progress = Callable[[int, str], None]


def run_with_own_store(
    runner: TaskRunner,
    parent: QWidget,
    title: str,
    store: Store,
    fn: Callable[[Store], Any],
    done: Callable[[Any], None],
    *,
    finally_: Callable[[], None] | None = None,
) -> None:
    """Run ``fn`` on the worker with its own connection (an in-memory database: right here).

    A refusal (DomainError) is shown as its Chinese message (``gui.actions.show_refusal``); a
    programming error goes on to the crash dialog. ``finally_`` runs on the GUI thread once the job
    is over, whatever its outcome.
    """
    from gui.actions import show_refusal

    if store.path is None:
        try:
            result = fn(store)
        except DomainError as error:
            if finally_ is not None:
                finally_()
            show_refusal(parent, error)
            return
        if finally_ is not None:
            finally_()
        done(result)
        return
    runner.run(parent, title, with_own_store(store, title, fn), done, on_end=finally_)


def collect_garbage_here() -> None:
    """Free unreachable Python wrappers of Qt objects on the GUI thread, before a worker starts.

    Python's cyclic garbage collector runs on whichever thread happens to allocate; run on a worker
    it could destroy a widget there, which Qt does not allow (seen as a rare crash in the print
    centre). Collecting here first leaves the worker nothing of Qt's to free.
    """
    gc.collect()


def with_own_store(store: Store, title: str, fn: Callable[[Store], Any]) -> Callable[[Progress], Any]:
    """Wrap ``fn`` for the worker: it runs with a connection of its own to ``store``'s file.

    SQLite connections must not cross threads, so the worker opens (and closes) its own, with the
    same operator and clock as the window's.
    """
    path = store.path
    if path is None:
        raise ValueError("an in-memory database cannot be opened on the worker")
    clock, actor = store.today, store.actor

    def work(progress: Progress) -> Any:
        from core.store import open_store

        progress(5, title)
        own = open_store(path, actor=actor, clock=clock)
        try:
            return fn(own)
        finally:
            own.close()

    return work


class Cancelled(Exception):
    """Raised inside a task when the clerk cancels it."""


_POOL: QThreadPool | None = None


def worker_pool() -> QThreadPool:
    """The application's one worker thread: every background task of every window and dialog
    queues here, so two jobs never run at once and no component keeps a thread pool of its own."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool(QCoreApplication.instance())
        _POOL.setMaxThreadCount(1)
        _POOL.destroyed.connect(_forget_pool)
    return _POOL


def _forget_pool() -> None:
    global _POOL
    _POOL = None


def worker_idle(timeout_ms: int = 0) -> bool:
    """Whether no task is queued or running on the worker (waiting up to ``timeout_ms``)."""
    return _POOL is None or _POOL.waitForDone(timeout_ms)


class _Signals(QObject):
    """One per runner, living on the GUI thread: tasks report through it by number, so nothing of a
    finished task (no QObject, no closure) outlives it."""

    progress = Signal(int, int, str)  # task number, percent, text
    done = Signal(int, object)  # task number, result
    failed = Signal(int, object, str)  # task number, error, traceback text


class _Task:
    """The work itself; it touches no widget and holds nothing of Qt's but the runner's signals.

    A plain object whose ``run`` the pool calls: PySide keeps every ``QRunnable`` subclass given to
    ``QThreadPool.start`` alive for the pool's lifetime, a callable only while it is queued or runs."""

    def __init__(self, number: int, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        self.number = number
        self.fn = fn
        self.signals = signals
        self.cancelled = False
        self.finished = threading.Event()

    def _progress(self, percent: int, text: str) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(self.number, percent, text)

    def run(self) -> None:
        try:
            if self.cancelled:  # cancelled while it waited for the worker
                raise Cancelled()
            result = self.fn(self._progress)
        except Cancelled as error:
            self.signals.failed.emit(self.number, error, "")
        except BaseException as error:  # reported to the GUI thread, which decides what to show
            self.signals.failed.emit(self.number, error, "".join(traceback.format_exception(error)))
        else:
            self.signals.done.emit(self.number, result)
        finally:
            self.fn = _finished  # the work's closure (and what it captured) is not kept
            self.finished.set()


def _finished(_progress: Progress) -> None:
    """What a task's work becomes once it has run."""


@dataclass
class _Pending:
    """A queued or running task as the GUI thread sees it: its callbacks and its progress dialog."""

    task: _Task
    dialog: QProgressDialog | None
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException, str], None] | None
    on_end: Callable[[], None] | None
    on_cancelled: Callable[[], None] | None
    on_progress: Callable[[int, str], None] | None
    parent: QWidget | None


class TaskRunner(QObject):
    """Runs tasks on the application's single worker (``worker_pool``) and delivers their outcome on
    the GUI thread. Each window or dialog has one, so closing it cancels just its own tasks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = worker_pool()
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._pending: dict[int, _Pending] = {}
        self._numbers = itertools.count(1)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        parent: QWidget | None,
        title: str,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None] | None = None,
        *,
        on_end: Callable[[], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_progress: Callable[[int, str], None] | None = None,
        show_progress: bool = True,
    ) -> _Task:
        """Queue ``fn`` on the worker. A progress dialog (when ``show_progress``) appears only if the
        task takes longer than half a second; its 取消 cancels the task. ``on_done(result)`` or
        ``on_error(error, traceback_text)`` runs on the GUI thread; without ``on_error`` a refusal
        (DomainError) is shown as its Chinese message and a programming error goes to the crash
        dialog. A cancelled task calls only ``on_cancelled()``; ``on_end()`` runs first whatever the
        outcome, even after a cancellation. ``on_progress(percent, text)`` sees each report (for a
        page that shows progress itself, ``show_progress=False``)."""
        collect_garbage_here()
        task = _Task(next(self._numbers), fn, self._signals)
        dialog = None
        if show_progress:
            dialog = QProgressDialog(title, "取消", 0, 100, parent)
            dialog.setWindowTitle("请稍候")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(500)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setValue(0)
            dialog.canceled.connect(functools.partial(self.cancel, task.number))
        self._pending[task.number] = _Pending(task, dialog, on_done, on_error, on_end, on_cancelled, on_progress, parent)
        self.pool.start(task.run)
        return task

    def cancel(self, number: int | None = None) -> None:
        """Cancel one task (or all of this runner's): a queued one never starts, a running one
        stops at its next progress report."""
        for key, pending in list(self._pending.items()):
            if number is not None and key != number:
                continue
            pending.task.cancelled = True
            if pending.dialog is not None:
                pending.dialog.setLabelText("正在取消……")

    def _finish(self, number: int) -> _Pending | None:
        pending = self._pending.pop(number, None)
        if pending is None:
            return None
        if pending.dialog is not None:
            pending.dialog.close()
            pending.dialog.deleteLater()
        if pending.on_end is not None:
            pending.on_end()
        return pending

    def _on_progress(self, number: int, percent: int, text: str) -> None:
        pending = self._pending.get(number)
        if pending is None:
            return
        if pending.on_progress is not None:
            pending.on_progress(percent, text)
        if pending.dialog is None:
            return
        pending.dialog.setValue(max(0, min(100, percent)))
        if text and not pending.task.cancelled:
            pending.dialog.setLabelText(text)

    def _on_done(self, number: int, result: Any) -> None:
        pending = self._finish(number)
        if pending is not None:
            pending.on_done(result)

    def _on_failed(self, number: int, error: BaseException, text: str) -> None:
        pending = self._finish(number)
        if pending is None:
            return
        if isinstance(error, Cancelled):
            if pending.on_cancelled is not None:
                pending.on_cancelled()
            return
        if pending.on_error is not None:
            pending.on_error(error, text)
        elif isinstance(error, DomainError):
            from gui.actions import show_refusal

            show_refusal(pending.parent, error)
        else:
            raise error

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until this runner's tasks have run (closing a window, tests); their outcomes are
        still delivered through the event loop afterwards. Returns whether they all ended."""
        tasks = [pending.task for pending in self._pending.values()]
        return all(task.finished.wait(timeout) for task in tasks)

    def shutdown(self) -> None:
        """Cancel this runner's tasks and wait for the running one to stop (closing its window)."""
        tasks = [pending.task for pending in self._pending.values()]
        self.cancel()
        for task in tasks:
            task.finished.wait(10)
        for number in list(self._pending):
            self._finish(number)
