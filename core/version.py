"""The program's version, shown in 关于 and kept equal to pyproject.toml and the Windows version resource
(tests/core/test_version.py compares them)."""

from __future__ import annotations

VERSION = "0.1.0"
