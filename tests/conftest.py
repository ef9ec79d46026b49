"""Shared fixtures: an isolated fourfold home, the real-data folder, a quiet backend."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Each test gets its own run index and download cache, never the user's."""
    home = tmp_path_factory.mktemp("fourfold-home")
    monkeypatch.setenv("FOURFOLD_HOME", str(home))
    monkeypatch.setenv("FOURFOLD_CACHE", str(home / "cache"))
    return home


def real_data_dir(*required: str) -> Path:
    """The real data folder (``FOURFOLD_DATA``), or skip the test saying why."""
    configured = os.environ.get("FOURFOLD_DATA")
    if not configured:
        pytest.skip("FOURFOLD_DATA is not set: point it at shared/data to run the real-data tests")
    folder = Path(configured)
    for name in required:
        if not (folder / name).is_dir():
            pytest.skip(f"FOURFOLD_DATA={folder} has no {name}/ folder")
    return folder


@pytest.fixture
def real_data():
    """``real_data("mnist", ...)`` gives the real data folder or skips the test."""
    return real_data_dir
