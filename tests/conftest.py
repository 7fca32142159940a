"""Shared fixtures: the CLI runner, a folder for a user's own records, and a test run that never reads the user's.

The tests must give the same result on a machine where someone has added trips of their own (or
broken one): ``journeys`` reads the per-user records folder and geocoding cache from HOME and the XDG
variables. So :func:`pytest_configure`, which runs before any test module is imported (some collect
the bundled journeys at import time, to parametrize over them), points HOME and every XDG folder at
an empty temporary home for the whole run, and the session fixture :func:`isolated_home` checks it
stays so; each test then gets its own data, cache and state folders as well.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from journeys.cli import main

#: The variables through which journeys (and the libraries it uses) find a user's files.
#: Property tests state laws, not timings: on a busy machine an example may take longer than
#: hypothesis's default 200 ms deadline, and that must not fail a law that holds.
settings.register_profile("laws", deadline=None)
settings.load_profile("laws")

USER_VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME")
_REAL: dict[str, str | None] = {}
_HOME: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    """Before collection: an empty HOME and XDG folders for the whole run; JOURNEYS_RECORDS unset."""
    home = Path(tempfile.mkdtemp(prefix="journeys-test-home-"))
    _HOME.append(home)
    for name in (*USER_VARIABLES, "JOURNEYS_RECORDS"):
        _REAL[name] = os.environ.get(name)
    os.environ["HOME"] = str(home)
    for name, folder in (("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                         ("XDG_STATE_HOME", ".local/state"), ("XDG_CONFIG_HOME", ".config")):
        os.environ[name] = str(home / folder)
    os.environ.pop("JOURNEYS_RECORDS", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Give the environment back and remove the temporary home."""
    for name, value in _REAL.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    for home in _HOME:
        shutil.rmtree(home, ignore_errors=True)
    _HOME.clear()


@pytest.fixture(autouse=True, scope="session")
def isolated_home() -> Iterator[Path]:
    """The run's temporary home; a test that left HOME pointing elsewhere would fail here, not silently."""
    home = Path(os.environ["HOME"])
    assert _HOME and home == _HOME[-1], "HOME was not isolated before the tests were collected"
    yield home
    assert Path(os.environ["HOME"]) == home, "a test changed HOME for the rest of the run"

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
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
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
