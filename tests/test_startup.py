"""What starting a command sets up: OpenBLAS keeps to one thread unless the user asked for more."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import os, journeys.cli, numpy\nprint(os.environ.get('OPENBLAS_NUM_THREADS'))"


def _probe(**variables: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | variables
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env).stdout.strip()


def test_the_command_starts_numpy_with_one_blas_thread() -> None:
    assert _probe() == "1"


def test_a_users_own_thread_count_is_kept() -> None:
    assert _probe(OPENBLAS_NUM_THREADS="3") == "3"
