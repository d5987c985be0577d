"""党员示范岗创建管理系统 — entry point.

``python main.py`` opens the window; ``python main.py COMMAND ...`` runs a headless command
(demo, check, print, import-roster, export, backup, restore, package-export, package-import)
without importing Qt.
"""

from __future__ import annotations

import sys
import time

START_TIME = time.perf_counter()

HEADLESS_COMMANDS = frozenset(
    {"demo", "check", "print", "import-roster", "export", "backup", "restore", "package-export", "package-import"}
)


def _ensure_streams() -> None:
    """A windowed Windows build has no console: give print() somewhere harmless to write."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def fit_redirected_output(stream: object, platform: str = sys.platform, environ: dict[str, str] | None = None) -> None:
    """Chinese output of a command redirected to a file or pipe on Windows (``sfg-cli … > 日志.txt``).

    Python then writes in the ANSI code page (GBK on Chinese Windows), which cannot encode every
    name (王𠇔, Extension B) and would stop the command half-way. GB 18030 encodes every character
    and is what GBK readers (Notepad, findstr) expect; a non-UTF-8 stream elsewhere at least
    replaces what it cannot encode. An interactive console and PYTHONIOENCODING are left alone."""
    import os

    environ = dict(os.environ) if environ is None else environ
    reconfigure = getattr(stream, "reconfigure", None)
    encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
    if reconfigure is None or "PYTHONIOENCODING" in environ or encoding in ("utf8", "utf8sig", "gb18030"):
        return
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return
    if platform == "win32":
        reconfigure(encoding="gb18030", errors="replace")
    else:
        reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    _ensure_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS_COMMANDS:
        fit_redirected_output(sys.stdout)
        fit_redirected_output(sys.stderr)
        if args[0] == "print":
            from reports.cli import run_print

            return run_print(args[1:])
        from core.cli import run

        return run(args)
    from gui.app import run_gui

    return run_gui(args, start_time=START_TIME)


if __name__ == "__main__":
    sys.exit(main())
