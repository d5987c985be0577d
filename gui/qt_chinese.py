"""Qt's own texts that its Simplified Chinese translation (``qtbase_zh_CN``) leaves in English.

The print dialog's 页面范围 and, in 属性, the CUPS job options (作业优先级、每张纸打印页数 …) have no
Chinese in the translation Qt ships; neither have two names of the file icon provider. This
translator supplies them. It is installed before ``qtbase_zh_CN`` so that Qt, which asks the last
installed translator first, consults it only for what the shipped translation lacks.
(tests/gui/test_chinese_dialogs.py lists every text those dialogs look up and finds none left in English.)
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

MISSING: dict[tuple[str, str], str] = {
    ("QPrintSettingsOutput", "Page &Set:"): "页面范围(&S)：",
    ("QPageSetupWidget", "Page &order:"): "页序(&O)：",
    ("QPageSetupWidget", "Pages &per sheet:"): "每张纸打印页数(&P)：",
    ("QCupsJobWidget", "Scheduled &printing:"): "定时打印(&P)：",
    ("QCupsJobWidget", "&Billing information:"): "计费信息(&B)：",
    ("QCupsJobWidget", "Job &priority:"): "作业优先级(&R)：",
    ("QCupsJobWidget", "&Start:"): "开始(&S)：",
    ("QCupsJobWidget", "&End:"): "结束(&E)：",
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class MissingChinese(QTranslator):
    """Chinese for ``MISSING``; nothing for anything else.

    "Nothing" must be ``None`` (a null string to Qt): Qt takes an empty string as the translation,
    which would blank every text the shipped translation lacks (the progress bar's ``%p%``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return MISSING.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


__all__ = ["MISSING", "MissingChinese"]
