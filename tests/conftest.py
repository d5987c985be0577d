"""Shared fixtures. Qt runs offscreen in every test run, not only in CI."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Properties are about rules, not speed: no per-example deadline (a busy CI machine is slow), and
# in CI the same examples every run, so a failure there is reproducible rather than a flake.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")

from core.enums import OrgType  # noqa: E402
from core.org import setup_organization  # noqa: E402
from core.store import Store, open_memory_store, open_store  # noqa: E402

TODAY = date(2026, 11, 21)


class Clock:
    """A settable 'today' for the rules that compare dates with today."""

    def __init__(self, day: date = TODAY) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> Iterator[Store]:
    """An empty in-memory store with a street organization."""
    s = open_memory_store(clock=clock)
    setup_organization(s, name="测试街道党工委", org_type=OrgType.STREET, supervision_phone="010-12345678")
    yield s
    s.close()


@pytest.fixture
def hospital_store(clock: Clock) -> Iterator[Store]:
    s = open_memory_store(clock=clock)
    setup_organization(s, name="测试医院党委", org_type=OrgType.HOSPITAL, supervision_phone="010-87654321")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database built once per run (copy it before writing to it)."""
    from core.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = open_store(path)
    build_demo(s, members=200, seed=3, today=TODAY)
    s.close()
    return path


@pytest.fixture
def demo_store(demo_db_path: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of the session's 200-member demo database, 'today' fixed."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db_path, path)
    store = open_store(path, clock=lambda: TODAY)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _no_thread_left_behind() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t not in before and t.is_alive() and not t.daemon]
    for t in left:
        t.join(timeout=5)
    still = [t.name for t in left if t.is_alive()]
    assert not still, f"threads left running: {still}"
    worker = sys.modules.get("gui.worker")
    if worker is not None:  # the application's QThreadPool worker is no Python thread: ask it
        assert worker.worker_idle(5000), "a task is still queued or running on the worker"
