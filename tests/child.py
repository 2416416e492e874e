"""A short Python script run in a fresh interpreter, for what only a new process shows:
which modules a path loads, which threads it starts, what it maps into memory.

The child runs from the project's root with it on ``PYTHONPATH``, offscreen Qt, and its
own arguments; the test reads the JSON it printed last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_child(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -c script args…``; fails the test with the child's stderr if it failed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr
    return out


def child_json(script: str, *args: str, timeout: float = 120) -> Any:
    """The JSON the child printed on its last line."""
    return json.loads(run_child(script, *args, timeout=timeout).stdout.strip().splitlines()[-1])
