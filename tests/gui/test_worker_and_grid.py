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
from gui.worker import Cancelled, TaskRunner


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

    task = runner.run(None, "测试", work, lambda _r: pytest.fail("should have been cancelled"))
    assert started.wait(5)
    task.cancelled = True  # what the progress dialog's 取消 button does
    assert runner.pool.waitForDone(5000)
    qtbot.waitUntil(lambda: not runner._tasks, timeout=5000)
    runner.shutdown()


def test_run_and_wait_raises_when_cancelled(qtbot: Any) -> None:
    runner = TaskRunner()

    def work(_progress: Any) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        runner.run_and_wait(None, "测试", work)
    runner.shutdown()


def test_domain_error_from_task_is_shown(qtbot: Any, driver: Any) -> None:
    runner = TaskRunner()

    def work(_progress: Any) -> None:
        raise DomainError("磁盘空间已满。")

    with pytest.raises(DomainError):
        runner.run_and_wait(None, "测试", work)
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
