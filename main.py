"""党员示范岗创建管理系统 — entry point.

``python main.py`` opens the window; ``python main.py COMMAND ...`` runs one of the commands in
``cli.COMMANDS`` without importing Qt.
"""

from __future__ import annotations

import sys
import time

START_TIME = time.perf_counter()


def _ensure_streams() -> None:
    """A windowed Windows build has no console: give print() somewhere harmless to write."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    _ensure_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    import cli

    if args and args[0] in cli.NAMES:
        return cli.main(args)
    from gui.app import run_gui

    return run_gui(args, start_time=START_TIME)


if __name__ == "__main__":
    sys.exit(main())
