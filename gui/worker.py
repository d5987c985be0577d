"""Long work off the GUI thread: one worker thread, progress through signals, cancellable.

A task is a plain function ``fn(progress)`` where ``progress(percent, text)`` reports and raises
``Cancelled`` once the clerk pressed 取消. The function must not touch widgets; if it needs the
database it opens its own connection with ``core.store.open_store(path)``.
"""

from __future__ import annotations

import gc
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
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

    A refusal (DomainError) is shown as its Chinese message; a programming error goes on to the crash
    dialog. ``finally_`` runs on the GUI thread once the job is over, whatever its outcome.
    """
    from gui import widgets

    def finish() -> None:
        if finally_ is not None:
            finally_()

    def succeeded(result: Any) -> None:
        finish()
        done(result)

    def failed(error: BaseException, text: str) -> None:
        finish()
        if isinstance(error, DomainError):
            widgets.warn(parent, str(error))
        elif text:
            raise error

    if store.path is None:
        try:
            result = fn(store)
        except DomainError as error:
            failed(error, "")
            return
        succeeded(result)
        return
    runner.run(parent, title, with_own_store(store, title, fn), succeeded, failed)


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


class _Signals(QObject):
    progress = Signal(int, str)
    done = Signal(object)
    failed = Signal(object, str)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(False)

    def _progress(self, percent: int, text: str) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(percent, text)

    def run(self) -> None:
        try:
            result = self.fn(self._progress)
        except Cancelled as error:
            self.signals.failed.emit(error, "")
        except BaseException as error:  # reported to the GUI thread, which decides what to show
            self.signals.failed.emit(error, "".join(traceback.format_exception(error)))
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """The single worker of the application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._tasks: list[_Task] = []

    def run(
        self,
        parent: QWidget | None,
        title: str,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None] | None = None,
    ) -> _Task:
        collect_garbage_here()
        task = _Task(fn)
        dialog = QProgressDialog(title, "取消", 0, 100, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)

        def cancel() -> None:
            task.cancelled = True
            dialog.setLabelText("正在取消……")

        def finish() -> None:
            dialog.canceled.disconnect(cancel)
            dialog.close()
            dialog.deleteLater()
            if task in self._tasks:
                self._tasks.remove(task)

        def progress(percent: int, text: str) -> None:
            dialog.setValue(max(0, min(100, percent)))
            if text and not task.cancelled:
                dialog.setLabelText(text)

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(error: BaseException, text: str) -> None:
            finish()
            if isinstance(error, Cancelled):
                return
            if on_error is not None:
                on_error(error, text)
            elif isinstance(error, DomainError):
                from gui import widgets

                widgets.warn(parent, str(error))
            else:
                raise error

        dialog.canceled.connect(cancel)
        task.signals.progress.connect(progress)
        task.signals.done.connect(done)
        task.signals.failed.connect(failed)
        self._tasks.append(task)
        self.pool.start(task)
        return task

    def run_and_wait(self, parent: QWidget | None, title: str, fn: Callable[[Progress], Any]) -> Any:
        """Run a task while the event loop keeps the progress dialog alive; return its result.

        Raises Cancelled when the clerk cancelled, or the task's own error.
        """
        loop = QEventLoop()
        outcome: dict[str, Any] = {}

        def done(result: Any) -> None:
            outcome["result"] = result
            loop.quit()

        def error(err: BaseException, _text: str) -> None:
            outcome["error"] = err
            loop.quit()

        task = self.run(parent, title, fn, done, error)
        task.signals.failed.connect(lambda err, _t: (outcome.setdefault("error", err), loop.quit()))
        loop.exec()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    def shutdown(self) -> None:
        for task in self._tasks:
            task.cancelled = True
        self.pool.waitForDone(10000)
