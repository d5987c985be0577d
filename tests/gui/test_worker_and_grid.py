"""The single worker (progress, cancel, errors) and keyboard entry in the editable grids."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.errors import DomainError
from gui.grid import EditGridView
from gui.pages.evaluation import BallotGridModel, BallotRow
from gui.worker import TaskRunner


def test_task_runs_off_the_gui_thread_and_reports(qtbot: Any) -> None:
    runner = TaskRunner()
    seen: dict[str, Any] = {}

    def work(progress: Any) -> str:
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        progress(50, "一半")
        return "完成"

    runner.run(None, "测试", work, lambda result: seen.setdefault("result", result))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen == {"thread": True, "result": "完成"}
    runner.shutdown()


def test_task_can_be_cancelled(qtbot: Any) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def work(progress: Any) -> None:
        started.set()
        for i in range(500):
            time.sleep(0.01)
            progress(i // 5, "处理中")

    ended: list[str] = []
    task = runner.run(None, "测试", work, lambda _r: pytest.fail("should have been cancelled"),
                      on_cancelled=lambda: ended.append("cancelled"), on_end=lambda: ended.append("end"))
    assert started.wait(5)
    runner.cancel(task.number)  # what the progress dialog's 取消 button does
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert ended == ["end", "cancelled"]
    runner.shutdown()


def test_a_queued_task_cancelled_never_runs(qtbot: Any) -> None:
    runner = TaskRunner()
    release = threading.Event()
    ran: list[int] = []
    runner.run(None, "测试", lambda _p: release.wait(5), lambda _r: ran.append(1), show_progress=False)
    cancelled: list[bool] = []
    queued = runner.run(None, "测试", lambda _p: ran.append(2), lambda _r: None, show_progress=False,
                        on_cancelled=lambda: cancelled.append(True))
    runner.cancel(queued.number)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert ran == [1] and cancelled == [True]
    runner.shutdown()


def test_finished_tasks_are_freed_and_every_runner_shares_one_worker(qtbot: Any) -> None:
    import gc
    import weakref

    from gui.worker import worker_idle, worker_pool

    first, second = TaskRunner(), TaskRunner()
    assert first.pool is second.pool is worker_pool() and worker_pool().maxThreadCount() == 1
    refs: list[weakref.ref[Any]] = []
    results: list[int] = []
    for number in range(50):
        runner = first if number % 2 else second
        task = runner.run(None, "测试", lambda _p, n=number: n, results.append)
        refs.append(weakref.ref(task))
        refs.append(weakref.ref(runner._pending[task.number].dialog))
    del task
    qtbot.waitUntil(lambda: len(results) == 50, timeout=10_000)
    assert worker_idle(5000)
    QApplication.sendPostedEvents(None, 0)  # the progress dialogs' deleteLater
    gc.collect()
    alive = [ref() for ref in refs if ref() is not None]
    assert alive == [], f"{len(alive)} finished tasks or dialogs still alive"
    first.shutdown()
    second.shutdown()


def test_domain_error_from_task_is_shown(qtbot: Any, driver: Any) -> None:
    runner = TaskRunner()

    def work(_progress: Any) -> None:
        raise DomainError("磁盘空间已满。")

    runner.run(None, "测试", work, lambda _r: None)
    qtbot.waitUntil(lambda: bool(driver.warnings), timeout=5000)
    assert driver.warnings == ["磁盘空间已满。"]
    runner.shutdown()


def test_enter_moves_down_in_the_ballot_grid(qtbot: Any) -> None:
    model = BallotGridModel()
    model.threshold = 0.8
    model.set_rows([BallotRow(1, "甲", "个人", "张三"), BallotRow(2, "乙", "个人", "李四")])
    model.set_returned(10)
    view = EditGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    view.setCurrentIndex(model.index(0, 3))
    qtbot.keyClicks(view, "8")
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert model.rows[0].satisfied == 8
    assert view.currentIndex().row() == 1 and view.currentIndex().column() == 3
