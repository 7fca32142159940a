"""Shared fixtures: the CLI runner and a folder for a user's own records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journeys.cli import main

RunCli = Callable[..., Result]


def record_header(journey_id: str, title: str, year: int) -> str:
    """The first lines of a test record: its identity and one source, ``s1``."""
    return (
        f"id: {journey_id}\ntitle: {title}\ntraveller: Someone\nyear: {year}\n"
        "sources:\n  - id: s1\n    publisher: Test Gazette\n    title: A story\n    url: https://example.org/story\n"
    )


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep each test away from the real user's records folder and geocoding cache."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("JOURNEYS_RECORDS", raising=False)


@pytest.fixture
def run_cli() -> RunCli:
    """Run a journeys command in-process; exceptions are caught so tests can assert none escaped."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=True)

    return run


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "my-records"
    folder.mkdir()
    return folder
