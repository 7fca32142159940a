"""Shared fixtures: the CLI runner and a folder for a user's own records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journeys.cli import main

RunCli = Callable[..., Result]


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
