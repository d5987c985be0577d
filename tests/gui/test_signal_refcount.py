"""The pinned Qt binding must not leak or drop references when Python emits a signal.

PySide6-Essentials 6.12.0 dropped one reference to ``True`` on every ``Signal.emit()`` made from
Python; after a few hundred actions the interpreter aborted with ``Fatal Python error:
bool_dealloc``. These checks guard the pin in requirements.txt against that class of bug.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

EMITS = 20_000


class _Emitter(QObject):
    plain = Signal()
    value = Signal(object)
    pair = Signal(int, str)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def slot(self, *_args: Any) -> None:
        self.count += 1


def test_emitting_leaves_the_refcounts_of_true_false_and_none_unchanged(qapp: Any) -> None:
    emitter = _Emitter()
    receiver = _Receiver()
    seen: list[object] = []
    emitter.plain.connect(receiver.slot)
    emitter.value.connect(lambda value: seen.append(value) if len(seen) < 1 else None)
    emitter.pair.connect(receiver.slot)
    payload = {"changes": ("posts",)}
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None), sys.getrefcount(payload))
    for _ in range(EMITS):
        emitter.plain.emit()
        emitter.value.emit(payload)
        emitter.pair.emit(1, "一")
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None), sys.getrefcount(payload))
    assert receiver.count == 2 * EMITS
    # ``seen`` holds the payload once; nothing else may have gained or lost references.
    assert after[0] == before[0], f"True: {before[0]} → {after[0]}"
    assert after[1] == before[1], f"False: {before[1]} → {after[1]}"
    assert abs(after[2] - before[2]) <= 2, f"None: {before[2]} → {after[2]}"
    assert after[3] - before[3] == 1, f"payload: {before[3]} → {after[3]}"
