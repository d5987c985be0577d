"""What an empty 工作台 shows: the first steps of a new office (``core.setup_steps``), each with the
buttons that do it, ticked off as they are done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.setup_steps import SetupStep, setup_finished

# What each step's buttons do: a method of the main window, or a (page key, page method) pair.
Target = str | tuple[str, str]
STEP_BUTTONS: dict[str, tuple[tuple[str, Target], ...]] = {
    "members": (("导入党员名册…", "import_roster"), ("保存名册模板…", "roster_template"), ("新建单位…", ("members", "add_unit"))),
    "batch": (("新建创建年度…", ("posts", "new_year")), ("新建批次…", ("posts", "new_batch"))),
    "nominate": (("提名示范岗…", ("posts", "nominate")),),
    "confirm": (),
    "packages": (("导入交换包…", "exchange"),),
    "statistics": (),
}

STYLE = ("QFrame#firstSteps { background: #fbf7f2; border: 1px solid #e6ddd0; border-radius: 6px; }"
         "QLabel#stepMark { font-size: 18px; font-weight: bold; color: #c8102e; }"
         "QLabel#stepDone { font-size: 18px; font-weight: bold; color: #2e7d32; }")


class FirstStepsPanel(QFrame):
    """The first steps in order: a number (a tick once done), what to do, and buttons that do it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstSteps")
        self.setStyleSheet(STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        head = QHBoxLayout()
        title = QLabel("开始使用：请按下面的顺序办理")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        head.addWidget(title)
        head.addStretch(1)
        self.guide_button = QPushButton("操作流程（F1）")
        self.guide_button.clicked.connect(lambda: self._run("guide"))
        head.addWidget(self.guide_button)
        outer.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(1, 1)
        outer.addLayout(self.grid)
        outer.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}

    def show_steps(self, steps: list[SetupStep]) -> bool:
        """Show ``steps``; hidden (False returned) once the first steps are behind the office."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        for row, step in enumerate(steps):
            mark = QLabel("✓" if step.done else str(row + 1))
            mark.setObjectName("stepDone" if step.done else "stepMark")
            self.grid.addWidget(mark, row, 0)
            text = QLabel(f"<b>{step.title}</b>{'（已完成）' if step.done else ''}<br>{step.text}")
            text.setWordWrap(True)
            self.grid.addWidget(text, row, 1)
            actions = QWidget()
            line = QHBoxLayout(actions)
            line.setContentsMargins(0, 0, 0, 0)
            for caption, target in STEP_BUTTONS.get(step.key, ()):
                button = QPushButton(caption)
                button.clicked.connect(self._runner(target))
                line.addWidget(button)
                self.buttons[caption] = button
            line.addStretch(1)
            self.grid.addWidget(actions, row, 2)
        showing = not setup_finished(steps)
        self.setVisible(showing)
        return showing

    def _runner(self, target: Target) -> Callable[[], None]:
        return lambda: self._run(target)

    def _run(self, target: Target) -> None:
        window = self.window()
        if isinstance(target, str):
            getattr(window, target)()
            return
        key, method = target
        window.go_to(key)  # type: ignore[attr-defined]
        getattr(window.page(key), method)()  # type: ignore[attr-defined]


__all__ = ["STEP_BUTTONS", "FirstStepsPanel"]
