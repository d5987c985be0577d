"""Where a command's Chinese output goes when it is redirected to a file or a pipe."""

from __future__ import annotations

import os
import sys


def fit_redirected_output(stream: object, platform: str = sys.platform, environ: dict[str, str] | None = None) -> None:
    """Chinese output of a command redirected to a file or pipe on Windows (``sfg-cli … > 日志.txt``).

    Python then writes in the ANSI code page (GBK on Chinese Windows), which cannot encode every
    name (王𠇔, Extension B) and would stop the command half-way. GB 18030 encodes every character
    and is what GBK readers (Notepad, findstr) expect; a non-UTF-8 stream elsewhere at least
    replaces what it cannot encode. An interactive console and PYTHONIOENCODING are left alone."""
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
