"""The installed package carries its records and geodata: build the wheel, install it, run it elsewhere."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding only the wheel; dependencies come from this environment."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(base / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = (base / "dist").glob("journeys-*.whl")
    env_dir = base / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True)
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies, appended after the wheel's own site-packages (this checkout's editable hook is not run)
    Path(site, "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir


def test_the_wheel_lists_the_bundled_journeys_from_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([installed / "bin" / "journeys", "list"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    for journey_id in ("2025-beijing", "2019-hanoi", "2023-russia"):
        assert journey_id in result.stdout


def test_the_wheel_runs_its_own_copy(installed: Path, tmp_path: Path) -> None:
    code = "import journeys, journeys.data_paths as d; print(journeys.__file__); print(d.geodata_dir())"
    result = subprocess.run([installed / "bin" / "python", "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            check=True)
    package, geodata = result.stdout.split()
    assert package.startswith(str(installed)) and geodata.startswith(str(installed))
    assert Path(geodata, "places").is_dir() and Path(geodata, "network").is_dir()
