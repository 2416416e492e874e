"""The bundled data is found from an installed wheel, not only from a checkout.

Builds the wheel, installs it into a fresh venv (with the already-installed
dependencies visible, so nothing is downloaded twice) and runs the console script
from outside the checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_installs_and_finds_its_exercises(tmp_path):
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                            str(dist), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("cipn_coach-*.whl"))
    with zipfile.ZipFile(wheel) as files:  # compiled by hatch_build.py: .mo is not in git
        assert "cipn_coach/locale/zh_HK/LC_MESSAGES/cipn_coach.mo" in files.namelist()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # make this interpreter's site-packages (the dependencies) visible to the new venv
    site = next(p for p in sys.path if p.endswith("site-packages"))
    pth = next((env_dir / "lib").glob("python3*/site-packages")) / "deps.pth"
    pth.write_text(site + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    result = subprocess.run([str(env_dir / "bin" / "cipn-coach"), "exercises", "--json"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    chinese = subprocess.run([str(env_dir / "bin" / "cipn-coach"), "--lang", "zh-HK", "profile",
                              "--data-dir", str(tmp_path / "data")], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120,
                             env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert chinese.stdout.startswith("姓名："), chinese.stderr
    exercises = json.loads(result.stdout)
    assert len(exercises) >= 14
    where = subprocess.run([str(python), "-c", "from cipn_coach import paths; "
                            "print(paths.exercises_dir()); print(paths.assets_dir())"],
                           cwd=tmp_path, capture_output=True, text=True, check=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    for line in where.stdout.split():
        assert str(ROOT) not in line and "_data" in line
    svg = Path(where.stdout.split()[1]) / exercises[0]["illustration"]
    assert svg.is_file()
